/* SPDX-License-Identifier: MIT */
/* ASCII fast paths (text/chars.c): every class answers what libunistring answers, and the word
 * breaks of ASCII text are u8_wordbreaks' exactly, over every short string of the characters
 * the rules treat apart and over real text. */
#include <stdlib.h>
#include <string.h>
#include <uniwbrk.h>

#include "testutil.h"
#include "text/chars.h"

static void test_classes_match_libunistring(void)
{
    const uc_general_category_t cats[] = {
        UC_CATEGORY_L,  UC_CATEGORY_Lu, UC_CATEGORY_Ll, UC_CATEGORY_Lt, UC_CATEGORY_M,
        UC_CATEGORY_Nd, UC_CATEGORY_Pe, UC_CATEGORY_Pf, UC_CATEGORY_Pi, UC_CATEGORY_Ps,
        UC_CATEGORY_P,  UC_CATEGORY_S,  UC_CATEGORY_Z,  UC_CATEGORY_Cc, UC_CATEGORY_Pd,
    };
    /* all of ASCII, and past it, where the calls go to libunistring */
    for (ucs4_t c = 0; c < 0x3000; c++) {
        CU_ASSERT_EQUAL(mds__is_alpha(c), uc_is_alpha(c));
        CU_ASSERT_EQUAL(mds__is_digit(c), uc_is_digit(c));
        CU_ASSERT_EQUAL(mds__is_alnum(c), uc_is_alnum(c));
        CU_ASSERT_EQUAL(mds__is_upper(c), uc_is_upper(c));
        CU_ASSERT_EQUAL(mds__is_lower(c), uc_is_lower(c));
        CU_ASSERT_EQUAL(mds__tolower(c), uc_tolower(c));
        CU_ASSERT_EQUAL(mds__is_white_space(c), uc_is_property_white_space(c));
        for (size_t k = 0; k < sizeof cats / sizeof *cats; k++)
            CU_ASSERT_EQUAL(mds__is_category(c, cats[k]), uc_is_general_category(c, cats[k]));
    }
}

static int same_breaks(const char *s, size_t n)
{
    char a[64], b[64];
    memset(a, 7, sizeof a);
    memset(b, 7, sizeof b);
    mds__wordbreaks((const uint8_t *)s, n, a);
    u8_wordbreaks((const uint8_t *)s, n, b);
    return memcmp(a, b, n) == 0;
}

/* Every string of up to 6 characters over one representative of each class the rules tell
 * apart (letter, digit, ':', '.', '\'', ',', ';', '_', space, CR, LF, VT, and others). */
static void test_wordbreaks_every_short_string(void)
{
    static const char alphabet[] = "aZ7:.',;_ \r\n\v-\"";
    const size_t k = sizeof alphabet - 1;
    char s[8];
    size_t bad = 0;
    for (size_t n = 1; n <= 6; n++) {
        size_t total = 1;
        for (size_t i = 0; i < n; i++)
            total *= k;
        for (size_t code = 0; code < total; code++) {
            size_t v = code;
            for (size_t i = 0; i < n; i++, v /= k)
                s[i] = alphabet[v % k];
            if (!same_breaks(s, n) && bad++ < 5)
                fprintf(stderr, "word breaks differ on \"%.*s\"\n", (int)n, s);
        }
    }
    CU_ASSERT_EQUAL(bad, 0);
}

/* The example cluster's text, a window at every offset; and non-ASCII text goes to
 * libunistring whole. */
static void test_wordbreaks_real_text(void)
{
    size_t size = 0;
    char *text = tu_read_file("examples/putin-north-korea/000_ea34812cd32b42ef.txt", &size);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    size_t ascii = 0, bad = 0;
    for (size_t i = 0; i + 48 <= size; i += 5) {
        ascii += memchr(text + i, 0x80, 48) == NULL;
        bad += !same_breaks(text + i, 48);
    }
    CU_ASSERT(ascii > 0);
    CU_ASSERT_EQUAL(bad, 0);
    free(text);
    const char *mixed[] = {"don\xE2\x80\x99t stop", "caf\xC3\xA9 au lait, 3.5 km", "U.S. 1,000"};
    for (size_t i = 0; i < 3; i++)
        CU_ASSERT(same_breaks(mixed[i], strlen(mixed[i])));
}

static CU_TestInfo tests[] = {
    {"classes match libunistring", test_classes_match_libunistring},
    {"word breaks: every short string", test_wordbreaks_every_short_string},
    {"word breaks: real text", test_wordbreaks_real_text},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("chars", tests, NULL, NULL); }
