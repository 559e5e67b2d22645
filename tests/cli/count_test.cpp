// count_test.cpp — `airtok count` on fixture trees built here (nested folders, a binary file, an
// empty file, invalid UTF-8, a dangling link, a git work tree with .gitignore files), its output
// forms, globs, --limit, -j, and a 200 MB stream on standard input counted in bounded memory.
// Every expected count comes from the library.
#include "cli_run.hpp"

#include <airtok/registry.hpp>

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <random>

namespace {

using namespace cli_test;
namespace fs = std::filesystem;

const airtok::Encoding& cl100k() { return airtok::get_encoding("cl100k_base"); }

// A fresh directory named after the running test.
std::string fresh_dir(const std::string& name) {
  const std::string dir = tmp_path(name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void put(const std::string& path, const std::string& data) {
  fs::create_directories(fs::path(path).parent_path());
  write_file(path, data);
}

// Random text mixing scripts, whitespace runs, digits, punctuation, emoji.
std::string random_text(std::mt19937& rng, std::size_t size) {
  static const char* const kPieces[] = {"the",
                                        "Hello",
                                        " world",
                                        "  ",
                                        "\n",
                                        "\n\n",
                                        "123456",
                                        " 42",
                                        "It's",
                                        ",",
                                        ".",
                                        "caf\xc3\xa9",
                                        "\xe6\x97\xa5\xe6\x9c\xac",
                                        "\t",
                                        "!!",
                                        " \xf0\x9f\x98\x80",
                                        "   x",
                                        "\r\n",
                                        "foo_bar",
                                        "(){}",
                                        " a"};
  std::uniform_int_distribution<std::size_t> pick(0, std::size(kPieces) - 1);
  std::string text;
  while (text.size() < size) text += kPieces[pick(rng)];
  return text;
}

struct Tree {
  std::string dir;
  std::vector<std::pair<std::string, std::string>> counted;  // (path, content), sorted by path
};

// Nested folders, an empty file, invalid UTF-8, a binary file (NUL in the first 8 KiB), a file
// whose first NUL comes after 8 KiB (text), and a dangling link (cannot be opened, even by root).
Tree make_tree() {
  Tree tree{fresh_dir("tree"), {}};
  std::mt19937 rng(7);
  const std::string late_nul = std::string(9000, 'a') + '\0' + "tail";
  const std::vector<std::pair<std::string, std::string>> texts = {
      {"a.txt", sample_text()},
      {"bad.txt", "ok \xff\xfe then \xe6\x97 cut \x80"},
      {"empty.txt", ""},
      {"late_nul.dat", late_nul},
      {"sub/b.md", "# Title\n\nSome words.\n"},
      {"sub/deeper/c.md", random_text(rng, 5000)}};
  for (const auto& [name, content] : texts) {
    put(tree.dir + "/" + name, content);
    tree.counted.emplace_back(tree.dir + "/" + name, content);
  }
  put(tree.dir + "/image.bin", std::string("GIF89a\0\x01\x02", 9) + random_text(rng, 100));
  fs::create_symlink("missing-target", tree.dir + "/dangling");
  return tree;
}

std::string wc_lines(const std::vector<std::pair<std::string, std::string>>& files) {
  std::size_t total = 0;
  for (const auto& file : files) total += cl100k().count_ordinary(file.second);
  const std::size_t width = std::to_string(total).size();
  std::string out;
  auto line = [&](std::size_t n, const std::string& name) {
    const std::string number = std::to_string(n);
    out += std::string(width - number.size(), ' ') + number + " " + name + "\n";
  };
  for (const auto& file : files) line(cl100k().count_ordinary(file.second), file.first);
  line(total, "total");
  return out;
}

TEST(CliCount, TreeSkipsBinaryReportsUnreadableFlagsInvalidUtf8) {
  const Tree tree = make_tree();
  const Result r = run({"count", tree.dir});
  EXPECT_EQ(r.status, 1);  // the dangling link could not be read
  EXPECT_EQ(r.out, wc_lines(tree.counted));
  EXPECT_NE(r.err.find("airtok: error: cannot open " + tree.dir + "/dangling: No such file"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("airtok: warning: " + tree.dir + "/bad.txt is not valid UTF-8"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("image.bin"), std::string::npos) << r.err;

  // Invalid UTF-8 is counted with encode_bytes semantics.
  EXPECT_EQ(cl100k().count_ordinary(tree.counted[1].second),
            cl100k().encode_bytes(tree.counted[1].second).size());
  // A binary file named explicitly is counted.
  const Result bin = run({"count", tree.dir + "/image.bin"});
  EXPECT_EQ(bin.status, 0) << bin.err;
  EXPECT_EQ(bin.out,
            std::to_string(cl100k().count_ordinary(read_file(tree.dir + "/image.bin"))) + "\n");
}

TEST(CliCount, JsonAndJsonl) {
  const Tree tree = make_tree();
  std::string lines;
  std::size_t tokens = 0, bytes = 0;
  for (const auto& [path, content] : tree.counted) {
    const std::size_t n = cl100k().count_ordinary(content);
    tokens += n;
    bytes += content.size();
    lines += "{\"path\":\"" + path + "\",\"tokens\":" + std::to_string(n) +
             ",\"bytes\":" + std::to_string(content.size()) +
             ",\"invalid_utf8\":" + (path.ends_with("bad.txt") ? "true" : "false") + "}\n";
  }
  const Result jsonl = run({"count", "--jsonl", tree.dir});
  EXPECT_EQ(jsonl.status, 1);
  EXPECT_EQ(jsonl.out, lines);

  const Result json = run({"count", "--json", "-e", "cl100k_base", tree.dir});
  EXPECT_EQ(json.status, 1);
  EXPECT_EQ(json.out.rfind("{\"encoding\":\"cl100k_base\",\"total\":{\"files\":6,\"tokens\":" +
                               std::to_string(tokens) + ",\"bytes\":" + std::to_string(bytes) +
                               "},\"files\":[",
                           0),
            0u)
      << json.out;
  EXPECT_NE(json.out.find("\"skipped_binary\":[\"" + tree.dir + "/image.bin\"]"),
            std::string::npos);
  EXPECT_NE(json.out.find("\"errors\":[\"cannot open " + tree.dir + "/dangling"),
            std::string::npos);
  // Valid JSON, checked by Python's parser when present.
  if (std::system("command -v python3 > /dev/null") == 0) {
    write_file(tmp_path("report.json"), json.out);
    EXPECT_EQ(std::system(("python3 -c 'import json,sys; json.load(open(sys.argv[1]))' " +
                           shell_quote(tmp_path("report.json")))
                              .c_str()),
              0);
  }
}

TEST(CliCount, ByExtension) {
  const Tree tree = make_tree();
  std::map<std::string, std::array<std::size_t, 3>> expected;  // files, tokens, bytes
  for (const auto& [path, content] : tree.counted) {
    auto& row = expected[fs::path(path).extension().string()];
    row[0] += 1;
    row[1] += cl100k().count_ordinary(content);
    row[2] += content.size();
  }
  const Result r = run({"count", "--by-ext", tree.dir});
  std::istringstream lines(r.out);
  std::string header;
  std::getline(lines, header);
  EXPECT_EQ(header.substr(0, 3), "ext");
  std::map<std::string, std::array<std::size_t, 3>> got;
  std::size_t last_tokens = SIZE_MAX;
  std::string ext;
  for (std::array<std::size_t, 3> row; lines >> ext >> row[0] >> row[1] >> row[2];) {
    if (ext == "total") break;
    EXPECT_LE(row[1], last_tokens) << "most tokens first";
    last_tokens = row[1];
    got[ext] = row;
  }
  EXPECT_EQ(got, expected);
}

TEST(CliCount, GitignoreIsHonouredInAWorkTree) {
  const std::string dir = fresh_dir("repo");
  ASSERT_EQ(std::system(("git init -q " + shell_quote(dir)).c_str()), 0);
  put(dir + "/.gitignore", "ignored.txt\nbuild/\n");
  put(dir + "/kept.txt", "kept text");
  put(dir + "/ignored.txt", "ignored text");
  put(dir + "/build/out.txt", "build output");
  put(dir + "/sub/.gitignore", "*.log\n");
  put(dir + "/sub/a.log", "log line");
  put(dir + "/sub/a.txt", "sub text");
  const std::vector<std::pair<std::string, std::string>> kept = {
      {dir + "/.gitignore", "ignored.txt\nbuild/\n"},
      {dir + "/kept.txt", "kept text"},
      {dir + "/sub/.gitignore", "*.log\n"},
      {dir + "/sub/a.txt", "sub text"}};
  const Result r = run({"count", dir});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, wc_lines(kept));
  // A subdirectory of the work tree: only its files, still filtered.
  const Result sub = run({"count", dir + "/sub"});
  EXPECT_EQ(sub.out, wc_lines({kept[2], kept[3]}));
}

TEST(CliCount, IncludeExcludeGlobs) {
  const Tree tree = make_tree();
  const auto& c = tree.counted;  // a.txt bad.txt empty.txt late_nul.dat sub/b.md sub/deeper/c.md
  EXPECT_EQ(run({"count", "--include", "*.md", tree.dir}).out, wc_lines({c[4], c[5]}));
  EXPECT_EQ(run({"count", "--include", "*.md", "--exclude", "sub/deeper/*", tree.dir}).out,
            wc_lines({c[4]}));
  EXPECT_EQ(
      run({"count", "--exclude", "*.txt", "--exclude", "*.md", "--exclude", "dangling", tree.dir})
          .out,
      wc_lines({c[3]}));
  // Globs apply to files found in directories, not to files named explicitly.
  const Result named = run({"count", "--include", "*.md", c[0].first});
  EXPECT_EQ(named.out, std::to_string(cl100k().count_ordinary(c[0].second)) + "\n");
}

TEST(CliCount, LimitNamesTheFilesOverIt) {
  const std::string dir = fresh_dir("limit");
  put(dir + "/short.txt", "a few words");
  put(dir + "/long.txt", sample_text());
  const std::size_t short_n = cl100k().count_ordinary("a few words");
  const std::size_t long_n = cl100k().count_ordinary(sample_text());
  const Result over = run({"count", "--limit", std::to_string(short_n), dir});
  EXPECT_EQ(over.status, 1);
  EXPECT_NE(over.err.find("1 file over the limit of " + std::to_string(short_n) +
                          " tokens: " + dir + "/long.txt (" + std::to_string(long_n) + ")"),
            std::string::npos)
      << over.err;
  EXPECT_EQ(over.err.find("short.txt"), std::string::npos);
  const Result within = run({"count", "--limit", std::to_string(long_n), dir});
  EXPECT_EQ(within.status, 0) << within.err;
  EXPECT_EQ(within.err, "");
  EXPECT_EQ(run({"count", "--limit", "1"}, "hello world").status, 1);
}

TEST(CliCount, ParallelOutputEqualsSequential) {
  const std::string dir = fresh_dir("many");
  std::mt19937 rng(11);
  std::vector<std::pair<std::string, std::string>> files;
  for (int i = 0; i < 40; ++i) {
    const std::string path = dir + "/f" + std::to_string(100 + i) + ".txt";
    files.emplace_back(path, random_text(rng, 1000 + 997 * static_cast<std::size_t>(i)));
    put(path, files.back().second);
  }
  const Result one = run({"count", "-j", "1", dir});
  EXPECT_EQ(one.out, wc_lines(files));
  EXPECT_EQ(run({"count", "-j", "4", dir}).out, one.out);
  EXPECT_EQ(run({"count", dir}).out, one.out);
  for (const std::string model : {"gpt-4o", "gpt2"}) {
    std::size_t total = 0;
    for (const auto& file : files) {
      total += airtok::encoding_for_model(model).count_ordinary(file.second);
    }
    const Result r = run({"count", "-m", model, "-j", "3", dir});
    EXPECT_NE(r.out.find(std::to_string(total) + " total\n"), std::string::npos) << model;
  }
}

TEST(CliCount, FileLargerThanAChunkIsExact) {
  std::mt19937 rng(5);
  const std::string text =
      random_text(rng, 3'000'000) + "\xff" + random_text(rng, 100'000);  // invalid at the end
  const std::string valid = random_text(rng, 2'500'000);
  const std::string a = tmp_path("big.txt"), b = tmp_path("big_bad.txt");
  write_file(a, valid);
  write_file(b, text);
  for (const std::string name : {"cl100k_base", "o200k_base"}) {
    const airtok::Encoding& enc = airtok::get_encoding(name);
    EXPECT_EQ(run({"count", "-e", name, a}).out, std::to_string(enc.count_ordinary(valid)) + "\n");
    EXPECT_EQ(run({"count", "-e", name, b}).out, std::to_string(enc.count_ordinary(text)) + "\n");
  }
}

TEST(CliCount, Utf8CheckAcrossReadChunks) {
  // The command reads 1 MiB at a time: put a 4-byte character across that boundary (valid, no
  // warning), then a sequence cut short at the very end (invalid, flagged).
  constexpr std::size_t kMiB = std::size_t{1} << 20;
  const std::string emoji = "\xf0\x9f\x98\x80";
  for (std::size_t before : {kMiB - 2, kMiB - 3, kMiB - 4}) {  // " " then the emoji
    std::string text;
    while (text.size() < before) text += "word ";
    text.resize(before);
    text += " " + emoji + " tail";
    const std::string path = tmp_path("straddle.txt");
    write_file(path, text);
    const Result r = run({"count", "--jsonl", path});
    EXPECT_EQ(r.out, "{\"path\":\"" + path +
                         "\",\"tokens\":" + std::to_string(cl100k().count_ordinary(text)) +
                         ",\"bytes\":" + std::to_string(text.size()) +
                         ",\"invalid_utf8\":false}\n");
    EXPECT_EQ(r.err, "");
    write_file(path, text + emoji.substr(0, 3));
    const Result cut = run({"count", path});
    EXPECT_EQ(cut.out, std::to_string(cl100k().count_ordinary(text + emoji.substr(0, 3))) + "\n");
    EXPECT_NE(cut.err.find("is not valid UTF-8"), std::string::npos) << cut.err;
  }
}

TEST(CliCount, EmptyDirectoryAndEmptyFile) {
  const std::string dir = fresh_dir("nothing");
  const Result r = run({"count", dir});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "0 total\n");
  put(dir + "/empty", "");
  EXPECT_EQ(run({"count", dir + "/empty"}).out, "0\n");
}

// ---- the progress line ------------------------------------------------------------------

TEST(CliCount, ProgressLineOnlyOnATerminal) {
  // About 160 MB, counted on one thread: well over the half second before the line appears.
  std::mt19937 rng(23);
  const std::string text = random_text(rng, 20'000'000), path = tmp_path("progress.txt");
  write_file(path, text);
  // (built with append: GCC 12's -Wrestrict misfires on "literal" + std::string)
  std::string command = shell_quote(AIRTOK_CLI_PATH);
  command.append(" count -j 1");
  for (int i = 0; i < 8; ++i) command.append(" ").append(shell_quote(path));
  const std::string expected_total = std::to_string(8 * cl100k().count_ordinary(text)) + " total\n";
  const std::string out = tmp_path("progress.out"), err = tmp_path("progress.err");
  // `script` runs the command on a pseudo-terminal and copies what it writes there to `err`.
  std::string on_tty = "script -qec ";
  on_tty.append(shell_quote(command + " > " + shell_quote(out)));
  on_tty.append(" /dev/null > ").append(shell_quote(err));
  ASSERT_EQ(std::system(on_tty.c_str()), 0);
  const std::string drawn = read_file(err);
  EXPECT_EQ(drawn.rfind("\rairtok: ", 0), 0u) << drawn;
  EXPECT_NE(drawn.find(" MB/s, "), std::string::npos) << drawn;
  EXPECT_NE(drawn.find(" s left\x1b[K"), std::string::npos) << drawn;
  EXPECT_TRUE(drawn.ends_with("\r\x1b[K")) << "erased at the end";
  EXPECT_TRUE(read_file(out).ends_with(expected_total));
  // Standard error is a file: no progress line, even inside a terminal session.
  std::string to_file = "script -qec ";
  to_file.append(shell_quote(command + " > " + shell_quote(out) + " 2> " + shell_quote(err)));
  to_file.append(" /dev/null > /dev/null");
  ASSERT_EQ(std::system(to_file.c_str()), 0);
  EXPECT_EQ(read_file(err), "");
  EXPECT_TRUE(read_file(out).ends_with(expected_total));
}

// ---- a large stream on standard input -----------------------------------------------------

struct StreamRun {
  int status = -1;
  std::string out;
  long max_rss_kib = 0;
};

// Runs `airtok count` with `write_input` writing into its standard input through a pipe, and
// measures the child's peak resident set size (getrusage of the reaped child).
template <typename Writer>
StreamRun run_streaming(const std::vector<std::string>& args, Writer write_input) {
  const std::string out_path = tmp_path("stream.out");
  int pipe_fds[2];
  EXPECT_EQ(pipe(pipe_fds), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_fds[0], STDIN_FILENO);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    std::FILE* out = std::freopen(out_path.c_str(), "wb", stdout);
    if (out == nullptr) _exit(127);
    std::vector<char*> argv = {const_cast<char*>(AIRTOK_CLI_PATH)};
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    execv(AIRTOK_CLI_PATH, argv.data());
    _exit(127);
  }
  close(pipe_fds[0]);
  write_input(pipe_fds[1]);
  close(pipe_fds[1]);
  StreamRun result;
  int raw = 0;
  struct rusage usage {};
  wait4(pid, &raw, 0, &usage);
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  result.max_rss_kib = usage.ru_maxrss;
  result.out = read_file(out_path);
  return result;
}

void write_all(int fd, const std::string& data) {
  for (std::size_t done = 0; done < data.size();) {
    const ssize_t n = write(fd, data.data() + done, data.size() - done);
    ASSERT_GT(n, 0);
    done += static_cast<std::size_t>(n);
  }
}

TEST(CliCount, LargeStreamInBoundedMemory) {
#ifdef AIRTOK_TEST_SANITIZED
  // AddressSanitizer keeps freed memory in quarantine (256 MiB by default) and adds shadow
  // memory, so RSS says nothing about airtok there; the bound only shows nothing grows with
  // the input beyond that. Under it the stream is 200 MiB (3 GiB would take minutes); the
  // Release run streams 3 GiB and holds the real bound.
  constexpr std::size_t kTotalBytes = std::size_t{200} << 20;
  constexpr long kMaxRssKib = 512 * 1024;
#else
  constexpr std::size_t kTotalBytes = std::size_t{3} << 30;
  constexpr long kMaxRssKib = 64 * 1024;  // the input alone is 3 GiB
#endif
  // Parts that start with a letter and end with a newline, so that no piece spans two of them;
  // checked on every pair, so the sum of the parts' counts is the count of any sequence of them.
  std::mt19937 rng(3);
  std::vector<std::string> parts;
  std::vector<std::size_t> counts;
  for (int i = 0; i < 6; ++i) {
    parts.push_back("Part " + random_text(rng, 60'000 + 1000 * static_cast<std::size_t>(i)) + "\n");
    counts.push_back(cl100k().count_ordinary(parts.back()));
  }
  for (std::size_t a = 0; a < parts.size(); ++a) {
    for (std::size_t b = 0; b < parts.size(); ++b) {
      ASSERT_EQ(cl100k().count_ordinary(parts[a] + parts[b]), counts[a] + counts[b]);
    }
  }
  std::size_t expected = 0, sent = 0;
  const StreamRun r = run_streaming({"count"}, [&](int fd) {
    std::minstd_rand order(17);
    while (sent < kTotalBytes) {
      const std::size_t i = order() % parts.size();
      write_all(fd, parts[i]);
      sent += parts[i].size();
      expected += counts[i];
    }
  });
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, std::to_string(expected) + "\n");
  EXPECT_LT(r.max_rss_kib, kMaxRssKib);
  std::printf("[ measured ] %zu bytes streamed; peak RSS of `airtok count`: %ld KiB\n", sent,
              r.max_rss_kib);
}

}  // namespace
