// The C API (include/airtok/airtok.h): a thin layer over the C++ API.
//
// Every entry point runs its body inside `guarded`, which turns any exception into the
// function's documented error value plus a per-thread message, so nothing C++ crosses into C.
// No tokenization logic lives here: each function converts its arguments, calls the C++ API and
// copies the result into the caller's buffer.
#include <airtok/airtok.h>

#include "capi/capi_internal.hpp"

#include <airtok/encoding.hpp>
#include <airtok/error.hpp>
#include <airtok/load.hpp>
#include <airtok/registry.hpp>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

static_assert(std::is_same_v<airtok::Rank, uint32_t>, "C token ids are uint32_t");

// The opaque handle. Built-in handles are made once per encoding and never freed; custom ones
// are owned by the caller.
struct airtok_encoding {
  airtok::Encoding encoding;
  bool owned;
};

extern "C" const airtok_special_set airtok_special_all = {nullptr, 0, 1};
extern "C" const airtok_special_set airtok_special_none = {nullptr, 0, 0};

namespace {

// ---- Errors ------------------------------------------------------------------------------

thread_local std::string t_last_error;
// Points at t_last_error, or at a static message when even storing the message failed.
thread_local const char* t_last_error_ptr = "";

void set_error(const char* message) noexcept {
  try {
    t_last_error.assign(message);
    t_last_error_ptr = t_last_error.c_str();
  } catch (...) {
    t_last_error_ptr = "airtok: out of memory while storing an error message";
  }
}

// Misuse of the C API itself (a NULL handle, a NULL buffer with a capacity, ...).
class ApiMisuse : public std::invalid_argument {
 public:
  ApiMisuse(const char* function, const char* problem)
      : std::invalid_argument(std::string(function) + ": " + problem) {}
};

using airtok::capi::guarded;  // capi_internal.hpp

// ---- Argument conversion -----------------------------------------------------------------

const airtok::Encoding& checked(const airtok_encoding* enc, const char* function) {
  if (enc == nullptr) throw ApiMisuse(function, "the encoding handle is NULL");
  return enc->encoding;
}

std::string_view checked_text(const char* text, size_t len, const char* function) {
  if (text == nullptr) {
    if (len != 0) throw ApiMisuse(function, "text is NULL but its length is not 0");
    return {};
  }
  return {text, len};
}

const char* checked_name(const char* name, const char* function, const char* what) {
  if (name == nullptr) throw ApiMisuse(function, what);
  return name;
}

// `fallback` is used for a NULL set (tiktoken's defaults differ for allowed and disallowed).
airtok::SpecialSet to_special_set(const airtok_special_set* set, airtok::SpecialSet fallback,
                                  const char* function) {
  if (set == nullptr) return fallback;
  if (set->all != 0) return airtok::SpecialSet::all();
  if (set->count != 0 && set->tokens == nullptr) {
    throw ApiMisuse(function, "a special-token set has a count but its tokens array is NULL");
  }
  std::vector<std::string> tokens;
  tokens.reserve(set->count);
  for (size_t i = 0; i < set->count; ++i) {
    if (set->tokens[i] == nullptr) {
      throw ApiMisuse(function, "a special-token set contains a NULL string");
    }
    tokens.emplace_back(set->tokens[i]);
  }
  return airtok::SpecialSet(std::move(tokens));
}

// ---- Output ------------------------------------------------------------------------------

using airtok::capi::put_ids;  // capi_internal.hpp

void check_buffer(char* buf, size_t cap, const char* function) {
  if (buf == nullptr && cap != 0) throw ApiMisuse(function, "buf is NULL but cap is not 0");
  if (cap != 0) buf[0] = '\0';  // an empty string if the call then fails
}

// snprintf-style: min(size, cap - 1) bytes and a NUL when cap > 0; returns the full size.
size_t put_bytes(const std::string& bytes, char* buf, size_t cap) {
  if (cap != 0) {
    size_t n = std::min(bytes.size(), cap - 1);
    std::memcpy(buf, bytes.data(), n);
    buf[n] = '\0';
  }
  return bytes.size();
}

std::span<const airtok::Rank> checked_tokens(const uint32_t* tokens, size_t n,
                                             const char* function) {
  if (tokens == nullptr && n != 0) throw ApiMisuse(function, "tokens is NULL but n is not 0");
  return {tokens, n};
}

// ---- Built-in handles --------------------------------------------------------------------

// One handle per built-in encoding, made on first use and never destroyed (the maps are leaked
// on purpose so that handles stay valid while static destructors run at exit).
const airtok_encoding* builtin_handle(const airtok::Encoding& encoding) {
  static std::mutex* mutex = new std::mutex;
  static auto* handles = new std::map<const airtok::Encoding*, const airtok_encoding*>;
  std::lock_guard<std::mutex> lock(*mutex);
  auto [it, inserted] = handles->try_emplace(&encoding, nullptr);
  if (inserted) {
    try {
      it->second = new airtok_encoding{encoding, false};
    } catch (...) {
      handles->erase(it);
      throw;
    }
  }
  return it->second;
}

const std::vector<std::string>& encoding_names() {
  static const auto* names = new std::vector<std::string>(airtok::list_encoding_names());
  return *names;
}

constexpr const char* version_string() {
#define AIRTOK_C_STR2(x) #x
#define AIRTOK_C_STR(x) AIRTOK_C_STR2(x)
  return AIRTOK_C_STR(AIRTOK_VERSION_MAJOR) "." AIRTOK_C_STR(AIRTOK_VERSION_MINOR) "." AIRTOK_C_STR(
      AIRTOK_VERSION_PATCH);
#undef AIRTOK_C_STR
#undef AIRTOK_C_STR2
}

airtok::SpecialTokens to_special_tokens(const char* const* texts, const uint32_t* ids, size_t n) {
  constexpr const char* kFunction = "airtok_encoding_create";
  if (n != 0 && (texts == nullptr || ids == nullptr)) {
    throw ApiMisuse(kFunction, "n_special is not 0 but special_tokens or special_ids is NULL");
  }
  airtok::SpecialTokens specials;
  for (size_t i = 0; i < n; ++i) {
    if (texts[i] == nullptr) throw ApiMisuse(kFunction, "a special token's text is NULL");
    if (!specials.emplace(texts[i], ids[i]).second) {
      throw airtok::InvalidEncodingError(std::string("special token ") + texts[i] +
                                         " is given twice");
    }
  }
  return specials;
}

}  // namespace

void airtok::capi::set_last_error(const char* message) noexcept { set_error(message); }

airtok_encoding* airtok::capi::make_owned_handle(airtok::Encoding encoding) {
  if (encoding.max_token_value() == AIRTOK_INVALID_TOKEN) {
    throw airtok::InvalidEncodingError(encoding.name() + ": token id " +
                                       std::to_string(AIRTOK_INVALID_TOKEN) +
                                       " is reserved by the C API as AIRTOK_INVALID_TOKEN");
  }
  return new airtok_encoding{std::move(encoding), true};
}

// ---- Version and errors ------------------------------------------------------------------

extern "C" const char* airtok_version(void) { return version_string(); }

extern "C" const char* airtok_last_error(void) { return t_last_error_ptr; }

// ---- Encodings ---------------------------------------------------------------------------

extern "C" const airtok_encoding* airtok_get_encoding(const char* name) {
  return guarded<const airtok_encoding*>(nullptr, [&] {
    checked_name(name, "airtok_get_encoding", "name is NULL");
    return builtin_handle(airtok::get_encoding(name));
  });
}

extern "C" const char* airtok_encoding_name_for_model(const char* model) {
  return guarded<const char*>(nullptr, [&] {
    checked_name(model, "airtok_encoding_name_for_model", "model is NULL");
    // The name of a built-in encoding lives as long as the process.
    return airtok::encoding_for_model(model).name().c_str();
  });
}

extern "C" const airtok_encoding* airtok_encoding_for_model(const char* model) {
  return guarded<const airtok_encoding*>(nullptr, [&] {
    checked_name(model, "airtok_encoding_for_model", "model is NULL");
    return builtin_handle(airtok::encoding_for_model(model));
  });
}

extern "C" size_t airtok_list_encoding_names(const char** names, size_t cap) {
  return guarded<size_t>(0, [&] {
    if (names == nullptr && cap != 0) {
      throw ApiMisuse("airtok_list_encoding_names", "names is NULL but cap is not 0");
    }
    const auto& all = encoding_names();
    for (size_t i = 0; i < std::min(all.size(), cap); ++i) names[i] = all[i].c_str();
    return all.size();
  });
}

extern "C" airtok_encoding* airtok_encoding_create(const char* name, const char* pattern,
                                                   const char* tiktoken_path,
                                                   const char* expected_sha256,
                                                   const char* const* special_tokens,
                                                   const uint32_t* special_ids, size_t n_special,
                                                   size_t explicit_n_vocab) {
  return guarded<airtok_encoding*>(nullptr, [&] {
    constexpr const char* kFunction = "airtok_encoding_create";
    checked_name(name, kFunction, "name is NULL");
    checked_name(pattern, kFunction, "pattern is NULL");
    checked_name(tiktoken_path, kFunction, "tiktoken_path is NULL");
    airtok::SpecialTokens specials = to_special_tokens(special_tokens, special_ids, n_special);
    airtok::MergeableRanks ranks = airtok::load_tiktoken_bpe_file(
        tiktoken_path, expected_sha256 != nullptr ? expected_sha256 : "");
    std::optional<std::size_t> n_vocab;
    if (explicit_n_vocab != 0) n_vocab = explicit_n_vocab;
    airtok::Encoding encoding =
        airtok::Encoding::create(name, pattern, std::move(ranks), std::move(specials), n_vocab);
    if (encoding.max_token_value() == AIRTOK_INVALID_TOKEN) {
      throw airtok::InvalidEncodingError(std::string(tiktoken_path) + ": token id " +
                                         std::to_string(AIRTOK_INVALID_TOKEN) +
                                         " is reserved by the C API as AIRTOK_INVALID_TOKEN");
    }
    return new airtok_encoding{std::move(encoding), true};
  });
}

extern "C" void airtok_encoding_free(const airtok_encoding* enc) {
  if (enc != nullptr && enc->owned) delete const_cast<airtok_encoding*>(enc);
}

// ---- Properties --------------------------------------------------------------------------

extern "C" const char* airtok_encoding_name(const airtok_encoding* enc) {
  return guarded<const char*>(nullptr,
                              [&] { return checked(enc, "airtok_encoding_name").name().c_str(); });
}

extern "C" const char* airtok_encoding_pattern(const airtok_encoding* enc) {
  return guarded<const char*>(
      nullptr, [&] { return checked(enc, "airtok_encoding_pattern").pattern().c_str(); });
}

extern "C" size_t airtok_n_vocab(const airtok_encoding* enc) {
  return guarded<size_t>(0, [&] { return checked(enc, "airtok_n_vocab").n_vocab(); });
}

extern "C" uint32_t airtok_max_token_value(const airtok_encoding* enc) {
  return guarded<uint32_t>(
      0, [&] { return checked(enc, "airtok_max_token_value").max_token_value(); });
}

extern "C" uint32_t airtok_eot_token(const airtok_encoding* enc) {
  return guarded<uint32_t>(AIRTOK_INVALID_TOKEN,
                           [&] { return checked(enc, "airtok_eot_token").eot_token(); });
}

extern "C" int airtok_is_special_token(const airtok_encoding* enc, uint32_t token) {
  return guarded<int>(
      0, [&] { return checked(enc, "airtok_is_special_token").is_special_token(token) ? 1 : 0; });
}

// ---- Encoding text -----------------------------------------------------------------------

extern "C" size_t airtok_encode_ordinary(const airtok_encoding* enc, const char* text, size_t len,
                                         uint32_t* out, size_t cap) {
  return guarded<size_t>(AIRTOK_ERROR, [&] {
    constexpr const char* kFunction = "airtok_encode_ordinary";
    const airtok::Encoding& encoding = checked(enc, kFunction);
    return put_ids(encoding.encode_ordinary(checked_text(text, len, kFunction)), out, cap,
                   kFunction);
  });
}

extern "C" size_t airtok_encode(const airtok_encoding* enc, const char* text, size_t len,
                                const airtok_special_set* allowed,
                                const airtok_special_set* disallowed, uint32_t* out, size_t cap) {
  return guarded<size_t>(AIRTOK_ERROR, [&] {
    constexpr const char* kFunction = "airtok_encode";
    const airtok::Encoding& encoding = checked(enc, kFunction);
    std::string_view input = checked_text(text, len, kFunction);
    if (out == nullptr && cap != 0) throw ApiMisuse(kFunction, "out is NULL but cap is not 0");
    return put_ids(
        encoding.encode(input, to_special_set(allowed, airtok::SpecialSet::none(), kFunction),
                        to_special_set(disallowed, airtok::SpecialSet::all(), kFunction)),
        out, cap, kFunction);
  });
}

extern "C" size_t airtok_encode_bytes(const airtok_encoding* enc, const char* bytes, size_t len,
                                      uint32_t* out, size_t cap) {
  return guarded<size_t>(AIRTOK_ERROR, [&] {
    constexpr const char* kFunction = "airtok_encode_bytes";
    const airtok::Encoding& encoding = checked(enc, kFunction);
    return put_ids(encoding.encode_bytes(checked_text(bytes, len, kFunction)), out, cap, kFunction);
  });
}

extern "C" size_t airtok_count_ordinary(const airtok_encoding* enc, const char* text, size_t len) {
  return guarded<size_t>(AIRTOK_ERROR, [&] {
    constexpr const char* kFunction = "airtok_count_ordinary";
    const airtok::Encoding& encoding = checked(enc, kFunction);
    return encoding.count_ordinary(checked_text(text, len, kFunction));
  });
}

extern "C" size_t airtok_count(const airtok_encoding* enc, const char* text, size_t len,
                               const airtok_special_set* allowed,
                               const airtok_special_set* disallowed) {
  return guarded<size_t>(AIRTOK_ERROR, [&] {
    constexpr const char* kFunction = "airtok_count";
    const airtok::Encoding& encoding = checked(enc, kFunction);
    return encoding.count(checked_text(text, len, kFunction),
                          to_special_set(allowed, airtok::SpecialSet::none(), kFunction),
                          to_special_set(disallowed, airtok::SpecialSet::all(), kFunction));
  });
}

extern "C" uint32_t airtok_encode_single_token(const airtok_encoding* enc, const char* bytes,
                                               size_t len) {
  return guarded<uint32_t>(AIRTOK_INVALID_TOKEN, [&] {
    constexpr const char* kFunction = "airtok_encode_single_token";
    const airtok::Encoding& encoding = checked(enc, kFunction);
    return encoding.encode_single_token(checked_text(bytes, len, kFunction));
  });
}

// ---- Decoding ids ------------------------------------------------------------------------

extern "C" size_t airtok_decode(const airtok_encoding* enc, const uint32_t* tokens, size_t n,
                                char* buf, size_t cap) {
  return guarded<size_t>(AIRTOK_ERROR, [&] {
    constexpr const char* kFunction = "airtok_decode";
    check_buffer(buf, cap, kFunction);
    const airtok::Encoding& encoding = checked(enc, kFunction);
    return put_bytes(encoding.decode(checked_tokens(tokens, n, kFunction)), buf, cap);
  });
}

extern "C" size_t airtok_decode_bytes(const airtok_encoding* enc, const uint32_t* tokens, size_t n,
                                      char* buf, size_t cap) {
  return guarded<size_t>(AIRTOK_ERROR, [&] {
    constexpr const char* kFunction = "airtok_decode_bytes";
    check_buffer(buf, cap, kFunction);
    const airtok::Encoding& encoding = checked(enc, kFunction);
    return put_bytes(encoding.decode_bytes(checked_tokens(tokens, n, kFunction)), buf, cap);
  });
}

extern "C" size_t airtok_decode_single_token_bytes(const airtok_encoding* enc, uint32_t token,
                                                   char* buf, size_t cap) {
  return guarded<size_t>(AIRTOK_ERROR, [&] {
    constexpr const char* kFunction = "airtok_decode_single_token_bytes";
    check_buffer(buf, cap, kFunction);
    const airtok::Encoding& encoding = checked(enc, kFunction);
    return put_bytes(encoding.decode_single_token_bytes(token), buf, cap);
  });
}
