// file_encoding.cpp — encodings built from a file-based definition, as tiktoken builds every
// encoding: `Encoding(**constructor())`, where the constructor reads the ranks with
// load_tiktoken_bpe or data_gym_to_mergeable_bpe_ranks (tiktoken_ext/openai_public.py).
#include "encodings/builtin.hpp"

#include <airtok/cache.hpp>

namespace airtok {

EncodingDefinition builtin_definition(std::string_view name) {
  for (const detail::BuiltinEncoding& def : detail::builtin_encodings()) {
    if (def.name != name) continue;
    EncodingDefinition out;
    out.name = std::string(def.name);
    out.pat_str = std::string(def.pattern);
    if (def.sources.size() == 2) {  // gpt2: data_gym_to_mergeable_bpe_ranks
      out.vocab_bpe_file = std::string(def.sources[0].url);
      out.vocab_bpe_sha256 = std::string(def.sources[0].sha256);
      out.encoder_json_file = std::string(def.sources[1].url);
      out.encoder_json_sha256 = std::string(def.sources[1].sha256);
    } else {
      out.tiktoken_bpe_file = std::string(def.sources[0].url);
      out.tiktoken_bpe_sha256 = std::string(def.sources[0].sha256);
    }
    out.special_tokens = detail::special_tokens_of(def);
    out.explicit_n_vocab = def.explicit_n_vocab;
    return out;
  }
  std::string names;
  for (const detail::BuiltinEncoding& def : detail::builtin_encodings()) {
    names += (names.empty() ? "" : ", ") + std::string(def.name);
  }
  throw UnknownEncodingError("Unknown encoding " + std::string(name) +
                             ". Known encodings: " + names);
}

Encoding load_encoding(const EncodingDefinition& definition, const CacheOptions& options) {
  const bool tiktoken_file = !definition.tiktoken_bpe_file.empty();
  const bool data_gym = !definition.vocab_bpe_file.empty() || !definition.encoder_json_file.empty();
  if (tiktoken_file == data_gym) {
    throw InvalidEncodingError(
        "encoding " + definition.name +
        ": give either tiktoken_bpe_file or both vocab_bpe_file and encoder_json_file, not " +
        (tiktoken_file ? "both kinds" : "neither"));
  }
  if (data_gym && (definition.vocab_bpe_file.empty() || definition.encoder_json_file.empty())) {
    throw InvalidEncodingError("encoding " + definition.name +
                               ": data-gym ranks need both vocab_bpe_file and encoder_json_file");
  }
  MergeableRanks ranks =
      tiktoken_file
          ? load_tiktoken_bpe(definition.tiktoken_bpe_file, definition.tiktoken_bpe_sha256, options)
          : load_data_gym(definition.vocab_bpe_file, definition.encoder_json_file,
                          definition.vocab_bpe_sha256, definition.encoder_json_sha256, options);
  return Encoding::create(definition.name, definition.pat_str, std::move(ranks),
                          definition.special_tokens, definition.explicit_n_vocab);
}

}  // namespace airtok
