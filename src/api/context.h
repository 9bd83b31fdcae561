/* SPDX-License-Identifier: MIT */
/* The structures behind the public handles, shared by the files that implement the API. */
#ifndef MDS_CONTEXT_H
#define MDS_CONTEXT_H

#include <stdarg.h>

#include "api/params.h"
#include "text/doc.h"
#include "text/encoding.h"
#include "text/features.h"
#include "embed/model.h"

struct mds_ctx {
    const mds__model *model; /* the default (shared) or `own` */
    mds__model own;
    int has_own;
    mds__featurizer *feat; /* cached for feat_lang */
    char feat_lang[32];
    mds__strset lang_stop; /* lang: feat's stopwords when feat_lang is not the model's */
    char err[4096 + 512]; /* a path as long as the kernel takes (PATH_MAX), and the reason */
    mds_param errparam; /* what the last error is about (mds_errparam), or 0 */
    size_t last_documents, last_sentences, last_candidates; /* mds_last_counts */
};

typedef struct mds__source {
    char *path;
    unsigned char *data;
    size_t size;
    mds__decoded dec; /* encoding: the text in UTF-8 when data is not (dec.utf8 NULL: it is) */
    char *warning;    /* what the user should know of how it was read, or NULL */
} mds__source;

struct mds_cluster {
    mds_ctx *ctx;
    mds__source *sources;
    size_t nsources, cap_sources;
    mds__doc *docs;
    size_t ndocs, cap_docs;
    uint64_t max_input;   /* the most bytes all sources may hold together */
    int input_format;     /* mds_input_format: how sources are read (issue 12) */
    uint64_t input_total; /* the bytes the sources hold */
    mds__encoding_opts enc; /* how sources are decoded (enc.name owned) */
    char *query;            /* what the summary should answer (issue 13), or NULL */
    size_t query_len;
};

struct mds_result {
    mds_sentence *sents;
    size_t n;
    char *strings; /* one block holding every sentence's text */
    mds_params params; /* those in effect, with its own copy of lang */
    char device[128];
    char warning[640];
    mds_stats stats;
    struct mds__report *report; /* with the report parameter (api/report.h), else NULL */
    char *query; /* the cluster's query when it had one (JSON output shows it), else NULL */
};

/* Sets the context's message, and no parameter; returns `st` for
 * `return mds__fail(ctx, st, ...)`. */
mds_status mds__fail(mds_ctx *ctx, mds_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same for an error about one parameter: changing it could help (mds_errparam). */
mds_status mds__fail_param(mds_ctx *ctx, mds_status st, mds_param param, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The featurizer for a language, created on first use and cached in the context. */
mds_status mds__ctx_featurizer(mds_ctx *ctx, const char *lang, mds__featurizer **out);

#endif
