// utf8.cpp — validation and Python-compatible replacement decoding.
//
// Both rest on one function: the length of the valid sequence starting at a position, or, when
// it is invalid, how many bytes form its "maximal subpart" (Unicode's recommended practice,
// which Python's decoder and Rust's `valid_up_to` follow): the longest prefix of a well-formed
// sequence, at least one byte.
#include "core/utf8.hpp"

#include <algorithm>
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

inline std::uint64_t load_word(const unsigned char* p) noexcept {
  std::uint64_t word;
  std::memcpy(&word, p, 8);
  return word;
}

// A shift-based DFA for the fast path: each state is a bit offset (a multiple of 6) into a
// 64-bit row per byte value, and the row holds, at that offset, the offset of the next state.
// One load, one shift and one mask per byte, no branch. States: accept, need 1, 2 or 3
// continuation bytes, and the four lead bytes whose second byte has a narrower range (E0: no
// overlong, ED: no surrogate, F0: no overlong, F4: nothing above U+10FFFF); the error state
// keeps itself.
namespace dfa {

enum : unsigned {
  kAccept = 0,
  kNeed1 = 6,
  kNeed2 = 12,
  kNeed3 = 18,
  kAfterE0 = 24,
  kAfterED = 30,
  kAfterF0 = 36,
  kAfterF4 = 42,
  kError = 48
};

constexpr unsigned next(unsigned state, unsigned b) {
  const bool c80 = b >= 0x80 && b <= 0x8F, c90 = b >= 0x90 && b <= 0x9F,
             cA0 = b >= 0xA0 && b <= 0xBF;
  const bool cont = c80 || c90 || cA0;
  switch (state) {
    case kAccept:
      if (b < 0x80) return kAccept;
      if (b >= 0xC2 && b <= 0xDF) return kNeed1;
      if (b == 0xE0) return kAfterE0;
      if (b == 0xED) return kAfterED;
      if (b >= 0xE1 && b <= 0xEF) return kNeed2;
      if (b == 0xF0) return kAfterF0;
      if (b >= 0xF1 && b <= 0xF3) return kNeed3;
      if (b == 0xF4) return kAfterF4;
      return kError;
    case kNeed1:
      return cont ? kAccept : kError;
    case kNeed2:
      return cont ? kNeed1 : kError;
    case kNeed3:
      return cont ? kNeed2 : kError;
    case kAfterE0:
      return cA0 ? kNeed1 : kError;
    case kAfterED:
      return c80 || c90 ? kNeed1 : kError;
    case kAfterF0:
      return c90 || cA0 ? kNeed2 : kError;
    case kAfterF4:
      return c80 ? kNeed2 : kError;
    default:
      return kError;
  }
}

struct Table {
  std::uint64_t row[256];
  constexpr Table() : row() {
    for (unsigned b = 0; b < 256; ++b) {
      std::uint64_t r = 0;
      for (unsigned state = kAccept; state <= kError; state += 6) {
        r |= std::uint64_t{next(state, b)} << state;
      }
      row[b] = r;
    }
  }
};

constexpr Table kTable;

}  // namespace dfa

/// utf8_valid_up_to from `i` (a character boundary) with one `step` per character: the precise
/// path, for text the DFA found an error in.
std::size_t valid_up_to_from(std::string_view bytes, std::size_t i) noexcept {
  while (i < bytes.size()) {
    const Step st = step(bytes, i);
    if (!st.valid) return i;
    i += st.length;
  }
  return i;
}

}  // namespace

std::size_t utf8_valid_up_to(std::string_view bytes) noexcept {
  // The DFA runs over blocks of 16 bytes (ASCII skipped eight at a time between characters)
  // and remembers the last block start that was a character boundary; on an error, or text
  // ending inside a character, the precise path takes over from there.
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::uint64_t state = dfa::kAccept;
  std::size_t boundary = 0, i = 0;
  while (i < n) {
    if (state == dfa::kAccept) {
      boundary = i;
      while (i + 8 <= n && (load_word(s + i) & 0x8080808080808080ull) == 0) i += 8;
      if (i >= n) break;
    }
    const std::size_t end = std::min(n, i + 16);
    for (; i < end; ++i) state = dfa::kTable.row[s[i]] >> (state & 63);
    state &= 63;
    if (state == dfa::kError) break;
  }
  if (state == dfa::kAccept) return n;
  return valid_up_to_from(bytes, boundary);
}

Utf8Invalid utf8_first_invalid(std::string_view bytes) noexcept {
  Utf8Invalid r;
  r.offset = utf8_valid_up_to(bytes);
  if (r.offset == bytes.size()) return r;
  const Step st = step(bytes, r.offset);
  r.length = st.length;
  const bool lead = in(static_cast<unsigned char>(bytes[r.offset]), 0xC2, 0xF4);
  r.at_end = lead && r.offset + st.length == bytes.size();
  r.reason = !lead      ? "invalid start byte"
             : r.at_end ? "unexpected end of data"
                        : "invalid continuation byte";
  return r;
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
