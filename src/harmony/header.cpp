// header.cpp — a decoded message header to its author, channel, recipient and content type.
//
// Follows openai-harmony's parse_header_from_string step by step, because completions from
// the model vary in spacing and order ("assistant to=x<|channel|>commentary <|constrain|>json",
// "assistant<|channel|>commentary to=x<|constrain|>json") and every variant must give the same
// message as upstream:
//   1. the first <|channel|> marker and the word after it (up to whitespace or '<') are the
//      channel, cut out of the header;
//   2. the rest is trimmed (Unicode whitespace, Rust's str::trim) and a space is put before
//      each <|constrain|> so that it starts a word;
//   3. words (split at ASCII whitespace): the role (or an unknown word = a tool's name, when
//      more follows), then `to=recipient` and/or a content type, last word first.
#include "harmony/harmony_internal.hpp"

#include "core/utf8.hpp"

namespace airtok::harmony::detail {

namespace {

// Rust's char::is_whitespace (the White_Space property).
bool is_unicode_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

// The code point at s[i] and its length (the header is valid UTF-8; a stray byte counts as
// one non-space character).
unsigned char_at(std::string_view s, std::size_t i, char32_t& cp) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  if (p[i] < 0x80) {
    cp = p[i];
    return 1;
  }
  const unsigned n = airtok::detail::decode_checked_multibyte(p, s.size(), i, cp);
  if (n == 0) {
    cp = 0xFFFD;
    return 1;
  }
  return n;
}

std::string_view trim_unicode(std::string_view s) {
  std::size_t begin = 0;
  while (begin < s.size()) {
    char32_t cp = 0;
    const unsigned n = char_at(s, begin, cp);
    if (!is_unicode_space(cp)) break;
    begin += n;
  }
  std::size_t end = begin;  // end of the last non-space character
  for (std::size_t i = begin; i < s.size();) {
    char32_t cp = 0;
    const unsigned n = char_at(s, i, cp);
    i += n;
    if (!is_unicode_space(cp)) end = i;
  }
  return s.substr(begin, end - begin);
}

// Step 1: returns the channel and removes it with its marker from `header`.
std::optional<std::string> cut_channel(std::string& header) {
  const std::size_t at = header.find(kChannelText);
  if (at == std::string::npos) return std::nullopt;
  const std::size_t value = at + kChannelText.size();
  std::size_t end = value;
  while (end < header.size()) {
    char32_t cp = 0;
    const unsigned n = char_at(header, end, cp);
    if (cp == '<' || is_unicode_space(cp)) break;
    end += n;
  }
  if (end == value) {
    throw HarmonyError("channel marker present but no channel value found in header '" + header +
                       "'");
  }
  std::string channel = header.substr(value, end - value);
  header.erase(at, end - at);
  return channel;
}

std::string spaced_constrain(std::string_view header) {
  std::string out;
  std::size_t from = 0;
  for (std::size_t at; (at = header.find(kConstrainText, from)) != std::string_view::npos;) {
    out.append(header.substr(from, at - from)).append(" ").append(kConstrainText);
    from = at + kConstrainText.size();
  }
  out.append(header.substr(from));
  return std::string(trim_unicode(out));
}

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\x0C' || c == '\r';
}

std::vector<std::string> ascii_words(std::string_view s) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_ascii_space(s[i])) ++i;
    const std::size_t start = i;
    while (i < s.size() && !is_ascii_space(s[i])) ++i;
    if (i > start) words.emplace_back(s.substr(start, i - start));
  }
  return words;
}

std::string strip_to(std::string word) { return word.starts_with("to=") ? word.substr(3) : word; }

// Step 3's role: the given one, or the first word; an unknown first word followed by more
// (or itself "to=...") is a tool's name. `tool_name` receives the first word.
Role take_role(std::vector<std::string>& words, std::optional<Role> role,
               std::optional<std::string>& first_word) {
  if (role) return *role;
  if (words.empty()) {
    throw HarmonyError(
        "message header did not contain a role (a header after <|start|> "
        "begins with user, assistant, system, developer or a tool's name)");
  }
  first_word = words.front();
  if (const auto known = role_from_name(words.front())) return *known;
  if (words.size() > 1 || words.front().starts_with("to=")) {
    words.erase(words.begin());
    return Role::Tool;
  }
  throw HarmonyError("Unknown role: " + words.front() +
                     " (a tool message's header needs a recipient, e.g. 'name to=assistant')");
}

}  // namespace

HeaderParse parse_header_text(std::string header, std::optional<Role> role,
                              bool parse_recipient_and_type) {
  HeaderParse out;
  out.header.channel = cut_channel(header);
  header = std::string(trim_unicode(header));
  if (header.find(kConstrainText) != std::string::npos) header = spaced_constrain(header);
  std::vector<std::string> words = ascii_words(header);

  std::optional<std::string> first_word;
  const Role r = take_role(words, role, first_word);
  if (!words.empty() && words.front() == role_name(r)) words.erase(words.begin());

  if (parse_recipient_and_type && !words.empty()) {
    const std::size_t n = words.size();
    std::string last = std::move(words.back());
    words.pop_back();
    if (last.starts_with("to=")) {
      out.header.recipient = last.substr(3);
    } else if (n == 1 && !last.starts_with(kConstrainText)) {
      out.header.recipient = std::move(last);
    } else {
      out.header.content_type = std::move(last);
      if (!words.empty()) {
        out.header.recipient = strip_to(std::move(words.back()));
        words.pop_back();
      }
    }
  }
  if (!words.empty()) {
    std::string rest;
    for (std::size_t i = 0; i < words.size(); ++i) rest += (i > 0 ? " " : "") + words[i];
    out.remaining = std::move(rest);
  }
  out.header.author.role = r;
  if (r == Role::Tool) out.header.author.name = first_word;
  return out;
}

}  // namespace airtok::harmony::detail
