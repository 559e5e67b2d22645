// disallowed_message.hpp — the one home of the message for a disallowed special token.
//
// It has two wordings, one per audience, each written once: tiktoken's own (the text of its
// ValueError, which speaks of Python arguments; the library's DisallowedSpecialError and the
// Python module's ValueError), and the same advice in the words of a client's own options (the
// `airtok` command's --allowed-special, the HTTP service's "allowed_special").
#pragma once

#include <string>
#include <string_view>

namespace airtok::detail {

/// tiktoken's message for a disallowed special token, the token shown as `token_repr` (its
/// Python repr(), quotes included).
std::string tiktoken_disallowed_message(std::string_view token_repr);

/// "the text contains the special token TOKEN, which DISALLOWED forbids. To encode it as that
/// special token, add it to ALLOWED (e.g. EXAMPLE); to encode it as ordinary text, leave it out
/// of DISALLOWED.", where ALLOWED and DISALLOWED name the client's two options and EXAMPLE
/// allows `token` in the client's syntax.
std::string disallowed_message_for_options(std::string_view token, std::string_view allowed,
                                           std::string_view disallowed, std::string_view example);

}  // namespace airtok::detail
