/* Clusters: reading input files and directories into documents through ingest. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "api/context.h"
#include "util/dirlist.h"
#include "util/fileio.h"
#include "text/ingest.h"
#include "util/json.h"

mds_status mds_cluster_new(mds_ctx *ctx, mds_cluster **out)
{
    if (!out)
        return MDS_EINVAL;
    *out = NULL;
    if (!ctx)
        return MDS_EINVAL;
    *out = mds__calloc(1, sizeof **out);
    if (!*out)
        return MDS_ENOMEM;
    (*out)->ctx = ctx;
    return MDS_OK;
}

void mds_cluster_free(mds_cluster *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->ndocs; i++)
        mds__doc_free(&c->docs[i]);
    for (size_t i = 0; i < c->nsources; i++) {
        mds__free(c->sources[i].path);
        mds__free(c->sources[i].data);
    }
    mds__free(c->docs);
    mds__free(c->sources);
    mds__free(c);
}

size_t mds_cluster_document_count(const mds_cluster *c) { return c ? c->ndocs : 0; }

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s && s[1] ? s + 1 : path;
}

/* Takes ownership of data (freed on failure too). */
static mds_status add_source(mds_cluster *c, const char *name, unsigned char *data, size_t size)
{
    mds_ctx *ctx = c->ctx;
    mds_status st = mds__grow((void **)&c->sources, &c->cap_sources, c->nsources + 1,
                              sizeof *c->sources);
    char *path = st ? NULL : mds__strdup(name);
    if (st || !path) {
        mds__free(data);
        return mds__fail(ctx, MDS_ENOMEM, "%s: out of memory", name);
    }
    mds__ingest_error err = {.offset = -1, .msg = ""};
    mds__ingest_opts opts = {0};
    st = mds__ingest(data, size, (uint32_t)c->nsources, base_name(name), &opts, &c->docs,
                     &c->ndocs, &c->cap_docs, &err);
    if (st) {
        mds__free(data);
        mds__free(path);
        const char *what = err.msg[0] ? err.msg : mds_strerror(st);
        if (err.offset >= 0)
            return mds__fail(ctx, st, "%s: byte %lld: %s", name, (long long)err.offset, what);
        return mds__fail(ctx, st, "%s: %s", name, what);
    }
    c->sources[c->nsources].path = path;
    c->sources[c->nsources].data = data;
    c->sources[c->nsources].size = size;
    c->nsources++;
    return MDS_OK;
}

mds_status mds_cluster_add_memory(mds_cluster *c, const char *name, const void *data, size_t size)
{
    if (!c)
        return MDS_EINVAL;
    if (!name)
        return mds__fail(c->ctx, MDS_EINVAL, "a document from memory needs a name (NULL given)");
    if (!data && size)
        return mds__fail(c->ctx, MDS_EINVAL, "%s: no data (NULL) for %zu bytes", name, size);
    if (size == SIZE_MAX)
        return mds__fail(c->ctx, MDS_ENOMEM, "%s: out of memory", name);
    unsigned char *copy = mds__malloc(size + 1);
    if (!copy)
        return mds__fail(c->ctx, MDS_ENOMEM, "%s: out of memory", name);
    if (size)
        memcpy(copy, data, size);
    copy[size] = '\0';
    return add_source(c, name, copy, size);
}

mds_status mds_cluster_add_file(mds_cluster *c, const char *path)
{
    if (!c)
        return MDS_EINVAL;
    if (!path)
        return mds__fail(c->ctx, MDS_EINVAL, "no file given (a NULL path)");
    unsigned char *data = NULL;
    size_t size = 0;
    int err = 0;
    mds_status st = mds__read_file(path, &data, &size, &err);
    if (st)
        return mds__fail(c->ctx, st, "%s: %s", path,
                         err == EISDIR ? "is a directory" : strerror(err));
    return add_source(c, path, data, size);
}

/* Drops the documents and sources added since the counts were ndocs0, nsources0. */
static void roll_back(mds_cluster *c, size_t ndocs0, size_t nsources0)
{
    for (size_t i = ndocs0; i < c->ndocs; i++)
        mds__doc_free(&c->docs[i]);
    for (size_t i = nsources0; i < c->nsources; i++) {
        mds__free(c->sources[i].path);
        mds__free(c->sources[i].data);
    }
    c->ndocs = ndocs0;
    c->nsources = nsources0;
}

mds_status mds_cluster_add_dir(mds_cluster *c, const char *path)
{
    if (!c)
        return MDS_EINVAL;
    mds_ctx *ctx = c->ctx;
    if (!path)
        return mds__fail(ctx, MDS_EINVAL, "no directory given (a NULL path)");
    char **names = NULL;
    size_t n = 0;
    int err = 0;
    /* subdirectories, sockets, dangling links: not documents */
    mds_status st = mds__dirlist(path, MDS__LIST_FILES, &names, &n, &err);
    if (st)
        return mds__fail(ctx, st, "%s: %s", path, strerror(err));
    if (n == 0) {
        mds__free(names);
        return mds__fail(ctx, MDS_EEMPTY, "%s: directory has no regular files", path);
    }
    size_t ndocs0 = c->ndocs, nsources0 = c->nsources;
    mds__buf full = {0};
    for (size_t i = 0; i < n && !st; i++) {
        full.len = 0;
        st = mds__buf_printf(&full, "%s/%s", path, names[i]);
        if (st)
            st = mds__fail(ctx, st, "%s: out of memory", path);
        else
            st = mds_cluster_add_file(c, full.data);
    }
    if (st) /* all or nothing: a directory with one bad file adds none of its files */
        roll_back(c, ndocs0, nsources0);
    mds__buf_free(&full);
    mds__free(names);
    return st;
}

/* A JSON member as a string: NULL when absent or null; *bad set when of another type. */
static const mds__json *json_string(const mds__json *obj, const char *key, int *bad)
{
    const mds__json *m = mds__json_get(obj, key);
    if (!m || m->type == MDS__JSON_NULL)
        return NULL;
    if (m->type != MDS__JSON_STRING)
        *bad = 1;
    return m->type == MDS__JSON_STRING ? m : NULL;
}

mds_status mds_cluster_add_json(mds_cluster *c, const char *json, size_t size, char **id)
{
    if (id)
        *id = NULL;
    if (!c)
        return MDS_EINVAL;
    mds_ctx *ctx = c->ctx;
    if (!json && size)
        return mds__fail(ctx, MDS_EINVAL, "no JSON (NULL) for %zu bytes", size);
    if (!json)
        json = "";
    mds__json *root = NULL;
    size_t off = 0;
    char msg[200];
    mds_status st = mds__json_parse(json, size, &root, &off, msg, sizeof msg);
    if (st)
        return mds__fail(ctx, st, "byte %zu: %s", off, msg);
    int bad = 0;
    const mds__json *cid = NULL, *docs = NULL;
    if (root->type != MDS__JSON_OBJECT) {
        st = mds__fail(ctx, MDS_EFORMAT, "byte %zu: a cluster is a JSON object", root->offset);
        goto done;
    }
    cid = json_string(root, "id", &bad);
    if (bad) {
        st = mds__fail(ctx, MDS_EFORMAT, "byte %zu: \"id\" is not a string",
                       mds__json_get(root, "id")->offset);
        goto done;
    }
    const char *cname = cid ? cid->str : "cluster";
    /* The id is handed back even when the cluster fails, so its failure can be named. */
    if (id && cid && !(*id = mds__strdup(cid->str))) {
        st = mds__fail(ctx, MDS_ENOMEM, "%s: out of memory", cname);
        goto done;
    }
    docs = mds__json_get(root, "documents");
    if (!docs || docs->type != MDS__JSON_ARRAY) {
        st = mds__fail(ctx, MDS_EFORMAT, "%s: byte %zu: \"documents\" %s", cname,
                       docs ? docs->offset : root->offset,
                       docs ? "is not an array" : "is missing");
        goto done;
    }
    if (docs->count == 0) {
        st = mds__fail(ctx, MDS_EEMPTY, "%s: \"documents\" is empty", cname);
        goto done;
    }
    size_t ndocs0 = c->ndocs, nsources0 = c->nsources, k = 0;
    mds__buf name = {0};
    for (const mds__json *d = docs->child; d && !st; d = d->next, k++) {
        const mds__json *did = NULL, *text = NULL, *date = NULL;
        if (d->type == MDS__JSON_OBJECT) {
            did = json_string(d, "id", &bad);
            text = json_string(d, "text", &bad);
            date = json_string(d, "date", &bad);
        }
        if (d->type != MDS__JSON_OBJECT || bad || !text) {
            st = mds__fail(ctx, MDS_EFORMAT,
                           "%s: byte %zu: document %zu is not an object with a \"text\" "
                           "string (and \"id\", \"date\" strings if any)",
                           cname, d->offset, k);
            break;
        }
        name.len = 0;
        if ((st = did ? mds__buf_printf(&name, "%s", did->str)
                      : mds__buf_printf(&name, "doc%zu", k))) {
            mds__fail(ctx, st, "%s: out of memory", cname);
            break;
        }
        size_t before = c->ndocs;
        if ((st = mds_cluster_add_memory(c, name.data, text->str, text->len)))
            break;
        for (size_t i = before; i < c->ndocs && date; i++) {
            if (c->docs[i].date)
                continue;
            if (!(c->docs[i].date = mds__strdup(date->str)))
                st = mds__fail(ctx, MDS_ENOMEM, "%s: out of memory", cname);
        }
    }
    mds__buf_free(&name);
    if (st)
        roll_back(c, ndocs0, nsources0);
done:
    mds__json_free(root);
    return st;
}
