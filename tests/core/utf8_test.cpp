// UTF-8 validation and Python-compatible replacement. The expected strings follow the Unicode
// standard's "maximal subpart" practice (Unicode 16.0, section 3.9, table 3-8), which is what
// Python's decoder implements; the golden vectors check the same against the reference.
#include "core/utf8.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace {

using airtok::detail::append_utf8_replacing;
using airtok::detail::utf8_valid_up_to;

std::string replaced(std::string_view s) {
  std::string out;
  append_utf8_replacing(s, out);
  return out;
}

const std::string kFffd = "\xEF\xBF\xBD";

TEST(Utf8, ValidUpTo) {
  EXPECT_EQ(utf8_valid_up_to(""), 0u);
  EXPECT_EQ(utf8_valid_up_to("abc"), 3u);
  EXPECT_EQ(utf8_valid_up_to("a\xC3\xA9"), 3u);
  EXPECT_EQ(utf8_valid_up_to("a\xC3"), 1u);
  EXPECT_EQ(utf8_valid_up_to("ab\xED\xA0\x80"), 2u);     // surrogate
  EXPECT_EQ(utf8_valid_up_to("\xC0\x80"), 0u);           // overlong
  EXPECT_EQ(utf8_valid_up_to("\xF4\x90\x80\x80"), 0u);   // above U+10FFFF
  EXPECT_EQ(utf8_valid_up_to("\xF0\x9F\x98\x80x"), 5u);  // emoji
  EXPECT_EQ(utf8_valid_up_to("\xF0\x9F\x98"), 0u);       // truncated
}

/// The valid prefix's length, one character at a time with the strict decoder
/// decode_checked_multibyte (independent of utf8_valid_up_to's table-driven fast path).
std::size_t valid_prefix_by_characters(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp = 0;
    const unsigned len =
        p[i] < 0x80 ? 1 : airtok::detail::decode_checked_multibyte(p, s.size(), i, cp);
    if (len == 0) return i;
    i += len;
  }
  return i;
}

TEST(Utf8, ValidUpToAgreesOnEveryShortSequence) {
  // Every sequence of one to three bytes, after ASCII of every length up to 17 (so that it
  // falls at every place of the fast path's 16-byte blocks and 8-byte ASCII steps).
  std::string s;
  for (std::uint32_t v = 0; v < (1u << 24); ++v) {
    const std::size_t len = v < 256 ? 1 : v < 65536 ? 2 : 3;
    s.assign(v % 18, 'a');
    for (std::size_t k = len; k-- > 0;) s += static_cast<char>(v >> (8 * k));
    ASSERT_EQ(utf8_valid_up_to(s), valid_prefix_by_characters(s)) << "value " << v;
  }
}

TEST(Utf8, ValidUpToAgreesOnRandomText) {
  // Random mixtures of ASCII, valid characters of every length and broken sequences, with
  // four-byte sequences at their range edges.
  static const std::string kUnits[] = {"a",
                                       " ",
                                       "0123456789abcdef",
                                       "\xC3\xA9",
                                       "\xE4\xB8\xAD",
                                       "\xE0\xA0\x80",
                                       "\xED\x9F\xBF",
                                       "\xEF\xBF\xBF",
                                       "\xF0\x90\x80\x80",
                                       "\xF4\x8F\xBF\xBF",
                                       "\xF0\x9F\x98\x80",
                                       "\x80",
                                       "\xBF",
                                       "\xC0\xAF",
                                       "\xC1",
                                       "\xE0\x9F\xBF",
                                       "\xED\xA0\x80",
                                       "\xF0\x8F\xBF\xBF",
                                       "\xF4\x90\x80\x80",
                                       "\xF5",
                                       "\xFF",
                                       "\xE4\xB8",
                                       "\xF0\x9F\x98"};
  std::mt19937 rng(8);
  for (int i = 0; i < 200000; ++i) {
    std::string s;
    const std::size_t units = rng() % 40;
    for (std::size_t u = 0; u < units; ++u) {
      // Mostly valid units, so that errors come late and at every offset.
      s += kUnits[rng() % 4 == 0 ? rng() % std::size(kUnits) : rng() % 11];
    }
    ASSERT_EQ(utf8_valid_up_to(s), valid_prefix_by_characters(s)) << "string " << i;
  }
}

TEST(Utf8, ReplacementFollowsMaximalSubparts) {
  // Table 3-8 of the Unicode standard: 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64
  EXPECT_EQ(replaced("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64"),
            "a" + kFffd + kFffd + kFffd + "b" + kFffd + "c" + kFffd + kFffd + "d");
  EXPECT_EQ(replaced("\xE0\x80"), kFffd + kFffd);
  EXPECT_EQ(replaced("\xF0\x9F\x98"), kFffd);
  EXPECT_EQ(replaced("\xED\xA0\x80"), kFffd + kFffd + kFffd);
  EXPECT_EQ(replaced("\xFF"), kFffd);
  EXPECT_EQ(replaced("ok\xC3\xA9"), "ok\xC3\xA9");
}

// utf8_first_invalid tells a valid start cut short by the end (what a stream checker carries to
// the next chunk) from an invalid sequence, with Python's reasons.
TEST(Utf8, FirstInvalidTellsCutShortFromInvalid) {
  using airtok::detail::utf8_first_invalid;
  for (const std::string_view cut : {"ab\xC3", "\xE2\x82", "a\xF0\x9F\x98"}) {
    const auto bad = utf8_first_invalid(cut);
    EXPECT_TRUE(bad.at_end) << cut;
    EXPECT_EQ(bad.offset + bad.length, cut.size()) << cut;
    EXPECT_STREQ(bad.reason, "unexpected end of data") << cut;
  }
  for (const std::string_view invalid : {"ab\xC3x", "\x80", "\xE2\x82x", "\xED\xA0", "\xFF"}) {
    EXPECT_FALSE(utf8_first_invalid(invalid).at_end) << invalid;
  }
  EXPECT_FALSE(utf8_first_invalid("ok").at_end);
  EXPECT_EQ(utf8_first_invalid("ok").offset, 2u);
}

// valid_sequence_length: the checked decoder's length, 0 for what it refuses.
TEST(Utf8, ValidSequenceLength) {
  using airtok::detail::valid_sequence_length;
  const std::string_view text = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\x80\xED\xA0\x80\xC3";
  const std::size_t expected[] = {1, 2, 0, 3, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0};
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    EXPECT_EQ(valid_sequence_length(text, pos), expected[pos]) << "at " << pos;
  }
}

}  // namespace

// The checked and the unchecked decoder (utf8.hpp) agree on every scalar value, and only the
// checked one is asked about invalid bytes: it refuses surrogates, overlongs and truncations.
TEST(Utf8, CheckedAndValidDecodersAgreeOnEveryCodePoint) {
  using airtok::detail::decode_checked;
  using airtok::detail::decode_valid;
  using airtok::detail::kInvalidCodePoint;
  std::string s;
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    s.clear();
    airtok::detail::append_utf8(c, s);
    std::size_t pos = 0, len = 0;
    ASSERT_EQ(std::uint32_t{decode_checked(s, pos)}, std::uint32_t{c})
        << "U+" << std::hex << std::uint32_t{c};
    ASSERT_EQ(pos, s.size());
    ASSERT_EQ(std::uint32_t{decode_valid(reinterpret_cast<const unsigned char*>(s.data()), len)},
              std::uint32_t{c});
    ASSERT_EQ(len, s.size());
  }
  for (const std::string_view bad : {"\xED\xA0\x80", "\xC0\x80", "\xE0\x9F\xBF", "\xF4\x90\x80\x80",
                                     "\xF0\x9F\x98", "\x80", "\xFF", "\xC3"}) {
    std::size_t pos = 0;
    EXPECT_EQ(std::uint32_t{decode_checked(bad, pos)}, std::uint32_t{kInvalidCodePoint}) << bad;
    EXPECT_EQ(pos, 0u);
  }
}
