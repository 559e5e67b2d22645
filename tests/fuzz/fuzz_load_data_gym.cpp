// libFuzzer target: parse_data_gym on arbitrary bytes.
//
// The input is split at its first NUL byte (or, without one, in the middle) into vocab.bpe and
// encoder.json. If the first byte is odd, the 256 single-byte entries of a real encoder.json are
// put in front of the second part, so the fuzzer can reach the merge/encoder consistency check
// without having to invent them. The only acceptable failure is LoadError; anything else is a
// bug.
#include <airtok/error.hpp>
#include <airtok/load.hpp>

#include "core/load/data_gym_alphabet.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

/// `{"!": 0, ..., "Ń": 255, ` — the single-byte part of any GPT-2 style encoder.json.
std::string single_byte_json_prefix() {
  std::string prefix = "{";
  for (std::size_t rank = 0; rank < 256; ++rank) {
    const char byte = static_cast<char>(airtok::detail::kDataGymAlphabet.rank_to_byte[rank]);
    std::string key = airtok::detail::encode_data_gym(std::string_view(&byte, 1));
    if (key == "\"" || key == "\\") key.insert(0, "\\");
    prefix += "\"" + key + "\": " + std::to_string(rank) + ", ";
  }
  return prefix;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string kPrefix = single_byte_json_prefix();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const bool with_prefix = size > 0 && (data[0] & 1) != 0;
  const std::string_view body = input.substr(size > 0 ? 1 : 0);
  std::size_t split = body.find('\0');
  const std::size_t rest = split == std::string_view::npos ? body.size() / 2 : split + 1;
  if (split == std::string_view::npos) split = body.size() / 2;
  const std::string_view vocab = body.substr(0, split);
  const std::string encoder = (with_prefix ? kPrefix : "") + std::string(body.substr(rest));
  try {
    const airtok::MergeableRanks ranks = airtok::parse_data_gym(vocab, encoder);
    check(ranks.size() >= 256);
    std::set<std::string_view> tokens;
    std::set<airtok::Rank> seen_ranks;
    for (const auto& [bytes, rank] : ranks) {
      check(!bytes.empty());
      check(tokens.insert(bytes).second);
      check(seen_ranks.insert(rank).second);
    }
  } catch (const airtok::LoadError& e) {
    const std::string_view message = e.what();
    check(message.starts_with("vocab.bpe") || message.starts_with("encoder.json"));
  }
  return 0;
}
