/* SPDX-License-Identifier: MIT */
/* Cleaning: what is not prose of the story is marked dropped; dateline prefixes are cut off.
 *
 * Every rule here is a general signal (shape of a line, case pattern, punctuation, repetition
 * across documents, the model's phrase list), never a pattern for one site. Text is UTF-8;
 * letter case comes from libunistring, so “curly” quotes and dashes are handled like ASCII. */
#include "util/alloc.h"
#include "text/clean.h"
#include "text/chars.h"
#include "text/hygiene.h"

#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <unistr.h>
#include <xxhash.h>

#include "util/buf.h"
#include "util/parallel.h"

/* ---- characters ---------------------------------------------------------------------------- */

/* The classes of a byte, from one table: news text is mostly ASCII, and one load answers
 * every test the passes below make of an ASCII byte. C_UP is 0x20, the bit that lowercases
 * an ASCII capital, so b | (cls[b] & C_UP) is b lowercased. A byte of 0x80 or more is C_HI
 * only: it starts or continues a multibyte character, decoded apart. */
enum {
    C_SP = 0x01,  /* ' ', '\t', '\n', '\v', '\f', '\r' */
    C_AL = 0x02,  /* A-Z a-z */
    C_DG = 0x04,  /* 0-9 */
    C_LO = 0x08,  /* a-z */
    C_FI = 0x10,  /* . ! ?: final punctuation */
    C_UP = 0x20,  /* A-Z */
    C_HI = 0x40,  /* 0x80 and up */
    C_OD = 0x80,  /* @ : | >: may make a URL or a separator of a navigation bar */
};

#define CLS(c)                                                                              \
    (((c) == ' ' || ((c) >= '\t' && (c) <= '\r') ? C_SP : 0)                                \
     | (((c) >= 'A' && (c) <= 'Z') || ((c) >= 'a' && (c) <= 'z') ? C_AL : 0)               \
     | ((c) >= '0' && (c) <= '9' ? C_DG : 0) | ((c) >= 'a' && (c) <= 'z' ? C_LO : 0)        \
     | ((c) == '.' || (c) == '!' || (c) == '?' ? C_FI : 0)                                  \
     | ((c) >= 'A' && (c) <= 'Z' ? C_UP : 0) | ((c) >= 0x80 ? C_HI : 0)                     \
     | ((c) == '@' || (c) == ':' || (c) == '|' || (c) == '>' ? C_OD : 0))
/* A byte lowercased (when an ASCII capital), its classes above it, and bit 16 when it is
 * an ASCII letter or digit: one load for all. */
#define LOWCLS(c)                                                                           \
    ((uint32_t)((c) | ((c) >= 'A' && (c) <= 'Z' ? 0x20 : 0) | (CLS(c) << 8))              \
     | (CLS(c) & (C_AL | C_DG) ? UINT32_C(1) << 16 : 0))
#define T4(M, c) M(c), M((c) + 1), M((c) + 2), M((c) + 3)
#define T16(M, c) T4(M, c), T4(M, (c) + 4), T4(M, (c) + 8), T4(M, (c) + 12)
#define T64(M, c) T16(M, c), T16(M, (c) + 16), T16(M, (c) + 32), T16(M, (c) + 48)
#define T256(M) T64(M, 0), T64(M, 64), T64(M, 128), T64(M, 192)

static const uint8_t cls[256] = {T256(CLS)};
static const uint32_t lowcls[256] = {T256(LOWCLS)};

#undef CLS
#undef LOWCLS
#undef T4
#undef T16
#undef T64
#undef T256

static int is_space(unsigned char c) { return cls[c] & C_SP; }

/* Eight bytes at a time, where none is 0x80 or more: each test sets bit 7 of the bytes that
 * pass it. The bytes are read in text order, the first lowest, on any machine. */
#define ONES UINT64_C(0x0101010101010101)
#define HIGHS (ONES * 0x80)

static uint64_t load8(const unsigned char *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24
           | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48
           | (uint64_t)p[7] << 56;
}

/* lo <= byte <= hi, for 1 <= lo and hi < 0x80 (no carry crosses a byte below 0x80) */
static uint64_t in_range8(uint64_t w, unsigned lo, unsigned hi)
{
    return (w + ONES * (0x80 - lo)) & ~(w + ONES * (0x7F - hi)) & HIGHS;
}

static uint64_t spaces8(uint64_t w) { return in_range8(w, '\t', '\r') | in_range8(w, ' ', ' '); }

/* The bytes of m set (bit 7 only). */
static unsigned count8(uint64_t m) { return (unsigned)(((m >> 7) * ONES) >> 56); }

/* Words that start in eight ASCII bytes whose spaces are sp, after a byte of class prev. */
static unsigned starts8(uint64_t sp, unsigned prev)
{
    return count8(~sp & ((sp << 8) | (uint64_t)(prev & C_SP) << 7) & HIGHS);
}

/* Decodes the code point at s[0, n); invalid bytes read as U+FFFD, one byte long. */
static size_t cp_at(const char *s, size_t n, ucs4_t *uc)
{
    if ((unsigned char)s[0] < 0x80) {
        *uc = (unsigned char)s[0];
        return 1;
    }
    int len = u8_mbtouc(uc, (const uint8_t *)s, n);
    return len > 0 ? (size_t)len : 1;
}

/* The code point that ends at s[end), and where it starts. */
static size_t cp_before(const char *s, size_t end, ucs4_t *uc)
{
    const uint8_t *p = u8_prev(uc, (const uint8_t *)s + end, (const uint8_t *)s);
    if (!p) {
        *uc = (unsigned char)s[end - 1];
        return end - 1;
    }
    return (size_t)(p - (const uint8_t *)s);
}

static int is_final_punct(ucs4_t c)
{
    return c == '.' || c == '!' || c == '?' || c == 0x2026 /* … */ || c == 0x3002 /* 。 */
           || c == 0xFF01 || c == 0xFF1F || c == 0x203C;
}

/* Quotes and brackets that may follow a sentence's final punctuation. */
static int is_closer(ucs4_t c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' || c == 0x201D /* ” */
           || c == 0x2019 /* ’ */ || c == 0x00BB /* » */ || c == 0x203A || c == 0x300D
           || c == 0x300F || c == 0xFF09;
}

static int is_open_quote(ucs4_t c)
{
    return c == '"' || c == '\'' || c == 0x201C /* “ */ || c == 0x2018 /* ‘ */
           || c == 0x00AB /* « */ || c == 0x201E /* „ */;
}

static void trim(const char *s, size_t *a, size_t *b)
{
    while (*a < *b && is_space((unsigned char)s[*a]))
        (*a)++;
    while (*b > *a && is_space((unsigned char)s[*b - 1]))
        (*b)--;
}

/* lang: Chinese and Japanese write no spaces; each ideograph or kana counts as a word, as
 * length limits for those languages count characters. */
static int is_cjk(ucs4_t c)
{
    return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x2FFFF);
}

uint32_t mds__count_words(const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    uint32_t words = 0;
    unsigned prev = C_SP; /* the class of the byte before: a word starts where a space ends */
    for (size_t i = 0; i < n; i++) {
        if (n - i >= 8) {
            uint64_t w = load8(s + i);
            if (!(w & HIGHS)) {
                uint64_t sp = spaces8(w);
                words += starts8(sp, prev);
                prev = (unsigned)(sp >> 63) * C_SP;
                i += 7;
                continue;
            }
        }
        unsigned e = cls[s[i]];
        if ((e & C_HI) && s[i] >= 0xE3 && s[i] <= 0xF0) { /* lang: lead bytes of the CJK blocks */
            ucs4_t c;
            size_t k = cp_at(text + i, n - i, &c);
            if (is_cjk(c)) {
                words++;
                prev = C_SP;
                i += k - 1;
                continue;
            }
        }
        words += (prev & ~e) & C_SP;
        prev = e;
    }
    return words;
}

/* ---- tokens -------------------------------------------------------------------------------- */

/* The next whitespace-separated token of s[0, n) at or after *pos; 0 at the end. */
static int next_token(const char *s, size_t n, size_t *pos, size_t *ts, size_t *te)
{
    size_t i = *pos;
    while (i < n && is_space((unsigned char)s[i]))
        i++;
    if (i >= n)
        return 0;
    *ts = i;
    while (i < n && !is_space((unsigned char)s[i]))
        i++;
    *te = i;
    *pos = i;
    return 1;
}

/* The first letter or digit of a token (0 when it has none). */
static ucs4_t first_alnum(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        ucs4_t uc;
        i += cp_at(s + i, n - i, &uc);
        if (mds__is_alnum(uc))
            return uc;
    }
    return 0;
}

typedef struct shape {
    uint32_t words;
    int alpha, upper, lower; /* counts of letters */
    int final;               /* ends in final punctuation, closers allowed after it */
    int ellipsis;            /* ends in "..." or "…" */
    int inner_final;         /* final punctuation followed by a space somewhere inside */
    int odd; /* 0: no token can be a URL or a navigation separator (is_not_prose) */
} shape;

static int ends_with_ellipsis(const char *s, size_t n)
{
    if (n >= 3 && memcmp(s + n - 3, "...", 3) == 0)
        return 1;
    return n >= 3 && memcmp(s + n - 3, "\xE2\x80\xA6", 3) == 0;
}

static int ends_with_final(const char *s, size_t n)
{
    size_t end = n;
    int closed = 0;
    while (end > 0) {
        ucs4_t uc;
        size_t at = cp_before(s, end, &uc);
        if (is_final_punct(uc))
            return 1;
        /* lang: French sets its closing guillemet apart: "révolution. »" */
        int spaced = closed && (uc == ' ' || uc == 0xA0 || uc == 0x202F);
        if (!is_closer(uc) && !spaced)
            return 0;
        closed = uc == 0x00BB || uc == 0x203A || (closed && spaced);
        end = at;
    }
    return 0;
}

/* What a character uc, the next starting at s[next], adds to a shape: a letter and its case,
 * or final punctuation inside the text (before a space). */
static inline void shape_letter(shape *sh, ucs4_t uc, const char *s, size_t n, size_t next)
{
    if (mds__is_alpha(uc)) {
        sh->alpha++;
        if (mds__is_upper(uc))
            sh->upper++;
        else if (mds__is_lower(uc))
            sh->lower++;
    } else if (is_final_punct(uc) && next < n && is_space((unsigned char)s[next])) {
        sh->inner_final = 1;
    }
}

/* The shape of s[0, n), a code point at a time: the reference scan_text must agree with
 * (mds__clean_check_scan). It leaves odd unset. */
static void shape_ref(const char *s, size_t n, shape *sh)
{
    memset(sh, 0, sizeof *sh);
    sh->words = mds__count_words(s, n);
    for (size_t i = 0; i < n;) {
        ucs4_t uc;
        size_t len = cp_at(s + i, n - i, &uc);
        shape_letter(sh, uc, s, n, i + len);
        i += len;
    }
    sh->final = ends_with_final(s, n);
    sh->ellipsis = ends_with_ellipsis(s, n);
}

/* ---- normalized forms ------------------------------------------------------------------------ */

/* ASCII-lowercased text with whitespace runs collapsed to one space and trimmed: the form
 * the phrase list is written in. */
static mds_status fold_text(mds__buf *b, const char *s, size_t n)
{
    b->len = 0;
    if (mds__buf_reserve(b, n + 1))
        return MDS_ENOMEM;
    int pending_space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned e = cls[c];
        if (e & C_SP) {
            pending_space = b->len > 0;
            continue;
        }
        if (pending_space)
            b->data[b->len++] = ' ';
        pending_space = 0;
        b->data[b->len++] = (char)(c | (e & C_UP));
    }
    b->data[b->len] = '\0';
    return MDS_OK;
}

/* The first (at most) k bytes fold_text would make of s[0, n), in f: their count. */
static size_t fold_prefix(const char *s, size_t n, unsigned char *f, size_t k)
{
    size_t len = 0;
    int pending_space = 0;
    for (size_t i = 0; i < n && len < k; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned e = cls[c];
        if (e & C_SP) {
            pending_space = len > 0;
            continue;
        }
        if (pending_space) {
            f[len++] = ' ';
            if (len == k)
                break;
        }
        pending_space = 0;
        f[len++] = (unsigned char)(c | (e & C_UP));
    }
    return len;
}

/* Appends the lowercased letters and digits of s[0, n): two texts that differ only in case,
 * spacing, punctuation or quote style ("Russia's" / “Russia’s”) get the same key. The
 * reference scan_text's key must agree with (mds__clean_check_scan). */
static mds_status key_ref(mds__buf *b, const char *s, size_t n)
{
    if (mds__buf_reserve(b, n))
        return MDS_ENOMEM;
    for (size_t i = 0; i < n;) {
        ucs4_t uc;
        i += cp_at(s + i, n - i, &uc);
        if (!mds__is_alnum(uc))
            continue;
        uint8_t tmp[6];
        int len = u8_uctomb(tmp, mds__tolower(uc), (int)sizeof tmp);
        if (len > 0 && mds__buf_append(b, tmp, (size_t)len))
            return MDS_ENOMEM;
    }
    b->data[b->len] = '\0';
    return MDS_OK;
}

/* A character of 0x80 or more at s[i] in scan_text: its length. */
static size_t scan_wide(const char *s, size_t n, size_t i, shape *sh, unsigned *prev,
                        char *kd, size_t *kl)
{
    ucs4_t uc;
    size_t len = cp_at(s + i, n - i, &uc);
    unsigned char b = (unsigned char)s[i];
    /* words as mds__count_words counts them: an ideograph or kana is a word of its own;
     * any other character of 0x80 or more is no space */
    if (b >= 0xE3 && b <= 0xF0 && is_cjk(uc)) {
        sh->words++;
        *prev = C_SP;
    } else {
        sh->words += *prev & C_SP;
        *prev = 0;
    }
    shape_letter(sh, uc, s, n, i + len);
    if (uc == 0xBB || uc == 0xB7 || uc == 0x203A || uc == 0x2022)
        sh->odd = 1; /* » · › •, separators of is_nav_separator */
    if (mds__is_alnum(uc)) {
        int w = u8_uctomb((uint8_t *)kd + *kl, mds__tolower(uc), 6);
        if (w > 0)
            *kl += (size_t)w;
    }
    return len;
}

/* Final punctuation before a space, and the bytes of a URL or separator, in s[a, b). */
static void scan_marks(const unsigned char *u, size_t n, size_t a, size_t b, shape *sh)
{
    for (size_t i = a; i < b; i++) {
        unsigned e = cls[u[i]];
        if ((e & C_FI) && i + 1 < n && (cls[u[i + 1]] & C_SP))
            sh->inner_final = 1;
        /* "@", "://", "|", ">"; and "www." */
        if ((e & C_OD) || (u[i] == '.' && i >= 3 && (u[i - 3] | 0x20) == 'w'
                           && (u[i - 2] | 0x20) == 'w' && (u[i - 1] | 0x20) == 'w'))
            sh->odd = 1;
    }
}

/* One pass over s[0, n): its shape (shape_ref's, and odd), and its key (key_ref's) appended
 * to kb. Eight ASCII bytes are tested at once for words and letter counts, then keyed a
 * table load each; other characters are decoded. */
static mds_status scan_text(const char *s, size_t n, shape *sh, mds__buf *kb)
{
    memset(sh, 0, sizeof *sh);
    if (mds__buf_reserve(kb, n + 8))
        return MDS_ENOMEM;
    const unsigned char *u = (const unsigned char *)s;
    char *kd = kb->data;
    size_t kl = kb->len, i = 0, upper = 0, lower = 0;
    unsigned prev = C_SP;
    uint32_t words = 0;
    while (i < n) {
        if (n - i >= 8) {
            uint64_t w = load8(u + i);
            if (!(w & HIGHS)) {
                uint64_t sp = spaces8(w);
                words += starts8(sp, prev);
                prev = (unsigned)(sp >> 63) * C_SP;
                upper += count8(in_range8(w, 'A', 'Z'));
                lower += count8(in_range8(w, 'a', 'z'));
                uint32_t marks = 0;
                for (size_t j = 0; j < 8; j++) {
                    uint32_t e = lowcls[u[i + j]];
                    kd[kl] = (char)e;
                    kl += e >> 16;
                    marks |= e;
                }
                if (marks & ((C_FI | C_OD) << 8))
                    scan_marks(u, n, i, i + 8, sh);
                i += 8;
                continue;
            }
        }
        unsigned char b = u[i];
        unsigned e = cls[b];
        if (e & C_HI) {
            /* a lowercased character may be longer than it was: room for the rest of the
             * text, as ASCII, and 8 bytes more */
            if (kb->cap - kl < n - i + 8) {
                kb->len = kl;
                if (mds__buf_reserve(kb, n - i + 8))
                    return MDS_ENOMEM;
                kd = kb->data;
            }
            sh->words = words;
            i += scan_wide(s, n, i, sh, &prev, kd, &kl);
            words = sh->words;
            continue;
        }
        words += (prev & ~e) & C_SP;
        prev = e;
        upper += (e & C_UP) != 0;
        lower += (e & C_LO) != 0;
        kd[kl] = (char)(b | (e & C_UP));
        kl += (e & (C_AL | C_DG)) != 0;
        if (e & (C_FI | C_OD))
            scan_marks(u, n, i, i + 1, sh);
        i++;
    }
    kb->len = kl;
    kd[kl] = '\0';
    sh->words = words;
    sh->alpha += (int)(upper + lower);
    sh->upper += (int)upper;
    sh->lower += (int)lower;
    sh->final = ends_with_final(s, n);
    sh->ellipsis = ends_with_ellipsis(s, n);
    return MDS_OK;
}

/* ---- the phrase list ----------------------------------------------------------------------- */

static int only_symbols(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        ucs4_t uc;
        i += cp_at(s + i, n - i, &uc);
        if (mds__is_alnum(uc))
            return 0;
    }
    return 1;
}

/* Does folded text f[0, n) equal a phrase or start with one? A phrase that is one word ending
 * in a letter must be the whole text (punctuation aside); any other phrase may be followed by
 * more text after a non-letter. */
static int phrase_match(const mds__strset *phrases, const char *f, size_t n)
{
    if (!phrases || phrases->count == 0)
        return 0;
    size_t lim = n < phrases->max_len ? n : phrases->max_len;
    for (size_t len = 1; len <= lim; len++) {
        if (len < n) {
            ucs4_t next;
            cp_at(f + len, n - len, &next);
            if (mds__is_alpha(next))
                continue;
        }
        if (!mds__strset_has(phrases, f, len))
            continue;
        ucs4_t last;
        cp_before(f, len, &last);
        int one_word = memchr(f, ' ', len) == NULL && mds__is_alpha(last);
        if (!one_word || only_symbols(f + len, n - len))
            return 1;
    }
    return 0;
}

/* A test every text takes before the phrase list is looked at: a phrase can only match a
 * text whose fold starts with the phrase's first four bytes, or with a whole phrase of three
 * or fewer. Most texts fail it on their first bytes, unfolded past them. */
typedef struct phrase_filter {
    const mds__strset *set;
    uint8_t first[32];  /* bitmap of the phrases' first bytes */
    uint32_t *pre4;     /* the first four bytes of the phrases of four or more, sorted */
    size_t n4;
    uint32_t *shorts;   /* indices of the phrases of one to three bytes */
    size_t nshort;
} phrase_filter;

static uint32_t load4(const void *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static int cmp_u32(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    return (a > b) - (a < b);
}

static mds_status phrase_filter_init(phrase_filter *pf, const mds__strset *phrases)
{
    memset(pf, 0, sizeof *pf);
    pf->set = phrases;
    if (!phrases || phrases->count == 0)
        return MDS_OK;
    pf->pre4 = mds__malloc(2 * phrases->count * sizeof *pf->pre4);
    if (!pf->pre4)
        return MDS_ENOMEM;
    pf->shorts = pf->pre4 + phrases->count;
    for (size_t k = 0; k < phrases->count; k++) {
        const unsigned char *p = (const unsigned char *)phrases->items[k];
        size_t len = phrases->lens[k];
        if (len == 0)
            continue;
        pf->first[p[0] >> 3] |= (uint8_t)(1u << (p[0] & 7));
        if (len >= 4)
            pf->pre4[pf->n4++] = load4(p);
        else
            pf->shorts[pf->nshort++] = (uint32_t)k;
    }
    if (pf->n4 > 1)
        qsort(pf->pre4, pf->n4, sizeof *pf->pre4, cmp_u32);
    return MDS_OK;
}

static void phrase_filter_free(phrase_filter *pf)
{
    mds__free(pf->pre4);
    memset(pf, 0, sizeof *pf);
}

/* 0 when phrase_match cannot match the fold of s[0, n); 1 when it may. */
static int phrase_maybe(const phrase_filter *pf, const char *s, size_t n)
{
    if (!pf->set || pf->set->count == 0)
        return 0;
    unsigned char f[4];
    size_t k = fold_prefix(s, n, f, 4);
    if (k == 0 || !(pf->first[f[0] >> 3] & (1u << (f[0] & 7))))
        return 0;
    for (size_t i = 0; i < pf->nshort; i++) {
        size_t len = pf->set->lens[pf->shorts[i]];
        if (len <= k && memcmp(pf->set->items[pf->shorts[i]], f, len) == 0)
            return 1;
    }
    if (k < 4)
        return 0;
    uint32_t key = load4(f);
    size_t lo = 0, hi = pf->n4;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pf->pre4[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < pf->n4 && pf->pre4[lo] == key;
}

/* phrase_match over the fold of s[0, n), behind the filter; fold is scratch. */
static mds_status phrase_test(const phrase_filter *pf, const char *s, size_t n, mds__buf *fold,
                              int *match)
{
    *match = 0;
    if (!phrase_maybe(pf, s, n))
        return MDS_OK;
    if (fold_text(fold, s, n) != MDS_OK)
        return MDS_ENOMEM;
    *match = phrase_match(pf->set, fold->data, fold->len);
    return MDS_OK;
}

/* ---- paragraph rules ----------------------------------------------------------------------- */

/* Does s[0, n), ASCII-lowercased, equal word (lowercase, NUL-terminated)? */
static int lower_eq(const char *s, size_t n, const char *word)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((unsigned char)(c | (cls[c] & C_UP)) != (unsigned char)word[i])
            return 0; /* word's NUL, where word is shorter, differs from any byte of s */
    }
    return word[n] == '\0';
}

/* A list of lowercase words, and the letters they start with (a bit each, 'a' lowest):
 * most words of a text are not in a list, and most fail on their first letter. */
typedef struct word_list {
    uint32_t first;
    const char *const *words; /* NULL-terminated */
} word_list;

#define FIRST(c) (UINT32_C(1) << ((c) - 'a'))

static int in_list(const char *s, size_t n, const word_list *wl)
{
    if (n == 0)
        return 0; /* no list holds the empty word */
    unsigned c0 = (unsigned char)s[0] | (cls[(unsigned char)s[0]] & C_UP);
    if (c0 - 'a' >= 26u || !((wl->first >> (c0 - 'a')) & 1))
        return 0;
    for (const char *const *list = wl->words; *list; list++)
        if ((unsigned char)(*list)[0] == c0 && lower_eq(s, n, *list))
            return 1;
    return 0;
}

/* A token without the punctuation around it ("“Ameh,”" -> "Ameh"). */
static void token_core(const char *s, size_t *a, size_t *b)
{
    while (*a < *b) {
        ucs4_t uc;
        size_t len = cp_at(s + *a, *b - *a, &uc);
        if (mds__is_alnum(uc))
            break;
        *a += len;
    }
    while (*b > *a) {
        ucs4_t uc;
        size_t at = cp_before(s, *b, &uc);
        if (mds__is_alnum(uc))
            break;
        *b = at;
    }
}

/* Words a title leaves lowercase. */
static const char *const minor_words_words[] = {
    "a",   "an",   "the",  "and",  "but",  "or",   "nor",  "for", "so",   "yet",
    "as",  "at",   "by",   "in",   "of",   "off",  "on",   "per", "to",   "up",
    "via", "vs",   "with", "from", "into", "onto", "upon", "over", "amid", "than",
    NULL,
};
static const word_list minor_words = {
    FIRST('a') | FIRST('b') | FIRST('f') | FIRST('i') | FIRST('n') | FIRST('o') | FIRST('p') |
        FIRST('s') | FIRST('t') | FIRST('u') | FIRST('v') | FIRST('w') | FIRST('y'),
    minor_words_words,
};

/* Title Case: a short line whose words, past the first, are all capitalized except the
 * small words a title leaves lowercase ("Putin Arrives in North Korea for Talks."). Prose
 * almost always has a lowercase verb or noun ("NATO and the EU met in Brussels."). */
static int is_title_case(const char *s, size_t n, const shape *sh)
{
    if (sh->words > 15 || sh->lower == 0)
        return 0;
    size_t pos = 0, ts, te;
    int first = 1, content = 0;
    while (next_token(s, n, &pos, &ts, &te)) {
        if (first) {
            first = 0;
            continue;
        }
        ucs4_t c = first_alnum(s + ts, te - ts);
        if (!c || !mds__is_alpha(c))
            continue;
        size_t a = ts, b = te;
        token_core(s, &a, &b);
        if (in_list(s + a, b - a, &minor_words))
            continue;
        if (!mds__is_upper(c))
            return 0;
        content++;
    }
    return content >= 3;
}

static const char *const byline_leads_words[] = {
    "written", "reporting", "additional", "story", "text", "words", "compiled",
    "edited", "photos", "photographs", "interview", "report", "writing", NULL,
};
static const word_list byline_leads = {
    FIRST('a') | FIRST('c') | FIRST('e') | FIRST('i') | FIRST('p') | FIRST('r') | FIRST('s') |
        FIRST('t') | FIRST('w'),
    byline_leads_words,
};

static const char *const byline_joins_words[] = {
    "and", "of", "the", "in", "for", "at", "by", "de", "van", "von", "da", "del", NULL,
};
static const word_list byline_joins = {
    FIRST('a') | FIRST('b') | FIRST('d') | FIRST('f') | FIRST('i') | FIRST('o') | FIRST('t') |
        FIRST('v'),
    byline_joins_words,
};

/* "By Caroline Ameh", "By JOHN SMITH, Associated Press Writer", "Written by ...",
 * "Reporting by X; Editing by Y": "by" among the first words, behind nothing but a lead
 * word, then a capitalized name. "By Monday, the rebels ..." is prose: it ends in a period
 * and has lowercase words after "By". */
static int is_byline(const char *s, size_t n, const shape *sh)
{
    if (sh->words < 2 || sh->words > 12)
        return 0;
    size_t pos = 0, ts, te;
    int idx = 0, seen_by = 0, all_caps_after = 1, name = 0;
    while (next_token(s, n, &pos, &ts, &te)) {
        size_t a = ts, b = te;
        token_core(s, &a, &b);
        if (!seen_by) {
            if (lower_eq(s + a, b - a, "by") && a == ts) {
                /* "By" opening the line must be capitalized; "written by" need not be */
                if (idx == 0 && s[a] != 'B')
                    return 0;
                seen_by = 1;
            } else if (idx >= 2 || !in_list(s + a, b - a, &byline_leads)) {
                return 0;
            }
            idx++;
            continue;
        }
        ucs4_t c = first_alnum(s + ts, te - ts);
        if (!name) {
            if (!c || !mds__is_upper(c))
                return 0;
            name = 1;
        }
        if (c && mds__is_alpha(c) && !mds__is_upper(c) && !in_list(s + a, b - a, &byline_joins))
            all_caps_after = 0;
        idx++;
    }
    return name && (!sh->final || all_caps_after);
}

static int is_url_token(const char *s, size_t n)
{
    for (size_t i = 0; i + 3 <= n; i++)
        if (memcmp(s + i, "://", 3) == 0)
            return 1;
    if (n > 4 && lower_eq(s, 4, "www."))
        return 1;
    const char *at = memchr(s, '@', n);
    return at && at > s && memchr(at, '.', n - (size_t)(at - s)) != NULL;
}

/* Separators of navigation bars and breadcrumbs ("Home | World", "News » Asia"). */
static int is_nav_separator(const char *s, size_t n)
{
    return (n == 1 && (s[0] == '|' || s[0] == '>'))
           || (n == 2 && memcmp(s, "\xC2\xBB", 2) == 0)              /* » */
           || (n == 3 && (memcmp(s, "\xE2\x80\xBA", 3) == 0          /* › */
                          || memcmp(s, "\xE2\x80\xA2", 3) == 0))     /* • */
           || (n == 2 && memcmp(s, "\xC2\xB7", 2) == 0);             /* · */
}

static int is_not_prose(const char *s, size_t n, const shape *sh)
{
    if (sh->alpha == 0)
        return 1; /* symbols, digits, rules */
    if (sh->upper > 0 && sh->lower == 0 && sh->words >= 3)
        return 1; /* shouting, table headers */
    if (!sh->odd)
        return 0; /* no "@", ":", "|", ">", "www.", "»", "›", "•" or "·": no URL, no separator */
    size_t pos = 0, ts, te;
    uint32_t urls = 0, seps = 0;
    while (next_token(s, n, &pos, &ts, &te)) {
        urls += (uint32_t)is_url_token(s + ts, te - ts);
        seps += (uint32_t)is_nav_separator(s + ts, te - ts);
    }
    if (urls > 0 && urls * 2 >= sh->words)
        return 1;
    return seps >= 2 && !sh->final;
}

/* A lowercase run of two or more letters glued to a capital, early in the line: the
 * "NewsRussia" of a crumb whose label lost its separator. */
static int has_camel_join(const char *s, size_t n)
{
    size_t pos = 0, ts, te;
    for (int k = 0; k < 3 && next_token(s, n, &pos, &ts, &te); k++) {
        int lowers = 0;
        for (size_t i = ts; i < te;) {
            ucs4_t uc;
            i += cp_at(s + i, te - i, &uc);
            if (mds__is_lower(uc))
                lowers++;
            else if (mds__is_upper(uc) && lowers >= 2)
                return 1;
            else
                lowers = 0;
        }
    }
    return 0;
}

typedef struct pkey {
    const char *key; /* into the keys buffer, once it no longer moves */
    size_t off, len;
    size_t mark; /* the paragraph's index in the marks */
    uint32_t doc, para, words;
    int prose; /* shaped like a sentence of prose */
} pkey;

/* Byte order of keys, a key before the longer keys it starts. */
static int key_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c)
        return c;
    return (alen > blen) - (alen < blen);
}

/* Each document's paragraphs in key order, so that the keys that start with a string are
 * next to each other and found by binary search: the crumb test costs O(log n) comparisons
 * a paragraph, not a pass over the whole cluster. */
typedef struct crumb_index {
    const pkey **by_key; /* every key; those of document d are [first[d], first[d + 1]) */
    size_t *first;       /* ndocs + 1 */
} crumb_index;

static int cmp_doc_key(const void *pa, const void *pb)
{
    const pkey *a = *(const pkey *const *)pa, *b = *(const pkey *const *)pb;
    if (a->doc != b->doc)
        return a->doc < b->doc ? -1 : 1;
    return key_cmp(a->key, a->len, b->key, b->len);
}

/* keys in document order, their key pointers set. */
static mds_status crumb_index_build(crumb_index *ix, const pkey *keys, size_t nkeys,
                                    size_t ndocs)
{
    ix->by_key = mds__malloc((nkeys ? nkeys : 1) * sizeof *ix->by_key);
    ix->first = mds__calloc(ndocs + 1, sizeof *ix->first);
    if (!ix->by_key || !ix->first)
        return MDS_ENOMEM;
    for (size_t k = 0; k < nkeys; k++) {
        ix->by_key[k] = &keys[k];
        ix->first[keys[k].doc + 1]++;
    }
    for (size_t d = 0; d < ndocs; d++)
        ix->first[d + 1] += ix->first[d];
    if (nkeys > 1)
        qsort(ix->by_key, nkeys, sizeof *ix->by_key, cmp_doc_key);
    return MDS_OK;
}

static void crumb_index_free(crumb_index *ix)
{
    mds__free(ix->by_key);
    mds__free(ix->first);
}

/* Does a key of doc's paragraphs other than self start with s[0, m)? */
static int starts_some_key(const crumb_index *ix, const pkey *self, const char *s, size_t m)
{
    size_t lo = ix->first[self->doc], hi = ix->first[self->doc + 1];
    while (lo < hi) { /* the first key not below s */
        size_t mid = lo + (hi - lo) / 2;
        const pkey *k = ix->by_key[mid];
        if (key_cmp(k->key, k->len, s, m) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* the keys that start with s follow it, self at most one of them */
    for (size_t end = ix->first[self->doc + 1], p = lo; p < end && p < lo + 2; p++) {
        const pkey *k = ix->by_key[p];
        if (k->len < m || memcmp(k->key, s, m) != 0)
            return 0;
        if (k != self)
            return 1;
    }
    return 0;
}

/* A truncated teaser ("Top NewsRussia's Putin is set to ... North Korea...") of a paragraph
 * of the same document: the tail of its key, from near its start, begins another key. */
static int is_crumb_of(const crumb_index *ix, const pkey *self)
{
    const char *ck = self->key;
    size_t clen = self->len;
    size_t need = clen / 2 > 15 ? clen / 2 : 15;
    for (size_t i = 0; i <= 40 && i < clen && clen - i >= need; i++)
        if (starts_some_key(ix, self, ck + i, clen - i))
            return 1;
    return 0;
}

static int cmp_pkey(const void *pa, const void *pb)
{
    const pkey *a = pa, *b = pb;
    int c = key_cmp(a->key, a->len, b->key, b->len);
    if (c)
        return c;
    if (a->doc != b->doc)
        return a->doc < b->doc ? -1 : 1;
    return a->para < b->para ? -1 : a->para > b->para;
}

static int at_edge(const mds__doc *d, uint32_t para)
{
    return para < 2 || para + 3 >= d->npara;
}

/* One group of paragraphs with the same key. Short lines in several documents are site
 * chrome: navigation, footers. A short line shaped like prose is chrome only when it sits at
 * the top or bottom of three or more documents; otherwise it is a wire copy, kept once, like
 * long paragraphs. */
static void mark_group(const mds__doc *docs, const pkey *g, size_t n, uint8_t *drop)
{
    size_t ndoc = 1;
    int prose = 0, edges = 1;
    uint32_t words = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && g[i].doc != g[i - 1].doc)
            ndoc++;
        prose |= g[i].prose;
        edges &= at_edge(&docs[g[i].doc], g[i].para);
        if (g[i].words > words)
            words = g[i].words;
    }
    int repeated = ndoc >= 2 && words <= 20 && (!prose || (ndoc >= 3 && edges));
    int kept_one = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t *m = &drop[g[i].mark];
        if (*m != MDS__KEEP)
            continue;
        if (repeated)
            *m = MDS__DROP_REPEATED;
        else if (kept_one)
            *m = MDS__DROP_DUPLICATE;
        kept_one = 1;
    }
}

/* sh: the paragraph's shape, from the pass that made the keys. */
static uint8_t classify_para(const char *s, size_t n, const shape *shp, const phrase_filter *pf,
                             mds__buf *fold, const crumb_index *ix, const pkey *self,
                             mds_status *st)
{
    const shape sh = *shp;
    int phrase;
    if (sh.words == 0)
        return MDS__DROP_NOTPROSE;
    if ((*st = phrase_test(pf, s, n, fold, &phrase)) != MDS_OK)
        return MDS__KEEP;
    if (phrase)
        return MDS__DROP_PHRASE;
    if (is_byline(s, n, &sh))
        return MDS__DROP_BYLINE;
    if (is_not_prose(s, n, &sh))
        return MDS__DROP_NOTPROSE;
    if (sh.ellipsis) {
        if (has_camel_join(s, n) || is_crumb_of(ix, self))
            return MDS__DROP_HEADING;
    }
    /* Titles, labels and crumbs carry no final punctuation. A longer unpunctuated line is a
     * headline too when it holds no sentence break at all. */
    if (!sh.final && (sh.words <= 12 || (sh.words <= 30 && !sh.inner_final)))
        return MDS__DROP_HEADING;
    if (is_title_case(s, n, &sh))
        return MDS__DROP_HEADING;
    return MDS__KEEP;
}

/* The paragraph pass across threads (util/parallel.h): each document's keys and shapes, then
 * each document's paragraphs classified, a task a document; the groups of repeats across
 * the cluster after, on the calling thread. */
typedef struct para_job {
    const mds__doc *docs;
    const phrase_filter *pf;
    uint8_t *drop;
    pkey *keys;          /* every paragraph's, in document order */
    shape *shapes;       /* of each paragraph, by key index: made once, read twice */
    size_t *first;       /* document d's first key */
    mds__buf *kb;        /* per document: its keys, back to back */
    mds__buf *fold;      /* per thread */
    const crumb_index *ix;
} para_job;

static mds_status para_keys_task(void *arg, size_t d, unsigned worker)
{
    para_job *j = arg;
    const mds__doc *doc = &j->docs[d];
    mds__buf *kb = &j->kb[d];
    (void)worker;
    if (mds__buf_reserve(kb, doc->text_len + 1))
        return MDS_ENOMEM;
    for (size_t p = 0; p < doc->npara; p++) {
        size_t k = j->first[d] + p;
        size_t a = doc->paras[p].span.start, b = doc->paras[p].span.end;
        trim(doc->text, &a, &b);
        size_t off = kb->len;
        shape *shp = &j->shapes[k], sh;
        if (scan_text(doc->text + a, b - a, shp, kb) != MDS_OK)
            return MDS_ENOMEM;
        sh = *shp;
        ucs4_t c0 = 0;
        if (b > a)
            cp_at(doc->text + a, b - a, &c0);
        j->keys[k] = (pkey){
            .off = off,
            .len = kb->len - off,
            .mark = k,
            .doc = (uint32_t)d,
            .para = (uint32_t)p,
            .words = sh.words,
            .prose = sh.final && sh.lower > 0 && sh.words >= 5
                     && (mds__is_upper(c0) || mds__is_digit(c0) || is_open_quote(c0)),
        };
    }
    return MDS_OK;
}

static mds_status para_classify_task(void *arg, size_t d, unsigned worker)
{
    para_job *j = arg;
    const mds__doc *doc = &j->docs[d];
    mds_status st = MDS_OK;
    for (size_t p = 0; p < doc->npara; p++) {
        size_t k = j->first[d] + p;
        const mds__para *para = &doc->paras[p];
        if (j->drop[k] != MDS__KEEP)
            continue; /* a reason given upstream stands */
        if (para->heading) { /* markup says so (hygiene: Markdown "#") */
            j->drop[k] = MDS__DROP_HEADING;
            continue;
        }
        size_t a = para->span.start, b = para->span.end;
        trim(doc->text, &a, &b);
        uint8_t why = classify_para(doc->text + a, b - a, &j->shapes[k], j->pf,
                                    &j->fold[worker], j->ix, &j->keys[k], &st);
        if (st)
            return st;
        j->drop[k] = why;
    }
    return MDS_OK;
}

mds_status mds__clean_paragraphs(const mds__doc *docs, size_t ndocs, const mds__strset *phrases,
                                 uint8_t *drop)
{
    return mds__clean_paragraphs_threads(docs, ndocs, phrases, 1, drop);
}

mds_status mds__clean_paragraphs_threads(const mds__doc *docs, size_t ndocs,
                                         const mds__strset *phrases, unsigned threads,
                                         uint8_t *drop)
{
    mds_status st = MDS_OK;
    size_t nkeys = 0, t = threads ? threads : 1, m = ndocs ? ndocs : 1;
    crumb_index ix = {0};
    phrase_filter pf;
    for (size_t d = 0; d < ndocs; d++)
        nkeys += docs[d].npara;
    para_job j = {
        .docs = docs, .pf = &pf, .drop = drop,
        .keys = mds__malloc((nkeys ? nkeys : 1) * sizeof *j.keys),
        .shapes = mds__malloc((nkeys ? nkeys : 1) * sizeof *j.shapes),
        .first = mds__malloc(m * sizeof *j.first),
        .kb = mds__calloc(m, sizeof *j.kb),
        .fold = mds__calloc(t, sizeof *j.fold),
        .ix = &ix,
    };
    if ((st = phrase_filter_init(&pf, phrases)) != MDS_OK)
        goto done;
    if (!j.keys || !j.shapes || !j.first || !j.kb || !j.fold) {
        st = MDS_ENOMEM;
        goto done;
    }
    for (size_t d = 0, k = 0; d < ndocs; k += docs[d++].npara)
        j.first[d] = k;
    if ((st = mds__parallel_for((unsigned)t, ndocs, 1, para_keys_task, &j, NULL)))
        goto done;
    for (size_t k = 0; k < nkeys; k++)
        j.keys[k].key = j.kb[j.keys[k].doc].data ? j.kb[j.keys[k].doc].data + j.keys[k].off : "";
    if ((st = crumb_index_build(&ix, j.keys, nkeys, ndocs)) != MDS_OK)
        goto done;
    if ((st = mds__parallel_for((unsigned)t, ndocs, 1, para_classify_task, &j, NULL)))
        goto done;
    crumb_index_free(&ix);
    ix = (crumb_index){0}; /* it points into keys, which the sort below reorders */

    /* Repetition across the cluster, over every paragraph (a footer dropped for one reason
     * in one document still counts toward its copies elsewhere). */
    pkey *keys = j.keys;
    if (nkeys > 1)
        qsort(keys, nkeys, sizeof *keys, cmp_pkey);
    for (size_t i = 0; i < nkeys;) {
        size_t e = i + 1;
        while (e < nkeys && keys[e].len == keys[i].len
               && memcmp(keys[e].key, keys[i].key, keys[i].len) == 0)
            e++;
        if (e - i >= 2 && keys[i].len > 0)
            mark_group(docs, keys + i, e - i, drop);
        i = e;
    }

done:
    phrase_filter_free(&pf);
    crumb_index_free(&ix);
    if (j.kb)
        for (size_t d = 0; d < ndocs; d++)
            mds__buf_free(&j.kb[d]);
    if (j.fold)
        for (size_t k = 0; k < t; k++)
            mds__buf_free(&j.fold[k]);
    mds__free(j.keys);
    mds__free(j.shapes);
    mds__free(j.first);
    mds__free(j.kb);
    mds__free(j.fold);
    return st;
}

/* ---- sentence rules ------------------------------------------------------------------------ */

static const char *const date_words_words[] = {
    "jan",      "feb",      "mar",       "apr",     "may",      "jun",    "jul",
    "aug",      "sep",      "sept",      "oct",     "nov",      "dec",    "january",
    "february", "march",    "april",     "june",    "july",     "august", "september",
    "october",  "november", "december",  "monday",  "tuesday",  "wednesday",
    "thursday", "friday",   "saturday",  "sunday",  "mon",      "tue",    "tues",
    "wed",      "thu",      "thur",      "thurs",   "fri",      "sat",    "sun",
    NULL,
};
static const word_list date_words = {
    FIRST('a') | FIRST('d') | FIRST('f') | FIRST('j') | FIRST('m') | FIRST('n') | FIRST('o') |
        FIRST('s') | FIRST('t') | FIRST('w'),
    date_words_words,
};

static const char *const date_labels_words[] = {
    "date", "dated", "updated", "published", "posted", NULL,
};
static const word_list date_labels = {
    FIRST('d') | FIRST('p') | FIRST('u'),
    date_labels_words,
};

/* 18, 2024-06-18, 3/1/99, 12:30, 3rd, 26, */
static int is_number_token(const char *s, size_t n, int *iso)
{
    size_t digits = 0, i = 0, seps = 0;
    for (; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9')
            digits++;
        else if (c == '-' || c == '/' || c == ':')
            seps++;
        else if (c != '.' && c != ',')
            break;
    }
    if (i < n) {
        /* ordinals: 3rd, 18th, 1st, 2nd */
        size_t rest = n - i;
        while (rest > 0 && (s[i + rest - 1] == ',' || s[i + rest - 1] == '.'))
            rest--;
        if (!(rest == 2 && (lower_eq(s + i, 2, "st") || lower_eq(s + i, 2, "nd")
                            || lower_eq(s + i, 2, "rd") || lower_eq(s + i, 2, "th"))))
            return 0;
    }
    *iso = digits >= 6 && seps >= 1;
    return digits > 0;
}

typedef struct dateline {
    int tokens, upper2, paren, month, iso, cap, cap_comma, bad;
} dateline;

/* Classifies one token of a would-be dateline outside parentheses. */
static void dateline_token(const char *s, size_t n, dateline *dl)
{
    size_t a = 0, b = n;
    while (b > a && (s[b - 1] == ',' || s[b - 1] == '.' || s[b - 1] == ':'))
        b--;
    int iso = 0;
    dl->tokens++;
    if (b == a)
        return; /* a lone comma */
    if (in_list(s + a, b - a, &date_words)) {
        dl->month = 1;
        return;
    }
    if (in_list(s + a, b - a, &date_labels))
        return;
    if (is_number_token(s, n, &iso)) {
        dl->iso |= iso;
        return;
    }
    int letters = 0, lower = 0;
    for (size_t i = 0; i < n;) {
        ucs4_t uc;
        i += cp_at(s + i, n - i, &uc);
        if (mds__is_alpha(uc)) {
            letters++;
            lower += mds__is_lower(uc) ? 1 : 0;
        } else if (mds__is_digit(uc)) {
            dl->bad = 1;
            return;
        }
    }
    if (letters > 0 && lower == 0) {
        if (letters >= 2)
            dl->upper2 = 1; /* WASHINGTON, S.D., NEW */
        return;
    }
    ucs4_t c0;
    cp_at(s, n, &c0);
    if (mds__is_upper(c0)) {
        dl->cap = 1; /* Pine Ridge, Calif. */
        if (s[n - 1] == ',')
            dl->cap_comma = 1;
        return;
    }
    dl->bad = 1;
}

static int dateline_valid(const dateline *dl)
{
    if (dl->bad || dl->tokens == 0 || dl->tokens > 12)
        return 0;
    if (!(dl->upper2 || dl->paren || dl->month || dl->iso))
        return 0;
    /* Capitalized words are place names only beside a wire-style signal: "In June 2024 —"
     * opens a sentence, "Moscow, June 18 —" and "Pine Ridge, S.D. (AP) --" are datelines. */
    if (dl->cap && !(dl->upper2 || dl->paren || (dl->month && dl->cap_comma)))
        return 0;
    return 1;
}

/* Length of a dash separator at s[0, n): "--", "---", "_", "-", "–", "—". */
static size_t dash_len(const char *s, size_t n)
{
    if (n >= 3 && (memcmp(s, "\xE2\x80\x93", 3) == 0 || memcmp(s, "\xE2\x80\x94", 3) == 0))
        return 3;
    size_t i = 0;
    while (i < n && s[i] == '-')
        i++;
    if (i > 0 && i <= 3)
        return i;
    return n >= 1 && s[0] == '_' ? 1 : 0;
}

/* Where the story starts after a dateline ("PINE RIDGE, S.D. (AP) -- ", "(CNN) — ",
 * " date 2024-06-18 (CTN News) – "), or 0 when s[0, n) has none. */
static size_t dateline_end(const char *s, size_t n)
{
    dateline dl = {0};
    size_t pos = 0, ts, te;
    int depth = 0, paren_tokens = 0;
    while (next_token(s, n, &pos, &ts, &te)) {
        if (dl.tokens > 14)
            return 0;
        size_t tl = te - ts;
        size_t rest; /* where the story starts, once a separator is found */
        if (depth == 0 && dash_len(s + ts, tl) > 0) {
            rest = ts + dash_len(s + ts, tl); /* " -- ", " _ ", " – ", "—The" */
        } else if (depth > 0 || s[ts] == '(') {
            /* a parenthesized source, "(AP)", "(CTN News)", maybe glued: "(CNN)—The" */
            paren_tokens++;
            dl.tokens++;
            dl.paren = 1;
            size_t i = ts;
            for (; i < te; i++) {
                if (s[i] == '(')
                    depth++;
                else if (s[i] == ')' && depth > 0 && --depth == 0)
                    break;
            }
            if (paren_tokens > 6)
                return 0;
            if (depth > 0 || i + 1 >= te)
                continue;
            size_t dlen = dash_len(s + i + 1, te - i - 1);
            if (!dlen) {
                if (only_symbols(s + i + 1, te - i - 1))
                    continue; /* "(AP)," */
                return 0;
            }
            rest = i + 1 + dlen;
        } else {
            /* "WASHINGTON—The", "WASHINGTON--": a dash glued inside a token */
            size_t cut = tl;
            for (size_t i = ts; i + 2 <= te; i++)
                if ((i + 3 <= te && (memcmp(s + i, "\xE2\x80\x94", 3) == 0
                                     || memcmp(s + i, "\xE2\x80\x93", 3) == 0))
                    || (s[i] == '-' && s[i + 1] == '-')) {
                    cut = i - ts;
                    break;
                }
            dateline_token(s + ts, cut, &dl);
            if (dl.bad)
                return 0;
            if (cut == tl)
                continue;
            rest = ts + cut + dash_len(s + ts + cut, tl - cut);
        }
        /* a separator was found: the story must go on with a capital or a quote */
        if (!dateline_valid(&dl))
            return 0;
        while (rest < n && is_space((unsigned char)s[rest]))
            rest++;
        if (rest >= n)
            return 0;
        ucs4_t c;
        cp_at(s + rest, n - rest, &c);
        if (!(mds__is_upper(c) || is_open_quote(c)))
            return 0;
        return rest;
    }
    return 0;
}

/* Where the story starts after a breadcrumb trail ("Home » World » Asia » "), or 0. Every
 * item must be a few capitalized words. */
static size_t crumb_end(const char *s, size_t n)
{
    size_t pos = 0, ts, te, end = 0;
    int item = 0, tokens = 0;
    while (next_token(s, n, &pos, &ts, &te) && ++tokens <= 16) {
        if (is_nav_separator(s + ts, te - ts)) {
            if (item == 0)
                return end;
            item = 0;
            end = te;
            continue;
        }
        ucs4_t c = first_alnum(s + ts, te - ts);
        if (!c || !(mds__is_upper(c) || mds__is_digit(c)) || ++item > 4)
            break;
    }
    if (end == 0)
        return 0;
    while (end < n && is_space((unsigned char)s[end]))
        end++;
    if (end >= n)
        return 0;
    ucs4_t c;
    cp_at(s + end, n - end, &c);
    return mds__is_upper(c) || is_open_quote(c) ? end : 0;
}

/* A source tag closing a sentence, "... in Russia's far eastern region. (ANI)": returns the
 * length without it, or n. */
static size_t strip_source_tag(const char *s, size_t n)
{
    if (n < 5 || s[n - 1] != ')')
        return n;
    size_t open = n - 1;
    while (open > 0 && s[open] != '(')
        open--;
    if (s[open] != '(' || open < 2 || s[open - 1] != ' ' || n - open > 24)
        return n;
    size_t a = open + 1, b = n - 1;
    if (mds__count_words(s + a, b - a) > 2 || b == a)
        return n;
    ucs4_t c;
    cp_at(s + a, b - a, &c);
    if (!mds__is_upper(c))
        return n;
    for (size_t i = a; i < b; i++)
        if (s[i] >= '0' && s[i] <= '9')
            return n;
    size_t end = open - 1;
    while (end > 0 && is_space((unsigned char)s[end - 1]))
        end--;
    return end > 0 && ends_with_final(s, end) ? end : n;
}

static int starts_as_continuation(const char *s, size_t n)
{
    ucs4_t c;
    size_t len = cp_at(s, n, &c);
    if (mds__is_lower(c)) {
        /* "iPhone", "eBay": a brand, not the tail of a broken sentence */
        for (size_t i = len; i < n && !is_space((unsigned char)s[i]);) {
            ucs4_t d;
            i += cp_at(s + i, n - i, &d);
            if (mds__is_upper(d))
                return 0;
        }
        return 1;
    }
    return c == ',' || c == ';' || c == ':' || c == ')' || c == ']' || c == '}' || c == '.'
           || c == '!' || c == '?' || c == 0x201D /* ” */ || c == 0x2013 || c == 0x2014
           || c == 0x2026;
}

/* sh: the shape of s[0, n) */
static int is_fragment(const char *s, size_t n, const shape *shp)
{
    const shape sh = *shp;
    if (sh.words < 3)
        return 1;
    if (sh.ellipsis || !sh.final)
        return 1; /* truncated, or cut before its end */
    if (n >= 2 && s[n - 1] == '.' && (s[n - 2] == ',' || s[n - 2] == ';' || s[n - 2] == ':'))
        return 1; /* "... in Ukraine,." */
    if (sh.alpha == 0 || (sh.upper > 0 && sh.lower == 0))
        return 1; /* "PINE RIDGE, S.D." */
    return starts_as_continuation(s, n);
}

/* Does a paragraph of d open with "Q. ": an interview, where "A. " answers. */
static int asks_q_dot(const mds__doc *d)
{
    for (size_t p = 0; p < d->npara; p++) {
        const char *s = d->text + d->paras[p].span.start;
        size_t n = d->paras[p].span.end - d->paras[p].span.start;
        if (n > 3 && s[0] == 'Q' && s[1] == '.' && s[2] == ' ')
            return 1;
    }
    return 0;
}

/* The sentence pass across threads: each sentence trimmed, tested and keyed, a task a block
 * of sentences; then the repeats, in sentence order, on the calling thread. */
enum { SENTS_PER_TASK = 128 };

typedef struct sent_job {
    const mds__doc *docs;
    mds__sent *sents;
    size_t nsents;
    const phrase_filter *pf;
    mds__buf *keys;   /* per block: its sentences' keys, back to back */
    uint32_t *klen;   /* per sentence: its key's length (offsets follow from them) */
    mds__buf *fold;   /* per thread */
} sent_job;

/* Sentence i: cut, recounted, marked for a phrase or a fragment, else keyed. */
static mds_status clean_sentence(sent_job *j, size_t i, int qa_dot, mds__buf *fold,
                                 mds__buf *key)
{
    mds__sent *se = &j->sents[i];
    const mds__doc *d = &j->docs[se->doc];
    size_t a = se->span.start, b = se->span.end;
    mds_status st;
    if (b > d->text_len)
        b = d->text_len;
    if (a > b)
        a = b;
    trim(d->text, &a, &b);

    /* bullets and Q/A (text/hygiene.h); "A." only in a text that asks "Q.". Numbers stay:
     * a numbered line in news is a ranking ("1. ``Star Wars,'' $64.8 million."), and
     * read as a sentence it won places in DUC 2006 summaries (ROUGE fell; Markdown's
     * numbered items lose their numbers in ingest) */
    size_t cut = mds__hygiene_prefix(d->text + a, b - a, qa_dot, 0);
    a += cut;
    cut = dateline_end(d->text + a, b - a);
    a += cut;
    cut = crumb_end(d->text + a, b - a);
    a += cut;
    b = a + strip_source_tag(d->text + a, b - a);
    trim(d->text, &a, &b);
    se->span.start = (uint32_t)a;
    se->span.end = (uint32_t)b;

    /* words, shape and key in one pass; the key taken back if the sentence is dropped */
    const char *s = d->text + a;
    size_t n = b - a, at = key->len;
    shape sh;
    int phrase;
    if ((st = scan_text(s, n, &sh, key)) != MDS_OK)
        return st;
    se->words = sh.words;
    if ((st = phrase_test(j->pf, s, n, fold, &phrase)) != MDS_OK)
        return st;
    if (phrase || is_fragment(s, n, &sh)) {
        se->drop = phrase ? MDS__DROP_PHRASE : MDS__DROP_FRAGMENT;
        key->len = at;
        key->data[at] = '\0';
        return MDS_OK;
    }
    j->klen[i] = (uint32_t)(key->len - at);
    return MDS_OK;
}

static mds_status sent_task(void *arg, size_t blk, unsigned worker)
{
    sent_job *j = arg;
    size_t end = (blk + 1) * SENTS_PER_TASK < j->nsents ? (blk + 1) * SENTS_PER_TASK : j->nsents;
    uint32_t qa_doc = UINT32_MAX;
    int qa_dot = 0;
    mds_status st;
    for (size_t i = blk * SENTS_PER_TASK; i < end; i++) {
        const mds__sent *se = &j->sents[i];
        if (se->drop != MDS__KEEP)
            continue;
        if (qa_doc != se->doc) {
            qa_doc = se->doc;
            qa_dot = asks_q_dot(&j->docs[se->doc]);
        }
        if ((st = clean_sentence(j, i, qa_dot, &j->fold[worker], &j->keys[blk])))
            return st;
    }
    return MDS_OK;
}

mds_status mds__clean_sentences(const mds__doc *docs, mds__sent *sents, size_t nsents,
                                const mds__strset *phrases)
{
    return mds__clean_sentences_threads(docs, sents, nsents, phrases, 1);
}

/* A key of a kept sentence, in the table of those seen (NULL: an empty slot). */
typedef struct seen_slot {
    const char *key;
    uint32_t len;
} seen_slot;

mds_status mds__clean_sentences_threads(const mds__doc *docs, mds__sent *sents, size_t nsents,
                                        const mds__strset *phrases, unsigned threads)
{
    mds_status st = MDS_OK;
    size_t t = threads ? threads : 1, nblk = (nsents + SENTS_PER_TASK - 1) / SENTS_PER_TASK;
    seen_slot *seen = NULL;
    phrase_filter pf;
    sent_job j = {
        .docs = docs, .sents = sents, .nsents = nsents, .pf = &pf,
        .keys = mds__calloc(nblk ? nblk : 1, sizeof *j.keys),
        .klen = mds__calloc(nsents ? nsents : 1, sizeof *j.klen),
        .fold = mds__calloc(t, sizeof *j.fold),
    };
    if ((st = phrase_filter_init(&pf, phrases)) != MDS_OK)
        goto done;
    if (!j.keys || !j.klen || !j.fold) {
        st = MDS_ENOMEM;
        goto done;
    }
    if ((st = mds__parallel_for((unsigned)t, nblk, 2, sent_task, &j, NULL)))
        goto done;
    /* repeats of an earlier kept sentence, in order: the keys seen in a table of at least
     * twice as many slots as keys, open addressing */
    size_t nkeyed = 0, mask = 15;
    for (size_t i = 0; i < nsents; i++)
        nkeyed += sents[i].drop == MDS__KEEP && j.klen[i] > 0;
    while (mask / 2 < nkeyed)
        mask = mask * 2 + 1;
    if (!(seen = mds__calloc(mask + 1, sizeof *seen))) {
        st = MDS_ENOMEM;
        goto done;
    }
    for (size_t blk = 0; blk < nblk; blk++) {
        size_t end = (blk + 1) * SENTS_PER_TASK < nsents ? (blk + 1) * SENTS_PER_TASK : nsents;
        /* an offset, not a pointer: a block whose keys are all empty has no buffer (NULL) */
        size_t off = 0;
        for (size_t i = blk * SENTS_PER_TASK; i < end; off += j.klen[i], i++) {
            if (sents[i].drop != MDS__KEEP || j.klen[i] == 0)
                continue;
            const char *key = j.keys[blk].data + off;
            uint32_t len = j.klen[i];
            for (size_t at = (size_t)XXH3_64bits(key, len) & mask;; at = (at + 1) & mask) {
                if (!seen[at].key) {
                    seen[at] = (seen_slot){key, len};
                    break;
                }
                if (seen[at].len == len && memcmp(seen[at].key, key, len) == 0) {
                    sents[i].drop = MDS__DROP_DUPLICATE;
                    break;
                }
            }
        }
    }

done:
    phrase_filter_free(&pf);
    mds__free(seen);
    if (j.keys)
        for (size_t blk = 0; blk < nblk; blk++)
            mds__buf_free(&j.keys[blk]);
    if (j.fold)
        for (size_t k = 0; k < t; k++)
            mds__buf_free(&j.fold[k]);
    mds__free(j.keys);
    mds__free(j.klen);
    mds__free(j.fold);
    return st;
}

/* ---- the fast paths against the reference ------------------------------------------------ */

mds_status mds__clean_check_scan(const char *s, size_t n, const mds__strset *phrases,
                                 int *agree)
{
    mds_status st;
    mds__buf k1 = {0}, k2 = {0}, fold = {0};
    phrase_filter pf;
    shape a, b;
    *agree = 0;
    if ((st = phrase_filter_init(&pf, phrases)) != MDS_OK)
        return st;
    /* keys appended after some text already there, as the passes do */
    if ((st = mds__buf_append(&k1, "x", 1)) || (st = mds__buf_append(&k2, "x", 1))
        || (st = scan_text(s, n, &a, &k1)) || (st = key_ref(&k2, s, n))
        || (st = fold_text(&fold, s, n)))
        goto done;
    shape_ref(s, n, &b);
    int ok = a.words == b.words && a.alpha == b.alpha && a.upper == b.upper
             && a.lower == b.lower && a.final == b.final && a.ellipsis == b.ellipsis
             && a.inner_final == b.inner_final && a.words == mds__count_words(s, n);
    ok = ok && k1.len == k2.len && memcmp(k1.data, k2.data, k1.len) == 0
         && k1.data[k1.len] == '\0';
    /* odd unset: no token is a URL or a separator */
    size_t pos = 0, ts, te;
    while (!a.odd && next_token(s, n, &pos, &ts, &te))
        ok = ok && !is_url_token(s + ts, te - ts) && !is_nav_separator(s + ts, te - ts);
    /* the filter passes every text that matches */
    if (phrase_match(phrases, fold.data, fold.len))
        ok = ok && phrase_maybe(&pf, s, n);
    unsigned char f[4];
    size_t fl = fold_prefix(s, n, f, 4);
    ok = ok && fl == (fold.len < 4 ? fold.len : 4) && memcmp(f, fold.data, fl) == 0;
    /* every word of a list starts with a letter its mask holds */
    const word_list *lists[] = {&minor_words, &byline_leads, &byline_joins, &date_words,
                                &date_labels};
    for (size_t l = 0; l < sizeof lists / sizeof *lists; l++)
        for (const char *const *w = lists[l]->words; *w; w++)
            ok = ok && (unsigned)((unsigned char)(*w)[0] - 'a') < 26u
                 && ((lists[l]->first >> ((*w)[0] - 'a')) & 1);
    *agree = ok;
done:
    phrase_filter_free(&pf);
    mds__buf_free(&k1);
    mds__buf_free(&k2);
    mds__buf_free(&fold);
    return st;
}
