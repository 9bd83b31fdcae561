/* SPDX-License-Identifier: MIT */
/* The public API end to end: the example cluster, offsets, budgets, orders, errors. */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compute/backend.h"
#include "mds.h"
#include "testutil.h"

#define EXAMPLE MDS_SOURCE_DIR "/examples/putin-north-korea"

static mds_ctx *ctx;

static int setup(void) { return mds_ctx_new(&ctx) != MDS_OK; }
static int teardown(void)
{
    mds_ctx_free(ctx);
    return 0;
}

/* A cluster of documents from memory, named doc0, doc1, ... */
static mds_cluster *cluster_of(const char *const *docs, size_t n)
{
    mds_cluster *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    for (size_t d = 0; d < n; d++) {
        char name[32];
        snprintf(name, sizeof name, "doc%zu", d);
        CU_ASSERT_EQUAL_FATAL(mds_cluster_add_memory(c, name, docs[d], strlen(docs[d])), MDS_OK);
    }
    return c;
}

static mds_params *defaults(void)
{
    mds_params *p = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_params_new(&p), MDS_OK);
    return p;
}

static mds_result *run(const char *dir, const mds_params *p)
{
    mds_cluster *c = NULL;
    mds_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_add_dir(c, dir), MDS_OK);
    CU_ASSERT_EQUAL(mds_summarize(ctx, c, p, &r), MDS_OK);
    mds_cluster_free(c);
    return r;
}

static void test_example_budget_and_offsets(void)
{
    mds_result *r = run(EXAMPLE, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    size_t n = mds_result_count(r), words = 0;
    CU_ASSERT(n >= 2);
    for (size_t i = 0; i < n; i++) {
        const mds_sentence *s = mds_result_sentence(r, i);
        words += s->words;
        /* The bytes at [offset, offset + length) of the source file are the sentence. */
        size_t size = 0;
        char *file = tu_read_file(s->doc_path, &size);
        CU_ASSERT_PTR_NOT_NULL_FATAL(file);
        CU_ASSERT(s->offset + s->length <= size);
        CU_ASSERT(memcmp(file + s->offset, s->text, s->length) == 0);
        CU_ASSERT_EQUAL(strlen(s->text), s->length);
        free(file);
        CU_ASSERT(s->score > 0);
        CU_ASSERT(strstr(s->doc_path, "putin-north-korea/") != NULL);
    }
    CU_ASSERT(words <= 100 && words >= 40);
    /* Source order: by document, then sentence index. */
    for (size_t i = 1; i < n; i++) {
        const mds_sentence *a = mds_result_sentence(r, i - 1), *b = mds_result_sentence(r, i);
        CU_ASSERT(a->doc_index < b->doc_index ||
                  (a->doc_index == b->doc_index && a->index < b->index));
    }
    CU_ASSERT_PTR_NULL(mds_result_sentence(r, n));
    mds_stats st;
    mds_result_stats(r, &st);
    CU_ASSERT_EQUAL(st.documents, 5);
    CU_ASSERT(st.candidates > 50 && st.candidates < st.sentences);
    CU_ASSERT_STRING_EQUAL(st.backend, "cpu");
    mds_result_free(r);
}

static void test_score_order_and_sentences(void)
{
    mds_params *p = defaults();
    TU_SET(p, UNIT, MDS_BUDGET_SENTENCES);
    TU_SET(p, BUDGET, 3);
    TU_SET(p, ORDER, MDS_ORDER_SCORE);
    mds_result *r = run(EXAMPLE, p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(mds_result_count(r), 3);
    /* Highest score first, whatever order the selector chose them in (MMR and the concepts
     * both). */
    for (int sel = 0; sel < 2; sel++) {
        for (size_t i = 1; i < 3; i++)
            CU_ASSERT(mds_result_sentence(r, i)->score <= mds_result_sentence(r, i - 1)->score);
        mds_result_free(r);
        CU_ASSERT_EQUAL(mds_params_set(p, "selector", "mmr"), MDS_OK);
        r = sel == 0 ? run(EXAMPLE, p) : NULL;
        CU_ASSERT_FATAL(sel == 1 || r != NULL);
    }
    mds_params_free(p);
}

static void test_render_formats(void)
{
    mds_result *r = run(EXAMPLE, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    char *out = NULL;
    size_t size = 0;
    CU_ASSERT_EQUAL(mds_result_render(r, MDS_FORMAT_TEXT, &out, &size), MDS_OK);
    size_t lines = 0;
    for (size_t i = 0; i < size; i++)
        lines += out[i] == '\n';
    CU_ASSERT_EQUAL(lines, mds_result_count(r));
    mds_free(out);
    CU_ASSERT_EQUAL(mds_result_render(r, MDS_FORMAT_JSONL, &out, &size), MDS_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"offset\":"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"parameters\":{\"unit\":\"words\",\"budget\":100,"));
    /* the model's blend, resolved: a float (0.3f), written so that it reads back exactly */
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"idf_blend\":0.30000001192092896,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"damping\":0.85,"));
    CU_ASSERT_PTR_NOT_NULL(strchr(out, '\n'));
    CU_ASSERT_EQUAL(strchr(out, '\n'), out + size - 1); /* one line */
    mds_free(out);
    CU_ASSERT_EQUAL(mds_result_render(r, (mds_format)42, &out, &size), MDS_EINVAL);
    mds_result_free(r);
}

static void test_memory_input_and_sgml(void)
{
    static const char sgml[] =
        "<DOC>\n<DOCNO> XIE19990101.0001 </DOCNO>\n<DATE_TIME> 1999-01-01 </DATE_TIME>\n"
        "<TEXT>\n<P>\n\tBEIJING, Jan. 1 (Xinhua) -- The Chinese government announced a new plan\n"
        "to expand rural electricity networks across twelve western provinces on Friday.\n</P>\n"
        "<P>\n\tOfficials said the plan would bring power to some thirty million farmers who\n"
        "still live without a reliable supply of electricity in their villages.\n</P>\n"
        "<P>\n\tThe electricity plan is expected to cost about 20 billion yuan over the next\n"
        "five years, according to the State Development Planning Commission.\n</P>\n"
        "</TEXT>\n</DOC>\n";
    mds_cluster *c = NULL;
    mds_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_add_memory(c, "mem.sgml", sgml, sizeof sgml - 1), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_document_count(c), 1);
    mds_params *p = defaults();
    TU_SET(p, BUDGET, 30);
    CU_ASSERT_EQUAL(mds_summarize(ctx, c, p, &r), MDS_OK);
    mds_params_free(p);
    CU_ASSERT_FATAL(mds_result_count(r) >= 1);
    const mds_sentence *s = mds_result_sentence(r, 0);
    CU_ASSERT_STRING_EQUAL(s->doc_id, "XIE19990101.0001");
    CU_ASSERT_STRING_EQUAL(s->doc_path, "mem.sgml");
    CU_ASSERT(memcmp(sgml + s->offset, s->text, s->length) == 0);
    /* The dateline is not part of the sentence. */
    CU_ASSERT_PTR_NULL(strstr(s->text, "Xinhua"));
    mds_result_free(r);
    mds_cluster_free(c);
}

static void test_errors_name_the_problem(void)
{
    mds_cluster *c = NULL;
    mds_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL(mds_summarize(ctx, c, NULL, &r), MDS_EEMPTY);
    CU_ASSERT_PTR_NULL(r);
    CU_ASSERT_EQUAL(mds_cluster_add_file(c, "/nonexistent/x.txt"), MDS_ENOENT);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), "/nonexistent/x.txt"));
    CU_ASSERT_EQUAL(mds_cluster_set_encoding(c, NULL, 1), MDS_OK); /* refuse, not guess */
    CU_ASSERT_EQUAL(mds_cluster_add_memory(c, "bad", "ok \xc3\x28 no", 8), MDS_EUTF8);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), "bad: byte 3"));
    CU_ASSERT_EQUAL(mds_cluster_set_encoding(c, NULL, 0), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_add_memory(c, "bin", "a\0b\0c\0d\0", 8), MDS_EBINARY);
    CU_ASSERT_EQUAL(mds_cluster_add_file(c, MDS_SOURCE_DIR "/examples"), MDS_EIO);
    CU_ASSERT_EQUAL(mds_cluster_document_count(c), 0);
    CU_ASSERT_EQUAL(mds_errparam(ctx), 0);
    /* a value out of bounds never gets in; values that disagree fail the summary, which
     * names the parameter that could change */
    mds_params *p = defaults();
    CU_ASSERT_EQUAL(mds_params_set_double(p, MDS_PARAM_LAMBDA, 3), MDS_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_params_errmsg(p), "lambda"));
    TU_SET(p, MAX_WORDS, 5);
    CU_ASSERT_EQUAL(mds_cluster_add_dir(c, EXAMPLE), MDS_OK);
    CU_ASSERT_EQUAL(mds_summarize(ctx, c, p, &r), MDS_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), "max_words"));
    CU_ASSERT_EQUAL(mds_errparam(ctx), MDS_PARAM_MAX_WORDS);
    mds_params_reset(p);
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_LANG, "klingon"), MDS_OK);
    CU_ASSERT_EQUAL(mds_summarize(ctx, c, p, &r), MDS_ELANG);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), "klingon"));
    CU_ASSERT_EQUAL(mds_errparam(ctx), MDS_PARAM_LANG);
    mds_params_reset(p);
    TU_SET(p, BACKEND, MDS_BACKEND_CUDA);
    CU_ASSERT_EQUAL(mds_summarize(ctx, c, p, &r), MDS_EBACKEND);
    CU_ASSERT_EQUAL(mds_errparam(ctx), MDS_PARAM_BACKEND);
    mds_params_free(p);
    /* library messages name no program option */
    CU_ASSERT_PTR_NULL(strstr(mds_errmsg(ctx), "--"));
    CU_ASSERT_EQUAL(mds_ctx_load_model(ctx, "/nonexistent.mds"), MDS_ENOENT);
    CU_ASSERT_EQUAL(mds_errparam(ctx), 0); /* a failure about no parameter resets it */
    /* The context still works after errors. */
    CU_ASSERT_EQUAL(mds_summarize(ctx, c, NULL, &r), MDS_OK);
    mds_result_free(r);
    mds_cluster_free(c);
    mds_cluster_free(NULL);
    mds_result_free(NULL);
    CU_ASSERT_STRING_EQUAL(mds_strerror(MDS_EUTF8), "invalid UTF-8");
    CU_ASSERT_STRING_EQUAL(mds_version(), MDS_VERSION_STRING);
}

/* Every sentence of the cluster repeated: the summary must not repeat itself. */
static void test_no_fact_twice(void)
{
    mds_cluster *c = NULL;
    mds_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_add_dir(c, EXAMPLE), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_add_dir(c, EXAMPLE), MDS_OK); /* every document twice */
    mds_params *p = defaults();
    TU_SET(p, BUDGET, 250);
    CU_ASSERT_EQUAL(mds_summarize(ctx, c, p, &r), MDS_OK);
    mds_params_free(p);
    size_t n = mds_result_count(r);
    CU_ASSERT(n >= 4);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            CU_ASSERT(strcmp(mds_result_sentence(r, i)->text, mds_result_sentence(r, j)->text));
    mds_result_free(r);
    mds_cluster_free(c);
}


/* Source order follows document dates, not the order the files came in. */
static void test_source_order_by_date(void)
{
    static const char later[] =
        "<DOC>\n<DOCNO> LATER </DOCNO>\n<DATE_TIME> 2001-05-02 10:00 </DATE_TIME>\n<TEXT>\n"
        "<P>\nThe river flooded the lower town again on Wednesday, and rescue teams moved two "
        "hundred families to the school on the hill.\n</P>\n</TEXT>\n</DOC>\n";
    static const char earlier[] =
        "<DOC>\n<DOCNO> EARLIER </DOCNO>\n<DATE_TIME> 2001-05-01 09:00 </DATE_TIME>\n<TEXT>\n"
        "<P>\nHeavy rain fell on the valley for a third day on Tuesday, and the river rose above "
        "its banks near the lower town.\n</P>\n</TEXT>\n</DOC>\n";
    mds_cluster *c = NULL;
    mds_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_add_memory(c, "a.sgml", later, sizeof later - 1), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_add_memory(c, "b.sgml", earlier, sizeof earlier - 1), MDS_OK);
    mds_params *p = defaults();
    TU_SET(p, UNIT, MDS_BUDGET_SENTENCES);
    TU_SET(p, BUDGET, 2);
    TU_SET(p, DUPLICATE_THRESHOLD, 1.0);
    CU_ASSERT_EQUAL(mds_summarize(ctx, c, p, &r), MDS_OK);
    mds_params_free(p);
    CU_ASSERT_EQUAL_FATAL(mds_result_count(r), 2);
    CU_ASSERT_STRING_EQUAL(mds_result_sentence(r, 0)->doc_id, "EARLIER");
    CU_ASSERT_STRING_EQUAL(mds_result_sentence(r, 0)->doc_date, "2001-05-01 09:00");
    CU_ASSERT_STRING_EQUAL(mds_result_sentence(r, 1)->doc_id, "LATER");
    CU_ASSERT_EQUAL(mds_result_sentence(r, 1)->doc_index, 0);
    mds_result_free(r);
    mds_cluster_free(c);
}

/* A cluster of `docs` documents of made-up but repetitive prose: about 30 sentences each,
 * from a small vocabulary, so that sentences share words as news on one story does. */
static mds_cluster *synthetic_cluster(size_t docs)
{
    mds_cluster *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    static const char *const words[] = {
        "minister", "talks", "border", "troops", "summit", "treaty", "rebels", "capital",
        "election", "parliament", "sanctions", "ceasefire", "refugees", "embassy", "pipeline",
        "harbour", "airport", "budget", "protest", "court", "governor", "villages", "river",
        "bridge", "factory", "strike", "union", "exports", "harvest", "drought", "floods",
        "vaccine", "hospital", "schools", "railway", "satellite", "reactor", "missile"};
    size_t nw = sizeof words / sizeof words[0];
    unsigned seed = 12345;
    char *text = malloc(20000);
    CU_ASSERT_FATAL(text != NULL);
    for (size_t d = 0; d < docs; d++) {
        size_t len = 0;
        for (size_t s = 0; s < 30; s++) {
            len += (size_t)snprintf(text + len, 20000 - len, "The");
            for (size_t w = 0; w < 11; w++) {
                seed = seed * 1103515245u + 12345u;
                /* a skewed pick: some words are the story, most are detail */
                size_t k = (seed >> 16) % 3 == 0 ? (seed >> 18) % 6 : (seed >> 18) % nw;
                len += (size_t)snprintf(text + len, 20000 - len, " %s", words[k]);
            }
            len += (size_t)snprintf(text + len, 20000 - len, " report %zu%s", d * 30 + s,
                                    s % 5 == 4 ? ".\n\n" : ". ");
        }
        char name[32];
        snprintf(name, sizeof name, "doc%02zu", d);
        CU_ASSERT_EQUAL(mds_cluster_add_memory(c, name, text, len), MDS_OK);
    }
    free(text);
    return c;
}

static void assert_same_summary(const mds_result *a, const mds_result *b)
{
    CU_ASSERT_EQUAL_FATAL(mds_result_count(a), mds_result_count(b));
    for (size_t i = 0; i < mds_result_count(a); i++) {
        const mds_sentence *x = mds_result_sentence(a, i), *y = mds_result_sentence(b, i);
        CU_ASSERT_EQUAL(x->doc_index, y->doc_index);
        CU_ASSERT_EQUAL(x->offset, y->offset);
        CU_ASSERT_DOUBLE_EQUAL(x->score, y->score, 1e-9);
    }
}

/* The memory budget picks the graph: dense while the matrix fits, else sparse; a sparse
 * graph with every edge gives the dense summary; a budget too small is a clear error. */
static void test_memory_budget_and_sparse_graph(void)
{
    mds_cluster *c = synthetic_cluster(20);
    mds_params *p = defaults();
    TU_SET(p, BUDGET, 150);
    mds_result *dense = NULL, *sparse = NULL, *r = NULL;
    mds_stats st;
    CU_ASSERT_EQUAL_FATAL(mds_summarize(ctx, c, p, &dense), MDS_OK);
    mds_result_stats(dense, &st);
    CU_ASSERT_EQUAL(st.sparse, 0);
    CU_ASSERT(st.candidates >= 550);
    size_t n = st.candidates;
    /* a sparse graph keeping every edge, by small tiles, is the dense graph */
    TU_SET(p, GRAPH, MDS_GRAPH_SPARSE);
    TU_SET(p, NEIGHBORS, 1024); /* more than n: every edge */
    TU_SET(p, MEMORY, 6 << 20);
    if (mds_summarize(ctx, c, p, &sparse) != MDS_OK)
        fprintf(stderr, "%s\n", mds_errmsg(ctx));
    CU_ASSERT_PTR_NOT_NULL_FATAL(sparse);
    mds_result_stats(sparse, &st);
    CU_ASSERT_EQUAL(st.sparse, 1);
    assert_same_summary(dense, sparse);
    /* embeddings 2.4 MB + matrix 1.4 MB do not fit in 3 MiB: auto goes sparse, with few
     * neighbours: at most n k edges, still a full summary */
    TU_SET(p, GRAPH, MDS_GRAPH_AUTO);
    TU_SET(p, MEMORY, 3 << 20);
    TU_SET(p, NEIGHBORS, 8);
    CU_ASSERT_EQUAL_FATAL(mds_summarize(ctx, c, p, &r), MDS_OK);
    mds_result_stats(r, &st);
    CU_ASSERT_EQUAL(st.sparse, 1);
    CU_ASSERT(st.edges <= n * 8 && st.edges >= n);
    CU_ASSERT(mds_result_count(r) >= 3);
    mds_result_free(r);
    r = NULL;
    /* asked dense but over budget; sparse but not even the embeddings fit */
    TU_SET(p, GRAPH, MDS_GRAPH_DENSE);
    CU_ASSERT_EQUAL(mds_summarize(ctx, c, p, &r), MDS_EINVAL);
    CU_ASSERT(strstr(mds_errmsg(ctx), "sparse graph") != NULL);
    CU_ASSERT_EQUAL(mds_errparam(ctx), MDS_PARAM_MEMORY);
    TU_SET(p, GRAPH, MDS_GRAPH_AUTO);
    TU_SET(p, MEMORY, 2 << 20);
    CU_ASSERT_EQUAL(mds_summarize(ctx, c, p, &r), MDS_EINVAL);
    CU_ASSERT(strstr(mds_errmsg(ctx), "memory budget") != NULL);
    CU_ASSERT_EQUAL(mds_errparam(ctx), MDS_PARAM_MEMORY);
    CU_ASSERT(strstr(mds_errmsg(ctx), "--") == NULL);
    CU_ASSERT_PTR_NULL(r);
    /* the failed run still says how big the cluster was */
    size_t docs = 0, sents = 0, cands = 0;
    mds_last_counts(ctx, &docs, &sents, &cands);
    CU_ASSERT_EQUAL(docs, mds_cluster_document_count(c));
    CU_ASSERT_EQUAL(cands, n);
    CU_ASSERT(sents >= cands);
    mds_params_free(p);
    mds_result_free(dense);
    mds_result_free(sparse);
    mds_cluster_free(c);
}

/* Backends standing in for a GPU that fails in mid-run: the CPU redoes the work, the
 * result is the CPU's own, and the result says what happened. */
static mds_status fail_graph(mds__sim *s, const mds__graph_opts *o, char *msg, size_t msg_size)
{
    snprintf(msg, msg_size, "injected device failure");
    return MDS_EBACKEND;
}

static mds_status fail_open(int device, const float *X, size_t n, size_t d, mds_precision prec,
                            mds__sim **out, char *msg, size_t msg_size)
{
    snprintf(msg, msg_size, "injected out of device memory");
    *out = NULL;
    return MDS_ENOMEM;
}

static int rows_left;
static mds_status fail_rows_later(mds__sim *s, size_t row0, size_t rows, float *S, char *msg,
                                  size_t msg_size)
{
    if (rows_left-- <= 0) {
        snprintf(msg, msg_size, "injected driver error");
        return MDS_EBACKEND;
    }
    return mds__backend_cpu.rows(s, row0, rows, S, msg, msg_size);
}

/* A run on a stand-in GPU backend that holds no host matrix (as CUDA keeps S on the device):
 * selectors get rows from it. p->backend is left as auto. */
static mds_result *run_without_matrix(mds_params *p)
{
    mds__backend fake = mds__backend_cpu;
    fake.name = "fake-gpu";
    fake.matrix = NULL;
    fake.open_csr = NULL; /* as CUDA: the run makes X dense for it */
    mds__backend_override(&fake);
    TU_SET(p, BACKEND, MDS_BACKEND_AUTO);
    mds_result *r = run(EXAMPLE, p);
    mds__backend_override(NULL);
    return r;
}

/* Both selectors that ask rows during selection: MMR and the concepts. */
static void device_failure_with(const char *selector)
{
    mds_params *p = defaults();
    TU_SET(p, BACKEND, MDS_BACKEND_CPU);
    /* rows asked one at a time, during selection */
    CU_ASSERT_EQUAL_FATAL(mds_params_set(p, "selector", selector), MDS_OK);
    mds_result *ref = run(EXAMPLE, p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
    mds_stats st;
    mds_result_stats(ref, &st);
    CU_ASSERT_PTR_NULL(st.warning);
    CU_ASSERT_STRING_EQUAL(st.backend, "cpu");

    mds__backend fakes[3];
    for (int i = 0; i < 3; i++) {
        fakes[i] = mds__backend_cpu;
        fakes[i].name = "fake-gpu";
        fakes[i].open_csr = NULL; /* as CUDA: open takes the dense X */
    }
    fakes[0].graph = fail_graph;
    fakes[1].open = fail_open;
    fakes[2].rows = fail_rows_later;
    const char *why[3] = {"injected device failure", "injected out of device memory",
                          "injected driver error"};
    for (int i = 0; i < 3; i++) {
        rows_left = 2; /* the third chosen sentence's row fails: in the middle of selection */
        mds__backend_override(&fakes[i]);
        TU_SET(p, BACKEND, i == 1 ? MDS_BACKEND_CUDA : MDS_BACKEND_AUTO);
        mds_result *r = run(EXAMPLE, p);
        mds__backend_override(NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        assert_same_summary(ref, r);
        mds_result_stats(r, &st);
        CU_ASSERT_STRING_EQUAL(st.backend, "cpu");
        CU_ASSERT_PTR_NOT_NULL_FATAL(st.warning);
        CU_ASSERT(strstr(st.warning, "fake-gpu") != NULL);
        CU_ASSERT(strstr(st.warning, why[i]) != NULL);
        char *json = NULL;
        CU_ASSERT_EQUAL(mds_result_render(r, MDS_FORMAT_JSON, &json, NULL), MDS_OK);
        CU_ASSERT(json && strstr(json, "\"warning\"") != NULL);
        mds_free(json);
        mds_result_free(r);
    }
    mds_result_free(ref);
    mds_params_free(p);
}

static void test_device_failure_falls_back_to_cpu(void)
{
    device_failure_with("mmr");
    device_failure_with("concepts");
}

/* The concept selector needs no matrix: on a sparse graph it still selects (and says so), on
 * a backend without a host matrix it gets the same summary from rows; every summary keeps the
 * budget, and no two of its sentences are near-duplicates. */
static void test_concept_selector_any_graph(void)
{
    mds_params *p = defaults();
    char sel[16];
    CU_ASSERT_EQUAL(mds_params_get_string(p, MDS_PARAM_SELECTOR, sel, sizeof sel), MDS_OK);
    CU_ASSERT_STRING_EQUAL(sel, "concepts");
    TU_SET(p, BACKEND, MDS_BACKEND_CPU);
    TU_SET(p, BUDGET, 250);
    mds_result *ref = run(EXAMPLE, p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
    size_t words = 0;
    for (size_t i = 0; i < mds_result_count(ref); i++)
        words += mds_result_sentence(ref, i)->words;
    CU_ASSERT(words <= 250 && words >= 200);

    mds_result *r = run_without_matrix(p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    assert_same_summary(ref, r);
    mds_result_free(r);

    TU_SET(p, BACKEND, MDS_BACKEND_CPU);
    TU_SET(p, GRAPH, MDS_GRAPH_SPARSE);
    TU_SET(p, NEIGHBORS, 16);
    r = run(EXAMPLE, p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT(mds_result_count(r) >= 3);
    char *json = NULL;
    CU_ASSERT_EQUAL(mds_result_render(r, MDS_FORMAT_JSON, &json, NULL), MDS_OK);
    CU_ASSERT(json && strstr(json, "\"selector\": \"concepts\"") != NULL);
    CU_ASSERT(json && strstr(json, "\"min_df\": 3") != NULL);
    mds_free(json);
    mds_result_free(r);
    mds_result_free(ref);
    mds_params_free(p);
}

/* Reduced precisions round the inputs of the similarity: on the example, the summary stays
 * the same (docs/benchmarks.md measures all of DUC 2006). */
static void test_reduced_precision_same_summary(void)
{
    mds_result *ref = run(EXAMPLE, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
    for (int prec = 1; prec <= 2; prec++) {
        mds_params *p = defaults();
        TU_SET(p, PRECISION, prec);
        mds_result *r = run(EXAMPLE, p);
        mds_params_free(p);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        CU_ASSERT_EQUAL_FATAL(mds_result_count(r), mds_result_count(ref));
        for (size_t i = 0; i < mds_result_count(r); i++) {
            CU_ASSERT_EQUAL(mds_result_sentence(r, i)->offset,
                            mds_result_sentence(ref, i)->offset);
            CU_ASSERT_DOUBLE_EQUAL(mds_result_sentence(r, i)->score,
                                   mds_result_sentence(ref, i)->score, 1e-2);
        }
        mds_result_free(r);
    }
    mds_result_free(ref);
}

/* The coverage selector reads the CPU session's matrix; a backend without one (a GPU keeps
 * S on the device) hands out its rows instead: the same summary. A sparse graph has no
 * matrix at all: MMR selects, and the result says so. */
static void test_coverage_selector_sources(void)
{
    mds_params *p = defaults();
    TU_SET(p, BACKEND, MDS_BACKEND_CPU);
    CU_ASSERT_EQUAL_FATAL(mds_params_set(p, "selector", "coverage"), MDS_OK);
    mds_result *ref = run(EXAMPLE, p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
    CU_ASSERT(mds_result_count(ref) > 0);
    size_t words = 0;
    for (size_t i = 0; i < mds_result_count(ref); i++)
        words += mds_result_sentence(ref, i)->words;
    CU_ASSERT(words <= 100);

    mds_result *r = run_without_matrix(p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    assert_same_summary(ref, r);
    mds_stats st;
    mds_result_stats(r, &st);
    CU_ASSERT_STRING_EQUAL(st.backend, "fake-gpu");
    mds_result_free(r);

    TU_SET(p, BACKEND, MDS_BACKEND_CPU);
    TU_SET(p, GRAPH, MDS_GRAPH_SPARSE);
    r = run(EXAMPLE, p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    char *json = NULL;
    CU_ASSERT_EQUAL(mds_result_render(r, MDS_FORMAT_JSON, &json, NULL), MDS_OK);
    CU_ASSERT(json && strstr(json, "\"selector\": \"mmr\"") != NULL);
    mds_free(json);
    /* the result's parameters say the same; the caller's are as they were */
    char sel[16];
    CU_ASSERT_EQUAL(mds_params_get_string(mds_result_params(r), MDS_PARAM_SELECTOR, sel,
                                          sizeof sel), MDS_OK);
    CU_ASSERT_STRING_EQUAL(sel, "mmr");
    CU_ASSERT_EQUAL(mds_params_get_string(p, MDS_PARAM_SELECTOR, sel, sizeof sel), MDS_OK);
    CU_ASSERT_STRING_EQUAL(sel, "coverage");
    mds_result_free(r);
    mds_result_free(ref);
    mds_params_free(p);
}

/* The result's parameters are those in effect: the backend and graph that ran, the model's
 * idf blend and language; run again with them, they give the same summary. */
static void test_result_params_in_effect(void)
{
    mds_result *r = run(EXAMPLE, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    const mds_params *in = mds_result_params(r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(in);
    static const struct {
        mds_param id;
        const char *want;
    } want[] = {
        {MDS_PARAM_BACKEND, "cpu"},     {MDS_PARAM_GRAPH, "dense"},
        {MDS_PARAM_LANG, "english"},    {MDS_PARAM_SELECTOR, "concepts"},
        {MDS_PARAM_BUDGET, "100"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char buf[32];
        CU_ASSERT_EQUAL(mds_params_get_string(in, want[i].id, buf, sizeof buf), MDS_OK);
        CU_ASSERT_STRING_EQUAL(buf, want[i].want);
    }
    double blend = -1; /* the model's, a float */
    CU_ASSERT_EQUAL(mds_params_get_double(in, MDS_PARAM_IDF_BLEND, &blend), MDS_OK);
    CU_ASSERT_DOUBLE_EQUAL(blend, 0.3, 1e-6);
    mds_result *again = run(EXAMPLE, in);
    CU_ASSERT_PTR_NOT_NULL_FATAL(again);
    assert_same_summary(r, again);
    mds_result_free(again);
    /* a copy outlives the result */
    mds_params *copy = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_params_dup(in, &copy), MDS_OK);
    mds_result_free(r);
    TU_SET(copy, GRAPH, MDS_GRAPH_SPARSE);
    r = run(EXAMPLE, copy);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    char buf[32];
    CU_ASSERT_EQUAL(mds_params_get_string(mds_result_params(r), MDS_PARAM_GRAPH, buf,
                                          sizeof buf), MDS_OK);
    CU_ASSERT_STRING_EQUAL(buf, "sparse");
    mds_result_free(r);
    mds_params_free(copy);
    CU_ASSERT_PTR_NULL(mds_result_params(NULL));
}

/* One thread's runs over a shared cluster, on a context of its own over the shared model. */
typedef struct job {
    const mds_cluster *c;
    mds_params *p;
    mds_result *r[5];
    mds_status st;
} job;

static void *summarize_job(void *arg)
{
    job *j = arg;
    mds_ctx *own = NULL;
    j->st = mds_ctx_new_sharing(ctx, &own);
    for (int k = 0; k < 5 && !j->st; k++)
        j->st = mds_summarize(own, j->c, j->p, &j->r[k]);
    mds_ctx_free(own);
    return NULL;
}

/* The cluster is only read: threads summarize it at once, with different budgets and with
 * cleaning on and off (each run keeps its own marks), and get what runs one after another
 * get. */
static void test_threads_share_a_cluster(void)
{
    mds_cluster *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_add_dir(c, EXAMPLE), MDS_OK);
    job jobs[3];
    memset(jobs, 0, sizeof jobs);
    for (int t = 0; t < 3; t++) {
        jobs[t].c = c;
        CU_ASSERT_EQUAL_FATAL(mds_params_new(&jobs[t].p), MDS_OK);
        TU_SET(jobs[t].p, BACKEND, MDS_BACKEND_CPU);
    }
    TU_SET(jobs[1].p, BUDGET, 250);
    TU_SET(jobs[2].p, CLEAN, 0);
    mds_result *ref[3];
    for (int t = 0; t < 3; t++) {
        CU_ASSERT_EQUAL_FATAL(mds_summarize(ctx, c, jobs[t].p, &ref[t]), MDS_OK);
        CU_ASSERT(mds_result_count(ref[t]) >= 3);
    }
    CU_ASSERT(mds_result_count(ref[1]) > mds_result_count(ref[0]));
    pthread_t th[3];
    for (int t = 0; t < 3; t++)
        CU_ASSERT_EQUAL_FATAL(pthread_create(&th[t], NULL, summarize_job, &jobs[t]), 0);
    for (int t = 0; t < 3; t++)
        pthread_join(th[t], NULL);
    for (int t = 0; t < 3; t++) {
        CU_ASSERT_EQUAL(jobs[t].st, MDS_OK);
        for (int k = 0; k < 5; k++) {
            CU_ASSERT_PTR_NOT_NULL_FATAL(jobs[t].r[k]);
            assert_same_summary(ref[t], jobs[t].r[k]);
            mds_result_free(jobs[t].r[k]);
        }
        mds_result_free(ref[t]);
        mds_params_free(jobs[t].p);
    }
    mds_cluster_free(c);
}

/* What a run gives, to compare to the bit: the text, each sentence's score's bits, the
 * edges. */
static char *run_bits(mds_ctx *c, const mds_cluster *cl, const mds_params *p)
{
    mds_result *r = NULL;
    char *text = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_summarize(c, cl, p, &r), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_result_render(r, MDS_FORMAT_TEXT, &text, NULL), MDS_OK);
    size_t len = strlen(text), n = mds_result_count(r);
    mds_stats st;
    mds_result_stats(r, &st);
    char *out = malloc(len + 32 * (n + 1));
    CU_ASSERT_FATAL(out != NULL);
    memcpy(out, text, len);
    for (size_t i = 0; i < n; i++) {
        double score = mds_result_sentence(r, i)->score;
        uint64_t bits;
        memcpy(&bits, &score, sizeof bits);
        len += (size_t)sprintf(out + len, " %016llx", (unsigned long long)bits);
    }
    sprintf(out + len, " %zu", st.edges);
    mds_free(text);
    mds_result_free(r);
    return out;
}

/* Runs back to back on one context give what each gives on a fresh context, to the bit: a
 * large cluster then small ones, small then large, dense and sparse graphs, one and two
 * threads, and on a context sharing the first's model. What a context keeps between runs
 * (its featurizer and word cache) must not show in a summary. */
static void test_runs_back_to_back(void)
{
    mds_cluster *cl[3] = {synthetic_cluster(30), synthetic_cluster(4), NULL};
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &cl[2]), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_add_dir(cl[2], EXAMPLE), MDS_OK);
    static const int order[] = {0, 1, 2, 0, 2, 1, 1, 0};
    for (int v = 0; v < 3; v++) {
        mds_params *p = defaults();
        TU_SET(p, BACKEND, MDS_BACKEND_CPU);
        TU_SET(p, THREADS, v == 2 ? 2 : 1);
        if (v == 1) {
            TU_SET(p, GRAPH, MDS_GRAPH_SPARSE);
            TU_SET(p, NEIGHBORS, 8);
        }
        char *fresh[3];
        for (int k = 0; k < 3; k++) {
            mds_ctx *c = NULL;
            CU_ASSERT_EQUAL_FATAL(mds_ctx_new_sharing(ctx, &c), MDS_OK);
            fresh[k] = run_bits(c, cl[k], p);
            mds_ctx_free(c);
        }
        mds_ctx *c = NULL;
        CU_ASSERT_EQUAL_FATAL(mds_ctx_new(&c), MDS_OK);
        for (size_t q = 0; q < sizeof order / sizeof order[0]; q++) {
            char *got = run_bits(c, cl[order[q]], p);
            CU_ASSERT_STRING_EQUAL(got, fresh[order[q]]);
            free(got);
        }
        mds_ctx *child = NULL;
        CU_ASSERT_EQUAL_FATAL(mds_ctx_new_sharing(c, &child), MDS_OK);
        for (int k = 2; k >= 0; k--) {
            char *got = run_bits(child, cl[k], p);
            CU_ASSERT_STRING_EQUAL(got, fresh[k]);
            free(got);
        }
        mds_ctx_free(child);
        mds_ctx_free(c);
        for (int k = 0; k < 3; k++)
            free(fresh[k]);
        mds_params_free(p);
    }
    for (int k = 0; k < 3; k++)
        mds_cluster_free(cl[k]);
}

/* A byte budget holds for the summary as text output prints it: each sentence's source
 * bytes, whitespace collapsed, joined by newlines. Entities, a soft hyphen and U+2029 are
 * longer in the source than in the normalized text the pipeline reads (the fuzz campaign's
 * budget-entity and budget-u2029 inputs), so a budget counted on the normalized text let the
 * printed summary run over. Every budget from 1 to 400 bytes, with each selector. */
static void test_byte_budget_counts_printed_bytes(void)
{
    static const char *docs[] = {
        "<DOC>\n<DOCNO> X1 </DOCNO>\n<TEXT>\n<P>\nAT&amp;T said the merger would close on "
        "Friday after regulators approved it.\n</P>\n<P>\nThe deal &mdash; worth &#36;48 "
        "billion &amp; more &mdash; makes AT&amp;T the largest carrier.\n</P>\n</TEXT>\n"
        "</DOC>\n",
        "Officials said the old bridge will reopen on Monday after repairs\xe2\x80\xa9"
        "are done.\nThe co\xc2\xadoperation of both cities paid for the repairs of the "
        "bridge.\n",
        "Regulators approved the AT&T merger on Friday, officials said.\nThe bridge repairs "
        "took two years and cost the cities &amp; the state more than planned.\n",
    };
    mds_cluster *c = cluster_of(docs, sizeof docs / sizeof docs[0]);
    mds_params *p = defaults();
    TU_SET(p, CLEAN, 0);
    TU_SET(p, MIN_WORDS, 1);
    TU_SET(p, UNIT, MDS_BUDGET_BYTES);
    size_t longer = 0; /* summaries printing what the normalized text has shorter */
    for (int sel = 0; mds_params_set_double(p, MDS_PARAM_SELECTOR, sel) == MDS_OK; sel++) {
        size_t most = 0;
        for (int budget = 1; budget <= 400; budget++) {
            TU_SET(p, BUDGET, budget);
            mds_result *r = NULL;
            CU_ASSERT_EQUAL_FATAL(mds_summarize(ctx, c, p, &r), MDS_OK);
            char *out = NULL;
            size_t size = 0;
            CU_ASSERT_EQUAL_FATAL(mds_result_render(r, MDS_FORMAT_TEXT, &out, &size), MDS_OK);
            /* the lines and the newlines between them; the last newline ends the output */
            size_t printed = size ? size - 1 : 0;
            CU_ASSERT(printed <= (size_t)budget);
            if (printed > (size_t)budget)
                fprintf(stderr, "selector %d, budget %d: %zu bytes printed\n%s", sel, budget,
                        printed, out);
            longer += out && (strstr(out, "&amp;") || strstr(out, "\xc2\xad") ||
                              strstr(out, "\xe2\x80\xa9"));
            most = printed > most ? printed : most;
            mds_free(out);
            mds_result_free(r);
        }
        CU_ASSERT(most > 300); /* the budgets were used, not only refused */
    }
    CU_ASSERT(longer > 0);
    mds_params_free(p);
    mds_cluster_free(c);
}

/* A word budget holds for the summary as text output prints it, as a reader (or ROUGE)
 * counts its words. A sentence's printed text is its source bytes, so markup inside it (a tag
 * that no element of the format names, here <T> and <Q>) is printed though the normalized text
 * the pipeline reads has none of it; counted on the normalized text, the fuzz campaign's
 * budget-markup-words input printed 3 words under a budget of 2. Every budget from 1 to 60
 * words, with each selector. */
static void test_word_budget_counts_printed_words(void)
{
    static const char *docs[] = {
        "<DOC>\n<DOCNO> X1 </DOCNO>\n<TEXT>\n<P>\nThe city council <T> approved the budget "
        "<Q> on Friday after a long debate.\n</P>\n<P>\nThe mayor <T> said the bridge <Q> will "
        "reopen next month.\n</P>\n</TEXT>\n</DOC>\n",
        "<DOC>\n<DOCNO> X2 </DOCNO>\n<TEXT>\n<P>\nCouncil members <T> voted for the budget "
        "<Q> after the mayor spoke.\n</P>\n</TEXT>\n</DOC>\n",
        "The bridge repairs took two years and cost the city more than planned.\nThe council "
        "approved the budget on Friday.\n",
    };
    mds_cluster *c = cluster_of(docs, sizeof docs / sizeof docs[0]);
    mds_params *p = defaults();
    TU_SET(p, CLEAN, 0);
    TU_SET(p, MIN_WORDS, 1);
    TU_SET(p, UNIT, MDS_BUDGET_WORDS);
    size_t marked = 0; /* summaries printing markup the normalized text does not have */
    for (int sel = 0; mds_params_set_double(p, MDS_PARAM_SELECTOR, sel) == MDS_OK; sel++) {
        size_t most = 0;
        for (int budget = 1; budget <= 60; budget++) {
            TU_SET(p, BUDGET, budget);
            mds_result *r = NULL;
            CU_ASSERT_EQUAL_FATAL(mds_summarize(ctx, c, p, &r), MDS_OK);
            char *out = NULL;
            size_t size = 0;
            CU_ASSERT_EQUAL_FATAL(mds_result_render(r, MDS_FORMAT_TEXT, &out, &size), MDS_OK);
            size_t words = 0;
            for (size_t i = 0; i < size; i++)
                words += !isspace((unsigned char)out[i]) &&
                         (i == 0 || isspace((unsigned char)out[i - 1]));
            CU_ASSERT(words <= (size_t)budget);
            size_t sum = 0; /* and each sentence's words are those it prints */
            for (size_t i = 0; i < mds_result_count(r); i++)
                sum += mds_result_sentence(r, i)->words;
            CU_ASSERT_EQUAL(sum, words);
            if (words > (size_t)budget)
                fprintf(stderr, "selector %d, budget %d: %zu words printed\n%s", sel, budget,
                        words, out);
            marked += out && strstr(out, "<T>") != NULL;
            most = words > most ? words : most;
            mds_free(out);
            mds_result_free(r);
        }
        CU_ASSERT(most > 40); /* the budgets were used, not only refused */
    }
    CU_ASSERT(marked > 0);
    mds_params_free(p);
    mds_cluster_free(c);
}

static CU_TestInfo tests[] = {
    {"the result's parameters are those in effect", test_result_params_in_effect},
    {"threads share a cluster", test_threads_share_a_cluster},
    {"runs back to back on one context, as on fresh contexts", test_runs_back_to_back},
    {"coverage selector: matrix, rows, sparse fallback", test_coverage_selector_sources},
    {"memory budget: dense or sparse graph", test_memory_budget_and_sparse_graph},
    {"a device failure falls back to the CPU", test_device_failure_falls_back_to_cpu},
    {"concept selector: any graph, rows", test_concept_selector_any_graph},
    {"reduced precision, same summary", test_reduced_precision_same_summary},
    {"example: budget and offsets", test_example_budget_and_offsets},
    {"score order, sentence budget", test_score_order_and_sentences},
    {"render formats", test_render_formats},
    {"memory input, SGML", test_memory_input_and_sgml},
    {"a byte budget counts the printed bytes", test_byte_budget_counts_printed_bytes},
    {"a word budget counts the printed words", test_word_budget_counts_printed_words},
    {"errors name the problem", test_errors_name_the_problem},
    {"no fact twice", test_no_fact_twice},
    {"source order by date", test_source_order_by_date},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("summarize", tests, setup, teardown); }
