// The merge implementations (the scan and the heap, both joining parts through the merge table,
// and the heap joining parts by their bytes as tiktoken's `_byte_pair_merge` does) must agree
// on every piece; golden vectors pin them to the reference. The merge table keeps only each
// token's canonical split, which is exact only if every part the rule forms was formed by that
// split: random small vocabularies with shuffled ranks (many tokens unreachable, merges out of
// rank order) check that claim where real vocabularies might not reach.
#include "core/bpe.hpp"
#include "core/encoding_impl.hpp"
#include "core/thread_state.hpp"
#include "core/utf8.hpp"
#include "multibyte_text.hpp"

#include <airtok/registry.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
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
  const auto& vocab =
      airtok::detail::EncodingAccess::impl(airtok::get_encoding(GetParam())).vocab();
  std::mt19937 rng(12345);
  for (int i = 0; i < 3000; ++i) {
    const std::size_t len = 1 + rng() % 300;
    const std::string piece = random_piece(rng, len, i % 5);
    std::vector<Rank> scan, heap, by_bytes;
    airtok::detail::bpe_merge_scan(vocab, piece, scan);
    airtok::detail::bpe_merge_heap(vocab, piece, heap);
    airtok::detail::bpe_merge_by_bytes(vocab, piece, by_bytes);
    ASSERT_EQ(scan, by_bytes) << "piece of " << len << " bytes, kind " << i % 5;
    ASSERT_EQ(heap, by_bytes) << "piece of " << len << " bytes, kind " << i % 5;
    std::string back;
    for (Rank r : heap) back += vocab.token(r);
    ASSERT_EQ(back, piece);
  }
}

TEST_P(BpeAgreement, EveryTokenEncodesToItself) {
  const airtok::Encoding& enc = airtok::get_encoding(GetParam());
  const auto& vocab = airtok::detail::EncodingAccess::impl(enc).vocab();
  for (Rank r = 0; r < vocab.rank_count(); ++r) {
    if (!vocab.has_rank(r)) continue;
    ASSERT_EQ(enc.encode_single_piece(vocab.token(r)), std::vector<Rank>{r});
    ASSERT_EQ(enc.encode_single_token(vocab.token(r)), r);
  }
}

TEST_P(BpeAgreement, MergeTableHoldsEveryCanonicalSplit) {
  const auto& vocab =
      airtok::detail::EncodingAccess::impl(airtok::get_encoding(GetParam())).vocab();
  ASSERT_TRUE(vocab.has_merge_table());
  std::size_t splits = 0;
  for (Rank r = 0; r < vocab.rank_count(); ++r) {
    if (!vocab.has_rank(r) || vocab.token(r).size() < 2) continue;
    const auto split = airtok::detail::bpe_last_merge(vocab, vocab.token(r));
    if (!split) continue;
    ++splits;
    ASSERT_EQ(std::string(vocab.token(split->first)) + std::string(vocab.token(split->second)),
              vocab.token(r));
    ASSERT_EQ(vocab.merge_rank(split->first, split->second), r);
  }
  EXPECT_GT(splits, vocab.token_count() * 9 / 10);
}

TEST_P(BpeAgreement, MergeFilterLetsFewOtherPairsThrough) {
  // Every merge gets through (MergeTableHoldsEveryCanonicalSplit asks merge_rank, which asks
  // the filter first); of random pairs, almost none of which are merges, few may.
  const auto& vocab =
      airtok::detail::EncodingAccess::impl(airtok::get_encoding(GetParam())).vocab();
  std::mt19937 rng(7);
  constexpr int kPairs = 200000;
  int admitted = 0;
  for (int i = 0; i < kPairs; ++i) {
    admitted += vocab.merge_filter_admits(static_cast<Rank>(rng() % vocab.rank_count()),
                                          static_cast<Rank>(rng() % vocab.rank_count()));
  }
  RecordProperty("admitted_per_million", admitted * (1000000 / kPairs));
  EXPECT_LT(admitted, kPairs / 20) << admitted << " of " << kPairs << " random pairs admitted";
}

TEST_P(BpeAgreement, TokenFilterAdmitsEveryTokenAndFewOtherPieces) {
  const auto& vocab =
      airtok::detail::EncodingAccess::impl(airtok::get_encoding(GetParam())).vocab();
  for (Rank r = 0; r < vocab.rank_count(); ++r) {
    if (vocab.has_rank(r)) {
      ASSERT_TRUE(vocab.maybe_token(airtok::detail::token_hash(vocab.token(r)))) << "rank " << r;
    }
  }
  // Random strings of 2 to 12 bytes, Latin letters and Cyrillic or CJK characters mixed, that
  // are not tokens.
  std::mt19937 rng(11);
  const std::vector<std::string> parts = {
      "a", "e", "r", "t", "n", "\xD0\xB0", "\xD1\x8B", "\xE4\xB8\x80", "\xE7\x9A\x84", "q", "z"};
  int pieces = 0, admitted = 0;
  while (pieces < 100000) {
    std::string piece;
    const std::size_t target = 2 + rng() % 11;
    while (piece.size() < target) piece += parts[rng() % parts.size()];
    if (vocab.find(piece) != airtok::detail::kNoRank) continue;
    ++pieces;
    admitted += vocab.maybe_token(airtok::detail::token_hash(piece));
  }
  RecordProperty("admitted_per_million", admitted * 10);
  EXPECT_LT(admitted, pieces / 20) << admitted << " of " << pieces << " pieces admitted";
}

TEST_P(BpeAgreement, PairMemoAnswersAsTheMergeTable) {
  // Canonical splits (hits) and random pairs (mostly "no token"), each asked twice, through a
  // memo far smaller than the set of pairs, so that slots are overwritten by other keys.
  const auto& vocab =
      airtok::detail::EncodingAccess::impl(airtok::get_encoding(GetParam())).vocab();
  std::vector<std::uint64_t> memo(airtok::detail::Vocab::kPairMemo, ~std::uint64_t{0});
  std::mt19937 rng(99);
  for (int round = 0; round < 2; ++round) {
    for (Rank r = 0; r < vocab.rank_count(); r += 3) {
      const auto split = vocab.token(r).size() < 2
                             ? std::nullopt
                             : airtok::detail::bpe_last_merge(vocab, vocab.token(r));
      const Rank left = split ? split->first : static_cast<Rank>(rng() % vocab.rank_count());
      const Rank right = split ? split->second : static_cast<Rank>(rng() % vocab.rank_count());
      ASSERT_EQ(vocab.merge_rank_memo(left, right, memo.data()), vocab.merge_rank(left, right));
      const Rank a = static_cast<Rank>(rng() % vocab.rank_count());
      const Rank b = static_cast<Rank>(rng() % vocab.rank_count());
      ASSERT_EQ(vocab.merge_rank_memo(a, b, memo.data()), vocab.merge_rank(a, b));
    }
  }
}

/// A vocabulary of all 256 bytes plus `extra` random tokens over a 4-letter alphabet, with
/// ranks shuffled so that merges happen out of length order.
airtok::MergeableRanks random_vocabulary(std::mt19937& rng, std::size_t extra) {
  std::vector<std::string> tokens;
  for (int b = 0; b < 256; ++b) tokens.emplace_back(1, static_cast<char>(b));
  std::set<std::string> seen(tokens.begin(), tokens.end());
  while (tokens.size() < 256 + extra) {
    std::string t = random_piece(rng, 2 + rng() % 5, 0).substr(0, 6);
    for (char& c : t) c = static_cast<char>('a' + (c - 'a') % 4);
    if (seen.insert(t).second) tokens.push_back(t);
  }
  std::vector<Rank> ranks(tokens.size());
  for (std::size_t i = 0; i < ranks.size(); ++i) ranks[i] = static_cast<Rank>(i);
  std::shuffle(ranks.begin(), ranks.end(), rng);
  airtok::MergeableRanks out;
  for (std::size_t i = 0; i < tokens.size(); ++i) out.emplace_back(tokens[i], ranks[i]);
  return out;
}

/// A vocabulary trained the way BPE vocabularies are: all 256 bytes, then up to `extra`
/// merges, each joining the most frequent adjacent pair of a random text over the letters a–d
/// (skewed, so that pairs repeat), ranked in order of training.
airtok::MergeableRanks trained_vocabulary(std::mt19937& rng, std::size_t extra) {
  std::vector<std::string> text;
  for (int i = 0; i < 3000; ++i) text.emplace_back(1, "aaabbcd"[rng() % 7]);
  return airtok_test::trained_on_text(rng, std::move(text), extra);
}

std::string random_letters(std::mt19937& rng, std::size_t len) {
  std::string piece(len, 'a');
  for (char& c : piece) c = static_cast<char>('a' + rng() % 4);
  return piece;
}

TEST(BpeMergeTable, LongPiecesAgreeWithByteLookupsOnTrainedVocabularies) {
  std::mt19937 rng(7);
  int usable = 0;
  for (int v = 0; v < 30; ++v) {
    const auto vocab = airtok::detail::Vocab::build(trained_vocabulary(rng, 30 + rng() % 300));
    ASSERT_TRUE(vocab.has_merge_table());
    usable += vocab.splits_usable();
    for (int i = 0; i < 60; ++i) {
      // Runs of one letter or two, and random letters: seams in every kind of place.
      std::string piece = random_letters(rng, 257 + rng() % 3000);
      if (i % 3 == 1) piece = std::string(piece.size(), 'a');
      if (i % 3 == 2) {
        for (std::size_t j = 0; j < piece.size(); ++j) piece[j] = "ab"[(j / 3) % 2];
      }
      std::vector<Rank> long_path, by_bytes;
      airtok::detail::bpe_merge_long(vocab, piece, long_path);
      airtok::detail::bpe_merge_by_bytes(vocab, piece, by_bytes);
      ASSERT_EQ(long_path, by_bytes) << "vocabulary " << v << ", piece of " << piece.size();
    }
  }
  EXPECT_GE(usable, 25) << "too few trained vocabularies have usable splits to test the seams";
}

TEST(BpeMergeTable, ValidPairIsExactlyWhereTheRuleStops) {
  // Every pair of tokens the rule can produce (each token the rule's result on its own bytes),
  // on small trained vocabularies: valid_pair(a, b) holds exactly when the rule on a's bytes
  // followed by b's gives [a, b].
  std::mt19937 rng(11);
  std::size_t checked = 0, valid = 0;
  for (int v = 0; v < 12; ++v) {
    const auto vocab = airtok::detail::Vocab::build(trained_vocabulary(rng, 40 + rng() % 60));
    if (!vocab.splits_usable()) continue;
    std::vector<Rank> producible;
    for (Rank r = 0; r < vocab.rank_count(); ++r) {
      std::vector<Rank> alone;
      airtok::detail::bpe_merge_by_bytes(vocab, vocab.token(r), alone);
      if (alone == std::vector<Rank>{r} &&
          vocab.token(r).find_first_not_of("abcd") == std::string_view::npos) {
        producible.push_back(r);
      }
    }
    for (const Rank a : producible) {
      for (const Rank b : producible) {
        std::vector<Rank> joined;
        airtok::detail::bpe_merge_by_bytes(
            vocab, std::string(vocab.token(a)) + std::string(vocab.token(b)), joined);
        const bool stops = joined == std::vector<Rank>{a, b};
        ASSERT_EQ(vocab.valid_pair(a, b), stops)
            << "vocabulary " << v << ": " << vocab.token(a) << " | " << vocab.token(b);
        ++checked;
        valid += stops;
      }
    }
  }
  EXPECT_GT(checked, 20000u);
  EXPECT_GT(valid, checked / 10) << "both answers must be exercised";
  EXPECT_LT(valid, checked - checked / 10) << "both answers must be exercised";
}

TEST_P(BpeAgreement, LongPiecesAgreeWithByteLookups) {
  const auto& vocab =
      airtok::detail::EncodingAccess::impl(airtok::get_encoding(GetParam())).vocab();
  ASSERT_TRUE(vocab.splits_usable());
  std::mt19937 rng(4242);
  const std::string units[] = {"a", " ", "ab", "\xE4\xB8\xAD", "\xF0\x9F\x98\x80", "=", "\n", "0"};
  for (int i = 0; i < 400; ++i) {
    std::string piece;
    const std::size_t len = 257 + rng() % 4000;
    if (i % 2 == 0) {  // runs of one unit
      while (piece.size() < len) piece += units[rng() % std::size(units)];
    } else {  // random units, random text of one kind
      piece = random_piece(rng, len, i % 5);
    }
    std::vector<Rank> long_path, by_bytes;
    airtok::detail::bpe_merge_long(vocab, piece, long_path);
    airtok::detail::bpe_merge_by_bytes(vocab, piece, by_bytes);
    ASSERT_EQ(long_path, by_bytes) << "piece " << i << " of " << piece.size() << " bytes";
  }
}

TEST(BpeMergeTable, AgreesWithByteLookupsOnRandomVocabularies) {
  std::mt19937 rng(2026);
  for (int v = 0; v < 40; ++v) {
    const auto vocab = airtok::detail::Vocab::build(random_vocabulary(rng, 20 + rng() % 200));
    ASSERT_TRUE(vocab.has_merge_table());
    for (int i = 0; i < 400; ++i) {
      std::string piece = random_piece(rng, 1 + rng() % 300, 0);
      for (char& c : piece) c = static_cast<char>('a' + (c - 'a') % 4);
      std::vector<Rank> scan, heap, by_bytes;
      airtok::detail::bpe_merge_scan(vocab, piece, scan);
      airtok::detail::bpe_merge_heap(vocab, piece, heap);
      airtok::detail::bpe_merge_by_bytes(vocab, piece, by_bytes);
      ASSERT_EQ(scan, by_bytes) << "vocabulary " << v << ", piece " << piece;
      ASSERT_EQ(heap, by_bytes) << "vocabulary " << v << ", piece " << piece;
    }
  }
}

/// Whether the scan (with whatever it starts merged) gives the rule's result joining single
/// bytes by their bytes, and encoding through a fresh piece cache what encoding without one
/// gives.
::testing::AssertionResult agrees_with_bytes(const airtok::detail::Vocab& vocab,
                                             airtok::detail::PieceCache& cache,
                                             const std::string& piece) {
  std::vector<Rank> scan, remembered, by_bytes, whole;
  airtok::detail::bpe_merge_scan(vocab, piece, scan);
  airtok::detail::bpe_merge_by_bytes(vocab, piece, by_bytes);
  if (scan != by_bytes) return ::testing::AssertionFailure() << "scan differs on: " << piece;
  cache.clear();
  airtok::detail::bpe_encode(vocab, cache, piece, remembered);
  airtok::detail::bpe_encode(vocab, piece, whole);
  if (remembered != whole) return ::testing::AssertionFailure() << "cache differs on: " << piece;
  return ::testing::AssertionSuccess();
}

// The character table lets the scan start with whole characters merged (Vocab::char_entry).
// It must change nothing: multilingual text, with ASCII and broken UTF-8 next to characters of
// every script, against the rule joining single bytes by their bytes.
TEST_P(BpeAgreement, StartingFromWholeCharactersChangesNothing) {
  const auto& vocab =
      airtok::detail::EncodingAccess::impl(airtok::get_encoding(GetParam())).vocab();
  ASSERT_TRUE(vocab.has_char_table());
  std::mt19937 rng(777);
  airtok::detail::PieceCache& cache =
      airtok::detail::ThreadState::current().piece_cache(~std::uint64_t{0});
  std::size_t chars = 0, startable = 0;
  for (int i = 0; i < 6000; ++i) {
    const std::string piece = airtok_test::random_multilingual(rng, 1 + rng() % 256);
    ASSERT_TRUE(agrees_with_bytes(vocab, cache, piece)) << "piece " << i;
    const auto* s = reinterpret_cast<const unsigned char*>(piece.data());
    for (std::size_t k = 0; k < piece.size(); ++k) {
      char32_t cp = 0;
      if (airtok::detail::decode_checked_multibyte(s, piece.size(), k, cp) != 0) {
        ++chars;
        startable += vocab.char_entry(cp) != 0;
      }
    }
  }
  // The check above means something only if many characters can start merged.
  EXPECT_GT(startable, chars / 6) << startable << " of " << chars;
}

/// The character table's entry for the space and the character `piece` starts with
/// (Vocab::space_char_entry), or 0.
std::uint32_t space_entry_at_start(const airtok::detail::Vocab& vocab, const std::string& piece) {
  char32_t cp = 0;
  const auto* s = reinterpret_cast<const unsigned char*>(piece.data());
  const bool space_char = piece.size() > 1 && piece[0] == ' ' &&
                          airtok::detail::decode_checked_multibyte(s, piece.size(), 1, cp) != 0;
  return space_char && cp < 0x10000 && vocab.has_char_table() ? vocab.space_char_entry(cp) : 0;
}

/// Counts pieces whose entry starts them with one token (`one`) or two (`two`).
void count_space_entry(const airtok::detail::Vocab& vocab, const std::string& piece, int& one,
                       int& two) {
  using airtok::detail::Vocab;
  const std::uint32_t e = space_entry_at_start(vocab, piece);
  if (e == 0) return;
  ++((e & Vocab::kCharRankMask) >> Vocab::kSpaceFirstShift == 0 ? one : two);
}

// A space that starts a piece may start joined to the character after it. That must change
// nothing either: a space, then multilingual text.
TEST_P(BpeAgreement, StartingFromASpaceAndACharacterChangesNothing) {
  const auto& vocab =
      airtok::detail::EncodingAccess::impl(airtok::get_encoding(GetParam())).vocab();
  std::mt19937 rng(778);
  airtok::detail::PieceCache& cache =
      airtok::detail::ThreadState::current().piece_cache(~std::uint64_t{0});
  int one = 0, two = 0;
  for (int i = 0; i < 6000; ++i) {
    std::string piece = " ";  // (not " " + ...: GCC 12 warns wrongly of overlapping copies)
    piece += airtok_test::random_multilingual(rng, 1 + rng() % 64);
    ASSERT_TRUE(agrees_with_bytes(vocab, cache, piece)) << "piece " << i;
    count_space_entry(vocab, piece, one, two);
  }
  EXPECT_GT(one, 60) << one << " pieces start with a space the table joins";
  EXPECT_GT(two, 600) << two << " pieces start with a space and a character as two tokens";
}

// The per-thread piece cache (short and long entries) must give what merging gives, however
// often pieces repeat and however many share a slot: thousands of pieces of 2 to 256 bytes,
// encoded and counted twice in different orders through one cache.
TEST_P(BpeAgreement, PieceCacheGivesWhatMergingGives) {
  const auto& vocab =
      airtok::detail::EncodingAccess::impl(airtok::get_encoding(GetParam())).vocab();
  std::mt19937 rng(31337);
  std::vector<std::string> pieces;
  for (int i = 0; i < 4000; ++i) {
    std::string piece = airtok_test::random_multilingual(rng, 2 + rng() % 255);
    if (i % 3 == 0) piece = random_piece(rng, 2 + rng() % 255, i % 5);
    pieces.push_back(piece.substr(0, 256));
  }
  airtok::detail::PieceCache& cache =
      airtok::detail::ThreadState::current().piece_cache(~std::uint64_t{1});
  cache.clear();
  std::vector<Rank> scratch;
  for (int round = 0; round < 2; ++round) {
    std::shuffle(pieces.begin(), pieces.end(), rng);
    for (const std::string& piece : pieces) {
      std::vector<Rank> cached, merged;
      airtok::detail::bpe_encode(vocab, cache, piece, cached);
      airtok::detail::bpe_encode(vocab, piece, merged);
      ASSERT_EQ(cached, merged) << "round " << round << ", piece of " << piece.size();
      ASSERT_EQ(airtok::detail::bpe_count(vocab, cache, piece, scratch), merged.size());
    }
  }
}

// Pieces known to be valid UTF-8 are decoded without checks (PieceBytes::kValidUtf8, what every
// encode of text passes): the same tokens as the checked merge, on fresh pieces and cached ones.
TEST_P(BpeAgreement, ValidUtf8PiecesGiveWhatCheckedOnesGive) {
  const auto& vocab =
      airtok::detail::EncodingAccess::impl(airtok::get_encoding(GetParam())).vocab();
  using airtok::detail::PieceBytes;
  std::mt19937 rng(4242);
  airtok::detail::PieceCache& cache =
      airtok::detail::ThreadState::current().piece_cache(~std::uint64_t{1});
  cache.clear();
  std::vector<Rank> scratch;
  int checked = 0;
  for (int i = 0; i < 6000; ++i) {
    std::string piece = airtok_test::random_multilingual(rng, 2 + rng() % 255);
    // Its longest valid prefix of at most 256 bytes (the units include broken sequences).
    piece.resize(airtok::detail::utf8_valid_up_to(std::string_view(piece).substr(0, 256)));
    if (piece.size() < 2) continue;
    std::vector<Rank> fast, merged;
    airtok::detail::bpe_encode(vocab, piece, merged);
    for (int pass = 0; pass < 2; ++pass) {  // merged, then from the cache
      fast.clear();
      airtok::detail::bpe_encode(vocab, cache, piece, fast, PieceBytes::kValidUtf8);
      ASSERT_EQ(fast, merged) << "pass " << pass << ", piece of " << piece.size();
    }
    cache.clear();
    ASSERT_EQ(airtok::detail::bpe_count(vocab, cache, piece, scratch, PieceBytes::kValidUtf8),
              merged.size());
    ++checked;
  }
  EXPECT_GT(checked, 5000);
}

/// How many pairs of the ASCII piece the scan starts with merged (Vocab::pair_first_after).
std::size_t sure_pairs(const airtok::detail::Vocab& vocab, std::string_view piece) {
  const auto* s = reinterpret_cast<const unsigned char*>(piece.data());
  const std::size_t n = piece.size();
  std::size_t count = 0;
  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (vocab.sure_pair(s, n, i) != airtok::detail::kNoRank) {
      ++count;
      ++i;
    }
  }
  return count;
}

// The pair table lets the scan start ASCII pieces with some two-byte tokens merged. It must
// change nothing: words, numbers and operators against the rule joining single bytes by their
// bytes, and through the piece cache.
TEST_P(BpeAgreement, StartingFromSurePairsChangesNothing) {
  const auto& vocab =
      airtok::detail::EncodingAccess::impl(airtok::get_encoding(GetParam())).vocab();
  ASSERT_TRUE(vocab.has_pair_firsts());
  std::mt19937 rng(4242);
  airtok::detail::PieceCache& cache =
      airtok::detail::ThreadState::current().piece_cache(~std::uint64_t{2});
  std::size_t bytes = 0, sure = 0;
  for (int i = 0; i < 6000; ++i) {
    std::string piece = random_piece(rng, 2 + rng() % 40, i % 4);
    if (i % 3 == 0) piece.insert(0, 1, " \n\t."[rng() % 4]);
    ASSERT_TRUE(agrees_with_bytes(vocab, cache, piece)) << "piece " << i;
    bytes += piece.size();
    sure += sure_pairs(vocab, piece);
  }
  // The check above means something only if many pairs start merged.
  EXPECT_GT(sure, bytes / 20) << sure << " pairs in " << bytes << " bytes";
}

// Vocabularies trained on a few letters, some with merges picked at random (ranks out of the
// order of the pairs' frequencies): pairs that start merged next to every kind of neighbour.
TEST(BpeMergeTable, SurePairsAgreeWithByteLookupsOnTrainedVocabularies) {
  std::mt19937 rng(5150);
  std::size_t with_table = 0, bytes = 0, sure = 0;
  for (int v = 0; v < 60; ++v) {
    std::vector<std::string> text;
    for (int i = 0; i < 3000; ++i) text.emplace_back(1, "aaabbcde "[rng() % 9]);
    const auto vocab = airtok::detail::Vocab::build(
        airtok_test::trained_on_text(rng, std::move(text), 20 + rng() % 300, (v % 3) * 0.3));
    ASSERT_TRUE(vocab.has_merge_table());
    ASSERT_EQ(vocab.has_pair_firsts(), vocab.splits_usable()) << "vocabulary " << v;
    if (!vocab.has_pair_firsts()) continue;
    ++with_table;
    for (int i = 0; i < 300; ++i) {
      std::string piece = random_letters(rng, 1 + rng() % 64);
      if (i % 2 == 0) piece.insert(rng() % piece.size(), 1, "e "[rng() % 2]);
      std::vector<Rank> scan, by_bytes;
      airtok::detail::bpe_merge_scan(vocab, piece, scan);
      airtok::detail::bpe_merge_by_bytes(vocab, piece, by_bytes);
      ASSERT_EQ(scan, by_bytes) << "vocabulary " << v << ", piece " << piece;
      bytes += piece.size();
      sure += sure_pairs(vocab, piece);
    }
  }
  EXPECT_GE(with_table, 40u) << "too few trained vocabularies have a pair table";
  EXPECT_GT(sure, bytes / 20) << sure << " pairs in " << bytes << " bytes";
}

/// Checks the scan against the rule joining bytes on `count` pieces of `prefix` then up to
/// `bytes` bytes of text over `alphabet`, handing each piece to `seen`.
::testing::AssertionResult pieces_agree(
    std::mt19937& rng, const airtok::detail::Vocab& vocab, const std::vector<std::string>& alphabet,
    int count, std::size_t bytes, const std::string& prefix = "",
    const std::function<void(const std::string&)>& seen = [](const std::string&) {}) {
  for (int i = 0; i < count; ++i) {
    std::string piece = prefix;  // (not prefix + ...: GCC 12 warns wrongly of overlapping copies)
    piece += airtok_test::random_over(rng, alphabet, 1 + rng() % bytes);
    seen(piece);
    std::vector<Rank> scan, by_bytes;
    airtok::detail::bpe_merge_scan(vocab, piece, scan);
    airtok::detail::bpe_merge_by_bytes(vocab, piece, by_bytes);
    if (scan != by_bytes) return ::testing::AssertionFailure() << "differs on: " << piece;
  }
  return ::testing::AssertionSuccess();
}

TEST(BpeMergeTable, CharacterTableAgreesWithByteLookupsOnTrainedVocabularies) {
  // Vocabularies trained on a few characters that share lead bytes: their tokens cut
  // characters at both edges, with ranks below and above the characters' own tokens.
  std::mt19937 rng(99);
  int with_table = 0;
  for (int v = 0; v < 60; ++v) {
    const auto alphabet = airtok_test::multibyte_alphabet(rng);
    const auto vocab = airtok::detail::Vocab::build(
        airtok_test::trained_on(rng, alphabet, 40 + rng() % 400, v % 2 == 0 ? 0.0 : 0.5));
    with_table += vocab.has_char_table();
    ASSERT_TRUE(pieces_agree(rng, vocab, alphabet, 300, 256)) << "vocabulary " << v;
  }
  EXPECT_GE(with_table, 40) << "too few trained vocabularies have a character table";
}

TEST(BpeMergeTable, TwoTokenCharactersAgreeWithByteLookupsOnTrainedVocabularies) {
  // Vocabularies trained with few merges, so that some three-byte characters stay two tokens,
  // a two-byte token and a byte, which the character table lets the scan start with
  // (Vocab::kCharHeadPair and kCharTailPair).
  std::mt19937 rng(2024);
  int two_token_entries = 0;
  for (int v = 0; v < 80; ++v) {
    const auto alphabet = airtok_test::multibyte_alphabet(rng);
    const auto vocab = airtok::detail::Vocab::build(
        airtok_test::trained_on(rng, alphabet, 4 + rng() % 24, v % 2 == 0 ? 0.0 : 0.5));
    for (const std::string& c : alphabet) {
      char32_t cp = 0;
      const auto* s = reinterpret_cast<const unsigned char*>(c.data());
      if (c.size() != 3 || airtok::detail::decode_checked_multibyte(s, 3, 0, cp) != 3) continue;
      if (!vocab.has_char_table()) continue;
      const std::uint32_t field = vocab.char_entry(cp) & airtok::detail::Vocab::kCharRankMask;
      two_token_entries += field >= airtok::detail::Vocab::kCharTailPair;
    }
    ASSERT_TRUE(pieces_agree(rng, vocab, alphabet, 300, 256)) << "vocabulary " << v;
  }
  EXPECT_GE(two_token_entries, 40) << "too few characters of two tokens start merged";
}

TEST(BpeMergeTable, SpaceAndCharacterAgreeWithByteLookupsOnTrainedVocabularies) {
  // Pieces that start with a space, over the trained vocabularies of the tests above: tokens of
  // a space and a character rank below and above the tokens that cut the character's right
  // edge, the character's own token joined with what follows among them.
  std::mt19937 rng(4096);
  int one = 0, two = 0;
  for (int v = 0; v < 60; ++v) {
    const auto alphabet = airtok_test::multibyte_alphabet(rng);
    const auto vocab = airtok::detail::Vocab::build(
        airtok_test::trained_on(rng, alphabet, 40 + rng() % 400, v % 2 == 0 ? 0.0 : 0.5));
    const auto count = [&](const std::string& p) { count_space_entry(vocab, p, one, two); };
    ASSERT_TRUE(pieces_agree(rng, vocab, alphabet, 300, 64, " ", count)) << "vocabulary " << v;
  }
  EXPECT_GE(one, 3000) << one << " pieces start with a space the table joins";
  EXPECT_GE(two, 1000) << two << " pieces start with a space and a character as two tokens";
}

TEST(BpeMergeTable, SpaceAndPartOfACharacterAgreeWithByteLookupsOnTrainedVocabularies) {
  // A space and three-byte characters, with a few merges of random neighbours: the space and a
  // character often end as two tokens of two bytes each, and a token cutting the character's
  // right edge often ranks between them, where only the higher of the two may be compared.
  std::mt19937 rng(8192);
  int one = 0, two = 0;
  for (int v = 0; v < 120; ++v) {
    std::vector<std::string> alphabet = {" "};
    const char32_t bases[] = {0x3041, 0x4E00, 0xAC00};
    for (int i = 0; i < 3; ++i) {
      alphabet.push_back(airtok_test::utf8(bases[rng() % 3] + static_cast<char32_t>(rng() % 4)));
    }
    const auto vocab =
        airtok::detail::Vocab::build(airtok_test::trained_on(rng, alphabet, 4 + rng() % 30, 1.0));
    const auto count = [&](const std::string& p) { count_space_entry(vocab, p, one, two); };
    ASSERT_TRUE(pieces_agree(rng, vocab, alphabet, 300, 32, " ", count)) << "vocabulary " << v;
  }
  EXPECT_GE(two, 3000) << two << " pieces start with a space and a character as two tokens";
}

TEST(BpeMergeTable, AbsentWhenABytesHasNoToken) {
  airtok::MergeableRanks ranks;
  for (int b = 0; b < 255; ++b) ranks.emplace_back(std::string(1, static_cast<char>(b)), b);
  ranks.emplace_back("ab", 300);
  const auto vocab = airtok::detail::Vocab::build(ranks);
  EXPECT_FALSE(vocab.has_merge_table());
  std::vector<Rank> out;
  airtok::detail::bpe_merge_scan(vocab, "xabab", out);
  EXPECT_EQ(out, (std::vector<Rank>{'x', 300, 300}));
}

INSTANTIATE_TEST_SUITE_P(Vocabularies, BpeAgreement,
                         ::testing::Values("r50k_base", "p50k_base", "cl100k_base", "o200k_base"));

}  // namespace
