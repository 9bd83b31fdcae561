/* SPDX-License-Identifier: MIT */
/* The gram's kernels side by side, by size: BLAS (SYRK and its mirror for the dense S;
 * SGEMM tiles of 2,048 rows and the top-k reduction for the sparse graph) against a plain
 * blocked loop the compiler vectorizes (dense S) and the inverted index over the non-zeros
 * (src/compute/spgram.c: rows for the dense S, the fused top-k graph). Rows are made like
 * the hashed embeddings: `nnz` signed weights in random dimensions of D, unit length (on DUC
 * 2006 a candidate has 16 non-zeros on average, and the pairs sum over dimensions of
 * postings^2 is n^2 / 4 as for uniform dimensions). Prints CPU seconds (all threads) per
 * kernel, best of `repeat`, and the ratios.
 *
 *   cmake --build build --target mds
 *   cc -O2 -Isrc -Iinclude -o /tmp/gram-kernels bench/gram-kernels.c build/libmds.a \
 *      -lopenblas -lpthread -lm
 *   OPENBLAS_NUM_THREADS=1 /tmp/gram-kernels [--sizes 100,200,...] [--nnz 16] [--dim 1024]
 *        [--k 64] [--threads 1] [--repeat 3] [--dense-max 20000] [--loop-max 5000]
 *
 * Run it under OPENBLAS_CORETYPE=Haswell and =SkylakeX to compare OpenBLAS's kernels; nothing
 * in the project sets that variable (see docs/benchmarks.md). */
#define _POSIX_C_SOURCE 200809L
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compute/graph.h"
#include "compute/spgram.h"

char *openblas_get_corename(void);

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static float *make_rows(size_t n, size_t d, size_t nnz, unsigned seed)
{
    float *X = calloc(n * d, sizeof *X);
    if (!X)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        float *x = X + i * d;
        for (size_t t = 0; t < nnz; t++) {
            seed = seed * 1103515245u + 12345u;
            size_t dim = (seed >> 8) % d;
            x[dim] += ((seed >> 5) & 1 ? 1.0f : -1.0f) * (1.0f + (float)((seed >> 20) % 16) / 8);
        }
        double ss = 0;
        for (size_t t = 0; t < d; t++)
            ss += (double)x[t] * x[t];
        for (size_t t = 0; t < d; t++)
            x[t] = ss > 0 ? (float)(x[t] / sqrt(ss)) : 0.0f;
    }
    return X;
}

static void blas_dense(const float *X, size_t n, size_t d, float *S)
{
    cblas_ssyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)n, (int)d, 1.0f, X, (int)d, 0.0f,
                S, (int)n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            S[i * n + j] = S[j * n + i];
}

/* The plain loop: the upper triangle by blocks of 4 x 4 rows, 8 partial sums per dot
 * product (the compiler vectorizes the inner loop), mirrored. */
static void loop_dense(const float *restrict X, size_t n, size_t d, float *restrict S)
{
    enum { B = 4, L = 8 };
    for (size_t i0 = 0; i0 < n; i0 += B)
        for (size_t j0 = i0; j0 < n; j0 += B)
            for (size_t i = i0; i < i0 + B && i < n; i++)
                for (size_t j = j0 > i ? j0 : i; j < j0 + B && j < n; j++) {
                    const float *a = X + i * d, *b = X + j * d;
                    float acc[L] = {0};
                    size_t t = 0;
                    for (; t + L <= d; t += L)
                        for (size_t u = 0; u < L; u++)
                            acc[u] += a[t + u] * b[t + u];
                    float s = 0;
                    for (size_t u = 0; u < L; u++)
                        s += acc[u];
                    for (; t < d; t++)
                        s += a[t] * b[t];
                    S[i * n + j] = S[j * n + i] = s;
                }
}

static void index_dense(const float *X, size_t n, size_t d, float *S)
{
    mds__spgram g;
    if (mds__spgram_init(&g, X, n, d))
        exit(2);
    mds__spgram_rows(&g, 0, n, S);
    mds__spgram_free(&g);
}

static void blas_topk(const float *X, size_t n, size_t d, size_t k, float *T)
{
    mds__graph g;
    if (mds__graph_init(&g, n, k < n ? k : n - 1))
        exit(2);
    size_t tile = 2048;
    for (size_t r = 0; r < n; r += tile) {
        size_t rows = n - r < tile ? n - r : tile;
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows, (int)n, (int)d, 1.0f,
                    X + r * d, (int)d, X, (int)d, 0.0f, T, (int)n);
        mds__graph_add_tile(&g, T, r, rows, 0.0f, 0);
    }
    mds__graph_free(&g);
}

static void index_topk(const float *X, size_t n, size_t d, size_t k, int threads)
{
    mds__spgram sg;
    mds__graph g;
    if (mds__spgram_init(&sg, X, n, d) || mds__graph_init(&g, n, k < n ? k : n - 1) ||
        mds__spgram_graph(&sg, &g, 0.0f, 0, threads, 0))
        exit(2);
    mds__graph_free(&g);
    mds__spgram_free(&sg);
}

static double best(int repeat, double *wall, void (*fn)(void *), void *arg)
{
    double b = 1e30, bw = 1e30;
    for (int r = 0; r < repeat; r++) {
        struct timespec w0, w1;
        clock_gettime(CLOCK_MONOTONIC, &w0);
        double t0 = cpu_now();
        fn(arg);
        double t = cpu_now() - t0;
        clock_gettime(CLOCK_MONOTONIC, &w1);
        double w = (double)(w1.tv_sec - w0.tv_sec) + 1e-9 * (double)(w1.tv_nsec - w0.tv_nsec);
        b = t < b ? t : b;
        bw = w < bw ? w : bw;
    }
    *wall = bw;
    return b;
}

typedef struct arg {
    const float *X;
    size_t n, d, k;
    float *S;
    int threads, which;
} arg;

static void run(void *p)
{
    arg *a = p;
    switch (a->which) {
    case 0: blas_dense(a->X, a->n, a->d, a->S); break;
    case 1: loop_dense(a->X, a->n, a->d, a->S); break;
    case 2: index_dense(a->X, a->n, a->d, a->S); break;
    case 3: blas_topk(a->X, a->n, a->d, a->k, a->S); break;
    case 4: index_topk(a->X, a->n, a->d, a->k, a->threads); break;
    }
}

int main(int argc, char **argv)
{
    const char *sizes = "100,200,500,1000,2000,5000,10000,20000";
    size_t nnz = 16, d = 1024, k = 64, dense_max = 20000, loop_max = 5000;
    int threads = 1, repeat = 3;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--sizes"))
            sizes = argv[i + 1];
        else if (!strcmp(argv[i], "--nnz"))
            nnz = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--dim"))
            d = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--k"))
            k = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--threads"))
            threads = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--repeat"))
            repeat = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--dense-max"))
            dense_max = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--loop-max"))
            loop_max = strtoul(argv[i + 1], NULL, 10);
        else {
            fprintf(stderr, "gram-kernels: unknown option %s\n", argv[i]);
            return 1;
        }
    }
    printf("# OpenBLAS core %s; D = %zu, %zu non-zeros a row, k = %zu, index threads %d; CPU "
           "seconds (all threads), best of %d\n",
           openblas_get_corename(), d, nnz, k, threads, repeat);
    printf("| n | pairs/n^2 | dense: BLAS | loop | index | BLAS/loop | BLAS/index | "
           "top-k: BLAS tiles | index fused | BLAS/index | index wall |\n");
    printf("|---|---|---|---|---|---|---|---|---|---|---|\n");
    char *list = strdup(sizes);
    for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
        size_t n = strtoul(tok, NULL, 10);
        float *X = make_rows(n, d, nnz, 42u);
        double pairs, wall;
        mds__spgram sg;
        if (!X || mds__spgram_init(&sg, X, n, d))
            return 2;
        pairs = sg.pairs;
        mds__spgram_free(&sg);
        size_t tile = n < 2048 ? n : 2048;
        float *S = malloc((n <= dense_max ? n * n : tile * n) * sizeof *S);
        if (!X || !S)
            return 2;
        arg a = {X, n, d, k, S, threads, 0};
        double t[5] = {-1, -1, -1, -1, -1}, iw = 0;
        if (n <= dense_max) {
            for (int w = 0; w < 3; w++) {
                if (w == 1 && n > loop_max)
                    continue;
                a.which = w;
                t[w] = best(repeat, &wall, run, &a);
            }
        }
        if (n >= 2 && k < n) {
            a.which = 3;
            t[3] = best(n > 20000 ? 1 : repeat, &wall, run, &a);
            a.which = 4;
            t[4] = best(n > 20000 ? 1 : repeat, &iw, run, &a);
        }
        printf("| %zu | %.3f |", n, pairs / ((double)n * n));
        for (int w = 0; w < 3; w++)
            printf(t[w] < 0 ? " - |" : " %.4f |", t[w]);
        printf(t[1] > 0 ? " %.1f |" : " - |", t[0] / t[1]);
        printf(t[2] > 0 ? " %.1f |" : " - |", t[0] / t[2]);
        if (t[3] >= 0)
            printf(" %.3f | %.3f | %.1f | %.3f |\n", t[3], t[4], t[3] / t[4], iw);
        else
            printf(" - | - | - | - |\n");
        fflush(stdout);
        free(S);
        free(X);
    }
    free(list);
    return 0;
}
