/* SPDX-License-Identifier: MIT */
/* Building results and the public accessors. */
#include "util/alloc.h"
#include "api/result.h"
#include "api/params.h"
#include "api/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where a sentence is. In the source file: bytes [*off, *off + *len), its span's
 * [map(start), map(end)) less trailing blanks and trailing markup that reading cut
 * (text/hygiene.h). Its text: bytes [*ta, *tb) of *buf, less the document's cuts inside them;
 * *buf is the file itself when it was read in place as UTF-8, else its UTF-8 conversion
 * (text/encoding.h), the buffer reading saw and the cuts index; for an HTML page, whose
 * source holds markup and entities, the span of its normalized text (no cuts). */
static void source_range(const mds_cluster *c, const mds__sent *s, uint64_t *off, size_t *len,
                         const unsigned char **buf, uint64_t *ta, uint64_t *tb)
{
    const mds__doc *doc = &c->docs[s->doc];
    const mds__source *src = &c->sources[doc->source];
    uint64_t a, b;
    if (!src->dec.utf8) {
        mds__doc_source_span(doc, src->data, src->size, s->span.start, s->span.end, &a, &b);
        *buf = src->data;
        *ta = a;
        *tb = b;
    } else {
        const mds__encmap *m = &src->dec.map;
        a = mds__doc_source(doc, s->span.start);
        b = mds__doc_source(doc, s->span.end);
        if (b > src->size)
            b = src->size;
        if (b < a)
            b = a;
        uint64_t ua = mds__encmap_u8(m, a), ub = mds__encmap_u8(m, b);
        if (ub < ua)
            ub = ua;
        mds__doc_trim_end(doc, src->dec.utf8, ua, &ub);
        b = mds__encmap_src(m, ub);
        if (b < a)
            b = a;
        *buf = src->dec.utf8;
        *ta = ua;
        *tb = ub;
    }
    *off = a;
    *len = (size_t)(b - a);
    if (doc->markup) {
        *buf = (const unsigned char *)doc->text;
        *ta = s->span.start;
        *tb = s->span.end;
    }
}

mds_status mds__result_printed(const mds_cluster *c, const mds__sent *s, mds__printed *out)
{
    uint64_t off, ta, tb;
    size_t len;
    const unsigned char *buf;
    const mds__doc *doc = &c->docs[s->doc];
    source_range(c, s, &off, &len, &buf, &ta, &tb);
    *out = (mds__printed){0};
    size_t n = (size_t)(tb - ta);
    if (!doc->ncuts || doc->markup)
        return mds__text_collapse((const char *)buf + ta, n, NULL, out);
    /* the printed text leaves the document's cuts out: copied on the stack, or for a long
     * sentence on the heap */
    char stack[4096];
    char *copy = n < sizeof stack ? stack : mds__malloc(n + 1);
    if (!copy)
        return MDS_ENOMEM;
    n = mds__doc_source_copy(doc, buf, ta, tb, copy);
    mds_status st = mds__text_collapse(copy, n, NULL, out);
    if (copy != stack)
        mds__free(copy);
    return st;
}

mds_status mds__result_new(const mds_cluster *c, const mds__sent *sents, const size_t *kept,
                           const double *scores, const size_t *chosen, size_t n,
                           mds_result **out)
{
    *out = NULL;
    mds_result *r = mds__calloc(1, sizeof *r);
    if (!r)
        return MDS_ENOMEM;
    r->n = n;
    size_t total = 0;
    for (size_t k = 0; k < n; k++) {
        uint64_t off, ta, tb;
        size_t len;
        const unsigned char *buf;
        const mds__sent *s = &sents[kept[chosen[k]]];
        const mds__doc *doc = &c->docs[s->doc];
        source_range(c, s, &off, &len, &buf, &ta, &tb);
        total += (size_t)(tb - ta) + 1 + strlen(c->sources[doc->source].path) + 1 + strlen(doc->id) + 1 +
                 (doc->date ? strlen(doc->date) + 1 : 0);
    }
    r->sents = mds__calloc(n ? n : 1, sizeof *r->sents);
    r->strings = mds__malloc(total + 1);
    if (!r->sents || !r->strings) {
        mds_result_free(r);
        return MDS_ENOMEM;
    }
    char *w = r->strings;
    for (size_t k = 0; k < n; k++) {
        size_t i = chosen[k];
        const mds__sent *s = &sents[kept[i]];
        const mds__doc *doc = &c->docs[s->doc];
        const mds__source *src = &c->sources[doc->source];
        mds_sentence *o = &r->sents[k];
        uint64_t ta, tb;
        const unsigned char *buf;
        source_range(c, s, &o->offset, &o->length, &buf, &ta, &tb);
        size_t tn = doc->markup ? (size_t)(tb - ta) : mds__doc_source_copy(doc, buf, ta, tb, w);
        if (doc->markup)
            memcpy(w, buf + ta, tn);
        w[tn] = '\0';
        mds__printed pr;
        mds__text_collapse(w, tn, NULL, &pr); /* only counts: cannot fail */
        o->words = pr.words;
        o->text = w;
        w += tn + 1;
        o->doc_path = w;
        w = stpcpy(w, src->path) + 1;
        o->doc_id = w;
        w = stpcpy(w, doc->id) + 1;
        if (doc->date) {
            o->doc_date = w;
            w = stpcpy(w, doc->date) + 1;
        }
        o->doc_index = s->doc;
        o->index = s->index;
        o->score = scores[i];
    }
    *out = r;
    return MDS_OK;
}

mds_status mds__result_describe(mds_result *r, const mds__params *params, const char *lang,
                                const mds_stats *stats)
{
    mds__params_clear(&r->params);
    if (mds__params_init(&r->params, params) ||
        mds_params_set_string(&r->params, MDS_PARAM_LANG, lang))
        return MDS_ENOMEM;
    r->stats = *stats;
    snprintf(r->device, sizeof r->device, "%s", stats->device ? stats->device : "");
    r->stats.device = r->device;
    r->stats.warning = NULL;
    if (stats->warning && stats->warning[0]) {
        snprintf(r->warning, sizeof r->warning, "%s", stats->warning);
        r->stats.warning = r->warning;
    }
    return MDS_OK;
}

void mds_result_free(mds_result *r)
{
    if (!r)
        return;
    mds__free(r->sents);
    mds__free(r->strings);
    mds__params_clear(&r->params);
    mds__report_free(r->report);
    mds__free(r->query);
    mds__free(r);
}

const mds_params *mds_result_params(const mds_result *r) { return r ? &r->params : NULL; }

size_t mds_result_count(const mds_result *r) { return r ? r->n : 0; }

const mds_sentence *mds_result_sentence(const mds_result *r, size_t i)
{
    return r && i < r->n ? &r->sents[i] : NULL;
}

void mds_result_stats(const mds_result *r, mds_stats *s)
{
    if (!s)
        return;
    if (r)
        *s = r->stats;
    else
        memset(s, 0, sizeof *s);
}
