// pattern_translate.hpp — rewrites a tiktoken pattern (fancy-regex / Rust regex syntax) into a
// PCRE2 pattern with the same matches, for the generic pre-tokenizer.
//
// Why a rewrite: Debian's PCRE2 (10.42) has Unicode 14 tables, its \s is not Rust's
// White_Space, its case folding is older than Unicode 16, and a few constructs are spelled or
// behave differently. The translation therefore leaves nothing Unicode-dependent to PCRE2:
//   - every \p{..} \P{..} \pX \PX \d \D \s \S \w \W \h \H and [...] class, inside or outside
//     brackets, becomes an explicit class of \x{..} ranges drawn from our Unicode 16.0 tables,
//     with Rust's semantics (in (?i) scope: fold each item, then negate it; fold the bracket's
//     union, then negate the bracket);
//   - case-insensitive literals become classes of their simple case folding orbit ('s' ->
//     [sS\x{17F}]), so no PCRE2 caseless matching is used;
//   - '.', '^', '$', \b, \B become explicit forms (`$` is \z, Rust's end of text);
//   - possessive quantifiers, atomic groups, lookarounds, captures, named groups and
//     backreferences pass through in PCRE2 spelling; flag groups are resolved away, scoped as
//     fancy-regex scopes them (a bare (?i) also outlives an enclosing capturing group).
// Where fancy-regex versions disagree (the oracle, npm tiktoken@1.0.22, has fancy-regex 0.11;
// tiktoken 0.9+ has 0.13 or later) the construct is refused rather than guessed: \< \> \Z,
// (?'name'...), \k'name', \b{...}, a backslash before a non-ASCII character.
// The result does not depend on PCRE2_UCP, PCRE2_DOLLAR_ENDONLY or the newline convention;
// compile it with PCRE2_UTF and without PCRE2_CASELESS, PCRE2_MULTILINE, PCRE2_DOTALL or
// PCRE2_EXTENDED. The pattern's capture groups keep their numbers.
#pragma once

#include <string>
#include <string_view>

namespace airtok::detail {

/// Translates `pattern` as described above. Pure function, thread-safe.
/// Throws airtok::InvalidEncodingError, naming the construct and its byte offset, on invalid
/// syntax (unbalanced brackets or parentheses, bad escapes, quantifiers without target) and on
/// what it does not support: Unicode scripts and properties other than General_Category
/// values, White_Space, Alphabetic, Join_Control, Any, ASCII and Assigned; nested classes and
/// class set operations (&&, --, ~~); conditionals, subroutine calls, \K, \G, \O, \g;
/// backreferences in case-insensitive scope; the version-dependent constructs above.
std::string translate_pattern_for_pcre2(std::string_view pattern);

}  // namespace airtok::detail
