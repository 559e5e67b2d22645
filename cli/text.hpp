// text.hpp — UTF-8 and JSON helpers for the `airtok` command's output: where characters start,
// how many there are, and JSON strings. Token counting itself is the library's.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace airtok::cli {

/// Length (1-4) of the well-formed UTF-8 sequence starting at `text[pos]`, or 0 when the bytes
/// there are not one (a stray continuation byte, an overlong form, a surrogate, a value above
/// U+10FFFF, or a sequence cut short by the end of `text`).
std::size_t utf8_sequence_length(std::string_view text, std::size_t pos);

/// True when a cut at `pos` does not split a well-formed UTF-8 sequence (the ends of `text` and
/// the places around an invalid byte are boundaries).
bool is_char_boundary(std::string_view text, std::size_t pos);

/// Number of characters in `text`: each well-formed UTF-8 sequence is one (a code point, as
/// Python's str counts), and so is each byte that is not part of one.
std::size_t char_count(std::string_view text);

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

/// `text` as a JSON string with its quotes. Bytes that are not well-formed UTF-8 become U+FFFD
/// (JSON text must be Unicode).
std::string json_string(std::string_view text);

}  // namespace airtok::cli
