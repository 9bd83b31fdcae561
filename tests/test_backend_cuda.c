/* Parity of the CUDA backend with the CPU backend (the reference): the same rows of S, the
 * same graphs and the same LexRank scores within a stated tolerance, for each precision, on
 * dense and sparse graphs; and the same summary of the example cluster. Where the CUDA backend
 * is not built or no usable device is present, the test says SKIPPED and passes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compute/backend.h"
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

#define EXAMPLE MDS_SOURCE_DIR "/examples/putin-north-korea"

/* Rows of S: both backends multiply the same (rounded) inputs with FP32 accumulation; only
 * the order of the sums differs. */
#define ROWS_TOL 1e-5
/* How far a similarity must be from a threshold (or from another similarity) for both
 * backends to put it on the same side: each may move it by ROWS_TOL. */
#define CLEAR (2 * ROWS_TOL)
/* Scores (mean 1): the power iteration runs to RANK_TOL in L1, in double on both sides. */
#define SCORE_TOL 1e-4
#define RANK_TOL 1e-9

static const mds_precision precisions[] = {MDS_PRECISION_FP32, MDS_PRECISION_TF32,
                                           MDS_PRECISION_FP16};
static const char *const precision_names[] = {"fp32", "tf32", "fp16"};

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
 * exactly in every precision and any order of summation, so ties are exact on both backends
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

static int ascending(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

/* A threshold at or above `want`, more than CLEAR from every similarity, so that rounding
 * cannot move an edge across it (threshold mode counts edges, and one edge moves a score
 * visibly): the middle of the widest gap between similarities in a window above `want`,
 * the window widened until a gap is wide enough. (Asking for no similarity within 1e-4 of a
 * few fixed candidates never succeeds: thousands of similarities crowd every 0.01.) */
static float safe_threshold(const float *S, size_t n, float want)
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
        if (best > CLEAR) {
            free(v);
            return (float)at;
        }
    }
    free(v);
    CU_FAIL("no safe threshold");
    return want;
}

typedef struct pair {
    mds__sim *cpu, *gpu;
} pair;

static void open_pair(const float *X, size_t n, size_t d, mds_precision prec, pair *p)
{
    char msg[256] = "";
    p->cpu = p->gpu = NULL;
    CU_ASSERT_EQUAL_FATAL(mds__backend_cpu.open(0, X, n, d, prec, &p->cpu, msg, sizeof msg),
                          MDS_OK);
    mds_status st = mds__backend_cuda.open(0, X, n, d, prec, &p->gpu, msg, sizeof msg);
    if (st != MDS_OK)
        fprintf(stderr, "cuda open: %s\n", msg);
    CU_ASSERT_EQUAL_FATAL(st, MDS_OK);
}

static void close_pair(pair *p)
{
    mds__backend_cpu.close(p->cpu);
    mds__backend_cuda.close(p->gpu);
}

static void check_rows(pair *p, size_t n, const char *what)
{
    float *A = malloc(n * n * sizeof *A), *B = malloc(n * n * sizeof *B);
    char msg[256] = "";
    CU_ASSERT_FATAL(A && B);
    CU_ASSERT_EQUAL(mds__backend_cpu.rows(p->cpu, 0, n, A, msg, sizeof msg), MDS_OK);
    CU_ASSERT_EQUAL(mds__backend_cuda.rows(p->gpu, 0, n, B, msg, sizeof msg), MDS_OK);
    double worst = 0;
    for (size_t k = 0; k < n * n; k++) /* NaN on one side only: infinitely apart */
        worst = isnan(A[k]) != isnan(B[k]) ? INFINITY : fmax(worst, fabs((double)A[k] - B[k]));
    /* A tile in the middle, at an odd offset; then the last row alone, as selection asks. */
    size_t row0 = n / 3, rows = n / 4 + 1;
    CU_ASSERT_EQUAL(mds__backend_cuda.rows(p->gpu, row0, rows, B, msg, sizeof msg), MDS_OK);
    for (size_t k = 0; k < rows * n; k++)
        worst = isnan(A[row0 * n + k]) != isnan(B[k])
                    ? INFINITY
                    : fmax(worst, fabs((double)A[row0 * n + k] - B[k]));
    CU_ASSERT_EQUAL(mds__backend_cuda.rows(p->gpu, n - 1, 1, B, msg, sizeof msg), MDS_OK);
    for (size_t k = 0; k < n; k++)
        worst = isnan(A[(n - 1) * n + k]) != isnan(B[k])
                    ? INFINITY
                    : fmax(worst, fabs((double)A[(n - 1) * n + k] - B[k]));
    if (worst > ROWS_TOL)
        fprintf(stderr, "%s: rows differ by %g\n", what, worst);
    CU_ASSERT(worst <= ROWS_TOL);
    free(A);
    free(B);
}

/* Whether rounding (CLEAR either way) cannot change how many edges the graph has: in every
 * row, the edges sure to be edges and those that might be give the same count of kept ones
 * (at most k). S: the CPU's similarities. */
static int edges_certain(const float *S, size_t n, float thr, size_t k)
{
    for (size_t i = 0; i < n; i++) {
        size_t sure = 0, maybe = 0;
        for (size_t j = 0; j < n; j++) {
            float v = S[i * n + j];
            if (j == i || v != v)
                continue;
            sure += v >= thr + CLEAR && v > CLEAR;
            maybe += v >= thr - CLEAR && v > -CLEAR;
        }
        if ((sure < k ? sure : k) != (maybe < k ? maybe : k))
            return 0;
    }
    return 1;
}

static int desc(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* The smallest margin, over the rows with more than k edges, between the k-th heaviest edge
 * and the next (infinity where there is none): below the rounding of S, the two backends
 * may keep different edges. S: the CPU's similarities. */
static double boundary_gap(const float *S, size_t n, float thr, size_t k)
{
    float *row = malloc((n ? n : 1) * sizeof *row);
    double gap = INFINITY;
    CU_ASSERT_FATAL(row != NULL);
    for (size_t i = 0; i < n; i++) {
        size_t m = 0;
        for (size_t j = 0; j < n; j++) {
            float v = S[i * n + j];
            if (j != i && v >= thr && v > 0.0f)
                row[m++] = v;
        }
        if (k == 0 || m <= k)
            continue;
        qsort(row, m, sizeof *row, desc);
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
    size_t k = go->neighbors < n ? go->neighbors : n - 1;
    CU_ASSERT_EQUAL_FATAL(mds__graph_init(&g, n, k), MDS_OK);
    mds__graph_add_tile(&g, S, 0, n, go->threshold, go->mode == MDS_LEXRANK_THRESHOLD);
    mds__lexrank_opts lo = {go->mode, go->threshold, 0.85, RANK_TOL, 2000};
    CU_ASSERT_EQUAL(mds__lexrank_sparse(&g, &lo, 1, teleport, out, NULL), MDS_OK);
    mds__graph_free(&g);
}

/* Builds the graph on both backends, ranks, compares. S (may be NULL): the CPU's
 * similarities, for the edge counts and the rest of a sparse walk; exact: every similarity is
 * computed exactly on both sides. scores_out (n, may be NULL) gets the CUDA scores. */
static void check_rank(pair *p, size_t n, const mds__graph_opts *go, const double *teleport,
                       const float *S, int exact, const char *what, double *scores_out)
{
    char msg[256] = "";
    double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    CU_ASSERT_FATAL(a && b);
    mds__rank_opts ro = {0.85, RANK_TOL, 2000};
    int ia = 0, ib = 0;
    CU_ASSERT_EQUAL_FATAL(mds__backend_cpu.graph(p->cpu, go, msg, sizeof msg), MDS_OK);
    mds_status st = mds__backend_cuda.graph(p->gpu, go, msg, sizeof msg);
    if (st != MDS_OK)
        fprintf(stderr, "%s: cuda graph: %s\n", what, msg);
    CU_ASSERT_EQUAL_FATAL(st, MDS_OK);
    CU_ASSERT_EQUAL(mds__backend_cpu.rank(p->cpu, &ro, teleport, a, &ia, msg, sizeof msg),
                    MDS_OK);
    st = mds__backend_cuda.rank(p->gpu, &ro, teleport, b, &ib, msg, sizeof msg);
    if (st != MDS_OK)
        fprintf(stderr, "%s: cuda rank: %s\n", what, msg);
    CU_ASSERT_EQUAL_FATAL(st, MDS_OK);

    double worst = 0, sum = 0;
    for (size_t i = 0; i < n; i++) {
        worst = fmax(worst, fabs(a[i] - b[i]) / fmax(1.0, fabs(a[i])));
        sum += b[i];
    }
    if (worst > SCORE_TOL)
        fprintf(stderr, "%s: scores differ by %g (relative)\n", what, worst);
    CU_ASSERT(worst <= SCORE_TOL);
    CU_ASSERT(fabs(sum - (double)n) < 1e-6 * (double)n); /* mean 1 */
    CU_ASSERT(abs(ia - ib) <= 1);
    CU_ASSERT(ib > 0 && ib < 2000);

    /* The order of the top ten where the CPU's scores are clearly apart. */
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
        if (a[top[t - 1]] - a[top[t]] > 1e-3 * a[top[t - 1]])
            CU_ASSERT(b[top[t - 1]] > b[top[t]]);

    mds__sim_stats sa, sb;
    mds__backend_cpu.stats(p->cpu, &sa);
    mds__backend_cuda.stats(p->gpu, &sb);
    CU_ASSERT(sb.device[0] != '\0');
    CU_ASSERT(sb.device_bytes > 0);
    CU_ASSERT(sb.gram_flops > 0);
    /* Edge counts agree unless an edge sits within rounding of the threshold or of 0; where
     * none does, exactly. */
    if (sa.edges != sb.edges)
        fprintf(stderr, "%s: edges cpu %zu, cuda %zu\n", what, sa.edges, sb.edges);
    CU_ASSERT(sa.edges + sa.edges / 1000 + 2 >= sb.edges &&
              sb.edges + sb.edges / 1000 + 2 >= sa.edges);
    size_t k = go->neighbors == 0 ? n : go->neighbors < n ? go->neighbors : n - 1;
    if (S && (exact || edges_certain(S, n, go->threshold, k)))
        CU_ASSERT_EQUAL(sa.edges, sb.edges);
    /* The parity of a sparse graph needs the same edges kept on both sides: exact ties, or a
     * margin at the k-th edge far above rounding (an assumption of the inputs, checked). */
    if (S && go->neighbors > 0 && !exact) {
        double gap = boundary_gap(S, n, go->threshold, k);
        if (gap <= CLEAR)
            fprintf(stderr, "%s: the input has a k-th edge only %g clear of the next\n", what,
                    gap);
        CU_ASSERT(gap > CLEAR);
    }

    /* A sparse graph that drops edges: the walk spreads their weight (the rest, src/
     * lexrank.c). Make sure the case is one where that matters, far beyond the tolerance, so
     * that the parity above shows the CUDA walk has the rest too. */
    if (S && go->neighbors > 0 && go->neighbors + 1 < n && n > 16) {
        double *c = malloc(n * sizeof *c), apart = 0, gpu_apart = 0;
        CU_ASSERT_FATAL(c != NULL);
        kept_only_scores(S, n, go, teleport, c);
        for (size_t i = 0; i < n; i++) {
            apart = fmax(apart, fabs(a[i] - c[i]));
            gpu_apart = fmax(gpu_apart, fabs(b[i] - c[i]));
        }
        if (gpu_apart <= 10 * SCORE_TOL)
            fprintf(stderr, "%s: the CUDA sparse walk has no rest\n", what);
        CU_ASSERT(apart > 100 * SCORE_TOL);
        CU_ASSERT(gpu_apart > 10 * SCORE_TOL);
        free(c);
    }
    if (scores_out)
        memcpy(scores_out, b, n * sizeof *b);
    free(a);
    free(b);
}

static double *position_teleport(size_t n)
{
    double *t = malloc(n * sizeof *t), sum = 0;
    CU_ASSERT_FATAL(t != NULL);
    for (size_t i = 0; i < n; i++)
        sum += t[i] = 1.0 / (1.0 + (double)(i % 17));
    for (size_t i = 0; i < n; i++)
        t[i] /= sum;
    return t;
}

/* Every check on one input, for each precision. */
static void check_input(const float *X, size_t n, size_t d, int exact, const char *name)
{
    double *teleport = position_teleport(n);
    double *dense = malloc(n * sizeof *dense), *sparse = malloc(n * sizeof *sparse);
    float *S = malloc(n * n * sizeof *S);
    CU_ASSERT_FATAL(dense && sparse && S);
    for (size_t pi = 0; pi < sizeof precisions / sizeof precisions[0]; pi++) {
        char what[160];
        pair p;
        open_pair(X, n, d, precisions[pi], &p);
        snprintf(what, sizeof what, "%s %s", name, precision_names[pi]);
        check_rows(&p, n, what);
        char msg[256];
        CU_ASSERT_EQUAL(mds__backend_cpu.rows(p.cpu, 0, n, S, msg, sizeof msg), MDS_OK);
        float thr = exact ? 0.2f : safe_threshold(S, n, 0.1f);

        mds__graph_opts go = {MDS_LEXRANK_CONTINUOUS, 0.0f, 0, 64};
        snprintf(what, sizeof what, "%s %s dense continuous", name, precision_names[pi]);
        check_rank(&p, n, &go, NULL, S, exact, what, dense);
        /* rows() from the dense graph kept on the device */
        check_rows(&p, n, what);
        go.threshold = thr;
        snprintf(what, sizeof what, "%s %s dense continuous thr %g", name, precision_names[pi],
                 (double)thr);
        check_rank(&p, n, &go, teleport, S, exact, what, NULL);
        go.mode = MDS_LEXRANK_THRESHOLD;
        snprintf(what, sizeof what, "%s %s dense threshold %g", name, precision_names[pi],
                 (double)thr);
        check_rank(&p, n, &go, teleport, S, exact, what, NULL);

        /* Sparse, k = 8, by odd tiles: the 8 nearest rows are cluster mates by a wide margin
         * (clustered input) or decided by exact ties (exact input). */
        go.mode = MDS_LEXRANK_CONTINUOUS;
        go.threshold = 0.0f;
        go.neighbors = 8;
        go.tile_rows = 37;
        snprintf(what, sizeof what, "%s %s sparse k=8", name, precision_names[pi]);
        check_rank(&p, n, &go, NULL, S, exact, what, NULL);
        /* rows() computed again (no dense S on the device now) */
        check_rows(&p, n, what);
        go.threshold = thr;
        snprintf(what, sizeof what, "%s %s sparse k=8 continuous thr %g", name,
                 precision_names[pi], (double)thr);
        check_rank(&p, n, &go, teleport, S, exact, what, NULL);
        go.mode = MDS_LEXRANK_THRESHOLD;
        snprintf(what, sizeof what, "%s %s sparse k=8 threshold %g", name, precision_names[pi],
                 (double)thr);
        check_rank(&p, n, &go, teleport, S, exact, what, NULL);
        /* k = 1, the fewest: nearly all of each row's weight is rest. Cluster mates are
         * close together, so only where the nearest is clear of the next (or ties exact). */
        go.mode = MDS_LEXRANK_CONTINUOUS;
        go.threshold = 0.0f;
        go.neighbors = 1;
        go.tile_rows = 64;
        snprintf(what, sizeof what, "%s %s sparse k=1", name, precision_names[pi]);
        if (exact || boundary_gap(S, n, 0.0f, 1) > CLEAR)
            check_rank(&p, n, &go, teleport, S, exact, what, NULL);

        /* k >= n - 1 keeps every edge: the dense graph again. */
        go.mode = MDS_LEXRANK_CONTINUOUS;
        go.threshold = 0.0f;
        go.neighbors = n + 5;
        go.tile_rows = 0;
        if (n - 1 <= 256) {
            snprintf(what, sizeof what, "%s %s sparse k>=n-1", name, precision_names[pi]);
            check_rank(&p, n, &go, NULL, S, exact, what, sparse);
            double worst = 0;
            for (size_t i = 0; i < n; i++)
                worst = fmax(worst, fabs(dense[i] - sparse[i]));
            CU_ASSERT(worst <= SCORE_TOL);
        }
        close_pair(&p);
    }
    free(S);
    free(dense);
    free(sparse);
    free(teleport);
}

static void test_clustered(void)
{
    float *X = make_clustered(243, 128, 9, 0x9e3779b97f4a7c15ull);
    check_input(X, 243, 128, 0, "clustered 243x128");
    free(X);
}

static void test_clustered_large(void)
{
    /* More than one top-k pass of bins, many tiles, k at its limit. */
    const size_t n = 2000, d = 256;
    float *X = make_clustered(n, d, 9, 12345);
    check_input(X, n, d, 0, "clustered 2000x256");
    pair p;
    open_pair(X, n, d, MDS_PRECISION_FP32, &p);
    mds__graph_opts go = {MDS_LEXRANK_CONTINUOUS, 0.0f, 256, 300};
    /* Past the ninth neighbor the order is noise-close: scores only, loosely. */
    char msg[256];
    double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    mds__rank_opts ro = {0.85, RANK_TOL, 2000};
    CU_ASSERT_EQUAL(mds__backend_cpu.graph(p.cpu, &go, msg, sizeof msg), MDS_OK);
    CU_ASSERT_EQUAL(mds__backend_cuda.graph(p.gpu, &go, msg, sizeof msg), MDS_OK);
    CU_ASSERT_EQUAL(mds__backend_cpu.rank(p.cpu, &ro, NULL, a, NULL, msg, sizeof msg), MDS_OK);
    CU_ASSERT_EQUAL(mds__backend_cuda.rank(p.gpu, &ro, NULL, b, NULL, msg, sizeof msg), MDS_OK);
    double worst = 0;
    for (size_t i = 0; i < n; i++)
        worst = fmax(worst, fabs(a[i] - b[i]));
    CU_ASSERT(worst < 1e-2);
    mds__sim_stats sb;
    mds__backend_cuda.stats(p.gpu, &sb);
    CU_ASSERT_EQUAL(sb.edges, n * 256);
    free(a);
    free(b);
    close_pair(&p);
    free(X);
}

static void test_exact_ties(void)
{
    float *X = make_exact(300, 64, 77);
    check_input(X, 300, 64, 1, "exact ties 300x64");
    free(X);
}

/* Rows with no edge at all, on exact input: one orthogonal to every other (similarities
 * exactly 0, never an edge), one holding a NaN (NaN in all its row and column of S, never an
 * edge either, so every other row has a NaN the top-k must skip). Dangling sentences on both
 * backends, in every mode and precision. */
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
    check_input(X, n, d, 1, "isolated and NaN rows 100x80");
    free(E);
    free(X);
}

static void test_tiny(void)
{
    for (size_t n = 1; n <= 4; n++) {
        float *X = make_clustered(n, 32, 2, n);
        check_input(X, n, 32, 0, "tiny");
        free(X);
    }
}

static void test_errors(void)
{
    char msg[256] = "";
    CU_ASSERT_EQUAL(mds__backend_cuda.probe(4096, msg, sizeof msg), MDS_EBACKEND);
    CU_ASSERT(strstr(msg, "4096") != NULL);
    mds__backend_cuda.close(NULL);

    float *X = make_clustered(300, 64, 10, 5);
    mds__sim *s = NULL;
    CU_ASSERT_EQUAL_FATAL(
        mds__backend_cuda.open(0, X, 300, 64, MDS_PRECISION_FP32, &s, msg, sizeof msg), MDS_OK);
    double scores[300];
    mds__rank_opts ro = {0.85, 1e-6, 100};
    CU_ASSERT_EQUAL(mds__backend_cuda.rank(s, &ro, NULL, scores, NULL, msg, sizeof msg),
                    MDS_EINTERNAL);
    float row[300];
    CU_ASSERT_EQUAL(mds__backend_cuda.rows(s, 299, 2, row, msg, sizeof msg), MDS_EINTERNAL);
    CU_ASSERT(strstr(msg, "rows") != NULL);
    mds__graph_opts go = {MDS_LEXRANK_CONTINUOUS, 0.0f, 9, 100};
    CU_ASSERT_EQUAL(mds__backend_cuda.graph(s, &go, msg, sizeof msg), MDS_OK);
    /* More neighbors than the top-k kernel keeps: a limit of this backend, so MDS_EBACKEND
     * (the pipeline redoes the work on the CPU), and the old graph is gone, as on the CPU. */
    go.neighbors = 257;
    CU_ASSERT_EQUAL(mds__backend_cuda.graph(s, &go, msg, sizeof msg), MDS_EBACKEND);
    CU_ASSERT(strstr(msg, "neighbors") != NULL);
    CU_ASSERT_EQUAL(mds__backend_cuda.rank(s, &ro, NULL, scores, NULL, msg, sizeof msg),
                    MDS_EINTERNAL);
    /* The session still works after a refused request. */
    go.neighbors = 9;
    CU_ASSERT_EQUAL(mds__backend_cuda.graph(s, &go, msg, sizeof msg), MDS_OK);
    CU_ASSERT_EQUAL(mds__backend_cuda.rank(s, &ro, NULL, scores, NULL, msg, sizeof msg),
                    MDS_OK);
    mds__backend_cuda.close(s);
    free(X);
}

/* The whole pipeline on the example: the same sentences, the same scores. */
static void test_summarize_example(void)
{
    mds_ctx *ctx = NULL;
    mds_cluster *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_ctx_new(&ctx), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_add_dir(c, EXAMPLE), MDS_OK);
    for (size_t pi = 0; pi < sizeof precisions / sizeof precisions[0]; pi++) {
        mds_params *p = NULL;
        CU_ASSERT_EQUAL_FATAL(mds_params_new(&p), MDS_OK);
        TU_SET(p, PRECISION, precisions[pi]);
        TU_SET(p, BACKEND, MDS_BACKEND_CPU);
        mds_result *a = NULL, *b = NULL;
        CU_ASSERT_EQUAL_FATAL(mds_summarize(ctx, c, p, &a), MDS_OK);
        TU_SET(p, BACKEND, MDS_BACKEND_CUDA);
        mds_status st = mds_summarize(ctx, c, p, &b);
        mds_params_free(p);
        if (st != MDS_OK)
            fprintf(stderr, "cuda summarize: %s\n", mds_errmsg(ctx));
        CU_ASSERT_EQUAL_FATAL(st, MDS_OK);
        mds_stats sa, sb;
        mds_result_stats(a, &sa);
        mds_result_stats(b, &sb);
        CU_ASSERT_STRING_EQUAL(sa.backend, "cpu");
        CU_ASSERT_STRING_EQUAL(sb.backend, "cuda");
        CU_ASSERT_PTR_NULL(sb.warning); /* no fallback to the CPU happened */
        CU_ASSERT_EQUAL(mds_result_count(a), mds_result_count(b));
        for (size_t i = 0; i < mds_result_count(a) && i < mds_result_count(b); i++) {
            const mds_sentence *x = mds_result_sentence(a, i), *y = mds_result_sentence(b, i);
            CU_ASSERT_EQUAL(x->doc_index, y->doc_index);
            CU_ASSERT_EQUAL(x->offset, y->offset);
            CU_ASSERT_EQUAL(x->length, y->length);
            CU_ASSERT(fabs(x->score - y->score) <= SCORE_TOL * fmax(1.0, x->score));
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
    {"summary of the example, CPU vs CUDA", test_summarize_example},
    CU_TEST_INFO_NULL,
};

int main(void)
{
    char msg[512] = "";
    if (mds__backend_cuda.probe(0, msg, sizeof msg) != MDS_OK) {
        printf("test_backend_cuda: SKIPPED: %s\n", msg);
        return 0;
    }
    CU_initialize_registry();
    tu_add_suite("backend_cuda", tests);
    return tu_run();
}

#else /* !MDS_HAVE_CUDA */

int main(void)
{
    printf("test_backend_cuda: SKIPPED: the CUDA backend is not built in (no CUDA toolkit at "
           "configure time, or -DMDS_CUDA=OFF)\n");
    return 0;
}

#endif
