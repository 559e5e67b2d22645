// cli_run.hpp — running the built `airtok` command from tests: files named after the running
// test in AIRTOK_CLI_TMP_DIR (so tests can run in parallel), exit status, stdout and stderr.
#pragma once

#include <airtok/encoding.hpp>

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace cli_test {

using airtok::Rank;

struct Result {
  int status = -1;
  std::string out;
  std::string err;
};

// Files are named after the running test so that tests can run in parallel.
inline std::string tmp_path(const std::string& name) {
  const testing::TestInfo* test = testing::UnitTest::GetInstance()->current_test_info();
  return std::string(AIRTOK_CLI_TMP_DIR) + "/" + test->name() + "." + name;
}

inline void write_file(const std::string& path, const std::string& data) {
  std::ofstream file(path, std::ios::binary);
  file << data;
}

inline std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

inline std::string shell_quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// Runs `airtok args...` with `input` on standard input.
inline Result run(const std::vector<std::string>& args, const std::string& input = "") {
  const std::string in = tmp_path("stdin"), out = tmp_path("stdout"), err = tmp_path("stderr");
  write_file(in, input);
  std::string command = shell_quote(AIRTOK_CLI_PATH);
  // (appended piece by piece: GCC 12's -Wrestrict misfires on "literal" + std::string)
  for (const std::string& arg : args) command.append(" ").append(shell_quote(arg));
  command.append(" < ").append(shell_quote(in)).append(" > ").append(shell_quote(out));
  command.append(" 2> ").append(shell_quote(err));
  int raw = std::system(command.c_str());
  Result result;
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  result.out = read_file(out);
  result.err = read_file(err);
  return result;
}

// Runs a shell command line; returns its exit status, standard output and standard error.
inline Result shell(const std::string& line) {
  const std::string out = tmp_path("sh.out"), err = tmp_path("sh.err");
  std::string command = "( ";
  command.append(line).append(" ) > ").append(shell_quote(out));
  command.append(" 2> ").append(shell_quote(err));
  const int raw = std::system(command.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_file(out), read_file(err)};
}

inline std::string ids_line(const std::vector<Rank>& ids) {
  std::string line;
  for (size_t i = 0; i < ids.size(); ++i) line.append(i ? " " : "").append(std::to_string(ids[i]));
  return line.append("\n");
}

inline std::vector<Rank> parse_ids(const std::string& line) {
  std::istringstream in(line);
  std::vector<Rank> ids;
  for (Rank id; in >> id;) ids.push_back(id);
  return ids;
}

// Mixed text: scripts, whitespace runs, digits, punctuation.
inline std::string sample_text() {
  std::string text;
  for (int i = 0; i < 50; ++i) {
    text.append("Line ").append(std::to_string(i * 7919));
    text.append(
        ": It's a caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 --   spaced\tout,\r\n");
  }
  return text;
}

inline void expect_error(const Result& r, const std::string& fragment, int status = 1) {
  EXPECT_EQ(r.status, status) << r.err;
  EXPECT_EQ(r.err.rfind("airtok: error: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(fragment), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

}  // namespace cli_test
