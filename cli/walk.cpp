// walk.cpp — expanding directory arguments. .gitignore is honoured by asking git itself
// (`git ls-files -co --exclude-standard -z`): its rules (nested .gitignore files, negations,
// .git/info/exclude, core.excludesFile) are exactly git's, with no reimplementation to drift.
#include "walk.hpp"

#include <fnmatch.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <system_error>

namespace airtok::cli {
namespace {

namespace fs = std::filesystem;

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string join(const std::string& dir, const std::string& relative) {
  return !dir.empty() && dir.back() == '/' ? dir + relative : dir + "/" + relative;
}

bool matches(const std::vector<std::string>& patterns, const std::string& relative) {
  const std::size_t slash = relative.rfind('/');
  const std::string name = slash == std::string::npos ? relative : relative.substr(slash + 1);
  return std::any_of(patterns.begin(), patterns.end(), [&](const std::string& pattern) {
    const std::string& subject = pattern.find('/') == std::string::npos ? name : relative;
    return fnmatch(pattern.c_str(), subject.c_str(), 0) == 0;
  });
}

bool selected(const Globs& globs, const std::string& relative) {
  if (!globs.include.empty() && !matches(globs.include, relative)) return false;
  return !matches(globs.exclude, relative);
}

// The files git lists under `dir` (relative to it), or false when `dir` is not in a work tree
// (or git is missing).
bool git_files(const std::string& dir, std::vector<std::string>& relative) {
  const std::string command =
      "git -C " + shell_quote(dir) + " ls-files -co --exclude-standard -z 2>/dev/null";
  std::FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return false;
  std::string listing;
  char buffer[1 << 16];
  for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
    listing.append(buffer, got);
  }
  if (pclose(pipe) != 0) return false;
  for (std::size_t start = 0, end; start < listing.size(); start = end + 1) {
    end = std::min(listing.find('\0', start), listing.size());
    relative.push_back(listing.substr(start, end - start));
  }
  return true;
}

// A git listing includes tracked files deleted from the work tree (skipped) and submodules
// (directories, skipped); a dangling link is kept so that reading it reports the error.
bool git_entry_is_file(const std::string& path) {
  struct stat info;
  if (lstat(path.c_str(), &info) != 0) return false;
  return stat(path.c_str(), &info) != 0 || !S_ISDIR(info.st_mode);
}

void walk_directory(const std::string& dir, std::vector<std::string>& relative,
                    std::vector<std::string>& errors) {
  std::error_code error;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, error);
  fs::recursive_directory_iterator end;
  if (error) errors.push_back("cannot list " + dir + ": " + error.message());
  for (; !error && it != end; it.increment(error)) {
    const fs::directory_entry& entry = *it;
    if (entry.path().filename() == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    std::error_code ignored;
    if (entry.is_regular_file(ignored) || entry.is_symlink(ignored)) {
      if (entry.is_symlink(ignored) && entry.is_directory(ignored)) continue;
      relative.push_back(entry.path().lexically_relative(dir).generic_string());
    }
  }
  if (error) errors.push_back("cannot list a directory under " + dir + ": " + error.message());
  std::sort(relative.begin(), relative.end());
}

}  // namespace

std::vector<FileEntry> collect_files(const std::vector<std::string>& paths, const Globs& globs,
                                     std::vector<std::string>& errors) {
  std::vector<FileEntry> files;
  for (const std::string& path : paths) {
    std::error_code ignored;
    if (path == "-" || !fs::is_directory(path, ignored)) {
      files.push_back({path, false});
      continue;
    }
    std::vector<std::string> relative;
    const bool in_git = git_files(path, relative);
    if (!in_git) walk_directory(path, relative, errors);
    for (const std::string& name : relative) {
      const std::string full = join(path, name);
      if (!selected(globs, name) || (in_git && !git_entry_is_file(full))) continue;
      files.push_back({full, true});
    }
  }
  return files;
}

}  // namespace airtok::cli
