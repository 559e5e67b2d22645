// install.cpp — install_cache (the official files from airtok's built-in copies) and
// add_to_cache (a file someone downloaded, checked and put under its tiktoken name).
#include "cache/install.hpp"

#include "cache/messages.hpp"
#include "cache/paths.hpp"
#include "core/load/read_file.hpp"
#include "core/load/sha256.hpp"

#include <airtok/load.hpp>

#include <algorithm>
#include <cerrno>

namespace airtok {

namespace detail {

void prepare_directory(const CacheDir& dir, std::string_view args) {
  if (dir.disabled()) {
    throw CacheError("there is no cache directory to write to: " + dir.reason + ". Fix: unset " +
                         std::string(dir.rule_name()) + " && airtok cache " + std::string(args),
                     dir.path);
  }
  WriteContext context{"the cache directory", directory_phrase(dir), writable_dir_fix(dir, args)};
  make_directories(dir.path, context);
}

WriteContext write_context(const CacheDir& dir, std::string_view what, std::string_view args) {
  return {std::string(what), directory_phrase(dir), writable_dir_fix(dir, args)};
}

bool put_in_cache(const CacheDir& dir, const std::string& key, std::string_view contents,
                  const std::string& sha256, const WriteContext& context) {
  const std::string path = join_path(dir.path, key);
  struct stat info {};
  if (stat_path(path, info) == 0 && S_ISREG(info.st_mode) &&
      static_cast<std::size_t>(info.st_size) == contents.size()) {
    try {
      if (sha256_hex(read_file(path)) == sha256) return false;
    } catch (const LoadError&) {
      // unreadable: replace it
    }
  }
  write_file_atomically(dir.path, key, contents, sha256, context);
  return true;
}

}  // namespace detail

namespace {

/// What follows `airtok cache` to redo an install (writable_dir_fix adds the directory).
std::string install_args(std::span<const std::string> encodings, const CacheDir& dir) {
  std::string args = "install";
  for (const std::string& name : encodings) args += " " + name;
  return args + detail::for_option(dir);
}

CachedFile describe(const OfficialFile& file, const CacheDir& dir, std::string stored_as = {}) {
  CachedFile out;
  out.name = std::string(file.name);
  out.url = std::string(file.url);
  out.key = file.key();
  out.stored_as = stored_as.empty() ? out.key : std::move(stored_as);
  out.path = detail::join_path(dir.path, out.stored_as);
  out.sha256 = std::string(file.sha256);
  out.size = file.size;
  out.encodings.assign(file.encodings.begin(), file.encodings.end());
  return out;
}

[[noreturn]] void refuse(const std::string& file, const std::string& why, const CacheDir& dir,
                         const std::string& fix) {
  throw CacheError(file + ": refused: " + why + ". Nothing was written to " +
                       detail::directory_phrase(dir) + ". Fix: " + fix,
                   file);
}

std::string size_note(std::size_t actual, std::size_t expected) {
  if (actual < expected) return "; it is truncated (an interrupted download or copy?)";
  if (actual > expected) return "; it is larger than the official file";
  return "; same size, different content: altered or a different file";
}

/// The official file `data` is, by content or, failing that, by the file's name.
const OfficialFile* identify(const std::vector<const OfficialFile*>& candidates,
                             const std::string& sha256, const std::string& file_name,
                             bool& by_content) {
  for (const OfficialFile* file : candidates) {
    if (file->sha256 == sha256) {
      by_content = true;
      return file;
    }
  }
  by_content = false;
  if (candidates.size() == 1) return candidates.front();
  for (const OfficialFile* file : candidates) {
    if (file->name == file_name) return file;
  }
  return nullptr;
}

}  // namespace

InstallResult install_cache(std::span<const std::string> encodings, const CacheOptions& options) {
  const std::vector<const OfficialFile*> files = consumer_files(options.consumer, encodings);
  InstallResult result;
  result.dir = resolve_cache_dir(options.consumer, options.dir);
  const std::string args = install_args(encodings, result.dir);
  detail::prepare_directory(result.dir, args);
  for (const OfficialFile* file : files) {
    const std::string contents = file->contents();
    for (std::string& name : result.dir.names_of(*file)) {
      CachedFile entry = describe(*file, result.dir, std::move(name));
      entry.written = detail::put_in_cache(result.dir, entry.stored_as, contents, entry.sha256,
                                           detail::write_context(result.dir, entry.name, args));
      result.files.push_back(std::move(entry));
    }
  }
  return result;
}

CachedFile add_to_cache(const std::string& file, const AddOptions& add,
                        const CacheOptions& options) {
  const CacheDir dir = resolve_cache_dir(options.dir);
  if (!add.encoding.empty() && !add.url.empty()) {
    throw CacheError(file +
                         ": give the encoding or the URL, not both (the encoding implies its "
                         "official URL)",
                     file);
  }
  std::string data;
  try {
    data = detail::read_file(file);
  } catch (const LoadError& e) {
    throw CacheError(std::string(e.what()) + ". Fix: give the path of the file to add", file);
  }
  const std::string sha256 = sha256_hex(data);
  const std::string base_name =
      file.substr(file.rfind('/') == std::string::npos ? 0 : file.rfind('/') + 1);
  const std::string expected = detail::lowercase(add.sha256);
  if (!expected.empty() && !detail::is_sha256_hex(expected)) {
    throw CacheError(file + ": --sha256 " + add.sha256 + " is not 64 hex digits", file);
  }
  const OfficialFile* official = nullptr;
  if (!add.url.empty()) {
    official = find_official_file(add.url);
  } else {
    std::vector<std::string> names;
    if (!add.encoding.empty()) names.push_back(add.encoding);
    const std::vector<const OfficialFile*> candidates = official_files_for(names);
    bool by_content = false;
    official = identify(candidates, sha256, base_name, by_content);
    if (official == nullptr) {
      std::string known;
      for (const OfficialFile* f : candidates)
        known.append(known.empty() ? "" : ", ").append(f->name);
      refuse(file,
             "its SHA-256 " + sha256 + " (" + std::to_string(data.size()) +
                 " bytes) is not that of any official file (" + known +
                 "), and its name does not say which it should be",
             dir,
             "for a custom encoding's file: airtok cache add " + detail::shell_quote(file) +
                 " --url URL --sha256 HASH" + detail::dir_option(dir) +
                 "; for an official file: airtok cache install ENCODING" + detail::dir_option(dir));
    }
  }
  CachedFile entry;
  if (official != nullptr) {
    entry = describe(*official, dir);
    if (!expected.empty() && expected != official->sha256) {
      refuse(file,
             "--sha256 " + expected + " is not the official SHA-256 of " +
                 std::string(official->name) + " (" + std::string(official->sha256) + ")",
             dir, "drop --sha256; " + detail::install_command(*official, dir));
    }
    if (sha256 != official->sha256) {
      std::string note = size_note(data.size(), official->size);
      for (const OfficialFile& other : official_files()) {
        if (other.sha256 == sha256) {
          note = "; it is " + std::string(other.name) + " (" +
                 std::string(other.encodings.front()) + "), not " + std::string(official->name);
        }
      }
      refuse(file,
             "its SHA-256 is " + sha256 + " (" + std::to_string(data.size()) + " bytes) but " +
                 std::string(official->name) + "'s official SHA-256 is " +
                 std::string(official->sha256) + " (" + std::to_string(official->size) + " bytes)" +
                 note + "; tiktoken would reject it and try to download it again",
             dir,
             detail::install_command(*official, dir) +
                 " (writes airtok's built-in copy), or download " + std::string(official->url) +
                 " again");
    }
  } else {
    entry.name = detail::url_file_name(add.url);
    entry.url = add.url;
    entry.key = cache_key(add.url);
    entry.stored_as = entry.key;
    entry.path = detail::join_path(dir.path, entry.key);
    entry.sha256 = sha256;
    entry.size = data.size();
    entry.hash_checked = !expected.empty();
    if (!expected.empty() && sha256 != expected) {
      refuse(file,
             "its SHA-256 is " + sha256 + " (" + std::to_string(data.size()) +
                 " bytes), not the expected " + expected,
             dir,
             "get a good copy of " + add.url +
                 " and run: " + detail::add_command(file, add.url, expected, dir));
    }
  }
  const std::string args = "add " + detail::shell_quote(file) +
                           (add.url.empty() ? "" : " --url " + detail::shell_quote(add.url));
  detail::prepare_directory(dir, args);
  entry.written = detail::put_in_cache(dir, entry.key, data, sha256,
                                       detail::write_context(dir, entry.name, args));
  return entry;
}

}  // namespace airtok
