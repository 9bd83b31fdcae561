/* SPDX-License-Identifier: MIT */
/* The language table, its word lists (generated into lang_data.c) and language detection.
 *
 * Detection counts letters by script first: kana means Japanese, Han without kana Chinese,
 * Cyrillic Russian. Among the Latin-script languages the one whose stopwords the words hit
 * most wins: function words are the most frequent words of any text and differ between
 * languages, so a few hundred words decide. */
#include "util/alloc.h"
#include "text/lang.h"
#include "text/chars.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <unistr.h>
#include <xxhash.h>

#include "text/lang_data.h"
#include "text/segment.h"

/* Sixteen bytes at a time where the target has SSE2 (every x86-64): the ASCII blocks of a
 * text, which most of a Latin-script text is, taken by byte masks. */
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#define LANG_SSE2 1
#else
#define LANG_SSE2 0
#endif

static const mds__lang langs[] = {
    {"en", "english", "eng", "english", MDS__SCRIPT_LATIN, 0, 0},
    {"de", "german", "ger", "german", MDS__SCRIPT_LATIN, MDS__SEG_ORDINALS, 0},
    {"fr", "french", "fre", "french", MDS__SCRIPT_LATIN, 0, 0},
    {"es", "spanish", "spa", "spanish", MDS__SCRIPT_LATIN, 0, 0},
    {"it", "italian", "ita", "italian", MDS__SCRIPT_LATIN, 0, 0},
    {"pt", "portuguese", "por", "portuguese", MDS__SCRIPT_LATIN, 0, 0},
    {"nl", "dutch", "dut", "dutch", MDS__SCRIPT_LATIN, 0, 0},
    {"ru", "russian", "rus", "russian", MDS__SCRIPT_CYRILLIC, 0, 0},
    {"pl", "polish", "pol", NULL, MDS__SCRIPT_LATIN, 0, 0},
    {"sv", "swedish", "swe", "swedish", MDS__SCRIPT_LATIN, 0, 0},
    {"zh", "chinese", "chi", NULL, MDS__SCRIPT_HAN, 0, 1},
    {"ja", "japanese", "jpn", NULL, MDS__SCRIPT_JAPANESE, 0, 1},
};
#define NLANGS (sizeof langs / sizeof *langs)

/* ISO 639-2/T codes that differ from the /B ones in the table. */
static const struct {
    const char *code, *lang;
} code3t[] = {{"deu", "de"}, {"fra", "fr"}, {"nld", "nl"}, {"zho", "zh"}};

size_t mds__lang_count(void) { return NLANGS; }

const mds__lang *mds__lang_get(size_t i) { return i < NLANGS ? &langs[i] : NULL; }

static const mds__lang *by_code(const char *lower)
{
    for (size_t i = 0; i < NLANGS; i++)
        if (strcmp(lower, langs[i].code) == 0 || strcmp(lower, langs[i].name) == 0 ||
            strcmp(lower, langs[i].code3) == 0)
            return &langs[i];
    for (size_t i = 0; i < sizeof code3t / sizeof *code3t; i++)
        if (strcmp(lower, code3t[i].code) == 0)
            return by_code(code3t[i].lang);
    return NULL;
}

const mds__lang *mds__lang_find(const char *name)
{
    char lower[32];
    size_t n = 0;
    if (!name)
        return NULL;
    for (; name[n]; n++) {
        if (n + 1 >= sizeof lower)
            return NULL;
        char c = name[n];
        lower[n] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    lower[n] = '\0';
    const mds__lang *l = by_code(lower);
    if (l)
        return l;
    /* A locale tag such as "pt_BR" or "zh-Hans": the language part decides. */
    char *sep = strpbrk(lower, "_-");
    if (sep && sep != lower) {
        *sep = '\0';
        return by_code(lower);
    }
    return NULL;
}

void mds__lang_list(char *buf, size_t size)
{
    size_t at = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < NLANGS && at < size; i++) {
        int k = snprintf(buf + at, size - at, "%s%s (%s)", i ? ", " : "", langs[i].name,
                         langs[i].code);
        if (k < 0)
            break;
        at += (size_t)k;
    }
}

static const mds__lang_data *data_of(const mds__lang *l)
{
    for (size_t i = 0; i < mds__lang_data_count; i++)
        if (strcmp(mds__lang_data_table[i].code, l->code) == 0)
            return &mds__lang_data_table[i];
    return NULL;
}

mds_status mds__lang_stopwords(const mds__lang *l, mds__strset *out)
{
    const mds__lang_data *d = data_of(l);
    mds_status st;
    for (size_t i = 0; d && d->stop[i]; i++)
        if ((st = mds__strset_add(out, d->stop[i], strlen(d->stop[i]))))
            return st;
    return MDS_OK;
}

mds_status mds__lang_abbrevs(const mds__lang *l, mds__strset *out)
{
    const mds__lang_data *d = data_of(l);
    mds_status st;
    char buf[128];
    for (size_t i = 0; d && d->abbrev[i]; i++)
        if ((st = mds__strset_add(out, d->abbrev[i], strlen(d->abbrev[i]))))
            return st;
    for (size_t i = 0; d && d->stop[i]; i++) {
        int k = snprintf(buf, sizeof buf, "^%s", d->stop[i]);
        if (k > 0 && (size_t)k < sizeof buf && (st = mds__strset_add(out, buf, (size_t)k)))
            return st;
    }
    return MDS_OK;
}

/* ---- detection ------------------------------------------------------------------------------ */

/* Bytes of each text that detection reads: a few thousand words decide any language, and the
 * bound keeps detection a small fixed cost of a run. */
#define DETECT_PREFIX 16384
#define DETECT_TOTAL (256 * 1024)

typedef struct tally {
    size_t latin, cyrillic, han, kana;
} tally;

static void count_scripts(const uint8_t *s, size_t n, tally *t)
{
    for (size_t i = 0; i < n;) {
        ucs4_t c;
        int k = u8_mbtouc(&c, s + i, n - i);
        i += (size_t)(k > 0 ? k : 1);
        if (c < 0x80) {
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
                t->latin++;
        } else if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
                   (c >= 0xFF66 && c <= 0xFF9D)) {
            t->kana++;
        } else if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
                   (c >= 0x20000 && c <= 0x2FFFF) || (c >= 0xF900 && c <= 0xFAFF)) {
            t->han++;
        } else if (c >= 0x0400 && c <= 0x052F) {
            t->cyrillic++;
        } else if (mds__is_alpha(c) && c < 0x0250) {
            t->latin++; /* accented Latin letters */
        }
    }
}

/* The words detection has met, and which sets hold each: a text says "the" and "of" again
 * and again, and a word is looked up in every set once. A full table (or none: no memory)
 * only means more lookups. */
enum { SEEN_SLOTS = 4096, SEEN_MAX = SEEN_SLOTS / 2, SEEN_WORD = 24 };
typedef struct seen_word {
    uint64_t hash;
    uint64_t in;   /* bit j: the word is in set which[j] */
    uint8_t len;   /* 0: an empty slot */
    uint8_t w[SEEN_WORD];
} seen_word;
typedef struct seen_table {
    seen_word *slots;
    size_t count;
} seen_table;

/* The sets (bit j for which[j]) that hold w[0, wl). */
static uint64_t sets_holding(const uint8_t *w, size_t wl, const mds__strset *sets,
                             const size_t *which, size_t nsets, seen_table *seen)
{
    seen_word *e = NULL;
    uint64_t h = 0;
    if (seen->slots && wl <= SEEN_WORD) {
        h = XXH3_64bits(w, wl);
        for (size_t i = h & (SEEN_SLOTS - 1);; i = (i + 1) & (SEEN_SLOTS - 1)) {
            e = &seen->slots[i];
            if (e->len == 0)
                break;
            if (e->hash == h && e->len == wl && memcmp(e->w, w, wl) == 0)
                return e->in;
        }
    }
    uint64_t in = 0;
    for (size_t j = 0; j < nsets; j++)
        if (mds__strset_has(&sets[which[j]], (const char *)w, wl))
            in |= (uint64_t)1 << j;
    if (e && seen->count < SEEN_MAX) {
        *e = (seen_word){.hash = h, .in = in, .len = (uint8_t)wl};
        memcpy(e->w, w, wl);
        seen->count++;
    }
    return in;
}

/* Counts the words of s[0, n) that are in each Latin language's stopword set. */
static void count_hits(const uint8_t *s, size_t n, const mds__strset *sets, const size_t *which,
                       size_t nsets, size_t *hits, size_t *words, seen_table *seen)
{
    uint8_t w[64];
    size_t i = 0;
    while (i < n) {
        size_t wl = 0, start = i;
        int over = 0;
        while (i < n) {
            ucs4_t c;
            int k = u8_mbtouc(&c, s + i, n - i);
            size_t kk = (size_t)(k > 0 ? k : 1);
            if (!(mds__is_alpha(c) || mds__is_category(c, UC_CATEGORY_M)))
                break;
            ucs4_t lc = mds__tolower(c);
            if (wl + 6 < sizeof w) {
                int m = u8_uctomb(w + wl, lc, (int)(sizeof w - wl));
                if (m > 0)
                    wl += (size_t)m;
            } else {
                over = 1;
            }
            i += kk;
        }
        if (i == start) {
            ucs4_t c;
            int k = u8_mbtouc(&c, s + i, n - i);
            i += (size_t)(k > 0 ? k : 1);
            continue;
        }
        if (over || wl == 0)
            continue;
        (*words)++;
        uint64_t in = sets_holding(w, wl, sets, which, nsets, seen);
        for (size_t j = 0; in; j++, in >>= 1)
            hits[j] += in & 1;
    }
}

/* What the scripts decide alone (no letters; Han and kana; Cyrillic): 1 and *out (NULL
 * without letters), or 0 when the Latin languages' stopwords must. */
static int script_verdict(const tally *t, const mds__lang **out)
{
    size_t letters = t->latin + t->cyrillic + t->han + t->kana;
    if (letters == 0)
        return 1;
    /* Japanese writes its grammar in kana: a few percent of kana among the Han is enough. */
    if (t->han + t->kana > t->latin && t->han + t->kana > t->cyrillic) {
        *out = mds__lang_find(t->kana * 20 >= t->han + t->kana ? "ja" : "zh");
        return 1;
    }
    if (t->cyrillic > t->latin) {
        *out = mds__lang_find("ru");
        return 1;
    }
    return 0;
}

/* The Latin language whose stopwords the most words are, and their share of the words. */
static void latin_verdict(const size_t *which, size_t nsets, const size_t *hits, size_t words,
                          const mds__lang **out, double *share)
{
    size_t best = 0; /* English on a tie: the built-in model's language */
    for (size_t j = 1; j < nsets; j++)
        if (hits[j] > hits[best])
            best = j;
    *out = &langs[which[best]];
    *share = words ? (double)hits[best] / (double)words : 0;
}

mds_status mds__lang_detect_general(const char *const *texts, const size_t *lens, size_t n,
                                    const mds__lang **out, double *share)
{
    tally t = {0};
    size_t total = 0;
    *out = NULL;
    *share = 0;
    for (size_t i = 0; i < n && total < DETECT_TOTAL; i++) {
        size_t m = lens[i] < DETECT_PREFIX ? lens[i] : DETECT_PREFIX;
        count_scripts((const uint8_t *)texts[i], m, &t);
        total += m;
    }
    if (script_verdict(&t, out))
        return MDS_OK;

    mds__strset sets[NLANGS];
    size_t which[NLANGS], nsets = 0, hits[NLANGS] = {0}, words = 0;
    mds_status st = MDS_OK;
    for (size_t i = 0; i < NLANGS; i++) {
        if (langs[i].script != MDS__SCRIPT_LATIN)
            continue;
        mds__strset_init(&sets[i]);
        which[nsets++] = i;
        if ((st = mds__lang_stopwords(&langs[i], &sets[i])))
            goto done;
    }
    total = 0;
    seen_table seen = {nsets <= 64 ? mds__calloc_written(SEEN_SLOTS, sizeof *seen.slots) : NULL,
                       0};
    for (size_t i = 0; i < n && total < DETECT_TOTAL; i++) {
        size_t m = lens[i] < DETECT_PREFIX ? lens[i] : DETECT_PREFIX;
        /* The prefix may cut a character: u8_mbtouc reads the cut bytes as one bad each. */
        count_hits((const uint8_t *)texts[i], m, sets, which, nsets, hits, &words, &seen);
        total += m;
    }
    mds__free(seen.slots);
    latin_verdict(which, nsets, hits, words, out, share);
done:
    for (size_t j = 0; j < nsets; j++)
        mds__strset_free(&sets[which[j]]);
    return st;
}

/* ---- detection, the fast path ---------------------------------------------------------------- */

/* 1 where the first byte in memory of a 64-bit word is its lowest. */
static inline int little_endian(void)
{
    const uint16_t one = 1;
    uint8_t first;
    memcpy(&first, &one, 1);
    return first == 1;
}

#if LANG_SSE2
/* 0xFF for each of the sixteen bytes v that is an ASCII letter (count_scripts_fast's test:
 * its lower case in 'a'..'z'; a byte from 0x80 on is negative as signed and none), else 0. */
static inline __m128i letters16(__m128i v)
{
    __m128i x = _mm_or_si128(v, _mm_set1_epi8(0x20));
    return _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('a' - 1)),
                         _mm_cmplt_epi8(x, _mm_set1_epi8('z' + 1)));
}

/* The sum of the sixteen bytes of v. */
static inline size_t sum16(__m128i v)
{
    __m128i s = _mm_sad_epu8(v, _mm_setzero_si128());
    return (size_t)_mm_cvtsi128_si32(s) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(s, 8));
}
#endif

/* count_scripts, with ASCII taken a byte at a time without decoding. With `starts`, also
 * adds a bound on the words count_hits_fast finds in s[0, n): each of its words begins at a
 * byte of its own that is either not ASCII or an ASCII letter with no ASCII letter before it
 * (its words are whole runs of letters), and those bytes are counted. */
static void count_scripts_fast(const uint8_t *s, size_t n, tally *t, size_t *starts)
{
    size_t latin = 0, begin = 0;
    uint64_t prev = 0; /* 1: the byte before i is an ASCII letter */
    for (size_t i = 0; i < n;) {
#if LANG_SSE2
        if (i + 16 <= n) {
            __m128i v16 = _mm_loadu_si128((const __m128i *)(s + i));
            if (!_mm_movemask_epi8(v16)) {
                /* sixteen ASCII bytes: the letters' bytes 1, the others 0, summed */
                __m128i is = letters16(v16);
                __m128i one = _mm_and_si128(is, _mm_set1_epi8(1));
                latin += sum16(one);
                if (starts) {
                    /* the letters whose byte before is none: byte k against byte k - 1 */
                    __m128i before = _mm_or_si128(_mm_slli_si128(one, 1),
                                                  _mm_cvtsi32_si128((int)prev));
                    begin += sum16(_mm_andnot_si128(before, one));
                    prev = (unsigned)_mm_movemask_epi8(is) >> 15;
                }
                i += 16;
                continue;
            }
        }
#endif
        uint64_t v;
        if (i + 8 <= n && (memcpy(&v, s + i, 8), !(v & 0x8080808080808080u))) {
            /* eight ASCII bytes: a letter is a byte whose lower case is in 'a'..'z'; with the
             * high bits clear no sum carries into the next byte */
            const uint64_t ones = 0x0101010101010101u;
            uint64_t x = v | 0x2020202020202020u;
            uint64_t ge_a = x + ones * (0x80 - 'a'), gt_z = x + ones * (0x80 - 'z' - 1);
            uint64_t is = ((ge_a & ~gt_z) >> 7) & ones;
            latin += (size_t)((is * ones) >> 56);
            if (starts) {
                /* the letters whose byte before (in memory order: the next lower byte of a
                 * little-endian load, the next higher of a big-endian one) is none */
                uint64_t before = is << 8 | prev, after = is >> 8 | prev << 56;
                uint64_t first = is & ~(little_endian() ? before : after);
                begin += (size_t)((first * ones) >> 56);
                prev = little_endian() ? is >> 56 : is & 1;
            }
            i += 8;
            continue;
        }
        if (s[i] < 0x80) {
            uint64_t letter = (unsigned)((s[i] | 0x20) - 'a') < 26u;
            latin += letter;
            begin += letter & ~prev;
            prev = letter;
            i++;
            continue;
        }
        ucs4_t c;
        int k = u8_mbtouc(&c, s + i, n - i);
        begin += (size_t)(k > 0 ? k : 1); /* a word may begin at any of these bytes */
        prev = 0;
        i += (size_t)(k > 0 ? k : 1);
        if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
            (c >= 0xFF66 && c <= 0xFF9D)) {
            t->kana++;
        } else if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
                   (c >= 0x20000 && c <= 0x2FFFF) || (c >= 0xF900 && c <= 0xFAFF)) {
            t->han++;
        } else if (c >= 0x0400 && c <= 0x052F) {
            t->cyrillic++;
        } else if (mds__is_alpha(c) && c < 0x0250) {
            t->latin++; /* accented Latin letters */
        }
    }
    t->latin += latin;
    if (starts)
        *starts += begin;
}

/* The words of count_hits are at most this long (longer ones are skipped), and their buffer
 * has 16 zero bytes after them for word_hash. */
enum { HIT_WORD = 64 };

/* The hash of w[0, n) (16 zero bytes after it). Words of up to 16 bytes, the stopwords and
 * every word looked up among them, by two independent products and no loop. */
static inline uint64_t hash_end(uint64_t h)
{
    h ^= h >> 32;
    h *= 0x9E3779B97F4A7C15u;
    return h ^ (h >> 29);
}

static inline uint64_t hash_start(uint64_t a, uint64_t b, size_t n)
{
    return ((a ^ (uint64_t)n) * 0xFF51AFD7ED558CCDu) ^ ((b + 0x9E3779B97F4A7C15u) * 0xC4CEB9FE1A85EC53u);
}

static inline uint64_t word_hash(const uint8_t *w, size_t n)
{
    uint64_t a, b, h;
    memcpy(&a, w, 8);
    memcpy(&b, w + 8, 8);
    h = hash_start(a, b, n);
    for (size_t i = 16; i < n; i += 8) {
        uint64_t v;
        memcpy(&v, w + i, 8);
        h ^= h >> 32;
        h = (h ^ v) * 0xFF51AFD7ED558CCDu;
    }
    return hash_end(h);
}

/* Every stopword of the Latin-script languages and which of them (bit j: which[j]) have it:
 * one lookup a word instead of one a language. A word of up to STOP_KEY bytes is kept in its
 * entry, zero-padded, and compared there (the words looked up have STOP_KEY zero bytes after
 * them); longer ones by their hash and lang_data's copy. */
enum { STOP_KEY = 16 };
typedef struct stop_entry {
    uint8_t key[STOP_KEY];
    uint64_t hash;
    const char *word; /* lang_data's */
    uint32_t in;      /* 0: an empty slot */
    uint32_t len;
} stop_entry;
enum { STOP_FILTER_BITS = 16 };
/* The most sets the combined table takes: a word's sets are one of 1 << MASK_SETS masks. */
enum { MASK_SETS = 12 };
typedef struct stop_table {
    stop_entry *slots;
    size_t mask;
    size_t maxlen; /* of the words in it: a longer word is in none */
    uint16_t kinds[(size_t)1 << MASK_SETS]; /* the distinct masks of its words (in) */
    size_t nkinds;
    /* bit (hash >> 48) set for each word in the table: a word whose bit is clear is in none.
     * Small enough to stay in the nearest cache, which the slots are not; most words of a
     * text are no stopwords. */
    uint64_t filter[((size_t)1 << STOP_FILTER_BITS) / 64];
} stop_table;

static inline size_t stop_filter_bit(uint64_t h) { return (size_t)(h >> (64 - STOP_FILTER_BITS)); }

static inline int stop_filter_has(const stop_table *t, uint64_t h)
{
    size_t b = stop_filter_bit(h);
    return (int)(t->filter[b >> 6] >> (b & 63) & 1);
}

static inline int same_key(const uint8_t *a, const uint8_t *b)
{
    uint64_t x0, x1, y0, y1;
    memcpy(&x0, a, 8);
    memcpy(&x1, a + 8, 8);
    memcpy(&y0, b, 8);
    memcpy(&y1, b + 8, 8);
    return ((x0 ^ y0) | (x1 ^ y1)) == 0;
}

/* The entry of w[0, n) (STOP_KEY zero bytes after it), or the empty slot where it would go. */
static stop_entry *stop_slot(const stop_table *t, uint64_t h, const uint8_t *w, size_t n)
{
    for (size_t i = (size_t)h & t->mask;; i = (i + 1) & t->mask) {
        stop_entry *e = &t->slots[i];
        if (!e->in)
            return e;
        if (e->len == n &&
            (n <= STOP_KEY ? same_key(e->key, w)
                           : e->hash == h && memcmp(e->word, w, n) == 0))
            return e;
    }
}

static mds_status stop_table_build(stop_table *t, const size_t *which, size_t nsets)
{
    size_t total = 0;
    for (size_t j = 0; j < nsets; j++) {
        const mds__lang_data *d = data_of(&langs[which[j]]);
        for (size_t i = 0; d && d->stop[i]; i++)
            total++;
    }
    size_t ns = 64;
    while (ns < 2 * total)
        ns *= 2;
    if (!(t->slots = mds__calloc_written(ns, sizeof *t->slots)))
        return MDS_ENOMEM;
    t->mask = ns - 1;
    t->maxlen = 0;
    memset(t->filter, 0, sizeof t->filter);
    uint8_t w[HIT_WORD + STOP_KEY];
    for (size_t j = 0; j < nsets; j++) {
        const mds__lang_data *d = data_of(&langs[which[j]]);
        for (size_t i = 0; d && d->stop[i]; i++) {
            size_t n = strlen(d->stop[i]);
            if (n > HIT_WORD)
                continue; /* longer than any word count_hits looks up */
            memcpy(w, d->stop[i], n);
            memset(w + n, 0, STOP_KEY);
            uint64_t h = word_hash(w, n);
            stop_entry *e = stop_slot(t, h, w, n);
            if (!e->in) {
                *e = (stop_entry){.hash = h, .word = d->stop[i], .len = (uint32_t)n};
                memcpy(e->key, w, n < STOP_KEY ? n : STOP_KEY);
            }
            e->in |= (uint32_t)1 << j;
            t->filter[stop_filter_bit(h) >> 6] |= (uint64_t)1 << (stop_filter_bit(h) & 63);
            if (n > t->maxlen)
                t->maxlen = n;
        }
    }
    uint8_t seen[(size_t)1 << MASK_SETS] = {0};
    t->nkinds = 0;
    for (size_t i = 0; i < ns; i++)
        if (t->slots[i].in && !seen[t->slots[i].in]++)
            t->kinds[t->nkinds++] = (uint16_t)t->slots[i].in;
    return MDS_OK;
}

static void stop_table_free(stop_table *t)
{
    if (t)
        mds__free(t->slots);
    mds__free(t);
}

/* The combined table, built on first use and kept for the process (the stopword lists are
 * constant; about 180 KiB): no run builds it again. A table that cannot be built
 * (no memory) leaves that call to the general path, and the next call tries again; of two
 * threads that build it at once, the first to finish keeps its own. */
static _Atomic(stop_table *) shared_table;

static const stop_table *stop_table_get(const size_t *which, size_t nsets)
{
    stop_table *t = atomic_load_explicit(&shared_table, memory_order_acquire);
    if (t)
        return t;
    if (nsets > MASK_SETS || !(t = mds__calloc(1, sizeof *t)) ||
        stop_table_build(t, which, nsets)) {
        stop_table_free(t);
        return NULL;
    }
    stop_table *none = NULL;
    if (!atomic_compare_exchange_strong_explicit(&shared_table, &none, t, memory_order_acq_rel,
                                                 memory_order_acquire)) {
        stop_table_free(t);
        return none;
    }
    return t;
}

/* Each set's hits (hits[j] for which[j]) from the words counted by mask. */
static void hits_of(const stop_table *t, const uint32_t *bymask, size_t nsets, size_t *hits)
{
    memset(hits, 0, nsets * sizeof *hits);
    for (size_t k = 0; k < t->nkinds; k++) {
        size_t c = bymask[t->kinds[k]];
        for (unsigned in = t->kinds[k], j = 0; in && c; j++, in >>= 1)
            hits[j] += (in & 1) * c;
    }
}

/* Can `rest` more words, each in any of the sets, change latin_verdict's choice from these
 * hits? Not when the leader stays ahead of every other set given all of them (ahead or level
 * with a set after it, as a tie goes to the first). */
static int verdict_settled(const size_t *hits, size_t nsets, size_t rest)
{
    size_t best = 0;
    for (size_t j = 1; j < nsets; j++)
        if (hits[j] > hits[best])
            best = j;
    for (size_t j = 0; j < nsets; j++) {
        if (j == best)
            continue;
        if (hits[j] > hits[best] || rest > hits[best] - hits[j] ||
            (j < best && rest == hits[best] - hits[j]))
            return 0;
    }
    return 1;
}

#if LANG_SSE2
/* The words of the sixteen bytes at s (before n) that count_hits_fast would find there, in
 * its way: from the start of the block (where no word goes on from before) up to the first
 * byte from 0x80 on, each run of ASCII letters that ends on an ASCII byte inside the block
 * is a word, lowered by its letters' 0x20, looked up by its key as two words of memory.
 * Returns the bytes taken: 16 when the whole block was; less when a word runs to the end of
 * what it may take or a byte from 0x80 comes: the start of that word, or that byte, where
 * the next block begins, or the byte path where that is its first byte. */
static inline size_t hits_block16(const uint8_t *s, const stop_table *t, uint32_t *bymask,
                                  size_t *words)
{
    __m128i v = _mm_loadu_si128((const __m128i *)s);
    unsigned high = (unsigned)_mm_movemask_epi8(v);
    unsigned lim = high ? (unsigned)__builtin_ctz(high) : 16;
    unsigned m = (unsigned)_mm_movemask_epi8(letters16(v)) & ((1u << lim) - 1);
    uint8_t low[32]; /* the block with 0x20 set in each byte, then zeros: the words' keys */
    _mm_storeu_si128((__m128i *)low, _mm_or_si128(v, _mm_set1_epi8(0x20)));
    _mm_storeu_si128((__m128i *)(low + 16), _mm_setzero_si128());
    while (m) {
        unsigned a = (unsigned)__builtin_ctz(m);
        unsigned r = (unsigned)__builtin_ctz(~(m >> a)); /* the run of letters from a */
        if (a + r >= lim)
            return a; /* it may go on: the byte path takes it */
        m &= ~0u << (a + r);
        (*words)++;
        if (r > t->maxlen) {
            bymask[0]++;
            continue;
        }
        uint64_t k0, k1;
        memcpy(&k0, low + a, 8);
        memcpy(&k1, low + a + 8, 8);
        /* the word's r bytes (1 to 15), the rest zero as in word_hash's buffer */
        if (r < 8) {
            k0 &= ((uint64_t)1 << (8 * r)) - 1;
            k1 = 0;
        } else {
            k1 &= ((uint64_t)1 << (8 * (r - 8))) - 1;
        }
        uint64_t h = hash_end(hash_start(k0, k1, r));
        uint32_t in = 0;
        if (stop_filter_has(t, h))
            for (size_t i = (size_t)h & t->mask;; i = (i + 1) & t->mask) {
                const stop_entry *e = &t->slots[i];
                uint64_t e0, e1;
                memcpy(&e0, e->key, 8);
                memcpy(&e1, e->key + 8, 8);
                if (!e->in || (e->len == r && ((e0 ^ k0) | (e1 ^ k1)) == 0)) {
                    in = e->in;
                    break;
                }
            }
        bymask[in]++;
    }
    return lim;
}
#endif

/* count_hits over the combined table, ASCII letters taken without decoding, the ASCII bytes
 * between words skipped in a tight loop, and the words counted by the sets that hold them
 * (bymask[in]; a word longer than any stopword is in none, looked up in no table). */
static void count_hits_fast(const uint8_t *s, size_t n, const stop_table *t, uint32_t *bymask,
                            size_t *words)
{
    const uint16_t one = 1;
    uint8_t first;
    memcpy(&first, &one, 1);
    const int little = first == 1; /* the byte order the eight-byte path reads in */
    uint8_t w[HIT_WORD + STOP_KEY];
    size_t i = 0;
    while (i < n) {
#if LANG_SSE2
        if (i + 16 <= n) {
            /* a block from where it stopped: the start of a word that ran to its end (now
             * whole in the next unless 16 bytes or more long) or a byte from 0x80 on (where
             * it stops at once) */
            size_t k = hits_block16(s + i, t, bymask, words);
            i += k;
            if (k)
                continue;
        }
#endif
        /* no ASCII byte but a letter begins a word (alphabetic, or a mark) */
        while (i < n && s[i] < 0x80 && (unsigned)((s[i] | 0x20) - 'a') >= 26u)
            i++;
        if (i >= n)
            break;
        size_t wl = 0, start = i;
        int over = 0;
        while (i < n) {
            uint8_t b = s[i];
            if (b < 0x80) {
                uint64_t v;
                if (little && i + 8 <= n && wl + 13 < HIT_WORD &&
                    (memcpy(&v, s + i, 8), !(v & 0x8080808080808080u))) {
                    /* Eight ASCII bytes with room for all: the letters from the first on
                     * (count_scripts_fast's test), lowered, in one store. */
                    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
                    uint64_t x = v | 0x2020202020202020u;
                    uint64_t ge_a = x + ones * (0x80 - 'a'), gt_z = x + ones * (0x80 - 'z' - 1);
                    uint64_t other = ~(ge_a & ~gt_z) & high;
                    /* the first byte that is no letter: its high bit is the lowest set */
                    size_t r = other ? (size_t)((((other & (~other + 1)) >> 7) *
                                                 0x0001020304050607u) >> 56)
                                     : 8;
                    memcpy(w + wl, &x, 8);
                    wl += r;
                    i += r;
                    if (r < 8)
                        break;
                    continue;
                }
                if ((unsigned)((b | 0x20) - 'a') >= 26u)
                    break; /* no ASCII character but a letter is alphabetic or a mark */
                if (wl + 6 < HIT_WORD)
                    w[wl++] = (uint8_t)(b | 0x20);
                else
                    over = 1;
                i++;
                continue;
            }
            ucs4_t c;
            int k = u8_mbtouc(&c, s + i, n - i);
            size_t kk = (size_t)(k > 0 ? k : 1);
            if (!(mds__is_alpha(c) || mds__is_category(c, UC_CATEGORY_M)))
                break;
            ucs4_t lc = mds__tolower(c);
            if (wl + 6 < HIT_WORD) {
                int m = u8_uctomb(w + wl, lc, (int)(HIT_WORD - wl));
                if (m > 0)
                    wl += (size_t)m;
            } else {
                over = 1;
            }
            i += kk;
        }
        if (i == start) {
            if (s[i] < 0x80) {
                i++;
            } else {
                ucs4_t c;
                int k = u8_mbtouc(&c, s + i, n - i);
                i += (size_t)(k > 0 ? k : 1);
            }
            continue;
        }
        if (over || wl == 0)
            continue;
        (*words)++;
        if (wl > t->maxlen) {
            bymask[0]++;
            continue;
        }
        memset(w + wl, 0, STOP_KEY);
        uint64_t h = word_hash(w, wl);
        bymask[stop_filter_has(t, h) ? stop_slot(t, h, w, wl)->in : 0]++;
    }
}

/* Texts whose word bounds are kept for the early end (a stack array); after them, none. */
enum { EXIT_TEXTS = 256 };

mds_status mds__lang_detect(const char *const *texts, const size_t *lens, size_t n,
                            const mds__lang **out, double *share)
{
    tally t = {0};
    size_t total = 0, rest = 0, bound[EXIT_TEXTS];
    double unused;
    /* Without `share`, only the verdict is wanted: counting may end once no words left could
     * change it (verdict_settled), with rest a bound on the words left. */
    int early = share == NULL;
    if (!share)
        share = &unused;
    *out = NULL;
    *share = 0;
    for (size_t i = 0; i < n && total < DETECT_TOTAL; i++) {
        size_t m = lens[i] < DETECT_PREFIX ? lens[i] : DETECT_PREFIX, b = 0;
        count_scripts_fast((const uint8_t *)texts[i], m, &t, early ? &b : NULL);
        if (i < EXIT_TEXTS)
            bound[i] = b;
        rest += b;
        total += m;
    }
    if (script_verdict(&t, out))
        return MDS_OK;

    size_t which[NLANGS], nsets = 0, hits[NLANGS] = {0}, words = 0;
    for (size_t i = 0; i < NLANGS; i++)
        if (langs[i].script == MDS__SCRIPT_LATIN)
            which[nsets++] = i;
    const stop_table *st = stop_table_get(which, nsets);
    if (!st)
        return mds__lang_detect_general(texts, lens, n, out, share);
    /* The words (at most DETECT_TOTAL + DETECT_PREFIX of them) by the sets that hold them. */
    uint32_t bymask[(size_t)1 << MASK_SETS];
    memset(bymask, 0, ((size_t)1 << nsets) * sizeof *bymask);
    total = 0;
    for (size_t i = 0; i < n && total < DETECT_TOTAL; i++) {
        size_t m = lens[i] < DETECT_PREFIX ? lens[i] : DETECT_PREFIX;
        count_hits_fast((const uint8_t *)texts[i], m, st, bymask, &words);
        total += m;
        if (early && i < EXIT_TEXTS) {
            rest -= bound[i]; /* the bound on the words of the texts after i */
            hits_of(st, bymask, nsets, hits);
            if (verdict_settled(hits, nsets, rest))
                break;
        }
    }
    hits_of(st, bymask, nsets, hits);
    latin_verdict(which, nsets, hits, words, out, share);
    return MDS_OK;
}
