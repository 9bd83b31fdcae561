/* SPDX-License-Identifier: MIT */
/* A stable radix sort of the edges by target (cub), with the edge's slot number as value: the
 * slots are numbered row by row, so within a target the sources stay in increasing order.
 * Offsets come from per-target counts (integer atomics, exact) and an exclusive scan. */
#include "transpose_graph.cuh"

#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_scan.cuh>

#include "grid.cuh"

#define THREADS 256

static __global__ void keys_kernel(const int *idx, size_t entries, unsigned n, unsigned *keys,
                                   unsigned *slots, int *in_count)
{
    for (size_t e = blockIdx.x * (size_t)blockDim.x + threadIdx.x; e < entries;
         e += (size_t)gridDim.x * blockDim.x) {
        int j = idx[e];
        keys[e] = j < 0 ? n : (unsigned)j; /* unused slots sort last */
        slots[e] = (unsigned)e;
        if (j >= 0)
            atomicAdd(&in_count[j], 1);
    }
}

static __global__ void lists_kernel(const unsigned *keys, const unsigned *slots, size_t entries,
                                    unsigned n, int k, const float *sim, int unweighted,
                                    int *src, float *wt)
{
    for (size_t p = blockIdx.x * (size_t)blockDim.x + threadIdx.x; p < entries;
         p += (size_t)gridDim.x * blockDim.x) {
        if (keys[p] >= n) {
            src[p] = -1;
            wt[p] = 0.0f;
            continue;
        }
        unsigned e = slots[p];
        src[p] = (int)(e / (unsigned)k);
        wt[p] = unweighted ? 1.0f : sim[e];
    }
}

static size_t align_up(size_t x) { return (x + 255) & ~(size_t)255; }

extern "C" cudaError_t mds__cuda_transpose_graph(const int *idx, const float *sim, size_t n,
                                                 int k, int unweighted, void *scratch,
                                                 size_t *scratch_bytes, int *off, int *src,
                                                 float *wt, cudaStream_t stream)
{
    if (n == 0 || k < 1 || n >= 0x7fffffffu || (size_t)k > 0x7fffffffu / n)
        return cudaErrorInvalidValue;
    const size_t entries = n * (size_t)k;
    const int items = (int)entries;
    int end_bit = 0; /* keys go up to n (unused slots) */
    while (end_bit < 32 && ((size_t)1 << end_bit) <= n)
        end_bit++;

    size_t sort_bytes = 0, scan_bytes = 0;
    cudaError_t err = cub::DeviceRadixSort::SortPairs(
        (void *)NULL, sort_bytes, (const unsigned *)NULL, (unsigned *)NULL,
        (const unsigned *)NULL, (unsigned *)NULL, items, 0, end_bit, stream);
    if (err != cudaSuccess)
        return err;
    err = cub::DeviceScan::ExclusiveSum((void *)NULL, scan_bytes, (const int *)NULL, (int *)NULL,
                                        (int)(n + 1), stream);
    if (err != cudaSuccess)
        return err;
    const size_t temp_bytes = sort_bytes > scan_bytes ? sort_bytes : scan_bytes;
    const size_t array_bytes = align_up(entries * sizeof(unsigned));
    const size_t count_bytes = align_up((n + 1) * sizeof(int));
    const size_t need = 4 * array_bytes + count_bytes + align_up(temp_bytes);
    if (!scratch) {
        *scratch_bytes = need;
        return cudaSuccess;
    }
    if (*scratch_bytes < need)
        return cudaErrorInvalidValue;

    char *at = (char *)scratch;
    unsigned *keys_in = (unsigned *)at;
    unsigned *keys_out = (unsigned *)(at += array_bytes);
    unsigned *slots_in = (unsigned *)(at += array_bytes);
    unsigned *slots_out = (unsigned *)(at += array_bytes);
    int *in_count = (int *)(at += array_bytes);
    void *temp = (void *)(at += count_bytes);

    if ((err = cudaMemsetAsync(in_count, 0, (n + 1) * sizeof(int), stream)) != cudaSuccess)
        return err;
    keys_kernel<<<mds__grid(entries, THREADS), THREADS, 0, stream>>>(idx, entries, (unsigned)n,
                                                                     keys_in, slots_in,
                                                                     in_count);
    if ((err = cudaGetLastError()) != cudaSuccess)
        return err;
    size_t bytes = temp_bytes;
    err = cub::DeviceRadixSort::SortPairs(temp, bytes, (const unsigned *)keys_in, keys_out,
                                          (const unsigned *)slots_in, slots_out, items, 0,
                                          end_bit, stream);
    if (err != cudaSuccess)
        return err;
    bytes = temp_bytes;
    err = cub::DeviceScan::ExclusiveSum(temp, bytes, (const int *)in_count, off, (int)(n + 1),
                                        stream);
    if (err != cudaSuccess)
        return err;
    lists_kernel<<<mds__grid(entries, THREADS), THREADS, 0, stream>>>(
        keys_out, slots_out, entries, (unsigned)n, k, sim, unweighted, src, wt);
    return cudaGetLastError();
}
