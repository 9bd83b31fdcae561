/* SPDX-License-Identifier: MIT */
/* The pipeline. mds_summarize is the list of its stages (ingest happened when the cluster was
 * read): clean, segment, featurize, plan, prepare, embed, then similarity, rank and select in
 * one backend session, order, emit. Each stage's work is done by a module of its own (text/,
 * embed/, compute/, select/, api/result.c); this file keeps one run's state and moves arrays
 * between them. The cluster is only read: what a run marks (dropped paragraphs and sentences)
 * lives in the run, so several threads may summarize one cluster at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "api/context.h"
#include "api/frontend.h"
#include "api/params.h"
#include "api/report.h"
#include "api/result.h"
#include "compute/backend.h"
#include "compute/lexrank.h"
#include "compute/plan.h"
#include "embed/hashvec.h"
#include "select/order.h"
#include "select/query.h"
#include "select/selector.h"
#include "text/clean.h"
#include "text/lang.h"
#include "text/segment.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/parallel.h"

#define MIB (1024.0 * 1024.0)

/* One run's state, stage by stage. A candidate is a sentence that survived cleaning and has a
 * content word; arrays of n are indexed by candidate. */
typedef struct run {
    mds_ctx *ctx;
    const mds_cluster *c;
    const mds__model *model;
    mds__params prm; /* the parameters in effect, as the result reports them; the stages
                        read theirs here, the selectors theirs in select/ */
    const char *lang;
    int lang_detected;      /* lang: chosen by --lang auto */
    unsigned threads;       /* of the front end (api/frontend.h) */
    mds__seg_rules seg;     /* lang: the splitter's rules for lang */
    mds__strset lang_abbrevs; /* lang: seg's abbreviations when not the model's */
    double blend;
    /* clean, segment */
    uint8_t *para_drop; /* per paragraph of the cluster, in document order */
    mds__sent *sents;   /* every sentence of every document, with its drop mark */
    size_t nsents, cap_sents;
    /* featurize */
    size_t *kept; /* candidate i is sents[kept[i]] */
    size_t nkept;
    mds__terms *terms, *marked; /* marked: for a selector that needs them */
    size_t nterms;              /* entries of terms and marked that may hold memory */
    uint32_t *doc_of;
    mds__cand *cands;
    /* query: with a query that has terms, each candidate's relevance to it; else NULL */
    double *relevance;
    /* plan, prepare */
    mds__graph_opts go; /* the edge rule and the graph's shape */
    mds__plan plan;     /* what the run holds at its peak, and what is left of the budget */
    size_t selector;    /* the one that runs (prm.selector says so once planned) */
    const mds__selector *sel;
    void *prepared;
    /* embed, similarity, rank, select */
    mds__csr A; /* the embeddings' non-zeros */
    float *X;   /* dense, made from A for a backend that takes only that */
    double *teleport, *scores;
    size_t *chosen;
    size_t nchosen;
    const mds__backend *be;
    mds__sim_stats ss;
    int iterations;
    char warning[640];
    char msg[512];
    double seconds[MDS__STAGE_COUNT]; /* each stage's time, for the report */
} run;

static void free_terms(mds__terms **t, size_t n)
{
    if (*t)
        for (size_t i = 0; i < n; i++)
            mds__terms_free(&(*t)[i]);
    mds__free(*t);
    *t = NULL;
}

static void run_free(run *r)
{
    mds__strset_free(&r->lang_abbrevs);
    mds__free(r->para_drop);
    mds__free(r->sents);
    mds__free(r->kept);
    free_terms(&r->terms, r->nterms);
    free_terms(&r->marked, r->nterms);
    mds__free(r->doc_of);
    mds__free(r->cands);
    mds__free(r->relevance);
    if (r->sel && r->sel->release)
        r->sel->release(r->prepared);
    mds__csr_free(&r->A);
    mds__free(r->X);
    mds__free(r->teleport);
    mds__free(r->scores);
    mds__free(r->chosen);
}

/* lang: the run's language: the one asked for, or (auto, the default) the one detected from
 * the documents' script and stopwords; then the splitter's rules for it. The model's own
 * language keeps the model's word lists, so a model's runs are what they were. */
static mds_status run_language(run *r)
{
    const char *want = r->prm.lang;
    const mds__lang *l = NULL;
    mds_status st;
    r->lang = r->model->lang;
    if (!want || strcmp(want, "auto") == 0) {
        size_t n = r->c->ndocs;
        const char **texts = mds__malloc(n * sizeof *texts);
        size_t *lens = mds__malloc(n * sizeof *lens);
        st = texts && lens ? MDS_OK : MDS_ENOMEM;
        for (size_t d = 0; d < n && !st; d++) {
            texts[d] = r->c->docs[d].text;
            lens[d] = r->c->docs[d].text_len;
        }
        if (!st)
            st = mds__lang_detect(texts, lens, n, &l, NULL); /* the verdict alone */
        mds__free(texts);
        mds__free(lens);
        if (st)
            return mds__fail(r->ctx, st, "detecting the language: %s", mds_strerror(st));
        if (l && strcmp(l->name, r->model->lang) != 0)
            r->lang = l->name;
        if (!l)
            l = mds__lang_find(r->model->lang);
        r->lang_detected = 1;
    } else if ((l = mds__lang_find(want))) {
        r->lang = strcmp(l->name, r->model->lang) == 0 ? r->model->lang : l->name;
    } else if (!(r->lang = mds__stemmer_name(want))) {
        char list[512];
        mds__lang_list(list, sizeof list);
        return mds__fail_param(r->ctx, MDS_ELANG, MDS_PARAM_LANG,
                               "language \"%s\" is not known; known are auto, %s, and any "
                               "other language of the Snowball stemmer by name", want, list);
    }
    r->seg.abbrevs = &r->model->abbrevs;
    r->seg.flags = l ? l->seg : 0;
    if (l && strcmp(r->lang, r->model->lang) != 0) {
        if ((st = mds__lang_abbrevs(l, &r->lang_abbrevs)))
            return mds__fail(r->ctx, st, "out of memory");
        r->seg.abbrevs = &r->lang_abbrevs;
    }
    return MDS_OK;
}

/* The parameters checked, the model and language resolved. */
static mds_status run_start(run *r, const mds_params *params)
{
    mds__params *p = &r->prm;
    mds_param param = 0;
    mds_status st = MDS_OK;
    if (params)
        *p = params->v;
    else if ((st = mds__params_default(p)))
        return mds__fail(r->ctx, st, "the parameter table has a default that does not parse");
    if ((st = mds__params_check(p, r->msg, sizeof r->msg, &param)))
        return mds__fail_param(r->ctx, st, param, "%s", r->msg);
    if (!(r->model = r->ctx->model))
        return mds__fail(r->ctx, MDS_EMODEL,
                         "no model: this build has no default model and none was loaded");
    if (!r->c || r->c->ndocs == 0)
        return mds__fail(r->ctx, MDS_EEMPTY, "the cluster has no documents with text");
    if ((st = run_language(r)))
        return st;
    r->threads = mds__threads_for(p->threads, r->c->input_total);
    /* A language other than the model's has no trained idf: the cluster's own statistics. */
    r->blend = p->idf_blend >= 0 ? p->idf_blend : r->model->idf_blend;
    if (strcmp(r->lang, r->model->lang) != 0)
        r->blend = 1.0;
    p->idf_blend = r->blend; /* the blend in effect, not "the model's default" */

    return MDS_OK;
}

/* Marks the paragraphs that are not prose of the story. */
static mds_status stage_clean_paragraphs(run *r)
{
    size_t npara = 0;
    for (size_t d = 0; d < r->c->ndocs; d++)
        npara += r->c->docs[d].npara;
    if (!(r->para_drop = mds__calloc(npara ? npara : 1, 1))) /* all MDS__KEEP */
        return mds__fail(r->ctx, MDS_ENOMEM, "out of memory");
    mds_status st = MDS_OK;
    if (r->prm.clean &&
        (st = mds__clean_paragraphs_threads(r->c->docs, r->c->ndocs, &r->model->phrases,
                                            r->threads, r->para_drop)))
        mds__fail(r->ctx, st, "cleaning: %s", mds_strerror(st));
    return st;
}

/* Every paragraph into sentences; a dropped paragraph's sentences carry its mark. */
static mds_status stage_segment(run *r)
{
    mds_status st = mds__frontend_segment(r->c->docs, r->c->ndocs, r->para_drop, &r->seg,
                                          r->threads, &r->sents, &r->nsents, &r->cap_sents);
    if (st)
        return mds__fail(r->ctx, st, "segmenting: %s", mds_strerror(st));
    return MDS_OK;
}

/* Trims datelines and source tags off the sentences; marks fragments and repeats. */
static mds_status stage_clean_sentences(run *r)
{
    mds_status st = MDS_OK;
    if (r->prm.clean &&
        (st = mds__clean_sentences_threads(r->c->docs, r->sents, r->nsents, &r->model->phrases,
                                           r->threads)))
        mds__fail(r->ctx, st, "cleaning: %s", mds_strerror(st));
    return st;
}

/* The terms of every kept sentence; one with no content word cannot be central and cannot be
 * chosen, so the candidates are those with one. The selector asked for may need the word
 * sequences with stopwords marked: one pass gives both. Then the candidates' arrays, all at
 * once. */
static mds_status stage_featurize(run *r)
{
    size_t cap = r->nsents ? r->nsents : 1;
    int marked = (mds__selector_get((size_t)r->prm.selector)->needs & MDS__NEEDS_MARKED) != 0;
    r->kept = mds__malloc(cap * sizeof *r->kept);
    r->terms = mds__calloc(cap, sizeof *r->terms);
    if (marked)
        r->marked = mds__calloc(cap, sizeof *r->marked);
    if (!r->kept || !r->terms || (marked && !r->marked))
        return mds__fail(r->ctx, MDS_ENOMEM, "out of memory");
    mds__featurizer *feat = NULL;
    mds_status st = mds__ctx_featurizer(r->ctx, r->lang, &feat);
    if (st)
        return st;
    r->nterms = r->nsents;
    if ((st = mds__frontend_featurize(feat, r->c->docs, r->sents, r->nsents, r->threads,
                                      r->terms, r->marked, r->kept, &r->nkept)))
        return mds__fail(r->ctx, st, "featurizing: %s", mds_strerror(st));
    size_t n = r->nkept;
    if (n == 0)
        return mds__fail(r->ctx, MDS_EEMPTY, "no sentence of prose in %zu document%s",
                         r->c->ndocs, r->c->ndocs == 1 ? "" : "s");
    if (n > (size_t)INT32_MAX / 2)
        return mds__fail(r->ctx, MDS_EINVAL, "%zu sentences: more than this version can index",
                         n);
    return MDS_OK;
}

/* The query's terms, and each candidate's relevance to them (select/query.h), while the
 * terms are at hand: nothing without a query, or with one that has no term, so that the
 * summary is then the generic one. */
static mds_status stage_query(run *r)
{
    const mds_cluster *c = r->c;
    if (!c->query_len)
        return MDS_OK;
    mds__featurizer *feat = NULL;
    mds_status st = mds__ctx_featurizer(r->ctx, r->lang, &feat);
    if (st)
        return st;
    mds__query q;
    size_t n = r->nkept;
    st = mds__query_parse(feat, strcmp(r->lang, "english") == 0, c->query, c->query_len,
                          r->prm.query_title, &q);
    if (!st && q.terms.n) {
        if (!(r->relevance = mds__malloc(n * sizeof *r->relevance)))
            st = MDS_ENOMEM;
        if (!st)
            st = mds__query_relevance(&q, r->terms, n, r->relevance);
        if (!st && r->prm.query_expand > 0 &&
            !(st = mds__query_expand(&q, r->terms, n, r->relevance, MDS__QUERY_FEEDBACK,
                                     r->prm.query_expand)))
            st = mds__query_relevance(&q, r->terms, n, r->relevance);
    }
    mds__query_free(&q);
    if (st)
        return mds__fail(r->ctx, st, "reading the query: %s", mds_strerror(st));
    return MDS_OK;
}

/* The candidates' arrays, all at once, once the plan says they fit. */
static mds_status stage_candidates(run *r)
{
    size_t n = r->nkept;
    r->doc_of = mds__malloc(n * sizeof *r->doc_of);
    r->scores = mds__malloc(n * sizeof *r->scores);
    r->teleport = mds__malloc(n * sizeof *r->teleport);
    r->cands = mds__malloc(n * sizeof *r->cands);
    r->chosen = mds__malloc(n * sizeof *r->chosen);
    if (!r->doc_of || !r->scores || !r->teleport || !r->cands || !r->chosen)
        return mds__fail(r->ctx, MDS_ENOMEM, "out of memory for %zu sentences", n);
    for (size_t i = 0; i < n; i++) {
        const mds__sent *s = &r->sents[r->kept[i]];
        r->doc_of[i] = s->doc;
        /* what text output prints of it, not its normalized span: an entity, markup or a
         * soft hyphen is longer in the source, and markup inside a sentence is printed as
         * words of it (mds_budget_unit) */
        mds__printed pr;
        if (mds__result_printed(r->c, s, &pr))
            return mds__fail(r->ctx, MDS_ENOMEM, "out of memory for %zu sentences", n);
        r->cands[i].words = pr.words < UINT32_MAX ? (uint32_t)pr.words : UINT32_MAX;
        r->cands[i].bytes = pr.bytes < UINT32_MAX ? (uint32_t)pr.bytes : UINT32_MAX;
        /* the length limits judge the prose, the words of its normalized text */
        r->cands[i].eligible = (int)s->words >= r->prm.min_words &&
                               (r->prm.max_words == 0 || (int)s->words <= r->prm.max_words);
    }
    return MDS_OK;
}

/* Per candidate, what the run holds from the plan on besides the embeddings and the graph:
 * its own arrays for good, and at each stage's peak the embedding's, the walk's, the
 * selector's or the order's scratch, whichever is largest. A selector that needs the matrix
 * may hand over to its fallback, so both are counted. */
static size_t cand_bytes(const run *r)
{
    const mds__selector *sel = mds__selector_get((size_t)r->prm.selector);
    size_t own = sizeof *r->doc_of + sizeof *r->scores + sizeof *r->teleport +
                 sizeof *r->cands + sizeof *r->chosen + (r->relevance ? sizeof(double) : 0);
    size_t most = MDS__HASHVEC_CAND_BYTES;
    most = MDS__LEXRANK_NODE_BYTES > most ? MDS__LEXRANK_NODE_BYTES : most;
    most = MDS__ORDER_CAND_BYTES > most ? MDS__ORDER_CAND_BYTES : most;
    most = sel->cand_bytes > most ? sel->cand_bytes : most;
    int f = sel->fallback ? mds__selector_find(sel->fallback) : -1;
    if (f >= 0 && mds__selector_get((size_t)f)->cand_bytes > most)
        most = mds__selector_get((size_t)f)->cand_bytes;
    return own + most;
}

/* The plan of the run's memory, before any array that grows with the candidates is
 * allocated: the graph that fits the budget beside the rest, and the selector that runs on
 * it. */
static mds_status stage_plan(run *r)
{
    const mds__params *p = &r->prm;
    r->go = (mds__graph_opts){.mode = (mds_lexrank_mode)p->lexrank,
                              .threshold = (float)p->threshold};
    mds__plan_in in = {
        .n = r->nkept,
        .d = r->model->dim,
        .kind = (mds_graph_kind)p->graph,
        .neighbors = p->neighbors,
        .memory = p->memory,
        /* the CPU keeps a rounded copy of the embeddings below FP32 */
        .copies = p->precision == MDS_PRECISION_FP32 ? 1 : 2,
        .per_cand = cand_bytes(r),
        .fixed = mds__hashvec_scratch_bytes(r->model, r->c->ndocs),
    };
    mds_status st = mds__plan_run(&in, &r->go, &r->plan, r->msg, sizeof r->msg);
    if (st)
        return mds__fail_param(r->ctx, st, MDS_PARAM_MEMORY, "%s", r->msg);
    if ((st = mds__selector_resolve((size_t)p->selector, r->go.neighbors == 0, &r->selector,
                                    r->msg, sizeof r->msg)))
        return mds__fail_param(r->ctx, st, MDS_PARAM_SELECTOR, "%s", r->msg);
    r->sel = mds__selector_get(r->selector);
    r->prm.selector = (int)r->selector;
    if (r->sel->prepare) /* the tiles take what the prepare step leaves (stage_prepare) */
        mds__plan_one_row(&r->plan, &r->go);
    return MDS_OK;
}

/* The selector's own step over the candidates (a concept table), once, before the session
 * takes its memory; the marked word sequences go once it is done. */
static mds_status stage_prepare(run *r)
{
    mds_status st = MDS_OK;
    if (r->sel->prepare) {
        /* what the plan left; 1 byte when nothing (0 would mean no limit) */
        mds__prepare_in in = {r->nkept, r->marked, r->doc_of, &r->prm,
                              r->plan.left ? r->plan.left : 1, r->relevance};
        st = r->sel->prepare(&in, &r->prepared);
        if (st == MDS_EINVAL)
            mds__fail_param(r->ctx, st, MDS_PARAM_MEMORY, "%zu sentences: the %s selector's "
                            "table needs more than the %.0f MiB the memory budget of %.0f MiB "
                            "leaves beside the rest of the run (%.0f MiB); raise the budget",
                            r->nkept, r->sel->name, (double)r->plan.left / MIB,
                            (double)r->prm.memory / MIB, (double)r->plan.total / MIB);
        else if (st)
            mds__fail(r->ctx, st, "preparing the %s selector for %zu sentences: %s",
                      r->sel->name, r->nkept, mds_strerror(st));
        else
            mds__plan_tiles(&r->plan, r->sel->state_bytes(r->prepared), &r->go);
    }
    free_terms(&r->marked, r->nterms);
    return st;
}

/* A unit vector per candidate, as its non-zeros (a few dozen of D); the terms go once they
 * are embedded. */
static mds_status stage_embed(run *r)
{
    size_t n = r->nkept;
    mds_status st = mds__hashvec_embed_csr(r->model, r->terms, n, r->doc_of, r->c->ndocs,
                                           r->blend, r->threads, &r->A);
    if (st == MDS_ENOMEM)
        return mds__fail(r->ctx, st, "out of memory for %zu sentences", n);
    if (st)
        return mds__fail(r->ctx, st, "embedding: %s", mds_strerror(st));
    free_terms(&r->terms, r->nterms);
    return MDS_OK;
}

/* The session over the embeddings: their non-zeros where the backend takes them (the CPU
 * makes the dense X only for BLAS), else X made dense here, once. */
static mds_status open_session(run *r, mds__session *s)
{
    mds_precision prec = (mds_precision)r->prm.precision;
    if (s->be->open_csr)
        return s->be->open_csr(r->prm.device, &r->A, prec, &s->sim, s->msg, s->msg_size);
    size_t n = r->nkept, D = r->model->dim;
    if (!r->X) {
        r->X = n <= SIZE_MAX / sizeof(float) / D ? mds__malloc((n ? n * D : 1) * sizeof *r->X)
                                                 : NULL;
        if (!r->X) {
            snprintf(s->msg, s->msg_size, "out of memory for %zu x %zu embeddings", n, D);
            return MDS_ENOMEM;
        }
        mds__csr_dense(&r->A, r->X);
    }
    return s->be->open(r->prm.device, r->X, n, D, prec, &s->sim, s->msg, s->msg_size);
}

static mds_status stage_similarity(run *r, mds__session *s)
{
    mds_status st = open_session(r, s);
    if (!st)
        st = s->be->graph(s->sim, &r->go, s->msg, s->msg_size);
    return st;
}

/* LexRank, teleporting by position in the document, and with a query by relevance to it
 * (Otterbacher, Erkan and Radev 2005). */
static mds_status stage_rank(run *r, mds__session *s)
{
    const mds__params *p = &r->prm;
    mds__rank_opts ro = {p->damping, p->tolerance, p->max_iterations};
    mds__position_prior(r->nkept, r->doc_of, p->position_prior, r->teleport);
    if (r->relevance)
        mds__relevance_prior(r->nkept, r->relevance, p->query_teleport, r->teleport);
    return s->be->rank(s->sim, &ro, r->teleport, r->scores, &r->iterations, s->msg,
                       s->msg_size);
}

/* The selector over the session (select/selector.c hands it the rows or the matrix). */
static mds_status stage_select(run *r, mds__session *s)
{
    mds__selection in = {
        .n = r->nkept,
        .scores = r->scores,
        .cands = r->cands,
        .doc_of = r->doc_of,
        .unit = (mds_budget_unit)r->prm.unit,
        .budget = r->prm.budget,
        .duplicate_threshold = r->prm.duplicate_threshold,
        .prepared = r->prepared,
        .relevance = r->relevance,
        .params = &r->prm,
        .memory = mds__plan_select_room(&r->plan) ? mds__plan_select_room(&r->plan) : 1,
    };
    return mds__selector_run(r->sel, s, &in, r->chosen, &r->nchosen);
}

static mds_status on_backend(run *r, const mds__backend *be)
{
    mds__session s = {be, NULL, r->msg, sizeof r->msg};
    memset(&r->ss, 0, sizeof r->ss);
    mds_status st = stage_similarity(r, &s);
    if (!st)
        st = stage_rank(r, &s);
    if (!st)
        st = stage_select(r, &s);
    if (s.sim) {
        be->stats(s.sim, &r->ss);
        be->close(s.sim);
    }
    return st;
}

/* Similarity, rank and select on the chosen backend, and on the CPU if that one fails. */
static mds_status stage_session(run *r)
{
    const mds__backend *be = NULL;
    mds_status st = mds__backend_pick((mds_backend_kind)r->prm.backend, r->prm.device, r->nkept, r->model->dim, &be,
                                      r->msg, sizeof r->msg);
    if (st)
        return mds__fail_param(r->ctx, st, MDS_PARAM_BACKEND, "%s", r->msg);
    st = on_backend(r, be);
    if (st && be != &mds__backend_cpu) { /* device trouble of any kind: the CPU redoes it */
        snprintf(r->warning, sizeof r->warning, "the %s backend failed (%s); the CPU did the "
                 "work", be->name, r->msg);
        be = &mds__backend_cpu;
        st = on_backend(r, be);
    }
    r->be = be;
    if (st)
        return mds__fail(r->ctx, st, "%s backend: %s", be->name, r->msg);
    return MDS_OK;
}

static mds_status stage_order(run *r)
{
    mds_status st = r->prm.order == MDS_ORDER_SOURCE
                        ? mds__order_source(r->chosen, r->nchosen, r->c->docs, r->c->ndocs,
                                            r->sents, r->kept)
                        : mds__order_score(r->chosen, r->nchosen, r->scores);
    if (st)
        mds__fail(r->ctx, st, "out of memory");
    return st;
}

static mds_status stage_emit(run *r, mds_result **out)
{
    mds_status st = mds__result_new(r->c, r->sents, r->kept, r->scores, r->chosen, r->nchosen,
                                    out);
    if (st)
        return mds__fail(r->ctx, st, "out of memory");
    for (size_t k = 0; k < r->nchosen && r->relevance; k++)
        (*out)->sents[k].relevance = r->relevance[r->chosen[k]];
    if (r->c->query_len && !((*out)->query = mds__strdup(r->c->query))) {
        mds_result_free(*out);
        *out = NULL;
        return mds__fail(r->ctx, MDS_ENOMEM, "out of memory");
    }
    mds_stats stats = {
        .documents = r->c->ndocs,
        .sentences = r->nsents,
        .candidates = r->nkept,
        .dimensions = r->model->dim,
        .iterations = r->iterations,
        .backend = r->be->name,
        .device = r->ss.device,
        .warning = r->warning[0] ? r->warning : NULL,
        .sparse = r->go.neighbors > 0,
        .edges = r->ss.edges,
        .seconds_gram = r->ss.seconds_gram,
        .seconds_graph = r->ss.seconds_graph,
        .seconds_rank = r->ss.seconds_rank,
        .gram_flops = r->ss.gram_flops,
        .device_bytes = r->ss.device_bytes,
        .lang_detected = r->lang_detected,
    };
    /* the backend and graph that ran, beside the blend and selector in effect */
    int backend = mds__param_index(MDS_PARAM_BACKEND, r->be->name);
    if (backend >= 0) /* a stand-in backend of the tests is none of the names */
        r->prm.backend = backend;
    r->prm.graph = r->go.neighbors > 0 ? MDS_GRAPH_SPARSE : MDS_GRAPH_DENSE;
    if ((st = mds__result_describe(*out, &r->prm, r->lang, &stats)) ||
        (r->prm.report &&
         (st = mds__report_new(r->c, r->sents, r->nsents, r->para_drop, r->kept, r->nkept,
                               r->scores, r->chosen, r->nchosen, r->seconds,
                               &(*out)->report)))) {
        mds_result_free(*out);
        *out = NULL;
        return mds__fail(r->ctx, st, "out of memory");
    }
    return MDS_OK;
}

/* Runs a stage when the run is still on (st is MDS_OK), adding its time to stage k's. */
static mds_status timed(run *r, mds_status st, int k, mds_status (*stage)(run *))
{
    if (st)
        return st;
    double t = mds__now();
    st = stage(r);
    r->seconds[k] += mds__now() - t;
    return st;
}

void mds_last_counts(const mds_ctx *ctx, size_t *documents, size_t *sentences,
                     size_t *candidates)
{
    if (documents)
        *documents = ctx ? ctx->last_documents : 0;
    if (sentences)
        *sentences = ctx ? ctx->last_sentences : 0;
    if (candidates)
        *candidates = ctx ? ctx->last_candidates : 0;
}

mds_status mds_summarize(mds_ctx *ctx, const mds_cluster *c, const mds_params *params,
                         mds_result **out)
{
    if (!out)
        return mds__fail(ctx, MDS_EINVAL, "nowhere to put the result (a NULL pointer)");
    *out = NULL;
    if (!ctx)
        return MDS_EINVAL;
    ctx->last_documents = ctx->last_sentences = ctx->last_candidates = 0;
    if (!c)
        return mds__fail(ctx, MDS_EINVAL, "no cluster given (NULL)");
    run r;
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    r.c = c;
    ctx->last_documents = c->ndocs;
    mds_status st = run_start(&r, params);
    st = timed(&r, st, MDS__STAGE_CLEAN, stage_clean_paragraphs);
    st = timed(&r, st, MDS__STAGE_SEGMENT, stage_segment);
    st = timed(&r, st, MDS__STAGE_CLEAN, stage_clean_sentences);
    st = timed(&r, st, MDS__STAGE_FEATURIZE, stage_featurize);
    st = timed(&r, st, MDS__STAGE_FEATURIZE, stage_query);
    st = timed(&r, st, MDS__STAGE_PLAN, stage_plan);
    st = timed(&r, st, MDS__STAGE_PLAN, stage_candidates);
    st = timed(&r, st, MDS__STAGE_PREPARE, stage_prepare);
    st = timed(&r, st, MDS__STAGE_EMBED, stage_embed);
    st = timed(&r, st, MDS__STAGE_SESSION, stage_session);
    st = timed(&r, st, MDS__STAGE_ORDER, stage_order);
    if (!st)
        st = stage_emit(&r, out);
    ctx->last_sentences = r.nsents;
    ctx->last_candidates = r.nkept;
    run_free(&r);
    return st;
}
