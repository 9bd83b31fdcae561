/* SPDX-License-Identifier: MIT */
/* Training a model from a small corpus: counts, stopwords, loading the result, errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text/features.h"
#include "embed/hashvec.h"
#include "mds.h"
#include "embed/model.h"
#include "util/dirlist.h"
#include "testutil.h"

static mds_ctx *ctx;
static void put(const char *rel, const char *text) { tu_put(rel, text, strlen(text)); }

/* The corpus. The stem "zebra" is in exactly three documents (1, 3 and the second SGML
 * one), twice in one of them; the stopword "walrus" is in four. */
static const char *DOCS[] = {
    "A zebra crossed the dusty road near the village at dawn.\n"
    "Farmers watched the zebra from their fields.\n",
    "The harbour walrus slept on the warm rocks all afternoon.\n"
    "Tourists photographed the sleepy walrus from the pier.\n",
    "Zebras and antelope share the grassland during the dry season.\n",
    "Engineers repaired the old bridge over the river last spring.\n"
    "A walrus was not involved in any of this work.\n",
};
static const char *SGML = "<DOC>\n<DOCNO> ZOO19990101.0001 </DOCNO>\n<TEXT>\n"
                          "The museum opened a new wing for modern sculpture and a walrus.\n"
                          "</TEXT>\n</DOC>\n"
                          "<DOC>\n<DOCNO> ZOO19990102.0002 </DOCNO>\n<TEXT>\n"
                          "A ZEBRA foal was born at the city zoo on Sunday, beside a walrus.\n"
                          "</TEXT>\n</DOC>\n";

static int setup(void)
{
    if (tu_temp_dir("model-build"))
        return 1;
    if (mkdir(tu_at("corpus"), 0755) || mkdir(tu_at("corpus/sgml"), 0755) || mkdir(tu_at("empty"), 0755))
        return 1;
    char name[64];
    for (int i = 0; i < 4; i++) {
        snprintf(name, sizeof name, "corpus/doc%d.txt", i + 1);
        put(name, DOCS[i]);
    }
    put("corpus/sgml/two.sgml", SGML);
    put("corpus/.hidden", "A zebra in a hidden file is never counted.\n");
    put("stop.txt", "# stopwords\nwalrus\r\nthe\n");
    put("empty/a.txt", "");
    put("empty/b.txt", " \n\n\t\n");
    return mds_ctx_new(&ctx) != MDS_OK;
}

static int teardown(void)
{
    mds_ctx_free(ctx);
    return tu_temp_dir_remove();
}

static void small_options(mds_model_options *o)
{
    mds_model_options_default(o);
    o->bucket_bits = 12;
    o->dimensions = 64;
    static char stop[300]; /* tu_at() reuses its buffers */
    snprintf(stop, sizeof stop, "%s", tu_at("stop.txt"));
    o->stopwords = stop;
}

/* The bucket of the stem of `word` under the model's seed and table size. */
static uint64_t bucket_of(mds__featurizer *f, const mds__model *m, const char *word)
{
    mds__terms t = {0};
    CU_ASSERT_EQUAL(mds__features_extract(f, word, strlen(word), &t), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(t.n, 1);
    const char *term = t.buf + t.offs[0];
    uint64_t mask = ((uint64_t)1 << m->bucket_bits) - 1;
    uint64_t b = mds__hash_term(term, strlen(term), m->seed) & mask;
    mds__terms_free(&t);
    return b;
}

/* Whether some term of the corpus other than `stem` falls into `bucket`. */
static int collides(mds__featurizer *f, const mds__model *m, uint64_t bucket, const char *stem)
{
    mds__terms t = {0};
    for (int i = 0; i < 4; i++)
        mds__features_extract(f, DOCS[i], strlen(DOCS[i]), &t);
    mds__features_extract(f, SGML, strlen(SGML), &t); /* tags add terms: only more caution */
    int hit = 0;
    uint64_t mask = ((uint64_t)1 << m->bucket_bits) - 1;
    for (size_t i = 0; i < t.n; i++) {
        const char *term = t.buf + t.offs[i];
        if (strcmp(term, stem) && (mds__hash_term(term, strlen(term), m->seed) & mask) == bucket)
            hit = 1;
    }
    mds__terms_free(&t);
    return hit;
}

static void test_build_count_load(void)
{
    mds_model_options o;
    small_options(&o);
    const char *inputs[] = {tu_at("corpus")};
    CU_ASSERT_EQUAL_FATAL(mds_model_build(ctx, inputs, 1, &o, tu_at("m.mds")), MDS_OK);

    mds__model m;
    char msg[256] = "";
    CU_ASSERT_EQUAL_FATAL(mds__model_load(tu_at("m.mds"), &m, msg, sizeof msg), MDS_OK);
    CU_ASSERT_EQUAL(m.ndocs, 6); /* 4 plain, 2 SGML; the hidden file skipped */
    CU_ASSERT_EQUAL(m.bucket_bits, 12);
    CU_ASSERT_EQUAL(m.dim, 64);
    CU_ASSERT_EQUAL(m.seed, o.seed);
    CU_ASSERT_STRING_EQUAL(m.lang, "english");
    CU_ASSERT_EQUAL(m.stopwords.count, 2);
    CU_ASSERT_TRUE(mds__strset_has(&m.stopwords, "walrus", 6));
    CU_ASSERT_PTR_NOT_NULL_FATAL(m.df);
    size_t total = 0, maxdf = 0;
    for (size_t i = 0; i < ((size_t)1 << m.bucket_bits); i++) {
        total += m.df[i];
        if (m.df[i] > maxdf)
            maxdf = m.df[i];
    }
    CU_ASSERT(total > 30);
    CU_ASSERT(maxdf <= 6); /* a document counts a bucket once */

    mds__featurizer *plain = NULL; /* no stopwords: sees "walrus" as a term */
    CU_ASSERT_EQUAL_FATAL(mds__featurizer_new("english", NULL, 0, &plain), MDS_OK);
    uint64_t bz = bucket_of(plain, &m, "zebras");
    CU_ASSERT_EQUAL(bz, bucket_of(plain, &m, "Zebra")); /* same stem, folded */
    CU_ASSERT(m.df[bz] >= 3);
    if (!collides(plain, &m, bz, "zebra"))
        CU_ASSERT_EQUAL(m.df[bz], 3);
    uint64_t bw = bucket_of(plain, &m, "walrus");
    CU_ASSERT_FALSE_FATAL(collides(plain, &m, bw, "walrus")); /* else pick another word */
    CU_ASSERT_EQUAL(m.df[bw], 0);
    /* a word in every document but a stopword ("the" is one): nowhere either */
    uint64_t bd = bucket_of(plain, &m, "the");
    if (!collides(plain, &m, bd, "the"))
        CU_ASSERT_EQUAL(m.df[bd], 0);
    mds__featurizer_free(plain);
    mds__model_free(&m);

    /* the same corpus given as files instead of a directory: the same table */
    const char *files[] = {tu_at("corpus/doc1.txt"), tu_at("corpus/doc2.txt"), tu_at("corpus/doc3.txt"),
                           tu_at("corpus/doc4.txt"), tu_at("corpus/sgml/two.sgml")};
    CU_ASSERT_EQUAL_FATAL(mds_model_build(ctx, files, 5, &o, tu_at("m2.mds")), MDS_OK);
    size_t n1 = 0, n2 = 0;
    char *a = tu_read_file(tu_at("m.mds"), &n1), *b = tu_read_file(tu_at("m2.mds"), &n2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_EQUAL(n1, n2);
    CU_ASSERT(n1 == n2 && memcmp(a, b, n1) == 0);
    free(a);
    free(b);
    unlink(tu_at("m2.mds"));

    /* the model loads into a context and summarizes */
    mds_ctx *c2 = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_ctx_new(&c2), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_ctx_load_model(c2, tu_at("m.mds")), MDS_OK);
    mds_cluster *cl = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(c2, &cl), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_add_memory(cl, "one", DOCS[0], strlen(DOCS[0])), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_add_memory(cl, "two", DOCS[2], strlen(DOCS[2])), MDS_OK);
    mds_params *p = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_params_new(&p), MDS_OK);
    TU_SET(p, MIN_WORDS, 1);
    mds_result *r = NULL;
    CU_ASSERT_EQUAL(mds_summarize(c2, cl, p, &r), MDS_OK);
    mds_params_free(p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT(mds_result_count(r) >= 1);
    mds_stats st;
    mds_result_stats(r, &st);
    CU_ASSERT_EQUAL(st.dimensions, 64);
    CU_ASSERT_EQUAL(st.documents, 2);
    mds_result_free(r);
    mds_cluster_free(cl);
    mds_ctx_free(c2);
    unlink(tu_at("m.mds"));
}

/* Entries in the temporary root, and whether one looks like a temporary file: to see that a
 * failed build leaves nothing. */
static int count_root(int *tmp_seen)
{
    char **names;
    size_t n;
    int err;
    if (mds__dirlist(tu_at("."), MDS__LIST_ANY | MDS__LIST_HIDDEN, &names, &n, &err) != MDS_OK)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (strstr(names[i], ".tmp"))
            *tmp_seen = 1;
    free(names);
    return (int)n;
}

static void test_errors(void)
{
    mds_model_options o;
    small_options(&o);
    char corpus_dir[300]; /* tu_at() reuses its buffers */
    snprintf(corpus_dir, sizeof corpus_dir, "%s", tu_at("corpus"));
    const char *corpus[] = {corpus_dir};
    int tmp_seen = 0, before = count_root(&tmp_seen);

    CU_ASSERT_EQUAL(mds_model_build(ctx, corpus, 0, &o, tu_at("x.mds")), MDS_EEMPTY);
    CU_ASSERT_EQUAL(mds_model_build(ctx, NULL, 0, &o, tu_at("x.mds")), MDS_EEMPTY);

    const char *missing[] = {tu_at("corpus"), tu_at("no-such-corpus")};
    CU_ASSERT_EQUAL(mds_model_build(ctx, missing, 2, &o, tu_at("x.mds")), MDS_ENOENT);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), tu_at("no-such-corpus")));

    o.dimensions = 100;
    CU_ASSERT_EQUAL(mds_model_build(ctx, corpus, 1, &o, tu_at("x.mds")), MDS_EINVAL);
    CU_ASSERT_STRING_EQUAL(mds_errmsg(ctx),
                           "dimensions 100 is not a power of two in [16, 4096] (2^bucket_bits)");
    o.dimensions = 8; /* a power of two, but too small */
    CU_ASSERT_EQUAL(mds_model_build(ctx, corpus, 1, &o, tu_at("x.mds")), MDS_EINVAL);
    o.dimensions = 8192; /* more than the 4096 buckets */
    CU_ASSERT_EQUAL(mds_model_build(ctx, corpus, 1, &o, tu_at("x.mds")), MDS_EINVAL);
    o.dimensions = 0;
    CU_ASSERT_EQUAL(mds_model_build(ctx, corpus, 1, &o, tu_at("x.mds")), MDS_EINVAL);
    small_options(&o);
    o.bucket_bits = 7;
    CU_ASSERT_EQUAL(mds_model_build(ctx, corpus, 1, &o, tu_at("x.mds")), MDS_EINVAL);
    CU_ASSERT_STRING_EQUAL(mds_errmsg(ctx), "bucket_bits 7 out of range [8, 24]");
    o.bucket_bits = MDS_MODEL_BUCKET_BITS_MAX + 1;
    CU_ASSERT_EQUAL(mds_model_build(ctx, corpus, 1, &o, tu_at("x.mds")), MDS_EINVAL);
    CU_ASSERT_STRING_EQUAL(mds_errmsg(ctx), "bucket_bits 25 out of range [8, 24]");
    small_options(&o);
    o.idf_blend = 1.5;
    CU_ASSERT_EQUAL(mds_model_build(ctx, corpus, 1, &o, tu_at("x.mds")), MDS_EINVAL);

    small_options(&o);
    o.lang = "klingon";
    CU_ASSERT_EQUAL(mds_model_build(ctx, corpus, 1, &o, tu_at("x.mds")), MDS_ELANG);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), "klingon"));

    small_options(&o);
    o.stopwords = tu_at("no-such-list.txt");
    CU_ASSERT_EQUAL(mds_model_build(ctx, corpus, 1, &o, tu_at("x.mds")), MDS_ENOENT);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), "no-such-list.txt"));

    small_options(&o);
    CU_ASSERT_EQUAL(mds_model_build(ctx, corpus, 1, &o, tu_at("no-dir/x.mds")), MDS_EIO);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), tu_at("no-dir/x.mds")));

    const char *empty[] = {tu_at("empty")};
    CU_ASSERT_EQUAL(mds_model_build(ctx, empty, 1, &o, tu_at("x.mds")), MDS_EEMPTY);
    const char *emptyfile[] = {tu_at("empty/a.txt")};
    CU_ASSERT_EQUAL(mds_model_build(ctx, emptyfile, 1, &o, tu_at("x.mds")), MDS_EEMPTY);

    /* none of the failures left a model or a temporary file behind */
    CU_ASSERT_EQUAL(count_root(&tmp_seen), before);
    CU_ASSERT_FALSE(tmp_seen);
    CU_ASSERT_NOT_EQUAL(access(tu_at("x.mds"), F_OK), 0);
    CU_ASSERT_NOT_EQUAL(access(tu_at("no-dir"), F_OK), 0);
}

static CU_TestInfo tests[] = {
    {"build, count, load, summarize", test_build_count_load},
    {"errors", test_errors},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("model_build", tests, setup, teardown); }
