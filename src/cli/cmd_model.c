/* SPDX-License-Identifier: MIT */
/* summarize model build [OPTIONS] CORPUS... -o MODEL: train a model. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum {
    OPT_OUTPUT = OPT_COMMAND, OPT_LANG, OPT_BUCKET_BITS, OPT_DIMENSIONS, OPT_SEED,
    OPT_BIGRAMS, OPT_IDF_BLEND, OPT_LATIN1, OPT_STOPWORDS, OPT_ABBREVIATIONS, OPT_PHRASES,
};

static const cli_opt own_rows[] = {
    {"output", 'o', "FILE", OPT_OUTPUT, 0, 0, "Model build",
     "the model file to write (atomically; required)", NULL, NULL},
    {"lang", 0, "LANG", OPT_LANG, 0, 0, "Model build",
     "Snowball language name or ISO 639-1 code", NULL, NULL},
    {"bucket-bits", 0, "N", OPT_BUCKET_BITS, 0, 0, "Model build", NULL, NULL, NULL},
    {"dimensions", 0, "N", OPT_DIMENSIONS, 0, 0, "Model build", NULL, NULL, NULL},
    {"seed", 0, "N", OPT_SEED, 0, 0, "Model build", "hash seed", NULL, NULL},
    {"bigrams", 0, NULL, OPT_BIGRAMS, 0, 0, "Model build", "add word bigrams as features",
     NULL, NULL},
    {"idf-blend", 0, "X", OPT_IDF_BLEND, 0, 0, "Model build",
     "the model's blend of its idf and the cluster's, 0 to 1", NULL, NULL},
    {"latin1", 0, NULL, OPT_LATIN1, 0, 0, "Model build",
     "read files that are not UTF-8 and declare nothing as Windows-1252 (Reuters-21578)", NULL,
     NULL},
    {"stopwords", 0, "FILE", OPT_STOPWORDS, 0, 0, "Model build",
     "stopword list, one a line, # for comments", NULL, NULL},
    {"abbreviations", 0, "FILE", OPT_ABBREVIATIONS, 0, 0, "Model build",
     "abbreviations for the sentence splitter, one a line", NULL, NULL},
    {"phrases", 0, "FILE", OPT_PHRASES, 0, 0, "Model build",
     "boilerplate phrases for the clean stage, one a line", NULL, NULL},
};

/* The defaults and the bounds shown are the library's (mds_model_options_default, the
 * MDS_MODEL_* bounds of include/mds.h). */
static int model_options(cli_optlist *l)
{
    mds_model_options d;
    mds_model_options_default(&d);
    size_t first = l->n;
    if (cli_optlist_add(l, own_rows, sizeof own_rows / sizeof *own_rows, 0) != 0)
        return -1;
    for (size_t i = first; i < l->n; i++) {
        cli_opt *r = &l->v[i];
        switch (r->id) {
        case OPT_LANG:
            r->def = d.lang;
            break;
        case OPT_BUCKET_BITS:
            r->help = cli_optlist_printf(l, "a document-frequency table of 2^N buckets, %d to %d",
                                         MDS_MODEL_BUCKET_BITS_MIN, MDS_MODEL_BUCKET_BITS_MAX);
            r->def = cli_optlist_printf(l, "%u", d.bucket_bits);
            break;
        case OPT_DIMENSIONS:
            r->help = cli_optlist_printf(l, "embedding dimension, a power of two, %d to 2^N",
                                         MDS_MODEL_DIMENSIONS_MIN);
            r->def = cli_optlist_printf(l, "%u", d.dimensions);
            break;
        case OPT_SEED:
            r->def = cli_optlist_printf(l, "%#llx", (unsigned long long)d.seed);
            break;
        case OPT_IDF_BLEND:
            r->def = cli_optlist_printf(l, "%g", d.idf_blend);
            break;
        }
    }
    return cli_general_options(l);
}

typedef struct model_args {
    mds_model_options o;
    const char *output;
} model_args;

/* One option of model build; 1 applied, 0 not one, -1 with the reason in p->err. */
static int apply(cli_parser *p, void *arg)
{
    mds_model_options *o = &((model_args *)arg)->o;
    const char **output = &((model_args *)arg)->output;
    long l;
    switch (p->opt->id) {
    case OPT_OUTPUT:
        *output = p->value;
        return 1;
    case OPT_LANG:
        o->lang = p->value;
        return 1;
    case OPT_BUCKET_BITS:
        if (!cli_opt_long(p, MDS_MODEL_BUCKET_BITS_MIN, MDS_MODEL_BUCKET_BITS_MAX, &l))
            return -1;
        o->bucket_bits = (unsigned)l;
        return 1;
    case OPT_DIMENSIONS: /* at most 2^bucket-bits: checked once every option is read */
        if (!cli_opt_long(p, MDS_MODEL_DIMENSIONS_MIN, MDS_MODEL_DIMENSIONS_MAX, &l))
            return -1;
        if (l & (l - 1))
            return cli_opt_fail(p, "%ld is not a power of two", l), -1;
        o->dimensions = (unsigned)l;
        return 1;
    case OPT_SEED: {
        char *end;
        errno = 0;
        unsigned long long s = strtoull(p->value, &end, 0);
        if (!*p->value || *end || errno || p->value[0] == '-') {
            cli_opt_fail(p, "'%s' is not a number", p->value);
            return -1;
        }
        o->seed = s;
        return 1;
    }
    case OPT_BIGRAMS:
        o->bigrams = 1;
        return 1;
    case OPT_IDF_BLEND:
        return cli_opt_double(p, 0, 1, &o->idf_blend) ? 1 : -1;
    case OPT_LATIN1:
        o->latin1_fallback = 1;
        return 1;
    case OPT_STOPWORDS:
        o->stopwords = p->value;
        return 1;
    case OPT_ABBREVIATIONS:
        o->abbreviations = p->value;
        return 1;
    case OPT_PHRASES:
        o->phrases = p->value;
        return 1;
    }
    return 0;
}

static int run_model(int argc, char **argv)
{
    model_args m = {.output = NULL};
    mds_model_options_default(&m.o);
    mds_model_options o;
    const char *output;
    /* operands: the subcommand (the only one is build), then the corpus */
    const char **ops = calloc((size_t)argc + 1, sizeof *ops), **inputs = ops + 1;
    size_t nops = 0, ninputs = 0;
    int rc = EXIT_OK, build = 0;
    if (!ops)
        return EXIT_INTERNAL;
    if ((rc = cli_parse_args(&cli_cmd_model, argc, argv, apply, &m, ops, &nops)) >= 0)
        goto done;
    rc = EXIT_OK;
    o = m.o;
    output = m.output;
    if (nops > 0 && strcmp(ops[0], "build") != 0) {
        rc = cli_usage_error("model: no subcommand '%s' (the only one is build)", ops[0]);
        goto done;
    }
    build = nops > 0;
    ninputs = build ? nops - 1 : 0;
    if (!build) {
        rc = cli_usage_error("model: no subcommand: %s model build [OPTIONS] CORPUS... -o MODEL",
                             cli_prog);
        goto done;
    }
    if (o.dimensions > 1u << o.bucket_bits) {
        rc = cli_usage_error("model build: --dimensions %u is more than the 2^%u buckets of "
                             "--bucket-bits %u", o.dimensions, o.bucket_bits, o.bucket_bits);
        goto done;
    }
    if (!output) {
        rc = cli_usage_error("model build: no output file: give -o MODEL");
        goto done;
    }
    if (ninputs == 0) {
        rc = cli_usage_error("model build: no corpus given");
        goto done;
    }
    mds_ctx *ctx = NULL;
    mds_status st = mds_ctx_new(&ctx);
    if (st) {
        cli_error("%s", mds_strerror(st));
        rc = cli_exit_code(st);
        goto done;
    }
    /* "-" is standard output, which the library reaches by its name */
    st = mds_model_build(ctx, inputs, ninputs, &o, strcmp(output, "-") ? output : "/dev/stdout");
    if (st) {
        cli_lib_error(ctx);
        rc = cli_exit_code(st);
    } else {
        cli_info("wrote %s", output);
    }
    mds_ctx_free(ctx);
done:
    free(ops);
    return rc;
}

const cli_command cli_cmd_model = {
    .name = "model",
    .synopsis = "model build [OPTIONS] CORPUS... -o MODEL",
    .about =
        "Counts document frequencies over hashed feature buckets in a background corpus (files "
        "or directory trees of plain text or SGML; every <DOC>/<REUTERS> element is a "
        "document) and writes a model file for --model. Format: docs/model-format.md.",
    .epilogue = "Exit status: 0 written, 1 bad usage, 2 bad input or I/O, 4 internal error.",
    .options = model_options,
    .run = run_model,
};
