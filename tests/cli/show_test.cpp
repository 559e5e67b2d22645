// show_test.cpp — `airtok show`: one escaped token per line in a pipe (checked by unescaping
// back to the library's token bytes), colours on a pseudo-terminal (run under `script`).
#include "cli_run.hpp"

#include <airtok/registry.hpp>

#include <gtest/gtest.h>

namespace {

using namespace cli_test;

// Undoes show's escapes: \n \t \r \\ \xNN.
std::string unescape(const std::string& text) {
  std::string bytes;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      bytes += text[i];
      continue;
    }
    const char e = text[++i];
    if (e == 'x') {
      bytes += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      bytes += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
    }
  }
  return bytes;
}

std::string strip_escapes(const std::string& text) {
  std::string plain;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b') {
      i = text.find('m', i);
    } else if (text[i] != '\r') {
      plain += text[i];
    }
  }
  return plain;
}

const std::string kText =
    "Hello, w\xc3\xb6rld!\tTabs\\slashes \xf0\x9f\xa6\x9c emoji\r\nline two \xff bad\n";

TEST(CliShow, OneEscapedTokenPerLineInAPipe) {
  for (const std::string name : {"cl100k_base", "o200k_base"}) {
    const airtok::Encoding& enc = airtok::get_encoding(name);
    const std::vector<Rank> ids = enc.encode_ordinary(kText);
    const Result r = run({"show", "--ids", "-e", name}, kText);
    ASSERT_EQ(r.status, 0) << r.err;
    std::istringstream lines(r.out);
    std::size_t i = 0;
    for (std::string line; std::getline(lines, line); ++i) {
      ASSERT_LT(i, ids.size());
      const std::size_t tab = line.find('\t');
      EXPECT_EQ(line.substr(0, tab), std::to_string(ids[i]));
      EXPECT_EQ(unescape(line.substr(tab + 1)), enc.decode_single_token_bytes(ids[i]));
    }
    EXPECT_EQ(i, ids.size());
    // Without --ids, and the text as an argument.
    const Result plain = run({"show", "-e", name, "Hi there"});
    std::string expected;
    for (Rank id : enc.encode_ordinary("Hi there")) {
      expected += enc.decode_single_token_bytes(id) + "\n";
    }
    EXPECT_EQ(plain.out, expected);
  }
}

TEST(CliShow, ColoursOnATerminal) {
  const std::string text = "Hello world again \xf0\x9f\xa6\x9c done";
  const airtok::Encoding& enc = airtok::get_encoding("cl100k_base");
  const std::string out = tmp_path("show.tty");
  std::string command = "script -qec ";
  command.append(shell_quote(shell_quote(AIRTOK_CLI_PATH) + " show " + shell_quote(text)));
  command.append(" /dev/null > ").append(shell_quote(out));
  ASSERT_EQ(std::system(command.c_str()), 0);
  const std::string drawn = read_file(out);
  std::size_t starts = 0;
  for (std::size_t at = 0; (at = drawn.find("\x1b[30;48;5;", at)) != std::string::npos; ++at) {
    ++starts;
  }
  const std::size_t n = enc.count_ordinary(text);
  EXPECT_EQ(starts, n) << "one background per token";
  const std::string plain = strip_escapes(drawn);
  std::string summary = "\n";  // (append: GCC 12's -Wrestrict misfires on "literal" + string)
  summary.append(std::to_string(n)).append(" tokens (cl100k_base)\n");
  ASSERT_TRUE(plain.ends_with(summary)) << plain;
  EXPECT_EQ(unescape(plain.substr(0, plain.size() - summary.size())), text);
}

}  // namespace
