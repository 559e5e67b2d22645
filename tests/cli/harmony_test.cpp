// harmony_test.cpp — `airtok harmony render|parse|count`.
//
// Rendering is checked against tests/golden/harmony.jsonl: each case's `text` comes from the
// upstream openai/harmony test or document named in its `source`, and its `tokens` are that
// text encoded by the reference (npm tiktoken@1.0.22, tools/oracle/gen_harmony_golden.mjs), so
// the expected ids never come from airtok. Parsing is checked by round trips over the golden
// tokens, against the conversations the golden cases were rendered from, and (for options whose
// effect the golden file does not cover) against the library. Bad inputs: a clear message and
// the exit status main.cpp documents.
#include "cli_run.hpp"

#include <airtok/harmony.hpp>
#include <airtok/harmony_json.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace cli_test;
using Json = nlohmann::ordered_json;
namespace hy = airtok::harmony;

std::vector<Json> golden_cases() {
  std::ifstream in(AIRTOK_HARMONY_GOLDEN);
  std::vector<Json> cases;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) cases.push_back(Json::parse(line));
  }
  return cases;
}

const Json& golden_case(const std::string& name) {
  static const std::vector<Json> cases = golden_cases();
  for (const Json& c : cases) {
    if (c["case"] == name) return c;
  }
  throw std::runtime_error("no golden case " + name);
}

// The cases write with_browser_tool() / with_python_tool() as "tools": "@browser" or
// "@browser+python"; the CLI reads real JSON, so those namespaces are written out (the library's
// JSON form of its built-in tools: input, not an expected value).
Json message_input(Json m) {
  for (Json& c : m["content"]) {
    if (!c.contains("tools") || !c["tools"].is_string()) continue;
    const std::string builtins = c["tools"];
    hy::SystemContent tools;
    if (builtins.find("browser") != std::string::npos) tools.with_browser_tool();
    if (builtins.find("python") != std::string::npos) tools.with_python_tool();
    const Json written = Json::parse(
        hy::to_json(hy::Message::from_role_and_content(hy::Role::System, std::move(tools))));
    c["tools"] = written["content"][0]["tools"];
  }
  return m;
}

// The case's input as a conversation file: a "message" case is a conversation of that message.
std::string conversation_input(const Json& c) {
  Json messages = Json::array();
  if (c["api"] == "message") {
    messages.push_back(message_input(c["message"]));
  } else {
    for (const Json& m : c["conversation"]["messages"]) messages.push_back(message_input(m));
  }
  return Json{{"messages", messages}}.dump();
}

// The render options that reproduce the case's library call.
std::vector<std::string> render_args(const Json& c) {
  std::vector<std::string> args;
  const std::string api = c["api"];
  if (api == "completion") args = {"--next-role", c["next_role"].get<std::string>()};
  if (api == "conversation" || api == "message") args = {"--next-role", "none"};
  if (api == "training") args = {"--training"};
  if (!c.value("auto_drop_analysis", true)) args.push_back("--keep-analysis");
  return args;
}

std::vector<std::string> cat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<Rank> golden_tokens(const Json& c) { return c["tokens"].get<std::vector<Rank>>(); }

// render(message) with conversation_has_function_tools: a one-message conversation has no
// function tools, so this case has no command-line equivalent.
bool renderable_by_cli(const Json& c) { return !c.value("function_tools", false); }

TEST(CliHarmony, RenderEveryGoldenCaseGivesTheReferenceTokensTextAndCount) {
  std::size_t checked = 0;
  for (const Json& c : golden_cases()) {
    if (!renderable_by_cli(c)) continue;
    SCOPED_TRACE(c["case"].get<std::string>() + " (" + c["source"].get<std::string>() + ")");
    const std::string file = tmp_path("convo.json");
    write_file(file, conversation_input(c));
    const Result ids = run(cat({"harmony", "render", file}, render_args(c)));
    ASSERT_EQ(ids.status, 0) << ids.err;
    EXPECT_EQ(ids.out, ids_line(golden_tokens(c)));
    const Result text = run(cat({"harmony", "render", "--text", file}, render_args(c)));
    ASSERT_EQ(text.status, 0) << text.err;
    EXPECT_EQ(text.out, c["text"].get<std::string>());
    const Result count = run(cat({"harmony", "count", file}, render_args(c)));
    ASSERT_EQ(count.status, 0) << count.err;
    EXPECT_EQ(count.out, std::to_string(c["tokens"].size()) + "\n");
    ++checked;
  }
  EXPECT_EQ(checked, golden_cases().size() - 1) << "all golden cases but the function-tools one";
  EXPECT_GE(checked, 33u);
}

TEST(CliHarmony, RenderReadsStandardInputAndABareArrayOfMessages) {
  const Json& c = golden_case("dropping_cot_by_default");
  const std::string input = conversation_input(c);
  const Result stdin_dash = run({"harmony", "render", "-"}, input);
  EXPECT_EQ(stdin_dash.status, 0) << stdin_dash.err;
  EXPECT_EQ(stdin_dash.out, ids_line(golden_tokens(c)));
  const Result no_path = run({"harmony", "render"}, input);
  EXPECT_EQ(no_path.out, ids_line(golden_tokens(c)));
  const Result array = run({"harmony", "render"}, "  \n" + Json::parse(input)["messages"].dump());
  EXPECT_EQ(array.status, 0) << array.err;
  EXPECT_EQ(array.out, ids_line(golden_tokens(c)));
}

TEST(CliHarmony, RenderIdFormats) {
  const Json& c = golden_case("training_final_channel");
  const std::vector<Rank> expected = golden_tokens(c);
  const std::string input = conversation_input(c);
  const Result json = run({"harmony", "render", "--training", "-f", "json"}, input);
  ASSERT_EQ(json.status, 0) << json.err;
  EXPECT_EQ(Json::parse(json.out).get<std::vector<Rank>>(), expected);
  EXPECT_EQ(json.out.substr(0, 9), "[200006, ");
  const Result binary = run({"harmony", "render", "--training", "--format", "binary"}, input);
  ASSERT_EQ(binary.status, 0) << binary.err;
  ASSERT_EQ(binary.out.size(), 4 * expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    Rank id = 0;
    for (int k = 3; k >= 0; --k) {
      id = id << 8 | static_cast<unsigned char>(binary.out[4 * i + static_cast<std::size_t>(k)]);
    }
    EXPECT_EQ(id, expected[i]) << i;
  }
  // and parse reads each form back
  const Result from_binary = run({"harmony", "parse", "-f", "binary"}, binary.out);
  const Result from_json = run({"harmony", "parse"}, json.out);
  const Result from_ids = run({"harmony", "parse", ids_line(expected)});
  EXPECT_EQ(from_binary.status, 0) << from_binary.err;
  EXPECT_EQ(from_binary.out, from_ids.out);
  EXPECT_EQ(from_json.out, from_ids.out);
}

// What each message of the conversation says, in the fields parsing can recover (parsed
// content is always one text item).
Json essentials(const Json& message) {
  Json e{{"role", message["role"]}};
  const Json& content = message["content"];
  e["text"] = content.is_string() ? content : content[0]["text"];
  for (const char* key : {"name", "channel", "recipient", "content_type"}) {
    if (message.contains(key) && !message[key].is_null()) e[key] = message[key];
  }
  return e;
}

// Golden tokens of text-only conversations rendered with nothing dropped: parsing gives the
// conversation's messages back.
TEST(CliHarmony, ParseGoldenTokensGivesTheRenderedMessages) {
  for (const std::string name :
       {"training_final_channel", "training_non_final", "training_tool_call",
        "constrain_tokenized_correctly", "tool_response", "docs_tool_message"}) {
    SCOPED_TRACE(name);
    const Json& c = golden_case(name);
    const Result parsed = run({"harmony", "parse"}, ids_line(golden_tokens(c)));
    ASSERT_EQ(parsed.status, 0) << parsed.err;
    const Json got = Json::parse(parsed.out);
    const Json want =
        c.contains("message") ? Json::array({c["message"]}) : c["conversation"]["messages"];
    ASSERT_EQ(got.size(), want.size()) << parsed.out;
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(essentials(got[i]), essentials(want[i])) << i;
    }
  }
}

// tokens -> messages -> tokens, for every golden case whose tokens are whole messages.
TEST(CliHarmony, ParseThenRenderGivesTheGoldenTokensBack) {
  std::size_t checked = 0;
  for (const Json& c : golden_cases()) {
    if (c["api"] == "completion") continue;    // ends inside a header: <|start|>assistant
    if (c["case"] == "author_name") continue;  // "user:alice" does not parse, as upstream
    // recipient "all" is not rendered, so its <|call|> comes back as a message without one
    if (c["case"] == "recipient_all") continue;
    SCOPED_TRACE(c["case"].get<std::string>());
    const std::string file = tmp_path("parsed.json");
    const Result parsed = run({"harmony", "parse", "--conversation"}, ids_line(golden_tokens(c)));
    ASSERT_EQ(parsed.status, 0) << parsed.err;
    write_file(file, parsed.out);
    const std::vector<std::string> mode = c["api"] == "training"
                                              ? std::vector<std::string>{"--training"}
                                              : std::vector<std::string>{"--next-role", "none"};
    const Result again = run(cat({"harmony", "render", "--keep-analysis", file}, mode));
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_EQ(again.out, ids_line(golden_tokens(c)));
    ++checked;
  }
  EXPECT_EQ(checked, 10u);
}

// A completion sampled after render's <|start|>assistant starts inside the header.
TEST(CliHarmony, ParseWithARoleReadsACompletion) {
  const Json& c = golden_case("training_final_channel");
  std::vector<Rank> tokens = golden_tokens(c);
  const Rank start = 200006, assistant = 173781;
  std::size_t at = tokens.size();
  while (at > 0 && tokens[at - 1] != start) --at;
  ASSERT_GT(at, 0u);
  ASSERT_EQ(tokens.at(at), assistant);
  const std::vector<Rank> completion(tokens.begin() + static_cast<long>(at) + 1, tokens.end());
  const Result parsed = run({"harmony", "parse", "--role", "assistant", ids_line(completion)});
  ASSERT_EQ(parsed.status, 0) << parsed.err;
  const Json got = Json::parse(parsed.out);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(essentials(got[0]), essentials(c["conversation"]["messages"].back()));
  // without the role the same tokens are not harmony
  expect_error(run({"harmony", "parse", ids_line(completion)}), "expecting start token");
}

// The golden file has no malformed completions; what --lenient changes is checked against the
// library's lenient parse (and strict must fail on the same tokens).
TEST(CliHarmony, LenientRecoversWhereStrictFails) {
  const std::vector<Rank> tokens = {200005, 17196, 200007};  // <|channel|>final<|end|>
  expect_error(run({"harmony", "parse", "--role", "assistant", "--strict", ids_line(tokens)}),
               "header");
  const Result lenient =
      run({"harmony", "parse", "--role", "assistant", "--lenient"}, ids_line(tokens));
  ASSERT_EQ(lenient.status, 0) << lenient.err;
  const hy::HarmonyEncoding& enc = hy::load_harmony_encoding();
  EXPECT_EQ(lenient.out, hy::messages_to_json(enc.parse_messages_from_completion_tokens(
                             tokens, hy::Role::Assistant, {false})) +
                             "\n");
}

TEST(CliHarmony, MalformedJsonNamesTheFileAndPosition) {
  const std::string file = tmp_path("bad.json");
  write_file(file, "{\"messages\": [\n  {\"role\": \"user\",}\n]}");
  const Result r = run({"harmony", "render", file});
  expect_error(r, file + ": harmony JSON: input is not valid JSON");
  EXPECT_NE(r.err.find("parse error at line 2, column "), std::string::npos) << r.err;
  expect_error(run({"harmony", "count"}, ""), "standard input: harmony JSON");
  expect_error(run({"harmony", "render"}, "{\"message\": []}"), "has no \"messages\" field");
}

TEST(CliHarmony, UnknownRolesAreNamed) {
  expect_error(run({"harmony", "render"}, R"({"messages":[{"role":"bot","content":"hi"}]})"),
               "role \"bot\" is not user, assistant, system, developer or tool");
  const Result next = run({"harmony", "render", "--next-role", "bot"}, "{}");
  EXPECT_EQ(next.status, 2);
  EXPECT_NE(next.err.find("unknown role 'bot'"), std::string::npos) << next.err;
  const Result role = run({"harmony", "parse", "--role", "Assistant", "1"});
  EXPECT_EQ(role.status, 2);
  EXPECT_NE(role.err.find("unknown role 'Assistant'"), std::string::npos) << role.err;
  expect_error(run({"harmony", "parse", "200006 12194 200008 12194 200007"}), "Unknown role");
}

TEST(CliHarmony, MalformedTokensAreNamed) {
  expect_error(run({"harmony", "parse", "200006 abc"}), "'abc' is not a token id");
  expect_error(run({"harmony", "parse", "99999999999"}), "token id '99999999999' is too large");
  expect_error(run({"harmony", "parse", "200006 999999 200008 12 200007"}),
               "Invalid token for decoding: 999999");
  expect_error(run({"harmony", "parse", "12 200007"}), "Unexpected token 12");
  expect_error(run({"harmony", "parse", "200006 1428"}), "Unexpected EOS");
  expect_error(run({"harmony", "parse", "-f", "binary"}, "abc"), "not a whole number of 4-byte");
  expect_error(run({"harmony", "parse", "-f", "binary", "1"}), "reads the ids from standard input");
}

TEST(CliHarmony, CommandLineErrors) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"harmony"},
        {"harmony", "rander"},
        {"harmony", "render", "--training", "--next-role", "user"},
        {"harmony", "render", "--text", "-f", "json"},
        {"harmony", "parse", "--strict", "--lenient"}}) {
    const Result r = run(args, "{}");
    EXPECT_EQ(r.status, 2) << args.back() << r.err;
    EXPECT_EQ(r.out, "");
  }
  expect_error(run({"harmony", "render", tmp_path("missing.json")}), "cannot open");
}

}  // namespace
