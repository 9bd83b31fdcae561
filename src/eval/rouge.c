/* SPDX-License-Identifier: MIT */
/* ROUGE-1.5.5, reimplemented from its documented behaviour and its script's logic (not its
 * code): see mds.h for the API, docs/summarize.1.md for the command. Words are interned to
 * 32-bit ids; n-grams and skip-bigrams are 64-bit keys, counted by sorting, so matching two
 * summaries is a merge of sorted arrays. */
#include "util/alloc.h"
#include "eval/rouge.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "util/buf.h"
#include "api/context.h"
#include "util/dirlist.h"
#include "util/fileio.h"
#include "eval/porter.h"

/* ---- sentences, truncation, tokens ------------------------------------------------------- */

/* Perl's \s in a byte string */
static int is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static int is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

static int skip_lit(const char **p, const char *end, const char *lit)
{
    size_t n = strlen(lit);
    if ((size_t)(end - *p) < n || memcmp(*p, lit, n) != 0)
        return 0;
    *p += n;
    return 1;
}

static int skip_digits(const char **p, const char *end)
{
    const char *s = *p;
    while (*p < end && **p >= '0' && **p <= '9')
        (*p)++;
    return *p > s;
}

/* ROUGE's SEE line: <a [size="N" ]name="N">[N]</a>\s+<a href="#N" id=N>TEXT; TEXT is [^<]+ */
static int see_line(const char *p, const char *end, mds__rouge_span *text)
{
    if (!skip_lit(&p, end, "<a "))
        return 0;
    if (skip_lit(&p, end, "size=\"") && !(skip_digits(&p, end) && skip_lit(&p, end, "\" ")))
        return 0;
    if (!(skip_lit(&p, end, "name=\"") && skip_digits(&p, end) && skip_lit(&p, end, "\">[") &&
          skip_digits(&p, end) && skip_lit(&p, end, "]</a>")))
        return 0;
    const char *ws = p;
    while (p < end && is_space((unsigned char)*p))
        p++;
    if (p == ws || !(skip_lit(&p, end, "<a href=\"#") && skip_digits(&p, end) &&
                     skip_lit(&p, end, "\" id=") && skip_digits(&p, end) && skip_lit(&p, end, ">")))
        return 0;
    const char *s = p;
    while (p < end && *p != '<')
        p++;
    if (p == s)
        return 0;
    text->s = s;
    text->n = (size_t)(p - s);
    return 1;
}

mds_status mds__rouge_sentences(char *text, size_t n, mds__rouge_span **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    for (size_t i = 0; i < n; i++)
        if (text[i] >= 'A' && text[i] <= 'Z')
            text[i] = (char)(text[i] - 'A' + 'a');
    int see = 0;
    for (const char *p = text, *end = text + n; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl + 1 : end; /* Perl's line keeps its newline */
        mds__rouge_span t;
        if (see_line(p, le, &t)) {
            see = 1;
            break;
        }
        p = le;
    }
    size_t cap = 0;
    for (const char *p = text, *end = text + n; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl + 1 : end;
        mds__rouge_span t = {p, (size_t)((nl ? nl : end) - p)};
        p = le;
        if (see) {
            if (!see_line(t.s, le, &t))
                continue;
        } else {
            while (t.n && is_space((unsigned char)t.s[0]))
                t.s++, t.n--;
            while (t.n && is_space((unsigned char)t.s[t.n - 1]))
                t.n--;
            if (!t.n)
                continue;
        }
        if (mds__grow((void **)out, &cap, *count + 1, sizeof **out)) {
            mds__free(*out);
            *out = NULL;
            *count = 0;
            return MDS_ENOMEM;
        }
        (*out)[(*count)++] = t;
    }
    return MDS_OK;
}

/* The bytes of s that hold its first k fields of Perl's split(/\s+/) (a leading blank makes
 * an empty first field), and the number of fields in all of s. */
static size_t perl_fields(const char *s, size_t n, size_t k, size_t *prefix)
{
    size_t fields = 0, i = 0;
    *prefix = n;
    if (n && is_space((unsigned char)s[0])) {
        fields = 1; /* the empty leading field */
        if (k == 1)
            *prefix = 0;
    }
    while (i < n) {
        while (i < n && is_space((unsigned char)s[i]))
            i++;
        if (i == n)
            break;
        while (i < n && !is_space((unsigned char)s[i]))
            i++;
        if (++fields == k)
            *prefix = i;
    }
    return fields;
}

size_t mds__rouge_truncate(const mds__rouge_span *in, size_t n, size_t words, size_t bytes,
                           int lcs, mds__rouge_span *out)
{
    size_t m = 0, used = 0, prefix;
    for (size_t i = 0; i < n; i++) {
        if (words) {
            size_t len = perl_fields(in[i].s, in[i].n, 0, &prefix);
            if (used + len < words) {
                out[m++] = in[i];
                used += len;
                continue;
            }
            perl_fields(in[i].s, in[i].n, words - used, &prefix);
            out[m++] = (mds__rouge_span){in[i].s, prefix};
            break;
        } else if (bytes) {
            if (used + in[i].n < bytes) {
                out[m++] = in[i];
                if (!lcs) /* readText_LCS never adds to the running length */
                    used += in[i].n;
                continue;
            }
            out[m++] = (mds__rouge_span){in[i].s, bytes - used};
            break;
        } else {
            out[m++] = in[i];
        }
    }
    return m;
}

size_t mds__rouge_tokens(const char *s, size_t n,
                         void (*fn)(void *arg, const char *tok, size_t len), void *arg)
{
    size_t count = 0;
    for (size_t i = 0; i < n;) {
        if (!is_alnum((unsigned char)s[i])) {
            i++;
            continue;
        }
        size_t b = i;
        while (i < n && is_alnum((unsigned char)s[i]))
            i++;
        fn(arg, s + b, i - b);
        count++;
    }
    return count;
}

size_t mds__rouge_lcs(const uint32_t *model, size_t m, const uint32_t *peer, size_t n,
                      unsigned char *hit, uint32_t *c)
{
    size_t w = n + 1;
    if (m == 0 || n == 0)
        return 0;
    for (size_t j = 0; j <= n; j++)
        c[j] = 0;
    for (size_t i = 1; i <= m; i++) {
        c[i * w] = 0;
        for (size_t j = 1; j <= n; j++) {
            uint32_t up = c[(i - 1) * w + j], left = c[i * w + j - 1];
            c[i * w + j] = model[i - 1] == peer[j - 1] ? c[(i - 1) * w + j - 1] + 1
                                                       : (up >= left ? up : left);
        }
    }
    size_t i = m, j = n;
    while (i && j) {
        if (model[i - 1] == peer[j - 1]) {
            hit[--i] = 1;
            j--;
        } else if (c[(i - 1) * w + j] >= c[i * w + j - 1]) {
            i--;
        } else {
            j--;
        }
    }
    return c[m * w + n];
}

void mds__rouge_srand(mds__rouge_rng *r, uint32_t seed)
{
    r->x = ((uint64_t)seed << 16) | 0x330E;
}

double mds__rouge_rand(mds__rouge_rng *r)
{
    r->x = (UINT64_C(0x5DEECE66D) * r->x + 0xB) & ((UINT64_C(1) << 48) - 1);
    return ldexp((double)r->x, -48);
}

double mds__rouge_round5(double x)
{
    char b[64];
    snprintf(b, sizeof b, "%7.5f", x);
    return strtod(b, NULL);
}

/* ---- the evaluator ------------------------------------------------------------------------ */

typedef struct doc {
    uint32_t *tok;
    size_t ntok, cap;
    size_t *sent; /* sentence i is tok[sent[i] .. sent[i+1]) */
    size_t nsent, capsent;
} doc;

typedef struct text {
    doc n;        /* what ROUGE-N, -SU and the LCS clipping read (readText) */
    doc l;        /* what ROUGE-L reads (readText_LCS); differs only under a byte limit */
    int l_is_n;
    uint64_t *uni, *bi, *su; /* sorted keys */
    size_t nuni, nbi, nsu, capuni, capbi, capsu;
} text;

static void text_free(text *t);

struct mds_rouge {
    mds_ctx *ctx;
    mds_rouge_options o;
    mds__porter porter;
    /* interned words: bytes in pool; per id its stem (-1: not yet), exception, stop flag */
    char *pool;
    size_t npool, cappool;
    size_t *off;
    uint32_t *len;
    int32_t *stem, *exc;
    unsigned char *stop;
    int32_t *cnt_m, *cnt_p; /* LCS clipping counts */
    size_t nids, capids;
    uint32_t *slots;
    size_t nslots;
    char warning[512];
    /* scratch */
    char *buf;
    size_t capbuf;
    mds__rouge_span *spans, *cut;
    size_t capspans;
    uint32_t *lcs;
    size_t caplcs;
    unsigned char *hit;
    size_t caphit;
    char *stembuf;
    size_t capstembuf;
    text peer, model;
    /* references read from files, by path: a peer is scored against the same references as
     * every other system's peer of its cluster, so each is read and counted once */
    char **cache_path;
    text **cache_text;
    size_t ncache, capcache;
    uint32_t *cache_slots;
    size_t ncache_slots;
    doc *target; /* tokenizer callback state */
    mds_status cb_status;
};

void mds_rouge_options_default(mds_rouge_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->skip_distance = 4;
    o->skip_unigrams = 1;
    o->alpha = 0.5;
}

static size_t slot_of(const mds_rouge *r, const char *s, size_t n)
{
    size_t mask = r->nslots - 1, h = (size_t)XXH3_64bits(s, n) & mask;
    for (;;) {
        uint32_t v = r->slots[h];
        if (!v || (r->len[v - 1] == n && memcmp(r->pool + r->off[v - 1], s, n) == 0))
            return h;
        h = (h + 1) & mask;
    }
}

/* The id of a word, added if new; -1 when out of memory. */
static int64_t intern(mds_rouge *r, const char *s, size_t n)
{
    if ((r->nids + 1) * 2 > r->nslots) {
        size_t ns = r->nslots ? r->nslots * 2 : 4096;
        uint32_t *sl = mds__calloc(ns, sizeof *sl), *old = r->slots;
        if (!sl)
            return -1;
        r->slots = sl;
        r->nslots = ns;
        for (size_t i = 0; i < r->nids; i++)
            r->slots[slot_of(r, r->pool + r->off[i], r->len[i])] = (uint32_t)(i + 1);
        mds__free(old);
    }
    size_t h = slot_of(r, s, n);
    if (r->slots[h])
        return r->slots[h] - 1;
    if (r->nids + 1 > r->capids) {
        size_t cap = r->capids ? r->capids * 2 : 4096;
#define GROW(field)                                                        \
    do {                                                                   \
        void *p_ = mds__realloc(r->field, cap * sizeof *r->field);             \
        if (!p_)                                                           \
            return -1;                                                     \
        r->field = p_;                                                     \
    } while (0)
        GROW(off);
        GROW(len);
        GROW(stem);
        GROW(exc);
        GROW(stop);
        GROW(cnt_m);
        GROW(cnt_p);
#undef GROW
        r->capids = cap;
    }
    if (mds__grow((void **)&r->pool, &r->cappool, r->npool + n + 1, 1))
        return -1;
    memcpy(r->pool + r->npool, s, n);
    r->pool[r->npool + n] = '\0';
    size_t id = r->nids++;
    r->off[id] = r->npool;
    r->len[id] = (uint32_t)n;
    r->stem[id] = -1;
    r->exc[id] = -1;
    r->stop[id] = 0;
    r->cnt_m[id] = 0;
    r->cnt_p[id] = 0;
    r->npool += n + 1;
    r->slots[h] = (uint32_t)(id + 1);
    return (int64_t)id;
}

/* ROUGE's MorphStem: the WordNet exception's base form if there is one, else Porter's stem */
static int64_t stem_of(mds_rouge *r, uint32_t id)
{
    if (r->stem[id] >= 0)
        return r->stem[id];
    int64_t s = r->exc[id];
    if (s < 0) {
        size_t n = r->len[id];
        if (mds__grow((void **)&r->stembuf, &r->capstembuf, n + 2, 1))
            return -1;
        /* the pool may move while interning: stem from a copy */
        memcpy(r->stembuf, r->pool + r->off[id], n);
        char *w = mds__malloc(n + 2);
        if (!w)
            return -1;
        size_t m = mds__porter_stem(&r->porter, r->stembuf, n, w);
        s = m == SIZE_MAX ? -1 : intern(r, w, m);
        mds__free(w);
        if (s < 0)
            return -1;
    }
    r->stem[id] = (int32_t)s;
    return s;
}

static void add_token(void *arg, const char *tok, size_t len)
{
    mds_rouge *r = arg;
    doc *d = r->target;
    if (r->cb_status)
        return;
    int64_t id = intern(r, tok, len);
    if (id >= 0 && r->o.remove_stopwords && r->stop[id])
        return;
    if (id >= 0 && r->o.stem && len > 3)
        id = stem_of(r, (uint32_t)id);
    if (id < 0 || mds__grow((void **)&d->tok, &d->cap, d->ntok + 1, sizeof *d->tok)) {
        r->cb_status = MDS_ENOMEM;
        return;
    }
    d->tok[d->ntok++] = (uint32_t)id;
}

static mds_status tokenize(mds_rouge *r, const mds__rouge_span *s, size_t n, doc *d)
{
    d->ntok = d->nsent = 0;
    r->target = d;
    r->cb_status = MDS_OK;
    for (size_t i = 0; i < n; i++) {
        if (mds__grow((void **)&d->sent, &d->capsent, d->nsent + 2, sizeof *d->sent))
            return MDS_ENOMEM;
        d->sent[d->nsent++] = d->ntok;
        mds__rouge_tokens(s[i].s, s[i].n, add_token, r);
        if (r->cb_status)
            return r->cb_status;
    }
    if (mds__grow((void **)&d->sent, &d->capsent, d->nsent + 1, sizeof *d->sent))
        return MDS_ENOMEM;
    d->sent[d->nsent] = d->ntok;
    return MDS_OK;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

#define UNIGRAM_TAIL UINT64_C(0xFFFFFFFF) /* a skip "bigram" that is a unigram (-u) */

static mds_status keys(mds_rouge *r, text *t)
{
    const uint32_t *w = t->n.tok;
    size_t T = t->n.ntok;
    t->nuni = t->nbi = t->nsu = 0;
    if (mds__grow((void **)&t->uni, &t->capuni, T + 1, sizeof *t->uni) ||
        mds__grow((void **)&t->bi, &t->capbi, T + 1, sizeof *t->bi))
        return MDS_ENOMEM;
    for (size_t i = 0; i < T; i++)
        t->uni[t->nuni++] = w[i];
    for (size_t i = 0; i + 1 < T; i++)
        t->bi[t->nbi++] = (uint64_t)w[i] << 32 | w[i + 1];
    /* skip-bigrams: ROUGE's loop stops before the last word, so that word's unigram is never
     * counted under -u */
    size_t sd = r->o.skip_distance < 0 ? T : (size_t)r->o.skip_distance + 1;
    size_t need = T ? (T - 1) * ((sd < T ? sd : T) + 1) : 0;
    if (mds__grow((void **)&t->su, &t->capsu, need + 1, sizeof *t->su))
        return MDS_ENOMEM;
    for (size_t i = 0; i + 1 < T && (r->o.metrics & (1u << MDS_ROUGE_SU)); i++) {
        if (r->o.skip_unigrams)
            t->su[t->nsu++] = (uint64_t)w[i] << 32 | UNIGRAM_TAIL;
        for (size_t j = i + 1; j < T && j <= i + sd; j++)
            t->su[t->nsu++] = (uint64_t)w[i] << 32 | w[j];
    }
    qsort(t->uni, t->nuni, sizeof *t->uni, cmp_u64);
    qsort(t->bi, t->nbi, sizeof *t->bi, cmp_u64);
    qsort(t->su, t->nsu, sizeof *t->su, cmp_u64);
    return MDS_OK;
}

/* Matches of two sorted multisets, each key clipped to its count in the model. */
static size_t clipped_hits(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    size_t i = 0, j = 0, hits = 0;
    while (i < na && j < nb) {
        if (a[i] < b[j]) {
            i++;
        } else if (a[i] > b[j]) {
            j++;
        } else {
            uint64_t k = a[i];
            size_t ca = 0, cb = 0;
            while (i < na && a[i] == k)
                i++, ca++;
            while (j < nb && b[j] == k)
                j++, cb++;
            hits += ca < cb ? ca : cb;
        }
    }
    return hits;
}

static mds_status read_text(mds_rouge *r, const char *data, size_t size, text *t)
{
    mds_status st;
    if (mds__grow((void **)&r->buf, &r->capbuf, size + 1, 1))
        return MDS_ENOMEM;
    memcpy(r->buf, data, size);
    r->buf[size] = '\0';
    mds__rouge_span *sp;
    size_t n;
    if ((st = mds__rouge_sentences(r->buf, size, &sp, &n)))
        return st;
    if (n > r->capspans) {
        mds__rouge_span *c = mds__realloc(r->cut, n * sizeof *c);
        if (!c) {
            mds__free(sp);
            return MDS_ENOMEM;
        }
        r->cut = c;
        r->capspans = n;
    }
    size_t m = mds__rouge_truncate(sp, n, r->o.words, r->o.bytes, 0, r->cut);
    st = tokenize(r, r->cut, m, &t->n);
    t->l_is_n = !r->o.bytes || r->o.words;
    if (!st && !t->l_is_n) {
        m = mds__rouge_truncate(sp, n, r->o.words, r->o.bytes, 1, r->cut);
        st = tokenize(r, r->cut, m, &t->l);
    }
    mds__free(sp);
    return st ? st : keys(r, t);
}

static size_t cache_slot(const mds_rouge *r, const char *path)
{
    size_t mask = r->ncache_slots - 1, h = (size_t)XXH3_64bits(path, strlen(path)) & mask;
    while (r->cache_slots[h] && strcmp(r->cache_path[r->cache_slots[h] - 1], path) != 0)
        h = (h + 1) & mask;
    return h;
}

/* The counted text of a reference file, read on first use. */
static mds_status cached_ref(mds_rouge *r, const char *path, const text **out)
{
    if (r->ncache_slots && r->cache_slots[cache_slot(r, path)]) {
        *out = r->cache_text[r->cache_slots[cache_slot(r, path)] - 1];
        return MDS_OK;
    }
    if ((r->ncache + 1) * 2 > r->ncache_slots) {
        size_t ns = r->ncache_slots ? r->ncache_slots * 2 : 256;
        uint32_t *sl = mds__calloc(ns, sizeof *sl);
        if (!sl)
            return MDS_ENOMEM;
        mds__free(r->cache_slots);
        r->cache_slots = sl;
        r->ncache_slots = ns;
        for (size_t i = 0; i < r->ncache; i++)
            r->cache_slots[cache_slot(r, r->cache_path[i])] = (uint32_t)(i + 1);
    }
    size_t cap = r->capcache;
    if (mds__grow((void **)&r->cache_path, &r->capcache, r->ncache + 1, sizeof *r->cache_path))
        return MDS_ENOMEM;
    if (cap != r->capcache) {
        text **t = mds__realloc(r->cache_text, r->capcache * sizeof *t);
        if (!t) {
            r->capcache = cap;
            return MDS_ENOMEM;
        }
        r->cache_text = t;
    }
    unsigned char *data;
    size_t size;
    int err;
    mds_status st = mds__read_file(path, &data, &size, &err);
    if (st)
        return mds__fail(r->ctx, st, "%s: %s", path, strerror(err));
    text *t = mds__calloc(1, sizeof *t);
    char *p = mds__strdup(path);
    if (!t || !p || (st = read_text(r, (const char *)data, size, t))) {
        mds__free(data);
        if (t) /* what read_text grew before it failed */
            text_free(t);
        mds__free(t);
        mds__free(p);
        return mds__fail(r->ctx, MDS_ENOMEM, "out of memory");
    }
    mds__free(data);
    r->cache_path[r->ncache] = p;
    r->cache_text[r->ncache] = t;
    r->cache_slots[cache_slot(r, p)] = (uint32_t)(r->ncache + 1);
    r->ncache++;
    *out = t;
    return MDS_OK;
}

static const doc *lcs_doc(const text *t) { return t->l_is_n ? &t->n : &t->l; }

/* ROUGE-L's hits of a peer against one model: the union LCS of each model sentence with all
 * the peer's sentences, each hit spending one of the word's unigram counts in both. */
static mds_status lcs_hits(mds_rouge *r, const text *model, const text *peer, size_t *hits,
                           size_t *base)
{
    const doc *md = lcs_doc(model), *pd = lcs_doc(peer);
    *hits = *base = 0;
    for (size_t i = 0; i < model->n.ntok; i++)
        r->cnt_m[model->n.tok[i]]++;
    for (size_t i = 0; i < peer->n.ntok; i++)
        r->cnt_p[peer->n.tok[i]]++;
    mds_status st = MDS_OK;
    for (size_t s = 0; s < md->nsent && !st; s++) {
        size_t m = md->sent[s + 1] - md->sent[s];
        if (!m)
            continue; /* a line without tokens; tok may be NULL, and NULL + 0 is undefined */
        const uint32_t *mw = md->tok + md->sent[s];
        *base += m;
        if (mds__grow((void **)&r->hit, &r->caphit, m + 1, 1)) {
            st = MDS_ENOMEM;
            break;
        }
        memset(r->hit, 0, m);
        for (size_t p = 0; p < pd->nsent; p++) {
            size_t n = pd->sent[p + 1] - pd->sent[p];
            if (!n)
                continue;
            if (mds__grow((void **)&r->lcs, &r->caplcs, (m + 1) * (n + 1), sizeof *r->lcs)) {
                st = MDS_ENOMEM;
                break;
            }
            mds__rouge_lcs(mw, m, pd->tok + pd->sent[p], n, r->hit, r->lcs);
        }
        for (size_t j = 0; j < m; j++) {
            uint32_t w = mw[j];
            if (r->hit[j] && r->cnt_m[w] > 0 && r->cnt_p[w] > 0) {
                ++*hits;
                r->cnt_m[w]--;
                r->cnt_p[w]--;
            }
        }
    }
    for (size_t i = 0; i < model->n.ntok; i++)
        r->cnt_m[model->n.tok[i]] = 0;
    for (size_t i = 0; i < peer->n.ntok; i++)
        r->cnt_p[peer->n.tok[i]] = 0;
    return st;
}

static mds_status load_list(mds_rouge *r, const char *path, int exceptions)
{
    unsigned char *data;
    size_t size;
    int err;
    mds_status st = mds__read_file(path, &data, &size, &err);
    if (st)
        return mds__fail(r->ctx, st, "%s: %s", path, strerror(err));
    const char *p = (const char *)data, *end = p + size;
    while (p < end && !st) {
        const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end;
        if (!exceptions) {
            /* ROUGE chomps the line and keeps the rest as it is */
            int64_t id = intern(r, p, (size_t)(le - p));
            if (id < 0)
                st = MDS_ENOMEM;
            else
                r->stop[id] = 1;
        } else {
            /* "inflected base ...": the first two fields; later lines win */
            const char *a = p, *ae, *b, *be;
            while (a < le && is_space((unsigned char)*a))
                a++;
            for (ae = a; ae < le && !is_space((unsigned char)*ae);)
                ae++;
            for (b = ae; b < le && is_space((unsigned char)*b);)
                b++;
            for (be = b; be < le && !is_space((unsigned char)*be);)
                be++;
            if (ae > a && be > b) {
                int64_t k = intern(r, a, (size_t)(ae - a)), v = intern(r, b, (size_t)(be - b));
                if (k < 0 || v < 0)
                    st = MDS_ENOMEM;
                else
                    r->exc[k] = (int32_t)v;
            }
        }
        p = nl ? nl + 1 : end;
    }
    mds__free(data);
    return st ? mds__fail(r->ctx, st, "%s: out of memory", path) : MDS_OK;
}

/* The *.exc files of a folder, in byte order of their names (the order decides the few
 * words listed in two files, such as "best" and "better"). */
static mds_status load_exceptions(mds_rouge *r, const char *dir)
{
    char **names = NULL;
    size_t n = 0;
    int err = 0;
    mds_status st = mds__dirlist(dir, MDS__LIST_ANY | MDS__LIST_HIDDEN, &names, &n, &err);
    if (st == MDS_ENOMEM)
        return mds__fail(r->ctx, st, "%s: out of memory", dir);
    if (st)
        return mds__fail(r->ctx, MDS_ENOENT, "%s: %s", dir, strerror(err));
    mds__buf path = {0};
    size_t found = 0;
    for (size_t i = 0; i < n && !st; i++) {
        size_t l = strlen(names[i]);
        if (l <= 4 || strcmp(names[i] + l - 4, ".exc") != 0)
            continue;
        found++;
        path.len = 0;
        if ((st = mds__buf_printf(&path, "%s/%s", dir, names[i])))
            st = mds__fail(r->ctx, st, "%s: out of memory", dir);
        else
            st = load_list(r, path.data, 1);
    }
    if (!st && found == 0)
        st = mds__fail(r->ctx, MDS_ENOENT, "%s: no WordNet exception files (*.exc)", dir);
    mds__buf_free(&path);
    mds__free(names);
    return st;
}

static int is_dir(const char *path)
{
    DIR *d = opendir(path);
    if (d)
        closedir(d);
    return d != NULL;
}

mds_status mds_rouge_new(mds_ctx *ctx, const mds_rouge_options *o, mds_rouge **out)
{
    if (!out)
        return MDS_EINVAL;
    *out = NULL;
    if (!ctx || !o)
        return MDS_EINVAL;
    if (o->words && o->bytes)
        return mds__fail(ctx, MDS_EINVAL, "ROUGE: a limit in words or in bytes, not both");
    if (!(o->alpha >= 0 && o->alpha <= 1))
        return mds__fail(ctx, MDS_EINVAL, "ROUGE: alpha must be within [0, 1]");
    mds_rouge *r = mds__calloc(1, sizeof *r);
    if (!r)
        return MDS_ENOMEM;
    r->ctx = ctx;
    r->o = *o;
    if (!r->o.metrics)
        r->o.metrics = (1u << MDS_ROUGE_NMETRICS) - 1;
    mds_status st = mds__porter_init(&r->porter);
    if (st) {
        mds__free(r);
        return mds__fail(ctx, st, "ROUGE: cannot compile the stemmer's patterns");
    }
    const char *home = getenv("ROUGE_HOME");
    char path[4096];
    if (o->remove_stopwords) {
        const char *sw = o->stopwords;
        if (!sw && home && *home) {
            snprintf(path, sizeof path, "%s/data/smart_common_words.txt", home);
            sw = path;
        }
        if (!sw) {
            st = mds__fail(ctx, MDS_ENOENT,
                           "stopword removal needs a list: give one, or set ROUGE_HOME to a "
                           "ROUGE-1.5.5 folder with data/smart_common_words.txt");
            goto fail;
        }
        if ((st = load_list(r, sw, 0)))
            goto fail;
    }
    if (o->stem) {
        const char *ex = o->exceptions;
        if (!ex && home && *home) {
            snprintf(path, sizeof path, "%s/data/WordNet-2.0-Exceptions", home);
            if (is_dir(path))
                ex = path;
        }
        if (ex && *ex) {
            if ((st = load_exceptions(r, ex)))
                goto fail;
        } else {
            snprintf(r->warning, sizeof r->warning,
                     "stemming without ROUGE's WordNet exceptions (set ROUGE_HOME): irregular "
                     "forms such as 'children' stem differently, so figures may differ from "
                     "ROUGE-1.5.5's");
        }
    }
    *out = r;
    return MDS_OK;
fail:
    mds_rouge_free(r);
    return st;
}

static void text_free(text *t)
{
    mds__free(t->n.tok);
    mds__free(t->n.sent);
    mds__free(t->l.tok);
    mds__free(t->l.sent);
    mds__free(t->uni);
    mds__free(t->bi);
    mds__free(t->su);
}

void mds_rouge_free(mds_rouge *r)
{
    if (!r)
        return;
    mds__porter_free(&r->porter);
    mds__free(r->pool);
    mds__free(r->off);
    mds__free(r->len);
    mds__free(r->stem);
    mds__free(r->exc);
    mds__free(r->stop);
    mds__free(r->cnt_m);
    mds__free(r->cnt_p);
    mds__free(r->slots);
    mds__free(r->buf);
    mds__free(r->spans);
    mds__free(r->cut);
    mds__free(r->lcs);
    mds__free(r->hit);
    mds__free(r->stembuf);
    text_free(&r->peer);
    text_free(&r->model);
    for (size_t i = 0; i < r->ncache; i++) {
        mds__free(r->cache_path[i]);
        text_free(r->cache_text[i]);
        mds__free(r->cache_text[i]);
    }
    mds__free(r->cache_path);
    mds__free(r->cache_text);
    mds__free(r->cache_slots);
    mds__free(r);
}

const char *mds_rouge_warning(const mds_rouge *r) { return r && r->warning[0] ? r->warning : NULL; }

/* Per metric: the running totals (model count, peer count, hits) and the best model's score */
typedef struct acc {
    double mc, pc, hits, best;
} acc;

static void accumulate(const mds_rouge *r, acc *a, double mc, double pc, double hits,
                       double score)
{
    if (!r->o.best_model) {
        a->mc += mc;
        a->pc += pc;
        a->hits += hits;
    } else if (score > a->best) {
        a->best = score;
        a->mc = mc;
        a->pc = pc;
        a->hits = hits;
    }
}

static void finish(const mds_rouge *r, const acc *a, mds_rouge_score *s)
{
    double R = mds__rouge_round5(a->mc ? a->hits / a->mc : 0);
    double P = mds__rouge_round5(a->pc ? a->hits / a->pc : 0);
    double al = r->o.alpha, d = (1 - al) * P + al * R;
    s->recall = R;
    s->precision = P;
    s->f = mds__rouge_round5(d > 0 ? P * R / d : 0);
    s->model_count = a->mc;
    s->peer_count = a->pc;
    s->hits = a->hits;
}

typedef struct source {
    const char *data;
    size_t size;
    const char *path; /* or NULL: data is given */
} source;

static mds_status score(mds_rouge *r, source peer, const source *refs, size_t nrefs,
                        mds_rouge_score out[MDS_ROUGE_NMETRICS])
{
    mds_status st;
    unsigned char *data = NULL;
    size_t size;
    int err;
    if (peer.path) {
        if ((st = mds__read_file(peer.path, &data, &size, &err)))
            return mds__fail(r->ctx, st, "%s: %s", peer.path, strerror(err));
        peer.data = (const char *)data;
        peer.size = size;
    }
    st = read_text(r, peer.data, peer.size, &r->peer);
    mds__free(data);
    if (st)
        return mds__fail(r->ctx, st, "out of memory");
    acc a[MDS_ROUGE_NMETRICS];
    for (int m = 0; m < MDS_ROUGE_NMETRICS; m++)
        a[m] = (acc){0, 0, 0, -1};
    const text *P = &r->peer, *M = &r->model;
    for (size_t k = 0; k < nrefs; k++) {
        if (refs[k].path) {
            if ((st = cached_ref(r, refs[k].path, &M)))
                return st;
        } else if ((st = read_text(r, refs[k].data, refs[k].size, &r->model))) {
            return mds__fail(r->ctx, st, "out of memory");
        } else {
            M = &r->model;
        }
        size_t h = 0, base = 0;
        if ((r->o.metrics & (1u << MDS_ROUGE_L)) && (st = lcs_hits(r, M, P, &h, &base)))
            return mds__fail(r->ctx, st, "out of memory");
        /* -f B compares the recall of each model: rounded for n-grams, not for LCS */
        double hu = (double)clipped_hits(M->uni, M->nuni, P->uni, P->nuni);
        double hb = (double)clipped_hits(M->bi, M->nbi, P->bi, P->nbi);
        double hs = (double)clipped_hits(M->su, M->nsu, P->su, P->nsu);
        accumulate(r, &a[MDS_ROUGE_1], (double)M->nuni, (double)P->nuni, hu,
                   M->nuni ? mds__rouge_round5(hu / (double)M->nuni) : 0);
        accumulate(r, &a[MDS_ROUGE_2], (double)M->nbi, (double)P->nbi, hb,
                   M->nbi ? mds__rouge_round5(hb / (double)M->nbi) : 0);
        accumulate(r, &a[MDS_ROUGE_SU], (double)M->nsu, (double)P->nsu, hs,
                   M->nsu ? mds__rouge_round5(hs / (double)M->nsu) : 0);
        accumulate(r, &a[MDS_ROUGE_L], (double)base, (double)P->nuni, (double)h,
                   base ? (double)h / (double)base : 0);
    }
    for (int m = 0; m < MDS_ROUGE_NMETRICS; m++)
        finish(r, &a[m], &out[m]);
    return MDS_OK;
}

mds_status mds_rouge_score_texts(mds_rouge *r, const char *peer, size_t peer_size,
                                 const char *const *refs, const size_t *ref_sizes, size_t nrefs,
                                 mds_rouge_score out[MDS_ROUGE_NMETRICS])
{
    if (!r || (!peer && peer_size) || (nrefs && (!refs || !ref_sizes)) || !out)
        return MDS_EINVAL;
    for (size_t i = 0; i < nrefs; i++)
        if (!refs[i] && ref_sizes[i])
            return MDS_EINVAL;
    source *s = mds__calloc(nrefs + 1, sizeof *s);
    if (!s)
        return MDS_ENOMEM;
    for (size_t i = 0; i < nrefs; i++) /* NULL and 0: empty (memcpy takes no NULL) */
        s[i] = (source){refs[i] ? refs[i] : "", ref_sizes[i], NULL};
    mds_status st = score(r, (source){peer ? peer : "", peer_size, NULL}, s, nrefs, out);
    mds__free(s);
    return st;
}

mds_status mds_rouge_score_files(mds_rouge *r, const char *peer_path,
                                 const char *const *ref_paths, size_t nrefs,
                                 mds_rouge_score out[MDS_ROUGE_NMETRICS])
{
    if (!r || !peer_path || (nrefs && !ref_paths) || !out)
        return MDS_EINVAL;
    for (size_t i = 0; i < nrefs; i++)
        if (!ref_paths[i])
            return MDS_EINVAL;
    source *s = mds__calloc(nrefs + 1, sizeof *s);
    if (!s)
        return MDS_ENOMEM;
    for (size_t i = 0; i < nrefs; i++)
        s[i] = (source){NULL, 0, ref_paths[i]};
    mds_status st = score(r, (source){NULL, 0, peer_path}, s, nrefs, out);
    mds__free(s);
    return st;
}

/* ---- averages ------------------------------------------------------------------------------ */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

mds_status mds_rouge_bootstrap(const mds_rouge_score *s, size_t n, size_t samples,
                               double confidence, mds_rouge_average *out)
{
    if (!out || (n && !s) || !(confidence >= 0 && confidence <= 100))
        return MDS_EINVAL;
    memset(out, 0, sizeof *out);
    out->n = n;
    if (n == 0)
        return MDS_OK;
    if (samples == 0) {
        for (size_t i = 0; i < n; i++) {
            out->mean[0] += s[i].recall;
            out->mean[1] += s[i].precision;
            out->mean[2] += s[i].f;
        }
        for (int k = 0; k < 3; k++)
            out->lo[k] = out->hi[k] = out->mean[k] = mds__rouge_round5(out->mean[k] / (double)n);
        return MDS_OK;
    }
    double *v = mds__malloc(3 * samples * sizeof *v);
    if (!v)
        return MDS_ENOMEM;
    for (size_t k = 0; k < samples; k++) {
        mds__rouge_rng rng;
        mds__rouge_srand(&rng, (uint32_t)k); /* ROUGE seeds sample k with k */
        double sum[3] = {0, 0, 0};
        for (size_t i = 0; i < n; i++) {
            size_t j = (size_t)((double)n * mds__rouge_rand(&rng));
            sum[0] += s[j].recall;
            sum[1] += s[j].precision;
            sum[2] += s[j].f;
        }
        for (int m = 0; m < 3; m++)
            v[m * samples + k] = sum[m] / (double)n;
    }
    /* the interval as ROUGE interpolates it: both ends use the upper end's fraction */
    double delta = (double)samples * ((100 - confidence) / 2.0) / 100.0;
    size_t ua = (size_t)((double)samples - delta - 1), la = (size_t)delta;
    double frac = (double)samples - delta - 1 - (double)ua;
    size_t ub = ua + 1 < samples ? ua + 1 : samples - 1, lb = la + 1 < samples ? la + 1 : samples - 1;
    if (la >= samples)
        la = lb = samples - 1;
    for (int m = 0; m < 3; m++) {
        double *a = v + m * samples, sum = 0;
        qsort(a, samples, sizeof *a, cmp_double);
        for (size_t k = 0; k < samples; k++)
            sum += a[k];
        out->mean[m] = mds__rouge_round5(sum / (double)samples);
        out->lo[m] = mds__rouge_round5(a[la] + (a[lb] - a[la]) * frac);
        out->hi[m] = mds__rouge_round5(a[ua] + (a[ub] - a[ua]) * frac);
    }
    mds__free(v);
    return MDS_OK;
}

mds_status mds_rouge_topic(const char *name, char *out, size_t size)
{
    if (!name || !out || !size)
        return MDS_EINVAL;
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    size_t n = strcspn(base, ".");
    if (n + 1 > size)
        return MDS_EINVAL;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)(base[i] >= 'A' && base[i] <= 'Z' ? base[i] - 'A' + 'a' : base[i]);
    out[n] = '\0';
    /* DUC topics: d0601 with the assessor's letter as in the document set "D0601A" */
    size_t d = 1;
    while (d < n && out[d] >= '0' && out[d] <= '9')
        d++;
    if (n >= 3 && out[0] == 'd' && d > 1 && d == n - 1 && out[n - 1] >= 'a' && out[n - 1] <= 'z')
        out[n - 1] = '\0';
    return MDS_OK;
}
