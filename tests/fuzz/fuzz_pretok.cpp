// fuzz_pretok — the specialized scanners must cut any valid UTF-8 text exactly as the generic
// PCRE2 pre-tokenizer does (which the golden and code-point tests tie to tiktoken). The input's
// longest valid UTF-8 prefix is used; each of the three built-in pattern families is checked.
#include "../pretok/pretok_compare.hpp"
#include "core/utf8.hpp"
#include "encodings/builtin.hpp"
#include "pretok/scanners.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace airtok::detail;
  static const std::string_view kPatterns[] = {kR50kPattern, kCl100kPattern, kO200kPattern};
  static std::unique_ptr<PreTokenizer> pcre2[3], scanner[3];
  if (!pcre2[0]) {
    for (int f = 0; f < 3; ++f) {
      pcre2[f] = make_pcre2_pretokenizer(std::string(kPatterns[f]));
      scanner[f] = make_scanner(pattern_family(kPatterns[f]));
    }
  }
  std::string_view text(reinterpret_cast<const char*>(data), size);
  text = text.substr(0, utf8_valid_up_to(text));
  for (int f = 0; f < 3; ++f) {
    const std::string diff = airtok::testing::compare_pieces(*pcre2[f], *scanner[f], text);
    if (!diff.empty()) {
      std::fprintf(stderr, "family %d: %s\n", f, diff.c_str());
      std::abort();
    }
  }
  return 0;
}
