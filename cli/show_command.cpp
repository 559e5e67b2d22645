// show_command.cpp — see show_command.hpp. Colours are xterm-256 backgrounds chosen light enough
// for black text; each line break ends the colour first so that no background bleeds to the
// right edge of the terminal.
#include "show_command.hpp"

#include "input.hpp"
#include "text.hpp"

#include <cstdio>
#include <vector>

namespace airtok::cli {
namespace {

constexpr int kBackgrounds[] = {153, 223, 194, 225, 230};  // blue, orange, green, pink, yellow

void write(std::FILE* out, std::string_view text) {
  if (!text.empty() && std::fwrite(text.data(), 1, text.size(), out) != text.size()) {
    throw CliError("cannot write the output");
  }
}

std::string hex_byte(unsigned char byte) {
  char text[8];
  std::snprintf(text, sizeof text, "\\x%02x", byte);
  return text;
}

// (strings built with append: GCC 12's -Wrestrict misfires on "literal" + std::string)
std::string coloured(std::string_view token_text, std::size_t index) {
  std::string start = "\x1b[30;48;5;";
  start.append(std::to_string(kBackgrounds[index % std::size(kBackgrounds)])).append("m");
  // A "\n" escape is followed by a real line break, outside the colour.
  std::string text = start;
  for (std::size_t pos = 0; pos < token_text.size(); ++pos) {
    text += token_text[pos];
    if (token_text.substr(pos, 2) == "\\n") {
      text.append("n\x1b[0m\n");
      if (++pos + 1 < token_text.size()) text.append(start);
    }
  }
  return text.ends_with('\n') ? text : text.append("\x1b[0m");
}

}  // namespace

std::string visible(std::string_view bytes) {
  std::string text;
  for (std::size_t pos = 0; pos < bytes.size();) {
    const unsigned char byte = static_cast<unsigned char>(bytes[pos]);
    const std::size_t length = utf8_sequence_length(bytes, pos);
    if (length == 0 || byte < 0x20 || byte == 0x7f) {
      text += byte == '\n' ? "\\n" : byte == '\t' ? "\\t" : byte == '\r' ? "\\r" : hex_byte(byte);
      ++pos;
    } else if (byte == '\\') {
      text += "\\\\";
      ++pos;
    } else {
      text.append(bytes.substr(pos, length));
      pos += length;
    }
  }
  return text;
}

void run_show(const EncodingChoice& choice, const std::string& text, bool ids, bool colour,
              std::FILE* out) {
  const Encoding& encoding = select_encoding(choice);
  const std::string input = text == kStdinName ? read_input(text) : text;
  const std::vector<Rank> tokens = encoding.encode_ordinary(input);
  std::string shown;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string token = visible(encoding.decode_single_token_bytes(tokens[i]));
    if (!colour) {
      if (ids) shown.append(std::to_string(tokens[i])).append("\t");
      shown.append(token).append("\n");
      continue;
    }
    shown += coloured(token, i);
    if (ids) shown.append("\x1b[2m").append(std::to_string(tokens[i])).append("\x1b[0m");
  }
  if (colour) {
    shown.append("\n").append(std::to_string(tokens.size())).append(" tokens (");
    shown.append(encoding.name()).append(")\n");
  }
  write(out, shown);
}

}  // namespace airtok::cli
