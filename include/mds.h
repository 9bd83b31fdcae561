/* SPDX-License-Identifier: MIT */
/* mds: multi-document extractive summarization.
 *
 * This is the library's only public header. The library never prints, never exits and never
 * aborts on bad input: every function returns an mds_status, and a context keeps a message
 * (mds_errmsg) for what the status alone cannot say, such as the file and the byte offset.
 *
 * NULL: a pointer argument the function needs that is NULL makes it return MDS_EINVAL, with a
 * message in the context when it has one. Where NULL means something it is said below (default
 * parameters, no size wanted, empty data of size 0). Functions that free, and those that
 * fill in default options, take NULL as a harmless no-op; getters given a NULL handle return
 * 0, NULL or a fixed message. */
#ifndef MDS_H
#define MDS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* MDS_API marks what the library exports. It is built with hidden visibility, so a function
 * declared here without MDS_API is not in libmds.so (tests/test_exports.sh fails on that, and
 * on anything exported that is not declared here). */
#ifndef MDS_API
#if defined(__GNUC__) || defined(__clang__)
#define MDS_API __attribute__((visibility("default")))
#else
#define MDS_API
#endif
#endif

#define MDS_VERSION_MAJOR 0
#define MDS_VERSION_MINOR 1
#define MDS_VERSION_PATCH 0
#define MDS_VERSION_STRING "0.1.0"

/* Status codes: 0 is success, errors are negative. One table generates the enum and
 * mds_strerror(). */
#define MDS_STATUS_MAP(X)                                                        \
    X(OK, 0, "success")                                                          \
    X(EINVAL, -1, "invalid argument")                                            \
    X(ENOMEM, -2, "out of memory")                                               \
    X(EIO, -3, "input/output error")                                             \
    X(ENOENT, -4, "no such file or directory")                                   \
    X(EUTF8, -5, "invalid UTF-8")                                                \
    X(EBINARY, -6, "binary data where text was expected")                        \
    X(EEMPTY, -7, "nothing to summarize")                                        \
    X(EFORMAT, -8, "malformed input")                                            \
    X(EMODEL, -9, "corrupt or incompatible model")                               \
    X(ELANG, -10, "unsupported language")                                        \
    X(EBACKEND, -11, "compute backend unavailable or failed")                    \
    X(EINTERNAL, -12, "internal error")                                          \
    X(ETOOBIG, -13, "input over the size limit")

typedef enum mds_status {
#define MDS__STATUS_ENUM(name, code, msg) MDS_##name = (code),
    MDS_STATUS_MAP(MDS__STATUS_ENUM)
#undef MDS__STATUS_ENUM
} mds_status;

/* A fixed English message for a status; never NULL. */
MDS_API const char *mds_strerror(mds_status status);

/* The library's version, "MAJOR.MINOR.PATCH". */
MDS_API const char *mds_version(void);

typedef enum mds_budget_unit {
    MDS_BUDGET_WORDS = 0,     /* whitespace-separated words of the summary as text output
                                 prints it (markup and entities in a sentence are words of
                                 it), as ROUGE counts them */
    MDS_BUDGET_BYTES = 1,     /* bytes of the summary as text output prints it: each
                                 sentence's source bytes, whitespace collapsed, one byte
                                 between sentences */
    MDS_BUDGET_SENTENCES = 2, /* number of sentences */
} mds_budget_unit;

typedef enum mds_order {
    MDS_ORDER_SOURCE = 0, /* by document date, then document, then position */
    MDS_ORDER_SCORE = 1,  /* by LexRank score, highest first (ties: order chosen) */
} mds_order;

typedef enum mds_lexrank_mode {
    MDS_LEXRANK_CONTINUOUS = 0, /* edges weighted by cosine similarity above the threshold */
    MDS_LEXRANK_THRESHOLD = 1,  /* unweighted edges where cosine similarity >= threshold */
} mds_lexrank_mode;

typedef enum mds_backend_kind {
    MDS_BACKEND_AUTO = 0,
    MDS_BACKEND_CPU = 1,
    MDS_BACKEND_CUDA = 2,
} mds_backend_kind;

/* The similarity graph behind LexRank. */
typedef enum mds_graph_kind {
    MDS_GRAPH_AUTO = 0,   /* dense when the n x n matrix fits the memory budget, else sparse */
    MDS_GRAPH_DENSE = 1,  /* every pair: n^2 floats */
    MDS_GRAPH_SPARSE = 2, /* the `neighbors` most similar sentences of each, computed by row
                             tiles under the memory budget: n * neighbors edges */
} mds_graph_kind;

/* Input precision of the similarity computation; accumulation is always FP32. The CPU
 * rounds its inputs the same way, so both backends give the same summaries. */
typedef enum mds_precision {
    MDS_PRECISION_FP32 = 0,
    MDS_PRECISION_TF32 = 1, /* 10-bit mantissa, as NVIDIA tensor cores take FP32 */
    MDS_PRECISION_FP16 = 2, /* IEEE half */
} mds_precision;

typedef enum mds_format {
    MDS_FORMAT_TEXT = 0,  /* one sentence a line, whitespace collapsed */
    MDS_FORMAT_JSON = 1,  /* one JSON object, pretty enough to read */
    MDS_FORMAT_JSONL = 2, /* the same object on one line */
    MDS_FORMAT_HTML = 3,  /* a page to look at, self-contained (no external resources): the
                             summary, each sentence linked to its place in its document, the
                             documents with what cleaning dropped shown faded, each sentence's
                             score as a bar, the parameters and timings. The documents need
                             a result made with the report parameter; without it the page
                             holds the summary, parameters and timings only. */
} mds_format;

/* The parts of the coverage selector's diversity reward. */
typedef enum mds_partition {
    MDS_PARTITION_DOCUMENT = 0,   /* one part per document */
    MDS_PARTITION_SIMILARITY = 1, /* parts of similar sentences (k-medoids on the similarity) */
} mds_partition;

/* The coverage selector's singleton rewards. */
typedef enum mds_reward {
    MDS_REWARD_CENTRALITY = 0, /* LexRank scores (with the position prior) */
    MDS_REWARD_SIMILARITY = 1, /* mean similarity to the cluster (Lin and Bilmes) */
} mds_reward;

/* ---- Parameters ------------------------------------------------------------------------------
 * Everything that shapes a summary, declared once. Each row of MDS_PARAM_MAP is
 *
 *   X(ID, number, name, TYPE, flag, metavar, default, lo, hi, open, names, help)
 *
 *   ID, number  MDS_PARAM_<ID> = number: fixed forever, new parameters take new numbers
 *   name        identifier: the name for mds_params_set() and the key in JSON output
 *   TYPE        MDS_TYPE_<TYPE>: INT, SIZE, BYTES (a size; text may end in K, M, G, T),
 *               DOUBLE, BOOL, ENUM (one of `names`), SELECTOR (a selector's name: the
 *               library's selector table lists them), STRING
 *   flag        the command-line option, without "--"; NULL: none of its own (the program
 *               sets it through another option, as --words sets unit and budget)
 *   metavar     the placeholder of the value in help ("X", "N", "SIZE")
 *   default     the default, as text, parsed as mds_params_set_string() parses; NULL: unset
 *   lo, hi      bounds of a number, inclusive unless `open` says otherwise
 *   open        MDS_OPEN_LO, MDS_OPEN_HI: that bound itself is out of range
 *   names       ENUM: the value names, "|"-separated; value i is the i-th name
 *   help        one line for --help and the manual
 *
 * The defaults are the best configuration measured on DUC 2006 (docs/benchmarks.md). The
 * table gives the defaults, the checks, the program's options and help, the "parameters"
 * block of JSON output and the manual's option table. Parameters live behind an opaque
 * handle (mds_params), set by id or by name, so a new parameter never changes the ABI. */
#define MDS_OPEN_LO 1
#define MDS_OPEN_HI 2

#define MDS_PARAM_MAP(X)                                                                      \
    X(UNIT, 1, unit, ENUM, NULL, "UNIT", "words", 0, 0, 0, "words|bytes|sentences",            \
      "what the budget counts: words (as ROUGE counts them), bytes or sentences")             \
    X(BUDGET, 2, budget, SIZE, NULL, "N", "100", 1, 1e8, 0, NULL,                             \
      "length of the summary, in budget units")                                               \
    X(ORDER, 3, order, ENUM, "order", "ORDER", "source", 0, 0, 0, "source|score",             \
      "source (date, document, position) or score (most central first)")                      \
    X(LANG, 4, lang, STRING, "lang", "LANG", NULL, 0, 0, 0, NULL,                              \
      "a language name or ISO code (see --help), or auto: detected per cluster (unset: auto)") \
    X(LEXRANK, 5, lexrank, ENUM, "lexrank", "MODE", "continuous", 0, 0, 0,                     \
      "continuous|threshold", "LexRank edges weighted by cosine, or unweighted")               \
    X(THRESHOLD, 6, threshold, DOUBLE, "threshold", "X", "0", 0, 1, 0, NULL,                  \
      "LexRank edge threshold on cosine similarity")                                          \
    X(DAMPING, 7, damping, DOUBLE, "damping", "X", "0.85", 0, 1, MDS_OPEN_HI, NULL,           \
      "probability of following an edge (1 - teleport)")                                      \
    X(TOLERANCE, 8, tolerance, DOUBLE, "tolerance", "X", "1e-6", 1e-15, 1, 0, NULL,           \
      "power iteration stops below this L1 change")                                           \
    X(MAX_ITERATIONS, 9, max_iterations, INT, "max-iterations", "N", "200", 1, 100000, 0,     \
      NULL, "power iteration cap")                                                            \
    X(POSITION_PRIOR, 10, position_prior, DOUBLE, "position-prior", "X", "0.6", 0, 1, 0,      \
      NULL, "weight of early sentences in the teleport")                                      \
    X(SELECTOR, 11, selector, SELECTOR, "selector", "S", "concepts", 0, 0, 0, NULL,           \
      "how the summary's sentences are chosen")                                         \
    X(MIN_DF, 12, min_df, INT, "min-df", "N", "3", 1, 1000000, 0, NULL,                       \
      "concepts: a bigram counts when N documents have it")                                   \
    X(CENTRALITY, 13, centrality, DOUBLE, "centrality", "X", "3", 0, 1e6, 0, NULL,            \
      "concepts: weight of the LexRank score")                                                \
    X(CONCEPT_COST, 14, concept_cost, DOUBLE, "concept-cost", "R", "0.3", 0, 2, 0, NULL,      \
      "concepts: greedy by gain / length^R")                                                  \
    X(CONCEPT_GREEDY, 33, concept_greedy, BOOL, "concept-greedy", NULL, "0", 0, 1, 0, NULL,   \
      "concepts: greedy only, no swaps after it (faster)")                                    \
    X(LAMBDA, 15, lambda, DOUBLE, "lambda", "X", "0.7", 0, 1, 0, NULL,                        \
      "mmr: weight of centrality against redundancy")                                         \
    X(SATURATION, 16, saturation, DOUBLE, "saturation", "A", "10", 0, 1e6, MDS_OPEN_LO, NULL, \
      "coverage: covered at A times the mean similarity")                                     \
    X(DIVERSITY, 17, diversity, DOUBLE, "diversity", "X", "100", 0, 1e6, 0, NULL,             \
      "coverage: weight of the diversity reward")                                             \
    X(COST_EXPONENT, 18, cost_exponent, DOUBLE, "cost-exponent", "R", "0", 0, 2, 0, NULL,     \
      "coverage: greedy by gain / length^R")                                                  \
    X(PARTITION, 19, partition, ENUM, "partition", "P", "document", 0, 0, 0,                   \
      "document|similarity", "coverage: the parts of the diversity reward")                   \
    X(CLUSTERS, 20, clusters, DOUBLE, "clusters", "X", "0.2", 0, 1, MDS_OPEN_LO, NULL,        \
      "coverage: similarity parts per sentence")                                              \
    X(REWARD, 21, reward, ENUM, "reward", "R", "centrality", 0, 0, 0,                          \
      "centrality|similarity", "coverage: LexRank scores or mean similarity as rewards")      \
    X(DUPLICATE_THRESHOLD, 22, duplicate_threshold, DOUBLE, "duplicate-threshold", "X",       \
      "0.45", 0, 1, MDS_OPEN_LO, NULL, "never two sentences this similar (cosine)")           \
    X(MIN_WORDS, 23, min_words, INT, "min-words", "N", "8", 0, 1000, 0, NULL,                 \
      "shorter sentences are never chosen")                                                   \
    X(MAX_WORDS, 24, max_words, INT, "max-words", "N", "60", 0, 100000, 0, NULL,              \
      "longer sentences are never chosen (0: no limit)")                                      \
    X(IDF_BLEND, 25, idf_blend, DOUBLE, "idf-blend", "X", "-1", -1, 1, 0, NULL,               \
      "0: model idf, 1: cluster idf, negative: the model's blend")                            \
    X(CLEAN, 26, clean, BOOL, "clean", NULL, "1", 0, 1, 0, NULL,                              \
      "drop bylines, headings, links and other boilerplate")                                  \
    X(BACKEND, 27, backend, ENUM, "backend", "NAME", "auto", 0, 0, 0, "auto|cpu|cuda",         \
      "where similarity and ranking run")                                                     \
    X(DEVICE, 28, device, INT, "device", "N", "0", 0, 1023, 0, NULL,                          \
      "GPU ordinal for the cuda backend")                                                     \
    X(GRAPH, 29, graph, ENUM, "graph", "KIND", "auto", 0, 0, 0, "auto|dense|sparse",           \
      "similarity graph; auto: dense when n x n fits the memory")                             \
    X(NEIGHBORS, 30, neighbors, SIZE, "neighbors", "K", "64", 1, 1024, 0, NULL,               \
      "sparse graph: edges kept per sentence")                                                \
    X(MEMORY, 31, memory, BYTES, "memory", "SIZE", "4G", 1048576, 1125899906842624.0, 0,      \
      NULL, "memory of a run beside its input: embeddings, graph, scratch")                   \
    X(PRECISION, 32, precision, ENUM, "precision", "P", "fp32", 0, 0, 0, "fp32|tf32|fp16",     \
      "inputs to the similarity; sums stay FP32")                                             \
    X(THREADS, 70, threads, INT, "threads", "N", "0", 0, 256, 0, NULL,                         \
      "threads that clean, segment, featurize and embed a cluster (0: every online CPU "     \
      "for one over 1 MiB, else one)")                                                        \
    X(MAX_INPUT, 34, max_input, BYTES, "max-input", "SIZE", "1G", 1, 1125899906842624.0, 0,   \
      NULL, "most bytes read for one cluster, all its files and stdin together")              \
    X(INPUT_FORMAT, 35, input_format, ENUM, NULL, "F", "auto", 0, 0, 0, "auto|text|html",      \
      "inputs read by content (auto), as plain text or SGML, or as HTML pages")               \
    X(ENCODING, 40, encoding, STRING, "encoding", "NAME", NULL, 0, 0, 0, NULL,                 \
      "read every input in this encoding (iconv's names; iconv -l lists them)")              \
    X(STRICT_UTF8, 41, strict_utf8, BOOL, "strict-utf8", NULL, "0", 0, 1, 0, NULL,            \
      "refuse input that is not UTF-8 and declares no encoding, not read it as Windows-1252") \
    X(REPORT, 55, report, BOOL, NULL, NULL, "0", 0, 1, 0, NULL,                               \
      "keep the documents and every sentence's score and drop reason for the HTML report")   \
    X(QUERY_TELEPORT, 60, query_teleport, DOUBLE, "query-teleport", "X", "0.3", 0, 1, 0,      \
      NULL, "query: share of the LexRank teleport that goes by relevance to the query")       \
    X(QUERY_CONCEPTS, 61, query_concepts, DOUBLE, "query-concepts", "X", "0", 0, 1e6, 0,      \
      NULL, "query: a concept weighs 1 + X times its sentences' relevance more")              \
    X(QUERY_TITLE, 62, query_title, DOUBLE, "query-title", "X", "1", 0, 1e3, 0, NULL,         \
      "query: weight of its first line (a title) against the lines after it")                 \
    X(QUERY_EXPAND, 63, query_expand, DOUBLE, "query-expand", "X", "0", 0, 1e3, 0, NULL,      \
      "query: weight of the terms added from the most relevant sentences (0: none)")          \
    X(QUERY_RELEVANCE, 64, query_relevance, DOUBLE, "query-relevance", "X", "1", 0, 1e6, 0,   \
      NULL, "concepts: weight of a sentence's relevance to the query, as --centrality's")

typedef enum mds_param {
#define MDS__PARAM_ENUM(id, num, ...) MDS_PARAM_##id = (num),
    MDS_PARAM_MAP(MDS__PARAM_ENUM)
#undef MDS__PARAM_ENUM
} mds_param;

typedef enum mds_param_type {
    MDS_TYPE_INT = 0,
    MDS_TYPE_SIZE = 1,
    MDS_TYPE_BYTES = 2,
    MDS_TYPE_DOUBLE = 3,
    MDS_TYPE_BOOL = 4,
    MDS_TYPE_ENUM = 5,
    MDS_TYPE_SELECTOR = 6,
    MDS_TYPE_STRING = 7,
} mds_param_type;

/* What the table says of one parameter. The library owns it; it lives for the process. */
typedef struct mds_param_info {
    mds_param id;
    const char *name;         /* "position_prior" */
    mds_param_type type;
    const char *flag;         /* "position-prior", or NULL */
    const char *metavar;      /* "X", or NULL for a BOOL */
    const char *def;          /* the default as text, or NULL */
    double lo, hi;            /* bounds of a number; for ENUM and SELECTOR 0 and count - 1 */
    unsigned open;            /* MDS_OPEN_LO | MDS_OPEN_HI */
    const char *const *names; /* ENUM and SELECTOR: the value names, NULL-terminated; else NULL */
    const char *help;         /* one line */
} mds_param_info;

/* The parameters in table order: i from 0 to mds_param_count() - 1; NULL past the end. */
MDS_API size_t mds_param_count(void);
MDS_API const mds_param_info *mds_param_at(size_t i);
/* By id; NULL for an unknown id. */
MDS_API const mds_param_info *mds_param_info_of(mds_param id);
/* By name ("position_prior") or flag ("position-prior"); NULL when neither matches. */
MDS_API const mds_param_info *mds_param_find(const char *name);
/* The bounds of a number parameter, as in its info (a NULL out-pointer is skipped);
 * MDS_EINVAL for an unknown id or a STRING. */
MDS_API mds_status mds_param_bounds(mds_param id, double *lo, double *hi, unsigned *open);

/* A set of parameters; new ones hold the defaults. One thread writes it at a time; any number
 * may read it (mds_summarize only reads). */
typedef struct mds_params mds_params;

MDS_API mds_status mds_params_new(mds_params **out);
/* NULL is a harmless no-op. */
MDS_API void mds_params_free(mds_params *params);
/* A copy, with its own copies of strings. */
MDS_API mds_status mds_params_dup(const mds_params *params, mds_params **out);
/* Back to the defaults. */
MDS_API void mds_params_reset(mds_params *params);

/* Setters: MDS_EINVAL for an unknown id, a value of the wrong type or out of bounds, with
 * the reason in mds_params_errmsg() (which names the parameter and the bounds); the value
 * is left as it was (MDS_ENOMEM: a STRING could not be copied). _int and _double set every
 * type but STRING: a whole value for all but DOUBLE, BOOL 0 or 1, ENUM and SELECTOR by
 * index; _string parses text for any type: numbers, sizes with an optional K, M, G or T
 * (binary, with or without "iB"; a fraction of a byte rounds down), booleans (1/0,
 * true/false, yes/no, on/off), names of ENUM values and selectors; for a STRING it keeps a
 * copy, NULL unsets it. */
MDS_API mds_status mds_params_set_int(mds_params *params, mds_param id, long long value);
MDS_API mds_status mds_params_set_double(mds_params *params, mds_param id, double value);
MDS_API mds_status mds_params_set_string(mds_params *params, mds_param id, const char *value);
/* By name or flag, from text: mds_params_set(p, "words", ...) is refused (not a parameter),
 * mds_params_set(p, "position-prior", "0.5") works. */
MDS_API mds_status mds_params_set(mds_params *params, const char *name, const char *value);

/* Getters: _int for every type but DOUBLE and STRING (ENUM, SELECTOR: the index); _double for
 * every number type; _string writes the value as text (as the table writes defaults, enum
 * names for ENUM and SELECTOR, "" for an unset STRING) into buf, NUL-terminated, and fails
 * with MDS_EINVAL if it does not fit. */
MDS_API mds_status mds_params_get_int(const mds_params *params, mds_param id, long long *value);
MDS_API mds_status mds_params_get_double(const mds_params *params, mds_param id, double *value);
MDS_API mds_status mds_params_get_string(const mds_params *params, mds_param id, char *buf,
                                         size_t size);

/* Checks what no single setter can: that the parameters agree with each other (max_words 0
 * or at least min_words). The setters check each value against its bounds. A failed check
 * writes its message into the set: one thread at a time. */
MDS_API mds_status mds_params_check(const mds_params *params);
/* The message of the last failed set or check on this set ("" if none). */
MDS_API const char *mds_params_errmsg(const mds_params *params);
/* The parameter that failure is about, else 0 (no failure yet, or an id or name that is no
 * parameter): a program can name its own option for it, as for mds_errparam. The message
 * and the parameter go together: a later success changes neither, the next failure both, and
 * mds_params_reset clears both. A failed check is about the parameter it names
 * (MDS_PARAM_MAX_WORDS when max_words is below min_words). */
MDS_API mds_param mds_params_errparam(const mds_params *params);

/* A context: the model, the scratch state and the last error message. One thread at a time. */
typedef struct mds_ctx mds_ctx;

/* A new context using the default English model embedded in the library. */
MDS_API mds_status mds_ctx_new(mds_ctx **out);
/* NULL is a harmless no-op. */
MDS_API void mds_ctx_free(mds_ctx *ctx);
/* Replaces the context's model with one read from a model file. */
MDS_API mds_status mds_ctx_load_model(mds_ctx *ctx, const char *path);
/* A new context that uses `parent`'s model (the built-in one, or one loaded with
 * mds_ctx_load_model) read-only, without copying or re-reading it: for one context per
 * thread over one model. `parent` must outlive the new context and load no other model
 * while it exists. The new context has its own scratch state and message. */
MDS_API mds_status mds_ctx_new_sharing(const mds_ctx *parent, mds_ctx **out);
/* The message for the context's last error (empty if none). Valid until the next call. */
MDS_API const char *mds_errmsg(const mds_ctx *ctx);
/* The parameter the context's last error is about, when changing it could help (a memory
 * budget too small: MDS_PARAM_MEMORY; an unknown language: MDS_PARAM_LANG), else 0. A
 * program can name its own option for it; the library's messages name no option. */
MDS_API mds_param mds_errparam(const mds_ctx *ctx);

/* A cluster: the documents of one topic, read and parsed. */
typedef struct mds_cluster mds_cluster;

MDS_API mds_status mds_cluster_new(mds_ctx *ctx, mds_cluster **out);
/* NULL is a harmless no-op. */
MDS_API void mds_cluster_free(mds_cluster *cluster);
/* Adds the documents of one file: plain UTF-8 text, DUC/TAC/Reuters SGML with any number
 * of documents, or an HTML page (its article: mds_cluster_document). Kinds are told apart
 * by content. */
MDS_API mds_status mds_cluster_add_file(mds_cluster *cluster, const char *path);
/* Adds every regular file of a directory (not recursive), in byte order of their names;
 * hidden files (names starting with '.') are skipped. All or nothing: if one file fails,
 * none of the directory's files stay in the cluster, and the message names the bad file. */
MDS_API mds_status mds_cluster_add_dir(mds_cluster *cluster, const char *path);
/* Adds the documents read from an open descriptor (stdin, a pipe, a FIFO, a file), read as
 * cat reads it, in blocks until its end; `name` stands for the path in messages and results.
 * The descriptor is not closed. Binary data and the size limit stop the reading at once, as
 * for a file. */
MDS_API mds_status mds_cluster_add_fd(mds_cluster *cluster, const char *name, int fd);
/* The most bytes all inputs of the cluster may hold together (files, descriptors, memory,
 * JSON texts); the default is max_input's in MDS_PARAM_MAP (1 GiB). Reading stops as soon as
 * an input goes past it, with MDS_ETOOBIG and mds_errparam() MDS_PARAM_MAX_INPUT: a pipe of
 * endless data is never read to its end. 0 is MDS_EINVAL. (The max_input parameter is how a
 * program carries the value to here, as the summarize program does; mds_summarize does not
 * read it.) */
MDS_API mds_status mds_cluster_set_max_input(mds_cluster *cluster, uint64_t bytes);
/* How the inputs added from now on are decoded (src/text/encoding.h has the rules). Each
 * input is read as UTF-8 when it is; a UTF-8 or UTF-16 byte order mark, or a charset that
 * markup declares in its first 1024 bytes (<?xml encoding=...?>, <meta charset=...>) says
 * otherwise; input that is not UTF-8 and declares nothing is read as Windows-1252, with a
 * warning (mds_cluster_warning). `name` (NULL: detect) reads every input in that encoding,
 * any name iconv knows (`iconv -l`); MDS_EINVAL, with mds_errparam() MDS_PARAM_ENCODING, for
 * one it does not. `strict_utf8` nonzero refuses undeclared input that is not UTF-8
 * (MDS_EUTF8, the offset of its first bad byte in the message) instead of guessing. Bytes
 * invalid in a declared or named encoding are MDS_EFORMAT at their offset. Offsets in
 * results always index the input's own bytes, whatever its encoding. (The encoding and
 * strict_utf8 parameters carry the values to here, as max_input does.) */
MDS_API mds_status mds_cluster_set_encoding(mds_cluster *cluster, const char *name,
                                            int strict_utf8);
/* What the user should know of how the inputs were read ("FILE: not UTF-8 ... read as
 * Windows-1252"): k from 0 to mds_cluster_warning_count() - 1; NULL past the end. They live
 * as long as the cluster. */
MDS_API size_t mds_cluster_warning_count(const mds_cluster *cluster);
MDS_API const char *mds_cluster_warning(const mds_cluster *cluster, size_t k);
/* How the cluster reads the inputs added after it: by content (HTML, SGML or plain text), or
 * all as text (SGML still told from plain text) or all as HTML pages. The input_format
 * parameter (MDS_PARAM_INPUT_FORMAT) is how a program carries it to here. */
typedef enum mds_input_format {
    MDS_INPUT_AUTO = 0,
    MDS_INPUT_TEXT = 1,
    MDS_INPUT_HTML = 2,
} mds_input_format;
MDS_API mds_status mds_cluster_set_input_format(mds_cluster *cluster, mds_input_format format);
/* Adds documents from memory; `name` stands for the path in messages and results. The bytes
 * are copied; data may be NULL when size is 0 (no document is added). */
MDS_API mds_status mds_cluster_add_memory(mds_cluster *cluster, const char *name, const void *data,
                                          size_t size);
/* Adds the documents of one cluster written as a JSON object,
 *   {"id": "...", "documents": [{"id": "...", "text": "...", "date": "..."}, ...]}
 * (only "text" is required; other members are ignored). Each text is read like a file named
 * after its document id ("doc" and its index when it has none), but always as UTF-8 (a JSON
 * string is; no encoding is detected); a "date" orders documents as
 * an SGML date does. All or nothing. If `id` is not NULL, *id is the cluster's "id" as a new
 * string (free it with mds_free()), or NULL when it has none or the JSON did not parse; it is
 * set on failure too, so a failed cluster can be named. Malformed JSON, a missing or
 * wrong-typed member, and invalid UTF-8 are MDS_EFORMAT with the byte offset in the message.
 * An empty text adds no document, as an empty file adds none: a cluster whose texts are all
 * empty is read with MDS_OK and no document, and mds_summarize says MDS_EEMPTY. */
MDS_API mds_status mds_cluster_add_json(mds_cluster *cluster, const char *json, size_t size,
                                        char **id);
/* The question the summary should answer (issue 13): len bytes of UTF-8 text, copied; len 0
 * (text may then be NULL) clears it. With a query, mds_summarize ranks and chooses sentences
 * by their relevance to it as well as by their centrality (the query_* parameters say how
 * much); without one, or with one of stopwords only, the summary is the generic one, byte for
 * byte. When the query has several lines, the first is a title (a DUC topic's <title>, then
 * its <narr>), weighted by MDS_PARAM_QUERY_TITLE. MDS_EUTF8 for text that is not UTF-8 or
 * holds a NUL. A "query" string member of mds_cluster_add_json sets it too. */
MDS_API mds_status mds_cluster_set_query(mds_cluster *cluster, const char *text, size_t len);
/* The cluster's query, "" when none; it lives until the next mds_cluster_set_query. */
MDS_API const char *mds_cluster_query(const mds_cluster *cluster);
MDS_API size_t mds_cluster_document_count(const mds_cluster *cluster);
/* One document of a cluster as summarizing reads it: for an HTML page, the article taken
 * from it (the page's title and date, its body paragraphs without navigation, scripts, ads
 * and other boilerplate). Strings live as long as the cluster. */
typedef struct mds_document {
    const char *path;  /* the file it came from, as given */
    const char *id;    /* DOCNO for SGML, else the file's base name */
    const char *title; /* HEADLINE / TITLE, or the page's headline; NULL if none */
    const char *date;  /* DATE_TIME / DATE, or the page's publication date; NULL if none */
    const char *text;  /* the normalized text: paragraphs separated by "\n" */
    size_t length;     /* bytes of text */
} mds_document;
/* Document i (0 to mds_cluster_document_count() - 1) into *out; MDS_EINVAL past the end. */
MDS_API mds_status mds_cluster_document(const mds_cluster *cluster, size_t i, mds_document *out);

/* One sentence of a summary. Strings live as long as the result. */
typedef struct mds_sentence {
    const char *doc_path; /* the file it came from, as given ("-" for stdin) */
    const char *doc_id;   /* DOCNO for SGML, else the file's base name */
    const char *doc_date; /* DATE_TIME for SGML, else NULL */
    size_t doc_index;     /* the document's position in the cluster */
    size_t index;         /* the sentence's position in its document, from 0 */
    uint64_t offset;      /* byte offset of the sentence in the source file */
    size_t length;        /* byte length: bytes [offset, offset+length) are the sentence */
    const char *text;     /* those bytes in UTF-8, NUL-terminated: as they are for a UTF-8
                             source, converted for one in another encoding (UTF-16, Latin-1),
                             less what reading left out inside them (Markdown syntax, a joined
                             hyphenated line break); for an HTML page the article's text of
                             them (markup removed, entities decoded). So strlen(text) may
                             differ from length */
    size_t words;         /* whitespace-separated words as text output prints it: what it
                             takes of a word budget */
    double score;         /* LexRank centrality, scaled so the mean sentence scores 1 */
    double relevance;     /* relevance to the cluster's query, from 0 to 1 (the most relevant
                             sentence of the cluster: 1); 0 without a query */
} mds_sentence;

typedef struct mds_result mds_result;

/* Summarizes a cluster. `params` NULL means defaults. A cluster can be summarized any number
 * of times, with any parameters, and by several threads at once (each with its own context,
 * mds_ctx_new_sharing): a run only reads the cluster. */
MDS_API mds_status mds_summarize(mds_ctx *ctx, const mds_cluster *cluster, const mds_params *params,
                                 mds_result **out);
/* How far the last mds_summarize on ctx got, whether it succeeded or not: the cluster's
 * documents, its sentences once segmented and its candidates once featurized (0 for a stage
 * not reached), so that a failure (a cluster too big for the memory budget) can say how big
 * the cluster was. All 0 before any run. Any pointer may be NULL. */
MDS_API void mds_last_counts(const mds_ctx *ctx, size_t *documents, size_t *sentences,
                             size_t *candidates);
/* NULL is a harmless no-op. */
MDS_API void mds_result_free(mds_result *result);
/* The parameters in effect for the result: those given, with what the run resolved (the
 * backend and graph it used, the idf blend and language in effect, the selector that ran).
 * They live as long as the result; mds_params_dup keeps them longer. */
MDS_API const mds_params *mds_result_params(const mds_result *result);
MDS_API size_t mds_result_count(const mds_result *result);
MDS_API const mds_sentence *mds_result_sentence(const mds_result *result, size_t i);

/* Statistics of the run behind a result. */
typedef struct mds_stats {
    size_t documents, sentences, candidates; /* candidates: sentences left after cleaning */
    size_t dimensions;
    int iterations; /* power iterations */
    const char *backend; /* the backend that produced the result */
    const char *device;  /* its device's name ("cpu" on the CPU) */
    const char *warning; /* NULL, or what went wrong on the way, such as a GPU failure that
                            made the CPU redo the work */
    int sparse;          /* 1: the sparse graph was used */
    size_t edges;        /* edges of the similarity graph */
    double seconds_gram, seconds_graph, seconds_rank; /* time in X X^T, graph, ranking */
    double gram_flops;   /* floating-point operations of X X^T */
    size_t device_bytes; /* peak device memory (0 on the CPU) */
    int lang_detected;   /* 1: the language (the result's MDS_PARAM_LANG) was detected */
} mds_stats;
/* All zero for a NULL result; a NULL stats is a no-op. */
MDS_API void mds_result_stats(const mds_result *result, mds_stats *stats);

/* Renders a result as text, JSON, JSONL or HTML into a new NUL-terminated buffer; free it
 * with mds_free(). `size` may be NULL. */
MDS_API mds_status mds_result_render(const mds_result *result, mds_format format, char **out,
                                     size_t *size);
/* NULL is a harmless no-op. */
MDS_API void mds_free(void *ptr);

/* The compute backends built into this library, in the order `auto` tries them: i from 0
 * to mds_backend_count() - 1 ("cuda", "cpu"); NULL past the end. Built in is not working:
 * a CUDA backend without a usable GPU fails its probe at run time. */
MDS_API size_t mds_backend_count(void);
MDS_API const char *mds_backend_name(size_t i);

/* The languages MDS_PARAM_LANG names with their own sentence rules and stopwords, i from 0
 * to mds_language_count() - 1: the English name ("german"), and its ISO 639-1 code in *code
 * (may be NULL); NULL past the end. "auto", the default, detects one of these per cluster;
 * any other language of the Snowball stemmer is taken by name, with generic rules. */
MDS_API size_t mds_language_count(void);
MDS_API const char *mds_language_name(size_t i, const char **code);

/* Threads the CPU backend's BLAS (OpenBLAS) and its own gram (the inverted index) may use
 * for one call, process-wide; n >= 1 (default: every online CPU).
 * A program that runs one context per core sets 1 so its threads do not oversubscribe the
 * cores. OpenBLAS is loaded when first needed: set before, the count applies then. */
MDS_API mds_status mds_set_blas_threads(int n);

/* Training a model from a background corpus (see docs/model-format.md). */
typedef struct mds_model_options {
    const char *lang;        /* Snowball language; default "english" */
    unsigned bucket_bits;    /* document-frequency table size: 2^bucket_bits; default 18 */
    unsigned dimensions;     /* embedding dimension D; a power of two; default 1024 */
    uint64_t seed;           /* hash seed */
    int bigrams;             /* nonzero: add word bigrams as features */
    double idf_blend;        /* default blend of model and cluster idf */
    int latin1_fallback;     /* nonzero: bytes that are not UTF-8 are read as Latin-1 */
    const char *stopwords;   /* word-list files, one entry a line; NULL: none */
    const char *abbreviations;
    const char *phrases;
} mds_model_options;

/* The bounds of a model's shape, which mds_model_build checks (and a model file must keep):
 * bucket_bits within [MDS_MODEL_BUCKET_BITS_MIN, MDS_MODEL_BUCKET_BITS_MAX]; dimensions a
 * power of two from MDS_MODEL_DIMENSIONS_MIN to 2^bucket_bits and MDS_MODEL_DIMENSIONS_MAX
 * (an embedding takes 4 bytes a dimension per sentence: 256 KiB at the largest). */
#define MDS_MODEL_BUCKET_BITS_MIN 8
#define MDS_MODEL_BUCKET_BITS_MAX 24
#define MDS_MODEL_DIMENSIONS_MIN 16
#define MDS_MODEL_DIMENSIONS_MAX 65536

MDS_API void mds_model_options_default(mds_model_options *options);
/* Reads every file (or every file in every directory) of `inputs`, counts document
 * frequencies and writes a model file. */
MDS_API mds_status mds_model_build(mds_ctx *ctx, const char *const *inputs, size_t n_inputs,
                                   const mds_model_options *options, const char *out_path);

/* ---- ROUGE -----------------------------------------------------------------------------------
 * ROUGE-1.5.5 (Lin 2004) as DUC and TAC ran it, reimplemented: ROUGE-1, -2, -L and -SU
 * (skip-bigrams plus unigrams) with its tokenization, Porter stemmer, stopword removal,
 * truncation, model averaging and bootstrap confidence intervals, giving the Perl script's
 * figures to its printed precision (5 decimals). Public because the evaluator is as useful to
 * a library user tuning a summarizer as to the CLI, which uses only this header; tokenizing,
 * stemming and counting stay internal (src/eval/rouge.h). Summaries are plain text, one sentence a
 * line, or ROUGE's SEE html. */
typedef enum mds_rouge_metric {
    MDS_ROUGE_1 = 0,
    MDS_ROUGE_2 = 1,
    MDS_ROUGE_L = 2,  /* union LCS over the reference's sentences */
    MDS_ROUGE_SU = 3, /* skip-bigrams up to skip_distance apart, plus unigrams (-2 N -u) */
    MDS_ROUGE_NMETRICS = 4,
} mds_rouge_metric;

typedef struct mds_rouge_options {
    int stem;               /* -m: Porter stemmer (words over 3 letters), WordNet exceptions */
    int remove_stopwords;   /* -s */
    const char *stopwords;  /* the list for -s, one a line; NULL:
                               $ROUGE_HOME/data/smart_common_words.txt */
    const char *exceptions; /* for -m: a folder of WordNet *.exc files (ROUGE's exception
                               db); NULL: $ROUGE_HOME/data/WordNet-2.0-Exceptions when it
                               exists; "": none */
    size_t words;           /* -l N: only the first N words of each summary (0: all) */
    size_t bytes;           /* -b N: only the first N bytes (0: all); not with words */
    int skip_distance;      /* -2 N (default 4); negative: any distance */
    int skip_unigrams;      /* -u: unigrams counted in ROUGE-SU (default 1) */
    double alpha;           /* -p: F = PR / ((1-alpha) P + alpha R); default 0.5 */
    int best_model;         /* -f B: the best reference only; default 0: -f A, the sum */
    unsigned metrics;       /* bit (1u << metric) for each metric to compute; 0: all.
                               ROUGE-L is the costly one (an LCS per pair of sentences) */
} mds_rouge_options;

MDS_API void mds_rouge_options_default(mds_rouge_options *options);

/* One evaluation (a summary against its references), as ROUGE prints it with -d: recall,
 * precision and F rounded to 5 decimals, and the counts behind them. */
typedef struct mds_rouge_score {
    double recall, precision, f;
    double model_count, peer_count, hits;
} mds_rouge_score;

/* An evaluator: options, word lists, and caches of tokens and stems. One thread at a time;
 * messages go to the context it was made with. */
typedef struct mds_rouge mds_rouge;

MDS_API mds_status mds_rouge_new(mds_ctx *ctx, const mds_rouge_options *options, mds_rouge **out);
/* NULL is a harmless no-op. */
MDS_API void mds_rouge_free(mds_rouge *rouge);
/* What the user should know about the setup (stemming without the WordNet exceptions, so
 * figures may differ from ROUGE's in the 3rd decimal), or NULL. */
MDS_API const char *mds_rouge_warning(const mds_rouge *rouge);
/* Scores a peer summary against nrefs reference summaries, every metric. A text (the peer
 * or a reference) may be NULL when its size is 0: an empty summary. */
MDS_API mds_status mds_rouge_score_texts(mds_rouge *rouge, const char *peer, size_t peer_size,
                                         const char *const *refs, const size_t *ref_sizes,
                                         size_t nrefs,
                                         mds_rouge_score out[MDS_ROUGE_NMETRICS]);
MDS_API mds_status mds_rouge_score_files(mds_rouge *rouge, const char *peer_path,
                                         const char *const *ref_paths, size_t nrefs,
                                         mds_rouge_score out[MDS_ROUGE_NMETRICS]);

/* An average over evaluations as ROUGE-1.5.5 reports it (-a, -t 0): the mean of `samples`
 * bootstrap means (seeded as ROUGE seeds them, so runs repeat), and the confidence interval
 * from the same samples. Index 0, 1, 2: recall, precision, F. `scores` in ROUGE's order of
 * evaluations (byte order of "CLUSTER.SYSTEM"); samples 0: the plain mean, no interval. */
typedef struct mds_rouge_average {
    double mean[3], lo[3], hi[3];
    size_t n;
} mds_rouge_average;

MDS_API mds_status mds_rouge_bootstrap(const mds_rouge_score *scores, size_t n, size_t samples,
                                       double confidence, mds_rouge_average *out);

/* The cluster a summary file belongs to, from its name, lowercased: the part before the
 * first dot, with the trailing letter of a DUC topic dropped ("D0601.M.250.A.B" and
 * "D0601A.mds" are both "d0601"; "d30001.m.100.t.a" is "d30001"). EINVAL if it does not
 * fit in size bytes. */
MDS_API mds_status mds_rouge_topic(const char *name, char *out, size_t size);

#ifdef __cplusplus
}
#endif
#endif /* MDS_H */
