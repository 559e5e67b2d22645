// Golden harmony conversations: airtok's rendering against the reference's token ids.
//
// tests/golden/harmony.jsonl is written by tools/oracle/gen_harmony_golden.mjs from
// tests/harmony/golden_cases.json: each case's expected text comes from the upstream
// openai/harmony test or document named in its `source`, and its `tokens` are that text
// encoded by npm tiktoken@1.0.22 (o200k_harmony, all special tokens allowed). So the ids
// checked here never come from airtok.
#include <airtok/harmony.hpp>
#include <airtok/harmony_json.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>
#include <vector>

namespace {

using namespace airtok::harmony;
using Json = nlohmann::ordered_json;

std::vector<Json> load_cases() {
  std::ifstream in(AIRTOK_HARMONY_GOLDEN);
  std::vector<Json> cases;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) cases.push_back(Json::parse(line));
  }
  return cases;
}

// The cases write with_browser_tool() / with_python_tool() as "tools": "@browser" or
// "@browser+python" (the namespaces themselves live in the library only).
Message message_with_builtins(Json m) {
  std::string builtins;
  for (Json& c : m["content"]) {
    if (c.contains("tools") && c["tools"].is_string()) {
      builtins = c["tools"].get<std::string>();
      c.erase("tools");
    }
  }
  Message msg = message_from_json(m.dump());
  if (builtins.empty()) return msg;
  auto& sys = std::get<SystemContent>(msg.content.at(0));
  if (builtins.find("browser") != std::string::npos) sys.with_browser_tool();
  if (builtins.find("python") != std::string::npos) sys.with_python_tool();
  return msg;
}

Conversation conversation_of(const Json& c) {
  Conversation convo;
  for (const Json& m : c["conversation"]["messages"]) {
    convo.messages.push_back(message_with_builtins(m));
  }
  return convo;
}

std::vector<airtok::Rank> render_case(const HarmonyEncoding& enc, const Json& c) {
  const std::string api = c["api"];
  RenderConversationConfig config;
  config.auto_drop_analysis = c.value("auto_drop_analysis", true);
  if (api == "message") {
    RenderOptions options{c.value("function_tools", false)};
    return enc.render(message_with_builtins(c["message"]), options);
  }
  const Conversation convo = conversation_of(c);
  if (api == "completion") {
    const auto role = role_from_name(c["next_role"].get<std::string>());
    return enc.render_conversation_for_completion(convo, role.value(), config);
  }
  if (api == "training") return enc.render_conversation_for_training(convo, config);
  return enc.render_conversation(convo, config);
}

// The committed ids were generated from the committed cases: same cases, same order, same
// fields (a case edited without rerunning tools/oracle/gen_harmony_golden.mjs fails here).
TEST(HarmonyGolden, IdsFileMatchesTheCasesFile) {
  std::ifstream in(AIRTOK_HARMONY_CASES);
  const Json input = Json::parse(in);
  const std::vector<Json> cases = load_cases();
  ASSERT_EQ(input["cases"].size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    Json without_ids = cases[i];
    without_ids.erase("tokens");
    EXPECT_EQ(without_ids, input["cases"][i]) << cases[i]["case"];
  }
}

TEST(HarmonyGolden, EveryCaseRendersTheReferenceTokens) {
  const HarmonyEncoding& enc = load_harmony_encoding("HarmonyGptOss");
  const std::vector<Json> cases = load_cases();
  ASSERT_GE(cases.size(), 30u) << "missing " << AIRTOK_HARMONY_GOLDEN;
  for (const Json& c : cases) {
    SCOPED_TRACE(c["case"].get<std::string>() + " (" + c["source"].get<std::string>() + ")");
    const std::vector<airtok::Rank> tokens = render_case(enc, c);
    EXPECT_EQ(enc.decode_utf8(tokens), c["text"].get<std::string>());
    EXPECT_EQ(tokens, c["tokens"].get<std::vector<airtok::Rank>>());
  }
}

// The JSON form of each golden conversation reads back to the same messages.
TEST(HarmonyGolden, JsonFormRoundTripsEveryCase) {
  for (const Json& c : load_cases()) {
    if (!c.contains("conversation")) continue;
    SCOPED_TRACE(c["case"].get<std::string>());
    const Conversation convo = conversation_of(c);
    EXPECT_EQ(conversation_from_json(to_json(convo)), convo);
  }
}

TEST(HarmonyGolden, RenderOfOneMessageEqualsRenderOfAConversationOfIt) {
  // test_harmony.py test_render_and_render_conversation_roundtrip.
  const HarmonyEncoding& enc = load_harmony_encoding();
  const Message msg = Message::from_role_and_content(Role::User, "Hello");
  const Conversation convo{{msg}};
  const auto tokens_msg = enc.render(msg);
  EXPECT_EQ(tokens_msg, enc.render_conversation(convo));
  const auto completion = enc.render_conversation_for_completion(convo, Role::Assistant);
  ASSERT_GT(completion.size(), tokens_msg.size());
  EXPECT_TRUE(std::equal(tokens_msg.begin(), tokens_msg.end(), completion.begin()));
}

TEST(HarmonyGolden, StopTokensAndSpecialTokenTable) {
  const HarmonyEncoding& enc = load_harmony_encoding();
  EXPECT_EQ(enc.stop_tokens(), (std::vector<airtok::Rank>{200002, 200007, 200012}));
  EXPECT_EQ(enc.stop_tokens_for_assistant_actions(), (std::vector<airtok::Rank>{200002, 200012}));
  EXPECT_EQ(enc.name(), "HarmonyGptOss");
  EXPECT_EQ(enc.tokenizer_name(), "o200k_harmony");
  // test_harmony.py test_reserved_token_decoding; DESIGN.md on harmony's table.
  const std::vector<airtok::Rank> reserved{200014, 201088, 200018};
  EXPECT_EQ(enc.decode_utf8(std::span(reserved).subspan(0, 1)), "<|reserved_200014|>");
  EXPECT_EQ(enc.decode_utf8(std::span(reserved).subspan(1, 1)), "<|reserved_201088|>");
  EXPECT_EQ(enc.decode_utf8(std::span(reserved).subspan(2, 1)), "<|reserved_200018|>");
  EXPECT_TRUE(enc.is_special_token(200006));
  EXPECT_FALSE(enc.is_special_token(24912));
  EXPECT_THROW(load_harmony_encoding("gpt-oss"), HarmonyError);
}

TEST(HarmonyGolden, DecodeErrorsNameTheProblem) {
  const HarmonyEncoding& enc = load_harmony_encoding();
  // test_harmony.py test_decode_utf8_invalid_token and test_invalid_utf8_decoding.
  const std::vector<airtok::Rank> invalid{99999999};
  try {
    (void)enc.decode_utf8(invalid);
    FAIL();
  } catch (const HarmonyError& e) {
    EXPECT_NE(std::string(e.what()).find("Invalid token for decoding: 99999999"),
              std::string::npos);
  }
  const std::vector<airtok::Rank> bad_utf8{132990, 9552};
  try {
    (void)enc.decode_utf8(bad_utf8);
    FAIL();
  } catch (const HarmonyError& e) {
    EXPECT_NE(std::string(e.what()).find("Invalid utf-8"), std::string::npos);
  }
}

TEST(HarmonyGolden, RenderErrors) {
  const HarmonyEncoding& enc = load_harmony_encoding();
  EXPECT_THROW((void)enc.render(Message::from_role_and_content(Role::Tool, "x")), HarmonyError);
  EXPECT_THROW((void)enc.render(Message::from_role_and_content(Role::User, SystemContent{})),
               HarmonyError);
  EXPECT_THROW((void)enc.render(Message::from_role_and_content(Role::System, DeveloperContent{})),
               HarmonyError);
  DeveloperContent dev;
  dev.with_function_tools({ToolDescription{"f", "d", std::string("{not json")}});
  try {
    (void)enc.render(Message::from_role_and_content(Role::Developer, dev));
    FAIL();
  } catch (const HarmonyError& e) {
    EXPECT_NE(std::string(e.what()).find("tool 'f'"), std::string::npos) << e.what();
  }
}

}  // namespace
