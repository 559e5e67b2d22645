// bpe.hpp — tiktoken's byte-pair merge on one piece.
//
// The rule (tiktoken's `_byte_pair_merge`): start from single bytes; repeatedly merge the
// adjacent pair whose concatenation has the lowest rank, the leftmost one on ties, until no
// adjacent pair is a token. Then each part is a token.
#pragma once

#include "core/piece_cache.hpp"
#include "core/vocab.hpp"

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace airtok::detail {

/// Appends the tokens of `piece` to `out`: the whole piece's rank if it is a token, else the
/// result of the merge rule. O(n log n) on a piece of n bytes. Throws airtok::Error only when a
/// single byte of the piece has no rank (not for an Encoding's vocabulary, which has every byte:
/// only for a Vocab built directly), and ResourceError for a piece of 4 GiB or more.
void bpe_encode(const Vocab& vocab, std::string_view piece, std::vector<Rank>& out);
/// What a piece's bytes are known to be. kValidUtf8 (a piece of text already checked to be
/// valid UTF-8, as every piece of an encode of text is): the merge decodes its characters
/// without checking them. Passing it for other bytes is undefined (reads past a character).
enum class PieceBytes { kAny, kValidUtf8 };
/// bpe_encode, remembering merged pieces in `cache` (same results).
void bpe_encode(const Vocab& vocab, PieceCache& cache, std::string_view piece,
                std::vector<Rank>& out, PieceBytes bytes = PieceBytes::kAny);
/// How many tokens bpe_encode gives for `piece`, using `scratch` only when it must merge.
std::size_t bpe_count(const Vocab& vocab, PieceCache& cache, std::string_view piece,
                      std::vector<Rank>& scratch, PieceBytes bytes = PieceBytes::kAny);

/// The merge rule alone (no whole-piece lookup) scanning for the lowest pair as tiktoken does
/// (over blocks of eight pairs); used for pieces up to 256 bytes.
void bpe_merge_scan(const Vocab& vocab, std::string_view piece, std::vector<Rank>& out);
/// The merge rule alone with a binary heap: O(n log n) for pieces of any length.
void bpe_merge_heap(const Vocab& vocab, std::string_view piece, std::vector<Rank>& out);
/// The merge rule on a long piece, in segments joined at seams checked with Vocab::valid_pair
/// (linear time); the heap when the vocabulary has no usable split table or a seam cannot be
/// placed.
void bpe_merge_long(const Vocab& vocab, std::string_view piece, std::vector<Rank>& out);
/// The merge rule joining parts by looking up their bytes only, never the merge table: the
/// reference the table-driven variants are tested against.
void bpe_merge_by_bytes(const Vocab& vocab, std::string_view piece, std::vector<Rank>& out);
/// The two tokens whose merge is the last step of the merge rule on `token`'s own bytes (its
/// canonical split), or nullopt when the rule does not rebuild `token` (it is then reachable
/// only as a whole piece). Uses byte lookups only, so it can build Vocab's merge table.
std::optional<std::pair<Rank, Rank>> bpe_last_merge(const Vocab& vocab, std::string_view token);

}  // namespace airtok::detail
