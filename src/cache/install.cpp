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

namespace {

/// The file being added, read and hashed, with the hash it was said to have.
struct FileToAdd {
  std::string path;
  std::string data;
  std::string sha256;
  std::string expected;  // --sha256 in lower case (64 hex digits), or "" when not given
};

/// Reads and hashes `path`; throws CacheError when the options contradict each other, the file
/// cannot be read or --sha256 is not a SHA-256.
FileToAdd read_file_to_add(const std::string& path, const AddOptions& add) {
  if (!add.encoding.empty() && !add.url.empty()) {
    throw CacheError(path +
                         ": give the encoding or the URL, not both (the encoding implies its "
                         "official URL)",
                     path);
  }
  FileToAdd file{path, {}, {}, detail::lowercase(add.sha256)};
  try {
    file.data = detail::read_file(path);
  } catch (const LoadError& e) {
    throw CacheError(std::string(e.what()) + ". Fix: give the path of the file to add", path);
  }
  file.sha256 = sha256_hex(file.data);
  if (!file.expected.empty() && !detail::is_sha256_hex(file.expected)) {
    throw CacheError(path + ": --sha256 " + add.sha256 + " is not 64 hex digits", path);
  }
  return file;
}

/// The official file that `file` should be: the one at --url (nullptr for a custom URL), else
/// the one of --encoding or any encoding, by content or, failing that, by the file's name.
/// Refuses a file without a URL that is none of them.
const OfficialFile* official_file_to_add(const FileToAdd& file, const AddOptions& add,
                                         const CacheDir& dir) {
  if (!add.url.empty()) return find_official_file(add.url);
  std::vector<std::string> names;
  if (!add.encoding.empty()) names.push_back(add.encoding);
  const std::vector<const OfficialFile*> candidates = official_files_for(names);
  const std::string base_name =
      file.path.substr(file.path.rfind('/') == std::string::npos ? 0 : file.path.rfind('/') + 1);
  bool by_content = false;
  const OfficialFile* official = identify(candidates, file.sha256, base_name, by_content);
  if (official != nullptr) return official;
  std::string known;
  for (const OfficialFile* f : candidates) known.append(known.empty() ? "" : ", ").append(f->name);
  refuse(file.path,
         "its SHA-256 " + file.sha256 + " (" + std::to_string(file.data.size()) +
             " bytes) is not that of any official file (" + known +
             "), and its name does not say which it should be",
         dir,
         "for a custom encoding's file: airtok cache add " + detail::shell_quote(file.path) +
             " --url URL --sha256 HASH" + detail::dir_option(dir) +
             "; for an official file: airtok cache install ENCODING" + detail::dir_option(dir));
}

/// The entry for `official`, after checking that `file` is that file byte for byte (and that a
/// --sha256 given says so too); refuses it otherwise, naming what it is instead when it is
/// another official file.
CachedFile official_entry(const FileToAdd& file, const OfficialFile& official,
                          const CacheDir& dir) {
  if (!file.expected.empty() && file.expected != official.sha256) {
    refuse(file.path,
           "--sha256 " + file.expected + " is not the official SHA-256 of " +
               std::string(official.name) + " (" + std::string(official.sha256) + ")",
           dir, "drop --sha256; " + detail::install_command(official, dir));
  }
  if (file.sha256 != official.sha256) {
    std::string note = size_note(file.data.size(), official.size);
    for (const OfficialFile& other : official_files()) {
      if (other.sha256 == file.sha256) {
        note = "; it is " + std::string(other.name) + " (" + std::string(other.encodings.front()) +
               "), not " + std::string(official.name);
      }
    }
    refuse(file.path,
           "its SHA-256 is " + file.sha256 + " (" + std::to_string(file.data.size()) +
               " bytes) but " + std::string(official.name) + "'s official SHA-256 is " +
               std::string(official.sha256) + " (" + std::to_string(official.size) + " bytes)" +
               note + "; tiktoken would reject it and try to download it again",
           dir,
           detail::install_command(official, dir) +
               " (writes airtok's built-in copy), or download " + std::string(official.url) +
               " again");
  }
  return describe(official, dir);
}

/// The entry for a custom encoding's file at `url`, after checking the --sha256 given, if any.
CachedFile custom_entry(const FileToAdd& file, const std::string& url, const CacheDir& dir) {
  if (!file.expected.empty() && file.sha256 != file.expected) {
    refuse(file.path,
           "its SHA-256 is " + file.sha256 + " (" + std::to_string(file.data.size()) +
               " bytes), not the expected " + file.expected,
           dir,
           "get a good copy of " + url +
               " and run: " + detail::add_command(file.path, url, file.expected, dir));
  }
  CachedFile entry;
  entry.name = detail::url_file_name(url);
  entry.url = url;
  entry.key = cache_key(url);
  entry.stored_as = entry.key;
  entry.path = detail::join_path(dir.path, entry.key);
  entry.sha256 = file.sha256;
  entry.size = file.data.size();
  entry.hash_checked = !file.expected.empty();
  return entry;
}

/// Writes `file` under `entry`'s cache name (unless an identical copy is there already).
void store(const FileToAdd& file, const std::string& url, const CacheDir& dir, CachedFile& entry) {
  const std::string args = "add " + detail::shell_quote(file.path) +
                           (url.empty() ? "" : " --url " + detail::shell_quote(url));
  detail::prepare_directory(dir, args);
  entry.written = detail::put_in_cache(dir, entry.key, file.data, file.sha256,
                                       detail::write_context(dir, entry.name, args));
}

}  // namespace

CachedFile add_to_cache(const std::string& path, const AddOptions& add,
                        const CacheOptions& options) {
  const CacheDir dir = resolve_cache_dir(options.dir);
  const FileToAdd file = read_file_to_add(path, add);
  const OfficialFile* official = official_file_to_add(file, add, dir);
  CachedFile entry =
      official != nullptr ? official_entry(file, *official, dir) : custom_entry(file, add.url, dir);
  store(file, add.url, dir, entry);
  return entry;
}

}  // namespace airtok
