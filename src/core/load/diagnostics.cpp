// diagnostics.cpp — message formatting shared by the vocabulary loaders.
#include "core/load/diagnostics.hpp"

#include "core/load/utf8_decode.hpp"

#include <airtok/error.hpp>

#include <algorithm>

namespace airtok::detail {

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

void append_escaped_byte(unsigned char byte, std::string& out) {
  switch (byte) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      break;
  }
  if (byte >= 0x20 && byte < 0x7F) {
    out += static_cast<char>(byte);
    return;
  }
  out += "\\x";
  out += kHexDigits[byte >> 4];
  out += kHexDigits[byte & 0xF];
}

}  // namespace

std::string quoted(std::string_view text, bool keep_utf8, std::size_t max_bytes) {
  const std::string_view shown = text.substr(0, max_bytes);
  std::string out = "\"";
  std::size_t pos = 0;
  while (pos < shown.size()) {
    const auto byte = static_cast<unsigned char>(shown[pos]);
    if (keep_utf8 && byte >= 0x80) {
      std::size_t next = pos;
      if (decode_utf8(shown, next) != kInvalidCodePoint) {
        out.append(shown.substr(pos, next - pos));
        pos = next;
        continue;
      }
    }
    append_escaped_byte(byte, out);
    ++pos;
  }
  out += '"';
  if (shown.size() < text.size()) {
    out += "... (";
    out += std::to_string(text.size());
    out += " bytes)";
  }
  return out;
}

void throw_load_error(std::string_view source, std::size_t line, std::string_view what) {
  std::string message(source);
  if (line != 0) {
    message += ':';
    message += std::to_string(line);
  }
  message += ": ";
  message += what;
  throw LoadError(message, std::string(source), line);
}

std::size_t line_of_offset(std::string_view text, std::size_t offset) noexcept {
  const std::string_view before = text.substr(0, std::min(offset, text.size()));
  return 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
}

}  // namespace airtok::detail
