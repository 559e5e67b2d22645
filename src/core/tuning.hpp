// tuning.hpp — every tuning constant of the encoder, each with its reason, and the checks that
// tie them together. None of them changes a result (the tests compare against the reference
// with each path forced); they only move work between equivalent paths or bound memory.
// Measurements behind the values are in docs/performance-notes.md.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

namespace airtok::detail {

// --- The BPE merge (bpe.cpp) ---

/// Pieces up to this many bytes use tiktoken's scan with stack buffers; above it the heap (or
/// the segmented merge) wins, the scan being quadratic.
inline constexpr std::size_t kScanMaxBytes = 256;
/// Segments of a long piece before any seam moves: short enough for the scan's stack buffers
/// after a few moves, long enough that seams are few.
inline constexpr std::size_t kSegmentBytes = 128;
/// A segment that has grown this long through seam moves sends the piece to the heap.
inline constexpr std::size_t kMaxSegmentBytes = 4 * kSegmentBytes;

/// Bits of the merge filter per merge, before rounding up to a power of two (so 8 to 16): with
/// three bits in a word, about 2% of random pairs get through (bpe_test measures it); the filter
/// takes 128 KiB for cl100k_base and 256 KiB for o200k_base. Twice as many bits (0.45% through)
/// measured 1-16% slower: the larger filter pushes the piece cache out of the second-level cache
/// (docs/performance-notes.md).
inline constexpr std::size_t kMergeFilterBitsPerMerge = 8;
/// Bits of the token filter per token, rounded up likewise (8 to 16): about 2% of pieces that are
/// not tokens get through to the slot table (bpe_test measures it); 128 KiB for cl100k_base, 256
/// KiB for o200k_base.
inline constexpr std::size_t kTokenFilterBitsPerToken = 8;

// --- The per-thread piece cache (piece_cache.hpp) ---

/// Pieces up to this many bytes that needed merging go to the main table (English words fit),
/// with up to kPieceCacheMaxTokens tokens: then an entry is one 64-byte cache line (2 bytes of
/// lengths, 30 of piece, 32 of tokens), so a lookup reads one line.
inline constexpr std::size_t kPieceCacheMaxBytes = 30;
inline constexpr std::size_t kPieceCacheMaxTokens = 8;
/// Main table entries: 8192 x 64 bytes = 512 KiB. Entries of 124 bytes (56-byte pieces) had a
/// slightly higher hit rate but were slower on text seen once: a lookup read two lines, and the
/// 1 MiB table pushed the rank table's lines out of the second-level cache.
inline constexpr std::size_t kPieceCacheEntries = 8192;
/// The long table holds pieces longer than kPieceCacheMaxBytes up to the scan's limit (the
/// only pieces whose merge goes through the cache): runs of kana and kanji, rules of dashes.
/// 1024 entries of 576 bytes (576 KiB), allocated on first use.
inline constexpr std::size_t kLongPieceMaxBytes = kScanMaxBytes;
inline constexpr std::size_t kLongPieceMaxTokens = 64;
inline constexpr std::size_t kLongPieceEntries = 1024;
/// Merge-rank memo entries (8 bytes each: 128 KiB, stays in the second-level cache).
inline constexpr std::size_t kPairMemoEntries = 16384;
/// A thread keeps caches for this many encodings at once (round-robin replacement).
inline constexpr std::size_t kPieceCacheSlots = 4;

// --- Per-thread scratch (thread_state.hpp) ---

/// A thread's scratch token vector that grew past this many bytes for one call is released
/// after the call, so one huge text does not pin its memory for the thread's life.
inline constexpr std::size_t kScratchKeepBytes = std::size_t{1} << 20;

// --- Batches (encoding.cpp) and streams (stream.cpp) ---

/// Texts larger than twice this are cut at safe points so one big text also uses every thread.
inline constexpr std::size_t kBatchChunkBytes = std::size_t{1} << 20;
/// How far past a chunk's nominal end a safe cut is searched for.
inline constexpr std::size_t kBatchCutSearchBytes = std::size_t{1} << 16;
/// A stream keeps at least this much of its buffer's tail when compacting and searches at
/// most this far back for a cut.
inline constexpr std::size_t kStreamCompactBytes = std::size_t{1} << 16;

// --- The PCRE2 pre-tokenizer (pcre2_pretokenizer.cpp) ---

/// JIT stack per thread: starts small, may grow to the maximum (address space, reserved lazily).
inline constexpr std::size_t kJitStackStartBytes = 64 * 1024;
inline constexpr std::size_t kJitStackMaxBytes = 64 * 1024 * 1024;

// --- What must hold between them ---

static_assert(kSegmentBytes <= kScanMaxBytes, "a fresh segment must fit the scan's stack buffers");
static_assert(kMaxSegmentBytes > kSegmentBytes, "a seam must be able to move at least once");
static_assert(kScanMaxBytes % 8 == 0, "the scan keeps one minimum per block of 8 pairs");
static_assert(kPieceCacheMaxBytes < kLongPieceMaxBytes,
              "the long table takes the pieces the main table cannot hold");
static_assert(kLongPieceMaxBytes == kScanMaxBytes,
              "every piece whose merge goes through the cache (at most kScanMaxBytes) must fit "
              "the long table, and a larger entry would never be filled");
static_assert(2 + kPieceCacheMaxBytes + 4 * kPieceCacheMaxTokens == 64,
              "a main-table entry is one cache line");
static_assert(kPieceCacheMaxBytes <= UINT8_MAX && kPieceCacheMaxTokens <= UINT8_MAX,
              "main-table entries store lengths in one byte");
static_assert(kLongPieceMaxBytes <= UINT16_MAX && kLongPieceMaxTokens <= UINT16_MAX,
              "long-table entries store lengths in two bytes");
static_assert(kPieceCacheMaxTokens <= kPieceCacheMaxBytes &&
                  kLongPieceMaxTokens <= kLongPieceMaxBytes,
              "a piece has at most one token per byte");
static_assert(std::has_single_bit(kPieceCacheEntries) && std::has_single_bit(kLongPieceEntries) &&
                  std::has_single_bit(kPairMemoEntries),
              "the caches are indexed by masking a hash");
static_assert(kBatchCutSearchBytes < kBatchChunkBytes,
              "a chunk's cut must stay within the next chunk");
static_assert(kJitStackStartBytes <= kJitStackMaxBytes, "PCRE2 requires start <= max");

}  // namespace airtok::detail
