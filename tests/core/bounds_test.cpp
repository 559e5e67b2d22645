// Bad inputs that must end in a clear error, or be handled in bounded memory, never in a crash,
// a hang or an allocation sized by a value in the input (issue 14): ids and ranks far beyond
// the number of tokens, and embedded tables whose hash tables have no empty slot.
#include "child_process.hpp"
#include "core/vocab.hpp"

#include <airtok/encoding.hpp>
#include <airtok/load.hpp>
#include <airtok/registry.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

namespace {

using airtok::Encoding;
using airtok::Rank;
using airtok::detail::Vocab;
using airtok::test::run_in_child;

constexpr std::size_t kRoom = std::size_t{256} << 20;  // far below what the bugs allocated

airtok::MergeableRanks bytes_only() {
  airtok::MergeableRanks ranks;
  for (unsigned b = 0; b < 256; ++b) ranks.emplace_back(std::string(1, static_cast<char>(b)), b);
  return ranks;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// ---- Special-token ids: any 32-bit value, as in tiktoken; nothing is sized by them -------------

TEST(Bounds, HugeSpecialIdEncodesAndDecodesInBoundedMemory) {
  const int code = run_in_child(
      [] {
        const Encoding enc =
            Encoding::create("big", "\\S+|\\s+", bytes_only(), {{"<|x|>", 4'000'000'000u}});
        const std::vector<Rank> ids = enc.encode("a<|x|>b", airtok::SpecialSet::all());
        if (ids != std::vector<Rank>{97, 4'000'000'000u, 98}) return 1;
        if (enc.decode(ids) != "a<|x|>b") return 2;
        return enc.n_vocab() == 4'000'000'001u && enc.is_special_token(4'000'000'000u) ? 0 : 3;
      },
      kRoom);
  EXPECT_EQ(code, 0);
}

// ---- Counting keeps no ids, for every pattern -------------------------------------------------

TEST(Bounds, CountingKeepsNoIdsForAnyPatternSpecialsOrInvalidUtf8) {
  // 48 MiB of text is about 16 M tokens: 64 MB of ids, which the child has no room for. The
  // counts must fit in 40 MiB, for the built-in scanner and for the PCRE2 pre-tokenizer (a
  // custom pattern), with special tokens and with bytes that are not UTF-8 at the end.
  const Encoding& builtin = airtok::get_encoding("cl100k_base");
  const Encoding generic = Encoding::create("generic", "(?:" + builtin.pattern() + ")",
                                            builtin.mergeable_ranks(), builtin.special_tokens());
  std::string text;
  text.reserve((std::size_t{48} << 20) + 64);
  while (text.size() < (std::size_t{48} << 20)) text += "ab cd ef<|endoftext|>gh \n";
  const std::size_t specials = text.size() / std::strlen("ab cd ef<|endoftext|>gh \n");
  const std::string invalid = text + "  \xff";
  // Expected counts, here in the parent (which has the memory): from encode.
  const std::size_t ordinary = builtin.encode_ordinary(text).size();
  const std::size_t with_specials = builtin.encode(text, airtok::SpecialSet::all()).size();
  const std::size_t with_invalid = builtin.encode_ordinary(invalid).size();
  const std::size_t both = builtin.encode(invalid, airtok::SpecialSet::all()).size();
  ASSERT_LT(with_specials + specials, ordinary);  // the special tokens' texts are there
  // PCRE2's per-thread state is made here, before the child's room is measured.
  ASSERT_EQ(generic.count_ordinary("warm up"), builtin.count_ordinary("warm up"));

  constexpr std::size_t kCountRoom = std::size_t{40} << 20;
  const auto counts = [&](const Encoding& enc) {
    return run_in_child(
        [&] {
          if (enc.count_ordinary(text) != ordinary) return 1;
          if (enc.count(text, airtok::SpecialSet::all()) != with_specials) return 2;
          if (enc.count_ordinary(invalid) != with_invalid) return 3;
          if (enc.count(invalid, airtok::SpecialSet::all()) != both) return 4;
          return 0;
        },
        kCountRoom, false, std::chrono::seconds(300));
  };
  EXPECT_EQ(counts(builtin), 0);
  EXPECT_EQ(counts(generic), 0);
  // The room is really too small for the ids (64 MB of them, besides the text).
  EXPECT_GT(ordinary * sizeof(Rank), kCountRoom + (std::size_t{16} << 20));
}

// ---- PCRE2's limits: a clear ResourceError, never a crash -------------------------------------

TEST(Bounds, PatternThatOverflowsPcre2sJitStackIsAResourceError) {
  // `(a|b)*` keeps a backtracking frame per letter: 3 M letters need more than the 64 MiB JIT
  // stack (tiktoken's regex engine would panic here).
  const Encoding& base = airtok::get_encoding("cl100k_base");
  const Encoding enc = Encoding::create("nested", "(a|b)*c|\\S", base.mergeable_ranks(), {});
  const std::string text(3'000'000, 'a');
  try {
    (void)enc.count_ordinary(text);
    ADD_FAILURE() << "no ResourceError";
  } catch (const airtok::ResourceError& e) {
    EXPECT_TRUE(contains(e.what(), "could not be matched at byte 0 of a 3000000-byte text"))
        << e.what();
  }
  // And it still works: its pieces of "ab c" are "a", "b" and "c" (the space matches nothing).
  std::vector<Rank> letters;
  for (const char* piece : {"a", "b", "c"}) letters.push_back(base.encode_single_token(piece));
  EXPECT_EQ(enc.encode_ordinary("ab c"), letters);
}

// ---- Ranks: nearly dense, or refused before any table is sized by them -------------------------

TEST(Bounds, SparseRankIsRefusedBeforeAnyTableIsSizedByIt) {
  // Rank 2^28 - 1 is within kMaxRank; tables indexed by it took 3 GB for one token.
  const int code = run_in_child(
      [] {
        try {
          (void)Vocab::build({{"a", airtok::detail::kMaxRank}});
        } catch (const airtok::InvalidEncodingError& e) {
          const std::string m = e.what();
          return contains(m, "rank 268435455") && contains(m, "of 1 token:") &&
                         contains(m, "below 2 * n + 65536 (here 65538)")
                     ? 0
                     : 1;
        }
        return 2;
      },
      kRoom);
  EXPECT_EQ(code, 0);
}

TEST(Bounds, RanksWithGapsUpToTheLimitAreAccepted) {
  const std::uint64_t limit = airtok::detail::rank_limit(2);
  EXPECT_EQ(limit, 65540u);
  const Vocab gaps = Vocab::build({{"a", 0}, {"b", static_cast<Rank>(limit - 1)}});
  EXPECT_EQ(gaps.find("b"), limit - 1);
  EXPECT_THROW(Vocab::build({{"a", 0}, {"b", static_cast<Rank>(limit)}}),
               airtok::InvalidEncodingError);
  // Real vocabularies are dense: every rank below the token count.
  auto dense = bytes_only();
  dense.emplace_back("ab", 256);
  EXPECT_EQ(Vocab::build(dense).rank_count(), 257u);
}

TEST(Bounds, OneLineTiktokenFileWithAHugeRankIsAClearError) {
  // The loader reads it, as tiktoken's load_tiktoken_bpe does; building an encoding refuses it.
  const int code = run_in_child(
      [] {
        const airtok::MergeableRanks ranks =
            airtok::parse_tiktoken_bpe("YQ== 268435455\n", "one.tiktoken");
        if (ranks != airtok::MergeableRanks{{"a", 268435455}}) return 1;
        try {
          (void)Encoding::create("one", "\\S+", ranks, {});
        } catch (const airtok::InvalidEncodingError& e) {
          return contains(e.what(), "rank 268435455 of token \"a\" is too large") ? 0 : 2;
        }
        return 3;
      },
      kRoom);
  EXPECT_EQ(code, 0);
}

// ---- Embedded tables: every probe loop must end, on any blob -----------------------------------

/// A blob's header and where its tables start (the layout in vocab.hpp).
struct Layout {
  airtok::detail::VocabHeader header;
  std::size_t slots_at = sizeof(airtok::detail::VocabHeader);
  std::size_t merges_at = 0;
};

Layout layout_of(const std::vector<std::uint64_t>& blob) {
  Layout l;
  std::memcpy(&l.header, blob.data(), sizeof l.header);
  const airtok::detail::VocabHeader& h = l.header;
  const std::size_t end = l.slots_at + sizeof(airtok::detail::KeySlot) * std::size_t{h.slot_count} +
                          4 * (std::size_t{h.rank_count} + 1) + 4 * 65536 + h.byte_count;
  l.merges_at = (end + 7) / 8 * 8;
  return l;
}

/// A vocabulary with a merge table, serialized into 8-byte-aligned memory as embedded blobs are.
std::vector<std::uint64_t> small_blob() {
  auto ranks = bytes_only();
  ranks.emplace_back("ab", 256);
  ranks.emplace_back("abc", 257);
  const std::string bytes = Vocab::build(ranks).serialize();
  std::vector<std::uint64_t> blob((bytes.size() + 7) / 8);
  std::memcpy(blob.data(), bytes.data(), bytes.size());
  return blob;
}

std::span<const unsigned char> blob_bytes(const std::vector<std::uint64_t>& blob) {
  return {reinterpret_cast<const unsigned char*>(blob.data()), blob.size() * 8};
}

/// 0 if view() refuses `blob` with a message that contains `expected`; 1 if it accepts it, 2 for
/// another message. Run in a child with a timeout (kChildHung), because a full table used to
/// make view's own lookups, or later ones, loop forever.
int view_refusal(const std::vector<std::uint64_t>& blob, const std::string& expected) {
  return run_in_child(
      [&] {
        try {
          const Vocab v = Vocab::view(blob_bytes(blob));
          (void)v.find("absent token");
          (void)v.merge_rank(1, 2);
        } catch (const airtok::InvalidEncodingError& e) {
          return contains(e.what(), expected) ? 0 : 2;
        }
        return 1;
      },
      0, false, std::chrono::seconds(20));
}

TEST(Bounds, ViewOfAWellFormedBlobFindsItsTokens) {
  const auto blob = small_blob();
  const Vocab v = Vocab::view(blob_bytes(blob));
  EXPECT_TRUE(v.has_merge_table());
  EXPECT_EQ(v.find("abc"), 257u);
  EXPECT_EQ(v.find("abd"), airtok::detail::kNoRank);
  EXPECT_EQ(v.merge_rank(256, 'c'), 257u);
  EXPECT_EQ(v.merge_rank('c', 'c'), airtok::detail::kNoRank);
}

TEST(Bounds, ViewRefusesASlotTableWithoutAnEmptySlot) {
  auto blob = small_blob();
  const Layout l = layout_of(blob);
  auto* bytes = reinterpret_cast<unsigned char*>(blob.data());
  const airtok::detail::KeySlot taken{0, 0, 1};  // rank 0, one byte: in every slot
  for (std::uint32_t i = 0; i < l.header.slot_count; ++i) {
    std::memcpy(bytes + l.slots_at + sizeof taken * std::size_t{i}, &taken, sizeof taken);
  }
  EXPECT_EQ(view_refusal(blob, "token slot table (" + std::to_string(l.header.slot_count) +
                                   " slots) has no empty slot"),
            0);
}

TEST(Bounds, ViewRefusesAMergeTableWithoutAnEmptySlot) {
  auto blob = small_blob();
  const Layout l = layout_of(blob);
  ASSERT_GT(l.header.merge_slot_count, 0u);
  auto* bytes = reinterpret_cast<unsigned char*>(blob.data());
  const std::uint64_t taken = 0;  // the merge 0 + 0 -> 0: not the empty marker
  for (std::uint32_t i = 0; i < l.header.merge_slot_count; ++i) {
    std::memcpy(bytes + l.merges_at + 8 * std::size_t{i}, &taken, sizeof taken);
  }
  EXPECT_EQ(view_refusal(blob, "merge table (" + std::to_string(l.header.merge_slot_count) +
                                   " slots) has no empty slot"),
            0);
}

TEST(Bounds, ViewRefusesFiltersOfABadSize) {
  // Filters are indexed by a hash's top bits, so their word counts must be powers of two (and
  // the merge filter present exactly when the merge table is).
  const std::size_t merge_words_at = offsetof(airtok::detail::VocabHeader, merge_filter_words);
  const std::size_t token_words_at = offsetof(airtok::detail::VocabHeader, token_filter_words);
  for (const auto& [at, value] : std::vector<std::pair<std::size_t, std::uint32_t>>{
           {merge_words_at, 0}, {merge_words_at, 3}, {token_words_at, 0}, {token_words_at, 1}}) {
    auto blob = small_blob();
    std::memcpy(reinterpret_cast<unsigned char*>(blob.data()) + at, &value, sizeof value);
    EXPECT_EQ(view_refusal(blob, "truncated or corrupt"), 0) << "field at " << at << " = " << value;
  }
}

}  // namespace
