/* SPDX-License-Identifier: MIT */
/* MMR selection under a length budget; the table entry mds__selector_mmr (selector.h). */
#ifndef MDS_MMR_H
#define MDS_MMR_H

#include <stddef.h>
#include <stdint.h>

#include "mds.h"
#include "select/selector.h"

typedef struct mds__mmr_opts {
    mds_budget_unit unit;
    size_t budget;
    double lambda;              /* relevance weight */
    double duplicate_threshold; /* never two sentences this similar */
} mds__mmr_opts;

/* Greedy: at each step the eligible sentence that fits the remaining budget and maximizes
 * lambda * rel - (1 - lambda) * max sim to chosen, where rel is the score scaled to [0,1].
 * Only the rows of chosen sentences are needed, asked of `row` one at a time. chosen
 * receives indices in selection order. A failing `row` fails the selection with its status. */
mds_status mds__mmr_select(size_t n, const double *scores, const mds__cand *cands,
                           const mds__mmr_opts *o, mds__row_fn row, void *row_ctx,
                           size_t *chosen, size_t *nchosen);

#endif
