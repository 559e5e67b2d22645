// split.cpp — see split.hpp.
#include "core/split.hpp"

#include "core/encoding_impl.hpp"

#include <cstring>

namespace airtok::detail {

namespace {

inline bool ascii_letter(char c) noexcept { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

}  // namespace

std::size_t find_safe_cut_before(const EncodingImpl& impl, std::string_view text, std::size_t from,
                                 std::size_t to, std::size_t window) noexcept {
  if (impl.family() == PatternFamily::generic) return 0;
  if (to > text.size()) to = text.size();
  const std::size_t low = to > window ? std::max(from, to - window) : from;
  // Search backwards for "<letter><space>": the cut is before the space.
  for (std::size_t p = to; p > low + 1;) {
    const void* hit = memrchr(text.data() + low + 1, ' ', p - (low + 1));
    if (hit == nullptr) break;
    p = static_cast<std::size_t>(static_cast<const char*>(hit) - text.data());
    if (ascii_letter(text[p - 1])) return p;
  }
  return 0;
}

}  // namespace airtok::detail
