// UTF-8 validation and Python-compatible replacement. The expected strings follow the Unicode
// standard's "maximal subpart" practice (Unicode 16.0, section 3.9, table 3-8), which is what
// Python's decoder implements; the golden vectors check the same against the reference.
#include "core/utf8.hpp"

#include <gtest/gtest.h>

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

}  // namespace
