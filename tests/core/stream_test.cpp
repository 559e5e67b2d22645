// Streaming and parallel splitting must give exactly encode_ordinary's ids: random texts (with
// invalid UTF-8 and long runs), fed in random chunk sizes; large texts through the batch calls.
#include <airtok/load.hpp>
#include <airtok/registry.hpp>
#include <airtok/stream.hpp>

#include <gtest/gtest.h>

#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace {

using airtok::Rank;

/// Random text; with `invalid`, also bytes that are not UTF-8 (after the first of them
/// tiktoken's semantics make the rest one piece, so large texts get them only at the end).
std::string random_text(std::mt19937& rng, std::size_t approx_bytes, bool invalid = true) {
  static const char* kParts[] = {"word",
                                 " word",
                                 " ",
                                 "  ",
                                 "\n",
                                 "\r\n",
                                 "I'm",
                                 " it's",
                                 "123",
                                 "4567",
                                 "naïve",
                                 " 日本語",
                                 "🎉",
                                 "\t",
                                 "<|endoftext|>",
                                 "aaaaaaaaaaaaaaaaaaaa",
                                 " Ünïcödé",
                                 "x y",
                                 "\xF0\x9F",
                                 "\xff",
                                 "\xC3"};
  const std::size_t kinds = std::size(kParts) - (invalid ? 0 : 3);
  std::string s;
  while (s.size() < approx_bytes) s += kParts[rng() % kinds];
  return s;
}

std::vector<Rank> streamed(const airtok::Encoding& enc, std::string_view text, std::mt19937& rng) {
  airtok::StreamEncoder stream(enc);
  std::vector<Rank> ids;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = std::min<std::size_t>(text.size() - i, 1 + rng() % 300);
    const auto part = stream.feed(text.substr(i, n));
    ids.insert(ids.end(), part.begin(), part.end());
    i += n;
  }
  const auto rest = stream.finish();
  ids.insert(ids.end(), rest.begin(), rest.end());
  return ids;
}

class Streaming : public ::testing::TestWithParam<const char*> {};

TEST_P(Streaming, EqualsEncodeOrdinaryForRandomChunks) {
  const airtok::Encoding& enc = airtok::get_encoding(GetParam());
  std::mt19937 rng(4242);
  for (int i = 0; i < 300; ++i) {
    const std::string text = random_text(rng, rng() % 5000);
    ASSERT_EQ(streamed(enc, text, rng), enc.encode_ordinary(text)) << "case " << i;
  }
}

TEST_P(Streaming, MemoryStaysBoundedOnOrdinaryText) {
  const airtok::Encoding& enc = airtok::get_encoding(GetParam());
  airtok::StreamEncoder stream(enc);
  std::size_t count = 0, max_pending = 0;
  const std::string chunk = "the quick brown fox jumps over the lazy dog\n";
  for (int i = 0; i < 50000; ++i) {  // 2.2 MB
    count += stream.feed(chunk).size();
    max_pending = std::max(max_pending, stream.pending_bytes());
  }
  count += stream.finish().size();
  std::string all;
  for (int i = 0; i < 50000; ++i) all += chunk;
  EXPECT_EQ(count, enc.count_ordinary(all));
  EXPECT_LT(max_pending, chunk.size());
}

TEST_P(Streaming, BatchSplitsLargeTextsExactly) {
  const airtok::Encoding& enc = airtok::get_encoding(GetParam());
  std::mt19937 rng(77);
  std::vector<std::string> texts = {random_text(rng, 5 << 20, false), "small",
                                    random_text(rng, 3 << 20, false) + " \xff\xfe x",
                                    std::string(1 << 20, 'a')};
  const auto batch = enc.encode_ordinary_batch(texts, 2);
  const auto counts = enc.count_ordinary_batch(texts, 2);
  // The same texts as views into one buffer, each followed by bytes that would change its last
  // piece if a view were read past its end.
  std::string buffer;
  std::vector<std::size_t> starts;
  for (const std::string& t : texts) {
    starts.push_back(buffer.size());
    buffer += t + "abc";
  }
  std::vector<std::string_view> views;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    views.push_back(std::string_view(buffer).substr(starts[i], texts[i].size()));
  }
  const auto view_batch = enc.encode_ordinary_batch(views, 2);
  const auto view_counts = enc.count_ordinary_batch(views, 2);
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const auto whole = enc.encode_ordinary(texts[i]);
    EXPECT_EQ(batch[i], whole) << "text " << i;
    EXPECT_EQ(counts[i], whole.size()) << "text " << i;
    EXPECT_EQ(view_batch[i], whole) << "view " << i;
    EXPECT_EQ(view_counts[i], whole.size()) << "view " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Encodings, Streaming,
                         ::testing::Values("r50k_base", "cl100k_base", "o200k_base"));

TEST(Streaming, CustomPatternIsHeldWholeAndExact) {
  const airtok::Encoding& base = airtok::get_encoding("cl100k_base");
  airtok::MergeableRanks ranks =
      airtok::load_tiktoken_bpe_file(std::string(AIRTOK_DATA_DIR) + "/cl100k_base.tiktoken");
  const airtok::Encoding custom =
      airtok::Encoding::create("custom", R"(\S+|\s+)", std::move(ranks), base.special_tokens());
  std::mt19937 rng(5);
  const std::string text = random_text(rng, 20000);
  EXPECT_EQ(streamed(custom, text, rng), custom.encode_ordinary(text));
}

TEST(EncodeTo, WritesWhatFitsAndReturnsTheCount) {
  const airtok::Encoding& enc = airtok::get_encoding("cl100k_base");
  const std::string text = "Counting into a caller's buffer never allocates per call.";
  const auto ids = enc.encode_ordinary(text);
  std::vector<Rank> buf(ids.size() + 5, 7);
  EXPECT_EQ(enc.encode_ordinary_to(text, buf), ids.size());
  EXPECT_TRUE(std::equal(ids.begin(), ids.end(), buf.begin()));
  EXPECT_EQ(buf[ids.size()], 7u);
  std::vector<Rank> small(3);
  EXPECT_EQ(enc.encode_ordinary_to(text, small), ids.size());
  EXPECT_TRUE(std::equal(small.begin(), small.end(), ids.begin()));
}

}  // namespace
