/* SPDX-License-Identifier: MIT */
/* Directory listings: the names of a directory's entries, filtered by kind, in byte order, so
 * that every reader of a folder (documents, clusters, word lists) sees the same order on
 * every machine, whatever order the file system returns them in. */
#ifndef MDS_DIRLIST_H
#define MDS_DIRLIST_H

#include <stddef.h>

#include "mds.h"

/* What a listing keeps. Kinds are those of the entries' targets: a symbolic link to a file
 * is a file, a dangling one is "other". "." and ".." are never listed. */
enum {
    MDS__LIST_FILES = 1,  /* regular files */
    MDS__LIST_DIRS = 2,   /* directories */
    MDS__LIST_OTHER = 4,  /* pipes, sockets, devices, dangling links */
    MDS__LIST_ANY = 7,
    MDS__LIST_HIDDEN = 8, /* names starting with '.' too (else skipped) */
};

/* The names (not paths) of the entries of directory `path` that `what` keeps, sorted by
 * strcmp (byte order), NULL-terminated, in one allocation: one free(*names) frees them all.
 * On failure *names is NULL, *n 0, *err the errno value (ENOTDIR for a file) and the status
 * MDS_ENOENT (no such directory, or not one), MDS_ENOMEM or MDS_EIO. */
mds_status mds__dirlist(const char *path, unsigned what, char ***names, size_t *n, int *err);

#endif
