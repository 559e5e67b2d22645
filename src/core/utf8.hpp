// utf8.hpp — the one UTF-8 module: every decoder, validator and byte test in src/ is here.
//
// Two kinds of decoder, named apart so a call site says which promise it relies on:
//   - `decode_valid` trusts its input (text already validated, or a string that is valid by
//     construction: a pre-tokenizer piece of a validated text). It reads 1 to 4 bytes with no
//     check; on invalid UTF-8 its result is meaningless (but it never reads past the bytes the
//     lead byte announces).
//   - `decode_checked` and `decode_checked_multibyte` accept any bytes and refuse what Python's
//     strict decoder and Rust's `str::from_utf8` refuse: overlong forms, surrogates, anything
//     above U+10FFFF, truncated sequences.
// `utf8_valid_up_to` and `append_utf8_replacing` (utf8.cpp) validate and replace whole strings.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace airtok::detail {

/// What `decode_checked` returns for invalid UTF-8 (not a code point).
inline constexpr char32_t kInvalidCodePoint = 0xFFFFFFFF;

/// Whether `byte` is a UTF-8 continuation byte (10xxxxxx).
constexpr bool is_continuation_byte(unsigned char byte) noexcept { return (byte & 0xC0) == 0x80; }

/// Length of the longest prefix of `bytes` that is valid UTF-8 (Rust's `Utf8Error::valid_up_to`:
/// no overlongs, no surrogates, nothing above U+10FFFF). Equals bytes.size() when all is valid.
std::size_t utf8_valid_up_to(std::string_view bytes) noexcept;

/// The first invalid sequence of `bytes`: where it starts (bytes.size() if there is none), its
/// length as Python's decoder counts it (the maximal subpart, at least 1) and Python's reason.
struct Utf8Invalid {
  std::size_t offset = 0;
  std::size_t length = 0;
  const char* reason = "";  // "invalid start byte", "invalid continuation byte", ...
  bool at_end = false;      // a valid start cut short by the end ("unexpected end of data")
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

/// Unchecked: decodes the code point that starts at p, which must be valid UTF-8 (at least as
/// many bytes as its lead byte announces), and stores its length in bytes in `len`.
inline char32_t decode_valid(const unsigned char* p, std::size_t& len) noexcept {
  const unsigned b = p[0];
  if (b < 0x80) {
    len = 1;
    return b;
  }
  if (b < 0xE0) {
    len = 2;
    return ((b & 0x1Fu) << 6) | (p[1] & 0x3Fu);
  }
  if (b < 0xF0) {
    len = 3;
    return ((b & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
  }
  len = 4;
  return ((b & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
}

/// Checked: if a valid multi-byte UTF-8 character (no overlong, no surrogate, at most U+10FFFF)
/// starts at s[i] (i < n), returns its length (2 to 4) and sets `cp`; otherwise (an ASCII byte
/// included) returns 0.
inline unsigned decode_checked_multibyte(const unsigned char* s, std::size_t n, std::size_t i,
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

/// Checked: decodes the code point starting at `text[pos]` (pos < text.size()) and advances
/// `pos` past it. On invalid UTF-8 returns kInvalidCodePoint and leaves `pos` unchanged.
inline char32_t decode_checked(std::string_view text, std::size_t& pos) noexcept {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  if (bytes[pos] < 0x80) return bytes[pos++];
  char32_t cp = 0;
  const unsigned length = decode_checked_multibyte(bytes, text.size(), pos, cp);
  if (length == 0) return kInvalidCodePoint;
  pos += length;
  return cp;
}

/// Checked: length (1 to 4) of the valid UTF-8 sequence starting at `text[pos]` (pos <
/// text.size()), or 0 when the bytes there are not one (a continuation byte, an overlong form, a
/// surrogate, a value above U+10FFFF, a sequence cut short by the end of `text`).
inline std::size_t valid_sequence_length(std::string_view text, std::size_t pos) noexcept {
  std::size_t next = pos;
  return decode_checked(text, next) == kInvalidCodePoint ? 0 : next - pos;
}

/// Number of code points in valid UTF-8 `text` (bytes that are not continuation bytes).
std::size_t utf8_length(std::string_view text) noexcept;

}  // namespace airtok::detail
