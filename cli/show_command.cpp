// show_command.cpp — see show_command.hpp. Colours are xterm-256 backgrounds chosen light enough
// for black text; the HTML page uses the same colours. Each line break ends the colour first so
// that no background bleeds to the right edge of a terminal.
#include "show_command.hpp"

#include "input.hpp"
#include "output.hpp"
#include "text.hpp"

#include "core/hex.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace airtok::cli {
namespace {

// The path that names standard output, as "-" names standard input.
constexpr std::string_view kStdoutName = "-";

constexpr int kBackgrounds[] = {153, 223, 194, 225, 230};  // blue, orange, green, pink, yellow
static_assert(std::ranges::all_of(kBackgrounds, [](int c) { return c >= 16 && c <= 231; }),
              "css_colour() expects colours of xterm's 6x6x6 colour cube");

// A piece of a token's visible text; the pieces of a token are cut after each line feed, so
// that a view can break the line where the text does.
struct VisibleLine {
  std::string text;  // visible() of the piece's bytes; joined, the pieces give visible(token)
  bool ends_line;    // the piece ends with the "\n" escape of a line feed
};

// Cutting the bytes (not the visible text, where "\\n" may be an escaped backslash and an 'n')
// after '\n' never splits a UTF-8 sequence, since no sequence contains an ASCII byte, so the
// pieces' visible texts joined are visible() of the whole token.
std::vector<VisibleLine> visible_lines(std::string_view bytes) {
  std::vector<VisibleLine> lines;
  while (!bytes.empty()) {
    const std::size_t cut = std::min(bytes.find('\n'), bytes.size() - 1) + 1;
    lines.push_back({visible(bytes.substr(0, cut)), bytes[cut - 1] == '\n'});
    bytes.remove_prefix(cut);
  }
  return lines;
}

// A token on a terminal: each of its lines on its background, the id (dimmed) before the
// token's own final line break, so that the id stays on its token's line.
// (strings built with append: GCC 12's -Wrestrict misfires on "literal" + std::string)
std::string coloured(std::string_view bytes, Rank id, bool ids, std::size_t index) {
  std::string start = "\x1b[30;48;5;";
  start.append(std::to_string(kBackgrounds[index % std::size(kBackgrounds)])).append("m");
  const std::vector<VisibleLine> lines = visible_lines(bytes);
  std::string text;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    text.append(start).append(lines[i].text).append("\x1b[0m");
    if (ids && i + 1 == lines.size()) {
      text.append("\x1b[2m").append(std::to_string(id)).append("\x1b[0m");
    }
    if (lines[i].ends_line) text += '\n';
  }
  return text;
}

std::string summary(const Encoding& encoding, std::size_t count) {
  return std::to_string(count)
      .append(count == 1 ? " token (" : " tokens (")
      .append(encoding.name())
      .append(")");
}

std::vector<Rank> tokens_of(const Encoding& encoding, const std::string& text) {
  return encoding.encode_ordinary(text == kStdinName ? read_input(text) : text);
}

// ---- The HTML page ----

std::string html_escape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&#39;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

// An xterm-256 colour of the 6x6x6 cube (16-231) as CSS "#rrggbb", so that the page's palette
// is the terminal's by construction.
std::string css_colour(int xterm) {
  constexpr int kLevels[] = {0, 95, 135, 175, 215, 255};
  const int cube = xterm - 16;
  char text[8];
  std::snprintf(text, sizeof text, "#%02x%02x%02x", kLevels[cube / 36], kLevels[cube / 6 % 6],
                kLevels[cube % 6]);
  return text;
}

// Line breaks in #tokens are the text's own (pre-wrap); --ids draws each id from its data-id
// after the token (generated content, so copying the text copies the text only).
std::string page_style() {
  std::string style =
      "body{margin:2rem;color:#000;background:#fff;"
      "font:15px/1.7 ui-monospace,\"DejaVu Sans Mono\",Menlo,Consolas,monospace}\n"
      "h1{margin:0 0 1rem;font:600 1rem system-ui,sans-serif}\n"
      "h1 small{font-weight:400;color:#555}\n"
      "#tokens{white-space:pre-wrap;overflow-wrap:anywhere}\n"
      ".t{border-radius:3px}\n"
      ".t:hover{outline:2px solid #000}\n"
      ".ids .t::after{content:attr(data-id);margin-left:.2em;font-size:.7em;color:#444}\n";
  const std::string cycle = std::to_string(std::size(kBackgrounds));
  for (std::size_t i = 0; i < std::size(kBackgrounds); ++i) {
    style.append(".t:nth-child(").append(cycle).append("n+").append(std::to_string(i + 1));
    style.append("){background:").append(css_colour(kBackgrounds[i])).append("}\n");
  }
  return style;
}

// One span per token. Its line breaks are the token's own; a final one goes after the span, so
// that an id drawn after the token stays on the token's line (as on a terminal).
std::string html_token(std::string_view bytes, Rank id) {
  const std::string number = std::to_string(id);
  std::string span = "<span class=\"t\" data-id=\"";
  span.append(number).append("\" title=\"").append(number).append("\">");
  const std::vector<VisibleLine> lines = visible_lines(bytes);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    span.append(html_escape(lines[i].text));
    if (lines[i].ends_line && i + 1 < lines.size()) span += '\n';
  }
  span.append("</span>");
  if (!lines.empty() && lines.back().ends_line) span += '\n';
  return span;
}

std::string html_page(const Encoding& encoding, const std::vector<Rank>& tokens, bool ids) {
  const std::string heading = html_escape(summary(encoding, tokens.size()));
  std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  page.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
  page.append("<title>").append(heading).append(" \xe2\x80\x94 airtok show</title>\n");
  page.append("<style>\n").append(page_style()).append("</style>\n</head>\n<body>\n");
  page.append("<h1>").append(heading);
  page.append(" <small>\xe2\x80\x94 hover over a token for its id</small></h1>\n");
  page.append(ids ? "<div id=\"tokens\" class=\"ids\">" : "<div id=\"tokens\">");
  for (Rank id : tokens) page.append(html_token(encoding.decode_single_token_bytes(id), id));
  return page.append("</div>\n</body>\n</html>\n");
}

// Writes `data` to the file at `path` (created or truncated). The close is checked too: a
// buffered write may only fail there (a full disk).
void write_file(const std::string& path, std::string_view data) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) throw CliError("cannot write " + path + ": " + std::strerror(errno));
  const bool written = std::fwrite(data.data(), 1, data.size(), file) == data.size();
  const int write_errno = errno;
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed) {
    throw CliError("cannot write " + path + ": " + std::strerror(written ? errno : write_errno));
  }
}

}  // namespace

std::string visible(std::string_view bytes) {
  std::string text;
  for_each_char(bytes, [&](std::string_view piece, bool valid) {
    const auto byte = static_cast<unsigned char>(piece[0]);
    if (byte == '\n' || byte == '\t' || byte == '\r') {
      text += byte == '\n' ? "\\n" : byte == '\t' ? "\\t" : "\\r";
    } else if (!valid || byte < 0x20 || byte == 0x7f) {
      detail::append_byte_escape(byte, text);
    } else {
      text += byte == '\\' ? std::string_view("\\\\") : piece;
    }
  });
  return text;
}

void run_show(const Encoding& encoding, const std::string& text, bool ids, bool colour,
              std::FILE* out) {
  const std::vector<Rank> tokens = tokens_of(encoding, text);
  std::string shown;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string bytes = encoding.decode_single_token_bytes(tokens[i]);
    if (colour) {
      shown += coloured(bytes, tokens[i], ids, i);
      continue;
    }
    if (ids) shown.append(std::to_string(tokens[i])).append("\t");
    shown.append(visible(bytes)).append("\n");
  }
  if (colour) shown.append("\n").append(summary(encoding, tokens.size())).append("\n");
  write_out(out, shown);
}

void run_show_html(const Encoding& encoding, const std::string& text, bool ids,
                   const std::string& path, std::FILE* out) {
  const std::string page = html_page(encoding, tokens_of(encoding, text), ids);
  if (path == kStdoutName) {
    write_out(out, page);
  } else {
    write_file(path, page);
  }
}

ShowCommand::ShowCommand(CLI::App& app)
    : EncodingCommand(app, "show",
                      "Show the tokens of TEXT (or standard input): alternating colours on a "
                      "terminal, one token per line otherwise, or an HTML page") {
  command().add_option("text", text_, "The text itself; '-' or nothing: standard input");
  command().add_flag("--ids", ids_, "Show each token's id too");
  html_option_ =
      command()
          .add_option("--html", html_path_,
                      "Write the tokens to FILE as an HTML page with nothing external (each "
                      "token's id on hover) instead; '-': standard output")
          ->type_name("FILE");
  command().footer(
      "Examples:\n  airtok show 'Hello, world!'\n  airtok show --ids -m gpt-4o < notes.txt | "
      "less\n  airtok show --html tokens.html < notes.txt\n\nIn a pipe each token is a line: "
      "its text with \\n, \\t, \\r, \\\\ and \\xNN escapes (bytes that are only part of a "
      "character), after its id and a tab with --ids. The HTML page shows the terminal's view.");
}

int ShowCommand::run(std::FILE* out) const {
  if (html_option_->count() > 0) {
    run_show_html(encoding(), text_, ids_, html_path_, out);
  } else {
    run_show(encoding(), text_, ids_, isatty(fileno(out)) != 0, out);
  }
  return 0;
}

}  // namespace airtok::cli
