// sha256.cpp — SHA-256 through OpenSSL's EVP interface (libcrypto), and the hash check.
#include "core/load/sha256.hpp"

#include "core/hex.hpp"
#include "core/load/diagnostics.hpp"

#include <airtok/error.hpp>
#include <airtok/load.hpp>

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace airtok {

std::string sha256_hex(std::string_view data) {
  return detail::digest_hex(detail::Digest::sha256, data);
}

namespace detail {

std::string digest_hex(Digest digest, std::string_view data) {
  const bool sha1 = digest == Digest::sha1;
  std::array<unsigned char, EVP_MAX_MD_SIZE> bytes{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), bytes.data(), &length, sha1 ? EVP_sha1() : EVP_sha256(),
                 nullptr) != 1 ||
      length != (sha1 ? 20u : 32u)) {
    throw Error(std::string(sha1 ? "SHA-1" : "SHA-256") +
                " computation failed in OpenSSL's libcrypto");
  }
  return hex_string(bytes.data(), length);
}

bool is_sha256_hex(std::string_view hash) noexcept {
  return hash.size() == 64 && std::all_of(hash.begin(), hash.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) != 0;
         });
}

void check_sha256(std::string_view data, std::string_view expected, std::string_view source) {
  if (!is_sha256_hex(expected)) {
    throw_load_error(source, 0,
                     "the expected SHA-256 " + quoted(expected) +
                         " is not a SHA-256 hex digest (64 hex digits)");
  }
  std::string expected_lower(expected);
  std::transform(expected_lower.begin(), expected_lower.end(), expected_lower.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  const std::string actual = sha256_hex(data);
  if (actual == expected_lower) return;
  throw_load_error(source, 0,
                   "SHA-256 mismatch: expected " + expected_lower + ", got " + actual + " (" +
                       std::to_string(data.size()) +
                       " bytes); the file is corrupt (e.g. a truncated or altered copy) or a "
                       "different version of the file");
}

}  // namespace detail

}  // namespace airtok
