/* SPDX-License-Identifier: MIT */
/* Sentence segmentation: a rule set over libunistring character properties.
 *
 * The scan looks for terminator clusters: a run of terminators (. ? ! … 。 । ؟ ...) together
 * with the closing quotes and brackets glued to them (`.”`, `?)`, `.”.`, `?!`). A cluster is a
 * candidate boundary; the rules below decide from what comes after it (end of text,
 * whitespace, the case of the next word) and, for a lone period, from the word before it
 * (abbreviation, initial, number). The word lists come from the model (see segment.h). */
#include "text/segment.h"
#include "text/chars.h"

#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

#include "util/buf.h"

/* A word longer than this is never looked up: no abbreviation is that long, and the bound
 * keeps the backward scan for the word before a period O(1). */
#define MAX_WORD 48

enum { T_NONE, T_PERIOD, T_ELLIPSIS, T_QUESTION, T_STRONG };

/* What starts the text after a cluster and its whitespace. */
enum { K_END, K_LOWER, K_UPPER, K_CASELESS, K_DIGIT, K_OTHER };

/* Abbreviation classes of the word before a lone period. */
enum { A_NONE, A_ABBREV, A_NEVER };

typedef struct cluster {
    size_t end;      /* just past the cluster */
    int strong;      /* 。 ！ ？ । ؟ ... : a boundary whatever follows */
    int question;    /* ? ! ‼ ... */
    int ellipsis;    /* … or three or more dots */
    int plain;       /* exactly one period, nothing glued to it */
    int closed;      /* ends in a quote or bracket: `。」` */
} cluster;

/* Decodes the character at i < len; a bad byte reads as U+FFFD, which is no letter. */
static size_t decode(const uint8_t *s, size_t len, size_t i, ucs4_t *c)
{
    int k = u8_mbtouc(c, s + i, len - i);
    return k > 0 ? (size_t)k : 1;
}

static int term_class(ucs4_t c)
{
    switch (c) {
    case '.':
    case 0xFF0E: /* fullwidth full stop: also a decimal point in fullwidth numbers */
        return T_PERIOD;
    case 0x2026:
        return T_ELLIPSIS;
    case '?':
    case '!':
    case 0x037E: /* Greek question mark */
    case 0x203C: /* ‼ */
    case 0x203D: /* ‽ */
    case 0x2047: /* ⁇ */
    case 0x2048: /* ⁈ */
    case 0x2049: /* ⁉ */
    case 0xFE56: /* small ? */
    case 0xFE57: /* small ! */
        return T_QUESTION;
    case 0x3002: /* 。 */
    case 0xFF61: /* halfwidth 。 */
    case 0xFF01: /* ！ */
    case 0xFF1F: /* ？ */
    case 0x0964: /* Devanagari danda */
    case 0x0965: /* double danda */
    case 0x061F: /* Arabic question mark */
    case 0x06D4: /* Urdu full stop */
    case 0x0589: /* Armenian full stop */
    case 0x1362: /* Ethiopic full stop */
    case 0x1367: /* Ethiopic question mark */
    case 0x0700: /* Syriac end of paragraph */
    case 0x104B: /* Myanmar section mark */
    case 0x17D4: /* Khmer khan */
    case 0x1803: /* Mongolian full stop */
        return T_STRONG;
    default:
        return T_NONE;
    }
}

/* Spaces of all kinds, and the invisible ones that scraped text carries. */
static int is_blank(ucs4_t c)
{
    return mds__is_white_space(c) || c == 0x200B || c == 0x2060 || c == 0xFEFF ||
           c == 0x180E;
}

/* Glued to a terminator, any quote or closing bracket closes the sentence: German closes with
 * “ and ‘, French with », and straight quotes are ambiguous only when spaced. */
static int is_closer(ucs4_t c)
{
    return c == '"' || c == '\'' || mds__is_category(c, UC_CATEGORY_Pe) ||
           mds__is_category(c, UC_CATEGORY_Pf) || mds__is_category(c, UC_CATEGORY_Pi);
}

/* A closer standing alone after a space ("win. ” He", French "parti. »") belongs to the
 * sentence before it; only unambiguous closing marks qualify. */
static int is_lone_closer(ucs4_t c)
{
    return mds__is_category(c, UC_CATEGORY_Pe) || mds__is_category(c, UC_CATEGORY_Pf);
}

/* What may stand before the first word of a sentence. Dashes may not: in "Calif. -- The
 * quake" the dash says the dateline goes on. */
static int is_opener(ucs4_t c)
{
    return c == '"' || c == '\'' || c == 0xBF || c == 0xA1 ||
           mds__is_category(c, UC_CATEGORY_Ps) || mds__is_category(c, UC_CATEGORY_Pi) ||
           mds__is_category(c, UC_CATEGORY_Pf);
}

static int is_letter(ucs4_t c) { return mds__is_category(c, UC_CATEGORY_L); }
static int is_mark(ucs4_t c) { return mds__is_category(c, UC_CATEGORY_M); }
static int is_digit(ucs4_t c) { return mds__is_category(c, UC_CATEGORY_Nd); }

static int kind_of(ucs4_t c)
{
    if (mds__is_category(c, UC_CATEGORY_Ll))
        return K_LOWER;
    if (mds__is_category(c, UC_CATEGORY_Lu) || mds__is_category(c, UC_CATEGORY_Lt))
        return K_UPPER;
    if (is_letter(c))
        return K_CASELESS;
    if (is_digit(c))
        return K_DIGIT;
    return K_OTHER;
}

/* Writes prefix (if not 0) and the lowercase of s[a, b) into out; 0 when it does not fit. */
static size_t fold(const uint8_t *s, size_t a, size_t b, char prefix, uint8_t *out, size_t cap)
{
    size_t n = 0;
    if (prefix)
        out[n++] = (uint8_t)prefix;
    while (a < b) {
        ucs4_t c;
        a += decode(s, b, a, &c);
        int k = u8_uctomb(out + n, mds__tolower(c), (ptrdiff_t)(cap - n));
        if (k < 0)
            return 0;
        n += (size_t)k;
    }
    return n;
}

static int has_folded(const mds__strset *set, const uint8_t *s, size_t a, size_t b, char prefix)
{
    uint8_t buf[4 * MAX_WORD + 8];
    if (!set || b - a > MAX_WORD)
        return 0;
    size_t n = fold(s, a, b, prefix, buf, sizeof buf);
    return n && mds__strset_has(set, (const char *)buf, n);
}

/* is_blank for ASCII: mds__is_white_space's ' ' and '\t' to '\r'. */
static inline int ascii_blank(uint8_t b) { return b == ' ' || (unsigned)(b - '\t') < 5u; }

static size_t skip_blanks(const uint8_t *s, size_t len, size_t i, int general)
{
    while (i < len) {
        if (s[i] < 0x80 && !general) { /* ASCII: no decoding */
            if (!ascii_blank(s[i]))
                break;
            i++;
            continue;
        }
        ucs4_t c;
        size_t k = decode(s, len, i, &c);
        if (!is_blank(c))
            break;
        i += k;
    }
    return i;
}

/* Reads the cluster that starts with the terminator at i. */
static void scan_cluster(const uint8_t *s, size_t len, size_t i, cluster *cl)
{
    size_t p = i, dots = 0, maxdots = 0, terms = 0;
    int glued = 0;
    memset(cl, 0, sizeof *cl);
    while (p < len) {
        ucs4_t c;
        size_t k = decode(s, len, p, &c);
        int t = term_class(c);
        if (t == T_PERIOD) {
            /* ". . ." is an ellipsis too */
            if (c == '.' && p + 4 < len && s[p + 1] == ' ' && s[p + 2] == '.' && s[p + 3] == ' ' &&
                s[p + 4] == '.') {
                p += 5;
                while (p + 1 < len && s[p] == ' ' && s[p + 1] == '.')
                    p += 2;
                cl->ellipsis = 1;
                terms += 3;
                dots = 0;
                continue;
            }
            dots++;
            if (dots > maxdots)
                maxdots = dots;
        } else {
            dots = 0;
            if (t == T_ELLIPSIS)
                cl->ellipsis = 1;
            else if (t == T_QUESTION)
                cl->question = 1;
            else if (t == T_STRONG)
                cl->strong = 1;
            else if (is_closer(c))
                glued = 1;
            else
                break;
        }
        cl->closed = t == T_NONE;
        if (t != T_NONE)
            terms++;
        p += k;
    }
    if (maxdots >= 3)
        cl->ellipsis = 1;
    cl->end = p;
    cl->plain = terms == 1 && !glued && !cl->ellipsis && !cl->question && !cl->strong;
}

/* The character just before position i (0 when there is none or it is not valid UTF-8). */
static ucs4_t char_before(const uint8_t *s, size_t i)
{
    ucs4_t c = 0;
    if (i == 0 || !u8_prev(&c, s + i, s))
        return 0;
    return c;
}

/* Only blanks and opening punctuation between the sentence start and position a. */
static int at_sentence_start(const uint8_t *s, size_t start, size_t a)
{
    while (a > start) {
        ucs4_t c;
        const uint8_t *q = u8_prev(&c, s + a, s + start);
        if (!q || !(is_blank(c) || is_opener(c)))
            return 0;
        a = (size_t)(q - s);
    }
    return 1;
}

/* Is the word at m a sentence opener ('^' entry)? */
static int opener_follows(const uint8_t *s, size_t len, size_t m, const mds__strset *abbrevs)
{
    size_t e = m;
    while (e < len && e - m <= MAX_WORD) {
        ucs4_t c;
        size_t k = decode(s, len, e, &c);
        if (!is_letter(c) && !is_mark(c))
            break;
        e += k;
    }
    return has_folded(abbrevs, s, m, e, '^');
}

/* Is the lone period at p, followed by whitespace and then by a word that starts with `next`
 * (one of K_*) at m, a sentence boundary? */
static int period_ends(const uint8_t *s, size_t len, size_t start, size_t p, int next, size_t m,
                       const mds__seg_rules *rules)
{
    const mds__strset *abbrevs = rules->abbrevs;
    if (next == K_LOWER)
        return 0;

    /* The word before the period: letters, marks, digits and inner periods ("U.S", "3.5"). */
    size_t a = p;
    while (a > start) {
        ucs4_t c;
        const uint8_t *q = u8_prev(&c, s + a, s + start);
        if (!q || !(is_letter(c) || is_mark(c) || is_digit(c) || c == '.'))
            break;
        a = (size_t)(q - s);
        if (p - a > MAX_WORD)
            return 1; /* too long for anything but an ordinary word */
    }
    while (a < p && s[a] == '.')
        a++;
    if (a == p)
        return 1; /* "(AP)." "$5 ." */

    size_t letters = 0, digits = 0, segs = 1, seglen = 0, maxseg = 0;
    int first_upper = -1;
    for (size_t i = a; i < p;) {
        ucs4_t c;
        i += decode(s, p, i, &c);
        if (c == '.') {
            segs++;
            seglen = 0;
        } else if (is_letter(c)) {
            if (first_upper < 0)
                first_upper = kind_of(c) == K_UPPER;
            letters++;
            if (++seglen > maxseg)
                maxseg = seglen;
        } else if (is_digit(c)) {
            digits++;
        }
    }

    /* List markers: "1. Buy milk", "A. Introduction" at the start of a sentence. */
    if (((letters == 0 && digits > 0 && digits <= 2 && segs == 1) ||
         (letters == 1 && digits == 0 && segs == 1)) &&
        at_sentence_start(s, start, a))
        return 0;
    if (letters == 0 && segs == 1 && digits <= 3 && (rules->flags & MDS__SEG_ORDINALS) &&
        next != K_DIGIT)
        return opener_follows(s, len, m, abbrevs); /* "am 9. Oktober", "Am 9. Die" */
    if (letters == 0)
        return 1; /* "in 1999. The" */

    int cls = A_NONE;
    if (has_folded(abbrevs, s, a, p, '='))
        cls = A_NEVER;
    else if (has_folded(abbrevs, s, a, p, 0))
        cls = A_ABBREV;
    else if (has_folded(abbrevs, s, a, p, '+') && (first_upper == 1 || next == K_DIGIT))
        cls = A_ABBREV;
    else if (digits == 0 && maxseg == 1 && (segs > 1 || first_upper == 1))
        cls = A_ABBREV; /* initials and dotted acronyms: "F", "J.R.R", "U.S.A" */

    if (cls == A_NONE)
        return 1;
    if (cls == A_NEVER)
        return 0;
    if (next != K_UPPER && next != K_CASELESS)
        return 0; /* "Jan. 5", "No. 3", "Inc., " */
    /* An abbreviation ends the sentence when the next word is a usual sentence opener. */
    return opener_follows(s, len, m, abbrevs);
}

static mds_status emit(const uint8_t *s, size_t a, size_t b, uint32_t base, int general,
                       mds__span **out, size_t *n, size_t *cap)
{
    a = skip_blanks(s, b, a, general);
    /* The end: past the last character that is not blank. Backwards over ASCII, which is
     * always a character of its own (no UTF-8 sequence, valid or not, takes an ASCII byte
     * into it); the first other byte met sends the search forwards from a, as decoding goes. */
    size_t end = b;
    while (end > a && s[end - 1] < 0x80 && ascii_blank(s[end - 1]))
        end--;
    if (end > a && (s[end - 1] >= 0x80 || general)) {
        end = a;
        for (size_t i = a; i < b;) {
            ucs4_t c;
            i += decode(s, b, i, &c);
            if (!is_blank(c))
                end = i;
        }
    }
    if (end == a)
        return MDS_OK;
    mds_status st = mds__grow((void **)out, cap, *n + 1, sizeof **out);
    if (st)
        return st;
    (*out)[*n].start = base + (uint32_t)a;
    (*out)[*n].end = base + (uint32_t)end;
    (*n)++;
    return MDS_OK;
}

/* Decides whether the cluster cl, starting at i, ends the sentence begun at start; may move
 * cl->end past a lone closing quote. */
static int is_boundary(const uint8_t *s, size_t len, size_t start, size_t i, cluster *cl,
                       const mds__seg_rules *rules)
{
    int general = (rules->flags & MDS__SEG_GENERAL) != 0;
    size_t k = cl->end < len ? skip_blanks(s, len, cl->end, general) : len;
    ucs4_t c;
    if (cl->strong && cl->closed && k == cl->end && k < len) {
        /* lang: a quotation closed and glued to a particle goes on: 「はい。」と彼は言った */
        decode(s, len, k, &c);
        return !(c >= 0x3041 && c <= 0x309F);
    }
    if (cl->strong || cl->end >= len)
        return 1;
    if (k == cl->end) {
        /* Glued to the next character: "3.5", "U.S.", "Yahoo!'s". Only scripts written
         * without spaces may start a sentence right after a terminator. */
        decode(s, len, k, &c);
        if (kind_of(c) != K_CASELESS)
            return 0;
        if (cl->question)
            return 1;
        return !cl->ellipsis && kind_of(char_before(s, i)) == K_CASELESS;
    }
    if (k < len) {
        size_t kk = decode(s, len, k, &c);
        if (is_lone_closer(c)) {
            size_t after = skip_blanks(s, len, k + kk, general);
            if (after == len || after > k + kk) {
                cl->end = k + kk;
                k = after;
            }
        }
    }
    if (k >= len)
        return 1;

    size_t m = k;
    int next = K_OTHER;
    while (m < len) {
        size_t mk = decode(s, len, m, &c);
        if (!is_opener(c)) {
            next = kind_of(c);
            break;
        }
        m += mk;
    }
    if (cl->question)
        return next != K_LOWER;
    if (cl->ellipsis)
        return next == K_UPPER || next == K_CASELESS;
    if (!cl->plain)
        return next != K_LOWER; /* `.”`, `.)`, `..`: the writer closed the sentence */
    return period_ends(s, len, start, i, next, m, rules);
}

mds_status mds__segment(const char *text, size_t len, uint32_t base, const mds__strset *abbrevs,
                        mds__span **out, size_t *n, size_t *cap)
{
    const mds__seg_rules rules = {.abbrevs = abbrevs, .flags = 0};
    return mds__segment_rules(text, len, base, &rules, out, n, cap);
}

/* Might one of the eight bytes at p start a terminator: . ? ! or a byte past ASCII? (A byte
 * equal to c is a zero byte of v ^ c: the test below finds whether there is one, exactly.) */
static inline int may_end(const uint8_t *p)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t v;
    memcpy(&v, p, 8);
    uint64_t a = v ^ (ones * '.'), q = v ^ (ones * '?'), x = v ^ (ones * '!');
    uint64_t zero = ((a - ones) & ~a) | ((q - ones) & ~q) | ((x - ones) & ~x);
    return ((zero | v) & high) != 0;
}

mds_status mds__segment_rules(const char *text, size_t len, uint32_t base,
                              const mds__seg_rules *rules, mds__span **out, size_t *n,
                              size_t *cap)
{
    const uint8_t *s = (const uint8_t *)text;
    size_t start = 0, i = 0;
    int general = (rules->flags & MDS__SEG_GENERAL) != 0;
    mds_status st;
    while (i < len) {
        uint8_t b = s[i];
        if (b < 0x80 && !general) { /* ASCII: only . ? ! are terminators */
            if (b != '.' && b != '?' && b != '!') {
                i++;
                while (i + 8 <= len && !may_end(s + i))
                    i += 8;
                continue;
            }
        } else {
            ucs4_t c;
            size_t k = decode(s, len, i, &c);
            if (term_class(c) == T_NONE) {
                i += k;
                continue;
            }
        }
        cluster cl;
        scan_cluster(s, len, i, &cl);
        if (is_boundary(s, len, start, i, &cl, rules)) {
            if ((st = emit(s, start, cl.end, base, general, out, n, cap)))
                return st;
            start = cl.end;
        }
        i = cl.end;
    }
    return emit(s, start, len, base, general, out, n, cap);
}
