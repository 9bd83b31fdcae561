/* SPDX-License-Identifier: MIT */
/* The JSON reader: values, string escapes, surrogates, strict numbers, and errors with byte
 * offsets on malformed, truncated, deep, huge and non-UTF-8 input; then clusters from JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "testutil.h"

static mds__json *parse(const char *s)
{
    mds__json *v = NULL;
    size_t off = 0;
    char msg[128];
    mds_status st = mds__json_parse(s, strlen(s), &v, &off, msg, sizeof msg);
    CU_ASSERT_EQUAL(st, MDS_OK);
    if (st)
        fprintf(stderr, "\n  unexpected error at %zu: %s (%s)\n", off, msg, s);
    return v;
}

/* Expects a parse error at byte `want_off` whose message contains `want`. */
static void bad(const char *s, size_t n, size_t want_off, const char *want)
{
    mds__json *v = (mds__json *)1;
    size_t off = 99999;
    char msg[128] = "";
    mds_status st = mds__json_parse(s, n, &v, &off, msg, sizeof msg);
    CU_ASSERT_EQUAL(st, MDS_EFORMAT);
    CU_ASSERT_PTR_NULL(v);
    CU_ASSERT_EQUAL(off, want_off);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, want));
    if (off != want_off || !strstr(msg, want))
        fprintf(stderr, "\n  for %.40s: offset %zu (want %zu), \"%s\" (want \"%s\")\n", s, off,
                want_off, msg, want);
}
#define BAD(s, off, want) bad(s, sizeof(s) - 1, off, want)

static void test_values(void)
{
    mds__json *v = parse(" {\"a\": [1, -2.5e2, true, false, null, \"x\"], \"b\": {}, \"c\": []} ");
    CU_ASSERT_EQUAL_FATAL(v->type, MDS__JSON_OBJECT);
    CU_ASSERT_EQUAL(v->count, 3);
    CU_ASSERT_EQUAL(v->offset, 1);
    const mds__json *a = mds__json_get(v, "a");
    CU_ASSERT_EQUAL_FATAL(a->type, MDS__JSON_ARRAY);
    CU_ASSERT_EQUAL(a->count, 6);
    const mds__json *e = a->child;
    CU_ASSERT(e->type == MDS__JSON_NUMBER && e->number == 1);
    e = e->next;
    CU_ASSERT(e->type == MDS__JSON_NUMBER && e->number == -250);
    e = e->next;
    CU_ASSERT_EQUAL(e->type, MDS__JSON_TRUE);
    e = e->next;
    CU_ASSERT_EQUAL(e->type, MDS__JSON_FALSE);
    e = e->next;
    CU_ASSERT_EQUAL(e->type, MDS__JSON_NULL);
    e = e->next;
    CU_ASSERT(e->type == MDS__JSON_STRING && strcmp(e->str, "x") == 0);
    CU_ASSERT_PTR_NULL(e->next);
    CU_ASSERT_EQUAL(mds__json_get(v, "b")->count, 0);
    CU_ASSERT_EQUAL(mds__json_get(v, "c")->type, MDS__JSON_ARRAY);
    CU_ASSERT_PTR_NULL(mds__json_get(v, "d"));
    CU_ASSERT_PTR_NULL(mds__json_get(a, "a")); /* not an object */
    mds__json_free(v);
    /* a repeated key: the last one wins */
    v = parse("{\"k\":1,\"k\":2}");
    CU_ASSERT_EQUAL(mds__json_get(v, "k")->number, 2);
    mds__json_free(v);
    v = parse("0");
    CU_ASSERT(v->type == MDS__JSON_NUMBER && v->number == 0);
    mds__json_free(v);
    v = parse("1e400"); /* out of double range: still a number */
    CU_ASSERT_EQUAL(v->type, MDS__JSON_NUMBER);
    mds__json_free(v);
    mds__json_free(NULL);
}

static void test_strings(void)
{
    mds__json *v = parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"");
    CU_ASSERT_STRING_EQUAL(v->str, "a\"b\\c/d\b\f\n\r\t");
    mds__json_free(v);
    /* \u escapes: ASCII, two and three bytes, a surrogate pair (U+1F600), and NUL */
    v = parse("\"\\u0041\\u00e9\\u20AC\\uD83D\\uDE00|\\u0000|\"");
    CU_ASSERT_EQUAL(v->len, 1 + 2 + 3 + 4 + 1 + 1 + 1);
    CU_ASSERT(memcmp(v->str, "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80|\0|", v->len) == 0);
    mds__json_free(v);
    /* raw UTF-8 passes through */
    v = parse("\"caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80\"");
    CU_ASSERT_STRING_EQUAL(v->str, "caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80");
    mds__json_free(v);
    /* keys are decoded too */
    v = parse("{\"\\u0069d\": \"x\"}");
    CU_ASSERT_PTR_NOT_NULL(mds__json_get(v, "id"));
    mds__json_free(v);
}

static void test_bad_strings(void)
{
    BAD("\"abc", 0, "unterminated string");
    BAD("\"abc\\", 0, "unterminated string");
    BAD("\"a\\x\"", 2, "bad escape '\\x'");
    BAD("\"a\\u12G4\"", 6, "bad hex digit");
    BAD("\"a\\u12\"", 4, "truncated \\u escape");
    BAD("\"a\\u12\"}", 6, "bad hex digit");
    BAD("\"\\uDE00\"", 1, "lone low surrogate");
    BAD("\"\\uD83Dx\"", 1, "without a low one");
    BAD("\"\\uD83D\"", 1, "without a low one");
    BAD("\"\\uD83D\\u0041\"", 1, "not a low one");
    BAD("\"a\tb\"", 2, "control character 0x09");
    BAD("\"a\nb\"", 2, "control character 0x0a");
    BAD("\"ab\xff\"", 3, "invalid UTF-8 byte 0xff");
    BAD("\"\xc3\"", 1, "invalid UTF-8 byte 0xc3");           /* truncated sequence */
    BAD("\"\xc0\xaf\"", 1, "invalid UTF-8");                 /* overlong '/' */
    BAD("\"\xed\xa0\x80\"", 1, "invalid UTF-8");             /* encoded surrogate */
    BAD("\"\xf4\x90\x80\x80\"", 1, "invalid UTF-8");         /* past U+10FFFF */
    BAD("\"\xe2\x82\"", 1, "invalid UTF-8");                 /* cut before the quote */
}

static void test_bad_structure(void)
{
    BAD("", 0, "truncated");
    BAD("   ", 3, "truncated");
    BAD("{", 1, "truncated object");
    BAD("{\"a\"", 4, "truncated object");
    BAD("{\"a\":", 5, "truncated");
    BAD("{\"a\":1", 6, "truncated object");
    BAD("[1,2", 4, "truncated array");
    BAD("[1,]", 3, "unexpected character ']'");
    BAD("{\"a\":1,}", 7, "expected a member name");
    BAD("{a:1}", 1, "expected a member name");
    BAD("{\"a\" 1}", 5, "expected ':'");
    BAD("[1 2]", 3, "expected ',' or ']'");
    BAD("{\"a\":1 \"b\":2}", 7, "expected ',' or '}'");
    BAD("{} {}", 3, "after the value");
    BAD("tru", 0, "truncated literal");
    BAD("nul!", 0, "unexpected character");
    BAD("01", 1, "after the value");
    BAD("-", 1, "bad number");
    BAD("1.", 2, "no digit after '.'");
    BAD("1e+", 3, "no digit in the exponent");
    BAD("+1", 0, "unexpected character '+'");
    BAD("[1, /* c */ 2]", 4, "unexpected character '/'");
    /* the text need not be NUL-terminated, and a NUL inside is just a bad byte */
    bad("[1]\0", 4, 3, "after the value");
}

static void test_depth_and_size(void)
{
    /* nesting at the limit parses; one more is an error, not a stack overflow */
    size_t deep = MDS__JSON_MAX_DEPTH;
    char *s = malloc(2 * deep + 8);
    for (size_t i = 0; i < deep; i++)
        s[i] = '[', s[2 * deep - 1 - i] = ']';
    mds__json *v = NULL;
    size_t off;
    char msg[100];
    CU_ASSERT_EQUAL(mds__json_parse(s, 2 * deep, &v, &off, msg, sizeof msg), MDS_OK);
    mds__json_free(v);
    free(s);
    size_t n = 100000;
    s = malloc(n);
    memset(s, '[', n);
    CU_ASSERT_EQUAL(mds__json_parse(s, n, &v, &off, msg, sizeof msg), MDS_EFORMAT);
    CU_ASSERT_EQUAL(off, MDS__JSON_MAX_DEPTH + 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "deeper"));
    free(s);
    /* a huge string (32 MiB, escapes spread through it) round-trips */
    n = (size_t)32 << 20;
    s = malloc(n + 3);
    s[0] = '"';
    for (size_t i = 1; i <= n; i++)
        s[i] = (char)('a' + i % 26);
    for (size_t i = 1000; i + 6 < n; i += 1 << 20)
        memcpy(s + i, "\\u00e9", 6);
    s[n + 1] = '"';
    CU_ASSERT_EQUAL_FATAL(mds__json_parse(s, n + 2, &v, &off, msg, sizeof msg), MDS_OK);
    CU_ASSERT_EQUAL(v->type, MDS__JSON_STRING);
    CU_ASSERT_EQUAL(v->len, n - 4 * 32);
    CU_ASSERT(memcmp(v->str + 999, "\xc3\xa9", 2) == 0);
    mds__json_free(v);
    /* ...and the same cut short is an error at its first byte */
    CU_ASSERT_EQUAL(mds__json_parse(s, n, &v, &off, msg, sizeof msg), MDS_EFORMAT);
    CU_ASSERT_EQUAL(off, 0);
    free(s);
}

static const char *doc_text =
    "The council approved the new budget for the city schools on Monday evening after a "
    "long debate. Teachers said the budget restores programs that were cut three years ago. "
    "The mayor praised the council for the vote on the school budget.";

static void test_cluster_json(void)
{
    mds_ctx *ctx;
    CU_ASSERT_EQUAL_FATAL(mds_ctx_new(&ctx), MDS_OK);
    mds_cluster *cl;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &cl), MDS_OK);
    char *json = malloc(4096), *id = NULL;
    snprintf(json, 4096,
             "{\"id\": \"c\\u00e91\", \"documents\": [{\"id\": \"a\", \"text\": \"%s\", "
             "\"date\": \"2020-01-02\"}, {\"text\": \"%s\", \"extra\": [1]}]}",
             doc_text, doc_text);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_add_json(cl, json, strlen(json), &id), MDS_OK);
    CU_ASSERT_STRING_EQUAL(id, "c\xc3\xa9" "1");
    mds_free(id);
    CU_ASSERT_EQUAL(mds_cluster_document_count(cl), 2);
    mds_result *res;
    CU_ASSERT_EQUAL_FATAL(mds_summarize(ctx, cl, NULL, &res), MDS_OK);
    CU_ASSERT(mds_result_count(res) >= 1);
    const mds_sentence *s0 = mds_result_sentence(res, 0);
    CU_ASSERT(strcmp(s0->doc_id, "a") == 0 || strcmp(s0->doc_id, "doc1") == 0);
    if (strcmp(s0->doc_id, "a") == 0)
        CU_ASSERT_STRING_EQUAL(s0->doc_date, "2020-01-02");
    mds_result_free(res);

    /* failures are all or nothing and say where */
    static const struct {
        const char *json, *want;
        mds_status st;
    } cases[] = {
        {"[1]", "byte 0: a cluster is a JSON object", MDS_EFORMAT},
        {"{\"id\": 5, \"documents\": []}", "byte 7: \"id\" is not a string", MDS_EFORMAT},
        {"{\"id\": \"x\"}", "x: byte 0: \"documents\" is missing", MDS_EFORMAT},
        {"{\"id\": \"x\", \"documents\": []}", "x: \"documents\" is empty", MDS_EEMPTY},
        {"{\"documents\": [{\"text\": 3}]}", "byte 15: document 0 is not an object",
         MDS_EFORMAT},
        {"{\"documents\": [{\"text\": \"ok\"}, {\"id\": \"b\"}]}", "document 1", MDS_EFORMAT},
        {"{\"documents\": [{\"text\": \"ok\", \"date\": 2020}]}", "document 0", MDS_EFORMAT},
        {"{\"id\": \"x\", \"documents\": [{\"text\": \"\\u", "byte 35: unterminated string",
         MDS_EFORMAT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        id = (char *)1;
        mds_status st = mds_cluster_add_json(cl, cases[i].json, strlen(cases[i].json), &id);
        CU_ASSERT_EQUAL(st, cases[i].st);
        /* the id comes back even on failure, when the JSON had one */
        if (strstr(cases[i].json, "\"id\": \"x\"") && i != 7) {
            CU_ASSERT(id && strcmp(id, "x") == 0);
        } else {
            CU_ASSERT_PTR_NULL(id);
        }
        mds_free(id);
        CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), cases[i].want));
        if (st != cases[i].st || !strstr(mds_errmsg(ctx), cases[i].want))
            fprintf(stderr, "\n  case %zu: %d \"%s\"\n", i, st, mds_errmsg(ctx));
        CU_ASSERT_EQUAL(mds_cluster_document_count(cl), 2);
    }
    free(json);
    mds_cluster_free(cl);
    mds_ctx_free(ctx);
}

static void test_shared_context(void)
{
    mds_ctx *parent, *child;
    CU_ASSERT_EQUAL_FATAL(mds_ctx_new(&parent), MDS_OK);
    char path[512];
    snprintf(path, sizeof path, "%s/models/en.mds", MDS_SOURCE_DIR);
    CU_ASSERT_EQUAL_FATAL(mds_ctx_load_model(parent, path), MDS_OK);
    CU_ASSERT_EQUAL(mds_ctx_new_sharing(NULL, &child), MDS_EINVAL);
    CU_ASSERT_EQUAL_FATAL(mds_ctx_new_sharing(parent, &child), MDS_OK);
    /* the child summarizes with the parent's model, and gives what the parent gives */
    char *results[2];
    mds_ctx *ctxs[2] = {parent, child};
    for (int k = 0; k < 2; k++) {
        mds_cluster *cl;
        mds_result *res;
        size_t len;
        CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctxs[k], &cl), MDS_OK);
        CU_ASSERT_EQUAL_FATAL(mds_cluster_add_memory(cl, "t", doc_text, strlen(doc_text)), MDS_OK);
        CU_ASSERT_EQUAL_FATAL(mds_summarize(ctxs[k], cl, NULL, &res), MDS_OK);
        CU_ASSERT_EQUAL_FATAL(mds_result_render(res, MDS_FORMAT_TEXT, &results[k], &len), MDS_OK);
        mds_result_free(res);
        mds_cluster_free(cl);
    }
    CU_ASSERT_STRING_EQUAL(results[0], results[1]);
    mds_free(results[0]);
    mds_free(results[1]);
    mds_ctx_free(child); /* the model stays with the parent */
    mds_ctx_free(parent);
    CU_ASSERT_EQUAL(mds_set_blas_threads(0), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_set_blas_threads(1), MDS_OK);
}

static CU_TestInfo tests[] = {
    {"values", test_values},
    {"strings and escapes", test_strings},
    {"bad strings: escapes, surrogates, UTF-8", test_bad_strings},
    {"bad structure, truncation, numbers", test_bad_structure},
    {"depth limit, huge strings", test_depth_and_size},
    {"clusters from JSON", test_cluster_json},
    {"contexts sharing a model", test_shared_context},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("json", tests, NULL, NULL); }
