// messages.cpp — see messages.hpp.
#include "cache/messages.hpp"

#include "cache/paths.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace airtok::detail {

std::string directory_phrase(const CacheDir& dir) {
  std::string phrase = dir.path;
  if (!is_directory(dir.path)) phrase += " (which does not exist)";
  return phrase + ", the directory used because " + dir.reason;
}

std::string dir_option(const CacheDir& dir) {
  if (dir.rule != CacheDirRule::explicit_dir) return {};
  return " --dir " + shell_quote(dir.path);
}

std::string offline_note() {
  const char* offline = std::getenv("TIKTOKEN_OFFLINE");
  if (offline == nullptr) return "airtok never downloads";
  return "airtok never downloads (TIKTOKEN_OFFLINE is set; note that tiktoken 0.14 does not "
         "read TIKTOKEN_OFFLINE and would still try to download a missing file)";
}

std::string install_command(const OfficialFile& file, const CacheDir& dir) {
  return "airtok cache install " + std::string(file.encodings.front()) + dir_option(dir);
}

std::string add_command(std::string_view file, std::string_view url, std::string_view sha256,
                        const CacheDir& dir) {
  std::string command = "airtok cache add " + shell_quote(file) + " --url " + shell_quote(url);
  if (!sha256.empty()) command += " --sha256 " + std::string(sha256);
  return command + dir_option(dir);
}

std::string writable_dir_fix(const CacheDir& dir, std::string_view args) {
  if (dir.rule == CacheDirRule::explicit_dir) {
    return "airtok cache " + std::string(args) +
           " --dir \"$HOME/.cache/tiktoken\" (or another directory you can write), then "
           "export TIKTOKEN_CACHE_DIR=\"$HOME/.cache/tiktoken\" for Python tiktoken";
  }
  return "export TIKTOKEN_CACHE_DIR=\"$HOME/.cache/tiktoken\" && airtok cache " +
         std::string(args) + " (tiktoken and airtok then both use that directory)";
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  return out;
}

}  // namespace airtok::detail
