/* SPDX-License-Identifier: MIT */
/* Tests for src/util/parallel.c: every item runs once whatever the threads, the lowest failing
 * item decides the status, and a thread that cannot be made leaves its share to the others. */
#include <stdatomic.h>
#include <string.h>

#include "testutil.h"
#include "util/parallel.h"

enum { N = 1000 };

typedef struct job {
    atomic_int runs[N];
    atomic_uint seen_workers;
    size_t fail_a, fail_b; /* items that fail (N: none) */
} job;

static mds_status task(void *arg, size_t i, unsigned worker)
{
    job *j = arg;
    atomic_fetch_add(&j->runs[i], 1);
    atomic_fetch_or(&j->seen_workers, 1u << (worker < 31 ? worker : 31));
    if (i == j->fail_a)
        return MDS_ENOMEM;
    if (i == j->fail_b)
        return MDS_EIO;
    return MDS_OK;
}

static void reset(job *j, size_t fail_a, size_t fail_b)
{
    for (size_t i = 0; i < N; i++)
        atomic_init(&j->runs[i], 0);
    atomic_init(&j->seen_workers, 0);
    j->fail_a = fail_a;
    j->fail_b = fail_b;
}

static void test_every_item_once(void)
{
    static job j;
    const unsigned counts[] = {1, 2, 3, 8, 64};
    for (size_t c = 0; c < sizeof counts / sizeof *counts; c++) {
        reset(&j, N, N);
        unsigned used = 0;
        CU_ASSERT_EQUAL(mds__parallel_for(counts[c], N, 1, task, &j, &used), MDS_OK);
        CU_ASSERT(used >= 1 && used <= counts[c]);
        for (size_t i = 0; i < N; i++)
            CU_ASSERT_EQUAL(atomic_load(&j.runs[i]), 1);
        unsigned ids = atomic_load(&j.seen_workers);
        if (used == 1)
            CU_ASSERT_EQUAL(ids, 1u); /* the caller alone */
        CU_ASSERT_EQUAL(ids >> (used < 31 ? used : 31), 0); /* ids below the threads used */
    }
    /* no more threads than n / grain, and none for nothing */
    unsigned used = 0;
    reset(&j, N, N);
    CU_ASSERT_EQUAL(mds__parallel_for(8, 10, 4, task, &j, &used), MDS_OK);
    CU_ASSERT_EQUAL(used, 2);
    CU_ASSERT_EQUAL(mds__parallel_for(8, 3, 4, task, &j, &used), MDS_OK);
    CU_ASSERT_EQUAL(used, 1);
    CU_ASSERT_EQUAL(mds__parallel_for(8, 0, 1, task, &j, &used), MDS_OK);
    CU_ASSERT_EQUAL(used, 1);
    for (size_t i = 0; i < 10; i++)
        CU_ASSERT_EQUAL(atomic_load(&j.runs[i]), i < 3 ? 2 : 1);
}

/* Items 300 (ENOMEM) and 700 (EIO) fail: the status is item 300's at any thread count; every
 * item before 300 ran, and none twice. */
static void test_lowest_failure(void)
{
    static job j;
    for (unsigned t = 1; t <= 8; t++) {
        reset(&j, 300, 700);
        CU_ASSERT_EQUAL(mds__parallel_for(t, N, 1, task, &j, NULL), MDS_ENOMEM);
        for (size_t i = 0; i < N; i++) {
            CU_ASSERT(atomic_load(&j.runs[i]) <= 1);
            if (i <= 300)
                CU_ASSERT_EQUAL(atomic_load(&j.runs[i]), 1);
        }
        reset(&j, N, 700);
        CU_ASSERT_EQUAL(mds__parallel_for(t, N, 1, task, &j, NULL), MDS_EIO);
    }
}

/* Threads that cannot be made: the loop runs on those that could, the caller at least. */
static void test_no_threads(void)
{
    static job j;
    unsigned used = 0;
    reset(&j, N, N);
    mds__parallel_fail_create(2);
    CU_ASSERT_EQUAL(mds__parallel_for(4, N, 1, task, &j, &used), MDS_OK);
    CU_ASSERT_EQUAL(used, 2);
    for (size_t i = 0; i < N; i++)
        CU_ASSERT_EQUAL(atomic_load(&j.runs[i]), 1);
    reset(&j, N, N);
    mds__parallel_fail_create(1000);
    CU_ASSERT_EQUAL(mds__parallel_for(4, N, 1, task, &j, &used), MDS_OK);
    CU_ASSERT_EQUAL(used, 1);
    for (size_t i = 0; i < N; i++)
        CU_ASSERT_EQUAL(atomic_load(&j.runs[i]), 1);
    mds__parallel_fail_create(-1);
    CU_ASSERT_EQUAL(mds__parallel_for(4, N, 1, task, &j, &used), MDS_OK);
    CU_ASSERT_EQUAL(used, 4);
}

static void test_thread_counts(void)
{
    CU_ASSERT(mds__threads(0) >= 1);
    CU_ASSERT(mds__threads(-5) >= 1);
    CU_ASSERT_EQUAL(mds__threads(1), 1);
    CU_ASSERT_EQUAL(mds__threads(3), 3);
    CU_ASSERT_EQUAL(mds__threads(100000), MDS__THREADS_MAX);
    /* every online CPU for a big input only; a number asked for is the number */
    CU_ASSERT_EQUAL(mds__threads_for(0, 200000), 1);
    CU_ASSERT_EQUAL(mds__threads_for(0, MDS__THREADS_MIN_BYTES), mds__threads(0));
    CU_ASSERT_EQUAL(mds__threads_for(3, 10), 3);
    CU_ASSERT_EQUAL(mds__threads_for(1, (size_t)1 << 30), 1);
}

static CU_TestInfo tests[] = {
    {"every item once", test_every_item_once},
    {"the lowest failure decides", test_lowest_failure},
    {"no thread to be had", test_no_threads},
    {"thread counts", test_thread_counts},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("parallel", tests, NULL, NULL); }
