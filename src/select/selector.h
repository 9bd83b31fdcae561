/* SPDX-License-Identifier: MIT */
/* Selectors behind one table, as the compute backends are (compute/backend.h).
 *
 * A selector picks the summary's sentences from the ranked ones under a length budget. Each
 * fills one const table, mds__selector_<name>, with designated initializers in its own file
 * (mmr.c, coverage.c, concepts.c, lead.c) and takes one line of the list in selector.c; the pipeline
 * asks the table what a selector needs and never names one. Every selector keeps the same contract
 * (tests/test_selector.c holds each of them to it): the budget is never exceeded, no two
 * chosen sentences are at or above the duplicate threshold, the same input gives the same
 * choice, and a session that only hands out rows is enough. */
#ifndef MDS_SELECTOR_H
#define MDS_SELECTOR_H

#include <stddef.h>
#include <stdint.h>

#include "compute/backend.h"
#include "mds.h"
#include "text/features.h"
#include "util/paramset.h"

/* A sentence as the budget sees it. */
typedef struct mds__cand {
    uint32_t words, bytes;
    int eligible; /* 0: never chosen (too short, too long) */
} mds__cand;

/* What sentence c takes of the budget: its words, its bytes plus the separator before it (none
 * before the first sentence: `first` nonzero), or 1 sentence. */
size_t mds__cand_cost(const mds__cand *c, mds_budget_unit unit, int first);

/* Writes the similarities of sentence i to all n sentences into row. */
typedef mds_status (*mds__row_fn)(void *ctx, size_t i, float *row);

/* What a selector needs of the pipeline (bits of mds__selector.needs). */
enum {
    /* Every similarity at once: the dense n x n S. Without it (no bit), rows on demand. A
     * sparse graph has no S: the selector's fallback runs instead. */
    MDS__NEEDS_MATRIX = 1u << 0,
    /* The featurizer keeps each sentence's stopwords, marked (mds__features_extract_marked),
     * for the prepare step. */
    MDS__NEEDS_MARKED = 1u << 1,
};

/* The input of prepare: the n candidates of the cluster before any similarity is computed. */
typedef struct mds__prepare_in {
    size_t n;
    const mds__terms *marked; /* n word sequences, stopwords marked; NULL without
                                 MDS__NEEDS_MARKED */
    const uint32_t *doc_of;   /* n document indices */
    const mds__params *params; /* the selector's own knobs */
    size_t memory;             /* bytes prepare may hold at once; 0: no limit */
    const double *relevance;   /* n relevances to the query (select/query.h), or NULL */
} mds__prepare_in;

/* The input of select: one shape for every selector. */
typedef struct mds__selection {
    size_t n;                   /* candidates */
    const double *scores;       /* n LexRank scores, mean 1 */
    const mds__cand *cands;     /* n */
    const uint32_t *doc_of;     /* n document indices */
    mds_budget_unit unit;
    size_t budget;
    double duplicate_threshold; /* never two chosen sentences this similar */
    mds__row_fn row;            /* the similarities of one sentence to all, from the session */
    void *row_ctx;
    const float *S;             /* the dense n x n S: always with MDS__NEEDS_MATRIX, else the
                                   session's own when it holds one on the host, or NULL */
    const void *prepared;       /* what prepare made, or NULL */
    const double *relevance;    /* n relevances to the query (select/query.h), or NULL */
    const mds__params *params;   /* the selector's own knobs (the budget is above) */
    size_t memory;              /* bytes the selector may take beyond its cand_bytes a
                                   candidate (the rows the concept selector keeps for
                                   swaps), as the memory plan left them; 0: no limit but the
                                   selector's own */
} mds__selection;

typedef struct mds__selector {
    const char *name; /* as the parameters and the output name it */
    unsigned needs;   /* MDS__NEEDS_* bits */
    /* The scratch select allocates, in bytes per candidate, at its peak: what the memory plan
     * reserves for it (compute/plan.h). */
    size_t cand_bytes;
    /* With MDS__NEEDS_MATRIX: the name of the selector that runs instead on a sparse graph,
     * which needs neither the matrix nor a prepare step. NULL: none, and a sparse graph is an
     * error. */
    const char *fallback;
    /* A step over the candidates before the similarity session opens (building a concept
     * table), its result handed to select as `prepared`. Optional: a NULL member means none.
     * It holds at most in->memory bytes at once (0: no limit), and keeps within it what
     * select will need besides cand_bytes a candidate; past it, MDS_EINVAL before the
     * allocation that would pass it. */
    mds_status (*prepare)(const mds__prepare_in *in, void **state);
    /* Frees what prepare left in *state, failed or not; NULL is a no-op. Set exactly when
     * prepare is. */
    void (*release)(void *state);
    /* The bytes prepare's state holds, with what select will allocate for it beyond
     * cand_bytes a candidate (the memory plan sizes the graph's tiles with the rest). Set
     * exactly when prepare is. */
    size_t (*state_bytes)(const void *state);
    /* Writes indices of chosen candidates, in selection order, into chosen (room for n) and
     * their count into *nchosen. A failing `row` fails the selection with its status; the
     * selector's own failures are MDS_ENOMEM. */
    mds_status (*select)(const mds__selection *in, size_t *chosen, size_t *nchosen);
} mds__selector;

/* Runs selector `sel` over a backend session: `in` holds everything but the similarities,
 * which come from the session: the selector's rows on demand, and with MDS__NEEDS_MATRIX the
 * whole S, the session's own (the table's `matrix` member) or, when the session keeps it
 * elsewhere (a GPU keeps S on the device), all n rows asked at once into a copy. On failure
 * the session's msg says why (a failing row's own message, or the selector's). The pipeline and the
 * contract test both select through here. */
mds_status mds__selector_run(const mds__selector *sel, mds__session *s, mds__selection *in,
                             size_t *chosen, size_t *nchosen);

/* The names of the selectors in list order (the index of a selector is its position here),
 * NULL-terminated. */
extern const char *const mds__selector_names[];

/* The selector at an index of the list, or NULL past its end. */
const mds__selector *mds__selector_get(size_t index);

/* The index of the selector named `name`, or -1. */
int mds__selector_find(const char *name);

/* The selector that runs for the one at `index` on a graph that is dense or sparse: itself,
 * or, when it needs the matrix and the graph is sparse, its fallback. MDS_EINVAL (msg says
 * why) for an index past the list, or a sparse graph and no fallback. */
mds_status mds__selector_resolve(size_t index, int dense, size_t *out, char *msg,
                                 size_t msg_size);

#endif
