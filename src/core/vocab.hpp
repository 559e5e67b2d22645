// vocab.hpp — the rank table: token bytes ↔ rank, in one flat, hashable, embeddable layout.
//
// The same layout serves the built-in encodings (a blob generated at build time by
// tools/embed_vocab.cpp and linked into the library, used in place with no start-up work) and
// custom encodings (built in memory by `Vocab::build`). Layout of a blob:
//
//   VocabHeader | slots: KeySlot[slot_count] | offsets: uint32[rank_count + 1]
//               | byte_pairs: uint32[65536] | bytes | zero padding to a multiple of 8
//               | merges: uint64[merge_slot_count] | merge_filter: uint64[merge_filter_words]
//               | token_filter: uint64[token_filter_words]
//               | char_stage1: uint16[kCharStage1] | char_blocks: uint32[128 * char_block_count]
//               | char_masks: uint64[2 * char_mask_count]
//               | pair_firsts: uint16[pair_first_count]
//
// Token r's bytes are bytes[offsets[r], offsets[r+1]); an absent rank has an empty range.
// `slots` is an open-addressing hash table (linear probing, load factor <= 4/5) of ranks keyed
// by token_hash of the token's bytes. Each 16-byte slot (four to a cache line) holds the bytes
// of a token of up to 12 bytes itself (see KeySlot), so finding such a token reads one cache
// line, and never the offsets or the bytes; longer tokens keep their first 8 bytes and the
// hash's upper half there, and are confirmed against `bytes`. An all-zero slot is empty.
// `byte_pairs[a << 8 | b]` is the rank of the two-byte token "ab" (the first round of every merge
// reads it instead of hashing). `merges` is an open-addressing hash table (load factor between 1/4
// and 1/2; a fuller table probed longer and was slower, see docs/performance-notes.md) of each
// token's canonical split, packed as left << 42 | right << 21 | token; ~0 marks an empty slot. It
// lets the merge loop join two parts by their ranks, without hashing or comparing bytes.
// `merge_filter` is a Bloom filter of the merge table's keys (three bits in one 64-bit word per
// key, 8 to 16 bits per merge): most pairs of parts that meet in a piece are not a merge, and
// the filter, small enough to stay in the second-level cache, says so without a probe of the
// table, which does not (see Vocab::merge_rank). `token_filter` is one of the tokens' hashes
// (8 to 16 bits per token): a piece of text that is not a token is mostly known as such without
// a probe of the slot table (see Vocab::maybe_token).
// Vocabularies with a rank of 2^21 - 1 or more (that value marks "no token" in the per-thread
// memo), or without a token for every byte, have no merge table (merge_slot_count 0) and join parts
// by their bytes. `char_stage1` and `char_blocks` (a two-stage table by code point; absent when
// char_block_count is 0) give, for multi-byte characters, the token or two tokens the merge
// rule makes of the character's bytes before any merge can cut across its edges, and next to
// which neighbours that holds, with `char_masks` (see Vocab::char_entry); a second range gives
// the same for a space that starts a piece and the character after it
// (Vocab::space_char_entry). `pair_firsts` (absent when pair_first_count is 0) says for
// two-byte tokens of ASCII bytes, by their neighbouring bytes, where the merge rule is sure to
// make them before any other merge takes either byte (see Vocab::pair_first_after).
#pragma once

#include "core/tuning.hpp"

#include <airtok/encoding.hpp>

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace airtok::detail {

inline constexpr Rank kNoRank = 0xFFFFFFFFu;
/// Ranks above this are refused: tables are indexed by rank.
inline constexpr Rank kMaxRank = (1u << 28) - 1;

/// Tables indexed by rank cost memory for every rank up to the largest, present or not, so the
/// ranks must also be nearly dense: those of `token_count` tokens must be below
/// rank_limit(token_count). Every real vocabulary numbers its tokens 0..n-1 (or with a few
/// gaps). Without the limit a one-token file with rank 2^28 - 1 would take 3 GB of tables; with
/// it they stay within a few dozen bytes per token plus about 1.5 MB for the slack.
inline constexpr std::uint64_t kRankSlack = std::uint64_t{1} << 16;
constexpr std::uint64_t rank_limit(std::size_t token_count) noexcept {
  return 2 * std::uint64_t{token_count} + kRankSlack;
}

struct VocabHeader {
  char magic[8];  // "AIRTOKV8"
  std::uint32_t rank_count;
  std::uint32_t token_count;
  std::uint32_t slot_count;
  std::uint32_t byte_count;
  std::uint32_t max_token_length;
  std::uint32_t merge_slot_count;    // 0 or a power of two
  std::uint32_t char_block_count;    // 0: no character table
  std::uint32_t char_mask_count;     // pairs of neighbour masks (see Vocab::char_entry)
  std::uint32_t merge_filter_words;  // 0 without a merge table, else a power of two
  std::uint32_t token_filter_words;  // a power of two, at least 2
  std::uint32_t pair_first_count;    // 0 or kPairFirstEntries (see Vocab::pair_first_after)
  std::uint32_t reserved[3];         // zero: pads the header to a cache line, so slots align
};
static_assert(sizeof(VocabHeader) == 64, "VocabHeader is written to disk as is");
inline constexpr char kVocabMagic[8] = {'A', 'I', 'R', 'T', 'O', 'K', 'V', '8'};

/// The pair table's shape: two thresholds per pair of ASCII bytes (see Vocab::pair_first_after).
inline constexpr std::uint32_t kPairFirstEntries = 2 * 128 * 128;

/// The character table's shape: code points in blocks of 128, one stage-1 entry per block.
inline constexpr unsigned kCharBlockBits = 7;
/// The character table covers two ranges of 0x110000 entries: code points, then characters
/// after a space at a piece's start (see Vocab::space_char_entry).
inline constexpr std::uint32_t kCharCodePoints = 0x110000;
inline constexpr std::uint32_t kCharStage1 = 2 * kCharCodePoints >> kCharBlockBits;

/// Loads of 1..8 bytes that never read outside [p, p+n).
inline std::uint64_t load_le(const char* p, std::size_t n) noexcept {
  std::uint64_t x = 0;
  std::memcpy(&x, p, n);
  return x;
}
inline std::uint32_t load32(const char* p) noexcept {
  std::uint32_t x;
  std::memcpy(&x, p, 4);
  return x;
}
inline std::uint64_t load64(const char* p) noexcept {
  std::uint64_t x;
  std::memcpy(&x, p, 8);
  return x;
}

/// The 1..16 bytes at p as two words, read with overlapping fixed-size loads (the trick XXH3
/// uses for short inputs): equal words for equal lengths mean equal bytes.
struct ShortKey {
  std::uint64_t a, b;
};
inline ShortKey short_key(const char* p, std::size_t n) noexcept {
  if (n >= 8) return {load64(p), load64(p + n - 8)};
  if (n >= 4) return {load32(p), load32(p + n - 4)};
  const auto b0 = static_cast<unsigned char>(p[0]), b1 = static_cast<unsigned char>(p[n >> 1]),
             b2 = static_cast<unsigned char>(p[n - 1]);
  return {std::uint64_t{b0} | std::uint64_t{b1} << 8 | std::uint64_t{b2} << 16, 0};
}

/// Tokens of up to this many bytes are held whole in their slot.
inline constexpr std::size_t kSlotKeyBytes = 12;

/// The 1..12 bytes at p as a 64-bit and a 32-bit word: short_key's words, with the second
/// one cut to the 4 bytes that end the run when there are 8 or more.
struct SlotKey {
  std::uint64_t a;
  std::uint32_t b;
};
inline SlotKey slot_key(const char* p, std::size_t n) noexcept {
  if (n >= 8) return {load64(p), load32(p + n - 4)};
  const ShortKey k = short_key(p, n);  // below 8 bytes its second word has 32 bits
  return {k.a, static_cast<std::uint32_t>(k.b)};
}

/// A Bloom filter of well-mixed 64-bit hashes, in 64-bit words: a hash's top bits choose its
/// word and bits 20 to 37 its three bits there, so one load answers. It never refuses a hash
/// that was added.
struct BloomFilter {
  const std::uint64_t* words = nullptr;
  unsigned shift = 63;  // 64 - log2(word count)

  static std::uint64_t bits(std::uint64_t hash) noexcept {
    const auto bit = [&](unsigned at) { return std::uint64_t{1} << ((hash >> at) & 63); };
    return bit(20) | bit(26) | bit(32);
  }
  std::uint64_t word(std::uint64_t hash) const noexcept { return words[hash >> shift]; }
  /// Whether `hash`, whose word() is `word`, may have been added.
  static bool admits(std::uint64_t hash, std::uint64_t word) noexcept {
    return (word & bits(hash)) == bits(hash);
  }
  /// Uses `count` words (a power of two, at least 2).
  void use(const std::uint64_t* w, std::uint64_t count) noexcept {
    words = w;
    shift = static_cast<unsigned>(64 - std::countr_zero(count));
  }
  /// How many words it uses (0 before use()).
  std::uint32_t word_count() const noexcept {
    return words == nullptr ? 0 : std::uint32_t{1} << (64 - shift);
  }
  /// Zeroed words for `keys` keys at about `bits_per_key` bits each (rounded up to a power of
  /// two words).
  static std::vector<std::uint64_t> storage(std::size_t keys, std::size_t bits_per_key) {
    return std::vector<std::uint64_t>(
        std::bit_ceil(std::max<std::size_t>(2, keys * bits_per_key / 64)), 0);
  }
  /// Adds `hash` to the words `w` this filter uses.
  void add(std::vector<std::uint64_t>& w, std::uint64_t hash) const noexcept {
    w[hash >> shift] |= bits(hash);
  }
};

/// One entry of the rank table's hash index. For a token of n <= kSlotKeyBytes bytes, (a, b)
/// is slot_key(bytes, n) and the length code is n; for a longer one, a is its first 8 bytes, b
/// the upper half of its token_hash, and the length code kLongCode. All zero: empty (no token
/// is empty, so no token's length code is 0).
struct KeySlot {
  static constexpr std::uint32_t kLongCode = kSlotKeyBytes + 1;
  static constexpr unsigned kCodeBits = 4;
  std::uint64_t a;
  std::uint32_t b;
  std::uint32_t rank_code;  // rank << kCodeBits | length code
  /// The slot's key for bytes p[0, n) with hash h (what find compares), rank 0.
  static KeySlot key(const char* p, std::size_t n, std::uint64_t h) noexcept {
    if (n <= kSlotKeyBytes) {
      const SlotKey k = slot_key(p, n);
      return {k.a, k.b, static_cast<std::uint32_t>(n)};
    }
    return {load64(p), static_cast<std::uint32_t>(h >> 32), kLongCode};
  }
  bool empty() const noexcept { return rank_code == 0; }
  Rank rank() const noexcept { return rank_code >> kCodeBits; }
  std::uint32_t length_code() const noexcept { return rank_code & ((1u << kCodeBits) - 1); }
  /// Same key as `key` (a slot made by key(), whose rank is 0).
  bool matches(const KeySlot& key) const noexcept {
    return length_code() == key.rank_code && a == key.a && b == key.b;
  }
};
static_assert(sizeof(KeySlot) == 16, "KeySlot is written to disk as is");
static_assert(kMaxRank <= (~std::uint32_t{0} >> KeySlot::kCodeBits), "a rank fits a slot");
static_assert(KeySlot::kLongCode < (1u << KeySlot::kCodeBits), "a length code fits a slot");

std::uint64_t long_token_hash(std::string_view bytes) noexcept;

/// Hash of token bytes used by the slot table, at run time and by the build-time generator
/// (changing it regenerates the embedded tables, which the build does). Short keys — nearly
/// every piece — are mixed inline; longer ones go to XXH3.
inline std::uint64_t token_hash(std::string_view bytes) noexcept {
  const std::size_t n = bytes.size();
  if (n == 0 || n > 16) return long_token_hash(bytes);
  const ShortKey k = short_key(bytes.data(), n);
  std::uint64_t x = (k.a ^ (n * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull;
  x ^= (k.b + n) * 0x94D049BB133111EBull;
  x ^= x >> 31;
  x *= 0xD6E8FEB86659FD93ull;
  return x ^ (x >> 32);
}

/// bytes[0, n) == other[0, n), for the short lengths of tokens without a library call.
inline bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
  if (n <= 16 && n > 0) {
    const ShortKey x = short_key(a, n), y = short_key(b, n);
    return x.a == y.a && x.b == y.b;
  }
  return std::memcmp(a, b, n) == 0;
}

class Vocab {
 public:
  Vocab() = default;
  // Views point into the owned vectors (whose buffers survive a move), so copying is not allowed.
  Vocab(const Vocab&) = delete;
  Vocab& operator=(const Vocab&) = delete;
  Vocab(Vocab&&) noexcept = default;
  Vocab& operator=(Vocab&&) noexcept = default;

  /// Builds owned tables. Throws InvalidEncodingError on an empty token, a duplicate token or
  /// rank, a rank above kMaxRank, or a rank at or above rank_limit(ranks.size()) (checked before
  /// anything is sized by the ranks).
  static Vocab build(const MergeableRanks& ranks);
  /// Uses an embedded blob in place. Throws InvalidEncodingError if its header is malformed, if
  /// it is shorter than the header says, or if a hash table has no empty slot (every probe loop
  /// ends at one, so with this check each lookup ends on any blob). The tables' contents (ranks,
  /// offsets) are trusted: the build generates and checks them, and checking them here would
  /// cost a pass over every table at each first use.
  static Vocab view(std::span<const unsigned char> blob);

  /// The blob form of these tables (what `view` reads).
  std::string serialize() const;

  /// Rank of the token whose bytes are exactly `bytes`, or kNoRank.
  Rank find(std::string_view bytes) const noexcept {
    if (bytes.size() > max_token_length_) return kNoRank;
    return find_hashed(bytes, token_hash(bytes));
  }
  /// False when no token has the hash `hash` (the token filter's answer); true for every token
  /// and for about 2% of other pieces.
  bool maybe_token(std::uint64_t hash) const noexcept {
    return BloomFilter::admits(hash, token_filter_.word(hash));
  }
  /// find(), given token_hash(bytes).
  Rank find_hashed(std::string_view bytes, std::uint64_t hash) const noexcept {
    const std::size_t n = bytes.size();
    if (n > max_token_length_) return kNoRank;
    const std::uint32_t mask = slot_count_ - 1;
    const KeySlot key = KeySlot::key(bytes.data(), n, hash);
    for (std::uint64_t i = hash;; ++i) {
      const KeySlot& slot = slots_[i & mask];
      if (slot.empty()) return kNoRank;
      if (slot.matches(key)) {
        const Rank r = slot.rank();
        if (n <= kSlotKeyBytes) return r;
        if (offsets_[r + 1] - offsets_[r] == n &&
            std::memcmp(bytes_ + offsets_[r], bytes.data(), n) == 0) {
          return r;
        }
      }
    }
  }
  /// Rank of the one-byte token `b`, or kNoRank.
  Rank byte_rank(unsigned char b) const noexcept { return byte_rank_[b]; }
  /// Rank of the two-byte token `ab`, or kNoRank.
  Rank byte_pair_rank(unsigned char a, unsigned char b) const noexcept {
    return byte_pairs_[(unsigned{a} << 8) | b];
  }
  /// Whether merge_rank() is available: every byte has a rank and every rank is below
  /// 2^21 - 1.
  bool has_merge_table() const noexcept { return merge_mask_ != 0; }
  /// Rank of the token that BPE forms from the adjacent parts `left` and `right`, or kNoRank.
  /// Only the token's canonical split (the last merge of BPE on its own bytes) is recorded: a
  /// part formed in any text was formed by that same merge (see docs/performance-notes.md),
  /// so this is exact for every merge the rule can make.
  Rank merge_rank(Rank left, Rank right) const noexcept {
    const std::uint64_t key = std::uint64_t{left} << kMergeBits | right;
    return filter_admits(key, filter_word(key)) ? probe_merges(key) : kNoRank;
  }
  /// merge_rank through a small direct-mapped memo of `kPairMemo` entries (answers "no token"
  /// too), which stays in the first-level caches while the table does not. The memo's entry and
  /// the filter's word are loaded together; only a pair in neither is looked up in the table.
  static constexpr std::size_t kPairMemo = kPairMemoEntries;  // tuning.hpp
  Rank merge_rank_memo(Rank left, Rank right, std::uint64_t* memo) const noexcept {
    const std::uint64_t key = std::uint64_t{left} << kMergeBits | right;
    std::uint64_t& m = memo[(key * 0xD6E8FEB86659FD93ull) >> (64 - std::countr_zero(kPairMemo))];
    const std::uint64_t word = filter_word(key);
    if ((m >> kMergeBits) == key) {
      const auto r = static_cast<Rank>(m & kMergeRankMask);
      return r == kMergeRankMask ? kNoRank : r;
    }
    if (!filter_admits(key, word)) return kNoRank;
    const Rank r = probe_merges(key);
    m = key << kMergeBits | (r == kNoRank ? kMergeRankMask : r);
    return r;
  }
  /// Whether the merge filter lets the pair through to the table: true for every merge, and for
  /// a few per cent of the other pairs.
  bool merge_filter_admits(Rank left, Rank right) const noexcept {
    const std::uint64_t key = std::uint64_t{left} << kMergeBits | right;
    return has_merge_table() && filter_admits(key, filter_word(key));
  }
  /// Whether `left` then `right` is how the merge rule encodes their bytes joined, i.e. no
  /// merge across the boundary between them ever happens (GitHub's `bpe` crate calls this a
  /// valid pair). Walks back through both tokens' merges, latest first, checking at each step
  /// whether the two parts then facing each other across the boundary would merge before the
  /// merge being undone. Only meaningful when splits_usable().
  bool valid_pair(Rank left, Rank right) const;
  /// Whether every token's canonical split has lower ranks than the token, so that the rule
  /// makes a token's merges in rank order (true of trained vocabularies, the built-in ones
  /// included) — what valid_pair relies on. Builds the split table on first use.
  bool splits_usable() const;
  /// Bits of a character table entry (see char_entry).
  static constexpr std::uint32_t kCharRankMask = (1u << 21) - 1;
  /// Rank fields that are not ranks: a three-byte character that is two tokens, its first two
  /// bytes one of them (kCharHeadPair) or its last two (kCharTailPair). The table holds such
  /// characters only when every rank is below kCharTailPair.
  static constexpr std::uint32_t kCharHeadPair = kCharRankMask;
  static constexpr std::uint32_t kCharTailPair = kCharRankMask - 1;
  static constexpr std::uint32_t kCharAfterAscii = 1u << 21;
  static constexpr std::uint32_t kCharBeforeAscii = 1u << 22;
  static constexpr unsigned kCharMaskShift = 23;
  static constexpr std::uint32_t kCharMaxMasks = 1u << (32 - kCharMaskShift);
  /// For the multi-byte character `cp` (below 0x110000): 0, or its tokens (the low 21 bits: the
  /// rank of the one token the rule makes of it alone, or kCharHeadPair or kCharTailPair when
  /// the rule makes two of a three-byte character) and where the merge rule is sure to make
  /// them before any merge cuts across the character's edges — then the rule may start with
  /// the character already merged into them (see docs/performance-notes.md for why that is
  /// exact). kCharAfterAscii: after an ASCII byte;
  /// kCharBeforeAscii: before one; next to another multi-byte character, char_after and
  /// char_before say it by the byte on the other side of the edge. Nothing needs to hold at a
  /// piece's ends.
  std::uint32_t char_entry(std::uint32_t cp) const noexcept {
    return char_blocks_[std::size_t{char_stage1_[cp >> kCharBlockBits]} << kCharBlockBits |
                        (cp & ((1u << kCharBlockBits) - 1))];
  }
  /// The rank field of a space_char_entry: a rank (the low 18 bits) and the length of the
  /// first of two tokens (0: one token, the rank's).
  static constexpr unsigned kSpaceFirstShift = 18;
  static constexpr std::uint32_t kSpaceRankMask = (1u << kSpaceFirstShift) - 1;
  /// For the character `cp` (below 0x10000) right after a space that starts a piece: 0, or an
  /// entry as char_entry's for the tokens the rule makes of the space and the character alone:
  /// one, whose rank the entry holds, or two, split after the first's length (1 to 3 bytes);
  /// the entry holds the rank of the one of three bytes or more, if either is (the others are
  /// a byte's or two bytes' tokens). The rule may start with them made where kCharBeforeAscii
  /// or char_before says so (nothing stands before the space). Only vocabularies whose splits
  /// rank below their tokens, with fewer than 2^18 ranks, have these entries.
  std::uint32_t space_char_entry(std::uint32_t cp) const noexcept {
    return char_entry(kCharCodePoints + cp);
  }
  /// For an entry of char_entry: whether the character may start merged right after a
  /// multi-byte character whose last byte is `last` (a continuation byte, 0x80 to 0xBF).
  bool char_after(std::uint32_t entry, unsigned char last) const noexcept {
    return (char_masks_[2 * std::size_t{entry >> kCharMaskShift}] >> (last & 63)) & 1;
  }
  /// Whether it may start merged right before a multi-byte character whose first byte is
  /// `first` (a lead byte, 0xC2 to 0xF4).
  bool char_before(std::uint32_t entry, unsigned char first) const noexcept {
    return (char_masks_[2 * std::size_t{entry >> kCharMaskShift} + 1] >> (first & 63)) & 1;
  }
  bool has_char_table() const noexcept { return char_stage1_ != nullptr; }
  /// For the two-byte token of ASCII bytes `a` and `b` (rank `r`), which the merge rule may
  /// start with already merged when nothing else can take either byte first (see
  /// docs/performance-notes.md for why that is exact): whether a merge that takes `a` from the
  /// left, where the ASCII byte `before` precedes it, is sure to come later. Every such merge
  /// makes a token whose canonical split is (a part ending in `before`, `a`); the table holds
  /// the lowest rank among those tokens (capped at 0xFFFF, which only makes it more careful).
  bool pair_first_after(Rank r, unsigned char before, unsigned char a) const noexcept {
    return r < pair_firsts_[(unsigned{before} << 7) | a];
  }
  /// The same for a merge that takes `b` from the right, where the ASCII byte `after` follows:
  /// the lowest rank of tokens split as (`b`, a part starting with `after`).
  bool pair_first_before(Rank r, unsigned char b, unsigned char after) const noexcept {
    return r < pair_firsts_[kPairFirstEntries / 2 + ((unsigned{b} << 7) | after)];
  }
  bool has_pair_firsts() const noexcept { return pair_firsts_ != nullptr; }
  /// In the ASCII piece s[0, n), the rank of the two-byte token at i if the merge rule may
  /// start with it merged (both pair_first checks hold, nothing to check at the piece's ends),
  /// else kNoRank. Needs has_pair_firsts().
  Rank sure_pair(const unsigned char* s, std::size_t n, std::size_t i) const noexcept {
    if (i + 1 >= n) return kNoRank;
    const Rank r = byte_pair_rank(s[i], s[i + 1]);
    const bool sure = r != kNoRank && (i == 0 || pair_first_after(r, s[i - 1], s[i])) &&
                      (i + 2 >= n || pair_first_before(r, s[i + 1], s[i + 2]));
    return sure ? r : kNoRank;
  }
  /// Length of the longest token.
  std::uint32_t max_token_length() const noexcept { return max_token_length_; }
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
  static constexpr unsigned kMergeBits = 21;
  static constexpr std::uint64_t kMergeRankMask = (std::uint64_t{1} << kMergeBits) - 1;
  static constexpr std::uint64_t kEmptyMerge = ~std::uint64_t{0};
  std::uint64_t merge_slot(std::uint64_t key) const noexcept {
    return (key * 0x9E3779B97F4A7C15ull) >> merge_shift_;
  }
  /// The merge table's entry for `key`, found by linear probing: its rank, or kNoRank.
  Rank probe_merges(std::uint64_t key) const noexcept {
    for (std::uint64_t i = merge_slot(key);; ++i) {
      const std::uint64_t e = merges_[i & merge_mask_];
      if ((e >> kMergeBits) == key) return static_cast<Rank>(e & kMergeRankMask);
      if (e == kEmptyMerge) return kNoRank;
    }
  }
  /// The merge filter's hash of a merge key.
  static std::uint64_t filter_hash(std::uint64_t key) noexcept {
    return key * 0xC2B2AE3D27D4EB4Full;
  }
  std::uint64_t filter_word(std::uint64_t key) const noexcept {
    return merge_filter_.word(filter_hash(key));
  }
  static bool filter_admits(std::uint64_t key, std::uint64_t word) noexcept {
    return BloomFilter::admits(filter_hash(key), word);
  }
  /// Build the merge filter over the merge table in use, and the token filter over the tokens,
  /// into owned storage.
  void build_merge_filter(std::size_t merge_count);
  void build_token_filter();
  void index_bytes();
  void build_byte_pairs();
  void build_merges();
  void build_chars();
  void build_pair_firsts();
  /// The tokens the merge rule can make (those in the merge table), indexed by rank; empty when
  /// the table holds a merge whose parts do not rank below its token (a corrupt blob).
  std::vector<char> tokens_made() const;
  /// Packs one character-table entry per code point and their mask pairs into the two-stage
  /// table and uses it.
  void use_char_entries(const std::vector<std::uint32_t>& entries,
                        std::vector<std::uint64_t>&& masks);
  void use_merges(const std::uint64_t* merges, std::uint64_t slot_count) noexcept;

  /// token -> its canonical split (left << 32 | right; kBase when none), derived from the merge
  /// table on first use by a long piece (a few milliseconds; most texts never need it).
  struct Splits {
    static constexpr std::uint64_t kBase = ~std::uint64_t{0};
    std::once_flag once;
    std::vector<std::uint64_t> table;
    bool usable = false;
  };
  const Splits& splits() const;

  std::unique_ptr<Splits> splits_ = std::make_unique<Splits>();
  std::vector<std::uint64_t> owned_merges_;
  std::vector<std::uint16_t> owned_char_stage1_;
  std::vector<std::uint32_t> owned_char_blocks_;
  const std::uint16_t* char_stage1_ = nullptr;
  const std::uint32_t* char_blocks_ = nullptr;
  std::uint32_t char_block_count_ = 0;
  std::vector<std::uint64_t> owned_char_masks_;
  const std::uint64_t* char_masks_ = nullptr;
  std::uint32_t char_mask_count_ = 0;
  std::vector<std::uint16_t> owned_pair_firsts_;
  const std::uint16_t* pair_firsts_ = nullptr;
  const std::uint64_t* merges_ = nullptr;
  std::uint64_t merge_mask_ = 0;
  unsigned merge_shift_ = 63;
  std::vector<std::uint64_t> owned_merge_filter_;
  BloomFilter merge_filter_;
  std::vector<std::uint64_t> owned_token_filter_;
  BloomFilter token_filter_;

  std::vector<std::uint32_t> owned_offsets_;
  std::vector<KeySlot> owned_slots_;
  std::vector<Rank> owned_byte_pairs_;
  std::vector<char> owned_bytes_;
  const std::uint32_t* offsets_ = nullptr;
  const KeySlot* slots_ = nullptr;
  const Rank* byte_pairs_ = nullptr;
  const char* bytes_ = nullptr;
  std::uint32_t rank_count_ = 0;
  std::uint32_t token_count_ = 0;
  std::uint32_t slot_count_ = 0;
  std::uint32_t byte_count_ = 0;
  std::uint32_t max_token_length_ = 0;
  std::array<Rank, 256> byte_rank_{};
};

}  // namespace airtok::detail
