// utf8_decode.hpp — strict one-code-point-at-a-time UTF-8 decoding for the data-gym loader.
//
// Python's `bytes.decode()` (which tiktoken applies to vocab.bpe) refuses overlong forms,
// surrogates and anything above U+10FFFF; so does this.
#pragma once

#include <cstddef>
#include <string_view>

namespace airtok::detail {

inline constexpr char32_t kInvalidCodePoint = 0xFFFFFFFF;

/// Decodes the code point starting at `text[pos]` and advances `pos` past it. On invalid UTF-8
/// returns kInvalidCodePoint and leaves `pos` unchanged. `pos` must be < text.size().
inline char32_t decode_utf8(std::string_view text, std::size_t& pos) noexcept {
  const auto byte_at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte_at(pos);
  if (lead < 0x80) {
    ++pos;
    return lead;
  }
  std::size_t length = 0;
  char32_t code_point = 0;
  char32_t min_value = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, code_point = lead & 0x1Fu, min_value = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, code_point = lead & 0x0Fu, min_value = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, code_point = lead & 0x07u, min_value = 0x10000;
  } else {
    return kInvalidCodePoint;
  }
  if (text.size() - pos < length) return kInvalidCodePoint;
  for (std::size_t i = 1; i < length; ++i) {
    const unsigned char next = byte_at(pos + i);
    if ((next & 0xC0) != 0x80) return kInvalidCodePoint;
    code_point = (code_point << 6) | (next & 0x3Fu);
  }
  if (code_point < min_value || code_point > 0x10FFFF) return kInvalidCodePoint;
  if (code_point >= 0xD800 && code_point <= 0xDFFF) return kInvalidCodePoint;
  pos += length;
  return code_point;
}

}  // namespace airtok::detail
