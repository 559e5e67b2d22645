// Render -> parse gives back the same messages, on seeded random conversations.
#include "random_conversation.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace {

using namespace airtok::harmony;
using airtok::Rank;

constexpr std::uint32_t kSeed = 20250805;
constexpr int kConversations = 500;

TEST(HarmonyRoundTrip, RenderThenParseWithoutRole) {
  const HarmonyEncoding& enc = load_harmony_encoding();
  harmony_test::RandomConversations gen(kSeed);
  for (int i = 0; i < kConversations; ++i) {
    const Conversation c = gen.next();
    SCOPED_TRACE("conversation " + std::to_string(i));
    const RenderConversationConfig keep_all{false};
    const std::vector<Rank> tokens = enc.render_conversation(c, keep_all);
    EXPECT_EQ(enc.parse_messages_from_completion_tokens(tokens, std::nullopt), c.messages);
  }
}

// As a completion: the tokens after the first <|start|>, parsed with the first role given.
TEST(HarmonyRoundTrip, RenderThenParseWithFirstRole) {
  const HarmonyEncoding& enc = load_harmony_encoding();
  harmony_test::RandomConversations gen(kSeed + 1);
  int checked = 0;
  for (int i = 0; i < kConversations; ++i) {
    const Conversation c = gen.next();
    if (c.messages.front().author.role == Role::Tool) continue;  // a given role has no name
    SCOPED_TRACE("conversation " + std::to_string(i));
    const std::vector<Rank> tokens = enc.render_conversation(c, RenderConversationConfig{false});
    const std::span<const Rank> completion = std::span(tokens).subspan(1);
    EXPECT_EQ(enc.parse_messages_from_completion_tokens(completion, c.messages.front().author.role),
              c.messages);
    ++checked;
  }
  EXPECT_GT(checked, kConversations / 2);
}

// Parsing in lenient mode changes nothing for well-formed completions.
TEST(HarmonyRoundTrip, LenientEqualsStrictOnWellFormedInput) {
  const HarmonyEncoding& enc = load_harmony_encoding();
  harmony_test::RandomConversations gen(kSeed + 2);
  for (int i = 0; i < 100; ++i) {
    const auto tokens = enc.render_conversation(gen.next(), RenderConversationConfig{false});
    EXPECT_EQ(enc.parse_messages_from_completion_tokens(tokens, {}, ParseOptions{false}),
              enc.parse_messages_from_completion_tokens(tokens, {}));
  }
}

// harmony.hpp: a HarmonyEncoding may be used from any number of threads at once.
TEST(HarmonyRoundTrip, OneEncodingFromFourThreads) {
  const HarmonyEncoding& enc = load_harmony_encoding();
  harmony_test::RandomConversations gen(kSeed + 3);
  std::vector<Conversation> convos;
  std::vector<std::vector<Rank>> expected;
  for (int i = 0; i < 50; ++i) {
    convos.push_back(gen.next());
    expected.push_back(enc.render_conversation(convos.back(), RenderConversationConfig{false}));
  }
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        for (std::size_t i = 0; i < convos.size(); ++i) {
          const auto tokens = enc.render_conversation(convos[i], RenderConversationConfig{false});
          const auto parsed = enc.parse_messages_from_completion_tokens(tokens, std::nullopt);
          if (tokens != expected[i] || parsed != convos[i].messages) ++mismatches[t];
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
