#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Two builds of summarize side by side in one run: bench/batch.sh and bench/speed.sh on the
# same corpus, the old and the new binary taking turns (old, new, old, new, ...), so that
# what else the machine does weighs on both alike. Prints each row of both scripts with the
# old and the new figure and their ratio (new / old): time, then peak memory.
#   bench/versus.sh --old BIN --new BIN --corpus DIR [--words N] [--rounds R] [--repeat K]
# DIR is a folder of cluster folders (DUC 2006's duc2006_docs: from NIST under its data
# agreement, not in the repository). Each round runs both scripts once per binary, each
# script taking the best of --repeat (default 3) runs; the table keeps the best of --rounds
# (default 2) rounds. Needs what those scripts need (GNU time, bc).
set -euo pipefail
old="" new="" corpus="" words=250 rounds=2 repeat=3
while [ $# -gt 0 ]; do
  case $1 in
    --old) old=$2; shift 2 ;;
    --new) new=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    --words) words=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    -h|--help) sed -n '/^set -euo/q;3,$p' "$0"; exit 0 ;;
    *) echo "versus.sh: unknown option $1" >&2; exit 1 ;;
  esac
done
[ -x "$old" ] && [ -x "$new" ] || { echo "versus.sh: --old BIN and --new BIN are required" >&2; exit 1; }
[ -d "$corpus" ] || { echo "versus.sh: --corpus DIR of cluster folders is required" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Each script prints rows "NAME  SECONDS  MS-PER-CLUSTER  LAST"; batch.sh's LAST is the peak
# RSS in MiB, speed.sh prints the peak RSS on a line of its own.
for r in $(seq "$rounds"); do
  for side in old new; do
    bin=${!side}
    "$here/batch.sh" --summarize "$bin" --corpus "$corpus" --words "$words" --repeat "$repeat" \
      | awk -v s="$side" 'NR > 2 { t=$(NF-2); m=$NF; $(NF-2)=$(NF-1)=$NF=""; sub(/ +$/, "");
                                   print s "\tbatch.sh: " $0 "\t" t "\t" m }' >>"$tmp/rows"
    "$here/speed.sh" --summarize "$bin" --corpus "$corpus" --words "$words" --repeat "$repeat" \
      | awk -v s="$side" '/^peak RSS/ { print s "\tspeed.sh: one process, peak RSS\t\t" $(NF-1); next }
                          NR > 2 && !/floor/ { t=$(NF-2); $(NF-2)=$(NF-1)=$NF=""; sub(/ +$/, "");
                                               print s "\tspeed.sh: " $0 "\t" t "\t" }' >>"$tmp/rows"
  done
done
printf '%s clusters of %s, --words %s, best of %s rounds of best-of-%s, %s cores, old %s, new %s\n' \
  "$(find "$corpus" -mindepth 1 -maxdepth 1 -type d | wc -l)" "$corpus" "$words" "$rounds" \
  "$repeat" "$(nproc)" "$old" "$new"
awk -F'\t' '
  { k = $2; if (!(k in seen)) { seen[k] = 1; order[++n] = k }
    if ($3 != "" && (!((k, $1, "t") in v) || $3 < v[k, $1, "t"])) v[k, $1, "t"] = $3
    if ($4 != "" && (!((k, $1, "m") in v) || $4 > v[k, $1, "m"])) v[k, $1, "m"] = $4 }
  END {
    printf "%-52s %8s %8s %6s %9s %9s %6s\n", "run", "old s", "new s", "new/old", "old MiB", "new MiB", "new/old"
    for (i = 1; i <= n; i++) {
      k = order[i]; to = v[k, "old", "t"]; tn = v[k, "new", "t"]; mo = v[k, "old", "m"]; mn = v[k, "new", "m"]
      printf "%-52s %8s %8s %6s %9s %9s %6s\n", k,
        to == "" ? "" : sprintf("%.3f", to), tn == "" ? "" : sprintf("%.3f", tn),
        to == "" ? "" : sprintf("%.2f", tn / to),
        mo == "" ? "" : sprintf("%.1f", mo), mn == "" ? "" : sprintf("%.1f", mn),
        mo == "" ? "" : sprintf("%.2f", mn / mo)
    }
  }' "$tmp/rows"
