// scanner_cl100k.hpp — hand-compiled pre-tokenizer for cl100k_base:
//
//   '(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|
//   \s++$|\s*[\r\n]|\s+(?!\S)|\s
//
// `next` returns where the piece starting at i ends, exactly as Rust regex's leftmost-first
// matching does; each branch names the alternative it implements.
#pragma once

#include "pretok/scan_util.hpp"

namespace airtok::detail {

struct ScannerCl100k {
  static std::size_t next(const unsigned char* s, std::size_t n, std::size_t i) noexcept {
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
};

}  // namespace airtok::detail
