// scanner_o200k.hpp — hand-compiled pre-tokenizer for o200k_base and o200k_harmony:
//
//   A1
//   [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
//   A2
//   [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
//   A3 \p{N}{1,3}
//   A4  ?[^\s\p{L}\p{N}]+[\r\n/]*
//   A5 \s*[\r\n]+
//   A6 \s+(?!\S)
//   A7 \s+
//
// Nothing here is possessive, so `next` follows the backtracking order of Rust's regex: the
// first successful path, not the longest match. Call [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] "upper-ish"
// (U) and [\p{Ll}\p{Lm}\p{Lo}\p{M}] "lower-ish" (W); Lm, Lo and M are both.
#pragma once

#include "pretok/scan_util.hpp"

namespace airtok::detail {

struct ScannerO200k {
  static constexpr std::uint8_t kU = kUpper | kLetterOther | kMark;
  static constexpr std::uint8_t kW = kLower | kLetterOther | kMark;
  static constexpr std::uint8_t kBoth = kLetterOther | kMark;
  static constexpr std::uint8_t kNotPrefix = kNewline | kLetter | kNumber;  // [^\r\n\p{L}\p{N}]
  static constexpr std::uint8_t kNotOther = kSpace | kLetter | kNumber;     // [^\s\p{L}\p{N}]

  static std::size_t next(const unsigned char* s, std::size_t n, std::size_t i) noexcept {
    using namespace scan;
    std::size_t len0;
    const std::uint8_t c0 = at(s, i, len0);
    const bool prefix = !(c0 & kNotPrefix);
    // A1 and A2, first with the optional prefix character taken (greedy), then without.
    if (prefix) {
      if (const std::size_t end = a1(s, n, i + len0)) return end;
    }
    if (const std::size_t end = a1(s, n, i)) return end;
    if (prefix) {
      if (const std::size_t end = a2(s, n, i + len0)) return end;
    }
    if (const std::size_t end = a2(s, n, i)) return end;
    // A3 \p{N}{1,3}
    if (c0 & kNumber) {
      std::size_t end = i + len0;
      for (int k = 1; k < 3 && is(s, n, end, kNumber); ++k) end += char_length(s[end]);
      return end;
    }
    // A4  ?[^\s\p{L}\p{N}]+[\r\n/]*
    std::size_t start = i;
    if (s[i] == ' ' && i + 1 < n && !is(s, n, i + 1, kNotOther)) start = i + 1;
    if (start > i || !(c0 & kNotOther)) {
      std::size_t end = run_not(s, n, start, kNotOther);
      while (end < n && (s[end] == '\r' || s[end] == '\n' || s[end] == '/')) ++end;
      return end;
    }
    // c0 is White_Space.
    const SpaceRun ws = space_run(s, n, i);
    if (ws.newline_end != 0) return ws.newline_end;  // A5: up to the last \r or \n
    if (ws.end == n) return n;                       // A6 at the end of the text
    if (ws.last > i) return ws.last;                 // A6: all but the last space
    return ws.end;                                   // A7
  }

 private:
  /// A1 from `start` (after the prefix decision): U* then W+ then a contraction. U* is greedy
  /// and gives characters back until W+ can match: W+ starts at the end of the U run if a
  /// lowercase letter is there, else at the last "both" character inside the run. 0 = no match.
  static std::size_t a1(const unsigned char* s, std::size_t n, std::size_t start) noexcept {
    using namespace scan;
    std::size_t end = start, last_both_end = 0;
    while (end < n) {
      std::size_t len;
      const std::uint8_t c = at(s, end, len);
      if (!(c & kU)) break;
      end += len;
      if (c & kBoth) last_both_end = end;
    }
    if (is(s, n, end, kLower)) return contraction(s, n, run(s, n, end, kW));
    if (last_both_end != 0) return contraction(s, n, last_both_end);
    return 0;
  }

  /// A2 from `start`: U+ then W* then a contraction. 0 = no match.
  static std::size_t a2(const unsigned char* s, std::size_t n, std::size_t start) noexcept {
    using namespace scan;
    const std::size_t end = run(s, n, start, kU);
    if (end == start) return 0;
    return contraction(s, n, run(s, n, end, kW));
  }

  /// (?i:'s|'t|'re|'ve|'m|'ll|'d)? at q: where it ends (q if absent).
  static std::size_t contraction(const unsigned char* s, std::size_t n, std::size_t q) noexcept {
    using namespace scan;
    if (q >= n || s[q] != '\'') return q;
    for (char c : {'s', 't', 'm', 'd'}) {
      if (const std::size_t len = folds_to(s, n, q + 1, c)) return q + 1 + len;
    }
    for (const char* two : {"re", "ve", "ll"}) {
      if (folds_to(s, n, q + 1, two[0]) && folds_to(s, n, q + 2, two[1])) return q + 3;
    }
    return q;
  }
};

}  // namespace airtok::detail
