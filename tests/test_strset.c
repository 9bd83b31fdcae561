/* SPDX-License-Identifier: MIT */
/* The string set: membership, duplicates, growth, byte strings, word-list parsing. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "util/strset.h"
#include "testutil.h"

#define HAS(s, lit) mds__strset_has((s), (lit), sizeof(lit) - 1)
#define ADD(s, lit) mds__strset_add((s), (lit), sizeof(lit) - 1)

static void test_add_has(void)
{
    mds__strset s;
    mds__strset_init(&s);
    CU_ASSERT_FALSE(HAS(&s, "the")); /* empty, no table yet */
    CU_ASSERT_EQUAL(ADD(&s, "the"), MDS_OK);
    CU_ASSERT_EQUAL(ADD(&s, "of"), MDS_OK);
    CU_ASSERT_TRUE(HAS(&s, "the"));
    CU_ASSERT_TRUE(HAS(&s, "of"));
    CU_ASSERT_FALSE(HAS(&s, "and"));
    CU_ASSERT_FALSE(HAS(&s, "The")); /* bytes, no case folding */
    CU_ASSERT_EQUAL(s.count, 2);
    /* the length given counts, not a terminating NUL: a prefix of a longer buffer */
    CU_ASSERT_TRUE(mds__strset_has(&s, "there", 3));
    CU_ASSERT_FALSE(mds__strset_has(&s, "there", 5));
    CU_ASSERT_EQUAL(mds__strset_add(&s, "often", 2), MDS_OK); /* "of" again */
    CU_ASSERT_EQUAL(s.count, 2);
    /* items are NUL-terminated copies in insertion order */
    CU_ASSERT_STRING_EQUAL(s.items[0], "the");
    CU_ASSERT_STRING_EQUAL(s.items[1], "of");
    mds__strset_free(&s);
    CU_ASSERT_EQUAL(s.count, 0);
    CU_ASSERT_PTR_NULL(s.items);
    CU_ASSERT_FALSE(HAS(&s, "the")); /* a freed set is an empty set */
}

static void test_duplicates_collapse(void)
{
    mds__strset s;
    mds__strset_init(&s);
    for (int i = 0; i < 100; i++) {
        CU_ASSERT_EQUAL(ADD(&s, "same"), MDS_OK);
        CU_ASSERT_EQUAL(ADD(&s, "other"), MDS_OK);
    }
    CU_ASSERT_EQUAL(s.count, 2);
    CU_ASSERT_TRUE(HAS(&s, "same"));
    CU_ASSERT_TRUE(HAS(&s, "other"));
    mds__strset_free(&s);
}

static void test_many_items_rehash(void)
{
    enum { N = 10000 };
    mds__strset s;
    mds__strset_init(&s);
    char w[32];
    for (int i = 0; i < N; i++) {
        int n = snprintf(w, sizeof w, "word%d", i);
        CU_ASSERT_EQUAL_FATAL(mds__strset_add(&s, w, (size_t)n), MDS_OK);
    }
    CU_ASSERT_EQUAL(s.count, N);
    /* load factor at most one half, table a power of two */
    CU_ASSERT(s.nslots >= 2 * (size_t)N);
    CU_ASSERT_EQUAL(s.nslots & (s.nslots - 1), 0);
    int found = 0, wrong = 0;
    for (int i = 0; i < N; i++) {
        int n = snprintf(w, sizeof w, "word%d", i);
        found += mds__strset_has(&s, w, (size_t)n) != 0;
        n = snprintf(w, sizeof w, "word%d", i + N); /* never added */
        wrong += mds__strset_has(&s, w, (size_t)n) != 0;
        n = snprintf(w, sizeof w, "Word%d", i);
        wrong += mds__strset_has(&s, w, (size_t)n) != 0;
    }
    CU_ASSERT_EQUAL(found, N);
    CU_ASSERT_EQUAL(wrong, 0);
    /* adding them all again changes nothing */
    for (int i = 0; i < N; i += 7) {
        int n = snprintf(w, sizeof w, "word%d", i);
        CU_ASSERT_EQUAL(mds__strset_add(&s, w, (size_t)n), MDS_OK);
    }
    CU_ASSERT_EQUAL(s.count, N);
    CU_ASSERT_STRING_EQUAL(s.items[0], "word0");
    CU_ASSERT_STRING_EQUAL(s.items[N - 1], "word9999");
    mds__strset_free(&s);
}

static void test_prefixes_and_odd_bytes(void)
{
    mds__strset s;
    mds__strset_init(&s);
    CU_ASSERT_EQUAL(ADD(&s, "ab"), MDS_OK);
    CU_ASSERT_EQUAL(ADD(&s, "abc"), MDS_OK);
    CU_ASSERT_EQUAL(ADD(&s, "\xff\x01\x7f"), MDS_OK); /* not UTF-8, control bytes */
    CU_ASSERT_EQUAL(ADD(&s, "caf\xc3\xa9"), MDS_OK);  /* café */
    CU_ASSERT_FALSE(HAS(&s, "a"));
    CU_ASSERT_TRUE(HAS(&s, "ab"));
    CU_ASSERT_TRUE(HAS(&s, "abc"));
    CU_ASSERT_FALSE(HAS(&s, "abcd"));
    CU_ASSERT_TRUE(HAS(&s, "\xff\x01\x7f"));
    CU_ASSERT_FALSE(HAS(&s, "\xff\x01"));
    CU_ASSERT_TRUE(HAS(&s, "caf\xc3\xa9"));
    CU_ASSERT_FALSE(HAS(&s, "cafe"));
    CU_ASSERT_FALSE(HAS(&s, "caf\xc3"));
    CU_ASSERT_EQUAL(s.count, 4);
    mds__strset_free(&s);
}

/* "Adds a copy of n bytes": a byte string with a NUL inside is its own member, and neither it
 * nor its prefix before the NUL stands for the other, also after the table grows. */
static void test_embedded_nul(void)
{
    mds__strset s;
    mds__strset_init(&s);
    CU_ASSERT_EQUAL(ADD(&s, "a\0b"), MDS_OK);
    CU_ASSERT_TRUE(HAS(&s, "a\0b"));
    CU_ASSERT_FALSE(HAS(&s, "a"));
    CU_ASSERT_EQUAL(ADD(&s, "a\0b"), MDS_OK);
    CU_ASSERT_EQUAL(s.count, 1);
    char w[16];
    for (int i = 0; i < 100; i++) { /* force rehashes */
        int n = snprintf(w, sizeof w, "w%d", i);
        CU_ASSERT_EQUAL(mds__strset_add(&s, w, (size_t)n), MDS_OK);
    }
    CU_ASSERT_TRUE(HAS(&s, "a\0b"));
    CU_ASSERT_FALSE(HAS(&s, "a"));
    CU_ASSERT_FALSE(HAS(&s, "a\0c"));
    mds__strset_free(&s);
}

static void test_empty_string_and_max_len(void)
{
    mds__strset s;
    mds__strset_init(&s);
    CU_ASSERT_EQUAL(s.max_len, 0);
    CU_ASSERT_FALSE(mds__strset_has(&s, "", 0));
    CU_ASSERT_EQUAL(mds__strset_add(&s, "", 0), MDS_OK);
    CU_ASSERT_TRUE(mds__strset_has(&s, "", 0));
    CU_ASSERT_TRUE(mds__strset_has(&s, "x", 0)); /* zero bytes of anything is "" */
    CU_ASSERT_FALSE(HAS(&s, "x"));
    CU_ASSERT_EQUAL(s.count, 1);
    CU_ASSERT_EQUAL(s.max_len, 0);
    CU_ASSERT_EQUAL(ADD(&s, "four"), MDS_OK);
    CU_ASSERT_EQUAL(s.max_len, 4);
    CU_ASSERT_EQUAL(ADD(&s, "eleven char"), MDS_OK);
    CU_ASSERT_EQUAL(s.max_len, 11);
    CU_ASSERT_EQUAL(ADD(&s, "two"), MDS_OK); /* shorter: max stays */
    CU_ASSERT_EQUAL(ADD(&s, "eleven char"), MDS_OK);
    CU_ASSERT_EQUAL(s.max_len, 11);
    CU_ASSERT_EQUAL(s.count, 4);
    mds__strset_free(&s);
    CU_ASSERT_EQUAL(s.max_len, 0);
}

static void test_add_lines(void)
{
    static const char text[] = "# stopwords, one a line\n"
                               "the\n"
                               "\n"
                               "  of  \n"
                               "\tand\t\n"
                               "crlf\r\n"
                               "   \r\n"
                               "  # an indented comment\n"
                               "two words\n"
                               "not#comment\n"
                               "the\n"
                               "last";
    mds__strset s;
    mds__strset_init(&s);
    CU_ASSERT_EQUAL(mds__strset_add_lines(&s, text, sizeof text - 1), MDS_OK);
    CU_ASSERT_EQUAL(s.count, 7);
    CU_ASSERT_TRUE(HAS(&s, "the"));
    CU_ASSERT_TRUE(HAS(&s, "of"));
    CU_ASSERT_TRUE(HAS(&s, "and"));
    CU_ASSERT_TRUE(HAS(&s, "crlf"));
    CU_ASSERT_FALSE(HAS(&s, "crlf\r"));
    CU_ASSERT_TRUE(HAS(&s, "two words")); /* inner blanks are part of the entry */
    CU_ASSERT_TRUE(HAS(&s, "not#comment"));
    CU_ASSERT_TRUE(HAS(&s, "last"));
    CU_ASSERT_FALSE(HAS(&s, ""));
    CU_ASSERT_FALSE(HAS(&s, "# stopwords, one a line"));
    CU_ASSERT_FALSE(HAS(&s, "# an indented comment"));
    CU_ASSERT_FALSE(HAS(&s, "  of  "));
    CU_ASSERT_EQUAL(s.max_len, 11);
    CU_ASSERT_STRING_EQUAL(s.items[0], "the");
    CU_ASSERT_STRING_EQUAL(s.items[6], "last");

    /* n bounds the text: the bytes after it are not read */
    mds__strset t;
    mds__strset_init(&t);
    CU_ASSERT_EQUAL(mds__strset_add_lines(&t, "alpha\nbeta\ngamma", 8), MDS_OK);
    CU_ASSERT_EQUAL(t.count, 2);
    CU_ASSERT_TRUE(HAS(&t, "alpha"));
    CU_ASSERT_TRUE(HAS(&t, "be"));
    CU_ASSERT_FALSE(HAS(&t, "beta"));
    /* nothing but comments and blanks adds nothing */
    CU_ASSERT_EQUAL(mds__strset_add_lines(&t, "#x\n\n \r\n", 7), MDS_OK);
    CU_ASSERT_EQUAL(mds__strset_add_lines(&t, "", 0), MDS_OK);
    CU_ASSERT_EQUAL(t.count, 2);
    mds__strset_free(&t);
    mds__strset_free(&s);
}

static void test_free_empty_and_zeroed(void)
{
    mds__strset s;
    mds__strset_init(&s);
    mds__strset_free(&s); /* never added to */
    mds__strset_free(&s); /* twice */
    mds__strset_free(NULL);
    mds__strset z = {0};
    CU_ASSERT_FALSE(HAS(&z, "anything"));
    CU_ASSERT_FALSE(mds__strset_has(&z, "", 0));
    CU_ASSERT_FALSE(mds__strset_has(NULL, "x", 1));
    /* a zeroed set takes items like an initialized one */
    CU_ASSERT_EQUAL(ADD(&z, "x"), MDS_OK);
    CU_ASSERT_TRUE(HAS(&z, "x"));
    mds__strset_free(&z);
}

/* Membership against a plain search of the items, for random strings of every length up to
 * 40 bytes (the hash's tail and chunks), NUL bytes and high bytes among them. */
static void test_against_linear_search(void)
{
    mds__strset s;
    mds__strset_init(&s);
    uint64_t x = 0x243F6A8885A308D3u;
    char buf[64];
    for (int it = 0; it < 20000; it++) {
        tu_rng(&x);
        size_t n = (size_t)(x % 41);
        for (size_t k = 0; k < n; k++)
            buf[k] = (char)("ab\0\xff."[(x >> (k % 50)) % 5]);
        int linear = 0;
        for (size_t i = 0; i < s.count && !linear; i++)
            linear = s.lens[i] == n && memcmp(s.items[i], buf, n) == 0;
        CU_ASSERT_EQUAL(mds__strset_has(&s, buf, n), linear);
        if (it % 3 == 0)
            CU_ASSERT_EQUAL_FATAL(mds__strset_add(&s, buf, n), MDS_OK);
    }
    CU_ASSERT(s.count > 100);
    mds__strset_free(&s);
}

static CU_TestInfo tests[] = {
    {"membership equals a linear search", test_against_linear_search},
    {"add and has", test_add_has},
    {"duplicates collapse", test_duplicates_collapse},
    {"10000 items, rehashing", test_many_items_rehash},
    {"same prefixes, odd bytes", test_prefixes_and_odd_bytes},
    {"embedded NUL byte", test_embedded_nul},
    {"empty string, max_len", test_empty_string_and_max_len},
    {"add_lines", test_add_lines},
    {"free empty, has on zeroed", test_free_empty_and_zeroed},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("strset", tests, NULL, NULL); }
