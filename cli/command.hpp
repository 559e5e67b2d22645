// command.hpp — the one shape of an `airtok` subcommand. Its constructor adds it to the command
// line (its name, options, help and examples, with CLI11); after parsing, `main` asks each
// command whether it was chosen and runs the one that was. A command owns the variables its
// options are parsed into, so it cannot be copied or moved.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

namespace airtok::cli {

class Command {
 public:
  Command(const Command&) = delete;
  Command& operator=(const Command&) = delete;
  virtual ~Command() = default;

  /// Whether this command is the one chosen on the command line.
  virtual bool parsed() const = 0;
  /// Does the work, writing the results to `out`; returns the exit status (0, or 1 when the
  /// work found problems it reported itself, as `count` and `cache verify` do). Failures throw
  /// (CliError, airtok::Error, ...); `main` prints them and exits with status 1.
  virtual int run(std::FILE* out) const = 0;

 protected:
  Command() = default;
};

/// A command that is one subcommand of the command line (with subcommands of its own or not).
class Subcommand : public Command {
 public:
  bool parsed() const override { return command_->parsed(); }

 protected:
  /// Adds the subcommand `name`, described by `description`, to `app`.
  Subcommand(CLI::App& app, const std::string& name, const std::string& description)
      : command_(app.add_subcommand(name, description)) {}
  /// The subcommand, for adding its options.
  CLI::App& command() const noexcept { return *command_; }

 private:
  CLI::App* command_;
};

}  // namespace airtok::cli
