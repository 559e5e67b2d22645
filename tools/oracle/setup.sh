#!/bin/sh
# Installs the reference oracle, npm tiktoken@1.0.22 (tiktoken's Rust core compiled to
# WebAssembly), into DIR/node_modules/tiktoken.
#
#   tools/oracle/setup.sh [DIR]
#
# DIR defaults to $AIRTOK_ORACLE_DIR, else <repo>/build/oracle. Idempotent: when the right
# version is already there it only says so. Writes no package.json and no lock file
# (--no-save --no-package-lock); node_modules is never committed.
set -eu

VERSION=1.0.22
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DIR=${1:-${AIRTOK_ORACLE_DIR:-$REPO/build/oracle}}

PKG_JSON="$DIR/node_modules/tiktoken/package.json"
if [ -f "$PKG_JSON" ] && [ -f "$DIR/node_modules/tiktoken/tiktoken_bg.wasm" ]; then
  have=$(node -e 'process.stdout.write(require(process.argv[1]).version)' "$PKG_JSON" 2>/dev/null || true)
  if [ "$have" = "$VERSION" ]; then
    echo "oracle: tiktoken@$VERSION already installed in $DIR"
    exit 0
  fi
fi

command -v npm >/dev/null 2>&1 || { echo "oracle: npm not found (Node.js >= 18 needed)" >&2; exit 1; }
mkdir -p "$DIR"
npm install --no-save --no-package-lock --no-audit --no-fund --prefix "$DIR" "tiktoken@$VERSION" >&2
[ -f "$PKG_JSON" ] || { echo "oracle: install failed: $PKG_JSON missing" >&2; exit 1; }
echo "oracle: installed tiktoken@$VERSION in $DIR"
