// paths.hpp — the small path and file-system helpers of the tiktoken cache kit, spelled the way
// Python's os.path spells things (tiktoken builds its paths with os.path.join).
#pragma once

#include <string>
#include <string_view>

#include <sys/stat.h>

namespace airtok::detail {

/// os.path.join(dir, name) for a relative `name`: "dir/name", "dir" + name when `dir` already
/// ends with "/", and `name` alone when `dir` is empty.
std::string join_path(std::string_view dir, std::string_view name);

/// os.path.normpath on POSIX: collapses "//", "/./" and "x/.." lexically, keeps a leading "//",
/// removes a trailing "/"; "" becomes ".".
std::string normalize_path(std::string_view path);

/// os.path.abspath: normalize_path(cwd + "/" + path) for a relative path.
std::string absolute_path(std::string_view path);

/// The last "/"-separated segment of a URL's path, without query or fragment
/// ("https://h/a/cl100k_base.tiktoken?x" → "cl100k_base.tiktoken"); empty if there is none.
std::string url_file_name(std::string_view url);

/// True if `url_or_path` names a URL (contains "://"), as tiktoken's read_file decides.
bool is_url(std::string_view url_or_path) noexcept;

/// `arg` quoted for a POSIX shell when it needs it ('...' with ' escaped), unchanged otherwise.
std::string shell_quote(std::string_view arg);

/// stat(2) of `path`; returns errno (0 on success).
int stat_path(const std::string& path, struct stat& info) noexcept;

/// True if `path` exists and is a directory.
bool is_directory(const std::string& path) noexcept;

/// "user NAME (uid N)" for a uid, for messages about files owned by someone else.
std::string describe_owner(unsigned uid);

}  // namespace airtok::detail
