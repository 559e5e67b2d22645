// utf8.hpp — the UTF-8 facts tiktoken's behaviour depends on.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace airtok::detail {

/// Length of the longest prefix of `bytes` that is valid UTF-8 (Rust's `Utf8Error::valid_up_to`:
/// no overlongs, no surrogates, nothing above U+10FFFF). Equals bytes.size() when all is valid.
std::size_t utf8_valid_up_to(std::string_view bytes) noexcept;

/// The first invalid sequence of `bytes`: where it starts (bytes.size() if there is none), its
/// length as Python's decoder counts it (the maximal subpart, at least 1) and Python's reason.
struct Utf8Invalid {
  std::size_t offset = 0;
  std::size_t length = 0;
  const char* reason = "";  // "invalid start byte", "invalid continuation byte", ...
};
Utf8Invalid utf8_first_invalid(std::string_view bytes) noexcept;

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

/// If a valid multi-byte UTF-8 character (no overlong, no surrogate, at most U+10FFFF) starts
/// at s[i] (i < n), returns its length (2 to 4) and sets `cp`; otherwise returns 0.
inline unsigned utf8_char_at(const unsigned char* s, std::size_t n, std::size_t i,
                             char32_t& cp) noexcept {
  const unsigned b0 = s[i];
  const auto cont = [&](std::size_t k) { return i + k < n && (s[i + k] & 0xC0) == 0x80; };
  if (b0 < 0xC2 || b0 > 0xF4 || !cont(1)) return 0;
  const unsigned b1 = s[i + 1];
  if (b0 < 0xE0) {
    cp = (b0 & 0x1F) << 6 | (b1 & 0x3F);
    return 2;
  }
  if (!cont(2)) return 0;
  if (b0 < 0xF0) {
    if ((b0 == 0xE0 && b1 < 0xA0) || (b0 == 0xED && b1 >= 0xA0)) return 0;
    cp = (b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | (s[i + 2] & 0x3F);
    return 3;
  }
  if (!cont(3) || (b0 == 0xF0 && b1 < 0x90) || (b0 == 0xF4 && b1 >= 0x90)) return 0;
  cp = (b0 & 0x07) << 18 | (b1 & 0x3F) << 12 | (s[i + 2] & 0x3F) << 6 | (s[i + 3] & 0x3F);
  return 4;
}

/// Number of code points in valid UTF-8 `text` (bytes that are not continuation bytes).
std::size_t utf8_length(std::string_view text) noexcept;

}  // namespace airtok::detail
