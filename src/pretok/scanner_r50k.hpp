// scanner_r50k.hpp — hand-compiled pre-tokenizer for gpt2, r50k_base, p50k_base, p50k_edit:
//
//   '(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s
//
// `next` returns where the piece starting at i ends, exactly as Rust regex's leftmost-first
// matching does; each branch names the alternative it implements. Tested against the PCRE2
// path (tests/pretok, tests/fuzz) and, through the encoder, against the reference.
#pragma once

#include "pretok/ascii_window.hpp"
#include "pretok/scan_util.hpp"

#include <bit>

namespace airtok::detail {

struct ScannerR50k {
  static std::size_t next(const unsigned char* s, std::size_t n, std::size_t i) noexcept {
    return scan::next_piece<ScannerR50k>(s, n, i);
  }

  /// `next` by the rules alone (no fast path): what the fast path is tested against.
  static std::size_t next_any(const unsigned char* s, std::size_t n, std::size_t i) noexcept {
    using namespace scan;
    // '(?:[sdmt]|ll|ve|re)  — case-sensitive
    if (s[i] == '\'' && i + 1 < n) {
      const unsigned char a = s[i + 1];
      if (a == 's' || a == 'd' || a == 'm' || a == 't') return i + 2;
      if (i + 2 < n) {
        const unsigned char b = s[i + 2];
        if ((a == 'l' && b == 'l') || (a == 'v' && b == 'e') || (a == 'r' && b == 'e')) {
          return i + 3;
        }
      }
    }
    std::size_t len0;
    const std::uint8_t c0 = at(s, i, len0);
    constexpr std::uint8_t kOther = kSpace | kLetter | kNumber;  // [^\s\p{L}\p{N}] is "none"
    // " ?X++" for X = \p{L}, \p{N}, [^\s\p{L}\p{N}]: a space joins the run that follows it.
    std::size_t start = i;
    std::uint8_t c = c0;
    if (s[i] == ' ' && i + 1 < n) {
      std::size_t len1;
      const std::uint8_t c1 = at(s, i + 1, len1);
      if (!(c1 & kSpace)) {
        start = i + 1;
        c = c1;
      }
    }
    if (c & kLetter) return run(s, n, start, kLetter);       //  ?\p{L}++
    if (c & kNumber) return run(s, n, start, kNumber);       //  ?\p{N}++
    if (!(c & kOther)) return run_not(s, n, start, kOther);  //  ?[^\s\p{L}\p{N}]++
    // c0 is White_Space.
    const SpaceRun ws = space_run(s, n, i);
    if (ws.end == n) return n;        // \s++$
    if (ws.last > i) return ws.last;  // \s+(?!\S): all but the last space
    return i + len0;                  // \s
  }

#if AIRTOK_ASCII_WINDOW
  /// The piece at i read off the classes of the 16 bytes at i (i + 16 <= n): 0 where a
  /// non-ASCII byte could change it, or it may be a contraction, and next_any decides.
  static std::size_t next_ascii(const unsigned char* s, std::size_t n, std::size_t i) noexcept {
    using namespace scan;
    constexpr int kBytes = AsciiWindow::kBytes;
    const unsigned char b0 = s[i];
    if (b0 >= 0x80 || b0 == '\'') return 0;
    const AsciiWindow w(s + i);
    const std::uint32_t high = w.high(), space = w.space();
    int from = 0;  // where the run starts: after a space that joins it
    if (b0 == ' ' && !(space & 2)) {
      if (high & 2) return 0;  // the class of a non-ASCII character decides the run
      from = 1;
    } else if (space & 1) {
      // b0 is White_Space: the run must end inside the window at an ASCII byte, so not at the
      // end of the text.
      const int end = std::countr_one(space);
      if (end == kBytes || ((high >> end) & 1)) return 0;
      return end >= 2 ? i + end - 1 : i + 1;  // \s+(?!\S), \s
    }
    const std::uint32_t letter = w.letter(), digit = w.digit();
    const std::uint32_t first = 1u << from;
    if (letter & first) return ascii_run<kLetter>(s, n, i, letter, high, from);  //  ?\p{L}++
    if (digit & first) return ascii_run<kNumber>(s, n, i, digit, high, from);    //  ?\p{N}++
    //  ?[^\s\p{L}\p{N}]++
    const std::uint32_t other = ~(letter | digit | space | high) & 0xFFFF;
    const int end = std::countr_one(other >> from) + from;
    if (end < kBytes && !((high >> end) & 1)) return i + end;
    return run_not(s, n, i + end, kSpace | kLetter | kNumber);
  }
#endif
};

}  // namespace airtok::detail
