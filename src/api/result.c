/* Building results and the public accessors. */
#include "util/alloc.h"
#include "api/result.h"
#include "api/params.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_space(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

/* The source bytes of a sentence: [map(start), map(end)) without trailing blanks. */
static void source_range(const mds_cluster *c, const mds__sent *s, uint64_t *off, size_t *len)
{
    const mds__doc *doc = &c->docs[s->doc];
    const mds__source *src = &c->sources[doc->source];
    uint64_t a = mds__doc_source(doc, s->span.start), b = mds__doc_source(doc, s->span.end);
    if (b > src->size)
        b = src->size;
    if (b < a)
        b = a;
    while (b > a && is_space(src->data[b - 1]))
        b--;
    *off = a;
    *len = (size_t)(b - a);
}

/* The bytes a sentence reads as: its source bytes, or for HTML (issue 12) its span of the
 * normalized text, since the source holds markup and entities. */
static const char *sentence_bytes(const mds_cluster *c, const mds__sent *s, size_t *len)
{
    const mds__doc *doc = &c->docs[s->doc];
    uint64_t off;
    if (doc->markup) {
        *len = s->span.end - s->span.start;
        return doc->text + s->span.start;
    }
    source_range(c, s, &off, len);
    return (const char *)c->sources[doc->source].data + off;
}

size_t mds__result_text_bytes(const mds_cluster *c, const mds__sent *s)
{
    size_t len, width = 0;
    const char *t = sentence_bytes(c, s, &len);
    mds__text_collapse(t, len, NULL, &width);
    return width;
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
        uint64_t off;
        size_t len;
        const mds__sent *s = &sents[kept[chosen[k]]];
        const mds__doc *doc = &c->docs[s->doc];
        source_range(c, s, &off, &len);
        sentence_bytes(c, s, &len);
        total += len + 1 + strlen(c->sources[doc->source].path) + 1 + strlen(doc->id) + 1 +
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
        source_range(c, s, &o->offset, &o->length);
        size_t tlen;
        const char *t = sentence_bytes(c, s, &tlen);
        memcpy(w, t, tlen);
        w[tlen] = '\0';
        o->text = w;
        w += tlen + 1;
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
        o->words = s->words;
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
