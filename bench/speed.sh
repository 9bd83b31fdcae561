#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Speed and memory of the single-cluster command on a corpus of clusters (DUC 2006: 50 folders
# of 25 SGML documents), side by side in one run:
#   1. summarize, per cluster, as a user would run it (one process per cluster);
#   2. the same with --format json (rendering cost);
#   3. a floor: reading every file once (cat > /dev/null), what any tool must pay.
# Prints total seconds, ms per cluster, the ratio to the floor, and peak RSS per process.
#   bench/speed.sh --summarize build/summarize --corpus DIR [--words N] [--repeat K]
# DIR is a folder of cluster folders, each a cluster of documents: DUC 2006's duc2006_docs
# (from NIST, under its data agreement; not in the repository) is what docs/benchmarks.md used.
# --corpus is required; --summarize defaults to build/summarize, --words to 250, --repeat to 3.
# Needs GNU time (/usr/bin/time) and bc; OPENBLAS_NUM_THREADS is 1 unless set.
set -euo pipefail
bin=build/summarize corpus="" words=250 repeat=3
while [ $# -gt 0 ]; do
  case $1 in
    --summarize) bin=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    --words) words=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    -h|--help) sed -n '/^set -euo/q;3,$p' "$0"; exit 0 ;;
    *) echo "speed.sh: unknown option $1" >&2; exit 1 ;;
  esac
done
[ -d "$corpus" ] || { echo "speed.sh: --corpus DIR of cluster folders is required" >&2; exit 1; }
clusters=()
for d in "$corpus"/*/; do clusters+=("${d%/}"); done
n=${#clusters[@]}
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}

now() { date +%s.%N; }
# best of $repeat runs of a whole pass, in seconds
pass() {
  local best="" t0 t1 t
  for _ in $(seq "$repeat"); do
    t0=$(now)
    for c in "${clusters[@]}"; do "$@" "$c" >/dev/null; done
    t1=$(now)
    t=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  echo "$best"
}
readall() { cat "$1"/* >/dev/null; }
peak_rss() { # max RSS in KiB over all clusters
  local m=0 r
  for c in "${clusters[@]}"; do
    r=$( { /usr/bin/time -f '%M' "$@" "$c" >/dev/null; } 2>&1 | tail -1)
    [ "$r" -gt "$m" ] && m=$r
  done
  echo "$m"
}

floor=$(pass readall)
text=$(pass "$bin" --words "$words")
json=$(pass "$bin" --words "$words" --format json)
rss=$(peak_rss "$bin" --words "$words")
printf '%s clusters from %s, --words %s, best of %s, OPENBLAS_NUM_THREADS=%s, %s\n' "$n" "$corpus" "$words" "$repeat" "$OPENBLAS_NUM_THREADS" "$(nproc) cores"
printf '%-32s %9s %12s %10s\n' run seconds ms/cluster "x floor"
for row in "read files (floor):$floor" "summarize:$text" "summarize --format json:$json"; do
  name=${row%%:*} t=${row##*:}
  printf '%-32s %9.3f %12.1f %10.1f\n' "$name" "$t" "$(echo "$t * 1000 / $n" | bc -l)" "$(echo "$t / $floor" | bc -l)"
done
printf 'peak RSS of one summarize process: %.1f MiB\n' "$(echo "$rss / 1024" | bc -l)"
