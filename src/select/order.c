/* SPDX-License-Identifier: MIT */
/* Ordering the chosen sentences: by source (date, document, position) or by score. */
#include "util/alloc.h"
#include "select/order.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct doc_key {
    const char *date; /* NULL sorts as "no date": by position only */
    uint32_t doc;
} doc_key;

/* Dated documents first, by date, then the undated; ties by position in the cluster. Dates
 * are ISO-like strings ("1999-07-07 08:30:27"), so byte order is time order. A total order,
 * as qsort needs. */
static int cmp_doc_key(const void *a, const void *b)
{
    const doc_key *x = a, *y = b;
    if (!x->date != !y->date)
        return x->date ? -1 : 1;
    if (x->date) {
        int r = strcmp(x->date, y->date);
        if (r)
            return r;
    }
    return x->doc < y->doc ? -1 : x->doc > y->doc;
}

typedef struct order_key {
    uint64_t key; /* document rank << 32 | sentence index: unique per sentence */
    size_t cand;
} order_key;

static int cmp_order_key(const void *a, const void *b)
{
    uint64_t x = ((const order_key *)a)->key, y = ((const order_key *)b)->key;
    return x < y ? -1 : x > y;
}

mds_status mds__order_source(size_t *v, size_t n, const mds__doc *docs, size_t ndocs,
                             const mds__sent *sents, const size_t *kept)
{
    doc_key *dk = mds__malloc((ndocs ? ndocs : 1) * sizeof *dk);
    uint32_t *rank = mds__malloc((ndocs ? ndocs : 1) * sizeof *rank);
    order_key *keys = mds__malloc((n ? n : 1) * sizeof *keys);
    mds_status st = MDS_ENOMEM;
    if (!dk || !rank || !keys)
        goto done;
    for (size_t d = 0; d < ndocs; d++)
        dk[d] = (doc_key){docs[d].date, (uint32_t)d};
    qsort(dk, ndocs, sizeof *dk, cmp_doc_key);
    for (size_t r = 0; r < ndocs; r++)
        rank[dk[r].doc] = (uint32_t)r;
    for (size_t k = 0; k < n; k++) {
        const mds__sent *s = &sents[kept[v[k]]];
        keys[k] = (order_key){(uint64_t)rank[s->doc] << 32 | s->index, v[k]};
    }
    qsort(keys, n, sizeof *keys, cmp_order_key);
    for (size_t k = 0; k < n; k++)
        v[k] = keys[k].cand;
    st = MDS_OK;
done:
    mds__free(dk);
    mds__free(rank);
    mds__free(keys);
    return st;
}

typedef struct score_key {
    double score;
    size_t rank, cand; /* rank: position in selection order, for ties */
} score_key;

static int cmp_score_key(const void *a, const void *b)
{
    const score_key *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->rank < y->rank ? -1 : x->rank > y->rank;
}

mds_status mds__order_score(size_t *v, size_t n, const double *scores)
{
    score_key *keys = mds__malloc((n ? n : 1) * sizeof *keys);
    if (!keys)
        return MDS_ENOMEM;
    for (size_t k = 0; k < n; k++)
        keys[k] = (score_key){scores[v[k]], k, v[k]};
    qsort(keys, n, sizeof *keys, cmp_score_key);
    for (size_t k = 0; k < n; k++)
        v[k] = keys[k].cand;
    mds__free(keys);
    return MDS_OK;
}
