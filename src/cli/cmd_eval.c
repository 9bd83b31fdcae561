/* SPDX-License-Identifier: MIT */
/* summarize eval --refs DIR [OPTIONS] SUMMARIES...: ROUGE-1.5.5 scores, through the mds_rouge_*
 * API. This file finds the files and pairs them by cluster; the library scores. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/dirlist.h"
#include "util/fileio.h"

typedef struct summary {
    char *path, *cluster, *system, *base;
} summary;

typedef struct list {
    summary *v;
    size_t n, cap;
} list;

static int add(list *l, const char *path, const char *cluster, const char *system)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        summary *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return 0;
        l->v = v;
        l->cap = cap;
    }
    summary *s = &l->v[l->n];
    const char *b = strrchr(path, '/');
    s->path = strdup(path);
    s->cluster = strdup(cluster);
    s->system = strdup(system);
    s->base = strdup(b ? b + 1 : path);
    if (!s->path || !s->cluster || !s->system || !s->base)
        return 0;
    l->n++;
    return 1;
}

static void list_free(list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].path);
        free(l->v[i].cluster);
        free(l->v[i].system);
        free(l->v[i].base);
    }
    free(l->v);
}

static int is_dir(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* A pipe, socket, device or dangling link in a folder is no summary, and opening a pipe
 * would wait for a writer: said and passed over, as summarize passes over them. */
static int skipped(const char *p)
{
    struct stat sb;
    if (stat(p, &sb) == 0 && (S_ISREG(sb.st_mode) || S_ISDIR(sb.st_mode)))
        return 0;
    cli_warn("%s: not a regular file: skipped", p);
    return 1;
}

static const char *base_name(const char *path, char *buf, size_t size)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    size_t b = n;
    while (b > 0 && path[b - 1] != '/')
        b--;
    snprintf(buf, size, "%.*s", (int)(n - b), path + b);
    if (!strcmp(buf, ".") || !buf[0]) /* "." or "/": the real name is not worth finding */
        snprintf(buf, size, "summaries");
    return buf;
}

/* The system of a summary file outside per-cluster folders */
static const char *system_of(const char *name, const char *folder)
{
    /* TOPIC.SYSTEM or TOPIC.x.y.SYSTEM, as DUC names peers; but not a file-type suffix */
    static const char *const types[] = {"txt", "text", "sum", "summary", "html", "htm", "spl"};
    const char *last = strrchr(name, '.');
    if (!last || !last[1])
        return folder;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(last + 1, types[i]))
            return folder;
    return last + 1;
}

/* Adds the files of one operand or of --refs: a file, a folder of files, or a folder of
 * per-cluster folders. refs: every file is a reference and the system is unused. */
static int collect(const char *path, list *out)
{
    char bn[1024], cl[1024], full[8192], sub[8192 + 512];
    if (!is_dir(path)) {
        FILE *f = fopen(path, "rb");
        if (!f) {
            cli_error("%s: %s", path, strerror(errno));
            return EXIT_INPUT;
        }
        fclose(f);
        const char *b = strrchr(path, '/');
        b = b ? b + 1 : path;
        char parent[1024];
        snprintf(full, sizeof full, "%s", path);
        char *slash = strrchr(full, '/');
        if (slash)
            *slash = '\0';
        base_name(slash ? full : ".", parent, sizeof parent);
        if (mds_rouge_topic(b, cl, sizeof cl)) {
            cli_error("%s: file name too long", path);
            return EXIT_INPUT;
        }
        return add(out, path, cl, system_of(b, parent)) ? EXIT_OK : EXIT_INTERNAL;
    }
    size_t n;
    char **e;
    int err;
    if (mds__dirlist(path, MDS__LIST_ANY, &e, &n, &err) != MDS_OK) {
        cli_error("%s: %s", path, strerror(err));
        return err == ENOMEM ? EXIT_INTERNAL : EXIT_INPUT;
    }
    base_name(path, bn, sizeof bn);
    int rc = EXIT_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        snprintf(full, sizeof full, "%s/%s", path, e[i]);
        if (mds_rouge_topic(e[i], cl, sizeof cl)) {
            cli_error("%s: file name too long", full);
            rc = EXIT_INPUT;
        } else if (is_dir(full)) {
            /* a folder per cluster: the folder names the cluster, the file the system */
            size_t m;
            char **f;
            if (mds__dirlist(full, MDS__LIST_ANY, &f, &m, &err) != MDS_OK) {
                cli_error("%s: %s", full, strerror(err));
                rc = err == ENOMEM ? EXIT_INTERNAL : EXIT_INPUT;
                break;
            }
            for (size_t j = 0; j < m && !rc; j++) {
                snprintf(sub, sizeof sub, "%s/%s", full, f[j]);
                if (!is_dir(sub) && !skipped(sub) && !add(out, sub, cl, f[j]))
                    rc = EXIT_INTERNAL;
            }
            free(f);
        } else if (!skipped(full) && !add(out, full, cl, system_of(e[i], bn))) {
            rc = EXIT_INTERNAL;
        }
    }
    free(e);
    return rc;
}

/* What a look at each file found, for the warnings after it. */
typedef struct check {
    size_t not_utf8;       /* files that are not UTF-8 */
    char first[1024];      /* the first of them, and where */
} check;

/* Refuses a file that is not text (a NUL byte, a UTF-16 mark, control characters in more
 * than a tenth of the bytes: the library's rule for documents), which ROUGE would score
 * as if it were; warns of a reference with no word ROUGE counts (none of a-z, 0-9), which
 * lowers every score of its cluster; counts files that are not UTF-8, which ROUGE-1.5.5
 * reads as bytes (DUC 2006 has such references, in Latin-1), for one warning. */
static int check_file(const char *path, int reference, check *c)
{
    unsigned char *d = NULL;
    size_t n = 0;
    int err;
    mds_status st = mds__read_file(path, &d, &n, &err);
    if (st) {
        cli_error("%s: %s", path, strerror(err));
        return cli_exit_code(st);
    }
    size_t ctl = 0, words = 0, bad = n;
    const char *why = NULL;
    if (n >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF)))
        why = "UTF-16 text";
    for (size_t i = 0; i < n && !why;) {
        unsigned char b = d[i];
        if (b == 0) {
            why = "a NUL byte";
            break;
        }
        ctl += (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') || b == 0x7F;
        words += (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
        size_t len = b < 0x80 ? 1 : mds__utf8_len(d + i, n - i);
        if (!len && bad == n)
            bad = i;
        i += len ? len : 1;
    }
    if (!why && ctl * 10 > n)
        why = "control characters";
    free(d);
    if (why) {
        cli_error("%s: %s: binary data, not a summary", path, why);
        return EXIT_INPUT;
    }
    if (reference && words == 0)
        cli_warn("%s: an empty reference (no word to score): it counts, and lowers the scores "
                 "of its cluster", path);
    if (bad < n && c->not_utf8++ == 0)
        snprintf(c->first, sizeof c->first, "%s, byte %zu", path, bad);
    return EXIT_OK;
}

static int cmp_summary(const void *a, const void *b)
{
    const summary *x = a, *y = b;
    int c = strcmp(x->system, y->system);
    return c ? c : strcmp(x->cluster, y->cluster);
}

static int cmp_ref(const void *a, const void *b)
{
    const summary *x = a, *y = b;
    int c = strcmp(x->cluster, y->cluster);
    return c ? c : strcmp(x->base, y->base);
}

static const char *metric_name(int m, int skip, char *buf, size_t size)
{
    static const char *n[] = {"ROUGE-1", "ROUGE-2", "ROUGE-L"};
    if (m < MDS_ROUGE_SU)
        return n[m];
    if (skip < 0)
        snprintf(buf, size, "ROUGE-SU*");
    else
        snprintf(buf, size, "ROUGE-SU%d", skip);
    return buf;
}

static int parse_metrics(const char *s, int *skip, unsigned *mask)
{
    *mask = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *t = strtok(buf, ","); t; t = strtok(NULL, ",")) {
        if (!strcmp(t, "1"))
            *mask |= 1u << MDS_ROUGE_1;
        else if (!strcmp(t, "2"))
            *mask |= 1u << MDS_ROUGE_2;
        else if (!strcmp(t, "L") || !strcmp(t, "l"))
            *mask |= 1u << MDS_ROUGE_L;
        else if ((t[0] == 'S' || t[0] == 's') && (t[1] == 'U' || t[1] == 'u')) {
            char *end;
            if (t[2]) {
                long d = strtol(t + 2, &end, 10);
                if (*end || d < 0 || d > 1000)
                    return 0;
                *skip = (int)d;
            }
            *mask |= 1u << MDS_ROUGE_SU;
        } else {
            return 0;
        }
    }
    return *mask != 0;
}

enum {
    OPT_REFS = OPT_COMMAND, OPT_STEM, OPT_REMOVE_STOPWORDS, OPT_STOPWORDS, OPT_EXCEPTIONS,
    OPT_WORDS, OPT_BYTES, OPT_METRICS, OPT_SKIP, OPT_CONFIDENCE, OPT_SAMPLES, OPT_AVERAGE,
    OPT_ALPHA, OPT_PER_CLUSTER, OPT_EVAL_FORMAT,
};

static const char *const averages[] = {"A", "B", NULL};
static const char *const eval_formats[] = {"text", "json", "tsv", NULL};

static const cli_opt own_rows[] = {
    {"refs", 0, "DIR", OPT_REFS, 0, 0, "Scoring", "the reference summaries (required)", NULL,
     NULL},
    {"stem", 'm', NULL, OPT_STEM, 0, CLI_OPT_NEGATABLE, "Scoring",
     "Porter stemming, as ROUGE -m", "on", NULL},
    {"remove-stopwords", 's', NULL, OPT_REMOVE_STOPWORDS, 0, 0, "Scoring",
     "drop stopwords, as ROUGE -s; the list is $ROUGE_HOME/data/smart_common_words.txt "
     "unless --stopwords names one", "off", NULL},
    {"stopwords", 0, "FILE", OPT_STOPWORDS, 0, 0, "Scoring",
     "the stopword list, one a line (implies -s)", NULL, NULL},
    {"exceptions", 0, "DIR", OPT_EXCEPTIONS, 0, 0, "Scoring",
     "WordNet *.exc files for -m (ROUGE's exception db)",
     "$ROUGE_HOME/data/WordNet-2.0-Exceptions when present", NULL},
    {"words", 'l', "N", OPT_WORDS, 0, 0, "Scoring",
     "only the first N words of each summary, as ROUGE -l (DUC 2005-2007: 250)", "all", NULL},
    {"bytes", 'b', "N", OPT_BYTES, 0, 0, "Scoring",
     "only the first N bytes, as ROUGE -b (DUC 2004: 665)", "all", NULL},
    {"metrics", 0, "LIST", OPT_METRICS, 0, 0, "Scoring",
     "of 1, 2, L, SU4 (ROUGE -n 2, ROUGE-L, -2 4 -u)", "1,2,L,SU4", NULL},
    {"skip", 0, "N", OPT_SKIP, 0, 0, "Scoring",
     "skip distance of ROUGE-SU, as ROUGE -2 N; -1: any", "4", NULL},
    {"confidence", 'c', "X", OPT_CONFIDENCE, 0, 0, "Scoring",
     "confidence level of the intervals, in percent, as ROUGE -c", "95", NULL},
    {"samples", 'r', "N", OPT_SAMPLES, 0, 0, "Scoring",
     "bootstrap samples, as ROUGE -r (0: the plain mean)", "1000", NULL},
    {"model-average", 'f', "A|B", OPT_AVERAGE, 0, 0, "Scoring",
     "A: pool the references; B: the best one; as ROUGE -f", "A", averages},
    {"alpha", 'p', "X", OPT_ALPHA, 0, 0, "Scoring",
     "F = PR / ((1 - X) P + X R), as ROUGE -p", "0.5", NULL},
    {"per-cluster", 0, NULL, OPT_PER_CLUSTER, 0, 0, "Output",
     "also a row per system and cluster", NULL, NULL},
    {"format", 0, "FMT", OPT_EVAL_FORMAT, 0, 0, "Output", "text, json or tsv", "text",
     eval_formats},
};

static int eval_options(cli_optlist *l)
{
    cli_optlist_add(l, own_rows, sizeof own_rows / sizeof *own_rows, 0);
    return cli_general_options(l);
}

/* One option of eval's own; 1 applied, -1 with the reason in p->err. */
typedef struct eval_args {
    mds_rouge_options o;
    const char *refs_dir, *format;
    size_t samples;
    double confidence;
    int per_cluster;
} eval_args;

static int apply_to(cli_parser *p, mds_rouge_options *o, const char **refs_dir, size_t *samples,
                    double *confidence, int *per_cluster, const char **format)
{
    long l;
    int c;
    switch (p->opt->id) {
    case OPT_REFS:
        *refs_dir = p->value;
        return 1;
    case OPT_STEM:
        o->stem = !p->negated;
        return 1;
    case OPT_REMOVE_STOPWORDS:
        o->remove_stopwords = 1;
        return 1;
    case OPT_STOPWORDS:
        o->remove_stopwords = 1;
        o->stopwords = p->value;
        return 1;
    case OPT_EXCEPTIONS:
        o->exceptions = p->value;
        return 1;
    case OPT_WORDS:
    case OPT_BYTES:
        if (!cli_opt_long(p, 0, (1L << 40), &l))
            return -1;
        *(p->opt->id == OPT_WORDS ? &o->words : &o->bytes) = (size_t)l;
        return 1;
    case OPT_METRICS:
        if (parse_metrics(p->value, &o->skip_distance, &o->metrics))
            return 1;
        cli_opt_fail(p, "'%s': give a list of 1, 2, L, SU4", p->value);
        return -1;
    case OPT_SKIP:
        if (!cli_opt_long(p, -1, 1000, &l))
            return -1;
        o->skip_distance = (int)l;
        return 1;
    case OPT_CONFIDENCE:
        return cli_opt_double(p, 0, 100, confidence) ? 1 : -1;
    case OPT_SAMPLES:
        if (!cli_opt_long(p, 0, 10000000, &l))
            return -1;
        *samples = (size_t)l;
        return 1;
    case OPT_AVERAGE:
        if (!cli_opt_choice(p, &c))
            return -1;
        o->best_model = c == 1;
        return 1;
    case OPT_ALPHA:
        return cli_opt_double(p, 0, 1, &o->alpha) ? 1 : -1;
    case OPT_PER_CLUSTER:
        *per_cluster = 1;
        return 1;
    case OPT_EVAL_FORMAT:
        if (!cli_opt_choice(p, &c))
            return -1;
        *format = eval_formats[c];
        return 1;
    }
    return 0;
}

static int apply(cli_parser *p, void *arg)
{
    eval_args *e = arg;
    return apply_to(p, &e->o, &e->refs_dir, &e->samples, &e->confidence, &e->per_cluster,
                    &e->format);
}

static int run_eval(int argc, char **argv)
{
    eval_args e = {.format = "text", .samples = 1000, .confidence = 95};
    mds_rouge_options_default(&e.o);
    e.o.stem = 1;
    int rc = EXIT_OK;
    const char **ops = calloc((size_t)argc + 1, sizeof *ops);
    size_t nops = 0;
    list refs = {0}, sums = {0};
    mds_ctx *ctx = NULL;
    mds_rouge *rouge = NULL;
    mds_rouge_score *scores = NULL;
    if (!ops)
        return EXIT_INTERNAL;
    if ((rc = cli_parse_args(&cli_cmd_eval, argc, argv, apply, &e, ops, &nops)) >= 0)
        goto done;
    rc = EXIT_OK;
    mds_rouge_options o = e.o;
    const char *refs_dir = e.refs_dir, *format = e.format;
    size_t samples = e.samples;
    double confidence = e.confidence;
    int per_cluster = e.per_cluster;
    if (!refs_dir) {
        rc = cli_usage_error("eval: no references: give --refs DIR");
        goto done;
    }
    if (nops == 0) {
        rc = cli_usage_error("eval: no summaries to score");
        goto done;
    }
    if (o.words && o.bytes) {
        rc = cli_usage_error("eval: a limit in words or in bytes, not both");
        goto done;
    }
    if (!is_dir(refs_dir)) {
        cli_error("--refs %s: %s", refs_dir, errno == ENOENT ? strerror(ENOENT) : "not a folder");
        rc = EXIT_INPUT;
        goto done;
    }
    if ((rc = collect(refs_dir, &refs)))
        goto done;
    if (refs.n == 0) {
        cli_error("--refs %s: no reference summaries in it", refs_dir);
        rc = EXIT_INPUT;
        goto done;
    }
    for (size_t i = 0; i < nops && !rc; i++)
        rc = collect(ops[i], &sums);
    check seen = {0};
    for (size_t i = 0; i < refs.n && !rc; i++)
        rc = check_file(refs.v[i].path, 1, &seen);
    for (size_t i = 0; i < sums.n && !rc; i++)
        rc = check_file(sums.v[i].path, 0, &seen);
    if (rc)
        goto done;
    if (seen.not_utf8)
        cli_warn("%zu file%s not UTF-8 (the first: %s): read as bytes, as ROUGE-1.5.5 reads "
                 "them", seen.not_utf8, seen.not_utf8 == 1 ? " is" : "s are", seen.first);
    qsort(refs.v, refs.n, sizeof *refs.v, cmp_ref);
    qsort(sums.v, sums.n, sizeof *sums.v, cmp_summary);

    mds_status st = mds_ctx_new(&ctx);
    if (!st)
        st = mds_rouge_new(ctx, &o, &rouge);
    if (st) {
        cli_error("%s", ctx ? mds_errmsg(ctx) : mds_strerror(st));
        rc = cli_exit_code(st);
        goto done;
    }
    if (mds_rouge_warning(rouge))
        cli_warn("%s", mds_rouge_warning(rouge));

    /* score every summary whose cluster has references */
    scores = calloc(sums.n + 1, MDS_ROUGE_NMETRICS * sizeof *scores);
    const char **rp = calloc(refs.n + 1, sizeof *rp);
    char *scored = calloc(sums.n + 1, 1);
    if (!scores || !rp || !scored) {
        free(rp);
        free(scored);
        rc = EXIT_INTERNAL;
        goto done;
    }
    size_t nscored = 0, unmatched = 0;
    double t0 = mds__now();
    for (size_t i = 0; i < sums.n; i++) {
        const summary *s = &sums.v[i];
        size_t nr = 0;
        for (size_t j = 0; j < refs.n; j++)
            if (!strcmp(refs.v[j].cluster, s->cluster) && strcmp(refs.v[j].base, s->base))
                rp[nr++] = refs.v[j].path;
        if (nr == 0) {
            unmatched++;
            if (cli_verbosity > 1)
                cli_warn("%s: no reference for cluster '%s'; not scored", s->path, s->cluster);
            continue;
        }
        st = mds_rouge_score_files(rouge, s->path, rp, nr, scores + i * MDS_ROUGE_NMETRICS);
        if (st) {
            cli_error("%s", mds_errmsg(ctx));
            rc = cli_exit_code(st);
            free(rp);
            free(scored);
            goto done;
        }
        scored[i] = 1;
        nscored++;
    }
    double t1 = mds__now();
    free(rp);
    if (unmatched)
        cli_warn("%zu of %zu summaries have no reference of their cluster in %s; not scored%s",
                 unmatched, sums.n, refs_dir, cli_verbosity > 1 ? "" : " (-v names them)");
    if (nscored == 0) {
        cli_error("no summary matches a reference cluster in %s (clusters pair by the file "
                  "name before its first dot, e.g. D0601.M.250.A.B with D0601A.txt)",
                  refs_dir);
        free(scored);
        rc = EXIT_INPUT;
        goto done;
    }
    cli_info("scored %zu summaries in %.3f s", nscored, t1 - t0);

    /* averages per system and metric; summaries are sorted by system, then cluster (ROUGE's
     * order of evaluations, which its bootstrap depends on) */
    FILE *out = stdout;
    mds_status jst = MDS_OK; /* the first failure to write a JSON string */
    int json = !strcmp(format, "json"), tsv = !strcmp(format, "tsv");
    char nb[32];
    mds_rouge_score *col = malloc((sums.n + 1) * sizeof *col);
    if (!col) {
        free(scored);
        rc = EXIT_INTERNAL;
        goto done;
    }
    if (json)
        fprintf(out, "{\"samples\": %zu, \"confidence\": %g, \"metrics\": [", samples, confidence);
    else if (tsv)
        fprintf(out, "metric\tsystem\tcluster\tn\trecall\trecall_lo\trecall_hi\tprecision\t"
                     "precision_lo\tprecision_hi\tf\tf_lo\tf_hi\n");
    int first_metric = 1;
    for (int m = 0; m < MDS_ROUGE_NMETRICS; m++) {
        if (o.metrics && !(o.metrics & (1u << m)))
            continue;
        const char *name = metric_name(m, o.skip_distance, nb, sizeof nb);
        if (json) {
            fprintf(out, "%s\n  {\"metric\": \"%s\", \"systems\": [", first_metric ? "" : ",", name);
        } else if (!tsv) {
            fprintf(out, "%s%s: average over clusters, %g%% bootstrap interval (%zu samples)\n",
                    first_metric ? "" : "\n", name, confidence, samples);
            fprintf(out, "%-12s %8s  %-25s  %-25s  %-25s\n", "system", "clusters", "recall",
                    "precision", "F");
        }
        first_metric = 0;
        int first_sys = 1;
        for (size_t i = 0; i < sums.n;) {
            size_t j = i, n = 0;
            while (j < sums.n && !strcmp(sums.v[j].system, sums.v[i].system)) {
                if (scored[j])
                    col[n++] = scores[j * MDS_ROUGE_NMETRICS + m];
                j++;
            }
            mds_rouge_average av;
            if (n && (st = mds_rouge_bootstrap(col, n, samples, confidence, &av)) != MDS_OK) {
                rc = cli_exit_code(st);
                break;
            }
            const char *sys = sums.v[i].system;
            if (n && json) {
                fprintf(out, "%s\n    {\"system\": ", first_sys ? "" : ",");
                jst = jst ? jst : cli_put_json_string(out, sys);
                fprintf(out, ", \"clusters\": %zu", n);
                static const char *f[] = {"recall", "precision", "f"};
                for (int q = 0; q < 3; q++)
                    fprintf(out, ", \"%s\": %.5f, \"%s_ci\": [%.5f, %.5f]", f[q], av.mean[q], f[q],
                            av.lo[q], av.hi[q]);
                if (per_cluster) {
                    fprintf(out, ", \"per_cluster\": [");
                    int fc = 1;
                    for (size_t q = i; q < j; q++) {
                        if (!scored[q])
                            continue;
                        const mds_rouge_score *s = &scores[q * MDS_ROUGE_NMETRICS + m];
                        fprintf(out, "%s{\"cluster\": ", fc ? "" : ", ");
                        jst = jst ? jst : cli_put_json_string(out, sums.v[q].cluster);
                        fprintf(out, ", \"file\": ");
                        jst = jst ? jst : cli_put_json_string(out, sums.v[q].path);
                        fprintf(out, ", \"recall\": %.5f, \"precision\": %.5f, \"f\": %.5f}",
                                s->recall, s->precision, s->f);
                        fc = 0;
                    }
                    fprintf(out, "]");
                }
                fprintf(out, "}");
                first_sys = 0;
            } else if (n && tsv) {
                fprintf(out, "%s\t%s\t*\t%zu", name, sys, n);
                for (int q = 0; q < 3; q++)
                    fprintf(out, "\t%.5f\t%.5f\t%.5f", av.mean[q], av.lo[q], av.hi[q]);
                fputc('\n', out);
                for (size_t q = i; q < j && per_cluster; q++) {
                    if (!scored[q])
                        continue;
                    const mds_rouge_score *s = &scores[q * MDS_ROUGE_NMETRICS + m];
                    fprintf(out, "%s\t%s\t%s\t1\t%.5f\t\t\t%.5f\t\t\t%.5f\t\t\n", name, sys,
                            sums.v[q].cluster, s->recall, s->precision, s->f);
                }
            } else if (n) {
                fprintf(out, "%-12s %8zu", sys, n);
                for (int q = 0; q < 3; q++)
                    fprintf(out, "  %.5f [%.5f-%.5f]", av.mean[q], av.lo[q], av.hi[q]);
                fputc('\n', out);
                for (size_t q = i; q < j && per_cluster; q++) {
                    if (!scored[q])
                        continue;
                    const mds_rouge_score *s = &scores[q * MDS_ROUGE_NMETRICS + m];
                    fprintf(out, "  %-19s  %.5f                    %.5f                    %.5f\n",
                            sums.v[q].cluster, s->recall, s->precision, s->f);
                }
            }
            i = j;
        }
        if (json)
            fprintf(out, "\n  ]}");
    }
    if (json)
        fprintf(out, "\n]}\n");
    free(col);
    free(scored);
    if (jst == MDS_ENOMEM) {
        cli_error("out of memory");
        rc = EXIT_INTERNAL;
    } else if (fflush(out) != 0 || ferror(out)) {
        cli_error("writing the results: %s", strerror(errno));
        rc = EXIT_INPUT;
    }
done:
    mds_rouge_free(rouge);
    mds_ctx_free(ctx);
    free(scores);
    list_free(&refs);
    list_free(&sums);
    free(ops);
    return rc;
}

const cli_command cli_cmd_eval = {
    .name = "eval",
    .synopsis = "eval --refs DIR [OPTIONS] SUMMARIES...",
    .about =
        "Scores summaries against reference summaries with ROUGE, reproducing ROUGE-1.5.5's "
        "figures (its tokenization, Porter stemmer, truncation, averaging and bootstrap). "
        "Summaries and references are plain text, one sentence a line (or ROUGE's SEE html). "
        "They pair by cluster: the part of the file name before its first dot, in any case, a "
        "DUC topic's letter dropped (D0601.M.250.A.B and D0601A.txt are cluster d0601); or one "
        "folder per cluster, in DIR and in a SUMMARIES folder. A summary's system is the part "
        "after the last dot (D0601.M.250.A.12: system 12), else (no dot, or .txt) its folder's "
        "name (or, in a folder per cluster, its file name). A summary is never scored against "
        "a reference of the same file name (a human's own summary).",
    .epilogue =
        "ROUGE-1.5.5 equivalent of the defaults: -n 2 -2 4 -u -m -c 95 -r 1000 -f A -p 0.5 -t "
        "0 -a. Exit status: 0 scored, 1 bad usage, 2 bad input (a missing folder, a binary "
        "file, no summary matching a reference cluster), 4 internal error.",
    .options = eval_options,
    .run = run_eval,
};
