// cache_dir.cpp — which directory tiktoken 0.14 caches its files in, and why; the cache key.
//
// tiktoken/load.py (read_file_cached), unchanged from 0.2 to 0.14:
//   if "TIKTOKEN_CACHE_DIR" in os.environ: cache_dir = os.environ["TIKTOKEN_CACHE_DIR"]
//   elif "DATA_GYM_CACHE_DIR" in os.environ: cache_dir = os.environ["DATA_GYM_CACHE_DIR"]
//   else: cache_dir = os.path.join(tempfile.gettempdir(), "data-gym-cache")
//   if cache_dir == "": caching is disabled
//   cache_key = hashlib.sha1(blobpath.encode()).hexdigest()
// `in os.environ` means set, even to "". The default needs Python's tempfile.gettempdir(), which
// is emulated below step by step (CPython's tempfile._candidate_tempdir_list and
// _get_default_tempdir): the first candidate in which a file can really be created wins.
#include "cache/paths.hpp"

#include "core/load/sha256.hpp"

#include <airtok/cache.hpp>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace airtok {

namespace {

std::string quote(std::string_view value) { return nlohmann::json(value).dump(); }

const char* env(const char* name) noexcept { return std::getenv(name); }

/// Python's tempfile._RandomNameSequence: 8 characters of [a-z0-9_].
std::string random_name() {
  static constexpr std::string_view kChars = "abcdefghijklmnopqrstuvwxyz0123456789_";
  thread_local std::mt19937 engine{std::random_device{}()};
  std::uniform_int_distribution<std::size_t> pick(0, kChars.size() - 1);
  std::string name;
  for (int i = 0; i < 8; ++i) name += kChars[pick(engine)];
  return name;
}

/// CPython's probe: can a file be created (O_EXCL), written and removed in `dir`?
bool can_create_file_in(const std::string& dir) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::string probe = detail::join_path(dir, random_name());
    const int fd = ::open(probe.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
      if (errno == EEXIST) continue;
      return false;  // PermissionError or another OSError: Python gives up on this directory
    }
    const bool written = ::write(fd, "blat", 4) == 4;
    ::close(fd);
    ::unlink(probe.c_str());
    return written;
  }
  return false;
}

struct TempDirChoice {
  std::string dir;
  std::string why;
};

/// Python's tempfile.gettempdir() on POSIX, with the reason for its answer.
TempDirChoice python_gettempdir() {
  std::vector<std::pair<std::string, std::string>> candidates;  // (dir, how it was chosen)
  std::vector<std::string> unset;
  for (const char* name : {"TMPDIR", "TEMP", "TMP"}) {
    const char* value = env(name);
    if (value != nullptr && *value != '\0') {
      candidates.emplace_back(value, std::string(name) + " is set to " + quote(value));
    } else {
      unset.emplace_back(name);
    }
  }
  std::string none_set = "it is Python's first fixed choice";
  if (!unset.empty()) {
    none_set = unset[0];
    for (std::size_t i = 1; i < unset.size(); ++i) {
      none_set += (i + 1 == unset.size() ? " and " : ", ") + unset[i];
    }
    none_set += unset.size() == 1 ? " is not set" : " are not set";
  }
  for (const char* fixed : {"/tmp", "/var/tmp", "/usr/tmp"})
    candidates.emplace_back(fixed, none_set);
  candidates.emplace_back(detail::absolute_path("."), "no other choice was usable");
  std::string skipped;
  for (const auto& [dir, why] : candidates) {
    const std::string absolute = detail::absolute_path(dir);
    if (can_create_file_in(absolute)) {
      return {absolute, skipped.empty() ? why : why + "; " + skipped};
    }
    skipped +=
        (skipped.empty() ? "skipped " : ", ") + quote(absolute) + " (no file can be created there)";
  }
  // Python raises FileNotFoundError here; tiktoken would fail. Report the current directory.
  return {detail::absolute_path("."), "no candidate directory is writable; " + skipped};
}

CacheDir from_variable(const char* name, const char* value, CacheDirRule rule,
                       const std::string& prefix) {
  CacheDir dir;
  dir.rule = rule;
  dir.path = value;
  if (dir.path.empty()) {
    dir.reason = prefix + std::string(name) +
                 " is set to the empty string, which disables tiktoken's cache (tiktoken then "
                 "downloads on every use)";
  } else {
    dir.reason = prefix + std::string(name) + " is set to " + quote(value);
  }
  return dir;
}

}  // namespace

std::string_view CacheDir::rule_name() const noexcept {
  switch (rule) {
    case CacheDirRule::explicit_dir:
      return "explicit";
    case CacheDirRule::tiktoken_cache_dir:
      return "TIKTOKEN_CACHE_DIR";
    case CacheDirRule::data_gym_cache_dir:
      return "DATA_GYM_CACHE_DIR";
    case CacheDirRule::tiktoken_encodings_base:
      return "TIKTOKEN_ENCODINGS_BASE";
    case CacheDirRule::tiktoken_rs_cache_dir:
      return "TIKTOKEN_RS_CACHE_DIR";
    case CacheDirRule::temp_dir:
    case CacheDirRule::rust_temp_dir:
      return "default";
  }
  return "default";
}

std::string CacheDir::to_json() const {
  nlohmann::ordered_json j;
  j["path"] = path;
  j["rule"] = rule_name();
  j["reason"] = reason;
  j["disabled"] = disabled();
  j["exists"] = !disabled() && detail::is_directory(path);
  j["consumer"] = to_string(consumer);
  j["naming"] = naming == FileNaming::url_sha1     ? "sha1-of-url"
                : naming == FileNaming::plain_name ? "plain-name"
                                                   : "both";
  return j.dump();
}

CacheDir resolve_cache_dir(std::string_view explicit_dir) {
  if (!explicit_dir.empty()) {
    CacheDir dir;
    dir.rule = CacheDirRule::explicit_dir;
    dir.path = std::string(explicit_dir);
    dir.reason =
        "it was given explicitly (--dir); Python tiktoken reads it only when "
        "TIKTOKEN_CACHE_DIR names it";
    return dir;
  }
  if (const char* value = env("TIKTOKEN_CACHE_DIR")) {
    return from_variable("TIKTOKEN_CACHE_DIR", value, CacheDirRule::tiktoken_cache_dir, "");
  }
  if (const char* value = env("DATA_GYM_CACHE_DIR")) {
    return from_variable("DATA_GYM_CACHE_DIR", value, CacheDirRule::data_gym_cache_dir,
                         "TIKTOKEN_CACHE_DIR is not set and ");
  }
  const TempDirChoice temp = python_gettempdir();
  CacheDir dir;
  dir.rule = CacheDirRule::temp_dir;
  dir.path = detail::join_path(temp.dir, "data-gym-cache");
  dir.reason =
      "neither TIKTOKEN_CACHE_DIR nor DATA_GYM_CACHE_DIR is set, so tiktoken 0.14 uses "
      "Python's tempfile.gettempdir() + \"data-gym-cache\", and gettempdir() is " +
      temp.dir + " because " + temp.why;
  return dir;
}

std::string cache_key(std::string_view url) {
  return detail::digest_hex(detail::Digest::sha1, url);
}

}  // namespace airtok
