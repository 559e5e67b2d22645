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

std::string for_option(const CacheDir& dir) {
  return dir.consumer == Consumer::harmony ? " --for harmony" : "";
}

std::string install_command(const OfficialFile& file, const CacheDir& dir) {
  const std::string encoding(dir.consumer == Consumer::harmony ? "o200k_harmony"
                                                               : file.encodings.front());
  return "airtok cache install " + encoding + for_option(dir) + dir_option(dir);
}

std::string missing_consequence(const OfficialFile& file, const CacheDir& dir) {
  const std::string url(file.url);
  if (dir.consumer == Consumer::tiktoken) return "tiktoken would try to download " + url;
  const std::string offline = " (offline: HarmonyError: error downloading or loading vocab file)";
  switch (dir.rule) {
    case CacheDirRule::tiktoken_encodings_base:
      return "openai-harmony fails at first use with HarmonyError: invalid tiktoken vocab file "
             "(No such file or directory): while TIKTOKEN_ENCODINGS_BASE is set it never "
             "downloads";
    case CacheDirRule::explicit_dir:
      return "openai-harmony pointed here by TIKTOKEN_RS_CACHE_DIR would try to download " + url +
             offline + "; by TIKTOKEN_ENCODINGS_BASE it would fail at once";
    default:
      return "openai-harmony would try to download " + url + offline;
  }
}

std::string corrupt_consequence(const CacheDir& dir) {
  if (dir.consumer == Consumer::tiktoken) {
    return "tiktoken would delete it and try to download it";
  }
  if (dir.rule == CacheDirRule::tiktoken_encodings_base) {
    return "openai-harmony fails at first use with HarmonyError: invalid tiktoken vocab file: "
           "hash mismatch (it never downloads while TIKTOKEN_ENCODINGS_BASE is set)";
  }
  return "openai-harmony would delete it and try to download it (offline: HarmonyError: error "
         "downloading or loading vocab file)";
}

std::string name_reason(const std::string& name, const OfficialFile& file, const CacheDir& dir) {
  if (name == file.name) {
    return "its plain name, which openai-harmony reads under TIKTOKEN_ENCODINGS_BASE";
  }
  return "the SHA-1 of " + std::string(file.url) + ", which " +
         (dir.consumer == Consumer::harmony ? "openai-harmony reads in its cache directory"
                                            : "tiktoken reads");
}

std::string add_command(std::string_view file, std::string_view url, std::string_view sha256,
                        const CacheDir& dir) {
  std::string command = "airtok cache add " + shell_quote(file) + " --url " + shell_quote(url);
  if (!sha256.empty()) command += " --sha256 " + std::string(sha256);
  return command + dir_option(dir);
}

std::string writable_dir_fix(const CacheDir& dir, std::string_view args) {
  if (dir.consumer == Consumer::harmony) {
    if (dir.rule == CacheDirRule::explicit_dir) {
      return "airtok cache " + std::string(args) +
             " --dir \"$HOME/.cache/tiktoken-rs\" (or another directory you can write), then "
             "export TIKTOKEN_RS_CACHE_DIR=\"$HOME/.cache/tiktoken-rs\" for openai-harmony";
    }
    return "unset TIKTOKEN_ENCODINGS_BASE; export TIKTOKEN_RS_CACHE_DIR=\"$HOME/.cache/"
           "tiktoken-rs\" && airtok cache " +
           std::string(args) + " (openai-harmony and airtok then both use that directory)";
  }
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
