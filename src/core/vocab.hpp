// vocab.hpp — the rank table: token bytes ↔ rank, in one flat, hashable, embeddable layout.
//
// The same layout serves the built-in encodings (a blob generated at build time by
// tools/embed_vocab.cpp and linked into the library, used in place with no start-up work) and
// custom encodings (built in memory by `Vocab::build`). Layout of a blob:
//
//   VocabHeader | offsets: uint32[rank_count + 1] | slots: uint32[slot_count] | bytes
//
// Token r's bytes are bytes[offsets[r], offsets[r+1]); an absent rank has an empty range.
// `slots` is an open-addressing hash table (linear probing, load factor <= 1/2) of ranks keyed
// by XXH3-64 of the token's bytes; kNoRank marks an empty slot.
#pragma once

#include <airtok/encoding.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace airtok::detail {

inline constexpr Rank kNoRank = 0xFFFFFFFFu;
/// Ranks at or above this are refused: tables are indexed by rank.
inline constexpr Rank kMaxRank = (1u << 28) - 1;

struct VocabHeader {
  char magic[8];  // "AIRTOKV1"
  std::uint32_t rank_count;
  std::uint32_t token_count;
  std::uint32_t slot_count;
  std::uint32_t byte_count;
};
static_assert(sizeof(VocabHeader) == 24, "VocabHeader is written to disk as is");
inline constexpr char kVocabMagic[8] = {'A', 'I', 'R', 'T', 'O', 'K', 'V', '1'};

/// Hash of token bytes used by the slot table (also at build time: must never change without
/// regenerating the blobs, which the build does).
std::uint64_t token_hash(std::string_view bytes) noexcept;

class Vocab {
 public:
  Vocab() = default;
  // Views point into the owned vectors (whose buffers survive a move), so copying is not allowed.
  Vocab(const Vocab&) = delete;
  Vocab& operator=(const Vocab&) = delete;
  Vocab(Vocab&&) noexcept = default;
  Vocab& operator=(Vocab&&) noexcept = default;

  /// Builds owned tables. Throws InvalidEncodingError on an empty token, a duplicate token or
  /// rank, or a rank above kMaxRank.
  static Vocab build(const MergeableRanks& ranks);
  /// Uses an embedded blob in place. Throws InvalidEncodingError if the blob is malformed.
  static Vocab view(std::span<const unsigned char> blob);

  /// The blob form of these tables (what `view` reads).
  std::string serialize() const;

  /// Rank of the token whose bytes are exactly `bytes`, or kNoRank.
  Rank find(std::string_view bytes) const noexcept {
    const std::uint32_t mask = slot_count_ - 1;
    for (std::uint64_t i = token_hash(bytes);; ++i) {
      const Rank r = slots_[i & mask];
      if (r == kNoRank) return kNoRank;
      if (token(r) == bytes) return r;
    }
  }
  /// Rank of the one-byte token `b`, or kNoRank.
  Rank byte_rank(unsigned char b) const noexcept { return byte_rank_[b]; }
  /// Bytes of token `r`; empty when r is not a rank of this vocabulary.
  std::string_view token(Rank r) const noexcept {
    if (r >= rank_count_) return {};
    return {bytes_ + offsets_[r], offsets_[r + 1] - offsets_[r]};
  }
  bool has_rank(Rank r) const noexcept { return r < rank_count_ && offsets_[r + 1] > offsets_[r]; }
  std::uint32_t rank_count() const noexcept { return rank_count_; }
  std::uint32_t token_count() const noexcept { return token_count_; }
  /// Largest rank, or kNoRank when empty.
  Rank max_rank() const noexcept { return rank_count_ == 0 ? kNoRank : rank_count_ - 1; }

 private:
  void index_bytes();

  std::vector<std::uint32_t> owned_offsets_;
  std::vector<std::uint32_t> owned_slots_;
  std::vector<char> owned_bytes_;
  const std::uint32_t* offsets_ = nullptr;
  const std::uint32_t* slots_ = nullptr;
  const char* bytes_ = nullptr;
  std::uint32_t rank_count_ = 0;
  std::uint32_t token_count_ = 0;
  std::uint32_t slot_count_ = 0;
  std::uint32_t byte_count_ = 0;
  std::array<Rank, 256> byte_rank_{};
};

}  // namespace airtok::detail
