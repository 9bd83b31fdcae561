/* SPDX-License-Identifier: MIT */
/* Tests for src/api/frontend.c and the front end across threads (cleaning, segmenting,
 * featurizing, embedding): the same marks, sentences, terms, embeddings and summary at 1, 2,
 * 3 and 8 threads, byte for byte, on the example and on a generated cluster of many
 * documents (wire copies, footers, bylines and headlines among them, so that every rule of
 * cleaning has work). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/context.h"
#include "api/frontend.h"
#include "embed/hashvec.h"
#include "mds.h"
#include "testutil.h"
#include "text/clean.h"
#include "text/segment.h"

#define EXAMPLE MDS_SOURCE_DIR "/examples/putin-north-korea"

static const unsigned thread_counts[] = {1, 2, 3, 8};
#define NCOUNTS (sizeof thread_counts / sizeof *thread_counts)

static mds_ctx *ctx;
static mds_cluster *example, *big;

/* A deterministic stream of numbers (a 64-bit LCG). */
static unsigned next(unsigned long long *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(*s >> 33);
}

static const char *const words[] = {
    "minister", "talks",    "border",  "agreement", "troops",   "economy",  "election",
    "council",  "summit",   "weapons", "sanctions", "village",  "river",    "harvest",
    "prices",   "markets",  "workers", "strike",    "factory",  "children", "schools",
    "the",      "of",       "and",     "to",        "in",       "said",     "would",
    "after",    "before",   "new",     "old",       "million",  "percent",  "week",
    "officials", "reported", "announced", "rejected", "signed", "visited", "Moscow",
    "Pyongyang", "Washington", "Seoul", "president's", "U.S.", "1999", "3.5",
};
#define NWORDS (sizeof words / sizeof *words)

/* Document d of a generated cluster: a headline, a byline, paragraphs of sentences, a
 * paragraph that every fifth document copies from the wire, and the site's footer. */
static char *make_doc(unsigned d, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *t = malloc(cap);
    unsigned long long s = 1000003ULL * (d + 1);
    if (!t)
        return NULL;
#define PUT(...) (n += (size_t)snprintf(t + n, cap - n, __VA_ARGS__))
    PUT("Leaders Meet Over Border Talks %u\n\nBy Staff Writer %u\n\n", d % 7, d);
    for (unsigned p = 0; p < 8; p++) {
        for (unsigned k = 0, ns = 2 + next(&s) % 4; k < ns; k++) {
            unsigned nw = 6 + next(&s) % 18;
            for (unsigned w = 0; w < nw; w++) {
                const char *word = words[next(&s) % NWORDS];
                if (w == 0)
                    PUT("%c%s", word[0] >= 'a' && word[0] <= 'z' ? word[0] - 32 : word[0],
                        word + 1);
                else
                    PUT(" %s", word);
            }
            PUT("%s", next(&s) % 9 == 0 ? "? " : ". ");
        }
        PUT("\n\n");
        if (p == 3 && d % 5 == 0)
            PUT("The agreement was signed in Pyongyang on Wednesday after two days of talks "
                "between the delegations.\n\n");
    }
    PUT("Copyright 2024 Example News. All rights reserved.\n");
#undef PUT
    if (n >= cap) {
        free(t);
        return NULL;
    }
    *len = n;
    return t;
}

static int setup(void)
{
    if (mds_ctx_new(&ctx) || mds_cluster_new(ctx, &example) ||
        mds_cluster_add_dir(example, EXAMPLE) || mds_cluster_new(ctx, &big))
        return 1;
    for (unsigned d = 0; d < 60; d++) {
        size_t len;
        char name[32], *text = make_doc(d, &len);
        if (!text)
            return 1;
        snprintf(name, sizeof name, "doc%02u.txt", d);
        mds_status st = mds_cluster_add_memory(big, name, text, len);
        free(text);
        if (st)
            return 1;
    }
    return 0;
}

static int teardown(void)
{
    mds_cluster_free(example);
    mds_cluster_free(big);
    mds_ctx_free(ctx);
    return 0;
}

/* The summary context `on` makes of c at `threads` threads, as text and as JSON without the
 * thread count. */
static void summarize_on(mds_ctx *on, const mds_cluster *c, unsigned threads,
                         const char *selector, char **text, char **json)
{
    mds_params *p = NULL;
    mds_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_params_new(&p), MDS_OK);
    TU_SET(p, THREADS, threads);
    TU_SET(p, BUDGET, 250);
    CU_ASSERT_EQUAL_FATAL(mds_params_set(p, "backend", "cpu"), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_params_set(p, "selector", selector), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_summarize(on, c, p, &r), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_result_render(r, MDS_FORMAT_TEXT, text, NULL), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_result_render(r, MDS_FORMAT_JSON, json, NULL), MDS_OK);
    char key[32];
    snprintf(key, sizeof key, "\"threads\": %u, ", threads);
    char *at = strstr(*json, key);
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    memmove(at, at + strlen(key), strlen(at + strlen(key)) + 1);
    /* the timings differ from run to run: zero them */
    for (char *s = strstr(*json, "\"seconds_"); s; s = strstr(s + 1, "\"seconds_")) {
        char *v = strchr(s, ':') + 2;
        for (; (*v >= '0' && *v <= '9') || *v == '.' || *v == 'e' || *v == '-'; v++)
            *v = '0';
    }
    mds_result_free(r);
    mds_params_free(p);
}

/* The same on the tests' context. */
static void summarize_at(const mds_cluster *c, unsigned threads, const char *selector,
                         char **text, char **json)
{
    summarize_on(ctx, c, threads, selector, text, json);
}

static void same_summary(const mds_cluster *c, const char *selector)
{
    char *text1, *json1;
    summarize_at(c, 1, selector, &text1, &json1);
    CU_ASSERT(strlen(text1) > 200);
    for (size_t k = 1; k < NCOUNTS; k++) {
        char *text, *json;
        summarize_at(c, thread_counts[k], selector, &text, &json);
        CU_ASSERT_STRING_EQUAL(text, text1);
        CU_ASSERT_STRING_EQUAL(json, json1);
        mds_free(text);
        mds_free(json);
    }
    mds_free(text1);
    mds_free(json1);
}

static void test_summary_example(void)
{
    same_summary(example, "concepts");
    same_summary(example, "mmr");
}

static void test_summary_many_documents(void)
{
    CU_ASSERT_EQUAL(mds_cluster_document_count(big), 60);
    same_summary(big, "concepts");
    same_summary(big, "coverage");
}

/* What the front end makes of big at t threads, stage by stage. */
typedef struct front {
    uint8_t *para_drop;
    mds__sent *sents;
    size_t nsents, cap;
    mds__terms *terms, *marked;
    size_t *kept, nkept;
    uint32_t *doc_of;
    float *X;
} front;

static void front_at(unsigned t, front *f)
{
    const mds__model *m = ctx->model;
    size_t npara = 0;
    memset(f, 0, sizeof *f);
    for (size_t d = 0; d < big->ndocs; d++)
        npara += big->docs[d].npara;
    f->para_drop = calloc(npara, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f->para_drop);
    CU_ASSERT_EQUAL_FATAL(mds__clean_paragraphs_threads(big->docs, big->ndocs, &m->phrases, t,
                                                        f->para_drop), MDS_OK);
    mds__seg_rules seg = {&m->abbrevs, 0};
    CU_ASSERT_EQUAL_FATAL(mds__frontend_segment(big->docs, big->ndocs, f->para_drop, &seg, t,
                                                &f->sents, &f->nsents, &f->cap), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds__clean_sentences_threads(big->docs, f->sents, f->nsents,
                                                       &m->phrases, t), MDS_OK);
    mds__featurizer *feat = NULL;
    CU_ASSERT_EQUAL_FATAL(mds__ctx_featurizer(ctx, m->lang, &feat), MDS_OK);
    f->terms = calloc(f->nsents, sizeof *f->terms);
    f->marked = calloc(f->nsents, sizeof *f->marked);
    f->kept = calloc(f->nsents, sizeof *f->kept);
    CU_ASSERT_FATAL(f->terms && f->marked && f->kept);
    CU_ASSERT_EQUAL_FATAL(mds__frontend_featurize(feat, big->docs, f->sents, f->nsents, t,
                                                  f->terms, f->marked, f->kept, &f->nkept),
                          MDS_OK);
    f->doc_of = calloc(f->nkept, sizeof *f->doc_of);
    f->X = calloc(f->nkept * m->dim, sizeof *f->X);
    CU_ASSERT_FATAL(f->doc_of && f->X);
    for (size_t k = 0; k < f->nkept; k++)
        f->doc_of[k] = f->sents[f->kept[k]].doc;
    CU_ASSERT_EQUAL_FATAL(mds__hashvec_embed_threads(m, f->terms, f->nkept, f->doc_of,
                                                     big->ndocs, 0.5, t, f->X), MDS_OK);
}

static void front_free(front *f)
{
    for (size_t i = 0; i < f->nsents; i++) {
        mds__terms_free(&f->terms[i]);
        mds__terms_free(&f->marked[i]);
    }
    free(f->para_drop);
    free(f->sents); /* grown by the library's allocator, which is libc's */
    free(f->terms);
    free(f->marked);
    free(f->kept);
    free(f->doc_of);
    free(f->X);
}

static int same_terms(const mds__terms *a, const mds__terms *b)
{
    if (a->n != b->n || a->len != b->len || a->words != b->words || (!a->stop) != (!b->stop))
        return 0;
    return a->n == 0 || /* an empty entry may have no buffers at all */
           (memcmp(a->buf, b->buf, a->len) == 0 && memcmp(a->offs, b->offs, a->n * 4) == 0 &&
            (!a->stop || memcmp(a->stop, b->stop, a->n) == 0));
}

static void test_stages_many_documents(void)
{
    front one, f;
    front_at(1, &one);
    size_t npara = 0, dropped = 0, kinds = 0;
    for (size_t d = 0; d < big->ndocs; d++)
        npara += big->docs[d].npara;
    uint8_t seen[256] = {0};
    for (size_t i = 0; i < npara; i++)
        if (one.para_drop[i] && !seen[one.para_drop[i]]++)
            kinds++;
    for (size_t i = 0; i < one.nsents; i++)
        dropped += one.sents[i].drop != 0;
    /* work for every stage: headlines, bylines, footers and wire copies dropped; more
     * sentences and candidates than one task of each stage takes */
    CU_ASSERT(kinds >= 3);
    CU_ASSERT(dropped > 100);
    CU_ASSERT(one.nkept > 1000);
    for (size_t k = 1; k < NCOUNTS; k++) {
        front_at(thread_counts[k], &f);
        CU_ASSERT(memcmp(f.para_drop, one.para_drop, npara) == 0);
        CU_ASSERT_EQUAL_FATAL(f.nsents, one.nsents);
        size_t differ = 0; /* field by field: the struct's padding is whatever it was */
        for (size_t i = 0; i < f.nsents; i++) {
            const mds__sent *a = &f.sents[i], *b = &one.sents[i];
            differ += a->doc != b->doc || a->para != b->para || a->index != b->index ||
                      a->span.start != b->span.start || a->span.end != b->span.end ||
                      a->words != b->words || a->drop != b->drop;
        }
        CU_ASSERT_EQUAL(differ, 0);
        CU_ASSERT_EQUAL_FATAL(f.nkept, one.nkept);
        CU_ASSERT(memcmp(f.kept, one.kept, f.nkept * sizeof *f.kept) == 0);
        size_t bad = 0;
        for (size_t i = 0; i < f.nsents; i++)
            bad += !same_terms(&f.terms[i], &one.terms[i]) ||
                   !same_terms(&f.marked[i], &one.marked[i]);
        CU_ASSERT_EQUAL(bad, 0);
        CU_ASSERT(memcmp(f.X, one.X, f.nkept * ctx->model->dim * sizeof *f.X) == 0);
        front_free(&f);
    }
    front_free(&one);
}

/* A context keeps its featurizer, and with it the word cache, from one cluster to the next
 * while the language stays: the example and then the generated cluster on one context give
 * the generated cluster's summary of a fresh context, byte for byte, at 1 and 3 threads; so do
 * a French cluster in between (another featurizer) and the English ones after it. */
static void test_context_carries_over(void)
{
    static const char *const fr[] = {
        "Le ministre a dit que les pourparlers reprendront au printemps avec la Corée du Nord. "
        "Les délégations se sont rencontrées hier à Moscou pour la troisième fois.\n\n"
        "Le président a rejeté les sanctions, mais il a signé un accord sur la frontière.\n",
        "La réunion des ministres a eu lieu à Pyongyang. Le gouvernement a annoncé que les "
        "négociations sur la frontière et les sanctions reprendront la semaine prochaine.\n\n"
        "Les travailleurs de l’usine sont en grève depuis le début du mois de mars.\n",
    };
    mds_cluster *french = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &french), MDS_OK);
    for (size_t i = 0; i < sizeof fr / sizeof *fr; i++)
        CU_ASSERT_EQUAL_FATAL(mds_cluster_add_memory(french, i ? "fr1" : "fr0", fr[i],
                                                     strlen(fr[i])), MDS_OK);
    static const unsigned at[] = {1, 3};
    for (size_t k = 0; k < 2; k++) {
        mds_ctx *fresh = NULL, *warm = NULL;
        char *want, *want_json, *want_fr, *want_fr_json, *text, *json;
        CU_ASSERT_EQUAL_FATAL(mds_ctx_new(&fresh), MDS_OK);
        summarize_on(fresh, big, at[k], "concepts", &want, &want_json);
        mds_ctx_free(fresh);
        CU_ASSERT_EQUAL_FATAL(mds_ctx_new(&fresh), MDS_OK);
        summarize_on(fresh, french, at[k], "concepts", &want_fr, &want_fr_json);
        mds_ctx_free(fresh);
        CU_ASSERT_PTR_NOT_NULL(strstr(want_fr_json, "\"french\""));

        CU_ASSERT_EQUAL_FATAL(mds_ctx_new(&warm), MDS_OK);
        summarize_on(warm, example, at[k], "concepts", &text, &json);
        mds_free(text);
        mds_free(json);
        const mds__featurizer *kept = warm->feat;
        CU_ASSERT_PTR_NOT_NULL(kept);
        summarize_on(warm, big, at[k], "concepts", &text, &json);
        CU_ASSERT_PTR_EQUAL(warm->feat, kept); /* the same featurizer, its cache warm */
        CU_ASSERT_STRING_EQUAL(text, want);
        CU_ASSERT_STRING_EQUAL(json, want_json);
        mds_free(text);
        mds_free(json);
        /* French between: its own featurizer; the English cluster after it the same again */
        summarize_on(warm, french, at[k], "concepts", &text, &json);
        CU_ASSERT_STRING_EQUAL(warm->feat_lang, "french");
        CU_ASSERT_STRING_EQUAL(text, want_fr);
        CU_ASSERT_STRING_EQUAL(json, want_fr_json);
        mds_free(text);
        mds_free(json);
        for (int again = 0; again < 2; again++) {
            summarize_on(warm, big, at[k], "concepts", &text, &json);
            CU_ASSERT_STRING_EQUAL(text, want);
            CU_ASSERT_STRING_EQUAL(json, want_json);
            mds_free(text);
            mds_free(json);
        }
        mds_ctx_free(warm);
        mds_free(want);
        mds_free(want_json);
        mds_free(want_fr);
        mds_free(want_fr_json);
    }
    mds_cluster_free(french);
}

static CU_TestInfo tests[] = {
    {"a context's word cache carried from cluster to cluster", test_context_carries_over},
    {"the example's summary at 1, 2, 3, 8 threads", test_summary_example},
    {"a cluster of many documents: its summary", test_summary_many_documents},
    {"a cluster of many documents: every stage", test_stages_many_documents},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("frontend", tests, setup, teardown); }
