/* SPDX-License-Identifier: MIT */
/* A growable byte buffer, always NUL-terminated once anything was appended. */
#ifndef MDS_BUF_H
#define MDS_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "mds.h"

typedef struct mds__buf {
    char *data;
    size_t len;
    size_t cap;
} mds__buf;

mds_status mds__buf_reserve(mds__buf *b, size_t extra);
mds_status mds__buf_append(mds__buf *b, const void *data, size_t n);
mds_status mds__buf_putc(mds__buf *b, char c);
mds_status mds__buf_printf(mds__buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends a JSON string literal (with quotes) for the n bytes at s: the quote and the
 * backslash escaped, \n \t \r by letter, other control characters and DEL as \u00XX, valid
 * UTF-8 as it is, and \ufffd for each byte that starts no valid sequence (a file name can
 * hold any), so the output is always valid JSON. */
mds_status mds__buf_json_string(mds__buf *b, const char *s, size_t n);
/* The length of the valid UTF-8 sequence at s, of at most n bytes: 1 to 4, or 0 for none (an
 * overlong form, a surrogate, past U+10FFFF, a stray continuation byte, or cut short). */
size_t mds__utf8_len(const unsigned char *s, size_t n);
/* Writes code point cp (at most U+10FFFF) as UTF-8 at o (room for 4 bytes): its length. */
size_t mds__utf8_put(uint32_t cp, unsigned char *o);
/* Hands the data to the caller (never NULL on success) and resets the buffer. */
char *mds__buf_steal(mds__buf *b, size_t *len);
void mds__buf_free(mds__buf *b);

/* Growth for plain arrays: makes room for `need` elements of `size` bytes in *ptr, whose
 * capacity is *cap. */
mds_status mds__grow(void **ptr, size_t *cap, size_t need, size_t size);

#endif
