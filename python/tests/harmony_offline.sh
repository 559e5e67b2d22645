#!/usr/bin/env bash
# A program written for openai-harmony, run on airtok in a process with no network at all: a new
# network namespace (unshare -n) has only a loopback interface, which is down. Inside it, pytest
# runs test_install_as_openai_harmony.py (the program, unchanged, gives the reference's ids).
#
# Usage: harmony_offline.sh PYTHON PYPROJECT TEST_FILE
# Exit 77 (CTest's skip) only when a network namespace cannot be created here, with the reason.
set -euo pipefail
python=$1 pyproject=$2 test_file=$3

if ! command -v unshare >/dev/null; then
  echo "SKIPPED: unshare (util-linux) is not installed, so no network namespace can be made"
  exit 77
fi
if ! why=$(unshare -n true 2>&1); then
  echo "SKIPPED: 'unshare -n' cannot create a network namespace here: ${why:-no reason given}"
  echo "(it needs root or unprivileged user namespaces; e.g. run the tests as root)"
  exit 77
fi
export python pyproject test_file
unshare -n bash -euo pipefail -c '
  if [ -r /proc/net/dev ] && [ "$(grep -c ":" /proc/net/dev)" -ne 1 ]; then
    echo "FAIL: the namespace has network interfaces:"; cat /proc/net/dev; exit 1
  fi
  if (exec 3<>/dev/tcp/127.0.0.1/9) 2>/dev/null; then
    echo "FAIL: a TCP connection succeeded inside the namespace"; exit 1
  fi
  "$python" -m pytest -q -p no:cacheprovider -c "$pyproject" "$test_file"
'
