// diagnostics.cpp — message formatting shared by the vocabulary loaders.
#include "core/load/diagnostics.hpp"

#include "core/hex.hpp"
#include "core/utf8.hpp"

#include <airtok/error.hpp>

#include <algorithm>

namespace airtok::detail {

namespace {

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
  append_byte_escape(byte, out);
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
      if (decode_checked(shown, next) != kInvalidCodePoint) {
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
