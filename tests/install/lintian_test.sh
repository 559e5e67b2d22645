#!/bin/sh
# lintian_test.sh DEB_DIR — lintian on the package install_deb built (DEB_DIR/*.deb): no error.
# Warnings and notes are printed; the package's own overrides (packaging/debian/lintian-overrides)
# say why each overridden tag does not apply.
set -eu
[ $# -eq 1 ] || { echo "usage: $0 DEB_DIR" >&2; exit 2; }
dir=$1
set -- "$dir"/airtok_*.deb
[ $# -eq 1 ] && [ -f "$1" ] ||
  { echo "FAILED: not one package in $dir (install_deb builds it there)" >&2; exit 1; }
lintian=${LINTIAN:-lintian}
"$lintian" --version
# As root lintian says "running with root privileges is not recommended!"; that is all it says.
if "$lintian" --fail-on error --display-info "$1"; then
  echo "lintian: no error in $(basename "$1")"
else
  echo "FAILED: lintian found errors in $1 (E: lines above)" >&2
  exit 1
fi
