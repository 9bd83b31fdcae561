/* SPDX-License-Identifier: MIT */
/* The gram from X's non-zeros: an inverted index, scattered rows, the fused top-k graph. */
#include "compute/spgram.h"

#include <pthread.h>
#include <string.h>

#include "compute/edge.h"
#include "util/alloc.h"

/* Columns summed at once in the fused graph: 16 KiB of floats, in L1 beside the postings. A
 * multiple of 4 (mds__row_reduce's segments). */
#define BLOCK 4096
/* Rows that share one pass over the postings of a block of columns. */
#define GROUP 1024

size_t mds__spgram_bytes(size_t n, size_t d, size_t nnz)
{
    return (n + 1 + d + 1) * sizeof(size_t) + 2 * nnz * (sizeof(uint32_t) + sizeof(float));
}

void mds__spgram_free(mds__spgram *g)
{
    mds__free(g->row_at);
    mds__free(g->dim);
    mds__free(g->val);
    mds__free(g->post_at);
    mds__free(g->prow);
    mds__free(g->pval);
    memset(g, 0, sizeof *g);
}

/* A row of X is a few dozen non-zeros among D = 1,024. A flag a dimension (1: not zero; -0
 * is zero, NaN is not) by a loop that vectorizes, then the flags read 8 at a time: most
 * such words are 0. nz has d rounded up to 8 bytes, the pad zero. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && defined(__linux__)
__attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#endif
static void row_flags(const float *restrict x, size_t d, uint8_t *restrict nz)
{
    for (size_t t = 0; t < d; t++) {
        uint32_t b;
        memcpy(&b, x + t, sizeof b);
        nz[t] = (uint8_t)((b << 1) != 0);
    }
}

static inline uint64_t flags_word(const uint8_t *nz)
{
    uint64_t w;
    memcpy(&w, nz, sizeof w);
    return w;
}

size_t mds__spgram_count(const float *X, size_t n, size_t d, size_t *cnt)
{
    memset(cnt, 0, d * sizeof *cnt);
    size_t words = (d + 7) / 8;
    uint8_t *nz = mds__calloc(words ? words * 8 : 1, 1);
    for (size_t i = 0; i < n && nz; i++) {
        row_flags(X + i * d, d, nz);
        for (size_t c = 0; c < words; c++)
            if (flags_word(nz + c * 8))
                for (size_t t = c * 8; t < c * 8 + 8 && t < d; t++)
                    cnt[t] += nz[t];
    }
    for (size_t i = 0; i < n && !nz; i++) /* no room for the flags: the plain scan */
        for (size_t t = 0; t < d; t++)
            cnt[t] += X[i * d + t] != 0.0f;
    mds__free(nz);
    size_t nnz = 0;
    for (size_t t = 0; t < d; t++)
        nnz += cnt[t];
    return nnz;
}

/* Appends x[t] to row i's non-zeros and to dimension t's postings (post_at[t] its fill
 * pointer). */
static inline void add_nonzero(mds__spgram *g, size_t i, size_t t, float v, size_t *q)
{
    g->dim[*q] = (uint32_t)t;
    g->val[(*q)++] = v;
    size_t at = g->post_at[t]++;
    g->prow[at] = (uint32_t)i;
    g->pval[at] = v;
}

/* g's arrays for the non-zeros counted in cnt (d counts), post_at[t] at dimension t's first
 * posting (the fill pointer, moved back by index_done), and the pairs. */
static mds_status index_alloc(mds__spgram *g, size_t n, size_t d, const size_t *cnt)
{
    memset(g, 0, sizeof *g);
    if (n >= UINT32_MAX || d >= UINT32_MAX)
        return MDS_EINVAL;
    size_t nnz = 0;
    for (size_t t = 0; t < d; t++)
        nnz += cnt[t];
    g->n = n;
    g->d = d;
    g->nnz = nnz;
    size_t z = nnz ? nnz : 1;
    g->row_at = mds__malloc((n + 1) * sizeof *g->row_at);
    g->dim = mds__malloc(z * sizeof *g->dim);
    g->val = mds__malloc(z * sizeof *g->val);
    g->post_at = mds__malloc((d + 1) * sizeof *g->post_at);
    g->prow = mds__malloc(z * sizeof *g->prow);
    g->pval = mds__malloc(z * sizeof *g->pval);
    if (!g->row_at || !g->dim || !g->val || !g->post_at || !g->prow || !g->pval) {
        mds__spgram_free(g);
        return MDS_ENOMEM;
    }
    double pairs = 0.0;
    g->post_at[0] = 0;
    for (size_t t = 0; t < d; t++) {
        double c = (double)cnt[t];
        pairs += c * c;
        g->post_at[t + 1] = g->post_at[t] + cnt[t];
    }
    g->pairs = pairs;
    return MDS_OK;
}

/* After the rows' non-zeros were added (q of them): the fill pointers back one place. */
static void index_done(mds__spgram *g, size_t q)
{
    g->row_at[g->n] = q;
    for (size_t t = g->d; t > 0; t--)
        g->post_at[t] = g->post_at[t - 1];
    g->post_at[0] = 0;
}

mds_status mds__spgram_init_counted(mds__spgram *g, const float *X, size_t n, size_t d,
                                    const size_t *cnt)
{
    mds_status st = index_alloc(g, n, d, cnt);
    if (st)
        return st;
    /* one pass over X: the rows' non-zeros and the postings by row (rows in increasing order
     * fill each dimension's list in order); post_at[t] runs ahead as the fill pointer, then
     * moves back one place */
    size_t q = 0, words = (d + 7) / 8;
    uint8_t *nz = mds__calloc(words ? words * 8 : 1, 1);
    if (!nz) {
        mds__spgram_free(g);
        return MDS_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        g->row_at[i] = q;
        const float *x = X + i * d;
        row_flags(x, d, nz);
        for (size_t c = 0; c < words; c++)
            if (flags_word(nz + c * 8))
                for (size_t t = c * 8; t < c * 8 + 8 && t < d; t++)
                    if (nz[t])
                        add_nonzero(g, i, t, x[t], &q);
    }
    mds__free(nz);
    index_done(g, q);
    return MDS_OK;
}

/* Is v one of X's non-zeros as row_flags sees them (-0 is zero, NaN is not)? */
static inline int nonzero(float v)
{
    uint32_t b;
    memcpy(&b, &v, sizeof b);
    return (b << 1) != 0;
}

size_t mds__spgram_count_csr(const mds__csr *A, size_t *cnt)
{
    memset(cnt, 0, A->d * sizeof *cnt);
    size_t nnz = 0;
    for (size_t e = 0; e < (A->n ? A->row_at[A->n] : 0); e++)
        if (nonzero(A->val[e])) {
            cnt[A->col[e]]++;
            nnz++;
        }
    return nnz;
}

mds_status mds__spgram_init_csr(mds__spgram *g, const mds__csr *A, const size_t *cnt)
{
    memset(g, 0, sizeof *g);
    size_t n = A->n, d = A->d;
    if (n >= UINT32_MAX || d >= UINT32_MAX || mds__csr_check(A))
        return MDS_EINVAL;
    size_t *own = NULL;
    if (!cnt) {
        if (!(own = mds__malloc((d ? d : 1) * sizeof *own)))
            return MDS_ENOMEM;
        mds__spgram_count_csr(A, own);
        cnt = own;
    }
    mds_status st = index_alloc(g, n, d, cnt);
    mds__free(own);
    if (st)
        return st;
    size_t q = 0;
    for (size_t i = 0; i < n; i++) {
        g->row_at[i] = q;
        for (size_t e = A->row_at[i]; e < A->row_at[i + 1]; e++)
            if (nonzero(A->val[e]))
                add_nonzero(g, i, A->col[e], A->val[e], &q);
    }
    index_done(g, q);
    return MDS_OK;
}

mds_status mds__spgram_init(mds__spgram *g, const float *X, size_t n, size_t d)
{
    memset(g, 0, sizeof *g);
    if (n >= UINT32_MAX || d >= UINT32_MAX)
        return MDS_EINVAL;
    size_t *cnt = mds__malloc((d ? d : 1) * sizeof *cnt);
    if (!cnt)
        return MDS_ENOMEM;
    mds__spgram_count(X, n, d, cnt);
    mds_status st = mds__spgram_init_counted(g, X, n, d, cnt);
    mds__free(cnt);
    return st;
}

/* acc[prow - j0] += v * pval over one run of postings. The product is a statement of its own
 * so that no compiler fuses it into the addition: every path gives the same bits. */
static inline void scatter(float *acc, size_t j0, const uint32_t *prow, const float *pval,
                           size_t cnt, float v)
{
    for (size_t p = 0; p < cnt; p++) {
        float prod = v * pval[p];
        acc[prow[p] - j0] += prod;
    }
}

/* Row i of S into row (n floats), from the index. */
static void one_row(const mds__spgram *g, size_t i, float *row)
{
    memset(row, 0, g->n * sizeof *row);
    for (size_t e = g->row_at[i]; e < g->row_at[i + 1]; e++) {
        size_t a = g->post_at[g->dim[e]], b = g->post_at[g->dim[e] + 1];
        scatter(row, 0, g->prow + a, g->pval + a, b - a, g->val[e]);
    }
}

void mds__spgram_rows(const mds__spgram *g, size_t row0, size_t rows, float *S)
{
    for (size_t r = 0; r < rows; r++)
        one_row(g, row0 + r, S + r * g->n);
}

void mds__spgram_row_dense(const float *X, size_t n, size_t d, size_t i, float *row)
{
    const float *xi = X + i * d;
    /* the first and last non-zero of x_i bound the loop; zeros in between add +0 or -0,
     * which leaves any sum as it is */
    size_t lo = 0, hi = d;
    while (lo < d && xi[lo] == 0.0f)
        lo++;
    while (hi > lo && xi[hi - 1] == 0.0f)
        hi--;
    for (size_t j = 0; j < n; j++) {
        const float *xj = X + j * d;
        float s = 0.0f;
        for (size_t t = lo; t < hi; t++) {
            if (xi[t] == 0.0f)
                continue;
            float prod = xi[t] * xj[t];
            s += prod;
        }
        row[j] = s;
    }
}

void mds__spgram_row_csr(const mds__csr *A, size_t i, float *row)
{
    const uint32_t *ci = A->col + A->row_at[i];
    const float *vi = A->val + A->row_at[i];
    size_t ni = A->row_at[i + 1] - A->row_at[i];
    for (size_t j = 0; j < A->n; j++) {
        const uint32_t *cj = A->col + A->row_at[j];
        const float *vj = A->val + A->row_at[j];
        size_t nj = A->row_at[j + 1] - A->row_at[j], p = 0, q = 0;
        float s = 0.0f;
        /* the dimensions both use, in increasing order: the index's sum, and like the index
         * without the entries that hold zero */
        while (p < ni && q < nj) {
            if (ci[p] < cj[q]) {
                p++;
            } else if (ci[p] > cj[q]) {
                q++;
            } else {
                if (nonzero(vi[p]) && nonzero(vj[q])) {
                    float prod = vi[p] * vj[q];
                    s += prod;
                }
                p++;
                q++;
            }
        }
        row[j] = s;
    }
}

typedef struct rows_job {
    const mds__spgram *g;
    size_t row0, rows;
    float *S;
    float thr;
    size_t edges; /* out: the edges of its rows, self loops not counted */
    int nan;      /* out: 1 when a NaN is among its rows */
} rows_job;

/* The edges of a row of S, the self loop included, and whether it holds a NaN. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && defined(__linux__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
static size_t row_edges(const float *row, size_t n, float thr, int *nan)
{
    /* 32-bit counts vectorize twice as wide; a row has fewer than 2^32 columns */
    uint32_t e = 0, z = 0;
    for (size_t j = 0; j < n; j++) {
        e += (uint32_t)mds__is_edge(row[j], thr);
        z |= (uint32_t)(row[j] != row[j]);
    }
    *nan |= z != 0;
    return e;
}

/* Each row counted while it is in cache, as cpu_graph counted the whole S. */
static void *rows_thread(void *arg)
{
    rows_job *jb = arg;
    size_t n = jb->g->n, edges = 0;
    int nan = 0;
    float thr = jb->thr;
    for (size_t r = 0; r < jb->rows; r++) {
        size_t i = jb->row0 + r;
        float *row = jb->S + r * n;
        one_row(jb->g, i, row);
        edges += row_edges(row, n, thr, &nan) - (size_t)mds__is_edge(row[i], thr);
    }
    jb->edges = edges;
    jb->nan = nan;
    return NULL;
}

void mds__spgram_matrix_edges(const mds__spgram *g, float *S, int threads, float thr,
                              size_t *edges, int *has_nan)
{
    size_t n = g->n, T = threads < 1 ? 1 : threads > 64 ? 64 : (size_t)threads;
    if (n < 512) /* a thread costs more than it saves */
        T = 1;
    rows_job jobs[64];
    pthread_t tid[64];
    size_t per = (n + T - 1) / T, started = 0;
    for (size_t t = 0; t < T; t++) {
        size_t r0 = t * per < n ? t * per : n;
        jobs[t] = (rows_job){g, r0, n - r0 < per ? n - r0 : per, S + r0 * n, thr, 0, 0};
    }
    for (size_t t = 1; t < T; t++) {
        if (pthread_create(&tid[t], NULL, rows_thread, &jobs[t]) != 0)
            break;
        started = t;
    }
    rows_thread(&jobs[0]);
    for (size_t t = started + 1; t < T; t++) /* those that could not start: here */
        rows_thread(&jobs[t]);
    for (size_t t = 1; t <= started; t++)
        pthread_join(tid[t], NULL);
    size_t e = 0;
    int z = 0;
    for (size_t t = 0; t < T; t++) {
        e += jobs[t].edges;
        z |= jobs[t].nan;
    }
    if (edges)
        *edges = e;
    if (has_nan)
        *has_nan = z;
}

void mds__spgram_matrix(const mds__spgram *g, float *S, int threads)
{
    mds__spgram_matrix_edges(g, S, threads, 0.0f, NULL, NULL);
}

size_t mds__spgram_group(size_t n, int threads)
{
    size_t t = threads < 1 ? 1 : (size_t)threads;
    size_t per = (n + t - 1) / t;
    return per < 1 ? 1 : per < GROUP ? per : GROUP;
}

size_t mds__spgram_thread_bytes(size_t d, size_t k, size_t group)
{
    return group * (mds__graph_reduce_bytes(k) + sizeof(mds__row_reduce)) +
           BLOCK * sizeof(float) + 2 * d * sizeof(size_t);
}

typedef struct job {
    const mds__spgram *sg;
    mds__graph *g;
    float threshold;
    int unweighted;
    size_t group;       /* rows of a group */
    size_t first, step; /* groups first, first + step, ... */
    size_t edges;       /* out: the edges its rows keep */
    mds_status st;
} job;

static mds_status graph_groups(job *jb)
{
    const mds__spgram *sg = jb->sg;
    mds__graph *g = jb->g;
    size_t n = sg->n, d = sg->d, k = g->k;
    size_t G = jb->group;
    struct mds__hitem *heaps = mds__malloc(G * mds__graph_reduce_bytes(k));
    mds__row_reduce *red = mds__malloc(G * sizeof *red);
    float *acc = mds__calloc(BLOCK, sizeof *acc);
    size_t *cur = mds__malloc((d ? d : 1) * sizeof *cur);
    size_t *end = mds__malloc((d ? d : 1) * sizeof *end);
    mds_status st = MDS_OK;
    if (!heaps || !red || !acc || !cur || !end) {
        st = MDS_ENOMEM;
        goto done;
    }
    for (size_t gi = jb->first; gi * G < n; gi += jb->step) {
        size_t r0 = gi * G, rows = n - r0 < G ? n - r0 : G;
        for (size_t r = 0; r < rows; r++)
            mds__graph_row_begin(&red[r], (struct mds__hitem *)((char *)heaps +
                                                  r * mds__graph_reduce_bytes(k)));
        memcpy(cur, sg->post_at, d * sizeof *cur);
        for (size_t j0 = 0; j0 < n; j0 += BLOCK) {
            size_t len = n - j0 < BLOCK ? n - j0 : BLOCK;
            uint32_t j1 = (uint32_t)(j0 + len);
            for (size_t t = 0; t < d; t++) {
                size_t e = cur[t], stop = sg->post_at[t + 1];
                while (e < stop && sg->prow[e] < j1)
                    e++;
                end[t] = e;
            }
            for (size_t r = 0; r < rows; r++) {
                size_t i = r0 + r;
                for (size_t e = sg->row_at[i]; e < sg->row_at[i + 1]; e++) {
                    uint32_t t = sg->dim[e];
                    scatter(acc, j0, sg->prow + cur[t], sg->pval + cur[t], end[t] - cur[t],
                            sg->val[e]);
                }
                mds__graph_row_scan(g, &red[r], i, acc, j0, len, jb->threshold,
                                    jb->unweighted);
                memset(acc, 0, len * sizeof *acc);
            }
            memcpy(cur, end, d * sizeof *cur);
        }
        for (size_t r = 0; r < rows; r++)
            jb->edges += mds__graph_row_end(g, &red[r], r0 + r, jb->unweighted);
    }
done:
    mds__free(end);
    mds__free(cur);
    mds__free(acc);
    mds__free(red);
    mds__free(heaps);
    return st;
}

static void *graph_thread(void *arg)
{
    job *jb = arg;
    jb->st = graph_groups(jb);
    return NULL;
}

mds_status mds__spgram_graph(const mds__spgram *sg, mds__graph *g, float threshold,
                             int unweighted, int threads, size_t group)
{
    size_t T = threads < 1 ? 1 : threads > 64 ? 64 : (size_t)threads;
    size_t G = mds__spgram_group(sg->n, (int)T);
    if (group >= 1 && group < G)
        G = group;
    size_t groups = (sg->n + G - 1) / G;
    if (T > groups)
        T = groups ? groups : 1;
    job jobs[64];
    pthread_t tid[64];
    size_t started = 0;
    for (size_t t = 0; t < T; t++)
        jobs[t] = (job){sg, g, threshold, unweighted, G, t, T, 0, MDS_OK};
    /* thread 0 is this one */
    for (size_t t = 1; t < T; t++) {
        if (pthread_create(&tid[t], NULL, graph_thread, &jobs[t]) != 0)
            break;
        started = t;
    }
    /* groups of a thread that could not start are done here, after thread 0's own */
    graph_thread(&jobs[0]);
    for (size_t t = started + 1; t < T; t++)
        graph_thread(&jobs[t]);
    mds_status st = MDS_OK;
    size_t edges = 0;
    for (size_t t = 0; t < T; t++) {
        if (t >= 1 && t <= started)
            pthread_join(tid[t], NULL);
        if (jobs[t].st)
            st = jobs[t].st;
        edges += jobs[t].edges;
    }
    g->edges = edges;
    return st;
}
