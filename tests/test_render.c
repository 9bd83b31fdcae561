/* SPDX-License-Identifier: MIT */
/* Rendering results as text, JSON and JSONL, through the public API. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/result.h"
#include "mds.h"
#include "testutil.h"
#include "util/buf.h"

static mds_ctx *ctx;

static int setup(void) { return mds_ctx_new(&ctx) != MDS_OK; }
static int teardown(void)
{
    mds_ctx_free(ctx);
    return 0;
}

/* Hard-wrapped prose (lines of about 60 columns that end mid-sentence) with a double quote,
 * a backslash, a tab, a double space and a no-break space (U+00A0) inside sentences. */
static const char INPUT[] =
    "The city council voted on Tuesday to approve the \"green\" budget\n"
    "plan, which raises spending on parks and\tpublic transport by\n"
    "ten percent over the next three years. Critics of the plan said\n"
    "the council had ignored the cost of the new tram line, which\n"
    "engineers estimate at\xc2\xa0" "forty million dollars, and  the mayor\n"
    "promised a public hearing on the matter before the spring.\n"
    "A clerk typed the file path C:\\budget\\final into the minutes\n"
    "of the meeting, which were published online the same evening.\n";

static mds_result *summarize_text(const char *input, size_t size, mds_order order)
{
    mds_cluster *c = NULL;
    mds_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_add_memory(c, "council \"news\".txt", input, size), MDS_OK);
    mds_params *p = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_params_new(&p), MDS_OK);
    TU_SET(p, UNIT, MDS_BUDGET_SENTENCES);
    TU_SET(p, BUDGET, 10);
    TU_SET(p, MIN_WORDS, 1);
    TU_SET(p, MAX_WORDS, 0);
    TU_SET(p, CLEAN, 0);
    TU_SET(p, DUPLICATE_THRESHOLD, 1.0);
    TU_SET(p, ORDER, order);
    CU_ASSERT_EQUAL(mds_summarize(ctx, c, p, &r), MDS_OK);
    mds_params_free(p);
    mds_cluster_free(c);
    return r;
}

static mds_result *summarize(mds_order order)
{
    return summarize_text(INPUT, sizeof INPUT - 1, order);
}

static const mds_sentence *find(const mds_result *r, const char *needle)
{
    for (size_t i = 0; i < mds_result_count(r); i++)
        if (strstr(mds_result_sentence(r, i)->text, needle))
            return mds_result_sentence(r, i);
    return NULL;
}

static void test_sentences_keep_source_bytes(void)
{
    mds_result *r = summarize(MDS_ORDER_SOURCE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(mds_result_count(r), 3);
    const mds_sentence *s = find(r, "\"green\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_PTR_NOT_NULL(strstr(s->text, "budget\nplan")); /* the hard wrap, as it was */
    CU_ASSERT_PTR_NOT_NULL(strstr(s->text, "and\tpublic"));
    s = find(r, "Critics");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_PTR_NOT_NULL(strstr(s->text, "at\xc2\xa0" "forty"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s->text, "and  the"));
    CU_ASSERT_PTR_NOT_NULL(find(r, "C:\\budget\\final"));
    for (size_t i = 0; i < mds_result_count(r); i++) {
        s = mds_result_sentence(r, i);
        CU_ASSERT(s->offset + s->length <= sizeof INPUT - 1);
        CU_ASSERT(memcmp(INPUT + s->offset, s->text, s->length) == 0);
    }
    mds_result_free(r);
}

/* The runs of visible ASCII taken at once give what the bytes one at a time give, and so
 * does counting alone (eight bytes at a time): random strings of words, whitespace, no-break
 * spaces, C0, DEL, C1 and other UTF-8, cut anywhere (a lone 0xC2 at the end), empty. */
static void test_collapse_runs_match_bytes(void)
{
    static const char *const parts[] = {"a", "word", "x.", "~!", " ", "  ", "\t", "\n", "\r\n",
                                        "\f\v", "\xC2\xA0", "\xC2\x85", "\xC2\x9B", "\xC2\xC2",
                                        "\x7F", "\x1B[", "\x01", "\xC3\xA9t\xC3\xA9", "\xE2\x80\x94",
                                        "\xC2", "\"", "0123456789", "abcdefgh", "a b c d ",
                                        " the long-winded.", "\x7E\x21\x20\x7E", "\x08\x0E\x1F",
                                        "line\n", "\xC2\xA0\xC2\xA0x"};
    unsigned seed = 7;
    char s[1024];
    for (int round = 0; round < 20000; round++) {
        size_t n = 0;
        seed = seed * 1103515245u + 12345u;
        /* short ones, and long ones with runs past eight bytes (the counting's words) */
        int count = (int)((seed >> 16) % (round % 2 ? 12 : 55));
        for (int k = 0; k < count; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = parts[(seed >> 16) % (sizeof parts / sizeof *parts)];
            size_t len = strlen(p);
            memcpy(s + n, p, len);
            n += len;
        }
        seed = seed * 1103515245u + 12345u;
        size_t cut = n ? (seed >> 16) % (n + 1) : 0; /* anywhere, mid-character too */
        mds__buf a = {0}, b = {0};
        mds__printed pa = {9, 9}, pb = {7, 7}, ca = {5, 5}, cb = {3, 3};
        CU_ASSERT_EQUAL(mds__text_collapse(s, cut, &a, &pa), MDS_OK);
        CU_ASSERT_EQUAL(mds__text_collapse_bytes(s, cut, &b, &pb), MDS_OK);
        CU_ASSERT_EQUAL(mds__text_collapse(s, cut, NULL, &ca), MDS_OK);
        CU_ASSERT_EQUAL(mds__text_collapse_bytes(s, cut, NULL, &cb), MDS_OK);
        CU_ASSERT_EQUAL(a.len, b.len);
        CU_ASSERT(a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0));
        CU_ASSERT(pa.bytes == pb.bytes && pa.words == pb.words);
        CU_ASSERT(ca.bytes == cb.bytes && ca.words == cb.words);
        CU_ASSERT(pa.bytes == a.len && ca.bytes == pa.bytes && ca.words == pa.words);
        mds__buf_free(&a);
        mds__buf_free(&b);
    }
}

/* Counting alone past 255 words of eight (where it sums its per-byte counts) gives what the
 * bytes one at a time give: long texts of words, newlines and some UTF-8. */
static void test_collapse_count_long(void)
{
    static const char *const parts[] = {"word ", "x", "\n", "  ", "\xC3\xA9", "\xC2\xA0", "ab",
                                        "abcdefghijklmnop"};
    static char s[20000];
    unsigned seed = 11;
    for (int round = 0; round < 40; round++) {
        size_t n = 0;
        seed = seed * 1103515245u + 12345u;
        size_t want = 2000 + (seed >> 16) % 17000;
        while (n + 8 < want) {
            seed = seed * 1103515245u + 12345u;
            /* mostly one part, so that long runs of eight-byte words come: words, or (every
             * other round) no space for thousands of bytes, every byte of a word counted */
            size_t many = round % 2 ? 7 : 0, rare = round % 2 ? 0 : 200;
            const char *p = parts[(seed >> 16) % 1000 >= rare ? many : (seed >> 20) % 7];
            size_t len = strlen(p);
            memcpy(s + n, p, len);
            n += len;
        }
        mds__printed ca = {5, 5}, cb = {3, 3};
        CU_ASSERT_EQUAL(mds__text_collapse(s, n, NULL, &ca), MDS_OK);
        CU_ASSERT_EQUAL(mds__text_collapse_bytes(s, n, NULL, &cb), MDS_OK);
        CU_ASSERT(ca.bytes == cb.bytes && ca.words == cb.words);
    }
}

static void test_text(void)
{
    mds_result *r = summarize(MDS_ORDER_SOURCE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    char *out = NULL;
    size_t size = 0;
    CU_ASSERT_EQUAL_FATAL(mds_result_render(r, MDS_FORMAT_TEXT, &out, &size), MDS_OK);
    CU_ASSERT_EQUAL(size, strlen(out));
    static const char want[] =
        "The city council voted on Tuesday to approve the \"green\" budget plan, which raises "
        "spending on parks and public transport by ten percent over the next three years.\n"
        "Critics of the plan said the council had ignored the cost of the new tram line, which "
        "engineers estimate at forty million dollars, and the mayor promised a public hearing "
        "on the matter before the spring.\n"
        "A clerk typed the file path C:\\budget\\final into the minutes of the meeting, which "
        "were published online the same evening.\n";
    CU_ASSERT_STRING_EQUAL(out, want);
    /* one line a sentence */
    size_t lines = 0;
    for (const char *q = out; *q; q++)
        lines += *q == '\n';
    CU_ASSERT_EQUAL(lines, mds_result_count(r));
    CU_ASSERT_PTR_NULL(strchr(out, '\t'));
    CU_ASSERT_PTR_NULL(strstr(out, "  "));
    CU_ASSERT_PTR_NULL(strstr(out, "\xc2\xa0"));
    mds_free(out);
    mds_result_free(r);
}

/* Terminal controls in the input (a colour escape, a bell, a backspace, DEL, a C1 CSI) do
 * not reach text output, where a terminal would obey them: only newline is left of the
 * controls. JSON keeps the sentence's bytes, escaped, so offsets still point at them. */
static void test_text_no_controls(void)
{
    static const char in[] =
        "The harbour office counted \x1b[31mfour hundred\x1b[0m crates of apples on the quay.\n"
        "A bell\x07 rang when the ferry\x7f from the island docked\xc2\x9b at noon on Friday.\n"
        "The captain wrote the cargo list by hand,\b and the clerk typed it up later.\n";
    mds_result *r = summarize_text(in, sizeof in - 1, MDS_ORDER_SOURCE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(mds_result_count(r), 3);
    char *out = NULL;
    size_t size = 0;
    CU_ASSERT_EQUAL_FATAL(mds_result_render(r, MDS_FORMAT_TEXT, &out, &size), MDS_OK);
    for (size_t i = 0; i < size; i++)
        CU_ASSERT(out[i] == '\n' || ((unsigned char)out[i] >= 0x20 && out[i] != 0x7F &&
                                      (unsigned char)out[i] != 0xC2));
    CU_ASSERT_STRING_EQUAL(out,
                           "The harbour office counted [31mfour hundred[0m crates of apples on "
                           "the quay.\nA bell rang when the ferry from the island docked at "
                           "noon on Friday.\nThe captain wrote the cargo list by hand, and the "
                           "clerk typed it up later.\n");
    mds_free(out);
    CU_ASSERT_EQUAL_FATAL(mds_result_render(r, MDS_FORMAT_JSONL, &out, &size), MDS_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "counted \\u001b[31mfour"));
    CU_ASSERT_PTR_NULL(strchr(out, '\x1b'));
    mds_free(out);
    mds_result_free(r);
}

/* Decodes the JSON string literal at s (just past its opening quote) into out; returns the
 * byte count, or -1 for an escape the renderer should not produce. */
static long json_decode(const char *s, char *out, size_t cap, const char **end)
{
    size_t n = 0;
    while (*s && *s != '"' && n + 1 < cap) {
        char c = *s++;
        if (c == '\\') {
            char e = *s++;
            if (e == 'n')
                c = '\n';
            else if (e == 't')
                c = '\t';
            else if (e == 'r')
                c = '\r';
            else if (e == '"' || e == '\\' || e == '/')
                c = e;
            else if (e == 'u') {
                unsigned v = 0;
                if (sscanf(s, "%4x", &v) != 1 || v > 0x7f)
                    return -1;
                c = (char)v;
                s += 4;
            } else
                return -1;
        } else if ((unsigned char)c < 0x20) {
            return -1; /* raw control bytes are not allowed in JSON strings */
        }
        out[n++] = c;
    }
    out[n] = '\0';
    if (end)
        *end = s;
    return *s == '"' ? (long)n : -1;
}

/* Braces and brackets balance outside strings, and no string is left open. */
static int balanced(const char *j)
{
    int depth = 0, in_str = 0;
    for (; *j; j++) {
        if (in_str) {
            if (*j == '\\')
                j++;
            else if (*j == '"')
                in_str = 0;
            continue;
        }
        if (*j == '"')
            in_str = 1;
        else if (*j == '{' || *j == '[')
            depth++;
        else if (*j == '}' || *j == ']') {
            if (--depth < 0)
                return 0;
        }
    }
    return depth == 0 && !in_str;
}

/* Each sentence object's "text" equals the input bytes at its "offset" and "length". */
static size_t check_texts(const char *j)
{
    size_t checked = 0;
    const char *q = j;
    while ((q = strstr(q, "\"offset\":")) != NULL) {
        unsigned long long off = 0, len = 0;
        CU_ASSERT_EQUAL_FATAL(sscanf(q, "\"offset\": %llu", &off), 1);
        const char *l = strstr(q, "\"length\":");
        CU_ASSERT_PTR_NOT_NULL_FATAL(l);
        CU_ASSERT_EQUAL_FATAL(sscanf(l, "\"length\": %llu", &len), 1);
        const char *t = strstr(l, "\"text\":");
        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        t = strchr(t + 7, '"');
        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        char text[1024];
        const char *end = NULL;
        long n = json_decode(t + 1, text, sizeof text, &end);
        CU_ASSERT_EQUAL_FATAL(n, (long)len);
        CU_ASSERT_FATAL(off + len <= sizeof INPUT - 1);
        CU_ASSERT(memcmp(text, INPUT + off, len) == 0);
        checked++;
        q = end;
    }
    return checked;
}

static void test_json(void)
{
    mds_result *r = summarize(MDS_ORDER_SCORE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    char *j = NULL;
    size_t size = 0;
    CU_ASSERT_EQUAL_FATAL(mds_result_render(r, MDS_FORMAT_JSON, &j, &size), MDS_OK);
    CU_ASSERT_EQUAL(size, strlen(j));
    CU_ASSERT_EQUAL(j[0], '{');
    CU_ASSERT_STRING_EQUAL(j + size - 2, "}\n");
    CU_ASSERT(balanced(j));
    CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"version\": \"" MDS_VERSION_STRING "\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"parameters\": {"));
    CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"stats\": {"));
    CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"order\": \"score\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"unit\": \"sentences\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"clean\": false"));
    CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"documents\": 1"));
    /* escapes: the quote, the backslash, the hard wrap and the tab inside sentences */
    CU_ASSERT_PTR_NOT_NULL(strstr(j, "the \\\"green\\\" budget\\nplan"));
    CU_ASSERT_PTR_NOT_NULL(strstr(j, "parks and\\tpublic"));
    CU_ASSERT_PTR_NOT_NULL(strstr(j, "C:\\\\budget\\\\final"));
    CU_ASSERT_PTR_NOT_NULL(strstr(j, "at\xc2\xa0" "forty")); /* UTF-8 as it is */
    CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"document\": \"council \\\"news\\\".txt\""));
    CU_ASSERT_PTR_NULL(strchr(j, '\t')); /* no raw tab anywhere */
    CU_ASSERT_EQUAL(check_texts(j), mds_result_count(r));
    CU_ASSERT_EQUAL(mds_result_count(r), 3);
    /* every row of the parameter table, in its order, its value by its type */
    const char *at = strstr(j, "\"parameters\": {");
    for (size_t i = 0; at && i < mds_param_count(); i++) {
        char key[64];
        snprintf(key, sizeof key, "\"%s\": ", mds_param_at(i)->name);
        const char *next = strstr(at, key);
        if (!next)
            fprintf(stderr, "\n  no %s after the previous row\n", key);
        CU_ASSERT_PTR_NOT_NULL(next);
        at = next ? next : at;
    }
    static const char *const typed[] = {
        "\"budget\": 10,", "\"lang\": \"english\",", "\"damping\": 0.85,",
        "\"max_iterations\": 200,", "\"selector\": \"concepts\",", "\"clean\": false,",
        "\"backend\": \"cpu\",", "\"device\": 0,", "\"graph\": \"dense\",",
        "\"memory\": 4294967296,", "\"precision\": \"fp32\",", "\"threads\": 0,",
        "\"max_input\": 1073741824,",
        "\"input_format\": \"auto\",", "\"encoding\": null,", "\"strict_utf8\": false,",
        "\"report\": false,", "\"query_teleport\": 0.3,", "\"query_concepts\": 0,",
        "\"query_title\": 1,", "\"query_expand\": 0,", "\"query_relevance\": 1},"};
    for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++)
        CU_ASSERT_PTR_NOT_NULL(strstr(j, typed[i]));
    mds_free(j);
    mds_result_free(r);
}

static void test_jsonl(void)
{
    mds_result *r = summarize(MDS_ORDER_SOURCE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    char *j = NULL, *pretty = NULL;
    size_t size = 0;
    CU_ASSERT_EQUAL_FATAL(mds_result_render(r, MDS_FORMAT_JSONL, &j, &size), MDS_OK);
    CU_ASSERT_EQUAL(size, strlen(j));
    CU_ASSERT(size > 2 && j[size - 1] == '\n');
    CU_ASSERT_PTR_EQUAL(strchr(j, '\n'), j + size - 1); /* one line */
    CU_ASSERT(balanced(j));
    CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"parameters\":{\"unit\":\"sentences\",\"budget\":10,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"stats\":{\"documents\":1,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"order\":\"source\""));
    CU_ASSERT_EQUAL(check_texts(j), mds_result_count(r));
    /* JSON says the same thing with layout added: equal once whitespace outside strings goes */
    CU_ASSERT_EQUAL_FATAL(mds_result_render(r, MDS_FORMAT_JSON, &pretty, NULL), MDS_OK);
    size_t k = 0;
    int in_str = 0;
    for (const char *q = pretty; *q; q++) {
        if (in_str && *q == '\\') {
            pretty[k++] = *q++;
        } else if (*q == '"') {
            in_str = !in_str;
        } else if (!in_str && (*q == ' ' || *q == '\n')) {
            continue;
        }
        pretty[k++] = *q;
    }
    pretty[k] = '\0';
    CU_ASSERT(size >= 1 && strncmp(pretty, j, size - 1) == 0 && k == size - 1);
    mds_free(pretty);
    mds_free(j);
    mds_result_free(r);
}

static void test_render_errors_and_empty(void)
{
    char *out = (char *)1;
    size_t size = 99;
    CU_ASSERT_EQUAL(mds_result_render(NULL, MDS_FORMAT_TEXT, &out, &size), MDS_EINVAL);
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT_EQUAL(size, 0);
    mds_result *r = summarize(MDS_ORDER_SOURCE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    out = (char *)1;
    CU_ASSERT_EQUAL(mds_result_render(r, (mds_format)7, &out, NULL), MDS_EINVAL);
    CU_ASSERT_PTR_NULL(out);
    mds_result_free(r);
    mds_free(NULL);
}

static CU_TestInfo tests[] = {
    {"sentences keep the source bytes", test_sentences_keep_source_bytes},
    {"text: one line a sentence, whitespace collapsed", test_text},
    {"text: runs of visible ASCII collapse as bytes do", test_collapse_runs_match_bytes},
    {"text: counting long texts as bytes do", test_collapse_count_long},
    {"text: no control character but newline", test_text_no_controls},
    {"JSON: escapes, fields, text at offset", test_json},
    {"JSONL: one line, same content", test_jsonl},
    {"render errors", test_render_errors_and_empty},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("output", tests, setup, teardown); }
