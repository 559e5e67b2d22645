// commands.cpp — count, encode, decode and encodings. Inputs are read whole as bytes; text that
// is not valid UTF-8 is encoded as tiktoken's `_encode_bytes` does (the library's behaviour), so
// count and encode never fail on content. Special tokens' texts are ordinary text unless the
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

// Encodes one input with the user's special-token choice: plain encode_ordinary when nothing
// was allowed or disallowed, tiktoken's encode otherwise.
class Encoder {
 public:
  Encoder(const Encoding& encoding, const SpecialChoice& specials)
      : encoding_(encoding),
        ordinary_(specials.allowed.empty() && specials.disallowed.empty()),
        allowed_(parse_special_set(encoding, specials.allowed, "--allowed-special")),
        disallowed_(parse_special_set(encoding, specials.disallowed, "--disallowed-special")) {}

  std::vector<Rank> encode(std::string_view text) const {
    return ordinary_ ? encoding_.encode_ordinary(text)
                     : encoding_.encode(text, allowed_, disallowed_);
  }
  std::size_t count(std::string_view text) const {
    return ordinary_ ? encoding_.count_ordinary(text)
                     : encoding_.count(text, allowed_, disallowed_);
  }

 private:
  const Encoding& encoding_;
  bool ordinary_;
  SpecialSet allowed_;
  SpecialSet disallowed_;
};

Inputs or_stdin(const Inputs& inputs) {
  return inputs.empty() ? Inputs{std::string(kStdinName)} : inputs;
}

}  // namespace

const Encoding& select_encoding(const EncodingChoice& choice) {
  if (!choice.model.empty()) return encoding_for_model(choice.model);
  return get_encoding(choice.encoding.empty() ? kDefaultEncoding : choice.encoding);
}

void run_count(const EncodingChoice& choice, const SpecialChoice& specials, const Inputs& inputs,
               std::FILE* out) {
  const Encoder encoder(select_encoding(choice), specials);
  const Inputs paths = or_stdin(inputs);
  std::vector<std::size_t> counts;
  std::size_t total = 0;
  for (const std::string& path : paths) {
    counts.push_back(encoder.count(read_input(path)));
    total += counts.back();
  }
  if (paths.size() == 1) {
    write(out, std::to_string(total) + "\n");
    return;
  }
  // Right-aligned counts, as wc does.
  const std::size_t width = std::to_string(total).size();
  auto line = [&](std::size_t n, const std::string& name) {
    std::string number = std::to_string(n);
    write(out, std::string(width - number.size(), ' ') + number + " " + name + "\n");
  };
  for (std::size_t i = 0; i < paths.size(); ++i) line(counts[i], paths[i]);
  line(total, "total");
}

void run_encode(const EncodingChoice& choice, const SpecialChoice& specials, const Inputs& inputs,
                std::FILE* out) {
  const Encoder encoder(select_encoding(choice), specials);
  for (const std::string& path : or_stdin(inputs)) {
    const std::vector<Rank> ids = encoder.encode(read_input(path));
    std::string line;
    line.reserve(ids.size() * 7 + 1);
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (i != 0) line += ' ';
      line += std::to_string(ids[i]);
    }
    line += '\n';
    write(out, line);
  }
}

void run_decode(const EncodingChoice& choice, const std::vector<std::string>& ids, bool raw_bytes,
                std::FILE* out) {
  const Encoding& encoding = select_encoding(choice);
  std::vector<Rank> tokens;
  if (ids.empty()) {
    tokens = parse_token_ids(read_input(std::string(kStdinName)));
  } else {
    for (const std::string& arg : ids) {
      std::vector<Rank> some = parse_token_ids(arg);
      tokens.insert(tokens.end(), some.begin(), some.end());
    }
  }
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
