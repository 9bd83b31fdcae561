/* SPDX-License-Identifier: MIT */
/* The LexRank edge rule, one definition for the C code and the CUDA kernels: an edge i-j
 * (i != j) exists where the similarity s satisfies s >= threshold and s > 0, so negative
 * cosines (sign hashing gives them) and NaN are no edge; its weight is s, or 1 in threshold
 * mode. Every form has no branch, so that the loops over whole rows of S vectorize. */
#ifndef MDS_EDGE_H
#define MDS_EDGE_H

#include <stdint.h>
#include <string.h>

#ifdef __CUDACC__
#define MDS__HD static __host__ __device__ __forceinline__
#else
#define MDS__HD static inline
#endif

/* 1 for an edge, else 0: counts edges when summed. */
MDS__HD int mds__is_edge(float s, float threshold)
{
    return (s >= threshold) & (s > 0.0f);
}

/* Every bit set for an edge, else none: masks the bits of a weight. */
MDS__HD uint32_t mds__edge_mask(float s, float threshold)
{
    return 0u - (uint32_t)mds__is_edge(s, threshold);
}

/* The weight of the edge: s, or 1 when unweighted; +0 where there is none, NaN included. */
MDS__HD float mds__edge_weight(float s, float threshold, int unweighted)
{
    float w = unweighted ? 1.0f : s;
    uint32_t bits;
    memcpy(&bits, &w, sizeof bits);
    bits &= mds__edge_mask(s, threshold);
    memcpy(&w, &bits, sizeof w);
    return w;
}

/* 1.0f for an edge, else 0.0f: a factor to multiply in. NaN * 0 is NaN, so a row holding a
 * NaN needs mds__edge_weight instead. */
MDS__HD float mds__edge_factor(float s, float threshold)
{
    return mds__edge_weight(s, threshold, 1);
}

#endif
