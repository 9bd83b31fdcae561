/* SPDX-License-Identifier: MIT */
/* The writer thread (writer.h): a ring of queued files under one lock, two conditions (room
 * for the callers, work for the thread). */
#include "writer.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "util/fileio.h"

typedef struct job {
    char *path, *data;
    size_t len;
    void *tag;
} job;

struct cli_writer {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t room, work;
    job *ring;
    size_t depth, head, count; /* jobs [head, head + count) mod depth wait */
    int closing;               /* cli_writer_finish: write what waits, then stop */
    cli_writer_done done;
    void *arg;
    void (*release)(void *);
};

static void *writer_main(void *p)
{
    cli_writer *w = p;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (w->count == 0 && !w->closing)
            pthread_cond_wait(&w->work, &w->lock);
        if (w->count == 0)
            break; /* closing, nothing left */
        job j = w->ring[w->head];
        w->head = (w->head + 1) % w->depth;
        w->count--;
        pthread_cond_signal(&w->room);
        pthread_mutex_unlock(&w->lock);

        int err = 0;
        if (mds__write_file_atomic(j.path, j.data ? j.data : "", j.len, &err) == MDS_OK)
            err = 0;
        else if (err == 0)
            err = EIO; /* a failure without an errno */
        w->done(w->arg, j.tag, j.path, err);
        w->release(j.data);
        free(j.path);

        pthread_mutex_lock(&w->lock);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

cli_writer *cli_writer_start(size_t depth, cli_writer_done done, void *arg,
                             void (*release)(void *))
{
    if (depth < 1)
        depth = 1;
    cli_writer *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    if (!(w->ring = calloc(depth, sizeof *w->ring))) {
        free(w);
        return NULL;
    }
    w->depth = depth;
    w->done = done;
    w->arg = arg;
    w->release = release ? release : free;
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->room, NULL);
    pthread_cond_init(&w->work, NULL);
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
        pthread_cond_destroy(&w->work);
        pthread_cond_destroy(&w->room);
        pthread_mutex_destroy(&w->lock);
        free(w->ring);
        free(w);
        return NULL;
    }
    return w;
}

void cli_writer_put(cli_writer *w, char *path, char *data, size_t len, void *tag)
{
    pthread_mutex_lock(&w->lock);
    while (w->count == w->depth)
        pthread_cond_wait(&w->room, &w->lock);
    w->ring[(w->head + w->count) % w->depth] = (job){path, data, len, tag};
    w->count++;
    pthread_cond_signal(&w->work);
    pthread_mutex_unlock(&w->lock);
}

void cli_writer_finish(cli_writer *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->closing = 1;
    pthread_cond_signal(&w->work);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->work);
    pthread_cond_destroy(&w->room);
    pthread_mutex_destroy(&w->lock);
    free(w->ring);
    free(w);
}
