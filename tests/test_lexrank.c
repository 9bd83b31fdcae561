/* SPDX-License-Identifier: MIT */
/* LexRank on small graphs whose stationary distributions are known. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compute/lexrank.h"
#include "testutil.h"

static mds__lexrank_opts opts(mds_lexrank_mode mode, double thr, double damp)
{
    mds__lexrank_opts o = {mode, thr, damp, 1e-10, 1000};
    return o;
}

/* A star: sentence 0 is similar (0.5) to all others, the others only to 0. */
static void star(float *S, int n)
{
    for (int i = 0; i < n * n; i++)
        S[i] = 0.0f;
    for (int i = 0; i < n; i++) {
        S[i * n + i] = 1;
        if (i) {
            S[i] = 0.5f;
            S[i * n] = 0.5f;
        }
    }
}

static void test_star_hub_is_central(void)
{
    enum { N = 5 };
    float S[N * N];
    star(S, N);
    double sc[N];
    int it = 0;
    mds__lexrank_opts o = opts(MDS_LEXRANK_CONTINUOUS, 0.1, 0.85);
    CU_ASSERT_EQUAL(mds__lexrank(S, N, &o, NULL, sc, &it), MDS_OK);
    for (int i = 1; i < N; i++) {
        CU_ASSERT(sc[0] > 2 * sc[i]);
        CU_ASSERT_DOUBLE_EQUAL(sc[i], sc[1], 1e-9);
    }
    /* Closed form: hub mass h = (1-d)/N + d*(1-h), leaves share the rest. */
    double d = 0.85, h = ((1 - d) / N + d) / (1 + d);
    CU_ASSERT_DOUBLE_EQUAL(sc[0], h * N, 1e-6);
    double mean = 0;
    for (int i = 0; i < N; i++)
        mean += sc[i] / N;
    CU_ASSERT_DOUBLE_EQUAL(mean, 1.0, 1e-9);
    CU_ASSERT(it > 1 && it < 1000);
}

static void test_symmetric_is_uniform(void)
{
    enum { N = 4 };
    float S[N * N];
    for (int i = 0; i < N * N; i++)
        S[i] = 0.3f;
    double sc[N];
    mds__lexrank_opts o = opts(MDS_LEXRANK_CONTINUOUS, 0.1, 0.85);
    CU_ASSERT_EQUAL(mds__lexrank(S, N, &o, NULL, sc, NULL), MDS_OK);
    for (int i = 0; i < N; i++)
        CU_ASSERT_DOUBLE_EQUAL(sc[i], 1.0, 1e-9);
}

/* Edges below the threshold do not exist; isolated sentences get only teleport mass. */
static void test_threshold_and_isolated(void)
{
    enum { N = 3 };
    float S[N * N] = {1, 0.9f, 0.05f, 0.9f, 1, 0.05f, 0.05f, 0.05f, 1};
    double sc[N];
    mds__lexrank_opts o = opts(MDS_LEXRANK_THRESHOLD, 0.1, 0.85);
    CU_ASSERT_EQUAL(mds__lexrank(S, N, &o, NULL, sc, NULL), MDS_OK);
    CU_ASSERT_DOUBLE_EQUAL(sc[0], sc[1], 1e-9);
    CU_ASSERT(sc[2] < sc[0]);
    /* Isolated node 2 is dangling: p2 = (1-d)/N + d*p2/N  =>  p2 = (1-d)/(N-d). */
    double p2 = (1 - 0.85) / (N - 0.85);
    CU_ASSERT_DOUBLE_EQUAL(sc[2], p2 * N, 1e-6);
}

/* Unweighted (threshold) and weighted (continuous) differ when weights differ. */
static void test_continuous_uses_weights(void)
{
    enum { N = 3 };
    float S[N * N] = {1, 0.9f, 0.2f, 0.9f, 1, 0.2f, 0.2f, 0.2f, 1};
    double c[N], t[N];
    mds__lexrank_opts oc = opts(MDS_LEXRANK_CONTINUOUS, 0.1, 0.85);
    mds__lexrank_opts ot = opts(MDS_LEXRANK_THRESHOLD, 0.1, 0.85);
    CU_ASSERT_EQUAL(mds__lexrank(S, N, &oc, NULL, c, NULL), MDS_OK);
    CU_ASSERT_EQUAL(mds__lexrank(S, N, &ot, NULL, t, NULL), MDS_OK);
    for (int i = 0; i < N; i++)
        CU_ASSERT_DOUBLE_EQUAL(t[i], 1.0, 1e-9); /* complete unweighted graph */
    CU_ASSERT(c[2] < c[0] - 0.1);
}

/* A teleport prior shifts mass toward the favoured sentence. */
static void test_teleport_prior(void)
{
    enum { N = 3 };
    float S[N * N];
    for (int i = 0; i < N * N; i++)
        S[i] = 0.5f;
    double tp[N] = {0.6, 0.2, 0.2}, sc[N];
    mds__lexrank_opts o = opts(MDS_LEXRANK_CONTINUOUS, 0.1, 0.5);
    CU_ASSERT_EQUAL(mds__lexrank(S, N, &o, tp, sc, NULL), MDS_OK);
    CU_ASSERT(sc[0] > sc[1]);
    CU_ASSERT_DOUBLE_EQUAL(sc[1], sc[2], 1e-9);
}

static void test_degenerate_sizes(void)
{
    double sc[1];
    float S[1] = {1};
    int it = 7;
    mds__lexrank_opts o = opts(MDS_LEXRANK_CONTINUOUS, 0.1, 0.85);
    CU_ASSERT_EQUAL(mds__lexrank(S, 0, &o, NULL, sc, &it), MDS_OK);
    CU_ASSERT_EQUAL(it, 0);
    CU_ASSERT_EQUAL(mds__lexrank(S, 1, &o, NULL, sc, &it), MDS_OK);
    CU_ASSERT_DOUBLE_EQUAL(sc[0], 1.0, 1e-12);
}

/* NaN and negative similarities (sign hashing can give slightly negative cosines) are not
 * edges. */
static void test_negative_and_nan(void)
{
    enum { N = 3 };
    float S[N * N] = {1, -0.4f, NAN, -0.4f, 1, 0.5f, NAN, 0.5f, 1};
    double sc[N];
    mds__lexrank_opts o = opts(MDS_LEXRANK_CONTINUOUS, 0.0, 0.85);
    CU_ASSERT_EQUAL(mds__lexrank(S, N, &o, NULL, sc, NULL), MDS_OK);
    for (int i = 0; i < N; i++)
        CU_ASSERT(isfinite(sc[i]) && sc[i] > 0);
    CU_ASSERT_DOUBLE_EQUAL(sc[1], sc[2], 1e-9);
    CU_ASSERT(sc[0] < sc[1]);
}

/* A sparse graph keeping every edge of S: the walk must equal the dense one. */
static void full_graph(const float *S, size_t n, float thr, int unweighted, mds__graph *g)
{
    CU_ASSERT_FATAL(mds__graph_init(g, n, n > 1 ? n - 1 : 1) == MDS_OK);
    mds__graph_add_tile(g, S, 0, n, thr, unweighted);
}

static void random_similarities(float *S, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j <= i; j++) {
            seed = seed * 1103515245u + 12345u;
            float v = i == j ? 1.0f : (float)((seed >> 16) % 1000) / 1000.0f - 0.3f;
            S[i * n + j] = S[j * n + i] = v;
        }
}

static void test_sparse_with_every_edge_is_dense(void)
{
    enum { N = 97 };
    float *S = malloc(N * N * sizeof *S);
    double dense[N], sparse[N], tele[N];
    CU_ASSERT_FATAL(S != NULL);
    random_similarities(S, N, 3);
    for (int i = 0; i < N; i++)
        tele[i] = (i % 7 + 1) / 4.0 / N;
    double sum = 0;
    for (int i = 0; i < N; i++)
        sum += tele[i];
    for (int i = 0; i < N; i++)
        tele[i] /= sum;
    for (int mode = 0; mode < 2; mode++) {
        mds__lexrank_opts o = opts(mode ? MDS_LEXRANK_THRESHOLD : MDS_LEXRANK_CONTINUOUS,
                                   mode ? 0.4 : 0.0, 0.85);
        int it1 = 0, it2 = 0;
        mds__graph g;
        full_graph(S, N, (float)o.threshold, mode, &g);
        CU_ASSERT_EQUAL(mds__lexrank(S, N, &o, tele, dense, &it1), MDS_OK);
        CU_ASSERT_EQUAL(mds__lexrank_sparse(&g, &o, 0, tele, sparse, &it2), MDS_OK);
        CU_ASSERT_EQUAL(it1, it2);
        for (int i = 0; i < N; i++)
            CU_ASSERT_DOUBLE_EQUAL(sparse[i], dense[i], 1e-12);
        mds__graph_free(&g);
    }
    free(S);
}

/* Star with one neighbour each: the leaves point at the hub, the hub at leaf 1 only (the
 * lowest index of a tie). Leaf 1 then gets the hub's whole walk mass. */
static void test_sparse_star_one_neighbour(void)
{
    enum { N = 5 };
    float S[N * N];
    star(S, N);
    mds__graph g;
    CU_ASSERT_FATAL(mds__graph_init(&g, N, 1) == MDS_OK);
    mds__graph_add_tile(&g, S, 0, N, 0.0f, 0);
    double sc[N];
    mds__lexrank_opts o = opts(MDS_LEXRANK_CONTINUOUS, 0.0, 0.85);
    CU_ASSERT_EQUAL(mds__lexrank_sparse(&g, &o, 1, NULL, sc, NULL), MDS_OK);
    /* hub: h = (1-d)/N + d (1 - h) (every leaf gives it all); leaf 1: (1-d)/N + d h */
    double d = 0.85, h = ((1 - d) / N + d) / (1 + d);
    CU_ASSERT_DOUBLE_EQUAL(sc[0], h * N, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(sc[1], ((1 - d) / N + d * h) * N, 1e-6);
    for (int i = 2; i < N; i++)
        CU_ASSERT_DOUBLE_EQUAL(sc[i], (1 - d), 1e-6);
    mds__graph_free(&g);
}

/* With few neighbours kept, spreading the rest of each degree keeps the walk close to the
 * dense one; walking the kept edges alone strays further. */
static void test_sparse_rest_tracks_dense(void)
{
    enum { N = 300 };
    float *S = malloc(N * N * sizeof *S);
    double *dense = malloc(N * sizeof *dense), *rest = malloc(N * sizeof *rest),
           *kept = malloc(N * sizeof *kept);
    CU_ASSERT_FATAL(S && dense && rest && kept);
    random_similarities(S, N, 17);
    mds__lexrank_opts o = opts(MDS_LEXRANK_CONTINUOUS, 0.0, 0.85);
    mds__graph g;
    CU_ASSERT_FATAL(mds__graph_init(&g, N, 10) == MDS_OK);
    mds__graph_add_tile(&g, S, 0, N, 0.0f, 0);
    CU_ASSERT_EQUAL(mds__lexrank(S, N, &o, NULL, dense, NULL), MDS_OK);
    CU_ASSERT_EQUAL(mds__lexrank_sparse(&g, &o, 0, NULL, rest, NULL), MDS_OK);
    CU_ASSERT_EQUAL(mds__lexrank_sparse(&g, &o, 1, NULL, kept, NULL), MDS_OK);
    double d_rest = 0, d_kept = 0, sum = 0;
    for (int i = 0; i < N; i++) {
        d_rest += fabs(rest[i] - dense[i]);
        d_kept += fabs(kept[i] - dense[i]);
        sum += rest[i];
    }
    CU_ASSERT_DOUBLE_EQUAL(sum / N, 1.0, 1e-9);
    CU_ASSERT(d_rest < d_kept / 4);
    CU_ASSERT(d_rest / N < 0.05);
    mds__graph_free(&g);
    free(S);
    free(dense);
    free(rest);
    free(kept);
}

static void test_sparse_without_edges_is_teleport(void)
{
    enum { N = 4 };
    float S[N * N] = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
    mds__graph g;
    CU_ASSERT_FATAL(mds__graph_init(&g, N, 2) == MDS_OK);
    mds__graph_add_tile(&g, S, 0, N, 0.0f, 0);
    CU_ASSERT_EQUAL(g.edges, 0);
    double sc[N], tele[N] = {0.4, 0.3, 0.2, 0.1};
    mds__lexrank_opts o = opts(MDS_LEXRANK_CONTINUOUS, 0.0, 0.85);
    CU_ASSERT_EQUAL(mds__lexrank_sparse(&g, &o, 0, tele, sc, NULL), MDS_OK);
    for (int i = 0; i < N; i++)
        CU_ASSERT_DOUBLE_EQUAL(sc[i], tele[i] * N, 1e-9);
    mds__graph_free(&g);
}

/* Random similarities of many magnitudes, some rows without an edge (weight 0 in the walk),
 * diagonals on and off, optionally a NaN. */
static void hard_similarities(float *S, size_t n, unsigned seed, int nan)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j <= i; j++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 8;
            float v = (float)(r % 100000) / 77777.0f - 0.25f;
            if (r % 7 == 0)
                v *= 1e-6f;
            if (r % 11 == 0)
                v = 0.0f;
            if (r % 13 == 0)
                v = -0.0f;
            if (r % 17 == 0)
                v = r % 2 ? 1.4e-45f : -1.4e-45f; /* the least floats: edges at threshold 0 */
            if (i == j)
                v = r % 5 ? 1.0f : 0.05f;
            S[i * n + j] = S[j * n + i] = v;
        }
    for (size_t i = 3; i < n; i += 9) /* no edges at all */
        for (size_t j = 0; j < n; j++)
            if (j != i)
                S[i * n + j] = S[j * n + i] = -0.5f;
    if (nan && n > 2)
        S[1 * n + 2] = S[2 * n + 1] = NAN;
}

/* Every kernel of the dense walk (the upper triangle 16 rows at a time, portable and
 * vectorized; whole rows four at a time) gives the bits of one row at a time, at every size
 * around the groups and the vectors' tails (the blocks on the diagonal, columns left over),
 * in both modes, with and without a teleport, with NaN (the careful path), at thresholds
 * below 0 and NaN. */
static void test_kernels_match_one_row(void)
{
    const size_t sizes[] = {0,  1,  2,  3,  4,  5,  7,  8,  9,  15, 16, 17,  19,  20,
                            23, 24, 25, 31, 32, 33, 36, 40, 47, 48, 49, 63,  64,  65,
                            71, 97, 130, 257};
    const int kernels[] = {MDS__WALK_AUTO, MDS__WALK_PORTABLE, MDS__WALK_AVX2, MDS__WALK_AVX512,
                           MDS__WALK_ROWS};
    for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
        size_t n = sizes[z];
        float *S = malloc((n ? n * n : 1) * sizeof *S);
        double *a = malloc((n ? n : 1) * sizeof *a), *b = malloc((n ? n : 1) * sizeof *b);
        double *tele = malloc((n ? n : 1) * sizeof *tele);
        CU_ASSERT_FATAL(S && a && b && tele);
        double sum = 0.0;
        for (size_t i = 0; i < n; i++)
            sum += tele[i] = (double)(i % 5 == 1 ? 0 : i % 7 + 1);
        for (size_t i = 0; i < n; i++)
            tele[i] /= sum;
        for (int c = 0; c < 16; c++) {
            int mode = c & 1, nan = (c >> 1) & 1, tp = (c >> 2) & 1;
            double thr = c >= 12 ? (c & 2 ? NAN : -0.2) : c >= 8 ? 0.0 : mode ? 0.3 : 0.1;
            hard_similarities(S, n, 17u + (unsigned)(z * 31 + (size_t)c), nan && c < 12);
            mds__lexrank_opts o = opts(mode ? MDS_LEXRANK_THRESHOLD : MDS_LEXRANK_CONTINUOUS,
                                       thr, 0.85);
            o.tolerance = 1e-14;
            int it1 = -1;
            const double *t = tp ? tele : NULL;
            CU_ASSERT_EQUAL(mds__lexrank_one_row(S, n, &o, t, a, &it1), MDS_OK);
            for (size_t k = 0; k < sizeof kernels / sizeof *kernels; k++) {
                int had = mds__lexrank_set_kernel(kernels[k]);
                if (had < 0)
                    continue; /* not on this CPU */
                int it2 = -2, it3 = -3;
                CU_ASSERT_EQUAL(mds__lexrank(S, n, &o, t, b, &it2), MDS_OK);
                CU_ASSERT_EQUAL(it1, it2);
                CU_ASSERT(n == 0 || memcmp(a, b, n * sizeof *a) == 0);
                CU_ASSERT_EQUAL(mds__lexrank_scanned(S, n, mds__has_nan(S, n * n), &o, t, b,
                                                     &it3), MDS_OK);
                CU_ASSERT_EQUAL(it1, it3);
                CU_ASSERT(n == 0 || memcmp(a, b, n * sizeof *a) == 0);
                mds__lexrank_set_kernel(MDS__WALK_AUTO);
            }
            CU_ASSERT_EQUAL(mds__has_nan(S, n * n), nan && c < 12 && n > 2);
        }
        free(S);
        free(a);
        free(b);
        free(tele);
    }
}

/* An infinite similarity (no normalized embedding gives one) is an infinite degree, whose
 * row then weighs 0: the walk skips such rows as one row at a time does, whatever kernel. */
static void test_infinite_entry_matches_one_row(void)
{
    enum { N = 53 };
    float *S = malloc(N * N * sizeof *S);
    double a[N], b[N];
    CU_ASSERT_FATAL(S != NULL);
    const int kernels[] = {MDS__WALK_AUTO, MDS__WALK_PORTABLE, MDS__WALK_AVX2, MDS__WALK_AVX512};
    for (int mode = 0; mode < 2; mode++) {
        hard_similarities(S, N, 99u + (unsigned)mode, 0);
        S[5 * N + 40] = S[40 * N + 5] = INFINITY;
        mds__lexrank_opts o = opts(mode ? MDS_LEXRANK_THRESHOLD : MDS_LEXRANK_CONTINUOUS, 0.1,
                                   0.85);
        int it1 = -1, it2 = -2;
        CU_ASSERT_EQUAL(mds__lexrank_one_row(S, N, &o, NULL, a, &it1), MDS_OK);
        for (size_t k = 0; k < sizeof kernels / sizeof *kernels; k++) {
            if (mds__lexrank_set_kernel(kernels[k]) < 0)
                continue;
            CU_ASSERT_EQUAL(mds__lexrank(S, N, &o, NULL, b, &it2), MDS_OK);
            CU_ASSERT_EQUAL(it1, it2);
            CU_ASSERT(memcmp(a, b, sizeof a) == 0);
            mds__lexrank_set_kernel(MDS__WALK_AUTO);
        }
    }
    free(S);
}

/* The teleport by position: each document's k-th sentence weighs 1 / sqrt(1 + k), blended
 * with the uniform distribution; always a distribution. */
static void test_position_prior(void)
{
    enum { N = 5 };
    const uint32_t doc_of[N] = {0, 0, 0, 7, 7};
    const double raw[N] = {1.0, 1.0 / sqrt(2.0), 1.0 / sqrt(3.0), 1.0, 1.0 / sqrt(2.0)};
    double sum = 0.0, t[N];
    for (int i = 0; i < N; i++)
        sum += raw[i];
    const double weights[] = {0.0, 0.6, 1.0};
    for (int w = 0; w < 3; w++) {
        mds__position_prior(N, doc_of, weights[w], t);
        double total = 0.0;
        for (int i = 0; i < N; i++) {
            CU_ASSERT_DOUBLE_EQUAL(t[i], (1.0 - weights[w]) / N + weights[w] * raw[i] / sum,
                                   1e-15);
            total += t[i];
        }
        CU_ASSERT_DOUBLE_EQUAL(total, 1.0, 1e-12);
    }
    /* a new document starts over: its first sentence weighs as much as the cluster's first */
    mds__position_prior(N, doc_of, 1.0, t);
    CU_ASSERT_EQUAL(t[3], t[0]);
    CU_ASSERT(t[2] < t[1] && t[1] < t[0]);
    /* one sentence: all the mass */
    mds__position_prior(1, doc_of, 0.6, t);
    CU_ASSERT_DOUBLE_EQUAL(t[0], 1.0, 1e-15);
}

/* A query's share of the teleport: a distribution still, by relevance in its share, and no
 * change when nothing is relevant. */
static void test_relevance_prior(void)
{
    enum { N = 4 };
    const uint32_t doc_of[N] = {0, 0, 1, 1};
    const double rel[N] = {0.0, 1.0, 0.5, 0.0}, none[N] = {0};
    double t[N], p[N];
    mds__position_prior(N, doc_of, 0.6, p);
    memcpy(t, p, sizeof t);
    mds__relevance_prior(N, rel, 0.3, t);
    double total = 0.0;
    for (int i = 0; i < N; i++) {
        CU_ASSERT_DOUBLE_EQUAL(t[i], 0.7 * p[i] + 0.3 * rel[i] / 1.5, 1e-15);
        total += t[i];
    }
    CU_ASSERT_DOUBLE_EQUAL(total, 1.0, 1e-12);
    CU_ASSERT(t[1] > p[1] && t[0] < p[0]); /* mass moves to the relevant sentence */
    memcpy(t, p, sizeof t);
    mds__relevance_prior(N, none, 0.3, t); /* nothing relevant: unchanged */
    CU_ASSERT(memcmp(t, p, sizeof t) == 0);
    mds__relevance_prior(N, rel, 1.0, t); /* all of it */
    CU_ASSERT_DOUBLE_EQUAL(t[0], 0.0, 0);
    CU_ASSERT_DOUBLE_EQUAL(t[1], 2.0 / 3.0, 1e-15);
}

static CU_TestInfo tests[] = {
    {"every kernel gives the bits of one row at a time", test_kernels_match_one_row},
    {"an infinite entry: the bits of one row at a time", test_infinite_entry_matches_one_row},
    {"position prior", test_position_prior},
    {"relevance prior (a query's teleport)", test_relevance_prior},
    {"sparse with every edge equals dense", test_sparse_with_every_edge_is_dense},
    {"sparse star, one neighbour each", test_sparse_star_one_neighbour},
    {"sparse graph without edges is the teleport", test_sparse_without_edges_is_teleport},
    {"sparse: the spread rest tracks the dense walk", test_sparse_rest_tracks_dense},
    {"star hub is central", test_star_hub_is_central},
    {"symmetric graph is uniform", test_symmetric_is_uniform},
    {"threshold and isolated", test_threshold_and_isolated},
    {"continuous uses weights", test_continuous_uses_weights},
    {"teleport prior", test_teleport_prior},
    {"degenerate sizes", test_degenerate_sizes},
    {"negative and NaN similarities", test_negative_and_nan},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("lexrank", tests, NULL, NULL); }
