/* SPDX-License-Identifier: MIT */
/* A program outside the project that uses the installed library through its one header,
 * built against an installed prefix by pkg-config and by CMake's find_package(mds)
 * (tests/test_install.sh, tests/test_deb.sh). It summarizes the files and folders it is given
 * as one cluster, as `summarize` does, with parameters given as NAME=VALUE (the library's
 * own names or flags: "budget=50", "order=score"; an argument that names an existing file or
 * folder is an input), and prints the summary as text (or as JSON with
 * "--json"), then the version and the cluster's size on stderr.
 * Usage: mds-consumer [--json] [NAME=VALUE...] INPUT... */
#include <mds.h>

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
    mds_ctx *ctx = NULL;
    mds_cluster *cluster = NULL;
    mds_params *params = NULL;
    mds_result *result = NULL;
    char *out = NULL;
    size_t size = 0;
    mds_format format = MDS_FORMAT_TEXT;
    int inputs = 0, rc = 1;
    mds_status st;

    if ((st = mds_ctx_new(&ctx)) != MDS_OK || (st = mds_cluster_new(ctx, &cluster)) != MDS_OK ||
        (st = mds_params_new(&params)) != MDS_OK) {
        fprintf(stderr, "mds-consumer: %s\n", mds_strerror(st));
        goto done;
    }
    for (int i = 1; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        struct stat sb;
        if (strcmp(argv[i], "--json") == 0) {
            format = MDS_FORMAT_JSON;
        } else if (stat(argv[i], &sb) == 0) {
            st = S_ISDIR(sb.st_mode) ? mds_cluster_add_dir(cluster, argv[i])
                                     : mds_cluster_add_file(cluster, argv[i]);
            if (st != MDS_OK) {
                fprintf(stderr, "mds-consumer: %s\n", mds_errmsg(ctx));
                goto done;
            }
            inputs++;
        } else if (eq) {
            char name[64];
            size_t n = (size_t)(eq - argv[i]);
            if (n >= sizeof name) {
                fprintf(stderr, "mds-consumer: %s: no such parameter\n", argv[i]);
                goto done;
            }
            memcpy(name, argv[i], n);
            name[n] = '\0';
            if (mds_params_set(params, name, eq + 1) != MDS_OK) {
                fprintf(stderr, "mds-consumer: %s\n", mds_params_errmsg(params));
                goto done;
            }
        } else {
            fprintf(stderr, "mds-consumer: %s: no such file or directory\n", argv[i]);
            goto done;
        }
    }
    if (inputs == 0) {
        fprintf(stderr, "usage: mds-consumer [--json] [NAME=VALUE...] INPUT...\n");
        goto done;
    }
    if (mds_summarize(ctx, cluster, params, &result) != MDS_OK) {
        fprintf(stderr, "mds-consumer: %s\n", mds_errmsg(ctx));
        goto done;
    }
    if (mds_result_render(result, format, &out, &size) != MDS_OK) {
        fprintf(stderr, "mds-consumer: %s\n", mds_errmsg(ctx));
        goto done;
    }
    fwrite(out, 1, size, stdout);
    fprintf(stderr, "mds %s: %zu documents, %zu sentences chosen\n", mds_version(),
            mds_cluster_document_count(cluster), mds_result_count(result));
    rc = 0;
done:
    mds_free(out);
    mds_result_free(result);
    mds_params_free(params);
    mds_cluster_free(cluster);
    mds_ctx_free(ctx);
    return rc;
}
