/* SPDX-License-Identifier: MIT */
#include "util/alloc.h"
#include "embed/hashvec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "util/buf.h"
#include "util/parallel.h"

uint64_t mds__hash_term(const char *term, size_t n, uint64_t seed)
{
    return XXH64(term, n, seed);
}

/* Term k of t, as a pointer and a length (terms are stored back to back, NUL-terminated). */
static const char *term_at(const mds__terms *t, size_t k, size_t *n)
{
    size_t end = k + 1 < t->n ? t->offs[k + 1] : t->len;
    *n = end - t->offs[k] - 1;
    return t->buf + t->offs[k];
}

/* Sentences have a few dozen terms: insertion sort beats qsort's call per comparison. */
static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static void sort_u64(uint64_t *v, size_t n)
{
    if (n > 48) {
        qsort(v, n, sizeof *v, cmp_u64);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        uint64_t x = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

typedef struct scratch {
    uint64_t *v;
    size_t cap;
} scratch;

/* Hashes of sentence terms appended to s->v from index at; returns the new count. */
static mds_status hash_terms(const mds__terms *t, uint64_t seed, scratch *s, size_t at,
                             size_t *count)
{
    mds_status st;
    if ((st = mds__grow((void **)&s->v, &s->cap, at + t->n, sizeof *s->v)))
        return st;
    for (size_t k = 0; k < t->n; k++) {
        size_t len;
        const char *p = term_at(t, k, &len);
        s->v[at + k] = mds__hash_term(p, len, seed);
    }
    *count = at + t->n;
    return MDS_OK;
}

/* One embedding across threads: the cluster's document frequencies from each document's
 * distinct buckets (a task a document), then the rows (a task a block of sentences). Each
 * thread has its own scratch; each task writes only its own outputs, so X is the same at any
 * number of threads. */
enum { ROWS_PER_TASK = 256 };

typedef struct embed_job {
    const mds__model *m;
    const mds__terms *terms;
    size_t n;
    const uint32_t *doc_of;
    size_t ngroups;       /* documents, or sentences when doc_of is NULL */
    size_t *start, *order; /* the sentences of document d: order[start[d], start[d + 1]) */
    uint64_t **buckets;   /* per group: its distinct buckets, sorted */
    size_t *nbuckets;
    uint32_t *df_c;       /* per bucket, the groups that have it: set only where one does (the
                             only buckets read), not cleared first */
    double blend, nd_c, nd_m;
    uint64_t mask;
    float *X;             /* the rows, dense; or */
    mds__csr *A;          /* their non-zeros */
    const size_t *slot;   /* with A: row i's entries are written from slot[i] (its terms'
                             offset: a row has no more non-zeros than terms) */
    uint64_t *H;          /* NULL, or every sentence's term hashes, hashed once for df and rows:
                             sentence i's at H + hoff[i] (when they take at most HASH_KEEP) */
    size_t *hoff;
    const double *idf_c;  /* NULL, or the cluster's idf of a bucket by its df (df <= groups) */
    double tfw[32];       /* 1 + log tf, for tf < 32 */
    struct embed_scratch {
        scratch s;
        uint32_t *touched; /* the dimensions a row wrote (at most D) */
        unsigned char *mark; /* which are listed */
        uint64_t *seen;    /* df_task: a bit a bucket, the buckets the group has met */
        float *acc;        /* with A: the row being summed (D floats, zero between rows) */
    } *w;                  /* per thread */
} embed_job;

/* The most bytes of term hashes kept from the df pass for the rows; more are hashed again. */
#define HASH_KEEP ((size_t)64 << 20)
/* The most groups whose idf values are tabled by df. */
#define IDF_TABLE_MAX 65536

/* Group g's distinct buckets (in no particular order: only their counts matter), found with
 * a bit a bucket; its sentences' hashes kept in j->H when it is there. */
static mds_status df_task(void *arg, size_t g, unsigned worker)
{
    embed_job *j = arg;
    struct embed_scratch *w = &j->w[worker];
    scratch *s = &w->s;
    mds_status st;
    if (!w->seen &&
        !(w->seen = mds__calloc_written((size_t)(j->mask >> 6) + 1, sizeof *w->seen)))
        return MDS_ENOMEM;
    uint64_t *seen = w->seen, seed = j->m->seed, mask = j->mask;
    size_t a = j->doc_of ? j->start[g] : g, b = j->doc_of ? j->start[g + 1] : g + 1;
    size_t u = 0;
    for (size_t k = a; k < b; k++) {
        size_t i = j->doc_of ? j->order[k] : k;
        const mds__terms *t = &j->terms[i];
        uint64_t *keep = j->H ? j->H + j->hoff[i] : NULL;
        if ((st = mds__grow((void **)&s->v, &s->cap, u + t->n, sizeof *s->v)))
            return st;
        for (size_t q = 0; q < t->n; q++) {
            size_t len;
            const char *p = term_at(t, q, &len);
            uint64_t h = mds__hash_term(p, len, seed), bk = h & mask;
            if (keep)
                keep[q] = h;
            uint64_t bit = (uint64_t)1 << (bk & 63);
            if (!(seen[bk >> 6] & bit)) {
                seen[bk >> 6] |= bit;
                s->v[u++] = bk;
            }
        }
    }
    for (size_t k = 0; k < u; k++)
        seen[s->v[k] >> 6] = 0;
    if (u && !(j->buckets[g] = mds__malloc(u * sizeof *j->buckets[g])))
        return MDS_ENOMEM;
    if (u)
        memcpy(j->buckets[g], s->v, u * sizeof *s->v);
    j->nbuckets[g] = u;
    return MDS_OK;
}

/* Counts, for every bucket, the documents whose sentences contain it. Sentences are
 * visited document by document (a counting sort over doc_of), each document's buckets
 * sorted and deduplicated, so no per-document dense array is needed. */
static mds_status cluster_df(embed_job *j, unsigned threads)
{
    mds_status st = MDS_OK;
    size_t n = j->n, ndocs = j->ngroups;
    if (j->doc_of) {
        j->start = mds__calloc(ndocs + 1, sizeof *j->start);
        j->order = mds__malloc((n ? n : 1) * sizeof *j->order);
        if (!j->start || !j->order)
            return MDS_ENOMEM;
        for (size_t i = 0; i < n; i++)
            j->start[j->doc_of[i] + 1]++;
        for (size_t d = 0; d < ndocs; d++)
            j->start[d + 1] += j->start[d];
        size_t *fill = mds__malloc((ndocs ? ndocs : 1) * sizeof *fill);
        if (!fill)
            return MDS_ENOMEM;
        memcpy(fill, j->start, ndocs * sizeof *fill);
        for (size_t i = 0; i < n; i++)
            j->order[fill[j->doc_of[i]]++] = i;
        mds__free(fill);
    }
    j->buckets = mds__calloc(ndocs ? ndocs : 1, sizeof *j->buckets);
    j->nbuckets = mds__calloc(ndocs ? ndocs : 1, sizeof *j->nbuckets);
    if (!j->buckets || !j->nbuckets)
        return MDS_ENOMEM;
    st = mds__parallel_for(threads, ndocs, 4, df_task, j, NULL);
    /* df_c is not cleared when allocated: only the buckets some group has are ever read
     * (each row's terms are its group's), and those are zeroed here, a few thousand, rather
     * than the 2^bucket_bits of a calloc (a megabyte a cluster in the default model) */
    for (size_t d = 0; d < ndocs && !st; d++)
        for (size_t k = 0; k < j->nbuckets[d]; k++)
            j->df_c[j->buckets[d][k]] = 0;
    for (size_t d = 0; d < ndocs && !st; d++)
        for (size_t k = 0; k < j->nbuckets[d]; k++)
            j->df_c[j->buckets[d][k]]++;
    return st;
}

/* Row i into x (D floats, zero on entry): the terms' weights summed in the order of their
 * sorted hashes, then the row normalized; w->touched[0, *ntouched) lists the dimensions it
 * wrote, in the order first written (w->mark cleared again). */
static mds_status embed_row(embed_job *j, struct embed_scratch *w, size_t i, float *x,
                            size_t *ntouched_out)
{
    const mds__model *m = j->m;
    size_t dim = m->dim, mask = (size_t)j->mask;
    double blend = j->blend;
    mds_status st;
    size_t cnt;
    uint64_t *v;
    *ntouched_out = 0;
    if (j->H) { /* hashed in the df pass: sorted in place, each row's its own */
        v = j->H + j->hoff[i];
        cnt = j->terms[i].n;
    } else {
        if ((st = hash_terms(&j->terms[i], m->seed, &w->s, 0, &cnt)))
            return st;
        v = w->s.v;
    }
    if (cnt == 0)
        return MDS_OK;
    sort_u64(v, cnt);
    /* The tables are read at random (a bucket's idf and df: a miss each, out of L2 on a
     * full model): all of the row's asked for first, so the misses overlap. */
    for (size_t k = 0; k < cnt; k++) {
        size_t bucket = (size_t)(v[k] & mask);
        if (m->idf)
            __builtin_prefetch(&m->idf[bucket]);
        if (j->df_c)
            __builtin_prefetch(&j->df_c[bucket]);
    }
    size_t ntouched = 0;
    /* Identical terms are adjacent once sorted: a run is one term and its tf. */
    for (size_t k = 0; k < cnt;) {
        size_t e = k + 1;
        while (e < cnt && v[e] == v[k])
            e++;
        uint64_t h = v[k];
        size_t bucket = (size_t)(h & mask);
        double idf = 0.0;
        if (blend < 1.0)
            idf += (1.0 - blend) * (m->idf ? (double)m->idf[bucket]
                                            : log((j->nd_m + 1.0) / (m->df[bucket] + 1.0)) + 1.0);
        if (blend > 0.0)
            idf += blend * (j->idf_c ? j->idf_c[j->df_c[bucket]]
                                     : log((j->nd_c + 1.0) / (j->df_c[bucket] + 1.0)) + 1.0);
        size_t tf = e - k;
        double wt = (tf < 32 ? j->tfw[tf] : 1.0 + log((double)tf)) * idf;
        size_t d = bucket & (dim - 1);
        if (!w->mark[d]) {
            w->mark[d] = 1;
            w->touched[ntouched++] = (uint32_t)d;
        }
        x[d] += (float)((h >> 63) ? -wt : wt);
        k = e;
    }
    /* Only the touched dimensions can be nonzero: a row costs its terms, not D. */
    double ss = 0.0;
    for (size_t q = 0; q < ntouched; q++)
        ss += (double)x[w->touched[q]] * x[w->touched[q]];
    for (size_t q = 0; q < ntouched; q++)
        w->mark[w->touched[q]] = 0;
    if (ss > 0.0) {
        double inv = 1.0 / sqrt(ss);
        for (size_t q = 0; q < ntouched; q++)
            x[w->touched[q]] = (float)(x[w->touched[q]] * inv);
    }
    *ntouched_out = ntouched;
    return MDS_OK;
}

/* A row's dimensions are a few dozen: insertion sort. */
static void sort_u32(uint32_t *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint32_t x = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* Rows [t * ROWS_PER_TASK, ...): into X, or as their non-zeros into j->A (row i's in the
 * slot that starts where its terms' would, its count in row_at[i + 1]; packed after). */
static mds_status row_task(void *arg, size_t t, unsigned worker)
{
    embed_job *j = arg;
    struct embed_scratch *w = &j->w[worker];
    size_t dim = j->m->dim;
    mds_status st;
    if (!w->touched) {
        w->touched = mds__malloc(dim * sizeof *w->touched);
        w->mark = mds__calloc(dim, 1);
        if (!w->touched || !w->mark)
            return MDS_ENOMEM;
    }
    if (j->A && !w->acc && !(w->acc = mds__calloc(dim, sizeof *w->acc)))
        return MDS_ENOMEM;
    size_t end = (t + 1) * ROWS_PER_TASK < j->n ? (t + 1) * ROWS_PER_TASK : j->n;
    /* the rows zeroed here, by the thread that fills them: the pages are first touched on
     * every thread, not on one before the loop */
    if (!j->A)
        memset(j->X + t * ROWS_PER_TASK * dim, 0,
               (end - t * ROWS_PER_TASK) * dim * sizeof *j->X);
    for (size_t i = t * ROWS_PER_TASK; i < end; i++) {
        size_t ntouched;
        float *x = j->A ? w->acc : j->X + i * dim;
        if ((st = embed_row(j, w, i, x, &ntouched)))
            return st;
        if (!j->A)
            continue;
        /* the non-zeros by increasing dimension (the index's order); the scratch row zeroed
         * again. Zero is what the index's scan of X skips: -0 too, NaN not. */
        sort_u32(w->touched, ntouched);
        size_t at = j->slot[i], q = at;
        for (size_t k = 0; k < ntouched; k++) {
            uint32_t d = w->touched[k];
            float v = x[d];
            uint32_t b;
            memcpy(&b, &v, sizeof b);
            x[d] = 0.0f;
            if ((b << 1) != 0) {
                j->A->col[q] = d;
                j->A->val[q++] = v;
            }
        }
        j->A->row_at[i + 1] = q - at;
    }
    return MDS_OK;
}

/* The rows into X (dense) or, X NULL, as their non-zeros into A (allocated here). */
static mds_status embed(const mds__model *model, const mds__terms *terms, size_t n,
                        const uint32_t *doc_of, size_t ndocs, double blend, unsigned threads,
                        float *X, mds__csr *A)
{
    mds_status st = MDS_OK;
    const mds__model *m = model;
    if (!m || !mds__model_check_shape(m->bucket_bits, m->dim, NULL, 0))
        return MDS_EMODEL;
    size_t dim = m->dim;
    if (X && n && dim > SIZE_MAX / sizeof(float) / n)
        return MDS_ENOMEM;
    size_t total = 0; /* the terms of all rows: the most non-zeros A may need */
    if (A) {
        for (size_t i = 0; i < n; i++) {
            if (terms[i].n > SIZE_MAX / sizeof(float) - total)
                return MDS_ENOMEM;
            total += terms[i].n;
        }
        A->n = n;
        A->d = dim;
        A->row_at = mds__malloc((n + 1) * sizeof *A->row_at);
        A->col = mds__malloc((total ? total : 1) * sizeof *A->col);
        A->val = mds__malloc((total ? total : 1) * sizeof *A->val);
        if (!A->row_at || !A->col || !A->val) {
            mds__csr_free(A);
            return MDS_ENOMEM;
        }
        A->row_at[0] = 0;
    }
    if (n == 0)
        return MDS_OK;
    if (doc_of)
        for (size_t i = 0; i < n; i++)
            if (doc_of[i] >= ndocs) {
                if (X)
                    memset(X, 0, n * dim * sizeof *X);
                else
                    mds__csr_free(A);
                return MDS_EINTERNAL;
            }
    int has_table = m->ndocs > 0 && m->df != NULL;
    if (!(blend > 0.0)) /* NaN too */
        blend = 0.0;
    if (blend > 1.0)
        blend = 1.0;
    if (!has_table)
        blend = 1.0;
    if (threads < 1)
        threads = 1;
    embed_job j = {
        .m = m, .terms = terms, .n = n, .doc_of = doc_of, .ngroups = doc_of ? ndocs : n,
        .blend = blend, .nd_c = (double)(doc_of ? ndocs : n), .nd_m = (double)m->ndocs,
        .mask = ((uint64_t)1 << m->bucket_bits) - 1, .X = X, .A = X ? NULL : A,
    };
    size_t *slot = NULL;
    if (!(j.w = mds__calloc(threads, sizeof *j.w))) {
        if (j.A)
            mds__csr_free(A);
        return MDS_ENOMEM;
    }
    /* The same values as the expressions they stand for, computed once. */
    for (size_t tf = 1; tf < 32; tf++)
        j.tfw[tf] = 1.0 + log((double)tf);
    double *idf_c = NULL;
    if (blend > 0.0) {
        size_t hashes = 0;
        for (size_t i = 0; i < n && hashes <= HASH_KEEP / sizeof *j.H; i++)
            hashes += terms[i].n;
        /* A cache that cannot be had is only slower: the rows hash again. */
        if (hashes <= HASH_KEEP / sizeof *j.H &&
            (j.hoff = mds__malloc((n + 1) * sizeof *j.hoff)) &&
            (j.H = mds__malloc((hashes ? hashes : 1) * sizeof *j.H))) {
            j.hoff[0] = 0;
            for (size_t i = 0; i < n; i++)
                j.hoff[i + 1] = j.hoff[i] + terms[i].n;
        } else {
            mds__free(j.hoff);
            j.hoff = NULL;
        }
        if (j.ngroups < IDF_TABLE_MAX &&
            (idf_c = mds__malloc((j.ngroups + 1) * sizeof *idf_c))) {
            for (size_t df = 0; df <= j.ngroups; df++)
                idf_c[df] = log((j.nd_c + 1.0) / ((uint32_t)df + 1.0)) + 1.0;
            j.idf_c = idf_c;
        }
        if (!(j.df_c = mds__malloc(((size_t)j.mask + 1) * sizeof *j.df_c))) /* cluster_df */
            st = MDS_ENOMEM;
        if (!st)
            st = cluster_df(&j, threads);
    }
    if (!st && j.A) { /* where each row's entries go: its terms' offset */
        if (j.hoff) {
            j.slot = j.hoff;
        } else if ((slot = mds__malloc(n * sizeof *slot))) {
            for (size_t i = 0, at = 0; i < n; at += terms[i++].n)
                slot[i] = at;
            j.slot = slot;
        } else {
            st = MDS_ENOMEM;
        }
    }
    if (!st)
        st = mds__parallel_for(threads, (n + ROWS_PER_TASK - 1) / ROWS_PER_TASK, 1, row_task,
                               &j, NULL);
    if (!st && j.A) { /* the rows packed, in order: each moves down, never up */
        for (size_t i = 0; i < n; i++) {
            size_t from = j.slot[i], len = A->row_at[i + 1], to = A->row_at[i];
            if (to != from && len) {
                memmove(A->col + to, A->col + from, len * sizeof *A->col);
                memmove(A->val + to, A->val + from, len * sizeof *A->val);
            }
            A->row_at[i + 1] = to + len;
        }
    }
    if (st && j.A)
        mds__csr_free(A);
    for (unsigned k = 0; k < threads; k++) {
        mds__free(j.w[k].s.v);
        mds__free(j.w[k].touched);
        mds__free(j.w[k].mark);
        mds__free(j.w[k].seen);
        mds__free(j.w[k].acc);
    }
    mds__free(slot);
    mds__free(j.H);
    mds__free(j.hoff);
    mds__free(idf_c);
    if (j.buckets)
        for (size_t g = 0; g < j.ngroups; g++)
            mds__free(j.buckets[g]);
    mds__free(j.buckets);
    mds__free(j.nbuckets);
    mds__free(j.start);
    mds__free(j.order);
    mds__free(j.w);
    mds__free(j.df_c);
    return st;
}

mds_status mds__hashvec_embed(const mds__model *model, const mds__terms *terms, size_t n,
                              const uint32_t *doc_of, size_t ndocs, double blend, float *X)
{
    return embed(model, terms, n, doc_of, ndocs, blend, 1, X, NULL);
}

mds_status mds__hashvec_embed_threads(const mds__model *model, const mds__terms *terms,
                                      size_t n, const uint32_t *doc_of, size_t ndocs,
                                      double blend, unsigned threads, float *X)
{
    return embed(model, terms, n, doc_of, ndocs, blend, threads, X, NULL);
}

mds_status mds__hashvec_embed_csr(const mds__model *model, const mds__terms *terms, size_t n,
                                  const uint32_t *doc_of, size_t ndocs, double blend,
                                  unsigned threads, mds__csr *A)
{
    memset(A, 0, sizeof *A);
    return embed(model, terms, n, doc_of, ndocs, blend, threads, NULL, A);
}

size_t mds__hashvec_scratch_bytes(const mds__model *model, size_t ndocs)
{
    return model->dim * (sizeof(uint32_t) + 1) + (2 * ndocs + 1) * sizeof(size_t);
}
