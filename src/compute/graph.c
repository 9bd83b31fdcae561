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

/* Min-heap on `worse`: h[0] is the worst edge kept. */
static void sift_down(hitem *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && worse(h[l], h[m]))
            m = l;
        if (r < n && worse(h[r], h[m]))
            m = r;
        if (m == i)
            return;
        hitem t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

static void sift_up(hitem *h, size_t i)
{
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!worse(h[i], h[p]))
            return;
        hitem t = h[i];
        h[i] = h[p];
        h[p] = t;
        i = p;
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
    g->heap = mds__malloc(k * sizeof *g->heap);
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

size_t mds__graph_reduce_bytes(size_t k) { return k * sizeof(hitem); }

void mds__graph_row_begin(mds__row_reduce *r, hitem *heap)
{
    *r = (mds__row_reduce){.heap = heap};
}

void mds__graph_row_scan(const mds__graph *g, mds__row_reduce *r, size_t i, const float *seg,
                         size_t j0, size_t len, float threshold, int unweighted)
{
    size_t k = g->k, m = r->m;
    hitem *hp = r->heap;
    /* the degree: every edge, in four running sums (no branch, no long chain of dependent
     * additions); the diagonal is taken out at the end */
    double a = r->lane[0], b = r->lane[1], c = r->lane[2], d = r->lane[3];
    size_t t = 0;
    for (; t + 4 <= len; t += 4) {
        a += mds__edge_weight(seg[t], threshold, unweighted);
        b += mds__edge_weight(seg[t + 1], threshold, unweighted);
        c += mds__edge_weight(seg[t + 2], threshold, unweighted);
        d += mds__edge_weight(seg[t + 3], threshold, unweighted);
    }
    for (; t < len; t++)
        a += mds__edge_weight(seg[t], threshold, unweighted);
    r->lane[0] = a, r->lane[1] = b, r->lane[2] = c, r->lane[3] = d;
    if (i >= j0 && i - j0 < len)
        r->self = mds__edge_weight(seg[i - j0], threshold, unweighted);
    for (size_t t0 = 0; t0 < len; t0 += 32) {
        size_t t1 = len - t0 < 32 ? len : t0 + 32;
        if (m == k) {
            /* Full heap: only an edge heavier than the lightest kept can enter. Most blocks
             * have none; this test has no branch per element, so it vectorizes (NaN compares
             * false: never an edge). */
            float floor = hp[0].s;
            int any = 0;
            for (size_t u = t0; u < t1; u++)
                any |= seg[u] > floor;
            if (!any)
                continue;
        }
        for (size_t u = t0; u < t1; u++) {
            float v = seg[u];
            size_t j = j0 + u;
            if (m == k) {
                /* the root passed the edge test: heavier than it is an edge too, but for the
                 * diagonal; j only grows, so an equal weight never wins */
                if (!(v > hp[0].s) || j == i)
                    continue;
                hp[0] = (hitem){v, (uint32_t)j};
                sift_down(hp, k, 0);
            } else if (mds__is_edge(v, threshold) && j != i) {
                hp[m] = (hitem){v, (uint32_t)j};
                sift_up(hp, m++);
            }
        }
    }
    r->m = m;
}

size_t mds__graph_row_end(mds__graph *g, mds__row_reduce *r, size_t i, int unweighted)
{
    size_t k = g->k, m = r->m;
    hitem *hp = r->heap;
    g->deg[i] = (r->lane[0] + r->lane[1]) + (r->lane[2] + r->lane[3]) - r->self;
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
