/* SPDX-License-Identifier: MIT */
/* Tests for src/text/wordseg.c: ICU is not in the process until Chinese or Japanese text
 * first needs its word breaks (English never loads it); once loaded, it breaks Chinese into
 * words where UAX #29 gives one per ideograph, and Japanese too. A build without ICU gives no
 * breaker, and the featurizer falls back to one word per ideograph; so does a process where
 * ICU cannot be loaded (MDS_TEST_HIDDEN_LIBS set by tests/test_lazy_libs.sh, which hides it).
 * The tests run in order: each starts where the one before left the process. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/features.h"
#include "text/wordseg.h"
#include "testutil.h"

#ifdef MDS_HAVE_ICU
static int icu = 1; /* built with ICU, and ICU there to load */
#else
static int icu = 0;
#endif

/* The terms of `text` by a featurizer for `lang`, joined by '|'; *n their count. */
static char *terms_of(const char *lang, const char *text, size_t *n)
{
    mds__featurizer *f = NULL;
    CU_ASSERT_EQUAL_FATAL(mds__featurizer_new(lang, NULL, 0, &f), MDS_OK);
    mds__terms t = {0};
    CU_ASSERT_EQUAL_FATAL(mds__features_extract(f, text, strlen(text), &t), MDS_OK);
    char *out = calloc(1, strlen(text) * 2 + t.n + 1);
    CU_ASSERT_FATAL(out != NULL);
    for (size_t k = 0; k < t.n; k++) {
        if (k)
            strcat(out, "|");
        strcat(out, t.buf + t.offs[k]);
    }
    *n = t.n;
    mds__terms_free(&t);
    mds__featurizer_free(f);
    return out;
}

static void test_english_leaves_it_out(void)
{
    size_t n = 0;
    char *t = terms_of("english", "The committee approved the budget on Tuesday.", &n);
    CU_ASSERT_STRING_EQUAL(t, "the|committe|approv|the|budget|on|tuesday");
    CU_ASSERT_EQUAL(n, 7);
    free(t);
    if (tu_mapped("libicuuc") >= 0)
        CU_ASSERT_EQUAL(tu_mapped("libicuuc"), 0);
}

static void test_chinese_loads_it(void)
{
    size_t n = 0;
    /* 9 ideographs and a full stop */
    char *t = terms_of("chinese", "中国队战胜了日本队。", &n);
    if (icu) {
        CU_ASSERT_TRUE(mds__wordseg_available());
        if (tu_mapped("libicuuc") >= 0)
            CU_ASSERT_EQUAL(tu_mapped("libicuuc"), 1);
        /* words, not characters: 日本 (or 日本队) is one */
        CU_ASSERT(n >= 3 && n < 9);
        CU_ASSERT(strstr(t, "日本") != NULL);
    } else {
        CU_ASSERT_FALSE(mds__wordseg_available());
        CU_ASSERT_EQUAL(n, 9); /* no dictionary: one word per ideograph */
        CU_ASSERT_STRING_EQUAL(t, "中|国|队|战|胜|了|日|本|队");
        if (tu_mapped("libicuuc") >= 0)
            CU_ASSERT_EQUAL(tu_mapped("libicuuc"), 0);
    }
    free(t);
}

/* The breaker itself: brk[i] is 1 at a word boundary before byte i, as u8_wordbreaks writes
 * it; the same breaker for a second text (its UText reused). */
static void test_breaks(void)
{
    mds__wordseg *w = NULL;
    CU_ASSERT_EQUAL_FATAL(mds__wordseg_new("ja", &w), MDS_OK);
    if (!icu) {
        CU_ASSERT_PTR_NULL(w);
        return;
    }
#ifdef MDS_HAVE_ICU /* the breaker's functions exist */
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    const char *s = "東京で防災訓練が行われました。";
    size_t n = strlen(s);
    char *brk = malloc(n);
    CU_ASSERT_FATAL(brk != NULL);
    CU_ASSERT_EQUAL(mds__wordseg_breaks(w, s, n, brk), MDS_OK);
    CU_ASSERT_EQUAL(brk[0], 0);
    CU_ASSERT_EQUAL(brk[3], 0); /* inside 東京 */
    CU_ASSERT_EQUAL(brk[6], 1); /* after it */
    size_t words = 1;
    for (size_t i = 0; i < n; i++) {
        words += brk[i] == 1;
        CU_ASSERT(brk[i] == 0 || (brk[i] == 1 && ((unsigned char)s[i] & 0xc0) != 0x80));
    }
    CU_ASSERT(words > 4 && words < 15); /* 15 characters */
    const char *t = "中国队战胜了日本队。";
    CU_ASSERT_EQUAL(mds__wordseg_breaks(w, t, strlen(t), brk), MDS_OK);
    CU_ASSERT_EQUAL(brk[18], 1); /* 日本 starts a word */
    CU_ASSERT_EQUAL(brk[21], 0); /* inside it */
    CU_ASSERT_EQUAL(mds__wordseg_breaks(w, t, 0, brk), MDS_OK);
    free(brk);
#endif
    mds__wordseg_free(w);
    mds__wordseg_free(NULL);
}

static CU_TestInfo tests[] = {
    {"English words leave ICU out", test_english_leaves_it_out},
    {"Chinese words load it (or fall back without it)", test_chinese_loads_it},
    {"the breaker's boundaries", test_breaks},
    CU_TEST_INFO_NULL,
};

int main(void)
{
    if (getenv("MDS_TEST_HIDDEN_LIBS"))
        icu = 0;
    return tu_main("wordseg", tests, NULL, NULL);
}
