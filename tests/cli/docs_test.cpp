// docs_test.cpp — `airtok man` rendered by groff without warnings, describing every command;
// `airtok completions bash` loaded into bash and asked for completions as bash would;
// `airtok completions zsh` checked against every command's --help, and completing in an
// interactive zsh in a pseudo-terminal, as a user's TAB does.
#include "cli_run.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace {

using namespace cli_test;

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
        "airtok doctor [OPTIONS]", "--python", "--for", "--max-tokens", "--boundary", "--by-ext",
        "--html FILE", "EXIT STATUS"}) {
    EXPECT_NE(text.out.find(usage), std::string::npos) << usage;
  }
  for (const std::string usage :
       {"airtok harmony [OPTIONS] SUBCOMMAND", "airtok harmony render [OPTIONS] [conversation...]",
        "airtok harmony parse [OPTIONS] [ids...]", "airtok harmony count", "--next-role",
        "--keep-analysis", "--lenient"}) {
    EXPECT_NE(text.out.find(usage), std::string::npos) << usage;
  }
}

// Words typed after `airtok ` (the last is being completed) -> what both shells offer.
std::vector<std::pair<std::string, std::string>> completion_cases() {
  return {{"co", "count completions"},
          {"count --js", "--json --jsonl"},
          {"encode --format b", "binary"},
          {"decode -f j", "json"},
          {"count -e o200", "o200k_base o200k_harmony"},
          {"count -m text-embedding-3-s", "text-embedding-3-small"},
          {"chunk --boundary p", "paragraph"},
          {"cache ver", "verify"},
          {"show --i", "--ids"},
          {"harmony p", "parse"},
          {"harmony render --k", "--keep-analysis"},
          {"harmony parse --l", "--lenient"},
          {"harmony render -f j", "json"},
          {"doc", "doctor"},
          {"doctor --f", "--for"},
          {"doctor --for a", "all"},
          {"cache install --for h", "harmony"},
          {"cache export --for t", "tiktoken"}};
}

TEST(CliDocs, BashCompletion) {
  const std::string script = tmp_path("airtok.bash");
  const Result generated = run({"completions", "bash"});
  ASSERT_EQ(generated.status, 0) << generated.err;
  write_file(script, generated.out);
  const std::vector<std::pair<std::string, std::string>> cases = completion_cases();
  for (const auto& [typed, offered] : cases) {
    const Result r =
        shell("bash -c " + shell_quote("source " + shell_quote(script) + "; COMP_WORDS=(airtok " +
                                       typed + "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); " +
                                       "_airtok; echo \"${COMPREPLY[*]}\""));
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, offered + "\n") << typed;
  }
  expect_error(run({"completions", "fish"}), "fish", 2);
  expect_error(run({"completions", "tcsh"}), "bash,zsh", 2);
}

// ---- zsh ----

// The commands under `path` ("" for the top) and the options of each, as --help lists them.
struct HelpTree {
  std::map<std::string, std::vector<std::string>> subcommands;  // "cache" -> dir, install, ...
  std::map<std::string, std::vector<std::string>> options;      // "cache add" -> -h, --help, ...
};

void read_help(const std::string& path, HelpTree& tree) {
  std::vector<std::string> args;
  std::istringstream words(path);
  for (std::string word; words >> word;) args.push_back(word);
  args.push_back("--help");
  const Result help = run(args);
  ASSERT_EQ(help.status, 0) << path << help.err;
  std::istringstream lines(help.out);
  std::string section;
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line[0] != ' ') section = line;
    if (line.rfind("  ", 0) != 0 || line.size() < 3 || line[2] == ' ') continue;
    const std::string first = line.substr(2, line.find(' ', 2) - 2);
    if (section == "Subcommands:") {
      tree.subcommands[path].push_back(first);
      read_help(path.empty() ? first : path + " " + first, tree);
    } else if (section == "Options:") {
      std::istringstream names(first);
      for (std::string name; std::getline(names, name, ',');) tree.options[path].push_back(name);
    }
  }
}

// The body of the zsh function `name` in `script`.
std::string zsh_function(const std::string& script, const std::string& name) {
  const std::size_t start = script.find("\n" + name + "() {\n");
  if (start == std::string::npos) return "";
  return script.substr(start, script.find("\n}\n", start) - start);
}

std::string function_name(const std::string& path) {
  std::string name = path.empty() ? "_airtok" : "_airtok_" + path;
  std::replace(name.begin(), name.end(), ' ', '_');
  return name;
}

// Fails (does not skip) when zsh is missing: CI installs it, and so does tools/bootstrap.sh.
void require_zsh() {
  ASSERT_EQ(shell("command -v zsh").status, 0)
      << "zsh is missing: run tools/bootstrap.sh (it installs Debian's zsh)";
}

TEST(CliDocs, ZshCompletionCoversEveryCommandAndOption) {
  ASSERT_NO_FATAL_FAILURE(require_zsh());
  const Result generated = run({"completions", "zsh"});
  ASSERT_EQ(generated.status, 0) << generated.err;
  const std::string& script = generated.out;
  EXPECT_EQ(script.rfind("#compdef airtok\n", 0), 0u);
  HelpTree tree;
  read_help("", tree);
  ASSERT_GE(tree.subcommands[""].size(), 10u);
  ASSERT_TRUE(tree.options.contains("cache add")) << "the walk reaches nested commands";
  for (const auto& [path, subs] : tree.subcommands) {
    const std::string body = zsh_function(script, function_name(path));
    for (const std::string& sub : subs) {
      EXPECT_NE(body.find("'" + sub + ":"), std::string::npos) << path << " lists " << sub;
      const std::string sub_path = path.empty() ? sub : path + " " + sub;
      EXPECT_NE(body.find(") " + function_name(sub_path) + " ;;"), std::string::npos) << sub;
    }
  }
  for (const auto& [path, names] : tree.options) {
    const std::string body = zsh_function(script, function_name(path));
    ASSERT_NE(body, "") << function_name(path);
    for (const std::string& name : names) {
      EXPECT_NE(body.find(name + "["), std::string::npos) << path << " " << name;
    }
  }
  const std::string file = tmp_path("_airtok");
  write_file(file, script);
  const Result syntax = shell("zsh -n " + shell_quote(file));
  EXPECT_EQ(syntax.status, 0) << syntax.err;
  EXPECT_EQ(syntax.err, "");
}

// Sourced by the interactive zsh: loads the completion as installed (from $fpath, the file
// _airtok) or as a .zshrc may (`source`, after compinit). Each match a completion adds is
// printed as " <offer>MATCH", and " <done>" after each TAB. compadd calls that only collect
// matches into arrays (-O, -A, -D) are steps of the completion system, passed through.
const std::string kZshSetup = R"(PS1='' RPS1='' PS2=''
unsetopt prompt_sp prompt_cr
unset zle_bracketed_paste
if [[ $1 == fpath ]]; then
  fpath=(${2:h} $fpath)
  autoload -Uz compinit && compinit -u -D
else
  autoload -Uz compinit && compinit -u -D
  source $2
fi
compadd() {
  setopt localoptions extendedglob
  if [[ " ${(j: :)@[1,(i)(-|--)]} " == *\ -[[:alpha:]]#[OAD][[:alpha:]]#\ * ]]; then
    builtin compadd "$@"
    return
  fi
  local -a __found
  local __match
  builtin compadd -A __found "$@"
  for __match in $__found; do print -rn -- " <offer>$__match"; done
  builtin compadd "$@"
}
__complete_and_report() {
  zle complete-word
  print -r -- ' <done>'
}
zle -N __complete_and_report
bindkey '^I' __complete_and_report
)";

// zsh -f driver.zsh SETUP MODE SCRIPT DIR TYPED...: in an interactive zsh in a pseudo-terminal
// (zpty), in DIR, types "airtok TYPED" and a TAB for each TYPED, then clears the line (^U);
// prints the matches offered for each on one line.
const std::string kZshDriver = R"(zmodload zsh/zpty || exit 2
local setup=$1 mode=$2 script=$3 dir=$4 typed out line
local -a offers
shift 4
export TERM=xterm
zpty airtok zsh -f -i
zpty -w airtok "cd ${(q)dir} && source ${(q)setup} $mode ${(q)script}"
for typed in "$@"; do
  zpty -w -n airtok "airtok $typed"$'\t'
  out=
  while zpty -r airtok line; do
    out+=$line
    [[ $line == *'<done>'* ]] && break
  done
  offers=(${${(M)${(s: :)out}:#<offer>*}#<offer>})
  print -r -- ${(j: :)${(u)offers}}
  zpty -w -n airtok $'\C-u'
done
zpty -d airtok
)";

std::set<std::string> word_set(const std::string& line) {
  std::istringstream in(line);
  std::set<std::string> found;
  for (std::string word; in >> word;) found.insert(word);
  return found;
}

// Completes each typed line in zsh; what zsh offers for each, in order.
std::vector<std::set<std::string>> zsh_complete(const std::string& mode,
                                                const std::vector<std::string>& typed) {
  const std::string functions = tmp_path("zfunc"), dir = tmp_path("files");
  std::filesystem::create_directories(functions);
  std::filesystem::create_directories(dir + "/sub");
  write_file(dir + "/notes.txt", "hello\n");
  write_file(functions + "/_airtok", run({"completions", "zsh"}).out);
  write_file(tmp_path("setup.zsh"), kZshSetup);
  write_file(tmp_path("driver.zsh"), kZshDriver);
  std::string command = "timeout 60 zsh -f " + shell_quote(tmp_path("driver.zsh"));
  for (const std::string& arg : {tmp_path("setup.zsh"), mode, functions + "/_airtok", dir}) {
    command.append(" ").append(shell_quote(arg));
  }
  for (const std::string& line : typed) command.append(" ").append(shell_quote(line));
  const Result r = shell(command);
  EXPECT_EQ(r.status, 0) << r.err;
  std::vector<std::set<std::string>> offered;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) offered.push_back(word_set(line));
  return offered;
}

TEST(CliDocs, ZshCompletionInAnInteractiveShell) {
  ASSERT_NO_FATAL_FAILURE(require_zsh());
  // and, beyond what both shells offer alike, what zsh's richer completion adds
  std::vector<std::pair<std::string, std::string>> cases = completion_cases();
  cases.insert(cases.end(), {{"cache install o200k_base p", "p50k_base p50k_edit"},
                             {"show --h", "--help --html"},
                             {"show --html no", "notes.txt"},
                             {"show ", ""},  // the text itself: nothing to offer
                             {"truncate -n 5 ", "notes.txt sub"},
                             {"cache import ", "sub"},
                             {"completions ", "bash zsh"},
                             // -e and -m exclude each other; --jsonl excludes --json
                             {"count -e cl100k_base --jsonl --",
                              "--allowed-special --disallowed-special --include "
                              "--exclude --by-ext --jobs --limit --help"}});
  std::vector<std::string> typed;
  for (const auto& [line, offered] : cases) typed.push_back(line);
  const std::vector<std::set<std::string>> offered = zsh_complete("fpath", typed);
  ASSERT_EQ(offered.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(offered[i], word_set(cases[i].second)) << "airtok " << cases[i].first;
  }
  // Sourced from a .zshrc (after compinit) instead of installed in $fpath.
  EXPECT_EQ(zsh_complete("source", {"co"}),
            std::vector<std::set<std::string>>{word_set("count completions")});
}

}  // namespace
