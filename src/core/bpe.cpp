// bpe.cpp — two implementations of the same merge rule: tiktoken's scan for short pieces
// (fastest there: no allocation, the parts fit in cache) and a heap for long ones (tiktoken's
// scan is quadratic: a 100 KB piece of one letter would take seconds).
#include "core/bpe.hpp"

#include "core/hex.hpp"
#include "core/thread_state.hpp"
#include "core/tuning.hpp"
#include "core/utf8.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

namespace airtok::detail {

namespace {

/// Unreachable through an Encoding, whose constructor refuses a vocabulary without every single
/// byte; only a Vocab built directly (tests, fuzzers) can get here.
[[noreturn]] void missing_byte(std::string_view piece, std::size_t at) {
  throw Error("byte " + hex_byte(static_cast<unsigned char>(piece[at])) +
              " has no rank in this vocabulary, so it cannot be encoded (every byte value needs "
              "a single-byte token; tiktoken would panic here)");
}

}  // namespace

namespace {

/// Whether bytes[0, n) are all ASCII.
bool all_ascii(const unsigned char* bytes, std::size_t n) noexcept {
  std::uint64_t high = 0;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) high |= load64(reinterpret_cast<const char*>(bytes + i));
  for (; i < n; ++i) high |= bytes[i];
  return (high & 0x8080808080808080ull) == 0;
}

/// The rank of two adjacent parts joined: by their ranks in the merge table (one probe, no
/// byte hashing), or by looking up their bytes.
template <bool kByRank>
[[gnu::always_inline]] inline Rank joined(const Vocab& vocab, std::string_view bytes, Rank left,
                                          Rank right, std::uint64_t* memo = nullptr) noexcept {
  if constexpr (kByRank) {
    return memo != nullptr ? vocab.merge_rank_memo(left, right, memo)
                           : vocab.merge_rank(left, right);
  } else {
    (void)left;
    (void)right;
    return vocab.find(bytes);
  }
}

/// The two parts of the last merge made (for bpe_last_merge).
struct LastMerge {
  Rank left = kNoRank, right = kNoRank;
};

/// The state of tiktoken's scan over one piece, indexed by the parts the seeding makes (m of
/// them, in order), so that nothing shifts when parts merge. Part i starts at byte start[i]
/// (start[m] == n) and ends where part next[i] starts (next[i] == m for the last part); prev[i]
/// is the part before it (n for none). pair[i] is the rank of part i joined with the part after
/// it, or kNone when there is no such token or when part i has been merged into the one before.
/// Indexing by part rather than by byte keeps the arrays dense: a piece of 3-byte characters
/// has a third of the blocks. block[k] is the lowest pair among pair[8k, 8k + 8). A merge changes
/// at most three pairs, so it refreshes at most three blocks; finding the lowest pair (the leftmost
/// on ties) reads the blocks and then one block's pairs, instead of walking every part. Ranks are
/// below 2^28, so they compare as signed 32-bit values with kNone above all of them. Pieces up to
/// kScanMaxBytes (the only ones bpe_encode sends here) use the stack and never allocate.
template <bool kByRank>
class MergeScan {
 public:
  static constexpr std::int32_t kNone = std::numeric_limits<std::int32_t>::max();
  static constexpr std::size_t kBlock = 8;

  /// `buffers` holds the arrays of a piece of up to kScanMaxBytes; longer pieces allocate.
  struct Buffers {
    alignas(32) std::int32_t pair[kScanMaxBytes];
    std::int32_t block[kScanMaxBytes / kBlock];
    std::uint32_t next[kScanMaxBytes];
    std::uint32_t prev[kScanMaxBytes];
    Rank self[kScanMaxBytes];
    std::uint32_t start[kScanMaxBytes + 1];
  };

  MergeScan(const Vocab& vocab, std::string_view piece, std::uint64_t* memo, Buffers& buffers,
            std::vector<std::uint32_t>& heap, PieceBytes bytes = PieceBytes::kAny)
      : vocab_(vocab),
        piece_(piece),
        bytes_(reinterpret_cast<const unsigned char*>(piece.data())),
        n_(piece.size()),
        memo_(memo),
        valid_utf8_(bytes == PieceBytes::kValidUtf8) {
    if (n_ <= kScanMaxBytes) {
      pair_ = buffers.pair;
      block_ = buffers.block;
      next_ = buffers.next;
      prev_ = buffers.prev;
      self_ = buffers.self;
      start_ = buffers.start;
    } else {  // room for one part per byte, the most the seeding can make
      const std::size_t blocks = (n_ + kBlock - 1) / kBlock;
      heap.resize(blocks * kBlock + blocks + 4 * n_ + 1);
      pair_ = reinterpret_cast<std::int32_t*>(heap.data());
      block_ = pair_ + blocks * kBlock;
      next_ = reinterpret_cast<std::uint32_t*>(block_ + blocks);
      prev_ = next_ + n_;
      self_ = prev_ + n_;
      start_ = self_ + n_;
    }
  }

  /// The merge rule on the piece (not empty), its tokens appended to `out`.
  [[gnu::always_inline]] void run(std::vector<Rank>& out, LastMerge* last) {
    const bool seeded = kByRank && n_ <= kScanMaxBytes;
    const bool ascii = seeded && all_ascii(bytes_, n_);
    if (seeded && !ascii && vocab_.has_char_table()) {
      seed_characters();
    } else if (ascii && vocab_.has_pair_firsts()) {
      seed_pairs();
    } else {
      seed_bytes();
    }
    start_[m_] = static_cast<std::uint32_t>(n_);
    blocks_ = (m_ + kBlock - 1) / kBlock;
    for (std::size_t i = m_; i < blocks_ * kBlock; ++i) pair_[i] = kNone;
    for (std::size_t k = 0; k < blocks_; ++k) refresh(k * kBlock);
    while (merge_lowest(last)) {
    }
    for (std::uint32_t k = 0; k < m_; k = next_[k]) {
      if (self_[k] == kNoRank) missing_byte(piece_, start_[k]);
      out.push_back(self_[k]);
    }
  }

 private:
  static std::int32_t as_pair(Rank r) {
    return r == kNoRank ? kNone : static_cast<std::int32_t>(r);
  }

  /// Every byte its own part.
  [[gnu::always_inline]] void seed_bytes() {
    for (std::size_t i = 0; i < n_; ++i) {
      start_[i] = static_cast<std::uint32_t>(i);
      next_[i] = static_cast<std::uint32_t>(i + 1);
      prev_[i] = i == 0 ? static_cast<std::uint32_t>(n_) : static_cast<std::uint32_t>(i - 1);
      self_[i] = vocab_.byte_rank(bytes_[i]);
      pair_[i] = i + 1 < n_ ? as_pair(vocab_.byte_pair_rank(bytes_[i], bytes_[i + 1])) : kNone;
    }
    m_ = static_cast<std::uint32_t>(n_);
  }

  /// Appends the part at byte `at` whose token is `rank` after the part `tail` (n for none),
  /// with no pair after it yet, and makes it the tail.
  [[gnu::always_inline]] void append(std::uint32_t& tail, std::size_t at, Rank rank) {
    const std::uint32_t k = m_++;
    start_[k] = static_cast<std::uint32_t>(at);
    next_[k] = k + 1;
    prev_[k] = tail;
    self_[k] = rank;
    pair_[k] = kNone;
    tail = k;
  }

  /// Appends the part of `len` bytes at `at` whose token is `rank` after the part `tail` (n
  /// for none), sets the pair between them, and makes it the tail.
  [[gnu::always_inline]] void add(std::uint32_t& tail, std::size_t at, std::size_t len, Rank rank) {
    if (tail != n_) {
      pair_[tail] = as_pair(at - start_[tail] == 1 && len == 1
                                ? vocab_.byte_pair_rank(bytes_[at - 1], bytes_[at])
                            : memo_ != nullptr ? vocab_.merge_rank_memo(self_[tail], rank, memo_)
                                               : vocab_.merge_rank(self_[tail], rank));
    }
    append(tail, at, rank);
  }

  /// Appends bytes [at, end) as the two tokens the rule makes of them alone, split at `split`,
  /// which never join (pair[] between them stays kNone). A token of one or two bytes is read
  /// from the byte tables; the one of three bytes or more, if any, is `longer`.
  [[gnu::always_inline]] void add_two(std::uint32_t& tail, std::size_t at, std::size_t split,
                                      std::size_t end, Rank longer) {
    const auto rank = [&](std::size_t from, std::size_t to) {
      return to - from == 1   ? vocab_.byte_rank(bytes_[from])
             : to - from == 2 ? vocab_.byte_pair_rank(bytes_[from], bytes_[from + 1])
                              : longer;
    };
    add(tail, at, split - at, rank(at, split));
    append(tail, split, rank(split, end));
  }

  /// Pairs of ASCII bytes the rule is sure to merge before any other merge takes either byte
  /// (see Vocab::pair_first_after) become one part each; every other byte its own part. Two
  /// such pairs never overlap: each would have to rank below the other.
  [[gnu::always_inline]] void seed_pairs() {
    std::uint32_t tail = static_cast<std::uint32_t>(n_);
    for (std::size_t i = 0; i < n_;) {
      if (const Rank r = vocab_.sure_pair(bytes_, n_, i); r != kNoRank) {
        add(tail, i, 2, r);
        i += 2;
      } else {
        add(tail, i, 1, vocab_.byte_rank(bytes_[i]));
        i += 1;
      }
    }
  }

  /// Characters that may start merged (see Vocab::char_entry) become their token, or their two
  /// tokens, and a space that starts the piece joins the character after it where it may (see
  /// Vocab::space_char_entry); every other byte its own part.
  [[gnu::always_inline]] void seed_characters() {
    std::uint32_t tail = static_cast<std::uint32_t>(n_);  // the part before, n for none
    // What stands at a position: a byte of broken UTF-8, an ASCII byte, a valid multi-byte
    // character (its length, 2 to 4), or the piece's edge.
    constexpr unsigned kBroken = 0, kAscii = 1, kEdge = 5;
    char32_t cp = 0, next_cp = 0;
    const auto kind_at = [&](std::size_t i, char32_t& c) -> unsigned {
      if (bytes_[i] < 0x80) return kAscii;
      if (valid_utf8_) {  // the caller vouches for it: no character is broken or cut short
        std::size_t len = 0;
        c = decode_valid(bytes_ + i, len);
        return static_cast<unsigned>(len);
      }
      return decode_checked_multibyte(bytes_, n_, i, c);
    };
    // Whether the entry `e` may start merged before what stands at `end` (of kind `after`).
    const auto right_ok = [&](std::uint32_t e, unsigned after, std::size_t end) {
      return after == kEdge     ? true
             : after == kAscii  ? (e & Vocab::kCharBeforeAscii) != 0
             : after != kBroken ? vocab_.char_before(e, bytes_[end])
                                : false;
    };
    std::size_t i = 0;
    unsigned before = kEdge;
    unsigned kind = kind_at(0, cp);
    if (bytes_[0] == ' ' && n_ > 1) {  // a space and a character that may start as tokens
      const unsigned first = kind_at(1, next_cp);
      const std::size_t end = 1 + first;
      if (first > kAscii) {
        const std::uint32_t e = vocab_.space_char_entry(next_cp);
        char32_t after_cp = 0;
        const unsigned after = end < n_ ? kind_at(end, after_cp) : kEdge;
        if (e != 0 && right_ok(e, after, end)) {
          const std::uint32_t field = e & Vocab::kCharRankMask;
          const Rank stored = field & Vocab::kSpaceRankMask;
          const std::size_t split = field >> Vocab::kSpaceFirstShift;  // 0: one token
          if (split == 0) {
            add(tail, 0, end, stored);
          } else {
            add_two(tail, 0, split, end, stored);
          }
          i = end;
          before = first;
          kind = after;
          cp = after_cp;
        }
      }
    }
    while (i < n_) {
      const std::size_t len = kind > kAscii ? kind : 1;
      const unsigned after = i + len < n_ ? kind_at(i + len, next_cp) : kEdge;
      std::uint32_t e = 0;
      if (kind > kAscii) {
        e = vocab_.char_entry(cp);
        const bool left_ok = before == kEdge     ? true
                             : before == kAscii  ? (e & Vocab::kCharAfterAscii) != 0
                             : before != kBroken ? vocab_.char_after(e, bytes_[i - 1])
                                                 : false;
        if (!left_ok || !right_ok(e, after, i + len)) e = 0;
      }
      const std::uint32_t field = e & Vocab::kCharRankMask;
      if (e == 0) {
        for (std::size_t k = i; k < i + len; ++k) add(tail, k, 1, vocab_.byte_rank(bytes_[k]));
      } else if (field < Vocab::kCharTailPair) {
        add(tail, i, len, field);
      } else {  // kCharHeadPair or kCharTailPair: split after two bytes or one
        add_two(tail, i, i + (field == Vocab::kCharHeadPair ? 2 : 1), i + len, kNoRank);
      }
      i += len;
      before = kind;
      kind = after;
      cp = next_cp;
    }
  }

  /// Recomputes the block holding pair[i].
  [[gnu::always_inline]] void refresh(std::size_t i) {
    const std::int32_t* p = pair_ + i / kBlock * kBlock;
    std::int32_t lowest = p[0];
    for (std::size_t j = 1; j < kBlock; ++j) lowest = std::min(lowest, p[j]);
    block_[i / kBlock] = lowest;
  }

  /// The rank of part i and the part after it joined, or kNone.
  [[gnu::always_inline]] std::int32_t join(std::uint32_t i) {
    const std::uint32_t j = next_[i];
    if (j >= m_) return kNone;
    return as_pair(joined<kByRank>(vocab_, piece_.substr(start_[i], start_[next_[j]] - start_[i]),
                                   self_[i], self_[j], memo_));
  }

  /// Makes the merge of lowest rank (leftmost on ties); false when none is left.
  [[gnu::always_inline]] bool merge_lowest(LastMerge* last) {
    std::int32_t lowest = kNone;
    for (std::size_t k = 0; k < blocks_; ++k) lowest = std::min(lowest, block_[k]);
    if (lowest == kNone) return false;
    std::uint32_t best = 0;
    while (block_[best] != lowest) ++best;
    best *= kBlock;
    while (pair_[best] != lowest) ++best;
    const std::uint32_t gone = next_[best];
    if (last != nullptr) *last = {self_[best], self_[gone]};
    self_[best] = static_cast<Rank>(lowest);
    pair_[gone] = kNone;
    next_[best] = next_[gone];  // part best absorbs the part after it
    if (next_[gone] < m_) prev_[next_[gone]] = best;
    pair_[best] = join(best);
    const std::uint32_t before = prev_[best];
    if (before < m_) pair_[before] = join(before);
    refresh(gone);
    if (best / kBlock != gone / kBlock) refresh(best);
    if (before < m_ && before / kBlock != best / kBlock) refresh(before);
    return true;
  }

  const Vocab& vocab_;
  std::string_view piece_;
  const unsigned char* bytes_;
  std::size_t n_;
  std::size_t blocks_;
  std::uint64_t* memo_;
  std::int32_t* pair_;
  std::int32_t* block_;
  std::uint32_t* next_;
  std::uint32_t* prev_;
  Rank* self_;
  std::uint32_t* start_;
  std::uint32_t m_ = 0;    // parts seeded
  const bool valid_utf8_;  // PieceBytes::kValidUtf8
};

template <bool kByRank>
void merge_scan(const Vocab& vocab, std::string_view piece, std::vector<Rank>& out,
                LastMerge* last = nullptr, std::uint64_t* memo = nullptr,
                PieceBytes bytes = PieceBytes::kAny) {
  if (piece.empty()) return;
  typename MergeScan<kByRank>::Buffers buffers;
  std::vector<std::uint32_t> heap;
  MergeScan<kByRank>(vocab, piece, memo, buffers, heap, bytes).run(out, last);
}

template <bool kByRank>
void merge_heap(const Vocab& vocab, std::string_view piece, std::vector<Rank>& out,
                LastMerge* last = nullptr) {
  const std::size_t n = piece.size();
  if (n == 0) return;
  if (n >= 0xFFFFFFFFu) {
    throw ResourceError("a single pre-tokenizer piece of " + std::to_string(n) +
                        " bytes cannot be merged: pieces are limited to 4 GiB - 2 bytes (the merge "
                        "indexes bytes with 32 bits)");
  }
  // Node i starts at byte i; merged-away nodes are unlinked. pair[i] is the rank of node i
  // joined with its successor (kNoRank if none, or if node i is gone); self[i] is node i's own
  // rank. A heap entry (rank << 32 | start) is stale when pair[start] no longer equals its rank:
  // a rank names one byte string, so equal rank at the same start means the same pair. Ordering
  // the packed entries orders by rank, then by start: lowest first, leftmost on ties.
  constexpr std::uint32_t kEnd = 0xFFFFFFFFu;
  const auto* bytes = reinterpret_cast<const unsigned char*>(piece.data());
  std::vector<std::uint32_t> next(n), prev(n);
  std::vector<Rank> pair(n, kNoRank), self(n);
  std::vector<std::uint64_t> heap;
  heap.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    next[i] = i + 1 < n ? static_cast<std::uint32_t>(i + 1) : kEnd;
    prev[i] = i > 0 ? static_cast<std::uint32_t>(i - 1) : kEnd;
    self[i] = vocab.byte_rank(bytes[i]);
    if (i + 1 < n) pair[i] = vocab.byte_pair_rank(bytes[i], bytes[i + 1]);
    if (pair[i] != kNoRank) heap.push_back(std::uint64_t{pair[i]} << 32 | i);
  }
  const auto later = std::greater<std::uint64_t>();
  std::make_heap(heap.begin(), heap.end(), later);
  auto end_of = [&](std::uint32_t i) -> std::size_t { return next[i] == kEnd ? n : next[i]; };
  auto update = [&](std::uint32_t i) {
    pair[i] = next[i] == kEnd ? kNoRank
                              : joined<kByRank>(vocab, piece.substr(i, end_of(next[i]) - i),
                                                self[i], self[next[i]]);
    if (pair[i] != kNoRank) {
      heap.push_back(std::uint64_t{pair[i]} << 32 | i);
      std::push_heap(heap.begin(), heap.end(), later);
    }
  };
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    const std::uint64_t top = heap.back();
    heap.pop_back();
    const auto i = static_cast<std::uint32_t>(top);
    const auto r = static_cast<Rank>(top >> 32);
    if (pair[i] != r) continue;
    const std::uint32_t j = next[i];
    if (last != nullptr) *last = {self[i], self[j]};
    self[i] = r;
    pair[j] = kNoRank;  // node j is gone: its entries are stale
    next[i] = next[j];
    if (next[j] != kEnd) prev[next[j]] = i;
    update(i);
    if (prev[i] != kEnd) update(prev[i]);
  }
  for (std::uint32_t i = 0; i != kEnd; i = next[i]) {
    if (self[i] == kNoRank) missing_byte(piece, i);
    out.push_back(self[i]);
  }
}

// kSegmentBytes and kMaxSegmentBytes: see tuning.hpp.

/// The merge rule on a long piece in segments: each segment is merged on its own (the scan),
/// and joined to the tokens before it when the two tokens facing each other across the seam
/// are a valid pair: then no merge crosses the seam, and the tokens so far followed by the
/// segment's are the rule's result on the bytes so far (a valid encoding stays valid when a
/// token forming a valid pair with its last token is appended, and so on token by token; see
/// docs/performance-notes.md). Otherwise the seam moves back by one token and the segment is
/// merged again. Linear in the piece's length; returns false (leaving `out` as it was) when a
/// segment grows past kMaxSegmentBytes, which no built-in vocabulary's text has been seen to
/// cause, and the caller falls back to the heap.
bool merge_long(const Vocab& vocab, std::string_view piece, std::vector<Rank>& out) {
  const std::size_t start = out.size();
  // One thread-local lookup per long piece; the segment stays under kMaxSegmentBytes tokens.
  std::vector<Rank>& segment = ThreadState::current().segment;
  std::size_t pos = 0;
  while (pos < piece.size()) {
    const std::size_t end = std::min(piece.size(), pos + kSegmentBytes);
    for (;;) {
      segment.clear();
      merge_scan<true>(vocab, piece.substr(pos, end - pos), segment);
      if (out.size() == start || vocab.valid_pair(out.back(), segment.front())) break;
      pos -= vocab.token(out.back()).size();
      out.pop_back();
      if (end - pos > kMaxSegmentBytes) {
        out.resize(start);
        return false;
      }
    }
    out.insert(out.end(), segment.begin(), segment.end());
    pos = end;
  }
  return true;
}

}  // namespace

void bpe_merge_scan(const Vocab& vocab, std::string_view piece, std::vector<Rank>& out) {
  if (vocab.has_merge_table()) return merge_scan<true>(vocab, piece, out);
  merge_scan<false>(vocab, piece, out);
}

void bpe_merge_heap(const Vocab& vocab, std::string_view piece, std::vector<Rank>& out) {
  if (vocab.has_merge_table()) return merge_heap<true>(vocab, piece, out);
  merge_heap<false>(vocab, piece, out);
}

void bpe_merge_by_bytes(const Vocab& vocab, std::string_view piece, std::vector<Rank>& out) {
  merge_heap<false>(vocab, piece, out);
}

std::optional<std::pair<Rank, Rank>> bpe_last_merge(const Vocab& vocab, std::string_view token) {
  std::vector<Rank> parts;
  LastMerge last;
  if (token.size() <= kScanMaxBytes) {
    merge_scan<false>(vocab, token, parts, &last);
  } else {
    merge_heap<false>(vocab, token, parts, &last);
  }
  if (parts.size() != 1 || parts[0] != vocab.find(token)) return std::nullopt;
  return std::pair{last.left, last.right};
}

void bpe_encode(const Vocab& vocab, std::string_view piece, std::vector<Rank>& out) {
  if (piece.size() == 1) {
    const Rank r = vocab.byte_rank(static_cast<unsigned char>(piece[0]));
    if (r == kNoRank) missing_byte(piece, 0);
    out.push_back(r);
    return;
  }
  if (const Rank r = vocab.find(piece); r != kNoRank) {
    out.push_back(r);
    return;
  }
  if (piece.size() <= kScanMaxBytes) {
    bpe_merge_scan(vocab, piece, out);
  } else {
    bpe_merge_long(vocab, piece, out);
  }
}

void bpe_merge_long(const Vocab& vocab, std::string_view piece, std::vector<Rank>& out) {
  if (!vocab.has_merge_table() || !vocab.splits_usable() || !merge_long(vocab, piece, out)) {
    bpe_merge_heap(vocab, piece, out);
  }
}

}  // namespace airtok::detail

namespace airtok::detail {

namespace {

/// The rank of the whole piece (2 to kScanMaxBytes bytes), or kNoRank; `h` is set to the
/// piece's token_hash except when a two-byte piece is a token.
/// - Two bytes (a quarter of the pieces of source code, a tenth of prose's, nearly all tokens):
///   the table of two-byte tokens, indexed by the bytes, with no hash and no probe.
/// - Otherwise the token filter, which stays in the second-level cache, is asked first: it
///   refuses most pieces that are not tokens (two in three of multilingual prose's) without a
///   probe of the slot table, which is larger. The piece cache's entry is fetched only for a
///   piece it refuses: fetching it for every piece, nine in ten of them tokens in prose and
///   code, filled the second-level cache with entries never read and pushed out the slot
///   table's lines.
[[gnu::always_inline]] inline Rank whole_token(const Vocab& vocab, const PieceCache& cache,
                                               std::string_view piece, std::uint64_t& h) noexcept {
  if (piece.size() == 2) {
    const Rank r = vocab.byte_pair_rank(static_cast<unsigned char>(piece[0]),
                                        static_cast<unsigned char>(piece[1]));
    if (r != kNoRank) return r;
  }
  h = token_hash(piece);
  if (vocab.maybe_token(h)) return vocab.find_hashed(piece, h);
  if (piece.size() <= PieceCache::kMaxBytes) cache.prefetch(h);
  return kNoRank;
}

/// The merge rule on a piece of at most kScanMaxBytes that is not a token, its joins going
/// through the thread's pair memo when the vocabulary has a merge table.
void merge_remembering(const Vocab& vocab, PieceCache& cache, std::string_view piece,
                       std::vector<Rank>& out, PieceBytes bytes) {
  if (vocab.has_merge_table()) {
    merge_scan<true>(vocab, piece, out, nullptr, cache.pair_memo(), bytes);
  } else {
    merge_scan<false>(vocab, piece, out);
  }
}

}  // namespace

void bpe_encode(const Vocab& vocab, PieceCache& cache, std::string_view piece,
                std::vector<Rank>& out, PieceBytes bytes) {
  if (piece.size() == 1 || piece.size() > kScanMaxBytes) return bpe_encode(vocab, piece, out);
  std::uint64_t h = 0;
  if (const Rank r = whole_token(vocab, cache, piece, h); r != kNoRank) {
    out.push_back(r);
    return;
  }
  const std::size_t before = out.size();
  if (piece.size() <= PieceCache::kMaxBytes) {
    if (const PieceCache::Entry* e = cache.find(piece, h)) {
      out.insert(out.end(), e->tokens, e->tokens + e->token_count);
      return;
    }
    merge_remembering(vocab, cache, piece, out, bytes);
    cache.insert(piece, h, out.data() + before, out.size() - before);
  } else {
    if (const PieceCache::LongEntry* e = cache.find_long(piece, h)) {
      out.insert(out.end(), e->tokens, e->tokens + e->token_count);
      return;
    }
    merge_remembering(vocab, cache, piece, out, bytes);
    cache.insert_long(piece, h, out.data() + before, out.size() - before);
  }
}

std::size_t bpe_count(const Vocab& vocab, PieceCache& cache, std::string_view piece,
                      std::vector<Rank>& scratch, PieceBytes bytes) {
  // bpe_encode's steps, counting without writing tokens where the count is known: a whole
  // token, a cached piece (long pieces, rarer, go through bpe_encode).
  if (piece.size() > 1 && piece.size() <= PieceCache::kMaxBytes) {
    std::uint64_t h = 0;
    if (whole_token(vocab, cache, piece, h) != kNoRank) return 1;
    if (const PieceCache::Entry* e = cache.find(piece, h)) return e->token_count;
    scratch.clear();
    merge_remembering(vocab, cache, piece, scratch, bytes);
    cache.insert(piece, h, scratch.data(), scratch.size());
    return scratch.size();
  }
  scratch.clear();
  bpe_encode(vocab, cache, piece, scratch, bytes);
  return scratch.size();
}

}  // namespace airtok::detail
