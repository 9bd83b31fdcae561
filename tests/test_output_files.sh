#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The files the program writes: -o through links, into FIFOs and devices, never through a
# planted link, with long names; batch's own files (report, locks, temporaries) beside the
# summaries: no cluster takes their names, killed runs' temporaries are swept, a second batch
# on the same OUT is refused, a read-only OUT is found before any cluster is summarized.
# Usage: tests/test_output_files.sh path/to/summarize SOURCE_DIR
# Nothing here writes to /dev itself: as root a regression would replace the machine's nodes.
. "$(dirname "$0")/lib.sh" "$@"
expect_timeout=120
"$bin" "$ex" >"$tmp/summary.txt" 2>/dev/null || { echo "FAIL the example does not summarize"; exit 1; }
w="$tmp/w"
mkdir "$w"

# --- -o through a symbolic link: the link stays, the file it names gets the summary -------
echo old >"$w/target.txt"
ln -s target.txt "$w/link.txt"
expect "-o LINK" 0 "" -- "$bin" -o "$w/link.txt" "$ex"
[ -L "$w/link.txt" ] && cmp -s "$w/target.txt" "$tmp/summary.txt" && ok "-o LINK: the link stays, its target has the summary" || bad "-o LINK" "$(ls -l "$w")"
ln -s "$w/sub/new.txt" "$w/dangling.txt"
mkdir "$w/sub"
expect "-o to a link to a file not there yet" 0 "" -- "$bin" -o "$w/dangling.txt" "$ex"
[ -L "$w/dangling.txt" ] && cmp -s "$w/sub/new.txt" "$tmp/summary.txt" && ok "-o DANGLING: the target is made" || bad "-o DANGLING" "$(ls -lR "$w")"

# --- -o into a FIFO: a reader gets the summary, the FIFO stays -----------------------------
mkfifo "$w/fifo"
timeout 60 cat "$w/fifo" >"$w/from-fifo" &
reader=$!
expect "-o FIFO" 0 "" -- "$bin" -o "$w/fifo" "$ex"
wait "$reader"
[ -p "$w/fifo" ] && cmp -s "$w/from-fifo" "$tmp/summary.txt" && ok "-o FIFO: the reader gets the summary, the FIFO stays" || bad "-o FIFO" "$(ls -l "$w/fifo"; wc -c <"$w/from-fifo")"

# --- -o into a character device: written into, never replaced -------------------------------
# a null device of our own where we may make one (root), else /dev/null (which, not being
# root, a regression could not replace)
dev="$w/null"
mknod "$dev" c 1 3 2>/dev/null || dev=/dev/null
expect "-o DEVICE ($( [ "$dev" = /dev/null ] && echo /dev/null || echo 'a null node'))" 0 "" -- "$bin" -o "$dev" "$ex"
[ -c "$dev" ] && ok "-o DEVICE: still a character device" || bad "-o DEVICE replaced" "$(ls -l "$dev")"
# /dev/fd/1 (as /dev/stdout): the program's own stdout, a pipe or a file, written into
"$bin" -o /dev/fd/1 "$ex" 2>/dev/null | cat >"$w/piped.txt"
cmp -s "$w/piped.txt" "$tmp/summary.txt" && ok "-o /dev/fd/1 into a pipe" || bad "-o /dev/fd/1 into a pipe" "$(wc -c <"$w/piped.txt")"
{ echo "a first line"; "$bin" -o /dev/fd/1 "$ex" 2>/dev/null; } >"$w/redirected.txt"
{ echo "a first line"; cat "$tmp/summary.txt"; } | cmp -s - "$w/redirected.txt" && ok "-o /dev/fd/1 into a file: after what the shell wrote" || bad "-o /dev/fd/1 into a file" "$(head -3 "$w/redirected.txt")"
expect "-o -" 0 "" -- "$bin" -o - "$ex"
cmp -s "$tmp/out" "$tmp/summary.txt" && ok "-o - is stdout" || bad "-o -"

# --- a link planted at the temporary name of old versions is not followed -------------------
expect "-o beside a planted link" 0 "" -- sh -c 'ln -s victim.txt "$1/o.txt.tmp.$$" && exec "$2" -o "$1/o.txt" "$3"' sh "$w" "$bin" "$ex"
[ ! -e "$w/victim.txt" ] && [ ! -L "$w/o.txt" ] && cmp -s "$w/o.txt" "$tmp/summary.txt" && ok "planted link: not followed, its target not made" || bad "planted link followed" "$(ls -l "$w")"
rm -f "$w"/o.txt.tmp.*

# --- the mode of the file replaced carries over --------------------------------------------
chmod 600 "$w/o.txt"
expect "-o over a 0600 file" 0 "" -- "$bin" -o "$w/o.txt" "$ex"
[ "$(stat -c %a "$w/o.txt")" = 600 ] && ok "-o keeps the old file's mode" || bad "-o mode" "$(stat -c %a "$w/o.txt")"

# --- a 250-byte name ---------------------------------------------------------------------------
long=$(printf 'n%.0s' $(seq 246)).txt
expect "-o a 250-byte name" 0 "" -- "$bin" -o "$w/$long" "$ex"
cmp -s "$w/$long" "$tmp/summary.txt" && ok "-o a 250-byte name: written" || bad "-o a 250-byte name"
expect "model build -o a 250-byte name" 0 "" -- "$bin" model build --bucket-bits 10 --dimensions 64 "$ex" -o "$w/m$long"
[ -s "$w/m$long" ] && ok "model build -o a 250-byte name: written" || bad "model build -o a 250-byte name"
ln -s model.mds "$w/model-link.mds"
expect "model build -o LINK" 0 "" -- "$bin" model build --bucket-bits 10 --dimensions 64 "$ex" -o "$w/model-link.mds"
[ -L "$w/model-link.mds" ] && cmp -s "$w/model.mds" "$w/m$long" && ok "model build -o LINK: the link stays, the model is its target" || bad "model build -o LINK" "$(ls -l "$w")"
expect "model build -o -" 0 "" -- "$bin" model build --bucket-bits 10 --dimensions 64 "$ex" -o -
cmp -s "$tmp/out" "$w/model.mds" && ok "model build -o -: the model on stdout" || bad "model build -o -" "$(wc -c <"$tmp/out")"
ls -A "$w" | grep -q '\.tmp\.' && bad "no temporary file left" "$(ls -A "$w")" || ok "no temporary file left"

# --- batch: temporaries of killed runs are swept ------------------------------------------------
corpus="$tmp/corpus"
for i in 1 2 3; do mkdir -p "$corpus/c$i"; cp "$ex"/00[0-2]* "$corpus/c$i/"; done
out="$tmp/bout"
mkdir "$out"
# temporary names carry the host (FNV-1a of its name, 8 hex digits) and the pid
host=$(uname -n) h=2166136261
for ((i = 0; i < ${#host}; i++)); do
  c=$(printf '%d' "'${host:i:1}")
  h=$(( ((h ^ c) * 16777619) & 0xffffffff ))
done
sh -c 'exit 0' & dead=$!; wait "$dead"
hex=$(printf '%08x' "$h") other=$(printf '%08x' $((h ^ 1)))
echo partial >"$out/.c1.txt.tmp.$hex.$dead.Ab12Cd"     # a killed run of this machine
echo partial >"$out/c2.txt.tmp.$dead"                  # the same, of an older version
echo partial >"$out/.c3.txt.tmp.$hex.$$.Ab12Cd"        # a live run (this shell)
echo partial >"$out/.c3.txt.tmp.$other.$dead.Ab12Cd"   # another machine's: not ours to judge
echo mine >"$out/notes.tmp.$dead"                      # not a name batch makes
expect "batch sweeps temporaries" 0 "removed 2 temporary files" -- "$bin" batch -v "$corpus" -o "$out"
if [ ! -e "$out/.c1.txt.tmp.$hex.$dead.Ab12Cd" ] && [ ! -e "$out/c2.txt.tmp.$dead" ] &&
   [ -e "$out/.c3.txt.tmp.$hex.$$.Ab12Cd" ] && [ -e "$out/.c3.txt.tmp.$other.$dead.Ab12Cd" ] &&
   [ -e "$out/notes.tmp.$dead" ]; then ok "batch: the killed runs' temporaries removed, the others kept"
else bad "batch sweep" "$(ls -A "$out" | grep tmp | tr '\n' ' ')"; fi
[ "$(grep -c '"status":"ok"' "$out/report.jsonl")" = 3 ] && ok "batch after the sweep: 3 summaries" || bad "batch after the sweep" "$(cat "$out/report.jsonl")"

# --- batch: no cluster's summary takes the report's name ---------------------------------------
rc="$tmp/rcorpus"
for c in report report.1-of-2 reports good; do mkdir -p "$rc/$c"; cp "$ex"/00[0-2]* "$rc/$c/"; done
expect "batch --format jsonl, a cluster named report: exit 2" 2 "report: its summary would be .*report.jsonl, the batch report's name" -- "$bin" batch --format jsonl "$rc" -o "$tmp/rout"
rep="$tmp/rout/report.jsonl"
[ "$(grep -c '^{"name":' "$rep")" = 4 ] && ok "report.jsonl is the report (a line per cluster)" || bad "report.jsonl overwritten" "$(head -c 300 "$rep")"
grep -q '"name":"report","status":"failed","reason":"its summary would be' "$rep" && grep -q '"name":"report.1-of-2","status":"failed"' "$rep" && grep -q '"name":"reports","status":"ok"' "$rep" && grep -q '"name":"good","status":"ok"' "$rep" && ok "the clusters named as reports fail with the reason, the others are ok" || bad "report-named clusters" "$(cat "$rep")"
expect "rerun: still refused, not skipped" 2 "" -- "$bin" batch --format jsonl "$rc" -o "$tmp/rout"
grep -q '"name":"report","status":"failed"' "$rep" && ok "rerun: the report-named cluster fails again" || bad "rerun skips it" "$(cat "$rep")"
expect "batch --format text: a cluster named report is fine" 0 "" -- "$bin" batch "$rc" -o "$tmp/rtext"
[ -s "$tmp/rtext/report.txt" ] && [ "$(grep -c '^{"name":' "$tmp/rtext/report.jsonl")" = 4 ] && ok "report.txt is a summary, report.jsonl the report" || bad "--format text, cluster report" "$(ls "$tmp/rtext")"

# --- batch: a second run on the same OUT is refused while the first runs -------------------------
big="$tmp/big"
for i in $(seq -w 1 60); do mkdir -p "$big/c$i"; cp "$ex"/* "$big/c$i/"; done
# holds a batch stopped just after its first summary; $held is its pid. A batch that ended
# before it could be stopped (a very slow poll) is no test of the lock: said, and skipped.
hold() {
  "$bin" batch -q -j 1 "$@" >/dev/null 2>&1 &
  held=$!
  local o=${*: -1}
  for _ in $(seq 2000); do ls "$o"/c*.txt >/dev/null 2>&1 && break; sleep 0.01; done
  kill -STOP "$held"
  if ls "$o"/report*.jsonl >/dev/null 2>&1; then echo "skip the lock tests: the first batch ended before it was held"; return 1; fi
}
release() { kill -CONT "$held"; wait "$held"; }
if hold "$big" -o "$tmp/lout"; then
  expect "a second batch on OUT: exit 2" 2 "another batch \(pid $held\) is writing its summaries here" -- "$bin" batch "$big" -o "$tmp/lout"
  expect "a shard on the OUT of a whole run: exit 2" 2 "another batch" -- "$bin" batch --shard 2/2 "$big" -o "$tmp/lout"
fi
release; r=$?
[ $r -eq 0 ] && [ "$(grep -c '"status":"ok"' "$tmp/lout/report.jsonl")" = 60 ] && ok "the first batch ends well" || bad "the first batch" "exit $r"
if hold --shard 1/2 "$big" -o "$tmp/sout"; then
  expect "the same shard twice: exit 2" 2 "another batch .* holds .*\.batch\.1-of-2\.lock" -- "$bin" batch --shard 1/2 "$big" -o "$tmp/sout"
  expect "another shard beside it: runs" 0 "" -- "$bin" batch -q --shard 2/2 "$big" -o "$tmp/sout"
  expect "a whole run beside a shard: exit 2" 2 "another batch" -- "$bin" batch "$big" -o "$tmp/sout"
fi
release
"$bin" batch -q --shard 2/2 "$big" -o "$tmp/sout" 2>/dev/null
[ "$(cat "$tmp"/sout/report.*-of-2.jsonl | grep -c '"status":"[a-z]*"')" = 60 ] && ok "two shards share OUT" || bad "two shards" "$(ls "$tmp/sout" | head)"
ls -A "$tmp/sout" | grep -q '\.tmp\.' && bad "batch: no temporary left" || ok "batch: no temporary left"

# --- batch: a read-only OUT is found before any cluster is summarized --------------------------
ro="$tmp/ro"
mkdir "$ro"
if [ "$(id -u)" != 0 ]; then
  chmod 555 "$ro"
  expect "read-only OUT: exit 2 at once" 2 "no summary can be written there: Permission denied" -- "$bin" batch "$corpus" -o "$ro"
  chmod 755 "$ro"
elif unshare -m true 2>/dev/null; then
  # root writes anywhere permissions allow: a read-only mount, in a mount namespace of its own
  expect "read-only OUT: exit 2 at once" 2 "no summary can be written there: Read-only file system" -- unshare -m sh -c 'mount -t tmpfs -o ro,size=1m none "$1" && exec "$2" batch "$3" -o "$1"' sh "$ro" "$bin" "$corpus"
else
  echo "skip read-only OUT (root without a mount namespace)"
  touch "$tmp/err"
fi
grep -qE "c[0-9]:" "$tmp/err" && bad "read-only OUT: no cluster tried" "$(cat "$tmp/err")" || ok "read-only OUT: no cluster tried"

finish
