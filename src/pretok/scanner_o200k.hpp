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

#include "pretok/ascii_window.hpp"
#include "pretok/scan_util.hpp"

#include <bit>

namespace airtok::detail {

struct ScannerO200k {
  static constexpr std::uint8_t kU = kUpper | kLetterOther | kMark;
  static constexpr std::uint8_t kW = kLower | kLetterOther | kMark;
  static constexpr std::uint8_t kBoth = kLetterOther | kMark;
  static constexpr std::uint8_t kNotPrefix = kNewline | kLetter | kNumber;  // [^\r\n\p{L}\p{N}]
  static constexpr std::uint8_t kNotOther = kSpace | kLetter | kNumber;     // [^\s\p{L}\p{N}]

  static std::size_t next(const unsigned char* s, std::size_t n, std::size_t i) noexcept {
    return scan::next_piece<ScannerO200k>(s, n, i);
  }

  /// `next` by the rules alone (no fast path): what the fast path is tested against.
  static std::size_t next_any(const unsigned char* s, std::size_t n, std::size_t i) noexcept {
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

#if AIRTOK_ASCII_WINDOW
  /// The piece at i read off the classes of the 16 bytes at i (i + 16 <= n), for the pieces
  /// whose end those bytes decide: 0 where a non-ASCII byte (or a run reaching past the window)
  /// could change it, and next_any decides. ASCII has no character that is both upper-ish and
  /// lower-ish, which is what makes A1 and A2 simple here.
  static std::size_t next_ascii(const unsigned char* s, std::size_t n, std::size_t i) noexcept {
    using namespace scan;
    const unsigned char b0 = s[i];
    if (b0 >= 0x80) return 0;
    const AsciiWindow w(s + i);
    const std::uint32_t high = w.high(), upper = w.upper(), lower = w.lower();
    const std::uint32_t letter = upper | lower;
    if (letter & 1) return word(s, n, i, upper, lower, high, 0);
    const std::uint32_t digit = w.digit();
    if (digit & 1) return ascii_digits(i, digit, high);  // A3 \p{N}{1,3}
    // A1 or A2 after a prefix character (not \r, \n, a letter or a number).
    if (b0 != '\r' && b0 != '\n' && (letter & 2)) return word(s, n, i, upper, lower, high, 1);
    if (high & 2) return 0;  // a non-ASCII second character: a letter, White_Space...
    const std::uint32_t space = w.space();
    const std::uint32_t other = ~(letter | digit | space | high) & 0xFFFF;
    // A4  ?[^\s\p{L}\p{N}]+[\r\n/]*
    if (other & 1) return ascii_punctuation<true>(s, n, i, w, other, high, 0);
    if (b0 == ' ' && (other & 2)) return ascii_punctuation<true>(s, n, i, w, other, high, 1);
    return ascii_space(i, w, space, high);  // A5, A6, A7
  }
#endif

 private:
#if AIRTOK_ASCII_WINDOW
  /// A1 or A2 from byte `from` of the window at i, a letter. A1 is U* W+: upper-case letters,
  /// then lower-case ones (U* cannot give any back, as no ASCII letter is both). If no
  /// lower-case letter follows the upper-case ones, A1 fails (with and without the prefix) and
  /// A2 (U+ W*) takes the upper-case ones.
  static std::size_t word(const unsigned char* s, std::size_t n, std::size_t i, std::uint32_t upper,
                          std::uint32_t lower, std::uint32_t high, int from) noexcept {
    constexpr int kBytes = scan::AsciiWindow::kBytes;
    const int u = std::countr_one(upper >> from) + from;
    if (u == kBytes || ((high >> u) & 1)) return 0;
    if (!((lower >> u) & 1)) return contraction(s, n, i + u);                // A2
    return contraction(s, n, scan::ascii_run<kW>(s, n, i, lower, high, u));  // A1
  }
#endif

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
    if (q >= n || s[q] != '\'') return q;
    return after_apostrophe(s, n, q);
  }

  /// contraction() at q, an apostrophe (out of line: most words have none).
  [[gnu::noinline]] static std::size_t after_apostrophe(const unsigned char* s, std::size_t n,
                                                        std::size_t q) noexcept {
    using namespace scan;
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
