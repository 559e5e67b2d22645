// scanner_r50k.hpp — hand-compiled pre-tokenizer for gpt2, r50k_base, p50k_base, p50k_edit:
//
//   '(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s
//
// `next` returns where the piece starting at i ends, exactly as Rust regex's leftmost-first
// matching does; each branch names the alternative it implements. Tested against the PCRE2
// path (tests/pretok, tests/fuzz) and, through the encoder, against the reference.
#pragma once

#include "pretok/scan_util.hpp"

namespace airtok::detail {

struct ScannerR50k {
  static std::size_t next(const unsigned char* s, std::size_t n, std::size_t i) noexcept {
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
};

}  // namespace airtok::detail
