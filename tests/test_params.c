/* SPDX-License-Identifier: MIT */
/* The parameter table and its API (src/api/params.c): the defaults, the bounds of every row,
 * names, sizes, booleans, strings, copies and the cross check; status messages and the
 * version, the other fixed parts of the API. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mds.h"
#include "testutil.h"

/* The table's row count and largest id, counted from the table itself. */
#define ROW_ONE(...) +1
enum { NROWS = 0 MDS_PARAM_MAP(ROW_ONE) };
static int max_id(void)
{
    int m = 0;
#define ROW_MAX(id, num, ...) m = (num) > m ? (num) : m;
    MDS_PARAM_MAP(ROW_MAX)
#undef ROW_MAX
    return m;
}
#define MAXID max_id()

static void test_strerror(void)
{
#define MDS__CODE(name, code, msg) MDS_##name,
    static const mds_status all[] = {MDS_STATUS_MAP(MDS__CODE)};
#undef MDS__CODE
    size_t n = sizeof all / sizeof all[0];
    CU_ASSERT_EQUAL(n, 14);
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
    CU_ASSERT_STRING_EQUAL(mds_strerror((mds_status)-14), "unknown status");
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

static void test_model_options_defaults(void)
{
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

static mds_params *fresh(void)
{
    mds_params *p = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_params_new(&p), MDS_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    return p;
}

/* The value of a parameter as text, for comparing whole sets. */
static const char *text_of(const mds_params *p, mds_param id)
{
    static char buf[128];
    CU_ASSERT_EQUAL(mds_params_get_string(p, id, buf, sizeof buf), MDS_OK);
    return buf;
}

/* The best configuration measured on DUC 2006 (docs/benchmarks.md), one line a row of the
 * table: a new row without its line here fails the test. */
static const struct {
    mds_param id;
    double value; /* ENUM and SELECTOR: the index */
    const char *text;
} measured[] = {
    {MDS_PARAM_UNIT, MDS_BUDGET_WORDS, "words"},
    {MDS_PARAM_BUDGET, 100, "100"},
    {MDS_PARAM_ORDER, MDS_ORDER_SOURCE, "source"},
    {MDS_PARAM_LANG, NAN, ""}, /* unset: the model's */
    {MDS_PARAM_LEXRANK, MDS_LEXRANK_CONTINUOUS, "continuous"},
    {MDS_PARAM_THRESHOLD, 0, "0"},
    {MDS_PARAM_DAMPING, 0.85, "0.85"},
    {MDS_PARAM_TOLERANCE, 1e-6, "1e-06"},
    {MDS_PARAM_MAX_ITERATIONS, 200, "200"},
    {MDS_PARAM_POSITION_PRIOR, 0.6, "0.6"},
    {MDS_PARAM_SELECTOR, 2, "concepts"},
    {MDS_PARAM_MIN_DF, 3, "3"},
    {MDS_PARAM_CENTRALITY, 3, "3"},
    {MDS_PARAM_CONCEPT_COST, 0.3, "0.3"},
    {MDS_PARAM_CONCEPT_GREEDY, 0, "0"},
    {MDS_PARAM_LAMBDA, 0.7, "0.7"},
    {MDS_PARAM_SATURATION, 10, "10"},
    {MDS_PARAM_DIVERSITY, 100, "100"},
    {MDS_PARAM_COST_EXPONENT, 0, "0"},
    {MDS_PARAM_PARTITION, MDS_PARTITION_DOCUMENT, "document"},
    {MDS_PARAM_CLUSTERS, 0.2, "0.2"},
    {MDS_PARAM_REWARD, MDS_REWARD_CENTRALITY, "centrality"},
    {MDS_PARAM_DUPLICATE_THRESHOLD, 0.45, "0.45"},
    {MDS_PARAM_MIN_WORDS, 8, "8"},
    {MDS_PARAM_MAX_WORDS, 60, "60"},
    {MDS_PARAM_IDF_BLEND, -1, "-1"}, /* negative: the model's blend */
    {MDS_PARAM_CLEAN, 1, "1"},
    {MDS_PARAM_BACKEND, MDS_BACKEND_AUTO, "auto"},
    {MDS_PARAM_DEVICE, 0, "0"},
    {MDS_PARAM_GRAPH, MDS_GRAPH_AUTO, "auto"},
    {MDS_PARAM_NEIGHBORS, 64, "64"},
    {MDS_PARAM_MEMORY, 4294967296.0, "4G"},
    {MDS_PARAM_PRECISION, MDS_PRECISION_FP32, "fp32"},
    {MDS_PARAM_THREADS, 0, "0"}, /* not measured: the summary is the same at any number */
    {MDS_PARAM_MAX_INPUT, 1073741824.0, "1G"}, /* not measured: a bound, docs/design.md */
    {MDS_PARAM_INPUT_FORMAT, MDS_INPUT_AUTO, "auto"}, /* not measured: by content */
    {MDS_PARAM_ENCODING, NAN, ""},  /* unset: detected (text/encoding.h) */
    {MDS_PARAM_STRICT_UTF8, 0, "0"}, /* not measured: undeclared non-UTF-8 is guessed */
    {MDS_PARAM_REPORT, 0, "0"}, /* not measured: what the result keeps, not the summary */
    {MDS_PARAM_QUERY_TELEPORT, 0.3, "0.3"}, /* docs/benchmarks.md, query-focused summaries */
    {MDS_PARAM_QUERY_CONCEPTS, 0, "0"},
    {MDS_PARAM_QUERY_TITLE, 1, "1"},
    {MDS_PARAM_QUERY_EXPAND, 0, "0"},
    {MDS_PARAM_QUERY_RELEVANCE, 1, "1"},
};
#define NMEASURED (sizeof measured / sizeof measured[0])

static void test_defaults_are_the_measured_ones(void)
{
    mds_params *p = fresh();
    CU_ASSERT_EQUAL(NMEASURED, mds_param_count());
    for (size_t i = 0; i < mds_param_count(); i++) {
        const mds_param_info *in = mds_param_at(i);
        size_t k = 0;
        while (k < NMEASURED && measured[k].id != in->id)
            k++;
        if (k == NMEASURED) {
            fprintf(stderr, "\n  %s: no measured default in this test\n", in->name);
            CU_FAIL("a row without its default here");
            continue;
        }
        double v = NAN;
        if (in->type == MDS_TYPE_STRING) {
            CU_ASSERT_EQUAL(mds_params_get_double(p, in->id, &v), MDS_EINVAL);
        } else {
            CU_ASSERT_EQUAL(mds_params_get_double(p, in->id, &v), MDS_OK);
            CU_ASSERT_EQUAL(v, measured[k].value);
        }
        if (strcmp(text_of(p, in->id), measured[k].text) != 0)
            fprintf(stderr, "\n  %s: \"%s\", wanted \"%s\"\n", in->name, text_of(p, in->id),
                    measured[k].text);
        CU_ASSERT_STRING_EQUAL(text_of(p, in->id), measured[k].text);
    }
    long long n = 0;
    CU_ASSERT_EQUAL(mds_params_get_int(p, MDS_PARAM_MEMORY, &n), MDS_OK);
    CU_ASSERT_EQUAL(n, 4LL << 30);
    CU_ASSERT_EQUAL(mds_params_check(p), MDS_OK);
    CU_ASSERT_STRING_EQUAL(mds_params_errmsg(p), "");
    mds_params_free(p);
}

static int inside(const mds_param_info *in, double v)
{
    return v >= in->lo && v <= in->hi && !((in->open & MDS_OPEN_LO) && v == in->lo) &&
           !((in->open & MDS_OPEN_HI) && v == in->hi);
}

static void test_table(void)
{
    size_t n = mds_param_count();
    CU_ASSERT_EQUAL(n, NROWS);
    CU_ASSERT_PTR_NULL(mds_param_at(n));
    /* numbers are fixed forever: rows of the first version keep theirs */
    CU_ASSERT_EQUAL(MDS_PARAM_UNIT, 1);
    CU_ASSERT_EQUAL(MDS_PARAM_PRECISION, 32);
    mds_params *p = fresh();
    for (size_t i = 0; i < n; i++) {
        const mds_param_info *in = mds_param_at(i);
        CU_ASSERT_PTR_NOT_NULL_FATAL(in);
        CU_ASSERT_PTR_EQUAL(mds_param_info_of(in->id), in);
        CU_ASSERT_PTR_EQUAL(mds_param_find(in->name), in);
        if (in->flag)
            CU_ASSERT_PTR_EQUAL(mds_param_find(in->flag), in);
        CU_ASSERT(in->help && strlen(in->help) > 0);
        CU_ASSERT_EQUAL(in->metavar == NULL, in->type == MDS_TYPE_BOOL);
        for (size_t j = 0; j < i; j++) {
            CU_ASSERT_NOT_EQUAL(in->id, mds_param_at(j)->id);
            CU_ASSERT_STRING_NOT_EQUAL(in->name, mds_param_at(j)->name);
        }
        /* names: ENUM and SELECTOR only, NULL-terminated, as many as the bounds say */
        int named = in->type == MDS_TYPE_ENUM || in->type == MDS_TYPE_SELECTOR;
        CU_ASSERT_EQUAL(in->names != NULL, named);
        if (named) {
            size_t k = 0;
            while (in->names[k])
                k++;
            CU_ASSERT(k >= 2);
            CU_ASSERT_EQUAL(in->lo, 0);
            CU_ASSERT_EQUAL(in->hi, (double)(k - 1));
        }
        double lo = -1, hi = -1;
        unsigned open = 99;
        if (in->type == MDS_TYPE_STRING) {
            CU_ASSERT_EQUAL(mds_param_bounds(in->id, &lo, &hi, &open), MDS_EINVAL);
            continue;
        }
        CU_ASSERT_EQUAL(mds_param_bounds(in->id, &lo, &hi, &open), MDS_OK);
        CU_ASSERT_EQUAL(lo, in->lo);
        CU_ASSERT_EQUAL(hi, in->hi);
        CU_ASSERT_EQUAL(open, in->open);
        CU_ASSERT(lo < hi);
        /* every default lies within its own bounds */
        double v = NAN;
        CU_ASSERT_EQUAL(mds_params_get_double(p, in->id, &v), MDS_OK);
        if (!inside(in, v))
            fprintf(stderr, "\n  %s: default %g outside its bounds\n", in->name, v);
        CU_ASSERT(inside(in, v));
    }
    /* the selectors are the selector table's, in its order */
    const mds_param_info *sel = mds_param_info_of(MDS_PARAM_SELECTOR);
    CU_ASSERT_STRING_EQUAL(sel->names[0], "mmr");
    CU_ASSERT_STRING_EQUAL(sel->names[1], "coverage");
    CU_ASSERT_STRING_EQUAL(sel->names[2], "concepts");
    /* the budget is set through the program's length options: no flag of its own */
    CU_ASSERT_PTR_NULL(mds_param_info_of(MDS_PARAM_BUDGET)->flag);
    CU_ASSERT_STRING_EQUAL(mds_param_find("position-prior")->name, "position_prior");
    CU_ASSERT_PTR_NULL(mds_param_find("words"));
    CU_ASSERT_PTR_NULL(mds_param_find(""));
    CU_ASSERT_PTR_NULL(mds_param_find(NULL));
    CU_ASSERT_PTR_NULL(mds_param_info_of((mds_param)0));
    CU_ASSERT_PTR_NULL(mds_param_info_of((mds_param)1000));
    CU_ASSERT_EQUAL(mds_param_bounds((mds_param)0, NULL, NULL, NULL), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_param_bounds(MDS_PARAM_DAMPING, NULL, NULL, NULL), MDS_OK);
    mds_params_free(p);
}

/* For every number row: the bounds are accepted (unless open) and the numbers just outside
 * are refused, leaving the value as it was. */
static void test_bounds_of_every_number(void)
{
    for (size_t i = 0; i < mds_param_count(); i++) {
        const mds_param_info *in = mds_param_at(i);
        if (in->type == MDS_TYPE_STRING)
            continue;
        mds_params *p = fresh();
        int whole = in->type != MDS_TYPE_DOUBLE;
        double below = whole ? in->lo - 1 : nextafter(in->lo, -INFINITY);
        double above = whole ? in->hi + 1 : nextafter(in->hi, INFINITY);
        const double tries[4] = {in->lo, in->hi, below, above};
        const int ok[4] = {!(in->open & MDS_OPEN_LO), !(in->open & MDS_OPEN_HI), 0, 0};
        for (int t = 0; t < 4; t++) {
            double before = NAN, after = NAN;
            CU_ASSERT_EQUAL(mds_params_get_double(p, in->id, &before), MDS_OK);
            mds_status st = mds_params_set_double(p, in->id, tries[t]);
            CU_ASSERT_EQUAL(mds_params_get_double(p, in->id, &after), MDS_OK);
            if ((st == MDS_OK) != ok[t])
                fprintf(stderr, "\n  %s = %.17g: status %d\n", in->name, tries[t], (int)st);
            CU_ASSERT_EQUAL(st, ok[t] ? MDS_OK : MDS_EINVAL);
            if (ok[t]) {
                CU_ASSERT_EQUAL(after, tries[t]);
            } else {
                CU_ASSERT_EQUAL(after, before);
                CU_ASSERT(strncmp(mds_params_errmsg(p), in->name, strlen(in->name)) == 0);
                CU_ASSERT_PTR_NOT_NULL(strstr(mds_params_errmsg(p), "out of range"));
                CU_ASSERT_EQUAL(mds_params_errparam(p), in->id);
            }
            /* the same through text, for the whole types by set_int too */
            char text[64];
            snprintf(text, sizeof text, "%.17g", tries[t]);
            if (in->type != MDS_TYPE_ENUM && in->type != MDS_TYPE_SELECTOR &&
                in->type != MDS_TYPE_BOOL)
                CU_ASSERT_EQUAL(mds_params_set_string(p, in->id, text),
                                ok[t] ? MDS_OK : MDS_EINVAL);
            if (whole)
                CU_ASSERT_EQUAL(mds_params_set_int(p, in->id, (long long)tries[t]),
                                ok[t] ? MDS_OK : MDS_EINVAL);
        }
        /* never NaN or infinity, never a fraction of a whole type */
        CU_ASSERT_EQUAL(mds_params_set_double(p, in->id, NAN), MDS_EINVAL);
        CU_ASSERT_EQUAL(mds_params_set_double(p, in->id, INFINITY), MDS_EINVAL);
        if (whole)
            CU_ASSERT_EQUAL(mds_params_set_double(p, in->id, in->lo + 0.5), MDS_EINVAL);
        mds_params_free(p);
    }
}

/* The public enum constants are the indices of the table's names. */
static void test_enum_constants_match_names(void)
{
    static const struct {
        mds_param id;
        int value;
        const char *name;
    } e[] = {
        {MDS_PARAM_UNIT, MDS_BUDGET_WORDS, "words"},
        {MDS_PARAM_UNIT, MDS_BUDGET_BYTES, "bytes"},
        {MDS_PARAM_UNIT, MDS_BUDGET_SENTENCES, "sentences"},
        {MDS_PARAM_ORDER, MDS_ORDER_SOURCE, "source"},
        {MDS_PARAM_ORDER, MDS_ORDER_SCORE, "score"},
        {MDS_PARAM_LEXRANK, MDS_LEXRANK_CONTINUOUS, "continuous"},
        {MDS_PARAM_LEXRANK, MDS_LEXRANK_THRESHOLD, "threshold"},
        {MDS_PARAM_PARTITION, MDS_PARTITION_DOCUMENT, "document"},
        {MDS_PARAM_PARTITION, MDS_PARTITION_SIMILARITY, "similarity"},
        {MDS_PARAM_REWARD, MDS_REWARD_CENTRALITY, "centrality"},
        {MDS_PARAM_REWARD, MDS_REWARD_SIMILARITY, "similarity"},
        {MDS_PARAM_BACKEND, MDS_BACKEND_AUTO, "auto"},
        {MDS_PARAM_BACKEND, MDS_BACKEND_CPU, "cpu"},
        {MDS_PARAM_BACKEND, MDS_BACKEND_CUDA, "cuda"},
        {MDS_PARAM_GRAPH, MDS_GRAPH_AUTO, "auto"},
        {MDS_PARAM_GRAPH, MDS_GRAPH_DENSE, "dense"},
        {MDS_PARAM_GRAPH, MDS_GRAPH_SPARSE, "sparse"},
        {MDS_PARAM_PRECISION, MDS_PRECISION_FP32, "fp32"},
        {MDS_PARAM_PRECISION, MDS_PRECISION_TF32, "tf32"},
        {MDS_PARAM_PRECISION, MDS_PRECISION_FP16, "fp16"},
    };
    for (size_t i = 0; i < sizeof e / sizeof e[0]; i++) {
        const mds_param_info *in = mds_param_info_of(e[i].id);
        CU_ASSERT_PTR_NOT_NULL_FATAL(in);
        CU_ASSERT(e[i].value <= in->hi);
        CU_ASSERT_STRING_EQUAL(in->names[e[i].value], e[i].name);
    }
}

/* Every name of every ENUM and SELECTOR: by name and by index, both ways; other names and
 * indices are refused. */
static void test_names_round_trip(void)
{
    mds_params *p = fresh();
    for (size_t i = 0; i < mds_param_count(); i++) {
        const mds_param_info *in = mds_param_at(i);
        if (in->type != MDS_TYPE_ENUM && in->type != MDS_TYPE_SELECTOR)
            continue;
        size_t k = 0;
        for (; in->names[k]; k++) {
            long long v = -1;
            CU_ASSERT_EQUAL(mds_params_set_string(p, in->id, in->names[k]), MDS_OK);
            CU_ASSERT_EQUAL(mds_params_get_int(p, in->id, &v), MDS_OK);
            CU_ASSERT_EQUAL(v, (long long)k);
            CU_ASSERT_STRING_EQUAL(text_of(p, in->id), in->names[k]);
            CU_ASSERT_EQUAL(mds_params_set_int(p, in->id, 0), MDS_OK);
            CU_ASSERT_EQUAL(mds_params_set_int(p, in->id, (long long)k), MDS_OK);
            CU_ASSERT_STRING_EQUAL(text_of(p, in->id), in->names[k]);
            CU_ASSERT_EQUAL(mds_params_set(p, in->name, in->names[k]), MDS_OK);
        }
        CU_ASSERT_EQUAL(mds_params_set_int(p, in->id, (long long)k), MDS_EINVAL);
        CU_ASSERT_EQUAL(mds_params_set_int(p, in->id, -1), MDS_EINVAL);
        CU_ASSERT_EQUAL(mds_params_set_string(p, in->id, "nonsense"), MDS_EINVAL);
        CU_ASSERT_EQUAL(mds_params_set_string(p, in->id, ""), MDS_EINVAL);
        CU_ASSERT_EQUAL(mds_params_set_string(p, in->id, NULL), MDS_EINVAL);
        CU_ASSERT_EQUAL(mds_params_set_string(p, in->id, "1"), MDS_EINVAL); /* names only */
        CU_ASSERT_STRING_EQUAL(text_of(p, in->id), in->names[k - 1]);
        /* the message lists every name */
        CU_ASSERT_EQUAL(mds_params_set_string(p, in->id, "nonsense"), MDS_EINVAL);
        for (size_t j = 0; j < k; j++)
            CU_ASSERT_PTR_NOT_NULL(strstr(mds_params_errmsg(p), in->names[j]));
    }
    mds_params_free(p);
}

static void test_set_by_name_and_flag(void)
{
    mds_params *p = fresh();
    double v = 0;
    CU_ASSERT_EQUAL(mds_params_set(p, "position-prior", "0.5"), MDS_OK);
    CU_ASSERT_EQUAL(mds_params_get_double(p, MDS_PARAM_POSITION_PRIOR, &v), MDS_OK);
    CU_ASSERT_EQUAL(v, 0.5);
    CU_ASSERT_EQUAL(mds_params_set(p, "position_prior", "0.25"), MDS_OK);
    CU_ASSERT_EQUAL(mds_params_get_double(p, MDS_PARAM_POSITION_PRIOR, &v), MDS_OK);
    CU_ASSERT_EQUAL(v, 0.25);
    CU_ASSERT_EQUAL(mds_params_set(p, "budget", "250"), MDS_OK); /* a name without a flag */
    CU_ASSERT_STRING_EQUAL(text_of(p, MDS_PARAM_BUDGET), "250");
    CU_ASSERT_EQUAL(mds_params_set(p, "unit", "sentences"), MDS_OK);
    CU_ASSERT_STRING_EQUAL(text_of(p, MDS_PARAM_UNIT), "sentences");
    CU_ASSERT_EQUAL(mds_params_set(p, "max-iterations", "50"), MDS_OK);
    CU_ASSERT_STRING_EQUAL(text_of(p, MDS_PARAM_MAX_ITERATIONS), "50");
    /* program options are not parameters */
    CU_ASSERT_EQUAL(mds_params_set(p, "words", "5"), MDS_EINVAL);
    CU_ASSERT_STRING_EQUAL(mds_params_errmsg(p), "'words' is not a parameter");
    CU_ASSERT_EQUAL(mds_params_set(p, "--damping", "0.5"), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_set(p, NULL, "1"), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_set(NULL, "damping", "0.5"), MDS_EINVAL);
    /* unknown ids */
    CU_ASSERT_EQUAL(mds_params_set_int(p, (mds_param)0, 1), MDS_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_params_errmsg(p), "not a parameter"));
    CU_ASSERT_EQUAL(mds_params_set_double(p, (mds_param)999, 1), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_set_string(p, (mds_param)(MAXID + 1), "1"), MDS_EINVAL);
    long long n;
    char buf[8];
    CU_ASSERT_EQUAL(mds_params_get_int(p, (mds_param)0, &n), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_get_double(p, (mds_param)0, &v), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_get_string(p, (mds_param)0, buf, sizeof buf), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_get_int(NULL, MDS_PARAM_BUDGET, &n), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_set_int(NULL, MDS_PARAM_BUDGET, 1), MDS_EINVAL);
    mds_params_free(p);
}

/* Sizes: binary suffixes, with or without "iB"; a fraction of a byte rounds down. */
static void test_sizes(void)
{
    static const struct {
        const char *text;
        long long bytes;
        const char *back;
    } good[] = {
        {"512M", 512LL << 20, "512M"},
        {"1.5GiB", 3LL << 29, "1536M"},
        {"4G", 4LL << 30, "4G"},
        {"2048K", 2LL << 20, "2M"},
        {"2048k", 2LL << 20, "2M"},
        {"3MB", 3LL << 20, "3M"},
        {"1T", 1LL << 40, "1T"},
        {"1024T", 1LL << 50, "1024T"},
        {"1048577", 1048577, "1048577"},
        {"1.0000001M", 1048576, "1M"},
        {"5000000", 5000000, "5000000"},
    };
    mds_params *p = fresh();
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        long long n = 0;
        mds_status st = mds_params_set_string(p, MDS_PARAM_MEMORY, good[i].text);
        if (st)
            fprintf(stderr, "\n  %s: %s\n", good[i].text, mds_params_errmsg(p));
        CU_ASSERT_EQUAL(st, MDS_OK);
        CU_ASSERT_EQUAL(mds_params_get_int(p, MDS_PARAM_MEMORY, &n), MDS_OK);
        CU_ASSERT_EQUAL(n, good[i].bytes);
        CU_ASSERT_STRING_EQUAL(text_of(p, MDS_PARAM_MEMORY), good[i].back);
    }
    static const char *const bad[] = {"4X", "-1M", "", "M", "1.5Q", "4GiBs", "4B", "4 G",
                                      "nan", "infG", "0x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_MEMORY, bad[i]), MDS_EINVAL);
        CU_ASSERT_PTR_NOT_NULL(strstr(mds_params_errmsg(p), "is not a size"));
    }
    CU_ASSERT_STRING_EQUAL(text_of(p, MDS_PARAM_MEMORY), "5000000"); /* as it was */
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_MEMORY, "100K"), MDS_EINVAL);
    CU_ASSERT_STRING_EQUAL(mds_params_errmsg(p), "memory: 100K is out of range [1M, 1024T]");
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_MEMORY, "1025T"), MDS_EINVAL);
    /* a SIZE takes no suffix */
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_NEIGHBORS, "1K"), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_NEIGHBORS, "1024"), MDS_OK);
    mds_params_free(p);
}

static void test_booleans_and_numbers_from_text(void)
{
    static const struct {
        const char *text;
        int value;
    } b[] = {{"1", 1},  {"0", 0},   {"true", 1}, {"false", 0}, {"yes", 1},
             {"no", 0}, {"on", 1},  {"off", 0},  {"TRUE", 1},  {"Off", 0}};
    mds_params *p = fresh();
    for (size_t i = 0; i < sizeof b / sizeof b[0]; i++) {
        long long v = -1;
        CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_CLEAN, b[i].text), MDS_OK);
        CU_ASSERT_EQUAL(mds_params_get_int(p, MDS_PARAM_CLEAN, &v), MDS_OK);
        CU_ASSERT_EQUAL(v, b[i].value);
        CU_ASSERT_STRING_EQUAL(text_of(p, MDS_PARAM_CLEAN), b[i].value ? "1" : "0");
    }
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_CLEAN, "maybe"), MDS_EINVAL);
    CU_ASSERT_STRING_EQUAL(mds_params_errmsg(p), "clean: 'maybe' is not true or false");
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_CLEAN, "2"), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_set_int(p, MDS_PARAM_CLEAN, 2), MDS_EINVAL);
    CU_ASSERT_STRING_EQUAL(text_of(p, MDS_PARAM_CLEAN), "0");

    /* whole numbers */
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_MIN_WORDS, "7"), MDS_OK);
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_MIN_WORDS, "7.5"), MDS_EINVAL);
    CU_ASSERT_STRING_EQUAL(mds_params_errmsg(p), "min_words: '7.5' is not a whole number");
    CU_ASSERT_EQUAL(mds_params_set_double(p, MDS_PARAM_MIN_WORDS, 7.5), MDS_EINVAL);
    CU_ASSERT_STRING_EQUAL(mds_params_errmsg(p), "min_words: 7.5 is not a whole number");
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_MIN_WORDS, "1e3"), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_MIN_WORDS, ""), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_MIN_WORDS, "99999999999999999999"),
                    MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_MIN_WORDS, NULL), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_set_double(p, MDS_PARAM_MIN_WORDS, 6.0), MDS_OK);
    CU_ASSERT_STRING_EQUAL(text_of(p, MDS_PARAM_MIN_WORDS), "6");
    double d = 0;
    CU_ASSERT_EQUAL(mds_params_get_double(p, MDS_PARAM_MIN_WORDS, &d), MDS_OK);
    CU_ASSERT_EQUAL(d, 6.0);

    /* real numbers */
    CU_ASSERT_EQUAL(mds_params_set_int(p, MDS_PARAM_LAMBDA, 1), MDS_OK);
    CU_ASSERT_EQUAL(mds_params_get_double(p, MDS_PARAM_LAMBDA, &d), MDS_OK);
    CU_ASSERT_EQUAL(d, 1.0);
    static const char *const bad[] = {"abc", "", "nan", "inf", "0.5x", "1e999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_LAMBDA, bad[i]), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_LAMBDA, "abc"), MDS_EINVAL);
    CU_ASSERT_STRING_EQUAL(mds_params_errmsg(p), "lambda: 'abc' is not a number");
    long long n;
    CU_ASSERT_EQUAL(mds_params_get_int(p, MDS_PARAM_LAMBDA, &n), MDS_EINVAL); /* not whole */
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_LAMBDA, "0.123456789012345678"),
                    MDS_OK);
    /* text written back reads back as the same double */
    char back[64];
    CU_ASSERT_EQUAL(mds_params_get_string(p, MDS_PARAM_LAMBDA, back, sizeof back), MDS_OK);
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_DAMPING, back), MDS_OK);
    double a = 0, c = 1;
    mds_params_get_double(p, MDS_PARAM_LAMBDA, &a);
    mds_params_get_double(p, MDS_PARAM_DAMPING, &c);
    CU_ASSERT_EQUAL(a, c);
    mds_params_free(p);
}

/* A STRING is copied: the caller's buffer may change or go. */
static void test_string_copies(void)
{
    mds_params *p = fresh();
    char buf[] = "french";
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_LANG, buf), MDS_OK);
    strcpy(buf, "xx");
    CU_ASSERT_STRING_EQUAL(text_of(p, MDS_PARAM_LANG), "french");
    char *heap = malloc(8);
    CU_ASSERT_PTR_NOT_NULL_FATAL(heap);
    strcpy(heap, "de");
    CU_ASSERT_EQUAL(mds_params_set(p, "lang", heap), MDS_OK);
    free(heap);
    CU_ASSERT_STRING_EQUAL(text_of(p, MDS_PARAM_LANG), "de");
    /* any text: languages are checked when a summary runs */
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_LANG, "klingon"), MDS_OK);
    CU_ASSERT_EQUAL(mds_params_check(p), MDS_OK);
    /* too small a buffer: refused, and no partial text */
    char small[4] = "zzz";
    CU_ASSERT_EQUAL(mds_params_get_string(p, MDS_PARAM_LANG, small, sizeof small), MDS_EINVAL);
    CU_ASSERT_STRING_EQUAL(small, "");
    CU_ASSERT_EQUAL(mds_params_get_string(p, MDS_PARAM_LANG, small, 0), MDS_EINVAL);
    /* not a number */
    long long n;
    double d;
    CU_ASSERT_EQUAL(mds_params_set_int(p, MDS_PARAM_LANG, 1), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_set_double(p, MDS_PARAM_LANG, 1), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_get_int(p, MDS_PARAM_LANG, &n), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_get_double(p, MDS_PARAM_LANG, &d), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_param_bounds(MDS_PARAM_LANG, NULL, NULL, NULL), MDS_EINVAL);
    /* NULL unsets */
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_LANG, NULL), MDS_OK);
    CU_ASSERT_STRING_EQUAL(text_of(p, MDS_PARAM_LANG), "");
    mds_params_free(p);
}

/* Every row of a and b has the same value. */
static void assert_same_params(const mds_params *a, const mds_params *b)
{
    for (size_t i = 0; i < mds_param_count(); i++) {
        char x[128], y[128];
        mds_param id = mds_param_at(i)->id;
        CU_ASSERT_EQUAL(mds_params_get_string(a, id, x, sizeof x), MDS_OK);
        CU_ASSERT_EQUAL(mds_params_get_string(b, id, y, sizeof y), MDS_OK);
        CU_ASSERT_STRING_EQUAL(x, y);
    }
}

static void test_dup_and_reset(void)
{
    mds_params *p = fresh(), *d = NULL, *def = fresh();
    TU_SET(p, BUDGET, 250);
    TU_SET(p, SELECTOR, 0);
    TU_SET(p, DAMPING, 0.5);
    TU_SET(p, MEMORY, 1 << 30);
    TU_SET(p, CLEAN, 0);
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_LANG, "german"), MDS_OK);
    CU_ASSERT_EQUAL(mds_params_set_double(p, MDS_PARAM_DAMPING, 1), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_dup(p, &d), MDS_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    assert_same_params(p, d);
    CU_ASSERT_STRING_EQUAL(mds_params_errmsg(d), ""); /* a copy of the values only */
    /* apart: changing or freeing one leaves the other */
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_LANG, "dutch"), MDS_OK);
    TU_SET(p, BUDGET, 10);
    CU_ASSERT_STRING_EQUAL(text_of(d, MDS_PARAM_LANG), "german");
    CU_ASSERT_STRING_EQUAL(text_of(d, MDS_PARAM_BUDGET), "250");
    mds_params_free(p);
    CU_ASSERT_STRING_EQUAL(text_of(d, MDS_PARAM_LANG), "german");
    CU_ASSERT_STRING_EQUAL(text_of(d, MDS_PARAM_SELECTOR), "mmr");
    /* reset: every row back to its default, strings unset */
    mds_params_reset(d);
    assert_same_params(d, def);
    CU_ASSERT_STRING_EQUAL(text_of(d, MDS_PARAM_LANG), "");
    mds_params_free(d);
    mds_params_free(def);
    d = (mds_params *)1;
    CU_ASSERT_EQUAL(mds_params_dup(NULL, &d), MDS_EINVAL);
    CU_ASSERT_PTR_NULL(d);
    mds_params_free(NULL);
    mds_params_reset(NULL);
    CU_ASSERT_STRING_EQUAL(mds_params_errmsg(NULL), "no parameters");
}

/* What no setter can see: max_words against min_words. */
static void test_cross_check(void)
{
    mds_params *p = fresh();
    TU_SET(p, MAX_WORDS, 5); /* within its own bounds, below the default min_words of 8 */
    CU_ASSERT_EQUAL(mds_params_check(p), MDS_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_params_errmsg(p), "max_words"));
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_params_errmsg(p), "min_words"));
    TU_SET(p, MAX_WORDS, 0); /* no limit, whatever min_words is */
    CU_ASSERT_EQUAL(mds_params_check(p), MDS_OK);
    TU_SET(p, MAX_WORDS, 8); /* equal to min_words */
    CU_ASSERT_EQUAL(mds_params_check(p), MDS_OK);
    TU_SET(p, MIN_WORDS, 9);
    CU_ASSERT_EQUAL(mds_params_check(p), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_check(NULL), MDS_EINVAL);
    mds_params_free(p);
}

/* The parameter of the last failure: the one a refused set or a failed check is about, 0 for
 * an id or name that is no parameter; it goes with the message (a success changes neither,
 * reset clears both). */
static void test_errparam(void)
{
    mds_params *p = fresh();
    CU_ASSERT_EQUAL(mds_params_errparam(p), 0);
    CU_ASSERT_EQUAL(mds_params_errparam(NULL), 0);
    static const struct {
        mds_param id;
        const char *text; /* NULL: no value */
    } refused[] = {
        {MDS_PARAM_DAMPING, "1"},       /* out of range */
        {MDS_PARAM_ORDER, "x"},         /* not a name of the enum */
        {MDS_PARAM_MIN_WORDS, "7.5"},   /* not whole */
        {MDS_PARAM_LAMBDA, "abc"},      /* not a number */
        {MDS_PARAM_MEMORY, "4X"},       /* not a size */
        {MDS_PARAM_CLEAN, "maybe"},     /* not a boolean */
        {MDS_PARAM_SELECTOR, "best"},   /* not a selector */
        {MDS_PARAM_MAX_WORDS, NULL},    /* no value */
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        CU_ASSERT_EQUAL(mds_params_set_string(p, refused[i].id, refused[i].text), MDS_EINVAL);
        CU_ASSERT_EQUAL(mds_params_errparam(p), refused[i].id);
    }
    CU_ASSERT_EQUAL(mds_params_set_int(p, MDS_PARAM_LANG, 1), MDS_EINVAL); /* a string */
    CU_ASSERT_EQUAL(mds_params_errparam(p), MDS_PARAM_LANG);
    CU_ASSERT_EQUAL(mds_params_set_double(p, MDS_PARAM_DEVICE, 0.5), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_errparam(p), MDS_PARAM_DEVICE);
    CU_ASSERT_EQUAL(mds_params_set(p, "position-prior", "2"), MDS_EINVAL); /* by flag */
    CU_ASSERT_EQUAL(mds_params_errparam(p), MDS_PARAM_POSITION_PRIOR);
    /* a success leaves the last failure as it was, message and parameter */
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_DAMPING, "0.5"), MDS_OK);
    CU_ASSERT_EQUAL(mds_params_errparam(p), MDS_PARAM_POSITION_PRIOR);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_params_errmsg(p), "position_prior"));
    /* no parameter: an unknown id or name */
    CU_ASSERT_EQUAL(mds_params_set_int(p, (mds_param)0, 1), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_errparam(p), 0);
    CU_ASSERT_EQUAL(mds_params_set_int(p, MDS_PARAM_BUDGET, 0), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_set(p, "words", "5"), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_errparam(p), 0);
    CU_ASSERT_EQUAL(mds_params_set_int(p, MDS_PARAM_BUDGET, 0), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_set(p, NULL, "5"), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_errparam(p), 0);
    /* the cross check: about max_words, the value that is below the other; a passing check
     * leaves it, as a passing set does */
    TU_SET(p, MAX_WORDS, 3);
    CU_ASSERT_EQUAL(mds_params_errparam(p), 0);
    CU_ASSERT_EQUAL(mds_params_check(p), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_params_errparam(p), MDS_PARAM_MAX_WORDS);
    TU_SET(p, MAX_WORDS, 0);
    CU_ASSERT_EQUAL(mds_params_check(p), MDS_OK);
    CU_ASSERT_EQUAL(mds_params_errparam(p), MDS_PARAM_MAX_WORDS);
    TU_SET(p, MIN_WORDS, 20);
    TU_SET(p, MAX_WORDS, 19);
    CU_ASSERT_EQUAL(mds_params_check(p), MDS_EINVAL); /* after min_words was raised */
    CU_ASSERT_EQUAL(mds_params_errparam(p), MDS_PARAM_MAX_WORDS);
    /* a copy starts clean; reset clears both */
    mds_params *d = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_params_dup(p, &d), MDS_OK);
    CU_ASSERT_EQUAL(mds_params_errparam(d), 0);
    CU_ASSERT_STRING_EQUAL(mds_params_errmsg(d), "");
    mds_params_free(d);
    mds_params_reset(p);
    CU_ASSERT_EQUAL(mds_params_errparam(p), 0);
    CU_ASSERT_STRING_EQUAL(mds_params_errmsg(p), "");
    mds_params_free(p);
}

/* The messages name the parameter and give the range in interval notation. */
static void test_messages(void)
{
    mds_params *p = fresh();
    CU_ASSERT_STRING_EQUAL(mds_params_errmsg(p), "");
    static const struct {
        mds_param id;
        const char *text, *msg;
    } m[] = {
        {MDS_PARAM_DAMPING, "1", "damping: 1 is out of range [0, 1)"},
        {MDS_PARAM_ORDER, "x", "order: 'x' is not source or score"},
        {MDS_PARAM_SATURATION, "0", "saturation: 0 is out of range (0, 1000000]"},
        {MDS_PARAM_BUDGET, "0", "budget: 0 is out of range [1, 100000000]"},
        {MDS_PARAM_TOLERANCE, "0", "tolerance: 0 is out of range [1e-15, 1]"},
        {MDS_PARAM_IDF_BLEND, "-2", "idf_blend: -2 is out of range [-1, 1]"},
        {MDS_PARAM_PRECISION, "fp8", "precision: 'fp8' is not fp32, tf32 or fp16"},
    };
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
        CU_ASSERT_EQUAL(mds_params_set_string(p, m[i].id, m[i].text), MDS_EINVAL);
        CU_ASSERT_STRING_EQUAL(mds_params_errmsg(p), m[i].msg);
    }
    /* a selector's name is refused with the list of the selector table, whatever it holds */
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_SELECTOR, "best"), MDS_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_params_errmsg(p), "selector: 'best' is not mmr, "));
    const char *const *sel = mds_param_info_of(MDS_PARAM_SELECTOR)->names;
    for (size_t i = 0; sel[i]; i++)
        CU_ASSERT_PTR_NOT_NULL(strstr(mds_params_errmsg(p), sel[i]));
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_PRECISION, "fp8"), MDS_EINVAL);
    /* the message stays until the next failure */
    CU_ASSERT_EQUAL(mds_params_set_string(p, MDS_PARAM_DAMPING, "0.5"), MDS_OK);
    CU_ASSERT_STRING_EQUAL(mds_params_errmsg(p), m[sizeof m / sizeof m[0] - 1].msg);
    CU_ASSERT_EQUAL(mds_params_set_int(p, MDS_PARAM_DEVICE, 1024), MDS_EINVAL);
    CU_ASSERT_STRING_EQUAL(mds_params_errmsg(p), "device: 1024 is out of range [0, 1023]");
    CU_ASSERT_EQUAL(mds_params_set_double(p, MDS_PARAM_LAMBDA, NAN), MDS_EINVAL);
    CU_ASSERT_STRING_EQUAL(mds_params_errmsg(p), "lambda: nan is not a finite number");
    mds_params_free(p);
}

static CU_TestInfo tests[] = {
    {"strerror for every status", test_strerror},
    {"version", test_version},
    {"model options defaults", test_model_options_defaults},
    {"defaults are the measured ones", test_defaults_are_the_measured_ones},
    {"the table: ids, names, flags, bounds", test_table},
    {"bounds of every number row", test_bounds_of_every_number},
    {"enum constants match the names", test_enum_constants_match_names},
    {"names round-trip", test_names_round_trip},
    {"set by name and by flag", test_set_by_name_and_flag},
    {"sizes with suffixes", test_sizes},
    {"booleans and numbers from text", test_booleans_and_numbers_from_text},
    {"strings are copied", test_string_copies},
    {"dup and reset", test_dup_and_reset},
    {"cross check", test_cross_check},
    {"errparam after each kind of failure", test_errparam},
    {"messages", test_messages},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("params", tests, NULL, NULL); }
