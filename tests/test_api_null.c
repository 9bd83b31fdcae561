/* SPDX-License-Identifier: MIT */
/* Every public function of include/mds.h given NULL for each pointer it takes (issue 16,
 * defect 9: NULL crashed the cluster functions, and mds_ctx_load_model(NULL) printed
 * "(null)"). A required pointer that is NULL is MDS_EINVAL, with a message in the context
 * when there is one; where NULL has a documented meaning (no size wanted, an empty text, no
 * bounds wanted) the call does that; free functions take NULL as a no-op; getters give 0, NULL
 * or a fixed message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mds.h"
#include "testutil.h"

static mds_ctx *ctx, *tmp_ctx;
static mds_params *params, *tmp_params;
static mds_cluster *cl, *tmp_cl;
static mds_result *result, *tmp_result;
static mds_rouge *rouge, *tmp_rouge;
static mds_rouge_options ropt;
static mds_rouge_score scores[MDS_ROUGE_NMETRICS];
static mds_rouge_average avg;
static mds_stats stats;
static long long ll;
static double dbl;
static char buf[64], *str;
static size_t len;

static const char *MODEL = MDS_SOURCE_DIR "/models/en.mds";
static const char *DIR = MDS_SOURCE_DIR "/examples/putin-north-korea";
static const char *FILE1 = MDS_SOURCE_DIR "/examples/putin-north-korea/000_ea34812cd32b42ef.txt";
static const char *const inputs[] = {MDS_SOURCE_DIR "/examples/putin-north-korea"};
static const char *const null_inputs[] = {NULL};
static const char *const refs[] = {"the cat sat\n"};
static const char *const null_refs[] = {NULL};
static const size_t ref_sizes[] = {12}, zero_sizes[] = {0};
static const char *JSON = "{\"documents\": [{\"text\": \"x\"}]}";

/* The result's text without asking for its size: the size is optional. */
static mds_status render_without_size(void)
{
    mds_status st = mds_result_render(result, MDS_FORMAT_TEXT, &str, NULL);
    mds_free(str);
    str = NULL;
    return st;
}

/* What the context says after the call: MSG_CTX, its message must be new and say what was
 * wrong without "(null)"; MSG_PARAMS, the same of the parameter set's message. */
enum { MSG_NONE, MSG_CTX, MSG_PARAMS };

/* X(call, status, message) */
#define STATUS_CASES(X)                                                                      \
    X(mds_ctx_new(NULL), MDS_EINVAL, MSG_NONE)                                               \
    X(mds_ctx_new_sharing(NULL, &tmp_ctx), MDS_EINVAL, MSG_NONE)                             \
    X(mds_ctx_new_sharing(ctx, NULL), MDS_EINVAL, MSG_NONE)                                  \
    X(mds_ctx_load_model(NULL, MODEL), MDS_EINVAL, MSG_NONE)                                 \
    X(mds_ctx_load_model(ctx, NULL), MDS_EINVAL, MSG_CTX)                                    \
    X(mds_param_bounds(MDS_PARAM_DAMPING, NULL, NULL, NULL), MDS_OK, MSG_NONE)               \
    X(mds_params_new(NULL), MDS_EINVAL, MSG_NONE)                                            \
    X(mds_params_dup(NULL, &tmp_params), MDS_EINVAL, MSG_NONE)                               \
    X(mds_params_dup(params, NULL), MDS_EINVAL, MSG_NONE)                                    \
    X(mds_params_set_int(NULL, MDS_PARAM_BUDGET, 5), MDS_EINVAL, MSG_NONE)                   \
    X(mds_params_set_double(NULL, MDS_PARAM_DAMPING, 0.5), MDS_EINVAL, MSG_NONE)             \
    X(mds_params_set_string(NULL, MDS_PARAM_LANG, "en"), MDS_EINVAL, MSG_NONE)               \
    X(mds_params_set_string(params, MDS_PARAM_BUDGET, NULL), MDS_EINVAL, MSG_PARAMS)         \
    X(mds_params_set_string(params, MDS_PARAM_LANG, NULL), MDS_OK, MSG_NONE)                 \
    X(mds_params_set(NULL, "damping", "0.5"), MDS_EINVAL, MSG_NONE)                          \
    X(mds_params_set(params, NULL, "0.5"), MDS_EINVAL, MSG_PARAMS)                           \
    X(mds_params_set(params, "damping", NULL), MDS_EINVAL, MSG_PARAMS)                       \
    X(mds_params_get_int(NULL, MDS_PARAM_BUDGET, &ll), MDS_EINVAL, MSG_NONE)                 \
    X(mds_params_get_int(params, MDS_PARAM_BUDGET, NULL), MDS_EINVAL, MSG_NONE)              \
    X(mds_params_get_double(NULL, MDS_PARAM_DAMPING, &dbl), MDS_EINVAL, MSG_NONE)            \
    X(mds_params_get_double(params, MDS_PARAM_DAMPING, NULL), MDS_EINVAL, MSG_NONE)          \
    X(mds_params_get_string(NULL, MDS_PARAM_ORDER, buf, sizeof buf), MDS_EINVAL, MSG_NONE)   \
    X(mds_params_get_string(params, MDS_PARAM_ORDER, NULL, 8), MDS_EINVAL, MSG_NONE)         \
    X(mds_params_check(NULL), MDS_EINVAL, MSG_NONE)                                          \
    X(mds_cluster_new(NULL, &tmp_cl), MDS_EINVAL, MSG_NONE)                                  \
    X(mds_cluster_new(ctx, NULL), MDS_EINVAL, MSG_NONE)                                      \
    X(mds_cluster_add_file(NULL, FILE1), MDS_EINVAL, MSG_NONE)                               \
    X(mds_cluster_add_file(cl, NULL), MDS_EINVAL, MSG_CTX)                                   \
    X(mds_cluster_add_dir(NULL, DIR), MDS_EINVAL, MSG_NONE)                                  \
    X(mds_cluster_add_dir(cl, NULL), MDS_EINVAL, MSG_CTX)                                    \
    X(mds_cluster_add_memory(NULL, "m", "x", 1), MDS_EINVAL, MSG_NONE)                       \
    X(mds_cluster_add_memory(cl, NULL, "x", 1), MDS_EINVAL, MSG_CTX)                         \
    X(mds_cluster_add_memory(cl, "m", NULL, 1), MDS_EINVAL, MSG_CTX)                         \
    X(mds_cluster_add_memory(cl, "m", NULL, 0), MDS_OK, MSG_NONE)                            \
    X(mds_cluster_add_json(NULL, JSON, strlen(JSON), NULL), MDS_EINVAL, MSG_NONE)            \
    X(mds_cluster_add_json(cl, NULL, 5, NULL), MDS_EINVAL, MSG_CTX)                          \
    X(mds_cluster_add_json(cl, NULL, 0, NULL), MDS_EFORMAT, MSG_CTX)                         \
    X(mds_summarize(NULL, cl, NULL, &tmp_result), MDS_EINVAL, MSG_NONE)                      \
    X(mds_summarize(ctx, NULL, NULL, &tmp_result), MDS_EINVAL, MSG_CTX)                      \
    X(mds_summarize(ctx, cl, NULL, NULL), MDS_EINVAL, MSG_CTX)                               \
    X(mds_result_render(NULL, MDS_FORMAT_TEXT, &str, &len), MDS_EINVAL, MSG_NONE)            \
    X(mds_result_render(result, MDS_FORMAT_JSON, NULL, &len), MDS_EINVAL, MSG_NONE)          \
    X(render_without_size(), MDS_OK, MSG_NONE)                                               \
    X(mds_model_build(NULL, inputs, 1, NULL, "unused.mds"), MDS_EINVAL, MSG_NONE)            \
    X(mds_model_build(ctx, NULL, 1, NULL, "unused.mds"), MDS_EINVAL, MSG_CTX)                \
    X(mds_model_build(ctx, null_inputs, 1, NULL, "unused.mds"), MDS_EINVAL, MSG_CTX)         \
    X(mds_model_build(ctx, inputs, 1, NULL, NULL), MDS_EINVAL, MSG_CTX)                      \
    X(mds_rouge_new(NULL, &ropt, &tmp_rouge), MDS_EINVAL, MSG_NONE)                          \
    X(mds_rouge_new(ctx, NULL, &tmp_rouge), MDS_EINVAL, MSG_NONE)                            \
    X(mds_rouge_new(ctx, &ropt, NULL), MDS_EINVAL, MSG_NONE)                                 \
    X(mds_rouge_score_texts(NULL, "a", 1, refs, ref_sizes, 1, scores), MDS_EINVAL, MSG_NONE) \
    X(mds_rouge_score_texts(rouge, NULL, 1, refs, ref_sizes, 1, scores), MDS_EINVAL,         \
      MSG_NONE)                                                                              \
    X(mds_rouge_score_texts(rouge, NULL, 0, refs, ref_sizes, 1, scores), MDS_OK, MSG_NONE)   \
    X(mds_rouge_score_texts(rouge, "a", 1, NULL, ref_sizes, 1, scores), MDS_EINVAL,          \
      MSG_NONE)                                                                              \
    X(mds_rouge_score_texts(rouge, "a", 1, refs, NULL, 1, scores), MDS_EINVAL, MSG_NONE)     \
    X(mds_rouge_score_texts(rouge, "a", 1, null_refs, ref_sizes, 1, scores), MDS_EINVAL,     \
      MSG_NONE)                                                                              \
    X(mds_rouge_score_texts(rouge, "a", 1, null_refs, zero_sizes, 1, scores), MDS_OK,        \
      MSG_NONE)                                                                              \
    X(mds_rouge_score_texts(rouge, "a", 1, refs, ref_sizes, 1, NULL), MDS_EINVAL, MSG_NONE)  \
    X(mds_rouge_score_files(NULL, FILE1, inputs, 0, scores), MDS_EINVAL, MSG_NONE)           \
    X(mds_rouge_score_files(rouge, NULL, inputs, 0, scores), MDS_EINVAL, MSG_NONE)           \
    X(mds_rouge_score_files(rouge, FILE1, NULL, 1, scores), MDS_EINVAL, MSG_NONE)            \
    X(mds_rouge_score_files(rouge, FILE1, null_inputs, 1, scores), MDS_EINVAL, MSG_NONE)     \
    X(mds_rouge_score_files(rouge, FILE1, inputs, 0, NULL), MDS_EINVAL, MSG_NONE)            \
    X(mds_rouge_bootstrap(NULL, 1, 0, 95, &avg), MDS_EINVAL, MSG_NONE)                       \
    X(mds_rouge_bootstrap(NULL, 0, 0, 95, &avg), MDS_OK, MSG_NONE)                           \
    X(mds_rouge_bootstrap(scores, 1, 0, 95, NULL), MDS_EINVAL, MSG_NONE)                     \
    X(mds_rouge_topic(NULL, buf, sizeof buf), MDS_EINVAL, MSG_NONE)                          \
    X(mds_rouge_topic("d0601.m", NULL, 8), MDS_EINVAL, MSG_NONE)

/* X(expression that must be true): the void functions and the getters */
#define OTHER_CASES(X)                                                                       \
    X((mds_free(NULL), 1))                                                                   \
    X((mds_ctx_free(NULL), 1))                                                               \
    X((mds_params_free(NULL), 1))                                                            \
    X((mds_params_reset(NULL), 1))                                                           \
    X((mds_cluster_free(NULL), 1))                                                           \
    X((mds_result_free(NULL), 1))                                                            \
    X((mds_rouge_free(NULL), 1))                                                             \
    X((mds_model_options_default(NULL), 1))                                                  \
    X((mds_rouge_options_default(NULL), 1))                                                  \
    X((mds_result_stats(result, NULL), 1))                                                   \
    X((memset(&stats, 0xff, sizeof stats), mds_result_stats(NULL, &stats),                  \
       stats.documents == 0 && stats.backend == NULL))                                       \
    X(mds_param_find(NULL) == NULL)                                                          \
    X(mds_params_errmsg(NULL) != NULL)                                                       \
    X(mds_params_errparam(NULL) == 0)                                                        \
    X(mds_errmsg(NULL) != NULL)                                                              \
    X(mds_errparam(NULL) == 0)                                                               \
    X((len = 7, mds_last_counts(NULL, &len, NULL, NULL), len == 0))                          \
    X((mds_last_counts(ctx, NULL, NULL, NULL), 1))                                           \
    X(mds_cluster_document_count(NULL) == 0)                                                 \
    X(mds_result_params(NULL) == NULL)                                                       \
    X(mds_result_count(NULL) == 0)                                                           \
    X(mds_result_sentence(NULL, 0) == NULL)                                                  \
    X(mds_rouge_warning(NULL) == NULL)

static mds_status run_status_case(size_t k)
{
    size_t i = 0;
#define RUN(call, status, msg)                                                               \
    if (k == i++)                                                                            \
        return (call);
    STATUS_CASES(RUN)
#undef RUN
    return MDS_EINTERNAL;
}

static const struct {
    const char *call;
    mds_status status;
    int msg;
} status_cases[] = {
#define ROW(call, status, msg) {#call, status, msg},
    STATUS_CASES(ROW)
#undef ROW
};

static void test_status_cases(void)
{
    for (size_t k = 0; k < sizeof status_cases / sizeof *status_cases; k++) {
        /* a message to tell a new one from */
        CU_ASSERT_EQUAL(mds_cluster_add_file(cl, "/nonexistent/sentinel"), MDS_ENOENT);
        CU_ASSERT_EQUAL(mds_params_set(params, "sentinel", "1"), MDS_EINVAL);
        size_t docs = mds_cluster_document_count(cl);
        mds_status st = run_status_case(k);
        const char *msg = status_cases[k].msg == MSG_CTX      ? mds_errmsg(ctx)
                          : status_cases[k].msg == MSG_PARAMS ? mds_params_errmsg(params)
                                                              : NULL;
        int ok = st == status_cases[k].status &&
                 (!msg || (msg[0] && !strstr(msg, "sentinel") && !strstr(msg, "(null)")));
        CU_ASSERT(ok);
        if (!ok)
            fprintf(stderr, "\n  %s: %d (%s), expected %d; message \"%s\"\n",
                    status_cases[k].call, st, mds_strerror(st), status_cases[k].status,
                    msg ? msg : "");
        CU_ASSERT_EQUAL(mds_cluster_document_count(cl), docs); /* nothing added */
        /* the outputs of a call that should have failed: nothing to free, but no leak if
         * one did not */
        mds_ctx_free(tmp_ctx);
        mds_params_free(tmp_params);
        mds_cluster_free(tmp_cl);
        mds_result_free(tmp_result);
        mds_rouge_free(tmp_rouge);
        tmp_ctx = NULL, tmp_params = NULL, tmp_cl = NULL, tmp_result = NULL, tmp_rouge = NULL;
    }
    /* the handles still work */
    mds_result *r = NULL;
    CU_ASSERT_EQUAL(mds_summarize(ctx, cl, params, &r), MDS_OK);
    CU_ASSERT(mds_result_count(r) > 0);
    mds_result_free(r);
}

static void test_other_cases(void)
{
    static const char *names[] = {
#define NAME(expr) #expr,
        OTHER_CASES(NAME)
#undef NAME
    };
    size_t k = 0;
#define CHECK(expr)                                                                          \
    do {                                                                                     \
        int ok_ = (expr);                                                                    \
        CU_ASSERT(ok_);                                                                      \
        if (!ok_)                                                                            \
            fprintf(stderr, "\n  %s is false\n", names[k]);                                  \
        k++;                                                                                 \
    } while (0);
    OTHER_CASES(CHECK)
#undef CHECK
}

static int setup(void)
{
    if (mds_ctx_new(&ctx) || mds_params_new(&params) || mds_cluster_new(ctx, &cl) ||
        mds_cluster_add_dir(cl, DIR) || mds_summarize(ctx, cl, NULL, &result))
        return 1;
    mds_rouge_options_default(&ropt);
    ropt.exceptions = ""; /* no ROUGE_HOME lookup */
    return mds_rouge_new(ctx, &ropt, &rouge) != MDS_OK;
}

static int teardown(void)
{
    mds_rouge_free(rouge);
    mds_result_free(result);
    mds_cluster_free(cl);
    mds_params_free(params);
    mds_ctx_free(ctx);
    return 0;
}

static CU_TestInfo tests[] = {
    {"a NULL pointer: a status and a message", test_status_cases},
    {"a NULL pointer: no-ops and getters", test_other_cases},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("api_null", tests, setup, teardown); }
