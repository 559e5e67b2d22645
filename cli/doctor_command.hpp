// doctor_command.hpp — `airtok doctor`: can this machine run Python tiktoken and openai-harmony
// offline? It asks the chosen Python which of them are installed (without importing them), then
// checks, with airtok/cache.hpp, the directory each one will read, under the names it will look
// for, and says what would happen at first use and the command that fixes it.
#pragma once

#include "command.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

namespace airtok::cli {

class DoctorCommand : public Command {
 public:
  /// Registers `doctor` on `app`.
  explicit DoctorCommand(CLI::App& app);

  bool parsed() const override;
  /// Writes the diagnosis to `out`; returns 1 when a checked consumer would fail offline (or
  /// the Python given with --python cannot be run), else 0.
  int run(std::FILE* out) const override;

 private:
  CLI::App* doctor_ = nullptr;
  std::string python_ = "/usr/bin/python3";
  std::string for_;
  bool json_ = false;
};

}  // namespace airtok::cli
