// API semantics that golden vectors do not pin by themselves: special-token arguments, errors,
// custom encodings and their validation, and the relations between the API's functions.
#include <airtok/load.hpp>
#include <airtok/registry.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

using airtok::Encoding;
using airtok::Rank;
using airtok::SpecialSet;

const Encoding& cl100k() { return airtok::get_encoding("cl100k_base"); }

TEST(Specials, DisallowedByDefaultWithTiktokensMessage) {
  try {
    cl100k().encode("hello <|endoftext|> <|fim_prefix|>");
    FAIL() << "expected DisallowedSpecialError";
  } catch (const airtok::DisallowedSpecialError& e) {
    EXPECT_EQ(e.token(), "<|endoftext|>");
    EXPECT_EQ(std::string(e.what()),
              "Encountered text corresponding to disallowed special token '<|endoftext|>'.\n"
              "If you want this text to be encoded as a special token, pass it to "
              "`allowed_special`, e.g. `allowed_special={'<|endoftext|>', ...}`.\n"
              "If you want this text to be encoded as normal text, disable the check for this "
              "token by passing `disallowed_special=(enc.special_tokens_set - "
              "{'<|endoftext|>'})`.\n"
              "To disable this check for all special tokens, pass `disallowed_special=()`.\n");
  }
}

TEST(Specials, AllowedBecomeTheirIds) {
  const auto ids = cl100k().encode("a<|endoftext|>b<|fim_prefix|>", SpecialSet::all());
  const Rank eot = cl100k().special_tokens().at("<|endoftext|>");
  const Rank fim = cl100k().special_tokens().at("<|fim_prefix|>");
  ASSERT_EQ(ids.size(), 4u);
  EXPECT_EQ(ids[1], eot);
  EXPECT_EQ(ids[3], fim);
  EXPECT_EQ(ids[0], cl100k().encode_ordinary("a")[0]);
}

TEST(Specials, PartiallyAllowedStillChecksTheRest) {
  EXPECT_THROW(cl100k().encode("<|endoftext|><|fim_prefix|>", {"<|endoftext|>"}),
               airtok::DisallowedSpecialError);
  // With nothing disallowed, the text of a special token that is not allowed is ordinary text.
  const auto ids = cl100k().encode("<|endoftext|><|fim_prefix|>", {"<|endoftext|>"}, {});
  const auto tail = cl100k().encode_ordinary("<|fim_prefix|>");
  ASSERT_EQ(ids.size(), 1 + tail.size());
  EXPECT_EQ(std::vector<Rank>(ids.begin() + 1, ids.end()), tail);
}

TEST(Specials, DisallowedListSearchesExactlyThoseTexts) {
  EXPECT_NO_THROW(cl100k().encode("<|endoftext|>", {}, {"<|fim_prefix|>"}));
  EXPECT_THROW(cl100k().encode("x<|fim_prefix|>", {}, {"<|fim_prefix|>"}),
               airtok::DisallowedSpecialError);
}

TEST(Specials, EncodeEqualsOrdinaryWithoutSpecialText) {
  const std::string text = "The quick brown fox <|notspecial|> jumps\n\n  over 123 dogs.";
  EXPECT_EQ(cl100k().encode(text), cl100k().encode_ordinary(text));
  EXPECT_EQ(cl100k().count(text), cl100k().encode(text).size());
  EXPECT_EQ(cl100k().count_ordinary(text), cl100k().encode_ordinary(text).size());
}

TEST(Decode, InvalidIdsAreErrors) {
  const Rank bad[] = {100261};  // in the gap between cl100k's specials
  EXPECT_THROW(cl100k().decode(bad), airtok::InvalidTokenError);
  const Rank huge[] = {0xFFFFFFFFu};
  EXPECT_THROW(cl100k().decode_bytes(huge), airtok::InvalidTokenError);
  EXPECT_THROW(cl100k().decode_single_token_bytes(4000000), airtok::InvalidTokenError);
  EXPECT_THROW(cl100k().encode_single_token("not a single token, surely"),
               airtok::InvalidTokenError);
}

TEST(Decode, SpecialTokensDecodeToTheirText) {
  const auto ids = cl100k().encode("x<|endofprompt|>", SpecialSet::all());
  EXPECT_EQ(cl100k().decode(ids), "x<|endofprompt|>");
  EXPECT_TRUE(cl100k().is_special_token(ids.back()));
  EXPECT_FALSE(cl100k().is_special_token(ids.front()));
}

TEST(Decode, WithOffsetsRejectsInvalidUtf8) {
  // The first byte of a two-byte character, alone, as a token.
  const Rank lead = cl100k().encode_single_token("\xC3");
  const Rank ids[] = {lead};
  EXPECT_THROW(cl100k().decode_with_offsets(ids), airtok::Error);
  EXPECT_EQ(cl100k().decode(ids), "\xEF\xBF\xBD");
}

TEST(Custom, BuiltFromTheOfficialFileEqualsBuiltin) {
  const airtok::MergeableRanks ranks =
      airtok::load_tiktoken_bpe_file(std::string(AIRTOK_DATA_DIR) + "/cl100k_base.tiktoken");
  const Encoding custom =
      Encoding::create("mine", cl100k().pattern(), ranks, cl100k().special_tokens());
  EXPECT_EQ(custom.n_vocab(), cl100k().n_vocab());
  const std::string text = "Custom encodings work the same: naïve café, 12345, ＡＢＣ 🎉\n";
  EXPECT_EQ(custom.encode_ordinary(text), cl100k().encode_ordinary(text));
  EXPECT_EQ(custom.encode(text + "<|endoftext|>", SpecialSet::all()),
            cl100k().encode(text + "<|endoftext|>", SpecialSet::all()));
}

airtok::MergeableRanks bytes_only() {
  airtok::MergeableRanks ranks;
  for (unsigned b = 0; b < 256; ++b) ranks.emplace_back(std::string(1, static_cast<char>(b)), b);
  return ranks;
}

TEST(Custom, ValidatesLikeTiktoken) {
  EXPECT_NO_THROW(Encoding::create("ok", "\\S+|\\s+", bytes_only(), {{"<|x|>", 256}}, 257));
  EXPECT_THROW(Encoding::create("n", "\\S+", bytes_only(), {{"<|x|>", 256}}, 300),
               airtok::InvalidEncodingError);
  EXPECT_THROW(Encoding::create("clash", "\\S+", bytes_only(), {{"<|x|>", 65}}),
               airtok::InvalidEncodingError);
  auto dup_rank = bytes_only();
  dup_rank.emplace_back("ab", 5);
  EXPECT_THROW(Encoding::create("dup", "\\S+", dup_rank, {}), airtok::InvalidEncodingError);
  auto dup_token = bytes_only();
  dup_token.emplace_back("a", 300);
  EXPECT_THROW(Encoding::create("dup", "\\S+", dup_token, {}), airtok::InvalidEncodingError);
  EXPECT_THROW(Encoding::create("bad pattern", "(unclosed", bytes_only(), {}),
               airtok::InvalidEncodingError);
}

TEST(Custom, GenericPatternsFollowFindIter) {
  auto ranks = bytes_only();
  ranks.emplace_back("ab", 256);
  const Encoding enc = Encoding::create("t", "[a-z]+", ranks, {});
  // Text between matches is skipped, as tiktoken's find_iter loop skips it.
  EXPECT_EQ(enc.encode_ordinary("ab, ab!"), (std::vector<Rank>{256, 256}));
  // A pattern that can match the empty string yields no empty pieces.
  const Encoding star = Encoding::create("s", "[a-z]*", ranks, {});
  EXPECT_EQ(star.encode_ordinary("ab, ab!"), (std::vector<Rank>{256, 256}));
}

TEST(Custom, AVocabularyWithoutEveryByteIsRefusedAtCreate) {
  // tiktoken builds this encoding and panics on the first text with a byte it lacks; airtok
  // refuses it at once, so that encoding never fails on content.
  const auto refused = [](const airtok::MergeableRanks& ranks) -> std::string {
    try {
      (void)Encoding::create("tiny", "\\S+", ranks, {});
    } catch (const airtok::InvalidEncodingError& e) {
      return e.what();
    }
    return "accepted";
  };
  const std::string tiny = refused({{"a", 0}, {"b", 1}});
  EXPECT_NE(tiny.find("no token for the single byte 0x00 (nor for 253 other byte values): every "
                      "byte value 0x00-0xff needs a rank of its own"),
            std::string::npos)
      << tiny;
  airtok::MergeableRanks all_but_one = bytes_only();
  all_but_one.erase(all_but_one.begin() + 0xe9);
  all_but_one.emplace_back("\xe9\x80", 0xe9);  // rank 0xe9 is a two-byte token instead
  const std::string one = refused(all_but_one);
  EXPECT_NE(one.find("no token for the single byte 0xe9:"), std::string::npos) << one;
  EXPECT_NO_THROW((void)Encoding::create("all", "\\S+", bytes_only(), {}));
}

}  // namespace
