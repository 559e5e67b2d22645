// unicode_tables_test.cpp — the generated Unicode 16.0 tables: shape, lookup by Rust's property
// names, and the code points where Unicode 16 differs from the Unicode 14 tables of Debian's
// PCRE2 (the reason the tables exist).

#include "pretok/unicode_tables.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string_view>
#include <vector>

namespace airtok::detail::unicode {
namespace {

bool contains(std::span<const Range> ranges, char32_t c) {
  const auto it = std::upper_bound(ranges.begin(), ranges.end(), c,
                                   [](char32_t value, const Range& r) { return value < r.first; });
  return it != ranges.begin() && std::prev(it)->last >= c;
}

bool same(std::span<const Range> a, std::span<const Range> b) {
  return a.data() == b.data() && a.size() == b.size();
}

constexpr std::string_view kCategories[] = {
    "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe",
    "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn"};

TEST(UnicodeTables, VersionAndSizes) {
  EXPECT_EQ(unicode_version(), "16.0.0");
  EXPECT_EQ(property_ranges("L").size(), 677u);
  EXPECT_EQ(property_ranges("N").size(), 144u);
  EXPECT_EQ(property_ranges("White_Space").size(), 10u);
}

TEST(UnicodeTables, RangesAreSortedMergedAndInBounds) {
  std::vector<std::string_view> names(std::begin(kCategories), std::end(kCategories));
  for (const auto* extra : {"L", "LC", "M", "N", "P", "S", "Z", "C", "White_Space", "Alphabetic",
                            "Join_Control", "Any", "ASCII", "Assigned"}) {
    names.push_back(extra);
  }
  for (const auto name : names) {
    const auto ranges = property_ranges(name);
    ASSERT_FALSE(ranges.empty()) << name;
    for (std::size_t i = 0; i < ranges.size(); ++i) {
      EXPECT_LE(ranges[i].first, ranges[i].last) << name;
      EXPECT_LE(ranges[i].last, 0x10FFFFu) << name;
      if (i > 0) {
        EXPECT_GT(ranges[i].first, ranges[i - 1].last + 1) << name << " not merged";
      }
    }
  }
}

TEST(UnicodeTables, CategoriesPartitionTheCodeSpace) {
  std::vector<Range> all;
  for (const auto name : kCategories) {
    const auto ranges = property_ranges(name);
    all.insert(all.end(), ranges.begin(), ranges.end());
  }
  std::sort(all.begin(), all.end(),
            [](const Range& a, const Range& b) { return a.first < b.first; });
  char32_t next = 0;
  for (const Range& r : all) {
    ASSERT_EQ(r.first, next) << "gap or overlap at U+" << std::hex << static_cast<unsigned>(next);
    next = r.last + 1;
  }
  EXPECT_EQ(next, 0x110000u);
}

TEST(UnicodeTables, LooseNamesAsRustAcceptsThem) {
  const auto letter = property_ranges("L");
  for (const auto* name : {"Letter", "letter", "l", "isL", "gc=L", "gc:Letter",
                           "General_Category=L", "general category = letter"}) {
    EXPECT_TRUE(same(property_ranges(name), letter)) << name;
  }
  const auto upper = property_ranges("Lu");
  for (const auto* name : {"Uppercase_Letter", "uppercase letter", "UPPERCASE-LETTER", "gc=Lu"}) {
    EXPECT_TRUE(same(property_ranges(name), upper)) << name;
  }
  EXPECT_TRUE(same(property_ranges("space"), property_ranges("White_Space")));
  EXPECT_TRUE(same(property_ranges("WSpace"), property_ranges("White_Space")));
  EXPECT_TRUE(same(property_ranges("digit"), property_ranges("Nd")));
  EXPECT_TRUE(same(property_ranges("punct"), property_ranges("P")));
  EXPECT_TRUE(same(property_ranges("Combining_Mark"), property_ranges("M")));
  EXPECT_TRUE(same(property_ranges("cntrl"), property_ranges("Cc")));
  EXPECT_TRUE(same(property_ranges("Alpha"), property_ranges("Alphabetic")));
  // Rust reads "cf", "sc" and "lc" as categories, not as the properties they also abbreviate.
  EXPECT_TRUE(same(property_ranges("sc"), property_ranges("Currency_Symbol")));
  EXPECT_TRUE(same(property_ranges("lc"), property_ranges("Cased_Letter")));
  EXPECT_TRUE(same(property_ranges("cf"), property_ranges("Format")));
}

TEST(UnicodeTables, UnknownNamesGiveNothing) {
  for (const auto* name : {"", "Greek", "Latin", "Lowercase", "Emoji", "gc=White_Space", "sc=Greek",
                           "Lu!=x", "^L", "Lx"}) {
    EXPECT_TRUE(property_ranges(name).empty()) << name;
  }
}

// Code points whose Unicode 16.0 category Debian's PCRE2 10.42 (Unicode 14) gets wrong.
TEST(UnicodeTables, Unicode16Assignments) {
  EXPECT_TRUE(contains(property_ranges("Lu"), 0x1C89));   // CYRILLIC CAPITAL LETTER TJE (16.0)
  EXPECT_TRUE(contains(property_ranges("Ll"), 0x1C8A));   // CYRILLIC SMALL LETTER TJE (16.0)
  EXPECT_TRUE(contains(property_ranges("Lu"), 0xA7CB));   // LATIN CAPITAL LETTER RAMS HORN (16.0)
  EXPECT_TRUE(contains(property_ranges("Nd"), 0x10D40));  // GARAY DIGIT ZERO (16.0)
  EXPECT_TRUE(contains(property_ranges("Mn"), 0x0897));   // ARABIC PEPET (16.0)
  EXPECT_TRUE(contains(property_ranges("Mc"), 0x0CF3));   // KANNADA SIGN COMBINING ANUSVARA
                                                          // ABOVE RIGHT (15.0)
  EXPECT_TRUE(contains(property_ranges("Cn"), 0x2FFFF));  // still unassigned
}

TEST(UnicodeTables, WhiteSpaceIsRustsBackslashS) {
  const auto space = property_ranges("White_Space");
  for (const char32_t c : {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x200A,
                           0x2028, 0x2029, 0x202F, 0x205F, 0x3000}) {
    EXPECT_TRUE(contains(space, c)) << std::hex << static_cast<unsigned>(c);
  }
  for (const char32_t c : {0x180E, 0x200B, 0xFEFF, 0x1C, 0x1F}) {  // PCRE2 and others differ here
    EXPECT_FALSE(contains(space, c)) << std::hex << static_cast<unsigned>(c);
  }
}

TEST(UnicodeTables, PerlWord) {
  const auto word = perl_word_ranges();
  for (const char32_t c :
       {U'a', U'Z', U'0', U'_', U'\u200C', U'\u200D', U'\u0301', U'\u2160', U'\u203F'}) {
    EXPECT_TRUE(contains(word, c)) << std::hex << static_cast<unsigned>(c);
  }
  for (const char32_t c : {U' ', U'-', U'\u00B2', U'\u00BD'}) {  // No is not \w in Rust
    EXPECT_FALSE(contains(word, c)) << std::hex << static_cast<unsigned>(c);
  }
}

std::vector<char32_t> orbit(char32_t c) {
  const auto links = simple_fold_links();
  std::vector<char32_t> members{c};
  for (char32_t next = c;;) {
    const auto it = std::lower_bound(links.begin(), links.end(), next,
                                     [](const FoldLink& l, char32_t v) { return l.from < v; });
    if (it == links.end() || it->from != next || it->next == c) break;
    next = it->next;
    members.push_back(next);
  }
  std::sort(members.begin(), members.end());
  return members;
}

TEST(UnicodeTables, SimpleCaseFoldingOrbits) {
  EXPECT_EQ(orbit(U's'), (std::vector<char32_t>{U'S', U's', 0x017F}));
  EXPECT_EQ(orbit(0x017F), (std::vector<char32_t>{U'S', U's', 0x017F}));
  EXPECT_EQ(orbit(U'k'), (std::vector<char32_t>{U'K', U'k', 0x212A}));
  EXPECT_EQ(orbit(0x00DF), (std::vector<char32_t>{0x00DF, 0x1E9E}));  // S status, not F
  EXPECT_EQ(orbit(0xA7CB), (std::vector<char32_t>{0x0264, 0xA7CB}));  // new in 16.0
  EXPECT_EQ(orbit(0x1C89), (std::vector<char32_t>{0x1C89, 0x1C8A}));  // new in 16.0
  EXPECT_EQ(orbit(U'1'), (std::vector<char32_t>{U'1'}));
  const auto links = simple_fold_links();
  EXPECT_TRUE(std::is_sorted(links.begin(), links.end(),
                             [](const FoldLink& a, const FoldLink& b) { return a.from < b.from; }));
}

}  // namespace
}  // namespace airtok::detail::unicode
