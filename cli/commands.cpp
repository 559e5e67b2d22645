// commands.cpp — encode, decode and encodings, and the special-token choice `count` shares
// (count itself is count_command.cpp). Inputs are read whole as bytes; text that is not valid
// UTF-8 is encoded as tiktoken's `_encode_bytes` does (the library's behaviour), so encode never
// fails on content. Special tokens' texts are ordinary text unless the
// user allows or disallows them.
#include "commands.hpp"

#include "input.hpp"

#include <airtok/registry.hpp>

#include <algorithm>
#include <string_view>

namespace airtok::cli {
namespace {

constexpr std::string_view kDefaultEncoding = "cl100k_base";

void write(std::FILE* out, std::string_view bytes) {
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), out) != bytes.size()) {
    throw CliError("cannot write the output");
  }
}

// Parses "all" or "tok1,tok2"; each listed text must be a special token of `encoding`, so that
// a typo is reported instead of silently ignored (as tiktoken would ignore it).
SpecialSet parse_special_set(const Encoding& encoding, const std::string& spec,
                             std::string_view option) {
  if (spec == "all") return SpecialSet::all();
  std::vector<std::string> tokens;
  std::size_t start = 0;
  while (start <= spec.size() && !spec.empty()) {
    std::size_t comma = std::min(spec.find(',', start), spec.size());
    std::string token = spec.substr(start, comma - start);
    if (!token.empty()) {
      if (encoding.special_tokens().count(token) == 0) {
        std::string known;
        for (const auto& [text, id] : encoding.special_tokens()) known += " " + text;
        throw CliError(std::string(option) + ": '" + token + "' is not a special token of " +
                       encoding.name() + " (its special tokens:" + known + ")");
      }
      tokens.push_back(std::move(token));
    }
    start = comma + 1;
  }
  return SpecialSet(std::move(tokens));
}

Inputs or_stdin(const Inputs& inputs) {
  return inputs.empty() ? Inputs{std::string(kStdinName)} : inputs;
}

}  // namespace

const Encoding& select_encoding(const EncodingChoice& choice) {
  if (!choice.model.empty()) return encoding_for_model(choice.model);
  return get_encoding(choice.encoding.empty() ? kDefaultEncoding : choice.encoding);
}

Encoder::Encoder(const Encoding& encoding, const SpecialChoice& specials)
    : encoding_(encoding),
      ordinary_(specials.allowed.empty() && specials.disallowed.empty()),
      allowed_(parse_special_set(encoding, specials.allowed, "--allowed-special")),
      disallowed_(parse_special_set(encoding, specials.disallowed, "--disallowed-special")) {}

namespace {

/// The library's message is tiktoken's, which speaks of Python arguments; say it in options.
[[noreturn]] void rethrow_for_cli(const DisallowedSpecialError& e) {
  throw CliError("the text contains the special token " + e.token() +
                 ", which --disallowed-special forbids. To encode it as that special token, add "
                 "it to --allowed-special (e.g. --allowed-special '" +
                 e.token() +
                 "'); to encode it as ordinary text, leave it out of --disallowed-special.");
}

}  // namespace

std::vector<Rank> Encoder::encode(std::string_view text) const {
  if (ordinary_) return encoding_.encode_ordinary(text);
  try {
    return encoding_.encode(text, allowed_, disallowed_);
  } catch (const DisallowedSpecialError& e) {
    rethrow_for_cli(e);
  }
}

std::size_t Encoder::count(std::string_view text) const {
  if (ordinary_) return encoding_.count_ordinary(text);
  try {
    return encoding_.count(text, allowed_, disallowed_);
  } catch (const DisallowedSpecialError& e) {
    rethrow_for_cli(e);
  }
}

std::string format_ids(const std::vector<Rank>& ids, IdFormat format) {
  std::string text;
  if (format == IdFormat::binary) {
    for (Rank id : ids) {
      for (int shift = 0; shift < 32; shift += 8) text += static_cast<char>((id >> shift) & 0xFF);
    }
    return text;
  }
  text.reserve(ids.size() * 7 + 3);
  const char* separator = format == IdFormat::json ? ", " : " ";
  if (format == IdFormat::json) text += '[';
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i != 0) text += separator;
    text += std::to_string(ids[i]);
  }
  if (format == IdFormat::json) text += ']';
  return text + '\n';
}

namespace {

std::vector<Rank> binary_ids(std::string_view bytes) {
  if (bytes.size() % 4 != 0) {
    throw CliError("binary token ids: " + std::to_string(bytes.size()) +
                   " bytes is not a whole number of 4-byte ids");
  }
  std::vector<Rank> ids(bytes.size() / 4);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    for (int k = 3; k >= 0; --k) {
      ids[i] =
          (ids[i] << 8) | static_cast<unsigned char>(bytes[4 * i + static_cast<std::size_t>(k)]);
    }
  }
  return ids;
}

}  // namespace

std::vector<Rank> read_token_ids(const std::vector<std::string>& args, IdFormat format) {
  if (format == IdFormat::binary && !args.empty()) {
    throw CliError("--format binary reads the ids from standard input, not from arguments");
  }
  if (args.empty()) {
    const std::string input = read_input(std::string(kStdinName));
    return format == IdFormat::binary ? binary_ids(input) : parse_token_ids(input);
  }
  std::vector<Rank> tokens;
  for (const std::string& arg : args) {
    std::vector<Rank> some = parse_token_ids(arg);
    tokens.insert(tokens.end(), some.begin(), some.end());
  }
  return tokens;
}

void run_encode(const EncodingChoice& choice, const SpecialChoice& specials, const Inputs& inputs,
                IdFormat format, std::FILE* out) {
  const Encoder encoder(select_encoding(choice), specials);
  for (const std::string& path : or_stdin(inputs)) {
    write(out, format_ids(encoder.encode(read_input(path)), format));
  }
}

void run_decode(const EncodingChoice& choice, const std::vector<std::string>& ids, bool raw_bytes,
                IdFormat format, std::FILE* out) {
  const Encoding& encoding = select_encoding(choice);
  const std::vector<Rank> tokens = read_token_ids(ids, format);
  write(out, raw_bytes ? encoding.decode_bytes(tokens) : encoding.decode(tokens));
}

void run_encodings(std::FILE* out) {
  const std::vector<std::string> names = list_encoding_names();
  std::size_t width = 0;
  for (const std::string& name : names) width = std::max(width, name.size());
  for (const std::string& name : names) {
    write(out, name + std::string(width - name.size() + 2, ' ') +
                   std::to_string(get_encoding(name).n_vocab()) + "\n");
  }
}

}  // namespace airtok::cli
