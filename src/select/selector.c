/* SPDX-License-Identifier: MIT */
/* The list of selectors: one line each, in the order of their indices. */
#include "util/alloc.h"
#include "select/selector.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Adding a selector: its file defines mds__selector_<name>, and one line here. The index of
 * a selector is its place in this list (the `selector` parameter's value), so new ones go at
 * the end. */
#define MDS__SELECTOR_LIST(X) \
    X(mmr)                    \
    X(coverage)               \
    X(concepts)               \
    X(lead)                   \
    /* one line each, above */

#define MDS__SELECTOR_EXTERN(name) extern const mds__selector mds__selector_##name;
MDS__SELECTOR_LIST(MDS__SELECTOR_EXTERN)
#undef MDS__SELECTOR_EXTERN

static const mds__selector *const selectors[] = {
#define MDS__SELECTOR_ENTRY(name) &mds__selector_##name,
    MDS__SELECTOR_LIST(MDS__SELECTOR_ENTRY)
#undef MDS__SELECTOR_ENTRY
};

#define NSELECTORS (sizeof selectors / sizeof selectors[0])

const char *const mds__selector_names[] = {
#define MDS__SELECTOR_NAME(name) #name,
    MDS__SELECTOR_LIST(MDS__SELECTOR_NAME)
#undef MDS__SELECTOR_NAME
    NULL,
};

size_t mds__cand_cost(const mds__cand *c, mds_budget_unit unit, int first)
{
    switch (unit) {
    case MDS_BUDGET_WORDS:
        return c->words;
    case MDS_BUDGET_BYTES:
        return c->bytes + (first ? 0 : 1); /* sentences are joined by one separator */
    case MDS_BUDGET_SENTENCES:
        return 1;
    }
    return 1;
}

const mds__selector *mds__selector_get(size_t index)
{
    return index < NSELECTORS ? selectors[index] : NULL;
}

int mds__selector_find(const char *name)
{
    for (size_t i = 0; name && i < NSELECTORS; i++)
        if (strcmp(selectors[i]->name, name) == 0)
            return (int)i;
    return -1;
}

mds_status mds__selector_resolve(size_t index, int dense, size_t *out, char *msg,
                                 size_t msg_size)
{
    const mds__selector *s = mds__selector_get(index);
    if (!s) {
        snprintf(msg, msg_size, "unknown selector %zu", index);
        return MDS_EINVAL;
    }
    *out = index;
    if (dense || !(s->needs & MDS__NEEDS_MATRIX))
        return MDS_OK;
    int f = mds__selector_find(s->fallback);
    if (f < 0) {
        snprintf(msg, msg_size, "the %s selector needs the dense similarity graph", s->name);
        return MDS_EINVAL;
    }
    *out = (size_t)f;
    return MDS_OK;
}

mds_status mds__selector_run(const mds__selector *sel, mds__session *s, mds__selection *in,
                             size_t *chosen, size_t *nchosen)
{
    size_t n = in->n;
    const mds__backend *be = s->be;
    char *msg = s->msg;
    size_t msg_size = s->msg_size;
    const float *S = be->matrix ? be->matrix(s->sim) : NULL;
    float *copy = NULL;
    mds_status st = MDS_OK;
    msg[0] = '\0';
    if ((sel->needs & MDS__NEEDS_MATRIX) && !S) {
        if (n && n > SIZE_MAX / sizeof *copy / n)
            st = MDS_ENOMEM;
        else if (!(copy = mds__malloc((n ? n * n : 1) * sizeof *copy)))
            st = MDS_ENOMEM;
        else if (!(st = be->rows(s->sim, 0, n, copy, msg, msg_size)))
            S = copy;
    }
    if (!st) {
        in->row = mds__session_row;
        in->row_ctx = s;
        in->S = S;
        st = sel->select(in, chosen, nchosen);
        in->row = NULL;
        in->row_ctx = NULL;
        in->S = NULL;
    }
    if (st && !msg[0])
        snprintf(msg, msg_size, "%s for the %s selector (%zu sentences)",
                 st == MDS_ENOMEM ? "out of memory" : mds_strerror(st), sel->name, n);
    mds__free(copy);
    return st;
}
