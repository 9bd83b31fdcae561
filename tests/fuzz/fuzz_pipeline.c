/* SPDX-License-Identifier: MIT */
/* Fuzz target: the whole pipeline, mds_summarize on the CPU backend, over one to three fuzzed
 * documents with fuzzed options, then mds_result_render.
 *
 * Input: four option bytes, then the documents, separated by 0xFF bytes (no UTF-8 text holds
 * one, so nothing a document could say is lost). The option bytes pick the selector, the
 * budget's unit and size, the order, cleaning, the graph (auto, dense or sparse, with a
 * small memory budget to force sparse tiles), precision, LexRank mode, the word limits and
 * the output format; one bit asks for a second run that must render the same bytes.
 * Properties, from include/mds.h and select/selector.h: the budget is never exceeded; a
 * sentence's words are those of its line of text output; every sentence is the bytes at its
 * offset of its document (UTF-8 read in place, less what reading cut inside them; their
 * conversion for a document in another encoding); no sentence is chosen twice; JSON output is
 * JSON (the library's strict reader takes it back), JSONL one line of it; a second run chooses
 * the same sentences (compared as text, since JSON carries timings). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mds.h"
#include "util/buf.h"
#include "util/json.h"
#include "fuzzutil.h"

static mds_ctx *ctx;
static long long nselectors;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const mds_param_info *sel = mds_param_info_of(MDS_PARAM_SELECTOR);
    if (mds_ctx_new(&ctx) || mds_set_blas_threads(1) || !sel)
        abort();
    nselectors = (long long)sel->hi + 1;
    return 0;
}

static void set(mds_params *p, mds_param id, double v)
{
    if (mds_params_set_double(p, id, v) != MDS_OK)
        fz_fail(__FILE__, __LINE__, mds_params_errmsg(p));
}

/* The options of one run, from four bytes. */
static void options(mds_params *p, const uint8_t o[4], mds_format *format, int *twice)
{
    static const double memory[4] = {4294967296.0, 1048576.0, 2097152.0, 67108864.0};
    static const double thresholds[4] = {0, 0.1, 0.3, 0.9};
    static const double min_words[4] = {0, 1, 8, 20};
    static const double max_words[4] = {0, 60, 10, 1000};
    static const double blend[4] = {-1, 0, 0.5, 1};
    set(p, MDS_PARAM_BACKEND, MDS_BACKEND_CPU);
    set(p, MDS_PARAM_SELECTOR, (double)(o[0] % nselectors));
    int unit = (o[0] >> 2) % 3;
    set(p, MDS_PARAM_UNIT, unit);
    set(p, MDS_PARAM_ORDER, (o[0] >> 4) & 1);
    set(p, MDS_PARAM_CLEAN, (o[0] >> 5) & 1);
    set(p, MDS_PARAM_GRAPH, (o[0] >> 6) % 3);
    double budget = unit == MDS_BUDGET_WORDS   ? 1 + o[1]
                    : unit == MDS_BUDGET_BYTES ? 1 + 8.0 * o[1]
                                               : 1 + o[1] % 16;
    set(p, MDS_PARAM_BUDGET, budget);
    set(p, MDS_PARAM_PRECISION, o[2] % 3);
    set(p, MDS_PARAM_LEXRANK, (o[2] >> 2) & 1);
    set(p, MDS_PARAM_THRESHOLD, thresholds[(o[2] >> 3) & 3]);
    double lo = min_words[(o[2] >> 5) & 3], hi = max_words[(o[2] >> 7) | ((o[3] & 1) << 1)];
    set(p, MDS_PARAM_MIN_WORDS, lo);
    set(p, MDS_PARAM_MAX_WORDS, hi && hi < lo ? lo : hi);
    set(p, MDS_PARAM_MEMORY, memory[(o[3] >> 1) & 3]);
    set(p, MDS_PARAM_NEIGHBORS, 1 + ((o[3] >> 3) & 7));
    set(p, MDS_PARAM_IDF_BLEND, blend[(o[3] >> 5) & 3]);
    set(p, MDS_PARAM_PARTITION, (o[3] >> 5) & 1);
    set(p, MDS_PARAM_REWARD, (o[3] >> 6) & 1);
    set(p, MDS_PARAM_CONCEPT_GREEDY, (o[1] >> 7) & 1);
    *format = (mds_format)(((o[1] >> 4) & 3) % 3);
    *twice = o[3] >> 7;
}

static char *render(const mds_result *r, mds_format format, size_t *size)
{
    char *out = NULL;
    mds_status st = mds_result_render(r, format, &out, size);
    FZ_CHECK(st == MDS_OK || st == MDS_ENOMEM);
    if (st)
        return NULL;
    FZ_CHECK(out && strlen(out) == *size);
    if (format != MDS_FORMAT_TEXT) {
        mds__json *v = NULL;
        size_t off = 0;
        char msg[200];
        st = mds__json_parse(out, *size, &v, &off, msg, sizeof msg);
        FZ_CHECK(st == MDS_OK || st == MDS_ENOMEM);
        FZ_CHECK(!v || v->type == MDS__JSON_OBJECT);
        mds__json_free(v);
        if (format == MDS_FORMAT_JSONL)
            FZ_CHECK(*size > 0 && memchr(out, '\n', *size) == out + *size - 1);
    }
    return out;
}

/* What a line of text output takes of the budget, as a reader of the output counts it. */
static size_t line_cost(const char *line, size_t len, long long unit, int first)
{
    if (unit == MDS_BUDGET_SENTENCES)
        return 1;
    if (unit == MDS_BUDGET_BYTES)
        return len + !first;
    size_t words = 0;
    for (size_t i = 0; i < len; i++)
        words += line[i] != ' ' && (i == 0 || line[i - 1] == ' ');
    return words;
}

/* Valid UTF-8 throughout (n bytes at s). */
static int utf8_ok(const uint8_t *s, size_t n)
{
    for (size_t i = 0, len; i < n; i += len)
        if (!(len = mds__utf8_len(s + i, n - i)))
            return 0;
    return 1;
}

/* Read in place, as UTF-8: valid UTF-8 that is not markup, which could declare a charset (no
 * input holds a UTF-16 byte order mark: 0xFF separates them). */
static int read_in_place(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f'))
        i++;
    return utf8_ok(s, n) && !(i < n && s[i] == '<');
}

static void check(const mds_result *r, const mds_params *p, const uint8_t **doc,
                  const size_t *doc_size, size_t ndocs)
{
    long long unit, budget;
    FZ_CHECK(mds_params_get_int(p, MDS_PARAM_UNIT, &unit) == MDS_OK &&
             mds_params_get_int(p, MDS_PARAM_BUDGET, &budget) == MDS_OK);
    size_t n = mds_result_count(r);
    for (size_t i = 0; i < n; i++) {
        const mds_sentence *s = mds_result_sentence(r, i);
        FZ_CHECK(s && s->text && s->length > 0 && strlen(s->text) > 0);
        FZ_CHECK(utf8_ok((const uint8_t *)s->text, strlen(s->text)));
        /* The documents are named "0", "1", "2": the path says which input it came from. */
        FZ_CHECK(s->doc_path && s->doc_path[0] >= '0' && s->doc_path[0] < '0' + (int)ndocs &&
                 !s->doc_path[1]);
        size_t d = (size_t)(s->doc_path[0] - '0');
        FZ_CHECK(s->offset <= doc_size[d] && s->length <= doc_size[d] - s->offset);
        /* UTF-8 read in place: the source bytes, less what reading left out inside them
         * (Markdown syntax, a joined line break), a subsequence of the span from its first
         * byte; another encoding: their conversion (text/encoding.h), not compared here */
        if (read_in_place(doc[d], doc_size[d])) {
            size_t got = 0;
            for (size_t b = 0; b < s->length && s->text[got]; b++)
                got += doc[d][s->offset + b] == (uint8_t)s->text[got];
            FZ_CHECK(s->text[got] == '\0' && (uint8_t)s->text[0] == doc[d][s->offset]);
        }
        FZ_CHECK(isfinite(s->score));
        for (size_t j = 0; j < i; j++) {
            const mds_sentence *t = mds_result_sentence(r, j);
            FZ_CHECK(t->doc_index != s->doc_index || t->index != s->index);
        }
    }
    FZ_CHECK(mds_result_sentence(r, n) == NULL);
    /* The budget holds for what is emitted: the text output, one sentence a line. */
    size_t size = 0, lines = 0, cost = 0;
    char *out = render(r, MDS_FORMAT_TEXT, &size);
    for (const char *line = out, *end = out ? out + size : NULL; line && line < end; lines++) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        FZ_CHECK(nl != NULL);
        cost += line_cost(line, (size_t)(nl - line), unit, lines == 0);
        /* a sentence's words are those it prints (include/mds.h) */
        FZ_CHECK(lines < n && mds_result_sentence(r, lines)->words ==
                                  line_cost(line, (size_t)(nl - line), MDS_BUDGET_WORDS, 0));
        line = nl + 1;
    }
    FZ_CHECK(!out || lines == n);
    FZ_CHECK(cost <= (size_t)budget);
    mds_free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t o[4] = {0};
    memcpy(o, data, size < 4 ? size : 4);
    data += size < 4 ? size : 4;
    size -= size < 4 ? size : 4;
    const uint8_t *doc[3];
    size_t doc_size[3];
    size_t ndocs = fz_split(data, size, doc, doc_size, 3);

    mds_params *p = NULL;
    mds_cluster *c = NULL;
    if (mds_params_new(&p) || mds_cluster_new(ctx, &c))
        abort();
    mds_format format;
    int twice;
    options(p, o, &format, &twice);
    FZ_CHECK(mds_params_check(p) == MDS_OK);
    for (size_t i = 0; i < ndocs; i++) {
        char name[2] = {(char)('0' + i), '\0'};
        mds_status st = mds_cluster_add_memory(c, name, doc[i], doc_size[i]);
        FZ_CHECK(st == MDS_OK || st == MDS_EUTF8 || st == MDS_EBINARY || st == MDS_EFORMAT);
    }
    mds_result *r = NULL;
    mds_status st = mds_summarize(ctx, c, p, &r);
    FZ_CHECK(st == MDS_OK || st == MDS_EEMPTY || st == MDS_ENOMEM ||
             (st == MDS_EINVAL && mds_errparam(ctx) == MDS_PARAM_MEMORY));
    if (st == MDS_OK) {
        check(r, p, doc, doc_size, ndocs);
        size_t n1 = 0, n2 = 0;
        mds_free(render(r, format, &n1));
        if (twice) {
            mds_result *r2 = NULL;
            FZ_CHECK(mds_summarize(ctx, c, p, &r2) == MDS_OK);
            char *a = render(r, MDS_FORMAT_TEXT, &n1), *b = render(r2, MDS_FORMAT_TEXT, &n2);
            FZ_CHECK(a && b && n1 == n2 && memcmp(a, b, n1) == 0);
            for (size_t i = 0; i < mds_result_count(r); i++)
                FZ_CHECK(mds_result_sentence(r, i)->score == mds_result_sentence(r2, i)->score);
            mds_free(a);
            mds_free(b);
            mds_result_free(r2);
        }
    }
    mds_result_free(r);
    mds_cluster_free(c);
    mds_params_free(p);
    return 0;
}
