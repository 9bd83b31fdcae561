/* SPDX-License-Identifier: MIT */
/* The order of the summary's sentences once they are chosen. */
#ifndef MDS_ORDER_H
#define MDS_ORDER_H

#include <stddef.h>

#include "mds.h"
#include "text/doc.h"

/* Source order: documents by date (dated ones first, undated after, ties by position in the
 * cluster), then sentences by position in their document. v holds n candidate indices;
 * candidate i is the sentence sents[kept[i]] of docs (ndocs). */
mds_status mds__order_source(size_t *v, size_t n, const mds__doc *docs, size_t ndocs,
                             const mds__sent *sents, const size_t *kept);

/* Score order: the highest score first (scores indexed by candidate), ties in the order of
 * v (the order chosen). */
mds_status mds__order_score(size_t *v, size_t n, const double *scores);

/* Scratch a sentence of either order takes, at most (the memory plan, compute/plan.h). */
#define MDS__ORDER_CAND_BYTES (3 * sizeof(size_t))

#endif
