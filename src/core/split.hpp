// split.hpp — safe cut points: where a text can be cut so that encoding the parts separately
// gives exactly the tokens of the whole (what parallel and streaming encoding rely on).
//
// For the built-in pattern families a cut between an ASCII letter and a space is safe: every
// alternative that can match the letter ends its piece at the space (letter runs stop there,
// and the contraction suffixes need an apostrophe), no piece before the letter looks past it
// (lookaheads and `$` only follow whitespace runs, which end before the letter), and matching
// from the space on depends only on the text from there. For tiktoken's `_encode_bytes` on
// invalid UTF-8 the cut must also lie before the first invalid byte; the token before it ends
// with a letter, so the widening over whitespace-only tokens never crosses it.
// For any other pattern no cut is known to be safe and none is made.
#pragma once

#include <cstddef>
#include <string_view>

namespace airtok::detail {

class EncodingImpl;

/// A safe cut in [from, to) of `text` for `impl`, as close to `to` as possible searching
/// backwards (at most `window` bytes), or 0 if there is none.
std::size_t find_safe_cut_before(const EncodingImpl& impl, std::string_view text, std::size_t from,
                                 std::size_t to, std::size_t window) noexcept;

}  // namespace airtok::detail
