/* summarize batch: many clusters, one summary each, on every core.
 *
 *   summarize batch [OPTIONS] CORPUS -o OUT          every subdirectory of CORPUS is a cluster
 *   summarize batch --input-format jsonl [FILE|-]     one cluster a JSON line; JSONL to stdout
 *
 * Worker threads take clusters from a shared list, each with its own context over one shared
 * model. A summary is written under a temporary name and renamed, so OUT/<name>.txt exists
 * only when it is complete: that is how a rerun knows what to skip. */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "progress.h"

/* ---- a growable string, and JSON strings for the report ---------------------------------- */

typedef struct sbuf {
    char *d;
    size_t len, cap;
    int oom;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = realloc(b->d, cap);
        if (!d) {
            b->oom = 1;
            return;
        }
        b->d = d;
        b->cap = cap;
    }
    memcpy(b->d + b->len, s, n);
    b->len += n;
    b->d[b->len] = '\0';
}

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        sb_add(b, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        b->oom = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb_add(b, big, (size_t)n);
    free(big);
}

/* Length of a valid UTF-8 sequence at s (1 to 4), or 0. */
static size_t utf8_len(const unsigned char *s)
{
    size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] <= 0xDF ? 2
                                  : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
                                  : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
    for (size_t k = 1; k < len; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    return len;
}

/* A JSON string; NULL is null. Bytes that are not UTF-8 (a directory name can hold any)
 * become U+FFFD, so the report is always valid JSON. */
static void sb_json(sbuf *b, const char *s)
{
    if (!s) {
        sb_add(b, "null", 4);
        return;
    }
    sb_add(b, "\"", 1);
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        size_t n = utf8_len(u);
        if (*u == '"' || *u == '\\') {
            sb_add(b, "\\", 1);
            sb_add(b, (const char *)u, 1);
        } else if (*u == '\n') {
            sb_add(b, "\\n", 2);
        } else if (*u == '\t') {
            sb_add(b, "\\t", 2);
        } else if (*u < 0x20) {
            sb_printf(b, "\\u%04x", *u);
        } else if (n == 0) {
            sb_add(b, "\\ufffd", 6);
            n = 1;
        } else {
            sb_add(b, (const char *)u, n);
        }
        u += n ? n : 1;
    }
    sb_add(b, "\"", 1);
}

/* ---- the run ----------------------------------------------------------------------------- */

enum { PENDING, DONE_OK, DONE_FAILED, DONE_SKIPPED };

typedef struct item {
    char *name;      /* directory mode: the cluster's directory name */
    char *line;      /* stream mode: the cluster's JSON line */
    size_t line_len, lineno;
    int state;
    mds_status st;
    char *id;        /* stream mode: the cluster's "id" */
    char *reason;
    char *summary;   /* stream mode: the summary as one JSON object */
    size_t documents, sentences, candidates;
    double seconds;
} item;

typedef struct batch {
    cli_options o;
    const char *corpus, *out, *ext;
    int stream, force;
    item *items;
    size_t n, next;
    size_t done, failed; /* over the whole run, for the progress bar */
    pthread_mutex_t lock;
    cli_progress progress;
} batch;

typedef struct worker {
    batch *b;
    mds_ctx *ctx;
    pthread_t thread;
} worker;

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig) { stop_signal = sig; }

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *path_join(const char *dir, const char *name, const char *ext)
{
    size_t n = strlen(dir) + strlen(name) + strlen(ext) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s%s", dir, name, ext);
    return p;
}

static void fail_item(item *it, mds_status st, const char *msg)
{
    it->state = DONE_FAILED;
    it->st = st;
    it->reason = strdup(msg);
}

/* One cluster, start to end, on this worker's context. */
static void run_item(batch *b, mds_ctx *ctx, item *it)
{
    double t0 = now();
    char *outpath = NULL, *text = NULL;
    mds_cluster *cl = NULL;
    mds_result *res = NULL;
    size_t len = 0;
    mds_status st;
    if (!b->stream) {
        struct stat sb;
        if (!(outpath = path_join(b->out, it->name, b->ext))) {
            fail_item(it, MDS_ENOMEM, "out of memory");
            goto done;
        }
        if (!b->force && stat(outpath, &sb) == 0 && S_ISREG(sb.st_mode)) {
            it->state = DONE_SKIPPED; /* only a finished rename makes this name */
            goto done;
        }
    }
    if ((st = mds_cluster_new(ctx, &cl))) {
        fail_item(it, st, mds_strerror(st));
        goto done;
    }
    if (b->stream) {
        st = mds_cluster_add_json(cl, it->line, it->line_len, &it->id);
    } else {
        char *dir = path_join(b->corpus, it->name, "");
        st = dir ? mds_cluster_add_dir(cl, dir) : MDS_ENOMEM;
        free(dir);
    }
    if (st) {
        fail_item(it, st, mds_errmsg(ctx));
        goto done;
    }
    it->documents = mds_cluster_document_count(cl);
    if ((st = mds_summarize(ctx, cl, b->o.p, &res))) {
        fail_item(it, st, mds_errmsg(ctx));
        goto done;
    }
    mds_stats s;
    mds_result_stats(res, &s);
    it->sentences = s.sentences;
    it->candidates = s.candidates;
    if (s.warning) {
        pthread_mutex_lock(&b->lock);
        cli_progress_clear(&b->progress);
        cli_warn("%s: %s", it->id ? it->id : it->name ? it->name : "-", s.warning);
        pthread_mutex_unlock(&b->lock);
    }
    mds_format fmt = b->stream ? MDS_FORMAT_JSONL : b->o.format;
    if ((st = mds_result_render(res, fmt, &text, &len))) {
        fail_item(it, st, mds_strerror(st));
        goto done;
    }
    if (b->stream) {
        while (len > 0 && text[len - 1] == '\n')
            text[--len] = '\0';
        it->summary = text;
        text = NULL;
    } else if (cli_write_file_atomic(outpath, text, len) != 0) {
        char msg[512];
        int e = errno;
        snprintf(msg, sizeof msg, "%s: %s", outpath, strerror(e));
        fail_item(it, e == ENOMEM ? MDS_ENOMEM : MDS_EIO, msg);
        goto done;
    }
    it->state = DONE_OK;
done:
    if (it->state == DONE_FAILED && !it->reason)
        it->st = MDS_ENOMEM;
    it->seconds = now() - t0;
    mds_free(text);
    mds_result_free(res);
    mds_cluster_free(cl);
    free(outpath);
}

static const char *item_label(const item *it, char *buf, size_t size)
{
    if (it->name)
        return it->name;
    if (it->id)
        return it->id;
    snprintf(buf, size, "line %zu", it->lineno);
    return buf;
}

static void *work(void *arg)
{
    worker *w = arg;
    batch *b = w->b;
    for (;;) {
        pthread_mutex_lock(&b->lock);
        size_t i = b->next;
        int go = !stop_signal && i < b->n;
        if (go)
            b->next++;
        pthread_mutex_unlock(&b->lock);
        if (!go)
            break;
        item *it = &b->items[i];
        run_item(b, w->ctx, it);
        pthread_mutex_lock(&b->lock);
        b->done++;
        if (it->state == DONE_FAILED) {
            char label[48];
            b->failed++;
            cli_progress_clear(&b->progress);
            fprintf(stderr, "%s: %s: %s\n", cli_prog, item_label(it, label, sizeof label),
                    it->reason ? it->reason : "out of memory");
        }
        cli_progress_update(&b->progress, b->done, b->failed);
        pthread_mutex_unlock(&b->lock);
    }
    return NULL;
}

/* Runs items [0, b->n) on the workers; returns when all are done or a signal stopped them. */
static int run_pool(batch *b, worker *w, int jobs)
{
    b->next = 0;
    if ((size_t)jobs > b->n)
        jobs = (int)b->n;
    if (jobs <= 1) {
        if (jobs == 1)
            work(&w[0]);
        return 0;
    }
    int started = 0, rc = 0;
    for (; started < jobs; started++)
        if (pthread_create(&w[started].thread, NULL, work, &w[started]) != 0)
            break;
    if (started == 0) {
        work(&w[0]); /* no threads to be had: do it all here */
        rc = 0;
    }
    for (int t = 0; t < started; t++)
        pthread_join(w[t].thread, NULL);
    return rc;
}

static void item_clear(item *it)
{
    free(it->name);
    free(it->line);
    free(it->id);
    free(it->reason);
    mds_free(it->summary);
    memset(it, 0, sizeof *it);
}

static void report_line(sbuf *r, const item *it, int stream)
{
    static const char *const names[] = {"pending", "ok", "failed", "skipped"};
    sb_add(r, "{", 1);
    if (stream) {
        sb_add(r, "\"id\":", 5);
        sb_json(r, it->id);
        sb_printf(r, ",\"line\":%zu", it->lineno);
    } else {
        sb_add(r, "\"name\":", 7);
        sb_json(r, it->name);
    }
    sb_printf(r, ",\"status\":\"%s\"", names[it->state]);
    if (it->state == DONE_FAILED) {
        sb_add(r, ",\"reason\":", 10);
        sb_json(r, it->reason ? it->reason : "out of memory");
        sb_printf(r, ",\"exit\":%d", cli_exit_code(it->st));
    }
    if (it->state != DONE_SKIPPED)
        sb_printf(r, ",\"documents\":%zu,\"sentences\":%zu,\"candidates\":%zu,\"seconds\":%.6f",
                  it->documents, it->sentences, it->candidates, it->seconds);
    if (stream && it->summary) {
        sb_add(r, ",\"summary\":", 11);
        sb_add(r, it->summary, strlen(it->summary));
    }
    sb_add(r, "}\n", 2);
}

static int cmp_items(const void *a, const void *c)
{
    return strcmp(((const item *)a)->name, ((const item *)c)->name);
}

/* The clusters of CORPUS: its subdirectories, hidden ones and OUT itself left out, in byte
 * order of their names; then this shard's share of them. */
static int list_clusters(batch *b, unsigned shard_k, unsigned shard_n)
{
    DIR *dir = opendir(b->corpus);
    if (!dir) {
        cli_error("%s: %s", b->corpus, strerror(errno));
        return EXIT_INPUT;
    }
    struct stat out_sb;
    int have_out = stat(b->out, &out_sb) == 0;
    size_t cap = 0;
    struct dirent *de;
    int rc = EXIT_OK;
    while ((de = readdir(dir)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char *p = path_join(b->corpus, de->d_name, "");
        struct stat sb;
        int isdir = p && stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
        free(p);
        if (!p) {
            rc = EXIT_INTERNAL;
            break;
        }
        if (!isdir || (have_out && sb.st_dev == out_sb.st_dev && sb.st_ino == out_sb.st_ino))
            continue;
        if (b->n == cap) {
            cap = cap ? cap * 2 : 64;
            item *ni = realloc(b->items, cap * sizeof *ni);
            if (!ni) {
                rc = EXIT_INTERNAL;
                break;
            }
            b->items = ni;
        }
        memset(&b->items[b->n], 0, sizeof *b->items);
        if (!(b->items[b->n].name = strdup(de->d_name))) {
            rc = EXIT_INTERNAL;
            break;
        }
        b->n++;
    }
    closedir(dir);
    if (rc) {
        cli_error("out of memory");
        return rc;
    }
    if (b->n)
        qsort(b->items, b->n, sizeof *b->items, cmp_items);
    /* Round-robin over the sorted names: deterministic on every machine, and the shards
     * differ in size by one cluster at most. */
    size_t kept = 0;
    for (size_t i = 0; i < b->n; i++) {
        if (i % shard_n == shard_k - 1)
            b->items[kept++] = b->items[i];
        else
            item_clear(&b->items[i]);
    }
    b->n = kept;
    return EXIT_OK;
}

static void help(void)
{
    printf("Usage: %s batch [OPTIONS] CORPUS -o OUT\n"
           "       %s batch [OPTIONS] --input-format jsonl [FILE|-]\n"
           "\n"
           "Summarizes many clusters on every core. Every subdirectory of CORPUS (hidden ones\n"
           "left out) is a cluster; its summary goes to OUT/NAME.txt (.json, .jsonl with\n"
           "--format), written whole under a temporary name and renamed, and OUT/report.jsonl\n"
           "says, a line per cluster, ok, failed (and why) or skipped. A summary already in\n"
           "OUT is complete (only a finished rename makes it), so a rerun skips its cluster.\n"
           "With --input-format jsonl, each line of FILE (or stdin) is a cluster,\n"
           "  {\"id\": ..., \"documents\": [{\"id\": ..., \"text\": ..., \"date\": ...}, ...]}\n"
           "and a JSON line per cluster, in input order, goes to stdout.\n"
           "\n"
           "Batch:\n"
           "  -o, --output OUT     the directory for summaries and the report (created)\n"
           "  -j, --jobs N         clusters at once, each on its own thread (default: the\n"
           "                       online CPUs, here %ld)\n"
           "  --force              redo clusters whose summary is already in OUT\n"
           "  --shard K/N          only the K-th of N shares of the clusters (1 <= K <= N):\n"
           "                       every N-th in name order (in line order for jsonl)\n"
           "  --input-format F     dir (default) or jsonl\n"
           "  --format FMT         text, json or jsonl summaries (default text)\n"
           "  -q, --quiet          no progress bar (it shows only on a terminal anyway)\n"
           "\n",
           cli_prog, cli_prog, sysconf(_SC_NPROCESSORS_ONLN));
    cli_help_length();
    cli_help_shared();
    printf("Exit status: 0 every cluster ok or skipped; 2 (3, 4) some cluster failed on its\n"
           "input (the backend, memory): the highest such code; 1 bad usage; 128+signal\n"
           "(130 for SIGINT) when stopped by SIGINT or SIGTERM, after the clusters in\n"
           "flight and the report. Manual: docs/summarize.1.md.\n");
}

static int parse_shard(const char *v, unsigned *k, unsigned *n)
{
    char *end;
    errno = 0;
    unsigned long a = strtoul(v, &end, 10);
    if (end == v || *end != '/' || errno)
        goto bad;
    const char *s = end + 1;
    unsigned long c = strtoul(s, &end, 10);
    if (end == s || *end || errno || c < 1 || c > 1000000 || a < 1 || a > c || v[0] == '-' ||
        s[0] == '-')
        goto bad;
    *k = (unsigned)a;
    *n = (unsigned)c;
    return 1;
bad:
    cli_usage_error("--shard: '%s' is not K/N with 1 <= K <= N", v);
    return 0;
}

/* Reads the next chunk of nonblank lines of this shard into b->items; 0 at the end. */
static int read_chunk(batch *b, FILE *f, size_t max_items, size_t *lineno, size_t *seen,
                      unsigned shard_k, unsigned shard_n, int *rc)
{
    char *line = NULL;
    size_t cap = 0, bytes = 0;
    b->n = 0;
    while (b->n < max_items && bytes < ((size_t)256 << 20) && !stop_signal) {
        /* A slow producer (a pipe) must not hold back what has come: with clusters in hand
         * and nothing more to read now, run them. */
        struct pollfd pfd = {.fd = fileno(f), .events = POLLIN};
        if (b->n > 0 && poll(&pfd, 1, 0) == 0)
            break;
        errno = 0;
        ssize_t got = getline(&line, &cap, f);
        if (got < 0) {
            if (ferror(f) && !stop_signal) {
                cli_error("reading the input: %s", strerror(errno));
                *rc = EXIT_INPUT;
            }
            break;
        }
        ++*lineno;
        size_t len = (size_t)got;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        size_t blank = 0;
        while (blank < len && (line[blank] == ' ' || line[blank] == '\t'))
            blank++;
        if (blank == len)
            continue;
        if ((*seen)++ % shard_n != shard_k - 1)
            continue;
        item *it = &b->items[b->n];
        memset(it, 0, sizeof *it);
        if (!(it->line = malloc(len + 1))) {
            cli_error("out of memory");
            *rc = EXIT_INTERNAL;
            break;
        }
        memcpy(it->line, line, len);
        it->line[len] = '\0';
        it->line_len = len;
        it->lineno = *lineno;
        bytes += len;
        b->n++;
    }
    free(line);
    return b->n > 0;
}

/* The batch on options `o` (their parameters owned by the caller). */
static int batch_main(const cli_options *o, int argc, char **argv)
{
    batch b;
    memset(&b, 0, sizeof b);
    b.o = *o;
    long jobs = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned shard_k = 1, shard_n = 1;
    const char *input = NULL;
    int rc = EXIT_OK, operands = 0;
    if (jobs < 1)
        jobs = 1;

    cli_args a = {.argc = argc, .argv = argv, .i = 1};
    const char *opt, *operand, *v;
    int k;
    while ((k = cli_next(&a, &opt, &operand)) != 0) {
        if (k == 2) {
            input = operand;
            operands++;
            continue;
        }
        if (!strcmp(opt, "-h") || !strcmp(opt, "--help")) {
            help();
            return EXIT_OK;
        } else if (!strcmp(opt, "--version")) {
            printf("summarize (mds) %s\n", mds_version());
            return EXIT_OK;
        } else if (!strcmp(opt, "-j") || !strcmp(opt, "--jobs")) {
            if (!(v = cli_value(&a)) || !cli_parse_int(opt, v, 1, 4096, &jobs))
                return EXIT_USAGE;
        } else if (!strcmp(opt, "--force")) {
            if (!cli_no_value(&a))
                return EXIT_USAGE;
            b.force = 1;
        } else if (!strcmp(opt, "--shard")) {
            if (!(v = cli_value(&a)) || !parse_shard(v, &shard_k, &shard_n))
                return EXIT_USAGE;
        } else if (!strcmp(opt, "--input-format")) {
            if (!(v = cli_value(&a)))
                return EXIT_USAGE;
            if (!strcmp(v, "jsonl"))
                b.stream = 1;
            else if (!strcmp(v, "dir"))
                b.stream = 0;
            else
                return cli_usage_error("--input-format: '%s' is not dir or jsonl", v);
        } else {
            int r = cli_common_option(&a, opt, &b.o);
            if (r < 0)
                return EXIT_USAGE;
            if (r == 0)
                return cli_usage_error("unknown option '%s'", opt);
        }
    }
    if (operands > 1)
        return cli_usage_error("batch takes one %s, not %d", b.stream ? "input" : "CORPUS",
                               operands);
    if (b.stream) {
        if (b.o.output)
            return cli_usage_error("with --input-format jsonl the results go to stdout: no -o");
        if (!input)
            input = "-";
    } else {
        if (!input)
            return cli_usage_error("no CORPUS: give a directory of cluster directories");
        if (!b.o.output)
            return cli_usage_error("no -o OUT: give the directory for the summaries");
    }
    if (mds_params_check(b.o.p) != MDS_OK)
        return cli_usage_error("%s", mds_params_errmsg(b.o.p));
    b.corpus = input;
    b.out = b.o.output;
    b.ext = b.o.format == MDS_FORMAT_JSON ? ".json" : b.o.format == MDS_FORMAT_JSONL ? ".jsonl" : ".txt";

    /* The clusters, or the stream, and the output directory. */
    FILE *in = NULL;
    if (b.stream) {
        in = strcmp(input, "-") == 0 ? stdin : fopen(input, "rb");
        if (!in) {
            cli_error("%s: %s", input, strerror(errno));
            return EXIT_INPUT;
        }
    } else {
        struct stat sb;
        if (stat(b.out, &sb) != 0 && mkdir(b.out, 0777) != 0 && errno != EEXIST) {
            cli_error("%s: %s", b.out, strerror(errno));
            return EXIT_INPUT;
        }
        if (stat(b.out, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
            cli_error("%s: not a directory", b.out);
            return EXIT_INPUT;
        }
        if ((rc = list_clusters(&b, shard_k, shard_n)) != EXIT_OK)
            goto free_items;
    }

    /* One context a worker, all reading one model. */
    if (!b.stream && (size_t)jobs > b.n && b.n > 0)
        jobs = (long)b.n;
    worker *w = calloc((size_t)jobs, sizeof *w);
    if (!w) {
        cli_error("out of memory");
        rc = EXIT_INTERNAL;
        goto free_items;
    }
    mds_status st = MDS_OK;
    for (long t = 0; t < jobs && !st; t++) {
        w[t].b = &b;
        st = t == 0 ? mds_ctx_new(&w[0].ctx) : mds_ctx_new_sharing(w[0].ctx, &w[t].ctx);
        if (!st && t == 0 && b.o.model && (st = mds_ctx_load_model(w[0].ctx, b.o.model)))
            cli_error("%s", mds_errmsg(w[0].ctx));
        else if (st)
            cli_error("%s", mds_strerror(st));
    }
    if (st) {
        rc = cli_exit_code(st);
        goto free_workers;
    }
    /* Each worker is one core's worth: BLAS threads of its own would only oversubscribe
     * (and OpenBLAS's idle threads spin in sched_yield: 20% of a -j 1 run on DUC 2006). */
    mds_set_blas_threads(1);
    pthread_mutex_init(&b.lock, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND; /* a second ^C kills at once */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    double t0 = now();
    size_t nok = 0, nfailed = 0, nskipped = 0, total = 0;
    int worst = EXIT_OK;
    sbuf report = {0};
    if (b.stream) {
        size_t chunk = (size_t)jobs * 8, lineno = 0, seen = 0;
        if (!(b.items = calloc(chunk, sizeof *b.items))) {
            cli_error("out of memory");
            rc = EXIT_INTERNAL;
            goto free_lock;
        }
        cli_progress_start(&b.progress, 0, cli_verbosity < 1);
        while (!rc && read_chunk(&b, in, chunk, &lineno, &seen, shard_k, shard_n, &rc)) {
            run_pool(&b, w, (int)jobs);
            for (size_t i = 0; i < b.n; i++) {
                item *it = &b.items[i];
                if (it->state != PENDING) {
                    report.len = 0;
                    report_line(&report, it, 1);
                    if (report.oom) {
                        cli_error("out of memory");
                        rc = EXIT_INTERNAL;
                        break;
                    }
                    fwrite(report.d, 1, report.len, stdout);
                    total++;
                    nok += it->state == DONE_OK;
                    if (it->state == DONE_FAILED) {
                        nfailed++;
                        if (cli_exit_code(it->st) > worst)
                            worst = cli_exit_code(it->st);
                    }
                }
                item_clear(it);
            }
            if (fflush(stdout) != 0) {
                cli_error("standard output: %s", strerror(errno));
                rc = EXIT_INPUT;
            }
        }
        b.n = 0;
        cli_progress_finish(&b.progress, b.done, b.failed);
    } else {
        cli_progress_start(&b.progress, b.n, cli_verbosity < 1);
        run_pool(&b, w, (int)jobs);
        cli_progress_finish(&b.progress, b.done, b.failed);
        /* The report in name order, whatever order the workers finished in. */
        for (size_t i = 0; i < b.n; i++) {
            item *it = &b.items[i];
            if (it->state == PENDING)
                continue;
            report_line(&report, it, 0);
            total++;
            nok += it->state == DONE_OK;
            nskipped += it->state == DONE_SKIPPED;
            if (it->state == DONE_FAILED) {
                nfailed++;
                if (cli_exit_code(it->st) > worst)
                    worst = cli_exit_code(it->st);
            }
        }
        char name[64];
        if (shard_n > 1)
            snprintf(name, sizeof name, "report.%u-of-%u", shard_k, shard_n);
        else
            snprintf(name, sizeof name, "report");
        char *rpath = path_join(b.out, name, ".jsonl");
        if (report.oom || !rpath) {
            cli_error("out of memory");
            rc = EXIT_INTERNAL;
        } else if (cli_write_file_atomic(rpath, report.d ? report.d : "", report.len) != 0) {
            cli_error("%s: %s", rpath, strerror(errno));
            rc = EXIT_INPUT;
        }
        free(rpath);
    }
    free(report.d);
    double el = now() - t0;
    if (stop_signal) {
        fprintf(stderr, "%s: stopped by signal %d after %zu clusters; %s\n", cli_prog,
                (int)stop_signal, total,
                b.stream ? "the rest of the input was not read"
                         : "the report lists what was done; rerun to do the rest");
        rc = 128 + stop_signal;
    } else if (!rc) {
        rc = worst;
    }
    if (cli_verbosity >= 2 || (nfailed && cli_verbosity >= 1))
        fprintf(stderr, "%s: %zu clusters in %.2f s: %zu ok, %zu failed, %zu skipped\n",
                cli_prog, total, el, nok, nfailed, nskipped);
free_lock:
    pthread_mutex_destroy(&b.lock);
free_workers:
    for (long t = 0; t < jobs; t++)
        mds_ctx_free(w[t].ctx);
    free(w);
free_items:
    for (size_t i = 0; i < b.n; i++)
        item_clear(&b.items[i]);
    free(b.items);
    if (in && in != stdin)
        fclose(in);
    return rc;
}

int cmd_batch(int argc, char **argv)
{
    cli_options o;
    int rc = cli_options_init(&o);
    if (rc)
        return rc;
    rc = batch_main(&o, argc, argv);
    cli_options_free(&o);
    return rc;
}
