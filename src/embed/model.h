/* SPDX-License-Identifier: MIT */
/* The model: hashing parameters, a document-frequency table over hashed buckets, word
 * lists. Its file format is in docs/model-format.md. */
#ifndef MDS_MODEL_H
#define MDS_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "mds.h"
#include "util/strset.h"

#define MDS__MODEL_MAGIC "MDSMODEL"
#define MDS__MODEL_VERSION 1

typedef struct mds__model {
    uint32_t version;
    char lang[32];        /* libstemmer name */
    uint64_t seed;
    uint32_t bucket_bits; /* df table has 1 << bucket_bits entries */
    uint32_t dim;         /* embedding dimension D, power of two, <= buckets */
    uint32_t bigrams;
    float idf_blend;      /* default blend: 0 model idf, 1 cluster idf */
    uint64_t ndocs;       /* documents the df table was counted over (0: no table) */
    uint32_t *df;         /* 1 << bucket_bits counts */
    float *idf;           /* derived at load: log((ndocs + 1) / (df + 1)) + 1 */
    mds__strset stopwords, abbrevs, phrases;
} mds__model;

/* Parses a model image. On error the message says what is wrong (bad magic, version,
 * checksum mismatch, truncated section). */
mds_status mds__model_parse(const void *data, size_t size, mds__model *out, char *msg,
                            size_t msg_size);
/* Reads and parses a model file; the message says what is wrong without naming the file (the
 * caller names it). */
mds_status mds__model_load(const char *path, mds__model *out, char *msg, size_t msg_size);
/* The default model embedded at build time, parsed once; shared, read-only. */
mds_status mds__model_default(const mds__model **out, char *msg, size_t msg_size);
/* Are these a model's bucket bits and dimensions (the bounds of include/mds.h, MDS_MODEL_*)?
 * 1, or 0 with msg (if not NULL) naming the field and its range. */
int mds__model_check_shape(uint32_t bucket_bits, uint32_t dim, char *msg, size_t msg_size);
/* Serializes a model (with checksum) into a new buffer. */
mds_status mds__model_serialize(const mds__model *m, char **out, size_t *size);
void mds__model_free(mds__model *m);
/* (Re)computes m->idf from m->df and m->ndocs (NULL when the model has no table); for
 * models built in memory, e.g. by the trainer. */
mds_status mds__model_derive_idf(mds__model *m);

#endif
