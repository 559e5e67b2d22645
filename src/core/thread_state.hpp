// thread_state.hpp — everything an encoding thread keeps between calls, in one object.
//
// Each thread that encodes owns one ThreadState, created on its first call and destroyed when
// the thread exits. Per thread, at most:
//   - piece caches for the last kPieceCacheSlots (4) encodings it used, each 640 KiB:
//     512 KiB of merged pieces (8192 entries of 64 bytes) and 128 KiB of merge-table answers,
//     allocated on first use, plus 576 KiB (1024 entries of 576 bytes) once a merged piece is
//     longer than 30 bytes: up to about 4.7 MiB in all;
//   - scratch token vectors (one piece's tokens while counting, a text's tokens in
//     encode_ordinary_to, a long piece's segment): each is released after a call in which it
//     grew past kScratchKeepBytes (1 MiB), so what stays is bounded by that, not by the
//     largest text the thread ever saw;
//   - the PCRE2 pre-tokenizer's match data and JIT stack (custom patterns only: a few hundred
//     bytes plus a JIT stack that starts at 64 KiB and may grow to 64 MiB of reserved address
//     space), kept in pcre2_pretokenizer.cpp and released with the rest.
// Outside the encoder, the C API keeps the thread's last error message (airtok_c.cpp) and the
// cache code a random engine per thread for temporary file names (atomic_write.cpp,
// cache_dir.cpp, about 7.5 KB); release_thread_caches() leaves those alone.
//
// Speed: ThreadState::current() is one thread_local access (in a shared library possibly a
// call to __tls_get_addr), so each public call looks it up once and passes references down;
// nothing on the per-piece path touches thread_local storage.
#pragma once

#include "core/piece_cache.hpp"
#include "core/tuning.hpp"

#include <airtok/encoding.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace airtok::detail {

class ThreadState {
 public:
  /// The calling thread's state (one thread_local access).
  static ThreadState& current() noexcept;

  /// The thread's piece cache for the encoding whose unique id is `owner`: an existing one, or
  /// the oldest slot cleared for it. Owner ids are never reused (a process-wide counter), so a
  /// cache never serves another encoding's pieces.
  PieceCache& piece_cache(std::uint64_t owner);

  /// Frees every cache and scratch buffer (the next call allocates them again).
  void release() noexcept;

  /// Bytes held now by the piece caches and the scratch vectors (not the PCRE2 state).
  std::size_t allocated_bytes() const noexcept;

  /// Scratch: one piece's tokens while counting (EncodingImpl::count_*).
  std::vector<Rank> count_tokens;
  /// Scratch: the tokens of the rightmost-piece count (count_segment_bytes).
  std::vector<Rank> segment_count_tokens;
  /// Scratch: a whole text's tokens in Encoding::encode_ordinary_to.
  std::vector<Rank> ordinary_to;
  /// Scratch: one segment of a long piece (bpe.cpp, merge_long).
  std::vector<Rank> segment;

 private:
  std::array<std::unique_ptr<PieceCache>, kPieceCacheSlots> piece_caches_;
  std::size_t next_victim_ = 0;
};

/// The shrink rule: after a call, a scratch vector that grew past kScratchKeepBytes is freed.
inline void trim_scratch(std::vector<Rank>& scratch) noexcept {
  if (scratch.capacity() * sizeof(Rank) > kScratchKeepBytes) std::vector<Rank>().swap(scratch);
}

/// Frees the calling thread's PCRE2 match data and JIT stack (pcre2_pretokenizer.cpp).
void release_pcre2_thread_state() noexcept;

}  // namespace airtok::detail
