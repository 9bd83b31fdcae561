/* The CPU backend's gram against plain dot products, whole and by row tiles. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "testutil.h"

static void fill(float *X, size_t n, size_t d, unsigned seed)
{
    for (size_t i = 0; i < n * d; i++) {
        seed = seed * 1103515245u + 12345u;
        X[i] = (float)((seed >> 16) & 0x7fff) / 32768.0f - 0.5f;
    }
}

static void check_gram(size_t n, size_t d)
{
    float *X = malloc(n * d * sizeof *X), *S = malloc(n * n * sizeof *S);
    float *T = malloc(n * n * sizeof *T);
    CU_ASSERT_FATAL(X && S && T);
    fill(X, n, d, (unsigned)(n * 31 + d));
    char msg[128];
    CU_ASSERT_EQUAL(mds__backend_cpu.gram(X, n, d, 0, n, S, msg, sizeof msg), MDS_OK);
    size_t tile = n / 3 + 1;
    for (size_t r = 0; r < n; r += tile) {
        size_t rows = r + tile > n ? n - r : tile;
        CU_ASSERT_EQUAL(mds__backend_cpu.gram(X, n, d, r, rows, T + r * n, msg, sizeof msg),
                        MDS_OK);
    }
    int bad = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double dot = 0;
            for (size_t k = 0; k < d; k++)
                dot += (double)X[i * d + k] * X[j * d + k];
            bad += fabs(S[i * n + j] - dot) > 1e-4 || fabs(T[i * n + j] - dot) > 1e-4;
            bad += S[i * n + j] != S[j * n + i];
        }
    CU_ASSERT_EQUAL(bad, 0);
    free(X);
    free(S);
    free(T);
}

static void test_gram_small(void) { check_gram(7, 16); }
static void test_gram_odd(void) { check_gram(131, 257); }

static void test_gram_rejects_bad_tiles(void)
{
    float X[4] = {1, 0, 0, 1}, S[4];
    char msg[128] = "";
    CU_ASSERT_EQUAL(mds__backend_cpu.gram(X, 2, 2, 1, 2, S, msg, sizeof msg), MDS_EINTERNAL);
    CU_ASSERT(strstr(msg, "rows") != NULL);
}

static void test_pick(void)
{
    const mds__backend *b = NULL;
    char msg[256] = "";
    CU_ASSERT_EQUAL(mds__backend_pick(MDS_BACKEND_CPU, 0, &b, msg, sizeof msg), MDS_OK);
    CU_ASSERT_PTR_EQUAL(b, &mds__backend_cpu);
    CU_ASSERT_EQUAL(mds__backend_pick(MDS_BACKEND_AUTO, 0, &b, msg, sizeof msg), MDS_OK);
    CU_ASSERT_PTR_NOT_NULL(b);
    b = NULL;
    CU_ASSERT_EQUAL(mds__backend_pick(MDS_BACKEND_CUDA, 0, &b, msg, sizeof msg), MDS_EBACKEND);
    CU_ASSERT(strstr(msg, "CUDA") != NULL);
    CU_ASSERT_PTR_NULL(b);
}

static CU_TestInfo tests[] = {
    {"gram, small", test_gram_small},
    {"gram, odd sizes and tiles", test_gram_odd},
    {"gram rejects bad tiles", test_gram_rejects_bad_tiles},
    {"backend choice", test_pick},
    CU_TEST_INFO_NULL,
};

int main(void)
{
    CU_initialize_registry();
    tu_add_suite("backend", tests);
    return tu_run();
}
