// harmony_api.hpp — the service's harmony endpoints (gpt-oss's chat format, airtok/harmony.hpp),
// as api.hpp's endpoints are: a parsed JSON request in, a JSON response out, ApiError for a bad
// request. Conversations and messages travel in openai-harmony's JSON form
// (airtok/harmony_json.hpp), as `airtok harmony render` reads them and `parse` writes them.
#pragma once

#include "api.hpp"

#include <nlohmann/json.hpp>

#include <string_view>

namespace airtok::serve {

/// POST /v1/harmony/render: {conversation: {"messages": [...]} or [...], next_role ("assistant",
/// the default; a role name; or "none"), training (bool), auto_drop_analysis (bool, default
/// true), text (bool), pieces (bool)} → {encoding, tokens, count[, text][, pieces]}. As `airtok
/// harmony render`: for completion (ending <|start|>ROLE), the messages only (next_role "none"),
/// or for training (`training`: true, which takes no next_role). A conversation the library
/// cannot read or render is ApiError(400, "harmony_error") with the library's message.
///
/// Takes the body as it came, not parsed: the order of keys in a tool's JSON Schema is the
/// order its parameters are rendered in, and the service's JSON objects sort their keys.
nlohmann::json harmony_render(std::string_view body, Produced& out);

/// POST /v1/harmony/parse: {tokens, role (the first message's role when the tokens start inside
/// its header; "none", the default: they start with <|start|>), strict (bool, default true)} →
/// {encoding, messages: [...], count}: {"messages"} is Conversation.to_json(), which render
/// takes back as "conversation". Tokens that are not harmony are ApiError(400, "harmony_error")
/// with the library's message (the token or header at fault).
nlohmann::json harmony_parse(const nlohmann::json& request, Produced& out);

}  // namespace airtok::serve
