// The specialized scanners against the generic PCRE2 pre-tokenizer (the in-project reference,
// itself checked against tiktoken by the golden and code-point tests): every code point in
// several contexts, and seeded random strings built from characters of every class. Then the
// scanners' ASCII fast paths against their own general code, at every position of long strings.
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
  static const char* kContexts[][2] = {{"", ""},
                                       {"a", "b"},
                                       {" ", ""},
                                       {"", "@"},
                                       {"'", "'s"},
                                       {"1", "23"},
                                       {"A", "a"},
                                       {"", "\n"},
                                       {" ", "x "},
                                       {"\t", "  x"},
                                       {"", "'RE"},
                                       // 16 bytes after the character, so that the scanners'
                                       // ASCII fast paths see it in their window.
                                       {" ", "ab' 12 ,  \n\n  x/"}};
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

// Characters of every class the patterns distinguish, plus the ASCII that matters.
const char32_t kAlphabet[] = {
    'a', 'z', 'A', 'Z', 's', 'S', 't', 'r', 'e', 'v', 'l', 'm', 'd', '\'', ' ', ' ', ' ', '\t',
    '\n', '\r', '\v', '\f', '0', '7', '/', '.', ',', '!', '(', '-', '_', 0x85, 0xA0, 0x1680, 0x2000,
    0x2028, 0x3000, 0x202F,                                          // other White_Space
    0x17F, 0x212A, 0xE9, 0xC9, 0x1C5, 0x2B0, 0x5D0, 0x4E2D, 0xAC00,  // letters of all
                                                                     // kinds
    0x301, 0x903, 0x20DD,                                            // marks
    0x661, 0x2163, 0xBD, 0xFF10,                                     // numbers
    0x1F600, 0x200D, 0xFE0F, 0x1F3FB, 0x2019, 0xFF0C};               // symbols, ZWJ, VS

TEST_P(ScannerVsPcre2, SeededRandomStrings) {
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

#if AIRTOK_ASCII_WINDOW
// The scanners decide most pieces of ASCII text from the classes of 16 bytes at
// once, and hand the others to their general code (next_any). At every character of long
// strings, mostly ASCII so that the fast path is taken, `next` must end the piece where the
// general code does: strings of any ASCII byte, characters of every class, and runs longer than
// the window (letters in both cases, digits, spaces, newlines, punctuation, slashes).
template <class Scanner>
void expect_fast_path_agrees(const char* name) {
  static const char* kRuns[] = {"a", "Z", "aB", "7", " ", "\n", "\r\n", "\t", "-", "/", "'"};
  std::mt19937 rng(20261207);
  std::size_t positions = 0, fast = 0, failures = 0;
  for (int t = 0; t < 40000; ++t) {
    std::string text;
    const std::size_t len = 16 + rng() % 64;
    while (text.size() < len) {
      const unsigned kind = rng() % 8;
      if (kind < 3) {
        text += static_cast<char>("abcXYZ ,.'\n"[rng() % 11]);
      } else if (kind < 5) {
        text += static_cast<char>(rng() % 0x80);
      } else if (kind < 6) {
        text += utf8(kAlphabet[rng() % std::size(kAlphabet)]);
      } else {
        const std::string run = kRuns[rng() % std::size(kRuns)];
        for (std::size_t k = rng() % 24; k > 0; --k) text += run;
      }
    }
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    for (std::size_t i = 0; i < n; ++i) {
      if ((s[i] & 0xC0) == 0x80) continue;  // inside a character
      ++positions;
      if (n - i >= airtok::detail::scan::AsciiWindow::kBytes && Scanner::next_ascii(s, n, i) != 0) {
        ++fast;
      }
      const std::size_t expected = Scanner::next_any(s, n, i), got = Scanner::next(s, n, i);
      if (got != expected && ++failures <= 10) {
        ADD_FAILURE() << name << " at byte " << i << " of \"" << text << "\": piece ends at " << got
                      << ", expected " << expected;
      }
    }
  }
  EXPECT_EQ(failures, 0u);
  EXPECT_GT(fast, positions / 2) << "the fast path was taken too rarely to be tested";
}

TEST(ScannerFastPath, AgreesWithTheGeneralCodeR50k) {
  expect_fast_path_agrees<airtok::detail::ScannerR50k>("r50k");
}

TEST(ScannerFastPath, AgreesWithTheGeneralCodeCl100k) {
  expect_fast_path_agrees<airtok::detail::ScannerCl100k>("cl100k");
}

TEST(ScannerFastPath, AgreesWithTheGeneralCodeO200k) {
  expect_fast_path_agrees<airtok::detail::ScannerO200k>("o200k");
}
#endif

}  // namespace
