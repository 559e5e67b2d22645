// airtok/load.hpp — reading vocabulary files in the two formats tiktoken reads.
//
// `.tiktoken`: one token a line, `<base64 of the token's bytes> <rank>`.
// data-gym (GPT-2's original files): `vocab.bpe` (merges) and `encoder.json` (token → rank),
// turned into mergeable ranks exactly as tiktoken's `data_gym_to_mergeable_bpe_ranks` does,
// including its consistency check between the two files.
//
// Every function is thread-safe and throws LoadError whose message names the file (the `source`
// argument), the 1-based line and what is wrong: bad base64, a missing or non-numeric rank, a
// duplicate token or rank, an empty file, a SHA-256 mismatch.
#pragma once

#include <airtok/export.h>
#include <airtok/encoding.hpp>

#include <string>
#include <string_view>

namespace airtok {

/// Parses the contents of a `.tiktoken` file. `source` names it in error messages.
AIRTOK_API MergeableRanks parse_tiktoken_bpe(std::string_view contents, std::string_view source);

/// Parses GPT-2's data-gym files (tiktoken's `data_gym_to_mergeable_bpe_ranks`).
AIRTOK_API MergeableRanks parse_data_gym(std::string_view vocab_bpe, std::string_view encoder_json,
                                         std::string_view vocab_source = "vocab.bpe",
                                         std::string_view encoder_source = "encoder.json");

/// Reads a local `.tiktoken` file. When `expected_sha256` (lowercase hex) is not empty the
/// file's SHA-256 must match it.
AIRTOK_API MergeableRanks load_tiktoken_bpe_file(const std::string& path,
                                                 std::string_view expected_sha256 = {});

/// Reads local data-gym files, optionally checking each file's SHA-256.
AIRTOK_API MergeableRanks load_data_gym_files(const std::string& vocab_bpe_path,
                                              const std::string& encoder_json_path,
                                              std::string_view vocab_bpe_sha256 = {},
                                              std::string_view encoder_json_sha256 = {});

/// Lowercase hex SHA-256 of `data`.
AIRTOK_API std::string sha256_hex(std::string_view data);

}  // namespace airtok
