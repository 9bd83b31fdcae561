#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The cleaner's crumb test at scale: one plain-text document of N paragraphs that end in
# "..." (truncated teasers, each the start of a paragraph that follows it, so the crumb test
# runs on every one of them and finds half of them crumbs), plus the full paragraphs they
# tease, generated at run time under $TMPDIR (nothing large is kept). For each size and each
# binary: wall seconds and peak RSS of `summarize FILE`, and whether the binaries' summaries
# agree. The crumb test compared every "..." paragraph with every paragraph (issue 16: 5k /
# 10k / 20k such paragraphs took 3.4 / 13.4 / 56 s); it is now a binary search.
#   bench/crumbs.sh --summarize BIN [--summarize BIN2 ...] [--sizes 5000,10000,20000]
#                   [--timeout S] [-- extra summarize options]
# A run over --timeout seconds (default 600) is reported as such and the next one starts.
# Needs bash, coreutils and awk; peak RSS from GNU time (/usr/bin/time -f %M) when it is
# there, else n/a.
set -euo pipefail

bins=() sizes=5000,10000,20000 timeout_s=600 extra=() usage_lines=12
. "$(dirname "$0")/lib.sh"
bench_parse "$@"

# N teasers and the N paragraphs they tease, each pair apart: "[teaser i]" is a few words of
# lead-in and the first words of "[story i]". Odd i tease their own story (a crumb); even i
# tease it with a word changed (no crumb), so the search neither stops early nor fails at once.
make_case() {
  awk -v n="$1" 'BEGIN {
    split("river council harbour budget ferry bridge mayor school market railway", a, " ")
    split("rose met opened closed voted argued agreed warned waited sailed", v, " ")
    for (i = 1; i <= n; i++) {
      x = a[i % 10 + 1]; y = v[int(i / 10) % 10 + 1]; z = a[int(i / 100) % 10 + 1]
      story = sprintf("The %s of district %d %s on Monday near the %s, officials said, " \
                      "and more news is expected from the %s office %d later this week.",
                      x, i, y, z, a[(i * 7) % 10 + 1], i * 31)
      lead = sprintf("Latest from the %s desk %d: the %s of district %d %s on Monday near the",
                     z, i, x, i, y)
      if (i % 2 == 0)
        sub(/ on Monday/, " on Tuesday", lead)
      printf "%s %s...\n\n%s\n\n", lead, z, story
    }
  }'
}

printf '%-8s %-10s %9s %9s %5s %s\n' paragraphs binary seconds "peak MiB" exit agree
IFS=, read -ra list <<<"$sizes"
for n in "${list[@]}"; do
  f=$work/crumbs-$n.txt
  make_case "$n" >"$f"
  first=""
  for b in "${bins[@]}"; do
    out=$work/out.$RANDOM
    bench_run "$out" -- "$b" "${extra[@]}" "$f"
    [ $rc = 124 ] && secs=">$timeout_s"
    agree=""
    if [ -z "$first" ]; then
      first=$out
    elif [ $rc != 124 ]; then
      cmp -s "$first" "$out" && agree=same || agree=differs
    fi
    printf '%-8s %-10s %9s %9s %5s %s\n' "$n" "$(basename "$(dirname "$b")")/${b##*/}" \
      "$secs" "$rss" "$rc" "$agree"
  done
  rm -f "$f"
done
