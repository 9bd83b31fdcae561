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
    if (st == MDS_EUTF8)
        ingest(copy, size, 1, NULL, size);
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
