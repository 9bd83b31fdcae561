/* SPDX-License-Identifier: MIT */
#include "util/alloc.h"
#include "util/parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

static atomic_long fail_create = -1;

void mds__parallel_fail_create(long n) { atomic_store(&fail_create, n); }

unsigned mds__threads(int asked)
{
    long n = asked;
    if (asked <= 0) {
        n = sysconf(_SC_NPROCESSORS_ONLN);
        if (n < 1)
            n = 1;
    }
    return n > MDS__THREADS_MAX ? MDS__THREADS_MAX : (unsigned)n;
}

unsigned mds__threads_for(int asked, size_t bytes)
{
    return asked <= 0 && bytes < MDS__THREADS_MIN_BYTES ? 1 : mds__threads(asked);
}

typedef struct loop {
    mds__task task;
    void *arg;
    size_t n;
    atomic_size_t next;   /* the next item to take */
    atomic_size_t failed; /* the lowest failed item, n when none */
} loop;

typedef struct worker {
    loop *l;
    unsigned id;
    size_t failed_at; /* this worker's lowest failed item, l->n when none */
    mds_status st;
    pthread_t thread;
} worker;

static void work(worker *w)
{
    loop *l = w->l;
    w->failed_at = l->n;
    w->st = MDS_OK;
    for (;;) {
        size_t i = atomic_fetch_add(&l->next, 1);
        if (i >= l->n || i > atomic_load(&l->failed))
            return;
        mds_status st = l->task(l->arg, i, w->id);
        if (st) {
            if (i < w->failed_at) {
                w->failed_at = i;
                w->st = st;
            }
            size_t cur = atomic_load(&l->failed);
            while (i < cur && !atomic_compare_exchange_weak(&l->failed, &cur, i))
                ;
        }
    }
}

static void *thread_main(void *p)
{
    work(p);
    return NULL;
}

static int create(worker *w)
{
    long f = atomic_load(&fail_create);
    while (f > 0 && !atomic_compare_exchange_weak(&fail_create, &f, f - 1))
        ;
    if (f > 0)
        return -1;
    return pthread_create(&w->thread, NULL, thread_main, w);
}

unsigned mds__parallel_threads(unsigned threads, size_t n, size_t grain)
{
    size_t most = grain ? n / grain : n;
    unsigned t = threads ? threads : 1;
    if (t > most)
        t = most ? (unsigned)(most < MDS__THREADS_MAX ? most : MDS__THREADS_MAX) : 1;
    return t;
}

mds_status mds__parallel_for(unsigned threads, size_t n, size_t grain, mds__task task,
                             void *arg, unsigned *used)
{
    unsigned t = mds__parallel_threads(threads, n, grain);
    loop l = {.task = task, .arg = arg, .n = n};
    atomic_init(&l.next, 0);
    atomic_init(&l.failed, n);
    worker self = {.l = &l, .id = 0};
    worker *ws = t > 1 ? mds__calloc(t - 1, sizeof *ws) : NULL;
    unsigned started = 0;
    if (ws) /* no memory for them: the caller alone */
        for (unsigned k = 0; k + 1 < t; k++) {
            ws[started] = (worker){.l = &l, .id = started + 1};
            if (create(&ws[started]) == 0)
                started++;
        }
    work(&self);
    size_t low = self.failed_at;
    mds_status st = self.st;
    for (unsigned k = 0; k < started; k++) {
        pthread_join(ws[k].thread, NULL);
        if (ws[k].failed_at < low) {
            low = ws[k].failed_at;
            st = ws[k].st;
        }
    }
    mds__free(ws);
    if (used)
        *used = started + 1;
    return st;
}
