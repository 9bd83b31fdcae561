/* The LexRank edge rule on the device, shared by the kernels (CUDA only, not for C). It is
 * the rule of src/compute/backend.h and src/compute/lexrank.c: an edge i-j (i != j) exists where
 * s >= threshold and s > 0 (NaN is no edge); its weight is s, or 1 in threshold mode. */
#ifndef MDS_KERNELS_EDGE_CUH
#define MDS_KERNELS_EDGE_CUH

#ifdef __CUDACC__
static __device__ __forceinline__ bool mds__is_edge(float s, float threshold)
{
    return s >= threshold && s > 0.0f;
}

static __device__ __forceinline__ float mds__edge_weight(float s, float threshold, int unweighted)
{
    if (!mds__is_edge(s, threshold))
        return 0.0f;
    return unweighted ? 1.0f : s;
}

/* Grid size for a grid-stride loop over `count` items in blocks of `threads`. */
static inline unsigned mds__grid(size_t count, unsigned threads)
{
    size_t blocks = (count + threads - 1) / threads;
    if (blocks == 0)
        blocks = 1;
    if (blocks > 65536)
        blocks = 65536;
    return (unsigned)blocks;
}
#endif

#endif
