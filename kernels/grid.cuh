/* SPDX-License-Identifier: MIT */
/* Launch geometry shared by the kernels (CUDA only, not for C). */
#ifndef MDS_KERNELS_GRID_CUH
#define MDS_KERNELS_GRID_CUH

#include <stddef.h>

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
