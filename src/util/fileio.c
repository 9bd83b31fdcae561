#include "util/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"

mds_status mds__errno_status(int e)
{
    return e == ENOENT || e == ENOTDIR ? MDS_ENOENT : e == ENOMEM ? MDS_ENOMEM : MDS_EIO;
}

mds_status mds__read_file(const char *path, unsigned char **data, size_t *size, int *err)
{
    *err = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *err = errno;
        return mds__errno_status(*err);
    }
    struct stat sb;
    if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        close(fd);
        *err = EISDIR;
        return MDS_EIO;
    }
    mds__buf b = {0};
    mds_status st = MDS_OK;
    for (;;) {
        if ((st = mds__buf_reserve(&b, 1 << 16))) {
            *err = ENOMEM;
            break;
        }
        ssize_t got = read(fd, b.data + b.len, b.cap - b.len - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            *err = errno;
            st = mds__errno_status(*err);
            break;
        }
        if (got == 0)
            break;
        b.len += (size_t)got;
    }
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

mds_status mds__write_file_atomic(const char *path, const void *data, size_t size, int *err)
{
    *err = 0;
    mds__buf tmp = {0};
    if (mds__buf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid())) {
        *err = ENOMEM;
        return MDS_ENOMEM;
    }
    mds_status st = MDS_OK;
    int fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        *err = errno;
        st = MDS_EIO;
        goto done;
    }
    const char *p = data;
    size_t left = size;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            *err = errno;
            break;
        }
        p += w;
        left -= (size_t)w;
    }
    if (!*err && fsync(fd) != 0)
        *err = errno;
    if (close(fd) != 0 && !*err)
        *err = errno;
    if (!*err && rename(tmp.data, path) != 0)
        *err = errno;
    if (*err) {
        unlink(tmp.data);
        st = MDS_EIO;
    }
done:
    mds__buf_free(&tmp);
    return st;
}
