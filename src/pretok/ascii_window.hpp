// ascii_window.hpp — the classes of 16 bytes at once, as bit masks, for the scanners' ASCII fast
// paths.
//
// Bit k of each mask is about byte p[k]. A scanner reads a piece's end off the masks (the first
// byte not in a run is the first zero bit) instead of a loop with one branch per byte, whose exit
// mispredicts once per word. Only ASCII is classified: a byte of 0x80 or above sets `high` and no
// other mask, and the scanners hand every case where such a byte could change the piece to their
// general code.
//
// SSE2 is part of x86-64, so no dispatch is needed; elsewhere AIRTOK_ASCII_WINDOW is 0 and the
// scanners use only their general code.
#pragma once

#include "pretok/scan_util.hpp"

#include <bit>
#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#define AIRTOK_ASCII_WINDOW 1
#else
#define AIRTOK_ASCII_WINDOW 0
#endif

namespace airtok::detail::scan {

#if AIRTOK_ASCII_WINDOW

/// The classes of the 16 bytes at p (which must all be readable). Each accessor computes its
/// mask when called, so a path pays only for the masks it reads.
class AsciiWindow {
 public:
  static constexpr int kBytes = 16;

  explicit AsciiWindow(const unsigned char* p) noexcept
      : v_(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))) {}

  /// Bytes of 0x80 and above (parts of non-ASCII characters).
  std::uint32_t high() const noexcept { return mask(v_); }
  /// A-Z and a-z.
  std::uint32_t letter() const noexcept { return in_range(_mm_or_si128(v_, set(0x20)), 'a', 26); }
  /// A-Z.
  std::uint32_t upper() const noexcept { return in_range(v_, 'A', 26); }
  /// a-z.
  std::uint32_t lower() const noexcept { return in_range(v_, 'a', 26); }
  /// 0-9.
  std::uint32_t digit() const noexcept { return in_range(v_, '0', 10); }
  /// ASCII White_Space: \t \n \v \f \r and space.
  std::uint32_t space() const noexcept { return in_range(v_, '\t', 5) | equal(' '); }
  /// \r and \n.
  std::uint32_t newline() const noexcept { return equal('\n') | equal('\r'); }
  /// Bytes equal to c.
  std::uint32_t equal(char c) const noexcept {
    return mask(_mm_cmpeq_epi8(v_, set(static_cast<unsigned char>(c))));
  }

 private:
  static __m128i set(unsigned char c) noexcept { return _mm_set1_epi8(static_cast<char>(c)); }
  static std::uint32_t mask(__m128i m) noexcept {
    return static_cast<std::uint32_t>(_mm_movemask_epi8(m));
  }
  /// Bytes b with first <= b < first + count, as an unsigned compare: shifting the range to
  /// start at -128 makes it a signed one, which SSE2 has.
  static std::uint32_t in_range(__m128i v, unsigned char first, unsigned char count) noexcept {
    const __m128i shifted = _mm_add_epi8(v, set(static_cast<unsigned char>(0x80 - first)));
    return mask(_mm_cmplt_epi8(shifted, set(static_cast<unsigned char>(0x80 + count))));
  }

  __m128i v_;
};

/// End of the run of characters of class `mask` from byte `from` of the window at i, whose ASCII
/// members are the bits of `bits` (set at `from`): where those bits end, unless a non-ASCII
/// character or the window's end is there, from which scan::run goes on.
template <std::uint8_t mask>
inline std::size_t ascii_run(const unsigned char* s, std::size_t n, std::size_t i,
                             std::uint32_t bits, std::uint32_t high, int from) noexcept {
  const int end = std::countr_one(bits >> from) + from;
  if (end < AsciiWindow::kBytes && !((high >> end) & 1)) return i + end;
  return run(s, n, i + end, mask);
}

/// \p{N}{1,3} from the ASCII digit at i, off the window's `digit` and `high` masks: 0 where a
/// non-ASCII digit after one or two might extend it.
inline std::size_t ascii_digits(std::size_t i, std::uint32_t digit, std::uint32_t high) noexcept {
  const int end = std::countr_one(digit);
  if (end >= 3) return i + 3;
  return (high >> end) & 1 ? 0 : i + end;
}

/// A run of ASCII punctuation (bits of `other`) from byte `from` (0 or 1) of the window `w` at
/// i, then the newlines after it (\r and \n, and '/' too when `slash`): cl100k_base's
/// " ?[^\s\p{L}\p{N}]++[\r\n]*+" and o200k_base's " ?[^\s\p{L}\p{N}]+[\r\n/]*". 0 where a
/// non-ASCII character or the window's end stops the punctuation.
template <bool slash>
inline std::size_t ascii_punctuation(const unsigned char* s, std::size_t n, std::size_t i,
                                     const AsciiWindow& w, std::uint32_t other, std::uint32_t high,
                                     int from) noexcept {
  const int end = std::countr_one(other >> from) + from;
  if (end == AsciiWindow::kBytes || ((high >> end) & 1)) return 0;
  const std::uint32_t trailing = slash ? w.newline() | w.equal('/') : w.newline();
  const int newlines = std::countr_one(trailing >> end);
  std::size_t at = i + end + newlines;
  if (end + newlines == AsciiWindow::kBytes) {  // the newlines may go on past the window
    while (at < n && (s[at] == '\r' || s[at] == '\n' || (slash && s[at] == '/'))) ++at;
  }
  return at;
}

/// The piece of White_Space at i (bits of `space` from bit 0 on) for cl100k_base's and
/// o200k_base's rules, when the run ends inside the window at an ASCII byte (so not at the end
/// of the text): up to its last newline, else all but its last character, else the one
/// character. 0 where the run reaches a non-ASCII byte or the window's end.
[[gnu::always_inline]] inline std::size_t ascii_space(std::size_t i, const AsciiWindow& w,
                                                      std::uint32_t space,
                                                      std::uint32_t high) noexcept {
  const int end = std::countr_one(space);
  if (end == AsciiWindow::kBytes || ((high >> end) & 1)) return 0;
  const std::uint32_t newlines = w.newline() & ((1u << end) - 1);
  if (newlines != 0) return i + std::bit_width(newlines);
  return end >= 2 ? i + end - 1 : i + 1;
}

#endif

/// A scanner's `next`: its ASCII fast path where the window fits and the path decides, else
/// its general code.
template <class Scanner>
inline std::size_t next_piece(const unsigned char* s, std::size_t n, std::size_t i) noexcept {
#if AIRTOK_ASCII_WINDOW
  if (n - i >= static_cast<std::size_t>(AsciiWindow::kBytes)) {
    if (const std::size_t end = Scanner::next_ascii(s, n, i)) return end;
  }
#endif
  return Scanner::next_any(s, n, i);
}

}  // namespace airtok::detail::scan
