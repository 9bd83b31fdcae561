/* summarize model build [OPTIONS] CORPUS... -o MODEL: train a model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(const mds_model_options *d)
{
    printf("Usage: %s model build [OPTIONS] CORPUS... -o MODEL\n"
           "\n"
           "Counts document frequencies over hashed feature buckets in a background corpus\n"
           "(files or directory trees of plain text or SGML; every <DOC>/<REUTERS> element is\n"
           "a document) and writes a model file for --model. Format: docs/model-format.md.\n"
           "\n"
           "  -o, --output FILE     the model file to write (atomically)\n"
           "  --lang LANG           Snowball language name or code (default %s)\n"
           "  --bucket-bits N       df table of 2^N buckets, 8..24 (default %u)\n"
           "  --dimensions N        embedding dimension, a power of two (default %u)\n"
           "  --seed N              hash seed (default %llu)\n"
           "  --bigrams             add word bigrams as features\n"
           "  --idf-blend X         default blend of model and cluster idf (default %g)\n"
           "  --latin1              read bytes that are not UTF-8 as Latin-1\n"
           "  --stopwords FILE      stopword list, one a line\n"
           "  --abbreviations FILE  abbreviations for the segmenter, one a line\n"
           "  --phrases FILE        boilerplate phrases, one a line\n"
           "  -q, -v                quieter, more verbose\n",
           cli_prog, d->lang, d->bucket_bits, d->dimensions, (unsigned long long)d->seed,
           d->idf_blend);
}

int cmd_model(int argc, char **argv)
{
    if (argc < 2 || (strcmp(argv[1], "build") != 0 && strcmp(argv[1], "--help") != 0 &&
                     strcmp(argv[1], "-h") != 0))
        return cli_usage_error("usage: %s model build [OPTIONS] CORPUS... -o MODEL", cli_prog);
    mds_model_options o;
    mds_model_options_default(&o);
    const char *output = NULL, *opt, *operand, *v;
    const char **inputs = calloc((size_t)argc, sizeof *inputs);
    size_t ninputs = 0;
    int rc = EXIT_OK, k;
    long l;
    if (!inputs)
        return EXIT_INTERNAL;
    cli_args a = {.argc = argc, .argv = argv, .i = strcmp(argv[1], "build") == 0 ? 2 : 1};
    while ((k = cli_next(&a, &opt, &operand)) != 0) {
        if (k == 2) {
            inputs[ninputs++] = operand;
            continue;
        }
        v = NULL;
        int needs = !strcmp(opt, "-o") || !strcmp(opt, "--output") || !strcmp(opt, "--lang") ||
                    !strcmp(opt, "--bucket-bits") || !strcmp(opt, "--dimensions") ||
                    !strcmp(opt, "--seed") || !strcmp(opt, "--idf-blend") ||
                    !strcmp(opt, "--stopwords") || !strcmp(opt, "--abbreviations") ||
                    !strcmp(opt, "--phrases");
        if (needs && !(v = cli_value(&a))) {
            rc = EXIT_USAGE;
            goto done;
        }
        if (!strcmp(opt, "-h") || !strcmp(opt, "--help")) {
            help(&o);
            goto done;
        } else if (!strcmp(opt, "-o") || !strcmp(opt, "--output")) {
            output = v;
        } else if (!strcmp(opt, "--lang")) {
            o.lang = v;
        } else if (!strcmp(opt, "--bucket-bits")) {
            if (!cli_parse_int(opt, v, 8, 24, &l)) {
                rc = EXIT_USAGE;
                goto done;
            }
            o.bucket_bits = (unsigned)l;
        } else if (!strcmp(opt, "--dimensions")) {
            if (!cli_parse_int(opt, v, 16, 1 << 24, &l)) {
                rc = EXIT_USAGE;
                goto done;
            }
            o.dimensions = (unsigned)l;
        } else if (!strcmp(opt, "--seed")) {
            char *end;
            unsigned long long s = strtoull(v, &end, 0);
            if (!*v || *end) {
                rc = cli_usage_error("--seed: '%s' is not a number", v);
                goto done;
            }
            o.seed = s;
        } else if (!strcmp(opt, "--idf-blend")) {
            if (!cli_parse_double(opt, v, 0, 1, &o.idf_blend)) {
                rc = EXIT_USAGE;
                goto done;
            }
        } else if (!strcmp(opt, "--bigrams")) {
            o.bigrams = 1;
        } else if (!strcmp(opt, "--latin1")) {
            o.latin1_fallback = 1;
        } else if (!strcmp(opt, "--stopwords")) {
            o.stopwords = v;
        } else if (!strcmp(opt, "--abbreviations")) {
            o.abbreviations = v;
        } else if (!strcmp(opt, "--phrases")) {
            o.phrases = v;
        } else if (!strcmp(opt, "-q") || !strcmp(opt, "--quiet")) {
            cli_verbosity = 0;
        } else if (!strcmp(opt, "-v") || !strcmp(opt, "--verbose")) {
            cli_verbosity = 2;
        } else {
            rc = cli_usage_error("model build: unknown option '%s'", opt);
            goto done;
        }
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
    st = mds_model_build(ctx, inputs, ninputs, &o, output);
    if (st) {
        cli_error("%s", mds_errmsg(ctx));
        rc = cli_exit_code(st);
    } else {
        cli_info("wrote %s", output);
    }
    mds_ctx_free(ctx);
done:
    free(inputs);
    return rc;
}
