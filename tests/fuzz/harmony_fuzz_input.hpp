// harmony_fuzz_input.hpp — how fuzz_harmony_parse reads its input bytes as a token sequence,
// and the inverse that tools/make_harmony_fuzz_seeds uses to write real completions (the golden
// renders) as seeds.
//
// Input: byte 0 picks the start role (bit 0: assistant, else none) and the mode (bit 1:
// lenient, else strict); then each pair of bytes is one token, drawn mostly from the formatting
// tokens and header words, so that the fuzzer reaches deep header and content states quickly,
// sometimes any id (also ids that are not tokens).
#pragma once

#include <airtok/harmony.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace harmony_fuzz {

using airtok::Rank;

inline constexpr std::uint8_t kRoleAssistant = 1;
inline constexpr std::uint8_t kLenient = 2;

inline const std::vector<Rank>& alphabet() {
  static const std::vector<Rank> tokens = [] {
    std::vector<Rank> t{200002, 200003, 200005, 200006, 200007, 200008, 200012, 200018, 201088};
    const auto& tok = airtok::harmony::load_harmony_encoding().tokenizer();
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

// A pair of bytes whose low two bits are not both 0 picks alphabet()[(v >> 2) % size]; one
// whose low bits are 0 is the id (v >> 2) * 13 % 201200.
inline std::vector<Rank> tokens_of(const std::uint8_t* data, std::size_t size) {
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

// The input that tokens_of reads as `tokens`, after byte 0 = `flags`. A token that no pair of
// bytes gives (an id off the 13-step grid, not in the alphabet) becomes the nearest grid id below
// it: ordinary text stays ordinary text (other text), formatting tokens are all in the alphabet.
inline std::string input_of(const std::vector<Rank>& tokens, std::uint8_t flags) {
  std::string out(1, static_cast<char>(flags));
  const auto& alpha = alphabet();
  for (const Rank t : tokens) {
    unsigned v = 0;
    const auto it = std::find(alpha.begin(), alpha.end(), t);
    if (it != alpha.end()) {
      v = static_cast<unsigned>(it - alpha.begin()) << 2 | 1;
    } else if (t < 201200 && t / 13 < (1u << 14)) {
      v = (t / 13) << 2;  // exact when t is a multiple of 13
    } else {
      v = static_cast<unsigned>(std::find(alpha.begin(), alpha.end(), Rank{200018}) - alpha.begin())
              << 2 |
          1;
    }
    out += static_cast<char>(v >> 8);
    out += static_cast<char>(v & 0xFF);
  }
  return out;
}

}  // namespace harmony_fuzz
