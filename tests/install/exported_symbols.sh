#!/bin/sh
# exported_symbols.sh — libairtok.so exports its documented API and nothing else.
#
#   exported_symbols.sh installed BUILD_DIR
#       Installs the build into a temporary prefix and checks the installed libairtok.so's
#       dynamic symbols (`nm -D --defined-only`, demangled). Every one must be
#         - a C API function or variable: airtok_ followed by [a-z0-9_], or
#         - a C++ name (or the typeinfo, typeinfo name or vtable of a type) directly in namespace
#           airtok or airtok::harmony: no `detail` anywhere in the name (not even in a
#           parameter type), no other namespace inside airtok (airtok::capi::...), nothing of an
#           anonymous namespace;
#       and the API's landmarks must be there (a C function, C++ functions and classes of each
#       area, the exception types' typeinfo, which a program needs to catch them by type).
#       Anything else fails, except the names in `allowed` below: what a toolchain must export.
#       With GCC or Clang and GNU ld that list is empty: the version script's `local: *` keeps
#       even _init, _fini, _edata, _end and __bss_start out of the dynamic symbol table.
#   exported_symbols.sh library LIBAIRTOK_SO
#       The same checks on a library as it is (a build tree's, say).
#   exported_symbols.sh fence LIBAIRTOK_SO LIBAIRTOK_A
#       Checks that the version script (src/airtok.map) takes nothing away from the API: every
#       airtok symbol that the objects (the static library, the same objects as the shared one)
#       define with default visibility, i.e. marked AIRTOK_API, is exported by libairtok.so.
#
# Before checking a library, each mode checks its own rules on a list with a wrong name, so the
# test is known to fail when the library is wrong. Uses NM, READELF, CXXFILT and CMAKE from the
# environment (default: nm, readelf, c++filt, cmake). Prints "exported symbols ok" on success.
set -eu

nm=${NM:-nm}
readelf=${READELF:-readelf}
cxxfilt=${CXXFILT:-c++filt}
cmake=${CMAKE:-cmake}
allowed=''  # toolchain symbols that must be exported, one `|`-separated ERE alternative each

fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }

# Reads demangled names on stdin; prints each one that is outside the exported surface.
outside_surface() {
  sed -E 's/^(typeinfo name for|typeinfo for|vtable for) //' |
    grep -Ev '^airtok_[a-z0-9_]+$' |
    { grep -Ev "${allowed:-^\$}" || true; } |
    awk '
      !/^airtok::/ { print; next }
      /detail/ || /\(anonymous namespace\)/ { print; next }
      {
        rest = substr($0, 9)
        if (rest ~ /^harmony::/) rest = substr(rest, 10)
        if (rest ~ /^[a-z0-9_]+::/) print   # a namespace inside airtok other than harmony
      }'
}

# The names every correct library exports (one a line; grep -F, at the start of a name).
landmarks='airtok_get_encoding
airtok_encode_ordinary
airtok_last_error
airtok::get_encoding(
airtok::Encoding::create(
airtok::Encoding::encode(
airtok::StreamEncoder::feed(
airtok::parse_tiktoken_bpe
airtok::resolve_cache_dir(
airtok::harmony::load_harmony_encoding(
airtok::harmony::to_json
typeinfo for airtok::Error
typeinfo for airtok::LoadError
typeinfo for airtok::UnknownEncodingError
typeinfo for airtok::InvalidEncodingError
typeinfo for airtok::DisallowedSpecialError
typeinfo for airtok::InvalidTokenError
typeinfo for airtok::CacheError
typeinfo for airtok::harmony::HarmonyError'

# Demangled names of the dynamic symbols a shared library defines.
exported_names() {
  "$nm" -D --defined-only "$1" >/dev/null || fail "$nm cannot read $1"
  "$nm" -D --defined-only "$1" | sed -E 's/^[0-9a-fA-F]* +[A-Za-z] +//' | "$cxxfilt" | sort -u
}

check_rules_fail_on_bad_names() {
  bad='airtok::detail::Vocab::find(std::basic_string_view<char, std::char_traits<char> >) const
airtok::Encoding::Encoding(std::shared_ptr<airtok::detail::EncodingImpl const>)
airtok::capi::set_last_error(char const*)
airtok::(anonymous namespace)::helper()
typeinfo for airtok::harmony::detail::StreamParserState
std::vector<unsigned int, std::allocator<unsigned int> >::~vector()
pcre2_compile_8
airtok_ok_name'
  expected_outside=7
  got=$(printf '%s\n' "$bad" | outside_surface | wc -l)
  [ "$got" -eq "$expected_outside" ] ||
    fail "the check itself is wrong: $got of $expected_outside bad names found"
}

check_installed() {
  build=$(cd "$1" && pwd)
  "$cmake" --install "$build" --prefix "$work/prefix" >"$work/install.log" 2>&1 ||
    { cat "$work/install.log" >&2; fail "cmake --install"; }
  lib=$(find "$work/prefix" -name 'libairtok.so.*.*.*' -type f | head -n 1)
  [ -n "$lib" ] || fail "no libairtok.so.X.Y.Z is installed"
  check_library "$lib"
}

check_library() {
  lib=$1
  check_rules_fail_on_bad_names
  exported_names "$lib" >"$work/names"

  outside_surface <"$work/names" >"$work/outside"
  if [ -s "$work/outside" ]; then
    echo "exported but not part of the API (airtok/export.h, src/airtok.map):" >&2
    cat "$work/outside" >&2
    fail "$(wc -l <"$work/outside") symbols outside the API"
  fi
  missing=$(printf '%s\n' "$landmarks" | while IFS= read -r name; do
    grep -qF -- "$name" "$work/names" || echo "$name"
  done)
  [ -z "$missing" ] || fail "not exported: $missing"

  total=$(wc -l <"$work/names")
  c_api=$(grep -c '^airtok_' "$work/names" || true)
  types=$(grep -Ec '^(typeinfo|vtable)' "$work/names" || true)
  echo "$lib: $total exported symbols: $c_api of the C API, $((total - c_api - types)) C++" \
    "functions, $types typeinfo and vtables of exception types; none of airtok::detail"
}

# Prints the names in list file $2 that are missing from list file $1 (both sorted).
missing_from() { comm -13 "$1" "$2"; }

check_fence() {
  so=$1
  archive=$2
  # The comparison must see a dropped name: first on a made-up pair of lists.
  printf 'airtok::a()\n' >"$work/self_exported"
  printf 'airtok::a()\nairtok::b()\n' >"$work/self_visible"
  [ "$(missing_from "$work/self_exported" "$work/self_visible")" = 'airtok::b()' ] ||
    fail "the check itself is wrong"

  exported_names "$so" >"$work/exported"
  # Symbols the objects define (not UND) as GLOBAL or WEAK with DEFAULT visibility.
  "$readelf" -sW "$archive" >/dev/null || fail "$readelf cannot read $archive"
  "$readelf" -sW "$archive" |
    awk '($5 == "GLOBAL" || $5 == "WEAK") && $6 == "DEFAULT" && $7 != "UND" { print $8 }' |
    "$cxxfilt" | sort -u | grep -E '^(airtok_|airtok::|(typeinfo|typeinfo name|vtable) for airtok::)' \
    >"$work/visible" || fail "no default-visibility airtok symbol in $archive"
  missing_from "$work/exported" "$work/visible" >"$work/dropped"
  if [ -s "$work/dropped" ]; then
    echo "marked AIRTOK_API but not exported: each needs a pattern in src/airtok.map" >&2
    echo "(or is not part of the API and should not be marked):" >&2
    cat "$work/dropped" >&2
    fail "the version script drops $(wc -l <"$work/dropped") symbols of the API"
  fi
  echo "$(wc -l <"$work/visible") default-visibility airtok symbols in $archive, all exported"
}

work=$(mktemp -d "${TMPDIR:-/tmp}/airtok-symbols-test.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

case ${1:-} in
  installed) [ $# -eq 2 ] || fail "usage: $0 installed BUILD_DIR"; check_installed "$2" ;;
  library) [ $# -eq 2 ] || fail "usage: $0 library LIBAIRTOK_SO"; check_library "$2" ;;
  fence) [ $# -eq 3 ] || fail "usage: $0 fence LIBAIRTOK_SO LIBAIRTOK_A"; check_fence "$2" "$3" ;;
  *) fail "usage: $0 installed BUILD_DIR | library LIBAIRTOK_SO | fence LIBAIRTOK_SO LIBAIRTOK_A" ;;
esac
echo "exported symbols ok"
