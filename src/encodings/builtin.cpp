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

constexpr std::array kBuiltins = {
    BuiltinEncoding{"gpt2", kR50kPattern, EmbeddedVocab::r50k_base, 50257, kGpt2Sources},
    BuiltinEncoding{"r50k_base", kR50kPattern, EmbeddedVocab::r50k_base, 50257, kR50kSources},
    BuiltinEncoding{"p50k_base", kR50kPattern, EmbeddedVocab::p50k_base, 50281, kP50kSources},
    BuiltinEncoding{"p50k_edit", kR50kPattern, EmbeddedVocab::p50k_base, std::nullopt,
                    kP50kSources},
    BuiltinEncoding{"cl100k_base", kCl100kPattern, EmbeddedVocab::cl100k_base, std::nullopt,
                    kCl100kSources},
    BuiltinEncoding{"o200k_base", kO200kPattern, EmbeddedVocab::o200k_base, std::nullopt,
                    kO200kSources},
    BuiltinEncoding{"o200k_harmony", kO200kPattern, EmbeddedVocab::o200k_base, std::nullopt,
                    kO200kSources},
};

}  // namespace

std::span<const BuiltinEncoding> builtin_encodings() noexcept { return kBuiltins; }

SpecialTokens builtin_special_tokens(std::string_view name) {
  if (name == "gpt2" || name == "r50k_base" || name == "p50k_base") {
    return {{"<|endoftext|>", 50256}};
  }
  if (name == "p50k_edit") {
    return {{"<|endoftext|>", 50256},
            {"<|fim_prefix|>", 50281},
            {"<|fim_middle|>", 50282},
            {"<|fim_suffix|>", 50283}};
  }
  if (name == "cl100k_base") {
    return {{"<|endoftext|>", 100257},
            {"<|fim_prefix|>", 100258},
            {"<|fim_middle|>", 100259},
            {"<|fim_suffix|>", 100260},
            {"<|endofprompt|>", 100276}};
  }
  SpecialTokens specials{{"<|endoftext|>", 199999}, {"<|endofprompt|>", 200018}};
  if (name == "o200k_harmony") {
    specials.insert({{"<|startoftext|>", 199998},
                     {"<|return|>", 200002},
                     {"<|constrain|>", 200003},
                     {"<|channel|>", 200005},
                     {"<|start|>", 200006},
                     {"<|end|>", 200007},
                     {"<|message|>", 200008},
                     {"<|call|>", 200012}});
    for (Rank r : {200000u, 200001u, 200004u, 200009u, 200010u, 200011u}) {
      specials.emplace("<|reserved_" + std::to_string(r) + "|>", r);
    }
    for (Rank r = 200013; r <= 201087; ++r) {
      specials.emplace("<|reserved_" + std::to_string(r) + "|>", r);
    }
  }
  return specials;
}

}  // namespace airtok::detail
