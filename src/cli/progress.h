/* SPDX-License-Identifier: MIT */
/* A progress bar for batch runs, drawn on stderr when it is a terminal, and not with -q.
 * Not thread-safe: callers hold their own lock. */
#ifndef MDS_CLI_PROGRESS_H
#define MDS_CLI_PROGRESS_H

#include <stddef.h>

typedef struct cli_progress {
    int on, shown;
    size_t total; /* 0: unknown (a stream) */
    double t0, last;
} cli_progress;

void cli_progress_start(cli_progress *p, size_t total, int quiet);
/* Redraws (at most ten times a second) with `done` of the total finished. */
void cli_progress_update(cli_progress *p, size_t done, size_t failed);
/* Erases the bar before another message goes to stderr. */
void cli_progress_clear(cli_progress *p);
/* The final state, and a newline. */
void cli_progress_finish(cli_progress *p, size_t done, size_t failed);

#endif
