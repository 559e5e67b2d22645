// cache_command.hpp — `airtok cache`: tiktoken's cache directory, offline (dir, install, add,
// verify, export, import, list). A thin client of airtok/cache.hpp.
#pragma once

#include "command.hpp"

#include <airtok/cache.hpp>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace airtok::cli {

class CacheCommand : public Command {
 public:
  /// Registers `cache` and its subcommands on `app`.
  explicit CacheCommand(CLI::App& app);

  bool parsed() const override;
  /// Runs the chosen subcommand, writing to `out`; returns the exit status (`verify` returns 1
  /// when the directory has problems). Failures throw, as the other commands do.
  int run(std::FILE* out) const override;

 private:
  void add_for_option(CLI::App& command);
  std::string json_per_consumer(const std::vector<std::string>& items) const;
  int run_other(std::FILE* out, const std::vector<Consumer>& consumers) const;

  CLI::App* cache_ = nullptr;
  CLI::App* dir_ = nullptr;
  CLI::App* install_ = nullptr;
  CLI::App* add_ = nullptr;
  CLI::App* verify_ = nullptr;
  CLI::App* export_ = nullptr;
  CLI::App* import_ = nullptr;
  CLI::App* list_ = nullptr;
  std::vector<std::string> encodings_;
  std::string directory_;
  std::string file_;
  std::string encoding_;
  std::string url_;
  std::string sha256_;
  std::string for_ = "tiktoken";
  bool json_ = false;
};

}  // namespace airtok::cli
