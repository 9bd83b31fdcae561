/* summarize [OPTIONS] INPUT...: one cluster to one summary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"

static void help(void)
{
    printf("Usage: %s [OPTIONS] INPUT...\n"
           "       %s batch [OPTIONS] CORPUS -o OUT\n"
           "       %s model build [OPTIONS] CORPUS... -o MODEL\n"
           "       %s eval --refs DIR [OPTIONS] SUMMARIES...\n"
           "\n"
           "Writes an extractive summary of one cluster of documents on one topic: the most\n"
           "central sentences, none saying the same thing twice, each traceable to its source.\n"
           "INPUT is a file (plain UTF-8 text, or DUC/TAC SGML with any number of <DOC>s), a\n"
           "directory (its regular files, in name order, form the cluster) or - for stdin.\n"
           "\n",
           cli_prog, cli_prog, cli_prog, cli_prog);
    cli_help_length();
    printf("Output:\n"
           "  --format FMT         text (one sentence a line), json or jsonl (default text)\n"
           "  -o, --output FILE    write to FILE, atomically, instead of stdout\n"
           "\n");
    cli_help_shared();
    printf("Exit status: 0 success, 1 bad usage, 2 bad input or I/O, 3 backend unavailable or\n"
           "failed, 4 internal error. Manual: docs/summarize.1.md.\n");
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Adds one operand to the cluster; on failure prints the library's message. */
static int add_input(mds_ctx *ctx, mds_cluster *cl, const char *in)
{
    mds_status st;
    if (strcmp(in, "-") == 0) {
        char *data = NULL;
        size_t size = 0;
        st = cli_read_stdin(&data, &size);
        if (st) {
            cli_error("standard input: %s", mds_strerror(st));
            return cli_exit_code(st);
        }
        st = mds_cluster_add_memory(cl, "-", data, size);
        free(data);
    } else {
        struct stat sb;
        if (stat(in, &sb) == 0 && S_ISDIR(sb.st_mode))
            st = mds_cluster_add_dir(cl, in);
        else
            st = mds_cluster_add_file(cl, in);
    }
    if (st) {
        cli_error("%s", mds_errmsg(ctx));
        return cli_exit_code(st);
    }
    return EXIT_OK;
}

int cmd_summarize(int argc, char **argv)
{
    cli_options o;
    int rc = cli_options_init(&o);
    if (rc)
        return rc;
    const char **inputs = calloc((size_t)argc, sizeof *inputs);
    size_t ninputs = 0;
    if (!inputs) {
        cli_error("out of memory");
        cli_options_free(&o);
        return EXIT_INTERNAL;
    }

    cli_args a = {.argc = argc, .argv = argv, .i = 1};
    const char *opt, *operand;
    int k;
    while ((k = cli_next(&a, &opt, &operand)) != 0) {
        if (k == 2) {
            inputs[ninputs++] = operand;
            continue;
        }
        if (!strcmp(opt, "-h") || !strcmp(opt, "--help")) {
            help();
            goto done;
        } else if (!strcmp(opt, "--version")) {
            printf("summarize (mds) %s\n", mds_version());
            goto done;
        }
        int r = cli_common_option(&a, opt, &o);
        if (r < 0) {
            rc = EXIT_USAGE;
            goto done;
        }
        if (r == 0) {
            rc = cli_usage_error("unknown option '%s'", opt);
            goto done;
        }
    }
    const mds_params *p = o.p;
    mds_format format = o.format;
    const char *model = o.model, *output = o.output;
    if (ninputs == 0) {
        rc = cli_usage_error("no input: give files, a directory, or - for stdin");
        goto done;
    }
    if (mds_params_check(p) != MDS_OK) {
        rc = cli_usage_error("%s", mds_params_errmsg(p));
        goto done;
    }

    double t0 = now();
    mds_ctx *ctx = NULL;
    mds_cluster *cl = NULL;
    mds_result *res = NULL;
    char *out = NULL;
    size_t outlen = 0;
    mds_status st = mds_ctx_new(&ctx);
    if (st) {
        cli_error("%s", mds_strerror(st));
        rc = cli_exit_code(st);
        goto done;
    }
    if (model && (st = mds_ctx_load_model(ctx, model))) {
        cli_error("%s", mds_errmsg(ctx));
        rc = cli_exit_code(st);
        goto run_done;
    }
    if ((st = mds_cluster_new(ctx, &cl))) {
        cli_error("%s", mds_strerror(st));
        rc = cli_exit_code(st);
        goto run_done;
    }
    for (size_t i = 0; i < ninputs; i++)
        if ((rc = add_input(ctx, cl, inputs[i])) != EXIT_OK)
            goto run_done;
    double t1 = now();
    if ((st = mds_summarize(ctx, cl, p, &res))) {
        cli_library_error(ctx);
        rc = cli_exit_code(st);
        goto run_done;
    }
    double t2 = now();
    if ((st = mds_result_render(res, format, &out, &outlen))) {
        cli_error("rendering the summary: %s", mds_strerror(st));
        rc = cli_exit_code(st);
        goto run_done;
    }
    rc = cli_write_output(output, out, outlen);
    mds_stats s;
    mds_result_stats(res, &s);
    if (s.warning)
        cli_warn("%s", s.warning);
    cli_info("%zu documents, %zu sentences, %zu candidates, %zu chosen; D=%zu, %s graph of "
             "%zu edges, %d power iterations; backend %s on %s",
             s.documents, s.sentences, s.candidates, mds_result_count(res), s.dimensions,
             s.sparse ? "sparse" : "dense", s.edges, s.iterations, s.backend, s.device);
    cli_info("read %.1f ms, summarize %.1f ms (gram %.1f ms at %.1f GFLOP/s, graph %.1f ms, "
             "rank %.1f ms), device memory %.1f MiB",
             (t1 - t0) * 1e3, (t2 - t1) * 1e3, s.seconds_gram * 1e3,
             s.seconds_gram > 0 ? s.gram_flops / s.seconds_gram * 1e-9 : 0.0,
             s.seconds_graph * 1e3, s.seconds_rank * 1e3, (double)s.device_bytes / 1048576.0);
run_done:
    mds_free(out);
    mds_result_free(res);
    mds_cluster_free(cl);
    mds_ctx_free(ctx);
done:
    free(inputs);
    cli_options_free(&o);
    return rc;
}
