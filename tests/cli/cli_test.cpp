// cli_test.cpp — runs the built `airtok` command and compares what it prints with the library.
//
// AIRTOK_CLI_PATH is the command; AIRTOK_CLI_TMP_DIR a directory for input and output files.
// Each case checks the exit status and, for errors, the `airtok: error: ` message on stderr.
#include <airtok/encoding.hpp>
#include <airtok/registry.hpp>

#include "cli_run.hpp"

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

using namespace cli_test;

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

TEST(Cli, EncodeDecodeFormats) {
  const std::string text = sample_text(), path = tmp_path("formats.txt");
  write_file(path, text);
  for (const std::string name : {"cl100k_base", "o200k_base"}) {
    const airtok::Encoding& enc = airtok::get_encoding(name);
    const std::vector<Rank> ids = enc.encode_ordinary(text);
    std::string json = "[", binary;
    for (size_t i = 0; i < ids.size(); ++i) {
      json.append(i ? ", " : "").append(std::to_string(ids[i]));
      for (int shift = 0; shift < 32; shift += 8) binary += static_cast<char>(ids[i] >> shift);
    }
    json += "]\n";
    EXPECT_EQ(run({"encode", "-e", name, "--format", "ids", path}).out, ids_line(ids));
    const Result as_json = run({"encode", "-e", name, "--format", "json", path});
    EXPECT_EQ(as_json.out, json);
    const Result as_binary = run({"encode", "-e", name, "-f", "binary", path});
    EXPECT_EQ(as_binary.out, binary);
    EXPECT_EQ(run({"decode", "-e", name, "-f", "json"}, as_json.out).out, text);
    EXPECT_EQ(run({"decode", "-e", name, "-f", "binary"}, as_binary.out).out, text);
  }
  // Several inputs: a line each (json), one after another (binary).
  const std::vector<Rank> a = airtok::get_encoding("cl100k_base").encode_ordinary(text);
  EXPECT_EQ(run({"encode", "-f", "binary", path, path}).out.size(), 8 * a.size());
  EXPECT_EQ(run({"encode", "-f", "json"}, "").out, "[]\n");
  expect_error(run({"decode", "-f", "binary"}, "abc"), "4-byte");
  expect_error(run({"decode", "-f", "binary", "15339"}), "standard input");
  expect_error(run({"encode", "-f", "xml"}, "x"), "xml", 2);
  // Invalid UTF-8 round-trips through binary with --bytes.
  const std::string bytes = "ok \xff\xfe then \xe6\x97";
  EXPECT_EQ(
      run({"decode", "-f", "binary", "--bytes"}, run({"encode", "-f", "binary"}, bytes).out).out,
      bytes);
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
  // The library's advice (core/disallowed_message.hpp), worded in the command's options.
  EXPECT_EQ(run({"count", "--disallowed-special", "<|endoftext|>", "-"}, "a<|endoftext|>").err,
            "airtok: error: standard input: the text contains the special token <|endoftext|>, "
            "which --disallowed-special forbids. To encode it as that special token, add it to "
            "--allowed-special (e.g. --allowed-special '<|endoftext|>'); to encode it as "
            "ordinary text, leave it out of --disallowed-special.\n");
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
                                        {"encodings", "--help"},
                                        {"truncate", "--help"},
                                        {"chunk", "--help"},
                                        {"show", "--help"},
                                        {"man", "--help"},
                                        {"completions", "--help"}}) {
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
