// utf8.cpp — validation and Python-compatible replacement decoding.
//
// Both rest on one function: the length of the valid sequence starting at a position, or, when
// it is invalid, how many bytes form its "maximal subpart" (Unicode's recommended practice,
// which Python's decoder and Rust's `valid_up_to` follow): the longest prefix of a well-formed
// sequence, at least one byte.
#include "core/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace airtok::detail {

namespace {

struct Step {
  std::size_t length;  // bytes consumed
  bool valid;
};

inline bool in(unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; }

Step step(std::string_view s, std::size_t i) noexcept {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return {1, true};
  std::size_t need;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (in(b, 0xC2, 0xDF)) {
    need = 1;
  } else if (in(b, 0xE0, 0xEF)) {
    need = 2;
    if (b == 0xE0) lo = 0xA0;  // no overlongs
    if (b == 0xED) hi = 0x9F;  // no surrogates
  } else if (in(b, 0xF0, 0xF4)) {
    need = 3;
    if (b == 0xF0) lo = 0x90;  // no overlongs
    if (b == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return {1, false};
  }
  for (std::size_t k = 1; k <= need; ++k) {
    if (i + k >= s.size()) return {k, false};
    const auto c = static_cast<unsigned char>(s[i + k]);
    if (k == 1 ? !in(c, lo, hi) : !in(c, 0x80, 0xBF)) return {k, false};
  }
  return {need + 1, true};
}

}  // namespace

std::size_t utf8_valid_up_to(std::string_view bytes) noexcept {
  std::size_t i = 0;
  while (i < bytes.size()) {
    // Eight ASCII bytes at a time.
    while (i + 8 <= bytes.size()) {
      std::uint64_t word;
      std::memcpy(&word, bytes.data() + i, 8);
      if (word & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= bytes.size()) break;
    if (static_cast<unsigned char>(bytes[i]) < 0x80) {
      ++i;
      continue;
    }
    const Step st = step(bytes, i);
    if (!st.valid) return i;
    i += st.length;
  }
  return i;
}

void append_utf8_replacing(std::string_view bytes, std::string& out) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const Step st = step(bytes, i);
    if (st.valid) {
      out.append(bytes.data() + i, st.length);
    } else {
      out += "\xEF\xBF\xBD";
    }
    i += st.length;
  }
}

std::size_t utf8_length(std::string_view text) noexcept {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace airtok::detail
