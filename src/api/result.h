/* SPDX-License-Identifier: MIT */
/* Results: the summary's sentences, copied out of the cluster, and what the run did. */
#ifndef MDS_RESULT_H
#define MDS_RESULT_H

#include <stddef.h>

#include "api/context.h"
#include "util/paramset.h"
#include "text/doc.h"
#include "util/buf.h"

/* A new result holding copies of n sentences of cluster c in summary order: chosen[k] is a
 * candidate, the sentence sents[kept[chosen[k]]] with score scores[chosen[k]]. Each sentence
 * is given by its source bytes, trailing blanks trimmed; the result owns every string, so it
 * outlives the cluster. */
mds_status mds__result_new(const mds_cluster *c, const mds__sent *sents, const size_t *kept,
                           const double *scores, const size_t *chosen, size_t n,
                           mds_result **out);

/* What text output prints of a sentence: its bytes and its whitespace-separated words. */
typedef struct mds__printed {
    size_t bytes, words;
} mds__printed;

/* What text output prints for sentence s of cluster c (its source bytes less the document's
 * cuts, markup and entities as they stand, collapsed by mds__text_collapse): what a byte or a
 * word budget counts, so that the summary as printed keeps to it. MDS_ENOMEM when a long
 * sentence's copy cannot be made. */
mds_status mds__result_printed(const mds_cluster *c, const mds__sent *s, mds__printed *out);

/* Text output's form of n bytes of a sentence (render.c): whitespace runs and no-break
 * spaces as one space, none at either end, other C0 controls, DEL and C1 controls dropped.
 * Appends it to b, or with b NULL only counts; *out (may be NULL) is what it prints.
 * MDS_ENOMEM from b. */
mds_status mds__text_collapse(const char *s, size_t n, mds__buf *b, mds__printed *out);
/* The same a byte at a time, without the fast path for runs of visible ASCII: the reference
 * for the tests. */
mds_status mds__text_collapse_bytes(const char *s, size_t n, mds__buf *b, mds__printed *out);

/* Records what the run behind r did: the parameters in effect, with `lang` the language
 * used, and its statistics, whose device and warning are copied. MDS_ENOMEM if the copies
 * fail. */
mds_status mds__result_describe(mds_result *r, const mds__params *params, const char *lang,
                                const mds_stats *stats);

#endif
