// multibyte_text.hpp — text and vocabularies for testing the merge rule's character table
// (Vocab::char_entry): characters of many scripts, next to ASCII and to broken UTF-8, and small
// vocabularies trained on multi-byte text, whose tokens cut characters at every edge with ranks
// in every order. Shared by bpe_test.cpp and tests/fuzz/fuzz_merge.cpp.
#pragma once

#include "core/utf8.hpp"

#include <airtok/encoding.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace airtok_test {

/// Code point ranges of common scripts: Latin-1, Greek, Cyrillic, Arabic, Devanagari, kana,
/// CJK, Hangul, emoji.
inline constexpr std::pair<char32_t, char32_t> kScripts[] = {
    {0xC0, 0xFF},     {0x391, 0x3C9},   {0x410, 0x44F},   {0x621, 0x64A},     {0x905, 0x939},
    {0x3041, 0x30FA}, {0x4E00, 0x4FFF}, {0xAC00, 0xAFFF}, {0x1F600, 0x1F64F},
};

inline std::string utf8(char32_t c) {
  std::string out;
  airtok::detail::append_utf8(c, out);
  return out;
}

/// One unit of multilingual text, chosen by `pick`: mostly a character of one script
/// (`script`), sometimes ASCII, sometimes a broken sequence (a stray continuation byte, a lead
/// byte alone, a character cut short, an overlong or surrogate form).
inline std::string multilingual_unit(std::uint32_t pick, std::size_t script) {
  static const std::string kAscii[] = {" ", "a", "e", "n", "T", ".", ",", "\n", "0", "-"};
  static const std::string kBroken[] = {"\x80",         "\xBF",     "\xC3",         "\xE4\xB8",
                                        "\xF0\x9F\x98", "\xC0\xAF", "\xED\xA0\x80", "\xFF"};
  switch (pick % 16) {
    case 0:
    case 1:
    case 2:
      return kAscii[(pick >> 4) % std::size(kAscii)];
    case 3:
      return kBroken[(pick >> 4) % std::size(kBroken)];
    default: {
      const auto [first, last] = kScripts[script % std::size(kScripts)];
      return utf8(first + (pick >> 4) % (last - first + 1));
    }
  }
}

/// About `bytes` bytes of multilingual text: runs of one script, as real text has them.
inline std::string random_multilingual(std::mt19937& rng, std::size_t bytes) {
  std::string s;
  std::size_t script = rng();
  while (s.size() < bytes) {
    if (rng() % 12 == 0) script = rng();
    s += multilingual_unit(static_cast<std::uint32_t>(rng()), script);
  }
  return s;
}

/// A vocabulary trained on `text` (one byte per element) as BPE vocabularies are: all 256
/// bytes, then up to `extra` merges of the most frequent adjacent pair — or, with probability
/// `wild` per merge, of a random adjacent pair, so that tokens cutting a character's edge can
/// rank below the character's own token (training by frequency seldom gives that). Ranks are
/// in order of training.
inline airtok::MergeableRanks trained_on_text(std::mt19937& rng, std::vector<std::string> text,
                                              std::size_t extra, double wild = 0) {
  airtok::MergeableRanks out;
  std::set<std::string> seen;
  for (int b = 0; b < 256; ++b) {
    out.emplace_back(std::string(1, static_cast<char>(b)), static_cast<airtok::Rank>(b));
    seen.insert(out.back().first);
  }
  for (std::size_t m = 0; m < extra && text.size() > 1; ++m) {
    std::map<std::pair<std::string, std::string>, int> counts;
    for (std::size_t i = 0; i + 1 < text.size(); ++i) ++counts[{text[i], text[i + 1]}];
    auto chosen = std::max_element(counts.begin(), counts.end(),
                                   [](auto& a, auto& b) { return a.second < b.second; });
    if (wild > 0 && std::uniform_real_distribution<double>(0, 1)(rng) < wild) {
      chosen = std::next(counts.begin(), static_cast<std::ptrdiff_t>(rng() % counts.size()));
    }
    const auto best = chosen->first;
    std::vector<std::string> merged;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (i + 1 < text.size() && text[i] == best.first && text[i + 1] == best.second) {
        merged.push_back(best.first + best.second);
        ++i;
      } else {
        merged.push_back(text[i]);
      }
    }
    text = std::move(merged);
    const std::string token = best.first + best.second;
    if (seen.insert(token).second) out.emplace_back(token, static_cast<airtok::Rank>(out.size()));
  }
  return out;
}

/// trained_on_text over a random text of 1,500 of `alphabet`'s strings, chosen with a skew so
/// that some pairs are much more frequent than others. With characters that share lead bytes,
/// the merges cut characters at every edge.
inline airtok::MergeableRanks trained_on(std::mt19937& rng,
                                         const std::vector<std::string>& alphabet,
                                         std::size_t extra, double wild = 0) {
  std::vector<std::string> text;
  for (int i = 0; i < 1500; ++i) {
    const std::size_t k = std::min(rng() % alphabet.size(), rng() % alphabet.size());
    for (const char c : alphabet[k]) text.emplace_back(1, c);
  }
  return trained_on_text(rng, std::move(text), extra, wild);
}

/// A small random alphabet of characters that share lead bytes (two-, three- and four-byte
/// ones), plus ASCII.
inline std::vector<std::string> multibyte_alphabet(std::mt19937& rng) {
  std::vector<std::string> alphabet = {" ", "a"};
  const char32_t bases[] = {0xE0, 0x430, 0x4E00, 0x4E2D, 0xAC00, 0x1F600};
  for (int i = 0; i < 8; ++i)
    alphabet.push_back(utf8(bases[rng() % 6] + static_cast<char32_t>(rng() % 6)));
  return alphabet;
}

/// Random text over `alphabet`, with a broken sequence now and then.
inline std::string random_over(std::mt19937& rng, const std::vector<std::string>& alphabet,
                               std::size_t bytes) {
  std::string s;
  while (s.size() < bytes) {
    if (rng() % 20 == 0) {
      const std::string& c = alphabet[rng() % alphabet.size()];
      s += c.substr(rng() % c.size());  // a character's tail (or all of it)
    } else {
      s += alphabet[rng() % alphabet.size()];
    }
  }
  return s;
}

}  // namespace airtok_test
