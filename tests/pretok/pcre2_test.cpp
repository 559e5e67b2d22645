// The generic PCRE2 pre-tokenizer when PCRE2 cannot allocate: a clear error, not a NULL
// pointer passed on to PCRE2.
#include "../core/child_process.hpp"
#include "pretok/pretokenizer.hpp"

#include <airtok/error.hpp>

#include <gtest/gtest.h>

#include <string_view>
#include <thread>

namespace {

TEST(Pcre2PreTokenizer, NoRoomForTheJitStackIsAClearError) {
  const auto pretok = airtok::detail::make_pcre2_pretokenizer(R"(\S+|\s+)");
  // A new thread's first match makes its match state, whose JIT stack reserves 64 MiB of address
  // space. The child has room for the thread (an 8 MiB stack) but not for that.
  const int code = airtok::test::run_in_child(
      [&] {
        int result = 1;
        std::thread([&] {
          try {
            airtok::detail::Piece piece;
            (void)pretok->next_piece("ab cd", 0, piece);
            result = 2;  // matched without the JIT stack it was built to have
          } catch (const airtok::Error& e) {
            const std::string_view m = e.what();
            result = m.find("cannot allocate its JIT stack") != m.npos ? 0 : 3;
          }
        }).join();
        return result;
      },
      std::size_t{24} << 20);
  EXPECT_EQ(code, 0);
}

TEST(Pcre2PreTokenizer, MatchesWhenThereIsRoom) {
  const auto pretok = airtok::detail::make_pcre2_pretokenizer(R"(\S+|\s+)");
  airtok::detail::Piece piece;
  ASSERT_TRUE(pretok->next_piece("ab cd", 0, piece));
  EXPECT_EQ(piece.begin, 0u);
  EXPECT_EQ(piece.end, 2u);
}

}  // namespace
