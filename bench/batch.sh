#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Batch mode against the single-cluster command on a whole corpus (DUC 2006: 50 folders of 25
# SGML documents; the stray _DS_Store file at its top is not a folder and is left out):
#   1. summarize batch CORPUS -o OUT, one process, -j the online CPUs (the default);
#   2. the same with -j 1;
#   3. summarize per cluster, one process each, one after the other (as bench/speed.sh).
# Prints the best wall time of --repeat runs and the peak RSS of each kind of run.
#   bench/batch.sh --summarize build/summarize --corpus DIR [--words N] [--repeat K]
# DIR is a folder of cluster folders, each a cluster of documents: DUC 2006's duc2006_docs
# (from NIST, under its data agreement; not in the repository) is what docs/benchmarks.md used.
# --corpus is required; --summarize defaults to build/summarize, --words to 250, --repeat to 3.
# Needs GNU time (/usr/bin/time) and bc.
set -euo pipefail
bin=build/summarize corpus="" words=250 repeat=3
while [ $# -gt 0 ]; do
  case $1 in
    --summarize) bin=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    --words) words=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    -h|--help) sed -n '/^set -euo/q;3,$p' "$0"; exit 0 ;;
    *) echo "batch.sh: unknown option $1" >&2; exit 1 ;;
  esac
done
[ -d "$corpus" ] || { echo "batch.sh: --corpus DIR of cluster folders is required" >&2; exit 1; }
clusters=()
for d in "$corpus"/*/; do clusters+=("${d%/}"); done
n=${#clusters[@]}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

now() { date +%s.%N; }
best() { # best of $repeat runs of "$@", in seconds
  local b="" t0 t
  for _ in $(seq "$repeat"); do
    t0=$(now); "$@"; t=$(echo "$(now) - $t0" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
  done
  echo "$b"
}
batch() { "$bin" batch -q --force --words "$words" "$@" "$corpus" -o "$out/b"; }
singles() { for c in "${clusters[@]}"; do OPENBLAS_NUM_THREADS=1 "$bin" --words "$words" "$c" >/dev/null; done; }
rss() { { /usr/bin/time -f '%M' "$@" >/dev/null; } 2>&1 | tail -1; }
peak_single() {
  local m=0 r
  for c in "${clusters[@]}"; do r=$(rss "$bin" --words "$words" "$c"); [ "$r" -gt "$m" ] && m=$r; done
  echo "$m"
}

tb=$(best batch)
t1=$(best batch -j 1)
ts=$(best singles)
rb=$(rss "$bin" batch -q --force --words "$words" "$corpus" -o "$out/b")
r1=$(rss "$bin" batch -q --force -j 1 --words "$words" "$corpus" -o "$out/b")
rs=$(peak_single)
ok=$(grep -c '"status":"ok"' "$out/b/report.jsonl")
printf '%s clusters from %s (%s ok), --words %s, best of %s, %s cores\n' "$n" "$corpus" "$ok" "$words" "$repeat" "$(nproc)"
printf '%-44s %9s %12s %14s\n' run seconds ms/cluster "peak RSS MiB"
printf '%-44s %9.3f %12.1f %14.1f\n' "batch, -j $(nproc) (default)" "$tb" "$(echo "$tb * 1000 / $n" | bc -l)" "$(echo "$rb / 1024" | bc -l)"
printf '%-44s %9.3f %12.1f %14.1f\n' "batch, -j 1" "$t1" "$(echo "$t1 * 1000 / $n" | bc -l)" "$(echo "$r1 / 1024" | bc -l)"
printf '%-44s %9.3f %12.1f %14.1f\n' "single-cluster command, a process each" "$ts" "$(echo "$ts * 1000 / $n" | bc -l)" "$(echo "$rs / 1024" | bc -l)"
