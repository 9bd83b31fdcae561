/* SPDX-License-Identifier: MIT */
/* The lead baseline: the documents' opening sentences, taken in turns: every document's
 * first candidate in cluster order, then every document's second, and so on (a candidate's
 * turn is its place among its document's candidates, eligible or not), each one kept when it
 * is eligible, fits the budget and is no near-duplicate of one already taken. News puts the
 * facts first, so this is the baseline multi-document summarizers are measured against
 * (NIST's DUC baseline takes the lead of one document). It ignores the scores. */
#include "util/alloc.h"
#include "select/selector.h"

#include <stdlib.h>

/* Candidates come in document order, then position: a candidate's turn is the number of
 * candidates of its document before it. */
static mds_status select_lead(const mds__selection *in, size_t *chosen, size_t *nchosen)
{
    size_t n = in->n, k = 0, used = 0;
    *nchosen = 0;
    size_t *turn = mds__malloc((n ? n : 1) * sizeof *turn);
    size_t *order = mds__malloc((n ? n : 1) * sizeof *order);
    float *maxsim = mds__calloc(n ? n : 1, sizeof *maxsim);
    float *row = mds__malloc((n ? n : 1) * sizeof *row);
    mds_status st = MDS_ENOMEM;
    if (!turn || !order || !maxsim || !row)
        goto done;
    size_t last = 0;
    for (size_t i = 0; i < n; i++) {
        turn[i] = i > 0 && in->doc_of[i] == in->doc_of[i - 1] ? turn[i - 1] + 1 : 0;
        if (turn[i] > last)
            last = turn[i];
    }
    /* the candidates by turn, then document: a counting sort, stable */
    size_t *start = mds__calloc(last + 2, sizeof *start);
    if (!start)
        goto done;
    for (size_t i = 0; i < n; i++)
        start[turn[i] + 1]++;
    for (size_t t = 0; t <= last; t++)
        start[t + 1] += start[t];
    for (size_t i = 0; i < n; i++)
        order[start[turn[i]]++] = i;
    mds__free(start);
    for (size_t r = 0; r < n; r++) {
        size_t i = order[r];
        if (!in->cands[i].eligible || maxsim[i] >= (float)in->duplicate_threshold)
            continue;
        size_t c = mds__cand_cost(&in->cands[i], in->unit, k == 0);
        if (used + c > in->budget)
            continue;
        used += c;
        chosen[k++] = i;
        if ((st = in->row(in->row_ctx, i, row)))
            goto done;
        for (size_t j = 0; j < n; j++)
            if (row[j] > maxsim[j])
                maxsim[j] = row[j];
    }
    *nchosen = k;
    st = MDS_OK;
done:
    mds__free(turn);
    mds__free(order);
    mds__free(maxsim);
    mds__free(row);
    return st;
}

const mds__selector mds__selector_lead = {
    .name = "lead",
    .needs = 0,
    /* turn, order, maxsim, row, and a document's start (no more documents than candidates) */
    .cand_bytes = 3 * sizeof(size_t) + 2 * sizeof(float),
    .select = select_lead,
};
