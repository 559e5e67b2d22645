// main.cpp — the `airtok` command: command-line parsing (CLI11) and error reporting.
//
// Errors are printed to standard error as `airtok: error: <message>`. Exit status: 0 on
// success, 1 when the work fails (unknown encoding or model, unreadable file, disallowed special
// token, invalid token id, ...), 2 when the command line itself is wrong.
#include "cache_command.hpp"
#include "commands.hpp"
#include "input.hpp"

#include <airtok/error.hpp>

#include <CLI/CLI.hpp>

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

  CLI::App* count = app.add_subcommand(
      "count",
      "Print the number of tokens of each FILE (or standard input); several files get "
      "one line each and a total, like wc");
  add_encoding_options(*count, choice);
  add_special_options(*count, specials);
  count->add_option("files", inputs, "Files to read whole, '-' for standard input");
  count->footer("Example:\n  airtok count -e o200k_base notes.txt chapter*.md");

  CLI::App* encode = app.add_subcommand(
      "encode",
      "Print the token ids of each FILE (or standard input), space-separated, one "
      "line per file");
  add_encoding_options(*encode, choice);
  add_special_options(*encode, specials);
  encode->add_option("files", inputs, "Files to read whole, '-' for standard input");
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
  decode->footer(
      "Examples:\n  airtok encode notes.txt | airtok decode\n"
      "  airtok decode -e cl100k_base '[100257]'    # <|endoftext|>");

  CLI::App* encodings =
      app.add_subcommand("encodings", "List the built-in encodings and their n_vocab");
  encodings->footer("Example:\n  airtok encodings");

  const airtok::cli::CacheCommand cache(app);

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
    if (count->parsed()) airtok::cli::run_count(choice, specials, inputs, stdout);
    if (encode->parsed()) airtok::cli::run_encode(choice, specials, inputs, stdout);
    if (decode->parsed()) airtok::cli::run_decode(choice, ids, raw_bytes, stdout);
    if (encodings->parsed()) airtok::cli::run_encodings(stdout);
    const int status = cache.parsed() ? cache.run(stdout) : 0;
    if (std::fflush(stdout) != 0) return report("cannot write the output", kExitFailure);
    return status;
  } catch (const std::exception& e) {
    return report(e.what(), kExitFailure);
  }
}
