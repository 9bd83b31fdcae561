/* Emit: a result as text (one sentence a line), JSON or JSONL. */
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "api/context.h"

/* Text output reads as prose: runs of whitespace (hard wraps included) and no-break spaces
 * become one space. */
static mds_status put_collapsed(mds__buf *b, const char *s, size_t n)
{
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            ws = 1;
            i++;
        }
        if (ws) {
            space = 1;
            continue;
        }
        if (space && b->len && b->data[b->len - 1] != '\n') {
            mds_status st = mds__buf_putc(b, ' ');
            if (st)
                return st;
        }
        space = 0;
        mds_status st = mds__buf_putc(b, (char)c);
        if (st)
            return st;
    }
    return MDS_OK;
}

static const char *precision_name(mds_precision p)
{
    return p == MDS_PRECISION_TF32 ? "tf32" : p == MDS_PRECISION_FP16 ? "fp16" : "fp32";
}

static const char *selector_name(mds_selector s)
{
    return s == MDS_SELECTOR_COVERAGE ? "coverage" : s == MDS_SELECTOR_CONCEPTS ? "concepts" : "mmr";
}

static const char *budget_unit_name(mds_budget_unit u)
{
    return u == MDS_BUDGET_BYTES ? "bytes" : u == MDS_BUDGET_SENTENCES ? "sentences" : "words";
}

static mds_status render_json(const mds_result *r, int pretty, mds__buf *b)
{
    const char *nl = pretty ? "\n" : "", *in1 = pretty ? "  " : "", *in2 = pretty ? "    " : "";
    const char *sp = pretty ? " " : "";
    const mds_params *p = &r->params;
    mds_status st = mds__buf_printf(b, "{%s%s\"version\":%s\"%s\",%s%s\"sentences\":%s[", nl, in1,
                                    sp, mds_version(), nl, in1, sp);
    for (size_t i = 0; i < r->n && !st; i++) {
        const mds_sentence *s = &r->sents[i];
        st = mds__buf_printf(b, "%s%s%s{\"document\":%s", i ? "," : "", nl, in2, sp);
        if (!st)
            st = mds__buf_json_string(b, s->doc_path, strlen(s->doc_path));
        if (!st)
            st = mds__buf_printf(b, ",%s\"doc_id\":%s", sp, sp);
        if (!st)
            st = mds__buf_json_string(b, s->doc_id, strlen(s->doc_id));
        if (!st && s->doc_date) {
            st = mds__buf_printf(b, ",%s\"date\":%s", sp, sp);
            if (!st)
                st = mds__buf_json_string(b, s->doc_date, strlen(s->doc_date));
        }
        if (!st)
            st = mds__buf_printf(b,
                                 ",%s\"doc_index\":%s%zu,%s\"sentence\":%s%zu,%s\"offset\":%s%llu,"
                                 "%s\"length\":%s%zu,%s\"words\":%s%zu,%s\"score\":%s%.6f,%s"
                                 "\"text\":%s",
                                 sp, sp, s->doc_index, sp, sp, s->index, sp, sp,
                                 (unsigned long long)s->offset, sp, sp, s->length, sp, sp, s->words,
                                 sp, sp, s->score, sp, sp);
        if (!st)
            st = mds__buf_json_string(b, s->text, s->length);
        if (!st)
            st = mds__buf_putc(b, '}');
    }
    if (st)
        return st;
    st = mds__buf_printf(
        b,
        "%s%s],%s%s\"parameters\":%s{\"budget\":%s%zu,%s\"unit\":%s\"%s\",%s\"order\":%s\"%s\",%s"
        "\"lang\":%s\"%s\",%s\"lexrank\":%s\"%s\",%s\"threshold\":%s%g,%s\"damping\":%s%g,%s"
        "\"tolerance\":%s%g,%s\"position_prior\":%s%g,%s\"selector\":%s\"%s\",%s"
        "\"lambda\":%s%g,%s\"saturation\":%s%g,%s\"diversity\":%s%g,%s"
        "\"cost_exponent\":%s%g,%s\"partition\":%s\"%s\",%s\"clusters\":%s%g,%s"
        "\"reward\":%s\"%s\",%s\"min_df\":%s%d,%s\"centrality\":%s%g,%s"
        "\"concept_cost\":%s%g,%s"
        "\"duplicate_threshold\":%s%g,%s\"min_words\":%s%d,%s\"max_words\":%s%d,%s"
        "\"idf_blend\":%s%g,%s\"clean\":%s%s,%s\"backend\":%s\"%s\",%s\"graph\":%s\"%s\",%s"
        "\"neighbors\":%s%zu,%s\"memory\":%s%zu,%s\"precision\":%s\"%s\"},%s",
        nl, in1, nl, in1, sp, sp, p->budget, sp, sp, budget_unit_name(p->budget_unit), sp, sp,
        p->order == MDS_ORDER_SCORE ? "score" : "source", sp, sp, r->lang, sp, sp,
        p->mode == MDS_LEXRANK_THRESHOLD ? "threshold" : "continuous", sp, sp, p->threshold, sp,
        sp, p->damping, sp, sp, p->tolerance, sp, sp, p->position_prior, sp, sp,
        selector_name(p->selector), sp, sp, p->lambda, sp, sp,
        p->saturation, sp, sp, p->diversity, sp, sp, p->cost_exponent, sp, sp,
        p->partition == MDS_PARTITION_DOCUMENT ? "document" : "similarity", sp, sp,
        p->clusters, sp, sp, p->reward == MDS_REWARD_CENTRALITY ? "centrality" : "similarity",
        sp, sp, p->min_df, sp, sp, p->centrality, sp, sp, p->concept_cost, sp, sp,
        p->duplicate_threshold, sp, sp, p->min_words, sp, sp, p->max_words, sp, sp, p->idf_blend,
        sp, sp, p->clean ? "true" : "false", sp, sp, r->stats.backend ? r->stats.backend : "",
        sp, sp, r->stats.sparse ? "sparse" : "dense", sp, sp, p->neighbors, sp, sp, p->memory, sp,
        sp, precision_name(p->precision), nl);
    const mds_stats *t = &r->stats;
    if (!st)
        st = mds__buf_printf(
            b,
            "%s\"stats\":%s{\"documents\":%s%zu,%s\"sentences\":%s%zu,%s\"candidates\":%s%zu,%s"
            "\"dimensions\":%s%zu,%s\"iterations\":%s%d,%s\"device\":%s",
            in1, sp, sp, t->documents, sp, sp, t->sentences, sp, sp, t->candidates, sp, sp,
            t->dimensions, sp, sp, t->iterations, sp, sp);
    if (!st)
        st = mds__buf_json_string(b, t->device ? t->device : "", t->device ? strlen(t->device)
                                                                           : 0);
    if (!st)
        st = mds__buf_printf(
            b,
            ",%s\"edges\":%s%zu,%s\"seconds_gram\":%s%.6f,%s\"seconds_graph\":%s%.6f,%s"
            "\"seconds_rank\":%s%.6f,%s\"gram_flops\":%s%.0f,%s\"device_bytes\":%s%zu",
            sp, sp, t->edges, sp, sp, t->seconds_gram, sp, sp, t->seconds_graph, sp, sp,
            t->seconds_rank, sp, sp, t->gram_flops, sp, sp, t->device_bytes);
    if (!st && t->warning) {
        st = mds__buf_printf(b, ",%s\"warning\":%s", sp, sp);
        if (!st)
            st = mds__buf_json_string(b, t->warning, strlen(t->warning));
    }
    if (!st)
        st = mds__buf_printf(b, "}%s}\n", nl);
    return st;
}

mds_status mds_result_render(const mds_result *r, mds_format format, char **out, size_t *size)
{
    *out = NULL;
    if (size)
        *size = 0;
    if (!r)
        return MDS_EINVAL;
    mds__buf b = {0};
    mds_status st = MDS_OK;
    switch (format) {
    case MDS_FORMAT_TEXT:
        for (size_t i = 0; i < r->n && !st; i++) {
            st = put_collapsed(&b, r->sents[i].text, r->sents[i].length);
            if (!st)
                st = mds__buf_putc(&b, '\n');
        }
        break;
    case MDS_FORMAT_JSON:
    case MDS_FORMAT_JSONL:
        st = render_json(r, format == MDS_FORMAT_JSON, &b);
        break;
    default:
        st = MDS_EINVAL;
    }
    if (st) {
        mds__buf_free(&b);
        return st;
    }
    *out = mds__buf_steal(&b, size);
    return *out ? MDS_OK : MDS_ENOMEM;
}
