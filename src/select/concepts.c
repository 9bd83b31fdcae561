/* SPDX-License-Identifier: MIT */
/* Concept coverage under a budget (Gillick and Favre 2009, after the ICSI system of DUC and
 * TAC), by cost-scaled lazy greedy and swaps instead of their integer program. */
#include "util/alloc.h"
#include "select/concepts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NO_ID UINT32_MAX

/* ---- building -------------------------------------------------------------------------------- */

void mds__concepts_free(mds__concepts *c)
{
    if (!c)
        return;
    mds__free(c->off);
    mds__free(c->id);
    mds__free(c->weight);
    memset(c, 0, sizeof *c);
}

/* ---- term hashes ---- */

#define GOLDEN 0x9E3779B97F4A7C15ULL
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Up to 8 bytes as a little-endian word on any machine (one load where it is one). */
static inline uint64_t load8(const unsigned char *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
           (uint64_t)p[7] << 56;
}

static uint64_t load_short(const unsigned char *p, size_t n)
{
    uint64_t w = 0;
    for (size_t k = 0; k < n; k++)
        w |= (uint64_t)p[k] << (8 * k);
    return w;
}

/* The 64-bit hash of the len bytes at off in buf (of buf_len bytes), and whether none is a
 * space: read eight at a time, once, each word xored into the state and mixed by a bijection
 * (multiply by an odd constant, xorshift), the length in the start. Terms of up to 8 bytes
 * get distinct hashes but for a coincidence of the length's term; two different terms of one
 * cluster share a hash with odds of about T^2 / 2^65, as two bigrams did under XXH3. */
static inline uint64_t term_hash(const char *buf, size_t buf_len, size_t off, size_t len,
                                 int *word)
{
    const unsigned char *p = (const unsigned char *)buf + off;
    uint64_t h = (uint64_t)len * GOLDEN, sp = 0;
    if (len - 1 < 8 && off + 8 <= buf_len) { /* most terms: one word, one load, no loop */
        uint64_t w = load8(p) & (~(uint64_t)0 >> (64 - 8 * len));
        uint64_t x = w ^ 0x2020202020202020ULL;
        h = (h ^ w) * 0xD6E8FEB86659FD93ULL;
        *word = ((x - ONES) & ~x & HIGHS) == 0;
        return h ^ h >> 32;
    }
    while (len) {
        uint64_t w;
        size_t take = 8;
        if (len < 8) {
            take = len;
            w = off + 8 <= buf_len ? load8(p) & (((uint64_t)1 << (8 * len)) - 1)
                                   : load_short(p, len);
        } else {
            w = load8(p);
        }
        uint64_t x = w ^ 0x2020202020202020ULL; /* a zero byte where a space is */
        sp |= (x - ONES) & ~x & HIGHS;
        h = (h ^ w) * 0xD6E8FEB86659FD93ULL;
        h ^= h >> 32;
        p += take;
        off += take;
        len -= take;
    }
    *word = sp == 0;
    return h;
}

/* Bytes the build holds at once, against its limit: each allocation asks first, so one over
 * the limit is refused before it happens. */
typedef struct purse {
    size_t used, limit;
} purse;

static int take(purse *p, size_t bytes)
{
    if (bytes > p->limit - p->used)
        return 0;
    p->used += bytes;
    return 1;
}

static void give(purse *p, size_t bytes) { p->used -= bytes; }

/* ---- a sentence's bigrams ---- */

/* Walks a sentence's terms, each hashed once (and found a word, not a phrase, in the same
 * pass), for the bigram it ends and the one it starts; a bigram's key is its two terms'
 * hashes, the first multiplied by an odd constant, so that (a, b) and (b, a) differ. The
 * sentence's fields in locals: the stores of the build cannot then be taken to change them. */
typedef struct bigrams {
    const uint8_t *stop;
    const uint32_t *offs;
    const char *buf;
    size_t nt, len, off, k;
    uint64_t h_a;
    int uni_a, stop_a;
} bigrams;

static inline void bigrams_start(bigrams *it, const mds__terms *s)
{
    it->stop = s->stop;
    it->offs = s->offs;
    it->buf = s->buf;
    it->nt = s->n;
    it->len = s->len;
    it->off = it->nt ? it->offs[0] : 0;
    it->k = 0;
    it->h_a = 0;
    it->uni_a = 0; /* the first term pairs with none */
    it->stop_a = 1;
}

/* 1 and the key of the sentence's next concept bigram in *h, or 0 at its end. */
static inline int bigrams_next(bigrams *it, uint64_t *h)
{
    while (it->k < it->nt) {
        size_t k = it->k++;
        size_t end = k + 1 < it->nt ? it->offs[k + 1] : it->len;
        int uni_k, stop_k = it->stop ? it->stop[k] != 0 : 0;
        uint64_t h_k = term_hash(it->buf, it->len, it->off, end - it->off - 1, &uni_k);
        it->off = end;
        int pair = it->uni_a & uni_k & !(it->stop_a & stop_k);
        *h = it->h_a * GOLDEN ^ h_k;
        it->h_a = h_k;
        it->uni_a = uni_k;
        it->stop_a = stop_k;
        if (pair)
            return 1;
    }
    return 0;
}

/* ---- provisional ids ---- */

/* What the first pass reads, and what it leaves: every sentence's distinct bigrams as
 * provisional ids in order of first sight (raw, in rows raw_off), and per id the number of
 * units (documents, or sentences in a one-document cluster) that have had it. */
typedef struct pass {
    size_t n;
    const mds__terms *terms;
    const uint32_t *doc_of;
    int one_doc;
    size_t pairs; /* adjacent terms, a bound on the distinct bigrams */
    uint32_t *raw, *raw_off;
    uint32_t *df;
    size_t count;
    size_t held; /* df's bytes taken from the purse */
} pass;

static void pass_free_df(pass *ps, purse *p)
{
    give(p, ps->held);
    ps->held = 0;
    mds__free(ps->df);
    ps->df = NULL;
}

/* The size a table starts at: sized once for the pairs (a bound on the distinct bigrams),
 * when the purse has room for it; else 1024 slots, grown as the distinct bigrams come.
 * Either way its slots go before the rest is allocated, so the build fits wherever the
 * growing table alone did. ids(cap): the ids a table of cap slots holds before it grows. */
static size_t first_cap(size_t pairs, const purse *p, size_t (*bytes)(size_t),
                        size_t (*ids)(size_t))
{
    size_t want = 1024;
    while (ids(want) < pairs + 1 && want <= SIZE_MAX / 64)
        want *= 2;
    return want > 1024 && bytes(want) <= p->limit - p->used ? want : 1024;
}

/* -- the reference: keys, values and each per-id counter in arrays of their own -- */

/* Open addressing on the bigrams' 64-bit hashes: two different bigrams of one cluster share
 * a hash with odds of about P^2 / 2^65, nothing next to the noise of phrasing. Sized by the
 * distinct bigrams (doubling at half full), not by the pairs, which are several times more.
 * Per id: the sentence and the unit (document, or sentence) that last had it, and how many
 * units have had it. The build's first table, kept for tests (mds__concepts_build_reference)
 * as what the one below must match. */
typedef struct table {
    uint64_t *key;
    uint32_t *val;
    size_t mask, count;
    uint32_t *last_sent, *last_unit, *df; /* (mask + 1) / 2 each */
    size_t held;                          /* bytes taken from the purse */
} table;

/* A table of cap slots: key and val per slot, three counters per id (cap / 2 ids). */
static size_t table_bytes(size_t cap)
{
    return cap * (sizeof(uint64_t) + sizeof(uint32_t)) + cap / 2 * 3 * sizeof(uint32_t);
}

static size_t table_ids(size_t cap) { return cap / 2; }

static void table_free(table *t, purse *p)
{
    give(p, t->held);
    t->held = 0;
    t->mask = 0;
    mds__free(t->key);
    mds__free(t->val);
    mds__free(t->last_sent);
    mds__free(t->last_unit);
    mds__free(t->df);
}

/* val holds id + 1, 0 in an empty slot (so that a new table is zeroed memory) */
static size_t slot_of(const table *t, uint64_t h)
{
    size_t i = (size_t)(h ^ (h >> 29)) & t->mask;
    while (t->val[i] && t->key[i] != h)
        i = (i + 1) & t->mask;
    return i;
}

static mds_status table_init(table *t, size_t cap, purse *p)
{
    memset(t, 0, sizeof *t);
    if (!take(p, table_bytes(cap)))
        return MDS_EINVAL;
    t->held = table_bytes(cap);
    t->key = mds__malloc(cap * sizeof *t->key);
    t->val = mds__calloc_written(cap, sizeof *t->val);
    t->last_sent = mds__malloc(cap / 2 * sizeof *t->last_sent);
    t->last_unit = mds__malloc(cap / 2 * sizeof *t->last_unit);
    t->df = mds__malloc(cap / 2 * sizeof *t->df);
    t->mask = cap - 1;
    if (!t->key || !t->val || !t->last_sent || !t->last_unit || !t->df)
        return MDS_ENOMEM;
    return MDS_OK;
}

static mds_status table_grow(table *t, purse *p)
{
    table g;
    size_t cap = 2 * (t->mask + 1);
    mds_status st = table_init(&g, cap, p);
    if (st) {
        table_free(&g, p);
        return st;
    }
    for (size_t i = 0; i <= t->mask; i++)
        if (t->val[i]) {
            size_t j = slot_of(&g, t->key[i]);
            g.key[j] = t->key[i];
            g.val[j] = t->val[i];
        }
    g.count = t->count;
    memcpy(g.last_sent, t->last_sent, t->count * sizeof *g.last_sent);
    memcpy(g.last_unit, t->last_unit, t->count * sizeof *g.last_unit);
    memcpy(g.df, t->df, t->count * sizeof *g.df);
    table_free(t, p);
    *t = g;
    return MDS_OK;
}

/* The id of hash h, a new one (its per-id state cleared) if h is new; the table has room. */
static inline uint32_t table_id_in_room(table *t, uint64_t h)
{
    size_t i = slot_of(t, h);
    if (!t->val[i]) {
        t->key[i] = h;
        t->val[i] = (uint32_t)t->count + 1;
        t->last_sent[t->count] = NO_ID;
        t->last_unit[t->count] = NO_ID;
        t->df[t->count] = 0;
        t->count++;
    }
    return t->val[i] - 1;
}

/* The same, the table grown first when it would be over half full. */
static mds_status table_id(table *t, uint64_t h, uint32_t *id, purse *p)
{
    mds_status st;
    if (2 * (t->count + 1) > t->mask + 1 && (st = table_grow(t, p)))
        return st;
    *id = table_id_in_room(t, h);
    return MDS_OK;
}

static mds_status ids_reference(pass *ps, purse *p)
{
    table t;
    size_t cap = first_cap(ps->pairs, p, table_bytes, table_ids);
    int sized = table_ids(cap) >= ps->pairs + 1; /* room for every pair: never grown */
    mds_status st = table_init(&t, cap, p);
    if (st)
        goto fail;
    size_t m = 0;
    for (size_t i = 0; i < ps->n; i++) {
        uint32_t unit = ps->one_doc ? (uint32_t)i : ps->doc_of[i];
        ps->raw_off[i] = (uint32_t)m;
        bigrams it;
        uint64_t h;
        bigrams_start(&it, &ps->terms[i]);
        while (bigrams_next(&it, &h)) {
            uint32_t id;
            if (sized)
                id = table_id_in_room(&t, h);
            else if ((st = table_id(&t, h, &id, p)))
                goto fail;
            if (t.last_sent[id] == (uint32_t)i)
                continue;
            t.last_sent[id] = (uint32_t)i;
            ps->raw[m++] = id;
            if (t.last_unit[id] != unit) {
                t.last_unit[id] = unit;
                t.df[id]++;
            }
        }
    }
    ps->raw_off[ps->n] = (uint32_t)m;
    /* once every id is given, only the document frequencies are read: the rest goes */
    size_t df_bytes = table_ids(t.mask + 1) * sizeof *t.df;
    give(p, t.held - df_bytes);
    ps->df = t.df;
    ps->count = t.count;
    ps->held = df_bytes;
    t.df = NULL;
    t.held = 0;
fail:
    table_free(&t, p);
    return st;
}

/* -- the build's: 8-byte slots, the sentences read ahead -- */

/* Open addressing on the same 64-bit keys, as the reference: the same ids, by first sight.
 * What made the reference slow was waiting on memory: on each sentence's terms (three blocks
 * of their own, out of the cache since the featurizer made them), then on a key, a value and
 * three counters in five arrays for each pair. Here the terms of the sentence two ahead are
 * asked for while this one is hashed; a slot is the key's high half and the id, eight to a
 * cache line, so that a probe rarely leaves its line and a new bigram (most of them) touches
 * one slot and appends its record; the key's low half and the last sentence that had it sit
 * together per id, read only when the high half matches. A sentence's pairs are hashed, up
 * to BATCH, and their slots asked for, before the first is looked up. The unit that last had
 * a bigram is its last sentence's, so it is not kept. Up to three quarters full, the pairs
 * bounding the distinct bigrams (about 60% of them in news): sized once for the pairs, the
 * table is about a third full, and takes about 23 bytes an id it has room for where the
 * reference took 36. */
typedef struct slot {
    uint32_t hi;  /* the key's high half */
    uint32_t id1; /* id + 1, 0 in an empty slot (a new table is zeroed memory) */
} slot;

/* Per id: the key's low half, the last sentence that had it. */
typedef struct idrec {
    uint32_t lo, last_sent;
} idrec;

typedef struct slots {
    slot *s;
    size_t mask, count;
    idrec *rec;   /* ids(mask + 1) each */
    uint32_t *df; /* the units that have had it */
    size_t held;  /* bytes taken from the purse */
} slots;

enum { BATCH = 64 }; /* pairs hashed and their slots prefetched before their lookups */

static size_t slots_ids(size_t cap) { return cap - cap / 4; }

static size_t slots_bytes(size_t cap)
{
    return cap * sizeof(slot) + slots_ids(cap) * (sizeof(idrec) + sizeof(uint32_t));
}

static inline size_t slots_home(const slots *t, uint64_t h)
{
    return (size_t)(h ^ (h >> 29)) & t->mask;
}

static void slots_free(slots *t, purse *p)
{
    give(p, t->held);
    t->held = 0;
    t->mask = 0;
    mds__free(t->s);
    mds__free(t->rec);
    mds__free(t->df);
    t->s = NULL;
    t->rec = NULL;
    t->df = NULL;
}

static mds_status slots_init(slots *t, size_t cap, purse *p)
{
    memset(t, 0, sizeof *t);
    if (!take(p, slots_bytes(cap)))
        return MDS_EINVAL;
    t->held = slots_bytes(cap);
    t->s = mds__calloc_written(cap, sizeof *t->s);
    t->rec = mds__malloc(slots_ids(cap) * sizeof *t->rec);
    t->df = mds__malloc(slots_ids(cap) * sizeof *t->df);
    t->mask = cap - 1;
    if (!t->s || !t->rec || !t->df)
        return MDS_ENOMEM;
    return MDS_OK;
}

static mds_status slots_grow(slots *t, purse *p)
{
    slots g;
    mds_status st = slots_init(&g, 2 * (t->mask + 1), p);
    if (st) {
        slots_free(&g, p);
        return st;
    }
    for (size_t i = 0; i <= t->mask; i++)
        if (t->s[i].id1) {
            uint64_t h = (uint64_t)t->s[i].hi << 32 | t->rec[t->s[i].id1 - 1].lo;
            size_t j = slots_home(&g, h);
            while (g.s[j].id1)
                j = (j + 1) & g.mask;
            g.s[j] = t->s[i];
        }
    g.count = t->count;
    memcpy(g.rec, t->rec, t->count * sizeof *g.rec);
    memcpy(g.df, t->df, t->count * sizeof *g.df);
    slots_free(t, p);
    *t = g;
    return MDS_OK;
}

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p, 1)
#define PREFETCH_READ(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#define PREFETCH_READ(p) ((void)(p))
#endif

/* A sentence's terms, each in blocks of its own, out of the cache since they were made: read
 * ahead by SENTS_AHEAD sentences, their bytes, offsets and marks, so that hashing them does
 * not wait. */
enum { SENTS_AHEAD = 2 };

static inline void prefetch_terms(const mds__terms *s)
{
    for (size_t b = 0; b < s->len; b += 64)
        PREFETCH_READ(s->buf + b);
    for (size_t b = 0; b < s->n * sizeof *s->offs; b += 64)
        PREFETCH_READ((const char *)s->offs + b);
    if (s->stop)
        PREFETCH_READ(s->stop);
}

/* The state of the lookups. */
typedef struct looker {
    slots t;
    pass *ps;
    size_t m;  /* ids given so far */
    int sized; /* room for every pair: never grown */
} looker;

/* Bigram h of sentence `sent` (at or after the last one's), its home slot i: its id added to
 * the sentence's row unless there already, and its count raised when its last sentence had
 * another unit. The table has room. */
static inline void look_up(looker *l, uint64_t h, size_t i, uint32_t sent)
{
    pass *ps = l->ps;
    slots *t = &l->t;
    uint32_t hi = (uint32_t)(h >> 32), lo = (uint32_t)h;
    slot *s;
    for (;;) {
        s = &t->s[i];
        if (!s->id1) { /* new: this sentence's, one unit's */
            s->hi = hi;
            s->id1 = (uint32_t)t->count + 1;
            t->rec[t->count] = (idrec){lo, sent};
            t->df[t->count] = 1;
            ps->raw[l->m++] = (uint32_t)t->count++;
            return;
        }
        if (s->hi == hi && t->rec[s->id1 - 1].lo == lo)
            break;
        i = (i + 1) & t->mask;
    }
    uint32_t id = s->id1 - 1, last = t->rec[id].last_sent;
    if (last == sent)
        return;
    t->rec[id].last_sent = sent;
    ps->raw[l->m++] = id;
    /* a sentence is its own unit in a one-document cluster, and `last` is an earlier one */
    t->df[id] += ps->one_doc | (ps->doc_of[last] != ps->doc_of[sent]);
}

static mds_status ids_fast(pass *ps, purse *p)
{
    looker l;
    memset(&l, 0, sizeof l);
    l.ps = ps;
    size_t cap = first_cap(ps->pairs, p, slots_bytes, slots_ids);
    l.sized = slots_ids(cap) >= ps->pairs + 1;
    mds_status st = slots_init(&l.t, cap, p);
    if (st)
        goto fail;
    uint64_t hs[BATCH];
    size_t home[BATCH];
    for (size_t i = 0; i < ps->n; i++) {
        if (i + SENTS_AHEAD < ps->n)
            prefetch_terms(&ps->terms[i + SENTS_AHEAD]);
        ps->raw_off[i] = (uint32_t)l.m;
        bigrams it;
        bigrams_start(&it, &ps->terms[i]);
        for (;;) {
            size_t k = 0;
            while (k < BATCH && bigrams_next(&it, &hs[k])) {
                home[k] = slots_home(&l.t, hs[k]);
                PREFETCH(&l.t.s[home[k]]);
                k++;
            }
            if (l.sized) {
                for (size_t q = 0; q < k; q++)
                    look_up(&l, hs[q], home[q], (uint32_t)i);
            } else {
                for (size_t q = 0; q < k; q++) {
                    if (slots_ids(l.t.mask + 1) < l.t.count + 1 && (st = slots_grow(&l.t, p)))
                        goto fail;
                    look_up(&l, hs[q], slots_home(&l.t, hs[q]), (uint32_t)i);
                }
            }
            if (k < BATCH)
                break;
        }
    }
    ps->raw_off[ps->n] = (uint32_t)l.m;
    /* once every id is given, only the counts are read: the slots go */
    give(p, l.t.held - slots_ids(l.t.mask + 1) * sizeof *l.t.df);
    ps->held = slots_ids(l.t.mask + 1) * sizeof *l.t.df;
    ps->df = l.t.df;
    ps->count = l.t.count;
    l.t.df = NULL;
    l.t.held = 0;
fail:
    slots_free(&l.t, p);
    return st;
}

static int build_reference;
void mds__concepts_build_reference(int on) { build_reference = on; }

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Document frequencies from the distinct (id, unit) pairs, for units in any order: sorted. */
static mds_status df_by_sorting(pass *ps, const uint32_t *unit_of, purse *p)
{
    size_t n = ps->n, m = ps->raw_off[n];
    const uint32_t *raw = ps->raw, *raw_off = ps->raw_off;
    if (!take(p, (m ? m : 1) * sizeof(uint64_t)))
        return MDS_EINVAL;
    uint64_t *units = mds__malloc((m ? m : 1) * sizeof *units);
    if (!units) {
        give(p, (m ? m : 1) * sizeof *units);
        return MDS_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        for (uint32_t k = raw_off[i]; k < raw_off[i + 1]; k++)
            units[k] = (uint64_t)raw[k] << 32 | unit_of[i];
    qsort(units, m, sizeof *units, cmp_u64);
    memset(ps->df, 0, ps->count * sizeof *ps->df);
    for (size_t k = 0; k < m; k++)
        if (k == 0 || units[k] != units[k - 1])
            ps->df[units[k] >> 32]++;
    mds__free(units);
    give(p, (m ? m : 1) * sizeof *units);
    return MDS_OK;
}

mds_status mds__concepts_build(size_t n, const mds__terms *terms, const uint32_t *doc_of,
                               unsigned min_df, mds__concepts *out)
{
    return mds__concepts_build_within(n, terms, doc_of, min_df, SIZE_MAX, out);
}

/* Allocates `count` items of `size` bytes when the purse allows; *refused says whether it
 * did not (else NULL is out of memory). */
static void *alloc_in(purse *p, size_t count, size_t size, int *refused)
{
    size_t bytes = (count ? count : 1) * size;
    if (!take(p, bytes)) {
        *refused = 1;
        return NULL;
    }
    return mds__malloc(bytes);
}

mds_status mds__concepts_build_within(size_t n, const mds__terms *terms, const uint32_t *doc_of,
                                      unsigned min_df, size_t memory, mds__concepts *out)
{
    memset(out, 0, sizeof *out);
    out->n = n;
    size_t pairs = 0;
    for (size_t i = 0; i < n; i++)
        pairs += terms[i].n > 1 ? terms[i].n - 1 : 0;
    if (pairs >= NO_ID || n >= NO_ID)
        return MDS_ENOMEM; /* ids and offsets are 32-bit */

    /* Units of document frequency: documents, or sentences in a one-document cluster. In
     * order (as the pipeline gives them), each unit's sentences come together and a
     * concept's count rises when a new unit has it; otherwise the pairs are sorted. */
    int one_doc = 1, in_order = 1;
    size_t nunits = n ? 1 : 0;
    for (size_t i = 1; i < n; i++) {
        one_doc &= doc_of[i] == doc_of[0];
        in_order &= doc_of[i] >= doc_of[i - 1];
        nunits += doc_of[i] != doc_of[i - 1];
    }
    if (one_doc)
        nunits = n;

    /* Held at the end: the rows (off, id) and weights, and the selection's two per-concept
     * counters; at the peak, the scratch below besides. */
    purse pu = {0, memory};
    int refused = 0;
    pass ps = {n, terms, doc_of, one_doc, pairs, NULL, NULL, NULL, 0, 0};
    uint32_t *unit_of = NULL, *remap = NULL;
    ps.raw = alloc_in(&pu, pairs, sizeof *ps.raw, &refused);
    ps.raw_off = alloc_in(&pu, n + 1, sizeof *ps.raw_off, &refused);
    mds_status st = MDS_OK;
    if (refused)
        st = MDS_EINVAL;
    else if (!ps.raw || !ps.raw_off)
        st = MDS_ENOMEM;
    else
        st = build_reference ? ids_reference(&ps, &pu) : ids_fast(&ps, &pu);
    if (st)
        goto done;
    const uint32_t *raw_off = ps.raw_off;
    uint32_t *raw = ps.raw;
    if (!in_order) { /* a unit seen again after another: recount */
        if (!(unit_of = alloc_in(&pu, n, sizeof *unit_of, &refused)))
            goto oom;
        nunits = 0;
        for (size_t i = 0; i < n; i++) {
            unit_of[i] = one_doc ? (uint32_t)i : doc_of[i];
            nunits = unit_of[i] + (size_t)1 > nunits ? unit_of[i] + (size_t)1 : nunits;
        }
        /* distinct documents, for the threshold's bound */
        if (!take(&pu, nunits ? nunits : 1)) {
            refused = 1;
            goto oom;
        }
        uint8_t *has = mds__calloc(nunits ? nunits : 1, 1);
        if (!has)
            goto oom;
        nunits = 0;
        for (size_t i = 0; i < n; i++) {
            nunits += !has[unit_of[i]];
            has[unit_of[i]] = 1;
        }
        mds__free(has);
        give(&pu, nunits ? nunits : 1);
        if ((st = df_by_sorting(&ps, unit_of, &pu)))
            goto done;
    }

    /* the number of documents (or sentences) bounds the threshold, so that a cluster of two
     * documents still has the concepts they share */
    unsigned thr = min_df < 1 ? 1 : min_df;
    if (nunits > 0 && thr > nunits)
        thr = (unsigned)nunits;
    size_t kept = 0;
    if (!(remap = alloc_in(&pu, ps.count, sizeof *remap, &refused)))
        goto oom;
    for (size_t c = 0; c < ps.count; c++)
        remap[c] = ps.df[c] >= thr ? (uint32_t)kept++ : NO_ID;
    /* the selection's counters per concept (mds__select_concepts: cnt and mark) */
    if (!take(&pu, (kept ? kept : 1) * (sizeof(uint32_t) + 1))) {
        refused = 1;
        goto oom;
    }
    out->off = alloc_in(&pu, n + 1, sizeof *out->off, &refused);
    out->weight = alloc_in(&pu, kept, sizeof *out->weight, &refused);
    if (!out->off || !out->weight)
        goto oom;
    for (size_t c = 0; c < ps.count; c++)
        if (remap[c] != NO_ID)
            out->weight[remap[c]] = (double)ps.df[c];
    /* the kept ones renumbered, in place (the rows only shrink), then copied out */
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        out->off[i] = (uint32_t)w;
        for (uint32_t k = raw_off[i]; k < raw_off[i + 1]; k++) {
            uint32_t r = remap[raw[k]];
            raw[w] = r;
            w += r != NO_ID;
        }
    }
    out->off[n] = (uint32_t)w;
    size_t total = w;
    if (!(out->id = alloc_in(&pu, total, sizeof *out->id, &refused)))
        goto oom;
    if (total)
        memcpy(out->id, raw, total * sizeof *out->id);
    out->nconcepts = kept;
    out->bytes = ((n + 1) + total) * sizeof(uint32_t) + (kept ? kept : 1) * sizeof(double);
    st = MDS_OK;
    goto done;
oom:
    st = refused ? MDS_EINVAL : MDS_ENOMEM;
done:
    pass_free_df(&ps, &pu);
    mds__free(ps.raw);
    mds__free(ps.raw_off);
    mds__free(unit_of);
    mds__free(remap);
    if (st)
        mds__concepts_free(out);
    return st;
}

mds_status mds__concepts_bias(mds__concepts *c, const double *rel, double gain)
{
    size_t m = c->nconcepts;
    if (m == 0 || !(gain > 0))
        return MDS_OK;
    double *sum = mds__calloc(m, sizeof *sum);
    uint32_t *cnt = mds__calloc(m, sizeof *cnt);
    if (!sum || !cnt) {
        mds__free(sum);
        mds__free(cnt);
        return MDS_ENOMEM;
    }
    for (size_t i = 0; i < c->n; i++)
        for (uint32_t k = c->off[i]; k < c->off[i + 1]; k++) {
            uint32_t id = c->id[k];
            sum[id] += rel[i];
            cnt[id]++;
        }
    for (size_t id = 0; id < m; id++)
        if (cnt[id])
            c->weight[id] *= 1.0 + gain * sum[id] / cnt[id];
    mds__free(sum);
    mds__free(cnt);
    return MDS_OK;
}

/* ---- selecting ------------------------------------------------------------------------------- */

/* Rows of the chosen sentences are kept for swaps while they fit in this much memory; past
 * it, selection is greedy only. */
#define ROWS_BYTES ((size_t)256 << 20)
/* Swap passes stop after this many concept visits: deterministic, and a bound on the time. */
#define SWAP_WORK 200000000.0

typedef struct state {
    const mds__concepts *c;
    const mds__cand *cands;
    const mds__concept_opts *o;
    size_t n, room;
    double *rel;       /* mu * score / top * W */
    double *scale;     /* cost^r */
    size_t *cost;
    uint32_t *cnt;     /* per concept: chosen sentences that hold it */
    unsigned char *in; /* per sentence: chosen */
    float *maxsim;     /* per sentence: the highest similarity to a chosen one */
    float *rows;       /* k rows of n, in the order of chosen, while swaps are on */
    size_t rows_cap;
    int swaps;         /* the rows fit ROWS_BYTES: swaps after greedy */
    size_t *chosen, k, used;
    mds__row_fn rowfn;
    void *row_ctx;
} state;

/* What sentence i adds to the summary: its concepts not yet covered, and its centrality. */
static double gain_of(const state *s, size_t i)
{
    double g = s->rel[i];
    for (uint32_t k = s->c->off[i]; k < s->c->off[i + 1]; k++)
        if (s->cnt[s->c->id[k]] == 0)
            g += s->c->weight[s->c->id[k]];
    return g;
}

static double value_of(const state *s)
{
    double v = 0.0;
    for (size_t c = 0; c < s->c->nconcepts; c++)
        if (s->cnt[c])
            v += s->c->weight[c];
    for (size_t j = 0; j < s->k; j++)
        v += s->rel[s->chosen[j]];
    return v;
}

static mds_status add(state *s, size_t i, float *row)
{
    mds_status st;
    if (s->swaps) {
        if (s->k + 1 > s->rows_cap) {
            size_t cap = s->rows_cap ? 2 * s->rows_cap : 8;
            double bytes = (double)cap * (double)s->n * sizeof(float);
            if (bytes <= (double)ROWS_BYTES &&
                (!s->o->rows_memory || bytes <= (double)s->o->rows_memory)) {
                /* Out of memory is an error, not fewer swaps: a summary must not depend on
                 * what memory happened to be free. */
                float *r = mds__realloc(s->rows, cap * s->n * sizeof *r);
                if (!r)
                    return MDS_ENOMEM;
                s->rows = r;
                s->rows_cap = cap;
            } else {
                mds__free(s->rows); /* over ROWS_BYTES or the plan: greedy alone */
                s->rows = NULL;
                s->swaps = 0;
            }
        }
        if (s->swaps)
            row = s->rows + s->k * s->n;
    }
    if ((st = s->rowfn(s->row_ctx, i, row)))
        return st;
    for (size_t j = 0; j < s->n; j++)
        if (row[j] > s->maxsim[j])
            s->maxsim[j] = row[j];
    for (uint32_t k = s->c->off[i]; k < s->c->off[i + 1]; k++)
        s->cnt[s->c->id[k]]++;
    s->in[i] = 1;
    s->chosen[s->k++] = i;
    s->used += s->cost[i];
    return MDS_OK;
}

/* Ties go to the more central sentence, then the earlier one. */
static int better(size_t i, double vi, size_t j, double vj, const double *score)
{
    if (vi != vj)
        return vi > vj;
    if (score[i] != score[j])
        return score[i] > score[j];
    return i < j;
}

/* A binary max-heap of sentences by their bounds, so that lazy greedy costs log n a step. */
typedef struct heap {
    size_t *v, n;
    const double *key, *score;
} heap;

static int heap_above(const heap *h, size_t a, size_t b)
{
    return better(h->v[a], h->key[h->v[a]], h->v[b], h->key[h->v[b]], h->score);
}

static void heap_down(heap *h, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, top = i;
        if (l < h->n && heap_above(h, l, top))
            top = l;
        if (r < h->n && heap_above(h, r, top))
            top = r;
        if (top == i)
            return;
        size_t t = h->v[i];
        h->v[i] = h->v[top];
        h->v[top] = t;
        i = top;
    }
}

static void heap_pop(heap *h)
{
    h->v[0] = h->v[--h->n];
    heap_down(h, 0);
}

/* Lazy greedy from the current summary until nothing more fits. bound, stamp, order: n
 * scratch each. */
static mds_status fill(state *s, const double *score, double *bound, size_t *stamp,
                       size_t *order, float *row)
{
    size_t n = s->n;
    float dup = (float)s->o->duplicate_threshold;
    heap h = {order, 0, bound, score};
    size_t least = SIZE_MAX; /* the least cost in the heap: less room than that, none fits */
    for (size_t i = 0; i < n; i++) {
        if (!s->cands[i].eligible || s->in[i] || s->used + s->cost[i] > s->room ||
            s->maxsim[i] >= dup)
            continue;
        bound[i] = gain_of(s, i) / s->scale[i];
        stamp[i] = s->k;
        h.v[h.n++] = i;
        least = s->cost[i] < least ? s->cost[i] : least;
    }
    for (size_t i = h.n / 2; i-- > 0;)
        heap_down(&h, i);
    mds_status st;
    /* what is left in the heap once none fits would only be popped, one by one */
    while (h.n && s->room - s->used >= least) {
        size_t best = h.v[0];
        if (s->used + s->cost[best] > s->room || s->maxsim[best] >= dup) {
            heap_pop(&h); /* the room only shrinks, the similarities only grow */
            continue;
        }
        if (stamp[best] != s->k) { /* stale: recompute; the bound was an upper one */
            bound[best] = gain_of(s, best) / s->scale[best];
            stamp[best] = s->k;
            heap_down(&h, 0);
            continue;
        }
        heap_pop(&h);
        if ((st = add(s, best, row)))
            return st;
    }
    return MDS_OK;
}

/* Drops chosen sentence at position p, keeping the order of the others. */
static void drop(state *s, size_t p)
{
    size_t j = s->chosen[p];
    for (uint32_t k = s->c->off[j]; k < s->c->off[j + 1]; k++)
        s->cnt[s->c->id[k]]--;
    s->in[j] = 0;
    s->used -= s->cost[j];
    memmove(s->chosen + p, s->chosen + p + 1, (s->k - p - 1) * sizeof *s->chosen);
    memmove(s->rows + p * s->n, s->rows + (p + 1) * s->n,
            (s->k - p - 1) * s->n * sizeof *s->rows);
    s->k--;
    for (size_t i = 0; i < s->n; i++) {
        float m = 0.0f;
        for (size_t q = 0; q < s->k; q++)
            if (s->rows[q * s->n + i] > m)
                m = s->rows[q * s->n + i];
        s->maxsim[i] = m;
    }
}

/* The best swap of a chosen sentence for another, by the change of F it makes alone, and
 * whether it raises F. mark: per concept scratch, all 0 on entry and exit. */
static int best_swap(const state *s, unsigned char *mark, double *work, size_t *out_p,
                     size_t *out_i)
{
    size_t n = s->n;
    float dup = (float)s->o->duplicate_threshold;
    double best = 1e-9;
    int found = 0;
    for (size_t p = 0; p < s->k && *work < SWAP_WORK; p++) {
        size_t j = s->chosen[p];
        double loss = s->rel[j];
        for (uint32_t k = s->c->off[j]; k < s->c->off[j + 1]; k++) {
            uint32_t c = s->c->id[k];
            mark[c] = 1;
            if (s->cnt[c] == 1)
                loss += s->c->weight[c];
        }
        size_t room = s->room - (s->used - s->cost[j]);
        for (size_t i = 0; i < n; i++) {
            if (s->in[i] || !s->cands[i].eligible || s->cost[i] > room)
                continue;
            double g = s->rel[i];
            for (uint32_t k = s->c->off[i]; k < s->c->off[i + 1]; k++) {
                uint32_t c = s->c->id[k];
                if (s->cnt[c] == (uint32_t)(mark[c] ? 1 : 0))
                    g += s->c->weight[c];
            }
            *work += (double)(s->c->off[i + 1] - s->c->off[i]) + 1.0;
            if (g - loss <= best)
                continue;
            int clash = 0; /* a duplicate of a sentence that stays */
            for (size_t q = 0; q < s->k && !clash; q++)
                clash = q != p && s->rows[q * n + i] >= dup;
            if (clash)
                continue;
            best = g - loss;
            *out_p = p;
            *out_i = i;
            found = 1;
        }
        for (uint32_t k = s->c->off[j]; k < s->c->off[j + 1]; k++)
            mark[s->c->id[k]] = 0;
    }
    return found;
}

/* best_swap's answer in one pass over the candidates instead of one for each chosen sentence
 * (up to SWAP_FAST of them). A candidate's gain with chosen sentence p dropped adds its
 * concepts no chosen sentence holds, in its row's order, and those that only p holds: where it
 * has none of the latter, that is the same sum for every p, found once; for the few p that
 * hold one alone, it is summed again for that p, as best_swap does. Each p keeps its best
 * (the first of the largest gains less its loss that clashes with no sentence that stays),
 * and the first p of the largest wins, as in best_swap's order; the work is counted as it
 * counts it, an integer in a double, and stops at the same p. mark: per concept scratch, all
 * 0 on entry and exit (here the position + 1 of the one sentence that holds it). */
#define SWAP_FAST 255
static int best_swap_fast(const state *s, unsigned char *mark, double *work, size_t *out_p,
                          size_t *out_i)
{
    size_t n = s->n, k = s->k;
    float dup = (float)s->o->duplicate_threshold;
    const uint32_t *off = s->c->off, *id = s->c->id;
    const double *weight = s->c->weight;
    double loss[SWAP_FAST], best_v[SWAP_FAST], spent[SWAP_FAST];
    size_t room[SWAP_FAST], best_i[SWAP_FAST], own[SWAP_FAST];
    for (size_t p = 0; p < k; p++) {
        size_t j = s->chosen[p];
        loss[p] = s->rel[j];
        for (uint32_t q = off[j]; q < off[j + 1]; q++) {
            uint32_t c = id[q];
            if (s->cnt[c] == 1) {
                loss[p] += weight[c];
                mark[c] = (unsigned char)(p + 1);
            }
        }
        room[p] = s->room - (s->used - s->cost[j]);
        best_v[p] = 1e-9;
        best_i[p] = n;
        spent[p] = 0.0;
        own[p] = 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (s->in[i] || !s->cands[i].eligible)
            continue;
        double g0 = s->rel[i];
        int owned = 0;
        for (uint32_t q = off[i]; q < off[i + 1]; q++) {
            uint32_t c = id[q];
            if (s->cnt[c] == 0) {
                g0 += weight[c];
            } else if (s->cnt[c] == 1) {
                own[mark[c] - 1] = i + 1;
                owned = 1;
            }
        }
        double len = (double)(off[i + 1] - off[i]) + 1.0;
        for (size_t p = 0; p < k; p++) {
            if (s->cost[i] > room[p])
                continue;
            spent[p] += len;
            double g = g0;
            if (owned && own[p] == i + 1) { /* p alone holds some of its concepts */
                g = s->rel[i];
                for (uint32_t q = off[i]; q < off[i + 1]; q++) {
                    uint32_t c = id[q];
                    if (s->cnt[c] == (uint32_t)(mark[c] == p + 1 ? 1 : 0))
                        g += weight[c];
                }
            }
            if (g - loss[p] <= best_v[p])
                continue;
            int clash = 0; /* a duplicate of a sentence that stays */
            for (size_t q = 0; q < k && !clash; q++)
                clash = q != p && s->rows[q * n + i] >= dup;
            if (clash)
                continue;
            best_v[p] = g - loss[p];
            best_i[p] = i;
        }
    }
    for (size_t p = 0; p < k; p++) {
        size_t j = s->chosen[p];
        for (uint32_t q = off[j]; q < off[j + 1]; q++)
            mark[id[q]] = 0;
    }
    double best = 1e-9;
    int found = 0;
    for (size_t p = 0; p < k && *work < SWAP_WORK; p++) {
        *work += spent[p];
        if (best_i[p] < n && best_v[p] > best) {
            best = best_v[p];
            *out_p = p;
            *out_i = best_i[p];
            found = 1;
        }
    }
    return found;
}

/* For tests: 1 makes the selection take best_swap for every swap, as it did before
 * best_swap_fast. */
static int swap_reference;
void mds__concepts_swap_reference(int on) { swap_reference = on; }

mds_status mds__select_concepts(const mds__concepts *c, const double *scores,
                                const mds__cand *cands, const mds__concept_opts *o,
                                mds__row_fn rowfn, void *row_ctx, size_t *chosen,
                                size_t *nchosen, double *value)
{
    *nchosen = 0;
    if (value)
        *value = 0.0;
    size_t n = c->n;
    if (n == 0)
        return MDS_OK;
    /* Costs are the same at every position: each sentence pays the separator before it, and
     * a byte budget has one more byte of room, as if the first had one too. */
    state s = {.c = c, .cands = cands, .o = o, .n = n,
               .room = o->budget + (o->unit == MDS_BUDGET_BYTES ? 1 : 0), .swaps = !o->greedy_only,
               .chosen = chosen, .rowfn = rowfn, .row_ctx = row_ctx};
    s.rel = mds__malloc(n * sizeof *s.rel);
    s.scale = mds__malloc(n * sizeof *s.scale);
    s.cost = mds__malloc(n * sizeof *s.cost);
    s.cnt = mds__calloc(c->nconcepts ? c->nconcepts : 1, sizeof *s.cnt);
    s.in = mds__calloc(n, 1);
    s.maxsim = mds__calloc(n, sizeof *s.maxsim);
    double *bound = mds__malloc(n * sizeof *bound);
    size_t *stamp = mds__malloc(n * sizeof *stamp);
    size_t *order = mds__malloc(n * sizeof *order);
    float *row = mds__malloc(n * sizeof *row);
    unsigned char *mark = mds__calloc(c->nconcepts ? c->nconcepts : 1, 1);
    mds_status st = MDS_ENOMEM;
    if (!s.rel || !s.scale || !s.cost || !s.cnt || !s.in || !s.maxsim || !bound ||
        !stamp || !order || !row || !mark)
        goto done;

    double top = 0.0, mean = 0.0;
    size_t eligible = 0;
    double pow_of[256]; /* cost^r of the small costs, each found once: the same pow */
    unsigned char pow_known[256] = {0};
    for (size_t i = 0; i < n; i++) {
        s.cost[i] = mds__cand_cost(&cands[i], o->unit, 0);
        size_t ci = s.cost[i];
        double cost = (double)ci;
        if (ci < 256 && pow_known[ci]) {
            s.scale[i] = pow_of[ci];
        } else {
            s.scale[i] = cost > 0.0 ? pow(cost, o->cost_exponent) : 1.0;
            if (ci < 256) {
                pow_of[ci] = s.scale[i];
                pow_known[ci] = 1;
            }
        }
        if (!cands[i].eligible)
            continue;
        eligible++;
        if (scores[i] > top)
            top = scores[i];
        for (uint32_t k = c->off[i]; k < c->off[i + 1]; k++)
            mean += c->weight[c->id[k]];
    }
    mean = eligible ? mean / (double)eligible : 0.0;
    if (top <= 0.0)
        top = 1.0;
    if (mean <= 0.0)
        mean = 1.0; /* no concepts: centrality alone decides */
    for (size_t i = 0; i < n; i++)
        s.rel[i] = o->centrality * (scores[i] / top) * mean;
    for (size_t i = 0; i < n && o->relevance; i++)
        s.rel[i] += o->query_relevance * o->relevance[i] * mean;

    if ((st = fill(&s, scores, bound, stamp, order, row)))
        goto done;

    /* Lin and Bilmes' last step: the best single sentence, if it alone is worth more */
    double v = value_of(&s);
    size_t single = n;
    double single_v = v;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i].eligible || s.cost[i] > s.room)
            continue;
        double g = s.rel[i];
        for (uint32_t k = c->off[i]; k < c->off[i + 1]; k++)
            g += c->weight[c->id[k]];
        if (g > single_v) {
            single = i;
            single_v = g;
        }
    }
    if (single < n) {
        memset(s.cnt, 0, (c->nconcepts ? c->nconcepts : 1) * sizeof *s.cnt);
        memset(s.in, 0, n);
        memset(s.maxsim, 0, n * sizeof *s.maxsim);
        s.k = 0;
        s.used = 0;
        if ((st = add(&s, single, row)) || (st = fill(&s, scores, bound, stamp, order, row)))
            goto done;
    }

    /* swaps, each followed by a refill of the room it leaves, while F rises */
    double work = 0.0;
    size_t p = 0, i = 0;
    /* Each swap raises F by itself and a refill only adds, so F rises strictly: no cycle. */
    while (s.swaps && work < SWAP_WORK &&
           (s.k < SWAP_FAST && !swap_reference ? best_swap_fast(&s, mark, &work, &p, &i)
                                              : best_swap(&s, mark, &work, &p, &i))) {
        drop(&s, p);
        if ((st = add(&s, i, row)) || (st = fill(&s, scores, bound, stamp, order, row)))
            goto done;
    }
    *nchosen = s.k;
    if (value)
        *value = value_of(&s);
    st = MDS_OK;
done:
    mds__free(s.rel);
    mds__free(s.scale);
    mds__free(s.cost);
    mds__free(s.cnt);
    mds__free(s.in);
    mds__free(s.maxsim);
    mds__free(s.rows);
    mds__free(bound);
    mds__free(stamp);
    mds__free(order);
    mds__free(row);
    mds__free(mark);
    return st;
}

/* ---- the table's entry ------------------------------------------------------------------------ */

/* The concepts do not depend on the similarities: built once, before the session. */
static mds_status prepare_concepts(const mds__prepare_in *in, void **out)
{
    mds__concepts *c = mds__malloc(sizeof *c);
    *out = c;
    if (!c)
        return MDS_ENOMEM;
    mds_status st = mds__concepts_build_within(in->n, in->marked, in->doc_of,
                                               (unsigned)in->params->min_df,
                                               in->memory ? in->memory : SIZE_MAX, c);
    if (!st && in->relevance)
        st = mds__concepts_bias(c, in->relevance, in->params->query_concepts);
    return st;
}

/* The table, and the selection's counters per concept. */
static size_t concepts_bytes(const void *prepared)
{
    const mds__concepts *c = prepared;
    return c->bytes + c->nconcepts * (sizeof(uint32_t) + 1);
}

static void release_concepts(void *prepared)
{
    mds__concepts_free(prepared);
    mds__free(prepared);
}

static mds_status select_concepts(const mds__selection *in, size_t *chosen, size_t *nchosen)
{
    const mds__params *prm = in->params;
    /* the plan's room, less the table's own part of it (mds__concepts_build_within) */
    size_t held = concepts_bytes(in->prepared);
    size_t rows = !in->memory ? 0 : in->memory > held ? in->memory - held : 1;
    mds__concept_opts co = {in->unit, in->budget, prm->concept_cost, prm->centrality,
                            in->duplicate_threshold, prm->concept_greedy, rows,
                            in->relevance, prm->query_relevance};
    return mds__select_concepts(in->prepared, in->scores, in->cands, &co, in->row, in->row_ctx,
                                chosen, nchosen, NULL);
}

const mds__selector mds__selector_concepts = {
    .name = "concepts",
    .needs = MDS__NEEDS_MARKED,
    /* rel, scale, bound; cost, stamp, order; maxsim, row; in (the per-concept counters are
     * the prepare step's to fit, the rows for swaps the selection's `memory`) */
    .cand_bytes = 3 * sizeof(double) + 3 * sizeof(size_t) + 2 * sizeof(float) + 1,
    .prepare = prepare_concepts,
    .release = release_concepts,
    .state_bytes = concepts_bytes,
    .select = select_concepts,
};
