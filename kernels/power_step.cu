/* SPDX-License-Identifier: MIT */
/* Elementwise work runs on a grid; the three sums of a step (dangling mass, total, L1
 * change) run in one block each: every thread sums a strided slice in order, then a fixed
 * tree in shared memory. One block is fast enough for a vector (a million doubles is a few
 * tens of microseconds) and keeps the order of summation fixed. */
#include "power_step.cuh"

#include "compute/edge.h"
#include "grid.cuh"

#define THREADS 256
#define REDUCE_THREADS 1024

/* The block's sum of v, in every thread; all threads of the block must call it. */
static __device__ double block_sum(double v, double *shared)
{
    shared[threadIdx.x] = v;
    __syncthreads();
    for (unsigned half = blockDim.x / 2; half > 0; half >>= 1) {
        if (threadIdx.x < half)
            shared[threadIdx.x] += shared[threadIdx.x + half];
        __syncthreads();
    }
    double total = shared[0];
    __syncthreads(); /* shared may be reused at once */
    return total;
}

static __global__ void __launch_bounds__(REDUCE_THREADS)
    weights_kernel(const double *p, const double *deg, size_t n, double *w, double *dangling)
{
    __shared__ double shared[REDUCE_THREADS];
    double mass = 0.0;
    for (size_t i = threadIdx.x; i < n; i += REDUCE_THREADS) {
        if (deg[i] > 0) {
            w[i] = p[i] / deg[i];
        } else {
            w[i] = 0.0;
            mass += p[i];
        }
    }
    double total = block_sum(mass, shared);
    if (threadIdx.x == 0)
        *dangling = total;
}

static __global__ void __launch_bounds__(THREADS)
    gather_dense_kernel(const float *S, size_t n, float thr, int unweighted, const double *w,
                        size_t chunk_rows, double *partial)
{
    const size_t j = blockIdx.x * (size_t)THREADS + threadIdx.x;
    const size_t c = blockIdx.y;
    const size_t begin = c * chunk_rows;
    const size_t end = begin + chunk_rows < n ? begin + chunk_rows : n;
    if (j >= n)
        return;
    double acc = 0.0;
    for (size_t i = begin; i < end; i++) {
        double wi = w[i]; /* the same for the whole warp: no divergence */
        if (wi == 0.0 || i == j)
            continue;
        acc += (double)mds__edge_weight(S[i * n + j], thr, unweighted) * wi; /* coalesced */
    }
    partial[c * n + j] = acc;
}

static __global__ void gather_sparse_kernel(const int *off, const int *src, const float *wt,
                                            size_t n, const double *w, double *acc)
{
    for (size_t j = blockIdx.x * (size_t)blockDim.x + threadIdx.x; j < n;
         j += (size_t)gridDim.x * blockDim.x) {
        double a = 0.0;
        for (int e = off[j]; e < off[j + 1]; e++)
            a += (double)wt[e] * w[src[e]];
        acc[j] = a;
    }
}

static __global__ void combine_kernel(const double *partial, size_t chunks, size_t n,
                                      const double *teleport, double damping,
                                      const double *dangling, double *q)
{
    const double jump = damping * *dangling + (1.0 - damping);
    const double uniform = 1.0 / (double)n;
    for (size_t j = blockIdx.x * (size_t)blockDim.x + threadIdx.x; j < n;
         j += (size_t)gridDim.x * blockDim.x) {
        double acc = 0.0;
        for (size_t c = 0; c < chunks; c++)
            acc += partial[c * n + j];
        q[j] = damping * acc + jump * (teleport ? teleport[j] : uniform);
    }
}

static __global__ void __launch_bounds__(REDUCE_THREADS)
    normalize_kernel(double *q, const double *p, size_t n, double *diff)
{
    __shared__ double shared[REDUCE_THREADS];
    double part = 0.0;
    for (size_t j = threadIdx.x; j < n; j += REDUCE_THREADS)
        part += q[j];
    const double total = block_sum(part, shared);
    part = 0.0;
    for (size_t j = threadIdx.x; j < n; j += REDUCE_THREADS) {
        double v = q[j] / total;
        q[j] = v;
        part += fabs(v - p[j]);
    }
    double d = block_sum(part, shared);
    if (threadIdx.x == 0)
        *diff = d;
}

extern "C" cudaError_t mds__cuda_rank_weights(const double *p, const double *deg, size_t n,
                                              double *w, double *dangling, cudaStream_t stream)
{
    weights_kernel<<<1, REDUCE_THREADS, 0, stream>>>(p, deg, n, w, dangling);
    return cudaGetLastError();
}

extern "C" cudaError_t mds__cuda_rank_gather_dense(const float *S, size_t n, float threshold,
                                                   int unweighted, const double *w,
                                                   size_t chunk_rows, double *partial,
                                                   cudaStream_t stream)
{
    if (n == 0)
        return cudaSuccess;
    if (chunk_rows == 0)
        return cudaErrorInvalidValue;
    size_t chunks = (n + chunk_rows - 1) / chunk_rows;
    size_t columns = (n + THREADS - 1) / THREADS;
    if (chunks > 65535 || columns > 0x7fffffffu)
        return cudaErrorInvalidValue;
    dim3 grid((unsigned)columns, (unsigned)chunks);
    gather_dense_kernel<<<grid, THREADS, 0, stream>>>(S, n, threshold, unweighted, w,
                                                      chunk_rows, partial);
    return cudaGetLastError();
}

extern "C" cudaError_t mds__cuda_rank_gather_sparse(const int *off, const int *src,
                                                    const float *wt, size_t n, const double *w,
                                                    double *acc, cudaStream_t stream)
{
    if (n == 0)
        return cudaSuccess;
    gather_sparse_kernel<<<mds__grid(n, THREADS), THREADS, 0, stream>>>(off, src, wt, n, w,
                                                                        acc);
    return cudaGetLastError();
}

extern "C" cudaError_t mds__cuda_rank_combine(const double *partial, size_t chunks, size_t n,
                                              const double *teleport, double damping,
                                              const double *dangling, double *q,
                                              cudaStream_t stream)
{
    if (n == 0)
        return cudaSuccess;
    combine_kernel<<<mds__grid(n, THREADS), THREADS, 0, stream>>>(partial, chunks, n, teleport,
                                                                  damping, dangling, q);
    return cudaGetLastError();
}

extern "C" cudaError_t mds__cuda_rank_normalize(double *q, const double *p, size_t n,
                                                double *diff, cudaStream_t stream)
{
    normalize_kernel<<<1, REDUCE_THREADS, 0, stream>>>(q, p, n, diff);
    return cudaGetLastError();
}
