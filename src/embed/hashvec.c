/* SPDX-License-Identifier: MIT */
#include "util/alloc.h"
#include "embed/hashvec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "util/buf.h"

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

/* Counts, for every bucket, the documents whose sentences contain it. Sentences are
 * visited document by document (a counting sort over doc_of), each document's buckets
 * sorted and deduplicated, so no per-document dense array is needed. */
static mds_status cluster_df(const mds__model *m, const mds__terms *terms, size_t n,
                             const uint32_t *doc_of, size_t ndocs, uint32_t *df)
{
    mds_status st = MDS_OK;
    uint64_t mask = ((uint64_t)1 << m->bucket_bits) - 1;
    size_t *start = NULL, *order = NULL;
    scratch s = {0};

    if (doc_of) {
        start = mds__calloc(ndocs + 1, sizeof *start);
        order = mds__malloc((n ? n : 1) * sizeof *order);
        if (!start || !order) {
            st = MDS_ENOMEM;
            goto done;
        }
        for (size_t i = 0; i < n; i++)
            start[doc_of[i] + 1]++;
        for (size_t d = 0; d < ndocs; d++)
            start[d + 1] += start[d];
        size_t *fill = mds__malloc((ndocs ? ndocs : 1) * sizeof *fill);
        if (!fill) {
            st = MDS_ENOMEM;
            goto done;
        }
        memcpy(fill, start, ndocs * sizeof *fill);
        for (size_t i = 0; i < n; i++)
            order[fill[doc_of[i]]++] = i;
        mds__free(fill);
    }

    size_t ndoc_iter = doc_of ? ndocs : n;
    for (size_t d = 0; d < ndoc_iter; d++) {
        size_t a = doc_of ? start[d] : d, b = doc_of ? start[d + 1] : d + 1;
        size_t cnt = 0;
        for (size_t j = a; j < b; j++) {
            size_t i = doc_of ? order[j] : j;
            if ((st = hash_terms(&terms[i], m->seed, &s, cnt, &cnt)))
                goto done;
        }
        for (size_t k = 0; k < cnt; k++)
            s.v[k] &= mask;
        sort_u64(s.v, cnt);
        for (size_t k = 0; k < cnt; k++)
            if (k == 0 || s.v[k] != s.v[k - 1])
                df[s.v[k]]++;
    }

done:
    mds__free(s.v);
    mds__free(order);
    mds__free(start);
    return st;
}

mds_status mds__hashvec_embed(const mds__model *model, const mds__terms *terms, size_t n,
                              const uint32_t *doc_of, size_t ndocs, double blend, float *X)
{
    mds_status st = MDS_OK;
    const mds__model *m = model;
    if (!m || !mds__model_check_shape(m->bucket_bits, m->dim, NULL, 0))
        return MDS_EMODEL;
    size_t dim = m->dim;
    if (n && dim > SIZE_MAX / sizeof(float) / n)
        return MDS_ENOMEM;
    if (n == 0)
        return MDS_OK;
    memset(X, 0, n * dim * sizeof *X);
    if (doc_of)
        for (size_t i = 0; i < n; i++)
            if (doc_of[i] >= ndocs)
                return MDS_EINTERNAL;

    int has_table = m->ndocs > 0 && m->df != NULL;
    if (!(blend > 0.0)) /* NaN too */
        blend = 0.0;
    if (blend > 1.0)
        blend = 1.0;
    if (!has_table)
        blend = 1.0;

    uint64_t mask = ((uint64_t)1 << m->bucket_bits) - 1;
    uint32_t *df_c = NULL;
    double nd_c = (double)(doc_of ? ndocs : n);
    double nd_m = (double)m->ndocs;
    scratch s = {0};
    /* touched: the dimensions a row wrote (at most D), mark: which are listed. */
    uint32_t *touched = mds__malloc(dim * sizeof *touched);
    unsigned char *mark = mds__calloc(dim, 1);
    if (!touched || !mark) {
        st = MDS_ENOMEM;
        goto done;
    }
    if (blend > 0.0) {
        df_c = mds__calloc((size_t)mask + 1, sizeof *df_c);
        if (!df_c) {
            st = MDS_ENOMEM;
            goto done;
        }
        if ((st = cluster_df(m, terms, n, doc_of, ndocs, df_c)))
            goto done;
    }

    for (size_t i = 0; i < n; i++) {
        size_t cnt;
        if ((st = hash_terms(&terms[i], m->seed, &s, 0, &cnt)))
            goto done;
        if (cnt == 0)
            continue;
        sort_u64(s.v, cnt);
        float *x = X + i * dim;
        size_t ntouched = 0;
        /* Identical terms are adjacent once sorted: a run is one term and its tf. */
        for (size_t k = 0; k < cnt;) {
            size_t e = k + 1;
            while (e < cnt && s.v[e] == s.v[k])
                e++;
            uint64_t h = s.v[k];
            size_t bucket = (size_t)(h & mask);
            double idf = 0.0;
            if (blend < 1.0)
                idf += (1.0 - blend) * (m->idf ? (double)m->idf[bucket]
                                                : log((nd_m + 1.0) / (m->df[bucket] + 1.0)) + 1.0);
            if (blend > 0.0)
                idf += blend * (log((nd_c + 1.0) / (df_c[bucket] + 1.0)) + 1.0);
            double w = (1.0 + log((double)(e - k))) * idf;
            size_t d = bucket & (dim - 1);
            if (!mark[d]) {
                mark[d] = 1;
                touched[ntouched++] = (uint32_t)d;
            }
            x[d] += (float)((h >> 63) ? -w : w);
            k = e;
        }
        /* Only the touched dimensions can be nonzero: a row costs its terms, not D. */
        double ss = 0.0;
        for (size_t t = 0; t < ntouched; t++)
            ss += (double)x[touched[t]] * x[touched[t]];
        for (size_t t = 0; t < ntouched; t++)
            mark[touched[t]] = 0;
        if (ss > 0.0) {
            double inv = 1.0 / sqrt(ss);
            for (size_t t = 0; t < ntouched; t++)
                x[touched[t]] = (float)(x[touched[t]] * inv);
        }
    }

done:
    mds__free(mark);
    mds__free(touched);
    mds__free(s.v);
    mds__free(df_c);
    return st;
}

size_t mds__hashvec_scratch_bytes(const mds__model *model, size_t ndocs)
{
    return model->dim * (sizeof(uint32_t) + 1) + (2 * ndocs + 1) * sizeof(size_t);
}
