// Tests of the strict base64 decoder used for `.tiktoken` tokens (core/load/base64.hpp).
#include "core/load/base64.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace airtok::detail {
namespace {

std::string decode_ok(std::string_view text) {
  std::string out;
  const std::string reason = base64_decode(text, out);
  EXPECT_EQ(reason, "") << "for " << text;
  return out;
}

std::string decode_error(std::string_view text) {
  std::string out;
  const std::string reason = base64_decode(text, out);
  EXPECT_NE(reason, "") << text << " should be rejected";
  return reason;
}

TEST(Base64, DecodesCanonicalForms) {
  EXPECT_EQ(decode_ok("IQ=="), "!");
  EXPECT_EQ(decode_ok("YWI="), "ab");
  EXPECT_EQ(decode_ok("YWJj"), "abc");
  EXPECT_EQ(decode_ok("IGFiY2Q="), " abcd");
  EXPECT_EQ(decode_ok("AA=="), std::string(1, '\0'));
  EXPECT_EQ(decode_ok("/w=="), "\xff");
  EXPECT_EQ(decode_ok("+/+/"), "\xfb\xff\xbf");
}

TEST(Base64, IgnoresUnusedLowBitsLikePython) {
  // base64.b64decode(b"YR==") == b"a": the low 4 bits of 'R' are dropped.
  EXPECT_EQ(decode_ok("YR=="), "a");
  EXPECT_EQ(decode_ok("YWJ="), "ab");
}

TEST(Base64, RejectsBadCharacters) {
  EXPECT_EQ(decode_error("abc$"), "byte 0x24 ('$') is not a base64 character");
  EXPECT_EQ(decode_error("ab-_"), "byte 0x2d ('-') is not a base64 character");  // URL-safe
  EXPECT_EQ(decode_error("YW\x80z"), "byte 0x80 is not a base64 character");
  EXPECT_EQ(decode_error("YQ==YQ=="), "'=' padding before the end");
  EXPECT_EQ(decode_error("Y=Q="), "'=' padding before the end");
}

TEST(Base64, RejectsBadLengthAndPadding) {
  EXPECT_EQ(decode_error("Y"),
            "1 base64 characters cannot encode whole bytes (1 more than a multiple of 4)");
  EXPECT_EQ(decode_error("YWJjZ==="),
            "5 base64 characters cannot encode whole bytes (1 more "
            "than a multiple of 4)");
  EXPECT_EQ(decode_error("YQ"), "incorrect padding (2 base64 characters need 2 '=', found 0)");
  EXPECT_EQ(decode_error("YQ="), "incorrect padding (2 base64 characters need 2 '=', found 1)");
  EXPECT_EQ(decode_error("YWI"), "incorrect padding (3 base64 characters need 1 '=', found 0)");
  EXPECT_EQ(decode_error("YWI=="), "incorrect padding (3 base64 characters need 1 '=', found 2)");
  EXPECT_EQ(decode_error("YWJj="), "incorrect padding (4 base64 characters need 0 '=', found 1)");
  EXPECT_EQ(decode_error("="), "no base64 characters, only padding");
  EXPECT_EQ(decode_error("=="), "no base64 characters, only padding");
}

TEST(Base64, EncodeMatchesKnownValues) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("!"), "IQ==");
  EXPECT_EQ(base64_encode("ab"), "YWI=");
  EXPECT_EQ(base64_encode("abc"), "YWJj");
  EXPECT_EQ(base64_encode("\xfb\xff\xbf"), "+/+/");
}

TEST(Base64, RoundTripsRandomBytes) {
  std::mt19937 random(1234);
  for (std::size_t length = 1; length < 200; ++length) {
    std::string bytes(length, '\0');
    for (char& c : bytes) c = static_cast<char>(random() & 0xFF);
    const std::string text = base64_encode(bytes);
    EXPECT_EQ(decode_ok(text), bytes);
  }
}

}  // namespace
}  // namespace airtok::detail
