/* SPDX-License-Identifier: MIT */
/* Tests for src/embed/csr.c: the dense matrix of the non-zeros, the shape check. */
#include <stdlib.h>
#include <string.h>

#include "embed/csr.h"
#include "testutil.h"

static void test_dense(void)
{
    /* 3 x 4: row 0 at dimensions 0 and 3, row 1 empty, row 2 at 2 (a -0 entry at 1) */
    size_t row_at[4] = {0, 2, 2, 4};
    uint32_t col[4] = {0, 3, 1, 2};
    float val[4] = {0.5f, -2.0f, -0.0f, 7.0f};
    mds__csr A = {3, 4, row_at, col, val};
    float X[12];
    memset(X, 0x7f, sizeof X); /* every entry overwritten */
    mds__csr_dense(&A, X);
    const float want[12] = {0.5f, 0, 0, -2.0f, 0, 0, 0, 0, 0, -0.0f, 7.0f, 0};
    CU_ASSERT(memcmp(X, want, sizeof X) == 0);
    CU_ASSERT_EQUAL(mds__csr_check(&A), MDS_OK);
    mds__csr none = {0, 4, NULL, NULL, NULL};
    mds__csr_dense(&none, X); /* nothing written, nothing read */
    CU_ASSERT_EQUAL(mds__csr_check(&none), MDS_OK);
}

static void test_check(void)
{
    size_t row_at[3] = {0, 2, 3};
    uint32_t col[3] = {1, 2, 0};
    float val[3] = {1, 2, 3};
    mds__csr A = {2, 3, row_at, col, val};
    CU_ASSERT_EQUAL(mds__csr_check(&A), MDS_OK);
    col[1] = 1; /* repeated */
    CU_ASSERT_EQUAL(mds__csr_check(&A), MDS_EINVAL);
    col[1] = 0; /* decreasing */
    CU_ASSERT_EQUAL(mds__csr_check(&A), MDS_EINVAL);
    col[1] = 3; /* past d */
    CU_ASSERT_EQUAL(mds__csr_check(&A), MDS_EINVAL);
    col[1] = 2;
    row_at[1] = 4; /* the offsets go back */
    CU_ASSERT_EQUAL(mds__csr_check(&A), MDS_EINVAL);
    mds__csr bare = {2, 3, NULL, NULL, NULL};
    CU_ASSERT_EQUAL(mds__csr_check(&bare), MDS_EINVAL);
    /* freeing zeroes; a zeroed one frees again */
    mds__csr own = {1, 2, malloc(2 * sizeof(size_t)), malloc(4), malloc(4)};
    mds__csr_free(&own);
    CU_ASSERT(own.n == 0 && own.row_at == NULL && own.col == NULL && own.val == NULL);
    mds__csr_free(&own);
}

static CU_TestInfo tests[] = {
    {"the dense matrix of the non-zeros", test_dense},
    {"the shape check", test_check},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("csr", tests, NULL, NULL); }
