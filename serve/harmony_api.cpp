// harmony_api.cpp — see harmony_api.hpp. The conversation's JSON form is read and the messages
// written by the library (airtok/harmony_json.hpp), so the service and `airtok harmony` agree
// byte for byte; this file maps the request's fields to the library's calls and its
// HarmonyError to a 400.
#include "harmony_api.hpp"

#include <airtok/harmony.hpp>
#include <airtok/harmony_json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace airtok::serve {
namespace {

using nlohmann::json;
namespace hy = airtok::harmony;

constexpr std::string_view kNoRole = "none";

[[noreturn]] void bad_request(const std::string& message) {
  throw ApiError(400, "invalid_request", message);
}

[[noreturn]] void harmony_error(const hy::HarmonyError& e) {
  throw ApiError(400, "harmony_error", e.what());
}

// A role name, or "none" (nullopt); `fallback` when the field is absent or null.
std::optional<hy::Role> role_field(const json& request, const char* name,
                                   std::optional<hy::Role> fallback) {
  auto it = request.find(name);
  if (it == request.end() || it->is_null()) return fallback;
  const std::string value = it->is_string() ? it->get<std::string>() : std::string();
  if (value == kNoRole) return std::nullopt;
  if (auto role = hy::role_from_name(value)) return role;
  bad_request(std::string("\"") + name + "\" must be a role (user, assistant, system, " +
              "developer, tool) or \"none\", not " + it->dump());
}

json pieces_json(const hy::HarmonyEncoding& enc, const std::vector<Rank>& tokens) {
  json list = json::array();
  for (Rank id : tokens) list.push_back(piece_text(enc.decode_bytes(std::span(&id, 1))));
  return list;
}

}  // namespace

json harmony_render(std::string_view body, Produced& out) {
  // Parsed twice: as the service's JSON for the options (the shared field checks), and with
  // its keys in their order for the conversation, which the library reads back from text.
  const json request = parse_body(body);
  check_fields(request,
               {"conversation", "next_role", "training", "auto_drop_analysis", "text", "pieces"},
               "/v1/harmony/render");
  if (request.find("conversation") == request.end() || request["conversation"].is_null()) {
    bad_request(
        "\"conversation\" is missing (openai-harmony's JSON form: {\"messages\": [{\"role\": "
        "\"user\", \"content\": [{\"type\": \"text\", \"text\": \"...\"}]}]}, or the array of "
        "messages alone)");
  }
  const bool training = bool_field(request, "training", false);
  if (training && request.contains("next_role") && !request["next_role"].is_null()) {
    bad_request("give \"training\" or \"next_role\", not both (training adds no next role)");
  }
  const std::optional<hy::Role> next = role_field(request, "next_role", hy::Role::Assistant);
  const hy::RenderConversationConfig config{bool_field(request, "auto_drop_analysis", true)};
  const bool with_text = bool_field(request, "text", false);
  const bool with_pieces = bool_field(request, "pieces", false);

  const hy::HarmonyEncoding& enc = hy::load_harmony_encoding();
  std::vector<Rank> tokens;
  try {
    const hy::Conversation conversation = hy::conversation_or_messages_from_json(
        nlohmann::ordered_json::parse(body)["conversation"].dump());
    if (training) {
      tokens = enc.render_conversation_for_training(conversation, config);
    } else if (next) {
      tokens = enc.render_conversation_for_completion(conversation, *next, config);
    } else {
      tokens = enc.render_conversation(conversation, config);
    }
  } catch (const hy::HarmonyError& e) {
    harmony_error(e);
  }
  out.tokens += tokens.size();
  json response = {{"encoding", enc.tokenizer_name()}, {"count", tokens.size()}};
  if (with_text) response["text"] = enc.decode_bytes(tokens);
  if (with_pieces) response["pieces"] = pieces_json(enc, tokens);
  response["tokens"] = std::move(tokens);
  return response;
}

json harmony_parse(const json& request, Produced& out) {
  check_fields(request, {"tokens", "role", "strict"}, "/v1/harmony/parse");
  const auto tokens_field = request.find("tokens");
  if (tokens_field == request.end() || tokens_field->is_null()) {
    bad_request("\"tokens\" (an array of token ids) is missing");
  }
  const std::vector<Rank> tokens = token_ids(*tokens_field, "tokens");
  const std::optional<hy::Role> role = role_field(request, "role", std::nullopt);
  const hy::ParseOptions options{bool_field(request, "strict", true)};
  const hy::HarmonyEncoding& enc = hy::load_harmony_encoding();
  std::vector<hy::Message> messages;
  try {
    messages = enc.parse_messages_from_completion_tokens(tokens, role, options);
  } catch (const hy::HarmonyError& e) {
    harmony_error(e);
  }
  out.tokens += tokens.size();
  json response = json::parse(hy::to_json(hy::Conversation{messages}));
  response["encoding"] = enc.tokenizer_name();
  response["count"] = tokens.size();
  return response;
}

}  // namespace airtok::serve
