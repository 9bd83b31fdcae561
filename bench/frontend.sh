#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The front end's speed (issue 14), old and new binaries side by side in one run:
#   1. per-cluster CPU time (user + sys) of `summarize batch -j 1` over a corpus of clusters,
#      old and new interleaved, best of --repeat; the new one with --threads 1, so that both
#      run each cluster on one core; and the MB/s of input per core of CPU;
#   2. the front end alone (cleaning, segmenting, featurizing, embedding: mds-frontend, built
#      beside the new summarize) on every document of the corpus as ONE cluster, at -j 1 and
#      -j 2 (and -j the online CPUs when more): wall and CPU seconds, MB/s, MB/s per core, and
#      the parallel efficiency at 2 threads, T(1) / (2 T(2)) by wall time (meaningful only on
#      a machine whose cores are otherwise idle: the load average is printed beside it).
#   bench/frontend.sh --old BIN --new BIN --corpus DIR [--frontend BIN] [--words N] [--repeat K]
# DIR is a folder of cluster folders: DUC 2006's duc2006_docs (NIST, under its data agreement;
# not in the repository) is what docs/benchmarks.md used. --frontend defaults to mds-frontend
# beside --new; --words to 250, --repeat to 5. Needs GNU time (/usr/bin/time) and bc.
set -euo pipefail
old="" new="" corpus="" fe="" words=250 repeat=5
while [ $# -gt 0 ]; do
  case $1 in
    --old) old=$2; shift 2 ;;
    --new) new=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    --frontend) fe=$2; shift 2 ;;
    --words) words=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    -h|--help) sed -n '/^set -euo/q;2,$p' "$0"; exit 0 ;;
    *) echo "frontend.sh: unknown option $1" >&2; exit 1 ;;
  esac
done
[ -x "$old" ] && [ -x "$new" ] || { echo "frontend.sh: --old BIN and --new BIN are required" >&2; exit 1; }
[ -d "$corpus" ] || { echo "frontend.sh: --corpus DIR of cluster folders is required" >&2; exit 1; }
[ -n "$fe" ] || fe=$(dirname "$new")/mds-frontend
[ -x "$fe" ] || { echo "frontend.sh: no $fe (build the mds-frontend target)" >&2; exit 1; }
clusters=()
for d in "$corpus"/*/; do clusters+=("${d%/}"); done
n=${#clusters[@]}
bytes=0
for c in "${clusters[@]}"; do bytes=$((bytes + $(cat "$c"/* | wc -c))); done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export OPENBLAS_NUM_THREADS=1

cpu() { /usr/bin/time -o "$out/time" -f '%U %S' "$@" >/dev/null 2>&1; awk '{print $1 + $2}' "$out/time"; }
min() { if [ -z "$1" ] || [ "$(echo "$2 < $1" | bc -l)" = 1 ]; then echo "$2"; else echo "$1"; fi; }
bo="" bn=""
for _ in $(seq "$repeat"); do
  bo=$(min "$bo" "$(cpu "$old" batch -q --force -j 1 --words "$words" "$corpus" -o "$out/old")")
  bn=$(min "$bn" "$(cpu "$new" batch -q --force -j 1 --threads 1 --words "$words" "$corpus" -o "$out/new")")
done
diff -r -x report.jsonl "$out/old" "$out/new" >/dev/null && same=identical || same=DIFFERENT
mb=$(echo "$bytes / 1000000" | bc -l)
printf '%s clusters, %.2f MB, --words %s, best of %s, %s cores; summaries %s\n' "$n" "$mb" "$words" "$repeat" "$(nproc)" "$same"
printf '%-34s %10s %12s %14s\n' "batch -j 1, CPU (user+sys)" seconds ms/cluster "MB/s per core"
printf '%-34s %10.3f %12.2f %14.1f\n' old "$bo" "$(echo "$bo * 1000 / $n" | bc -l)" "$(echo "$mb / $bo" | bc -l)"
printf '%-34s %10.3f %12.2f %14.1f\n' new "$bn" "$(echo "$bn * 1000 / $n" | bc -l)" "$(echo "$mb / $bn" | bc -l)"
printf '%-34s %10.2fx\n' "old / new" "$(echo "$bo / $bn" | bc -l)"

echo
echo "the front end alone, the whole corpus as one cluster ($fe; load average $(cut -d' ' -f1-3 /proc/loadavg)):"
counts="1 2"
[ "$(nproc)" -gt 2 ] && counts="$counts $(nproc)"
w1=""
for j in $counts; do
  line=$("$fe" -j "$j" --repeat "$repeat" "${clusters[@]}")
  [ "$j" = 1 ] && echo "$line" | head -1
  echo "$line" | tail -1
  w=$(echo "$line" | tail -1 | sed -E 's/.*: ([0-9.]+) s wall.*/\1/')
  [ "$j" = 1 ] && w1=$w
  if [ "$j" != 1 ]; then
    printf '  parallel efficiency at -j %s: %.2f (speed-up %.2fx)\n' "$j" "$(echo "$w1 / ($j * $w)" | bc -l)" "$(echo "$w1 / $w" | bc -l)"
  fi
done
