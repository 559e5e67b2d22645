// load_test.cpp — reading through the cache as tiktoken does (offline), its error messages, and
// file-based encodings: built from their definitions and the cache, they must give exactly what
// the built-in encodings and the committed golden vectors (from the reference tiktoken) give.
//
// The FileBasedEncoding tests are also run by offline_e2e.sh in a process with no network.
#include "cache_test_util.hpp"
#include "core/load/base64.hpp"

#include <airtok/cache.hpp>
#include <airtok/load.hpp>
#include <airtok/registry.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using airtok::CacheOptions;
using airtok::LoadError;
using airtok::test::contains;
using airtok::test::EnvGuard;
using airtok::test::TempDir;

constexpr std::string_view kCl100kUrl =
    "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken";
constexpr const char* kCl100kKey = "9b5ad71b2ce5302211f9c61530b329a4922fc6a4";

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  ADD_FAILURE() << "no exception";
  return {};
}

TEST(ReadFileCached, LocalPathIsReadDirectly) {
  TempDir tmp;
  airtok::test::write_all(tmp / "f", "data");
  EXPECT_EQ(airtok::read_file_cached(tmp / "f"), "data");
  EXPECT_EQ(airtok::read_file_cached(tmp / "f", airtok::sha256_hex("data")), "data");
  EXPECT_THROW(airtok::read_file_cached(tmp / "f", std::string(64, 'a')), LoadError);
  EXPECT_THROW(airtok::read_file_cached(tmp / "f", "xyz"), LoadError);
  EXPECT_THROW(airtok::read_file_cached(tmp / "missing"), LoadError);
}

TEST(ReadFileCached, MissingFileMessageNamesEverythingAndTheFix) {
  TempDir tmp;
  EnvGuard env;
  env.clear_cache_variables();
  env.set("TIKTOKEN_CACHE_DIR", tmp / "cache");
  try {
    airtok::read_file_cached(kCl100kUrl);
    FAIL();
  } catch (const LoadError& e) {
    EXPECT_EQ(e.file(), tmp / "cache" + "/" + kCl100kKey);
    airtok::test::expect_full_message(e.what(), "cl100k_base.tiktoken", kCl100kKey, tmp / "cache",
                                      "Fix: airtok cache install cl100k_base");
    EXPECT_TRUE(contains(e.what(), "TIKTOKEN_CACHE_DIR is set to")) << e.what();
    EXPECT_TRUE(contains(e.what(), "(which does not exist)")) << e.what();
    EXPECT_TRUE(contains(e.what(), "airtok never downloads")) << e.what();
    EXPECT_FALSE(contains(e.what(), "--dir")) << "the environment already names the directory";
  }
  env.set("TIKTOKEN_OFFLINE", "1");
  EXPECT_TRUE(contains(error_of([] { airtok::read_file_cached(kCl100kUrl); }),
                       "tiktoken 0.14 does not read TIKTOKEN_OFFLINE"));
}

TEST(ReadFileCached, DisabledCache) {
  EnvGuard env;
  env.set("TIKTOKEN_CACHE_DIR", "");
  const std::string message = error_of([] { airtok::read_file_cached(kCl100kUrl); });
  EXPECT_TRUE(contains(message, "disables tiktoken's cache")) << message;
  EXPECT_TRUE(contains(message, "unset TIKTOKEN_CACHE_DIR && airtok cache install cl100k_base"))
      << message;
}

TEST(ReadFileCached, CustomUrl) {
  TempDir tmp;
  const CacheOptions options{tmp.path()};
  const std::string url = "https://example.invalid/v1/mine.tiktoken";
  const std::string message = error_of([&] { airtok::read_file_cached(url, {}, options); });
  airtok::test::expect_full_message(message, "mine.tiktoken", airtok::cache_key(url), tmp.path(),
                                    "airtok cache add FILE --url " + url);
  // Under its tiktoken name, with and without a hash.
  airtok::test::write_all(tmp / airtok::cache_key(url), "contents");
  EXPECT_EQ(airtok::read_file_cached(url, {}, options), "contents");
  EXPECT_EQ(airtok::read_file_cached(url, airtok::sha256_hex("contents"), options), "contents");
  const std::string wrong =
      error_of([&] { airtok::read_file_cached(url, std::string(64, 'b'), options); });
  EXPECT_TRUE(contains(wrong, "wrong SHA-256")) << wrong;
  EXPECT_TRUE(contains(wrong, "--sha256 " + std::string(64, 'b'))) << wrong;
}

TEST(ReadFileCached, MisnamedButCorruptFileIsRefused) {
  TempDir tmp;
  airtok::test::write_all(tmp / "cl100k_base.tiktoken", "truncated");
  const std::string message =
      error_of([&] { airtok::read_file_cached(kCl100kUrl, {}, CacheOptions{tmp.path()}); });
  EXPECT_TRUE(contains(message, "found under its download name cl100k_base.tiktoken")) << message;
  EXPECT_TRUE(contains(message, "truncated")) << message;
  EXPECT_TRUE(contains(message, "airtok cache install cl100k_base --dir")) << message;
}

TEST(LoadEncoding, DefinitionMustNameOneKindOfFile) {
  airtok::EncodingDefinition def;
  def.name = "x";
  EXPECT_THROW(airtok::load_encoding(def), airtok::InvalidEncodingError);
  def.tiktoken_bpe_file = "a";
  def.vocab_bpe_file = "b";
  EXPECT_THROW(airtok::load_encoding(def), airtok::InvalidEncodingError);
  def.tiktoken_bpe_file.clear();
  EXPECT_THROW(airtok::load_encoding(def), airtok::InvalidEncodingError);  // no encoder.json
}

TEST(LoadEncoding, CustomEncodingFromAUrlInTheCache) {
  TempDir tmp;
  const CacheOptions options{tmp.path()};
  // 256 single bytes, like any byte-level BPE vocabulary, plus two merges.
  std::string file;
  for (int b = 0; b < 256; ++b) {
    file += airtok::detail::base64_encode(std::string(1, static_cast<char>(b))) + " " +
            std::to_string(b) + "\n";
  }
  file += "aGk= 256\naGkh 257\n";  // "hi", "hi!"
  const std::string url = "https://example.invalid/mine.tiktoken";
  airtok::test::write_all(tmp / "mine.tiktoken", file);
  airtok::add_to_cache(tmp / "mine.tiktoken", {.url = url, .sha256 = airtok::sha256_hex(file)},
                       options);
  airtok::EncodingDefinition def;
  def.name = "mine";
  def.pat_str = R"(\S+|\s+)";
  def.tiktoken_bpe_file = url;
  def.tiktoken_bpe_sha256 = airtok::sha256_hex(file);
  def.special_tokens = {{"<|end|>", 258}};
  def.explicit_n_vocab = 259;
  const airtok::Encoding enc = airtok::load_encoding(def, options);
  const airtok::Encoding same = airtok::Encoding::create(
      "mine", def.pat_str, airtok::parse_tiktoken_bpe(file, "mine"), def.special_tokens, 259);
  for (std::string_view text : {"hi!", "hi hi! h", "<|end|>"}) {
    EXPECT_EQ(enc.encode(text, airtok::SpecialSet::all()),
              same.encode(text, airtok::SpecialSet::all()))
        << text;
  }
  EXPECT_EQ(enc.n_vocab(), 259u);
}

/// The golden vectors of `name` (tests/golden/NAME.jsonl, written from the reference tiktoken):
/// every encode_ordinary and encode case must give the recorded ids.
void expect_golden(const airtok::Encoding& enc, const std::string& name) {
  std::ifstream in(std::string(AIRTOK_GOLDEN_DIR) + "/" + name + ".jsonl");
  ASSERT_TRUE(in) << name;
  std::size_t checked = 0, failed = 0;
  for (std::string line; std::getline(in, line);) {
    const nlohmann::json c = nlohmann::json::parse(line);
    const std::string op = c.at("op");
    if ((op != "encode_ordinary" && op != "encode") || !c.contains("tokens") || c.contains("hex")) {
      continue;
    }
    const std::string text = c.value("text", "");
    std::vector<airtok::Rank> ids;
    if (op == "encode_ordinary") {
      ids = enc.encode_ordinary(text);
    } else {
      const auto set = [](const nlohmann::json& j) {
        if (j.is_string()) return airtok::SpecialSet::all();
        return airtok::SpecialSet(j.get<std::vector<std::string>>());
      };
      ids = enc.encode(text, set(c.at("allowed")), set(c.at("disallowed")));
    }
    ++checked;
    if (ids != c.at("tokens").get<std::vector<airtok::Rank>>()) {
      if (++failed <= 3) ADD_FAILURE() << name << " case " << c.value("case", "?");
    }
  }
  EXPECT_GT(checked, 1000u) << name;
  EXPECT_EQ(failed, 0u) << name;
}

class FileBasedEncoding : public testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    cache_ = new TempDir;
    airtok::install_cache({}, CacheOptions{cache_->path()});
  }
  static void TearDownTestSuite() {
    delete cache_;
    cache_ = nullptr;
  }
  static TempDir* cache_;
};
TempDir* FileBasedEncoding::cache_ = nullptr;

TEST_P(FileBasedEncoding, SameAsBuiltInAndGoldenVectors) {
  const std::string& name = GetParam();
  const airtok::Encoding enc =
      airtok::load_encoding(airtok::builtin_definition(name), CacheOptions{cache_->path()});
  const airtok::Encoding& builtin = airtok::get_encoding(name);
  EXPECT_EQ(enc.name(), builtin.name());
  EXPECT_EQ(enc.pattern(), builtin.pattern());
  EXPECT_EQ(enc.n_vocab(), builtin.n_vocab());
  EXPECT_EQ(enc.max_token_value(), builtin.max_token_value());
  EXPECT_EQ(enc.special_tokens(), builtin.special_tokens());
  EXPECT_EQ(enc.mergeable_count(), builtin.mergeable_count());
  EXPECT_TRUE(enc.token_byte_values() == builtin.token_byte_values());
  expect_golden(enc, name);
}

TEST_P(FileBasedEncoding, ThroughTheEnvironmentAsTiktokenFindsIt) {
  EnvGuard env;
  env.clear_cache_variables();
  env.set("TIKTOKEN_CACHE_DIR", cache_->path());
  const airtok::Encoding enc = airtok::load_encoding(airtok::builtin_definition(GetParam()));
  const std::string text = "Offline: 東京 café 🙂 <|endoftext|> 12345 don't";
  EXPECT_EQ(enc.encode_ordinary(text), airtok::get_encoding(GetParam()).encode_ordinary(text));
}

INSTANTIATE_TEST_SUITE_P(All, FileBasedEncoding, testing::ValuesIn(airtok::list_encoding_names()),
                         [](const testing::TestParamInfo<std::string>& param_info) {
                           return param_info.param;
                         });

}  // namespace
