/* SPDX-License-Identifier: MIT */
/* summarize extract [OPTIONS] FILE...: the text each input is read as (an HTML page's
 * article), as the summarizer sees it, without summarizing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum { OPT_NO_TITLE = OPT_COMMAND, OPT_JSONL, OPT_INPUT_FORMAT };

static const char *const input_formats[] = {"auto", "text", "html", NULL};

static const cli_opt own_rows[] = {
    {"no-title", 0, NULL, OPT_NO_TITLE, 0, 0, "Extract", "print the body only, not the title",
     NULL, NULL},
    {"jsonl", 0, NULL, OPT_JSONL, 0, 0, "Extract",
     "one JSON object a document: path, id, title, date, text", NULL, NULL},
    {"input-format", 0, "F", OPT_INPUT_FORMAT, 0, 0, "Extract",
     "read inputs by content, as plain text or SGML, or as HTML pages", "auto",
     input_formats},
};

static int extract_options(cli_optlist *l)
{
    if (cli_optlist_add(l, own_rows, sizeof own_rows / sizeof *own_rows, 0) != 0)
        return -1;
    return cli_general_options(l);
}

static int put_member(const char *key, const char *value, int last)
{
    if (printf("\"%s\": ", key) < 0 || cli_put_json_string(stdout, value) ||
        fputs(last ? "}\n" : ", ", stdout) == EOF)
        return -1;
    return 0;
}

/* The documents of one input to stdout. */
static int extract_one(mds_ctx *ctx, const char *in, int title, int jsonl, int format)
{
    mds_cluster *cl = NULL;
    mds_status st = mds_cluster_new(ctx, &cl);
    if (!st)
        st = mds_cluster_set_input_format(cl, (mds_input_format)format);
    if (!st)
        st = strcmp(in, "-") ? mds_cluster_add_file(cl, in) : mds_cluster_add_fd(cl, "-", STDIN_FILENO);
    if (st) {
        cli_lib_error(ctx);
        mds_cluster_free(cl);
        return cli_exit_code(st);
    }
    size_t n = mds_cluster_document_count(cl);
    if (!n)
        cli_warn("%s: no text to extract", in);
    int bad = 0;
    for (size_t i = 0; i < n && !bad; i++) {
        mds_document d;
        if ((st = mds_cluster_document(cl, i, &d)))
            break;
        if (jsonl) {
            bad = fputc('{', stdout) == EOF || put_member("path", d.path, 0) ||
                  put_member("id", d.id, 0) || put_member("title", d.title, 0) ||
                  put_member("date", d.date, 0) || put_member("text", d.text, 1);
            continue;
        }
        if (title && d.title)
            bad = printf("%s\n\n", d.title) < 0;
        bad = bad || fwrite(d.text, 1, d.length, stdout) != d.length || fputc('\n', stdout) == EOF;
        if (i + 1 < n)
            bad = bad || fputc('\n', stdout) == EOF;
    }
    mds_cluster_free(cl);
    if (bad) {
        cli_error("writing the text of %s failed", in);
        return EXIT_INPUT;
    }
    return st ? cli_exit_code(st) : EXIT_OK;
}

typedef struct extract_args {
    int title, jsonl, format;
} extract_args;

static int take(cli_parser *p, void *arg)
{
    extract_args *x = arg;
    switch (p->opt->id) {
    case OPT_NO_TITLE:
        x->title = 0;
        return 1;
    case OPT_JSONL:
        x->jsonl = 1;
        return 1;
    case OPT_INPUT_FORMAT:
        return cli_opt_choice(p, &x->format) ? 1 : -1;
    }
    return 0;
}

static int run_extract(int argc, char **argv)
{
    const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    size_t ninputs = 0;
    extract_args x = {.title = 1, .format = MDS_INPUT_AUTO};
    int rc = EXIT_OK;
    if (!inputs)
        return EXIT_INTERNAL;
    if ((rc = cli_parse_args(&cli_cmd_extract, argc, argv, take, &x, inputs, &ninputs)) >= 0)
        goto done;
    rc = EXIT_OK;
    if (!ninputs) {
        rc = cli_usage_error("extract: no input: give files, or - for stdin");
        goto done;
    }
    mds_ctx *ctx = NULL;
    mds_status st = mds_ctx_new(&ctx);
    if (st) {
        cli_error("%s", mds_strerror(st));
        rc = cli_exit_code(st);
        goto done;
    }
    for (size_t i = 0; i < ninputs; i++) {
        int r = extract_one(ctx, inputs[i], x.title, x.jsonl, x.format);
        if (r != EXIT_OK && rc == EXIT_OK)
            rc = r;
    }
    if (fflush(stdout) == EOF && rc == EXIT_OK) {
        cli_error("writing to stdout failed");
        rc = EXIT_INPUT;
    }
    mds_ctx_free(ctx);
done:
    free(inputs);
    return rc;
}

const cli_command cli_cmd_extract = {
    .name = "extract",
    .synopsis = "extract [OPTIONS] FILE...",
    .about =
        "Prints the text each input is read as, without summarizing: for an HTML page its "
        "article (the title, a blank line, then the body, one paragraph a line), with "
        "navigation, scripts, ads, share bars, comments and other boilerplate left out; plain "
        "text and SGML as their paragraphs. An input that fails is named and the others still "
        "print.",
    .epilogue = "Exit status: 0 printed, 1 bad usage, 2 bad input or I/O, 4 internal error.",
    .options = extract_options,
    .run = run_extract,
};
