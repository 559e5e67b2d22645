// scanner_cl100k.hpp — hand-compiled pre-tokenizer for cl100k_base:
//
//   '(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|
//   \s++$|\s*[\r\n]|\s+(?!\S)|\s
//
// `next` returns where the piece starting at i ends, exactly as Rust regex's leftmost-first
// matching does; each branch names the alternative it implements.
#pragma once

#include "pretok/ascii_window.hpp"
#include "pretok/scan_util.hpp"

#include <bit>

namespace airtok::detail {

struct ScannerCl100k {
  static std::size_t next(const unsigned char* s, std::size_t n, std::size_t i) noexcept {
    return scan::next_piece<ScannerCl100k>(s, n, i);
  }

  /// `next` by the rules alone (no fast path): what the fast path is tested against.
  static std::size_t next_any(const unsigned char* s, std::size_t n, std::size_t i) noexcept {
    using namespace scan;
    // '(?i:[sdmt]|ll|ve|re)
    if (s[i] == '\'') {
      for (char c : {'s', 'd', 'm', 't'}) {
        if (const std::size_t len = folds_to(s, n, i + 1, c)) return i + 1 + len;
      }
      for (const char* two : {"ll", "ve", "re"}) {
        if (folds_to(s, n, i + 1, two[0]) && folds_to(s, n, i + 2, two[1])) return i + 3;
      }
    }
    std::size_t len0;
    const std::uint8_t c0 = at(s, i, len0);
    // [^\r\n\p{L}\p{N}]?+\p{L}++  — the optional character is possessive: once taken, a letter
    // must follow it or the alternative fails.
    if (c0 & kLetter) return run(s, n, i, kLetter);
    if (!(c0 & (kNewline | kNumber)) && is(s, n, i + len0, kLetter)) {
      return run(s, n, i + len0, kLetter);
    }
    // \p{N}{1,3}+
    if (c0 & kNumber) {
      std::size_t end = i + len0;
      for (int k = 1; k < 3 && is(s, n, end, kNumber); ++k) end += char_length(s[end]);
      return end;
    }
    //  ?[^\s\p{L}\p{N}]++[\r\n]*+
    constexpr std::uint8_t kNotOther = kSpace | kLetter | kNumber;
    std::size_t start = i;
    if (s[i] == ' ' && i + 1 < n && !is(s, n, i + 1, kNotOther)) start = i + 1;
    if (start > i || !(c0 & kNotOther)) {
      std::size_t end = run_not(s, n, start, kNotOther);
      while (end < n && (s[end] == '\r' || s[end] == '\n')) ++end;
      return end;
    }
    // c0 is White_Space.
    const SpaceRun ws = space_run(s, n, i);
    if (ws.end == n) return n;                       // \s++$
    if (ws.newline_end != 0) return ws.newline_end;  // \s*[\r\n]: up to the last \r or \n
    if (ws.last > i) return ws.last;                 // \s+(?!\S)
    return i + len0;                                 // \s
  }

#if AIRTOK_ASCII_WINDOW
  /// The piece at i read off the classes of the 16 bytes at i (i + 16 <= n), for the pieces
  /// whose end those bytes decide: 0 where a non-ASCII byte (or a run reaching past the window)
  /// could change it, or the piece is a contraction, and next_any decides.
  static std::size_t next_ascii(const unsigned char* s, std::size_t n, std::size_t i) noexcept {
    using namespace scan;
    const unsigned char b0 = s[i];
    if (b0 >= 0x80 || b0 == '\'') return 0;
    const AsciiWindow w(s + i);
    const std::uint32_t high = w.high(), letter = w.letter();
    // [^\r\n\p{L}\p{N}]?+\p{L}++ from a letter.
    if (letter & 1) return ascii_run<kLetter>(s, n, i, letter, high, 0);
    const std::uint32_t digit = w.digit();
    if (digit & 1) return ascii_digits(i, digit, high);  // \p{N}{1,3}+
    const bool newline0 = b0 == '\r' || b0 == '\n';
    // The same after one character that is not \r, \n, a letter or a number.
    if (!newline0 && (letter & 2)) return ascii_run<kLetter>(s, n, i, letter, high, 1);
    if (high & 2) return 0;  // a non-ASCII second character: a letter, White_Space...
    const std::uint32_t space = w.space();
    const std::uint32_t other = ~(letter | digit | space | high) & 0xFFFF;
    //  ?[^\s\p{L}\p{N}]++[\r\n]*+
    if (other & 1) return ascii_punctuation<false>(s, n, i, w, other, high, 0);
    if (b0 == ' ' && (other & 2)) return ascii_punctuation<false>(s, n, i, w, other, high, 1);
    return ascii_space(i, w, space, high);  // \s*[\r\n], \s+(?!\S), \s
  }
#endif
};

}  // namespace airtok::detail
