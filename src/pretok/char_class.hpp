// char_class.hpp — what the built-in patterns need to know about a code point, in one byte.
//
// The three built-in pattern families only ask whether a character is a letter (and, for o200k,
// which kind), a mark, a number, White_Space, or \r / \n. Those facts, from the same Unicode 16.0
// tables as the PCRE2 path (unicode_tables.cpp), are packed into one byte per code point and
// stored as a two-stage table (block index per 256 code points, then the blocks), generated at
// build time by tools/gen_char_classes.cpp.
#pragma once

#include "core/utf8.hpp"

#include <cstddef>
#include <cstdint>

namespace airtok::detail {

enum CharClass : std::uint8_t {
  kUpper = 1,         // Lu, Lt
  kLower = 2,         // Ll
  kLetterOther = 4,   // Lm, Lo
  kMark = 8,          // Mn, Mc, Me
  kNumber = 16,       // Nd, Nl, No
  kSpace = 32,        // White_Space (Rust regex's \s)
  kNewline = 64,      // \r or \n (also kSpace)
  kApostrophe = 128,  // ' (U+0027)
  kLetter = kUpper | kLower | kLetterOther,
};

/// Generated tables (char_class_table.cpp in the build tree).
extern const std::uint8_t kCharClassStage1[0x110000 >> 8];
extern const std::uint8_t kCharClassStage2[][256];
extern const std::uint8_t kAsciiClass[128];

inline std::uint8_t char_class(char32_t cp) noexcept {
  return kCharClassStage2[kCharClassStage1[cp >> 8]][cp & 0xFF];
}

/// Class and length of the character at p (valid UTF-8: the scanners run on validated text).
inline std::uint8_t class_at(const unsigned char* p, std::size_t& len) noexcept {
  if (p[0] < 0x80) {
    len = 1;
    return kAsciiClass[p[0]];
  }
  return char_class(decode_valid(p, len));
}

}  // namespace airtok::detail
