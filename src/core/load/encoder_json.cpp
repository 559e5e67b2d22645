// encoder_json.cpp — reading encoder.json with nlohmann's SAX interface (see encoder_json.hpp).
//
// The SAX callbacks do not say where they are in the input, so the input is given to nlohmann
// through an iterator that counts the bytes it has handed out. When `key()` is called, the lexer
// has read exactly up to the key's closing quote (strings need no look-ahead), which locates
// every key for messages.
#include "core/load/encoder_json.hpp"

#include "core/load/data_gym_alphabet.hpp"
#include "core/load/diagnostics.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <iterator>

namespace airtok::detail {

namespace {

using Json = nlohmann::json;
constexpr std::uint64_t kRankLimit = std::uint64_t{1} << 31;

/// A pointer into the input that records, in `*consumed`, how many bytes have been read.
class CountingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator(const char* begin, const char* current, std::size_t* consumed)
      : begin_(begin), current_(current), consumed_(consumed) {}
  reference operator*() const { return *current_; }
  CountingIterator& operator++() {
    ++current_;
    *consumed_ = static_cast<std::size_t>(current_ - begin_);
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const CountingIterator& other) const { return current_ == other.current_; }

 private:
  const char* begin_;
  const char* current_;
  std::size_t* consumed_;
};

class EncoderJsonHandler {
 public:
  EncoderJsonHandler(std::string_view text, const std::size_t& consumed, EncoderJson& entries)
      : text_(text), consumed_(consumed), entries_(entries) {}

  bool null() { return other_value("null"); }
  bool boolean(bool value) { return other_value(value ? "true" : "false"); }
  bool number_integer(Json::number_integer_t value) {
    if (value >= 0) return number_unsigned(static_cast<Json::number_unsigned_t>(value));
    return other_value("the negative number " + std::to_string(value));
  }
  bool number_unsigned(Json::number_unsigned_t value) {
    if (skipping_ || depth_ != 1) return other_value("the number " + std::to_string(value));
    if (value >= kRankLimit) {
      return other_value("the number " + std::to_string(value) +
                         ", out of range (ranks must be below 2^31)");
    }
    entries_.insert_or_assign(std::move(key_bytes_),
                              EncoderJsonEntry{static_cast<Rank>(value), key_offset_, key_count_});
    return true;
  }
  bool number_float(Json::number_float_t, const Json::string_t& text) {
    return other_value("the number " + text);
  }
  bool string(Json::string_t& value) { return other_value("the string " + quoted(value, true)); }
  bool binary(Json::binary_t&) { return other_value("binary data"); }
  bool start_object(std::size_t) { return open("an object"); }
  bool start_array(std::size_t) { return open("an array"); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(Json::string_t& key_text);
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    std::string what = e.what();
    if (const std::size_t end = what.find("] "); what.starts_with("[json.") && end != what.npos) {
      what.erase(0, end + 2);
    }
    return fail(position == 0 ? 0 : position - 1, "invalid JSON: " + what);
  }

  const std::string& error() const { return error_; }
  std::size_t error_offset() const { return error_offset_; }

 private:
  static constexpr std::string_view kTopLevelHint =
      "; encoder.json must be one JSON object mapping tokens to ranks, e.g. {\"!\": 0, ...}";

  // Any value but an in-range integer under a key: an error, unless inside a dropped special
  // token's value (which is skipped whole, like tiktoken pops it whatever it is).
  bool other_value(const std::string& what) {
    if (skipping_) {
      skipping_ = skip_depth_ != 0;
      return true;
    }
    if (depth_ == 0) {
      return fail(0, "the top level is " + what + ", not an object" + std::string(kTopLevelHint));
    }
    return fail(key_offset_, "the value of key " + quoted(key_text_, true) + " is " + what +
                                 ", not an integer rank");
  }
  bool open(const std::string& what) {
    if (skipping_) {
      ++skip_depth_;
      return true;
    }
    if (depth_ == 0 && what == "an object") {
      depth_ = 1;
      return true;
    }
    return other_value(what);
  }
  bool close() {
    if (skipping_) {
      skipping_ = --skip_depth_ != 0;
      return true;
    }
    --depth_;
    return true;
  }
  bool fail(std::size_t offset, std::string message) {
    error_ = std::move(message);
    error_offset_ = offset;
    return false;
  }
  std::size_t opening_quote_of_last_string() const;

  std::string_view text_;
  const std::size_t& consumed_;
  EncoderJson& entries_;
  int depth_ = 0;          // 1 inside the top-level object
  bool skipping_ = false;  // inside the value of a dropped special token
  int skip_depth_ = 0;     // nesting inside that value
  std::string key_text_;   // current key as written (UTF-8)
  std::string key_bytes_;  // current key decoded
  std::size_t key_offset_ = 0;
  std::size_t key_count_ = 0;
  std::string error_;
  std::size_t error_offset_ = 0;
};

bool EncoderJsonHandler::key(Json::string_t& key_text) {
  if (skipping_) return true;
  key_offset_ = opening_quote_of_last_string();
  key_text_ = key_text;
  key_bytes_.clear();
  ++key_count_;
  if (char32_t bad = 0; !decode_data_gym(key_text, key_bytes_, bad)) {
    return fail(key_offset_, "key " + quoted(key_text, true) + " has the character " +
                                 describe_char(bad) +
                                 ", which is not in GPT-2's data-gym alphabet (U+0021..U+0143)");
  }
  if (key_bytes_ == "<|endoftext|>" || key_bytes_ == "<|startoftext|>") {
    skipping_ = true;  // tiktoken drops these two, whatever their value
    skip_depth_ = 0;
  }
  return true;
}

// The lexer has just read a string's closing quote: walk back to its opening quote, the only
// '"' inside that is preceded by an even number of backslashes.
std::size_t EncoderJsonHandler::opening_quote_of_last_string() const {
  if (consumed_ < 2 || consumed_ > text_.size()) return 0;
  for (std::size_t pos = consumed_ - 1; pos-- > 0;) {
    if (text_[pos] != '"') continue;
    std::size_t backslashes = 0;
    while (backslashes < pos && text_[pos - 1 - backslashes] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return pos;
  }
  return 0;
}

}  // namespace

EncoderJson read_encoder_json(std::string_view json, std::string_view source) {
  EncoderJson entries;
  entries.reserve(json.size() / 12 + 16);
  std::size_t consumed = 0;
  EncoderJsonHandler handler(json, consumed, entries);
  const char* begin = json.data();
  bool ok = false;
  try {
    ok = Json::sax_parse(CountingIterator(begin, begin, &consumed),
                         CountingIterator(begin, begin + json.size(), &consumed), &handler);
  } catch (const Json::exception& e) {
    throw_load_error(source, line_of_offset(json, consumed),
                     std::string("invalid JSON: ") + e.what());
  }
  if (!ok) {
    const std::size_t offset = handler.error_offset();
    throw_load_error(source, line_of_offset(json, offset),
                     "at byte " + std::to_string(offset + 1) + ": " + handler.error());
  }
  return entries;
}

}  // namespace airtok::detail
