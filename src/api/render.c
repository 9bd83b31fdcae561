/* SPDX-License-Identifier: MIT */
/* Emit: a result as text (one sentence a line), JSON or JSONL; HTML in render_html.c. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "api/context.h"
#include "api/render_html.h"
#include "api/result.h"

/* Text output reads as prose: runs of whitespace (hard wraps included) and no-break spaces
 * become one space, none at either end, and the other C0 control characters (ESC, BEL: a
 * terminal would obey them) are dropped; so newline ends a sentence and no other control is
 * left. Writes into b, or with b NULL only counts: *out is what it writes (or would), in bytes
 * and in words, so a budget and the output are counted by this one loop. */
/* Eight bytes as a little-endian word on any machine (one load where it is one). */
static uint64_t load8(const unsigned char *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
           (uint64_t)p[7] << 56;
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
#define LOWS 0x7F7F7F7F7F7F7F7FULL

/* The bytes of the per-byte counts in v (each at most 255), summed. */
static size_t sum_bytes(uint64_t v)
{
    v = (v & 0x00FF00FF00FF00FFULL) + (v >> 8 & 0x00FF00FF00FF00FFULL);
    return (size_t)((v * 0x0001000100010001ULL) >> 48);
}

/* What collapse prints, only counted: each byte is shown (visible), a space (whitespace, a
 * no-break space) or dropped (the other controls); a word starts at a shown byte after a space
 * or at the first one, and the bytes are the shown ones and a space between two words. Eight
 * bytes at a time while all are printable ASCII or ASCII whitespace (tab to carriage return),
 * their counts summed per byte for up to 255 words of them; else one byte, as collapse takes
 * it. */
static void count_collapsed(const char *str, size_t n, mds__printed *out)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t shown = 0, words = 0, i = 0;
    uint64_t prev = 0; /* 0x80: the last byte not dropped was shown */
    while (i < n) {
        /* up to 255 words of eight, their counts summed per byte, until one is not all
         * printable ASCII or ASCII whitespace */
        size_t words8 = (n - i) / 8 < 255 ? (n - i) / 8 : 255, w8 = 0;
        uint64_t acc_shown = 0, acc_words = 0;
        for (; w8 < words8; w8++, i += 8) {
            uint64_t x = load8(s + i), y = x & LOWS;
            uint64_t ge20 = (y + 0x6060606060606060ULL) & HIGHS; /* y >= 0x20 */
            uint64_t ge09 = (y + 0x7777777777777777ULL) & HIGHS; /* y >= 0x09 */
            uint64_t ge0e = (y + 0x7272727272727272ULL) & HIGHS; /* y >= 0x0E */
            uint64_t del = (y + ONES) & HIGHS;                    /* y == 0x7F */
            if ((x & HIGHS) | del | (~(ge20 | (ge09 & ~ge0e)) & HIGHS))
                break;
            uint64_t vis = (y + 0x5F5F5F5F5F5F5F5FULL) & HIGHS; /* y > 0x20 */
            uint64_t starts = vis & ~(vis << 8 | prev);
            acc_words += starts >> 7;
            acc_shown += vis >> 7;
            prev = vis >> 56 & 0x80;
        }
        if (w8) {
            words += sum_bytes(acc_words);
            shown += sum_bytes(acc_shown);
            if (w8 == words8)
                continue; /* all taken: more words of eight, or the tail */
        }
        unsigned char c = s[i];
        if (c == 0x7F || (c == 0xC2 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F)) {
            i += 1 + (c == 0xC2);
            continue;
        }
        if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xA0) {
            prev = 0;
            i += 2;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            prev = 0;
            i++;
            continue;
        }
        i++;
        if (c < 0x20)
            continue;
        words += !prev;
        shown++;
        prev = 0x80;
    }
    *out = (mds__printed){.bytes = shown + (words ? words - 1 : 0), .words = words};
}

static mds_status collapse(const char *s, size_t n, mds__buf *b, mds__printed *out, int runs)
{
    if (runs && !b) { /* only counting */
        if (out)
            count_collapsed(s, n, out);
        return MDS_OK;
    }
    int space = 0;
    size_t w = 0, words = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (runs && c > 0x20 && c < 0x7F) { /* visible ASCII, a run at once: as byte by byte */
            size_t j = i + 1;
            while (j < n && (unsigned char)s[j] > 0x20 && (unsigned char)s[j] < 0x7F)
                j++;
            mds_status st;
            if (space && w) {
                if (b && (st = mds__buf_putc(b, ' ')))
                    return st;
                w++;
            }
            words += space || !w;
            space = 0;
            if (b && (st = mds__buf_append(b, s + i, j - i)))
                return st;
            w += j - i;
            i = j - 1;
            continue;
        }
        /* DEL and the C1 controls go the way of C0 (U+009B is CSI to some terminals) */
        if (c == 0x7F || (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
                          (unsigned char)s[i + 1] <= 0x9F)) {
            i += c == 0xC2;
            continue;
        }
        int ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            ws = 1;
            i++;
        }
        if (ws) {
            space = 1;
            continue;
        }
        if (c < 0x20)
            continue;
        mds_status st;
        if (space && w) {
            if (b && (st = mds__buf_putc(b, ' ')))
                return st;
            w++;
        }
        words += space || !w; /* a word starts after the space, or at the start */
        space = 0;
        if (b && (st = mds__buf_putc(b, (char)c)))
            return st;
        w++;
    }
    if (out)
        *out = (mds__printed){.bytes = w, .words = words};
    return MDS_OK;
}

mds_status mds__text_collapse(const char *s, size_t n, mds__buf *b, mds__printed *out)
{
    return collapse(s, n, b, out, 1);
}

mds_status mds__text_collapse_bytes(const char *s, size_t n, mds__buf *b, mds__printed *out)
{
    return collapse(s, n, b, out, 0);
}

/* The "parameters" block: every row of the table, in its order, by its name and type. */
static mds_status render_params(const mds_params *prm, const char *sp, mds__buf *b)
{
    mds_status st = mds__buf_putc(b, '{');
    for (size_t i = 0; i < mds_param_count() && !st; i++) {
        const mds_param_info *in = mds_param_at(i);
        mds__param_value x = mds__params_get(&prm->v, in->id);
        st = mds__buf_printf(b, "%s%s\"%s\":%s", i ? "," : "", i ? sp : "", in->name, sp);
        if (st)
            break;
        switch (in->type) {
        case MDS_TYPE_INT:
            st = mds__buf_printf(b, "%d", x.i);
            break;
        case MDS_TYPE_SIZE:
        case MDS_TYPE_BYTES:
            st = mds__buf_printf(b, "%zu", x.z);
            break;
        case MDS_TYPE_DOUBLE: { /* the shortest text that reads back as the same double */
            char t[48];
            st = mds_params_get_string(prm, in->id, t, sizeof t);
            if (!st)
                st = mds__buf_printf(b, "%s", t);
            break;
        }
        case MDS_TYPE_BOOL:
            st = mds__buf_printf(b, "%s", x.i ? "true" : "false");
            break;
        case MDS_TYPE_ENUM:
        case MDS_TYPE_SELECTOR:
            st = mds__buf_json_string(b, in->names[x.i], strlen(in->names[x.i]));
            break;
        case MDS_TYPE_STRING:
            st = x.s ? mds__buf_json_string(b, x.s, strlen(x.s)) : mds__buf_printf(b, "null");
            break;
        }
    }
    return st ? st : mds__buf_putc(b, '}');
}

static mds_status render_json(const mds_result *r, int pretty, mds__buf *b)
{
    const char *nl = pretty ? "\n" : "", *in1 = pretty ? "  " : "", *in2 = pretty ? "    " : "";
    const char *sp = pretty ? " " : "";
    mds_status st = mds__buf_printf(b, "{%s%s\"version\":%s\"%s\",%s", nl, in1, sp,
                                    mds_version(), nl);
    if (!st && r->query) { /* the question, with one */
        st = mds__buf_printf(b, "%s\"query\":%s", in1, sp);
        if (!st)
            st = mds__buf_json_string(b, r->query, strlen(r->query));
        if (!st)
            st = mds__buf_printf(b, ",%s", nl);
    }
    if (!st)
        st = mds__buf_printf(b, "%s\"sentences\":%s[", in1, sp);
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
                                 "\"%s\":%s",
                                 sp, sp, s->doc_index, sp, sp, s->index, sp, sp,
                                 (unsigned long long)s->offset, sp, sp, s->length, sp, sp, s->words,
                                 sp, sp, s->score, sp, r->query ? "relevance" : "text", sp);
        if (!st && r->query) /* the relevance to the query, with one */
            st = mds__buf_printf(b, "%.6f,%s\"text\":%s", s->relevance, sp, sp);
        if (!st)
            st = mds__buf_json_string(b, s->text, strlen(s->text)); /* converted, less cuts, or
                                                                       a page's text */
        if (!st)
            st = mds__buf_putc(b, '}');
    }
    if (st)
        return st;
    st = mds__buf_printf(b, "%s%s],%s%s\"parameters\":%s", nl, in1, nl, in1, sp);
    if (!st)
        st = render_params(&r->params, sp, b);
    if (!st)
        st = mds__buf_printf(b, ",%s", nl);
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
    if (!st) /* lang */
        st = mds__buf_printf(b, ",%s\"lang_detected\":%s%s", sp, sp,
                             t->lang_detected ? "true" : "false");
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
    if (!out)
        return MDS_EINVAL;
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
            st = mds__text_collapse(r->sents[i].text, strlen(r->sents[i].text), &b, NULL);
            if (!st)
                st = mds__buf_putc(&b, '\n');
        }
        break;
    case MDS_FORMAT_JSON:
    case MDS_FORMAT_JSONL:
        st = render_json(r, format == MDS_FORMAT_JSON, &b);
        break;
    case MDS_FORMAT_HTML:
        st = mds__render_html(r, &b);
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
