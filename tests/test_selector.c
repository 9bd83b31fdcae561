/* SPDX-License-Identifier: MIT */
/* The selector contract, over every selector in the table (src/select/selector.h): on real
 * clusters read through the library and on hand-built ones (near-duplicates, one sentence), in
 * every budget unit and with budgets smaller than every sentence, the budget is never
 * exceeded, only eligible sentences are chosen, no two chosen sentences are at or above the
 * duplicate threshold, two runs choose the same, and a session that only hands out rows gives
 * the choice of one that holds the matrix. A new selector gets all of this by its line in the
 * list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/context.h"
#include "compute/backend.h"
#include "embed/hashvec.h"
#include "api/params.h"
#include "select/selector.h"
#include "text/clean.h"
#include "text/segment.h"
#include "testutil.h"

#define EXAMPLE MDS_SOURCE_DIR "/examples/putin-north-korea"

static mds_ctx *ctx;

static int setup(void) { return mds_ctx_new(&ctx) != MDS_OK || !ctx->model; }
static int teardown(void)
{
    mds_ctx_free(ctx);
    return 0;
}

static size_t nselectors(void)
{
    size_t k = 0;
    while (mds__selector_names[k])
        k++;
    return k;
}

/* ---- the table ------------------------------------------------------------------------------- */

static void test_table(void)
{
    /* the first three keep the indices they always had: 0, 1, 2 */
    CU_ASSERT_FATAL(nselectors() >= 3);
    CU_ASSERT_STRING_EQUAL(mds__selector_names[0], "mmr");
    CU_ASSERT_STRING_EQUAL(mds__selector_names[1], "coverage");
    CU_ASSERT_STRING_EQUAL(mds__selector_names[2], "concepts");
    CU_ASSERT_PTR_NULL(mds__selector_get(nselectors()));
    CU_ASSERT_EQUAL(mds__selector_find("no such selector"), -1);
    CU_ASSERT_EQUAL(mds__selector_find(NULL), -1);
    for (size_t i = 0; i < nselectors(); i++) {
        const mds__selector *s = mds__selector_get(i);
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        CU_ASSERT_STRING_EQUAL(s->name, mds__selector_names[i]);
        CU_ASSERT_EQUAL(mds__selector_find(s->name), (int)i);
        CU_ASSERT_PTR_NOT_NULL(s->select);
        CU_ASSERT((s->prepare == NULL) == (s->release == NULL));
        CU_ASSERT((s->prepare == NULL) == (s->state_bytes == NULL));
        /* the memory plan reserves its scratch: every selector allocates some */
        CU_ASSERT(s->cand_bytes > 0);
        /* marked terms go to the prepare step only */
        CU_ASSERT(!(s->needs & MDS__NEEDS_MARKED) || s->prepare != NULL);
        size_t dense = 99, sparse = 99;
        char msg[128] = "";
        CU_ASSERT_EQUAL(mds__selector_resolve(i, 1, &dense, msg, sizeof msg), MDS_OK);
        CU_ASSERT_EQUAL(dense, i);
        if (!(s->needs & MDS__NEEDS_MATRIX)) {
            CU_ASSERT_PTR_NULL(s->fallback);
            CU_ASSERT_EQUAL(mds__selector_resolve(i, 0, &sparse, msg, sizeof msg), MDS_OK);
            CU_ASSERT_EQUAL(sparse, i);
            continue;
        }
        /* a selector that needs the matrix names one that runs on any graph, unprepared */
        CU_ASSERT_EQUAL_FATAL(mds__selector_resolve(i, 0, &sparse, msg, sizeof msg), MDS_OK);
        const mds__selector *f = mds__selector_get(sparse);
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        CU_ASSERT_STRING_EQUAL(f->name, s->fallback);
        CU_ASSERT_EQUAL(f->needs, 0);
        CU_ASSERT_PTR_NULL(f->prepare);
    }
    size_t out = 0;
    char msg[128] = "";
    CU_ASSERT_EQUAL(mds__selector_resolve(nselectors(), 1, &out, msg, sizeof msg), MDS_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "unknown selector"));
    /* coverage needs the matrix: on a sparse graph, MMR */
    CU_ASSERT_EQUAL(mds__selector_resolve((size_t)mds__selector_find("coverage"), 0, &out, msg,
                                          sizeof msg),
                    MDS_OK);
    CU_ASSERT_EQUAL(out, (size_t)mds__selector_find("mmr"));
}

static void test_cand_cost(void)
{
    mds__cand c = {12, 70, 1};
    CU_ASSERT_EQUAL(mds__cand_cost(&c, MDS_BUDGET_WORDS, 1), 12);
    CU_ASSERT_EQUAL(mds__cand_cost(&c, MDS_BUDGET_WORDS, 0), 12);
    CU_ASSERT_EQUAL(mds__cand_cost(&c, MDS_BUDGET_BYTES, 1), 70);
    CU_ASSERT_EQUAL(mds__cand_cost(&c, MDS_BUDGET_BYTES, 0), 71); /* the separator before it */
    CU_ASSERT_EQUAL(mds__cand_cost(&c, MDS_BUDGET_SENTENCES, 0), 1);
}

/* ---- problems: the candidates of a cluster, ranked, over a CPU session --------------------- */

typedef struct problem {
    const char *name;
    size_t n, d;
    mds__terms *marked; /* n word sequences, stopwords marked */
    uint32_t *doc_of;
    mds__cand *cands;
    double *scores;
    float *X;
    mds__sim *sim; /* a CPU session holding the dense S */
    const float *S;
} problem;

static void problem_free(problem *p)
{
    for (size_t i = 0; p->marked && i < p->n; i++)
        mds__terms_free(&p->marked[i]);
    free(p->marked);
    free(p->doc_of);
    free(p->cands);
    free(p->scores);
    mds__backend_cpu.close(p->sim);
    free(p->X);
    memset(p, 0, sizeof *p);
}

/* Every sentence of the cluster with a content word is a candidate (no cleaning: copies stay
 * in), eligible at 8 to 60 words as by default; LexRank scores on the dense graph. */
static void problem_of(const char *name, const mds_cluster *c, problem *p)
{
    memset(p, 0, sizeof *p);
    p->name = name;
    const mds__model *m = ctx->model;
    mds__featurizer *feat = NULL;
    CU_ASSERT_EQUAL_FATAL(mds__ctx_featurizer(ctx, m->lang, &feat), MDS_OK);
    size_t cap = 0, nspans = 0, scap = 0;
    mds__span *spans = NULL;
    mds__terms *terms = NULL;
    for (size_t d = 0; d < c->ndocs; d++) {
        const mds__doc *doc = &c->docs[d];
        for (size_t k = 0; k < doc->npara; k++) {
            nspans = 0;
            CU_ASSERT_EQUAL_FATAL(mds__segment(doc->text + doc->paras[k].span.start,
                                               doc->paras[k].span.end - doc->paras[k].span.start,
                                               doc->paras[k].span.start, &m->abbrevs, &spans,
                                               &nspans, &scap),
                                  MDS_OK);
            for (size_t s = 0; s < nspans; s++) {
                if (p->n == cap) {
                    cap = cap ? 2 * cap : 64;
                    p->marked = realloc(p->marked, cap * sizeof *p->marked);
                    terms = realloc(terms, cap * sizeof *terms);
                    p->doc_of = realloc(p->doc_of, cap * sizeof *p->doc_of);
                    p->cands = realloc(p->cands, cap * sizeof *p->cands);
                    CU_ASSERT_FATAL(p->marked && terms && p->doc_of && p->cands);
                }
                const char *text = doc->text + spans[s].start;
                size_t len = spans[s].end - spans[s].start;
                mds__terms *mt = &p->marked[p->n], *t = &terms[p->n];
                memset(mt, 0, sizeof *mt);
                memset(t, 0, sizeof *t);
                CU_ASSERT_EQUAL_FATAL(mds__features_extract_marked(feat, text, len, mt), MDS_OK);
                CU_ASSERT_EQUAL_FATAL(mds__terms_content(feat, mt, t), MDS_OK);
                if (t->n == 0) {
                    mds__terms_free(mt);
                    mds__terms_free(t);
                    continue;
                }
                uint32_t words = mds__count_words(text, len);
                p->doc_of[p->n] = (uint32_t)d;
                p->cands[p->n] = (mds__cand){words, (uint32_t)len, words >= 8 && words <= 60};
                p->n++;
            }
        }
    }
    free(spans);
    CU_ASSERT_FATAL(p->n > 0);
    p->d = m->dim;
    p->X = calloc(p->n * p->d, sizeof *p->X);
    p->scores = malloc(p->n * sizeof *p->scores);
    CU_ASSERT_FATAL(p->X && p->scores);
    CU_ASSERT_EQUAL_FATAL(mds__hashvec_embed(m, terms, p->n, p->doc_of, c->ndocs, m->idf_blend,
                                             p->X),
                          MDS_OK);
    for (size_t i = 0; i < p->n; i++)
        mds__terms_free(&terms[i]);
    free(terms);
    char msg[256] = "";
    mds__graph_opts go = {MDS_LEXRANK_CONTINUOUS, 0.0f, 0, 0, MDS__GRAM_AUTO, 0};
    mds__rank_opts ro = {0.85, 1e-6, 200};
    int iterations = 0;
    CU_ASSERT_EQUAL_FATAL(mds__backend_cpu.open(0, p->X, p->n, p->d, MDS_PRECISION_FP32, &p->sim,
                                                msg, sizeof msg),
                          MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds__backend_cpu.graph(p->sim, &go, msg, sizeof msg), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds__backend_cpu.rank(p->sim, &ro, NULL, p->scores, &iterations, msg,
                                                sizeof msg),
                          MDS_OK);
    p->S = mds__backend_cpu.matrix(p->sim);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p->S);
}

static void problem_of_dir(const char *name, const char *dir, int times, problem *p)
{
    mds_cluster *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    for (int t = 0; t < times; t++)
        CU_ASSERT_EQUAL_FATAL(mds_cluster_add_dir(c, dir), MDS_OK);
    problem_of(name, c, p);
    mds_cluster_free(c);
}

static void problem_of_texts(const char *name, const char *const *texts, size_t n, problem *p)
{
    mds_cluster *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    for (size_t i = 0; i < n; i++) {
        char doc[32];
        snprintf(doc, sizeof doc, "doc%zu", i);
        CU_ASSERT_EQUAL_FATAL(mds_cluster_add_memory(c, doc, texts[i], strlen(texts[i])), MDS_OK);
    }
    problem_of(name, c, p);
    mds_cluster_free(c);
}

/* ---- running a selector as the pipeline does ---------------------------------------------- */

/* A session: the one that holds S, or the same backend's table without its `matrix` member,
 * as a GPU keeps S on the device and hands out rows only. */
typedef struct session {
    const mds__backend *be;
    mds__sim *sim;
} session;

typedef struct budget {
    mds_budget_unit unit;
    size_t size;
} budget;

/* Chooses with selector `index` over session s; returns the count, or SIZE_MAX on failure. */
static size_t choose(size_t index, const problem *p, const session *s, const budget *b,
                     const mds__params *prm, size_t *chosen)
{
    const mds__selector *sel = mds__selector_get(index);
    void *prepared = NULL;
    size_t k = SIZE_MAX;
    if (sel->prepare) {
        mds__prepare_in pin = {p->n, (sel->needs & MDS__NEEDS_MARKED) ? p->marked : NULL,
                               p->doc_of, prm, 0, NULL};
        if (sel->prepare(&pin, &prepared) != MDS_OK)
            goto done;
    }
    mds__selection in = {
        .n = p->n,
        .scores = p->scores,
        .cands = p->cands,
        .doc_of = p->doc_of,
        .unit = b->unit,
        .budget = b->size,
        .duplicate_threshold = prm->duplicate_threshold,
        .prepared = prepared,
        .params = prm,
    };
    char msg[256];
    mds__session ss = {s->be, s->sim, msg, sizeof msg};
    size_t got = SIZE_MAX;
    if (mds__selector_run(sel, &ss, &in, chosen, &got) == MDS_OK)
        k = got;
done:
    if (sel->release)
        sel->release(prepared);
    return k;
}

/* The contract on one choice: within the budget, eligible and distinct candidates, no two at
 * or above the duplicate threshold. Says what broke, and where, on stderr. */
static int keeps_contract(const problem *p, const budget *b, double dup, const size_t *ch,
                          size_t k)
{
    int ok = 1;
    size_t used = 0;
    for (size_t a = 0; a < k; a++) {
        if (ch[a] >= p->n || !p->cands[ch[a]].eligible) {
            fprintf(stderr, "\n  chose %zu: not an eligible candidate", ch[a]);
            return 0;
        }
        used += mds__cand_cost(&p->cands[ch[a]], b->unit, a == 0);
        for (size_t z = 0; z < a; z++) {
            float s = p->S[ch[a] * p->n + ch[z]];
            if (ch[a] == ch[z] || s >= (float)dup) {
                fprintf(stderr, "\n  chose %zu and %zu: similarity %g", ch[z], ch[a], s);
                ok = 0;
            }
        }
    }
    if (used > b->size) {
        fprintf(stderr, "\n  used %zu of a budget of %zu", used, b->size);
        ok = 0;
    }
    return ok;
}

static int same_choice(const size_t *a, size_t na, const size_t *b, size_t nb)
{
    return na == nb && (na == 0 || memcmp(a, b, na * sizeof *a) == 0);
}

/* Every selector, every budget, on one problem; returns how many choices were empty. */
static size_t run_contract(const problem *p, const budget *budgets, size_t nbudgets,
                           const mds__params *prm)
{
    mds__backend rows_only = mds__backend_cpu;
    rows_only.name = "rows-only";
    rows_only.matrix = NULL;
    session full = {&mds__backend_cpu, p->sim}, bare = {&rows_only, p->sim};
    size_t *a = malloc(p->n * sizeof *a), *b = malloc(p->n * sizeof *b);
    size_t *c = malloc(p->n * sizeof *c);
    CU_ASSERT_FATAL(a && b && c);
    size_t empty = 0;
    for (size_t i = 0; i < nselectors(); i++) {
        for (size_t u = 0; u < nbudgets; u++) {
            const budget *bu = &budgets[u];
            size_t na = choose(i, p, &full, bu, prm, a);
            size_t nb = choose(i, p, &full, bu, prm, b);
            size_t nc = choose(i, p, &bare, bu, prm, c);
            int ran = na != SIZE_MAX && nb != SIZE_MAX && nc != SIZE_MAX;
            int kept = ran && keeps_contract(p, bu, prm->duplicate_threshold, a, na);
            int again = ran && same_choice(a, na, b, nb);
            int rows = ran && same_choice(a, na, c, nc);
            if (!kept || !again || !rows)
                fprintf(stderr, "\n  %s on %s, budget %zu (unit %d): %s\n",
                        mds__selector_names[i], p->name, bu->size, (int)bu->unit,
                        !ran ? "failed" : !kept ? "broke the contract"
                                        : !again ? "a second run chose otherwise"
                                                 : "rows only chose otherwise");
            CU_ASSERT(ran);
            CU_ASSERT(kept);
            CU_ASSERT(again);
            CU_ASSERT(rows);
            empty += ran && na == 0;
        }
    }
    free(a);
    free(b);
    free(c);
    return empty;
}

static const budget everyday[] = {
    {MDS_BUDGET_WORDS, 100},  {MDS_BUDGET_WORDS, 250}, {MDS_BUDGET_BYTES, 665},
    {MDS_BUDGET_SENTENCES, 4}, {MDS_BUDGET_SENTENCES, 1},
};
/* smaller than every eligible sentence (8 words or more): nothing fits */
static const budget tiny[] = {{MDS_BUDGET_WORDS, 7}, {MDS_BUDGET_BYTES, 14}};

static void test_contract_example(void)
{
    problem p;
    mds__params prm;
    CU_ASSERT_EQUAL_FATAL(mds__params_default(&prm), MDS_OK);
    problem_of_dir("the example", EXAMPLE, 1, &p);
    CU_ASSERT(p.n > 100);
    CU_ASSERT_EQUAL(run_contract(&p, everyday, 5, &prm), 0);
    CU_ASSERT_EQUAL(run_contract(&p, tiny, 2, &prm), 2 * nselectors());
    /* a tight duplicate threshold and other knobs */
    prm.duplicate_threshold = 0.2;
    prm.partition = MDS_PARTITION_SIMILARITY;
    prm.reward = MDS_REWARD_SIMILARITY;
    prm.lambda = 0.3;
    prm.min_df = 1;
    CU_ASSERT_EQUAL(run_contract(&p, everyday, 5, &prm), 0);
    problem_free(&p);
}

/* Every document twice: each sentence has an exact copy (similarity 1). */
static void test_contract_copies(void)
{
    problem p;
    mds__params prm;
    CU_ASSERT_EQUAL_FATAL(mds__params_default(&prm), MDS_OK);
    problem_of_dir("the example twice", EXAMPLE, 2, &p);
    CU_ASSERT_EQUAL(run_contract(&p, everyday, 5, &prm), 0);
    problem_free(&p);
}

/* Paraphrases of one fact across documents, beside facts of their own. */
static void test_contract_near_duplicates(void)
{
    static const char *const docs[] = {
        "The river flooded the lower town on Wednesday, and rescue teams moved two hundred "
        "families to the school on the hill. The mayor asked the army for more boats.\n",
        "On Wednesday the river flooded the lower town and rescue teams moved two hundred "
        "families to the hill school. Power lines fell across the main road near the bridge.\n",
        "Rescue teams moved two hundred families to the school on the hill after the river "
        "flooded the lower town on Wednesday. Farmers said the harvest in the valley was lost.\n",
    };
    problem p;
    mds__params prm;
    CU_ASSERT_EQUAL_FATAL(mds__params_default(&prm), MDS_OK);
    prm.min_df = 2;
    problem_of_texts("paraphrases", docs, 3, &p);
    CU_ASSERT_FATAL(p.n == 6);
    /* the three tellings of the flood are near-duplicates: at most one may be chosen */
    CU_ASSERT(p.S[0 * 6 + 2] >= (float)prm.duplicate_threshold);
    CU_ASSERT(p.S[0 * 6 + 4] >= (float)prm.duplicate_threshold);
    static const budget big[] = {{MDS_BUDGET_WORDS, 1000}, {MDS_BUDGET_SENTENCES, 6},
                                 {MDS_BUDGET_BYTES, 10000}};
    CU_ASSERT_EQUAL(run_contract(&p, big, 3, &prm), 0);
    CU_ASSERT_EQUAL(run_contract(&p, tiny, 2, &prm), 2 * nselectors());
    problem_free(&p);
}

static void test_contract_one_sentence(void)
{
    static const char *const docs[] = {
        "Heavy rain fell on the valley for a third day on Tuesday, and the river rose above its "
        "banks near the lower town.\n",
    };
    problem p;
    mds__params prm;
    CU_ASSERT_EQUAL_FATAL(mds__params_default(&prm), MDS_OK);
    problem_of_texts("one sentence", docs, 1, &p);
    CU_ASSERT_FATAL(p.n == 1);
    CU_ASSERT_EQUAL(run_contract(&p, everyday, 5, &prm), 0);
    CU_ASSERT_EQUAL(run_contract(&p, tiny, 2, &prm), 2 * nselectors());
    problem_free(&p);
}

/* ---- through the library ---------------------------------------------------------------- */

static mds_result *summarize(const mds_cluster *c, const mds_params *p)
{
    mds_result *r = NULL;
    if (mds_summarize(ctx, c, p, &r) != MDS_OK)
        fprintf(stderr, "\n  %s\n", mds_errmsg(ctx));
    return r;
}

static int same_result(const mds_result *a, const mds_result *b)
{
    if (!a || !b || mds_result_count(a) != mds_result_count(b))
        return 0;
    for (size_t i = 0; i < mds_result_count(a); i++) {
        const mds_sentence *x = mds_result_sentence(a, i), *y = mds_result_sentence(b, i);
        if (x->doc_index != y->doc_index || x->offset != y->offset || x->score != y->score)
            return 0;
    }
    return 1;
}

/* The parameters' selector is an index into the table. */
static void set_selector(mds_params *p, size_t index)
{
    CU_ASSERT_EQUAL_FATAL(mds_params_set_int(p, MDS_PARAM_SELECTOR, (long long)index), MDS_OK);
}

/* Each selector of the table by its index: the same summary twice, and on a backend that
 * holds no matrix; on a sparse graph, the selector the table resolves, named in the output. */
static void test_pipeline_every_selector(void)
{
    mds_cluster *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_add_dir(c, EXAMPLE), MDS_OK);
    mds__backend rows_only = mds__backend_cpu;
    rows_only.name = "rows-only";
    rows_only.matrix = NULL;
    for (size_t i = 0; i < nselectors(); i++) {
        mds_params *p = NULL;
        CU_ASSERT_EQUAL_FATAL(mds_params_new(&p), MDS_OK);
        set_selector(p, i);
        TU_SET(p, BUDGET, 250);
        TU_SET(p, BACKEND, MDS_BACKEND_CPU);
        mds_result *a = summarize(c, p), *b = summarize(c, p);
        TU_SET(p, BACKEND, MDS_BACKEND_AUTO);
        mds__backend_override(&rows_only);
        mds_result *r = summarize(c, p);
        mds__backend_override(NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(a);
        CU_ASSERT(mds_result_count(a) >= 3);
        size_t words = 0;
        for (size_t k = 0; k < mds_result_count(a); k++)
            words += mds_result_sentence(a, k)->words;
        CU_ASSERT(words <= 250);
        CU_ASSERT(same_result(a, b));
        CU_ASSERT(same_result(a, r));
        mds_stats st;
        mds_result_stats(r, &st);
        CU_ASSERT_STRING_EQUAL(st.backend, "rows-only");

        TU_SET(p, BACKEND, MDS_BACKEND_CPU);
        TU_SET(p, GRAPH, MDS_GRAPH_SPARSE);
        mds_result *s = summarize(c, p);
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        size_t ran = 0;
        char msg[128], want[64];
        CU_ASSERT_EQUAL(mds__selector_resolve(i, 0, &ran, msg, sizeof msg), MDS_OK);
        snprintf(want, sizeof want, "\"selector\":\"%s\"", mds__selector_names[ran]);
        char *json = NULL;
        CU_ASSERT_EQUAL(mds_result_render(s, MDS_FORMAT_JSONL, &json, NULL), MDS_OK);
        CU_ASSERT(json && strstr(json, want) != NULL);
        mds_free(json);
        mds_result_free(a);
        mds_result_free(b);
        mds_result_free(r);
        mds_result_free(s);
        mds_params_free(p);
    }
    mds_cluster_free(c);
}

static CU_TestInfo tests[] = {
    {"the table", test_table},
    {"candidate cost", test_cand_cost},
    {"contract: the example", test_contract_example},
    {"contract: every sentence twice", test_contract_copies},
    {"contract: near-duplicates", test_contract_near_duplicates},
    {"contract: one sentence", test_contract_one_sentence},
    {"every selector through the pipeline", test_pipeline_every_selector},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("selector", tests, setup, teardown); }
