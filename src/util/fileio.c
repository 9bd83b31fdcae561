/* SPDX-License-Identifier: MIT */
#include "util/fileio.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"

mds_status mds__errno_status(int e)
{
    return e == ENOENT || e == ENOTDIR ? MDS_ENOENT : e == ENOMEM ? MDS_ENOMEM : MDS_EIO;
}

mds_status mds__open_input(const char *path, int *fd, long long *regular, int *err)
{
    *err = 0;
    *regular = -1;
    *fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (*fd < 0) {
        *err = errno;
        return mds__errno_status(*err);
    }
    struct stat sb;
    if (fstat(*fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        close(*fd);
        *fd = -1;
        *err = EISDIR;
        return MDS_EIO;
    }
    if (fstat(*fd, &sb) == 0 && S_ISREG(sb.st_mode))
        *regular = (long long)sb.st_size;
    return MDS_OK;
}

mds_status mds__read_block(int fd, mds__buf *b, size_t most, size_t *got, int *err)
{
    *got = 0;
    *err = 0;
    size_t want = most < MDS__READ_BLOCK ? most : MDS__READ_BLOCK;
    if (want == 0)
        want = 1;
    /* the room there is (a regular file's buffer is made to measure), else room for a
     * block, grown geometrically: a 1 GB input is not copied a thousand times */
    size_t room = b->cap ? b->cap - b->len - 1 : 0;
    if (room)
        want = want < room ? want : room;
    else if (mds__buf_reserve(b, want)) {
        *err = ENOMEM;
        return MDS_ENOMEM;
    }
    for (;;) {
        ssize_t n = read(fd, b->data + b->len, want);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *err = errno;
            b->data[b->len] = '\0';
            return mds__errno_status(*err);
        }
        b->len += (size_t)n;
        b->data[b->len] = '\0';
        *got = (size_t)n;
        return MDS_OK;
    }
}

mds_status mds__read_file(const char *path, unsigned char **data, size_t *size, int *err)
{
    int fd;
    long long regular;
    mds_status st = mds__open_input(path, &fd, &regular, err);
    if (st)
        return st;
    mds__buf b = {0};
    if (regular > 0 && (unsigned long long)regular < SIZE_MAX / 2 &&
        mds__buf_reserve(&b, (size_t)regular + 1)) /* + 1: the read that finds the end */
        st = MDS_ENOMEM, *err = ENOMEM;
    for (size_t got = 1; !st && got;)
        st = mds__read_block(fd, &b, MDS__READ_BLOCK, &got, err);
    close(fd);
    if (st) {
        mds__buf_free(&b);
        return st;
    }
    *data = (unsigned char *)mds__buf_steal(&b, size);
    if (!*data) {
        *err = ENOMEM;
        return MDS_ENOMEM;
    }
    return MDS_OK;
}

/* ---- writing ----------------------------------------------------------------------------
 * A temporary file is ".PREFIX.tmp.HOST.PID.RANDOM" beside its target: hidden, so that no
 * listing of visible names (a corpus, batch's clusters) takes it for data; PREFIX is the
 * target's name cut to TMP_PREFIX_MAX bytes so the whole stays within NAME_MAX (255); HOST
 * (8 hex digits, a hash of the host name) and PID say whose it is, so a sweep removes only
 * those of dead processes of this machine, not those of a live run on another machine
 * sharing the folder; RANDOM makes the name new, and O_EXCL makes it ours. */
enum { TMP_PREFIX_MAX = 200, TMP_RANDOM = 6, TMP_TRIES = 64 };

unsigned mds__host_hash(void)
{
    char name[256] = "";
    if (gethostname(name, sizeof name - 1) != 0)
        name[0] = '\0';
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

static uint64_t mix(uint64_t x) /* splitmix64's finalizer */
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static int write_all(int fd, const char *p, size_t left)
{
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return errno;
        p += w;
        left -= (size_t)w;
    }
    return 0;
}

/* Opens a new temporary file for `base` in `dir` ("" for the current one), its name in *tmp:
 * the descriptor, or -1 with errno set. */
static int open_temporary(const char *dir, const char *base, mds__buf *tmp)
{
    static _Atomic uint64_t counter;
    static const char alnum[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    size_t cut = strlen(base);
    if (cut > TMP_PREFIX_MAX) {
        cut = TMP_PREFIX_MAX;
        while (cut > 0 && ((unsigned char)base[cut] & 0xC0) == 0x80)
            cut--; /* not inside a UTF-8 sequence */
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t seed = ((uint64_t)ts.tv_sec << 30) ^ (uint64_t)ts.tv_nsec ^
                    ((uint64_t)getpid() << 20) ^ (uint64_t)(uintptr_t)&ts;
    for (int attempt = 0; attempt < TMP_TRIES; attempt++) {
        uint64_t r = mix(seed + 0x9e3779b97f4a7c15ULL * ++counter);
        char rnd[TMP_RANDOM + 1];
        for (int i = 0; i < TMP_RANDOM; i++, r /= 62)
            rnd[i] = alnum[r % 62];
        rnd[TMP_RANDOM] = '\0';
        tmp->len = 0;
        if (mds__buf_printf(tmp, "%s%s.%.*s.tmp.%08x.%ld.%s", dir, *dir ? "/" : "", (int)cut,
                            base, mds__host_hash(), (long)getpid(), rnd)) {
            errno = ENOMEM;
            return -1;
        }
        int fd = open(tmp->data, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

/* Writes a regular file, or a new one, whole or not at all: a temporary file beside it,
 * synced, renamed over it. The old file's mode (and, where allowed, owner) carry over. */
static int write_beside(const char *path, const struct stat *old, const void *data, size_t size)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (!*base)
        return EISDIR;
    mds__buf dir = {0}, tmp = {0};
    if (slash && mds__buf_append(&dir, path, slash == path ? 1 : (size_t)(slash - path)))
        return ENOMEM;
    int err = 0, fd = open_temporary(dir.data ? dir.data : "", base, &tmp);
    if (fd < 0) {
        err = errno;
        goto done;
    }
    if (old) {
        if (fchmod(fd, old->st_mode & 0777) != 0)
            err = errno;
        if (!err && (old->st_uid != geteuid() || old->st_gid != getegid()) &&
            fchown(fd, old->st_uid, old->st_gid) != 0) {
            /* not ours to give away: the new file stays this user's */
        }
    }
    if (!err)
        err = write_all(fd, data, size);
    if (!err && fsync(fd) != 0)
        err = errno;
    if (close(fd) != 0 && !err)
        err = errno;
    if (!err && rename(tmp.data, path) != 0)
        err = errno;
    if (err)
        unlink(tmp.data);
done:
    mds__buf_free(&tmp);
    mds__buf_free(&dir);
    return err;
}

/* Writes straight into what path opens: a FIFO or a device, or a file through /dev/fd. */
static int write_through(const char *path, int flags, const void *data, size_t size)
{
    int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | flags);
    if (fd < 0)
        return errno;
    int err = write_all(fd, data, size);
    if (close(fd) != 0 && !err)
        err = errno;
    return err;
}

/* Where a chain of symbolic links from path ends (path itself when it is none): into *out.
 * *magic is set when a link of /proc was met (/dev/stdout, /dev/fd/N): such a link stands
 * for an open file, which is to be written, not replaced. */
static int resolve_links(const char *path, mds__buf *out, int *magic)
{
    *magic = 0;
    out->len = 0;
    if (mds__buf_append(out, path, strlen(path)))
        return ENOMEM;
    for (int hops = 0;; hops++) {
        struct stat sb;
        if (lstat(out->data, &sb) != 0)
            return errno == ENOENT ? 0 : errno; /* a new file (or a dangling link's target) */
        if (!S_ISLNK(sb.st_mode))
            return 0;
        if (hops == 40)
            return ELOOP;
        char link[4096];
        ssize_t n = readlink(out->data, link, sizeof link - 1);
        if (n < 0)
            return errno;
        link[n] = '\0';
        char *slash = strrchr(out->data, '/');
        size_t dirlen = slash ? (size_t)(slash - out->data) : 0;
        mds__buf next = {0};
        int e = 0;
        if (link[0] != '/' && slash)
            e = mds__buf_printf(&next, "%.*s/%s", (int)dirlen, out->data, link) != MDS_OK;
        else
            e = mds__buf_append(&next, link, (size_t)n) != MDS_OK;
        /* a link whose folder is on the /proc file system names an open file */
        if (!e) {
            mds__buf d = {0};
            struct stat ds, ps;
            e = (slash ? mds__buf_append(&d, out->data, dirlen ? dirlen : 1)
                       : mds__buf_append(&d, ".", 1)) != MDS_OK;
            if (!e && stat(d.data, &ds) == 0 && stat("/proc", &ps) == 0 && ds.st_dev == ps.st_dev)
                *magic = 1;
            mds__buf_free(&d);
        }
        if (e) {
            mds__buf_free(&next);
            return ENOMEM;
        }
        mds__buf_free(out);
        *out = next;
        if (*magic)
            return 0;
    }
}

mds_status mds__write_file_atomic(const char *path, const void *data, size_t size, int *err)
{
    *err = 0;
    struct stat sb;
    int exists = stat(path, &sb) == 0;
    if (exists && S_ISDIR(sb.st_mode))
        *err = EISDIR;
    else if (exists && !S_ISREG(sb.st_mode))
        *err = write_through(path, 0, data, size);
    else {
        mds__buf real = {0};
        int magic = 0;
        *err = resolve_links(path, &real, &magic);
        if (!*err && magic)
            *err = write_through(path, O_APPEND, data, size);
        else if (!*err)
            *err = write_beside(real.data, exists ? &sb : NULL, data, size);
        mds__buf_free(&real);
    }
    return *err ? (*err == ENOMEM ? MDS_ENOMEM : MDS_EIO) : MDS_OK;
}

int mds__dir_writable(const char *dir, int *err)
{
    mds__buf tmp = {0};
    int fd = open_temporary(dir, "probe", &tmp);
    *err = fd < 0 ? errno : 0;
    if (fd >= 0) {
        close(fd);
        unlink(tmp.data);
    }
    mds__buf_free(&tmp);
    return fd >= 0;
}

mds_status mds__sweep_temporaries(const char *dir, size_t *removed, int *err)
{
    *removed = 0;
    *err = 0;
    DIR *d = opendir(dir);
    if (!d) {
        *err = errno;
        return mds__errno_status(*err);
    }
    unsigned host = mds__host_hash();
    mds__buf p = {0};
    mds_status st = MDS_OK;
    struct dirent *e;
    while ((e = readdir(d))) {
        long pid = 0;
        if (!mds__temporary_owner(e->d_name, host, &pid))
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* alive, or not ours to know */
        struct stat sb;
        p.len = 0;
        if ((st = mds__buf_printf(&p, "%s/%s", dir, e->d_name))) {
            *err = ENOMEM;
            break;
        }
        if (lstat(p.data, &sb) == 0 && S_ISREG(sb.st_mode) && unlink(p.data) == 0)
            ++*removed;
    }
    closedir(d);
    mds__buf_free(&p);
    return st;
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return n > 0;
}

/* "." PREFIX ".tmp." HOST "." PID "." RANDOM, read from its end; and the older
 * "NAME.{txt,json,jsonl}.tmp.PID" of the versions before, which had no host. */
int mds__temporary_owner(const char *name, unsigned host, long *pid)
{
    size_t n = strlen(name);
    const char *dot = n > TMP_RANDOM ? name + n - TMP_RANDOM - 1 : NULL;
    if (name[0] == '.' && dot && *dot == '.') {
        size_t p = (size_t)(dot - name); /* PID is [q, p) */
        size_t q = p;
        while (q > 0 && name[q - 1] >= '0' && name[q - 1] <= '9')
            q--;
        int rnd = 1;
        for (const char *c = dot + 1; *c; c++)
            rnd &= isalnum((unsigned char)*c) != 0;
        /* ".tmp." (5) and HOST (8) and "." (1) before PID, a prefix of 1 byte at least */
        if (rnd && p - q >= 1 && p - q <= 9 && q >= 1 + 1 + 14 && name[q - 1] == '.' &&
            memcmp(name + q - 14, ".tmp.", 5) == 0) {
            char hex[9];
            memcpy(hex, name + q - 9, 8);
            hex[8] = '\0';
            char *end;
            unsigned long h = strtoul(hex, &end, 16);
            if (*end || strspn(hex, "0123456789abcdef") != 8 || (unsigned)h != host)
                return 0;
            *pid = strtol(name + q, NULL, 10);
            return *pid > 0;
        }
    }
    static const char *const old[] = {".txt.tmp.", ".json.tmp.", ".jsonl.tmp."};
    for (size_t k = 0; k < sizeof old / sizeof *old; k++) {
        const char *t = strstr(name, old[k]);
        while (t && strstr(t + 1, old[k]))
            t = strstr(t + 1, old[k]);
        if (t && t > name && all_digits(t + strlen(old[k]), strlen(t + strlen(old[k]))) &&
            strlen(t + strlen(old[k])) <= 9) {
            *pid = strtol(t + strlen(old[k]), NULL, 10);
            return *pid > 0;
        }
    }
    return 0;
}
