// harmony_internal.hpp — what the harmony files share: the formatting tokens' ids, harmony's
// own special-token table, and the data behind a HarmonyEncoding.
#pragma once

#include <airtok/encoding.hpp>
#include <airtok/harmony.hpp>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace airtok::harmony::detail {

// The formatting tokens of openai-harmony's HarmonyGptOss mapping (src/registry.rs there) and
// their ids in harmony's table (src/tiktoken_ext/public_encodings.rs). load_harmony_encoding
// checks each against the tokenizer once, so a wrong id here cannot go unnoticed.
inline constexpr Rank kReturn = 200002;     // <|return|>: done sampling (EndMessageDoneSampling)
inline constexpr Rank kConstrain = 200003;  // <|constrain|>: content type marker
inline constexpr Rank kChannel = 200005;    // <|channel|>
inline constexpr Rank kStart = 200006;      // <|start|>
inline constexpr Rank kEnd = 200007;        // <|end|>
inline constexpr Rank kMessage = 200008;    // <|message|>
inline constexpr Rank kCall = 200012;       // <|call|>: assistant to tool

inline constexpr std::string_view kConstrainText = "<|constrain|>";
inline constexpr std::string_view kChannelText = "<|channel|>";

// Harmony's special ids: 199998..=200013 named or reserved, then <|reserved_N|> to 201088.
inline constexpr Rank kFirstSpecial = 199998;
inline constexpr Rank kLastSpecial = 201088;

inline bool is_stop_token(Rank t) noexcept { return t == kReturn || t == kCall || t == kEnd; }

/// `parts` with `sep` between each two.
inline std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

struct HarmonyEncodingData {
  std::string name;
  std::string tokenizer_name;
  const Encoding* tokenizer = nullptr;
};

/// The library's own way into a HarmonyEncoding: its constructor and its data are private, and
/// this struct, their one friend, lives in src/ only.
struct HarmonyEncodingAccess {
  static HarmonyEncoding make(std::unique_ptr<HarmonyEncodingData> data) {
    return HarmonyEncoding(std::move(data));
  }
  static const HarmonyEncodingData& data(const HarmonyEncoding& encoding) noexcept {
    return *encoding.data_;
  }
};

/// Appends the bytes of `token` under harmony's table. Returns false (appending nothing) when
/// `token` is not a token.
bool append_token_bytes(const Encoding& tokenizer, Rank token, std::string& out);

/// The bytes of `tokens`; throws HarmonyError "Invalid token for decoding: N".
std::string decode_tokens(const Encoding& tokenizer, std::span<const Rank> tokens);

/// A parsed message header (openai-harmony's ParsedHeader).
struct ParsedHeader {
  Author author;
  std::optional<std::string> recipient;
  std::optional<std::string> channel;
  std::optional<std::string> content_type;
};

struct HeaderParse {
  ParsedHeader header;
  std::optional<std::string> remaining;  // header words that are not metadata
};

/// openai-harmony's parse_header_from_string: extracts the channel, the role (or a tool's
/// name), the recipient and the content type from a decoded header.
HeaderParse parse_header_text(std::string header, std::optional<Role> role,
                              bool parse_recipient_and_type);

/// The "# Tools" section for these namespaces (system or developer content).
std::string tools_section(const ToolNamespaces& tools);

/// The Rust `str::lines()` of `text`: split at '\n', a trailing '\r' removed from each line, no
/// empty last line for text ending in '\n'.
std::vector<std::string_view> rust_lines(std::string_view text);

}  // namespace airtok::harmony::detail
