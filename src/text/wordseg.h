/* SPDX-License-Identifier: MIT */
/* Word breaks found with a dictionary: ICU's word break iterator, which segments Chinese and
 * Japanese (written without spaces) with its dictionaries and other scripts by UAX #29. */
#ifndef MDS_WORDSEG_H
#define MDS_WORDSEG_H

#include <stddef.h>

#include "mds.h"

typedef struct mds__wordseg mds__wordseg;

/* Whether ICU's word breaks are there: built with ICU (MDS_HAVE_ICU) and its libicuuc loaded
 * (the first call loads it; thread-safe). */
int mds__wordseg_available(void);

/* A word breaker for ICU locale `locale` ("zh", "ja"). MDS_ENOMEM when ICU cannot open one
 * (its data is part of the library, so only memory can be missing). Not thread-safe. Without
 * ICU, in the build (no MDS_HAVE_ICU) or at run time (no libicuuc to load), MDS_OK and *out
 * NULL: the caller breaks words by UAX #29 (u8_wordbreaks), one word per ideograph. */
mds_status mds__wordseg_new(const char *locale, mds__wordseg **out);
void mds__wordseg_free(mds__wordseg *w);

/* Writes brk[0, n) as u8_wordbreaks does: brk[i] is 1 when a word boundary lies before byte
 * i (i > 0), else 0. text[0, n) is UTF-8 (bad bytes are ICU's U+FFFD, one boundary each
 * side at most). */
mds_status mds__wordseg_breaks(mds__wordseg *w, const char *text, size_t n, char *brk);

#endif
