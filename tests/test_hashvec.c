/* SPDX-License-Identifier: MIT */
/* Tests for src/embed/hashvec.c: hashing, signs, tf-idf weights, idf blending, normalization. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "embed/hashvec.h"
#include "testutil.h"

#define DIM 1024
#define BITS 16

static void model_init(mds__model *m, uint64_t seed)
{
    memset(m, 0, sizeof *m);
    m->version = MDS__MODEL_VERSION;
    strcpy(m->lang, "none");
    m->seed = seed;
    m->bucket_bits = BITS;
    m->dim = DIM;
}

/* Terms of each text, one mds__terms per text, words split on spaces by the featurizer
 * with no stemming and no stopwords, so a test controls its terms exactly. */
static mds__terms *terms_of(const char *const *texts, size_t n)
{
    mds__featurizer *f;
    mds__terms *t = calloc(n, sizeof *t);
    if (!t || mds__featurizer_new("none", NULL, 0, &f) != MDS_OK)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (mds__features_extract(f, texts[i], strlen(texts[i]), &t[i]) != MDS_OK)
            return NULL;
    mds__featurizer_free(f);
    return t;
}

static void terms_free(mds__terms *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        mds__terms_free(&t[i]);
    free(t);
}

static double dot(const float *a, const float *b)
{
    double s = 0;
    for (size_t d = 0; d < DIM; d++)
        s += (double)a[d] * b[d];
    return s;
}

static size_t dim_of(const mds__model *m, const char *term)
{
    uint64_t h = mds__hash_term(term, strlen(term), m->seed);
    return (size_t)(h & ((1u << m->bucket_bits) - 1)) & (m->dim - 1);
}

static size_t bucket_of(const mds__model *m, const char *term)
{
    return (size_t)(mds__hash_term(term, strlen(term), m->seed) & ((1u << m->bucket_bits) - 1));
}

static void test_hash(void)
{
    CU_ASSERT_EQUAL(mds__hash_term("court", 5, 7), XXH64("court", 5, 7));
    CU_ASSERT_NOT_EQUAL(mds__hash_term("court", 5, 7), mds__hash_term("court", 5, 8));
    CU_ASSERT_EQUAL(mds__hash_term("", 0, 0), XXH64("", 0, 0));
}

static void test_unit_norm_and_identity(void)
{
    mds__model m;
    model_init(&m, 1);
    const char *texts[] = {
        "the quick brown fox jumps over the lazy dog",
        "a stitch in time saves nine",
        "the quick brown fox jumps over the lazy dog",
        "",
        "fox fox fox",
    };
    size_t n = sizeof texts / sizeof *texts;
    mds__terms *t = terms_of(texts, n);
    CU_ASSERT_FATAL(t != NULL);
    float *X = malloc(n * DIM * sizeof *X);
    for (size_t i = 0; i < n * DIM; i++)
        X[i] = 123.0f; /* must be overwritten */
    uint32_t doc_of[] = {0, 0, 1, 1, 2};
    CU_ASSERT_EQUAL_FATAL(mds__hashvec_embed(&m, t, n, doc_of, 3, 1.0, X), MDS_OK);
    for (size_t i = 0; i < n; i++) {
        double norm = sqrt(dot(X + i * DIM, X + i * DIM));
        CU_ASSERT_DOUBLE_EQUAL(norm, i == 3 ? 0.0 : 1.0, 1e-5);
    }
    /* Identical sentences: identical rows, cosine 1. */
    CU_ASSERT_EQUAL(memcmp(X, X + 2 * DIM, DIM * sizeof *X), 0);
    CU_ASSERT_DOUBLE_EQUAL(dot(X, X + 2 * DIM), 1.0, 1e-5);
    /* A single repeated term: one nonzero entry of magnitude 1. */
    size_t nz = 0;
    for (size_t d = 0; d < DIM; d++)
        nz += X[4 * DIM + d] != 0.0f;
    CU_ASSERT_EQUAL(nz, 1);
    free(X);
    terms_free(t, n);
}

static void test_disjoint(void)
{
    mds__model m;
    model_init(&m, 2);
    const char *texts[] = {
        "parliament approved budget amendment yesterday after lengthy debate over taxation",
        "volcanic eruption forced villagers evacuate coastal towns overnight emergency shelters",
    };
    mds__terms *t = terms_of(texts, 2);
    CU_ASSERT_FATAL(t != NULL);
    float X[2 * DIM];
    CU_ASSERT_EQUAL_FATAL(mds__hashvec_embed(&m, t, 2, NULL, 0, 1.0, X), MDS_OK);
    CU_ASSERT(fabs(dot(X, X + DIM)) < 0.2);
    terms_free(t, 2);
}

static void test_signs(void)
{
    /* One term per sentence: the row is +-1 at the term's dimension, the sign being the
     * top bit of the hash (set: -1). Try terms until both signs were seen. */
    mds__model m;
    model_init(&m, 3);
    int seen_pos = 0, seen_neg = 0;
    char word[16];
    for (int k = 0; k < 64; k++) {
        snprintf(word, sizeof word, "term%d", k);
        const char *texts[] = {word};
        mds__terms *t = terms_of(texts, 1);
        CU_ASSERT_FATAL(t != NULL);
        float X[DIM];
        CU_ASSERT_EQUAL_FATAL(mds__hashvec_embed(&m, t, 1, NULL, 0, 1.0, X), MDS_OK);
        uint64_t h = mds__hash_term(word, strlen(word), m.seed);
        size_t d = dim_of(&m, word);
        float want = (h >> 63) ? -1.0f : 1.0f;
        CU_ASSERT_DOUBLE_EQUAL(X[d], want, 1e-6);
        if (want > 0)
            seen_pos = 1;
        else
            seen_neg = 1;
        terms_free(t, 1);
    }
    CU_ASSERT(seen_pos && seen_neg);
}

/* Finds two terms "wN" that land in different dimensions and returns them in a, b. */
static void two_terms(const mds__model *m, char *a, char *b, size_t size)
{
    snprintf(a, size, "w0");
    for (int k = 1;; k++) {
        snprintf(b, size, "w%d", k);
        if (dim_of(m, a) != dim_of(m, b))
            return;
    }
}

static void test_tf(void)
{
    /* "a a b": weights (1 + ln 2) and 1 with equal idf. */
    mds__model m;
    model_init(&m, 4);
    char a[16], b[16], text[64];
    two_terms(&m, a, b, sizeof a);
    snprintf(text, sizeof text, "%s %s %s", a, a, b);
    const char *texts[] = {text};
    mds__terms *t = terms_of(texts, 1);
    float X[DIM];
    CU_ASSERT_EQUAL_FATAL(mds__hashvec_embed(&m, t, 1, NULL, 0, 1.0, X), MDS_OK);
    double ratio = fabs(X[dim_of(&m, a)]) / fabs(X[dim_of(&m, b)]);
    CU_ASSERT_DOUBLE_EQUAL(ratio, 1.0 + log(2.0), 1e-5);
    terms_free(t, 1);
}

static void test_cluster_idf(void)
{
    /* No model table: cluster idf only. "a" is in all 3 documents (idf 1), "b" in one
     * (idf ln(4/2) + 1). */
    mds__model m;
    model_init(&m, 5);
    char a[16], b[16], s0[64];
    two_terms(&m, a, b, sizeof a);
    snprintf(s0, sizeof s0, "%s %s", a, b);
    const char *texts[] = {s0, a, a, a};
    uint32_t doc_of[] = {0, 1, 2, 0};
    mds__terms *t = terms_of(texts, 4);
    float X[4 * DIM];
    /* blend is irrelevant without a table. */
    CU_ASSERT_EQUAL_FATAL(mds__hashvec_embed(&m, t, 4, doc_of, 3, 0.0, X), MDS_OK);
    double ratio = fabs(X[dim_of(&m, b)]) / fabs(X[dim_of(&m, a)]);
    CU_ASSERT_DOUBLE_EQUAL(ratio, log(4.0 / 2.0) + 1.0, 1e-5);
    /* Each sentence its own document (doc_of NULL): "a" in 4 of 4, "b" in 1 of 4. */
    CU_ASSERT_EQUAL_FATAL(mds__hashvec_embed(&m, t, 4, NULL, 0, 1.0, X), MDS_OK);
    ratio = fabs(X[dim_of(&m, b)]) / fabs(X[dim_of(&m, a)]);
    CU_ASSERT_DOUBLE_EQUAL(ratio, log(5.0 / 2.0) + 1.0, 1e-5);
    terms_free(t, 4);
}

static void test_blend(void)
{
    /* Model table over 100 documents: "a" in none (idf ln 101 + 1), "b" in all (idf 1).
     * In the cluster both are in every document (idf 1 each). */
    mds__model m;
    model_init(&m, 6);
    char a[16], b[16], s0[64];
    two_terms(&m, a, b, sizeof a);
    m.ndocs = 100;
    m.df = calloc((size_t)1 << BITS, sizeof *m.df);
    CU_ASSERT_FATAL(m.df != NULL);
    m.df[bucket_of(&m, b)] = 100;
    snprintf(s0, sizeof s0, "%s %s", a, b);
    const char *texts[] = {s0, s0};
    uint32_t doc_of[] = {0, 1};
    mds__terms *t = terms_of(texts, 2);
    float X[2 * DIM];
    double idf_a = log(101.0) + 1.0, idf_b = 1.0;

    /* Without m.idf, the table's idf is derived on the fly; with it, read. Same result. */
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            CU_ASSERT_EQUAL_FATAL(mds__model_derive_idf(&m), MDS_OK);
        }
        CU_ASSERT_EQUAL_FATAL(mds__hashvec_embed(&m, t, 2, doc_of, 2, 0.0, X), MDS_OK);
        double r = fabs(X[dim_of(&m, a)]) / fabs(X[dim_of(&m, b)]);
        CU_ASSERT_DOUBLE_EQUAL(r, idf_a / idf_b, 1e-4);
    }
    CU_ASSERT_DOUBLE_EQUAL(m.idf[bucket_of(&m, a)], idf_a, 1e-5);
    CU_ASSERT_DOUBLE_EQUAL(m.idf[bucket_of(&m, b)], 1.0, 1e-6);

    /* blend 1: the cluster alone; both in every document, idf 1 = ln(3/3) + 1. */
    CU_ASSERT_EQUAL_FATAL(mds__hashvec_embed(&m, t, 2, doc_of, 2, 1.0, X), MDS_OK);
    CU_ASSERT_DOUBLE_EQUAL(fabs(X[dim_of(&m, a)]), sqrt(0.5), 1e-5);
    CU_ASSERT_DOUBLE_EQUAL(fabs(X[dim_of(&m, b)]), sqrt(0.5), 1e-5);

    /* blend 0.5: the average. */
    CU_ASSERT_EQUAL_FATAL(mds__hashvec_embed(&m, t, 2, doc_of, 2, 0.5, X), MDS_OK);
    double r = fabs(X[dim_of(&m, a)]) / fabs(X[dim_of(&m, b)]);
    CU_ASSERT_DOUBLE_EQUAL(r, (0.5 * idf_a + 0.5) / (0.5 * idf_b + 0.5), 1e-4);

    /* Out-of-range blends are clamped. */
    float Y[2 * DIM];
    CU_ASSERT_EQUAL_FATAL(mds__hashvec_embed(&m, t, 2, doc_of, 2, 7.0, Y), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds__hashvec_embed(&m, t, 2, doc_of, 2, 1.0, X), MDS_OK);
    CU_ASSERT_EQUAL(memcmp(X, Y, sizeof X), 0);
    CU_ASSERT_EQUAL_FATAL(mds__hashvec_embed(&m, t, 2, doc_of, 2, NAN, Y), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds__hashvec_embed(&m, t, 2, doc_of, 2, 0.0, X), MDS_OK);
    CU_ASSERT_EQUAL(memcmp(X, Y, sizeof X), 0);

    terms_free(t, 2);
    mds__model_free(&m);
}

static void test_determinism_and_seed(void)
{
    const char *texts[] = {"markets rallied after the central bank cut interest rates",
                           "storm damage closed schools across the region"};
    mds__terms *t = terms_of(texts, 2);
    float *X1 = malloc(2 * DIM * sizeof *X1), *X2 = malloc(2 * DIM * sizeof *X2);
    mds__model m;
    model_init(&m, 99);
    CU_ASSERT_EQUAL_FATAL(mds__hashvec_embed(&m, t, 2, NULL, 0, 1.0, X1), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds__hashvec_embed(&m, t, 2, NULL, 0, 1.0, X2), MDS_OK);
    CU_ASSERT_EQUAL(memcmp(X1, X2, 2 * DIM * sizeof *X1), 0);
    m.seed = 100;
    CU_ASSERT_EQUAL_FATAL(mds__hashvec_embed(&m, t, 2, NULL, 0, 1.0, X2), MDS_OK);
    CU_ASSERT_NOT_EQUAL(memcmp(X1, X2, 2 * DIM * sizeof *X1), 0);
    /* Different seeds scatter differently: the rows are nearly orthogonal. */
    CU_ASSERT(fabs(dot(X1, X2)) < 0.5);
    free(X1);
    free(X2);
    terms_free(t, 2);
}

static void test_dims_and_errors(void)
{
    mds__model m;
    model_init(&m, 7);
    const char *texts[] = {"alpha beta gamma delta"};
    mds__terms *t = terms_of(texts, 1);
    float X[DIM];
    uint32_t bad_doc[] = {3};
    CU_ASSERT_EQUAL(mds__hashvec_embed(&m, t, 1, bad_doc, 3, 1.0, X), MDS_EINTERNAL);
    /* No sentences: nothing to do. */
    CU_ASSERT_EQUAL(mds__hashvec_embed(&m, t, 0, NULL, 0, 1.0, X), MDS_OK);
    m.dim = 1000; /* not a power of two */
    CU_ASSERT_EQUAL(mds__hashvec_embed(&m, t, 1, NULL, 0, 1.0, X), MDS_EMODEL);
    m.dim = DIM;
    m.bucket_bits = 30;
    CU_ASSERT_EQUAL(mds__hashvec_embed(&m, t, 1, NULL, 0, 1.0, X), MDS_EMODEL);
    /* A smaller D folds buckets: still unit rows. */
    m.bucket_bits = 8;
    m.dim = 16;
    CU_ASSERT_EQUAL_FATAL(mds__hashvec_embed(&m, t, 1, NULL, 0, 1.0, X), MDS_OK);
    double s = 0;
    for (int d = 0; d < 16; d++)
        s += (double)X[d] * X[d];
    CU_ASSERT_DOUBLE_EQUAL(s, 1.0, 1e-5);
    terms_free(t, 1);
}

/* ---- against a plain reference ------------------------------------------------------------ */

/* The embedding written out plainly, as hashvec.h defines it: each sentence's terms hashed,
 * sorted, a run of one hash a term and its tf; the cluster's df counted a document at a time;
 * weights (1 + log tf) * idf, the rows normalized over the dimensions in the order first
 * written. mds__hashvec_embed_threads must give the same bits, whatever it keeps or tables.
 * Its table of the cluster's document frequencies is not cleared when allocated (only the
 * buckets some group has are set, and only they are read): in the ASan build, which fills
 * each new block's first 4 KiB with 0xbe, the whole table of test_against_reference's 2^10
 * buckets starts so, and a bucket read unset would change the bits. */
static int cmp_h(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static void ref_embed(const mds__model *m, const mds__terms *t, size_t n, const uint32_t *doc_of,
                      size_t ndocs, double blend, float *X)
{
    size_t dim = m->dim, groups = doc_of ? ndocs : n;
    uint64_t mask = ((uint64_t)1 << m->bucket_bits) - 1;
    uint32_t *df = calloc((size_t)mask + 1, sizeof *df);
    uint32_t *last = malloc(((size_t)mask + 1) * sizeof *last); /* the last group + 1 seen */
    CU_ASSERT_FATAL(df && last);
    memset(last, 0, ((size_t)mask + 1) * sizeof *last);
    for (size_t g = 0; g < groups; g++)
        for (size_t i = 0; i < n; i++) {
            if ((doc_of ? doc_of[i] : i) != g)
                continue;
            for (size_t k = 0; k < t[i].n; k++) {
                const char *p = t[i].buf + t[i].offs[k];
                uint64_t b = mds__hash_term(p, mds__term_len(&t[i], k), m->seed) & mask;
                if (last[b] != g + 1) {
                    last[b] = (uint32_t)(g + 1);
                    df[b]++;
                }
            }
        }
    memset(X, 0, n * dim * sizeof *X);
    for (size_t i = 0; i < n; i++) {
        size_t cnt = t[i].n;
        uint64_t *v = malloc((cnt ? cnt : 1) * sizeof *v);
        size_t *touched = malloc(dim * sizeof *touched), nt = 0;
        CU_ASSERT_FATAL(v && touched);
        for (size_t k = 0; k < cnt; k++)
            v[k] = mds__hash_term(t[i].buf + t[i].offs[k], mds__term_len(&t[i], k), m->seed);
        qsort(v, cnt, sizeof *v, cmp_h);
        float *x = X + i * dim;
        for (size_t k = 0; k < cnt;) {
            size_t e = k + 1;
            while (e < cnt && v[e] == v[k])
                e++;
            size_t b = (size_t)(v[k] & mask), d = b & (dim - 1);
            double idf = 0.0;
            if (blend < 1.0)
                idf += (1.0 - blend) *
                       (m->idf ? (double)m->idf[b]
                               : log(((double)m->ndocs + 1.0) / (m->df[b] + 1.0)) + 1.0);
            if (blend > 0.0)
                idf += blend * (log(((double)groups + 1.0) / (df[b] + 1.0)) + 1.0);
            double wt = (1.0 + log((double)(e - k))) * idf;
            int seen = 0;
            for (size_t q = 0; q < nt; q++)
                seen |= touched[q] == d;
            if (!seen)
                touched[nt++] = d;
            x[d] += (float)((v[k] >> 63) ? -wt : wt);
            k = e;
        }
        double ss = 0.0;
        for (size_t q = 0; q < nt; q++)
            ss += (double)x[touched[q]] * x[touched[q]];
        if (ss > 0.0) {
            double inv = 1.0 / sqrt(ss);
            for (size_t q = 0; q < nt; q++)
                x[touched[q]] = (float)(x[touched[q]] * inv);
        }
        free(v);
        free(touched);
    }
    free(df);
    free(last);
}

/* A holds exactly the entries of X (n x d) that are not zero (+0, -0), with their bits, by
 * increasing dimension in each row. */
static int same_nonzeros(const mds__csr *A, const float *X, size_t n, size_t d)
{
    if (A->n != n || A->d != d || mds__csr_check(A) != MDS_OK)
        return 0;
    for (size_t i = 0; i < n; i++) {
        size_t e = A->row_at[i];
        for (size_t t = 0; t < d; t++) {
            float x = X[i * d + t];
            if (x == 0.0f)
                continue;
            if (e == A->row_at[i + 1] || A->col[e] != t || memcmp(&A->val[e], &x, sizeof x))
                return 0;
            e++;
        }
        if (e != A->row_at[i + 1])
            return 0;
    }
    return 1;
}

/* Collisions fold into one dimension; a row whose terms cancel there holds no entry for it;
 * no terms, no entries; n = 0 an empty matrix; bad input as the dense path answers. */
static void test_csr_edges(void)
{
    mds__model m;
    model_init(&m, 5);
    m.dim = 16;
    m.bucket_bits = 8; /* 23 words in 16 dimensions: collisions everywhere */
    mds__featurizer *f;
    CU_ASSERT_FATAL(mds__featurizer_new("none", NULL, 0, &f) == MDS_OK);
    enum { N = 40 };
    mds__terms t[N];
    char text[512];
    memset(t, 0, sizeof t);
    for (size_t i = 0; i < N; i++) {
        size_t len = 0, words = i % 6 == 0 ? 0 : 1 + i % 13;
        for (size_t w = 0; w < words; w++)
            len += (size_t)snprintf(text + len, sizeof text - len, "x%zu ", (i * 7 + w * 3) % 23);
        CU_ASSERT_FATAL(mds__features_extract(f, text, len, &t[i]) == MDS_OK);
    }
    mds__featurizer_free(f);
    float X[N * 16];
    mds__csr A;
    for (size_t n = 0; n <= N; n += N / 4) {
        CU_ASSERT_FATAL(mds__hashvec_embed(&m, t, n, NULL, 0, 1.0, X) == MDS_OK);
        CU_ASSERT_FATAL(mds__hashvec_embed_csr(&m, t, n, NULL, 0, 1.0, 2, &A) == MDS_OK);
        CU_ASSERT(same_nonzeros(&A, X, n, 16));
        float Y[N * 16];
        mds__csr_dense(&A, Y);
        CU_ASSERT(n == 0 || memcmp(X, Y, n * 16 * sizeof *X) == 0);
        size_t folded = 0; /* rows with fewer entries than distinct terms */
        for (size_t i = 0; i < n; i++)
            folded += A.row_at[i + 1] - A.row_at[i] < t[i].n;
        CU_ASSERT(n < N || folded > 0);
        mds__csr_free(&A);
    }
    /* a document out of range: freed and zeroed, as the dense path fails */
    uint32_t bad[1] = {7};
    CU_ASSERT_EQUAL(mds__hashvec_embed_csr(&m, t + 1, 1, bad, 3, 1.0, 1, &A), MDS_EINTERNAL);
    CU_ASSERT(A.row_at == NULL && A.col == NULL && A.val == NULL);
    mds__csr_free(&A);
    m.dim = 3;
    CU_ASSERT_EQUAL(mds__hashvec_embed_csr(&m, t, 1, NULL, 0, 1.0, 1, &A), MDS_EMODEL);
    m.dim = 16;
    for (size_t i = 0; i < N; i++)
        mds__terms_free(&t[i]);
    mds__model_free(&m);
}

static uint64_t hv_rng_state = 0xBF58476D1CE4E5B9u;
static uint64_t hv_rng(void) { return tu_rng(&hv_rng_state); }

static void test_against_reference(void)
{
    enum { N = 300, D = 64 };
    mds__model m;
    model_init(&m, 77);
    m.dim = D;
    m.bucket_bits = 10; /* collisions in buckets and dimensions */
    mds__featurizer *f;
    CU_ASSERT_FATAL(mds__featurizer_new("none", NULL, 1, &f) == MDS_OK);
    mds__terms *t = calloc(N, sizeof *t);
    uint32_t doc_of[N];
    char text[2048];
    CU_ASSERT_FATAL(t != NULL);
    for (size_t i = 0; i < N; i++) {
        size_t len = 0, words = i % 7 == 0 ? 0 : hv_rng() % (i % 11 == 0 ? 120 : 25);
        for (size_t w = 0; w < words; w++) /* few distinct words: tf up to dozens */
            len += (size_t)snprintf(text + len, sizeof text - len, "w%u ",
                                    (unsigned)(hv_rng() % (i % 5 == 0 ? 3 : 400)));
        CU_ASSERT_FATAL(mds__features_extract(f, text, len, &t[i]) == MDS_OK);
        doc_of[i] = (uint32_t)(hv_rng() % 9);
    }
    mds__featurizer_free(f);
    float *X = malloc(N * D * sizeof *X), *Y = malloc(N * D * sizeof *Y);
    CU_ASSERT_FATAL(X && Y);
    const double blends[] = {0.0, 0.25, 1.0};
    for (int table = 0; table < 2; table++) {
        if (table) {
            m.ndocs = 50;
            m.df = calloc((size_t)1 << m.bucket_bits, sizeof *m.df);
            CU_ASSERT_FATAL(m.df != NULL);
            for (size_t b = 0; b < (size_t)1 << m.bucket_bits; b++)
                m.df[b] = (uint32_t)(hv_rng() % 51);
        }
        for (int derived = 0; derived <= table; derived++) {
            if (derived)
                CU_ASSERT_FATAL(mds__model_derive_idf(&m) == MDS_OK);
            for (size_t bl = 0; bl < 3; bl++) {
                double blend = table ? blends[bl] : 1.0;
                for (int docs = 0; docs < 2; docs++) {
                    ref_embed(&m, t, N, docs ? doc_of : NULL, 9, blend, X);
                    for (unsigned threads = 1; threads <= 3; threads += 2) {
                        CU_ASSERT(mds__hashvec_embed_threads(&m, t, N, docs ? doc_of : NULL, 9,
                                                             blend, threads, Y) == MDS_OK);
                        CU_ASSERT(memcmp(X, Y, N * D * sizeof *X) == 0);
                        /* as non-zeros: X's, to the bit, by increasing dimension */
                        mds__csr A;
                        CU_ASSERT_FATAL(mds__hashvec_embed_csr(&m, t, N, docs ? doc_of : NULL,
                                                               9, blend, threads, &A) == MDS_OK);
                        CU_ASSERT(same_nonzeros(&A, X, N, D));
                        /* and the dense X made from them (for BLAS, a device) is X */
                        mds__csr_dense(&A, Y);
                        CU_ASSERT(memcmp(X, Y, N * D * sizeof *X) == 0);
                        mds__csr_free(&A);
                    }
                }
            }
        }
    }
    for (size_t i = 0; i < N; i++)
        mds__terms_free(&t[i]);
    free(t);
    free(X);
    free(Y);
    mds__model_free(&m);
}

static CU_TestInfo tests[] = {
    {"the same bits as a plain reference", test_against_reference},
    {"non-zeros: folded, cancelled, empty, errors", test_csr_edges},
    {"hash", test_hash},
    {"unit norm, identity, empty row", test_unit_norm_and_identity},
    {"disjoint vocabulary", test_disjoint},
    {"sign hashing", test_signs},
    {"tf", test_tf},
    {"cluster idf", test_cluster_idf},
    {"idf blend", test_blend},
    {"determinism and seed", test_determinism_and_seed},
    {"dimensions and errors", test_dims_and_errors},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("hashvec", tests, NULL, NULL); }
