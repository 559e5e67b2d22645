#!/usr/bin/env bash
# Builds the quick-bench corpora from text that Debian installs on every machine of this kind,
# so the numbers can be reproduced without any download.
#   english.txt — license texts and package copyright notices (English prose), 4 MB
#   code.txt    — libstdc++'s headers (C++ source), 4 MB
#   multilingual.txt — translated manual pages, 500 KB each of German, French, Spanish, Polish,
#                  Russian, Japanese, Chinese and Korean
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
: > "$tmp"
for lang in de fr es pl ru ja zh_CN ko; do  # 500 KB of each language's pages
  [[ -d /usr/share/man/$lang ]] || continue
  find "/usr/share/man/$lang" -name '*.gz' -print0 | sort -z | xargs -0 zcat -f 2>/dev/null \
    | head -c 500000 | iconv -f UTF-8 -t UTF-8 -c >> "$tmp" || true  # whole characters only
done
head -c 4000000 "$tmp" > "$out/multilingual.txt"
ls -l "$out"/*.txt
