// utf8.hpp — the UTF-8 facts tiktoken's behaviour depends on.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace airtok::detail {

/// Length of the longest prefix of `bytes` that is valid UTF-8 (Rust's `Utf8Error::valid_up_to`:
/// no overlongs, no surrogates, nothing above U+10FFFF). Equals bytes.size() when all is valid.
std::size_t utf8_valid_up_to(std::string_view bytes) noexcept;

/// Appends `bytes` to `out`, each maximal invalid subsequence replaced by U+FFFD exactly as
/// Python's `bytes.decode("utf-8", errors="replace")` does.
void append_utf8_replacing(std::string_view bytes, std::string& out);

/// Appends the UTF-8 encoding of code point `c` (at most U+10FFFF).
inline void append_utf8(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

/// Number of code points in valid UTF-8 `text` (bytes that are not continuation bytes).
std::size_t utf8_length(std::string_view text) noexcept;

}  // namespace airtok::detail
