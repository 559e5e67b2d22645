// airtok/encoding.hpp — a byte-pair encoding with tiktoken's exact behaviour.
//
// Tutorial:
//
//   #include <airtok/airtok.hpp>
//
//   const airtok::Encoding& enc = airtok::get_encoding("cl100k_base");  // built in, no file
//   std::vector<airtok::Rank> ids = enc.encode_ordinary("hello world");  // {15339, 1917}
//   std::string text = enc.decode(ids);                                  // "hello world"
//   std::size_t n = enc.count_ordinary("hello world");                   // 2
//
//   // Special tokens follow tiktoken: by default every special token is disallowed, and text
//   // that contains one is an error (DisallowedSpecialError). Allow them explicitly:
//   enc.encode("<|endoftext|>", airtok::SpecialSet::all());             // {100257}
//   // ... or encode their text as ordinary text:
//   enc.encode("<|endoftext|>", {}, airtok::SpecialSet::none());        // {27, 91, 8862, ...}
//
// Every result is identical to tiktoken's for the same encoding and input. Encoding is total:
// any bytes encode (invalid UTF-8 follows tiktoken's `_encode_bytes`), and nothing throws on
// content; only documented misuse (a disallowed special token in the text, an unknown token id)
// is an error.
//
// Thread safety: an Encoding is immutable. Any number of threads may use one Encoding (or copies
// of it) at the same time without locking. Copying an Encoding is cheap (it shares the tables).
// Each thread that encodes keeps exact caches of its own (at most about 5.5 MiB, plus PCRE2's
// state for custom patterns); <airtok/thread_caches.hpp> lists them and frees them on request.
#pragma once

#include <airtok/export.h>
#include <airtok/error.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace airtok {

/// A token id. Ordinary tokens' ids are their BPE ranks.
using Rank = std::uint32_t;

/// Token bytes → rank, as tiktoken's `mergeable_ranks`. Order does not matter.
using MergeableRanks = std::vector<std::pair<std::string, Rank>>;

/// Special token text → id, as tiktoken's `special_tokens`.
using SpecialTokens = std::map<std::string, Rank, std::less<>>;

/// A set of special tokens for `encode`'s allowed / disallowed arguments: either "all" of the
/// encoding's special tokens (tiktoken's `"all"`) or an explicit list of their texts.
class AIRTOK_API SpecialSet {
 public:
  /// The empty set (tiktoken's `set()` / `()`).
  SpecialSet() = default;
  /// The given special tokens' texts. Texts that are not special tokens of the encoding are
  /// ignored, as tiktoken ignores them.
  SpecialSet(std::initializer_list<std::string_view> tokens);
  explicit SpecialSet(std::vector<std::string> tokens);
  /// Every special token of the encoding (tiktoken's `"all"`).
  static SpecialSet all();
  static SpecialSet none() { return {}; }

  bool is_all() const noexcept { return all_; }
  const std::vector<std::string>& tokens() const noexcept { return tokens_; }

 private:
  bool all_ = false;
  std::vector<std::string> tokens_;
};

/// Result of `Encoding::encode_with_unstable`.
struct AIRTOK_API UnstableEncoding {
  /// Tokens of a prefix of the text that no continuation of the text can change.
  std::vector<Rank> stable;
  /// Every token sequence that may follow `stable` for some continuation of the text, as
  /// tiktoken's `encode_with_unstable` finds them; distinct and sorted lexicographically
  /// (tiktoken returns them in hash order).
  std::vector<std::vector<Rank>> completions;
};

/// Result of `Encoding::decode_with_offsets`.
struct AIRTOK_API DecodedWithOffsets {
  std::string text;
  /// For each token, the index (in Unicode code points) in `text` where it starts; a token that
  /// starts in the middle of a character gets that character's index, as in tiktoken.
  std::vector<std::size_t> offsets;
};

namespace detail {
class EncodingImpl;
struct EncodingAccess;  // the library's own way in (src/core/encoding_access.hpp)
}  // namespace detail

/// A byte-pair encoding: a vocabulary, a pre-tokenizer pattern and special tokens.
/// Obtain built-in ones with `get_encoding` (airtok/registry.hpp) or build one with `create`.
class AIRTOK_API Encoding {
 public:
  /// Builds an encoding as tiktoken's `Encoding(name, pat_str=, mergeable_ranks=,
  /// special_tokens=, explicit_n_vocab=)` does, with the same validation: ranks and special ids
  /// must not clash, and if `explicit_n_vocab` is given it must equal the number of ranks plus
  /// special tokens and the largest id plus one. Throws InvalidEncodingError naming the problem
  /// (a duplicate token or rank, a clash, an n_vocab mismatch, a pattern that does not compile).
  /// Beyond tiktoken, every byte value must have a token of its own: without one, a text holding
  /// that byte could not be encoded (tiktoken panics on it), so the vocabulary is refused here
  /// and encoding never fails on content.
  ///
  /// Limits beyond tiktoken's (whose tables are hash maps): airtok indexes its tables by rank,
  /// so ranks must be at most 2^28 - 1 and, for n ranks, below 2 * n + 65536 (every trained
  /// vocabulary numbers its tokens densely from 0); a rank beyond either limit throws
  /// InvalidEncodingError naming the rank, the token count and the limit, before anything is
  /// sized by it. Special-token ids are kept in a map, so, as in tiktoken, they may be any 32-bit
  /// value (the C API reserves 0xFFFFFFFF); no table is sized by them.
  /// The pattern is compiled once here; if it is one of tiktoken's built-in patterns the
  /// specialized pre-tokenizer is used, otherwise the generic PCRE2 one.
  static Encoding create(std::string name, std::string pat_str, MergeableRanks mergeable_ranks,
                         SpecialTokens special_tokens,
                         std::optional<std::size_t> explicit_n_vocab = std::nullopt);

  const std::string& name() const noexcept;
  /// The pre-tokenizer pattern, as given (tiktoken's `_pat_str`).
  const std::string& pattern() const noexcept;
  /// max_token_value + 1, as tiktoken's `n_vocab`.
  std::size_t n_vocab() const noexcept;
  /// The largest ordinary or special token id.
  Rank max_token_value() const noexcept;
  /// The id of `<|endoftext|>`; throws InvalidTokenError if the encoding has none.
  Rank eot_token() const;
  const SpecialTokens& special_tokens() const noexcept;
  bool is_special_token(Rank token) const noexcept;
  /// Number of ordinary (mergeable) tokens.
  std::size_t mergeable_count() const noexcept;

  // ---- Encoding text ---------------------------------------------------------------------

  /// tiktoken's `encode(text, allowed_special=, disallowed_special=)`. Text of a special token
  /// in `allowed` becomes that token; text of a special token in `disallowed` (by default all of
  /// them, minus the allowed ones when `disallowed.is_all()`) throws DisallowedSpecialError
  /// naming the leftmost one, with tiktoken's message; any other text is ordinary text.
  std::vector<Rank> encode(std::string_view text, const SpecialSet& allowed = {},
                           const SpecialSet& disallowed = SpecialSet::all()) const;
  /// tiktoken's `encode_ordinary`: special tokens' texts are ordinary text. Never throws on
  /// content: only std::bad_alloc, or ResourceError past a limit that no text of under 4 GiB
  /// meets with a built-in encoding (airtok/error.hpp). Input that is not valid UTF-8 is encoded
  /// as by `encode_bytes`.
  std::vector<Rank> encode_ordinary(std::string_view text) const;
  /// tiktoken's `_encode_bytes`: valid UTF-8 as encode_ordinary; otherwise the valid prefix is
  /// encoded, then the tokens of its last piece (widened over trailing whitespace tokens) plus
  /// every remaining byte are merged as one piece.
  std::vector<Rank> encode_bytes(std::string_view bytes) const;
  /// The token whose bytes are exactly `bytes` (ordinary or special); throws InvalidTokenError.
  Rank encode_single_token(std::string_view bytes) const;
  /// tiktoken's `_encode_single_piece`: BPE of `bytes` as one piece, no pre-tokenizer.
  std::vector<Rank> encode_single_piece(std::string_view bytes) const;
  /// tiktoken's `encode_with_unstable`: encode (same special-token arguments and errors), then
  /// take back the tokens of the last piece (widened over whitespace-only tokens before it) and
  /// list the token sequences that could replace them once more text is appended. For text
  /// that is valid UTF-8 (tiktoken takes a Python str); other bytes are encoded as by `encode`.
  UnstableEncoding encode_with_unstable(std::string_view text, const SpecialSet& allowed = {},
                                        const SpecialSet& disallowed = SpecialSet::all()) const;
  /// Same result as encode(...).size() (and the same DisallowedSpecialError), without keeping
  /// the ids: only those of one piece at a time, for every pattern and for invalid UTF-8 too.
  std::size_t count(std::string_view text, const SpecialSet& allowed = {},
                    const SpecialSet& disallowed = SpecialSet::all()) const;
  /// Same result as encode_ordinary(text).size(), without keeping the ids (only those of one
  /// piece at a time, for every pattern and for invalid UTF-8 too).
  std::size_t count_ordinary(std::string_view text) const;
  /// encode_ordinary into a caller's buffer: writes min(count, out.size()) ids and returns the
  /// count (so a short buffer tells how much is needed). Reuses a per-thread buffer inside, so
  /// repeated calls do not allocate.
  std::size_t encode_ordinary_to(std::string_view text, std::span<Rank> out) const;

  /// encode_ordinary of each text, in parallel on up to `num_threads` threads
  /// (0 = all hardware threads). Results are in input order. A text larger than 2 MiB is cut
  /// at safe points (between an ASCII letter and a space, where no piece can span the cut; for
  /// the built-in patterns only) so that one huge text also uses every thread; the ids are the
  /// same as encode_ordinary's. The batch functions share one process-wide pool of threads; a
  /// process forked after using it gets a pool of its own on its first batch call, and exits
  /// without waiting for its parent's threads.
  ///
  /// The three batch functions of texts also take views (`std::span<const std::string_view>`), for
  /// texts that already live elsewhere (a mapped file, a buffer of records, Python's strings):
  /// nothing is copied, and the texts must stay alive until the call returns. A braced list
  /// (`{"a", text}`, or `{}` for no texts) is taken as views too. Being overloaded, a batch
  /// function's address needs a cast to the signature wanted.
  std::vector<std::vector<Rank>> encode_ordinary_batch(std::span<const std::string> texts,
                                                       unsigned num_threads = 0) const;
  std::vector<std::vector<Rank>> encode_ordinary_batch(std::span<const std::string_view> texts,
                                                       unsigned num_threads = 0) const;
  std::vector<std::vector<Rank>> encode_ordinary_batch(
      std::initializer_list<std::string_view> texts, unsigned num_threads = 0) const;
  /// count_ordinary of each text, in parallel like encode_ordinary_batch.
  std::vector<std::size_t> count_ordinary_batch(std::span<const std::string> texts,
                                                unsigned num_threads = 0) const;
  std::vector<std::size_t> count_ordinary_batch(std::span<const std::string_view> texts,
                                                unsigned num_threads = 0) const;
  std::vector<std::size_t> count_ordinary_batch(std::initializer_list<std::string_view> texts,
                                                unsigned num_threads = 0) const;
  /// encode of each text with the same special-token arguments, in parallel. If any text
  /// contains a disallowed special token, throws for the first such text in input order.
  std::vector<std::vector<Rank>> encode_batch(std::span<const std::string> texts,
                                              const SpecialSet& allowed = {},
                                              const SpecialSet& disallowed = SpecialSet::all(),
                                              unsigned num_threads = 0) const;
  std::vector<std::vector<Rank>> encode_batch(std::span<const std::string_view> texts,
                                              const SpecialSet& allowed = {},
                                              const SpecialSet& disallowed = SpecialSet::all(),
                                              unsigned num_threads = 0) const;
  std::vector<std::vector<Rank>> encode_batch(std::initializer_list<std::string_view> texts,
                                              const SpecialSet& allowed = {},
                                              const SpecialSet& disallowed = SpecialSet::all(),
                                              unsigned num_threads = 0) const;

  // ---- Decoding ids ----------------------------------------------------------------------
  // Every decode function throws InvalidTokenError for an id that is neither an ordinary nor a
  // special token of this encoding.

  /// The bytes of the tokens, concatenated (tiktoken's `decode_bytes`).
  std::string decode_bytes(std::span<const Rank> tokens) const;
  /// decode_bytes, then bytes that are not valid UTF-8 replaced by U+FFFD exactly as Python's
  /// `bytes.decode("utf-8", errors="replace")` does (tiktoken's `decode`).
  std::string decode(std::span<const Rank> tokens) const;
  std::string decode_single_token_bytes(Rank token) const;
  std::vector<std::string> decode_tokens_bytes(std::span<const Rank> tokens) const;
  /// tiktoken's `decode_with_offsets`. Like tiktoken (which decodes strictly), throws
  /// airtok::Error if the tokens' bytes are not valid UTF-8.
  DecodedWithOffsets decode_with_offsets(std::span<const Rank> tokens) const;
  /// decode of each list, in parallel on up to `num_threads` threads (0 = all).
  std::vector<std::string> decode_batch(std::span<const std::vector<Rank>> batch,
                                        unsigned num_threads = 0) const;
  /// The bytes of every ordinary token, sorted bytewise (tiktoken's `token_byte_values`).
  std::vector<std::string> token_byte_values() const;
  /// Every ordinary token's bytes and rank, in rank order (tiktoken's `_mergeable_ranks`): what
  /// `create` needs to rebuild this encoding.
  MergeableRanks mergeable_ranks() const;

  // There is no public constructor: an Encoding comes from get_encoding, create or
  // load_encoding. Inside the library, detail::EncodingAccess (an internal header) makes one
  // from its implementation and reaches the implementation of one.

 private:
  friend struct detail::EncodingAccess;
  explicit Encoding(std::shared_ptr<const detail::EncodingImpl> impl) noexcept
      : impl_(std::move(impl)) {}

  std::shared_ptr<const detail::EncodingImpl> impl_;
};

}  // namespace airtok
