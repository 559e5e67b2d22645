// read_file.hpp — reading a whole local file for the loaders (and the tiktoken cache support).
#pragma once

#include <string>

namespace airtok::detail {

/// The complete contents of the file at `path`. Throws LoadError(file = path) naming the path
/// and the reason (strerror: "No such file or directory", "Permission denied", ...; "is a
/// directory, not a file" for a directory).
std::string read_file(const std::string& path);

}  // namespace airtok::detail
