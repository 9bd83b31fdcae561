#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Sentence-boundary precision, recall and F1 of mds's splitter and of ICU's sentence break
iterator (with its ss=standard suppressions), on Universal Dependencies test files, in one run.

usage: bench/sentences.py --ud DIR [--split BIN] [--split-en-abbrevs FILE] [--lang xx,yy]
                          [--files test|dev]

DIR holds the treebanks' .conllu files (xx_name-ud-test.conllu). The running text of each file
is rebuilt from the sentences' "# text" lines: a "# newdoc" or "# newpar" starts a new line
(paragraph), except where every sentence has one (Japanese GSD), which leaves nothing to
measure: there the sentences are one paragraph; within a paragraph, sentences are joined by a space unless the previous
sentence's last token has SpaceAfter=No. Both splitters read the same text; a boundary is the
byte offset where a sentence starts, paragraph starts excluded (both get those for free).
bench/icu-sentences.c is compiled on the way (cc, pkg-config icu-uc icu-i18n). Report on test
files; tune on dev (--files dev). The PUD treebanks are held out: never pass them.
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ORDER = ["en", "de", "fr", "es", "it", "pt", "nl", "ru", "pl", "sv", "zh", "ja"]


def rebuild(path):
    """Returns (text, gold): the running text (UTF-8 bytes) and the set of byte offsets
    where a sentence starts that is not first of its line."""
    paras = []  # list of list of (text, space_after)
    cur = None
    text = None
    space_after = True
    pending_break = True
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# newdoc") or line.startswith("# newpar"):
                pending_break = True
            elif line.startswith("# text = "):
                text = line[len("# text = "):]
                space_after = True
            elif line and not line.startswith("#"):
                cols = line.split("\t")
                if len(cols) >= 10 and "." not in cols[0]:
                    # the last token row decides; multiword ranges carry it too
                    space_after = "SpaceAfter=No" not in cols[9]
            elif not line and text is not None:
                if pending_break or cur is None:
                    cur = []
                    paras.append(cur)
                    pending_break = False
                cur.append((text, space_after))
                text = None
    if text is not None:
        if cur is None:
            cur = []
            paras.append(cur)
        cur.append((text, space_after))
    if len(paras) > 1 and all(len(p) == 1 for p in paras):
        # every sentence a document of its own (Japanese GSD): nothing to measure unless
        # they are read as one running text
        paras = [[t for p in paras for t in p]]
    out = bytearray()
    gold = set()
    for p in paras:
        for k, (t, sa) in enumerate(p):
            if k > 0:
                if p[k - 1][1]:
                    out += b" "
                gold.add(len(out))
            out += t.encode("utf-8")
        out += b"\n"
    return bytes(out), gold


def line_starts(text):
    starts = {0}
    for i, b in enumerate(text):
        if b == 0x0A:
            starts.add(i + 1)
    return starts


def skip_space(text, i):
    while i < len(text) and text[i] in b" \t\n":
        i += 1
    return i


def score(gold, pred):
    tp = len(gold & pred)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ud", required=True)
    ap.add_argument("--split", default="build/mds-split")
    ap.add_argument("--split-en-abbrevs", default="models/en/abbreviations.txt",
                    help="English uses the model's list, as summarize does")
    ap.add_argument("--lang", default=",".join(ORDER))
    ap.add_argument("--files", default="test", choices=["test", "dev"])
    ap.add_argument("--errors", type=int, default=0, help="show N errors of mds per language")
    a = ap.parse_args()

    tmp = tempfile.mkdtemp()
    icu = os.path.join(tmp, "icu-sentences")
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "icu-uc", "icu-i18n"],
                           check=True, capture_output=True, text=True).stdout.split()
    subprocess.run(["cc", "-O2", "-o", icu, os.path.join(HERE, "icu-sentences.c")] + flags,
                   check=True)

    print("| language | treebank | sentences | mds P | mds R | mds F1 | ICU P | ICU R | ICU F1 |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    worse = []
    for lang in a.lang.split(","):
        files = sorted(glob.glob(os.path.join(a.ud, "%s_*-ud-%s.conllu" % (lang, a.files))))
        files = [f for f in files if "_pud-" not in f]
        if not files:
            print("| %s | (no %s file) | | | | | | | |" % (lang, a.files))
            continue
        path = files[0]
        text, gold = rebuild(path)
        starts = line_starts(text)
        cmd = [a.split, lang] + ([a.split_en_abbrevs] if lang == "en" else [])
        out = subprocess.run(cmd, input=text, check=True, capture_output=True).stdout
        ours = set()
        for line in out.decode().split("\n"):
            if line:
                s = skip_space(text, int(line.split()[0]))
                if s not in starts:
                    ours.add(s)
        out = subprocess.run([icu, lang], input=text, check=True, capture_output=True).stdout
        theirs = set()
        for line in out.decode().split("\n"):
            if line:
                s = skip_space(text, int(line))
                if s not in starts and s < len(text):
                    theirs.add(s)
        m = score(gold, ours)
        i = score(gold, theirs)
        if m[2] < i[2]:
            worse.append(lang)
        print("| %s | %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |" %
              ((lang, os.path.basename(path).split("-ud-")[0], len(gold) + len(starts) - 1)
               + m + i))
        if a.errors:
            shown = 0
            for kind, pos in sorted([("FP", x) for x in ours - gold] +
                                    [("FN", x) for x in gold - ours], key=lambda t: t[1]):
                if shown >= a.errors:
                    break
                ctx = text[max(0, pos - 50):pos].decode("utf-8", "replace") + " || " + \
                    text[pos:pos + 30].decode("utf-8", "replace")
                print("   %s %s" % (kind, ctx.replace("\n", "\\n")), file=sys.stderr)
                shown += 1
    if worse:
        print("\nmds below ICU on: %s" % " ".join(worse))


if __name__ == "__main__":
    main()
