/* SPDX-License-Identifier: MIT */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/dirlist.h"

char *tu_read_file(const char *path, size_t *size)
{
    char full[4096];
    if (path[0] == '/')
        snprintf(full, sizeof full, "%s", path);
    else
        snprintf(full, sizeof full, "%s/%s", MDS_SOURCE_DIR, path);
    FILE *f = fopen(full, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            char *nb = realloc(buf, cap * 2 + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf)
        return NULL;
    buf[len] = '\0';
    if (size)
        *size = len;
    return buf;
}

int tu_load_list(const char *path, mds__strset *set)
{
    size_t size;
    char *text = tu_read_file(path, &size);
    mds__strset_init(set);
    if (!text)
        return -1;
    mds_status st = mds__strset_add_lines(set, text, size);
    free(text);
    return st != MDS_OK;
}

static void add_suite(const char *name, CU_TestInfo *tests, CU_InitializeFunc setup,
                      CU_CleanupFunc teardown)
{
    CU_SuiteInfo suites[] = {{name, setup, teardown, NULL, NULL, tests}, CU_SUITE_INFO_NULL};
    if (CU_register_suites(suites) != CUE_SUCCESS) {
        fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
        exit(2);
    }
}

static int run_all(void)
{
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed() +
                      CU_get_number_of_suites_failed();
    unsigned run = CU_get_number_of_tests_run();
    CU_cleanup_registry();
    if (run == 0) {
        fprintf(stderr, "no test ran\n");
        return 1;
    }
    return failed ? 1 : 0;
}

int tu_main(const char *suite, CU_TestInfo *tests, CU_InitializeFunc setup,
            CU_CleanupFunc teardown)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
        return 2;
    }
    add_suite(suite, tests, setup, teardown);
    return run_all();
}

void tu_remove_tree(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return;
    if (!S_ISDIR(sb.st_mode)) {
        unlink(path);
        return;
    }
    char **names;
    size_t n;
    int err;
    if (mds__dirlist(path, MDS__LIST_ANY | MDS__LIST_HIDDEN, &names, &n, &err) == MDS_OK) {
        for (size_t i = 0; i < n; i++) {
            char sub[4096];
            snprintf(sub, sizeof sub, "%s/%s", path, names[i]);
            tu_remove_tree(sub);
        }
        free(names);
    }
    rmdir(path);
}

static char temp_dir[512];

int tu_temp_dir(const char *name)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(temp_dir, sizeof temp_dir, "%s/mds-test-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp",
             name);
    return mkdtemp(temp_dir) == NULL;
}

const char *tu_at(const char *rel)
{
    static char p[8][1024];
    static int k;
    k = (k + 1) % 8;
    snprintf(p[k], sizeof p[k], "%s/%s", temp_dir, rel);
    return p[k];
}

int tu_put(const char *rel, const void *data, size_t n)
{
    FILE *f = fopen(tu_at(rel), "wb");
    if (!f)
        return -1;
    int bad = fwrite(data, 1, n, f) != n;
    return fclose(f) != 0 || bad ? -1 : 0;
}

int tu_temp_dir_remove(void)
{
    tu_remove_tree(temp_dir);
    return access(temp_dir, F_OK) == 0;
}

int tu_mapped(const char *name)
{
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f)
        return -1;
    char line[4096];
    int found = 0;
    while (!found && fgets(line, sizeof line, f)) {
        const char *path = strrchr(line, '/');
        found = path && strstr(path, name) != NULL;
    }
    fclose(f);
    return found;
}

int tu_count_threads(void)
{
    DIR *d = opendir("/proc/self/task");
    if (!d)
        return -1;
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

int tu_threads_settled(int want)
{
    int n = tu_count_threads();
    for (int i = 0; i < 100 && n != want; i++) {
        nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
        n = tu_count_threads();
    }
    return n;
}
