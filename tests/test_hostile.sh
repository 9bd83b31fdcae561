#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Hostile input through the program, made here at test time: NUL bytes, binary, UTF-16,
# invalid UTF-8 at each position, tiny and empty inputs, 10^5 tiny files, symbolic link loops,
# dangling links, unreadable files, folders and files swapped, FIFOs, JSONL's traps, eval's
# traps, terminal controls, budgets no sentence fits, absurd options. Each case: its exit
# status, the words of its message (which names the file), a time bound and a peak-memory
# bound, generous but real (lib.sh's bounded: wider for a sanitized build).
# The size limits (/dev/zero, --max-input, a 100 MB line) are tests/test_cli.sh's; where the
# program writes (-o, batch's own files) tests/test_output_files.sh's.
# Usage: tests/test_hostile.sh path/to/summarize SOURCE_DIR
. "$(dirname "$0")/lib.sh" "$@"
h="$tmp/h"
mkdir "$h"
prose='The harbour office counted four hundred crates of apples on the quay today, the clerk said.'
prose2='A bell rang at the gate when the ferry from the island docked at noon on Friday.'
# small: what any case of a few bytes must fit in (seconds, MiB)
S=10 M=96
"$bin" "$ex" >"$tmp/summary.txt" 2>/dev/null || { echo "FAIL the example does not summarize"; exit 1; }

# --- NUL bytes, binary, UTF-16 -----------------------------------------------------------------
printf '\0%s\n' "$prose" >"$h/nul-start.txt"
printf 'The harbour office\0 counted crates.\n%s\n' "$prose" >"$h/nul-mid.txt"
printf '%s\n\0' "$prose" >"$h/nul-end.txt"
bounded "NUL at the start" 2 "nul-start.txt: && byte 0\b && NUL|binary" $S $M -- "$bin" "$h/nul-start.txt"
bounded "NUL in the middle" 2 "nul-mid.txt: && byte 18\b && NUL|binary" $S $M -- "$bin" "$h/nul-mid.txt"
bounded "NUL at the end" 2 "nul-end.txt: && byte $(( ${#prose} + 1 ))\b && NUL|binary" $S $M -- "$bin" "$h/nul-end.txt"
bounded "a NUL among the files of a folder: that file named" 2 "nul-end.txt: && NUL|binary" $S $M -- "$bin" "$h"
bounded "/bin/ls" 2 "/bin/ls: && binary" $S $M -- "$bin" /bin/ls
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0' >"$h/image.png"
bounded "a PNG header" 2 "image.png: && binary" $S $M -- "$bin" "$h/image.png"
rm "$h"/nul-* "$h/image.png"
u16() { printf '%s\n%s\n' "$prose" "$prose2" | iconv -f UTF-8 -t "$1"; }
if command -v iconv >/dev/null; then
  u16 UTF-16LE >"$h/le.txt"; u16 UTF-16BE >"$h/be.txt"
  { printf '\xff\xfe'; u16 UTF-16LE; } >"$h/le-bom.txt"; { printf '\xfe\xff'; u16 UTF-16BE; } >"$h/be-bom.txt"
  # Without a mark, UTF-16 is binary (NULs): nothing says which order it is in.
  bounded "UTF-16 LE, no BOM" 2 "le.txt: && NUL|binary" $S $M -- "$bin" "$h/le.txt"
  bounded "UTF-16 BE, no BOM" 2 "be.txt: && NUL|binary" $S $M -- "$bin" "$h/be.txt"
  # With one it is text since issue 12 (text/encoding.c), converted; offsets index its bytes:
  # before, it was refused as binary at the first block.
  bounded "UTF-16 LE with BOM: read" 0 "" $S $M -- "$bin" -q --min-words 1 "$h/le-bom.txt"
  bounded "UTF-16 BE with BOM: read" 0 "" $S $M -- "$bin" -q --min-words 1 "$h/be-bom.txt"
  "$bin" -q --min-words 1 --sentences 1 "$h/le-bom.txt" >"$tmp/u16.out" 2>&1
  [ "$(cat "$tmp/u16.out")" = "$prose" ] && ok "UTF-16 LE: the sentence, as UTF-8" || bad "UTF-16 LE: the sentence" "$(cat "$tmp/u16.out")"
  "$bin" -q --min-words 1 --format json "$h/be-bom.txt" | tr ',' '\n' >"$tmp/u16.json"
  grep -q '"offset": 2$' "$tmp/u16.json" && grep -q "\"length\": $(( ${#prose} * 2 ))\$" "$tmp/u16.json" \
    && ok "UTF-16 BE: offset and length in the file's own bytes" || bad "UTF-16 BE offsets" "$(cat "$tmp/u16.json")"
  bounded "UTF-16 on stdin: read" 0 "" $S $M -- sh -c 'exec "$1" -q --min-words 1 - <"$2"' sh "$bin" "$h/le-bom.txt"
  { printf '\xff\xfe'; u16 UTF-16LE | head -c 101; } >"$h/odd.txt"
  bounded "UTF-16 of an odd length" 2 "odd.txt: && byte 102\b && odd number of bytes" $S $M -- "$bin" "$h/odd.txt"
  printf '\xff\xfeA\0 \0\x00\xd8b\0' >"$h/lone.txt"
  bounded "UTF-16 with a lone surrogate" 2 "lone.txt: && byte 6\b && surrogate" $S $M -- "$bin" "$h/lone.txt"
  rm "$h"/*.txt
else
  echo "skip UTF-16 (no iconv here)"
fi

# --- invalid UTF-8 at each position of a short file: the byte offset in the message ---------------
# Since issue 12 such a file is read as Windows-1252 with a warning that names it (the first
# case below checks it); --strict-utf8 keeps the refusal these cases check.
printf '\xffThe cat sat on the mat today.\n' >"$h/u.txt"
bounded "not UTF-8, no --strict-utf8: read as Windows-1252, warned" 0 "u.txt: && byte 0\b && Windows-1252" $S $M -- "$bin" --min-words 1 "$h/u.txt"
# FORMAT (printf) | byte offset | name
while IFS='|' read -r fmt at what; do
  printf "$fmt" >"$h/u.txt"
  bounded "invalid UTF-8: $what" 2 "u.txt: && byte $at\b && UTF-8" $S $M -- "$bin" --strict-utf8 "$h/u.txt"
done <<'CASES'
\xffThe cat sat on the mat today.\n|0|the first byte
\x80The cat sat on the mat today.\n|0|a continuation byte first
The cat \xc3 sat on the mat today.\n|8|mid-sequence (a lead byte, then ASCII)
The cat \xe2\x82 sat on the mat today.\n|8|mid-sequence (two of three bytes)
The cat \x80 sat on the mat today.\n|8|a stray continuation byte
The cat sat on the mat today.\xe2\x80|29|a sequence truncated at the end
The cat sat on the mat today.\xc3|29|a lead byte as the last byte
The cat \xc0\xaf sat on the mat today.\n|8|overlong (2 bytes)
The cat \xe0\x80\xaf sat on the mat today.\n|8|overlong (3 bytes)
The cat \xf0\x80\x80\xaf sat on the mat today.\n|8|overlong (4 bytes)
The cat \xed\xa0\x80 sat on the mat today.\n|8|a surrogate (U+D800)
The cat \xed\xbf\xbf sat on the mat today.\n|8|a surrogate (U+DFFF)
The cat \xf4\x90\x80\x80 sat on the mat today.\n|8|beyond U+10FFFF
The cat \xf5\x80\x80\x80 sat on the mat today.\n|8|a lead byte no code point has (0xf5)
The cat \xfe sat on the mat today.\n|8|0xfe
CASES
printf 'The cat \xc3 sat on the mat today.\n' >"$h/u.txt"
bounded "invalid UTF-8 on stdin" 2 "(standard input|-): && byte 8\b && UTF-8" $S $M -- sh -c 'exec "$1" --strict-utf8 - <"$2"' sh "$bin" "$h/u.txt"
# the issue's case: Latin-1 text summarizes, the sentence in UTF-8, the file named once
printf 'Le roi a demand\xe9 hier soir au palais si c\x92\xe9tait une r\xe9volte. Le duc lui a r\xe9pondu tr\xe8s calmement que non.\n' >"$h/latin1.txt"
"$bin" --min-words 1 "$h/latin1.txt" >"$tmp/l1.out" 2>"$tmp/l1.err"
grep -q 'demandé hier soir au palais si c’était une révolte' "$tmp/l1.out" && [ "$(grep -c 'latin1.txt: not UTF-8 (byte 15 is 0xe9) and no charset declared: read as Windows-1252' "$tmp/l1.err")" = 1 ] \
  && ok "Latin-1: summarized, warned once by name" || bad "Latin-1 input" "$(cat "$tmp/l1.out" "$tmp/l1.err")"
bounded "Latin-1 with --strict-utf8: refused" 2 "latin1.txt: && byte 15\b && UTF-8" $S $M -- "$bin" --strict-utf8 "$h/latin1.txt"
# named, nothing is guessed: no warning; Latin-1 by name is exactly Latin-1 (0x92 a C1
# control, dropped), where Windows-1252 has an apostrophe
"$bin" --min-words 1 --encoding cp1252 "$h/latin1.txt" >"$tmp/l1.out" 2>"$tmp/l1.err"
grep -q 'si c’était une révolte' "$tmp/l1.out" && [ ! -s "$tmp/l1.err" ] && ok "Latin-1 with --encoding cp1252: read, no warning" || bad "--encoding cp1252" "$(cat "$tmp/l1.out" "$tmp/l1.err")"
"$bin" --min-words 1 --encoding ISO-8859-1 "$h/latin1.txt" >"$tmp/l1.out" 2>"$tmp/l1.err"
grep -q 'si cétait une révolte' "$tmp/l1.out" && [ ! -s "$tmp/l1.err" ] && ok "--encoding ISO-8859-1: iconv's Latin-1" || bad "--encoding ISO-8859-1" "$(cat "$tmp/l1.out" "$tmp/l1.err")"
bounded "--encoding of no known name: bad usage" 1 "--encoding: && no-such-enc && iconv -l" $S $M -- "$bin" --encoding no-such-enc "$h/latin1.txt"
printf '<meta charset="koi8-r">\n\n\xf7\xcf\xd4 \xd0\xd2\xc5\xc4\xcc\xcf\xd6\xc5\xce\xc9\xc5 \xc9\xda \xc4\xc5\xd3\xd1\xd4\xc9 \xd3\xcc\xcf\xd7 \xcf \xd0\xcf\xc7\xcf\xc4\xc5 \xd7 \xc7\xcf\xd2\xcf\xc4\xc5 \xd3\xc5\xc7\xcf\xc4\xce\xd1.\n' >"$h/koi8.txt"
"$bin" -q --min-words 1 "$h/koi8.txt" >"$tmp/koi8.out" 2>&1
grep -q 'Вот предложение из десяти слов о погоде в городе сегодня.' "$tmp/koi8.out" && ok "a declared <meta charset=koi8-r>: read through iconv" || bad "declared koi8-r" "$(cat "$tmp/koi8.out")"
rm "$h/u.txt"

# --- tiny and empty --------------------------------------------------------------------------------
printf x >"$h/one.txt"
bounded "a 1-byte file" 2 "one.txt: && no sentence" $S $M -- "$bin" "$h/one.txt"
: >"$h/empty.txt"
bounded "an empty file" 2 "empty.txt: && no documents with text" $S $M -- "$bin" "$h/empty.txt"
bounded "an empty file on stdin" 2 "standard input: && no documents with text" $S $M -- sh -c 'exec "$1" - </dev/null' sh "$bin"
head -c 1000000 /dev/zero | tr '\0' '\n' >"$h/newlines.txt"
bounded "10^6 newlines" 2 "newlines.txt: && no documents with text" $S 64 -- "$bin" "$h/newlines.txt"
rm "$h"/*.txt
mkdir "$h/emptydir" "$h/hidden"
echo "$prose" >"$h/hidden/.a.txt"; echo "$prose2" >"$h/hidden/.b.txt"
bounded "an empty folder" 2 "emptydir: && no regular files" $S $M -- "$bin" "$h/emptydir"
bounded "a folder of hidden files only" 2 "hidden: && no regular files" $S $M -- "$bin" "$h/hidden"

# --- 10^5 tiny files in a folder: one sentence in a thousand is prose ---------------------------------
many="$tmp/many"
mkdir "$many"
(cd "$many" && awk 'BEGIN { for (i = 0; i < 100000; i++) { f = sprintf("f%06d.txt", i)
   if (i % 1000 == 0) printf "Inspector %d of the harbour office counted %d crates on the quay.\n", i, i * 7 > f
   else printf "%d\n", i > f
   close(f) } }')
bounded "10^5 tiny files" 0 "" 40 256 -- "$bin" "$many"
[ "$(wc -l <"$tmp/out")" -ge 1 ] && grep -q '^Inspector' "$tmp/out" && ok "10^5 tiny files: a summary of the prose among them" || bad "10^5 tiny files: summary" "$(head -c 200 "$tmp/out")"
bounded "batch on a folder of 10^5 files and no cluster" 2 "many: no cluster" 20 $M -- "$bin" batch "$many" -o "$tmp/many-out"
rm -rf "$many" "$tmp/many-out"

# --- symbolic links: loops, a folder's link to itself, dangling ------------------------------------
ln -s loop-b "$h/loop-a"; ln -s loop-a "$h/loop-b"; ln -s self "$h/self"
bounded "a -> b -> a" 2 "loop-a: && Too many levels of symbolic links" $S $M -- "$bin" "$h/loop-a"
bounded "a link to itself" 2 "self: && Too many levels of symbolic links" $S $M -- "$bin" "$h/self"
ln -s nowhere "$h/dangling"
bounded "a dangling link" 2 "dangling: && No such file" $S $M -- "$bin" "$h/dangling"
d="$h/linkdir"
mkdir "$d"
cp "$ex"/00[0-2]* "$d/"
ln -s . "$d/itself"; ln -s .. "$d/up"; ln -s b "$d/a"; ln -s a "$d/b"; ln -s nowhere "$d/dangling"
"$bin" "$ex"/00[0-2]* >"$tmp/three.txt" 2>/dev/null
bounded "a folder with a link to itself, to its parent, a loop and a dangling link" 0 "" $S $M -- "$bin" "$d"
cmp -s "$tmp/out" "$tmp/three.txt" && ok "... its files summarized, the links passed over" || bad "links in a folder" "$(diff "$tmp/out" "$tmp/three.txt" | head -5)"
bounded "the folder through its own link, thrice" 0 "" $S $M -- "$bin" "$d/itself/itself/itself"
cmp -s "$tmp/out" "$tmp/three.txt" && ok "... the same summary" || bad "folder through its link"
c="$tmp/lcorpus"
mkdir -p "$c/c1"
cp "$ex"/00[0-2]* "$c/c1/"; ln -s .. "$c/c1/up"; ln -s . "$c/loop"
bounded "batch: a cluster that is a link to the corpus" 2 "loop: && no regular files" $S $M -- "$bin" batch "$c" -o "$tmp/lout"
grep -q '"name":"c1","status":"ok"' "$tmp/lout/report.jsonl" && ok "... the other cluster summarized" || bad "batch with a looping cluster" "$(cat "$tmp/lout/report.jsonl")"
rm -rf "$c" "$tmp/lout"

# --- unreadable files: as root, chmod 000 stops nothing; the cases run as nobody ----------------------
u="$tmp/unreadable"
mkdir -p "$u/dir" "$u/locked" "$u/corpus/c1" "$u/corpus/c2"
echo "$prose" >"$u/file.txt"; echo "$prose" >"$u/dir/a.txt"; echo "$prose2" >"$u/dir/b.txt"
cp "$ex"/00[0-2]* "$u/corpus/c1/"; cp "$ex"/00[0-2]* "$u/corpus/c2/"
cp "$bin" "$u/summarize"
chmod 000 "$u/file.txt" "$u/dir/b.txt" "$u/locked" "$u/corpus/c2"
chmod 755 "$tmp" "$u"
as=()
if [ "$(id -u)" = 0 ]; then
  if command -v setpriv >/dev/null; then as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  else as=(none); echo "skip unreadable files: root without setpriv(1) cannot drop its privileges"; fi
elif cat "$u/file.txt" >/dev/null 2>&1; then
  as=(none); echo "skip unreadable files: chmod 000 does not stop this user's reads"
fi
if [ "${as[0]:-}" != none ]; then
  bounded "an unreadable file" 2 "file.txt: && Permission denied" $S $M -- "${as[@]}" "$u/summarize" "$u/file.txt"
  bounded "an unreadable file in a folder: named" 2 "dir/b.txt: && Permission denied" $S $M -- "${as[@]}" "$u/summarize" "$u/dir"
  bounded "an unreadable folder" 2 "locked: && Permission denied" $S $M -- "${as[@]}" "$u/summarize" "$u/locked"
  mkdir "$u/out"; chmod 777 "$u/out"
  bounded "batch: an unreadable cluster" 2 "c2: && Permission denied" $S $M -- "${as[@]}" "$u/summarize" batch "$u/corpus" -o "$u/out"
  grep -q '"name":"c1","status":"ok"' "$u/out/report.jsonl" && grep -q '"name":"c2","status":"failed","reason":"[^"]*Permission denied' "$u/out/report.jsonl" && ok "... the other cluster summarized, the report says why" || bad "batch unreadable cluster" "$(cat "$u/out/report.jsonl" 2>&1)"
fi
chmod -R u+rwX "$u"; chmod 700 "$tmp"; rm -rf "$u"

# --- a folder where a file belongs, a file where a folder belongs ----------------------------------
mkdir "$h/adir"; echo "$prose" >"$h/afile"
bounded "--model FOLDER" 2 "adir: && not a regular file|Is a directory" $S $M -- "$bin" --model "$h/adir" "$ex"
bounded "-o FOLDER" 2 "adir: && Is a directory" $S $M -- "$bin" -o "$h/adir" "$ex"
bounded "model build -o FOLDER" 2 "adir: && Is a directory" $S $M -- "$bin" model build --bucket-bits 10 --dimensions 64 "$ex" -o "$h/adir"
bounded "eval --stopwords FOLDER" 2 "adir: && Is a directory" $S $M -- "$bin" eval --stopwords "$h/adir" --refs "$ex" "$ex"
bounded "batch --input-format jsonl FOLDER" 2 "Is a directory" $S $M -- "$bin" batch --input-format jsonl "$h/adir"
bounded "batch FILE -o OUT" 2 "afile: && Not a directory|not a directory" $S $M -- "$bin" batch "$h/afile" -o "$tmp/bx"
bounded "batch CORPUS -o FILE" 2 "afile: && not a directory|Not a directory" $S $M -- "$bin" batch "$src/examples" -o "$h/afile"
bounded "eval --refs FILE" 2 "afile: && not a folder" $S $M -- "$bin" eval --refs "$h/afile" "$h/afile"
bounded "a file's path through a file (FILE/x)" 2 "afile/x: && Not a directory" $S $M -- "$bin" "$h/afile/x"
[ "$(cat "$h/afile")" = "$prose" ] && ok "... the file given for a folder left as it was" || bad "a file given as OUT changed"

# --- FIFOs as input --------------------------------------------------------------------------------
mkfifo "$h/fifo"
(timeout 20 cat "$ex"/00[0-2]* >"$h/fifo") &
bounded "a FIFO as the input" 0 "" $S $M -- "$bin" "$h/fifo"
wait
"$bin" - < <(cat "$ex"/00[0-2]*) >"$tmp/piped.txt" 2>/dev/null
cmp -s "$tmp/out" "$tmp/piped.txt" && ok "... its summary is that of the same bytes on stdin" || bad "FIFO summary" "$(diff "$tmp/out" "$tmp/piped.txt" | head -3)"
bounded "process substitution" 0 "" $S $M -- bash -c 'exec "$1" <(cat "$2"/00[0-2]*)' sh "$bin" "$ex"
cmp -s "$tmp/out" "$tmp/piped.txt" && ok "... the same summary" || bad "process substitution summary"
d="$h/fifodir"
mkdir "$d"
cp "$ex"/00[0-2]* "$d/"; mkfifo "$d/zz-fifo"
bounded "a FIFO no one writes, in a folder: passed over, no wait" 0 "" $S $M -- "$bin" "$d"
cmp -s "$tmp/out" "$tmp/three.txt" && ok "... the files' summary" || bad "FIFO in a folder"
mkdir -p "$h/ev/refs" "$h/ev/peers"
printf 'The cat sat on the mat.\n' >"$h/ev/refs/D0001.M.100.A.A"
printf 'The cat sat.\n' >"$h/ev/peers/D0001.M.100.A.1"
mkfifo "$h/ev/peers/D0001.M.100.A.2"; ln -s nowhere "$h/ev/peers/D0001.M.100.A.3"
bounded "eval: a FIFO and a dangling link among the summaries: passed over, said" 0 "D0001.M.100.A.2: not a regular file: skipped && D0001.M.100.A.3: not a regular file" $S $M -- env -u ROUGE_HOME "$bin" eval --no-stem --metrics 1 --refs "$h/ev/refs" "$h/ev/peers"
rm -rf "$h/ev"

# --- JSONL's traps ---------------------------------------------------------------------------------
jl() { bounded "$1" "$2" "$3" $S $M -- sh -c 'printf "%s\n" "$2" | exec "$1" batch --input-format jsonl -' sh "$bin" "$4"; }
jl "jsonl: a truncated line" 2 "line 1: && truncated|unterminated" "{\"id\":\"a\",\"documents\":[{\"text\":\"$prose\"}"
bounded "jsonl: a NUL in a line" 2 "line 1: && 0x00|NUL" $S $M -- sh -c 'printf "{\"id\":\"a\",\"documents\":[{\"text\":\"%s\0\"}]}\n" "$2" | exec "$1" batch --input-format jsonl -' sh "$bin" "$prose"
bounded "jsonl: a NUL between members" 2 "line 1: && byte 10: && expected a member name" $S $M -- sh -c 'printf "{\"id\":\"a\",\0\"documents\":[{\"text\":\"%s\"}]}\n" "$2" | exec "$1" batch --input-format jsonl -' sh "$bin" "$prose"
awk 'BEGIN { printf "{\"id\":\"n\",\"documents\":"; for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "}" }' >"$h/nest.jsonl"
bounded "jsonl: 10^5 nesting" 2 "line 1: && nested deeper" $S $M -- "$bin" batch --input-format jsonl "$h/nest.jsonl"
awk 'BEGIN { printf "{\"id\":\"n\",\"x\":"; for (i = 0; i < 100000; i++) printf "{\"a\":"; printf "1"; for (i = 0; i < 100000; i++) printf "}"; print "}" }' >"$h/nest.jsonl"
bounded "jsonl: 10^5 nested objects" 2 "line 1: && nested deeper" $S $M -- "$bin" batch --input-format jsonl "$h/nest.jsonl"
jl "jsonl: a huge exponent in an ignored member" 0 "" "{\"id\":\"e\",\"x\":1e999999999999,\"y\":-1e-999999999,\"documents\":[{\"text\":\"$prose $prose2\"}]}"
jl "jsonl: a number with a huge exponent for an id" 2 "line 1: && \"id\" is not a string" "{\"id\":1e999999999999,\"documents\":[{\"text\":\"$prose\"}]}"
jl "jsonl: a lone high surrogate escape" 2 "line 1: && surrogate" "{\"id\":\"s\",\"documents\":[{\"text\":\"$prose \\ud800 x\"}]}"
jl "jsonl: a lone low surrogate escape" 2 "line 1: && surrogate" "{\"id\":\"s\",\"documents\":[{\"text\":\"$prose \\udc00\"}]}"
jl "jsonl: a high surrogate then not a low one" 2 "line 1: && surrogate" "{\"id\":\"s\",\"documents\":[{\"text\":\"\\ud800\\u0041 $prose\"}]}"
jl "jsonl: empty texts: the cluster is empty" 2 "empty: && no documents with text" '{"id":"empty","documents":[{"text":""},{"text":""}]}'
grep -q '"id":"empty","line":1,"status":"failed","reason":"[^"]*no documents with text' "$tmp/out" && ok "... and its line says so" || bad "jsonl empty texts line" "$(head -c 300 "$tmp/out")"
jl "jsonl: no documents" 2 'nodocs: && "documents" is empty' '{"id":"nodocs","documents":[]}'
grep -q 'nodocs: nodocs:' "$tmp/err" && bad "... the id said once" "$(head -c 300 "$tmp/err")" || ok "... the id said once"
jl "jsonl: <? (the over-read of the audit)" 2 "x: && no sentence" '{"id":"x","documents":[{"text":"<?"}]}'
jl "jsonl: <!DOCTYPE without >" 2 "x: && no sentence" '{"id":"x","documents":[{"text":"<!DOCTYPE html"}]}'
jl "jsonl: invalid UTF-8 in a string" 2 "line 1: && byte 36: && invalid UTF-8" "$(printf '{"id":"u","documents":[{"text":"bad \xc3( byte"}]}')"
jl "jsonl: not an object" 2 "line 1: && a cluster is a JSON object" '[1,2,3]'

# --- eval's traps ----------------------------------------------------------------------------------
e="$h/ev"
mkdir -p "$e/refs" "$e/peers"
printf 'The cat sat on the mat.\n' >"$e/refs/D0001.M.100.A.A"
cp /bin/ls "$e/peers/D0001.M.100.A.1"
bounded "eval: /bin/ls as a summary" 2 "D0001.M.100.A.1: && binary" $S $M -- "$bin" eval --refs "$e/refs" "$e/peers"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' >"$e/refs/D0001.M.100.A.B"
printf 'The cat sat.\n' >"$e/peers/D0001.M.100.A.1"
bounded "eval: a PNG as a reference" 2 "D0001.M.100.A.B: && binary" $S $M -- "$bin" eval --refs "$e/refs" "$e/peers"
printf '\xe2\x80\x94\n\xe2\x80\x94\n' >"$e/refs/D0001.M.100.A.B"
bounded "eval: a reference of — lines only (the ROUGE-L case of the audit)" 0 "D0001.M.100.A.B: an empty reference" $S $M -- env -u ROUGE_HOME "$bin" eval --no-stem --refs "$e/refs" "$e/peers"
printf '\xe2\x80\x94\n' >"$e/peers/D0001.M.100.A.1"
bounded "eval: a summary of — lines only" 0 "" $S $M -- env -u ROUGE_HOME "$bin" eval --no-stem --refs "$e/refs" "$e/peers"
grep -qE '^1 +1  0\.00000 ' "$tmp/out" && ok "... scores 0" || bad "eval — summary" "$(head -4 "$tmp/out")"
: >"$e/refs/D0001.M.100.A.B"
printf 'The cat \xff sat.\n' >"$e/peers/D0001.M.100.A.1"
bounded "eval: an empty reference and a summary not UTF-8: both said" 0 "D0001.M.100.A.B: an empty reference && not UTF-8 .*D0001.M.100.A.1, byte 8" $S $M -- env -u ROUGE_HOME "$bin" eval --no-stem --refs "$e/refs" "$e/peers"

# --- terminal controls: never in text output or in messages -----------------------------------------
printf 'The harbour office \001\002\003\004\005\006\010\013\016\017\020\021\032\034\037\177 counted four hundred crates of apples today.\nA bell \007rang \033]0;title\007 at the gate when \033P the ferry \302\233 31m docked at noon.\nThe captain \302\205 wrote the cargo \302\237 list by hand, and the clerk typed it up later.\n' >"$h/controls.txt"
bounded "controls in the input" 0 "" $S $M -- "$bin" --sentences 3 "$h/controls.txt"
if [ "$(wc -l <"$tmp/out")" -eq 3 ] && ! tr -d '\n' <"$tmp/out" | LC_ALL=C grep -q '[[:cntrl:]]' && ! LC_ALL=C grep -qP '\xc2[\x80-\x9f]' "$tmp/out"; then
  ok "text output: no C0, DEL or C1 control but newline"
else bad "text output carries controls" "$(od -c "$tmp/out" | head -8)"; fi
mkdir -p "$h/ccorpus/c1"; cp "$h/controls.txt" "$h/ccorpus/c1/"
bounded "batch: controls in the input" 0 "" $S $M -- "$bin" batch --sentences 3 "$h/ccorpus" -o "$h/cout"
! tr -d '\n' <"$h/cout/c1.txt" | LC_ALL=C grep -q '[[:cntrl:]]' && ! LC_ALL=C grep -qP '\xc2[\x80-\x9f]' "$h/cout/c1.txt" && ok "batch text summary: no control but newline" || bad "batch text summary carries controls" "$(od -c "$h/cout/c1.txt" | head -5)"
bounded "a file name with ESC and BEL: exit 2" 2 'x1b\[31mred\\x07: No such file' $S $M -- "$bin" "$h/$(printf '\033[31mred\007')"
! LC_ALL=C grep -q "$(printf '[\033\007]')" "$tmp/err" && ok "... written as \\x1b and \\x07, not raw" || bad "raw controls in a message" "$(od -c "$tmp/err" | head -3)"
jl "jsonl: an id with ESC, BEL and a C1 CSI" 2 'x1b\[2Jid\\x07\\u009b: ' '{"id":"\u001b[2Jid\u0007\u009b","documents":[]}'
! LC_ALL=C grep -q "$(printf '[\033\007]')" "$tmp/err" && ! LC_ALL=C grep -qP '\xc2[\x80-\x9f]' "$tmp/err" && ok "... not raw on stderr" || bad "raw controls in a batch message" "$(od -c "$tmp/err" | head -3)"

long=$(printf 'n%.0s' $(seq 3000))
bounded "a name of 3000 bytes: the whole name in the message" 2 "File name too long" $S $M -- "$bin" "$h/$long"
grep -qF "$h/$long: File name too long" "$tmp/err" && ok "... not cut" || bad "a long name in the message" "$(wc -c <"$tmp/err") bytes"

# --- budgets no sentence fits: no empty summary passed off as one -------------------------------------
c="$tmp/bcorpus"
for i in 1 2; do mkdir -p "$c/c$i"; cp "$ex"/00[0-2]* "$c/c$i/"; done
bounded "batch --bytes 1" 2 "c1: no sentence fits in --bytes 1 && c2: no sentence fits" $S $M -- "$bin" batch --bytes 1 "$c" -o "$tmp/bout"
[ "$(grep -c '"status":"failed","reason":"no sentence fits in --bytes 1' "$tmp/bout/report.jsonl")" = 2 ] && [ -z "$(ls "$tmp/bout" | grep -v '^report')" ] && ok "... both failed in the report, no summary file" || bad "batch --bytes 1" "$(ls "$tmp/bout"; cat "$tmp/bout/report.jsonl")"
bounded "jsonl --bytes 1 (a budget option)" 2 "b: no sentence fits in --bytes 1" $S $M -- sh -c 'printf "{\"id\":\"b\",\"documents\":[{\"text\":\"%s\"}]}\n" "$2" | exec "$1" batch --bytes 1 --input-format jsonl -' sh "$bin" "$prose"
grep -q '"id":"b","line":1,"status":"failed"' "$tmp/out" && ok "... its line failed" || bad "jsonl --bytes 1 line" "$(head -c 300 "$tmp/out")"
bounded "--words 1" 2 "no sentence fits in --words 1" $S $M -- "$bin" --words 1 "$ex"
[ ! -s "$tmp/out" ] && ok "... nothing on stdout" || bad "--words 1 stdout" "$(head -c 100 "$tmp/out")"

# --- absurd options -------------------------------------------------------------------------------
while IFS='|' read -r opts pat; do
  # shellcheck disable=SC2086
  bounded "$opts" 1 "$pat" $S $M -- "$bin" $opts "$ex"
done <<'CASES'
--words 0|--words: 0 is out of range
--words -1|--words: -1 is out of range
--words 1e99|--words: '1e99' is not a whole number
--words 99999999999999999999|--words: .* is not a whole number|--words: .*out of range
--words 0x10|--words: '0x10' is not a whole number
--sentences 0|--sentences: 0 is out of range
--bytes 1e99|--bytes: '1e99' is not a whole number
--memory 1|--memory: 1 is out of range
--memory 1e99|--memory: 1e99 is out of range|--memory: '1e99' is not a size
--memory 99999999999999999999G|--memory: .*out of range
--memory -5M|--memory: '-5M' is not a size
--lambda nan|--lambda: 'nan' is not a number
--lambda inf|--lambda: 'inf' is not a number
--lambda 1e-400|--lambda: '1e-400' is not a number
--neighbors 99999999999|--neighbors: 99999999999 is out of range
--min-words -3|--min-words: -3 is out of range
CASES
for j in 0 -1 1e99 100000 2147483648 99999999999999999999; do
  bounded "batch -j $j" 1 "-j: .*(out of range|not a whole number)" $S $M -- "$bin" batch -j "$j" "$c" -o "$tmp/jout"
done
bounded "batch -j 4096 on two clusters" 0 "" $S 256 -- "$bin" batch --force -j 4096 "$c" -o "$tmp/jout"
bounded "--words 100000000 (the largest)" 0 "" $S $M -- "$bin" --words 100000000 "$ex"
bounded "--memory 1024T (the largest)" 0 "" $S $M -- "$bin" --memory 1024T "$ex"

# --- the program's own: shapes the parsers meet ------------------------------------------------------
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "Read more about item %d...\n\n", i; print "The harbour office counted four hundred crates of apples on the quay today, the clerk said." }' >"$h/dots.txt"
bounded "20,000 '...' paragraphs (the audit's quadratic scan)" 0 "" 20 256 -- "$bin" "$h/dots.txt"
awk -v p="$prose" 'BEGIN { for (i = 0; i < 100000; i++) printf "<b><i>"; print p }' >"$h/tags.html"
bounded "2*10^5 open tags before a sentence" 0 "" $S 256 -- "$bin" "$h/tags.html"
awk 'BEGIN { for (i = 0; i < 20000; i++) print "<DOC>" }' >"$h/docs.sgml"
bounded "20,000 <DOC> never closed" 2 "docs.sgml: && unterminated <DOC>" $S 256 -- "$bin" "$h/docs.sgml"
head -c 1000000 /dev/zero | tr '\0' a >"$h/word.txt"
bounded "one word of 10^6 letters" 2 "word.txt: && no sentence" $S 256 -- "$bin" "$h/word.txt"
head -c 1000000 /dev/zero | tr '\0' '<' >"$h/lt.txt"
bounded "10^6 '<'" 2 "lt.txt: && no sentence" $S 256 -- "$bin" "$h/lt.txt"
awk 'BEGIN { for (i = 0; i < 50000; i++) printf "&amp;&#1114112;&#x0;&#xD800;&bogus;&#99999999999999999999; "; print "" }' >"$h/entities.html"
bounded "250,000 entities, bad ones among them" 2 "entities.html: && no sentence|no sentence fits" $S 256 -- "$bin" "$h/entities.html"
printf '%s\r\n%s\r\n' "$prose" "$prose2" >"$h/crlf.txt"
bounded "CRLF lines" 0 "" $S $M -- "$bin" "$h/crlf.txt"
! LC_ALL=C grep -q "$(printf '\r')" "$tmp/out" && ok "... no CR in the summary" || bad "CR in the summary"

finish
