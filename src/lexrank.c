/* LexRank (Erkan and Radev 2004): the stationary distribution of a random walk on the
 * sentence similarity graph, with teleportation. */
#include "lexrank.h"

#include <math.h>
#include <stdlib.h>

/* The weight of edge i-j: 0 on the diagonal, below the threshold, for negative cosines (sign
 * hashing can give them) and for NaN; else the cosine, or 1 in threshold mode. */
static inline float edge(float s, float thr, int unweighted)
{
    if (!(s >= thr) || !(s > 0.0f))
        return 0.0f;
    return unweighted ? 1.0f : s;
}

/* acc[j] += edge(row[j]) * wi for all j: the hot loop (n^2 per iteration). Masks made of
 * comparisons, multiplied in, keep it free of branches so that it vectorizes; no sum is
 * reordered. NaN would survive the multiplication (NaN * 0), so rows with NaN take the
 * careful path. Built for AVX2 too where the toolchain can dispatch at load time. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && defined(__linux__)
__attribute__((target_clones("avx2", "default")))
#endif
static void edge_axpy(const float *restrict row, double wi, size_t n, float thr, int unweighted,
                      double *restrict acc)
{
    if (unweighted) {
        for (size_t j = 0; j < n; j++) {
            float v = row[j];
            acc[j] += (double)((float)(v >= thr) * (float)(v > 0.0f)) * wi;
        }
    } else {
        for (size_t j = 0; j < n; j++) {
            float v = row[j];
            acc[j] += (double)(v * ((float)(v >= thr) * (float)(v > 0.0f))) * wi;
        }
    }
}

static void edge_axpy_nan(const float *row, double wi, size_t n, float thr, int unweighted,
                          double *acc)
{
    for (size_t j = 0; j < n; j++)
        acc[j] += (double)edge(row[j], thr, unweighted) * wi;
}

mds_status mds__lexrank(const float *S, size_t n, const mds__lexrank_opts *o,
                        const double *teleport, double *scores, int *iterations)
{
    if (iterations)
        *iterations = 0;
    if (n == 0)
        return MDS_OK;
    double *deg = malloc(n * sizeof *deg);
    double *p = malloc(n * sizeof *p);
    double *q = malloc(n * sizeof *q);
    double *w = malloc(n * sizeof *w);
    double *acc = malloc(n * sizeof *acc);
    mds_status st = MDS_ENOMEM;
    if (!deg || !p || !q || !w || !acc)
        goto done;

    const float thr = (float)o->threshold;
    const int unweighted = o->mode == MDS_LEXRANK_THRESHOLD;
    int has_nan = 0;
    /* NaN never comes from a normalized embedding; if it does, it is no edge (slow path). */
    for (size_t k = 0; k < n * n; k++)
        has_nan |= S[k] != S[k];
    /* Degrees: S is symmetric, so row sums are column sums, accumulated row by row. */
    for (size_t j = 0; j < n; j++)
        deg[j] = 0.0;
    for (size_t i = 0; i < n; i++) {
        const float *row = S + i * n;
        if (has_nan)
            edge_axpy_nan(row, 1.0, n, thr, unweighted, deg);
        else
            edge_axpy(row, 1.0, n, thr, unweighted, deg);
        deg[i] -= (double)edge(row[i], thr, unweighted); /* no self loop */
        p[i] = teleport ? teleport[i] : 1.0 / (double)n;
    }

    int it = 0;
    for (; it < o->max_iterations; it++) {
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
        for (size_t j = 0; j < n; j++)
            acc[j] = 0.0;
        for (size_t i = 0; i < n; i++) {
            if (w[i] == 0.0)
                continue;
            const float *row = S + i * n;
            if (has_nan)
                edge_axpy_nan(row, w[i], n, thr, unweighted, acc);
            else
                edge_axpy(row, w[i], n, thr, unweighted, acc);
            acc[i] -= (double)edge(row[i], thr, unweighted) * w[i]; /* no self loop */
        }
        double jump = o->damping * dangling + (1.0 - o->damping);
        double diff = 0, total = 0;
        for (size_t j = 0; j < n; j++) {
            double t = teleport ? teleport[j] : 1.0 / (double)n;
            q[j] = o->damping * (double)acc[j] + jump * t;
            total += q[j];
        }
        for (size_t j = 0; j < n; j++) {
            q[j] /= total;
            diff += fabs(q[j] - p[j]);
        }
        double *tmp = p;
        p = q;
        q = tmp;
        if (diff < o->tolerance) {
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
    free(deg);
    free(p);
    free(q);
    free(w);
    free(acc);
    return st;
}
