// api.hpp — the service's endpoints as functions from a parsed JSON request to a JSON response,
// with no HTTP in them (server.cpp carries them over HTTP). Every bad request throws ApiError
// with the HTTP status that fits and a message naming the problem and the fix.
#pragma once

#include <airtok/encoding.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace airtok::serve {

/// A request the service refuses: `status` is the HTTP status, `type` a stable word for
/// programs (invalid_json, invalid_request, unknown_encoding, disallowed_special, invalid_token,
/// too_many_texts, payload_too_large, ...), `what()` the message for people.
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string type, const std::string& message)
      : std::runtime_error(message), status_(status), type_(std::move(type)) {}
  int status() const noexcept { return status_; }
  const std::string& type() const noexcept { return type_; }

 private:
  int status_;
  std::string type_;
};

/// The error body: {"error": {"message", "type", "code"}}.
nlohmann::json error_body(int status, std::string_view type, std::string_view message);

/// Limits and defaults shared by the endpoints.
struct ApiLimits {
  std::size_t max_texts = 10000;       // texts in one batch
  std::size_t max_model_len = 128000;  // what the vLLM-shaped /tokenize reports
};

/// Parses a JSON body; throws ApiError(400, invalid_json) with the parser's message.
nlohmann::json parse_body(std::string_view body);

/// The encoding a request names with "encoding" or "model" (cl100k_base when neither).
const Encoding& request_encoding(const nlohmann::json& request);

/// Throws ApiError(400) naming the first field of `request` that is not in `known` (a misspelt
/// option would otherwise be ignored without a word).
void check_fields(const nlohmann::json& request, std::initializer_list<std::string_view> known,
                  std::string_view endpoint);

/// The string field `name` of a request; throws ApiError(400) when it is missing or not a
/// string.
std::string required_string(const nlohmann::json& request, const char* name);
/// The non-negative integer field `name`, or `fallback` when it is absent and `required` is
/// false; throws ApiError(400) otherwise.
std::size_t size_field(const nlohmann::json& request, const char* name, std::size_t fallback,
                       bool required);

/// The boolean field `name`, or `fallback` when it is absent; throws ApiError(400) otherwise.
bool bool_field(const nlohmann::json& request, const char* name, bool fallback);
/// `value` as token ids (`name` for the message); throws ApiError(400) naming the first item
/// that is not an integer from 0 to 4294967295.
std::vector<Rank> token_ids(const nlohmann::json& value, const char* name);

/// Counts of tokens produced, for the metrics.
struct Produced {
  std::size_t tokens = 0;
};

nlohmann::json tokenize(const nlohmann::json& request, const ApiLimits& limits, Produced& out);
nlohmann::json count(const nlohmann::json& request, const ApiLimits& limits, Produced& out);
nlohmann::json detokenize(const nlohmann::json& request, Produced& out);
nlohmann::json vllm_tokenize(const nlohmann::json& request, const ApiLimits& limits, Produced& out);
nlohmann::json vllm_detokenize(const nlohmann::json& request, Produced& out);
nlohmann::json encodings();
nlohmann::json models();

/// A token's bytes as display text (the "pieces" of /v1/tokenize): well-formed UTF-8 as it is,
/// each other byte (a token that splits a character) as `\xNN`, as `airtok show` writes it.
/// For display only: a literal backslash is not escaped; exact bytes come from /v1/detokenize.
std::string piece_text(std::string_view bytes);

/// True when `text` is well-formed UTF-8.
bool valid_utf8(std::string_view text) noexcept;

/// Checks a stream chunk by chunk (a character may be split between chunks).
class Utf8Stream {
 public:
  void feed(std::string_view bytes) noexcept;
  /// True when everything fed was well-formed UTF-8 and no character is left unfinished.
  bool finish() const noexcept { return valid_ && pending_.empty(); }

 private:
  bool valid_ = true;
  std::string pending_;  // an unfinished character from the end of the last chunk
};

}  // namespace airtok::serve
