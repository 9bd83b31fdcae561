/* SPDX-License-Identifier: MIT */
/* Fuzz target: ingest of one input from memory (plain text, DUC/TAC SGML, Reuters SGML), as
 * mds_cluster_add_memory and mds_cluster_add_file see it.
 *
 * The input is one file. It goes through the public mds_cluster_add_memory, then straight
 * through mds__ingest on an exact-size heap copy (mds_cluster_add_memory keeps a NUL after
 * the bytes, which would hide an over-read by one), and, when it is not UTF-8, again with
 * the Latin-1 fallback; then as the public call reads it, decoded first (text/encoding.h:
 * UTF-16, declared charsets, Windows-1252 for undeclared bytes that are not UTF-8), the maps
 * made to index the original bytes. On every document, the properties doc.h and ingest.c promise: the
 * byte map stays inside the input and never decreases, paragraphs lie in the text in order,
 * and the text is UTF-8 without control characters but the paragraph breaks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "mds.h"
#include "text/encoding.h"
#include "text/ingest.h"
#include "fuzzutil.h"

static mds_ctx *ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    if (mds_ctx_new(&ctx) != MDS_OK)
        abort();
    return 0;
}

/* dec: the conversion data is (then the maps are remapped and checked against orig_size). */
static mds_status ingest(const uint8_t *data, size_t size, int latin1, const mds__decoded *dec,
                         size_t orig_size)
{
    mds__ingest_opts opts = {.latin1_fallback = latin1};
    mds__ingest_error err = {.offset = -1, .msg = ""};
    mds__doc *docs = NULL;
    size_t n = 0, cap = 0;
    mds_status st = mds__ingest(data, size, 0, "input", &opts, &docs, &n, &cap, &err);
    FZ_CHECK(st == MDS_OK || st == MDS_EUTF8 || st == MDS_EBINARY || st == MDS_EFORMAT ||
             st == MDS_ENOMEM);
    /* On error nothing is appended; an offset, when given, points into the input. */
    FZ_CHECK(st == MDS_OK || n == 0);
    FZ_CHECK(err.offset < 0 || (uint64_t)err.offset <= size);
    FZ_CHECK(memchr(err.msg, '\0', sizeof err.msg) != NULL);
    if (dec && n && mds__encoding_remap(&dec->map, docs, n) != MDS_OK)
        st = MDS_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (st == MDS_OK)
            fz_check_doc(&docs[i], dec ? orig_size : size);
        mds__doc_free(&docs[i]);
    }
    free(docs);
    return st;
}

/* The fast paths for plain ASCII (opts.slow off) read what the general reader reads: the
 * same verdict, the same documents, byte for byte and offset for offset. */
static void same_as_slow(const uint8_t *data, size_t size, int latin1)
{
    mds__doc *docs[2] = {NULL, NULL};
    size_t n[2] = {0, 0}, cap[2] = {0, 0};
    mds__ingest_error err[2];
    mds_status st[2];
    for (int slow = 0; slow < 2; slow++) {
        mds__ingest_opts opts = {.latin1_fallback = latin1, .slow = slow};
        st[slow] = mds__ingest(data, size, 0, "input", &opts, &docs[slow], &n[slow], &cap[slow],
                               &err[slow]);
    }
    FZ_CHECK(st[0] == st[1] && n[0] == n[1] && err[0].offset == err[1].offset &&
             !strcmp(err[0].msg, err[1].msg));
    for (size_t i = 0; i < n[0]; i++) {
        const mds__doc *a = &docs[0][i], *b = &docs[1][i];
        FZ_CHECK(a->text_len == b->text_len && !memcmp(a->text, b->text, a->text_len));
        FZ_CHECK(!strcmp(a->id, b->id) && !a->date == !b->date && !a->headline == !b->headline);
        FZ_CHECK(!a->date || !strcmp(a->date, b->date));
        FZ_CHECK(!a->headline || !strcmp(a->headline, b->headline));
        FZ_CHECK(a->npara == b->npara && a->ncuts == b->ncuts && a->map.n == b->map.n &&
                 a->map.end == b->map.end);
        for (size_t k = 0; k < a->npara; k++) /* field by field: a para has padding */
            FZ_CHECK(a->paras[k].span.start == b->paras[k].span.start &&
                     a->paras[k].span.end == b->paras[k].span.end &&
                     a->paras[k].heading == b->paras[k].heading);
        FZ_CHECK(!a->ncuts || !memcmp(a->cuts, b->cuts, a->ncuts * sizeof *a->cuts));
        FZ_CHECK(!a->map.n || (!memcmp(a->map.at, b->map.at, a->map.n * sizeof *a->map.at) &&
                               !memcmp(a->map.src, b->map.src, a->map.n * sizeof *a->map.src)));
    }
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < n[k]; i++)
            mds__doc_free(&docs[k][i]);
        free(docs[k]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mds_cluster *c = NULL;
    if (mds_cluster_new(ctx, &c) != MDS_OK)
        abort();
    mds_status pub = mds_cluster_add_memory(c, "input", data, size);
    FZ_CHECK(pub != MDS_OK || mds_errmsg(ctx) != NULL);
    mds_cluster_free(c);

    uint8_t *copy = fz_copy(data, size);
    mds_status st = ingest(copy, size, 0, NULL, size);
    same_as_slow(copy, size, 0);
    if (st == MDS_EUTF8) {
        ingest(copy, size, 1, NULL, size);
        same_as_slow(copy, size, 1);
    }
    /* The public call is decoding, then the same ingest. */
    mds__decoded dec;
    mds__ingest_error err;
    mds__encoding_opts eo = {.name = NULL, .strict = 0};
    st = mds__encoding_decode(copy, size, &eo, &dec, &err);
    FZ_CHECK(st == MDS_OK || st == MDS_EFORMAT || st == MDS_ENOMEM);
    FZ_CHECK(err.offset < 0 || (uint64_t)err.offset <= size);
    if (st == MDS_OK) {
        if (dec.utf8) {
            FZ_CHECK(dec.map.src_end == size && dec.map.u8_end == dec.size);
            uint8_t *conv = fz_copy(dec.utf8, dec.size);
            st = ingest(conv, dec.size, 0, &dec, size);
            free(conv);
        } else {
            st = ingest(copy, size, 0, NULL, size);
        }
        mds__decoded_free(&dec);
    }
    FZ_CHECK(st == pub);
    free(copy);
    return 0;
}
