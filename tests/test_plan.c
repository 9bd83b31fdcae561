/* Tests for src/compute/plan.c: dense or sparse under the memory budget, tiles, and errors
 * that say by how much the budget falls short. */
#include <string.h>

#include "compute/plan.h"
#include "testutil.h"

/* n = 1000, d = 1024: the embeddings take 4,096,000 bytes, the dense matrix 4,000,000. */
enum { N = 1000, D = 1024, DENSE_NEED = 8096000 };

static mds__graph_opts fresh(void)
{
    mds__graph_opts go = {MDS_LEXRANK_THRESHOLD, 0.25f, 77, 77};
    return go;
}

static void test_auto_dense_while_it_fits(void)
{
    char msg[256] = "";
    mds__graph_opts go = fresh();
    CU_ASSERT_EQUAL(mds__plan_graph(N, D, MDS_GRAPH_AUTO, 64, DENSE_NEED, &go, msg, sizeof msg),
                    MDS_OK);
    CU_ASSERT_EQUAL(go.neighbors, 0);
    CU_ASSERT_EQUAL(go.tile_rows, 0);
    /* the edge rule is the caller's */
    CU_ASSERT_EQUAL(go.mode, MDS_LEXRANK_THRESHOLD);
    CU_ASSERT_EQUAL(go.threshold, 0.25f);
}

static void test_auto_sparse_past_it(void)
{
    char msg[256] = "";
    mds__graph_opts go = fresh();
    CU_ASSERT_EQUAL(mds__plan_graph(N, D, MDS_GRAPH_AUTO, 64, DENSE_NEED - 1, &go, msg,
                                    sizeof msg),
                    MDS_OK);
    CU_ASSERT_EQUAL(go.neighbors, 64);
    /* (8,095,999 - 4,096,000 - graph 524,000) / 4,000 bytes a row */
    CU_ASSERT_EQUAL(go.tile_rows, 868);
    /* plenty of memory: tiles stop at 2048 rows */
    go = fresh();
    CU_ASSERT_EQUAL(mds__plan_graph(100000, 256, MDS_GRAPH_SPARSE, 64, (size_t)8 << 30, &go, msg,
                                    sizeof msg),
                    MDS_OK);
    CU_ASSERT_EQUAL(go.tile_rows, 2048);
}

static void test_neighbours_clamped(void)
{
    char msg[256] = "";
    mds__graph_opts go = fresh();
    CU_ASSERT_EQUAL(mds__plan_graph(10, D, MDS_GRAPH_SPARSE, 64, (size_t)1 << 30, &go, msg,
                                    sizeof msg),
                    MDS_OK);
    CU_ASSERT_EQUAL(go.neighbors, 9); /* the others */
    CU_ASSERT_EQUAL(mds__plan_graph(1, D, MDS_GRAPH_SPARSE, 64, (size_t)1 << 30, &go, msg,
                                    sizeof msg),
                    MDS_OK);
    CU_ASSERT_EQUAL(go.neighbors, 1); /* a lone sentence keeps one empty slot */
}

static void test_over_budget(void)
{
    char msg[256] = "";
    mds__graph_opts go = fresh();
    CU_ASSERT_EQUAL(mds__plan_graph(N, D, MDS_GRAPH_DENSE, 64, DENSE_NEED - 1, &go, msg,
                                    sizeof msg),
                    MDS_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "1000 sentences: the dense similarity matrix needs 8 MiB"));
    /* sparse, but not even the embeddings, the graph and one row fit */
    msg[0] = '\0';
    CU_ASSERT_EQUAL(mds__plan_graph(N, D, MDS_GRAPH_AUTO, 64, 4096000 + 524000 + 3999, &go, msg,
                                    sizeof msg),
                    MDS_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "a 64-neighbour graph"));
    CU_ASSERT_EQUAL(mds__plan_graph(N, D, MDS_GRAPH_AUTO, 64, 4096000 + 524000 + 4000, &go, msg,
                                    sizeof msg),
                    MDS_OK);
    CU_ASSERT_EQUAL(go.tile_rows, 1);
}

static CU_TestInfo tests[] = {
    {"auto: dense while it fits", test_auto_dense_while_it_fits},
    {"auto: sparse past it, tiles", test_auto_sparse_past_it},
    {"neighbours clamped to the others", test_neighbours_clamped},
    {"over the budget", test_over_budget},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("plan", tests, NULL, NULL); }
