/* SPDX-License-Identifier: MIT */
/* Compute backends behind one table of function pointers, ggml style.
 *
 * A backend holds the embedded sentences of one cluster, X (n x d, row-major, rows of unit
 * length), in a session. From them it builds the similarity graph, ranks it (LexRank power
 * iteration) and hands out rows of similarities for selection. The graph is either dense
 * (the whole n x n matrix S = X X^T) or sparse: S computed by row tiles and reduced on the fly
 * to the k most similar sentences of each sentence, so memory grows as n k, not n^2.
 *
 * The CPU backend (OpenBLAS) is always built, always last in the list, and the reference
 * every other backend is held to: the same selected sentences, the same scores within a
 * stated tolerance (tests/test_backend_parity.c).
 *
 * Every function returns a status; on failure `msg` says what failed (for CUDA: the call and
 * the driver's message). MDS_EBACKEND or MDS_ENOMEM from a non-CPU backend in mid-run make
 * the pipeline warn and redo the work on the CPU. */
#ifndef MDS_BACKEND_H
#define MDS_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "embed/csr.h"
#include "mds.h"

/* How the CPU computes the gram: BLAS (dense SGEMM/SYRK over all D dimensions) or the
 * inverted index over X's non-zeros (compute/spgram.h); AUTO lets the cost model of
 * compute/plan.h choose by size and sparsity. Other backends ignore it. */
typedef enum mds__gram_kind {
    MDS__GRAM_AUTO = 0,
    MDS__GRAM_BLAS = 1,
    MDS__GRAM_INDEX = 2,
} mds__gram_kind;

/* The graph to build. An edge i-j (i != j) exists where s = <x_i, x_j> satisfies
 * s >= threshold and s > 0; its weight is s (continuous) or 1 (threshold mode): the rule of
 * compute/edge.h. */
typedef struct mds__graph_opts {
    mds_lexrank_mode mode;
    float threshold;
    size_t neighbors; /* 0: dense, every edge; k > 0: sparse, the k heaviest edges out of each
                         sentence (by similarity, ties by lower index) */
    size_t tile_rows; /* sparse: at most this many rows of S at once in host memory; a
                         device backend may use fewer, as its own memory allows */
    mds__gram_kind gram;
    size_t gram_bytes; /* what the CPU's index may hold while the graph is built (the
                          plan's tile and what it left); 0: no limit */
} mds__graph_opts;

typedef struct mds__rank_opts {
    double damping, tolerance;
    int max_iterations;
} mds__rank_opts;

/* What a session measured, for benchmarks and -v. Seconds are wall time, synchronized. */
typedef struct mds__sim_stats {
    double seconds_gram;  /* computing X X^T (all tiles) */
    double seconds_graph; /* thresholding or top-k reduction, degrees */
    double seconds_rank;  /* power iteration */
    double gram_flops;    /* floating-point operations done by the gram: 2 n rows d per tile */
    size_t edges;         /* edges in the graph (both directions count in a dense one) */
    size_t device_bytes;  /* peak device memory held by the session (0 on the CPU) */
    char device[128];     /* the device's name, "cpu" for the CPU */
} mds__sim_stats;

typedef struct mds__sim mds__sim; /* a backend's session */

typedef struct mds__backend {
    const char *name;
    /* Flops (2 n^2 d) below which this backend does not pay against the CPU; AUTO skips it
     * for smaller work. 0 for the CPU. */
    double min_flops;
    /* Can this backend run here now? On failure msg says why. */
    mds_status (*probe)(int device, char *msg, size_t msg_size);
    /* A session over X (n x d). X must stay valid and unchanged until close. With a reduced
     * precision the gram's inputs are rounded to it (FP32 accumulation). */
    mds_status (*open)(int device, const float *X, size_t n, size_t d, mds_precision precision,
                       mds__sim **out, char *msg, size_t msg_size);
    /* The same session over X given as its non-zeros (embed/csr.h, a well-formed A): X is
     * then made (dense) only if the work needs it. A must stay valid and unchanged until
     * close. Optional: a NULL member means the caller makes X and calls `open`. */
    mds_status (*open_csr)(int device, const mds__csr *A, mds_precision precision,
                           mds__sim **out, char *msg, size_t msg_size);
    /* S[r][j] = <x_{row0 + r}, x_j> for r < rows, j < n, into host memory (rows x n). */
    mds_status (*rows)(mds__sim *s, size_t row0, size_t rows, float *S, char *msg,
                       size_t msg_size);
    /* The dense S (n x n, row-major) in host memory while the session holds one, else NULL:
     * lets a selector that needs every similarity read them without a copy. Optional: a
     * NULL member means never (the caller then asks `rows`). */
    const float *(*matrix)(mds__sim *s);
    /* Builds the graph, replacing any earlier one. */
    mds_status (*graph)(mds__sim *s, const mds__graph_opts *o, char *msg, size_t msg_size);
    /* LexRank over the graph: scores (n) is the stationary distribution of the walk with
     * teleport (n probabilities, NULL: uniform), scaled to mean 1. */
    mds_status (*rank)(mds__sim *s, const mds__rank_opts *o, const double *teleport,
                       double *scores, int *iterations, char *msg, size_t msg_size);
    void (*stats)(const mds__sim *s, mds__sim_stats *out);
    void (*close)(mds__sim *s); /* NULL is a no-op */
} mds__backend;

/* An open session on its backend, with where its messages go: what the stages after `open`
 * pass around. */
typedef struct mds__session {
    const mds__backend *be;
    mds__sim *sim;
    char *msg;
    size_t msg_size;
} mds__session;

/* The similarities of sentence i to all, from session `s` (an mds__session *): the row
 * source selectors take (select/selector.h). */
mds_status mds__session_row(void *s, size_t i, float *row);

extern const mds__backend mds__backend_cpu;
#ifdef MDS_HAVE_CUDA
extern const mds__backend mds__backend_cuda;
#endif

/* Every backend built in, in order of preference, the CPU last; *n gets their count. */
const mds__backend *const *mds__backend_list(size_t *n);

/* The backend for a request and a workload of n sentences of dimension d. CPU: the CPU.
 * CUDA: the CUDA backend if it is built and probes well, else MDS_EBACKEND with the reason.
 * AUTO: the first backend that probes well and whose min_flops the work reaches. */
mds_status mds__backend_pick(mds_backend_kind kind, int device, size_t n, size_t d,
                             const mds__backend **out, char *msg, size_t msg_size);

/* Tests only: make mds__backend_pick answer `b` for every request that is not CPU (NULL
 * restores the normal choice). Lets a test stand in a failing backend. */
void mds__backend_override(const mds__backend *b);

/* Rounds each of x[0..n) to the precision's input format (TF32: 10 mantissa bits; FP16:
 * IEEE half, with its range), nearest even, back in a float. FP32: unchanged. */
void mds__round_precision(float *x, size_t n, mds_precision precision);

#endif
