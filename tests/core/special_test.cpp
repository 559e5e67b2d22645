// SpecialMatcher: leftmost-longest matches of special tokens' texts, and copies and moves that
// keep working after the matcher they came from is gone (its index holds views of its texts).
#include "core/special.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace {

using airtok::detail::SpecialMatcher;

// Texts longer than the short-string buffer live on the heap, where a view into a destroyed
// matcher's strings would read freed memory (ASan reports it; without it the noise below makes
// the lookup miss).
const std::vector<std::string> kTexts = {"<|" + std::string(40, 'a') + "|>", "<|y|>",
                                         "<|" + std::string(40, 'a') + "|>tail"};
const std::string kHaystack = "xx" + kTexts[2] + "yy<|y|>";

/// Whether `m` finds the longest text at 2, then <|y|> after it.
bool finds_both(const SpecialMatcher& m) {
  SpecialMatcher::Match first, second;
  if (!m.find(kHaystack, 0, nullptr, first)) return false;
  if (first.begin != 2 || first.index != 2 || first.length != kTexts[2].size()) return false;
  if (!m.find(kHaystack, first.begin + first.length, nullptr, second)) return false;
  return second.index == 1 && m.text(second.index) == "<|y|>";
}

TEST(SpecialMatcher, FindsTheLeftmostLongestText) {
  const SpecialMatcher m(kTexts);
  EXPECT_TRUE(finds_both(m));
  SpecialMatcher::Match match;
  EXPECT_FALSE(m.find("no special text here", 0, nullptr, match));
  const std::vector<char> only_y = {0, 1, 0};
  ASSERT_TRUE(m.find(kHaystack, 0, &only_y, match));
  EXPECT_EQ(match.index, 1u);
}

TEST(SpecialMatcher, CopiesOutliveTheOriginal) {
  std::optional<SpecialMatcher> original(std::in_place, kTexts);
  const SpecialMatcher copy(*original);
  SpecialMatcher assigned;
  assigned = *original;
  original.reset();
  const std::vector<std::string> noise(64, std::string(kTexts[2].size(), 'z'));
  EXPECT_TRUE(finds_both(copy));
  EXPECT_TRUE(finds_both(assigned));
  EXPECT_EQ(noise.size(), 64u);
}

TEST(SpecialMatcher, MovesKeepTheirViewsValid) {
  std::optional<SpecialMatcher> original(std::in_place, kTexts);
  SpecialMatcher moved(std::move(*original));
  original.reset();
  EXPECT_TRUE(finds_both(moved));
  SpecialMatcher assigned;
  assigned = std::move(moved);
  EXPECT_TRUE(finds_both(assigned));
  SpecialMatcher& self = assigned;
  assigned = self;  // self-assignment keeps it whole
  EXPECT_TRUE(finds_both(assigned));
}

}  // namespace
