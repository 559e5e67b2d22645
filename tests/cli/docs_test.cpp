// docs_test.cpp — `airtok man` rendered by groff without warnings, describing every command;
// `airtok completions bash` loaded into bash and asked for completions as bash would.
#include "cli_run.hpp"

#include <gtest/gtest.h>

namespace {

using namespace cli_test;

// Runs a shell command line; returns its standard output (standard error goes to `err`).
Result shell(const std::string& line) {
  const std::string out = tmp_path("sh.out"), err = tmp_path("sh.err");
  std::string command = "( ";
  command.append(line).append(" ) > ").append(shell_quote(out));
  command.append(" 2> ").append(shell_quote(err));
  const int raw = std::system(command.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_file(out), read_file(err)};
}

TEST(CliDocs, ManPageRendersAndCoversEveryCommand) {
  const std::string page = tmp_path("airtok.1");
  const Result man = run({"man"});
  ASSERT_EQ(man.status, 0) << man.err;
  write_file(page, man.out);
  const Result warnings = shell("groff -man -Tutf8 -ww -z " + shell_quote(page));
  EXPECT_EQ(warnings.status, 0);
  EXPECT_EQ(warnings.err, "");
  const Result text = shell("groff -man -Tascii -P-cbou " + shell_quote(page));
  ASSERT_EQ(text.status, 0) << text.err;
  for (const std::string usage :
       {"airtok count [OPTIONS] [paths...]", "airtok truncate [OPTIONS] [file...]",
        "airtok chunk [OPTIONS] [file...]", "airtok show [OPTIONS] [text...]",
        "airtok encode [OPTIONS]", "airtok decode [OPTIONS] [ids...]", "airtok encodings",
        "airtok cache [OPTIONS] SUBCOMMAND", "airtok cache install", "airtok completions",
        "--max-tokens", "--boundary", "--by-ext", "EXIT STATUS"}) {
    EXPECT_NE(text.out.find(usage), std::string::npos) << usage;
  }
}

TEST(CliDocs, BashCompletion) {
  const std::string script = tmp_path("airtok.bash");
  const Result generated = run({"completions", "bash"});
  ASSERT_EQ(generated.status, 0) << generated.err;
  write_file(script, generated.out);
  // words typed so far (the last is being completed) -> what bash offers
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"co", "count completions"},
      {"count --js", "--json --jsonl"},
      {"encode --format b", "binary"},
      {"decode -f j", "json"},
      {"count -e o200", "o200k_base o200k_harmony"},
      {"count -m text-embedding-3-s", "text-embedding-3-small"},
      {"chunk --boundary p", "paragraph"},
      {"cache ver", "verify"},
      {"show --i", "--ids"}};
  for (const auto& [typed, offered] : cases) {
    const Result r =
        shell("bash -c " + shell_quote("source " + shell_quote(script) + "; COMP_WORDS=(airtok " +
                                       typed + "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); " +
                                       "_airtok; echo \"${COMPREPLY[*]}\""));
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, offered + "\n") << typed;
  }
  expect_error(run({"completions", "fish"}), "fish", 2);
}

}  // namespace
