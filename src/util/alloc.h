/* Every allocation of the library goes through here: one place to count them and, in the
 * allocation-failure test, to make the Nth one fail (as SQLite's test harness does), so that
 * every error path of a whole run is walked. The program (src/cli) uses libc directly. */
#ifndef MDS_ALLOC_H
#define MDS_ALLOC_H

#include <stddef.h>

void *mds__malloc(size_t n);
void *mds__calloc(size_t count, size_t size);
void *mds__realloc(void *p, size_t n);
char *mds__strdup(const char *s);
void mds__free(void *p);

/* For tests: after `n` more successful allocations, every one fails (n < 0: none fails, the
 * default). Allocations of size 0 count like others. The counter is shared by all threads. */
void mds__alloc_fail_after(long n);
/* Allocations made (successful or not) since the process started. */
unsigned long mds__alloc_count(void);
/* Allocations refused by mds__alloc_fail_after since the process started. */
unsigned long mds__alloc_failures(void);

#endif
