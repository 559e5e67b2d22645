// thread_state.cpp — the one thread_local of the encoder's core.
#include "core/thread_state.hpp"

namespace airtok::detail {

ThreadState& ThreadState::current() noexcept {
  thread_local ThreadState state;
  return state;
}

PieceCache& ThreadState::piece_cache(std::uint64_t owner) {
  for (auto& c : piece_caches_) {
    if (c && c->owner() == owner) return *c;
  }
  auto& slot = piece_caches_[next_victim_];
  next_victim_ = (next_victim_ + 1) % piece_caches_.size();
  if (!slot) {
    slot = std::make_unique<PieceCache>();
  } else {
    slot->clear();
  }
  slot->set_owner(owner);
  return *slot;
}

void ThreadState::release() noexcept {
  for (auto& c : piece_caches_) c.reset();
  next_victim_ = 0;
  for (std::vector<Rank>* v : {&count_tokens, &segment_count_tokens, &ordinary_to, &segment}) {
    std::vector<Rank>().swap(*v);
  }
}

std::size_t ThreadState::allocated_bytes() const noexcept {
  std::size_t bytes = 0;
  for (const auto& c : piece_caches_) bytes += c ? c->allocated_bytes() : 0;
  for (const std::vector<Rank>* v :
       {&count_tokens, &segment_count_tokens, &ordinary_to, &segment}) {
    bytes += v->capacity() * sizeof(Rank);
  }
  return bytes;
}

}  // namespace airtok::detail
