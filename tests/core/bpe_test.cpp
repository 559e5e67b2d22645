// The two merge implementations (tiktoken's scan and the heap) must agree on every piece; the
// scan is a transcription of tiktoken's `_byte_pair_merge`, and golden vectors pin it to the
// reference.
#include "core/bpe.hpp"
#include "core/encoding_impl.hpp"

#include <airtok/registry.hpp>

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace {

using airtok::Rank;

std::string random_piece(std::mt19937& rng, std::size_t len, int kind) {
  static const std::string kAlphabets[] = {"abcdefghijklmnopqrstuvwxyz", "aeiou nrst", "0123456789",
                                           "=+-*/<>!?{}()[];:"};
  std::string s;
  std::uniform_int_distribution<int> byte(0, 255);
  for (std::size_t i = 0; i < len; ++i) {
    if (kind == 4) {
      s += static_cast<char>(byte(rng));
    } else {
      const std::string& a = kAlphabets[kind];
      s += a[std::uniform_int_distribution<std::size_t>(0, a.size() - 1)(rng)];
    }
  }
  return s;
}

class BpeAgreement : public ::testing::TestWithParam<const char*> {};

TEST_P(BpeAgreement, ScanAndHeapGiveTheSameTokens) {
  const auto& vocab = airtok::get_encoding(GetParam()).impl().vocab();
  std::mt19937 rng(12345);
  for (int i = 0; i < 3000; ++i) {
    const std::size_t len = 1 + rng() % 300;
    const std::string piece = random_piece(rng, len, i % 5);
    std::vector<Rank> scan, heap;
    airtok::detail::bpe_merge_scan(vocab, piece, scan);
    airtok::detail::bpe_merge_heap(vocab, piece, heap);
    ASSERT_EQ(scan, heap) << "piece of " << len << " bytes, kind " << i % 5;
    std::string back;
    for (Rank r : heap) back += vocab.token(r);
    ASSERT_EQ(back, piece);
  }
}

TEST_P(BpeAgreement, EveryTokenEncodesToItself) {
  const airtok::Encoding& enc = airtok::get_encoding(GetParam());
  const auto& vocab = enc.impl().vocab();
  for (Rank r = 0; r < vocab.rank_count(); ++r) {
    if (!vocab.has_rank(r)) continue;
    ASSERT_EQ(enc.encode_single_piece(vocab.token(r)), std::vector<Rank>{r});
    ASSERT_EQ(enc.encode_single_token(vocab.token(r)), r);
  }
}

INSTANTIATE_TEST_SUITE_P(Vocabularies, BpeAgreement,
                         ::testing::Values("r50k_base", "p50k_base", "cl100k_base", "o200k_base"));

}  // namespace
