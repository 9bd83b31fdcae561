/* SPDX-License-Identifier: MIT */
/* LexRank (Erkan and Radev 2004): the stationary distribution of a random walk on the
 * sentence similarity graph, with teleportation. */
#include "util/alloc.h"
#include "compute/lexrank.h"

#include <math.h>
#include <stdlib.h>

#include "compute/edge.h"

/* Where the toolchain can dispatch at load time, the hot loops are built for AVX-512 and AVX2
 * too. The build is ISO C (-ffp-contract=off): no product is fused into its sum, so every
 * clone gives the same bits. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && defined(__linux__)
#define CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CLONES
#endif

/* acc[j] += edge weight of row[j] * wi for all j: the hot loop (n^2 per iteration). The edge
 * rule as a factor, multiplied in, keeps it free of branches so that it vectorizes; no sum is
 * reordered. NaN would survive the multiplication (NaN * 0), so rows with NaN take the
 * careful path. */
CLONES
static void edge_axpy(const float *restrict row, double wi, size_t n, float thr, int unweighted,
                      double *restrict acc)
{
    if (unweighted) {
        for (size_t j = 0; j < n; j++) {
            float v = row[j];
            acc[j] += (double)mds__edge_factor(v, thr) * wi;
        }
    } else {
        for (size_t j = 0; j < n; j++) {
            float v = row[j];
            acc[j] += (double)(v * mds__edge_factor(v, thr)) * wi;
        }
    }
}

/* Rows a..d in one pass over acc[lo, hi): each acc[j] gets row a's term, then b's, c's and
 * d's, the order of four passes of edge_axpy, with a quarter of the loads and stores of acc. */
CLONES
static void edge_axpy4(const float *restrict a, const float *restrict b,
                       const float *restrict c, const float *restrict d, const double *w,
                       size_t lo, size_t hi, float thr, int unweighted, double *restrict acc)
{
    double wa = w[0], wb = w[1], wc = w[2], wd = w[3];
    if (unweighted) {
        for (size_t j = lo; j < hi; j++) {
            double s = acc[j];
            s += (double)mds__edge_factor(a[j], thr) * wa;
            s += (double)mds__edge_factor(b[j], thr) * wb;
            s += (double)mds__edge_factor(c[j], thr) * wc;
            s += (double)mds__edge_factor(d[j], thr) * wd;
            acc[j] = s;
        }
    } else {
        for (size_t j = lo; j < hi; j++) {
            double s = acc[j];
            float va = a[j], vb = b[j], vc = c[j], vd = d[j];
            s += (double)(va * mds__edge_factor(va, thr)) * wa;
            s += (double)(vb * mds__edge_factor(vb, thr)) * wb;
            s += (double)(vc * mds__edge_factor(vc, thr)) * wc;
            s += (double)(vd * mds__edge_factor(vd, thr)) * wd;
            acc[j] = s;
        }
    }
}

static void edge_axpy_nan(const float *row, double wi, size_t n, float thr, int unweighted,
                          double *acc)
{
    for (size_t j = 0; j < n; j++)
        acc[j] += (double)mds__edge_weight(row[j], thr, unweighted) * wi;
}

/* Rows of one pass over acc in the dense spread (edge_axpy4). */
#define GROUP 4

/* The graph the walk runs on: acc = sum_i w[i] * (edges out of i), and the degrees. */
typedef struct walk {
    size_t n;
    /* dense */
    const float *S;
    float thr;
    int unweighted, has_nan;
    int one_row; /* a row a pass over acc: the reference for the rows taken GROUP at once */
    /* sparse */
    const mds__graph *g;
    int kept_only;     /* the degrees are those of the kept edges: no rest to spread */
    double total_deg;  /* sum of g->deg */
} walk;

/* One row's spread, its self loop taken out after: the order every path keeps. */
static void spread_row(const walk *wk, size_t i, double wi, double *acc)
{
    size_t n = wk->n;
    const float *row = wk->S + i * n;
    if (wk->has_nan)
        edge_axpy_nan(row, wi, n, wk->thr, wk->unweighted, acc);
    else
        edge_axpy(row, wi, n, wk->thr, wk->unweighted, acc);
    acc[i] -= (double)mds__edge_weight(row[i], wk->thr, wk->unweighted) * wi; /* no self loop */
}

/* GROUP rows r[0] < r[1] < ... (no NaN in them) at once. acc[j] sees the rows' terms in the
 * order of spread_row one row after another; at the rows' own columns the self loop comes
 * out between them, so those columns are done one at a time, the rest in runs between. */
static void spread_group(const walk *wk, const size_t *r, const double *w, double *acc)
{
    size_t n = wk->n;
    float thr = wk->thr;
    int unw = wk->unweighted;
    const float *row[GROUP];
    for (int k = 0; k < GROUP; k++)
        row[k] = wk->S + r[k] * n;
    size_t lo = 0;
    for (int k = 0; k <= GROUP; k++) {
        size_t hi = k < GROUP ? r[k] : n;
        if (hi > lo)
            edge_axpy4(row[0], row[1], row[2], row[3], w, lo, hi, thr, unw, acc);
        if (k == GROUP)
            break;
        size_t j = r[k];
        double s = acc[j];
        for (int q = 0; q < GROUP; q++) {
            float v = row[q][j];
            if (unw)
                s += (double)mds__edge_factor(v, thr) * w[q];
            else
                s += (double)(v * mds__edge_factor(v, thr)) * w[q];
            if (q == k)
                s -= (double)mds__edge_weight(v, thr, unw) * w[q];
        }
        acc[j] = s;
        lo = j + 1;
    }
}

static void spread(const walk *wk, const double *w, double *acc)
{
    size_t n = wk->n;
    for (size_t j = 0; j < n; j++)
        acc[j] = 0.0;
    if (wk->g) {
        const mds__graph *g = wk->g;
        size_t k = g->k;
        double rest = 0; /* the weight of the edges not kept, times w */
        for (size_t i = 0; i < n; i++) {
            if (w[i] == 0.0)
                continue;
            const uint32_t *col = g->col + i * k;
            const float *ew = g->w + i * k;
            double kept = 0;
            for (size_t e = 0, m = g->cnt[i]; e < m; e++) {
                acc[col[e]] += (double)ew[e] * w[i];
                kept += (double)ew[e];
            }
            if (wk->kept_only)
                continue;
            double r = g->deg[i] - kept;
            if (r > 0)
                rest += r * w[i];
        }
        /* The edges not kept are the light ones, and there are many: spread their weight
         * over all sentences in proportion to degree, as edges of a graph with these degrees
         * and no other structure would (a rank-one model of the rest of S). Zero when every
         * edge is kept. */
        if (rest > 0 && wk->total_deg > 0)
            for (size_t j = 0; j < n; j++)
                acc[j] += rest * (g->deg[j] / wk->total_deg);
        return;
    }
    /* rows of weight 0 add nothing: skipped (acc never holds -0, so +0 is no change) */
    size_t r[GROUP];
    double wr[GROUP];
    int m = 0;
    for (size_t i = 0; i < n; i++) {
        if (w[i] == 0.0)
            continue;
        if (wk->has_nan || wk->one_row) {
            spread_row(wk, i, w[i], acc);
            continue;
        }
        r[m] = i;
        wr[m++] = w[i];
        if (m == GROUP) {
            spread_group(wk, r, wr, acc);
            m = 0;
        }
    }
    for (int k = 0; k < m; k++)
        spread_row(wk, r[k], wr[k], acc);
}

static mds_status power(const walk *wk, double damping, double tolerance, int max_iterations,
                        const double *teleport, double *scores, int *iterations)
{
    size_t n = wk->n;
    if (iterations)
        *iterations = 0;
    if (n == 0)
        return MDS_OK;
    double *deg = mds__malloc(n * sizeof *deg);
    double *p = mds__malloc(n * sizeof *p);
    double *q = mds__malloc(n * sizeof *q);
    double *w = mds__malloc(n * sizeof *w);
    double *acc = mds__malloc(n * sizeof *acc);
    mds_status st = MDS_ENOMEM;
    if (!deg || !p || !q || !w || !acc)
        goto done;

    /* Degrees: the spread of all ones (the graphs are symmetric, or out-degrees are the row
     * sums and those are what the walk divides by). */
    for (size_t i = 0; i < n; i++) {
        w[i] = 1.0;
        p[i] = teleport ? teleport[i] : 1.0 / (double)n;
    }
    if (wk->g) {
        for (size_t i = 0; i < n; i++) {
            double sum = 0;
            const float *ew = wk->g->w + i * wk->g->k;
            for (size_t e = 0, m = wk->g->cnt[i]; e < m; e++)
                sum += (double)ew[e];
            deg[i] = wk->kept_only ? sum : wk->g->deg[i];
        }
    } else {
        spread(wk, w, deg); /* S symmetric: column sums are row sums */
    }

    int it = 0;
    for (; it < max_iterations; it++) {
        /* q = d * (P^T p) + (d * dangling + (1 - d)) * teleport, P row-stochastic:
         * P^T p = sum_i (p[i] / deg[i]) * edges of row i. A sentence with no edges (dangling)
         * hands its mass to the teleport distribution. */
        double dangling = 0;
        for (size_t i = 0; i < n; i++) {
            if (deg[i] > 0) {
                w[i] = p[i] / deg[i];
            } else {
                w[i] = 0.0;
                dangling += p[i];
            }
        }
        spread(wk, w, acc);
        double jump = damping * dangling + (1.0 - damping);
        double diff = 0, total = 0;
        for (size_t j = 0; j < n; j++) {
            double t = teleport ? teleport[j] : 1.0 / (double)n;
            q[j] = damping * acc[j] + jump * t;
            total += q[j];
        }
        for (size_t j = 0; j < n; j++) {
            q[j] /= total;
            diff += fabs(q[j] - p[j]);
        }
        double *tmp = p;
        p = q;
        q = tmp;
        if (diff < tolerance) {
            it++;
            break;
        }
    }
    if (iterations)
        *iterations = it;
    for (size_t i = 0; i < n; i++)
        scores[i] = p[i] * (double)n;
    st = MDS_OK;
done:
    mds__free(deg);
    mds__free(p);
    mds__free(q);
    mds__free(w);
    mds__free(acc);
    return st;
}

static mds_status dense_walk(const float *S, size_t n, int has_nan, int one_row,
                             const mds__lexrank_opts *o, const double *teleport,
                             double *scores, int *iterations)
{
    walk wk = {n, S, (float)o->threshold, o->mode == MDS_LEXRANK_THRESHOLD, has_nan != 0,
               one_row, NULL, 0, 0.0};
    return power(&wk, o->damping, o->tolerance, o->max_iterations, teleport, scores,
                 iterations);
}

int mds__has_nan(const float *S, size_t count)
{
    int has = 0;
    for (size_t k = 0; k < count; k++)
        has |= S[k] != S[k];
    return has;
}

mds_status mds__lexrank(const float *S, size_t n, const mds__lexrank_opts *o,
                        const double *teleport, double *scores, int *iterations)
{
    /* NaN never comes from a normalized embedding; if it does, it is no edge (slow path). */
    return dense_walk(S, n, mds__has_nan(S, n * n), 0, o, teleport, scores, iterations);
}

mds_status mds__lexrank_scanned(const float *S, size_t n, int has_nan,
                                const mds__lexrank_opts *o, const double *teleport,
                                double *scores, int *iterations)
{
    return dense_walk(S, n, has_nan, 0, o, teleport, scores, iterations);
}

mds_status mds__lexrank_one_row(const float *S, size_t n, const mds__lexrank_opts *o,
                                const double *teleport, double *scores, int *iterations)
{
    return dense_walk(S, n, mds__has_nan(S, n * n), 1, o, teleport, scores, iterations);
}

mds_status mds__lexrank_sparse(const mds__graph *g, const mds__lexrank_opts *o, int kept_only,
                               const double *teleport, double *scores, int *iterations)
{
    walk wk = {g->n, NULL, 0.0f, 0, 0, 0, g, kept_only, 0.0};
    for (size_t i = 0; i < g->n && !kept_only; i++)
        wk.total_deg += g->deg[i];
    return power(&wk, o->damping, o->tolerance, o->max_iterations, teleport, scores,
                 iterations);
}

void mds__position_prior(size_t n, const uint32_t *doc_of, double weight, double *t)
{
    double sum = 0;
    uint32_t doc = UINT32_MAX, pos = 0;
    for (size_t i = 0; i < n; i++) {
        if (doc_of[i] != doc) {
            doc = doc_of[i];
            pos = 0;
        }
        t[i] = 1.0 / sqrt(1.0 + pos++);
        sum += t[i];
    }
    for (size_t i = 0; i < n; i++)
        t[i] = (1.0 - weight) / (double)n + weight * t[i] / sum;
}

void mds__relevance_prior(size_t n, const double *rel, double weight, double *t)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += rel[i];
    if (!(sum > 0))
        return;
    for (size_t i = 0; i < n; i++)
        t[i] = (1.0 - weight) * t[i] + weight * rel[i] / sum;
}
