/* SPDX-License-Identifier: MIT */
/* Tests for src/select/order.c: the summary's order by source (date, document, position) and
 * by score. */
#include <string.h>

#include "select/order.h"
#include "testutil.h"

/* Four documents: dated after, undated, dated before, dated before too (a tie). */
static const mds__doc docs[4] = {
    {.id = "later", .date = "2001-05-02 10:00"},
    {.id = "undated"},
    {.id = "early", .date = "2001-05-01 09:00"},
    {.id = "early-too", .date = "2001-05-01 09:00"},
};

/* Candidate i is sents[kept[i]]: kept skips the dropped sentences, as the pipeline's does. */
static const mds__sent sents[] = {
    {.doc = 0, .index = 0}, {.doc = 0, .index = 1}, {.doc = 0, .index = 2, .drop = 1},
    {.doc = 0, .index = 3}, {.doc = 1, .index = 0}, {.doc = 1, .index = 1},
    {.doc = 2, .index = 0}, {.doc = 2, .index = 1}, {.doc = 3, .index = 0},
};
static const size_t kept[] = {0, 1, 3, 4, 5, 6, 7, 8};

static void test_source_order(void)
{
    /* chosen in some selection order: candidates 2 (doc 0 #3), 4 (doc 1 #1), 0 (doc 0 #0),
     * 7 (doc 3 #0), 6 (doc 2 #1), 5 (doc 2 #0), 3 (doc 1 #0) */
    size_t v[] = {2, 4, 0, 7, 6, 5, 3};
    CU_ASSERT_EQUAL(mds__order_source(v, 7, docs, 4, sents, kept), MDS_OK);
    /* the earliest date first, its tie by position in the cluster, then the later date, the
     * undated last; within a document by position */
    const size_t want[] = {5, 6, 7, 0, 2, 3, 4};
    CU_ASSERT_EQUAL(memcmp(v, want, sizeof want), 0);
    /* nothing chosen, no documents */
    CU_ASSERT_EQUAL(mds__order_source(v, 0, docs, 4, sents, kept), MDS_OK);
    CU_ASSERT_EQUAL(mds__order_source(v, 0, NULL, 0, sents, kept), MDS_OK);
}

/* Undated documents keep the order they came in. */
static void test_source_order_undated(void)
{
    static const mds__doc plain[3] = {{.id = "a"}, {.id = "b"}, {.id = "c"}};
    static const mds__sent s[] = {{.doc = 2, .index = 4}, {.doc = 0, .index = 9},
                                  {.doc = 1, .index = 0}, {.doc = 0, .index = 2}};
    static const size_t k[] = {0, 1, 2, 3};
    size_t v[] = {0, 1, 2, 3};
    CU_ASSERT_EQUAL(mds__order_source(v, 4, plain, 3, s, k), MDS_OK);
    const size_t want[] = {3, 1, 2, 0};
    CU_ASSERT_EQUAL(memcmp(v, want, sizeof want), 0);
}

static void test_score_order(void)
{
    const double scores[] = {0.5, 2.0, 1.0, 2.0, 1.5};
    /* chosen 3 before 1: equal scores keep that order */
    size_t v[] = {0, 3, 2, 1, 4};
    CU_ASSERT_EQUAL(mds__order_score(v, 5, scores), MDS_OK);
    const size_t want[] = {3, 1, 4, 2, 0};
    CU_ASSERT_EQUAL(memcmp(v, want, sizeof want), 0);
    size_t w[] = {1, 3};
    CU_ASSERT_EQUAL(mds__order_score(w, 2, scores), MDS_OK);
    CU_ASSERT(w[0] == 1 && w[1] == 3);
    CU_ASSERT_EQUAL(mds__order_score(w, 0, scores), MDS_OK);
}

static CU_TestInfo tests[] = {
    {"source order: dates, then position", test_source_order},
    {"source order: undated documents", test_source_order_undated},
    {"score order: ties as chosen", test_score_order},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("order", tests, NULL, NULL); }
