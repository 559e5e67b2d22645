// render.cpp — messages and conversations to tokens (openai-harmony's Render impls).
//
// Each header part is encoded on its own with encode_ordinary (role, ":name", " to=...",
// channel, " content-type"), and the formatting tokens are inserted as ids, exactly as the
// upstream renderer does; so text that looks like a special token is never one.
#include "harmony/harmony_internal.hpp"

#include <utility>

namespace airtok::harmony {

namespace {

using detail::join;
using detail::kChannel;
using detail::kConstrainText;

class Renderer {
 public:
  Renderer(const Encoding& tokenizer, std::vector<Rank>& out) : tok_(tokenizer), out_(out) {}
  void text(std::string_view s) {
    if (s.empty()) return;
    const std::vector<Rank> ids = tok_.encode_ordinary(s);
    out_.insert(out_.end(), ids.begin(), ids.end());
  }
  void token(Rank t) { out_.push_back(t); }

 private:
  const Encoding& tok_;
  std::vector<Rank>& out_;
};

std::string_view effort_name(ReasoningEffort e) {
  switch (e) {
    case ReasoningEffort::Low:
      return "low";
    case ReasoningEffort::Medium:
      return "medium";
    case ReasoningEffort::High:
      return "high";
  }
  return "medium";
}

std::string channels_line(const ChannelConfig& cc, const RenderOptions& options) {
  std::string line = "# Valid channels: " + join(cc.valid_channels, ", ") + ".";
  if (cc.channel_required) line += " Channel must be included for every message.";
  if (options.conversation_has_function_tools) {
    line += "\nCalls to these tools must go to the commentary channel: 'functions'.";
  }
  return line;
}

// Identity and dates, reasoning, tools, channels: sections joined by blank lines.
std::string system_text(const SystemContent& sys, const RenderOptions& options) {
  std::vector<std::string> sections;
  std::vector<std::string> top;
  if (sys.model_identity) top.push_back(*sys.model_identity);
  if (sys.knowledge_cutoff) top.push_back("Knowledge cutoff: " + *sys.knowledge_cutoff);
  if (sys.conversation_start_date) top.push_back("Current date: " + *sys.conversation_start_date);
  if (!top.empty()) sections.push_back(join(top, "\n"));
  if (sys.reasoning_effort) {
    sections.push_back("Reasoning: " + std::string(effort_name(*sys.reasoning_effort)));
  }
  if (sys.tools && !sys.tools->empty()) sections.push_back(detail::tools_section(*sys.tools));
  if (sys.channel_config && !sys.channel_config->valid_channels.empty()) {
    sections.push_back(channels_line(*sys.channel_config, options));
  }
  return join(sections, "\n\n");
}

std::string developer_text(const DeveloperContent& dev) {
  std::vector<std::string> sections;
  if (dev.instructions) {
    sections.emplace_back("# Instructions");
    sections.push_back(*dev.instructions);
  }
  if (dev.tools && !dev.tools->empty()) sections.push_back(detail::tools_section(*dev.tools));
  return join(sections, "\n\n");
}

void render_header(const Message& m, Renderer& r) {
  if (m.author.role == Role::Tool) {
    if (!m.author.name) {
      throw HarmonyError(
          "Tools should have a name! A Role::Tool message renders its author's name as the "
          "header; set Author::name (e.g. \"functions.get_weather\")");
    }
    r.text(*m.author.name);
  } else {
    r.text(role_name(m.author.role));
    if (m.author.name) r.text(":" + *m.author.name);
  }
  if (m.recipient && *m.recipient != "all") r.text(" to=" + *m.recipient);
  if (m.channel) {
    r.token(kChannel);
    r.text(*m.channel);
  }
  if (m.content_type) {
    const std::string_view ct = *m.content_type;
    if (ct.starts_with(kConstrainText)) {
      r.text(" ");
      r.token(detail::kConstrain);
      r.text(ct.substr(kConstrainText.size()));
    } else {
      r.text(" " + *m.content_type);
    }
  }
}

void render_content(const Message& m, const Content& c, const RenderOptions& options, Renderer& r) {
  if (const auto* text = std::get_if<TextContent>(&c)) {
    r.text(text->text);
  } else if (const auto* sys = std::get_if<SystemContent>(&c)) {
    if (m.author.role != Role::System) {
      throw HarmonyError("SystemContent may only appear in system messages, found in a " +
                         std::string(role_name(m.author.role)) + " message");
    }
    r.text(system_text(*sys, options));
  } else {
    if (m.author.role != Role::Developer) {
      throw HarmonyError("DeveloperContent may only appear in developer messages, found in a " +
                         std::string(role_name(m.author.role)) + " message");
    }
    r.text(developer_text(std::get<DeveloperContent>(c)));
  }
}

void render_message(const Encoding& tok, const Message& m, const RenderOptions& options,
                    std::vector<Rank>& out) {
  Renderer r(tok, out);
  r.token(detail::kStart);
  render_header(m, r);
  r.token(detail::kMessage);
  for (const Content& c : m.content) render_content(m, c, options, r);
  const bool tool_call = m.author.role == Role::Assistant && m.recipient.has_value();
  r.token(tool_call ? detail::kCall : detail::kEnd);
}

bool has_function_tools(const Conversation& conversation) {
  for (const Message& m : conversation.messages) {
    for (const Content& c : m.content) {
      const auto* dev = std::get_if<DeveloperContent>(&c);
      if (dev == nullptr || !dev->tools) continue;
      const auto it = dev->tools->find("functions");
      if (it != dev->tools->end() && !it->second.tools.empty()) return true;
    }
  }
  return false;
}

bool is_final(const Message& m) { return m.channel && *m.channel == "final"; }

// Which messages auto_drop_analysis leaves out: when the last assistant message is final,
// the analysis messages before the first final message (openai-harmony's rule, which keeps
// the chain of thought of a turn still in progress, e.g. around tool calls).
std::vector<bool> dropped_messages(const Conversation& conversation,
                                   const RenderConversationConfig& config) {
  const auto& msgs = conversation.messages;
  std::vector<bool> dropped(msgs.size(), false);
  if (!config.auto_drop_analysis) return dropped;
  bool last_assistant_final = false;
  for (auto it = msgs.rbegin(); it != msgs.rend(); ++it) {
    if (it->author.role == Role::Assistant) {
      last_assistant_final = is_final(*it);
      break;
    }
  }
  if (!last_assistant_final) return dropped;
  for (std::size_t i = 0; i < msgs.size() && !is_final(msgs[i]); ++i) {
    dropped[i] = msgs[i].channel && *msgs[i].channel == "analysis";
  }
  return dropped;
}

}  // namespace

std::vector<Rank> HarmonyEncoding::render(const Message& message,
                                          const RenderOptions& options) const {
  std::vector<Rank> out;
  render_message(tokenizer(), message, options, out);
  return out;
}

std::vector<Rank> HarmonyEncoding::render_conversation(
    const Conversation& conversation, const RenderConversationConfig& config) const {
  const RenderOptions options{has_function_tools(conversation)};
  const std::vector<bool> dropped = dropped_messages(conversation, config);
  std::vector<Rank> out;
  for (std::size_t i = 0; i < conversation.messages.size(); ++i) {
    if (!dropped[i]) render_message(tokenizer(), conversation.messages[i], options, out);
  }
  return out;
}

std::vector<Rank> HarmonyEncoding::render_conversation_for_completion(
    const Conversation& conversation, Role next_turn_role,
    const RenderConversationConfig& config) const {
  std::vector<Rank> out = render_conversation(conversation, config);
  out.push_back(detail::kStart);
  Renderer(tokenizer(), out).text(role_name(next_turn_role));
  return out;
}

std::vector<Rank> HarmonyEncoding::render_conversation_for_training(
    const Conversation& conversation, const RenderConversationConfig& config) const {
  std::vector<Rank> out = render_conversation(conversation, config);
  const auto& msgs = conversation.messages;
  if (!msgs.empty() && msgs.back().author.role == Role::Assistant && is_final(msgs.back()) &&
      !out.empty()) {
    out.back() = detail::kReturn;
  }
  return out;
}

}  // namespace airtok::harmony
