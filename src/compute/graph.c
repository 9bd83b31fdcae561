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

/* The full degree of row i: all its edges, in four running sums (no branch, no long chain of
 * dependent additions). */
static double row_degree(const float *row, size_t n, size_t i, float threshold, int unweighted)
{
    double a = 0, b = 0, c = 0, d = 0;
    size_t j = 0;
    for (; j + 4 <= n; j += 4) {
        a += mds__edge_weight(row[j], threshold, unweighted);
        b += mds__edge_weight(row[j + 1], threshold, unweighted);
        c += mds__edge_weight(row[j + 2], threshold, unweighted);
        d += mds__edge_weight(row[j + 3], threshold, unweighted);
    }
    for (; j < n; j++)
        a += mds__edge_weight(row[j], threshold, unweighted);
    return (a + b) + (c + d) - mds__edge_weight(row[i], threshold, unweighted);
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

void mds__graph_add_tile(mds__graph *g, const float *S, size_t row0, size_t rows,
                         float threshold, int unweighted)
{
    size_t n = g->n, k = g->k;
    hitem *hp = g->heap;
    for (size_t r = 0; r < rows; r++) {
        size_t i = row0 + r;
        const float *row = S + r * n;
        g->deg[i] = row_degree(row, n, i, threshold, unweighted);
        size_t m = 0;
        for (size_t j0 = 0; j0 < n; j0 += 32) {
            size_t j1 = n - j0 < 32 ? n : j0 + 32;
            if (m == k) {
                /* Full heap: only an edge heavier than the lightest kept can enter. Most
                 * blocks have none; this test has no branch per element, so it vectorizes
                 * (NaN compares false: never an edge). */
                float floor = hp[0].s;
                int any = 0;
                for (size_t j = j0; j < j1; j++)
                    any |= row[j] > floor;
                if (!any)
                    continue;
            }
            for (size_t j = j0; j < j1; j++) {
                float v = row[j];
                if (m == k) {
                    /* the root passed the edge test: heavier than it is an edge too, but for
                     * the diagonal; j only grows, so an equal weight never wins */
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
        g->edges = g->edges - g->cnt[i] + m;
        g->cnt[i] = (uint32_t)m;
    }
}
