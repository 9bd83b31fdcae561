/* SPDX-License-Identifier: MIT */
/* The sparse similarity graph: for each sentence, its k heaviest edges, found by reducing
 * row tiles of S = X X^T as they are computed. Memory: n k (index + weight), never n^2. */
#ifndef MDS_GRAPH_H
#define MDS_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "mds.h"

#define MDS__NO_EDGE UINT32_MAX

typedef struct mds__graph {
    size_t n, k;
    uint32_t *col; /* n x k: row i's neighbours in increasing index order, then MDS__NO_EDGE */
    float *w;      /* n x k: their edge weights (the similarity, or 1 in threshold mode) */
    uint32_t *cnt; /* n: edges of each row */
    double *deg;   /* n: each row's full degree, the weights of all its edges, kept or not */
    size_t edges;  /* sum of cnt */
    struct mds__hitem *heap; /* k items of scratch for the reduction */
} mds__graph;

mds_status mds__graph_init(mds__graph *g, size_t n, size_t k);
void mds__graph_free(mds__graph *g);

/* Reduces a tile: rows [row0, row0 + rows) of S (rows x n, row-major) to each row's k
 * heaviest edges, and sums all its edges into deg. An edge i-j needs j != i, s >= threshold
 * and s > 0 (NaN never is one); heavier means greater s, ties to the lower j. Weights are s,
 * or 1 when unweighted. */
void mds__graph_add_tile(mds__graph *g, const float *S, size_t row0, size_t rows,
                         float threshold, int unweighted);

/* Bytes a graph of n rows and k neighbours takes. */
size_t mds__graph_bytes(size_t n, size_t k);
/* The edges a sentence of n keeps when `neighbors` are asked: at most the n - 1 others, and
 * at least one slot (a lone sentence keeps an empty one). */
size_t mds__graph_neighbors(size_t n, size_t neighbors);

#endif
