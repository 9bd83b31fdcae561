/* SPDX-License-Identifier: MIT */
/* Sentence segmentation of normalized paragraph text. libunistring has no sentence-break
 * API, so this is a rule set over its character properties. */
#ifndef MDS_SEGMENT_H
#define MDS_SEGMENT_H

#include <stddef.h>

#include "text/doc.h"
#include "util/strset.h"

/* Splits text[0, len) (one paragraph, valid UTF-8) into sentences. Each span is trimmed of
 * surrounding whitespace and covers the sentence's closing punctuation, quotes and brackets.
 * `abbrevs` holds lowercase abbreviations without their final period ("mr", "u.s", "jan");
 * NULL means none. Spans are appended to *out (capacity *cap, count *n) with offsets relative
 * to `text` plus `base`. Returns MDS_ENOMEM when the array cannot grow, else MDS_OK; bytes
 * that are not UTF-8 are read as non-letters.
 *
 * Entries of `abbrevs` may carry a one-character class prefix (models/en/abbreviations.txt
 * documents it for English); the set stores them verbatim and the segmenter looks each word
 * up under every prefix:
 *   "inc"   an abbreviation; before a capitalized word it ends the sentence only if that word
 *           is a sentence opener ("Acme Inc. The company" splits, "Acme Inc. Chairman" not);
 *   "=mr"   an abbreviation that never ends a sentence when a word follows (titles, "e.g");
 *   "+no"   also an ordinary word: an abbreviation only when capitalized in the text or
 *           followed by a number ("No. 1", "Springfield, Ill."), otherwise a normal word;
 *   "^the"  a sentence opener (lowercase), used by the "inc" rule above.
 * Single capital letters ("John F. Kennedy") and dotted single letters ("U.S.A") need no
 * entry: they are treated as plain abbreviations. Terminators of other scripts (。！？ । ؟
 * ። ...) always end a sentence, spaces or not. */
mds_status mds__segment(const char *text, size_t len, uint32_t base, const mds__strset *abbrevs,
                        mds__span **out, size_t *n, size_t *cap);

/* Rules of one language (text/lang.h gives them per language). */
enum {
    /* A number of one to three digits with a period is an ordinal ("am 9. Oktober", "zum 3.
     * Mal"): it ends the sentence only before a sentence opener ('^' entry). */
    MDS__SEG_ORDINALS = 1u << 0,
    /* For tests: every character decoded, no ASCII fast path; the spans must be the same. */
    MDS__SEG_GENERAL = 1u << 1,
};

typedef struct mds__seg_rules {
    const mds__strset *abbrevs; /* as for mds__segment; NULL: none */
    unsigned flags;             /* MDS__SEG_* */
} mds__seg_rules;

/* mds__segment with a language's rules; mds__segment is this with flags 0. */
mds_status mds__segment_rules(const char *text, size_t len, uint32_t base,
                              const mds__seg_rules *rules, mds__span **out, size_t *n,
                              size_t *cap);

#endif
