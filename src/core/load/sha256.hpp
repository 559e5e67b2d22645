// sha256.hpp — checking a file's SHA-256, shared by the vocabulary loaders and the tiktoken
// cache support (`airtok::sha256_hex` itself is public, in airtok/load.hpp).
#pragma once

#include <string>
#include <string_view>

namespace airtok::detail {

/// The digests airtok computes (through OpenSSL's libcrypto).
enum class Digest { sha1, sha256 };

/// The digest of `data` as lower-case hex (40 digits for SHA-1, 64 for SHA-256). Throws Error
/// if libcrypto fails.
std::string digest_hex(Digest digest, std::string_view data);

/// True if `hash` is 64 hex digits (either case).
bool is_sha256_hex(std::string_view hash) noexcept;

/// Throws LoadError(file = source) unless SHA-256(data) equals `expected` (64 hex digits, any
/// case). The message gives both hashes and says the file is corrupt or a different version.
/// An `expected` that is not 64 hex digits is an error too (naming it).
void check_sha256(std::string_view data, std::string_view expected, std::string_view source);

}  // namespace airtok::detail
