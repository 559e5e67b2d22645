// walk.hpp — which files `airtok count` reads: the paths given, and the files under the
// directories given (recursively, honouring .gitignore inside a git work tree, filtered by
// --include/--exclude globs).
#pragma once

#include <string>
#include <vector>

namespace airtok::cli {

/// A file to count. `found` is true for files found under a directory argument (those are
/// filtered by globs and skipped when binary), false for paths given by the user (and "-").
struct FileEntry {
  std::string path;
  bool found = false;
};

/// fnmatch(3) globs. A pattern without '/' matches a file's name; a pattern with '/' matches its
/// path relative to the directory argument ('*' then also matches '/').
struct Globs {
  std::vector<std::string> include;  // empty: every file
  std::vector<std::string> exclude;
};

/// The files named by `paths`, in order; directories expand to their files in sorted order.
/// Inside a git work tree a directory's files are those `git ls-files -co --exclude-standard`
/// lists (tracked and untracked, minus ignored); elsewhere every regular file and symbolic link
/// under it except in `.git` directories (links to directories are not followed). A path that
/// does not exist is returned as is (reading it reports the error). Directories that cannot be
/// listed are appended to `errors` as messages.
std::vector<FileEntry> collect_files(const std::vector<std::string>& paths, const Globs& globs,
                                     std::vector<std::string>& errors);

}  // namespace airtok::cli
