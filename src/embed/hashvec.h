/* SPDX-License-Identifier: MIT */
/* Embedding by the hashing trick: each term hashed (xxHash, seeded) to a bucket and a sign;
 * weight = (1 + log tf) * idf; folded to D dimensions; rows L2-normalized. */
#ifndef MDS_HASHVEC_H
#define MDS_HASHVEC_H

#include <stddef.h>
#include <stdint.h>

#include "embed/csr.h"
#include "text/features.h"
#include "embed/model.h"

/* 64-bit hash of a term: the low bucket_bits pick the bucket, the top bit the sign. */
uint64_t mds__hash_term(const char *term, size_t n, uint64_t seed);

/* Fills X (n rows of model->dim floats, row-major, zeroed here) from the terms of n
 * sentences. idf per bucket blends the model's table with the cluster's own document
 * frequencies (doc_of[i] is sentence i's document; ndocs documents) by `blend` (0: model
 * only, 1: cluster only; a model without a table always uses the cluster). Rows with no
 * terms stay zero. doc_of may be NULL: each sentence is then its own document (ndocs is
 * ignored). A doc_of[i] >= ndocs is MDS_EINTERNAL; an invalid model, MDS_EMODEL. */
mds_status mds__hashvec_embed(const mds__model *model, const mds__terms *terms, size_t n,
                              const uint32_t *doc_of, size_t ndocs, double blend, float *X);

/* The same on up to `threads` threads (util/parallel.h): X is the same at any number. */
mds_status mds__hashvec_embed_threads(const mds__model *model, const mds__terms *terms,
                                      size_t n, const uint32_t *doc_of, size_t ndocs,
                                      double blend, unsigned threads, float *X);
/* The same rows as their non-zeros (embed/csr.h), never the dense X: A (zeroed here) gets
 * n rows of model->dim dimensions, each row's entries in increasing dimension, exactly the
 * entries of mds__hashvec_embed_threads's X that are not zero (+0 and -0; NaN is kept), with
 * the same bits. A holds an entry a term at most until freed (mds__csr_free); on failure it
 * is freed here. */
mds_status mds__hashvec_embed_csr(const mds__model *model, const mds__terms *terms, size_t n,
                                  const uint32_t *doc_of, size_t ndocs, double blend,
                                  unsigned threads, mds__csr *A);

/* The scratch of mds__hashvec_embed that grows with the cluster, for the memory plan
 * (compute/plan.h): this much a sentence (the visiting order), and mds__hashvec_scratch_bytes
 * besides (the dimensions a row touched, two offsets a document). Not in it: the cluster's
 * document frequency per bucket, 4 bytes a bucket like the model's own tables (1 MiB in the
 * default model), the hashes of one document's terms on each thread, which grow with its
 * text, each document's distinct buckets, 8 bytes each, fewer than its terms, a bit a bucket
 * on each thread, and every term's hash kept from the document frequencies for the rows, 8
 * bytes a term, when they take at most 64 MiB (beyond, the rows hash again); as non-zeros,
 * a row of D floats on each thread. */
#define MDS__HASHVEC_CAND_BYTES sizeof(size_t)
size_t mds__hashvec_scratch_bytes(const mds__model *model, size_t ndocs);

#endif
