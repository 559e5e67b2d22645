// diagnostics.hpp — how the loaders phrase and throw their errors.
//
// Every loader error is a LoadError whose message starts with "<source>:<line>: " (or
// "<source>: " when the problem is not tied to a line), so editors and terminals can jump to it.
// Values are quoted with escapes and cut to a readable length: a malformed file may hold a
// megabyte on one line, and the message must stay short.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace airtok::detail {

/// `text` in double quotes, with `"`, `\` and bytes outside printable ASCII escaped (\n, \t,
/// \xNN), and cut after `max_bytes` input bytes with "..." and the full length. When
/// `keep_utf8` is set, valid UTF-8 sequences of two or more bytes are kept as they are (for
/// data-gym files, whose tokens are written in UTF-8).
std::string quoted(std::string_view text, bool keep_utf8 = false, std::size_t max_bytes = 60);

/// Throws LoadError(file = source, line) with the message "<source>:<line>: <what>"
/// ("<source>: <what>" when line is 0).
[[noreturn]] void throw_load_error(std::string_view source, std::size_t line,
                                   std::string_view what);

/// 1-based line number of byte `offset` in `text` (offsets past the end count as the end).
std::size_t line_of_offset(std::string_view text, std::size_t offset) noexcept;

}  // namespace airtok::detail
