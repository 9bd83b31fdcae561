/* SPDX-License-Identifier: MIT */
/* The library's one allocation hook (alloc.h). */
#include "util/alloc.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static atomic_long fail_after = -1; /* allocations left before a refusal; < 0: never */
static atomic_int persistent = 1;   /* after the refusal: 1, refuse all; 0, none */
static atomic_ulong made, refused;

/* Whether this allocation is one the test makes fail. */
static int refuse(void)
{
    atomic_fetch_add_explicit(&made, 1, memory_order_relaxed);
    long left = atomic_load(&fail_after);
    for (;;) {
        if (left < 0)
            return 0;
        if (left > 0) {
            /* Counts down to 0; another thread may have moved it: look again. */
            if (atomic_compare_exchange_weak(&fail_after, &left, left - 1))
                return 0;
            continue;
        }
        /* 0: this one fails; a transient fault then switches itself off (only one thread
         * wins that exchange, so only one allocation fails). */
        if (atomic_load(&persistent) || atomic_compare_exchange_weak(&fail_after, &left, -1))
            break;
    }
    atomic_fetch_add_explicit(&refused, 1, memory_order_relaxed);
    return 1;
}

void *mds__malloc(size_t n) { return refuse() ? NULL : malloc(n ? n : 1); }

void *mds__calloc(size_t count, size_t size)
{
    if (refuse())
        return NULL;
    return count && size ? calloc(count, size) : malloc(1);
}

void *mds__calloc_written(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    void *p = mds__malloc(count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

void *mds__realloc(void *p, size_t n) { return refuse() ? NULL : realloc(p, n ? n : 1); }

void *mds__aligned_alloc(size_t align, size_t n)
{
    if (refuse())
        return NULL;
    size_t r = n ? (n + align - 1) / align * align : align;
    return r < n ? NULL : aligned_alloc(align, r);
}

char *mds__strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = mds__malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

void mds__free(void *p) { free(p); }

static void arm(long n, int keep_failing)
{
    /* Off first, so no allocation sees the new count with the old mode. */
    atomic_store(&fail_after, -1);
    atomic_store(&persistent, keep_failing);
    atomic_store(&fail_after, n < 0 ? -1 : n);
}

void mds__alloc_fail_after(long n) { arm(n, 1); }

void mds__alloc_fail_once(long n) { arm(n, 0); }

unsigned long mds__alloc_count(void) { return atomic_load(&made); }

unsigned long mds__alloc_failures(void) { return atomic_load(&refused); }
