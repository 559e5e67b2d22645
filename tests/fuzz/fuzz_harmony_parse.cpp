// fuzz_harmony_parse — any token sequence through the harmony parsers.
//
// Invariants: parsing either succeeds or throws HarmonyError (nothing else, no crash); the
// streaming parser fed token by token gives exactly the batch parser's messages or error;
// every content delta and every parsed message's text is valid UTF-8; every parsed message
// renders again.
//
// Input: see harmony_fuzz_input.hpp (byte 0: start role and mode; then two bytes a token).
#include <airtok/harmony.hpp>

#include "core/utf8.hpp"
#include "harmony_fuzz_input.hpp"

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
  const std::optional<Role> role = (data[0] & harmony_fuzz::kRoleAssistant) != 0
                                       ? std::optional<Role>(Role::Assistant)
                                       : std::nullopt;
  const ParseOptions opts{(data[0] & harmony_fuzz::kLenient) == 0};
  const std::vector<Rank> tokens = harmony_fuzz::tokens_of(data + 1, size - 1);

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
