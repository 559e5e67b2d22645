// data_gym.cpp — GPT-2's original files (vocab.bpe + encoder.json) → mergeable ranks, exactly as
// tiktoken's `data_gym_to_mergeable_bpe_ranks`:
//
//   1. the 256 single bytes get ranks 0..255 in data-gym order (see data_gym_alphabet.hpp);
//   2. vocab.bpe is read as UTF-8 and split at "\n"; the first line ("#version: 0.2") and the
//      last piece (normally empty, after the final "\n") are ignored; every other line is
//      `first second` (split at whitespace like Python's str.split) and the token
//      decode(first) + decode(second) gets the next rank — a repeated merge takes the new rank,
//      as a Python dict assignment would;
//   3. encoder.json, decoded the same way and without <|endoftext|> / <|startoftext|>, must equal
//      those ranks exactly (tiktoken asserts it: ranks must follow merge priority).
#include "core/hex.hpp"
#include "core/load/data_gym_alphabet.hpp"
#include "core/load/diagnostics.hpp"
#include "core/load/encoder_json.hpp"
#include "core/utf8.hpp"

#include <airtok/load.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <vector>

namespace airtok {

namespace {

constexpr std::string_view kMergeLineHint =
    "; each line after the first must be two tokens separated by a space, e.g. \"\xC4\xA0 t\"";

/// Python's str.isspace() (what str.split() splits at), for any code point.
constexpr bool is_python_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

/// Up to three fields of a merge line split like Python's str.split(); `count` stops at 3.
struct MergeFields {
  std::array<std::string_view, 3> field;
  std::size_t count = 0;
};

/// `line` must be valid UTF-8.
MergeFields split_merge_line(std::string_view line) {
  MergeFields fields;
  std::size_t pos = 0;
  std::size_t field_start = std::string_view::npos;
  while (pos < line.size() && fields.count < 3) {
    const std::size_t char_start = pos;
    const char32_t c = detail::decode_checked(line, pos);
    if (c == detail::kInvalidCodePoint) ++pos;  // not reached: the file was validated
    const bool space = is_python_space(c);
    if (!space && field_start == std::string_view::npos) field_start = char_start;
    if (space && field_start != std::string_view::npos) {
      fields.field[fields.count++] = line.substr(field_start, char_start - field_start);
      field_start = std::string_view::npos;
    }
  }
  if (field_start != std::string_view::npos && fields.count < 3) {
    fields.field[fields.count++] = line.substr(field_start);
  }
  return fields;
}

/// Throws unless `text` is valid UTF-8 (tiktoken calls `.decode()` on the whole file).
void check_utf8(std::string_view text, std::string_view source) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (static_cast<unsigned char>(text[pos]) < 0x80) {
      ++pos;
      continue;
    }
    if (detail::decode_checked(text, pos) != detail::kInvalidCodePoint) continue;
    const std::size_t line_start = text.rfind('\n', pos == 0 ? 0 : pos - 1);
    const std::size_t column = line_start == std::string_view::npos ? pos + 1 : pos - line_start;
    const auto byte = static_cast<unsigned char>(text[pos]);
    detail::throw_load_error(source, detail::line_of_offset(text, pos),
                             "invalid UTF-8: byte " + detail::hex_byte(byte) + " at column " +
                                 std::to_string(column) +
                                 " (tiktoken reads vocab.bpe as UTF-8 text)");
  }
}

/// A token's data-gym text and bytes, for messages.
std::string describe_token(std::string_view bytes) {
  return detail::quoted(detail::encode_data_gym(bytes), true) + " (bytes " + detail::quoted(bytes) +
         ")";
}

/// The ranks built from vocab.bpe, with where each token came from.
class DataGymRanks {
 public:
  DataGymRanks(std::string_view vocab_bpe, std::string_view source);

  /// Throws unless `encoder` holds exactly these tokens with these ranks.
  void check_equal(const detail::EncoderJson& encoder, std::string_view encoder_json,
                   std::string_view encoder_source) const;

  MergeableRanks take() && { return std::move(entries_); }

 private:
  void add(std::string bytes, std::size_t line);
  void add_merge(std::string_view line, std::size_t line_number);
  [[noreturn]] void fail_mismatch(std::string_view encoder_source, std::size_t line,
                                  const std::string& what) const;

  std::string_view source_;
  MergeableRanks entries_;
  std::vector<std::size_t> lines_;  // vocab.bpe line of each entry; 0 for single bytes
  std::unordered_map<std::string, std::uint32_t> index_;  // bytes → entry
  Rank next_rank_ = 0;
  bool ignored_last_line_ = false;  // the file does not end with "\n" and its last line is ignored
};

DataGymRanks::DataGymRanks(std::string_view vocab_bpe, std::string_view source) : source_(source) {
  if (vocab_bpe.size() >= std::numeric_limits<std::uint32_t>::max()) {
    detail::throw_load_error(source_, 0, "file too large (4 GiB or more)");
  }
  check_utf8(vocab_bpe, source_);
  const auto expected =
      static_cast<std::size_t>(256 + std::count(vocab_bpe.begin(), vocab_bpe.end(), '\n'));
  entries_.reserve(expected);
  lines_.reserve(expected);
  index_.reserve(expected);
  for (const std::uint8_t byte : detail::kDataGymAlphabet.rank_to_byte) {
    add(std::string(1, static_cast<char>(byte)), 0);
  }
  // vocab_bpe_contents.split("\n")[1:-1]: every piece that has a "\n" after it, but the first.
  std::size_t line_start = vocab_bpe.find('\n');
  std::size_t line_number = 1;
  while (line_start != std::string_view::npos) {
    ++line_start;
    ++line_number;
    const std::size_t line_end = vocab_bpe.find('\n', line_start);
    if (line_end == std::string_view::npos) {
      ignored_last_line_ = line_start < vocab_bpe.size();
      break;
    }
    add_merge(vocab_bpe.substr(line_start, line_end - line_start), line_number);
    line_start = line_end;
  }
}

void DataGymRanks::add(std::string bytes, std::size_t line) {
  const auto [it, inserted] =
      index_.try_emplace(bytes, static_cast<std::uint32_t>(entries_.size()));
  if (inserted) {
    entries_.emplace_back(std::move(bytes), next_rank_);
    lines_.push_back(line);
  } else {  // a repeated merge: like `bpe_ranks[token] = n` in Python, the new rank wins
    entries_[it->second].second = next_rank_;
    lines_[it->second] = line;
  }
  ++next_rank_;
}

void DataGymRanks::add_merge(std::string_view line, std::size_t line_number) {
  const MergeFields fields = split_merge_line(line);
  if (fields.count != 2) {
    const char* problem = fields.count == 0   ? "no merge on this line"
                          : fields.count == 1 ? "only one token on this line"
                                              : "more than two tokens on this line";
    detail::throw_load_error(
        source_, line_number,
        std::string(problem) + ": " + detail::quoted(line, true) + std::string(kMergeLineHint));
  }
  std::string bytes;
  for (std::size_t i = 0; i < 2; ++i) {
    if (char32_t bad = 0; !detail::decode_data_gym(fields.field[i], bytes, bad)) {
      detail::throw_load_error(source_, line_number,
                               "token " + detail::quoted(fields.field[i], true) +
                                   " has the character " + detail::describe_char(bad) +
                                   ", which is not in GPT-2's data-gym alphabet (U+0021..U+0143)");
    }
  }
  add(std::move(bytes), line_number);
}

void DataGymRanks::check_equal(const detail::EncoderJson& encoder, std::string_view encoder_json,
                               std::string_view encoder_source) const {
  // The lowest-ranked token of vocab.bpe that encoder.json lacks or ranks differently.
  std::size_t first_bad = entries_.size();
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const auto found = encoder.find(entries_[i].first);
    const bool same = found != encoder.end() && found->second.rank == entries_[i].second;
    if (!same &&
        (first_bad == entries_.size() || entries_[i].second < entries_[first_bad].second)) {
      first_bad = i;
    }
  }
  if (first_bad != entries_.size()) {
    const auto& [bytes, rank] = entries_[first_bad];
    const std::string from = lines_[first_bad] == 0 ? "one of the 256 single-byte tokens"
                                                    : "line " + std::to_string(lines_[first_bad]);
    const auto found = encoder.find(bytes);
    if (found == encoder.end()) {
      fail_mismatch(encoder_source, 0,
                    "token " + describe_token(bytes) + " has rank " + std::to_string(rank) +
                        " in " + std::string(source_) + " (" + from + ") but is missing from " +
                        std::string(encoder_source));
    }
    fail_mismatch(encoder_source, detail::line_of_offset(encoder_json, found->second.offset),
                  "token " + describe_token(bytes) + " has rank " +
                      std::to_string(found->second.rank) + " in " + std::string(encoder_source) +
                      " (byte " + std::to_string(found->second.offset + 1) + ") but rank " +
                      std::to_string(rank) + " in " + std::string(source_) + " (" + from + ")");
  }
  if (encoder.size() == entries_.size()) return;
  // Every token of vocab.bpe matches, so encoder.json has more: name its first extra key.
  const detail::EncoderJson::value_type* extra = nullptr;
  for (const auto& item : encoder) {
    if (index_.contains(item.first)) continue;
    if (extra == nullptr || item.second.order < extra->second.order) extra = &item;
  }
  fail_mismatch(encoder_source, detail::line_of_offset(encoder_json, extra->second.offset),
                "token " + describe_token(extra->first) + " with rank " +
                    std::to_string(extra->second.rank) + " (byte " +
                    std::to_string(extra->second.offset + 1) + ") is not made by any merge in " +
                    std::string(source_));
}

void DataGymRanks::fail_mismatch(std::string_view encoder_source, std::size_t line,
                                 const std::string& what) const {
  std::string message = std::string(encoder_source) + " does not match " + std::string(source_) +
                        ": " + what +
                        "; tiktoken requires the two files to agree (are they from the same "
                        "model? is one of them corrupt?)";
  if (ignored_last_line_) {
    message += "; note: " + std::string(source_) +
               " does not end with a newline, and its last line is ignored (as tiktoken does)";
  }
  detail::throw_load_error(encoder_source, line, message);
}

}  // namespace

MergeableRanks parse_data_gym(std::string_view vocab_bpe, std::string_view encoder_json,
                              std::string_view vocab_source, std::string_view encoder_source) {
  DataGymRanks ranks(vocab_bpe, vocab_source);
  const detail::EncoderJson encoder = detail::read_encoder_json(encoder_json, encoder_source);
  ranks.check_equal(encoder, encoder_json, encoder_source);
  return std::move(ranks).take();
}

}  // namespace airtok
