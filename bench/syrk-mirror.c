/* SPDX-License-Identifier: MIT */
/* The dense gram's parts, outside mds, with the same BLAS: SYRK (upper half), the loop that
 * mirrors it into the lower half as src/compute/backend_cpu.c does, and a full SGEMM for comparison,
 * on random n x 1024 rows; each into a fresh n x n buffer (as in summarize) and again.
 *   cc -O3 -o /tmp/syrk-mirror bench/syrk-mirror.c -lopenblas && /tmp/syrk-mirror 10000 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)atol(argv[1]) : 10000, d = 1024;
    float *X = malloc(n * d * sizeof *X), *S = malloc(n * n * sizeof *S);
    if (!X || !S) {
        fprintf(stderr, "syrk-mirror: out of memory\n");
        return 1;
    }
    for (size_t i = 0; i < n * d; i++)
        X[i] = (float)(rand() % 1000) / 1000.0f;
    /* first pass: a fresh buffer, as summarize has (each page faulted in by its first write);
     * second pass: the same buffer again, faults paid */
    for (int pass = 0; pass < 2; pass++) {
        double t0 = now();
        cblas_ssyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)n, (int)d, 1.0f, X, (int)d,
                    0.0f, S, (int)n);
        double t1 = now();
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < i; j++)
                S[i * n + j] = S[j * n + i];
        double t2 = now();
        printf("n=%zu D=%zu %s buffer: ssyrk %.3f s (%.1f GFLOP/s), mirror %.3f s\n", n, d,
               pass ? "warm" : "fresh", t1 - t0, (double)n * (n + 1.0) * d / (t1 - t0) / 1e9,
               t2 - t1);
    }
    free(S);
    S = malloc(n * n * sizeof *S);
    if (!S)
        return 1;
    for (int pass = 0; pass < 2; pass++) {
        double t0 = now();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)n, (int)d, 1.0f, X,
                    (int)d, X, (int)d, 0.0f, S, (int)n);
        double t1 = now();
        printf("n=%zu D=%zu %s buffer: sgemm %.3f s (%.1f GFLOP/s)\n", n, d,
               pass ? "warm" : "fresh", t1 - t0, 2.0 * n * n * d / (t1 - t0) / 1e9);
    }
    free(X);
    free(S);
    return 0;
}
