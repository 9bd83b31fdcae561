/* SPDX-License-Identifier: MIT */
/* Small helpers shared by the CUnit test programs. */
#ifndef MDS_TESTUTIL_H
#define MDS_TESTUTIL_H

#include <CUnit/Basic.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strset.h"

/* Reads a whole file (relative paths are under the source tree) into a new NUL-terminated
 * buffer; NULL on failure. */
char *tu_read_file(const char *path, size_t *size);
/* Loads a word list of the source tree (models/en/stopwords.txt, say) into a new set, as the
 * model builder reads it: 0 on success. */
int tu_load_list(const char *path, mds__strset *set);
/* Removes a file or a directory tree (for temporary test folders); errors are ignored. */
void tu_remove_tree(const char *path);

/* A test program's temporary directory: tu_temp_dir makes a new one named after `name`
 * under $TMPDIR (0 on success); tu_at gives the path of `rel` in it (the last eight stay
 * valid); tu_put writes n bytes to a file there (0 on success); tu_temp_dir_remove removes it
 * with all it holds (0 when it is gone). */
int tu_temp_dir(const char *name);
const char *tu_at(const char *rel);
int tu_put(const char *rel, const void *data, size_t n);
int tu_temp_dir_remove(void);
/* Whether a library whose file name holds `name` is mapped in this process: 1 or 0; -1 when
 * /proc is not there to say. */
int tu_mapped(const char *name);
/* The threads of this process; -1 without /proc. */
int tu_count_threads(void);
/* tu_count_threads once it is `want`, or after a second: a thread a library stops is
 * joined, but the kernel may list it in /proc a moment longer. */
int tu_threads_settled(int want);
/* A test program's main: registers one suite of `tests` (a NULL-terminated CU_TestInfo
 * array) with its fixture (setup and teardown may be NULL; a setup that returns nonzero fails
 * the suite), runs it and returns the process exit status. Every test file registers this way:
 *     int main(void) { return tu_main("segment", tests, setup, teardown); } */
/* xorshift64: a deterministic generator, so that a failure repeats; *state starts nonzero. */
static inline uint64_t tu_rng(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

int tu_main(const char *suite, CU_TestInfo *tests, CU_InitializeFunc setup,
            CU_CleanupFunc teardown);
/* Sets parameter MDS_PARAM_<id> of an mds_params to a number (any type but STRING); the
 * test stops if the library refuses it. */
#define TU_SET(params, id, value) \
    CU_ASSERT_EQUAL_FATAL(mds_params_set_double((params), MDS_PARAM_##id, (value)), MDS_OK)

#endif
