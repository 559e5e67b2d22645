// models.cpp — tiktoken's model → encoding table (tiktoken/model.py as of tiktoken 0.14).
//
// Exact names are looked up first, then prefixes in this order (the first that matches wins,
// so "ft:gpt-4o" must stay before "ft:gpt-4").
#include <airtok/registry.hpp>

#include <array>
#include <string>
#include <string_view>
#include <utility>

namespace airtok {

namespace {

using Entry = std::pair<std::string_view, std::string_view>;

constexpr std::array kModelPrefixes = {
    Entry{"o1-", "o200k_base"},
    Entry{"o3-", "o200k_base"},
    Entry{"o4-mini-", "o200k_base"},
    // chat
    Entry{"gpt-5", "o200k_base"},
    Entry{"gpt-4.5-", "o200k_base"},
    Entry{"gpt-4.1-", "o200k_base"},
    Entry{"chatgpt-4o-", "o200k_base"},
    Entry{"gpt-4o-", "o200k_base"},
    Entry{"gpt-4-", "cl100k_base"},
    Entry{"gpt-3.5-turbo-", "cl100k_base"},
    Entry{"gpt-35-turbo-", "cl100k_base"},  // Azure deployment names
    Entry{"gpt-oss-", "o200k_harmony"},
    // fine-tuned
    Entry{"ft:gpt-4o", "o200k_base"},
    Entry{"ft:gpt-4", "cl100k_base"},
    Entry{"ft:gpt-3.5-turbo", "cl100k_base"},
    Entry{"ft:davinci-002", "cl100k_base"},
    Entry{"ft:babbage-002", "cl100k_base"},
};

constexpr std::array kModels = {
    // reasoning
    Entry{"o1", "o200k_base"},
    Entry{"o3", "o200k_base"},
    Entry{"o4-mini", "o200k_base"},
    // chat
    Entry{"gpt-5", "o200k_base"},
    Entry{"gpt-4.1", "o200k_base"},
    Entry{"gpt-4o", "o200k_base"},
    Entry{"gpt-4", "cl100k_base"},
    Entry{"gpt-3.5-turbo", "cl100k_base"},
    Entry{"gpt-3.5", "cl100k_base"},
    Entry{"gpt-35-turbo", "cl100k_base"},
    // base
    Entry{"davinci-002", "cl100k_base"},
    Entry{"babbage-002", "cl100k_base"},
    // embeddings
    Entry{"text-embedding-ada-002", "cl100k_base"},
    Entry{"text-embedding-3-small", "cl100k_base"},
    Entry{"text-embedding-3-large", "cl100k_base"},
    // text (deprecated)
    Entry{"text-davinci-003", "p50k_base"},
    Entry{"text-davinci-002", "p50k_base"},
    Entry{"text-davinci-001", "r50k_base"},
    Entry{"text-curie-001", "r50k_base"},
    Entry{"text-babbage-001", "r50k_base"},
    Entry{"text-ada-001", "r50k_base"},
    Entry{"davinci", "r50k_base"},
    Entry{"curie", "r50k_base"},
    Entry{"babbage", "r50k_base"},
    Entry{"ada", "r50k_base"},
    // code (deprecated)
    Entry{"code-davinci-002", "p50k_base"},
    Entry{"code-davinci-001", "p50k_base"},
    Entry{"code-cushman-002", "p50k_base"},
    Entry{"code-cushman-001", "p50k_base"},
    Entry{"davinci-codex", "p50k_base"},
    Entry{"cushman-codex", "p50k_base"},
    // edit (deprecated)
    Entry{"text-davinci-edit-001", "p50k_edit"},
    Entry{"code-davinci-edit-001", "p50k_edit"},
    // old embeddings (deprecated)
    Entry{"text-similarity-davinci-001", "r50k_base"},
    Entry{"text-similarity-curie-001", "r50k_base"},
    Entry{"text-similarity-babbage-001", "r50k_base"},
    Entry{"text-similarity-ada-001", "r50k_base"},
    Entry{"text-search-davinci-doc-001", "r50k_base"},
    Entry{"text-search-curie-doc-001", "r50k_base"},
    Entry{"text-search-babbage-doc-001", "r50k_base"},
    Entry{"text-search-ada-doc-001", "r50k_base"},
    Entry{"code-search-babbage-code-001", "r50k_base"},
    Entry{"code-search-ada-code-001", "r50k_base"},
    // open source
    Entry{"gpt2", "gpt2"},
    Entry{"gpt-2", "gpt2"},
};

}  // namespace

std::string encoding_name_for_model(std::string_view model) {
  for (const auto& [name, encoding] : kModels) {
    if (name == model) return std::string(encoding);
  }
  for (const auto& [prefix, encoding] : kModelPrefixes) {
    if (model.starts_with(prefix)) return std::string(encoding);
  }
  throw UnknownEncodingError("Could not automatically map " + std::string(model) +
                             " to a tokeniser. Please use `get_encoding` to explicitly get the "
                             "tokeniser you expect.");
}

const Encoding& encoding_for_model(std::string_view model) {
  return get_encoding(encoding_name_for_model(model));
}

std::vector<std::pair<std::string, std::string>> model_to_encoding() {
  return {kModels.begin(), kModels.end()};
}

std::vector<std::pair<std::string, std::string>> model_prefix_to_encoding() {
  return {kModelPrefixes.begin(), kModelPrefixes.end()};
}

}  // namespace airtok
