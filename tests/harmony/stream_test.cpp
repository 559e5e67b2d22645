// The streaming parser against the batch parser on every prefix of rendered conversations.
#include "random_conversation.hpp"

#include <gtest/gtest.h>

namespace {

using namespace airtok::harmony;
using airtok::Rank;

std::string text_of(const Message& m) { return std::get<TextContent>(m.content.at(0)).text; }

// After k tokens, a parser fed token by token must agree with the batch parse of those k
// tokens: the same finished messages, plus the message in progress (if in content) with the
// same header and a content the batch result extends.
void check_prefixes(const HarmonyEncoding& enc, const std::vector<Rank>& tokens) {
  StreamableParser live(enc, std::nullopt);
  std::string deltas;
  for (std::size_t k = 1; k <= tokens.size(); ++k) {
    live.process(tokens[k - 1]);
    if (const auto d = live.last_content_delta()) deltas += *d;
    const std::span<const Rank> prefix = std::span(tokens).first(k);
    std::vector<Message> batch;
    try {
      batch = enc.parse_messages_from_completion_tokens(prefix, std::nullopt);
    } catch (const HarmonyError&) {
      ASSERT_EQ(live.state(), StreamState::kHeader) << "batch failed at " << k;
      continue;
    }
    const auto& done = live.messages();
    const std::size_t open = live.state() == StreamState::kContent ? 1 : 0;
    ASSERT_EQ(batch.size(), done.size() + open) << "prefix " << k;
    EXPECT_TRUE(std::equal(done.begin(), done.end(), batch.begin())) << "prefix " << k;
    if (open == 1) {
      const Message& last = batch.back();
      EXPECT_EQ(last.channel, live.current_channel());
      EXPECT_EQ(last.recipient, live.current_recipient());
      EXPECT_EQ(last.content_type, live.current_content_type());
      EXPECT_EQ(last.author.role, live.current_role());
      EXPECT_TRUE(text_of(last).starts_with(live.current_content())) << "prefix " << k;
    }
  }
  live.process_eos();
  const auto all = enc.parse_messages_from_completion_tokens(tokens, std::nullopt);
  EXPECT_EQ(live.messages(), all);
  std::string contents;
  for (const Message& m : all) contents += text_of(m);
  EXPECT_EQ(deltas, contents);  // the deltas are exactly the content, in order
}

TEST(HarmonyStream, AgreesWithBatchOnEveryPrefix) {
  const HarmonyEncoding& enc = load_harmony_encoding();
  harmony_test::RandomConversations gen(7);
  for (int i = 0; i < 60; ++i) {
    SCOPED_TRACE("conversation " + std::to_string(i));
    check_prefixes(enc, enc.render_conversation(gen.next(4), RenderConversationConfig{false}));
  }
}

TEST(HarmonyStream, MovedParserKeepsItsState) {
  const HarmonyEncoding& enc = load_harmony_encoding();
  const auto tokens =
      enc.tokenizer().encode("<|channel|>final<|message|>Hi", airtok::SpecialSet::all());
  StreamableParser a(enc, Role::Assistant);
  for (const Rank t : tokens) a.process(t);
  StreamableParser b = std::move(a);
  EXPECT_EQ(b.current_content(), "Hi");
  b.process_eos();
  ASSERT_EQ(b.messages().size(), 1u);
  EXPECT_EQ(b.messages()[0].channel, "final");
}

// header_tokens(): the header's tokens while it is read, and nothing in other states.
TEST(HarmonyStream, HeaderTokensAreTheHeaderBeingRead) {
  const HarmonyEncoding& enc = load_harmony_encoding();
  const auto tokens = enc.tokenizer().encode(
      "<|start|>assistant<|channel|>final<|message|>Hi<|end|>", airtok::SpecialSet::all());
  StreamableParser p(enc, std::nullopt);
  EXPECT_TRUE(p.header_tokens().empty());
  p.process(tokens[0]);
  EXPECT_TRUE(p.header_tokens().empty());
  std::size_t k = 1;
  for (; tokens[k] != 200008; ++k) {
    p.process(tokens[k]);
    EXPECT_EQ(p.header_tokens(), std::vector<Rank>(tokens.begin() + 1, tokens.begin() + k + 1));
  }
  p.process(tokens[k]);  // <|message|>
  EXPECT_EQ(p.state(), StreamState::kContent);
  EXPECT_TRUE(p.header_tokens().empty());
}

}  // namespace
