// pattern_translate.cpp — tiktoken pattern (fancy-regex syntax) to PCRE2 pattern.
//
// One left-to-right pass that follows fancy-regex's parser, the front end tiktoken uses: the
// same escapes, the same rules for when '{' is a literal, for which groups scope flags and for
// what may be repeated. Classes are evaluated to code-point sets here, with the regex crate's
// semantics (fancy-regex hands classes and case-insensitive literals to it), and written out as
// explicit ranges, so PCRE2's own Unicode tables and case folding are never consulted.

#include "pretok/pattern_translate.hpp"

#include "core/hex.hpp"
#include "core/utf8.hpp"
#include "pretok/unicode_tables.hpp"

#include <airtok/error.hpp>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace airtok::detail {

namespace {

using unicode::Range;

constexpr char32_t kMaxCodePoint = 0x10FFFF;
constexpr Range kSurrogates{0xD800, 0xDFFF};
constexpr std::uint64_t kMaxRepeatCount = 65535;  // PCRE2 rejects larger {m,n} bounds
constexpr std::uint64_t kUnbounded = UINT64_MAX;
constexpr std::size_t kMaxGroupNameLength = 32;  // PCRE2's limit
constexpr std::size_t kMaxQuotedConstruct = 40;  // how much of the pattern an error quotes

bool is_ascii_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_ascii_alpha(char32_t c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool is_ascii_alnum(char32_t c) { return is_ascii_digit(c) || is_ascii_alpha(c); }
bool is_hex_digit(char c) { return is_ascii_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }

// ---------------------------------------------------------------------------------------------
// Code-point sets.

/// A set of code points: sorted, non-overlapping, non-adjacent inclusive ranges.
class CodePointSet {
 public:
  CodePointSet() = default;
  explicit CodePointSet(std::span<const Range> ranges) : ranges_(ranges.begin(), ranges.end()) {
    normalize();
  }
  static CodePointSet of(char32_t first, char32_t last) {
    CodePointSet set;
    set.ranges_.push_back({first, last});
    return set;
  }

  const std::vector<Range>& ranges() const { return ranges_; }
  bool empty() const { return ranges_.empty(); }
  bool is_single() const { return ranges_.size() == 1 && ranges_[0].first == ranges_[0].last; }

  void add(const CodePointSet& other) {
    ranges_.insert(ranges_.end(), other.ranges_.begin(), other.ranges_.end());
    normalize();
  }

  CodePointSet complement() const {
    CodePointSet out;
    char32_t next = 0;
    for (const Range& r : ranges_) {
      if (r.first > next) out.ranges_.push_back({next, r.first - 1});
      next = r.last + 1;
    }
    if (next <= kMaxCodePoint) out.ranges_.push_back({next, kMaxCodePoint});
    return out;
  }

  CodePointSet without(Range removed) const {
    CodePointSet out;
    for (const Range& r : ranges_) {
      if (r.last < removed.first || r.first > removed.last) {
        out.ranges_.push_back(r);
        continue;
      }
      if (r.first < removed.first) out.ranges_.push_back({r.first, removed.first - 1});
      if (r.last > removed.last) out.ranges_.push_back({removed.last + 1, r.last});
    }
    return out;
  }

  /// Adds every code point's simple case folding orbit, as Rust regex's case_fold_simple does.
  CodePointSet case_folded() const;

 private:
  void normalize() {
    std::sort(ranges_.begin(), ranges_.end(),
              [](const Range& a, const Range& b) { return a.first < b.first; });
    std::vector<Range> merged;
    for (const Range& r : ranges_) {
      if (!merged.empty() && r.first <= merged.back().last + 1) {
        merged.back().last = std::max(merged.back().last, r.last);
      } else {
        merged.push_back(r);
      }
    }
    ranges_ = std::move(merged);
  }

  std::vector<Range> ranges_;
};

char32_t next_in_fold_orbit(std::span<const unicode::FoldLink> links, char32_t c) {
  const auto it = std::lower_bound(
      links.begin(), links.end(), c,
      [](const unicode::FoldLink& link, char32_t value) { return link.from < value; });
  return it != links.end() && it->from == c ? it->next : c;
}

CodePointSet CodePointSet::case_folded() const {
  const auto links = unicode::simple_fold_links();
  CodePointSet out = *this;
  for (const Range& r : ranges_) {
    auto it = std::lower_bound(
        links.begin(), links.end(), r.first,
        [](const unicode::FoldLink& link, char32_t value) { return link.from < value; });
    for (; it != links.end() && it->from <= r.last; ++it) {
      for (char32_t c = it->next; c != it->from; c = next_in_fold_orbit(links, c)) {
        out.ranges_.push_back({c, c});
      }
    }
  }
  out.normalize();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rendering sets as PCRE2 text.

/// A code point as a PCRE2 literal, valid inside and outside brackets, whatever the options.
void append_code_point(std::string& out, char32_t c) {
  if (is_ascii_alnum(c)) {
    out.push_back(static_cast<char>(c));
  } else if (c > 0x20 && c < 0x7F) {
    out.push_back('\\');  // PCRE2: a backslash before any ASCII non-alphanumeric is literal
    out.push_back(static_cast<char>(c));
  } else {
    out += "\\x{";
    append_hex_upper(static_cast<std::uint32_t>(c), out);
    out.push_back('}');
  }
}

void append_ranges(std::string& out, const std::vector<Range>& ranges) {
  for (const Range& r : ranges) {
    append_code_point(out, r.first);
    if (r.last == r.first) continue;
    if (r.last > r.first + 1) out.push_back('-');
    append_code_point(out, r.last);
  }
}

/// The set as one PCRE2 atom. Surrogates are dropped: UTF-8 text cannot hold them and PCRE2
/// rejects them in UTF mode. Whichever of [...] and [^...] is shorter is used; both are exact
/// because the translation never turns on PCRE2's caseless matching.
std::string render_set(const CodePointSet& set) {
  const CodePointSet positive = set.without(kSurrogates);
  std::string out;
  if (positive.empty()) return "[^\\x{0}-\\x{10FFFF}]";
  if (positive.is_single()) {
    append_code_point(out, positive.ranges()[0].first);
    return out;
  }
  const CodePointSet negative = positive.complement().without(kSurrogates);
  const bool use_negative =
      !negative.empty() && negative.ranges().size() < positive.ranges().size();
  out = use_negative ? "[^" : "[";
  append_ranges(out, use_negative ? negative.ranges() : positive.ranges());
  out.push_back(']');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Classes with fixed definitions.

/// Rust regex's ASCII classes, as in [[:alpha:]].
std::optional<CodePointSet> posix_class(std::string_view name) {
  struct Entry {
    std::string_view name;
    std::initializer_list<Range> ranges;
  };
  static const Entry kClasses[] = {
      {"alnum", {{'0', '9'}, {'A', 'Z'}, {'a', 'z'}}},
      {"alpha", {{'A', 'Z'}, {'a', 'z'}}},
      {"ascii", {{0x00, 0x7F}}},
      {"blank", {{'\t', '\t'}, {' ', ' '}}},
      {"cntrl", {{0x00, 0x1F}, {0x7F, 0x7F}}},
      {"digit", {{'0', '9'}}},
      {"graph", {{'!', '~'}}},
      {"lower", {{'a', 'z'}}},
      {"print", {{' ', '~'}}},
      {"punct", {{'!', '/'}, {':', '@'}, {'[', '`'}, {'{', '~'}}},
      {"space", {{'\t', '\r'}, {' ', ' '}}},
      {"upper", {{'A', 'Z'}}},
      {"word", {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}},
      {"xdigit", {{'0', '9'}, {'A', 'F'}, {'a', 'f'}}},
  };
  for (const Entry& entry : kClasses) {
    if (entry.name == name) return CodePointSet({entry.ranges.begin(), entry.ranges.size()});
  }
  return std::nullopt;
}

/// \d \s \w (Unicode: Nd, White_Space, Alphabetic|M|Nd|Pc|Join_Control) and their negations.
/// Rust does not case-fold these: they are closed under simple case folding.
CodePointSet perl_class(char letter) {
  const char lower = static_cast<char>(letter | 0x20);
  const CodePointSet set(lower == 'd'   ? unicode::property_ranges("Nd")
                         : lower == 's' ? unicode::property_ranges("White_Space")
                                        : unicode::perl_word_ranges());
  return letter == lower ? set : set.complement();
}

/// fancy-regex's \h and \H: ASCII hex digits and their complement.
CodePointSet hex_digit_class(bool negated) {
  static constexpr Range kHex[] = {{'0', '9'}, {'A', 'F'}, {'a', 'f'}};
  const CodePointSet set(kHex);
  return negated ? set.complement() : set;
}

// ---------------------------------------------------------------------------------------------
// The translator.

struct Flags {
  bool case_insensitive = false;  // i
  bool multi_line = false;        // m
  bool dot_all = false;           // s
  bool swap_greed = false;        // U
  bool extended = false;          // x: whitespace and # comments are ignored outside classes
};

enum class GroupKind { kTop, kCapture, kNonCapture, kAtomic, kLookaround };

/// The member of `flags` that a flag letter sets, or nullptr.
bool* flag_member(Flags& flags, char letter) {
  switch (letter) {
    case 'i':
      return &flags.case_insensitive;
    case 'm':
      return &flags.multi_line;
    case 's':
      return &flags.dot_all;
    case 'U':
      return &flags.swap_greed;
    case 'x':
      return &flags.extended;
    default:
      return nullptr;
  }
}

/// One level of parentheses; the pattern itself is the outermost.
struct Frame {
  GroupKind kind = GroupKind::kTop;
  Flags saved_flags;            // restored at ')' of a (?flags:...) or (?:...) group
  std::size_t out_start = 0;    // where the group's text begins in the output
  std::size_t open_offset = 0;  // where its '(' is in the pattern
  int items = 0;                // non-empty items of the current branch
  bool alternation = false;
  bool last_item_repeatable = false;
};

/// What a quantifier at the current position would apply to.
enum class Target { kNone, kRepeatable, kNotRepeatable };

/// The result of an escape that may stand inside or outside brackets.
struct Escaped {
  std::optional<CodePointSet> set;  // a class, or else
  char32_t code_point = 0;          // a literal,
  bool folds = false;               // which (?i) case-folds (fancy-regex: not for \n, \., ...)
};

class Translator {
 public:
  explicit Translator(std::string_view pattern) : pattern_(pattern) {}
  std::string run();

 private:
  // Reading.
  bool at_end() const { return pos_ >= pattern_.size(); }
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < pattern_.size() ? pattern_[pos_ + ahead] : '\0';
  }
  bool looking_at(std::string_view text) const { return pattern_.substr(pos_).starts_with(text); }
  char32_t take_code_point();
  std::optional<std::uint64_t> take_decimal();
  void skip_ignorable();
  [[noreturn]] void fail(std::size_t offset, std::size_t length, const std::string& reason) const;
  void check_valid_utf8() const;

  // Elements.
  void translate_element();
  void open_group();
  void open_special_group(std::size_t open);
  void parse_flags(std::size_t open);
  void close_group();
  bool try_quantifier();
  std::optional<std::pair<std::uint64_t, std::uint64_t>> take_repeat_bounds();
  void emit_quantifier(std::uint64_t lo, std::uint64_t hi, bool greedy, bool possessive);
  void escape();
  bool assertion_escape(char letter, std::size_t start);
  Escaped char_or_class_escape(bool in_class);
  char32_t hex_escape(std::size_t start, std::size_t digits);
  CodePointSet property_escape(std::size_t start, bool negated);
  std::string take_group_name(std::size_t start, char close);
  void backreference_by_name(std::size_t start, char close);
  void bracket_class();
  void class_item(CodePointSet& set);
  Escaped class_primitive();
  CodePointSet posix_class_item();

  // Output.
  void emit_item(const std::string& text, bool repeatable);
  void emit_set(const CodePointSet& set) { emit_item(render_set(set), true); }
  void emit_literal(char32_t c, bool folds);
  std::string word_class() const { return render_set(CodePointSet(unicode::perl_word_ranges())); }

  std::string_view pattern_;
  std::size_t pos_ = 0;
  std::string out_;
  Flags flags_;
  std::vector<Frame> frames_;
  Target target_ = Target::kNone;
  std::size_t target_start_ = 0;  // output offset of what a quantifier would apply to
  std::vector<std::string> group_names_;
  bool numeric_backrefs_ = false;
};

std::string Translator::run() {
  check_valid_utf8();
  frames_.push_back(Frame{});
  while (true) {
    skip_ignorable();
    if (at_end()) break;
    translate_element();
  }
  if (frames_.size() > 1) fail(frames_.back().open_offset, 1, "unclosed group");
  if (numeric_backrefs_ && !group_names_.empty()) {
    fail(0, pattern_.size(), "numbered backreferences cannot be mixed with named groups");
  }
  return std::move(out_);
}

void Translator::check_valid_utf8() const {
  std::size_t i = 0;
  while (i < pattern_.size()) {
    if (decode_checked(pattern_, i) == kInvalidCodePoint) {
      fail(i, 1, "the pattern is not valid UTF-8");
    }
  }
}

char32_t Translator::take_code_point() {
  std::size_t length = 0;  // the pattern was validated before translation starts
  const char32_t c =
      decode_valid(reinterpret_cast<const unsigned char*>(pattern_.data()) + pos_, length);
  pos_ += length;
  return c;
}

std::optional<std::uint64_t> Translator::take_decimal() {
  const std::size_t start = pos_;
  std::uint64_t value = 0;
  while (is_ascii_digit(static_cast<unsigned char>(peek())) && pos_ - start < 19) {
    value = value * 10 + static_cast<std::uint64_t>(peek() - '0');
    ++pos_;
  }
  if (pos_ == start || is_ascii_digit(static_cast<unsigned char>(peek()))) return std::nullopt;
  return value;
}

/// Skips what fancy-regex skips between elements: (?#...) comments always, and in (?x) mode
/// spaces, tabs, newlines and # comments.
void Translator::skip_ignorable() {
  while (!at_end()) {
    if (looking_at("(?#")) {
      const std::size_t start = pos_;
      pos_ += 3;
      while (!at_end() && peek() != ')') pos_ += peek() == '\\' ? 2 : 1;
      if (at_end()) fail(start, 3, "unclosed comment");
      ++pos_;
    } else if (flags_.extended &&
               (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
      ++pos_;
    } else if (flags_.extended && peek() == '#') {
      const auto newline = pattern_.find('\n', pos_);
      pos_ = newline == std::string_view::npos ? pattern_.size() : newline + 1;
    } else {
      return;
    }
  }
}

void Translator::fail(std::size_t offset, std::size_t length, const std::string& reason) const {
  offset = std::min(offset, pattern_.size());
  const std::string_view construct = pattern_.substr(offset, std::min(length, kMaxQuotedConstruct));
  throw InvalidEncodingError("pattern cannot be translated for PCRE2: " + reason + " (\"" +
                             std::string(construct) + "\" at byte offset " +
                             std::to_string(offset) + ")");
}

void Translator::translate_element() {
  switch (peek()) {
    case '|':
      ++pos_;
      out_.push_back('|');
      frames_.back().alternation = true;
      frames_.back().items = 0;
      target_ = Target::kNone;
      return;
    case '(':
      open_group();
      return;
    case ')':
      close_group();
      return;
    case '?':
    case '*':
    case '+':
    case '{':
      if (try_quantifier()) return;
      break;  // a '{' that starts no repetition is a literal
    case '[':
      bracket_class();
      return;
    case '\\':
      escape();
      return;
    case '.':
      ++pos_;
      emit_item(flags_.dot_all ? "(?s:.)" : "[^\\n]", true);  // Rust's '.' excludes only \n
      return;
    case '^':
      ++pos_;
      emit_item(flags_.multi_line ? "(?<![^\\n])" : "\\A", false);
      return;
    case '$':  // Rust: the end of the text only (not before a final newline), or of a line
      ++pos_;
      emit_item(flags_.multi_line ? "(?![^\\n])" : "\\z", false);
      return;
    default:
      break;
  }
  emit_literal(take_code_point(), flags_.case_insensitive);
}

void Translator::emit_item(const std::string& text, bool repeatable) {
  Frame& frame = frames_.back();
  ++frame.items;
  frame.last_item_repeatable = repeatable;
  target_ = repeatable ? Target::kRepeatable : Target::kNotRepeatable;
  target_start_ = out_.size();
  out_ += text;
}

void Translator::emit_literal(char32_t c, bool folds) {
  const CodePointSet set = CodePointSet::of(c, c);
  emit_set(folds ? set.case_folded() : set);
}

// ---------------------------------------------------------------------------------------------
// Groups.

void Translator::open_group() {
  const std::size_t open = pos_;
  ++pos_;
  skip_ignorable();
  if (peek() == '?') {
    open_special_group(open);
    return;
  }
  frames_.push_back({GroupKind::kCapture, flags_, out_.size(), open});
  out_.push_back('(');
  target_ = Target::kNone;
}

void Translator::open_special_group(std::size_t open) {
  struct Opener {
    std::string_view syntax;
    GroupKind kind;
  };
  static constexpr Opener kOpeners[] = {
      {"?=", GroupKind::kLookaround},  {"?!", GroupKind::kLookaround},
      {"?<=", GroupKind::kLookaround}, {"?<!", GroupKind::kLookaround},
      {"?>", GroupKind::kAtomic},
  };
  for (const Opener& opener : kOpeners) {
    if (!looking_at(opener.syntax)) continue;
    frames_.push_back({opener.kind, flags_, out_.size(), open});
    out_ += "(";
    out_ += opener.syntax;
    pos_ += opener.syntax.size();
    target_ = Target::kNone;
    return;
  }
  if (looking_at("?'")) {
    fail(open, 3, "(?'name'...) is not supported by the reference's fancy-regex; use (?<name>...)");
  }
  if (looking_at("?<") || looking_at("?P<")) {
    pos_ += looking_at("?P<") ? 3 : 2;
    const std::string name = take_group_name(open, '>');
    group_names_.push_back(name);
    frames_.push_back({GroupKind::kCapture, flags_, out_.size(), open});
    out_ += "(?<" + name + ">";
    target_ = Target::kNone;
  } else if (looking_at("?P=")) {
    pos_ += 3;
    backreference_by_name(open, ')');
  } else if (looking_at("?(")) {
    fail(open, 3, "conditionals are not supported");
  } else if (looking_at("?P>")) {
    fail(open, 4, "subroutine calls are not supported");
  } else {
    parse_flags(open);
  }
}

/// At '?' of "(?flags)" or "(?flags:". Flags are resolved here, never passed to PCRE2.
void Translator::parse_flags(std::size_t open) {
  ++pos_;
  const std::size_t start = pos_;
  Flags flags = flags_;
  bool negate = false;
  while (true) {
    skip_ignorable();
    if (at_end()) fail(open, 2, "unclosed group");
    const char c = peek();
    if (bool* member = flag_member(flags, c)) {
      *member = !negate;
    } else if (c == 'u') {  // Unicode mode is always on
      if (negate) fail(pos_, 1, "non-Unicode mode (?-u) is not supported");
    } else if (c == '-' && !negate) {
      negate = true;
    } else if (c == ')' || c == ':') {
      break;
    } else {
      fail(open, pos_ + 1 - open, "unknown flag");
    }
    ++pos_;
  }
  const bool only_dash = negate && pos_ == start + 1;
  if (peek() == ':') {
    if (only_dash) fail(open, pos_ + 1 - open, "unknown flag");
    ++pos_;
    frames_.push_back({GroupKind::kNonCapture, flags_, out_.size(), open});
    flags_ = flags;
    out_ += "(?:";
    target_ = Target::kNone;
    return;
  }
  if (pos_ == start || only_dash) fail(open, pos_ + 1 - open, "empty flag group");
  ++pos_;
  // Like fancy-regex (and unlike Rust regex), these flags hold until the end of the enclosing
  // (?:...) or (?flags:...) group, or of the pattern: a capturing, atomic or lookaround group's
  // ')' does not end them.
  flags_ = flags;
  target_ = Target::kNotRepeatable;  // fancy-regex: an empty expression cannot be repeated
  target_start_ = out_.size();
}

void Translator::close_group() {
  if (frames_.size() == 1) fail(pos_, 1, "unmatched ')'");
  const Frame frame = frames_.back();
  frames_.pop_back();
  ++pos_;
  out_.push_back(')');
  bool repeatable = frame.kind == GroupKind::kCapture || frame.kind == GroupKind::kAtomic;
  if (frame.kind == GroupKind::kNonCapture) {
    flags_ = frame.saved_flags;
    // fancy-regex returns a non-capturing group's content itself: a lone assertion stays
    // unrepeatable, and an empty group vanishes.
    if (!frame.alternation && frame.items == 0) {
      target_ = Target::kNotRepeatable;
      target_start_ = frame.out_start;
      return;
    }
    repeatable = frame.alternation || frame.items > 1 || frame.last_item_repeatable;
  }
  Frame& parent = frames_.back();
  ++parent.items;
  parent.last_item_repeatable = repeatable;
  target_ = repeatable ? Target::kRepeatable : Target::kNotRepeatable;
  target_start_ = frame.out_start;
}

std::string Translator::take_group_name(std::size_t start, char close) {
  const std::size_t name_start = pos_;
  while (!at_end() && (is_ascii_alnum(static_cast<unsigned char>(peek())) || peek() == '_')) {
    ++pos_;
  }
  const std::string name(pattern_.substr(name_start, pos_ - name_start));
  if (peek() != close) fail(start, pos_ + 1 - start, "invalid group name");
  ++pos_;
  if (name.empty() || is_ascii_digit(static_cast<unsigned char>(name[0])) ||
      name.size() > kMaxGroupNameLength) {
    fail(start, pos_ - start,
         "group names must be 1 to 32 ASCII letters, digits or '_', not starting with a digit");
  }
  return name;
}

// ---------------------------------------------------------------------------------------------
// Quantifiers.

/// At '?', '*', '+' or '{'. Returns false, consuming nothing, for a '{' that fancy-regex reads
/// as a literal (no valid bounds follow, or nothing precedes it to repeat).
bool Translator::try_quantifier() {
  const std::size_t start = pos_;
  std::uint64_t lo = 0;
  std::uint64_t hi = kUnbounded;
  if (peek() == '{') {
    const auto bounds = take_repeat_bounds();
    if (!bounds || target_ == Target::kNone) {
      pos_ = start;
      return false;
    }
    lo = bounds->first;
    hi = bounds->second;
  } else {
    lo = peek() == '+' ? 1 : 0;
    hi = peek() == '?' ? 1 : kUnbounded;
    ++pos_;
  }
  if (target_ == Target::kNone) fail(start, 1, "quantifier without an expression to repeat");
  if (target_ == Target::kNotRepeatable) fail(start, pos_ - start, "target cannot be repeated");
  if (hi != kUnbounded && lo > hi) fail(start, pos_ - start, "repetition bounds out of order");
  if (lo > kMaxRepeatCount || (hi != kUnbounded && hi > kMaxRepeatCount)) {
    fail(start, pos_ - start, "repetition count above PCRE2's limit of 65535");
  }
  skip_ignorable();
  bool greedy = true;
  if (peek() == '?') {
    greedy = false;
    ++pos_;
  }
  const bool possessive = peek() == '+';
  if (possessive) ++pos_;
  emit_quantifier(lo, hi, greedy != flags_.swap_greed, possessive);
  return true;
}

/// At '{': parses "{n}", "{n,}", "{n,m}" or "{,m}" as fancy-regex does (spaces allowed in (?x)).
std::optional<std::pair<std::uint64_t, std::uint64_t>> Translator::take_repeat_bounds() {
  ++pos_;
  skip_ignorable();
  std::uint64_t lo = 0;
  if (peek() != ',') {
    const auto value = take_decimal();
    if (!value) return std::nullopt;
    lo = *value;
  }
  skip_ignorable();
  std::uint64_t hi = lo;
  if (peek() == ',') {
    ++pos_;
    skip_ignorable();
    hi = take_decimal().value_or(kUnbounded);
    skip_ignorable();
  }
  if (peek() != '}') return std::nullopt;
  ++pos_;
  return std::pair{lo, hi};
}

void Translator::emit_quantifier(std::uint64_t lo, std::uint64_t hi, bool greedy, bool possessive) {
  std::string text;
  if (lo == 0 && hi == 1)
    text = "?";
  else if (lo == 0 && hi == kUnbounded)
    text = "*";
  else if (lo == 1 && hi == kUnbounded)
    text = "+";
  else {
    text = "{" + std::to_string(lo);
    if (hi != lo) text += "," + (hi == kUnbounded ? std::string() : std::to_string(hi));
    text += "}";
  }
  if (!greedy) text += "?";
  if (possessive && greedy) text += "+";
  if (possessive && !greedy) {  // PCRE2 has no "+?+": make the lazy repetition atomic
    out_.insert(target_start_, "(?>");
    text += ")";
  }
  out_ += text;
  frames_.back().last_item_repeatable = true;
  target_ = Target::kNone;
}

// ---------------------------------------------------------------------------------------------
// Escapes.

void Translator::escape() {
  const std::size_t start = pos_;
  if (pos_ + 1 >= pattern_.size()) fail(start, 1, "trailing backslash");
  const char letter = peek(1);
  if (is_ascii_digit(static_cast<unsigned char>(letter))) {
    ++pos_;
    const auto group = take_decimal();
    if (!group || *group == 0) fail(start, pos_ - start, "invalid backreference");
    if (flags_.case_insensitive) {
      fail(start, pos_ - start, "backreferences in case-insensitive scope are not supported");
    }
    numeric_backrefs_ = true;
    emit_item("\\g{" + std::to_string(*group) + "}", true);
    return;
  }
  if (letter == 'k') {
    pos_ += 2;
    if (peek() != '<') fail(start, 3, "named backreferences must be written \\k<name>");
    ++pos_;
    backreference_by_name(start, '>');
    return;
  }
  if (assertion_escape(letter, start)) return;
  const Escaped escaped = char_or_class_escape(false);
  if (escaped.set) {
    emit_set(*escaped.set);
  } else {
    emit_literal(escaped.code_point, escaped.folds && flags_.case_insensitive);
  }
}

void Translator::backreference_by_name(std::size_t start, char close) {
  const std::string name = take_group_name(start, close);
  if (flags_.case_insensitive) {
    fail(start, pos_ - start, "backreferences in case-insensitive scope are not supported");
  }
  if (std::find(group_names_.begin(), group_names_.end(), name) == group_names_.end()) {
    fail(start, pos_ - start, "backreference to an unknown group name");
  }
  emit_item("\\k<" + name + ">", true);
}

/// The escapes allowed only outside brackets that match no character. Returns false if
/// `letter` is not one of them.
bool Translator::assertion_escape(char letter, std::size_t start) {
  std::string text;
  if (letter == 'A')
    text = "\\A";
  else if (letter == 'z')
    text = "\\z";
  else if (letter == 'b' || letter == 'B') {
    if (peek(2) == '{') fail(start, 3, "\\b{...} is not supported");
    // Unicode word boundaries from Rust's \w, with the text's ends counting as non-word.
    const std::string w = word_class();
    const std::string after = "(?<=" + w + ")", not_after = "(?<!" + w + ")";
    const std::string before = "(?=" + w + ")", not_before = "(?!" + w + ")";
    text = letter == 'b' ? "(?:" + after + not_before + "|" + not_after + before + ")"
                         : "(?:" + after + before + "|" + not_after + not_before + ")";
  } else if (letter == '<' || letter == '>' || letter == 'Z') {
    // The reference's fancy-regex (0.11) reads \< and \> as '<' and '>', and rejects \Z;
    // later versions read word boundaries and "end of text but for newlines". Refuse both.
    fail(start, 2, "this escape means different things in different fancy-regex versions");
  } else if (letter == 'K' || letter == 'G' || letter == 'g' || letter == 'O') {
    fail(start, 2, "this escape is not supported");
  } else {
    return false;
  }
  pos_ += 2;
  emit_item(text, false);
  return true;
}

/// At a backslash: an escape that denotes a character or a class, valid in both contexts.
Escaped Translator::char_or_class_escape(bool in_class) {
  const std::size_t start = pos_;
  if (pos_ + 1 >= pattern_.size()) fail(start, 1, "trailing backslash");
  ++pos_;
  const char letter = peek();
  switch (letter) {
    case 'd':
    case 's':
    case 'w':
    case 'D':
    case 'S':
    case 'W':
      ++pos_;
      return {perl_class(letter)};
    case 'h':
    case 'H':
      ++pos_;
      return {hex_digit_class(letter == 'H')};
    case 'p':
    case 'P':
      if (pos_ + 1 < pattern_.size()) {
        ++pos_;
        return {property_escape(start, letter == 'P')};
      }
      break;
    case 'x':
      ++pos_;
      return {std::nullopt, hex_escape(start, 2), true};
    case 'u':
      ++pos_;
      return {std::nullopt, hex_escape(start, 4), true};
    case 'U':
      ++pos_;
      return {std::nullopt, hex_escape(start, 8), true};
    default:
      break;
  }
  static constexpr std::pair<char, char32_t> kControls[] = {
      {'a', 0x07}, {'f', 0x0C}, {'n', 0x0A}, {'r', 0x0D}, {'t', 0x09}, {'v', 0x0B}, {'e', 0x1B}};
  for (const auto& [name, value] : kControls) {
    if (letter == name) {
      ++pos_;
      return {std::nullopt, value, false};
    }
  }
  if (is_ascii_alnum(static_cast<unsigned char>(letter))) {
    fail(start, 2, in_class ? "escape not allowed inside a class" : "unknown escape");
  }
  if (static_cast<unsigned char>(letter) >= 0x80) {
    fail(start, 1, "a backslash before a non-ASCII character is an error in the reference");
  }
  ++pos_;
  return {std::nullopt, static_cast<char32_t>(letter), false};  // \. \' \< \  ...: itself
}

/// After \x, \u or \U: exactly `digits` hex digits, or 1 to 8 of them in braces.
char32_t Translator::hex_escape(std::size_t start, std::size_t digits) {
  std::size_t first = pos_;
  std::size_t count = 0;
  if (pos_ + digits <= pattern_.size() &&
      std::all_of(pattern_.begin() + pos_, pattern_.begin() + pos_ + digits, is_hex_digit)) {
    count = digits;
    pos_ += digits;
  } else if (peek() == '{') {
    first = ++pos_;
    while (is_hex_digit(peek()) && pos_ - first < 8) ++pos_;
    count = pos_ - first;
    if (count == 0 || peek() != '}') fail(start, pos_ + 1 - start, "invalid hex escape");
    ++pos_;
  } else {
    fail(start, pos_ + 1 - start, "invalid hex escape");
  }
  const auto value = std::stoul(std::string(pattern_.substr(first, count)), nullptr, 16);
  if (value > kMaxCodePoint || (value >= kSurrogates.first && value <= kSurrogates.last)) {
    fail(start, pos_ - start, "escape is not a Unicode scalar value");
  }
  return static_cast<char32_t>(value);
}

/// After \p or \P: "X" or "{name}", "{name=value}", "{name:value}", "{name!=value}" (Rust).
/// In (?i) scope Rust folds the property's set before negating it.
CodePointSet Translator::property_escape(std::size_t start, bool negated) {
  std::string body;
  if (peek() == '{') {
    const auto close = pattern_.find('}', pos_);
    if (close == std::string_view::npos) fail(start, pos_ + 1 - start, "unclosed \\p{");
    body = pattern_.substr(pos_ + 1, close - pos_ - 1);
    pos_ = close + 1;
  } else {
    const std::size_t first = pos_;
    take_code_point();
    body = pattern_.substr(first, pos_ - first);
  }
  if (const auto not_equal = body.find("!="); not_equal != std::string::npos) {
    body.replace(not_equal, 2, "=");
    negated = !negated;
  }
  const auto ranges = unicode::property_ranges(body);
  if (ranges.empty()) {
    fail(start, pos_ - start,
         "unknown or unsupported Unicode property (supported: General_Category values, "
         "White_Space, Alphabetic, Join_Control, Any, ASCII, Assigned; no scripts)");
  }
  CodePointSet set(ranges);
  if (flags_.case_insensitive) set = set.case_folded();
  return negated ? set.complement() : set;
}

// ---------------------------------------------------------------------------------------------
// Bracketed classes.

/// At '['. Rust's order: fold each item (in (?i) scope), negate it, take the union, fold the
/// union, negate the class.
void Translator::bracket_class() {
  const std::size_t open = pos_;
  ++pos_;
  const bool negated = peek() == '^';
  if (negated) ++pos_;
  CodePointSet set;
  if (peek() == ']') {  // a ']' right after '[' or '[^' is a literal
    ++pos_;
    set.add(CodePointSet::of(']', ']'));
  }
  while (true) {
    if (at_end()) fail(open, 1, "unclosed character class");
    if (peek() == ']') break;
    if (looking_at("&&") || looking_at("--") || looking_at("~~")) {
      fail(pos_, 2, "class set operations (&&, --, ~~) are not supported");
    }
    class_item(set);
  }
  ++pos_;
  if (flags_.case_insensitive) set = set.case_folded();
  emit_set(negated ? set.complement() : set);
}

/// One literal, escape, POSIX class or range "a-z", added to `set`.
void Translator::class_item(CodePointSet& set) {
  const std::size_t start = pos_;
  const Escaped first = class_primitive();
  // Rust: '-' makes a range unless it is followed by ']' or another '-'.
  if (peek() != '-' || peek(1) == ']' || peek(1) == '-' || pos_ + 1 >= pattern_.size()) {
    set.add(first.set ? *first.set : CodePointSet::of(first.code_point, first.code_point));
    return;
  }
  ++pos_;
  const Escaped last = class_primitive();
  if (first.set || last.set) fail(start, pos_ - start, "a class cannot be a range's bound");
  if (first.code_point > last.code_point) fail(start, pos_ - start, "range out of order");
  set.add(CodePointSet::of(first.code_point, last.code_point));
}

Escaped Translator::class_primitive() {
  const char c = peek();
  if (c == '[') return {posix_class_item()};
  if (c == '\\') {
    const std::size_t start = pos_;
    const char letter = peek(1);
    if (is_ascii_digit(static_cast<unsigned char>(letter)) ||
        std::string_view("kAzbBKGZOg").find(letter) != std::string_view::npos) {
      fail(start, 2, "escape not allowed inside a class");
    }
    // Of the items only \p and \P fold by themselves; literals fold with the whole class, and
    // \d \s \w \h are closed under folding.
    return char_or_class_escape(true);
  }
  return {std::nullopt, take_code_point(), false};  // even in (?x) mode, spaces are literal here
}

/// At '[' inside a class: "[:name:]" or "[:^name:]", else a nested class (not supported).
CodePointSet Translator::posix_class_item() {
  const std::size_t start = pos_;
  if (looking_at("[:")) {
    const auto close = pattern_.find(":]", pos_ + 2);
    std::string_view name = close == std::string_view::npos
                                ? std::string_view()
                                : pattern_.substr(pos_ + 2, close - pos_ - 2);
    const bool negated = name.starts_with('^');
    if (negated) name.remove_prefix(1);
    if (auto set = posix_class(name)) {
      pos_ = close + 2;
      if (flags_.case_insensitive) *set = set->case_folded();
      return negated ? set->complement() : *set;
    }
  }
  fail(start, 1, "nested character classes are not supported");
}

}  // namespace

std::string translate_pattern_for_pcre2(std::string_view pattern) {
  return Translator(pattern).run();
}

}  // namespace airtok::detail
