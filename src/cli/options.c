/* The options every summarizing command shares (one cluster, or a batch of them): length,
 * format and order, model and language, ranking, compute, verbosity; and their help. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* By mds_selector value: parsing and help. */
static const char *const selectors[] = {"mmr", "coverage", "concepts", NULL};

void cli_options_default(cli_options *o)
{
    memset(o, 0, sizeof *o);
    mds_params_default(&o->p);
    o->format = MDS_FORMAT_TEXT;
}

/* One of `names` (NULL-terminated) picked by `v`; a usage error naming them otherwise. */
static int pick(const char *opt, const char *v, const char *const *names, int *out)
{
    for (int i = 0; names[i]; i++)
        if (!strcmp(v, names[i])) {
            *out = i;
            return 1;
        }
    char list[128] = "";
    for (int i = 0; names[i]; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                 i == 0 ? "" : names[i + 1] ? ", " : " or ", names[i]);
    cli_usage_error("%s: '%s' is not %s", opt, v, list);
    return 0;
}

int cli_common_option(cli_args *a, const char *opt, cli_options *o)
{
    static const char *const formats[] = {"text", "json", "jsonl", NULL};
    static const char *const orders[] = {"source", "score", NULL};
    static const char *const modes[] = {"continuous", "threshold", NULL};
    static const char *const backends[] = {"auto", "cpu", "cuda", NULL};
    static const char *const graphs[] = {"auto", "dense", "sparse", NULL};
    static const char *const precisions[] = {"fp32", "tf32", "fp16", NULL};
    static const char *const partitions[] = {"document", "similarity", NULL};
    static const char *const rewards[] = {"centrality", "similarity", NULL};
    mds_params *p = &o->p;
    const char *v = NULL;
    long l;
    int k;
    /* Options without a value first; then every other one takes exactly one. */
    if (!strcmp(opt, "-v") || !strcmp(opt, "--verbose") || !strcmp(opt, "-q") ||
        !strcmp(opt, "--quiet") || !strcmp(opt, "--no-clean") || !strcmp(opt, "--cpu")) {
        if (!cli_no_value(a))
            return -1;
        if (opt[1] == 'v' || !strcmp(opt, "--verbose"))
            cli_verbosity = 2;
        else if (opt[1] == 'q' || !strcmp(opt, "--quiet"))
            cli_verbosity = 0;
        else if (!strcmp(opt, "--no-clean"))
            p->clean = 0;
        else
            p->backend = MDS_BACKEND_CPU;
        return 1;
    }
    static const char *const valued[] = {
        "--words", "--bytes", "--sentences", "--format", "--order", "-o", "--output",
        "--model", "--lang", "--lexrank", "--threshold", "--damping", "--tolerance",
        "--max-iterations", "--position-prior", "--lambda", "--duplicate-threshold",
        "--min-words", "--max-words", "--idf-blend", "--backend", "--device", "--graph",
        "--neighbors", "--memory", "--precision", "--selector", "--saturation", "--diversity",
        "--cost-exponent", "--partition", "--clusters", "--reward", "--min-df", "--centrality",
        "--concept-cost", NULL};
    int known = 0;
    for (int i = 0; valued[i] && !known; i++)
        known = !strcmp(opt, valued[i]);
    if (!known)
        return 0;
    if (!strcmp(opt, "--words") || !strcmp(opt, "--bytes") || !strcmp(opt, "--sentences")) {
        const char *canon = opt[2] == 'w' ? "--words" : opt[2] == 'b' ? "--bytes" : "--sentences";
        if (o->lengthopt && strcmp(o->lengthopt, canon) != 0) {
            cli_usage_error("%s and %s cannot be used together", o->lengthopt, opt);
            return -1;
        }
        o->lengthopt = canon;
    }
    if (!(v = cli_value(a)))
        return -1;
    int ok = 1;
    if (!strcmp(opt, "--words") || !strcmp(opt, "--bytes") || !strcmp(opt, "--sentences")) {
        ok = cli_parse_size(opt, v, 1, 100000000, &p->budget);
        p->budget_unit = opt[2] == 'w'   ? MDS_BUDGET_WORDS
                         : opt[2] == 'b' ? MDS_BUDGET_BYTES
                                         : MDS_BUDGET_SENTENCES;
    } else if (!strcmp(opt, "--format")) {
        if ((ok = pick(opt, v, formats, &k)))
            o->format = (mds_format)k;
    } else if (!strcmp(opt, "--order")) {
        if ((ok = pick(opt, v, orders, &k)))
            p->order = (mds_order)k;
    } else if (!strcmp(opt, "-o") || !strcmp(opt, "--output")) {
        o->output = v;
    } else if (!strcmp(opt, "--model")) {
        o->model = v;
    } else if (!strcmp(opt, "--lang")) {
        p->lang = v;
    } else if (!strcmp(opt, "--lexrank")) {
        if ((ok = pick(opt, v, modes, &k)))
            p->mode = (mds_lexrank_mode)k;
    } else if (!strcmp(opt, "--threshold")) {
        ok = cli_parse_double(opt, v, 0, 1, &p->threshold);
    } else if (!strcmp(opt, "--damping")) {
        ok = cli_parse_double(opt, v, 0, 0.999999, &p->damping);
    } else if (!strcmp(opt, "--tolerance")) {
        ok = cli_parse_double(opt, v, 1e-15, 1, &p->tolerance);
    } else if (!strcmp(opt, "--max-iterations")) {
        if ((ok = cli_parse_int(opt, v, 1, 100000, &l)))
            p->max_iterations = (int)l;
    } else if (!strcmp(opt, "--position-prior")) {
        ok = cli_parse_double(opt, v, 0, 1, &p->position_prior);
    } else if (!strcmp(opt, "--lambda")) {
        ok = cli_parse_double(opt, v, 0, 1, &p->lambda);
    } else if (!strcmp(opt, "--selector")) {
        if ((ok = pick(opt, v, selectors, &k)))
            p->selector = (mds_selector)k;
    } else if (!strcmp(opt, "--saturation")) {
        ok = cli_parse_double(opt, v, 0.000001, 1e6, &p->saturation);
    } else if (!strcmp(opt, "--diversity")) {
        ok = cli_parse_double(opt, v, 0, 1e6, &p->diversity);
    } else if (!strcmp(opt, "--cost-exponent")) {
        ok = cli_parse_double(opt, v, 0, 2, &p->cost_exponent);
    } else if (!strcmp(opt, "--partition")) {
        if ((ok = pick(opt, v, partitions, &k)))
            p->partition = (mds_partition)k;
    } else if (!strcmp(opt, "--clusters")) {
        ok = cli_parse_double(opt, v, 0.000001, 1, &p->clusters);
    } else if (!strcmp(opt, "--reward")) {
        if ((ok = pick(opt, v, rewards, &k)))
            p->reward = (mds_reward)k;
    } else if (!strcmp(opt, "--min-df")) {
        if ((ok = cli_parse_int(opt, v, 1, 1000000, &l)))
            p->min_df = (int)l;
    } else if (!strcmp(opt, "--centrality")) {
        ok = cli_parse_double(opt, v, 0, 1e6, &p->centrality);
    } else if (!strcmp(opt, "--concept-cost")) {
        ok = cli_parse_double(opt, v, 0, 2, &p->concept_cost);
    } else if (!strcmp(opt, "--duplicate-threshold")) {
        ok = cli_parse_double(opt, v, 0.000001, 1, &p->duplicate_threshold);
    } else if (!strcmp(opt, "--min-words")) {
        if ((ok = cli_parse_int(opt, v, 0, 1000, &l)))
            p->min_words = (int)l;
    } else if (!strcmp(opt, "--max-words")) {
        if ((ok = cli_parse_int(opt, v, 0, 100000, &l)))
            p->max_words = (int)l;
    } else if (!strcmp(opt, "--idf-blend")) {
        ok = cli_parse_double(opt, v, 0, 1, &p->idf_blend);
    } else if (!strcmp(opt, "--backend")) {
        if ((ok = pick(opt, v, backends, &k)))
            p->backend = (mds_backend_kind)k;
    } else if (!strcmp(opt, "--device")) {
        if ((ok = cli_parse_int(opt, v, 0, 1023, &l)))
            p->device = (int)l;
    } else if (!strcmp(opt, "--graph")) {
        if ((ok = pick(opt, v, graphs, &k)))
            p->graph = (mds_graph_kind)k;
    } else if (!strcmp(opt, "--neighbors")) {
        ok = cli_parse_size(opt, v, 1, 1024, &p->neighbors);
    } else if (!strcmp(opt, "--memory")) {
        ok = cli_parse_bytes(opt, v, (size_t)1 << 20, (size_t)1 << 50, &p->memory);
    } else if (!strcmp(opt, "--precision")) {
        if ((ok = pick(opt, v, precisions, &k)))
            p->precision = (mds_precision)k;
    }
    return ok ? 1 : -1;
}

void cli_help_length(const mds_params *d)
{
    printf("Length (one of):\n"
           "  --words N            at most N words (default %zu)\n"
           "  --bytes N            at most N bytes, sentences joined by one space\n"
           "  --sentences N        at most N sentences\n"
           "\n",
           d->budget);
}

void cli_help_shared(const mds_params *d)
{
    printf(
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
        "  --selector S         concepts, mmr or coverage (default %s): concepts covers the\n"
        "                       bigrams many documents share, plus centrality; mmr is MMR\n"
        "                       over the LexRank scores; coverage covers the cluster plus\n"
        "                       diversity (needs the dense graph; MMR with a sparse one)\n"
        "  --min-df N           concepts: a bigram counts in at least N documents (default %d)\n"
        "  --centrality X       concepts: weight of the LexRank score (default %g)\n"
        "  --concept-cost R     concepts: greedy by gain / length^R, [0,2] (default %g)\n"
        "  --lambda X           MMR weight of centrality against redundancy (default %g)\n"
        "  --saturation A       coverage: a sentence is covered at A times its mean\n"
        "                       similarity (default %g)\n"
        "  --diversity X        coverage: weight of the diversity reward (default %g)\n"
        "  --cost-exponent R    coverage: greedy by gain / length^R, [0,2] (default %g)\n"
        "  --partition P        coverage: diversity parts, document or similarity\n"
        "                       (default %s)\n"
        "  --clusters X         coverage: similarity parts per sentence, (0,1] (default %g)\n"
        "  --reward R           coverage: diversity rewards, centrality (LexRank) or\n"
        "                       similarity (mean similarity) (default %s)\n"
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
        "\n",
        d->mode == MDS_LEXRANK_CONTINUOUS ? "continuous" : "threshold", d->threshold,
        d->damping, d->tolerance, d->max_iterations, d->position_prior,
        selectors[d->selector], d->min_df, d->centrality, d->concept_cost, d->lambda, d->saturation,
        d->diversity, d->cost_exponent,
        d->partition == MDS_PARTITION_DOCUMENT ? "document" : "similarity", d->clusters,
        d->reward == MDS_REWARD_CENTRALITY ? "centrality" : "similarity",
        d->duplicate_threshold, d->min_words, d->max_words, d->device, d->neighbors,
        d->memory >> 20);
}
