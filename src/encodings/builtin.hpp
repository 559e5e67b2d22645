// builtin.hpp — the definitions of the seven official encodings (tiktoken_ext/openai_public.py
// in tiktoken 0.14): name, pattern, vocabulary, special tokens, explicit n_vocab, and where
// tiktoken would download the vocabulary from.
#pragma once

#include "encodings/embedded_vocab.hpp"

#include <airtok/encoding.hpp>

#include <optional>
#include <span>
#include <string_view>

namespace airtok::detail {

/// One file tiktoken downloads for an encoding, with its published SHA-256.
struct SourceFile {
  std::string_view url;
  std::string_view sha256;
};

/// One special token of a built-in encoding.
struct BuiltinSpecial {
  std::string_view text;
  Rank rank;
};

/// Ranks first..last (inclusive) that are special tokens spelled "<|reserved_RANK|>".
struct ReservedRanks {
  Rank first;
  Rank last;
};

/// One row of data per encoding: a new encoding is a new row, never a new branch of code.
struct BuiltinEncoding {
  std::string_view name;
  std::string_view pattern;
  EmbeddedVocab vocab;
  std::optional<std::size_t> explicit_n_vocab;
  /// The `.tiktoken` file, or for gpt2 the data-gym pair (vocab.bpe, encoder.json).
  std::span<const SourceFile> sources;
  /// This encoding's named special tokens, and its reserved ones (o200k_harmony only).
  std::span<const BuiltinSpecial> specials;
  std::span<const ReservedRanks> reserved = {};
};

inline constexpr std::string_view kR50kPattern =
    R"('(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s)";
inline constexpr std::string_view kCl100kPattern =
    R"('(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s)";
inline constexpr std::string_view kO200kPattern =
    R"([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?)"
    R"(|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?)"
    R"(|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

/// The built-in encodings in tiktoken's order.
std::span<const BuiltinEncoding> builtin_encodings() noexcept;

/// The special tokens of a built-in encoding's row: its named ones and its reserved ranges.
SpecialTokens special_tokens_of(const BuiltinEncoding& def);

}  // namespace airtok::detail
