/* SPDX-License-Identifier: MIT */
/* Tests for src/select/query.c: the query's terms (stemmed, stopwords and request words out,
 * the title weighted), the sentences' relevance to it, and pseudo-relevance feedback. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "select/query.h"
#include "text/features.h"
#include "testutil.h"

static mds__strset en_stop;
static mds__featurizer *feat;

static int setup(void)
{
    if (tu_load_list("models/en/stopwords.txt", &en_stop))
        return 1;
    return mds__featurizer_new("english", &en_stop, 0, &feat) != MDS_OK;
}

static int teardown(void)
{
    mds__featurizer_free(feat);
    mds__strset_free(&en_stop);
    return 0;
}

/* The query's terms joined with '|', each with its weight when `weights`: "kim=2|agre=1". */
static void terms_of(const mds__query *q, int weights, char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t k = 0; k < q->terms.n && len + 32 < size; k++) {
        len += (size_t)snprintf(out + len, size - len, "%s%s", k ? "|" : "",
                                q->terms.buf + q->terms.offs[k]);
        if (weights)
            len += (size_t)snprintf(out + len, size - len, "=%g", q->weight[k]);
    }
}

static mds__query parse(const char *text, int english, double title)
{
    mds__query q;
    CU_ASSERT_EQUAL(mds__query_parse(feat, english, text, strlen(text), title, &q), MDS_OK);
    return q;
}

static void test_terms(void)
{
    char got[512];
    /* stopwords out, stems in, each term once */
    mds__query q = parse("What did Putin and Kim agree? Did Kim agree?", 1, 1.0);
    terms_of(&q, 1, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "putin=1|kim=2|agre=2");
    mds__query_free(&q);
    /* a DUC narrative: the request's own words name nothing that is asked */
    q = parse("Discuss conditions on American Indian reservations. Include information "
              "regarding the benefits and drawbacks.", 1, 1.0);
    terms_of(&q, 0, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "condit|american|indian|reserv|benefit|drawback");
    mds__query_free(&q);
    /* ... but only in English: elsewhere they are words like any other */
    q = parse("Discuss conditions", 0, 1.0);
    terms_of(&q, 0, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "discuss|condit");
    mds__query_free(&q);
    /* nothing but stopwords and request words: no term */
    q = parse("What is it? Describe it, and include information.", 1, 1.0);
    CU_ASSERT_EQUAL(q.terms.n, 0);
    mds__query_free(&q);
    q = parse("", 1, 1.0);
    CU_ASSERT_EQUAL(q.terms.n, 0);
    mds__query_free(&q);
}

static void test_title(void)
{
    char got[512];
    /* a first line followed by more is a title: its terms weigh `title` */
    mds__query q = parse("steroid use among female athletes\nDiscuss the prevalence of steroid "
                         "use.", 1, 3.0);
    terms_of(&q, 1, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "steroid=4|use=4|femal=3|athlet=3|preval=1");
    mds__query_free(&q);
    /* one line (blank lines after it count for nothing) is no title */
    q = parse("steroid use\n\n  \n", 1, 3.0);
    terms_of(&q, 1, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "steroid=1|use=1");
    mds__query_free(&q);
    /* a title weighed 0 leaves the narrative's terms alone */
    q = parse("wetlands\nWhy are marshes threatened?", 1, 0.0);
    terms_of(&q, 1, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "marsh=1|threaten=1");
    mds__query_free(&q);
}

/* The content terms of each sentence, as the pipeline featurizes them. */
static mds__terms *sentences(const char *const *texts, size_t n)
{
    mds__terms *t = calloc(n, sizeof *t);
    for (size_t i = 0; t && i < n; i++)
        CU_ASSERT_EQUAL(mds__features_extract(feat, texts[i], strlen(texts[i]), &t[i]), MDS_OK);
    return t;
}

static void free_sentences(mds__terms *t, size_t n)
{
    for (size_t i = 0; t && i < n; i++)
        mds__terms_free(&t[i]);
    free(t);
}

static const char *const story[] = {
    "Putin and Kim met in Pyongyang on Wednesday.",
    "Putin and Kim signed a partnership agreement on security.",
    "The agreements replace the treaties signed in 1961 and 2000.",
    "Kim greeted Putin at the airport after midnight.",
    "Crowds lined the streets of the capital.",
};
#define NSTORY (sizeof story / sizeof *story)

static void test_relevance(void)
{
    mds__terms *s = sentences(story, NSTORY);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    double rel[NSTORY];
    mds__query q = parse("What did Putin and Kim agree?", 1, 1.0);
    CU_ASSERT_EQUAL(mds__query_relevance(&q, s, NSTORY, rel), MDS_OK);
    /* all three terms, the rare one among them: the most relevant, 1 */
    CU_ASSERT_DOUBLE_EQUAL(rel[1], 1.0, 1e-12);
    /* "agreements" is a form of "agree" that the stemmer leaves whole: it matches, and the
     * rare term weighs more than either of the two most of the story has (idf squared, as
     * the inner product of tf-idf vectors weighs it: 1.57 against 0.96 each) */
    double agre = log(1.0 + 5.0 / 2.0), putin = log(1.0 + 5.0 / 3.0);
    CU_ASSERT_DOUBLE_EQUAL(rel[2], agre * agre / (agre * agre + 2 * putin * putin), 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(rel[0], 2 * putin * putin / (agre * agre + 2 * putin * putin), 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(rel[0], rel[3], 1e-12); /* the same terms, in another order */
    CU_ASSERT_EQUAL(rel[4], 0.0);                  /* none of them */
    for (size_t i = 0; i < NSTORY; i++)
        CU_ASSERT(rel[i] >= 0.0 && rel[i] <= 1.0);
    mds__query_free(&q);

    /* no term in any sentence, or no term at all: every relevance 0 */
    q = parse("volcanic eruptions in Iceland", 1, 1.0);
    CU_ASSERT_EQUAL(mds__query_relevance(&q, s, NSTORY, rel), MDS_OK);
    for (size_t i = 0; i < NSTORY; i++)
        CU_ASSERT_EQUAL(rel[i], 0.0);
    mds__query_free(&q);
    q = parse("What is it?", 1, 1.0);
    rel[0] = 5.0;
    CU_ASSERT_EQUAL(mds__query_relevance(&q, s, NSTORY, rel), MDS_OK);
    CU_ASSERT_EQUAL(rel[0], 0.0);
    mds__query_free(&q);
    /* a short word is never matched by its prefix: "kim" is not "kimchi" */
    static const char *const food[] = {"Kimchi was served at the dinner.", "Kim spoke."};
    mds__terms *f = sentences(food, 2);
    q = parse("Kim", 1, 1.0);
    CU_ASSERT_EQUAL(mds__query_relevance(&q, f, 2, rel), MDS_OK);
    CU_ASSERT_EQUAL(rel[0], 0.0);
    CU_ASSERT_EQUAL(rel[1], 1.0);
    mds__query_free(&q);
    free_sentences(f, 2);
    free_sentences(s, NSTORY);
}

static void test_expand(void)
{
    static const char *const docs[] = {
        "The dam flooded the valley and the villages were evacuated.",
        "Engineers said the dam had cracked before the flood.",
        "Villages downstream of the dam were evacuated overnight.",
        "The football team won the cup.",
    };
    mds__terms *s = sentences(docs, 4);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    double rel[4];
    mds__query q = parse("dam", 1, 1.0);
    CU_ASSERT_EQUAL(mds__query_relevance(&q, s, 4, rel), MDS_OK);
    CU_ASSERT_DOUBLE_EQUAL(rel[0], rel[1], 1e-12); /* "dam" alone cannot tell them apart */
    /* the three sentences that have "dam": "villag" and "evacu" are in two of them, "flood"
     * in two ("flooded", "flood"); "engin" in one only, left out */
    CU_ASSERT_EQUAL(mds__query_expand(&q, s, 4, rel, 3, 1.0), MDS_OK);
    char got[512];
    terms_of(&q, 0, got, sizeof got);
    CU_ASSERT_PTR_NOT_NULL(strstr(got, "villag"));
    CU_ASSERT_PTR_NOT_NULL(strstr(got, "evacu"));
    CU_ASSERT_PTR_NOT_NULL(strstr(got, "flood"));
    CU_ASSERT_PTR_NULL(strstr(got, "engin"));
    CU_ASSERT_PTR_NULL(strstr(got, "footbal"));
    /* "dam" was in all three: it gains, and stays the heaviest */
    CU_ASSERT(q.weight[0] > 1.0);
    for (size_t k = 1; k < q.terms.n; k++)
        CU_ASSERT(q.weight[k] < q.weight[0]);
    CU_ASSERT_EQUAL(mds__query_relevance(&q, s, 4, rel), MDS_OK);
    CU_ASSERT(rel[0] > rel[1]); /* now the sentence with the feedback's terms comes first */
    CU_ASSERT_EQUAL(rel[3], 0.0);
    /* weight 0 or no sentence: nothing changes */
    size_t n = q.terms.n;
    CU_ASSERT_EQUAL(mds__query_expand(&q, s, 4, rel, 3, 0.0), MDS_OK);
    CU_ASSERT_EQUAL(mds__query_expand(&q, s, 0, rel, 3, 1.0), MDS_OK);
    CU_ASSERT_EQUAL(q.terms.n, n);
    mds__query_free(&q);
    mds__query_free(&q); /* twice is fine */
    mds__query_free(NULL);
    free_sentences(s, 4);
}

static CU_TestInfo tests[] = {
    {"terms: stems, stopwords and request words out", test_terms},
    {"a title line weighted", test_title},
    {"relevance: idf-weighted, derived forms, no term", test_relevance},
    {"pseudo-relevance feedback", test_expand},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("query", tests, setup, teardown); }
