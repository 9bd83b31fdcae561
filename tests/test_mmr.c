/* SPDX-License-Identifier: MIT */
/* MMR selection: budgets, redundancy, eligibility. */
#include <string.h>

#include "select/mmr.h"
#include "testutil.h"

enum { N = 5 };
/* 0 and 1 say the same thing; 2, 3, 4 are distinct. */
static const float S[N * N] = {
    1.0f, 0.9f, 0.1f, 0.0f, 0.2f, /**/
    0.9f, 1.0f, 0.1f, 0.0f, 0.2f, /**/
    0.1f, 0.1f, 1.0f, 0.3f, 0.1f, /**/
    0.0f, 0.0f, 0.3f, 1.0f, 0.0f, /**/
    0.2f, 0.2f, 0.1f, 0.0f, 1.0f,
};
static const double scores[N] = {2.0, 1.9, 1.0, 0.6, 0.5};

static size_t rows_asked;

/* Rows of S, as a backend session would hand them out; counts the requests. */
static mds_status matrix_row(void *ctx, size_t i, float *row)
{
    ++*(size_t *)ctx;
    memcpy(row, S + i * N, N * sizeof *row);
    return MDS_OK;
}

static mds_status failing_row(void *ctx, size_t i, float *row) { return MDS_EBACKEND; }

static mds__cand cands[N] = {
    {20, 120, 1}, {18, 100, 1}, {15, 90, 1}, {10, 60, 1}, {30, 200, 1},
};

static void test_never_two_duplicates(void)
{
    size_t ch[N], n = 0;
    mds__mmr_opts o = {MDS_BUDGET_WORDS, 1000, 0.7, 0.5};
    CU_ASSERT_EQUAL(mds__mmr_select(N, scores, cands, &o, matrix_row, &rows_asked, ch, &n), MDS_OK);
    CU_ASSERT_EQUAL(n, 4);
    CU_ASSERT_EQUAL(ch[0], 0);
    for (size_t i = 0; i < n; i++)
        CU_ASSERT_NOT_EQUAL(ch[i], 1);
}

static void test_word_budget_is_a_hard_limit(void)
{
    size_t ch[N], n = 0;
    mds__mmr_opts o = {MDS_BUDGET_WORDS, 45, 0.5, 0.95};
    CU_ASSERT_EQUAL(mds__mmr_select(N, scores, cands, &o, matrix_row, &rows_asked, ch, &n), MDS_OK);
    size_t words = 0;
    for (size_t i = 0; i < n; i++)
        words += cands[ch[i]].words;
    CU_ASSERT(words <= 45);
    /* 0 (20 words) first; then 2 (15) beats 1 because 1 repeats 0; then 3 (10) fits. */
    CU_ASSERT_EQUAL(n, 3);
    CU_ASSERT_EQUAL(ch[0], 0);
    CU_ASSERT_EQUAL(ch[1], 2);
    CU_ASSERT_EQUAL(ch[2], 3);
}

static void test_bytes_count_separators(void)
{
    size_t ch[N], n = 0;
    /* 120 + 1 + 90 = 211 fits in 211; one more byte would be needed for 60 */
    mds__mmr_opts o = {MDS_BUDGET_BYTES, 211, 0.7, 0.5};
    CU_ASSERT_EQUAL(mds__mmr_select(N, scores, cands, &o, matrix_row, &rows_asked, ch, &n), MDS_OK);
    CU_ASSERT_EQUAL(n, 2);
    o.budget = 210;
    CU_ASSERT_EQUAL(mds__mmr_select(N, scores, cands, &o, matrix_row, &rows_asked, ch, &n), MDS_OK);
    CU_ASSERT_EQUAL(n, 2); /* 0 then 3: 120 + 1 + 60 */
    CU_ASSERT_EQUAL(ch[1], 3);
}

static void test_sentence_budget_and_lambda_one(void)
{
    size_t ch[N], n = 0;
    mds__mmr_opts o = {MDS_BUDGET_SENTENCES, 2, 1.0, 1.0};
    CU_ASSERT_EQUAL(mds__mmr_select(N, scores, cands, &o, matrix_row, &rows_asked, ch, &n), MDS_OK);
    CU_ASSERT_EQUAL(n, 2);
    CU_ASSERT_EQUAL(ch[0], 0); /* pure relevance: the two top scores, redundant or not */
    CU_ASSERT_EQUAL(ch[1], 1);
}

static void test_ineligible_never_chosen(void)
{
    mds__cand c[N];
    memcpy(c, cands, sizeof c);
    c[0].eligible = 0;
    size_t ch[N], n = 0;
    mds__mmr_opts o = {MDS_BUDGET_WORDS, 1000, 0.7, 0.5};
    CU_ASSERT_EQUAL(mds__mmr_select(N, scores, c, &o, matrix_row, &rows_asked, ch, &n), MDS_OK);
    CU_ASSERT(n > 0);
    CU_ASSERT_EQUAL(ch[0], 1);
    for (size_t i = 0; i < n; i++)
        CU_ASSERT_NOT_EQUAL(ch[i], 0);
}

static void test_nothing_fits(void)
{
    size_t ch[N], n = 9;
    mds__mmr_opts o = {MDS_BUDGET_WORDS, 5, 0.7, 0.5};
    CU_ASSERT_EQUAL(mds__mmr_select(N, scores, cands, &o, matrix_row, &rows_asked, ch, &n), MDS_OK);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_EQUAL(mds__mmr_select(0, scores, cands, &o, matrix_row, &rows_asked, ch, &n), MDS_OK);
    CU_ASSERT_EQUAL(n, 0);
}

static void test_asks_only_chosen_rows(void)
{
    size_t ch[N], n = 0;
    mds__mmr_opts o = {MDS_BUDGET_WORDS, 1000, 0.7, 0.5};
    rows_asked = 0;
    CU_ASSERT_EQUAL(mds__mmr_select(N, scores, cands, &o, matrix_row, &rows_asked, ch, &n), MDS_OK);
    CU_ASSERT_EQUAL(rows_asked, n);
}

static void test_row_failure_fails_selection(void)
{
    size_t ch[N], n = 99;
    mds__mmr_opts o = {MDS_BUDGET_WORDS, 1000, 0.7, 0.5};
    CU_ASSERT_EQUAL(mds__mmr_select(N, scores, cands, &o, failing_row, NULL, ch, &n), MDS_EBACKEND);
    CU_ASSERT_EQUAL(n, 0);
}

static CU_TestInfo tests[] = {
    {"only the rows of chosen sentences are asked for", test_asks_only_chosen_rows},
    {"a failing row source fails the selection", test_row_failure_fails_selection},
    {"never two duplicates", test_never_two_duplicates},
    {"word budget is a hard limit", test_word_budget_is_a_hard_limit},
    {"bytes count separators", test_bytes_count_separators},
    {"sentence budget, lambda 1", test_sentence_budget_and_lambda_one},
    {"ineligible never chosen", test_ineligible_never_chosen},
    {"nothing fits", test_nothing_fits},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("mmr", tests, NULL, NULL); }
