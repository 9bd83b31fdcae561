/* SPDX-License-Identifier: MIT */
/* The gram S = X X^T from the non-zeros of X: the embeddings are hashed term vectors, a few
 * dozen non-zeros in D = 1,024 dimensions, so most of the 2 n^2 D flops of a dense product
 * multiply zeros. An inverted index (for each dimension, the rows that use it, by row) turns
 * a row of S into a scatter of the postings of the row's dimensions: work in the pairs that
 * share a dimension, sum over dimensions of postings^2, not n^2 D.
 *
 * Every S[i][j] is the sum over the dimensions both rows use, in increasing dimension order,
 * of x_i[d] * x_j[d] rounded to float, then added in float: one fixed order whatever the
 * tiles, blocks or threads, so S is exactly symmetric and a run gives the same bits at any
 * thread count. It differs from BLAS's sums (another order, fused multiply-adds) in the last
 * bits only. */
#ifndef MDS_SPGRAM_H
#define MDS_SPGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "compute/graph.h"
#include "embed/csr.h"
#include "mds.h"

typedef struct mds__spgram {
    size_t n, d, nnz;
    size_t *row_at;  /* n + 1: row i's non-zeros are [row_at[i], row_at[i + 1]) */
    uint32_t *dim;   /* nnz: their dimensions, increasing */
    float *val;      /* nnz: their values */
    size_t *post_at; /* d + 1: dimension t's postings are [post_at[t], post_at[t + 1]) */
    uint32_t *prow;  /* nnz: the rows, increasing */
    float *pval;     /* nnz: their values */
    double pairs;    /* sum over dimensions of postings^2: the multiply-adds of all of S */
} mds__spgram;

/* Bytes the index of nnz non-zeros of an n x d matrix takes. */
size_t mds__spgram_bytes(size_t n, size_t d, size_t nnz);

/* Builds the index of X (n x d, row-major). MDS_EINVAL past 2^32 - 1 rows or dimensions. */
mds_status mds__spgram_init(mds__spgram *g, const float *X, size_t n, size_t d);
/* The non-zeros of X in each dimension into cnt (d counts); returns their sum. */
size_t mds__spgram_count(const float *X, size_t n, size_t d, size_t *cnt);
/* mds__spgram_init with X's counts known (mds__spgram_count): one pass over X. */
mds_status mds__spgram_init_counted(mds__spgram *g, const float *X, size_t n, size_t d,
                                    const size_t *cnt);
void mds__spgram_free(mds__spgram *g); /* a zeroed or freed index is fine */

/* The same from the non-zeros themselves (embed/csr.h), never a dense X: the index of the
 * dense matrix they make (mds__csr_dense), to the bit. Entries that hold zero (+0 or -0) are
 * left out, as the scan of X leaves them. mds__spgram_count_csr counts the non-zeros of each
 * dimension into cnt (A->d counts) and returns their sum; mds__spgram_init_csr takes those
 * counts, or NULL to count them itself. MDS_EINVAL also for a malformed A (mds__csr_check). */
size_t mds__spgram_count_csr(const mds__csr *A, size_t *cnt);
mds_status mds__spgram_init_csr(mds__spgram *g, const mds__csr *A, const size_t *cnt);

/* Rows [row0, row0 + rows) of S into S (rows x n, row-major). */
void mds__spgram_rows(const mds__spgram *g, size_t row0, size_t rows, float *S);

/* The whole S (n x n) on `threads` threads, rows split evenly: the same bits at any count. */
void mds__spgram_matrix(const mds__spgram *g, float *S, int threads);
/* The same, counting on the way the edges (mds__is_edge at `thr`, i != j) into *edges and
 * whether S holds a NaN into *has_nan (either may be NULL). */
void mds__spgram_matrix_edges(const mds__spgram *g, float *S, int threads, float thr,
                              size_t *edges, int *has_nan);

/* Row i of S from X itself (no index): the same bits as mds__spgram_rows, for a few rows. */
void mds__spgram_row_dense(const float *X, size_t n, size_t d, size_t i, float *row);
/* The same from the non-zeros (a well-formed A), without X. */
void mds__spgram_row_csr(const mds__csr *A, size_t i, float *row);

/* The rows each thread of mds__spgram_graph reduces at once, at most: 1,024, or fewer so
 * that each of `threads` has some of n. */
size_t mds__spgram_group(size_t n, int threads);

/* Bytes each thread of mds__spgram_graph takes with groups of `group` rows (their heaps,
 * the accumulator, the cursors). */
size_t mds__spgram_thread_bytes(size_t d, size_t k, size_t group);

/* The sparse graph (g initialised for k neighbours, empty) straight from the index, never
 * holding a tile of S: blocks of columns of each group of rows are summed in cache and
 * reduced at once. `threads` >= 1 work on separate rows, in groups of mds__spgram_group
 * rows or of `group` if fewer (0: no limit); the graph is the same at any count and group.
 * MDS_ENOMEM if a thread's scratch or a thread cannot be had (nothing is then changed but
 * g's rows, which the caller frees). */
mds_status mds__spgram_graph(const mds__spgram *sg, mds__graph *g, float threshold,
                             int unweighted, int threads, size_t group);

#endif
