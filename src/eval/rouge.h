/* SPDX-License-Identifier: MIT */
/* ROUGE-1.5.5 internals, shared with the tests: sentences, truncation, tokens, LCS. The
 * public side (options, scoring, bootstrap) is in mds.h. */
#ifndef MDS_ROUGE_H
#define MDS_ROUGE_H

#include <stddef.h>
#include <stdint.h>

#include "mds.h"

typedef struct mds__rouge_span {
    const char *s;
    size_t n;
} mds__rouge_span;

/* Lowercases text (A-Z only, as ROUGE's tr/A-Z/a-z/) in place and finds its sentences: the
 * text of each SEE line (<a name="1">[1]</a> <a href="#1" id=1>TEXT) when the text is SEE
 * html, else each non-blank line, trimmed. *out is a new array (free it). */
mds_status mds__rouge_sentences(char *text, size_t n, mds__rouge_span **out, size_t *count);

/* ROUGE's truncation of a summary's sentences to the first `words` words (whitespace
 * separated, counted before tokenizing) or `bytes` bytes (sentence lengths added without the
 * spaces that join them). lcs: the variant ROUGE-L reads (readText_LCS), whose byte limit
 * applies to each sentence on its own. out has room for n spans; returns how many. */
size_t mds__rouge_truncate(const mds__rouge_span *in, size_t n, size_t words, size_t bytes,
                           int lcs, mds__rouge_span *out);

/* Calls fn for each token of a span as ROUGE tokenizes: runs of [a-z0-9] (every other byte,
 * non-ASCII bytes included, separates; "-" tokens are dropped). Returns the count. */
size_t mds__rouge_tokens(const char *s, size_t n,
                         void (*fn)(void *arg, const char *tok, size_t len), void *arg);

/* The LCS of a model sentence and a peer sentence: marks in hit[0..m) the model positions on
 * the LCS that ROUGE's backtrace takes (ties go up, i.e. to the earlier model token) and
 * returns its length. scratch: (m+1)*(n+1) counts. */
size_t mds__rouge_lcs(const uint32_t *model, size_t m, const uint32_t *peer, size_t n,
                      unsigned char *hit, uint32_t *scratch);

/* Perl's rand() after srand(seed) (drand48): for the bootstrap to resample as ROUGE does. */
typedef struct mds__rouge_rng {
    uint64_t x;
} mds__rouge_rng;
void mds__rouge_srand(mds__rouge_rng *r, uint32_t seed);
double mds__rouge_rand(mds__rouge_rng *r);

/* sprintf("%7.5f") read back as a number: ROUGE rounds every score this way. */
double mds__rouge_round5(double x);

#endif
