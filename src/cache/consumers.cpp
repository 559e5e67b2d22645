// consumers.cpp — who reads OpenAI's vocabulary files from a directory of their own, as data:
// tiktoken (cache_dir.cpp has its directory rule) and openai-harmony, whose rules are those of
// its Rust core, src/tiktoken_ext/public_encodings.rs (Encoding::load, resolve_cache_dir,
// download_or_find_cached_file):
//   if TIKTOKEN_ENCODINGS_BASE is set: PathBuf::from(value).join("o200k_base.tiktoken"),
//     SHA-256 checked while parsing, no fallback;
//   else: cache dir = TIKTOKEN_RS_CACHE_DIR if set, else std::env::temp_dir()/tiktoken-rs-cache
//     (created); file = cache dir / sha1_hex(url); a wrong SHA-256 deletes it and downloads.
// Rust's std::env::var answers "unset" for a value that is not UTF-8, so such a value is ignored
// (std::env::temp_dir reads TMPDIR as bytes, so it is not). An empty value is a relative path:
// "".join(name) is `name` in the current directory.
#include "cache/paths.hpp"
#include "core/utf8.hpp"

#include <airtok/cache.hpp>

#include <cstdlib>
#include <string>

namespace airtok {

namespace {

const char* rust_env_var(const char* name) noexcept {
  const char* value = std::getenv(name);
  if (value == nullptr) return nullptr;
  const std::string_view text(value);
  return detail::utf8_valid_up_to(text) == text.size() ? value : nullptr;
}

std::string quoted(std::string_view value) {
  std::string text = "\"";
  text.append(value);
  text += '"';
  return text;
}

std::string non_utf8_note(const char* name) {
  const char* raw = std::getenv(name);
  if (raw == nullptr || rust_env_var(name) != nullptr) return {};
  return std::string("; ") + name +
         " is set but is not valid UTF-8, which openai-harmony (Rust's std::env::var) treats "
         "as unset";
}

CacheDir harmony_dir(std::string_view explicit_dir) {
  CacheDir dir;
  dir.consumer = Consumer::harmony;
  if (!explicit_dir.empty()) {
    dir.rule = CacheDirRule::explicit_dir;
    dir.naming = FileNaming::both;
    dir.path = std::string(explicit_dir);
    dir.reason =
        "it was given explicitly (--dir); openai-harmony reads it only when "
        "TIKTOKEN_ENCODINGS_BASE (plain names) or TIKTOKEN_RS_CACHE_DIR (SHA-1 names) names it, "
        "so airtok writes both names";
    return dir;
  }
  if (const char* base = rust_env_var("TIKTOKEN_ENCODINGS_BASE")) {
    dir.rule = CacheDirRule::tiktoken_encodings_base;
    dir.naming = FileNaming::plain_name;
    dir.path = *base == '\0' ? "." : base;
    dir.reason =
        std::string("TIKTOKEN_ENCODINGS_BASE is set to ") + quoted(base) +
        (*base == '\0' ? " (the empty string: the current directory of the process)" : "") +
        "; openai-harmony then reads only <that directory>/o200k_base.tiktoken and "
        "never downloads";
    return dir;
  }
  const std::string ignored = non_utf8_note("TIKTOKEN_ENCODINGS_BASE");
  if (const char* cache = rust_env_var("TIKTOKEN_RS_CACHE_DIR")) {
    dir.rule = CacheDirRule::tiktoken_rs_cache_dir;
    dir.path = *cache == '\0' ? "." : cache;
    dir.reason =
        std::string(
            "TIKTOKEN_ENCODINGS_BASE is not set and TIKTOKEN_RS_CACHE_DIR is "
            "set to ") +
        quoted(cache) +
        (*cache == '\0' ? " (the empty string: the current directory of the process)" : "") +
        ignored;
    return dir;
  }
  const char* tmpdir = std::getenv("TMPDIR");
  dir.rule = CacheDirRule::rust_temp_dir;
  dir.path = detail::join_path(tmpdir != nullptr ? tmpdir : "/tmp", "tiktoken-rs-cache");
  dir.reason =
      "neither TIKTOKEN_ENCODINGS_BASE nor TIKTOKEN_RS_CACHE_DIR is set, so openai-harmony uses "
      "Rust's std::env::temp_dir() + \"tiktoken-rs-cache\" (and creates it), and temp_dir() is " +
      std::string(tmpdir != nullptr ? quoted(tmpdir) + " because TMPDIR is set to it"
                                    : "/tmp because TMPDIR is not set") +
      (tmpdir != nullptr && *tmpdir == '\0' ? " (the empty string: the current directory)" : "") +
      ignored + non_utf8_note("TIKTOKEN_RS_CACHE_DIR");
  return dir;
}

}  // namespace

std::string_view to_string(Consumer consumer) noexcept {
  return consumer == Consumer::harmony ? "openai-harmony" : "tiktoken";
}

std::vector<Consumer> parse_consumers(std::string_view name) {
  if (name == "tiktoken") return {Consumer::tiktoken};
  if (name == "harmony" || name == "openai-harmony") return {Consumer::harmony};
  if (name == "all") return {Consumer::tiktoken, Consumer::harmony};
  throw Error("unknown consumer \"" + std::string(name) +
              "\": give tiktoken (Python tiktoken), harmony (openai-harmony, gpt-oss) or all");
}

CacheDir resolve_cache_dir(Consumer consumer, std::string_view explicit_dir) {
  if (consumer == Consumer::tiktoken) return resolve_cache_dir(explicit_dir);
  return harmony_dir(explicit_dir);
}

std::vector<std::string> CacheDir::names_of(const OfficialFile& official) const {
  switch (naming) {
    case FileNaming::url_sha1:
      return {official.key()};
    case FileNaming::plain_name:
      return {std::string(official.name)};
    case FileNaming::both:
      return {official.key(), std::string(official.name)};
  }
  return {official.key()};
}

std::vector<const OfficialFile*> consumer_files(Consumer consumer,
                                                std::span<const std::string> encodings) {
  std::vector<const OfficialFile*> files = official_files_for(encodings);
  if (consumer == Consumer::tiktoken) return files;
  const std::string harmony_encoding[] = {"o200k_harmony"};
  const OfficialFile* o200k = official_files_for(harmony_encoding).front();
  for (const OfficialFile* file : files) {
    if (file == o200k) return {o200k};
  }
  std::string given;
  for (const std::string& name : encodings) given += (given.empty() ? "" : " ") + name;
  throw Error(
      "openai-harmony reads only o200k_base.tiktoken (its encoding HarmonyGptOss is "
      "o200k_harmony), which " +
      given +
      " does not include. Fix: add o200k_harmony to the encodings, or leave them out, or "
      "use --for tiktoken");
}

}  // namespace airtok
