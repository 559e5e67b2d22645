// bpe.hpp — tiktoken's byte-pair merge on one piece.
//
// The rule (tiktoken's `_byte_pair_merge`): start from single bytes; repeatedly merge the
// adjacent pair whose concatenation has the lowest rank, the leftmost one on ties, until no
// adjacent pair is a token. Then each part is a token.
#pragma once

#include "core/piece_cache.hpp"
#include "core/vocab.hpp"

#include <string_view>
#include <vector>

namespace airtok::detail {

/// Appends the tokens of `piece` to `out`: the whole piece's rank if it is a token, else the
/// result of the merge rule. O(n log n) on a piece of n bytes. Throws airtok::Error only when a
/// single byte of the piece has no rank (possible only in custom vocabularies, where tiktoken
/// would panic).
void bpe_encode(const Vocab& vocab, std::string_view piece, std::vector<Rank>& out);
/// bpe_encode, remembering merged pieces in `cache` (same results).
void bpe_encode(const Vocab& vocab, PieceCache& cache, std::string_view piece,
                std::vector<Rank>& out);

/// The merge rule alone (no whole-piece lookup) with tiktoken's quadratic scan; used for short
/// pieces and, in tests, as the reference for the heap variant.
void bpe_merge_scan(const Vocab& vocab, std::string_view piece, std::vector<Rank>& out);
/// The merge rule alone with a binary heap: O(n log n) for pieces of any length.
void bpe_merge_heap(const Vocab& vocab, std::string_view piece, std::vector<Rank>& out);

}  // namespace airtok::detail
