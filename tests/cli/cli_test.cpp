// cli_test.cpp — runs the built `airtok` command and compares what it prints with the library.
//
// AIRTOK_CLI_PATH is the command; AIRTOK_CLI_TMP_DIR a directory for input and output files.
// Each case checks the exit status and, for errors, the `airtok: error: ` message on stderr.
#include <airtok/encoding.hpp>
#include <airtok/registry.hpp>

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace {

using airtok::Rank;

struct Result {
  int status = -1;
  std::string out;
  std::string err;
};

// Files are named after the running test so that tests can run in parallel.
std::string tmp_path(const std::string& name) {
  const testing::TestInfo* test = testing::UnitTest::GetInstance()->current_test_info();
  return std::string(AIRTOK_CLI_TMP_DIR) + "/" + test->name() + "." + name;
}

void write_file(const std::string& path, const std::string& data) {
  std::ofstream file(path, std::ios::binary);
  file << data;
}

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

std::string shell_quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// Runs `airtok args...` with `input` on standard input.
Result run(const std::vector<std::string>& args, const std::string& input = "") {
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

std::string ids_line(const std::vector<Rank>& ids) {
  std::string line;
  for (size_t i = 0; i < ids.size(); ++i) line.append(i ? " " : "").append(std::to_string(ids[i]));
  return line.append("\n");
}

std::vector<Rank> parse_ids(const std::string& line) {
  std::istringstream in(line);
  std::vector<Rank> ids;
  for (Rank id; in >> id;) ids.push_back(id);
  return ids;
}

// Mixed text: scripts, whitespace runs, digits, punctuation.
std::string sample_text() {
  std::string text;
  for (int i = 0; i < 50; ++i) {
    text.append("Line ").append(std::to_string(i * 7919));
    text.append(
        ": It's a caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 --   spaced\tout,\r\n");
  }
  return text;
}

void expect_error(const Result& r, const std::string& fragment, int status = 1) {
  EXPECT_EQ(r.status, status) << r.err;
  EXPECT_EQ(r.err.rfind("airtok: error: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(fragment), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

// ---- count -------------------------------------------------------------------------------

TEST(Cli, CountFileAndStdinAgreeWithLibrary) {
  const std::string text = sample_text(), path = tmp_path("sample.txt");
  write_file(path, text);
  const std::string expected =
      std::to_string(airtok::get_encoding("cl100k_base").count_ordinary(text)) + "\n";
  Result from_file = run({"count", path});
  EXPECT_EQ(from_file.status, 0) << from_file.err;
  EXPECT_EQ(from_file.out, expected);
  Result from_stdin = run({"count"}, text);
  EXPECT_EQ(from_stdin.out, expected);
  EXPECT_EQ(run({"count", "-"}, text).out, expected);

  for (const std::string& name : airtok::list_encoding_names()) {
    EXPECT_EQ(run({"count", "-e", name, path}).out,
              std::to_string(airtok::get_encoding(name).count_ordinary(text)) + "\n")
        << name;
  }
  EXPECT_EQ(run({"count", "-m", "gpt-4o", path}).out,
            std::to_string(airtok::encoding_for_model("gpt-4o").count_ordinary(text)) + "\n");
  EXPECT_EQ(run({"count", "--model=gpt-4o", path}).out,
            run({"count", "-e", "o200k_base", path}).out);
}

TEST(Cli, CountSeveralFilesLikeWc) {
  const std::string a = tmp_path("a.txt"), b = tmp_path("b.txt");
  write_file(a, "hello world");
  write_file(b, sample_text());
  const airtok::Encoding& enc = airtok::get_encoding("cl100k_base");
  size_t na = enc.count_ordinary("hello world"), nb = enc.count_ordinary(sample_text());
  Result r = run({"count", a, b});
  ASSERT_EQ(r.status, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  std::vector<std::pair<size_t, std::string>> rows;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    size_t n = 0;
    std::string name;
    fields >> n >> name;
    rows.emplace_back(n, name);
  }
  ASSERT_EQ(rows.size(), 3u) << r.out;
  EXPECT_EQ(rows[0], std::make_pair(na, a));
  EXPECT_EQ(rows[1], std::make_pair(nb, b));
  EXPECT_EQ(rows[2], std::make_pair(na + nb, std::string("total")));
}

TEST(Cli, EmptyInput) {
  EXPECT_EQ(run({"count"}, "").out, "0\n");
  EXPECT_EQ(run({"encode"}, "").out, "\n");
  Result r = run({"decode"}, "");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "");
}

// ---- encode / decode ---------------------------------------------------------------------

TEST(Cli, EncodeMatchesLibraryAndRoundTrips) {
  const std::string text = sample_text(), path = tmp_path("round.txt");
  write_file(path, text);
  for (const std::string& name : airtok::list_encoding_names()) {
    const airtok::Encoding& enc = airtok::get_encoding(name);
    Result encoded = run({"encode", "-e", name, path});
    ASSERT_EQ(encoded.status, 0) << encoded.err;
    EXPECT_EQ(encoded.out, ids_line(enc.encode_ordinary(text))) << name;
    Result decoded = run({"decode", "-e", name}, encoded.out);
    EXPECT_EQ(decoded.status, 0) << decoded.err;
    EXPECT_EQ(decoded.out, text) << name;  // nothing added after the text
  }
}

TEST(Cli, EncodeSeveralFilesOneLineEach) {
  const std::string a = tmp_path("e1.txt"), b = tmp_path("e2.txt");
  write_file(a, "first file");
  write_file(b, "second");
  const airtok::Encoding& enc = airtok::get_encoding("cl100k_base");
  EXPECT_EQ(run({"encode", a, b}).out,
            ids_line(enc.encode_ordinary("first file")) + ids_line(enc.encode_ordinary("second")));
}

TEST(Cli, DecodeIdsFromArgumentsInSeveralForms) {
  const airtok::Encoding& enc = airtok::get_encoding("cl100k_base");
  const std::vector<Rank> ids = enc.encode_ordinary("hello world, again");
  std::vector<std::string> args = {"decode"};
  for (Rank id : ids) args.push_back(std::to_string(id));
  EXPECT_EQ(run(args).out, "hello world, again");

  std::string python_list = "[";
  for (size_t i = 0; i < ids.size(); ++i) {
    python_list.append(i ? ", " : "").append(std::to_string(ids[i]));
  }
  python_list += "]";
  EXPECT_EQ(run({"decode", python_list}).out, "hello world, again");
  EXPECT_EQ(run({"decode"}, python_list + "\n").out, "hello world, again");
}

TEST(Cli, InvalidUtf8IsEncodedAsBytes) {
  const std::string bytes = "ok \xff\xfe then \xe6\x97 cut \x80", path = tmp_path("bad.bin");
  write_file(path, bytes);
  const airtok::Encoding& enc = airtok::get_encoding("cl100k_base");
  const std::vector<Rank> expected = enc.encode_bytes(bytes);
  Result counted = run({"count", path});
  EXPECT_EQ(counted.status, 0);
  EXPECT_EQ(counted.out, std::to_string(expected.size()) + "\n");
  Result encoded = run({"encode", path});
  EXPECT_EQ(encoded.out, ids_line(expected));
  EXPECT_EQ(run({"decode", "--bytes"}, encoded.out).out, bytes);
  EXPECT_EQ(run({"decode"}, encoded.out).out, enc.decode(expected));
  // With special tokens allowed too.
  Result with_specials = run({"encode", "--allowed-special", "all", path});
  EXPECT_EQ(with_specials.status, 0) << with_specials.err;
  EXPECT_EQ(with_specials.out, ids_line(enc.encode(bytes, airtok::SpecialSet::all())));
}

// ---- special tokens ----------------------------------------------------------------------

TEST(Cli, SpecialTokens) {
  const std::string text = "before<|endoftext|>after<|fim_prefix|>", path = tmp_path("special.txt");
  write_file(path, text);
  const airtok::Encoding& enc = airtok::get_encoding("cl100k_base");

  // Default: special tokens' texts are ordinary text; never an error.
  EXPECT_EQ(run({"encode", path}).out, ids_line(enc.encode_ordinary(text)));
  EXPECT_EQ(run({"count", path}).out, std::to_string(enc.count_ordinary(text)) + "\n");

  Result all = run({"encode", "--allowed-special", "all", path});
  EXPECT_EQ(all.out, ids_line(enc.encode(text, airtok::SpecialSet::all())));
  std::vector<Rank> ids = parse_ids(all.out);
  EXPECT_NE(std::find(ids.begin(), ids.end(), enc.eot_token()), ids.end());
  EXPECT_EQ(run({"count", "--allowed-special", "all", path}).out,
            std::to_string(ids.size()) + "\n");

  EXPECT_EQ(run({"encode", "--allowed-special", "<|endoftext|>", path}).out,
            ids_line(enc.encode(text, {"<|endoftext|>"}, airtok::SpecialSet::none())));
  EXPECT_EQ(run({"encode", "--allowed-special", "<|fim_prefix|>,<|endoftext|>", path}).out,
            all.out);

  expect_error(run({"encode", "--disallowed-special", "all", path}), "<|endoftext|>");
  expect_error(run({"count", "--disallowed-special", "<|fim_prefix|>", path}), "<|fim_prefix|>");
  expect_error(
      run({"encode", "--allowed-special", "<|endoftext|>", "--disallowed-special", "all", path}),
      "<|fim_prefix|>");
  expect_error(run({"encode", "--allowed-special", "<|nope|>", path}), "<|nope|>");
}

// ---- encodings, version, help ------------------------------------------------------------

TEST(Cli, EncodingsListsNamesWithVocabularySizes) {
  Result r = run({"encodings"});
  ASSERT_EQ(r.status, 0) << r.err;
  std::istringstream lines(r.out);
  for (const std::string& name : airtok::list_encoding_names()) {
    std::string got_name;
    size_t n_vocab = 0;
    ASSERT_TRUE(lines >> got_name >> n_vocab);
    EXPECT_EQ(got_name, name);
    EXPECT_EQ(n_vocab, airtok::get_encoding(name).n_vocab());
  }
  std::string extra;
  EXPECT_FALSE(lines >> extra);
}

TEST(Cli, VersionAndHelp) {
  Result version = run({"--version"});
  EXPECT_EQ(version.status, 0);
  EXPECT_EQ(version.out, "airtok " AIRTOK_CLI_VERSION "\n");
  for (std::vector<std::string> args : {std::vector<std::string>{"--help"},
                                        {"count", "--help"},
                                        {"encode", "--help"},
                                        {"decode", "--help"},
                                        {"encodings", "--help"}}) {
    Result help = run(args);
    EXPECT_EQ(help.status, 0) << args[0];
    EXPECT_NE(help.out.find("Example"), std::string::npos) << help.out;
  }
}

// ---- errors ------------------------------------------------------------------------------

TEST(Cli, RuntimeErrorsExitWithOne) {
  expect_error(run({"count", "-e", "no_such_encoding"}, "x"), "no_such_encoding");
  expect_error(run({"count", "-m", "no-such-model"}, "x"), "no-such-model");
  expect_error(run({"count", tmp_path("missing-file.txt")}), "missing-file.txt");
  expect_error(run({"encode", tmp_path("missing-file.txt")}), "No such file");
  const airtok::Encoding& enc = airtok::get_encoding("cl100k_base");
  expect_error(run({"decode", std::to_string(enc.n_vocab())}), std::to_string(enc.n_vocab()));
  expect_error(run({"decode", "15339", "abc"}), "'abc'");
  expect_error(run({"decode", "--", "-1"}), "'-1'");
  expect_error(run({"decode", "99999999999"}), "99999999999");
  expect_error(run({"decode"}, "15339 1917 x"), "'x'");
}

TEST(Cli, UsageErrorsExitWithTwo) {
  expect_error(run({}), "subcommand is required", 2);
  expect_error(run({"frobnicate"}), "frobnicate", 2);
  expect_error(run({"count", "--no-such-option"}), "--no-such-option", 2);
  expect_error(run({"count", "-e", "cl100k_base", "-m", "gpt-4"}, "x"), "excludes", 2);
}

}  // namespace
