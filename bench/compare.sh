#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Two builds of summarize, the same summaries? Runs both on a corpus of cluster folders (batch
# mode, text and JSON) and on single clusters, at 100 and 250 words, and compares the bytes.
# For a change that must not change summaries (a refactoring, a speed-up).
#   bench/compare.sh --old BIN --new BIN --corpus DIR [--example DIR] [--words "100 250"]
# Prints one line per comparison and "same" or the clusters that differ; exits 1 on any
# difference. JSON is compared without its "parameters" and "stats" blocks (timings differ).
# --old, --new and --corpus are required. The corpus is a folder of cluster folders (DUC 2006's
# duc2006_docs, from NIST, not in the repository); --example is one cluster folder, such as
# examples/putin-north-korea.
set -euo pipefail
old="" new="" corpus="" example="" words="100 250"
while [ $# -gt 0 ]; do
  case $1 in
    --old) old=$2; shift 2 ;;
    --new) new=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    --example) example=$2; shift 2 ;;
    --words) words=$2; shift 2 ;;
    -h|--help) sed -n '/^set -euo/q;3,$p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 1 ;;
  esac
done
[ -x "$old" ] && [ -x "$new" ] || { echo "compare.sh: --old BIN and --new BIN are required" >&2; exit 1; }
[ -d "$corpus" ] || { echo "compare.sh: --corpus DIR of cluster folders is required" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OPENBLAS_NUM_THREADS=1
bad=0
# the sentences of a JSON summary, without the parameters and the run's statistics
sentences() { sed -n '/^  "sentences"/,/^  \],\?$/p' "$1"; }
for w in $words; do
  for fmt in text json; do
    for side in old new; do
      bin=${!side}
      "$bin" batch -q --words "$w" --format "$fmt" "$corpus" -o "$tmp/$side-$fmt-$w"
    done
    diffs=()
    for f in "$tmp/old-$fmt-$w"/*; do
      b=$(basename "$f")
      [ "$b" = report.jsonl ] && continue
      if [ "$fmt" = json ]; then
        cmp -s <(sentences "$f") <(sentences "$tmp/new-$fmt-$w/$b") || diffs+=("$b")
      else
        cmp -s "$f" "$tmp/new-$fmt-$w/$b" || diffs+=("$b")
      fi
    done
    n=$(find "$tmp/old-$fmt-$w" -type f ! -name report.jsonl ! -name '.*' | wc -l)
    m=$(find "$tmp/new-$fmt-$w" -type f ! -name report.jsonl ! -name '.*' | wc -l)
    [ "$n" = "$m" ] || diffs+=("(old wrote $n summaries, new $m)")
    if [ ${#diffs[@]} -eq 0 ]; then
      printf '%-40s same (%s clusters)\n' "corpus, --words $w, $fmt" "$n"
    else
      printf '%-40s DIFFERENT: %s\n' "corpus, --words $w, $fmt" "${diffs[*]}"; bad=1
    fi
  done
  if [ -n "$example" ]; then
    for fmt in text json; do
      "$old" --words "$w" --format "$fmt" "$example" > "$tmp/old-ex" 2>/dev/null
      "$new" --words "$w" --format "$fmt" "$example" > "$tmp/new-ex" 2>/dev/null
      if [ "$fmt" = json ]; then
        cmp -s <(sentences "$tmp/old-ex") <(sentences "$tmp/new-ex") && r=same || r=DIFFERENT
      else
        cmp -s "$tmp/old-ex" "$tmp/new-ex" && r=same || r=DIFFERENT
      fi
      [ "$r" = same ] || bad=1
      printf '%-40s %s\n' "example, --words $w, $fmt" "$r"
    done
  fi
done
exit $bad
