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

/// The files a bundle holds, each with whether it also has a plain-name copy.
struct BundlePlan {
  std::vector<const OfficialFile*> files;
  std::vector<bool> plain;  // parallel to files
  bool harmony = false;
};

BundlePlan plan_bundle(std::span<const std::string> encodings,
                       std::span<const Consumer> consumers) {
  const std::vector<Consumer> chosen =
      consumers.empty() ? std::vector<Consumer>{Consumer::tiktoken}
                        : std::vector<Consumer>(consumers.begin(), consumers.end());
  BundlePlan plan;
  std::vector<const OfficialFile*> plain;
  for (Consumer consumer : chosen) {
    const std::vector<const OfficialFile*> files = consumer_files(consumer, encodings);
    if (consumer == Consumer::harmony) {
      plan.harmony = true;
      plain.insert(plain.end(), files.begin(), files.end());
    }
    for (const OfficialFile* file : files) {
      if (std::find(plan.files.begin(), plan.files.end(), file) == plan.files.end()) {
        plan.files.push_back(file);
      }
    }
  }
  // official_files() order, whatever the order of the consumers.
  std::vector<const OfficialFile*> ordered;
  for (const OfficialFile& file : official_files()) {
    if (std::find(plan.files.begin(), plan.files.end(), &file) == plan.files.end()) continue;
    ordered.push_back(&file);
    plan.plain.push_back(std::find(plain.begin(), plain.end(), &file) != plain.end());
  }
  plan.files = std::move(ordered);
  return plan;
}

std::string readme_text(const BundlePlan& plan) {
  const std::vector<const OfficialFile*>& files = plan.files;
  std::string list;
  for (std::size_t i = 0; i < files.size(); ++i) {
    list += "  " + files[i]->key() + "  " + std::string(files[i]->name) + "\n";
  }
  std::string plain;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (plan.plain[i]) plain += "  " + std::string(files[i]->name) + "\n";
  }
  if (!plain.empty()) {
    plain =
        "\nFor openai-harmony (gpt-oss), the file it reads is also here under its plain name,\n"
        "so this folder also works as its TIKTOKEN_ENCODINGS_BASE directory:\n\n" +
        plain +
        "\n  export TIKTOKEN_ENCODINGS_BASE=/absolute/path/of/THIS_FOLDER   (no download, ever)\n"
        "or, with the SHA-1 names, as its cache directory:\n"
        "  export TIKTOKEN_RS_CACHE_DIR=/absolute/path/of/THIS_FOLDER\n"
        "or: airtok cache import THIS_FOLDER --for harmony\n";
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
         "code works offline.\n" +
         plain;
}

std::string manifest_text(const BundlePlan& plan) {
  nlohmann::ordered_json manifest;
  manifest["format"] = kFormat;
  manifest["version"] = kFormatVersion;
  manifest["cache_key"] =
      "SHA-1 hex of the URL, the file name tiktoken and openai-harmony's cache look for";
  if (plan.harmony) {
    manifest["plain_name"] =
        "a second copy under the URL's last segment, the name openai-harmony reads in "
        "TIKTOKEN_ENCODINGS_BASE";
  }
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < plan.files.size(); ++i) {
    const OfficialFile* file = plan.files[i];
    nlohmann::ordered_json j;
    j["name"] = file->name;
    j["encodings"] = std::vector<std::string>(file->encodings.begin(), file->encodings.end());
    j["url"] = file->url;
    j["key"] = file->key();
    j["sha256"] = file->sha256;
    j["size"] = file->size;
    if (plan.plain[i]) j["plain_name"] = file->name;
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
  std::string name, url, key, sha256, plain_name;
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

/// The copy under the plain name (for TIKTOKEN_ENCODINGS_BASE) must be the same file.
void check_plain_copy(const std::string& bundle, const BundleFile& file) {
  const std::string manifest_path = detail::join_path(bundle, kManifest);
  if (file.plain_name != detail::url_file_name(file.url)) {
    bad_bundle(bundle, manifest_path,
               "gives " + file.name + " the plain name " + file.plain_name +
                   ", but the last segment of its URL is " + detail::url_file_name(file.url) +
                   " (the name openai-harmony reads in TIKTOKEN_ENCODINGS_BASE)");
  }
  const std::string path = detail::join_path(bundle, file.plain_name);
  std::string copy;
  try {
    copy = detail::read_file(path);
  } catch (const LoadError& e) {
    bad_bundle(bundle, path,
               "the copy of " + file.name +
                   " under its plain name (for openai-harmony's "
                   "TIKTOKEN_ENCODINGS_BASE) is listed in the manifest but cannot be read: " +
                   std::string(e.what()).substr(path.size() + 2));
  }
  if (copy != file.contents) {
    bad_bundle(bundle, path,
               "the copy of " + file.name + " under its plain name has SHA-256 " +
                   sha256_hex(copy) + " (" + std::to_string(copy.size()) +
                   " bytes), not the manifest's " + file.sha256 + " (" + std::to_string(file.size) +
                   " bytes): openai-harmony would reject it");
  }
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
    file.plain_name = item.value("plain_name", std::string());
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
  if (!file.plain_name.empty()) check_plain_copy(bundle, file);
  return file;
}

}  // namespace

std::vector<CachedFile> export_cache(const std::string& bundle_dir,
                                     std::span<const std::string> encodings,
                                     std::span<const Consumer> consumers) {
  const BundlePlan plan = plan_bundle(encodings, consumers);
  const std::vector<const OfficialFile*>& files = plan.files;
  const CacheDir target = resolve_cache_dir(bundle_dir.empty() ? "." : bundle_dir);
  std::string args = "export " + detail::shell_quote(target.path);
  for (const std::string& name : encodings) args += " " + name;
  if (plan.harmony) args += consumers.size() > 1 ? " --for all" : " --for harmony";
  if (detail::is_directory(target.path)) check_export_target(target);
  const detail::WriteContext context{"the bundle", target.path + ", the bundle directory",
                                     "airtok cache " + args + " with a directory you can write"};
  detail::make_directories(target.path, context);
  // An earlier bundle's files that this one does not hold are removed, so that the folder,
  // the manifest and SHA256SUMS agree.
  for (const OfficialFile& file : official_files()) {
    const auto at = std::find(files.begin(), files.end(), &file);
    if (at == files.end()) ::unlink(detail::join_path(target.path, file.key()).c_str());
    if (at == files.end() || !plan.plain[static_cast<std::size_t>(at - files.begin())]) {
      ::unlink(detail::join_path(target.path, file.name).c_str());
    }
  }
  std::vector<CachedFile> written;
  std::string sums;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const OfficialFile* file = files[i];
    const std::string contents = file->contents();
    std::vector<std::string> names{file->key()};
    if (plan.plain[i]) names.emplace_back(file->name);
    for (const std::string& name : names) {
      CachedFile entry;
      entry.name = std::string(file->name);
      entry.url = std::string(file->url);
      entry.key = file->key();
      entry.stored_as = name;
      entry.path = detail::join_path(target.path, name);
      entry.sha256 = std::string(file->sha256);
      entry.size = file->size;
      entry.encodings.assign(file->encodings.begin(), file->encodings.end());
      entry.written = detail::put_in_cache(target, name, contents, entry.sha256,
                                           {entry.name, context.where, context.fix});
      sums += entry.sha256 + "  " + name + "\n";
      written.push_back(std::move(entry));
    }
  }
  for (const auto& [name, text] :
       {std::pair<std::string, std::string>{std::string(kManifest), manifest_text(plan)},
        {"SHA256SUMS", sums},
        {"README.txt", readme_text(plan)}}) {
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
  result.dir = resolve_cache_dir(options.consumer, options.dir);
  const std::vector<const OfficialFile*> read = consumer_files(options.consumer, {});
  if (options.consumer != Consumer::tiktoken) {
    std::erase_if(files, [&](const BundleFile& file) {
      const OfficialFile* official = find_official_file(file.url);
      return std::find(read.begin(), read.end(), official) == read.end();
    });
    if (files.empty()) {
      bad_bundle(bundle_dir, detail::join_path(bundle_dir, kManifest),
                 "holds no file that " + std::string(to_string(options.consumer)) +
                     " reads (o200k_base.tiktoken)");
    }
  }
  const std::string args =
      "import " + detail::shell_quote(bundle_dir) + detail::for_option(result.dir);
  detail::prepare_directory(result.dir, args);
  for (BundleFile& file : files) {
    const OfficialFile* official = find_official_file(file.url);
    const std::vector<std::string> names =
        official != nullptr ? result.dir.names_of(*official) : std::vector<std::string>{file.key};
    for (const std::string& name : names) {
      CachedFile entry;
      entry.name = file.name;
      entry.url = file.url;
      entry.key = file.key;
      entry.stored_as = name;
      entry.path = detail::join_path(result.dir.path, name);
      entry.sha256 = file.sha256;
      entry.size = file.size;
      entry.encodings = file.encodings;
      entry.written = detail::put_in_cache(result.dir, name, file.contents, file.sha256,
                                           detail::write_context(result.dir, file.name, args));
      result.files.push_back(std::move(entry));
    }
  }
  return result;
}

}  // namespace airtok
