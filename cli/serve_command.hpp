// serve_command.hpp — `airtok serve`: the command-line options of the HTTP service (serve/),
// which it starts.
#pragma once

#include "command.hpp"

#include <serve/server.hpp>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

namespace airtok::cli {

class ServeCommand : public Command {
 public:
  /// Adds the `serve` subcommand and its options to `app`.
  explicit ServeCommand(CLI::App& app);

  bool parsed() const override { return command_->parsed(); }
  /// Serves until SIGTERM or SIGINT; returns the exit status.
  int run(std::FILE* out) const override;

 private:
  CLI::App* command_;
  serve::ServerOptions options_;
  std::string log_ = "text";
};

}  // namespace airtok::cli
