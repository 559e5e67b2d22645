// bundle.cpp — a folder to carry into a closed network (export_cache) and its checked
// installation there (import_cache).
//
// A bundle holds the files under their cache names (so the folder is itself a tiktoken cache
// directory), manifest.json (what each file is), SHA256SUMS (for `sha256sum -c` on a machine
// without airtok) and README.txt. Import trusts nothing it can check: the manifest's format, that
// each name is the SHA-1 of its URL, each file's size and SHA-256, and that an official URL
// carries its official hash. Only when every file passes is anything written.
#include "cache/install.hpp"
#include "cache/messages.hpp"
#include "cache/paths.hpp"
#include "core/load/read_file.hpp"
#include "core/load/sha256.hpp"

#include <airtok/cache.hpp>
#include <airtok/load.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <dirent.h>
#include <unistd.h>

namespace airtok {

namespace {

constexpr std::string_view kFormat = "airtok-tiktoken-cache-bundle";
constexpr int kFormatVersion = 1;
constexpr std::string_view kManifest = "manifest.json";

std::vector<std::string> directory_names(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* handle = ::opendir(dir.c_str())) {
    while (const dirent* entry = ::readdir(handle)) {
      const std::string name = entry->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    ::closedir(handle);
  }
  return names;
}

std::string readme_text(const std::vector<const OfficialFile*>& files) {
  std::string list;
  for (const OfficialFile* file : files) {
    list += "  " + file->key() + "  " + std::string(file->name) + "\n";
  }
  return "tiktoken cache bundle, written by `airtok cache export`.\n\n"
         "These files are OpenAI's vocabulary files under the names Python tiktoken looks for\n"
         "in its cache directory (the SHA-1 of each file's download URL):\n\n" +
         list +
         "\nmanifest.json says what each file is (encodings, URL, SHA-256, size).\n\n"
         "On the machine without network access, either:\n"
         "  airtok cache import THIS_FOLDER          (checks every file, then installs them\n"
         "                                           where tiktoken looks), or, without airtok:\n"
         "  cd THIS_FOLDER && sha256sum -c SHA256SUMS\n"
         "  export TIKTOKEN_CACHE_DIR=/absolute/path/of/THIS_FOLDER\n"
         "(this folder is itself a valid tiktoken cache directory). Then unmodified tiktoken\n"
         "code works offline.\n";
}

std::string manifest_text(const std::vector<const OfficialFile*>& files) {
  nlohmann::ordered_json manifest;
  manifest["format"] = kFormat;
  manifest["version"] = kFormatVersion;
  manifest["cache_key"] = "SHA-1 hex of the URL, the file name tiktoken looks for";
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const OfficialFile* file : files) {
    nlohmann::ordered_json j;
    j["name"] = file->name;
    j["encodings"] = std::vector<std::string>(file->encodings.begin(), file->encodings.end());
    j["url"] = file->url;
    j["key"] = file->key();
    j["sha256"] = file->sha256;
    j["size"] = file->size;
    list.push_back(std::move(j));
  }
  manifest["files"] = std::move(list);
  return manifest.dump(2) + "\n";
}

/// Refuses a directory that holds anything but an earlier bundle.
void check_export_target(const CacheDir& target) {
  const std::vector<std::string> names = directory_names(target.path);
  if (names.empty()) return;
  if (std::find(names.begin(), names.end(), kManifest) != names.end()) return;  // re-export
  throw CacheError(target.path + ": refused: the directory is not empty (" + names.front() +
                       (names.size() > 1 ? ", ..." : "") +
                       ") and is not an earlier bundle, so airtok will not write into it. "
                       "Fix: airtok cache export NEW_DIRECTORY (a directory that does not exist)",
                   target.path);
}

[[noreturn]] void bad_bundle(const std::string& bundle, const std::string& path,
                             const std::string& what) {
  throw CacheError(path + ": " + what + ". Nothing was installed. The bundle " + bundle +
                       " was given to airtok cache import. Fix: on the connected machine run "
                       "airtok cache export " +
                       detail::shell_quote(bundle) + " and copy the whole folder again",
                   path);
}

struct BundleFile {
  std::string name, url, key, sha256;
  std::size_t size = 0;
  std::vector<std::string> encodings;
  std::string contents;
};

nlohmann::json read_manifest(const std::string& bundle) {
  const std::string path = detail::join_path(bundle, kManifest);
  std::string text;
  try {
    text = detail::read_file(path);
  } catch (const LoadError& e) {
    bad_bundle(bundle, path,
               std::string(e.what()).substr(path.size() + 2) +
                   ": this is not a folder written by airtok cache export");
  }
  nlohmann::json manifest;
  try {
    manifest = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    bad_bundle(bundle, path, std::string("is not valid JSON: ") + e.what());
  }
  if (!manifest.is_object() || manifest.value("format", std::string()) != kFormat ||
      manifest.value("version", 0) != kFormatVersion) {
    bad_bundle(bundle, path,
               "is not an airtok bundle manifest (format \"" + std::string(kFormat) +
                   "\", version " + std::to_string(kFormatVersion) + ")");
  }
  if (!manifest.contains("files") || !manifest["files"].is_array() || manifest["files"].empty()) {
    bad_bundle(bundle, path, "lists no files");
  }
  return manifest;
}

/// One manifest entry, checked against itself, the official list and the file in the bundle.
BundleFile check_entry(const std::string& bundle, const nlohmann::json& item) {
  const std::string manifest_path = detail::join_path(bundle, kManifest);
  BundleFile file;
  try {
    file.url = item.at("url").get<std::string>();
    file.key = item.at("key").get<std::string>();
    file.sha256 = item.at("sha256").get<std::string>();
    file.size = item.at("size").get<std::size_t>();
    file.name = item.value("name", detail::url_file_name(file.url));
    file.encodings = item.value("encodings", std::vector<std::string>{});
  } catch (const nlohmann::json::exception& e) {
    bad_bundle(bundle, manifest_path, std::string("has a malformed file entry: ") + e.what());
  }
  if (file.key != cache_key(file.url)) {
    bad_bundle(bundle, manifest_path,
               "lists " + file.name + " under the name " + file.key +
                   ", but the SHA-1 of its URL " + file.url + " is " + cache_key(file.url) +
                   ": the manifest was edited or damaged");
  }
  if (!detail::is_sha256_hex(file.sha256)) {
    bad_bundle(bundle, manifest_path,
               "gives " + file.name + " a SHA-256 that is not 64 hex digits");
  }
  file.sha256 = detail::lowercase(file.sha256);
  const OfficialFile* official = find_official_file(file.url);
  if (official != nullptr && official->sha256 != file.sha256) {
    bad_bundle(bundle, manifest_path,
               "gives " + file.name + " the SHA-256 " + file.sha256 + ", but the official one is " +
                   std::string(official->sha256) +
                   ": the manifest was edited or is for other files");
  }
  const std::string path = detail::join_path(bundle, file.key);
  try {
    file.contents = detail::read_file(path);
  } catch (const LoadError& e) {
    bad_bundle(bundle, path,
               file.name + " (" + file.key + ") is listed in the manifest but cannot be read: " +
                   std::string(e.what()).substr(path.size() + 2));
  }
  const std::string actual = sha256_hex(file.contents);
  if (file.contents.size() != file.size || actual != file.sha256) {
    bad_bundle(bundle, path,
               file.name + " (" + file.key + ") has SHA-256 " + actual + " (" +
                   std::to_string(file.contents.size()) + " bytes) but the manifest says " +
                   file.sha256 + " (" + std::to_string(file.size) + " bytes)" +
                   (file.contents.size() < file.size ? ": truncated in transit" : ": altered"));
  }
  return file;
}

}  // namespace

std::vector<CachedFile> export_cache(const std::string& bundle_dir,
                                     std::span<const std::string> encodings) {
  const std::vector<const OfficialFile*> files = official_files_for(encodings);
  const CacheDir target = resolve_cache_dir(bundle_dir.empty() ? "." : bundle_dir);
  std::string args = "export " + detail::shell_quote(target.path);
  for (const std::string& name : encodings) args += " " + name;
  if (detail::is_directory(target.path)) check_export_target(target);
  const detail::WriteContext context{"the bundle", target.path + ", the bundle directory",
                                     "airtok cache " + args + " with a directory you can write"};
  detail::make_directories(target.path, context);
  // An earlier bundle's files that this one does not hold are removed, so that the folder,
  // the manifest and SHA256SUMS agree.
  for (const OfficialFile& file : official_files()) {
    if (std::find(files.begin(), files.end(), &file) == files.end()) {
      ::unlink(detail::join_path(target.path, file.key()).c_str());
    }
  }
  std::vector<CachedFile> written;
  std::string sums;
  for (const OfficialFile* file : files) {
    CachedFile entry;
    entry.name = std::string(file->name);
    entry.url = std::string(file->url);
    entry.key = file->key();
    entry.path = detail::join_path(target.path, entry.key);
    entry.sha256 = std::string(file->sha256);
    entry.size = file->size;
    entry.encodings.assign(file->encodings.begin(), file->encodings.end());
    entry.written = detail::put_in_cache(target, entry.key, file->contents(), entry.sha256,
                                         {entry.name, context.where, context.fix});
    sums += entry.sha256 + "  " + entry.key + "\n";
    written.push_back(std::move(entry));
  }
  for (const auto& [name, text] :
       {std::pair<std::string, std::string>{std::string(kManifest), manifest_text(files)},
        {"SHA256SUMS", sums},
        {"README.txt", readme_text(files)}}) {
    detail::write_file_atomically(target.path, name, text, sha256_hex(text),
                                  {name, context.where, context.fix});
  }
  return written;
}

InstallResult import_cache(const std::string& bundle_dir, const CacheOptions& options) {
  const nlohmann::json manifest = read_manifest(bundle_dir);
  std::vector<BundleFile> files;
  for (const nlohmann::json& item : manifest["files"])
    files.push_back(check_entry(bundle_dir, item));

  InstallResult result;
  result.dir = resolve_cache_dir(options.dir);
  const std::string args = "import " + detail::shell_quote(bundle_dir);
  detail::prepare_directory(result.dir, args);
  for (BundleFile& file : files) {
    CachedFile entry;
    entry.name = file.name;
    entry.url = file.url;
    entry.key = file.key;
    entry.path = detail::join_path(result.dir.path, file.key);
    entry.sha256 = file.sha256;
    entry.size = file.size;
    entry.encodings = file.encodings;
    entry.written = detail::put_in_cache(result.dir, file.key, file.contents, file.sha256,
                                         detail::write_context(result.dir, file.name, args));
    result.files.push_back(std::move(entry));
  }
  return result;
}

}  // namespace airtok
