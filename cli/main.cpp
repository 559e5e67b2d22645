// main.cpp — the `airtok` command: wiring only. Each subcommand is a Command (command.hpp) that
// adds itself to the command line; main parses, runs the one chosen and reports errors.
//
// Errors are printed to standard error as `airtok: error: <message>`. Exit status: 0 on
// success, 1 when the work fails (unknown encoding or model, unreadable file, disallowed special
// token, invalid token id, ...), 2 when the command line itself is wrong.
#include "cache_command.hpp"
#include "chunk_command.hpp"
#include "command.hpp"
#include "commands.hpp"
#include "count_command.hpp"
#include "docs_command.hpp"
#include "doctor_command.hpp"
#include "harmony_command.hpp"
#include "output.hpp"
#include "serve_command.hpp"
#include "show_command.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#ifndef AIRTOK_CLI_VERSION
#error "AIRTOK_CLI_VERSION must be defined by the build"
#endif

namespace {

using airtok::cli::Command;

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// One of each command, constructed (so added to `app`) in the order of `Commands`.
template <typename... Commands>
std::vector<std::unique_ptr<Command>> add_commands(CLI::App& app) {
  std::vector<std::unique_ptr<Command>> commands;
  (commands.push_back(std::make_unique<Commands>(app)), ...);
  return commands;
}

int report(std::string message, int status) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  airtok::cli::print_error(message);
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
  namespace cli = airtok::cli;
  // In the order `--help` lists them; `man` and `completions` (DocsCommand) describe everything
  // added before them, so they come last.
  const std::vector<std::unique_ptr<Command>> commands =
      add_commands<cli::CountCommand, cli::TruncateCommand, cli::ChunkCommand, cli::ShowCommand,
                   cli::EncodeCommand, cli::DecodeCommand, cli::EncodingsCommand, cli::CacheCommand,
                   cli::DoctorCommand, cli::HarmonyCommand, cli::ServeCommand, cli::DocsCommand>(
          app);

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
    int status = 0;
    for (const std::unique_ptr<Command>& command : commands) {
      if (command->parsed()) status = command->run(stdout);
    }
    if (std::fflush(stdout) != 0) return report("cannot write the output", kExitFailure);
    return status;
  } catch (const std::exception& e) {
    return report(e.what(), kExitFailure);
  }
}
