// docs_command.hpp — `airtok man` and `airtok completions bash|zsh`: the man page and the
// completion scripts, generated from the same CLI11 definitions as `--help`, so they cannot
// disagree.
#pragma once

#include "command.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

namespace airtok::cli {

class DocsCommand : public Command {
 public:
  /// Registers `man` and `completions` on `app`, whose commands and options they describe.
  explicit DocsCommand(CLI::App& app);

  bool parsed() const override;
  /// Writes the man page (roff, section 1) or the completion script to `out`; returns 0.
  int run(std::FILE* out) const override;

 private:
  CLI::App& app_;
  CLI::App* man_ = nullptr;
  CLI::App* completions_ = nullptr;
  std::string shell_ = "bash";
};

}  // namespace airtok::cli
