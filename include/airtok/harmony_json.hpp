// airtok/harmony_json.hpp — harmony messages and conversations in openai-harmony's JSON form.
//
// The shape is what openai-harmony's Python `Message.to_dict()` / `Conversation.to_json()`
// produce and `Message.from_dict()` / `Conversation.from_json()` read:
//
//     {"messages": [{"role": "user", "name": null,
//                    "content": [{"type": "text", "text": "Hi"}],
//                    "channel": "final", "recipient": "...", "content_type": "..."}]}
//
// Content items are {"type": "text", "text"}, {"type": "system_content", model_identity,
// reasoning_effort ("Low"|"Medium"|"High"), conversation_start_date, knowledge_cutoff,
// channel_config {valid_channels, channel_required}, tools {name: {name, description, tools:
// [{name, description, parameters}]}}} and {"type": "developer_content", instructions, tools}.
// A tool's `parameters` is the JSON Schema object itself (ToolDescription keeps it as text).
//
// Writing: absent optional fields are left out, except the four SystemContent fields whose
// default is not "absent" (model_identity, reasoning_effort, knowledge_cutoff,
// channel_config), which are written as null so that reading gives back the same value.
// Output is compact JSON (upstream's json.dumps adds spaces and escapes non-ASCII: same
// values, different bytes). Reading: a missing SystemContent field takes its default, as
// upstream's pydantic model does; `content` may also be a plain string (one text item), as
// openai-harmony's Rust side writes it.
//
// Errors: reading throws HarmonyError naming the field at fault (invalid JSON, unknown role or
// content type, wrong type); writing throws HarmonyError when a tool's parameters are not JSON.
// All functions are thread-safe (no shared state).
#pragma once

#include <airtok/harmony.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace airtok::harmony {

std::string to_json(const Message& message);
std::string to_json(const Conversation& conversation);
/// A JSON array of messages (the form parse results take in openai-harmony's bindings).
std::string messages_to_json(std::span<const Message> messages);

Message message_from_json(std::string_view json);
Conversation conversation_from_json(std::string_view json);
std::vector<Message> messages_from_json(std::string_view json);

}  // namespace airtok::harmony
