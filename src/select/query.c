/* SPDX-License-Identifier: MIT */
/* The query's terms and the sentences' relevance to it (query.h). */
#include "util/alloc.h"
#include "util/buf.h"
#include "select/query.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* Words that make a request and name nothing of what is asked: DUC and TAC narratives are
 * made of them ("Discuss ... Include information regarding ..."). Stemmed by the featurizer
 * when a query is parsed, so they match whatever stemmer it has. */
static const char *const request_words[] = {
    "discuss", "describe", "description", "include", "including", "information", "identify",
    "explain", "specify", "specific", "regarding", "mention", "provide", "give", "detail",
    "details", "list", "report", "reported", "summarize", "tell", "question", "questions",
    "aspect", "aspects", "kind", "kinds", "type", "types", "various", "etc", "also",
    "known", "find", "involved", "taken", "happened", "related", "concerning",
};

void mds__query_free(mds__query *q)
{
    if (!q)
        return;
    mds__terms_free(&q->terms);
    mds__free(q->weight);
    memset(q, 0, sizeof *q);
}

static int find_term(const mds__terms *t, const char *s, size_t len)
{
    for (size_t k = 0; k < t->n; k++)
        if (mds__term_len(t, k) == len && memcmp(t->buf + t->offs[k], s, len) == 0)
            return (int)k;
    return -1;
}

/* Adds weight w to term s (a new term if it is not there). */
static mds_status add_term(mds__query *q, const char *s, size_t len, double w)
{
    int k = find_term(&q->terms, s, len);
    if (k >= 0) {
        q->weight[k] += w;
        return MDS_OK;
    }
    mds__terms *t = &q->terms;
    mds_status st;
    if ((st = mds__grow((void **)&t->buf, &t->cap, t->len + len + 1, 1)) ||
        (st = mds__grow((void **)&t->offs, &t->cap_offs, t->n + 1, sizeof *t->offs)) ||
        (st = mds__grow((void **)&q->weight, &q->cap, t->n + 1, sizeof *q->weight)))
        return st;
    memcpy(t->buf + t->len, s, len);
    t->buf[t->len + len] = 0;
    t->offs[t->n] = (uint32_t)t->len;
    q->weight[t->n] = w;
    t->len += len + 1;
    t->n++;
    return MDS_OK;
}

/* Removes term k, keeping the order of the others. */
static void remove_term(mds__query *q, size_t k)
{
    mds__terms *t = &q->terms;
    size_t len = mds__term_len(t, k) + 1, start = t->offs[k];
    memmove(t->buf + start, t->buf + start + len, t->len - start - len);
    t->len -= len;
    for (size_t j = k; j + 1 < t->n; j++) {
        t->offs[j] = (uint32_t)(t->offs[j + 1] - len);
        q->weight[j] = q->weight[j + 1];
    }
    t->n--;
}

/* The terms of text into q, each with weight w. */
static mds_status add_text(mds__featurizer *f, const char *text, size_t len, double w,
                           mds__terms *scratch, mds__query *q)
{
    mds__terms_reset(scratch);
    mds_status st = mds__features_extract(f, text, len, scratch);
    for (size_t k = 0; k < scratch->n && !st; k++)
        st = add_term(q, scratch->buf + scratch->offs[k], mds__term_len(scratch, k), w);
    return st;
}

mds_status mds__query_parse(mds__featurizer *f, int english, const char *text, size_t len,
                            double title, mds__query *out)
{
    memset(out, 0, sizeof *out);
    if (!text || !len)
        return MDS_OK;
    mds__terms scratch = {0};
    mds_status st = MDS_OK;
    /* the first line is a title when some text follows it */
    const char *nl = memchr(text, '\n', len);
    size_t first = nl ? (size_t)(nl - text) : len;
    int titled = 0;
    for (size_t i = first; i < len && !titled; i++)
        titled = text[i] != '\n' && text[i] != '\r' && text[i] != ' ' && text[i] != '\t';
    if (titled) {
        st = add_text(f, text, first, title, &scratch, out);
        if (!st)
            st = add_text(f, text + first, len - first, 1.0, &scratch, out);
    } else {
        st = add_text(f, text, len, 1.0, &scratch, out);
    }
    for (size_t i = 0; english && !st && i < sizeof request_words / sizeof *request_words;
         i++) {
        const char *w = request_words[i];
        mds__terms_reset(&scratch);
        if ((st = mds__features_extract(f, w, strlen(w), &scratch)))
            break;
        for (size_t k = 0; k < scratch.n; k++) {
            int j = find_term(&out->terms, scratch.buf + scratch.offs[k],
                              mds__term_len(&scratch, k));
            if (j >= 0)
                remove_term(out, (size_t)j);
        }
    }
    /* a term of weight 0 (a title weighed 0) is no term */
    for (size_t k = out->terms.n; k-- > 0 && !st;)
        if (!(out->weight[k] > 0))
            remove_term(out, k);
    mds__terms_free(&scratch);
    if (st)
        mds__query_free(out);
    return st;
}

/* A sentence term matches a query term it starts with when at most MDS__QUERY_SUFFIX bytes
 * are left over and the query term has MDS__QUERY_PREFIX bytes or more: "agreement",
 * "agreements" and "agreed" for "agre" (Snowball stems "agree" and leaves "agreement"). */
#define MDS__QUERY_PREFIX 4
#define MDS__QUERY_SUFFIX 5

/* Open addressing over the query's terms by their hashes. */
typedef struct qmap {
    int32_t *slot;
    size_t mask;
} qmap;

static uint64_t hash_of(const char *s, size_t len) { return XXH64(s, len, 0x71756572790aULL); }

static mds_status qmap_build(const mds__query *q, qmap *m)
{
    size_t cap = 16;
    while (cap < 2 * q->terms.n + 2)
        cap *= 2;
    m->mask = cap - 1;
    if (!(m->slot = mds__malloc(cap * sizeof *m->slot)))
        return MDS_ENOMEM;
    for (size_t i = 0; i < cap; i++)
        m->slot[i] = -1;
    for (size_t k = 0; k < q->terms.n; k++) {
        size_t i = hash_of(q->terms.buf + q->terms.offs[k], mds__term_len(&q->terms, k)) &
                   m->mask;
        while (m->slot[i] >= 0)
            i = (i + 1) & m->mask;
        m->slot[i] = (int32_t)k;
    }
    return MDS_OK;
}

static int qmap_exact(const qmap *m, const mds__terms *q, const char *s, size_t len)
{
    for (size_t i = hash_of(s, len) & m->mask; m->slot[i] >= 0; i = (i + 1) & m->mask) {
        size_t k = (size_t)m->slot[i];
        if (mds__term_len(q, k) == len && memcmp(q->buf + q->offs[k], s, len) == 0)
            return (int)k;
    }
    return -1;
}

/* The query term that is sentence term s, or (a derived form the stemmer leaves whole:
 * "agreement" for "agre") its first len - 1 to len - MDS__QUERY_SUFFIX bytes, at least
 * MDS__QUERY_PREFIX of them; -1 for none. */
static int qmap_find(const qmap *m, const mds__terms *q, const char *s, size_t len)
{
    int k = qmap_exact(m, q, s, len);
    for (size_t cut = 1; k < 0 && cut <= MDS__QUERY_SUFFIX && len >= cut + MDS__QUERY_PREFIX;
         cut++)
        k = qmap_exact(m, q, s, len - cut);
    return k;
}

mds_status mds__query_relevance(const mds__query *q, const mds__terms *sents, size_t n,
                                double *rel)
{
    for (size_t i = 0; i < n; i++)
        rel[i] = 0.0;
    size_t m = q->terms.n;
    if (m == 0 || n == 0)
        return MDS_OK;
    qmap map = {0};
    size_t *df = mds__calloc(m, sizeof *df), *stamp = mds__malloc(m * sizeof *stamp);
    mds_status st = df && stamp ? qmap_build(q, &map) : MDS_ENOMEM;
    if (st)
        goto done;
    for (size_t k = 0; k < m; k++)
        stamp[k] = SIZE_MAX;
    /* the sentences that hold each term, for its idf */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < sents[i].n; j++) {
            int k = qmap_find(&map, &q->terms, sents[i].buf + sents[i].offs[j],
                              mds__term_len(&sents[i], j));
            if (k >= 0 && stamp[k] != i) {
                stamp[k] = i;
                df[k]++;
            }
        }
    for (size_t k = 0; k < m; k++)
        stamp[k] = SIZE_MAX;
    double top = 0.0;
    for (size_t i = 0; i < n; i++) {
        double r = 0.0;
        for (size_t j = 0; j < sents[i].n; j++) {
            int k = qmap_find(&map, &q->terms, sents[i].buf + sents[i].offs[j],
                              mds__term_len(&sents[i], j));
            if (k >= 0 && stamp[k] != i) {
                stamp[k] = i;
                double idf = log(1.0 + (double)n / (double)df[k]);
                r += q->weight[k] * idf * idf;
            }
        }
        rel[i] = r;
        if (r > top)
            top = r;
    }
    for (size_t i = 0; i < n && top > 0.0; i++)
        rel[i] /= top;
done:
    mds__free(map.slot);
    mds__free(df);
    mds__free(stamp);
    return st;
}

typedef struct ranked {
    double rel;
    size_t i;
} ranked;

/* By relevance, highest first, ties by position. */
static int by_rel(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->rel != y->rel)
        return x->rel > y->rel ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

mds_status mds__query_expand(mds__query *q, const mds__terms *sents, size_t n,
                             const double *rel, size_t top, double weight)
{
    if (q->terms.n == 0 || n == 0 || top == 0 || !(weight > 0))
        return MDS_OK;
    if (top > n)
        top = n;
    double mean = 0.0;
    for (size_t k = 0; k < q->terms.n; k++)
        mean += q->weight[k];
    mean /= (double)q->terms.n;
    /* the top sentences: a partial selection would do, a sort of indices is simpler */
    ranked *idx = mds__malloc(n * sizeof *idx);
    mds__query counts = {0};
    mds_status st = idx ? MDS_OK : MDS_ENOMEM;
    if (st)
        goto done;
    for (size_t i = 0; i < n; i++)
        idx[i] = (ranked){rel[i], i};
    qsort(idx, n, sizeof *idx, by_rel);
    for (size_t t = 0; t < top && !st; t++) {
        const mds__terms *s = &sents[idx[t].i];
        if (!(idx[t].rel > 0))
            break;
        size_t before = counts.terms.n;
        for (size_t j = 0; j < s->n && !st; j++) {
            const char *w = s->buf + s->offs[j];
            size_t len = mds__term_len(s, j);
            if (memchr(w, ' ', len))
                continue; /* a model's bigram: its words count */
            int k = find_term(&counts.terms, w, len);
            if (k >= 0 && (size_t)k < before)
                counts.weight[k] += 1.0;
            else if (k < 0)
                st = add_term(&counts, w, len, 1.0);
        }
    }
    size_t min = top > 1 ? 2 : 1;
    for (size_t k = 0; k < counts.terms.n && !st; k++)
        if (counts.weight[k] >= (double)min)
            st = add_term(q, counts.terms.buf + counts.terms.offs[k],
                          mds__term_len(&counts.terms, k),
                          weight * mean * counts.weight[k] / (double)top);
done:
    mds__free(idx);
    mds__query_free(&counts);
    return st;
}
