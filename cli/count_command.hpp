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

class CountCommand : public EncoderCommand {
 public:
  /// Adds `count` and its options to `app`.
  explicit CountCommand(CLI::App& app);

  /// Counts and prints; returns the exit status: 1 when a file could not be read or counted
  /// (each is reported on stderr, the others are still counted) or a file is over --limit.
  /// Throws for an unknown encoding or a bad special-token option, as the other commands do.
  int run(std::FILE* out) const override;

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
