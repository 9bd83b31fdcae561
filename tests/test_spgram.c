/* SPDX-License-Identifier: MIT */
/* Tests for src/compute/spgram.c: the gram from the inverted index against BLAS's (equal
 * within float rounding), its own paths against each other (the same bits: scattered rows,
 * rows from X, the fused top-k graph by any thread count and group), the index built from
 * the non-zeros (CSR) the same as from X, and the CPU backend's graph, ranks and summaries the
 * same by either gram, and the same bits over the non-zeros as over X. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compute/backend.h"
#include "compute/blas_dl.h"
#include "compute/graph.h"
#include "compute/lexrank.h"
#include "compute/spgram.h"
#include "testutil.h"

enum { D = 256 };

/* n rows like hashed term vectors: `terms` signed weights in random dimensions (some
 * repeated: a collision adds up), a few rows all zero, every other row of unit length; with
 * `dups`, every seventh row a copy of the one before (near-duplicate sentences). */
static float *sparse_rows(size_t n, size_t terms, unsigned seed, int dups)
{
    float *X = calloc(n * D, sizeof *X);
    CU_ASSERT_FATAL(X != NULL);
    for (size_t i = 0; i < n; i++) {
        float *x = X + i * D;
        if (i % 53 == 5)
            continue; /* no terms: a zero row */
        if (dups && i % 7 == 6) {
            memcpy(x, x - D, D * sizeof *x);
            continue;
        }
        for (size_t t = 0; t < terms; t++) {
            seed = seed * 1103515245u + 12345u;
            /* a skewed pick: a few dimensions are common words */
            size_t dim = (seed >> 16) % 4 == 0 ? (seed >> 20) % 8 : (seed >> 12) % D;
            x[dim] += ((seed >> 9) & 1 ? 1.0f : -1.0f) * (0.5f + (float)((seed >> 3) % 64) / 32);
        }
        double ss = 0;
        for (size_t t = 0; t < D; t++)
            ss += (double)x[t] * x[t];
        for (size_t t = 0; t < D; t++)
            x[t] = (float)(x[t] / sqrt(ss));
    }
    return X;
}

static float *blas_gram(const float *X, size_t n)
{
    float *S = malloc(n * n * sizeof *S);
    CU_ASSERT_FATAL(S != NULL);
    const mds__blas *b;
    char msg[768];
    CU_ASSERT_EQUAL_FATAL(mds__blas_load(&b, msg, sizeof msg), MDS_OK);
    b->cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)n, D, 1.0f, X, D, X, D,
                   0.0f, S, (int)n);
    return S;
}

static void test_index_shape(void)
{
    /* 3 x 4: row 0 uses dimensions 1 and 3, row 1 none, row 2 dimension 3 */
    const float X[] = {0, 2, 0, 3, /**/ 0, 0, 0, 0, /**/ 0, 0, 0, -1};
    mds__spgram g;
    CU_ASSERT_EQUAL_FATAL(mds__spgram_init(&g, X, 3, 4), MDS_OK);
    CU_ASSERT_EQUAL(g.nnz, 3);
    CU_ASSERT_EQUAL(g.row_at[1], 2);
    CU_ASSERT_EQUAL(g.row_at[2], 2);
    CU_ASSERT_EQUAL(g.row_at[3], 3);
    CU_ASSERT_EQUAL(g.dim[0], 1);
    CU_ASSERT_EQUAL(g.dim[1], 3);
    /* dimension 3's postings: rows 0 and 2, in order */
    CU_ASSERT_EQUAL(g.post_at[3], 1);
    CU_ASSERT_EQUAL(g.post_at[4], 3);
    CU_ASSERT_EQUAL(g.prow[1], 0);
    CU_ASSERT_EQUAL(g.prow[2], 2);
    CU_ASSERT_EQUAL(g.pval[2], -1.0f);
    CU_ASSERT_DOUBLE_EQUAL(g.pairs, 1 + 4, 0); /* 1^2 for dimension 1, 2^2 for 3 */
    float S[9];
    mds__spgram_rows(&g, 0, 3, S);
    const float want[] = {13, 0, -3, 0, 0, 0, -3, 0, 1};
    CU_ASSERT_EQUAL(memcmp(S, want, sizeof S), 0);
    mds__spgram_free(&g);
    mds__spgram_free(&g); /* a freed index is fine */
}

/* Within float rounding of BLAS's; exactly symmetric; the rows from X are the same bits. */
static void test_rows_against_blas(void)
{
    const size_t sizes[] = {1, 2, 37, 300};
    for (size_t c = 0; c < sizeof sizes / sizeof sizes[0]; c++) {
        size_t n = sizes[c];
        float *X = sparse_rows(n, 30, 7u + (unsigned)c, 1);
        float *S = malloc(n * n * sizeof *S), *row = malloc(n * sizeof *row);
        CU_ASSERT_FATAL(S && row);
        mds__spgram g;
        CU_ASSERT_EQUAL_FATAL(mds__spgram_init(&g, X, n, D), MDS_OK);
        mds__spgram_rows(&g, 0, n, S);
        float *B = blas_gram(X, n);
        double worst = 0;
        for (size_t i = 0; i < n; i++) {
            for (size_t j = 0; j < n; j++) {
                double e = fabs((double)S[i * n + j] - B[i * n + j]);
                worst = e > worst ? e : worst;
                CU_ASSERT_EQUAL(S[i * n + j], S[j * n + i]);
            }
            mds__spgram_row_dense(X, n, D, i, row);
            /* the same sums (a zero may differ in sign only) */
            for (size_t j = 0; j < n; j++)
                CU_ASSERT(row[j] == S[i * n + j]);
        }
        CU_ASSERT(worst < 1e-5);
        /* a tile of rows is those rows */
        if (n > 3) {
            mds__spgram_rows(&g, 2, 1, row);
            CU_ASSERT_EQUAL(memcmp(row, S + 2 * n, n * sizeof *row), 0);
        }
        mds__spgram_free(&g);
        free(B);
        free(row);
        free(S);
        free(X);
    }
}

/* The whole matrix on several threads is the rows on one. */
static void test_matrix_any_threads(void)
{
    size_t n = 700;
    float *X = sparse_rows(n, 20, 5u, 0);
    float *A = malloc(n * n * sizeof *A), *B = malloc(n * n * sizeof *B);
    CU_ASSERT_FATAL(A && B);
    mds__spgram g;
    CU_ASSERT_EQUAL_FATAL(mds__spgram_init(&g, X, n, D), MDS_OK);
    mds__spgram_rows(&g, 0, n, A);
    for (int t = 1; t <= 3; t++) {
        memset(B, 0xff, n * n * sizeof *B);
        mds__spgram_matrix(&g, B, t);
        CU_ASSERT_EQUAL(memcmp(A, B, n * n * sizeof *A), 0);
    }
    mds__spgram_free(&g);
    free(B);
    free(A);
    free(X);
}

/* The scan that skips chunks of zeros finds what a plain scan finds: every width around the
 * chunks (d = 0 .. 40, 63, 64, 65), non-zeros at chunk edges, -0 (a zero), NaN, denormals
 * and infinities (non-zeros); the index built from its counts is the one init builds, in
 * the same order; and the edges and NaN counted a row at a time are those of the whole S. */
static void test_scan_and_counts(void)
{
    const size_t widths[] = {0, 1, 3, 4, 5, 15, 16, 17, 31, 32, 33, 40, 63, 64, 65};
    const float odd[] = {-0.0f, NAN, 1e-45f, -1e-40f, INFINITY, 0.5f, -0.25f, 3.0f};
    for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
        size_t d = widths[w], n = 29;
        float *X = calloc(n * (d ? d : 1), sizeof *X);
        size_t *cnt = malloc((d ? d : 1) * sizeof *cnt), *ref = calloc(d ? d : 1, sizeof *ref);
        CU_ASSERT_FATAL(X && cnt && ref);
        unsigned seed = 99u + (unsigned)d;
        for (size_t i = 0; i < n && d; i++)
            for (int k = 0; k < 3 + (int)(i % 4); k++) {
                seed = seed * 1103515245u + 12345u;
                size_t t = (seed >> 8) % 3 == 0 ? ((seed >> 12) % 2 ? 0 : d - 1) /* the edges */
                                                 : (seed >> 12) % d;
                X[i * d + t] = odd[(seed >> 20) % (sizeof odd / sizeof *odd)];
            }
        size_t nnz_ref = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t t = 0; t < d; t++)
                if (X[i * d + t] != 0.0f) {
                    ref[t]++;
                    nnz_ref++;
                }
        memset(cnt, 0xff, (d ? d : 1) * sizeof *cnt);
        CU_ASSERT_EQUAL(mds__spgram_count(X, n, d, cnt), nnz_ref);
        CU_ASSERT(d == 0 || memcmp(cnt, ref, d * sizeof *cnt) == 0);
        mds__spgram a, b;
        CU_ASSERT_EQUAL_FATAL(mds__spgram_init_counted(&a, X, n, d, cnt), MDS_OK);
        CU_ASSERT_EQUAL_FATAL(mds__spgram_init(&b, X, n, d), MDS_OK);
        CU_ASSERT_EQUAL(a.nnz, nnz_ref);
        CU_ASSERT_EQUAL(b.nnz, nnz_ref);
        /* row by row, increasing dimensions, the values' bits */
        size_t q = 0;
        for (size_t i = 0; i < n; i++) {
            CU_ASSERT_EQUAL(a.row_at[i], q);
            for (size_t t = 0; t < d; t++)
                if (X[i * d + t] != 0.0f) {
                    CU_ASSERT_EQUAL(a.dim[q], t);
                    CU_ASSERT(memcmp(&a.val[q], &X[i * d + t], sizeof(float)) == 0);
                    q++;
                }
        }
        CU_ASSERT_EQUAL(a.row_at[n], q);
        CU_ASSERT(memcmp(a.post_at, b.post_at, (d + 1) * sizeof *a.post_at) == 0);
        CU_ASSERT(nnz_ref == 0 || memcmp(a.prow, b.prow, nnz_ref * sizeof *a.prow) == 0);
        CU_ASSERT(nnz_ref == 0 || memcmp(a.pval, b.pval, nnz_ref * sizeof *a.pval) == 0);
        CU_ASSERT_EQUAL(a.pairs, b.pairs);
        mds__spgram_free(&b);
        mds__spgram_free(&a);
        free(ref);
        free(cnt);
        free(X);
    }
    /* edges and NaN a row at a time, any threads, against the whole matrix counted after */
    size_t n = 600;
    float *X = sparse_rows(n, 12, 11u, 1);
    float *S = malloc(n * n * sizeof *S);
    CU_ASSERT_FATAL(S != NULL);
    for (int nan = 0; nan < 2; nan++) {
        if (nan)
            X[7 * D + 3] = NAN;
        mds__spgram g;
        CU_ASSERT_EQUAL_FATAL(mds__spgram_init(&g, X, n, D), MDS_OK);
        const float thrs[] = {0.0f, 0.1f, 0.5f, 2.0f, -1.0f};
        for (size_t k = 0; k < sizeof thrs / sizeof *thrs; k++)
            for (int t = 1; t <= 3; t++) {
                size_t edges = 12345, ref_edges = 0;
                int has = -1, ref_nan = 0;
                mds__spgram_matrix_edges(&g, S, t, thrs[k], &edges, &has);
                for (size_t i = 0; i < n; i++)
                    for (size_t j = 0; j < n; j++) {
                        float v = S[i * n + j];
                        ref_edges += i != j && v >= thrs[k] && v > 0.0f;
                        ref_nan |= v != v;
                    }
                CU_ASSERT_EQUAL(edges, ref_edges);
                CU_ASSERT_EQUAL(has, ref_nan);
                CU_ASSERT_EQUAL(has, nan);
            }
        mds__spgram_free(&g);
    }
    free(S);
    free(X);
}

static int same_graph(const mds__graph *a, const mds__graph *b)
{
    size_t nk = a->n * a->k;
    return a->edges == b->edges && !memcmp(a->col, b->col, nk * sizeof *a->col) &&
           !memcmp(a->w, b->w, nk * sizeof *a->w) &&
           !memcmp(a->cnt, b->cnt, a->n * sizeof *a->cnt) &&
           !memcmp(a->deg, b->deg, a->n * sizeof *a->deg);
}

/* The fused graph is the reduction of the scattered rows, to the bit, at any thread count
 * and group size, over several column blocks (n > 4,096) and one. */
static void test_fused_graph_is_the_reduction(void)
{
    const size_t sizes[] = {40, 5000};
    for (size_t c = 0; c < 2; c++) {
        size_t n = sizes[c], k = 9;
        float *X = sparse_rows(n, 12, 99u, 1);
        mds__spgram sg;
        CU_ASSERT_EQUAL_FATAL(mds__spgram_init(&sg, X, n, D), MDS_OK);
        for (int unweighted = 0; unweighted < 2; unweighted++) {
            float thr = unweighted ? 0.1f : 0.0f;
            mds__graph ref;
            CU_ASSERT_EQUAL_FATAL(mds__graph_init(&ref, n, k), MDS_OK);
            float *T = malloc(64 * n * sizeof *T);
            CU_ASSERT_FATAL(T != NULL);
            for (size_t r = 0; r < n; r += 64) {
                size_t rows = n - r < 64 ? n - r : 64;
                mds__spgram_rows(&sg, r, rows, T);
                mds__graph_add_tile(&ref, T, r, rows, thr, unweighted);
            }
            free(T);
            CU_ASSERT(ref.edges > n);
            const int threads[] = {1, 2, 3};
            const size_t groups[] = {0, 1, 7};
            for (size_t t = 0; t < 3; t++)
                for (size_t gi = 0; gi < 3; gi++) {
                    mds__graph g;
                    CU_ASSERT_EQUAL_FATAL(mds__graph_init(&g, n, k), MDS_OK);
                    CU_ASSERT_EQUAL(mds__spgram_graph(&sg, &g, thr, unweighted, threads[t],
                                                      groups[gi]),
                                    MDS_OK);
                    CU_ASSERT(same_graph(&g, &ref));
                    mds__graph_free(&g);
                }
            mds__graph_free(&ref);
        }
        mds__spgram_free(&sg);
        free(X);
    }
}

/* The CPU backend by either gram: the same top-k neighbours but for near-ties, the same
 * ranking, scores within float rounding; dense and sparse alike. */
static void test_backend_either_gram(void)
{
    size_t n = 400;
    float *X = sparse_rows(n, 25, 4242u, 1);
    double *sc[2];
    for (int sparse = 0; sparse < 2; sparse++) {
        for (int kind = 0; kind < 2; kind++) {
            mds__sim *s = NULL;
            char msg[256];
            CU_ASSERT_EQUAL_FATAL(mds__backend_cpu.open(0, X, n, D, MDS_PRECISION_FP32, &s, msg,
                                                        sizeof msg),
                                  MDS_OK);
            mds__graph_opts go = {.mode = MDS_LEXRANK_CONTINUOUS,
                                  .threshold = 0.05f,
                                  .neighbors = sparse ? 16 : 0,
                                  .tile_rows = 50,
                                  .gram = kind ? MDS__GRAM_INDEX : MDS__GRAM_BLAS};
            CU_ASSERT_EQUAL_FATAL(mds__backend_cpu.graph(s, &go, msg, sizeof msg), MDS_OK);
            mds__rank_opts ro = {0.85, 1e-12, 1000};
            sc[kind] = malloc(n * sizeof(double));
            int it;
            CU_ASSERT_EQUAL(mds__backend_cpu.rank(s, &ro, NULL, sc[kind], &it, msg, sizeof msg),
                            MDS_OK);
            /* rows asked later are the graph's own sums */
            float *row = malloc(n * sizeof *row), *B = blas_gram(X, n);
            CU_ASSERT_EQUAL(mds__backend_cpu.rows(s, 17, 1, row, msg, sizeof msg), MDS_OK);
            for (size_t j = 0; j < n; j++)
                CU_ASSERT(fabsf(row[j] - B[17 * n + j]) < 1e-5f);
            free(B);
            free(row);
            mds__backend_cpu.close(s);
        }
        size_t order_changes = 0;
        for (size_t i = 0; i < n; i++) {
            CU_ASSERT(fabs(sc[0][i] - sc[1][i]) < 1e-5 * (1 + sc[0][i]));
            /* the ranking: any pair the BLAS scores order by more than rounding */
            for (size_t j = i + 1; j < n; j += 13)
                if (fabs(sc[0][i] - sc[0][j]) > 1e-5 &&
                    (sc[0][i] < sc[0][j]) != (sc[1][i] < sc[1][j]))
                    order_changes++;
        }
        CU_ASSERT_EQUAL(order_changes, 0);
        free(sc[0]);
        free(sc[1]);
    }
    free(X);
}

/* ---- the index from the non-zeros (CSR) against the index from X: the same bits ---------- */

static uint64_t csr_rng_state = 0x9E3779B97F4A7C15u;
static uint64_t csr_rng(void) { return tu_rng(&csr_rng_state); }

/* n random sparse rows of d dimensions as CSR (columns increasing) and as X: empty rows,
 * negative values, entries that hold +0 or -0 (present in A, zero in X), a shared common
 * dimension, a few unit rows and some not. */
static void random_csr(size_t n, size_t d, int odd, mds__csr *A, float **Xout)
{
    float *X = calloc(n * d + 1, sizeof *X);
    A->n = n;
    A->d = d;
    A->row_at = malloc((n + 1) * sizeof *A->row_at);
    A->col = malloc((n * d + 1) * sizeof *A->col);
    A->val = malloc((n * d + 1) * sizeof *A->val);
    CU_ASSERT_FATAL(X && A->row_at && A->col && A->val);
    size_t q = 0;
    A->row_at[0] = 0;
    for (size_t i = 0; i < n; i++) {
        if (csr_rng() % 9 != 0) /* else an empty row */
            for (size_t t = 0; t < d; t++) {
                uint64_t r = csr_rng();
                if (r % 100 >= (t < 2 ? 60 : 6)) /* dimensions 0 and 1 are common */
                    continue;
                float v = (float)((int)((r >> 8) % 2001) - 1000) / 997.0f;
                if (odd && (r >> 20) % 17 == 0)
                    v = (r >> 25) % 2 ? -0.0f : 0.0f; /* an entry that is zero */
                if (odd && (r >> 20) % 97 == 1)
                    v = 1e-42f; /* denormal */
                A->col[q] = (uint32_t)t;
                A->val[q++] = v;
                X[i * d + t] = v; /* -0 too: X as the entries make it */
            }
        A->row_at[i + 1] = q;
    }
    *Xout = X;
}

static int same_index(const mds__spgram *a, const mds__spgram *b)
{
    size_t z = a->nnz;
    return a->n == b->n && a->d == b->d && a->nnz == b->nnz && a->pairs == b->pairs &&
           !memcmp(a->row_at, b->row_at, (a->n + 1) * sizeof *a->row_at) &&
           !memcmp(a->post_at, b->post_at, (a->d + 1) * sizeof *a->post_at) &&
           (!z || (!memcmp(a->dim, b->dim, z * sizeof *a->dim) &&
                   !memcmp(a->val, b->val, z * sizeof *a->val) &&
                   !memcmp(a->prow, b->prow, z * sizeof *a->prow) &&
                   !memcmp(a->pval, b->pval, z * sizeof *a->pval)));
}

static void test_index_from_csr(void)
{
    const size_t ns[] = {0, 1, 2, 37, 300};
    const size_t ds[] = {1, 7, 64};
    for (size_t a = 0; a < 5; a++)
        for (size_t b = 0; b < 3; b++)
            for (int odd = 0; odd < 2; odd++) {
                size_t n = ns[a], d = ds[b];
                mds__csr A;
                float *X;
                random_csr(n, d, odd, &A, &X);
                CU_ASSERT_EQUAL(mds__csr_check(&A), MDS_OK);
                /* the dense X the entries make is the matrix the test built */
                float *Y = malloc((n * d + 1) * sizeof *Y);
                CU_ASSERT_FATAL(Y != NULL);
                mds__csr_dense(&A, Y);
                CU_ASSERT(memcmp(X, Y, n * d * sizeof *X) == 0);
                free(Y);
                size_t *c1 = malloc(d * sizeof *c1), *c2 = malloc(d * sizeof *c2);
                CU_ASSERT_FATAL(c1 && c2);
                memset(c1, 0xff, d * sizeof *c1);
                CU_ASSERT_EQUAL(mds__spgram_count_csr(&A, c1), mds__spgram_count(X, n, d, c2));
                CU_ASSERT(memcmp(c1, c2, d * sizeof *c1) == 0);
                mds__spgram gx, ga, gc;
                CU_ASSERT_EQUAL_FATAL(mds__spgram_init(&gx, X, n, d), MDS_OK);
                CU_ASSERT_EQUAL_FATAL(mds__spgram_init_csr(&ga, &A, NULL), MDS_OK);
                CU_ASSERT_EQUAL_FATAL(mds__spgram_init_csr(&gc, &A, c1), MDS_OK);
                CU_ASSERT(same_index(&gx, &ga));
                CU_ASSERT(same_index(&gx, &gc));
                /* every similarity: the matrix, a row from the entries, a row from X */
                float *S = malloc((n * n + 1) * sizeof *S), *row = malloc((n + 1) * sizeof *row),
                      *rd = malloc((n + 1) * sizeof *rd);
                CU_ASSERT_FATAL(S && row && rd);
                mds__spgram_matrix(&gx, S, 2);
                for (size_t i = 0; i < n; i++) {
                    mds__spgram_row_csr(&A, i, row);
                    CU_ASSERT(memcmp(row, S + i * n, n * sizeof *row) == 0);
                    mds__spgram_row_dense(X, n, d, i, rd);
                    CU_ASSERT(memcmp(row, rd, n * sizeof *row) == 0);
                }
                /* the fused top-k graph from either index */
                if (n > 1) {
                    size_t k = n - 1 < 5 ? n - 1 : 5;
                    mds__graph g1, g2;
                    CU_ASSERT_EQUAL_FATAL(mds__graph_init(&g1, n, k), MDS_OK);
                    CU_ASSERT_EQUAL_FATAL(mds__graph_init(&g2, n, k), MDS_OK);
                    CU_ASSERT_EQUAL(mds__spgram_graph(&gx, &g1, 0.0f, 0, 1, 0), MDS_OK);
                    CU_ASSERT_EQUAL(mds__spgram_graph(&ga, &g2, 0.0f, 0, 2, 3), MDS_OK);
                    CU_ASSERT(same_graph(&g1, &g2));
                    mds__graph_free(&g1);
                    mds__graph_free(&g2);
                }
                free(S);
                free(row);
                free(rd);
                mds__spgram_free(&gx);
                mds__spgram_free(&ga);
                mds__spgram_free(&gc);
                free(c1);
                free(c2);
                mds__csr_free(&A);
                free(X);
            }
}

/* A malformed A is refused, not read past: columns out of order, repeated, past d. */
static void test_csr_malformed(void)
{
    size_t row_at[3] = {0, 2, 3};
    uint32_t col[3] = {1, 1, 0};
    float val[3] = {1, 2, 3};
    mds__csr A = {2, 4, row_at, col, val};
    mds__spgram g;
    CU_ASSERT_EQUAL(mds__spgram_init_csr(&g, &A, NULL), MDS_EINVAL); /* repeated */
    col[1] = 0;
    CU_ASSERT_EQUAL(mds__spgram_init_csr(&g, &A, NULL), MDS_EINVAL); /* decreasing */
    col[1] = 4;
    CU_ASSERT_EQUAL(mds__spgram_init_csr(&g, &A, NULL), MDS_EINVAL); /* past d */
    col[1] = 3;
    CU_ASSERT_EQUAL_FATAL(mds__spgram_init_csr(&g, &A, NULL), MDS_OK);
    CU_ASSERT_EQUAL(g.nnz, 3);
    mds__spgram_free(&g);
    row_at[1] = 4; /* row_at decreasing */
    CU_ASSERT_EQUAL(mds__spgram_init_csr(&g, &A, NULL), MDS_EINVAL);
}

/* The CPU backend over A or over X: the same graph, rows and scores to the bit, by either
 * gram, dense or top-k, and below FP32; BLAS makes X from A when it runs. */
static void test_backend_csr_or_dense(void)
{
    size_t n = 300, d = 64;
    mds__csr A;
    float *X;
    random_csr(n, d, 1, &A, &X);
    /* rows of unit length, in both */
    for (size_t i = 0; i < n; i++) {
        double ss = 0;
        for (size_t e = A.row_at[i]; e < A.row_at[i + 1]; e++)
            ss += (double)A.val[e] * A.val[e];
        for (size_t e = A.row_at[i]; e < A.row_at[i + 1] && ss > 0; e++) {
            A.val[e] = (float)(A.val[e] / sqrt(ss));
            X[i * d + A.col[e]] = A.val[e] == 0.0f ? 0.0f : A.val[e];
        }
    }
    char msg[256];
    const mds__gram_kind grams[] = {MDS__GRAM_AUTO, MDS__GRAM_BLAS, MDS__GRAM_INDEX};
    const mds_precision precs[] = {MDS_PRECISION_FP32, MDS_PRECISION_FP16};
    float *r1 = malloc(n * n * sizeof *r1), *r2 = malloc(n * n * sizeof *r2);
    double sc1[300], sc2[300];
    CU_ASSERT_FATAL(r1 && r2);
    for (int sparse = 0; sparse < 2; sparse++)
        for (size_t gk = 0; gk < 3; gk++)
            for (size_t pk = 0; pk < 2; pk++) {
                mds__sim *a = NULL, *b = NULL;
                CU_ASSERT_EQUAL_FATAL(mds__backend_cpu.open(0, X, n, d, precs[pk], &a, msg,
                                                            sizeof msg), MDS_OK);
                CU_ASSERT_EQUAL_FATAL(mds__backend_cpu.open_csr(0, &A, precs[pk], &b, msg,
                                                                sizeof msg), MDS_OK);
                /* rows before any graph: BLAS's */
                CU_ASSERT_EQUAL(mds__backend_cpu.rows(a, 3, 2, r1, msg, sizeof msg), MDS_OK);
                CU_ASSERT_EQUAL(mds__backend_cpu.rows(b, 3, 2, r2, msg, sizeof msg), MDS_OK);
                CU_ASSERT(memcmp(r1, r2, 2 * n * sizeof *r1) == 0);
                mds__graph_opts go = {.mode = MDS_LEXRANK_CONTINUOUS, .threshold = 0.05f,
                                      .neighbors = sparse ? 8 : 0, .tile_rows = 40,
                                      .gram = grams[gk]};
                CU_ASSERT_EQUAL_FATAL(mds__backend_cpu.graph(a, &go, msg, sizeof msg), MDS_OK);
                CU_ASSERT_EQUAL_FATAL(mds__backend_cpu.graph(b, &go, msg, sizeof msg), MDS_OK);
                mds__rank_opts ro = {0.85, 1e-12, 1000};
                CU_ASSERT_EQUAL(mds__backend_cpu.rank(a, &ro, NULL, sc1, NULL, msg, sizeof msg),
                                MDS_OK);
                CU_ASSERT_EQUAL(mds__backend_cpu.rank(b, &ro, NULL, sc2, NULL, msg, sizeof msg),
                                MDS_OK);
                CU_ASSERT(memcmp(sc1, sc2, sizeof sc1) == 0);
                CU_ASSERT_EQUAL(mds__backend_cpu.rows(a, 0, n, r1, msg, sizeof msg), MDS_OK);
                CU_ASSERT_EQUAL(mds__backend_cpu.rows(b, 0, n, r2, msg, sizeof msg), MDS_OK);
                CU_ASSERT(memcmp(r1, r2, n * n * sizeof *r1) == 0);
                mds__sim_stats s1, s2;
                mds__backend_cpu.stats(a, &s1);
                mds__backend_cpu.stats(b, &s2);
                CU_ASSERT_EQUAL(s1.edges, s2.edges);
                CU_ASSERT_EQUAL(s1.gram_flops, s2.gram_flops);
                mds__backend_cpu.close(a);
                mds__backend_cpu.close(b);
            }
    free(r1);
    free(r2);
    mds__csr_free(&A);
    free(X);
}

static CU_TestInfo tests[] = {
    {"the index of a small matrix", test_index_shape},
    {"rows: BLAS within rounding, symmetric, from X alike", test_rows_against_blas},
    {"the whole matrix on any number of threads", test_matrix_any_threads},
    {"the scan skipping zeros, the counts, the edges a row at a time", test_scan_and_counts},
    {"the fused graph is the rows' reduction, any threads", test_fused_graph_is_the_reduction},
    {"the CPU backend by either gram", test_backend_either_gram},
    {"the index from the non-zeros is the index from X", test_index_from_csr},
    {"malformed non-zeros refused", test_csr_malformed},
    {"the CPU backend over the non-zeros or over X", test_backend_csr_or_dense},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("spgram", tests, NULL, NULL); }
