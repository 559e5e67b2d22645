#!/bin/sh
# run.sh BUILD_DIR — install a built airtok into a temporary prefix, then build and run a C and a
# C++ consumer against the installed tree only, both ways a user would:
#   (a) CMake: find_package(airtok), linking airtok::airtok and airtok::airtok_static;
#   (b) pkg-config: airtok.pc, linking the shared and the static library.
# Honours CC, CXX, CFLAGS, CXXFLAGS, LDFLAGS (e.g. sanitizer flags), CMAKE and PKG_CONFIG.
# Exits non-zero, saying which step failed, if anything fails.
set -eu

if [ $# -ne 1 ]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
src=$here/consumer
cmake=${CMAKE:-cmake}
pkg_config=${PKG_CONFIG:-pkg-config}
cc=${CC:-cc}
cxx=${CXX:-c++}
cflags=${CFLAGS:-}
cxxflags=${CXXFLAGS:-}
ldflags=${LDFLAGS:-}

work=$(mktemp -d "${TMPDIR:-/tmp}/airtok-install-test.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
prefix=$work/prefix

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }

step "cmake --install $build --prefix $prefix"
"$cmake" --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log" >&2; fail "cmake --install"; }
[ -f "$prefix/include/airtok/airtok.h" ] || fail "airtok.h is not installed"

# The installed tree must be self-contained: nothing may point back into the build or source.
if grep -rIl -e "$build" -e "$(cd "$here/../.." && pwd)/include" "$prefix" >"$work/leaks" 2>/dev/null; then
  cat "$work/leaks" >&2
  fail "installed files refer to the build or source tree"
fi

# The installed command, if the build has it.
if [ -x "$prefix/bin/airtok" ]; then
  step "installed airtok command"
  "$prefix/bin/airtok" --version || fail "airtok --version"
  count=$(printf 'hello world' | "$prefix/bin/airtok" count) || fail "airtok count"
  case $count in '' | *[!0-9]*) fail "airtok count printed '$count'" ;; esac
  echo "airtok count: $count"
fi

# ---- (a) CMake find_package --------------------------------------------------------------
for kind in shared static; do
  static=OFF
  [ "$kind" = static ] && static=ON
  dir=$work/cmake-$kind
  step "find_package(airtok) consumer, $kind"
  "$cmake" -S "$src" -B "$dir" -DCMAKE_PREFIX_PATH="$prefix" -DAIRTOK_CONSUMER_STATIC=$static \
    -DCMAKE_BUILD_TYPE=Release >"$dir.log" 2>&1 || { cat "$dir.log" >&2; fail "configure ($kind)"; }
  "$cmake" --build "$dir" >>"$dir.log" 2>&1 || { cat "$dir.log" >&2; fail "build ($kind)"; }
  "$dir/consumer_c" || fail "CMake C consumer ($kind)"
  "$dir/consumer_cpp" || fail "CMake C++ consumer ($kind)"
done

# ---- (b) pkg-config ----------------------------------------------------------------------
pc=$(find "$prefix" -name airtok.pc | head -n 1)
[ -n "$pc" ] || fail "airtok.pc is not installed"
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
libdir=$("$pkg_config" --variable=libdir airtok)
pc_cflags=$("$pkg_config" --cflags airtok)
pc_libs=$("$pkg_config" --libs airtok)
# Static: the archive by name (-l:libairtok.a) instead of -lairtok, plus Libs.private.
pc_static_libs=$("$pkg_config" --static --libs airtok | sed 's/\(^\| \)-lairtok\( \|$\)/\1-l:libairtok.a\2/')

dir=$work/pkg-config
mkdir -p "$dir"
step "pkg-config consumers, shared: $pc_cflags $pc_libs"
# shellcheck disable=SC2086  # flags are word lists
"$cc" $cflags $pc_cflags "$src/consumer.c" -o "$dir/c_shared" $ldflags $pc_libs ||
  fail "pkg-config C consumer (shared): compile"
# shellcheck disable=SC2086
"$cxx" -std=c++20 $cxxflags $pc_cflags "$src/consumer.cpp" -o "$dir/cpp_shared" $ldflags $pc_libs ||
  fail "pkg-config C++ consumer (shared): compile"
LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} "$dir/c_shared" ||
  fail "pkg-config C consumer (shared)"
LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} "$dir/cpp_shared" ||
  fail "pkg-config C++ consumer (shared)"

step "pkg-config consumers, static: $pc_static_libs"
# shellcheck disable=SC2086
"$cc" $cflags $pc_cflags "$src/consumer.c" -o "$dir/c_static" $ldflags $pc_static_libs ||
  fail "pkg-config C consumer (static): compile"
# shellcheck disable=SC2086
"$cxx" -std=c++20 $cxxflags $pc_cflags "$src/consumer.cpp" -o "$dir/cpp_static" $ldflags \
  $pc_static_libs || fail "pkg-config C++ consumer (static): compile"
"$dir/c_static" || fail "pkg-config C consumer (static)"
"$dir/cpp_static" || fail "pkg-config C++ consumer (static)"
if ldd "$dir/c_static" 2>/dev/null | grep -q libairtok; then
  fail "the static consumer still loads libairtok.so"
fi

printf '\nall install consumers passed\n'
