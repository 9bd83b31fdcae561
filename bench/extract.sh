#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Article extraction on the article-extraction benchmark (the public repository
# scrapinghub/article-extraction-benchmark: html/*.html.gz pages, ground-truth.json, the
# peers' outputs in output/*.json and evaluate.py, its token-shingle precision/recall/F1):
# `summarize extract --no-title` over every page, its output written in the benchmark's
# format, then the benchmark's own evaluate.py run on it beside the open-source peers'
# outputs (AutoExtract and Diffbot, commercial services, left out) in the same run.
#   bench/extract.sh --bench DIR [--summarize BIN] [--bootstrap N] [--keep OUT.json]
# DIR is a checkout of the benchmark (not in this repository: never commit its pages or
# ground truth). --summarize defaults to build/summarize, --bootstrap (evaluate.py's
# --n-bootstrap, for the ± figures) to 1000; --keep saves mds's output JSON. Needs python3.
set -euo pipefail
bin=build/summarize bench="" boot=1000 keep=""
while [ $# -gt 0 ]; do
  case $1 in
    --summarize) bin=$2; shift 2 ;;
    --bench) bench=$2; shift 2 ;;
    --bootstrap) boot=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    -h|--help) sed -n '/^set -euo/q;3,$p' "$0"; exit 0 ;;
    *) echo "extract.sh: unknown option $1" >&2; exit 1 ;;
  esac
done
[ -f "$bench/evaluate.py" ] && [ -f "$bench/ground-truth.json" ] && [ -d "$bench/html" ] ||
  { echo "extract.sh: --bench DIR: a checkout of article-extraction-benchmark" >&2; exit 1; }
[ -x "$bin" ] || { echo "extract.sh: $bin: not an executable" >&2; exit 1; }
bench=$(cd "$bench" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/mds-extract.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/pages" "$work/eval/output"
for f in "$bench"/html/*.html.gz; do
  id=$(basename "$f" .html.gz)
  gzip -dc "$f" > "$work/pages/$id.html"
done
start=$(date +%s.%N)
"$bin" extract -q --no-title --jsonl "$work"/pages/*.html > "$work/mds.jsonl" || true
end=$(date +%s.%N)
python3 - "$work/mds.jsonl" "$bench/ground-truth.json" "$work/eval/output/mds.json" <<'PY'
import json, os, sys
got = {}
for line in open(sys.argv[1], encoding='utf8'):
    d = json.loads(line)
    got[os.path.basename(d['path'])[:-len('.html')]] = d['text']
truth = json.load(open(sys.argv[2], encoding='utf8'))
out = {k: {'articleBody': got.get(k, '')} for k in truth}
json.dump({'version': 'mds', 'output': out}, open(sys.argv[3], 'w', encoding='utf8'))
print(f'{len(got)} of {len(truth)} pages gave text', file=sys.stderr)
PY
[ -z "$keep" ] || cp "$work/eval/output/mds.json" "$keep"
for f in "$bench"/output/*.json; do
  case $(basename "$f") in AutoExtract.json|Diffbot.json) continue ;; esac
  ln -s "$f" "$work/eval/output/"
done
ln -s "$bench/ground-truth.json" "$work/eval/"
echo "extract: $(ls "$work/pages" | wc -l) pages in $(echo "$end - $start" | bc) s"
# the table by F1, best first, under evaluate.py's header line
(cd "$work/eval" && python3 "$bench/evaluate.py" --n-bootstrap "$boot") |
  { IFS= read -r header; echo "$header"
    awk '{for (i = 2; i <= NF; i++) if ($i ~ /^[01][.][0-9][0-9][0-9]$/) { print $i "\t" $0; break }}' |
      sort -r | cut -f2-; }
