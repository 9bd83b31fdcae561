/* SPDX-License-Identifier: MIT */
/* The report of a run (report.h): copies of the documents and the run's marks and scores. */
#include <string.h>

#include "util/alloc.h"
#include "api/report.h"

static const char *const stage_labels[] = {
#define MDS__STAGE_LABEL(id, label) label,
    MDS__STAGE_MAP(MDS__STAGE_LABEL)
#undef MDS__STAGE_LABEL
};

const char *mds__stage_label(size_t k) { return k < MDS__STAGE_COUNT ? stage_labels[k] : NULL; }

const char *mds__drop_name(uint8_t drop)
{
    switch (drop) {
    case MDS__KEEP:
        return "";
    case MDS__DROP_PHRASE:
        return "boilerplate phrase";
    case MDS__DROP_HEADING:
        return "heading";
    case MDS__DROP_BYLINE:
        return "byline";
    case MDS__DROP_REPEATED:
        return "repeated across documents";
    case MDS__DROP_FRAGMENT:
        return "fragment";
    case MDS__DROP_DUPLICATE:
        return "duplicate";
    case MDS__DROP_NOTPROSE:
        return "not prose";
    }
    return "?";
}

void mds__report_free(mds__report *r)
{
    if (!r)
        return;
    for (size_t d = 0; r->docs && d < r->ndocs; d++) {
        mds__report_doc *o = &r->docs[d];
        mds__free(o->path);
        mds__free(o->id);
        mds__free(o->date);
        mds__free(o->headline);
        mds__free(o->text);
        mds__free(o->paras);
        mds__free(o->para_drop);
    }
    mds__free(r->docs);
    mds__free(r->sents);
    mds__free(r);
}

static mds_status dup(const char *s, char **out)
{
    *out = NULL;
    if (!s)
        return MDS_OK;
    return (*out = mds__strdup(s)) ? MDS_OK : MDS_ENOMEM;
}

static mds_status copy_doc(const mds_cluster *c, size_t d, const uint8_t *para_drop,
                           mds__report_doc *o)
{
    const mds__doc *doc = &c->docs[d];
    mds_status st;
    if ((st = dup(c->sources[doc->source].path, &o->path)) || (st = dup(doc->id, &o->id)) ||
        (st = dup(doc->date, &o->date)) || (st = dup(doc->headline, &o->headline)))
        return st;
    o->text = mds__malloc(doc->text_len + 1);
    o->paras = mds__malloc((doc->npara ? doc->npara : 1) * sizeof *o->paras);
    o->para_drop = mds__malloc(doc->npara ? doc->npara : 1);
    if (!o->text || !o->paras || !o->para_drop)
        return MDS_ENOMEM;
    memcpy(o->text, doc->text, doc->text_len);
    o->text[doc->text_len] = '\0';
    o->text_len = doc->text_len;
    o->npara = doc->npara;
    for (size_t k = 0; k < doc->npara; k++) {
        o->paras[k] = doc->paras[k].span;
        o->para_drop[k] = para_drop[k];
    }
    return MDS_OK;
}

mds_status mds__report_new(const mds_cluster *c, const mds__sent *sents, size_t nsents,
                           const uint8_t *para_drop, const size_t *kept, size_t nkept,
                           const double *scores, const size_t *chosen, size_t nchosen,
                           const double *seconds, mds__report **out)
{
    *out = NULL;
    mds__report *r = mds__calloc(1, sizeof *r);
    if (!r)
        return MDS_ENOMEM;
    r->docs = mds__calloc(c->ndocs ? c->ndocs : 1, sizeof *r->docs);
    r->sents = mds__calloc(nsents ? nsents : 1, sizeof *r->sents);
    if (!r->docs || !r->sents) {
        mds__report_free(r);
        return MDS_ENOMEM;
    }
    r->ndocs = c->ndocs;
    r->nsents = nsents;
    size_t mark = 0;
    for (size_t d = 0; d < c->ndocs; d++) {
        if (copy_doc(c, d, para_drop + mark, &r->docs[d])) {
            mds__report_free(r);
            return MDS_ENOMEM;
        }
        mark += c->docs[d].npara;
    }
    for (size_t i = 0; i < nsents; i++) {
        const mds__sent *s = &sents[i];
        const mds__doc *doc = &c->docs[s->doc];
        mds__report_sent *o = &r->sents[i];
        mds__report_doc *od = &r->docs[s->doc];
        if (od->nsents == 0)
            od->first = i;
        od->nsents++;
        o->para = s->para;
        o->span = s->span;
        o->offset = mds__doc_source(doc, s->span.start);
        uint64_t end = mds__doc_source(doc, s->span.end);
        o->length = end > o->offset ? (size_t)(end - o->offset) : 0;
        o->drop = s->drop;
        o->summary = -1;
    }
    for (size_t i = 0; i < nkept; i++) {
        mds__report_sent *o = &r->sents[kept[i]];
        o->ranked = 1;
        o->score = scores[i];
        if (scores[i] > r->max_score)
            r->max_score = scores[i];
    }
    for (size_t k = 0; k < nchosen; k++)
        r->sents[kept[chosen[k]]].summary = (long)k;
    memcpy(r->seconds, seconds, sizeof r->seconds);
    *out = r;
    return MDS_OK;
}
