#!/bin/sh
# regenerate_test.sh — src/pretok/unicode_tables.cpp must be exactly what its generator writes.
#
#   tests/unicode/regenerate_test.sh [DATA_DIR]
#
# Runs tools/unicode/gen_unicode_tables.mjs into a temporary file and diffs it against the
# committed one, so that neither a hand edit nor a generator change can drift unnoticed.
# DATA_DIR (or $AIRTOK_UNICODE_DATA_DIR, else <repo>/build/unicode-data) is where the generator
# keeps its npm package; the first run installs it from the npm registry. Fails when Node.js or
# npm is missing.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DATA_DIR=${1:-${AIRTOK_UNICODE_DATA_DIR:-$REPO/build/unicode-data}}

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "regenerate_test: $tool not found; install Debian's nodejs and npm" >&2
    exit 1
  fi
done

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

node "$REPO/tools/unicode/gen_unicode_tables.mjs" --data-dir "$DATA_DIR" \
  --out "$TMP/unicode_tables.cpp"
if ! diff -u "$REPO/src/pretok/unicode_tables.cpp" "$TMP/unicode_tables.cpp" >"$TMP/diff"; then
  head -n 60 "$TMP/diff" >&2
  echo "regenerate_test: src/pretok/unicode_tables.cpp is stale; regenerate it with" >&2
  echo "  node tools/unicode/gen_unicode_tables.mjs" >&2
  exit 1
fi
echo "regenerate_test: src/pretok/unicode_tables.cpp is up to date"
