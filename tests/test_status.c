/* Status messages, the version, parameter defaults and their checks. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mds.h"
#include "testutil.h"

static void test_strerror(void)
{
#define MDS__CODE(name, code, msg) MDS_##name,
    static const mds_status all[] = {MDS_STATUS_MAP(MDS__CODE)};
#undef MDS__CODE
    size_t n = sizeof all / sizeof all[0];
    CU_ASSERT_EQUAL(n, 13);
    for (size_t i = 0; i < n; i++) {
        const char *m = mds_strerror(all[i]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(m);
        CU_ASSERT(strlen(m) > 0);
        CU_ASSERT_STRING_NOT_EQUAL(m, "unknown status");
        for (size_t j = 0; j < i; j++) {
            CU_ASSERT_NOT_EQUAL(all[i], all[j]);
            CU_ASSERT_STRING_NOT_EQUAL(m, mds_strerror(all[j]));
        }
    }
    CU_ASSERT_STRING_EQUAL(mds_strerror(MDS_OK), "success");
    CU_ASSERT_STRING_EQUAL(mds_strerror(MDS_ENOENT), "no such file or directory");
    CU_ASSERT_STRING_EQUAL(mds_strerror(MDS_EUTF8), "invalid UTF-8");
    CU_ASSERT_EQUAL(MDS_OK, 0);
    CU_ASSERT(MDS_EINTERNAL < 0);
    CU_ASSERT_STRING_EQUAL(mds_strerror((mds_status)1), "unknown status");
    CU_ASSERT_STRING_EQUAL(mds_strerror((mds_status)-13), "unknown status");
    CU_ASSERT_STRING_EQUAL(mds_strerror((mds_status)-1000), "unknown status");
}

static void test_version(void)
{
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", MDS_VERSION_MAJOR, MDS_VERSION_MINOR,
             MDS_VERSION_PATCH);
    CU_ASSERT_STRING_EQUAL(mds_version(), want);
    CU_ASSERT_STRING_EQUAL(mds_version(), MDS_VERSION_STRING);
}

static void test_defaults(void)
{
    mds_params p;
    memset(&p, 0x5a, sizeof p); /* defaults overwrite whatever was there */
    mds_params_default(&p);
    CU_ASSERT_EQUAL(p.budget_unit, MDS_BUDGET_WORDS);
    CU_ASSERT_EQUAL(p.budget, 100);
    CU_ASSERT_EQUAL(p.order, MDS_ORDER_SOURCE);
    CU_ASSERT_PTR_NULL(p.lang);
    CU_ASSERT_EQUAL(p.mode, MDS_LEXRANK_CONTINUOUS);
    CU_ASSERT(p.threshold >= 0 && p.threshold <= 1);
    CU_ASSERT(p.damping > 0 && p.damping < 1);
    CU_ASSERT(p.tolerance > 0 && p.tolerance < 1e-3);
    CU_ASSERT(p.max_iterations >= 1);
    CU_ASSERT(p.position_prior >= 0 && p.position_prior <= 1);
    CU_ASSERT(p.lambda >= 0 && p.lambda <= 1);
    CU_ASSERT(p.duplicate_threshold > 0 && p.duplicate_threshold <= 1);
    CU_ASSERT(p.min_words >= 0);
    CU_ASSERT(p.max_words == 0 || p.max_words >= p.min_words);
    CU_ASSERT(p.idf_blend < 0); /* the model's own default */
    CU_ASSERT_NOT_EQUAL(p.clean, 0);
    CU_ASSERT_EQUAL(p.backend, MDS_BACKEND_AUTO);
    CU_ASSERT_EQUAL(p.device, 0);
    char msg[200] = "untouched";
    CU_ASSERT_EQUAL(mds_params_check(&p, msg, sizeof msg), MDS_OK);
    CU_ASSERT_EQUAL(mds_params_check(&p, NULL, 0), MDS_OK);

    mds_model_options o;
    memset(&o, 0x5a, sizeof o);
    mds_model_options_default(&o);
    CU_ASSERT_STRING_EQUAL(o.lang, "english");
    CU_ASSERT_EQUAL(o.bucket_bits, 18);
    CU_ASSERT_EQUAL(o.dimensions, 1024);
    CU_ASSERT_EQUAL(o.bigrams, 0);
    CU_ASSERT_EQUAL(o.latin1_fallback, 0);
    CU_ASSERT_PTR_NULL(o.stopwords);
    CU_ASSERT_PTR_NULL(o.abbreviations);
    CU_ASSERT_PTR_NULL(o.phrases);
    CU_ASSERT(o.idf_blend >= 0 && o.idf_blend <= 1);
}

/* Checks that p is rejected with a message that contains `field`. */
static void rejected(const mds_params *p, const char *field, int line)
{
    char msg[200] = "";
    mds_status st = mds_params_check(p, msg, sizeof msg);
    if (st != MDS_EINVAL || !strstr(msg, field))
        fprintf(stderr, "\n  line %d: status %d, message \"%s\", wanted \"%s\"\n", line, (int)st,
                msg, field);
    CU_ASSERT_EQUAL(st, MDS_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, field));
    /* without a message buffer: the same status, nothing written */
    CU_ASSERT_EQUAL(mds_params_check(p, NULL, 0), MDS_EINVAL);
}

#define REJECT(field_assign, name)    \
    do {                              \
        mds_params q_;                \
        mds_params_default(&q_);      \
        q_.field_assign;              \
        rejected(&q_, name, __LINE__); \
    } while (0)

#define ACCEPT(field_assign)                                 \
    do {                                                     \
        mds_params q_;                                       \
        mds_params_default(&q_);                             \
        q_.field_assign;                                     \
        CU_ASSERT_EQUAL(mds_params_check(&q_, NULL, 0), MDS_OK); \
    } while (0)

static void test_check_rejects(void)
{
    REJECT(budget = 0, "budget");
    REJECT(budget = 100000001, "budget");
    REJECT(budget_unit = (mds_budget_unit)3, "budget unit");
    REJECT(budget_unit = (mds_budget_unit)-1, "budget unit");
    REJECT(order = (mds_order)2, "order");
    REJECT(mode = (mds_lexrank_mode)2, "mode");
    REJECT(threshold = NAN, "threshold");
    REJECT(threshold = -0.1, "threshold");
    REJECT(threshold = 1.01, "threshold");
    REJECT(damping = 1.0, "damping");
    REJECT(damping = -0.5, "damping");
    REJECT(damping = INFINITY, "damping");
    REJECT(tolerance = 0, "tolerance");
    REJECT(tolerance = NAN, "tolerance");
    REJECT(max_iterations = 0, "iterations");
    REJECT(max_iterations = 100001, "iterations");
    REJECT(position_prior = 1.5, "position prior");
    REJECT(lambda = 1.5, "lambda");
    REJECT(lambda = -0.01, "lambda");
    REJECT(lambda = NAN, "lambda");
    REJECT(selector = (mds_selector)3, "selector");
    REJECT(selector = (mds_selector)-1, "selector");
    REJECT(min_df = 0, "min df");
    REJECT(min_df = 1000001, "min df");
    REJECT(centrality = -0.5, "centrality");
    REJECT(centrality = NAN, "centrality");
    REJECT(concept_cost = 2.5, "concept cost");
    REJECT(concept_cost = INFINITY, "concept cost");
    REJECT(saturation = 0.0, "saturation");
    REJECT(diversity = -1.0, "diversity");
    REJECT(cost_exponent = 2.5, "cost exponent");
    REJECT(partition = (mds_partition)2, "partition");
    REJECT(clusters = 0.0, "clusters");
    REJECT(clusters = 1.5, "clusters");
    REJECT(reward = (mds_reward)2, "reward");
    REJECT(duplicate_threshold = 0.0, "duplicate threshold");
    REJECT(duplicate_threshold = 1.5, "duplicate threshold");
    REJECT(min_words = -1, "min words");
    REJECT(max_words = -1, "max words");
    REJECT(max_words = 5, "max words"); /* below the default min_words of 8 */
    REJECT(idf_blend = 1.5, "idf blend");
    REJECT(idf_blend = NAN, "idf blend");
    REJECT(backend = (mds_backend_kind)3, "backend");
    REJECT(device = -1, "device");
    REJECT(device = 1024, "device");
    char msg[64] = "";
    CU_ASSERT_EQUAL(mds_params_check(NULL, msg, sizeof msg), MDS_EINVAL);
    CU_ASSERT(strlen(msg) > 0);
    /* a tiny message buffer is truncated, not overrun (ASan checks) */
    mds_params p;
    mds_params_default(&p);
    p.lambda = 2;
    char tiny[4] = "xxx";
    CU_ASSERT_EQUAL(mds_params_check(&p, tiny, sizeof tiny), MDS_EINVAL);
    CU_ASSERT_STRING_EQUAL(tiny, "lam");
}

static void test_check_accepts_edges(void)
{
    ACCEPT(budget = 1);
    ACCEPT(budget = 100000000);
    ACCEPT(budget_unit = MDS_BUDGET_SENTENCES);
    ACCEPT(order = MDS_ORDER_SCORE);
    ACCEPT(mode = MDS_LEXRANK_THRESHOLD);
    ACCEPT(threshold = 0.0);
    ACCEPT(threshold = 1.0);
    ACCEPT(damping = 0.0);
    ACCEPT(damping = 0.999);
    ACCEPT(lambda = 0.0);
    ACCEPT(lambda = 1.0);
    ACCEPT(duplicate_threshold = 1.0);
    ACCEPT(selector = MDS_SELECTOR_COVERAGE);
    ACCEPT(selector = MDS_SELECTOR_MMR);
    ACCEPT(min_df = 1);
    ACCEPT(centrality = 0.0);
    ACCEPT(concept_cost = 0.0);
    ACCEPT(concept_cost = 2.0);
    ACCEPT(diversity = 0.0);
    ACCEPT(cost_exponent = 0.0);
    ACCEPT(clusters = 1.0);
    ACCEPT(partition = MDS_PARTITION_DOCUMENT);
    ACCEPT(max_words = 0); /* no limit, whatever min_words is */
    ACCEPT(max_words = 8); /* equal to min_words */
    ACCEPT(idf_blend = 0.0);
    ACCEPT(idf_blend = 1.0);
    ACCEPT(idf_blend = -5.0); /* any negative: the model's default */
    ACCEPT(backend = MDS_BACKEND_CUDA); /* checked here; availability is the backend's */
    ACCEPT(device = 1023);
    ACCEPT(lang = "klingon"); /* languages are checked when the summary runs */
}

static CU_TestInfo tests[] = {
    {"strerror for every status", test_strerror},
    {"version", test_version},
    {"defaults", test_defaults},
    {"check rejects each bad field by name", test_check_rejects},
    {"check accepts the edges", test_check_accepts_edges},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("status", tests, NULL, NULL); }
