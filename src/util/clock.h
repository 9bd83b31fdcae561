/* SPDX-License-Identifier: MIT */
/* The clock for the library's timings (the seconds in mds_stats and the backends' stats). */
#ifndef MDS_CLOCK_H
#define MDS_CLOCK_H

/* Seconds on a monotonic clock: only differences mean anything. */
double mds__now(void);

#endif
