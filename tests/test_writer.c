/* SPDX-License-Identifier: MIT */
/* Tests for src/cli/writer.c: files queued from several threads written whole, each once,
 * in queue order; failures reported with their errno and the old file kept; every buffer
 * released; no temporary left behind. */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/writer.h"
#include "testutil.h"

enum { PRODUCERS = 3, PER = 60 };

typedef struct seen {
    pthread_mutex_t lock;
    int done[PRODUCERS * PER + 8]; /* done() calls a tag got */
    int err[PRODUCERS * PER + 8];
    int last[PRODUCERS];            /* the last tag done() saw of each producer */
    int out_of_order;
    int released;
} seen;

static seen S;

static void on_done(void *arg, void *tag, const char *path, int err)
{
    seen *s = arg;
    int k = (int)(size_t)tag;
    pthread_mutex_lock(&s->lock);
    s->done[k]++;
    s->err[k] = err;
    if (k < PRODUCERS * PER) {
        int p = k / PER;
        if (k <= s->last[p])
            s->out_of_order++;
        s->last[p] = k;
    }
    pthread_mutex_unlock(&s->lock);
    (void)path;
}

static void release(void *data)
{
    pthread_mutex_lock(&S.lock);
    S.released++;
    pthread_mutex_unlock(&S.lock);
    free(data);
}

static void reset(void)
{
    pthread_mutex_destroy(&S.lock);
    memset(&S, 0, sizeof S);
    pthread_mutex_init(&S.lock, NULL);
    for (int p = 0; p < PRODUCERS; p++)
        S.last[p] = -1;
}

static char *content(int k)
{
    /* sizes from 0 to several pages, so that short and long writes both happen */
    size_t n = (size_t)(k * 977) % 20000;
    char *d = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        d[i] = (char)('a' + (k + i) % 26);
    d[n] = '\0';
    return d;
}

static char dir[1024]; /* the temporary directory (tu_at is not for threads) */

static char *path_of(int k)
{
    char p[1100];
    snprintf(p, sizeof p, "%s/f%03d.txt", dir, k);
    return strdup(p);
}

typedef struct producer {
    cli_writer *w;
    int p;
} producer;

static void *produce(void *arg)
{
    producer *pr = arg;
    for (int i = 0; i < PER; i++) {
        int k = pr->p * PER + i;
        char *d = content(k);
        cli_writer_put(pr->w, path_of(k), d, strlen(d), (void *)(size_t)k);
    }
    return NULL;
}

/* Names in the temporary directory other than f*.txt: the writer's temporaries. */
static int strays(void)
{
    DIR *d = opendir(tu_at(""));
    int n = 0;
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL)
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") && de->d_name[0] != 'f')
            n++;
    if (d)
        closedir(d);
    return n;
}

static void test_many_threads(void)
{
    reset();
    /* depth 1: every put but one waits for the writer */
    cli_writer *w = cli_writer_start(1, on_done, &S, release);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    pthread_t t[PRODUCERS];
    producer pr[PRODUCERS];
    for (int p = 0; p < PRODUCERS; p++) {
        pr[p] = (producer){w, p};
        CU_ASSERT_EQUAL_FATAL(pthread_create(&t[p], NULL, produce, &pr[p]), 0);
    }
    for (int p = 0; p < PRODUCERS; p++)
        pthread_join(t[p], NULL);
    cli_writer_finish(w);
    CU_ASSERT_EQUAL(S.released, PRODUCERS * PER);
    CU_ASSERT_EQUAL(S.out_of_order, 0); /* each producer's files in the order it queued */
    int wrong = 0;
    for (int k = 0; k < PRODUCERS * PER; k++) {
        CU_ASSERT_EQUAL(S.done[k], 1);
        CU_ASSERT_EQUAL(S.err[k], 0);
        char *p = path_of(k), *want = content(k);
        size_t n;
        char *got = tu_read_file(p, &n);
        wrong += !got || n != strlen(want) || memcmp(got, want, n) != 0;
        free(got);
        free(want);
        free(p);
    }
    CU_ASSERT_EQUAL(wrong, 0);
    CU_ASSERT_EQUAL(strays(), 0);
}

static void test_failure_and_overwrite(void)
{
    reset();
    CU_ASSERT_EQUAL_FATAL(tu_put("f900.txt", "old text", 8), 0);
    cli_writer *w = cli_writer_start(4, on_done, &S, release);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    /* a folder that is not there: ENOENT, and the data still released */
    char *bad = strdup(tu_at("no-such-folder/f.txt"));
    cli_writer_put(w, bad, strdup("lost"), 4, (void *)(size_t)(PRODUCERS * PER));
    /* a file replaced whole */
    cli_writer_put(w, path_of(900), strdup("new"), 3, (void *)(size_t)(PRODUCERS * PER + 1));
    /* an empty file (NULL data, 0 bytes) */
    cli_writer_put(w, path_of(901), NULL, 0, (void *)(size_t)(PRODUCERS * PER + 2));
    cli_writer_finish(w);
    CU_ASSERT_EQUAL(S.done[PRODUCERS * PER], 1);
    CU_ASSERT_EQUAL(S.err[PRODUCERS * PER], ENOENT);
    CU_ASSERT_EQUAL(S.err[PRODUCERS * PER + 1], 0);
    CU_ASSERT_EQUAL(S.err[PRODUCERS * PER + 2], 0);
    CU_ASSERT_EQUAL(S.released, 3);
    size_t n;
    char *got = tu_read_file(tu_at("f900.txt"), &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    CU_ASSERT_EQUAL(n, 3);
    CU_ASSERT_NSTRING_EQUAL(got, "new", 3);
    free(got);
    got = tu_read_file(tu_at("f901.txt"), &n);
    CU_ASSERT_PTR_NOT_NULL(got);
    CU_ASSERT_EQUAL(n, 0);
    free(got);
    CU_ASSERT_EQUAL(access(tu_at("no-such-folder"), F_OK), -1);
    CU_ASSERT_EQUAL(strays(), 0);
}

static void test_empty(void)
{
    reset();
    cli_writer_finish(NULL); /* no writer: nothing to do */
    cli_writer *w = cli_writer_start(0, on_done, &S, NULL); /* depth 0 is taken as 1 */
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    cli_writer_finish(w);
    CU_ASSERT_EQUAL(S.released, 0);
}

static int setup(void)
{
    pthread_mutex_init(&S.lock, NULL);
    if (tu_temp_dir("writer") != 0)
        return 1;
    snprintf(dir, sizeof dir, "%s", tu_at("."));
    return 0;
}
static int teardown(void) { return tu_temp_dir_remove(); }

static CU_TestInfo tests[] = {
    {"three threads, depth 1: every file whole, once, in order", test_many_threads},
    {"a failed write, a replaced file, an empty file", test_failure_and_overwrite},
    {"no writer, no files", test_empty},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("writer", tests, setup, teardown); }
