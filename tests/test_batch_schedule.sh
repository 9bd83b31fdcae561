#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Batch hands the largest clusters to its workers first (src/cli/cmd_batch.c, schedule): the
# order of the work must change nothing else. Clusters of one to five of the example's
# documents, named so that name order is not size order, summarized at -j 1 (input order),
# 2 and 3 (largest first): the same summary files byte for byte, the same report lines but for
# the seconds, in name order; in stream mode (JSON lines of different lengths) the same
# output, in input order.
# Usage: tests/test_batch_schedule.sh path/to/summarize SOURCE_DIR
. "$(dirname "$0")/lib.sh" "$@"

corpus="$tmp/corpus"
docs=("$ex"/*)
sizes=(2 5 1 4 3 5 1)
for k in "${!sizes[@]}"; do
  d="$corpus/c$k"; mkdir -p "$d"
  for ((i = 0; i < ${sizes[k]}; i++)); do cp "${docs[(i + k) % 5]}" "$d/"; done
done
for j in 1 2 3; do
  expect "batch -j $j" 0 '' -- "$bin" batch -j "$j" --words 100 "$corpus" -o "$tmp/out$j"
  sed 's/"seconds":[0-9.e+-]*//' "$tmp/out$j/report.jsonl" > "$tmp/report$j"
done
for j in 2 3; do
  if diff -r -x report.jsonl "$tmp/out1" "$tmp/out$j" >/dev/null; then ok "-j $j: the same summaries"
  else bad "-j $j: the same summaries" "$(diff -rq -x report.jsonl "$tmp/out1" "$tmp/out$j")"; fi
  if cmp -s "$tmp/report1" "$tmp/report$j"; then ok "-j $j: the same report"
  else bad "-j $j: the same report" "$(diff "$tmp/report1" "$tmp/report$j" | head -5)"; fi
done
names=$(grep -o '"name":"[^"]*"' "$tmp/out2/report.jsonl" | tr '\n' ' ')
want=""; for k in "${!sizes[@]}"; do want+="\"name\":\"c$k\" "; done
[ "$names" = "$want" ] && ok "report in name order" || bad "report in name order" "$names"

# stream mode: one JSON line a cluster, of different lengths
json_doc() { printf '{"id":"%s","text":%s}' "$1" "$(sed 's/\\/\\\\/g; s/"/\\"/g' "$2" |
  awk 'BEGIN { printf "\"" } { printf "%s\\n", $0 } END { printf "\"" }')"; }
for k in "${!sizes[@]}"; do
  line="{\"id\":\"s$k\",\"documents\":["
  for ((i = 0; i < ${sizes[k]}; i++)); do
    [ $i -gt 0 ] && line+=","
    line+=$(json_doc "d$i" "${docs[(i + k) % 5]}")
  done
  echo "$line]}"
done > "$tmp/in.jsonl"
for j in 1 3; do
  expect "stream -j $j" 0 '' -- "$bin" batch -j "$j" --words 100 --input-format jsonl "$tmp/in.jsonl"
  sed 's/"seconds[a-z_]*":[0-9.e+-]*//g' "$tmp/out" > "$tmp/stream$j"
done
if cmp -s "$tmp/stream1" "$tmp/stream3" && [ -s "$tmp/stream1" ]; then ok "stream: the same output"
else bad "stream: the same output" "$(diff "$tmp/stream1" "$tmp/stream3" | head -5)"; fi
ids=$(grep -o '"id":"s[0-9]*"' "$tmp/stream3" | tr '\n' ' ')
want=""; for k in "${!sizes[@]}"; do want+="\"id\":\"s$k\" "; done
[ "$ids" = "$want" ] && ok "stream: input order" || bad "stream: input order" "$ids"
finish
