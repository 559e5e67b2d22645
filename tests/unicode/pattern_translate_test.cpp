// pattern_translate_test.cpp — tiktoken patterns translated for PCRE2 must split text as
// tiktoken does (fancy-regex, Rust regex semantics, Unicode 16.0), whatever PCRE2's options.
//
// The expected splits follow from the patterns' semantics and were also checked against the
// reference oracle (npm tiktoken@1.0.22) with tools/unicode/oracle_split.mjs. The inputs are
// chosen where a naive PCRE2 compile of the pattern goes wrong:
//   - code points whose Unicode 16 category differs from PCRE2 10.42's Unicode 14 tables
//     (U+A7CB, U+1C89 letters; U+10D40.. Garay digits; U+0897 a mark);
//   - Rust's \s is White_Space: U+0085 and U+00A0 are spaces, U+180E is not;
//   - Rust's simple case folding in (?i:...): 's' also matches U+017F;
//   - Rust's `$` is the end of the text only, never before a final newline.

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "pretok/pattern_translate.hpp"
#include "pretok/unicode_tables.hpp"

#include <airtok/error.hpp>

#include "core/utf8.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace airtok::detail {
namespace {

using Pieces = std::vector<std::string>;

// tiktoken 0.14's patterns (DESIGN.md).
constexpr std::string_view kR50kPattern =
    R"('(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s)";
constexpr std::string_view kCl100kPattern =
    R"('(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+)"
    R"(|\s++$|\s*[\r\n]|\s+(?!\S)|\s)";
constexpr std::string_view kO200kPattern =
    R"([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+)"
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)?)"
    R"(|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*)"
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)?)"
    R"(|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

// The option sets a caller might use; the translation must not depend on them.
constexpr std::uint32_t kOptionSets[] = {
    PCRE2_UTF | PCRE2_DOLLAR_ENDONLY,
    PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_UCP,
    PCRE2_UTF,
    PCRE2_UTF | PCRE2_UCP,
};

std::string utf8(char32_t cp) {
  std::string out;
  airtok::detail::append_utf8(cp, out);
  return out;
}

/// A translated pattern compiled by PCRE2 (with JIT where available).
class Compiled {
 public:
  Compiled(std::string_view pattern, std::uint32_t options) {
    const std::string translated = translate_pattern_for_pcre2(pattern);
    int error = 0;
    PCRE2_SIZE offset = 0;
    code_.reset(pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(),
                              options, &error, &offset, nullptr));
    if (!code_) {
      PCRE2_UCHAR message[256];
      pcre2_get_error_message(error, message, sizeof message);
      ADD_FAILURE() << "PCRE2 rejects the translation of " << pattern << ": "
                    << reinterpret_cast<const char*>(message) << " at " << offset;
      return;
    }
    pcre2_jit_compile(code_.get(), PCRE2_JIT_COMPLETE);
    data_.reset(pcre2_match_data_create_from_pattern(code_.get(), nullptr));
  }

  /// Rust's find_iter: leftmost-first matches, left to right, empty matches skipped.
  Pieces split(std::string_view text) const {
    Pieces pieces;
    std::size_t from = 0;
    while (code_ && from <= text.size()) {
      const int rc = pcre2_match(code_.get(), reinterpret_cast<PCRE2_SPTR>(text.data()),
                                 text.size(), from, 0, data_.get(), nullptr);
      if (rc < 0) break;
      const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data_.get());
      if (ovector[1] == ovector[0]) {
        from = ovector[0] + 1;
        while (from < text.size() && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) {
          ++from;
        }
        continue;
      }
      pieces.emplace_back(text.substr(ovector[0], ovector[1] - ovector[0]));
      from = ovector[1];
    }
    return pieces;
  }

  /// Whether the pattern matches all of `text`.
  bool matches_whole(std::string_view text) const {
    if (!code_) return false;
    const int rc = pcre2_match(code_.get(), reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(),
                               0, PCRE2_ANCHORED | PCRE2_ENDANCHORED, data_.get(), nullptr);
    return rc >= 0;
  }

 private:
  struct CodeFree {
    void operator()(pcre2_code* code) const { pcre2_code_free(code); }
  };
  struct DataFree {
    void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
  };
  std::unique_ptr<pcre2_code, CodeFree> code_;
  std::unique_ptr<pcre2_match_data, DataFree> data_;
};

struct SplitCase {
  std::string_view text;
  Pieces pieces;
};

void expect_splits(std::string_view pattern, const std::vector<SplitCase>& cases) {
  for (const std::uint32_t options : kOptionSets) {
    const Compiled compiled(pattern, options);
    for (const SplitCase& c : cases) {
      EXPECT_EQ(compiled.split(c.text), c.pieces) << "text: " << c.text << ", options " << options;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The three built-in patterns.

TEST(PatternTranslate, R50kSplits) {
  expect_splits(
      kR50kPattern,
      {
          // Contractions are case-sensitive here: "'ſ" and "'LL" are punctuation then letters.
          {"I'm here, he'\u017f 'LL 'Ve 12345 ab  cd  ",
           {"I", "'m", " here", ",", " he", "'", "\u017f", " '", "LL", " '", "Ve", " 12345", " ab",
            " ", " cd", "  "}},
          // U+0085 and U+00A0 are \s (a lone \s each); U+180E is not, so it is punctuation.
          {"a\u0085b\u00a0c\u180ed  \u2028x",
           {"a", "\u0085", "b", "\u00a0", "c", "\u180e", "d", "  ", "\u2028", "x"}},
          // Unicode 16 letters and digits.
          {"\uA7CB\u0264 \u1C89x \U00010D40\U00010D41\U00010D42\U00010D43",
           {"\uA7CB\u0264", " \u1C89x", " \U00010D40\U00010D41\U00010D42\U00010D43"}},
          {"x\u0897y \u0897z", {"x", "\u0897", "y", " \u0897", "z"}},  // U+0897 is a mark, not L
          {"line1\r\nline2\n\n  \n", {"line", "1", "\r", "\n", "line", "2", "\n\n  \n"}},
          {"\u180E\u180E a \u3000 x\u00a0\u00a0y",
           {"\u180e\u180e", " a", " \u3000", " x", "\u00a0", "\u00a0", "y"}},
          {"a\n\n", {"a", "\n\n"}},  // \s++$ at the very end
          {"a \n", {"a", " \n"}},
      });
}

TEST(PatternTranslate, Cl100kSplits) {
  expect_splits(
      kCl100kPattern,
      {
          // (?i:[sdmt]) folds as Rust does: "'ſ" is one piece, like "'S".
          {"I'm here, he'\u017f 'LL 'Ve 12345 ab  cd  ",
           {"I", "'m", " here", ",", " he", "'\u017f", " '", "LL", " '", "Ve", " ", "123", "45",
            " ab", " ", " cd", "  "}},
          {"HelloWorld ABCdef HE'S he's HE'\u017f",
           {"HelloWorld", " ABCdef", " HE", "'S", " he", "'s", " HE", "'\u017f"}},
          {"a\u0085b\u00a0c\u180ed  \u2028x",
           {"a", "\u0085b", "\u00a0c", "\u180ed", "  ", "\u2028x"}},
          {"\uA7CB\u0264 \u1C89x \U00010D40\U00010D41\U00010D42\U00010D43",
           {"\uA7CB\u0264", " \u1C89x", " ", "\U00010D40\U00010D41\U00010D42", "\U00010D43"}},
          {"x\u0897y \u0897z", {"x", "\u0897y", " \u0897", "z"}},
          {"line1\r\nline2\n\n  \n", {"line", "1", "\r\n", "line", "2", "\n\n  \n"}},
          {"?!\n\n  a/b//c\n", {"?!\n\n", " ", " a", "/b", "//", "c", "\n"}},
          {"\u180E\u180E a \u3000 x\u00a0\u00a0y",
           {"\u180e\u180e", " a", " \u3000", " x", "\u00a0", "\u00a0y"}},
          {"Kelvin \u212A", {"Kelvin", " \u212A"}},
      });
}

TEST(PatternTranslate, O200kSplits) {
  expect_splits(
      kO200kPattern,
      {
          {"I'm here, he'\u017f 'LL 'Ve 12345 ab  cd  ",
           {"I'm", " here", ",", " he'\u017f", " '", "LL", " '", "Ve", " ", "123", "45", " ab", " ",
            " cd", "  "}},
          {"HelloWorld ABCdef HE'S he's HE'\u017f",
           {"Hello", "World", " ABCdef", " HE'S", " he's", " HE'\u017f"}},
          {"a\u0085b\u00a0c\u180ed  \u2028x",
           {"a", "\u0085b", "\u00a0c", "\u180ed", "  ", "\u2028x"}},
          {"\uA7CB\u0264 \u1C89x \U00010D40\U00010D41\U00010D42\U00010D43",
           {"\uA7CB\u0264", " \u1C89x", " ", "\U00010D40\U00010D41\U00010D42", "\U00010D43"}},
          {"x\u0897y \u0897z", {"x\u0897y", " \u0897z"}},  // marks belong to the letter classes
          {"line1\r\nline2\n\n  \n", {"line", "1", "\r\n", "line", "2", "\n\n  \n"}},
          {"?!\n\n  a/b//c\n", {"?!\n\n", " ", " a", "/b", "//", "c", "\n"}},
      });
}

// ---------------------------------------------------------------------------------------------
// Classes are exact, including negations and complements, at every range boundary.

bool in_ranges(std::span<const unicode::Range> ranges, char32_t c) {
  return std::any_of(ranges.begin(), ranges.end(),
                     [c](const unicode::Range& r) { return c >= r.first && c <= r.last; });
}

struct ClassCase {
  std::string_view pattern;
  bool (*contains)(char32_t);
};

bool is_letter(char32_t c) { return in_ranges(unicode::property_ranges("L"), c); }
bool is_number(char32_t c) { return in_ranges(unicode::property_ranges("N"), c); }
bool is_space(char32_t c) { return in_ranges(unicode::property_ranges("White_Space"), c); }
bool is_mark(char32_t c) { return in_ranges(unicode::property_ranges("M"), c); }
bool is_upper_like(char32_t c) {
  return in_ranges(unicode::property_ranges("Lu"), c) ||
         in_ranges(unicode::property_ranges("Lt"), c) ||
         in_ranges(unicode::property_ranges("Lm"), c) ||
         in_ranges(unicode::property_ranges("Lo"), c) || is_mark(c);
}

TEST(PatternTranslate, ClassesAreExactAtEveryBoundary) {
  const ClassCase cases[] = {
      {R"(\p{L})", is_letter},
      {R"(\P{L})", [](char32_t c) { return !is_letter(c); }},
      {R"(\s)", is_space},
      {R"(\S)", [](char32_t c) { return !is_space(c); }},
      {R"([\S])", [](char32_t c) { return !is_space(c); }},
      {R"([^\s\p{L}\p{N}])",
       [](char32_t c) { return !is_space(c) && !is_letter(c) && !is_number(c); }},
      {R"([^\r\n\p{L}\p{N}])",
       [](char32_t c) { return c != '\r' && c != '\n' && !is_letter(c) && !is_number(c); }},
      {R"([\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}])", is_upper_like},
      {R"(\w)", [](char32_t c) { return in_ranges(unicode::perl_word_ranges(), c); }},
      {R"(\D)", [](char32_t c) { return !in_ranges(unicode::property_ranges("Nd"), c); }},
  };
  for (const ClassCase& test : cases) {
    const Compiled compiled(test.pattern, PCRE2_UTF | PCRE2_UCP);
    // Probe both sides of every boundary of every table involved, plus a regular sample.
    std::vector<char32_t> probes;
    for (const auto* name : {"L", "N", "White_Space", "M", "Lu", "Lt", "Lm", "Lo", "Nd"}) {
      for (const unicode::Range& r : unicode::property_ranges(name)) {
        probes.insert(probes.end(), {r.first - 1, r.first, r.last, r.last + 1});
      }
    }
    for (const unicode::Range& r : unicode::perl_word_ranges()) {
      probes.insert(probes.end(), {r.first - 1, r.first, r.last, r.last + 1});
    }
    for (char32_t c = 0; c <= 0x10FFFF; c += 97) probes.push_back(c);
    for (const char32_t c : probes) {
      if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) continue;
      ASSERT_EQ(compiled.matches_whole(utf8(c)), test.contains(c))
          << test.pattern << " at U+" << std::hex << static_cast<unsigned>(c);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Case-insensitive scope: resolved by the translation with Rust's simple case folding.

TEST(PatternTranslate, CaseInsensitiveFoldsLikeRust) {
  const Compiled sdmt("(?i:[sdmt])", PCRE2_UTF);
  for (const auto* text : {"s", "S", "\u017f", "t", "T", "d", "M"}) {
    EXPECT_TRUE(sdmt.matches_whole(text)) << text;
  }
  EXPECT_FALSE(sdmt.matches_whole("x"));
  const Compiled kelvin("(?i:k)", PCRE2_UTF);
  EXPECT_TRUE(kelvin.matches_whole("K"));
  EXPECT_TRUE(kelvin.matches_whole("\u212A"));
  // Unicode 16 pairs that PCRE2 10.42 does not know.
  EXPECT_TRUE(Compiled("(?i:\\x{1C89})", PCRE2_UTF).matches_whole("\u1C8A"));
  EXPECT_TRUE(Compiled("(?i)\u0264", PCRE2_UTF).matches_whole("\uA7CB"));
  // Fold, then negate: [^k] excludes every case of k.
  const Compiled not_k("(?i)[^k]", PCRE2_UTF);
  EXPECT_FALSE(not_k.matches_whole("k"));
  EXPECT_FALSE(not_k.matches_whole("K"));
  EXPECT_FALSE(not_k.matches_whole("\u212A"));
  EXPECT_TRUE(not_k.matches_whole("a"));
  // \p{..} folds too in Rust (PCRE2's own \p ignores caseless mode).
  EXPECT_TRUE(Compiled("(?i)\\p{Lu}", PCRE2_UTF).matches_whole("a"));
  EXPECT_FALSE(Compiled("(?i)\\P{Lu}", PCRE2_UTF).matches_whole("a"));
  EXPECT_TRUE(Compiled("(?i)\\P{Lu}", PCRE2_UTF).matches_whole("1"));
  // Escaped punctuation and control characters never fold; hex escapes do.
  EXPECT_TRUE(Compiled("(?i)\\x{17F}", PCRE2_UTF).matches_whole("S"));
}

TEST(PatternTranslate, FlagScopesFollowFancyRegex) {
  // A bare flag group lasts until the end of the enclosing (?:...) or (?flags:...) group; the
  // ')' of a capturing group does not end it.
  EXPECT_EQ(Compiled("(a(?i)b)c|.", PCRE2_UTF).split("aBC"), (Pieces{"aBC"}));
  EXPECT_EQ(Compiled("(?:a(?i)b)c|.", PCRE2_UTF).split("aBC"), (Pieces{"a", "B", "C"}));
  EXPECT_EQ(Compiled("(?:a(?i)b)c|.", PCRE2_UTF).split("aBc"), (Pieces{"aBc"}));
  EXPECT_EQ(Compiled("(?i:a)a|.", PCRE2_UTF).split("AaAA"), (Pieces{"Aa", "A", "A"}));
}

TEST(PatternTranslate, AnchorsAndDot) {
  // `$` is the end of the text: "ab" before a final newline is not at `$`. ('.' skips "\n".)
  EXPECT_EQ(Compiled(R"(\w+$|\w+\s)", PCRE2_UTF).split("ab\n"), (Pieces{"ab\n"}));
  EXPECT_EQ(Compiled(R"((?m)\w+$|.)", PCRE2_UTF).split("ab\ncd"), (Pieces{"ab", "cd"}));
  EXPECT_EQ(Compiled(R"((?m)^\w|.)", PCRE2_UTF).split("ab\ncd"), (Pieces{"a", "b", "c", "d"}));
  // '.' excludes only \n (not \r, U+0085 or U+2028, which PCRE2 newline settings may exclude).
  EXPECT_EQ(Compiled(".+", PCRE2_UTF).split("a\r\u0085\u2028b\nc"),
            (Pieces{"a\r\u0085\u2028b", "c"}));
  EXPECT_EQ(Compiled("(?s).+", PCRE2_UTF).split("a\nb"), (Pieces{"a\nb"}));
  EXPECT_EQ(Compiled(R"(\bx\b|.)", PCRE2_UTF).split("x xx \u0301x"),
            (Pieces{"x", " ", "x", "x", " ", "\u0301", "x"}));
}

// ---------------------------------------------------------------------------------------------
// The text of the translation.

TEST(PatternTranslate, Spelling) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {R"(\s)", R"([\x{9}-\x{D}\x{20}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029})"
                R"(\x{202F}\x{205F}\x{3000}])"},
      {"(?i:'s)", R"((?:\'[Ss\x{17F}]))"},
      {"$", R"(\z)"},
      {"^", R"(\A)"},
      {"(?m)^a$", R"((?<![^\n])a(?![^\n]))"},
      {".", R"([^\n])"},
      {"(?s).", "(?s:.)"},
      {"a++b*+c?+", "a++b*+c?+"},
      {"a+?+", "(?>a+?)"},
      {"(?U)a+b+?", "a+?b+"},
      {"a{2}{3}", R"(a{2}\{3\})"},
      {"a{,3}", "a{0,3}"},
      {"{2}", R"(\{2\})"},
      {"(?>a)(?=b)(?!c)(?<=d)(?<!e)", "(?>a)(?=b)(?!c)(?<=d)(?<!e)"},
      {R"((a)\1)", R"((a)\g{1})"},
      {R"((?P<n>a)(?P=n)\k<n>)", R"((?<n>a)\k<n>\k<n>)"},
      {R"(\x41\u{1F600}\U0001F600)", R"(A\x{1F600}\x{1F600})"},
      {"(?x) a b # comment\n c", "abc"},
      {"(?#comment)a", "a"},
      {R"([]a-])", R"([\-\]a])"},
      {R"(\p{Cs})", R"([^\x{0}-\x{10FFFF}])"},
      {R"(\P{Cs})", R"([\x{0}-\x{D7FF}\x{E000}-\x{10FFFF}])"},
      {R"([[:^alpha:][:digit:]])", R"([^A-Za-z])"},
      {"", ""},
  };
  for (const auto& [pattern, expected] : cases) {
    EXPECT_EQ(translate_pattern_for_pcre2(pattern), expected) << pattern;
  }
}

TEST(PatternTranslate, BuiltinTranslationsCompileWithinPcre2Limits) {
  for (const auto pattern : {kR50kPattern, kCl100kPattern, kO200kPattern}) {
    const Compiled compiled(pattern, PCRE2_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY);
    EXPECT_TRUE(compiled.matches_whole("hello"));
  }
}

// ---------------------------------------------------------------------------------------------
// Errors name the construct and its byte offset.

TEST(PatternTranslate, Errors) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {R"(ab\p{Greek})", R"(unknown or unsupported Unicode property)"},
      {R"(ab\p{Greek})", R"("\p{Greek}" at byte offset 2)"},
      {R"(\pZZ\p{Lu!=x})", R"("\p{Lu!=x}" at byte offset 4)"},
      {"[abc", R"(unclosed character class ("[" at byte offset 0))"},
      {"(ab", R"(unclosed group ("(" at byte offset 0))"},
      {"ab)", "unmatched ')' (\")\" at byte offset 2)"},
      {"[a[b]]", "nested character classes are not supported"},
      {"[a&&b]", R"(class set operations (&&, --, ~~) are not supported ("&&" at byte offset 2))"},
      {"[a--b]", "class set operations"},
      {"[z-a]", R"(range out of order ("z-a" at byte offset 1))"},
      {R"([a-\d])", "a class cannot be a range's bound"},
      {"*a", R"(quantifier without an expression to repeat ("*" at byte offset 0))"},
      {"a**", "quantifier without an expression to repeat"},
      {"(?:^)*", R"(target cannot be repeated ("*" at byte offset 5))"},
      {"(?=a)+", "target cannot be repeated"},
      {"(?i)*", "target cannot be repeated"},
      {"a{3,2}", "repetition bounds out of order"},
      {"a{70000}", "above PCRE2's limit"},
      {"(?(1)a|b)", "conditionals are not supported"},
      {"(?P>n)", "subroutine calls are not supported"},
      {"(?z)", "unknown flag"},
      {"(?)", "empty flag group"},
      {"(?-u:a)", "non-Unicode mode"},
      {R"(a\<)", R"(different fancy-regex versions ("\<" at byte offset 1))"},
      {R"(a\Z)", "different fancy-regex versions"},
      {"(?'n'a)", "(?'name'...) is not supported"},
      {R"((?<n>a)\k'n')", R"(\k<name>)"},
      {R"(\é)", "non-ASCII character"},
      {R"((?i)(a)\1)", "backreferences in case-insensitive scope"},
      {R"((a)(?<n>b)\1)", "numbered backreferences cannot be mixed with named groups"},
      {R"(\k<nope>)", "unknown group name"},
      {R"(\0)", "invalid backreference"},
      {R"(\q)", R"(unknown escape ("\q" at byte offset 0))"},
      {R"([\b])", "escape not allowed inside a class"},
      {R"(\b{start})", "not supported"},
      {R"(\K)", "not supported"},
      {R"(\x{D800})", "not a Unicode scalar value"},
      {R"(\x{110000})", "not a Unicode scalar value"},
      {R"(\xZZ)", "invalid hex escape"},
      {R"(\p{L)", "unclosed"},
      {"ab\\", "trailing backslash"},
      {"(?#abc", "unclosed comment"},
      {"a\xFF"
       "b",
       "not valid UTF-8"},
      {"a\xFF"
       "b",
       "at byte offset 1)"},
      {"(?<1a>x)", "group names"},
  };
  for (const auto& [pattern, expected] : cases) {
    try {
      translate_pattern_for_pcre2(pattern);
      ADD_FAILURE() << "no error for " << pattern;
    } catch (const InvalidEncodingError& error) {
      EXPECT_NE(std::string_view(error.what()).find(expected), std::string_view::npos)
          << pattern << " gave: " << error.what();
    }
  }
}

}  // namespace
}  // namespace airtok::detail
