// Tests of parse_tiktoken_bpe on small hand-made contents: accepted variants (line endings,
// blank lines, spacing) and every error with its exact line and message.
#include "core/load/base64.hpp"
#include "load_test_util.hpp"

#include <string>

namespace airtok {
namespace {

using test::catch_load_error;
using test::contains;

constexpr const char* kSource = "t.tiktoken";
constexpr std::string_view kHint =
    "; each line must be \"<base64 of the token's bytes> <rank>\", e.g. \"IQ== 0\"";

MergeableRanks parse(std::string_view contents) { return parse_tiktoken_bpe(contents, kSource); }

LoadError parse_error(std::string_view contents) {
  return catch_load_error([&] { parse(contents); });
}

const MergeableRanks kTwoTokens = {{"!", 0}, {"\"", 1}};

TEST(ParseTiktokenBpe, ParsesLinesInFileOrder) {
  EXPECT_EQ(parse("IQ== 0\nIg== 1\n"), kTwoTokens);
  const MergeableRanks ranks = parse("IGFiY2Q= 7\nYWJj 3\n/w== 2147483647\n");
  EXPECT_EQ(ranks, (MergeableRanks{{" abcd", 7}, {"abc", 3}, {"\xff", 2147483647}}));
}

TEST(ParseTiktokenBpe, AcceptsEveryLineEndingLikeSplitlines) {
  EXPECT_EQ(parse("IQ== 0\nIg== 1"), kTwoTokens);        // no final newline
  EXPECT_EQ(parse("IQ== 0\r\nIg== 1\r\n"), kTwoTokens);  // CRLF
  EXPECT_EQ(parse("IQ== 0\r\nIg== 1"), kTwoTokens);      // CRLF, no final newline
  EXPECT_EQ(parse("IQ== 0\rIg== 1\r"), kTwoTokens);      // lone CR, as bytes.splitlines()
  EXPECT_EQ(parse("IQ== 0\r\nIg== 1\n"), kTwoTokens);    // mixed
}

TEST(ParseTiktokenBpe, SkipsEmptyLinesButCountsThem) {
  EXPECT_EQ(parse("\n\nIQ== 0\n\n\nIg== 1\n\n"), kTwoTokens);
  EXPECT_EQ(parse("\r\n\r\nIQ== 0\r\n\r\nIg== 1\r\n\r\n"), kTwoTokens);
  EXPECT_EQ(parse_error("\n\nIQ== x\n").line(), 3u);
  EXPECT_EQ(parse_error("\r\n\r\nIQ== x\r\n").line(), 3u);
  EXPECT_EQ(parse_error("IQ== 0\r\rIg== x\n").line(), 3u);  // "\r\r" is two line ends
}

TEST(ParseTiktokenBpe, SplitsFieldsAtAnyAsciiWhitespaceLikeBytesSplit) {
  EXPECT_EQ(parse("IQ==\t0\nIg==  1\n"), kTwoTokens);
  EXPECT_EQ(parse("  IQ== 0  \n\tIg==\v\f1\t\n"), kTwoTokens);
}

TEST(ParseTiktokenBpe, AcceptsLeadingZerosInRanks) {
  EXPECT_EQ(parse("IQ== 007\n"), (MergeableRanks{{"!", 7}}));
}

TEST(ParseTiktokenBpe, InvalidBase64) {
  const LoadError e = parse_error("IQ== 0\nabc$ 1\nIg== 2\n");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(e.file(), kSource);
  EXPECT_EQ(std::string(e.what()),
            "t.tiktoken:2: invalid base64 \"abc$\": byte 0x24 ('$') is not a base64 character" +
                std::string(kHint));
  EXPECT_EQ(std::string(parse_error("IQ== 0\nIg 1\n").what()),
            "t.tiktoken:2: invalid base64 \"Ig\": incorrect padding (2 base64 characters need 2 "
            "'=', found 0)" +
                std::string(kHint));
  EXPECT_EQ(parse_error("IQ== 0\r\nIg== 1\r\nI 2\r\n").line(), 3u);
  EXPECT_TRUE(
      contains(parse_error("= 0\n").what(), "t.tiktoken:1: invalid base64 \"=\": no base64"));
}

TEST(ParseTiktokenBpe, MissingRank) {
  const LoadError e = parse_error("IQ== 0\nIg==\n");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(std::string(e.what()),
            "t.tiktoken:2: missing rank after token \"Ig==\"" + std::string(kHint));
  EXPECT_EQ(parse_error("IQ== 0\r\nIg==\r\n").line(), 2u);
  EXPECT_EQ(parse_error("IQ==").line(), 1u);
}

TEST(ParseTiktokenBpe, WhitespaceOnlyLine) {
  // tiktoken skips only truly empty lines; "  ".split() gives no fields and fails.
  const LoadError e = parse_error("IQ== 0\n  \t\nIg== 1\n");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(std::string(e.what()),
            "t.tiktoken:2: the line holds only whitespace \"  \\t\"" + std::string(kHint));
}

TEST(ParseTiktokenBpe, ExtraFields) {
  const LoadError e = parse_error("IQ== 0\nIg== 1 extra more\n");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(std::string(e.what()),
            "t.tiktoken:2: unexpected text \"extra\" after the rank" + std::string(kHint));
}

TEST(ParseTiktokenBpe, NonNumericRank) {
  for (const char* rank : {"1a", "-1", "+1", "1_0", "0x10", "1.0", "\xd9\xa1"}) {
    const LoadError e = parse_error("IQ== 0\nIg== " + std::string(rank) + "\n");
    EXPECT_EQ(e.line(), 2u) << rank;
    EXPECT_TRUE(contains(e.what(), "t.tiktoken:2: rank \"")) << e.what();
    EXPECT_TRUE(contains(e.what(), "\" is not a non-negative decimal integer")) << e.what();
  }
  EXPECT_EQ(std::string(parse_error("IQ== x\n").what()),
            "t.tiktoken:1: rank \"x\" is not a non-negative decimal integer" + std::string(kHint));
}

TEST(ParseTiktokenBpe, OutOfRangeRank) {
  EXPECT_EQ(std::string(parse_error("IQ== 0\nIg== 2147483648\n").what()),
            "t.tiktoken:2: rank \"2147483648\" is out of range (ranks must be below 2^31 = "
            "2147483648)");
  EXPECT_EQ(parse_error("IQ== 4294967296\n").line(), 1u);
  EXPECT_EQ(parse_error("IQ== 99999999999999999999999999999\n").line(), 1u);
  EXPECT_EQ(parse("IQ== 2147483647\n"), (MergeableRanks{{"!", 2147483647}}));
}

TEST(ParseTiktokenBpe, DuplicateTokenNamesTheEarlierLine) {
  const LoadError e = parse_error("IQ== 0\nIg== 1\n\nIQ== 2\n");
  EXPECT_EQ(e.line(), 4u);
  EXPECT_EQ(std::string(e.what()),
            "t.tiktoken:4: duplicate token \"IQ==\" (bytes \"!\"): line 1 already gives it rank 0");
  // Two spellings of the same bytes (Python ignores the unused low bits) are the same token.
  EXPECT_TRUE(contains(parse_error("YQ== 0\nYR== 1\n").what(),
                       "t.tiktoken:2: duplicate token \"YR==\" (bytes \"a\"): line 1"));
}

TEST(ParseTiktokenBpe, DuplicateRankNamesTheEarlierLine) {
  const LoadError e = parse_error("IQ== 0\nIg== 1\nIw== 1\n");
  EXPECT_EQ(e.line(), 3u);
  EXPECT_EQ(std::string(e.what()),
            "t.tiktoken:3: duplicate rank 1: line 2 already gives it to token \"Ig==\" (bytes "
            "\"\\\"\")");
  // Ranks far above the line count take the sparse path.
  const LoadError sparse = parse_error("IQ== 2000000000\nIg== 5\nIw== 2000000000\n");
  EXPECT_EQ(sparse.line(), 3u);
  EXPECT_TRUE(contains(sparse.what(), "duplicate rank 2000000000: line 1 already gives it"));
}

TEST(ParseTiktokenBpe, EmptyFile) {
  const LoadError empty = parse_error("");
  EXPECT_EQ(empty.line(), 0u);
  EXPECT_EQ(empty.file(), kSource);
  EXPECT_EQ(std::string(empty.what()), "t.tiktoken: the file is empty: no tokens");
  EXPECT_EQ(std::string(parse_error("\n\r\n\n").what()),
            "t.tiktoken: no tokens: the file holds only empty lines");
}

TEST(ParseTiktokenBpe, LongValuesAreCutInMessages) {
  const std::string token = std::string(1000, 'A') + "$";
  const LoadError e = parse_error(token + " 0\n");
  EXPECT_TRUE(contains(e.what(), "... (1001 bytes)")) << e.what();
  EXPECT_LT(std::string(e.what()).size(), 300u);
}

TEST(ParseTiktokenBpe, ManyMoreLinesThanNewlines) {
  // Lone "\r" endings: the size estimate from "\n" is 1, the tables must grow.
  std::string contents;
  for (Rank rank = 0; rank < 5000; ++rank) {
    contents +=
        detail::base64_encode(std::to_string(rank) + "x") + " " + std::to_string(rank) + "\r";
  }
  EXPECT_EQ(parse(contents).size(), 5000u);
  const LoadError e = parse_error(contents + detail::base64_encode("17x") + " 5000\r");
  EXPECT_EQ(e.line(), 5001u);
  EXPECT_TRUE(contains(e.what(), "line 18 already gives it rank 17")) << e.what();
}

}  // namespace
}  // namespace airtok
