/* SPDX-License-Identifier: MIT */
/* The language data derived from treebanks: generated into lang_data.c by
 * scripts/lang-data.py (docs/languages.md has the provenance). Read through text/lang.h. */
#ifndef MDS_LANG_DATA_H
#define MDS_LANG_DATA_H

#include <stddef.h>

typedef struct mds__lang_data {
    const char *code;               /* ISO 639-1 */
    const char *const *stop;        /* function words, lowercase, most frequent first */
    const char *const *abbrev;      /* abbreviations with their class prefix (segment.h) */
} mds__lang_data;

extern const mds__lang_data mds__lang_data_table[];
extern const size_t mds__lang_data_count;

#endif
