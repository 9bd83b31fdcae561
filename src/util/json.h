/* SPDX-License-Identifier: MIT */
/* A small JSON reader (RFC 8259) for input: one text into a tree of values, strings decoded
 * to UTF-8. Strict: no comments, no trailing commas, no leading zeros, no lone surrogates,
 * no control characters or invalid UTF-8 in strings; errors carry a byte offset. */
#ifndef MDS_JSON_H
#define MDS_JSON_H

#include <stddef.h>

#include "mds.h"

typedef enum mds__json_type {
    MDS__JSON_NULL,
    MDS__JSON_FALSE,
    MDS__JSON_TRUE,
    MDS__JSON_NUMBER,
    MDS__JSON_STRING,
    MDS__JSON_ARRAY,
    MDS__JSON_OBJECT,
} mds__json_type;

typedef struct mds__json mds__json;
struct mds__json {
    mds__json_type type;
    size_t offset; /* byte offset of the value in the text */
    double number;
    char *str;     /* STRING: decoded, NUL-terminated (it may hold NULs: see len) */
    size_t len;
    char *key;     /* a member of an OBJECT: its decoded key, NUL-terminated */
    size_t key_len;
    mds__json *child; /* ARRAY, OBJECT: the first element or member */
    mds__json *next;  /* the next sibling */
    size_t count;     /* ARRAY, OBJECT: elements or members */
};

/* Values nest at most this deep (a guard for the recursive descent). */
#define MDS__JSON_MAX_DEPTH 256

/* Parses exactly one value (surrounding whitespace allowed). On error *out is NULL,
 * *err_offset is the byte offset of the problem and msg says what it is. */
mds_status mds__json_parse(const char *text, size_t size, mds__json **out, size_t *err_offset,
                           char *msg, size_t msg_size);
/* NULL is a harmless no-op. */
void mds__json_free(mds__json *v);
/* The member of an object with this key (the last one if repeated), or NULL. */
const mds__json *mds__json_get(const mds__json *obj, const char *key);

#endif
