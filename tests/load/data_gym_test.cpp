// Tests of parse_data_gym (tiktoken's data_gym_to_mergeable_bpe_ranks) on small hand-made
// vocab.bpe / encoder.json pairs: the alphabet, the merge rules, the consistency check, and
// every error with its line.
#include "core/load/data_gym_alphabet.hpp"
#include "load_test_util.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace airtok {
namespace {

using test::catch_load_error;
using test::contains;
using test::sorted_by_rank;

/// The 256 single-byte tokens with their data-gym ranks.
MergeableRanks single_bytes() {
  MergeableRanks ranks;
  for (std::size_t rank = 0; rank < 256; ++rank) {
    ranks.emplace_back(
        std::string(1, static_cast<char>(detail::kDataGymAlphabet.rank_to_byte[rank])),
        static_cast<Rank>(rank));
  }
  return ranks;
}

/// encoder.json text for `ranks` (plus extra raw "key": value members), in the given order.
std::string encoder_json_for(const MergeableRanks& ranks, const std::string& extra_members = "") {
  nlohmann::ordered_json json = nlohmann::ordered_json::object();
  for (const auto& [bytes, rank] : ranks) json[detail::encode_data_gym(bytes)] = rank;
  std::string text = json.dump(-1, ' ', false);
  if (!extra_members.empty()) text.insert(text.size() - 1, ", " + extra_members);
  return text;
}

// Merges "Ġ t" → " t" (256), "h e" → "he" (257), "Ġt he" → " the" (258).
const std::string kVocab = "#version: 0.2\n\xC4\xA0 t\nh e\n\xC4\xA0t he\n";

MergeableRanks expected_small_ranks() {
  MergeableRanks ranks = single_bytes();
  ranks.emplace_back(" t", 256);
  ranks.emplace_back("he", 257);
  ranks.emplace_back(" the", 258);
  return ranks;
}

const std::string kEncoder = encoder_json_for(expected_small_ranks(), "\"<|endoftext|>\": 259");

MergeableRanks parse(std::string_view vocab, std::string_view encoder) {
  return parse_data_gym(vocab, encoder);
}

LoadError parse_error(std::string_view vocab, std::string_view encoder) {
  return catch_load_error([&] { parse(vocab, encoder); });
}

TEST(DataGymAlphabet, MatchesTiktokensRankToIntbyte) {
  const auto& alphabet = detail::kDataGymAlphabet;
  EXPECT_EQ(alphabet.rank_to_byte[0], '!');
  EXPECT_EQ(alphabet.rank_to_byte[93], '~');    // 0x21..0x7E are ranks 0..93
  EXPECT_EQ(alphabet.rank_to_byte[94], 0xA1);   // then 0xA1..0xAC
  EXPECT_EQ(alphabet.rank_to_byte[106], 0xAE);  // 0xAD (soft hyphen) is not printable
  EXPECT_EQ(alphabet.rank_to_byte[187], 0xFF);
  EXPECT_EQ(alphabet.rank_to_byte[188], 0x00);  // then the others in increasing order
  EXPECT_EQ(alphabet.rank_to_byte[188 + 32], ' ');
  EXPECT_EQ(alphabet.rank_to_byte[255], 0xAD);
  EXPECT_EQ(detail::encode_data_gym(" \n\xAD!"), "\xC4\xA0\xC4\x8A\xC5\x83!");  // "ĠĊŃ!"
}

TEST(ParseDataGym, BuildsRanksFromMerges) {
  EXPECT_EQ(sorted_by_rank(parse(kVocab, kEncoder)), expected_small_ranks());
}

TEST(ParseDataGym, IgnoresTheFirstLineWhateverItSays) {
  EXPECT_EQ(
      sorted_by_rank(parse("not a version line at all\n\xC4\xA0 t\nh e\n\xC4\xA0t he\n", kEncoder)),
      expected_small_ranks());
}

TEST(ParseDataGym, DropsBothSpecialTokensWhateverTheirValue) {
  const std::string encoder = encoder_json_for(
      expected_small_ranks(),
      "\"<|startoftext|>\": \"any\", \"<|endoftext|>\": {\"nested\": [1, {\"x\": null}]}");
  EXPECT_EQ(sorted_by_rank(parse(kVocab, encoder)), expected_small_ranks());
}

TEST(ParseDataGym, AcceptsCrlfAndUnicodeWhitespaceLikeStrSplit) {
  EXPECT_EQ(sorted_by_rank(
                parse("#version: 0.2\r\n\xC4\xA0 t\r\nh\te\r\n\xC4\xA0t\xC2\xA0he\r\n", kEncoder)),
            expected_small_ranks());
}

TEST(ParseDataGym, IgnoresAnUnterminatedLastLineLikeTiktoken) {
  // split("\n")[1:-1] drops the last piece even when it is a merge.
  MergeableRanks two = single_bytes();
  two.emplace_back(" t", 256);
  two.emplace_back("he", 257);
  EXPECT_EQ(
      sorted_by_rank(parse("#version: 0.2\n\xC4\xA0 t\nh e\n\xC4\xA0t he", encoder_json_for(two))),
      two);
  const LoadError e = parse_error("#version: 0.2\n\xC4\xA0 t\nh e\n\xC4\xA0t he", kEncoder);
  EXPECT_TRUE(contains(e.what(), "does not end with a newline, and its last line is ignored"))
      << e.what();
  // A file without any newline has no merges at all.
  EXPECT_EQ(parse("#version: 0.2", encoder_json_for(single_bytes())).size(), 256u);
  EXPECT_EQ(parse("", encoder_json_for(single_bytes())).size(), 256u);
}

TEST(ParseDataGym, RepeatedMergeTakesTheNewRankLikeADict) {
  MergeableRanks ranks = single_bytes();
  ranks.emplace_back("he", 257);
  ranks.emplace_back(" t", 258);
  EXPECT_EQ(sorted_by_rank(
                parse("#version: 0.2\n\xC4\xA0 t\nh e\n\xC4\xA0 t\n", encoder_json_for(ranks))),
            ranks);
}

TEST(ParseDataGym, DuplicateJsonKeysKeepTheLastValue) {
  const std::string encoder = "{\"\xC4\xA0t\": 999, " + kEncoder.substr(1);
  EXPECT_EQ(sorted_by_rank(parse(kVocab, encoder)), expected_small_ranks());
}

TEST(ParseDataGym, MalformedMergeLines) {
  const LoadError one = parse_error("#version: 0.2\n\xC4\xA0 t\n\xC4\xA0t\n", kEncoder);
  EXPECT_EQ(one.line(), 3u);
  EXPECT_EQ(one.file(), "vocab.bpe");
  EXPECT_EQ(std::string(one.what()),
            "vocab.bpe:3: only one token on this line: \"\xC4\xA0t\"; each line after the first "
            "must be two tokens separated by a space, e.g. \"\xC4\xA0 t\"");
  EXPECT_TRUE(contains(parse_error("#v\nh e\na b c\n", kEncoder).what(),
                       "vocab.bpe:3: more than two tokens on this line: \"a b c\""));
  EXPECT_TRUE(contains(parse_error("#v\nh e\n\nh e\n", kEncoder).what(),
                       "vocab.bpe:3: no merge on this line: \"\""));
  EXPECT_EQ(parse_error("#v\r\nh e\r\n \r\n", kEncoder).line(), 3u);
}

TEST(ParseDataGym, CharactersOutsideTheAlphabet) {
  const LoadError e = parse_error("#v\nh e\n\xE4\xB8\xAD t\n", kEncoder);  // 中
  EXPECT_EQ(e.line(), 3u);
  EXPECT_EQ(std::string(e.what()),
            "vocab.bpe:3: token \"\xE4\xB8\xAD\" has the character U+4E2D ('\xE4\xB8\xAD'), which "
            "is not in GPT-2's data-gym alphabet (U+0021..U+0143)");
  EXPECT_TRUE(contains(parse_error("#v\nh \xC5\x84\n", kEncoder).what(), "U+0144"));  // ń
  EXPECT_TRUE(contains(parse_error("#v\nh \xC2\xAD\n", kEncoder).what(), "U+00AD"));  // soft hyphen
  EXPECT_TRUE(contains(parse_error("#v\nh \x7F\n", kEncoder).what(), "U+007F"));
}

TEST(ParseDataGym, InvalidUtf8) {
  const LoadError e = parse_error("#v\nh e\nab \xFF\n", kEncoder);
  EXPECT_EQ(e.line(), 3u);
  EXPECT_EQ(std::string(e.what()),
            "vocab.bpe:3: invalid UTF-8: byte 0xff at column 4 (tiktoken reads vocab.bpe as UTF-8 "
            "text)");
  EXPECT_EQ(parse_error("#v\xC0\x80\n", kEncoder).line(), 1u);           // overlong, first line
  EXPECT_EQ(parse_error("#v\nh e\n\xED\xA0\x80", kEncoder).line(), 3u);  // surrogate, last piece
}

TEST(ParseDataGym, JsonSyntaxErrors) {
  const LoadError e = parse_error(kVocab, "{\"!\": 0,}");
  EXPECT_EQ(e.file(), "encoder.json");
  EXPECT_EQ(e.line(), 1u);
  EXPECT_TRUE(contains(e.what(),
                       "encoder.json:1: at byte 9: invalid JSON: parse error at line 1, "
                       "column 9"))
      << e.what();
  EXPECT_EQ(parse_error(kVocab, "{\n\"!\": 0,\n oops}").line(), 3u);
  EXPECT_TRUE(contains(parse_error(kVocab, "").what(), "invalid JSON")) << "empty";
  EXPECT_TRUE(contains(parse_error(kVocab, "{\"!\": 0} x").what(), "invalid JSON"));
  EXPECT_TRUE(contains(parse_error(kVocab, "{\"!\": 1e999}").what(), "invalid JSON"));
}

TEST(ParseDataGym, JsonStructureErrors) {
  EXPECT_EQ(std::string(parse_error(kVocab, "[1, 2]").what()),
            "encoder.json:1: at byte 1: the top level is an array, not an object; encoder.json "
            "must be one JSON object mapping tokens to ranks, e.g. {\"!\": 0, ...}");
  const std::pair<const char*, const char*> cases[] = {
      {"\"0\"", "the string \"0\""},
      {"1.5", "the number 1.5"},
      {"true", "true"},
      {"null", "null"},
      {"[0]", "an array"},
      {"{}", "an object"},
      {"-1", "the negative number -1"},
      {"2147483648", "the number 2147483648, out of range (ranks must be below 2^31)"},
  };
  for (const auto& [value, description] : cases) {
    const LoadError e = parse_error(kVocab, std::string("{\"!\": 0,\n \"a\\\"b\": ") + value + "}");
    EXPECT_EQ(e.line(), 2u) << value;
    EXPECT_EQ(std::string(e.what()), std::string("encoder.json:2: at byte 11: the value of key "
                                                 "\"a\\\"b\" is ") +
                                         description + ", not an integer rank");
  }
}

TEST(ParseDataGym, JsonKeyOutsideTheAlphabet) {
  const LoadError e = parse_error(kVocab, "{\"!\": 0, \" t\": 1}");
  EXPECT_EQ(std::string(e.what()),
            "encoder.json:1: at byte 10: key \" t\" has the character U+0020, which is not in "
            "GPT-2's data-gym alphabet (U+0021..U+0143)");
  // Escapes are decoded first: "\u0120t" is "Ġt".
  MergeableRanks ranks = single_bytes();
  ranks.emplace_back(" t", 256);
  EXPECT_EQ(
      sorted_by_rank(parse("#v\n\xC4\xA0 t\n",
                           "{\"\\u0120t\": 256, " + encoder_json_for(single_bytes()).substr(1))),
      ranks);
}

TEST(ParseDataGym, RankMismatchNamesTheTokenAndBothRanks) {
  MergeableRanks ranks = expected_small_ranks();
  ranks[257].second = 300;  // "he"
  const std::string encoder = encoder_json_for(ranks);
  const LoadError e = parse_error(kVocab, encoder);
  EXPECT_EQ(e.file(), "encoder.json");
  EXPECT_EQ(e.line(), 1u);
  const std::size_t byte = encoder.find("\"he\"") + 1;
  EXPECT_EQ(
      std::string(e.what()),
      "encoder.json:1: encoder.json does not match vocab.bpe: token \"he\" (bytes \"he\") "
      "has rank 300 in encoder.json (byte " +
          std::to_string(byte) +
          ") but rank 257 in "
          "vocab.bpe (line 3); tiktoken requires the two files to agree (are they from the same "
          "model? is one of them corrupt?)");
}

TEST(ParseDataGym, MismatchReportsTheLowestRankFirst) {
  MergeableRanks ranks = expected_small_ranks();
  std::swap(ranks[256].second, ranks[258].second);  // " t" and " the" swapped
  const LoadError e = parse_error(kVocab, encoder_json_for(ranks));
  EXPECT_TRUE(contains(e.what(), "token \"\xC4\xA0t\" (bytes \" t\") has rank 258 in encoder.json"))
      << e.what();
  EXPECT_TRUE(contains(e.what(), "but rank 256 in vocab.bpe (line 2)")) << e.what();
}

TEST(ParseDataGym, MissingAndExtraTokens) {
  MergeableRanks ranks = expected_small_ranks();
  ranks.erase(ranks.begin() + 5);  // single byte '&', rank 5
  const LoadError missing = parse_error(kVocab, encoder_json_for(ranks));
  EXPECT_EQ(missing.line(), 0u);
  EXPECT_TRUE(contains(missing.what(),
                       "token \"&\" (bytes \"&\") has rank 5 in vocab.bpe (one of the 256 "
                       "single-byte tokens) but is missing from encoder.json"))
      << missing.what();

  const LoadError extra =
      parse_error(kVocab, encoder_json_for(expected_small_ranks(), "\"xy\": 259, \"zz\": 260"));
  EXPECT_TRUE(contains(extra.what(), "token \"xy\" (bytes \"xy\") with rank 259 (byte "))
      << extra.what();
  EXPECT_TRUE(contains(extra.what(), ") is not made by any merge in vocab.bpe")) << extra.what();
}

TEST(ParseDataGym, SourcesNameTheFiles) {
  const LoadError e = catch_load_error(
      [&] { parse_data_gym("#v\nh\n", kEncoder, "gpt2/vocab.bpe", "gpt2/encoder.json"); });
  EXPECT_EQ(e.file(), "gpt2/vocab.bpe");
  EXPECT_TRUE(contains(e.what(), "gpt2/vocab.bpe:2: ")) << e.what();
}

}  // namespace
}  // namespace airtok
