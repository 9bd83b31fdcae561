/* SPDX-License-Identifier: MIT */
/* The embeddings as their non-zeros (compressed sparse rows): a hashed term vector has a few
 * dozen non-zeros among D = 1,024 dimensions, so the inverted index (compute/spgram.h) reads
 * them from here rather than from a dense n x D matrix it would scan for them; the dense X is
 * made from them only where something needs it (BLAS, a device backend). */
#ifndef MDS_CSR_H
#define MDS_CSR_H

#include <stddef.h>
#include <stdint.h>

#include "mds.h"

typedef struct mds__csr {
    size_t n, d;     /* rows, dimensions */
    size_t *row_at;  /* n + 1: row i's entries are [row_at[i], row_at[i + 1]) */
    uint32_t *col;   /* their dimensions, increasing within a row, each < d */
    float *val;      /* their values: an entry may hold zero (the index skips it) */
} mds__csr;

/* A zeroed or freed one is fine; it is zeroed after. */
void mds__csr_free(mds__csr *a);

/* X (a->n x a->d, row-major) from the entries: zeros elsewhere. */
void mds__csr_dense(const mds__csr *a, float *X);

/* MDS_OK when every row's dimensions increase and are below d, and row_at does not
 * decrease; else MDS_EINVAL. */
mds_status mds__csr_check(const mds__csr *a);

#endif
