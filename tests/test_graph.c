/* SPDX-License-Identifier: MIT */
/* The sparse graph's top-k reduction: which edges survive, in what order, by any tiling. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compute/graph.h"
#include "testutil.h"

enum { N = 6 };
/* Row 0 has ties (0.5 at 2 and 4), a negative, a NaN and a diagonal that must never count. */
static const float S[N * N] = {
    1.0f, 0.3f, 0.5f, -0.2f, 0.5f, NAN,  /**/
    0.3f, 1.0f, 0.1f, 0.0f, 0.2f, 0.25f, /**/
    0.5f, 0.1f, 1.0f, 0.6f, 0.05f, 0.0f, /**/
    -0.2f, 0.0f, 0.6f, 1.0f, 0.7f, 0.1f, /**/
    0.5f, 0.2f, 0.05f, 0.7f, 1.0f, 0.4f, /**/
    NAN, 0.25f, 0.0f, 0.1f, 0.4f, 1.0f,
};

static mds__graph build(size_t k, size_t tile, float thr, int unweighted)
{
    mds__graph g;
    CU_ASSERT_FATAL(mds__graph_init(&g, N, k) == MDS_OK);
    for (size_t r = 0; r < N; r += tile)
        mds__graph_add_tile(&g, S + r * N, r, r + tile > N ? N - r : tile, thr, unweighted);
    return g;
}

static void test_heaviest_ties_to_lower_index(void)
{
    mds__graph g = build(2, N, 0.0f, 0);
    CU_ASSERT_DOUBLE_EQUAL(g.deg[0], 1.3, 1e-6); /* every edge counts in the degree */
    /* row 0: 0.5 at 2 and 4, 0.3 at 1: keeps 2 and 4, in index order */
    CU_ASSERT_EQUAL(g.cnt[0], 2);
    CU_ASSERT_EQUAL(g.col[0], 2);
    CU_ASSERT_EQUAL(g.col[1], 4);
    CU_ASSERT_EQUAL(g.w[0], 0.5f);
    mds__graph_free(&g);
    g = build(1, N, 0.0f, 0);
    CU_ASSERT_EQUAL(g.cnt[0], 1);
    CU_ASSERT_EQUAL(g.col[0], 2); /* the tie goes to the lower index */
    CU_ASSERT_EQUAL(g.col[1 * 1], 0); /* row 1: 0.3 at 0 beats 0.25 at 5 */
    CU_ASSERT_EQUAL(g.col[3 * 1], 4); /* row 3: 0.7 at 4 */
    mds__graph_free(&g);
}

static void test_no_self_negative_nan_or_zero(void)
{
    mds__graph g = build(N, N, 0.0f, 0);
    /* row 0: 1, 2, 4 (not itself, not -0.2 at 3, not NaN at 5) */
    CU_ASSERT_EQUAL(g.cnt[0], 3);
    CU_ASSERT_EQUAL(g.col[0], 1);
    CU_ASSERT_EQUAL(g.col[1], 2);
    CU_ASSERT_EQUAL(g.col[2], 4);
    CU_ASSERT_EQUAL(g.col[3], MDS__NO_EDGE);
    /* row 5: 0.25 at 1, 0.1 at 3, 0.4 at 4; 0.0 at 2 is no edge */
    CU_ASSERT_EQUAL(g.cnt[5], 3);
    CU_ASSERT_DOUBLE_EQUAL(g.deg[0], 1.3, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(g.deg[5], 0.75, 1e-6);
    size_t total = 0;
    for (size_t i = 0; i < N; i++) {
        total += g.cnt[i];
        for (size_t e = 0; e < g.cnt[i]; e++) {
            CU_ASSERT_NOT_EQUAL(g.col[i * N + e], i);
            CU_ASSERT(g.w[i * N + e] > 0.0f);
            if (e)
                CU_ASSERT(g.col[i * N + e] > g.col[i * N + e - 1]);
        }
    }
    CU_ASSERT_EQUAL(g.edges, total);
    mds__graph_free(&g);
}

static void test_threshold_and_unweighted(void)
{
    mds__graph g = build(N, N, 0.45f, 1);
    CU_ASSERT_EQUAL(g.cnt[0], 2); /* 0.5, 0.5 */
    CU_ASSERT_EQUAL(g.cnt[1], 0);
    CU_ASSERT_EQUAL(g.cnt[3], 2); /* 0.6, 0.7 */
    CU_ASSERT_DOUBLE_EQUAL(g.deg[3], 2.0, 1e-12);
    CU_ASSERT_EQUAL(g.w[3 * N], 1.0f);
    CU_ASSERT_EQUAL(g.w[3 * N + 1], 1.0f);
    mds__graph_free(&g);
}

static void test_tiling_does_not_matter(void)
{
    for (size_t k = 1; k <= N; k++) {
        mds__graph a = build(k, N, 0.0f, 0);
        for (size_t tile = 1; tile < N; tile++) {
            mds__graph b = build(k, tile, 0.0f, 0);
            CU_ASSERT_EQUAL(b.edges, a.edges);
            CU_ASSERT(memcmp(a.cnt, b.cnt, N * sizeof *a.cnt) == 0);
            CU_ASSERT(memcmp(a.col, b.col, N * k * sizeof *a.col) == 0);
            CU_ASSERT(memcmp(a.w, b.w, N * k * sizeof *a.w) == 0);
            CU_ASSERT(memcmp(a.deg, b.deg, N * sizeof *a.deg) == 0);
            mds__graph_free(&b);
        }
        mds__graph_free(&a);
    }
}

static void test_readding_a_tile_replaces_it(void)
{
    mds__graph g = build(3, N, 0.0f, 0);
    size_t edges = g.edges;
    mds__graph_add_tile(&g, S, 0, 2, 0.0f, 0);
    CU_ASSERT_EQUAL(g.edges, edges);
    mds__graph_free(&g);
}

/* A larger random matrix against a plain sort of each row. */
static int cmp_desc(const void *a, const void *b)
{
    const float *x = a, *y = b; /* (weight, index): heavier first, then lower index */
    if (x[0] != y[0])
        return x[0] > y[0] ? -1 : 1;
    return x[1] < y[1] ? -1 : x[1] > y[1];
}

static void test_against_sorting(void)
{
    enum { M = 300, K = 17 };
    float *T = malloc(M * M * sizeof *T), (*pairs)[2] = malloc(M * sizeof *pairs);
    CU_ASSERT_FATAL(T && pairs);
    unsigned seed = 7;
    for (size_t i = 0; i < M * M; i++) {
        seed = seed * 1103515245u + 12345u;
        T[i] = (float)((seed >> 16) % 41) / 40.0f - 0.25f; /* many ties */
    }
    mds__graph g;
    CU_ASSERT_FATAL(mds__graph_init(&g, M, K) == MDS_OK);
    for (size_t r = 0; r < M; r += 64)
        mds__graph_add_tile(&g, T + r * M, r, r + 64 > M ? M - r : 64, 0.1f, 0);
    int bad = 0;
    for (size_t i = 0; i < M; i++) {
        size_t m = 0;
        double deg = 0;
        for (size_t j = 0; j < M; j++)
            if (j != i && T[i * M + j] >= 0.1f && T[i * M + j] > 0) {
                pairs[m][0] = T[i * M + j];
                pairs[m++][1] = (float)j;
                deg += T[i * M + j];
            }
        bad += fabs(g.deg[i] - deg) > 1e-6;
        qsort(pairs, m, sizeof *pairs, cmp_desc);
        size_t want = m < K ? m : K;
        bad += g.cnt[i] != want;
        /* the kept set is the first `want` of the sorted row */
        for (size_t e = 0; e < want; e++) {
            int found = 0;
            for (size_t f = 0; f < g.cnt[i]; f++)
                found |= g.col[i * K + f] == (uint32_t)pairs[e][1];
            bad += !found;
        }
    }
    CU_ASSERT_EQUAL(bad, 0);
    mds__graph_free(&g);
    free(T);
    free(pairs);
}

static void test_bytes_and_bad_k(void)
{
    CU_ASSERT_EQUAL(mds__graph_bytes(10, 4), 10 * 4 * 8 + 10 * 12);
    mds__graph g;
    CU_ASSERT_EQUAL(mds__graph_init(&g, 10, 0), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds__graph_init(&g, SIZE_MAX / 2, SIZE_MAX / 2), MDS_EINVAL);
}

static CU_TestInfo tests[] = {
    {"heaviest edges, ties to the lower index", test_heaviest_ties_to_lower_index},
    {"no self loop, negative, NaN or zero edge", test_no_self_negative_nan_or_zero},
    {"threshold and unweighted edges", test_threshold_and_unweighted},
    {"any tiling gives the same graph", test_tiling_does_not_matter},
    {"re-adding a tile replaces its rows", test_readding_a_tile_replaces_it},
    {"agrees with sorting each row", test_against_sorting},
    {"sizes and bad k", test_bytes_and_bad_k},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("graph", tests, NULL, NULL); }
