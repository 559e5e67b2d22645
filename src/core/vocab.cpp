// vocab.cpp — building, serializing and viewing rank tables (see vocab.hpp for the layout).
#include "core/vocab.hpp"

#include "core/bpe.hpp"
#include "core/hex.hpp"
#include "core/utf8.hpp"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <string>
#include <unordered_map>

namespace airtok::detail {

std::uint64_t long_token_hash(std::string_view bytes) noexcept {
  return XXH3_64bits(bytes.data(), bytes.size());
}

namespace {

/// Where the merge table starts in a blob: after the bytes, rounded up to a multiple of 8.
std::size_t merges_offset(const VocabHeader& h) {
  const std::size_t end = sizeof h + sizeof(KeySlot) * std::size_t{h.slot_count} +
                          4 * (std::size_t{h.rank_count} + 1) + 4 * std::size_t{65536} +
                          h.byte_count;
  return (end + 7) / 8 * 8;
}

/// Where the merge filter starts: after the merge table.
std::size_t merge_filter_offset(const VocabHeader& h) {
  return merges_offset(h) + 8 * std::size_t{h.merge_slot_count};
}

/// Where the token filter starts: after the merge filter.
std::size_t token_filter_offset(const VocabHeader& h) {
  return merge_filter_offset(h) + 8 * std::size_t{h.merge_filter_words};
}

/// Where the character table starts: after the token filter.
std::size_t chars_offset(const VocabHeader& h) {
  return token_filter_offset(h) + 8 * std::size_t{h.token_filter_words};
}

/// Where the pair table starts: after the character table.
std::size_t pair_firsts_offset(const VocabHeader& h) {
  return chars_offset(h) + (h.char_block_count == 0
                                ? 0
                                : 2 * std::size_t{kCharStage1} +
                                      (4 * std::size_t{h.char_block_count} << kCharBlockBits) +
                                      16 * std::size_t{Vocab::kCharMaxMasks});
}

[[noreturn]] void fail(const std::string& message) { throw InvalidEncodingError(message); }

// Byte classes for the character table (loose where that only makes the table more careful).
bool is_continuation(char c) { return is_continuation_byte(static_cast<unsigned char>(c)); }
unsigned lead_length(char c) {
  const auto b = static_cast<unsigned char>(c);
  return b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
}
/// `s` is a proper, non-empty prefix of a multi-byte character: a lead byte and fewer
/// continuation bytes than it announces.
bool proper_char_prefix(std::string_view s) {
  const unsigned n = lead_length(s[0]);
  return n != 0 && s.size() < n && std::all_of(s.begin() + 1, s.end(), is_continuation);
}
/// `w` could be a proper suffix of a multi-byte character: one to three continuation bytes.
bool continuation_run(std::string_view w) {
  return w.size() <= 3 && std::all_of(w.begin(), w.end(), is_continuation);
}
std::uint32_t short_key3(std::string_view s) {  // 1 to 3 bytes
  std::uint32_t k = static_cast<std::uint32_t>(s.size()) << 24;
  for (std::size_t i = 0; i < s.size(); ++i)
    k |= std::uint32_t{static_cast<unsigned char>(s[i])} << (8 * i);
  return k;
}

std::string printable(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      append_byte_escape(c, out);
    }
  }
  return out;
}

/// Throws unless `rank` of token `bytes` (one of `token_count`) fits the tables (vocab.hpp).
void check_rank(std::string_view bytes, Rank rank, std::size_t token_count) {
  if (rank > kMaxRank)
    fail("rank " + std::to_string(rank) + " of token \"" + printable(bytes) +
         "\" is too large (airtok supports ranks up to " + std::to_string(kMaxRank) + ")");
  if (rank >= rank_limit(token_count)) {
    fail("rank " + std::to_string(rank) + " of token \"" + printable(bytes) +
         "\" is too large for a vocabulary of " + std::to_string(token_count) +
         (token_count == 1 ? " token" : " tokens") + ": airtok's tables are indexed by rank, so " +
         "the ranks of n tokens must be below 2 * n + " + std::to_string(kRankSlack) + " (here " +
         std::to_string(rank_limit(token_count)) +
         "); number the tokens densely from 0, as trained vocabularies are");
  }
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
    check_rank(bytes, rank, ranks.size());
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

  // At most 4/5 full: a lookup reads one or two cache lines (see vocab.hpp).
  v.slot_count_ = std::bit_ceil(std::max<std::uint32_t>(
      16, static_cast<std::uint32_t>(std::uint64_t{v.token_count_} * 5 / 4 + 1)));
  v.owned_slots_.assign(v.slot_count_, KeySlot{});
  v.slots_ = v.owned_slots_.data();
  const std::uint32_t mask = v.slot_count_ - 1;
  for (Rank r = 0; r < v.rank_count_; ++r) {
    if (!v.has_rank(r)) continue;
    const std::string_view bytes = v.token(r);
    const std::uint64_t hash = token_hash(bytes);
    std::uint64_t i = hash;
    for (;; ++i) {
      const KeySlot& other = v.owned_slots_[i & mask];
      if (other.empty()) break;
      if (v.token(other.rank()) == bytes) {
        fail("token \"" + printable(bytes) + "\" has two ranks, " + std::to_string(other.rank()) +
             " and " + std::to_string(r));
      }
    }
    KeySlot slot = KeySlot::key(bytes.data(), bytes.size(), hash);
    slot.rank_code |= r << KeySlot::kCodeBits;
    v.owned_slots_[i & mask] = slot;
  }
  v.index_bytes();
  v.build_token_filter();
  v.build_byte_pairs();
  v.build_merges();
  v.build_chars();
  v.build_pair_firsts();
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
  const std::size_t chars_at = chars_offset(h);
  const std::size_t pairs_at = pair_firsts_offset(h);
  const std::size_t need = pairs_at + 2 * std::size_t{h.pair_first_count};
  // A character table always has kCharMaxMasks mask pairs, so that any entry's index is in
  // range.
  if (blob.size() < need || !std::has_single_bit(h.slot_count) ||
      (h.merge_slot_count != 0 && !std::has_single_bit(h.merge_slot_count)) ||
      (h.merge_slot_count == 0) != (h.merge_filter_words == 0) ||
      (h.merge_filter_words != 0 &&
       (h.merge_filter_words < 2 || !std::has_single_bit(h.merge_filter_words))) ||
      h.token_filter_words < 2 || !std::has_single_bit(h.token_filter_words) ||
      (h.char_block_count != 0 &&
       (h.merge_slot_count == 0 || h.char_mask_count != kCharMaxMasks)) ||
      (h.pair_first_count != 0 &&
       (h.merge_slot_count == 0 || h.pair_first_count != kPairFirstEntries))) {
    fail("embedded vocabulary is truncated or corrupt");
  }
  Vocab v;
  v.rank_count_ = h.rank_count;
  v.token_count_ = h.token_count;
  v.slot_count_ = h.slot_count;
  v.byte_count_ = h.byte_count;
  v.max_token_length_ = h.max_token_length;
  // The blob is 64-byte aligned (embedded_vocab.cpp.in) and the header is 64 bytes, so the
  // 16-byte slots start on a cache line and never straddle one, the uint32 arrays after them
  // are aligned, and so are the merges (at a multiple of 8).
  static_assert(sizeof(VocabHeader) % 64 == 0 && 64 % sizeof(KeySlot) == 0);
  v.slots_ = reinterpret_cast<const KeySlot*>(blob.data() + sizeof h);
  v.offsets_ = reinterpret_cast<const std::uint32_t*>(v.slots_ + h.slot_count);
  v.byte_pairs_ = v.offsets_ + h.rank_count + 1;
  v.bytes_ = reinterpret_cast<const char*>(v.byte_pairs_ + 65536);
  // Probes of both hash tables end at the key or at an empty entry, so in a full table the
  // lookup of an absent key would never end. A table at most 4/5 full (as the builder makes
  // them) has an empty entry within its first few, so these checks cost next to nothing.
  if (std::none_of(v.slots_, v.slots_ + h.slot_count, [](const KeySlot& s) { return s.empty(); })) {
    fail("embedded vocabulary is corrupt: its token slot table (" + std::to_string(h.slot_count) +
         " slots) has no empty slot, so looking up an absent token would never end");
  }
  v.index_bytes();
  if (h.merge_slot_count != 0 &&
      (h.rank_count > kMergeRankMask ||
       std::find(v.byte_rank_.begin(), v.byte_rank_.end(), kNoRank) != v.byte_rank_.end())) {
    fail("embedded vocabulary has a merge table it cannot have");
  }
  if (h.merge_slot_count != 0) {
    const auto* merges = reinterpret_cast<const std::uint64_t*>(blob.data() + merges_at);
    if (std::find(merges, merges + h.merge_slot_count, kEmptyMerge) ==
        merges + h.merge_slot_count) {
      fail("embedded vocabulary is corrupt: its merge table (" +
           std::to_string(h.merge_slot_count) +
           " slots) has no empty slot, so looking up an absent merge would never end");
    }
    v.use_merges(merges, h.merge_slot_count);
    v.merge_filter_.use(
        reinterpret_cast<const std::uint64_t*>(blob.data() + merge_filter_offset(h)),
        h.merge_filter_words);
  }
  v.token_filter_.use(reinterpret_cast<const std::uint64_t*>(blob.data() + token_filter_offset(h)),
                      h.token_filter_words);
  if (h.char_block_count != 0) {
    const auto* stage1 = reinterpret_cast<const std::uint16_t*>(blob.data() + chars_at);
    if (std::any_of(stage1, stage1 + kCharStage1,
                    [&](std::uint16_t b) { return b >= h.char_block_count; })) {
      fail("embedded vocabulary has a corrupt character table");
    }
    v.char_stage1_ = stage1;
    v.char_blocks_ = reinterpret_cast<const std::uint32_t*>(stage1 + kCharStage1);
    v.char_block_count_ = h.char_block_count;
    v.char_masks_ = reinterpret_cast<const std::uint64_t*>(
        v.char_blocks_ + (std::size_t{h.char_block_count} << kCharBlockBits));
    v.char_mask_count_ = h.char_mask_count;
  }
  if (h.pair_first_count != 0) {
    v.pair_firsts_ = reinterpret_cast<const std::uint16_t*>(blob.data() + pairs_at);
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
  h.char_block_count = char_block_count_;
  h.char_mask_count = char_mask_count_;
  h.pair_first_count = pair_firsts_ == nullptr ? 0 : kPairFirstEntries;
  h.merge_filter_words = merges_ == nullptr ? 0 : merge_filter_.word_count();
  h.token_filter_words = token_filter_.word_count();
  std::string out(reinterpret_cast<const char*>(&h), sizeof h);
  out.append(reinterpret_cast<const char*>(slots_), sizeof(KeySlot) * std::size_t{slot_count_});
  out.append(reinterpret_cast<const char*>(offsets_), 4 * (std::size_t{rank_count_} + 1));
  out.append(reinterpret_cast<const char*>(byte_pairs_), 4 * std::size_t{65536});
  out.append(bytes_, byte_count_);
  out.resize(merges_offset(h), '\0');
  out.append(reinterpret_cast<const char*>(merges_), 8 * std::size_t{h.merge_slot_count});
  out.append(reinterpret_cast<const char*>(merge_filter_.words),
             8 * std::size_t{h.merge_filter_words});
  out.append(reinterpret_cast<const char*>(token_filter_.words),
             8 * std::size_t{h.token_filter_words});
  if (char_block_count_ != 0) {
    out.append(reinterpret_cast<const char*>(char_stage1_), 2 * std::size_t{kCharStage1});
    out.append(reinterpret_cast<const char*>(char_blocks_),
               4 * (std::size_t{char_block_count_} << kCharBlockBits));
    out.append(reinterpret_cast<const char*>(char_masks_), 16 * std::size_t{char_mask_count_});
  }
  if (pair_firsts_ != nullptr) {
    out.append(reinterpret_cast<const char*>(pair_firsts_), 2 * std::size_t{kPairFirstEntries});
  }
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
  build_merge_filter(entries.size());
}

void Vocab::build_merge_filter(std::size_t merge_count) {
  owned_merge_filter_ = BloomFilter::storage(merge_count, kMergeFilterBitsPerMerge);
  merge_filter_.use(owned_merge_filter_.data(), owned_merge_filter_.size());
  for (std::uint64_t i = 0; i <= merge_mask_; ++i) {
    if (merges_[i] != kEmptyMerge) {
      merge_filter_.add(owned_merge_filter_, filter_hash(merges_[i] >> kMergeBits));
    }
  }
}

void Vocab::build_token_filter() {
  owned_token_filter_ = BloomFilter::storage(token_count_, kTokenFilterBitsPerToken);
  token_filter_.use(owned_token_filter_.data(), owned_token_filter_.size());
  for (Rank r = 0; r < rank_count_; ++r) {
    if (has_rank(r)) token_filter_.add(owned_token_filter_, token_hash(token(r)));
  }
}

// The character table. A multi-byte character c whose bytes the rule alone merges into one token
// t can start the rule already merged, next to given neighbours, when no merge the rule can make
// there cuts across c's edge (joins a proper part of c with bytes outside c) with a rank below
// t: until c is whole, one of its own merges (all ranked at or below t, as every token's split
// ranks below it) is always pending and lower. docs/performance-notes.md has the whole
// argument. A merge cutting c's left edge makes a token ending with a proper prefix of c; what
// stands before that prefix is what decides: an ASCII byte (c after ASCII), or a whole
// character or a proper suffix of one (c after a character). Likewise on the right. The lowest
// such ranks are gathered over every token the rule can make (those in the merge table).
//
// Three phases: the tokens the rule can make (Vocab::tokens_made), the lowest ranks that cut a
// character's edge (edge_cuts), each character's entry (char_entries); then the entries are
// packed into the two-stage table (Vocab::use_char_entries).
namespace {

/// Lowest ranks of the tokens that could cut a character's edge, by what stands on the other
/// side of it. Keys: the character's proper prefix (left edge) or proper suffix (right edge),
/// and, next to another multi-byte character, the byte across the edge (the last byte of the
/// character before, a continuation byte; the first byte of the one after, a lead byte).
struct EdgeCuts {
  std::unordered_map<std::uint32_t, Rank> after_ascii, before_ascii;
  std::unordered_map<std::uint64_t, Rank> after_char, before_char;

  static std::uint64_t with_byte(std::string_view key, unsigned b) {
    return std::uint64_t{short_key3(key)} << 8 | b;
  }
  template <typename Map, typename Key>
  static void lower(Map& map, Key key, Rank r) {
    const auto [it, fresh] = map.try_emplace(key, r);
    if (!fresh) it->second = std::min(it->second, r);
  }
  template <typename Map, typename Key>
  static Rank lowest_of(const Map& map, Key key) {
    const auto it = map.find(key);
    return it == map.end() ? kNoRank : it->second;
  }
};

/// Gathers the edge cuts of every token in `made` (indexed by rank).
EdgeCuts edge_cuts(const Vocab& vocab, const std::vector<char>& made) {
  EdgeCuts cuts;
  for (Rank r = 0; r < vocab.rank_count(); ++r) {
    if (!made[r]) continue;
    const std::string_view t = vocab.token(r);
    for (std::size_t k = 1; k < t.size(); ++k) {
      if (k > 3 && t.size() - k > 3) k = t.size() - 3;  // only short ends can be a char's part
      const std::string_view w = t.substr(0, k), s = t.substr(k);
      const auto across_left = static_cast<unsigned char>(w.back());
      const auto across_right = static_cast<unsigned char>(s[0]);
      if (s.size() <= 3 && proper_char_prefix(s)) {  // cuts the left edge of chars starting s
        if (across_left < 0x80) EdgeCuts::lower(cuts.after_ascii, short_key3(s), r);
        if (is_continuation(w.back())) {
          EdgeCuts::lower(cuts.after_char, EdgeCuts::with_byte(s, across_left), r);
        }
      }
      if (continuation_run(w)) {  // cuts the right edge of chars ending with w
        if (across_right < 0x80) EdgeCuts::lower(cuts.before_ascii, short_key3(w), r);
        if (lead_length(s[0]) != 0) {
          EdgeCuts::lower(cuts.before_char, EdgeCuts::with_byte(w, across_right), r);
        }
      }
    }
  }
  return cuts;
}

/// The character table before packing: an entry per code point (0: never merged early) and
/// the mask pairs the entries point to (see Vocab::char_after and char_before).
struct CharEntries {
  std::vector<std::uint32_t> entries = std::vector<std::uint32_t>(2 * kCharCodePoints, 0);
  std::vector<std::uint64_t> masks = {0, 0};  // pair 0: never next to another character
  bool any = false;
};

/// The index of the mask pair (after, before) in `masks`, added when new. Characters share
/// mask pairs (a few hundred distinct ones in the built-in vocabularies); past kCharMaxMasks a
/// character gets pair 0, which is only slower.
std::size_t mask_index(std::vector<std::uint64_t>& masks, std::uint64_t after,
                       std::uint64_t before) {
  if (after == 0 && before == 0) return 0;
  for (std::size_t m = 1; m < masks.size() / 2; ++m) {
    if (masks[2 * m] == after && masks[2 * m + 1] == before) return m;
  }
  if (masks.size() / 2 >= Vocab::kCharMaxMasks) return 0;
  masks.push_back(after);
  masks.push_back(before);
  return masks.size() / 2 - 1;
}

/// No cut of a span's right edge but the edge cuts (see span_entry).
Rank no_whole_cut(unsigned) { return kNoRank; }

/// The entry for a span of bytes that ends with the character `c` and that the rule alone
/// makes into tokens with merges ranked at most `last` (the highest of them): `field` (a rank,
/// kCharHeadPair or kCharTailPair, or a space_char_entry's field), and next to which
/// neighbours no merge cutting the span's edges ranks at or below `last` (kCharAfterAscii,
/// kCharBeforeAscii, and the mask pair, whose bit b % 64 is set for byte b: the last byte of
/// the character before, the first byte of the one after); 0 when that is next to nothing.
/// The span is c itself, with a left edge to check; or a space and c, which starts a piece:
/// then only the right edge is checked, whose cuts also include `whole(b)`, the lowest rank
/// of the merges joining all of c with a part that starts with the byte b (0 for ASCII).
template <typename Whole>
std::uint32_t span_entry(const EdgeCuts& cuts, std::vector<std::uint64_t>& masks,
                         std::string_view c, Rank last, std::uint32_t field, bool left_edge,
                         Whole whole) {
  Rank cut_after_ascii = left_edge ? kNoRank : 0, cut_before_ascii = whole(0u);
  for (std::size_t j = 1; j < c.size(); ++j) {
    if (left_edge) {
      cut_after_ascii = std::min(cut_after_ascii,
                                 EdgeCuts::lowest_of(cuts.after_ascii, short_key3(c.substr(0, j))));
    }
    cut_before_ascii =
        std::min(cut_before_ascii, EdgeCuts::lowest_of(cuts.before_ascii, short_key3(c.substr(j))));
  }
  std::uint64_t after = 0, before = 0;
  for (unsigned b = 0x80; left_edge && b < 0xC0; ++b) {  // the last byte of the character before
    Rank lowest = kNoRank;
    for (std::size_t j = 1; j < c.size(); ++j) {
      lowest = std::min(
          lowest, EdgeCuts::lowest_of(cuts.after_char, EdgeCuts::with_byte(c.substr(0, j), b)));
    }
    if (lowest > last) after |= std::uint64_t{1} << (b & 63);
  }
  for (unsigned b = 0xC2; b <= 0xF4; ++b) {  // the first byte of the character after
    Rank lowest = whole(b);
    for (std::size_t j = 1; j < c.size(); ++j) {
      lowest = std::min(lowest,
                        EdgeCuts::lowest_of(cuts.before_char, EdgeCuts::with_byte(c.substr(j), b)));
    }
    if (lowest > last) before |= std::uint64_t{1} << (b & 63);
  }
  const std::size_t index = mask_index(masks, after, before);
  const std::uint32_t entry = field | (cut_after_ascii > last ? Vocab::kCharAfterAscii : 0) |
                              (cut_before_ascii > last ? Vocab::kCharBeforeAscii : 0) |
                              static_cast<std::uint32_t>(index) << Vocab::kCharMaskShift;
  return entry == field ? 0 : entry;
}

/// Whether two adjacent bytes of `s` are a token: else the rule leaves `s` as bytes. (The
/// character table is built before it is used, so the scan these loops run starts from bytes.)
bool any_byte_pair(const Vocab& vocab, std::string_view s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (vocab.byte_pair_rank(static_cast<unsigned char>(s[i]),
                             static_cast<unsigned char>(s[i + 1])) != kNoRank) {
      return true;
    }
  }
  return false;
}

/// Whether some token is two bytes, one of them not ASCII: else the rule leaves every
/// multi-byte character, and a space before one, as bytes, and the loops over all characters
/// below find nothing (the small ASCII vocabularies of the tests and fuzzers skip them).
bool any_non_ascii_pair(const Vocab& vocab) {
  for (unsigned a = 0; a < 256; ++a) {
    for (unsigned b = a < 0x80 ? 0x80 : 0; b < 256; ++b) {
      if (vocab.byte_pair_rank(static_cast<unsigned char>(a), static_cast<unsigned char>(b)) !=
          kNoRank) {
        return true;
      }
    }
  }
  return false;
}

/// The entry of every multi-byte character that is a token in `made`, and of every three-byte
/// character the rule alone makes two tokens of (a two-byte token and a byte: one merge).
CharEntries char_entries(const Vocab& vocab, const std::vector<char>& made, const EdgeCuts& cuts,
                         bool non_ascii_pairs) {
  CharEntries table;
  const auto set = [&](char32_t cp, std::uint32_t entry) {
    if (entry == 0) return;
    table.entries[cp] = entry;
    table.any = true;
  };
  for (Rank r = 0; r < vocab.rank_count(); ++r) {
    const std::string_view t = vocab.token(r);
    char32_t cp = 0;
    if (!made[r] || t.size() < 2 || t.size() > 4 ||
        decode_checked_multibyte(reinterpret_cast<const unsigned char*>(t.data()), t.size(), 0,
                                 cp) != t.size()) {
      continue;
    }
    set(cp, span_entry(cuts, table.masks, t, r, r, true, no_whole_cut));
  }
  // No room for the markers, or no character the rule makes two tokens of.
  if (vocab.rank_count() > Vocab::kCharTailPair || !non_ascii_pairs) return table;
  std::vector<Rank> parts;
  for (char32_t cp = 0x800; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp < 0xE000) continue;  // surrogates are not characters
    std::string c;
    append_utf8(cp, c);
    if (!any_byte_pair(vocab, c)) continue;  // the rule leaves it three bytes
    parts.clear();
    bpe_merge_scan(vocab, c, parts);
    if (parts.size() != 2) continue;
    const bool head = vocab.token(parts[0]).size() == 2;
    const Rank pair = parts[head ? 0 : 1];
    set(cp, span_entry(cuts, table.masks, c, pair,
                       head ? Vocab::kCharHeadPair : Vocab::kCharTailPair, true, no_whole_cut));
  }
  return table;
}

/// Whether `t` is one valid multi-byte character.
bool one_char(std::string_view t) {
  char32_t cp = 0;
  return t.size() >= 2 && t.size() <= 4 &&
         decode_checked_multibyte(reinterpret_cast<const unsigned char*>(t.data()), t.size(), 0,
                                  cp) == t.size();
}

/// The entries of characters after a space at a piece's start (Vocab::space_char_entry): for
/// each character c of the Basic Multilingual Plane that the rule alone makes, with the space
/// before it, into one token or two, those tokens. Every merge the rule makes there ranks at
/// most `last`, the rank of the longer token (a token's split ranks below it). Nothing stands
/// before the space. A merge cutting the right edge joins a proper suffix of c (the edge cuts)
/// or all of c (`whole_cuts`: the lowest rank of the tokens split as c's token and a part
/// starting with the byte b, keyed by that rank << 8 | b, with b = 0 for every ASCII byte)
/// with what follows; the tokens may start made where all of those rank above `last`.
void space_char_entries(const Vocab& vocab, const EdgeCuts& cuts,
                        const std::unordered_map<std::uint64_t, Rank>& whole_cuts,
                        CharEntries& table) {
  const auto whole = [&](Rank c, unsigned b) {
    const auto it = whole_cuts.find(std::uint64_t{c} << 8 | b);
    return c == kNoRank || it == whole_cuts.end() ? kNoRank : it->second;
  };
  std::vector<Rank> parts;
  for (char32_t cp = 0x80; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp < 0xE000) continue;  // surrogates are not characters
    std::string span = " ";
    append_utf8(cp, span);
    if (!any_byte_pair(vocab, span)) continue;  // the rule leaves it bytes
    parts.clear();
    bpe_merge_scan(vocab, span, parts);
    if (parts.size() > 2) continue;
    const bool two = parts.size() == 2;
    const std::size_t first = two ? vocab.token(parts[0]).size() : 0;
    const std::size_t second = span.size() - first;
    const Rank last =
        two ? std::max(first > 1 ? parts[0] : 0, second > 1 ? parts[1] : 0) : parts[0];
    const Rank stored = two && first < 3 ? parts[1] : parts[0];  // the part of 3 bytes, if any
    const Rank c_rank = vocab.find(std::string_view(span).substr(1));
    const std::uint32_t entry =
        span_entry(cuts, table.masks, std::string_view(span).substr(1), last,
                   stored | static_cast<std::uint32_t>(first) << Vocab::kSpaceFirstShift, false,
                   [&](unsigned b) { return whole(c_rank, b); });
    if (entry == 0) continue;
    table.entries[kCharCodePoints + cp] = entry;
    table.any = true;
  }
}

}  // namespace

std::vector<char> Vocab::tokens_made() const {
  std::vector<char> made(rank_count_, 0);
  for (std::uint64_t i = 0; i <= merge_mask_; ++i) {
    const std::uint64_t e = merges_[i];
    if (e == kEmptyMerge) continue;
    const auto token = static_cast<Rank>(e & kMergeRankMask);
    const auto right = static_cast<Rank>((e >> kMergeBits) & kMergeRankMask);
    const auto left = static_cast<Rank>(e >> (2 * kMergeBits));
    if (token >= rank_count_ || left >= token || right >= token) return {};
    made[token] = 1;
  }
  return made;
}

void Vocab::use_char_entries(const std::vector<std::uint32_t>& entries,
                             std::vector<std::uint64_t>&& masks) {
  owned_char_stage1_.assign(kCharStage1, 0);
  owned_char_blocks_.assign(std::size_t{1} << kCharBlockBits, 0);  // block 0: nothing
  for (std::uint32_t b = 0; b < kCharStage1; ++b) {
    const auto first = entries.begin() + (std::size_t{b} << kCharBlockBits);
    const auto last = first + (std::size_t{1} << kCharBlockBits);
    if (std::all_of(first, last, [](std::uint32_t e) { return e == 0; })) continue;
    owned_char_stage1_[b] = static_cast<std::uint16_t>(owned_char_blocks_.size() >> kCharBlockBits);
    owned_char_blocks_.insert(owned_char_blocks_.end(), first, last);
  }
  char_stage1_ = owned_char_stage1_.data();
  char_blocks_ = owned_char_blocks_.data();
  char_block_count_ = static_cast<std::uint32_t>(owned_char_blocks_.size() >> kCharBlockBits);
  owned_char_masks_ = std::move(masks);
  owned_char_masks_.resize(2 * std::size_t{kCharMaxMasks}, 0);
  char_masks_ = owned_char_masks_.data();
  char_mask_count_ = kCharMaxMasks;
}

void Vocab::build_chars() {
  if (!has_merge_table()) return;
  const std::vector<char> made = tokens_made();
  if (made.empty()) return;  // a corrupt merge table: no character table
  const EdgeCuts cuts = edge_cuts(*this, made);
  const bool non_ascii_pairs = any_non_ascii_pair(*this);
  CharEntries table = char_entries(*this, made, cuts, non_ascii_pairs);
  if (splits_usable() && rank_count_ <= kSpaceRankMask && non_ascii_pairs) {
    // Every merge the rule makes is a token's canonical split: those that join a whole
    // character's token with what follows it, by the first byte of what follows.
    std::unordered_map<std::uint64_t, Rank> whole_cuts;
    const std::vector<std::uint64_t>& split = splits().table;
    for (Rank t = 0; t < rank_count_; ++t) {
      if (split[t] == Splits::kBase) continue;
      const auto left = static_cast<Rank>(split[t] >> 32);
      const auto first = static_cast<unsigned char>(token(split[t] & 0xFFFFFFFFu)[0]);
      if (!one_char(token(left))) continue;
      const std::uint64_t key = std::uint64_t{left} << 8 | (first < 0x80 ? 0u : first);
      EdgeCuts::lower(whole_cuts, key, t);
    }
    space_char_entries(*this, cuts, whole_cuts, table);
  }
  if (table.any) use_char_entries(table.entries, std::move(table.masks));
}

void Vocab::build_pair_firsts() {
  if (!has_merge_table() || !splits_usable()) return;
  const std::vector<std::uint64_t>& split = splits().table;
  owned_pair_firsts_.assign(kPairFirstEntries, 0xFFFF);
  const auto ascii = [](char c) { return static_cast<unsigned char>(c) < 0x80; };
  for (Rank t = 0; t < rank_count_; ++t) {
    if (split[t] == Splits::kBase) continue;
    const std::string_view left = token(static_cast<Rank>(split[t] >> 32));
    const std::string_view right = token(static_cast<Rank>(split[t] & 0xFFFFFFFFu));
    if (!ascii(left.back()) || !ascii(right.front())) continue;
    const unsigned edge = static_cast<unsigned>(static_cast<unsigned char>(left.back())) << 7 |
                          static_cast<unsigned char>(right.front());
    const auto rank = static_cast<std::uint16_t>(std::min<Rank>(t, 0xFFFF));
    // (a part ending in `before`, a): takes a from the left.
    if (right.size() == 1) {
      owned_pair_firsts_[edge] = std::min(owned_pair_firsts_[edge], rank);
    }
    // (b, a part starting with `after`): takes b from the right.
    if (left.size() == 1) {
      std::uint16_t& m = owned_pair_firsts_[kPairFirstEntries / 2 + edge];
      m = std::min(m, rank);
    }
  }
  pair_firsts_ = owned_pair_firsts_.data();
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
