/* LexRank (Erkan and Radev 2004): the stationary distribution of a random walk on the
 * sentence similarity graph, with teleportation. */
#include "lexrank.h"

#include <math.h>
#include <stdlib.h>

static float edge(const float *S, size_t n, size_t i, size_t j, const mds__lexrank_opts *o)
{
    if (i == j)
        return 0.0f;
    float s = S[i * n + j];
    if (!(s >= (float)o->threshold) || s <= 0.0f) /* also rejects NaN */
        return 0.0f;
    return o->mode == MDS_LEXRANK_THRESHOLD ? 1.0f : s;
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
    mds_status st = MDS_ENOMEM;
    if (!deg || !p || !q)
        goto done;

    for (size_t i = 0; i < n; i++) {
        double d = 0;
        for (size_t j = 0; j < n; j++)
            d += edge(S, n, i, j, o);
        deg[i] = d;
        p[i] = teleport ? teleport[i] : 1.0 / (double)n;
    }

    int it = 0;
    for (; it < o->max_iterations; it++) {
        /* q = d * (P^T p) + (d * dangling + (1 - d)) * teleport, P row-stochastic. A sentence
         * with no edges (dangling) hands its mass to the teleport distribution. */
        double dangling = 0;
        for (size_t j = 0; j < n; j++)
            q[j] = 0;
        for (size_t i = 0; i < n; i++) {
            if (deg[i] <= 0) {
                dangling += p[i];
                continue;
            }
            double w = p[i] / deg[i];
            const float *row = S + i * n;
            for (size_t j = 0; j < n; j++) {
                if (j == i)
                    continue;
                float s = row[j];
                if (s >= (float)o->threshold && s > 0.0f)
                    q[j] += w * (o->mode == MDS_LEXRANK_THRESHOLD ? 1.0 : (double)s);
            }
        }
        double jump = o->damping * dangling + (1.0 - o->damping);
        double diff = 0, sum = 0;
        for (size_t j = 0; j < n; j++) {
            double t = teleport ? teleport[j] : 1.0 / (double)n;
            q[j] = o->damping * q[j] + jump * t;
            sum += q[j];
        }
        for (size_t j = 0; j < n; j++) {
            q[j] /= sum;
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
    return st;
}
