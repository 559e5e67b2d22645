// One encoding used from many threads at once gives the same results as one thread; batch
// calls equal sequential ones. Run under ThreadSanitizer by .ci/run once.
#include "child_process.hpp"

#include <airtok/registry.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

std::vector<std::string> corpus(std::size_t n) {
  static const char* kWords[] = {"hello",  " world", "\n\n", "  ", "naïve",
                                 "日本語", "123456", "'s",   "🎉",  "<|endoftext|>",
                                 "don't",  "\t",     "Ω≈ç√", "x"};
  std::mt19937 rng(7);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) {
    std::string s;
    for (int w = 0; w < 50; ++w) s += kWords[rng() % std::size(kWords)];
    out.push_back(s);
  }
  return out;
}

TEST(Threads, ManyThreadsOneEncoding) {
  const auto texts = corpus(64);
  for (const char* name : {"cl100k_base", "o200k_base"}) {
    const airtok::Encoding& enc = airtok::get_encoding(name);
    std::vector<std::vector<airtok::Rank>> expected;
    for (const auto& t : texts) expected.push_back(enc.encode_ordinary(t));
    std::vector<std::thread> threads;
    std::vector<int> failures(8, 0);
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        for (int round = 0; round < 5; ++round) {
          for (std::size_t i = 0; i < texts.size(); ++i) {
            if (enc.encode_ordinary(texts[i]) != expected[i]) ++failures[t];
            if (enc.decode(expected[i]) != texts[i]) ++failures[t];
          }
        }
      });
    }
    for (auto& th : threads) th.join();
    for (int f : failures) EXPECT_EQ(f, 0) << name;
  }
}

TEST(Threads, FirstUseFromManyThreadsBuildsOnce) {
  std::vector<const airtok::Encoding*> seen(8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] { seen[t] = &airtok::get_encoding("p50k_edit"); });
  }
  for (auto& th : threads) th.join();
  for (auto* p : seen) EXPECT_EQ(p, seen[0]);
}

TEST(Batch, EqualsSequential) {
  const auto texts = corpus(200);
  const airtok::Encoding& enc = airtok::get_encoding("cl100k_base");
  const auto batch = enc.encode_ordinary_batch(texts);
  const auto batch2 = enc.encode_batch(texts, airtok::SpecialSet::all(), {}, 2);
  ASSERT_EQ(batch.size(), texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(batch[i], enc.encode_ordinary(texts[i]));
    EXPECT_EQ(batch2[i], enc.encode(texts[i], airtok::SpecialSet::all()));
  }
  // The overloads for views give the same, with the texts not copied.
  const std::vector<std::string_view> views(texts.begin(), texts.end());
  EXPECT_EQ(enc.encode_ordinary_batch(views, 2), batch);
  EXPECT_EQ(enc.encode_batch(views, airtok::SpecialSet::all()), batch2);
  const auto counts = enc.count_ordinary_batch(views);
  ASSERT_EQ(counts.size(), texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) EXPECT_EQ(counts[i], batch[i].size());
  EXPECT_THROW(enc.encode_batch(views), airtok::DisallowedSpecialError);
  // A braced list is taken as views; {} is no texts (it was ambiguous between the two spans).
  EXPECT_TRUE(enc.encode_ordinary_batch({}).empty());
  EXPECT_TRUE(enc.count_ordinary_batch({}, 2).empty());
  EXPECT_TRUE(enc.encode_batch({}).empty());
  EXPECT_EQ(enc.encode_ordinary_batch({texts[0], std::string_view(texts[1])}),
            (std::vector{batch[0], batch[1]}));
  EXPECT_EQ(enc.count_ordinary_batch({"hello world", texts[2]}, 2),
            (std::vector<std::size_t>{enc.count_ordinary("hello world"), batch[2].size()}));
  EXPECT_EQ(enc.encode_batch({texts[3]}, airtok::SpecialSet::all()),
            std::vector<std::vector<airtok::Rank>>{batch2[3]});
  const auto decoded = enc.decode_batch(batch);
  for (std::size_t i = 0; i < texts.size(); ++i) EXPECT_EQ(decoded[i], texts[i]);
  // A disallowed special token in any text is reported.
  EXPECT_THROW(enc.encode_batch(texts), airtok::DisallowedSpecialError);
}

// Not a Batch.* test: ThreadSanitizer (tools/run_tests.sh runs Threads.* and Batch.* under it)
// stops a child that starts threads after a multi-threaded fork, which is what this test does.
TEST(Fork, BatchWorksInAForkedChildWhichThenExits) {
  // fork() copies only the calling thread: the child must not use or join its parent's workers.
  // It used to hang in its exit, joining threads it does not have.
  const auto texts = corpus(64);
  const airtok::Encoding& enc = airtok::get_encoding("cl100k_base");
  const auto expected = enc.encode_ordinary_batch(texts, 2);  // the pool now has its threads
  // Let the worker go back to waiting for work: the state in which the fork used to leave the
  // child unable to exit (with the worker between tasks, glibc happened to let it through).
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const int code = airtok::test::run_in_child(
      [&] {
        if (enc.encode_ordinary_batch(texts, 2) != expected) return 1;
        if (enc.count_ordinary_batch(texts, 2).size() != texts.size()) return 2;
        // A grandchild too: the handlers stay registered.
        return airtok::test::run_in_child(
            [&] { return enc.encode_ordinary_batch(texts, 2) == expected ? 0 : 1; }, 0, true);
      },
      0, /*normal_exit=*/true, std::chrono::seconds(20));  // std::exit: the pool's destructor runs
  EXPECT_EQ(code, 0) << (code == airtok::test::kChildHung ? "the forked child hung" : "");
  EXPECT_EQ(enc.encode_ordinary_batch(texts, 2), expected);  // the parent's pool still works
}

}  // namespace
