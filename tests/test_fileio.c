/* SPDX-License-Identifier: MIT */
/* Whole-file reads and atomic writes, in a temporary directory. */
#define _DEFAULT_SOURCE /* mknod, makedev */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
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


/* The file's bytes as a string ("" when unreadable). */
static char *slurp(const char *path)
{
    unsigned char *data = NULL;
    size_t size = 0;
    int err;
    if (mds__read_file(path, &data, &size, &err) != MDS_OK)
        return strdup("");
    return (char *)data;
}

static void test_write_through_links(void)
{
    char before[1024], after[1024];
    int err = -1;
    /* a symbolic link stays a link; the file it names gets the data */
    put("real.txt", "old", 3);
    CU_ASSERT_EQUAL_FATAL(symlink("real.txt", tu_at("link.txt")), 0);
    CU_ASSERT_EQUAL(mds__write_file_atomic(tu_at("link.txt"), "new", 3, &err), MDS_OK);
    struct stat sb;
    CU_ASSERT(lstat(tu_at("link.txt"), &sb) == 0 && S_ISLNK(sb.st_mode));
    char *got = slurp(tu_at("real.txt"));
    CU_ASSERT_STRING_EQUAL(got, "new");
    free(got);
    /* a chain of two, the second dangling: its target is made */
    CU_ASSERT_EQUAL_FATAL(symlink("link.txt", tu_at("link2.txt")), 0);
    CU_ASSERT_EQUAL_FATAL(symlink("sub/made.txt", tu_at("dangling.txt")), 0);
    CU_ASSERT_EQUAL_FATAL(mkdir(tu_at("sub"), 0755), 0);
    CU_ASSERT_EQUAL(mds__write_file_atomic(tu_at("link2.txt"), "third", 5, &err), MDS_OK);
    got = slurp(tu_at("real.txt"));
    CU_ASSERT_STRING_EQUAL(got, "third");
    free(got);
    CU_ASSERT_EQUAL(mds__write_file_atomic(tu_at("dangling.txt"), "made", 4, &err), MDS_OK);
    CU_ASSERT(lstat(tu_at("dangling.txt"), &sb) == 0 && S_ISLNK(sb.st_mode));
    got = slurp(tu_at("sub/made.txt"));
    CU_ASSERT_STRING_EQUAL(got, "made");
    free(got);
    /* a loop is ELOOP, and nothing is left */
    CU_ASSERT_EQUAL_FATAL(symlink("loop-b", tu_at("loop-a")), 0);
    CU_ASSERT_EQUAL_FATAL(symlink("loop-a", tu_at("loop-b")), 0);
    list_dir(before, sizeof before);
    CU_ASSERT_EQUAL(mds__write_file_atomic(tu_at("loop-a"), "x", 1, &err), MDS_EIO);
    CU_ASSERT_EQUAL(err, ELOOP);
    list_dir(after, sizeof after);
    CU_ASSERT_STRING_EQUAL(after, before);
    const char *rm[] = {"loop-a", "loop-b", "dangling.txt", "sub/made.txt", "link2.txt",
                        "link.txt", "real.txt"};
    for (size_t i = 0; i < sizeof rm / sizeof *rm; i++)
        unlink(tu_at(rm[i]));
    rmdir(tu_at("sub"));
}

static void test_write_into_fifo_and_devices(void)
{
    int err = -1;
    /* a FIFO: its reader gets the data, the FIFO stays */
    CU_ASSERT_EQUAL_FATAL(mkfifo(tu_at("fifo"), 0600), 0);
    int rd = open(tu_at("fifo"), O_RDONLY | O_NONBLOCK);
    CU_ASSERT_FATAL(rd >= 0);
    CU_ASSERT_EQUAL(mds__write_file_atomic(tu_at("fifo"), "through a pipe", 14, &err), MDS_OK);
    char got[32] = "";
    ssize_t n = read(rd, got, sizeof got - 1);
    got[n > 0 ? n : 0] = '\0';
    CU_ASSERT_STRING_EQUAL(got, "through a pipe");
    close(rd);
    struct stat sb;
    CU_ASSERT(lstat(tu_at("fifo"), &sb) == 0 && S_ISFIFO(sb.st_mode));
    unlink(tu_at("fifo"));
    /* a character device: written into, never replaced. Not /dev/null itself where this
     * runs as root: a regression would replace the machine's /dev/null; a node of our own */
    const char *dev = tu_at("null");
    if (mknod(dev, S_IFCHR | 0666, makedev(1, 3)) != 0)
        dev = "/dev/null"; /* not root: a regression could not replace it */
    CU_ASSERT_EQUAL(mds__write_file_atomic(dev, "gone", 4, &err), MDS_OK);
    CU_ASSERT(lstat(dev, &sb) == 0 && S_ISCHR(sb.st_mode));
    if (strcmp(dev, "/dev/null") != 0)
        unlink(dev);
    /* /dev/stdout when stdout is a file: the file, as the shell opened it, gets the data
     * appended (the shell may have written there before), and it stays the same file.
     * /dev/fd/1, the same link of /proc, which a regression could not replace */
    int fd = open(tu_at("stdout.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(write(fd, "before\n", 7), 7);
    struct stat was;
    CU_ASSERT_EQUAL(fstat(fd, &was), 0);
    fflush(stdout);
    pid_t child = fork();
    CU_ASSERT_FATAL(child >= 0);
    if (child == 0) {
        dup2(fd, 1);
        int e;
        _exit(mds__write_file_atomic("/dev/fd/1", "after\n", 6, &e) == MDS_OK ? 0 : 1);
    }
    int status = -1;
    waitpid(child, &status, 0);
    CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(fd);
    char *text = slurp(tu_at("stdout.txt"));
    CU_ASSERT_STRING_EQUAL(text, "before\nafter\n");
    free(text);
    CU_ASSERT(stat(tu_at("stdout.txt"), &sb) == 0 && sb.st_ino == was.st_ino);
    unlink(tu_at("stdout.txt"));
}

static void test_write_exclusive_temporary(void)
{
    char before[1024], after[1024];
    int err = -1;
    /* a link planted at the name earlier versions used is never followed */
    char planted[64];
    snprintf(planted, sizeof planted, "o.txt.tmp.%ld", (long)getpid());
    CU_ASSERT_EQUAL_FATAL(symlink("victim.txt", tu_at(planted)), 0);
    CU_ASSERT_EQUAL(mds__write_file_atomic(tu_at("o.txt"), "summary", 7, &err), MDS_OK);
    struct stat sb;
    CU_ASSERT(lstat(tu_at("victim.txt"), &sb) != 0 && errno == ENOENT);
    CU_ASSERT(lstat(tu_at(planted), &sb) == 0 && S_ISLNK(sb.st_mode));
    char *got = slurp(tu_at("o.txt"));
    CU_ASSERT_STRING_EQUAL(got, "summary");
    free(got);
    unlink(tu_at(planted));
    /* the old file's mode carries over; a new file has 0666 less the umask */
    CU_ASSERT_EQUAL(chmod(tu_at("o.txt"), 0640), 0);
    CU_ASSERT_EQUAL(mds__write_file_atomic(tu_at("o.txt"), "again", 5, &err), MDS_OK);
    CU_ASSERT(stat(tu_at("o.txt"), &sb) == 0 && (sb.st_mode & 0777) == 0640);
    unlink(tu_at("o.txt"));
    mode_t um = umask(002);
    CU_ASSERT_EQUAL(mds__write_file_atomic(tu_at("n.txt"), "new", 3, &err), MDS_OK);
    umask(um);
    CU_ASSERT(stat(tu_at("n.txt"), &sb) == 0 && (sb.st_mode & 0777) == 0664);
    unlink(tu_at("n.txt"));
    /* a 255-byte name (NAME_MAX): the temporary name is cut to fit */
    char name[256];
    memset(name, 'n', 255);
    memcpy(name + 251, ".txt", 5);
    list_dir(before, sizeof before);
    CU_ASSERT_EQUAL(mds__write_file_atomic(tu_at(name), "long", 4, &err), MDS_OK);
    got = slurp(tu_at(name));
    CU_ASSERT_STRING_EQUAL(got, "long");
    free(got);
    unlink(tu_at(name));
    list_dir(after, sizeof after);
    CU_ASSERT_STRING_EQUAL(after, before);
}

static void test_temporary_names(void)
{
    unsigned host = mds__host_hash();
    char name[512];
    long pid = 0;
    snprintf(name, sizeof name, ".D0601A.txt.tmp.%08x.12345.aZ09xy", host);
    CU_ASSERT_EQUAL(mds__temporary_owner(name, host, &pid), 1);
    CU_ASSERT_EQUAL(pid, 12345);
    /* another machine's, or a name that only looks alike, is not ours */
    CU_ASSERT_EQUAL(mds__temporary_owner(name, host ^ 1, &pid), 0);
    snprintf(name, sizeof name, "D0601A.txt.tmp.%08x.12345.aZ09xy", host); /* not hidden */
    CU_ASSERT_EQUAL(mds__temporary_owner(name, host, &pid), 0);
    snprintf(name, sizeof name, ".D0601A.txt.tmp.%08x.12345.aZ09x", host); /* 5 random */
    CU_ASSERT_EQUAL(mds__temporary_owner(name, host, &pid), 0);
    snprintf(name, sizeof name, ".D0601A.txt.tmp.%08x..aZ09xy", host); /* no pid */
    CU_ASSERT_EQUAL(mds__temporary_owner(name, host, &pid), 0);
    snprintf(name, sizeof name, ".tmp.%08x.12.aZ09xy", host); /* no name before */
    CU_ASSERT_EQUAL(mds__temporary_owner(name, host, &pid), 0);
    CU_ASSERT_EQUAL(mds__temporary_owner("notes.tmp.123", host, &pid), 0);
    CU_ASSERT_EQUAL(mds__temporary_owner("report.jsonl", host, &pid), 0);
    /* the names of the versions before */
    CU_ASSERT_EQUAL(mds__temporary_owner("D0601A.txt.tmp.4242", host, &pid), 1);
    CU_ASSERT_EQUAL(pid, 4242);
    CU_ASSERT_EQUAL(mds__temporary_owner("a.b.jsonl.tmp.7", host, &pid), 1);
    CU_ASSERT_EQUAL(pid, 7);
    CU_ASSERT_EQUAL(mds__temporary_owner("a.txt.tmp.7x", host, &pid), 0);
}

static void test_sweep(void)
{
    CU_ASSERT_EQUAL_FATAL(mkdir(tu_at("out"), 0755), 0);
    /* a process that has ended, and this one, alive */
    pid_t dead = fork();
    CU_ASSERT_FATAL(dead >= 0);
    if (dead == 0)
        _exit(0);
    waitpid(dead, NULL, 0);
    unsigned host = mds__host_hash();
    char n[6][128];
    snprintf(n[0], sizeof n[0], "out/.a.txt.tmp.%08x.%ld.abcdef", host, (long)dead);
    snprintf(n[1], sizeof n[1], "out/.b.txt.tmp.%08x.%ld.abcdef", host, (long)getpid());
    snprintf(n[2], sizeof n[2], "out/.c.txt.tmp.%08x.%ld.abcdef", host ^ 0x10u, (long)dead);
    snprintf(n[3], sizeof n[3], "out/d.txt.tmp.%ld", (long)dead);
    snprintf(n[4], sizeof n[4], "out/e.txt");
    snprintf(n[5], sizeof n[5], "out/.f.txt.tmp.%08x.%ld.abcdef", host, (long)dead);
    for (int i = 0; i < 5; i++)
        put(n[i], "x", 1);
    CU_ASSERT_EQUAL(mkdir(tu_at(n[5]), 0755), 0); /* a directory of that name stays */
    size_t removed = 0;
    int err = -1;
    CU_ASSERT_EQUAL(mds__sweep_temporaries(tu_at("out"), &removed, &err), MDS_OK);
    CU_ASSERT_EQUAL(removed, 2);
    struct stat sb;
    CU_ASSERT_NOT_EQUAL(stat(tu_at(n[0]), &sb), 0);
    CU_ASSERT_EQUAL(stat(tu_at(n[1]), &sb), 0);
    CU_ASSERT_EQUAL(stat(tu_at(n[2]), &sb), 0);
    CU_ASSERT_NOT_EQUAL(stat(tu_at(n[3]), &sb), 0);
    CU_ASSERT_EQUAL(stat(tu_at(n[4]), &sb), 0);
    CU_ASSERT_EQUAL(stat(tu_at(n[5]), &sb), 0);
    CU_ASSERT_EQUAL(mds__sweep_temporaries(tu_at("nowhere"), &removed, &err), MDS_ENOENT);
    CU_ASSERT_EQUAL(err, ENOENT);
    tu_remove_tree(tu_at("out"));
}

/* Blocks as cat reads them: a pipe in pieces of at most `most` bytes until the end (a read
 * of 0), whatever st_size says; a regular file's size as a hint, none for a FIFO; a read
 * error is an error. */
static void test_read_blocks(void)
{
    int p[2];
    CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
    char data[3000];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (char)('a' + i % 26);
    CU_ASSERT_EQUAL_FATAL(write(p[1], data, sizeof data), (ssize_t)sizeof data);
    close(p[1]);
    mds__buf b = {0};
    size_t got = 0, reads = 0;
    int err = 0;
    do {
        CU_ASSERT_EQUAL_FATAL(mds__read_block(p[0], &b, 1000, &got, &err), MDS_OK);
        CU_ASSERT(got <= 1000);
        reads++;
    } while (got);
    close(p[0]);
    CU_ASSERT(reads >= 4); /* three of 1000 at most, then the end */
    CU_ASSERT_EQUAL(b.len, sizeof data);
    CU_ASSERT_EQUAL(memcmp(b.data, data, sizeof data), 0);
    CU_ASSERT_EQUAL(b.data[b.len], '\0');
    mds__buf_free(&b);

    int fd = -1;
    long long regular = 0;
    CU_ASSERT_EQUAL_FATAL(tu_put("blocks.txt", data, 1234), 0);
    CU_ASSERT_EQUAL_FATAL(mds__open_input(tu_at("blocks.txt"), &fd, &regular, &err), MDS_OK);
    CU_ASSERT_EQUAL(regular, 1234);
    close(fd);
    CU_ASSERT_EQUAL_FATAL(mkfifo(tu_at("blocks.fifo"), 0600), 0);
    pid_t pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) {
        int w = open(tu_at("blocks.fifo"), O_WRONLY);
        _exit(w < 0 || write(w, "xyz", 3) != 3);
    }
    CU_ASSERT_EQUAL_FATAL(mds__open_input(tu_at("blocks.fifo"), &fd, &regular, &err), MDS_OK);
    CU_ASSERT_EQUAL(regular, -1);
    do {
        CU_ASSERT_EQUAL_FATAL(mds__read_block(fd, &b, 1 << 20, &got, &err), MDS_OK);
    } while (got);
    CU_ASSERT_EQUAL(b.len, 3);
    close(fd);
    waitpid(pid, NULL, 0);
    mds__buf_free(&b);

    CU_ASSERT_EQUAL(mds__open_input(tu_at("."), &fd, &regular, &err), MDS_EIO);
    CU_ASSERT_EQUAL(err, EISDIR);
    fd = open(tu_at("."), O_RDONLY | O_DIRECTORY);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(mds__read_block(fd, &b, 100, &got, &err), MDS_EIO);
    CU_ASSERT_EQUAL(err, EISDIR);
    close(fd);
    mds__buf_free(&b);
    unlink(tu_at("blocks.txt")); /* the tests after list the folder */
    unlink(tu_at("blocks.fifo"));
}

static CU_TestInfo tests[] = {
    {"read exact bytes with NULs", test_read_exact_bytes},
    {"read in blocks: pipes, FIFOs, errors", test_read_blocks},
    {"read more than one chunk", test_read_large},
    {"read an empty file", test_read_empty},
    {"read errors", test_read_errors},
    {"atomic write replaces whole, leaves no temp", test_write_atomic},
    {"atomic write failures leave nothing", test_write_failures},
    {"atomic write through symbolic links", test_write_through_links},
    {"FIFOs and devices written into, not replaced", test_write_into_fifo_and_devices},
    {"exclusive temporary: planted link, mode, long name", test_write_exclusive_temporary},
    {"temporary names: whose they are", test_temporary_names},
    {"sweep removes the temporaries of ended processes", test_sweep},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("fileio", tests, setup, teardown); }
