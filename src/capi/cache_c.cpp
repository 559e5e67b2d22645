// The C API of the tiktoken cache kit (the "tiktoken cache" section of airtok.h): a thin layer
// over airtok/cache.hpp, with the same conventions as airtok_c.cpp (every exception becomes the
// documented error value plus the per-thread message).
#include "capi/capi_internal.hpp"

#include <airtok/airtok.h>
#include <airtok/cache.hpp>

#include <algorithm>
#include <cstring>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using airtok::capi::guarded;
using airtok::capi::misuse;
using airtok::capi::put_text;

std::vector<std::string> names(const char* const* encodings, size_t n, const char* function) {
  if (n != 0 && encodings == nullptr) misuse(function, "encodings is NULL but n is not 0");
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    if (encodings[i] == nullptr) misuse(function, "an encoding name is NULL");
    out.emplace_back(encodings[i]);
  }
  return out;
}

airtok::CacheOptions options(const char* dir,
                             airtok::Consumer consumer = airtok::Consumer::tiktoken) {
  return airtok::CacheOptions{dir != nullptr ? std::string(dir) : std::string(), consumer};
}

airtok::Consumer consumer_of(int code, const char* function) {
  if (code == AIRTOK_CONSUMER_TIKTOKEN) return airtok::Consumer::tiktoken;
  if (code == AIRTOK_CONSUMER_HARMONY) return airtok::Consumer::harmony;
  const std::string problem = "consumer is " + std::to_string(code) +
                              ", not AIRTOK_CONSUMER_TIKTOKEN (0) or AIRTOK_CONSUMER_HARMONY (1)";
  misuse(function, problem.c_str());
}

int rule_code(airtok::CacheDirRule rule) {
  switch (rule) {
    case airtok::CacheDirRule::explicit_dir:
      return AIRTOK_CACHE_RULE_EXPLICIT;
    case airtok::CacheDirRule::tiktoken_cache_dir:
      return AIRTOK_CACHE_RULE_TIKTOKEN_CACHE_DIR;
    case airtok::CacheDirRule::data_gym_cache_dir:
      return AIRTOK_CACHE_RULE_DATA_GYM_CACHE_DIR;
    case airtok::CacheDirRule::temp_dir:
      return AIRTOK_CACHE_RULE_DEFAULT;
    case airtok::CacheDirRule::tiktoken_encodings_base:
      return AIRTOK_CACHE_RULE_TIKTOKEN_ENCODINGS_BASE;
    case airtok::CacheDirRule::tiktoken_rs_cache_dir:
      return AIRTOK_CACHE_RULE_TIKTOKEN_RS_CACHE_DIR;
    case airtok::CacheDirRule::rust_temp_dir:
      return AIRTOK_CACHE_RULE_RUST_DEFAULT;
  }
  return AIRTOK_CACHE_RULE_DEFAULT;
}

airtok::SpecialTokens specials(const char* const* texts, const uint32_t* ids, size_t n) {
  constexpr const char* kFunction = "airtok_encoding_load";
  if (n != 0 && (texts == nullptr || ids == nullptr)) {
    misuse(kFunction, "n_special is not 0 but special_tokens or special_ids is NULL");
  }
  airtok::SpecialTokens out;
  for (size_t i = 0; i < n; ++i) {
    if (texts[i] == nullptr) misuse(kFunction, "a special token's text is NULL");
    if (!out.emplace(texts[i], ids[i]).second) {
      throw airtok::InvalidEncodingError(std::string("special token ") + texts[i] +
                                         " is given twice");
    }
  }
  return out;
}

}  // namespace

extern "C" size_t airtok_cache_dir(char* buf, size_t cap, int* rule) {
  return guarded<size_t>(AIRTOK_ERROR, [&] {
    const airtok::CacheDir dir = airtok::resolve_cache_dir();
    if (rule != nullptr) *rule = rule_code(dir.rule);
    return put_text(dir.path, buf, cap, "airtok_cache_dir");
  });
}

extern "C" size_t airtok_cache_dir_reason(char* buf, size_t cap) {
  return guarded<size_t>(AIRTOK_ERROR, [&] {
    return put_text(airtok::resolve_cache_dir().reason, buf, cap, "airtok_cache_dir_reason");
  });
}

extern "C" size_t airtok_cache_key(const char* url, char* buf, size_t cap) {
  return guarded<size_t>(AIRTOK_ERROR, [&] {
    if (url == nullptr) misuse("airtok_cache_key", "url is NULL");
    return put_text(airtok::cache_key(url), buf, cap, "airtok_cache_key");
  });
}

extern "C" size_t airtok_cache_install(const char* dir, const char* const* encodings, size_t n) {
  return guarded<size_t>(AIRTOK_ERROR, [&] {
    const std::vector<std::string> wanted = names(encodings, n, "airtok_cache_install");
    return airtok::install_cache(wanted, options(dir)).files.size();
  });
}

extern "C" size_t airtok_cache_verify(const char* dir, const char* const* encodings, size_t n,
                                      char* buf, size_t cap, size_t* problems) {
  return guarded<size_t>(AIRTOK_ERROR, [&] {
    constexpr const char* kFunction = "airtok_cache_verify";
    if (buf == nullptr && cap != 0) misuse(kFunction, "buf is NULL but cap is not 0");
    const std::vector<std::string> wanted = names(encodings, n, kFunction);
    const airtok::VerifyReport report = airtok::verify_cache(wanted, options(dir));
    if (problems != nullptr) *problems = report.problems();
    return put_text(report.to_json(), buf, cap, kFunction);
  });
}

extern "C" size_t airtok_cache_dir_for(int consumer, char* buf, size_t cap, int* rule) {
  return guarded<size_t>(AIRTOK_ERROR, [&] {
    constexpr const char* kFunction = "airtok_cache_dir_for";
    const airtok::CacheDir dir = airtok::resolve_cache_dir(consumer_of(consumer, kFunction));
    if (rule != nullptr) *rule = rule_code(dir.rule);
    return put_text(dir.path, buf, cap, kFunction);
  });
}

extern "C" size_t airtok_cache_install_for(int consumer, const char* dir,
                                           const char* const* encodings, size_t n) {
  return guarded<size_t>(AIRTOK_ERROR, [&] {
    constexpr const char* kFunction = "airtok_cache_install_for";
    const airtok::Consumer who = consumer_of(consumer, kFunction);
    const std::vector<std::string> wanted = names(encodings, n, kFunction);
    return airtok::install_cache(wanted, options(dir, who)).files.size();
  });
}

extern "C" size_t airtok_cache_verify_for(int consumer, const char* dir,
                                          const char* const* encodings, size_t n, char* buf,
                                          size_t cap, size_t* problems) {
  return guarded<size_t>(AIRTOK_ERROR, [&] {
    constexpr const char* kFunction = "airtok_cache_verify_for";
    const airtok::Consumer who = consumer_of(consumer, kFunction);
    if (buf == nullptr && cap != 0) misuse(kFunction, "buf is NULL but cap is not 0");
    const std::vector<std::string> wanted = names(encodings, n, kFunction);
    const airtok::VerifyReport report = airtok::verify_cache(wanted, options(dir, who));
    if (problems != nullptr) *problems = report.problems();
    return put_text(report.to_json(), buf, cap, kFunction);
  });
}

extern "C" airtok_encoding* airtok_encoding_from_cache(const char* name, const char* dir) {
  return guarded<airtok_encoding*>(nullptr, [&] {
    if (name == nullptr) misuse("airtok_encoding_from_cache", "name is NULL");
    return airtok::capi::make_owned_handle(
        airtok::load_encoding(airtok::builtin_definition(name), options(dir)));
  });
}

extern "C" airtok_encoding* airtok_encoding_load(const char* name, const char* pattern,
                                                 const char* url_or_path,
                                                 const char* expected_sha256,
                                                 const char* const* special_tokens,
                                                 const uint32_t* special_ids, size_t n_special,
                                                 size_t explicit_n_vocab, const char* dir) {
  return guarded<airtok_encoding*>(nullptr, [&] {
    constexpr const char* kFunction = "airtok_encoding_load";
    if (name == nullptr) misuse(kFunction, "name is NULL");
    if (pattern == nullptr) misuse(kFunction, "pattern is NULL");
    if (url_or_path == nullptr) misuse(kFunction, "url_or_path is NULL");
    airtok::EncodingDefinition definition;
    definition.name = name;
    definition.pat_str = pattern;
    definition.tiktoken_bpe_file = url_or_path;
    definition.tiktoken_bpe_sha256 = expected_sha256 != nullptr ? expected_sha256 : "";
    definition.special_tokens = specials(special_tokens, special_ids, n_special);
    if (explicit_n_vocab != 0) definition.explicit_n_vocab = explicit_n_vocab;
    return airtok::capi::make_owned_handle(airtok::load_encoding(definition, options(dir)));
  });
}
