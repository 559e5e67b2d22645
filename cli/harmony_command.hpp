// harmony_command.hpp — `airtok harmony`: gpt-oss's harmony format on the command line (render,
// parse, count). A thin client of airtok/harmony.hpp and airtok/harmony_json.hpp: conversations
// are read and messages written in openai-harmony's JSON form.
#pragma once

#include "command.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace airtok::cli {

class HarmonyCommand : public Command {
 public:
  /// Registers `harmony` and its subcommands (render, parse, count) on `app`.
  explicit HarmonyCommand(CLI::App& app);

  bool parsed() const override;
  /// Runs the chosen subcommand, writing to `out`. Failures (unreadable file, malformed JSON,
  /// unknown role, malformed tokens) throw CliError or HarmonyError, as the other commands do.
  /// Returns 0.
  int run(std::FILE* out) const override;

 private:
  CLI::App* harmony_ = nullptr;
  CLI::App* render_ = nullptr;
  CLI::App* parse_ = nullptr;
  CLI::App* count_ = nullptr;
  std::string path_ = "-";
  std::string next_role_ = "assistant";
  bool training_ = false;
  bool keep_analysis_ = false;
  bool text_ = false;
  std::string format_ = "ids";
  std::vector<std::string> ids_;
  std::string role_ = "none";
  bool lenient_ = false;
  bool strict_flag_ = false;  // --strict: the default, accepted for clarity
  bool conversation_ = false;
};

}  // namespace airtok::cli
