// piece_cache.hpp — a per-thread memo of pieces that needed merging (kept in ThreadState).
//
// Most pieces of real text are a single token (found by one hash lookup); the rest (about one
// in eight in English prose) need the merge loop, which costs some 2,000 instructions each.
// Words repeat, so a small direct-mapped cache of "piece bytes → tokens" per thread and per
// encoding removes most merges. It is exact: an entry is used only when its bytes equal the
// piece's. Measured gains are in docs/performance-notes.md.
#pragma once

#include "core/tuning.hpp"
#include "core/vocab.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

namespace airtok::detail {

class PieceCache {
 public:
  /// False in a build configured with AIRTOK_THREAD_CACHES=OFF (for benchmarks of text seen
  /// for the first time): then nothing is remembered, so every piece is merged anew and every
  /// join probes the merge table.
#ifdef AIRTOK_NO_THREAD_CACHES
  static constexpr bool kEnabled = false;
#else
  static constexpr bool kEnabled = true;
#endif
  static constexpr std::size_t kMaxBytes = kPieceCacheMaxBytes;  // tuning.hpp
  static constexpr std::size_t kMaxTokens = kPieceCacheMaxTokens;
  static constexpr std::size_t kEntries = kPieceCacheEntries;

  /// A remembered piece: its bytes and its tokens; length 0 marks an empty entry. Aligned to
  /// a cache line, so a main-table entry (64 bytes) is exactly one.
  template <class Length, std::size_t kBytes, std::size_t kTokens>
  struct alignas(64) CachedPiece {
    Length length = 0;
    Length token_count = 0;
    char bytes[kBytes];
    Rank tokens[kTokens];
  };
  using Entry = CachedPiece<std::uint8_t, kMaxBytes, kMaxTokens>;
  static_assert(sizeof(Entry) == 64, "a main-table entry is one cache line");

  PieceCache() { clear(); }

  /// Forgets every piece and pair (filled in place: the arrays are too large for the stack).
  void clear() noexcept {
    entries_.fill(Entry{});
    if (long_entries_) {
      for (LongEntry& e : *long_entries_) e.length = 0;
    }
    pair_memo_.fill(~std::uint64_t{0});
  }

  /// Vocab::merge_rank_memo's memo for this thread and encoding.
  std::uint64_t* pair_memo() noexcept { return kEnabled ? pair_memo_.data() : nullptr; }

  /// The unique id of the encoding this cache serves (ThreadState::piece_cache).
  std::uint64_t owner() const noexcept { return owner_; }
  void set_owner(std::uint64_t owner) noexcept { owner_ = owner; }

  /// Bytes this cache holds: the main table and memo, and the long table once allocated.
  std::size_t allocated_bytes() const noexcept {
    return sizeof(*this) + (long_entries_ ? sizeof(*long_entries_) : 0);
  }

  /// Starts loading the entry find(piece, h) will read.
  void prefetch(std::uint64_t h) const noexcept {
    if constexpr (kEnabled) __builtin_prefetch(&entries_[h & (kEntries - 1)]);
  }

  /// The entry for `piece` (hash `h`), or null.
  const Entry* find(std::string_view piece, std::uint64_t h) const noexcept {
    if constexpr (!kEnabled) return nullptr;
    return matching(entries_[h & (kEntries - 1)], piece);
  }

  /// Longer pieces that needed merging (up to bpe_encode's 256-byte scan limit) have their own
  /// smaller table, allocated on first use: in translated text they are long runs of kana and
  /// kanji, and rules of dashes or equals signs, which repeat.
  static constexpr std::size_t kLongMaxBytes = kLongPieceMaxBytes;  // tuning.hpp
  static constexpr std::size_t kLongMaxTokens = kLongPieceMaxTokens;
  static constexpr std::size_t kLongEntries = kLongPieceEntries;

  using LongEntry = CachedPiece<std::uint16_t, kLongMaxBytes, kLongMaxTokens>;

  /// The long entry for `piece` (hash `h`, more than kMaxBytes), or null.
  const LongEntry* find_long(std::string_view piece, std::uint64_t h) const noexcept {
    if constexpr (!kEnabled) return nullptr;
    return long_entries_ ? matching((*long_entries_)[h & (kLongEntries - 1)], piece) : nullptr;
  }

  /// Remembers that `piece` (hash `h`, more than kMaxBytes) encodes to `tokens`.
  void insert_long(std::string_view piece, std::uint64_t h, const Rank* tokens, std::size_t count) {
    if (!kEnabled || piece.size() > kLongMaxBytes || count > kLongMaxTokens) return;
    if (!long_entries_) long_entries_ = std::make_unique<std::array<LongEntry, kLongEntries>>();
    fill((*long_entries_)[h & (kLongEntries - 1)], piece, tokens, count);
  }

  /// Remembers that `piece` (hash `h`, at most kMaxBytes) encodes to `tokens`.
  void insert(std::string_view piece, std::uint64_t h, const Rank* tokens,
              std::size_t count) noexcept {
    if (!kEnabled || piece.size() > kMaxBytes || piece.empty() || count > kMaxTokens) return;
    fill(entries_[h & (kEntries - 1)], piece, tokens, count);
  }

 private:
  template <class E>
  static const E* matching(const E& e, std::string_view piece) noexcept {
    return e.length == piece.size() && same_bytes(e.bytes, piece.data(), piece.size()) ? &e
                                                                                       : nullptr;
  }
  template <class E>
  static void fill(E& e, std::string_view piece, const Rank* tokens, std::size_t count) noexcept {
    e.length = static_cast<decltype(e.length)>(piece.size());
    e.token_count = static_cast<decltype(e.token_count)>(count);
    std::memcpy(e.bytes, piece.data(), piece.size());
    std::memcpy(e.tokens, tokens, count * sizeof(Rank));
  }

  std::uint64_t owner_ = 0;
  std::array<Entry, kEntries> entries_{};
  std::unique_ptr<std::array<LongEntry, kLongEntries>> long_entries_;  // null until needed
  std::array<std::uint64_t, Vocab::kPairMemo> pair_memo_;              // ~0: an empty slot
};

}  // namespace airtok::detail
