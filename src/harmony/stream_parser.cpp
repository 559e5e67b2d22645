// stream_parser.cpp — openai-harmony's StreamableParser: a completion, one token at a time.
//
// States: ExpectStart (until <|start|>), Header (tokens up to <|message|>), Content (until a
// stop token: <|end|>, <|return|> or <|call|>). Content is kept as text; upstream keeps it as
// the re-encoded tokens of the same text, which decode back to it exactly, so the messages are
// the same. Bytes of a character split across tokens wait in `undecoded_bytes`, bytes that can
// never be UTF-8 become U+FFFD, one invalid sequence per token, as upstream does.
#include "harmony/harmony_internal.hpp"

#include "core/utf8.hpp"

#include <utility>

namespace airtok::harmony {

namespace detail {

struct StreamParserState {
  const HarmonyEncoding* encoding = nullptr;
  ParseOptions options;
  std::optional<Role> next_role;
  std::vector<Rank> tokens;
  std::vector<Message> messages;
  StreamState state = StreamState::kExpectStart;
  std::vector<Rank> header_tokens;
  ParsedHeader header;
  std::string content;
  std::optional<std::string> last_content_delta;
  std::vector<Rank> undecoded_tokens;  // from the first id that is not a token on
  std::string undecoded_bytes;
};

}  // namespace detail

namespace {

using detail::StreamParserState;

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Rust's Utf8Error::error_len for bytes that start with an invalid sequence: the length of
// the maximal invalid prefix (1 to 3), or 0 ("None") when the bytes are the start of a
// character cut short by the end of the buffer.
std::size_t utf8_error_len(std::string_view s) {
  const auto b0 = static_cast<unsigned char>(s[0]);
  std::size_t need = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 1;
  }
  for (std::size_t k = 1; k <= need; ++k) {
    if (k >= s.size()) return 0;  // cut short: wait for more bytes
    const auto b = static_cast<unsigned char>(s[k]);
    const bool ok = k == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
    if (!ok) return k;
  }
  return 0;  // unreachable for bytes that start with an invalid sequence
}

std::string header_text(const StreamParserState& s, std::span<const Rank> tokens) {
  std::string bytes;
  for (const Rank t : tokens) {
    if (!detail::append_token_bytes(s.encoding->tokenizer(), t, bytes)) {
      throw HarmonyError("could not decode header: Invalid token for decoding: " +
                         std::to_string(t));
    }
  }
  if (airtok::detail::utf8_valid_up_to(bytes) != bytes.size()) {
    throw HarmonyError("could not decode header: Invalid utf-8 in the header's bytes");
  }
  return bytes;
}

void finish_message(StreamParserState& s) {
  std::string text = std::move(s.content);
  if (!s.undecoded_tokens.empty()) text += kReplacement;
  airtok::detail::append_utf8_replacing(s.undecoded_bytes, text);
  Message m;
  m.author = s.header.author;
  m.recipient = s.header.recipient;
  m.channel = s.header.channel;
  m.content_type = s.header.content_type;
  m.content.emplace_back(TextContent{std::move(text)});
  s.messages.push_back(std::move(m));
  s.state = StreamState::kExpectStart;
  s.content.clear();
  s.last_content_delta.reset();
  s.undecoded_tokens.clear();
  s.undecoded_bytes.clear();
}

// The decoded bytes so far, minus what cannot be text yet, go to the content.
void take_decoded(StreamParserState& s) {
  std::string& ub = s.undecoded_bytes;
  const std::size_t valid = airtok::detail::utf8_valid_up_to(ub);
  if (valid == ub.size()) {
    s.content += ub;
    s.last_content_delta = std::move(ub);
    ub.clear();
    return;
  }
  std::string delta = ub.substr(0, valid);
  ub.erase(0, valid);
  if (const std::size_t bad = utf8_error_len(ub); bad > 0) {
    delta += kReplacement;
    ub.erase(0, bad);
  } else {
    s.last_content_delta.reset();
  }
  s.content += delta;
  if (!delta.empty()) s.last_content_delta = std::move(delta);
}

void content_token(StreamParserState& s, Rank token) {
  if (detail::is_stop_token(token)) {
    finish_message(s);
    return;
  }
  // Upstream retries decoding every held token after each new one; held tokens always include
  // an id that is not a token, so that never succeeds. Holding them without retrying gives the
  // same result in linear time.
  if (!s.undecoded_tokens.empty() ||
      !detail::append_token_bytes(s.encoding->tokenizer(), token, s.undecoded_bytes)) {
    s.undecoded_tokens.push_back(token);
    s.last_content_delta.reset();
    return;
  }
  take_decoded(s);
}

void begin_content(StreamParserState& s) {
  const std::string text = header_text(s, s.header_tokens);
  detail::HeaderParse parsed = detail::parse_header_text(text, s.next_role, true);
  if (parsed.remaining) {
    throw HarmonyError("unexpected tokens remaining in message header: \"" + *parsed.remaining +
                       "\" (header \"" + text + "\")");
  }
  s.header = std::move(parsed.header);
  s.next_role.reset();
  s.header_tokens.clear();
  s.content.clear();
  s.state = StreamState::kContent;
}

// Lenient mode: a stop token inside the first header ends a malformed message, whose header
// words after the channel become its text.
void header_stop(StreamParserState& s) {
  if (s.next_role && !s.header_tokens.empty()) {
    const std::string text = header_text(s, s.header_tokens);
    detail::HeaderParse parsed = detail::parse_header_text(text, s.next_role, false);
    Message m;
    m.author = parsed.header.author;
    m.recipient = parsed.header.recipient;
    m.channel = parsed.header.channel;
    m.content_type = parsed.header.content_type;
    m.content.emplace_back(TextContent{parsed.remaining.value_or("")});
    s.messages.push_back(std::move(m));
  }
  s.header_tokens.clear();
  s.state = StreamState::kExpectStart;
  s.next_role.reset();
}

void header_token(StreamParserState& s, Rank token) {
  if (token == detail::kMessage) {
    begin_content(s);
  } else if (!s.options.strict && detail::is_stop_token(token)) {
    header_stop(s);
  } else {
    s.header_tokens.push_back(token);
  }
}

}  // namespace

StreamableParser::StreamableParser(const HarmonyEncoding& encoding, std::optional<Role> role,
                                   ParseOptions options)
    : s_(std::make_unique<StreamParserState>()) {
  s_->encoding = &encoding;
  s_->options = options;
  s_->next_role = role;
  s_->state = role ? StreamState::kHeader : StreamState::kExpectStart;
}

StreamableParser::StreamableParser(StreamableParser&&) noexcept = default;
StreamableParser& StreamableParser::operator=(StreamableParser&&) noexcept = default;
StreamableParser::~StreamableParser() = default;

StreamableParser& StreamableParser::process(Rank token) {
  StreamParserState& s = *s_;
  s.tokens.push_back(token);
  switch (s.state) {
    case StreamState::kExpectStart:
      if (token != detail::kStart) {
        throw HarmonyError("Unexpected token " + std::to_string(token) +
                           " while expecting start token " + std::to_string(detail::kStart) +
                           " (<|start|>); a completion parsed without a role must begin with "
                           "<|start|>, and every message after a stop token too");
      }
      s.header_tokens.clear();
      s.state = StreamState::kHeader;
      break;
    case StreamState::kHeader:
      header_token(s, token);
      break;
    case StreamState::kContent:
      content_token(s, token);
      break;
  }
  return *this;
}

StreamableParser& StreamableParser::process_eos() {
  StreamParserState& s = *s_;
  if (s.state == StreamState::kHeader) {
    throw HarmonyError(
        "Unexpected EOS while waiting for message header to complete (no <|message|> token "
        "after the header)");
  }
  if (s.state == StreamState::kContent) finish_message(s);
  return *this;
}

const std::string& StreamableParser::current_content() const noexcept {
  static const std::string kNone;
  return s_->state == StreamState::kContent ? s_->content : kNone;
}

std::optional<Role> StreamableParser::current_role() const {
  if (s_->state == StreamState::kContent) return s_->header.author.role;
  return s_->next_role;
}

std::optional<std::string> StreamableParser::current_channel() const {
  if (s_->state == StreamState::kContent) return s_->header.channel;
  return std::nullopt;
}

std::optional<std::string> StreamableParser::current_recipient() const {
  if (s_->state == StreamState::kContent) return s_->header.recipient;
  return std::nullopt;
}

std::optional<std::string> StreamableParser::current_content_type() const {
  if (s_->state == StreamState::kContent) return s_->header.content_type;
  return std::nullopt;
}

std::optional<std::string> StreamableParser::last_content_delta() const {
  return s_->last_content_delta;
}

const std::vector<Message>& StreamableParser::messages() const noexcept { return s_->messages; }
const std::vector<Rank>& StreamableParser::tokens() const noexcept { return s_->tokens; }
const std::vector<Rank>& StreamableParser::header_tokens() const noexcept {
  static const std::vector<Rank> kNone;
  return s_->state == StreamState::kHeader ? s_->header_tokens : kNone;
}
StreamState StreamableParser::state() const noexcept { return s_->state; }

}  // namespace airtok::harmony
