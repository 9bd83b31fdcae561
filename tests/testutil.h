/* Small helpers shared by the CUnit test programs. */
#ifndef MDS_TESTUTIL_H
#define MDS_TESTUTIL_H

#include <CUnit/Basic.h>
#include <stddef.h>

/* Reads a whole file (relative paths are under the source tree) into a new NUL-terminated
 * buffer; NULL on failure. */
char *tu_read_file(const char *path, size_t *size);
/* Removes a file or a directory tree (for temporary test folders); errors are ignored. */
void tu_remove_tree(const char *path);
/* Runs the registered suites with the basic interface; returns the process exit status. */
int tu_run(void);
/* Adds a suite with the given tests (a NULL-terminated CU_TestInfo array). */
void tu_add_suite(const char *name, CU_TestInfo *tests);
/* Sets parameter MDS_PARAM_<id> of an mds_params to a number (any type but STRING); the
 * test stops if the library refuses it. */
#define TU_SET(params, id, value) \
    CU_ASSERT_EQUAL_FATAL(mds_params_set_double((params), MDS_PARAM_##id, (value)), MDS_OK)

#endif
