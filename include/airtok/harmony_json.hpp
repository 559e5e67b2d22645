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
// Writing: an absent optional field of a content item or tool is written as null (as
// openai-harmony's Rust side writes it); a message's absent name / channel / recipient /
// content_type are left out, except "name": null (as Python's to_dict writes it). Output is
// compact JSON (upstream's json.dumps adds spaces and escapes non-ASCII: same values,
// different bytes). Reading follows the Rust side, which is what renders a conversation that
// Python sends as Conversation.to_json(): a missing or null field is absent (so a SystemContent
// here has no default values: {"type": "system_content"} renders as an empty system message,
// and Python's SystemContent.new() arrives with its defaults written out), and `content` may
// also be a plain string (one text item), as the Rust side writes a single text.
//
// Errors: reading throws HarmonyError naming the field at fault (invalid JSON, unknown role or
// content type, wrong type); writing throws HarmonyError when a tool's parameters are not JSON.
// All functions are thread-safe (no shared state).
#pragma once

#include <airtok/export.h>
#include <airtok/harmony.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace airtok::harmony {

AIRTOK_API std::string to_json(const Message& message);
AIRTOK_API std::string to_json(const Conversation& conversation);
/// A JSON array of messages (the form parse results take in openai-harmony's bindings).
AIRTOK_API std::string messages_to_json(std::span<const Message> messages);

AIRTOK_API Message message_from_json(std::string_view json);
AIRTOK_API Conversation conversation_from_json(std::string_view json);
AIRTOK_API std::vector<Message> messages_from_json(std::string_view json);
/// A conversation in either form a program may hold: {"messages": [...]}
/// (Conversation.to_json()) or a bare array of messages (what messages_to_json writes). This
/// is what `airtok harmony render` reads and what `airtok serve` takes as "conversation".
AIRTOK_API Conversation conversation_or_messages_from_json(std::string_view json);

}  // namespace airtok::harmony
