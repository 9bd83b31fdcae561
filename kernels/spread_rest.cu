/* SPDX-License-Identifier: MIT */
/* The rest of a sparse walk: a one-block ordered sum, then an elementwise spread. */
#include "spread_rest.cuh"

#include "grid.cuh"

#define THREADS 256
#define REDUCE_THREADS 1024

static __global__ void __launch_bounds__(REDUCE_THREADS)
    rest_sum_kernel(const double *w, const double *deg, const double *kept, size_t n,
                    double *rest)
{
    __shared__ double shared[REDUCE_THREADS];
    double acc = 0.0;
    for (size_t i = threadIdx.x; i < n; i += REDUCE_THREADS) {
        double r = deg[i] - kept[i];
        if (r > 0 && w[i] != 0.0)
            acc += r * w[i];
    }
    shared[threadIdx.x] = acc;
    __syncthreads();
    for (unsigned half = REDUCE_THREADS / 2; half > 0; half >>= 1) {
        if (threadIdx.x < half)
            shared[threadIdx.x] += shared[threadIdx.x + half];
        __syncthreads();
    }
    if (threadIdx.x == 0)
        *rest = shared[0];
}

static __global__ void rest_spread_kernel(double *acc, const double *deg, size_t n,
                                          const double *rest, double total_deg)
{
    const double r = *rest;
    for (size_t j = blockIdx.x * (size_t)blockDim.x + threadIdx.x; j < n;
         j += (size_t)gridDim.x * blockDim.x)
        acc[j] += r * (deg[j] / total_deg);
}

extern "C" cudaError_t mds__cuda_rest_sum(const double *w, const double *deg,
                                          const double *kept, size_t n, double *rest,
                                          cudaStream_t stream)
{
    rest_sum_kernel<<<1, REDUCE_THREADS, 0, stream>>>(w, deg, kept, n, rest);
    return cudaGetLastError();
}

extern "C" cudaError_t mds__cuda_rest_spread(double *acc, const double *deg, size_t n,
                                             const double *rest, double total_deg,
                                             cudaStream_t stream)
{
    if (n == 0)
        return cudaSuccess;
    rest_spread_kernel<<<mds__grid(n, THREADS), THREADS, 0, stream>>>(acc, deg, n, rest,
                                                                      total_deg);
    return cudaGetLastError();
}
