// text.cpp — UTF-8 decoding by the rules of the Unicode standard's table 3-7 (well-formed byte
// sequences), the same rules Python's decoder and the library apply.
#include "text.hpp"

#include <cstdio>

namespace airtok::cli {
namespace {

unsigned char byte_at(std::string_view text, std::size_t pos) {
  return static_cast<unsigned char>(text[pos]);
}

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Length a lead byte announces (0 for a byte that cannot start a sequence), and the range its
// first continuation byte must fall in (which excludes overlongs, surrogates, > U+10FFFF).
struct Lead {
  std::size_t length;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
};

Lead lead(unsigned char byte) {
  if (byte < 0x80) return {1};
  if (byte >= 0xC2 && byte <= 0xDF) return {2};
  if (byte == 0xE0) return {3, 0xA0, 0xBF};
  if (byte == 0xED) return {3, 0x80, 0x9F};
  if (byte >= 0xE1 && byte <= 0xEF) return {3};
  if (byte == 0xF0) return {4, 0x90, 0xBF};
  if (byte == 0xF4) return {4, 0x80, 0x8F};
  if (byte >= 0xF1 && byte <= 0xF3) return {4};
  return {0};
}

// Like utf8_sequence_length, but tells "cut short by the end" (returns the negative of the
// number of bytes present) apart from "invalid" (0).
long sequence_or_prefix(std::string_view text, std::size_t pos) {
  const Lead first = lead(byte_at(text, pos));
  if (first.length <= 1) return static_cast<long>(first.length);
  for (std::size_t k = 1; k < first.length; ++k) {
    if (pos + k >= text.size()) return -static_cast<long>(k);
    const unsigned char byte = byte_at(text, pos + k);
    const unsigned char low = k == 1 ? first.low : 0x80, high = k == 1 ? first.high : 0xBF;
    if (byte < low || byte > high) return 0;
  }
  return static_cast<long>(first.length);
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view text, std::size_t pos) {
  const long length = sequence_or_prefix(text, pos);
  return length > 0 ? static_cast<std::size_t>(length) : 0;
}

bool is_char_boundary(std::string_view text, std::size_t pos) {
  if (pos == 0 || pos >= text.size() || !is_continuation(byte_at(text, pos))) return true;
  for (std::size_t back = 1; back <= 3 && back <= pos; ++back) {
    if (!is_continuation(byte_at(text, pos - back))) {
      return utf8_sequence_length(text, pos - back) <= back;
    }
  }
  return true;
}

std::size_t char_count(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < text.size(); ++count) {
    const std::size_t length = utf8_sequence_length(text, pos);
    pos += length == 0 ? 1 : length;
  }
  return count;
}

void Utf8Checker::feed(std::string_view bytes) {
  if (!valid_ || bytes.empty()) return;
  std::string joined;
  if (!carry_.empty()) {
    // Complete the carried sequence with up to 3 new bytes, then continue after it.
    joined = carry_ + std::string(bytes.substr(0, 3));
    const long length = sequence_or_prefix(joined, 0);
    if (length == 0) {
      valid_ = false;
      return;
    }
    if (length < 0) {
      carry_ = joined;
      return;
    }
    bytes.remove_prefix(static_cast<std::size_t>(length) - carry_.size());
    carry_.clear();
  }
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    if (byte_at(bytes, pos) < 0x80) {
      ++pos;
      continue;
    }
    const long length = sequence_or_prefix(bytes, pos);
    if (length == 0) {
      valid_ = false;
      return;
    }
    if (length < 0) {
      carry_ = std::string(bytes.substr(pos));
      return;
    }
    pos += static_cast<std::size_t>(length);
  }
}

bool Utf8Checker::finish() {
  if (!carry_.empty()) valid_ = false;
  carry_.clear();
  const bool was_valid = valid_;
  valid_ = true;
  return was_valid;
}

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (std::size_t pos = 0; pos < text.size();) {
    const unsigned char byte = byte_at(text, pos);
    const std::size_t length = utf8_sequence_length(text, pos);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++pos;
    } else if (byte == '"' || byte == '\\') {
      out.append(1, '\\').append(1, static_cast<char>(byte));
      ++pos;
    } else if (byte < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
      out += byte == '\n' ? "\\n" : byte == '\t' ? "\\t" : byte == '\r' ? "\\r" : escaped;
      ++pos;
    } else {
      out.append(text.substr(pos, length));
      pos += length;
    }
  }
  return out + "\"";
}

}  // namespace airtok::cli
