// input.hpp — what the `airtok` command reads: whole files or standard input as bytes, and
// token ids typed as text.
#pragma once

#include <airtok/encoding.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace airtok::cli {

/// A failure the command reports as `airtok: error: <message>` with exit status 1.
class CliError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The path that names standard input.
inline constexpr std::string_view kStdinName = "-";

/// How messages name `path`: "standard input" for "-", else the path itself.
std::string display_name(const std::string& path);

/// The whole content of `path` (or of standard input for "-") as bytes, unchanged.
/// Throws CliError naming the file and the system's reason when it cannot be read.
std::string read_input(const std::string& path);

/// Token ids in `text`: decimal numbers separated by whitespace, commas or brackets (so both
/// `1 2 3` and `[1, 2, 3]` work). Throws CliError naming the first word that is not an id
/// (not a decimal number, or larger than the largest 32-bit id).
std::vector<Rank> parse_token_ids(std::string_view text);

}  // namespace airtok::cli
