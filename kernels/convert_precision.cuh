/* SPDX-License-Identifier: MIT */
/* Rounding the embeddings on the device to the gram's input precision, as
 * mds__round_precision does on the CPU (nearest even), so that both backends multiply the
 * same numbers. */
#ifndef MDS_KERNELS_CONVERT_PRECISION_CUH
#define MDS_KERNELS_CONVERT_PRECISION_CUH

#include <stddef.h>

#include <cuda_runtime_api.h>

#ifdef __cplusplus
extern "C" {
#endif

/* x[0..count) rounded in place to TF32 (10 mantissa bits), nearest even; Inf and NaN kept. */
cudaError_t mds__cuda_round_tf32(float *x, size_t count, cudaStream_t stream);

/* h[i] = x[i] as IEEE half (__half), nearest even, out of range to infinity. */
cudaError_t mds__cuda_to_half(const float *x, void *h, size_t count, cudaStream_t stream);

#ifdef __cplusplus
}
#endif
#endif
