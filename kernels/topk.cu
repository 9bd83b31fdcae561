/* SPDX-License-Identifier: MIT */
/* One block per row. An edge is a unique 64-bit key, similarity bits above, the inverted
 * column below, so that "heavier, then lower column" is "larger key" and no two edges tie.
 * A radix select (8 bits a pass, from the top) finds the smallest key K among the k largest,
 * reading the row once a pass and stopping as soon as a whole bin is taken (usually after 3 or
 * 4 passes; 8 at most, with ties of similarity); then one pass collects the keys >= K into
 * shared memory (exactly min(k, edges) of them) and a bitonic sort orders them. The set and
 * its order depend on the keys only, so the result is deterministic. */
#include "topk.cuh"

#include "compute/edge.h"

#define THREADS MDS__TOPK_MAX /* one key of the final sort per thread */

/* Positive floats order as their bits; the edge rule keeps only s > 0, so the top bit set
 * here makes every edge key nonzero, and 0 can pad. */
static __device__ __forceinline__ unsigned long long edge_key(float s, unsigned j)
{
    return ((unsigned long long)(__float_as_uint(s) ^ 0x80000000u) << 32) |
           (unsigned long long)(0xffffffffu - j);
}

/* Column j of a row as a candidate edge: its key, or 0 (no key is 0) when j is the row's own
 * sentence or the similarity is no edge. */
static __device__ __forceinline__ unsigned long long candidate_key(const float *row, size_t j,
                                                                   size_t self, float thr)
{
    float v = row[j];
    return j == self || !mds__is_edge(v, thr) ? 0ull : edge_key(v, (unsigned)j);
}

static __global__ void __launch_bounds__(THREADS)
    topk_kernel(const float *T, size_t n, size_t row0, int k, float thr, int *idx,
                float *sim, int *count)
{
    __shared__ unsigned hist[256];
    __shared__ unsigned long long keys[THREADS];
    __shared__ unsigned long long s_prefix, s_min_key;
    __shared__ int s_bits, s_done;
    __shared__ unsigned s_need, s_slot;

    const size_t r = blockIdx.x;
    const size_t self = row0 + r;
    const float *row = T + r * n;
    const unsigned tid = threadIdx.x;

    if (tid == 0) {
        s_prefix = 0;   /* the top s_bits bits of K, found so far */
        s_bits = 0;
        s_need = (unsigned)k; /* keys still to take among those under the prefix */
        s_done = 0;
        s_min_key = 0;
        s_slot = 0;
    }
    __syncthreads();

    for (;;) {
        const unsigned long long prefix = s_prefix;
        const int bits = s_bits;
        const int shift = 56 - bits;
        hist[tid] = 0; /* THREADS == 256 bins */
        __syncthreads();
        for (size_t j = tid; j < n; j += THREADS) {
            unsigned long long key = candidate_key(row, j, self, thr);
            if (!key || (bits > 0 && (key >> (64 - bits)) != prefix))
                continue;
            atomicAdd(&hist[(unsigned)(key >> shift) & 0xffu], 1u);
        }
        __syncthreads();
        if (tid == 0) {
            if (bits == 0) {
                unsigned total = 0;
                for (int b = 0; b < 256; b++)
                    total += hist[b];
                if (total <= (unsigned)k) { /* every edge: K = 0 takes them all */
                    s_done = 1;
                    s_min_key = 0;
                }
            }
            if (!s_done) {
                /* The bin holding the need-th largest key under the prefix. */
                unsigned need = s_need, above = 0;
                int b = 255;
                for (; b > 0; b--) {
                    if (above + hist[b] >= need)
                        break;
                    above += hist[b];
                }
                need -= above;
                unsigned long long p = (prefix << 8) | (unsigned long long)b;
                int nb = bits + 8;
                s_prefix = p;
                s_bits = nb;
                s_need = need;
                /* All of the bin taken (always so once all 64 bits are known: keys are
                 * unique): K is the bin's lowest possible key. */
                if (hist[b] == need || nb == 64) {
                    s_done = 1;
                    s_min_key = p << (64 - nb);
                }
            }
        }
        __syncthreads();
        if (s_done)
            break;
    }

    const unsigned long long min_key = s_min_key;
    keys[tid] = 0;
    __syncthreads();
    for (size_t j = tid; j < n; j += THREADS) {
        unsigned long long key = candidate_key(row, j, self, thr);
        if (key && key >= min_key) {
            unsigned slot = atomicAdd(&s_slot, 1u);
            if (slot < THREADS) /* never false: at most k keys are >= K */
                keys[slot] = key;
        }
    }
    /* Bitonic sort, descending; zeros (padding) sink to the end. */
    for (unsigned size = 2; size <= THREADS; size <<= 1) {
        for (unsigned stride = size >> 1; stride > 0; stride >>= 1) {
            __syncthreads();
            unsigned other = tid ^ stride;
            if (other > tid) {
                unsigned long long a = keys[tid], b = keys[other];
                int descending = (tid & size) == 0;
                if (descending ? a < b : a > b) {
                    keys[tid] = b;
                    keys[other] = a;
                }
            }
        }
    }
    __syncthreads();
    unsigned got = s_slot < (unsigned)k ? s_slot : (unsigned)k;
    for (unsigned t = tid; t < (unsigned)k; t += THREADS) {
        size_t at = r * (size_t)k + t;
        if (t < got) {
            unsigned long long key = keys[t];
            idx[at] = (int)(0xffffffffu - (unsigned)(key & 0xffffffffu));
            sim[at] = __uint_as_float((unsigned)(key >> 32) ^ 0x80000000u);
        } else {
            idx[at] = -1;
            sim[at] = 0.0f;
        }
    }
    if (tid == 0)
        count[r] = (int)got;
}

extern "C" cudaError_t mds__cuda_topk(const float *T, size_t rows, size_t n, size_t row0, int k,
                                      float threshold, int *idx, float *sim, int *count,
                                      cudaStream_t stream)
{
    if (k < 1 || k > MDS__TOPK_MAX || n >= 0x7fffffffu || rows >= 0x7fffffffu)
        return cudaErrorInvalidValue;
    if (rows == 0)
        return cudaSuccess;
    topk_kernel<<<(unsigned)rows, THREADS, 0, stream>>>(T, n, row0, k, threshold, idx, sim,
                                                          count);
    return cudaGetLastError();
}
