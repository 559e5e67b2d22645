// release_thread_caches() and the shrink rule of the per-thread state (core/thread_state.hpp):
// what a thread keeps is bounded as documented, is freed on request, and freeing it changes no
// result. The ids themselves are checked against the reference by the golden tests; here the
// ids before and after a release are compared with each other.
#include "core/thread_state.hpp"

#include <airtok/encoding.hpp>
#include <airtok/registry.hpp>
#include <airtok/thread_caches.hpp>

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace {

using airtok::detail::ThreadState;

std::string prose(std::size_t words) {
  static const char* const kWords[] = {
      "the ",    "tokenizer ", "merges ",  "ünïcödé ",
      "pieces ", "日本語の",   "1234567 ", "antidisestablishment "};
  std::string text;
  for (std::size_t i = 0; i < words; ++i) text += kWords[(i * 7 + i / 3) % 8];
  return text;
}

TEST(ThreadCaches, ReleaseFreesEverythingAndChangesNoResult) {
  const airtok::Encoding& enc = airtok::get_encoding("cl100k_base");
  const std::string text = prose(20000);
  const std::vector<airtok::Rank> before = enc.encode_ordinary(text);
  const std::size_t count_before = enc.count_ordinary(text);
  EXPECT_GE(ThreadState::current().allocated_bytes(),
            sizeof(airtok::detail::PieceCache));  // a piece cache

  airtok::release_thread_caches();
  EXPECT_EQ(ThreadState::current().allocated_bytes(), 0u);
  airtok::release_thread_caches();  // twice is fine
  EXPECT_EQ(enc.encode_ordinary(text), before);
  EXPECT_EQ(enc.count_ordinary(text), count_before);
}

TEST(ThreadCaches, WhatAThreadKeepsIsBoundedAsDocumented) {
  // Five encodings (one more than the slots) and a text whose ids exceed the scratch limit.
  airtok::release_thread_caches();
  const std::string text = prose(400000);  // about 3 MB, more than 262144 ids
  for (const char* name : {"r50k_base", "p50k_base", "cl100k_base", "o200k_base", "gpt2"}) {
    const airtok::Encoding& enc = airtok::get_encoding(name);
    std::vector<airtok::Rank> out(8);
    const std::size_t n = enc.encode_ordinary_to(text, out);
    EXPECT_GT(n * sizeof(airtok::Rank), airtok::detail::kScratchKeepBytes) << name;
    EXPECT_EQ(enc.count_ordinary(text), n) << name;
  }
  const ThreadState& state = ThreadState::current();
  EXPECT_LE(state.ordinary_to.capacity() * sizeof(airtok::Rank), airtok::detail::kScratchKeepBytes);
  const std::size_t cache_bytes =
      sizeof(airtok::detail::PieceCache) +
      sizeof(airtok::detail::PieceCache::LongEntry) * airtok::detail::PieceCache::kLongEntries;
  EXPECT_LE(state.allocated_bytes(),
            airtok::detail::kPieceCacheSlots * cache_bytes + 4 * airtok::detail::kScratchKeepBytes);
  EXPECT_LE(cache_bytes, std::size_t{1220} << 10);  // "640 KiB plus 576 KiB", as documented
}

TEST(ThreadCaches, ReleaseIsPerThreadAndCoversCustomPatterns) {
  const airtok::Encoding& base = airtok::get_encoding("r50k_base");
  // A pattern that is not a built-in one goes through PCRE2 and its per-thread match state.
  const airtok::Encoding custom = airtok::Encoding::create(
      "custom", R"(\p{L}+|\p{N}+|\s+|[^\s\p{L}\p{N}]+)", base.mergeable_ranks(), {});
  const std::string text = prose(5000);
  const std::vector<airtok::Rank> expected = custom.encode_ordinary(text);
  std::thread other([&] {
    EXPECT_EQ(custom.encode_ordinary(text), expected);
    airtok::release_thread_caches();
    EXPECT_EQ(ThreadState::current().allocated_bytes(), 0u);
    EXPECT_EQ(custom.encode_ordinary(text), expected);
  });
  other.join();
  // This thread's caches were not touched by the other thread's release.
  EXPECT_GT(ThreadState::current().allocated_bytes(), 0u);
  airtok::release_thread_caches();
  EXPECT_EQ(custom.encode_ordinary(text), expected);
}

}  // namespace
