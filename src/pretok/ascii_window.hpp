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

#endif

}  // namespace airtok::detail::scan
