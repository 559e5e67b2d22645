#!/bin/sh
# deb_test.sh BUILD_DIR VERSION OUT_DIR — the Debian package, built and used as an admin would:
#   1. `cpack -G DEB` from the build tree writes OUT_DIR/airtok_VERSION-REV_ARCH.deb;
#   2. its control data: fields, computed Depends, shlibs, the ldconfig trigger, the conffile,
#      maintainer scripts that never enable the service;
#   3. its files: every one the package promises, nothing outside /usr and /etc, nothing in
#      /usr/local, no path of the build or source tree inside any file;
#   4. unpacked into a scratch root (dpkg-deb -x; nothing is installed on this machine): the
#      library's SONAME and links, the man page, the completions, the copyright and changelog,
#      the systemd unit (systemd-analyze verify, and its exposure score), the command counting
#      every golden case of every encoding (ids from the reference, tests/golden) and a C program
#      built with the unpacked airtok.pc against the unpacked shared library;
#   5. if the command has `serve`: the unit's own command line started, /healthz, SIGTERM.
# OUT_DIR keeps the package for install_deb_lintian. Honours CPACK, CC, PKG_CONFIG.
set -eu

if [ $# -ne 3 ]; then
  echo "usage: $0 BUILD_DIR VERSION OUT_DIR" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
version=$2
out=$3
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
cpack=${CPACK:-cpack}
cc=${CC:-cc}
pkg_config=${PKG_CONFIG:-pkg-config}
python=/usr/bin/python3

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }
need() { command -v "$1" >/dev/null || fail "$1 is not installed (apt-get install $2)"; }
need dpkg-deb dpkg
need dpkg-shlibdeps dpkg-dev
need readelf binutils
need systemd-analyze systemd
need zsh zsh
[ -x "$python" ] || fail "$python is not installed (apt-get install python3)"

work=$(mktemp -d "${TMPDIR:-/tmp}/airtok-deb-test.XXXXXX")
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# ---- 1. the package ---------------------------------------------------------------------
step "cpack -G DEB from $build"
rm -rf "$out"
mkdir -p "$out"
(cd "$out" && "$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$out") \
  >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log" >&2; fail "cpack -G DEB"; }
rm -rf "$out/_CPack_Packages"
arch=$(dpkg --print-architecture)
set -- "$out"/*.deb
[ $# -eq 1 ] && [ -f "$1" ] || fail "cpack wrote $# .deb files: $*"
deb=$1
name=$(basename "$deb")
case $name in
  "airtok_${version}-"*"_$arch.deb") echo "$name" ;;
  *) fail "package file $name is not airtok_${version}-REVISION_$arch.deb" ;;
esac

# ---- 2. control data --------------------------------------------------------------------
step "control data"
field() { dpkg-deb -f "$deb" "$1"; }
revision=${name#airtok_"$version"-}
revision=${revision%_"$arch".deb}
[ "$(field Package)" = airtok ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version-$revision" ] || fail "Version: $(field Version)"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture: $(field Architecture)"
[ "$(field Section)" = utils ] || fail "Section: $(field Section)"
[ "$(field Priority)" = optional ] || fail "Priority: $(field Priority)"
field Maintainer | grep -Eq '^[^<]+ <[^@ ]+@[^> ]+>$' || fail "Maintainer: $(field Maintainer)"
[ -z "$(field Homepage)" ] || fail "Homepage: $(field Homepage) (the project has none)"
# Computed by dpkg-shlibdeps from the ELF files: the C and C++ runtimes and the three libraries.
for dep in libc6 libstdc++6 libpcre2-8-0 libssl3 libxxhash0; do
  field Depends | tr ',' '\n' | grep -q "^ *$dep " || fail "Depends lacks $dep: $(field Depends)"
done
field Description >"$work/description"
synopsis=$(head -n 1 "$work/description")
[ ${#synopsis} -le 80 ] && [ -n "$synopsis" ] || fail "Description synopsis: '$synopsis'"
[ "$(wc -l <"$work/description")" -ge 5 ] || fail "Description has no long description"
dpkg-deb -e "$deb" "$work/control"
[ "$(cat "$work/control/conffiles")" = /etc/default/airtok ] ||
  fail "conffiles: $(cat "$work/control/conffiles")"
grep -qx "libairtok 0 airtok (>= $version-$revision)" "$work/control/shlibs" ||
  fail "shlibs: $(cat "$work/control/shlibs")"
grep -qx "activate-noawait ldconfig" "$work/control/triggers" || fail "no ldconfig trigger"
for script in postinst prerm postrm; do
  [ -x "$work/control/$script" ] || fail "$script is missing or not executable"
  sh -n "$work/control/$script" || fail "$script is not valid sh"
  forbidden='enable|ldconfig|deb-systemd-invoke start|systemctl (start|restart)'
  if grep -v '^ *#' "$work/control/$script" | grep -Eq "$forbidden"; then
    fail "$script enables, starts or runs ldconfig itself:"
  fi
done

# ---- 3. file list -----------------------------------------------------------------------
step "files"
dpkg-deb -c "$deb" | awk '{ $1 = $2 = $3 = $4 = $5 = ""; sub(/^ +/, ""); print }' >"$work/list"
grep -v -E '^\./((usr|etc)(/.*)?)?$' "$work/list" && fail "files outside /usr and /etc (above)"
grep -E '^\./usr/local(/|$)' "$work/list" && fail "files in /usr/local (above)"
# usr/lib, or usr/lib/<multiarch> when the build was configured for the /usr prefix.
libdir=$(sed -n 's|^\./\(usr/lib\(/[^/]*\)\{0,1\}\)/libairtok\.so\.[0-9.]* *$|\1|p' "$work/list")
[ -n "$libdir" ] || fail "no usr/lib*/libairtok.so.$version"
major=${version%%.*}
for path in usr/bin/airtok "$libdir/libairtok.so.$version" "$libdir/libairtok.a" \
  usr/include/airtok/airtok.h usr/include/airtok/encoding.hpp usr/include/airtok/registry.hpp \
  "$libdir/pkgconfig/airtok.pc" "$libdir/cmake/airtok/airtokConfig.cmake" \
  "$libdir/cmake/airtok/airtokConfigVersion.cmake" "$libdir/cmake/airtok/airtokTargets.cmake" \
  usr/share/man/man1/airtok.1.gz usr/share/bash-completion/completions/airtok \
  usr/share/zsh/vendor-completions/_airtok usr/share/doc/airtok/copyright \
  usr/share/doc/airtok/changelog.Debian.gz usr/lib/systemd/system/airtok.service \
  etc/default/airtok usr/share/lintian/overrides/airtok; do
  grep -qx "\./$path" "$work/list" || fail "the package lacks /$path"
done
grep -qx "\./$libdir/libairtok.so.$major -> libairtok.so.$version" "$work/list" ||
  fail "no link libairtok.so.$major -> libairtok.so.$version"
grep -qx "\./$libdir/libairtok.so -> libairtok.so.$major" "$work/list" ||
  fail "no link libairtok.so -> libairtok.so.$major"
echo "$(wc -l <"$work/list") entries, library in /$libdir"

# ---- 4. unpacked --------------------------------------------------------------------------
root=$work/root
step "dpkg-deb -x into $root"
dpkg-deb -x "$deb" "$root"
if grep -rl -F -e "$build" -e "$src/" "$root" >"$work/leaks"; then
  cat "$work/leaks" >&2
  fail "packaged files contain a path of the build or source tree (above)"
fi
readelf -d "$root/$libdir/libairtok.so.$version" |
  grep -q "Library soname: \[libairtok\.so\.$major\]" ||
  fail "libairtok.so.$version's SONAME is not libairtok.so.$major"
gzip -t "$root/usr/share/man/man1/airtok.1.gz" "$root/usr/share/doc/airtok/changelog.Debian.gz"
gzip -dc "$root/usr/share/man/man1/airtok.1.gz" | head -n 1 |
  grep -q "^\.TH AIRTOK 1 .*airtok $version" ||
  fail "the man page does not start with .TH AIRTOK 1 for airtok $version"
gzip -dc "$root/usr/share/doc/airtok/changelog.Debian.gz" | head -n 1 |
  grep -q "^airtok ($version-$revision) " ||
  fail "changelog.Debian.gz's newest entry is not $version-$revision"
head -n 1 "$root/usr/share/doc/airtok/copyright" |
  grep -qx "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/" ||
  fail "copyright is not in the machine-readable format"
grep -qx "Files: data/\*" "$root/usr/share/doc/airtok/copyright" ||
  fail "copyright says nothing of the vocabularies (Files: data/*)"
bash -c ". '$root/usr/share/bash-completion/completions/airtok' && complete -p airtok" >/dev/null ||
  fail "the bash completion does not register a completion for airtok"
zsh -n "$root/usr/share/zsh/vendor-completions/_airtok" || fail "_airtok is not valid zsh"
head -n 1 "$root/usr/share/zsh/vendor-completions/_airtok" | grep -qx "#compdef airtok" ||
  fail "_airtok has no #compdef line"

step "airtok.service"
unit=$root/usr/lib/systemd/system/airtok.service
for line in "ExecStart=/usr/bin/airtok serve --listen \${AIRTOK_LISTEN} \$AIRTOK_OPTIONS" \
  "Environment=AIRTOK_LISTEN=127.0.0.1:8797" "EnvironmentFile=-/etc/default/airtok" \
  "DynamicUser=yes" "NoNewPrivileges=yes" "ProtectSystem=strict" "PrivateTmp=yes" \
  "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX" "Restart=on-failure" \
  "WantedBy=multi-user.target"; do
  grep -qxF "$line" "$unit" || fail "airtok.service lacks '$line'"
done
grep -q "^ExecReload=" "$unit" && fail "airtok.service has an ExecReload"
# systemd-analyze checks that ExecStart's command exists: verify a copy that names the unpacked
# one (and finds the unpacked man page for Documentation=).
mkdir "$work/unit"
copy=$work/unit/airtok.service
sed "s|^ExecStart=/usr/bin/airtok |ExecStart=$root/usr/bin/airtok |" "$unit" >"$copy"
MANPATH=$root/usr/share/man systemd-analyze verify "$copy" >"$work/verify" 2>&1 ||
  { cat "$work/verify" >&2; fail "systemd-analyze verify airtok.service"; }
[ ! -s "$work/verify" ] || { cat "$work/verify" >&2; fail "systemd-analyze verify warned (above)"; }
systemd-analyze security --offline=true "$copy" >"$work/security" 2>&1 || true
grep "Overall exposure level" "$work/security" ||
  { cat "$work/security" >&2; fail "systemd-analyze security"; }
# Exposure 0.0 (locked down) to 10.0 (unprotected); the unit scores 1.1 with systemd 252.
systemd-analyze security --offline=true --threshold=20 "$copy" >/dev/null 2>&1 ||
  fail "airtok.service's exposure is above 2.0"

step "the unpacked command against the golden vectors"
airtok=$root/usr/bin/airtok
"$airtok" --version | grep -q "$version" || fail "airtok --version: $("$airtok" --version)"
"$python" - "$src/tests/golden" "$airtok" "$work/golden" <<'PY' || fail "golden counts (above)"
# Each encode_ordinary case of each encoding becomes a file; `airtok count --jsonl -e ENC DIR`
# must give each file the number of ids the reference gave.
import json, os, subprocess, sys
golden, airtok, work = sys.argv[1:]
total = 0
for name in sorted(os.listdir(golden)):
    encoding, ext = os.path.splitext(name)
    if ext != ".jsonl" or encoding == "harmony":
        continue
    folder = os.path.join(work, encoding)
    os.makedirs(folder)
    expected = {}
    with open(os.path.join(golden, name), encoding="utf-8") as f:
        for line in f:
            case = json.loads(line)
            text = case.get("text")
            if case["op"] != "encode_ordinary" or not text or "\0" in text:
                continue
            path = os.path.join(folder, f"{len(expected)}.txt")
            with open(path, "w", encoding="utf-8", newline="") as out:
                out.write(text)
            expected[path] = len(case["tokens"])
    run = subprocess.run([airtok, "count", "--jsonl", "-e", encoding, folder],
                         capture_output=True, text=True, check=True)
    got = {r["path"]: r["tokens"] for r in map(json.loads, run.stdout.splitlines())}
    wrong = [p for p in expected if got.get(p) != expected[p]]
    if wrong or len(got) != len(expected):
        print(f"{encoding}: {len(wrong)} of {len(expected)} counts differ, e.g. {wrong[:3]}")
        sys.exit(1)
    total += len(expected)
    print(f"{encoding}: {len(expected)} golden cases counted exactly")
print(f"{total} cases in all")
PY

step "a C program on the unpacked library, through the unpacked airtok.pc"
PKG_CONFIG_PATH=$root/$libdir/pkgconfig
export PKG_CONFIG_PATH
# shellcheck disable=SC2046  # flag lists
"$cc" $("$pkg_config" --cflags airtok) "$here/consumer/consumer.c" -o "$work/consumer" \
  $("$pkg_config" --libs airtok) || fail "consumer.c does not build against the unpacked tree"
LD_LIBRARY_PATH=$root/$libdir ldd "$work/consumer" |
  grep -q "libairtok\.so\.$major => $root/$libdir/" ||
  fail "the program does not load the unpacked libairtok.so.$major"
LD_LIBRARY_PATH=$root/$libdir "$work/consumer" || fail "the C program on the unpacked library"

# ---- 5. the unit's command line -------------------------------------------------------------
if "$airtok" serve --help 2>/dev/null | grep -q -- "--auth-token-file"; then
  step "the unit's ExecStart, on a free loopback port"
  exec_start=$(sed -n 's/^ExecStart=//p' "$copy")
  AIRTOK_LISTEN=127.0.0.1:0
  AIRTOK_OPTIONS=
  # systemd's ${VAR} is one word and $VAR splits on spaces: as sh does for these values.
  eval "set -- $exec_start"
  "$@" >"$work/serve.out" 2>"$work/serve.err" &
  server_pid=$!
  port=
  for _ in $(seq 50); do
    port=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\)$|\1|p' "$work/serve.out")
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$work/serve.err" >&2; fail "airtok serve did not say where it listens"; }
  healthz="import sys, urllib.request as u
sys.exit(u.urlopen('http://127.0.0.1:$port/healthz', timeout=10).status != 200)"
  "$python" -c "$healthz" ||
    fail "GET /healthz"
  kill -TERM "$server_pid"
  wait "$server_pid" || fail "airtok serve exited with status $? on SIGTERM"
  server_pid=
  echo "served /healthz on port $port, stopped by SIGTERM"
else
  step "NOTE: this build's airtok has no serve subcommand; the unit's command line was not run"
fi

printf '\nDebian package checks passed: %s\n' "$deb"
