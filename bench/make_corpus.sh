#!/usr/bin/env bash
# Builds the quick-bench corpora from text that Debian installs on every machine of this kind,
# so the numbers can be reproduced without any download.
#   english.txt — license texts and package copyright notices (English prose), 4 MB
#   code.txt    — libstdc++'s headers (C++ source), 4 MB
# Usage: bench/make_corpus.sh OUT_DIR
set -euo pipefail
out=${1:?usage: make_corpus.sh OUT_DIR}
mkdir -p "$out"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
{ find /usr/share/common-licenses -type f -print0 | sort -z | xargs -0 cat
  find /usr/share/doc -name copyright -print0 | sort -z | xargs -0 cat; } > "$tmp"
head -c 4000000 "$tmp" > "$out/english.txt"
find /usr/include/c++ -type f -name '*.h' -print0 | sort -z | xargs -0 cat > "$tmp"
head -c 4000000 "$tmp" > "$out/code.txt"
ls -l "$out"/*.txt
