/* SPDX-License-Identifier: MIT */
/* Maximal Marginal Relevance (Carbonell and Goldstein 1998) under a length budget. */
#include "util/alloc.h"
#include "select/mmr.h"

#include <stdlib.h>

mds_status mds__mmr_select(size_t n, const double *scores, const mds__cand *cands,
                           const mds__mmr_opts *o, mds__row_fn rowfn, void *row_ctx,
                           size_t *chosen, size_t *nchosen)
{
    *nchosen = 0;
    if (n == 0)
        return MDS_OK;
    float *maxsim = mds__malloc(n * sizeof *maxsim);
    float *row = mds__malloc(n * sizeof *row);
    unsigned char *out = mds__calloc(n, 1); /* 1: chosen or ruled out for good */
    mds_status st = MDS_ENOMEM;
    if (!maxsim || !row || !out)
        goto done;
    double top = 0;
    for (size_t i = 0; i < n; i++) {
        maxsim[i] = 0.0f;
        if (!cands[i].eligible)
            out[i] = 1;
        else if (scores[i] > top)
            top = scores[i];
    }
    if (top <= 0)
        top = 1;

    size_t used = 0, k = 0;
    for (;;) {
        size_t best = n;
        double best_v = 0;
        for (size_t i = 0; i < n; i++) {
            if (out[i])
                continue;
            size_t c = mds__cand_cost(&cands[i], o->unit, k == 0);
            if (used + c > o->budget) {
                out[i] = 1; /* the budget only shrinks */
                continue;
            }
            double v = o->lambda * (scores[i] / top) - (1.0 - o->lambda) * (double)maxsim[i];
            if (best == n || v > best_v) {
                best = i;
                best_v = v;
            }
        }
        if (best == n)
            break;
        used += mds__cand_cost(&cands[best], o->unit, k == 0);
        chosen[k++] = best;
        out[best] = 1;
        if ((st = rowfn(row_ctx, best, row)))
            goto done;
        for (size_t i = 0; i < n; i++) {
            if (out[i])
                continue;
            if (row[i] > maxsim[i])
                maxsim[i] = row[i];
            if (maxsim[i] >= (float)o->duplicate_threshold)
                out[i] = 1; /* the same fact twice */
        }
    }
    *nchosen = k;
    st = MDS_OK;
done:
    mds__free(maxsim);
    mds__free(row);
    mds__free(out);
    return st;
}

/* Rows on demand: any graph, any session. */
static mds_status select_mmr(const mds__selection *in, size_t *chosen, size_t *nchosen)
{
    mds__mmr_opts o = {in->unit, in->budget, in->params->lambda, in->duplicate_threshold};
    return mds__mmr_select(in->n, in->scores, in->cands, &o, in->row, in->row_ctx, chosen,
                           nchosen);
}

const mds__selector mds__selector_mmr = {
    .name = "mmr",
    .needs = 0,
    .cand_bytes = 2 * sizeof(float) + 1, /* maxsim, row, out */
    .select = select_mmr,
};
