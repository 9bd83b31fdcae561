/* SPDX-License-Identifier: MIT */
/* Selection by concept coverage (Gillick and Favre, "A Scalable Global Model for
 * Summarization", 2009): the concepts are the word bigrams of the cluster (adjacent content
 * stems and stopwords), each worth the number of documents it appears in; a summary is worth the concepts it
 * contains, each counted once, so a fact said twice earns nothing the second time. Maximized
 * under the budget by cost-scaled greedy, then improved by swaps. The alternative to MMR
 * (mmr.h) that aims at what ROUGE-2 counts; it asks the backend only the rows of the
 * sentences it picks, for the duplicate threshold, so it runs on every graph and backend. Its
 * table entry, mds__selector_concepts (selector.h), builds the concepts in its prepare step
 * from the sentences' marked terms. */
#ifndef MDS_CONCEPTS_H
#define MDS_CONCEPTS_H

#include <stddef.h>
#include <stdint.h>

#include "text/features.h"
#include "mds.h"
#include "select/selector.h"

/* The concepts of n sentences, in compressed rows: sentence i holds id[off[i], off[i + 1]),
 * each id once, ids < nconcepts, and weight[id] > 0. */
typedef struct mds__concepts {
    size_t n, nconcepts;
    uint32_t *off; /* n + 1 */
    uint32_t *id;
    double *weight;
    size_t bytes; /* what off, id and weight take */
} mds__concepts;

/* Builds the concepts of n sentences from their terms (features.h; terms holding a space,
 * a model's own bigrams, are skipped; with stopwords marked, mds__features_extract_marked,
 * a pair of two stopwords is no concept): every pair of adjacent terms is a concept, kept when
 * it appears in at least min_df of the documents doc_of names (a concept of fewer documents
 * is one writer's phrasing, not the story's; with one document, min_df counts sentences
 * instead). Its weight is that document count. */
mds_status mds__concepts_build(size_t n, const mds__terms *terms, const uint32_t *doc_of,
                               unsigned min_df, mds__concepts *out);
/* The same within a memory budget: the build never holds more than `memory` bytes at once,
 * its scratch included, and what it keeps, with the selection's counters per concept (5
 * bytes each), fits too. MDS_EINVAL when it would not (the allocation that would pass it is
 * never made); MDS_ENOMEM when an allocation fails. */
mds_status mds__concepts_build_within(size_t n, const mds__terms *terms, const uint32_t *doc_of,
                                      unsigned min_df, size_t memory, mds__concepts *out);
void mds__concepts_free(mds__concepts *c); /* NULL and a zeroed struct are fine */
/* For tests: on (1), the builds number the bigrams with the reference table (a key array, a
 * value array and three per-id arrays, looked up one pair at a time), which the build's own
 * (one slot a bigram, read ahead) must match: the same ids, counts and rows; 0 (the default)
 * brings it back. Not thread-safe. */
void mds__concepts_build_reference(int on);
/* Query-focused weights: each concept's weight times 1 + gain * r, r the mean relevance to the
 * query (rel: n values in [0, 1], select/query.h) of the sentences that hold it: the bigrams
 * of the sentences most like the question, the question's own among them, count more. */
mds_status mds__concepts_bias(mds__concepts *c, const double *rel, double gain);

typedef struct mds__concept_opts {
    mds_budget_unit unit;
    size_t budget;
    double cost_exponent;       /* r: greedy takes the best gain / cost^r */
    double centrality;          /* mu: weight of the LexRank term */
    double duplicate_threshold; /* never two sentences this similar */
    int greedy_only;            /* nonzero: no swaps after the greedy pass */
    size_t rows_memory;         /* the rows kept for swaps take at most this (and 256 MiB);
                                   0: 256 MiB */
    const double *relevance;    /* n relevances to a query in [0, 1], or NULL */
    double query_relevance;     /* rho: weight of the relevance term */
} mds__concept_opts;

/* Maximizes F(A) = sum of weight[c] over concepts c in some sentence of A
 *                + mu * sum_{i in A} (score_i / max score) * W
 * (W: the mean total weight of an eligible sentence's concepts, so that mu = 1 makes the most
 * central sentence's centrality worth an average sentence's concepts) over sets A of eligible sentences within the budget, no two at or above the
 * duplicate threshold. Lazy greedy by gain / cost^r, then the best single sentence if it alone
 * is worth more, then swaps of one chosen sentence for one that is not (and a refill of what
 * the budget then leaves) while one raises F. `row` gives the similarities of a chosen
 * sentence to all n; a failing `row` fails the selection with its status. chosen receives
 * indices in selection order; *value (may be NULL) F of the result. */
mds_status mds__select_concepts(const mds__concepts *c, const double *scores,
                                const mds__cand *cands, const mds__concept_opts *o,
                                mds__row_fn row, void *row_ctx, size_t *chosen,
                                size_t *nchosen, double *value);
/* For tests: on (1), the swaps are searched by the reference loop, one pass over the
 * candidates for each chosen sentence, which the one-pass search must match; 0 (the default)
 * brings it back. Not thread-safe. */
void mds__concepts_swap_reference(int on);

#endif
