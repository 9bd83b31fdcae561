#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Debian packages (scripts/deb.sh): they depend on Debian's runtime packages, install
# with apt-get next to nothing of ours, the installed summarize summarizes the example, the
# consumer (tests/consumer) builds against the installed libmds-dev by pkg-config and by
# find_package without being told where, and removing them (purge) leaves none of their files.
# It installs into the system, so it runs only as root (CI: .ci/run) and only where none of
# mds, libmds0, libmds-dev is installed already; elsewhere it says SKIP and why.
# Usage: tests/test_deb.sh [DEB_DIR]   (DEB_DIR: packages made already; default: made here)
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
skip() { echo "SKIP the Debian packages: $*"; exit 0; }
[ "$(id -u)" -eq 0 ] || skip "installing packages needs root, and this runs as $(id -un)"
command -v apt-get >/dev/null && command -v dpkg >/dev/null || skip "no apt-get/dpkg here"
for p in mds libmds0 libmds-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" &&
    skip "$p is installed already: this test would replace it, then remove it"
done
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && echo "     $2"; }
tmp=$(mktemp -d)
installed=0
cleanup() {
  [ $installed -eq 1 ] && apt-get purge -y -qq -o DPkg::Lock::Timeout=300 mds libmds-dev libmds0 >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT
debs=${1:-}
if [ -z "$debs" ]; then
  debs=$tmp/debs
  "$src/scripts/deb.sh" "$debs" >"$tmp/deb.log" 2>&1 || { bad "scripts/deb.sh" "$(tail -5 "$tmp/deb.log")"; exit 1; }
fi
debs=$(cd "$debs" && pwd)
for p in mds libmds0 libmds-dev; do
  ls "$debs/${p}_"*.deb >/dev/null 2>&1 || { bad "no package $p in $debs"; exit 1; }
done

# Dependencies: Debian's runtime packages for what the library links, and for what it loads
# at run time (OpenBLAS; ICU where the build had it), which dpkg-shlibdeps cannot see.
dep=$(dpkg-deb -f "$debs"/libmds0_*.deb Depends)
miss=
wants="libopenblas libunistring libstemmer libxxhash libgumbo"
pkg-config --exists icu-uc 2>/dev/null && wants="$wants libicu"
for want in $wants; do
  echo "$dep" | grep -q "$want" || miss="$miss $want"
done
[ -z "$miss" ] && ok "libmds0 depends on$(printf ' %s' $wants): $dep" ||
  bad "libmds0's Depends lack:$miss" "$dep"
dpkg-deb -f "$debs"/mds_*.deb Depends | grep -q 'libmds0 (= ' && ok "mds depends on its libmds0" ||
  bad "mds's Depends" "$(dpkg-deb -f "$debs"/mds_*.deb Depends)"

if apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends \
     "$debs"/mds_*.deb "$debs"/libmds0_*.deb "$debs"/libmds-dev_*.deb >"$tmp/apt.log" 2>&1; then
  installed=1
  ok "apt-get install ./mds ./libmds0 ./libmds-dev"
else
  bad "apt-get install" "$(tail -5 "$tmp/apt.log")"; echo "$pass passed, $fail failed"; exit 1
fi
files=$(dpkg -L mds libmds0 libmds-dev | sort -u)
ex=/usr/share/doc/mds/examples/putin-north-korea
(cd "$tmp" && summarize "$ex" >"$tmp/cli.txt" 2>"$tmp/cli.err") && [ -s "$tmp/cli.txt" ] &&
  ok "/usr/bin/summarize summarizes $ex ($(wc -w <"$tmp/cli.txt") words)" ||
  bad "installed summarize" "$(head -c 300 "$tmp/cli.err")"
[ "$(man -w summarize 2>/dev/null)" != "" ] && ok "man summarize finds the page: $(man -w summarize)" ||
  { command -v man >/dev/null && bad "man -w summarize"; }
cc -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -o "$tmp/c-pc" "$src/tests/consumer/consumer.c" \
   $(pkg-config --cflags --libs mds) 2>"$tmp/cc.err" && "$tmp/c-pc" "$ex" >"$tmp/c.txt" 2>/dev/null &&
  cmp -s "$tmp/c.txt" "$tmp/cli.txt" && ok "consumer by pkg-config against libmds-dev: summarize's summary" ||
  bad "consumer by pkg-config" "$(head -c 400 "$tmp/cc.err")"
if cmake -S "$src/tests/consumer" -B "$tmp/cb" >"$tmp/cb.log" 2>&1 && cmake --build "$tmp/cb" >>"$tmp/cb.log" 2>&1 &&
   "$tmp/cb/mds-consumer" "$ex" >"$tmp/c2.txt" 2>/dev/null && cmp -s "$tmp/c2.txt" "$tmp/cli.txt"; then
  ok "consumer by find_package(mds) against libmds-dev: summarize's summary"
else
  bad "consumer by find_package" "$(tail -5 "$tmp/cb.log")"
fi

if apt-get purge -y -qq -o DPkg::Lock::Timeout=300 mds libmds-dev libmds0 >"$tmp/apt.log" 2>&1; then
  installed=0
  left=$(for f in $files; do [ -e "$f" ] && [ ! -d "$f" ] && echo "$f"; done)
  [ -z "$left" ] && ok "apt-get purge: none of their $(echo "$files" | wc -l) files left" ||
    bad "files left after purge" "$left"
else
  bad "apt-get purge" "$(tail -5 "$tmp/apt.log")"
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
