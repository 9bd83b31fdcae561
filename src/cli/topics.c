/* SPDX-License-Identifier: MIT */
/* Topic files: DUC/TAC SGML or TSV, and matching clusters to topics (topics.h). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "topics.h"
#include "util/alloc.h"
#include "util/fileio.h"

void cli_topics_free(cli_topics *t)
{
    for (size_t i = 0; t && i < t->n; i++) {
        free(t->v[i].id);
        free(t->v[i].query);
    }
    if (t) {
        free(t->v);
        t->v = NULL;
        t->n = 0;
    }
}

/* The first s[i] at or after `from`, before `end`, that starts `pat` case-insensitively. */
static const char *find_ci(const char *from, const char *end, const char *pat)
{
    size_t n = strlen(pat);
    for (const char *p = from; p + n <= end; p++)
        if (strncasecmp(p, pat, n) == 0)
            return p;
    return NULL;
}

static size_t line_of(const char *text, const char *at)
{
    size_t line = 1;
    for (const char *p = text; p < at; p++)
        line += *p == '\n';
    return line;
}

/* Appends text[0, n) to *dst (of *len bytes) with runs of whitespace as one space, none at
 * either end; -1 out of memory. */
static int append_collapsed(char **dst, size_t *len, const char *s, size_t n)
{
    char *d = realloc(*dst, *len + n + 2);
    if (!d)
        return -1;
    *dst = d;
    size_t w = *len;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        if (isspace((unsigned char)s[i])) {
            space = 1;
            continue;
        }
        if (space && w > *len)
            d[w++] = ' ';
        space = 0;
        d[w++] = s[i];
    }
    d[w] = '\0';
    *len = w;
    return 0;
}

/* The content of <tag>...</tag> (the first one whose name is exactly tag, attributes allowed)
 * between from and end: its start and length, or 0 when there is none. */
static int element(const char *from, const char *end, const char *tag, const char **s,
                   size_t *n)
{
    char open[32], close[32];
    snprintf(open, sizeof open, "<%s", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    for (const char *p = from; (p = find_ci(p, end, open)); p++) {
        char c = p[strlen(open)];
        if (c != '>' && !isspace((unsigned char)c))
            continue; /* <narrative> is not <narr> */
        const char *gt = memchr(p, '>', (size_t)(end - p));
        if (!gt)
            return 0;
        const char *q = find_ci(gt + 1, end, close);
        if (!q)
            return 0;
        *s = gt + 1;
        *n = (size_t)(q - (gt + 1));
        return 1;
    }
    return 0;
}

static int add_topic(cli_topics *t, char *id, char *query, size_t len, size_t line)
{
    cli_topic *v = realloc(t->v, (t->n + 1) * sizeof *v);
    if (!v) {
        free(id);
        free(query);
        return -1;
    }
    t->v = v;
    v[t->n++] = (cli_topic){id, query, len, line, 0};
    return 0;
}

static char *dup_collapsed(const char *s, size_t n)
{
    char *d = NULL;
    size_t len = 0;
    if (append_collapsed(&d, &len, s, n) != 0) {
        free(d);
        return NULL;
    }
    return d;
}

static int parse_sgml(const char *text, size_t size, cli_topics *out, char *err, size_t esz)
{
    const char *end = text + size;
    for (const char *p = text; (p = find_ci(p, end, "<topic"));) {
        char c = p[6];
        if (c != '>' && !isspace((unsigned char)c)) {
            p += 6;
            continue;
        }
        size_t line = line_of(text, p);
        const char *gt = memchr(p, '>', (size_t)(end - p));
        const char *close = gt ? find_ci(gt, end, "</topic>") : NULL;
        if (!close) {
            snprintf(err, esz, "line %zu: <topic> without its </topic>", line);
            return 1;
        }
        const char *next = find_ci(gt, close, "<topic");
        if (next && (next[6] == '>' || isspace((unsigned char)next[6]))) {
            snprintf(err, esz, "line %zu: <topic> without its </topic> before the next <topic>",
                     line);
            return 1;
        }
        const char *s = NULL, *title = NULL, *narr = NULL;
        size_t n = 0, ntitle = 0, nnarr = 0;
        char *id = NULL;
        /* the id: TAC's attribute, else DUC's <num> */
        const char *attr = find_ci(p, gt, " id=\"");
        if (attr) {
            const char *q = memchr(attr + 5, '"', (size_t)(gt - attr - 5));
            if (q)
                id = dup_collapsed(attr + 5, (size_t)(q - attr - 5));
        } else if (element(gt, close, "num", &s, &n)) {
            id = dup_collapsed(s, n);
        }
        if (id && !*id) {
            free(id);
            id = NULL;
        }
        if (!id) {
            snprintf(err, esz, "line %zu: <topic> without an id (<num> or id=\"...\")", line);
            return 1;
        }
        int has_title = element(gt, close, "title", &title, &ntitle);
        int has_narr = element(gt, close, "narr", &narr, &nnarr) ||
                       element(gt, close, "narrative", &narr, &nnarr);
        char *query = NULL;
        size_t len = 0;
        if ((has_title && append_collapsed(&query, &len, title, ntitle) != 0)) {
            free(id);
            free(query);
            return -1;
        }
        size_t tlen = len;
        if (has_narr) {
            size_t before = len;
            if (append_collapsed(&query, &len, narr, nnarr) != 0) {
                free(id);
                free(query);
                return -1;
            }
            /* the title's line, then the narrative's */
            if (tlen && len > before) {
                memmove(query + before + 1, query + before, len - before + 1);
                query[before] = '\n';
                len++;
            }
        }
        if (len == 0) {
            snprintf(err, esz, "line %zu: topic %s has neither a <title> nor a <narr> with text",
                     line, id);
            free(id);
            free(query);
            return 1;
        }
        for (size_t i = 0; i < out->n; i++)
            if (strcasecmp(out->v[i].id, id) == 0) {
                snprintf(err, esz, "line %zu: topic %s given twice (first on line %zu)", line,
                         id, out->v[i].line);
                free(id);
                free(query);
                return 1;
            }
        if (add_topic(out, id, query, len, line) != 0)
            return -1;
        p = close + 8;
    }
    return 0;
}

static int parse_tsv(const char *text, size_t size, cli_topics *out, char *err, size_t esz)
{
    size_t line = 0;
    for (const char *p = text, *end = text + size; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        line++;
        const char *tab = memchr(p, '\t', (size_t)(eol - p));
        size_t blank = 0;
        while (p + blank < eol && isspace((unsigned char)p[blank]))
            blank++;
        if (p + blank == eol || *p == '#') {
            p = eol + (nl != NULL);
            continue;
        }
        if (!tab) {
            snprintf(err, esz, "line %zu: no tab between the cluster and its query (TSV: "
                     "CLUSTER<TAB>QUERY; SGML: <topic>...</topic>)", line);
            return 1;
        }
        char *id = dup_collapsed(p, (size_t)(tab - p));
        char *query = dup_collapsed(tab + 1, (size_t)(eol - tab - 1));
        if (!id || !query) {
            free(id);
            free(query);
            return -1;
        }
        const char *why = !*id ? "an empty cluster id" : !*query ? "an empty query" : NULL;
        for (size_t i = 0; i < out->n && !why; i++)
            if (strcasecmp(out->v[i].id, id) == 0)
                why = "a cluster given twice";
        if (why) {
            snprintf(err, esz, "line %zu: %s", line, why);
            free(id);
            free(query);
            return 1;
        }
        if (add_topic(out, id, query, strlen(query), line) != 0)
            return -1;
        p = eol + (nl != NULL);
    }
    return 0;
}

int cli_topics_parse(const char *text, size_t len, cli_topics *out, char *err, size_t size)
{
    memset(out, 0, sizeof *out);
    if (size)
        err[0] = '\0';
    int rc = find_ci(text, text + len, "<topic") ? parse_sgml(text, len, out, err, size)
                                                 : parse_tsv(text, len, out, err, size);
    if (!rc && out->n == 0) {
        snprintf(err, size, "no topic in it (neither <topic> elements nor CLUSTER<TAB>QUERY "
                 "lines)");
        rc = 1;
    }
    if (rc)
        cli_topics_free(out);
    return rc;
}

/* The length of s without a DUC topic's trailing letter (a letter after a digit). */
static size_t stem_len(const char *s)
{
    size_t n = strlen(s);
    if (n >= 2 && isalpha((unsigned char)s[n - 1]) && isdigit((unsigned char)s[n - 2]))
        return n - 1;
    return n;
}

cli_topic *cli_topics_find(const cli_topics *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcasecmp(t->v[i].id, name) == 0)
            return &t->v[i];
    size_t n = stem_len(name);
    for (size_t i = 0; i < t->n; i++) {
        size_t m = stem_len(t->v[i].id);
        if (m == n && strncasecmp(t->v[i].id, name, n) == 0)
            return &t->v[i];
    }
    return NULL;
}

int cli_topics_read(const char *path, cli_topics *out, char *err, size_t size)
{
    unsigned char *data = NULL;
    size_t n = 0;
    int e = 0;
    memset(out, 0, sizeof *out);
    if (mds__read_file(path, &data, &n, &e) != MDS_OK) {
        snprintf(err, size, "%s", strerror(e));
        return e == ENOMEM ? -1 : 1;
    }
    int rc = cli_topics_parse((const char *)data, n, out, err, size);
    mds__free(data);
    return rc;
}
