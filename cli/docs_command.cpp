// docs_command.cpp — walks the CLI11 command tree (subcommands, their options and positionals,
// descriptions and footers) to write roff for man(1) and completion functions for bash and zsh.
#include "docs_command.hpp"

#include "input.hpp"
#include "output.hpp"

#include <airtok/registry.hpp>

#include <algorithm>
#include <set>
#include <string_view>
#include <vector>

#ifndef AIRTOK_CLI_VERSION
#error "AIRTOK_CLI_VERSION must be defined by the build"
#endif

namespace airtok::cli {
namespace {

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

std::string joined(const std::vector<std::string>& list, std::string_view separator) {
  std::string text;
  for (const std::string& item : list) text.append(text.empty() ? "" : separator).append(item);
  return text;
}

std::string words(const std::vector<std::string>& list) { return joined(list, " "); }

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

std::vector<std::string> option_name_list(const CLI::Option& option) {
  std::vector<std::string> names;
  for (const std::string& s : option.get_snames()) names.push_back("-" + s);
  for (const std::string& l : option.get_lnames()) names.push_back("--" + l);
  return names;
}

// The option words of a command, for bash.
std::string option_words(CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : options(command)) {
    const std::vector<std::string> more = option_name_list(*option);
    names.insert(names.end(), more.begin(), more.end());
  }
  return words(names);
}

// What the value of an option or a positional argument is, to complete it.
enum class ValueKind { text, file, directory, encoding, model, choice };

// The definitions give most values the type TEXT, so what they are is found by the option's
// long name or the positional's name (`-e,--encoding`, `--dir`, ...); an option can also say
// FILE with its type name. Other option values are free text; other positionals are files, as
// in the bash script.
ValueKind value_kind(const CLI::Option& option) {
  if (!choices(option).empty()) return ValueKind::choice;
  if (option.get_type_name() == "FILE") return ValueKind::file;
  const std::string& name = option.get_single_name();
  if (name == "encoding" || name == "encodings") return ValueKind::encoding;
  if (name == "model") return ValueKind::model;
  if (name == "dir" || name == "bundle") return ValueKind::directory;
  if (name == "text" || name == "ids") return ValueKind::text;
  return option.get_positional() ? ValueKind::file : ValueKind::text;
}

std::vector<std::string> model_names() {
  std::vector<std::string> models;
  for (const auto& [model, encoding] : model_to_encoding()) models.push_back(model);
  return models;
}

// The words a value can be when they are known (encodings, models, choices), else none.
std::vector<std::string> value_words(const CLI::Option& option) {
  switch (value_kind(option)) {
    case ValueKind::encoding:
      return list_encoding_names();
    case ValueKind::model:
      return model_names();
    case ValueKind::choice:
      return choices(option);
    default:
      return {};
  }
}

// bash completes an option's value by the word before it, whatever the command; an option
// spelt the same way in several commands gets the first one's case.
std::string value_cases(CLI::App& app) {
  std::vector<std::pair<std::string, CLI::App*>> commands;
  command_paths(app, "", commands);
  std::set<std::string> done;
  std::string cases;
  for (const auto& [name, command] : commands) {
    for (const CLI::Option* option : options(*command)) {
      const std::vector<std::string> values = value_words(*option);
      std::string pattern;
      for (const std::string& n : option_name_list(*option)) {
        pattern += (pattern.empty() ? "" : "|") + n;
      }
      if (values.empty() || pattern.empty() || !done.insert(pattern).second) continue;
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

// ---- zsh: one _arguments function per command, named after its path (_airtok_cache_install)

// `text` as one zsh word in single quotes.
std::string zsh_quote(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// A description on one line (zsh cuts it to the terminal's width), with a backslash before the
// characters that _arguments and _describe give a meaning: brackets, colons and backslashes.
std::string zsh_description(std::string_view description) {
  std::string text;
  for (char c : description) {
    if (c == '\\' || c == '[' || c == ']' || c == ':') text += '\\';
    text += c == '\n' ? ' ' : c;
  }
  return text;
}

// How zsh completes a value of `option`.
std::string zsh_action(const CLI::Option& option) {
  switch (value_kind(option)) {
    case ValueKind::file:
      return "_files";
    case ValueKind::directory:
      return "_files -/";
    case ValueKind::encoding:
      return "__airtok_encoding_names";
    case ValueKind::model:
      return "__airtok_model_names";
    case ValueKind::choice:
      return "(" + words(choices(option)) + ")";
    case ValueKind::text:
      break;
  }
  return " ";  // nothing to offer: zsh shows the value's name
}

// One spec per name of `option`. Once given, an option excludes its other names and the options
// it excludes (-e and -m); --help and --version exclude everything. A list option ('*') can be
// given again. A value follows as ":name:action".
std::vector<std::string> zsh_option_specs(CLI::App& command, const CLI::Option& option) {
  const std::vector<std::string> names = option_name_list(option);
  const bool alone = &option == command.get_help_ptr() || &option == command.get_version_ptr();
  const bool list = option.get_expected_max() > 1;
  std::vector<std::string> excluded = list ? std::vector<std::string>{} : names;
  for (const CLI::Option* other : option.get_excludes()) {
    for (const std::string& name : option_name_list(*other)) excluded.push_back(name);
  }
  std::string prefix = alone ? "(- *)" : "";
  if (!alone && excluded.size() > (list ? 0 : 1)) prefix = "(" + words(excluded) + ")";
  if (list) prefix += '*';
  std::string rest = "[" + zsh_description(option.get_description()) + "]";
  if (option.get_items_expected_max() > 0) {
    rest += ":" + option.get_single_name() + ":" + zsh_action(option);
  }
  std::vector<std::string> specs;
  for (const std::string& name : names) specs.push_back(zsh_quote(prefix + name + rest));
  return specs;
}

// Positional arguments by position; a list takes all the words left ('*'), so it comes last.
std::vector<std::string> zsh_positional_specs(const CLI::App& command) {
  std::vector<std::string> specs;
  int position = 0;
  for (const CLI::Option* option : options(command)) {
    if (!option->get_positional()) continue;
    const std::string rest = ":" + option->get_name(true) + ":" + zsh_action(*option);
    if (option->get_expected_max() > 1) {
      specs.push_back(zsh_quote("*" + rest));
      break;
    }
    specs.push_back(zsh_quote(std::to_string(++position) + rest));
  }
  return specs;
}

// "cache install" -> "_airtok_cache_install"; "" (the top level) -> "_airtok".
std::string zsh_function_name(const std::string& path) {
  std::string name = path.empty() ? "_airtok" : "_airtok_" + path;
  std::replace(name.begin(), name.end(), ' ', '_');
  return name;
}

// The subcommands of `command` with their descriptions, then each one's own function, called with
// $words narrowed to the subcommand's words (`*::`) in a context named after it.
std::string zsh_dispatch(const std::string& path, CLI::App& command) {
  std::string context = path.empty() ? "airtok" : "airtok " + path;
  const std::string menu = context + " command";
  std::replace(context.begin(), context.end(), ' ', '-');
  std::string text = "  case $state in\n    command)\n      local -a commands=(\n";
  for (CLI::App* sub : subcommands(command)) {
    text += "        " +
            zsh_quote(sub->get_name() + ":" + zsh_description(sub->get_description())) + "\n";
  }
  text += "      )\n      _describe -t commands " + zsh_quote(menu) + " commands ;;\n";
  text += "    argument)\n      curcontext=${curcontext%:*:*}:" + context + "-$words[1]:\n";
  text += "      case $words[1] in\n";
  for (CLI::App* sub : subcommands(command)) {
    const std::string sub_path = path.empty() ? sub->get_name() : path + " " + sub->get_name();
    text += "        " + zsh_quote(sub->get_name()) + ") " + zsh_function_name(sub_path) + " ;;\n";
  }
  return text + "      esac ;;\n  esac\n";
}

std::string zsh_function(const std::string& path, CLI::App& command) {
  std::vector<std::string> specs;
  for (const CLI::Option* option : options(command)) {
    if (option->get_positional()) continue;
    for (std::string& spec : zsh_option_specs(command, *option)) specs.push_back(std::move(spec));
  }
  for (std::string& spec : zsh_positional_specs(command)) specs.push_back(std::move(spec));
  std::string text = zsh_function_name(path) + "() {\n";
  if (subcommands(command).empty()) {
    return text + "  _arguments -S \\\n    " + joined(specs, " \\\n    ") + "\n}\n";
  }
  specs.insert(specs.end(), {"': :->command'", "'*:: :->argument'"});
  text += "  local curcontext=$curcontext state line\n";
  text += "  _arguments -C -S \\\n    " + joined(specs, " \\\n    ") + " && return\n";
  return text + zsh_dispatch(path, command) + "}\n";
}

// Loaded from $fpath (the file `_airtok`, whose `#compdef` line compinit reads), the script is
// the body of _airtok: it defines the functions, then completes. Sourced, it registers _airtok.
std::string zsh_script(CLI::App& app) {
  std::string script =
      "#compdef airtok\n"
      "# zsh completion for airtok; generated by `airtok completions zsh` "
      "(airtok " AIRTOK_CLI_VERSION
      ").\n"
      "# Install: airtok completions zsh > ~/.zfunc/_airtok, with fpath=(~/.zfunc $fpath) before\n"
      "# compinit in ~/.zshrc; or, after compinit: source <(airtok completions zsh)\n\n";
  script +=
      "__airtok_encoding_names() {\n  local expl\n  _wanted encodings expl encoding compadd -- " +
      words(list_encoding_names()) + "\n}\n\n";
  script += "__airtok_model_names() {\n  local expl\n  _wanted models expl model compadd -- " +
            words(model_names()) + "\n}\n\n";
  script += zsh_function("", app);
  std::vector<std::pair<std::string, CLI::App*>> commands;
  command_paths(app, "", commands);
  for (const auto& [path, command] : commands) script += "\n" + zsh_function(path, *command);
  return script +
         "\nif [[ $funcstack[1] == _airtok ]]; then\n  _airtok \"$@\"\nelse\n"
         "  compdef _airtok airtok\nfi\n";
}

}  // namespace

DocsCommand::DocsCommand(CLI::App& app) : app_(app) {
  man_ = app.add_subcommand("man", "Print the man page (roff), generated from these definitions");
  man_->footer("Example:\n  airtok man > airtok.1 && man -l airtok.1");
  completions_ = app.add_subcommand("completions", "Print the shell completion script");
  completions_->add_option("shell", shell_, "Shell: bash (the default) or zsh")
      ->check(CLI::IsMember({"bash", "zsh"}));
  completions_->footer(
      "Examples:\n  airtok completions bash > ~/.local/share/bash-completion/completions/airtok\n"
      "  airtok completions zsh > ~/.zfunc/_airtok   # with fpath=(~/.zfunc $fpath) before "
      "compinit");
}

bool DocsCommand::parsed() const { return man_->parsed() || completions_->parsed(); }

int DocsCommand::run(std::FILE* out) const {
  if (man_->parsed()) {
    write_out(out, man_page(app_));
  } else {
    write_out(out, shell_ == "zsh" ? zsh_script(app_) : bash_script(app_));
  }
  return 0;
}

}  // namespace airtok::cli
