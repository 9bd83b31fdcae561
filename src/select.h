/* MMR selection under a length budget. */
#ifndef MDS_SELECT_H
#define MDS_SELECT_H

#include <stddef.h>
#include <stdint.h>

#include "mds.h"

typedef struct mds__select_opts {
    mds_budget_unit unit;
    size_t budget;
    double lambda;              /* relevance weight */
    double duplicate_threshold; /* never two sentences this similar */
} mds__select_opts;

typedef struct mds__cand {
    uint32_t words, bytes;
    int eligible; /* 0: never chosen (too short, dropped) */
} mds__cand;

/* Greedy: at each step the eligible sentence that fits the remaining budget and maximizes
 * lambda * rel - (1 - lambda) * max sim to chosen, where rel is the score scaled to [0,1].
 * chosen receives indices in selection order. */
mds_status mds__select(const float *S, size_t n, const double *scores, const mds__cand *cands,
                       const mds__select_opts *o, size_t *chosen, size_t *nchosen);

#endif
