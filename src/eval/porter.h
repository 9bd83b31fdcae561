/* SPDX-License-Identifier: MIT */
/* The Porter stemmer as ROUGE-1.5.5 runs it (-m): Porter's 1980 algorithm in the form of his
 * reference Perl release 1 (vowel and consonant classes as regular expressions, "logi" ->
 * "log", "bli" -> "ble"), with ROUGE's change to step 4: "-ement" is a suffix of its own, and
 * "-ment", then "-ent" or "-ion", are tried after it on what is left. Snowball's "porter"
 * (libstemmer) gives other stems for 118 of the 16,263 distinct words over 3 letters in DUC
 * 2006's summaries ("agreement", "accidental", "apology"), so ROUGE's figures need this one;
 * it gives ROUGE's stem for all of them. Written from the algorithm, not copied. */
#ifndef MDS_PORTER_H
#define MDS_PORTER_H

#include <regex.h>
#include <stddef.h>

#include "mds.h"

typedef struct mds__porter {
    regex_t mgr0, meq1, mgr1, vowel, cvc; /* the measure tests of the Perl release */
    int ready;
} mds__porter;

mds_status mds__porter_init(mds__porter *p);
/* NULL and a never-initialized (zeroed) stemmer are harmless. */
void mds__porter_free(mds__porter *p);
/* Stems the n bytes of a lowercase word into out (room for n + 2 bytes), NUL-terminated;
 * returns the stem's length, or SIZE_MAX when a pattern could not be matched for want of
 * memory. Words shorter than 3 bytes come back unchanged. */
size_t mds__porter_stem(const mds__porter *p, const char *word, size_t n, char *out);

#endif
