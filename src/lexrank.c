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
    for (size_t i = 0; i < n; i++) {
        const float *row = S + i * n;
        double d = 0;
        for (size_t j = 0; j < n; j++)
            d += j == i ? 0.0f : edge(row[j], thr, unweighted);
        deg[i] = d;
        p[i] = teleport ? teleport[i] : 1.0 / (double)n;
    }

    int it = 0;
    for (; it < o->max_iterations; it++) {
        /* q = d * (P^T p) + (d * dangling + (1 - d)) * teleport, P row-stochastic. S is
         * symmetric, so column j of P^T p is sum_i S[j][i] * p[i] / deg[i]: a row sweep. A
         * sentence with no edges (dangling) hands its mass to the teleport distribution. */
        double dangling = 0;
        for (size_t i = 0; i < n; i++) {
            if (deg[i] > 0) {
                w[i] = p[i] / deg[i];
            } else {
                w[i] = 0.0;
                dangling += p[i];
            }
        }
        for (size_t j = 0; j < n; j++) {
            const float *row = S + j * n;
            double sum = 0.0;
            for (size_t i = 0; i < n; i++)
                sum += (double)edge(row[i], thr, unweighted) * w[i];
            sum -= (double)edge(row[j], thr, unweighted) * w[j]; /* no self loop */
            acc[j] = sum;
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
