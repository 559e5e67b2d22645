// fuzz_harmony_parse — any token sequence through the harmony parsers.
//
// Invariants: parsing either succeeds or throws HarmonyError (nothing else, no crash); the
// streaming parser fed token by token gives exactly the batch parser's messages or error;
// every content delta and every parsed message's text is valid UTF-8; every parsed message
// renders again.
//
// Input: byte 0 picks the start role (none / assistant) and strict or lenient mode; then each
// pair of bytes is one token, drawn mostly from the formatting tokens and header words, so
// that the fuzzer reaches deep header and content states quickly, sometimes any id (also ids
// that are not tokens).
#include <airtok/harmony.hpp>

#include "core/utf8.hpp"

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace airtok::harmony;
using airtok::Rank;

void check(bool ok) {
  if (!ok) std::abort();
}

const std::vector<Rank>& alphabet() {
  static const std::vector<Rank> tokens = [] {
    std::vector<Rank> t{200002, 200003, 200005, 200006, 200007, 200008, 200012, 200018, 201088};
    const auto& tok = load_harmony_encoding().tokenizer();
    for (const char* s :
         {"assistant", "user", "system", "developer",        "tool",         " to=",
          "functions", ".get", " json",  "analysis",         "final",        "commentary",
          " ",         "\n",   "Hi",     "\xF0\x9F\x98\x8A", " caf\xC3\xA9", "<|",
          "|>",        "=",    "to"}) {
      for (const Rank r : tok.encode_ordinary(s)) t.push_back(r);
    }
    t.push_back(9552);  // bytes 20 F0 9F: an incomplete UTF-8 sequence
    return t;
  }();
  return tokens;
}

std::vector<Rank> tokens_of(const std::uint8_t* data, std::size_t size) {
  std::vector<Rank> out;
  const auto& alpha = alphabet();
  for (std::size_t i = 0; i + 1 < size; i += 2) {
    const unsigned v = static_cast<unsigned>(data[i]) << 8 | data[i + 1];
    if ((v & 3) != 0) {
      out.push_back(alpha[(v >> 2) % alpha.size()]);
    } else {
      out.push_back(static_cast<Rank>((v >> 2) * 13 % 201200));  // any id, some not tokens
    }
  }
  return out;
}

struct Outcome {
  std::vector<Message> messages;
  bool failed = false;
};

Outcome batch(const HarmonyEncoding& enc, const std::vector<Rank>& t, std::optional<Role> role,
              ParseOptions opts) {
  try {
    return {enc.parse_messages_from_completion_tokens(t, role, opts), false};
  } catch (const HarmonyError&) {
    return {{}, true};
  }
}

Outcome stream(const HarmonyEncoding& enc, const std::vector<Rank>& t, std::optional<Role> role,
               ParseOptions opts) {
  StreamableParser p(enc, role, opts);
  try {
    for (const Rank r : t) {
      p.process(r);
      if (const auto d = p.last_content_delta()) {
        check(airtok::detail::utf8_valid_up_to(*d) == d->size());
      }
    }
    p.process_eos();
  } catch (const HarmonyError&) {
    return {{}, true};
  }
  return {p.messages(), false};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const HarmonyEncoding& enc = load_harmony_encoding();
  const std::optional<Role> role =
      (data[0] & 1) != 0 ? std::optional<Role>(Role::Assistant) : std::nullopt;
  const ParseOptions opts{(data[0] & 2) == 0};
  const std::vector<Rank> tokens = tokens_of(data + 1, size - 1);

  const Outcome b = batch(enc, tokens, role, opts);
  const Outcome s = stream(enc, tokens, role, opts);
  check(b.failed == s.failed);
  check(b.messages == s.messages);
  for (const Message& m : b.messages) {
    const auto& text = std::get<TextContent>(m.content.at(0)).text;
    check(airtok::detail::utf8_valid_up_to(text) == text.size());
    (void)enc.render(m);  // every parsed message renders (tools have a name)
  }
  return 0;
}
