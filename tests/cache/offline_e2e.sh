#!/usr/bin/env bash
# The tiktoken cache kit end to end in a process with no network at all: a new network namespace
# (unshare -n) has only a loopback interface, which is down, so any connection attempt fails.
# Inside it: the command installs, verifies, exports and imports a cache, encodes with the
# built-in encodings, the independent Python reader reads the result as tiktoken would, the
# harmony reader as openai-harmony would (`--for harmony|all`), `airtok doctor` diagnoses the
# prepared machine states, and the library builds every encoding from the cache files (the
# FileBasedEncoding tests).
#
# Usage: offline_e2e.sh AIRTOK AIRTOK_CACHE_TESTS PYTHON INDEPENDENT_READER HARMONY_READER
#        DOCTOR_STATES
# Exit 77 (CTest's skip) only when a network namespace cannot be created here, with the reason.
set -euo pipefail
airtok=$1 cache_tests=$2 python=$3 reader=$4 harmony_reader=$5 doctor_states=$6

if ! command -v unshare >/dev/null; then
  echo "SKIPPED: unshare (util-linux) is not installed, so no network namespace can be made"
  exit 77
fi
if ! why=$(unshare -n true 2>&1); then
  echo "SKIPPED: 'unshare -n' cannot create a network namespace here: ${why:-no reason given}"
  echo "(it needs root or unprivileged user namespaces; e.g. run the tests as root)"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export airtok cache_tests python reader harmony_reader doctor_states work

unshare -n bash -euo pipefail -c '
  # No network: only a loopback interface, and it is down.
  if [ -r /proc/net/dev ] && [ "$(grep -c ":" /proc/net/dev)" -ne 1 ]; then
    echo "FAIL: the namespace has network interfaces:"; cat /proc/net/dev; exit 1
  fi
  if (exec 3<>/dev/tcp/127.0.0.1/9) 2>/dev/null; then
    echo "FAIL: a TCP connection succeeded inside the namespace"; exit 1
  fi
  unset TIKTOKEN_CACHE_DIR DATA_GYM_CACHE_DIR TIKTOKEN_OFFLINE TIKTOKEN_ENCODINGS_BASE
  unset TIKTOKEN_RS_CACHE_DIR
  cd "$work"
  "$airtok" cache install --dir cache
  "$airtok" cache verify --dir cache
  TIKTOKEN_CACHE_DIR=cache "$airtok" cache verify cl100k_base > /dev/null
  "$airtok" cache export bundle cl100k_base o200k_base > /dev/null
  "$airtok" cache import bundle --dir imported > /dev/null
  "$airtok" cache verify cl100k_base o200k_harmony --dir imported > /dev/null
  test "$(printf "hello world" | "$airtok" encode)" = "$(printf "hello world" | "$airtok" encode -e cl100k_base)"
  "$airtok" cache install --for all --dir both > /dev/null
  "$airtok" cache verify --for all --dir both > /dev/null
  TIKTOKEN_ENCODINGS_BASE=both "$airtok" cache verify --for harmony > /dev/null
  "$airtok" cache export harmony-bundle --for harmony > /dev/null
  TIKTOKEN_ENCODINGS_BASE=harmony-bundle "$airtok" cache verify --for harmony > /dev/null
  TIKTOKEN_RS_CACHE_DIR=both TIKTOKEN_CACHE_DIR=both "$airtok" doctor --for all > /dev/null
  "$python" "$reader" "$airtok"
  "$python" "$harmony_reader" "$airtok"
  "$python" "$doctor_states" "$airtok" "$python"
  "$cache_tests" --gtest_filter="All/FileBasedEncoding.*:ReadFileCached.*" --gtest_brief=1
'
echo "offline end-to-end: passed with no network"
