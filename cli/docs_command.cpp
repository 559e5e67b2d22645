// docs_command.cpp — walks the CLI11 command tree (subcommands, their options and positionals,
// descriptions and footers) to write roff for man(1) and a bash completion function.
#include "docs_command.hpp"

#include "input.hpp"

#include <airtok/registry.hpp>

#include <set>
#include <string_view>
#include <vector>

#ifndef AIRTOK_CLI_VERSION
#error "AIRTOK_CLI_VERSION must be defined by the build"
#endif

namespace airtok::cli {
namespace {

void write(std::FILE* out, std::string_view text) {
  if (!text.empty() && std::fwrite(text.data(), 1, text.size(), out) != text.size()) {
    throw CliError("cannot write the output");
  }
}

std::vector<CLI::App*> subcommands(CLI::App& app) {
  return app.get_subcommands([](CLI::App*) { return true; });
}

std::vector<const CLI::Option*> options(const CLI::App& app) {
  return app.get_options([](const CLI::Option*) { return true; });
}

// Each command with its full name ("cache install"), depth first, in definition order.
void command_paths(CLI::App& app, const std::string& prefix,
                   std::vector<std::pair<std::string, CLI::App*>>& out) {
  for (CLI::App* command : subcommands(app)) {
    const std::string name =
        prefix.empty() ? command->get_name() : prefix + " " + command->get_name();
    out.emplace_back(name, command);
    command_paths(*command, name, out);
  }
}

// Text for roff: backslashes and hyphens escaped, no line starting with a control character.
std::string roff(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
    line_start = c == '\n';
  }
  return out;
}

std::string option_names(const CLI::Option& option) {
  return option.get_positional() ? option.get_name() : option.get_name(false, true);
}

std::string man_command(const std::string& name, CLI::App& command) {
  std::string usage = "airtok " + name + " [OPTIONS]";
  for (const CLI::Option* option : options(command)) {
    if (option->get_positional()) usage += " [" + option->get_name() + "...]";
  }
  if (!subcommands(command).empty()) usage += " SUBCOMMAND";
  std::string page = ".SS " + roff(usage) + "\n" + roff(command.get_description()) + "\n";
  for (const CLI::Option* option : options(command)) {
    page += ".TP\n.B " + roff(option_names(*option));
    if (!option->get_type_name().empty()) page += " \\fI" + roff(option->get_type_name()) + "\\fR";
    page += "\n" + roff(option->get_description()) + "\n";
  }
  if (!command.get_footer().empty()) {
    page += ".PP\n.nf\n" + roff(command.get_footer()) + "\n.fi\n";
  }
  return page;
}

std::string man_page(CLI::App& app) {
  std::string page = ".TH AIRTOK 1 \"\" \"airtok " AIRTOK_CLI_VERSION "\" \"User Commands\"\n";
  page += ".SH NAME\nairtok \\- " + roff(app.get_description()) + "\n";
  page += ".SH SYNOPSIS\n.B airtok\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGS\\fR]\n";
  page += ".SH OPTIONS\n";
  for (const CLI::Option* option : options(app)) {
    page +=
        ".TP\n.B " + roff(option_names(*option)) + "\n" + roff(option->get_description()) + "\n";
  }
  page += ".SH COMMANDS\n";
  std::vector<std::pair<std::string, CLI::App*>> commands;
  command_paths(app, "", commands);
  for (const auto& [name, command] : commands) page += man_command(name, *command);
  page += ".SH EXIT STATUS\n0 success, 1 error, 2 bad command line.\n";
  page += ".SH SEE ALSO\nThe README of airtok; OpenAI's tiktoken, which airtok reproduces.\n";
  return page;
}

std::string words(const std::vector<std::string>& list) {
  std::string text;
  for (const std::string& word : list) text += (text.empty() ? "" : " ") + word;
  return text;
}

// "TEXT:{a,b,c}" (a CLI::IsMember check) -> {"a", "b", "c"}.
std::vector<std::string> choices(const CLI::Option& option) {
  const std::string type = option.get_type_name();
  const std::size_t open = type.find('{'), close = type.rfind('}');
  std::vector<std::string> values;
  if (open == std::string::npos || close == std::string::npos) return values;
  std::string value;
  for (char c : type.substr(open + 1, close - open - 1) + ",") {
    if (c == ',') {
      values.push_back(value);
      value.clear();
    } else {
      value += c;
    }
  }
  return values;
}

// Option words of a command, and the cases completing option values (encodings, models, choices).
std::string option_words(CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : options(command)) {
    if (option->get_positional()) continue;
    for (const std::string& s : option->get_snames()) names.push_back("-" + s);
    for (const std::string& l : option->get_lnames()) names.push_back("--" + l);
  }
  return words(names);
}

std::string value_cases(CLI::App& app) {
  std::vector<std::string> models;
  for (const auto& [model, encoding] : model_to_encoding()) models.push_back(model);
  std::string cases = "    -e|--encoding) values=\"" + words(list_encoding_names()) + "\" ;;\n";
  cases += "    -m|--model) values=\"" + words(models) + "\" ;;\n";
  std::set<std::string> done = {"-e", "--encoding", "-m", "--model"};
  std::vector<std::pair<std::string, CLI::App*>> commands;
  command_paths(app, "", commands);
  for (const auto& [name, command] : commands) {
    for (const CLI::Option* option : options(*command)) {
      const std::vector<std::string> values = choices(*option);
      std::vector<std::string> names;
      for (const std::string& s : option->get_snames()) names.push_back("-" + s);
      for (const std::string& l : option->get_lnames()) names.push_back("--" + l);
      if (values.empty() || names.empty() || !done.insert(names.back()).second) continue;
      std::string pattern;
      for (const std::string& n : names) pattern += (pattern.empty() ? "" : "|") + n;
      cases += "    " + pattern + ") values=\"" + words(values) + "\" ;;\n";
    }
  }
  return cases;
}

std::string bash_script(CLI::App& app) {
  std::vector<std::pair<std::string, CLI::App*>> commands;
  command_paths(app, "", commands);
  std::string known, per_command;
  std::vector<std::string> top;
  for (CLI::App* command : subcommands(app)) top.push_back(command->get_name());
  per_command += "    \"\") subs=\"" + words(top) + "\"; opts=\"" + option_words(app) + "\" ;;\n";
  for (const auto& [name, command] : commands) {
    std::string path = "/" + name;
    for (char& c : path) c = c == ' ' ? '/' : c;
    known += (known.empty() ? "" : "|") + path;
    std::vector<std::string> subs;
    for (CLI::App* sub : subcommands(*command)) subs.push_back(sub->get_name());
    per_command += "    " + path + ") subs=\"" + words(subs) + "\"; opts=\"" +
                   option_words(*command) + "\" ;;\n";
  }
  return "# bash completion for airtok; generated by `airtok completions bash` "
         "(airtok " AIRTOK_CLI_VERSION
         ").\n# Install: airtok completions bash > "
         "~/.local/share/bash-completion/completions/airtok\n"
         "_airtok() {\n"
         "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
         "  local path=\"\" subs=\"\" opts=\"\" values=\"\" i\n"
         "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
         "    case \"$path/${COMP_WORDS[i]}\" in\n"
         "      " +
         known +
         ") path=\"$path/${COMP_WORDS[i]}\" ;;\n"
         "    esac\n"
         "  done\n"
         "  case \"$prev\" in\n" +
         value_cases(app) +
         "  esac\n"
         "  if [[ -n $values ]]; then\n"
         "    COMPREPLY=($(compgen -W \"$values\" -- \"$cur\"))\n"
         "    return\n"
         "  fi\n"
         "  case \"$path\" in\n" +
         per_command +
         "  esac\n"
         "  if [[ $cur == -* ]]; then\n"
         "    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
         "  elif [[ -n $subs ]]; then\n"
         "    COMPREPLY=($(compgen -W \"$subs\" -- \"$cur\"))\n"
         "  else\n"
         "    compopt -o filenames 2>/dev/null\n"
         "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
         "  fi\n"
         "}\n"
         "complete -F _airtok airtok\n";
}

}  // namespace

DocsCommand::DocsCommand(CLI::App& app) : app_(app) {
  man_ = app.add_subcommand("man", "Print the man page (roff), generated from these definitions");
  man_->footer("Example:\n  airtok man > airtok.1 && man -l airtok.1");
  completions_ = app.add_subcommand("completions", "Print the shell completion script");
  completions_->add_option("shell", shell_, "Shell (bash, the default)")
      ->check(CLI::IsMember({"bash"}));
  completions_->footer(
      "Example:\n  airtok completions bash > ~/.local/share/bash-completion/completions/airtok");
}

bool DocsCommand::parsed() const { return man_->parsed() || completions_->parsed(); }

void DocsCommand::run(std::FILE* out) const {
  write(out, man_->parsed() ? man_page(app_) : bash_script(app_));
}

}  // namespace airtok::cli
