// Parsing completions: the upstream cases (openai/harmony tests/test_harmony.py and src/tests.rs,
// named in each test), strict and lenient modes, and malformed input.
#include <airtok/harmony.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace airtok::harmony;
using airtok::Rank;

const HarmonyEncoding& enc() { return load_harmony_encoding(); }

std::vector<Rank> with_specials(std::string_view text) {
  return enc().tokenizer().encode(text, airtok::SpecialSet::all());
}

std::vector<Rank> cat(std::vector<Rank> a, const std::vector<Rank>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

Message assistant(std::string text) {
  return Message::from_role_and_content(Role::Assistant, text);
}

TEST(HarmonyParse, SimpleToolCallFromUpstreamTokens) {
  // src/tests.rs test_simple_tool_call: the token ids are upstream's.
  const std::vector<Rank> response{200005, 35644,  200008, 1844,   31064, 25,     392,    4827,
                                   382,    290,    11122,  306,    40510, 16842,  1416,   1309,
                                   316,    1199,   37342,  170154, 4584,  13,     200007, 200006,
                                   173781, 200005, 35644,  316,    28,    29712,  170154, 3490,
                                   200008, 10848,  7693,   1243,   392,   173844, 18583};
  const auto parsed = enc().parse_messages_from_completion_tokens(response, Role::Assistant);
  const std::vector<Message> expected{
      assistant("User asks: \"What is the weather in Tokyo?\" We need to use lookup_weather tool.")
          .with_channel("analysis"),
      assistant("{\"location\": \"Tokyo\"}")
          .with_channel("analysis")
          .with_recipient("lookup_weather")
          .with_content_type("code"),
  };
  EXPECT_EQ(parsed, expected);
}

// docs/format.md's StreamableParser example (token ids from the document).
const std::vector<Rank> kDocsStreamTokens{
    200005, 35644, 200008, 1844,  31064, 25,  392,   4827, 382, 220,    17,     659,
    220,    17,    16842,  12295, 81645, 13,  51441, 6052, 13,  200007, 200006, 173781,
    200005, 17196, 200008, 17,    659,   220, 17,    314,  220, 19,     13,     200002};

TEST(HarmonyParse, DocsReasoningResponse) {
  const auto parsed =
      enc().parse_messages_from_completion_tokens(kDocsStreamTokens, Role::Assistant);
  const std::vector<Message> expected{
      assistant("User asks: \"What is 2 + 2?\" Simple arithmetic. Provide answer.")
          .with_channel("analysis"),
      assistant("2 + 2 = 4.").with_channel("final"),
  };
  EXPECT_EQ(parsed, expected);
}

TEST(HarmonyParse, DocsStreamStateAfterEachToken) {
  StreamableParser p(enc(), Role::Assistant);
  EXPECT_EQ(p.state(), StreamState::kHeader);
  EXPECT_EQ(p.current_role(), Role::Assistant);
  std::string deltas;
  for (std::size_t i = 0; i < kDocsStreamTokens.size(); ++i) {
    p.process(kDocsStreamTokens[i]);
    if (i == 2) {  // after the first <|message|>
      EXPECT_EQ(p.state(), StreamState::kContent);
      EXPECT_EQ(p.current_channel(), "analysis");
      EXPECT_EQ(p.current_recipient(), std::nullopt);
      EXPECT_EQ(p.current_content_type(), std::nullopt);
      EXPECT_EQ(p.last_content_delta(), std::nullopt);
    }
    if (i == 3) {
      EXPECT_EQ(p.last_content_delta(), "User");
    }
    if (i == 21) {  // <|end|>
      EXPECT_EQ(p.state(), StreamState::kExpectStart);
      EXPECT_EQ(p.messages().size(), 1u);
      EXPECT_EQ(p.current_role(), std::nullopt);
    }
    if (const auto d = p.last_content_delta()) deltas += *d;
  }
  EXPECT_EQ(deltas, "User asks: \"What is 2 + 2?\" Simple arithmetic. Provide answer.2 + 2 = 4.");
  EXPECT_EQ(p.messages().size(), 2u);
  EXPECT_EQ(p.tokens(), kDocsStreamTokens);
}

struct HeaderCase {
  const char* source;
  const char* text;
  Message expected;
};

TEST(HarmonyParse, HeaderVariantsWithoutRole) {
  const std::vector<HeaderCase> cases{
      {"test_tool_call_with_constrain_tokenized_correctly",
       "<|start|>assistant to=functions.get_weather<|channel|>commentary <|constrain|>json"
       "<|message|>{\"location\": \"Tokyo\"}<|call|>",
       assistant("{\"location\": \"Tokyo\"}")
           .with_channel("commentary")
           .with_recipient("functions.get_weather")
           .with_content_type("<|constrain|>json")},
      {"test_tool_call_with_constrain_marker_adjacent",
       "<|start|>assistant to=functions.get_weather<|channel|>commentary<|constrain|>json"
       "<|message|>{\"location\": \"Tokyo\"}<|call|>",
       assistant("{\"location\": \"Tokyo\"}")
           .with_channel("commentary")
           .with_recipient("functions.get_weather")
           .with_content_type("<|constrain|>json")},
      {"test_tool_call_with_channel_before_recipient_and_constrain_adjacent",
       "<|start|>assistant<|channel|>commentary to=functions.get_weather<|constrain|>json"
       "<|message|>{\"latitude\":48.8566,\"longitude\":2.3522}<|call|>",
       assistant("{\"latitude\":48.8566,\"longitude\":2.3522}")
           .with_channel("commentary")
           .with_recipient("functions.get_weather")
           .with_content_type("<|constrain|>json")},
      {"test_streamable_parser_constrained_output_without_recipient",
       "<|start|>assistant<|channel|>final <|constrain|>json<|message|>{\"result\":true}<|return|>",
       assistant("{\"result\":true}").with_channel("final").with_content_type("<|constrain|>json")},
      {"docs/format.md 'Handling tool calls'",
       "<|start|>functions.get_weather to=assistant<|channel|>commentary<|message|>"
       "{\"sunny\": true, \"temperature\": 20}<|end|>",
       Message::from_author_and_content(Author{Role::Tool, "functions.get_weather"},
                                        "{\"sunny\": true, \"temperature\": 20}")
           .with_channel("commentary")
           .with_recipient("assistant")},
  };
  for (const HeaderCase& c : cases) {
    SCOPED_TRACE(c.source);
    const auto parsed = enc().parse_messages_from_completion_tokens(with_specials(c.text), {});
    ASSERT_EQ(parsed.size(), 1u);
    EXPECT_EQ(parsed[0], c.expected);
  }
}

TEST(HarmonyParse, ToolResponseRenderedThenParsed) {
  // test_tool_response_parsing.
  const Message m = Message::from_author_and_content(Author{Role::Tool, "browser.search"},
                                                     "{\"result\": \"https://openai.com/\"}")
                        .with_channel("commentary")
                        .with_recipient("assistant");
  std::vector<Rank> tokens = enc().render(m);
  tokens.pop_back();  // without the <|end|>
  const auto parsed = enc().parse_messages_from_completion_tokens(tokens, {});
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0], m);
}

TEST(HarmonyParse, MissingMessageTokenStrictAndLenient) {
  // test_streamable_parser_missing_message_token{,_other_initial_headers,_tool_call}.
  struct Case {
    const char* text;
    std::vector<Message> lenient;
  };
  const std::string tail =
      "<|start|>assistant<|channel|>analysis<|message|>We must refuse<|end|>"
      "<|start|>assistant<|channel|>final<|message|>I'm sorry, but I can't help with that."
      "<|return|>";
  const std::vector<Message> refuse_tail{
      assistant("We must refuse").with_channel("analysis"),
      assistant("I'm sorry, but I can't help with that.").with_channel("final")};
  auto with_tail = [&](Message first) {
    std::vector<Message> v{std::move(first)};
    v.insert(v.end(), refuse_tail.begin(), refuse_tail.end());
    return v;
  };
  const std::string t1 = "I must refuse<|end|>" + tail;
  const std::string t2 = "<|channel|>analysis I must refuse<|end|>" + tail;
  const std::string t3 =
      "... Let's use the tool.<|end|><|start|>assistant to=functions.get_weather<|channel|>"
      "commentary json<|message|>{\"location\": \"Tokyo\"}<|call|>";
  const std::vector<Case> cases{
      {t1.c_str(), with_tail(assistant("I must refuse"))},
      {t2.c_str(), with_tail(assistant("I must refuse").with_channel("analysis"))},
      {t3.c_str(),
       {assistant("... Let's use the tool."), assistant("{\"location\": \"Tokyo\"}")
                                                  .with_channel("commentary")
                                                  .with_recipient("functions.get_weather")
                                                  .with_content_type("json")}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const auto tokens = with_specials(c.text);
    StreamableParser lenient(enc(), Role::Assistant, ParseOptions{false});
    for (const Rank t : tokens) lenient.process(t);
    EXPECT_EQ(lenient.messages(), c.lenient);

    StreamableParser strict(enc(), Role::Assistant);
    try {
      for (const Rank t : tokens) strict.process(t);
      ADD_FAILURE() << "strict mode accepted a header without <|message|>";
    } catch (const HarmonyError& e) {
      EXPECT_NE(std::string(e.what()).find("unexpected tokens remaining in message header"),
                std::string::npos)
          << e.what();
    }
  }
}

TEST(HarmonyParse, InvalidUtf8InContent) {
  // test_streamable_parser_invalid_utf8_decoding*: token 9552 is the bytes 20 F0 9F.
  const auto prefix = with_specials("<|start|>assistant<|message|>");
  const auto end = with_specials("<|end|>");
  const std::vector<Rank> twice{9552, 9552};
  {
    const auto tokens = cat(cat(prefix, twice), with_specials("worked<|end|>"));
    const auto parsed = enc().parse_messages_from_completion_tokens(tokens, {});
    ASSERT_EQ(parsed.size(), 1u);
    EXPECT_EQ(parsed[0], assistant(" \xEF\xBF\xBD \xEF\xBF\xBDworked"));
  }
  {
    const auto xy = enc().tokenizer().encode_ordinary("XY");
    const auto tokens = cat(cat(cat(prefix, {9552}), xy), end);
    const auto parsed = enc().parse_messages_from_completion_tokens(tokens, {});
    ASSERT_EQ(parsed.size(), 1u);
    EXPECT_EQ(parsed[0], assistant(" \xEF\xBF\xBDXY"));
  }
  {
    // ..._multi_byte_token_no_eos_marker: deltas add up to the content, no EOS needed.
    const auto tokens =
        cat(cat(cat(prefix, {9552}), enc().tokenizer().encode_ordinary(" interesting")),
            enc().tokenizer().encode_ordinary(" story"));
    StreamableParser p(enc(), {});
    std::string deltas;
    for (const Rank t : tokens) {
      p.process(t);
      if (const auto d = p.last_content_delta()) deltas += *d;
    }
    EXPECT_EQ(p.current_content(), " \xEF\xBF\xBD interesting story");
    EXPECT_EQ(deltas, " \xEF\xBF\xBD interesting story");
    p.process(enc().tokenizer().encode_ordinary("Y").at(0));
    EXPECT_EQ(p.last_content_delta(), "Y");
    EXPECT_EQ(p.current_content(), " \xEF\xBF\xBD interesting storyY");
  }
}

TEST(HarmonyParse, TrickyUtf8StreamsWhole) {
  // test_streamable_parser_tricky_utf8_decoding.
  const std::string text =
      "Hello M\u00fcller, \u0393\u03b5\u03b9\u03ac \u03c3\u03bf\u03c5, \u041f\u0440\u0438\u0432"
      "\u0435\u0442, \u05e9\u05dc\u05d5\u05dd, \u0645\u0631\u062d\u0628\u0627, \u0928\u092e"
      "\u0938\u094d\u0924\u0947, \u3053\u3093\u306b\u3061\u306f, \uc548\ub155\ud558\uc138\uc694,"
      " \u4f60\u597d. Normalized (na\u00efve) vs. decomposed (nai\u0308ve) characters. Some "
      "emojis: \U0001F60A\U0001F44B\U0001F3FE\U0001F468\u200d\U0001F469\u200d\U0001F467\u200d"
      "\U0001F466\U0001F1FA\U0001F1F8.";
  const auto tokens = cat(
      cat(with_specials("<|start|>assistant<|message|>"), enc().tokenizer().encode_ordinary(text)),
      with_specials("<|end|>"));
  StreamableParser p(enc(), {});
  std::string deltas;
  for (const Rank t : tokens) {
    p.process(t);
    if (const auto d = p.last_content_delta()) deltas += *d;
  }
  ASSERT_EQ(p.messages().size(), 1u);
  EXPECT_EQ(p.messages()[0], assistant(text));
  EXPECT_EQ(deltas, text);
}

// Malformed sequences: each is a HarmonyError with a message naming the problem, never a
// crash or a silent success.
TEST(HarmonyParse, MalformedSequencesAreClearErrors) {
  struct Case {
    const char* what;
    std::vector<Rank> tokens;
    std::optional<Role> role;
    const char* message;
  };
  const auto hello = enc().tokenizer().encode_ordinary("hello");
  const std::vector<Case> cases{
      {"text before <|start|>", hello, std::nullopt, "while expecting start token 200006"},
      {"EOS inside a header", with_specials("<|start|>assistant"), std::nullopt,
       "Unexpected EOS while waiting for message header"},
      {"empty header", with_specials("<|start|><|message|>hi<|end|>"), std::nullopt,
       "did not contain a role"},
      {"unknown role", with_specials("<|start|>wizard<|message|>hi<|end|>"), std::nullopt,
       "Unknown role: wizard"},
      {"empty channel", with_specials("<|start|>assistant<|channel|><|message|>hi<|end|>"),
       std::nullopt, "no channel value"},
      {"invalid id in header",
       {200006, 250000, 200008},
       std::nullopt,
       "Invalid token for decoding: 250000"},
      {"invalid UTF-8 in header", {200006, 9552, 200008}, std::nullopt, "Invalid utf-8"},
      {"too many header words", with_specials("<|start|>assistant a b c<|message|>x<|end|>"),
       std::nullopt, "unexpected tokens remaining in message header"},
      {"second message without <|start|>", with_specials("<|channel|>final<|message|>a<|end|>b"),
       Role::Assistant, "while expecting start token"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    try {
      (void)enc().parse_messages_from_completion_tokens(c.tokens, c.role);
      ADD_FAILURE() << "no error";
    } catch (const HarmonyError& e) {
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << e.what();
    }
  }
}

TEST(HarmonyParse, InvalidIdInContentBecomesReplacement) {
  // An id that is not a token never decodes; upstream holds it and ends the message with
  // U+FFFD.
  const auto tokens = cat(with_specials("<|start|>assistant<|message|>ok"),
                          std::vector<Rank>{250000, 24912, 200007});
  const auto parsed = enc().parse_messages_from_completion_tokens(tokens, {});
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0], assistant("ok\xEF\xBF\xBD"));
}

TEST(HarmonyParse, EndsWithOrWithoutStopToken) {
  const auto with_stop = with_specials("<|channel|>final<|message|>Hi<|return|>");
  const std::vector<Rank> without(with_stop.begin(), with_stop.end() - 1);
  EXPECT_EQ(enc().parse_messages_from_completion_tokens(with_stop, Role::Assistant),
            enc().parse_messages_from_completion_tokens(without, Role::Assistant));
}

}  // namespace

namespace {

TEST(HarmonyParse, ContentDecodesWithHarmonysTable) {
  // DESIGN.md: harmony's table has <|reserved_200018|> (not <|endofprompt|>) and 201088.
  auto tokens = with_specials("<|start|>assistant<|message|>");
  tokens.insert(tokens.end(), {200018, 201088, 200000, 199998, 200007});
  const auto parsed = enc().parse_messages_from_completion_tokens(tokens, {});
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0], assistant("<|reserved_200018|><|reserved_201088|><|reserved_200000|>"
                                 "<|startoftext|>"));
}

}  // namespace
