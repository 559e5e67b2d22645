// paths.cpp — see paths.hpp.
#include "cache/paths.hpp"

#include <cerrno>
#include <string>
#include <vector>

#include <pwd.h>
#include <unistd.h>

namespace airtok::detail {

std::string join_path(std::string_view dir, std::string_view name) {
  if (dir.empty()) return std::string(name);
  std::string joined(dir);
  if (joined.back() != '/') joined += '/';
  joined.append(name);
  return joined;
}

std::string normalize_path(std::string_view path) {
  if (path.empty()) return ".";
  // POSIX keeps exactly two leading slashes; one or three and more become one.
  std::size_t slashes = 0;
  while (slashes < path.size() && path[slashes] == '/') ++slashes;
  const std::string root = slashes == 2 ? "//" : (slashes > 0 ? "/" : "");
  std::vector<std::string_view> parts;
  std::size_t pos = slashes;
  while (pos <= path.size()) {
    std::size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view part = path.substr(pos, end - pos);
    if (part.empty() || part == ".") {
      // skipped
    } else if (part != "..") {
      parts.push_back(part);
    } else if (!parts.empty() && parts.back() != "..") {
      parts.pop_back();
    } else if (root.empty()) {
      parts.push_back(part);  // a relative path keeps leading ".."; "/.." is "/"
    }
    pos = end + 1;
  }
  std::string out = root;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i != 0) out += '/';
    out.append(parts[i]);
  }
  return out.empty() ? "." : out;
}

std::string absolute_path(std::string_view path) {
  if (!path.empty() && path.front() == '/') return normalize_path(path);
  std::string cwd(4096, '\0');
  while (::getcwd(cwd.data(), cwd.size()) == nullptr) {
    if (errno != ERANGE) return normalize_path(path);
    cwd.resize(cwd.size() * 2);
  }
  cwd.resize(cwd.find('\0'));
  return normalize_path(join_path(cwd, path));
}

std::string url_file_name(std::string_view url) {
  const std::size_t scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("?#"));
  const std::size_t slash = rest.rfind('/');
  if (slash == std::string_view::npos) return {};  // only a host: no file name
  return std::string(rest.substr(slash + 1));
}

bool is_url(std::string_view url_or_path) noexcept {
  return url_or_path.find("://") != std::string_view::npos;
}

std::string shell_quote(std::string_view arg) {
  const bool plain = !arg.empty() && arg.find_first_not_of(
                                         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                         "0123456789_-./:=@%+,") == std::string_view::npos;
  if (plain) return std::string(arg);
  std::string quoted = "'";
  for (char c : arg) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

int stat_path(const std::string& path, struct stat& info) noexcept {
  return ::stat(path.c_str(), &info) == 0 ? 0 : errno;
}

bool is_directory(const std::string& path) noexcept {
  struct stat info {};
  return stat_path(path, info) == 0 && S_ISDIR(info.st_mode);
}

std::string describe_owner(unsigned uid) {
  std::vector<char> buffer(16384);
  struct passwd entry {};
  struct passwd* found = nullptr;
  if (::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr) {
    return "user " + std::string(found->pw_name) + " (uid " + std::to_string(uid) + ")";
  }
  return "uid " + std::to_string(uid);
}

}  // namespace airtok::detail
