// docs_command.hpp — `airtok man` and `airtok completions bash|zsh`: the man page and the
// completion scripts, generated from the same CLI11 definitions as `--help`, so they cannot
// disagree.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

namespace airtok::cli {

class DocsCommand {
 public:
  /// Registers `man` and `completions` on `app`, whose commands and options they describe.
  explicit DocsCommand(CLI::App& app);
  DocsCommand(const DocsCommand&) = delete;
  DocsCommand& operator=(const DocsCommand&) = delete;

  bool parsed() const;
  /// Writes the man page (roff, section 1) or the completion script to `out`.
  void run(std::FILE* out) const;

 private:
  CLI::App& app_;
  CLI::App* man_ = nullptr;
  CLI::App* completions_ = nullptr;
  std::string shell_ = "bash";
};

}  // namespace airtok::cli
