// hex.hpp — the one home of hexadecimal digits for messages, digests and escapes.
//
// Every message that shows a byte ("byte 0x8f"), every digest (SHA-1 cache keys, SHA-256
// hashes), every "\xNN" escape and every "U+00E9" code point is written by these functions, so
// the spelling (lower case for bytes and digests, upper case for code points, as Unicode and
// PCRE2 write them) is decided once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace airtok::detail {

inline constexpr char kHexDigitsLower[] = "0123456789abcdef";
inline constexpr char kHexDigitsUpper[] = "0123456789ABCDEF";

/// Appends `byte` as two lower-case hex digits ("8f").
inline void append_hex_byte(unsigned char byte, std::string& out) {
  out += kHexDigitsLower[byte >> 4];
  out += kHexDigitsLower[byte & 0xF];
}

/// Appends `byte` as the four characters \x8f (how Python and C spell a byte in a string).
inline void append_byte_escape(unsigned char byte, std::string& out) {
  out += "\\x";
  append_hex_byte(byte, out);
}

/// `byte` as "0x8f", the spelling of every message that names a byte.
inline std::string hex_byte(unsigned char byte) {
  std::string out = "0x";
  append_hex_byte(byte, out);
  return out;
}

/// `size` bytes as lower-case hex, two digits each (a digest as sha256sum prints it).
inline std::string hex_string(const unsigned char* bytes, std::size_t size) {
  std::string out;
  out.reserve(2 * size);
  for (std::size_t i = 0; i < size; ++i) append_hex_byte(bytes[i], out);
  return out;
}

/// Appends `value` in upper-case hex with at least `min_digits` digits (no prefix).
inline void append_hex_upper(std::uint32_t value, std::string& out, int min_digits = 1) {
  char buffer[8];
  int length = 0;
  do {
    buffer[length++] = kHexDigitsUpper[value & 0xF];
    value >>= 4;
  } while (value != 0 || length < min_digits);
  while (length > 0) out += buffer[--length];
}

/// Whether `c` is a lower-case hex digit (the spelling of digests and cache keys).
constexpr bool is_lower_hex_digit(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

}  // namespace airtok::detail
