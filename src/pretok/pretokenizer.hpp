// pretokenizer.hpp — the interface every pre-tokenizer implements.
//
// A pre-tokenizer cuts text into the pieces tiktoken's pattern would match (Rust regex
// `find_iter` semantics: leftmost-first, non-overlapping, left to right). Text between matches
// (possible only with custom patterns) is skipped, as tiktoken skips it. The generic PCRE2
// implementation and the specialized scanners implement this same interface, so tests can
// compare them on the same inputs.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace airtok::detail {

struct Piece {
  std::size_t begin = 0;
  std::size_t end = 0;
};

class PreTokenizer {
 public:
  virtual ~PreTokenizer() = default;
  /// Finds the first piece of `text` that starts at or after `from` (`from` is always the end of
  /// the previous piece, or 0). `text` is the whole segment: anchors such as `$` and lookaheads
  /// see all of it. Returns false when no piece is left.
  virtual bool next_piece(std::string_view text, std::size_t from, Piece& piece) const = 0;
};

/// Compiles `pattern` (tiktoken / Rust regex syntax) for the generic PCRE2 pre-tokenizer.
/// Throws InvalidEncodingError naming the problem when it cannot be compiled. Its next_piece
/// throws Error when PCRE2 cannot allocate a thread's match state (out of memory).
std::unique_ptr<PreTokenizer> make_pcre2_pretokenizer(const std::string& pattern);

}  // namespace airtok::detail
