// libFuzzer target: parse_tiktoken_bpe on arbitrary bytes.
//
// The only acceptable failure is LoadError (whose message must start with the source name);
// any other exception, crash or sanitizer report is a bug. Accepted input must satisfy the
// format's invariants, and writing it back canonically must parse to the same ranks. Building
// the rank tables from it must succeed or throw InvalidEncodingError, in memory bounded by the
// input (libFuzzer's -malloc_limit_mb catches a table sized by a sparse rank; seed sparse_rank).
#include <airtok/error.hpp>
#include <airtok/load.hpp>

#include "core/load/base64.hpp"
#include "core/vocab.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

namespace {

constexpr std::string_view kSource = "fuzz.tiktoken";

void check(bool condition) {
  if (!condition) std::abort();
}

void check_accepted(const airtok::MergeableRanks& ranks) {
  check(!ranks.empty());
  std::set<std::string_view> tokens;
  std::set<airtok::Rank> seen_ranks;
  std::string canonical;
  for (const auto& [bytes, rank] : ranks) {
    check(!bytes.empty());
    check(rank < (airtok::Rank{1} << 31));
    check(tokens.insert(bytes).second);
    check(seen_ranks.insert(rank).second);
    canonical += airtok::detail::base64_encode(bytes) + " " + std::to_string(rank) + "\n";
  }
  check(airtok::parse_tiktoken_bpe(canonical, kSource) == ranks);
  try {
    const airtok::detail::Vocab vocab = airtok::detail::Vocab::build(ranks);
    check(vocab.token_count() == ranks.size());
  } catch (const airtok::InvalidEncodingError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    check_accepted(airtok::parse_tiktoken_bpe(input, kSource));
  } catch (const airtok::LoadError& e) {
    check(std::string_view(e.what()).starts_with(kSource));
    check(e.file() == kSource);
  }
  return 0;
}
