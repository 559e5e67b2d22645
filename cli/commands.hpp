// commands.hpp — what the `airtok` subcommands share (the encoding and special-token options,
// the formats of token ids), and encode, decode and encodings, each a thin client of the C++ API.
#pragma once

#include "command.hpp"

#include <airtok/encoding.hpp>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace airtok::cli {

/// Which encoding to use: by name (-e), by model (-m), or cl100k_base when neither is given.
struct EncodingChoice {
  std::string encoding;
  std::string model;
};

/// `--allowed-special` / `--disallowed-special` as typed: "" (none), "all", or a comma-separated
/// list of special tokens' texts.
struct SpecialChoice {
  std::string allowed;
  std::string disallowed;
};

/// Inputs: file paths, "-" for standard input; empty means standard input.
using Inputs = std::vector<std::string>;

/// Adds -e/--encoding and -m/--model (which exclude each other) to `command`.
void add_encoding_options(CLI::App& command, EncodingChoice& choice);

/// The selected built-in encoding; throws airtok::UnknownEncodingError.
const Encoding& select_encoding(const EncodingChoice& choice);

/// A subcommand that works with one encoding: -e/--encoding or -m/--model (added first).
class EncodingCommand : public Subcommand {
 protected:
  EncodingCommand(CLI::App& app, const std::string& name, const std::string& description)
      : Subcommand(app, name, description) {
    add_encoding_options(command(), choice_);
  }
  /// The encoding chosen; throws airtok::UnknownEncodingError.
  const Encoding& encoding() const { return select_encoding(choice_); }

 private:
  EncodingChoice choice_;
};

/// Adds --allowed-special and --disallowed-special to `command`.
void add_special_options(CLI::App& command, SpecialChoice& specials);

/// Encodes or counts with the user's special-token choice: encode_ordinary when nothing was
/// allowed or disallowed, tiktoken's encode otherwise. Throws CliError when a listed text is not
/// a special token of `encoding`, and when the text holds a disallowed one (the library's
/// advice, core/disallowed_message.hpp, worded in the command's options).
class Encoder {
 public:
  Encoder(const Encoding& encoding, const SpecialChoice& specials);
  std::vector<Rank> encode(std::string_view text) const;
  std::size_t count(std::string_view text) const;
  bool ordinary() const noexcept { return ordinary_; }
  const Encoding& encoding() const noexcept { return encoding_; }

 private:
  const Encoding& encoding_;
  bool ordinary_;
  SpecialSet allowed_;
  SpecialSet disallowed_;
};

/// A subcommand that encodes with the user's special-token choice: -e/--encoding or -m/--model,
/// then --allowed-special and --disallowed-special.
class EncoderCommand : public EncodingCommand {
 protected:
  EncoderCommand(CLI::App& app, const std::string& name, const std::string& description)
      : EncodingCommand(app, name, description) {
    add_special_options(command(), specials_);
  }
  /// The encoder of the choices; throws as Encoder's constructor and encoding() do.
  Encoder encoder() const { return Encoder(encoding(), specials_); }

 private:
  SpecialChoice specials_;
};

/// How token ids are written and read: decimal, space-separated ("1 2 3"), a JSON array
/// ("[1, 2, 3]"), or 32-bit little-endian unsigned integers with nothing between them.
enum class IdFormat { ids, json, binary };

/// The format named `name` ("ids", "json" or "binary", as -f/--format checks).
IdFormat id_format(const std::string& name);

/// `ids` in `format`, ready to print: one line ("1 2 3\n" or "[1, 2, 3]\n"), or 4 bytes per
/// id for binary.
std::string format_ids(const std::vector<Rank>& ids, IdFormat format);

/// The token ids in `args` (each argument may hold several), or read from standard input when
/// `args` is empty, as `airtok decode` reads them. Throws CliError naming a word that is not an
/// id, or a binary input whose size is not a multiple of 4 (binary reads standard input only).
std::vector<Rank> read_token_ids(const std::vector<std::string>& args, IdFormat format);

/// `airtok encode`: prints the token ids of each input in `format`: one line per input (ids,
/// json), or all the inputs' ids one after another (binary).
class EncodeCommand : public EncoderCommand {
 public:
  explicit EncodeCommand(CLI::App& app);
  int run(std::FILE* out) const override;

 private:
  Inputs inputs_;
  std::string format_ = "ids";
};

/// `airtok decode`: decodes the ids given as arguments (each may hold several), or read from
/// standard input when there are none, and writes the text (or, with --bytes, the bytes) with
/// nothing added. ids and json read the same text forms; binary reads standard input only
/// (CliError when its size is not a multiple of 4).
class DecodeCommand : public EncodingCommand {
 public:
  explicit DecodeCommand(CLI::App& app);
  int run(std::FILE* out) const override;

 private:
  std::vector<std::string> ids_;
  bool raw_bytes_ = false;
  std::string format_ = "ids";
};

/// `airtok encodings`: lists the built-in encodings with their vocabulary sizes.
class EncodingsCommand : public Subcommand {
 public:
  explicit EncodingsCommand(CLI::App& app);
  int run(std::FILE* out) const override;
};

}  // namespace airtok::cli
