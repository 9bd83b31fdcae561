/* SPDX-License-Identifier: MIT */
/* Whole-file and block reads, and the writes that never clobber (for the library's model files and the
 * program's outputs alike), with the temporary files they leave when killed. */
#ifndef MDS_FILEIO_H
#define MDS_FILEIO_H

#include <stddef.h>

#include "mds.h"
#include "util/buf.h"

/* Reads a whole file into a new NUL-terminated buffer. On failure *err is the errno value
 * (EISDIR for a directory) and the status says MDS_ENOENT, MDS_EIO or MDS_ENOMEM. */
mds_status mds__read_file(const char *path, unsigned char **data, size_t *size, int *err);

/* Reading as cat reads: in blocks until end of input, for a regular file and a stream (a
 * pipe, a FIFO, a terminal, /dev/fd/N) alike; st_size is never trusted for the end. */
enum { MDS__READ_BLOCK = 1 << 16 };

/* Opens path for reading: the descriptor in *fd, and in *regular the size of a regular file
 * (a hint: the file may grow or shrink) or -1 for anything else. A directory is EISDIR (and
 * MDS_EIO). On failure *err is the errno value. */
mds_status mds__open_input(const char *path, int *fd, long long *regular, int *err);

/* Appends the next block of fd to b, at most `most` bytes (at least 1): *got is 0 at the end
 * of input. EINTR is retried; a read error is an error (*err its errno value), never the end.
 * b stays NUL-terminated. */
mds_status mds__read_block(int fd, mds__buf *b, size_t most, size_t *got, int *err);

/* Writes data to path so that no reader sees a part of it and nothing else is clobbered. A
 * regular file, or a new one, is written to a temporary file created exclusively beside it
 * (".NAME.tmp.HOST.PID.RANDOM", NAME cut so the whole fits NAME_MAX; the old file's mode, else
 * 0666 less the umask), synced and renamed over it: path holds the old content or all of
 * the new. A symbolic link stays: the file it ends at is written so. A FIFO, a device or a
 * file opened through /proc or /dev/fd (/dev/stdout) is written into, never replaced; a
 * directory is EISDIR. On failure *err is the errno value and no temporary file is left. */
mds_status mds__write_file_atomic(const char *path, const void *data, size_t size, int *err);

/* Whether a file name is one of the temporary files of mds__write_file_atomic (or of the
 * versions before it, "NAME.txt.tmp.PID") made on the host whose mds__host_hash is `host`:
 * then 1, with the process id that made it in *pid; else 0. */
int mds__temporary_owner(const char *name, unsigned host, long *pid);
/* This machine's host hash, as temporary names carry it. */
unsigned mds__host_hash(void);
/* Whether a file can be made in directory `dir`, found by making one (a temporary, removed
 * at once): permissions, a read-only mount, root squash on NFS all say so. 1, or 0 with the
 * errno value in *err. */
int mds__dir_writable(const char *dir, int *err);
/* Removes from directory `dir` the temporary files left by processes of this machine that
 * have ended (killed, or out of power): a run that starts in a folder sweeps it. *removed
 * counts them. On failure *err is the errno value. */
mds_status mds__sweep_temporaries(const char *dir, size_t *removed, int *err);

/* The status for an errno value: MDS_ENOENT for a missing file or directory (ENOENT,
 * ENOTDIR), MDS_ENOMEM, else MDS_EIO. */
mds_status mds__errno_status(int e);

#endif
