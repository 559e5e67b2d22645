// show_command.hpp — `airtok show`: the tokens of a text, drawn with alternating background
// colours on a terminal, one token per line (escaped) in a pipe, or as a self-contained HTML page.
#pragma once

#include "commands.hpp"
#include "input.hpp"

#include <cstdio>
#include <string>
#include <string_view>

namespace airtok::cli {

/// A token's bytes as printable text: well-formed UTF-8 unchanged except '\\' (as \\\\) and
/// control characters (\n, \t, \r, else \xNN); bytes that are not well-formed UTF-8 on their
/// own (part of a character split between tokens, or invalid input) as \xNN.
std::string visible(std::string_view bytes);

/// Shows the tokens (encode_ordinary) of `text`, or of standard input when `text` is "-".
/// `colour`: alternating backgrounds (a terminal); otherwise one `visible` token per line. With
/// `ids`, each token's id too (after the token in colour; `id<TAB>token` per line otherwise).
void run_show(const Encoding& encoding, const std::string& text, bool ids, bool colour,
              std::FILE* out);

/// Like run_show, but writes an HTML page with no external resources to `path` (to `out` when
/// `path` is "-"): a header with the token count and the encoding, then the text with one
/// element per token (`<span class="t" data-id="ID" title="ID">`, its `visible` text
/// HTML-escaped), the terminal's alternating backgrounds and its line breaks. With `ids`, the
/// page shows each id after its token. Throws CliError naming `path` and the system's reason
/// when the file cannot be written.
void run_show_html(const Encoding& encoding, const std::string& text, bool ids,
                   const std::string& path, std::FILE* out);

/// `airtok show`: run_show on a terminal or in a pipe, run_show_html with --html.
class ShowCommand : public EncodingCommand {
 public:
  explicit ShowCommand(CLI::App& app);
  int run(std::FILE* out) const override;

 private:
  const CLI::Option* html_option_ = nullptr;
  std::string text_ = std::string(kStdinName);
  std::string html_path_;
  bool ids_ = false;
};

}  // namespace airtok::cli
