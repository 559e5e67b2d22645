// piece_cache.cpp — each thread keeps caches for the last few encodings it used.
#include "core/piece_cache.hpp"

namespace airtok::detail {

PieceCache& PieceCache::for_owner(std::uint64_t owner) {
  constexpr std::size_t kSlots = 4;
  thread_local std::array<std::unique_ptr<PieceCache>, kSlots> caches;
  thread_local std::size_t next_victim = 0;
  for (auto& c : caches) {
    if (c && c->owner_ == owner) return *c;
  }
  // Owner ids are never reused (a process-wide counter), so a cache can never serve another
  // encoding's pieces.
  auto& slot = caches[next_victim];
  next_victim = (next_victim + 1) % kSlots;
  if (!slot) {
    slot = std::make_unique<PieceCache>();
  } else {
    slot->clear();
  }
  slot->owner_ = owner;
  return *slot;
}

}  // namespace airtok::detail
