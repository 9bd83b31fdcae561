/* SPDX-License-Identifier: MIT */
/* Fuzz target: the JSON cluster reader (mds_cluster_add_json) and the JSON parser under it,
 * as `summarize batch --input-format json|jsonl` feeds them.
 *
 * The whole input is one JSON text, as a .json file is; then, when it has several lines,
 * each line is one more, as JSONL is read, all into one cluster. Every text is an exact-size
 * heap copy, so an over-read is an ASan report. Properties: a failed add leaves the cluster
 * as it was (all or nothing); an error offset lies within the text; the parser's tree is
 * consistent (member counts, string lengths, offsets). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mds.h"
#include "util/json.h"
#include "fuzzutil.h"

static mds_ctx *ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    if (mds_ctx_new(&ctx) != MDS_OK)
        abort();
    return 0;
}

static size_t check_tree(const mds__json *v, size_t size, int depth)
{
    FZ_CHECK(depth <= MDS__JSON_MAX_DEPTH);
    FZ_CHECK(v->offset < size);
    size_t nodes = 1;
    switch (v->type) {
    case MDS__JSON_STRING:
        FZ_CHECK(v->str && v->str[v->len] == '\0');
        break;
    case MDS__JSON_ARRAY:
    case MDS__JSON_OBJECT: {
        size_t k = 0;
        for (const mds__json *c = v->child; c; c = c->next, k++) {
            FZ_CHECK(c->offset > v->offset);
            if (v->type == MDS__JSON_OBJECT)
                FZ_CHECK(c->key && c->key[c->key_len] == '\0');
            nodes += check_tree(c, size, depth + 1);
        }
        FZ_CHECK(k == v->count);
        break;
    }
    default:
        break;
    }
    return nodes;
}

static void parse(const uint8_t *data, size_t size)
{
    char *text = (char *)fz_copy(data, size);
    mds__json *root = NULL;
    size_t off = 0;
    char msg[200];
    mds_status st = mds__json_parse(text, size, &root, &off, msg, sizeof msg);
    FZ_CHECK(st == MDS_OK || st == MDS_EFORMAT || st == MDS_ENOMEM);
    if (st == MDS_OK) {
        FZ_CHECK(root != NULL);
        check_tree(root, size, 1);
    } else {
        FZ_CHECK(root == NULL && off <= size && memchr(msg, '\0', sizeof msg));
    }
    mds__json_free(root);
    free(text);
}

static void add(mds_cluster *c, const uint8_t *data, size_t size)
{
    char *text = (char *)fz_copy(data, size);
    size_t before = mds_cluster_document_count(c);
    char *id = NULL;
    mds_status st = mds_cluster_add_json(c, text, size, &id);
    size_t after = mds_cluster_document_count(c);
    /* A document without text adds nothing, as an empty file does. */
    if (st == MDS_OK)
        FZ_CHECK(after >= before);
    else
        FZ_CHECK(after == before && mds_errmsg(ctx)[0] != '\0');
    mds_free(id);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parse(data, size);
    mds_cluster *c = NULL;
    if (mds_cluster_new(ctx, &c) != MDS_OK)
        abort();
    add(c, data, size);
    const uint8_t *nl = memchr(data, '\n', size);
    for (const uint8_t *line = data, *end = data + size; nl; ) {
        add(c, line, (size_t)(nl - line));
        line = nl + 1;
        nl = line < end ? memchr(line, '\n', (size_t)(end - line)) : NULL;
        if (!nl && line < end)
            add(c, line, (size_t)(end - line));
    }
    mds_cluster_free(c);
    return 0;
}
