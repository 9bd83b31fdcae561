/* SPDX-License-Identifier: MIT */
#include "convert_precision.cuh"

#include <cuda_fp16.h>

#include "grid.cuh"

static __global__ void round_tf32_kernel(float *x, size_t count)
{
    for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < count;
         i += (size_t)gridDim.x * blockDim.x) {
        unsigned u = __float_as_uint(x[i]);
        if ((u & 0x7f800000u) != 0x7f800000u) { /* finite: drop 13 bits, nearest even */
            u += 0x0fffu + ((u >> 13) & 1u);
            u &= 0xffffe000u;
        }
        x[i] = __uint_as_float(u);
    }
}

static __global__ void to_half_kernel(const float *x, __half *h, size_t count)
{
    for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < count;
         i += (size_t)gridDim.x * blockDim.x)
        h[i] = __float2half_rn(x[i]);
}

extern "C" cudaError_t mds__cuda_round_tf32(float *x, size_t count, cudaStream_t stream)
{
    if (count == 0)
        return cudaSuccess;
    round_tf32_kernel<<<mds__grid(count, 256), 256, 0, stream>>>(x, count);
    return cudaGetLastError();
}

extern "C" cudaError_t mds__cuda_to_half(const float *x, void *h, size_t count,
                                         cudaStream_t stream)
{
    if (count == 0)
        return cudaSuccess;
    to_half_kernel<<<mds__grid(count, 256), 256, 0, stream>>>(x, (__half *)h, count);
    return cudaGetLastError();
}
