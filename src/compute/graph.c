/* SPDX-License-Identifier: MIT */
/* The sparse similarity graph: top-k reduction of row tiles. */
#include "util/alloc.h"
#include "compute/graph.h"

#include <stdlib.h>
#include <string.h>

#include "compute/edge.h"

struct mds__hitem {
    float s;
    uint32_t j;
};
typedef struct mds__hitem hitem;

/* a is a worse edge than b: lighter, or as heavy with a higher index. */
static int worse(hitem a, hitem b) { return a.s < b.s || (a.s == b.s && a.j > b.j); }

/* A row's candidates: k kept and room for a block of 32 more at least twice over. */
static size_t reduce_items(size_t k) { return 2 * k + 64; }

static void swap_items(hitem *h, size_t a, size_t b)
{
    hitem t = h[a];
    h[a] = h[b];
    h[b] = t;
}

/* Puts the k best of h[0..n) (by `worse`) first, in any order (k <= n): quickselect, the
 * pivot a median of three, each pass placing it for good. Items are distinct under `worse`
 * (no two share j), so the range shrinks every pass. */
static void select_best(hitem *h, size_t n, size_t k)
{
    size_t lo = 0, hi = n; /* positions [lo, hi) are still unsettled */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2, last = hi - 1;
        /* the median of h[lo], h[mid], h[last] to h[last] */
        if (worse(h[mid], h[lo]))
            swap_items(h, mid, lo); /* now h[lo] is the worse of the two */
        if (worse(h[last], h[lo]))
            swap_items(h, last, lo); /* h[lo] the worst of three */
        if (worse(h[mid], h[last]))
            swap_items(h, mid, last); /* h[last] the middle one */
        hitem p = h[last];
        size_t q = lo;
        for (size_t e = lo; e < last; e++)
            if (worse(p, h[e]))
                swap_items(h, e, q++);
        swap_items(h, q, last); /* [lo, q) better than p, p at q, (q, hi) worse */
        if (q + 1 == k || q == k)
            return;
        if (q > k)
            hi = q;
        else
            lo = q + 1;
    }
}

static int cmp_col(const void *a, const void *b)
{
    uint32_t x = ((const hitem *)a)->j, y = ((const hitem *)b)->j;
    return x < y ? -1 : x > y;
}

size_t mds__graph_neighbors(size_t n, size_t neighbors)
{
    return neighbors < n ? neighbors : (n > 1 ? n - 1 : 1);
}

size_t mds__graph_bytes(size_t n, size_t k)
{
    return n * k * (sizeof(uint32_t) + sizeof(float)) + n * (sizeof(uint32_t) + sizeof(double));
}

mds_status mds__graph_init(mds__graph *g, size_t n, size_t k)
{
    memset(g, 0, sizeof *g);
    if (k == 0 || (n && k > SIZE_MAX / sizeof(float) / n))
        return MDS_EINVAL;
    g->n = n;
    g->k = k;
    size_t nk = n > 0 ? n * k : 1;
    g->col = mds__malloc(nk * sizeof *g->col);
    g->w = mds__malloc(nk * sizeof *g->w);
    g->cnt = mds__calloc(n ? n : 1, sizeof *g->cnt);
    g->heap = mds__malloc(reduce_items(k) * sizeof *g->heap);
    g->deg = mds__calloc(n ? n : 1, sizeof *g->deg);
    if (!g->col || !g->w || !g->cnt || !g->heap || !g->deg) {
        mds__graph_free(g);
        return MDS_ENOMEM;
    }
    for (size_t i = 0; i < n * k; i++) {
        g->col[i] = MDS__NO_EDGE;
        g->w[i] = 0.0f;
    }
    return MDS_OK;
}

void mds__graph_free(mds__graph *g)
{
    mds__free(g->col);
    mds__free(g->w);
    mds__free(g->cnt);
    mds__free(g->heap);
    mds__free(g->deg);
    memset(g, 0, sizeof *g);
}

size_t mds__graph_reduce_bytes(size_t k) { return reduce_items(k) * sizeof(hitem); }

/* lane[u] += the edge weight of seg[t] for t = u mod 4 (the tail to lane 0): four running
 * sums. With vector extensions the four lanes are one vector of doubles, the same additions
 * in the same order, so the same bits as the scalar form. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && defined(__linux__)
typedef float v4f __attribute__((vector_size(16)));
typedef int32_t v4i __attribute__((vector_size(16)));
typedef double v4d __attribute__((vector_size(32)));

__attribute__((target_clones("avx2", "default")))
static void degree_lanes(const float *seg, size_t len, float threshold, int unweighted,
                         double lane[4])
{
    v4d acc = {lane[0], lane[1], lane[2], lane[3]};
    v4f thr = {threshold, threshold, threshold, threshold}, zero = {0, 0, 0, 0};
    v4f one = {1.0f, 1.0f, 1.0f, 1.0f};
    size_t t = 0;
    for (; t + 4 <= len; t += 4) {
        v4f v;
        memcpy(&v, seg + t, sizeof v);
        v4i edge = (v >= thr) & (v > zero); /* NaN: no edge */
        v4f w = unweighted ? one : v;
        v4i bits;
        memcpy(&bits, &w, sizeof bits);
        bits &= edge;
        memcpy(&w, &bits, sizeof w);
        acc += __builtin_convertvector(w, v4d);
    }
    for (size_t u = 0; u < 4; u++)
        lane[u] = acc[u];
    for (; t < len; t++)
        lane[0] += mds__edge_weight(seg[t], threshold, unweighted);
}
#else
static void degree_lanes(const float *seg, size_t len, float threshold, int unweighted,
                         double lane[4])
{
    size_t t = 0;
    for (; t + 4 <= len; t += 4)
        for (size_t u = 0; u < 4; u++)
            lane[u] += mds__edge_weight(seg[t + u], threshold, unweighted);
    for (; t < len; t++)
        lane[0] += mds__edge_weight(seg[t], threshold, unweighted);
}
#endif

/* Bit u set where seg[u] > floor, u < len <= 32: no branch, so it vectorizes (NaN compares
 * false: never an edge). */
static uint32_t above(const float *seg, size_t len, float floor)
{
    uint32_t bits = 0;
    for (size_t u = 0; u < len; u++)
        bits |= (uint32_t)(seg[u] > floor) << u;
    return bits;
}

void mds__graph_row_begin(mds__row_reduce *r, hitem *heap)
{
    *r = (mds__row_reduce){.heap = heap};
}

void mds__graph_row_scan(const mds__graph *g, mds__row_reduce *r, size_t i, const float *seg,
                         size_t j0, size_t len, float threshold, int unweighted)
{
    size_t k = g->k, m = r->m, cap = reduce_items(k);
    hitem *it = r->heap;
    /* the degree: every edge, in four running sums (no branch, no long chain of dependent
     * additions); the diagonal is taken out at the end */
    degree_lanes(seg, len, threshold, unweighted, r->lane);
    if (i >= j0 && i - j0 < len)
        r->self = mds__edge_weight(seg[i - j0], threshold, unweighted);
    /* The candidates: every edge heavier than the floor, the lightest of the k best so far
     * once k are known (j only grows, so an equal weight never wins). A block of 32 is
     * tested at once into a bit mask, and only the set bits are visited; when the room
     * runs short the k best are selected and the floor rises. */
    float floor = r->floor;
    for (size_t t0 = 0; t0 < len; t0 += 32) {
        size_t t1 = len - t0 < 32 ? len : t0 + 32;
        uint32_t bits = above(seg + t0, t1 - t0, floor);
        if (!bits)
            continue;
        if (m + 32 > cap) {
            select_best(it, m, k);
            m = k;
            size_t w = 0;
            for (size_t e = 1; e < k; e++)
                if (worse(it[e], it[w]))
                    w = e;
            floor = it[w].s;
            bits = above(seg + t0, t1 - t0, floor);
        }
        for (; bits; bits &= bits - 1) {
            size_t u = t0 + (size_t)__builtin_ctz(bits), j = j0 + u;
            float v = seg[u];
            it[m] = (hitem){v, (uint32_t)j};
            m += (size_t)(mds__is_edge(v, threshold) & (j != i));
        }
    }
    r->floor = floor;
    r->m = m;
}

size_t mds__graph_row_end(mds__graph *g, mds__row_reduce *r, size_t i, int unweighted)
{
    size_t k = g->k, m = r->m;
    hitem *hp = r->heap;
    g->deg[i] = (r->lane[0] + r->lane[1]) + (r->lane[2] + r->lane[3]) - r->self;
    if (m > k) {
        select_best(hp, m, k);
        m = k;
    }
    qsort(hp, m, sizeof *hp, cmp_col);
    uint32_t *col = g->col + i * k;
    float *w = g->w + i * k;
    for (size_t e = 0; e < m; e++) {
        col[e] = hp[e].j;
        w[e] = unweighted ? 1.0f : hp[e].s;
    }
    for (size_t e = m; e < k; e++) {
        col[e] = MDS__NO_EDGE;
        w[e] = 0.0f;
    }
    g->cnt[i] = (uint32_t)m;
    return m;
}

void mds__graph_add_tile(mds__graph *g, const float *S, size_t row0, size_t rows,
                         float threshold, int unweighted)
{
    size_t n = g->n;
    for (size_t r = 0; r < rows; r++) {
        size_t i = row0 + r;
        mds__row_reduce red;
        mds__graph_row_begin(&red, g->heap);
        mds__graph_row_scan(g, &red, i, S + r * n, 0, n, threshold, unweighted);
        size_t old = g->cnt[i];
        size_t m = mds__graph_row_end(g, &red, i, unweighted);
        g->edges = g->edges - old + m;
    }
}
