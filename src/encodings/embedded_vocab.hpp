// embedded_vocab.hpp — the rank tables compiled into the library (see src/CMakeLists.txt).
#pragma once

#include <span>

namespace airtok::detail {

/// The four distinct vocabularies of the seven built-in encodings (gpt2 shares r50k_base's,
/// p50k_edit p50k_base's, o200k_harmony o200k_base's).
enum class EmbeddedVocab { r50k_base, p50k_base, cl100k_base, o200k_base };

/// The blob tools/embed_vocab.cpp wrote for `which`, in the layout of core/vocab.hpp.
std::span<const unsigned char> embedded_vocab(EmbeddedVocab which) noexcept;

/// GPT-2's two data-gym files, embedded byte for byte (data/vocab.bpe, data/encoder.json).
enum class DataGymFile { vocab_bpe, encoder_json };

/// The exact bytes of `which`, as published (SHA-256 checked at build time).
std::span<const unsigned char> embedded_data_gym_file(DataGymFile which) noexcept;

}  // namespace airtok::detail
