#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The selectors side by side in one run: what choosing the summary costs with each of
# --selector mmr, concepts (the default) and coverage.
#   1. DUC 2006: the 50 clusters with summarize batch -j 1 --words 250 (one core), best wall
#      time of --repeat runs, and the peak RSS of the process;
#   2. one big cluster: every document of the corpus in one folder (symlinks), one summarize
#      -v --words 250 each, its candidate count, wall time and peak RSS.
# Ratios are to MMR, in the same run.
#   bench/selectors.sh --summarize build/summarize --corpus DIR [--repeat K]
# DIR is a folder of cluster folders, each a cluster of documents: DUC 2006's duc2006_docs
# (from NIST, under its data agreement; not in the repository) is what docs/benchmarks.md used.
# --corpus is required; --summarize defaults to build/summarize, --repeat to 3.
# Needs GNU time (/usr/bin/time) and bc.
set -euo pipefail
bin=build/summarize corpus="" repeat=3
while [ $# -gt 0 ]; do
  case $1 in
    --summarize) bin=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    -h|--help) sed -n '/^set -euo/q;3,$p' "$0"; exit 0 ;;
    *) echo "selectors.sh: unknown option $1" >&2; exit 1 ;;
  esac
done
[ -d "$corpus" ] || { echo "selectors.sh: --corpus DIR of cluster folders is required" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "selectors.sh: needs GNU time (/usr/bin/time)" >&2; exit 1; }
export OPENBLAS_NUM_THREADS=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
selectors=(mmr concepts coverage)

now() { date +%s.%N; }
# best wall seconds of $repeat runs of "$@", and the peak RSS (KiB) of the last, in $work/t
measure() {
  local b="" t0 t
  for _ in $(seq "$repeat"); do
    t0=$(now)
    /usr/bin/time -f %M -o "$work/rss" "$@" >"$work/stdout" 2>"$work/stderr"
    t=$(echo "$(now) - $t0" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
  done
  printf '%s %s\n' "$b" "$(cat "$work/rss")" >"$work/t"
}

n=0
for d in "$corpus"/*/; do n=$((n + 1)); done
echo "# DUC-size clusters: $n clusters of $corpus, summarize batch -j 1 --words 250, best of $repeat"
printf '%-10s %9s %12s %9s %10s\n' selector seconds ms/cluster "vs mmr" "peak MiB"
base=""
for s in "${selectors[@]}"; do
  measure "$bin" batch -q -j 1 --force --words 250 --selector "$s" "$corpus" -o "$work/out-$s"
  read -r t rss <"$work/t"
  [ -n "$base" ] || base=$t
  printf '%-10s %9.3f %12.1f %8.2fx %10.1f\n' "$s" "$t" "$(echo "1000 * $t / $n" | bc -l)" \
    "$(echo "$t / $base" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
done

mkdir -p "$work/big"
k=0
for d in "$corpus"/*/; do
  for f in "$d"*; do
    [ -f "$f" ] || continue
    k=$((k + 1))
    ln -s "$(cd "$(dirname "$f")" && pwd)/$(basename "$f")" "$work/big/$(printf '%05d' $k)"
  done
done
echo
echo "# one cluster of all $k documents, summarize -v --words 250, best of $repeat"
printf '%-10s %11s %9s %9s %10s\n' selector candidates seconds "vs mmr" "peak MiB"
base=""
for s in "${selectors[@]}"; do
  measure "$bin" -v --words 250 --selector "$s" "$work/big"
  read -r t rss <"$work/t"
  cands=$(grep -oE '[0-9]+ candidates' "$work/stderr" | head -1 | cut -d' ' -f1)
  [ -n "$base" ] || base=$t
  printf '%-10s %11s %9.3f %8.2fx %10.1f\n' "$s" "${cands:-?}" "$t" \
    "$(echo "$t / $base" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
done
