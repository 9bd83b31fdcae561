/* The CPU backend: OpenBLAS. Always built, always last in the list. */
#include <cblas.h>
#include <stdio.h>

#include "backend.h"

static mds_status cpu_probe(int device, char *msg, size_t msg_size) { return MDS_OK; }

static mds_status cpu_gram(const float *X, size_t n, size_t d, size_t row0, size_t rows, float *S,
                           char *msg, size_t msg_size)
{
    if (row0 > n || rows > n - row0) {
        snprintf(msg, msg_size, "gram: rows [%zu, %zu) outside 0..%zu", row0, row0 + rows, n);
        return MDS_EINTERNAL;
    }
    if (n == 0 || rows == 0)
        return MDS_OK;
    if (row0 == 0 && rows == n) {
        /* The whole matrix: SYRK does half the work, then mirror the upper triangle. */
        cblas_ssyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)n, (int)d, 1.0f, X, (int)d,
                    0.0f, S, (int)n);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < i; j++)
                S[i * n + j] = S[j * n + i];
        return MDS_OK;
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows, (int)n, (int)d, 1.0f,
                X + row0 * d, (int)d, X, (int)d, 0.0f, S, (int)n);
    return MDS_OK;
}

const mds__backend mds__backend_cpu = {
    .name = "cpu",
    .probe = cpu_probe,
    .gram = cpu_gram,
};
