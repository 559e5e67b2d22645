// cache_command.cpp — `airtok cache ...`. Everything is done by the library (airtok/cache.hpp);
// this file parses options and prints results for people (tables) or scripts (--json).
#include "cache_command.hpp"

#include "input.hpp"
#include "output.hpp"

#include <airtok/cache.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <system_error>

namespace airtok::cli {
namespace {

bool is_directory(const std::string& path) {
  std::error_code ignored;
  return std::filesystem::is_directory(path, ignored);
}

std::string pad(std::string_view text, std::size_t width) {
  std::string out(text);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

/// How Python tiktoken will find files written into `dir`.
std::string tiktoken_hint(const CacheDir& dir) {
  switch (dir.rule) {
    case CacheDirRule::explicit_dir:
      return "Python tiktoken reads this directory with: export TIKTOKEN_CACHE_DIR=" +
             (dir.path.front() == '/' ? dir.path : "\"$PWD/" + dir.path + "\"") + "\n";
    case CacheDirRule::tiktoken_cache_dir:
    case CacheDirRule::data_gym_cache_dir:
      return "Python tiktoken reads this directory while " + std::string(dir.rule_name()) +
             " is set as it is now\n";
    case CacheDirRule::temp_dir:
      return "Python tiktoken reads this directory by default (TIKTOKEN_CACHE_DIR and "
             "DATA_GYM_CACHE_DIR unset)\n";
    case CacheDirRule::tiktoken_encodings_base:
    case CacheDirRule::tiktoken_rs_cache_dir:
    case CacheDirRule::rust_temp_dir:
      break;  // openai-harmony's rules: harmony_hint
  }
  return {};
}

std::string absolute(const std::string& path) {
  return path.front() == '/' ? path : "\"$PWD/" + path + "\"";
}

/// How openai-harmony will find files written into `dir`, and why.
std::string harmony_hint(const CacheDir& dir) {
  switch (dir.rule) {
    case CacheDirRule::explicit_dir:
      return "openai-harmony reads this directory with: export TIKTOKEN_ENCODINGS_BASE=" +
             absolute(dir.path) +
             " (the plain name; it then never downloads), or export TIKTOKEN_RS_CACHE_DIR=" +
             absolute(dir.path) + " (the SHA-1 name; TIKTOKEN_ENCODINGS_BASE unset)\n";
    case CacheDirRule::tiktoken_encodings_base:
      return "openai-harmony reads o200k_base.tiktoken here, under its plain name, while "
             "TIKTOKEN_ENCODINGS_BASE is set as it is now\n";
    case CacheDirRule::tiktoken_rs_cache_dir:
      return "openai-harmony reads this directory, under the SHA-1 name, while "
             "TIKTOKEN_RS_CACHE_DIR is set as it is now (and TIKTOKEN_ENCODINGS_BASE is not)\n";
    default:
      return "openai-harmony reads this directory, under the SHA-1 name, by default: " +
             dir.reason + "\n";
  }
}

std::string consumer_hint(const CacheDir& dir) {
  return dir.consumer == Consumer::harmony ? harmony_hint(dir) : tiktoken_hint(dir);
}

std::string file_lines(const std::vector<CachedFile>& files) {
  std::string text;
  for (const CachedFile& file : files) {
    std::string line = "  " + pad(file.written ? "written" : "present", 9) +
                       pad(file.stored_as, 40) + "  " + pad(file.name, 20) + "  " +
                       joined(file.encodings);
    if (!file.hash_checked) line += "  (SHA-256 not checked: no known hash; give --sha256)";
    while (line.back() == ' ') line.pop_back();
    text += line + "\n";
  }
  return text;
}

std::string install_summary(const std::string& dir, const std::vector<CachedFile>& files) {
  std::size_t written = 0;
  for (const CachedFile& file : files) written += file.written ? 1 : 0;
  return dir + ": " + std::to_string(files.size()) + (files.size() == 1 ? " file, " : " files, ") +
         std::to_string(written) + " written, " + std::to_string(files.size() - written) +
         " already there, SHA-256 checked\n";
}

std::string harmony_dir_text(const CacheDir& dir) {
  std::string text = dir.path + "\n";
  text += "  consumer: openai-harmony (gpt-oss), which reads only o200k_base.tiktoken\n";
  text += "  why: " + dir.reason + "\n";
  text += std::string("  state: ") +
          (is_directory(dir.path) ? "exists"
           : dir.rule == CacheDirRule::rust_temp_dir
               ? "does not exist yet (openai-harmony creates it at first use; so does airtok "
                 "cache install --for harmony)"
               : "does not exist (airtok cache install --for harmony creates it)") +
          "\n";
  switch (dir.naming) {
    case FileNaming::plain_name:
      text +=
          "  file name: o200k_base.tiktoken (its plain name), SHA-256 checked; with "
          "TIKTOKEN_ENCODINGS_BASE set openai-harmony never downloads, so a wrong path or a "
          "missing file fails at first use\n";
      break;
    case FileNaming::url_sha1:
      text +=
          "  file name: fb374d419588a4632f3f557e76b4b70aebbca790, the SHA-1 of its URL (the "
          "same name as tiktoken's); a file with the wrong SHA-256 is deleted and downloaded "
          "again\n";
      break;
    case FileNaming::both:
      text += "  file names: both the plain name and the SHA-1 name\n";
      break;
  }
  return text;
}

std::string dir_text(const CacheDir& dir) {
  if (dir.consumer == Consumer::harmony) return harmony_dir_text(dir);
  std::string text = (dir.disabled() ? "(disabled)" : dir.path) + "\n";
  text += "  why: " + dir.reason + "\n";
  if (!dir.disabled()) {
    text += std::string("  state: ") +
            (is_directory(dir.path) ? "exists"
                                    : "does not exist yet (airtok cache install creates "
                                      "it; so does tiktoken's first download)") +
            "\n";
  }
  text +=
      "  file names: tiktoken stores each file under the SHA-1 of its URL, e.g. "
      "cl100k_base.tiktoken as 9b5ad71b2ce5302211f9c61530b329a4922fc6a4 (see airtok cache list)\n"
      "  versions: these are the rules of tiktoken 0.2 to 0.14 (0.1 always used "
      "/tmp/data-gym-cache); a change of the default to $XDG_CACHE_HOME/tiktoken has been "
      "proposed for later versions. Setting TIKTOKEN_CACHE_DIR makes every version, and airtok, "
      "use the same directory\n";
  if (std::getenv("TIKTOKEN_OFFLINE") != nullptr) {
    text +=
        "  TIKTOKEN_OFFLINE is set: airtok is always offline, but tiktoken 0.14 does not read "
        "this variable and still downloads a file missing from this directory\n";
  }
  return text;
}

std::string list_text() {
  std::string text = pad("ENCODING", 15) + pad("FILE", 22) + pad("NAME IN THE CACHE", 42) +
                     pad("SIZE", 9) + "SHA-256\n";
  for (const OfficialFile& file : official_files()) {
    for (std::string_view encoding : file.encodings) {
      text += pad(encoding, 15) + pad(file.name, 22) + pad(file.key(), 42) +
              pad(std::to_string(file.size), 9) + std::string(file.sha256) + "\n";
    }
  }
  return text;
}

}  // namespace

CacheCommand::CacheCommand(CLI::App& app) {
  cache_ = app.add_subcommand(
      "cache",
      "Python tiktoken's cache directory (or openai-harmony's, with --for), offline: where it "
      "is, fill it from airtok's built-in copies, add a downloaded file under its right name, "
      "check it, carry it to a closed network");
  cache_->require_subcommand(1);
  cache_->footer(
      "Examples:\n  airtok cache dir\n  airtok cache install            # all six files, where "
      "tiktoken looks\n  airtok cache verify\n  airtok cache export bundle/     # then on the "
      "closed machine: airtok cache import bundle/\n  airtok cache install --for harmony   # "
      "openai-harmony (gpt-oss): o200k_base.tiktoken where and as it reads it");

  dir_ = cache_->add_subcommand(
      "dir",
      "Print the directory tiktoken (or openai-harmony) uses here, under which names, and "
      "why");
  dir_->add_flag("--json", json_, "Print JSON");
  add_for_option(*dir_);

  install_ = cache_->add_subcommand(
      "install",
      "Write the official files of ENCODINGs (default: all six files) under their tiktoken "
      "names, atomically, SHA-256 checked");
  install_->add_option("encodings", encodings_, "Encodings (see airtok encodings)");
  install_->add_option("--dir", directory_, "Directory (default: the one tiktoken uses)");
  add_for_option(*install_);
  install_->footer(
      "Examples:\n  airtok cache install cl100k_base o200k_base --dir ./cache\n"
      "  airtok cache install --for all      # tiktoken's six files and openai-harmony's one");

  add_ = cache_->add_subcommand(
      "add",
      "Put a downloaded FILE into the cache under its tiktoken name; refuses a file whose "
      "SHA-256 is not the official (or given) one");
  add_->add_option("file", file_, "The file, e.g. cl100k_base.tiktoken")->required();
  CLI::Option* encoding =
      add_->add_option("-e,--encoding", encoding_, "The encoding it belongs to");
  CLI::Option* url = add_->add_option("--url", url_, "The URL tiktoken asks for (custom files)");
  encoding->excludes(url);
  add_->add_option("--sha256", sha256_, "Its expected SHA-256 (for a URL that is not official)");
  add_->add_option("--dir", directory_, "Directory (default: the one tiktoken uses)");
  add_->footer(
      "Examples:\n  airtok cache add ~/Downloads/cl100k_base.tiktoken\n"
      "  airtok cache add mine.tiktoken --url https://example.com/mine.tiktoken --sha256 HEX");

  verify_ = cache_->add_subcommand(
      "verify",
      "Check every official file (of ENCODINGs, default all): ok, missing, corrupt, misnamed, "
      "and list other files; exit status 1 if anything is wrong");
  verify_->add_option("encodings", encodings_, "Encodings that must be there (default: all)");
  verify_->add_option("--dir", directory_, "Directory (default: the one tiktoken uses)");
  verify_->add_flag("--json", json_, "Print JSON");
  add_for_option(*verify_);

  export_ = cache_->add_subcommand(
      "export",
      "Write a folder to carry into a closed network: the files under their cache names, "
      "manifest.json, SHA256SUMS and README.txt");
  export_->add_option("bundle", file_, "The folder to write (new or empty)")->required();
  export_->add_option("encodings", encodings_, "Encodings (default: all six files)");
  add_for_option(*export_);
  export_->footer(
      "With --for harmony or all, o200k_base.tiktoken is also written under its plain name, so "
      "the folder also works as openai-harmony's TIKTOKEN_ENCODINGS_BASE.");

  import_ = cache_->add_subcommand(
      "import", "Check a folder written by `airtok cache export` and install its files");
  import_->add_option("bundle", file_, "The folder")->required();
  import_->add_option("--dir", directory_, "Directory (default: the one tiktoken uses)");
  add_for_option(*import_);

  list_ = cache_->add_subcommand(
      "list", "List the official files: encodings, file, name in the cache, size, SHA-256");
  list_->add_flag("--json", json_, "Print JSON");
}

void CacheCommand::add_for_option(CLI::App& command) {
  command
      .add_option("--for", for_,
                  "Whose directory and names: tiktoken (Python tiktoken, the default), harmony "
                  "(openai-harmony, gpt-oss: o200k_base.tiktoken only) or all")
      ->check(CLI::IsMember({"tiktoken", "harmony", "all"}));
}

bool CacheCommand::parsed() const { return cache_->parsed(); }

/// One JSON value per consumer: the value itself for one, an array for `--for all`.
std::string CacheCommand::json_per_consumer(const std::vector<std::string>& items) const {
  if (items.size() == 1) return items.front() + "\n";
  std::string text = "[";
  for (std::size_t i = 0; i < items.size(); ++i) text += (i == 0 ? "" : ",") + items[i];
  return text + "]\n";
}

int CacheCommand::run(std::FILE* out) const {
  const std::vector<Consumer> consumers = parse_consumers(for_);
  // Every consumer's files first, so that `--for all` with encodings one consumer does not read
  // fails before anything is written.
  for (Consumer consumer : consumers) consumer_files(consumer, encodings_);
  if (dir_->parsed()) {
    std::vector<std::string> json;
    std::string text;
    for (Consumer consumer : consumers) {
      const CacheDir dir = resolve_cache_dir(consumer);
      json.push_back(dir.to_json());
      text += dir_text(dir);
    }
    write_out(out, json_ ? json_per_consumer(json) : text);
  } else if (install_->parsed()) {
    for (Consumer consumer : consumers) {
      const InstallResult result = install_cache(encodings_, {directory_, consumer});
      write_out(out, install_summary(result.dir.path, result.files) + file_lines(result.files) +
                         consumer_hint(result.dir));
    }
  } else if (verify_->parsed()) {
    std::vector<std::string> json;
    std::string text;
    bool ok = true;
    for (Consumer consumer : consumers) {
      const VerifyReport report = verify_cache(encodings_, {directory_, consumer});
      json.push_back(report.to_json());
      text += report.to_text();
      ok = ok && report.ok();
    }
    write_out(out, json_ ? json_per_consumer(json) : text);
    return ok ? 0 : 1;
  } else if (import_->parsed()) {
    for (Consumer consumer : consumers) {
      const InstallResult result = import_cache(file_, {directory_, consumer});
      write_out(out, install_summary(result.dir.path, result.files) + file_lines(result.files) +
                         consumer_hint(result.dir));
    }
  }
  return run_other(out, consumers);
}

int CacheCommand::run_other(std::FILE* out, const std::vector<Consumer>& consumers) const {
  const CacheOptions options{directory_};
  if (add_->parsed()) {
    const CachedFile file = add_to_cache(file_, AddOptions{encoding_, url_, sha256_}, options);
    const CacheDir dir = resolve_cache_dir(directory_);
    write_out(out, install_summary(dir.path, {file}) + file_lines({file}) + tiktoken_hint(dir));
  } else if (export_->parsed()) {
    const std::vector<CachedFile> files = export_cache(file_, encodings_, consumers);
    const bool harmony =
        std::find(consumers.begin(), consumers.end(), Consumer::harmony) != consumers.end();
    std::size_t plain = 0;
    for (const CachedFile& file : files) plain += file.stored_as == file.key ? 0 : 1;
    const std::size_t keyed = files.size() - plain;
    std::string text =
        file_ + ": " + std::to_string(keyed) +
        (keyed == 1 ? " file under its cache name" : " files under their cache names");
    if (plain > 0) text += ", " + std::to_string(plain) + " under the plain name";
    text += ", manifest.json, SHA256SUMS, README.txt\n" + file_lines(files) +
            "On the closed machine: airtok cache import " + file_ +
            (harmony ? " --for " + for_ : std::string()) + "   (or see " + file_ + "/README.txt)\n";
    if (harmony) {
      text += "openai-harmony can also read the folder as it is: export TIKTOKEN_ENCODINGS_BASE=" +
              absolute(file_) + "\n";
    }
    write_out(out, text);
  } else if (list_->parsed()) {
    write_out(out, json_ ? official_files_json() + "\n" : list_text());
  }
  return 0;
}

}  // namespace airtok::cli
