/* SPDX-License-Identifier: MIT */
/* Allocation failures, walked as SQLite's test harness walks them: for N = 0, 1, 2, ... the
 * Nth allocation of a whole operation fails, and with it every later one ("persistent"), or
 * that one alone ("transient"), until a run makes no refused allocation. Each failed run must
 * return MDS_ENOMEM, free what it made (the ASan build's LeakSanitizer checks), leave what it
 * was given as it was (a cluster keeps its documents, a context its model, parameters their
 * values), and leave its context usable: with allocations allowed again, the same context
 * summarizes a document of the example to its clean summary. A transient fault may also be
 * absorbed: then the result must be the clean one. The operations: the first context of the
 * process (the built-in model's parse), a summarize run of the example (context to rendered
 * text and JSON), model build and load, a JSON cluster summarized as batch does, ROUGE,
 * parameters, and the selectors and graphs the default run does not take. OpenBLAS runs on
 * one thread and the runs ask the library for one thread, so the Nth allocation is the same
 * one every time; the summarize run is walked on 3 threads too, and with no thread to be
 * had. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mds.h"
#include "testutil.h"
#include "util/alloc.h"
#include "util/parallel.h"

#define EXAMPLE MDS_SOURCE_DIR "/examples/putin-north-korea"
#define WORDS MDS_SOURCE_DIR "/models/en/"
#define VECTORS MDS_SOURCE_DIR "/tests/data/rouge-vectors"

static mds_ctx *clean_ctx;
static mds_cluster *example; /* read once, with allocations allowed */
static mds_cluster *one_doc; /* its first document alone */
static mds_params *cpu;      /* defaults on the CPU backend */
static char *want_text;      /* the example's clean summary */
static char *want_one;       /* one_doc's */

/* ---- the walk -------------------------------------------------------------------------------- */

/* One operation under test. `ctx` is a context made for it (allocations allowed) or, when the
 * operation makes its own (ctx_new is part of it), NULL and the operation sets it; either way
 * the walk then checks it and frees it. The operation frees everything else it made, and
 * checks what it can while the fault is still armed (nothing it calls then may allocate). */
typedef mds_status (*operation)(mds_ctx **ctx);

typedef struct walk_stats {
    unsigned long allocations; /* of one run without a fault */
    unsigned long points;      /* runs with a refused allocation, both modes */
    unsigned long absorbed;    /* transient faults after which the operation succeeded */
} walk_stats;

/* The summary `ctx` makes of cluster `c` now, as text; NULL (with the reason on stderr) if it
 * makes none. */
static char *summary(mds_ctx *ctx, const mds_cluster *c)
{
    mds_result *r = NULL;
    char *text = NULL;
    mds_status st = mds_summarize(ctx, c, cpu, &r);
    if (!st)
        st = mds_result_render(r, MDS_FORMAT_TEXT, &text, NULL);
    if (st)
        fprintf(stderr, "\n  no summary: %s: %s\n", mds_strerror(st), mds_errmsg(ctx));
    mds_result_free(r);
    return text;
}

/* Stops a test whose fixture test_first_context could not make. */
#define NEED_FIXTURE() CU_ASSERT_PTR_NOT_NULL_FATAL(want_one)

/* What the context must summarize one_doc to after the operation: want_one unless the
 * operation says otherwise (a model load that went through). */
static const char *expect;

/* Walks op, both modes. After each failure the context summarizes one_doc to `expect`: a
 * document of the example rather than all five, as that checks all a context holds (the
 * model, the featurizer it caches, its message) at a fifth of the cost, and the walk makes
 * thousands of these runs. */
static walk_stats walk(const char *name, operation op, int make_ctx)
{
    walk_stats ws = {0, 0, 0};
    clock_t c0 = clock(), verify = 0;
    for (int persistent = 1; persistent >= 0; persistent--) {
        for (long n = 0;; n++) {
            mds_ctx *ctx = NULL;
            if (make_ctx)
                CU_ASSERT_EQUAL_FATAL(mds_ctx_new(&ctx), MDS_OK);
            unsigned long made = mds__alloc_count(), refused = mds__alloc_failures();
            if (persistent)
                mds__alloc_fail_after(n);
            else
                mds__alloc_fail_once(n);
            expect = want_one;
            mds_status st = op(&ctx);
            mds__alloc_fail_after(-1);
            refused = mds__alloc_failures() - refused;
            made = mds__alloc_count() - made;
            if (n == 1000000) {
                CU_FAIL("the walk does not end: a run refuses an allocation at every n");
                refused = 0;
            }
            if (refused == 0) {
                /* The whole run fit in n allocations: the walk is over. */
                CU_ASSERT_EQUAL(st, MDS_OK);
                if (st)
                    fprintf(stderr, "\n  %s: no fault, yet %s\n", name, mds_strerror(st));
                if (persistent)
                    ws.allocations = made;
                mds_ctx_free(ctx);
                break;
            }
            ws.points++;
            ws.absorbed += st == MDS_OK;
            /* Persistent: nothing can succeed once allocations fail. Transient: the code may
             * retry or do without (the operation has checked its result). */
            if (persistent ? st != MDS_ENOMEM : st != MDS_OK && st != MDS_ENOMEM) {
                CU_FAIL("a refused allocation did not give MDS_ENOMEM");
                fprintf(stderr, "\n  %s: allocation %ld (%s) refused: %s (%s)\n", name, n,
                        persistent ? "persistent" : "transient", mds_strerror(st),
                        ctx ? mds_errmsg(ctx) : "no context");
            }
            clock_t v0 = clock();
            if (ctx) {
                char *text = summary(ctx, one_doc);
                CU_ASSERT(text && strcmp(text, expect) == 0);
                if (text && strcmp(text, expect) != 0)
                    fprintf(stderr, "\n  %s: allocation %ld refused: the context now "
                                    "summarizes differently\n", name, n);
                mds_free(text);
            }
            mds_ctx_free(ctx);
            verify += clock() - v0;
        }
    }
    printf("\n  %s: %lu allocations, %lu failure points (%lu absorbed), %.1f s CPU (%.1f s in "
           "the checks) ",
           name, ws.allocations, ws.points, ws.absorbed, (double)(clock() - c0) / CLOCKS_PER_SEC,
           (double)verify / CLOCKS_PER_SEC);
    return ws;
}

/* ---- the hook itself ------------------------------------------------------------------------ */

static void test_hook(void)
{
    unsigned long made = mds__alloc_count(), refused = mds__alloc_failures();
    mds__alloc_fail_after(0);
    void *p = mds__malloc(16);
    char *s = mds__strdup("x");
    void *q = mds__calloc(2, 8);
    mds__alloc_fail_after(-1);
    CU_ASSERT_PTR_NULL(p);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_PTR_NULL(q);
    CU_ASSERT_EQUAL(mds__alloc_count() - made, 3);
    CU_ASSERT_EQUAL(mds__alloc_failures() - refused, 3);

    /* Two allowed, then persistent: the third and all after fail. */
    mds__alloc_fail_after(2);
    void *a = mds__malloc(1), *b = mds__malloc(0), *c = mds__malloc(1);
    void *big = mds__realloc(a, 64);
    mds__alloc_fail_after(-1);
    CU_ASSERT_PTR_NOT_NULL(a);
    CU_ASSERT_PTR_NOT_NULL(b); /* size 0 counts, and gives a pointer to free */
    CU_ASSERT_PTR_NULL(c);
    CU_ASSERT_PTR_NULL(big); /* a refused realloc leaves the block alone */
    mds__free(a);
    mds__free(b);
    CU_ASSERT_EQUAL(mds__alloc_failures() - refused, 5);

    /* Transient: one allowed, the second fails, the third works again. */
    mds__alloc_fail_once(1);
    a = mds__malloc(8);
    b = mds__malloc(8);
    c = mds__malloc(8);
    mds__alloc_fail_after(-1);
    CU_ASSERT_PTR_NOT_NULL(a);
    CU_ASSERT_PTR_NULL(b);
    CU_ASSERT_PTR_NOT_NULL(c);
    mds__free(a);
    mds__free(c);
    CU_ASSERT_EQUAL(mds__alloc_failures() - refused, 6);

    /* Off: nothing fails. */
    p = mds__malloc(8);
    CU_ASSERT_PTR_NOT_NULL(p);
    mds__free(p);
    CU_ASSERT_EQUAL(mds__alloc_failures() - refused, 6);
    CU_ASSERT_EQUAL(mds__alloc_count() - made, 11);

    /* calloc_written: one allocation, zeroed (over memory malloc has just dirtied), refused
     * like the others; a product that overflows is refused before asking. */
    unsigned char *dirty = mds__malloc(1 << 20);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dirty);
    memset(dirty, 0xa5, 1 << 20);
    mds__free(dirty);
    unsigned char *z = mds__calloc_written(1 << 18, 4);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    size_t nonzero = 0;
    for (size_t i = 0; i < (size_t)1 << 20; i++)
        nonzero += z[i] != 0;
    CU_ASSERT_EQUAL(nonzero, 0);
    mds__free(z);
    CU_ASSERT_PTR_NULL(mds__calloc_written(SIZE_MAX / 2, 4));
    mds__alloc_fail_after(0);
    z = mds__calloc_written(4, 4);
    mds__alloc_fail_after(-1);
    CU_ASSERT_PTR_NULL(z);
    CU_ASSERT_EQUAL(mds__alloc_count() - made, 14);
    CU_ASSERT_EQUAL(mds__alloc_failures() - refused, 7);
}

/* ---- a whole summarize run --------------------------------------------------------------- */

/* The threads of the front end in op_summarize, and whether it may make them: with more than
 * one, which allocation comes Nth is up to the threads, but every run must still fail clean
 * or succeed with the clean summary; with none to be had, the run goes on in the caller. */
static int summarize_threads = 1, no_threads;

static mds_status op_summarize(mds_ctx **pctx)
{
    mds_status st = mds_ctx_new(pctx);
    if (st)
        return st;
    mds_ctx *ctx = *pctx;
    mds_params *p = NULL;
    mds_cluster *c = NULL;
    mds_result *r = NULL;
    char *text = NULL, *json = NULL;
    if ((st = mds_params_new(&p)) || (st = mds_params_set(p, "backend", "cpu")) ||
        (st = mds_params_set_int(p, MDS_PARAM_THREADS, summarize_threads)))
        goto done;
    mds__parallel_fail_create(no_threads ? 1000000 : -1);
    if ((st = mds_cluster_new(ctx, &c)))
        goto done;
    st = mds_cluster_add_dir(c, EXAMPLE);
    /* All or nothing. */
    CU_ASSERT_EQUAL(mds_cluster_document_count(c), st ? 0 : 5);
    if (st || (st = mds_summarize(ctx, c, p, &r)))
        goto done;
    if ((st = mds_result_render(r, MDS_FORMAT_TEXT, &text, NULL)))
        goto done;
    CU_ASSERT_STRING_EQUAL(text, want_text);
    if ((st = mds_result_render(r, MDS_FORMAT_JSON, &json, NULL)))
        goto done;
    CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"sentences\""));
done:
    mds__parallel_fail_create(-1);
    mds_free(json);
    mds_free(text);
    mds_result_free(r);
    mds_cluster_free(c);
    mds_params_free(p);
    return st;
}

static void test_summarize(void)
{
    NEED_FIXTURE();
    walk_stats ws = walk("summarize", op_summarize, 0);
    CU_ASSERT(ws.allocations > 100);
    CU_ASSERT(ws.points >= 2 * ws.allocations);
    summarize_threads = 3;
    ws = walk("summarize on 3 threads", op_summarize, 0);
    CU_ASSERT(ws.allocations > 100);
    no_threads = 1;
    ws = walk("summarize, 3 threads asked, none to be had", op_summarize, 0);
    CU_ASSERT(ws.allocations > 100);
    summarize_threads = 1;
    no_threads = 0;
}

/* ---- the other selectors and graphs, on one document ----------------------------------------- */

/* Parameter sets that take the paths the default run does not: each selector, the sparse
 * graph, thresholded LexRank, score order, byte and sentence budgets. */
static const char *const variants[][12] = {
    {"selector", "coverage", "partition", "similarity", "reward", "similarity", "order",
     "score", "unit", "bytes", "budget", "400"},
    {"selector", "mmr", "graph", "sparse", "neighbors", "4", "lexrank", "threshold",
     "threshold", "0.1", "unit", "sentences"},
    {"selector", "concepts", "graph", "sparse", "concept_greedy", "1", "idf_blend", "1",
     "clean", "0", "order", "score"},
    {"selector", "lead", "min_words", "0", "max_words", "0", "unit", "sentences", "budget",
     "2", "precision", "fp16"},
    /* the report the HTML page shows: the documents and every sentence kept in the result */
    {"selector", "concepts", "report", "1", "unit", "sentences", "budget", "3", "min_words",
     "1", "max_words", "0"},
};
static mds_params *variant;
static char *want_variant; /* one_doc's summary under `variant` */

static mds_status op_variant(mds_ctx **pctx)
{
    mds_result *r = NULL;
    char *text = NULL, *jsonl = NULL, *html = NULL;
    mds_status st = mds_summarize(*pctx, one_doc, variant, &r);
    if (!st && !(st = mds_result_render(r, MDS_FORMAT_TEXT, &text, NULL)))
        CU_ASSERT_STRING_EQUAL(text, want_variant);
    if (!st && !(st = mds_result_render(r, MDS_FORMAT_JSONL, &jsonl, NULL)))
        CU_ASSERT(jsonl[0] == '{');
    mds_free(jsonl);
    if (!st && !(st = mds_result_render(r, MDS_FORMAT_HTML, &html, NULL)))
        CU_ASSERT(strstr(html, "</html>") != NULL);
    mds_free(html);
    mds_free(text);
    mds_result_free(r);
    return st;
}

static void test_variants(void)
{
    NEED_FIXTURE();
    for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
        CU_ASSERT_EQUAL_FATAL(mds_params_dup(cpu, &variant), MDS_OK);
        for (size_t k = 0; k < 12; k += 2)
            CU_ASSERT_EQUAL_FATAL(mds_params_set(variant, variants[v][k], variants[v][k + 1]),
                                  MDS_OK);
        mds_result *r = NULL;
        CU_ASSERT_EQUAL_FATAL(mds_summarize(clean_ctx, one_doc, variant, &r), MDS_OK);
        CU_ASSERT_EQUAL_FATAL(mds_result_render(r, MDS_FORMAT_TEXT, &want_variant, NULL),
                              MDS_OK);
        mds_result_free(r);
        char name[64];
        snprintf(name, sizeof name, "%s selector", variants[v][1]);
        walk_stats ws = walk(name, op_variant, 1);
        CU_ASSERT(ws.allocations > 100);
        mds_free(want_variant);
        mds_params_free(variant);
    }
}

/* ---- model build and load ------------------------------------------------------------------ */

/* A small model (2^10 buckets) built from the example and the ROUGE vectors' references, with
 * every word list: its file parses a hundred times faster than the default model's, through
 * the same code and with as many allocations (the lists make them). */
static char built_path[1024];
static unsigned char *built; /* the clean build's model file */
static size_t built_size;
static char *want_built; /* one_doc's summary under the built model */

static mds_status build(mds_ctx *ctx, const char *out)
{
    mds_model_options o;
    mds_model_options_default(&o);
    o.bucket_bits = 10;
    o.dimensions = 64;
    o.bigrams = 1;
    o.stopwords = WORDS "stopwords.txt";
    o.abbreviations = WORDS "abbreviations.txt";
    o.phrases = WORDS "phrases.txt";
    const char *inputs[] = {EXAMPLE, VECTORS "/models"};
    return mds_model_build(ctx, inputs, 2, &o, out);
}

static mds_status op_build(mds_ctx **pctx)
{
    unlink(built_path);
    mds_status st = build(*pctx, built_path);
    if (st) {
        /* A failed build leaves no file behind. */
        CU_ASSERT_NOT_EQUAL(access(built_path, F_OK), 0);
        return st;
    }
    size_t size = 0;
    char *data = tu_read_file(built_path, &size);
    CU_ASSERT(data && size == built_size && memcmp(data, built, size) == 0);
    free(data);
    return st;
}

static mds_status op_load(mds_ctx **pctx)
{
    /* A failed load keeps the model the context had (the default): the walk's summary checks
     * it. One that went through (a transient fault absorbed) has the built model in effect. */
    mds_status st = mds_ctx_load_model(*pctx, built_path);
    if (!st)
        expect = want_built;
    return st;
}

static void test_model(void)
{
    NEED_FIXTURE();
    snprintf(built_path, sizeof built_path, "%s", tu_at("built.mds"));
    CU_ASSERT_EQUAL_FATAL(build(clean_ctx, built_path), MDS_OK);
    built = (unsigned char *)tu_read_file(built_path, &built_size);
    CU_ASSERT_PTR_NOT_NULL_FATAL(built);
    walk_stats b = walk("model build", op_build, 1);
    CU_ASSERT(b.allocations > 100);
    free(built);
    built = NULL;

    /* What the walk's last build wrote loads, and summarizes otherwise than the default. */
    mds_ctx *ctx = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_ctx_new(&ctx), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_ctx_load_model(ctx, built_path), MDS_OK);
    want_built = summary(ctx, one_doc);
    mds_ctx_free(ctx);
    CU_ASSERT_PTR_NOT_NULL_FATAL(want_built);
    CU_ASSERT(strcmp(want_built, want_one) != 0);
    walk_stats load = walk("model load", op_load, 1);
    CU_ASSERT(load.allocations > 100);
    mds_free(want_built);
}

/* ---- a JSON cluster, as batch reads and summarizes it -------------------------------------- */

static char *cluster_json;
static char *want_json_text; /* the clean summary of cluster_json */

/* One JSON cluster: the first paragraphs (8 lines) of three of the example's files, the second
 * with a date, an SGML file of three stories and a Markdown text (hygiene's cuts, a joined
 * hyphen): small, as the summarize walk covers the rest of a run. */
static char *make_cluster_json(void)
{
    static const char *files[] = {"000_ea34812cd32b42ef.txt", "001_b4a0a099eddaae10.txt",
                                  "002_ccde3f834144294e.txt"};
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    /* with a query (a title line and a narrative), so the walk takes the query's stages */
    len += (size_t)snprintf(out, cap, "{\"id\": \"putin\", \"query\": \"Talks in Moscow\\n"
                            "Discuss what the two sides agreed.\", \"documents\": [");
    for (int i = 0; i < 3; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", EXAMPLE, files[i]);
        size_t size = 0;
        char *text = tu_read_file(path, &size);
        if (!text || len + 2 * size + 200 > cap) {
            free(text);
            free(out);
            return NULL;
        }
        for (size_t k = 0, lines = 0; k < size; k++)
            if (text[k] == '\n' && ++lines == 8)
                size = k + 1;
        len += (size_t)snprintf(out + len, cap - len, "%s{\"id\": \"d%d\", %s\"text\": \"",
                                i ? ", " : "", i, i == 1 ? "\"date\": \"2019-04-25\", " : "");
        for (size_t k = 0; k < size; k++) {
            unsigned char ch = (unsigned char)text[k];
            if (ch == '\n') {
                out[len++] = '\\';
                out[len++] = 'n';
            } else if (ch == '"' || ch == '\\') {
                out[len++] = '\\';
                out[len++] = (char)ch;
            } else if (ch >= 0x20) {
                out[len++] = (char)ch;
            }
        }
        len += (size_t)snprintf(out + len, cap - len, "\"}");
        free(text);
    }
    /* SGML, so the walk takes ingest's tags, entities and DOCNOs too: a <DOC> with a date and
     * a headline, one with neither, a Reuters story. Three documents more. */
    snprintf(out + len, cap - len, "%s]}\n",
             ", {\"id\": \"wire\", \"text\": \"<DOC>\\n<DOCNO> APW19990421.0001 </DOCNO>\\n"
             "<DATE_TIME> 1999-04-21 10:00 </DATE_TIME>\\n<HEADLINE> Summit &amp; talks "
             "</HEADLINE>\\n<TEXT>\\n<P>\\n``The talks went well,'' a spokesman for the "
             "Kremlin said on Wednesday &mdash; the first such meeting.\\n</P>\\n<P>\\nBoth "
             "sides agreed to meet again &lt;soon&gt; in Moscow, officials said.\\n</P>\\n"
             "</TEXT>\\n</DOC>\\n<DOC>\\n<TEXT>\\n   A second story without a number "
             "follows the first one here.\\n   It has two short paragraphs in all.\\n"
             "</TEXT>\\n</DOC>\\n<REUTERS NEWID=\\\"17\\\">\\n<TITLE>TRADE TALKS</TITLE>\\n"
             "<BODY>Trade ministers met in Geneva on Monday to discuss tariffs.\\nThey "
             "agreed on little.\\n</BODY></REUTERS>\\n\"}, {\"id\": \"md\", \"text\": "
             "\"# Talks in Moscow\\n\\nThe **talks** went [well](http://x.y/z), a spokes-\\n"
             "man for the Kremlin said, and a well-\\nknown aide agreed.\\n\\n> Both sides "
             "will meet again.\\n\\n- Q: What comes next?\\n\\n```\\ncode\\n```\\n\"}");
    return out;
}

static mds_status op_json(mds_ctx **pctx)
{
    /* As batch runs it: a context sharing the model, per worker. */
    mds_ctx *ctx = NULL;
    mds_cluster *c = NULL;
    mds_result *r = NULL;
    char *id = NULL, *text = NULL, *json = NULL;
    mds_status st = mds_ctx_new_sharing(*pctx, &ctx);
    if (st)
        return st;
    if ((st = mds_cluster_new(ctx, &c)))
        goto done;
    st = mds_cluster_add_json(c, cluster_json, strlen(cluster_json), &id);
    CU_ASSERT_EQUAL(mds_cluster_document_count(c), st ? 0 : 7);
    /* The id comes back even when the cluster failed, unless copying it failed. */
    CU_ASSERT(id == NULL || strcmp(id, "putin") == 0);
    CU_ASSERT(st || id != NULL);
    if (st || (st = mds_summarize(ctx, c, cpu, &r)))
        goto done;
    if ((st = mds_result_render(r, MDS_FORMAT_TEXT, &text, NULL)))
        goto done;
    CU_ASSERT_STRING_EQUAL(text, want_json_text);
    if ((st = mds_result_render(r, MDS_FORMAT_JSON, &json, NULL)))
        goto done;
    CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"query\": \"Talks in Moscow\\nDiscuss"));
done:
    mds_free(json);
    mds_free(text);
    mds_result_free(r);
    mds_free(id);
    mds_cluster_free(c);
    mds_ctx_free(ctx);
    return st;
}

static void test_json(void)
{
    NEED_FIXTURE();
    cluster_json = make_cluster_json();
    CU_ASSERT_PTR_NOT_NULL_FATAL(cluster_json);
    mds_cluster *c = NULL;
    mds_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(clean_ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_add_json(c, cluster_json, strlen(cluster_json), NULL),
                          MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_summarize(clean_ctx, c, cpu, &r), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_result_render(r, MDS_FORMAT_TEXT, &want_json_text, NULL), MDS_OK);
    mds_result_free(r);
    mds_cluster_free(c);
    walk_stats ws = walk("json", op_json, 1);
    CU_ASSERT(ws.allocations > 100);
    mds_free(want_json_text);
    free(cluster_json);
}

/* ---- ROUGE ----------------------------------------------------------------------------------- */

static mds_rouge_score want_rouge[2][MDS_ROUGE_NMETRICS];
static mds_rouge_average want_average;

/* ROUGE-1 averaged over the two evaluations with bootstrap intervals, as eval reports it. */
static mds_status average(mds_rouge_score got[2][MDS_ROUGE_NMETRICS], mds_rouge_average *avg)
{
    mds_rouge_score ev[2] = {got[0][MDS_ROUGE_1], got[1][MDS_ROUGE_1]};
    return mds_rouge_bootstrap(ev, 2, 1000, 0.95, avg);
}

static char exc_dir[1024]; /* WordNet exception files for the stemming evaluator */

/* Scores with two evaluators, pr[0] and pr[1] (new ones where NULL): texts with stemming,
 * stopwords and WordNet exceptions, then files with a byte limit (ROUGE-L reads its own
 * truncation then), into out[0] and out[1]. */
static mds_status rouge_scores(mds_ctx *ctx, mds_rouge *pr[2],
                               mds_rouge_score out[2][MDS_ROUGE_NMETRICS])
{
    mds_rouge_options o;
    mds_rouge_options_default(&o);
    o.stem = 1;
    o.remove_stopwords = 1;
    o.stopwords = WORDS "stopwords.txt";
    o.exceptions = exc_dir;
    mds_status st = MDS_OK;
    if (!pr[0] && (st = mds_rouge_new(ctx, &o, &pr[0])))
        return st;
    static const char peer[] = "North Korea's leader met Russia's president in Vladivostok.\n"
                               "The two men talked about the peninsula's nuclear programme.\n";
    static const char ref[] = "Kim Jong Un and Vladimir Putin held their first summit.\n"
                              "They discussed the nuclear standoff, said the leaders' aides.\n";
    const char *refs[] = {ref, want_text};
    const size_t sizes[] = {sizeof ref - 1, strlen(want_text)};
    if ((st = mds_rouge_score_texts(pr[0], peer, sizeof peer - 1, refs, sizes, 2, out[0])))
        return st;
    mds_rouge_options_default(&o);
    o.bytes = 120;
    o.exceptions = "";
    if (!pr[1] && (st = mds_rouge_new(ctx, &o, &pr[1])))
        return st;
    const char *ref_paths[] = {VECTORS "/models/t1.M.A", VECTORS "/models/t1.M.B"};
    return mds_rouge_score_files(pr[1], VECTORS "/peers/t1.p1", ref_paths, 2, out[1]);
}

static mds_status op_rouge(mds_ctx **pctx)
{
    mds_rouge *r[2] = {NULL, NULL};
    mds_rouge_score got[2][MDS_ROUGE_NMETRICS];
    mds_rouge_average avg;
    mds_status st = rouge_scores(*pctx, r, got);
    if (!st)
        CU_ASSERT(memcmp(got, want_rouge, sizeof got) == 0);
    if (!st && !(st = average(got, &avg)))
        CU_ASSERT(memcmp(&avg, &want_average, sizeof avg) == 0);
    if (st && (r[0] || r[1])) {
        /* An evaluator that failed a score still scores right (its caches hold no half-made
         * entry). */
        mds__alloc_fail_after(-1);
        mds_rouge_score again[2][MDS_ROUGE_NMETRICS];
        CU_ASSERT_EQUAL(rouge_scores(*pctx, r, again), MDS_OK);
        CU_ASSERT(memcmp(again, want_rouge, sizeof again) == 0);
    }
    mds_rouge_free(r[0]);
    mds_rouge_free(r[1]);
    return st;
}

static void test_rouge(void)
{
    NEED_FIXTURE();
    snprintf(exc_dir, sizeof exc_dir, "%s", tu_at("exc"));
    CU_ASSERT_EQUAL_FATAL(mkdir(exc_dir, 0755), 0);
    static const char noun[] = "aides aide\nleaders leader\nmen man\n";
    static const char verb[] = "held hold\nsaid say\ntalked talk\n";
    CU_ASSERT_EQUAL_FATAL(tu_put("exc/noun.exc", noun, sizeof noun - 1), 0);
    CU_ASSERT_EQUAL_FATAL(tu_put("exc/verb.exc", verb, sizeof verb - 1), 0);
    mds_rouge *r[2] = {NULL, NULL};
    CU_ASSERT_EQUAL_FATAL(rouge_scores(clean_ctx, r, want_rouge), MDS_OK);
    CU_ASSERT_PTR_NULL(mds_rouge_warning(r[0])); /* the exceptions were read */
    mds_rouge_free(r[0]);
    mds_rouge_free(r[1]);
    CU_ASSERT_EQUAL_FATAL(average(want_rouge, &want_average), MDS_OK);
    CU_ASSERT(want_average.n == 2 && want_average.lo[0] <= want_average.hi[0]);
    walk_stats ws = walk("rouge", op_rouge, 1);
    CU_ASSERT(ws.allocations > 20);
}

/* ---- encodings: a guessed Windows-1252 file, a UTF-16 one, a declared charset ------------------ */

static const char enc_latin1[] =
    "The harbour master of Saint-\xc9tienne counted four hundred crates on the quay today.\n"
    "The clerk said the \x93" "apples\x94 came from the valley, as they do every year.\n";
static const char enc_koi8[] =
    "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n\nThe ferry from the island "
    "docked at noon, and its crates cost 40 \xa4 each at the harbour today.\n";
static char enc_utf16[512];
static size_t enc_utf16_len;
static char *want_enc;

static mds_status op_encodings(mds_ctx **pctx)
{
    mds_cluster *c = NULL;
    mds_result *r = NULL;
    char *text = NULL;
    mds_status st = mds_cluster_new(*pctx, &c);
    if (st)
        return st;
    if ((st = mds_cluster_add_memory(c, "latin1", enc_latin1, sizeof enc_latin1 - 1)) ||
        (st = mds_cluster_add_memory(c, "utf16", enc_utf16, enc_utf16_len)) ||
        (st = mds_cluster_add_memory(c, "declared", enc_koi8, sizeof enc_koi8 - 1)))
        goto done;
    CU_ASSERT_EQUAL(mds_cluster_warning_count(c), 1);
    if ((st = mds_summarize(*pctx, c, cpu, &r)) ||
        (st = mds_result_render(r, MDS_FORMAT_JSON, &text, NULL)))
        goto done;
    /* the JSON holds offsets into the original bytes and UTF-8 text; its timings vary */
    char *cut = strstr(text, "\"parameters\"");
    if (cut)
        *cut = '\0';
    CU_ASSERT_STRING_EQUAL(text, want_enc);
done:
    mds_free(text);
    mds_result_free(r);
    mds_cluster_free(c);
    return st;
}

static void test_encodings(void)
{
    NEED_FIXTURE();
    /* UTF-16LE with its mark, written here: ASCII, so each byte is followed by a zero */
    const char *u = "A bell rang at the harbour gate when the ferry with the crates docked.\n";
    enc_utf16[0] = (char)0xFF, enc_utf16[1] = (char)0xFE;
    enc_utf16_len = 2;
    for (size_t i = 0; u[i]; i++) {
        enc_utf16[enc_utf16_len++] = u[i];
        enc_utf16[enc_utf16_len++] = 0;
    }
    mds_ctx *ctx = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_ctx_new(&ctx), MDS_OK);
    want_enc = NULL;
    mds_cluster *c = NULL;
    mds_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_add_memory(c, "latin1", enc_latin1, sizeof enc_latin1 - 1), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_add_memory(c, "utf16", enc_utf16, enc_utf16_len), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_add_memory(c, "declared", enc_koi8, sizeof enc_koi8 - 1), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_summarize(ctx, c, cpu, &r), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_result_render(r, MDS_FORMAT_JSON, &want_enc, NULL), MDS_OK);
    char *cut = strstr(want_enc, "\"parameters\"");
    if (cut)
        *cut = '\0';
    CU_ASSERT_PTR_NOT_NULL(strstr(want_enc, "Saint-\xc3\x89tienne"));
    CU_ASSERT_PTR_NOT_NULL(strstr(want_enc, "40 \xe2\x82\xac each"));
    mds_result_free(r);
    mds_cluster_free(c);
    mds_ctx_free(ctx);
    walk_stats ws = walk("encodings", op_encodings, 1);
    CU_ASSERT(ws.allocations > 20);
    mds_free(want_enc);
}

/* ---- parameters ------------------------------------------------------------------------------ */

static mds_status op_params(mds_ctx **pctx)
{
    (void)pctx;
    mds_params *p = NULL, *d = NULL;
    char buf[64];
    mds_status st = mds_params_new(&p);
    if (st)
        return st;
    CU_ASSERT_EQUAL(mds_params_set(p, "selector", "mmr"), MDS_OK);
    if ((st = mds_params_set_string(p, MDS_PARAM_LANG, "english")))
        goto done;
    if ((st = mds_params_set(p, "lang", "german"))) {
        /* A failed set leaves the value as it was. */
        CU_ASSERT_EQUAL(mds_params_get_string(p, MDS_PARAM_LANG, buf, sizeof buf), MDS_OK);
        CU_ASSERT_STRING_EQUAL(buf, "english");
        goto done;
    }
    if ((st = mds_params_dup(p, &d)))
        goto done;
    CU_ASSERT_EQUAL(mds_params_get_string(d, MDS_PARAM_LANG, buf, sizeof buf), MDS_OK);
    CU_ASSERT_STRING_EQUAL(buf, "german");
    CU_ASSERT_EQUAL(mds_params_get_string(d, MDS_PARAM_SELECTOR, buf, sizeof buf), MDS_OK);
    CU_ASSERT_STRING_EQUAL(buf, "mmr");
    CU_ASSERT_EQUAL(mds_params_check(d), MDS_OK);
    mds_params_reset(d);
    CU_ASSERT_EQUAL(mds_params_get_string(d, MDS_PARAM_LANG, buf, sizeof buf), MDS_OK);
    CU_ASSERT_STRING_EQUAL(buf, "");
done:
    mds_params_free(d);
    mds_params_free(p);
    return st;
}

static void test_params(void)
{
    NEED_FIXTURE();
    walk_stats ws = walk("params", op_params, 0);
    CU_ASSERT(ws.allocations >= 3);
}

/* ---- the first context, and the fixture ----------------------------------------------------- */

/* The first context of the process parses the built-in model: a parse that fails for memory
 * gives MDS_ENOMEM and no context, and the next call parses again (not a context without a
 * model, nor a process that never gets one). This runs before anything else makes a context. */
static void test_first_context(void)
{
    unsigned long runs = 0, made = 0;
    for (long n = 0;; n++, runs++) {
        mds_ctx *ctx = NULL;
        unsigned long refused = mds__alloc_failures(), count = mds__alloc_count();
        mds__alloc_fail_after(n);
        mds_status st = mds_ctx_new(&ctx);
        mds__alloc_fail_after(-1);
        made = mds__alloc_count() - count;
        mds_ctx_free(ctx);
        if (mds__alloc_failures() == refused) {
            CU_ASSERT_EQUAL(st, MDS_OK);
            break;
        }
        CU_ASSERT_EQUAL(st, MDS_ENOMEM);
        CU_ASSERT_PTR_NULL(ctx);
    }
    printf("\n  first context: %lu allocations, %lu failure points ", made, runs);
    CU_ASSERT(runs > 100); /* the model's parse was walked */

    /* The fixture, from a context that has the model (its summary shows it). */
    CU_ASSERT_EQUAL_FATAL(mds_ctx_new(&clean_ctx), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_params_new(&cpu), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_params_set(cpu, "backend", "cpu"), MDS_OK);
    /* feedback too, for the JSON cluster's query (the only run with one) */
    CU_ASSERT_EQUAL_FATAL(mds_params_set(cpu, "query_expand", "1"), MDS_OK);
    TU_SET(cpu, THREADS, 1); /* one thread: the Nth allocation is the same one every time */
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(clean_ctx, &example), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_add_dir(example, EXAMPLE), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(clean_ctx, &one_doc), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_add_file(one_doc, EXAMPLE "/000_ea34812cd32b42ef.txt"),
                          MDS_OK);
    want_text = summary(clean_ctx, example);
    want_one = summary(clean_ctx, one_doc);
    CU_ASSERT_PTR_NOT_NULL_FATAL(want_text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(want_one);
}

static int setup(void)
{
    /* One BLAS thread: the same allocations in the same order every run. */
    return mds_set_blas_threads(1) || tu_temp_dir("alloc");
}

static int teardown(void)
{
    mds_free(want_text);
    mds_free(want_one);
    mds_cluster_free(example);
    mds_cluster_free(one_doc);
    mds_params_free(cpu);
    mds_ctx_free(clean_ctx);
    return tu_temp_dir_remove();
}

/* ---- HTML pages (issue 12): the parse, the article, the map, a summary ------------------ */

static char *want_html_text;

static mds_status op_html(mds_ctx **pctx)
{
    mds_ctx *ctx = *pctx;
    mds_cluster *c = NULL;
    mds_result *r = NULL;
    char *text = NULL;
    mds_status st = mds_cluster_new(ctx, &c);
    if (!st)
        st = mds_cluster_add_dir(c, MDS_SOURCE_DIR "/tests/data/html-cluster");
    if (!st)
        st = mds_summarize(ctx, c, cpu, &r);
    if (!st)
        st = mds_result_render(r, MDS_FORMAT_TEXT, &text, NULL);
    if (!st)
        CU_ASSERT_STRING_EQUAL(text, want_html_text);
    mds_free(text);
    mds_result_free(r);
    mds_cluster_free(c);
    return st;
}

static void test_html(void)
{
    NEED_FIXTURE();
    mds_ctx *ctx = clean_ctx;
    mds_cluster *c = NULL;
    mds_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_add_dir(c, MDS_SOURCE_DIR "/tests/data/html-cluster"),
                          MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_summarize(ctx, c, cpu, &r), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_result_render(r, MDS_FORMAT_TEXT, &want_html_text, NULL), MDS_OK);
    mds_result_free(r);
    mds_cluster_free(c);
    walk_stats ws = walk("html", op_html, 1);
    CU_ASSERT(ws.allocations > 100);
    mds_free(want_html_text);
}

static CU_TestInfo tests[] = {
    {"the hook: fail after n, fail once, counts", test_hook},
    {"the first context: the built-in model's parse", test_first_context},
    {"parameters: new, set, dup", test_params},
    {"model load and model build", test_model},
    {"a JSON cluster, read and summarized as batch does", test_json},
    {"inputs in Windows-1252, UTF-16 and a declared charset", test_encodings},
    {"a cluster of HTML pages, read and summarized", test_html},
    {"ROUGE: evaluator, texts, files, bootstrap", test_rouge},
    {"a whole summarize run of the example", test_summarize},
    {"each selector, the sparse graph, other budgets and orders", test_variants},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("alloc", tests, setup, teardown); }
