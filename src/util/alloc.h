/* SPDX-License-Identifier: MIT */
/* Every allocation of the library goes through here: one place to count them and, in the
 * allocation-failure test, to make the Nth one fail (as SQLite's test harness does), so that
 * every error path of a whole run is walked. The program (src/cli) uses libc directly.
 *
 * A few allocations escape the count: those libunistring and libstemmer make for themselves
 * (u8_casefold and friends with a NULL result buffer, the stemmer's environment), OpenBLAS's
 * buffers and stdio's. Their callers check for NULL all the same and free with mds__free
 * (libc free) where the memory is handed to us; each such call says so where it is made. */
#ifndef MDS_ALLOC_H
#define MDS_ALLOC_H

#include <stddef.h>

void *mds__malloc(size_t n);
void *mds__calloc(size_t count, size_t size);
/* calloc for a table read before it is written (open addressing, probed for an empty slot):
 * every page written here. Fresh pages from calloc are mapped to the kernel's shared zero
 * page at the first read and copied at the first write, and in a process with more than one
 * thread each such copy flushes the TLB of every core it runs on (an inter-processor
 * interrupt, a VM exit under a hypervisor): 2% of a `batch -j 2` run on DUC 2006 went to
 * that, from the word cache and the concept table. */
void *mds__calloc_written(size_t count, size_t size);
void *mds__realloc(void *p, size_t n);
char *mds__strdup(const char *s);
/* n rounded up to a multiple of align (a power of two), as aligned_alloc wants it. */
void *mds__aligned_alloc(size_t align, size_t n);
void mds__free(void *p);

/* For tests: after `n` more successful allocations, every one fails (n < 0: none fails, the
 * default): SQLite's "persistent" fault. Allocations of size 0 count like others. The
 * counter is shared by all threads. */
void mds__alloc_fail_after(long n);
/* For tests: after `n` more successful allocations the next one fails, and only that one
 * (n < 0: none): SQLite's "transient" fault, after which the code may go on and succeed. */
void mds__alloc_fail_once(long n);
/* Allocations made (successful or not) since the process started. */
unsigned long mds__alloc_count(void);
/* Allocations refused by mds__alloc_fail_after or _once since the process started. */
unsigned long mds__alloc_failures(void);

#endif
