/* SPDX-License-Identifier: MIT */
/* LexRank centrality over a cosine similarity matrix or a sparse graph, and the teleport by
 * position in the document. */
#ifndef MDS_LEXRANK_H
#define MDS_LEXRANK_H

#include <stddef.h>
#include <stdint.h>

#include "compute/graph.h"
#include "mds.h"

/* The walk's scratch a sentence (degree, two distributions, weights, sums), for the memory
 * plan (compute/plan.h). */
#define MDS__LEXRANK_NODE_BYTES (5 * sizeof(double))

typedef struct mds__lexrank_opts {
    mds_lexrank_mode mode;
    double threshold, damping, tolerance;
    int max_iterations;
} mds__lexrank_opts;

/* S: n x n similarities, exactly symmetric (the walk reads the upper triangle). teleport:
 * n probabilities summing to 1, or NULL for uniform. scores: n outputs, the stationary
 * distribution scaled to mean 1. */
mds_status mds__lexrank(const float *S, size_t n, const mds__lexrank_opts *o,
                        const double *teleport, double *scores, int *iterations);

/* The same walk when the caller knows whether S holds a NaN (has_nan: 0 when none; a NaN
 * is no edge), sparing the scan of S. */
mds_status mds__lexrank_scanned(const float *S, size_t n, int has_nan,
                                const mds__lexrank_opts *o, const double *teleport,
                                double *scores, int *iterations);
/* 1 when any of the count floats at S is NaN. */
int mds__has_nan(const float *S, size_t count);
/* mds__lexrank spreading one row of S at a time over the sums, for the tests: the reference
 * for its rows taken several at once (the same bits). */
mds_status mds__lexrank_one_row(const float *S, size_t n, const mds__lexrank_opts *o,
                                const double *teleport, double *scores, int *iterations);

/* The dense walk's kernels, for the tests and benchmarks: AUTO (the default) spreads the
 * upper triangle of S with the widest vector kernel the CPU runs (AVX-512, AVX2), and where
 * there is none takes ROWS: four whole rows at a time (the walk before the upper triangle).
 * PORTABLE: the upper triangle without vectors. Returns the kernel before, or -1 (nothing
 * changed) where this build or CPU lacks it. Not thread-safe: set it before walking. */
enum { MDS__WALK_AUTO, MDS__WALK_PORTABLE, MDS__WALK_AVX2, MDS__WALK_AVX512, MDS__WALK_ROWS };
int mds__lexrank_set_kernel(int kernel);

/* The same walk on a sparse graph (its edges and weights already chosen; the mode and
 * threshold of `o` are not used). Each sentence leaves by its kept edges in proportion to
 * their weight against its full degree; the weight of the edges not kept goes to all
 * sentences in proportion to their degrees (rank-one model of the rest). kept_only: walk the
 * kept edges alone, degrees being their sums. With every edge kept both equal the dense walk. */
mds_status mds__lexrank_sparse(const mds__graph *g, const mds__lexrank_opts *o, int kept_only,
                               const double *teleport, double *scores, int *iterations);

/* The teleport distribution: uniform, blended with weight `weight` in [0, 1] with a prior that
 * favours the first sentences of each document (news puts the facts first): the k-th sentence
 * of its document (from 0) weighs 1 / sqrt(1 + k). doc_of: the n sentences' documents, each
 * document's sentences together and in order. */
void mds__position_prior(size_t n, const uint32_t *doc_of, double weight, double *teleport);
/* A query's share of the teleport (Otterbacher, Erkan and Radev 2005): teleport becomes
 * (1 - weight) teleport + weight rel / sum(rel), rel the n sentences' relevances to the query
 * (>= 0); unchanged when every relevance is 0. Still a distribution. */
void mds__relevance_prior(size_t n, const double *rel, double weight, double *teleport);

#endif
