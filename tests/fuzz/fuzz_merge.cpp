// fuzz_merge — the merge rule four ways on any piece: the scan, the heap and the segmented
// long-piece path (all joining parts through the merge table of canonical splits) against the
// heap joining parts by their bytes (tiktoken's rule as written). They must give the same
// tokens.
//
// The first input byte picks the vocabulary: r50k_base, cl100k_base, o200k_base, or a small
// random vocabulary over the letters a–d seeded by the next four bytes: (mode 3) with shuffled
// ranks, where most tokens are unreachable and merges run out of length order (the case in
// which keeping only canonical splits would go wrong if the claim behind it were false), or
// (mode 4) trained as BPE vocabularies are, where the long-piece path checks its seams with
// Vocab::valid_pair. Modes 5 and 6 test the character table (the scan starting with whole
// characters merged): (5) a built-in vocabulary on multilingual text spelled by the input,
// (6) a vocabulary trained on a few multi-byte characters, with tokens cutting characters'
// edges at any rank, on text over those characters (with a space among them, so that pieces
// starting with a space and a character test the table's second range too).
#include "../core/multibyte_text.hpp"
#include "core/bpe.hpp"
#include "core/encoding_impl.hpp"

#include <airtok/registry.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <map>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace {

using airtok::Rank;

void check(bool ok) {
  if (!ok) std::abort();
}

airtok::detail::Vocab random_vocabulary(std::uint32_t seed, bool trained) {
  std::mt19937 rng(seed);
  std::vector<std::string> tokens;
  for (int b = 0; b < 256; ++b) tokens.emplace_back(1, static_cast<char>(b));
  std::set<std::string> seen(tokens.begin(), tokens.end());
  std::vector<std::string> parts = {"a", "b", "c", "d"};
  const std::size_t extra = 8 + rng() % 200;
  for (std::size_t tries = 0; tokens.size() < 256 + extra && tries < 100 * extra; ++tries) {
    std::string t;
    if (trained) {  // the join of two earlier tokens
      t = parts[rng() % parts.size()] + parts[rng() % parts.size()];
    } else {
      t.assign(2 + rng() % 4, 'a');
      for (char& c : t) c = static_cast<char>('a' + rng() % 4);
    }
    if (t.size() > 12 || !seen.insert(t).second) continue;
    tokens.push_back(t);
    parts.push_back(t);
  }
  std::vector<Rank> ranks(tokens.size());
  for (std::size_t i = 0; i < ranks.size(); ++i) ranks[i] = static_cast<Rank>(i);
  if (!trained) std::shuffle(ranks.begin(), ranks.end(), rng);
  airtok::MergeableRanks pairs;
  for (std::size_t i = 0; i < tokens.size(); ++i) pairs.emplace_back(tokens[i], ranks[i]);
  return airtok::detail::Vocab::build(pairs);
}

/// `make()` kept under `key` with the values of the last kKept keys (each call site its own
/// store). A trained vocabulary takes far longer to build than a piece takes to check, under the
/// sanitizers and the fuzzer's comparison hooks (the character table's build visits every code
/// point), while most inputs the fuzzer runs are mutations of an earlier one that leave its seed
/// bytes alone. So the vocabulary of a seed is built once and found again; an input still gives
/// the same vocabulary whatever ran before it.
template <class Make>
const auto& kept(std::uint64_t key, Make make) {
  static constexpr std::size_t kKept = 64;
  using Value = decltype(make());
  static std::map<std::uint64_t, Value> values;
  static std::deque<std::uint64_t> order;
  if (const auto it = values.find(key); it != values.end()) return it->second;
  if (order.size() == kKept) {
    values.erase(order.front());
    order.pop_front();
  }
  auto& value = values.emplace(key, make()).first->second;
  order.push_back(key);
  return value;
}

struct TrainedMultibyte {
  std::vector<std::string> alphabet;
  airtok::detail::Vocab vocab;
};

void check_agreement(const airtok::detail::Vocab& vocab, std::string_view piece) {
  std::vector<Rank> scan, heap, long_path, by_bytes;
  airtok::detail::bpe_merge_scan(vocab, piece, scan);
  airtok::detail::bpe_merge_heap(vocab, piece, heap);
  airtok::detail::bpe_merge_long(vocab, piece, long_path);
  airtok::detail::bpe_merge_by_bytes(vocab, piece, by_bytes);
  check(scan == by_bytes);
  check(heap == by_bytes);
  check(long_path == by_bytes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const int mode = data[0] % 7;
  if (mode == 5 && size >= 3) {
    static const char* kNames[] = {"r50k_base", "cl100k_base", "o200k_base"};
    const auto& vocab =
        airtok::detail::EncodingAccess::impl(airtok::get_encoding(kNames[data[1] % 3])).vocab();
    std::string piece;
    std::size_t script = data[2];
    for (std::size_t i = 3; i + 1 < size && piece.size() < 600; i += 2) {
      if (data[i] == 0xFF) script = data[i + 1];
      piece += airtok_test::multilingual_unit(
          std::uint32_t{data[i]} | std::uint32_t{data[i + 1]} << 8, script);
    }
    check_agreement(vocab, piece);
    return 0;
  }
  if (mode == 6 && size >= 6) {
    std::uint32_t seed = 0;
    for (int i = 1; i <= 4; ++i) seed = seed << 8 | data[i];
    const auto& [alphabet, vocab] = kept(seed, [seed] {
      std::mt19937 rng(seed);
      auto letters = airtok_test::multibyte_alphabet(rng);
      // Half the seeds train few merges of random neighbours: characters, and a leading space
      // with a character, then end as two tokens, which the table also lets the scan start
      // with.
      const bool few = (seed & 2) != 0;
      const std::size_t merges = few ? 4 + rng() % 30 : 20 + rng() % 150;
      const double wild = few ? 1.0 : (seed & 1) != 0 ? 0.5 : 0.0;
      auto trained =
          airtok::detail::Vocab::build(airtok_test::trained_on(rng, letters, merges, wild));
      return TrainedMultibyte{std::move(letters), std::move(trained)};
    });
    std::string piece;
    for (std::size_t i = 5; i < size && piece.size() < 600; ++i) {
      const std::string& c = alphabet[data[i] % alphabet.size()];
      piece += data[i] >= 0xF0 ? c.substr(data[i] % c.size()) : c;  // now and then a tail only
    }
    check_agreement(vocab, piece);
    return 0;
  }
  if (mode >= 5) return 0;
  if (mode < 3) {
    static const char* kNames[] = {"r50k_base", "cl100k_base", "o200k_base"};
    const auto& vocab =
        airtok::detail::EncodingAccess::impl(airtok::get_encoding(kNames[mode])).vocab();
    const std::string_view piece(reinterpret_cast<const char*>(data + 1),
                                 std::min<std::size_t>(size - 1, 4096));
    check_agreement(vocab, piece);
    return 0;
  }
  if (size < 6) return 0;
  std::uint32_t seed = 0;
  for (int i = 1; i <= 4; ++i) seed = seed << 8 | data[i];
  const airtok::detail::Vocab& vocab = kept(std::uint64_t{seed} << 1 | (mode == 4 ? 1 : 0),
                                            [&] { return random_vocabulary(seed, mode == 4); });
  std::string piece;
  for (std::size_t i = 5; i < size && piece.size() < 2048; ++i) {
    piece += static_cast<char>('a' + data[i] % 4);
  }
  check_agreement(vocab, piece);
  return 0;
}
