#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Faults in the middle of a batch, each followed by the rerun that must finish the work:
#   kill -9 at random moments (a fixed seed, printed), -j 1 and 2: no summary left partial or
#     wrong, the temporaries of the killed run swept by the rerun, whose OUT is then the
#     uninterrupted run's (the same summaries, byte for byte, each cluster's status the same
#     with "skipped" for "ok", the same files);
#   a full disk (a small tmpfs as OUT, in a mount namespace of its own): exit 2 with the
#     clusters named, no truncated summary, and after space is freed the rerun completes;
#   SIGHUP, SIGINT, SIGTERM: the report of what was done, exit 129, 130, 143; the rerun resumes;
#   two batches started together on one OUT: one does the work, the other is refused or finds
#     it done, and OUT is the uninterrupted run's.
# A read-only OUT, the lock held against a second batch and the sweeping of temporaries of
# every kind are tests/test_output_files.sh's.
# Usage: tests/test_batch_faults.sh path/to/summarize SOURCE_DIR [SEED]
. "$(dirname "$0")/lib.sh" "$@"
seed=${3:-1616}
echo "seed $seed (rerun with: $0 BIN SRC $seed)"
RANDOM=$seed

# Twelve clusters, each three or four of the example's five documents, and one that fails.
corpus="$tmp/corpus"
docs=("$ex"/*)
k=0
for a in 0 1 2 3 4; do
  for b in $(seq $((a + 1)) 4); do
    for c in $(seq $((b + 1)) 4); do
      k=$((k + 1)); [ $k -gt 10 ] && break 3
      d="$corpus/c$(printf %02d $k)"; mkdir -p "$d"
      cp "${docs[a]}" "${docs[b]}" "${docs[c]}" "$d/"
    done
  done
done
mkdir "$corpus/c11" "$corpus/c12" "$corpus/c13-bad"
cp "${docs[@]:0:4}" "$corpus/c11/"; cp "${docs[@]:1:4}" "$corpus/c12/"
# a failing cluster: binary (a NUL); invalid UTF-8 is read as Windows-1252 since issue 12
cp "${docs[0]}" "$corpus/c13-bad/"; printf 'A sentence of good text to start.\n\0 binary bytes.\n' >"$corpus/c13-bad/b.txt"

# The state of OUT that must not depend on faults: its file names, each summary, and each
# cluster's status (ok and skipped alike: done) and reason.
state() {
  (cd "$1" && ls -A | grep -v '^\.batch\.lock$'
   for f in c*.txt; do [ -e "$f" ] && echo "$f $(cksum <"$f")"; done
   sed -E 's/"status":"(ok|skipped)"/"status":"done"/; s/,"(documents|sentences|candidates|seconds)":[0-9.]+//g' report.jsonl)
}
t0=$(date +%s%N)
"$bin" batch -q -j 1 "$corpus" -o "$tmp/ref" 2>/dev/null; rc=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ $rc -eq 2 ] && [ "$(ls "$tmp/ref"/c*.txt | wc -l)" = 12 ] && ok "the uninterrupted run: 12 summaries, 1 failure, exit 2 ($ms ms)" || { bad "the uninterrupted run" "exit $rc: $(ls "$tmp/ref")"; finish; exit; }
state "$tmp/ref" >"$tmp/ref.state"
# a summary left by a faulty run is whole: the uninterrupted run's, byte for byte
whole() {
  local f bad_files=
  for f in "$1"/c*.txt; do [ -e "$f" ] || continue; cmp -s "$f" "$tmp/ref/${f##*/}" || bad_files+=" ${f##*/}"; done
  [ -z "$bad_files" ] || { echo "not the uninterrupted run's:$bad_files"; return 1; }
}
# the rerun after a fault: OUT as the uninterrupted run left it, no temporary
resumed() {
  local name=$1 out=$2
  state "$out" >"$tmp/got.state"
  if ! cmp -s "$tmp/got.state" "$tmp/ref.state"; then bad "$name: OUT as after an uninterrupted run" "$(diff "$tmp/ref.state" "$tmp/got.state" | head -5)"
  elif ls -A "$out" | grep -q '\.tmp'; then bad "$name: no temporary left" "$(ls -A "$out" | grep '\.tmp')"
  else ok "$name: OUT as after an uninterrupted run, no temporary"; fi
}

# --- kill -9 at random moments, then the rerun -----------------------------------------------
span=$(( ms + 5 )) left=0
for i in 1 2 3 4 5 6 7 8; do
  j=$(( (i - 1) % 2 + 1 )) at=$(( RANDOM % span )) out="$tmp/k$i"
  "$bin" batch -q -j $j "$corpus" -o "$out" >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((at / 1000)) $((at % 1000)))"
  kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  n=$(ls "$out"/c*.txt 2>/dev/null | wc -l) tmps=$(ls -A "$out" 2>/dev/null | grep -c '\.tmp')
  left=$((left + tmps))
  w=$(whole "$out") && ok "kill -9 at $at ms, -j $j: $n whole summaries, $tmps temporaries" || bad "kill -9 at $at ms, -j $j: a partial summary" "$w"
  expect "kill -9 at $at ms: the rerun, exit 2, the failure named" 2 "c13-bad: " -- "$bin" batch -q -j $j "$corpus" -o "$out"
  resumed "kill -9 at $at ms" "$out"
done
echo "the kills left $left temporaries in all, for the reruns to sweep"

# --- a full disk --------------------------------------------------------------------------------
# Each summary takes a page of the tmpfs: 6 pages hold a few summaries, not all twelve.
if [ "$(id -u)" != 0 ]; then
  echo "SKIP disk full: mounting a tmpfs needs root (this is uid $(id -u))"
elif ! unshare -m true 2>/dev/null; then
  echo "SKIP disk full: no mount namespace to be had here (unshare -m: $(unshare -m true 2>&1))"
else
  mkdir "$tmp/mnt" "$tmp/full1" "$tmp/full2"
  unshare -m bash -c '
    mnt=$1 bin=$2 corpus=$3 tmp=$4
    mount -t tmpfs -o size=24k none "$mnt" || exit 99
    "$bin" batch -q -j 2 "$corpus" -o "$mnt" 2>"$tmp/full1.err"; echo $? >"$tmp/full1.rc"
    cp -a "$mnt/." "$tmp/full1/"
    rm -f "$mnt"/c0[1-3].txt  # space freed
    mount -o remount,size=1m "$mnt"
    "$bin" batch -q -j 2 "$corpus" -o "$mnt" 2>"$tmp/full2.err"; echo $? >"$tmp/full2.rc"
    cp -a "$mnt/." "$tmp/full2/"' sh "$tmp/mnt" "$bin" "$corpus" "$tmp"
  r=$?
  if [ $r -eq 99 ]; then
    echo "SKIP disk full: the tmpfs could not be mounted"
  else
    rc1=$(cat "$tmp/full1.rc") n1=$(ls "$tmp/full1"/c*.txt 2>/dev/null | wc -l)
    [ "$rc1" = 2 ] && [ "$n1" -lt 12 ] && grep -qE "c[0-9]+: .*No space left on device" "$tmp/full1.err" && ok "disk full: exit 2, the clusters named ($n1 of 12 written)" || bad "disk full" "exit $rc1, $n1 written: $(head -c 300 "$tmp/full1.err")"
    w=$(whole "$tmp/full1") && ok "disk full: no truncated summary" || bad "disk full: a truncated summary" "$w"
    ls -A "$tmp/full1" | grep -q '\.tmp' && bad "disk full: a temporary left" "$(ls -A "$tmp/full1")" || ok "disk full: no temporary left"
    rc2=$(cat "$tmp/full2.rc")
    [ "$rc2" = 2 ] && ok "space freed: the rerun exits 2 (the failing cluster only)" || bad "space freed: the rerun" "exit $rc2: $(head -c 300 "$tmp/full2.err")"
    resumed "space freed" "$tmp/full2"
  fi
fi

# --- SIGHUP, SIGINT, SIGTERM: an orderly stop, then the rerun ---------------------------------------
# A batch of forty clusters stopped (SIGSTOP) after its first summary, sent the signal and
# let go: the clusters in flight finish, no other starts.
big="$tmp/big"
for i in $(seq -w 1 40); do mkdir -p "$big/b$i"; cp "$ex"/* "$big/b$i/"; done
"$bin" batch -q "$big" -o "$tmp/bigref" 2>/dev/null
for s in HUP:129:1 INT:130:2 TERM:143:15; do
  sig=${s%%:*} code=$(echo "$s" | cut -d: -f2) num=${s##*:} out="$tmp/sig-$sig"
  "$bin" batch -j 2 "$big" -o "$out" >/dev/null 2>"$tmp/sig.err" &
  pid=$!
  for _ in $(seq 3000); do ls "$out"/b*.txt >/dev/null 2>&1 && break; sleep 0.01; done
  kill -STOP $pid; kill -"$sig" $pid; kill -CONT $pid
  wait $pid; rc=$?
  n=$(grep -c '"status":"ok"' "$out/report.jsonl" 2>/dev/null)
  if [ "$rc" = "$code" ] && grep -q "stopped by signal $num" "$tmp/sig.err" && [ "${n:-0}" -ge 1 ] && [ "$n" -lt 40 ]; then
    ok "SIG$sig: exit $code, the report of the $n clusters done"
  else bad "SIG$sig" "exit $rc (wanted $code), ${n:-no} report lines: $(head -c 300 "$tmp/sig.err")"; fi
  w=$(cd "$out" && for f in b*.txt; do cmp -s "$f" "$tmp/bigref/$f" || echo "$f"; done)
  [ -z "$w" ] && ! ls -A "$out" | grep -q '\.tmp' && ok "SIG$sig: every summary written whole, no temporary" || bad "SIG$sig: partial files" "$w $(ls -A "$out" | grep '\.tmp')"
  expect "SIG$sig: the rerun" 0 "" -- "$bin" batch -q -j 2 "$big" -o "$out"
  [ "$(grep -c '"status":"skipped"' "$out/report.jsonl")" = "$n" ] && [ "$(grep -c '"status":"ok"' "$out/report.jsonl")" = $((40 - n)) ] && diff -r -x 'report*' -x '.batch*' "$out" "$tmp/bigref" >/dev/null && ok "SIG$sig: the rerun skips the $n done and does the rest" || bad "SIG$sig: the rerun" "$(grep -c skipped "$out/report.jsonl") skipped; $(diff -r -x 'report*' -x '.batch*' "$out" "$tmp/bigref" | head -3)"
done

# --- two batches started together on one OUT --------------------------------------------------------
for i in 1 2 3; do
  out="$tmp/two$i"
  "$bin" batch -j 1 "$corpus" -o "$out" >/dev/null 2>"$tmp/two-a.err" & a=$!
  "$bin" batch -j 1 "$corpus" -o "$out" >/dev/null 2>"$tmp/two-b.err" & b=$!
  wait $a; ra=$?; wait $b; rb=$?
  # each exits 2: the failing cluster, or "another batch" for the one refused; one alone
  # summarizes, the other (if not refused) came after it and found the work done
  refused=$(cat "$tmp/two-a.err" "$tmp/two-b.err" | grep -c "another batch")
  worked=$(cat "$tmp/two-a.err" "$tmp/two-b.err" | grep -c "c13-bad: ")
  summarized=$(cat "$tmp/two-a.err" "$tmp/two-b.err" | grep -cE "clusters in .*: [1-9][0-9]* ok")
  if [ $ra -eq 2 ] && [ $rb -eq 2 ] && [ $((refused + worked)) -eq 2 ] && [ "$summarized" -eq 1 ]; then
    ok "two batches together ($i): $refused refused, $worked ran, 1 summarized"
  else bad "two batches together ($i)" "exits $ra $rb: $(cat "$tmp/two-a.err" "$tmp/two-b.err" | head -c 400)"; fi
  resumed "two batches together ($i)" "$out"
done

finish
