/* SPDX-License-Identifier: MIT */
#include "util/alloc.h"
#include "embed/model.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <threads.h>
#include <unistr.h>
#include <xxhash.h>

#include "util/buf.h"
#include "text/features.h"

/* The layout is in docs/model-format.md; these numbers must agree with it. */
#define HEADER_SIZE 96
#define CHECKSUM_SIZE 8
#define MAX_FILE ((uint64_t)1 << 30)

enum df_encoding { DF_NONE = 0, DF_U16 = 1, DF_U32 = 2, DF_VARINT = 3 };

extern const unsigned char mds__model_default_data[];
extern const size_t mds__model_default_size;

static void set_msg(char *msg, size_t msg_size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_msg(char *msg, size_t msg_size, const char *fmt, ...)
{
    if (!msg || !msg_size)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, msg_size, fmt, ap);
    va_end(ap);
}

/* ---- little-endian access ------------------------------------------------------------------ */

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

static void wr32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void wr64(unsigned char *p, uint64_t v)
{
    wr32(p, (uint32_t)v);
    wr32(p + 4, (uint32_t)(v >> 32));
}

static float f32_of(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static uint32_t u32_of(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

/* ---- checks shared by the parser and the serializer ------------------------------------------ */

int mds__model_check_shape(uint32_t bucket_bits, uint32_t dim, char *msg, size_t msg_size)
{
    if (bucket_bits < MDS_MODEL_BUCKET_BITS_MIN || bucket_bits > MDS_MODEL_BUCKET_BITS_MAX) {
        set_msg(msg, msg_size, "bucket_bits %u out of range [%d, %d]", (unsigned)bucket_bits,
                MDS_MODEL_BUCKET_BITS_MIN, MDS_MODEL_BUCKET_BITS_MAX);
        return 0;
    }
    /* The largest dimension sizes each sentence's embedding (4 D bytes): a header that
     * claims more is refused here, before anything is allocated from it. */
    uint32_t max = 1u << bucket_bits < MDS_MODEL_DIMENSIONS_MAX ? 1u << bucket_bits
                                                                : MDS_MODEL_DIMENSIONS_MAX;
    if (dim < MDS_MODEL_DIMENSIONS_MIN || (dim & (dim - 1)) || dim > max) {
        set_msg(msg, msg_size, "dimensions %u is not a power of two in [%d, %u] (%s)",
                (unsigned)dim, MDS_MODEL_DIMENSIONS_MIN, (unsigned)max,
                max == MDS_MODEL_DIMENSIONS_MAX ? "the largest dimension" : "2^bucket_bits");
        return 0;
    }
    return 1;
}

static int check_params(uint32_t bucket_bits, uint32_t dim, const char *lang, float blend,
                        char *msg, size_t msg_size)
{
    if (!mds__model_check_shape(bucket_bits, dim, msg, msg_size))
        return 0;
    if (!mds__stemmer_name(lang)) {
        set_msg(msg, msg_size, "language \"%s\" unknown to libstemmer", lang);
        return 0;
    }
    if (!(blend >= 0.0f && blend <= 1.0f)) {
        set_msg(msg, msg_size, "idf_blend %g outside [0, 1]", (double)blend);
        return 0;
    }
    return 1;
}

mds_status mds__model_derive_idf(mds__model *m)
{
    mds__free(m->idf);
    m->idf = NULL;
    if (m->ndocs == 0 || !m->df)
        return MDS_OK;
    size_t buckets = (size_t)1 << m->bucket_bits;
    m->idf = mds__malloc(buckets * sizeof *m->idf);
    if (!m->idf)
        return MDS_ENOMEM;
    /* 2^18 buckets share a few thousand distinct counts, most of them small: one log per
     * small count (the same expression, so the same bits), which was most of a short run's
     * start-up (about 2 ms a process). */
    enum { MEMO = 4096 };
    float memo[MEMO];
    unsigned char have[MEMO] = {0};
    double n1 = (double)m->ndocs + 1.0;
    for (size_t b = 0; b < buckets; b++) {
        uint32_t df = m->df[b];
        if (df < MEMO && have[df]) {
            m->idf[b] = memo[df];
            continue;
        }
        float v = (float)(log(n1 / ((double)df + 1.0)) + 1.0);
        if (df < MEMO) {
            memo[df] = v;
            have[df] = 1;
        }
        m->idf[b] = v;
    }
    return MDS_OK;
}

/* ---- parsing ----------------------------------------------------------------------------------- */

typedef struct reader {
    const unsigned char *p;
    size_t left;
} reader;

/* A word list: u32 count, u32 byte length, then `count` strings, each ended by a NUL. */
static mds_status read_list(reader *r, const char *name, const unsigned char **bytes,
                            uint32_t *count, uint32_t *len, char *msg, size_t msg_size)
{
    if (r->left < 8) {
        set_msg(msg, msg_size, "truncated: %s list header needs 8 bytes, %zu left", name,
                r->left);
        return MDS_EMODEL;
    }
    *count = rd32(r->p);
    *len = rd32(r->p + 4);
    r->p += 8;
    r->left -= 8;
    if (*len > r->left) {
        set_msg(msg, msg_size, "truncated: %s list needs %u bytes, %zu left", name,
                (unsigned)*len, r->left);
        return MDS_EMODEL;
    }
    *bytes = r->p;
    r->p += *len;
    r->left -= *len;
    return MDS_OK;
}

static mds_status load_list(const unsigned char *b, uint32_t count, uint32_t len,
                            const char *name, mds__strset *set, char *msg, size_t msg_size)
{
    if (len > 0 && b[len - 1] != '\0') {
        set_msg(msg, msg_size, "%s list does not end with a NUL", name);
        return MDS_EMODEL;
    }
    uint32_t got = 0;
    for (uint32_t i = 0; i < len;) {
        const unsigned char *e = memchr(b + i, '\0', len - i);
        size_t n = (size_t)(e - (b + i));
        if (n == 0) {
            set_msg(msg, msg_size, "%s list entry %u is empty", name, (unsigned)got);
            return MDS_EMODEL;
        }
        if (u8_check(b + i, n)) {
            set_msg(msg, msg_size, "%s list entry %u is not UTF-8", name, (unsigned)got);
            return MDS_EMODEL;
        }
        mds_status st = mds__strset_add(set, (const char *)b + i, n);
        if (st)
            return st;
        got++;
        i += (uint32_t)n + 1;
    }
    if (got != count) {
        set_msg(msg, msg_size, "%s list holds %u entries, its header says %u", name,
                (unsigned)got, (unsigned)count);
        return MDS_EMODEL;
    }
    return MDS_OK;
}

static mds_status df_over(uint64_t v, size_t i, uint64_t ndocs, char *msg, size_t msg_size)
{
    set_msg(msg, msg_size, "df[%zu] = %llu exceeds the document count %llu", i,
            (unsigned long long)v, (unsigned long long)ndocs);
    return MDS_EMODEL;
}

/* A varint of more than one byte at b[*pos], the bucket i's. */
static mds_status long_varint(const unsigned char *b, uint64_t nbytes, size_t *pos, size_t i,
                              uint64_t *out, char *msg, size_t msg_size)
{
    uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
        if (*pos >= nbytes) {
            set_msg(msg, msg_size, "df table: varint %zu runs past the table", i);
            return MDS_EMODEL;
        }
        unsigned char c = b[(*pos)++];
        if (shift == 28 && (c & 0x70)) {
            set_msg(msg, msg_size, "df table: varint %zu exceeds 32 bits", i);
            return MDS_EMODEL;
        }
        v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80))
            break;
        if (shift == 28) {
            set_msg(msg, msg_size, "df table: varint %zu longer than 5 bytes", i);
            return MDS_EMODEL;
        }
    }
    *out = v;
    return MDS_OK;
}

/* One loop per encoding (the model loads in every process: 262,144 buckets). */
static mds_status decode_df(const unsigned char *b, uint64_t nbytes, uint32_t enc,
                            size_t buckets, uint64_t ndocs, uint32_t *df, char *msg,
                            size_t msg_size)
{
    if (enc == DF_U16 || enc == DF_U32) {
        for (size_t i = 0; i < buckets; i++) {
            uint64_t v = enc == DF_U16 ? (uint64_t)b[2 * i] | (uint64_t)b[2 * i + 1] << 8
                                       : rd32(b + 4 * i);
            if (v > ndocs)
                return df_over(v, i, ndocs, msg, msg_size);
            df[i] = (uint32_t)v;
        }
        return MDS_OK;
    }
    size_t pos = 0;
    for (size_t i = 0; i < buckets; i++) {
        uint64_t v;
        if (pos < nbytes && b[pos] < 0x80) {
            v = b[pos++]; /* one byte: most buckets' counts (under 128) */
        } else {
            mds_status st = long_varint(b, nbytes, &pos, i, &v, msg, msg_size);
            if (st)
                return st;
        }
        if (v > ndocs)
            return df_over(v, i, ndocs, msg, msg_size);
        df[i] = (uint32_t)v;
    }
    if (pos != nbytes) {
        set_msg(msg, msg_size, "df table: %llu bytes left over after %zu varints",
                (unsigned long long)(nbytes - pos), buckets);
        return MDS_EMODEL;
    }
    return MDS_OK;
}

mds_status mds__model_parse(const void *data, size_t size, mds__model *out, char *msg,
                            size_t msg_size)
{
    mds_status st = MDS_EMODEL;
    const unsigned char *d = data;
    mds__model m;
    memset(&m, 0, sizeof m);
    mds__strset_init(&m.stopwords);
    mds__strset_init(&m.abbrevs);
    mds__strset_init(&m.phrases);
    memset(out, 0, sizeof *out);
    set_msg(msg, msg_size, "ok");

    if (!d || size < 8 || memcmp(d, MDS__MODEL_MAGIC, 8) != 0) {
        set_msg(msg, msg_size, "not an mds model (bad magic)");
        goto fail;
    }
    if (size < 16) {
        set_msg(msg, msg_size, "truncated: header needs %d bytes, %zu given", HEADER_SIZE,
                size);
        goto fail;
    }
    uint32_t version = rd32(d + 8), header_size = rd32(d + 12);
    if (version != MDS__MODEL_VERSION) {
        set_msg(msg, msg_size, "unsupported model version %u (this build reads %d)",
                (unsigned)version, MDS__MODEL_VERSION);
        goto fail;
    }
    if (header_size != HEADER_SIZE) {
        set_msg(msg, msg_size, "header size %u, version %d has %d", (unsigned)header_size,
                MDS__MODEL_VERSION, HEADER_SIZE);
        goto fail;
    }
    if (size < HEADER_SIZE) {
        set_msg(msg, msg_size, "truncated: header needs %d bytes, %zu given", HEADER_SIZE,
                size);
        goto fail;
    }

    /* First the structure: where every section lies, without trusting what is in it. */
    reader r = {d + HEADER_SIZE, size - HEADER_SIZE};
    uint64_t df_bytes = rd64(d + 88);
    if (df_bytes > r.left) {
        set_msg(msg, msg_size, "truncated: df table needs %llu bytes, %zu left",
                (unsigned long long)df_bytes, r.left);
        goto fail;
    }
    const unsigned char *df_data = r.p;
    r.p += df_bytes;
    r.left -= (size_t)df_bytes;
    static const char *const list_names[3] = {"stopword", "abbreviation", "phrase"};
    const unsigned char *lb[3];
    uint32_t lcount[3], llen[3];
    for (int i = 0; i < 3; i++)
        if ((st = read_list(&r, list_names[i], &lb[i], &lcount[i], &llen[i], msg, msg_size)))
            goto fail;
    st = MDS_EMODEL;
    if (r.left < CHECKSUM_SIZE) {
        set_msg(msg, msg_size, "truncated: checksum needs %d bytes, %zu left", CHECKSUM_SIZE,
                r.left);
        goto fail;
    }
    if (r.left > CHECKSUM_SIZE) {
        set_msg(msg, msg_size, "%zu unexpected bytes after the last section",
                r.left - CHECKSUM_SIZE);
        goto fail;
    }
    uint64_t said = rd64(r.p), got = XXH64(d, size - CHECKSUM_SIZE, 0);
    if (said != got) {
        set_msg(msg, msg_size, "checksum mismatch (file says 0x%016llx, data gives 0x%016llx)",
                (unsigned long long)said, (unsigned long long)got);
        goto fail;
    }

    /* Then the values. */
    m.version = version;
    if (d[16 + 31] != '\0') {
        set_msg(msg, msg_size, "language name is not NUL-terminated");
        goto fail;
    }
    memcpy(m.lang, d + 16, 32);
    for (size_t i = strlen(m.lang); i < 32; i++)
        if (m.lang[i]) {
            set_msg(msg, msg_size, "language field has bytes after its NUL");
            goto fail;
        }
    m.seed = rd64(d + 48);
    m.bucket_bits = rd32(d + 56);
    m.dim = rd32(d + 60);
    uint32_t flags = rd32(d + 64);
    m.idf_blend = f32_of(rd32(d + 68));
    m.ndocs = rd64(d + 72);
    uint32_t enc = rd32(d + 80), reserved = rd32(d + 84);
    if (!check_params(m.bucket_bits, m.dim, m.lang, m.idf_blend, msg, msg_size))
        goto fail;
    /* Keep the canonical spelling ("en" in a file becomes "english"). */
    snprintf(m.lang, sizeof m.lang, "%s", mds__stemmer_name(m.lang));
    if (flags & ~1u) {
        set_msg(msg, msg_size, "unknown flags 0x%x", (unsigned)(flags & ~1u));
        goto fail;
    }
    m.bigrams = flags & 1u;
    if (reserved) {
        set_msg(msg, msg_size, "reserved header field is %u, not 0", (unsigned)reserved);
        goto fail;
    }

    size_t buckets = (size_t)1 << m.bucket_bits;
    uint64_t want_lo, want_hi;
    switch (enc) {
    case DF_NONE: want_lo = want_hi = 0; break;
    case DF_U16: want_lo = want_hi = 2 * (uint64_t)buckets; break;
    case DF_U32: want_lo = want_hi = 4 * (uint64_t)buckets; break;
    case DF_VARINT: want_lo = buckets, want_hi = 5 * (uint64_t)buckets; break;
    default:
        set_msg(msg, msg_size, "unknown df encoding %u", (unsigned)enc);
        goto fail;
    }
    if ((enc == DF_NONE) != (m.ndocs == 0)) {
        set_msg(msg, msg_size, "df encoding %u does not fit a document count of %llu",
                (unsigned)enc, (unsigned long long)m.ndocs);
        goto fail;
    }
    if (m.ndocs > UINT32_MAX) {
        set_msg(msg, msg_size, "document count %llu exceeds 2^32 - 1",
                (unsigned long long)m.ndocs);
        goto fail;
    }
    if (df_bytes < want_lo || df_bytes > want_hi) {
        set_msg(msg, msg_size, "df table is %llu bytes; encoding %u over %zu buckets needs %llu",
                (unsigned long long)df_bytes, (unsigned)enc, buckets,
                (unsigned long long)want_lo);
        goto fail;
    }
    if (enc != DF_NONE) {
        m.df = mds__malloc(buckets * sizeof *m.df);
        if (!m.df) {
            st = MDS_ENOMEM;
            goto fail;
        }
        if ((st = decode_df(df_data, df_bytes, enc, buckets, m.ndocs, m.df, msg, msg_size)))
            goto fail;
        if ((st = mds__model_derive_idf(&m)))
            goto fail;
    }
    mds__strset *sets[3] = {&m.stopwords, &m.abbrevs, &m.phrases};
    for (int i = 0; i < 3; i++)
        if ((st = load_list(lb[i], lcount[i], llen[i], list_names[i], sets[i], msg, msg_size)))
            goto fail;

    *out = m;
    set_msg(msg, msg_size, "ok");
    return MDS_OK;

fail:
    if (st == MDS_ENOMEM)
        set_msg(msg, msg_size, "out of memory reading the model");
    mds__model_free(&m);
    return st;
}

/* ---- files ------------------------------------------------------------------------------------- */

mds_status mds__model_load(const char *path, mds__model *out, char *msg, size_t msg_size)
{
    mds_status st;
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        set_msg(msg, msg_size, "%s", strerror(e));
        return e == ENOENT ? MDS_ENOENT : MDS_EIO;
    }
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0) {
        set_msg(msg, msg_size, "%s", strerror(errno));
        st = MDS_EIO;
        goto fail_file;
    }
    if (!S_ISREG(sb.st_mode)) {
        set_msg(msg, msg_size, "not a regular file");
        st = MDS_EIO;
        goto fail_file;
    }
    if ((uint64_t)sb.st_size > MAX_FILE) {
        set_msg(msg, msg_size, "%lld bytes is too large for a model (limit 1 GiB)",
                (long long)sb.st_size);
        st = MDS_EMODEL;
        goto fail_file;
    }
    size_t size = (size_t)sb.st_size;
    unsigned char *data = mds__malloc(size ? size : 1);
    if (!data) {
        set_msg(msg, msg_size, "out of memory");
        st = MDS_ENOMEM;
        goto fail_file;
    }
    size_t got = fread(data, 1, size, f);
    if (got != size || ferror(f)) {
        set_msg(msg, msg_size, "%s", ferror(f) ? strerror(errno) : "file shrank while being read");
        st = MDS_EIO;
        goto fail_data;
    }
    fclose(f);
    st = mds__model_parse(data, size, out, msg, msg_size);
    mds__free(data);
    return st;

fail_data:
    mds__free(data);
fail_file:
    fclose(f);
    return st;
}

static mds__model default_model;
static mds_status default_status;
static char default_msg[200];
static int default_done; /* parsed, or failed for a reason other than memory */
static mtx_t default_lock;
static int default_lock_ok;
static once_flag default_once = ONCE_FLAG_INIT;

static void init_default_lock(void)
{
    default_lock_ok = mtx_init(&default_lock, mtx_plain) == thrd_success;
}

static void parse_default(void)
{
    if (mds__model_default_size == 0) {
        default_status = MDS_EMODEL;
        snprintf(default_msg, sizeof default_msg, "no default model was built in");
        return;
    }
    char inner[160];
    default_status = mds__model_parse(mds__model_default_data, mds__model_default_size,
                                      &default_model, inner, sizeof inner);
    if (default_status)
        snprintf(default_msg, sizeof default_msg, "built-in model: %s", inner);
}

mds_status mds__model_default(const mds__model **out, char *msg, size_t msg_size)
{
    /* Parsed once, under a lock rather than call_once: a parse that ran out of memory is
     * tried again by the next caller instead of leaving the process without a model. */
    call_once(&default_once, init_default_lock);
    if (!default_lock_ok) {
        *out = NULL;
        set_msg(msg, msg_size, "built-in model: cannot create a lock");
        return MDS_EINTERNAL;
    }
    mtx_lock(&default_lock);
    if (!default_done) {
        parse_default();
        default_done = default_status != MDS_ENOMEM;
    }
    mds_status st = default_status;
    mtx_unlock(&default_lock);
    if (st) {
        *out = NULL;
        set_msg(msg, msg_size, "%s", default_msg);
        return st;
    }
    *out = &default_model;
    return MDS_OK;
}

/* ---- writing ----------------------------------------------------------------------------------- */

static size_t varint_len(uint32_t v)
{
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        n++;
    }
    return n;
}

static mds_status put_list(mds__buf *b, const mds__strset *s)
{
    mds_status st;
    unsigned char hdr[8];
    size_t bytes = 0;
    for (size_t i = 0; i < s->count; i++)
        bytes += strlen(s->items[i]) + 1;
    if (s->count > UINT32_MAX || bytes > UINT32_MAX)
        return MDS_EMODEL;
    wr32(hdr, (uint32_t)s->count);
    wr32(hdr + 4, (uint32_t)bytes);
    if ((st = mds__buf_append(b, hdr, 8)))
        return st;
    for (size_t i = 0; i < s->count; i++)
        if ((st = mds__buf_append(b, s->items[i], strlen(s->items[i]) + 1)))
            return st;
    return MDS_OK;
}

mds_status mds__model_serialize(const mds__model *m, char **out, size_t *size)
{
    mds_status st;
    mds__buf b = {0};
    *out = NULL;
    *size = 0;
    if (memchr(m->lang, '\0', sizeof m->lang) == NULL ||
        !check_params(m->bucket_bits, m->dim, m->lang, m->idf_blend, NULL, 0))
        return MDS_EMODEL;
    int has_table = m->ndocs > 0;
    if (has_table && (!m->df || m->ndocs > UINT32_MAX))
        return MDS_EMODEL;
    size_t buckets = (size_t)1 << m->bucket_bits;

    /* The smallest exact encoding: u16 when every count fits, else varint or u32. */
    uint32_t enc = DF_NONE;
    uint64_t df_bytes = 0;
    if (has_table) {
        uint32_t max = 0;
        uint64_t vbytes = 0;
        for (size_t i = 0; i < buckets; i++) {
            if (m->df[i] > m->ndocs)
                return MDS_EMODEL;
            if (m->df[i] > max)
                max = m->df[i];
            vbytes += varint_len(m->df[i]);
        }
        enc = DF_U32;
        df_bytes = 4 * (uint64_t)buckets;
        if (max <= 0xffff) {
            enc = DF_U16;
            df_bytes = 2 * (uint64_t)buckets;
        }
        if (vbytes < df_bytes) {
            enc = DF_VARINT;
            df_bytes = vbytes;
        }
    }

    unsigned char h[HEADER_SIZE];
    memset(h, 0, sizeof h);
    memcpy(h, MDS__MODEL_MAGIC, 8);
    wr32(h + 8, MDS__MODEL_VERSION);
    wr32(h + 12, HEADER_SIZE);
    memcpy(h + 16, m->lang, strlen(m->lang));
    wr64(h + 48, m->seed);
    wr32(h + 56, m->bucket_bits);
    wr32(h + 60, m->dim);
    wr32(h + 64, m->bigrams ? 1u : 0u);
    wr32(h + 68, u32_of(m->idf_blend));
    wr64(h + 72, m->ndocs);
    wr32(h + 80, enc);
    wr32(h + 84, 0);
    wr64(h + 88, df_bytes);
    if ((st = mds__buf_reserve(&b, HEADER_SIZE + (size_t)df_bytes + 64)))
        goto fail;
    if ((st = mds__buf_append(&b, h, sizeof h)))
        goto fail;
    for (size_t i = 0; enc != DF_NONE && i < buckets; i++) {
        unsigned char v[5];
        size_t n = 0;
        uint32_t x = m->df[i];
        if (enc == DF_U16) {
            v[0] = (unsigned char)x;
            v[1] = (unsigned char)(x >> 8);
            n = 2;
        } else if (enc == DF_U32) {
            wr32(v, x);
            n = 4;
        } else {
            while (x >= 0x80) {
                v[n++] = (unsigned char)(x | 0x80);
                x >>= 7;
            }
            v[n++] = (unsigned char)x;
        }
        if ((st = mds__buf_append(&b, v, n)))
            goto fail;
    }
    if ((st = put_list(&b, &m->stopwords)) || (st = put_list(&b, &m->abbrevs)) ||
        (st = put_list(&b, &m->phrases)))
        goto fail;
    unsigned char sum[8];
    wr64(sum, XXH64(b.data, b.len, 0));
    if ((st = mds__buf_append(&b, sum, sizeof sum)))
        goto fail;
    *out = mds__buf_steal(&b, size);
    return MDS_OK;

fail:
    mds__buf_free(&b);
    return st;
}

void mds__model_free(mds__model *m)
{
    if (!m)
        return;
    mds__free(m->df);
    mds__free(m->idf);
    mds__strset_free(&m->stopwords);
    mds__strset_free(&m->abbrevs);
    mds__strset_free(&m->phrases);
    memset(m, 0, sizeof *m);
}
