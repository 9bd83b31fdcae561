/* SPDX-License-Identifier: MIT */
/* Fuzz target: an HTML page through text/html.c, the article extraction (gumbo's tree, the
 * junk rules, the scores, the text walked beside its source).
 *
 * The input is one page, read as HTML whatever it looks like (mds__ingest with the html
 * format) on an exact-size heap copy. On every document, the properties doc.h promises: the
 * byte map stays inside the page and never decreases, paragraphs lie in the text in order,
 * and the text is UTF-8 without control characters but the paragraph breaks. The page is
 * then read through the public API by content, as a file would be. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "mds.h"
#include "text/ingest.h"
#include "fuzzutil.h"

static mds_ctx *ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (mds_ctx_new(&ctx) != MDS_OK)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = fz_copy(data, size);
    mds__ingest_opts opts = {.format = MDS__INPUT_HTML};
    mds__ingest_error err = {.offset = -1, .msg = ""};
    mds__doc *docs = NULL;
    size_t n = 0, cap = 0;
    mds_status st = mds__ingest(copy, size, 0, "page", &opts, &docs, &n, &cap, &err);
    FZ_CHECK(st == MDS_OK || st == MDS_EUTF8 || st == MDS_EBINARY || st == MDS_EFORMAT ||
             st == MDS_ENOMEM);
    FZ_CHECK(st == MDS_OK || n == 0);
    FZ_CHECK(n <= 1);
    for (size_t i = 0; i < n; i++) {
        FZ_CHECK(docs[i].markup);
        fz_check_doc(&docs[i], size);
        mds__doc_free(&docs[i]);
    }
    free(docs);
    free(copy);

    mds_cluster *c = NULL;
    if (mds_cluster_new(ctx, &c) != MDS_OK)
        abort();
    if (mds_cluster_add_memory(c, "page.html", data, size) == MDS_OK) {
        for (size_t i = 0; i < mds_cluster_document_count(c); i++) {
            mds_document d;
            FZ_CHECK(mds_cluster_document(c, i, &d) == MDS_OK);
            FZ_CHECK(d.text && strlen(d.text) == d.length);
        }
    }
    mds_cluster_free(c);
    return 0;
}
