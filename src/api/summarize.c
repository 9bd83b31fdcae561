/* The pipeline: clean, segment, featurize, embed, similarity, rank, select, order. Each stage
 * is a module of its own; this file only moves arrays between them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compute/backend.h"
#include "compute/graph.h"
#include "text/clean.h"
#include "util/buf.h"
#include "select/concepts.h"
#include "api/context.h"
#include "select/coverage.h"
#include "embed/hashvec.h"
#include "compute/lexrank.h"
#include "text/segment.h"
#include "select/mmr.h"
#include "select/selector.h"

typedef struct pipeline {
    mds__sent *sents; /* every sentence of every document */
    size_t nsents, cap_sents;
    size_t *kept;     /* indices into sents of sentences that survived cleaning */
    size_t nkept;
    mds__terms *terms;
    mds__terms *cterms; /* the concept selector's: stopwords kept and marked */
    mds__concepts concepts; /* built from cterms, which go once it is */
    uint32_t *doc_of;
    float *X;
    double *scores, *teleport;
    mds__cand *cands;
    size_t *chosen;
    size_t nchosen;
} pipeline;

static void free_cterms(pipeline *p, size_t nterms)
{
    if (p->cterms)
        for (size_t i = 0; i < nterms; i++)
            mds__terms_free(&p->cterms[i]);
    free(p->cterms);
    p->cterms = NULL;
}

static void pipeline_free(pipeline *p, size_t nterms)
{
    free(p->sents);
    free(p->kept);
    if (p->terms)
        for (size_t i = 0; i < nterms; i++)
            mds__terms_free(&p->terms[i]);
    free(p->terms);
    free_cterms(p, nterms);
    mds__concepts_free(&p->concepts);
    free(p->doc_of);
    free(p->X);
    free(p->scores);
    free(p->teleport);
    free(p->cands);
    free(p->chosen);
}

static mds_status segment_all(mds_ctx *ctx, const mds_cluster *c, const mds__strset *abbrevs,
                              pipeline *p)
{
    mds__span *spans = NULL;
    size_t nspans = 0, cap = 0;
    mds_status st = MDS_OK;
    for (size_t d = 0; d < c->ndocs && !st; d++) {
        const mds__doc *doc = &c->docs[d];
        uint32_t index = 0;
        for (size_t k = 0; k < doc->npara && !st; k++) {
            const mds__para *para = &doc->paras[k];
            nspans = 0;
            st = mds__segment(doc->text + para->span.start, para->span.end - para->span.start,
                              para->span.start, abbrevs, &spans, &nspans, &cap);
            if (!st)
                st = mds__grow((void **)&p->sents, &p->cap_sents, p->nsents + nspans,
                               sizeof *p->sents);
            for (size_t i = 0; i < nspans && !st; i++) {
                mds__sent *s = &p->sents[p->nsents++];
                s->doc = (uint32_t)d;
                s->para = (uint32_t)k;
                s->index = index++;
                s->span = spans[i];
                s->words = mds__count_words(doc->text + spans[i].start,
                                            spans[i].end - spans[i].start);
                s->drop = para->drop;
            }
        }
    }
    free(spans);
    if (st)
        return mds__fail(ctx, st, "segmenting: %s", mds_strerror(st));
    return MDS_OK;
}

/* Teleport distribution: uniform, blended with a prior that favours the first sentences of
 * each document (news puts the facts first). */
static void position_prior(const pipeline *p, double weight, double *t)
{
    size_t n = p->nkept;
    double sum = 0;
    uint32_t doc = UINT32_MAX, pos = 0;
    for (size_t i = 0; i < n; i++) {
        const mds__sent *s = &p->sents[p->kept[i]];
        if (s->doc != doc) {
            doc = s->doc;
            pos = 0;
        }
        t[i] = 1.0 / sqrt(1.0 + pos++);
        sum += t[i];
    }
    for (size_t i = 0; i < n; i++)
        t[i] = (1.0 - weight) / (double)n + weight * t[i] / sum;
}

typedef struct doc_key {
    const char *date; /* NULL sorts as "no date": by position only */
    uint32_t doc;
} doc_key;

/* Dated documents first, by date, then the undated; ties by position in the cluster. Dates
 * are ISO-like strings ("1999-07-07 08:30:27"), so byte order is time order. A total order,
 * as qsort needs. */
static int cmp_doc_key(const void *a, const void *b)
{
    const doc_key *x = a, *y = b;
    if (!x->date != !y->date)
        return x->date ? -1 : 1;
    if (x->date) {
        int r = strcmp(x->date, y->date);
        if (r)
            return r;
    }
    return x->doc < y->doc ? -1 : x->doc > y->doc;
}

typedef struct order_key {
    uint64_t key; /* document rank << 32 | sentence index: unique per sentence */
    size_t cand;
} order_key;

static int cmp_order_key(const void *a, const void *b)
{
    uint64_t x = ((const order_key *)a)->key, y = ((const order_key *)b)->key;
    return x < y ? -1 : x > y;
}

/* Source order: document (by date, then position), then sentence position. */
static mds_status sort_source_order(size_t *v, size_t n, const mds_cluster *c, const pipeline *p)
{
    doc_key *docs = malloc((c->ndocs ? c->ndocs : 1) * sizeof *docs);
    uint32_t *rank = malloc((c->ndocs ? c->ndocs : 1) * sizeof *rank);
    order_key *keys = malloc((n ? n : 1) * sizeof *keys);
    mds_status st = MDS_ENOMEM;
    if (!docs || !rank || !keys)
        goto done;
    for (size_t d = 0; d < c->ndocs; d++)
        docs[d] = (doc_key){c->docs[d].date, (uint32_t)d};
    qsort(docs, c->ndocs, sizeof *docs, cmp_doc_key);
    for (size_t r = 0; r < c->ndocs; r++)
        rank[docs[r].doc] = (uint32_t)r;
    for (size_t k = 0; k < n; k++) {
        const mds__sent *s = &p->sents[p->kept[v[k]]];
        keys[k] = (order_key){(uint64_t)rank[s->doc] << 32 | s->index, v[k]};
    }
    qsort(keys, n, sizeof *keys, cmp_order_key);
    for (size_t k = 0; k < n; k++)
        v[k] = keys[k].cand;
    st = MDS_OK;
done:
    free(docs);
    free(rank);
    free(keys);
    return st;
}

typedef struct score_key {
    double score;
    size_t rank, cand; /* rank: position in selection order, for ties */
} score_key;

static int cmp_score_key(const void *a, const void *b)
{
    const score_key *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* Score order: the highest LexRank score first, ties in the order chosen. */
static mds_status sort_score_order(size_t *v, size_t n, const pipeline *p)
{
    score_key *keys = malloc((n ? n : 1) * sizeof *keys);
    if (!keys)
        return MDS_ENOMEM;
    for (size_t k = 0; k < n; k++)
        keys[k] = (score_key){p->scores[v[k]], k, v[k]};
    qsort(keys, n, sizeof *keys, cmp_score_key);
    for (size_t k = 0; k < n; k++)
        v[k] = keys[k].cand;
    free(keys);
    return MDS_OK;
}

static int is_space(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

/* The source bytes of a sentence: [map[start], map[end]) without trailing blanks. */
static void source_range(const mds_cluster *c, const mds__sent *s, uint64_t *off, size_t *len)
{
    const mds__doc *doc = &c->docs[s->doc];
    const mds__source *src = &c->sources[doc->source];
    uint64_t a = doc->map[s->span.start], b = doc->map[s->span.end];
    if (b > src->size)
        b = src->size;
    if (b < a)
        b = a;
    while (b > a && is_space(src->data[b - 1]))
        b--;
    *off = a;
    *len = (size_t)(b - a);
}

/* The graph for n sentences of dimension D under the memory budget: dense when the matrix
 * fits beside the embeddings (or when asked), else sparse, by tiles of as many rows as fit
 * beside the embeddings and the graph. */
static mds_status plan_graph(const mds__params *prm, size_t n, size_t D, mds__graph_opts *go,
                             char *msg, size_t msg_size, mds_param *param)
{
    memset(go, 0, sizeof *go);
    go->mode = prm->lexrank;
    go->threshold = (float)prm->threshold;
    double mib = 1024.0 * 1024.0;
    double x_bytes = (double)n * (double)D * sizeof(float);
    double dense_bytes = (double)n * (double)n * sizeof(float);
    int dense = prm->graph == MDS_GRAPH_DENSE ||
                (prm->graph == MDS_GRAPH_AUTO && x_bytes + dense_bytes <= (double)prm->memory);
    if (dense) {
        if (x_bytes + dense_bytes > (double)prm->memory) {
            snprintf(msg, msg_size, "%zu sentences: the dense similarity matrix needs %.0f MiB "
                     "with the embeddings, over the memory budget of %.0f MiB; raise it "
                     "or use the sparse graph", n, (x_bytes + dense_bytes) / mib,
                     (double)prm->memory / mib);
            *param = MDS_PARAM_MEMORY;
            return MDS_EINVAL;
        }
        return MDS_OK;
    }
    size_t k = mds__graph_neighbors(n, prm->neighbors);
    double fixed = x_bytes + (double)mds__graph_bytes(n, k);
    double row_bytes = (double)n * sizeof(float);
    double rows = ((double)prm->memory - fixed) / row_bytes;
    if (rows < 1.0) {
        snprintf(msg, msg_size, "%zu sentences: the embeddings and a %zu-neighbour graph need "
                 "%.0f MiB, with a one-row tile %.0f MiB, over the memory budget of %.0f MiB; "
                 "raise it or keep fewer neighbours", n, k, fixed / mib,
                 (fixed + row_bytes) / mib, (double)prm->memory / mib);
        *param = MDS_PARAM_MEMORY;
        return MDS_EINVAL;
    }
    go->neighbors = k;
    go->tile_rows = rows > 2048.0 ? 2048 : (size_t)rows; /* BLAS gains nothing past this */
    return MDS_OK;
}

typedef struct row_source {
    const mds__backend *be;
    mds__sim *sim;
    char *msg;
    size_t msg_size;
} row_source;

static mds_status session_row(void *ctx, size_t i, float *row)
{
    row_source *rs = ctx;
    return rs->be->rows(rs->sim, i, 1, row, rs->msg, rs->msg_size);
}

/* The coverage selector on a dense graph: every similarity, from the session's own matrix
 * when it holds one on the host, else asked of `rows` into a copy (a GPU session keeps S on
 * the device). The parts of the diversity term are the documents or k-medoids parts. */
static mds_status select_coverage(const mds__backend *be, mds__sim *sim, const mds__params *prm,
                                  pipeline *p, char *msg, size_t msg_size)
{
    size_t n = p->nkept, nparts = 0;
    const float *S = be->matrix ? be->matrix(sim) : NULL;
    float *copy = NULL;
    double *reward = malloc(n * sizeof *reward);
    uint32_t *part = malloc(n * sizeof *part);
    mds_status st = MDS_ENOMEM;
    if (!reward || !part || (!S && !(copy = malloc(n * n * sizeof *copy))))
        goto oom;
    if (!S) {
        if ((st = be->rows(sim, 0, n, copy, msg, msg_size)))
            goto done;
        S = copy;
    }
    if (prm->partition == MDS_PARTITION_DOCUMENT) {
        for (size_t i = 0; i < n; i++) {
            part[i] = p->doc_of[i];
            if (part[i] + (size_t)1 > nparts)
                nparts = part[i] + (size_t)1;
        }
    } else if ((st = mds__partition_similar(n, S, (size_t)ceil(prm->clusters * (double)n),
                                            part))) {
        goto oom;
    } else {
        nparts = (size_t)ceil(prm->clusters * (double)n);
    }
    mds__coverage_opts co = {prm->unit, prm->budget, prm->saturation, prm->diversity,
                             prm->cost_exponent, prm->duplicate_threshold};
    if ((st = mds__coverage_rewards(n, S, p->scores, prm->reward, reward)) ||
        (st = mds__select_coverage(n, S, prm->reward == MDS_REWARD_CENTRALITY ? p->scores : NULL,
                                   reward, part, nparts, p->cands, &co, p->chosen,
                                   &p->nchosen, NULL)))
        goto oom;
    goto done;
oom: /* the selector's own failures are all out of memory */
    snprintf(msg, msg_size, "out of memory for the coverage selector (%zu sentences)", n);
    st = MDS_ENOMEM;
done:
    free(copy);
    free(reward);
    free(part);
    return st;
}

/* The concept selector on the cluster's concepts (built before the session), asking the
 * session for the rows of the sentences it picks. */
static mds_status select_concepts(const mds__params *prm, pipeline *p, row_source *rs)
{
    mds__concept_opts co = {prm->unit, prm->budget, prm->concept_cost, prm->centrality,
                            prm->duplicate_threshold};
    mds_status st = mds__select_concepts(&p->concepts, p->scores, p->cands, &co, session_row,
                                         rs, p->chosen, &p->nchosen, NULL);
    if (st == MDS_ENOMEM)
        snprintf(rs->msg, rs->msg_size, "out of memory for the concept selector (%zu "
                 "sentences)", p->nkept);
    return st;
}

/* Similarity graph, LexRank and selection on one backend, in one session. The coverage
 * selector needs every similarity: with a sparse graph, MMR selects instead. */
static mds_status similarity_stage(const mds__backend *be, const mds__params *prm,
                                   const mds__graph_opts *go, pipeline *p, size_t D,
                                   mds__sim_stats *ss, int *iterations, char *msg,
                                   size_t msg_size)
{
    size_t n = p->nkept;
    mds__sim *sim = NULL;
    memset(ss, 0, sizeof *ss);
    mds_status st = be->open(prm->device, p->X, n, D, prm->precision, &sim, msg, msg_size);
    if (st)
        return st;
    mds__rank_opts ro = {prm->damping, prm->tolerance, prm->max_iterations};
    mds__select_opts so = {prm->unit, prm->budget, prm->lambda, prm->duplicate_threshold};
    row_source rs = {be, sim, msg, msg_size};
    if (!(st = be->graph(sim, go, msg, msg_size)) &&
        !(st = be->rank(sim, &ro, p->teleport, p->scores, iterations, msg, msg_size)))
        st = prm->selector == MDS__SELECTOR_COVERAGE && go->neighbors == 0
                 ? select_coverage(be, sim, prm, p, msg, msg_size)
             : prm->selector == MDS__SELECTOR_CONCEPTS
                 ? select_concepts(prm, p, &rs)
                 : mds__select(n, p->scores, p->cands, &so, session_row, &rs, p->chosen,
                               &p->nchosen);
    be->stats(sim, ss);
    be->close(sim);
    return st;
}

static mds_status build_result(const mds_cluster *c, const mds__params *prm,
                               const char *lang, const pipeline *p, size_t *order,
                               mds_result **out)
{
    mds_result *r = calloc(1, sizeof *r);
    if (!r)
        return MDS_ENOMEM;
    if (mds__params_init(&r->params, prm) ||
        mds_params_set_string(&r->params, MDS_PARAM_LANG, lang)) {
        mds_result_free(r);
        return MDS_ENOMEM;
    }
    r->n = p->nchosen;
    size_t total = 0;
    for (size_t k = 0; k < p->nchosen; k++) {
        uint64_t off;
        size_t len;
        const mds__sent *s = &p->sents[p->kept[order[k]]];
        const mds__doc *doc = &c->docs[s->doc];
        source_range(c, s, &off, &len);
        total += len + 1 + strlen(c->sources[doc->source].path) + 1 + strlen(doc->id) + 1 +
                 (doc->date ? strlen(doc->date) + 1 : 0);
    }
    r->sents = calloc(p->nchosen ? p->nchosen : 1, sizeof *r->sents);
    r->strings = malloc(total + 1);
    if (!r->sents || !r->strings) {
        mds_result_free(r);
        return MDS_ENOMEM;
    }
    char *w = r->strings;
    for (size_t k = 0; k < p->nchosen; k++) {
        size_t i = order[k];
        const mds__sent *s = &p->sents[p->kept[i]];
        const mds__doc *doc = &c->docs[s->doc];
        const mds__source *src = &c->sources[doc->source];
        mds_sentence *o = &r->sents[k];
        source_range(c, s, &o->offset, &o->length);
        memcpy(w, src->data + o->offset, o->length);
        w[o->length] = '\0';
        o->text = w;
        w += o->length + 1;
        /* The result outlives the cluster: it owns copies of the names. */
        o->doc_path = w;
        w = stpcpy(w, src->path) + 1;
        o->doc_id = w;
        w = stpcpy(w, doc->id) + 1;
        if (doc->date) {
            o->doc_date = w;
            w = stpcpy(w, doc->date) + 1;
        }
        o->doc_index = s->doc;
        o->index = s->index;
        o->words = s->words;
        o->score = p->scores[i];
    }
    *out = r;
    return MDS_OK;
}

mds_status mds_summarize(mds_ctx *ctx, const mds_cluster *c, const mds_params *params,
                         mds_result **out)
{
    *out = NULL;
    mds__params prm;
    mds_param param;
    char msg[512] = "";
    mds_status st = MDS_OK;
    if (params)
        prm = params->v;
    else if ((st = mds__params_default(&prm)))
        return mds__fail(ctx, st, "the parameter table has a default that does not parse");
    if ((st = mds__params_check(&prm, msg, sizeof msg, &param)))
        return mds__fail_param(ctx, st, param, "%s", msg);
    if (!ctx->model)
        return mds__fail(ctx, MDS_EMODEL,
                         "no model: this build has no default model and none was loaded");
    const mds__model *model = ctx->model;
    if (!c || c->ndocs == 0)
        return mds__fail(ctx, MDS_EEMPTY, "the cluster has no documents with text");

    const char *lang = model->lang;
    if (prm.lang) {
        lang = mds__stemmer_name(prm.lang);
        if (!lang)
            return mds__fail_param(ctx, MDS_ELANG, MDS_PARAM_LANG, "language \"%s\" is not "
                                   "known to the Snowball stemmer", prm.lang);
    }
    /* A language other than the model's has no trained idf: the cluster's own statistics. */
    int foreign = strcmp(lang, model->lang) != 0;
    double blend = prm.idf_blend >= 0 ? prm.idf_blend : model->idf_blend;
    if (foreign)
        blend = 1.0;

    pipeline p;
    memset(&p, 0, sizeof p);
    size_t nterms = 0;
    mds__featurizer *feat = NULL;
    const mds__backend *be = NULL;

    /* clean and segment; the paragraph marks of an earlier run on this cluster go first */
    for (size_t d = 0; d < c->ndocs; d++)
        for (size_t k = 0; k < c->docs[d].npara; k++)
            c->docs[d].paras[k].drop = MDS__KEEP;
    if (prm.clean && (st = mds__clean_paragraphs(c->docs, c->ndocs, &model->phrases))) {
        mds__fail(ctx, st, "cleaning: %s", mds_strerror(st));
        goto done;
    }
    if ((st = segment_all(ctx, c, &model->abbrevs, &p)))
        goto done;
    if (prm.clean && (st = mds__clean_sentences(c->docs, p.sents, p.nsents, &model->phrases))) {
        mds__fail(ctx, st, "cleaning: %s", mds_strerror(st));
        goto done;
    }

    /* featurize what survived */
    p.kept = malloc((p.nsents ? p.nsents : 1) * sizeof *p.kept);
    p.terms = calloc(p.nsents ? p.nsents : 1, sizeof *p.terms);
    /* the concept selector's word sequences, stopwords in: one pass gives both */
    if (prm.selector == MDS__SELECTOR_CONCEPTS)
        p.cterms = calloc(p.nsents ? p.nsents : 1, sizeof *p.cterms);
    if (!p.kept || !p.terms || (prm.selector == MDS__SELECTOR_CONCEPTS && !p.cterms)) {
        st = mds__fail(ctx, MDS_ENOMEM, "out of memory");
        goto done;
    }
    if ((st = mds__ctx_featurizer(ctx, lang, &feat)))
        goto done;
    for (size_t i = 0; i < p.nsents; i++) {
        const mds__sent *s = &p.sents[i];
        if (s->drop)
            continue;
        const mds__doc *doc = &c->docs[s->doc];
        mds__terms *t = &p.terms[p.nkept], *ct = p.cterms ? &p.cterms[p.nkept] : NULL;
        const char *text = doc->text + s->span.start;
        size_t len = s->span.end - s->span.start;
        nterms = p.nkept + 1;
        if (ct) {
            if (!(st = mds__features_extract_marked(feat, text, len, ct)))
                st = mds__terms_content(feat, ct, t);
        } else {
            st = mds__features_extract(feat, text, len, t);
        }
        if (st) {
            mds__fail(ctx, st, "featurizing: %s", mds_strerror(st));
            goto done;
        }
        if (t->n == 0) {
            mds__terms_reset(t); /* no content word: cannot be central, cannot be chosen */
            if (ct)
                mds__terms_reset(ct);
            continue;
        }
        p.kept[p.nkept++] = i;
    }
    if (p.nkept == 0) {
        st = mds__fail(ctx, MDS_EEMPTY, "no sentence of prose in %zu document%s", c->ndocs,
                       c->ndocs == 1 ? "" : "s");
        goto done;
    }

    /* embed */
    size_t n = p.nkept, D = model->dim;
    if (n > (size_t)INT32_MAX / 2) {
        st = mds__fail(ctx, MDS_EINVAL, "%zu sentences: more than this version can index", n);
        goto done;
    }
    p.doc_of = malloc(n * sizeof *p.doc_of);
    p.X = n <= SIZE_MAX / sizeof(float) / D ? calloc(n * D, sizeof *p.X) : NULL;
    p.scores = malloc(n * sizeof *p.scores);
    p.teleport = malloc(n * sizeof *p.teleport);
    p.cands = malloc(n * sizeof *p.cands);
    p.chosen = malloc(n * sizeof *p.chosen);
    if (!p.doc_of || !p.X || !p.scores || !p.teleport || !p.cands || !p.chosen) {
        st = mds__fail(ctx, MDS_ENOMEM, "out of memory for %zu sentences", n);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        p.doc_of[i] = p.sents[p.kept[i]].doc;
    /* the concepts do not depend on the backend: built once, and their word lists freed
     * before the similarity stage takes its memory */
    if (p.cterms) {
        st = mds__concepts_build(n, p.cterms, p.doc_of, (unsigned)prm.min_df, &p.concepts);
        free_cterms(&p, nterms);
        if (st) {
            mds__fail(ctx, st, "out of memory for the concepts of %zu sentences", n);
            goto done;
        }
    }
    if ((st = mds__hashvec_embed(model, p.terms, n, p.doc_of, c->ndocs, blend, p.X))) {
        mds__fail(ctx, st, "embedding: %s", mds_strerror(st));
        goto done;
    }
    position_prior(&p, prm.position_prior, p.teleport);
    for (size_t i = 0; i < n; i++) {
        const mds__sent *s = &p.sents[p.kept[i]];
        p.cands[i].words = s->words;
        p.cands[i].bytes = (uint32_t)(s->span.end - s->span.start);
        p.cands[i].eligible = (int)s->words >= prm.min_words &&
                              (prm.max_words == 0 || (int)s->words <= prm.max_words);
    }

    /* similarity, rank, select: on the chosen backend, and on the CPU if that one fails */
    mds__graph_opts go;
    if ((st = plan_graph(&prm, n, D, &go, msg, sizeof msg, &param))) {
        mds__fail_param(ctx, st, param, "%s", msg);
        goto done;
    }
    if ((st = mds__backend_pick(prm.backend, prm.device, n, D, &be, msg, sizeof msg))) {
        mds__fail_param(ctx, st, MDS_PARAM_BACKEND, "%s", msg);
        goto done;
    }
    mds__sim_stats ss;
    int iterations = 0;
    char warning[640] = "";
    st = similarity_stage(be, &prm, &go, &p, D, &ss, &iterations, msg, sizeof msg);
    if (st && be != &mds__backend_cpu) { /* device trouble of any kind: the CPU redoes it */
        snprintf(warning, sizeof warning, "the %s backend failed (%s); the CPU did the work",
                 be->name, msg);
        be = &mds__backend_cpu;
        st = similarity_stage(be, &prm, &go, &p, D, &ss, &iterations, msg, sizeof msg);
    }
    if (st) {
        mds__fail(ctx, st, "%s backend: %s", be->name, msg);
        goto done;
    }
    if ((st = prm.order == MDS_ORDER_SOURCE ? sort_source_order(p.chosen, p.nchosen, c, &p)
                                             : sort_score_order(p.chosen, p.nchosen, &p))) {
        mds__fail(ctx, st, "out of memory");
        goto done;
    }
    if ((st = build_result(c, &prm, lang, &p, p.chosen, out))) {
        mds__fail(ctx, st, "out of memory");
        goto done;
    }
    /* The parameters in effect: the blend, not "the model's"; the backend and graph that
     * ran; MMR where coverage had no dense graph. */
    mds__params *in_effect = &(*out)->params.v;
    in_effect->idf_blend = blend;
    int backend = mds__param_index(MDS_PARAM_BACKEND, be->name);
    if (backend >= 0) /* a stand-in backend of the tests is none of the names */
        in_effect->backend = backend;
    in_effect->graph = go.neighbors > 0 ? MDS_GRAPH_SPARSE : MDS_GRAPH_DENSE;
    if (go.neighbors > 0 && prm.selector == MDS__SELECTOR_COVERAGE)
        in_effect->selector = MDS__SELECTOR_MMR;
    (*out)->stats.documents = c->ndocs;
    (*out)->stats.sentences = p.nsents;
    (*out)->stats.candidates = n;
    (*out)->stats.dimensions = D;
    (*out)->stats.iterations = iterations;
    (*out)->stats.backend = be->name;
    snprintf((*out)->device, sizeof (*out)->device, "%s", ss.device);
    (*out)->stats.device = (*out)->device;
    if (warning[0]) {
        snprintf((*out)->warning, sizeof (*out)->warning, "%s", warning);
        (*out)->stats.warning = (*out)->warning;
    }
    (*out)->stats.sparse = go.neighbors > 0;
    (*out)->stats.edges = ss.edges;
    (*out)->stats.seconds_gram = ss.seconds_gram;
    (*out)->stats.seconds_graph = ss.seconds_graph;
    (*out)->stats.seconds_rank = ss.seconds_rank;
    (*out)->stats.gram_flops = ss.gram_flops;
    (*out)->stats.device_bytes = ss.device_bytes;
done:
    pipeline_free(&p, nterms);
    return st;
}

void mds_result_free(mds_result *r)
{
    if (!r)
        return;
    mds__params_clear(&r->params);
    free(r->sents);
    free(r->strings);
    free(r);
}

const mds_params *mds_result_params(const mds_result *r) { return r ? &r->params : NULL; }

size_t mds_result_count(const mds_result *r) { return r ? r->n : 0; }

const mds_sentence *mds_result_sentence(const mds_result *r, size_t i)
{
    return r && i < r->n ? &r->sents[i] : NULL;
}

void mds_result_stats(const mds_result *r, mds_stats *s)
{
    if (r)
        *s = r->stats;
    else
        memset(s, 0, sizeof *s);
}
