/* SPDX-License-Identifier: MIT */
/* The languages mds knows by name: for each, its stemmer, the sentence splitter's rules and
 * abbreviations, its stopwords, whether words need a dictionary to be found (Chinese,
 * Japanese), and the detection of a cluster's language from script and stopwords. Languages
 * outside this table that libstemmer knows are still accepted by name (features.h), with the
 * generic rules and no stopwords. */
#ifndef MDS_LANG_H
#define MDS_LANG_H

#include <stddef.h>

#include "mds.h"
#include "util/strset.h"

enum {
    MDS__SCRIPT_LATIN,
    MDS__SCRIPT_CYRILLIC,
    MDS__SCRIPT_HAN,      /* Chinese */
    MDS__SCRIPT_JAPANESE, /* Han with kana */
};

typedef struct mds__lang {
    const char *code;    /* ISO 639-1: "de" */
    const char *name;    /* "german": what results report */
    const char *code3;   /* ISO 639-2/B; 639-2/T where they differ is in lang.c */
    const char *stemmer; /* libstemmer's algorithm, or NULL: none */
    int script;
    unsigned seg;        /* MDS__SEG_* flags (segment.h) */
    int wordseg;         /* 1: words are found with a dictionary (ICU), not at spaces */
} mds__lang;

/* The table, in the order --help lists it. */
size_t mds__lang_count(void);
const mds__lang *mds__lang_get(size_t i);

/* A language by ISO 639-1 or 639-2 code, English name or locale tag ("pt-BR", "zh_Hans"),
 * any case; NULL when not in the table. */
const mds__lang *mds__lang_find(const char *name);

/* "english, german (de), ...": the languages for messages and --help, into buf. */
void mds__lang_list(char *buf, size_t size);

/* Adds the language's abbreviations (with their class prefixes) and, as '^' sentence
 * openers, its stopwords: the word set mds__segment_rules takes. */
mds_status mds__lang_abbrevs(const mds__lang *l, mds__strset *out);

/* Adds the language's stopwords (lowercase). */
mds_status mds__lang_stopwords(const mds__lang *l, mds__strset *out);

/* The language of texts[0..n) (lengths lens), from the share of letters of each script and,
 * for the Latin script, from which language's stopwords the words hit most. Reads at most a
 * bounded prefix of each text. *out is NULL when there is no letter at all; *hits gets the
 * share of words that were stopwords of the chosen language (0 for CJK), a confidence.
 * `hits` may be NULL: then only the verdict is wanted, and the count of stopwords stops at
 * the end of a text once the words left (a bound counted with the scripts) could not change
 * it: the same verdict, sooner. */
mds_status mds__lang_detect(const char *const *texts, const size_t *lens, size_t n,
                            const mds__lang **out, double *hits);

/* The same by the general path (one stopword set a language, every character decoded), which
 * mds__lang_detect must match: for tests, and when its combined table cannot be built. */
mds_status mds__lang_detect_general(const char *const *texts, const size_t *lens, size_t n,
                                    const mds__lang **out, double *hits);

#endif
