#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/eval.sh — `summarize eval` against the ROUGE-1.5.5 Perl script on one corpus: the
# ROUGE-1 and ROUGE-2 averages and 95% intervals of every system, and the time of each.
#
#   bench/eval.sh --duc DIR [--rouge DIR] [--summarize BIN] [--length N] [--perl-tsv FILE]
#   bench/eval.sh --refs DIR --peers DIR [--rouge DIR] [--summarize BIN] [--length N] [...]
#
# --duc DIR: the DUC 2006 folder (from NIST, under its data agreement; not in the repository);
# its NISTeval/ROUGE/models are the references and NISTeval/ROUGE/peers the summaries (35
# systems and 10 humans, 50 topics). --refs and --peers name those two folders instead (any
# corpus laid out as bench/rouge.sh reads it). --rouge DIR, or $ROUGE_HOME: the ROUGE-1.5.5
# Perl package (RELEASE-1.5.5, with ROUGE-1.5.5.pl and data/); required. --summarize BIN, or
# $SUMMARIZE: default build/summarize beside this script. --length: -l 250 by default.
#
# The Perl side runs through bench/rouge.sh (ROUGE-1.5.5.pl -n 2 -m -l 250 -c 95 -r 1000 -f A
# -p 0.5 -t 0 -a, a human scored against the other references); ours is
#   summarize eval --metrics 1,2 -l 250 --format tsv --refs MODELS PEERS
# whose defaults are the same flags. --perl-tsv FILE reuses (or, when absent, saves) the Perl
# table, which takes minutes. Prints one line per system where a figure differs, then a
# summary: systems compared, recall figures equal (to ROUGE's 5 decimals: average, and
# average with its interval), the two times. (bench/rouge.sh tables recall only.)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin="${SUMMARIZE:-$here/../build/summarize}"
rouge="${ROUGE_HOME:-}"
refs="" peers="" length=250 perl_tsv=""
while [ $# -gt 0 ]; do
  case "$1" in
    --summarize) bin="${2:?}"; shift 2 ;;
    --duc) refs="${2:?}/NISTeval/ROUGE/models" peers="${2:?}/NISTeval/ROUGE/peers"; shift 2 ;;
    --rouge) rouge="${2:?}"; shift 2 ;;
    --refs) refs="${2:?}"; shift 2 ;;
    --peers) peers="${2:?}"; shift 2 ;;
    --length) length="${2:?}"; shift 2 ;;
    --perl-tsv) perl_tsv="${2:?}"; shift 2 ;;
    -h|--help) sed -n '/^set -euo/q;3,$p' "$0"; exit 0 ;;
    *) echo "eval.sh: unknown argument: $1" >&2; exit 1 ;;
  esac
done
[ -n "$refs" ] && [ -n "$peers" ] || { echo "eval.sh: give --duc DIR (DUC 2006), or --refs DIR and --peers DIR" >&2; exit 1; }
[ -d "$refs" ] || { echo "eval.sh: no references folder $refs" >&2; exit 1; }
[ -d "$peers" ] || { echo "eval.sh: no summaries folder $peers" >&2; exit 1; }
[ -n "$rouge" ] || { echo "eval.sh: no ROUGE dir: give --rouge DIR or set ROUGE_HOME" >&2; exit 1; }
[ -x "$bin" ] || { echo "eval.sh: $bin: not built (give --summarize BIN)" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mds-eval.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

lflag=()
[ "$length" -gt 0 ] && lflag=(-l "$length")
t0=$(date +%s.%N)
ROUGE_HOME="$rouge" "$bin" eval --metrics 1,2 "${lflag[@]}" --format tsv --refs "$refs" "$peers" >"$tmp/ours.tsv"
t1=$(date +%s.%N)
ours_s="$(echo "$t1 - $t0" | bc) s"

if [ -n "$perl_tsv" ] && [ -s "$perl_tsv" ]; then
  cp "$perl_tsv" "$tmp/perl.tsv"; perl_s="(saved table)"
else
  t0=$(date +%s.%N)
  "$here/rouge.sh" --rouge "$rouge" --refs "$refs" --peers "$peers" --length "$length" --tsv >"$tmp/perl.tsv"
  t1=$(date +%s.%N)
  perl_s="$(echo "$t1 - $t0" | bc) s"
  [ -n "$perl_tsv" ] && cp "$tmp/perl.tsv" "$perl_tsv"
fi

# perl.tsv: system topics r1 r1_lo r1_hi r2 r2_lo r2_hi
# ours.tsv: metric system cluster n recall recall_lo recall_hi ...
awk -F'\t' -v ours_s="$ours_s" -v perl_s="$perl_s" '
  FNR == NR { if (FNR > 1 && $3 == "*") { m = ($1 == "ROUGE-1") ? 1 : 2; o[$2, m] = $5 " " $6 " " $7 } next }
  FNR > 1 {
    p[1] = $3 " " $4 " " $5; p[2] = $6 " " $7 " " $8; n++
    for (m = 1; m <= 2; m++) {
      if (o[$1, m] == p[m]) eq[m]++
      else printf "system %s ROUGE-%d: ours %s, ROUGE-1.5.5 %s\n", $1, m, o[$1, m], p[m]
      if (split(o[$1, m], a, " ") == 3 && a[1] == substr(p[m], 1, length(a[1]))) avg[m]++
    }
    if ($1 ~ /^[0-9]+$/) sys++
  }
  END {
    printf "systems compared: %d (%d numbered)\n", n, sys
    for (m = 1; m <= 2; m++)
      printf "ROUGE-%d: average recall equal for %d/%d, average and 95%% interval equal for %d/%d\n", m, avg[m], n, eq[m], n
    printf "time: summarize eval %s, ROUGE-1.5.5 (bench/rouge.sh) %s\n", ours_s, perl_s
  }' "$tmp/ours.tsv" "$tmp/perl.tsv"
