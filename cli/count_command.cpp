// count_command.cpp — `airtok count`. Each file is read in chunks of kChunkBytes and fed to an
// airtok::StreamEncoder, whose count over the chunks equals count_ordinary over the whole file
// (it holds text back only until a cut no piece can span), so memory stays bounded whatever the
// file size. Files are shared out to -j threads through an atomic index; results are printed in
// input order once all are done, so the output does not depend on scheduling.
#include "count_command.hpp"

#include "input.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "text.hpp"

#include <airtok/stream.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <map>
#include <thread>

namespace airtok::cli {
namespace {

constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
constexpr std::size_t kBinaryProbeBytes = 8192;  // a NUL byte in these makes a found file binary

struct FileCount {
  std::size_t tokens = 0;
  std::size_t bytes = 0;
  bool binary = false;        // found under a directory and skipped
  bool invalid_utf8 = false;  // counted as tiktoken's _encode_bytes does
  std::string error;          // not empty: could not be read or counted
};

// One worker's reusable state.
struct Worker {
  Worker(const Encoder& enc, Progress& bar)
      : encoder(enc), progress(bar), stream(enc.encoding()), chunk(kChunkBytes) {}
  const Encoder& encoder;
  Progress& progress;
  StreamEncoder stream;
  Utf8Checker utf8;
  std::vector<char> chunk;
  std::string whole;  // the file, when special tokens are allowed or disallowed
};

void count_fd(int fd, const FileEntry& entry, Worker& worker, FileCount& result) {
  const bool stream = worker.encoder.ordinary();
  worker.whole.clear();
  for (;;) {
    const ssize_t got = read(fd, worker.chunk.data(), worker.chunk.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      result.error = "cannot read " + display_name(entry.path) + ": " + std::strerror(errno);
      break;
    }
    if (got == 0) break;
    const std::string_view bytes(worker.chunk.data(), static_cast<std::size_t>(got));
    if (entry.found && result.bytes < kBinaryProbeBytes &&
        bytes.substr(0, kBinaryProbeBytes - result.bytes).find('\0') != std::string_view::npos) {
      result.binary = true;
      break;
    }
    result.bytes += bytes.size();
    worker.progress.add(bytes.size());
    worker.utf8.feed(bytes);
    if (stream) {
      result.tokens += worker.stream.feed(bytes).size();
    } else {
      worker.whole.append(bytes);
    }
  }
  const std::size_t rest = worker.stream.finish().size();  // also resets after an early stop
  result.invalid_utf8 = !worker.utf8.finish();
  if (!result.error.empty() || result.binary) return;
  result.tokens = stream ? result.tokens + rest : worker.encoder.count(worker.whole);
}

FileCount count_file(const FileEntry& entry, Worker& worker) {
  FileCount result;
  const bool is_stdin = entry.path == kStdinName;
  const int fd = is_stdin ? STDIN_FILENO : open(entry.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    result.error = "cannot open " + entry.path + ": " + std::strerror(errno);
    return result;
  }
  try {
    count_fd(fd, entry, worker, result);
  } catch (const std::exception& e) {  // a disallowed special token
    result = FileCount{};
    result.error = display_name(entry.path) + ": " + e.what();
  }
  if (!is_stdin) close(fd);
  return result;
}

// Total size of the files, for the progress line; 0 (unknown) when standard input is read.
std::uint64_t total_bytes(const std::vector<FileEntry>& files) {
  std::uint64_t total = 0;
  for (const FileEntry& file : files) {
    struct stat info;
    if (file.path == kStdinName) return 0;
    if (stat(file.path.c_str(), &info) == 0 && S_ISREG(info.st_mode)) {
      total += static_cast<std::uint64_t>(info.st_size);
    }
  }
  return total;
}

std::vector<FileCount> count_all(const std::vector<FileEntry>& files, const Encoder& encoder,
                                 unsigned jobs) {
  std::vector<FileCount> results(files.size());
  Progress progress(total_bytes(files));  // erased when this returns, before any output
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    Worker worker(encoder, progress);
    for (std::size_t i; (i = next.fetch_add(1)) < files.size();) {
      results[i] = count_file(files[i], worker);
    }
  };
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t threads = std::min<std::size_t>(jobs, files.size());
  {
    std::vector<std::jthread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
  }  // joined
  return results;
}

std::string right(std::string text, std::size_t width) {
  return text.size() < width ? std::string(width - text.size(), ' ') + text : text;
}

std::string extension(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  const std::size_t dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? "(none)" : name.substr(dot);
}

struct Totals {
  std::size_t files = 0, tokens = 0, bytes = 0;
  void add(const FileCount& count) {
    ++files;
    tokens += count.tokens;
    bytes += count.bytes;
  }
};

bool counted(const FileCount& count) { return count.error.empty() && !count.binary; }

// (extension, totals), most tokens first.
std::vector<std::pair<std::string, Totals>> by_extension(const std::vector<FileEntry>& files,
                                                         const std::vector<FileCount>& counts) {
  std::map<std::string, Totals> table;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (counted(counts[i])) table[extension(files[i].path)].add(counts[i]);
  }
  std::vector<std::pair<std::string, Totals>> rows(table.begin(), table.end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second.tokens > b.second.tokens; });
  return rows;
}

Json totals_json(const Totals& totals) {
  return {{"files", totals.files}, {"tokens", totals.tokens}, {"bytes", totals.bytes}};
}

Json ext_json(const std::string& ext, const Totals& totals) {
  Json row = {{"ext", json_text(ext)}};
  row.update(totals_json(totals));
  return row;
}

Json file_json(const FileEntry& file, const FileCount& count) {
  return {{"path", json_text(file.path)},
          {"tokens", count.tokens},
          {"bytes", count.bytes},
          {"invalid_utf8", count.invalid_utf8}};
}

std::string wc_table(const std::vector<FileEntry>& files, const std::vector<FileCount>& counts) {
  Totals totals;
  for (const FileCount& count : counts) {
    if (counted(count)) totals.add(count);
  }
  const std::size_t width = std::to_string(totals.tokens).size();
  std::string table;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!counted(counts[i])) continue;
    table += right(std::to_string(counts[i].tokens), width) + " " + files[i].path + "\n";
  }
  return table + right(std::to_string(totals.tokens), width) + " total\n";
}

std::string ext_table(const std::vector<FileEntry>& files, const std::vector<FileCount>& counts) {
  const auto rows = by_extension(files, counts);
  Totals totals;
  std::size_t name_width = 5;  // "total"
  for (const auto& [ext, row] : rows) {
    name_width = std::max(name_width, ext.size());
    totals.files += row.files;
    totals.tokens += row.tokens;
    totals.bytes += row.bytes;
  }
  const std::size_t width = std::max<std::size_t>(6, std::to_string(totals.bytes).size());
  auto line = [&](const std::string& name, const std::string& files_column,
                  const std::string& tokens, const std::string& bytes) {
    return name + std::string(name_width - name.size(), ' ') + right(files_column, 7) + "  " +
           right(tokens, width) + "  " + right(bytes, width) + "\n";
  };
  std::string table = line("ext", "files", "tokens", "bytes");
  for (const auto& [ext, row] : rows) {
    table +=
        line(ext, std::to_string(row.files), std::to_string(row.tokens), std::to_string(row.bytes));
  }
  return table + line("total", std::to_string(totals.files), std::to_string(totals.tokens),
                      std::to_string(totals.bytes));
}

// One object; each counted file on a line of its own (so that the report can be read and
// grepped as it grows), every value written by nlohmann-json.
std::string json_report(const std::vector<FileEntry>& files, const std::vector<FileCount>& counts,
                        const std::vector<std::string>& errors, const std::string& encoding,
                        bool by_ext) {
  Totals totals;
  std::string listed;
  Json skipped = Json::array(), failed = Json::array();
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (counts[i].binary) skipped.push_back(json_text(files[i].path));
    if (!counted(counts[i])) continue;
    totals.add(counts[i]);
    listed += (listed.empty() ? "\n  " : ",\n  ") + file_json(files[i], counts[i]).dump();
  }
  for (const std::string& error : errors) failed.push_back(json_text(error));
  std::string report = "{\"encoding\":" + json_text(encoding).dump() +
                       ",\"total\":" + totals_json(totals).dump() + ",\"files\":[" + listed +
                       "],\n\"skipped_binary\":" + skipped.dump() + ",\"errors\":" + failed.dump();
  if (by_ext) {
    Json table = Json::array();
    for (const auto& [ext, row] : by_extension(files, counts)) table.push_back(ext_json(ext, row));
    report += ",\"by_ext\":" + table.dump();
  }
  return report + "}\n";
}

std::string jsonl_report(const std::vector<FileEntry>& files, const std::vector<FileCount>& counts,
                         bool by_ext) {
  std::string lines;
  if (by_ext) {
    for (const auto& [ext, row] : by_extension(files, counts)) {
      lines += ext_json(ext, row).dump() + "\n";
    }
    return lines;
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (counted(counts[i])) lines += file_json(files[i], counts[i]).dump() + "\n";
  }
  return lines;
}

bool report_over_limit(const std::vector<FileEntry>& files, const std::vector<FileCount>& counts,
                       std::size_t limit) {
  std::string over;
  std::size_t n = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!counted(counts[i]) || counts[i].tokens <= limit) continue;
    over += (n++ == 0 ? "" : ", ") + display_name(files[i].path) + " (" +
            std::to_string(counts[i].tokens) + ")";
  }
  if (n == 0) return false;
  print_error(std::to_string(n) + (n == 1 ? " file" : " files") + " over the limit of " +
              std::to_string(limit) + " tokens: " + over);
  return true;
}

}  // namespace

CountCommand::CountCommand(CLI::App& app)
    : EncoderCommand(app, "count",
                     "Print the number of tokens of each file, of the files under each "
                     "directory, or of standard input; several files get one line each and a "
                     "total, like wc") {
  CLI::App& count = command();
  count.add_option("paths", paths_,
                   "Files and directories ('-' or nothing: standard input). Directories are "
                   "read recursively, skipping binary files (a NUL byte in the first 8 KiB) and, "
                   "inside a git work tree, what .gitignore ignores (the files `git ls-files -co "
                   "--exclude-standard` lists)");
  count
      .add_option("--include", globs_.include,
                  "Only files found in directories whose name (or, for a pattern with '/', "
                  "path below the directory) matches this fnmatch glob; repeatable")
      ->allow_extra_args(false);
  count
      .add_option("--exclude", globs_.exclude,
                  "Skip files found in directories that match this glob; repeatable")
      ->allow_extra_args(false);
  CLI::Option* json = count.add_flag("--json", json_, "One JSON object: files, totals, errors");
  count.add_flag("--jsonl", jsonl_, "One JSON object per file, one a line")->excludes(json);
  count.add_flag("--by-ext", by_ext_, "A table by file extension instead of one line per file");
  count.add_option("-j,--jobs", jobs_, "Files counted in parallel (default: all cores)");
  limit_option_ = count.add_option("--limit", limit_,
                                   "Exit with status 1, naming them, when files are over N tokens");
  count.footer(
      "Examples:\n  airtok count -e o200k_base notes.txt chapter*.md\n"
      "  airtok count --include '*.md' --by-ext docs/\n"
      "  airtok count --limit 8000 prompts/      # status 1, naming the files over 8000\n"
      "  cat big.jsonl | airtok count -m gpt-4o\n\n"
      "Files are read in chunks (bounded memory; the counts are exact). A file that cannot be "
      "read is reported and skipped, and the status is 1. Bytes that are not valid UTF-8 are "
      "counted as tiktoken's _encode_bytes does, with a warning.");
}

int CountCommand::run(std::FILE* out) const {
  const Encoder encoder = this->encoder();
  std::vector<std::string> errors;
  const std::vector<std::string> paths =
      paths_.empty() ? std::vector<std::string>{std::string(kStdinName)} : paths_;
  const std::vector<FileEntry> files = collect_files(paths, globs_, errors);
  const std::vector<FileCount> counts = count_all(files, encoder, jobs_);
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!counts[i].error.empty()) errors.push_back(counts[i].error);
  }
  for (const std::string& error : errors) print_error(error);
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (counted(counts[i]) && counts[i].invalid_utf8) {
      print_warning(display_name(files[i].path) +
                    " is not valid UTF-8 (counted as tiktoken's _encode_bytes does)");
    }
  }
  const bool single = paths.size() == 1 && files.size() == 1 && !files[0].found;
  if (json_) {
    write_out(out, json_report(files, counts, errors, encoder.encoding().name(), by_ext_));
  } else if (jsonl_) {
    write_out(out, jsonl_report(files, counts, by_ext_));
  } else if (single && !by_ext_) {
    if (counted(counts[0])) write_out(out, std::to_string(counts[0].tokens) + "\n");
  } else {
    write_out(out, by_ext_ ? ext_table(files, counts) : wc_table(files, counts));
  }
  const bool over = limit_option_->count() > 0 && report_over_limit(files, counts, limit_);
  return errors.empty() && !over ? 0 : 1;
}

}  // namespace airtok::cli
