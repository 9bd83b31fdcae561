/* SPDX-License-Identifier: MIT */
/* Ingest: one input file into documents of normalized paragraphs with a byte map.
 *
 * The map contract (the pipeline relies on it; tests/test_ingest.c checks it on every input):
 *
 *  - doc->map has text_len + 1 entries. map[i] is the offset in the input file (BOM included)
 *    of the start of the source span that produced text byte i. Every byte of a multi-byte
 *    output (a UTF-8 character, “ for ``, a decoded entity such as &amp;) maps to the start of
 *    its source span; the single space that replaces a run of whitespace (spaces, tabs, line
 *    breaks, odd Unicode spaces, removed markup between them) maps to the run's first byte.
 *  - Offsets never decrease along the text.
 *  - The "\n" that separates two paragraphs maps to the source offset just past the last
 *    source byte of the paragraph before it, and map[text_len] is the offset just past the
 *    last paragraph's last source byte. So for a paragraph [a, b), source bytes
 *    [map[a], map[b]) are exactly the paragraph's source, from its first character to the
 *    end of its last one, modulo normalization (joined lines, collapsed whitespace, markup).
 *  - For a span [a, b) inside a paragraph that does not end in a space, source bytes
 *    [map[a], map[b]) are the source of the span plus, when b is not the paragraph's end,
 *    whatever whitespace or markup lies before the next character; the caller trims it.
 *
 * Normalization: `` and '' (the doubled ASCII forms only) become “ and ”; NBSP and the other
 * Unicode space separators become ' '; zero-width characters (U+200B, U+2060, U+FEFF), the
 * soft hyphen and control characters are removed; runs of whitespace become one space;
 * paragraphs are trimmed. CR LF and a lone CR are line breaks, as are U+2028 and U+2029.
 *
 * Paragraphs (the same rule for plain text and for the prose of an SGML document):
 *  - A paragraph ends at a blank line (nothing but whitespace and invisible characters) and at
 *    <P> or </P>.
 *  - If the text is hard-wrapped, the lines of a block are joined into one paragraph, except:
 *    an indented line starts a new paragraph (more leading whitespace than continuation lines
 *    have: the most common indentation of lines that start lowercase below a non-blank line,
 *    else of all lines), unless it starts lowercase after a line that ends no sentence; and,
 *    in plain text, so does the line after a short line (under half the wrap width W): a
 *    wrapped line is short only where its paragraph ended, as after a heading. (SGML prose
 *    marks paragraphs by <P> or indentation, and a Reuters BODY starts with a short line
 *    because the dateline came before it.)
 *  - If it is not hard-wrapped (web text: a paragraph is one long line), every line is its own
 *    paragraph, so a heading line directly above its text stays a paragraph of its own.
 *  - Whether it is hard-wrapped: prose with <P> markup is. Otherwise look at the "joinable"
 *    lines, those followed by a non-blank, non-indented line of the same block (a line before
 *    an indented one ends a paragraph and says nothing about the width). There must be at
 *    least one, and at least 80% of them must be at most 100 columns wide (tabs to multiples
 *    of 8). That is enough for SGML prose. Plain text must also have a wrap width W (the 90th
 *    percentile of the widths up to 100) of at least 30 columns, fewer than 60% of joinable
 *    lines must end a sentence (one paragraph a line looks like that), and either at least
 *    70% of them must fill at least 60% of W (uniform width, unlike a list of short items) or
 *    at least half of them must be followed by a line that starts with a lowercase letter (a
 *    sentence running on).
 *
 * SGML: a file is SGML if, after whitespace, a BOM and an optional <!DOCTYPE ...> or <?...?>,
 * it starts with <DOC> or <REUTERS. Each <DOC>...</DOC> or <REUTERS ...>...</REUTERS> is a
 * document: id from DOCNO (else the NEWID attribute, else base_id, "#k" added for the k-th
 * element of the file past the first, k counted from 1), date from DATE_TIME or DATE,
 * headline from HEADLINE or TITLE, prose from TEXT (<DOC>) or BODY (<REUTERS>). In the prose
 * other tags are removed, the five XML entities (in any case), &nbsp; and numeric entities are
 * decoded; numeric entities for control characters are dropped and unknown named entities
 * (DUC's typesetting codes such as &HT; &QL;) read as a space. Documents without paragraphs
 * are skipped. A few DUC NYT documents put the story in <BODY> before <TEXT>: see nyt_prose.
 *
 * Validation comes first, over the whole file: a NUL byte, control characters (other than
 * \t \n \r \f) in more than 10% of the bytes, or a UTF-16 byte order mark is MDS_EBINARY;
 * then the first byte of an ill-formed UTF-8 sequence (overlong, surrogate, truncated, past
 * U+10FFFF, stray continuation) is MDS_EUTF8 with its offset. A stray control character in
 * text is dropped. In SGML, a <DOC> or <REUTERS> with no matching end tag before the next
 * document or the end of the file is MDS_EFORMAT at the offset of its start tag.
 *
 * Hygiene (text/hygiene.h): before a region is read, its source is scanned for cuts (hyphenated
 * line breaks; in plain text also "> " quoting and, where the text reads as Markdown, its
 * syntax), which every reader of the region skips (a join cut only while emitting a paragraph
 * that holds both its sides), and for line marks (Markdown blocks start paragraphs, headings
 * are marked, a broken word's second line runs on). The document keeps its cuts (doc->cuts)
 * for printing. Markdown's paragraphs are blocks of lines, as for text with <P> markup.
 *
 * With latin1_fallback, a byte that does not start a valid UTF-8 sequence is read as one
 * Windows-1252 character (Latin-1, with the printable characters of 0x80-0x9F that
 * Windows-1252 puts there, as browsers do for "latin1"). */
#include "util/alloc.h"
#include "text/ingest.h"
#include "text/chars.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "util/buf.h"
#include "text/hygiene.h"
#include "text/html.h" /* issue 12: HTML pages */

#define CP_BREAK 0xFFFFFFFFu /* item for <P> and </P> */

/* One decoded source character: code point and the source bytes it came from. */
typedef struct item {
    uint64_t src;
    uint32_t cp;
    uint32_t len;
} item;

/* A line of items, as the paragraph rules see it. The first few thousand lines of a region are
 * kept between the two readings (line_cache), the rest read again: the memory of ingest does
 * not grow with the number of lines or items past that. */
typedef struct line {
    size_t a, b;      /* source offsets: where its items start, where it ends (the offset of
                         the break that ends it, or of the region's end) */
    int brk;          /* a <P> or </P> lies between the previous line and this one */
    int blank;        /* nothing visible */
    unsigned indent;  /* columns of leading whitespace */
    unsigned cols;    /* columns up to the end of the last visible character */
    int endsent;      /* the last visible characters end a sentence */
    int lowerstart;   /* the first visible character is a lowercase letter */
    int more;         /* a break ends it: another line follows */
    int next_brk;     /* that break is a <P> or </P> */
} line;

/* A reader of the items of source bytes [pos, end), one at a time: what the characters,
 * markup and entities there decode to. Every reader of one region shares `no_close`. */
typedef struct dec {
    size_t pos, end;
    int sgml;
    size_t *no_close;
    /* hygiene (text/hygiene.h): the first cut not yet passed; whether joins apply (emitting
     * text), and only those that end before `limit` (the paragraph's end) */
    size_t cut;
    int emit;
    size_t limit;
} dec;

typedef struct ctx {
    const unsigned char *d;
    size_t size;
    int latin1;
    int slow; /* no fast paths (mds__ingest_opts.slow) */
    /* The document being built. */
    mds__buf text;
    mds__docmap map;
    size_t capat, capmap; /* of map.at and map.src */
    mds__para *paras;
    size_t npara, cappara;
    uint64_t last_end; /* source offset just past the last paragraph emitted */
    const mds__hygiene *hyg; /* cuts and line marks of the region being read, or NULL */
    mds__srcspan *cuts;      /* the document's cuts (mds__doc.cuts) */
    size_t ncuts;
} ctx;

enum { C_VIS, C_WS, C_NL, C_IGN };

/* The fast paths: what a byte of the source is when it is one item by itself, so that runs of
 * plain text are read in place, without decoding each character into an item (the items are
 * what they would be: opts.slow turns the fast paths off, and the tests compare). B_MARK ('<'
 * and '&') is plain only outside SGML; at B_HIGH (a UTF-8 lead or continuation byte, or
 * Windows-1252) the fast paths decode valid UTF-8 themselves and leave the rest, markup,
 * entities and every byte where a cut starts to next_item. */
enum {
    B_VIS,   /* a visible ASCII character */
    B_QUOTE, /* ` and ': visible, but doubled they become one quotation mark */
    B_MARK,  /* < and & */
    B_SP,    /* space, \f, \v: whitespace of one column */
    B_TAB,   /* \t */
    B_NL,    /* \n */
    B_CR,    /* \r: a line break, with the \n after it if any */
    B_IGN,   /* other control characters: no text, no column */
    B_HIGH   /* 0x80 and up */
};
#define I_ B_IGN
#define V_ B_VIS
#define H_ B_HIGH
static const unsigned char btab[256] = {
    I_, I_, I_, I_, I_, I_, I_, I_, I_, B_TAB, B_NL, B_SP, B_SP, B_CR, I_, I_,
    I_, I_, I_, I_, I_, I_, I_, I_, I_, I_, I_, I_, I_, I_, I_, I_,
    B_SP, V_, V_, V_, V_, V_, B_MARK, B_QUOTE, V_, V_, V_, V_, V_, V_, V_, V_,
    V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, B_MARK, V_, V_, V_,
    V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_,
    V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_,
    B_QUOTE, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_,
    V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, V_, I_,
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,
};
#undef I_
#undef V_
#undef H_

/* Sixteen bytes at once (GCC's vector extensions, which clang reads too: SSE2 on x86-64,
 * plain words where the target has no vectors): the fast paths skip long runs of plain ASCII
 * with them and read the byte that ends a run one at a time, as before. */
typedef unsigned char u8x16 __attribute__((vector_size(16)));
typedef signed char m8x16 __attribute__((vector_size(16)));
typedef signed char s8x16 __attribute__((vector_size(16)));

static inline u8x16 load16(const unsigned char *p)
{
    u8x16 v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* The bytes of m that are set (all ones), a bit each, byte k at bit k. */
static inline unsigned mask16(m8x16 m)
{
#if defined(__SSE2__)
    return (unsigned)_mm_movemask_epi8((__m128i)m);
#else
    unsigned out = 0;
    for (int k = 0; k < 16; k++)
        out |= (unsigned)(m[k] & 1) << k;
    return out;
#endif
}

/* The index of the first byte of m that is set, 16 when none is. */
static inline size_t first_set16(m8x16 m) { return (size_t)__builtin_ctz(mask16(m) | 0x10000u); }

/* Whether any byte of m is set. */
static inline int any16(m8x16 m) { return mask16(m) != 0; }

/* Every byte but visible ASCII (0x21 to 0x7E), and the markup bytes < and & of SGML. Signed,
 * 0x80 and up are below 0x21: one comparison for the range, one for 0x7F. */
static inline m8x16 not_visible16(u8x16 x, int sgml)
{
    m8x16 v = (m8x16)((s8x16)x < 0x21) | (m8x16)(x == 0x7F);
    if (sgml)
        v |= (m8x16)(x == '<') | (m8x16)(x == '&');
    return v;
}

void mds__ingest_set_error(mds__ingest_error *err, int64_t offset, const char *fmt, ...)
{
    if (!err)
        return;
    err->offset = offset;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}

/* ---- characters -------------------------------------------------------------------------- */

static int char_class(uint32_t cp)
{
    if (cp == '\n')
        return C_NL;
    if (cp == ' ' || cp == '\t' || cp == '\f' || cp == '\v' || cp == 0xA0 || cp == 0x1680 ||
        (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000)
        return C_WS;
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD || cp == 0x200B || cp == 0x2060 ||
        cp == 0xFEFF)
        return C_IGN;
    return C_VIS;
}

/* Strict UTF-8: no overlongs, no surrogates, nothing past U+10FFFF. Returns the sequence
 * length, or 0 with *why set. */
static size_t utf8_dec(const unsigned char *s, size_t n, uint32_t *cp, const char **why)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if (c < 0xC0) {
        *why = "unexpected continuation byte";
        return 0;
    } else if (c < 0xE0) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c < 0xF0) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c < 0xF8) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        *why = "not a UTF-8 lead byte";
        return 0;
    }
    for (size_t k = 1; k < len; k++) {
        if (k >= n) {
            *why = "truncated sequence at end of input";
            return 0;
        }
        if ((s[k] & 0xC0) != 0x80) {
            *why = "incomplete sequence";
            return 0;
        }
        v = (v << 6) | (s[k] & 0x3Fu);
    }
    if (v < min) {
        *why = "overlong encoding";
        return 0;
    }
    if (v >= 0xD800 && v <= 0xDFFF) {
        *why = "encoded surrogate";
        return 0;
    }
    if (v > 0x10FFFF) {
        *why = "code point beyond U+10FFFF";
        return 0;
    }
    *cp = v;
    return len;
}

/* Windows-1252 for 0x80-0x9F; 0 where it defines nothing (the byte stays a C1 control). */
static const uint16_t cp1252[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static uint32_t from_1252(uint32_t c)
{
    if (c >= 0x80 && c <= 0x9F && cp1252[c - 0x80])
        return cp1252[c - 0x80];
    return c;
}

/* The character at pos (input already validated, or read leniently with latin1). */
static size_t next_cp(const ctx *c, size_t pos, size_t end, uint32_t *cp)
{
    const char *why;
    size_t len = utf8_dec(c->d + pos, end - pos, cp, &why);
    if (len)
        return len;
    *cp = from_1252(c->d[pos]);
    return 1;
}


static int lower(int ch) { return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch; }
static int is_alpha(int ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'); }
static int is_digit(int ch) { return ch >= '0' && ch <= '9'; }
static int is_space(int ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v'; }

/* Case-insensitive prefix test of an ASCII word against d[pos, end); a position past the end
 * holds no word. */
static int has_word(const unsigned char *d, size_t pos, size_t end, const char *w)
{
    size_t n = strlen(w);
    if (pos > end || end - pos < n)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (lower(d[pos + k]) != lower((unsigned char)w[k]))
            return 0;
    return 1;
}

/* ---- items ------------------------------------------------------------------------------- */

/* An entity at d[pos] == '&': its length (0: not an entity, a literal '&') and value
 * (*cp == 0: drop it). */
static size_t parse_entity(const unsigned char *d, size_t pos, size_t end, uint32_t *cp)
{
    size_t j = pos + 1;
    if (j < end && d[j] == '#') {
        j++;
        int hex = j < end && (d[j] == 'x' || d[j] == 'X');
        if (hex)
            j++;
        uint32_t v = 0;
        size_t nd = 0;
        for (; j < end && nd < 8; j++, nd++) {
            int ch = d[j], dv;
            if (is_digit(ch))
                dv = ch - '0';
            else if (hex && lower(ch) >= 'a' && lower(ch) <= 'f')
                dv = lower(ch) - 'a' + 10;
            else
                break;
            v = v * (hex ? 16u : 10u) + (uint32_t)dv;
        }
        if (!nd || j >= end || d[j] != ';')
            return 0;
        if (v == '\t' || v == '\n' || v == '\r')
            v = ' ';
        else if (v >= 0x80 && v <= 0x9F)
            v = from_1252(v);
        if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) || char_class(v) == C_IGN)
            v = 0;
        *cp = v;
        return j + 1 - pos;
    }
    size_t ns = j;
    while (j < end && j - ns < 32 && (is_alpha(d[j]) || (j > ns && is_digit(d[j]))))
        j++;
    if (j == ns || j >= end || d[j] != ';')
        return 0;
    static const struct {
        const char *name;
        uint32_t cp;
    } known[] = {{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
                 {"nbsp", 0xA0}};
    *cp = ' '; /* DUC's &HT; &QL; &UR; ... are typesetting codes: read them as a space */
    for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
        if (strlen(known[k].name) == j - ns && has_word(d, ns, j, known[k].name))
            *cp = known[k].cp;
    return j + 1 - pos;
}

/* A tag at d[pos] == '<': its length (0: a literal '<') and whether it is <P> or </P>.
 * *no_close: a comment opened at or past it has no "-->" before end (SIZE_MAX: not known), so
 * that a run of unclosed "<!--" is scanned once, not once each. */
static size_t parse_tag(const unsigned char *d, size_t pos, size_t end, int *is_p,
                        size_t *no_close)
{
    *is_p = 0;
    if (pos + 1 >= end)
        return 0;
    int ch = d[pos + 1];
    if (!is_alpha(ch) && ch != '/' && ch != '!' && ch != '?')
        return 0;
    if (has_word(d, pos, end, "<!--")) {
        if (pos >= *no_close)
            return 0;
        for (size_t j = pos + 4; j + 3 <= end; j++)
            if (d[j] == '-' && d[j + 1] == '-' && d[j + 2] == '>')
                return j + 3 - pos;
        *no_close = pos;
        return 0;
    }
    size_t j = pos + 1;
    while (j < end && d[j] != '>' && d[j] != '<')
        j++;
    if (j >= end || d[j] != '>')
        return 0;
    size_t ns = pos + 1 + (ch == '/');
    *is_p = lower(d[ns]) == 'p' && ns + 1 <= j && (d[ns + 1] == '>' || is_space(d[ns + 1]) || d[ns + 1] == '/');
    return j + 1 - pos;
}

/* The next item of r into *out: 1, or 0 at the end. With sgml, markup is read as such: a <P>
 * or </P> is a CP_BREAK item, other tags and dropped entities are no item. */
/* Hygiene: where reading at r->pos goes on, past a cut that covers it. */
static size_t past_cuts(const ctx *c, dec *r)
{
    const mds__hygiene *h = c->hyg;
    while (r->cut < h->ncuts && h->cuts[r->cut].b <= r->pos)
        r->cut++;
    if (r->cut < h->ncuts) {
        const mds__cut *k = &h->cuts[r->cut];
        if (k->a <= r->pos && (k->kind == MDS__CUT_MARKUP || (r->emit && k->b < r->limit)))
            return k->b;
    }
    return r->pos;
}

/* Puts r at source offset pos, its cut cursor at the first cut that ends past it. */
static void seek(const ctx *c, dec *r, size_t pos)
{
    r->pos = pos;
    r->cut = 0;
    if (!c->hyg)
        return;
    size_t lo = 0, hi = c->hyg->ncuts;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->hyg->cuts[mid].b <= pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    r->cut = lo;
}

static int next_item(const ctx *c, dec *r, item *out)
{
    const unsigned char *d = c->d;
    while (r->pos < r->end) {
        /* the cuts are sorted and disjoint: none can apply before the next one starts */
        if (c->hyg && r->cut < c->hyg->ncuts && c->hyg->cuts[r->cut].a <= r->pos) {
            size_t to = past_cuts(c, r);
            if (to != r->pos) {
                r->pos = to;
                continue;
            }
        }
        size_t pos = r->pos, end = r->end, len;
        uint32_t cp;
        int is_p, have = 1;
        if (d[pos] == '\r') {
            len = pos + 1 < end && d[pos + 1] == '\n' ? 2 : 1;
            cp = '\n';
        } else if (r->sgml && d[pos] == '<' && (len = parse_tag(d, pos, end, &is_p, r->no_close))) {
            cp = CP_BREAK;
            have = is_p;
        } else if (r->sgml && d[pos] == '&' && (len = parse_entity(d, pos, end, &cp))) {
            have = cp != 0;
        } else {
            len = next_cp(c, pos, end, &cp);
            if (cp == 0x2028 || cp == 0x2029)
                cp = '\n';
        }
        r->pos += len;
        if (have) {
            *out = (item){.src = pos, .cp = cp, .len = (uint32_t)len};
            return 1;
        }
    }
    return 0;
}

/* How far from r->pos the fast paths may read bytes as items by themselves: up to the region's
 * end or the next cut, whichever comes first (r->pos when a cut starts there, or when the fast
 * paths are off). Advances r's cut cursor past the cuts that end at or before r->pos, as
 * next_item would. */
static size_t fast_limit(const ctx *c, dec *r)
{
    if (c->slow)
        return r->pos;
    size_t lim = r->end;
    const mds__hygiene *h = c->hyg;
    if (h) {
        while (r->cut < h->ncuts && h->cuts[r->cut].b <= r->pos)
            r->cut++;
        if (r->cut < h->ncuts && h->cuts[r->cut].a < lim)
            lim = h->cuts[r->cut].a > r->pos ? h->cuts[r->cut].a : r->pos;
    }
    return lim;
}

/* ---- lines and paragraphs ---------------------------------------------------------------- */

static int sentence_end(uint32_t last, uint32_t before)
{
    if (last == '.' || last == '!' || last == '?')
        return 1;
    int closer = last == '"' || last == '\'' || last == ')' || last == ']' || last == 0x201D ||
                 last == 0x2019;
    return closer && (before == '.' || before == '!' || before == '?');
}

/* A visible character cp of a line, ending at column col: the line is no longer blank, and
 * cp the last of it (before: the one before). */
static inline void line_visible(line *l, uint32_t cp, unsigned col, uint32_t *before,
                                uint32_t *last)
{
    if (l->blank)
        l->lowerstart = mds__is_lower(cp);
    l->blank = 0;
    l->cols = col;
    *before = *last;
    *last = cp;
}

/* Where the run of bytes from q that scan_line reads as a column each ends, by lim: visible
 * ASCII (< and & only outside SGML) and spaces. */
static inline size_t scan_run(const unsigned char *d, size_t q, size_t lim, int sgml)
{
    while (lim - q >= 16) {
        u8x16 x = load16(d + q);
        size_t k = first_set16(not_visible16(x, sgml) & ~(m8x16)(x == ' '));
        q += k;
        if (k < 16)
            return q;
    }
    while (q < lim) {
        unsigned k = btab[d[q]];
        if (!(k <= B_QUOTE || (k == B_MARK && !sgml) || d[q] == ' '))
            break;
        q++;
    }
    return q;
}

/* Reads the next line of r into *l; brk: a <P> or </P> came before it. Plain text (ASCII and
 * valid UTF-8) is read in place; markup, entities, other bytes and cuts one item at a time. */
static void scan_line(const ctx *c, dec *r, int brk, line *l)
{
    *l = (line){.a = r->pos, .b = r->end, .brk = brk, .blank = 1};
    const unsigned char *d = c->d;
    unsigned col = 0;
    uint32_t last = 0, before = 0;
    item t;
    for (;;) {
        size_t p = r->pos, lim = fast_limit(c, r);
        while (p < lim) {
            unsigned ch = d[p];
            switch (btab[ch]) {
            case B_MARK:
                if (r->sgml)
                    goto slow;
                /* fall through */
            case B_VIS:
            case B_QUOTE: {
                /* a run of visible bytes and spaces: a column each, the last two visible
                 * bytes remembered (the run starts with one: e and f find them) */
                size_t q = scan_run(d, p + 1, lim, r->sgml), e = q, f;
                while (d[e - 1] == ' ')
                    e--;
                for (f = e - 1; f > p && d[f - 1] == ' '; f--)
                    ;
                if (l->blank)
                    l->lowerstart = ch - 'a' < 26u;
                l->blank = 0;
                l->cols = col + (unsigned)(e - p);
                col += (unsigned)(q - p);
                before = f > p ? d[f - 1] : last;
                last = d[e - 1];
                p = q;
                break;
            }
            case B_SP:
                col++;
                if (l->blank)
                    l->indent = col;
                p++;
                break;
            case B_TAB:
                col = (col / 8 + 1) * 8;
                if (l->blank)
                    l->indent = col;
                p++;
                break;
            case B_IGN:
                p++;
                break;
            case B_HIGH: {
                /* one character of UTF-8 (a line separator, or no UTF-8: the general reader) */
                uint32_t cp;
                const char *why;
                size_t len = utf8_dec(d + p, r->end - p, &cp, &why);
                if (!len || len > lim - p || cp == 0x2028 || cp == 0x2029)
                    goto slow;
                int cl = char_class(cp);
                if (cl == C_VIS) {
                    line_visible(l, cp, ++col, &before, &last);
                } else if (cl == C_WS) {
                    col++;
                    if (l->blank)
                        l->indent = col;
                }
                p += len;
                break;
            }
            case B_NL:
            case B_CR:
                l->b = p;
                l->more = 1;
                l->next_brk = 0;
                r->pos = p + (ch == '\r' && p + 1 < r->end && d[p + 1] == '\n' ? 2 : 1);
                goto done;
            default:
                goto slow;
            }
        }
    slow:
        r->pos = p;
        if (!next_item(c, r, &t))
            break;
        uint32_t cp = t.cp;
        if (cp == '\n' || cp == CP_BREAK) {
            l->b = t.src;
            l->more = 1;
            l->next_brk = cp == CP_BREAK;
            break;
        }
        int cl = char_class(cp);
        if (cl == C_IGN)
            continue;
        if (cl == C_WS) {
            col = cp == '\t' ? (col / 8 + 1) * 8 : col + 1;
            if (l->blank)
                l->indent = col;
            continue;
        }
        line_visible(l, cp, ++col, &before, &last);
    }
done:
    l->endsent = !l->blank && sentence_end(last, before);
}

/* What the paragraph rules need of all the lines of a region, from one reading: the
 * indentations, and the joinable lines by the indentation k (0 to 32) of the line after
 * them, so that the lines joinable under a base indentation are those of k <= base. */
enum { INDENT_MAX = 32, WIDTH_MAX = 100 };
typedef struct line_stats {
    size_t count[INDENT_MAX + 1], all[INDENT_MAX + 1], nrun;
    int has_break;
    size_t njoin[INDENT_MAX + 1], nsent[INDENT_MAX + 1], nlower[INDENT_MAX + 1];
    uint64_t rows;                               /* bit k: width[k] is in use (zeroed) */
    size_t width[INDENT_MAX + 1][WIDTH_MAX + 1]; /* widths of joinable lines up to 100 */
} line_stats;

/* The lines of a region as read_stats read them, kept for build_paras when there are not too
 * many (a bounded memory: past LINES_KEPT lines, build_paras reads them again). */
enum { LINES_KEPT = 1 << 13 };
typedef struct line_cache {
    line *v;
    size_t n, cap;
    int lost; /* too many lines (or no memory for them): none kept */
} line_cache;

static void keep_line(line_cache *lc, const line *l)
{
    if (lc->lost)
        return;
    if (lc->n == lc->cap) {
        size_t cap = lc->cap ? lc->cap * 2 : 64;
        line *v = cap <= LINES_KEPT ? mds__realloc(lc->v, cap * sizeof *v) : NULL;
        if (!v) {
            mds__free(lc->v);
            *lc = (line_cache){.lost = 1};
            return;
        }
        lc->v = v;
        lc->cap = cap;
    }
    lc->v[lc->n++] = *l;
}

static void read_stats(const ctx *c, dec r, line_stats *s, line_cache *lc)
{
    memset(s, 0, offsetof(line_stats, width)); /* the rows of width as they come in use */
    line prev = {0}, cur;
    int have_prev = 0, brk = 0;
    do {
        scan_line(c, &r, brk, &cur);
        keep_line(lc, &cur);
        if (!cur.blank) {
            unsigned k = cur.indent < INDENT_MAX ? cur.indent : INDENT_MAX;
            s->all[k]++;
            if (have_prev && !prev.blank && !cur.brk && cur.lowerstart)
                s->count[k]++, s->nrun++;
        }
        /* prev is joinable when the line after it (cur) continues its block unindented */
        if (have_prev && !prev.blank && !cur.blank && !cur.brk && cur.indent <= INDENT_MAX) {
            unsigned k = cur.indent;
            s->njoin[k]++;
            s->nsent[k] += (size_t)prev.endsent;
            s->nlower[k] += (size_t)cur.lowerstart;
            if (!(s->rows >> k & 1)) {
                memset(s->width[k], 0, sizeof s->width[k]);
                s->rows |= UINT64_C(1) << k;
            }
            if (prev.cols <= WIDTH_MAX)
                s->width[k][prev.cols]++;
        }
        s->has_break |= cur.next_brk;
        brk = cur.next_brk;
        prev = cur;
        have_prev = 1;
    } while (cur.more);
}

/* Decides whether the lines are hard-wrapped (the rule is at the top of the file); *width gets
 * the wrap width W. A line is joinable when the line after it continues its block and is not
 * indented (past base): lines before an indented one end a paragraph and are often short,
 * so they tell nothing about the wrap width. */
static void detect_wrap(const line_stats *s, unsigned base, int sgml, int *wrapped,
                        unsigned *width)
{
    *wrapped = 0;
    *width = 0;
    size_t njoin = 0, nshort = 0, nsent = 0, nlower = 0, hist[WIDTH_MAX + 1] = {0};
    for (unsigned k = 0; k <= base && k <= INDENT_MAX; k++) {
        if (!(s->rows >> k & 1))
            continue; /* no joinable line before a line of this indentation */
        njoin += s->njoin[k];
        nsent += s->nsent[k];
        nlower += s->nlower[k];
        for (unsigned v = 0; v <= WIDTH_MAX; v++) {
            hist[v] += s->width[k][v];
            nshort += s->width[k][v];
        }
    }
    if (!njoin || nshort * 5 < njoin * 4)
        return;
    if (sgml) {
        /* Newswire is wrapped; its first line is often short (Reuters puts the dateline
         * before it), which would spoil the width test of a small document. */
        *wrapped = 1;
        return;
    }
    if (nsent * 10 >= njoin * 6)
        return;
    /* the 90th percentile of the widths: the one at rank nshort * 9 / 10 in sorted order */
    size_t rank = nshort * 9 / 10 < nshort ? nshort * 9 / 10 : nshort - 1, seen = 0;
    unsigned w = 0;
    while (seen + hist[w] <= rank)
        seen += hist[w++];
    if (w < 30)
        return;
    size_t nfull = 0;
    for (unsigned v = 0; v <= WIDTH_MAX; v++)
        nfull += v * 10 >= w * 6 ? hist[v] : 0;
    if (nfull * 10 < njoin * 7 && nlower * 2 < njoin)
        return;
    *wrapped = 1;
    *width = w;
}

/* The indentation of continuation lines: the most common one among lines that run on from
 * the line above (non-blank line above, lowercase start), else among all lines. A paragraph
 * start is indented past it. Taking the mode of all lines alone fails when most paragraphs
 * are one or two lines: the paragraph indentation then wins. */
static unsigned common_indent(const line_stats *s)
{
    const size_t *use = s->nrun ? s->count : s->all;
    unsigned best = 0;
    for (unsigned k = 1; k <= INDENT_MAX; k++)
        if (use[k] > use[best])
            best = k;
    return best;
}

/* One character of text from source offset src: a new breakpoint of the map unless it
 * lies where the current run of the map puts it (docs.h). */
/* The map's breakpoint for text offset `at` from source offset src, unless the current run
 * of the map already puts it there. */
static mds_status map_grow(ctx *c)
{
    mds__docmap *m = &c->map;
    if (mds__grow((void **)&m->at, &c->capat, m->n + 1, sizeof *m->at) ||
        mds__grow((void **)&m->src, &c->capmap, m->n + 1, sizeof *m->src))
        return MDS_ENOMEM;
    return MDS_OK;
}

static inline mds_status map_at(ctx *c, size_t at, uint64_t src)
{
    mds__docmap *m = &c->map;
    if (m->n && src == m->src[m->n - 1] + (at - m->at[m->n - 1]))
        return MDS_OK;
    if ((m->n >= c->capat || m->n >= c->capmap) && map_grow(c))
        return MDS_ENOMEM;
    m->at[m->n] = (uint32_t)at;
    m->src[m->n++] = src;
    return MDS_OK;
}

/* n bytes at the end of the text: in place while there is room, else the buffer grows. */
static inline mds_status text_put(ctx *c, const void *s, size_t n)
{
    mds__buf *t = &c->text;
    if (!t->data || t->cap - t->len <= n)
        return mds__buf_append(t, s, n) ? MDS_ENOMEM : MDS_OK;
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
    return MDS_OK;
}

static inline mds_status out_cp(ctx *c, uint32_t cp, uint64_t src)
{
    unsigned char u[4];
    size_t n, at = c->text.len;
    mds_status st;
    if (at > UINT32_MAX - 4)
        return MDS_EFORMAT; /* text offsets are 32-bit: a document is too large */
    if ((st = map_at(c, at, src)))
        return st;
    if (cp < 0x80)
        u[0] = (unsigned char)cp, n = 1;
    else
        n = mds__utf8_put(cp, u);
    return text_put(c, u, n);
}

static mds_status out_byte(ctx *c, unsigned char b, uint64_t src) { return out_cp(c, b, src); }

/* The length of the character at d[q] when the fast paths copy it as it is: a visible ASCII
 * byte other than ` and ' (and < and & in SGML), or the valid UTF-8 of a visible character
 * that ends by lim; else 0. */
static inline size_t plain_at(const ctx *c, const dec *r, size_t q, size_t lim)
{
    unsigned k = btab[c->d[q]];
    if (k == B_VIS || (k == B_MARK && !r->sgml))
        return 1;
    if (k != B_HIGH)
        return 0;
    uint32_t cp;
    const char *why;
    size_t len = utf8_dec(c->d + q, r->end - q, &cp, &why);
    if (!len || len > lim - q || cp == 0x2028 || cp == 0x2029 || char_class(cp) != C_VIS)
        return 0;
    return len;
}

/* n bytes of text as the source has them (ASCII and valid UTF-8), from source offsets src,
 * src + 1, ...: out_cp for each character, in one go. */
static inline mds_status out_run(ctx *c, const unsigned char *s, size_t n, uint64_t src)
{
    size_t at = c->text.len;
    if (at + n - 1 > UINT32_MAX - 4) /* as out_cp says at the first character past the limit */
        for (size_t i = 0; i < n; i++)
            if ((s[i] & 0xC0) != 0x80 && at + i > UINT32_MAX - 4)
                return MDS_EFORMAT;
    mds_status st = map_at(c, at, src);
    if (st)
        return st;
    return text_put(c, s, n);
}

/* The state of a paragraph being emitted. */
typedef struct para_out {
    size_t start;      /* where its text starts */
    int any, pending;  /* something visible came; a space is due before the next visible */
    uint64_t pend_src; /* where the due space's whitespace starts */
    uint64_t end_src;  /* just past the last visible character's source */
} para_out;

/* Before visible text from source offset src: the paragraph separator or the due space. */
static inline mds_status para_visible(ctx *c, para_out *o)
{
    mds_status st;
    if (!o->any) {
        if (c->npara && (st = out_byte(c, '\n', c->last_end)))
            return st;
        o->start = c->text.len;
        o->any = 1;
    }
    if (o->pending && (st = out_byte(c, ' ', o->pend_src)))
        return st;
    o->pending = 0;
    return MDS_OK;
}

/* Where the run of bytes from q that emit_para copies as they are ends, sixteen at a time while
 * the byte after them lies before lim (the rest is emit_para's to read one by one): visible
 * ASCII but for ` and ' (and < and & in SGML); a space before such a byte; a ` or ' before
 * another byte than itself (and than < and & in SGML). */
static inline size_t emit_run(const unsigned char *d, size_t q, size_t lim, int sgml)
{
    while (lim - q >= 17) {
        u8x16 x = load16(d + q), y = load16(d + q + 1);
        m8x16 qx = (m8x16)(x == '`') | (m8x16)(x == '\'');
        m8x16 qy = (m8x16)(y == '`') | (m8x16)(y == '\'');
        m8x16 other_y = not_visible16(y, sgml); /* < and & among them in SGML */
        m8x16 not_lone = (m8x16)(x == y);
        if (sgml)
            not_lone |= (m8x16)(y == '<') | (m8x16)(y == '&');
        /* not plain, and neither a space before plain nor a lone quote */
        m8x16 stop = (not_visible16(x, sgml) | qx) & ~((m8x16)(x == ' ') & ~(other_y | qy)) &
                     ~(qx & ~not_lone);
        size_t k = first_set16(stop);
        q += k;
        if (k < 16)
            return q;
    }
    return q;
}

/* Normalizes the items of the region from source offset a up to (not including) b into one
 * paragraph (nothing when it has nothing visible). r reads the region. Runs of plain text are
 * copied as they are; markup, entities, doubled quotes, other bytes and cuts go item by item. */
static mds_status emit_para(ctx *c, dec r, size_t a, size_t b)
{
    const unsigned char *d = c->d;
    para_out o = {0};
    mds_status st;
    item cur, nxt;
    seek(c, &r, a);
    r.emit = 1;
    r.limit = b;
    for (;;) {
        size_t p = r.pos, lim = fast_limit(c, &r);
        if (lim > b)
            lim = b;
        while (p < lim) {
            unsigned k = btab[d[p]];
            if (k >= B_SP && k <= B_CR) {
                /* whitespace: the due space, if anything visible came before it */
                if (o.any && !o.pending)
                    o.pending = 1, o.pend_src = p;
                p += k == B_CR && p + 1 < r.end && d[p + 1] == '\n' ? 2 : 1;
                continue;
            }
            size_t n = plain_at(c, &r, p, lim);
            if (n) {
                /* a run of text copied as it is: visible characters; a single space between
                 * two of them (it would be the due space, from its own source byte); a lone `
                 * or ' (the next item is the next byte, another character) */
                size_t q = p + n;
                while (q < lim) {
                    if ((q = emit_run(d, q, lim, r.sgml)) >= lim)
                        break;
                    unsigned kq = btab[d[q]];
                    if (kq == B_VIS || (kq == B_MARK && !r.sgml)) {
                        q++;
                        continue;
                    }
                    if (kq == B_HIGH && (n = plain_at(c, &r, q, lim))) {
                        q += n;
                        continue;
                    }
                    if (q + 1 >= lim)
                        break;
                    if (d[q] == ' ' && (n = plain_at(c, &r, q + 1, lim))) {
                        q += 1 + n;
                        continue;
                    }
                    unsigned kn = btab[d[q + 1]];
                    if (kq == B_QUOTE && d[q + 1] != d[q] && !(kn == B_MARK && r.sgml)) {
                        q++; /* a non-ASCII character after it is no quote either */
                        continue;
                    }
                    break;
                }
                if ((st = para_visible(c, &o)) || (st = out_run(c, d + p, q - p, p)))
                    return st;
                o.end_src = q;
                p = q;
            } else if (k == B_QUOTE) {
                /* the next item is the next byte when that is plain ASCII before lim */
                if (p + 1 >= lim || btab[d[p + 1]] == B_HIGH ||
                    (btab[d[p + 1]] == B_MARK && r.sgml))
                    break;
                if ((st = para_visible(c, &o)))
                    return st;
                if (d[p + 1] == d[p]) {
                    st = out_cp(c, d[p] == '`' ? 0x201C : 0x201D, p);
                    o.end_src = p + 2;
                    p += 2;
                } else {
                    st = out_cp(c, d[p], p);
                    o.end_src = p + 1;
                    p++;
                }
                if (st)
                    return st;
            } else if (k == B_IGN) {
                p++;
            } else if (k == B_HIGH) {
                /* not visible (plain_at said no): Unicode whitespace, a line separator, an
                 * invisible character; or no UTF-8, or past lim: the general reader's */
                uint32_t cp;
                const char *why;
                size_t len = utf8_dec(d + p, r.end - p, &cp, &why);
                if (!len || len > lim - p)
                    break;
                int cl = cp == 0x2028 || cp == 0x2029 ? C_NL : char_class(cp);
                if (cl == C_VIS)
                    break;
                if (cl != C_IGN && o.any && !o.pending)
                    o.pending = 1, o.pend_src = p;
                p += len;
            } else {
                break;
            }
        }
        r.pos = p;
        if (!next_item(c, &r, &cur) || cur.src >= b)
            break;
        int cl = char_class(cur.cp);
        if (cl == C_IGN)
            continue;
        if (cl == C_WS || cl == C_NL) {
            if (o.any && !o.pending)
                o.pending = 1, o.pend_src = cur.src;
            continue;
        }
        if ((st = para_visible(c, &o)))
            return st;
        uint32_t cp = cur.cp;
        o.end_src = cur.src + cur.len;
        if (cp == '`' || cp == '\'') {
            dec peek = r;
            if (next_item(c, &peek, &nxt) && nxt.src < b && nxt.cp == cp) {
                o.end_src = nxt.src + nxt.len;
                cp = cp == '`' ? 0x201C : 0x201D;
                r = peek;
            }
        }
        if ((st = out_cp(c, cp, cur.src)))
            return st;
    }
    if (!o.any)
        return MDS_OK;
    if (c->text.len > UINT32_MAX - 1)
        return MDS_EFORMAT;
    if (c->npara == c->cappara &&
        mds__grow((void **)&c->paras, &c->cappara, c->npara + 1, sizeof *c->paras))
        return MDS_ENOMEM;
    c->paras[c->npara++] = (mds__para){.span = {(uint32_t)o.start, (uint32_t)c->text.len}};
    c->last_end = o.end_src;
    return MDS_OK;
}

/* emit_para, marking the paragraph a heading when `heading` says so. */
static mds_status emit_heading(ctx *c, dec r, size_t a, size_t b, int heading)
{
    size_t before = c->npara;
    mds_status st = emit_para(c, r, a, b);
    if (!st && heading && c->npara > before)
        c->paras[c->npara - 1].heading = 1;
    return st;
}

/* Source bytes [from, to) into paragraphs of the current document, reading the lines twice
 * (their statistics, then the paragraphs) and each paragraph's items once more to emit it.
 * `sgml`: the prose of an SGML document, where paragraphs are marked by <P> or by
 * indentation and a short first line is usual (Reuters puts the dateline before it), so
 * short lines do not end paragraphs. */
static mds_status build_paras(ctx *c, size_t from, size_t to, int sgml)
{
    size_t no_close = SIZE_MAX;
    dec r = {.pos = from, .end = to, .sgml = sgml, .no_close = &no_close};
    /* room for the text at once: it is about as long as its source (markup left out, a
     * doubled quote a byte longer; finish_doc gives back what a text far shorter leaves) */
    if (mds__buf_reserve(&c->text, to - from))
        return MDS_ENOMEM;
    /* and for the map: a breakpoint or two a line of prose, up to a few pages' worth */
    size_t nmap = c->map.n + ((to - from) / 32 < 1024 ? (to - from) / 32 : 1024) + 16;
    if (mds__grow((void **)&c->map.at, &c->capat, nmap, sizeof *c->map.at) ||
        mds__grow((void **)&c->map.src, &c->capmap, nmap, sizeof *c->map.src))
        return MDS_ENOMEM;
    line_stats *s = mds__malloc(sizeof *s);
    if (!s)
        return MDS_ENOMEM;
    line_cache lc = {.lost = c->slow}; /* the slow path reads them twice, as it always did */
    read_stats(c, r, s, &lc);
    int wrapped;
    unsigned w;
    unsigned base = common_indent(s);
    if (s->has_break || (c->hyg && c->hyg->blocks)) {
        wrapped = 1;
        w = 0; /* <P> (or Markdown's blank lines) mark paragraph ends: no guessing */
    } else {
        detect_wrap(s, base, sgml, &wrapped, &w);
    }
    mds__free(s);
    if (sgml)
        w = 0;
    mds_status st = MDS_OK;
    size_t first = SIZE_MAX; /* where the open paragraph starts */
    line prev = {0}, cur;
    int brk = 0, heading = 0;
    size_t mk = 0; /* the next line mark of c->hyg */
    dec lines = r;
    size_t li = 0;
    do {
        if (!lc.lost)
            cur = lc.v[li++];
        else
            scan_line(c, &lines, brk, &cur);
        /* hygiene: Markdown blocks (headings, list items, quotes) start paragraphs */
        uint32_t mark = 0;
        while (c->hyg && mk < c->hyg->nmarks && c->hyg->marks[mk].at < cur.a)
            mk++;
        if (c->hyg && mk < c->hyg->nmarks && c->hyg->marks[mk].at == cur.a)
            mark = c->hyg->marks[mk].flags;
        /* An indented line that starts lowercase after a line that ends no sentence runs on
         * (stray indentation in the middle of a sentence). */
        int indented = cur.indent > base &&
                       !(cur.lowerstart && first != SIZE_MAX && !prev.endsent);
        int joined = (mark & MDS__LINE_JOINED) != 0; /* "compres-" / "sion" */
        int starts = !cur.blank &&
                     (first == SIZE_MAX || cur.brk || indented || (mark & MDS__LINE_START) ||
                      (!joined && (!wrapped || (w && prev.cols * 2 < w))));
        if (first != SIZE_MAX && (cur.blank || cur.brk || starts)) {
            if ((st = emit_heading(c, r, first, prev.b, heading))) {
                mds__free(lc.v);
                return st;
            }
            first = SIZE_MAX;
        }
        if (starts) {
            first = cur.a;
            heading = (mark & MDS__LINE_HEADING) != 0;
        }
        brk = cur.next_brk;
        prev = cur;
    } while (cur.more);
    mds__free(lc.v);
    if (first != SIZE_MAX)
        st = emit_heading(c, r, first, prev.b, heading);
    return st;
}

/* Source bytes [from, to) into paragraphs as build_paras reads them, with the hygiene of
 * text/hygiene.h: `what` (MDS__HYG_*) of it, hyphens judged by `lex`. The cuts are kept for
 * the document (what printing leaves out). */
static mds_status build_clean(ctx *c, size_t from, size_t to, int sgml, unsigned what,
                              const mds__lexicon *lex)
{
    mds__hygiene h = {0};
    mds_status st = mds__hygiene_scan(c->d, from, to, what, lex, &h);
    if (!st && h.ncuts) {
        mds__srcspan *k = mds__realloc(c->cuts, (c->ncuts + h.ncuts) * sizeof *k);
        if (!k) {
            st = MDS_ENOMEM;
        } else {
            c->cuts = k;
            for (size_t i = 0; i < h.ncuts; i++)
                k[c->ncuts++] = (mds__srcspan){h.cuts[i].a, h.cuts[i].b};
        }
    }
    if (!st) {
        c->hyg = h.ncuts || h.nmarks || h.blocks ? &h : NULL;
        st = build_paras(c, from, to, sgml);
        c->hyg = NULL;
    }
    mds__hygiene_free(&h);
    return st;
}

static void reset_doc(ctx *c)
{
    mds__buf_free(&c->text);
    mds__free(c->map.at);
    mds__free(c->map.src);
    mds__free(c->paras);
    mds__free(c->cuts);
    c->cuts = NULL;
    c->ncuts = 0;
    c->map = (mds__docmap){0};
    c->paras = NULL;
    c->capat = c->capmap = c->cappara = c->npara = 0;
    c->last_end = 0;
}

/* Moves the built text into a new document of *list; skips a document without paragraphs
 * (freeing id, date and headline). */
static mds_status finish_doc(ctx *c, uint32_t source, char *id, char *date, char *headline,
                             mds__doc **list, size_t *n, size_t *cap)
{
    mds_status st = MDS_OK;
    if (!c->npara)
        goto out;
    if (!id || mds__grow((void **)list, cap, *n + 1, sizeof **list)) {
        st = MDS_ENOMEM;
        goto out;
    }
    /* the breakpoints made to measure; the end: just past the last paragraph */
    mds__docmap m = c->map;
    if (m.n < c->capmap || m.n < c->capat) {
        uint32_t *at = mds__realloc(m.at, m.n * sizeof *m.at);
        uint64_t *src = at ? mds__realloc(m.src, m.n * sizeof *m.src) : NULL;
        if (at)
            c->map.at = m.at = at;
        if (src)
            c->map.src = m.src = src;
        if (!at || !src) {
            st = MDS_ENOMEM;
            goto out;
        }
    }
    m.end = c->last_end;
    mds__doc *doc = &(*list)[(*n)++];
    *doc = (mds__doc){.source = source, .id = id, .date = date, .headline = headline,
                      .map = m, .paras = c->paras, .npara = c->npara,
                      .cuts = c->cuts, .ncuts = c->ncuts};
    /* the text's room was reserved for as long as its source: what it does not use goes
     * back (where it cannot, it stays) */
    if (c->text.data && c->text.cap - c->text.len > 64) {
        char *t = mds__realloc(c->text.data, c->text.len + 1);
        if (t) {
            c->text.data = t;
            c->text.cap = c->text.len + 1;
        }
    }
    doc->text = mds__buf_steal(&c->text, &doc->text_len);
    c->map = (mds__docmap){0};
    c->paras = NULL;
    c->cuts = NULL;
    c->ncuts = 0;
    reset_doc(c);
    return MDS_OK;
out:
    mds__free(id);
    mds__free(date);
    mds__free(headline);
    reset_doc(c);
    return st;
}

/* ---- SGML -------------------------------------------------------------------------------- */

/* Finds the next tag <name ...> (or </name ...> with closing) in d[from, to): its start and
 * the offset past its '>'. */
static int find_tag(const unsigned char *d, size_t from, size_t to, const char *name,
                    int closing, size_t *ts, size_t *te)
{
    size_t n = strlen(name);
    for (size_t p = from; p < to; p++) {
        const unsigned char *lt = memchr(d + p, '<', to - p);
        if (!lt)
            return 0;
        p = (size_t)(lt - d);
        size_t q = p + 1;
        if (closing) {
            if (q >= to || d[q] != '/')
                continue;
            q++;
        }
        if (!has_word(d, q, to, name) || q + n >= to)
            continue;
        int delim = d[q + n];
        if (delim != '>' && !is_space(delim) && delim != '/')
            continue;
        size_t e = q + n;
        while (e < to && d[e] != '>')
            e++;
        if (e >= to)
            return 0;
        *ts = p;
        *te = e + 1;
        return 1;
    }
    return 0;
}

/* The content of the first <name>...</name> in d[from, to). */
static int find_element(const unsigned char *d, size_t from, size_t to, const char *name,
                        size_t *cs, size_t *ce)
{
    size_t ts, te, cts, cte;
    if (!find_tag(d, from, to, name, 0, &ts, &te) || !find_tag(d, te, to, name, 1, &cts, &cte))
        return 0;
    *cs = te;
    *ce = cts;
    return 1;
}

/* A field's text with markup decoded and whitespace collapsed; NULL in *out when empty. */
static mds_status field_text(ctx *c, size_t from, size_t to, char **out)
{
    *out = NULL;
    size_t no_close = SIZE_MAX;
    dec r = {.pos = from, .end = to, .sgml = 1, .no_close = &no_close};
    mds_status st = MDS_OK;
    mds__buf b = {0};
    int pending = 0;
    item t;
    const unsigned char *d = c->d;
    for (;;) {
        /* the fast path: runs of visible ASCII appended as they are, ASCII whitespace and
         * control characters read in place; markup, entities and other bytes as items */
        size_t p = r.pos;
        while (!c->slow && !c->hyg && !st && p < r.end) {
            unsigned k = btab[d[p]];
            if (k == B_VIS || k == B_QUOTE) {
                size_t q = p + 1;
                while (q < r.end && btab[d[q]] <= B_QUOTE)
                    q++;
                if (pending)
                    st = mds__buf_putc(&b, ' ');
                pending = 0;
                if (!st)
                    st = mds__buf_append(&b, d + p, q - p);
                p = q;
            } else if (k == B_SP || k == B_TAB || k == B_NL || k == B_CR) {
                pending = b.len > 0;
                p++;
            } else if (k == B_IGN) {
                p++;
            } else {
                break;
            }
        }
        r.pos = p;
        if (st || !next_item(c, &r, &t))
            break;
        int cl = t.cp == CP_BREAK ? C_WS : char_class(t.cp);
        if (cl == C_IGN)
            continue;
        if (cl != C_VIS) {
            pending = b.len > 0;
            continue;
        }
        unsigned char u[4];
        if (pending)
            st = mds__buf_putc(&b, ' ');
        pending = 0;
        if (!st)
            st = mds__buf_append(&b, u, mds__utf8_put(t.cp, u));
    }
    if (!st && b.len)
        *out = mds__buf_steal(&b, NULL);
    mds__buf_free(&b);
    return st;
}

static mds_status field(ctx *c, size_t from, size_t to, const char *name, const char *alt,
                        char **out)
{
    size_t cs, ce;
    *out = NULL;
    if (find_element(c->d, from, to, name, &cs, &ce))
        return field_text(c, cs, ce, out);
    if (alt && find_element(c->d, from, to, alt, &cs, &ce))
        return field_text(c, cs, ce, out);
    return MDS_OK;
}

/* The visible characters of d[from, to) read as SGML prose (no hygiene applies yet), counted
 * up to `most`: the count stops there. */
static void count_visible(const ctx *c, size_t from, size_t to, size_t most, size_t *count)
{
    size_t no_close = SIZE_MAX;
    dec r = {.pos = from, .end = to, .sgml = 1, .no_close = &no_close};
    const unsigned char *d = c->d;
    item t;
    size_t n = 0;
    for (;;) {
        size_t p = r.pos, lim = fast_limit(c, &r);
        /* sixteen bytes at once while none is markup or non-ASCII */
        while (lim - p >= 16 && most - n >= 16) {
            u8x16 x = load16(d + p);
            if (any16((m8x16)((s8x16)x < 0) | (m8x16)(x == '<') | (m8x16)(x == '&')))
                break;
            n += (size_t)__builtin_popcount(mask16(~not_visible16(x, 1)));
            p += 16;
        }
        while (p < lim && n < most) {
            unsigned k = btab[d[p]];
            if (k == B_MARK || k == B_HIGH)
                break;
            n += k <= B_QUOTE;
            p += k == B_CR && p + 1 < r.end && d[p + 1] == '\n' ? 2 : 1;
        }
        r.pos = p;
        if (n >= most || !next_item(c, &r, &t))
            break;
        n += t.cp != CP_BREAK && char_class(t.cp) == C_VIS;
    }
    *count = n;
}

/* Some NYT documents of DUC put the story between </HEADLINE> and <TEXT> inside <BODY> and
 * only a distribution note in <TEXT>. When the text after the last element before <TEXT> is
 * larger than <TEXT> itself, the prose starts there instead (the <TEXT> tag in between reads
 * as a blank line). *ps is the start of the <TEXT> content, pe its end. */
static mds_status nyt_prose(ctx *c, size_t from, size_t to, size_t *ps, size_t pe)
{
    size_t bs, be, ts, te;
    if (!find_element(c->d, from, to, "BODY", &bs, &be) || *ps < bs || pe > be ||
        !find_tag(c->d, bs, *ps, "TEXT", 0, &ts, &te))
        return MDS_OK;
    size_t rs = bs;
    for (size_t p = bs; p + 1 < ts; p++) {
        const unsigned char *lt = memchr(c->d + p, '<', ts - 1 - p);
        if (!lt)
            break;
        p = (size_t)(lt - c->d);
        if (c->d[p + 1] != '/')
            continue;
        size_t q = p;
        while (q < ts && c->d[q] != '>')
            q++;
        if (q == ts)
            break; /* no '>' before <TEXT>: none for a later "</" either */
        rs = q + 1;
        p = q; /* each "</" before q ends at q too: scan on from there */
    }
    /* whether outside > inside: inside counted no further than outside */
    size_t outside, inside;
    count_visible(c, rs, ts, SIZE_MAX, &outside);
    count_visible(c, *ps, pe, outside, &inside);
    if (outside > inside)
        *ps = rs;
    return MDS_OK;
}

/* NEWID="..." in a <REUTERS ...> tag. */
static mds_status newid(const unsigned char *d, size_t ts, size_t te, char **out)
{
    *out = NULL;
    for (size_t p = ts; p + 6 < te; p++) {
        if (!is_space(d[p]) || !has_word(d, p + 1, te, "NEWID="))
            continue;
        size_t q = p + 7, e;
        int quote = q < te && (d[q] == '"' || d[q] == '\'') ? d[q++] : 0;
        for (e = q; e < te && d[e] != '>' && (quote ? d[e] != quote : !is_space(d[e])); e++)
            ;
        if (e == q)
            return MDS_OK;
        if (!(*out = mds__malloc(e - q + 1)))
            return MDS_ENOMEM;
        memcpy(*out, d + q, e - q);
        (*out)[e - q] = '\0';
        return MDS_OK;
    }
    return MDS_OK;
}

static char *numbered_id(const char *base, size_t k)
{
    if (k == 1)
        return mds__strdup(base);
    size_t n = strlen(base) + 24;
    char *s = mds__malloc(n);
    if (s)
        snprintf(s, n, "%s#%zu", base, k);
    return s;
}

/* Where the next document element starts: <DOC> or <REUTERS ...>. One pass for both names,
 * so a file of a thousand documents is read once, not once per document. */
static int find_doc_open(const unsigned char *d, size_t from, size_t to, int *reuters,
                         size_t *ts, size_t *te)
{
    for (size_t p = from; p < to; p++) {
        const unsigned char *lt = memchr(d + p, '<', to - p);
        if (!lt)
            return 0;
        p = (size_t)(lt - d);
        size_t n;
        if (has_word(d, p + 1, to, "DOC"))
            n = 3;
        else if (has_word(d, p + 1, to, "REUTERS"))
            n = 7;
        else
            continue;
        size_t e = p + 1 + n;
        if (e >= to || (d[e] != '>' && !is_space(d[e])))
            continue;
        while (e < to && d[e] != '>')
            e++;
        if (e >= to)
            return 0;
        *reuters = n == 7;
        *ts = p;
        *te = e + 1;
        return 1;
    }
    return 0;
}

static mds_status ingest_sgml(ctx *c, size_t start, uint32_t source, const char *base_id,
                              const mds__lexicon *lex, mds__doc **list, size_t *n, size_t *cap,
                              mds__ingest_error *err)
{
    const unsigned char *d = c->d;
    size_t pos = start, k = 0;
    int reuters;
    size_t ts, te;
    while (find_doc_open(d, pos, c->size, &reuters, &ts, &te)) {
        const char *name = reuters ? "REUTERS" : "DOC";
        size_t cs, ce, nts, nte;
        int nre;
        if (!find_tag(d, te, c->size, name, 1, &cs, &ce) ||
            (find_doc_open(d, te, cs, &nre, &nts, &nte))) {
            mds__ingest_set_error(err, (int64_t)ts,
                "unterminated <%s> element (no </%s> before the next document or the end)",
                name, name);
            return MDS_EFORMAT;
        }
        k++;
        char *id = NULL, *date = NULL, *headline = NULL;
        mds_status st = field(c, te, cs, "DOCNO", NULL, &id);
        if (!st && !id && reuters)
            st = newid(d, ts, te, &id);
        if (!st && !id && !(id = numbered_id(base_id, k)))
            st = MDS_ENOMEM;
        if (!st)
            st = field(c, te, cs, "DATE_TIME", "DATE", &date);
        if (!st)
            st = field(c, te, cs, "HEADLINE", "TITLE", &headline);
        size_t ps, pe;
        if (!st && find_element(d, te, cs, reuters ? "BODY" : "TEXT", &ps, &pe)) {
            if (!reuters)
                st = nyt_prose(c, te, cs, &ps, pe);
            if (!st)
                st = build_clean(c, ps, pe, 1, MDS__HYG_JOIN, lex);
        }
        if (st) {
            mds__free(id);
            mds__free(date);
            mds__free(headline);
            reset_doc(c);
            return st;
        }
        if ((st = finish_doc(c, source, id, date, headline, list, n, cap)))
            return st;
        pos = ce;
    }
    if (!k) {
        mds__ingest_set_error(err, (int64_t)start,
            "SGML input without a complete <DOC> or <REUTERS> element");
        return MDS_EFORMAT;
    }
    return MDS_OK;
}

/* SGML if, past whitespace and a <!DOCTYPE ...> or <?...?>, the data starts a document. */
static int looks_sgml(const unsigned char *d, size_t pos, size_t size)
{
    for (int round = 0; round < 4; round++) {
        while (pos < size && is_space(d[pos]))
            pos++;
        if (has_word(d, pos, size, "<!DOCTYPE") || has_word(d, pos, size, "<?")) {
            while (pos < size && d[pos] != '>')
                pos++;
            if (pos == size)
                return 0; /* no '>': not markup, plain text */
            pos++;
            continue;
        }
        break;
    }
    if (pos >= size || d[pos] != '<')
        return 0;
    if (has_word(d, pos, size, "<DOC") && pos + 4 < size && (d[pos + 4] == '>' || is_space(d[pos + 4])))
        return 1;
    return has_word(d, pos, size, "<REUTERS") && pos + 8 < size &&
           (d[pos + 8] == '>' || is_space(d[pos + 8]));
}

/* ---- validation -------------------------------------------------------------------------- */

/* Eight bytes at once: whether any of them is below 0x20 or is 0x7F (a control character,
 * a line break, a tab), and whether any is 0x80 or more. */
#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)
static uint64_t word_at(const unsigned char *p)
{
    uint64_t x;
    memcpy(&x, p, sizeof x);
    return x;
}
static int word_has_ctl(uint64_t x)
{
    /* a byte below n (n <= 128) sets its high bit in (x - n * ONES) & ~x; 0x7F is 0 in x ^ 0x7F */
    uint64_t y = x ^ (0x7F * ONES);
    return (((x - 0x20 * ONES) & ~x) | ((y - ONES) & ~y)) & HIGHS ? 1 : 0;
}

/* Sixteen bytes at once: whether any of them is a control character that validate counts (below
 * 0x20 but \t \n \r \f, NUL included, or 0x7F). */
static inline int ctl16(const unsigned char *p)
{
    u8x16 x = load16(p);
    s8x16 sx = (s8x16)x;
    m8x16 low = (m8x16)(sx >= 0) & (m8x16)(sx < 0x20);
    m8x16 fine = (m8x16)(x == '\t') | (m8x16)(x == '\n') | (m8x16)(x == '\r') | (m8x16)(x == '\f');
    return any16((low & ~fine) | (m8x16)(x == 0x7F));
}

static mds_status validate(const ctx *c, size_t start, mds__ingest_error *err)
{
    const unsigned char *d = c->d;
    size_t ctl = 0, first_ctl = 0;
    for (size_t i = start, stop = start; i < c->size; i++) {
        /* sixteen bytes at once past those without control characters (line breaks and tabs
         * are none), then eight; where one is, those bytes one by one */
        if (i >= stop && !c->slow) {
            while (c->size - i >= 16 && !ctl16(d + i))
                i += 16;
            while (c->size - i >= 8 && !word_has_ctl(word_at(d + i)))
                i += 8;
            stop = c->size - i >= 8 ? i + 8 : c->size;
            if (i >= c->size)
                break;
        }
        unsigned char b = d[i];
        if (b == 0) {
            mds__ingest_set_error(err, (int64_t)i, "NUL byte: binary data, not text");
            return MDS_EBINARY;
        }
        if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') || b == 0x7F) {
            if (!ctl++)
                first_ctl = i;
        }
    }
    if (ctl && ctl * 10 > c->size - start) {
        mds__ingest_set_error(err, (int64_t)first_ctl,
            "%zu control characters in %zu bytes: binary data, not text", ctl, c->size - start);
        return MDS_EBINARY;
    }
    if (c->latin1)
        return MDS_OK;
    for (size_t i = start; i < c->size;) {
        if (!c->slow && c->size - i >= 32) {
            u8x16 x = load16(d + i) | load16(d + i + 16);
            if (!any16((m8x16)((s8x16)x < 0))) {
                i += 32;
                continue;
            }
        }
        if (!c->slow && c->size - i >= 8 && !(word_at(d + i) & HIGHS)) {
            i += 8;
            continue;
        }
        if (d[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        const char *why = "";
        size_t len = utf8_dec(d + i, c->size - i, &cp, &why);
        if (!len) {
            mds__ingest_set_error(err, (int64_t)i, "invalid UTF-8 byte 0x%02x (%s)", d[i], why);
            return MDS_EUTF8;
        }
        i += len;
    }
    return MDS_OK;
}

/* ---- entry ------------------------------------------------------------------------------- */

/* A UTF-16 byte order mark: the first verdict of mds__ingest. */
static int utf16_bom(const unsigned char *data, size_t size, mds__ingest_error *err)
{
    if (size < 2 || !((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
        return 0;
    mds__ingest_set_error(err, 0,
        "UTF-16 text (byte order mark 0x%02x 0x%02x): convert it to UTF-8", data[0], data[1]);
    return 1;
}

mds_status mds__ingest_check_block(const unsigned char *data, size_t from, size_t to,
                                   mds__ingest_error *err)
{
    if (err) {
        err->offset = -1;
        err->msg[0] = '\0';
    }
    if (!data || from > to)
        return MDS_EINVAL;
    /* UTF-16 with its byte order mark is text (text/encoding.h converts it), NULs and all:
     * the mark is decided once two bytes are in, whichever block brought them */
    if (to >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
        return MDS_OK;
    /* validate() reports the first NUL of the file: it lies in the first block that has one */
    const unsigned char *nul = memchr(data + from, 0, to - from);
    if (nul) {
        mds__ingest_set_error(err, (int64_t)(nul - data), "NUL byte: binary data, not text");
        return MDS_EBINARY;
    }
    return MDS_OK;
}

mds_status mds__ingest(const unsigned char *data, size_t size, uint32_t source,
                       const char *base_id, const mds__ingest_opts *opts, mds__doc **docs,
                       size_t *n, size_t *cap, mds__ingest_error *err)
{
    if (err) {
        err->offset = -1;
        err->msg[0] = '\0';
    }
    if ((!data && size) || !docs || !n || !cap)
        return MDS_EINVAL;
    if (!base_id)
        base_id = "doc";
    ctx c = {.d = data, .size = size, .latin1 = opts && opts->latin1_fallback,
             .slow = opts && opts->slow};
    const mds__lexicon *lex = opts ? opts->lexicon : NULL;
    mds__doc *list = NULL;
    size_t nlist = 0, caplist = 0;
    mds_status st;

    size_t start = 0;
    if (size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
        start = 3;
    else if (utf16_bom(data, size, err))
        return MDS_EBINARY;
    if ((st = validate(&c, start, err)))
        return st;

    int html = opts && opts->format ? opts->format == MDS__INPUT_HTML
                                    : !looks_sgml(data, start, size) && mds__html_sniff(data, start, size);
    if (html) { /* issue 12: a web page, reduced to its article (text/html.c) */
        st = mds__html_ingest(data, start, size, source, base_id, &list, &nlist, &caplist,
                              err ? err->msg : NULL, err ? sizeof err->msg : 0);
    } else if (looks_sgml(data, start, size)) {
        st = ingest_sgml(&c, start, source, base_id, lex, &list, &nlist, &caplist, err);
    } else {
        char *id = mds__strdup(base_id);
        /* plain text: quoting, hyphenated breaks, and Markdown where it reads as Markdown */
        unsigned what = MDS__HYG_JOIN | MDS__HYG_QUOTE;
        if (mds__hygiene_is_markdown(data, start, size))
            what |= MDS__HYG_MARKDOWN;
        st = build_clean(&c, start, size, 0, what, lex);
        if (st) {
            mds__free(id);
            reset_doc(&c);
        } else {
            st = finish_doc(&c, source, id, NULL, NULL, &list, &nlist, &caplist);
        }
    }
    if (st)
        goto fail;
    if (nlist) {
        if (mds__grow((void **)docs, cap, *n + nlist, sizeof **docs)) {
            st = MDS_ENOMEM;
            goto fail;
        }
        memcpy(*docs + *n, list, nlist * sizeof *list);
        *n += nlist;
    }
    mds__free(list);
    goto done;
fail:
    for (size_t i = 0; i < nlist; i++)
        mds__doc_free(&list[i]);
    mds__free(list);
    if (st == MDS_ENOMEM)
        mds__ingest_set_error(err, -1, "out of memory");
    else if (st == MDS_EFORMAT && err && !err->msg[0])
        mds__ingest_set_error(err, -1, "a document is too large");
done:
    reset_doc(&c);
    return st;
}
