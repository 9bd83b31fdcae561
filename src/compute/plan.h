/* SPDX-License-Identifier: MIT */
/* The run's memory plan under a budget, made before the large arrays are allocated: the
 * dense graph while the n x n matrix fits beside everything else the run holds (or when
 * asked), else the sparse one, computed by tiles of as many rows of S as fit beside the
 * embeddings, the graph and the rest. */
#ifndef MDS_PLAN_H
#define MDS_PLAN_H

#include <stddef.h>

#include "compute/backend.h"
#include "mds.h"

/* What the run will hold, besides the graph and its tile: n candidates of dimension d, in
 * `copies` copies of the embeddings (2 when a backend keeps a rounded copy), `per_cand`
 * bytes per candidate (the run's arrays, the walk's or the selector's scratch, whichever is
 * larger) and `fixed` bytes that do not grow with n (the embedding's tables). */
typedef struct mds__plan_in {
    size_t n, d;
    mds_graph_kind kind; /* AUTO chooses, DENSE and SPARSE are obeyed */
    size_t neighbors;    /* asked; clamped by mds__graph_neighbors */
    size_t memory;       /* the budget: bytes the run may hold at once */
    size_t copies, per_cand, fixed;
} mds__plan_in;

typedef struct mds__plan {
    double embeddings, graph, tile, rest; /* bytes at the peak, by part */
    double row;                           /* bytes a row of a tile takes; 0: dense */
    size_t memory;                        /* the budget */
    size_t total;                         /* their sum */
    size_t left; /* memory - total: what a prepare step (a concept table) may hold beside the
                    rest; before mds__plan_tiles, the tile is one row */
} mds__plan;

/* Plans the run: sets go->neighbors (0: dense, else the kept edges of each sentence) and
 * go->tile_rows (the rest of *go is left as it is), and *plan. MDS_EINVAL when even the
 * smallest plan (a sparse graph by one-row tiles) does not fit, msg saying how many bytes it
 * needs, by part. go->tile_rows is the most that fits; a run with a prepare step plans with
 * one row first and sizes the tiles after it (mds__plan_tiles). go->gram_bytes gets the tile
 * and what is left: what the CPU's index may take instead of BLAS's tile. */
mds_status mds__plan_run(const mds__plan_in *in, mds__graph_opts *go, mds__plan *plan,
                         char *msg, size_t msg_size);

/* Plans with tiles of one row (a dense plan is unchanged): what mds__plan_run leaves for a
 * prepare step, before it is known how much that takes. */
void mds__plan_one_row(mds__plan *plan, mds__graph_opts *go);

/* Sizes the sparse graph's tiles with what is left once a prepare step holds `held` bytes
 * (no more than plan->left), at most 2,048 rows: sets go->tile_rows and plan's tile, total
 * and left. A dense plan only counts `held`. */
void mds__plan_tiles(mds__plan *plan, size_t held, mds__graph_opts *go);

/* The CPU's gram for n rows of dimension d whose non-zeros make `pairs` multiply-adds (sum
 * over dimensions of postings^2, as mds__spgram_init counts them), on `threads` threads: the inverted index
 * where its estimated time is below BLAS's, else BLAS. `sparse_graph`: the top-k graph (whole
 * rows, reduced as they come), else the dense S (BLAS's SYRK does half of it). The model's
 * rates are measured on this project's benchmark machine (docs/benchmarks.md, "Speed:
 * similarity and batch"). */
mds__gram_kind mds__plan_gram(size_t n, size_t d, double pairs, int sparse_graph, int threads);

/* What a selector may take during selection beyond its per-candidate scratch: the budget
 * less the embeddings, the graph and the rest (the tile is gone by then). */
size_t mds__plan_select_room(const mds__plan *plan);

/* The similarity stage alone (the embeddings once, nothing else): mds__plan_run with
 * copies 1, per_cand and fixed 0. */
mds_status mds__plan_graph(size_t n, size_t d, mds_graph_kind kind, size_t neighbors,
                           size_t memory, mds__graph_opts *go, char *msg, size_t msg_size);

#endif
