/* summarize [OPTIONS] INPUT...: one cluster to one summary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"

static void help(const mds_params *d)
{
    printf(
        "Usage: %s [OPTIONS] INPUT...\n"
        "       %s model build [OPTIONS] CORPUS... -o MODEL\n"
        "\n"
        "Writes an extractive summary of one cluster of documents on one topic: the most\n"
        "central sentences, none saying the same thing twice, each traceable to its source.\n"
        "INPUT is a file (plain UTF-8 text, or DUC/TAC SGML with any number of <DOC>s), a\n"
        "directory (its regular files, in name order, form the cluster) or - for stdin.\n"
        "\n"
        "Length (one of):\n"
        "  --words N            at most N words (default %zu)\n"
        "  --bytes N            at most N bytes, sentences joined by one space\n"
        "  --sentences N        at most N sentences\n"
        "\n"
        "Output:\n"
        "  --format FMT         text (one sentence a line), json or jsonl (default text)\n"
        "  --order ORDER        source (date, document, position) or score (default source)\n"
        "  -o, --output FILE    write to FILE, atomically, instead of stdout\n"
        "\n"
        "Model and language:\n"
        "  --model FILE         a model made by 'model build' (default: built-in English)\n"
        "  --lang LANG          Snowball language name or code (default: the model's);\n"
        "                       another language than the model's uses the cluster's own idf\n"
        "\n"
        "Ranking and selection:\n"
        "  --lexrank MODE       continuous or threshold (default %s)\n"
        "  --threshold X        LexRank edge threshold on cosine similarity (default %g)\n"
        "  --damping X          probability of following an edge (default %g)\n"
        "  --tolerance X        power iteration stops below this L1 change (default %g)\n"
        "  --max-iterations N   power iteration cap (default %d)\n"
        "  --position-prior X   weight of early sentences in the teleport [0,1] (default %g)\n"
        "  --lambda X           MMR weight of centrality against redundancy (default %g)\n"
        "  --duplicate-threshold X  never two sentences this similar (default %g)\n"
        "  --min-words N        shorter sentences are never chosen (default %d)\n"
        "  --max-words N        longer sentences are never chosen, 0: no limit (default %d)\n"
        "  --idf-blend X        0: model idf, 1: cluster idf (default: the model's)\n"
        "  --no-clean           keep bylines, headings, links and other boilerplate\n"
        "\n"
        "Compute:\n"
        "  --backend NAME       auto, cpu or cuda (default auto)\n"
        "  --cpu                same as --backend cpu\n"
        "  --device N           GPU ordinal for cuda (default %d)\n"
        "  --graph KIND         auto, dense or sparse (default auto: dense when the n x n\n"
        "                       matrix fits the memory budget)\n"
        "  --neighbors K        sparse graph: edges kept per sentence (default %zu)\n"
        "  --memory SIZE        memory for the similarity stage, host or GPU: embeddings,\n"
        "                       matrix or graph and tiles, e.g. 512M, 4G (default %zuM)\n"
        "  --precision P        fp32, tf32 or fp16 inputs to the similarity, FP32 sums\n"
        "                       (default fp32)\n"
        "\n"
        "  -v, --verbose        statistics and timings on stderr\n"
        "  -q, --quiet          no warnings\n"
        "  -h, --help           this help\n"
        "  --version            the version\n"
        "\n"
        "Exit status: 0 success, 1 bad usage, 2 bad input or I/O, 3 backend unavailable or\n"
        "failed, 4 internal error. Manual: docs/summarize.1.md.\n",
        cli_prog, cli_prog, d->budget, d->mode == MDS_LEXRANK_CONTINUOUS ? "continuous" : "threshold",
        d->threshold, d->damping, d->tolerance, d->max_iterations, d->position_prior, d->lambda,
        d->duplicate_threshold, d->min_words, d->max_words, d->device, d->neighbors,
        d->memory >> 20);
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
    mds_params p;
    mds_params_default(&p);
    mds_format format = MDS_FORMAT_TEXT;
    const char *model = NULL, *output = NULL, *lengthopt = NULL;
    const char **inputs = calloc((size_t)argc, sizeof *inputs);
    size_t ninputs = 0;
    int rc = EXIT_OK;
    if (!inputs) {
        cli_error("out of memory");
        return EXIT_INTERNAL;
    }

    cli_args a = {.argc = argc, .argv = argv, .i = 1};
    const char *opt, *operand, *v;
    int k;
    long l;
#define VALUE()                         \
    do {                                \
        if (!(v = cli_value(&a))) {     \
            rc = EXIT_USAGE;            \
            goto done;                  \
        }                               \
    } while (0)
#define FAIL_IF(cond)                   \
    do {                                \
        if (cond) {                     \
            rc = EXIT_USAGE;            \
            goto done;                  \
        }                               \
    } while (0)
    while ((k = cli_next(&a, &opt, &operand)) != 0) {
        if (k == 2) {
            inputs[ninputs++] = operand;
            continue;
        }
        if (!strcmp(opt, "-h") || !strcmp(opt, "--help")) {
            help(&p);
            goto done;
        } else if (!strcmp(opt, "--version")) {
            printf("summarize (mds) %s\n", mds_version());
            goto done;
        } else if (!strcmp(opt, "-v") || !strcmp(opt, "--verbose")) {
            FAIL_IF(!cli_no_value(&a));
            cli_verbosity = 2;
        } else if (!strcmp(opt, "-q") || !strcmp(opt, "--quiet")) {
            FAIL_IF(!cli_no_value(&a));
            cli_verbosity = 0;
        } else if (!strcmp(opt, "--words") || !strcmp(opt, "--bytes") ||
                   !strcmp(opt, "--sentences")) {
            if (lengthopt && strcmp(lengthopt, opt) != 0) {
                rc = cli_usage_error("%s and %s cannot be used together", lengthopt, opt);
                goto done;
            }
            lengthopt = opt[2] == 'w' ? "--words" : opt[2] == 'b' ? "--bytes" : "--sentences";
            VALUE();
            FAIL_IF(!cli_parse_size(opt, v, 1, 100000000, &p.budget));
            p.budget_unit = opt[2] == 'w'   ? MDS_BUDGET_WORDS
                            : opt[2] == 'b' ? MDS_BUDGET_BYTES
                                            : MDS_BUDGET_SENTENCES;
        } else if (!strcmp(opt, "--format")) {
            VALUE();
            if (!strcmp(v, "text"))
                format = MDS_FORMAT_TEXT;
            else if (!strcmp(v, "json"))
                format = MDS_FORMAT_JSON;
            else if (!strcmp(v, "jsonl"))
                format = MDS_FORMAT_JSONL;
            else {
                rc = cli_usage_error("--format: '%s' is not text, json or jsonl", v);
                goto done;
            }
        } else if (!strcmp(opt, "--order")) {
            VALUE();
            if (!strcmp(v, "source"))
                p.order = MDS_ORDER_SOURCE;
            else if (!strcmp(v, "score"))
                p.order = MDS_ORDER_SCORE;
            else {
                rc = cli_usage_error("--order: '%s' is not source or score", v);
                goto done;
            }
        } else if (!strcmp(opt, "-o") || !strcmp(opt, "--output")) {
            VALUE();
            output = v;
        } else if (!strcmp(opt, "--model")) {
            VALUE();
            model = v;
        } else if (!strcmp(opt, "--lang")) {
            VALUE();
            p.lang = v;
        } else if (!strcmp(opt, "--lexrank")) {
            VALUE();
            if (!strcmp(v, "continuous"))
                p.mode = MDS_LEXRANK_CONTINUOUS;
            else if (!strcmp(v, "threshold"))
                p.mode = MDS_LEXRANK_THRESHOLD;
            else {
                rc = cli_usage_error("--lexrank: '%s' is not continuous or threshold", v);
                goto done;
            }
        } else if (!strcmp(opt, "--threshold")) {
            VALUE();
            FAIL_IF(!cli_parse_double(opt, v, 0, 1, &p.threshold));
        } else if (!strcmp(opt, "--damping")) {
            VALUE();
            FAIL_IF(!cli_parse_double(opt, v, 0, 0.999999, &p.damping));
        } else if (!strcmp(opt, "--tolerance")) {
            VALUE();
            FAIL_IF(!cli_parse_double(opt, v, 1e-15, 1, &p.tolerance));
        } else if (!strcmp(opt, "--max-iterations")) {
            VALUE();
            FAIL_IF(!cli_parse_int(opt, v, 1, 100000, &l));
            p.max_iterations = (int)l;
        } else if (!strcmp(opt, "--position-prior")) {
            VALUE();
            FAIL_IF(!cli_parse_double(opt, v, 0, 1, &p.position_prior));
        } else if (!strcmp(opt, "--lambda")) {
            VALUE();
            FAIL_IF(!cli_parse_double(opt, v, 0, 1, &p.lambda));
        } else if (!strcmp(opt, "--duplicate-threshold")) {
            VALUE();
            FAIL_IF(!cli_parse_double(opt, v, 0.000001, 1, &p.duplicate_threshold));
        } else if (!strcmp(opt, "--min-words")) {
            VALUE();
            FAIL_IF(!cli_parse_int(opt, v, 0, 1000, &l));
            p.min_words = (int)l;
        } else if (!strcmp(opt, "--max-words")) {
            VALUE();
            FAIL_IF(!cli_parse_int(opt, v, 0, 100000, &l));
            p.max_words = (int)l;
        } else if (!strcmp(opt, "--idf-blend")) {
            VALUE();
            FAIL_IF(!cli_parse_double(opt, v, 0, 1, &p.idf_blend));
        } else if (!strcmp(opt, "--no-clean")) {
            FAIL_IF(!cli_no_value(&a));
            p.clean = 0;
        } else if (!strcmp(opt, "--cpu")) {
            FAIL_IF(!cli_no_value(&a));
            p.backend = MDS_BACKEND_CPU;
        } else if (!strcmp(opt, "--backend")) {
            VALUE();
            if (!strcmp(v, "auto"))
                p.backend = MDS_BACKEND_AUTO;
            else if (!strcmp(v, "cpu"))
                p.backend = MDS_BACKEND_CPU;
            else if (!strcmp(v, "cuda"))
                p.backend = MDS_BACKEND_CUDA;
            else {
                rc = cli_usage_error("--backend: '%s' is not auto, cpu or cuda", v);
                goto done;
            }
        } else if (!strcmp(opt, "--device")) {
            VALUE();
            FAIL_IF(!cli_parse_int(opt, v, 0, 1023, &l));
            p.device = (int)l;
        } else if (!strcmp(opt, "--graph")) {
            VALUE();
            if (!strcmp(v, "auto"))
                p.graph = MDS_GRAPH_AUTO;
            else if (!strcmp(v, "dense"))
                p.graph = MDS_GRAPH_DENSE;
            else if (!strcmp(v, "sparse"))
                p.graph = MDS_GRAPH_SPARSE;
            else {
                rc = cli_usage_error("--graph: '%s' is not auto, dense or sparse", v);
                goto done;
            }
        } else if (!strcmp(opt, "--neighbors")) {
            VALUE();
            FAIL_IF(!cli_parse_size(opt, v, 1, 1024, &p.neighbors));
        } else if (!strcmp(opt, "--memory")) {
            VALUE();
            FAIL_IF(!cli_parse_bytes(opt, v, (size_t)1 << 20, (size_t)1 << 50, &p.memory));
        } else if (!strcmp(opt, "--precision")) {
            VALUE();
            if (!strcmp(v, "fp32"))
                p.precision = MDS_PRECISION_FP32;
            else if (!strcmp(v, "tf32"))
                p.precision = MDS_PRECISION_TF32;
            else if (!strcmp(v, "fp16"))
                p.precision = MDS_PRECISION_FP16;
            else {
                rc = cli_usage_error("--precision: '%s' is not fp32, tf32 or fp16", v);
                goto done;
            }
        } else {
            rc = cli_usage_error("unknown option '%s'", opt);
            goto done;
        }
    }
    if (ninputs == 0) {
        rc = cli_usage_error("no input: give files, a directory, or - for stdin");
        goto done;
    }
    char msg[256];
    if (mds_params_check(&p, msg, sizeof msg) != MDS_OK) {
        rc = cli_usage_error("%s", msg);
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
    if ((st = mds_summarize(ctx, cl, &p, &res))) {
        cli_error("%s", mds_errmsg(ctx));
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
    return rc;
#undef VALUE
#undef FAIL_IF
}
