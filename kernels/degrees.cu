/* SPDX-License-Identifier: MIT */
/* Dense: one block per row, each thread sums a strided slice, then a fixed tree in shared
 * memory (deterministic). Sparse: one thread per row, in slot order. Edge counts are integer
 * atomics, exact whatever their order. */
#include "degrees.cuh"

#include "compute/edge.h"
#include "grid.cuh"

#define THREADS 256

/* Row r of a tile of S whose first row is row0: its diagonal is column row0 + r. */
static __global__ void __launch_bounds__(THREADS)
    degrees_rows_kernel(const float *S, size_t n, size_t row0, float thr, int unweighted,
                        double *deg, unsigned long long *edges)
{
    __shared__ double sum[THREADS];
    __shared__ unsigned long long cnt[THREADS];
    const size_t r = blockIdx.x, i = row0 + r;
    const float *row = S + r * n;
    double acc = 0.0;
    unsigned long long c = 0;
    for (size_t j = threadIdx.x; j < n; j += THREADS) {
        if (j == i)
            continue;
        float w = mds__edge_weight(row[j], thr, unweighted);
        acc += (double)w;
        c += w != 0.0f;
    }
    sum[threadIdx.x] = acc;
    cnt[threadIdx.x] = c;
    __syncthreads();
    for (unsigned half = THREADS / 2; half > 0; half >>= 1) {
        if (threadIdx.x < half) {
            sum[threadIdx.x] += sum[threadIdx.x + half];
            cnt[threadIdx.x] += cnt[threadIdx.x + half];
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        deg[r] = sum[0];
        if (edges)
            atomicAdd(edges, cnt[0]);
    }
}

static __global__ void degrees_sparse_kernel(const float *sim, const int *count, size_t n, int k,
                                             int unweighted, double *deg,
                                             unsigned long long *edges)
{
    for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n;
         i += (size_t)gridDim.x * blockDim.x) {
        const float *w = sim + i * (size_t)k;
        double acc = 0.0;
        for (int t = 0; t < count[i]; t++)
            acc += unweighted ? 1.0 : (double)w[t];
        deg[i] = acc;
        atomicAdd(edges, (unsigned long long)count[i]);
    }
}

extern "C" cudaError_t mds__cuda_degrees_rows(const float *S, size_t rows, size_t n,
                                              size_t row0, float threshold, int unweighted,
                                              double *deg, unsigned long long *edges,
                                              cudaStream_t stream)
{
    if (rows == 0 || n == 0)
        return cudaSuccess;
    if (rows >= 0x7fffffffu)
        return cudaErrorInvalidValue;
    degrees_rows_kernel<<<(unsigned)rows, THREADS, 0, stream>>>(S, n, row0, threshold,
                                                                 unweighted, deg, edges);
    return cudaGetLastError();
}

extern "C" cudaError_t mds__cuda_degrees_dense(const float *S, size_t n, float threshold,
                                               int unweighted, double *deg,
                                               unsigned long long *edges, cudaStream_t stream)
{
    return mds__cuda_degrees_rows(S, n, n, 0, threshold, unweighted, deg, edges, stream);
}

extern "C" cudaError_t mds__cuda_degrees_sparse(const float *sim, const int *count, size_t n,
                                                int k, int unweighted, double *deg,
                                                unsigned long long *edges, cudaStream_t stream)
{
    if (n == 0)
        return cudaSuccess;
    degrees_sparse_kernel<<<mds__grid(n, THREADS), THREADS, 0, stream>>>(sim, count, n, k,
                                                                         unweighted, deg, edges);
    return cudaGetLastError();
}
