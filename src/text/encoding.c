/* SPDX-License-Identifier: MIT */
/* Encodings: detection, conversion to UTF-8, and the map back to the original bytes. The
 * rules are in encoding.h. */
#include "util/alloc.h"
#include "text/encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"

enum { SNIFF_BYTES = 1024 };

/* Windows-1252 for 0x80-0x9F; 0 where it defines nothing (the byte stays a C1 control, which
 * ingest drops, as browsers keep it a control). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

uint32_t mds__cp1252_char(uint32_t c)
{
    if (c >= 0x80 && c <= 0x9F && cp1252_high[c - 0x80])
        return cp1252_high[c - 0x80];
    return c;
}


static int lower(int ch) { return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch; }
static int is_space(int ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}

/* ---- the map ----------------------------------------------------------------------------- */

/* A converter's output: the UTF-8 so far and its map. */
typedef struct conv {
    mds__buf out;
    mds__encmap map;
} conv;

/* Appends one character (ulen bytes of UTF-8) that stands for the slen original bytes at
 * src: it extends the last run when it continues it. */
static mds_status put_char(conv *c, const unsigned char *u, size_t ulen, uint64_t src,
                           size_t slen)
{
    mds__encmap *m = &c->map;
    uint64_t at = c->out.len;
    int extends = 0;
    if (m->n) {
        size_t k = m->n - 1;
        uint64_t count = (at - m->u8[k]) / m->u8len[k];
        extends = m->u8len[k] == ulen && m->srclen[k] == slen &&
                  m->u8[k] + count * ulen == at && m->src[k] + count * slen == src;
    }
    if (!extends) {
        size_t cap = m->cap;
        if (m->n == cap) {
            size_t want = cap ? cap * 2 : 64;
            uint64_t *a = mds__realloc(m->u8, want * sizeof *a);
            if (!a)
                return MDS_ENOMEM;
            m->u8 = a;
            uint64_t *s = mds__realloc(m->src, want * sizeof *s);
            if (!s)
                return MDS_ENOMEM;
            m->src = s;
            uint8_t *x = mds__realloc(m->u8len, want);
            if (!x)
                return MDS_ENOMEM;
            m->u8len = x;
            uint8_t *y = mds__realloc(m->srclen, want);
            if (!y)
                return MDS_ENOMEM;
            m->srclen = y;
            m->cap = want;
        }
        m->u8[m->n] = at;
        m->src[m->n] = src;
        m->u8len[m->n] = (uint8_t)ulen;
        m->srclen[m->n] = (uint8_t)slen;
        m->n++;
    }
    return mds__buf_append(&c->out, u, ulen);
}


static mds_status put_cp(conv *c, uint32_t cp, uint64_t src, size_t slen)
{
    unsigned char u[4];
    return put_char(c, u, mds__utf8_put(cp, u), src, slen);
}

static void map_free(mds__encmap *m)
{
    mds__free(m->u8);
    mds__free(m->src);
    mds__free(m->u8len);
    mds__free(m->srclen);
    memset(m, 0, sizeof *m);
}

/* Hands the conversion to out (data: the input, size its size). */
static mds_status finish(conv *c, size_t size, mds__decoded *out)
{
    if (mds__buf_reserve(&c->out, 1)) /* an empty text is a buffer too: NULL means in place */
        return MDS_ENOMEM;
    c->out.data[c->out.len] = '\0';
    c->map.u8_end = c->out.len;
    c->map.src_end = size;
    out->utf8 = (unsigned char *)mds__buf_steal(&c->out, &out->size);
    out->map = c->map;
    memset(&c->map, 0, sizeof c->map);
    return MDS_OK;
}

static void conv_free(conv *c)
{
    mds__buf_free(&c->out);
    map_free(&c->map);
}

/* The last run k of the n (n > 0) whose start a[k] is at most x; a[0] is 0 and a increases. */
static size_t last_run(const uint64_t *a, size_t n, uint64_t x)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] <= x)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

uint64_t mds__encmap_src(const mds__encmap *m, uint64_t u)
{
    if (!m->n || u >= m->u8_end)
        return m->src_end;
    size_t lo = last_run(m->u8, m->n, u);
    return m->src[lo] + (u - m->u8[lo]) / m->u8len[lo] * m->srclen[lo];
}

uint64_t mds__encmap_u8(const mds__encmap *m, uint64_t s)
{
    if (!m->n || s >= m->src_end)
        return m->u8_end;
    size_t lo = last_run(m->src, m->n, s);
    /* characters that stand for no bytes of their own (the second of two that iconv made
     * from one sequence) start where the first did: the first of them */
    while (lo > 0 && m->src[lo - 1] == m->src[lo] && m->srclen[lo - 1] == 0)
        lo--;
    if (!m->srclen[lo])
        return m->u8[lo];
    return m->u8[lo] + (s - m->src[lo]) / m->srclen[lo] * m->u8len[lo];
}

/* ---- decoders ---------------------------------------------------------------------------- */

static mds_status decode_1252(const unsigned char *d, size_t size, size_t from, conv *c)
{
    if (mds__buf_reserve(&c->out, size - from + 16))
        return MDS_ENOMEM;
    for (size_t i = from; i < size; i++)
        if (put_cp(c, mds__cp1252_char(d[i]), i, 1))
            return MDS_ENOMEM;
    return MDS_OK;
}

static mds_status decode_utf16(const unsigned char *d, size_t size, size_t from, int le,
                               conv *c, mds__ingest_error *err)
{
    const char *name = le ? "UTF-16LE" : "UTF-16BE";
    if (mds__buf_reserve(&c->out, (size - from) / 2 * 3 / 2 + 16))
        return MDS_ENOMEM;
    for (size_t i = from; i < size;) {
        if (size - i < 2) {
            mds__ingest_set_error(err, (int64_t)i,
                "%s text of an odd number of bytes: the last is half a "
                    "character", name);
            return MDS_EFORMAT;
        }
        uint32_t u = le ? d[i] | (uint32_t)d[i + 1] << 8 : (uint32_t)d[i] << 8 | d[i + 1];
        size_t len = 2;
        if (u >= 0xD800 && u <= 0xDBFF) {
            uint32_t v = 0;
            if (size - i >= 4)
                v = le ? d[i + 2] | (uint32_t)d[i + 3] << 8 : (uint32_t)d[i + 2] << 8 | d[i + 3];
            if (v < 0xDC00 || v > 0xDFFF) {
                mds__ingest_set_error(err, (int64_t)i,
                    "%s: a high surrogate 0x%04X without its low half",
                        name, (unsigned)u);
                return MDS_EFORMAT;
            }
            u = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
            len = 4;
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            mds__ingest_set_error(err, (int64_t)i,
                "%s: a low surrogate 0x%04X without its high half", name,
                    (unsigned)u);
            return MDS_EFORMAT;
        }
        if (put_cp(c, u, i, len))
            return MDS_ENOMEM;
        i += len;
    }
    return MDS_OK;
}

/* The characters of out[0, n) that iconv made from the slen bytes at src: the first stands
 * for them, the others for no bytes of their own. */
static mds_status put_made(conv *c, const unsigned char *o, size_t n, uint64_t src,
                           size_t slen)
{
    for (size_t k = 0; k < n;) {
        size_t len = mds__utf8_len(o + k, n - k);
        if (!len)
            return MDS_EINTERNAL; /* iconv writes valid UTF-8 */
        if (put_char(c, o + k, len, src, k ? 0 : slen))
            return MDS_ENOMEM;
        k += len;
    }
    return MDS_OK;
}

/* Through iconv, one character at a time (a byte more until iconv takes it), so that each
 * converted character knows its original bytes. Slow beside the decoders above (a call a
 * byte), and only for encodings that are neither UTF-8, UTF-16 nor Windows-1252. */
static mds_status decode_iconv(const unsigned char *d, size_t size, const char *name, conv *c,
                               mds__ingest_error *err)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1) {
        mds__ingest_set_error(err, -1, "'%s' is not an encoding iconv knows", name);
        return errno == ENOMEM ? MDS_ENOMEM : MDS_EINVAL;
    }
    mds_status st = mds__buf_reserve(&c->out, size + 16) ? MDS_ENOMEM : MDS_OK;
    size_t pos = 0, k = 1;
    while (!st && pos < size) {
        unsigned char o[64];
        char *in = (char *)(uintptr_t)(d + pos), *out = (char *)o;
        size_t inleft = k, outleft = sizeof o;
        size_t r = iconv(cd, &in, &inleft, &out, &outleft);
        int e = r == (size_t)-1 ? errno : 0;
        size_t used = k - inleft, made = sizeof o - outleft;
        if (used || made) {
            st = put_made(c, o, made, pos, used);
            pos += used;
            k = 1;
        } else if (e == EINVAL && pos + k < size && k < 16) {
            k++; /* a sequence begun: one byte more */
        } else {
            mds__ingest_set_error(err, (int64_t)pos,
                "byte 0x%02x starts no valid %s sequence%s", d[pos], name,
                    e == EINVAL ? " (cut short)" : "");
            st = MDS_EFORMAT;
        }
    }
    if (!st) { /* a stateful encoding's last shift back */
        unsigned char o[64];
        char *out = (char *)o;
        size_t outleft = sizeof o;
        if (iconv(cd, NULL, NULL, &out, &outleft) != (size_t)-1)
            st = put_made(c, o, sizeof o - outleft, size, 0);
    }
    iconv_close(cd);
    return st;
}

/* ---- names ------------------------------------------------------------------------------- */

enum { ENC_UTF8, ENC_UTF16, ENC_UTF16LE, ENC_UTF16BE, ENC_1252, ENC_ICONV };

/* Case and punctuation aside ("UTF-8", "utf8", "Windows_1252" are each one name). */
static int same_name(const char *a, const char *b)
{
    for (;;) {
        while (*a == '-' || *a == '_' || *a == ' ')
            a++;
        while (*b == '-' || *b == '_' || *b == ' ')
            b++;
        if (lower((unsigned char)*a) != lower((unsigned char)*b))
            return 0;
        if (!*a)
            return 1;
        a++, b++;
    }
}

static int any_of(const char *name, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (same_name(name, list[i]))
            return 1;
    return 0;
}

static const char *const utf8_names[] = {"utf8", "unicode-1-1-utf-8", "x-unicode20utf8", NULL};
/* WHATWG Encoding's labels of windows-1252 */
static const char *const latin1_labels[] = {
    "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "iso_8859-1:1987",
    "latin1", "l1", "iso-ir-100", "csisolatin1", "ibm819", "cp819", "us-ascii", "ascii",
    "ansi_x3.4-1968", "iso646-us", "iso88591", "iso_8859-1", NULL};
static const char *const utf16_labels[] = {"utf-16", "utf-16le", "utf-16be", "unicode",
                                           "ucs-2", "csunicode", "unicodefffe", NULL};

/* What a name given by the caller means: it says exactly which encoding (ISO-8859-1 is
 * Latin-1 there, its 0x80-0x9F controls; a declaration's label is read as browsers read it). */
static int named(const char *name)
{
    if (any_of(name, utf8_names))
        return ENC_UTF8;
    if (same_name(name, "utf16"))
        return ENC_UTF16;
    if (same_name(name, "utf16le"))
        return ENC_UTF16LE;
    if (same_name(name, "utf16be"))
        return ENC_UTF16BE;
    if (same_name(name, "windows1252") || same_name(name, "cp1252"))
        return ENC_1252;
    return ENC_ICONV;
}

int mds__encoding_known(const char *name)
{
    if (!name || !*name)
        return 0;
    if (named(name) != ENC_ICONV)
        return 1;
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return 0;
    iconv_close(cd);
    return 1;
}

/* ---- declarations ------------------------------------------------------------------------ */

/* The value of an attribute at d[*p] (after '='): quoted or bare; *p moves past it. */
static void attr_value(const unsigned char *d, size_t n, size_t *p, size_t *vs, size_t *ve)
{
    size_t j = *p;
    while (j < n && is_space(d[j]))
        j++;
    if (j < n && (d[j] == '"' || d[j] == '\'')) {
        unsigned char q = d[j++];
        *vs = j;
        while (j < n && d[j] != q)
            j++;
        *ve = j;
        *p = j < n ? j + 1 : j;
        return;
    }
    *vs = j;
    while (j < n && !is_space(d[j]) && d[j] != '>' && d[j] != '/')
        j++;
    *ve = *p = j;
}

static int word_at(const unsigned char *d, size_t n, size_t p, const char *w)
{
    size_t len = strlen(w);
    if (p > n || n - p < len)
        return 0;
    for (size_t k = 0; k < len; k++)
        if (lower(d[p + k]) != w[k])
            return 0;
    return 1;
}

/* "charset=NAME" inside d[s, e) (a content attribute): the name's bounds. */
static int charset_in(const unsigned char *d, size_t s, size_t e, size_t *vs, size_t *ve)
{
    for (size_t j = s; j + 7 <= e; j++) {
        if (!word_at(d, e, j, "charset"))
            continue;
        size_t k = j + 7;
        while (k < e && is_space(d[k]))
            k++;
        if (k >= e || d[k] != '=')
            continue;
        k++;
        while (k < e && is_space(d[k]))
            k++;
        if (k < e && (d[k] == '"' || d[k] == '\''))
            k++;
        *vs = k;
        while (k < e && !is_space(d[k]) && d[k] != ';' && d[k] != '"' && d[k] != '\'')
            k++;
        *ve = k;
        return *ve > *vs;
    }
    return 0;
}

static int copy_label(const unsigned char *d, size_t vs, size_t ve, char *name, size_t cap,
                      size_t *at)
{
    while (vs < ve && is_space(d[vs]))
        vs++;
    while (ve > vs && is_space(d[ve - 1]))
        ve--;
    if (ve == vs || !cap)
        return 0;
    size_t len = ve - vs < cap - 1 ? ve - vs : cap - 1;
    memcpy(name, d + vs, len);
    name[len] = '\0';
    if (at)
        *at = vs;
    return 1;
}

/* A <meta ...> tag at d[p] ("<meta" seen): its declared charset. */
static int meta_charset(const unsigned char *d, size_t n, size_t p, char *name, size_t cap,
                        size_t *at, size_t *next)
{
    size_t j = p + 5, cs = 0, ce = 0, ts = 0, te = 0;
    int http_ct = 0, has_cs = 0, has_content = 0;
    while (j < n && d[j] != '>') {
        if (is_space(d[j]) || d[j] == '/') {
            j++;
            continue;
        }
        size_t as = j;
        while (j < n && !is_space(d[j]) && d[j] != '=' && d[j] != '>')
            j++;
        size_t ae = j, vs = j, ve = j;
        while (j < n && is_space(d[j]))
            j++;
        if (j < n && d[j] == '=') {
            j++;
            attr_value(d, n, &j, &vs, &ve);
        }
        if (ae - as == 7 && word_at(d, ae, as, "charset") && !has_cs)
            cs = vs, ce = ve, has_cs = 1;
        else if (ae - as == 10 && word_at(d, ae, as, "http-equiv"))
            http_ct = ve - vs == 12 && word_at(d, ve, vs, "content-type");
        else if (ae - as == 7 && word_at(d, ae, as, "content"))
            ts = vs, te = ve, has_content = 1;
    }
    *next = j;
    if (has_cs)
        return copy_label(d, cs, ce, name, cap, at);
    size_t vs, ve;
    if (http_ct && has_content && charset_in(d, ts, te, &vs, &ve))
        return copy_label(d, vs, ve, name, cap, at);
    return 0;
}

int mds__encoding_sniff(const unsigned char *d, size_t size, char *name, size_t cap,
                        size_t *at)
{
    if (!d || !name || !cap)
        return 0;
    name[0] = '\0';
    size_t n = size < SNIFF_BYTES ? size : SNIFF_BYTES, p = 0;
    if (n >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
        p = 3;
    while (p < n && is_space(d[p]))
        p++;
    if (p >= n || d[p] != '<')
        return 0; /* not markup: a text that quotes a declaration declares nothing */
    if (word_at(d, n, p, "<?xml")) {
        size_t e = p + 5;
        while (e + 1 < n && !(d[e] == '?' && d[e + 1] == '>'))
            e++;
        for (size_t j = p + 5; j + 8 <= e; j++) {
            if (!word_at(d, e, j, "encoding"))
                continue;
            size_t k = j + 8, vs, ve;
            while (k < e && is_space(d[k]))
                k++;
            if (k >= e || d[k] != '=')
                break;
            k++;
            attr_value(d, e, &k, &vs, &ve);
            if (copy_label(d, vs, ve, name, cap, at))
                return 1;
            break;
        }
    }
    while (p < n) {
        if (d[p] != '<') { /* both tests below need a '<' at p: skip to the next one */
            const unsigned char *lt = memchr(d + p, '<', n - p);
            if (!lt)
                break;
            p = (size_t)(lt - d);
        }
        if (word_at(d, n, p, "<!--")) {
            size_t j = p + 4;
            while (j + 3 <= n && !(d[j] == '-' && d[j + 1] == '-' && d[j + 2] == '>'))
                j++;
            p = j + 3;
            continue;
        }
        if (word_at(d, n, p, "<meta") && p + 5 < n && (is_space(d[p + 5]) || d[p + 5] == '/')) {
            size_t next;
            if (meta_charset(d, n, p, name, cap, at, &next))
                return 1;
            p = next;
            continue;
        }
        p++;
    }
    return 0;
}

/* ---- the decision ------------------------------------------------------------------------ */

/* The first byte of data that starts no valid UTF-8 sequence, or size. */
static size_t utf8_invalid(const unsigned char *d, size_t size)
{
    for (size_t i = 0; i < size;) {
        uint64_t x;
        if (size - i >= 8 && (memcpy(&x, d + i, sizeof x), !(x & UINT64_C(0x8080808080808080)))) {
            i += 8; /* eight ASCII bytes */
            continue;
        }
        if (d[i] < 0x80) {
            i++;
            continue;
        }
        size_t len = mds__utf8_len(d + i, size - i);
        if (!len)
            return i;
        i += len;
    }
    return size;
}

static mds_status convert(const unsigned char *d, size_t size, int enc, const char *name,
                          size_t from, mds__decoded *out, mds__ingest_error *err)
{
    conv c = {0};
    mds_status st;
    switch (enc) {
    case ENC_1252:
        snprintf(out->name, sizeof out->name, "WINDOWS-1252");
        st = decode_1252(d, size, from, &c);
        break;
    case ENC_UTF16LE:
    case ENC_UTF16BE:
        snprintf(out->name, sizeof out->name, enc == ENC_UTF16LE ? "UTF-16LE" : "UTF-16BE");
        st = decode_utf16(d, size, from, enc == ENC_UTF16LE, &c, err);
        break;
    default:
        snprintf(out->name, sizeof out->name, "%s", name);
        st = decode_iconv(d, size, name, &c, err);
        break;
    }
    if (!st)
        st = finish(&c, size, out);
    conv_free(&c);
    if (st == MDS_ENOMEM)
        mds__ingest_set_error(err, -1, "out of memory");
    return st;
}

static mds_status read_named(const unsigned char *d, size_t size, const char *name,
                             mds__decoded *out, mds__ingest_error *err)
{
    int enc = named(name);
    int le = size >= 2 && d[0] == 0xFF && d[1] == 0xFE;
    int be = size >= 2 && d[0] == 0xFE && d[1] == 0xFF;
    switch (enc) {
    case ENC_UTF8:
        snprintf(out->name, sizeof out->name, "UTF-8");
        return MDS_OK; /* in place: ingest refuses what is not UTF-8 */
    case ENC_UTF16: /* the mark decides, else big-endian (RFC 2781, and iconv) */
        return convert(d, size, le ? ENC_UTF16LE : ENC_UTF16BE, name, le || be ? 2 : 0, out, err);
    case ENC_UTF16LE:
    case ENC_UTF16BE: /* a mark of the same order is a mark, not a character */
        return convert(d, size, enc, name, (enc == ENC_UTF16LE ? le : be) ? 2 : 0, out, err);
    default:
        return convert(d, size, enc, name, 0, out, err);
    }
}

mds_status mds__encoding_decode(const unsigned char *d, size_t size,
                                const mds__encoding_opts *opts, mds__decoded *out,
                                mds__ingest_error *err)
{
    if (err) {
        err->offset = -1;
        err->msg[0] = '\0';
    }
    if (!out || (!d && size))
        return MDS_EINVAL;
    memset(out, 0, sizeof *out);
    if (opts && opts->name)
        return read_named(d, size, opts->name, out, err);
    if (size >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF) {
        snprintf(out->name, sizeof out->name, "UTF-8");
        return MDS_OK;
    }
    if (size >= 2 && d[0] == 0xFF && d[1] == 0xFE)
        return convert(d, size, ENC_UTF16LE, NULL, 2, out, err);
    if (size >= 2 && d[0] == 0xFE && d[1] == 0xFF)
        return convert(d, size, ENC_UTF16BE, NULL, 2, out, err);
    char label[64];
    const char *declared = NULL;
    if (mds__encoding_sniff(d, size, label, sizeof label, NULL)) {
        if (any_of(label, latin1_labels))
            return convert(d, size, ENC_1252, NULL, 0, out, err);
        if (!any_of(label, utf8_names) && !any_of(label, utf16_labels)) {
            if (mds__encoding_known(label))
                return read_named(d, size, label, out, err);
            declared = label; /* unknown: as if undeclared */
        }
    }
    size_t bad = utf8_invalid(d, size);
    snprintf(out->name, sizeof out->name, "UTF-8");
    if (bad == size || (opts && opts->strict))
        return MDS_OK; /* in place; strict: ingest refuses at the first bad byte */
    mds_status st = convert(d, size, ENC_1252, NULL, 0, out, err);
    if (st)
        return st;
    out->guessed = 1;
    if (declared)
        snprintf(out->note, sizeof out->note, "declares '%.40s', an encoding not known, and is "
                 "not UTF-8 (byte %zu): read as Windows-1252", declared, bad);
    else
        snprintf(out->note, sizeof out->note, "not UTF-8 (byte %zu is 0x%02x) and no charset "
                 "declared: read as Windows-1252", bad, d[bad]);
    return MDS_OK;
}

void mds__decoded_free(mds__decoded *d)
{
    if (!d)
        return;
    mds__free(d->utf8);
    map_free(&d->map);
    d->utf8 = NULL;
    d->size = 0;
}

/* ---- remapping documents ----------------------------------------------------------------- */

/* One document's map rewritten into *out: every character of its text, from its converted
 * offset (the old map) to its original one, in one pass (both only grow along the text). */
static mds_status remap_doc(const mds__encmap *m, const mds__doc *doc, mds__docmap *out)
{
    const mds__docmap *old = &doc->map;
    *out = (mds__docmap){.end = mds__encmap_src(m, old->end)};
    if (!old->n)
        return MDS_OK;
    size_t cap = old->n + 16, n = 0;
    uint32_t *at = mds__malloc(cap * sizeof *at);
    uint64_t *src = mds__malloc(cap * sizeof *src);
    if (!at || !src)
        goto nomem;
    size_t run = 0, k = 0; /* the old map's run, the encoding map's run */
    for (size_t i = 0; i < doc->text_len;) {
        while (run + 1 < old->n && old->at[run + 1] <= i)
            run++;
        uint64_t u = old->src[run] + (i - old->at[run]);
        while (k + 1 < m->n && m->u8[k + 1] <= u)
            k++;
        uint64_t s = u >= m->u8_end || !m->n
                         ? m->src_end
                         : m->src[k] + (u - m->u8[k]) / m->u8len[k] * m->srclen[k];
        if (!n || s != src[n - 1] + (i - at[n - 1])) {
            if (n == cap) {
                cap *= 2;
                uint32_t *a = mds__realloc(at, cap * sizeof *at);
                if (!a)
                    goto nomem;
                at = a;
                uint64_t *b = mds__realloc(src, cap * sizeof *src);
                if (!b)
                    goto nomem;
                src = b;
            }
            at[n] = (uint32_t)i;
            src[n++] = s;
        }
        size_t len = mds__utf8_len((const unsigned char *)doc->text + i, doc->text_len - i);
        i += len ? len : 1;
    }
    if (n < cap) { /* made to measure, as ingest leaves them */
        uint32_t *a = mds__realloc(at, (n ? n : 1) * sizeof *at);
        if (!a)
            goto nomem;
        at = a;
        uint64_t *b = mds__realloc(src, (n ? n : 1) * sizeof *src);
        if (!b)
            goto nomem;
        src = b;
    }
    out->at = at;
    out->src = src;
    out->n = n;
    return MDS_OK;
nomem:
    mds__free(at);
    mds__free(src);
    return MDS_ENOMEM;
}

mds_status mds__encoding_remap(const mds__encmap *m, mds__doc *docs, size_t n)
{
    /* all or none: the new maps are made first, then swapped in */
    mds__docmap *made = n ? mds__calloc(n, sizeof *made) : NULL;
    if (n && !made)
        return MDS_ENOMEM;
    mds_status st = MDS_OK;
    size_t done = 0;
    for (; done < n && !st; done++)
        if ((st = remap_doc(m, &docs[done], &made[done])))
            break;
    for (size_t i = 0; i < n && i < done; i++) {
        mds__docmap *gone = st ? &made[i] : &docs[i].map;
        mds__free(gone->at);
        mds__free(gone->src);
        if (!st)
            docs[i].map = made[i];
    }
    mds__free(made);
    return st;
}
