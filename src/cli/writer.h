/* SPDX-License-Identifier: MIT */
/* A thread that writes files whole (mds__write_file_atomic: a temporary beside the file,
 * synced, renamed over it) while its callers go on. The sync waits for the disk, not for a
 * core: about a millisecond a file here, which batch's workers would otherwise spend idle
 * once per cluster. Files are written one at a time, in the order they were queued. */
#ifndef MDS_CLI_WRITER_H
#define MDS_CLI_WRITER_H

#include <stddef.h>

typedef struct cli_writer cli_writer;

/* Called on the writer's thread once each file is written (err 0) or has failed (err an
 * errno value; the file is then as it was before), with the tag it was queued with. */
typedef void (*cli_writer_done)(void *arg, void *tag, const char *path, int err);

/* A writer holding at most `depth` (at least 1) files queued: cli_writer_put waits while
 * that many wait. `release` frees the data handed over (free when NULL). NULL when no
 * memory or no thread can be had: the caller then writes its files itself. */
cli_writer *cli_writer_start(size_t depth, cli_writer_done done, void *arg,
                             void (*release)(void *));

/* Queues `data` (len bytes) for `path`. Both are the writer's from here: `path` is freed
 * with free, `data` with `release`. */
void cli_writer_put(cli_writer *w, char *path, char *data, size_t len, void *tag);

/* Writes every file queued, with done() called for each, stops the thread and frees w.
 * NULL is no writer. */
void cli_writer_finish(cli_writer *w);

#endif
