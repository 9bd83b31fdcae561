/* SPDX-License-Identifier: MIT */
/* The report: what the HTML page shows besides the summary, copied out of one run when its
 * report parameter is on. Every document's normalized text and paragraphs, every sentence
 * with why cleaning dropped it, its LexRank score when it was ranked and its place in the
 * summary, and how long each stage of the run took. The result owns it, so it outlives the
 * cluster, as the summary's sentences do. */
#ifndef MDS_REPORT_H
#define MDS_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "api/context.h"
#include "text/doc.h"

/* The stages a run times, in order: X(ID, label). */
#define MDS__STAGE_MAP(X)                                                                     \
    X(CLEAN, "cleaning")                                                                      \
    X(SEGMENT, "segmenting")                                                                  \
    X(FEATURIZE, "features")                                                                  \
    X(PLAN, "memory plan")                                                                    \
    X(PREPARE, "selector set-up")                                                             \
    X(EMBED, "embedding")                                                                     \
    X(SESSION, "similarity, ranking, selection")                                              \
    X(ORDER, "ordering")

enum {
#define MDS__STAGE_ENUM(id, label) MDS__STAGE_##id,
    MDS__STAGE_MAP(MDS__STAGE_ENUM)
#undef MDS__STAGE_ENUM
    MDS__STAGE_COUNT
};

/* The label of stage k ("embedding"); NULL past the last. */
const char *mds__stage_label(size_t k);

/* The name of a drop reason ("heading", "byline"); "" for MDS__KEEP, "?" for none known. */
const char *mds__drop_name(uint8_t drop);

typedef struct mds__report_sent {
    uint32_t para;    /* its paragraph in its document */
    mds__span span;   /* in the document's text, after cleaning trimmed it */
    uint64_t offset;  /* source bytes [offset, offset + length) */
    size_t length;
    uint8_t drop;     /* MDS__KEEP or a drop reason */
    uint8_t ranked;   /* 1: a candidate, scored; 0: dropped, or no content word */
    double score;     /* the LexRank score when ranked */
    long summary;     /* its position in the summary, or -1 */
} mds__report_sent;

typedef struct mds__report_doc {
    char *path, *id, *date, *headline; /* date and headline may be NULL */
    char *text;                        /* the normalized text */
    size_t text_len;
    mds__span *paras;
    uint8_t *para_drop; /* per paragraph: MDS__KEEP or a drop reason */
    size_t npara;
    size_t first, nsents; /* its sentences: the report's sents[first, first + nsents) */
} mds__report_doc;

typedef struct mds__report {
    mds__report_doc *docs;
    size_t ndocs;
    mds__report_sent *sents; /* in document order, then sentence order */
    size_t nsents;
    double max_score;        /* the highest score of a ranked sentence */
    double seconds[MDS__STAGE_COUNT];
} mds__report;

/* A new report of one run over cluster c: its sentences sents[0, nsents) (segmented and
 * cleaned, in document order), the paragraphs' marks para_drop (in document order), the
 * candidates kept[0, nkept) with their scores, and the summary chosen[0, nchosen) (candidate
 * indices, in summary order); seconds: the stages' times. MDS_ENOMEM, with nothing left. */
mds_status mds__report_new(const mds_cluster *c, const mds__sent *sents, size_t nsents,
                           const uint8_t *para_drop, const size_t *kept, size_t nkept,
                           const double *scores, const size_t *chosen, size_t nchosen,
                           const double *seconds, mds__report **out);

/* NULL is a harmless no-op. */
void mds__report_free(mds__report *r);

#endif
