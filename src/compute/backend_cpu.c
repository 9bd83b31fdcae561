/* SPDX-License-Identifier: MIT */
/* The CPU backend: OpenBLAS for the gram, lexrank.c for the walk. Always built, always last
 * in the list, and the reference for every other backend. */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#include <cblas.h>
#include <sys/mman.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "compute/backend.h"
#include "compute/edge.h"
#include "compute/graph.h"
#include "compute/lexrank.h"
#include "util/clock.h"

struct mds__sim {
    const float *X; /* the caller's, or `own` when rounded to a lower precision */
    float *own;
    size_t n, d;
    float *S;       /* dense graph: n x n */
    mds__graph g;   /* sparse graph */
    int sparse;
    mds__graph_opts go;
    mds__sim_stats st;
};

/* A buffer for S or a tile of it: hundreds of MiB written once by BLAS. In 4 KiB pages its
 * page faults cost as much as half the SYRK (bench/syrk-mirror.c); ask for huge pages. */
static float *big_alloc(size_t count)
{
    size_t bytes = (count ? count : 1) * sizeof(float), huge = (size_t)2 << 20;
    if (bytes < huge)
        return mds__malloc(bytes);
    bytes = (bytes + huge - 1) / huge * huge;
    float *p = mds__aligned_alloc(huge, bytes);
#ifdef MADV_HUGEPAGE
    if (p)
        madvise(p, bytes, MADV_HUGEPAGE); /* advice only: failure changes nothing */
#endif
    return p;
}

static mds_status cpu_probe(int device, char *msg, size_t msg_size) { return MDS_OK; }

static mds_status cpu_open(int device, const float *X, size_t n, size_t d, mds_precision prec,
                           mds__sim **out, char *msg, size_t msg_size)
{
    *out = NULL;
    if (n > INT32_MAX || d > INT32_MAX || (n && d > SIZE_MAX / sizeof(float) / n)) {
        snprintf(msg, msg_size, "%zu x %zu embeddings are too large for BLAS", n, d);
        return MDS_EINVAL;
    }
    mds__sim *s = mds__calloc(1, sizeof *s);
    if (!s)
        return MDS_ENOMEM;
    s->X = X;
    s->n = n;
    s->d = d;
    if (prec != MDS_PRECISION_FP32) {
        s->own = mds__malloc((n * d > 0 ? n * d : 1) * sizeof *s->own);
        if (!s->own) {
            mds__free(s);
            snprintf(msg, msg_size, "out of memory for %zu x %zu embeddings", n, d);
            return MDS_ENOMEM;
        }
        memcpy(s->own, X, n * d * sizeof *s->own);
        mds__round_precision(s->own, n * d, prec);
        s->X = s->own;
    }
    snprintf(s->st.device, sizeof s->st.device, "cpu");
    *out = s;
    return MDS_OK;
}

/* S = rows [row0, row0 + rows) of X X^T; the whole matrix by SYRK (half the work). */
static void gram(mds__sim *s, size_t row0, size_t rows, float *S)
{
    size_t n = s->n, d = s->d;
    double t0 = mds__now();
    if (row0 == 0 && rows == n) {
        cblas_ssyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)n, (int)d, 1.0f, s->X, (int)d,
                    0.0f, S, (int)n);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < i; j++)
                S[i * n + j] = S[j * n + i];
        s->st.gram_flops += (double)n * (double)(n + 1) * (double)d;
    } else {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows, (int)n, (int)d, 1.0f,
                    s->X + row0 * d, (int)d, s->X, (int)d, 0.0f, S, (int)n);
        s->st.gram_flops += 2.0 * (double)rows * (double)n * (double)d;
    }
    s->st.seconds_gram += mds__now() - t0;
}

static mds_status cpu_rows(mds__sim *s, size_t row0, size_t rows, float *S, char *msg,
                           size_t msg_size)
{
    if (row0 > s->n || rows > s->n - row0) {
        snprintf(msg, msg_size, "rows [%zu, %zu) outside 0..%zu", row0, row0 + rows, s->n);
        return MDS_EINTERNAL;
    }
    if (rows == 0 || s->n == 0)
        return MDS_OK;
    if (s->S) { /* the dense graph has them already */
        memcpy(S, s->S + row0 * s->n, rows * s->n * sizeof *S);
        return MDS_OK;
    }
    gram(s, row0, rows, S);
    return MDS_OK;
}

static const float *cpu_matrix(mds__sim *s) { return s->S; }

static void drop_graph(mds__sim *s)
{
    mds__free(s->S);
    s->S = NULL;
    mds__graph_free(&s->g);
    s->sparse = 0;
    s->st.edges = 0;
}

static mds_status cpu_graph(mds__sim *s, const mds__graph_opts *o, char *msg, size_t msg_size)
{
    size_t n = s->n;
    drop_graph(s);
    s->go = *o;
    if (o->neighbors == 0) {
        if (n && n > SIZE_MAX / sizeof(float) / n) {
            snprintf(msg, msg_size, "%zu sentences: the dense matrix does not fit in memory", n);
            return MDS_ENOMEM;
        }
        s->S = big_alloc(n * n);
        if (!s->S) {
            snprintf(msg, msg_size, "out of memory for the %zu x %zu similarity matrix", n, n);
            return MDS_ENOMEM;
        }
        gram(s, 0, n, s->S);
        double t0 = mds__now();
        /* every entry counted without a branch (it vectorizes), then the diagonal taken out */
        size_t edges = 0;
        float thr = o->threshold;
        for (size_t k = 0; k < n * n; k++)
            edges += (size_t)mds__is_edge(s->S[k], thr);
        for (size_t i = 0; i < n; i++)
            edges -= (size_t)mds__is_edge(s->S[i * n + i], thr);
        s->st.edges = edges;
        s->st.seconds_graph += mds__now() - t0;
        return MDS_OK;
    }
    size_t k = mds__graph_neighbors(n, o->neighbors);
    size_t tile = o->tile_rows ? o->tile_rows : 1;
    if (tile > n)
        tile = n ? n : 1;
    float *T = NULL;
    if (mds__graph_init(&s->g, n, k) ||
        !(T = big_alloc(tile * n))) {
        mds__graph_free(&s->g);
        snprintf(msg, msg_size, "out of memory for a %zu-neighbour graph of %zu sentences and "
                 "a %zu-row tile", k, n, tile);
        return MDS_ENOMEM;
    }
    s->sparse = 1;
    for (size_t r = 0; r < n; r += tile) {
        size_t rows = n - r < tile ? n - r : tile;
        gram(s, r, rows, T);
        double t0 = mds__now();
        mds__graph_add_tile(&s->g, T, r, rows, o->threshold, o->mode == MDS_LEXRANK_THRESHOLD);
        s->st.seconds_graph += mds__now() - t0;
    }
    mds__free(T);
    s->st.edges = s->g.edges;
    return MDS_OK;
}

static mds_status cpu_rank(mds__sim *s, const mds__rank_opts *o, const double *teleport,
                           double *scores, int *iterations, char *msg, size_t msg_size)
{
    if (!s->S && !s->sparse) {
        snprintf(msg, msg_size, "rank before graph");
        return MDS_EINTERNAL;
    }
    mds__lexrank_opts lo = {s->go.mode, s->go.threshold, o->damping, o->tolerance,
                            o->max_iterations};
    double t0 = mds__now();
    mds_status st = s->sparse ? mds__lexrank_sparse(&s->g, &lo, 0, teleport,
                                                          scores, iterations)
                              : mds__lexrank(s->S, s->n, &lo, teleport, scores, iterations);
    s->st.seconds_rank += mds__now() - t0;
    if (st)
        snprintf(msg, msg_size, "ranking: %s", mds_strerror(st));
    return st;
}

static void cpu_stats(const mds__sim *s, mds__sim_stats *out) { *out = s->st; }

static void cpu_close(mds__sim *s)
{
    if (!s)
        return;
    drop_graph(s);
    mds__free(s->own);
    mds__free(s);
}

const mds__backend mds__backend_cpu = {
    .name = "cpu",
    .min_flops = 0.0,
    .probe = cpu_probe,
    .open = cpu_open,
    .rows = cpu_rows,
    .matrix = cpu_matrix,
    .graph = cpu_graph,
    .rank = cpu_rank,
    .stats = cpu_stats,
    .close = cpu_close,
};

mds_status mds_set_blas_threads(int n)
{
    if (n < 1)
        return MDS_EINVAL;
    /* OpenBLAS reads OPENBLAS_NUM_THREADS when it loads, too early for a program to set;
     * this is its run-time switch. */
    openblas_set_num_threads(n);
    return MDS_OK;
}
