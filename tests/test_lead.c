/* SPDX-License-Identifier: MIT */
/* The lead selector: the documents' opening sentences in turns, within the budget, no
 * near-duplicate twice, scores ignored. */
#include <string.h>

#include "select/selector.h"
#include "testutil.h"

/* Three documents: 0 holds candidates 0-2, 1 holds 3-4, 2 holds 5-6. Candidate 3 (the lead
 * of document 1) says what 0 says; everything else is distinct. */
enum { N = 7 };
static const uint32_t doc_of[N] = {0, 0, 0, 1, 1, 2, 2};
static float S[N * N];
static const double scores[N] = {0.1, 0.2, 9.0, 0.3, 0.4, 0.5, 5.0};

static void build_similarity(void)
{
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            S[i * N + j] = i == j ? 1.0f : 0.1f;
    S[0 * N + 3] = S[3 * N + 0] = 0.9f;
}

static mds_status row_of(void *ctx, size_t i, float *row)
{
    ++*(size_t *)ctx;
    memcpy(row, S + i * N, N * sizeof *row);
    return MDS_OK;
}

static mds_status failing_row(void *ctx, size_t i, float *row) { return MDS_EBACKEND; }

static size_t lead(const mds__cand *cands, mds_budget_unit unit, size_t budget,
                   mds__row_fn row, size_t *chosen, mds_status *st)
{
    const mds__selector *sel = mds__selector_get((size_t)mds__selector_find("lead"));
    size_t asked = 0, n = 0;
    mds__selection in = {.n = N, .scores = scores, .cands = cands, .doc_of = doc_of,
                         .unit = unit, .budget = budget, .duplicate_threshold = 0.45,
                         .row = row, .row_ctx = &asked};
    *st = sel->select(&in, chosen, &n);
    return n;
}

static const mds__cand ten[N] = {{10, 60, 1}, {10, 60, 1}, {10, 60, 1}, {10, 60, 1},
                                 {10, 60, 1}, {10, 60, 1}, {10, 60, 1}};

static void test_in_the_table(void)
{
    int i = mds__selector_find("lead");
    CU_ASSERT_FATAL(i >= 0);
    const mds__selector *sel = mds__selector_get((size_t)i);
    CU_ASSERT_EQUAL(sel->needs, 0u); /* rows on demand, any graph, no prepare step */
    CU_ASSERT_PTR_NULL(sel->prepare);
}

/* Turn 0: 0, (3 repeats 0), 5; turn 1: 1, 4, 6; turn 2: 2. The high scores of 2 and 6 change
 * nothing. */
static void test_leads_in_turns(void)
{
    size_t ch[N];
    mds_status st;
    size_t n = lead(ten, MDS_BUDGET_SENTENCES, 10, row_of, ch, &st);
    CU_ASSERT_EQUAL(st, MDS_OK);
    static const size_t want[] = {0, 5, 1, 4, 6, 2};
    CU_ASSERT_EQUAL_FATAL(n, 6);
    for (size_t k = 0; k < n; k++)
        CU_ASSERT_EQUAL(ch[k], want[k]);
}

/* 25 words: 0 and 5 (20 words); a sentence that does not fit is passed over, not the end:
 * with 4 long, 6 (10 words) would still not fit, 1 does not either. */
static void test_budget_passes_over(void)
{
    mds__cand c[N];
    memcpy(c, ten, sizeof c);
    c[5].words = 12;
    size_t ch[N];
    mds_status st;
    size_t n = lead(c, MDS_BUDGET_WORDS, 25, row_of, ch, &st);
    CU_ASSERT_EQUAL(st, MDS_OK);
    CU_ASSERT_EQUAL_FATAL(n, 2); /* 0 (10), 5 (12): 22, nothing of 10 fits the 3 left */
    CU_ASSERT_EQUAL(ch[0], 0);
    CU_ASSERT_EQUAL(ch[1], 5);
    c[0].words = 30; /* the first lead is too long: the next ones still come */
    n = lead(c, MDS_BUDGET_WORDS, 25, row_of, ch, &st);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CU_ASSERT_EQUAL(ch[0], 3); /* no longer a repeat of a chosen one */
    CU_ASSERT_EQUAL(ch[1], 5);
}

static void test_ineligible_and_failures(void)
{
    mds__cand c[N];
    memcpy(c, ten, sizeof c);
    c[0].eligible = 0;
    size_t ch[N];
    mds_status st;
    size_t n = lead(c, MDS_BUDGET_SENTENCES, 1, row_of, ch, &st);
    CU_ASSERT_EQUAL(st, MDS_OK);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    CU_ASSERT_EQUAL(ch[0], 3);
    lead(ten, MDS_BUDGET_SENTENCES, 3, failing_row, ch, &st);
    CU_ASSERT_EQUAL(st, MDS_EBACKEND);
}

static int setup(void)
{
    build_similarity();
    return 0;
}

static CU_TestInfo tests[] = {
    {"in the selector table", test_in_the_table},
    {"leads in turns, no repeat", test_leads_in_turns},
    {"a sentence too long is passed over", test_budget_passes_over},
    {"ineligible sentences, failing rows", test_ineligible_and_failures},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("lead", tests, setup, NULL); }
