// SpecialMatcher: leftmost-longest matches of special tokens' texts, and copies and moves that
// keep working after the matcher they came from is gone (its index holds views of its texts).
#include "core/special.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>
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

/// The leftmost position at or after `from` where an enabled text starts, and there the
/// longest such text, by trying every text at every position.
std::optional<SpecialMatcher::Match> naive_find(const std::vector<std::string>& texts,
                                                const std::string& haystack, std::size_t from,
                                                const std::vector<char>* enabled) {
  for (std::size_t pos = from; pos < haystack.size(); ++pos) {
    std::optional<SpecialMatcher::Match> best;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      if (enabled != nullptr && !(*enabled)[i]) continue;
      if (haystack.compare(pos, texts[i].size(), texts[i]) != 0) continue;
      if (!best || texts[i].size() > best->length)
        best = SpecialMatcher::Match{pos, texts[i].size(), i};
    }
    if (best) return best;
  }
  return std::nullopt;
}

// The memchr jump (texts sharing a first byte), the first-two-bytes filter (texts of two bytes
// or more) and the plain walk (several first bytes, or a one-byte text) against trying every text
// everywhere, on haystacks over a small alphabet so that near misses are frequent.
TEST(SpecialMatcher, AgreesWithTryingEveryTextEverywhere) {
  std::mt19937 rng(20261206);
  const std::string alphabet = "<|ab>";
  const auto random_string = [&](std::size_t length) {
    std::string s;
    for (std::size_t i = 0; i < length; ++i) s += alphabet[rng() % alphabet.size()];
    return s;
  };
  std::size_t found = 0;
  for (int round = 0; round < 3000; ++round) {
    std::vector<std::string> texts;
    const bool shared_first = round % 3 != 0;
    const std::size_t shortest = round % 5 == 0 ? 1 : 2;
    for (std::size_t k = 1 + rng() % 4; k > 0; --k) {
      std::string t = random_string(shortest + rng() % 4);
      if (shared_first) t[0] = '<';
      if (std::find(texts.begin(), texts.end(), t) == texts.end()) texts.push_back(t);
    }
    const SpecialMatcher m(texts);
    std::vector<char> enabled(texts.size());
    for (char& e : enabled) e = static_cast<char>(rng() % 3 != 0);
    const std::string haystack = random_string(rng() % 40);
    for (const std::vector<char>* mask : {static_cast<const std::vector<char>*>(nullptr),
                                          static_cast<const std::vector<char>*>(&enabled)}) {
      for (std::size_t from = 0; from <= haystack.size(); from += 1 + rng() % 7) {
        SpecialMatcher::Match got;
        const bool hit = m.find(haystack, from, mask, got);
        const auto want = naive_find(texts, haystack, from, mask);
        ASSERT_EQ(hit, want.has_value()) << haystack << " from " << from;
        if (!hit) continue;
        ++found;
        EXPECT_EQ(got.begin, want->begin) << haystack << " from " << from;
        EXPECT_EQ(got.length, want->length) << haystack << " from " << from;
        EXPECT_EQ(got.index, want->index) << haystack << " from " << from;
      }
    }
  }
  EXPECT_GT(found, 1000u);  // the comparison saw matches, not only misses
}

}  // namespace
