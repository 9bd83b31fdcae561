/* SPDX-License-Identifier: MIT */
/* The HTML report (render_html.h). Writes through a small sink that keeps the first failure,
 * so the page reads top to bottom as the HTML it makes. */
#include <stdio.h>
#include <string.h>

#include "api/context.h"
#include "api/render_html.h"
#include "api/report.h"
#include "api/result.h"

mds_status mds__html_escape(mds__buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    mds_status st = MDS_OK;
    size_t i = 0;
    while (i < n && !st) {
        unsigned char c = u[i];
        size_t run = i;
        /* the longest run that needs no change, copied at once */
        while (run < n && u[run] >= 0x20 && u[run] < 0x7F && u[run] != '&' && u[run] != '<' &&
               u[run] != '>' && u[run] != '"' && u[run] != '\'')
            run++;
        if (run > i) {
            st = mds__buf_append(b, s + i, run - i);
            i = run;
            continue;
        }
        const char *rep = NULL;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case '\t': case '\n': case '\r': case '\f': rep = " "; break;
        }
        if (rep) {
            st = mds__buf_append(b, rep, strlen(rep));
            i++;
            continue;
        }
        if (c < 0x80) { /* the other C0 controls and DEL */
            i++;
            continue;
        }
        size_t len = mds__utf8_len(u + i, n - i);
        if (len == 0)
            st = mds__buf_append(b, "\xEF\xBF\xBD", 3);
        else if (!(c == 0xC2 && u[i + 1] < 0xA0)) /* U+0080 to U+009F: C1 controls */
            st = mds__buf_append(b, s + i, len);
        i += len ? len : 1;
    }
    return st;
}

typedef struct sink {
    mds__buf *b;
    mds_status st;
} sink;

static void put(sink *o, const char *s)
{
    if (!o->st)
        o->st = mds__buf_append(o->b, s, strlen(s));
}

/* printf into the page, for numbers and fixed markup; text goes through esc */
#define putf(o, ...)                                                                          \
    ((o)->st ? (void)0 : (void)((o)->st = mds__buf_printf((o)->b, __VA_ARGS__)))

static void esc(sink *o, const char *s, size_t n)
{
    if (!o->st)
        o->st = mds__html_escape(o->b, s, n);
}

static void escs(sink *o, const char *s) { esc(o, s, s ? strlen(s) : 0); }

/* A score as a bar, its length against the run's highest score. */
static void bar(sink *o, double score, double max)
{
    double w = max > 0 && score > 0 ? 100.0 * score / max : 0;
    putf(o, "<span class=\"bar\" title=\"score %.3f\"><i style=\"width:%.1f%%\"></i></span>",
         score, w > 100 ? 100 : w);
}

static const char STYLE[] =
    ":root{--hl:#fff0a0;--bar:#3f6fc4;--line:#e2e4e8}"
    "body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1c1e21;"
    "background:#fff;max-width:60rem;margin:0 auto;padding:1rem 1.5rem 3rem}"
    "h1{font-size:1.45rem;margin:.6rem 0 .2rem}"
    "h2{font-size:1.15rem;border-bottom:1px solid var(--line);padding-bottom:.2rem;"
    "margin:2rem 0 .6rem}"
    "h3{font-size:1rem;margin:0}"
    ".meta,.from,.legend{color:#5b6170;font-size:.85rem}"
    ".legend span{margin-right:1rem}"
    ".legend .chosen{background:var(--hl);padding:0 .3rem}"
    ".legend .drop{opacity:.45}"
    "ol.summary{padding-left:1.6rem}"
    "ol.summary li{margin:.55rem 0}"
    "ol.summary a.sentence{color:inherit;text-decoration:none;background:var(--hl);"
    "padding:0 .1rem}"
    "ol.summary a.sentence:hover{text-decoration:underline}"
    ".from{display:block}"
    ".from a{color:#3f5f9f}"
    ".bar{display:inline-block;flex:none;width:4.5rem;height:.5rem;background:var(--line);"
    "border-radius:2px;margin-top:.45rem}"
    ".from .bar{margin:0 .4rem 0 0;vertical-align:middle}"
    ".bar i{display:block;height:100%;background:var(--bar);border-radius:2px}"
    "nav.docs ol{columns:2;font-size:.9rem;padding-left:1.6rem}"
    ".doc{border:1px solid var(--line);border-radius:6px;padding:.6rem 1rem;margin:1rem 0}"
    ".headline{font-style:italic;margin:.3rem 0}"
    ".p{margin:.55rem 0}"
    ".s{display:flex;align-items:flex-start;gap:.5rem;padding:.05rem .25rem;border-radius:3px}"
    ".s .t{flex:1}"
    ".s.chosen{background:var(--hl)}"
    ".s.drop,.s.cut,.s.unranked{opacity:.45}"
    ".s:target{outline:2px solid #d08a00}"
    ".tag{flex:none;font-size:.72rem;color:#3d4250;border:1px solid #b9bec9;border-radius:3px;"
    "padding:0 .3rem;margin-top:.2rem;white-space:nowrap;text-decoration:none}"
    "a.tag{border-color:#d08a00;color:#8a5a00}"
    "table{border-collapse:collapse;font-size:.88rem;margin:.4rem 0}"
    "td,th{padding:.12rem .7rem .12rem 0;text-align:left;border-bottom:1px solid var(--line);"
    "vertical-align:top}"
    "td.num{text-align:right;font-variant-numeric:tabular-nums}"
    ".warning{border-left:3px solid #c44;padding-left:.6rem}";

static void head(sink *o, const mds_result *r)
{
    put(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    putf(o, "<meta name=\"generator\" content=\"mds %s\">\n", mds_version());
    putf(o, "<title>Summary of %zu document%s (mds)</title>\n<style>", r->stats.documents,
         r->stats.documents == 1 ? "" : "s");
    put(o, STYLE);
    put(o, "</style>\n</head>\n<body>\n");
}

static void summary(sink *o, const mds_result *r)
{
    const mds_stats *t = &r->stats;
    const mds__report *rep = r->report;
    double max = 0;
    for (size_t i = 0; i < r->n; i++)
        max = r->sents[i].score > max ? r->sents[i].score : max;
    if (rep && rep->max_score > max)
        max = rep->max_score;
    putf(o, "<header>\n<h1>Summary</h1>\n<p class=\"meta\">%zu sentence%s chosen from %zu "
            "document%s (%zu sentences, %zu candidates after cleaning) by mds %s</p>\n"
            "</header>\n",
         r->n, r->n == 1 ? "" : "s", t->documents, t->documents == 1 ? "" : "s", t->sentences,
         t->candidates, mds_version());
    put(o, "<section id=\"summary\">\n<ol class=\"summary\">\n");
    mds__buf text = {0};
    for (size_t i = 0; i < r->n && !o->st; i++) {
        const mds_sentence *s = &r->sents[i];
        text.len = 0;
        if ((o->st = mds__text_collapse(s->text, s->length, &text, NULL)))
            break;
        putf(o, "<li id=\"sum%zu\">", i + 1);
        if (rep)
            putf(o, "<a class=\"sentence\" href=\"#d%zu-s%zu\">", s->doc_index, s->index);
        else
            put(o, "<span class=\"sentence\">");
        esc(o, text.data ? text.data : "", text.len);
        put(o, rep ? "</a>" : "</span>");
        put(o, "<span class=\"from\">");
        bar(o, s->score, max);
        putf(o, "score %.3f &middot; ", s->score);
        if (rep)
            putf(o, "<a href=\"#d%zu\">", s->doc_index);
        escs(o, s->doc_id);
        put(o, rep ? "</a>" : "");
        putf(o, ", sentence %zu &middot; bytes %llu&ndash;%llu</span></li>\n", s->index + 1,
             (unsigned long long)s->offset, (unsigned long long)(s->offset + s->length));
    }
    mds__buf_free(&text);
    put(o, "</ol>\n");
    if (!rep)
        put(o, "<p class=\"meta\">The documents are not in this page: the run did not keep "
               "them (the report parameter was off).</p>\n");
    put(o, "</section>\n");
}

/* Text the cleaning cut off between sentences of a paragraph (a dateline, a source tag), when
 * it holds more than blanks: faded, so the page shows every byte of the document's text. */
static void cut(sink *o, const mds__report_doc *d, size_t a, size_t b)
{
    size_t i = a;
    while (i < b && (d->text[i] == ' ' || d->text[i] == '\n'))
        i++;
    if (i >= b)
        return;
    put(o, "<div class=\"s cut\"><span class=\"bar\"></span><span class=\"t\">");
    esc(o, d->text + a, b - a);
    put(o, "</span><span class=\"tag\">trimmed</span></div>\n");
}

static void sentence(sink *o, const mds__report *rep, size_t d, size_t i)
{
    const mds__report_doc *doc = &rep->docs[d];
    const mds__report_sent *s = &rep->sents[doc->first + i];
    const char *cls = s->summary >= 0 ? " chosen" : s->drop ? " drop" : !s->ranked ? " unranked"
                                                                                    : "";
    putf(o, "<div class=\"s%s\" id=\"d%zu-s%zu\" title=\"sentence %zu, bytes %llu&ndash;%llu",
         cls, d, i, i + 1, (unsigned long long)s->offset,
         (unsigned long long)(s->offset + s->length));
    if (s->ranked)
        putf(o, ", score %.3f", s->score);
    put(o, "\">");
    if (s->ranked)
        bar(o, s->score, rep->max_score);
    else
        put(o, "<span class=\"bar\"></span>");
    put(o, "<span class=\"t\">");
    esc(o, doc->text + s->span.start, s->span.end - s->span.start);
    put(o, "</span>");
    if (s->summary >= 0)
        putf(o, "<a class=\"tag\" href=\"#sum%ld\">summary %ld</a>", s->summary + 1,
             s->summary + 1);
    else if (s->drop)
        putf(o, "<span class=\"tag\">%s</span>", mds__drop_name(s->drop));
    else if (!s->ranked)
        put(o, "<span class=\"tag\">no content word</span>");
    put(o, "</div>\n");
}

static void document(sink *o, const mds__report *rep, size_t d)
{
    const mds__report_doc *doc = &rep->docs[d];
    size_t dropped = 0, chosen = 0;
    for (size_t i = 0; i < doc->nsents; i++) {
        dropped += rep->sents[doc->first + i].drop != 0;
        chosen += rep->sents[doc->first + i].summary >= 0;
    }
    putf(o, "<article class=\"doc\" id=\"d%zu\">\n<h3>%zu. ", d, d + 1);
    escs(o, doc->id);
    put(o, "</h3>\n<p class=\"meta\">");
    escs(o, doc->path);
    if (doc->date) {
        put(o, " &middot; ");
        escs(o, doc->date);
    }
    putf(o, " &middot; %zu sentences, %zu dropped, %zu chosen</p>\n", doc->nsents, dropped,
         chosen);
    if (doc->headline) {
        put(o, "<p class=\"headline\">");
        escs(o, doc->headline);
        put(o, "</p>\n");
    }
    size_t i = 0;
    for (size_t k = 0; k < doc->npara && !o->st; k++) {
        mds__span p = doc->paras[k];
        if (doc->para_drop[k])
            putf(o, "<div class=\"p drop\" title=\"paragraph dropped: %s\">\n",
                 mds__drop_name(doc->para_drop[k]));
        else
            put(o, "<div class=\"p\">\n");
        size_t at = p.start;
        for (; i < doc->nsents && rep->sents[doc->first + i].para == k && !o->st; i++) {
            const mds__report_sent *s = &rep->sents[doc->first + i];
            if (s->span.start > at)
                cut(o, doc, at, s->span.start);
            sentence(o, rep, d, i);
            if (s->span.end > at)
                at = s->span.end;
        }
        if (p.end > at)
            cut(o, doc, at, p.end);
        put(o, "</div>\n");
    }
    put(o, "</article>\n");
}

static void documents(sink *o, const mds__report *rep)
{
    put(o, "<section id=\"documents\">\n<h2>Documents</h2>\n<p class=\"legend\">"
           "<span class=\"chosen\">in the summary</span>"
           "<span class=\"drop\">dropped by cleaning, or no content word</span>"
           "<span>bar: LexRank score, against the highest of the run</span></p>\n"
           "<nav class=\"docs\"><ol>\n");
    for (size_t d = 0; d < rep->ndocs; d++) {
        putf(o, "<li><a href=\"#d%zu\">", d);
        escs(o, rep->docs[d].id);
        put(o, "</a></li>\n");
    }
    put(o, "</ol></nav>\n");
    for (size_t d = 0; d < rep->ndocs && !o->st; d++)
        document(o, rep, d);
    put(o, "</section>\n");
}

static void parameters(sink *o, const mds_result *r)
{
    put(o, "<h3>Parameters</h3>\n<table class=\"params\">\n");
    for (size_t i = 0; i < mds_param_count(); i++) {
        const mds_param_info *in = mds_param_at(i);
        char v[256];
        if (mds_params_get_string(&r->params, in->id, v, sizeof v) != MDS_OK)
            snprintf(v, sizeof v, "?");
        if (in->type == MDS_TYPE_BOOL) /* as --help says it */
            snprintf(v, sizeof v, "%s", strcmp(v, "0") ? "on" : "off");
        putf(o, "<tr><th>%s</th><td>", in->name);
        escs(o, v);
        put(o, "</td><td class=\"meta\">");
        escs(o, in->help);
        put(o, "</td></tr>\n");
    }
    put(o, "</table>\n");
}

static void row_ms(sink *o, const char *label, double seconds)
{
    putf(o, "<tr><th>%s</th><td class=\"num\">%.2f ms</td></tr>\n", label, seconds * 1e3);
}

static void timings(sink *o, const mds_result *r)
{
    const mds_stats *t = &r->stats;
    put(o, "<h3>Timings</h3>\n<table class=\"timings\">\n");
    if (r->report)
        for (size_t k = 0; k < MDS__STAGE_COUNT; k++)
            row_ms(o, mds__stage_label(k), r->report->seconds[k]);
    row_ms(o, "similarity matrix (X X<sup>T</sup>)", t->seconds_gram);
    row_ms(o, "similarity graph", t->seconds_graph);
    row_ms(o, "LexRank", t->seconds_rank);
    put(o, "</table>\n<table class=\"stats\">\n<tr><th>backend</th><td>");
    escs(o, t->backend ? t->backend : "");
    put(o, " on ");
    escs(o, t->device ? t->device : "");
    putf(o, "</td></tr>\n<tr><th>graph</th><td>%s, %zu edges</td></tr>\n"
            "<tr><th>power iterations</th><td>%d</td></tr>\n"
            "<tr><th>dimensions</th><td>%zu</td></tr>\n"
            "<tr><th>device memory</th><td>%.1f MiB</td></tr>\n</table>\n",
         t->sparse ? "sparse" : "dense", t->edges, t->iterations, t->dimensions,
         (double)t->device_bytes / (1024.0 * 1024.0));
    if (t->warning) {
        put(o, "<p class=\"warning\">");
        escs(o, t->warning);
        put(o, "</p>\n");
    }
}

mds_status mds__render_html(const mds_result *r, mds__buf *b)
{
    sink o = {b, MDS_OK};
    head(&o, r);
    summary(&o, r);
    if (r->report)
        documents(&o, r->report);
    put(&o, "<section id=\"run\">\n<h2>The run</h2>\n");
    timings(&o, r);
    parameters(&o, r);
    put(&o, "</section>\n</body>\n</html>\n");
    return o.st;
}
