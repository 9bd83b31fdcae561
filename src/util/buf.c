/* SPDX-License-Identifier: MIT */
#include "util/alloc.h"
#include "util/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

mds_status mds__grow(void **ptr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return MDS_OK;
    size_t c = *cap ? *cap : 8;
    while (c < need) {
        if (c > SIZE_MAX / 2)
            return MDS_ENOMEM;
        c *= 2;
    }
    if (size && c > SIZE_MAX / size)
        return MDS_ENOMEM;
    void *p = mds__realloc(*ptr, c * size);
    if (!p)
        return MDS_ENOMEM;
    *ptr = p;
    *cap = c;
    return MDS_OK;
}

mds_status mds__buf_reserve(mds__buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return MDS_ENOMEM;
    return mds__grow((void **)&b->data, &b->cap, b->len + extra + 1, 1);
}

mds_status mds__buf_append(mds__buf *b, const void *data, size_t n)
{
    mds_status st = mds__buf_reserve(b, n);
    if (st)
        return st;
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return MDS_OK;
}

mds_status mds__buf_putc(mds__buf *b, char c) { return mds__buf_append(b, &c, 1); }

mds_status mds__buf_printf(mds__buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return MDS_EINTERNAL;
    if ((size_t)n < sizeof small)
        return mds__buf_append(b, small, (size_t)n);
    mds_status st = mds__buf_reserve(b, (size_t)n);
    if (st)
        return st;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return MDS_OK;
}

size_t mds__utf8_put(uint32_t cp, unsigned char *o)
{
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    } else if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    } else if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t mds__utf8_len(const unsigned char *s, size_t n)
{
    size_t len = s[0] < 0x80                   ? 1
                 : s[0] >= 0xC2 && s[0] <= 0xDF ? 2
                 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
                 : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4
                                                : 0;
    if (len > n)
        return 0;
    if (len < 2)
        return len;
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F) ||
        (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F))
        return 0;
    for (size_t k = 1; k < len; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    return len;
}

mds_status mds__buf_json_string(mds__buf *b, const char *s, size_t n)
{
    mds_status st = mds__buf_reserve(b, n + 2);
    if (st)
        return st;
    b->data[b->len++] = '"';
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t len = 1;
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            st = mds__buf_append(b, e, 2);
        } else if (c == '\n') {
            st = mds__buf_append(b, "\\n", 2);
        } else if (c == '\t') {
            st = mds__buf_append(b, "\\t", 2);
        } else if (c == '\r') {
            st = mds__buf_append(b, "\\r", 2);
        } else if (c < 0x20 || c == 0x7f) {
            st = mds__buf_printf(b, "\\u%04x", c);
        } else if (c < 0x80) {
            st = mds__buf_putc(b, (char)c);
        } else if ((len = mds__utf8_len((const unsigned char *)s + i, n - i)) != 0) {
            st = mds__buf_append(b, s + i, len);
        } else {
            len = 1; /* one replacement per byte that starts no valid sequence */
            st = mds__buf_append(b, "\\ufffd", 6);
        }
        if (st)
            return st;
        i += len;
    }
    return mds__buf_putc(b, '"');
}

char *mds__buf_steal(mds__buf *b, size_t *len)
{
    if (!b->data && mds__buf_reserve(b, 0) != MDS_OK)
        return NULL;
    b->data[b->len] = '\0';
    char *d = b->data;
    if (len)
        *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}

void mds__buf_free(mds__buf *b)
{
    mds__free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
