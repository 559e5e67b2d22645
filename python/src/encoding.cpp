// encoding.cpp — `_airtok.EncodingBase`, the native half of `airtok.Encoding`.
//
// Every method is a thin client of airtok::Encoding: it converts the arguments (convert.hpp),
// releases the GIL for the C++ work, and converts the result. Special-token handling, batching,
// decoding and all error checks are the C++ API's; only the shapes of tiktoken's Python results
// and exceptions are made here. airtok/core.py subclasses this class and adds what is Python
// (pickling, cached dictionaries, repr).
#include "convert.hpp"
#include "core/encoding_access.hpp"
#include "module.hpp"

#include <airtok/registry.hpp>

#include <pybind11/numpy.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <future>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <thread>

namespace airtok::python {

namespace {

/// The native state of one Python Encoding: the (shared, immutable) C++ encoding and the int
/// objects of its ids.
struct PyEncoding {
  explicit PyEncoding(Encoding e) : enc(std::move(e)), ints(enc.n_vocab()) {}
  Encoding enc;
  IntCache ints;
};

/// Runs `work` with the GIL released.
template <typename F>
auto nogil(F&& work) {
  py::gil_scoped_release release;
  return work();
}

[[noreturn]] void raise_key_error(py::handle key) {
  PyErr_SetObject(PyExc_KeyError, key.ptr());
  throw py::error_already_set();
}

/// tiktoken's KeyError for decode_bytes / decode: "Invalid token for decoding: N".
[[noreturn]] void raise_invalid_token(const InvalidTokenError& e) {
  if (!e.token()) raise_key_error(py::str(e.what()));
  raise_key_error(py::str("Invalid token for decoding: " + std::to_string(*e.token())));
}

/// The UnicodeDecodeError Python's strict decode of `bytes` raises, built from what the library
/// found (no second decode).
[[noreturn]] void raise_unicode_decode_error(const std::string& bytes, const Utf8Error& e) {
  PyObject* error = PyUnicodeDecodeError_Create(
      "utf-8", bytes.data(), static_cast<Py_ssize_t>(bytes.size()),
      static_cast<Py_ssize_t>(e.offset()), static_cast<Py_ssize_t>(e.offset() + e.length()),
      e.reason().c_str());
  if (error == nullptr) throw py::error_already_set();
  PyErr_SetObject(PyExc_UnicodeDecodeError, error);
  Py_DECREF(error);
  throw py::error_already_set();
}

std::string decode_bytes_checked(const Encoding& enc, const std::vector<Rank>& ids) {
  try {
    return nogil([&] { return enc.decode_bytes(ids); });
  } catch (const InvalidTokenError& e) {
    raise_invalid_token(e);
  }
}

std::vector<std::vector<Rank>> batch_of_ranks(py::handle batch) {
  std::vector<std::vector<Rank>> out;
  for (py::handle tokens : py::iter(batch)) out.push_back(ranks_of(tokens));
  return out;
}

/// The texts of a batch call as views of their UTF-8, not copies. Each Text keeps a reference
/// to its str (whose UTF-8 form Python keeps with it), so the views stay valid while the GIL is
/// released, even if another thread empties the list the texts came from.
class BatchTexts {
 public:
  explicit BatchTexts(py::handle texts) {
    if (PyList_Check(texts.ptr())) {
      const auto n = static_cast<std::size_t>(PyList_GET_SIZE(texts.ptr()));
      owners_.reserve(n);
      views_.reserve(n);
    }
    for (py::handle text : py::iter(texts)) {
      owners_.emplace_back(text, "text");
      views_.push_back(owners_.back().view());
    }
  }
  std::span<const std::string_view> views() const noexcept { return views_; }

 private:
  std::vector<Text> owners_;
  std::vector<std::string_view> views_;
};

py::list lists_of(const std::vector<std::vector<Rank>>& batch, IntCache& ints) {
  py::list out(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) out[i] = list_of(batch[i], ints);
  return out;
}

/// encode_ordinary_batch as lists. Building the lists needs the GIL, so it is serial however
/// many threads encode; done after the whole batch, two threads gained far less than in C++. So
/// the batch is cut into parts of about 256 KB, encoded in order of a shared counter by an
/// encoding thread (on `threads - 1` threads of its own) and by this thread, which builds the
/// lists of each part as soon as it and the parts before it are done, and encodes the next
/// unclaimed part (without the GIL) whenever the part it needs is not done yet. So with two
/// threads both cores encode or build lists all the time, instead of two encoding threads and
/// this one sharing them. The encoding thread lives for the whole call, so its per-thread caches
/// warm up once per call, not once per part.
py::list encode_ordinary_lists(const Encoding& enc, std::span<const std::string_view> batch,
                               unsigned threads, IntCache& ints) {
  constexpr std::size_t kPartBytes = 1 << 18;
  std::vector<std::size_t> starts{0};  // part k is batch[starts[k], starts[k + 1])
  for (std::size_t i = 0, bytes = 0; i < batch.size(); ++i) {
    bytes += batch[i].size();
    if (bytes >= kPartBytes && i + 1 < batch.size()) {
      starts.push_back(i + 1);
      bytes = 0;
    }
  }
  starts.push_back(batch.size());
  const std::size_t parts = starts.size() - 1;
  if (threads <= 1 || parts == 1) {  // nothing to overlap: all on this thread, caches warm
    return lists_of(nogil([&] { return enc.encode_ordinary_batch(batch, threads); }), ints);
  }
  using Part = std::vector<std::vector<Rank>>;
  std::vector<std::promise<Part>> encoded(parts);
  std::vector<std::future<Part>> ready;
  ready.reserve(parts);
  for (auto& p : encoded) ready.push_back(p.get_future());
  std::atomic<std::size_t> next{0};  // the next part nobody has claimed
  std::atomic<bool> stop{false};
  // Encodes part k on `with` threads; never touches Python objects.
  auto encode_part = [&](std::size_t k, unsigned with) {
    try {
      const auto part = batch.subspan(starts[k], starts[k + 1] - starts[k]);
      encoded[k].set_value(enc.encode_ordinary_batch(part, with));
    } catch (...) {
      encoded[k].set_exception(std::current_exception());
    }
  };
  // The encoding thread stops claiming parts when this thread leaves early (an exception while
  // building lists), and is always joined.
  std::thread encoder([&] {
    for (std::size_t k; !stop.load(std::memory_order_relaxed) && (k = next++) < parts;) {
      encode_part(k, threads - 1);
    }
  });
  struct Join {
    std::thread& t;
    std::atomic<bool>& stop;
    ~Join() {
      stop = true;
      const py::gil_scoped_release released;  // other Python threads run while the part ends
      t.join();
    }
  } join{encoder, stop};
  py::list out(batch.size());
  for (std::size_t k = 0; k < parts; ++k) {
    using namespace std::chrono_literals;
    while (ready[k].wait_for(0s) != std::future_status::ready) {
      const std::size_t mine = next++;
      nogil([&] {
        if (mine < parts) {
          encode_part(mine, 1);
        } else {
          ready[k].wait();
        }
      });
    }
    const Part part = ready[k].get();
    for (std::size_t i = 0; i < part.size(); ++i) out[starts[k] + i] = list_of(part[i], ints);
  }
  return out;
}

py::array_t<Rank> numpy_of(std::vector<Rank> ids) {
  auto owned = std::make_unique<std::vector<Rank>>(std::move(ids));
  std::vector<Rank>* data = owned.get();
  py::capsule owner(data, [](void* p) { delete static_cast<std::vector<Rank>*>(p); });
  owned.release();  // the capsule owns it now
  return py::array_t<Rank>({data->size()}, {sizeof(Rank)}, data->data(), owner);
}

/// Calls `f(key, value)` for each item of a dict (fast path) or of any other mapping.
template <typename F>
void for_each_item(py::handle mapping, const char* argument, F&& f) {
  if (PyDict_Check(mapping.ptr())) {
    for (auto item : py::reinterpret_borrow<py::dict>(mapping)) f(item.first, item.second);
    return;
  }
  if (!py::hasattr(mapping, "items")) {
    throw py::type_error(std::string(argument) + " must be a dict, not " +
                         Py_TYPE(mapping.ptr())->tp_name);
  }
  for (py::handle item : mapping.attr("items")()) {
    const py::tuple pair = py::reinterpret_borrow<py::object>(item);
    if (pair.size() != 2) throw py::type_error(std::string(argument) + ".items() must give pairs");
    f(pair[0], pair[1]);
  }
}

MergeableRanks ranks_from_mapping(py::handle mergeable_ranks) {
  MergeableRanks out;
  out.reserve(static_cast<std::size_t>(py::len(mergeable_ranks)));
  for_each_item(mergeable_ranks, "mergeable_ranks", [&](py::handle key, py::handle value) {
    out.emplace_back(bytes_of(key, "mergeable_ranks key"), rank_of(value));
  });
  return out;
}

// The packed form of mergeable ranks used by pickling: for each token, its rank and its length
// (little-endian uint32 each), then its bytes. Building an encoding from it needs no dict.
py::bytes pack_ranks(const MergeableRanks& ranks) {
  std::string out;
  std::size_t size = 0;
  for (const auto& [bytes, rank] : ranks) size += 8 + bytes.size();
  out.reserve(size);
  auto put = [&out](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
  };
  for (const auto& [bytes, rank] : ranks) {
    put(rank);
    put(static_cast<std::uint32_t>(bytes.size()));
    out += bytes;
  }
  return bytes_from(out);
}

MergeableRanks unpack_ranks(std::string_view packed) {
  MergeableRanks out;
  auto get = [&packed](std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(packed[at + i]);
    return v;
  };
  for (std::size_t at = 0; at < packed.size();) {
    if (packed.size() - at < 8) throw py::value_error("malformed packed mergeable ranks");
    const Rank rank = get(at);
    const std::size_t len = get(at + 4);
    if (packed.size() - at - 8 < len) throw py::value_error("malformed packed mergeable ranks");
    out.emplace_back(std::string(packed.substr(at + 8, len)), rank);
    at += 8 + len;
  }
  return out;
}

std::unique_ptr<PyEncoding> create(std::string name, std::string pat_str, py::handle ranks,
                                   py::handle special_tokens, std::optional<std::size_t> n_vocab) {
  MergeableRanks mergeable = PyBytes_Check(ranks.ptr())
                                 ? unpack_ranks(py::reinterpret_borrow<py::bytes>(ranks))
                                 : ranks_from_mapping(ranks);
  SpecialTokens specials;
  for_each_item(special_tokens, "special_tokens", [&](py::handle key, py::handle value) {
    if (!PyUnicode_Check(key.ptr())) throw py::type_error("special_tokens keys must be str");
    specials.emplace(key.cast<std::string>(), rank_of(value));
  });
  // tiktoken checks explicit_n_vocab only when it is truthy.
  if (n_vocab && *n_vocab == 0) n_vocab.reset();
  return std::make_unique<PyEncoding>(nogil([&] {
    return Encoding::create(std::move(name), std::move(pat_str), std::move(mergeable),
                            std::move(specials), n_vocab);
  }));
}

py::dict special_tokens_dict(const Encoding& enc) {
  py::dict out;
  for (const auto& [text, rank] : enc.special_tokens()) out[py::str(text)] = py::int_(rank);
  return out;
}

/// The default of `allowed_special` (tiktoken's is `set()`; an immutable one is safer here).
py::object empty_frozenset() {
  PyObject* set = PyFrozenSet_New(nullptr);
  if (set == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(set);
}

/// The text argument and the two special-token arguments in tiktoken's forms, converted once.
struct EncodeArgs {
  EncodeArgs(py::handle text_arg, py::handle allowed_arg, py::handle disallowed_arg)
      : text(text_arg, "text"),
        allowed(special_set_of(allowed_arg, true)),
        disallowed(special_set_of(disallowed_arg, false)) {}
  Text text;
  SpecialSet allowed;
  SpecialSet disallowed;
};

constexpr const char* kEncodeDoc = R"doc(
Encodes a string into tokens, as tiktoken's ``Encoding.encode``.

Special tokens are disallowed by default: text that contains one raises ValueError (with
tiktoken's message) unless it is in ``allowed_special`` (then it becomes the special token) or
``disallowed_special`` leaves it out (then it is ordinary text). Both take ``"all"`` or a
collection of special-token strings. The GIL is released while encoding.

>>> enc.encode("hello world")
[15339, 1917]
>>> enc.encode("<|endoftext|>", allowed_special="all")
[100257]
>>> enc.encode("<|endoftext|>", disallowed_special=())
[27, 91, 8862, 728, 428, 91, 29]
)doc";

void bind_construction(py::class_<PyEncoding>& cls) {
  cls.def(py::init([](const std::string& name) {
            return std::make_unique<PyEncoding>(get_encoding(name));
          }),
          py::arg("name"), "The built-in encoding `name` (no file, no network).");
  cls.def(py::init(&create), py::arg("name"), py::arg("pat_str"), py::arg("mergeable_ranks"),
          py::arg("special_tokens"), py::arg("explicit_n_vocab") = py::none(),
          "A custom encoding, validated as tiktoken's constructor does.");
  cls.def_property_readonly(
      "name", [](const PyEncoding& s) { return s.enc.name(); }, "The encoding's name.");
  cls.def_property_readonly(
      "_pat_str", [](const PyEncoding& s) { return s.enc.pattern(); },
      "The pre-tokenizer pattern, as given.");
  cls.def_property_readonly(
      "max_token_value", [](const PyEncoding& s) { return s.enc.max_token_value(); },
      "The largest ordinary or special token id.");
  cls.def_property_readonly(
      "n_vocab", [](const PyEncoding& s) { return s.enc.n_vocab(); },
      "max_token_value + 1, as tiktoken's n_vocab.");
  cls.def_property_readonly(
      "eot_token",
      [](const PyEncoding& s) {
        const auto it = s.enc.special_tokens().find("<|endoftext|>");
        if (it == s.enc.special_tokens().end()) raise_key_error(py::str("<|endoftext|>"));
        return it->second;
      },
      "The id of <|endoftext|> (KeyError if the encoding has none).");
  cls.def("_special_tokens_dict", [](const PyEncoding& s) { return special_tokens_dict(s.enc); });
  cls.def("_mergeable_ranks_dict", [](const PyEncoding& s) {
    const MergeableRanks ranks = s.enc.mergeable_ranks();
    py::dict out;
    for (const auto& [bytes, rank] : ranks) out[bytes_from(bytes)] = py::int_(rank);
    return out;
  });
  cls.def("_packed_ranks", [](const PyEncoding& s) { return pack_ranks(s.enc.mergeable_ranks()); });
  cls.def("_is_builtin", [](const PyEncoding& s) {
    const auto names = list_encoding_names();
    if (std::find(names.begin(), names.end(), s.enc.name()) == names.end()) return false;
    return &detail::EncodingAccess::impl(get_encoding(s.enc.name())) ==
           &detail::EncodingAccess::impl(s.enc);
  });
}

void bind_encode(py::class_<PyEncoding>& cls) {
  cls.def(
      "encode_ordinary",
      [](PyEncoding& s, py::handle text) {
        const Text t(text, "text");
        return list_of(nogil([&] { return s.enc.encode_ordinary(t.view()); }), s.ints);
      },
      py::arg("text"),
      "Encodes a string into tokens, ignoring special tokens: encode(text, "
      "disallowed_special=()), faster. The GIL is released while encoding.");
  cls.def(
      "encode",
      [](PyEncoding& s, py::handle text, py::handle allowed, py::handle disallowed) {
        const EncodeArgs a(text, allowed, disallowed);
        return list_of(nogil([&] { return s.enc.encode(a.text.view(), a.allowed, a.disallowed); }),
                       s.ints);
      },
      py::arg("text"), py::kw_only(), py::arg("allowed_special") = empty_frozenset(),
      py::arg("disallowed_special") = "all", kEncodeDoc);
  cls.def(
      "encode_to_numpy",
      [](PyEncoding& s, py::handle text, py::handle allowed, py::handle disallowed) {
        const EncodeArgs a(text, allowed, disallowed);
        return numpy_of(
            nogil([&] { return s.enc.encode(a.text.view(), a.allowed, a.disallowed); }));
      },
      py::arg("text"), py::kw_only(), py::arg("allowed_special") = empty_frozenset(),
      py::arg("disallowed_special") = "all",
      "encode, returning a numpy uint32 array that owns the C++ result (no int object per "
      "token).");
  cls.def(
      "encode_ordinary_batch",
      [](PyEncoding& s, py::handle texts, int num_threads) {
        const BatchTexts batch(texts);
        const unsigned threads = threads_of(num_threads);
        return encode_ordinary_lists(s.enc, batch.views(), threads, s.ints);
      },
      py::arg("text"), py::kw_only(), py::arg("num_threads") = default_threads(),
      "encode_ordinary of each string, in parallel on the C++ thread pool (up to num_threads "
      "threads); results in input order.");
  cls.def(
      "encode_batch",
      [](PyEncoding& s, py::handle texts, int num_threads, py::handle allowed,
         py::handle disallowed) {
        const BatchTexts batch(texts);
        const unsigned threads = threads_of(num_threads);
        const SpecialSet a = special_set_of(allowed, true);
        const SpecialSet d = special_set_of(disallowed, false);
        return lists_of(nogil([&] { return s.enc.encode_batch(batch.views(), a, d, threads); }),
                        s.ints);
      },
      py::arg("text"), py::kw_only(), py::arg("num_threads") = default_threads(),
      py::arg("allowed_special") = empty_frozenset(), py::arg("disallowed_special") = "all",
      "encode of each string with the same special-token arguments, in parallel on the C++ "
      "thread pool. If some strings hold a disallowed special token, raises for the first one.");
  cls.def(
      "encode_with_unstable",
      [](PyEncoding& s, py::handle text, py::handle allowed, py::handle disallowed) {
        const EncodeArgs a(text, allowed, disallowed);
        const UnstableEncoding r = nogil(
            [&] { return s.enc.encode_with_unstable(a.text.view(), a.allowed, a.disallowed); });
        return py::make_tuple(list_of(r.stable, s.ints), lists_of(r.completions, s.ints));
      },
      py::arg("text"), py::kw_only(), py::arg("allowed_special") = empty_frozenset(),
      py::arg("disallowed_special") = "all",
      "Stable tokens of a prefix of the text and the token sequences that may follow them, as "
      "tiktoken's encode_with_unstable (completions sorted; tiktoken gives them in hash order).");
  cls.def(
      "encode_single_token",
      [](const PyEncoding& s, py::handle text_or_bytes) {
        const std::string bytes = bytes_of(text_or_bytes, "text_or_bytes");
        try {
          return s.enc.encode_single_token(bytes);
        } catch (const InvalidTokenError&) {
          raise_key_error(bytes_from(bytes));
        }
      },
      py::arg("text_or_bytes"),
      "The token (ordinary or special) whose bytes are exactly these; KeyError if none.");
  cls.def(
      "_encode_single_piece",
      [](PyEncoding& s, py::handle text_or_bytes) {
        const std::string bytes = bytes_of(text_or_bytes, "text_or_bytes");
        return list_of(nogil([&] { return s.enc.encode_single_piece(bytes); }), s.ints);
      },
      py::arg("text_or_bytes"), "BPE of the bytes as one piece, without the pre-tokenizer.");
  cls.def(
      "_encode_bytes",
      [](PyEncoding& s, py::handle data) {
        const std::string bytes = bytes_of(data, "text");
        return list_of(nogil([&] { return s.enc.encode_bytes(bytes); }), s.ints);
      },
      py::arg("text"),
      "tiktoken's _encode_bytes: bytes that need not be UTF-8 (the valid prefix is encoded, then "
      "the last piece and the rest are merged as one piece).");
  cls.def(
      "count",
      [](const PyEncoding& s, py::handle text, py::handle allowed, py::handle disallowed) {
        const EncodeArgs a(text, allowed, disallowed);
        return nogil([&] { return s.enc.count(a.text.view(), a.allowed, a.disallowed); });
      },
      py::arg("text"), py::kw_only(), py::arg("allowed_special") = empty_frozenset(),
      py::arg("disallowed_special") = "all",
      "len(encode(text, ...)) without building the list (an airtok extension).");
  cls.def(
      "count_ordinary",
      [](const PyEncoding& s, py::handle text) {
        const Text t(text, "text");
        return nogil([&] { return s.enc.count_ordinary(t.view()); });
      },
      py::arg("text"),
      "len(encode_ordinary(text)) without building the list (an airtok extension).");
}

void bind_decode(py::class_<PyEncoding>& cls) {
  cls.def(
      "decode_bytes",
      [](const PyEncoding& s, py::handle tokens) {
        return bytes_from(decode_bytes_checked(s.enc, ranks_of(tokens)));
      },
      py::arg("tokens"), "The tokens' bytes, concatenated. KeyError for an id that is no token.");
  cls.def(
      "decode",
      [](const PyEncoding& s, py::handle tokens, const char* errors) {
        return str_from_utf8(decode_bytes_checked(s.enc, ranks_of(tokens)), errors);
      },
      py::arg("tokens"), py::arg("errors") = "replace",
      "decode_bytes(tokens).decode(\"utf-8\", errors): lossy by default (invalid UTF-8 becomes "
      "U+FFFD); errors=\"strict\" raises UnicodeDecodeError instead.");
  cls.def(
      "decode_single_token_bytes",
      [](const PyEncoding& s, py::handle token) {
        const Rank r = rank_of(token);
        try {
          return bytes_from(s.enc.decode_single_token_bytes(r));
        } catch (const InvalidTokenError&) {
          raise_key_error(py::str(std::to_string(r)));
        }
      },
      py::arg("token"), "The bytes of one token (ordinary or special); KeyError if none.");
  cls.def(
      "decode_tokens_bytes",
      [](const PyEncoding& s, py::handle tokens) {
        const std::vector<Rank> ids = ranks_of(tokens);
        py::list out(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i) {
          try {
            out[i] = bytes_from(s.enc.decode_single_token_bytes(ids[i]));
          } catch (const InvalidTokenError&) {
            raise_key_error(py::str(std::to_string(ids[i])));
          }
        }
        return out;
      },
      py::arg("tokens"), "The bytes of each token, as a list.");
  cls.def(
      "decode_with_offsets",
      [](const PyEncoding& s, py::handle tokens) {
        const std::vector<Rank> ids = ranks_of(tokens);
        DecodedWithOffsets r;
        try {
          r = nogil([&] { return s.enc.decode_with_offsets(ids); });
        } catch (const InvalidTokenError& e) {
          raise_key_error(py::str(std::to_string(e.token().value_or(0))));
        } catch (const Utf8Error& e) {
          raise_unicode_decode_error(s.enc.decode_bytes(ids), e);
        }
        py::list offsets(r.offsets.size());
        for (std::size_t i = 0; i < r.offsets.size(); ++i) offsets[i] = py::int_(r.offsets[i]);
        return py::make_tuple(str_from_utf8(r.text, "strict"), offsets);
      },
      py::arg("tokens"),
      "The text and, for each token, the index of the character where it starts (a token that "
      "starts inside a character gets that character). UnicodeDecodeError if the bytes are not "
      "UTF-8.");
  cls.def(
      "decode_batch",
      [](const PyEncoding& s, py::handle batch, const char* errors, int num_threads) {
        const std::vector<std::vector<Rank>> ids = batch_of_ranks(batch);
        const unsigned threads = threads_of(num_threads);
        std::vector<std::string> bytes;
        const bool replace = std::strcmp(errors, "replace") == 0;
        try {
          bytes = nogil([&] {
            if (replace) return s.enc.decode_batch(ids, threads);
            std::vector<std::string> raw;
            for (const auto& one : ids) raw.push_back(s.enc.decode_bytes(one));
            return raw;
          });
        } catch (const InvalidTokenError&) {
          for (const auto& one : ids) decode_bytes_checked(s.enc, one);
          throw;
        }
        py::list out(bytes.size());
        for (std::size_t i = 0; i < bytes.size(); ++i) out[i] = str_from_utf8(bytes[i], errors);
        return out;
      },
      py::arg("batch"), py::kw_only(), py::arg("errors") = "replace",
      py::arg("num_threads") = default_threads(), "decode of each list of tokens, in parallel.");
  cls.def(
      "decode_bytes_batch",
      [](const PyEncoding& s, py::handle batch, int num_threads) {
        const std::vector<std::vector<Rank>> ids = batch_of_ranks(batch);
        threads_of(num_threads);
        py::list out(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i) {
          out[i] = bytes_from(decode_bytes_checked(s.enc, ids[i]));
        }
        return out;
      },
      py::arg("batch"), py::kw_only(), py::arg("num_threads") = default_threads(),
      "decode_bytes of each list of tokens.");
  cls.def(
      "token_byte_values",
      [](const PyEncoding& s) {
        const std::vector<std::string> values = s.enc.token_byte_values();
        py::list out(values.size());
        for (std::size_t i = 0; i < values.size(); ++i) out[i] = bytes_from(values[i]);
        return out;
      },
      "The bytes of every ordinary token, sorted.");
  cls.def(
      "is_special_token",
      [](const PyEncoding& s, py::handle token) {
        if (!PyLong_Check(token.ptr())) {
          throw py::type_error("token must be int");
        }
        int overflow = 0;
        const long long v = PyLong_AsLongLongAndOverflow(token.ptr(), &overflow);
        if (overflow != 0 || v < 0 || v > 0xFFFFFFFFLL) return false;
        return s.enc.is_special_token(static_cast<Rank>(v));
      },
      py::arg("token"), "Whether the id is one of the encoding's special tokens.");
}

}  // namespace

unsigned default_threads() {
  const unsigned hw = std::thread::hardware_concurrency();
  return std::min(hw == 0 ? 8u : hw, 32u);  // tiktoken: min(os.cpu_count() or 8, 32)
}

void bind_encoding(py::module_& module) {
  py::class_<PyEncoding> cls(module, "EncodingBase",
                             "The native part of airtok.Encoding (use airtok.Encoding).");
  bind_construction(cls);
  bind_encode(cls);
  bind_decode(cls);
}

}  // namespace airtok::python
