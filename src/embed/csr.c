/* SPDX-License-Identifier: MIT */
#include "embed/csr.h"

#include <string.h>

#include "util/alloc.h"

void mds__csr_free(mds__csr *a)
{
    mds__free(a->row_at);
    mds__free(a->col);
    mds__free(a->val);
    memset(a, 0, sizeof *a);
}

void mds__csr_dense(const mds__csr *a, float *X)
{
    size_t d = a->d;
    if (a->n)
        memset(X, 0, a->n * d * sizeof *X);
    for (size_t i = 0; i < a->n; i++)
        for (size_t e = a->row_at[i]; e < a->row_at[i + 1]; e++)
            X[i * d + a->col[e]] = a->val[e];
}

mds_status mds__csr_check(const mds__csr *a)
{
    if (a->n && !a->row_at)
        return MDS_EINVAL;
    for (size_t i = 0; i < a->n; i++) {
        if (a->row_at[i + 1] < a->row_at[i])
            return MDS_EINVAL;
        for (size_t e = a->row_at[i]; e < a->row_at[i + 1]; e++)
            if (a->col[e] >= a->d || (e > a->row_at[i] && a->col[e] <= a->col[e - 1]))
                return MDS_EINVAL;
    }
    return MDS_OK;
}
