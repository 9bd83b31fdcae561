/* SPDX-License-Identifier: MIT */
/* The sparse graph turned around: from the k out-edges of each sentence to the lists of
 * edges coming into each sentence, so that a power-iteration step is a gather with a fixed
 * order of summation (deterministic) instead of a scatter with atomics. */
#ifndef MDS_KERNELS_TRANSPOSE_GRAPH_CUH
#define MDS_KERNELS_TRANSPOSE_GRAPH_CUH

#include <stddef.h>

#include <cuda_runtime_api.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Out-lists: idx/sim, n rows of k slots (idx -1 in unused slots), n * k < 2^31. In-lists:
 * the edges into sentence j are positions off[j] .. off[j+1] of src (the sentence the edge
 * leaves) and wt (its weight: sim, or 1 when unweighted), sources in increasing order.
 * off has n + 1 entries, src and wt n * k. With scratch NULL only *scratch_bytes is set: the
 * scratch memory the call needs. */
cudaError_t mds__cuda_transpose_graph(const int *idx, const float *sim, size_t n, int k,
                                      int unweighted, void *scratch, size_t *scratch_bytes,
                                      int *off, int *src, float *wt, cudaStream_t stream);

#ifdef __cplusplus
}
#endif
#endif
