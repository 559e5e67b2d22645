// doctor_command.cpp — `airtok doctor`. The facts about each consumer (its directory, its names,
// what it does with a missing or corrupt file) come from the library (airtok/cache.hpp:
// resolve_cache_dir, verify_cache); this file finds out which consumers the chosen Python has,
// lists the environment variables that decide, and words the verdict.
//
// Detection runs `PYTHON -c PROGRAM`, where PROGRAM only calls importlib.util.find_spec (which
// locates a top-level module without running it) and importlib.metadata.version, so no network
// code is imported; airtok's own package is imported (it imports nothing from the network) to see
// which drop-ins it offers.
#include "doctor_command.hpp"

#include "input.hpp"
#include "output.hpp"

#include <airtok/cache.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string_view>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace airtok::cli {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kProbe = R"(import importlib.metadata, importlib.util, json, sys
def probe(module, dist):
    try:
        spec = importlib.util.find_spec(module)
    except Exception as e:
        return {"installed": False, "error": f"{type(e).__name__}: {e}"}
    if spec is None:
        return {"installed": False}
    where = spec.origin or next(iter(spec.submodule_search_locations or []), None)
    info = {"installed": True, "origin": where, "version": None}
    try:
        info["version"] = importlib.metadata.version(dist)
    except Exception:
        pass
    return info
out = {"executable": sys.executable, "python": sys.version.split()[0],
       "tiktoken": probe("tiktoken", "tiktoken"),
       "openai_harmony": probe("openai_harmony", "openai-harmony"),
       "airtok": probe("airtok", "airtok")}
if out["airtok"]["installed"]:
    try:
        import airtok
        out["airtok"]["install_as_tiktoken"] = hasattr(airtok, "install_as_tiktoken")
        out["airtok"]["install_as_openai_harmony"] = hasattr(airtok, "install_as_openai_harmony")
    except Exception as e:
        out["airtok"]["import_error"] = f"{type(e).__name__}: {e}"
print(json.dumps(out))
)";

struct PythonProbe {
  bool ran = false;
  std::string error;  // why it could not be asked
  Json facts;         // kProbe's answer
};

/// Runs `python -c kProbe`, collecting standard output (standard error is discarded).
PythonProbe ask_python(const std::string& python) {
  PythonProbe probe;
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) {
    probe.error = std::string("cannot make a pipe: ") + std::strerror(errno);
    return probe;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  const std::string program(kProbe);
  std::vector<char*> argv{const_cast<char*>(python.c_str()), const_cast<char*>("-c"),
                          const_cast<char*>(program.c_str()), nullptr};
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, python.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  std::string output;
  if (spawned == 0) {
    char buffer[4096];
    for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) != 0;) {
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) break;
      output.append(buffer, static_cast<std::size_t>(n));
    }
  }
  ::close(pipe_fds[0]);
  if (spawned != 0) {
    probe.error = python + " cannot be run: " + std::strerror(spawned);
    return probe;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    probe.error = python + " -c '<probe>' failed (exit status " +
                  std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
                  "): is it a Python 3 interpreter?";
    return probe;
  }
  try {
    probe.facts = Json::parse(output);
    probe.ran = true;
  } catch (const Json::exception&) {
    probe.error =
        python + " printed something that is not the probe's answer: " + output.substr(0, 200);
  }
  return probe;
}

struct Variable {
  std::string name;
  std::optional<std::string> value;
  std::string effect;
};

std::optional<std::string> env_value(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::nullopt : std::optional<std::string>(value);
}

std::vector<Variable> tiktoken_variables(const CacheDir& dir) {
  std::vector<Variable> vars;
  const bool by_temp = dir.rule == CacheDirRule::temp_dir;
  auto add = [&](const char* name, std::string effect_if_set, std::string effect_if_unset = {}) {
    const std::optional<std::string> value = env_value(name);
    vars.push_back({name, value, value ? std::move(effect_if_set) : std::move(effect_if_unset)});
  };
  add("TIKTOKEN_CACHE_DIR",
      dir.rule == CacheDirRule::tiktoken_cache_dir
          ? (dir.disabled() ? "applies: the empty string disables the cache (downloads every time)"
                            : "applies: it is the directory")
          : "",
      "unset");
  add("DATA_GYM_CACHE_DIR",
      dir.rule == CacheDirRule::data_gym_cache_dir
          ? (dir.disabled() ? "applies: the empty string disables the cache (downloads every time)"
                            : "applies: it is the directory")
          : "ignored: TIKTOKEN_CACHE_DIR is set and wins",
      "unset");
  for (const char* name : {"TMPDIR", "TEMP", "TMP"}) {
    add(name,
        by_temp ? "read by Python's tempfile.gettempdir() for the default directory"
                : "not used: a cache variable is set",
        by_temp ? "unset" : "unset (not used)");
  }
  add("TIKTOKEN_OFFLINE", "ignored: tiktoken 0.14 does not read it and still downloads", "unset");
  return vars;
}

std::vector<Variable> harmony_variables(const CacheDir& dir) {
  std::vector<Variable> vars;
  auto add = [&](const char* name, std::string effect_if_set, std::string effect_if_unset) {
    const std::optional<std::string> value = env_value(name);
    vars.push_back({name, value, value ? std::move(effect_if_set) : std::move(effect_if_unset)});
  };
  add("TIKTOKEN_ENCODINGS_BASE",
      dir.rule == CacheDirRule::tiktoken_encodings_base
          ? "applies: o200k_base.tiktoken is read from it under its plain name; no download, "
            "ever"
          : "ignored: not valid UTF-8 (Rust's std::env::var treats it as unset)",
      "unset");
  add("TIKTOKEN_RS_CACHE_DIR",
      dir.rule == CacheDirRule::tiktoken_rs_cache_dir ? "applies: it is the cache directory"
      : dir.rule == CacheDirRule::tiktoken_encodings_base
          ? "ignored: TIKTOKEN_ENCODINGS_BASE is set and wins"
          : "ignored: not valid UTF-8",
      "unset");
  const bool by_temp = dir.rule == CacheDirRule::rust_temp_dir;
  add("TMPDIR",
      by_temp ? "read by Rust's std::env::temp_dir() for the default directory"
              : "not used: a variable above is set",
      by_temp ? "unset: Rust's std::env::temp_dir() is /tmp" : "unset (not used)");
  return vars;
}

std::string quoted_value(const std::optional<std::string>& value) {
  return value ? Json(*value).dump() : std::string("-");
}

/// What the consumer does at first use, one line per problem.
std::vector<std::string> first_use(const VerifyReport& report) {
  if (report.ok()) return {"works offline: every file it reads is in place under the right name"};
  std::vector<std::string> lines;
  for (const VerifyEntry& e : report.entries) {
    if (!e.problem || e.official == nullptr) continue;
    lines.push_back(std::string(e.official->name) + " " + std::string(to_string(e.status)) + ": " +
                    e.detail);
  }
  if (report.dir.rule == CacheDirRule::rust_temp_dir && !report.dir_exists) {
    // openai-harmony creates its default directory (create_dir_all) before looking in it.
    std::error_code ignored;
    std::filesystem::path ancestor(report.dir.path);
    while (ancestor.has_parent_path() && ancestor != ancestor.parent_path() &&
           !std::filesystem::exists(ancestor, ignored)) {
      ancestor = ancestor.parent_path();
    }
    const std::string at = ancestor.empty() ? "." : ancestor.string();
    if (!std::filesystem::is_directory(at, ignored) || ::access(at.c_str(), W_OK) != 0) {
      lines.push_back("openai-harmony cannot even create " + report.dir.path + " (" + at +
                      " is not a writable directory): HarmonyError: error downloading or "
                      "loading vocab file: an underlying IO error occurred while creating cache "
                      "dir; fix TMPDIR, or set TIKTOKEN_RS_CACHE_DIR or TIKTOKEN_ENCODINGS_BASE");
    }
  }
  if (report.dir.consumer == Consumer::tiktoken) {
    lines.emplace_back(
        "with no network, each such download fails with requests.exceptions.ConnectionError "
        "(HTTPSConnectionPool ... Max retries exceeded)");
  }
  return lines;
}

/// The commands that fix the report's problems, without duplicates; several installs of single
/// encodings become one install of everything the consumer reads.
std::vector<std::string> fixes(const VerifyReport& report) {
  if (report.dir.disabled()) {
    return {"unset " + std::string(report.dir.rule_name()) + " && airtok cache install"};
  }
  std::vector<std::string> installs, others;
  for (const VerifyEntry& e : report.entries) {
    if (!e.problem || e.fix.empty()) continue;
    std::vector<std::string>& list =
        e.fix.rfind("airtok cache install ", 0) == 0 ? installs : others;
    if (std::find(list.begin(), list.end(), e.fix) == list.end()) list.push_back(e.fix);
  }
  if (installs.size() > 1) {
    installs = {std::string("airtok cache install") +
                (report.dir.consumer == Consumer::harmony ? " --for harmony" : "")};
  }
  others.insert(others.begin(), installs.begin(), installs.end());
  return others;
}

/// fixes(), except when a variable names a file instead of the directory holding it (a common
/// slip with TIKTOKEN_ENCODINGS_BASE): then the fix is to name the directory.
std::vector<std::string> fixes_for(const VerifyReport& report) {
  std::error_code ignored;
  const std::filesystem::path path(report.dir.path);
  if (report.dir.disabled() || report.dir.rule == CacheDirRule::explicit_dir ||
      !std::filesystem::is_regular_file(path, ignored)) {
    return fixes(report);
  }
  const std::string parent = path.has_parent_path() ? path.parent_path().string() : ".";
  return {"export " + std::string(report.dir.rule_name()) + "=" + parent +
          "   (the directory, not the file)"};
}

/// Good copies of the consumer's missing files in directories it does not read (the "wrong
/// directory" case): the other consumer's directory and those the variables name.
std::vector<std::string> copies_elsewhere(const VerifyReport& report) {
  std::vector<std::string> found;
  std::vector<std::string> candidates = {resolve_cache_dir(Consumer::tiktoken).path,
                                         resolve_cache_dir(Consumer::harmony).path};
  for (const char* name : {"TIKTOKEN_RS_CACHE_DIR", "TIKTOKEN_ENCODINGS_BASE"}) {
    if (const char* value = std::getenv(name); value != nullptr && *value != '\0') {
      candidates.emplace_back(value);
    }
  }
  for (const VerifyEntry& e : report.entries) {
    if (e.status != EntryStatus::missing || !e.problem || e.official == nullptr) continue;
    const std::vector<std::string> encoding{std::string(e.official->encodings.front())};
    std::vector<std::string> seen;
    for (const std::string& dir : candidates) {
      std::error_code ignored;
      if (dir.empty() || dir == report.dir.path || !std::filesystem::is_directory(dir, ignored) ||
          std::find(seen.begin(), seen.end(), dir) != seen.end()) {
        continue;
      }
      seen.push_back(dir);
      // As an explicit tiktoken directory: a good copy is "ok" under the SHA-1 name and
      // "misnamed" under any other.
      const VerifyReport other = verify_cache(encoding, {dir, Consumer::tiktoken});
      for (const VerifyEntry& copy : other.entries) {
        if (copy.official == e.official &&
            (copy.status == EntryStatus::ok || copy.status == EntryStatus::misnamed)) {
          found.push_back(std::string(e.official->name) + " is in " + dir + " as " + copy.file +
                          ", a directory or name " + std::string(to_string(report.dir.consumer)) +
                          " does not read here");
        }
      }
    }
  }
  return found;
}

struct ConsumerCheck {
  Consumer consumer = Consumer::tiktoken;
  const char* module = "";
  bool installed = false;
  bool checked = false;
  std::string why;
  Json probe;  // the Python's answer about the module
  CacheDir dir;
  std::optional<VerifyReport> report;
  std::vector<Variable> variables;
  std::vector<std::string> elsewhere;
  bool ok() const { return !report || report->ok(); }
};

Json variables_json(const std::vector<Variable>& vars) {
  Json list = Json::array();
  for (const Variable& v : vars) {
    Json item;
    item["name"] = v.name;
    item["value"] = v.value ? Json(*v.value) : Json(nullptr);
    item["effect"] = v.effect;
    list.push_back(std::move(item));
  }
  return list;
}

Json check_json(const ConsumerCheck& c) {
  Json j;
  j["consumer"] = to_string(c.consumer);
  j["module"] = c.module;
  j["installed"] = c.installed;
  j["version"] = c.probe.contains("version") ? c.probe["version"] : Json(nullptr);
  j["origin"] = c.probe.contains("origin") ? c.probe["origin"] : Json(nullptr);
  j["checked"] = c.checked;
  j["why"] = c.why;
  if (c.checked) {
    j["environment"] = variables_json(c.variables);
    j["directory"] = Json::parse(c.dir.to_json());
    j["verify"] = Json::parse(c.report->to_json());
    j["first_use"] = first_use(*c.report);
    j["fix"] = fixes_for(*c.report);
    j["elsewhere"] = c.elsewhere;
  }
  j["ok"] = c.ok();
  return j;
}

std::string naming_words(const CacheDir& dir) {
  switch (dir.naming) {
    case FileNaming::url_sha1:
      return "each file under the SHA-1 of its URL";
    case FileNaming::plain_name:
      return "o200k_base.tiktoken under its plain name";
    case FileNaming::both:
      return "either name";
  }
  return {};
}

std::string check_text(const ConsumerCheck& c, const std::string& python) {
  const std::string name(to_string(c.consumer));
  std::string text = "\n" + name + " (Python module " + c.module + "): ";
  if (c.installed) {
    const Json& version = c.probe["version"];
    text += "installed" + (version.is_string() ? " (" + version.get<std::string>() + ")" : "") +
            " at " + c.probe.value("origin", std::string("?")) + "\n";
  } else {
    text += "not installed for " + python + "; " + c.why + "\n";
  }
  if (!c.checked) return text;
  text += "  environment:\n";
  for (const Variable& v : c.variables) {
    std::string line = "    " + v.name;
    line.append(line.size() < 28 ? 28 - line.size() : 1, ' ');
    text += line + quoted_value(v.value) + "  " + v.effect + "\n";
  }
  const VerifyReport& r = *c.report;
  std::error_code ignored;
  const bool is_file =
      !r.dir.disabled() && !r.dir_exists && std::filesystem::exists(r.dir.path, ignored);
  text += "  reads: " + (r.dir.disabled() ? std::string("(no cache)") : r.dir.path) +
          (r.dir.disabled() || r.dir_exists ? ""
           : is_file ? " (a file, not a directory: the variable must name the directory that "
                       "holds the file)"
                     : " (does not exist)") +
          ", " + naming_words(r.dir) + "\n    because " + r.dir.reason + "\n";
  for (const VerifyEntry& e : r.entries) {
    if (e.official == nullptr && e.status == EntryStatus::unknown) continue;
    std::string encodings;
    if (e.official != nullptr) {
      for (std::string_view encoding : e.official->encodings) {
        encodings += (encodings.empty() ? " (for " : ", ") + std::string(encoding);
      }
      encodings += ")";
    }
    text += "  " + std::string(to_string(e.status)) + ": " +
            (e.official != nullptr ? std::string(e.official->name) + " as " : "") + e.file +
            encodings + "\n";
  }
  const std::vector<std::string> consequences = first_use(r);
  if (consequences.size() == 1 && r.ok()) {
    text += "  at first use: " + consequences.front() + "\n";
  } else {
    text += "  at first use:\n";
    for (const std::string& line : consequences) text += "    " + line + "\n";
  }
  for (const std::string& line : c.elsewhere) text += "  note: " + line + "\n";
  for (const std::string& fix : fixes_for(r)) text += "  fix: " + fix + "\n";
  return text;
}

/// Checks each consumer the Python has, or that `forced` names.
std::vector<ConsumerCheck> check_consumers(const PythonProbe& probe,
                                           const std::vector<Consumer>& forced) {
  std::vector<ConsumerCheck> checks(2);
  checks[0].consumer = Consumer::tiktoken;
  checks[0].module = "tiktoken";
  checks[1].consumer = Consumer::harmony;
  checks[1].module = "openai_harmony";
  for (ConsumerCheck& c : checks) {
    if (probe.ran) c.probe = probe.facts[c.module];
    c.installed = probe.ran && c.probe.value("installed", false);
    const bool asked = std::find(forced.begin(), forced.end(), c.consumer) != forced.end();
    c.checked = c.installed || asked;
    c.why = c.installed ? "installed"
            : asked     ? "checked because of --for"
                        : "not checked (use --for to check it anyway)";
    if (!c.checked) continue;
    c.dir = resolve_cache_dir(c.consumer);
    c.report = verify_cache({}, {"", c.consumer});
    c.variables =
        c.consumer == Consumer::tiktoken ? tiktoken_variables(c.dir) : harmony_variables(c.dir);
    c.elsewhere = copies_elsewhere(*c.report);
  }
  return checks;
}

std::string doctor_json(const std::string& python, const PythonProbe& probe,
                        const std::vector<ConsumerCheck>& checks, std::size_t checked, bool ok) {
  Json j;
  Json py;
  py["path"] = python;
  py["ran"] = probe.ran;
  py["error"] = probe.error.empty() ? Json(nullptr) : Json(probe.error);
  py["executable"] = probe.ran ? probe.facts["executable"] : Json(nullptr);
  py["version"] = probe.ran ? probe.facts["python"] : Json(nullptr);
  j["python"] = std::move(py);
  j["airtok"] = probe.ran ? probe.facts["airtok"] : Json(nullptr);
  Json list = Json::array();
  for (const ConsumerCheck& c : checks) list.push_back(check_json(c));
  j["consumers"] = std::move(list);
  j["checked"] = checked;
  j["ok"] = ok;
  return j.dump(2) + "\n";
}

/// The line about airtok's own drop-ins, when the Python has the airtok package.
std::string dropins_text(const PythonProbe& probe) {
  if (!probe.ran) return {};
  const Json& dropins = probe.facts["airtok"];
  if (!dropins.is_object() || !dropins.value("installed", false)) return {};
  std::string offered;
  if (dropins.value("install_as_tiktoken", false)) offered += "airtok.install_as_tiktoken()";
  if (dropins.value("install_as_openai_harmony", false)) {
    offered += (offered.empty() ? "" : " and ") + std::string("airtok.install_as_openai_harmony()");
  }
  const bool two = offered.find(" and ") != std::string::npos;
  const std::string none = dropins.contains("import_error")
                               ? "none (airtok is there but cannot be imported: " +
                                     dropins["import_error"].get<std::string>() + ")"
                               : std::string("none");
  return "airtok's drop-ins in this Python: " +
         (offered.empty() ? none
                          : offered + ": code that calls " + (two ? "them" : "it") +
                                " before importing the real package needs no file and no "
                                "network at all") +
         "\n";
}

std::string verdict_text(const std::string& python, const std::vector<ConsumerCheck>& checks,
                         std::size_t checked, bool ok) {
  if (checked == 0) {
    return "verdict: neither tiktoken nor openai-harmony is installed for " + python +
           ", so nothing would fail; to prepare this machine for them anyway: airtok doctor "
           "--for all, then airtok cache install --for all\n";
  }
  std::string verdict;
  for (const ConsumerCheck& c : checks) {
    if (!c.checked) continue;
    verdict += (verdict.empty() ? "" : "; ") + std::string(to_string(c.consumer)) +
               (c.ok() ? " works offline" : " would fail offline");
  }
  return "verdict: " + verdict + (ok ? "\n" : " (exit status 1)\n");
}

}  // namespace

DoctorCommand::DoctorCommand(CLI::App& app) {
  doctor_ = app.add_subcommand(
      "doctor",
      "Tell whether this machine can run Python tiktoken and openai-harmony offline: which "
      "environment variables apply, which directory each reads under which names, what is "
      "missing or corrupt, what first use would do, and the command that fixes it; exit status "
      "1 if something would fail");
  doctor_->add_option("--python", python_,
                      "The Python whose packages are checked (default /usr/bin/python3)");
  doctor_
      ->add_option("--for", for_,
                   "Check these consumers even where they are not installed (preparing an image "
                   "for another machine): tiktoken, harmony or all")
      ->check(CLI::IsMember({"tiktoken", "harmony", "all"}));
  doctor_->add_flag("--json", json_, "Print JSON");
  doctor_->footer(
      "Examples:\n  airtok doctor\n  airtok doctor --python /opt/venv/bin/python --json\n"
      "  airtok doctor --for all      # as if both were installed");
}

bool DoctorCommand::parsed() const { return doctor_->parsed(); }

int DoctorCommand::run(std::FILE* out) const {
  const bool python_given = doctor_->get_option("--python")->count() > 0;
  const PythonProbe probe = ask_python(python_);
  const std::vector<Consumer> forced =
      for_.empty() ? std::vector<Consumer>{} : parse_consumers(for_);
  const std::vector<ConsumerCheck> checks = check_consumers(probe, forced);
  const bool python_failed = python_given && !probe.ran;
  bool ok = !python_failed;
  std::size_t checked = 0;
  for (const ConsumerCheck& c : checks) {
    ok = ok && c.ok();
    checked += c.checked ? 1 : 0;
  }
  if (json_) {
    write_out(out, doctor_json(python_, probe, checks, checked, ok));
    return ok ? 0 : 1;
  }
  std::string text = "python: " + python_;
  text += probe.ran ? " (Python " + probe.facts["python"].get<std::string>() + ")\n"
                    : " cannot be asked: " + probe.error + "\n";
  text += dropins_text(probe);
  for (const ConsumerCheck& c : checks) text += check_text(c, python_);
  text += "\n" + verdict_text(python_, checks, checked, ok);
  if (python_failed) text += "error: the Python given with --python cannot be run\n";
  write_out(out, text);
  return ok ? 0 : 1;
}

}  // namespace airtok::cli
