// encoding_impl.hpp — what an Encoding is made of, and the encode / decode paths.
#pragma once

#include "core/bpe.hpp"
#include "core/encoding_access.hpp"
#include "core/special.hpp"
#include "core/vocab.hpp"
#include "pretok/pretokenizer.hpp"
#include "pretok/scanners.hpp"

#include <airtok/encoding.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace airtok::detail {

class EncodingImpl {
 public:
  /// Validates like tiktoken's Encoding constructor; see Encoding::create.
  EncodingImpl(std::string name, std::string pattern, Vocab vocab, SpecialTokens specials,
               std::optional<std::size_t> explicit_n_vocab);

  const std::string& name() const noexcept { return name_; }
  const std::string& pattern() const noexcept { return pattern_; }
  const Vocab& vocab() const noexcept { return vocab_; }
  PatternFamily family() const noexcept { return family_; }
  const SpecialTokens& specials() const noexcept { return specials_; }
  Rank max_token_value() const noexcept { return max_token_value_; }
  /// Text of special token `r`, or nullptr.
  const std::string* special_text(Rank r) const noexcept;

  /// tiktoken's `_encode_native` over the whole text with the special tokens enabled in
  /// `allowed` (indexes into the special matcher; null = none). Appends to `out` and returns
  /// the number of tokens of the last ordinary piece (0 if the text ends with a special token).
  std::size_t encode_native(std::string_view text, const std::vector<char>* allowed,
                            std::vector<Rank>& out) const;
  /// tiktoken's `_encode_bytes` semantics for one segment without special tokens.
  void encode_segment_bytes(std::string_view bytes, std::vector<Rank>& out) const;
  /// How many ids encode_native would append, keeping the ids of one piece at a time only.
  std::size_t count_native(std::string_view text, const std::vector<char>* allowed) const;
  /// How many ids encode_segment_bytes would append, likewise.
  std::size_t count_segment_bytes(std::string_view bytes) const;
  /// Throws DisallowedSpecialError if `text` holds a disallowed special token; fills `allowed`.
  void resolve_specials(std::string_view text, const SpecialSet& allowed,
                        const SpecialSet& disallowed, std::vector<char>& allowed_mask) const;

  /// Appends token `r`'s bytes; throws InvalidTokenError if it is not a token.
  void append_token_bytes(Rank r, std::string& out) const;

  /// The ordinary ranks ordered by their tokens' bytes (tiktoken's `sorted_token_bytes`), built
  /// on first use (token_byte_values, encode_with_unstable) and kept: most callers never need it.
  const std::vector<Rank>& sorted_ranks() const;

 private:
  /// Pre-tokenizes and BPE-encodes valid UTF-8 `text`; returns the last piece's token count.
  std::size_t encode_ordinary_valid(std::string_view text, std::vector<Rank>& out) const;
  template <class Scanner>
  std::size_t encode_pieces(std::string_view text, std::vector<Rank>& out) const;
  /// Calls piece(begin, end) for each piece of valid UTF-8 `text` (the scanner chosen once).
  template <class F>
  void visit_pieces(std::string_view text, F&& piece) const;

 public:
  /// encode_ordinary(text).size() for valid UTF-8 `text`, keeping the ids of one piece at a
  /// time only.
  std::size_t count_ordinary_valid(std::string_view text) const;

 private:
  const std::uint64_t id_;  // unique for the process's lifetime (keys the per-thread caches)
  std::string name_;
  std::string pattern_;
  Vocab vocab_;
  SpecialTokens specials_;
  std::unordered_map<Rank, std::string> special_by_rank_;
  SpecialMatcher special_matcher_;   // all special tokens, indexes in SpecialTokens order
  std::vector<Rank> special_ranks_;  // by matcher index
  PatternFamily family_ = PatternFamily::generic;
  /// What the pieces of valid text are: whole characters for the built-in scanners; a custom
  /// pattern may cut a character (PCRE2's \C), so its pieces are checked as any bytes.
  PieceBytes piece_bytes() const noexcept {
    return family_ == PatternFamily::generic ? PieceBytes::kAny : PieceBytes::kValidUtf8;
  }
  std::unique_ptr<PreTokenizer> pretokenizer_;  // for generic patterns and for tests
  Rank max_token_value_ = 0;
  mutable std::once_flag sorted_once_;
  mutable std::vector<Rank> sorted_ranks_;
};

}  // namespace airtok::detail
