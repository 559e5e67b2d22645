// text.hpp — UTF-8 helpers for the `airtok` command's output: where characters start, how many
// there are, and text made safe for JSON. The UTF-8 rules themselves are the library's one UTF-8
// module (src/core/utf8.hpp); token counting is the library's too.
#pragma once

#include "core/utf8.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace airtok::cli {

/// Calls `visit(piece, valid)` on `text` cut into characters, in order: each well-formed UTF-8
/// sequence (valid) and each byte that is not part of one (not valid).
template <typename Visit>
void for_each_char(std::string_view text, Visit&& visit) {
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t length = detail::valid_sequence_length(text, pos);
    visit(text.substr(pos, length == 0 ? 1 : length), length != 0);
    pos += length == 0 ? 1 : length;
  }
}

/// True when a cut at `pos` does not split a well-formed UTF-8 sequence (the ends of `text` and
/// the places around an invalid byte are boundaries).
bool is_char_boundary(std::string_view text, std::size_t pos);

/// Number of characters in `text`: each well-formed UTF-8 sequence is one (a code point, as
/// Python's str counts), and so is each byte that is not part of one.
std::size_t char_count(std::string_view text);

/// `text` with each byte that is not part of a well-formed UTF-8 sequence replaced by U+FFFD
/// (one per byte, as char_count counts them), so that it can be a JSON string.
std::string replace_invalid_bytes(std::string_view text);

/// Checks a stream of bytes for UTF-8 validity chunk by chunk (a sequence may be split between
/// chunks). Not thread-safe; one per stream.
class Utf8Checker {
 public:
  /// Checks `bytes`, which follow everything fed before.
  void feed(std::string_view bytes);
  /// Ends the stream (a sequence still open is invalid) and returns whether it all was valid.
  bool finish();
  bool valid() const noexcept { return valid_; }

 private:
  std::string carry_;  // an incomplete sequence at the end of the last chunk (at most 3 bytes)
  bool valid_ = true;
};

}  // namespace airtok::cli
