/* SPDX-License-Identifier: MIT */
/* summarize [OPTIONS] [INPUT...]: one cluster to one summary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "util/alloc.h"
#include "util/clock.h"
#include "util/fileio.h"


/* Adds one operand to the cluster; on failure prints the library's message. */
static int add_input(mds_ctx *ctx, mds_cluster *cl, const char *in)
{
    mds_status st;
    if (strcmp(in, "-") == 0) {
        st = mds_cluster_add_fd(cl, "-", STDIN_FILENO); /* as cat reads it, under --max-input */
    } else {
        struct stat sb;
        if (stat(in, &sb) == 0 && S_ISDIR(sb.st_mode))
            st = mds_cluster_add_dir(cl, in);
        else
            st = mds_cluster_add_file(cl, in);
    }
    if (st) {
        cli_lib_error(ctx);
        return cli_exit_code(st);
    }
    return EXIT_OK;
}

enum { OPT_OUTPUT = OPT_COMMAND, OPT_INPUT_FORMAT, OPT_QUERY, OPT_QUERY_FILE };

static const char *const input_formats[] = {"auto", "text", "html", NULL};

static const cli_opt own_rows[] = {
    {"query", 0, "TEXT", OPT_QUERY, 0, 0, "Query",
     "the question the summary answers: sentences about it are ranked and chosen first",
     NULL, NULL},
    {"query-file", 0, "FILE", OPT_QUERY_FILE, 0, 0, "Query",
     "the question from a file ('-': standard input); a first line followed by more is a "
     "title, as a DUC topic's", NULL, NULL},
    {"output", 'o', "FILE", OPT_OUTPUT, 0, 0, "Output",
     "write to FILE, atomically, instead of stdout", NULL, NULL},
    /* the input_format parameter (its own flag would clash with batch's --input-format) */
    {"input-format", 0, "F", OPT_INPUT_FORMAT, 0, 0, "Input",
     "read inputs by content, as plain text or SGML, or as HTML pages", "auto",
     input_formats},
};

static int summarize_options(cli_optlist *l)
{
    if (cli_summary_options(l) != 0)
        return -1;
    for (size_t i = 0; i < l->n; i++) /* -j: as batch's -j, the cores to use (one cluster's) */
        if (l->v[i].name && !strcmp(l->v[i].name, "threads"))
            l->v[i].letter = 'j';
    cli_optlist_add(l, own_rows, sizeof own_rows / sizeof *own_rows, 0);
    return cli_general_options(l);
}

typedef struct summarize_args {
    cli_options *o;
    const char *output;
    const char *query, *query_file;
} summarize_args;

static int take(cli_parser *p, void *arg)
{
    summarize_args *x = arg;
    int r = cli_options_apply(p, x->o), f;
    if (r != 0)
        return r;
    switch (p->opt->id) {
    case OPT_OUTPUT:
        x->output = p->value;
        return 1;
    case OPT_QUERY:
    case OPT_QUERY_FILE:
        if (x->query || x->query_file) {
            cli_opt_fail(p, "one query: --query or --query-file, once");
            return -1;
        }
        *(p->opt->id == OPT_QUERY ? &x->query : &x->query_file) = p->value;
        return 1;
    case OPT_INPUT_FORMAT:
        return cli_opt_choice(p, &f) &&
                       mds_params_set_double(x->o->p, MDS_PARAM_INPUT_FORMAT, f) == MDS_OK
                   ? 1
                   : -1;
    }
    return 0;
}

/* The query of --query or --query-file into the cluster; a message and the exit code on
 * failure. */
static int set_query(mds_ctx *ctx, mds_cluster *cl, const summarize_args *x)
{
    unsigned char *data = NULL;
    size_t size = 0;
    int e = 0;
    mds_status st;
    if (x->query) {
        st = mds_cluster_set_query(cl, x->query, strlen(x->query));
    } else if (x->query_file) {
        const char *path = strcmp(x->query_file, "-") ? x->query_file : "/dev/stdin";
        if ((st = mds__read_file(path, &data, &size, &e))) {
            cli_error("%s: %s", x->query_file, strerror(e));
            return cli_exit_code(st);
        }
        st = mds_cluster_set_query(cl, (const char *)data, size);
        mds__free(data);
        if (st) {
            cli_error("%s: %s", x->query_file, mds_errmsg(ctx));
            return cli_exit_code(st);
        }
    } else {
        return EXIT_OK;
    }
    if (st) {
        cli_error("--query: %s", mds_errmsg(ctx));
        return cli_exit_code(st);
    }
    return EXIT_OK;
}

static int run_summarize(int argc, char **argv)
{
    cli_options o;
    const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    size_t ninputs = 0;
    int rc = EXIT_OK;
    if (cli_options_init(&o) != 0 || !inputs) {
        cli_options_free(&o);
        free(inputs);
        cli_error("out of memory");
        return EXIT_INTERNAL;
    }
    summarize_args x = {.o = &o};
    if ((rc = cli_parse_args(&cli_cmd_summarize, argc, argv, take, &x, inputs, &ninputs)) >= 0)
        goto done;
    rc = EXIT_OK;
    const char *output = x.output;
    if (ninputs == 0) {
        /* a pipe or a file on stdin is the input: cat a.txt | summarize */
        if (isatty(STDIN_FILENO)) {
            rc = cli_usage_error("no input: give files, a directory, or - for stdin");
            goto done;
        }
        inputs[ninputs++] = "-";
    }
    for (size_t i = 0; x.query_file && !strcmp(x.query_file, "-") && i < ninputs; i++)
        if (!strcmp(inputs[i], "-")) {
            rc = cli_usage_error("standard input cannot be both the query (--query-file -) "
                                 "and an input");
            goto done;
        }
    if ((rc = cli_options_check(&o)) != EXIT_OK)
        goto done;

    double t0 = mds__now();
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
    if (o.model && (st = mds_ctx_load_model(ctx, o.model))) {
        cli_lib_error(ctx);
        rc = cli_exit_code(st);
        goto run_done;
    }
    if ((st = mds_cluster_new(ctx, &cl)) || (st = cli_cluster_setup(&o, cl))) {
        cli_error("%s", mds_strerror(st));
        rc = cli_exit_code(st);
        goto run_done;
    }
    if ((rc = set_query(ctx, cl, &x)) != EXIT_OK)
        goto run_done;
    for (size_t i = 0; i < ninputs; i++)
        if ((rc = add_input(ctx, cl, inputs[i])) != EXIT_OK)
            goto run_done;
    for (size_t i = 0; i < mds_cluster_warning_count(cl); i++)
        cli_warn("%s", mds_cluster_warning(cl, i)); /* a file read as Windows-1252 */
    double t1 = mds__now();
    if ((st = mds_summarize(ctx, cl, o.p, &res))) {
        if (st == MDS_EEMPTY && ninputs == 1) /* the one input is at fault: named */
            cli_error("%s: %s", strcmp(inputs[0], "-") ? inputs[0] : "standard input",
                      mds_errmsg(ctx));
        else
            cli_lib_error(ctx);
        rc = cli_exit_code(st);
        goto run_done;
    }
    double t2 = mds__now();
    if (mds_result_count(res) == 0) {
        char why[256];
        cli_error("%s", cli_empty_summary(&o, why, sizeof why));
        rc = EXIT_INPUT;
        goto run_done;
    }
    if ((st = mds_result_render(res, o.format, &out, &outlen))) {
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
    char lang[64];
    if (mds_params_get_string(mds_result_params(res), MDS_PARAM_LANG, lang, sizeof lang))
        lang[0] = '\0';
    cli_info("language %s%s", lang, s.lang_detected ? " (detected)" : "");
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
    cli_options_free(&o);
    free(inputs);
    return rc;
}

const cli_command cli_cmd_summarize = {
    .name = NULL,
    .synopsis = "[OPTIONS] [INPUT...]\n"
                "batch [OPTIONS] CORPUS -o OUT\n"
                "model build [OPTIONS] CORPUS... -o MODEL\n"
                "eval --refs DIR [OPTIONS] SUMMARIES...\n"
                "extract [OPTIONS] FILE...\n"
                "help [--manual] [COMMAND]",
    .about =
        "Writes an extractive summary of one cluster of documents on one topic: the most "
        "central sentences, none saying the same thing twice, each traceable to its source. "
        "INPUT is a file (plain text in UTF-8, UTF-16 with its mark or a declared charset, "
        "else read as Windows-1252; DUC/TAC SGML with any number of <DOC>s; or an HTML page, "
        "read as its article), a "
        "directory (its regular files, in name order, form the cluster) or '-' for standard "
        "input; with no INPUT, standard input when it is not a terminal. 'summarize help "
        "COMMAND' tells of the other commands.",
    .epilogue =
        "Options may come before or after the inputs, long ones shortened to any unambiguous "
        "prefix, with --name=value or --name value; '--' ends them. Exit status: 0 success, "
        "1 bad usage, 2 bad input or I/O, 3 backend unavailable or failed, 4 internal error. "
        "Languages (--lang): auto, the default, detects the language of each cluster from its "
        "script and stopwords; english (en), german (de), french (fr), spanish (es), italian "
        "(it), portuguese (pt), dutch (nl), russian (ru), polish (pl), swedish (sv), chinese "
        "(zh) and japanese (ja) have their own sentence rules and stopwords; any other "
        "language of the Snowball stemmer is taken by name. Manual: docs/summarize.1.md.",
    .options = summarize_options,
    .run = run_summarize,
};
