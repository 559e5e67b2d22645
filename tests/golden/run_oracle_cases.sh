#!/usr/bin/env bash
# Generates reference cases live with npm tiktoken@1.0.22 and checks airtok against them.
# Usage: run_oracle_cases.sh random|codepoints ENCODING CHECKER ORACLE_DIR CASES_DIR
#   random:     20,000 seeded random strings (2 seeds x 10,000 strings), each checked through
#               encode_ordinary and through encode: 40,000 cases (tools/oracle/random_cases.mjs)
#   codepoints: every Unicode scalar value in several contexts (tools/oracle/codepoints.mjs)
set -euo pipefail
kind=$1 enc=$2 checker=$3 oracle=$4 cases=$5
tools=$(cd "$(dirname "$0")/../../tools/oracle" && pwd)
mkdir -p "$cases"
files=()
if [[ $kind == random ]]; then
  for seed in 1 2; do
    out=$cases/random_${enc}_${seed}.jsonl
    node "$tools/random_cases.mjs" --oracle-dir "$oracle" --encoding "$enc" --count 20000 \
      --seed "$seed" --out "$out"
    files+=("$out")
  done
else
  out=$cases/codepoints_${enc}.jsonl
  node "$tools/codepoints.mjs" --oracle-dir "$oracle" --encoding "$enc" --out "$out"
  files+=("$out")
fi
status=0
"$checker" --encoding "$enc" "${files[@]}" || status=$?
rm -f "${files[@]}"
exit $status
