// types.cpp — the value types' names and builders (openai-harmony's chat.rs API shape).
#include <airtok/harmony.hpp>

#include <array>
#include <utility>

namespace airtok::harmony {

namespace {
constexpr std::array<std::pair<Role, std::string_view>, 5> kRoleNames{{
    {Role::User, "user"},
    {Role::Assistant, "assistant"},
    {Role::System, "system"},
    {Role::Developer, "developer"},
    {Role::Tool, "tool"},
}};
}  // namespace

std::string_view role_name(Role role) noexcept {
  for (const auto& [r, name] : kRoleNames) {
    if (r == role) return name;
  }
  return "user";
}

std::optional<Role> role_from_name(std::string_view name) noexcept {
  for (const auto& [r, n] : kRoleNames) {
    if (n == name) return r;
  }
  return std::nullopt;
}

ChannelConfig ChannelConfig::require_channels(std::vector<std::string> channels) {
  return ChannelConfig{std::move(channels), true};
}

SystemContent& SystemContent::with_model_identity(std::string v) {
  model_identity = std::move(v);
  return *this;
}
SystemContent& SystemContent::with_reasoning_effort(ReasoningEffort v) {
  reasoning_effort = v;
  return *this;
}
SystemContent& SystemContent::with_conversation_start_date(std::string v) {
  conversation_start_date = std::move(v);
  return *this;
}
SystemContent& SystemContent::with_knowledge_cutoff(std::string v) {
  knowledge_cutoff = std::move(v);
  return *this;
}
SystemContent& SystemContent::with_channel_config(ChannelConfig v) {
  channel_config = std::move(v);
  return *this;
}
SystemContent& SystemContent::with_required_channels(std::vector<std::string> channels) {
  channel_config = ChannelConfig::require_channels(std::move(channels));
  return *this;
}
SystemContent& SystemContent::with_tools(ToolNamespaceConfig ns) {
  if (!tools) tools.emplace();
  std::string key = ns.name;
  (*tools)[std::move(key)] = std::move(ns);
  return *this;
}
SystemContent& SystemContent::with_browser_tool() {
  return with_tools(ToolNamespaceConfig::browser());
}
SystemContent& SystemContent::with_python_tool() {
  return with_tools(ToolNamespaceConfig::python());
}

DeveloperContent& DeveloperContent::with_instructions(std::string v) {
  instructions = std::move(v);
  return *this;
}
DeveloperContent& DeveloperContent::with_tools(ToolNamespaceConfig ns) {
  if (!tools) tools.emplace();
  std::string key = ns.name;
  (*tools)[std::move(key)] = std::move(ns);
  return *this;
}
DeveloperContent& DeveloperContent::with_function_tools(std::vector<ToolDescription> fns) {
  return with_tools(ToolNamespaceConfig{"functions", std::nullopt, std::move(fns)});
}

Message Message::from_author_and_content(Author author, Content content) {
  Message m;
  m.author = std::move(author);
  m.content.push_back(std::move(content));
  return m;
}
Message Message::from_author_and_content(Author author, std::string text) {
  return from_author_and_content(std::move(author), Content{TextContent{std::move(text)}});
}
Message Message::from_role_and_content(Role role, Content content) {
  return from_author_and_content(Author{role, std::nullopt}, std::move(content));
}
Message Message::from_role_and_content(Role role, std::string text) {
  return from_role_and_content(role, Content{TextContent{std::move(text)}});
}
Message Message::from_role_and_content(Role role, const char* text) {
  return from_role_and_content(role, std::string(text));
}
Message& Message::adding_content(Content c) {
  content.push_back(std::move(c));
  return *this;
}
Message& Message::with_channel(std::string v) {
  channel = std::move(v);
  return *this;
}
Message& Message::with_recipient(std::string v) {
  recipient = std::move(v);
  return *this;
}
Message& Message::with_content_type(std::string v) {
  content_type = std::move(v);
  return *this;
}

}  // namespace airtok::harmony
