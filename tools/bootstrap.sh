#!/usr/bin/env bash
# Installs what a fresh machine lacks (Debian packages only) and builds airtok in build/.
# Usage: tools/bootstrap.sh [--with-lintian] [BUILD_DIR]
#   --with-lintian  also install lintian (large), so that the tests run it on the Debian package
set -euo pipefail
cd "$(dirname "$0")/.."
with_lintian=0
if [[ ${1:-} == --with-lintian ]]; then
  with_lintian=1
  shift
fi
build=${1:-build}

# python3-pydantic: airtok.harmony's models are pydantic models when it is there (the tests run
# them on it, and again without it).
# chromium and zsh are for the CLI tests: the `show --html` page in a headless browser, and
# zsh completion in an interactive zsh.
# libcpp-httplib-dev is the HTTP library of `airtok serve`; curl runs the README's service examples.
# dpkg-dev and file (cpack's Depends computation), binutils (readelf) and systemd
# (systemd-analyze) are for the Debian package's test (tests/install/deb_test.sh).
packages=(libpcre2-dev libcli11-dev libxxhash-dev nlohmann-json3-dev pkg-config
          libgtest-dev libbenchmark-dev clang libclang-rt-14-dev nodejs npm
          pybind11-dev python3-dev python3-pip python3-venv python3-setuptools python3-numpy
          python3-pytest python3-hypothesis python3-dask python3-distributed python3-regex
          python3-mypy python3-pydantic chromium zsh libcpp-httplib-dev curl dpkg-dev file
          binutils systemd)
if ((with_lintian)); then packages+=(lintian); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm may come with nodejs from another source than Debian's package: accept any working npm.
if command -v npm >/dev/null; then missing=("${missing[@]/npm}"); fi
if command -v node >/dev/null; then missing=("${missing[@]/nodejs}"); fi
read -r -a missing <<<"${missing[*]}"
if ((${#missing[@]})); then
  echo "bootstrap: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)"
