/* SPDX-License-Identifier: MIT */
/* The front end of a run across threads: every document's paragraphs into sentences, and
 * every sentence into terms, item by item on up to `threads` threads (util/parallel.h), then
 * merged in document order: the same sentences and terms at any number of threads. Cleaning
 * (text/clean.h) and embedding (embed/hashvec.h) spread their own loops the same way. */
#ifndef MDS_FRONTEND_H
#define MDS_FRONTEND_H

#include <stddef.h>
#include <stdint.h>

#include "mds.h"
#include "text/doc.h"
#include "text/features.h"
#include "text/segment.h"

/* Appends the sentences of every paragraph of docs[0, ndocs) to *sents (*nsents of them,
 * room for *cap, grown here), in document and paragraph order; a sentence carries its
 * paragraph's mark from para_drop (one per paragraph, in document order), its word count,
 * and its index within its document. */
mds_status mds__frontend_segment(const mds__doc *docs, size_t ndocs, const uint8_t *para_drop,
                                 const mds__seg_rules *seg, unsigned threads, mds__sent **sents,
                                 size_t *nsents, size_t *cap);

/* The terms of each sentence that is not dropped, by feat and copies of it (one a thread).
 * terms (and marked, when not NULL: then the word sequences with stopwords marked, and terms
 * their content, mds__terms_content) hold nsents zeroed entries. On return the first *nkept
 * are those of the candidates, the sentences with a term, kept[k] the index of candidate k;
 * the other entries are empty. On failure the entries may hold memory: free all nsents. */
mds_status mds__frontend_featurize(mds__featurizer *feat, const mds__doc *docs,
                                   const mds__sent *sents, size_t nsents, unsigned threads,
                                   mds__terms *terms, mds__terms *marked, size_t *kept,
                                   size_t *nkept);

#endif
