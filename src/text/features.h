/* SPDX-License-Identifier: MIT */
/* Features: words by u8_wordbreaks, NFKC and case folding, stopwords, Snowball stems,
 * optional word bigrams. */
#ifndef MDS_FEATURES_H
#define MDS_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#include "util/strset.h"

/* Terms of one text: NUL-separated strings in buf at offsets offs[0..n). */
typedef struct mds__terms {
    char *buf;
    size_t len, cap;
    uint32_t *offs;
    size_t n, cap_offs;
    size_t words; /* word tokens seen, stopwords included */
    uint8_t *stop; /* with mds__features_extract_marked: 1 for a stopword's term; else NULL */
    size_t cap_stop;
} mds__terms;

void mds__terms_reset(mds__terms *t); /* keeps the memory */
/* Term k's length in bytes (terms are stored back to back, each NUL-terminated). Inline: the
 * selectors ask it for every term. */
static inline size_t mds__term_len(const mds__terms *t, size_t k)
{
    size_t end = k + 1 < t->n ? t->offs[k + 1] : t->len;
    return end - t->offs[k] - 1;
}
void mds__terms_free(mds__terms *t);

typedef struct mds__featurizer mds__featurizer;

/* `lang`: a language of text/lang.h ("german", "de", "zh": its stemmer or none, and for
 * Chinese and Japanese dictionary word breaks), another libstemmer language name or ISO 639
 * code, or "none" for no stemming. `stopwords` (folded, unstemmed words) may be NULL and is borrowed. Not
 * thread-safe: one per thread. Returns MDS_ELANG for a language libstemmer does not know. */
mds_status mds__featurizer_new(const char *lang, const mds__strset *stopwords, int bigrams,
                               mds__featurizer **out);
void mds__featurizer_free(mds__featurizer *f);
/* A new featurizer that makes the same terms as f (its language, stopwords and bigrams; the
 * stopwords still borrowed): one for each thread that featurizes. */
mds_status mds__featurizer_clone(const mds__featurizer *f, mds__featurizer **out);

/* Appends the terms of text[0, n) to *out: each word folded (NFKC + case fold), stopwords
 * and tokens without a letter or digit dropped, stemmed; then, with bigrams on, "a b" for
 * each pair of adjacent kept stems. */
mds_status mds__features_extract(mds__featurizer *f, const char *text, size_t n,
                                 mds__terms *out);

/* The same, but stopwords are kept, folded and unstemmed, and marked in out->stop, and no
 * bigrams are added: the word sequence for phrases that span a stopword ("bank of america"). */
mds_status mds__features_extract_marked(mds__featurizer *f, const char *text, size_t n,
                                        mds__terms *out);

/* Appends to *out what mds__features_extract gives for the text that `marked` came from (by
 * mds__features_extract_marked with the same featurizer): the terms that are not stopwords,
 * then the bigrams if the featurizer makes them; one pass of word breaking and stemming for
 * both. */
mds_status mds__terms_content(const mds__featurizer *f, const mds__terms *marked,
                              mds__terms *out);

/* For tests: on (1), f takes its general path for every text (libunistring's word breaks,
 * each word looked up and stemmed, no word cache), which its fast paths must match; 0 (the
 * default) brings them back. */
void mds__featurizer_general(mds__featurizer *f, int on);

/* The canonical libstemmer name for a language name or code, or NULL if unknown. */
const char *mds__stemmer_name(const char *lang);

#endif
