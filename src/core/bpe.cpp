// bpe.cpp — two implementations of the same merge rule: tiktoken's scan for short pieces
// (fastest there: no allocation, the parts fit in cache) and a heap for long ones (tiktoken's
// scan is quadratic: a 100 KB piece of one letter would take seconds).
#include "core/bpe.hpp"

#include <algorithm>
#include <queue>
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

void emit(const Vocab& vocab, std::string_view piece, std::size_t begin, std::size_t end,
          std::vector<Rank>& out) {
  const Rank r = vocab.find(piece.substr(begin, end - begin));
  if (r == kNoRank) missing_byte(piece, begin);  // only single bytes can be missing
  out.push_back(r);
}

}  // namespace

void bpe_merge_scan(const Vocab& vocab, std::string_view piece, std::vector<Rank>& out) {
  const std::size_t n = piece.size();
  if (n == 0) return;
  if (n == 1) return emit(vocab, piece, 0, 1, out);
  // parts[i] = (start of part i, rank of part i joined with part i+1), as tiktoken keeps them.
  struct Part {
    std::size_t start;
    Rank rank;
  };
  std::vector<Part> parts;
  parts.reserve(n + 1);
  auto pair_rank = [&](std::size_t i) -> Rank {
    if (i + 1 >= parts.size()) return kNoRank;  // part i is the last one
    const std::size_t end = i + 2 < parts.size() ? parts[i + 2].start : n;
    return vocab.find(piece.substr(parts[i].start, end - parts[i].start));
  };
  for (std::size_t i = 0; i < n; ++i) parts.push_back({i, kNoRank});
  for (std::size_t i = 0; i + 1 < n; ++i) parts[i].rank = vocab.find(piece.substr(i, 2));
  while (parts.size() > 1) {
    std::size_t best = 0;
    for (std::size_t i = 1; i + 1 < parts.size(); ++i) {
      if (parts[i].rank < parts[best].rank) best = i;
    }
    if (parts[best].rank == kNoRank) break;
    parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(best) + 1);
    parts[best].rank = pair_rank(best);
    if (best > 0) parts[best - 1].rank = pair_rank(best - 1);
  }
  for (std::size_t i = 0; i < parts.size(); ++i) {
    emit(vocab, piece, parts[i].start, i + 1 < parts.size() ? parts[i + 1].start : n, out);
  }
}

void bpe_merge_heap(const Vocab& vocab, std::string_view piece, std::vector<Rank>& out) {
  const std::size_t n = piece.size();
  if (n == 0) return;
  // Node i starts at byte i; merged-away nodes are unlinked. rank[i] is the rank of node i
  // joined with its successor. A heap entry is stale when its node is gone or its rank changed:
  // a rank names one byte string, so equal rank at the same start means the same pair.
  constexpr std::size_t kEnd = static_cast<std::size_t>(-1);
  std::vector<std::size_t> next(n), prev(n);
  std::vector<Rank> rank(n, kNoRank);
  std::vector<bool> alive(n, true);
  for (std::size_t i = 0; i < n; ++i) {
    next[i] = i + 1 < n ? i + 1 : kEnd;
    prev[i] = i > 0 ? i - 1 : kEnd;
  }
  auto end_of = [&](std::size_t i) { return next[i] == kEnd ? n : next[i]; };
  auto pair_rank = [&](std::size_t i) -> Rank {
    if (next[i] == kEnd) return kNoRank;
    return vocab.find(piece.substr(i, end_of(next[i]) - i));
  };
  using Entry = std::pair<Rank, std::size_t>;  // (rank, start): min-heap = lowest, leftmost
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  for (std::size_t i = 0; i + 1 < n; ++i) {
    rank[i] = pair_rank(i);
    if (rank[i] != kNoRank) heap.emplace(rank[i], i);
  }
  while (!heap.empty()) {
    const auto [r, i] = heap.top();
    heap.pop();
    if (!alive[i] || rank[i] != r) continue;
    const std::size_t j = next[i];
    alive[j] = false;
    next[i] = next[j];
    if (next[j] != kEnd) prev[next[j]] = i;
    rank[i] = pair_rank(i);
    if (rank[i] != kNoRank) heap.emplace(rank[i], i);
    if (prev[i] != kEnd) {
      const std::size_t p = prev[i];
      rank[p] = pair_rank(p);
      if (rank[p] != kNoRank) heap.emplace(rank[p], p);
    }
  }
  for (std::size_t i = 0; i != kEnd; i = next[i]) emit(vocab, piece, i, end_of(i), out);
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
