/* Whole-file reads and atomic writes, in a temporary directory. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/dirlist.h"
#include "util/fileio.h"
#include "testutil.h"

static int setup(void) { return tu_temp_dir("fileio"); }

static void put(const char *name, const void *data, size_t n)
{
    CU_ASSERT_EQUAL(tu_put(name, data, n), 0);
}

/* Names in the test directory, hidden ones too, sorted, joined by '|'. */
static void list_dir(char *out, size_t size)
{
    char **names;
    size_t n, len = 0;
    int err;
    out[0] = '\0';
    if (mds__dirlist(tu_at("."), MDS__LIST_ANY | MDS__LIST_HIDDEN, &names, &n, &err) != MDS_OK)
        return;
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(out + len, len < size ? size - len : 0, "%s%s", i ? "|" : "",
                                names[i]);
    free(names);
}

static int teardown(void) { return tu_temp_dir_remove(); }

static void test_read_exact_bytes(void)
{
    static const unsigned char bytes[] = {'a', 0, 'b', 0xff, '\n', 0, 0, 0x80, 'z'};
    put("bytes.bin", bytes, sizeof bytes);
    unsigned char *data = NULL;
    size_t size = 0;
    int err = -1;
    CU_ASSERT_EQUAL(mds__read_file(tu_at("bytes.bin"), &data, &size, &err), MDS_OK);
    CU_ASSERT_EQUAL(err, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    CU_ASSERT_EQUAL(size, sizeof bytes);
    CU_ASSERT(memcmp(data, bytes, sizeof bytes) == 0);
    CU_ASSERT_EQUAL(data[size], 0); /* NUL-terminated past the data */
    free(data);
}

static void test_read_large(void)
{
    /* more than one 64 KiB read */
    size_t n = 200000 + 17;
    unsigned char *big = malloc(n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    for (size_t i = 0; i < n; i++)
        big[i] = (unsigned char)(i * 31 + 7);
    put("large.bin", big, n);
    unsigned char *data = NULL;
    size_t size = 0;
    int err = -1;
    CU_ASSERT_EQUAL(mds__read_file(tu_at("large.bin"), &data, &size, &err), MDS_OK);
    CU_ASSERT_EQUAL(size, n);
    CU_ASSERT(data && memcmp(data, big, n) == 0);
    CU_ASSERT(data && data[n] == 0);
    free(data);
    free(big);
    unlink(tu_at("large.bin"));
}

static void test_read_empty(void)
{
    put("empty.txt", "", 0);
    unsigned char *data = NULL;
    size_t size = 99;
    int err = -1;
    CU_ASSERT_EQUAL(mds__read_file(tu_at("empty.txt"), &data, &size, &err), MDS_OK);
    CU_ASSERT_EQUAL(err, 0);
    CU_ASSERT_EQUAL(size, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data); /* "" rather than NULL */
    CU_ASSERT_EQUAL(data[0], 0);
    free(data);
}

static void test_read_errors(void)
{
    unsigned char *data = NULL;
    size_t size = 0;
    int err = 0;
    CU_ASSERT_EQUAL(mds__read_file(tu_at("missing.txt"), &data, &size, &err), MDS_ENOENT);
    CU_ASSERT_EQUAL(err, ENOENT);
    /* a missing directory on the way, and a file used as a directory */
    CU_ASSERT_EQUAL(mds__read_file(tu_at("nodir/x.txt"), &data, &size, &err), MDS_ENOENT);
    CU_ASSERT_EQUAL(err, ENOENT);
    put("plain.txt", "x", 1);
    CU_ASSERT_EQUAL(mds__read_file(tu_at("plain.txt/x"), &data, &size, &err), MDS_ENOENT);
    CU_ASSERT_EQUAL(err, ENOTDIR);
    /* a directory */
    CU_ASSERT_EQUAL(mkdir(tu_at("sub"), 0755), 0);
    err = 0;
    CU_ASSERT_EQUAL(mds__read_file(tu_at("sub"), &data, &size, &err), MDS_EIO);
    CU_ASSERT_EQUAL(err, EISDIR);
    CU_ASSERT_EQUAL(mds__read_file(tu_at("."), &data, &size, &err), MDS_EIO);
    CU_ASSERT_EQUAL(err, EISDIR);
    rmdir(tu_at("sub"));
    /* unreadable */
    put("secret.txt", "no", 2);
    CU_ASSERT_EQUAL(chmod(tu_at("secret.txt"), 0), 0);
    if (geteuid() == 0) {
        printf("\n  (running as root, which can read anything: unreadable-file case skipped) ");
    } else {
        err = 0;
        CU_ASSERT_EQUAL(mds__read_file(tu_at("secret.txt"), &data, &size, &err), MDS_EIO);
        CU_ASSERT_EQUAL(err, EACCES);
    }
    unlink(tu_at("secret.txt"));
}

static void test_write_atomic(void)
{
    const char *p = tu_at("out.bin");
    int err = -1;
    static const char first[] = "first version, rather long\n\0with a NUL";
    CU_ASSERT_EQUAL(mds__write_file_atomic(p, first, sizeof first - 1, &err), MDS_OK);
    CU_ASSERT_EQUAL(err, 0);
    unsigned char *data = NULL;
    size_t size = 0;
    CU_ASSERT_EQUAL_FATAL(mds__read_file(p, &data, &size, &err), MDS_OK);
    CU_ASSERT_EQUAL(size, sizeof first - 1);
    CU_ASSERT(memcmp(data, first, size) == 0);
    free(data);
    /* a shorter content replaces the whole file, no tail of the old one */
    CU_ASSERT_EQUAL(mds__write_file_atomic(p, "2nd", 3, &err), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds__read_file(p, &data, &size, &err), MDS_OK);
    CU_ASSERT_EQUAL(size, 3);
    CU_ASSERT_STRING_EQUAL((char *)data, "2nd");
    free(data);
    /* empty content */
    CU_ASSERT_EQUAL(mds__write_file_atomic(p, "", 0, &err), MDS_OK);
    struct stat sb;
    CU_ASSERT_EQUAL(stat(p, &sb), 0);
    CU_ASSERT_EQUAL(sb.st_size, 0);
    CU_ASSERT(S_ISREG(sb.st_mode));
    /* no temporary file left beside it */
    char names[1024];
    list_dir(names, sizeof names);
    CU_ASSERT_STRING_EQUAL(names, "bytes.bin|empty.txt|out.bin|plain.txt");
    unlink(p);
}

static void test_write_failures(void)
{
    char before[1024], after[1024];
    list_dir(before, sizeof before);
    int err = 0;
    /* into a directory that does not exist */
    CU_ASSERT_EQUAL(mds__write_file_atomic(tu_at("nodir/out.bin"), "x", 1, &err), MDS_EIO);
    CU_ASSERT_EQUAL(err, ENOENT);
    struct stat sb;
    CU_ASSERT_NOT_EQUAL(stat(tu_at("nodir"), &sb), 0);
    /* over a directory: the temporary file is written, the rename fails, and it is removed */
    CU_ASSERT_EQUAL_FATAL(mkdir(tu_at("adir"), 0755), 0);
    list_dir(before, sizeof before);
    err = 0;
    CU_ASSERT_EQUAL(mds__write_file_atomic(tu_at("adir"), "data", 4, &err), MDS_EIO);
    CU_ASSERT_NOT_EQUAL(err, 0);
    list_dir(after, sizeof after);
    CU_ASSERT_STRING_EQUAL(after, before);
    CU_ASSERT_EQUAL(stat(tu_at("adir"), &sb), 0);
    CU_ASSERT(S_ISDIR(sb.st_mode));
    rmdir(tu_at("adir"));
    /* into a directory that cannot be written (root writes anyway) */
    CU_ASSERT_EQUAL_FATAL(mkdir(tu_at("ro"), 0555), 0);
    if (geteuid() != 0) {
        err = 0;
        CU_ASSERT_EQUAL(mds__write_file_atomic(tu_at("ro/out.bin"), "x", 1, &err), MDS_EIO);
        CU_ASSERT_EQUAL(err, EACCES);
    }
    unlink(tu_at("ro/out.bin"));
    rmdir(tu_at("ro"));
}

static CU_TestInfo tests[] = {
    {"read exact bytes with NULs", test_read_exact_bytes},
    {"read more than one chunk", test_read_large},
    {"read an empty file", test_read_empty},
    {"read errors", test_read_errors},
    {"atomic write replaces whole, leaves no temp", test_write_atomic},
    {"atomic write failures leave nothing", test_write_failures},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("fileio", tests, setup, teardown); }
