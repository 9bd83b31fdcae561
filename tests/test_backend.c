/* SPDX-License-Identifier: MIT */
/* The CPU backend's sessions against plain arithmetic, the backend choice, and the rounding
 * to reduced precisions. (Every other backend against the CPU: tests/test_backend_parity.c.) */
#define _DEFAULT_SOURCE /* opendir */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compute/backend.h"
#include "compute/lexrank.h"
#include "testutil.h"

static const mds__backend *cpu = &mds__backend_cpu;

/* Random rows of unit length. */
static float *unit_rows(size_t n, size_t d, unsigned seed)
{
    float *X = malloc(n * d * sizeof *X);
    CU_ASSERT_FATAL(X != NULL);
    for (size_t i = 0; i < n; i++) {
        double norm = 0;
        for (size_t k = 0; k < d; k++) {
            seed = seed * 1103515245u + 12345u;
            float v = (float)((seed >> 16) & 0x7fff) / 32768.0f - 0.3f;
            X[i * d + k] = v;
            norm += (double)v * v;
        }
        for (size_t k = 0; k < d; k++)
            X[i * d + k] = (float)(X[i * d + k] / sqrt(norm));
    }
    return X;
}

static double dot(const float *X, size_t d, size_t i, size_t j)
{
    double s = 0;
    for (size_t k = 0; k < d; k++)
        s += (double)X[i * d + k] * X[j * d + k];
    return s;
}

static void check_rows(size_t n, size_t d)
{
    float *X = unit_rows(n, d, (unsigned)(n * 31 + d));
    float *S = malloc(n * n * sizeof *S);
    CU_ASSERT_FATAL(S != NULL);
    char msg[256] = "";
    mds__sim *s = NULL;
    CU_ASSERT_FATAL(cpu->open(0, X, n, d, MDS_PRECISION_FP32, &s, msg, sizeof msg) == MDS_OK);
    /* by tiles of odd sizes, before any graph (computed), then after a dense one (copied) */
    for (int pass = 0; pass < 2; pass++) {
        size_t tile = n / 3 + 1;
        for (size_t r = 0; r < n; r += tile)
            CU_ASSERT_EQUAL(cpu->rows(s, r, r + tile > n ? n - r : tile, S + r * n, msg,
                                      sizeof msg), MDS_OK);
        int bad = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                bad += fabs(S[i * n + j] - dot(X, d, i, j)) > 1e-5;
        CU_ASSERT_EQUAL(bad, 0);
        mds__graph_opts go = {MDS_LEXRANK_CONTINUOUS, 0.0f, 0, 0, MDS__GRAM_AUTO, 0};
        CU_ASSERT_EQUAL(cpu->graph(s, &go, msg, sizeof msg), MDS_OK);
    }
    CU_ASSERT_EQUAL(cpu->rows(s, n - 1, 2, S, msg, sizeof msg), MDS_EINTERNAL);
    CU_ASSERT(strstr(msg, "rows") != NULL);
    cpu->close(s);
    free(X);
    free(S);
}

static void test_rows_small(void) { check_rows(7, 16); }
static void test_rows_odd(void) { check_rows(131, 257); }

/* Dense and every-edge sparse sessions rank as lexrank.c does on the matrix itself. */
static void test_graph_and_rank(void)
{
    size_t n = 150, d = 64;
    float *X = unit_rows(n, d, 11);
    float *S = malloc(n * n * sizeof *S);
    double *ref = malloc(n * sizeof *ref), *sc = malloc(n * sizeof *sc);
    CU_ASSERT_FATAL(S && ref && sc);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            S[i * n + j] = (float)dot(X, d, i, j);
    char msg[256];
    for (int mode = 0; mode < 2; mode++) {
        float thr = mode ? 0.2f : 0.0f;
        mds__lexrank_opts lo = {mode ? MDS_LEXRANK_THRESHOLD : MDS_LEXRANK_CONTINUOUS, thr,
                                0.85, 1e-9, 500};
        int it_ref = 0;
        CU_ASSERT_EQUAL(mds__lexrank(S, n, &lo, NULL, ref, &it_ref), MDS_OK);
        for (size_t k = 0; k < 3; k++) {
            size_t neighbors = k == 0 ? 0 : k == 1 ? n - 1 : 4 * n; /* dense, all, more */
            mds__graph_opts go = {lo.mode, thr, neighbors, k == 1 ? 7 : 1000, MDS__GRAM_AUTO,
                                  0};
            mds__rank_opts ro = {0.85, 1e-9, 500};
            mds__sim *s = NULL;
            int it = 0;
            CU_ASSERT_FATAL(cpu->open(0, X, n, d, MDS_PRECISION_FP32, &s, msg, sizeof msg) ==
                            MDS_OK);
            CU_ASSERT_EQUAL(cpu->graph(s, &go, msg, sizeof msg), MDS_OK);
            CU_ASSERT_EQUAL(cpu->rank(s, &ro, NULL, sc, &it, msg, sizeof msg), MDS_OK);
            for (size_t i = 0; i < n; i++)
                CU_ASSERT_DOUBLE_EQUAL(sc[i], ref[i], 1e-5);
            mds__sim_stats st;
            cpu->stats(s, &st);
            CU_ASSERT_STRING_EQUAL(st.device, "cpu");
            CU_ASSERT(st.edges > 0 && st.edges <= n * (n - 1));
            CU_ASSERT(st.gram_flops >= (double)n * n * d);
            CU_ASSERT_EQUAL(st.device_bytes, 0);
            cpu->close(s);
        }
    }
    /* rank before graph is a bug in the caller, said so */
    mds__sim *s = NULL;
    mds__rank_opts ro = {0.85, 1e-9, 500};
    CU_ASSERT_FATAL(cpu->open(0, X, n, d, MDS_PRECISION_FP32, &s, msg, sizeof msg) == MDS_OK);
    CU_ASSERT_EQUAL(cpu->rank(s, &ro, NULL, sc, NULL, msg, sizeof msg), MDS_EINTERNAL);
    cpu->close(s);
    cpu->close(NULL);
    free(X);
    free(S);
    free(ref);
    free(sc);
}

/* A sparse graph keeps the heaviest neighbours: a planted near-duplicate is one. */
static void test_sparse_keeps_planted_pairs(void)
{
    size_t n = 200, d = 32;
    float *X = unit_rows(n, d, 5);
    for (size_t i = 0; i < n; i += 2) /* odd rows: copies of the even ones */
        memcpy(X + (i + 1) * d, X + i * d, d * sizeof *X);
    char msg[256];
    mds__sim *s = NULL;
    CU_ASSERT_FATAL(cpu->open(0, X, n, d, MDS_PRECISION_FP32, &s, msg, sizeof msg) == MDS_OK);
    mds__graph_opts go = {MDS_LEXRANK_CONTINUOUS, 0.0f, 3, 16, MDS__GRAM_AUTO, 0};
    CU_ASSERT_EQUAL(cpu->graph(s, &go, msg, sizeof msg), MDS_OK);
    mds__sim_stats st;
    cpu->stats(s, &st);
    CU_ASSERT(st.edges <= 3 * n);
    CU_ASSERT(st.edges >= n); /* each row has its twin at least */
    cpu->close(s);
    free(X);
}

static void test_reduced_precision_rows(void)
{
    size_t n = 40, d = 256;
    float *X = unit_rows(n, d, 9), *A = malloc(n * n * sizeof *A), *B = malloc(n * n * sizeof *B);
    CU_ASSERT_FATAL(A && B);
    char msg[256];
    for (int p = 1; p <= 2; p++) {
        mds__sim *a = NULL, *b = NULL;
        CU_ASSERT_FATAL(cpu->open(0, X, n, d, MDS_PRECISION_FP32, &a, msg, sizeof msg) == 0);
        CU_ASSERT_FATAL(cpu->open(0, X, n, d, (mds_precision)p, &b, msg, sizeof msg) == 0);
        CU_ASSERT_EQUAL(cpu->rows(a, 0, n, A, msg, sizeof msg), MDS_OK);
        CU_ASSERT_EQUAL(cpu->rows(b, 0, n, B, msg, sizeof msg), MDS_OK);
        double worst = 0;
        int differ = 0;
        for (size_t i = 0; i < n * n; i++) {
            worst = fmax(worst, fabs(A[i] - B[i]));
            differ |= A[i] != B[i];
        }
        CU_ASSERT(differ);        /* the rounding happened */
        CU_ASSERT(worst < 2e-3); /* and stayed within half-precision error */
        cpu->close(a);
        cpu->close(b);
    }
    free(X);
    free(A);
    free(B);
}

static void test_rounding(void)
{
    float x[] = {1.0f + 0x1p-11f, 1.0f + 3 * 0x1p-11f, -1.0f - 0x1p-12f, 0.1f, 0.0f,
                 -0.0f, INFINITY};
    mds__round_precision(x, 7, MDS_PRECISION_TF32);
    CU_ASSERT_EQUAL(x[0], 1.0f);              /* a tie goes to even */
    CU_ASSERT_EQUAL(x[1], 1.0f + 0x1p-9f);    /* 1.5 ulp up to 2 */
    CU_ASSERT_EQUAL(x[2], -1.0f);
    CU_ASSERT(fabsf(x[3] - 0.1f) < 0x1p-14f && x[3] != 0.1f);
    CU_ASSERT_EQUAL(x[4], 0.0f);
    CU_ASSERT(isinf(x[6]));
    float h[] = {65519.0f, 65520.0f, 0x1p-25f, 3 * 0x1p-25f, 1e-30f, -2.0f, NAN, 0.333333f};
    mds__round_precision(h, 8, MDS_PRECISION_FP16);
    CU_ASSERT_EQUAL(h[0], 65504.0f);
    CU_ASSERT(isinf(h[1]));
    CU_ASSERT_EQUAL(h[2], 0.0f);      /* half of the smallest subnormal: to even, zero */
    CU_ASSERT_EQUAL(h[3], 0x1p-23f);  /* 1.5 steps up to 2 */
    CU_ASSERT_EQUAL(h[4], 0.0f);
    CU_ASSERT_EQUAL(h[5], -2.0f);
    CU_ASSERT(isnan(h[6]));
    CU_ASSERT_EQUAL(h[7], 0.333251953125f); /* the half nearest 1/3 */
    float f[] = {0.1f};
    mds__round_precision(f, 1, MDS_PRECISION_FP32);
    CU_ASSERT_EQUAL(f[0], 0.1f);
}

static mds_status no_probe(int device, char *msg, size_t msg_size) { return MDS_EBACKEND; }

static void test_pick(void)
{
    const mds__backend *b = NULL;
    char msg[512] = "";
    CU_ASSERT_EQUAL(mds__backend_pick(MDS_BACKEND_CPU, 0, 10, 8, &b, msg, sizeof msg), MDS_OK);
    CU_ASSERT_PTR_EQUAL(b, cpu);
    /* small work never pays for a device: the CPU */
    CU_ASSERT_EQUAL(mds__backend_pick(MDS_BACKEND_AUTO, 0, 10, 8, &b, msg, sizeof msg), MDS_OK);
    CU_ASSERT_PTR_EQUAL(b, cpu);
    b = NULL;
    mds_status st = mds__backend_pick(MDS_BACKEND_CUDA, 0, 10, 8, &b, msg, sizeof msg);
#ifdef MDS_HAVE_CUDA
    if (st == MDS_OK) {
        CU_ASSERT_PTR_EQUAL(b, &mds__backend_cuda);
        return;
    }
#endif
    CU_ASSERT_EQUAL(st, MDS_EBACKEND);
    CU_ASSERT(strstr(msg, "CUDA") != NULL);
    CU_ASSERT_PTR_NULL(b);
    /* a stand-in answers every request but the CPU */
    mds__backend fake = mds__backend_cpu;
    fake.name = "fake";
    fake.probe = no_probe;
    mds__backend_override(&fake);
    CU_ASSERT_EQUAL(mds__backend_pick(MDS_BACKEND_CUDA, 0, 10, 8, &b, msg, sizeof msg), MDS_OK);
    CU_ASSERT_PTR_EQUAL(b, &fake);
    CU_ASSERT_EQUAL(mds__backend_pick(MDS_BACKEND_CPU, 0, 10, 8, &b, msg, sizeof msg), MDS_OK);
    CU_ASSERT_PTR_EQUAL(b, cpu);
    mds__backend_override(NULL);
}

/* The public list: the built backends in the order auto tries them, the CPU last; each
 * one a name the backend parameter takes. */
static void test_public_list(void)
{
    size_t n = mds_backend_count();
#ifdef MDS_HAVE_CUDA
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CU_ASSERT_STRING_EQUAL(mds_backend_name(0), "cuda");
#else
    CU_ASSERT_EQUAL_FATAL(n, 1);
#endif
    CU_ASSERT_STRING_EQUAL(mds_backend_name(n - 1), "cpu");
    CU_ASSERT_PTR_NULL(mds_backend_name(n));
    mds_params *p = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_params_new(&p), MDS_OK);
    for (size_t i = 0; i < n; i++)
        CU_ASSERT_EQUAL(mds_params_set(p, "backend", mds_backend_name(i)), MDS_OK);
    mds_params_free(p);
}

static void test_open_rejects_absurd_sizes(void)
{
    mds__sim *s = NULL;
    char msg[256] = "";
    float x = 1;
    CU_ASSERT_EQUAL(cpu->open(0, &x, SIZE_MAX / 2, 1024, MDS_PRECISION_FP32, &s, msg,
                              sizeof msg), MDS_EINVAL);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT(strstr(msg, "too large") != NULL);
}

/* The threads of this process when main began: only its own. OpenBLAS's pthread build starts
 * workers when it loads, which spin for a tenth of a second; libmds loads it only when the
 * dense gram first runs, and stops them then (blas_dl.c; test_blas_dl.c follows the load).
 * -1: /proc is not there to count. */
static int threads_at_start = -1;

static void test_no_idle_blas_threads(void)
{
    if (threads_at_start < 0)
        return; /* no /proc: nothing to count */
    CU_ASSERT_EQUAL(threads_at_start, 1);
    /* Asking for threads before BLAS ran starts none (OpenBLAS is not loaded yet); the count
     * applies when it loads. */
    CU_ASSERT_EQUAL(mds_set_blas_threads(2), MDS_OK);
    CU_ASSERT_EQUAL(tu_count_threads(), 1);
}

/* Last: the tests before ran the dense gram on two BLAS threads, which started OpenBLAS's
 * workers (on a machine of two CPUs or more); one thread for BLAS (as a batch sets) leaves
 * none. */
static void test_one_blas_thread_leaves_none(void)
{
    if (threads_at_start < 0)
        return;
    CU_ASSERT_EQUAL(mds_set_blas_threads(1), MDS_OK);
    CU_ASSERT_EQUAL(tu_threads_settled(1), 1);
}

static CU_TestInfo tests[] = {
    {"no BLAS threads at start, nor by asking for them", test_no_idle_blas_threads},
    {"rows, small", test_rows_small},
    {"rows, odd sizes and tiles", test_rows_odd},
    {"dense and sparse graphs rank as the matrix does", test_graph_and_rank},
    {"sparse graph keeps planted twins", test_sparse_keeps_planted_pairs},
    {"reduced precision rounds the inputs", test_reduced_precision_rows},
    {"rounding to TF32 and FP16", test_rounding},
    {"backend choice", test_pick},
    {"the public list of backends", test_public_list},
    {"absurd sizes are refused", test_open_rejects_absurd_sizes},
    {"one BLAS thread leaves no worker once BLAS ran", test_one_blas_thread_leaves_none},
    CU_TEST_INFO_NULL,
};

int main(void)
{
    threads_at_start = tu_count_threads();
    return tu_main("backend", tests, NULL, NULL);
}
