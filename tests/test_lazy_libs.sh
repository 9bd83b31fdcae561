#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# OpenBLAS and ICU are loaded when first needed (src/compute/blas_dl.c, src/text/wordseg.c),
# not linked: libmds.so.0 does not need them, the program's start-up and a summary of English
# news by the index's gram do not load them; and where they cannot be loaded, the library does
# what it says. That last part hides both libraries from a private mount namespace (a bind
# mount of /dev/null over each file), so it runs only as root with unshare(1); elsewhere it
# says SKIP for that part. There: the CUnit tests test_blas_dl and test_wordseg in their
# hidden mode (MDS_TEST_HIDDEN_LIBS: the dense gram fails with a status and a message, the
# cost model's choice falls back on the index, Chinese words are single ideographs), the
# example's summary byte for byte as with the libraries, and a Chinese summary.
# Usage: tests/test_lazy_libs.sh BUILD_DIR SOURCE_DIR OPENBLAS_FILE [ICU_UC_FILE]
set -u
build=$(cd "$1" && pwd) src=$2 blas_file=$3 icu_file=${4:-}
bin=$build/summarize ex=$src/examples/putin-north-korea
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && echo "     $2"; }
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A small Chinese cluster: three reports of one event
mkdir -p "$tmp/zh"
printf '%s' '中国队在昨天的比赛中战胜了日本队。比赛在北京举行，观众很多。中国队的教练说，队员们表现得很好。' >"$tmp/zh/a.txt"
printf '%s' '昨天在北京，中国队以三比一战胜日本队。日本队的教练表示将继续努力。' >"$tmp/zh/b.txt"
printf '%s' '北京的比赛吸引了很多观众。中国队战胜了日本队，进入了决赛。' >"$tmp/zh/c.txt"

# What the dynamic loader opens for a command: the files it names (LD_DEBUG=files).
opened() { LD_DEBUG=files "$@" 2>&1 >/dev/null | sed -n 's/.*file=\([^ ]*\).*/\1/p' | sort -u; }

if [ -z "${MDS_LAZY_HIDDEN:-}" ]; then
  needed=$(readelf -d "$build/libmds.so.0" 2>/dev/null | grep NEEDED)
  if [ -z "$needed" ]; then
    echo "SKIP libmds.so.0's NEEDED: no shared library in this build"
  elif grep -qE 'openblas|icu|gfortran' <<<"$needed"; then
    bad "libmds.so.0 needs no OpenBLAS or ICU" "$needed"
  else
    ok "libmds.so.0 needs no OpenBLAS or ICU"
  fi
  o=$(opened "$bin" --version)
  grep -qE 'openblas|icu' <<<"$o" && bad "summarize --version loads no OpenBLAS or ICU" "$o" ||
    ok "summarize --version loads no OpenBLAS or ICU"
  o=$(opened "$bin" "$ex")
  grep -qE 'openblas|icu' <<<"$o" && bad "the example's summary loads no OpenBLAS or ICU" "$o" ||
    ok "the example's summary (the index's gram) loads no OpenBLAS or ICU"
  if [ -n "$icu_file" ]; then
    o=$(opened "$bin" --lang zh "$tmp/zh")
    grep -q 'libicuuc' <<<"$o" && ok "a Chinese summary loads ICU" || bad "a Chinese summary loads ICU" "$o"
  fi
  "$bin" "$ex" >"$tmp/ex.txt" 2>"$tmp/ex.err" || bad "the example's summary" "$(head -c 300 "$tmp/ex.err")"

  # the second part, in a mount namespace of its own
  if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP without the libraries: hiding them needs root, and this runs as $(id -un)"
  elif ! command -v unshare >/dev/null; then
    echo "SKIP without the libraries: no unshare(1)"
  elif ! unshare -m true 2>/dev/null; then
    echo "SKIP without the libraries: unshare -m is refused here"
  else
    MDS_LAZY_HIDDEN=1 MDS_LAZY_TMP=$tmp unshare -m "$0" "$@"
    rc=$?
    [ $rc -eq 0 ] && ok "without the libraries (above)" || bad "without the libraries (above)"
  fi
  finish
  exit
fi

# ---- inside the namespace: the libraries' files hidden ---------------------------------------
tmp=$MDS_LAZY_TMP
hide() { # the file, and what the loader's cache names for SONAME, by their real files
  local f real
  for f in "$1" $(ldconfig -p | awk -v s="$2" '$1 == s { print $NF }'); do
    [ -e "$f" ] || continue
    real=$(readlink -f "$f")
    mount --bind /dev/null "$real" || { echo "FAIL cannot hide $real"; exit 1; }
  done
}
hide "$blas_file" libopenblas.so.0
[ -n "$icu_file" ] && hide "$icu_file" "$(basename "$(readlink -f "$icu_file")" | sed -E 's/(\.so\.[0-9]+).*/\1/')"
export MDS_TEST_HIDDEN_LIBS=1
for t in test_blas_dl test_wordseg; do
  if "$build/$t" >"$tmp/$t.log" 2>&1; then
    ok "$t without the libraries: $(grep -E '^ +asserts' "$tmp/$t.log" | awk '{print $3}') asserts"
  else
    bad "$t without the libraries" "$(grep -A3 FAIL "$tmp/$t.log" | head -12)"
  fi
done
"$bin" "$ex" >"$tmp/ex-hidden.txt" 2>"$tmp/err" && cmp -s "$tmp/ex.txt" "$tmp/ex-hidden.txt" &&
  ok "the example's summary without them: the same bytes" ||
  bad "the example's summary without them" "$(head -c 300 "$tmp/err"; diff "$tmp/ex.txt" "$tmp/ex-hidden.txt" | head -5)"
"$bin" --lang zh "$tmp/zh" >"$tmp/zh.txt" 2>"$tmp/err" && [ -s "$tmp/zh.txt" ] &&
  ok "a Chinese summary without ICU (single ideographs): $(wc -c <"$tmp/zh.txt") bytes" ||
  bad "a Chinese summary without ICU" "$(head -c 300 "$tmp/err")"
finish
