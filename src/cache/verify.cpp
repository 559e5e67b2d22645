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
  if (entry.size < file.size) return text + ": truncated";
  return text + (entry.size > file.size ? ": too long" : ": altered or a different version");
}

/// The entry for one official file; `claimed` collects the directory entries it accounts for.
std::optional<VerifyEntry> check_official(const OfficialFile& file, bool wanted,
                                          const CacheDir& dir, const Listing& listing,
                                          std::set<std::string>& claimed) {
  VerifyEntry entry;
  entry.official = &file;
  const std::string key = file.key();
  if (std::binary_search(listing.names.begin(), listing.names.end(), key)) {
    claimed.insert(key);
    entry.file = key;
    if (!read_into(dir, key, entry)) return entry;
    if (entry.sha256 == file.sha256) return entry;  // ok
    entry.status = EntryStatus::corrupt;
    entry.problem = true;
    entry.detail = mismatch(entry, file) + "; tiktoken would delete it and try to download it";
    entry.fix = detail::install_command(file, dir);
    return entry;
  }
  // Not under its tiktoken name: look for it under its download name or any other name.
  for (const std::string& name : listing.names) {
    if (claimed.count(name) != 0) continue;
    const auto size = listing.sizes.find(name);
    const bool by_name = name == file.name;
    if (!by_name && (size == listing.sizes.end() || size->second != file.size)) continue;
    VerifyEntry found = entry;
    found.file = name;
    if (!read_into(dir, name, found)) {
      if (!by_name) continue;
      claimed.insert(name);
      return found;
    }
    if (found.sha256 != file.sha256 && !by_name) continue;
    claimed.insert(name);
    found.problem = true;
    if (found.sha256 == file.sha256) {
      found.status = EntryStatus::misnamed;
      found.detail = "the right content under the wrong name: tiktoken looks for " + key +
                     " (the SHA-1 of " + std::string(file.url) + ")";
      found.fix = "airtok cache add " + detail::shell_quote(detail::join_path(dir.path, name)) +
                  detail::dir_option(dir);
    } else {
      found.status = EntryStatus::corrupt;
      found.detail = "under its download name instead of " + key + ", and " + mismatch(found, file);
      found.fix = detail::install_command(file, dir);
    }
    return found;
  }
  if (!wanted) return std::nullopt;
  entry.status = EntryStatus::missing;
  entry.problem = true;
  entry.file = key;
  entry.detail = "tiktoken would try to download " + std::string(file.url);
  entry.fix = detail::install_command(file, dir);
  return entry;
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
  } else {
    entry.status = EntryStatus::unknown;
    const bool hex_key =
        name.size() == 40 && std::all_of(name.begin(), name.end(), detail::is_lower_hex_digit);
    entry.detail = hex_key ? "the cached file of a URL airtok does not know (a custom "
                             "encoding?); not checked"
                           : "not a tiktoken cache entry; tiktoken ignores it";
  }
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
  const std::vector<const OfficialFile*> wanted = official_files_for(encodings);
  VerifyReport report;
  report.dir = resolve_cache_dir(options.dir);
  report.dir_exists = !report.dir.disabled() && detail::is_directory(report.dir.path);
  const Listing listing = report.dir_exists ? list_directory(report.dir) : Listing{};
  std::set<std::string> claimed;
  for (const OfficialFile& file : official_files()) {
    const bool is_wanted = std::find(wanted.begin(), wanted.end(), &file) != wanted.end();
    if (auto entry = check_official(file, is_wanted, report.dir, listing, claimed)) {
      if (report.dir.disabled()) {
        entry->detail = report.dir.reason;
        entry->fix = "unset " + std::string(report.dir.rule_name()) + " && " + entry->fix;
      }
      report.entries.push_back(std::move(*entry));
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
  std::string text = "tiktoken cache directory: " + (dir.disabled() ? "(disabled)" : dir.path) +
                     (dir.disabled() || dir_exists ? "" : " (does not exist)") + "\n  because " +
                     dir.reason + "\n";
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
      if (e.status == EntryStatus::missing || e.status == EntryStatus::corrupt) {
        const std::string first(e.official->encodings.front());
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
          (ok() ? "tiktoken can use this directory offline\n"
                : std::to_string(problems()) + " problem(s)\n");
  if (!install_args.empty()) {
    text += "fix the missing and corrupt files at once: airtok cache install" + install_args +
            detail::dir_option(dir) + "\n";
  }
  return text;
}

std::string VerifyReport::to_json() const {
  nlohmann::ordered_json j;
  j["dir"] = dir.path;
  j["rule"] = dir.rule_name();
  j["reason"] = dir.reason;
  j["exists"] = dir_exists;
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
