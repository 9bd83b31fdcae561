/* SPDX-License-Identifier: MIT */
/* Tests for src/embed/model.c: the binary format round trip, corruption, files, idf. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "embed/model.h"
#include "testutil.h"

static void add_words(mds__strset *s, const char *const *w)
{
    for (; *w; w++)
        CU_ASSERT_EQUAL_FATAL(mds__strset_add(s, *w, strlen(*w)), MDS_OK);
}

/* A small model: bucket_bits 10, D 64, df counts of the given size. */
static void build(mds__model *m, uint64_t ndocs, uint32_t max_df)
{
    memset(m, 0, sizeof *m);
    m->version = MDS__MODEL_VERSION;
    strcpy(m->lang, "english");
    m->seed = 0x0123456789abcdefULL;
    m->bucket_bits = 10;
    m->dim = 64;
    m->bigrams = 1;
    m->idf_blend = 0.25f;
    m->ndocs = ndocs;
    if (ndocs) {
        m->df = calloc((size_t)1 << m->bucket_bits, sizeof *m->df);
        CU_ASSERT_FATAL(m->df != NULL);
        for (size_t b = 0; b < ((size_t)1 << m->bucket_bits); b++)
            m->df[b] = (uint32_t)((b * 2654435761u) % ((uint64_t)max_df + 1));
    }
    static const char *const stop[] = {"the", "of", "don't", "\xC3\xA9t\xC3\xA9", NULL};
    static const char *const abbr[] = {"dr", "mr", "u.s", "e.g", NULL};
    static const char *const phr[] = {"click here to subscribe", "all rights reserved", NULL};
    add_words(&m->stopwords, stop);
    add_words(&m->abbrevs, abbr);
    add_words(&m->phrases, phr);
}

static void same_set(const mds__strset *a, const mds__strset *b)
{
    CU_ASSERT_EQUAL_FATAL(a->count, b->count);
    for (size_t i = 0; i < a->count; i++) {
        CU_ASSERT_STRING_EQUAL(a->items[i], b->items[i]);
        CU_ASSERT(mds__strset_has(b, a->items[i], strlen(a->items[i])));
    }
}

static void same_model(const mds__model *a, const mds__model *b)
{
    CU_ASSERT_EQUAL(b->version, MDS__MODEL_VERSION);
    CU_ASSERT_STRING_EQUAL(a->lang, b->lang);
    CU_ASSERT_EQUAL(a->seed, b->seed);
    CU_ASSERT_EQUAL(a->bucket_bits, b->bucket_bits);
    CU_ASSERT_EQUAL(a->dim, b->dim);
    CU_ASSERT_EQUAL(a->bigrams, b->bigrams);
    CU_ASSERT_EQUAL(a->idf_blend, b->idf_blend);
    CU_ASSERT_EQUAL(a->ndocs, b->ndocs);
    if (a->ndocs) {
        CU_ASSERT_FATAL(b->df != NULL && b->idf != NULL);
        CU_ASSERT_EQUAL(memcmp(a->df, b->df, sizeof *a->df << a->bucket_bits), 0);
    } else {
        CU_ASSERT_PTR_NULL(b->df);
        CU_ASSERT_PTR_NULL(b->idf);
    }
    same_set(&a->stopwords, &b->stopwords);
    same_set(&a->abbrevs, &b->abbrevs);
    same_set(&a->phrases, &b->phrases);
}

static void roundtrip(uint64_t ndocs, uint32_t max_df)
{
    mds__model m, p;
    char *data;
    size_t size;
    char msg[256];
    build(&m, ndocs, max_df);
    CU_ASSERT_EQUAL_FATAL(mds__model_serialize(&m, &data, &size), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds__model_parse(data, size, &p, msg, sizeof msg), MDS_OK);
    same_model(&m, &p);
    /* Serializing the parsed model gives the same bytes. */
    char *again;
    size_t size2;
    CU_ASSERT_EQUAL_FATAL(mds__model_serialize(&p, &again, &size2), MDS_OK);
    CU_ASSERT_EQUAL(size, size2);
    CU_ASSERT_EQUAL(memcmp(data, again, size), 0);
    free(again);
    free(data);
    mds__model_free(&p);
    mds__model_free(&m);
}

static void test_roundtrip(void)
{
    roundtrip(0, 0);              /* no table */
    roundtrip(5, 5);              /* small counts: varint */
    roundtrip(60000, 60000);      /* u16 */
    roundtrip(4000000, 4000000);  /* u32 or varint */
    roundtrip(UINT32_MAX, 0xffffffffu);
}

static void test_header_bytes(void)
{
    /* A few fixed offsets of docs/model-format.md, checked on real bytes. */
    mds__model m;
    char *d;
    size_t size;
    build(&m, 5, 5);
    CU_ASSERT_EQUAL_FATAL(mds__model_serialize(&m, &d, &size), MDS_OK);
    const unsigned char *u = (const unsigned char *)d;
    CU_ASSERT_EQUAL(memcmp(u, "MDSMODEL", 8), 0);
    CU_ASSERT_EQUAL(u[8], 1);           /* version, little-endian */
    CU_ASSERT_EQUAL(u[12], 96);         /* header size */
    CU_ASSERT_STRING_EQUAL(d + 16, "english");
    CU_ASSERT_EQUAL(u[48], 0xef);       /* seed, low byte first */
    CU_ASSERT_EQUAL(u[56], 10);         /* bucket_bits */
    CU_ASSERT_EQUAL(u[60], 64);         /* dim */
    CU_ASSERT_EQUAL(u[64], 1);          /* flags: bigrams */
    float blend;
    memcpy(&blend, u + 68, 4);
    CU_ASSERT_EQUAL(blend, 0.25f);
    CU_ASSERT_EQUAL(u[72], 5);          /* ndocs */
    CU_ASSERT_EQUAL(u[80], 3);          /* df encoding: varint */
    uint64_t sum = 0;
    for (int i = 7; i >= 0; i--)
        sum = sum << 8 | u[size - 8 + (size_t)i];
    CU_ASSERT_EQUAL(sum, XXH64(d, size - 8, 0));
    free(d);
    mds__model_free(&m);
}

static void test_idf(void)
{
    mds__model m, p;
    char *d;
    size_t size;
    char msg[256];
    build(&m, 9, 9);
    CU_ASSERT_EQUAL_FATAL(mds__model_serialize(&m, &d, &size), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds__model_parse(d, size, &p, msg, sizeof msg), MDS_OK);
    for (size_t b = 0; b < ((size_t)1 << p.bucket_bits); b++)
        CU_ASSERT_DOUBLE_EQUAL(p.idf[b], log(10.0 / (p.df[b] + 1.0)) + 1.0, 1e-5);
    /* A bucket in every document has idf 1, one in none ln(n + 1) + 1. */
    p.df[0] = 9;
    p.df[1] = 0;
    CU_ASSERT_EQUAL(mds__model_derive_idf(&p), MDS_OK);
    CU_ASSERT_DOUBLE_EQUAL(p.idf[0], 1.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(p.idf[1], log(10.0) + 1.0, 1e-5);
    /* Counts repeated, small and past the memo of small counts (4096), first seen in any
     * order: every bucket the bits of its own expression. */
    p.ndocs = 5000000;
    size_t nb = (size_t)1 << p.bucket_bits;
    for (size_t b = 0; b < nb; b++)
        p.df[b] = (uint32_t)(b % 7 == 0 ? 4095 + b % 3 : (b * 2654435761u) % 9000);
    CU_ASSERT_EQUAL(mds__model_derive_idf(&p), MDS_OK);
    size_t same = 0;
    for (size_t b = 0; b < nb; b++)
        same += p.idf[b] == (float)(log(5000001.0 / ((double)p.df[b] + 1.0)) + 1.0);
    CU_ASSERT_EQUAL(same, nb);
    free(d);
    mds__model_free(&p);
    mds__model_free(&m);
}

/* Serializes build(ndocs), hands the image to a test. */
static char *image(uint64_t ndocs, size_t *size)
{
    mds__model m;
    char *d = NULL;
    build(&m, ndocs, (uint32_t)ndocs);
    CU_ASSERT_EQUAL(mds__model_serialize(&m, &d, size), MDS_OK);
    mds__model_free(&m);
    return d;
}

static void reseal(char *d, size_t size)
{
    uint64_t sum = XXH64(d, size - 8, 0);
    for (int i = 0; i < 8; i++)
        d[size - 8 + (size_t)i] = (char)(sum >> (8 * i));
}

static void test_truncations(void)
{
    uint64_t counts[] = {0, 20, 70000};
    for (size_t c = 0; c < 3; c++) {
        size_t size;
        char *d = image(counts[c], &size);
        CU_ASSERT_FATAL(d != NULL);
        for (size_t len = 0; len < size; len++) {
            /* An exact-size copy, so ASan sees any read past the end. */
            char *cut = malloc(len ? len : 1);
            memcpy(cut, d, len);
            mds__model p;
            char msg[256] = "";
            CU_ASSERT_EQUAL(mds__model_parse(cut, len, &p, msg, sizeof msg), MDS_EMODEL);
            CU_ASSERT(msg[0] != '\0');
            CU_ASSERT_PTR_NULL(p.df);
            free(cut);
        }
        free(d);
    }
    /* One specific message. */
    size_t size;
    char *d = image(20, &size);
    char msg[256];
    mds__model p;
    CU_ASSERT_EQUAL(mds__model_parse(d, 100, &p, msg, sizeof msg), MDS_EMODEL);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "truncated: df table needs"));
    /* Trailing garbage. */
    char *longer = malloc(size + 3);
    memcpy(longer, d, size);
    memset(longer + size, 0, 3);
    CU_ASSERT_EQUAL(mds__model_parse(longer, size + 3, &p, msg, sizeof msg), MDS_EMODEL);
    free(longer);
    free(d);
}

static void test_bit_flips(void)
{
    size_t size;
    char *d = image(300, &size);
    CU_ASSERT_FATAL(d != NULL);
    char *copy = malloc(size);
    srand(12345);
    for (int k = 0; k < 200; k++) {
        memcpy(copy, d, size);
        size_t bit = (size_t)rand() % (size * 8);
        copy[bit / 8] ^= (char)(1u << (bit % 8));
        mds__model p;
        char msg[256];
        CU_ASSERT_EQUAL(mds__model_parse(copy, size, &p, msg, sizeof msg), MDS_EMODEL);
    }
    /* A flip in the body is caught by the checksum, and the message says so. */
    memcpy(copy, d, size);
    copy[96 + 10] ^= 0x10; /* inside the df table */
    mds__model p;
    char msg[256];
    CU_ASSERT_EQUAL(mds__model_parse(copy, size, &p, msg, sizeof msg), MDS_EMODEL);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "checksum mismatch (file says 0x"));
    free(copy);
    free(d);
}

static void test_header_checks(void)
{
    size_t size;
    char *d = image(20, &size);
    char *c = malloc(size);
    char msg[256];
    mds__model p;

    memcpy(c, d, size);
    c[0] = 'X';
    CU_ASSERT_EQUAL(mds__model_parse(c, size, &p, msg, sizeof msg), MDS_EMODEL);
    CU_ASSERT_STRING_EQUAL(msg, "not an mds model (bad magic)");

    /* A future version, checksum made right so that the version is what fails. */
    memcpy(c, d, size);
    c[8] = 7;
    reseal(c, size);
    CU_ASSERT_EQUAL(mds__model_parse(c, size, &p, msg, sizeof msg), MDS_EMODEL);
    CU_ASSERT_STRING_EQUAL(msg, "unsupported model version 7 (this build reads 1)");

    /* Values the checksum cannot vouch for: resealed, still refused. */
    struct {
        size_t off;
        unsigned char val;
        const char *says;
    } cases[] = {
        {56, 7, "bucket_bits"},      /* bucket_bits 7 */
        {56, 25, "bucket_bits"},     /* bucket_bits 25 */
        {60, 65, "dimension"},       /* D not a power of two */
        {60, 8, "dimension"},        /* D too small */
        {16, 'x', "language"},       /* "xnglish" */
        {64, 3, "flags"},            /* unknown flag */
        {80, 9, "encoding"},         /* unknown df encoding */
        {84, 1, "reserved"},
        {12, 95, "header size"},
        {72, 0, "document count"},   /* ndocs 0 with a table */
        {71, 0x7f, "idf_blend"},     /* blend infinite */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        memcpy(c, d, size);
        c[cases[i].off] = (char)cases[i].val;
        reseal(c, size);
        CU_ASSERT_EQUAL(mds__model_parse(c, size, &p, msg, sizeof msg), MDS_EMODEL);
        if (!strstr(msg, cases[i].says))
            fprintf(stderr, "case %zu: \"%s\" lacks \"%s\"\n", i, msg, cases[i].says);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, cases[i].says));
    }
    /* D of 1 << 11 exceeds the 1 << 10 buckets. */
    memcpy(c, d, size);
    c[60] = 0;
    c[61] = 8;
    reseal(c, size);
    CU_ASSERT_EQUAL(mds__model_parse(c, size, &p, msg, sizeof msg), MDS_EMODEL);
    /* A language given as a code is accepted and read back canonical. */
    memcpy(c, d, size);
    memset(c + 16, 0, 32);
    memcpy(c + 16, "en", 2);
    reseal(c, size);
    CU_ASSERT_EQUAL(mds__model_parse(c, size, &p, msg, sizeof msg), MDS_OK);
    CU_ASSERT_STRING_EQUAL(p.lang, "english");
    mds__model_free(&p);
    /* Bytes after the language's NUL. */
    memcpy(c, d, size);
    c[16 + 20] = 'z';
    reseal(c, size);
    CU_ASSERT_EQUAL(mds__model_parse(c, size, &p, msg, sizeof msg), MDS_EMODEL);
    /* A df count above ndocs: the table starts at 96; ndocs is 20, so varints are single
     * bytes and 0x7f = 127 is too many. */
    memcpy(c, d, size);
    c[96] = 0x7f;
    reseal(c, size);
    CU_ASSERT_EQUAL(mds__model_parse(c, size, &p, msg, sizeof msg), MDS_EMODEL);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "exceeds the document count"));
    free(c);
    free(d);
    CU_ASSERT_EQUAL(mds__model_parse(NULL, 0, &p, msg, sizeof msg), MDS_EMODEL);
    /* A NULL or empty message buffer is fine. */
    CU_ASSERT_EQUAL(mds__model_parse("MDS", 3, &p, NULL, 0), MDS_EMODEL);
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* The smallest model there is, written byte by byte from docs/model-format.md rather than by
 * the serializer (which refuses a bad shape): a 96-byte header, no df table (ndocs 0), three
 * empty word lists and the checksum, made right by reseal so that the values are what the
 * reader judges. 128 bytes. */
static void tiny_model(unsigned char d[128], uint32_t bucket_bits, uint32_t dim)
{
    memset(d, 0, 128);
    memcpy(d, "MDSMODEL", 8);
    put32(d + 8, 1);   /* version */
    put32(d + 12, 96); /* header size */
    memcpy(d + 16, "english", 7);
    put32(d + 56, bucket_bits);
    put32(d + 60, dim);
    float blend = 0.5f;
    memcpy(d + 68, &blend, 4); /* little-endian hosts only, as the tests are run */
    /* ndocs, df encoding, reserved, df bytes: 0; at 96, three lists of 0 entries, 0 bytes */
    reseal((char *)d, 128);
}

/* A header is held to the bounds of include/mds.h before anything is sized from it (issue
 * 16, defect 5: a 128-byte model claiming D = 2^24 had each sentence's embedding take 64
 * MiB). */
static void test_header_limits(void)
{
    static const struct {
        uint32_t bits, dim;
        mds_status st;
        const char *says;
    } cases[] = {
        {24, 1u << 24, MDS_EMODEL, "dimensions 16777216 is not a power of two in [16, 65536]"},
        {24, 1u << 17, MDS_EMODEL, "dimensions 131072"},
        {24, MDS_MODEL_DIMENSIONS_MAX, MDS_OK, "ok"},
        {16, 1u << 16, MDS_OK, "ok"},
        {12, 1u << 13, MDS_EMODEL, "in [16, 4096] (2^bucket_bits)"},
        {8, 16, MDS_OK, "ok"},
        {25, 1024, MDS_EMODEL, "bucket_bits 25 out of range [8, 24]"},
        {32, 1024, MDS_EMODEL, "bucket_bits 32"},
        {0xffffffffu, 1024, MDS_EMODEL, "bucket_bits 4294967295"},
        {24, 0, MDS_EMODEL, "dimensions 0"},
        {24, 0x80000000u, MDS_EMODEL, "dimensions 2147483648"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        unsigned char *d = malloc(128); /* exact size: ASan sees a read past it */
        CU_ASSERT_PTR_NOT_NULL_FATAL(d);
        tiny_model(d, cases[i].bits, cases[i].dim);
        mds__model p;
        char msg[256] = "";
        mds_status st = mds__model_parse(d, 128, &p, msg, sizeof msg);
        if (st != cases[i].st || !strstr(msg, cases[i].says))
            fprintf(stderr, "\n  case %zu: %d \"%s\"\n", i, st, msg);
        CU_ASSERT_EQUAL(st, cases[i].st);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, cases[i].says));
        if (st == MDS_OK) {
            CU_ASSERT_EQUAL(p.dim, cases[i].dim);
            CU_ASSERT_PTR_NULL(p.df);
        }
        mds__model_free(&p);
        free(d);
    }
    /* The writer keeps the same bounds, so it never writes what the reader refuses. */
    mds__model m;
    char *img = NULL;
    size_t size;
    build(&m, 0, 0);
    m.bucket_bits = 24;
    m.dim = 1u << 17;
    CU_ASSERT_EQUAL(mds__model_serialize(&m, &img, &size), MDS_EMODEL);
    CU_ASSERT_PTR_NULL(img);
    m.dim = MDS_MODEL_DIMENSIONS_MAX;
    CU_ASSERT_EQUAL(mds__model_serialize(&m, &img, &size), MDS_OK);
    free(img);
    mds__model_free(&m);
}

static void test_serialize_rejects(void)
{
    mds__model m;
    char *d = (char *)&m;
    size_t size;
    build(&m, 10, 10);
    m.df[3] = 11; /* more documents than counted */
    CU_ASSERT_EQUAL(mds__model_serialize(&m, &d, &size), MDS_EMODEL);
    CU_ASSERT_PTR_NULL(d);
    m.df[3] = 1;
    m.dim = 100;
    CU_ASSERT_EQUAL(mds__model_serialize(&m, &d, &size), MDS_EMODEL);
    m.dim = 64;
    strcpy(m.lang, "klingon");
    CU_ASSERT_EQUAL(mds__model_serialize(&m, &d, &size), MDS_EMODEL);
    mds__model_free(&m);
    mds__model_free(&m);
    mds__model_free(NULL);
}

static void test_files(void)
{
    mds__model p;
    char msg[512];
    CU_ASSERT_EQUAL(mds__model_load("/nonexistent/dir/model.mds", &p, msg, sizeof msg),
                    MDS_ENOENT);
    CU_ASSERT_STRING_EQUAL(msg, "No such file or directory"); /* the caller names the file */
    /* A directory is no model file. */
    CU_ASSERT_NOT_EQUAL(mds__model_load("/", &p, msg, sizeof msg), MDS_OK);

    size_t size;
    char *d = image(50, &size);
    char path[] = MDS_BINARY_DIR "/test_model.mds";
    FILE *f = fopen(path, "wb");
    CU_ASSERT_FATAL(f != NULL);
    CU_ASSERT_EQUAL(fwrite(d, 1, size, f), size);
    fclose(f);
    CU_ASSERT_EQUAL(mds__model_load(path, &p, msg, sizeof msg), MDS_OK);
    CU_ASSERT_EQUAL(p.ndocs, 50);
    mds__model_free(&p);
    /* Corrupt on disk: the message says the problem, and the context's names the file,
     * once. */
    f = fopen(path, "wb");
    CU_ASSERT_EQUAL(fwrite(d, 1, size - 1, f), size - 1);
    fclose(f);
    CU_ASSERT_EQUAL(mds__model_load(path, &p, msg, sizeof msg), MDS_EMODEL);
    CU_ASSERT_PTR_NULL(strstr(msg, path));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "truncated"));
    mds_ctx *ctx = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_ctx_new(&ctx), MDS_OK);
    const char *paths[] = {path, "/nonexistent/dir/model.mds", "/"};
    for (size_t i = 0; i < 3; i++) {
        CU_ASSERT_NOT_EQUAL(mds_ctx_load_model(ctx, paths[i]), MDS_OK);
        const char *e = mds_errmsg(ctx), *first = strstr(e, paths[i]);
        CU_ASSERT(first == e); /* "PATH: what is wrong" */
        CU_ASSERT(first && !strstr(first + 1, paths[i]));
        if (first != e || strstr(first + 1, paths[i]))
            fprintf(stderr, "\n  \"%s\"\n", e);
    }
    /* A file with the crafted header: refused on load, before any allocation it sizes. */
    unsigned char big[128];
    tiny_model(big, 24, 1u << 24);
    f = fopen(path, "wb");
    CU_ASSERT_EQUAL(fwrite(big, 1, sizeof big, f), sizeof big);
    fclose(f);
    CU_ASSERT_EQUAL(mds_ctx_load_model(ctx, path), MDS_EMODEL);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), "dimensions 16777216"));
    mds_ctx_free(ctx);
    remove(path);
    free(d);
}

static void test_default(void)
{
    /* Built in or not, the call is well-defined and stable across calls. */
    extern const size_t mds__model_default_size;
    const mds__model *a = NULL, *b = NULL;
    char msg[256];
    mds_status s1 = mds__model_default(&a, msg, sizeof msg);
    mds_status s2 = mds__model_default(&b, msg, sizeof msg);
    CU_ASSERT_EQUAL(s1, s2);
    if (mds__model_default_size == 0) {
        CU_ASSERT_EQUAL(s1, MDS_EMODEL);
        CU_ASSERT_STRING_EQUAL(msg, "no default model was built in");
        CU_ASSERT_PTR_NULL(a);
    } else {
        CU_ASSERT_EQUAL(s1, MDS_OK);
        CU_ASSERT_PTR_EQUAL(a, b);
        CU_ASSERT(a && a->stopwords.count > 0);
    }
}

static CU_TestInfo tests[] = {
    {"round trip", test_roundtrip},
    {"header bytes", test_header_bytes},
    {"idf", test_idf},
    {"every truncation", test_truncations},
    {"200 bit flips", test_bit_flips},
    {"header checks", test_header_checks},
    {"header limits, checksum made right", test_header_limits},
    {"serialize rejects invalid models", test_serialize_rejects},
    {"files", test_files},
    {"default model", test_default},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("model", tests, NULL, NULL); }
