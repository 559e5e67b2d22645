// verify.cpp — what is in a cache directory, file by file, as tiktoken would see it: present under
// the SHA-1 of its URL with the right SHA-256 (ok), absent (missing), present with the wrong
// SHA-256 (corrupt; tiktoken would delete it and download), the right content under another name
// such as "cl100k_base.tiktoken" (misnamed; tiktoken never finds it), and everything else.
// Nothing is modified.
#include "cache/atomic_write.hpp"
#include "cache/messages.hpp"
#include "cache/paths.hpp"
#include "core/hex.hpp"
#include "core/load/read_file.hpp"

#include <airtok/cache.hpp>
#include <airtok/load.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <optional>
#include <set>

#include <dirent.h>

namespace airtok {

namespace {

struct Listing {
  std::vector<std::string> names;
  std::map<std::string, std::size_t> sizes;  // regular files only
};

Listing list_directory(const CacheDir& dir) {
  Listing listing;
  DIR* handle = ::opendir(dir.path.c_str());
  if (handle == nullptr) {
    const int error = errno;
    throw CacheError(dir.path + ": cannot list the directory: " + std::strerror(error) +
                         ". Directory: " + detail::directory_phrase(dir) +
                         ". Fix: make it readable (chmod u+rx " + detail::shell_quote(dir.path) +
                         ") or choose another with TIKTOKEN_CACHE_DIR",
                     dir.path);
  }
  while (const dirent* entry = ::readdir(handle)) {
    const std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    listing.names.push_back(name);
    struct stat info {};
    if (detail::stat_path(detail::join_path(dir.path, name), info) == 0 && S_ISREG(info.st_mode)) {
      listing.sizes[name] = static_cast<std::size_t>(info.st_size);
    }
  }
  ::closedir(handle);
  std::sort(listing.names.begin(), listing.names.end());
  return listing;
}

/// Reads `name` and fills sha256/size; returns false (entry marked unreadable) on failure.
bool read_into(const CacheDir& dir, const std::string& name, VerifyEntry& entry) {
  try {
    const std::string data = detail::read_file(detail::join_path(dir.path, name));
    entry.sha256 = sha256_hex(data);
    entry.size = data.size();
    return true;
  } catch (const LoadError& e) {
    entry.status = EntryStatus::unreadable;
    entry.problem = true;
    entry.detail = e.what();
    entry.fix = "chmod u+r " + detail::shell_quote(detail::join_path(dir.path, name)) +
                " (or remove it and run airtok cache install)";
    return false;
  }
}

std::string mismatch(const VerifyEntry& entry, const OfficialFile& file) {
  std::string text = "SHA-256 " + entry.sha256 + " (" + std::to_string(entry.size) +
                     " bytes), expected " + std::string(file.sha256) + " (" +
                     std::to_string(file.size) + " bytes)";
  for (const OfficialFile& other : official_files()) {
    if (other.sha256 == entry.sha256) return text + ": it is " + std::string(other.name);
  }
  if (entry.size < file.size) return text + ": truncated";
  return text + (entry.size > file.size ? ": too long" : ": altered or a different version");
}

/// The entry for `file` under `name`, the consumer's name for it, if the directory has it.
std::optional<VerifyEntry> check_named(const OfficialFile& file, const std::string& name,
                                       const CacheDir& dir, const Listing& listing,
                                       std::set<std::string>& claimed) {
  if (!std::binary_search(listing.names.begin(), listing.names.end(), name)) return std::nullopt;
  claimed.insert(name);
  VerifyEntry entry;
  entry.official = &file;
  entry.file = name;
  if (!read_into(dir, name, entry)) return entry;
  if (entry.sha256 == file.sha256) return entry;  // ok
  entry.status = EntryStatus::corrupt;
  entry.problem = true;
  entry.detail = mismatch(entry, file) + "; " + detail::corrupt_consequence(dir);
  entry.fix = detail::install_command(file, dir);
  return entry;
}

/// `file` under a name the consumer does not read there: its other well-known name, or any name
/// with its exact size and content.
std::optional<VerifyEntry> find_misnamed(const OfficialFile& file, const std::string& expected,
                                         const CacheDir& dir, const Listing& listing,
                                         std::set<std::string>& claimed) {
  for (const std::string& name : listing.names) {
    if (claimed.count(name) != 0) continue;
    const auto size = listing.sizes.find(name);
    const bool by_name = name == file.name || name == file.key();
    if (!by_name && (size == listing.sizes.end() || size->second != file.size)) continue;
    VerifyEntry found;
    found.official = &file;
    found.file = name;
    if (!read_into(dir, name, found)) {
      if (!by_name) continue;
      claimed.insert(name);
      return found;
    }
    if (found.sha256 != file.sha256 && !by_name) continue;
    claimed.insert(name);
    found.problem = true;
    const std::string consumer(to_string(dir.consumer));
    if (found.sha256 == file.sha256) {
      found.status = EntryStatus::misnamed;
      found.detail = "the right content under the wrong name: " + consumer + " looks for " +
                     expected + " here (" + detail::name_reason(expected, file, dir) + ")";
      found.fix = dir.consumer == Consumer::tiktoken
                      ? "airtok cache add " +
                            detail::shell_quote(detail::join_path(dir.path, name)) +
                            detail::dir_option(dir)
                      : detail::install_command(file, dir);
    } else {
      found.status = EntryStatus::corrupt;
      found.detail = "under the name " + name + " instead of " + expected + ", and " +
                     mismatch(found, file) + "; " + consumer + " looks only for " + expected;
      found.fix = detail::install_command(file, dir);
    }
    return found;
  }
  return std::nullopt;
}

/// The entries for one official file; `claimed` collects the directory entries it accounts for.
std::vector<VerifyEntry> check_official(const OfficialFile& file, bool wanted, const CacheDir& dir,
                                        const Listing& listing, std::set<std::string>& claimed) {
  const std::vector<std::string> names = dir.names_of(file);
  std::vector<VerifyEntry> entries;
  bool any_ok = false;
  std::vector<std::string> absent;
  for (const std::string& name : names) {
    if (auto entry = check_named(file, name, dir, listing, claimed)) {
      any_ok |= entry->status == EntryStatus::ok;
      entries.push_back(std::move(*entry));
    } else {
      absent.push_back(name);
    }
  }
  if (entries.empty()) {
    if (auto found = find_misnamed(file, names.front(), dir, listing, claimed)) return {*found};
  }
  if (!wanted && absent.size() == names.size()) return entries;
  for (const std::string& name : absent) {
    VerifyEntry entry;
    entry.official = &file;
    entry.status = EntryStatus::missing;
    entry.file = name;
    entry.problem = !any_ok;
    entry.detail = detail::missing_consequence(file, dir);
    if (any_ok) {
      entry.detail = "not under this name (" + detail::name_reason(name, file, dir) +
                     "); the good copy under the other name is enough for the other variable";
    }
    entry.fix = detail::install_command(file, dir);
    entries.push_back(std::move(entry));
  }
  return entries;
}

VerifyEntry other_entry(const CacheDir& dir, const std::string& name, const Listing& listing) {
  VerifyEntry entry;
  entry.file = name;
  const auto size = listing.sizes.find(name);
  if (size != listing.sizes.end()) entry.size = size->second;
  if (detail::is_temporary_name(name)) {
    entry.status = EntryStatus::temporary;
    entry.detail = "left by an interrupted download or install";
    entry.fix = "rm " + detail::shell_quote(detail::join_path(dir.path, name)) +
                " (when no download or install is running)";
    return entry;
  }
  entry.status = EntryStatus::unknown;
  const std::string consumer(to_string(dir.consumer));
  const std::vector<const OfficialFile*> read = consumer_files(dir.consumer, {});
  for (const OfficialFile& file : official_files()) {
    if (name != file.key() && name != file.name) continue;
    const bool is_read = std::find(read.begin(), read.end(), &file) != read.end();
    entry.detail =
        is_read ? "a name of " + std::string(file.name) + " that " + consumer +
                      " does not read here; ignored"
                : std::string(file.name) + ", which " + consumer + " does not read; not checked";
    return entry;
  }
  const bool hex_key =
      name.size() == 40 && std::all_of(name.begin(), name.end(), detail::is_lower_hex_digit);
  entry.detail = hex_key ? "the cached file of a URL airtok does not know (a custom "
                           "encoding?); not checked"
                         : "not a file " + consumer + " reads; ignored";
  return entry;
}

std::string column(std::string_view text, std::size_t width) {
  std::string out(text);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out + "  ";
}

}  // namespace

std::string_view to_string(EntryStatus status) noexcept {
  switch (status) {
    case EntryStatus::ok:
      return "ok";
    case EntryStatus::missing:
      return "missing";
    case EntryStatus::corrupt:
      return "corrupt";
    case EntryStatus::misnamed:
      return "misnamed";
    case EntryStatus::unreadable:
      return "unreadable";
    case EntryStatus::unknown:
      return "unknown";
    case EntryStatus::temporary:
      return "temporary";
  }
  return "unknown";
}

VerifyReport verify_cache(std::span<const std::string> encodings, const CacheOptions& options) {
  const std::vector<const OfficialFile*> wanted = consumer_files(options.consumer, encodings);
  const std::vector<const OfficialFile*> read = consumer_files(options.consumer, {});
  VerifyReport report;
  report.dir = resolve_cache_dir(options.consumer, options.dir);
  report.dir_exists = !report.dir.disabled() && detail::is_directory(report.dir.path);
  const Listing listing = report.dir_exists ? list_directory(report.dir) : Listing{};
  std::set<std::string> claimed;
  for (const OfficialFile* file : read) {
    const bool is_wanted = std::find(wanted.begin(), wanted.end(), file) != wanted.end();
    for (VerifyEntry& entry : check_official(*file, is_wanted, report.dir, listing, claimed)) {
      if (report.dir.disabled()) {
        entry.detail = report.dir.reason;
        entry.fix = "unset " + std::string(report.dir.rule_name()) + " && " + entry.fix;
      }
      report.entries.push_back(std::move(entry));
    }
  }
  for (const std::string& name : listing.names) {
    if (claimed.count(name) == 0) report.entries.push_back(other_entry(report.dir, name, listing));
  }
  return report;
}

std::size_t VerifyReport::problems() const noexcept {
  return static_cast<std::size_t>(std::count_if(entries.begin(), entries.end(),
                                                [](const VerifyEntry& e) { return e.problem; }));
}

bool VerifyReport::ok() const noexcept { return problems() == 0; }

std::string VerifyReport::to_text() const {
  const std::string consumer(to_string(dir.consumer));
  std::string text = dir.consumer == Consumer::tiktoken ? "tiktoken cache directory: "
                                                        : consumer + "'s directory: ";
  text += (dir.disabled() ? "(disabled)" : dir.path) +
          (dir.disabled() || dir_exists ? "" : " (does not exist)") + "\n  because " + dir.reason +
          "\n";
  if (dir.consumer == Consumer::harmony) {
    text += std::string("  it reads o200k_base.tiktoken here under ") +
            (dir.naming == FileNaming::plain_name ? "its plain name"
             : dir.naming == FileNaming::url_sha1 ? "the SHA-1 of its URL"
                                                  : "either name (see --dir)") +
            "\n";
  }
  text += column("STATUS", 10) + column("FILE", 20) + column("NAME IN THE DIRECTORY", 40) +
          "ENCODINGS\n";
  std::map<std::string, std::size_t> counts;
  std::string install_args;
  for (const VerifyEntry& e : entries) {
    ++counts[std::string(to_string(e.status))];
    std::string encodings;
    if (e.official != nullptr) {
      for (std::string_view name : e.official->encodings) {
        encodings += (encodings.empty() ? "" : ", ") + std::string(name);
      }
      if (e.problem && (e.status == EntryStatus::missing || e.status == EntryStatus::corrupt)) {
        const std::string first(dir.consumer == Consumer::harmony ? "o200k_harmony"
                                                                  : e.official->encodings.front());
        if (install_args.find(" " + first) == std::string::npos) install_args += " " + first;
      }
    }
    std::string line = column(to_string(e.status), 10) +
                       column(e.official != nullptr ? e.official->name : "-", 20) +
                       column(e.file, 40) + encodings;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text += line + "\n";
    if (!e.detail.empty() && e.status != EntryStatus::ok) text += "            " + e.detail + "\n";
    if (!e.fix.empty()) text += "            fix: " + e.fix + "\n";
  }
  std::string summary;
  for (const auto& [status, n] : counts) {
    summary += (summary.empty() ? "" : ", ") + std::to_string(n) + " " + status;
  }
  text += (summary.empty() ? "empty" : summary) + "; " +
          (ok() ? consumer + " can use this directory offline\n"
                : std::to_string(problems()) + " problem(s)\n");
  if (!install_args.empty()) {
    text += "fix the missing and corrupt files at once: airtok cache install" + install_args +
            detail::for_option(dir) + detail::dir_option(dir) + "\n";
  }
  return text;
}

std::string VerifyReport::to_json() const {
  nlohmann::ordered_json j;
  j["dir"] = dir.path;
  j["rule"] = dir.rule_name();
  j["reason"] = dir.reason;
  j["exists"] = dir_exists;
  j["consumer"] = to_string(dir.consumer);
  j["ok"] = ok();
  j["problems"] = problems();
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const VerifyEntry& e : entries) {
    nlohmann::ordered_json item;
    item["status"] = to_string(e.status);
    item["problem"] = e.problem;
    item["name"] = e.file;
    item["path"] = detail::join_path(dir.path, e.file);
    if (e.official != nullptr) {
      item["file"] = e.official->name;
      item["encodings"] =
          std::vector<std::string>(e.official->encodings.begin(), e.official->encodings.end());
      item["url"] = e.official->url;
      item["key"] = e.official->key();
      item["expected_sha256"] = e.official->sha256;
      item["expected_size"] = e.official->size;
    } else {
      item["file"] = nullptr;
    }
    if (!e.sha256.empty()) item["sha256"] = e.sha256;
    if (e.status != EntryStatus::missing) item["size"] = e.size;
    item["detail"] = e.detail;
    item["fix"] = e.fix;
    list.push_back(std::move(item));
  }
  j["entries"] = std::move(list);
  return j.dump();
}

}  // namespace airtok
