#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Input bounds: endless and binary streams stop at once (/dev/zero, yes), --max-input over a
# cluster's inputs and a JSONL line, streams read as cat reads them (FIFOs, pipes, process
# substitution, a FIFO left open), and peak memory per input byte on a 100 MB one-line file.
# Each case: exit code, message words, and (where GNU time is there) a bound on peak memory;
# every run is under a timeout, so a read to the end of /dev/zero fails instead of hanging.
# Usage: tests/test_input_bounds.sh path/to/summarize SOURCE_DIR
. "$(dirname "$0")/lib.sh" "$@"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
export OPENBLAS_NUM_THREADS=1

# A sanitizer's build cannot start under ulimit -v and needs far more memory: memory bounds
# are for the plain build (the exit codes and messages hold in both).
plain=1
(ulimit -v 400000; exec "$bin" --version) >/dev/null 2>&1 || plain=0
timer=""
[ -x /usr/bin/time ] && [ $plain = 1 ] && timer=/usr/bin/time
[ -n "$timer" ] || echo "skip peak-memory bounds (no GNU time, or a sanitizer's build)"

# capped NAME CODE STDERR_PATTERN MAX_KB -- command...: exit code, stderr words, peak RSS
# (MAX_KB 0: not measured), all under a 60 s timeout.
capped() {
  local name=$1 code=$2 pat=$3 max=$4; shift 5
  local rc
  if [ -n "$timer" ] && [ "$max" -gt 0 ]; then
    $timer -f '%M' -o "$tmp/rss" timeout -s KILL 60 "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
  else
    timeout -s KILL 60 "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
  fi
  if [ $rc -ne "$code" ]; then bad "$name" "exit $rc, wanted $code; stderr: $(head -c 300 "$tmp/err")"; return; fi
  if [ -n "$pat" ] && ! grep -qE -- "$pat" "$tmp/err"; then bad "$name" "stderr lacks /$pat/: $(head -c 300 "$tmp/err")"; return; fi
  if [ -n "$timer" ] && [ "$max" -gt 0 ]; then
    local kb
    kb=$(tail -n 1 "$tmp/rss")
    if [ "$kb" -gt "$max" ]; then bad "$name" "peak RSS $kb KB, bound $max KB"; return; fi
    ok "$name (peak $((kb / 1024)) MB)"
    return
  fi
  ok "$name"
}

# --- endless streams: binary at the first block, text at the limit -------------------------
capped "/dev/zero, default limit: binary at byte 0" 2 "/dev/zero: byte 0: NUL byte" 200000 -- "$bin" /dev/zero
capped "/dev/zero, --max-input 10M" 2 "/dev/zero: .*NUL byte" 200000 -- "$bin" --max-input 10M /dev/zero
capped "stdin from /dev/zero (-)" 2 "-: byte 0: NUL byte" 200000 -- sh -c '"$1" - </dev/zero' sh "$bin"
capped "stdin from /dev/zero (no operand)" 2 "NUL byte" 200000 -- sh -c '"$1" </dev/zero' sh "$bin"
capped "/dev/urandom: binary in the first block" 2 "/dev/urandom: byte [0-9]+: NUL byte" 200000 -- "$bin" /dev/urandom
capped "yes | summarize --max-input 10M: the limit, named" 2 "-: over the input limit.* 10485760 bytes.*--max-input" 200000 -- sh -c 'yes | "$1" --max-input 10M -' sh "$bin"
capped "endless text file through a FIFO, --max-input 1M" 2 "over the input limit.*--max-input" 200000 -- sh -c 'mkfifo "$2/endless"; (yes > "$2/endless" 2>/dev/null &); "$1" --max-input 1M "$2/endless"' sh "$bin" "$tmp"
rm -f "$tmp/endless"

# --- the limit: all inputs of the cluster together, to the byte ------------------------------
cat "$ex"/*.txt > "$tmp/all.txt"
n=$(stat -c %s "$tmp/all.txt")
capped "--max-input = the input's size: summarized" 0 "" 0 -- "$bin" --max-input "$n" "$tmp/all.txt"
capped "--max-input one byte short: refused, file named" 2 "all.txt: over the input limit.*--max-input" 0 -- "$bin" --max-input $((n - 1)) "$tmp/all.txt"
capped "--max-input over a directory's files together" 2 "over the input limit.*--max-input" 0 -- "$bin" --max-input $((n - 1)) "$ex"
capped "--max-input over two operands together" 2 "over the input limit" 0 -- "$bin" --max-input $((n + 10)) "$tmp/all.txt" "$ex"
capped "--max-input over stdin after a file" 2 "-: over the input limit" 0 -- sh -c '"$1" --max-input "$2" "$3" - < "$3"' sh "$bin" $((n + 10)) "$tmp/all.txt"
capped "--max-input 0: refused" 1 "max-input" 0 -- "$bin" --max-input 0 "$tmp/all.txt"
capped "--max-input abc: refused" 1 "max-input.*not a size" 0 -- "$bin" --max-input abc "$tmp/all.txt"

# --- streams read as cat reads them -----------------------------------------------------------
"$bin" "$tmp/all.txt" > "$tmp/want" 2>/dev/null || bad "the example does not summarize"
capped "a pipe" 0 "" 0 -- sh -c 'cat "$2" | "$1" -' sh "$bin" "$tmp/all.txt"
cmp -s "$tmp/out" "$tmp/want" && ok "a pipe: the file's summary" || bad "a pipe: another summary"
capped "a slow pipe (small blocks, pauses)" 0 "" 0 -- sh -c '(head -c 5000 "$2"; sleep 1; tail -c +5001 "$2") | "$1" -' sh "$bin" "$tmp/all.txt"
cmp -s "$tmp/out" "$tmp/want" && ok "a slow pipe: the file's summary" || bad "a slow pipe: another summary"
mkfifo "$tmp/fifo"
(cat "$tmp/all.txt" > "$tmp/fifo" &)
capped "a FIFO" 0 "" 0 -- "$bin" "$tmp/fifo"
cmp -s "$tmp/out" "$tmp/want" && ok "a FIFO: the file's summary" || bad "a FIFO: another summary"
if [ -e /dev/fd/0 ]; then
  capped "process substitution (/dev/fd/N)" 0 "" 0 -- bash -c '"$1" <(cat "$2")' sh "$bin" "$tmp/all.txt"
  cmp -s "$tmp/out" "$tmp/want" && ok "process substitution: the file's summary" || bad "process substitution: another summary"
fi
# A FIFO whose writer stays: binary data is refused from its first block, before any end.
(printf 'Some text and then\0'; sleep 50) > "$tmp/fifo" &
pids+=($!)
capped "a FIFO held open after a NUL: refused without its end" 2 "fifo: byte 18: NUL byte" 0 -- timeout -s KILL 20 "$bin" "$tmp/fifo"
kill "${pids[@]}" 2>/dev/null

# --- batch: a JSONL line is a cluster's input -------------------------------------------------
printf '{"id":"a","documents":[{"text":"%s"}]}\n' "$(head -c 3000 "$tmp/all.txt" | tr -d '"\\\n\r\t')" > "$tmp/one.jsonl"
capped "batch jsonl: a line past --max-input" 2 "line 1: .*--max-input" 0 -- "$bin" batch --input-format jsonl --max-input 1K "$tmp/one.jsonl"
grep -q '"line":1,"status":"failed"' "$tmp/out" && ok "batch jsonl: the long line is a failed cluster" || bad "batch jsonl long line report" "$(head -c 300 "$tmp/out")"
capped "batch jsonl: /dev/zero stops at --max-input 10M" 2 "line 1: .*--max-input" 200000 -- "$bin" batch --input-format jsonl --max-input 10M /dev/zero
printf '{"id":"s","documents":[{"text":"%s"}]}\n' "$(head -c 1500 "$tmp/all.txt" | tr -d '"\\\n\r\t')" > "$tmp/two.jsonl"
cat "$tmp/one.jsonl" >> "$tmp/two.jsonl"
capped "batch jsonl: a short line, then one past --max-input" 2 "line 2: .*--max-input" 0 -- "$bin" batch --input-format jsonl --max-input 2K - < "$tmp/two.jsonl"
grep -q '"line":1,"status":"ok"' "$tmp/out" && grep -q '"line":2,"status":"failed"' "$tmp/out" && ok "batch jsonl: the short line done, the long one failed" || bad "batch jsonl two lines" "$(head -c 300 "$tmp/out")"
mkdir -p "$tmp/corpus/c1"
cp "$tmp/all.txt" "$tmp/corpus/c1/"
capped "batch dir: a cluster past --max-input" 2 "over the input limit" 0 -- "$bin" batch --max-input 1K "$tmp/corpus" -o "$tmp/bout"

# --- a 100 MB one-line file: peak memory per input byte ---------------------------------------
size=$((100 << 20))
[ $plain = 1 ] || size=$((10 << 20)) # a sanitizer's build: smaller, and no memory bound
s='The committee said the new rules would take effect next year after a long review. '
yes "$s" | tr -d '\n' | head -c $size > "$tmp/line.txt"
# 10 bytes a byte and 60 MB for the program, its model and libraries
capped "a ${size}-byte one-line file: summarized within 10 bytes a byte" 0 "" $(((size * 10 >> 10) + 60000)) -- "$bin" "$tmp/line.txt"
[ "$(wc -l < "$tmp/out")" -ge 1 ] && ok "the one-line file has a summary" || bad "the one-line file has no summary"
rm -f "$tmp/line.txt"

finish
