/* SPDX-License-Identifier: MIT */
/* LexRank (Erkan and Radev 2004): the stationary distribution of a random walk on the
 * sentence similarity graph, with teleportation. */
#include "util/alloc.h"
#include "compute/lexrank.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "compute/edge.h"

/* Where the toolchain can dispatch at load time, the hot loops are built for AVX-512 and AVX2
 * too. The build is ISO C (-ffp-contract=off): no product is fused into its sum, so every
 * clone gives the same bits. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && defined(__linux__)
#define CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CLONES
#endif

/* acc[j] += edge weight of row[j] * wi for all j: the hot loop (n^2 per iteration). The edge
 * rule as a factor, multiplied in, keeps it free of branches so that it vectorizes; no sum is
 * reordered. NaN would survive the multiplication (NaN * 0), so rows with NaN take the
 * careful path. */
CLONES
static void edge_axpy(const float *restrict row, double wi, size_t n, float thr, int unweighted,
                      double *restrict acc)
{
    if (unweighted) {
        for (size_t j = 0; j < n; j++) {
            float v = row[j];
            acc[j] += (double)mds__edge_factor(v, thr) * wi;
        }
    } else {
        for (size_t j = 0; j < n; j++) {
            float v = row[j];
            acc[j] += (double)(v * mds__edge_factor(v, thr)) * wi;
        }
    }
}

/* Rows a..d in one pass over acc[lo, hi): each acc[j] gets row a's term, then b's, c's and
 * d's, the order of four passes of edge_axpy, with a quarter of the loads and stores of acc. */
CLONES
static void edge_axpy4(const float *restrict a, const float *restrict b,
                       const float *restrict c, const float *restrict d, const double *w,
                       size_t lo, size_t hi, float thr, int unweighted, double *restrict acc)
{
    double wa = w[0], wb = w[1], wc = w[2], wd = w[3];
    if (unweighted) {
        for (size_t j = lo; j < hi; j++) {
            double s = acc[j];
            s += (double)mds__edge_factor(a[j], thr) * wa;
            s += (double)mds__edge_factor(b[j], thr) * wb;
            s += (double)mds__edge_factor(c[j], thr) * wc;
            s += (double)mds__edge_factor(d[j], thr) * wd;
            acc[j] = s;
        }
    } else {
        for (size_t j = lo; j < hi; j++) {
            double s = acc[j];
            float va = a[j], vb = b[j], vc = c[j], vd = d[j];
            s += (double)(va * mds__edge_factor(va, thr)) * wa;
            s += (double)(vb * mds__edge_factor(vb, thr)) * wb;
            s += (double)(vc * mds__edge_factor(vc, thr)) * wc;
            s += (double)(vd * mds__edge_factor(vd, thr)) * wd;
            acc[j] = s;
        }
    }
}

static void edge_axpy_nan(const float *row, double wi, size_t n, float thr, int unweighted,
                          double *acc)
{
    for (size_t j = 0; j < n; j++)
        acc[j] += (double)mds__edge_weight(row[j], thr, unweighted) * wi;
}

/* Rows of one pass over acc in the dense spread (edge_axpy4). */
#define GROUP 4

/* The graph the walk runs on: acc = sum_i w[i] * (edges out of i), and the degrees. */
typedef struct walk {
    size_t n;
    /* dense */
    const float *S;
    float thr;
    int unweighted, has_nan;
    int one_row; /* a row a pass over acc: the reference for the rows taken GROUP at once */
    int sym;     /* the upper triangle alone (spread_sym): no NaN, no infinite degree */
    /* sparse */
    const mds__graph *g;
    int kept_only;     /* the degrees are those of the kept edges: no rest to spread */
    double total_deg;  /* sum of g->deg */
} walk;

/* One row's spread, its self loop taken out after: the order every path keeps. */
static void spread_row(const walk *wk, size_t i, double wi, double *acc)
{
    size_t n = wk->n;
    const float *row = wk->S + i * n;
    if (wk->has_nan)
        edge_axpy_nan(row, wi, n, wk->thr, wk->unweighted, acc);
    else
        edge_axpy(row, wi, n, wk->thr, wk->unweighted, acc);
    acc[i] -= (double)mds__edge_weight(row[i], wk->thr, wk->unweighted) * wi; /* no self loop */
}

/* GROUP rows r[0] < r[1] < ... (no NaN in them) at once. acc[j] sees the rows' terms in the
 * order of spread_row one row after another; at the rows' own columns the self loop comes
 * out between them, so those columns are done one at a time, the rest in runs between. */
static void spread_group(const walk *wk, const size_t *r, const double *w, double *acc)
{
    size_t n = wk->n;
    float thr = wk->thr;
    int unw = wk->unweighted;
    const float *row[GROUP];
    for (int k = 0; k < GROUP; k++)
        row[k] = wk->S + r[k] * n;
    size_t lo = 0;
    for (int k = 0; k <= GROUP; k++) {
        size_t hi = k < GROUP ? r[k] : n;
        if (hi > lo)
            edge_axpy4(row[0], row[1], row[2], row[3], w, lo, hi, thr, unw, acc);
        if (k == GROUP)
            break;
        size_t j = r[k];
        double s = acc[j];
        for (int q = 0; q < GROUP; q++) {
            float v = row[q][j];
            if (unw)
                s += (double)mds__edge_factor(v, thr) * w[q];
            else
                s += (double)(v * mds__edge_factor(v, thr)) * w[q];
            if (q == k)
                s -= (double)mds__edge_weight(v, thr, unw) * w[q];
        }
        acc[j] = s;
        lo = j + 1;
    }
}

/* The symmetric spread. S is exactly symmetric (SYRK mirrored, or the index's sums), so one
 * pass over the upper triangle gives every column its sum: row i's entries right of the
 * diagonal go down their columns (acc[j] += e(i, j) w[i], j > i) and, read across, are the
 * terms of column i from the rows below (acc[i] += e(i, j) w[j], j ascending). Rows are
 * taken SYM rows at a time in ascending order; column j of a later group has had every row
 * of the groups before added when its own group comes, then the group's block on the
 * diagonal (self loop in and out as spread_row does), then the rows below, ascending: the
 * order of spread_row, so the same bits, with half the bytes of S read. Rows of weight 0 are
 * not skipped: each of their terms is +-0 (no entry is infinite: power checks the degrees)
 * and a sum that is never -0 does not change by adding it. */
#define SYM 16

/* The edge rule as one compare: s >= t and s > 0 is s >= max(t, the least positive float)
 * (NaN never comes here; a NaN threshold stays NaN and makes no edge). */
static float sym_threshold(float thr)
{
    if (thr > 0.0f)
        return thr;
    return thr <= 0.0f ? FLT_TRUE_MIN : thr;
}

/* Rows [i0, i0 + SYM) down columns [k0, n) and, read across, into their own sums: the
 * portable kernel, a column at a time (its rows in order; the rows' SYM sums independent). */
static void sym_columns(const float *S, size_t n, size_t i0, size_t k0, const double *w,
                        float thr, int unw, double *acc)
{
    for (size_t k = k0; k < n; k++) {
        double a = acc[k], wk = w[k];
        for (size_t r = 0; r < SYM; r++) {
            float v = S[(i0 + r) * n + k];
            double e = unw ? (double)mds__edge_factor(v, thr)
                           : (double)(v * mds__edge_factor(v, thr));
            a += e * w[i0 + r];
            acc[i0 + r] += e * wk;
        }
        acc[k] = a;
    }
}

/* Columns [i0, i0 + m) take rows [i0, i0 + m), the self loop in and out at each's own row
 * (S[i][j] = S[j][i]). */
static void sym_diag(const float *S, size_t n, size_t i0, size_t m, const double *w, float thr,
                     int unw, double *acc)
{
    for (size_t j = i0; j < i0 + m; j++) {
        double s = acc[j];
        for (size_t i = i0; i < i0 + m; i++) {
            float v = S[i * n + j];
            if (unw)
                s += (double)mds__edge_factor(v, thr) * w[i];
            else
                s += (double)(v * mds__edge_factor(v, thr)) * w[i];
            if (i == j)
                s -= (double)mds__edge_weight(v, thr, unw) * w[i];
        }
        acc[j] = s;
    }
}

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && defined(__linux__)
#define SYM_X86 1
#include <immintrin.h>

/* The columns left over after the last whole vector, [k, n) (fewer than `width`), copied
 * into a tile of SYM rows padded with zeros: no edge there, weight 0, so each row's sum takes
 * +0 from the padding. Returns how many columns are real. */
static size_t sym_tail(const float *p, size_t n, size_t k, size_t width, const double *w,
                       const double *acc, float *tile, double *wk, double *a)
{
    size_t rem = n - k;
    for (size_t r = 0; r < SYM; r++)
        for (size_t c = 0; c < width; c++)
            tile[r * width + c] = c < rem ? p[r * n + k + c] : 0.0f;
    for (size_t c = 0; c < width; c++) {
        wk[c] = c < rem ? w[k + c] : 0.0;
        a[c] = c < rem ? acc[k + c] : 0.0;
    }
    return rem;
}

/* 8 rows x 8 columns: the rows down the columns into a, then the columns across into t.
 * The tile is turned on its floats, in 256-bit halves (cheaper than 512-bit doubles). */
__attribute__((target("avx512f"), always_inline)) static inline void
sym_tile8(const float *p, size_t n, const double *wi, const double *wk, __m256 t8, int unw,
          __m512d *a, __m512d *t)
{
    const __m256 one = _mm256_set1_ps(1.0f);
    __m256 e[8];
    for (int q = 0; q < 8; q++) {
        __m256 v = _mm256_loadu_ps(p + (size_t)q * n);
        e[q] = _mm256_and_ps(unw ? one : v, _mm256_cmp_ps(v, t8, _CMP_GE_OQ));
        *a = _mm512_add_pd(*a, _mm512_mul_pd(_mm512_cvtps_pd(e[q]), _mm512_set1_pd(wi[q])));
    }
    __m256 u[8], x[8], c[8];
    for (int q = 0; q < 8; q += 2) {
        u[q] = _mm256_unpacklo_ps(e[q], e[q + 1]);
        u[q + 1] = _mm256_unpackhi_ps(e[q], e[q + 1]);
    }
    for (int h = 0; h < 8; h += 4) {
        x[h + 0] = _mm256_shuffle_ps(u[h + 0], u[h + 2], 0x44);
        x[h + 1] = _mm256_shuffle_ps(u[h + 0], u[h + 2], 0xEE);
        x[h + 2] = _mm256_shuffle_ps(u[h + 1], u[h + 3], 0x44);
        x[h + 3] = _mm256_shuffle_ps(u[h + 1], u[h + 3], 0xEE);
    }
    for (int q = 0; q < 4; q++) {
        c[q] = _mm256_permute2f128_ps(x[q], x[q + 4], 0x20);
        c[q + 4] = _mm256_permute2f128_ps(x[q], x[q + 4], 0x31);
    }
    for (int q = 0; q < 8; q++)
        *t = _mm512_add_pd(*t, _mm512_mul_pd(_mm512_cvtps_pd(c[q]), _mm512_set1_pd(wk[q])));
}

/* The 8 x 8 tile on the diagonal at row and column i0: column j (a lane) takes the rows in
 * order, its own row's term in and out again (spread_row's self loop; the other lanes take
 * +0 out, no change). */
__attribute__((target("avx512f"), always_inline)) static inline void
sym_diag8(const float *S, size_t n, size_t i0, const double *w, __m256 t8, int unw,
          double *acc)
{
    const __m256 one = _mm256_set1_ps(1.0f);
    __m512d a = _mm512_loadu_pd(acc + i0), self[8];
    for (int q = 0; q < 8; q++) {
        __m256 v = _mm256_loadu_ps(S + (i0 + (size_t)q) * n + i0);
        __m256 e = _mm256_and_ps(unw ? one : v, _mm256_cmp_ps(v, t8, _CMP_GE_OQ));
        self[q] = _mm512_mul_pd(_mm512_cvtps_pd(e), _mm512_set1_pd(w[i0 + (size_t)q]));
        a = _mm512_add_pd(a, self[q]);
        a = _mm512_mask_sub_pd(a, (__mmask8)(1u << q), a, self[q]);
    }
    _mm512_storeu_pd(acc + i0, a);
}

/* Rows [i0, i0 + 16) as two tile rows of 8: the block on the diagonal (its two diagonal
 * tiles one entry at a time, the tile between by the kernel), then the columns right of it. */
__attribute__((target("avx512f"), always_inline)) static inline void
sym_group512(const float *S, size_t n, size_t i0, const double *w, float thr, int unw,
             double *acc)
{
    const float *p = S + i0 * n;
    __m256 t8 = _mm256_set1_ps(thr);
    sym_diag8(S, n, i0, w, t8, unw, acc);
    __m512d t0 = _mm512_loadu_pd(acc + i0), a = _mm512_loadu_pd(acc + i0 + 8);
    sym_tile8(p + i0 + 8, n, w + i0, w + i0 + 8, t8, unw, &a, &t0);
    _mm512_storeu_pd(acc + i0 + 8, a);
    sym_diag8(S, n, i0 + 8, w, t8, unw, acc);
    __m512d t1 = _mm512_loadu_pd(acc + i0 + 8);
    /* rows 0-7 across, then 8-15 (column k still takes them in order): eight streams of S
     * at a time */
    size_t k = i0 + SYM;
    for (; k + 8 <= n; k += 8) {
        a = _mm512_loadu_pd(acc + k);
        sym_tile8(p + k, n, w + i0, w + k, t8, unw, &a, &t0);
        _mm512_storeu_pd(acc + k, a);
    }
    for (k = i0 + SYM; k + 8 <= n; k += 8) {
        a = _mm512_loadu_pd(acc + k);
        sym_tile8(p + 8 * n + k, n, w + i0 + 8, w + k, t8, unw, &a, &t1);
        _mm512_storeu_pd(acc + k, a);
    }
    if (k < n) {
        float tile[SYM * 8];
        double wk[8], at[8];
        size_t rem = sym_tail(p, n, k, 8, w, acc, tile, wk, at);
        a = _mm512_loadu_pd(at);
        sym_tile8(tile, 8, w + i0, wk, t8, unw, &a, &t0);
        sym_tile8(tile + 64, 8, w + i0 + 8, wk, t8, unw, &a, &t1);
        _mm512_storeu_pd(at, a);
        for (size_t c = 0; c < rem; c++)
            acc[k + c] = at[c];
    }
    _mm512_storeu_pd(acc + i0, t0);
    _mm512_storeu_pd(acc + i0 + 8, t1);
}

__attribute__((target("avx512f"))) static void sym_group_avx512(const float *S, size_t n,
                                                                 size_t i0, const double *w,
                                                                 float thr, int unw,
                                                                 double *acc)
{
    if (unw)
        sym_group512(S, n, i0, w, thr, 1, acc);
    else
        sym_group512(S, n, i0, w, thr, 0, acc);
}

/* 4 rows x 4 columns. */
__attribute__((target("avx2"), always_inline)) static inline void
sym_tile4(const float *p, size_t n, const double *wi, const double *wk, __m128 t4, int unw,
          __m256d *a, __m256d *t)
{
    const __m128 one = _mm_set1_ps(1.0f);
    __m256d r[4];
    for (int q = 0; q < 4; q++) {
        __m128 v = _mm_loadu_ps(p + (size_t)q * n);
        __m128 m = _mm_cmp_ps(v, t4, _CMP_GE_OQ);
        r[q] = _mm256_cvtps_pd(_mm_and_ps(unw ? one : v, m));
        *a = _mm256_add_pd(*a, _mm256_mul_pd(r[q], _mm256_set1_pd(wi[q])));
    }
    /* the products across (each row's by the columns' weights, no broadcast), turned */
    __m256d wv = _mm256_loadu_pd(wk);
    for (int q = 0; q < 4; q++)
        r[q] = _mm256_mul_pd(r[q], wv);
    __m256d u0 = _mm256_unpacklo_pd(r[0], r[1]), u1 = _mm256_unpackhi_pd(r[0], r[1]);
    __m256d u2 = _mm256_unpacklo_pd(r[2], r[3]), u3 = _mm256_unpackhi_pd(r[2], r[3]);
    __m256d c[4] = {_mm256_permute2f128_pd(u0, u2, 0x20), _mm256_permute2f128_pd(u1, u3, 0x20),
                    _mm256_permute2f128_pd(u0, u2, 0x31), _mm256_permute2f128_pd(u1, u3, 0x31)};
    for (int q = 0; q < 4; q++)
        *t = _mm256_add_pd(*t, c[q]);
}

/* The 4 x 4 tile on the diagonal, as sym_diag8. */
__attribute__((target("avx2"), always_inline)) static inline void
sym_diag4(const float *S, size_t n, size_t i0, const double *w, __m128 t4, int unw,
          double *acc)
{
    const __m128 one = _mm_set1_ps(1.0f);
    const __m256d lane[4] = {_mm256_castsi256_pd(_mm256_set_epi64x(0, 0, 0, -1)),
                             _mm256_castsi256_pd(_mm256_set_epi64x(0, 0, -1, 0)),
                             _mm256_castsi256_pd(_mm256_set_epi64x(0, -1, 0, 0)),
                             _mm256_castsi256_pd(_mm256_set_epi64x(-1, 0, 0, 0))};
    __m256d a = _mm256_loadu_pd(acc + i0);
    for (int q = 0; q < 4; q++) {
        __m128 v = _mm_loadu_ps(S + (i0 + (size_t)q) * n + i0);
        __m128 e = _mm_and_ps(unw ? one : v, _mm_cmp_ps(v, t4, _CMP_GE_OQ));
        __m256d x = _mm256_mul_pd(_mm256_cvtps_pd(e), _mm256_set1_pd(w[i0 + (size_t)q]));
        a = _mm256_add_pd(a, x);
        a = _mm256_sub_pd(a, _mm256_and_pd(x, lane[q]));
    }
    _mm256_storeu_pd(acc + i0, a);
}

/* Rows [i0, i0 + 16) as four tile rows of 4, as sym_group512. */
__attribute__((target("avx2"), always_inline)) static inline void
sym_group256(const float *S, size_t n, size_t i0, const double *w, float thr, int unw,
             double *acc)
{
    const float *p = S + i0 * n;
    __m128 t4 = _mm_set1_ps(thr);
    __m256d t[4], a;
    for (size_t g = 0; g < 4; g++) {
        sym_diag4(S, n, i0 + 4 * g, w, t4, unw, acc);
        t[g] = _mm256_loadu_pd(acc + i0 + 4 * g);
        for (size_t h = g + 1; h < 4; h++) {
            a = _mm256_loadu_pd(acc + i0 + 4 * h);
            sym_tile4(p + 4 * g * n + i0 + 4 * h, n, w + i0 + 4 * g, w + i0 + 4 * h, t4, unw, &a,
                      &t[g]);
            _mm256_storeu_pd(acc + i0 + 4 * h, a);
        }
    }
    /* each tile row across alone: column k still takes the rows in order, the four rows'
     * weights stay in registers, and four streams of S at a time are what the prefetchers
     * follow (sixteen fall behind once S is out of cache) */
    size_t k = i0 + SYM;
    for (size_t g = 0; g < 4; g++)
        for (k = i0 + SYM; k + 4 <= n; k += 4) {
            a = _mm256_loadu_pd(acc + k);
            sym_tile4(p + 4 * g * n + k, n, w + i0 + 4 * g, w + k, t4, unw, &a, &t[g]);
            _mm256_storeu_pd(acc + k, a);
        }
    if (k < n) {
        float tile[SYM * 4];
        double wk[4], at[4];
        size_t rem = sym_tail(p, n, k, 4, w, acc, tile, wk, at);
        a = _mm256_loadu_pd(at);
        for (size_t g = 0; g < 4; g++)
            sym_tile4(tile + 16 * g, 4, w + i0 + 4 * g, wk, t4, unw, &a, &t[g]);
        _mm256_storeu_pd(at, a);
        for (size_t c = 0; c < rem; c++)
            acc[k + c] = at[c];
    }
    for (size_t g = 0; g < 4; g++)
        _mm256_storeu_pd(acc + i0 + 4 * g, t[g]);
}

__attribute__((target("avx2"))) static void sym_group_avx2(const float *S, size_t n, size_t i0,
                                                            const double *w, float thr,
                                                            int unw, double *acc)
{
    if (unw)
        sym_group256(S, n, i0, w, thr, 1, acc);
    else
        sym_group256(S, n, i0, w, thr, 0, acc);
}
#endif

static void sym_group_c(const float *S, size_t n, size_t i0, const double *w, float thr,
                        int unw, double *acc)
{
    sym_diag(S, n, i0, SYM, w, thr, unw, acc);
    sym_columns(S, n, i0, i0 + SYM, w, thr, unw, acc);
}

typedef void (*sym_group_fn)(const float *, size_t, size_t, const double *, float, int,
                             double *);

/* The tests' choice of kernel (MDS__WALK_*); AUTO: the widest the CPU runs. */
static int walk_kernel;

int mds__lexrank_set_kernel(int kernel)
{
    int had = walk_kernel;
#ifndef SYM_X86
    if (kernel == MDS__WALK_AVX2 || kernel == MDS__WALK_AVX512)
        return -1;
#else
    if ((kernel == MDS__WALK_AVX2 && !__builtin_cpu_supports("avx2")) ||
        (kernel == MDS__WALK_AVX512 && !__builtin_cpu_supports("avx512f")))
        return -1;
#endif
    walk_kernel = kernel;
    return had;
}

/* Whether the walk takes the upper triangle: with a vector kernel (the portable one, a
 * column at a time, is slower than whole rows the compiler vectorizes), or when asked. */
static int sym_wanted(void)
{
    if (walk_kernel == MDS__WALK_ROWS)
        return 0;
    if (walk_kernel != MDS__WALK_AUTO)
        return 1;
#ifdef SYM_X86
    return __builtin_cpu_supports("avx512f") || __builtin_cpu_supports("avx2");
#else
    return 0;
#endif
}

static sym_group_fn sym_group_pick(void)
{
    if (walk_kernel == MDS__WALK_PORTABLE)
        return sym_group_c;
#ifdef SYM_X86
    if (walk_kernel == MDS__WALK_AVX2)
        return sym_group_avx2;
    if (walk_kernel == MDS__WALK_AVX512 || __builtin_cpu_supports("avx512f"))
        return sym_group_avx512;
    if (__builtin_cpu_supports("avx2"))
        return sym_group_avx2;
#endif
    return sym_group_c;
}

static void spread_sym(const walk *wk, const double *w, double *acc)
{
    size_t n = wk->n;
    const float *S = wk->S;
    float thr = wk->thr;
    int unw = wk->unweighted;
    sym_group_fn group = sym_group_pick();
    float t1 = sym_threshold(thr);
    for (size_t j = 0; j < n; j++)
        acc[j] = 0.0;
    for (size_t i0 = 0; i0 < n; i0 += SYM) {
        if (n - i0 >= SYM)
            group(S, n, i0, w, t1, unw, acc);
        else
            sym_diag(S, n, i0, n - i0, w, t1, unw, acc);
    }
}

static void spread(const walk *wk, const double *w, double *acc)
{
    size_t n = wk->n;
    for (size_t j = 0; j < n; j++)
        acc[j] = 0.0;
    if (wk->g) {
        const mds__graph *g = wk->g;
        size_t k = g->k;
        double rest = 0; /* the weight of the edges not kept, times w */
        for (size_t i = 0; i < n; i++) {
            if (w[i] == 0.0)
                continue;
            const uint32_t *col = g->col + i * k;
            const float *ew = g->w + i * k;
            double kept = 0;
            for (size_t e = 0, m = g->cnt[i]; e < m; e++) {
                acc[col[e]] += (double)ew[e] * w[i];
                kept += (double)ew[e];
            }
            if (wk->kept_only)
                continue;
            double r = g->deg[i] - kept;
            if (r > 0)
                rest += r * w[i];
        }
        /* The edges not kept are the light ones, and there are many: spread their weight
         * over all sentences in proportion to degree, as edges of a graph with these degrees
         * and no other structure would (a rank-one model of the rest of S). Zero when every
         * edge is kept. */
        if (rest > 0 && wk->total_deg > 0)
            for (size_t j = 0; j < n; j++)
                acc[j] += rest * (g->deg[j] / wk->total_deg);
        return;
    }
    if (wk->sym) {
        spread_sym(wk, w, acc);
        return;
    }
    /* rows of weight 0 add nothing: skipped (acc never holds -0, so +0 is no change) */
    size_t r[GROUP];
    double wr[GROUP];
    int m = 0;
    for (size_t i = 0; i < n; i++) {
        if (w[i] == 0.0)
            continue;
        if (wk->has_nan || wk->one_row) {
            spread_row(wk, i, w[i], acc);
            continue;
        }
        r[m] = i;
        wr[m++] = w[i];
        if (m == GROUP) {
            spread_group(wk, r, wr, acc);
            m = 0;
        }
    }
    for (int k = 0; k < m; k++)
        spread_row(wk, r[k], wr[k], acc);
}

static mds_status power(const walk *wk0, double damping, double tolerance, int max_iterations,
                        const double *teleport, double *scores, int *iterations)
{
    walk wk1 = *wk0, *wk = &wk1;
    size_t n = wk->n;
    if (iterations)
        *iterations = 0;
    if (n == 0)
        return MDS_OK;
    double *deg = mds__malloc(n * sizeof *deg);
    double *p = mds__malloc(n * sizeof *p);
    double *q = mds__malloc(n * sizeof *q);
    double *w = mds__malloc(n * sizeof *w);
    double *acc = mds__malloc(n * sizeof *acc);
    mds_status st = MDS_ENOMEM;
    if (!deg || !p || !q || !w || !acc)
        goto done;

    /* Degrees: the spread of all ones (the graphs are symmetric, or out-degrees are the row
     * sums and those are what the walk divides by). */
    for (size_t i = 0; i < n; i++) {
        w[i] = 1.0;
        p[i] = teleport ? teleport[i] : 1.0 / (double)n;
    }
    if (wk->g) {
        for (size_t i = 0; i < n; i++) {
            double sum = 0;
            const float *ew = wk->g->w + i * wk->g->k;
            for (size_t e = 0, m = wk->g->cnt[i]; e < m; e++)
                sum += (double)ew[e];
            deg[i] = wk->kept_only ? sum : wk->g->deg[i];
        }
    } else {
        spread(wk, w, deg); /* S symmetric: column sums are row sums */
        /* an infinite entry is an infinite degree; its row's weights are then 0 and
         * inf * 0 is NaN: such a graph walks the rows of weight 0 skipped, by rows */
        for (size_t i = 0; i < n && wk->sym; i++)
            if (!isfinite(deg[i]))
                wk1.sym = 0;
    }

    int it = 0;
    for (; it < max_iterations; it++) {
        /* q = d * (P^T p) + (d * dangling + (1 - d)) * teleport, P row-stochastic:
         * P^T p = sum_i (p[i] / deg[i]) * edges of row i. A sentence with no edges (dangling)
         * hands its mass to the teleport distribution. */
        double dangling = 0;
        for (size_t i = 0; i < n; i++) {
            if (deg[i] > 0) {
                w[i] = p[i] / deg[i];
            } else {
                w[i] = 0.0;
                dangling += p[i];
            }
        }
        spread(wk, w, acc);
        double jump = damping * dangling + (1.0 - damping);
        double diff = 0, total = 0;
        for (size_t j = 0; j < n; j++) {
            double t = teleport ? teleport[j] : 1.0 / (double)n;
            q[j] = damping * acc[j] + jump * t;
            total += q[j];
        }
        for (size_t j = 0; j < n; j++) {
            q[j] /= total;
            diff += fabs(q[j] - p[j]);
        }
        double *tmp = p;
        p = q;
        q = tmp;
        if (diff < tolerance) {
            it++;
            break;
        }
    }
    if (iterations)
        *iterations = it;
    for (size_t i = 0; i < n; i++)
        scores[i] = p[i] * (double)n;
    st = MDS_OK;
done:
    mds__free(deg);
    mds__free(p);
    mds__free(q);
    mds__free(w);
    mds__free(acc);
    return st;
}

static mds_status dense_walk(const float *S, size_t n, int has_nan, int one_row,
                             const mds__lexrank_opts *o, const double *teleport,
                             double *scores, int *iterations)
{
    walk wk = {n, S, (float)o->threshold, o->mode == MDS_LEXRANK_THRESHOLD, has_nan != 0,
               one_row, !has_nan && !one_row && sym_wanted(), NULL, 0, 0.0};
    return power(&wk, o->damping, o->tolerance, o->max_iterations, teleport, scores,
                 iterations);
}

int mds__has_nan(const float *S, size_t count)
{
    int has = 0;
    for (size_t k = 0; k < count; k++)
        has |= S[k] != S[k];
    return has;
}

mds_status mds__lexrank(const float *S, size_t n, const mds__lexrank_opts *o,
                        const double *teleport, double *scores, int *iterations)
{
    /* NaN never comes from a normalized embedding; if it does, it is no edge (slow path). */
    return dense_walk(S, n, mds__has_nan(S, n * n), 0, o, teleport, scores, iterations);
}

mds_status mds__lexrank_scanned(const float *S, size_t n, int has_nan,
                                const mds__lexrank_opts *o, const double *teleport,
                                double *scores, int *iterations)
{
    return dense_walk(S, n, has_nan, 0, o, teleport, scores, iterations);
}

mds_status mds__lexrank_one_row(const float *S, size_t n, const mds__lexrank_opts *o,
                                const double *teleport, double *scores, int *iterations)
{
    return dense_walk(S, n, mds__has_nan(S, n * n), 1, o, teleport, scores, iterations);
}

mds_status mds__lexrank_sparse(const mds__graph *g, const mds__lexrank_opts *o, int kept_only,
                               const double *teleport, double *scores, int *iterations)
{
    walk wk = {g->n, NULL, 0.0f, 0, 0, 0, 0, g, kept_only, 0.0};
    for (size_t i = 0; i < g->n && !kept_only; i++)
        wk.total_deg += g->deg[i];
    return power(&wk, o->damping, o->tolerance, o->max_iterations, teleport, scores,
                 iterations);
}

void mds__position_prior(size_t n, const uint32_t *doc_of, double weight, double *t)
{
    double sum = 0;
    uint32_t doc = UINT32_MAX, pos = 0;
    for (size_t i = 0; i < n; i++) {
        if (doc_of[i] != doc) {
            doc = doc_of[i];
            pos = 0;
        }
        t[i] = 1.0 / sqrt(1.0 + pos++);
        sum += t[i];
    }
    for (size_t i = 0; i < n; i++)
        t[i] = (1.0 - weight) / (double)n + weight * t[i] / sum;
}

void mds__relevance_prior(size_t n, const double *rel, double weight, double *t)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += rel[i];
    if (!(sum > 0))
        return;
    for (size_t i = 0; i < n; i++)
        t[i] = (1.0 - weight) * t[i] + weight * rel[i] / sum;
}
