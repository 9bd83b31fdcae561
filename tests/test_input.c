/* SPDX-License-Identifier: MIT */
/* Clusters through the public API: directories, files, memory, SGML, errors. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mds.h"
#include "testutil.h"

static mds_ctx *ctx;

static int setup(void) { return tu_temp_dir("input") || mds_ctx_new(&ctx) != MDS_OK; }

static int teardown(void)
{
    mds_ctx_free(ctx);
    return tu_temp_dir_remove();
}

static void put(const char *rel, const char *text)
{
    CU_ASSERT_EQUAL_FATAL(tu_put(rel, text, strlen(text)), 0);
}

/* Every sentence, in source order: nothing dropped for length, duplication or boilerplate. */
static mds_params *all_sentences(void)
{
    mds_params *p = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_params_new(&p), MDS_OK);
    TU_SET(p, UNIT, MDS_BUDGET_SENTENCES);
    TU_SET(p, BUDGET, 1000);
    TU_SET(p, MIN_WORDS, 0);
    TU_SET(p, MAX_WORDS, 0);
    TU_SET(p, CLEAN, 0);
    TU_SET(p, LAMBDA, 1.0);
    TU_SET(p, DUPLICATE_THRESHOLD, 1.0);
    TU_SET(p, ORDER, MDS_ORDER_SOURCE);
    return p;
}

static const char *A_TEXT = "Apples grow in orchards across the northern valley every autumn.\n";
static const char *B_TEXT =
    "Bridges across the wide river were repaired by the county engineers.\n";
static const char *C_TEXT =
    "Copper prices climbed sharply after the mine strike entered its third week.\n";

static void test_dir_order_hidden_subdirs(void)
{
    CU_ASSERT_EQUAL_FATAL(mkdir(tu_at("d"), 0755), 0);
    /* written out of order; byte order of names is C.txt < a.txt < b.txt */
    put("d/b.txt", B_TEXT);
    put("d/a.txt", A_TEXT);
    put("d/C.txt", C_TEXT);
    put("d/.hidden.txt", "Hidden files are never read into the cluster at all, says the rule.\n");
    CU_ASSERT_EQUAL_FATAL(mkdir(tu_at("d/sub"), 0755), 0);
    put("d/sub/inner.txt", "Files in subdirectories are not read either, the rule goes on.\n");
    CU_ASSERT_EQUAL_FATAL(mkdir(tu_at("d/.git"), 0755), 0);

    mds_cluster *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_document_count(c), 0);
    CU_ASSERT_EQUAL(mds_cluster_add_dir(c, tu_at("d")), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_document_count(c), 3);

    mds_params *p = all_sentences();
    mds_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_summarize(ctx, c, p, &r), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_result_count(r), 3);
    static const char *ids[] = {"C.txt", "a.txt", "b.txt"};
    const char *texts[] = {C_TEXT, A_TEXT, B_TEXT};
    for (size_t i = 0; i < 3; i++) {
        const mds_sentence *s = mds_result_sentence(r, i);
        CU_ASSERT_EQUAL(s->doc_index, i);
        CU_ASSERT_STRING_EQUAL(s->doc_id, ids[i]);
        CU_ASSERT_STRING_EQUAL(s->doc_path + strlen(s->doc_path) - 5, ids[i]);
        CU_ASSERT_PTR_NULL(s->doc_date);
        CU_ASSERT_EQUAL(s->offset, 0);
        CU_ASSERT_EQUAL(s->length, strlen(texts[i]) - 1);
        CU_ASSERT(strncmp(s->text, texts[i], s->length) == 0);
    }
    mds_result_free(r);
    /* a second directory appends after the first */
    CU_ASSERT_EQUAL(mds_cluster_add_dir(c, tu_at("d/sub")), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_document_count(c), 4);
    mds_cluster_free(c);
    mds_params_free(p);
}

static void test_dir_errors(void)
{
    mds_cluster *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    /* empty, or with only hidden files and subdirectories */
    CU_ASSERT_EQUAL_FATAL(mkdir(tu_at("empty"), 0755), 0);
    CU_ASSERT_EQUAL(mds_cluster_add_dir(c, tu_at("empty")), MDS_EEMPTY);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), tu_at("empty")));
    CU_ASSERT_EQUAL_FATAL(mkdir(tu_at("empty/sub"), 0755), 0);
    put("empty/.only-hidden", "Some text that is hidden from the reader of the directory.\n");
    CU_ASSERT_EQUAL(mds_cluster_add_dir(c, tu_at("empty")), MDS_EEMPTY);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), tu_at("empty")));
    /* missing */
    CU_ASSERT_EQUAL(mds_cluster_add_dir(c, tu_at("missing")), MDS_ENOENT);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), tu_at("missing")));
    /* a file where a directory is expected */
    put("file.txt", A_TEXT);
    mds_status st = mds_cluster_add_dir(c, tu_at("file.txt"));
    CU_ASSERT_NOT_EQUAL(st, MDS_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), tu_at("file.txt")));
    CU_ASSERT_EQUAL(mds_cluster_document_count(c), 0);
    /* and a directory where a file is expected */
    CU_ASSERT_EQUAL(mds_cluster_add_file(c, tu_at("empty")), MDS_EIO);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), "is a directory"));
    CU_ASSERT_EQUAL(mds_cluster_add_file(c, tu_at("missing.txt")), MDS_ENOENT);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), tu_at("missing.txt")));
    CU_ASSERT_EQUAL(mds_cluster_document_count(c), 0);
    mds_cluster_free(c);
}

static void test_dir_bad_utf8_names_file_and_offset(void)
{
    CU_ASSERT_EQUAL_FATAL(mkdir(tu_at("bad"), 0755), 0);
    put("bad/1-good.txt", A_TEXT);
    /* 0xE9 (Latin-1 é) at byte 26 is not UTF-8 */
    put("bad/2-latin1.txt", "This sentence is fine but \xe9t\xe9 is Latin-1 text.\n");
    mds_cluster *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    /* read as Windows-1252 (and warned of) unless strict: strict refuses, as here */
    CU_ASSERT_EQUAL(mds_cluster_add_dir(c, tu_at("bad")), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_warning_count(c), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_cluster_warning(c, 0), "2-latin1.txt: not UTF-8 (byte 26"));
    mds_cluster_free(c);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_set_encoding(c, NULL, 1), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_add_dir(c, tu_at("bad")), MDS_EUTF8);
    const char *msg = mds_errmsg(ctx);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, tu_at("bad/2-latin1.txt")));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "byte 26"));
    CU_ASSERT_PTR_NULL(strstr(msg, "1-good"));
    /* all or nothing: the good file read before the bad one is not kept */
    CU_ASSERT_EQUAL(mds_cluster_document_count(c), 0);
    mds_cluster_free(c);
    /* a file with a NUL byte is binary, named too */
    CU_ASSERT_EQUAL_FATAL(mkdir(tu_at("bin"), 0755), 0);
    FILE *f = fopen(tu_at("bin/x.dat"), "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fwrite("text\0more", 1, 9, f);
    fclose(f);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_add_dir(c, tu_at("bin")), MDS_EBINARY);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), tu_at("bin/x.dat")));
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), "byte 4"));
    mds_cluster_free(c);
}

static void test_memory_is_copied(void)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s%s", A_TEXT, B_TEXT);
    size_t n = strlen(buf);
    mds_cluster *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_add_memory(c, "mem/story.txt", buf, n), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_document_count(c), 1);
    memset(buf, 'X', n); /* the caller's buffer is the caller's again */
    mds_params *p = all_sentences();
    mds_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_summarize(ctx, c, p, &r), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_result_count(r), 2);
    const mds_sentence *s0 = mds_result_sentence(r, 0), *s1 = mds_result_sentence(r, 1);
    CU_ASSERT(strncmp(s0->text, A_TEXT, strlen(A_TEXT) - 1) == 0);
    CU_ASSERT(strncmp(s1->text, B_TEXT, strlen(B_TEXT) - 1) == 0);
    CU_ASSERT_EQUAL(s1->offset, strlen(A_TEXT));
    CU_ASSERT_STRING_EQUAL(s0->doc_path, "mem/story.txt");
    CU_ASSERT_STRING_EQUAL(s0->doc_id, "story.txt"); /* base name */
    mds_result_free(r);
    /* the cluster outlives a freed caller buffer too */
    char *heap = strdup(C_TEXT);
    CU_ASSERT_EQUAL(mds_cluster_add_memory(c, "heap", heap, strlen(heap)), MDS_OK);
    free(heap);
    CU_ASSERT_EQUAL_FATAL(mds_summarize(ctx, c, p, &r), MDS_OK);
    CU_ASSERT_EQUAL(mds_result_count(r), 3);
    CU_ASSERT(strncmp(mds_result_sentence(r, 2)->text, C_TEXT, strlen(C_TEXT) - 1) == 0);
    mds_result_free(r);
    /* empty memory adds no document and is no error */
    CU_ASSERT_EQUAL(mds_cluster_add_memory(c, "nothing", "", 0), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_document_count(c), 2);
    mds_cluster_free(c);
    mds_params_free(p);
}

static void test_sgml_three_docs(void)
{
    put("three.sgml", "<DOC>\n<DOCNO> AAA19990101.0001 </DOCNO>\n"
                      "<DATE_TIME> 1999-01-01 </DATE_TIME>\n<TEXT>\n"
                      "Apples grow in orchards across the northern valley every autumn.\n"
                      "</TEXT>\n</DOC>\n"
                      "<DOC>\n<DOCNO> AAA19990102.0002 </DOCNO>\n<TEXT>\n"
                      "Bridges across the wide river were repaired by the county engineers.\n"
                      "</TEXT>\n</DOC>\n"
                      "<DOC>\n<DOCNO> AAA19990103.0003 </DOCNO>\n<TEXT>\n"
                      "Copper prices climbed sharply after the mine strike entered its third "
                      "week.\n</TEXT>\n</DOC>\n");
    mds_cluster *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_add_file(c, tu_at("three.sgml")), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_document_count(c), 3);
    mds_params *p = all_sentences();
    mds_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_summarize(ctx, c, p, &r), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_result_count(r), 3);
    int seen[3] = {0};
    for (size_t i = 0; i < 3; i++) {
        const mds_sentence *s = mds_result_sentence(r, i);
        CU_ASSERT_FATAL(s->doc_index < 3);
        seen[s->doc_index]++;
        char want[32];
        snprintf(want, sizeof want, "AAA1999010%zu.000%zu", s->doc_index + 1, s->doc_index + 1);
        CU_ASSERT_STRING_EQUAL(s->doc_id, want);
        CU_ASSERT(strstr(s->doc_path, "three.sgml") != NULL);
    }
    CU_ASSERT(seen[0] == 1 && seen[1] == 1 && seen[2] == 1);
    mds_result_free(r);
    mds_cluster_free(c);
    mds_params_free(p);
}

/* A text that starts like an SGML prolog and ends before its '>' (issue 16, defect 1: the
 * prolog scan stepped past the end and the next comparison read out of bounds) is plain
 * text, from memory and from JSON alike. The copies the library makes hold one byte of
 * slack at most, so the sanitizer build sees an over-read of more. */
static void test_prolog_cut_short(void)
{
    static const char *texts[] = {"<?", "<!DOCTYPE", "<!doctype html", " \n<?xml", "<?x?><?"};
    mds_cluster *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    size_t want = 0;
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        CU_ASSERT_EQUAL(mds_cluster_add_memory(c, "mem", texts[i], strlen(texts[i])), MDS_OK);
        CU_ASSERT_EQUAL(mds_cluster_document_count(c), ++want);
        char json[128];
        int n = snprintf(json, sizeof json, "{\"id\":\"x\",\"documents\":[{\"text\":\"%s\"}]}",
                         strchr(texts[i], '\n') ? "<?xml" : texts[i]);
        char *heap = malloc((size_t)n); /* exactly the JSON, no NUL after it */
        CU_ASSERT_PTR_NOT_NULL_FATAL(heap);
        memcpy(heap, json, (size_t)n);
        char *id = NULL;
        CU_ASSERT_EQUAL(mds_cluster_add_json(c, heap, (size_t)n, &id), MDS_OK);
        CU_ASSERT_EQUAL(mds_cluster_document_count(c), ++want);
        mds_free(id);
        free(heap);
    }
    mds_cluster_free(c);
}

/* The input limit: over all inputs of a cluster together, to the byte; a failed input and a
 * rolled-back directory give their bytes back; the error is about max_input. */
static void test_max_input(void)
{
    mds_cluster *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    size_t a = strlen(A_TEXT), b = strlen(B_TEXT);
    CU_ASSERT_EQUAL(mds_cluster_set_max_input(c, 0), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_errparam(ctx), MDS_PARAM_MAX_INPUT);
    CU_ASSERT_EQUAL(mds_cluster_set_max_input(NULL, 10), MDS_EINVAL);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_set_max_input(c, a + b), MDS_OK);
    put("ma.txt", A_TEXT);
    put("mb.txt", B_TEXT);
    put("mc.txt", C_TEXT);
    CU_ASSERT_EQUAL(mds_cluster_add_file(c, tu_at("ma.txt")), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_add_file(c, tu_at("mc.txt")), MDS_ETOOBIG); /* a + c > a + b */
    CU_ASSERT_EQUAL(mds_errparam(ctx), MDS_PARAM_MAX_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), tu_at("mc.txt")));
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), "input limit"));
    CU_ASSERT_PTR_NULL(strstr(mds_errmsg(ctx), "--")); /* the library names no option */
    CU_ASSERT_EQUAL(mds_cluster_add_memory(c, "m", C_TEXT, strlen(C_TEXT)), MDS_ETOOBIG);
    CU_ASSERT_EQUAL(mds_cluster_add_file(c, tu_at("mb.txt")), MDS_OK); /* exactly the limit */
    CU_ASSERT_EQUAL(mds_cluster_document_count(c), 2);
    CU_ASSERT_EQUAL(mds_cluster_add_memory(c, "one more", "x", 1), MDS_ETOOBIG);
    CU_ASSERT_EQUAL(mds_cluster_add_memory(c, "nothing", "", 0), MDS_OK);
    mds_cluster_free(c);

    /* a directory all or nothing: a rolled-back one leaves its bytes to the next input */
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mkdir(tu_at("mdir"), 0755), 0);
    put("mdir/1.txt", A_TEXT);
    put("mdir/2.txt", "\xff not UTF-8\n");
    CU_ASSERT_EQUAL_FATAL(mds_cluster_set_max_input(c, a + b), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_set_encoding(c, NULL, 1), MDS_OK); /* refuse, not guess */
    CU_ASSERT_EQUAL(mds_cluster_add_dir(c, tu_at("mdir")), MDS_EUTF8);
    CU_ASSERT_EQUAL(mds_cluster_document_count(c), 0);
    CU_ASSERT_EQUAL(mds_cluster_add_file(c, tu_at("mb.txt")), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_add_file(c, tu_at("ma.txt")), MDS_OK);
    /* a JSON cluster: its texts count */
    char json[512];
    snprintf(json, sizeof json, "{\"id\":\"j\",\"documents\":[{\"text\":\"%.40s\"}]}", C_TEXT);
    CU_ASSERT_EQUAL(mds_cluster_add_json(c, json, strlen(json), NULL), MDS_ETOOBIG);
    CU_ASSERT_EQUAL(mds_cluster_document_count(c), 2);
    mds_cluster_free(c);

    /* the default: 1 GiB, the table's */
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    mds_params *p = NULL;
    long long def = 0;
    CU_ASSERT_EQUAL_FATAL(mds_params_new(&p), MDS_OK);
    CU_ASSERT_EQUAL(mds_params_get_int(p, MDS_PARAM_MAX_INPUT, &def), MDS_OK);
    CU_ASSERT_EQUAL(def, 1LL << 30);
    mds_params_free(p);
    /* no limit to speak of: no overflow of the room left */
    CU_ASSERT_EQUAL(mds_cluster_set_max_input(c, UINT64_MAX), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_add_file(c, tu_at("ma.txt")), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_add_memory(c, "b", B_TEXT, strlen(B_TEXT)), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_document_count(c), 2);
    mds_cluster_free(c);
}

static void on_alarm(int sig) { (void)sig; }

/* Reads the descriptor in a cluster limited to `limit` bytes; the status. */
static mds_status add_fd(int fd, uint64_t limit)
{
    mds_cluster *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_set_max_input(c, limit), MDS_OK);
    mds_status st = mds_cluster_add_fd(c, "stream", fd);
    mds_cluster_free(c);
    return st;
}

/* Streams: read in blocks to their end, whatever the blocks' sizes; stopped at the first
 * block of binary data or past the limit with the writer still there (no end of input
 * needed), and a read error is an error, not the end. */
static void test_streams(void)
{
    /* a pipe written in many small blocks by a child, then closed: all of it */
    int p[2];
    CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
    pid_t pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) {
        struct timespec pause = {0, 1000000};
        close(p[0]);
        for (int i = 0; i < 2000; i++) /* 2000 writes of 75 bytes: 150 KB, over two blocks */
            if (write(p[1], A_TEXT, strlen(A_TEXT)) < 0 || (i % 500 == 0 && nanosleep(&pause, NULL) != 0))
                _exit(1);
        _exit(0);
    }
    close(p[1]);
    mds_cluster *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_set_max_input(c, 2000 * strlen(A_TEXT) + 1), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_add_fd(c, "pipe", p[0]), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_document_count(c), 1);
    /* all of it came, not one byte fewer: one byte more fits, two do not */
    CU_ASSERT_EQUAL(mds_cluster_add_memory(c, "y", "yy", 2), MDS_ETOOBIG);
    CU_ASSERT_EQUAL(mds_cluster_add_memory(c, "x", "x", 1), MDS_OK);
    mds_cluster_free(c);
    close(p[0]);
    waitpid(pid, NULL, 0);

    /* binary, and past the limit, with the writer holding the pipe open: an answer without
     * the end of input (a read that waited for it would be cut by the alarm: EINTR, retried,
     * then the test fails on a wrong status or hangs until ctest's timeout) */
    struct sigaction sa = {.sa_handler = on_alarm}, old;
    sigaction(SIGALRM, &sa, &old);
    CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
    CU_ASSERT_EQUAL(write(p[1], "Some text\0 and more", 20), 20);
    alarm(10);
    CU_ASSERT_EQUAL(add_fd(p[0], 1000), MDS_EBINARY);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), "stream: byte 9: NUL byte"));
    close(p[0]);
    CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
    /* UTF-16: the mark decides, its NULs are text (converted: text/encoding.c) */
    CU_ASSERT_EQUAL(write(p[1], "\xff\xfeS\0o\0.\0", 8), 8);
    close(p[1]);
    CU_ASSERT_EQUAL(add_fd(p[0], 1000), MDS_OK);
    close(p[0]);
    CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
    for (int i = 0; i < 20; i++)
        CU_ASSERT_EQUAL(write(p[1], A_TEXT, strlen(A_TEXT)), (ssize_t)strlen(A_TEXT));
    CU_ASSERT_EQUAL(add_fd(p[0], 1000), MDS_ETOOBIG);
    CU_ASSERT_EQUAL(mds_errparam(ctx), MDS_PARAM_MAX_INPUT);
    alarm(0);
    sigaction(SIGALRM, &old, NULL);
    close(p[0]);
    close(p[1]);

    /* a FIFO, written and closed by a child */
    CU_ASSERT_EQUAL_FATAL(mkfifo(tu_at("fifo"), 0600), 0);
    pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) {
        FILE *f = fopen(tu_at("fifo"), "w");
        _exit(!f || fputs(B_TEXT, f) < 0 || fclose(f) != 0);
    }
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_add_file(c, tu_at("fifo")), MDS_OK);
    CU_ASSERT_EQUAL(mds_cluster_document_count(c), 1);
    mds_cluster_free(c);
    waitpid(pid, NULL, 0);

    /* a read error is an error: a directory's descriptor reads EISDIR */
    int d = open(tu_at("."), O_RDONLY | O_DIRECTORY);
    CU_ASSERT_FATAL(d >= 0);
    CU_ASSERT_EQUAL(add_fd(d, 1000), MDS_EIO);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), "stream: "));
    close(d);
    CU_ASSERT_EQUAL(add_fd(-1, 1000), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_cluster_add_fd(NULL, "x", 0), MDS_EINVAL);
}

/* The query travels with the cluster: set, replaced, cleared; UTF-8 only; from JSON too. */
static void test_query(void)
{
    mds_cluster *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_STRING_EQUAL(mds_cluster_query(c), "");
    CU_ASSERT_EQUAL(mds_cluster_set_query(c, "What did they agree?xx", 20), MDS_OK);
    CU_ASSERT_STRING_EQUAL(mds_cluster_query(c), "What did they agree?"); /* len bytes */
    CU_ASSERT_EQUAL(mds_cluster_set_query(c, "caf\xc3", 4), MDS_EUTF8); /* cut short */
    CU_ASSERT_EQUAL(mds_cluster_set_query(c, "a\0b", 3), MDS_EUTF8);
    CU_ASSERT_STRING_EQUAL(mds_cluster_query(c), "What did they agree?"); /* kept */
    CU_ASSERT_EQUAL(mds_cluster_set_query(c, NULL, 3), MDS_EINVAL);
    CU_ASSERT_EQUAL(mds_cluster_set_query(c, NULL, 0), MDS_OK);
    CU_ASSERT_STRING_EQUAL(mds_cluster_query(c), "");
    CU_ASSERT_EQUAL(mds_cluster_set_query(NULL, "a", 1), MDS_EINVAL);
    CU_ASSERT_STRING_EQUAL(mds_cluster_query(NULL), "");
    const char *json = "{\"id\": \"k\", \"query\": \"caf\\u00e9 prices\", "
                       "\"documents\": [{\"text\": \"Coffee prices rose again.\"}]}";
    CU_ASSERT_EQUAL(mds_cluster_add_json(c, json, strlen(json), NULL), MDS_OK);
    CU_ASSERT_STRING_EQUAL(mds_cluster_query(c), "caf\xc3\xa9 prices");
    /* a query that is not a string fails the cluster, named by its id, and keeps the old */
    json = "{\"id\": \"k2\", \"query\": [1], \"documents\": [{\"text\": \"More text.\"}]}";
    char *id = NULL;
    CU_ASSERT_EQUAL(mds_cluster_add_json(c, json, strlen(json), &id), MDS_EFORMAT);
    CU_ASSERT_STRING_EQUAL(id ? id : "", "k2");
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), "\"query\" is not a string"));
    CU_ASSERT_EQUAL(mds_cluster_document_count(c), 1);
    CU_ASSERT_STRING_EQUAL(mds_cluster_query(c), "caf\xc3\xa9 prices");
    mds_free(id);
    mds_cluster_free(c);
}

static CU_TestInfo tests[] = {
    {"the query: set, cleared, UTF-8, from JSON", test_query},
    {"directory: byte order, hidden and subdirs skipped", test_dir_order_hidden_subdirs},
    {"directory errors name the path", test_dir_errors},
    {"bad UTF-8 names the file and byte", test_dir_bad_utf8_names_file_and_offset},
    {"add_memory copies the bytes", test_memory_is_copied},
    {"SGML with three documents", test_sgml_three_docs},
    {"a prolog cut short is text, from memory and JSON", test_prolog_cut_short},
    {"the input limit, over all inputs", test_max_input},
    {"streams: blocks, binary and the limit before the end", test_streams},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("cluster", tests, setup, teardown); }
