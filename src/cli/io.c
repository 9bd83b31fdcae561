/* SPDX-License-Identifier: MIT */
/* The program's I/O: output to stdout or a file, JSON strings and
 * diagnostics. The listing, the escaping, the clock and the file writer (whole or absent,
 * never clobbering) themselves are the library's util/ primitives. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "util/buf.h"
#include "util/fileio.h"

int cli_verbosity = 1;
const char *cli_prog = "summarize";
const char *cli_command_name;

/* A message names files, clusters and ids that come from the input: its control characters
 * (C0, DEL, C1 in UTF-8) are written as \xHH or \u00HH, never to a terminal that would obey
 * them. Messages are one line each. */
static void vmsg(const char *kind, const char *fmt, va_list ap)
{
    char small[1024], *m = small;
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n >= (int)sizeof small && (m = malloc((size_t)n + 1)) != NULL)
        vsnprintf(m, (size_t)n + 1, fmt, aq);
    va_end(aq);
    if (!m) /* no memory for a long message: its start */
        m = small;
    fprintf(stderr, "%s: %s", cli_prog, kind);
    for (const unsigned char *c = (const unsigned char *)m; n > 0 && *c; c++) {
        if (*c < 0x20 || *c == 0x7F)
            fprintf(stderr, "\\x%02x", *c);
        else if (*c == 0xC2 && c[1] >= 0x80 && c[1] <= 0x9F)
            fprintf(stderr, "\\u%04x", *++c);
        else
            fputc(*c, stderr);
    }
    fputc('\n', stderr);
    if (m != small)
        free(m);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("error: ", fmt, ap);
    va_end(ap);
}

void cli_warn(const char *fmt, ...)
{
    if (cli_verbosity < 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    vmsg("warning: ", fmt, ap);
    va_end(ap);
}

void cli_say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("", fmt, ap);
    va_end(ap);
}

void cli_info(const char *fmt, ...)
{
    if (cli_verbosity < 2)
        return;
    va_list ap;
    va_start(ap, fmt);
    vmsg("", fmt, ap);
    va_end(ap);
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("", fmt, ap);
    va_end(ap);
    fprintf(stderr, "Try '%s%s%s --help' for more information.\n", cli_prog,
            cli_command_name ? " " : "", cli_command_name ? cli_command_name : "");
    return EXIT_USAGE;
}

int cli_exit_code(mds_status st)
{
    switch (st) {
    case MDS_OK:
        return EXIT_OK;
    case MDS_ELANG:
        return EXIT_USAGE;
    case MDS_EINVAL:
    case MDS_EIO:
    case MDS_ENOENT:
    case MDS_EUTF8:
    case MDS_EBINARY:
    case MDS_EEMPTY:
    case MDS_EFORMAT:
    case MDS_EMODEL:
    case MDS_ETOOBIG:
        return EXIT_INPUT;
    case MDS_EBACKEND:
        return EXIT_BACKEND;
    case MDS_ENOMEM:
    case MDS_EINTERNAL:
        return EXIT_INTERNAL;
    }
    return EXIT_INTERNAL;
}

int cli_write_output(const char *path, const char *data, size_t size)
{
    if (!path || strcmp(path, "-") == 0) {
        if (fwrite(data, 1, size, stdout) != size || fflush(stdout) != 0) {
            cli_error("standard output: %s", strerror(errno));
            return EXIT_INPUT;
        }
        return EXIT_OK;
    }
    int e;
    if (mds__write_file_atomic(path, data, size, &e) != MDS_OK) {
        cli_error("%s: %s", path, strerror(e));
        return e == ENOMEM ? EXIT_INTERNAL : EXIT_INPUT;
    }
    return EXIT_OK;
}

mds_status cli_put_json_string(FILE *out, const char *s)
{
    mds__buf b = {0};
    mds_status st = s ? mds__buf_json_string(&b, s, strlen(s)) : mds__buf_append(&b, "null", 4);
    if (!st && fwrite(b.data, 1, b.len, out) != b.len)
        st = MDS_EIO;
    mds__buf_free(&b);
    return st;
}
