# SPDX-License-Identifier: MIT
# The shared preamble of the shell tests, sourced as  . "$(dirname "$0")/lib.sh" "$@"  by a
# test run as  tests/test_NAME.sh path/to/summarize SOURCE_DIR.
# Sets bin (the program), src (the source tree), ex (the example cluster) and tmp (a scratch
# folder removed at exit: a test that needs more at exit sets its own trap, removing "$tmp"
# too), the pass/fail counters and:
#   ok NAME / bad NAME [DETAIL]             count and print a result
#   expect NAME CODE PATTERN -- COMMAND...  run COMMAND (stdout in $tmp/out, stderr in
#                                           $tmp/err): exit CODE, stderr matching the ERE
#                                           PATTERN (none if empty); expect_timeout=S, where
#                                           set, kills what runs past S seconds
#   bounded NAME CODE PATTERN SECONDS MIB -- COMMAND...
#                                           expect, within SECONDS of wall time (killed after)
#                                           and MIB of peak resident memory (GNU time's %M,
#                                           the largest of the command and its children);
#                                           PATTERN may be several EREs joined by ' && ',
#                                           each of which must match
#   finish                                  print the counts; the status: 0 when none failed
set -u
bin=$1 src=$2
ex="$src/examples/putin-north-korea"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
expect_timeout=

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && echo "     $2"; }

expect() {
  local name=$1 code=$2 pat=$3; shift 4
  ${expect_timeout:+timeout "$expect_timeout"} "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  if [ $rc -ne "$code" ]; then bad "$name" "exit $rc, wanted $code; stderr: $(head -c 300 "$tmp/err")"; return; fi
  if [ -n "$pat" ] && ! grep -qE -- "$pat" "$tmp/err"; then bad "$name" "stderr lacks /$pat/: $(head -c 300 "$tmp/err")"; return; fi
  ok "$name"
}

# Bounds of a sanitized build: its shadow memory, redzones and quarantine take several times
# the memory, its checks several times the time.
if grep -qa __asan_init "$bin" 2>/dev/null; then bound_time=4 bound_mem=8; else bound_time=1 bound_mem=1; fi
gnu_time=
if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then gnu_time=/usr/bin/time; fi
[ -n "$gnu_time" ] || echo "note: no GNU time (/usr/bin/time): peak memory is not bounded in this run"

bounded() {
  local name=$1 code=$2 pat=$3 secs=$(( $4 * bound_time )) mib=$(( $5 * bound_mem )); shift 6
  local t0 t1 rc kb=0
  t0=$(date +%s%N)
  if [ -n "$gnu_time" ]; then
    $gnu_time -o "$tmp/rusage" -f %M timeout -s KILL "$secs" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    kb=$(tail -1 "$tmp/rusage")
  else
    timeout -s KILL "$secs" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
  fi
  t1=$(date +%s%N)
  local took="$(( (t1 - t0) / 1000000 )) ms, $(( kb / 1024 )) MiB"
  if [ $rc -eq 137 ] && [ "$code" -ne 137 ]; then bad "$name" "ran past ${secs} s ($took)"; return; fi
  if [ $rc -ne "$code" ]; then bad "$name" "exit $rc, wanted $code ($took); stderr: $(head -c 300 "$tmp/err")"; return; fi
  if [ "$kb" -gt $(( mib * 1024 )) ]; then bad "$name" "peak memory $(( kb / 1024 )) MiB, over $mib MiB"; return; fi
  local p rest=$pat
  while [ -n "$rest" ]; do
    p=${rest%%" && "*}
    [ "$p" = "$rest" ] && rest= || rest=${rest#*" && "}
    if ! grep -qE -- "$p" "$tmp/err"; then bad "$name" "stderr lacks /$p/: $(head -c 300 "$tmp/err")"; return; fi
  done
  ok "$name ($took)"
}

finish() {
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
