// commands.hpp — the `airtok` subcommands, each a thin client of the C++ API.
#pragma once

#include <airtok/encoding.hpp>

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

/// The selected built-in encoding; throws airtok::UnknownEncodingError.
const Encoding& select_encoding(const EncodingChoice& choice);

/// Encodes or counts with the user's special-token choice: encode_ordinary when nothing was
/// allowed or disallowed, tiktoken's encode otherwise (which throws DisallowedSpecialError).
/// Throws CliError when a listed text is not a special token of `encoding`.
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

/// How token ids are written and read: decimal, space-separated ("1 2 3"), a JSON array
/// ("[1, 2, 3]"), or 32-bit little-endian unsigned integers with nothing between them.
enum class IdFormat { ids, json, binary };

/// `ids` in `format`, ready to print: one line ("1 2 3\n" or "[1, 2, 3]\n"), or 4 bytes per
/// id for binary.
std::string format_ids(const std::vector<Rank>& ids, IdFormat format);

/// The token ids in `args` (each argument may hold several), or read from standard input when
/// `args` is empty, as `airtok decode` reads them. Throws CliError naming a word that is not an
/// id, or a binary input whose size is not a multiple of 4 (binary reads standard input only).
std::vector<Rank> read_token_ids(const std::vector<std::string>& args, IdFormat format);

/// Prints the token ids of each input in `format`: one line per input (ids, json), or all the
/// inputs' ids one after another (binary).
void run_encode(const EncodingChoice& choice, const SpecialChoice& specials, const Inputs& inputs,
                IdFormat format, std::FILE* out);

/// Decodes the ids in `ids` (each argument may hold several), or read from standard input when
/// `ids` is empty, and writes the text (or, with `raw_bytes`, the bytes) with nothing added.
/// ids and json read the same text forms; binary reads standard input only (CliError when its
/// size is not a multiple of 4).
void run_decode(const EncodingChoice& choice, const std::vector<std::string>& ids, bool raw_bytes,
                IdFormat format, std::FILE* out);

/// Lists the built-in encodings with their vocabulary sizes.
void run_encodings(std::FILE* out);

}  // namespace airtok::cli
