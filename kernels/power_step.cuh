/* SPDX-License-Identifier: MIT */
/* One LexRank power-iteration step on the device, in the math of src/compute/lexrank.c:
 *   w[i] = p[i] / deg[i] (0 and dangling mass where deg[i] == 0),
 *   q[j] = d * sum_i edge(i, j) w[i] + (d * dangling + 1 - d) * teleport[j],
 *   q /= sum q, diff = |q - p|_1.
 * All sums in double with a fixed order: the same input gives the same bits. */
#ifndef MDS_KERNELS_POWER_STEP_CUH
#define MDS_KERNELS_POWER_STEP_CUH

#include <stddef.h>

#include <cuda_runtime_api.h>

#ifdef __cplusplus
extern "C" {
#endif

/* w[i] as above; *dangling = sum of p[i] where deg[i] == 0. */
cudaError_t mds__cuda_rank_weights(const double *p, const double *deg, size_t n, double *w,
                                   double *dangling, cudaStream_t stream);

/* Dense S (n x n): the rows cut into chunks of chunk_rows; partial[c * n + j] = sum over
 * rows i of chunk c, i != j, in increasing i, of edge weight(S[i][j]) * w[i]. */
cudaError_t mds__cuda_rank_gather_dense(const float *S, size_t n, float threshold,
                                        int unweighted, const double *w, size_t chunk_rows,
                                        double *partial, cudaStream_t stream);

/* Sparse in-lists (see transpose_graph.cuh): acc[j] = sum over e in off[j] .. off[j+1], in
 * order, of wt[e] * w[src[e]]. */
cudaError_t mds__cuda_rank_gather_sparse(const int *off, const int *src, const float *wt,
                                         size_t n, const double *w, double *acc,
                                         cudaStream_t stream);

/* q[j] = damping * (partial[0*n + j] + ... + partial[(chunks-1)*n + j]) +
 * (damping * *dangling + 1 - damping) * t[j], t the teleport (NULL: uniform 1/n). */
cudaError_t mds__cuda_rank_combine(const double *partial, size_t chunks, size_t n,
                                   const double *teleport, double damping,
                                   const double *dangling, double *q, cudaStream_t stream);

/* q /= sum q; *diff = sum |q[j] - p[j]|. */
cudaError_t mds__cuda_rank_normalize(double *q, const double *p, size_t n, double *diff,
                                     cudaStream_t stream);

#ifdef __cplusplus
}
#endif
#endif
