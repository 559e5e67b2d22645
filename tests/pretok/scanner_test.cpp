// The specialized scanners against the generic PCRE2 pre-tokenizer (the in-project reference,
// itself checked against tiktoken by the golden and code-point tests): every code point in
// several contexts, and seeded random strings built from characters of every class.
#include "pretok/scanners.hpp"
#include "pretok_compare.hpp"

#include "encodings/builtin.hpp"

#include "core/utf8.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace {

using airtok::detail::PatternFamily;

std::string utf8(char32_t cp) {
  std::string out;
  airtok::detail::append_utf8(cp, out);
  return out;
}

struct Family {
  const char* name;
  std::string_view pattern;
};

class ScannerVsPcre2 : public ::testing::TestWithParam<Family> {
 protected:
  void SetUp() override {
    pcre2_ = airtok::detail::make_pcre2_pretokenizer(std::string(GetParam().pattern));
    const PatternFamily family = airtok::detail::pattern_family(GetParam().pattern);
    ASSERT_NE(family, PatternFamily::generic);
    scanner_ = airtok::detail::make_scanner(family);
  }
  std::unique_ptr<airtok::detail::PreTokenizer> pcre2_, scanner_;
};

TEST_P(ScannerVsPcre2, EveryCodePointInContext) {
  // Contexts chosen to exercise every alternative of the three patterns: alone, between
  // letters, after a space, doubled, around apostrophes, by digits, after an upper-case
  // letter, before a newline, and after a space before a lower-case letter.
  static const char* kContexts[][2] = {{"", ""},    {"a", "b"},    {" ", ""},  {"", "@"},
                                       {"'", "'s"}, {"1", "23"},   {"A", "a"}, {"", "\n"},
                                       {" ", "x "}, {"\t", "  x"}, {"", "'RE"}};
  std::size_t failures = 0;
  for (char32_t cp = 0; cp < 0x110000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    const std::string c = utf8(cp);
    for (const auto& ctx : kContexts) {
      std::string text;
      if (*ctx[1] == '@') {
        text.append(c).append(c);
      } else {
        text.append(ctx[0]).append(c).append(ctx[1]);
      }
      const std::string diff = airtok::testing::compare_pieces(*pcre2_, *scanner_, text);
      if (!diff.empty() && ++failures <= 10) {
        ADD_FAILURE() << GetParam().name << " U+" << std::hex << static_cast<unsigned>(cp)
                      << " in context \"" << ctx[0] << "_" << ctx[1] << "\": " << diff;
      }
    }
  }
  EXPECT_EQ(failures, 0u);
}

TEST_P(ScannerVsPcre2, SeededRandomStrings) {
  // Characters of every class the patterns distinguish, plus the ASCII that matters.
  static const char32_t kAlphabet[] = {
      'a', 'z', 'A', 'Z', 's', 'S', 't', 'r', 'e', 'v', 'l', 'm', 'd', '\'', ' ', ' ', ' ', '\t',
      '\n', '\r', '\v', '\f', '0', '7', '/', '.', ',', '!', '(', '-', '_', 0x85, 0xA0, 0x1680,
      0x2000, 0x2028, 0x3000, 0x202F,                                  // other White_Space
      0x17F, 0x212A, 0xE9, 0xC9, 0x1C5, 0x2B0, 0x5D0, 0x4E2D, 0xAC00,  // letters of all
                                                                       // kinds
      0x301, 0x903, 0x20DD,                                            // marks
      0x661, 0x2163, 0xBD, 0xFF10,                                     // numbers
      0x1F600, 0x200D, 0xFE0F, 0x1F3FB, 0x2019, 0xFF0C};               // symbols, ZWJ, VS
  std::mt19937 rng(20261129);
  std::size_t failures = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const std::size_t len = rng() % 40;
    for (std::size_t k = 0; k < len; ++k) text += utf8(kAlphabet[rng() % std::size(kAlphabet)]);
    const std::string diff = airtok::testing::compare_pieces(*pcre2_, *scanner_, text);
    if (!diff.empty() && ++failures <= 10) {
      ADD_FAILURE() << GetParam().name << " on \"" << text << "\": " << diff;
    }
  }
  EXPECT_EQ(failures, 0u);
}

INSTANTIATE_TEST_SUITE_P(Families, ScannerVsPcre2,
                         ::testing::Values(Family{"r50k", airtok::detail::kR50kPattern},
                                           Family{"cl100k", airtok::detail::kCl100kPattern},
                                           Family{"o200k", airtok::detail::kO200kPattern}),
                         [](const ::testing::TestParamInfo<Family>& p) {
                           return std::string(p.param.name);
                         });

}  // namespace
