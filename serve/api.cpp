// api.cpp — the endpoints' logic (see api.hpp). Special-token choices follow the CLI: when a
// request names neither allowed_special nor disallowed_special, text is encoded ordinarily
// (special tokens' texts are ordinary text); otherwise as tiktoken's encode, whose defaults are
// allowed = none, disallowed = all for the one not given.
#include "api.hpp"

#include "core/disallowed_message.hpp"

#include <airtok/error.hpp>
#include <airtok/registry.hpp>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

namespace airtok::serve {
namespace {

using nlohmann::json;

constexpr std::string_view kDefaultEncoding = "cl100k_base";

[[noreturn]] void bad_request(const std::string& message) {
  throw ApiError(400, "invalid_request", message);
}

std::string type_name(const json& value) { return value.type_name(); }

const json* field(const json& request, const char* name) {
  auto it = request.find(name);
  return it == request.end() || it->is_null() ? nullptr : &*it;
}

std::string string_field(const json& request, const char* name) {
  const json* value = field(request, name);
  if (value == nullptr) return {};
  if (!value->is_string()) {
    bad_request(std::string("\"") + name + "\" must be a string, not " + type_name(*value));
  }
  return value->get<std::string>();
}

void require_object(const json& request) {
  if (!request.is_object()) {
    bad_request("the request body must be a JSON object, not " + type_name(request));
  }
}

// "all", or a list of special tokens' texts, each of which must be one of the encoding's.
SpecialSet special_set(const Encoding& encoding, const json& value, const char* name) {
  if (value.is_string() && value.get<std::string>() == "all") return SpecialSet::all();
  if (!value.is_array()) {
    bad_request(
        std::string("\"") + name + "\" must be \"all\" or an array of special tokens' texts, not " +
        (value.is_string() ? "the string \"" + value.get<std::string>() + "\"" : type_name(value)));
  }
  std::vector<std::string> tokens;
  for (const json& item : value) {
    if (!item.is_string()) {
      bad_request(std::string("\"") + name + "\" must list strings, not " + type_name(item));
    }
    std::string token = item.get<std::string>();
    if (encoding.special_tokens().count(token) == 0) {
      std::string known;
      for (const auto& [text, id] : encoding.special_tokens()) known += " " + text;
      bad_request(std::string("\"") + name + "\": '" + token + "' is not a special token of " +
                  encoding.name() + " (its special tokens:" + known + ")");
    }
    tokens.push_back(std::move(token));
  }
  return SpecialSet(std::move(tokens));
}

// The texts of a request: "text" (one) or "texts" (a batch), exactly one of them.
struct Texts {
  std::vector<std::string> texts;
  bool batch = false;
};

Texts request_texts(const json& request, const ApiLimits& limits, const char* one = "text") {
  const json* text = field(request, one);
  const json* texts = field(request, "texts");
  if ((text == nullptr) == (texts == nullptr)) {
    bad_request(std::string("give exactly one of \"") + one + "\" (a string) and \"texts\" (an " +
                "array of strings)");
  }
  Texts out;
  if (text != nullptr) {
    if (!text->is_string()) {
      bad_request(std::string("\"") + one + "\" must be a string, not " + type_name(*text));
    }
    out.texts.push_back(text->get<std::string>());
    return out;
  }
  if (!texts->is_array())
    bad_request("\"texts\" must be an array of strings, not " + type_name(*texts));
  if (texts->size() > limits.max_texts) {
    throw ApiError(413, "too_many_texts",
                   "\"texts\" has " + std::to_string(texts->size()) + " texts; the limit is " +
                       std::to_string(limits.max_texts) +
                       " (send several requests, or start the service with a larger "
                       "--max-texts)");
  }
  out.batch = true;
  out.texts.reserve(texts->size());
  for (std::size_t i = 0; i < texts->size(); ++i) {
    const json& item = (*texts)[i];
    if (!item.is_string()) {
      bad_request("\"texts\"[" + std::to_string(i) + "] must be a string, not " + type_name(item));
    }
    out.texts.push_back(item.get<std::string>());
  }
  return out;
}

// Encodes with the request's special-token choice; a disallowed special token is a 400 error.
class Encoder {
 public:
  Encoder(const Encoding& encoding, const json& request)
      : encoding_(encoding),
        ordinary_(field(request, "allowed_special") == nullptr &&
                  field(request, "disallowed_special") == nullptr) {
    if (const json* v = field(request, "allowed_special")) {
      allowed_ = special_set(encoding, *v, "allowed_special");
    }
    if (const json* v = field(request, "disallowed_special")) {
      disallowed_ = special_set(encoding, *v, "disallowed_special");
    }
  }

  std::vector<std::vector<Rank>> encode(const std::vector<std::string>& texts) const {
    try {
      if (ordinary_) return encoding_.encode_ordinary_batch(texts);
      return encoding_.encode_batch(texts, allowed_, disallowed_);
    } catch (const DisallowedSpecialError& e) {
      throw disallowed(e);
    }
  }

  std::vector<std::size_t> count(const std::vector<std::string>& texts) const {
    if (ordinary_) return encoding_.count_ordinary_batch(texts);
    std::vector<std::size_t> counts;
    for (const auto& ids : encode(texts)) counts.push_back(ids.size());
    return counts;
  }

 private:
  ApiError disallowed(const DisallowedSpecialError& e) const {
    const std::string example = "\"allowed_special\": [\"" + e.token() + "\"]";
    return ApiError(400, "disallowed_special",
                    detail::disallowed_message_for_options(e.token(), "allowed_special",
                                                           "disallowed_special", example));
  }

  const Encoding& encoding_;
  bool ordinary_;
  SpecialSet allowed_;
  SpecialSet disallowed_ = SpecialSet::all();
};

json ids_json(const std::vector<Rank>& ids) { return json(ids); }

json decode_response(const Encoding& encoding, const std::vector<Rank>& ids, Produced& out) {
  std::string bytes;
  try {
    bytes = encoding.decode_bytes(ids);
  } catch (const InvalidTokenError& e) {
    throw ApiError(400, "invalid_token", e.what());
  }
  out.tokens += ids.size();
  json response = {{"encoding", encoding.name()}};
  const bool valid = valid_utf8(bytes);
  response["text"] = valid ? bytes : encoding.decode(ids);
  response["invalid_utf8"] = !valid;
  return response;
}

}  // namespace

json decode_request(const json& request, Produced& out);

json error_body(int status, std::string_view type, std::string_view message) {
  return {{"error", {{"message", message}, {"type", type}, {"code", status}}}};
}

json parse_body(std::string_view body) {
  try {
    return json::parse(body);
  } catch (const json::parse_error& e) {
    throw ApiError(400, "invalid_json",
                   std::string("the request body is not valid JSON: ") + e.what() +
                       " (JSON text must be UTF-8; to count bytes that are not, POST them to "
                       "/v1/count as text/plain)");
  }
}

const Encoding& request_encoding(const json& request) {
  require_object(request);
  const std::string encoding = string_field(request, "encoding");
  const std::string model = string_field(request, "model");
  try {
    if (!encoding.empty() && !model.empty()) {
      bad_request("give \"encoding\" or \"model\", not both");
    }
    if (!model.empty()) return encoding_for_model(model);
    return get_encoding(encoding.empty() ? kDefaultEncoding : std::string_view(encoding));
  } catch (const UnknownEncodingError& e) {
    throw ApiError(400, "unknown_encoding",
                   std::string(e.what()) + " (GET /v1/encodings and /v1/models list them)");
  }
}

void check_fields(const json& request, std::initializer_list<std::string_view> known,
                  std::string_view endpoint) {
  require_object(request);
  for (const auto& item : request.items()) {
    if (std::find(known.begin(), known.end(), item.key()) != known.end()) continue;
    std::string list;
    for (std::string_view name : known) list.append(list.empty() ? "" : ", ").append(name);
    bad_request("unknown field \"" + item.key() + "\" in a " + std::string(endpoint) +
                " request (its fields: " + list + ")");
  }
}

std::string required_string(const json& request, const char* name) {
  require_object(request);
  const json* value = field(request, name);
  if (value == nullptr) bad_request(std::string("\"") + name + "\" (a string) is missing");
  return string_field(request, name);
}

std::size_t size_field(const json& request, const char* name, std::size_t fallback, bool required) {
  require_object(request);
  const json* value = field(request, name);
  if (value == nullptr) {
    if (required) bad_request(std::string("\"") + name + "\" (an integer) is missing");
    return fallback;
  }
  if (!value->is_number_integer() ||
      (!value->is_number_unsigned() && value->get<std::int64_t>() < 0)) {
    bad_request(std::string("\"") + name + "\" must be a non-negative integer, not " +
                value->dump());
  }
  return value->get<std::size_t>();
}

std::vector<Rank> token_ids(const json& value, const char* name) {
  if (!value.is_array()) {
    bad_request(std::string("\"") + name + "\" must be an array of token ids, not " +
                type_name(value));
  }
  std::vector<Rank> ids;
  ids.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    const json& item = value[i];
    const bool integer = item.is_number_integer();
    if (!integer ||
        (item.is_number_unsigned() ? item.get<std::uint64_t>() > std::numeric_limits<Rank>::max()
                                   : item.get<std::int64_t>() < 0)) {
      bad_request(std::string("\"") + name + "\"[" + std::to_string(i) + "] is " + item.dump() +
                  ", not a token id (an integer from 0 to 4294967295)");
    }
    ids.push_back(item.get<Rank>());
  }
  return ids;
}

bool bool_field(const json& request, const char* name, bool fallback) {
  require_object(request);
  const json* value = field(request, name);
  if (value == nullptr) return fallback;
  if (!value->is_boolean()) {
    bad_request(std::string("\"") + name + "\" must be true or false, not " + value->dump());
  }
  return value->get<bool>();
}

json tokenize(const json& request, const ApiLimits& limits, Produced& out) {
  check_fields(
      request,
      {"encoding", "model", "text", "texts", "allowed_special", "disallowed_special", "pieces"},
      "/v1/tokenize");
  const Encoding& encoding = request_encoding(request);
  const Texts texts = request_texts(request, limits);
  const bool with_pieces = bool_field(request, "pieces", false);
  const Encoder encoder(encoding, request);
  auto ids = encoder.encode(texts.texts);
  const auto pieces_json = [&](const std::vector<Rank>& one) {
    json list = json::array();
    for (Rank id : one) list.push_back(piece_text(encoding.decode_single_token_bytes(id)));
    return list;
  };
  json response = {{"encoding", encoding.name()}};
  std::size_t total = 0;
  for (const auto& one : ids) total += one.size();
  out.tokens += total;
  if (!texts.batch) {
    response["tokens"] = ids_json(ids.front());
    response["count"] = total;
    if (with_pieces) response["pieces"] = pieces_json(ids.front());
    return response;
  }
  json results = json::array();
  for (const auto& one : ids) {
    results.push_back({{"tokens", ids_json(one)}, {"count", one.size()}});
    if (with_pieces) results.back()["pieces"] = pieces_json(one);
  }
  response["results"] = std::move(results);
  response["count"] = total;
  return response;
}

json count(const json& request, const ApiLimits& limits, Produced& out) {
  check_fields(request,
               {"encoding", "model", "text", "texts", "allowed_special", "disallowed_special"},
               "/v1/count");
  const Encoding& encoding = request_encoding(request);
  const Texts texts = request_texts(request, limits);
  const Encoder encoder(encoding, request);
  const auto counts = encoder.count(texts.texts);
  std::size_t total = 0;
  for (std::size_t n : counts) total += n;
  out.tokens += total;
  json response = {{"encoding", encoding.name()}, {"count", total}};
  if (texts.batch) response["counts"] = counts;
  return response;
}

json detokenize(const json& request, Produced& out) {
  check_fields(request, {"encoding", "model", "tokens"}, "/v1/detokenize");
  return decode_request(request, out);
}

json decode_request(const json& request, Produced& out) {
  const Encoding& encoding = request_encoding(request);
  const json* tokens = field(request, "tokens");
  if (tokens == nullptr) bad_request("\"tokens\" (an array of token ids) is missing");
  return decode_response(encoding, token_ids(*tokens, "tokens"), out);
}

json vllm_tokenize(const json& request, const ApiLimits& limits, Produced& out) {
  const Encoding& encoding = request_encoding(request);
  const Texts texts = request_texts(request, limits, "prompt");
  if (texts.batch) bad_request("/tokenize takes one \"prompt\"; use /v1/tokenize for batches");
  const Encoder encoder(encoding, request);
  const auto ids = encoder.encode(texts.texts);
  out.tokens += ids.front().size();
  return {{"count", ids.front().size()},
          {"max_model_len", limits.max_model_len},
          {"tokens", ids_json(ids.front())}};
}

// vLLM's shapes take more fields than apply here (add_special_tokens, ...): they are ignored, so
// that existing clients work.
json vllm_detokenize(const json& request, Produced& out) {
  json decoded = decode_request(request, out);
  return {{"prompt", decoded["text"]}};
}

json encodings() {
  json list = json::array();
  for (const std::string& name : list_encoding_names()) {
    const Encoding& encoding = get_encoding(name);
    json specials = json::object();
    for (const auto& [text, id] : encoding.special_tokens()) specials[text] = id;
    list.push_back({{"name", name},
                    {"n_vocab", encoding.n_vocab()},
                    {"max_token_value", encoding.max_token_value()},
                    {"special_tokens", std::move(specials)}});
  }
  return {{"encodings", std::move(list)}};
}

json models() {
  json data = json::array();
  for (const auto& [model, encoding] : model_to_encoding()) {
    data.push_back(
        {{"id", model}, {"object", "model"}, {"owned_by", "airtok"}, {"encoding", encoding}});
  }
  json prefixes = json::array();
  for (const auto& [prefix, encoding] : model_prefix_to_encoding()) {
    prefixes.push_back({{"prefix", prefix}, {"encoding", encoding}});
  }
  return {{"object", "list"}, {"data", std::move(data)}, {"prefixes", std::move(prefixes)}};
}

namespace {

// Length of the well-formed UTF-8 sequence at p[0, n): > 0 when complete, 0 when invalid,
// -1 when p[0, n) is a valid but unfinished start of one.
int sequence(const unsigned char* p, std::size_t n) noexcept {
  const unsigned char b = p[0];
  if (b < 0x80) return 1;
  int length;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b >= 0xC2 && b <= 0xDF) {
    length = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    length = 3;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    length = 4;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  for (int i = 1; i < length; ++i) {
    if (static_cast<std::size_t>(i) >= n) return -1;
    const unsigned char c = p[i];
    if (i == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) return 0;
  }
  return length;
}

}  // namespace

std::string piece_text(std::string_view bytes) {
  std::string text;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  for (std::size_t i = 0; i < bytes.size();) {
    const int length = sequence(p + i, bytes.size() - i);
    if (length > 0) {
      text.append(bytes.substr(i, static_cast<std::size_t>(length)));
      i += static_cast<std::size_t>(length);
      continue;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    text.append("\\x").push_back(kHex[p[i] >> 4]);
    text.push_back(kHex[p[i] & 15]);
    ++i;
  }
  return text;
}

bool valid_utf8(std::string_view text) noexcept {
  Utf8Stream stream;
  stream.feed(text);
  return stream.finish();
}

void Utf8Stream::feed(std::string_view bytes) noexcept {
  if (!valid_ || bytes.empty()) return;
  std::string joined;
  if (!pending_.empty()) {
    joined = pending_ + std::string(bytes.substr(0, 4));
    const auto* p = reinterpret_cast<const unsigned char*>(joined.data());
    const int length = sequence(p, joined.size());
    if (length == 0) {
      valid_ = false;
      return;
    }
    if (length < 0) {
      pending_ = joined;
      return;
    }
    bytes.remove_prefix(static_cast<std::size_t>(length) - pending_.size());
    pending_.clear();
  }
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t i = 0;
  while (i < bytes.size()) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const int length = sequence(p + i, bytes.size() - i);
    if (length == 0) {
      valid_ = false;
      return;
    }
    if (length < 0) {
      pending_.assign(bytes.substr(i));
      return;
    }
    i += static_cast<std::size_t>(length);
  }
}

}  // namespace airtok::serve
