// Pathological inputs: a megabyte of one letter, of spaces, of digits, of one emoji, and random
// invalid UTF-8. The reference cannot encode these (DESIGN.md); here each must round-trip, be
// consistent across our paths, and — for one long piece — the heap merge must agree with
// tiktoken's scan.
#include "core/bpe.hpp"
#include "core/encoding_impl.hpp"

#include <airtok/registry.hpp>

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>

namespace {

std::string repeat(std::string_view unit, std::size_t bytes) {
  std::string s;
  while (s.size() < bytes) s += unit;
  return s;
}

class LongInputs : public ::testing::TestWithParam<const char*> {};

TEST_P(LongInputs, MegabyteRunsRoundTrip) {
  const airtok::Encoding& enc = airtok::get_encoding(GetParam());
  for (const char* unit : {"a", " ", "7", "\xF0\x9F\x98\x80", "\n", "ab ", "\xE4\xB8\xAD"}) {
    const std::string text = repeat(unit, 1 << 20);
    const auto ids = enc.encode_ordinary(text);
    ASSERT_EQ(enc.decode_bytes(ids), text) << "unit " << unit;
    ASSERT_EQ(enc.count_ordinary(text), ids.size());
    ASSERT_EQ(enc.encode(text), ids);
  }
}

TEST_P(LongInputs, HeapAgreesWithScanOnLongPieces) {
  const auto& vocab =
      airtok::detail::EncodingAccess::impl(airtok::get_encoding(GetParam())).vocab();
  for (const char* unit : {"a", "ab", "x7", "\xF0\x9F\x98\x80", " "}) {
    const std::string piece = repeat(unit, 6000);
    std::vector<airtok::Rank> scan, heap, long_path, by_bytes;
    airtok::detail::bpe_merge_scan(vocab, piece, scan);
    airtok::detail::bpe_merge_heap(vocab, piece, heap);
    airtok::detail::bpe_merge_long(vocab, piece, long_path);
    airtok::detail::bpe_merge_by_bytes(vocab, piece, by_bytes);
    ASSERT_EQ(scan, by_bytes) << unit;
    ASSERT_EQ(heap, by_bytes) << unit;
    ASSERT_EQ(long_path, by_bytes) << unit;
  }
}

TEST_P(LongInputs, MegabytePiecesAgreeWithByteLookups) {
  const auto& vocab =
      airtok::detail::EncodingAccess::impl(airtok::get_encoding(GetParam())).vocab();
  for (const char* unit : {"a", " ", "\xE4\xB8\xAD"}) {
    const std::string piece = repeat(unit, (1 << 20) / std::strlen(unit));
    std::vector<airtok::Rank> long_path, by_bytes;
    airtok::detail::bpe_merge_long(vocab, piece, long_path);
    airtok::detail::bpe_merge_by_bytes(vocab, piece, by_bytes);
    ASSERT_EQ(long_path, by_bytes) << unit;
  }
}

TEST_P(LongInputs, RandomBytesRoundTrip) {
  const airtok::Encoding& enc = airtok::get_encoding(GetParam());
  std::mt19937 rng(99);
  for (int i = 0; i < 200; ++i) {
    std::string bytes(1 + rng() % 2000, '\0');
    for (char& c : bytes) c = static_cast<char>(rng() % 256);
    const auto ids = enc.encode_bytes(bytes);
    ASSERT_EQ(enc.decode_bytes(ids), bytes);
    ASSERT_EQ(enc.encode_ordinary(bytes), ids);
  }
}

INSTANTIATE_TEST_SUITE_P(Encodings, LongInputs,
                         ::testing::Values("r50k_base", "cl100k_base", "o200k_base"));

}  // namespace
