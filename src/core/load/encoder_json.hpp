// encoder_json.hpp — GPT-2's encoder.json (token → rank), read as tiktoken reads it.
//
// tiktoken does `{decode_data_gym(k): v for k, v in json.loads(contents).items()}` and then drops
// "<|endoftext|>" and "<|startoftext|>". Here the JSON is read with nlohmann's SAX parser (no
// document tree; duplicate keys keep the last value, like Python's json module), every key is
// decoded through the data-gym alphabet, and every value must be an integer rank below 2^31.
// The two special keys are dropped whatever their value, as tiktoken drops them.
#pragma once

#include <airtok/encoding.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

namespace airtok::detail {

struct EncoderJsonEntry {
  Rank rank = 0;
  std::size_t offset = 0;  // 0-based byte offset of the key's opening quote
  std::size_t order = 0;   // index of the key among the file's keys (its last occurrence)
};

/// Token bytes → rank and where the key is.
using EncoderJson = std::unordered_map<std::string, EncoderJsonEntry>;

/// Parses encoder.json. Throws LoadError naming `source`, the line and byte of the problem:
/// invalid JSON (with nlohmann's message), a top level that is not an object, a key with a
/// character outside the data-gym alphabet, a value that is not an integer in [0, 2^31).
EncoderJson read_encoder_json(std::string_view json, std::string_view source);

}  // namespace airtok::detail
