/* SPDX-License-Identifier: MIT */
/* Tests for src/compute/plan.c: dense or sparse under the memory budget, tiles, and errors
 * that say by how much the budget falls short; then the plan of whole runs on real text: a
 * budget just below what a cluster needs is refused before the run allocates anything the
 * plan covers, and one just above it runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compute/plan.h"
#include "mds.h"
#include "testutil.h"
#include "util/alloc.h"

#define EXAMPLE MDS_SOURCE_DIR "/examples/putin-north-korea"

/* n = 1000, d = 1024: the embeddings take 4,096,000 bytes, the dense matrix 4,000,000. */
enum { N = 1000, D = 1024, DENSE_NEED = 8096000 };

static mds__graph_opts fresh(void)
{
    mds__graph_opts go = {MDS_LEXRANK_THRESHOLD, 0.25f, 77, 77, MDS__GRAM_AUTO, 0};
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


static void test_parts_add_up(void)
{
    char msg[512] = "";
    mds__graph_opts go = fresh();
    mds__plan plan;
    /* 2 copies of the embeddings (8,192,000), the dense matrix (4,000,000), 100 bytes a
     * candidate and 1,000 fixed (101,000) */
    mds__plan_in in = {.n = N, .d = D, .kind = MDS_GRAPH_AUTO, .neighbors = 64,
                       .memory = 12293000, .copies = 2, .per_cand = 100, .fixed = 1000};
    CU_ASSERT_EQUAL_FATAL(mds__plan_run(&in, &go, &plan, msg, sizeof msg), MDS_OK);
    CU_ASSERT_EQUAL(go.neighbors, 0);
    CU_ASSERT_EQUAL(plan.total, 12293000);
    CU_ASSERT_EQUAL(plan.left, 0);
    /* a byte less: sparse, (12,292,999 - 8,192,000 - 524,000 - 101,000) / 4,000 rows */
    in.memory--;
    CU_ASSERT_EQUAL_FATAL(mds__plan_run(&in, &go, &plan, msg, sizeof msg), MDS_OK);
    CU_ASSERT_EQUAL(go.neighbors, 64);
    CU_ASSERT_EQUAL(go.tile_rows, 868);
    CU_ASSERT_EQUAL(plan.total, 8192000 + 524000 + 101000 + 868 * 4000);
    /* one row first, for a prepare step; the tiles take what it leaves */
    mds__plan_one_row(&plan, &go);
    CU_ASSERT_EQUAL(go.tile_rows, 1);
    CU_ASSERT_EQUAL(plan.left, 12292999 - (8192000 + 524000 + 101000 + 4000));
    mds__plan_tiles(&plan, 2000000, &go);
    CU_ASSERT_EQUAL(go.tile_rows, 368);
    CU_ASSERT_EQUAL(mds__plan_select_room(&plan), 12292999 - (8192000 + 524000 + 101000));
    /* asked dense: the message gives every part */
    in.kind = MDS_GRAPH_DENSE;
    CU_ASSERT_EQUAL(mds__plan_run(&in, &go, &plan, msg, sizeof msg), MDS_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "1000 sentences: the dense similarity matrix needs 12 MiB "
                                       "with the embeddings and the run's other arrays "
                                       "(3.8 + 7.8 + 0.1 MiB), over the memory budget of 12 MiB"));
}

/* A real cluster big enough for the budget to matter: the example's documents, each read
 * `copies` times, cleaning off so that the copies stay (about 111 candidates a copy). */
static mds_cluster *example_copies(mds_ctx *ctx, int copies)
{
    static const char *const files[] = {
        "000_ea34812cd32b42ef.txt", "001_b4a0a099eddaae10.txt", "002_ccde3f834144294e.txt"};
    mds_cluster *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    for (int k = 0; k < copies; k++)
        for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
            char path[512];
            snprintf(path, sizeof path, "%s/%s", EXAMPLE, files[f]);
            CU_ASSERT_EQUAL_FATAL(mds_cluster_add_file(c, path), MDS_OK);
        }
    return c;
}

/* Summarizes c under a budget of `memory` bytes: the status, and the allocations the run
 * made in *allocs. */
static mds_status run_within(mds_ctx *ctx, const mds_cluster *c, mds_params *p, size_t memory,
                             unsigned long *allocs)
{
    TU_SET(p, MEMORY, (double)memory);
    mds_result *r = NULL;
    unsigned long before = mds__alloc_count();
    mds_status st = mds_summarize(ctx, c, p, &r);
    *allocs = mds__alloc_count() - before;
    CU_ASSERT_EQUAL(st == MDS_OK, r != NULL);
    mds_result_free(r);
    return st;
}

/* The least budget a run of c needs, by bisection between 1 MiB (which must fail) and hi
 * (which must not). */
static size_t least_budget(mds_ctx *ctx, const mds_cluster *c, mds_params *p, size_t hi)
{
    size_t lo = (size_t)1 << 20;
    unsigned long a;
    CU_ASSERT_EQUAL_FATAL(run_within(ctx, c, p, lo, &a), MDS_EINVAL);
    CU_ASSERT_EQUAL_FATAL(run_within(ctx, c, p, hi, &a), MDS_OK);
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (run_within(ctx, c, p, mid, &a) == MDS_OK)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

/* For each graph and selector: the least budget runs; a byte less is refused with the
 * memory parameter named, after the same allocations as a budget far too small (so before
 * any the plan covers), or in the concept table's build before the allocation that would pass
 * it; the cluster's counts are still reported. */
static void check_edge(mds_ctx *ctx, const mds_cluster *c, mds_params *p, const char *what)
{
    unsigned long tiny, below, at;
    CU_ASSERT_EQUAL(run_within(ctx, c, p, (size_t)1 << 20, &tiny), MDS_EINVAL);
    size_t need = least_budget(ctx, c, p, (size_t)16 << 20);
    CU_ASSERT_EQUAL(run_within(ctx, c, p, need - 1, &below), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_errparam(ctx), MDS_PARAM_MEMORY);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), "memory budget"));
    const char *msg = mds_errmsg(ctx);
    int in_table = strstr(msg, "selector's table") != NULL;
    if (!in_table)
        CU_ASSERT_EQUAL(below, tiny);
    CU_ASSERT(below >= tiny);
    CU_ASSERT_EQUAL(run_within(ctx, c, p, need, &at), MDS_OK);
    CU_ASSERT(at > below);
    size_t docs = 0, sents = 0, cands = 0;
    CU_ASSERT_EQUAL(run_within(ctx, c, p, need - 1, &below), MDS_EINVAL);
    mds_last_counts(ctx, &docs, &sents, &cands);
    CU_ASSERT_EQUAL(docs, mds_cluster_document_count(c));
    CU_ASSERT(cands > 500 && sents >= cands);
    printf("\n    %s: needs %zu bytes (%zu candidates), %lu allocations at it, %lu a byte "
           "below (%s), %lu at 1 MiB", what, need, cands, at, below,
           in_table ? "in the table" : "at the plan", tiny);
}

static void test_real_runs_at_the_edge(void)
{
    mds_ctx *ctx = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_ctx_new(&ctx), MDS_OK);
    mds_cluster *c = example_copies(ctx, 8);
    mds_params *p = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_params_new(&p), MDS_OK);
    TU_SET(p, CLEAN, 0);
    TU_SET(p, THREADS, 1); /* allocations are counted: one thread makes them in one order */
    check_edge(ctx, c, p, "auto, concepts");
    TU_SET(p, GRAPH, MDS_GRAPH_SPARSE);
    TU_SET(p, NEIGHBORS, 16);
    check_edge(ctx, c, p, "sparse, concepts");
    CU_ASSERT_EQUAL_FATAL(mds_params_set(p, "selector", "mmr"), MDS_OK);
    check_edge(ctx, c, p, "sparse, mmr");
    TU_SET(p, GRAPH, MDS_GRAPH_AUTO);
    CU_ASSERT_EQUAL_FATAL(mds_params_set(p, "selector", "coverage"), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_params_set(p, "precision", "fp16"), MDS_OK);
    check_edge(ctx, c, p, "auto, coverage, fp16");
    mds_params_free(p);
    mds_cluster_free(c);
    mds_ctx_free(ctx);
}

/* The gram by size and sparsity: hashed embeddings (16 non-zeros of 1,024 a row, pairs
 * n^2 / 4 as on DUC 2006) take the index at every size, dense or top-k graph, one thread or
 * a few; dense embeddings (pairs n^2 d) take BLAS. */
static void test_gram_by_size(void)
{
    const size_t sizes[] = {10, 180, 1000, 10000, 100000, 1000000};
    for (size_t c = 0; c < sizeof sizes / sizeof sizes[0]; c++) {
        size_t n = sizes[c];
        double nn = (double)n * (double)n;
        for (int sparse = 0; sparse < 2; sparse++)
            for (int threads = 1; threads <= 4; threads *= 2) {
                CU_ASSERT_EQUAL(mds__plan_gram(n, D, nn / 4, sparse, threads), MDS__GRAM_INDEX);
                CU_ASSERT_EQUAL(mds__plan_gram(n, D, nn * D, sparse, threads), MDS__GRAM_BLAS);
            }
    }
    /* in between: the index while the pairs stay under about a hundredth of n^2 d */
    CU_ASSERT_EQUAL(mds__plan_gram(1000, D, 1e6 * 5, 1, 2), MDS__GRAM_INDEX);
    CU_ASSERT_EQUAL(mds__plan_gram(1000, D, 1e6 * 50, 1, 2), MDS__GRAM_BLAS);
}

static CU_TestInfo tests[] = {
    {"the gram by size and sparsity", test_gram_by_size},
    {"auto: dense while it fits", test_auto_dense_while_it_fits},
    {"auto: sparse past it, tiles", test_auto_sparse_past_it},
    {"neighbours clamped to the others", test_neighbours_clamped},
    {"over the budget", test_over_budget},
    {"the parts add up, tiles after a prepare step", test_parts_add_up},
    {"real runs at the edge of the budget", test_real_runs_at_the_edge},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("plan", tests, NULL, NULL); }
