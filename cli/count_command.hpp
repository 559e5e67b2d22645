// count_command.hpp — `airtok count`: token counts of files, directory trees and standard input,
// like wc. Files are streamed through airtok::StreamEncoder (bounded memory, exact counts) on
// several threads.
#pragma once

#include "commands.hpp"
#include "walk.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace airtok::cli {

class CountCommand {
 public:
  /// Adds the paths and count's own options to the `count` subcommand (the encoding and
  /// special-token options are added by the caller).
  explicit CountCommand(CLI::App& count);
  CountCommand(const CountCommand&) = delete;
  CountCommand& operator=(const CountCommand&) = delete;

  /// Counts and prints; returns the exit status: 1 when a file could not be read or counted
  /// (each is reported on stderr, the others are still counted) or a file is over --limit.
  /// Throws for an unknown encoding or a bad special-token option, as the other commands do.
  int run(const EncodingChoice& choice, const SpecialChoice& specials, std::FILE* out) const;

 private:
  std::vector<std::string> paths_;
  Globs globs_;
  bool json_ = false;
  bool jsonl_ = false;
  bool by_ext_ = false;
  unsigned jobs_ = 0;
  std::size_t limit_ = 0;
  CLI::Option* limit_option_ = nullptr;
};

}  // namespace airtok::cli
