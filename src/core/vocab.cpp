// vocab.cpp — building, serializing and viewing rank tables (see vocab.hpp for the layout).
#include "core/vocab.hpp"

#include "core/bpe.hpp"

#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>

namespace airtok::detail {

std::uint64_t long_token_hash(std::string_view bytes) noexcept {
  return XXH3_64bits(bytes.data(), bytes.size());
}

namespace {

/// Where the merge table starts in a blob: after the bytes, rounded up to a multiple of 8.
std::size_t merges_offset(const VocabHeader& h) {
  const std::size_t end = sizeof h + sizeof(Slot) * std::size_t{h.slot_count} +
                          4 * (std::size_t{h.rank_count} + 1) + 4 * std::size_t{65536} +
                          h.byte_count;
  return (end + 7) / 8 * 8;
}

[[noreturn]] void fail(const std::string& message) { throw InvalidEncodingError(message); }

std::string printable(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

Vocab Vocab::build(const MergeableRanks& ranks) {
  Vocab v;
  Rank max_rank = 0;
  std::size_t byte_count = 0;
  for (const auto& [bytes, rank] : ranks) {
    if (bytes.empty())
      fail("mergeable ranks contain an empty token (rank " + std::to_string(rank) +
           "); every token needs at least one byte");
    if (rank > kMaxRank)
      fail("rank " + std::to_string(rank) + " of token \"" + printable(bytes) +
           "\" is too large (airtok supports ranks up to " + std::to_string(kMaxRank) + ")");
    max_rank = std::max(max_rank, rank);
    byte_count += bytes.size();
    v.max_token_length_ = std::max(v.max_token_length_, static_cast<std::uint32_t>(bytes.size()));
  }
  if (byte_count > 0xFFFFFFF0u) fail("mergeable ranks hold more than 4 GiB of token bytes");

  v.rank_count_ = ranks.empty() ? 0 : max_rank + 1;
  v.token_count_ = static_cast<std::uint32_t>(ranks.size());
  std::vector<const std::string*> by_rank(v.rank_count_, nullptr);
  for (const auto& entry : ranks) {
    const std::string*& slot = by_rank[entry.second];
    if (slot != nullptr) {
      fail("rank " + std::to_string(entry.second) + " is given to two tokens, \"" +
           printable(*slot) + "\" and \"" + printable(entry.first) + "\"");
    }
    slot = &entry.first;
  }
  v.owned_offsets_.resize(std::size_t{v.rank_count_} + 1);
  v.owned_bytes_.reserve(byte_count);
  for (Rank r = 0; r < v.rank_count_; ++r) {
    v.owned_offsets_[r] = static_cast<std::uint32_t>(v.owned_bytes_.size());
    if (by_rank[r] != nullptr) {
      v.owned_bytes_.insert(v.owned_bytes_.end(), by_rank[r]->begin(), by_rank[r]->end());
    }
  }
  v.owned_offsets_[v.rank_count_] = static_cast<std::uint32_t>(v.owned_bytes_.size());
  v.byte_count_ = static_cast<std::uint32_t>(v.owned_bytes_.size());
  v.offsets_ = v.owned_offsets_.data();
  v.bytes_ = v.owned_bytes_.data();

  v.slot_count_ = std::bit_ceil(std::max<std::uint32_t>(16, 2 * v.token_count_));
  v.owned_slots_.assign(v.slot_count_, Slot{kNoRank, 0});
  v.slots_ = v.owned_slots_.data();
  const std::uint32_t mask = v.slot_count_ - 1;
  for (Rank r = 0; r < v.rank_count_; ++r) {
    if (!v.has_rank(r)) continue;
    const std::string_view bytes = v.token(r);
    const std::uint64_t hash = token_hash(bytes);
    std::uint64_t i = hash;
    for (;; ++i) {
      const Rank other = v.owned_slots_[i & mask].rank;
      if (other == kNoRank) break;
      if (v.token(other) == bytes) {
        fail("token \"" + printable(bytes) + "\" has two ranks, " + std::to_string(other) +
             " and " + std::to_string(r));
      }
    }
    v.owned_slots_[i & mask] = Slot{r, static_cast<std::uint32_t>(hash >> 32)};
  }
  v.index_bytes();
  v.build_byte_pairs();
  v.build_merges();
  return v;
}

Vocab Vocab::view(std::span<const unsigned char> blob) {
  VocabHeader h;
  if (blob.size() < sizeof h) fail("embedded vocabulary is truncated");
  std::memcpy(&h, blob.data(), sizeof h);
  if (std::memcmp(h.magic, kVocabMagic, sizeof kVocabMagic) != 0) {
    fail("embedded vocabulary has a bad magic number");
  }
  const std::size_t merges_at = merges_offset(h);
  const std::size_t need = merges_at + 8 * std::size_t{h.merge_slot_count};
  if (blob.size() < need || !std::has_single_bit(h.slot_count) ||
      (h.merge_slot_count != 0 && !std::has_single_bit(h.merge_slot_count))) {
    fail("embedded vocabulary is truncated or corrupt");
  }
  Vocab v;
  v.rank_count_ = h.rank_count;
  v.token_count_ = h.token_count;
  v.slot_count_ = h.slot_count;
  v.byte_count_ = h.byte_count;
  v.max_token_length_ = h.max_token_length;
  // The blob is 64-byte aligned (embedded_vocab.cpp.in) and the header is 32 bytes, so the
  // 8-byte slots and the uint32 arrays after them are aligned, and so are the merges (at a
  // multiple of 8).
  static_assert(sizeof(VocabHeader) % alignof(Slot) == 0);
  v.slots_ = reinterpret_cast<const Slot*>(blob.data() + sizeof h);
  v.offsets_ = reinterpret_cast<const std::uint32_t*>(v.slots_ + h.slot_count);
  v.byte_pairs_ = v.offsets_ + h.rank_count + 1;
  v.bytes_ = reinterpret_cast<const char*>(v.byte_pairs_ + 65536);
  v.index_bytes();
  if (h.merge_slot_count != 0 &&
      (h.rank_count > kMergeRankMask ||
       std::find(v.byte_rank_.begin(), v.byte_rank_.end(), kNoRank) != v.byte_rank_.end())) {
    fail("embedded vocabulary has a merge table it cannot have");
  }
  if (h.merge_slot_count != 0) {
    v.use_merges(reinterpret_cast<const std::uint64_t*>(blob.data() + merges_at),
                 h.merge_slot_count);
  }
  return v;
}

std::string Vocab::serialize() const {
  VocabHeader h{};
  std::memcpy(h.magic, kVocabMagic, sizeof kVocabMagic);
  h.rank_count = rank_count_;
  h.token_count = token_count_;
  h.slot_count = slot_count_;
  h.byte_count = byte_count_;
  h.max_token_length = max_token_length_;
  h.merge_slot_count = static_cast<std::uint32_t>(merges_ == nullptr ? 0 : merge_mask_ + 1);
  std::string out(reinterpret_cast<const char*>(&h), sizeof h);
  out.append(reinterpret_cast<const char*>(slots_), sizeof(Slot) * std::size_t{slot_count_});
  out.append(reinterpret_cast<const char*>(offsets_), 4 * (std::size_t{rank_count_} + 1));
  out.append(reinterpret_cast<const char*>(byte_pairs_), 4 * std::size_t{65536});
  out.append(bytes_, byte_count_);
  out.resize(merges_offset(h), '\0');
  out.append(reinterpret_cast<const char*>(merges_), 8 * std::size_t{h.merge_slot_count});
  return out;
}

void Vocab::build_byte_pairs() {
  owned_byte_pairs_.resize(65536);
  for (unsigned pair = 0; pair < 65536; ++pair) {
    const char two[2] = {static_cast<char>(pair >> 8), static_cast<char>(pair & 0xFF)};
    owned_byte_pairs_[pair] = find(std::string_view(two, 2));
  }
  byte_pairs_ = owned_byte_pairs_.data();
}

void Vocab::build_merges() {
  if (rank_count_ > kMergeRankMask) return;
  for (unsigned b = 0; b < 256; ++b) {
    if (byte_rank_[b] == kNoRank) return;
  }
  std::vector<std::uint64_t> entries;
  entries.reserve(token_count_);
  for (Rank r = 0; r < rank_count_; ++r) {
    if (!has_rank(r) || token(r).size() < 2) continue;
    if (const auto split = bpe_last_merge(*this, token(r))) {
      entries.push_back((std::uint64_t{split->first} << kMergeBits | split->second) << kMergeBits |
                        r);
    }
  }
  const std::uint64_t slots = std::bit_ceil(std::max<std::uint64_t>(16, 2 * entries.size()));
  owned_merges_.assign(slots, kEmptyMerge);
  use_merges(owned_merges_.data(), slots);
  for (const std::uint64_t e : entries) {
    std::uint64_t i = merge_slot(e >> kMergeBits);
    while (owned_merges_[i & merge_mask_] != kEmptyMerge) ++i;
    owned_merges_[i & merge_mask_] = e;
  }
}

const Vocab::Splits& Vocab::splits() const {
  std::call_once(splits_->once, [this] {
    Splits& s = *splits_;
    if (!has_merge_table()) return;  // usable stays false
    s.table.assign(rank_count_, Splits::kBase);
    s.usable = true;
    for (std::uint64_t i = 0; s.usable && i <= merge_mask_; ++i) {
      const std::uint64_t e = merges_[i];
      if (e == kEmptyMerge) continue;
      const auto token = static_cast<Rank>(e & kMergeRankMask);
      const auto right = static_cast<Rank>((e >> kMergeBits) & kMergeRankMask);
      const auto left = static_cast<Rank>(e >> (2 * kMergeBits));
      // A split must rank below its token (valid_pair undoes merges in rank order); a token
      // outside the table would mean a corrupt blob: either way, no valid_pair.
      s.usable = token < rank_count_ && left < token && right < token;
      if (s.usable) s.table[token] = std::uint64_t{left} << 32 | right;
    }
  });
  return *splits_;
}

bool Vocab::splits_usable() const { return splits().usable; }

bool Vocab::valid_pair(Rank left, Rank right) const {
  const std::vector<std::uint64_t>& split = splits().table;
  // `limit`: the rank of the merge undone last, which in forward order ends the present
  // facing pair. A merge across the boundary happens first if its rank is lower; on equal
  // ranks the leftmost pair wins, so it loses to a merge inside `left` (strictly lower needed)
  // and beats one inside `right` (limit right + 1).
  std::uint64_t limit = ~std::uint64_t{0};
  for (;;) {
    const Rank across = merge_rank(left, right);
    if (across != kNoRank && across < limit) return false;
    const bool left_base = split[left] == Splits::kBase;
    const bool right_base = split[right] == Splits::kBase;
    if (left_base && right_base) return true;
    if (!left_base && (right_base || left > right)) {  // `left` was formed last: undo it
      limit = left;
      left = static_cast<Rank>(split[left] & 0xFFFFFFFFu);
    } else {
      limit = std::uint64_t{right} + 1;
      right = static_cast<Rank>(split[right] >> 32);
    }
  }
}

void Vocab::use_merges(const std::uint64_t* merges, std::uint64_t slot_count) noexcept {
  merges_ = merges;
  merge_mask_ = slot_count - 1;
  merge_shift_ = static_cast<unsigned>(64 - std::countr_zero(slot_count));
}

void Vocab::index_bytes() {
  for (unsigned b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    byte_rank_[b] = find(std::string_view(&c, 1));
  }
}

}  // namespace airtok::detail
