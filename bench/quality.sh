#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/quality.sh — the quality benchmark in seconds: summarize the 50 DUC 2006 clusters at
# 250 and at 100 words (`summarize batch`), score them with `summarize eval` beside the DUC
# 2006 participants' summaries in the same run, and print our ROUGE-1/2 recall with the
# participants' median, 75th percentile and best, and NIST's baseline (peer 1); ROUGE-SU4 too.
# With --topics, a second row made with each cluster's question (summarize batch --topics)
# beside the generic one. Fast enough to drive experiments; see docs/benchmarks.md ("Quality
# push", "Query-focused summaries").
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/quality.sh --duc DIR [--rouge DIR] [--summarize BIN] [--lengths L,...]
                        [--name ID] [--out DIR] [--brief] [--topics FILE]
                        [-- EXTRA SUMMARIZE OPTIONS]

  --duc DIR        DUC 2006 dir with duc2006_docs/ and NISTeval/ROUGE/{models,peers}
                   (required; from NIST under its data agreement, not in the repository)
  --rouge DIR      ROUGE RELEASE-1.5.5 dir (the ROUGE-1.5.5 Perl package), for its
                   stemming exceptions (default $ROUGE_HOME; without either, stems differ
                   for irregular words and figures may differ from ROUGE-1.5.5's)
  --summarize BIN  the mds binary (default: build/summarize beside this script)
  --lengths L,...  summary lengths in words (default 250,100). For each L: our summaries
                   are made with --words L, and every summary (ours, the participants'
                   250-word ones, the humans') and the references are cut at L words (-l L)
  --name ID        our system's id in the tables (default mds)
  --out DIR        keep summaries and tables in DIR (default: a temp dir, removed)
  --brief          one line: name, then R-2 and R-1 recall per length, then the options
                   (with --topics: those of the with-topic row, then R-SU4 per length)
  --topics FILE    also summarize with each cluster's question (duc2006_topics.sgml) and
                   print that row (ID with a q after it) beside the generic one; the extra
                   options go to both runs
  -h, --help       this help

Scoring: summarize eval --metrics 1,2,SU4 -l L (ROUGE-1.5.5 -n 2 -m -l L -c 95 -r 1000
-f A -p 0.5 -t 0 -a): all 4 references per topic (a human against the 3 others), no
jackknifing; the topic question given to mds only in the --topics row. Participants are peers 2-35; peer 1 is
NIST's baseline (the lead of the most recent document).
EOF
}

die() { echo "quality.sh: $*" >&2; exit 1; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin="$here/../build/summarize" duc=""
rouge="${ROUGE_HOME:-}" lengths=250,100 name=mds out="" brief=0 topics=""
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --summarize) bin="${2:?}"; shift 2 ;;
    --duc) duc="${2:?}"; shift 2 ;;
    --rouge) rouge="${2:?}"; shift 2 ;;
    --lengths) lengths="${2:?}"; shift 2 ;;
    --name) name="${2:?}"; shift 2 ;;
    --out) out="${2:?}"; shift 2 ;;
    --brief) brief=1; shift ;;
    --topics) topics="${2:?}"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
[ -x "$bin" ] || die "$bin: not built (give --summarize BIN)"
[ -n "$duc" ] || die "--duc DIR (DUC 2006: duc2006_docs/ and NISTeval/) is required"
[ -n "$rouge" ] || echo "quality.sh: warning: no ROUGE dir (--rouge DIR or ROUGE_HOME): stemming without ROUGE's WordNet exceptions, figures may differ from ROUGE-1.5.5's" >&2
docs="$duc/duc2006_docs" nist="$duc/NISTeval/ROUGE"
[ -d "$docs" ] || die "--duc: no duc2006_docs/ in $duc"
[ -d "$nist/models" ] && [ -d "$nist/peers" ] || die "--duc: no NISTeval/ROUGE/models and peers in $duc"
[ -z "$topics" ] || [ -r "$topics" ] || die "--topics: cannot read $topics"
[[ "$name" =~ ^[a-z][A-Za-z0-9_-]*$ ]] || die "--name: must start with a lower-case letter (numbers and capitals are DUC's peer ids): $name"
IFS=, read -r -a lens <<<"$lengths"
for l in "${lens[@]}"; do [[ "$l" =~ ^[1-9][0-9]*$ ]] || die "--lengths: not a positive number: $l"; done

if [ -n "$out" ]; then
  mkdir -p "$out"; out=$(cd "$out" && pwd)
else
  out=$(mktemp -d "${TMPDIR:-/tmp}/mds-quality.XXXXXX")
  trap 'rm -rf "$out"' EXIT
fi

brief_line="$name$([ -n "$topics" ] && echo q)" su4_line=""
for l in "${lens[@]}"; do
  # 1. our summaries, one batch run each (every core; the clusters are D06xxX, _DS_Store is
  # a file): generic, and with --topics the one given each cluster's question
  rm -rf "$out/sum$l" "$out/sumq$l" "$out/peers$l"
  "$bin" batch -q --words "$l" "${extra[@]}" "$docs" -o "$out/sum$l" \
    || die "summarize batch failed (exit $?)"
  if [ -n "$topics" ]; then
    "$bin" batch -q --words "$l" --topics "$topics" "${extra[@]}" "$docs" -o "$out/sumq$l" \
      || die "summarize batch --topics failed (exit $?)"
  fi
  # 2. ours beside the participants' and humans', by DUC's names: D0601A -> D0601.M.250.A.mds
  mkdir -p "$out/peers$l"
  n=0
  for run in "sum:$name" "sumq:${name}q"; do
    dir="$out/${run%%:*}$l" sys="${run#*:}"
    [ -d "$dir" ] || continue
    for f in "$dir"/D06*.txt; do
      c=$(basename "$f" .txt)
      [ -s "$f" ] || echo "quality.sh: warning: empty summary for $c ($sys)" >&2
      cp "$f" "$out/peers$l/${c:0:5}.M.250.${c:5:1}.$sys"
      [ "$sys" = "$name" ] && n=$((n + 1))
    done
  done
  [ "$n" -gt 0 ] || die "no summaries in $out/sum$l"
  ln -s "$nist"/peers/D06*.M.250.* "$out/peers$l/"
  # 3. one evaluation of everybody
  ROUGE_HOME="$rouge" "$bin" eval -q --metrics 1,2,SU4 -l "$l" --format tsv --refs "$nist/models" \
    "$out/peers$l" >"$out/rouge-l$l.tsv" || die "summarize eval failed (exit $?)"
  # 4. the table: system -> recall [lo-hi] for ROUGE-1, -2 and -SU4
  table=$(awk -F'\t' -v me="$name" -v meq="$([ -n "$topics" ] && echo "${name}q")" -v L="$l" -v n="$n" '
    NR == 1 || $3 != "*" { next }
    { m = ($1 == "ROUGE-1") ? 1 : ($1 == "ROUGE-2") ? 2 : 3; r[$2, m] = $5; lo[$2, m] = $6; hi[$2, m] = $7
      if ($2 ~ /^[0-9]+$/ && $2 != "1" && m == 1) id[++np] = $2
      if ($2 ~ /^[A-Z]$/ && m == 1) hum[++nh] = $2 }
    function sortv(a, k,   i, j, v) { for (i = 2; i <= k; i++) { v = a[i]; for (j = i - 1; j >= 1 && a[j] > v; j--) a[j + 1] = a[j]; a[j + 1] = v } }
    function pct(a, k, q,   pos, b) { pos = q * (k - 1) + 1; b = int(pos); return (b >= k) ? a[k] : a[b] + (pos - b) * (a[b + 1] - a[b]) }
    function row(label, x) { printf "%-34s %s [%s-%s]   %s [%s-%s]   %s [%s-%s]\n", label, r[x, 1], lo[x, 1], hi[x, 1], r[x, 2], lo[x, 2], hi[x, 2], r[x, 3], lo[x, 3], hi[x, 3] }
    END {
      for (m = 1; m <= 3; m++) {
        b[m] = ""; for (i = 1; i <= np; i++) { v[m, i] = r[id[i], m]; if (b[m] == "" || r[id[i], m] > r[b[m], m]) b[m] = id[i] }
        for (i = 1; i <= np; i++) s[i] = v[m, i]; sortv(s, np); med[m] = pct(s, np, 0.5); q3[m] = pct(s, np, 0.75)
        h[m] = 0; for (i = 1; i <= nh; i++) h[m] += r[hum[i], m]
      }
      rank = 1; for (i = 1; i <= np; i++) if (r[id[i], 2] > r[me, 2]) rank++
      br = meq != "" ? meq : me
      printf "BRIEF\t%s\t%s\t%s\n", r[br, 2], r[br, 1], r[br, 3]
      printf "ROUGE recall at %s words (-l %s; %d clusters; %d participants: peers 2-35)\n", L, L, n, np
      printf "%-34s %-25s   %-25s   %s\n", "", "ROUGE-1 [95% CI]", "ROUGE-2 [95% CI]", "ROUGE-SU4 [95% CI]"
      row(me (meq != "" ? " (generic)" : ""), me)
      if (meq != "") row(meq " (with the topic)", meq)
      row("peer 1 (NIST baseline)", "1")
      printf "%-34s %-25.5f   %-25.5f   %.5f\n", "participants median", med[1], med[2], med[3]
      printf "%-34s %-25.5f   %-25.5f   %.5f\n", "participants 75th percentile", q3[1], q3[2], q3[3]
      printf "%-34s %-25s   %-25s   %s\n", "participants best", r[b[1], 1] " (peer " b[1] ")", r[b[2], 2] " (peer " b[2] ")", r[b[3], 3] " (peer " b[3] ")"
      if (nh) printf "%-34s %-25.5f   %-25.5f   %.5f\n", "human average (" nh ")", h[1] / nh, h[2] / nh, h[3] / nh
      printf "%s ranks %d of %d by ROUGE-2 recall (the %d participants and %s)\n", me, rank, np + 1, np, me
      if (meq != "") { rank = 1; for (i = 1; i <= np; i++) if (r[id[i], 2] > r[meq, 2]) rank++
        printf "%s ranks %d of %d by ROUGE-2 recall\n", meq, rank, np + 1 }
    }' "$out/rouge-l$l.tsv")
  brief_line+=$(awk -F'\t' '$1 == "BRIEF" { printf "\t%s\t%s", $2, $3 }' <<<"$table")
  su4_line+=$(awk -F'\t' '$1 == "BRIEF" { printf "\t%s", $4 }' <<<"$table")
  if [ "$brief" = 0 ]; then
    grep -v '^BRIEF' <<<"$table"
    echo
  fi
done
if [ "$brief" = 1 ]; then
  if [ -n "$topics" ]; then
    printf '%s%s\t%s\n' "$brief_line" "$su4_line" "${extra[*]-}"
  else
    printf '%s\t%s\n' "$brief_line" "${extra[*]-}"
  fi
else
  echo "summarizer: $bin batch --words L ${extra[*]-}${topics:+ (and with --topics $topics)}"
fi
