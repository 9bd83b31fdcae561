/* SPDX-License-Identifier: MIT */
/* The byte buffer: appends, printf, JSON strings (escapes, bytes that are not UTF-8),
 * stealing, array growth. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/json.h"
#include "testutil.h"

static void test_append_putc(void)
{
    mds__buf b = {0};
    CU_ASSERT_EQUAL(mds__buf_append(&b, "abc", 3), MDS_OK);
    CU_ASSERT_EQUAL(b.len, 3);
    CU_ASSERT_STRING_EQUAL(b.data, "abc");
    CU_ASSERT(b.cap > b.len); /* room for the NUL */
    CU_ASSERT_EQUAL(mds__buf_putc(&b, '!'), MDS_OK);
    CU_ASSERT_EQUAL(mds__buf_append(&b, "xyz", 0), MDS_OK); /* nothing */
    CU_ASSERT_EQUAL(mds__buf_append(&b, NULL, 0), MDS_OK);
    CU_ASSERT_EQUAL(b.len, 4);
    CU_ASSERT_STRING_EQUAL(b.data, "abc!");
    /* embedded NULs are data; the terminator is one past len */
    CU_ASSERT_EQUAL(mds__buf_append(&b, "d\0e", 3), MDS_OK);
    CU_ASSERT_EQUAL(b.len, 7);
    CU_ASSERT(memcmp(b.data, "abc!d\0e", 8) == 0);
    /* many appends: data kept across reallocations, always terminated */
    mds__buf_free(&b);
    for (int i = 0; i < 5000; i++) {
        CU_ASSERT_EQUAL_FATAL(mds__buf_putc(&b, (char)('a' + i % 26)), MDS_OK);
        CU_ASSERT_EQUAL_FATAL(b.data[b.len], '\0');
    }
    CU_ASSERT_EQUAL(b.len, 5000);
    int ok = 1;
    for (int i = 0; i < 5000; i++)
        ok &= b.data[i] == (char)('a' + i % 26);
    CU_ASSERT(ok);
    /* an impossible size fails cleanly and leaves the buffer as it was */
    CU_ASSERT_EQUAL(mds__buf_append(&b, "x", SIZE_MAX), MDS_ENOMEM);
    CU_ASSERT_EQUAL(mds__buf_reserve(&b, SIZE_MAX - 10), MDS_ENOMEM);
    CU_ASSERT_EQUAL(b.len, 5000);
    mds__buf_free(&b);
    CU_ASSERT_PTR_NULL(b.data);
    CU_ASSERT_EQUAL(b.len, 0);
    CU_ASSERT_EQUAL(b.cap, 0);
    mds__buf_free(&b); /* twice is harmless */
}

static void test_printf(void)
{
    mds__buf b = {0};
    CU_ASSERT_EQUAL(mds__buf_printf(&b, "%d-%s-%zu", -12, "x", (size_t)7), MDS_OK);
    CU_ASSERT_STRING_EQUAL(b.data, "-12-x-7");
    CU_ASSERT_EQUAL(b.len, 7);
    CU_ASSERT_EQUAL(mds__buf_printf(&b, "%s", ""), MDS_OK);
    CU_ASSERT_EQUAL(b.len, 7);
    /* longer than the 256-byte scratch: formatted a second time, straight into the buffer */
    char big[1001];
    for (int i = 0; i < 1000; i++)
        big[i] = (char)('0' + i % 10);
    big[1000] = '\0';
    CU_ASSERT_EQUAL(mds__buf_printf(&b, "[%s|%d]", big, 42), MDS_OK);
    CU_ASSERT_EQUAL(b.len, 7 + 1 + 1000 + 4);
    CU_ASSERT_EQUAL(strlen(b.data), b.len);
    CU_ASSERT(strncmp(b.data, "-12-x-7[0123456789", 18) == 0);
    CU_ASSERT_STRING_EQUAL(b.data + b.len - 6, "89|42]");
    /* exactly 255 and 256 bytes: either side of the scratch size */
    mds__buf c = {0};
    CU_ASSERT_EQUAL(mds__buf_printf(&c, "%.255s", big), MDS_OK);
    CU_ASSERT_EQUAL(c.len, 255);
    CU_ASSERT_EQUAL(mds__buf_printf(&c, "%.256s", big), MDS_OK);
    CU_ASSERT_EQUAL(c.len, 511);
    CU_ASSERT_EQUAL(strlen(c.data), 511);
    CU_ASSERT(memcmp(c.data + 255, big, 256) == 0);
    mds__buf_free(&c);
    mds__buf_free(&b);
}

static char *json(const char *s, size_t n)
{
    mds__buf b = {0};
    CU_ASSERT_EQUAL(mds__buf_json_string(&b, s, n), MDS_OK);
    return mds__buf_steal(&b, NULL);
}

#define JSON_IS(lit, want)                                 \
    do {                                                   \
        char *j_ = json((lit), sizeof(lit) - 1);           \
        CU_ASSERT_PTR_NOT_NULL_FATAL(j_);                  \
        CU_ASSERT_STRING_EQUAL(j_, (want));                \
        free(j_);                                          \
    } while (0)

static void test_json_string(void)
{
    JSON_IS("", "\"\"");
    JSON_IS("plain", "\"plain\"");
    JSON_IS("say \"hi\"", "\"say \\\"hi\\\"\"");
    JSON_IS("C:\\dir\\", "\"C:\\\\dir\\\\\"");
    JSON_IS("a\nb\tc\rd", "\"a\\nb\\tc\\rd\"");
    JSON_IS("\x01\x1f\b\f\x7f", "\"\\u0001\\u001f\\u0008\\u000c\\u007f\"");
    JSON_IS("nul\0in", "\"nul\\u0000in\""); /* n counts, not the NUL */
    JSON_IS("/ ' <>", "\"/ ' <>\"");
    /* UTF-8 passes through byte for byte: é, €, 😀, and U+2028 */
    JSON_IS("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xe2\x80\xa8",
            "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xe2\x80\xa8\"");
    /* appended after what is there */
    mds__buf b = {0};
    CU_ASSERT_EQUAL(mds__buf_append(&b, "{\"k\":", 5), MDS_OK);
    CU_ASSERT_EQUAL(mds__buf_json_string(&b, "v\"", 2), MDS_OK);
    CU_ASSERT_EQUAL(mds__buf_putc(&b, '}'), MDS_OK);
    CU_ASSERT_STRING_EQUAL(b.data, "{\"k\":\"v\\\"\"}");
    CU_ASSERT_EQUAL(b.len, strlen(b.data));
    mds__buf_free(&b);
    /* every byte that needs escaping, at once: longer than the initial reserve */
    char all[32];
    for (int i = 0; i < 32; i++)
        all[i] = (char)i;
    char *j = json(all, sizeof all);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    CU_ASSERT(strncmp(j, "\"\\u0000\\u0001", 13) == 0);
    CU_ASSERT(strstr(j, "\\t\\n\\u000b\\u000c\\r") != NULL);
    CU_ASSERT_STRING_EQUAL(j + strlen(j) - 7, "\\u001f\"");
    CU_ASSERT_EQUAL(strlen(j), 2 + 29 * 6 + 3 * 2);
    free(j);
}

static void test_json_string_utf8(void)
{
    /* a byte that starts no valid sequence: one \ufffd each, the bytes after it read afresh */
    JSON_IS("\x80", "\"\\ufffd\"");                       /* a lone continuation byte */
    JSON_IS("a\xff\xfe" "b", "\"a\\ufffd\\ufffdb\"");     /* never UTF-8 */
    JSON_IS("\xff\"", "\"\\ufffd\\\"\"");                 /* the quote after it still escaped */
    /* overlong forms of '/' (2, 3 and 4 bytes) and of U+07FF */
    JSON_IS("\xc0\xaf", "\"\\ufffd\\ufffd\"");
    JSON_IS("\xc1\xbf", "\"\\ufffd\\ufffd\"");
    JSON_IS("\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"");
    JSON_IS("\xe0\x9f\xbf", "\"\\ufffd\\ufffd\\ufffd\"");
    JSON_IS("\xf0\x80\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
    JSON_IS("\xf0\x8f\xbf\xbf", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
    /* the shortest forms at each length's lower edge pass */
    JSON_IS("\xc2\x80 \xe0\xa0\x80 \xf0\x90\x80\x80",
            "\"\xc2\x80 \xe0\xa0\x80 \xf0\x90\x80\x80\"");
    /* surrogates (U+D800, U+DBFF, U+DC00, U+DFFF) are not UTF-8; their neighbours are */
    JSON_IS("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
    JSON_IS("\xed\xaf\xbf\xed\xb0\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\"");
    JSON_IS("\xed\xbf\xbf", "\"\\ufffd\\ufffd\\ufffd\"");
    JSON_IS("\xed\x9f\xbf\xee\x80\x80", "\"\xed\x9f\xbf\xee\x80\x80\""); /* U+D7FF, U+E000 */
    /* 4-byte sequences: U+10FFFF is the last; past it, and the leads F5 to F7, are not */
    JSON_IS("\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\"");
    JSON_IS("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
    JSON_IS("\xf5\x80\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
    JSON_IS("\xf7\xbf\xbf\xbf", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
    /* cut short: by the end of the bytes (n, not a NUL, ends them) or by a byte that does
     * not continue; what follows is read on its own */
    JSON_IS("\xf0\x9f\x98", "\"\\ufffd\\ufffd\\ufffd\"");
    JSON_IS("\xe2\x82" "x", "\"\\ufffd\\ufffdx\"");
    JSON_IS("\xe2\x82\xe2\x82\xac", "\"\\ufffd\\ufffd\xe2\x82\xac\"");
    JSON_IS("\xc3\n", "\"\\ufffd\\n\"");
    JSON_IS("\xf0\x9f\x98\x80\xf0", "\"\xf0\x9f\x98\x80\\ufffd\"");
    {
        char *j_ = json("\xe2\x82\xac", 2); /* the length given ends the sequence early */
        CU_ASSERT_STRING_EQUAL(j_, "\"\\ufffd\\ufffd\"");
        free(j_);
    }
    /* control characters and DEL beside bytes that are not UTF-8 keep their escapes */
    JSON_IS("\x7f\x80\x1f\xc3\xa9\x00\xc3", "\"\\u007f\\ufffd\\u001f\xc3\xa9\\u0000\\ufffd\"");
    JSON_IS("\xc2\x7f", "\"\\ufffd\\u007f\"");
}

/* Every pair of bytes, alone and followed by two continuation bytes (so that every lead of a
 * 3- or 4-byte sequence meets every second byte), gives a string the strict JSON reader
 * accepts; it decodes to the input when the input is UTF-8 without controls (the reader, on
 * the raw input, is the oracle), and otherwise holds an escape. */
static void test_json_string_all_pairs(void)
{
    int bad = 0;
    for (unsigned x = 0; x < 2 * 65536 && bad < 5; x++) {
        unsigned char in[4] = {(unsigned char)(x >> 8), (unsigned char)x, 0x80, 0x80};
        size_t n = x < 65536 ? 2 : 4;
        char *j = json((const char *)in, n);
        mds__json *v = NULL;
        size_t off;
        char msg[128];
        if (!j || mds__json_parse(j, strlen(j), &v, &off, msg, sizeof msg) != MDS_OK ||
            v->type != MDS__JSON_STRING) {
            bad++;
            fprintf(stderr, "%02x%02x (%zu bytes): %s is not a JSON string\n", in[0], in[1], n,
                    j ? j : "(null)");
        } else {
            char raw[6] = {'"', (char)in[0], (char)in[1], (char)in[2], (char)in[3], '"'};
            raw[n + 1] = '"';
            mds__json *r = NULL;
            int plain = in[0] >= 0x20 && in[1] >= 0x20 && in[0] != 0x7f && in[1] != 0x7f &&
                        mds__json_parse(raw, n + 2, &r, &off, msg, sizeof msg) == MDS_OK;
            int same = v->len == n && memcmp(v->str, in, n) == 0;
            if (plain && !same)
                bad++, fprintf(stderr, "%02x%02x (%zu bytes): valid, yet %s\n", in[0], in[1], n, j);
            else if (!plain && !strchr(j, '\\'))
                bad++, fprintf(stderr, "%02x%02x (%zu bytes): not UTF-8, yet no escape: %s\n",
                               in[0], in[1], n, j);
            mds__json_free(r);
        }
        mds__json_free(v);
        free(j);
    }
    CU_ASSERT_EQUAL(bad, 0);
}

static void test_steal(void)
{
    mds__buf b = {0};
    size_t len = 99;
    char *s = mds__buf_steal(&b, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "");
    CU_ASSERT_EQUAL(len, 0);
    free(s);
    CU_ASSERT_EQUAL(mds__buf_append(&b, "hello", 5), MDS_OK);
    s = mds__buf_steal(&b, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "hello");
    CU_ASSERT_EQUAL(len, 5);
    /* the buffer is reset and usable again, independent of the stolen data */
    CU_ASSERT_PTR_NULL(b.data);
    CU_ASSERT_EQUAL(b.len, 0);
    CU_ASSERT_EQUAL(b.cap, 0);
    CU_ASSERT_EQUAL(mds__buf_append(&b, "xy", 2), MDS_OK);
    CU_ASSERT_STRING_EQUAL(s, "hello");
    free(s);
    s = mds__buf_steal(&b, NULL); /* len is optional */
    CU_ASSERT_STRING_EQUAL(s, "xy");
    free(s);
    /* reserve without append: steal still terminates */
    CU_ASSERT_EQUAL(mds__buf_reserve(&b, 100), MDS_OK);
    s = mds__buf_steal(&b, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "");
    CU_ASSERT_EQUAL(len, 0);
    free(s);
}

static void test_grow(void)
{
    int *a = NULL;
    size_t cap = 0;
    CU_ASSERT_EQUAL(mds__grow((void **)&a, &cap, 0, sizeof *a), MDS_OK);
    CU_ASSERT_EQUAL(cap, 0);
    CU_ASSERT_PTR_NULL(a); /* nothing needed, nothing allocated */
    CU_ASSERT_EQUAL(mds__grow((void **)&a, &cap, 1, sizeof *a), MDS_OK);
    CU_ASSERT_EQUAL(cap, 8); /* first allocation: 8 elements */
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    for (int i = 0; i < 8; i++)
        a[i] = i * i;
    int *before = a;
    CU_ASSERT_EQUAL(mds__grow((void **)&a, &cap, 8, sizeof *a), MDS_OK);
    CU_ASSERT_EQUAL(cap, 8);
    CU_ASSERT_PTR_EQUAL(a, before); /* enough room: untouched */
    CU_ASSERT_EQUAL(mds__grow((void **)&a, &cap, 9, sizeof *a), MDS_OK);
    CU_ASSERT_EQUAL(cap, 16);
    CU_ASSERT_EQUAL(mds__grow((void **)&a, &cap, 100, sizeof *a), MDS_OK);
    CU_ASSERT_EQUAL(cap, 128); /* doubled until it fits */
    int kept = 1;
    for (int i = 0; i < 8; i++)
        kept &= a[i] == i * i;
    CU_ASSERT(kept);
    a[127] = 7; /* the whole capacity is usable (ASan checks) */
    CU_ASSERT_EQUAL(mds__grow((void **)&a, &cap, 50, sizeof *a), MDS_OK);
    CU_ASSERT_EQUAL(cap, 128); /* never shrinks */
    /* overflow: element count doubling past SIZE_MAX, or count times size */
    CU_ASSERT_EQUAL(mds__grow((void **)&a, &cap, SIZE_MAX, sizeof *a), MDS_ENOMEM);
    CU_ASSERT_EQUAL(mds__grow((void **)&a, &cap, SIZE_MAX / 4 + 1, 16), MDS_ENOMEM);
    CU_ASSERT_EQUAL(cap, 128);
    CU_ASSERT_EQUAL(a[127], 7); /* failed growth keeps the array */
    free(a);
    /* a capacity that is not a power of two keeps doubling from there */
    char *c = malloc(3);
    size_t ccap = 3;
    CU_ASSERT_EQUAL(mds__grow((void **)&c, &ccap, 4, 1), MDS_OK);
    CU_ASSERT_EQUAL(ccap, 6);
    free(c);
}

static CU_TestInfo tests[] = {
    {"append, putc, NUL termination", test_append_putc},
    {"printf, short and long", test_printf},
    {"json_string escaping", test_json_string},
    {"json_string: bytes that are not UTF-8", test_json_string_utf8},
    {"json_string: every pair of bytes, against the reader", test_json_string_all_pairs},
    {"steal", test_steal},
    {"grow", test_grow},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("buf", tests, NULL, NULL); }
