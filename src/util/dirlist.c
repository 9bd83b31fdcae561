/* SPDX-License-Identifier: MIT */
#include "util/alloc.h"
#include "util/dirlist.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/fileio.h"

static int skipped_name(const char *name, unsigned what)
{
    if (name[0] != '.')
        return 0;
    if (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'))
        return 1; /* the directory itself and its parent */
    return !(what & MDS__LIST_HIDDEN);
}

/* The kind of entry `name` of an open directory, following links. */
static unsigned kind_of(DIR *d, const char *name)
{
    struct stat sb;
    if (fstatat(dirfd(d), name, &sb, 0) != 0)
        return MDS__LIST_OTHER;
    return S_ISREG(sb.st_mode) ? MDS__LIST_FILES : S_ISDIR(sb.st_mode) ? MDS__LIST_DIRS
                                                                       : MDS__LIST_OTHER;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The pointer array, NULL-terminated, and the names after it, in one block. */
static char **pack(const mds__buf *text, size_t count)
{
    size_t ptrs = count + 1;
    if (ptrs > (SIZE_MAX - text->len) / sizeof(char *))
        return NULL;
    char **v = mds__malloc(ptrs * sizeof *v + text->len);
    if (!v)
        return NULL;
    char *s = (char *)(v + ptrs);
    if (text->len)
        memcpy(s, text->data, text->len);
    for (size_t i = 0; i < count; i++) {
        v[i] = s;
        s += strlen(s) + 1;
    }
    v[count] = NULL;
    qsort(v, count, sizeof *v, cmp_names);
    return v;
}

mds_status mds__dirlist(const char *path, unsigned what, char ***names, size_t *n, int *err)
{
    *names = NULL;
    *n = 0;
    *err = 0;
    DIR *d = opendir(path);
    if (!d) {
        *err = errno;
        return mds__errno_status(*err);
    }
    int check_kind = (what & MDS__LIST_ANY) != MDS__LIST_ANY;
    mds__buf text = {0}; /* the kept names, each with its NUL */
    size_t count = 0;
    for (;;) {
        errno = 0;
        struct dirent *de = readdir(d);
        if (!de) {
            *err = errno; /* 0 at the end of the directory */
            break;
        }
        if (skipped_name(de->d_name, what) || (check_kind && !(kind_of(d, de->d_name) & what)))
            continue;
        if (mds__buf_append(&text, de->d_name, strlen(de->d_name) + 1) != MDS_OK) {
            *err = ENOMEM;
            break;
        }
        count++;
    }
    closedir(d);
    if (!*err && !(*names = pack(&text, count)))
        *err = ENOMEM;
    mds__buf_free(&text);
    if (*err)
        return mds__errno_status(*err);
    *n = count;
    return MDS_OK;
}
