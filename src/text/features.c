/* SPDX-License-Identifier: MIT */
#include "util/alloc.h"
#include "text/features.h"
#include "text/chars.h"

#include <errno.h>
#include <libstemmer.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>
#include <uniwbrk.h>
#include <xxhash.h>

#include "text/lang.h"
#include "text/wordseg.h"
#include "util/buf.h"

/* Sixteen bytes at a time where the target has SSE2 (every x86-64): the runs of a word's
 * letters and digits, classed and lowered by byte masks. */
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#define FEATURES_SSE2 1
#else
#define FEATURES_SSE2 0
#endif

/* ---- language names ---------------------------------------------------------------------- */

/* ISO 639-1 and 639-2 (B and T) codes of the Snowball languages. Entries whose algorithm the
 * installed libstemmer lacks are simply never matched, since the answer must come from
 * sb_stemmer_list(). */
static const struct {
    const char *code, *name;
} lang_codes[] = {
    {"ar", "arabic"},     {"ara", "arabic"},     {"hy", "armenian"},   {"arm", "armenian"},
    {"hye", "armenian"},  {"eu", "basque"},      {"baq", "basque"},    {"eus", "basque"},
    {"ca", "catalan"},    {"cat", "catalan"},    {"da", "danish"},     {"dan", "danish"},
    {"nl", "dutch"},      {"dut", "dutch"},      {"nld", "dutch"},     {"en", "english"},
    {"eng", "english"},   {"eo", "esperanto"},   {"epo", "esperanto"}, {"et", "estonian"},
    {"est", "estonian"},  {"fi", "finnish"},     {"fin", "finnish"},   {"fr", "french"},
    {"fre", "french"},    {"fra", "french"},     {"de", "german"},     {"ger", "german"},
    {"deu", "german"},    {"el", "greek"},       {"gre", "greek"},     {"ell", "greek"},
    {"hi", "hindi"},      {"hin", "hindi"},      {"hu", "hungarian"},  {"hun", "hungarian"},
    {"id", "indonesian"}, {"ind", "indonesian"}, {"ga", "irish"},      {"gle", "irish"},
    {"it", "italian"},    {"ita", "italian"},    {"lt", "lithuanian"}, {"lit", "lithuanian"},
    {"ne", "nepali"},     {"nep", "nepali"},     {"no", "norwegian"},  {"nor", "norwegian"},
    {"nb", "norwegian"},  {"nob", "norwegian"},  {"nn", "norwegian"},  {"nno", "norwegian"},
    {"pt", "portuguese"}, {"por", "portuguese"}, {"ro", "romanian"},   {"rum", "romanian"},
    {"ron", "romanian"},  {"ru", "russian"},     {"rus", "russian"},   {"sr", "serbian"},
    {"srp", "serbian"},   {"es", "spanish"},     {"spa", "spanish"},   {"sv", "swedish"},
    {"swe", "swedish"},   {"ta", "tamil"},       {"tam", "tamil"},     {"tr", "turkish"},
    {"tur", "turkish"},   {"uk", "ukrainian"},   {"ukr", "ukrainian"}, {"yi", "yiddish"},
    {"yid", "yiddish"},
};

static const char *listed(const char *name)
{
    for (const char **l = sb_stemmer_list(); *l; l++)
        if (strcmp(*l, name) == 0)
            return *l;
    return NULL;
}

static const char *lookup(const char *lower)
{
    if (strcmp(lower, "none") == 0)
        return "none";
    const char *s = listed(lower);
    if (s)
        return s;
    for (size_t i = 0; i < sizeof lang_codes / sizeof *lang_codes; i++)
        if (strcmp(lang_codes[i].code, lower) == 0)
            return listed(lang_codes[i].name);
    return NULL;
}

const char *mds__stemmer_name(const char *lang)
{
    char lower[64];
    size_t n = 0;
    if (!lang)
        return NULL;
    for (; lang[n]; n++) {
        if (n + 1 >= sizeof lower)
            return NULL;
        char c = lang[n];
        lower[n] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    lower[n] = '\0';
    if (n == 0)
        return NULL;
    const char *s = lookup(lower);
    if (s)
        return s;
    /* A locale tag such as "en_US" or "pt-BR": the language part decides. */
    char *sep = strpbrk(lower, "_-");
    if (sep && sep != lower) {
        *sep = '\0';
        return lookup(lower);
    }
    return NULL;
}

/* ---- terms ---------------------------------------------------------------------------------- */

void mds__terms_reset(mds__terms *t)
{
    t->len = 0;
    t->n = 0;
    t->words = 0;
}

void mds__terms_free(mds__terms *t)
{
    if (!t)
        return;
    mds__free(t->buf);
    mds__free(t->offs);
    mds__free(t->stop);
    memset(t, 0, sizeof *t);
}

/* stop: -1 outside marked extraction (no flags kept), else the flag of the term. */
static mds_status terms_push_slow(mds__terms *t, const char *s, size_t n, int stop)
{
    mds_status st;
    if (stop >= 0) {
        if ((st = mds__grow((void **)&t->stop, &t->cap_stop, t->n + 1, 1)))
            return st;
        t->stop[t->n] = (uint8_t)stop;
    }
    /* Offsets are 32-bit: one text's terms stay far below 4 GiB. */
    if (n > UINT32_MAX - 1 || t->len > UINT32_MAX - 1 - n)
        return MDS_ENOMEM;
    if ((st = mds__grow((void **)&t->buf, &t->cap, t->len + n + 1, 1)))
        return st;
    if ((st = mds__grow((void **)&t->offs, &t->cap_offs, t->n + 1, sizeof *t->offs)))
        return st;
    memcpy(t->buf + t->len, s, n);
    t->buf[t->len + n] = '\0';
    t->offs[t->n++] = (uint32_t)t->len;
    t->len += n + 1;
    return MDS_OK;
}

/* terms_push_slow, with the room checked inline: most pushes need no growth. */
static inline mds_status terms_push(mds__terms *t, const char *s, size_t n, int stop)
{
    if (t->len + n + 1 > t->cap || t->n + 1 > t->cap_offs ||
        (stop >= 0 && t->n + 1 > t->cap_stop) || t->len + n + 1 > UINT32_MAX)
        return terms_push_slow(t, s, n, stop);
    if (stop >= 0)
        t->stop[t->n] = (uint8_t)stop;
    memcpy(t->buf + t->len, s, n);
    t->buf[t->len + n] = '\0';
    t->offs[t->n++] = (uint32_t)t->len;
    t->len += n + 1;
    return MDS_OK;
}

/* ---- the word cache ------------------------------------------------------------------------- */

/* What each ASCII word (folded) gave: a stopword or not, and its term (the stem, or the word
 * as written), so that each distinct word of a cluster is looked up and stemmed once: a news
 * cluster says its few thousand words again and again. Only ASCII words: their folding is a
 * lowercasing, so the folded word alone decides the outcome. Open addressing over an arena
 * of "word term" pairs; full at WORD_CACHE_MAX words, it starts over empty, so it stays small
 * whatever the input. A cache that cannot grow is only slower: a word it cannot keep is
 * worked out each time, never an error. */
enum { WORD_CACHE_MAX = 1 << 16, WORD_CACHED_MAX = 64 };

/* A word and its term of up to WORD_INLINE bytes together are kept in their entry, so that
 * a lookup reads one place of memory; longer ones in the arena. */
enum { WORD_INLINE = 16 };

typedef struct word_entry {
    uint64_t hash;
    uint32_t off;        /* klen + tlen > WORD_INLINE: the word at arena + off, its term right
                            after it; else both in in[] */
    uint8_t klen, tlen;  /* klen 0: an empty slot */
    uint8_t stop;
    char in[WORD_INLINE];
} word_entry;

/* The word of entry e, its term right after it. */
static inline const char *entry_word(const char *arena, const word_entry *e)
{
    return e->klen + e->tlen <= WORD_INLINE ? e->in : arena + e->off;
}

typedef struct word_cache {
    word_entry *slots;
    size_t nslots, count;
    size_t epoch; /* counts the times entries moved or went (a rehash, a start over) */
    char *arena;
    size_t len, cap;
} word_cache;

static void word_cache_free(word_cache *c)
{
    mds__free(c->slots);
    mds__free(c->arena);
    memset(c, 0, sizeof *c);
}

/* The hash of a folded ASCII word w[0, n), read 8 bytes at a time: the buffers it reads (the
 * featurizer's fold buffer) hold 8 zero bytes past the word. A multiply-xorshift mix: the
 * cache needs spread, not strength, and a word is hashed at every occurrence. */
static inline uint64_t word_hash(const uint8_t *w, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15u ^ (uint64_t)n;
    for (size_t i = 0; i < n; i += 8) {
        uint64_t v;
        memcpy(&v, w + i, 8);
        h = (h ^ v) * 0xFF51AFD7ED558CCDu;
        h ^= h >> 32;
    }
    h *= 0xC4CEB9FE1A85EC53u;
    return h ^ (h >> 29);
}

/* The first k (1 to 8) bytes in memory of a 64-bit word loaded from it. */
static inline uint64_t first_bytes(size_t k)
{
    const uint16_t one = 1;
    uint8_t first;
    memcpy(&first, &one, 1);
    if (k >= 8)
        return ~(uint64_t)0;
    return first == 1 ? ((uint64_t)1 << (8 * k)) - 1 : ~(~(uint64_t)0 >> (8 * k));
}

/* a[0, n) == b[0, n), for the short words of the cache: no call. A word of up to 16 bytes by
 * two loads a side, the bytes past n masked off, as both sides may be read to 16 bytes: an
 * entry's word lies in its 16 bytes or, with its term longer than that together, in the
 * arena; the word looked up has 8 zero bytes after it (word_hash), and one met again while
 * the slots grow is an entry's. */
static inline int same_bytes(const char *a, const uint8_t *b, size_t n)
{
    uint64_t x, y;
    if (n <= 16) {
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        if (n <= 8)
            return ((x ^ y) & first_bytes(n)) == 0;
        uint64_t x1, y1;
        memcpy(&x1, a + 8, 8);
        memcpy(&y1, b + 8, 8);
        return ((x ^ y) | ((x1 ^ y1) & first_bytes(n - 8))) == 0;
    }
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y)
            return 0;
    }
    for (; i < n; i++)
        if ((uint8_t)a[i] != b[i])
            return 0;
    return 1;
}

static inline word_entry *word_slot(const word_cache *c, uint64_t h, const uint8_t *w, size_t n)
{
    size_t mask = c->nslots - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        word_entry *e = &c->slots[i];
        if (e->klen == 0 ||
            (e->hash == h && e->klen == n && same_bytes(entry_word(c->arena, e), w, n)))
            return e;
    }
}

/* Asks for the memory at p to be read ahead (a hint, where the compiler has one). */
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* Reads ahead what looking up the word of hash h will read first: its first slot. */
static inline void word_cache_prefetch_slot(const word_cache *c, uint64_t h)
{
    if (c->nslots)
        PREFETCH(&c->slots[(size_t)h & (c->nslots - 1)]);
}

/* The entry of w[0, n), or NULL. */
static const word_entry *word_cache_get(const word_cache *c, uint64_t h, const uint8_t *w,
                                        size_t n)
{
    if (!c->nslots || n > WORD_CACHED_MAX)
        return NULL;
    const word_entry *e = word_slot(c, h, w, n);
    return e->klen ? e : NULL;
}

static void word_cache_put(word_cache *c, uint64_t h, const uint8_t *w, size_t n, int stop,
                           const char *term, size_t tn)
{
    if (n > WORD_CACHED_MAX || tn > UINT8_MAX)
        return;
    if (c->count >= WORD_CACHE_MAX) { /* full: start over */
        memset(c->slots, 0, c->nslots * sizeof *c->slots);
        c->count = c->len = 0;
        c->epoch++;
    }
    if ((c->count + 1) * 2 > c->nslots) {
        size_t ns = c->nslots ? c->nslots * 2 : 1024;
        word_entry *slots = mds__calloc_written(ns, sizeof *slots);
        if (!slots)
            return;
        word_cache old = *c;
        c->epoch++;
        c->slots = slots;
        c->nslots = ns;
        for (size_t i = 0; i < old.nslots; i++)
            if (old.slots[i].klen)
                *word_slot(c, old.slots[i].hash,
                           (const uint8_t *)entry_word(c->arena, &old.slots[i]),
                           old.slots[i].klen) = old.slots[i];
        mds__free(old.slots);
    }
    int inl = n + tn <= WORD_INLINE;
    if (!inl && (c->len + n + tn > UINT32_MAX ||
                 mds__grow((void **)&c->arena, &c->cap, c->len + n + tn, 1)))
        return;
    word_entry *e = word_slot(c, h, w, n);
    *e = (word_entry){.hash = h, .off = inl ? 0 : (uint32_t)c->len, .klen = (uint8_t)n,
                      .tlen = (uint8_t)tn, .stop = (uint8_t)stop};
    char *d = inl ? e->in : c->arena + c->len;
    memcpy(d, w, n);
    if (tn)
        memcpy(d + n, term, tn);
    if (!inl)
        c->len += n + tn;
    c->count++;
}

/* ---- the featurizer ------------------------------------------------------------------------- */

struct mds__featurizer {
    struct sb_stemmer *stemmer; /* NULL: no stemming */
    mds__wordseg *wordseg;      /* lang: dictionary word breaks (Chinese, Japanese); NULL:
                                   mds__wordbreaks */
    const mds__strset *stop;    /* borrowed; NULL: none */
    int bigrams;
    char lang[64];              /* as given, for mds__featurizer_clone */
    int marking;                /* in mds__features_extract_marked */
    char *brk;                  /* mds__wordbreaks output, reused */
    size_t brk_cap;
    uint8_t *fold;              /* the folded word, reused */
    size_t fold_cap;
    word_cache words; /* ASCII words met before */
    struct word_ref {  /* extract_ascii: the words of a text, in f->fold */
        uint64_t hash;
        const struct word_entry *e; /* what the cache held before any was added */
        size_t off, len;
        int letter;
    } *refs;
    size_t refs_cap;
    int general;      /* mds__featurizer_general: no ASCII fast path */
};

mds_status mds__featurizer_new(const char *lang, const mds__strset *stopwords, int bigrams,
                               mds__featurizer **out)
{
    *out = NULL;
    /* lang: a language of text/lang.h brings its stemmer (or none) and word breaker. */
    const mds__lang *l = mds__lang_find(lang);
    const char *name = l ? (l->stemmer ? l->stemmer : "none") : mds__stemmer_name(lang);
    if (!name)
        return MDS_ELANG;
    mds__featurizer *f = mds__calloc(1, sizeof *f);
    if (!f)
        return MDS_ENOMEM;
    if (l && l->wordseg && mds__wordseg_new(l->code, &f->wordseg)) {
        mds__free(f);
        return MDS_ENOMEM;
    }
    if (strcmp(name, "none") != 0) {
        /* libstemmer allocates with libc, outside the hook (util/alloc.h). */
        f->stemmer = sb_stemmer_new(name, "UTF_8");
        if (!f->stemmer)
            goto fail_stemmer;
    }
    f->stop = stopwords;
    f->bigrams = bigrams != 0;
    snprintf(f->lang, sizeof f->lang, "%s", lang);
    *out = f;
    return MDS_OK;

fail_stemmer:
    mds__wordseg_free(f->wordseg);
    mds__free(f);
    /* The name was listed, so only memory can be missing. */
    return MDS_ENOMEM;
}

mds_status mds__featurizer_clone(const mds__featurizer *f, mds__featurizer **out)
{
    return mds__featurizer_new(f->lang, f->stop, f->bigrams, out);
}

void mds__featurizer_free(mds__featurizer *f)
{
    if (!f)
        return;
    if (f->stemmer)
        sb_stemmer_delete(f->stemmer);
    mds__wordseg_free(f->wordseg);
    mds__free(f->brk);
    mds__free(f->fold);
    mds__free(f->refs);
    word_cache_free(&f->words);
    mds__free(f);
}

static int is_stop(const mds__featurizer *f, const uint8_t *s, size_t n)
{
    return f->stop && f->stop->count && mds__strset_has(f->stop, (const char *)s, n);
}

/* Folds word w[0, n) into f->fold: ASCII by a plain lower-casing (NFKC and case folding
 * reduce to that there, and most words are ASCII), the rest by u8_casefold with NFKC. The
 * typographic apostrophe becomes ASCII so that "don’t" and "don't" are one term; spaces
 * that NFKC may produce (from compatibility characters) are dropped, since a space
 * separates the two words of a bigram. Sets *len; returns MDS_EFORMAT for bytes that are
 * not UTF-8, which the caller skips. */
static mds_status fold_word(mds__featurizer *f, const uint8_t *w, size_t n, int ascii,
                            size_t *len)
{
    mds_status st;
    if (ascii) {
        if ((st = mds__grow((void **)&f->fold, &f->fold_cap, n + 8, 1)))
            return st;
        for (size_t i = 0; i < n; i++) {
            uint8_t c = w[i];
            f->fold[i] = (uint8_t)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        }
        memset(f->fold + n, 0, 8); /* for word_hash */
        *len = n;
        return MDS_OK;
    }
    size_t got = f->fold_cap;
    uint8_t *r = u8_casefold(w, n, NULL, UNINORM_NFKC, f->fold, &got);
    if (!r)
        return errno == ENOMEM ? MDS_ENOMEM : MDS_EFORMAT;
    if (r != f->fold) {
        /* libunistring needed more room and allocated: keep its buffer as ours. Its
         * allocations (this one and its scratch) are outside the hook (util/alloc.h); a
         * failed one is the NULL with ENOMEM above. */
        mds__free(f->fold);
        f->fold = r;
        f->fold_cap = got;
    }
    size_t j = 0;
    for (size_t i = 0; i < got; i++) {
        if (r[i] == 0xE2 && i + 2 < got && r[i + 1] == 0x80 && r[i + 2] == 0x99) {
            r[j++] = '\'';
            i += 2;
        } else if (r[i] != ' ') {
            r[j++] = r[i];
        }
    }
    *len = j;
    return MDS_OK;
}

/* What folded word s[0, len) gives: a stopword (*stop; *term its folded form, possessive
 * aside) or the term to keep (*tn 0: none). *term points into f's fold buffer or the
 * stemmer's, valid until the next word. */
static mds_status word_term(mds__featurizer *f, const uint8_t *s, size_t len, int letter,
                            int *stop, const char **term, size_t *tn)
{
    *stop = 0;
    *term = (const char *)s;
    *tn = len;
    if (is_stop(f, s, len)) {
        *stop = 1;
        return MDS_OK;
    }
    /* Possessive: "the court's ruling" and "the court ruled" share "court". */
    if (len > 2 && s[len - 2] == '\'' && s[len - 1] == 's') {
        len -= 2;
        *tn = len;
        if (is_stop(f, s, len)) {
            *stop = 1;
            return MDS_OK;
        }
    }
    /* Numbers ("2024", "3.5") are kept as written: a stemmer has nothing to take off. So
     * are abbreviations with inner periods ("u.s", "ph.d"), which a stemmer would mangle
     * ("u.s" to "u."). */
    if (!letter || !f->stemmer || memchr(s, '.', len))
        return MDS_OK;
    if (len > INT_MAX) /* no word is this long; keep it rather than fail */
        return MDS_OK;
    const sb_symbol *stem = sb_stemmer_stem(f->stemmer, s, (int)len);
    if (!stem)
        return MDS_ENOMEM;
    int sl = sb_stemmer_length(f->stemmer);
    *term = (const char *)stem;
    *tn = sl > 0 ? (size_t)sl : 0;
    return MDS_OK;
}

/* Appends the term of a word from its entry in the word cache, unless dropped: the path of
 * most words, inline. */
static inline mds_status entry_push(const mds__featurizer *f, const word_entry *e,
                                    mds__terms *out)
{
    const char *term = entry_word(f->words.arena, e) + e->klen;
    if (e->stop)
        return f->marking ? terms_push(out, term, e->tlen, 1) : MDS_OK;
    return e->tlen ? terms_push(out, term, e->tlen, f->marking ? 0 : -1) : MDS_OK;
}

/* Appends the term of the folded ASCII word s[0, len) (8 zero bytes after it, its hash h) to
 * out unless dropped: from the word cache entry e, or worked out and cached. *added: set when
 * the cache took a word (which may move its entries). */
static mds_status ascii_word_entry(mds__featurizer *f, const uint8_t *s, size_t len, int letter,
                                   uint64_t h, const word_entry *e, int *added,
                                   mds__terms *out)
{
    int stop;
    const char *term;
    size_t tn;
    if (e) {
        stop = e->stop;
        term = entry_word(f->words.arena, e) + e->klen;
        tn = e->tlen;
    } else {
        mds_status st = word_term(f, s, len, letter, &stop, &term, &tn);
        if (st)
            return st;
        word_cache_put(&f->words, h, s, len, stop, term, tn);
        *added = 1;
    }
    if (stop)
        return f->marking ? terms_push(out, term, tn, 1) : MDS_OK;
    return tn ? terms_push(out, term, tn, f->marking ? 0 : -1) : MDS_OK;
}

/* The same for the word in f->fold[0, len), looked up here. */
static mds_status ascii_word(mds__featurizer *f, size_t len, int letter, mds__terms *out)
{
    const uint8_t *s = f->fold;
    uint64_t h = word_hash(s, len);
    int added = 0;
    return ascii_word_entry(f, s, len, letter, h, word_cache_get(&f->words, h, s, len), &added,
                            out);
}

/* Processes word w[0, n); appends its term to out unless dropped. */
static mds_status one_word(mds__featurizer *f, const uint8_t *w, size_t n, mds__terms *out)
{
    int letter = 0, digit = 0, ascii = 1;
    for (size_t i = 0; i < n;) {
        uint8_t c = w[i];
        if (c < 0x80) {
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
                letter = 1;
            else if (c >= '0' && c <= '9')
                digit = 1;
            i++;
            continue;
        }
        ascii = 0;
        ucs4_t uc;
        int k = u8_mbtouc(&uc, w + i, n - i);
        if (mds__is_alpha(uc))
            letter = 1;
        else if (mds__is_digit(uc) || mds__is_category(uc, UC_DECIMAL_DIGIT_NUMBER))
            digit = 1;
        i += (size_t)(k > 0 ? k : 1);
    }
    if (!letter && !digit)
        return MDS_OK;
    out->words++;

    size_t len;
    mds_status st = fold_word(f, w, n, ascii, &len);
    if (st == MDS_EFORMAT)
        return MDS_OK;
    if (st)
        return st;
    if (len == 0)
        return MDS_OK;
    if (ascii && !f->general)
        return ascii_word(f, len, letter, out);
    int stop;
    const char *term;
    size_t tn;
    if ((st = word_term(f, f->fold, len, letter, &stop, &term, &tn)))
        return st;
    if (stop)
        return f->marking ? terms_push(out, term, tn, 1) : MDS_OK;
    return tn ? terms_push(out, term, tn, f->marking ? 0 : -1) : MDS_OK;
}

/* ---- the ASCII fast path -------------------------------------------------------------------- */

/* What UAX #29 word breaks (text/chars.c) make of ASCII, for the words that hold a letter or a
 * digit: a run of letters, digits and '_' (ALetter, Numeric, ExtendNumLet never break
 * between them: WB5, WB8-WB10, WB13a, WB13b), where one MidLetter (: . ') between two letters
 * (WB6, WB7) or one MidNum (, ; . ') between two digits (WB11, WB12) goes on; every other
 * character stands apart (WB3-WB3d, WB999) and makes no term. */
enum { WB_LETTER = 1, WB_DIGIT = 2, WB_EXTEND = 4, WB_CORE = 7, WB_MIDLETTER = 8, WB_MIDNUM = 16 };

static const uint8_t ascii_wb[256] = { /* bytes from 0x80 on: Other */
    ['0'] = WB_DIGIT, ['1'] = WB_DIGIT, ['2'] = WB_DIGIT, ['3'] = WB_DIGIT, ['4'] = WB_DIGIT,
    ['5'] = WB_DIGIT, ['6'] = WB_DIGIT, ['7'] = WB_DIGIT, ['8'] = WB_DIGIT, ['9'] = WB_DIGIT,
    ['A'] = WB_LETTER, ['B'] = WB_LETTER, ['C'] = WB_LETTER, ['D'] = WB_LETTER,
    ['E'] = WB_LETTER, ['F'] = WB_LETTER, ['G'] = WB_LETTER, ['H'] = WB_LETTER,
    ['I'] = WB_LETTER, ['J'] = WB_LETTER, ['K'] = WB_LETTER, ['L'] = WB_LETTER,
    ['M'] = WB_LETTER, ['N'] = WB_LETTER, ['O'] = WB_LETTER, ['P'] = WB_LETTER,
    ['Q'] = WB_LETTER, ['R'] = WB_LETTER, ['S'] = WB_LETTER, ['T'] = WB_LETTER,
    ['U'] = WB_LETTER, ['V'] = WB_LETTER, ['W'] = WB_LETTER, ['X'] = WB_LETTER,
    ['Y'] = WB_LETTER, ['Z'] = WB_LETTER,
    ['a'] = WB_LETTER, ['b'] = WB_LETTER, ['c'] = WB_LETTER, ['d'] = WB_LETTER,
    ['e'] = WB_LETTER, ['f'] = WB_LETTER, ['g'] = WB_LETTER, ['h'] = WB_LETTER,
    ['i'] = WB_LETTER, ['j'] = WB_LETTER, ['k'] = WB_LETTER, ['l'] = WB_LETTER,
    ['m'] = WB_LETTER, ['n'] = WB_LETTER, ['o'] = WB_LETTER, ['p'] = WB_LETTER,
    ['q'] = WB_LETTER, ['r'] = WB_LETTER, ['s'] = WB_LETTER, ['t'] = WB_LETTER,
    ['u'] = WB_LETTER, ['v'] = WB_LETTER, ['w'] = WB_LETTER, ['x'] = WB_LETTER,
    ['y'] = WB_LETTER, ['z'] = WB_LETTER,
    ['_'] = WB_EXTEND,
    [':'] = WB_MIDLETTER,
    ['.'] = WB_MIDLETTER | WB_MIDNUM, ['\''] = WB_MIDLETTER | WB_MIDNUM,
    [','] = WB_MIDNUM, [';'] = WB_MIDNUM,
};

/* Can extract_ascii take s[0, n)? ASCII, and of the rest only what news text is full of and
 * UAX #29 reads like ASCII punctuation: the curly double quotes “ ” (ingest makes them of ``
 * and ''), the dashes – —, the no-break space (all Other: a break on both sides, no term), and
 * the right single quote ’ (MidNumLet, as '.': inside "don’t" and "1’000"), which folding
 * turns into '. Eight bytes at a time. */
static int fast_text(const uint8_t *s, size_t n)
{
    size_t i = 0;
    for (;;) {
        for (; i + 8 <= n; i += 8) {
            uint64_t v;
            memcpy(&v, s + i, 8);
            if (v & 0x8080808080808080u)
                break;
        }
        while (i < n && s[i] < 0x80)
            i++;
        if (i >= n)
            return 1;
        if (i + 2 < n && s[i] == 0xE2 && s[i + 1] == 0x80 &&
            (s[i + 2] == 0x9C || s[i + 2] == 0x9D || s[i + 2] == 0x93 || s[i + 2] == 0x94 ||
             s[i + 2] == 0x99))
            i += 3;
        else if (i + 1 < n && s[i] == 0xC2 && s[i + 1] == 0xA0)
            i += 2;
        else
            return 0;
    }
}

/* The eight ASCII bytes v (little-endian: the first in the low byte): how many from the first
 * are letters, digits or '_' (ascii_wb's WB_CORE), 8 for all; *lower: v with A-Z lowered;
 * *seen gets the WB_ classes of those bytes, as the byte loop would. Byte-wise sums of bytes
 * below 0x80 carry into no other byte. */
static inline size_t core_run8(uint64_t v, uint64_t *lower, unsigned *seen)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t x = v | 0x2020202020202020u;
    uint64_t letter = (x + ones * (0x80 - 'a')) & ~(x + ones * (0x80 - 'z' - 1)) & high;
    uint64_t digit = (v + ones * (0x80 - '0')) & ~(v + ones * (0x80 - '9' - 1)) & high;
    uint64_t under = ~((v ^ ones * '_') + ones * 0x7F) & high;
    uint64_t upper = (v + ones * (0x80 - 'A')) & ~(v + ones * (0x80 - 'Z' - 1)) & high;
    uint64_t other = ~(letter | digit | under) & high;
    size_t r = other ? (size_t)((((other & (~other + 1)) >> 7) * 0x0001020304050607u) >> 56) : 8;
    uint64_t in = r == 8 ? ~(uint64_t)0 : ((uint64_t)1 << (8 * r)) - 1;
    *seen |= (letter & in ? WB_LETTER : 0u) | (digit & in ? WB_DIGIT : 0u) |
             (under & in ? WB_EXTEND : 0u);
    *lower = v + (upper >> 2);
    return r;
}

#if FEATURES_SSE2
/* core_run8 for the sixteen bytes at s, any of them from 0x80 on (Other, as ascii_wb has
 * them: a signed byte below zero is in none of the ranges): the length of the run of
 * letters, digits and '_' from the first, 16 for all; the sixteen bytes with A-Z lowered
 * stored at d; *seen as core_run8's. */
static inline size_t core_run16(const uint8_t *s, uint8_t *d, unsigned *seen)
{
    __m128i v = _mm_loadu_si128((const __m128i *)s);
    __m128i x = _mm_or_si128(v, _mm_set1_epi8(0x20));
    __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('a' - 1)),
                                   _mm_cmplt_epi8(x, _mm_set1_epi8('z' + 1)));
    __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                  _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
    __m128i under = _mm_cmpeq_epi8(v, _mm_set1_epi8('_'));
    __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)),
                                  _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
    _mm_storeu_si128((__m128i *)d,
                     _mm_add_epi8(v, _mm_and_si128(upper, _mm_set1_epi8(0x20))));
    unsigned l = (unsigned)_mm_movemask_epi8(letter), g = (unsigned)_mm_movemask_epi8(digit),
             u = (unsigned)_mm_movemask_epi8(under);
    unsigned r = (unsigned)__builtin_ctz(~(l | g | u)); /* bit 16 on: at most 16 */
    unsigned in = (1u << r) - 1;
    *seen |= ((l & in) ? WB_LETTER : 0u) | ((g & in) ? WB_DIGIT : 0u) |
             ((u & in) ? WB_EXTEND : 0u);
    return r;
}
#endif

/* Is the ’ (E2 80 99) at s + j, before n? */
static inline int right_quote(const uint8_t *s, size_t j, size_t n)
{
    return j + 2 < n && s[j] == 0xE2 && s[j + 1] == 0x80 && s[j + 2] == 0x99;
}

/* mds__features_extract's word loop for a text fast_text takes, without dictionary word
 * breaks: the words found, classed and folded in one pass, no break array. The bytes of the
 * other characters it takes read as Other, ’ as a mid character where it joins. */
/* The words extract_ascii looks up together: enough for the cache's memory to be read for
 * many at once, few enough for the scratch to stay small whatever the text. */
enum { WORD_BATCH = 256 };

/* Looks up the batch of nw words in f->refs (folded in f->fold) and appends their terms. */
static mds_status ascii_batch(mds__featurizer *f, size_t nw, mds__terms *out)
{
    mds_status st;
    const uint8_t *fold = f->fold;
    struct word_ref *refs = f->refs;
    /* all of them looked up first, so that the cache's memory is read for many words
     * together rather than for one after the other: their first slots asked for, then the
     * lookups (most words are kept in their slots) */
    for (size_t k = 0; k < nw; k++) {
        refs[k].hash = word_hash(fold + refs[k].off, refs[k].len);
        word_cache_prefetch_slot(&f->words, refs[k].hash);
    }
    for (size_t k = 0; k < nw; k++)
        refs[k].e = word_cache_get(&f->words, refs[k].hash, fold + refs[k].off, refs[k].len);
    /* then their terms. A word not found may have been added since (met before in the
     * batch): looked up again; once the entries moved (the cache's epoch), all are. An entry
     * stays where it is otherwise, and its term is read from the arena where it is now. */
    int added = 0;
    size_t epoch = f->words.epoch;
    for (size_t k = 0; k < nw; k++) {
        const uint8_t *w = fold + refs[k].off;
        const word_entry *e = refs[k].e;
        if (added && (!e || f->words.epoch != epoch))
            e = word_cache_get(&f->words, refs[k].hash, w, refs[k].len);
        if ((st = e ? entry_push(f, e, out)
                    : ascii_word_entry(f, w, refs[k].len, refs[k].letter, refs[k].hash, NULL,
                                       &added, out)))
            return st;
    }
    return MDS_OK;
}

static mds_status extract_ascii(mds__featurizer *f, const uint8_t *s, size_t n, mds__terms *out)
{
    mds_status st;
    const uint16_t one = 1;
    uint8_t first;
    memcpy(&first, &one, 1);
    const int little = first == 1; /* the byte order core_run8 reads in */
    /* A batch's words, folded no longer than written, each with 8 zero bytes after it for
     * word_hash. */
    if ((st = mds__grow((void **)&f->fold, &f->fold_cap, n + 8 * WORD_BATCH + 8, 1)) ||
        (st = mds__grow((void **)&f->refs, &f->refs_cap, WORD_BATCH, sizeof *f->refs)))
        return st;
    uint8_t *fold = f->fold;
    struct word_ref *refs = f->refs;
    size_t nw = 0, at = 0;
    for (size_t i = 0; i < n;) {
        if (!(ascii_wb[s[i]] & WB_CORE)) {
            i++;
            continue;
        }
        uint8_t *d = fold + at;
        size_t j = i, len = 0;
        unsigned seen = 0;
        for (;;) {
            /* sixteen bytes at a time (SSE2), or eight ASCII ones, while the word goes on;
             * then a byte at a time. The bytes stored past the run are overwritten or
             * zeroed: the fold buffer holds a word no longer than written, and 8 bytes
             * after, with 8 a word of the batch to spare. */
            int ended = 0; /* the run ended before n */
#if FEATURES_SSE2
            for (; j + 16 <= n;) {
                size_t r = core_run16(s + j, d + len, &seen);
                len += r;
                j += r;
                if (r < 16) {
                    ended = 1;
                    break;
                }
            }
#endif
            for (uint64_t v; !ended && little && j + 8 <= n;) {
                memcpy(&v, s + j, 8);
                if (v & 0x8080808080808080u)
                    break;
                uint64_t lower;
                size_t r = core_run8(v, &lower, &seen);
                memcpy(d + len, &lower, 8); /* the bytes past the run: overwritten or zeroed */
                len += r;
                j += r;
                if (r < 8)
                    break;
            }
            for (; !ended && j < n; j++) {
                uint8_t c = s[j];
                unsigned k = ascii_wb[c];
                if (!(k & WB_CORE))
                    break;
                seen |= k;
                d[len++] = (uint8_t)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
            }
            if (j + 1 < n) {
                /* a mid character: one ASCII byte, or ’ (three bytes, folded to ') */
                size_t ml = s[j] < 0x80 ? 1 : right_quote(s, j, n) ? 3 : 0;
                unsigned m = ml == 1 ? ascii_wb[s[j]] : WB_MIDLETTER | WB_MIDNUM;
                if (ml && j + ml < n) {
                    unsigned p = ascii_wb[s[j - 1]], q = ascii_wb[s[j + ml]];
                    if ((p == WB_LETTER && (m & WB_MIDLETTER) && q == WB_LETTER) ||
                        (p == WB_DIGIT && (m & WB_MIDNUM) && q == WB_DIGIT)) {
                        d[len++] = ml == 1 ? s[j] : '\'';
                        j += ml;
                        continue;
                    }
                }
            }
            break;
        }
        i = j;
        if (!(seen & (WB_LETTER | WB_DIGIT)))
            continue;
        out->words++;
        memset(d + len, 0, 8); /* for word_hash */
        refs[nw++] = (struct word_ref){.off = at, .len = len, .letter = (seen & WB_LETTER) != 0};
        at += len + 8;
        if (nw == WORD_BATCH) {
            if ((st = ascii_batch(f, nw, out)))
                return st;
            nw = at = 0;
        }
    }
    return nw ? ascii_batch(f, nw, out) : MDS_OK;
}

void mds__featurizer_general(mds__featurizer *f, int on) { f->general = on != 0; }

/* Appends "a b" for each pair of adjacent terms from index first on. */
static mds_status append_bigrams(mds__terms *out, size_t first)
{
    mds_status st;
    size_t last = out->n;
    if (last < first + 2)
        return MDS_OK;
    /* Room for all of them at once: each term but the last twice, plus a space and a NUL a
     * pair, less the first term's once and the last's once. */
    size_t span = out->len - out->offs[first]; /* the terms with their NULs */
    size_t a0 = mds__term_len(out, first) + 1, z = mds__term_len(out, last - 1) + 1;
    size_t extra = 2 * span - a0 - z;
    if (extra > UINT32_MAX || out->len > UINT32_MAX - extra)
        return MDS_ENOMEM;
    if ((st = mds__grow((void **)&out->buf, &out->cap, out->len + extra, 1)))
        return st;
    if ((st = mds__grow((void **)&out->offs, &out->cap_offs, last + (last - first - 1),
                        sizeof *out->offs)))
        return st;
    for (size_t k = first; k + 1 < last; k++) {
        size_t a = mds__term_len(out, k), b = mds__term_len(out, k + 1);
        size_t n2 = a + 1 + b;
        /* Both sources lie below out->len, the destination above: no overlap. */
        char *d = out->buf + out->len;
        memcpy(d, out->buf + out->offs[k], a);
        d[a] = ' ';
        memcpy(d + a + 1, out->buf + out->offs[k + 1], b);
        d[n2] = '\0';
        out->offs[out->n++] = (uint32_t)out->len;
        out->len += n2 + 1;
    }
    return MDS_OK;
}

/* The next run of content terms of marked from *a on: *a moved past the stopwords to its
 * first term, and the end of the run returned (*a itself when no term is left). */
static size_t content_run(const mds__terms *marked, size_t *a)
{
    size_t m = marked->n, i = *a;
    while (i < m && marked->stop && marked->stop[i])
        i++;
    *a = i;
    if (i == m)
        return i;
    size_t b = i + 1;
    while (b < m && !(marked->stop && marked->stop[b]))
        b++;
    return b;
}

mds_status mds__terms_content(const mds__featurizer *f, const mds__terms *marked,
                              mds__terms *out)
{
    mds_status st;
    size_t first = out->n, bytes = 0, count = 0, m = marked->n;
    /* by runs of content terms: a run's terms lie together, NULs and all */
    for (size_t a = 0, b; (b = content_run(marked, &a)) > a;) {
        bytes += (b < m ? marked->offs[b] : marked->len) - marked->offs[a];
        count += b - a;
        a = b;
    }
    /* Room for them all at once, and for their bigrams (each term in two, with a space or a
     * NUL each: at most twice the bytes, one fewer than the terms); offsets are 32-bit
     * (terms_push). */
    if (bytes > UINT32_MAX || out->len > UINT32_MAX - bytes)
        return MDS_ENOMEM;
    size_t room = bytes, nroom = count;
    if (f->bigrams && count >= 2 && bytes <= (UINT32_MAX - out->len) / 3) {
        room = 3 * bytes;
        nroom = 2 * count - 1;
    }
    if (count && ((st = mds__grow((void **)&out->buf, &out->cap, out->len + room, 1)) ||
                  (st = mds__grow((void **)&out->offs, &out->cap_offs, out->n + nroom,
                                  sizeof *out->offs))))
        return st;
    for (size_t a = 0, b; (b = content_run(marked, &a)) > a;) {
        size_t from = marked->offs[a], n = (b < m ? marked->offs[b] : marked->len) - from;
        memcpy(out->buf + out->len, marked->buf + from, n);
        for (size_t k = a; k < b; k++)
            out->offs[out->n++] = (uint32_t)(out->len + (marked->offs[k] - from));
        out->len += n;
        a = b;
    }
    out->words += marked->words;
    return f->bigrams ? append_bigrams(out, first) : MDS_OK;
}

mds_status mds__features_extract_marked(mds__featurizer *f, const char *text, size_t n,
                                        mds__terms *out)
{
    int bigrams = f->bigrams;
    f->marking = 1;
    f->bigrams = 0;
    mds_status st = mds__features_extract(f, text, n, out);
    f->marking = 0;
    f->bigrams = bigrams;
    return st;
}

mds_status mds__features_extract(mds__featurizer *f, const char *text, size_t n,
                                 mds__terms *out)
{
    mds_status st;
    if (n == 0)
        return MDS_OK;
    const uint8_t *s = (const uint8_t *)text;
    size_t first = out->n;
    /* Room, once, for what a text of n bytes usually gives: its terms (stems and folded words
     * are no longer than the words, and each NUL takes the place of a separator) and a term
     * every four bytes; more grows as it comes. A reserve that fails is left to the pushes. */
    if (out->cap - out->len < n + 1 && out->len <= SIZE_MAX - n - 1)
        (void)mds__grow((void **)&out->buf, &out->cap, out->len + n + 1, 1);
    size_t nt = out->n + n / 4 + 1;
    if (out->cap_offs < nt)
        (void)mds__grow((void **)&out->offs, &out->cap_offs, nt, sizeof *out->offs);
    if (f->marking && out->cap_stop < nt)
        (void)mds__grow((void **)&out->stop, &out->cap_stop, nt, 1);
    if (!f->wordseg && !f->general && fast_text(s, n)) {
        if ((st = extract_ascii(f, s, n, out)))
            return st;
        return f->bigrams ? append_bigrams(out, first) : MDS_OK;
    }
    if ((st = mds__grow((void **)&f->brk, &f->brk_cap, n, 1)))
        return st;
    if (f->wordseg) {
        if ((st = mds__wordseg_breaks(f->wordseg, text, n, f->brk)))
            return st;
    } else {
        mds__wordbreaks(s, n, f->brk);
    }

    for (size_t i = 0; i < n;) {
        const char *nb = i + 1 < n ? memchr(f->brk + i + 1, 1, n - i - 1) : NULL;
        size_t j = nb ? (size_t)(nb - f->brk) : n;
        if ((st = one_word(f, s + i, j - i, out)))
            return st;
        i = j;
    }
    return f->bigrams ? append_bigrams(out, first) : MDS_OK;
}
