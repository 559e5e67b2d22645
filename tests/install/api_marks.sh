#!/bin/sh
# api_marks.sh INCLUDE_DIR — every public C++ declaration carries AIRTOK_API.
#
# The shared library is built with hidden visibility, so a public function or class declared
# without AIRTOK_API (airtok/export.h) is silently missing from libairtok.so (programs linked to
# the static library do not notice). In include/airtok/*.hpp, outside `namespace detail`, every
# namespace-scope function declaration (a line at column 0 with a parenthesis, not `inline`,
# `constexpr`, `template`, `using` or a comment) and every class or struct definition must
# carry the mark. The rule is first run on a made-up header with two unmarked declarations, so
# the check is known to find them. Prints "api marks ok" on success.
set -eu

fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }

# Prints FILE:LINE: TEXT for each unmarked declaration in the given headers.
unmarked() {
  awk '
    /^namespace detail \{/ { in_detail = 1 }
    in_detail { if (/^}/) in_detail = 0; next }
    /^(class|struct) [A-Z][A-Za-z0-9_]*( |$)/ && !/^(class|struct) AIRTOK_API / &&
      !/;[[:space:]]*$/ {
      print FILENAME ":" FNR ": " $0; next
    }
    /^[A-Za-z]/ && /\(/ && !/^(AIRTOK_API|AIRTOK_INTERNAL|inline|constexpr|template|using|namespace|class|struct|enum|extern|static_assert)/ {
      print FILENAME ":" FNR ": " $0
    }' "$@"
}

[ $# -eq 1 ] || fail "usage: $0 INCLUDE_DIR"
work=$(mktemp -d "${TMPDIR:-/tmp}/airtok-api-marks.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

cat >"$work/sample.hpp" <<'EOF'
namespace airtok {
class Forward;
class AIRTOK_API Marked {
 public:
  int f() const;
};
struct Unmarked {
  int g() const;
};
AIRTOK_API int marked_function(int x);
int unmarked_function(int x);
inline int inline_function(int x) { return x; }
namespace detail {
struct Internal {};
int internal_function();
}  // namespace detail
}  // namespace airtok
EOF
[ "$(unmarked "$work/sample.hpp" | wc -l)" -eq 2 ] || fail "the check itself is wrong"

headers=$(find "$1/airtok" -name '*.hpp' | sort)
[ -n "$headers" ] || fail "no header in $1/airtok"
# shellcheck disable=SC2086  # a list of paths without spaces
unmarked $headers >"$work/unmarked"
if [ -s "$work/unmarked" ]; then
  echo "public declarations without AIRTOK_API (not exported by libairtok.so):" >&2
  cat "$work/unmarked" >&2
  fail "$(wc -l <"$work/unmarked") declarations need AIRTOK_API"
fi
echo "$(printf '%s\n' "$headers" | wc -l) headers checked"
echo "api marks ok"
