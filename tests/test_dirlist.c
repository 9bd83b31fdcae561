/* SPDX-License-Identifier: MIT */
/* Directory listings (src/util/dirlist.c), in a temporary directory: kinds, hidden names,
 * byte order, errors. Every listing is freed with one free(), so a second allocation would
 * show as a leak under the sanitizers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/dirlist.h"
#include "testutil.h"

static void put(const char *rel) { CU_ASSERT_EQUAL(tu_put(rel, "x\n", 2), 0); }

/* The listing of `rel` joined by '|', or "!" and the status. */
static const char *list(const char *rel, unsigned what)
{
    static char out[8192];
    char *sentinel[1];
    char **names = sentinel; /* must come back NULL on failure */
    size_t n = 99;
    int err = -1;
    mds_status st = mds__dirlist(tu_at(rel), what, &names, &n, &err);
    if (st != MDS_OK) {
        CU_ASSERT_PTR_NULL(names);
        CU_ASSERT_EQUAL(n, 0);
        CU_ASSERT(err > 0);
        snprintf(out, sizeof out, "!%s", mds_strerror(st));
        return out;
    }
    CU_ASSERT_EQUAL(err, 0);
    CU_ASSERT_PTR_NULL(names[n]);
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%s", i ? "|" : "", names[i]);
    free(names);
    return out;
}

static int setup(void) { return tu_temp_dir("dirlist"); }

static int teardown(void) { return tu_temp_dir_remove(); }

static void test_empty(void)
{
    CU_ASSERT_EQUAL_FATAL(mkdir(tu_at("empty"), 0755), 0);
    CU_ASSERT_STRING_EQUAL(list("empty", MDS__LIST_ANY | MDS__LIST_HIDDEN), "");
    CU_ASSERT_STRING_EQUAL(list("empty", MDS__LIST_FILES), "");
    /* an empty listing is still an array, NULL-terminated */
    char **names = NULL;
    size_t n = 5;
    int err = -1;
    CU_ASSERT_EQUAL_FATAL(mds__dirlist(tu_at("empty"), MDS__LIST_ANY, &names, &n, &err), MDS_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(names);
    CU_ASSERT_PTR_NULL(names[0]);
    CU_ASSERT_EQUAL(n, 0);
    free(names);
}

/* Files, directories, hidden ones of each, links to each, a dangling link, a pipe. */
static void test_kinds_and_hidden(void)
{
    CU_ASSERT_EQUAL_FATAL(mkdir(tu_at("k"), 0755), 0);
    put("k/file");
    put("k/.hidden-file");
    CU_ASSERT_EQUAL(mkdir(tu_at("k/sub"), 0755), 0);
    CU_ASSERT_EQUAL(mkdir(tu_at("k/.hidden-sub"), 0755), 0);
    put("k/sub/inner"); /* never listed: no recursion */
    CU_ASSERT_EQUAL(symlink("file", tu_at("k/to-file")), 0);
    CU_ASSERT_EQUAL(symlink("sub", tu_at("k/to-sub")), 0);
    CU_ASSERT_EQUAL(symlink("nowhere", tu_at("k/dangling")), 0);
    CU_ASSERT_EQUAL(mkfifo(tu_at("k/pipe"), 0644), 0);

    CU_ASSERT_STRING_EQUAL(list("k", MDS__LIST_FILES), "file|to-file");
    CU_ASSERT_STRING_EQUAL(list("k", MDS__LIST_DIRS), "sub|to-sub");
    CU_ASSERT_STRING_EQUAL(list("k", MDS__LIST_OTHER), "dangling|pipe");
    CU_ASSERT_STRING_EQUAL(list("k", MDS__LIST_FILES | MDS__LIST_DIRS),
                           "file|sub|to-file|to-sub");
    CU_ASSERT_STRING_EQUAL(list("k", MDS__LIST_ANY), "dangling|file|pipe|sub|to-file|to-sub");
    CU_ASSERT_STRING_EQUAL(list("k", MDS__LIST_FILES | MDS__LIST_HIDDEN),
                           ".hidden-file|file|to-file");
    CU_ASSERT_STRING_EQUAL(list("k", MDS__LIST_DIRS | MDS__LIST_HIDDEN),
                           ".hidden-sub|sub|to-sub");
    CU_ASSERT_STRING_EQUAL(list("k", MDS__LIST_ANY | MDS__LIST_HIDDEN),
                           ".hidden-file|.hidden-sub|dangling|file|pipe|sub|to-file|to-sub");
    /* no kind asked for: nothing, though the directory is full */
    CU_ASSERT_STRING_EQUAL(list("k", MDS__LIST_HIDDEN), "");
}

/* strcmp order: bytes, unsigned, so upper case before lower, digits before both, and UTF-8
 * after ASCII; a prefix before its extensions. Not the locale's collation. */
static void test_byte_order(void)
{
    static const char *const made[] = {
        "b", "a", "B", "A", "_", "10", "9", "a.txt", "a b", "\xC3\xA9t\xC3\xA9", /* été */
        "\xE4\xB8\xAD",                                                            /* 中 */
        "z", "~", "\xF0\x9F\x98\x80",                                              /* emoji */
        ".b", ".A", "..x",
    };
    CU_ASSERT_EQUAL_FATAL(mkdir(tu_at("o"), 0755), 0);
    for (size_t i = 0; i < sizeof made / sizeof *made; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "o/%s", made[i]);
        put(rel);
    }
    CU_ASSERT_STRING_EQUAL(list("o", MDS__LIST_ANY),
                           "10|9|A|B|_|a|a b|a.txt|b|z|~|\xC3\xA9t\xC3\xA9|\xE4\xB8\xAD|"
                           "\xF0\x9F\x98\x80");
    CU_ASSERT_STRING_EQUAL(list("o", MDS__LIST_FILES | MDS__LIST_HIDDEN),
                           "..x|.A|.b|10|9|A|B|_|a|a b|a.txt|b|z|~|\xC3\xA9t\xC3\xA9|"
                           "\xE4\xB8\xAD|\xF0\x9F\x98\x80");
}

/* More names than any first guess of a buffer: 500 of them, created in reverse. */
static void test_many(void)
{
    CU_ASSERT_EQUAL_FATAL(mkdir(tu_at("many"), 0755), 0);
    for (int i = 499; i >= 0; i--) {
        char rel[64];
        snprintf(rel, sizeof rel, "many/name-%03d-%s", i, i % 2 ? "odd" : "even");
        put(rel);
    }
    char **names = NULL;
    size_t n = 0;
    int err = 0;
    CU_ASSERT_EQUAL_FATAL(mds__dirlist(tu_at("many"), MDS__LIST_FILES, &names, &n, &err), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(n, 500);
    int ordered = 1;
    for (size_t i = 0; i < n; i++) {
        char want[64];
        snprintf(want, sizeof want, "name-%03zu-%s", i, i % 2 ? "odd" : "even");
        ordered &= strcmp(names[i], want) == 0;
    }
    CU_ASSERT(ordered);
    CU_ASSERT_PTR_NULL(names[n]);
    free(names);
}

static void test_errors(void)
{
    char *names_sentinel[1];
    CU_ASSERT_STRING_EQUAL(list("no-such-dir", MDS__LIST_ANY), "!no such file or directory");
    put("plain");
    CU_ASSERT_STRING_EQUAL(list("plain", MDS__LIST_ANY), "!no such file or directory");
    /* the errno values, for the caller's message */
    char **names = names_sentinel;
    size_t n = 1;
    int err = 0;
    CU_ASSERT_EQUAL(mds__dirlist(tu_at("no-such-dir"), MDS__LIST_ANY, &names, &n, &err),
                    MDS_ENOENT);
    CU_ASSERT_EQUAL(err, ENOENT);
    CU_ASSERT_PTR_NULL(names);
    CU_ASSERT_EQUAL(mds__dirlist(tu_at("plain"), MDS__LIST_FILES, &names, &n, &err), MDS_ENOENT);
    CU_ASSERT_EQUAL(err, ENOTDIR);
    CU_ASSERT_EQUAL(mds__dirlist("", MDS__LIST_FILES, &names, &n, &err), MDS_ENOENT);
    CU_ASSERT_EQUAL(err, ENOENT);
    /* a directory that cannot be read (root reads anything: only check when refused) */
    CU_ASSERT_EQUAL_FATAL(mkdir(tu_at("locked"), 0), 0);
    if (access(tu_at("locked"), R_OK) != 0) {
        CU_ASSERT_EQUAL(mds__dirlist(tu_at("locked"), MDS__LIST_ANY, &names, &n, &err), MDS_EIO);
        CU_ASSERT_EQUAL(err, EACCES);
        CU_ASSERT_PTR_NULL(names);
    }
    chmod(tu_at("locked"), 0755);
}

static CU_TestInfo tests[] = {
    {"an empty directory", test_empty},
    {"kinds of entries, hidden names", test_kinds_and_hidden},
    {"byte order, non-ASCII names", test_byte_order},
    {"many names", test_many},
    {"missing directory, a file, unreadable", test_errors},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("dirlist", tests, setup, teardown); }
