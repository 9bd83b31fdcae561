/* SPDX-License-Identifier: MIT */
/* Planning the run's memory to fit the budget. */
#include "compute/plan.h"

#include <stdio.h>

#include "compute/graph.h"

#define MIB (1024.0 * 1024.0)

/* The tile: as many rows as fit beside the rest and `held`, from 1 to 2,048. */
static void size_tiles(mds__plan *plan, double held, mds__graph_opts *go)
{
    double base = plan->embeddings + plan->graph + plan->rest + held;
    if (plan->row > 0.0) {
        double rows = ((double)plan->memory - base) / plan->row;
        /* BLAS gains nothing past 2,048 rows */
        go->tile_rows = rows > 2048.0 ? 2048 : rows < 1.0 ? 1 : (size_t)rows;
        plan->tile = (double)go->tile_rows * plan->row;
    }
    double total = base - held + plan->tile;
    plan->total = (size_t)total;
    plan->left = total < (double)plan->memory ? (size_t)((double)plan->memory - total) : 0;
    /* 1 byte when nothing: 0 would mean no limit */
    double room = plan->tile + (double)plan->left;
    go->gram_bytes = room >= 1.0 ? (size_t)room : 1;
}

mds_status mds__plan_run(const mds__plan_in *in, mds__graph_opts *go, mds__plan *plan,
                         char *msg, size_t msg_size)
{
    go->neighbors = 0;
    go->tile_rows = 0;
    go->gram_bytes = 0;
    size_t n = in->n;
    double memory = (double)in->memory;
    double x = (double)(in->copies ? in->copies : 1) * (double)n * (double)in->d * sizeof(float);
    double rest = (double)n * (double)in->per_cand + (double)in->fixed;
    double dense = (double)n * (double)n * sizeof(float);
    *plan = (mds__plan){.embeddings = x, .rest = rest};
    int want_dense = in->kind == MDS_GRAPH_DENSE ||
                     (in->kind == MDS_GRAPH_AUTO && x + dense + rest <= memory);
    if (want_dense) {
        if (x + dense + rest > memory) {
            snprintf(msg, msg_size, "%zu sentences: the dense similarity matrix needs %.0f MiB "
                     "with the embeddings and the run's other arrays (%.1f + %.1f + %.1f MiB), "
                     "over the memory budget of %.0f MiB; raise the budget or use the sparse "
                     "graph", n, (x + dense + rest) / MIB, dense / MIB, x / MIB, rest / MIB,
                     memory / MIB);
            return MDS_EINVAL;
        }
        plan->graph = dense;
    } else {
        size_t k = mds__graph_neighbors(n, in->neighbors);
        double fixed = x + (double)mds__graph_bytes(n, k) + rest;
        double row_bytes = (double)n * sizeof(float);
        double rows = (memory - fixed) / row_bytes;
        if (rows < 1.0) {
            snprintf(msg, msg_size, "%zu sentences: the embeddings, a %zu-neighbour graph and "
                     "the run's other arrays need %.0f MiB (%.1f + %.1f + %.1f MiB), with a "
                     "one-row tile %.0f MiB, over the memory budget of %.0f MiB; raise the "
                     "budget or keep fewer neighbours", n, k, fixed / MIB, x / MIB,
                     (double)mds__graph_bytes(n, k) / MIB, rest / MIB,
                     (fixed + row_bytes) / MIB, memory / MIB);
            return MDS_EINVAL;
        }
        go->neighbors = k;
        plan->graph = (double)mds__graph_bytes(n, k);
        plan->row = row_bytes;
    }
    plan->memory = in->memory;
    size_tiles(plan, 0.0, go);
    return MDS_OK;
}

void mds__plan_one_row(mds__plan *plan, mds__graph_opts *go)
{
    size_tiles(plan, (double)plan->memory, go); /* nothing beside: one row */
}

void mds__plan_tiles(mds__plan *plan, size_t held, mds__graph_opts *go)
{
    size_tiles(plan, (double)held, go);
}

size_t mds__plan_select_room(const mds__plan *plan)
{
    double used = plan->embeddings + plan->graph + plan->rest;
    return used < (double)plan->memory ? (size_t)((double)plan->memory - used) : 0;
}

mds_status mds__plan_graph(size_t n, size_t d, mds_graph_kind kind, size_t neighbors,
                           size_t memory, mds__graph_opts *go, char *msg, size_t msg_size)
{
    mds__plan_in in = {.n = n, .d = d, .kind = kind, .neighbors = neighbors, .memory = memory,
                       .copies = 1};
    mds__plan plan;
    return mds__plan_run(&in, go, &plan, msg, msg_size);
}

/* Seconds per unit on one core, measured with bench/gram-kernels.c (OpenBLAS 0.3.21, its
 * Haswell kernel, on the 2-core AMD EPYC of docs/benchmarks.md): a flop of SGEMM/SYRK at
 * D = 1,024; a multiply-add of the index's scatter; an entry of S zeroed and written by the
 * index or mirrored after SYRK. Reducing a row to its top k costs both paths alike. */
#define BLAS_FLOP 1.2e-11
#define INDEX_PAIR 2.0e-9
#define ENTRY 3.0e-10

mds__gram_kind mds__plan_gram(size_t n, size_t d, double pairs, int sparse_graph, int threads)
{
    double nn = (double)n * (double)n;
    /* the dense S: SYRK does n(n+1)d flops and the lower half is mirrored; the top-k graph:
     * SGEMM does whole rows, 2 n^2 d. The index scatters every pair into zeroed rows. */
    double blas = sparse_graph ? 2.0 * nn * (double)d * BLAS_FLOP
                               : (double)n * (double)(n + 1) * (double)d * BLAS_FLOP + nn * ENTRY;
    double index = pairs * INDEX_PAIR + nn * ENTRY;
    /* both run on every thread */
    double t = threads > 1 ? (double)threads : 1.0;
    blas /= t;
    index /= t;
    return index < blas ? MDS__GRAM_INDEX : MDS__GRAM_BLAS;
}
