// encoding.cpp — load_harmony_encoding and HarmonyEncoding's non-rendering calls.
#include "harmony/harmony_internal.hpp"

#include <airtok/registry.hpp>

#include "core/utf8.hpp"

#include <array>
#include <utility>

namespace airtok::harmony {

namespace {

// The formatting tokens as text and as the ids harmony_internal.hpp fixes.
constexpr std::array<std::pair<std::string_view, Rank>, 7> kFormattingTokens{{
    {"<|start|>", detail::kStart},
    {"<|message|>", detail::kMessage},
    {"<|end|>", detail::kEnd},
    {"<|return|>", detail::kReturn},
    {"<|constrain|>", detail::kConstrain},
    {"<|channel|>", detail::kChannel},
    {"<|call|>", detail::kCall},
}};

std::unique_ptr<detail::HarmonyEncodingData> make_gpt_oss() {
  auto data = std::make_unique<detail::HarmonyEncodingData>();
  data->name = "HarmonyGptOss";
  data->tokenizer_name = "o200k_harmony";
  data->tokenizer = &get_encoding("o200k_harmony");
  // Cheap invariant: each formatting token is one token with the id rendering uses.
  for (const auto& [text, id] : kFormattingTokens) {
    const std::vector<Rank> ids = data->tokenizer->encode(text, SpecialSet::all());
    if (ids.size() != 1 || ids[0] != id) {
      throw HarmonyError("internal: formatting token " + std::string(text) +
                         " does not encode to " + std::to_string(id));
    }
  }
  return data;
}

}  // namespace

HarmonyEncoding::HarmonyEncoding(std::unique_ptr<detail::HarmonyEncodingData> data)
    : data_(std::move(data)) {}
HarmonyEncoding::~HarmonyEncoding() = default;

const std::string& HarmonyEncoding::name() const noexcept { return data_->name; }
const std::string& HarmonyEncoding::tokenizer_name() const noexcept {
  return data_->tokenizer_name;
}
std::size_t HarmonyEncoding::max_message_tokens() const noexcept {
  constexpr std::size_t kContext = 1'048'576;  // 2^20, openai-harmony's n_ctx
  constexpr std::size_t kMaxAction = 524'288;  // 2^19, its max_action_length
  return kContext - kMaxAction;
}
const Encoding& HarmonyEncoding::tokenizer() const noexcept { return *data_->tokenizer; }

std::vector<Rank> HarmonyEncoding::stop_tokens() const {
  return {detail::kReturn, detail::kEnd, detail::kCall};
}
std::vector<Rank> HarmonyEncoding::stop_tokens_for_assistant_actions() const {
  return {detail::kReturn, detail::kCall};
}

std::string HarmonyEncoding::decode_bytes(std::span<const Rank> tokens) const {
  return detail::decode_tokens(tokenizer(), tokens);
}

std::string HarmonyEncoding::decode_utf8(std::span<const Rank> tokens) const {
  std::string bytes = decode_bytes(tokens);
  const std::size_t valid = airtok::detail::utf8_valid_up_to(bytes);
  if (valid != bytes.size()) {
    throw HarmonyError("Invalid utf-8: the tokens' bytes are not UTF-8 from byte " +
                       std::to_string(valid) + " on; decode with replacement instead");
  }
  return bytes;
}

bool HarmonyEncoding::is_special_token(Rank token) const noexcept {
  return token >= detail::kFirstSpecial && token <= detail::kLastSpecial;
}

std::vector<Message> HarmonyEncoding::parse_messages_from_completion_tokens(
    std::span<const Rank> tokens, std::optional<Role> role, ParseOptions options) const {
  StreamableParser parser(*this, role, options);
  for (const Rank t : tokens) parser.process(t);
  parser.process_eos();
  return parser.messages();
}

const HarmonyEncoding& load_harmony_encoding(std::string_view name) {
  if (name != "HarmonyGptOss") {
    throw HarmonyError("Invalid HarmonyEncodingName: " + std::string(name) +
                       " (the only harmony encoding is \"HarmonyGptOss\")");
  }
  static const HarmonyEncoding gpt_oss = detail::HarmonyEncodingAccess::make(make_gpt_oss());
  return gpt_oss;
}

}  // namespace airtok::harmony
