/* SPDX-License-Identifier: MIT */
/* The sparse graph's top-k reduction: each row of a tile of S cut down to its k heaviest
 * edges. */
#ifndef MDS_KERNELS_TOPK_CUH
#define MDS_KERNELS_TOPK_CUH

#include <stddef.h>

#include <cuda_runtime_api.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The largest k the kernel takes (one block of this many threads per row). */
#define MDS__TOPK_MAX 256

/* T: a tile of S, rows x n, row-major (row r is sentence row0 + r). For each row, the edges
 * (column j != row0 + r, s >= threshold, s > 0) ordered by similarity, heaviest first, ties
 * by lower column, the first k of them: idx[r*k + t] the column, sim[r*k + t] its
 * similarity, for t < count[r] = min(k, edges of the row); past count[r], idx is -1 and sim
 * 0. 1 <= k <= MDS__TOPK_MAX, n < 2^31, rows < 2^31. The result is deterministic. */
cudaError_t mds__cuda_topk(const float *T, size_t rows, size_t n, size_t row0, int k,
                           float threshold, int *idx, float *sim, int *count,
                           cudaStream_t stream);

#ifdef __cplusplus
}
#endif
#endif
