// scanners.cpp — see scanners.hpp.
#include "pretok/scanners.hpp"

#include "encodings/builtin.hpp"

namespace airtok::detail {

namespace {

template <class Scanner>
class ScannerPreTokenizer final : public PreTokenizer {
 public:
  bool next_piece(std::string_view text, std::size_t from, Piece& piece) const override {
    if (from >= text.size()) return false;
    piece = {from,
             Scanner::next(reinterpret_cast<const unsigned char*>(text.data()), text.size(), from)};
    return true;
  }
};

}  // namespace

PatternFamily pattern_family(std::string_view pattern) noexcept {
  if (pattern == kR50kPattern) return PatternFamily::r50k;
  if (pattern == kCl100kPattern) return PatternFamily::cl100k;
  if (pattern == kO200kPattern) return PatternFamily::o200k;
  return PatternFamily::generic;
}

std::unique_ptr<PreTokenizer> make_scanner(PatternFamily family) {
  switch (family) {
    case PatternFamily::r50k:
      return std::make_unique<ScannerPreTokenizer<ScannerR50k>>();
    case PatternFamily::cl100k:
      return std::make_unique<ScannerPreTokenizer<ScannerCl100k>>();
    case PatternFamily::o200k:
      return std::make_unique<ScannerPreTokenizer<ScannerO200k>>();
    case PatternFamily::generic:
      break;
  }
  return nullptr;
}

std::unique_ptr<PreTokenizer> make_pretokenizer(const std::string& pattern) {
  const PatternFamily family = pattern_family(pattern);
  return family == PatternFamily::generic ? make_pcre2_pretokenizer(pattern) : make_scanner(family);
}

}  // namespace airtok::detail
