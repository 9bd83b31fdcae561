#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Text hygiene end to end (src/text/hygiene.c): a small Markdown file and a hard-wrapped text
# with hyphenated breaks, quoting and Q/A through summarize. The printed sentences read clean
# and each JSON offset/length cuts the original file at the sentence.
# Usage: tests/test_hygiene_cli.sh path/to/summarize SOURCE_DIR
. "$(dirname "$0")/lib.sh" "$@"

cat >"$tmp/readme.md" <<'MD'
# Fast Compression for Everyone

The **zstd** library gives [fast compression](https://example.com/zstd) at ratios that
rival much slower tools, and it is used by _many_ projects today.

## Why does it matter?

- Storage costs fall when every archive is smaller than it was before.
- Network transfers finish sooner because fewer bytes cross the wire.

```sh
echo "This line is code and must never appear in a summary."
```

> The authors say the format is stable and will not change again.
MD
printf 'The new method of data compres-\nsion is fast, and it is a well-\nknown result among the engi-\nneers of the field.\n\nQ: What did the minister say about the plan then?\nA: He said nothing at all about the matter.\n' >"$tmp/wrapped.txt"

expect "Markdown summarizes" 0 "" -- "$bin" --min-words 1 --sentences 10 "$tmp/readme.md"
printf '%s\n' \
  "The zstd library gives fast compression at ratios that rival much slower tools, and it is used by many projects today." \
  "Storage costs fall when every archive is smaller than it was before." \
  "Network transfers finish sooner because fewer bytes cross the wire." \
  "The authors say the format is stable and will not change again." >"$tmp/want"
diff -u "$tmp/want" "$tmp/out" >"$tmp/diff" && ok "Markdown: syntax gone, headings and code out" || bad "Markdown: the sentences" "$(cat "$tmp/diff")"

expect "hyphenated breaks and Q/A summarize" 0 "" -- "$bin" --min-words 1 --sentences 10 "$tmp/wrapped.txt"
printf '%s\n' \
  "The new method of data compression is fast, and it is a well-known result among the engineers of the field." \
  "What did the minister say about the plan then?" \
  "He said nothing at all about the matter." >"$tmp/want"
diff -u "$tmp/want" "$tmp/out" >"$tmp/diff" && ok "hyphens joined, Q/A gone" || bad "hyphens and Q/A: the sentences" "$(cat "$tmp/diff")"

# offsets: the original bytes from the first character to the last of each sentence
if command -v python3 >/dev/null; then
  for f in readme.md wrapped.txt; do
    expect "$f: --format json" 0 "" -- "$bin" --format json --min-words 1 --sentences 10 "$tmp/$f"
    python3 - "$tmp/out" "$tmp/$f" >"$tmp/py" 2>&1 <<'PY' && ok "$f: offsets cut the file at each sentence" || bad "$f: offsets" "$(cat "$tmp/py")"
import json, re, sys
doc = json.load(open(sys.argv[1]))
src = open(sys.argv[2], 'rb').read().decode()
want_first = {"readme.md": ["The **zstd**", "Storage", "Network", "The authors"],
              "wrapped.txt": ["The new", "What did", "He said"]}[sys.argv[2].rsplit('/', 1)[1]]
got = [s for s in doc["sentences"]]
assert len(got) == len(want_first), [s["text"] for s in got]
for s, w in zip(got, want_first):
    cut = src.encode()[s["offset"]:s["offset"] + s["length"]].decode()
    assert cut.startswith(w), (cut, w)
    assert cut.rstrip(" *_") == cut.rstrip() and not cut[-1].isspace(), repr(cut)
    # the printed text is the cut less markup: same words once the syntax is removed
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", cut)
    plain = re.sub(r"[*_]|^> |\n> ", lambda m: " " if m.group(0) == "\n> " else "", plain)
    plain = re.sub(r"-\n", "", re.sub(r"well-\n", "well-", plain))
    assert " ".join(plain.split()) == " ".join(s["text"].split()), (plain, s["text"])
PY
  done
fi

finish
