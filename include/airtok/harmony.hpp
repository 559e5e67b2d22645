// airtok/harmony.hpp — gpt-oss's "harmony" chat format, rendered to and parsed from tokens.
//
// gpt-oss models read and write conversations in the harmony format (OpenAI's openai-harmony
// library, docs/format.md there). A message is
//
//     <|start|>{header}<|message|>{content}<|end|>
//
// where the header holds the author's role (or a tool's name), an optional ` to={recipient}`,
// an optional `<|channel|>{channel}` and an optional ` {content type}`. This header renders
// conversations to token ids and parses completions back into messages as openai-harmony does
// (its src/encoding.rs): the same ids, the same messages, an error in the same cases. It needs
// no file and no network: the vocabulary is airtok's built-in o200k_harmony.
//
// A short tutorial:
//
//     using namespace airtok::harmony;
//     const HarmonyEncoding& enc = load_harmony_encoding("HarmonyGptOss");
//     Conversation convo{{
//         Message::from_role_and_content(Role::System, SystemContent{}),
//         Message::from_role_and_content(Role::User, "What is 2 + 2?"),
//     }};
//     std::vector<airtok::Rank> prompt =
//         enc.render_conversation_for_completion(convo, Role::Assistant);
//     // ... sample until a token of enc.stop_tokens_for_assistant_actions() ...
//     std::vector<Message> reply =
//         enc.parse_messages_from_completion_tokens(sampled, Role::Assistant);
//
// Streaming: feed sampled tokens one at a time to a StreamableParser and read
// `last_content_delta()` after each.
//
// Token table. openai-harmony decodes with its own special-token table, which is not quite
// tiktoken's o200k_harmony: ids 199998..200013 carry the named tokens (<|start|> 200006, ...)
// and every id 200014..=201088 is `<|reserved_N|>`. So here 200018 decodes to
// `<|reserved_200018|>` (tiktoken: `<|endofprompt|>`) and 201088 exists (tiktoken: no).
// Rendering only emits the named tokens and ordinary text, so it is the same under either table.
//
// Errors: every failure throws HarmonyError (an airtok::Error) whose message says what was wrong
// and where (the token, the header text, the role). Rendering and parsing take time linear in
// their input.
//
// Thread-safety: value types (Message, Conversation, ...) are plain data. HarmonyEncoding is
// immutable and safe to use from any number of threads at once. A StreamableParser is one
// stream's state: use it from one thread at a time.
#pragma once

#include <airtok/export.h>
#include <airtok/encoding.hpp>
#include <airtok/error.hpp>

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace airtok::harmony {

/// What openai-harmony raises as `HarmonyError`: an unrenderable message (a tool message
/// without a name, SystemContent outside a system message), a malformed completion (a token
/// where <|start|> was expected, a header that does not parse, invalid UTF-8 in a header), an
/// unknown role or encoding name, or a JSON form that does not have the expected shape.
class AIRTOK_API HarmonyError : public Error {
 public:
  using Error::Error;
};

/// The author's role. Spelled in headers and in the JSON form as "user", "assistant",
/// "system", "developer", "tool".
enum class Role { User, Assistant, System, Developer, Tool };

/// "user", "assistant", "system", "developer" or "tool".
AIRTOK_API std::string_view role_name(Role role) noexcept;
/// The role spelled `name` (exactly, lower case), or nullopt.
AIRTOK_API std::optional<Role> role_from_name(std::string_view name) noexcept;

/// Rendered as "Reasoning: low|medium|high"; "Low"/"Medium"/"High" in the JSON form.
enum class ReasoningEffort { Low, Medium, High };

/// Who wrote a message. For Role::Tool the name is the tool ("functions.get_weather") and is
/// what the header shows; for other roles a name renders as `role:name`.
struct AIRTOK_API Author {
  Role role = Role::User;
  std::optional<std::string> name;
  bool operator==(const Author&) const = default;
};

/// One function of a tool namespace. `parameters`, when present, is the JSON Schema of the
/// function's argument object as JSON text; rendering turns it into a TypeScript-like type
/// (`type name = (_: { ... }) => any;`) exactly as openai-harmony does. Invalid JSON there makes
/// rendering throw HarmonyError naming the tool.
struct AIRTOK_API ToolDescription {
  std::string name;
  std::string description;
  std::optional<std::string> parameters;
  bool operator==(const ToolDescription&) const = default;
};

/// A namespace of tools, rendered as a `## name` section. A namespace with tools shows its
/// description as `//` comments and a `namespace name { ... }` block; one without (python)
/// shows its description as plain text.
struct AIRTOK_API ToolNamespaceConfig {
  std::string name;
  std::optional<std::string> description;
  std::vector<ToolDescription> tools;
  bool operator==(const ToolNamespaceConfig&) const = default;

  /// The built-in browser tool (search, open, find), as gpt-oss was trained on it.
  static ToolNamespaceConfig browser();
  /// The built-in python tool (a stateful Jupyter notebook), as gpt-oss was trained on it.
  static ToolNamespaceConfig python();
};

/// Tool namespaces by name. Rendered in the map's (byte-wise) order, as openai-harmony does.
using ToolNamespaces = std::map<std::string, ToolNamespaceConfig>;

/// "# Valid channels: a, b, c." plus " Channel must be included for every message." when
/// required.
struct AIRTOK_API ChannelConfig {
  std::vector<std::string> valid_channels;
  bool channel_required = false;
  bool operator==(const ChannelConfig&) const = default;
  static ChannelConfig require_channels(std::vector<std::string> channels);
};

/// The content of a system message. The defaults are openai-harmony's `SystemContent.new()`:
/// the ChatGPT identity, medium reasoning, knowledge cutoff 2024-06, channels analysis,
/// commentary and final required, no date, no tools.
struct AIRTOK_API SystemContent {
  std::optional<std::string> model_identity =
      std::string("You are ChatGPT, a large language model trained by OpenAI.");
  std::optional<ReasoningEffort> reasoning_effort = ReasoningEffort::Medium;
  std::optional<std::string> conversation_start_date;
  std::optional<std::string> knowledge_cutoff = std::string("2024-06");
  std::optional<ChannelConfig> channel_config =
      ChannelConfig::require_channels({"analysis", "commentary", "final"});
  std::optional<ToolNamespaces> tools;
  bool operator==(const SystemContent&) const = default;

  SystemContent& with_model_identity(std::string v);
  SystemContent& with_reasoning_effort(ReasoningEffort v);
  SystemContent& with_conversation_start_date(std::string v);
  SystemContent& with_knowledge_cutoff(std::string v);
  SystemContent& with_channel_config(ChannelConfig v);
  SystemContent& with_required_channels(std::vector<std::string> channels);
  /// Adds (or replaces) the namespace under its name.
  SystemContent& with_tools(ToolNamespaceConfig ns);
  SystemContent& with_browser_tool();
  SystemContent& with_python_tool();
};

/// The content of a developer message: "# Instructions" and function tools.
struct AIRTOK_API DeveloperContent {
  std::optional<std::string> instructions;
  std::optional<ToolNamespaces> tools;
  bool operator==(const DeveloperContent&) const = default;

  DeveloperContent& with_instructions(std::string v);
  DeveloperContent& with_tools(ToolNamespaceConfig ns);
  /// The `functions` namespace with these tools; rendering then also adds "Calls to these
  /// tools must go to the commentary channel: 'functions'." to the system message.
  DeveloperContent& with_function_tools(std::vector<ToolDescription> tools);
};

/// Plain text, rendered as it is.
struct AIRTOK_API TextContent {
  std::string text;
  bool operator==(const TextContent&) const = default;
};

using Content = std::variant<TextContent, SystemContent, DeveloperContent>;

/// One message. `recipient` "all" is not rendered; an assistant message with a recipient ends
/// with <|call|>. A content type starting with "<|constrain|>" renders that marker as the
/// special token (" <|constrain|>json").
struct AIRTOK_API Message {
  Author author;
  std::vector<Content> content;
  std::optional<std::string> channel;
  std::optional<std::string> recipient;
  std::optional<std::string> content_type;
  bool operator==(const Message&) const = default;

  static Message from_author_and_content(Author author, Content content);
  static Message from_author_and_content(Author author, std::string text);
  static Message from_role_and_content(Role role, Content content);
  static Message from_role_and_content(Role role, std::string text);
  static Message from_role_and_content(Role role, const char* text);
  Message& adding_content(Content content);
  Message& with_channel(std::string v);
  Message& with_recipient(std::string v);
  Message& with_content_type(std::string v);
};

struct AIRTOK_API Conversation {
  std::vector<Message> messages;
  bool operator==(const Conversation&) const = default;
};

/// openai-harmony's RenderConversationConfig. With auto_drop_analysis (the default, as in its
/// Python API), when the last assistant message is on the `final` channel, analysis messages
/// before the first `final` message are not rendered (earlier chain of thought is dropped).
struct AIRTOK_API RenderConversationConfig {
  bool auto_drop_analysis = true;
};

/// Options of `render(message)`: whether the conversation defines function tools (adds the
/// "Calls to these tools must go to the commentary channel" line to a system message).
struct AIRTOK_API RenderOptions {
  bool conversation_has_function_tools = false;
};

/// `strict` (the default): a stop token inside a header is header text, and the header then
/// fails to parse. Lenient: a stop token inside a header ends that malformed message. In the
/// first message of a completion parsed with a role (the model forgot <|message|>), the header
/// text becomes a message of that role: its channel, and the other words as content. A later
/// malformed message is dropped. (openai-harmony's ParseOptions.)
struct AIRTOK_API ParseOptions {
  bool strict = true;
};

namespace detail {
struct HarmonyEncodingData;
struct HarmonyEncodingAccess;  // the library's own way in (src/harmony/harmony_internal.hpp)
struct StreamParserState;
}  // namespace detail

/// openai-harmony's HarmonyEncoding ("HarmonyGptOss"): renders and parses on top of the
/// built-in o200k_harmony vocabulary. Immutable; obtained from load_harmony_encoding, which
/// owns it for the life of the program. Not copyable (hold a reference).
class AIRTOK_API HarmonyEncoding {
 public:
  HarmonyEncoding(const HarmonyEncoding&) = delete;
  HarmonyEncoding& operator=(const HarmonyEncoding&) = delete;
  ~HarmonyEncoding();

  /// "HarmonyGptOss".
  const std::string& name() const noexcept;
  /// "o200k_harmony".
  const std::string& tokenizer_name() const noexcept;
  /// 1,048,576 - 524,288 (openai-harmony's n_ctx minus its max action length).
  std::size_t max_message_tokens() const noexcept;
  /// The tokenizer rendering uses for text (airtok's built-in o200k_harmony).
  const Encoding& tokenizer() const noexcept;

  /// Renders the messages, then `<|start|>` and the next role (e.g. "assistant").
  std::vector<Rank> render_conversation_for_completion(
      const Conversation& conversation, Role next_turn_role,
      const RenderConversationConfig& config = {}) const;
  /// Renders the messages and nothing else.
  std::vector<Rank> render_conversation(const Conversation& conversation,
                                        const RenderConversationConfig& config = {}) const;
  /// As render_conversation, but when the last message is an assistant message on the
  /// `final` channel its closing <|end|> becomes <|return|>. (A tool call already ends with
  /// <|call|>.)
  std::vector<Rank> render_conversation_for_training(
      const Conversation& conversation, const RenderConversationConfig& config = {}) const;
  /// Renders one message. Throws HarmonyError for a tool message without a name, or
  /// SystemContent / DeveloperContent in a message of another role.
  std::vector<Rank> render(const Message& message, const RenderOptions& options = {}) const;

  /// <|return|>, <|call|>, <|end|> (200002, 200012, 200007), ascending.
  std::vector<Rank> stop_tokens() const;
  /// <|return|>, <|call|> (200002, 200012), ascending: where sampling stops.
  std::vector<Rank> stop_tokens_for_assistant_actions() const;

  /// Parses a completion (without its final stop token, or with it) into messages. With a
  /// role, the tokens start inside the first message's header (as a completion of
  /// render_conversation_for_completion does); without, they start with <|start|>. Throws
  /// HarmonyError on malformed input, naming the token or header at fault.
  std::vector<Message> parse_messages_from_completion_tokens(std::span<const Rank> tokens,
                                                             std::optional<Role> role,
                                                             ParseOptions options = {}) const;

  /// The bytes of the tokens under harmony's table (200018 is <|reserved_200018|>). Throws
  /// HarmonyError ("Invalid token for decoding: N") for an id that is not a token.
  std::string decode_bytes(std::span<const Rank> tokens) const;
  /// As decode_bytes, but throws HarmonyError ("Invalid utf-8") unless the bytes are UTF-8.
  std::string decode_utf8(std::span<const Rank> tokens) const;
  /// True for ids 199998..=201088 (harmony's special tokens).
  bool is_special_token(Rank token) const noexcept;

 private:
  friend struct detail::HarmonyEncodingAccess;
  AIRTOK_INTERNAL explicit HarmonyEncoding(std::unique_ptr<detail::HarmonyEncodingData> data);

  std::unique_ptr<detail::HarmonyEncodingData> data_;
};

/// openai-harmony's load_harmony_encoding. The only name is "HarmonyGptOss"; anything else
/// throws HarmonyError listing it. Builds nothing from files; the first call takes
/// microseconds, later calls return the same object. Thread-safe.
AIRTOK_API const HarmonyEncoding& load_harmony_encoding(std::string_view name = "HarmonyGptOss");

/// Where a StreamableParser is: waiting for <|start|>, reading a header, or reading content
/// (upstream's states "ExpectStart", "Header" and "Content").
enum class StreamState { kExpectStart, kHeader, kContent };

/// openai-harmony's StreamableParser: parses a completion one token at a time, exposing each
/// finished message and the partial state of the current one. Feeding every token and then
/// calling process_eos() gives exactly parse_messages_from_completion_tokens's messages.
/// Undecodable bytes (a UTF-8 sequence split across tokens) are held back until complete, so
/// `last_content_delta()` is always whole characters (U+FFFD for invalid bytes).
///
/// Keeps a reference to the encoding (which load_harmony_encoding keeps alive) and every token
/// fed, like upstream's `tokens`. Movable, not copyable; one thread at a time.
class AIRTOK_API StreamableParser {
 public:
  StreamableParser(const HarmonyEncoding& encoding, std::optional<Role> role,
                   ParseOptions options = {});
  StreamableParser(StreamableParser&&) noexcept;
  StreamableParser& operator=(StreamableParser&&) noexcept;
  ~StreamableParser();

  /// Consumes one token. Throws HarmonyError on a token that cannot come next (after which the
  /// parser should be discarded).
  StreamableParser& process(Rank token);
  /// Ends the stream: a message in progress becomes a finished message. Throws HarmonyError if
  /// the stream ends inside a header.
  StreamableParser& process_eos();

  /// The current message's text so far ("" outside content). Valid until the next call that
  /// changes the parser; O(1), so it may be read after every token.
  const std::string& current_content() const noexcept;
  /// The current message's role once its header is parsed, or the role given at construction
  /// before the first header.
  std::optional<Role> current_role() const;
  std::optional<std::string> current_channel() const;
  std::optional<std::string> current_recipient() const;
  std::optional<std::string> current_content_type() const;
  /// The text the last token added to the content, or nullopt if it added none (a stop token,
  /// a header token, or bytes of an incomplete character).
  std::optional<std::string> last_content_delta() const;
  const std::vector<Message>& messages() const noexcept;
  const std::vector<Rank>& tokens() const noexcept;
  /// The tokens of the header being read (state kHeader; empty otherwise), as upstream's
  /// `state_json()` shows them.
  const std::vector<Rank>& header_tokens() const noexcept;
  StreamState state() const noexcept;

 private:
  std::unique_ptr<detail::StreamParserState> s_;
};

}  // namespace airtok::harmony
