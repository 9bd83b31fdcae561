/* The program's I/O: standard input, atomic output files, directory listings, JSON strings,
 * diagnostics and the clock their timings use. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

int cli_verbosity = 1;
const char *cli_prog = "summarize";
const char *cli_command_name;

static void vmsg(const char *kind, const char *fmt, va_list ap)
{
    fprintf(stderr, "%s: %s", cli_prog, kind);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
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
        return EXIT_INPUT;
    case MDS_EBACKEND:
        return EXIT_BACKEND;
    case MDS_ENOMEM:
    case MDS_EINTERNAL:
        return EXIT_INTERNAL;
    }
    return EXIT_INTERNAL;
}

mds_status cli_read_stdin(char **data, size_t *size)
{
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        return MDS_ENOMEM;
    for (;;) {
        if (len == cap) {
            char *nb = cap > ((size_t)1 << 40) ? NULL : realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                return MDS_ENOMEM;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len, stdin);
        len += got;
        if (got == 0) {
            if (ferror(stdin)) {
                free(buf);
                return MDS_EIO;
            }
            break;
        }
    }
    *data = buf;
    *size = len;
    return MDS_OK;
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
    if (cli_write_file_atomic(path, data, size) != 0) {
        int e = errno;
        cli_error("%s: %s", path, strerror(e));
        return e == ENOMEM ? EXIT_INTERNAL : EXIT_INPUT;
    }
    return EXIT_OK;
}

int cli_write_file_atomic(const char *path, const char *data, size_t size)
{
    size_t n = strlen(path) + 32;
    char *tmp = malloc(n);
    if (!tmp) {
        errno = ENOMEM;
        return -1;
    }
    snprintf(tmp, n, "%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int err = fd < 0 ? errno : 0;
    for (size_t done = 0; !err && done < size;) {
        ssize_t w = write(fd, data + done, size - done);
        if (w < 0 && errno != EINTR)
            err = errno;
        else if (w > 0)
            done += (size_t)w;
    }
    if (fd >= 0) {
        if (!err && fsync(fd) != 0)
            err = errno;
        if (close(fd) != 0 && !err)
            err = errno;
    }
    if (!err && rename(tmp, path) != 0)
        err = errno;
    if (err)
        unlink(tmp);
    free(tmp);
    errno = err;
    return err ? -1 : 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **cli_list_dir(const char *dir, int dirs_only, size_t *n)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **v = NULL;
    size_t cap = 0;
    int err = 0;
    struct dirent *e;
    while (!err && (errno = 0, e = readdir(d)) != NULL) {
        struct stat sb;
        if (e->d_name[0] == '.' ||
            (dirs_only && (fstatat(dirfd(d), e->d_name, &sb, 0) != 0 || !S_ISDIR(sb.st_mode))))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
                err = ENOMEM;
                break;
            }
            v = nv;
        }
        if (!(v[*n] = strdup(e->d_name)))
            err = ENOMEM;
        else
            ++*n;
    }
    if (!err)
        err = errno; /* a failed readdir */
    closedir(d);
    if (!err && !v && !(v = malloc(sizeof *v)))
        err = ENOMEM;
    if (err) {
        cli_names_free(v, *n);
        *n = 0;
        errno = err;
        return NULL;
    }
    qsort(v, *n, sizeof *v, cmp_names);
    return v;
}

void cli_names_free(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
}

/* Length of a valid UTF-8 sequence at s (1 to 4), or 0: no overlong form, no surrogate,
 * nothing past U+10FFFF. */
static size_t utf8_len(const unsigned char *s)
{
    size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] <= 0xDF ? 2
                                  : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
                                  : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F) ||
        (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F))
        return 0;
    for (size_t k = 1; k < len; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    return len;
}

void cli_json_string(const char *s, cli_put_fn *put, void *to)
{
    if (!s) {
        put(to, "null", 4);
        return;
    }
    put(to, "\"", 1);
    for (const unsigned char *u = (const unsigned char *)s; *u;) {
        size_t n = utf8_len(u);
        char esc[8];
        if (*u == '"' || *u == '\\') {
            esc[0] = '\\';
            esc[1] = (char)*u;
            put(to, esc, 2);
        } else if (*u == '\n' || *u == '\t' || *u == '\r') {
            esc[0] = '\\';
            esc[1] = *u == '\n' ? 'n' : *u == '\t' ? 't' : 'r';
            put(to, esc, 2);
        } else if (*u < 0x20 || *u == 0x7f) {
            snprintf(esc, sizeof esc, "\\u%04x", *u);
            put(to, esc, 6);
        } else if (n == 0) {
            put(to, "\\ufffd", 6);
        } else {
            put(to, (const char *)u, n);
        }
        u += n ? n : 1;
    }
    put(to, "\"", 1);
}

void cli_put_file(void *file, const char *bytes, size_t n) { fwrite(bytes, 1, n, file); }

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
