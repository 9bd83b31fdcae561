/* SPDX-License-Identifier: MIT */
/* The sparse walk's rest (src/compute/lexrank.c): the weight of the edges a sparse graph did not keep,
 * spread over all sentences in proportion to their degrees. Per step:
 *   rest = sum_i w[i] * (deg[i] - kept[i]) over i where that difference is > 0,
 *   acc[j] += rest * (deg[j] / total_deg).
 * One block sums rest in a fixed order, so the same input gives the same bits. */
#ifndef MDS_KERNELS_SPREAD_REST_CUH
#define MDS_KERNELS_SPREAD_REST_CUH

#include <stddef.h>

#include <cuda_runtime_api.h>

#ifdef __cplusplus
extern "C" {
#endif

/* *rest as above. deg: full degrees; kept: the sums of the kept edges' weights. */
cudaError_t mds__cuda_rest_sum(const double *w, const double *deg, const double *kept,
                               size_t n, double *rest, cudaStream_t stream);

/* acc[j] += *rest * (deg[j] / total_deg); total_deg > 0. */
cudaError_t mds__cuda_rest_spread(double *acc, const double *deg, size_t n, const double *rest,
                                  double total_deg, cudaStream_t stream);

#ifdef __cplusplus
}
#endif
#endif
