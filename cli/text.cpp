// text.cpp — see text.hpp. Every decision about what is well-formed UTF-8 (the Unicode
// standard's table 3-7, the rules Python's decoder applies) is src/core/utf8.hpp's.
#include "text.hpp"

#include "core/utf8.hpp"

namespace airtok::cli {
namespace {

using detail::is_continuation_byte;
using detail::utf8_first_invalid;
using detail::valid_sequence_length;

unsigned char byte_at(std::string_view text, std::size_t pos) {
  return static_cast<unsigned char>(text[pos]);
}

}  // namespace

bool is_char_boundary(std::string_view text, std::size_t pos) {
  if (pos == 0 || pos >= text.size() || !is_continuation_byte(byte_at(text, pos))) return true;
  for (std::size_t back = 1; back <= 3 && back <= pos; ++back) {
    if (!is_continuation_byte(byte_at(text, pos - back))) {
      return valid_sequence_length(text, pos - back) <= back;
    }
  }
  return true;
}

std::size_t char_count(std::string_view text) {
  std::size_t count = 0;
  for_each_char(text, [&](std::string_view, bool) { ++count; });
  return count;
}

std::string replace_invalid_bytes(std::string_view text) {
  if (detail::utf8_valid_up_to(text) == text.size()) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  for_each_char(text, [&](std::string_view piece, bool valid) {
    out.append(valid ? piece : std::string_view("\xEF\xBF\xBD"));
  });
  return out;
}

void Utf8Checker::feed(std::string_view bytes) {
  if (!valid_ || bytes.empty()) return;
  if (!carry_.empty()) {
    // Complete the carried sequence (at most 4 bytes in all), then continue after it.
    const std::string joined = carry_ + std::string(bytes.substr(0, 4 - carry_.size()));
    const std::size_t length = valid_sequence_length(joined, 0);
    if (length == 0) {
      const detail::Utf8Invalid bad = utf8_first_invalid(joined);
      valid_ = bad.offset == 0 && bad.at_end;  // still cut short: carry it on
      if (valid_) carry_ = joined;
      return;
    }
    bytes.remove_prefix(length - carry_.size());
    carry_.clear();
  }
  const detail::Utf8Invalid bad = utf8_first_invalid(bytes);
  if (bad.offset == bytes.size()) return;
  valid_ = bad.at_end;
  if (valid_) carry_ = std::string(bytes.substr(bad.offset));
}

bool Utf8Checker::finish() {
  if (!carry_.empty()) valid_ = false;
  carry_.clear();
  const bool was_valid = valid_;
  valid_ = true;
  return was_valid;
}

}  // namespace airtok::cli
