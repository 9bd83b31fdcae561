#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The summarize program end to end: the example, output formats, offsets, bad inputs and
# exit codes. Usage: tests/test_cli.sh path/to/summarize SOURCE_DIR
. "$(dirname "$0")/lib.sh" "$@"

# --- the example -------------------------------------------------------------------------
expect "example summarizes" 0 "" -- "$bin" "$ex"
cp "$tmp/out" "$tmp/summary.txt"
words=$(wc -w <"$tmp/summary.txt")
if [ "$words" -ge 40 ] && [ "$words" -le 100 ]; then ok "example summary is 40..100 words ($words)"; else bad "example summary length" "$words words"; fi
noise='Leave a Reply|email address|See also|Exclusive content|Latest article|More article|By Caroline|CTN News|Top News|sourced from|,\.$|^News$'
if grep -qE "$noise" "$tmp/summary.txt"; then bad "example summary has no noise" "$(grep -E "$noise" "$tmp/summary.txt")"; else ok "example summary has no noise"; fi
if grep -qi 'putin' "$tmp/summary.txt" && grep -qi 'north korea\|pyongyang' "$tmp/summary.txt"; then ok "example summary is on topic"; else bad "example summary is on topic"; fi
lines=$(wc -l <"$tmp/summary.txt")
[ "$lines" -ge 2 ] && ok "example summary has $lines sentences" || bad "example summary sentences" "$lines"

# --- budgets ---------------------------------------------------------------------------------
expect "--words 50" 0 "" -- "$bin" --words 50 "$ex"
[ "$(wc -w <"$tmp/out")" -le 50 ] && ok "--words 50 respected" || bad "--words 50 respected" "$(wc -w <"$tmp/out")"
expect "--sentences 2" 0 "" -- "$bin" --sentences 2 "$ex"
[ "$(wc -l <"$tmp/out")" -eq 2 ] && ok "--sentences 2 gives 2 lines" || bad "--sentences 2" "$(wc -l <"$tmp/out")"
expect "--bytes 400" 0 "" -- "$bin" --bytes 400 "$ex"
b=$(tr '\n' ' ' <"$tmp/out" | wc -c)
[ "$b" -le 401 ] && ok "--bytes 400 respected" || bad "--bytes 400 respected" "$b"

# a budget below every sentence: no empty summary passed off as one
expect "--bytes 1: exit 2, says why" 2 "no sentence fits in --bytes 1: the summary would be empty" -- "$bin" --bytes 1 "$ex"
[ ! -s "$tmp/out" ] && ok "--bytes 1: nothing on stdout" || bad "--bytes 1: stdout" "$(head -c 200 "$tmp/out")"
expect "--words 2 -o: exit 2" 2 "no sentence fits in --words 2" -- "$bin" --words 2 -o "$tmp/none.txt" "$ex"
[ ! -e "$tmp/none.txt" ] && ok "--words 2 -o: no file written" || bad "--words 2 -o: a file written"

# --- terminal controls in the input do not reach text output -------------------------------------
printf 'The harbour office counted \033[2J\033[31mfour hundred\033[0m crates of apples on the quay today.\nA bell\007 rang when the ferry from the island docked at noon on Friday, the clerk said.\nThe captain wrote the cargo list by hand, and the clerk typed it up later that evening.\n' >"$tmp/esc.txt"
expect "controls in the input" 0 "" -- "$bin" --sentences 3 "$tmp/esc.txt"
if [ "$(wc -l <"$tmp/out")" -eq 3 ] && ! tr -d '\n' <"$tmp/out" | LC_ALL=C grep -q '[[:cntrl:]]'; then ok "text output: no control character but newline"; else bad "text output carries controls" "$(od -c "$tmp/out" | head -5)"; fi
grep -q 'counted \[2J\[31mfour hundred\[0m crates' "$tmp/out" && ok "text output: the rest of the sequence is text" || bad "controls dropped" "$(head -1 "$tmp/out")"

# --- JSON offsets round-trip: bytes [offset, offset+length) of the file are the sentence ----
expect "--format jsonl" 0 "" -- "$bin" --format jsonl --order score "$ex"
n=0 rt=0
while IFS=$'\t' read -r doc off len; do
  n=$((n + 1))
  got=$(tail -c +$((off + 1)) "$doc" | head -c "$len" | tr -s ' \n\t' '   ' | sed 's/\xc2\xa0/ /g; s/  */ /g')
  grep -qxF -- "$got" "$tmp/summary.txt" && rt=$((rt + 1))
done < <(grep -oE '"document":"[^"]*","doc_id":"[^"]*","doc_index":[0-9]+,"sentence":[0-9]+,"offset":[0-9]+,"length":[0-9]+' "$tmp/out" |
         sed -E 's/"document":"([^"]*)".*"offset":([0-9]+),"length":([0-9]+)/\1\t\2\t\3/')
if [ "$n" -gt 0 ] && [ "$rt" -eq "$n" ]; then ok "JSON offsets round-trip ($n sentences)"; else bad "JSON offsets round-trip" "$rt of $n"; fi
expect "--format json" 0 "" -- "$bin" --format json "$ex"
grep -q '"parameters"' "$tmp/out" && grep -q '"lambda"' "$tmp/out" && ok "JSON carries the parameters" || bad "JSON carries the parameters"

# --- stdin, single files -------------------------------------------------------------------
expect "stdin" 0 "" -- sh -c "'$bin' - < '$ex/000_ea34812cd32b42ef.txt'"
[ -s "$tmp/out" ] && ok "stdin gives a summary" || bad "stdin gives a summary"
expect "-o writes a file" 0 "" -- "$bin" -o "$tmp/o.txt" "$ex"
cmp -s "$tmp/o.txt" "$tmp/summary.txt" && ok "-o output equals stdout output" || bad "-o output equals stdout output"
ls -A "$tmp" | grep -q '\.tmp\.' && bad "no temporary file left" || ok "no temporary file left"

# --- bad inputs ----------------------------------------------------------------------------
printf 'Good start of a sentence here.\n\xff\xfe bad bytes.\n' >"$tmp/bad-utf8.txt"
expect "invalid UTF-8, --strict-utf8: exit 2, names file and byte" 2 "bad-utf8.txt.*byte 31" -- "$bin" --strict-utf8 "$tmp/bad-utf8.txt"
expect "invalid UTF-8: read as Windows-1252, warned by name" 0 "bad-utf8.txt: not UTF-8 \(byte 31 is 0xff\).*Windows-1252" -- "$bin" --min-words 1 "$tmp/bad-utf8.txt"
head -c 4096 /bin/sh >"$tmp/binary.dat"
expect "binary file: exit 2, names file" 2 "binary.dat.*binary" -- "$bin" "$tmp/binary.dat"
mkdir "$tmp/empty"
expect "empty directory: exit 2" 2 "empty.*no regular files" -- "$bin" "$tmp/empty"
expect "missing file: exit 2" 2 "nope.txt.*No such file" -- "$bin" "$tmp/nope.txt"
: >"$tmp/zero.txt"
expect "empty file: exit 2" 2 "no documents|nothing|no sentence" -- "$bin" "$tmp/zero.txt"
printf 'Home\nAbout us\nContact\n' >"$tmp/menu.txt"
expect "no prose: exit 2" 2 "no sentence of prose" -- "$bin" "$tmp/menu.txt"
printf 'MDSMODEL\001\000\000\000garbage' >"$tmp/corrupt.mds"
expect "corrupt model: exit 2, names file" 2 "corrupt.mds" -- "$bin" --model "$tmp/corrupt.mds" "$ex"
expect "missing model: exit 2" 2 "nomodel.mds" -- "$bin" --model "$tmp/nomodel.mds" "$ex"
expect "unknown option: exit 1" 1 "unknown option '--frobnicate'" -- "$bin" --frobnicate "$ex"
expect "absurd --words: exit 1" 1 "words.*out of range" -- "$bin" --words 0 "$ex"
expect "non-numeric --lambda: exit 1" 1 "lambda.*not a number" -- "$bin" --lambda abc "$ex"
expect "--lambda 2: exit 1" 1 "lambda.*out of range" -- "$bin" --lambda 2 "$ex"
expect "--words and --bytes: exit 1" 1 "cannot be used together" -- "$bin" --words 10 --bytes 10 "$ex"
expect "unknown language: exit 1" 1 "klingon" -- "$bin" --lang klingon "$ex"
# without a usable GPU (CI) exit 3 and say why; with one, the summary comes from CUDA
"$bin" --backend cuda --format json "$ex" >"$tmp/out" 2>"$tmp/err"; rc=$?
if [ $rc -eq 3 ] && grep -q "CUDA" "$tmp/err"; then ok "--backend cuda without a GPU: exit 3 ($(head -c 120 "$tmp/err"))"
elif [ $rc -eq 0 ] && grep -q '"backend": "cuda"' "$tmp/out"; then ok "--backend cuda on a GPU"
else bad "--backend cuda" "exit $rc: $(head -c 300 "$tmp/err")"; fi
expect "bad --format: exit 1" 1 "format" -- "$bin" --format xml "$ex"

# --- similarity graph, memory, precision ---------------------------------------------------------
"$bin" --cpu "$ex" >"$tmp/dense.txt" 2>/dev/null
expect "--graph sparse, every edge" 0 "" -- "$bin" --cpu --graph sparse --neighbors 1024 "$ex"
cmp -s "$tmp/out" "$tmp/dense.txt" && ok "sparse graph with every edge = dense summary" || bad "sparse = dense" "$(diff "$tmp/out" "$tmp/dense.txt")"
expect "--graph sparse --neighbors 4 -v" 0 "sparse graph of [0-9]+ edges" -- "$bin" --cpu -v --graph sparse --neighbors 4 "$ex"
[ "$(wc -l <"$tmp/out")" -ge 2 ] && ok "4-neighbour graph still summarizes" || bad "4-neighbour graph summary"
expect "--memory 1M fits the example" 0 "" -- "$bin" --cpu --memory 1M "$ex"
cmp -s "$tmp/out" "$tmp/dense.txt" && ok "--memory 1M: same summary" || bad "--memory 1M: same summary"
expect "--precision fp16" 0 "" -- "$bin" --cpu --precision fp16 "$ex"
cmp -s "$tmp/out" "$tmp/dense.txt" && ok "fp16 inputs: same summary on the example" || bad "fp16 same summary" "$(diff "$tmp/out" "$tmp/dense.txt")"
expect "--cpu json names the device" 0 "" -- "$bin" --cpu --format json "$ex"
grep -q '"device": "cpu"' "$tmp/out" && grep -q '"gram_flops"' "$tmp/out" && ok "json stats: device, gram flops" || bad "json stats" "$(tail -5 "$tmp/out")"
expect "bad --graph: exit 1" 1 "graph.*not auto, dense or sparse" -- "$bin" --graph tree "$ex"
expect "bad --memory: exit 1" 1 "memory.*not a size" -- "$bin" --memory 4X "$ex"
expect "tiny --memory: exit 1" 1 "memory.*out of range" -- "$bin" --memory 100K "$ex"
expect "--neighbors 0: exit 1" 1 "neighbors.*out of range" -- "$bin" --neighbors 0 "$ex"
expect "bad --precision: exit 1" 1 "precision.*not fp32" -- "$bin" --precision fp8 "$ex"

# --- selectors ---------------------------------------------------------------------------------
expect "default selector in json" 0 "" -- "$bin" --format json "$ex"
grep -q '"selector": "concepts"' "$tmp/out" && grep -q '"min_df": 3' "$tmp/out" && grep -q '"centrality": 3' "$tmp/out" && grep -q '"concept_cost": 0.3' "$tmp/out" && ok "json parameters: the concept selector and its settings" || bad "json concept parameters" "$(grep -E 'selector|min_df|centrality|concept_cost' "$tmp/out")"
expect "--selector concepts is the default" 0 "" -- "$bin" --selector concepts "$ex"
cmp -s "$tmp/out" "$tmp/summary.txt" && ok "--selector concepts: the default summary" || bad "--selector concepts: the default summary"
expect "--selector mmr" 0 "" -- "$bin" --selector mmr --words 250 "$ex"
cp "$tmp/out" "$tmp/mmr.txt"
expect "--selector concepts --words 250" 0 "" -- "$bin" --words 250 "$ex"
[ "$(wc -w <"$tmp/out")" -le 250 ] && ok "concepts: --words 250 respected" || bad "concepts: --words 250" "$(wc -w <"$tmp/out")"
cmp -s "$tmp/out" "$tmp/mmr.txt" && bad "concepts and mmr differ at 250 words" || ok "concepts and mmr differ at 250 words"
expect "--centrality 0 --concept-cost 1 --min-df 2" 0 "" -- "$bin" --centrality 0 --concept-cost 1 --min-df 2 "$ex"
[ "$(wc -w <"$tmp/out")" -le 100 ] && [ "$(wc -l <"$tmp/out")" -ge 2 ] && ok "concepts alone summarize" || bad "concepts alone summarize"
expect "concepts on a sparse graph" 0 "" -- "$bin" --cpu --graph sparse --neighbors 8 --format json "$ex"
grep -q '"selector": "concepts"' "$tmp/out" && ok "concepts on a sparse graph stay concepts" || bad "concepts sparse" "$(grep selector "$tmp/out")"
expect "--min-df 0: exit 1" 1 "min-df.*out of range" -- "$bin" --min-df 0 "$ex"
expect "--centrality -1: exit 1" 1 "centrality.*out of range" -- "$bin" --centrality -1 "$ex"
expect "--concept-cost 3: exit 1" 1 "concept-cost.*out of range" -- "$bin" --concept-cost 3 "$ex"
expect "bad --selector: exit 1" 1 "selector: 'best' is not mmr, coverage, concepts" -- "$bin" --selector best "$ex"

# --- help and version --------------------------------------------------------------------------
expect "--help" 0 "" -- "$bin" --help
grep -q -- "--words N .*default 100" "$tmp/out" && grep -q -- "--lambda" "$tmp/out" && ok "--help lists defaults" || bad "--help lists defaults"
tr -s '\n ' '  ' <"$tmp/out" >"$tmp/flat"  # wrapped lines joined
grep -q -- "--\[no-\]clean drop bylines, headings, links and other boilerplate (default on)" "$tmp/flat" && grep -q -- "--graph KIND [^-]*auto, dense or sparse (default auto)" "$tmp/flat" && ok "--help: a BOOL as --[no-]NAME, an enum's values" || bad "--help: BOOL and enum rows" "$(grep -E -A1 'clean|--graph' "$tmp/out")"
expect "--version" 0 "" -- "$bin" --version
grep -qE '^summarize \(mds\) [0-9]+\.[0-9]+\.[0-9]+$' "$tmp/out" && ok "--version format" || bad "--version format"
grep -qE '^backends:( [a-z]+)+$' "$tmp/out" && grep -qE '^backends:.* cpu' "$tmp/out" && ok "--version names the backends built in ($(tail -1 "$tmp/out"))" || bad "--version backends" "$(cat "$tmp/out")"
cp "$tmp/out" "$tmp/version"
for c in "" batch "model build" model eval help; do
  expect "'$c -V' is the version" 0 "" -- "$bin" $c -V
  cmp -s "$tmp/out" "$tmp/version" && ok "'$c -V' = --version" || bad "'$c -V'" "$(cat "$tmp/out")"
done
# help of every command, from -h, --help and `help COMMAND`, within 80 columns
for c in summarize batch model eval help; do
  arg=$c; [ "$c" = summarize ] && arg=""
  expect "help $c" 0 "" -- "$bin" help $arg
  cp "$tmp/out" "$tmp/help-$c"
  grep -q "^Usage: summarize " "$tmp/out" && ok "help $c: a usage line" || bad "help $c: a usage line" "$(head -3 "$tmp/out")"
  long=$(LC_ALL=C awk 'length > 80' "$tmp/out")
  [ -z "$long" ] && ok "help $c: every line within 80 columns" || bad "help $c: lines over 80 columns" "$long"
  expect "$c --help" 0 "" -- "$bin" $arg --help
  cmp -s "$tmp/out" "$tmp/help-$c" && ok "$c --help = help $c" || bad "$c --help = help $c"
  expect "$c -h" 0 "" -- "$bin" $arg -h
  cmp -s "$tmp/out" "$tmp/help-$c" && ok "$c -h = help $c" || bad "$c -h = help $c"
  for o in -h -V -q -v; do
    grep -qE -- "^  $o, --" "$tmp/help-$c" || bad "help $c lists $o"
  done
done
grep -q -- "--shard K/N" "$tmp/help-batch" && grep -q -- "--refs DIR" "$tmp/help-eval" && grep -q -- "--bucket-bits N" "$tmp/help-model" && grep -q -- "--manual" "$tmp/help-help" && ok "help COMMAND: each command's own options" || bad "help COMMAND: own options"
expect "help model build" 0 "" -- "$bin" help model build
cmp -s "$tmp/out" "$tmp/help-model" && ok "help model build = help model" || bad "help model build"
expect "help of no command: exit 1" 1 "no command 'frobnicate'" -- "$bin" help frobnicate
expect "help --manual batch" 0 "" -- "$bin" help --manual batch
grep -q '^| `--shard K/N` |' "$tmp/out" && ! grep -q -- '--lambda' "$tmp/out" && ok "help --manual batch: batch's own table" || bad "help --manual batch" "$(head -5 "$tmp/out")"

# --- the option parser: getopt_long's rules ------------------------------------------------------
expect "-qv --words 50" 0 "sentences, [0-9]+ candidates" -- "$bin" -qv --words 50 "$ex"
cp "$tmp/out" "$tmp/w50.txt"
[ "$(wc -w <"$tmp/out")" -le 50 ] && [ -s "$tmp/out" ] && ok "-qv: combined flags (the last wins: verbose)" || bad "-qv --words 50" "$(wc -w <"$tmp/out")"
expect "--words=50" 0 "" -- "$bin" --words=50 "$ex"
cmp -s "$tmp/out" "$tmp/w50.txt" && ok "--words=50 = --words 50" || bad "--words=50 = --words 50"
expect "--wor 50 (a prefix)" 0 "" -- "$bin" --wor 50 "$ex"
cmp -s "$tmp/out" "$tmp/w50.txt" && ok "--wor 50 = --words 50" || bad "--wor 50 = --words 50"
expect "options after the input, prefix with =" 0 "" -- "$bin" "$ex" --wo=50 -q
cmp -s "$tmp/out" "$tmp/w50.txt" && ok "INPUT --wo=50 -q = --words 50 INPUT" || bad "INPUT --wo=50 -q"
expect "-o attached" 0 "" -- "$bin" --words 50 "-o$tmp/attached.txt" "$ex"
cmp -s "$tmp/attached.txt" "$tmp/w50.txt" && ok "-oFILE writes FILE" || bad "-oFILE writes FILE"
expect "--output=FILE" 0 "" -- "$bin" --words 50 "--output=$tmp/eq.txt" "$ex"
cmp -s "$tmp/eq.txt" "$tmp/w50.txt" && ok "--output=FILE writes FILE" || bad "--output=FILE writes FILE"
expect "--position-prior=0.5 --lambda=0.6" 0 "" -- "$bin" --position-prior=0.5 --selector=mmr --lambda=0.6 --format=json "$ex"
grep -q '"position_prior": 0.5' "$tmp/out" && grep -q '"lambda": 0.6' "$tmp/out" && ok "a parameter's --opt=value reaches the library" || bad "--opt=value parameters" "$(grep -E 'position_prior|lambda' "$tmp/out")"
expect "-- ends the options" 0 "" -- "$bin" --words 50 -- "$ex"
cmp -s "$tmp/out" "$tmp/w50.txt" && ok "--words 50 -- INPUT" || bad "--words 50 -- INPUT"
expect "after --, an option is a file" 2 "--words.*No such file" -- "$bin" -- --words 50
expect "ambiguous prefix: exit 1, the candidates named" 1 "'--min' is ambiguous: --min-df, --min-words" -- "$bin" --min 3 "$ex"
expect "a failed cross check names the option: exit 1" 1 "^summarize: --max-words: 3 is below" -- "$bin" --max-words 3 "$ex"
expect "batch: a failed cross check names the option" 1 "^summarize: --max-words: 3 is below" -- "$bin" batch --max-words 3 "$ex" -o "$tmp/bx"
expect "a flag given a value: exit 1" 1 "option '--cpu' takes no value" -- "$bin" --cpu=yes "$ex"
expect "a missing value: exit 1" 1 "option '--lambda' needs a value" -- "$bin" "$ex" --lambda
expect "unknown short option: exit 1, hint" 1 "Try 'summarize --help'" -- "$bin" -qz "$ex"
grep -q "unknown option '-z'" "$tmp/err" && ok "unknown short option named" || bad "unknown short option named" "$(cat "$tmp/err")"
expect "unknown batch option: the batch help named" 1 "Try 'summarize batch --help'" -- "$bin" batch --frobnicate "$ex" -o "$tmp/bx"
expect "--no-clean" 0 "" -- "$bin" --no-clean "$ex"
cmp -s "$tmp/out" "$tmp/summary.txt" && bad "--no-clean changes the example's summary" || ok "--no-clean changes the example's summary"
expect "--clean (the default)" 0 "" -- "$bin" --clean "$ex"
cmp -s "$tmp/out" "$tmp/summary.txt" && ok "--clean = the default summary" || bad "--clean = the default summary"
expect "--no-clean=1: exit 1" 1 "takes no value" -- "$bin" --no-clean=1 "$ex"
expect "--cpu = --backend cpu" 0 "" -- "$bin" --backend=cpu "$ex"
cmp -s "$tmp/out" "$tmp/dense.txt" && ok "--backend=cpu = --cpu" || bad "--backend=cpu = --cpu"

# --- standard input when no input is named --------------------------------------------------------
expect "cat | summarize" 0 "" -- sh -c "cat '$ex'/* | '$bin'"
cp "$tmp/out" "$tmp/piped.txt"
[ -s "$tmp/piped.txt" ] && grep -qi 'putin' "$tmp/piped.txt" && ok "cat FILES | summarize: a summary" || bad "cat FILES | summarize"
expect "cat | summarize -" 0 "" -- sh -c "cat '$ex'/* | '$bin' -"
cmp -s "$tmp/out" "$tmp/piped.txt" && ok "cat | summarize = cat | summarize -" || bad "cat | summarize = cat | summarize -"
expect "empty stdin, no input: exit 2" 2 "" -- sh -c "'$bin' < /dev/null"
if command -v script >/dev/null && script -qec true /dev/null </dev/null >/dev/null 2>&1; then
  # a terminal on stdin and no input: the usage error, not a wait for typing
  script -qec "'$bin'" /dev/null </dev/null >"$tmp/tty.out" 2>&1; rc=$?
  [ $rc -eq 1 ] && grep -q "no input" "$tmp/tty.out" && ok "no input on a terminal: exit 1" || bad "no input on a terminal" "exit $rc: $(cat "$tmp/tty.out")"
else
  echo "skip no input on a terminal (no script(1) here)"
fi

# --- advice for a failure about a parameter --------------------------------------------------------
awk 'BEGIN { for (i = 1; i <= 600; i++) printf "Inspector %d of the harbour office counted %d crates of apples from orchard %d on the quay.\n\n", i, i * 7, i * 13 }' >"$tmp/big.txt"
mkdir -p "$tmp/bigcorpus/big" && cp "$tmp/big.txt" "$tmp/bigcorpus/big/"
expect "dense graph over --memory: exit 2 with advice" 2 "the sparse graph; the budget is --memory, the graph --graph, its neighbours --neighbors$" -- "$bin" --cpu --graph dense --memory 1M "$tmp/big.txt"
expect "sparse graph over --memory: exit 2 with advice" 2 "neighbours; the budget is --memory" -- "$bin" --cpu --graph sparse --neighbors 1024 --memory 1M "$tmp/big.txt"
expect "batch: the advice on stderr" 2 "big: .*the budget is --memory" -- "$bin" batch -q --cpu --graph dense --memory 1M "$tmp/bigcorpus" -o "$tmp/bigout"
grep -q '"status":"failed","reason":"[^"]*memory budget of 1 MiB; raise the budget or use the sparse graph"' "$tmp/bigout/report.jsonl" && ok "batch: the report keeps the library's message" || bad "batch report reason" "$(cat "$tmp/bigout/report.jsonl")"
# the failed cluster's real size (it was "sentences":0, "candidates":0)
grep -q '"status":"failed",.*"documents":1,"sentences":600,"candidates":600,' "$tmp/bigout/report.jsonl" && ok "batch: a cluster over --memory is reported with its counts" || bad "batch report counts" "$(cat "$tmp/bigout/report.jsonl")"
awk 'BEGIN { printf "{\"id\":\"big\",\"documents\":[" } NF { printf "%s{\"text\":\"%s\"}", (n++ ? "," : ""), $0 } END { print "]}" }' "$tmp/big.txt" >"$tmp/big.jsonl"
"$bin" batch -q --cpu --graph dense --memory 1M --input-format jsonl "$tmp/big.jsonl" >"$tmp/big.out" 2>/dev/null
grep -q '"status":"failed",.*memory budget.*"exit":2,"documents":600,"sentences":600,"candidates":600,' "$tmp/big.out" && ok "jsonl: a cluster over --memory is reported with its counts" || bad "jsonl report counts" "$(cut -c 1-600 "$tmp/big.out")"
expect "a parameter's message names the option as written" 1 "^summarize: --lam: 2 is out of range \[0, 1\]$" -- "$bin" --lam 2 "$ex"
expect "unknown language: the advice names --lang" 1 "klingon.*--lang" -- "$bin" --lang klingon "$ex"

# --- other languages ---------------------------------------------------------------------------
cat >"$tmp/fr.txt" <<'TXT'
Le président russe Vladimir Poutine est arrivé mardi soir à Pyongyang pour une visite d'État.
Il doit rencontrer le dirigeant nord-coréen Kim Jong Un pour des entretiens sur la sécurité.
La visite de Poutine en Corée du Nord est la première depuis vingt-quatre ans.
Les deux dirigeants doivent signer un accord de partenariat stratégique pendant la visite.
Les États-Unis se disent préoccupés par le rapprochement entre la Russie et la Corée du Nord.
TXT
expect "--lang fr" 0 "" -- "$bin" --lang fr --words 40 "$tmp/fr.txt"
[ "$(wc -l <"$tmp/out")" -ge 1 ] && ok "--lang fr summarizes" || bad "--lang fr summarizes"
# lang: the issue's cases: German "bzw." and ordinals, French spacing, CJK, the language list
printf 'Am 31. August bzw. 21. November 2012 holte sie 7000 bzw. 7500 Euro ab.\n' >"$tmp/de.txt"
expect "--lang de: bzw. and ordinals" 0 "" -- "$bin" --lang de --min-words 1 "$tmp/de.txt"
[ "$(wc -l <"$tmp/out")" = 1 ] && ok "--lang de: one sentence" || bad "--lang de: one sentence" "$(cat "$tmp/out")"
printf 'Le roi a demand\xc3\xa9 hier soir au palais : \xc2\xab Est-ce une r\xc3\xa9volte ? \xc2\xbb Le duc lui a r\xc3\xa9pondu tr\xc3\xa8s calmement : \xc2\xab Non, Sire, c\xe2\x80\x99est une r\xc3\xa9volution. \xc2\xbb\n' >"$tmp/fr2.txt"
expect "French spacing: detected, -v says so" 0 "language french \\(detected\\)" -- "$bin" -v "$tmp/fr2.txt"
[ "$(wc -l <"$tmp/out")" = 2 ] && ok "French spacing: two sentences" || bad "French spacing: two sentences" "$(cat "$tmp/out")"
printf '\xe4\xbb\x8a\xe5\xa4\xa9\xe5\xa4\xa9\xe6\xb0\x94\xe5\xbe\x88\xe5\xa5\xbd\xe3\x80\x82\xe6\x88\x91\xe4\xbb\xac\xe5\x8e\xbb\xe5\x85\xac\xe5\x9b\xad\xe6\x95\xa3\xe6\xad\xa5\xe3\x80\x82\n' >"$tmp/zh.txt"
expect "Chinese: detected and summarized" 0 "language chinese" -- "$bin" -v --min-words 1 "$tmp/zh.txt"
expect "unknown language: the message lists the languages" 1 "japanese \\(ja\\)" -- "$bin" --lang xx "$ex"
"$bin" --help | grep -q "swedish (sv)" && ok "--help lists the languages" || bad "--help lists the languages"

# --- model build ---------------------------------------------------------------------------------
expect "model build" 0 "" -- "$bin" model build --stopwords "$src/models/en/stopwords.txt" --bucket-bits 12 --dimensions 256 "$ex" -o "$tmp/small.mds"
expect "summarize with the built model" 0 "" -- "$bin" --model "$tmp/small.mds" "$ex"
[ -s "$tmp/out" ] && ok "built model gives a summary" || bad "built model gives a summary"
expect "model build without -o: exit 1" 1 "-o" -- "$bin" model build "$ex"


# --- batch mode ------------------------------------------------------------------------------------
corpus="$tmp/corpus" bout="$tmp/bout"
mkdir -p "$corpus/good1" "$corpus/good2" "$corpus/empty" "$corpus/badutf8" "$corpus/.hidden"
cp "$ex"/* "$corpus/good1/"
cp "$ex"/00[0-2]* "$corpus/good2/"
cp "$ex/000_ea34812cd32b42ef.txt" "$corpus/badutf8/a.txt"
printf 'Good start of a sentence here.\n\xff\xfe bad bytes.\n' >"$corpus/badutf8/b.txt"
cp "$ex/000_ea34812cd32b42ef.txt" "$corpus/.hidden/"
echo "not a cluster" >"$corpus/notes.txt"
expect "batch: some clusters fail: exit 2" 2 "summarize: badutf8: .*badutf8/b.txt: byte 31" -- "$bin" batch --strict-utf8 -j 2 "$corpus" -o "$bout"
grep -q "summarize: empty: .*no regular files" "$tmp/err" && ok "batch: empty cluster on stderr" || bad "batch: empty cluster on stderr" "$(cat "$tmp/err")"
[ -s "$bout/good1.txt" ] && [ -s "$bout/good2.txt" ] && ok "batch: good summaries written" || bad "batch: good summaries written" "$(ls "$bout")"
[ ! -e "$bout/empty.txt" ] && [ ! -e "$bout/badutf8.txt" ] && [ ! -e "$bout/.hidden.txt" ] && [ ! -e "$bout/notes.txt.txt" ] && ok "batch: no summary for failed, hidden, non-directories" || bad "batch: stray outputs" "$(ls -a "$bout")"
ls -a "$bout" | grep -q '\.tmp\.' && bad "batch: no temporary file left" || ok "batch: no temporary file left"
"$bin" "$corpus/good1" >"$tmp/single.txt" 2>/dev/null
cmp -s "$bout/good1.txt" "$tmp/single.txt" && ok "batch summary = single-cluster summary" || bad "batch summary = single-cluster summary"
rep="$bout/report.jsonl"
[ "$(wc -l <"$rep")" -eq 4 ] && ok "report: a line per cluster" || bad "report: a line per cluster" "$(cat "$rep")"
[ "$(cut -d, -f1 "$rep" | tr '\n' ' ')" = '{"name":"badutf8" {"name":"empty" {"name":"good1" {"name":"good2" ' ] && ok "report: in name order" || bad "report: in name order" "$(cut -d, -f1 "$rep")"
grep -q '"name":"badutf8","status":"failed","reason":".*b.txt: byte 31: invalid UTF-8' "$rep" && grep -q '"name":"empty","status":"failed","reason":".*no regular files' "$rep" && ok "report: failures with reasons" || bad "report: failures with reasons" "$(cat "$rep")"
grep -q '"name":"good1","status":"ok","documents":5,"sentences":[0-9]*,"candidates":[0-9]*,"seconds":' "$rep" && ok "report: counts and seconds" || bad "report: counts and seconds" "$(grep good1 "$rep")"
touch -d '2000-01-01' "$bout/good1.txt"
expect "batch rerun: exit 2 again" 2 "" -- "$bin" batch --strict-utf8 "$corpus" -o "$bout"
grep -q '"name":"good1","status":"skipped"' "$rep" && grep -q '"name":"good2","status":"skipped"' "$rep" && ok "rerun skips complete summaries" || bad "rerun skips" "$(cat "$rep")"
[ "$(date -r "$bout/good1.txt" +%Y)" = 2000 ] && ok "rerun leaves them alone" || bad "rerun leaves them alone"
expect "batch --force" 2 "" -- "$bin" batch --strict-utf8 --force "$corpus" -o "$bout"
expect "batch: not UTF-8 without --strict-utf8: warned by cluster and file" 2 "warning: badutf8: .*badutf8/b.txt: not UTF-8.*Windows-1252" -- "$bin" batch --force "$corpus" -o "$bout"
grep -q '"name":"good1","status":"ok"' "$rep" && [ "$(date -r "$bout/good1.txt" +%Y)" != 2000 ] && ok "--force redoes them" || bad "--force redoes them" "$(cat "$rep")"
rm -r "$corpus/empty" "$corpus/badutf8"
expect "batch, all good: exit 0" 0 "" -- "$bin" batch -j 3 --format json --words 50 "$corpus" -o "$tmp/bjson"
[ -s "$tmp/bjson/good1.json" ] && grep -q '"parameters"' "$tmp/bjson/good1.json" && ok "--format json writes .json" || bad "--format json writes .json"
expect "batch: missing corpus: exit 2" 2 "nowhere" -- "$bin" batch "$tmp/nowhere" -o "$tmp/bx"
expect "batch: no -o: exit 1" 1 "-o" -- "$bin" batch "$corpus"
expect "batch: bad -j: exit 1" 1 "jobs|-j" -- "$bin" batch -j 0 "$corpus" -o "$tmp/bx"
expect "batch -j1 (attached)" 0 "" -- "$bin" batch -qj1 --words 50 "$corpus" -o "$tmp/bj1"
cmp -s "$tmp/bj1/good1.txt" "$tmp/bjson/good1.json" && bad "batch -j1: text, not json" || ok "batch -j1: text summaries"
"$bin" --words 50 "$corpus/good1" >"$tmp/g1.txt" 2>/dev/null
cmp -s "$tmp/bj1/good1.txt" "$tmp/g1.txt" && ok "batch -qj1 --words 50 = summarize --words 50" || bad "batch -qj1 summary"
expect "batch --jobs=2 --shard=1/1" 0 "" -- "$bin" batch --jobs=2 --shard=1/1 --force --words=50 "$corpus" "--output=$tmp/bj1"
cmp -s "$tmp/bj1/good1.txt" "$tmp/g1.txt" && ok "batch --opt=value" || bad "batch --opt=value"
expect "batch: bad --shard: exit 1" 1 "shard" -- "$bin" batch --shard 3/2 "$corpus" -o "$tmp/bx"
expect "batch --help" 0 "" -- "$bin" batch --help
grep -q -- "--shard K/N" "$tmp/out" && grep -q -- "--words N .*default 100" "$tmp/out" && ok "batch --help lists batch and shared options" || bad "batch --help"

# a cluster's folder name need not be UTF-8: the report stays valid JSON (U+FFFD for the byte)
mkdir -p "$tmp/oddcorpus/odd$(printf '\377')name"
cp "$ex"/00[0-2]* "$tmp/oddcorpus/odd$(printf '\377')name/"
expect "batch: a folder name that is not UTF-8" 0 "" -- "$bin" batch -q --words 50 "$tmp/oddcorpus" -o "$tmp/oddout"
grep -q '^{"name":"odd\\ufffdname","status":"ok"' "$tmp/oddout/report.jsonl" && ok "report: the name's bad byte as \\ufffd" || bad "report: a name that is not UTF-8" "$(cat "$tmp/oddout/report.jsonl")"

# shards: N shards cover every cluster exactly once
sc="$tmp/shardcorpus"
for i in 1 2 3 4 5 6 7; do mkdir -p "$sc/c$i"; cp "$ex/00$((i % 5))"* "$sc/c$i/"; done
for k in 1 2 3; do "$bin" batch -q --shard "$k/3" "$sc" -o "$tmp/shards" 2>/dev/null || bad "shard $k/3 exit"; done
got=$(cat "$tmp"/shards/report.*-of-3.jsonl | grep -o '"name":"[^"]*"' | sort | tr '\n' ' ')
want=$(for i in 1 2 3 4 5 6 7; do echo "\"name\":\"c$i\""; done | sort | tr '\n' ' ')
[ "$got" = "$want" ] && ok "3 shards cover the 7 clusters exactly once" || bad "shard coverage" "$got"
[ "$(ls "$tmp/shards"/c*.txt | wc -l)" -eq 7 ] && ok "3 shards write the 7 summaries" || bad "shard summaries"
n1=$(wc -l <"$tmp/shards/report.1-of-3.jsonl")
[ "$n1" -eq 3 ] && ok "shard 1/3 of 7 takes 3 (round robin)" || bad "shard 1/3 size" "$n1"

# JSONL in, JSONL out
txt='Russian President Vladimir Putin arrived in Pyongyang on Tuesday for a rare state visit to North Korea. Putin and Kim Jong Un are expected to sign a new strategic partnership agreement during the visit. The visit is the first by Putin to North Korea in twenty-four years, officials in Moscow said on Monday.'
{
  printf '{"id": "first", "documents": [{"id": "a", "text": "%s", "date": "2024-06-18"}, {"id": "b", "text": "%s \\u00e9t\\u00e9 \\"quoted\\"."}]}\n' "$txt" "$txt"
  printf '{"id": "broken", "documents": [{"text": "bad \\q escape"}]}\n'
  printf '\n'
  printf '{"id": "third", "documents": [{"text": "%s"}]}\n' "$txt"
  printf '{"id": "cut", "documents": [{"te\n'
} >"$tmp/in.jsonl"
expect "jsonl: a bad line: exit 2" 2 "summarize: line 2: byte [0-9]+: bad escape" -- "$bin" batch --input-format jsonl -j 2 "$tmp/in.jsonl"
[ "$(wc -l <"$tmp/out")" -eq 4 ] && ok "jsonl: a line out per cluster in" || bad "jsonl: lines out" "$(cat "$tmp/out")"
[ "$(grep -o '^{"id":[^,]*,"line":[0-9]*,"status":"[a-z]*"' "$tmp/out" | tr '\n' ' ')" = '{"id":"first","line":1,"status":"ok" {"id":null,"line":2,"status":"failed" {"id":"third","line":4,"status":"ok" {"id":null,"line":5,"status":"failed" ' ] && ok "jsonl: in input order, ids and statuses" || bad "jsonl: order and status" "$(cut -c1-80 "$tmp/out")"
grep -q '"line":1,"status":"ok","documents":2,.*"summary":{"version"' "$tmp/out" && grep -q '"date":"2024-06-18"' "$tmp/out" && ok "jsonl: summary object with dates" || bad "jsonl: summary object" "$(head -c 400 "$tmp/out")"
grep -q '"line":5,"status":"failed","reason":"byte [0-9]*: unterminated string"' "$tmp/out" && ok "jsonl: truncated line reported" || bad "jsonl: truncated line" "$(tail -1 "$tmp/out")"
expect "jsonl from stdin" 2 "" -- sh -c "'$bin' batch --input-format jsonl -q - < '$tmp/in.jsonl'"
[ "$(wc -l <"$tmp/out")" -eq 4 ] && ok "jsonl from stdin: 4 lines" || bad "jsonl from stdin"
expect "jsonl, one shard" 0 "" -- sh -c "'$bin' batch --input-format jsonl --shard 1/2 < '$tmp/in.jsonl'"
[ "$(grep -c '"status":"ok"' "$tmp/out")" -eq 2 ] && grep -q '"id":"third"' "$tmp/out" && ok "jsonl --shard 1/2 takes every second cluster" || bad "jsonl shard" "$(cut -c1-80 "$tmp/out")"

# SIGINT: the clusters in flight finish, the rest are not started, exit 130
mkfifo "$tmp/fifo"
head -1 "$tmp/in.jsonl" >"$tmp/one.jsonl"
( cat "$tmp/one.jsonl"; sleep 5; cat "$tmp/one.jsonl" ) >"$tmp/fifo" &
feeder=$!
"$bin" batch --input-format jsonl "$tmp/fifo" >"$tmp/sig.out" 2>"$tmp/sig.err" &
pid=$!
for _ in $(seq 50); do [ -s "$tmp/sig.out" ] && break; sleep 0.1; done
kill -INT "$pid"; wait "$pid"; rc=$?
kill "$feeder" 2>/dev/null; wait "$feeder" 2>/dev/null
[ $rc -eq 130 ] && [ "$(wc -l <"$tmp/sig.out")" -eq 1 ] && grep -q "stopped by signal 2" "$tmp/sig.err" && ok "SIGINT: exit 130 after the cluster done" || bad "SIGINT" "exit $rc, $(wc -l <"$tmp/sig.out") lines, $(cat "$tmp/sig.err")"

# SIGHUP (the terminal gone) as SIGINT: the report written, exit 129
hc="$tmp/hupcorpus"
for i in $(seq -w 1 40); do mkdir -p "$hc/c$i"; cp "$ex"/* "$hc/c$i/"; done
"$bin" batch -j 1 "$hc" -o "$tmp/hupout" >/dev/null 2>"$tmp/hup.err" &
pid=$!
for _ in $(seq 2000); do ls "$tmp/hupout"/c*.txt >/dev/null 2>&1 && break; sleep 0.01; done
kill -HUP "$pid"; wait "$pid"; rc=$?
n=$(wc -l <"$tmp/hupout/report.jsonl" 2>/dev/null || echo 0)
[ $rc -eq 129 ] && grep -q "stopped by signal 1" "$tmp/hup.err" && [ "$n" -ge 1 ] && [ "$n" -lt 40 ] && ok "SIGHUP: exit 129, the report of what was done ($n of 40)" || bad "SIGHUP" "exit $rc, report of $n lines: $(cat "$tmp/hup.err")"

# a read error in the JSONL input is a failed line and the exit status, never the end
mkdir -p "$tmp/adir"
expect "jsonl: a directory as input: exit 2" 2 "line 1: reading the input: Is a directory" -- "$bin" batch --input-format jsonl "$tmp/adir"
grep -q '^{"id":null,"line":1,"status":"failed","reason":"reading the input: Is a directory","exit":2' "$tmp/out" && ok "jsonl: the read error is line 1's, on stdout" || bad "jsonl read error line" "$(cat "$tmp/out")"
# getline out of memory on a line without end. Under a tight ulimit -v OpenBLAS may spin
# where its buffers cannot be mapped (one thread keeps it small), and an ASan build cannot
# start at all: a probe first, and KILL for whatever hangs.
lim() { (ulimit -v 250000; OPENBLAS_NUM_THREADS=1 exec timeout -s KILL 60 "$@"); }
if lim "$bin" --version >/dev/null 2>&1; then
  expect "jsonl: /dev/zero under ulimit -v: exit 4" 4 "line 1: reading the input: Cannot allocate memory" -- lim "$bin" batch --input-format jsonl /dev/zero
  grep -q '"line":1,"status":"failed","reason":"reading the input: Cannot allocate memory","exit":4' "$tmp/out" && ok "jsonl: out of memory reported as line 1's" || bad "jsonl ENOMEM line" "$(cat "$tmp/out")"
  expect "jsonl: a line too long for memory after a good one: exit 4" 4 "line 2: reading the input" -- sh -c '{ head -1 "$1"; head -c 300000000 /dev/zero | tr "\\0" x; } | (ulimit -v 250000; OPENBLAS_NUM_THREADS=1 exec timeout -s KILL 60 "$2" batch --input-format jsonl -)' sh "$tmp/in.jsonl" "$bin"
  [ "$(grep -c '"status"' "$tmp/out")" = 2 ] && grep -q '"line":1,"status":"ok"' "$tmp/out" && ok "jsonl: the good line done, the long one failed, nothing read mid-line" || bad "jsonl long line" "$(cut -c1-100 "$tmp/out")"
else
  echo "skip jsonl under ulimit -v (this build cannot start under it: a sanitizer's)"
fi

# --- eval (ROUGE) --------------------------------------------------------------------------------
mkdir -p "$tmp/ev/refs" "$tmp/ev/peers" "$tmp/ev/empty" "$tmp/ev/byc/refs/D0002" "$tmp/ev/byc/sums/D0002"
printf 'The cat sat on the mat.\nIt was happy.\n' >"$tmp/ev/refs/D0001.M.100.A.A"
printf 'A cat sat on a mat.\n' >"$tmp/ev/refs/D0001.M.100.A.B"
printf 'The cat sat.\n' >"$tmp/ev/peers/D0001.M.100.A.1"
printf 'A dog ran.\n' >"$tmp/ev/peers/D0001.M.100.A.2"
printf 'Nothing to compare.\n' >"$tmp/ev/peers/D0009.M.100.A.1"
expect "eval: no --refs: exit 1" 1 "--refs" -- "$bin" eval "$tmp/ev/peers"
expect "eval: refs folder missing: exit 2, named" 2 "$tmp/ev/nope" -- "$bin" eval --refs "$tmp/ev/nope" "$tmp/ev/peers"
expect "eval: summaries missing: exit 2, named" 2 "$tmp/ev/nosums" -- "$bin" eval --refs "$tmp/ev/refs" "$tmp/ev/nosums"
expect "eval: empty refs folder: exit 2" 2 "no reference summaries" -- "$bin" eval --refs "$tmp/ev/empty" "$tmp/ev/peers"
expect "eval: no cluster in common: exit 2" 2 "no summary matches a reference cluster" -- "$bin" eval --refs "$tmp/ev/refs" "$tmp/ev/peers/D0009.M.100.A.1"
expect "eval: -s with no list: exit 2" 2 "stopword" -- env -u ROUGE_HOME "$bin" eval -s --refs "$tmp/ev/refs" "$tmp/ev/peers"
expect "eval: bad --metrics: exit 1" 1 "metrics" -- "$bin" eval --metrics 3 --refs "$tmp/ev/refs" "$tmp/ev/peers"
expect "eval: --help" 0 "" -- "$bin" eval --help
grep -q -- "--refs DIR" "$tmp/out" && grep -q "default" "$tmp/out" && ok "eval --help lists options and defaults" || bad "eval --help"
expect "eval: DUC names" 0 "1 of 3 summaries have no reference" -- env -u ROUGE_HOME "$bin" eval --no-stem --refs "$tmp/ev/refs" "$tmp/ev/peers"
# system 1: "the cat sat" against 9 + 6 reference words: the 3 + 2 matches of -f A
grep -qE '^1 +1  0\.33333 ' "$tmp/out" && ok "eval: ROUGE-1 recall of system 1 (5/15)" || bad "eval: ROUGE-1 of system 1" "$(head -5 "$tmp/out")"
grep -c '^ROUGE-' "$tmp/out" | grep -qx 4 && ok "eval: four metric tables" || bad "eval: four metric tables" "$(grep '^ROUGE' "$tmp/out")"
expect "eval --format tsv --per-cluster" 0 "" -- env -u ROUGE_HOME "$bin" eval --no-stem --metrics 1,2 --format tsv --per-cluster --refs "$tmp/ev/refs" "$tmp/ev/peers"
[ "$(grep -c $'^ROUGE-1\t1\td0001\t1\t0.33333' "$tmp/out")" = 1 ] && [ "$(wc -l <"$tmp/out")" = 9 ] && ok "eval: tsv rows" || bad "eval: tsv rows" "$(cat "$tmp/out")"
expect "eval --format json" 0 "" -- env -u ROUGE_HOME "$bin" eval --no-stem --format json --refs "$tmp/ev/refs" "$tmp/ev/peers"
if command -v python3 >/dev/null; then
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["metrics"][0]["systems"][0]["recall"]==0.33333' "$tmp/out" 2>/dev/null && ok "eval: json parses" || bad "eval: json parses" "$(head -c 300 "$tmp/out")"
fi
printf 'The cat sat on the mat.\n' >"$tmp/ev/byc/refs/D0002/ref1"
printf 'The cat sat.\n' >"$tmp/ev/byc/sums/D0002/mine"
expect "eval: a folder per cluster" 0 "" -- env -u ROUGE_HOME "$bin" eval --no-stem --metrics 1 --refs "$tmp/ev/byc/refs" "$tmp/ev/byc/sums"
grep -qE '^mine +1  0\.50000 \[0\.50000-0\.50000\]  1\.00000' "$tmp/out" && ok "eval: folder-per-cluster scores" || bad "eval: folder-per-cluster scores" "$(cat "$tmp/out")"
stop="$tmp/ev/stop.txt"; printf 'the\non\na\n' >"$stop"
expect "eval --stopwords FILE" 0 "" -- env -u ROUGE_HOME "$bin" eval --no-stem --stopwords "$stop" --metrics 1 --refs "$tmp/ev/byc/refs" "$tmp/ev/byc/sums"
grep -qE '^mine +1  0\.66667 ' "$tmp/out" && ok "eval: stopwords dropped (cat sat of cat sat mat)" || bad "eval: stopwords dropped" "$(cat "$tmp/out")"

# binary is refused with its name; an empty reference is warned of
mkdir -p "$tmp/ev/bin/refs" "$tmp/ev/bin/peers"
printf 'The cat sat on the mat.\n' >"$tmp/ev/bin/refs/D0003.M.100.A.A"
head -c 4096 /bin/sh >"$tmp/ev/bin/peers/D0003.M.100.A.1"
expect "eval: a binary summary: exit 2, named" 2 "D0003.M.100.A.1: a NUL byte: binary data, not a summary" -- "$bin" eval --refs "$tmp/ev/bin/refs" "$tmp/ev/bin/peers"
printf 'The cat sat.\n' >"$tmp/ev/bin/peers/D0003.M.100.A.1"
printf '\xff\xfeT\0h\0e\0\n\0' >"$tmp/ev/bin/refs/D0003.M.100.A.B"
expect "eval: a UTF-16 reference: exit 2, named" 2 "D0003.M.100.A.B: UTF-16 text: binary data" -- "$bin" eval --refs "$tmp/ev/bin/refs" "$tmp/ev/bin/peers"
printf '\n\n' >"$tmp/ev/bin/refs/D0003.M.100.A.B"
expect "eval: an empty reference: warned" 0 "D0003.M.100.A.B: an empty reference \(no word to score\)" -- env -u ROUGE_HOME "$bin" eval --no-stem --metrics 1 --refs "$tmp/ev/bin/refs" "$tmp/ev/bin/peers"
printf 'The cat \xe9 sat.\n' >"$tmp/ev/bin/peers/D0003.M.100.A.1"
expect "eval: a summary not UTF-8: warned, scored" 0 "1 file is not UTF-8 \(the first: .*D0003.M.100.A.1, byte 8\)" -- env -u ROUGE_HOME "$bin" eval --no-stem --metrics 1 --refs "$tmp/ev/bin/refs" "$tmp/ev/bin/peers"

# --- web pages (issue 12): extract, --input-format, a directory of pages -------------------
pages="$src/tests/data/html-cluster"
expect "extract: the article of a page" 0 "" -- "$bin" extract "$pages/harbor-daily.html"
{ head -1 "$tmp/out" | grep -qx 'Eastport bridge reopens after three months of storm repairs' &&
  grep -q '^City engineers said the repairs cost' "$tmp/out" && ! grep -qiE 'cookie|share on|photo:|rights reserved|<' "$tmp/out"; } &&
  ok "extract: title, then the body, no boilerplate, no markup" || bad "extract: the article" "$(head -c 400 "$tmp/out")"
expect "extract --no-title --jsonl" 0 "" -- "$bin" extract --no-title --jsonl "$pages/coast-times.html" "$pages/north-shore-news.html"
[ "$(wc -l <"$tmp/out")" -eq 2 ] && grep -q '"title": "Coast Times – Eastport bridge back in service"' "$tmp/out" &&
  ok "extract --jsonl: a line a page" || bad "extract --jsonl" "$(head -c 400 "$tmp/out")"
expect "extract: a missing file fails, named" 2 "nope.html" -- "$bin" extract "$tmp/nope.html"
expect "--input-format text reads a page as text" 0 "" -- "$bin" extract --input-format text "$pages/north-shore-news.html"
grep -q '<table' "$tmp/out" && ok "--input-format text keeps the markup" || bad "--input-format text" "$(head -c 200 "$tmp/out")"
expect "--input-format bogus" 1 "'bogus' is not auto, text or html" -- "$bin" --input-format bogus "$pages"
expect "a directory of pages summarizes" 0 "" -- "$bin" --words 80 "$pages"
[ "$(wc -l <"$tmp/out")" -ge 2 ] && ! grep -qE '<|&[a-z]+;|cookie|Share' "$tmp/out" &&
  ok "the pages' summary is clean text" || bad "the pages' summary" "$(head -c 400 "$tmp/out")"

finish
