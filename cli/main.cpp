// main.cpp — the `airtok` command: command-line parsing (CLI11) and error reporting.
//
// Errors are printed to standard error as `airtok: error: <message>`. Exit status: 0 on
// success, 1 when the work fails (unknown encoding or model, unreadable file, disallowed special
// token, invalid token id, ...), 2 when the command line itself is wrong.
#include "cache_command.hpp"
#include "chunk_command.hpp"
#include "commands.hpp"
#include "count_command.hpp"
#include "docs_command.hpp"
#include "doctor_command.hpp"
#include "harmony_command.hpp"
#include "input.hpp"
#include "serve_command.hpp"
#include "show_command.hpp"

#include <airtok/error.hpp>

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <cstdio>
#include <exception>
#include <optional>
#include <string>

#ifndef AIRTOK_CLI_VERSION
#error "AIRTOK_CLI_VERSION must be defined by the build"
#endif

namespace {

using airtok::cli::EncodingChoice;
using airtok::cli::Inputs;
using airtok::cli::SpecialChoice;

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

void add_encoding_options(CLI::App& command, EncodingChoice& choice) {
  CLI::Option* encoding =
      command.add_option("-e,--encoding", choice.encoding,
                         "Encoding name (default cl100k_base); see `airtok encodings`");
  CLI::Option* model = command.add_option("-m,--model", choice.model,
                                          "Model name, mapped to its encoding as tiktoken does");
  encoding->excludes(model);
}

void add_special_options(CLI::App& command, SpecialChoice& specials) {
  command.add_option("--allowed-special", specials.allowed,
                     "Special tokens whose text becomes the special token: 'all' or a "
                     "comma-separated list (default: none; their text is ordinary text)");
  command.add_option("--disallowed-special", specials.disallowed,
                     "Special tokens whose text is an error: 'all' or a comma-separated list "
                     "(default: none)");
}

int report(std::string message, int status) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  std::fprintf(stderr, "airtok: error: %s\n", message.c_str());
  return status;
}

// CLI11 reports a misspelt subcommand as "A subcommand is required"; name it instead.
std::optional<std::string> unknown_subcommand(CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return std::nullopt;
  const std::string word = argv[1];
  std::string known;
  for (CLI::App* command : app.get_subcommands([](CLI::App*) { return true; })) {
    if (command->get_name() == word) return std::nullopt;
    known.append(known.empty() ? "" : ", ").append(command->get_name());
  }
  return std::string("unknown subcommand '")
      .append(word)
      .append("' (the subcommands are ")
      .append(known)
      .append(")");
}

// Option values already checked by CLI::IsMember.
airtok::cli::IdFormat id_format(const std::string& name) {
  if (name == "json") return airtok::cli::IdFormat::json;
  return name == "binary" ? airtok::cli::IdFormat::binary : airtok::cli::IdFormat::ids;
}

airtok::cli::Boundary chunk_boundary(const std::string& name) {
  if (name == "paragraph") return airtok::cli::Boundary::paragraph;
  return name == "token" ? airtok::cli::Boundary::token : airtok::cli::Boundary::line;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app(
      "Count, encode and decode text with OpenAI's BPE encodings, exactly as tiktoken "
      "does, offline.",
      "airtok");
  app.set_version_flag("--version", std::string("airtok ") + AIRTOK_CLI_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Example:\n  airtok count -m gpt-4o README.md\n\nExit status: 0 success, 1 error, "
      "2 bad command line.");

  EncodingChoice choice;
  SpecialChoice specials;
  Inputs inputs;
  std::vector<std::string> ids;
  bool raw_bytes = false;
  std::string format = "ids";

  CLI::App* count = app.add_subcommand(
      "count",
      "Print the number of tokens of each file, of the files under each directory, or of "
      "standard input; several files get one line each and a total, like wc");
  add_encoding_options(*count, choice);
  add_special_options(*count, specials);
  const airtok::cli::CountCommand count_command(*count);
  count->footer(
      "Examples:\n  airtok count -e o200k_base notes.txt chapter*.md\n"
      "  airtok count --include '*.md' --by-ext docs/\n"
      "  airtok count --limit 8000 prompts/      # status 1, naming the files over 8000\n"
      "  cat big.jsonl | airtok count -m gpt-4o\n\n"
      "Files are read in chunks (bounded memory; the counts are exact). A file that cannot be "
      "read is reported and skipped, and the status is 1. Bytes that are not valid UTF-8 are "
      "counted as tiktoken's _encode_bytes does, with a warning.");

  std::string chunk_path = std::string(airtok::cli::kStdinName);
  std::size_t max_tokens = 0, overlap = 0;
  std::string boundary = "line";

  CLI::App* truncate = app.add_subcommand(
      "truncate",
      "Print the longest prefix of FILE (or standard input) that is at most --max-tokens "
      "tokens, never cutting a UTF-8 character");
  add_encoding_options(*truncate, choice);
  truncate->add_option("file", chunk_path, "File to read, '-' for standard input (the default)");
  truncate->add_option("-n,--max-tokens", max_tokens, "The token budget")->required();
  truncate->footer("Example:\n  airtok truncate -m gpt-4o --max-tokens 1000 report.md > head.md");

  CLI::App* chunk = app.add_subcommand(
      "chunk",
      "Cut FILE (or standard input) into chunks of at most --max-tokens tokens, printed as "
      "JSON Lines: index, text, byte_start, byte_end, char_start, char_end, tokens");
  add_encoding_options(*chunk, choice);
  chunk->add_option("file", chunk_path, "File to read, '-' for standard input (the default)");
  chunk->add_option("-n,--max-tokens", max_tokens, "Most tokens in a chunk")->required();
  chunk->add_option("--overlap", overlap,
                    "Tokens each chunk repeats from the end of the previous one (default 0)");
  chunk
      ->add_option("--boundary", boundary,
                   "Where chunks prefer to end: after a line (default), after a blank line, or "
                   "at any token")
      ->check(CLI::IsMember({"line", "paragraph", "token"}));
  chunk->footer(
      "Example:\n  airtok chunk book.txt --max-tokens 512 --overlap 64 --boundary paragraph\n\n"
      "Each chunk counts at most --max-tokens tokens on its own. Chunk i+1 starts byte_end(i) - "
      "byte_start(i+1) bytes before chunk i ends; dropping those bytes and joining gives the "
      "input back. Bytes that are not UTF-8 are U+FFFD in text (offsets stay exact).");

  std::string show_text = std::string(airtok::cli::kStdinName);
  std::string show_html;
  bool show_ids = false;
  CLI::App* show = app.add_subcommand(
      "show",
      "Show the tokens of TEXT (or standard input): alternating colours on a terminal, one "
      "token per line otherwise, or an HTML page");
  add_encoding_options(*show, choice);
  show->add_option("text", show_text, "The text itself; '-' or nothing: standard input");
  show->add_flag("--ids", show_ids, "Show each token's id too");
  const CLI::Option* html =
      show->add_option(
              "--html", show_html,
              "Write the tokens to FILE as an HTML page with nothing external (each token's "
              "id on hover) instead; '-': standard output")
          ->type_name("FILE");
  show->footer(
      "Examples:\n  airtok show 'Hello, world!'\n  airtok show --ids -m gpt-4o < notes.txt | "
      "less\n  airtok show --html tokens.html < notes.txt\n\nIn a pipe each token is a line: "
      "its text with \\n, \\t, \\r, \\\\ and \\xNN escapes (bytes that are only part of a "
      "character), after its id and a tab with --ids. The HTML page shows the terminal's view.");

  CLI::App* encode = app.add_subcommand(
      "encode",
      "Print the token ids of each FILE (or standard input), space-separated, one "
      "line per file");
  add_encoding_options(*encode, choice);
  add_special_options(*encode, specials);
  encode->add_option("files", inputs, "Files to read whole, '-' for standard input");
  encode
      ->add_option("-f,--format", format,
                   "ids: space-separated (default); json: [1, 2, 3]; binary: 32-bit "
                   "little-endian, nothing between")
      ->check(CLI::IsMember({"ids", "json", "binary"}));
  encode->footer("Example:\n  printf 'hello world' | airtok encode -m gpt-4");

  CLI::App* decode = app.add_subcommand(
      "decode",
      "Print the text of token ids given as arguments or on standard input (separated "
      "by spaces, commas or brackets); nothing is added after the text");
  add_encoding_options(*decode, choice);
  decode->add_option("ids", ids, "Token ids (read from standard input when none are given)");
  decode->add_flag("--bytes", raw_bytes,
                   "Write the tokens' bytes unchanged instead of replacing invalid UTF-8 by "
                   "U+FFFD");
  decode
      ->add_option("-f,--format", format,
                   "ids or json: ids as text (either form is read); binary: 32-bit "
                   "little-endian from standard input")
      ->check(CLI::IsMember({"ids", "json", "binary"}));
  decode->footer(
      "Examples:\n  airtok encode notes.txt | airtok decode\n"
      "  airtok decode -e cl100k_base '[100257]'    # <|endoftext|>\n"
      "  airtok encode -f binary big.txt | airtok decode -f binary");

  CLI::App* encodings =
      app.add_subcommand("encodings", "List the built-in encodings and their n_vocab");
  encodings->footer("Example:\n  airtok encodings");

  const airtok::cli::CacheCommand cache(app);
  const airtok::cli::DoctorCommand doctor(app);
  const airtok::cli::HarmonyCommand harmony(app);
  const airtok::cli::ServeCommand serve(app);
  const airtok::cli::DocsCommand docs(app);  // last: describes everything above

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    report(unknown_subcommand(app, argc, argv).value_or(e.what()), kExitUsage);
    std::fprintf(stderr, "Run 'airtok --help' for usage.\n");
    return kExitUsage;
  }

  try {
    if (truncate->parsed()) airtok::cli::run_truncate(choice, chunk_path, max_tokens, stdout);
    if (chunk->parsed()) {
      airtok::cli::run_chunk(choice, chunk_path, max_tokens, overlap, chunk_boundary(boundary),
                             stdout);
    }
    if (show->parsed() && html->count() > 0) {
      airtok::cli::run_show_html(choice, show_text, show_ids, show_html, stdout);
    } else if (show->parsed()) {
      airtok::cli::run_show(choice, show_text, show_ids, isatty(STDOUT_FILENO) != 0, stdout);
    }
    if (encode->parsed())
      airtok::cli::run_encode(choice, specials, inputs, id_format(format), stdout);
    if (decode->parsed())
      airtok::cli::run_decode(choice, ids, raw_bytes, id_format(format), stdout);
    if (encodings->parsed()) airtok::cli::run_encodings(stdout);
    if (docs.parsed()) docs.run(stdout);
    if (harmony.parsed()) harmony.run(stdout);
    int status = cache.parsed() ? cache.run(stdout) : 0;
    if (doctor.parsed()) status = doctor.run(stdout);
    if (count->parsed()) status = count_command.run(choice, specials, stdout);
    if (serve.parsed()) status = serve.run(stdout);
    if (std::fflush(stdout) != 0) return report("cannot write the output", kExitFailure);
    return status;
  } catch (const std::exception& e) {
    return report(e.what(), kExitFailure);
  }
}
