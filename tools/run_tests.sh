#!/usr/bin/env bash
# Builds and runs every test; what .ci/run and the README's second command call.
#  1. Release build (tools/bootstrap.sh): the whole CTest suite — unit tests, golden vectors,
#     live differential and every-code-point tests against npm tiktoken@1.0.22, the C API,
#     the CLI, and the installed-package consumers.
#  2. One clang tree under ASan + UBSan that also holds the libFuzzer targets: the same tests
#     (minus the live reference ones, already run), then each fuzzer for AIRTOK_FUZZ_SECONDS
#     (default 25 s; 6 targets, as many at once as there are cores). clang, because GCC takes
#     three times as long to compile with the sanitizers (60 s against 19 s for one CLI source,
#     -O2 -g), and one tree, because the fuzzers need the library compiled with the fuzzer's
#     coverage instrumentation, which costs the tests little.
#  3. The thread tests under ThreadSanitizer (GCC).
# Build trees: build/, build-asan/, build-tsan/.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
fuzz_seconds=${AIRTOK_FUZZ_SECONDS:-25}
step() { printf '\n==== %s (%s)\n' "$1" "$(date +%T)"; }

step "release build and tests"
tools/bootstrap.sh --with-lintian build  # lintian: the Debian package is checked with it
ctest --test-dir build -j"$jobs" --output-on-failure

step "AddressSanitizer + UndefinedBehaviorSanitizer (clang), with the libFuzzer targets"
# A build-asan/ that GCC configured (this script's trees before it was clang's) keeps GCC, and
# AIRTOK_FUZZ refuses it: start that tree afresh.
if [[ -f build-asan/CMakeCache.txt ]] &&
    ! grep -q '^CMAKE_CXX_COMPILER:FILEPATH=.*clang++' build-asan/CMakeCache.txt; then
  rm -rf build-asan
fi
CC=clang CXX=clang++ cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DAIRTOK_SANITIZE=ON -DAIRTOK_FUZZ=ON -DAIRTOK_ORACLE_TESTS=OFF -DAIRTOK_BUILD_BENCH=OFF \
  -DAIRTOK_INSTALL=OFF >/dev/null
cmake --build build-asan -j"$jobs"
# Every code point through the scanners takes minutes under ASan; the Release run covers it.
# Fork.* runs in Release only: a forked child cannot free what its parent's pool threads hold
# (their per-thread caches; the threads do not exist in the child), and LeakSanitizer reports
# that at the child's exit.
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan -j"$jobs" --output-on-failure -E 'EveryCodePointInContext|^Fork\.'

step "libFuzzer targets, ${fuzz_seconds} s each, ${jobs} at a time"
# Each target runs from a copy of its seed corpus in a scratch directory, which keeps its log,
# its exit status and any crashing input; a failure prints the end of the log and keeps the
# directory.
fuzz() {
  local target=$1 work=$2 corpus=tests/fuzz/corpus/${1#fuzz_} status=0
  [[ -d $corpus ]] && cp -r "$corpus"/. "$work"/
  build-asan/tests/fuzz/$target -max_total_time="$fuzz_seconds" -print_final_stats=1 \
    -artifact_prefix="$work/" "$work" >"$work/log" 2>&1 || status=$?
  echo "$status" >"$work/status"
}
targets=(fuzz_encode fuzz_pretok fuzz_merge fuzz_harmony_parse fuzz_load_tiktoken
         fuzz_load_data_gym)
declare -A fuzz_work
for target in "${targets[@]}"; do
  while (($(jobs -rp | wc -l) >= jobs)); do wait -n || true; done
  fuzz_work[$target]=$(mktemp -d)
  fuzz "$target" "${fuzz_work[$target]}" &
done
wait
fuzz_failed=0
for target in "${targets[@]}"; do
  work=${fuzz_work[$target]}
  if [[ $(cat "$work/status" 2>/dev/null) == 0 ]]; then
    echo "$target: $(grep -E '^stat::number_of_executed_units' "$work/log" | awk '{print $2}') runs, no failure"
    rm -rf "$work"
  else
    echo "$target FAILED:"; tail -40 "$work/log"; fuzz_failed=1
    echo "$target: its log and the input that failed are kept in $work"
  fi
done
((fuzz_failed == 0)) || exit 1

step "ThreadSanitizer"
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS=-fsanitize=thread \
  -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread -DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread \
  -DAIRTOK_ORACLE_TESTS=OFF -DAIRTOK_BUILD_BENCH=OFF -DAIRTOK_BUILD_CLI=OFF \
  -DAIRTOK_INSTALL=OFF >/dev/null
cmake --build build-tsan -j"$jobs" --target airtok_core_tests
TSAN_OPTIONS=halt_on_error=1 build-tsan/tests/core/airtok_core_tests \
  --gtest_filter='Threads.*:Batch.*'

step "all tests passed"
