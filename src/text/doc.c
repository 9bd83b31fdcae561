/* SPDX-License-Identifier: MIT */
#include "util/alloc.h"
#include "text/doc.h"

#include <stdlib.h>
#include <string.h>

void mds__doc_free(mds__doc *d)
{
    if (!d)
        return;
    mds__free(d->id);
    mds__free(d->date);
    mds__free(d->headline);
    mds__free(d->text);
    mds__free(d->map.at);
    mds__free(d->map.src);
    mds__free(d->paras);
    mds__free(d->cuts);
    /* Leave a harmless empty document behind: a second free is then a no-op. */
    uint32_t source = d->source;
    memset(d, 0, sizeof *d);
    d->source = source;
}

uint64_t mds__doc_source(const mds__doc *d, size_t i)
{
    const mds__docmap *m = &d->map;
    if (i >= d->text_len || !m->n)
        return m->end;
    /* the character's first byte: UTF-8 continuation bytes map where their lead does */
    while (i > 0 && ((unsigned char)d->text[i] & 0xC0) == 0x80)
        i--;
    size_t lo = 0, hi = m->n; /* the last run with at <= i */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->at[mid] <= i)
            lo = mid;
        else
            hi = mid;
    }
    return m->src[lo] + (i - m->at[lo]);
}

/* The first cut that ends past x. */
static size_t cut_from(const mds__doc *d, uint64_t x)
{
    size_t lo = 0, hi = d->ncuts;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->cuts[mid].b <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int blank(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

void mds__doc_source_span(const mds__doc *d, const unsigned char *src, size_t size, size_t s,
                          size_t e, uint64_t *a, uint64_t *b)
{
    uint64_t x = mds__doc_source(d, s), y = mds__doc_source(d, e);
    if (y > size)
        y = size;
    if (y < x)
        y = x;
    mds__doc_trim_end(d, src, x, &y);
    *a = x;
    *b = y;
}

void mds__doc_trim_end(const mds__doc *d, const unsigned char *src, uint64_t x, uint64_t *end)
{
    uint64_t y = *end;
    for (;;) {
        while (y > x && blank(src[y - 1]))
            y--;
        /* a cut that ends there and starts inside: "**" closing an emphasis */
        size_t k = d->ncuts ? cut_from(d, y - (y > x)) : 0;
        if (y > x && k < d->ncuts && d->cuts[k].b == y && d->cuts[k].a >= x) {
            y = d->cuts[k].a;
            continue;
        }
        break;
    }
    *end = y;
}

size_t mds__doc_source_copy(const mds__doc *d, const unsigned char *src, uint64_t a, uint64_t b,
                            char *out)
{
    size_t w = 0;
    uint64_t p = a;
    for (size_t k = d->ncuts ? cut_from(d, a) : 0; k < d->ncuts && d->cuts[k].a < b; k++) {
        const mds__srcspan *c = &d->cuts[k];
        if (c->a < a || c->b > b)
            continue; /* not wholly inside: a join that did not happen here */
        memcpy(out + w, src + p, (size_t)(c->a - p));
        w += (size_t)(c->a - p);
        p = c->b;
    }
    memcpy(out + w, src + p, (size_t)(b - p));
    return w + (size_t)(b - p);
}
