/* SPDX-License-Identifier: MIT */
/* Selection by a budgeted coverage-plus-diversity objective (Lin and Bilmes 2011), maximized
 * by cost-scaled greedy. The alternative to MMR (mmr.h): it needs the similarities of
 * every sentence to every other, so it runs on a dense S; the table entry
 * mds__selector_coverage (selector.h) says so, and names MMR for a sparse graph. */
#ifndef MDS_COVERAGE_H
#define MDS_COVERAGE_H

#include <stddef.h>
#include <stdint.h>

#include "mds.h"
#include "select/selector.h"

typedef struct mds__coverage_opts {
    mds_budget_unit unit;
    size_t budget;
    double saturation;          /* a: sentence i is covered at a times its mean similarity */
    double diversity;           /* lambda: weight of the diversity reward R */
    double cost_exponent;       /* r: greedy takes the best gain / cost^r */
    double duplicate_threshold; /* never two sentences this similar */
} mds__coverage_opts;

/* With w_ij = max(S_ij, 0), C_i(A) = sum_{j in A} w_ij and V all n sentences, maximizes
 *   F(A) = sum_i m_i min(C_i(A), (a / n) C_i(V)) + lambda sum_k sqrt(sum_{j in A, part j = k} r_j)
 * over sets A of eligible sentences within the budget, no two at or above the duplicate
 * threshold: greedy by gain / cost^r (cost: words, bytes plus a separator, or 1), then the
 * best single sentence if it alone scores higher (Lin and Bilmes' final comparison). Every
 * sentence counts in the coverage, eligible or not. S: n x n, symmetric. importance: m, n
 * weights >= 0 of the sentences to cover (NULL: all 1, Lin and Bilmes). reward: r, n values
 * >= 0. part: n labels < nparts. chosen receives indices in selection order; *value (may be
 * NULL) F of the result. Lazy evaluation: a gain is recomputed only when its stale bound
 * leads (valid since F is submodular). */
mds_status mds__select_coverage(size_t n, const float *S, const double *importance,
                                const double *reward, const uint32_t *part, size_t nparts, const mds__cand *cands,
                                const mds__coverage_opts *o, size_t *chosen, size_t *nchosen,
                                double *value);

/* Singleton rewards r: SIMILARITY, the mean similarity of each sentence to all,
 * (1/n) sum_i w_ij (Lin and Bilmes); CENTRALITY, the LexRank scores (mean 1) scaled to the
 * same mean as those. */
mds_status mds__coverage_rewards(size_t n, const float *S, const double *scores,
                                 mds_reward kind, double *reward);

/* A partition of the sentences into k parts of similar ones: k-medoids on S, seeded with the
 * most central sentence and then farthest-first (the one least similar to every seed so
 * far), then alternating assignment to the most similar medoid and, per part, the member
 * most similar to the rest as its medoid, until nothing moves (at most 20 rounds).
 * Deterministic: ties to the lower index. 1 <= k <= n. */
mds_status mds__partition_similar(size_t n, const float *S, size_t k, uint32_t *part);

#endif
