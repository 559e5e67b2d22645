// harmony_command.cpp — `airtok harmony render|parse|count`. Reading a conversation and writing
// messages are airtok/harmony_json.hpp's; rendering and parsing are the library's
// HarmonyEncoding ("HarmonyGptOss", on the built-in o200k_harmony). This file only maps options
// to the library's calls and names the input in error messages.
#include "harmony_command.hpp"

#include "commands.hpp"
#include "input.hpp"
#include "output.hpp"

#include <airtok/harmony.hpp>
#include <airtok/harmony_json.hpp>

#include <optional>
#include <string_view>

namespace airtok::cli {
namespace {

namespace hy = airtok::harmony;

constexpr std::string_view kNoRole = "none";

// A role name or "none"; anything else is a command-line error naming the choices.
CLI::Validator role_validator(bool none_allowed) {
  return CLI::Validator(
      [none_allowed](std::string& value) -> std::string {
        if (hy::role_from_name(value) || (none_allowed && value == kNoRole)) return {};
        return "unknown role '" + value + "' (the roles are user, assistant, system, developer, " +
               "tool" + (none_allowed ? "; or none" : "") + ")";
      },
      none_allowed ? "ROLE|none" : "ROLE");
}

std::optional<hy::Role> role_or_none(const std::string& name) {
  if (name == kNoRole) return std::nullopt;
  return hy::role_from_name(name);  // checked by role_validator
}

// The conversation in `path`: {"messages": [...]} (Conversation.to_json()) or a bare array of
// messages (what `airtok harmony parse` writes).
hy::Conversation read_conversation(const std::string& path) {
  const std::string json = read_input(path);
  try {
    return hy::conversation_or_messages_from_json(json);
  } catch (const hy::HarmonyError& e) {
    throw CliError(display_name(path) + ": " + e.what() +
                   " (expected openai-harmony's JSON form: {\"messages\": [{\"role\": \"user\", "
                   "\"content\": [{\"type\": \"text\", \"text\": \"...\"}]}]})");
  }
}

}  // namespace

HarmonyCommand::HarmonyCommand(CLI::App& app) {
  harmony_ = app.add_subcommand(
      "harmony",
      "gpt-oss's harmony chat format (as openai-harmony renders and parses it), offline: render "
      "a conversation to tokens, parse tokens back into messages, count a conversation's tokens");
  harmony_->require_subcommand(1);
  harmony_->footer(
      "Examples:\n  airtok harmony render chat.json            # prompt ids, ending "
      "<|start|>assistant\n  airtok harmony render --text chat.json     # the rendered text\n"
      "  airtok harmony parse --role assistant < completion.ids\n"
      "  airtok harmony count chat.json\n\nConversations are in openai-harmony's JSON form "
      "(Conversation.to_json()): {\"messages\": [{\"role\", \"name\", \"content\": [{\"type\": "
      "\"text\" | \"system_content\" | \"developer_content\", ...}], \"channel\", \"recipient\", "
      "\"content_type\"}]}, or a bare array of messages. The vocabulary is the built-in "
      "o200k_harmony: no file, no network.");

  auto add_render_options = [this](CLI::App& command) {
    command.add_option("conversation", path_,
                       "Conversation JSON file, '-' for standard input (the default)");
    CLI::Option* next =
        command
            .add_option("--next-role", next_role_,
                        "Render for completion: end with <|start|> and this role (default "
                        "assistant); 'none': the messages only")
            ->check(role_validator(true));
    command
        .add_flag("--training", training_,
                  "Render for training: the last assistant message on the final channel ends "
                  "with <|return|> instead of <|end|>, and no next role is added")
        ->excludes(next);
    command.add_flag("--keep-analysis", keep_analysis_,
                     "Keep every analysis message (openai-harmony's auto_drop_analysis=False); "
                     "by default, when the last assistant message is on the final channel, "
                     "analysis messages before the first final message are dropped");
  };

  render_ = harmony_->add_subcommand(
      "render", "Print the token ids of a conversation rendered in the harmony format");
  add_render_options(*render_);
  CLI::Option* text = render_->add_flag(
      "--text", text_, "Print the rendered text (special tokens as <|start|> etc.) instead");
  render_
      ->add_option("-f,--format", format_,
                   "ids: space-separated (default); json: [1, 2, 3]; binary: 32-bit "
                   "little-endian, nothing between")
      ->check(CLI::IsMember({"ids", "json", "binary"}))
      ->excludes(text);
  render_->footer(
      "Examples:\n  airtok harmony render chat.json > prompt.ids\n"
      "  airtok harmony render --next-role none --text chat.json\n"
      "  airtok harmony render --training --keep-analysis chat.json");

  parse_ = harmony_->add_subcommand(
      "parse",
      "Parse token ids (arguments or standard input, as `airtok decode` reads them) into "
      "harmony messages, printed as openai-harmony's JSON form");
  parse_->add_option("ids", ids_, "Token ids (read from standard input when none are given)");
  parse_
      ->add_option("--role", role_,
                   "The role of the first message when the tokens start inside its header, "
                   "after <|start|>ROLE (a sampled completion: --role assistant); 'none' (the "
                   "default): the tokens start with <|start|>")
      ->check(role_validator(true));
  CLI::Option* lenient =
      parse_->add_flag("--lenient", lenient_,
                       "Recover from malformed headers as openai-harmony's non-strict mode does "
                       "(a header cut by a stop token ends its message)");
  parse_->add_flag("--strict", strict_flag_, "Fail on any malformed header (the default)")
      ->excludes(lenient);
  parse_->add_flag("--conversation", conversation_,
                   "Print {\"messages\": [...]} (Conversation.to_json()) instead of a bare array");
  parse_
      ->add_option("-f,--format", format_,
                   "ids or json: ids as text (either form is read); binary: 32-bit "
                   "little-endian from standard input")
      ->check(CLI::IsMember({"ids", "json", "binary"}));
  parse_->footer(
      "Examples:\n  airtok harmony parse 200006 173781 200005 17196 200008 12194 200007\n"
      "  airtok harmony render --next-role none chat.json | airtok harmony parse\n\n"
      "A final stop token (<|return|>, <|call|>, <|end|>) may be included or left out. A "
      "token sequence that is not harmony fails with the token or header at fault (status 1).");

  count_ = harmony_->add_subcommand(
      "count", "Print the number of tokens of a conversation rendered in the harmony format");
  add_render_options(*count_);
  count_->footer(
      "Example:\n  airtok harmony count chat.json    # includes <|start|>assistant, as the "
      "prompt");
}

bool HarmonyCommand::parsed() const { return harmony_->parsed(); }

int HarmonyCommand::run(std::FILE* out) const {
  const hy::HarmonyEncoding& enc = hy::load_harmony_encoding();
  if (parse_->parsed()) {
    const std::vector<Rank> tokens = read_token_ids(ids_, id_format(format_));
    const std::vector<hy::Message> messages =
        enc.parse_messages_from_completion_tokens(tokens, role_or_none(role_), {!lenient_});
    write_out(out, (conversation_ ? hy::to_json(hy::Conversation{messages})
                                  : hy::messages_to_json(messages)) +
                       "\n");
    return 0;
  }
  const hy::Conversation conversation = read_conversation(path_);
  const hy::RenderConversationConfig config{!keep_analysis_};
  const std::optional<hy::Role> next = role_or_none(next_role_);
  std::vector<Rank> tokens;
  if (training_) {
    tokens = enc.render_conversation_for_training(conversation, config);
  } else if (next) {
    tokens = enc.render_conversation_for_completion(conversation, *next, config);
  } else {
    tokens = enc.render_conversation(conversation, config);
  }
  if (count_->parsed()) {
    write_out(out, std::to_string(tokens.size()) + "\n");
  } else if (text_) {
    write_out(out, enc.decode_bytes(tokens));
  } else {
    write_out(out, format_ids(tokens, id_format(format_)));
  }
  return 0;
}

}  // namespace airtok::cli
