// The JSON form: openai-harmony's Conversation.to_json() shape, both ways.
#include <airtok/harmony_json.hpp>

#include "random_conversation.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using namespace airtok::harmony;
using Json = nlohmann::json;

TEST(HarmonyJson, ShapeOfUpstreamToDict) {
  // python/openai_harmony/__init__.py Message.to_dict: role, name, content, then the optional
  // channel / recipient / content_type; TextContent is {"type": "text", "text"}.
  const Message m = Message::from_role_and_content(Role::Assistant, "{\"a\": 1}")
                        .with_channel("commentary")
                        .with_recipient("functions.f")
                        .with_content_type("<|constrain|>json");
  const Json j = Json::parse(to_json(m));
  EXPECT_EQ(j, Json::parse(R"({"role": "assistant", "name": null,
      "content": [{"type": "text", "text": "{\"a\": 1}"}], "channel": "commentary",
      "recipient": "functions.f", "content_type": "<|constrain|>json"})"));
  const Json c = Json::parse(to_json(Conversation{{m}}));
  ASSERT_TRUE(c.contains("messages"));
  EXPECT_EQ(c["messages"][0], j);
}

TEST(HarmonyJson, SystemAndDeveloperContent) {
  SystemContent sys;
  sys.with_reasoning_effort(ReasoningEffort::High).with_conversation_start_date("2025-06-28");
  sys.with_browser_tool();
  DeveloperContent dev;
  dev.with_instructions("Be brief.")
      .with_function_tools({ToolDescription{"f", "Does f.", std::string(R"({"type":"object"})")},
                            ToolDescription{"g", "Does g.", std::nullopt}});
  const Conversation convo{{Message::from_role_and_content(Role::System, sys),
                            Message::from_role_and_content(Role::Developer, dev)}};
  const Json j = Json::parse(to_json(convo));
  const Json& s = j["messages"][0]["content"][0];
  EXPECT_EQ(s["type"], "system_content");
  EXPECT_EQ(s["reasoning_effort"], "High");
  EXPECT_EQ(s["knowledge_cutoff"], "2024-06");
  EXPECT_EQ(s["channel_config"]["valid_channels"], Json({"analysis", "commentary", "final"}));
  EXPECT_EQ(s["channel_config"]["channel_required"], true);
  EXPECT_EQ(s["tools"]["browser"]["tools"][0]["name"], "search");
  const Json& d = j["messages"][1]["content"][0];
  EXPECT_EQ(d["type"], "developer_content");
  EXPECT_EQ(d["tools"]["functions"]["tools"][0]["parameters"], Json({{"type", "object"}}));
  EXPECT_TRUE(d["tools"]["functions"]["tools"][1]["parameters"].is_null());
  EXPECT_TRUE(s["conversation_start_date"] == "2025-06-28" && s["model_identity"].is_string());
  EXPECT_EQ(conversation_from_json(to_json(convo)), convo);
}

TEST(HarmonyJson, ReadsUpstreamVariants) {
  // Content as a plain string (the Rust side's shortcut), a missing name, SystemContent with
  // only some fields: as in openai-harmony's Rust Deserialize, missing and null are absent.
  const Message m = message_from_json(R"({"role": "system", "content": [
      {"type": "system_content", "model_identity": null, "reasoning_effort": "Low"}]})");
  const auto& sys = std::get<SystemContent>(m.content.at(0));
  EXPECT_EQ(sys.model_identity, std::nullopt);
  EXPECT_EQ(sys.reasoning_effort, ReasoningEffort::Low);
  EXPECT_EQ(sys.knowledge_cutoff, std::nullopt);
  EXPECT_FALSE(sys.channel_config.has_value());
  EXPECT_EQ(load_harmony_encoding().decode_utf8(load_harmony_encoding().render(m)),
            "<|start|>system<|message|>Reasoning: low<|end|>");
  const Message t = message_from_json(R"({"role": "tool", "name": "browser.search",
      "content": "result", "recipient": "assistant"})");
  EXPECT_EQ(t, Message::from_author_and_content(Author{Role::Tool, "browser.search"}, "result")
                   .with_recipient("assistant"));
  EXPECT_EQ(messages_from_json(messages_to_json(std::vector<Message>{t})), std::vector<Message>{t});
}

TEST(HarmonyJson, ErrorsNameTheField) {
  struct Case {
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {"{", "not valid JSON"},
      {R"({"messages": [{"role": "wizard", "content": []}]})", "\"wizard\" is not"},
      {R"({"messages": [{"content": []}]})", "no \"role\" field"},
      {R"({"messages": [{"role": "user", "content": [{"type": "image"}]}]})", "unknown type"},
      {R"({"messages": [{"role": "user", "content": 5}]})", "content"},
      {R"({"messages": [{"role": "system", "content": [{"type": "system_content",
          "reasoning_effort": "Max"}]}]})",
       "reasoning_effort"},
      {R"([])", "conversation"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.json);
    try {
      (void)conversation_from_json(c.json);
      ADD_FAILURE() << "accepted";
    } catch (const HarmonyError& e) {
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << e.what();
    }
  }
}

TEST(HarmonyJson, ConversationOrBareArray) {
  // What `airtok harmony render` and the service's "conversation" take: either form.
  const Conversation expected{
      {Message::from_role_and_content(Role::User, "Hi"),
       Message::from_role_and_content(Role::Assistant, "Hello").with_channel("final")}};
  const std::string messages =
      R"([{"role": "user", "content": "Hi"},
          {"role": "assistant", "channel": "final", "content": [{"type": "text", "text": "Hello"}]}])";
  EXPECT_EQ(conversation_or_messages_from_json(messages), expected);
  EXPECT_EQ(conversation_or_messages_from_json(R"({"messages": )" + messages + "}"), expected);
  EXPECT_EQ(conversation_or_messages_from_json(to_json(expected)), expected);
  EXPECT_EQ(conversation_or_messages_from_json(messages_to_json(expected.messages)), expected);
  EXPECT_EQ(conversation_or_messages_from_json("[]"), Conversation{});
  for (const char* bad : {"5", "\"hi\"", "{}", R"({"messages": 5})", "[5]", "[", "null"}) {
    EXPECT_THROW(conversation_or_messages_from_json(bad), HarmonyError) << bad;
  }
}

TEST(HarmonyJson, RandomConversationsRoundTrip) {
  harmony_test::RandomConversations gen(99);
  for (int i = 0; i < 200; ++i) {
    const Conversation c = gen.next();
    EXPECT_EQ(conversation_from_json(to_json(c)), c);
  }
}

}  // namespace
