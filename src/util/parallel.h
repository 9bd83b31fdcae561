/* SPDX-License-Identifier: MIT */
/* A parallel loop for the stages that work item by item (documents, paragraphs, sentences):
 * the items are numbered, each one's output has its own place, and whichever thread is free
 * takes the next item, so the result is the same at any number of threads: only the time
 * changes. The threads live for one loop; no pool outlives it. */
#ifndef MDS_PARALLEL_H
#define MDS_PARALLEL_H

#include <stddef.h>

#include "mds.h"

/* One item: task(arg, i, worker) does item i on thread `worker` (0 is the caller's; every
 * worker is below the thread count the loop ran with, so that an array of that many holds
 * each thread's scratch). It writes only item i's outputs and its worker's scratch. */
typedef mds_status (*mds__task)(void *arg, size_t i, unsigned worker);

/* The threads a run asked for made real: 0 is every online CPU; never below 1, never above
 * MDS__THREADS_MAX. */
#define MDS__THREADS_MAX 256
unsigned mds__threads(int asked);
/* The same for a run over `bytes` of input: 0 (every online CPU) gives one thread below
 * MDS__THREADS_MIN_BYTES, where a few milliseconds of work gain less than threads cost (and
 * a batch of small clusters already keeps every core busy, a cluster a core). */
#define MDS__THREADS_MIN_BYTES ((size_t)1 << 20)
unsigned mds__threads_for(int asked, size_t bytes);

/* Runs task for every item of [0, n) on up to `threads` threads, the caller's among them,
 * never more threads than n / grain (items of less work go in fewer threads). When a task
 * fails, items not yet started are left; returns the failing status of the lowest item (OK
 * when all ran). A thread that cannot be made (no memory, no thread) leaves its share to the
 * others: the loop still runs, on fewer. *used (may be NULL) gets the threads it ran on. */
mds_status mds__parallel_for(unsigned threads, size_t n, size_t grain, mds__task task,
                             void *arg, unsigned *used);

/* The threads mds__parallel_for(threads, n, grain, ...) asks for, at most: for scratch that
 * the caller makes for each before the loop. */
unsigned mds__parallel_threads(unsigned threads, size_t n, size_t grain);

/* For tests: the next `n` thread creations fail as if the system had no thread to give
 * (n < 0: none fail, the default). */
void mds__parallel_fail_create(long n);

#endif
