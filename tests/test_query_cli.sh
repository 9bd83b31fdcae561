#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Query-focused summaries from the command line (issue 13): --query picks sentences about the
# question on the example, an empty query changes nothing, --query-file, the JSON output's
# query and relevances, batch --topics (SGML and TSV) with a cluster without a topic and a
# topic without a cluster reported, and a JSONL cluster's "query".
# Usage: tests/test_query_cli.sh path/to/summarize SOURCE_DIR
. "$(dirname "$0")/lib.sh" "$@"

# --- one cluster ---------------------------------------------------------------------------
"$bin" "$ex" >"$tmp/generic" 2>/dev/null
expect "--query runs" 0 "" -- "$bin" --query "Ukraine war" "$ex"
cp "$tmp/out" "$tmp/ukraine"
n=$(grep -c Ukraine "$tmp/ukraine"); g=$(grep -c Ukraine "$tmp/generic")
[ "$n" -ge 2 ] && [ "$g" -eq 0 ] && ok "--query 'Ukraine war' picks sentences on Ukraine ($n; generic: $g)" ||
  bad "--query 'Ukraine war' picks sentences on Ukraine" "$n with the query, $g without"
"$bin" --query "What did Putin and Kim agree?" "$ex" >"$tmp/agree" 2>/dev/null
grep -q "agreement" "$tmp/agree" && ok "--query 'What did Putin and Kim agree?' has the agreement" ||
  bad "the agreement in the answer" "$(cat "$tmp/agree")"

# an empty query, or one of stopwords only, is the generic summary byte for byte
"$bin" --query "" "$ex" 2>/dev/null | cmp -s - "$tmp/generic" && ok "--query '' is the generic summary" ||
  bad "--query '' is the generic summary"
"$bin" --query "What is it?" "$ex" 2>/dev/null | cmp -s - "$tmp/generic" &&
  ok "a query of stopwords only is the generic summary" || bad "a query of stopwords only"
"$bin" --format json "$ex" 2>/dev/null >"$tmp/g.json"
grep -q '"query"\|"relevance"' "$tmp/g.json" && bad "generic JSON has no query fields" ||
  ok "generic JSON has no query fields"

# --query-file, the same as --query; a title line
printf 'Ukraine war\n' >"$tmp/q.txt"
"$bin" --query-file "$tmp/q.txt" "$ex" 2>/dev/null | cmp -s - "$tmp/ukraine" &&
  ok "--query-file gives what --query gives" || bad "--query-file gives what --query gives"
printf 'Ukraine war' | "$bin" --query-file - "$ex" 2>/dev/null | cmp -s - "$tmp/ukraine" &&
  ok "--query-file - reads standard input" || bad "--query-file - reads standard input"
expect "--query-file - and stdin as the input" 1 "standard input cannot be both" -- "$bin" --query-file - - </dev/null
expect "--query-file of a missing file" 2 "nope.txt: No such file" -- "$bin" --query-file "$tmp/nope.txt" "$ex"
expect "--query and --query-file together" 1 "one query" -- "$bin" --query a --query-file "$tmp/q.txt" "$ex"
printf 'war\xff\n' >"$tmp/bad.txt"
expect "a query that is not UTF-8" 2 "bad.txt: the query is not UTF-8" -- "$bin" --query-file "$tmp/bad.txt" "$ex"

# JSON: the query, and each sentence's relevance in [0, 1]
expect "--format json --query" 0 "" -- "$bin" --format json --query "Ukraine war" "$ex"
grep -q '^  "query": "Ukraine war",$' "$tmp/out" && ok "JSON carries the query" || bad "JSON carries the query" "$(head -3 "$tmp/out")"
rel=$(grep -o '"relevance": [0-9.]*' "$tmp/out" | awk '{print $2}')
nsent=$(grep -c '"doc_id"' "$tmp/out")
[ "$(wc -l <<<"$rel")" -eq "$nsent" ] && awk '$1 < 0 || $1 > 1 { bad = 1 } END { exit bad }' <<<"$rel" &&
  awk '$1 > 0.5 { n++ } END { exit !(n >= 2) }' <<<"$rel" &&
  ok "each sentence's relevance, in [0, 1], the Ukraine ones high" || bad "relevances" "$rel"

# --- batch --topics ------------------------------------------------------------------------
mkdir -p "$tmp/corpus/D0601A" "$tmp/corpus/d0602" "$tmp/corpus/extra"
for d in D0601A d0602 extra; do cp "$ex"/* "$tmp/corpus/$d/"; done
cat >"$tmp/topics.sgml" <<'T'
<topic>
<num> D0601A </num>
<title> Ukraine war </title>
<narr>
Discuss the war in Ukraine.
</narr>
</topic>

<topic>
<num> D0602B </num>
<title> What did Putin and Kim agree? </title>
</topic>

<topic>
<num> D0699C </num>
<title> a topic with no cluster </title>
</topic>
T
expect "batch --topics: a cluster without a topic and a topic without a cluster: exit 2" 2 \
  "no topic for cluster extra in .*topics.sgml: summarized without a query" -- \
  "$bin" batch --topics "$tmp/topics.sgml" "$tmp/corpus" -o "$tmp/out1"
grep -qE "topics.sgml: line 14: topic D0699C has no cluster in" "$tmp/err" &&
  ok "the topic without a cluster is named with its line" || bad "the topic without a cluster" "$(cat "$tmp/err")"
cmp -s "$tmp/out1/extra.txt" "$tmp/generic" && ok "the cluster without a topic is summarized generically" ||
  bad "the cluster without a topic is summarized generically"
[ "$(grep -c Ukraine "$tmp/out1/D0601A.txt")" -ge 2 ] && ok "D0601A answers its topic (Ukraine)" ||
  bad "D0601A answers its topic" "$(cat "$tmp/out1/D0601A.txt")"
"$bin" --query "$(printf 'What did Putin and Kim agree?')" "$ex" 2>/dev/null | cmp -s - "$tmp/out1/d0602.txt" &&
  ok "d0602 matches D0602B (case and trailing letter aside)" || bad "d0602 matches D0602B"
# every cluster with its topic: exit 0, no warning; TSV
printf '# cluster\tquery\nD0601A\tUkraine war\nd0602\tWhat did Putin and Kim agree?\nextra\tparade\n' >"$tmp/topics.tsv"
expect "batch --topics TSV, all matched: exit 0, no warning" 0 "" -- \
  "$bin" batch --topics "$tmp/topics.tsv" "$tmp/corpus" -o "$tmp/out2"
[ ! -s "$tmp/err" ] && ok "no warning when all match" || bad "no warning when all match" "$(cat "$tmp/err")"
cmp -s "$tmp/out2/D0601A.txt" "$tmp/ukraine" && ok "TSV query = --query" || bad "TSV query = --query"
# a malformed topic file stops the batch before any cluster
printf '<topic><num>D1</num><title>a</title>\n' >"$tmp/bad.sgml"
expect "batch --topics malformed: exit 2, file and line named" 2 "bad.sgml: line 1: <topic> without its </topic>" -- \
  "$bin" batch --topics "$tmp/bad.sgml" "$tmp/corpus" -o "$tmp/out3"
[ ! -e "$tmp/out3/D0601A.txt" ] && ok "no summary after a malformed topic file" || bad "no summary after a malformed topic file"
expect "batch --topics of a missing file" 2 "nope.sgml: No such file" -- \
  "$bin" batch --topics "$tmp/nope.sgml" "$tmp/corpus" -o "$tmp/out4"
expect "--topics with JSONL input is refused" 1 "carries its own" -- \
  "$bin" batch --input-format jsonl --topics "$tmp/topics.tsv" /dev/null

# --- JSONL "query" -------------------------------------------------------------------------
python3 - "$ex" >"$tmp/in.jsonl" <<'P'
import json, os, sys
d = sys.argv[1]
docs = [{"id": f, "text": open(os.path.join(d, f), encoding="utf-8").read()} for f in sorted(os.listdir(d))]
print(json.dumps({"id": "q", "query": "Ukraine war", "documents": docs}))
print(json.dumps({"id": "g", "documents": docs}))
print(json.dumps({"id": "bad", "query": 3, "documents": docs}))
P
expect "JSONL with a query" 2 "" -- "$bin" batch --input-format jsonl "$tmp/in.jsonl"
python3 - "$tmp/out" <<'P' && ok "JSONL: the query steers its cluster, a non-string query fails" || bad "JSONL query" "$(head -c 600 "$tmp/out")"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
q, g, bad = rows
uk = sum("Ukraine" in s["text"] for s in q["summary"]["sentences"])
assert q["summary"]["query"] == "Ukraine war" and uk >= 2, (uk, q)
assert "query" not in g["summary"] and not any("Ukraine" in s["text"] for s in g["summary"]["sentences"])
assert bad["id"] == "bad" and bad["status"] == "failed" and '"query" is not a string' in bad["reason"], bad
P
finish
