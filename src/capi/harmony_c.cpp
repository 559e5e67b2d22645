// The C API of the harmony format (the "harmony" section of airtok.h): a thin layer over
// airtok/harmony.hpp and airtok/harmony_json.hpp, with the conventions of airtok_c.cpp.
#include "capi/capi_internal.hpp"

#include <airtok/airtok.h>
#include <airtok/harmony.hpp>
#include <airtok/harmony_json.hpp>

#include <span>
#include <string_view>

struct airtok_harmony_encoding {
  const airtok::harmony::HarmonyEncoding* encoding;
};

struct airtok_harmony_parser {
  airtok::harmony::StreamableParser parser;
};

namespace {

using airtok::capi::guarded;
using airtok::capi::misuse;
using namespace airtok::harmony;

const HarmonyEncoding& checked(const airtok_harmony_encoding* enc, const char* function) {
  if (enc == nullptr) misuse(function, "the harmony encoding handle is NULL");
  return *enc->encoding;
}

StreamableParser& checked(airtok_harmony_parser* p, const char* function) {
  if (p == nullptr) misuse(function, "the parser is NULL");
  return p->parser;
}

const StreamableParser& checked(const airtok_harmony_parser* p, const char* function) {
  if (p == nullptr) misuse(function, "the parser is NULL");
  return p->parser;
}

std::string_view checked_json(const char* json, size_t len, const char* function) {
  if (json == nullptr) misuse(function, "json is NULL");
  return {json, len};
}

std::optional<Role> optional_role(const char* role, const char* function) {
  if (role == nullptr) return std::nullopt;
  const auto r = role_from_name(role);
  if (!r) misuse(function, "role must be user, assistant, system, developer or tool");
  return r;
}

std::span<const airtok::Rank> checked_tokens(const uint32_t* tokens, size_t n,
                                             const char* function) {
  if (tokens == nullptr && n != 0) misuse(function, "tokens is NULL but n is not 0");
  return {tokens, n};
}

}  // namespace

extern "C" const airtok_harmony_encoding* airtok_harmony_load(const char* name) {
  return guarded<const airtok_harmony_encoding*>(nullptr, [&] {
    if (name == nullptr) misuse("airtok_harmony_load", "name is NULL");
    const HarmonyEncoding& e = load_harmony_encoding(name);  // throws for any other name
    static const airtok_harmony_encoding handle{&e};
    return &handle;
  });
}

extern "C" size_t airtok_harmony_render(const airtok_harmony_encoding* enc, const char* json,
                                        size_t len, int mode, const char* next_role,
                                        int auto_drop_analysis, uint32_t* out, size_t cap) {
  return guarded<size_t>(AIRTOK_ERROR, [&] {
    constexpr const char* kFunction = "airtok_harmony_render";
    const HarmonyEncoding& e = checked(enc, kFunction);
    const Conversation convo = conversation_from_json(checked_json(json, len, kFunction));
    const RenderConversationConfig config{auto_drop_analysis != 0};
    switch (mode) {
      case AIRTOK_HARMONY_RENDER_CONVERSATION:
        return airtok::capi::put_ids(e.render_conversation(convo, config), out, cap, kFunction);
      case AIRTOK_HARMONY_RENDER_TRAINING:
        return airtok::capi::put_ids(e.render_conversation_for_training(convo, config), out, cap,
                                     kFunction);
      case AIRTOK_HARMONY_RENDER_COMPLETION: {
        const auto role = optional_role(next_role, kFunction);
        if (!role) misuse(kFunction, "next_role is required for AIRTOK_HARMONY_RENDER_COMPLETION");
        return airtok::capi::put_ids(e.render_conversation_for_completion(convo, *role, config),
                                     out, cap, kFunction);
      }
      default:
        misuse(kFunction, "mode must be an AIRTOK_HARMONY_RENDER_* value");
    }
  });
}

extern "C" size_t airtok_harmony_render_message(const airtok_harmony_encoding* enc,
                                                const char* json, size_t len,
                                                int conversation_has_function_tools, uint32_t* out,
                                                size_t cap) {
  return guarded<size_t>(AIRTOK_ERROR, [&] {
    constexpr const char* kFunction = "airtok_harmony_render_message";
    const HarmonyEncoding& e = checked(enc, kFunction);
    const Message m = message_from_json(checked_json(json, len, kFunction));
    return airtok::capi::put_ids(e.render(m, RenderOptions{conversation_has_function_tools != 0}),
                                 out, cap, kFunction);
  });
}

extern "C" size_t airtok_harmony_parse(const airtok_harmony_encoding* enc, const uint32_t* tokens,
                                       size_t n, const char* role, int strict, char* buf,
                                       size_t cap) {
  return guarded<size_t>(AIRTOK_ERROR, [&] {
    constexpr const char* kFunction = "airtok_harmony_parse";
    if (buf == nullptr && cap != 0) misuse(kFunction, "buf is NULL but cap is not 0");
    if (cap != 0) buf[0] = '\0';
    const HarmonyEncoding& e = checked(enc, kFunction);
    const auto messages = e.parse_messages_from_completion_tokens(
        checked_tokens(tokens, n, kFunction), optional_role(role, kFunction),
        ParseOptions{strict != 0});
    return airtok::capi::put_text(messages_to_json(messages), buf, cap, kFunction);
  });
}

extern "C" size_t airtok_harmony_stop_tokens(const airtok_harmony_encoding* enc,
                                             int for_assistant_actions, uint32_t* out, size_t cap) {
  return guarded<size_t>(AIRTOK_ERROR, [&] {
    constexpr const char* kFunction = "airtok_harmony_stop_tokens";
    const HarmonyEncoding& e = checked(enc, kFunction);
    return airtok::capi::put_ids(
        for_assistant_actions != 0 ? e.stop_tokens_for_assistant_actions() : e.stop_tokens(), out,
        cap, kFunction);
  });
}

extern "C" airtok_harmony_parser* airtok_harmony_parser_new(const airtok_harmony_encoding* enc,
                                                            const char* role, int strict) {
  return guarded<airtok_harmony_parser*>(nullptr, [&] {
    constexpr const char* kFunction = "airtok_harmony_parser_new";
    const HarmonyEncoding& e = checked(enc, kFunction);
    return new airtok_harmony_parser{
        StreamableParser(e, optional_role(role, kFunction), ParseOptions{strict != 0})};
  });
}

extern "C" void airtok_harmony_parser_free(airtok_harmony_parser* parser) { delete parser; }

extern "C" int airtok_harmony_parser_process(airtok_harmony_parser* parser, uint32_t token) {
  return guarded<int>(-1, [&] {
    checked(parser, "airtok_harmony_parser_process").process(token);
    return 0;
  });
}

extern "C" int airtok_harmony_parser_process_eos(airtok_harmony_parser* parser) {
  return guarded<int>(-1, [&] {
    checked(parser, "airtok_harmony_parser_process_eos").process_eos();
    return 0;
  });
}

extern "C" int airtok_harmony_parser_state(const airtok_harmony_parser* parser) {
  return guarded<int>(-1, [&] {
    switch (checked(parser, "airtok_harmony_parser_state").state()) {
      case StreamState::kExpectStart:
        return AIRTOK_HARMONY_EXPECT_START;
      case StreamState::kHeader:
        return AIRTOK_HARMONY_HEADER;
      case StreamState::kContent:
        return AIRTOK_HARMONY_CONTENT;
    }
    return -1;
  });
}

extern "C" size_t airtok_harmony_parser_get(const airtok_harmony_parser* parser, int field,
                                            char* buf, size_t cap) {
  return guarded<size_t>(AIRTOK_ERROR, [&] {
    constexpr const char* kFunction = "airtok_harmony_parser_get";
    const StreamableParser& p = checked(parser, kFunction);
    std::optional<std::string> value;
    switch (field) {
      case AIRTOK_HARMONY_FIELD_ROLE:
        if (const auto r = p.current_role()) value = std::string(role_name(*r));
        break;
      case AIRTOK_HARMONY_FIELD_CHANNEL:
        value = p.current_channel();
        break;
      case AIRTOK_HARMONY_FIELD_RECIPIENT:
        value = p.current_recipient();
        break;
      case AIRTOK_HARMONY_FIELD_CONTENT_TYPE:
        value = p.current_content_type();
        break;
      case AIRTOK_HARMONY_FIELD_CONTENT:
        value = p.current_content();
        break;
      case AIRTOK_HARMONY_FIELD_LAST_DELTA:
        value = p.last_content_delta();
        break;
      default:
        misuse(kFunction, "field must be an AIRTOK_HARMONY_FIELD_* value");
    }
    return airtok::capi::put_text(value.value_or(""), buf, cap, kFunction);
  });
}

extern "C" size_t airtok_harmony_parser_messages(const airtok_harmony_parser* parser, char* buf,
                                                 size_t cap) {
  return guarded<size_t>(AIRTOK_ERROR, [&] {
    constexpr const char* kFunction = "airtok_harmony_parser_messages";
    return airtok::capi::put_text(messages_to_json(checked(parser, kFunction).messages()), buf, cap,
                                  kFunction);
  });
}
