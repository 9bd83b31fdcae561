/* SPDX-License-Identifier: MIT */
/* The query of a query-focused summary (issue 13): its terms, and how relevant each sentence
 * of the cluster is to it.
 *
 * A query is text, "What did Putin and Kim agree?" or a DUC topic: a title line, then a
 * narrative. Its terms are the featurizer's (folded, stemmed content words, stopwords out),
 * less the words of the request itself ("discuss", "describe", "include", "information":
 * they ask for something and name nothing of it), each weighted by its occurrences, those of
 * the first line `title` times when more lines follow. A sentence's relevance is the weight
 * of the query terms it holds, each times its idf in the cluster's sentences, scaled so the
 * most relevant sentence has 1: in [0, 1], 0 for a sentence with no query term. Pseudo-relevance
 * feedback (mds__query_expand) adds the terms of the most relevant sentences. */
#ifndef MDS_QUERY_H
#define MDS_QUERY_H

#include <stddef.h>

#include "mds.h"
#include "text/features.h"

typedef struct mds__query {
    mds__terms terms; /* distinct terms, in order of first occurrence */
    double *weight;   /* per term, > 0 */
    size_t cap;       /* of weight */
} mds__query;

/* The terms of text[0, len) by featurizer f. `english` nonzero drops the request words
 * (their stems by f). `title` weighs the first line's terms when a line follows it (>= 0).
 * An empty query, or one of stopwords only, has no term (out->terms.n == 0). */
mds_status mds__query_parse(mds__featurizer *f, int english, const char *text, size_t len,
                            double title, mds__query *out);
void mds__query_free(mds__query *q); /* NULL and a zeroed struct are fine */

/* The relevance of n sentences (their content terms, mds__features_extract) into rel[n]:
 * all 0 when the query has no term or no sentence holds one. */
mds_status mds__query_relevance(const mds__query *q, const mds__terms *sents, size_t n,
                                double *rel);

/* Pseudo-relevance feedback: the terms of the `top` most relevant sentences (by rel) are
 * added to the query, each with `weight` times the share of those sentences that hold it
 * times the mean weight of the query's own terms (a term already in the query gains as
 * much); terms in fewer than two of them (or the one, when top is 1) are left out. */
#define MDS__QUERY_FEEDBACK 10 /* the sentences the pipeline's feedback reads */
mds_status mds__query_expand(mds__query *q, const mds__terms *sents, size_t n,
                             const double *rel, size_t top, double weight);

#endif
