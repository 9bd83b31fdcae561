#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/duc2006.sh — DUC 2006 quality benchmark: summarize the 50 clusters,
# score our summaries together with all DUC 2006 participants' and humans'
# summaries in ONE ROUGE-1.5.5 run (bench/rouge.sh), and print our ROUGE-1/2
# recall next to the baseline (peer 1), the participants' median / 75th
# percentile / best, and the human average.  See docs/benchmarks.md.
#
# Nothing from DUC or ROUGE is in the repository: give their paths.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/duc2006.sh --summarize PROG --duc DIR [--rouge DIR] [--words N]
                        [--name ID] [--out DIR] [-- EXTRA SUMMARIZE OPTIONS]

  --summarize PROG  the summarizer; run per cluster as
                      PROG --words N [EXTRA...] DIR/duc2006_docs/D06xxX
                    (one sentence a line on stdout); bench/lead-baseline.sh
                    has the same interface
  --duc DIR         DUC 2006 dir with duc2006_docs/ and NISTeval/ROUGE/{models,peers}
                    (required; from NIST under its data agreement)
  --rouge DIR       ROUGE RELEASE-1.5.5 dir, the ROUGE-1.5.5 Perl package
                    (required, or set $ROUGE_HOME)
  --words N         summary length (default 250).  Always scored with ROUGE
                    -l 250 (DUC 2006's length); if N < 250 also with -l N, where
                    ROUGE truncates every summary — participants', humans' and
                    the references — to N words
  --name ID         system id of our summaries in the tables (default: mds)
  --out DIR         keep summaries, ROUGE tables and the report in DIR
                    (default: a temp dir, removed at the end)
  -h, --help        this help

Participants = numbered peers 2-35 (peer 1 is NIST's baseline: the lead of the
most recent document); humans = lettered peers A-J, each scored against the
other references of its topic.  All summaries are scored against all the
references of their topic with the same settings (no jackknifing, so figures
differ slightly from NIST's official ones), and the topic statement is not
given to the summarizer.
EOF
}

die() { echo "duc2006.sh: $*" >&2; exit 1; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
summarize="" duc="" rouge_dir="${ROUGE_HOME:-}" words=250 name=mds out=""
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --summarize) summarize="${2:?}"; shift 2 ;;
    --duc) duc="${2:?}"; shift 2 ;;
    --rouge) rouge_dir="${2:?}"; shift 2 ;;
    --words) words="${2:?}"; shift 2 ;;
    --name) name="${2:?}"; shift 2 ;;
    --out) out="${2:?}"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

[ -n "$summarize" ] || die "--summarize PROG needed"
if [[ "$summarize" != */* ]]; then summarize=$(command -v "$summarize") || die "not found: $summarize"; fi
[ -x "$summarize" ] || die "not executable: $summarize"
[ -d "$duc/duc2006_docs" ] || die "--duc: no duc2006_docs/ in ${duc:-(none)}"
nist="$duc/NISTeval/ROUGE"
[ -d "$nist/models" ] && [ -d "$nist/peers" ] || die "--duc: no NISTeval/ROUGE/models and peers in $duc"
[ -n "$rouge_dir" ] || die "no ROUGE dir: give --rouge DIR or set ROUGE_HOME"
[[ "$words" =~ ^[1-9][0-9]*$ ]] || die "--words: not a positive number: $words"
[[ "$name" =~ ^[a-z][A-Za-z0-9_-]*$ ]] || die "--name: must start with a lower-case letter (numbers and upper-case letters are DUC's peer ids): $name"

if [ -n "$out" ]; then
  mkdir -p "$out"; out=$(cd "$out" && pwd)
else
  out=$(mktemp -d "${TMPDIR:-/tmp}/mds-duc2006.XXXXXX")
  trap 'rm -rf "$out"' EXIT
fi
peers="$out/peers"
rm -rf "$peers"; mkdir -p "$peers"

# --- 1. our summaries ---------------------------------------------------------
clusters=()
for d in "$duc"/duc2006_docs/D06[0-9][0-9][A-Z]; do [ -d "$d" ] && clusters+=("$d"); done
[ ${#clusters[@]} -gt 0 ] || die "no D06xxX cluster dirs in $duc/duc2006_docs"
echo "duc2006.sh: summarizing ${#clusters[@]} clusters: $summarize --words $words ${extra[*]-} DIR" >&2
t0=$(date +%s.%N)
for d in "${clusters[@]}"; do
  c=$(basename "$d")                                   # D0601A
  f="$peers/${c:0:5}.M.250.${c:5:1}.$name"             # D0601.M.250.A.mds
  "$summarize" --words "$words" "${extra[@]}" "$d" >"$f" || die "summarize failed on $c (exit $?)"
  [ -s "$f" ] || echo "duc2006.sh: warning: empty summary for $c" >&2
done
t1=$(date +%s.%N)
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')

# --- 2. participants' and humans' summaries -----------------------------------
n=0
for f in "$nist"/peers/D06*.M.250.*; do
  id=${f##*.}
  [[ "$id" =~ ^([0-9]+|[A-Z])$ ]] || continue
  cp "$f" "$peers/"; n=$((n + 1))
done
[ "$n" -gt 0 ] || die "no peer summaries in $nist/peers"

# --- 3. ROUGE: -l 250, and -l N when N < 250 (the two runs in parallel) ---------
lengths=(250)
[ "$words" -lt 250 ] && lengths+=("$words")
pids=()
for l in "${lengths[@]}"; do
  "$here/rouge.sh" --rouge "$rouge_dir" --refs "$nist/models" --peers "$peers" \
    --length "$l" --tsv --raw "$out/rouge-l$l.raw" >"$out/rouge-l$l.tsv" &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || die "bench/rouge.sh failed"; done

# --- 4. report ----------------------------------------------------------------
{
  echo "DUC 2006, ${#clusters[@]} clusters; ROUGE-1.5.5 -n 2 -m -l L -c 95 -r 1000 -f A -p 0.5 -t 0 -a"
  echo "summarizer: $summarize --words $words ${extra[*]-}"
  awk -v s="$secs" -v n="${#clusters[@]}" 'BEGIN { printf "summarizer time: %s s for %d clusters (%.3f s/cluster)\n", s, n, s / n }'
  echo "references: all 4 per topic (humans: the 3 others); no jackknifing; topic question not used"
  for l in "${lengths[@]}"; do
    echo
    awk -F'\t' -v me="$name" -v L="$l" '
      NR == 1 { next }
      { t[$1] = $2; r1[$1] = $3; r1l[$1] = $4; r1h[$1] = $5; r2[$1] = $6; r2l[$1] = $7; r2h[$1] = $8 }
      $1 ~ /^[0-9]+$/ && $1 != "1" { np++; p1[np] = $3; p2[np] = $6; id[np] = $1 }
      $1 ~ /^[A-Z]$/ { nh++; h1 += $3; h2 += $6 }
      function sortv(a, n,   i, j, k) { for (i = 2; i <= n; i++) { k = a[i]; for (j = i - 1; j >= 1 && a[j] > k; j--) a[j + 1] = a[j]; a[j + 1] = k } }
      function pct(a, n, q,   pos, lo) { pos = q * (n - 1) + 1; lo = int(pos); return (lo >= n) ? a[n] : a[lo] + (pos - lo) * (a[lo + 1] - a[lo]) }
      function row(label, x) { printf "%-36s %s [%s-%s]   %s [%s-%s]\n", label, r1[x], r1l[x], r1h[x], r2[x], r2l[x], r2h[x] }
      END {
        printf "ROUGE recall at -l %s (%d participants: peers 2-35)\n", L, np
        printf "%-36s %-25s   %s\n", "", "ROUGE-1 [95% CI]", "ROUGE-2 [95% CI]"
        if (me in r2) row(me " (" t[me] " topics)", me); else printf "%-36s (no scores)\n", me
        row("peer 1 (NIST baseline)", "1")
        b1 = b2 = ""; for (i = 1; i <= np; i++) { if (b1 == "" || p1[i] > p1[b1]) b1 = i; if (b2 == "" || p2[i] > p2[b2]) b2 = i }
        best1 = p1[b1] " (peer " id[b1] ")"; best2 = p2[b2] " (peer " id[b2] ")"
        rank = 1; for (i = 1; i <= np; i++) if (p2[i] > r2[me]) rank++
        sortv(p1, np); sortv(p2, np)
        printf "%-36s %-25.5f   %.5f\n", "participants median", pct(p1, np, 0.5), pct(p2, np, 0.5)
        printf "%-36s %-25.5f   %.5f\n", "participants 75th percentile", pct(p1, np, 0.75), pct(p2, np, 0.75)
        printf "%-36s %-25s   %s\n", "participants best", best1, best2
        if (nh) printf "%-36s %-25.5f   %.5f\n", "human average (" nh " summarizers)", h1 / nh, h2 / nh
        if (me in r2) printf "%s would rank %d of %d (the %d participants and %s) by ROUGE-2 recall\n", me, rank, np + 1, np, me
      }' "$out/rouge-l$l.tsv"
  done
} | tee "$out/report.txt"
