// disallowed_message.cpp — see disallowed_message.hpp.
#include "core/disallowed_message.hpp"

namespace airtok::detail {

std::string tiktoken_disallowed_message(std::string_view token_repr) {
  const std::string r(token_repr);
  return "Encountered text corresponding to disallowed special token " + r +
         ".\nIf you want this text to be encoded as a special token, pass it to "
         "`allowed_special`, e.g. `allowed_special={" +
         r +
         ", ...}`.\nIf you want this text to be encoded as normal text, disable the check for "
         "this token by passing `disallowed_special=(enc.special_tokens_set - {" +
         r + "})`.\nTo disable this check for all special tokens, pass `disallowed_special=()`.\n";
}

std::string disallowed_message_for_options(std::string_view token, std::string_view allowed,
                                           std::string_view disallowed, std::string_view example) {
  std::string message = "the text contains the special token ";
  message.append(token).append(", which ").append(disallowed);
  message.append(" forbids. To encode it as that special token, add it to ").append(allowed);
  message.append(" (e.g. ").append(example);
  message.append("); to encode it as ordinary text, leave it out of ").append(disallowed);
  return message.append(".");
}

}  // namespace airtok::detail
