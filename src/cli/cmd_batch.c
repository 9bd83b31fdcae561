/* SPDX-License-Identifier: MIT */
/* summarize batch: many clusters, one summary each, on every core.
 *
 *   summarize batch [OPTIONS] CORPUS -o OUT          every subdirectory of CORPUS is a cluster
 *   summarize batch --input-format jsonl [FILE|-]     one cluster a JSON line; JSONL to stdout
 *
 * Worker threads take clusters from a shared list, each with its own context over one shared
 * model. A summary is written under a temporary name and renamed, so OUT/<name>.txt exists
 * only when it is complete: that is how a rerun knows what to skip.
 *
 * Batch's own files in OUT never take a cluster's name: the locks and the temporaries are
 * hidden (no hidden folder is a cluster), and a cluster whose summary would be named as the
 * report (report.jsonl, report.K-of-N.jsonl) fails with the reason instead. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "progress.h"
#include "topics.h"
#include "writer.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/dirlist.h"
#include "util/fileio.h"

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
    const cli_topic *topic; /* --topics: the cluster's question, or NULL */
    mds_param param; /* the parameter a failure is about (mds_errparam), or 0 */
    size_t documents, sentences, candidates;
    double seconds;
} item;

typedef struct batch {
    cli_options o;
    const char *output; /* -o */
    const char *corpus, *out, *ext;
    int stream, force;
    int read_err;       /* stream mode: the errno of a failed read, or 0 */
    size_t read_line;   /* and the line it failed in */
    item *items;
    size_t n, next;
    size_t *order;      /* the order the workers take items in (run_pool), or NULL: 0, 1... */
    size_t done, failed; /* over the whole run, for the progress bar */
    pthread_mutex_t lock;
    cli_progress progress;
    const char *topics_path; /* --topics FILE */
    cli_topics topics;
    int unmatched;           /* a topic without a cluster or a cluster without a topic */
    cli_writer *writer;      /* the summaries' files, written off the workers; or NULL */
} batch;

typedef struct worker {
    batch *b;
    mds_ctx *ctx;
    pthread_t thread;
} worker;

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig) { stop_signal = sig; }

static char *path_join(const char *dir, const char *name, const char *ext)
{
    size_t n = strlen(dir) + strlen(name) + strlen(ext) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s%s", dir, name, ext);
    return p;
}

/* Whether NAME.EXT is a name the report takes: report.jsonl, report.K-of-N.jsonl. */
static int is_report_name(const char *name, const char *ext)
{
    if (strcmp(ext, ".jsonl") != 0 || strncmp(name, "report", 6) != 0)
        return 0;
    const char *p = name + 6;
    if (!*p)
        return 1;
    if (*p++ != '.' || !(*p >= '0' && *p <= '9'))
        return 0;
    while (*p >= '0' && *p <= '9')
        p++;
    if (strncmp(p, "-of-", 4) != 0 || !(p[4] >= '0' && p[4] <= '9'))
        return 0;
    for (p += 4; *p >= '0' && *p <= '9'; p++)
        ;
    return *p == '\0';
}

static void fail_item(item *it, mds_status st, const char *msg)
{
    /* The library names a JSON cluster by its id in its messages; the line and the report
     * name it already. */
    size_t n = it->id ? strlen(it->id) : 0;
    if (n && strncmp(msg, it->id, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ')
        msg += n + 2;
    it->state = DONE_FAILED;
    it->st = st;
    it->reason = strdup(msg);
}

static void fail_write(item *it, const char *path, int e)
{
    char msg[512];
    snprintf(msg, sizeof msg, "%s: %s", path, strerror(e));
    fail_item(it, e == ENOMEM ? MDS_ENOMEM : MDS_EIO, msg);
    if (!it->reason)
        it->st = MDS_ENOMEM;
}

/* One cluster, start to end, on this worker's context; its summary's file is written here,
 * or queued for the writer: then 1 is returned, and from then on the item is the writer's
 * (written() makes it ok or failed, under the lock). */
static int run_item(batch *b, mds_ctx *ctx, item *it)
{
    int queued = 0;
    double t0 = mds__now();
    char *outpath = NULL, *text = NULL;
    mds_cluster *cl = NULL;
    mds_result *res = NULL;
    size_t len = 0;
    int e = 0;
    mds_status st;
    if (!b->stream) {
        struct stat sb;
        if (!(outpath = path_join(b->out, it->name, b->ext))) {
            fail_item(it, MDS_ENOMEM, "out of memory");
            goto done;
        }
        if (is_report_name(it->name, b->ext)) {
            char msg[512];
            snprintf(msg, sizeof msg, "its summary would be %s, the batch report's name: "
                     "rename the folder, or choose another --format", outpath);
            fail_item(it, MDS_EINVAL, msg);
            goto done;
        }
        if (!b->force && stat(outpath, &sb) == 0 && S_ISREG(sb.st_mode)) {
            it->state = DONE_SKIPPED; /* only a finished rename makes this name */
            goto done;
        }
    }
    if ((st = mds_cluster_new(ctx, &cl)) || (st = cli_cluster_setup(&b->o, cl))) {
        fail_item(it, st, mds_strerror(st));
        goto done;
    }
    if (b->stream) {
        st = mds_cluster_add_json(cl, it->line, it->line_len, &it->id);
    } else {
        char *dir = path_join(b->corpus, it->name, "");
        st = dir ? mds_cluster_add_dir(cl, dir) : MDS_ENOMEM;
        free(dir);
        if (!st && it->topic)
            st = mds_cluster_set_query(cl, it->topic->query, it->topic->len);
    }
    if (st) {
        it->param = mds_errparam(ctx); /* --max-input */
        fail_item(it, st, mds_errmsg(ctx));
        goto done;
    }
    it->documents = mds_cluster_document_count(cl);
    if (mds_cluster_warning_count(cl)) { /* a file read as Windows-1252 */
        pthread_mutex_lock(&b->lock);
        cli_progress_clear(&b->progress);
        for (size_t i = 0; i < mds_cluster_warning_count(cl); i++)
            cli_warn("%s: %s", it->id ? it->id : it->name ? it->name : "-",
                     mds_cluster_warning(cl, i));
        pthread_mutex_unlock(&b->lock);
    }
    if ((st = mds_summarize(ctx, cl, b->o.p, &res))) {
        /* how big the cluster that failed was, as far as the run got */
        mds_last_counts(ctx, NULL, &it->sentences, &it->candidates);
        it->param = mds_errparam(ctx);
        fail_item(it, st, mds_errmsg(ctx));
        goto done;
    }
    mds_stats s;
    mds_result_stats(res, &s);
    it->sentences = s.sentences;
    it->candidates = s.candidates;
    if (mds_result_count(res) == 0) {
        char msg[256];
        fail_item(it, MDS_EEMPTY, cli_empty_summary(&b->o, msg, sizeof msg));
        goto done;
    }
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
    } else if (b->writer) {
        /* the writer makes it ok or failed (written) once the file is whole */
        it->seconds = mds__now() - t0;
        queued = 1;
        cli_writer_put(b->writer, outpath, text, len, it);
        outpath = text = NULL;
        goto done;
    } else if (mds__write_file_atomic(outpath, text, len, &e) != MDS_OK) {
        fail_write(it, outpath, e);
        goto done;
    }
    it->state = DONE_OK;
done:
    if (!queued) {
        if (it->state == DONE_FAILED && !it->reason)
            it->st = MDS_ENOMEM;
        it->seconds = mds__now() - t0;
    }
    mds_free(text);
    mds_result_free(res);
    mds_cluster_free(cl);
    free(outpath);
    return queued;
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

/* A failed item told on stderr and counted; b->lock held. */
static void say_failed(batch *b, const item *it)
{
    char label[48], advice[256];
    b->failed++;
    cli_progress_clear(&b->progress);
    const char *tip = cli_advice(it->param, advice, sizeof advice);
    cli_say("%s: %s%s%s", item_label(it, label, sizeof label),
            it->reason ? it->reason : "out of memory", tip ? "; " : "", tip ? tip : "");
}

/* The writer's word on a summary's file (cli_writer_done), on its thread. */
static void written(void *arg, void *tag, const char *path, int err)
{
    batch *b = arg;
    item *it = tag;
    pthread_mutex_lock(&b->lock);
    if (err) {
        fail_write(it, path, err);
        say_failed(b, it);
        cli_progress_update(&b->progress, b->done, b->failed);
    } else {
        it->state = DONE_OK;
    }
    pthread_mutex_unlock(&b->lock);
}

static void release_summary(void *text) { mds_free(text); }

static void *work(void *arg)
{
    worker *w = arg;
    batch *b = w->b;
    for (;;) {
        pthread_mutex_lock(&b->lock);
        size_t k = b->next;
        int go = !stop_signal && k < b->n;
        if (go)
            b->next++;
        pthread_mutex_unlock(&b->lock);
        if (!go)
            break;
        size_t i = b->order ? b->order[k] : k;
        item *it = &b->items[i];
        int queued = run_item(b, w->ctx, it);
        pthread_mutex_lock(&b->lock);
        b->done++;
        if (!queued && it->state == DONE_FAILED)
            say_failed(b, it);
        cli_progress_update(&b->progress, b->done, b->failed);
        pthread_mutex_unlock(&b->lock);
    }
    return NULL;
}

/* Bytes of the files under a cluster's folder, and in its folders to a depth of 4: what its
 * run costs, near enough (reading, cleaning and embedding go by the byte). Hidden names are
 * left out and links followed, as the cluster's reader does; one fstatat an entry, relative
 * to the open folder (the whole corpus is sized before the first cluster starts). fd is the
 * folder's, open: it is closed here. */
static double tree_bytes(int fd, int depth)
{
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return 0;
    }
    double bytes = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        struct stat sb;
        if (de->d_name[0] == '.' || fstatat(dirfd(d), de->d_name, &sb, 0) != 0)
            continue;
        if (S_ISREG(sb.st_mode)) {
            bytes += (double)sb.st_size;
        } else if (S_ISDIR(sb.st_mode) && depth < 4) {
            int sub = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (sub >= 0)
                bytes += tree_bytes(sub, depth + 1);
        }
    }
    closedir(d);
    return bytes;
}

typedef struct sized {
    double bytes;
    size_t i;
} sized;

static int larger_first(const void *a, const void *b)
{
    const sized *x = a, *y = b;
    if (x->bytes != y->bytes)
        return x->bytes < y->bytes ? 1 : -1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* The order the workers take the items in: the largest input first (the bytes under the
 * folder, or the JSON line), ties in input order. A cluster costs about its bytes, so the
 * longest start first and the last to start are short: no core waits idle at the end while
 * one long cluster finishes. Summaries, their files and the report are the same in any
 * order. NULL (input order) with one worker or when memory is short. */
static size_t *schedule(const batch *b, int jobs)
{
    if (jobs <= 1 || b->n < 2)
        return NULL;
    sized *z = malloc(b->n * sizeof *z);
    size_t *order = malloc(b->n * sizeof *order);
    if (!z || !order) {
        free(z);
        free(order);
        return NULL;
    }
    int corpus = b->stream ? -1 : open(b->corpus, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    for (size_t i = 0; i < b->n; i++) {
        const item *it = &b->items[i];
        z[i].i = i;
        z[i].bytes = 0;
        if (b->stream) {
            z[i].bytes = (double)it->line_len;
        } else {
            int fd = corpus < 0 ? -1
                                : openat(corpus, it->name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            z[i].bytes = fd >= 0 ? tree_bytes(fd, 0) : 0;
        }
    }
    if (corpus >= 0)
        close(corpus);
    qsort(z, b->n, sizeof *z, larger_first);
    for (size_t i = 0; i < b->n; i++)
        order[i] = z[i].i;
    free(z);
    return order;
}

/* Runs items [0, b->n) on the workers, the largest first (schedule); returns when all are
 * done or a signal stopped them. */
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
    b->order = schedule(b, jobs);
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
    free(b->order);
    b->order = NULL;
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

/* The item's line of the report, appended to r. */
static mds_status report_line(mds__buf *r, const item *it, int stream)
{
    static const char *const names[] = {"pending", "ok", "failed", "skipped"};
    const char *key = stream ? "id" : "name", *val = stream ? it->id : it->name;
    mds_status st = mds__buf_printf(r, "{\"%s\":", key);
    if (!st)
        st = val ? mds__buf_json_string(r, val, strlen(val)) : mds__buf_append(r, "null", 4);
    if (!st && stream)
        st = mds__buf_printf(r, ",\"line\":%zu", it->lineno);
    if (!st)
        st = mds__buf_printf(r, ",\"status\":\"%s\"", names[it->state]);
    if (!st && it->state == DONE_FAILED) {
        const char *why = it->reason ? it->reason : "out of memory";
        st = mds__buf_append(r, ",\"reason\":", 10);
        if (!st)
            st = mds__buf_json_string(r, why, strlen(why));
        if (!st)
            st = mds__buf_printf(r, ",\"exit\":%d", cli_exit_code(it->st));
    }
    if (!st && it->state != DONE_SKIPPED)
        st = mds__buf_printf(r, ",\"documents\":%zu,\"sentences\":%zu,\"candidates\":%zu,"
                                "\"seconds\":%.6f",
                             it->documents, it->sentences, it->candidates, it->seconds);
    if (!st && stream && it->summary) {
        st = mds__buf_append(r, ",\"summary\":", 11);
        if (!st)
            st = mds__buf_append(r, it->summary, strlen(it->summary));
    }
    return st ? st : mds__buf_append(r, "}\n", 2);
}

/* --topics: each cluster's topic; a cluster without one is summarized without a query, and
 * it and every topic without a cluster are reported (the exit status is then 2). */
static void match_topics(batch *b)
{
    for (size_t i = 0; i < b->n && b->topics.n; i++) {
        cli_topic *t = cli_topics_find(&b->topics, b->items[i].name);
        b->items[i].topic = t;
        if (t)
            t->used = 1;
        else
            cli_warn("%s: no topic for cluster %s in %s: summarized without a query",
                     b->corpus, b->items[i].name, b->topics_path);
        b->unmatched |= !t;
    }
    for (size_t k = 0; k < b->topics.n; k++)
        if (!b->topics.v[k].used) {
            cli_warn("%s: line %zu: topic %s has no cluster in %s", b->topics_path,
                     b->topics.v[k].line, b->topics.v[k].id, b->corpus);
            b->unmatched = 1;
        }
}

/* The clusters of CORPUS: its subdirectories, hidden ones and OUT itself left out, in byte
 * order of their names; then this shard's share of them. */
static int list_clusters(batch *b, unsigned shard_k, unsigned shard_n)
{
    size_t n;
    char **names;
    int e;
    if (mds__dirlist(b->corpus, MDS__LIST_DIRS, &names, &n, &e) != MDS_OK) {
        cli_error("%s: %s", b->corpus, strerror(e));
        return e == ENOMEM ? EXIT_INTERNAL : EXIT_INPUT;
    }
    struct stat out_sb;
    int have_out = stat(b->out, &out_sb) == 0;
    int rc = (b->items = calloc(n ? n : 1, sizeof *b->items)) ? EXIT_OK : EXIT_INTERNAL;
    for (size_t i = 0; i < n && !rc; i++) {
        if (have_out) {
            char *p = path_join(b->corpus, names[i], "");
            struct stat sb;
            int is_out = p && stat(p, &sb) == 0 && sb.st_dev == out_sb.st_dev &&
                         sb.st_ino == out_sb.st_ino;
            free(p);
            if (!p)
                rc = EXIT_INTERNAL;
            if (!p || is_out)
                continue;
        }
        if (!(b->items[b->n].name = strdup(names[i])))
            rc = EXIT_INTERNAL;
        else
            b->n++;
    }
    free(names);
    if (rc) {
        cli_error("out of memory");
        return rc;
    }
    if (b->n == 0) { /* a cluster given for a corpus, most likely: not a success */
        cli_error("%s: no cluster in it (batch summarizes each folder in CORPUS as a cluster)",
                  b->corpus);
        return EXIT_INPUT;
    }
    match_topics(b); /* every cluster of every shard, so each is told of once */
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

/* Locks OUT/NAME with a lock of `type` (fcntl's, which NFS carries between machines): the
 * descriptor, held to the end of the run; -1 after a message when another run holds it or
 * the lock cannot be had; -2 when locks are not to be had on this file system, after a
 * warning: the run goes on unguarded. */
static int lock_file(const char *dir, const char *name, short type)
{
    char *p = path_join(dir, name, "");
    if (!p) {
        cli_error("out of memory");
        return -1;
    }
    int fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        cli_error("%s: %s", p, strerror(errno));
        free(p);
        return -1;
    }
    struct flock fl = {.l_type = type, .l_whence = SEEK_SET};
    if (fcntl(fd, F_SETLK, &fl) != 0) {
        int e = errno;
        if (e == EACCES || e == EAGAIN) {
            struct flock who = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
            char pid[32] = "";
            if (fcntl(fd, F_GETLK, &who) == 0 && who.l_type != F_UNLCK && who.l_pid > 0)
                snprintf(pid, sizeof pid, " (pid %ld)", (long)who.l_pid);
            cli_error("%s: another batch%s is writing its summaries here (it holds %s): wait "
                      "for it to end, or give another -o", dir, pid, p);
        } else if (e == ENOLCK || e == EOPNOTSUPP || e == ENOSYS) {
            cli_warn("%s: no lock to be had (%s): a second batch on this folder would not "
                     "be told apart", p, strerror(e));
            close(fd);
            free(p);
            return -2;
        } else {
            cli_error("%s: %s", p, strerror(e));
        }
        close(fd);
        free(p);
        return -1;
    }
    free(p);
    return fd;
}

/* Makes OUT this run's before any cluster is summarized: writable (found now, not after the
 * last cluster), used by no other batch of the same clusters, rid of the temporary files of
 * runs that were killed. OUT/.batch.lock is locked exclusively by a whole run and shared by
 * the shards of one, each of which locks OUT/.batch.K-of-N.lock exclusively: shards share
 * OUT, two runs of the same clusters do not. fd[] gets the locks' descriptors (or -1). */
static int claim_out(const batch *b, unsigned k, unsigned n, int fd[2])
{
    int e;
    if (!mds__dir_writable(b->out, &e)) {
        cli_error("%s: no summary can be written there: %s", b->out, strerror(e));
        return e == ENOMEM ? EXIT_INTERNAL : EXIT_INPUT;
    }
    fd[0] = lock_file(b->out, ".batch.lock", n > 1 ? F_RDLCK : F_WRLCK);
    if (fd[0] == -1)
        return EXIT_INPUT;
    if (n > 1 && fd[0] >= 0) {
        char name[64];
        snprintf(name, sizeof name, ".batch.%u-of-%u.lock", k, n);
        if ((fd[1] = lock_file(b->out, name, F_WRLCK)) == -1)
            return EXIT_INPUT;
    }
    size_t removed = 0;
    if (mds__sweep_temporaries(b->out, &removed, &e) != MDS_OK)
        cli_warn("%s: looking for temporary files left by killed runs: %s", b->out,
                 strerror(e));
    else if (removed)
        cli_info("%s: removed %zu temporary file%s of runs that ended before finishing",
                 b->out, removed, removed == 1 ? "" : "s");
    return EXIT_OK;
}

static int parse_shard(cli_parser *p, unsigned *k, unsigned *n)
{
    const char *v = p->value;
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
    return cli_opt_fail(p, "'%s' is not K/N with 1 <= K <= N", v);
}

/* The next line of f into *line (*cap its room), newline kept, as getline reads it, but never
 * more than `most` bytes before the newline: -2 once a line passes them (read no further:
 * an endless line is a cluster past the input limit), -1 at the end or on a read error. */
static ssize_t read_line(FILE *f, char **line, size_t *cap, size_t most)
{
    size_t len = 0;
    int ch = 0;
    flockfile(f);
    while ((ch = getc_unlocked(f)) != EOF) {
        if (len + 2 > *cap) {
            size_t nc = *cap ? *cap * 2 : 256;
            char *nl = realloc(*line, nc);
            if (!nl) {
                funlockfile(f);
                errno = ENOMEM;
                return -1;
            }
            *line = nl;
            *cap = nc;
        }
        (*line)[len++] = (char)ch;
        if (ch == '\n')
            break;
        if (len > most) {
            funlockfile(f);
            return -2;
        }
    }
    int bad = ch == EOF && ferror(f);
    funlockfile(f);
    if (bad || len == 0)
        return -1;
    (*line)[len] = '\0';
    return (ssize_t)len;
}

/* Reads the next chunk of nonblank lines of this shard into b->items; 0 at the end. */
static int read_chunk(batch *b, FILE *f, size_t max_items, size_t *lineno, size_t *seen,
                      unsigned shard_k, unsigned shard_n, int *rc)
{
    char *line = NULL;
    size_t cap = 0, bytes = 0;
    long long most = 0; /* a line is its cluster's input: it may not pass the input limit */
    if (mds_params_get_int(b->o.p, MDS_PARAM_MAX_INPUT, &most) != MDS_OK || most <= 0)
        most = LLONG_MAX;
    b->n = 0;
    while (b->n < max_items && bytes < ((size_t)256 << 20) && !stop_signal) {
        /* A slow producer (a pipe) must not hold back what has come: with clusters in hand
         * and nothing more to read now, run them. */
        struct pollfd pfd = {.fd = fileno(f), .events = POLLIN};
        if (b->n > 0 && poll(&pfd, 1, 0) == 0)
            break;
        errno = 0;
        ssize_t got = read_line(f, &line, &cap, (unsigned long long)most < SIZE_MAX ? (size_t)most : SIZE_MAX);
        if (got == -2) {
            b->read_err = EFBIG;
            b->read_line = *lineno + 1;
            break;
        }
        if (got < 0) {
            /* the end, or a failure: a read error, or no memory for a long line (which
             * getline does not mark as an error), never taken for the end */
            if (!feof(f) && !stop_signal) {
                b->read_err = errno ? errno : EIO;
                b->read_line = *lineno + 1;
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

enum { OPT_OUTPUT = OPT_COMMAND, OPT_JOBS, OPT_FORCE, OPT_SHARD, OPT_INPUT_FORMAT, OPT_TOPICS };

static const char *const input_formats[] = {"dir", "jsonl", NULL};

static const cli_opt own_rows[] = {
    {"topics", 0, "FILE", OPT_TOPICS, 0, 0, "Query",
     "each cluster's question, from DUC/TAC topic SGML or CLUSTER<TAB>QUERY lines; matched "
     "to the cluster folders by id, with or without a DUC topic's trailing letter", NULL,
     NULL},
    {"output", 'o', "OUT", OPT_OUTPUT, 0, 0, "Batch",
     "the directory for the summaries and the report (created)", NULL, NULL},
    {"jobs", 'j', "N", OPT_JOBS, 0, 0, "Batch",
     "clusters at once, each on its own thread with its own context; the model is loaded "
     "once and shared", "the online CPUs", NULL},
    {"force", 0, NULL, OPT_FORCE, 0, 0, "Batch",
     "redo clusters whose summary is already in OUT", NULL, NULL},
    {"shard", 0, "K/N", OPT_SHARD, 0, 0, "Batch",
     "only the K-th of N shares of the clusters (1 <= K <= N): every N-th in name order "
     "(line order for jsonl), the same on every machine", "1/1", NULL},
    {"input-format", 0, "F", OPT_INPUT_FORMAT, 0, 0, "Batch",
     "dir: every subdirectory of CORPUS is a cluster; jsonl: a cluster a line", "dir",
     input_formats},
};

static int batch_options(cli_optlist *l)
{
    cli_optlist_add(l, own_rows, sizeof own_rows / sizeof *own_rows, 0);
    if (cli_summary_options(l) != 0)
        return -1;
    return cli_general_options(l);
}

typedef struct batch_args {
    batch *b;
    long jobs;
    unsigned shard_k, shard_n;
} batch_args;

static int take(cli_parser *p, void *arg)
{
    batch_args *x = arg;
    int r = cli_options_apply(p, &x->b->o), c = 0;
    if (r != 0)
        return r;
    switch (p->opt->id) {
    case OPT_OUTPUT:
        x->b->output = p->value;
        return 1;
    case OPT_JOBS:
        return cli_opt_long(p, 1, 4096, &x->jobs) ? 1 : -1;
    case OPT_FORCE:
        x->b->force = 1;
        return 1;
    case OPT_SHARD:
        return parse_shard(p, &x->shard_k, &x->shard_n) ? 1 : -1;
    case OPT_INPUT_FORMAT:
        r = cli_opt_choice(p, &c) ? 1 : -1;
        x->b->stream = c == 1;
        return r;
    case OPT_TOPICS:
        x->b->topics_path = p->value;
        return 1;
    }
    return 0;
}

static int run_batch(int argc, char **argv)
{
    batch b;
    memset(&b, 0, sizeof b);
    batch_args x = {.b = &b, .jobs = sysconf(_SC_NPROCESSORS_ONLN), .shard_k = 1, .shard_n = 1};
    const char *input = NULL;
    int rc = EXIT_OK;
    if (x.jobs < 1)
        x.jobs = 1;
    if (cli_options_init(&b.o) != 0) {
        cli_error("out of memory");
        return EXIT_INTERNAL;
    }
    const char **ops = calloc((size_t)argc + 1, sizeof *ops);
    size_t operands = 0;
    if (!ops) {
        cli_error("out of memory");
        rc = EXIT_INTERNAL;
        goto free_options;
    }
    if ((rc = cli_parse_args(&cli_cmd_batch, argc, argv, take, &x, ops, &operands)) >= 0)
        goto free_options;
    rc = EXIT_OK;
    input = operands ? ops[operands - 1] : NULL;
    long jobs = x.jobs;
    unsigned shard_k = x.shard_k, shard_n = x.shard_n;
    if (operands > 1) {
        rc = cli_usage_error("batch takes one %s, not %zu", b.stream ? "input" : "CORPUS",
                             operands);
        goto free_options;
    }
    if (b.stream && b.output) {
        rc = cli_usage_error("with --input-format jsonl the results go to stdout: no -o");
        goto free_options;
    }
    if (b.stream && !input)
        input = "-";
    if (b.stream) /* a stream answers in JSONL whatever --format says: no page to keep for */
        mds_params_set_int(b.o.p, MDS_PARAM_REPORT, 0);
    if (!b.stream && !input) {
        rc = cli_usage_error("no CORPUS: give a directory of cluster directories");
        goto free_options;
    }
    if (!b.stream && !b.output) {
        rc = cli_usage_error("no -o OUT: give the directory for the summaries");
        goto free_options;
    }
    if ((rc = cli_options_check(&b.o)) != EXIT_OK)
        goto free_options;
    if (b.topics_path && b.stream) {
        rc = cli_usage_error("--topics names the folders of a CORPUS; a JSONL cluster carries "
                             "its own \"query\"");
        goto free_options;
    }
    if (b.topics_path) {
        char why[256];
        int trc = cli_topics_read(b.topics_path, &b.topics, why, sizeof why);
        if (trc) {
            cli_error("%s: %s", b.topics_path, trc < 0 ? "out of memory" : why);
            rc = trc < 0 ? EXIT_INTERNAL : EXIT_INPUT;
            goto free_options;
        }
    }
    b.corpus = input;
    b.out = b.output;
    b.ext = b.o.format == MDS_FORMAT_JSON    ? ".json"
            : b.o.format == MDS_FORMAT_JSONL ? ".jsonl"
            : b.o.format == MDS_FORMAT_HTML  ? ".html"
                                             : ".txt";

    /* The clusters, or the stream, and the output directory. */
    FILE *in = NULL;
    int lock[2] = {-1, -1};
    if (b.stream) {
        in = strcmp(input, "-") == 0 ? stdin : fopen(input, "rb");
        if (!in) {
            cli_error("%s: %s", input, strerror(errno));
            rc = EXIT_INPUT;
            goto free_items;
        }
    } else {
        struct stat sb;
        if (stat(b.out, &sb) != 0 && mkdir(b.out, 0777) != 0 && errno != EEXIST) {
            cli_error("%s: %s", b.out, strerror(errno));
            rc = EXIT_INPUT;
            goto free_items;
        }
        if (stat(b.out, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
            cli_error("%s: not a directory", b.out);
            rc = EXIT_INPUT;
            goto free_items;
        }
        if ((rc = claim_out(&b, shard_k, shard_n, lock)) != EXIT_OK)
            goto free_items;
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
            cli_lib_error(w[0].ctx);
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
    sigaction(SIGHUP, &sa, NULL); /* the terminal gone: the same orderly stop */

    double t0 = mds__now();
    size_t nok = 0, nfailed = 0, nskipped = 0, total = 0;
    int worst = EXIT_OK, e = 0;
    mds__buf report = {0};
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
                    if (report_line(&report, it, 1) != MDS_OK) {
                        cli_error("out of memory");
                        rc = EXIT_INTERNAL;
                        break;
                    }
                    fwrite(report.data, 1, report.len, stdout);
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
        if (b.read_err && !rc) {
            /* the line that could not be read is a failed cluster, in its place */
            char why[256];
            if (b.read_err == EFBIG) /* read_line: a line past --max-input, read no further */
                snprintf(why, sizeof why, "reading the input: the line passes the input limit "
                         "of a cluster; raise it with --max-input");
            else
                snprintf(why, sizeof why, "reading the input: %s", strerror(b.read_err));
            item fi = {.lineno = b.read_line, .state = DONE_FAILED, .reason = why,
                       .st = b.read_err == ENOMEM   ? MDS_ENOMEM
                             : b.read_err == EFBIG ? MDS_ETOOBIG
                                                   : MDS_EIO};
            report.len = 0;
            if (report_line(&report, &fi, 1) == MDS_OK)
                fwrite(report.data, 1, report.len, stdout);
            cli_progress_clear(&b.progress);
            cli_error("line %zu: %s", b.read_line, why);
            total++;
            nfailed++;
            if (cli_exit_code(fi.st) > worst)
                worst = cli_exit_code(fi.st);
            if (fflush(stdout) != 0) {
                cli_error("standard output: %s", strerror(errno));
                rc = EXIT_INPUT;
            }
        }
        cli_progress_finish(&b.progress, b.done, b.failed);
    } else {
        cli_progress_start(&b.progress, b.n, cli_verbosity < 1);
        /* Each summary's file synced and renamed on a thread of its own: the workers go on
         * to their next cluster while the disk syncs (without a thread, they write). */
        b.writer = cli_writer_start((size_t)jobs * 4 + 4, written, &b, release_summary);
        run_pool(&b, w, (int)jobs);
        cli_writer_finish(b.writer);
        b.writer = NULL;
        cli_progress_finish(&b.progress, b.done, b.failed);
        /* The report in name order, whatever order the workers finished in. */
        mds_status rst = MDS_OK;
        for (size_t i = 0; i < b.n; i++) {
            item *it = &b.items[i];
            if (it->state == PENDING)
                continue;
            if (!rst)
                rst = report_line(&report, it, 0);
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
        if (rst || !rpath) {
            cli_error("out of memory");
            rc = EXIT_INTERNAL;
        } else if (mds__write_file_atomic(rpath, report.data ? report.data : "", report.len,
                                          &e) != MDS_OK) {
            cli_error("%s: %s", rpath, strerror(e));
            rc = EXIT_INPUT;
        }
        free(rpath);
    }
    mds__buf_free(&report);
    double el = mds__now() - t0;
    if (stop_signal) {
        fprintf(stderr, "%s: stopped by signal %d after %zu clusters; %s\n", cli_prog,
                (int)stop_signal, total,
                b.stream ? "the rest of the input was not read"
                         : "the report lists what was done; rerun to do the rest");
        rc = 128 + stop_signal;
    } else if (!rc) {
        rc = worst;
        if (b.unmatched && rc < EXIT_INPUT)
            rc = EXIT_INPUT; /* told of above: a cluster without its question, or a topic lost */
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
    for (int i = 0; i < 2; i++)
        if (lock[i] >= 0)
            close(lock[i]);
free_options:
    free(ops);
    cli_topics_free(&b.topics);
    cli_options_free(&b.o);
    return rc;
}

const cli_command cli_cmd_batch = {
    .name = "batch",
    .synopsis = "batch [OPTIONS] CORPUS -o OUT\n"
                "batch [OPTIONS] --input-format jsonl [FILE|-]",
    .about =
        "Summarizes many clusters on every core. Every subdirectory of CORPUS (hidden ones "
        "left out) is a cluster; its summary goes to OUT/NAME.txt (.json, .jsonl with "
        "--format), written whole under a temporary name and renamed, and OUT/report.jsonl "
        "says, a line per cluster, ok, failed (and why) or skipped. A summary already in OUT "
        "is complete (only a finished rename makes it), so a rerun skips its cluster. With "
        "--input-format jsonl, each line of FILE (or stdin) is a cluster,\n  {\"id\": ..., "
        "\"documents\": [{\"id\": ..., \"text\": ..., \"date\": ...}, ...]}\nand a JSON line "
        "per cluster, in input order, goes to stdout. Every option of summarize applies to "
        "each cluster.",
    .epilogue =
        "Exit status: 0 every cluster ok or skipped; 2 (3, 4) some cluster failed on its input "
        "(the backend, memory): the highest such code, or 2 when OUT cannot be written or "
        "another batch holds it; 1 bad usage; 128+signal (130 for "
        "SIGINT) when stopped by SIGINT, SIGTERM or SIGHUP, after the clusters in flight and "
        "the report. Manual: docs/summarize.1.md.",
    .options = batch_options,
    .run = run_batch,
};
