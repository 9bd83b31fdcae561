/* Sentence segmentation of normalized paragraph text. libunistring has no sentence-break
 * API, so this is a rule set over its character properties. */
#ifndef MDS_SEGMENT_H
#define MDS_SEGMENT_H

#include <stddef.h>

#include "doc.h"
#include "strset.h"

/* Splits text[0, len) (one paragraph, valid UTF-8) into sentences. Each span is trimmed of
 * surrounding whitespace and covers the sentence's closing punctuation, quotes and brackets.
 * `abbrevs` holds lowercase abbreviations without their final period ("mr", "u.s", "jan");
 * NULL means none. Spans are appended to *out (capacity *cap, count *n) with offsets relative
 * to `text` plus `base`. */
mds_status mds__segment(const char *text, size_t len, uint32_t base, const mds__strset *abbrevs,
                        mds__span **out, size_t *n, size_t *cap);

#endif
