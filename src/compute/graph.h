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
    struct mds__hitem *heap; /* scratch for the reduction: mds__graph_reduce_bytes(k) */
} mds__graph;

mds_status mds__graph_init(mds__graph *g, size_t n, size_t k);
void mds__graph_free(mds__graph *g);

/* Reduces a tile: rows [row0, row0 + rows) of S (rows x n, row-major) to each row's k
 * heaviest edges, and sums all its edges into deg. An edge i-j needs j != i, s >= threshold
 * and s > 0 (NaN never is one); heavier means greater s, ties to the lower j. Weights are s,
 * or 1 when unweighted. */
void mds__graph_add_tile(mds__graph *g, const float *S, size_t row0, size_t rows,
                         float threshold, int unweighted);

/* One row's reduction in pieces: segments of the row of S, in increasing column order, each
 * starting at a multiple of 4 and all but the last a multiple of 4 long. Fed the whole row
 * in any such segments, it keeps the same edges and sums the same degree, to the bit, as
 * mds__graph_add_tile: the degree in four running sums by column mod 4. `heap` holds
 * mds__graph_reduce_bytes(k); each row being reduced needs its own. */
typedef struct mds__row_reduce {
    struct mds__hitem *heap; /* the candidate edges */
    size_t m;        /* candidates held */
    double lane[4];  /* the degree, by column mod 4 */
    float self;      /* the weight of S[i][i] (taken out of the degree), once seen */
    float floor;     /* only heavier edges can still be kept */
} mds__row_reduce;

size_t mds__graph_reduce_bytes(size_t k);
void mds__graph_row_begin(mds__row_reduce *r, struct mds__hitem *heap);
/* Columns [j0, j0 + len) of row i of S, seg[0..len). */
void mds__graph_row_scan(const mds__graph *g, mds__row_reduce *r, size_t i, const float *seg,
                         size_t j0, size_t len, float threshold, int unweighted);
/* Writes row i's edges and degree; g->edges is the caller's to update (returns the edges
 * the row keeps), so that rows may be ended on several threads at once. */
size_t mds__graph_row_end(mds__graph *g, mds__row_reduce *r, size_t i, int unweighted);

/* Bytes a graph of n rows and k neighbours takes. */
size_t mds__graph_bytes(size_t n, size_t k);
/* The edges a sentence of n keeps when `neighbors` are asked: at most the n - 1 others, and
 * at least one slot (a lone sentence keeps an empty one). */
size_t mds__graph_neighbors(size_t n, size_t neighbors);

#endif
