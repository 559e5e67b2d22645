// commands.cpp — encode, decode and encodings, and the options and special-token choice the
// other subcommands share. Inputs are read whole as bytes; text that is not valid
// UTF-8 is encoded as tiktoken's `_encode_bytes` does (the library's behaviour), so encode never
// fails on content. Special tokens' texts are ordinary text unless the
// user allows or disallows them.
#include "commands.hpp"

#include "input.hpp"
#include "output.hpp"

#include "core/disallowed_message.hpp"

#include <airtok/registry.hpp>

#include <algorithm>
#include <string_view>

namespace airtok::cli {
namespace {

constexpr std::string_view kDefaultEncoding = "cl100k_base";

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

void add_encoding_options(CLI::App& command, EncodingChoice& choice) {
  CLI::Option* encoding =
      command.add_option("-e,--encoding", choice.encoding,
                         "Encoding name (default cl100k_base); see `airtok encodings`");
  CLI::Option* model = command.add_option("-m,--model", choice.model,
                                          "Model name, mapped to its encoding as tiktoken does");
  encoding->excludes(model);
}

void add_special_options(CLI::App& command, SpecialChoice& specials) {
  command.add_option("--allowed-special", specials.allowed,
                     "Special tokens whose text becomes the special token: 'all' or a "
                     "comma-separated list (default: none; their text is ordinary text)");
  command.add_option("--disallowed-special", specials.disallowed,
                     "Special tokens whose text is an error: 'all' or a comma-separated list "
                     "(default: none)");
}

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
  throw CliError(detail::disallowed_message_for_options(e.token(), "--allowed-special",
                                                        "--disallowed-special",
                                                        "--allowed-special '" + e.token() + "'"));
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

// Option values already checked by CLI::IsMember.
IdFormat id_format(const std::string& name) {
  if (name == "json") return IdFormat::json;
  return name == "binary" ? IdFormat::binary : IdFormat::ids;
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

EncodeCommand::EncodeCommand(CLI::App& app)
    : EncoderCommand(app, "encode",
                     "Print the token ids of each FILE (or standard input), space-separated, "
                     "one line per file") {
  command().add_option("files", inputs_, "Files to read whole, '-' for standard input");
  command()
      .add_option("-f,--format", format_,
                  "ids: space-separated (default); json: [1, 2, 3]; binary: 32-bit "
                  "little-endian, nothing between")
      ->check(CLI::IsMember({"ids", "json", "binary"}));
  command().footer("Example:\n  printf 'hello world' | airtok encode -m gpt-4");
}

int EncodeCommand::run(std::FILE* out) const {
  const Encoder chosen = encoder();
  for (const std::string& path : or_stdin(inputs_)) {
    write_out(out, format_ids(chosen.encode(read_input(path)), id_format(format_)));
  }
  return 0;
}

DecodeCommand::DecodeCommand(CLI::App& app)
    : EncodingCommand(app, "decode",
                      "Print the text of token ids given as arguments or on standard input "
                      "(separated by spaces, commas or brackets); nothing is added after the "
                      "text") {
  command().add_option("ids", ids_, "Token ids (read from standard input when none are given)");
  command().add_flag("--bytes", raw_bytes_,
                     "Write the tokens' bytes unchanged instead of replacing invalid UTF-8 by "
                     "U+FFFD");
  command()
      .add_option("-f,--format", format_,
                  "ids or json: ids as text (either form is read); binary: 32-bit "
                  "little-endian from standard input")
      ->check(CLI::IsMember({"ids", "json", "binary"}));
  command().footer(
      "Examples:\n  airtok encode notes.txt | airtok decode\n"
      "  airtok decode -e cl100k_base '[100257]'    # <|endoftext|>\n"
      "  airtok encode -f binary big.txt | airtok decode -f binary");
}

int DecodeCommand::run(std::FILE* out) const {
  const Encoding& chosen = encoding();
  const std::vector<Rank> tokens = read_token_ids(ids_, id_format(format_));
  write_out(out, raw_bytes_ ? chosen.decode_bytes(tokens) : chosen.decode(tokens));
  return 0;
}

EncodingsCommand::EncodingsCommand(CLI::App& app)
    : Subcommand(app, "encodings", "List the built-in encodings and their n_vocab") {
  command().footer("Example:\n  airtok encodings");
}

int EncodingsCommand::run(std::FILE* out) const {
  const std::vector<std::string> names = list_encoding_names();
  std::size_t width = 0;
  for (const std::string& name : names) width = std::max(width, name.size());
  for (const std::string& name : names) {
    write_out(out, name + std::string(width - name.size() + 2, ' ') +
                       std::to_string(get_encoding(name).n_vocab()) + "\n");
  }
  return 0;
}

}  // namespace airtok::cli
