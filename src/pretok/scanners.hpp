// scanners.hpp — choosing a pre-tokenizer for a pattern.
//
// A pattern that is exactly one of tiktoken's built-in pattern strings gets its hand-compiled
// scanner (scanner_*.hpp); any other pattern the generic PCRE2 pre-tokenizer. The choice is by
// the pattern string alone, so a custom encoding that reuses a built-in pattern is as fast.
#pragma once

#include "pretok/pretokenizer.hpp"
#include "pretok/scanner_cl100k.hpp"
#include "pretok/scanner_o200k.hpp"
#include "pretok/scanner_r50k.hpp"

#include <memory>
#include <string_view>

namespace airtok::detail {

enum class PatternFamily { generic, r50k, cl100k, o200k };

/// The family whose scanner implements `pattern` exactly, or generic.
PatternFamily pattern_family(std::string_view pattern) noexcept;

/// The scanner of a family behind the PreTokenizer interface (not for `generic`).
std::unique_ptr<PreTokenizer> make_scanner(PatternFamily family);

/// The fastest exact pre-tokenizer for `pattern`.
std::unique_ptr<PreTokenizer> make_pretokenizer(const std::string& pattern);

/// Calls `piece(begin, end)` for each piece of `text` (valid UTF-8) as Scanner cuts it.
template <class Scanner, class F>
inline void for_each_piece(std::string_view text, F&& piece) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const std::size_t end = Scanner::next(s, n, i);
    piece(i, end);
    i = end;
  }
}

}  // namespace airtok::detail
