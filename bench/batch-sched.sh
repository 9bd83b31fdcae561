#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Batch scheduling and time per cluster against its size, old and new binaries side by side:
#   1. `summarize batch -j JOBS CORPUS` by each binary, interleaved (old, new, old, new...),
#      --repeat times: the best wall seconds and the CPU seconds (user + sys) of each;
#   2. the new binary at -j 1: each cluster's seconds (the batch report's "seconds") against
#      its input bytes (the files under its folder) and its candidate sentences, to TSV;
#   3. a PNG of milliseconds per cluster against input KiB (gnuplot), for docs/benchmarks.md.
#   bench/batch-sched.sh --old PATH --new PATH --corpus DIR [--words N] [--jobs J]
#                        [--repeat R] [--plot FILE.png] [--work DIR]
# DIR is a folder of cluster folders (DUC 2006's duc2006_docs: from NIST under its data
# agreement, not in the repository). --plot needs gnuplot (scripts/install-deps.sh --bench);
# without it the TSV is still written. --work (default $TMPDIR/mds-batch-sched) holds the
# outputs and the TSV, never the repository. Needs GNU time (/usr/bin/time).
set -euo pipefail

prog=${0##*/}
old="" new="" corpus="" words=250 jobs=2 repeat=5 plot="" work=${TMPDIR:-/tmp}/mds-batch-sched
usage() { sed -n '3,14p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "$prog: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case $1 in
    --old) old=$2; shift 2 ;;
    --new) new=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    --words) words=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --plot) plot=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
[ -x "$old" ] && [ -x "$new" ] || die "--old and --new must be summarize executables"
[ -d "$corpus" ] || die "--corpus $corpus: not a folder"
[ -x /usr/bin/time ] || die "needs GNU time (/usr/bin/time)"
mkdir -p "$work"

# 1. old and new, interleaved
declare -A best_wall best_cpu
for kind in old new; do best_wall[$kind]=999999; best_cpu[$kind]=999999; done
for ((r = 1; r <= repeat; r++)); do
  for kind in old new; do
    bin=${old}; [ $kind = new ] && bin=$new
    rm -rf "$work/out-$kind"
    /usr/bin/time -f '%e %U %S' -o "$work/time-$kind" \
      "$bin" batch -j "$jobs" --words "$words" "$corpus" -o "$work/out-$kind" >/dev/null 2>&1
    read -r wall user sys < "$work/time-$kind"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    best_wall[$kind]=$(awk -v a="${best_wall[$kind]}" -v b="$wall" 'BEGIN { print (b < a ? b : a) }')
    best_cpu[$kind]=$(awk -v a="${best_cpu[$kind]}" -v b="$cpu" 'BEGIN { print (b < a ? b : a) }')
  done
done
if diff -r -x report.jsonl "$work/out-old" "$work/out-new" >/dev/null; then same=yes; else same=NO; fi
echo "# $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); batch -j $jobs --words $words, best of $repeat"
echo "| binary | wall s | CPU s (user + sys) |"
echo "|---|---|---|"
for kind in old new; do echo "| $kind | ${best_wall[$kind]} | ${best_cpu[$kind]} |"; done
awk -v a="${best_wall[old]}" -v b="${best_wall[new]}" 'BEGIN { printf "new/old wall: %.2f\n", b / a }'
echo "summaries identical: $same"

# 2. time per cluster against size, the new binary alone on one worker
rm -rf "$work/out-j1"
"$new" batch -j 1 --words "$words" "$corpus" -o "$work/out-j1" >/dev/null 2>&1
tsv=$work/per-cluster.tsv
printf 'name\tbytes\tcandidates\tms\n' > "$tsv"
awk -F'"' '{ for (i = 1; i < NF; i++) { if ($i == "name") n = $(i + 2) }
             match($0, /"candidates":[0-9]+/); c = substr($0, RSTART + 13, RLENGTH - 13)
             match($0, /"seconds":[0-9.]+/); s = substr($0, RSTART + 10, RLENGTH - 10)
             if (n != "") print n "\t" c "\t" s * 1000 }' "$work/out-j1/report.jsonl" |
while IFS=$'\t' read -r name cand ms; do
  bytes=$(du -sb --apparent-size "$corpus/$name" | cut -f1)
  printf '%s\t%s\t%s\t%s\n' "$name" "$bytes" "$cand" "$ms"
done >> "$tsv"
awk -F'\t' 'NR > 1 { n++; b += $2; c += $3; t += $4 }
  END { printf "per cluster (-j 1): %d clusters, mean %.0f KiB, %.0f candidates, %.1f ms; %.2f MB/s\n",
        n, b / n / 1024, c / n, t / n, b / t / 1000 }' "$tsv"
# the schedules on $jobs workers, replayed with these times: each cluster to the first worker
# free, in name order (before) or largest input first (after); the makespan against the
# ideal (the total over the workers)
for order in name bytes; do
  if [ $order = name ]; then sort -t$'\t' -k1,1 "$tsv"; else sort -t$'\t' -k2,2nr -k1,1 "$tsv"; fi |
  grep -v '^name' | awk -F'\t' -v J="$jobs" -v o="$order" '
    { best = 1; for (w = 2; w <= J; w++) if (free[w] < free[best]) best = w
      free[best] += $4; total += $4 }
    END { m = 0; for (w = 1; w <= J; w++) if (free[w] > m) m = free[w]
          printf "replayed on %d workers, %s order: makespan %.1f ms, ideal %.1f ms, idle tail %.1f%%\n",
                 J, (o == "name" ? "name" : "largest-first"), m, total / J, 100 * (m - total / J) / m }'
done
echo "table: $tsv"

# 3. the plot
if [ -n "$plot" ]; then
  command -v gnuplot >/dev/null || die "--plot needs gnuplot (scripts/install-deps.sh --bench)"
  gnuplot <<EOF
set terminal pngcairo size 800,500 noenhanced
set output '$plot'
set title 'summarize batch -j 1 --words $words: time per cluster against its size'
set xlabel 'input KiB (files under the cluster folder)'
set ylabel 'ms per cluster'
set key top left
set grid
f(x) = a * x + b
set fit quiet logfile "/dev/null"
fit f(x) '$tsv' using (\$2 / 1024):4 every ::1 via a, b
plot '$tsv' using (\$2 / 1024):4 every ::1 with points pt 7 ps 0.8 title 'a cluster', \
     f(x) with lines lw 2 title sprintf('least squares: %.3f ms/KiB + %.1f ms', a, b)
EOF
  echo "plot: $plot"
fi
