// Seeded random conversations whose rendering parses back to the same messages.
//
// What round trips is what the header grammar can say back: one text content per message
// (several would parse as one), no author name except a tool's (rendered `user:name` parses as
// an unknown role), a tool message always with a recipient (a lone unknown word is an error
// upstream), a plain content type only with a recipient (a lone plain word parses as the
// recipient), no recipient "all" (not rendered), and header words without whitespace or '<'.
// Content is any valid UTF-8, including text that looks like special tokens ("<|end|>"),
// which renders as ordinary tokens and comes back as text.
#pragma once

#include <airtok/harmony.hpp>

#include <random>
#include <string>
#include <vector>

namespace harmony_test {

using namespace airtok::harmony;

class RandomConversations {
 public:
  explicit RandomConversations(std::uint32_t seed) : rng_(seed) {}

  Conversation next(std::size_t max_messages = 6) {
    Conversation c;
    const std::size_t n = 1 + pick(max_messages);
    for (std::size_t i = 0; i < n; ++i) c.messages.push_back(message());
    return c;
  }

  Message message() {
    static const Role kRoles[] = {Role::User,   Role::Assistant, Role::Assistant,
                                  Role::System, Role::Developer, Role::Tool};
    Message m;
    m.author.role = kRoles[pick(6)];
    m.content.emplace_back(TextContent{text()});
    if (m.author.role == Role::Tool) {
      m.author.name = "functions." + word();
      m.recipient = "assistant";
    } else if (chance(3)) {
      m.recipient = "functions." + word();
    }
    if (chance(2)) m.channel = one_of({"analysis", "commentary", "final", word()});
    if (chance(3)) {
      const bool constrained = chance(2) || !m.recipient;
      m.content_type = (constrained ? "<|constrain|>" : "") + one_of({"json", "code", word()});
    }
    return m;
  }

 private:
  std::size_t pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }
  bool chance(std::size_t one_in) { return pick(one_in) == 0; }
  std::string one_of(std::initializer_list<std::string> options) {
    return *(options.begin() + static_cast<std::ptrdiff_t>(pick(options.size())));
  }

  std::string word() {
    static const std::string kChars = "abcdefghijklmnopqrstuvwxyz_0123456789";
    std::string w(1, kChars[pick(26)]);
    for (std::size_t i = pick(8); i > 0; --i) w += kChars[pick(kChars.size())];
    return w;
  }

  std::string text() {
    static const std::vector<std::string> kPieces{"Hello",
                                                  " world",
                                                  ",",
                                                  " ",
                                                  "  ",
                                                  "\n",
                                                  "\n\n",
                                                  "\t",
                                                  "2 + 2 = 4.",
                                                  "{\"a\": 1}",
                                                  "<|end|>",
                                                  "<|start|>",
                                                  "<|channel|>",
                                                  "<|return|>",
                                                  "to=x",
                                                  "caf\u00e9",
                                                  " \u4f60\u597d",
                                                  "\U0001F60A",
                                                  "\u05e9\u05dc\u05d5\u05dd",
                                                  "na\u0308ive",
                                                  "'s",
                                                  "123456",
                                                  "\u00a0",
                                                  "\u3010\u2020\u3011",
                                                  "\r\n"};
    std::string t;
    for (std::size_t i = pick(12); i > 0; --i) t += kPieces[pick(kPieces.size())];
    return t;
  }

  std::mt19937 rng_;
};

}  // namespace harmony_test
