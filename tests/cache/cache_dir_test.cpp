// cache_dir_test.cpp — tiktoken's cache key and its choice of directory, rule by rule.
// (tests/cache/independent_reader.py checks the same against Python's own hashlib and tempfile.)
#include "cache/paths.hpp"
#include "cache_test_util.hpp"

#include <airtok/cache.hpp>
#include <airtok/registry.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

namespace {

using airtok::CacheDirRule;
using airtok::resolve_cache_dir;
using airtok::test::contains;
using airtok::test::EnvGuard;
using airtok::test::TempDir;

TEST(CacheKey, OfficialUrls) {
  // The names tiktoken gives the six official files in its cache (the cl100k_base one is quoted
  // in the issue; every key is recomputed with Python's hashlib by independent_reader.py).
  const std::map<std::string, std::string> expected = {
      {"vocab.bpe", "6d1cbeee0f20b3d9449abfede4726ed8212e3aee"},
      {"encoder.json", "6c7ea1a7e38e3a7f062df639a5b80947f075ffe6"},
      {"r50k_base.tiktoken", "0ea1e91bbb3a60f729a8dc8f777fd2fc07cd8df4"},
      {"p50k_base.tiktoken", "ec7223a39ce59f226a68acc30dc1af2788490e15"},
      {"cl100k_base.tiktoken", "9b5ad71b2ce5302211f9c61530b329a4922fc6a4"},
      {"o200k_base.tiktoken", "fb374d419588a4632f3f557e76b4b70aebbca790"},
  };
  ASSERT_EQ(airtok::official_files().size(), 6u);
  for (const airtok::OfficialFile& file : airtok::official_files()) {
    EXPECT_EQ(file.key(), expected.at(std::string(file.name))) << file.url;
    EXPECT_EQ(airtok::cache_key(file.url), file.key());
  }
  EXPECT_EQ(airtok::cache_key(
                "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"),
            "9b5ad71b2ce5302211f9c61530b329a4922fc6a4");
}

TEST(CacheKey, IsTheSha1OfTheExactString) {
  EXPECT_EQ(airtok::cache_key(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");  // SHA-1("")
  EXPECT_EQ(airtok::cache_key("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  // A trailing slash or another case is another URL, hence another file.
  EXPECT_NE(airtok::cache_key("https://a/b"), airtok::cache_key("https://a/b/"));
  EXPECT_NE(airtok::cache_key("https://a/B"), airtok::cache_key("https://a/b"));
}

TEST(CacheDir, TiktokenCacheDirComesFirst) {
  EnvGuard env;
  env.set("TIKTOKEN_CACHE_DIR", "/srv/tiktoken");
  env.set("DATA_GYM_CACHE_DIR", "/srv/data-gym");
  const airtok::CacheDir dir = resolve_cache_dir();
  EXPECT_EQ(dir.path, "/srv/tiktoken");
  EXPECT_EQ(dir.rule, CacheDirRule::tiktoken_cache_dir);
  EXPECT_EQ(dir.rule_name(), "TIKTOKEN_CACHE_DIR");
  EXPECT_TRUE(dir.user_specified());
  EXPECT_EQ(dir.reason, "TIKTOKEN_CACHE_DIR is set to \"/srv/tiktoken\"");
}

TEST(CacheDir, DataGymCacheDirWhenTiktokenCacheDirIsUnset) {
  EnvGuard env;
  env.unset("TIKTOKEN_CACHE_DIR");
  env.set("DATA_GYM_CACHE_DIR", "relative/dir/");
  const airtok::CacheDir dir = resolve_cache_dir();
  EXPECT_EQ(dir.path, "relative/dir/");  // used as it is, like tiktoken
  EXPECT_EQ(dir.rule, CacheDirRule::data_gym_cache_dir);
  EXPECT_TRUE(contains(dir.reason, "TIKTOKEN_CACHE_DIR is not set and DATA_GYM_CACHE_DIR is set"));
}

TEST(CacheDir, EmptyValueDisablesTheCache) {
  EnvGuard env;
  env.set("TIKTOKEN_CACHE_DIR", "");
  env.set("DATA_GYM_CACHE_DIR", "/srv/data-gym");  // not consulted: TIKTOKEN_CACHE_DIR is set
  airtok::CacheDir dir = resolve_cache_dir();
  EXPECT_TRUE(dir.disabled());
  EXPECT_EQ(dir.rule, CacheDirRule::tiktoken_cache_dir);
  EXPECT_TRUE(contains(dir.reason, "empty string, which disables tiktoken's cache"));

  env.unset("TIKTOKEN_CACHE_DIR");
  env.set("DATA_GYM_CACHE_DIR", "");
  dir = resolve_cache_dir();
  EXPECT_TRUE(dir.disabled());
  EXPECT_EQ(dir.rule, CacheDirRule::data_gym_cache_dir);
}

TEST(CacheDir, DefaultIsPythonsTempDirPlusDataGymCache) {
  TempDir tmp;
  TempDir other;  // made before TMPDIR changes: TempDir itself uses the temp directory
  EnvGuard env;
  env.clear_cache_variables();
  env.set("TMPDIR", tmp.path() + "//./");  // made absolute and normalized, as Python does
  env.unset("TEMP");
  env.unset("TMP");
  airtok::CacheDir dir = resolve_cache_dir();
  EXPECT_EQ(dir.rule, CacheDirRule::temp_dir);
  EXPECT_FALSE(dir.user_specified());
  EXPECT_EQ(dir.path, tmp.path() + "/data-gym-cache");
  EXPECT_TRUE(contains(dir.reason, "TMPDIR is set to")) << dir.reason;
  EXPECT_TRUE(airtok::test::names_in(tmp.path()).empty()) << "the probe file was left behind";

  // A TMPDIR in which no file can be created is skipped, as Python skips it; TEMP is next.
  env.set("TMPDIR", tmp / "does-not-exist");
  env.set("TEMP", other.path());
  dir = resolve_cache_dir();
  EXPECT_EQ(dir.path, other.path() + "/data-gym-cache");
  EXPECT_TRUE(contains(dir.reason, "TEMP is set to")) << dir.reason;
  EXPECT_TRUE(contains(dir.reason, "skipped")) << dir.reason;

  // Empty values count as unset.
  env.set("TMPDIR", "");
  env.set("TEMP", "");
  dir = resolve_cache_dir();
  EXPECT_TRUE(contains(dir.path, "/data-gym-cache")) << dir.path;
  EXPECT_NE(dir.path, other.path() + "/data-gym-cache");
}

TEST(CacheDir, ExplicitDirectoryWins) {
  EnvGuard env;
  env.set("TIKTOKEN_CACHE_DIR", "/srv/tiktoken");
  const airtok::CacheDir dir = resolve_cache_dir("/opt/cache");
  EXPECT_EQ(dir.path, "/opt/cache");
  EXPECT_EQ(dir.rule, CacheDirRule::explicit_dir);
  EXPECT_TRUE(contains(dir.reason, "--dir"));
}

TEST(CacheDir, Json) {
  EnvGuard env;
  env.set("TIKTOKEN_CACHE_DIR", "/srv/\"quoted\"");
  EXPECT_EQ(resolve_cache_dir().to_json(),
            R"({"path":"/srv/\"quoted\"","rule":"TIKTOKEN_CACHE_DIR","reason":)"
            R"("TIKTOKEN_CACHE_DIR is set to \"/srv/\\\"quoted\\\"\"","disabled":false,)"
            R"("exists":false,"consumer":"tiktoken","naming":"sha1-of-url"})");
}

TEST(Paths, NormalizeLikePosixpathNormpath) {
  using airtok::detail::normalize_path;
  EXPECT_EQ(normalize_path(""), ".");
  EXPECT_EQ(normalize_path("/"), "/");
  EXPECT_EQ(normalize_path("//"), "//");
  EXPECT_EQ(normalize_path("///a//b/"), "/a/b");
  EXPECT_EQ(normalize_path("/a/./b/../c"), "/a/c");
  EXPECT_EQ(normalize_path("/../x"), "/x");
  EXPECT_EQ(normalize_path("a/../../b"), "../b");
  EXPECT_EQ(normalize_path("./"), ".");
}

TEST(Paths, JoinAndUrlFileName) {
  using airtok::detail::join_path;
  using airtok::detail::url_file_name;
  EXPECT_EQ(join_path("/tmp", "x"), "/tmp/x");
  EXPECT_EQ(join_path("/tmp/", "x"), "/tmp/x");
  EXPECT_EQ(join_path("", "x"), "x");
  EXPECT_EQ(url_file_name("https://h/a/cl100k_base.tiktoken"), "cl100k_base.tiktoken");
  EXPECT_EQ(url_file_name("https://h/a/b.tiktoken?sig=1#f"), "b.tiktoken");
  EXPECT_EQ(url_file_name("https://h"), "");
  EXPECT_EQ(url_file_name("https://h/"), "");
  EXPECT_EQ(airtok::detail::shell_quote("plain/path-1.x"), "plain/path-1.x");
  EXPECT_EQ(airtok::detail::shell_quote("it's here"), "'it'\\''s here'");
}

TEST(OfficialFiles, MatchTheBuiltInDefinitions) {
  for (const std::string& name : airtok::list_encoding_names()) {
    const airtok::EncodingDefinition def = airtok::builtin_definition(name);
    const std::vector<const airtok::OfficialFile*> files =
        airtok::official_files_for(std::vector<std::string>{name});
    if (name == "gpt2") {
      ASSERT_EQ(files.size(), 2u);
      EXPECT_EQ(files[0]->url, def.vocab_bpe_file);
      EXPECT_EQ(files[0]->sha256, def.vocab_bpe_sha256);
      EXPECT_EQ(files[1]->url, def.encoder_json_file);
      EXPECT_EQ(files[1]->sha256, def.encoder_json_sha256);
    } else {
      ASSERT_EQ(files.size(), 1u) << name;
      EXPECT_EQ(files[0]->url, def.tiktoken_bpe_file);
      EXPECT_EQ(files[0]->sha256, def.tiktoken_bpe_sha256);
    }
  }
  EXPECT_EQ(airtok::official_files_for({}).size(), 6u);
  EXPECT_THROW(airtok::official_files_for(std::vector<std::string>{"cl100k"}),
               airtok::UnknownEncodingError);
  EXPECT_THROW(airtok::builtin_definition("cl100k"), airtok::UnknownEncodingError);
}

TEST(OfficialFiles, ContentsAreTheVendoredFilesByteForByte) {
  for (const airtok::OfficialFile& file : airtok::official_files()) {
    const std::string contents = file.contents();
    EXPECT_EQ(contents.size(), file.size) << file.name;
    EXPECT_TRUE(contents == airtok::test::read_all(airtok::test::data_path(file.name)))
        << file.name << " differs from data/" << file.name;
  }
}

}  // namespace
