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
    mds__free(d->map);
    mds__free(d->paras);
    /* Leave a harmless empty document behind: a second free is then a no-op. */
    uint32_t source = d->source;
    memset(d, 0, sizeof *d);
    d->source = source;
}
