/* SPDX-License-Identifier: MIT */
/* Text hygiene: cuts for hyphenated line breaks, quoting and Markdown syntax; prefixes at
 * sentence starts. The rules are in hygiene.h; why they are what they are is said where each
 * one is decided. */
#include "util/alloc.h"
#include "text/hygiene.h"
#include "text/chars.h"

#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>

#include "util/buf.h"
#include "util/strset.h"

/* ---- characters -------------------------------------------------------------------------- */

/* The line break at p: its length, 0 for none (ingest's breaks: \n, \r\n, \r, U+2028/9). */
static size_t brk_len(const unsigned char *d, size_t p, size_t to)
{
    if (d[p] == '\n')
        return 1;
    if (d[p] == '\r')
        return p + 1 < to && d[p + 1] == '\n' ? 2 : 1;
    if (d[p] == 0xE2 && p + 2 < to && d[p + 1] == 0x80 && (d[p + 2] == 0xA8 || d[p + 2] == 0xA9))
        return 3;
    return 0;
}

/* The end of the line that starts at p (where its break starts); *next: the next line. */
static size_t line_end(const unsigned char *d, size_t p, size_t to, size_t *next)
{
    size_t k;
    while (p < to && !(k = brk_len(d, p, to)))
        p++;
    *next = p < to ? p + k : to;
    return p;
}

static int is_blank_byte(unsigned char c) { return c == ' ' || c == '\t'; }

/* The character at p in [p, to): its code point and length; a byte that starts no UTF-8
 * sequence is one character of its own value (Windows-1252 reading: a letter from 0xC0). */
static size_t cp_at(const unsigned char *d, size_t p, size_t to, ucs4_t *cp)
{
    int len = u8_mbtouc(cp, d + p, to - p);
    if (len < 1 || (*cp == 0xFFFD && !(d[p] == 0xEF && p + 2 < to && d[p + 1] == 0xBF &&
                                       d[p + 2] == 0xBD))) {
        *cp = d[p];
        return 1;
    }
    return (size_t)len;
}

/* The start of the character that ends at p (p > from). */
static size_t cp_before(const unsigned char *d, size_t from, size_t p, ucs4_t *cp)
{
    size_t s = p - 1;
    while (s > from && p - s < 4 && (d[s] & 0xC0) == 0x80)
        s--;
    if (cp_at(d, s, p, cp) != p - s) { /* not one sequence: the last byte alone */
        s = p - 1;
        *cp = d[s];
    }
    return s;
}

static int is_letter(ucs4_t c) { return c >= 0x80 ? mds__is_alpha(c) : ((c | 32) >= 'a' && (c | 32) <= 'z'); }
static int is_alnum(ucs4_t c) { return is_letter(c) || (c >= '0' && c <= '9'); }
static int is_lower(ucs4_t c) { return c >= 0x80 ? mds__is_lower(c) : (c >= 'a' && c <= 'z'); }

/* ---- building ---------------------------------------------------------------------------- */

static mds_status add_cut(mds__hygiene *h, size_t a, size_t b, uint32_t kind)
{
    if (b <= a)
        return MDS_OK;
    if (mds__grow((void **)&h->cuts, &h->capcuts, h->ncuts + 1, sizeof *h->cuts))
        return MDS_ENOMEM;
    h->cuts[h->ncuts++] = (mds__cut){.a = a, .b = b, .kind = kind};
    return MDS_OK;
}

/* Marks are added in line order; a second mark for the same line adds its flags. */
static mds_status add_mark(mds__hygiene *h, size_t at, uint32_t flags)
{
    if (h->nmarks && h->marks[h->nmarks - 1].at == at) {
        h->marks[h->nmarks - 1].flags |= flags;
        return MDS_OK;
    }
    if (mds__grow((void **)&h->marks, &h->capmarks, h->nmarks + 1, sizeof *h->marks))
        return MDS_ENOMEM;
    h->marks[h->nmarks++] = (mds__linemark){.at = at, .flags = flags};
    return MDS_OK;
}

void mds__hygiene_free(mds__hygiene *h)
{
    if (!h)
        return;
    mds__free(h->cuts);
    mds__free(h->marks);
    memset(h, 0, sizeof *h);
}

/* ---- hyphenated line breaks -------------------------------------------------------------- */

enum { WORD_MAX = 64 };

/* A join cut [a, q); the line starting at ls (SIZE_MAX: none) runs on from the one above. */
static mds_status joined(mds__hygiene *h, size_t a, size_t q, size_t ls)
{
    mds_status st = add_cut(h, a, q, MDS__CUT_JOIN);
    if (st || ls == SIZE_MAX)
        return st;
    if (mds__grow((void **)&h->marks, &h->capmarks, h->nmarks + 1, sizeof *h->marks))
        return MDS_ENOMEM;
    h->marks[h->nmarks++] = (mds__linemark){.at = ls, .flags = MDS__LINE_JOINED};
    return MDS_OK;
}

/* A hyphen between letters at a line break whose word needs judging: "compres-" / "sion". */
typedef struct site {
    size_t i, j, q, nl; /* the hyphen, past it, the next letter, the next line (or SIZE_MAX) */
    size_t ls, re;      /* the letters before the hyphen start at ls; those after end at re */
} site;

typedef struct sites {
    site *v;
    size_t n, cap;
} sites;

/* A hyphen at i ends a line (or, for U+2010 and the soft hyphen, precedes a space: a man page
 * reflowed). Cuts what needs no judging (a soft hyphen and its break; the break after a
 * compound's hyphen), and keeps the rest in *ss for judging. */
static mds_status hyphen_at(const unsigned char *d, size_t from, size_t to, size_t i,
                            size_t hlen, int soft, mds__hygiene *h, sites *ss)
{
    int ascii = hlen == 1;
    size_t j = i + hlen, k = j;
    while (k < to && is_blank_byte(d[k]))
        k++;
    size_t q, bl, nl = SIZE_MAX;
    int newline = 0;
    if (k < to && (bl = brk_len(d, k, to))) {
        q = nl = k + bl;
        while (q < to && is_blank_byte(d[q]))
            q++;
        if (q >= to || brk_len(d, q, to))
            return MDS_OK; /* a blank line: the paragraph ends there */
        newline = 1;
    } else if (!ascii && k > j && k - j <= 2 && k < to) {
        q = k;
    } else {
        return MDS_OK;
    }
    if (i == from)
        return MDS_OK;
    ucs4_t before, first;
    size_t p = cp_before(d, from, i, &before);
    if (before == ' ' || before == '\t' || before == '-' || before == 0x2010 || brk_len(d, p, i))
        return MDS_OK; /* a dash standing alone, or "--" */
    cp_at(d, q, to, &first);
    if (soft) /* a soft hyphen only ever breaks a word */
        return joined(h, i, q, newline && is_lower(first) ? nl : SIZE_MAX);
    /* the letters on either side */
    size_t ls = i;
    ucs4_t c;
    while (ls > from) {
        size_t s = cp_before(d, from, ls, &c);
        if (!is_letter(c))
            break;
        ls = s;
    }
    int compound = 0;
    if (ls > from) {
        cp_before(d, from, ls, &c);
        compound = c == '-' || c == 0x2010 || c == '/'; /* "out-of-\nstate" */
    }
    size_t re = q;
    while (re < to) {
        size_t n = cp_at(d, re, to, &c);
        if (!is_letter(c))
            break;
        re += n;
    }
    if (ls < i && re > q && is_lower(first) && !compound && (i - ls) + (re - q) < WORD_MAX) {
        if (mds__grow((void **)&ss->v, &ss->cap, ss->n + 1, sizeof *ss->v))
            return MDS_ENOMEM;
        ss->v[ss->n++] = (site){.i = i, .j = j, .q = q, .nl = newline ? nl : SIZE_MAX,
                                .ls = ls, .re = re};
        return MDS_OK;
    }
    /* a compound ("U.S.-\nbacked", "1990-\n91", "Franco-\nGerman"): keep the hyphen */
    if (is_alnum(first) && (newline || !ascii))
        return joined(h, j, q, nl);
    return MDS_OK;
}

/* The ASCII-lowercased bytes of the pieces a and b (joined by `mid` when not 0) into w. */
static size_t word_of(const unsigned char *d, size_t a0, size_t a1, int mid, size_t b0,
                      size_t b1, char *w)
{
    size_t n = 0;
    for (size_t k = a0; k < a1; k++)
        w[n++] = (char)(d[k] >= 'A' && d[k] <= 'Z' ? d[k] + 32 : d[k]);
    if (mid)
        w[n++] = (char)mid;
    for (size_t k = b0; k < b1; k++)
        w[n++] = (char)(d[k] >= 'A' && d[k] <= 'Z' ? d[k] + 32 : d[k]);
    return n;
}

/* What the text itself says of the judged words: `seen` gets each joined form ("compression")
 * and each hyphenated form ("well-known") of `cand` that the region holds in one line. One
 * pass over the words of the region. */
static mds_status text_evidence(const unsigned char *d, size_t from, size_t to,
                                const mds__strset *cand, mds__strset *seen)
{
    char w[2 * WORD_MAX + 1];
    size_t prev_s = 0, prev_e = SIZE_MAX; /* the word before, when a '-' joins it to this */
    for (size_t p = from; p < to;) {
        ucs4_t c;
        size_t n = cp_at(d, p, to, &c);
        if (!is_letter(c)) {
            p += n;
            continue;
        }
        size_t s = p;
        while (p < to && (n = cp_at(d, p, to, &c)) && is_letter(c))
            p += n;
        if (p - s < WORD_MAX) {
            size_t len = word_of(d, s, p, 0, 0, 0, w);
            if (mds__strset_has(cand, w, len) && mds__strset_add(seen, w, len))
                return MDS_ENOMEM;
            if (prev_e != SIZE_MAX && prev_e + 1 == s && d[prev_e] == '-') {
                len = word_of(d, prev_s, prev_e, '-', s, p, w);
                if (mds__strset_has(cand, w, len) && mds__strset_add(seen, w, len))
                    return MDS_ENOMEM;
            }
            prev_s = s, prev_e = p;
        } else {
            prev_e = SIZE_MAX;
        }
    }
    return MDS_OK;
}

/* Judges each site: the text's own use first (the hyphenated form elsewhere keeps the hyphen,
 * the joined form elsewhere joins), then the lexicon; else the hyphen stays. */
static mds_status judge(const unsigned char *d, size_t from, size_t to, const sites *ss,
                        const mds__lexicon *lex, mds__hygiene *h)
{
    mds__strset cand, seen;
    mds__strset_init(&cand);
    mds__strset_init(&seen);
    char w[2 * WORD_MAX + 1];
    mds_status st = MDS_OK;
    for (size_t k = 0; k < ss->n && !st; k++) {
        const site *t = &ss->v[k];
        size_t n = word_of(d, t->ls, t->i, 0, t->q, t->re, w);
        if (!(st = mds__strset_add(&cand, w, n))) {
            n = word_of(d, t->ls, t->i, '-', t->q, t->re, w);
            st = mds__strset_add(&cand, w, n);
        }
    }
    if (!st && ss->n)
        st = text_evidence(d, from, to, &cand, &seen);
    for (size_t k = 0; k < ss->n && !st; k++) {
        const site *t = &ss->v[k];
        size_t nl_ = t->i - t->ls, nr = t->re - t->q;
        size_t n = word_of(d, t->ls, t->i, '-', t->q, t->re, w);
        if (mds__strset_has(&seen, w, n)) {
            st = joined(h, t->j, t->q, t->nl);
            continue;
        }
        n = word_of(d, t->ls, t->i, 0, t->q, t->re, w);
        int join = mds__strset_has(&seen, w, n);
        if (!join && lex && lex->look) {
            memcpy(w, d + t->ls, nl_);
            memcpy(w + nl_, d + t->q, nr);
            uint32_t fj, fl, fr;
            int sj, sl, sr;
            if (lex->look(lex->ctx, w, nl_ + nr, &fj, &sj) ||
                lex->look(lex->ctx, w, nl_, &fl, &sl) ||
                lex->look(lex->ctx, w + nl_, nr, &fr, &sr)) {
                st = MDS_ENOMEM;
                break;
            }
            /* A broken word's pieces are rarely words; a compound's are, and common ones: a
             * compound that reads as one word by chance ("longterm" sharing a bucket) is rarer
             * than its rarer piece. A stopword piece counts as none ("in-formation"). */
            fl = sl ? 0 : fl;
            fr = sr ? 0 : fr;
            join = sj || (fj && fj >= (fl < fr ? fl : fr));
        }
        st = join ? joined(h, t->i, t->q, t->nl) : joined(h, t->j, t->q, t->nl);
    }
    mds__strset_free(&cand);
    mds__strset_free(&seen);
    return st;
}

typedef unsigned char u8x16 __attribute__((vector_size(16)));
typedef signed char m8x16 __attribute__((vector_size(16)));
typedef signed char s8x16 __attribute__((vector_size(16)));

static mds_status scan_hyphens(const unsigned char *d, size_t from, size_t to,
                               const mds__lexicon *lex, mds__hygiene *h)
{
    mds_status st = MDS_OK;
    sites ss = {0};
    for (size_t i = from; i < to && !st; i++) {
        /* thirty-two bytes at a time (GCC's vector extensions, which clang reads too), then
         * eight, past those that hold no '-' and no byte of 0x80 or more */
        for (; to - i >= 32; i += 32) {
            u8x16 a, b;
            memcpy(&a, d + i, sizeof a);
            memcpy(&b, d + i + 16, sizeof b);
            m8x16 m = (m8x16)(a == '-') | (m8x16)((s8x16)a < 0) | (m8x16)(b == '-') |
                      (m8x16)((s8x16)b < 0);
            uint64_t w[2];
            memcpy(w, &m, sizeof w);
            if (w[0] | w[1])
                break;
        }
        for (uint64_t x; to - i >= 8; i += 8) {
            memcpy(&x, d + i, sizeof x);
            uint64_t y = x ^ UINT64_C(0x2D2D2D2D2D2D2D2D);
            if ((x | ((y - UINT64_C(0x0101010101010101)) & ~y)) & UINT64_C(0x8080808080808080))
                break;
        }
        if (i >= to)
            break;
        if (d[i] == '-')
            st = hyphen_at(d, from, to, i, 1, 0, h, &ss);
        else if (d[i] == 0xE2 && i + 2 < to && d[i + 1] == 0x80 && d[i + 2] == 0x90)
            st = hyphen_at(d, from, to, i, 3, 0, h, &ss);
        else if (d[i] == 0xC2 && i + 1 < to && d[i + 1] == 0xAD)
            st = hyphen_at(d, from, to, i, 2, 1, h, &ss);
    }
    if (!st)
        st = judge(d, from, to, &ss, lex, h);
    mds__free(ss.v);
    return st;
}

/* ---- Markdown ---------------------------------------------------------------------------- */

/* Leading blanks of the line [p, e) in columns (tabs to multiples of 4, as Markdown counts);
 * *at: the first other byte. */
static unsigned indent_of(const unsigned char *d, size_t p, size_t e, size_t *at)
{
    unsigned col = 0;
    while (p < e && is_blank_byte(d[p])) {
        col = d[p] == '\t' ? (col / 4 + 1) * 4 : col + 1;
        p++;
    }
    *at = p;
    return col;
}

static int rest_blank(const unsigned char *d, size_t p, size_t e)
{
    while (p < e && is_blank_byte(d[p]))
        p++;
    return p == e;
}

/* A fence ("```" or "~~~", three or more) at p: its length, else 0. */
static size_t fence_at(const unsigned char *d, size_t p, size_t e, unsigned char *ch)
{
    if (p >= e || (d[p] != '`' && d[p] != '~'))
        return 0;
    size_t n = 0;
    while (p + n < e && d[p + n] == d[p])
        n++;
    if (n < 3)
        return 0;
    *ch = d[p];
    return n;
}

/* A line of one character among - * _ = (three or more, '=' one or more), spaces between. */
static int rule_of(const unsigned char *d, size_t p, size_t e, unsigned char *ch)
{
    if (p >= e || (d[p] != '-' && d[p] != '*' && d[p] != '_' && d[p] != '='))
        return 0;
    *ch = d[p];
    size_t n = 0;
    for (; p < e; p++) {
        if (d[p] == *ch)
            n++;
        else if (!is_blank_byte(d[p]))
            return 0;
    }
    return n >= (*ch == '=' ? 1u : 3u) ? (int)n : 0;
}

/* An ATX heading's marks at p: the length of "#..# " (1 to 6 '#', then a blank or the end). */
static size_t atx_at(const unsigned char *d, size_t p, size_t e)
{
    size_t n = 0;
    while (p + n < e && d[p + n] == '#')
        n++;
    if (n < 1 || n > 6 || (p + n < e && !is_blank_byte(d[p + n])))
        return 0;
    while (p + n < e && is_blank_byte(d[p + n]))
        n++;
    return n;
}

/* A list marker at p ("- ", "* ", "+ ", "1. ", "2) ", with a task box "[ ] "): its length
 * with the blanks after it, else 0. */
static size_t list_at(const unsigned char *d, size_t p, size_t e)
{
    size_t n = 0;
    if (p < e && (d[p] == '-' || d[p] == '*' || d[p] == '+')) {
        n = 1;
    } else {
        while (p + n < e && n < 9 && d[p + n] >= '0' && d[p + n] <= '9')
            n++;
        if (!n || p + n >= e || (d[p + n] != '.' && d[p + n] != ')'))
            return 0;
        n++;
    }
    if (p + n >= e || !is_blank_byte(d[p + n]))
        return 0;
    while (p + n < e && is_blank_byte(d[p + n]))
        n++;
    if (p + n + 3 <= e && d[p + n] == '[' && (d[p + n + 1] == ' ' || (d[p + n + 1] | 32) == 'x') &&
        d[p + n + 2] == ']') {
        n += 3;
        while (p + n < e && is_blank_byte(d[p + n]))
            n++;
    }
    return p + n < e ? n : 0;
}

/* "[label]: target": a link reference definition. */
static int refdef_at(const unsigned char *d, size_t p, size_t e)
{
    if (p >= e || d[p] != '[')
        return 0;
    size_t q = p + 1;
    while (q < e && d[q] != ']' && d[q] != '[')
        q++;
    return q > p + 1 && q + 2 < e && d[q] == ']' && d[q + 1] == ':' && is_blank_byte(d[q + 2]);
}

/* A table's delimiter row: only | - : and blanks, with a '-' and a '|'. */
static int table_rule(const unsigned char *d, size_t p, size_t e)
{
    int dash = 0, bar = 0;
    for (; p < e; p++) {
        if (d[p] == '-')
            dash = 1;
        else if (d[p] == '|')
            bar = 1;
        else if (d[p] != ':' && !is_blank_byte(d[p]))
            return 0;
    }
    return dash && bar;
}

/* The ')' that closes the '(' at p on the line, nested parentheses counted; e if none. A
 * link target holds no blank and no bracket: the scan stops there, so that the scans of a line
 * never pass the same byte twice (a line of "](](](" costs no more than its length). */
static size_t paren_close(const unsigned char *d, size_t p, size_t e)
{
    int depth = 0;
    for (size_t q = p; q < e; q++) {
        if (d[q] == '(')
            depth++;
        else if (d[q] == ')' && --depth == 0)
            return q;
        else if (is_blank_byte(d[q]) || d[q] == '[' || d[q] == ']')
            return e;
    }
    return e;
}

/* The ']' that closes the '[' at p; e if none. Link text does not nest brackets here: a '['
 * first ends the scan (linear over a line, as above). */
static size_t bracket_close(const unsigned char *d, size_t p, size_t e)
{
    for (size_t q = p + 1; q < e; q++) {
        if (d[q] == '\\') {
            q++;
            continue;
        }
        if (d[q] == '[')
            return e;
        if (d[q] == ']')
            return q;
    }
    return e;
}

/* An emphasis delimiter run of the line. */
typedef struct delim {
    size_t at, len;
    unsigned char ch;
    int open, close, used;
} delim;

enum { DELIM_MAX = 64, TICKS_MAX = 16 };

static int is_punct_byte(unsigned char c)
{
    return c > ' ' && c < 0x7F && !((c | 32) >= 'a' && (c | 32) <= 'z') && !(c >= '0' && c <= '9');
}

/* The inline syntax of [p, e): backslash escapes, code spans, images, links, emphasis. */
static mds_status md_inline(const unsigned char *d, size_t p, size_t e, mds__hygiene *h)
{
    mds_status st = MDS_OK;
    delim dl[DELIM_MAX];
    size_t nd = 0;
    unsigned char no_close[TICKS_MAX + 1] = {0}; /* a run of n ticks found no closing run */
    size_t skip_at = SIZE_MAX, skip_to = 0; /* a link's "](url)": jump over it */
    size_t start = p;
    while (p < e && !st) {
        unsigned char c = d[p];
        if (p >= skip_at) {
            p = skip_to;
            skip_at = SIZE_MAX;
            continue;
        }
        if (c == '\\' && p + 1 < e && is_punct_byte(d[p + 1])) {
            st = add_cut(h, p, p + 1, MDS__CUT_MARKUP);
            p += 2;
            continue;
        }
        if (c == '`') {
            size_t n = 0;
            while (p + n < e && d[p + n] == '`')
                n++;
            size_t q = p + n, close = e;
            /* once a length found no match, later runs of it find none either */
            if (n > TICKS_MAX || no_close[n])
                q = e;
            while (q < e) {
                if (d[q] != '`') {
                    q++;
                    continue;
                }
                size_t m = 0;
                while (q + m < e && d[q + m] == '`')
                    m++;
                if (m == n) {
                    close = q;
                    break;
                }
                q += m;
            }
            if (close == e && n <= TICKS_MAX)
                no_close[n] = 1;
            if (close < e && n == 1) { /* a code span: its text stays, its ticks go */
                if (!(st = add_cut(h, p, p + n, MDS__CUT_MARKUP)))
                    st = add_cut(h, close, close + n, MDS__CUT_MARKUP);
                p = close + n;
            } else if (close < e) { /* ``x``: cut too, ingest would read `` as a quote */
                if (!(st = add_cut(h, p, p + n, MDS__CUT_MARKUP)))
                    st = add_cut(h, close, close + n, MDS__CUT_MARKUP);
                p = close + n;
            } else {
                p += n;
            }
            continue;
        }
        if ((c == '[' || (c == '!' && p + 1 < e && d[p + 1] == '[')) && skip_at == SIZE_MAX) {
            size_t b0 = c == '!' ? p + 1 : p, cb = bracket_close(d, b0, e);
            size_t tail = 0;
            if (cb < e && cb + 1 < e && d[cb + 1] == '(') {
                size_t pc = paren_close(d, cb + 1, e);
                if (pc < e)
                    tail = pc + 1;
            } else if (cb < e && cb + 1 < e && d[cb + 1] == '[') {
                size_t rc = bracket_close(d, cb + 1, e);
                if (rc < e)
                    tail = rc + 1;
            }
            if (tail) {
                if (c == '!') { /* an image: its alt text is no prose */
                    st = add_cut(h, p, tail, MDS__CUT_MARKUP);
                    p = tail;
                } else {
                    st = add_cut(h, p, p + 1, MDS__CUT_MARKUP);
                    if (!st)
                        st = add_cut(h, cb, tail, MDS__CUT_MARKUP);
                    skip_at = cb;
                    skip_to = tail;
                    p++;
                }
                continue;
            }
            p++;
            continue;
        }
        if (c == '*' || c == '_' || (c == '~' && p + 1 < e && d[p + 1] == '~')) {
            size_t n = 0;
            while (p + n < e && d[p + n] == c)
                n++;
            ucs4_t prev = ' ', next = ' ';
            if (p > start)
                cp_before(d, start, p, &prev);
            if (p + n < e)
                cp_at(d, p + n, e, &next);
            int ws_prev = prev == ' ' || prev == '\t', ws_next = next == ' ' || next == '\t';
            int open = !ws_next, close = !ws_prev;
            if (c == '_') { /* snake_case is no emphasis */
                open = open && !is_alnum(prev);
                close = close && !is_alnum(next);
            }
            if ((open || close) && nd < DELIM_MAX && n <= 3)
                dl[nd++] = (delim){.at = p, .len = n, .ch = c, .open = open, .close = close};
            p += n;
            continue;
        }
        p++;
    }
    /* pair each closer with the nearest open run of the same character and length */
    for (size_t k = 0; k < nd && !st; k++) {
        if (!dl[k].close)
            continue;
        for (size_t m = k; m-- > 0;) {
            if (dl[m].used || !dl[m].open || dl[m].ch != dl[k].ch || dl[m].len != dl[k].len)
                continue;
            dl[m].used = dl[k].used = 1;
            if (!(st = add_cut(h, dl[m].at, dl[m].at + dl[m].len, MDS__CUT_MARKUP)))
                st = add_cut(h, dl[k].at, dl[k].at + dl[k].len, MDS__CUT_MARKUP);
            break;
        }
        if (dl[k].used)
            continue;
    }
    return st;
}

/* ---- the line scan ----------------------------------------------------------------------- */

static int cut_cmp(const void *x, const void *y)
{
    const mds__cut *a = x, *b = y;
    return a->a < b->a ? -1 : a->a > b->a ? 1 : a->b < b->b ? -1 : a->b > b->b;
}

static int mark_cmp(const void *x, const void *y)
{
    const mds__linemark *a = x, *b = y;
    return a->at < b->at ? -1 : a->at > b->at;
}

static mds_status scan_lines(const unsigned char *d, size_t from, size_t to, unsigned what,
                             mds__hygiene *h)
{
    int md = (what & MDS__HYG_MARKDOWN) != 0, quote = (what & MDS__HYG_QUOTE) != 0;
    mds_status st = MDS_OK;
    int prev_blank = 1, prev_text = 0, prev_quoted = 0, in_list = 0, next_start = 0;
    int in_code = 0; /* indented code */
    size_t fence = 0, prev_ls = 0;
    unsigned char fence_ch = 0;
    for (size_t ls = from, next; ls < to && !st; ls = next) {
        size_t le = line_end(d, ls, to, &next), p;
        unsigned ind = indent_of(d, ls, le, &p);
        int blank = p == le;
        uint32_t mark = next_start ? MDS__LINE_START : 0;
        next_start = 0;
        if (md && fence) { /* inside a fenced block: everything goes, the closing fence too */
            unsigned char ch;
            size_t n = ind < 4 ? fence_at(d, p, le, &ch) : 0;
            if (n >= fence && ch == fence_ch && rest_blank(d, p + n, le))
                fence = 0, next_start = 1;
            st = add_cut(h, ls, le, MDS__CUT_MARKUP);
            prev_blank = 1, prev_text = 0;
            continue;
        }
        if (blank) {
            prev_blank = 1, prev_text = 0, prev_quoted = 0;
            continue;
        }
        /* quoting: "> " (nested "> > ") is cut; a quoted block is a paragraph of its own */
        int quoted = 0;
        if (quote && ind < 4 && d[p] == '>') {
            size_t q = p;
            while (q < le && (d[q] == '>' || (is_blank_byte(d[q]) && q + 1 < le && d[q + 1] == '>')))
                q++;
            if (q < le && is_blank_byte(d[q]))
                q++;
            if ((st = add_cut(h, p, q, MDS__CUT_MARKUP)))
                break;
            quoted = 1;
            if (!prev_quoted)
                mark |= MDS__LINE_START;
            p = q;
            ind = 0;
            if (rest_blank(d, p, le)) {
                prev_blank = 1, prev_text = 0, prev_quoted = 1;
                if (mark && (st = add_mark(h, ls, mark)))
                    break;
                continue;
            }
        } else if (prev_quoted) {
            mark |= MDS__LINE_START;
        }
        prev_quoted = quoted;
        if (md) {
            unsigned char ch;
            size_t n;
            if (in_code && ind >= 4) { /* indented code goes on */
                st = add_cut(h, ls, le, MDS__CUT_MARKUP);
                prev_blank = 0, prev_text = 0;
                continue;
            }
            in_code = 0;
            if (ind < 4 && (n = fence_at(d, p, le, &ch))) {
                fence = n, fence_ch = ch;
                st = add_cut(h, ls, le, MDS__CUT_MARKUP);
                prev_blank = 1, prev_text = 0, in_list = 0;
                continue;
            }
            if (ind >= 4 && prev_blank && !in_list) {
                in_code = 1;
                st = add_cut(h, ls, le, MDS__CUT_MARKUP);
                prev_blank = 0, prev_text = 0;
                continue;
            }
            int r = ind < 4 ? rule_of(d, p, le, &ch) : 0;
            if (r && prev_text && (ch == '=' || ch == '-')) { /* setext: the line above heads */
                if ((st = add_mark(h, prev_ls, MDS__LINE_START | MDS__LINE_HEADING)) ||
                    (st = add_cut(h, p, le, MDS__CUT_MARKUP)))
                    break;
                next_start = 1;
                prev_blank = 1, prev_text = 0, in_list = 0;
                continue;
            }
            if (r && ch != '=') { /* a thematic break */
                st = add_cut(h, p, le, MDS__CUT_MARKUP);
                prev_blank = 1, prev_text = 0, in_list = 0;
                continue;
            }
            if (ind < 4 && (refdef_at(d, p, le) || table_rule(d, p, le))) {
                st = add_cut(h, p, le, MDS__CUT_MARKUP);
                prev_blank = 1, prev_text = 0;
                continue;
            }
            if (ind < 4 && (n = atx_at(d, p, le))) {
                size_t e = le;
                while (e > p + n && is_blank_byte(d[e - 1]))
                    e--;
                size_t c = e;
                while (c > p + n && d[c - 1] == '#')
                    c--;
                if (c < e && (c == p + n || is_blank_byte(d[c - 1]))) /* "## Title ##" */
                    st = add_cut(h, c, e, MDS__CUT_MARKUP);
                if (!st)
                    st = add_cut(h, p, p + n, MDS__CUT_MARKUP);
                if (!st && c > p + n)
                    st = md_inline(d, p + n, c, h);
                if (!st)
                    st = add_mark(h, ls, mark | MDS__LINE_START | MDS__LINE_HEADING);
                next_start = 1;
                prev_blank = 0, prev_text = 0, in_list = 0;
                prev_ls = ls;
                continue;
            }
            if ((n = list_at(d, p, le))) {
                if ((st = add_cut(h, p, p + n, MDS__CUT_MARKUP)))
                    break;
                mark |= MDS__LINE_START;
                p += n;
                in_list = 1;
            } else if (prev_blank && ind < 2) {
                in_list = 0;
            }
            if (d[p] == '|')
                mark |= MDS__LINE_START; /* a table row */
            if ((st = md_inline(d, p, le, h)))
                break;
        }
        if (mark && (st = add_mark(h, ls, mark)))
            break;
        prev_blank = 0, prev_text = 1, prev_ls = ls;
    }
    return st;
}

mds_status mds__hygiene_scan(const unsigned char *d, size_t from, size_t to, unsigned what,
                             const mds__lexicon *lex, mds__hygiene *h)
{
    if (!h || (!d && to > from) || from > to)
        return MDS_EINVAL;
    mds_status st = MDS_OK;
    size_t first = h->ncuts;
    if (what & (MDS__HYG_QUOTE | MDS__HYG_MARKDOWN))
        st = scan_lines(d, from, to, what, h);
    h->blocks |= (what & MDS__HYG_MARKDOWN) != 0;
    if (!st && (what & MDS__HYG_JOIN))
        st = scan_hyphens(d, from, to, lex, h);
    if (st)
        return st;
    /* sorted and disjoint: a cut that overlaps an earlier one goes (markup wins, found first) */
    size_t n = h->ncuts - first, w = 0;
    mds__cut *c = n ? h->cuts + first : NULL;
    if (n > 1)
        qsort(c, n, sizeof *c, cut_cmp);
    for (size_t k = 0; k < n; k++) {
        if (w && c[k].a < c[w - 1].b)
            continue;
        c[w++] = c[k];
    }
    h->ncuts = first + w;
    /* marks: the joins' came after the lines'; one mark a line, flags together */
    if (h->nmarks > 1)
        qsort(h->marks, h->nmarks, sizeof *h->marks, mark_cmp);
    w = 0;
    for (size_t k = 0; k < h->nmarks; k++) {
        if (w && h->marks[w - 1].at == h->marks[k].at)
            h->marks[w - 1].flags |= h->marks[k].flags;
        else
            h->marks[w++] = h->marks[k];
    }
    h->nmarks = w;
    return MDS_OK;
}

/* ---- detection --------------------------------------------------------------------------- */

int mds__hygiene_is_markdown(const unsigned char *d, size_t from, size_t to)
{
    size_t heads = 0, setext = 0, links = 0, items = 0, emph = 0;
    int prev_text = 0;
    for (size_t ls = from, next; ls < to; ls = next) {
        size_t le = line_end(d, ls, to, &next), p;
        unsigned ind = indent_of(d, ls, le, &p);
        unsigned char ch;
        if (p == le) {
            prev_text = 0;
            continue;
        }
        if (ind < 4 && fence_at(d, p, le, &ch) == 3 && d[p] == '`')
            return 1;
        if (ind < 4 && atx_at(d, p, le) && !rest_blank(d, p + atx_at(d, p, le), le))
            heads++;
        else if (ind < 4 && prev_text && rule_of(d, p, le, &ch) && (ch == '=' || ch == '-'))
            setext++;
        else if (list_at(d, p, le))
            items++;
        size_t last_paren = le; /* the line's last ')' */
        while (last_paren > p && d[last_paren - 1] != ')')
            last_paren--;
        int bracket = 0;
        for (size_t q = p; q + 1 < le; q++) {
            bracket |= d[q] == '[';
            if (d[q] == ']' && d[q + 1] == '(' && bracket && last_paren > q + 2)
                links++;
            if (d[q] == '*' && d[q + 1] == '*' && q + 2 < le && !is_blank_byte(d[q + 2])) {
                const unsigned char *z = q + 3 < le ? memchr(d + q + 3, '*', le - q - 3) : NULL;
                if (z && (size_t)(z - d) + 1 < le && z[1] == '*' && !is_blank_byte(z[-1]))
                    emph++;
            }
        }
        prev_text = 1;
    }
    int kinds = (heads > 0) + (setext > 0) + (links > 0) + (items > 1) + (emph > 0);
    return kinds >= 2 || heads >= 2;
}

/* ---- sentence starts --------------------------------------------------------------------- */

/* Bullets as sentence openers: ASCII ones and the Unicode bullets, boxes and arrows of lists. */
static int is_bullet(ucs4_t c)
{
    return c == '-' || c == '*' || c == '+' || c == 0x2022 || c == 0x2023 || c == 0x2043 ||
           c == 0x25E6 || c == 0x25AA || c == 0x25AB || c == 0x25CF || c == 0x25CB || c == 0x25A0 ||
           c == 0x25A1 || c == 0x25BA || c == 0x25B8 || c == 0x25B6 || c == 0x2013 || c == 0x00B7 ||
           c == 0x2219 || c == 0x2713 || c == 0x2714 || c == 0x27A2 || c == 0x2192;
}

static int is_roman(const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (!strchr("ivx", s[k]))
            return 0;
    return n > 0;
}

/* One prefix at the start of s: its length up to the blank after it (not included), or 0. */
static size_t one_prefix(const char *s, size_t n, int qa_dot, int numbers)
{
    const unsigned char *u = (const unsigned char *)s;
    ucs4_t c;
    if (!n)
        return 0;
    size_t len = cp_at(u, 0, n, &c);
    if (is_bullet(c)) {
        if (c == '-' && n > 1 && s[1] == '-')
            len = 2; /* "--": the wire services' bullet */
        return len;
    }
    if ((s[0] == 'Q' || s[0] == 'A') && n > 1 && (s[1] == ':' || (qa_dot && s[1] == '.')))
        return 2;
    if (!numbers)
        return 0;
    size_t k = 0;
    int paren = s[0] == '(';
    k += paren;
    size_t ds = k;
    while (k < n && k - ds < 3 && s[k] >= '0' && s[k] <= '9')
        k++;
    if (k > ds) { /* "1." "12)" "(3)" */
        if (k < n && (s[k] == ')' || (!paren && s[k] == '.')))
            return k + 1;
        return 0;
    }
    while (k < n && k - ds < 4 && s[k] >= 'a' && s[k] <= 'z')
        k++;
    size_t nl = k - ds;
    if (nl == 0 && k < n && s[k] >= 'A' && s[k] <= 'Z')
        k++, nl = 1;
    if (!nl || k >= n)
        return 0;
    /* "a)" "(b)" "iv." "(iv)": one letter, or a lowercase roman number */
    if ((nl == 1 || is_roman(s + ds, nl)) && s[k] == ')')
        return k + 1;
    if (!paren && nl >= 2 && is_roman(s + ds, nl) && s[k] == '.')
        return k + 1;
    return 0;
}

size_t mds__hygiene_prefix(const char *text, size_t n, int qa_dot, int numbers)
{
    size_t at = 0;
    for (int round = 0; round < 2; round++) {
        size_t len = one_prefix(text + at, n - at, qa_dot, numbers);
        if (!len || at + len >= n || (text[at + len] != ' ' && text[at + len] != '\t'))
            break;
        size_t q = at + len;
        while (q < n && (text[q] == ' ' || text[q] == '\t'))
            q++;
        at = q;
    }
    /* something to read must be left: a letter, a digit or a quote and more */
    int any = 0;
    for (size_t k = at; k < n && !any; k++) {
        ucs4_t c;
        k += cp_at((const unsigned char *)text, k, n, &c) - 1;
        any = is_alnum(c);
    }
    return any ? at : 0;
}
