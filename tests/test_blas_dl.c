/* SPDX-License-Identifier: MIT */
/* Tests for src/compute/blas_dl.c: OpenBLAS is not in the process until the dense gram first
 * needs it (a summary of English news, by the index's gram, leaves it out), and is there
 * after, its gram the index's within float rounding; the thread count asked before it loaded
 * applies once it loads, and its idle workers are stopped. With MDS_TEST_HIDDEN_LIBS set
 * (tests/test_lazy_libs.sh, which hides OpenBLAS from the process), the dense gram fails
 * with a status and a message instead, and the cost model's choice falls back on the index.
 * The tests run in order: each starts where the one before left the process. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compute/backend.h"
#include "compute/blas_dl.h"
#include "testutil.h"

#define EXAMPLE MDS_SOURCE_DIR "/examples/putin-north-korea"

static int threads_at_start = -1;
static int hidden; /* OpenBLAS is not there to load */

static void test_not_loaded_at_start(void)
{
    CU_ASSERT_FALSE(mds__blas_loaded());
    if (tu_mapped("libopenblas") < 0)
        return; /* no /proc: nothing more to look at */
    CU_ASSERT_EQUAL(tu_mapped("libopenblas"), 0);
    CU_ASSERT_EQUAL(threads_at_start, 1);
}

/* A summary of the example (10 English news articles) by the CPU's index gram: no BLAS. The
 * thread count asked before is kept for later (the next test). */
static void test_index_summary_leaves_it_out(void)
{
    CU_ASSERT_EQUAL(mds_set_blas_threads(2), MDS_OK);
    mds_ctx *ctx = NULL;
    mds_cluster *c = NULL;
    mds_params *p = NULL;
    mds_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_ctx_new(&ctx), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_params_new(&p), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_params_set(p, "backend", "cpu"), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_add_dir(c, EXAMPLE), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_summarize(ctx, c, p, &r), MDS_OK);
    CU_ASSERT(mds_result_count(r) >= 2);
    mds_stats st;
    mds_result_stats(r, &st);
    CU_ASSERT_STRING_EQUAL(st.backend, "cpu");
    CU_ASSERT(st.seconds_gram > 0 || st.gram_flops > 0);
    mds_result_free(r);
    mds_cluster_free(c);
    mds_params_free(p);
    mds_ctx_free(ctx);
    CU_ASSERT_FALSE(mds__blas_loaded());
    if (tu_mapped("libopenblas") >= 0) {
        CU_ASSERT_EQUAL(tu_mapped("libopenblas"), 0);
        CU_ASSERT_EQUAL(tu_count_threads(), 1); /* two threads asked, none started */
    }
}

/* n rows like hashed term vectors: a few signed weights each, unit length. */
static float *term_rows(size_t n, size_t d)
{
    float *X = calloc(n * d, sizeof *X);
    CU_ASSERT_FATAL(X != NULL);
    uint64_t rng = 0x9e3779b97f4a7c15u;
    for (size_t i = 0; i < n; i++) {
        float *x = X + i * d;
        for (int t = 0; t < 12; t++)
            x[tu_rng(&rng) % (i % 5 ? d : 16)] += (tu_rng(&rng) & 1) ? 1.0f : -0.5f;
        double ss = 0;
        for (size_t j = 0; j < d; j++)
            ss += (double)x[j] * x[j];
        for (size_t j = 0; ss > 0 && j < d; j++)
            x[j] = (float)(x[j] / sqrt(ss));
    }
    return X;
}

/* The graph and ranks of X by one gram; the rows of S back in *S (n x n), the gram's
 * floating-point operations in *flops (the two grams count them differently). */
static void by_gram(const float *X, size_t n, size_t d, size_t neighbors, mds__gram_kind kind,
                    float **S, double **scores, double *flops)
{
    const mds__backend *cpu = &mds__backend_cpu;
    mds__sim *s = NULL;
    char msg[1024] = "";
    CU_ASSERT_EQUAL_FATAL(cpu->open(0, X, n, d, MDS_PRECISION_FP32, &s, msg, sizeof msg), MDS_OK);
    mds__graph_opts go = {.mode = MDS_LEXRANK_CONTINUOUS, .threshold = 0.1f,
                          .neighbors = neighbors, .tile_rows = 37, .gram = kind};
    CU_ASSERT_EQUAL_FATAL(cpu->graph(s, &go, msg, sizeof msg), MDS_OK);
    mds__sim_stats st;
    cpu->stats(s, &st);
    *flops = st.gram_flops;
    mds__rank_opts ro = {0.85, 1e-12, 1000};
    int it = 0;
    *scores = malloc(n * sizeof **scores);
    *S = malloc(n * n * sizeof **S);
    CU_ASSERT_FATAL(*scores && *S);
    CU_ASSERT_EQUAL(cpu->rank(s, &ro, NULL, *scores, &it, msg, sizeof msg), MDS_OK);
    CU_ASSERT_EQUAL(cpu->rows(s, 0, n, *S, msg, sizeof msg), MDS_OK);
    cpu->close(s);
}

/* The two runs' similarities within tol of each other and their scores within 1e-6; both
 * freed. */
static void agree_and_free(float *S[2], double *sc[2], size_t n, float tol)
{
    for (size_t k = 0; k < n * n; k++)
        CU_ASSERT(fabsf(S[0][k] - S[1][k]) < tol);
    for (size_t i = 0; i < n; i++)
        CU_ASSERT(fabs(sc[0][i] - sc[1][i]) < 1e-6);
    for (int g = 0; g < 2; g++) {
        free(S[g]);
        free(sc[g]);
    }
}

/* The dense gram loads OpenBLAS; its graph ranks as the index's, by the whole matrix (SYRK)
 * and by tiles (SGEMM). One thread asked, before it loads: OpenBLAS starts its workers when
 * it loads (one per CPU), and they must be gone, stopped at load and not started again by a
 * gram on one thread. */
static void test_dense_gram_loads_it(void)
{
    CU_ASSERT_EQUAL(mds_set_blas_threads(1), MDS_OK);
    size_t n = 300, d = 256;
    float *X = term_rows(n, d);
    if (hidden) { /* a status that names the library and why, every time; nothing else */
        for (int again = 0; again < 2; again++) {
            mds__sim *s = NULL;
            char msg[1024] = "";
            CU_ASSERT_EQUAL_FATAL(mds__backend_cpu.open(0, X, n, d, MDS_PRECISION_FP32, &s,
                                                        msg, sizeof msg), MDS_OK);
            mds__graph_opts go = {.mode = MDS_LEXRANK_CONTINUOUS, .threshold = 0.1f,
                                  .neighbors = again ? 10 : 0, .tile_rows = 37,
                                  .gram = MDS__GRAM_BLAS};
            CU_ASSERT_EQUAL(mds__backend_cpu.graph(s, &go, msg, sizeof msg), MDS_EBACKEND);
            CU_ASSERT(strstr(msg, "needs BLAS: cannot load OpenBLAS: ") != NULL);
            CU_ASSERT(strstr(msg, "libopenblas.so.0") != NULL);
            mds__backend_cpu.close(s);
        }
        const mds__blas *b = (const mds__blas *)X;
        char msg[64];
        CU_ASSERT_EQUAL(mds__blas_load(&b, msg, sizeof msg), MDS_EBACKEND);
        CU_ASSERT_PTR_NULL(b);
        CU_ASSERT(strncmp(msg, "cannot load OpenBLAS: ", 22) == 0);
        CU_ASSERT_FALSE(mds__blas_loaded());
        if (tu_mapped("libopenblas") >= 0)
            CU_ASSERT_EQUAL(tu_mapped("libopenblas"), 0);
        free(X);
        return;
    }
    for (size_t neighbors = 0; neighbors <= 10; neighbors += 10) {
        float *S[2];
        double *sc[2], flops;
        by_gram(X, n, d, neighbors, MDS__GRAM_INDEX, &S[0], &sc[0], &flops);
        if (neighbors == 0)
            CU_ASSERT_FALSE(mds__blas_loaded());
        by_gram(X, n, d, neighbors, MDS__GRAM_BLAS, &S[1], &sc[1], &flops);
        CU_ASSERT_TRUE(mds__blas_loaded());
        agree_and_free(S, sc, n, 1e-5f);
    }
    free(X);
    const mds__blas *b = NULL;
    char msg[768];
    CU_ASSERT_EQUAL(mds__blas_load(&b, msg, sizeof msg), MDS_OK);
    CU_ASSERT_PTR_NOT_NULL(b);
    if (tu_mapped("libopenblas") >= 0) {
        CU_ASSERT_EQUAL(tu_mapped("libopenblas"), 1);
        CU_ASSERT_EQUAL(tu_threads_settled(1), 1);
    }
}

/* Embeddings every dimension of which every row uses: the cost model takes BLAS for their
 * gram, or the index where OpenBLAS cannot be loaded; the same graph either way. */
static void test_choice_falls_back(void)
{
    size_t n = 200, d = 128;
    float *X = malloc(n * d * sizeof *X);
    CU_ASSERT_FATAL(X != NULL);
    uint64_t rng = 77;
    for (size_t k = 0; k < n * d; k++)
        X[k] = 0.05f + (float)(tu_rng(&rng) % 1000) / 10000.0f;
    float *S[2];
    double *sc[2], flops[2];
    by_gram(X, n, d, 0, MDS__GRAM_AUTO, &S[0], &sc[0], &flops[0]);
    by_gram(X, n, d, 0, MDS__GRAM_INDEX, &S[1], &sc[1], &flops[1]);
    double syrk = (double)n * (double)(n + 1) * (double)d;
    /* the gram taken: its count of operations says which */
    CU_ASSERT(fabs(flops[0] - (hidden ? flops[1] : syrk)) < 0.5);
    CU_ASSERT(flops[1] != syrk);
    agree_and_free(S, sc, n, 1e-4f);
    free(X);
}

/* The switch applies to the library loaded: two threads for BLAS start a worker, one stops
 * it (as a batch sets). Without the library, asking for threads starts none. */
static void test_threads_once_loaded(void)
{
    if (tu_count_threads() < 0)
        return;
    if (hidden) {
        CU_ASSERT_EQUAL(mds_set_blas_threads(2), MDS_OK);
        CU_ASSERT_EQUAL(tu_count_threads(), 1);
        CU_ASSERT_EQUAL(mds_set_blas_threads(1), MDS_OK);
        return;
    }
    CU_ASSERT_EQUAL(tu_threads_settled(1), 1);
    CU_ASSERT_EQUAL(mds_set_blas_threads(2), MDS_OK);
    CU_ASSERT_EQUAL(tu_count_threads(), 2);
    CU_ASSERT_EQUAL(mds_set_blas_threads(1), MDS_OK);
    CU_ASSERT_EQUAL(tu_threads_settled(1), 1);
    CU_ASSERT_EQUAL(mds_set_blas_threads(0), MDS_EINVAL);
}

static CU_TestInfo tests[] = {
    {"OpenBLAS is not loaded at start", test_not_loaded_at_start},
    {"a summary by the index's gram leaves it out", test_index_summary_leaves_it_out},
    {"the dense gram loads it, and matches the index's", test_dense_gram_loads_it},
    {"the cost model's BLAS, or the index without it", test_choice_falls_back},
    {"its threads, once loaded", test_threads_once_loaded},
    CU_TEST_INFO_NULL,
};

int main(void)
{
    threads_at_start = tu_count_threads();
    hidden = getenv("MDS_TEST_HIDDEN_LIBS") != NULL;
    return tu_main("blas_dl", tests, NULL, NULL);
}
