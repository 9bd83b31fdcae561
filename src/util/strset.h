/* SPDX-License-Identifier: MIT */
/* A set of byte strings (open addressing over xxHash), for word lists: stopwords,
 * abbreviations, boilerplate phrases. Read-only use is safe from many threads. */
#ifndef MDS_STRSET_H
#define MDS_STRSET_H

#include <stddef.h>
#include <stdint.h>

#include "mds.h"

typedef struct mds__strset {
    char **items;   /* owned copies, NUL-terminated; insertion order */
    size_t *lens;   /* their lengths (an item may hold NUL bytes) */
    size_t count;
    size_t cap_items;
    uint32_t *slots; /* index+1 into items, 0 empty; size is a power of two */
    size_t nslots;
    size_t max_len; /* length of the longest item */
} mds__strset;

void mds__strset_init(mds__strset *s);
void mds__strset_free(mds__strset *s);
/* Adds a copy of n bytes; adding a present string is not an error. */
mds_status mds__strset_add(mds__strset *s, const char *str, size_t n);
int mds__strset_has(const mds__strset *s, const char *str, size_t n);
/* Adds one entry per line of text; '#' starts a comment line; surrounding blanks trimmed. */
mds_status mds__strset_add_lines(mds__strset *s, const char *text, size_t n);

#endif
