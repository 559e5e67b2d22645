// consumers_test.cpp — openai-harmony as a consumer of the cache kit: its directory rules
// (TIKTOKEN_ENCODINGS_BASE, TIKTOKEN_RS_CACHE_DIR, Rust's temp_dir), its one file and its names,
// install / verify / export / import with Consumer::harmony, and the messages. The expected
// names and paths follow openai-harmony's src/tiktoken_ext/public_encodings.rs, restated in
// airtok/cache.hpp; harmony_reader.py checks the same results independently, in Python.
#include "cache_test_util.hpp"

#include <airtok/cache.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace {

using airtok::CacheDirRule;
using airtok::CacheError;
using airtok::Consumer;
using airtok::EntryStatus;
using airtok::FileNaming;
using airtok::resolve_cache_dir;
using airtok::test::contains;
using airtok::test::EnvGuard;
using airtok::test::TempDir;

constexpr const char* kKey = "fb374d419588a4632f3f557e76b4b70aebbca790";  // SHA-1 of the URL
constexpr const char* kPlain = "o200k_base.tiktoken";

void clear_harmony_variables(EnvGuard& env) {
  env.clear_cache_variables();
  env.unset("TIKTOKEN_ENCODINGS_BASE");
  env.unset("TIKTOKEN_RS_CACHE_DIR");
}

TEST(HarmonyDir, EncodingsBaseWinsAndUsesThePlainName) {
  EnvGuard env;
  clear_harmony_variables(env);
  env.set("TIKTOKEN_ENCODINGS_BASE", "/srv/enc");
  env.set("TIKTOKEN_RS_CACHE_DIR", "/srv/rs");
  const airtok::CacheDir dir = resolve_cache_dir(Consumer::harmony);
  EXPECT_EQ(dir.path, "/srv/enc");
  EXPECT_EQ(dir.rule, CacheDirRule::tiktoken_encodings_base);
  EXPECT_EQ(dir.naming, FileNaming::plain_name);
  EXPECT_FALSE(dir.downloads_when_missing());
  EXPECT_TRUE(contains(dir.reason, "never downloads")) << dir.reason;
  EXPECT_EQ(dir.rule_name(), "TIKTOKEN_ENCODINGS_BASE");
}

TEST(HarmonyDir, EmptyValuesAreTheCurrentDirectory) {
  EnvGuard env;
  clear_harmony_variables(env);
  env.set("TIKTOKEN_ENCODINGS_BASE", "");
  EXPECT_EQ(resolve_cache_dir(Consumer::harmony).path, ".");
  env.unset("TIKTOKEN_ENCODINGS_BASE");
  env.set("TIKTOKEN_RS_CACHE_DIR", "");
  const airtok::CacheDir rs = resolve_cache_dir(Consumer::harmony);
  EXPECT_EQ(rs.path, ".");
  EXPECT_EQ(rs.rule, CacheDirRule::tiktoken_rs_cache_dir);
  EXPECT_FALSE(rs.disabled());  // unlike tiktoken, "" never disables anything
  env.unset("TIKTOKEN_RS_CACHE_DIR");
  env.set("TMPDIR", "");
  EXPECT_EQ(resolve_cache_dir(Consumer::harmony).path, "tiktoken-rs-cache");
}

TEST(HarmonyDir, DefaultIsRustsTempDir) {
  EnvGuard env;
  clear_harmony_variables(env);
  env.unset("TMPDIR");
  env.set("TEMP", "/not/used/by/rust");
  airtok::CacheDir dir = resolve_cache_dir(Consumer::harmony);
  EXPECT_EQ(dir.path, "/tmp/tiktoken-rs-cache");
  EXPECT_EQ(dir.rule, CacheDirRule::rust_temp_dir);
  EXPECT_FALSE(dir.user_specified());
  EXPECT_TRUE(contains(dir.reason, "TMPDIR is not set")) << dir.reason;
  env.set("TMPDIR", "/var/x/");  // not normalized, as Rust's Path::join does not normalize
  EXPECT_EQ(resolve_cache_dir(Consumer::harmony).path, "/var/x/tiktoken-rs-cache");
}

TEST(HarmonyDir, NonUtf8VariablesAreIgnoredAsRustDoes) {
  EnvGuard env;
  clear_harmony_variables(env);
  env.set("TIKTOKEN_ENCODINGS_BASE", "/bad\xff");
  env.set("TIKTOKEN_RS_CACHE_DIR", "/rs");
  const airtok::CacheDir dir = resolve_cache_dir(Consumer::harmony);
  EXPECT_EQ(dir.path, "/rs");
  EXPECT_TRUE(contains(dir.reason, "not valid UTF-8")) << dir.reason;
}

TEST(HarmonyDir, ExplicitDirGetsBothNames) {
  const airtok::CacheDir dir = resolve_cache_dir(Consumer::harmony, "/x");
  EXPECT_EQ(dir.naming, FileNaming::both);
  const std::vector<std::string> expected{kKey, kPlain};
  EXPECT_EQ(dir.names_of(*airtok::consumer_files(Consumer::harmony, {}).front()), expected);
  EXPECT_EQ(resolve_cache_dir(Consumer::tiktoken, "/x").naming, FileNaming::url_sha1);
}

TEST(Consumers, ParseAndFiles) {
  EXPECT_EQ(airtok::parse_consumers("all"),
            (std::vector<Consumer>{Consumer::tiktoken, Consumer::harmony}));
  EXPECT_EQ(airtok::parse_consumers("openai-harmony"), std::vector<Consumer>{Consumer::harmony});
  try {
    airtok::parse_consumers("vllm");
    FAIL() << "no throw";
  } catch (const airtok::Error& e) {
    EXPECT_TRUE(contains(e.what(), "tiktoken (Python tiktoken), harmony")) << e.what();
  }
  const auto files = airtok::consumer_files(Consumer::harmony, {});
  ASSERT_EQ(files.size(), 1U);
  EXPECT_EQ(files.front()->name, kPlain);
  EXPECT_EQ(files.front()->key(), kKey);
  const std::vector<std::string> o200k{"o200k_base"}, cl100k{"cl100k_base"};
  EXPECT_EQ(airtok::consumer_files(Consumer::harmony, o200k), files);
  EXPECT_THROW(airtok::consumer_files(Consumer::harmony, cl100k), airtok::Error);
  EXPECT_EQ(airtok::consumer_files(Consumer::tiktoken, {}).size(), 6U);
}

TEST(HarmonyInstall, WritesTheNameEachDirectoryNeeds) {
  TempDir tmp;
  EnvGuard env;
  clear_harmony_variables(env);
  env.set("TIKTOKEN_ENCODINGS_BASE", tmp / "base");
  airtok::InstallResult result = airtok::install_cache({}, {"", Consumer::harmony});
  ASSERT_EQ(result.files.size(), 1U);
  EXPECT_EQ(result.files[0].stored_as, kPlain);
  EXPECT_EQ(airtok::test::names_in(tmp / "base"), std::vector<std::string>{kPlain});
  env.unset("TIKTOKEN_ENCODINGS_BASE");
  env.set("TIKTOKEN_RS_CACHE_DIR", tmp / "rs");
  result = airtok::install_cache({}, {"", Consumer::harmony});
  EXPECT_EQ(airtok::test::names_in(tmp / "rs"), std::vector<std::string>{kKey});
  result = airtok::install_cache({}, {tmp / "both", Consumer::harmony});
  EXPECT_EQ(result.files.size(), 2U);
  EXPECT_EQ(airtok::test::names_in(tmp / "both"), (std::vector<std::string>{kKey, kPlain}));
  // Same bytes under both names, and the official ones.
  EXPECT_EQ(airtok::test::read_all(tmp / "both/" + std::string(kKey)),
            airtok::test::read_all(tmp / "both/" + std::string(kPlain)));
  EXPECT_EQ(airtok::test::read_all(tmp / "rs/" + std::string(kKey)),
            airtok::test::read_all(airtok::test::data_path(kPlain)));
}

TEST(HarmonyVerify, EachStateWithItsConsequence) {
  TempDir tmp;
  EnvGuard env;
  clear_harmony_variables(env);
  const std::string good = airtok::test::read_all(airtok::test::data_path(kPlain));
  struct Case {
    const char* variable;
    const char* name;
    std::string content;
    EntryStatus status;
    const char* says;
  };
  const Case cases[] = {
      {"TIKTOKEN_RS_CACHE_DIR", kKey, good.substr(0, 1000), EntryStatus::corrupt,
       "openai-harmony would delete it and try to download it"},
      {"TIKTOKEN_RS_CACHE_DIR", kPlain, good, EntryStatus::misnamed,
       "openai-harmony looks for fb374d419588a4632f3f557e76b4b70aebbca790 here"},
      {"TIKTOKEN_ENCODINGS_BASE", kKey, good, EntryStatus::misnamed,
       "openai-harmony looks for o200k_base.tiktoken here (its plain name"},
      {"TIKTOKEN_ENCODINGS_BASE", kPlain, good + "x", EntryStatus::corrupt, "hash mismatch"},
      {"TIKTOKEN_ENCODINGS_BASE", "other", "", EntryStatus::missing, "never downloads"},
      {"TIKTOKEN_RS_CACHE_DIR", kKey, good, EntryStatus::ok, ""},
      {"TIKTOKEN_RS_CACHE_DIR", kKey,
       airtok::test::read_all(airtok::test::data_path("cl100k_base.tiktoken")),
       EntryStatus::corrupt, "it is cl100k_base.tiktoken"},
  };
  int number = 0;
  for (const Case& c : cases) {
    const std::string dir = tmp / ("case" + std::to_string(number++));
    std::filesystem::create_directories(dir);
    airtok::test::write_all(dir + "/" + c.name, c.content);
    clear_harmony_variables(env);
    env.set(c.variable, dir);
    const airtok::VerifyReport report = airtok::verify_cache({}, {"", Consumer::harmony});
    ASSERT_FALSE(report.entries.empty()) << c.name;
    EXPECT_EQ(report.entries[0].status, c.status) << c.variable << " " << c.name;
    EXPECT_TRUE(contains(report.entries[0].detail, c.says)) << report.entries[0].detail;
    EXPECT_EQ(report.ok(), c.status == EntryStatus::ok);
    const std::string text = report.to_text();
    EXPECT_TRUE(contains(text, "openai-harmony's directory: " + dir)) << text;
    if (!report.ok()) {
      EXPECT_TRUE(contains(text, "airtok cache install o200k_harmony --for harmony")) << text;
    }
  }
}

TEST(HarmonyVerify, ExplicitDirNeedsOneGoodName) {
  TempDir tmp;
  const std::string good = airtok::test::read_all(airtok::test::data_path(kPlain));
  airtok::test::write_all(tmp / kPlain, good);
  airtok::VerifyReport report = airtok::verify_cache({}, {tmp.path(), Consumer::harmony});
  EXPECT_TRUE(report.ok()) << report.to_text();
  ASSERT_EQ(report.entries.size(), 2U);
  EXPECT_EQ(report.entries[1].status, EntryStatus::missing);
  EXPECT_FALSE(report.entries[1].problem);
  airtok::test::write_all(tmp / kKey, good.substr(1));
  report = airtok::verify_cache({}, {tmp.path(), Consumer::harmony});
  EXPECT_FALSE(report.ok());
}

TEST(HarmonyBundle, PlainNameCopyAndImport) {
  TempDir tmp;
  EnvGuard env;
  clear_harmony_variables(env);
  const Consumer harmony[] = {Consumer::harmony};
  const auto files = airtok::export_cache(tmp / "bundle", {}, harmony);
  ASSERT_EQ(files.size(), 2U);
  const std::vector<std::string> names = airtok::test::names_in(tmp / "bundle");
  EXPECT_EQ(names,
            (std::vector<std::string>{"README.txt", "SHA256SUMS", kKey, "manifest.json", kPlain}));
  const auto manifest = nlohmann::json::parse(airtok::test::read_all(tmp / "bundle/manifest.json"));
  EXPECT_EQ(manifest["files"][0]["plain_name"], kPlain);
  EXPECT_TRUE(
      contains(airtok::test::read_all(tmp / "bundle/README.txt"), "TIKTOKEN_ENCODINGS_BASE"));
  // A tiktoken-only export over it removes the plain copy, so folder and manifest agree.
  const std::vector<std::string> o200k{"o200k_base"};
  airtok::export_cache(tmp / "bundle", o200k);
  EXPECT_EQ(airtok::test::names_in(tmp / "bundle"),
            (std::vector<std::string>{"README.txt", "SHA256SUMS", kKey, "manifest.json"}));
  // Import for openai-harmony installs only its file, under its names there.
  const Consumer all[] = {Consumer::tiktoken, Consumer::harmony};
  airtok::export_cache(tmp / "all", {}, all);
  env.set("TIKTOKEN_ENCODINGS_BASE", tmp / "imported");
  const airtok::InstallResult result = airtok::import_cache(tmp / "all", {"", Consumer::harmony});
  ASSERT_EQ(result.files.size(), 1U);
  EXPECT_EQ(airtok::test::names_in(tmp / "imported"), std::vector<std::string>{kPlain});
  // A bundle without openai-harmony's file is refused for it, and nothing is written.
  const std::vector<std::string> cl100k{"cl100k_base"};
  airtok::export_cache(tmp / "cl100k", cl100k);
  env.set("TIKTOKEN_ENCODINGS_BASE", tmp / "never");
  EXPECT_THROW(airtok::import_cache(tmp / "cl100k", {"", Consumer::harmony}), CacheError);
  EXPECT_FALSE(std::filesystem::exists(tmp / "never"));
}

}  // namespace
