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
