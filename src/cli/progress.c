/* SPDX-License-Identifier: MIT */
/* A one-line progress bar on stderr: done of total, rate, time left. Only on a terminal. */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "progress.h"
#include "util/clock.h"

void cli_progress_start(cli_progress *p, size_t total, int quiet)
{
    p->on = !quiet && isatty(STDERR_FILENO);
    p->total = total;
    p->t0 = mds__now();
    p->last = 0;
    p->shown = 0;
}

static void draw(cli_progress *p, size_t done, size_t failed, double t)
{
    double el = t - p->t0, rate = el > 0 ? (double)done / el : 0;
    char tail[96] = "";
    if (failed)
        snprintf(tail, sizeof tail, ", %zu failed", failed);
    if (p->total) {
        enum { W = 30 };
        char bar[W + 1];
        size_t fill = p->total ? done * W / p->total : 0;
        for (size_t i = 0; i < W; i++)
            bar[i] = i < fill ? '#' : '-';
        bar[W] = '\0';
        double left = rate > 0 ? (double)(p->total - done) / rate : 0;
        fprintf(stderr, "\r[%s] %zu/%zu clusters%s  %.1f/s  ETA %d:%02d\033[K", bar, done,
                p->total, tail, rate, (int)left / 60, (int)left % 60);
    } else {
        fprintf(stderr, "\r%zu clusters%s  %.1f/s  %d:%02d elapsed\033[K", done, tail, rate,
                (int)el / 60, (int)el % 60);
    }
    fflush(stderr);
    p->shown = 1;
    p->last = t;
}

void cli_progress_update(cli_progress *p, size_t done, size_t failed)
{
    if (!p->on)
        return;
    double t = mds__now();
    if (t - p->last < 0.1 && done != p->total)
        return; /* at most ten redraws a second */
    draw(p, done, failed, t);
}

void cli_progress_clear(cli_progress *p)
{
    if (p->on && p->shown) {
        fputs("\r\033[K", stderr);
        p->shown = 0;
        p->last = 0; /* redraw at the next update */
    }
}

void cli_progress_finish(cli_progress *p, size_t done, size_t failed)
{
    if (!p->on)
        return;
    draw(p, done, failed, mds__now());
    fputc('\n', stderr);
    p->shown = 0;
}
