/* SPDX-License-Identifier: MIT */
/* Degrees of the similarity graph (the row sums of its edge weights) and its edge count. */
#ifndef MDS_KERNELS_DEGREES_CUH
#define MDS_KERNELS_DEGREES_CUH

#include <stddef.h>

#include <cuda_runtime_api.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Dense S (n x n, row-major): deg[i] = sum over j != i of the edge weight of S[i][j], in
 * double; *edges += the number of edges (the caller zeroes it). */
cudaError_t mds__cuda_degrees_dense(const float *S, size_t n, float threshold, int unweighted,
                                    double *deg, unsigned long long *edges,
                                    cudaStream_t stream);

/* A tile of S: rows [row0, row0 + rows) (rows x n, row-major). deg[r] = the full degree of
 * sentence row0 + r: every edge of its row, diagonal excluded, in double; edges, unless NULL,
 * += their number. The sparse graph keeps these exact degrees beside its kept edges. */
cudaError_t mds__cuda_degrees_rows(const float *S, size_t rows, size_t n, size_t row0,
                                   float threshold, int unweighted, double *deg,
                                   unsigned long long *edges, cudaStream_t stream);

/* Sparse out-lists (n rows of k slots, count[i] used): deg[i] = sum of the weights (sim, or
 * 1 when unweighted) in slot order; *edges += sum of count (the caller zeroes it). */
cudaError_t mds__cuda_degrees_sparse(const float *sim, const int *count, size_t n, int k,
                                     int unweighted, double *deg, unsigned long long *edges,
                                     cudaStream_t stream);

#ifdef __cplusplus
}
#endif
#endif
