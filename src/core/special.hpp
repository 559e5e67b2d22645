// special.hpp — finding special tokens' texts in a string.
//
// tiktoken searches with an alternation of the escaped texts. This matcher gives the same
// leftmost match without a regex: it jumps between positions that hold a possible first byte
// (with memchr when every text starts with the same byte, as tiktoken's `<|...|>` do), skips
// those whose first two bytes start no text, then looks the text up once per distinct
// special-token length (the longest match wins when one special token's text is a prefix of
// another's). Text without special tokens is passed over at memchr's speed.
#pragma once

#include <airtok/encoding.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace airtok::detail {

class SpecialMatcher {
 public:
  struct Match {
    std::size_t begin = 0;
    std::size_t length = 0;
    std::size_t index = 0;  // index into the constructor's texts, empty ones left out
  };

  SpecialMatcher() = default;
  explicit SpecialMatcher(std::vector<std::string> texts);
  // `index_` holds views of the strings in `texts_`. A copy has strings of its own, so it
  // rebuilds the index over them. A move leaves the strings where they are (the vector hands
  // its buffer over, the unordered_map its nodes), so the views stay valid.
  SpecialMatcher(const SpecialMatcher& other) : SpecialMatcher(other.texts_) {}
  SpecialMatcher& operator=(const SpecialMatcher& other) {
    if (this != &other) *this = SpecialMatcher(other);
    return *this;
  }
  SpecialMatcher(SpecialMatcher&&) = default;
  SpecialMatcher& operator=(SpecialMatcher&&) = default;

  bool empty() const noexcept { return texts_.empty(); }
  const std::string& text(std::size_t index) const noexcept { return texts_[index]; }
  std::size_t size() const noexcept { return texts_.size(); }

  /// Leftmost occurrence at or after `from` of a text whose `enabled[index]` is true (all texts
  /// when `enabled` is null). Returns false if there is none.
  bool find(std::string_view haystack, std::size_t from, const std::vector<char>* enabled,
            Match& match) const;

 private:
  std::vector<std::string> texts_;
  std::unordered_map<std::string_view, std::size_t> index_;
  std::vector<std::size_t> lengths_;  // distinct lengths, longest first
  std::array<bool, 256> first_byte_{};
  int only_first_byte_ = -1;  // the first byte of every text when they share one, else -1
  // Bit (a << 8 | b) is set when a text starts with bytes a, b; used when every text has two.
  std::vector<std::uint64_t> first_pairs_;
};

}  // namespace airtok::detail
