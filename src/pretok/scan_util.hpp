// scan_util.hpp — the small steps the specialized scanners are made of. Every function takes
// valid UTF-8 (`s`, `n`) and a position at a character boundary.
#pragma once

#include "pretok/char_class.hpp"

#include <cstddef>

namespace airtok::detail::scan {

/// Class of the character at i (i < n) and its length in bytes.
inline std::uint8_t at(const unsigned char* s, std::size_t i, std::size_t& len) noexcept {
  return class_at(s + i, len);
}

/// Length of the character whose first byte is b.
inline std::size_t char_length(unsigned char b) noexcept {
  return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

/// End of the run of characters whose class has a bit of `mask`, starting at i.
inline std::size_t run(const unsigned char* s, std::size_t n, std::size_t i,
                       std::uint8_t mask) noexcept {
  while (i < n) {
    const unsigned char b = s[i];
    if (b < 0x80) {
      if (!(kAsciiClass[b] & mask)) break;
      ++i;
      continue;
    }
    std::size_t len;
    if (!(char_class(decode_valid(s + i, len)) & mask)) break;
    i += len;
  }
  return i;
}

/// End of the run of characters whose class has no bit of `mask` (the complement of `run`).
inline std::size_t run_not(const unsigned char* s, std::size_t n, std::size_t i,
                           std::uint8_t mask) noexcept {
  while (i < n) {
    std::size_t len;
    if (at(s, i, len) & mask) break;
    i += len;
  }
  return i;
}

/// End of the run of White_Space from i, and where its last character starts (`last`), and
/// where its last \r or \n ends (`newline_end`, 0 if none).
struct SpaceRun {
  std::size_t end;
  std::size_t last;
  std::size_t newline_end;
};
[[gnu::always_inline]] inline SpaceRun space_run(const unsigned char* s, std::size_t n,
                                                 std::size_t i) noexcept {
  SpaceRun r{i, i, 0};
  while (r.end < n) {
    std::size_t len;
    const std::uint8_t c = at(s, r.end, len);
    if (!(c & kSpace)) break;
    r.last = r.end;
    r.end += len;
    if (c & kNewline) r.newline_end = r.end;
  }
  return r;
}

/// Is the character at i (if any) in `mask`?
inline bool is(const unsigned char* s, std::size_t n, std::size_t i, std::uint8_t mask) noexcept {
  std::size_t len;
  return i < n && (at(s, i, len) & mask);
}

/// Length of the letter at i if it folds case-insensitively to ASCII `lower` (Rust regex's
/// simple case folding: 's' also matches U+017F LATIN SMALL LETTER LONG S and 'k' U+212A
/// KELVIN SIGN; no other ASCII letter has a non-ASCII fold), else 0.
inline std::size_t folds_to(const unsigned char* s, std::size_t n, std::size_t i,
                            char lower) noexcept {
  if (i >= n) return 0;
  const unsigned char b = s[i];
  if (b == static_cast<unsigned char>(lower) || b == static_cast<unsigned char>(lower - 32)) {
    return 1;
  }
  if (lower == 's' && b == 0xC5 && i + 1 < n && s[i + 1] == 0xBF) return 2;  // U+017F
  if (lower == 'k' && b == 0xE2 && i + 2 < n && s[i + 1] == 0x84 && s[i + 2] == 0xAA) return 3;
  return 0;
}

}  // namespace airtok::detail::scan
