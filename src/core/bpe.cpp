// bpe.cpp — two implementations of the same merge rule: tiktoken's scan for short pieces
// (fastest there: no allocation, the parts fit in cache) and a heap for long ones (tiktoken's
// scan is quadratic: a 100 KB piece of one letter would take seconds).
#include "core/bpe.hpp"

#include <algorithm>
#include <string>

namespace airtok::detail {

namespace {

/// Pieces up to this many bytes use the scan. Above it the heap wins (see
/// docs/performance-notes.md).
constexpr std::size_t kScanMaxBytes = 128;

[[noreturn]] void missing_byte(std::string_view piece, std::size_t at) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto b = static_cast<unsigned char>(piece[at]);
  throw Error(std::string("byte 0x") + kHex[b >> 4] + kHex[b & 15] +
              " has no rank in this vocabulary, so it cannot be encoded (every byte value needs "
              "a single-byte token; tiktoken would panic here)");
}

}  // namespace

void bpe_merge_scan(const Vocab& vocab, std::string_view piece, std::vector<Rank>& out) {
  const std::size_t n = piece.size();
  if (n == 0) return;
  // Part i starts at byte i and ends where part next[i] starts (next[i] == n for the last part);
  // merged-away parts are skipped by the links. pair[i] is the rank of part i joined with the
  // part after it (kNoRank if none), self[i] the rank of part i: tiktoken's `parts` vector,
  // without shifting it on every merge. Short pieces (the only ones bpe_encode sends here) use
  // the stack and never allocate.
  std::uint32_t next_buf[kScanMaxBytes + 1];
  Rank self_buf[kScanMaxBytes];
  Rank pair_buf[kScanMaxBytes];
  std::vector<std::uint32_t> heap_buf;
  if (n > kScanMaxBytes) heap_buf.resize(3 * n + 1);
  std::uint32_t* next = n > kScanMaxBytes ? heap_buf.data() : next_buf;
  Rank* self = n > kScanMaxBytes ? heap_buf.data() + n + 1 : self_buf;
  Rank* pair = n > kScanMaxBytes ? heap_buf.data() + 2 * n + 1 : pair_buf;
  const auto* bytes = reinterpret_cast<const unsigned char*>(piece.data());
  for (std::size_t i = 0; i < n; ++i) {
    next[i] = static_cast<std::uint32_t>(i + 1);
    self[i] = vocab.byte_rank(bytes[i]);
    pair[i] = i + 1 < n ? vocab.byte_pair_rank(bytes[i], bytes[i + 1]) : kNoRank;
  }
  next[n] = static_cast<std::uint32_t>(n);
  auto join = [&](std::uint32_t i) {  // rank of part i and the part after it joined
    return next[i] < n ? vocab.find(piece.substr(i, next[next[i]] - i)) : kNoRank;
  };
  for (;;) {
    // The lowest pair, the leftmost on ties (strict <), and the part before it.
    std::uint32_t best = 0, before_best = static_cast<std::uint32_t>(n);
    for (std::uint32_t prev = static_cast<std::uint32_t>(n), i = 0; i < n; prev = i, i = next[i]) {
      if (pair[i] < pair[best]) {
        best = i;
        before_best = prev;
      }
    }
    if (pair[best] == kNoRank) break;
    self[best] = pair[best];
    next[best] = next[next[best]];  // part best absorbs the part after it
    pair[best] = join(best);
    if (before_best != n) pair[before_best] = join(before_best);
  }
  for (std::uint32_t i = 0; i < n; i = next[i]) {
    if (self[i] == kNoRank) missing_byte(piece, i);
    out.push_back(self[i]);
  }
}

void bpe_merge_heap(const Vocab& vocab, std::string_view piece, std::vector<Rank>& out) {
  const std::size_t n = piece.size();
  if (n == 0) return;
  if (n >= 0xFFFFFFFFu) throw Error("a single piece of 4 GiB or more cannot be encoded");
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
    pair[i] = next[i] == kEnd ? kNoRank : vocab.find(piece.substr(i, end_of(next[i]) - i));
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
    bpe_merge_heap(vocab, piece, out);
  }
}

}  // namespace airtok::detail

namespace airtok::detail {

void bpe_encode(const Vocab& vocab, PieceCache& cache, std::string_view piece,
                std::vector<Rank>& out) {
  if (piece.size() == 1 || piece.size() > PieceCache::kMaxBytes) {
    return bpe_encode(vocab, piece, out);
  }
  const std::uint64_t h = token_hash(piece);
  if (const Rank r = vocab.find_hashed(piece, h); r != kNoRank) {
    out.push_back(r);
    return;
  }
  if (const PieceCache::Entry* e = cache.find(piece, h)) {
    out.insert(out.end(), e->tokens, e->tokens + e->token_count);
    return;
  }
  const std::size_t before = out.size();
  bpe_merge_scan(vocab, piece, out);
  cache.insert(piece, h, out.data() + before, out.size() - before);
}

}  // namespace airtok::detail
