// cached_read.cpp — tiktoken's read_file_cached, offline.
//
// tiktoken (load.py) reads a URL's file from <cache dir>/<sha1(url)>; when it is missing or its
// SHA-256 is wrong it deletes it and downloads. airtok does neither: it reports precisely what is
// missing or wrong and how to fix it. It also accepts the file under the URL's last path segment
// ("cl100k_base.tiktoken"), the name people copy into the directory.
#include "cache/messages.hpp"
#include "cache/paths.hpp"
#include "core/load/read_file.hpp"
#include "core/load/sha256.hpp"

#include <airtok/cache.hpp>
#include <airtok/load.hpp>

#include <cerrno>
#include <cstring>
#include <optional>

namespace airtok {

namespace {

/// What is being read and what it should hash to.
struct Wanted {
  std::string url;
  std::string key;
  std::string file_name;  // the URL's last segment
  std::string sha256;     // lowercase, empty when unknown
  const OfficialFile* official = nullptr;
  std::string label() const { return file_name.empty() ? url : file_name; }
};

std::string fix_for(const Wanted& want, const CacheDir& dir) {
  if (want.official != nullptr) return detail::install_command(*want.official, dir);
  return detail::add_command("FILE", want.url, want.sha256, dir) +
         " (FILE: your copy of it, downloaded on a connected machine)";
}

[[noreturn]] void throw_disabled(const Wanted& want, const CacheDir& dir) {
  const std::string variable(dir.rule_name());
  throw LoadError("cannot read " + want.url + ": " + dir.reason + ", so there is no directory " +
                      "to read " + want.label() + " from, and " + detail::offline_note() +
                      ". Fix: unset " + variable + " && " + fix_for(want, dir),
                  want.url);
}

[[noreturn]] void throw_missing(const Wanted& want, const CacheDir& dir, const std::string& path) {
  std::string also;
  if (!want.file_name.empty()) also = " nor " + want.file_name;
  throw LoadError(path + ": " + want.label() + " is not in the tiktoken cache: there is no " +
                      want.key + " (the SHA-1 of " + want.url + ", the name tiktoken looks for)" +
                      also + " in " + detail::directory_phrase(dir) + "; " +
                      detail::offline_note() + ". Fix: " + fix_for(want, dir),
                  path);
}

[[noreturn]] void throw_corrupt(const Wanted& want, const CacheDir& dir, const std::string& path,
                                std::string_view data, bool misnamed) {
  std::string expected = want.sha256;
  if (want.official != nullptr) expected += " (" + std::to_string(want.official->size) + " bytes)";
  std::string diagnosis = "corrupt (an altered copy) or a different version of the file";
  if (want.official != nullptr && data.size() < want.official->size) {
    diagnosis = "truncated (an interrupted download or copy)";
  }
  const std::string where = misnamed ? "found under its download name " + want.file_name +
                                           " (tiktoken's name is " + want.key + ")"
                                     : "cached under " + want.key + ", the SHA-1 of " + want.url;
  throw LoadError(
      path + ": " + want.label() + " (" + where + ") has the wrong SHA-256: " + sha256_hex(data) +
          " (" + std::to_string(data.size()) + " bytes), expected " + expected + "; it is " +
          diagnosis + (misnamed ? "" : "; tiktoken would delete it and try to download it again") +
          ". Directory: " + detail::directory_phrase(dir) + ". Fix: " + fix_for(want, dir),
      path);
}

/// Reads `path` if it exists; nullopt if it does not. Other failures throw with context.
std::optional<std::string> read_if_present(const std::string& path, const Wanted& want,
                                           const CacheDir& dir) {
  struct stat info {};
  const int error = detail::stat_path(path, info);
  if (error == ENOENT || error == ENOTDIR) return std::nullopt;
  try {
    if (error != 0) {
      throw LoadError(path + ": cannot read the file: " + std::strerror(error), path);
    }
    return detail::read_file(path);
  } catch (const LoadError& e) {
    throw LoadError(
        std::string(e.what()) + " (" + want.label() + " in " + detail::directory_phrase(dir) + ")",
        path);
  }
}

std::string read_url(const Wanted& want, const CacheOptions& options) {
  const CacheDir dir = resolve_cache_dir(options.dir);
  if (dir.disabled()) throw_disabled(want, dir);
  const std::string key_path = detail::join_path(dir.path, want.key);
  if (std::optional<std::string> data = read_if_present(key_path, want, dir)) {
    if (!want.sha256.empty() && sha256_hex(*data) != want.sha256) {
      throw_corrupt(want, dir, key_path, *data, false);
    }
    return std::move(*data);
  }
  if (!want.file_name.empty() && want.file_name != want.key) {
    const std::string named_path = detail::join_path(dir.path, want.file_name);
    if (std::optional<std::string> data = read_if_present(named_path, want, dir)) {
      if (!want.sha256.empty() && sha256_hex(*data) != want.sha256) {
        throw_corrupt(want, dir, named_path, *data, true);
      }
      return std::move(*data);
    }
  }
  throw_missing(want, dir, key_path);
}

}  // namespace

std::string read_file_cached(std::string_view url_or_path, std::string_view expected_sha256,
                             const CacheOptions& options) {
  if (!expected_sha256.empty() && !detail::is_sha256_hex(expected_sha256)) {
    throw LoadError(std::string(url_or_path) + ": the expected SHA-256 \"" +
                        std::string(expected_sha256) + "\" is not 64 hex digits",
                    std::string(url_or_path));
  }
  if (!detail::is_url(url_or_path)) {
    const std::string path(url_or_path);
    std::string data = detail::read_file(path);
    if (!expected_sha256.empty()) detail::check_sha256(data, expected_sha256, path);
    return data;
  }
  Wanted want;
  want.url = std::string(url_or_path);
  want.key = cache_key(want.url);
  want.file_name = detail::url_file_name(want.url);
  want.official = find_official_file(want.url);
  want.sha256 = detail::lowercase(expected_sha256);
  if (want.sha256.empty() && want.official != nullptr) want.sha256 = want.official->sha256;
  return read_url(want, options);
}

MergeableRanks load_tiktoken_bpe(std::string_view url_or_path, std::string_view expected_sha256,
                                 const CacheOptions& options) {
  const std::string contents = read_file_cached(url_or_path, expected_sha256, options);
  return parse_tiktoken_bpe(contents, url_or_path);
}

MergeableRanks load_data_gym(std::string_view vocab_bpe_file, std::string_view encoder_json_file,
                             std::string_view vocab_bpe_sha256,
                             std::string_view encoder_json_sha256, const CacheOptions& options) {
  const std::string vocab_bpe = read_file_cached(vocab_bpe_file, vocab_bpe_sha256, options);
  const std::string encoder_json =
      read_file_cached(encoder_json_file, encoder_json_sha256, options);
  return parse_data_gym(vocab_bpe, encoder_json, vocab_bpe_file, encoder_json_file);
}

}  // namespace airtok
