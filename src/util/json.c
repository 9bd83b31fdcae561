/* SPDX-License-Identifier: MIT */
/* A small strict JSON reader: recursive descent over the bytes, one node per value. */
#include "util/alloc.h"
#include "util/json.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

typedef struct parser {
    const unsigned char *s;
    size_t n, i;
    mds_status st;
    size_t err_off;
    char *msg;
    size_t msg_size;
} parser;

static int fail(parser *p, size_t off, mds_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(parser *p, size_t off, mds_status st, const char *fmt, ...)
{
    if (p->st)
        return 0;
    p->st = st;
    p->err_off = off;
    if (p->msg && p->msg_size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->msg, p->msg_size, fmt, ap);
        va_end(ap);
    }
    return 0;
}

static void skip_ws(parser *p)
{
    while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' ||
                           p->s[p->i] == '\r'))
        p->i++;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Four hex digits at p->i; -1 after failing. */
static long hex4(parser *p)
{
    if (p->n - p->i < 4)
        return fail(p, p->i, MDS_EFORMAT, "truncated \\u escape"), -1;
    long v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval(p->s[p->i + (size_t)k]);
        if (h < 0)
            return fail(p, p->i + (size_t)k, MDS_EFORMAT, "bad hex digit in \\u escape"), -1;
        v = v * 16 + h;
    }
    p->i += 4;
    return v;
}

static size_t put_utf8(unsigned char *o, uint32_t c)
{
    if (c < 0x80) {
        o[0] = (unsigned char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (unsigned char)(0xC0 | c >> 6);
        o[1] = (unsigned char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (unsigned char)(0xE0 | c >> 12);
        o[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
        o[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | c >> 18);
    o[1] = (unsigned char)(0x80 | (c >> 12 & 0x3F));
    o[2] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
    o[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

/* Length of the valid UTF-8 sequence at s[0..n) (1 to 4), or 0 if it is not one. Rejects
 * overlong forms, surrogates and code points past U+10FFFF. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, cp = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, cp = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, cp = c & 0x07, min = 0x10000;
    else
        return 0;
    if (n < len)
        return 0;
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

/* A string at p->i (the opening quote) into a new buffer. */
static int parse_string(parser *p, char **out, size_t *out_len)
{
    size_t start = p->i++;
    /* Decoded text is never longer than the source: escapes shrink or keep size. */
    size_t end = p->i;
    while (end < p->n && p->s[end] != '"') {
        if (p->s[end] == '\\' && end + 1 < p->n)
            end++;
        end++;
    }
    if (end >= p->n)
        return fail(p, start, MDS_EFORMAT, "unterminated string");
    unsigned char *o = mds__malloc(end - p->i + 1);
    if (!o)
        return fail(p, start, MDS_ENOMEM, "out of memory");
    size_t k = 0;
    while (p->i < end) {
        unsigned char c = p->s[p->i];
        if (c == '\\') {
            size_t esc = p->i++;
            unsigned char e = p->s[p->i++];
            switch (e) {
            case '"': o[k++] = '"'; break;
            case '\\': o[k++] = '\\'; break;
            case '/': o[k++] = '/'; break;
            case 'b': o[k++] = '\b'; break;
            case 'f': o[k++] = '\f'; break;
            case 'n': o[k++] = '\n'; break;
            case 'r': o[k++] = '\r'; break;
            case 't': o[k++] = '\t'; break;
            case 'u': {
                long u = hex4(p);
                if (u < 0)
                    goto bad;
                uint32_t cp = (uint32_t)u;
                if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    fail(p, esc, MDS_EFORMAT, "lone low surrogate \\u%04lX", u);
                    goto bad;
                }
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (p->n - p->i < 2 || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u') {
                        fail(p, esc, MDS_EFORMAT, "high surrogate \\u%04lX without a low one",
                             u);
                        goto bad;
                    }
                    p->i += 2;
                    long lo = hex4(p);
                    if (lo < 0)
                        goto bad;
                    if (lo < 0xDC00 || lo > 0xDFFF) {
                        fail(p, esc, MDS_EFORMAT,
                             "high surrogate \\u%04lX followed by \\u%04lX, not a low one", u,
                             lo);
                        goto bad;
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
                }
                k += put_utf8(o + k, cp);
                break;
            }
            default:
                fail(p, esc, MDS_EFORMAT, "bad escape '\\%c'", e >= 0x20 && e < 0x7F ? e : '?');
                goto bad;
            }
        } else if (c < 0x20) {
            fail(p, p->i, MDS_EFORMAT, "control character 0x%02x in a string", c);
            goto bad;
        } else {
            size_t len = utf8_len(p->s + p->i, end - p->i);
            if (!len) {
                fail(p, p->i, MDS_EFORMAT, "invalid UTF-8 byte 0x%02x in a string", c);
                goto bad;
            }
            memcpy(o + k, p->s + p->i, len);
            k += len;
            p->i += len;
        }
    }
    p->i = end + 1;
    o[k] = '\0';
    *out = (char *)o;
    *out_len = k;
    return 1;
bad:
    mds__free(o);
    return 0;
}

static int parse_number(parser *p, double *out)
{
    size_t start = p->i, i = p->i;
    const unsigned char *s = p->s;
    if (i < p->n && s[i] == '-')
        i++;
    if (i < p->n && s[i] == '0') {
        i++;
    } else if (i < p->n && s[i] >= '1' && s[i] <= '9') {
        while (i < p->n && s[i] >= '0' && s[i] <= '9')
            i++;
    } else {
        return fail(p, i, MDS_EFORMAT, "bad number");
    }
    if (i < p->n && s[i] == '.') {
        i++;
        if (i >= p->n || s[i] < '0' || s[i] > '9')
            return fail(p, i, MDS_EFORMAT, "bad number: no digit after '.'");
        while (i < p->n && s[i] >= '0' && s[i] <= '9')
            i++;
    }
    if (i < p->n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < p->n && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i >= p->n || s[i] < '0' || s[i] > '9')
            return fail(p, i, MDS_EFORMAT, "bad number: no digit in the exponent");
        while (i < p->n && s[i] >= '0' && s[i] <= '9')
            i++;
    }
    /* strtod needs a terminated copy: the text need not be NUL-terminated. */
    char small[64], *buf = small;
    size_t len = i - start;
    if (len >= sizeof small && !(buf = mds__malloc(len + 1)))
        return fail(p, start, MDS_ENOMEM, "out of memory");
    memcpy(buf, s + start, len);
    buf[len] = '\0';
    *out = strtod(buf, NULL); /* overflow gives ±HUGE_VAL: still a number */
    if (buf != small)
        mds__free(buf);
    p->i = i;
    return 1;
}

static int literal(parser *p, const char *word)
{
    size_t len = strlen(word);
    if (p->n - p->i < len || memcmp(p->s + p->i, word, len) != 0)
        return fail(p, p->i, MDS_EFORMAT, p->n - p->i < len ? "truncated literal" : "unexpected character");
    p->i += len;
    return 1;
}

static mds__json *parse_value(parser *p, int depth);

/* Elements or members up to the closing bracket; p->i is past the opening one. */
static int parse_items(parser *p, mds__json *v, int depth, int object)
{
    char close = object ? '}' : ']';
    mds__json **tail = &v->child;
    skip_ws(p);
    if (p->i < p->n && p->s[p->i] == close) {
        p->i++;
        return 1;
    }
    for (;;) {
        char *key = NULL;
        size_t key_len = 0;
        skip_ws(p);
        if (object) {
            if (p->i >= p->n)
                return fail(p, p->i, MDS_EFORMAT, "truncated object");
            if (p->s[p->i] != '"')
                return fail(p, p->i, MDS_EFORMAT, "expected a member name in quotes");
            if (!parse_string(p, &key, &key_len))
                return 0;
            skip_ws(p);
            if (p->i >= p->n || p->s[p->i] != ':') {
                mds__free(key);
                return fail(p, p->i, MDS_EFORMAT,
                            p->i >= p->n ? "truncated object" : "expected ':'");
            }
            p->i++;
        }
        mds__json *item = parse_value(p, depth + 1);
        if (!item) {
            mds__free(key);
            return 0;
        }
        item->key = key;
        item->key_len = key_len;
        *tail = item;
        tail = &item->next;
        v->count++;
        skip_ws(p);
        if (p->i >= p->n)
            return fail(p, p->i, MDS_EFORMAT, object ? "truncated object" : "truncated array");
        if (p->s[p->i] == close) {
            p->i++;
            return 1;
        }
        if (p->s[p->i] != ',')
            return fail(p, p->i, MDS_EFORMAT, object ? "expected ',' or '}'" : "expected ',' or ']'");
        p->i++;
    }
}

static mds__json *parse_value(parser *p, int depth)
{
    skip_ws(p);
    if (depth > MDS__JSON_MAX_DEPTH) {
        fail(p, p->i, MDS_EFORMAT, "nested deeper than %d", MDS__JSON_MAX_DEPTH);
        return NULL;
    }
    if (p->i >= p->n) {
        fail(p, p->i, MDS_EFORMAT, "truncated: a value was expected");
        return NULL;
    }
    mds__json *v = mds__calloc(1, sizeof *v);
    if (!v) {
        fail(p, p->i, MDS_ENOMEM, "out of memory");
        return NULL;
    }
    v->offset = p->i;
    int ok;
    switch (p->s[p->i]) {
    case '{':
    case '[':
        v->type = p->s[p->i] == '{' ? MDS__JSON_OBJECT : MDS__JSON_ARRAY;
        p->i++;
        ok = parse_items(p, v, depth, v->type == MDS__JSON_OBJECT);
        break;
    case '"':
        v->type = MDS__JSON_STRING;
        ok = parse_string(p, &v->str, &v->len);
        break;
    case 't':
        v->type = MDS__JSON_TRUE;
        ok = literal(p, "true");
        break;
    case 'f':
        v->type = MDS__JSON_FALSE;
        ok = literal(p, "false");
        break;
    case 'n':
        v->type = MDS__JSON_NULL;
        ok = literal(p, "null");
        break;
    default:
        v->type = MDS__JSON_NUMBER;
        if ((p->s[p->i] >= '0' && p->s[p->i] <= '9') || p->s[p->i] == '-')
            ok = parse_number(p, &v->number);
        else
            ok = fail(p, p->i, MDS_EFORMAT, "unexpected character '%c'",
                      p->s[p->i] >= 0x20 && p->s[p->i] < 0x7F ? p->s[p->i] : '?');
    }
    if (!ok) {
        mds__json_free(v);
        return NULL;
    }
    return v;
}

mds_status mds__json_parse(const char *text, size_t size, mds__json **out, size_t *err_offset,
                           char *msg, size_t msg_size)
{
    parser p = {.s = (const unsigned char *)text, .n = size, .msg = msg, .msg_size = msg_size};
    *out = NULL;
    *err_offset = 0;
    if (msg && msg_size)
        msg[0] = '\0';
    mds__json *v = parse_value(&p, 0);
    if (v) {
        skip_ws(&p);
        if (p.i < p.n) {
            fail(&p, p.i, MDS_EFORMAT, "unexpected text after the value");
            mds__json_free(v);
            v = NULL;
        }
    }
    if (!v) {
        *err_offset = p.err_off;
        return p.st ? p.st : MDS_EINTERNAL;
    }
    *out = v;
    return MDS_OK;
}

void mds__json_free(mds__json *v)
{
    while (v) {
        mds__json *next = v->next;
        mds__json_free(v->child);
        mds__free(v->str);
        mds__free(v->key);
        mds__free(v);
        v = next;
    }
}

const mds__json *mds__json_get(const mds__json *obj, const char *key)
{
    if (!obj || obj->type != MDS__JSON_OBJECT)
        return NULL;
    const mds__json *found = NULL;
    size_t len = strlen(key);
    for (const mds__json *m = obj->child; m; m = m->next)
        if (m->key_len == len && memcmp(m->key, key, len) == 0)
            found = m;
    return found;
}
