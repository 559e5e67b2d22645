// json_form.cpp — messages and conversations to and from openai-harmony's JSON form.
//
// Not on the render or parse path: this is for the Python layer and the CLI, which exchange
// conversations with code written against openai-harmony. The shape is documented in
// include/airtok/harmony_json.hpp.
#include <airtok/harmony_json.hpp>

#include <nlohmann/json.hpp>

#include <utility>

namespace airtok::harmony {

namespace {

using Json = nlohmann::ordered_json;

[[noreturn]] void bad_field(std::string_view where, std::string_view what) {
  throw HarmonyError("harmony JSON: " + std::string(where) + " " + std::string(what));
}

// ---- writing ---------------------------------------------------------------------------

template <class T>
Json or_null(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

std::string_view effort_json(ReasoningEffort e) {
  switch (e) {
    case ReasoningEffort::Low:
      return "Low";
    case ReasoningEffort::Medium:
      return "Medium";
    case ReasoningEffort::High:
      return "High";
  }
  return "Medium";
}

Json tool_json(const ToolDescription& t) {
  Json j{{"name", t.name}, {"description", t.description}, {"parameters", nullptr}};
  if (t.parameters) {
    try {
      j["parameters"] = Json::parse(*t.parameters);
    } catch (const Json::parse_error& e) {
      bad_field("tool '" + t.name + "' parameters", std::string("are not valid JSON: ") + e.what());
    }
  }
  return j;
}

Json namespaces_json(const ToolNamespaces& tools) {
  Json j = Json::object();
  for (const auto& [key, ns] : tools) {
    Json n{{"name", ns.name}, {"description", or_null(ns.description)}};
    n["tools"] = Json::array();
    for (const ToolDescription& t : ns.tools) n["tools"].push_back(tool_json(t));
    j[key] = std::move(n);
  }
  return j;
}

Json system_json(const SystemContent& s) {
  Json j{{"type", "system_content"}};
  j["model_identity"] = or_null(s.model_identity);
  j["reasoning_effort"] =
      s.reasoning_effort ? Json(effort_json(*s.reasoning_effort)) : Json(nullptr);
  j["conversation_start_date"] = or_null(s.conversation_start_date);
  j["knowledge_cutoff"] = or_null(s.knowledge_cutoff);
  if (s.channel_config) {
    j["channel_config"] = Json{{"valid_channels", s.channel_config->valid_channels},
                               {"channel_required", s.channel_config->channel_required}};
  } else {
    j["channel_config"] = nullptr;
  }
  j["tools"] = s.tools ? namespaces_json(*s.tools) : Json(nullptr);
  return j;
}

Json content_json(const Content& c) {
  if (const auto* t = std::get_if<TextContent>(&c))
    return Json{{"type", "text"}, {"text", t->text}};
  if (const auto* s = std::get_if<SystemContent>(&c)) return system_json(*s);
  const auto& d = std::get<DeveloperContent>(c);
  Json j{{"type", "developer_content"}, {"instructions", or_null(d.instructions)}};
  j["tools"] = d.tools ? namespaces_json(*d.tools) : Json(nullptr);
  return j;
}

Json message_json(const Message& m) {
  Json j{{"role", role_name(m.author.role)}, {"name", or_null(m.author.name)}};
  j["content"] = Json::array();
  for (const Content& c : m.content) j["content"].push_back(content_json(c));
  if (m.channel) j["channel"] = *m.channel;
  if (m.recipient) j["recipient"] = *m.recipient;
  if (m.content_type) j["content_type"] = *m.content_type;
  return j;
}

// ---- reading ---------------------------------------------------------------------------

Json parse(std::string_view text) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    bad_field("input", std::string("is not valid JSON: ") + e.what());
  }
}

const Json& need(const Json& obj, const char* key, std::string_view where) {
  const auto it = obj.find(key);
  if (it == obj.end()) bad_field(where, std::string("has no \"") + key + "\" field");
  return *it;
}

std::string str(const Json& v, std::string_view where) {
  if (!v.is_string()) bad_field(where, "must be a string, got " + v.dump());
  return v.get<std::string>();
}

// A field that may be missing or null (-> nullopt) or a string.
std::optional<std::string> opt_str(const Json& obj, const char* key, std::string_view where) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  return str(*it, std::string(where) + "." + key);
}

ReasoningEffort effort_from(const Json& v) {
  const std::string s = str(v, "reasoning_effort");
  if (s == "Low" || s == "low") return ReasoningEffort::Low;
  if (s == "Medium" || s == "medium") return ReasoningEffort::Medium;
  if (s == "High" || s == "high") return ReasoningEffort::High;
  bad_field("reasoning_effort", "must be \"Low\", \"Medium\" or \"High\", got \"" + s + "\"");
}

ToolDescription tool_from(const Json& j) {
  if (!j.is_object()) bad_field("tool", "must be an object");
  ToolDescription t{str(need(j, "name", "tool"), "tool.name"),
                    str(need(j, "description", "tool"), "tool.description"), std::nullopt};
  if (const auto it = j.find("parameters"); it != j.end() && !it->is_null()) {
    t.parameters = it->dump();
  }
  return t;
}

ToolNamespaces namespaces_from(const Json& j) {
  if (!j.is_object()) bad_field("tools", "must be an object of namespaces by name");
  ToolNamespaces out;
  for (const auto& [key, n] : j.items()) {
    if (!n.is_object()) bad_field("tools." + key, "must be an object");
    ToolNamespaceConfig ns{str(need(n, "name", "tools." + key), "name"),
                           opt_str(n, "description", "tools." + key),
                           {}};
    const Json& list = need(n, "tools", "tools." + key);
    if (!list.is_array()) bad_field("tools." + key + ".tools", "must be an array");
    for (const Json& t : list) ns.tools.push_back(tool_from(t));
    out.emplace(key, std::move(ns));
  }
  return out;
}

std::optional<ToolNamespaces> opt_namespaces(const Json& j) {
  const auto it = j.find("tools");
  if (it == j.end() || it->is_null()) return std::nullopt;
  return namespaces_from(*it);
}

// As openai-harmony's Rust side reads it (serde: a missing or null Option is None), which is
// what renders a conversation sent from Python as Conversation.to_json().
SystemContent system_from(const Json& j) {
  SystemContent s{std::nullopt, std::nullopt, std::nullopt,
                  std::nullopt, std::nullopt, std::nullopt};
  s.model_identity = opt_str(j, "model_identity", "system_content");
  if (const auto it = j.find("reasoning_effort"); it != j.end() && !it->is_null()) {
    s.reasoning_effort = effort_from(*it);
  }
  s.conversation_start_date = opt_str(j, "conversation_start_date", "system_content");
  s.knowledge_cutoff = opt_str(j, "knowledge_cutoff", "system_content");
  if (const auto it = j.find("channel_config"); it != j.end()) {
    if (!it->is_null()) {
      const Json& ch = need(*it, "valid_channels", "channel_config");
      if (!ch.is_array()) bad_field("channel_config.valid_channels", "must be an array");
      ChannelConfig cc;
      for (const Json& c : ch) cc.valid_channels.push_back(str(c, "valid_channels[]"));
      const Json& req = need(*it, "channel_required", "channel_config");
      if (!req.is_boolean()) bad_field("channel_config.channel_required", "must be a boolean");
      cc.channel_required = req.get<bool>();
      s.channel_config = std::move(cc);
    }
  }
  s.tools = opt_namespaces(j);
  return s;
}

Content content_from(const Json& j) {
  if (!j.is_object()) bad_field("content item", "must be an object");
  const std::string type = str(need(j, "type", "content item"), "content item type");
  if (type == "text") return TextContent{str(need(j, "text", "text content"), "text")};
  if (type == "system_content") return system_from(j);
  if (type == "developer_content") {
    return DeveloperContent{opt_str(j, "instructions", "developer_content"), opt_namespaces(j)};
  }
  bad_field("content item",
            "has unknown type \"" + type + "\" (text, system_content or developer_content)");
}

Message message_from(const Json& j) {
  if (!j.is_object()) bad_field("message", "must be an object");
  Message m;
  const std::string role = str(need(j, "role", "message"), "role");
  const auto r = role_from_name(role);
  if (!r) bad_field("role", "\"" + role + "\" is not user, assistant, system, developer or tool");
  m.author = Author{*r, opt_str(j, "name", "message")};
  const Json& content = need(j, "content", "message");
  if (content.is_string()) {
    m.content.emplace_back(TextContent{content.get<std::string>()});
  } else if (content.is_array()) {
    for (const Json& c : content) m.content.push_back(content_from(c));
  } else {
    bad_field("content", "must be an array of content items or a string");
  }
  m.channel = opt_str(j, "channel", "message");
  m.recipient = opt_str(j, "recipient", "message");
  m.content_type = opt_str(j, "content_type", "message");
  return m;
}

std::vector<Message> messages_from(const Json& j) {
  if (!j.is_array()) bad_field("messages", "must be an array");
  std::vector<Message> out;
  for (const Json& m : j) out.push_back(message_from(m));
  return out;
}

}  // namespace

std::string to_json(const Message& message) { return message_json(message).dump(); }

std::string to_json(const Conversation& conversation) {
  Json msgs = Json::array();
  for (const Message& m : conversation.messages) msgs.push_back(message_json(m));
  return Json{{"messages", std::move(msgs)}}.dump();
}

std::string messages_to_json(std::span<const Message> messages) {
  Json msgs = Json::array();
  for (const Message& m : messages) msgs.push_back(message_json(m));
  return msgs.dump();
}

Message message_from_json(std::string_view json) { return message_from(parse(json)); }

Conversation conversation_from_json(std::string_view json) {
  const Json j = parse(json);
  if (!j.is_object()) bad_field("conversation", "must be an object with \"messages\"");
  return Conversation{messages_from(need(j, "messages", "conversation"))};
}

std::vector<Message> messages_from_json(std::string_view json) {
  return messages_from(parse(json));
}

Conversation conversation_or_messages_from_json(std::string_view json) {
  const Json j = parse(json);
  if (j.is_array()) return Conversation{messages_from(j)};
  if (!j.is_object()) {
    bad_field("conversation", "must be an object with \"messages\" or an array of messages");
  }
  return Conversation{messages_from(need(j, "messages", "conversation"))};
}

}  // namespace airtok::harmony
