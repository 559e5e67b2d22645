// airtok/registry.hpp — the built-in encodings and tiktoken's model table.
//
// The seven official encodings (gpt2, r50k_base, p50k_base, p50k_edit, cl100k_base, o200k_base,
// o200k_harmony) are compiled into the library: no file, no cache directory, no network.
// `get_encoding` builds an encoding on first use (microseconds: the tables are embedded ready to
// use) and returns the same object ever after. All functions here are thread-safe.
#pragma once

#include <airtok/export.h>
#include <airtok/encoding.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace airtok {

/// The built-in encoding called `name`. The reference stays valid for the life of the process.
/// Throws UnknownEncodingError listing the known names.
AIRTOK_API const Encoding& get_encoding(std::string_view name);

/// The names of the built-in encodings, in tiktoken's order.
AIRTOK_API std::vector<std::string> list_encoding_names();

/// tiktoken's `encoding_name_for_model`: exact model names first, then known prefixes
/// (e.g. "gpt-4o-2024-05-13" → "o200k_base", "ft:gpt-4o:org::id" → "o200k_base").
/// Throws UnknownEncodingError with tiktoken's message when the model cannot be mapped.
AIRTOK_API std::string encoding_name_for_model(std::string_view model);

/// get_encoding(encoding_name_for_model(model)).
AIRTOK_API const Encoding& encoding_for_model(std::string_view model);

/// tiktoken's `MODEL_TO_ENCODING`: (exact model name, encoding name), in tiktoken's order.
AIRTOK_API std::vector<std::pair<std::string, std::string>> model_to_encoding();

/// tiktoken's `MODEL_PREFIX_TO_ENCODING`: (model name prefix, encoding name), in the order
/// `encoding_name_for_model` tries them (the first that matches wins).
AIRTOK_API std::vector<std::pair<std::string, std::string>> model_prefix_to_encoding();

}  // namespace airtok
