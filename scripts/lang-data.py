#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Derives the compiled-in language data (src/text/lang_data.c) from Universal Dependencies
treebanks: per language, the stopwords (function words) and the abbreviations the sentence
splitter needs. docs/languages.md tells the provenance and the rules; this script is the
whole recipe, so the tables can be rebuilt from the treebanks at any time.

Usage: scripts/lang-data.py UD_DIR > src/text/lang_data.c

UD_DIR holds the treebanks' .conllu files (e.g. de_gsd-ud-dev.conllu). Only the files named
in TREEBANKS below are read: the train file where present, else the dev file. Test files are
never read (bench/sentences.py measures on them), nor the PUD treebanks (held out).

Stopwords: word forms (lowercased) whose tag is a function-word UPOS (DET, ADP, PRON, CCONJ,
SCONJ, AUX, PART) in most of their occurrences, seen at least MIN_STOP times; a contraction
token ("du" = "de le", "zum") counts as function when all of its words are. At most
MAX_STOP, most frequent first.

Abbreviations: tokens written with a final period ("bzw.", "etc.", "Sr.") that carry a letter,
are not a sentence's last token at least twice, and are not mostly sentence-final. Classes
(src/text/segment.h): "=" (never ends a sentence) when never seen sentence-final; "+" when the
form without the period is also a common word; plain otherwise. CURATED adds, per language, a
few abbreviations of the language's style guides that dev data may be too small to show, and
"*" those that all Latin-script languages borrow ("St.", "Bros.", "Inc.", "No. 1"); they
are listed here so that every entry has a stated source; where the data shows an entry, the
data's class wins. Those that often end a sentence ("usw.", "etc.") are plain.
"""
import collections
import os
import sys

FUNCTION = {"DET", "ADP", "PRON", "CCONJ", "SCONJ", "AUX", "PART"}
MIN_STOP = 3
MAX_STOP = 300

# language code -> treebank file stem (UD_English-EWT ... ; Russian: GSD, since SynTagRus's
# files are over the mirror's size limit)
TREEBANKS = {
    "en": "en_ewt", "de": "de_gsd", "fr": "fr_gsd", "es": "es_gsd", "it": "it_isdt",
    "pt": "pt_bosque", "nl": "nl_alpino", "ru": "ru_gsd", "pl": "pl_pdb",
    "sv": "sv_talbanken", "zh": "zh_gsdsimp", "ja": "ja_gsd",
}

# Style-guide abbreviations (Duden, Académie française / Imprimerie nationale, RAE, Treccani,
# Priberam, Taalunie, Gramota, RJP, Språkrådet): written here, not derived.
CURATED = {
    "de": "=bzw =z =b =d =h =u =a =v =vgl =ca =nr =dr =prof =hr =fr =str =abs =bd =s =st =ggf "
          "=evtl =inkl =zzgl usw =sog =geb =gest =jh =jhd =mio =mrd =tel etc =o =ä =i =w =e "
          "=allg =bspw =dt =engl =frz =lat =max =min",
    "fr": "=m =mm =mme =mmes =mlle =dr =pr =me =st =ste =cf =p =pp =env =av =apr =j.-c etc "
          "=ex =vol =chap =art =no =nº =tél =hab =boul =bd",
    "es": "=sr =sra =srta =sres =dr =dra =d =dña =ud =uds =vd =vds =pág =págs =núm =art etc "
          "=p =pp =ej =aprox =av =avda =cap =col =dpto =ee.uu =fig =ing =lic =máx =mín =tel "
          "=vol =s =ss =gral =prof",
    "it": "=sig =sigg =sig.ra =dott =dott.ssa =prof =ing =avv =arch =on =geom =rag ecc "
          "=pag =pagg =art =cap =cfr =es =ca =sec =nn =n =tel =vol",
    "pt": "=sr =sra =srs =dr =dra =prof =profa =eng =av =pág =págs =art =cap etc =ex =fig "
          "=n =nº =p =pp =tel =vol =séc =cia =ltda",
    "nl": "=dhr =mevr =mw =dr =drs =ir =ing =mr =prof =bijv =bv =d.w.z enz etc =jl =nl "
          "=o.a =ca =blz =nr =tel =vgl =zgn =resp =evt =m.b.t =t.o.v =a.s =mln =mld",
    "ru": "г гг =т =д др =пр =ул =им =стр =см =рис =тыс =млн =млрд =руб =коп =изд =акад "
          "=проф =доц =ст =напр =тел =обл =р =в =вв",
    "pl": "=np =tzn =tj itd itp =m.in =ok =godz =dr =prof =mgr =inż =ul =al =pl =nr =tel "
          "=tys =mln =mld =zł =gr =r =w =wg =pt =ks =św =ur =zm =im =jw =dz =prok =płk =gen",
    "sv": "=t.ex =bl.a osv =dvs etc m.m =s.k =ca =kl =nr =resp =jfr =f.d =fr.o.m =t.o.m "
          "=p.g.a o.s.v =d.v.s =tel =milj =mdr =st =sek =f =s",
    "en": "",
    "*": "=st =jr =sr =bros =inc =co =ltd =corp =mr =mrs =dr +no =hab =vs =ca",
    "zh": "",
    "ja": "",
}


def sentences(path):
    """Yields each sentence as a list of (form, upos, range) token rows; range is None for
    a word, (a, b) for a multiword token."""
    toks = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if toks:
                    yield toks
                toks = []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 4 or "." in cols[0]:
                continue
            if "-" in cols[0]:
                a, b = cols[0].split("-")
                toks.append((cols[1], None, (int(a), int(b))))
            else:
                toks.append((cols[1], cols[3], None))
    if toks:
        yield toks


def derive(path):
    func = collections.Counter()
    total = collections.Counter()
    abbr_mid = collections.Counter()
    abbr_end = collections.Counter()
    plain = collections.Counter()
    for toks in sentences(path):
        # surface tokens: multiword tokens stand for their words
        surface = []
        i = 0
        while i < len(toks):
            form, upos, rng = toks[i]
            if rng:
                n = rng[1] - rng[0] + 1
                parts = toks[i + 1:i + 1 + n]
                surface.append((form, all(p[1] in FUNCTION for p in parts)))
                i += 1 + n
            else:
                surface.append((form, upos in FUNCTION))
                i += 1
        last = len(surface) - 1
        while last > 0 and not any(ch.isalnum() for ch in surface[last][0]):
            last -= 1
        for k, (form, is_func) in enumerate(surface):
            low = form.lower()
            total[low] += 1
            if is_func:
                func[low] += 1
            if len(form) > 1 and form.endswith(".") and any(ch.isalpha() for ch in form):
                word = low[:-1]
                if k >= last:
                    abbr_end[word] += 1
                else:
                    abbr_mid[word] += 1
            else:
                plain[low] += 1
    stop = [w for w, c in func.most_common() if c >= MIN_STOP and c * 2 > total[w]
            and any(ch.isalpha() for ch in w)][:MAX_STOP]
    abbrevs = {}
    for w, c in abbr_mid.items():
        if c < 2 or abbr_end[w] * 2 > c:
            continue
        letters = [ch for ch in w if ch.isalpha()]
        if len(letters) == 1 and "." not in w:
            cls = "="  # single letters: initials are handled generically, keep them never-ending
        elif abbr_end[w] == 0 and c >= 3:
            cls = "="
        elif plain[w] >= 3:
            cls = "+"
        else:
            cls = ""
        abbrevs[w] = cls
    return stop, abbrevs


def c_string(s):
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20:
            out.append("\\x%02x" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def c_list(name, words):
    lines = ["static const char *const %s[] = {" % name]
    row = "   "
    for w in words:
        item = " " + c_string(w) + ","
        if len(row) + len(item) > 96:
            lines.append(row)
            row = "   "
        row += item
    row += " NULL,"
    lines.append(row)
    lines.append("};")
    return "\n".join(lines)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: lang-data.py UD_DIR > src/text/lang_data.c")
    ud = sys.argv[1]
    out = ["/* SPDX-License-Identifier: MIT */",
           "/* Generated by scripts/lang-data.py from Universal Dependencies treebanks (see",
           " * docs/languages.md for the treebanks, their licenses and the rules); do not edit. */",
           '#include "text/lang_data.h"', "", "#include <stddef.h>", ""]
    table = []
    for code, stem in TREEBANKS.items():
        src = None
        for split in ("train", "dev"):
            p = os.path.join(ud, "%s-ud-%s.conllu" % (stem, split))
            if os.path.exists(p) and os.path.getsize(p) > 0:
                src = p
                break
        if not src:
            sys.exit("lang-data.py: no train or dev file for %s in %s" % (stem, ud))
        stop, abbrevs = derive(src)
        shared = CURATED["*"] if code not in ("en", "zh", "ja") else ""
        for e in (CURATED[code] + " " + shared).split():
            cls, w = (e[0], e[1:]) if e[0] in "=+" else ("", e)
            abbrevs.setdefault(w, cls)  # what the data shows wins
        entries = sorted(cls + w for w, cls in abbrevs.items())
        out.append("/* %s: %s, %d stopwords, %d abbreviations */" %
                   (code, os.path.basename(src), len(stop), len(entries)))
        out.append(c_list("%s_stop" % code, stop))
        out.append(c_list("%s_abbrev" % code, entries))
        out.append("")
        table.append("    {%s, %s_stop, %s_abbrev}," % (c_string(code), code, code))
    out.append("const mds__lang_data mds__lang_data_table[] = {")
    out.extend(table)
    out.append("};")
    out.append("const size_t mds__lang_data_count = %d;" % len(table))
    print("\n".join(out))


if __name__ == "__main__":
    main()
