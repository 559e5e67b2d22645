// commands.hpp — the `airtok` subcommands, each a thin client of the C++ API.
#pragma once

#include <airtok/encoding.hpp>

#include <cstdio>
#include <string>
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

/// Prints the token count of each input; for several, one `<count> <name>` line each and a
/// `<count> total` line, like wc.
void run_count(const EncodingChoice& choice, const SpecialChoice& specials, const Inputs& inputs,
               std::FILE* out);

/// Prints the token ids of each input, space-separated, one line per input.
void run_encode(const EncodingChoice& choice, const SpecialChoice& specials, const Inputs& inputs,
                std::FILE* out);

/// Decodes the ids in `ids` (each argument may hold several), or read from standard input when
/// `ids` is empty, and writes the text (or, with `raw_bytes`, the bytes) with nothing added.
void run_decode(const EncodingChoice& choice, const std::vector<std::string>& ids, bool raw_bytes,
                std::FILE* out);

/// Lists the built-in encodings with their vocabulary sizes.
void run_encodings(std::FILE* out);

}  // namespace airtok::cli
