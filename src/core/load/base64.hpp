// base64.hpp — the standard base64 alphabet (RFC 4648 §4), strictly, for `.tiktoken` files.
//
// tiktoken decodes each token with Python's `base64.b64decode`. The decoder here accepts what
// `b64decode(token, validate=True)` accepts in every case a real file can contain: only
// A–Z a–z 0–9 + /, a data length that is not 1 more than a multiple of 4, and exactly the
// padding that completes the last group ("==" after 2 characters, "=" after 3, none after a
// whole group). Like Python it ignores the unused low bits of the last character. It is stricter
// than Python in two corners that no encoder produces: "=" after a whole group ("YWJj=") and a
// token of padding alone ("=", which Python decodes to an empty token) are refused.
#pragma once

#include <string>
#include <string_view>

namespace airtok::detail {

/// Decodes `text` into `out` (replacing its contents). Returns an empty string on success,
/// otherwise why `text` is not valid base64 (e.g. "'$' is not a base64 character"), and `out`
/// is unspecified.
std::string base64_decode(std::string_view text, std::string& out);

/// Standard base64 with padding, as Python's `base64.b64encode`.
std::string base64_encode(std::string_view bytes);

}  // namespace airtok::detail
