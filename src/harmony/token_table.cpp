// token_table.cpp — decoding under openai-harmony's own special-token table.
//
// Harmony's gpt-oss tokenizer (src/tiktoken_ext/public_encodings.rs there) has o200k_base's
// ranks for ids below 199998, the sixteen tokens 199998..=200013 listed below, and
// `<|reserved_N|>` for every N in 200014..=201088. tiktoken's o200k_harmony differs in two
// ids (200018 is <|endofprompt|> there, and 201088 does not exist), so decoding goes through
// this table instead of the tokenizer's specials.
#include "harmony/harmony_internal.hpp"

#include <array>

namespace airtok::harmony::detail {

namespace {

constexpr std::array<std::string_view, 16> kNamed{
    "<|startoftext|>",      // 199998
    "<|endoftext|>",        // 199999
    "<|reserved_200000|>",  // 200000
    "<|reserved_200001|>",  // 200001
    "<|return|>",           // 200002
    "<|constrain|>",        // 200003
    "<|reserved_200004|>",  // 200004
    "<|channel|>",          // 200005
    "<|start|>",            // 200006
    "<|end|>",              // 200007
    "<|message|>",          // 200008
    "<|reserved_200009|>",  // 200009
    "<|reserved_200010|>",  // 200010
    "<|reserved_200011|>",  // 200011
    "<|call|>",             // 200012
    "<|reserved_200013|>",  // 200013
};
static_assert(kFirstSpecial + kNamed.size() == 200014);

}  // namespace

bool append_token_bytes(const Encoding& tokenizer, Rank token, std::string& out) {
  if (token >= kFirstSpecial) {
    if (token > kLastSpecial) return false;
    if (token - kFirstSpecial < kNamed.size()) {
      out += kNamed[token - kFirstSpecial];
    } else {
      out += "<|reserved_" + std::to_string(token) + "|>";
    }
    return true;
  }
  // Every id below 199998 is one of o200k_base's mergeable tokens.
  out += tokenizer.decode_single_token_bytes(token);
  return true;
}

std::string decode_tokens(const Encoding& tokenizer, std::span<const Rank> tokens) {
  std::string out;
  for (const Rank t : tokens) {
    if (!append_token_bytes(tokenizer, t, out)) {
      throw HarmonyError("Invalid token for decoding: " + std::to_string(t) +
                         " (harmony's token ids are 0..=201088)");
    }
  }
  return out;
}

}  // namespace airtok::harmony::detail
