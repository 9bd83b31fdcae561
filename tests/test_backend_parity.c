/* SPDX-License-Identifier: MIT */
/* Parity of every backend built into the library with the CPU backend, the reference, as
 * ggml's test-backend-ops does: each backend in mds__backend_list that probes well is opened
 * on the same inputs as the CPU, and every operation of its table (open, rows, matrix, dense
 * and sparse graphs, rank, stats, close) is compared within a stated tolerance, at each
 * precision; so is the summary of the example cluster. A backend whose probe fails is
 * skipped, and the test says so. The CPU is held to the same checks against itself (a second
 * session at FP32), and at TF32 and FP16 against FP32 within what that rounding allows, so
 * that the comparisons run on every machine, with or without a GPU. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compute/backend.h"
#include "compute/edge.h"
#include "compute/graph.h"
#include "compute/lexrank.h"
#include "mds.h"
#include "testutil.h"

#ifdef MDS_HAVE_CUDA
/* Under AddressSanitizer the CUDA driver needs the shadow gap to map device memory, and it
 * keeps allocations until the process ends. */
#if defined(__SANITIZE_ADDRESS__)
const char *__asan_default_options(void);
const char *__lsan_default_suppressions(void);
const char *__asan_default_options(void) { return "protect_shadow_gap=0"; }
const char *__lsan_default_suppressions(void)
{
    return "leak:libcuda.so\nleak:libcudart.so\nleak:libcublas.so\nleak:libcublasLt.so\n";
}
#endif
#endif

#define EXAMPLE MDS_SOURCE_DIR "/examples/putin-north-korea"
/* The power iteration runs to RANK_TOL in L1, in double on every backend. */
#define RANK_TOL 1e-9

/* ---- what is compared with what ---------------------------------------------------------- */

typedef struct tolerance {
    /* On similarities (rows of S). At one precision every backend multiplies the same rounded
     * inputs with FP32 accumulation, and only the order of the sums differs: 1e-5. Against
     * FP32, inputs of unit vectors rounded to 11 significant bits (TF32, FP16) move a
     * similarity by at most 2 * 2^-11 (Cauchy-Schwarz): 1e-3. */
    double rows;
    /* On scores (mean 1), relative: 1e-4 at one precision; against FP32, ten times what the
     * inputs here show (1.1e-4). */
    double score;
} tolerance;

static const tolerance same_precision = {1e-5, 1e-4};
static const tolerance reduced_precision = {1e-3, 1e-3};

/* A backend at a precision, held to the CPU at a precision (the same one, or FP32 for the
 * CPU at a reduced one). */
typedef struct pairing {
    const mds__backend *b;
    mds_precision ref_prec, prec;
    tolerance tol;
    char name[64];
} pairing;

static pairing pairings[16];
static size_t npairings;

static const mds_precision precisions[] = {MDS_PRECISION_FP32, MDS_PRECISION_TF32,
                                           MDS_PRECISION_FP16};
static const char *const precision_names[] = {"fp32", "tf32", "fp16"};

static void add_pairing(const mds__backend *b, size_t ref, size_t p, tolerance tol)
{
    if (npairings == sizeof pairings / sizeof pairings[0]) {
        fprintf(stderr, "test_backend_parity: more backends than pairings[] holds\n");
        exit(2);
    }
    pairing *q = &pairings[npairings++];
    q->b = b;
    q->ref_prec = precisions[ref];
    q->prec = precisions[p];
    q->tol = tol;
    snprintf(q->name, sizeof q->name, "%s %s vs cpu %s", b->name, precision_names[p],
             precision_names[ref]);
}

/* The pairings for this build and this machine: every backend that probes well. */
static int setup(void)
{
    size_t nb;
    const mds__backend *const *list = mds__backend_list(&nb);
    for (size_t i = 0; i < nb; i++) {
        const mds__backend *b = list[i];
        char msg[512] = "";
        if (b == &mds__backend_cpu) {
            add_pairing(b, 0, 0, same_precision);
            add_pairing(b, 0, 1, reduced_precision);
            add_pairing(b, 0, 2, reduced_precision);
        } else if (b->probe(0, msg, sizeof msg) != MDS_OK) {
            printf("test_backend_parity: backend %s SKIPPED: %s\n", b->name, msg);
        } else {
            for (size_t p = 0; p < sizeof precisions / sizeof precisions[0]; p++)
                add_pairing(b, p, p, same_precision);
        }
    }
#ifndef MDS_HAVE_CUDA
    printf("test_backend_parity: backend cuda SKIPPED: not built in (no CUDA toolkit at "
           "configure time, or -DMDS_CUDA=OFF)\n");
#endif
    return npairings == 0;
}

/* ---- inputs ------------------------------------------------------------------------------ */

static unsigned long long rng_state;

static double uniform(void) /* (0, 1) */
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return ((double)(rng_state >> 11) + 0.5) / 9007199254740992.0;
}

static double gaussian(void)
{
    return sqrt(-2.0 * log(uniform())) * cos(6.283185307179586 * uniform());
}

static void normalize(float *x, size_t d)
{
    double ss = 0;
    for (size_t k = 0; k < d; k++)
        ss += (double)x[k] * x[k];
    double inv = ss > 0 ? 1.0 / sqrt(ss) : 0.0;
    for (size_t k = 0; k < d; k++)
        x[k] = (float)(x[k] * inv);
}

/* Random unit vectors in clusters of `members` (a center plus noise), so that each row's
 * members - 1 nearest rows are its cluster mates by a wide margin; then near-duplicates
 * (a row plus tiny noise) and exact duplicates planted among them, each in the cluster of
 * the row it copies (a copy planted on a cluster's first row would give the cluster before
 * an extra member, and its rows a k-th and (k+1)-th neighbour 1e-5 apart). */
static float *make_clustered(size_t n, size_t d, size_t members, unsigned long long seed)
{
    float *X = malloc(n * d * sizeof *X);
    float *center = malloc(d * sizeof *center);
    CU_ASSERT_FATAL(X && center);
    rng_state = seed;
    for (size_t i = 0; i < n; i++) {
        if (i % members == 0) {
            for (size_t k = 0; k < d; k++)
                center[k] = (float)gaussian();
            normalize(center, d);
        }
        float *x = X + i * d;
        for (size_t k = 0; k < d; k++)
            x[k] = center[k] + (float)(0.25 * gaussian() / sqrt((double)d));
        normalize(x, d);
    }
    for (size_t i = 3; i + 1 < n; i += 97) { /* near-duplicates of the row before */
        if (i % members == 0)
            continue;
        for (size_t k = 0; k < d; k++)
            X[i * d + k] = X[(i - 1) * d + k] + (float)(1e-3 * gaussian());
        normalize(X + i * d, d);
    }
    for (size_t i = 5; i + 1 < n; i += 89) /* exact duplicates */
        if (i % members != 0)
            memcpy(X + i * d, X + (i - 1) * d, d * sizeof *X);
    free(center);
    return X;
}

/* Unit vectors of sixteen entries +-1/4: every similarity is a multiple of 1/16, computed
 * exactly in every precision and any order of summation, so ties are exact on every backend
 * and the tie rule (lower index first) decides the sparse graph. */
static float *make_exact(size_t n, size_t d, unsigned long long seed)
{
    float *X = calloc(n * d, sizeof *X);
    CU_ASSERT_FATAL(X && d >= 32);
    rng_state = seed;
    for (size_t i = 0; i < n; i++) {
        for (int t = 0; t < 16; t++) {
            size_t k;
            do
                k = (size_t)(uniform() * (double)d) % d;
            while (X[i * d + k] != 0.0f);
            X[i * d + k] = uniform() < 0.5 ? -0.25f : 0.25f;
        }
    }
    for (size_t i = 7; i + 1 < n; i += 31) /* duplicates: whole rows of ties */
        memcpy(X + i * d, X + (i - 1) * d, d * sizeof *X);
    return X;
}

static double *position_teleport(size_t n)
{
    double *t = malloc((n ? n : 1) * sizeof *t), sum = 0;
    CU_ASSERT_FATAL(t != NULL);
    for (size_t i = 0; i < n; i++)
        sum += t[i] = 1.0 / (1.0 + (double)(i % 17));
    for (size_t i = 0; i < n; i++)
        t[i] /= sum;
    return t;
}

/* ---- what rounding can change ------------------------------------------------------------ */

static int ascending(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

static int descending(const void *a, const void *b) { return ascending(b, a); }

/* A threshold at or above `want`, more than `clear` from every similarity, so that rounding
 * cannot move an edge across it (threshold mode counts edges, and one edge moves a score
 * visibly): the middle of the widest gap between similarities in a window above `want`,
 * the window widened until a gap is wide enough. (Asking for no similarity within 1e-4 of a
 * few fixed candidates never succeeds: thousands of similarities crowd every 0.01.) */
static float safe_threshold(const float *S, size_t n, float want, double clear)
{
    float *v = malloc((n ? n * n : 1) * sizeof *v);
    size_t m = 0;
    CU_ASSERT_FATAL(v != NULL);
    for (size_t k = 0; k < n * n; k++)
        if (S[k] == S[k])
            v[m++] = S[k];
    qsort(v, m, sizeof *v, ascending);
    for (double width = 0.05; width < 2.0; width *= 2) {
        double lo = want, hi = want + width, best = -1, at = lo;
        for (size_t i = 0; i <= m; i++) { /* the gap between v[i - 1] and v[i] */
            double a = i == 0 ? -INFINITY : v[i - 1], b = i == m ? INFINITY : v[i];
            double x = fmax(a, lo), y = fmin(b, hi);
            if (x > y)
                continue;
            double mid = 0.5 * (x + y), margin = fmin(mid - a, b - mid);
            if (margin > best) {
                best = margin;
                at = mid;
            }
        }
        if (best > clear) {
            free(v);
            return (float)at;
        }
    }
    free(v);
    CU_FAIL("no safe threshold");
    return want;
}

/* How many edges rounding (`clear` either way) could add or remove: per row, the kept edges
 * (at most k) of those sure to be edges against those that might be. 0: the count is
 * certain. S: the reference's similarities. */
static size_t edges_uncertain(const float *S, size_t n, float thr, size_t k, double clear)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        size_t sure = 0, maybe = 0;
        for (size_t j = 0; j < n; j++) {
            float v = S[i * n + j];
            if (j == i || v != v)
                continue;
            sure += v >= thr + clear && v > clear;
            maybe += v >= thr - clear && v > -clear;
        }
        total += (maybe < k ? maybe : k) - (sure < k ? sure : k);
    }
    return total;
}

/* The smallest margin, over the rows with more than k edges, between the k-th heaviest edge
 * and the next (infinity where there is none): below the rounding of S, two backends may keep
 * different edges. S: the reference's similarities. */
static double boundary_gap(const float *S, size_t n, float thr, size_t k)
{
    float *row = malloc((n ? n : 1) * sizeof *row);
    double gap = INFINITY;
    CU_ASSERT_FATAL(row != NULL);
    for (size_t i = 0; i < n; i++) {
        size_t m = 0;
        for (size_t j = 0; j < n; j++)
            if (j != i && mds__is_edge(S[i * n + j], thr))
                row[m++] = S[i * n + j];
        if (k == 0 || m <= k)
            continue;
        qsort(row, m, sizeof *row, descending);
        gap = fmin(gap, (double)row[k - 1] - (double)row[k]);
    }
    free(row);
    return gap;
}

/* The walk on the kept edges alone (no rest), on the CPU's sparse graph of S. */
static void kept_only_scores(const float *S, size_t n, const mds__graph_opts *go,
                             const double *teleport, double *out)
{
    mds__graph g;
    CU_ASSERT_EQUAL_FATAL(mds__graph_init(&g, n, mds__graph_neighbors(n, go->neighbors)),
                          MDS_OK);
    mds__graph_add_tile(&g, S, 0, n, go->threshold, go->mode == MDS_LEXRANK_THRESHOLD);
    mds__lexrank_opts lo = {go->mode, go->threshold, 0.85, RANK_TOL, 2000};
    CU_ASSERT_EQUAL(mds__lexrank_sparse(&g, &lo, 1, teleport, out, NULL), MDS_OK);
    mds__graph_free(&g);
}

/* ---- the comparisons --------------------------------------------------------------------- */

/* The reference session (the CPU) and the one under test, over the same input. */
typedef struct pair {
    const pairing *q;
    mds__sim *ref, *sub;
    double clear; /* how far a similarity must be from a threshold (or from another one) for
                     both sides to put it on the same side: each may move it by tol.rows */
} pair;

static void open_pair(const pairing *q, const float *X, size_t n, size_t d, pair *p)
{
    char msg[256] = "";
    p->q = q;
    p->clear = 2 * q->tol.rows;
    p->ref = p->sub = NULL;
    CU_ASSERT_EQUAL_FATAL(
        mds__backend_cpu.open(0, X, n, d, q->ref_prec, &p->ref, msg, sizeof msg), MDS_OK);
    mds_status st = q->b->open(0, X, n, d, q->prec, &p->sub, msg, sizeof msg);
    if (st != MDS_OK)
        fprintf(stderr, "%s: open: %s\n", q->name, msg);
    CU_ASSERT_EQUAL_FATAL(st, MDS_OK);
}

static void close_pair(pair *p)
{
    mds__backend_cpu.close(p->ref);
    p->q->b->close(p->sub);
}

/* The largest difference between rows of S (NaN on one side only: infinitely apart). */
static double rows_apart(const float *a, const float *b, size_t count, double worst)
{
    for (size_t k = 0; k < count; k++)
        worst = isnan(a[k]) != isnan(b[k]) ? INFINITY : fmax(worst, fabs((double)a[k] - b[k]));
    return worst;
}

/* The largest difference between scores, relative to the reference's (at least 1). */
static double scores_apart(const double *a, const double *c, size_t n)
{
    double worst = 0;
    for (size_t i = 0; i < n; i++)
        worst = fmax(worst, fabs(a[i] - c[i]) / fmax(1.0, fabs(a[i])));
    return worst;
}

/* All of S, a tile in the middle at an odd offset, the last row alone (as selection asks),
 * and the dense matrix where the session hands one out. */
static void check_rows(pair *p, size_t n, const char *what)
{
    const mds__backend *b = p->q->b;
    float *A = malloc((n ? n * n : 1) * sizeof *A), *B = malloc((n ? n * n : 1) * sizeof *B);
    char msg[256] = "";
    CU_ASSERT_FATAL(A && B);
    CU_ASSERT_EQUAL(mds__backend_cpu.rows(p->ref, 0, n, A, msg, sizeof msg), MDS_OK);
    CU_ASSERT_EQUAL(b->rows(p->sub, 0, n, B, msg, sizeof msg), MDS_OK);
    double worst = rows_apart(A, B, n * n, 0);
    size_t row0 = n / 3, rows = n / 4 + 1;
    CU_ASSERT_EQUAL(b->rows(p->sub, row0, rows, B, msg, sizeof msg), MDS_OK);
    worst = rows_apart(A + row0 * n, B, rows * n, worst);
    CU_ASSERT_EQUAL(b->rows(p->sub, n - 1, 1, B, msg, sizeof msg), MDS_OK);
    worst = rows_apart(A + (n - 1) * n, B, n, worst);
    const float *M = b->matrix ? b->matrix(p->sub) : NULL;
    if (M)
        worst = rows_apart(A, M, n * n, worst);
    if (worst > p->q->tol.rows)
        fprintf(stderr, "%s: rows differ by %g\n", what, worst);
    CU_ASSERT(worst <= p->q->tol.rows);
    free(A);
    free(B);
}

/* Builds the graph on both sides, ranks, compares. S: the reference's similarities, for the
 * edge counts and the rest of a sparse walk; exact: every similarity is computed exactly on
 * both sides. scores_out (n, may be NULL) gets the scores under test. */
static void check_rank(pair *p, size_t n, const mds__graph_opts *go, const double *teleport,
                       const float *S, int exact, const char *what, double *scores_out)
{
    const mds__backend *b = p->q->b;
    const tolerance *tol = &p->q->tol;
    char msg[256] = "";
    double *a = malloc((n ? n : 1) * sizeof *a), *c = malloc((n ? n : 1) * sizeof *c);
    CU_ASSERT_FATAL(a && c);
    mds__rank_opts ro = {0.85, RANK_TOL, 2000};
    int ia = 0, ic = 0;
    CU_ASSERT_EQUAL_FATAL(mds__backend_cpu.graph(p->ref, go, msg, sizeof msg), MDS_OK);
    mds_status st = b->graph(p->sub, go, msg, sizeof msg);
    if (st != MDS_OK)
        fprintf(stderr, "%s: graph: %s\n", what, msg);
    CU_ASSERT_EQUAL_FATAL(st, MDS_OK);
    /* a sparse graph holds no dense matrix */
    if (go->neighbors > 0 && b->matrix)
        CU_ASSERT_PTR_NULL(b->matrix(p->sub));
    CU_ASSERT_EQUAL(mds__backend_cpu.rank(p->ref, &ro, teleport, a, &ia, msg, sizeof msg),
                    MDS_OK);
    st = b->rank(p->sub, &ro, teleport, c, &ic, msg, sizeof msg);
    if (st != MDS_OK)
        fprintf(stderr, "%s: rank: %s\n", what, msg);
    CU_ASSERT_EQUAL_FATAL(st, MDS_OK);

    double worst = scores_apart(a, c, n), sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += c[i];
    if (worst > tol->score)
        fprintf(stderr, "%s: scores differ by %g (relative)\n", what, worst);
    CU_ASSERT(worst <= tol->score);
    CU_ASSERT(fabs(sum - (double)n) < 1e-6 * (double)n); /* mean 1 */
    CU_ASSERT(abs(ia - ic) <= 1);
    CU_ASSERT(ic > 0 && ic < 2000);

    /* The order of the top ten where the reference's scores are clearly apart. */
    size_t top[10], ntop = n < 10 ? n : 10;
    for (size_t t = 0; t < ntop; t++) {
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < n; i++) {
            int taken = 0;
            for (size_t u = 0; u < t; u++)
                taken |= top[u] == i;
            if (!taken && (best == SIZE_MAX || a[i] > a[best]))
                best = i;
        }
        top[t] = best;
    }
    for (size_t t = 1; t < ntop; t++)
        if (a[top[t - 1]] - a[top[t]] > 10 * tol->score * a[top[t - 1]])
            CU_ASSERT(c[top[t - 1]] > c[top[t]]);

    mds__sim_stats sa, sc;
    mds__backend_cpu.stats(p->ref, &sa);
    b->stats(p->sub, &sc);
    CU_ASSERT(sc.device[0] != '\0');
    CU_ASSERT(sc.gram_flops > 0);
    if (b != &mds__backend_cpu) /* a device's memory; the CPU's is the host's, not counted */
        CU_ASSERT(sc.device_bytes > 0);
    /* Edge counts differ by no more than the edges within rounding of the threshold or of 0
     * could make; where none is, not at all. */
    size_t k = go->neighbors == 0 ? n : mds__graph_neighbors(n, go->neighbors);
    size_t slack = exact ? 0 : edges_uncertain(S, n, go->threshold, k, p->clear);
    if (sa.edges > sc.edges + slack || sc.edges > sa.edges + slack)
        fprintf(stderr, "%s: edges %zu, reference %zu (%zu uncertain)\n", what, sc.edges,
                sa.edges, slack);
    CU_ASSERT(sa.edges <= sc.edges + slack && sc.edges <= sa.edges + slack);
    /* A sparse graph that drops edges: the walk spreads their weight (the rest, src/compute/
     * lexrank.c). Where that matters far beyond the tolerance, the parity above shows the walk
     * under test has the rest too; at one precision the inputs and thresholds are chosen so
     * that it always matters (checked). Against FP32 the safe thresholds are higher, and a
     * thresholded row keeps all its edges. */
    if (go->neighbors > 0 && go->neighbors + 1 < n && n > 16) {
        double *kept = malloc(n * sizeof *kept), apart = 0, sub_apart = 0;
        CU_ASSERT_FATAL(kept != NULL);
        kept_only_scores(S, n, go, teleport, kept);
        for (size_t i = 0; i < n; i++) {
            apart = fmax(apart, fabs(a[i] - kept[i]));
            sub_apart = fmax(sub_apart, fabs(c[i] - kept[i]));
        }
        if (p->q->prec == p->q->ref_prec)
            CU_ASSERT(apart > 100 * tol->score);
        if (apart > 100 * tol->score && sub_apart <= 10 * tol->score)
            fprintf(stderr, "%s: the sparse walk has no rest\n", what);
        if (apart > 100 * tol->score)
            CU_ASSERT(sub_apart > 10 * tol->score);
        free(kept);
    }
    if (scores_out)
        memcpy(scores_out, c, n * sizeof *c);
    free(a);
    free(c);
}

/* Whether both sides must keep the same edges of a sparse graph: exact ties, or a margin at
 * the k-th edge above what rounding moves. At one precision the inputs are built so (where
 * `built_so`, checked); against FP32 the rounding is coarser and a case may fall below it:
 * then it is left out. */
static int same_edges_kept(const pair *p, const float *S, size_t n, const mds__graph_opts *go,
                           int exact, int built_so, const char *what)
{
    if (exact)
        return 1;
    double gap = boundary_gap(S, n, go->threshold, mds__graph_neighbors(n, go->neighbors));
    if (gap > p->clear)
        return 1;
    if (built_so && p->q->prec == p->q->ref_prec) {
        fprintf(stderr, "%s: the input has a k-th edge only %g clear of the next\n", what, gap);
        CU_FAIL("an input without a clear k-th edge");
    }
    return 0;
}

/* The graphs every input is built into, in this order, on both sides. */
#define ALL SIZE_MAX /* neighbours: n + 5, every edge kept, as many as the CUDA top-k allows */
typedef struct graph_case {
    const char *name;
    mds_lexrank_mode mode;
    int thresholded;  /* at the input's safe threshold, else 0 */
    size_t neighbors; /* 0: dense */
    size_t tile_rows;
    int teleport;     /* the position prior, else uniform */
    int built_so;     /* sparse: the inputs are built so that both sides keep the same edges
                         (checked), else compared only where they do */
    int rows_after;   /* rows() and matrix() checked again afterwards */
} graph_case;

static const graph_case graph_cases[] = {
    /* the dense graph kept by the session: rows() and matrix() read it */
    {"dense continuous", MDS_LEXRANK_CONTINUOUS, 0, 0, 64, 0, 0, 1},
    {"dense continuous, thresholded", MDS_LEXRANK_CONTINUOUS, 1, 0, 64, 1, 0, 0},
    {"dense threshold", MDS_LEXRANK_THRESHOLD, 1, 0, 64, 1, 0, 0},
    /* k = 8, by odd tiles: the 8 nearest rows are cluster mates by a wide margin (clustered
     * input) or decided by exact ties (exact input); rows() computed again, no dense S */
    {"sparse k=8", MDS_LEXRANK_CONTINUOUS, 0, 8, 37, 0, 1, 1},
    {"sparse k=8 continuous, thresholded", MDS_LEXRANK_CONTINUOUS, 1, 8, 37, 1, 1, 0},
    {"sparse k=8 threshold", MDS_LEXRANK_THRESHOLD, 1, 8, 37, 1, 1, 0},
    /* k = 1, the fewest: nearly all of each row's weight is rest. Cluster mates are close
     * together, so only where the nearest is clear of the next (or ties exact). */
    {"sparse k=1", MDS_LEXRANK_CONTINUOUS, 0, 1, 64, 1, 0, 0},
    /* k >= n - 1 keeps every edge: the scores of the first, dense graph again */
    {"sparse k>=n-1", MDS_LEXRANK_CONTINUOUS, 0, ALL, 0, 0, 0, 0},
};

/* Every check on one input, for every pairing (or only those of the backends other than the
 * CPU) and every graph. */
static void check_input(const float *X, size_t n, size_t d, int exact, int devices_only,
                        const char *name)
{
    double *teleport = position_teleport(n);
    double *dense = malloc(n * sizeof *dense), *scores = malloc(n * sizeof *scores);
    float *S = malloc(n * n * sizeof *S);
    CU_ASSERT_FATAL(dense && scores && S);
    for (size_t pi = 0; pi < npairings; pi++) {
        const pairing *q = &pairings[pi];
        if (devices_only && q->b == &mds__backend_cpu)
            continue;
        char what[200], msg[256];
        pair p;
        open_pair(q, X, n, d, &p);
        snprintf(what, sizeof what, "%s, %s", name, q->name);
        check_rows(&p, n, what);
        CU_ASSERT_EQUAL(mds__backend_cpu.rows(p.ref, 0, n, S, msg, sizeof msg), MDS_OK);
        float thr = exact ? 0.2f : safe_threshold(S, n, 0.1f, p.clear);
        for (size_t gi = 0; gi < sizeof graph_cases / sizeof graph_cases[0]; gi++) {
            const graph_case *g = &graph_cases[gi];
            mds__graph_opts go = {g->mode, g->thresholded ? thr : 0.0f, g->neighbors,
                                  g->tile_rows, MDS__GRAM_AUTO, 0};
            if (g->neighbors == ALL) {
                if (n - 1 > 256)
                    continue;
                go.neighbors = n + 5;
            }
            snprintf(what, sizeof what, "%s, %s, %s", name, q->name, g->name);
            if (go.threshold > 0)
                snprintf(what + strlen(what), sizeof what - strlen(what), " %g", (double)thr);
            if (go.neighbors > 0 && !same_edges_kept(&p, S, n, &go, exact, g->built_so, what))
                continue;
            check_rank(&p, n, &go, g->teleport ? teleport : NULL, S, exact, what,
                       gi == 0 ? dense : scores);
            if (g->rows_after)
                check_rows(&p, n, what);
            if (g->neighbors == ALL)
                CU_ASSERT(scores_apart(dense, scores, n) <= q->tol.score);
        }
        close_pair(&p);
    }
    free(S);
    free(dense);
    free(scores);
    free(teleport);
}

/* ---- the tests --------------------------------------------------------------------------- */

static void test_clustered(void)
{
    float *X = make_clustered(243, 128, 9, 0x9e3779b97f4a7c15ull);
    check_input(X, 243, 128, 0, 0, "clustered 243x128");
    free(X);
}

static void test_exact_ties(void)
{
    float *X = make_exact(300, 64, 77);
    check_input(X, 300, 64, 1, 0, "exact ties 300x64");
    free(X);
}

/* Rows with no edge at all, on exact input: one orthogonal to every other (similarities
 * exactly 0, never an edge), one holding a NaN (NaN in all its row and column of S, never an
 * edge either, so every other row has a NaN the top-k must skip). Dangling sentences on both
 * sides, in every mode and precision. */
static void test_isolated_and_nan(void)
{
    const size_t n = 100, d0 = 64, d = 80;
    float *E = make_exact(n, d0, 91), *X = calloc(n * d, sizeof *X);
    CU_ASSERT_FATAL(X != NULL);
    for (size_t i = 0; i < n; i++)
        memcpy(X + i * d, E + i * d0, d0 * sizeof *X);
    memset(X + 20 * d, 0, d * sizeof *X);
    X[20 * d + 70] = 1.0f; /* a coordinate no other row uses */
    X[41 * d + 3] = NAN;
    check_input(X, n, d, 1, 0, "isolated and NaN rows 100x80");
    free(E);
    free(X);
}

static void test_tiny(void)
{
    for (size_t n = 1; n <= 4; n++) {
        float *X = make_clustered(n, 32, 2, n);
        char name[32];
        snprintf(name, sizeof name, "tiny %zux32", n);
        check_input(X, n, 32, 0, 0, name);
        free(X);
    }
}

static void test_clustered_large(void)
{
    /* More than one top-k pass of bins, many tiles, k at the CUDA backend's limit: every
     * check for the other backends; for the CPU against itself only k = 256 (the smaller
     * inputs show all the rest would, at ten times their cost under the sanitizers). */
    const size_t n = 2000, d = 256;
    float *X = make_clustered(n, d, 9, 12345);
    check_input(X, n, d, 0, 1, "clustered 2000x256");
    double *a = malloc(n * sizeof *a), *c = malloc(n * sizeof *c);
    CU_ASSERT_FATAL(a && c);
    for (size_t pi = 0; pi < npairings; pi++) {
        const pairing *q = &pairings[pi];
        if (q->prec != q->ref_prec)
            continue;
        pair p;
        open_pair(q, X, n, d, &p);
        mds__graph_opts go = {MDS_LEXRANK_CONTINUOUS, 0.0f, 256, 300, MDS__GRAM_AUTO, 0};
        /* Past the ninth neighbour the order is noise-close: scores only, loosely. */
        char msg[256];
        mds__rank_opts ro = {0.85, RANK_TOL, 2000};
        CU_ASSERT_EQUAL(mds__backend_cpu.graph(p.ref, &go, msg, sizeof msg), MDS_OK);
        CU_ASSERT_EQUAL(q->b->graph(p.sub, &go, msg, sizeof msg), MDS_OK);
        CU_ASSERT_EQUAL(mds__backend_cpu.rank(p.ref, &ro, NULL, a, NULL, msg, sizeof msg),
                        MDS_OK);
        CU_ASSERT_EQUAL(q->b->rank(p.sub, &ro, NULL, c, NULL, msg, sizeof msg), MDS_OK);
        double worst = 0;
        for (size_t i = 0; i < n; i++)
            worst = fmax(worst, fabs(a[i] - c[i]));
        CU_ASSERT(worst < 1e-2);
        mds__sim_stats sc;
        q->b->stats(p.sub, &sc);
        CU_ASSERT_EQUAL(sc.edges, n * 256);
        close_pair(&p);
    }
    free(a);
    free(c);
    free(X);
}

/* Misuse is a status, and a session survives it; NULL closes as a no-op. */
static void test_errors(void)
{
    const mds__backend *done[8];
    size_t ndone = 0;
    float *X = make_clustered(300, 64, 10, 5);
    for (size_t pi = 0; pi < npairings; pi++) {
        const mds__backend *b = pairings[pi].b;
        int seen = 0;
        for (size_t i = 0; i < ndone; i++)
            seen |= done[i] == b;
        if (seen)
            continue;
        done[ndone++] = b;

        char msg[256] = "";
        /* a device it does not have (the CPU has one, whatever the number) */
        if (b != &mds__backend_cpu) {
            CU_ASSERT_EQUAL(b->probe(4096, msg, sizeof msg), MDS_EBACKEND);
            CU_ASSERT(strstr(msg, "4096") != NULL);
        }
        b->close(NULL);

        mds__sim *s = NULL;
        CU_ASSERT_EQUAL_FATAL(b->open(0, X, 300, 64, MDS_PRECISION_FP32, &s, msg, sizeof msg),
                              MDS_OK);
        double scores[300];
        float row[300];
        mds__rank_opts ro = {0.85, 1e-6, 100};
        CU_ASSERT_EQUAL(b->rank(s, &ro, NULL, scores, NULL, msg, sizeof msg), MDS_EINTERNAL);
        CU_ASSERT_EQUAL(b->rows(s, 299, 2, row, msg, sizeof msg), MDS_EINTERNAL);
        CU_ASSERT(strstr(msg, "rows") != NULL);
        mds__graph_opts go = {MDS_LEXRANK_CONTINUOUS, 0.0f, 9, 100, MDS__GRAM_AUTO, 0};
        CU_ASSERT_EQUAL(b->graph(s, &go, msg, sizeof msg), MDS_OK);
        /* More neighbours than a backend keeps (the CUDA top-k: 256) are its limit: then
         * MDS_EBACKEND (the pipeline redoes the work on the CPU), and the old graph is gone,
         * as on the CPU. */
        go.neighbors = 257;
        mds_status st = b->graph(s, &go, msg, sizeof msg);
        CU_ASSERT(st == MDS_OK || st == MDS_EBACKEND);
        if (st == MDS_EBACKEND) {
            CU_ASSERT(strstr(msg, "neighbors") != NULL);
            CU_ASSERT_EQUAL(b->rank(s, &ro, NULL, scores, NULL, msg, sizeof msg),
                            MDS_EINTERNAL);
        }
        /* The session still works after a refused request. */
        go.neighbors = 9;
        CU_ASSERT_EQUAL(b->graph(s, &go, msg, sizeof msg), MDS_OK);
        CU_ASSERT_EQUAL(b->rank(s, &ro, NULL, scores, NULL, msg, sizeof msg), MDS_OK);
        b->close(s);
    }
    free(X);
}

/* A backend wrong by a little, the CPU's table with two members replaced: its rows are off
 * by 1e-4 in one entry, its scores by 2e-3 in one sentence. The measures must see both. */
static mds_status skewed_rows(mds__sim *s, size_t row0, size_t rows, float *S, char *msg,
                              size_t msg_size)
{
    mds_status st = mds__backend_cpu.rows(s, row0, rows, S, msg, msg_size);
    if (!st && rows)
        S[0] += 1e-4f;
    return st;
}

static mds_status skewed_rank(mds__sim *s, const mds__rank_opts *o, const double *teleport,
                              double *scores, int *iterations, char *msg, size_t msg_size)
{
    mds_status st = mds__backend_cpu.rank(s, o, teleport, scores, iterations, msg, msg_size);
    scores[0] *= 1.002;
    return st;
}

static void test_detects_skew(void)
{
    mds__backend skewed = mds__backend_cpu;
    skewed.rows = skewed_rows;
    skewed.rank = skewed_rank;
    const size_t n = 50, d = 32;
    float *X = make_clustered(n, d, 5, 3);
    float A[50 * 50], B[50 * 50];
    double a[50], c[50];
    char msg[256];
    mds__sim *ref = NULL, *sub = NULL;
    CU_ASSERT_EQUAL_FATAL(mds__backend_cpu.open(0, X, n, d, MDS_PRECISION_FP32, &ref, msg,
                                                sizeof msg), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(skewed.open(0, X, n, d, MDS_PRECISION_FP32, &sub, msg, sizeof msg),
                          MDS_OK);
    CU_ASSERT_EQUAL(mds__backend_cpu.rows(ref, 0, n, A, msg, sizeof msg), MDS_OK);
    CU_ASSERT_EQUAL(skewed.rows(sub, 0, n, B, msg, sizeof msg), MDS_OK);
    CU_ASSERT(rows_apart(A, B, n * n, 0) > same_precision.rows);
    mds__graph_opts go = {MDS_LEXRANK_CONTINUOUS, 0.0f, 0, 64, MDS__GRAM_AUTO, 0};
    mds__rank_opts ro = {0.85, RANK_TOL, 2000};
    CU_ASSERT_EQUAL(mds__backend_cpu.graph(ref, &go, msg, sizeof msg), MDS_OK);
    CU_ASSERT_EQUAL(skewed.graph(sub, &go, msg, sizeof msg), MDS_OK);
    CU_ASSERT_EQUAL(mds__backend_cpu.rank(ref, &ro, NULL, a, NULL, msg, sizeof msg), MDS_OK);
    CU_ASSERT_EQUAL(skewed.rank(sub, &ro, NULL, c, NULL, msg, sizeof msg), MDS_OK);
    CU_ASSERT(scores_apart(a, c, n) > reduced_precision.score);
    /* and the unskewed session agrees to the last bit with a second one */
    CU_ASSERT_EQUAL(mds__backend_cpu.rank(sub, &ro, NULL, c, NULL, msg, sizeof msg), MDS_OK);
    CU_ASSERT_EQUAL(scores_apart(a, c, n), 0.0);
    mds__backend_cpu.close(ref);
    skewed.close(sub);
    free(X);
}

/* One summary of the cluster on backend b (the CPU through its own request, any other
 * through the test override) at a precision: the only place this file sets parameters. */
static mds_status summarize_on(mds_ctx *ctx, const mds_cluster *c, const mds__backend *b,
                               mds_precision precision, mds_result **out)
{
    mds_params *p = NULL;
    mds_status st = mds_params_new(&p);
    if (!st)
        st = mds_params_set_int(p, MDS_PARAM_PRECISION, precision);
    if (!st)
        st = mds_params_set_int(p, MDS_PARAM_BACKEND, b ? MDS_BACKEND_AUTO : MDS_BACKEND_CPU);
    mds__backend_override(b);
    if (!st)
        st = mds_summarize(ctx, c, p, out);
    mds__backend_override(NULL);
    mds_params_free(p);
    return st;
}

/* The whole pipeline on the example: the same sentences, the same scores, at one precision
 * on both sides (at another one, the selection may differ by design). */
static void test_summarize_example(void)
{
    mds_ctx *ctx = NULL;
    mds_cluster *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_ctx_new(&ctx), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_add_dir(c, EXAMPLE), MDS_OK);
    for (size_t pi = 0; pi < npairings; pi++) {
        const pairing *q = &pairings[pi];
        if (q->prec != q->ref_prec)
            continue;
        mds_result *a = NULL, *b = NULL;
        CU_ASSERT_EQUAL_FATAL(summarize_on(ctx, c, NULL, q->prec, &a), MDS_OK);
        mds_status st = summarize_on(ctx, c, q->b, q->prec, &b);
        if (st != MDS_OK)
            fprintf(stderr, "%s: summarize: %s\n", q->name, mds_errmsg(ctx));
        CU_ASSERT_EQUAL_FATAL(st, MDS_OK);
        mds_stats sa, sb;
        mds_result_stats(a, &sa);
        mds_result_stats(b, &sb);
        CU_ASSERT_STRING_EQUAL(sa.backend, "cpu");
        CU_ASSERT_STRING_EQUAL(sb.backend, q->b->name);
        CU_ASSERT_PTR_NULL(sb.warning); /* no fallback to the CPU happened */
        CU_ASSERT_EQUAL(mds_result_count(a), mds_result_count(b));
        for (size_t i = 0; i < mds_result_count(a) && i < mds_result_count(b); i++) {
            const mds_sentence *x = mds_result_sentence(a, i), *y = mds_result_sentence(b, i);
            CU_ASSERT_EQUAL(x->doc_index, y->doc_index);
            CU_ASSERT_EQUAL(x->offset, y->offset);
            CU_ASSERT_EQUAL(x->length, y->length);
            CU_ASSERT(fabs(x->score - y->score) <= q->tol.score * fmax(1.0, x->score));
        }
        mds_result_free(a);
        mds_result_free(b);
    }
    mds_cluster_free(c);
    mds_ctx_free(ctx);
}

static CU_TestInfo tests[] = {
    {"clustered unit vectors, near-duplicates", test_clustered},
    {"exact ties", test_exact_ties},
    {"a sentence with no edge, a NaN row", test_isolated_and_nan},
    {"tiny clusters (1 to 4 sentences)", test_tiny},
    {"larger input, k = 256, many tiles", test_clustered_large},
    {"errors are statuses, sessions survive them", test_errors},
    {"summary of the example", test_summarize_example},
    {"a backend wrong by a little is caught", test_detects_skew},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("backend_parity", tests, setup, NULL); }
