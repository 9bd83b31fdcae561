/* SPDX-License-Identifier: MIT */
/* The CPU backend: the gram by OpenBLAS or by the inverted index over X's non-zeros
 * (spgram.c), whichever the cost model of plan.c expects to be faster; lexrank.c for the
 * walk. Always built, always last in the list, and the reference for every other backend.
 * OpenBLAS is loaded when the dense gram first runs (blas_dl.h). */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#include <sys/mman.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"
#include "compute/backend.h"
#include "compute/blas_dl.h"
#include "compute/edge.h"
#include "compute/graph.h"
#include "compute/lexrank.h"
#include "compute/plan.h"
#include "compute/spgram.h"
#include "util/clock.h"

struct mds__sim {
    const float *X; /* the caller's, or `own`: rounded to a lower precision, or made from A;
                       NULL until then when the session was opened over A */
    float *own;
    const mds__csr *A; /* the caller's non-zeros (open_csr), at FP32: the index reads them */
    size_t n, d;
    float *S;       /* dense graph: n x n */
    int has_nan;    /* whether S holds a NaN (the walk's careful path) */
    size_t *cnt;    /* X's non-zeros in each dimension, when choose_gram counted them */
    mds__graph g;   /* sparse graph */
    int sparse;
    size_t group; /* the index's graph: rows a thread reduces at once */
    mds__gram_kind gram; /* the graph's: rows asked later are computed the same way */
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

/* Threads of BLAS and of the index's graph: mds_set_blas_threads, else every online CPU. */
static int compute_threads;

static int threads_now(void)
{
    if (compute_threads > 0)
        return compute_threads;
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    return c < 1 ? 1 : c > 64 ? 64 : (int)c;
}

static mds_status cpu_probe(int device, char *msg, size_t msg_size) { return MDS_OK; }

/* X made dense in `own` from A, when a session opened over A needs it (BLAS). */
static mds_status dense_x(mds__sim *s, char *msg, size_t msg_size)
{
    if (s->X)
        return MDS_OK;
    size_t n = s->n, d = s->d;
    if (!(s->own = mds__malloc((n * d > 0 ? n * d : 1) * sizeof *s->own))) {
        snprintf(msg, msg_size, "out of memory for %zu x %zu embeddings", n, d);
        return MDS_ENOMEM;
    }
    mds__csr_dense(s->A, s->own);
    s->X = s->own;
    return MDS_OK;
}

/* A session over X, or (X NULL) over A. */
static mds_status open_any(const float *X, const mds__csr *A, size_t n, size_t d,
                           mds_precision prec, mds__sim **out, char *msg, size_t msg_size)
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
    s->A = A;
    s->n = n;
    s->d = d;
    mds_status st = MDS_OK;
    if (prec != MDS_PRECISION_FP32) { /* a rounded copy, dense; A is then not read again */
        if (!X && (st = dense_x(s, msg, msg_size))) {
            mds__free(s);
            return st;
        }
        if (!s->own && !(s->own = mds__malloc((n * d > 0 ? n * d : 1) * sizeof *s->own))) {
            mds__free(s);
            snprintf(msg, msg_size, "out of memory for %zu x %zu embeddings", n, d);
            return MDS_ENOMEM;
        }
        if (X)
            memcpy(s->own, X, n * d * sizeof *s->own);
        mds__round_precision(s->own, n * d, prec);
        s->X = s->own;
        s->A = NULL;
    }
    snprintf(s->st.device, sizeof s->st.device, "cpu");
    *out = s;
    return MDS_OK;
}

static mds_status cpu_open(int device, const float *X, size_t n, size_t d, mds_precision prec,
                           mds__sim **out, char *msg, size_t msg_size)
{
    return open_any(X, NULL, n, d, prec, out, msg, msg_size);
}

static mds_status cpu_open_csr(int device, const mds__csr *A, mds_precision prec,
                               mds__sim **out, char *msg, size_t msg_size)
{
    return open_any(NULL, A, A->n, A->d, prec, out, msg, msg_size);
}

/* S = rows [row0, row0 + rows) of X X^T; the whole matrix by SYRK (half the work).
 * MDS_EBACKEND when OpenBLAS cannot be loaded. */
static mds_status gram(mds__sim *s, size_t row0, size_t rows, float *S, char *msg,
                       size_t msg_size)
{
    size_t n = s->n, d = s->d;
    const mds__blas *b;
    char why[768];
    if (mds__blas_load(&b, why, sizeof why)) {
        snprintf(msg, msg_size, "the dense gram of %zu x %zu embeddings needs BLAS: %s", n, d,
                 why);
        return MDS_EBACKEND;
    }
    double t0 = mds__now();
    if (row0 == 0 && rows == n) {
        b->cblas_ssyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)n, (int)d, 1.0f, s->X,
                       (int)d, 0.0f, S, (int)n);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < i; j++)
                S[i * n + j] = S[j * n + i];
        s->st.gram_flops += (double)n * (double)(n + 1) * (double)d;
    } else {
        b->cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows, (int)n, (int)d, 1.0f,
                       s->X + row0 * d, (int)d, s->X, (int)d, 0.0f, S, (int)n);
        s->st.gram_flops += 2.0 * (double)rows * (double)n * (double)d;
    }
    s->st.seconds_gram += mds__now() - t0;
    return MDS_OK;
}

/* Whether BLAS is there to run (loading it, the first time). */
static int blas_available(void)
{
    const mds__blas *b;
    char why[8];
    return mds__blas_load(&b, why, sizeof why) == MDS_OK;
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
    if (s->gram == MDS__GRAM_INDEX) { /* the graph's own sums, a row at a time from X */
        double t0 = mds__now();
        for (size_t r = 0; r < rows; r++)
            if (s->A)
                mds__spgram_row_csr(s->A, row0 + r, S + r * s->n);
            else
                mds__spgram_row_dense(s->X, s->n, s->d, row0 + r, S + r * s->n);
        s->st.seconds_gram += mds__now() - t0;
        return MDS_OK;
    }
    mds_status st = dense_x(s, msg, msg_size);
    if (st)
        return st;
    return gram(s, row0, rows, S, msg, msg_size);
}

static const float *cpu_matrix(mds__sim *s) { return s->S; }

static void drop_graph(mds__sim *s)
{
    mds__free(s->S);
    s->S = NULL;
    s->has_nan = 0;
    mds__free(s->cnt);
    s->cnt = NULL;
    mds__graph_free(&s->g);
    s->sparse = 0;
    s->st.edges = 0;
}

/* The gram for this graph: as asked, else by the cost model; AUTO takes the index only when
 * it fits in what the plan gives the gram. */
static mds_status choose_gram(mds__sim *s, const mds__graph_opts *o, mds__gram_kind *out)
{
    *out = o->gram;
    if (o->gram != MDS__GRAM_AUTO)
        return MDS_OK;
    /* the counts stay for the index (index_graph), which then reads X, or A, once */
    size_t *cnt = s->cnt = mds__malloc((s->d ? s->d : 1) * sizeof *cnt);
    if (!cnt)
        return MDS_ENOMEM;
    size_t nnz = s->A ? mds__spgram_count_csr(s->A, cnt)
                      : mds__spgram_count(s->X, s->n, s->d, cnt);
    double pairs = 0.0;
    for (size_t t = 0; t < s->d; t++)
        pairs += (double)cnt[t] * (double)cnt[t];
    int threads = threads_now();
    *out = mds__plan_gram(s->n, s->d, pairs, o->neighbors > 0, threads);
    /* without OpenBLAS (not installed, or not loadable) the index computes the same sums,
     * only slower on dense embeddings: it is taken where it fits */
    if (*out == MDS__GRAM_BLAS && !blas_available())
        *out = MDS__GRAM_INDEX;
    /* the index and, for the top-k graph, each thread's scratch within the plan's room: the
     * groups of rows shrink to fit, down to one row */
    size_t k = mds__graph_neighbors(s->n, o->neighbors);
    size_t index = mds__spgram_bytes(s->n, s->d, nnz), T = (size_t)threads;
    s->group = o->neighbors ? mds__spgram_group(s->n, threads) : 0;
    if (!o->gram_bytes)
        return MDS_OK;
    if (index > o->gram_bytes) {
        *out = MDS__GRAM_BLAS;
        return MDS_OK;
    }
    if (o->neighbors) {
        size_t room = (o->gram_bytes - index) / T, one = mds__spgram_thread_bytes(s->d, k, 1);
        size_t row = mds__spgram_thread_bytes(s->d, k, 2) - one;
        if (room < one)
            *out = MDS__GRAM_BLAS;
        else if (mds__spgram_thread_bytes(s->d, k, s->group) > room)
            s->group = 1 + (room - one) / row;
    }
    return MDS_OK;
}

/* The graph by the index: the dense S a row at a time, the top-k graph fused. */
static mds_status index_graph(mds__sim *s, const mds__graph_opts *o, char *msg,
                              size_t msg_size)
{
    size_t n = s->n;
    double t0 = mds__now();
    mds__spgram sg;
    mds_status st = s->A   ? mds__spgram_init_csr(&sg, s->A, s->cnt)
                    : s->cnt ? mds__spgram_init_counted(&sg, s->X, n, s->d, s->cnt)
                             : mds__spgram_init(&sg, s->X, n, s->d);
    mds__free(s->cnt);
    s->cnt = NULL;
    if (st) {
        snprintf(msg, msg_size, "%s for the index of %zu x %zu embeddings",
                 st == MDS_ENOMEM ? "out of memory" : "too many rows or dimensions", n, s->d);
        return st;
    }
    if (s->S) {
        /* the edges counted, and NaN looked for, a row at a time while it is in cache */
        mds__spgram_matrix_edges(&sg, s->S, threads_now(), o->threshold, &s->st.edges,
                                 &s->has_nan);
    } else {
        st = mds__spgram_graph(&sg, &s->g, o->threshold, o->mode == MDS_LEXRANK_THRESHOLD,
                               threads_now(), s->group);
        if (st)
            snprintf(msg, msg_size, "out of memory for the index's scratch (%zu sentences)", n);
    }
    s->st.gram_flops += 2.0 * sg.pairs;
    mds__spgram_free(&sg);
    s->st.seconds_gram += mds__now() - t0; /* the top-k reduction included: it is fused */
    return st;
}

static mds_status cpu_graph(mds__sim *s, const mds__graph_opts *o, char *msg, size_t msg_size)
{
    size_t n = s->n;
    drop_graph(s);
    s->go = *o;
    mds_status st = choose_gram(s, o, &s->gram);
    if (st) {
        snprintf(msg, msg_size, "out of memory choosing the gram (%zu dimensions)", s->d);
        return st;
    }
    if (s->gram != MDS__GRAM_INDEX) { /* the counts were for the index; BLAS reads X */
        mds__free(s->cnt);
        s->cnt = NULL;
        if ((st = dense_x(s, msg, msg_size)))
            return st;
    }
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
        if (s->gram == MDS__GRAM_INDEX) { /* it counts the edges */
            if ((st = index_graph(s, o, msg, msg_size))) {
                drop_graph(s);
                return st;
            }
            return MDS_OK;
        }
        if ((st = gram(s, 0, n, s->S, msg, msg_size))) {
            drop_graph(s);
            return st;
        }
        double t0 = mds__now();
        /* every entry counted without a branch (it vectorizes), then the diagonal taken out;
         * NaN looked for on the way (the walk's careful path) */
        size_t edges = 0;
        int nan = 0;
        float thr = o->threshold;
        for (size_t k = 0; k < n * n; k++) {
            edges += (size_t)mds__is_edge(s->S[k], thr);
            nan |= s->S[k] != s->S[k];
        }
        for (size_t i = 0; i < n; i++)
            edges -= (size_t)mds__is_edge(s->S[i * n + i], thr);
        s->st.edges = edges;
        s->has_nan = nan;
        s->st.seconds_graph += mds__now() - t0;
        return MDS_OK;
    }
    size_t k = mds__graph_neighbors(n, o->neighbors);
    if (s->gram == MDS__GRAM_INDEX) {
        if (mds__graph_init(&s->g, n, k)) {
            snprintf(msg, msg_size, "out of memory for a %zu-neighbour graph of %zu sentences",
                     k, n);
            return MDS_ENOMEM;
        }
        s->sparse = 1;
        if ((st = index_graph(s, o, msg, msg_size))) {
            drop_graph(s);
            return st;
        }
        s->st.edges = s->g.edges;
        return MDS_OK;
    }
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
        if ((st = gram(s, r, rows, T, msg, msg_size))) {
            mds__free(T);
            drop_graph(s);
            return st;
        }
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
                              : mds__lexrank_scanned(s->S, s->n, s->has_nan, &lo, teleport,
                                                     scores, iterations);
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
    .open_csr = cpu_open_csr,
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
     * this is its run-time switch, applied when it loads if it is not loaded yet (blas_dl.c
     * also stops its idle workers). The index's graph (spgram.c) takes as many. */
    mds__blas_set_threads(n);
    compute_threads = n;
    return MDS_OK;
}
