// unstable.cpp — tiktoken's `encode_with_unstable`: the tokens of a text that no continuation
// can change, and the token sequences that may follow them.
//
// Followed step by step from tiktoken's `_encode_unstable_native` (tiktoken 0.14): encode; take
// back the last piece's tokens (widened over whitespace-only tokens, as
// `_increase_last_piece_token_len` does); then collect (1) every single token that starts with
// the unstable bytes, (2) for every split of the unstable bytes into prefix + suffix, the start
// of the encoding of prefix + each token that starts with suffix, and (3) when the unstable bytes
// end in a whitespace character, the merge of the bytes before it followed by the merge of it.
#include "core/bpe.hpp"
#include "core/encoding_impl.hpp"
#include "core/utf8.hpp"
#include "pretok/unicode_tables.hpp"

#include <algorithm>
#include <set>
#include <string>

namespace airtok {

namespace {

/// tiktoken's `token_is_all_space`: an ordinary token made only of ' ', '\n' and '\t'.
bool is_space_token(const detail::Vocab& vocab, Rank r) {
  if (!vocab.has_rank(r)) return false;
  const std::string_view bytes = vocab.token(r);
  return std::all_of(bytes.begin(), bytes.end(),
                     [](char c) { return c == ' ' || c == '\n' || c == '\t'; });
}

/// tiktoken's `byte_pair_encode`: the merge rule alone, without the whole-piece lookup.
std::vector<Rank> merge_only(const detail::Vocab& vocab, std::string_view bytes) {
  std::vector<Rank> out;
  detail::bpe_merge_heap(vocab, bytes, out);
  return out;
}

/// Byte length of the last character of `bytes` if it is a complete, valid UTF-8 character
/// that is White_Space (Rust's `char::is_whitespace`), else 0.
std::size_t trailing_whitespace_length(std::string_view bytes) {
  for (std::size_t len = 1; len <= 4 && len <= bytes.size(); ++len) {
    const auto lead = static_cast<unsigned char>(bytes[bytes.size() - len]);
    if (detail::is_continuation_byte(lead)) continue;  // look further back
    std::size_t end = bytes.size() - len;
    const char32_t cp = detail::decode_checked(bytes, end);
    if (cp == detail::kInvalidCodePoint || end != bytes.size()) return 0;
    const auto spaces = detail::unicode::property_ranges("White_Space");
    const auto it = std::upper_bound(spaces.begin(), spaces.end(), cp,
                                     [](char32_t c, const auto& r) { return c < r.first; });
    return it != spaces.begin() && cp <= std::prev(it)->last ? len : 0;
  }
  return 0;
}

}  // namespace

UnstableEncoding Encoding::encode_with_unstable(std::string_view text, const SpecialSet& allowed,
                                                const SpecialSet& disallowed) const {
  const detail::EncodingImpl& impl = *impl_;
  const detail::Vocab& vocab = impl.vocab();
  std::vector<char> allowed_mask;
  impl.resolve_specials(text, allowed, disallowed, allowed_mask);
  UnstableEncoding result;
  std::vector<Rank>& tokens = result.stable;
  std::size_t last = impl.encode_native(text, &allowed_mask, tokens);
  if (last == 0) return result;  // the text ends with a special token: nothing is unstable
  if (is_space_token(vocab, tokens[tokens.size() - last])) {
    while (last < tokens.size() && is_space_token(vocab, tokens[tokens.size() - last - 1])) ++last;
  }
  std::string unstable;
  for (std::size_t i = tokens.size() - last; i < tokens.size(); ++i) {
    impl.append_token_bytes(tokens[i], unstable);
  }
  tokens.resize(tokens.size() - last);
  if (unstable.empty()) return result;

  const std::vector<Rank>& sorted = impl.sorted_ranks();
  // The ranks whose tokens start with `prefix`: a run of `sorted`, found by binary search.
  auto tokens_starting_with = [&](std::string_view prefix) {
    auto first = std::lower_bound(sorted.begin(), sorted.end(), prefix,
                                  [&](Rank r, std::string_view p) { return vocab.token(r) < p; });
    auto end = first;
    while (end != sorted.end() && vocab.token(*end).starts_with(prefix)) ++end;
    return std::pair{first, end};
  };

  std::set<std::vector<Rank>> completions;
  for (auto [it, end] = tokens_starting_with(unstable); it != end; ++it) completions.insert({*it});

  for (std::size_t i = 1; i < unstable.size(); ++i) {
    const std::string_view prefix = std::string_view(unstable).substr(0, i);
    const std::string_view suffix = std::string_view(unstable).substr(i);
    for (auto [it, end] = tokens_starting_with(suffix); it != end; ++it) {
      std::string possibility(prefix);
      possibility += vocab.token(*it);
      // Valid UTF-8 is pre-tokenized (appending may have created a split); other bytes are
      // merged as one piece, as tiktoken does.
      std::vector<Rank> encoded;
      if (detail::utf8_valid_up_to(possibility) == possibility.size()) {
        impl.encode_native(possibility, nullptr, encoded);
      } else {
        encoded = merge_only(vocab, possibility);
      }
      std::vector<Rank> seq;
      std::size_t seq_len = 0;
      for (Rank r : encoded) {
        seq.push_back(r);
        seq_len += vocab.token(r).size();
        if (seq_len >= unstable.size()) break;
      }
      completions.insert(std::move(seq));
    }
  }

  // A whitespace character at the end may split off once more text follows (`\s+(?!\S)`).
  if (unstable.size() > 1) {
    const std::size_t ws = trailing_whitespace_length(unstable);
    if (ws > 0 && unstable.size() > ws) {
      const std::string_view head = std::string_view(unstable).substr(0, unstable.size() - ws);
      std::vector<Rank> reencoded = merge_only(vocab, head);
      const std::vector<Rank> tail =
          merge_only(vocab, std::string_view(unstable).substr(head.size()));
      reencoded.insert(reencoded.end(), tail.begin(), tail.end());
      completions.insert(std::move(reencoded));
    }
  }
  result.completions.assign(completions.begin(), completions.end());
  return result;
}

}  // namespace airtok
