// cache_cli_test.cpp — runs `airtok cache ...` (AIRTOK_CLI_PATH) and checks exit statuses,
// output and error messages, including several processes installing into one directory.
#include "cache_test_util.hpp"

#include <airtok/cache.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

namespace {

using airtok::test::contains;
using airtok::test::TempDir;

struct Result {
  int status = -1;
  std::string out;
  std::string err;
};

/// Runs `prefix airtok args...` through the shell; `prefix` may set the environment
/// (e.g. "env -u TIKTOKEN_CACHE_DIR").
Result run(const TempDir& tmp, const std::string& args, const std::string& prefix = "") {
  const std::string out = tmp / ".out", err = tmp / ".err";
  const std::string command = prefix + " '" + std::string(AIRTOK_CLI_PATH) + "' " + args + " > '" +
                              out + "' 2> '" + err + "'";
  const int raw = std::system(command.c_str());
  Result result;
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  result.out = airtok::test::read_all(out);
  result.err = airtok::test::read_all(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return result;
}

const std::string kClean = "env -u TIKTOKEN_CACHE_DIR -u DATA_GYM_CACHE_DIR -u TIKTOKEN_OFFLINE";

TEST(CacheCli, DirFollowsTheEnvironment) {
  TempDir tmp;
  Result r = run(tmp, "cache dir --json", kClean + " TIKTOKEN_CACHE_DIR=/srv/tiktoken");
  ASSERT_EQ(r.status, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["path"], "/srv/tiktoken");
  EXPECT_EQ(j["rule"], "TIKTOKEN_CACHE_DIR");

  r = run(tmp, "cache dir --json", kClean + " DATA_GYM_CACHE_DIR=/srv/dg");
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["path"], "/srv/dg");
  EXPECT_EQ(j["rule"], "DATA_GYM_CACHE_DIR");

  r = run(tmp, "cache dir --json", kClean + " TMPDIR='" + tmp.path() + "'");
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["path"], tmp.path() + "/data-gym-cache");
  EXPECT_EQ(j["rule"], "default");
  EXPECT_EQ(j["exists"], false);

  r = run(tmp, "cache dir --json", kClean + " TIKTOKEN_CACHE_DIR=");
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["disabled"], true);

  r = run(tmp, "cache dir", kClean + " TIKTOKEN_CACHE_DIR=/srv/t TIKTOKEN_OFFLINE=1");
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "/srv/t");
  EXPECT_TRUE(contains(r.out, "why: TIKTOKEN_CACHE_DIR is set to \"/srv/t\"")) << r.out;
  EXPECT_TRUE(contains(r.out, "tiktoken 0.14 does not read this variable")) << r.out;
  EXPECT_TRUE(contains(r.out, "$XDG_CACHE_HOME/tiktoken")) << r.out;
}

TEST(CacheCli, InstallVerifyAndACorruptFile) {
  TempDir tmp;
  const std::string dir = tmp / "cache";
  Result r = run(tmp, "cache install --dir '" + dir + "'", kClean);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "6 files, 6 written, 0 already there, SHA-256 checked")) << r.out;
  EXPECT_TRUE(contains(r.out, "export TIKTOKEN_CACHE_DIR=" + dir)) << r.out;
  r = run(tmp, "cache verify", kClean + " TIKTOKEN_CACHE_DIR='" + dir + "'");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "6 ok; tiktoken can use this directory offline")) << r.out;

  const std::string victim = dir + "/ec7223a39ce59f226a68acc30dc1af2788490e15";  // p50k_base
  std::string data = airtok::test::read_all(victim);
  airtok::test::write_all(victim, data.substr(0, data.size() - 10));
  r = run(tmp, "cache verify --dir '" + dir + "'", kClean);
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.out, "corrupt     p50k_base.tiktoken")) << r.out;
  EXPECT_TRUE(contains(r.out, "truncated")) << r.out;
  EXPECT_TRUE(contains(r.out, "fix: airtok cache install p50k_base --dir " + dir)) << r.out;
  r = run(tmp, "cache verify --json --dir '" + dir + "'", kClean);
  EXPECT_EQ(r.status, 1);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["ok"], false);
  EXPECT_EQ(j["problems"], 1);

  r = run(tmp, "cache install p50k_edit --dir '" + dir + "'", kClean);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "1 file, 1 written")) << r.out;
  EXPECT_EQ(run(tmp, "cache verify --dir '" + dir + "'", kClean).status, 0);
}

TEST(CacheCli, AddRefusesAWrongFileAndAcceptsTheRightOne) {
  TempDir tmp;
  const std::string dir = tmp / "cache";
  const std::string official =
      airtok::test::read_all(airtok::test::data_path("cl100k_base.tiktoken"));
  airtok::test::write_all(tmp / "cl100k_base.tiktoken", official.substr(0, 5000));
  Result r =
      run(tmp, "cache add '" + (tmp / "cl100k_base.tiktoken") + "' --dir '" + dir + "'", kClean);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("airtok: error: ", 0), 0u) << r.err;
  EXPECT_TRUE(contains(r.err, "refused")) << r.err;
  EXPECT_TRUE(contains(r.err, "airtok cache install cl100k_base --dir " + dir)) << r.err;

  airtok::test::write_all(tmp / "cl100k_base.tiktoken", official);
  r = run(tmp,
          "cache add '" + (tmp / "cl100k_base.tiktoken") + "' -e cl100k_base --dir '" + dir + "'",
          kClean);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "written  9b5ad71b2ce5302211f9c61530b329a4922fc6a4")) << r.out;

  // --encoding and --url together make no sense: a usage error.
  r = run(tmp, "cache add x -e cl100k_base --url https://a/b", kClean);
  EXPECT_EQ(r.status, 2) << r.err;
}

TEST(CacheCli, ExportImportAndList) {
  TempDir tmp;
  Result r = run(tmp, "cache export '" + (tmp / "bundle") + "' cl100k_base gpt2", kClean);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "3 files under their cache names")) << r.out;
  r = run(tmp, "cache import '" + (tmp / "bundle") + "'",
          kClean + " TIKTOKEN_CACHE_DIR='" + (tmp / "c") + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "3 files, 3 written")) << r.out;
  EXPECT_EQ(run(tmp, "cache verify gpt2 cl100k_base --dir '" + (tmp / "c") + "'", kClean).status,
            0);
  r = run(tmp, "cache import '" + (tmp / "nothing") + "' --dir '" + (tmp / "c") + "'", kClean);
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.err, "not a folder written by airtok cache export")) << r.err;

  r = run(tmp, "cache list --json", kClean);
  ASSERT_EQ(r.status, 0);
  const nlohmann::json files = nlohmann::json::parse(r.out);
  ASSERT_EQ(files.size(), 6u);
  EXPECT_EQ(files[4]["key"], "9b5ad71b2ce5302211f9c61530b329a4922fc6a4");
  r = run(tmp, "cache list", kClean);
  EXPECT_TRUE(contains(r.out, "o200k_harmony  o200k_base.tiktoken")) << r.out;
}

TEST(CacheCli, ConcurrentProcessesInstallIntoOneDirectory) {
  TempDir tmp;
  const std::string dir = tmp / "cache";
  std::string script;
  for (int i = 0; i < 4; ++i) {
    script.append("'").append(AIRTOK_CLI_PATH).append("' cache install --dir '").append(dir);
    script.append("' > /dev/null & ");
  }
  script += "wait";
  const std::string command = std::string("bash -c \"").append(script).append("\"");
  ASSERT_EQ(std::system(command.c_str()), 0);
  EXPECT_EQ(run(tmp, "cache verify --dir '" + dir + "'", kClean).status, 0);
  EXPECT_EQ(airtok::test::names_in(dir).size(), 6u) << "temporary files were left";
}

TEST(CacheCli, UnwritableDirectory) {
  TempDir tmp;
  const std::string locked = tmp / "locked";
  std::filesystem::create_directory(locked);
  ::chmod(locked.c_str(), 0555);
  // Root may write anywhere: run as an unprivileged user, as a real user would be.
  const std::string as_user =
      ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
  const Result r = run(tmp, "cache install r50k_base",
                       kClean + " TIKTOKEN_CACHE_DIR='" + locked + "' " + as_user);
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_TRUE(contains(r.err, "Permission denied")) << r.err;
  EXPECT_TRUE(contains(r.err, "TIKTOKEN_CACHE_DIR is set to")) << r.err;
  EXPECT_TRUE(contains(r.err,
                       "export TIKTOKEN_CACHE_DIR=\"$HOME/.cache/tiktoken\" && airtok cache "
                       "install r50k_base"))
      << r.err;
}

TEST(CacheCli, UsageErrors) {
  TempDir tmp;
  EXPECT_EQ(run(tmp, "cache", kClean).status, 2);
  EXPECT_EQ(run(tmp, "cache frobnicate", kClean).status, 2);
  const Result r = run(tmp, "cache install gpt-4 --dir '" + (tmp / "c") + "'", kClean);
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.err, "Unknown encoding gpt-4")) << r.err;
}

}  // namespace

namespace {

const std::string kCleanAll = kClean + " -u TIKTOKEN_ENCODINGS_BASE -u TIKTOKEN_RS_CACHE_DIR";

TEST(CacheCli, ForHarmonyAndAll) {
  TempDir tmp;
  const std::string dir = tmp / "h";
  Result r = run(tmp, "cache install --for harmony --dir '" + dir + "'", kCleanAll);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "2 files, 2 written")) << r.out;
  EXPECT_TRUE(contains(r.out, "export TIKTOKEN_ENCODINGS_BASE=" + dir)) << r.out;
  EXPECT_TRUE(contains(r.out, "export TIKTOKEN_RS_CACHE_DIR=" + dir)) << r.out;
  // openai-harmony is happy there; tiktoken misses five of its six files.
  r = run(tmp, "cache verify --for harmony --dir '" + dir + "'", kCleanAll);
  EXPECT_EQ(r.status, 0) << r.out;
  r = run(tmp, "cache verify --for all --json --dir '" + dir + "'", kCleanAll);
  EXPECT_EQ(r.status, 1) << r.out;
  const nlohmann::json both = nlohmann::json::parse(r.out);
  ASSERT_TRUE(both.is_array() && both.size() == 2) << r.out;
  EXPECT_EQ(both[0]["consumer"], "tiktoken");
  EXPECT_EQ(both[0]["ok"], false);
  EXPECT_EQ(both[0]["problems"], 5);
  EXPECT_EQ(both[1]["consumer"], "openai-harmony");
  EXPECT_EQ(both[1]["ok"], true);
  // The default stays tiktoken, with its old JSON shape (one object).
  r = run(tmp, "cache verify --json --dir '" + dir + "'", kCleanAll);
  EXPECT_EQ(nlohmann::json::parse(r.out)["consumer"], "tiktoken");

  r = run(tmp, "cache dir --for harmony", kCleanAll + " TIKTOKEN_ENCODINGS_BASE=/srv/enc");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "/srv/enc");
  EXPECT_TRUE(contains(r.out, "never downloads")) << r.out;
  EXPECT_TRUE(contains(r.out, "file name: o200k_base.tiktoken (its plain name)")) << r.out;

  r = run(tmp, "cache install --for vllm", kCleanAll);
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.err, "tiktoken")) << r.err;
  r = run(tmp, "cache install p50k_base --for harmony --dir '" + dir + "'", kCleanAll);
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.err, "openai-harmony reads only o200k_base.tiktoken")) << r.err;
}

TEST(CacheCli, DoctorNeedsARunnablePythonWhenOneIsGiven) {
  TempDir tmp;
  Result r = run(tmp, "doctor --python '" + (tmp / "none") + "' --json", kCleanAll);
  EXPECT_EQ(r.status, 1);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["python"]["ran"], false);
  EXPECT_TRUE(contains(j["python"]["error"].get<std::string>(), "cannot be run")) << r.out;
  EXPECT_EQ(j["ok"], false);
}

}  // namespace
