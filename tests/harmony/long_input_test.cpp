// Rendering and parsing are linear: a 1 MB message works (checked for completion, not timed;
// a quadratic step would take minutes here).
#include <airtok/harmony.hpp>

#include <gtest/gtest.h>

namespace {

using namespace airtok::harmony;

std::string megabyte_of_prose() {
  const std::string sentence = "The quick brown fox jumps over the lazy dog, 42 times. ";
  std::string text;
  while (text.size() < (1u << 20)) text += sentence;
  return text;
}

TEST(HarmonyLongInput, OneMegabyteMessageRendersAndParses) {
  const HarmonyEncoding& enc = load_harmony_encoding();
  const std::string text = megabyte_of_prose();
  const Message m = Message::from_role_and_content(Role::Assistant, text).with_channel("final");
  const auto tokens = enc.render(m);
  EXPECT_GT(tokens.size(), 100'000u);
  const auto parsed = enc.parse_messages_from_completion_tokens(tokens, std::nullopt);
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0], m);
}

TEST(HarmonyLongInput, OneMegabyteHeaderAndInvalidTailParse) {
  const HarmonyEncoding& enc = load_harmony_encoding();
  // A long header (one huge channel word) and content full of ids that are not tokens.
  std::vector<airtok::Rank> tokens{200006};
  const auto role = enc.tokenizer().encode_ordinary("assistant");
  tokens.insert(tokens.end(), role.begin(), role.end());
  tokens.push_back(200005);
  const auto word = enc.tokenizer().encode_ordinary(std::string(1u << 20, 'x'));
  tokens.insert(tokens.end(), word.begin(), word.end());
  tokens.push_back(200008);
  tokens.insert(tokens.end(), 200'000, 300000);  // not tokens: held, then one U+FFFD
  tokens.push_back(200007);
  const auto parsed = enc.parse_messages_from_completion_tokens(tokens, std::nullopt);
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0].channel->size(), 1u << 20);
  EXPECT_EQ(std::get<TextContent>(parsed[0].content[0]).text, "\xEF\xBF\xBD");
}

}  // namespace
