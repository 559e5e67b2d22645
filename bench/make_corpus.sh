#!/usr/bin/env bash
# Builds the quick-bench corpora from text that Debian installs on every machine of this kind,
# so the numbers can be reproduced without any download.
# Repetitive corpora (a piece cache answers most of them):
#   english.txt — license texts and package copyright notices (English prose), 4 MB
#   code.txt    — libstdc++'s headers (C++ source), 4 MB
#   multilingual.txt — translated manual pages, 500 KB each of German, French, Spanish, Polish,
#                  Russian, Japanese, Chinese and Korean
# Unique corpora (no paragraph or source file occurs twice), each cut at the first line end
# at or after 8,000,000 bytes:
#   english-unique.txt — Python's documentation and Debian's English manuals, as running text
#   code-unique.txt    — C, C++, Python, Perl, shell, JavaScript and CMake sources, a fixed
#                        share of each, alternating in 64 KB blocks
#   multilingual-unique.txt — translated manuals and program messages in German, French,
#                        Polish, Vietnamese, Russian, Greek, Arabic and Persian, Chinese,
#                        Japanese, Korean, Hindi and Thai, alternating in 64 KB blocks
# The Debian packages these come from are installed first when missing, so every corpus is
# made from the same set of installed files on every run. Ends with a table of how much of
# each corpus repeats (bench/corpus/seen_share.py).
# Usage: bench/make_corpus.sh OUT_DIR
set -euo pipefail
out=${1:?usage: make_corpus.sh OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3  # Debian's, where python3-regex is installed
unique_size=8000000
arch=$(dpkg --print-architecture)

packages=(python3 python3-regex
  python3-doc debian-handbook debian-reference-en developers-reference maint-guide debian-faq
  libc6-dev linux-libc-dev g++ nlohmann-json3-dev pybind11-dev libgtest-dev perl
  bash-completion cmake-data libjs-jquery libjs-jquery-ui libjs-underscore libjs-three
  "installation-guide-$arch" libreoffice-help-el libreoffice-help-ko libreoffice-help-hi
  libreoffice-l10n-th)

install_missing() {
  local missing=() p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  echo "make_corpus: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Installing comes first: the repetitive corpora read every package's copyright file and
# manual pages, so they too must see the same installed set on every run.
install_missing
mkdir -p "$out"
work=$(mktemp -d)
tmp=$work/tmp
trap 'rm -rf "$work"' EXIT

# --- The repetitive corpora (unchanged recipe). -------------------------------------------
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

# --- Helpers for the unique corpora. ------------------------------------------------------
# Regular files under the given folders whose names match a glob, NUL-separated, in C order.
files() {
  local glob=$1; shift
  find -H "$@" -type f -name "$glob" -print0 | LC_ALL=C sort -z  # -H: folders may be links
}

# The files of an installed package whose paths match an extended regex, as files() does.
package_files() {
  dpkg -L "$1" | grep -E "$2" | while IFS= read -r f; do
    if [[ -f $f && ! -L $f ]]; then printf '%s\0' "$f"; fi
  done | LC_ALL=C sort -z
}

# Running text of HTML pages or message catalogs (NUL-separated paths on stdin) to stdout.
extract() {  # KIND: html or mo
  xargs -0 -r "$py" "$here/corpus/${1}_to_text.py"
}

dedupe() { "$py" "$here/corpus/dedupe.py" "$@"; }

# --- english-unique.txt ------------------------------------------------------------------
# The index and table-of-contents pages of Python's documentation are lists of names.
# dedupe.py also drops blocks without a letter (section numbers, lone symbols).
english_unique() {
  local pydoc
  pydoc=$(readlink -f /usr/share/doc/python3-doc/html)
  files '*.html' "$pydoc" | grep -zvE '/(genindex[^/]*|py-modindex|contents|search)\.html$' \
    | grep -zv '/whatsnew/changelog\.html$' | extract html | dedupe > "$work/en-python.txt"
  files '*.html' /usr/share/doc/debian-handbook/html/en-US | extract html | dedupe \
    > "$work/en-handbook.txt"
  { files '*.en.html' /usr/share/debian-reference
    files '*.html' /usr/share/developers-reference /usr/share/doc/maint-guide/html \
      /usr/share/doc/debian/FAQ; } | extract html | dedupe > "$work/en-debian.txt"
  printf "%s, " english-unique.txt >&2  # interleave.py --stats completes the line
  "$py" "$here/corpus/interleave.py" --stats --total "$unique_size" \
    "$work/en-python.txt:6600000" \
    "$work/en-handbook.txt:900000" "$work/en-debian.txt:1500000" > "$out/english-unique.txt"
}

# --- code-unique.txt ---------------------------------------------------------------------
# One source per (language, project): NAME QUOTA, then the file list on stdin. It runs at
# the end of a pipe, in a subshell, so it lists its FILE:QUOTA in a file, not a variable.
code_source() {
  "$py" "$here/corpus/code_files.py" > "$work/code-$1.units"
  echo "$work/code-$1.units:$2" >> "$work/code.sources"
}

code_unique() {
  local stdlib perllib sources
  stdlib=$("$py" -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')
  perllib=$(perl -MConfig -e 'print $Config{privlib}')
  { package_files libc6-dev '\.h$'; package_files linux-libc-dev '\.h$'; } | code_source c 1500000
  files '*' /usr/include/c++ | code_source cxx-libstdc 900000
  { package_files nlohmann-json3-dev '\.hpp$'; package_files pybind11-dev '\.h$'
    package_files libgtest-dev '\.h$'; } | code_source cxx-other 600000
  files '*.py' "$stdlib" | code_source python 1500000
  files '*.pm' "$perllib" | code_source perl 1300000
  package_files bash-completion '/completions/' | code_source shell 800000
  files '*.js' /usr/share/javascript/three/examples/js | code_source js-three 700000
  { package_files libjs-jquery '/jquery\.js$'; package_files libjs-underscore '/underscore\.js$'
    package_files libjs-jquery-ui '/jquery-ui/ui/.*\.js$'; } | code_source js-jquery 800000
  package_files cmake-data '/Modules/.*\.cmake$' | code_source cmake 700000
  mapfile -t sources < "$work/code.sources"
  printf "%s, " code-unique.txt >&2  # interleave.py --stats completes the line
  "$py" "$here/corpus/interleave.py" --nul --stats --total "$unique_size" "${sources[@]}" \
    > "$out/code-unique.txt"
}

# --- multilingual-unique.txt -------------------------------------------------------------
# One source per language: NAME QUOTA SCRIPTS MIN_SHARE MIN_LETTERS KIND, paths on stdin
# (and like code_source, it lists its FILE:QUOTA in a file).
# Translations leave untranslated paragraphs in English; the script filter drops them. For
# Latin-script languages "1% of letters outside ASCII" keeps paragraphs with diacritics.
# LibreOffice's help and message catalogs hold many one-word labels (tables of menu entries
# and colours): MIN_LETTERS keeps their sentences only. Thai has no spaces between words,
# so its bar is higher.
text_source() {
  extract "$6" | dedupe --script "$3" --min-share "$4" --min-letters "$5" > "$work/ml-$1.txt"
  echo "$work/ml-$1.txt:$2" >> "$work/ml.sources"
}

multilingual_unique() {
  local hb=/usr/share/doc/debian-handbook/html ig=/usr/share/doc/installation-guide-$arch
  local lo=/usr/share/libreoffice/help lores=/usr/lib/libreoffice/program/resource sources
  files '*.html' $hb/de-DE | text_source de 380000 Latin-other 0.01 1 html
  files '*.html' $hb/fr-FR | text_source fr 380000 Latin-other 0.01 1 html
  files '*.html' $hb/pl-PL | text_source pl 200000 Latin-other 0.01 1 html
  files '*.html' $hb/vi-VN $ig/vi | text_source vi 320000 Latin-other 0.05 1 html
  files '*.html' $hb/ru-RU $ig/ru | text_source ru 1100000 Cyrillic 0.5 1 html
  files '*.html' $ig/el $lo/el | text_source el 1100000 Greek 0.5 15 html
  files '*.html' $hb/ar-MA $hb/fa-IR | text_source ar-fa 1100000 Arabic 0.5 1 html
  files '*.html' $hb/zh-CN $ig/zh_CN $hb/zh-TW | text_source zh 850000 Han 0.5 1 html
  files '*.html' $hb/ja-JP $ig/ja | text_source ja 850000 Han,Kana 0.5 1 html
  files '*.html' $ig/ko $lo/ko $hb/ko-KR | text_source ko 1100000 Hangul 0.5 15 html
  files '*.html' $lo/hi | text_source hi-help 360000 Devanagari 0.5 15 html
  files '*.mo' $lores/hi | text_source hi-ui 220000 Devanagari 0.5 20 mo
  files '*.mo' $lores/th | text_source th 650000 Thai 0.5 30 mo
  mapfile -t sources < "$work/ml.sources"
  printf "%s, " multilingual-unique.txt >&2  # interleave.py --stats completes the line
  "$py" "$here/corpus/interleave.py" --stats --total "$unique_size" "${sources[@]}" \
    > "$out/multilingual-unique.txt"
}

english_unique
code_unique
multilingual_unique

# --- How much each corpus repeats. -------------------------------------------------------
echo "Share of bytes in cl100k pieces seen earlier in the file, distinct pieces, and share of"
echo "paragraphs whose text occurs more than once:"
"$py" "$here/corpus/seen_share.py" "$out"/{english,code,multilingual}{,-unique}.txt
