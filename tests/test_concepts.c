/* SPDX-License-Identifier: MIT */
/* The concept selector: bigrams and their document frequencies from real sentences, then
 * coverage under the budget: each concept counted once, cost scaling, centrality, swaps,
 * duplicates, byte budgets, failing rows. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "select/concepts.h"
#include "text/features.h"
#include "testutil.h"
#include "util/alloc.h"

/* ---- building -------------------------------------------------------------------------------- */

/* Terms of each text with the English stemmer and a few stopwords; marked: stopwords kept
 * and flagged (bigrams is then ignored). */
static mds__terms *featurize_as(const char *const *texts, size_t n, int bigrams, int marked)
{
    static const char *const stop[] = {"the", "on", "a", "of", "to", "and", "in", "for"};
    mds__strset set;
    mds__featurizer *f = NULL;
    mds__terms *t = calloc(n, sizeof *t);
    CU_ASSERT_FATAL(t != NULL);
    mds__strset_init(&set);
    for (size_t i = 0; i < sizeof stop / sizeof *stop; i++)
        CU_ASSERT_FATAL(mds__strset_add(&set, stop[i], strlen(stop[i])) == MDS_OK);
    CU_ASSERT_FATAL(mds__featurizer_new("en", &set, bigrams, &f) == MDS_OK);
    for (size_t i = 0; i < n; i++)
        CU_ASSERT_FATAL((marked ? mds__features_extract_marked(f, texts[i], strlen(texts[i]), &t[i])
                                : mds__features_extract(f, texts[i], strlen(texts[i]), &t[i])) ==
                        MDS_OK);
    mds__featurizer_free(f);
    mds__strset_free(&set);
    return t;
}

static mds__terms *featurize(const char *const *texts, size_t n, int bigrams)
{
    return featurize_as(texts, n, bigrams, 0);
}

static void free_terms(mds__terms *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        mds__terms_free(&t[i]);
    free(t);
}

enum { NS = 5 };
static const char *const news[NS] = {
    "The prime minister resigned on Monday after the vote.",       /* doc 0 */
    "Prime ministers resign rarely, and the prime minister knew.", /* doc 1 */
    "The prime minister resigned in the end.",                     /* doc 2 */
    "A vote of confidence failed on Monday.",                      /* doc 2 */
    "Nobody expected the vote of confidence.",                     /* doc 3 */
};
static const uint32_t news_doc[NS] = {0, 1, 2, 2, 3};

/* The weight of the concept sentence i holds at position k of its row. */
static double weight_at(const mds__concepts *c, size_t i, size_t k)
{
    return c->weight[c->id[c->off[i] + k]];
}

/* "prime minist" and "minist resign" are in documents 0, 1 and 2 (sentence 1 says "prime
 * minister" twice: once in its row), "vote confid" in 2 and 3, the rest in one. */
static void test_bigrams_and_document_frequency(void)
{
    mds__terms *t = featurize(news, NS, 0);
    mds__concepts c;
    CU_ASSERT_EQUAL_FATAL(mds__concepts_build(NS, t, news_doc, 3, &c), MDS_OK);
    CU_ASSERT_EQUAL(c.n, NS);
    CU_ASSERT_EQUAL(c.nconcepts, 2);
    CU_ASSERT_EQUAL(c.off[1] - c.off[0], 2);
    CU_ASSERT_EQUAL(c.off[2] - c.off[1], 2);
    CU_ASSERT_EQUAL(c.off[3] - c.off[2], 2);
    CU_ASSERT_EQUAL(c.off[5] - c.off[3], 0);
    CU_ASSERT_NOT_EQUAL(c.id[c.off[0]], c.id[c.off[0] + 1]);
    for (size_t i = 0; i < 3; i++) /* the same two in each of the three */
        CU_ASSERT(memcmp(c.id + c.off[i], c.id, 2 * sizeof *c.id) == 0);
    CU_ASSERT_DOUBLE_EQUAL(weight_at(&c, 0, 0), 3.0, 0);
    CU_ASSERT_DOUBLE_EQUAL(weight_at(&c, 0, 1), 3.0, 0);
    mds__concepts_free(&c);

    CU_ASSERT_EQUAL_FATAL(mds__concepts_build(NS, t, news_doc, 2, &c), MDS_OK);
    CU_ASSERT_EQUAL(c.nconcepts, 3);
    CU_ASSERT_EQUAL_FATAL(c.off[4] - c.off[3], 1);
    CU_ASSERT_EQUAL_FATAL(c.off[5] - c.off[4], 1);
    CU_ASSERT_EQUAL(c.id[c.off[3]], c.id[c.off[4]]);
    CU_ASSERT_DOUBLE_EQUAL(weight_at(&c, 3, 0), 2.0, 0);
    mds__concepts_free(&c);

    /* every pair: sentence 1 has six, five of them distinct */
    CU_ASSERT_EQUAL_FATAL(mds__concepts_build(NS, t, news_doc, 1, &c), MDS_OK);
    CU_ASSERT_EQUAL(c.off[2] - c.off[1], 5);
    CU_ASSERT_EQUAL(c.off[1] - c.off[0], 5); /* prime minist resign monday after vote */
    mds__concepts_free(&c);
    free_terms(t, NS);
}

/* A model's own bigram terms ("prime minist" as one term) are not words of a pair: the
 * concepts come out the same with them as without. */
static void test_model_bigrams_are_skipped(void)
{
    mds__terms *a = featurize(news, NS, 0), *b = featurize(news, NS, 1);
    CU_ASSERT(b[0].n > a[0].n);
    mds__concepts ca, cb;
    CU_ASSERT_EQUAL_FATAL(mds__concepts_build(NS, a, news_doc, 2, &ca), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds__concepts_build(NS, b, news_doc, 2, &cb), MDS_OK);
    CU_ASSERT_EQUAL(ca.nconcepts, cb.nconcepts);
    CU_ASSERT_EQUAL_FATAL(ca.off[NS], cb.off[NS]);
    CU_ASSERT(memcmp(ca.off, cb.off, (NS + 1) * sizeof *ca.off) == 0);
    CU_ASSERT(memcmp(ca.id, cb.id, ca.off[NS] * sizeof *ca.id) == 0);
    mds__concepts_free(&ca);
    mds__concepts_free(&cb);
    free_terms(a, NS);
    free_terms(b, NS);
}

/* Two documents: a threshold of 3 would leave nothing, so it is 2, the documents there are.
 * One document: sentences are counted instead. Documents need not come in order. */
static void test_threshold_bounded_by_documents(void)
{
    static const char *const two[3] = {"Oil prices rose sharply.", "Oil prices fell.",
                                       "Traders said oil prices would rise."};
    static const uint32_t two_docs[3] = {0, 1, 1}, one_doc[3] = {0, 0, 0};
    mds__terms *t = featurize(two, 3, 0);
    mds__concepts c;
    CU_ASSERT_EQUAL_FATAL(mds__concepts_build(3, t, two_docs, 3, &c), MDS_OK);
    CU_ASSERT_EQUAL(c.nconcepts, 1); /* "oil price", in both documents */
    CU_ASSERT_DOUBLE_EQUAL(c.weight[0], 2.0, 0);
    CU_ASSERT_EQUAL(c.off[3] - c.off[2], 1);
    mds__concepts_free(&c);
    CU_ASSERT_EQUAL_FATAL(mds__concepts_build(3, t, one_doc, 3, &c), MDS_OK);
    CU_ASSERT_EQUAL(c.nconcepts, 1);
    CU_ASSERT_DOUBLE_EQUAL(c.weight[0], 3.0, 0); /* three sentences */
    mds__concepts_free(&c);
    /* documents out of order: 0, 1, then 0 again counts two documents, not three */
    static const uint32_t mixed[3] = {0, 1, 0};
    CU_ASSERT_EQUAL_FATAL(mds__concepts_build(3, t, mixed, 3, &c), MDS_OK);
    CU_ASSERT_EQUAL(c.nconcepts, 1);
    CU_ASSERT_DOUBLE_EQUAL(c.weight[0], 2.0, 0);
    CU_ASSERT_EQUAL(c.off[3] - c.off[0], 3);
    mds__concepts_free(&c);
    CU_ASSERT_EQUAL_FATAL(mds__concepts_build(0, t, one_doc, 3, &c), MDS_OK);
    CU_ASSERT_EQUAL(c.nconcepts, 0);
    CU_ASSERT_EQUAL(c.off[0], 0);
    mds__concepts_free(&c);
    mds__concepts_free(&c); /* twice is harmless */
    free_terms(t, 3);
}

/* With stopwords in the sequence, a phrase that spans one is a concept of its own words
 * ("bank of", "of america", "the end"), a pair of two stopwords ("of the") is none; without,
 * the stopword is skipped over ("bank america"). */
static void test_phrases_across_stopwords(void)
{
    static const char *const texts[3] = {
        "Bank of America fell at the end of the day.",
        "Bank of America rose by the end of the day.",
        "At the end of the day, Bank of America was flat.",
    };
    static const uint32_t doc[3] = {0, 1, 2};
    mds__terms *m = featurize_as(texts, 3, 0, 1), *t = featurize(texts, 3, 0);
    mds__concepts c;
    CU_ASSERT_EQUAL_FATAL(mds__concepts_build(3, m, doc, 3, &c), MDS_OK);
    CU_ASSERT_EQUAL(c.nconcepts, 5); /* bank of, of america, the end, end of, the day */
    for (size_t i = 0; i < 3; i++)
        CU_ASSERT_EQUAL(c.off[i + 1] - c.off[i], 5);
    mds__concepts_free(&c);
    CU_ASSERT_EQUAL_FATAL(mds__concepts_build(3, t, doc, 3, &c), MDS_OK);
    CU_ASSERT_EQUAL(c.nconcepts, 2); /* bank america, end day */
    mds__concepts_free(&c);
    free_terms(m, 3);
    free_terms(t, 3);
}

/* Thousands of distinct bigrams (the table starts at 1,024 slots and doubles): every one is
 * found again, in a second document, with its own weight. */
static void test_many_concepts(void)
{
    enum { W = 3000 };
    mds__terms t[2] = {{0}, {0}};
    mds__featurizer *f = NULL;
    CU_ASSERT_FATAL(mds__featurizer_new("none", NULL, 0, &f) == MDS_OK);
    char word[32];
    for (int d = 0; d < 2; d++)
        for (int i = 0; i <= W; i++) {
            snprintf(word, sizeof word, "w%d", i);
            CU_ASSERT_FATAL(mds__features_extract(f, word, strlen(word), &t[d]) == MDS_OK);
        }
    mds__featurizer_free(f);
    static const uint32_t doc[2] = {0, 1};
    mds__concepts c;
    CU_ASSERT_EQUAL_FATAL(mds__concepts_build(2, t, doc, 2, &c), MDS_OK);
    CU_ASSERT_EQUAL(c.nconcepts, W);
    CU_ASSERT_EQUAL_FATAL(c.off[1] - c.off[0], W);
    CU_ASSERT_EQUAL(c.off[2] - c.off[1], W);
    CU_ASSERT(memcmp(c.id + c.off[0], c.id + c.off[1], W * sizeof *c.id) == 0);
    int distinct = 1;
    for (size_t k = 0; k < W; k++)
        distinct &= c.id[k] == (uint32_t)k && c.weight[k] == 2.0;
    CU_ASSERT(distinct);
    mds__concepts_free(&c);
    mds__terms_free(&t[0]);
    mds__terms_free(&t[1]);
}

/* The table against a plain one written here: bigrams told apart by their strings, ids by
 * first sight, distinct in a sentence, document frequency by document, the threshold bounded
 * by the documents. Random sentences of a small vocabulary, stopwords marked, phrases among
 * the terms (bigram features), one word, none. */
static void check_against_strings(const mds__terms *t, size_t n, const uint32_t *doc,
                                  unsigned min_df)
{
    enum { MAXB = 4096 };
    static char keys[MAXB][96];
    static uint32_t df[MAXB], last_doc[MAXB], last_sent[MAXB];
    static uint32_t raw[MAXB * 4], raw_off[256];
    size_t nb = 0, m = 0;
    CU_ASSERT_FATAL(n < 256);
    for (size_t i = 0; i < n; i++) {
        raw_off[i] = (uint32_t)m;
        for (size_t k = 0; k + 1 < t[i].n; k++) {
            const char *a = t[i].buf + t[i].offs[k], *b = t[i].buf + t[i].offs[k + 1];
            size_t la = mds__term_len(&t[i], k), lb = mds__term_len(&t[i], k + 1);
            if (memchr(a, ' ', la) || memchr(b, ' ', lb) ||
                (t[i].stop && t[i].stop[k] && t[i].stop[k + 1]))
                continue;
            char key[96];
            snprintf(key, sizeof key, "%.*s\x01%.*s", (int)la, a, (int)lb, b);
            size_t id = 0;
            while (id < nb && strcmp(keys[id], key) != 0)
                id++;
            if (id == nb) {
                CU_ASSERT_FATAL(nb < MAXB);
                strcpy(keys[nb], key);
                df[nb] = 0;
                last_doc[nb] = last_sent[nb] = UINT32_MAX;
                nb++;
            }
            if (last_sent[id] == i)
                continue;
            last_sent[id] = (uint32_t)i;
            CU_ASSERT_FATAL(m < MAXB * 4);
            raw[m++] = (uint32_t)id;
            if (last_doc[id] != doc[i]) {
                last_doc[id] = doc[i];
                df[id]++;
            }
        }
    }
    raw_off[n] = (uint32_t)m;
    size_t docs = n ? 1 : 0;
    for (size_t i = 1; i < n; i++)
        docs += doc[i] != doc[i - 1];
    unsigned thr = min_df < 1 ? 1 : min_df;
    if (docs > 0 && thr > docs)
        thr = (unsigned)docs;
    mds__concepts c;
    CU_ASSERT_EQUAL_FATAL(mds__concepts_build(n, t, doc, min_df, &c), MDS_OK);
    uint32_t remap[MAXB];
    size_t kept = 0;
    for (size_t id = 0; id < nb; id++)
        remap[id] = df[id] >= thr ? (uint32_t)kept++ : UINT32_MAX;
    CU_ASSERT_EQUAL(c.nconcepts, kept);
    for (size_t id = 0; id < nb && c.nconcepts == kept; id++)
        if (remap[id] != UINT32_MAX)
            CU_ASSERT_EQUAL(c.weight[remap[id]], (double)df[id]);
    size_t w = 0;
    int same = 1;
    for (size_t i = 0; i < n; i++) {
        same &= c.off[i] == w;
        for (uint32_t k = raw_off[i]; k < raw_off[i + 1]; k++)
            if (remap[raw[k]] != UINT32_MAX) {
                same &= c.off[i + 1] > w && c.id[w] == remap[raw[k]];
                w++;
            }
    }
    same &= c.off[n] == w;
    CU_ASSERT(same);
    mds__concepts_free(&c);
}

static void test_table_against_strings(void)
{
    static const char *const vocab[] = {"the", "prime", "minister", "of", "vote", "on", "and",
                                        "Zürich", "confidence", "a", "résumé", "in", "x"};
    enum { V = sizeof vocab / sizeof *vocab, N = 40 };
    static char text[N][400];
    const char *texts[N];
    uint32_t doc[N];
    unsigned seed = 5;
    for (size_t i = 0; i < N; i++) {
        size_t len = 0;
        seed = seed * 1103515245u + 12345u;
        int words = (int)((seed >> 16) % 25); /* none, one, many */
        for (int k = 0; k < words; k++) {
            seed = seed * 1103515245u + 12345u;
            len += (size_t)snprintf(text[i] + len, sizeof text[i] - len, "%s%s", k ? " " : "",
                                    vocab[(seed >> 16) % V]);
        }
        text[i][len] = '\0';
        texts[i] = text[i];
        doc[i] = (uint32_t)(i / 6);
    }
    /* by hand: phrases anywhere among the words (a featurizer puts them after), stopwords
     * marked at random */
    static const char *const hand[] = {"prime", "prime minist", "vote", "of", "vote of",
                                       "résumé", "x", "x y z", "confid",
                                       /* hashed eight bytes at a time: one word, two, a
                                        * space past the first eight, a difference past
                                        * sixteen, nothing */
                                       "abcdefgh", "abcdefghi", "abcdefgh ij", "abcdefghijk l",
                                       "internationalisation", "internationalisations", ""};
    enum { H = sizeof hand / sizeof *hand };
    mds__terms th[N];
    for (size_t i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        size_t cnt = (seed >> 16) % 20;
        mds__terms *x = &th[i];
        memset(x, 0, sizeof *x);
        x->buf = malloc(cnt * 32 + 1);
        x->offs = malloc((cnt + 1) * sizeof *x->offs);
        x->stop = malloc(cnt + 1);
        CU_ASSERT_FATAL(x->buf && x->offs && x->stop);
        for (size_t k = 0; k < cnt; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *w = hand[(seed >> 16) % H];
            x->offs[k] = (uint32_t)x->len;
            memcpy(x->buf + x->len, w, strlen(w) + 1);
            x->len += strlen(w) + 1;
            x->stop[k] = (uint8_t)((seed >> 8) % 3 == 0);
        }
        x->n = cnt;
    }
    for (unsigned df = 0; df < 4; df++)
        check_against_strings(th, N, doc, df);
    for (size_t i = 0; i < N; i++) {
        free(th[i].buf);
        free(th[i].offs);
        free(th[i].stop);
    }
    for (int mode = 0; mode < 3; mode++) {
        /* marked (stopwords flagged), plain, plain with bigram phrases among the terms */
        mds__terms *t = featurize_as(texts, N, mode == 2, mode == 0);
        for (unsigned df = 0; df < 4; df++)
            check_against_strings(t, N, doc, df);
        check_against_strings(t, 1, doc, 2); /* one document */
        check_against_strings(t, 0, doc, 2);
        free_terms(t, N);
    }
}

/* ---- the build against its reference table ---- */

/* A random cluster of n sentences, terms by hand: words of a vocabulary of v (short, of eight
 * bytes and more, phrases holding a space, an empty one), stopwords marked at random or not
 * at all, sentences of none, one or many terms; documents in order, one, or out of order. */
static mds__terms *random_cluster(unsigned *seed, size_t n, size_t v, int marked, int docs,
                                  uint32_t *doc)
{
#define RND(m) (*seed = *seed * 1103515245u + 12345u, (size_t)((*seed >> 16) % (m)))
    static const char *const shapes[] = {"w%zu", "w%zu", "w%zu", "stem%zu", "x%zu y",
                                         "international%zu", "abcdefg%zu", "%.0zu"};
    enum { S = sizeof shapes / sizeof *shapes };
    mds__terms *t = calloc(n ? n : 1, sizeof *t);
    CU_ASSERT_FATAL(t != NULL);
    size_t d = 0;
    for (size_t i = 0; i < n; i++) {
        size_t cnt = RND(4) == 0 ? RND(3) : RND(40);
        mds__terms *x = &t[i];
        x->buf = malloc(cnt * 32 + 1);
        x->offs = malloc((cnt + 1) * sizeof *x->offs);
        x->stop = marked ? malloc(cnt + 1) : NULL;
        CU_ASSERT_FATAL(x->buf && x->offs && (!marked || x->stop));
        for (size_t k = 0; k < cnt; k++) {
            size_t w = RND(v);
            x->offs[k] = (uint32_t)x->len;
            x->len += (size_t)snprintf(x->buf + x->len, 32, shapes[w % S], w) + 1;
            if (marked)
                x->stop[k] = (uint8_t)(w % 7 == 0);
        }
        x->n = cnt;
        if (docs == 0) /* in order */
            d += RND(30) == 0;
        doc[i] = docs == 0 ? (uint32_t)d : docs == 1 ? 0 : (uint32_t)RND(6);
    }
#undef RND
    return t;
}

static void free_cluster(mds__terms *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(t[i].buf);
        free(t[i].offs);
        free(t[i].stop);
    }
    free(t);
}

static int same_concepts(const mds__concepts *a, const mds__concepts *b)
{
    return a->n == b->n && a->nconcepts == b->nconcepts && a->bytes == b->bytes &&
           memcmp(a->off, b->off, (a->n + 1) * sizeof *a->off) == 0 &&
           memcmp(a->id, b->id, a->off[a->n] * sizeof *a->id) == 0 &&
           memcmp(a->weight, b->weight, a->nconcepts * sizeof *a->weight) == 0;
}

/* The least memory a build fits in (MDS_EINVAL below it), by bisection. */
static size_t least_memory(size_t n, const mds__terms *t, const uint32_t *doc, unsigned min_df)
{
    size_t lo = 0, hi = (size_t)256 << 20;
    mds__concepts c;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        mds_status st = mds__concepts_build_within(n, t, doc, min_df, mid, &c);
        CU_ASSERT(st == MDS_OK || st == MDS_EINVAL);
        if (st == MDS_OK)
            hi = mid;
        else
            lo = mid;
        mds__concepts_free(&c);
    }
    return hi;
}

/* Random clusters through the build and the reference table (mds__concepts_build_reference):
 * the same concepts, ids, rows and weights, sized once for the pairs and, at the least memory
 * either builds in, grown from 1024 slots instead; a byte less is refused. */
static void test_build_as_reference(void)
{
    enum { MAXN = 400 };
    static uint32_t doc[MAXN];
    unsigned seed = 11;
    int grown = 0;
    for (int round = 0; round < 120; round++) {
        size_t n = round == 0 ? 0 : (size_t)(seed % MAXN);
        seed = seed * 1103515245u + 12345u;
        size_t v = (size_t)4 << (round % 12); /* 4 to 8192 words */
        int marked = round % 3 != 0, docs = round % 5 == 4 ? 2 : round % 7 == 6;
        mds__terms *t = random_cluster(&seed, n, v, marked, docs, doc);
        unsigned min_df = (unsigned)(round % 4);
        mds__concepts ref, fast;
        mds__concepts_build_reference(1);
        CU_ASSERT_EQUAL_FATAL(mds__concepts_build(n, t, doc, min_df, &ref), MDS_OK);
        mds__concepts_build_reference(0);
        CU_ASSERT_EQUAL_FATAL(mds__concepts_build(n, t, doc, min_df, &fast), MDS_OK);
        CU_ASSERT(same_concepts(&fast, &ref));
        if (round % 4 == 1) { /* at the least memory: the table grown, for many pairs */
            for (int reference = 0; reference < 2; reference++) {
                mds__concepts_build_reference(reference);
                size_t least = least_memory(n, t, doc, min_df);
                mds__concepts c;
                CU_ASSERT_EQUAL(mds__concepts_build_within(n, t, doc, min_df, least - 1, &c),
                                MDS_EINVAL);
                CU_ASSERT_PTR_NULL(c.off);
                CU_ASSERT_EQUAL_FATAL(mds__concepts_build_within(n, t, doc, min_df, least, &c),
                                      MDS_OK);
                CU_ASSERT(same_concepts(&c, &ref));
                mds__concepts_free(&c);
                /* with over 1024 * 3 / 4 pairs, one table for all of them is more than the
                 * least: the build grew its table */
                size_t pairs = 0;
                for (size_t i = 0; i < n; i++)
                    pairs += t[i].n > 1 ? t[i].n - 1 : 0;
                grown += !reference && pairs > 2048 && least < pairs * 17;
            }
            mds__concepts_build_reference(0);
        }
        mds__concepts_free(&ref);
        mds__concepts_free(&fast);
        free_cluster(t, n);
    }
    CU_ASSERT(grown > 5);
}

/* Every allocation of either build refused in turn: MDS_ENOMEM and nothing left, sized once
 * or grown; the sanitizer build sees that nothing leaks. */
static void test_build_out_of_memory(void)
{
    enum { N = 300 };
    static uint32_t doc[N];
    unsigned seed = 17;
    mds__terms *t = random_cluster(&seed, N, 512, 1, 0, doc);
    for (int reference = 0; reference < 2; reference++)
        for (int grow = 0; grow < 2; grow++) {
            mds__concepts_build_reference(reference);
            size_t memory = grow ? least_memory(N, t, doc, 2) : SIZE_MAX;
            for (long k = 0;; k++) {
                mds__concepts c;
                unsigned long refused = mds__alloc_failures();
                mds__alloc_fail_after(k);
                mds_status st = mds__concepts_build_within(N, t, doc, 2, memory, &c);
                mds__alloc_fail_after(-1);
                if (mds__alloc_failures() == refused) {
                    CU_ASSERT_EQUAL(st, MDS_OK);
                    CU_ASSERT(k > 6); /* rows, table, grown tables, results */
                    mds__concepts_free(&c);
                    break;
                }
                CU_ASSERT_EQUAL(st, MDS_ENOMEM);
                CU_ASSERT(c.off == NULL && c.id == NULL && c.weight == NULL);
            }
        }
    mds__concepts_build_reference(0);
    free_cluster(t, N);
}

/* ---- selecting ------------------------------------------------------------------------------- */

/* Concepts by hand: rows of ids, weights. */
typedef struct fixture {
    mds__concepts c;
    uint32_t off[8], id[32];
    double weight[16];
} fixture;

static void make(fixture *f, size_t n, const char *const *rows, const double *w, size_t nw)
{
    memset(f, 0, sizeof *f);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        f->off[i] = (uint32_t)m;
        for (const char *p = rows[i]; *p; p++)
            f->id[m++] = (uint32_t)(*p - 'a');
    }
    f->off[n] = (uint32_t)m;
    memcpy(f->weight, w, nw * sizeof *w);
    f->c = (mds__concepts){n, nw, f->off, f->id, f->weight, 0};
}

/* Similarities: sim[i][j] from a table, or 0 off the diagonal. */
typedef struct rows_ctx {
    const float *sim;
    size_t n, asked, fail_after;
} rows_ctx;

static mds_status rows_of(void *ctx, size_t i, float *row)
{
    rows_ctx *r = ctx;
    if (r->asked++ >= r->fail_after)
        return MDS_EBACKEND;
    for (size_t j = 0; j < r->n; j++)
        row[j] = r->sim ? r->sim[i * r->n + j] : (float)(i == j);
    return MDS_OK;
}

static mds__concept_opts words(size_t budget, double r, double mu)
{
    return (mds__concept_opts){MDS_BUDGET_WORDS, budget, r, mu, 0.5, 0, 0, NULL, 0};
}

static const double flat[4] = {1, 1, 1, 1};

/* 0 and 1 hold the same concepts: after 0, 1 adds nothing and 2 (less alone) goes in. */
static void test_each_concept_counts_once(void)
{
    static const char *const rows[3] = {"ab", "ab", "c"};
    static const double w[3] = {3, 3, 2};
    static const mds__cand c[3] = {{10, 50, 1}, {10, 50, 1}, {10, 50, 1}};
    fixture f;
    make(&f, 3, rows, w, 3);
    rows_ctx rc = {NULL, 3, 0, 99};
    mds__concept_opts o = words(20, 0.0, 0.0);
    size_t ch[3], k = 0;
    double v = 0;
    CU_ASSERT_EQUAL(mds__select_concepts(&f.c, flat, c, &o, rows_of, &rc, ch, &k, &v), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(k, 2);
    CU_ASSERT_EQUAL(ch[0], 0); /* the tie with 1 goes to the earlier */
    CU_ASSERT_EQUAL(ch[1], 2);
    CU_ASSERT_DOUBLE_EQUAL(v, 8.0, 1e-12);
    CU_ASSERT_EQUAL(rc.asked, 2); /* a row per sentence chosen */
}

/* 0: 30 words worth 6; 1 and 2: 15 words worth 4 each. Plain greedy (r = 0) takes 0 and has
 * no room left; cost-scaled (r = 1), 1 and 2 earn more a word, 8 in all. */
static void test_cost_scaling(void)
{
    static const char *const rows[3] = {"a", "b", "c"};
    static const double w[3] = {6, 4, 4};
    static const mds__cand c[3] = {{30, 150, 1}, {15, 80, 1}, {15, 80, 1}};
    fixture f;
    make(&f, 3, rows, w, 3);
    rows_ctx rc = {NULL, 3, 0, 99};
    size_t ch[3], k = 0;
    double v = 0;
    mds__concept_opts o = words(30, 1.0, 0.0);
    CU_ASSERT_EQUAL(mds__select_concepts(&f.c, flat, c, &o, rows_of, &rc, ch, &k, &v), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(k, 2);
    CU_ASSERT_DOUBLE_EQUAL(v, 8.0, 1e-12);
    /* r = 0 takes 0 first; the swap of 0 for 1 (4 < 6) does not pay alone, so 0 stays */
    o.cost_exponent = 0.0;
    CU_ASSERT_EQUAL(mds__select_concepts(&f.c, flat, c, &o, rows_of, &rc, ch, &k, &v), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(k, 1);
    CU_ASSERT_EQUAL(ch[0], 0);
    CU_ASSERT_DOUBLE_EQUAL(v, 6.0, 1e-12);
}

/* Greedy by cost takes 0 (6 for 10 words), then 2 (3 new), 9 in all; 1 and 2 together hold
 * every concept, 10. No single sentence is worth 9: only the swap of 0 for 1 finds it. */
static void test_swap_beats_greedy(void)
{
    static const char *const rows[3] = {"ab", "ac", "bd"};
    static const double w[4] = {4, 2, 1, 3};
    static const mds__cand c[3] = {{10, 50, 1}, {10, 50, 1}, {10, 50, 1}};
    fixture f;
    make(&f, 3, rows, w, 4);
    rows_ctx rc = {NULL, 3, 0, 99};
    size_t ch[3], k = 0;
    double v = 0;
    mds__concept_opts o = words(20, 1.0, 0.0);
    CU_ASSERT_EQUAL(mds__select_concepts(&f.c, flat, c, &o, rows_of, &rc, ch, &k, &v), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(k, 2);
    CU_ASSERT_DOUBLE_EQUAL(v, 10.0, 1e-12);
    CU_ASSERT((ch[0] == 1 && ch[1] == 2) || (ch[0] == 2 && ch[1] == 1));
    /* greedy alone stops at 0 and 2, worth 9 */
    o.greedy_only = 1;
    CU_ASSERT_EQUAL(mds__select_concepts(&f.c, flat, c, &o, rows_of, &rc, ch, &k, &v), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(k, 2);
    CU_ASSERT_DOUBLE_EQUAL(v, 9.0, 1e-12);
    CU_ASSERT(ch[0] == 0 && ch[1] == 2);
}

/* Centrality: 2 holds no concept; with mu large enough its score (the top one) wins it a place
 * over 1. W, the mean concepts of a candidate, is (3 + 2 + 0) / 3. */
static void test_centrality_term(void)
{
    static const char *const rows[3] = {"a", "b", ""};
    static const double w[2] = {3, 2};
    static const double score[3] = {0.5, 0.5, 1.0};
    static const mds__cand c[3] = {{10, 50, 1}, {10, 50, 1}, {10, 50, 1}};
    fixture f;
    make(&f, 3, rows, w, 2);
    rows_ctx rc = {NULL, 3, 0, 99};
    size_t ch[3], k = 0;
    double v = 0;
    mds__concept_opts o = words(20, 0.0, 0.0);
    CU_ASSERT_EQUAL(mds__select_concepts(&f.c, score, c, &o, rows_of, &rc, ch, &k, &v), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(k, 2);
    CU_ASSERT_EQUAL(ch[0], 0);
    CU_ASSERT_EQUAL(ch[1], 1);
    o.centrality = 3.0; /* 2 is worth 3 * 5/3 = 5; 0 is 3 + 1.5 * 5/3 = 5.5 and 1 is 4.5 */
    CU_ASSERT_EQUAL(mds__select_concepts(&f.c, score, c, &o, rows_of, &rc, ch, &k, &v), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(k, 2);
    CU_ASSERT_EQUAL(ch[0], 0);
    CU_ASSERT_EQUAL(ch[1], 2);
    CU_ASSERT_DOUBLE_EQUAL(v, 5.5 + 5.0, 1e-9);
}

/* 0 and 1 are near-duplicates (0.9): never both, even when 1 holds what 0 lacks. Ineligible
 * sentences are never chosen, however good. */
static void test_duplicates_and_ineligible(void)
{
    static const char *const rows[4] = {"a", "b", "c", "abcd"};
    static const double w[4] = {5, 4, 1, 1};
    static const mds__cand c[4] = {{10, 50, 1}, {10, 50, 1}, {10, 50, 1}, {10, 50, 0}};
    static const float sim[16] = {1, 0.9f, 0, 0, 0.9f, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
    fixture f;
    make(&f, 4, rows, w, 4);
    rows_ctx rc = {sim, 4, 0, 99};
    size_t ch[4], k = 0;
    double v = 0;
    mds__concept_opts o = words(30, 0.0, 0.0);
    CU_ASSERT_EQUAL(mds__select_concepts(&f.c, flat, c, &o, rows_of, &rc, ch, &k, &v), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(k, 2);
    CU_ASSERT_EQUAL(ch[0], 0);
    CU_ASSERT_EQUAL(ch[1], 2);
    CU_ASSERT_DOUBLE_EQUAL(v, 6.0, 1e-12);
    o.duplicate_threshold = 0.95; /* now they are two facts */
    CU_ASSERT_EQUAL(mds__select_concepts(&f.c, flat, c, &o, rows_of, &rc, ch, &k, &v), MDS_OK);
    CU_ASSERT_EQUAL(k, 3);
    CU_ASSERT_DOUBLE_EQUAL(v, 10.0, 1e-12);
}

/* Bytes: sentences of 10 bytes joined by a separator; 20 bytes hold one, 21 two. Sentences:
 * the count. Nothing fits a budget below every sentence. */
static void test_budgets(void)
{
    static const char *const rows[2] = {"a", "b"};
    static const double w[2] = {2, 1};
    static const mds__cand c[2] = {{3, 10, 1}, {3, 10, 1}};
    fixture f;
    make(&f, 2, rows, w, 2);
    rows_ctx rc = {NULL, 2, 0, 99};
    size_t ch[2], k = 0;
    mds__concept_opts o = {MDS_BUDGET_BYTES, 20, 0.5, 0.0, 0.5, 0, 0, NULL, 0};
    CU_ASSERT_EQUAL(mds__select_concepts(&f.c, flat, c, &o, rows_of, &rc, ch, &k, NULL), MDS_OK);
    CU_ASSERT_EQUAL(k, 1);
    o.budget = 21;
    CU_ASSERT_EQUAL(mds__select_concepts(&f.c, flat, c, &o, rows_of, &rc, ch, &k, NULL), MDS_OK);
    CU_ASSERT_EQUAL(k, 2);
    o = (mds__concept_opts){MDS_BUDGET_SENTENCES, 1, 0.5, 0.0, 0.5, 0, 0, NULL, 0};
    CU_ASSERT_EQUAL(mds__select_concepts(&f.c, flat, c, &o, rows_of, &rc, ch, &k, NULL), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(k, 1);
    CU_ASSERT_EQUAL(ch[0], 0);
    o = words(2, 0.5, 0.0);
    double v = 1;
    CU_ASSERT_EQUAL(mds__select_concepts(&f.c, flat, c, &o, rows_of, &rc, ch, &k, &v), MDS_OK);
    CU_ASSERT_EQUAL(k, 0);
    CU_ASSERT_EQUAL(v, 0.0);
}

/* A row that fails fails the selection with its status. */
static void test_row_failure(void)
{
    static const char *const rows[3] = {"a", "b", "c"};
    static const double w[3] = {3, 2, 1};
    static const mds__cand c[3] = {{10, 50, 1}, {10, 50, 1}, {10, 50, 1}};
    fixture f;
    make(&f, 3, rows, w, 3);
    rows_ctx rc = {NULL, 3, 0, 1};
    size_t ch[3], k = 9;
    mds__concept_opts o = words(30, 0.5, 0.0);
    CU_ASSERT_EQUAL(mds__select_concepts(&f.c, flat, c, &o, rows_of, &rc, ch, &k, NULL),
                    MDS_EBACKEND);
    CU_ASSERT_EQUAL(k, 0);
}

/* On real sentences, the summary is locally optimal: no swap of one chosen sentence for one
 * left out raises F within the budget, which a brute force over all pairs checks. */
static void test_local_optimum_on_real_sentences(void)
{
    static const char *const texts[] = {
        "The prime minister resigned on Monday after losing a vote of confidence.",
        "Parliament voted against the prime minister on Monday.",
        "The vote of confidence was lost by twelve votes.",
        "Prime minister resigned after the vote, his office said.",
        "Opposition leaders called for early elections after the vote of confidence.",
        "Early elections could be held in March, opposition leaders said.",
        "The prime minister had led the coalition for six years.",
        "The coalition collapsed after the vote of confidence on Monday.",
    };
    enum { M = sizeof texts / sizeof *texts };
    static const uint32_t doc[M] = {0, 0, 1, 1, 2, 2, 3, 3};
    mds__terms *t = featurize(texts, M, 0);
    mds__concepts c;
    CU_ASSERT_EQUAL_FATAL(mds__concepts_build(M, t, doc, 2, &c), MDS_OK);
    CU_ASSERT(c.nconcepts >= 4);
    CU_ASSERT_FATAL(c.nconcepts <= 64);
    mds__cand cands[M];
    double score[M];
    for (size_t i = 0; i < M; i++) {
        cands[i] = (mds__cand){(uint32_t)(t[i].words), (uint32_t)strlen(texts[i]), 1};
        score[i] = 1.0 + 0.1 * (double)(i % 3);
    }
    rows_ctx rc = {NULL, M, 0, 999};
    size_t ch[M], k = 0;
    double v = 0;
    mds__concept_opts o = words(25, 0.5, 1.0);
    CU_ASSERT_EQUAL_FATAL(mds__select_concepts(&c, score, cands, &o, rows_of, &rc, ch, &k, &v),
                          MDS_OK);
    CU_ASSERT_FATAL(k >= 1);
    size_t used = 0;
    for (size_t j = 0; j < k; j++)
        used += cands[ch[j]].words;
    CU_ASSERT(used <= 25);
    /* F of a set, from scratch */
    double W = 0;
    for (size_t i = 0; i < M; i++)
        for (uint32_t q = c.off[i]; q < c.off[i + 1]; q++)
            W += c.weight[c.id[q]];
    W /= M;
    for (size_t p = 0; p < k; p++)
        for (size_t i = 0; i < M; i++) {
            int in = 0;
            for (size_t j = 0; j < k; j++)
                in |= ch[j] == i;
            if (in)
                continue;
            size_t set[M], m = 0, cost = 0;
            for (size_t j = 0; j < k; j++)
                if (j != p)
                    set[m++] = ch[j];
            set[m++] = i;
            for (size_t j = 0; j < m; j++)
                cost += cands[set[j]].words;
            if (cost > 25)
                continue;
            double f = 0;
            unsigned char seen[64] = {0};
            for (size_t j = 0; j < m; j++) {
                f += 1.0 * score[set[j]] / 1.2 * W;
                for (uint32_t q = c.off[set[j]]; q < c.off[set[j] + 1]; q++)
                    if (!seen[c.id[q]]++)
                        f += c.weight[c.id[q]];
            }
            CU_ASSERT(f <= v + 1e-9);
        }
    mds__concepts_free(&c);
    free_terms(t, M);
}

/* Within a memory budget: the least that builds gives the same table as no limit, and holds
 * at least the table and its counters; a byte less is refused (MDS_EINVAL) and leaves
 * nothing. */
static void test_build_within_a_budget(void)
{
    mds__terms *t = featurize_as(news, NS, 0, 1);
    mds__concepts all, c;
    CU_ASSERT_EQUAL_FATAL(mds__concepts_build(NS, t, news_doc, 1, &all), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds__concepts_build_within(NS, t, news_doc, 1, (size_t)1 << 20, &c),
                          MDS_OK);
    mds__concepts_free(&c);
    size_t hi = least_memory(NS, t, news_doc, 1);
    CU_ASSERT(hi >= all.bytes + all.nconcepts * 5);
    CU_ASSERT_EQUAL(mds__concepts_build_within(NS, t, news_doc, 1, hi - 1, &c), MDS_EINVAL);
    CU_ASSERT_PTR_NULL(c.off);
    CU_ASSERT_PTR_NULL(c.id);
    CU_ASSERT_PTR_NULL(c.weight);
    CU_ASSERT_EQUAL_FATAL(mds__concepts_build_within(NS, t, news_doc, 1, hi, &c), MDS_OK);
    CU_ASSERT_EQUAL(c.nconcepts, all.nconcepts);
    CU_ASSERT_EQUAL(c.bytes, all.bytes);
    CU_ASSERT(memcmp(c.off, all.off, (NS + 1) * sizeof *c.off) == 0);
    CU_ASSERT(memcmp(c.id, all.id, all.off[NS] * sizeof *c.id) == 0);
    mds__concepts_free(&c);
    mds__concepts_free(&all);
    free_terms(t, NS);
}

/* Query-focused weights: a concept weighs 1 + g times the mean relevance of its sentences
 * more; none with g 0. */
static void test_bias(void)
{
    mds__terms *t = featurize(news, NS, 0);
    mds__concepts c;
    CU_ASSERT_EQUAL_FATAL(mds__concepts_build(NS, t, news_doc, 2, &c), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(c.nconcepts, 3);
    /* "prime minist" and "minist resign" in sentences 0-2, "vote confid" in 3 and 4 */
    const double rel[NS] = {1.0, 0.5, 0.0, 0.2, 0.0};
    CU_ASSERT_EQUAL(mds__concepts_bias(&c, rel, 0.0), MDS_OK);
    CU_ASSERT_DOUBLE_EQUAL(weight_at(&c, 0, 0), 3.0, 0);
    CU_ASSERT_EQUAL(mds__concepts_bias(&c, rel, 2.0), MDS_OK);
    CU_ASSERT_DOUBLE_EQUAL(weight_at(&c, 0, 0), 3.0 * (1.0 + 2.0 * 0.5), 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(weight_at(&c, 0, 1), 3.0 * (1.0 + 2.0 * 0.5), 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(weight_at(&c, 3, 0), 2.0 * (1.0 + 2.0 * 0.1), 1e-12);
    mds__concepts_free(&c);
    free_terms(t, NS);
}

/* The one-pass swap search gives what the reference loop gives, bit for bit: random rows of
 * few concepts of tied weights, tied scores, costs, ineligible sentences, duplicates, budgets
 * and cost exponents; some rounds swap (their result differs from greedy's). */
static void test_swaps_fast_as_reference(void)
{
    enum { MAXN = 120, MAXC = 40 };
    static uint32_t off[MAXN + 1], id[MAXN * 8];
    static double weight[MAXC], score[MAXN];
    static mds__cand cand[MAXN];
    static float sim[MAXN * MAXN];
    static size_t ch_a[MAXN], ch_b[MAXN], ch_g[MAXN];
    unsigned seed = 3;
#define RND(m) (seed = seed * 1103515245u + 12345u, (size_t)((seed >> 16) % (m)))
    int swapped = 0;
    for (int round = 0; round < 3000; round++) {
        size_t n = 1 + RND(MAXN), nc = 1 + RND(MAXC), m = 0;
        for (size_t c = 0; c < nc; c++)
            weight[c] = (double)(1 + RND(3));
        for (size_t i = 0; i < n; i++) {
            off[i] = (uint32_t)m;
            size_t cnt = RND(9);
            for (size_t q = 0; q < cnt; q++) {
                uint32_t c = (uint32_t)RND(nc);
                int dup = 0;
                for (size_t r = off[i]; r < m; r++)
                    dup |= id[r] == c;
                if (!dup)
                    id[m++] = c;
            }
            score[i] = (double)(1 + RND(4)) / 4.0;
            /* one draw a statement: an initializer list's order is not C's to fix */
            uint32_t words = (uint32_t)(1 + RND(12));
            uint32_t bytes = (uint32_t)(5 + RND(60));
            int eligible = RND(10) != 0;
            cand[i] = (mds__cand){words, bytes, eligible};
        }
        off[n] = (uint32_t)m;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                sim[i * n + j] = i == j ? 1.0f : (float)RND(100) / 160.0f;
        mds__concepts c = {n, nc, off, id, weight, 0};
        static const double r_of[3] = {0.0, 0.5, 1.0};
        mds_budget_unit unit = RND(3) ? MDS_BUDGET_WORDS : MDS_BUDGET_BYTES;
        size_t budget = 5 + RND(90);
        double r = r_of[RND(3)];
        double cost = RND(2) ? 0.3 : 0.0;
        mds__concept_opts o = {unit, budget, r, cost, 0.55, 0, 0, NULL, 0};
        rows_ctx ra = {sim, n, 0, SIZE_MAX}, rb = ra, rg = ra;
        size_t ka = 0, kb = 0, kg = 0;
        double va = 0, vb = 0, vg = 0;
        mds__concepts_swap_reference(0);
        CU_ASSERT_EQUAL(mds__select_concepts(&c, score, cand, &o, rows_of, &ra, ch_a, &ka, &va),
                        MDS_OK);
        mds__concepts_swap_reference(1);
        CU_ASSERT_EQUAL(mds__select_concepts(&c, score, cand, &o, rows_of, &rb, ch_b, &kb, &vb),
                        MDS_OK);
        mds__concepts_swap_reference(0);
        CU_ASSERT_EQUAL(ka, kb);
        CU_ASSERT(ka == kb && memcmp(ch_a, ch_b, ka * sizeof *ch_a) == 0);
        CU_ASSERT(memcmp(&va, &vb, sizeof va) == 0);
        o.greedy_only = 1;
        CU_ASSERT_EQUAL(mds__select_concepts(&c, score, cand, &o, rows_of, &rg, ch_g, &kg, &vg),
                        MDS_OK);
        swapped += kg != ka || memcmp(ch_g, ch_a, ka * sizeof *ch_a) != 0;
    }
#undef RND
    CU_ASSERT(swapped > 50);
}

/* Many pairs of few distinct bigrams: with no limit the table is sized once for the pairs;
 * at the least memory that builds, it is not (that would not fit) and grows from 1024 slots
 * instead. The same concepts either way. */
static void test_table_sized_or_grown(void)
{
    enum { N = 2500, V = 60, W = 12 };
    mds__terms *t = calloc(N, sizeof *t);
    uint32_t *doc = malloc(N * sizeof *doc);
    CU_ASSERT_FATAL(t && doc);
    unsigned seed = 9;
    for (size_t i = 0; i < N; i++) {
        mds__terms *x = &t[i];
        x->buf = malloc(W * 8);
        x->offs = malloc(W * sizeof *x->offs);
        CU_ASSERT_FATAL(x->buf && x->offs);
        for (size_t k = 0; k < W; k++) {
            seed = seed * 1103515245u + 12345u;
            x->offs[k] = (uint32_t)x->len;
            x->len += (size_t)snprintf(x->buf + x->len, 8, "w%u", (seed >> 16) % V) + 1;
        }
        x->n = W;
        doc[i] = (uint32_t)(i / 100);
    }
    mds__concepts all, c;
    CU_ASSERT_EQUAL_FATAL(mds__concepts_build(N, t, doc, 2, &all), MDS_OK);
    size_t lo = 0, hi = (size_t)64 << 20;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        mds_status st = mds__concepts_build_within(N, t, doc, 2, mid, &c);
        CU_ASSERT(st == MDS_OK || st == MDS_EINVAL);
        if (st == MDS_OK)
            hi = mid;
        else
            lo = mid;
        mds__concepts_free(&c);
    }
    /* sized once for 27500 pairs: 65536 slots, over a megabyte; grown: a fraction */
    CU_ASSERT(hi < ((size_t)1 << 20));
    CU_ASSERT_EQUAL_FATAL(mds__concepts_build_within(N, t, doc, 2, hi, &c), MDS_OK);
    CU_ASSERT_EQUAL(c.nconcepts, all.nconcepts);
    CU_ASSERT(c.nconcepts > 512);
    CU_ASSERT(memcmp(c.off, all.off, (N + 1) * sizeof *c.off) == 0);
    CU_ASSERT(memcmp(c.id, all.id, all.off[N] * sizeof *c.id) == 0);
    CU_ASSERT(memcmp(c.weight, all.weight, all.nconcepts * sizeof *c.weight) == 0);
    mds__concepts_free(&c);
    mds__concepts_free(&all);
    free_terms(t, N);
    free(doc);
}

static CU_TestInfo tests[] = {
    {"the table against one by strings", test_table_against_strings},
    {"bigrams and document frequency", test_bigrams_and_document_frequency},
    {"query-focused weights", test_bias},
    {"built within a memory budget", test_build_within_a_budget},
    {"the table sized once or grown", test_table_sized_or_grown},
    {"the build as its reference table", test_build_as_reference},
    {"the build out of memory", test_build_out_of_memory},
    {"a model's bigram terms are skipped", test_model_bigrams_are_skipped},
    {"threshold bounded by the documents", test_threshold_bounded_by_documents},
    {"phrases across stopwords", test_phrases_across_stopwords},
    {"many concepts", test_many_concepts},
    {"each concept counts once", test_each_concept_counts_once},
    {"cost scaling", test_cost_scaling},
    {"a swap beats greedy", test_swap_beats_greedy},
    {"centrality term", test_centrality_term},
    {"duplicates never both, ineligible never", test_duplicates_and_ineligible},
    {"budgets: bytes, sentences, nothing fits", test_budgets},
    {"a failing row fails the selection", test_row_failure},
    {"local optimum on real sentences", test_local_optimum_on_real_sentences},
    {"the one-pass swap search as the reference", test_swaps_fast_as_reference},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("concepts", tests, NULL, NULL); }
