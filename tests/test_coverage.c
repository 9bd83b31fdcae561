/* SPDX-License-Identifier: MIT */
/* The coverage selector: saturation, diversity, budgets, cost scaling, the best-single rule,
 * duplicates; lazy greedy against plain greedy; the partition and the rewards. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "select/coverage.h"
#include "testutil.h"

enum { N = 4 };
/* 0 and 1 alike, 2 near both, 3 apart. Row sums 2.4, 2.4, 2.3, 1.1. */
static const float S4[N * N] = {
    1.0f, 0.8f, 0.6f, 0.0f, /**/
    0.8f, 1.0f, 0.6f, 0.0f, /**/
    0.6f, 0.6f, 1.0f, 0.1f, /**/
    0.0f, 0.0f, 0.1f, 1.0f,
};
static const double ones[N] = {1, 1, 1, 1};
static const uint32_t one_part[N] = {0, 0, 0, 0};
static const mds__cand ten[N] = {{10, 60, 1}, {10, 60, 1}, {10, 60, 1}, {10, 60, 1}};

static mds__coverage_opts opts(size_t budget, double a, double lambda, double r)
{
    return (mds__coverage_opts){MDS_BUDGET_WORDS, budget, a, lambda, r, 1.0};
}

/* Without saturation, 1 adds as much as 0 did; with it (a = 2: caps 1.2, 1.2, 1.15, 0.55),
 * 0's neighbourhood is nearly covered and 2 adds more (1.25 against 1.15). */
static void test_saturation(void)
{
    size_t ch[N], k = 0;
    double v = 0;
    mds__coverage_opts o = opts(20, 1000.0, 0.0, 0.0);
    CU_ASSERT_EQUAL(mds__select_coverage(N, S4, NULL, ones, one_part, 1, ten, &o, ch, &k, &v), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(k, 2);
    CU_ASSERT_EQUAL(ch[0], 0);
    CU_ASSERT_EQUAL(ch[1], 1);
    CU_ASSERT_DOUBLE_EQUAL(v, 4.8, 1e-6);
    o.saturation = 2.0;
    CU_ASSERT_EQUAL(mds__select_coverage(N, S4, NULL, ones, one_part, 1, ten, &o, ch, &k, &v), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(k, 2);
    CU_ASSERT_EQUAL(ch[0], 0);
    CU_ASSERT_EQUAL(ch[1], 2);
    CU_ASSERT_DOUBLE_EQUAL(v, 2.4 + 1.25, 1e-6);
}

/* With 3 in a part of its own, the diversity reward of a new part (lambda * 1) beats a second
 * sentence in 0's part (lambda * (sqrt 2 - 1)) once lambda is large enough: 0.65 + 2 against
 * 1.25 + 0.83. */
static void test_diversity_reward(void)
{
    static const uint32_t parts[N] = {0, 0, 0, 1};
    size_t ch[N], k = 0;
    double v = 0;
    mds__coverage_opts o = opts(20, 2.0, 0.0, 0.0);
    CU_ASSERT_EQUAL(mds__select_coverage(N, S4, NULL, ones, parts, 2, ten, &o, ch, &k, &v), MDS_OK);
    CU_ASSERT_EQUAL(ch[1], 2);
    o.diversity = 2.0;
    CU_ASSERT_EQUAL(mds__select_coverage(N, S4, NULL, ones, parts, 2, ten, &o, ch, &k, &v), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(k, 2);
    CU_ASSERT_EQUAL(ch[0], 0);
    CU_ASSERT_EQUAL(ch[1], 3);
    CU_ASSERT_DOUBLE_EQUAL(v, 2.4 + 2.0 + 0.65 + 2.0, 1e-6);
    /* one part for all: the reward only shrinks with each sentence, 2 again */
    CU_ASSERT_EQUAL(mds__select_coverage(N, S4, NULL, ones, one_part, 1, ten, &o, ch, &k, &v), MDS_OK);
    CU_ASSERT_EQUAL(ch[1], 2);
}

/* Costs 20, 10, 10, 10 words: plain greedy (r = 0) takes 0 (2.4, first of a tie with 1) and
 * then has no room; scaled by cost (r = 1), 0 earns 0.12 a word against 0.24 for 1. */
static void test_cost_scaled_choice_and_budget(void)
{
    mds__cand c[N];
    memcpy(c, ten, sizeof c);
    c[0].words = 20;
    size_t ch[N], k = 0;
    mds__coverage_opts o = opts(20, 1000.0, 0.0, 0.0);
    CU_ASSERT_EQUAL(mds__select_coverage(N, S4, NULL, ones, one_part, 1, c, &o, ch, &k, NULL), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(k, 1);
    CU_ASSERT_EQUAL(ch[0], 0);
    o.cost_exponent = 1.0;
    CU_ASSERT_EQUAL(mds__select_coverage(N, S4, NULL, ones, one_part, 1, c, &o, ch, &k, NULL), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(k, 2);
    CU_ASSERT_EQUAL(ch[0], 1);
    CU_ASSERT_EQUAL(ch[1], 2);
    for (size_t budget = 1; budget <= 60; budget++) {
        o.budget = budget;
        CU_ASSERT_EQUAL(mds__select_coverage(N, S4, NULL, ones, one_part, 1, c, &o, ch, &k, NULL),
                        MDS_OK);
        size_t words = 0;
        for (size_t i = 0; i < k; i++)
            words += c[ch[i]].words;
        CU_ASSERT(words <= budget);
        /* 1, 2, then 0 (0.12 a word) before 3 (0.11) where it fits */
        CU_ASSERT_EQUAL(k, budget < 10 ? 0 : budget < 20 ? 1 : budget < 30 ? 2 : budget < 50 ? 3 : 4);
    }
}

/* Bytes: a separator between sentences. 60 + 1 + 60 fits in 121, not in 120. */
static void test_bytes_count_separators(void)
{
    size_t ch[N], k = 0;
    mds__coverage_opts o = opts(121, 1000.0, 0.0, 0.0);
    o.unit = MDS_BUDGET_BYTES;
    CU_ASSERT_EQUAL(mds__select_coverage(N, S4, NULL, ones, one_part, 1, ten, &o, ch, &k, NULL), MDS_OK);
    CU_ASSERT_EQUAL(k, 2);
    o.budget = 120;
    CU_ASSERT_EQUAL(mds__select_coverage(N, S4, NULL, ones, one_part, 1, ten, &o, ch, &k, NULL), MDS_OK);
    CU_ASSERT_EQUAL(k, 1);
}

/* A cheap sentence of little value leads by gain per word and leaves no room for the one
 * that alone is worth more: the final comparison returns that one. Sentence 2 is not
 * eligible but counts in the coverage (it repeats 1). */
static void test_best_single_sentence(void)
{
    static const float S[9] = {1, 0, 0, /**/ 0, 1, 1, /**/ 0, 1, 1};
    static const mds__cand c[3] = {{2, 10, 1}, {10, 60, 1}, {10, 60, 0}};
    static const uint32_t part[3] = {0, 0, 0};
    size_t ch[3], k = 0;
    double v = 0;
    mds__coverage_opts o = opts(10, 1000.0, 0.0, 1.0);
    CU_ASSERT_EQUAL(mds__select_coverage(3, S, NULL, ones, part, 1, c, &o, ch, &k, &v), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(k, 1);
    CU_ASSERT_EQUAL(ch[0], 1);
    CU_ASSERT_DOUBLE_EQUAL(v, 2.0, 1e-9);
    o.budget = 12; /* now both fit: greedy keeps both */
    CU_ASSERT_EQUAL(mds__select_coverage(3, S, NULL, ones, part, 1, c, &o, ch, &k, &v), MDS_OK);
    CU_ASSERT_EQUAL(k, 2);
    CU_ASSERT_DOUBLE_EQUAL(v, 3.0, 1e-9);
}

/* 0 and 1 at 0.8: with the duplicate threshold at 0.5 never both, whatever the objective. */
static void test_duplicates_never_both(void)
{
    size_t ch[N], k = 0;
    mds__coverage_opts o = opts(1000, 1000.0, 0.0, 0.0);
    o.duplicate_threshold = 0.5;
    CU_ASSERT_EQUAL(mds__select_coverage(N, S4, NULL, ones, one_part, 1, ten, &o, ch, &k, NULL), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(k, 2); /* 0, then 2 and 1 are out (0.6, 0.8): 3 */
    CU_ASSERT_EQUAL(ch[0], 0);
    CU_ASSERT_EQUAL(ch[1], 3);
    o.duplicate_threshold = 0.7; /* 2 is no longer out, 1 still is */
    CU_ASSERT_EQUAL(mds__select_coverage(N, S4, NULL, ones, one_part, 1, ten, &o, ch, &k, NULL), MDS_OK);
    CU_ASSERT_EQUAL(k, 3);
    for (size_t i = 0; i < k; i++)
        CU_ASSERT_NOT_EQUAL(ch[i], 1);
}

/* Plain greedy by full evaluations of F, the reference for the lazy one. */
static double F(size_t n, const float *S, const double *cap, const double *r, const uint32_t *part,
                size_t nparts, const unsigned char *in, double lambda)
{
    double v = 0, *ps = calloc(nparts, sizeof *ps);
    for (size_t i = 0; i < n; i++) {
        double c = 0;
        for (size_t j = 0; j < n; j++)
            if (in[j] && S[i * n + j] > 0)
                c += S[i * n + j];
        v += c < cap[i] ? c : cap[i];
        if (in[i])
            ps[part[i]] += r[i];
    }
    for (size_t k = 0; k < nparts; k++)
        v += lambda * sqrt(ps[k]);
    free(ps);
    return v;
}

static void test_lazy_equals_plain_greedy(void)
{
    enum { M = 40, P = 5 };
    static float S[M * M];
    double r[M], cap[M];
    uint32_t part[M];
    mds__cand c[M];
    srand(7);
    for (int trial = 0; trial < 20; trial++) {
        for (size_t i = 0; i < M; i++) {
            S[i * M + i] = 1.0f;
            for (size_t j = 0; j < i; j++)
                S[i * M + j] = S[j * M + i] = (float)rand() / (float)RAND_MAX - 0.2f;
            r[i] = (double)rand() / RAND_MAX;
            part[i] = (uint32_t)(rand() % P);
            c[i] = (mds__cand){(uint32_t)(5 + rand() % 30), 100, rand() % 8 != 0};
        }
        mds__coverage_opts o = opts(120, 1.0 + trial % 4, 0.5 * (trial % 3), 0.3 * (trial % 4));
        for (size_t i = 0; i < M; i++) {
            double t = 0;
            for (size_t j = 0; j < M; j++)
                t += S[i * M + j] > 0 ? S[i * M + j] : 0;
            cap[i] = o.saturation * t / M;
        }
        size_t ch[M], k = 0;
        double v = 0;
        CU_ASSERT_EQUAL_FATAL(
            mds__select_coverage(M, S, NULL, r, part, P, c, &o, ch, &k, &v), MDS_OK);
        unsigned char in[M] = {0}, out[M] = {0};
        size_t used = 0, ref[M], nref = 0;
        for (;;) {
            size_t best = M;
            double best_v = 0, base = F(M, S, cap, r, part, P, in, o.diversity);
            for (size_t j = 0; j < M; j++) {
                if (out[j] || !c[j].eligible || used + c[j].words > o.budget)
                    continue;
                in[j] = 1;
                double g = (F(M, S, cap, r, part, P, in, o.diversity) - base) /
                           pow(c[j].words, o.cost_exponent);
                in[j] = 0;
                if (best == M || g > best_v) {
                    best = j;
                    best_v = g;
                }
            }
            if (best == M)
                break;
            in[best] = out[best] = 1;
            used += c[best].words;
            ref[nref++] = best;
        }
        double vref = F(M, S, cap, r, part, P, in, o.diversity);
        if (k == 1 && nref != 1) { /* the best single sentence won */
            CU_ASSERT(v > vref);
            continue;
        }
        CU_ASSERT_EQUAL_FATAL(k, nref);
        for (size_t i = 0; i < k; i++)
            CU_ASSERT_EQUAL(ch[i], ref[i]);
        CU_ASSERT_DOUBLE_EQUAL(v, vref, 1e-9);
    }
}

/* Two blocks of similar sentences, little between them: two parts, the blocks. */
static void test_partition_finds_blocks(void)
{
    enum { M = 7 };
    float S[M * M];
    int block[M] = {0, 1, 0, 1, 0, 1, 1};
    for (size_t i = 0; i < M; i++)
        for (size_t j = 0; j < M; j++)
            S[i * M + j] = i == j ? 1.0f : block[i] == block[j] ? 0.6f + 0.01f * (i + j) : 0.05f;
    uint32_t part[M];
    CU_ASSERT_EQUAL(mds__partition_similar(M, S, 2, part), MDS_OK);
    for (size_t i = 0; i < M; i++)
        for (size_t j = 0; j < M; j++)
            CU_ASSERT_EQUAL(part[i] == part[j], block[i] == block[j]);
    CU_ASSERT_EQUAL(mds__partition_similar(M, S, M, part), MDS_OK);
    for (size_t i = 0; i < M; i++) /* as many parts as sentences: one each */
        for (size_t j = 0; j < i; j++)
            CU_ASSERT_NOT_EQUAL(part[i], part[j]);
    CU_ASSERT_EQUAL(mds__partition_similar(M, S, 1, part), MDS_OK);
    for (size_t i = 0; i < M; i++)
        CU_ASSERT_EQUAL(part[i], 0);
}

/* Similarity rewards: mean positive similarity. Centrality: the scores, same mean. */
static void test_rewards(void)
{
    double r[N], scores[N] = {2.0, 1.0, 0.5, 0.5};
    CU_ASSERT_EQUAL(mds__coverage_rewards(N, S4, scores, MDS_REWARD_SIMILARITY, r), MDS_OK);
    CU_ASSERT_DOUBLE_EQUAL(r[0], 0.6, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(r[3], 1.1 / 4, 1e-6);
    CU_ASSERT_EQUAL(mds__coverage_rewards(N, S4, scores, MDS_REWARD_CENTRALITY, r), MDS_OK);
    double mean = (2.4 + 2.4 + 2.3 + 1.1) / 16; /* of the similarity rewards */
    CU_ASSERT_DOUBLE_EQUAL(r[0], 2.0 * mean, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(r[2], 0.5 * mean, 1e-6);
}

static void test_nothing_fits(void)
{
    size_t ch[N], k = 9;
    double v = 1;
    mds__coverage_opts o = opts(5, 5.0, 6.0, 0.3);
    CU_ASSERT_EQUAL(mds__select_coverage(N, S4, NULL, ones, one_part, 1, ten, &o, ch, &k, &v), MDS_OK);
    CU_ASSERT_EQUAL(k, 0);
    CU_ASSERT_EQUAL(v, 0.0);
    CU_ASSERT_EQUAL(mds__select_coverage(0, S4, NULL, ones, one_part, 1, ten, &o, ch, &k, &v), MDS_OK);
    CU_ASSERT_EQUAL(k, 0);
}

static CU_TestInfo tests[] = {
    {"saturation by alpha", test_saturation},
    {"diversity reward", test_diversity_reward},
    {"cost-scaled choice, budget never exceeded", test_cost_scaled_choice_and_budget},
    {"bytes count separators", test_bytes_count_separators},
    {"best single sentence", test_best_single_sentence},
    {"duplicates never both", test_duplicates_never_both},
    {"lazy greedy equals plain greedy", test_lazy_equals_plain_greedy},
    {"partition finds blocks", test_partition_finds_blocks},
    {"rewards", test_rewards},
    {"nothing fits", test_nothing_fits},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("coverage", tests, NULL, NULL); }
