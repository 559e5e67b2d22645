// Tests on the vendored official files in data/: token counts, hashes, the byte-for-byte round
// trip, and tiktoken's documented fact that gpt2 (data-gym) and r50k_base share their ranks.
#include "core/load/base64.hpp"
#include "core/load/read_file.hpp"
#include "load_test_util.hpp"

#include <nlohmann/json.hpp>

#include <string>

#if defined(__SANITIZE_ADDRESS__)
#define AIRTOK_TEST_UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define AIRTOK_TEST_UNDER_SANITIZER 1
#endif
#endif

namespace airtok {
namespace {

using test::catch_load_error;
using test::contains;
using test::data_path;
using test::sorted_by_rank;

struct OfficialFile {
  const char* name;
  std::size_t tokens;
  Rank max_rank;  // p50k_base skips 50256, the id of <|endoftext|>
  const char* sha256;
};

constexpr OfficialFile kOfficialFiles[] = {
    {"r50k_base.tiktoken", 50256, 50255,
     "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930"},
    {"p50k_base.tiktoken", 50280, 50280,
     "94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069"},
    {"cl100k_base.tiktoken", 100256, 100255,
     "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"},
    {"o200k_base.tiktoken", 199998, 199997,
     "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"},
};
constexpr const char* kVocabBpeSha256 =
    "1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5";
constexpr const char* kEncoderJsonSha256 =
    "196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783";

class OfficialTiktokenFile : public testing::TestWithParam<OfficialFile> {};

TEST_P(OfficialTiktokenFile, LoadsWithTheRightCountAndRanksInOrder) {
  const OfficialFile& file = GetParam();
  const MergeableRanks ranks = load_tiktoken_bpe_file(data_path(file.name), file.sha256);
  ASSERT_EQ(ranks.size(), file.tokens);
  EXPECT_EQ(ranks.front().second, 0u);
  EXPECT_EQ(ranks.back().second, file.max_rank);
  for (std::size_t i = 1; i < ranks.size(); ++i) {
    ASSERT_LT(ranks[i - 1].second, ranks[i].second) << "the official files list ranks in order";
  }
}

TEST_P(OfficialTiktokenFile, RoundTripReproducesTheFileByteForByte) {
  const OfficialFile& file = GetParam();
  const std::string original = detail::read_file(data_path(file.name));
  std::string written;
  written.reserve(original.size());
  for (const auto& [bytes, rank] : sorted_by_rank(parse_tiktoken_bpe(original, file.name))) {
    written += detail::base64_encode(bytes);
    written += ' ';
    written += std::to_string(rank);
    written += '\n';
  }
  EXPECT_TRUE(written == original);
  EXPECT_EQ(sha256_hex(written), file.sha256);
}

TEST_P(OfficialTiktokenFile, CrlfCopyGivesTheSameRanks) {
  const OfficialFile& file = GetParam();
  const std::string original = detail::read_file(data_path(file.name));
  std::string crlf;
  crlf.reserve(original.size() * 2);
  for (const char c : original) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  EXPECT_EQ(parse_tiktoken_bpe(crlf, file.name), parse_tiktoken_bpe(original, file.name));
}

TEST_P(OfficialTiktokenFile, WrongHashIsRejected) {
  const OfficialFile& file = GetParam();
  const std::string path = data_path(file.name);
  const std::string wrong(64, '0');
  const LoadError e = catch_load_error([&] { load_tiktoken_bpe_file(path, wrong); });
  EXPECT_EQ(e.file(), path);
  EXPECT_EQ(e.line(), 0u);
  EXPECT_TRUE(
      contains(e.what(), path + ": SHA-256 mismatch: expected " + wrong + ", got " + file.sha256))
      << e.what();
  EXPECT_TRUE(contains(e.what(), "corrupt")) << e.what();
  EXPECT_TRUE(contains(e.what(), "different version")) << e.what();
}

INSTANTIATE_TEST_SUITE_P(Data, OfficialTiktokenFile, testing::ValuesIn(kOfficialFiles),
                         [](const testing::TestParamInfo<OfficialFile>& param_info) {
                           std::string name = param_info.param.name;
                           return name.substr(0, name.find('.'));
                         });

TEST(OfficialFiles, UppercaseExpectedHashIsAccepted) {
  std::string upper = kOfficialFiles[0].sha256;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(load_tiktoken_bpe_file(data_path(kOfficialFiles[0].name), upper).size(), 50256u);
}

TEST(OfficialFiles, DataGymGivesExactlyTheR50kRanks) {
  const MergeableRanks gpt2 = load_data_gym_files(data_path("vocab.bpe"), data_path("encoder.json"),
                                                  kVocabBpeSha256, kEncoderJsonSha256);
  const MergeableRanks r50k = load_tiktoken_bpe_file(data_path("r50k_base.tiktoken"));
  EXPECT_EQ(gpt2.size(), 50256u);
  EXPECT_TRUE(sorted_by_rank(gpt2) == sorted_by_rank(r50k));
}

TEST(OfficialFiles, DataGymHashesAreChecked) {
  const LoadError vocab = catch_load_error([] {
    load_data_gym_files(data_path("vocab.bpe"), data_path("encoder.json"), kEncoderJsonSha256);
  });
  EXPECT_EQ(vocab.file(), data_path("vocab.bpe"));
  EXPECT_TRUE(contains(vocab.what(), "SHA-256 mismatch")) << vocab.what();
  const LoadError encoder = catch_load_error([] {
    load_data_gym_files(data_path("vocab.bpe"), data_path("encoder.json"), kVocabBpeSha256,
                        kVocabBpeSha256);
  });
  EXPECT_EQ(encoder.file(), data_path("encoder.json"));
  EXPECT_TRUE(contains(encoder.what(),
                       std::string("expected ") + kVocabBpeSha256 + ", got " + kEncoderJsonSha256))
      << encoder.what();
}

TEST(OfficialFiles, InconsistentEncoderJsonIsRejected) {
  const std::string vocab = detail::read_file(data_path("vocab.bpe"));
  nlohmann::json encoder = nlohmann::json::parse(detail::read_file(data_path("encoder.json")));
  // Swap the ranks of " the" and " and" (written "Ġthe" / "Ġand").
  std::swap(encoder["\xC4\xA0the"], encoder["\xC4\xA0"
                                            "and"]);
  const LoadError e = catch_load_error([&] { parse_data_gym(vocab, encoder.dump()); });
  EXPECT_EQ(e.file(), "encoder.json");
  EXPECT_TRUE(contains(e.what(),
                       "encoder.json does not match vocab.bpe: token \"\xC4\xA0the\" "
                       "(bytes \" the\") has rank 290 in encoder.json"))
      << e.what();
  EXPECT_TRUE(contains(e.what(), "but rank 262 in vocab.bpe (line 8)")) << e.what();
}

}  // namespace
}  // namespace airtok
