#include "text/doc.h"

#include <stdlib.h>
#include <string.h>

void mds__doc_free(mds__doc *d)
{
    if (!d)
        return;
    free(d->id);
    free(d->date);
    free(d->headline);
    free(d->text);
    free(d->map);
    free(d->paras);
    /* Leave a harmless empty document behind: a second free is then a no-op. */
    uint32_t source = d->source;
    memset(d, 0, sizeof *d);
    d->source = source;
}
