/* SPDX-License-Identifier: MIT */
#include "util/alloc.h"
#include "api/frontend.h"

#include <string.h>

#include "text/clean.h"
#include "util/buf.h"
#include "util/parallel.h"

/* ---- segmenting: a task a document ---------------------------------------------------------- */

typedef struct seg_job {
    const mds__doc *docs;
    const uint8_t *para_drop;
    const size_t *first_para; /* document d's first mark in para_drop */
    const mds__seg_rules *seg;
    mds__sent **out;          /* per document: its sentences */
    size_t *nout;
    struct seg_scratch {
        mds__span *spans;
        size_t cap;
    } *w;                     /* per thread */
} seg_job;

static mds_status seg_task(void *arg, size_t d, unsigned worker)
{
    seg_job *j = arg;
    const mds__doc *doc = &j->docs[d];
    struct seg_scratch *w = &j->w[worker];
    size_t n = 0, cap = 0;
    mds_status st = MDS_OK;
    for (size_t k = 0; k < doc->npara && !st; k++) {
        const mds__para *para = &doc->paras[k];
        size_t nspans = 0;
        st = mds__segment_rules(doc->text + para->span.start, para->span.end - para->span.start,
                                para->span.start, j->seg, &w->spans, &nspans, &w->cap);
        if (!st)
            st = mds__grow((void **)&j->out[d], &cap, n + nspans, sizeof *j->out[d]);
        for (size_t i = 0; i < nspans && !st; i++, n++) {
            mds__sent *s = &j->out[d][n];
            s->doc = (uint32_t)d;
            s->para = (uint32_t)k;
            s->index = (uint32_t)n;
            s->span = w->spans[i];
            s->words = mds__count_words(doc->text + w->spans[i].start,
                                        w->spans[i].end - w->spans[i].start);
            s->drop = j->para_drop[j->first_para[d] + k];
        }
    }
    j->nout[d] = n;
    return st;
}

mds_status mds__frontend_segment(const mds__doc *docs, size_t ndocs, const uint8_t *para_drop,
                                 const mds__seg_rules *seg, unsigned threads, mds__sent **sents,
                                 size_t *nsents, size_t *cap)
{
    mds_status st = MDS_OK;
    size_t m = ndocs ? ndocs : 1, t = threads ? threads : 1;
    size_t *first = mds__malloc(m * sizeof *first);
    seg_job j = {docs, para_drop, first, seg, mds__calloc(m, sizeof *j.out),
                 mds__calloc(m, sizeof *j.nout), mds__calloc(t, sizeof *j.w)};
    if (!first || !j.out || !j.nout || !j.w) {
        st = MDS_ENOMEM;
        goto done;
    }
    for (size_t d = 0, mark = 0; d < ndocs; mark += docs[d++].npara)
        first[d] = mark;
    if ((st = mds__parallel_for((unsigned)t, ndocs, 1, seg_task, &j, NULL)))
        goto done;
    size_t total = *nsents;
    for (size_t d = 0; d < ndocs; d++)
        total += j.nout[d];
    if ((st = mds__grow((void **)sents, cap, total, sizeof **sents)))
        goto done;
    for (size_t d = 0; d < ndocs; d++) {
        if (j.nout[d])
            memcpy(*sents + *nsents, j.out[d], j.nout[d] * sizeof **sents);
        *nsents += j.nout[d];
    }
done:
    if (j.out)
        for (size_t d = 0; d < ndocs; d++)
            mds__free(j.out[d]);
    if (j.w)
        for (size_t k = 0; k < t; k++)
            mds__free(j.w[k].spans);
    mds__free(j.out);
    mds__free(j.nout);
    mds__free(j.w);
    mds__free(first);
    return st;
}

/* ---- featurizing: a task a block of sentences ----------------------------------------------- */

enum { SENTS_PER_TASK = 128 };

typedef struct feat_job {
    mds__featurizer **feats; /* per thread; [0] is the caller's, the others copies of it made
                                before the loop (a featurizer is not to be read while another
                                thread works with it) */
    const mds__doc *docs;
    const mds__sent *sents;
    size_t nsents;
    mds__terms *terms, *marked;
} feat_job;

static mds_status feat_task(void *arg, size_t b, unsigned worker)
{
    feat_job *j = arg;
    mds_status st;
    mds__featurizer *f = j->feats[worker];
    size_t end = (b + 1) * SENTS_PER_TASK < j->nsents ? (b + 1) * SENTS_PER_TASK : j->nsents;
    for (size_t i = b * SENTS_PER_TASK; i < end; i++) {
        const mds__sent *s = &j->sents[i];
        if (s->drop)
            continue;
        const char *text = j->docs[s->doc].text + s->span.start;
        size_t len = s->span.end - s->span.start;
        if (j->marked) {
            if ((st = mds__features_extract_marked(f, text, len, &j->marked[i])) ||
                (st = mds__terms_content(f, &j->marked[i], &j->terms[i])))
                return st;
        } else if ((st = mds__features_extract(f, text, len, &j->terms[i]))) {
            return st;
        }
    }
    return MDS_OK;
}

mds_status mds__frontend_featurize(mds__featurizer *feat, const mds__doc *docs,
                                   const mds__sent *sents, size_t nsents, unsigned threads,
                                   mds__terms *terms, mds__terms *marked, size_t *kept,
                                   size_t *nkept)
{
    size_t nblk = (nsents + SENTS_PER_TASK - 1) / SENTS_PER_TASK;
    unsigned t = mds__parallel_threads(threads, nblk, 2);
    feat_job j = {mds__calloc(t, sizeof *j.feats), docs, sents, nsents, terms, marked};
    mds_status st = MDS_OK;
    *nkept = 0;
    if (!j.feats)
        return MDS_ENOMEM;
    j.feats[0] = feat;
    for (unsigned k = 1; k < t && !st; k++)
        st = mds__featurizer_clone(feat, &j.feats[k]);
    if (!st)
        st = mds__parallel_for(t, nblk, 2, feat_task, &j, NULL);
    for (unsigned k = 1; k < t; k++)
        mds__featurizer_free(j.feats[k]);
    mds__free(j.feats);
    if (st)
        return st;
    /* The candidates first, in sentence order; entries [*nkept, i) are empty all along. */
    for (size_t i = 0; i < nsents; i++) {
        if (terms[i].n == 0) {
            mds__terms_free(&terms[i]);
            if (marked)
                mds__terms_free(&marked[i]);
            continue;
        }
        size_t k = (*nkept)++;
        kept[k] = i;
        if (k == i)
            continue;
        terms[k] = terms[i];
        memset(&terms[i], 0, sizeof terms[i]);
        if (marked) {
            marked[k] = marked[i];
            memset(&marked[i], 0, sizeof marked[i]);
        }
    }
    return MDS_OK;
}
