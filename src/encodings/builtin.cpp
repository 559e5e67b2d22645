// builtin.cpp — see builtin.hpp.
#include "encodings/builtin.hpp"

#include <array>
#include <string>

namespace airtok::detail {

namespace {

constexpr std::array kGpt2Sources = {
    SourceFile{"https://openaipublic.blob.core.windows.net/gpt-2/encodings/main/vocab.bpe",
               "1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5"},
    SourceFile{"https://openaipublic.blob.core.windows.net/gpt-2/encodings/main/encoder.json",
               "196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783"},
};
constexpr std::array kR50kSources = {
    SourceFile{"https://openaipublic.blob.core.windows.net/encodings/r50k_base.tiktoken",
               "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930"}};
constexpr std::array kP50kSources = {
    SourceFile{"https://openaipublic.blob.core.windows.net/encodings/p50k_base.tiktoken",
               "94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069"}};
constexpr std::array kCl100kSources = {
    SourceFile{"https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
               "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"}};
constexpr std::array kO200kSources = {
    SourceFile{"https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
               "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"}};

// Special tokens (tiktoken_ext/openai_public.py; o200k_harmony from openai/harmony).
constexpr std::array kR50kSpecials = {BuiltinSpecial{"<|endoftext|>", 50256}};
constexpr std::array kP50kEditSpecials = {
    BuiltinSpecial{"<|endoftext|>", 50256}, BuiltinSpecial{"<|fim_prefix|>", 50281},
    BuiltinSpecial{"<|fim_middle|>", 50282}, BuiltinSpecial{"<|fim_suffix|>", 50283}};
constexpr std::array kCl100kSpecials = {
    BuiltinSpecial{"<|endoftext|>", 100257}, BuiltinSpecial{"<|fim_prefix|>", 100258},
    BuiltinSpecial{"<|fim_middle|>", 100259}, BuiltinSpecial{"<|fim_suffix|>", 100260},
    BuiltinSpecial{"<|endofprompt|>", 100276}};
constexpr std::array kO200kSpecials = {BuiltinSpecial{"<|endoftext|>", 199999},
                                       BuiltinSpecial{"<|endofprompt|>", 200018}};
constexpr std::array kO200kHarmonySpecials = {
    BuiltinSpecial{"<|endoftext|>", 199999},   BuiltinSpecial{"<|endofprompt|>", 200018},
    BuiltinSpecial{"<|startoftext|>", 199998}, BuiltinSpecial{"<|return|>", 200002},
    BuiltinSpecial{"<|constrain|>", 200003},   BuiltinSpecial{"<|channel|>", 200005},
    BuiltinSpecial{"<|start|>", 200006},       BuiltinSpecial{"<|end|>", 200007},
    BuiltinSpecial{"<|message|>", 200008},     BuiltinSpecial{"<|call|>", 200012}};
constexpr std::array kO200kHarmonyReserved = {
    ReservedRanks{200000, 200001}, ReservedRanks{200004, 200004}, ReservedRanks{200009, 200011},
    ReservedRanks{200013, 201087}};

constexpr std::array kBuiltins = {
    BuiltinEncoding{"gpt2", kR50kPattern, EmbeddedVocab::r50k_base, 50257, kGpt2Sources,
                    kR50kSpecials},
    BuiltinEncoding{"r50k_base", kR50kPattern, EmbeddedVocab::r50k_base, 50257, kR50kSources,
                    kR50kSpecials},
    BuiltinEncoding{"p50k_base", kR50kPattern, EmbeddedVocab::p50k_base, 50281, kP50kSources,
                    kR50kSpecials},
    BuiltinEncoding{"p50k_edit", kR50kPattern, EmbeddedVocab::p50k_base, std::nullopt, kP50kSources,
                    kP50kEditSpecials},
    BuiltinEncoding{"cl100k_base", kCl100kPattern, EmbeddedVocab::cl100k_base, std::nullopt,
                    kCl100kSources, kCl100kSpecials},
    BuiltinEncoding{"o200k_base", kO200kPattern, EmbeddedVocab::o200k_base, std::nullopt,
                    kO200kSources, kO200kSpecials},
    BuiltinEncoding{"o200k_harmony", kO200kPattern, EmbeddedVocab::o200k_base, std::nullopt,
                    kO200kSources, kO200kHarmonySpecials, kO200kHarmonyReserved},
};

/// The checks a row can fail at compile time: names are unique; each row has <|endoftext|>;
/// within a row no two named special tokens share a text or a rank; and a row with an explicit
/// n_vocab has every special rank below it. (A reserved range may hold a named token's rank:
/// o200k_harmony's <|endofprompt|> is 200018, and <|reserved_200018|> names it too, as in
/// openai/harmony.)
constexpr bool rows_are_consistent() {
  for (std::size_t i = 0; i < kBuiltins.size(); ++i) {
    const BuiltinEncoding& row = kBuiltins[i];
    for (std::size_t j = 0; j < i; ++j) {
      if (kBuiltins[j].name == row.name) return false;
    }
    bool has_eot = false;
    for (std::size_t a = 0; a < row.specials.size(); ++a) {
      const BuiltinSpecial& s = row.specials[a];
      has_eot = has_eot || s.text == "<|endoftext|>";
      if (row.explicit_n_vocab && s.rank >= *row.explicit_n_vocab) return false;
      for (std::size_t b = 0; b < a; ++b) {
        if (row.specials[b].text == s.text || row.specials[b].rank == s.rank) return false;
      }
    }
    for (const ReservedRanks& r : row.reserved) {
      if (r.first > r.last) return false;
    }
    if (!has_eot) return false;
  }
  return true;
}
static_assert(rows_are_consistent(), "a row of kBuiltins is inconsistent (see the checks above)");

}  // namespace

std::span<const BuiltinEncoding> builtin_encodings() noexcept { return kBuiltins; }

SpecialTokens special_tokens_of(const BuiltinEncoding& def) {
  SpecialTokens specials;
  for (const BuiltinSpecial& s : def.specials) specials.emplace(std::string(s.text), s.rank);
  for (const ReservedRanks& range : def.reserved) {
    for (Rank r = range.first; r <= range.last; ++r) {
      specials.emplace("<|reserved_" + std::to_string(r) + "|>", r);
    }
  }
  return specials;
}

}  // namespace airtok::detail
