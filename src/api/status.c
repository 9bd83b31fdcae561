/* Status messages, the version and parameter defaults: the small fixed parts of the API. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mds.h"

const char *mds_strerror(mds_status status)
{
    switch (status) {
#define MDS__STATUS_MSG(name, code, msg) \
    case MDS_##name:                     \
        return msg;
        MDS_STATUS_MAP(MDS__STATUS_MSG)
#undef MDS__STATUS_MSG
    }
    return "unknown status";
}

const char *mds_version(void) { return MDS_VERSION_STRING; }

void mds_free(void *ptr) { free(ptr); }

/* The defaults are the best configuration measured on DUC 2006 (docs/benchmarks.md). */
void mds_params_default(mds_params *p)
{
    memset(p, 0, sizeof *p);
    p->budget_unit = MDS_BUDGET_WORDS;
    p->budget = 100;
    p->order = MDS_ORDER_SOURCE;
    p->lang = NULL;
    p->mode = MDS_LEXRANK_CONTINUOUS;
    p->threshold = 0.0;
    p->damping = 0.85;
    p->tolerance = 1e-6;
    p->max_iterations = 200;
    p->position_prior = 0.6;
    p->selector = MDS_SELECTOR_CONCEPTS;
    p->lambda = 0.7;
    p->saturation = 10.0;
    p->diversity = 100.0;
    p->cost_exponent = 0.0;
    p->partition = MDS_PARTITION_DOCUMENT;
    p->clusters = 0.2;
    p->reward = MDS_REWARD_CENTRALITY;
    p->min_df = 3;
    p->centrality = 3.0;
    p->concept_cost = 0.3;
    p->duplicate_threshold = 0.45;
    p->min_words = 8;
    p->max_words = 60;
    p->idf_blend = -1.0;
    p->clean = 1;
    p->backend = MDS_BACKEND_AUTO;
    p->device = 0;
    p->graph = MDS_GRAPH_AUTO;
    p->neighbors = 64;
    p->memory = (size_t)4 << 30;
    p->precision = MDS_PRECISION_FP32;
}

#define CHECK(cond, ...)                              \
    do {                                              \
        if (!(cond)) {                                \
            if (msg && msg_size)                      \
                snprintf(msg, msg_size, __VA_ARGS__); \
            return MDS_EINVAL;                        \
        }                                             \
    } while (0)

static int in_range(double v, double lo, double hi) { return isfinite(v) && v >= lo && v <= hi; }

mds_status mds_params_check(const mds_params *p, char *msg, size_t msg_size)
{
    CHECK(p != NULL, "no parameters");
    CHECK(p->budget_unit == MDS_BUDGET_WORDS || p->budget_unit == MDS_BUDGET_BYTES ||
              p->budget_unit == MDS_BUDGET_SENTENCES,
          "unknown budget unit %d", (int)p->budget_unit);
    CHECK(p->budget >= 1 && p->budget <= 100000000, "budget %zu is out of range [1, 100000000]",
          p->budget);
    CHECK(p->order == MDS_ORDER_SOURCE || p->order == MDS_ORDER_SCORE, "unknown order %d",
          (int)p->order);
    CHECK(p->mode == MDS_LEXRANK_CONTINUOUS || p->mode == MDS_LEXRANK_THRESHOLD,
          "unknown LexRank mode %d", (int)p->mode);
    CHECK(in_range(p->threshold, 0.0, 1.0), "threshold %g is out of range [0, 1]", p->threshold);
    CHECK(in_range(p->damping, 0.0, 1.0) && p->damping < 1.0,
          "damping %g is out of range [0, 1)", p->damping);
    CHECK(in_range(p->tolerance, 1e-15, 1.0), "tolerance %g is out of range [1e-15, 1]",
          p->tolerance);
    CHECK(p->max_iterations >= 1 && p->max_iterations <= 100000,
          "max iterations %d is out of range [1, 100000]", p->max_iterations);
    CHECK(in_range(p->position_prior, 0.0, 1.0), "position prior %g is out of range [0, 1]",
          p->position_prior);
    CHECK(p->selector == MDS_SELECTOR_MMR || p->selector == MDS_SELECTOR_COVERAGE ||
              p->selector == MDS_SELECTOR_CONCEPTS,
          "unknown selector %d", (int)p->selector);
    CHECK(in_range(p->lambda, 0.0, 1.0), "lambda %g is out of range [0, 1]", p->lambda);
    CHECK(in_range(p->saturation, 0.0, 1e6) && p->saturation > 0.0,
          "saturation %g is out of range (0, 1e6]", p->saturation);
    CHECK(in_range(p->diversity, 0.0, 1e6), "diversity %g is out of range [0, 1e6]",
          p->diversity);
    CHECK(in_range(p->cost_exponent, 0.0, 2.0), "cost exponent %g is out of range [0, 2]",
          p->cost_exponent);
    CHECK(p->partition == MDS_PARTITION_DOCUMENT || p->partition == MDS_PARTITION_SIMILARITY,
          "unknown partition %d", (int)p->partition);
    CHECK(in_range(p->clusters, 0.0, 1.0) && p->clusters > 0.0,
          "clusters %g is out of range (0, 1]", p->clusters);
    CHECK(p->min_df >= 1 && p->min_df <= 1000000, "min df %d is out of range [1, 1000000]",
          p->min_df);
    CHECK(in_range(p->centrality, 0.0, 1e6), "centrality %g is out of range [0, 1e6]",
          p->centrality);
    CHECK(in_range(p->concept_cost, 0.0, 2.0), "concept cost exponent %g is out of range [0, 2]",
          p->concept_cost);
    CHECK(p->reward == MDS_REWARD_CENTRALITY || p->reward == MDS_REWARD_SIMILARITY,
          "unknown reward %d", (int)p->reward);
    CHECK(in_range(p->duplicate_threshold, 0.0, 1.0) && p->duplicate_threshold > 0.0,
          "duplicate threshold %g is out of range (0, 1]", p->duplicate_threshold);
    CHECK(p->min_words >= 0 && p->min_words <= 1000, "min words %d is out of range [0, 1000]",
          p->min_words);
    CHECK(p->max_words >= 0 && p->max_words <= 100000, "max words %d is out of range [0, 100000]",
          p->max_words);
    CHECK(p->max_words == 0 || p->max_words >= p->min_words,
          "max words %d is below min words %d", p->max_words, p->min_words);
    CHECK(p->idf_blend < 0 || in_range(p->idf_blend, 0.0, 1.0),
          "idf blend %g is out of range [0, 1]", p->idf_blend);
    CHECK(p->backend == MDS_BACKEND_AUTO || p->backend == MDS_BACKEND_CPU ||
              p->backend == MDS_BACKEND_CUDA,
          "unknown backend %d", (int)p->backend);
    CHECK(p->device >= 0 && p->device < 1024, "device %d is out of range", p->device);
    CHECK(p->graph == MDS_GRAPH_AUTO || p->graph == MDS_GRAPH_DENSE ||
              p->graph == MDS_GRAPH_SPARSE,
          "unknown graph kind %d", (int)p->graph);
    CHECK(p->neighbors >= 1 && p->neighbors <= 1024, "neighbors %zu is out of range [1, 1024]",
          p->neighbors);
    CHECK(p->memory >= ((size_t)1 << 20) && (uint64_t)p->memory <= ((uint64_t)1 << 50),
          "memory budget %zu bytes is out of range [1 MiB, 1 PiB]", p->memory);
    CHECK(p->precision == MDS_PRECISION_FP32 || p->precision == MDS_PRECISION_TF32 ||
              p->precision == MDS_PRECISION_FP16,
          "unknown precision %d", (int)p->precision);
    return MDS_OK;
}
