/* Whole-file reads and atomic writes for the library (the CLI has its own layer). */
#ifndef MDS_FILEIO_H
#define MDS_FILEIO_H

#include <stddef.h>

#include "mds.h"

/* Reads a whole file into a new NUL-terminated buffer. On failure *err is the errno value
 * (EISDIR for a directory) and the status says MDS_ENOENT, MDS_EIO or MDS_ENOMEM. */
mds_status mds__read_file(const char *path, unsigned char **data, size_t *size, int *err);

/* Writes data to a temporary file beside path, syncs it and renames it over path, so path
 * holds either the old content or all of the new. On failure *err is the errno value. */
mds_status mds__write_file_atomic(const char *path, const void *data, size_t size, int *err);

/* The status for an errno value: MDS_ENOENT for a missing file or directory (ENOENT,
 * ENOTDIR), MDS_ENOMEM, else MDS_EIO. */
mds_status mds__errno_status(int e);

#endif
