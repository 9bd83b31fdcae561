#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One JSONL line holding one cluster of N tiny documents (one sentence each, distinct), made at
# run time under $TMPDIR (nothing large is kept), through `summarize batch --input-format
# jsonl` under a --memory budget. For each size and each binary: wall seconds, peak RSS, the
# exit status and the report's status, documents, sentences and candidates. Issue 16: 10^6
# such documents peaked at 5.5 GB against the 4 GB budget, and the failure said `sentences: 0`;
# the run's memory is now planned before its large arrays, so a cluster that does not fit is
# refused at the plan, with its real counts, and the peak is the input and its parse.
#   bench/tiny-docs.sh --summarize BIN [--summarize BIN2 ...] [--sizes 10000,1000000]
#                      [--memory SIZE] [--timeout S] [-- extra summarize options]
# --memory defaults to 4G (the program's default). A run over --timeout seconds (default 600)
# is reported as such. Needs bash, coreutils and awk; peak RSS from GNU time (/usr/bin/time
# -f %M) when it is there, else n/a.
set -euo pipefail

bins=() sizes=10000,1000000 memory=4G timeout_s=600 extra=() usage_lines=13
bench_option() { [ "$1" = --memory ] && memory=$2; }
. "$(dirname "$0")/lib.sh"
bench_parse "$@"

# N documents "The W1 W2 met the W3 W4 on day I.": words from a fixed list by a fixed
# generator, the day number making every sentence distinct (the cleaner keeps them all).
make_case() {
  awk -v n="$1" 'BEGIN {
    split("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike " \
          "november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee " \
          "zulu", w, " ")
    s = 7
    printf "{\"id\":\"tiny-%d\",\"documents\":[", n
    for (i = 0; i < n; i++) {
      for (k = 1; k <= 4; k++) { s = (s * 1103515245 + 12345) % 2147483648; x[k] = w[int(s / 65536) % 26 + 1] }
      printf "%s{\"text\":\"The %s %s met the %s %s on day %d.\"}", (i ? "," : ""), x[1], x[2], x[3], x[4], i
    }
    print "]}"
  }'
}

field() { sed -n "s/.*\"$1\":\([^,}]*\).*/\1/p" "$2" | head -1; }

printf '%-9s %-28s %8s %9s %4s %-7s %9s %9s %10s\n' documents binary seconds "peak MiB" exit status \
  docs sentences candidates
IFS=, read -ra list <<<"$sizes"
for n in "${list[@]}"; do
  f=$work/tiny-$n.jsonl
  make_case "$n" >"$f"
  for b in "${bins[@]}"; do
    out=$work/out.jsonl
    bench_run "$out" -- "$b" batch -q --memory "$memory" "${extra[@]}" --input-format jsonl "$f"
    name=$b
    [ ${#name} -le 28 ] || name=${name: -28}
    [ $rc = 124 ] && { printf '%-9s %-28s %8s\n' "$n" "$name" "timeout"; continue; }
    printf '%-9s %-28s %8s %9s %4s %-7s %9s %9s %10s\n' "$n" "$name" "$secs" "$rss" "$rc" \
      "$(field status "$out" | tr -d '"')" "$(field documents "$out")" "$(field sentences "$out")" \
      "$(field candidates "$out")"
  done
  rm -f "$f"
done
