// output.hpp — the one way the `airtok` command writes: bytes to its output (a failed write is
// an error), errors and warnings to standard error as `airtok: error: MESSAGE` and
// `airtok: warning: MESSAGE`, and JSON values built with nlohmann-json (as src/cache builds them),
// keys in the order they are added.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string_view>

namespace airtok::cli {

/// JSON with its keys in insertion order, as the command prints them.
using Json = nlohmann::ordered_json;

/// Writes `bytes` to `out` unchanged; throws CliError("cannot write the output") when they
/// cannot all be written.
void write_out(std::FILE* out, std::string_view bytes);

/// Prints `airtok: error: MESSAGE` and a newline on standard error.
void print_error(std::string_view message);

/// Prints `airtok: warning: MESSAGE` and a newline on standard error.
void print_warning(std::string_view message);

/// `text` as a JSON string value: each byte that is not part of a well-formed UTF-8 sequence
/// becomes U+FFFD (JSON text must be Unicode; char_count counts such a byte as one character).
Json json_text(std::string_view text);

}  // namespace airtok::cli
