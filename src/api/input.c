/* SPDX-License-Identifier: MIT */
/* Clusters: reading input files, streams and directories into documents through ingest,
 * under the cluster's input limit. Inputs are read as cat reads them, in blocks until their
 * end; each block is looked at as it comes, so binary data and an input past the limit stop
 * the reading at once (an endless pipe is never read to its end). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "api/context.h"
#include "api/params.h"
#include "util/dirlist.h"
#include "util/fileio.h"
#include "text/encoding.h"
#include "text/ingest.h"
#include "text/features.h"
#include "embed/hashvec.h"
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
    mds__params v;
    mds_status st = mds__params_default(&v);
    if (st) {
        mds__free(*out);
        *out = NULL;
        return st;
    }
    (*out)->max_input = v.max_input;
    return MDS_OK;
}

mds_status mds_cluster_set_max_input(mds_cluster *c, uint64_t bytes)
{
    if (!c)
        return MDS_EINVAL;
    if (!bytes)
        return mds__fail_param(c->ctx, MDS_EINVAL, MDS_PARAM_MAX_INPUT,
                               "an input limit of 0 bytes admits no input");
    c->max_input = bytes;
    return MDS_OK;
}

mds_status mds_cluster_set_input_format(mds_cluster *c, mds_input_format format)
{
    if (!c)
        return MDS_EINVAL;
    if (format != MDS_INPUT_AUTO && format != MDS_INPUT_TEXT && format != MDS_INPUT_HTML)
        return mds__fail_param(c->ctx, MDS_EINVAL, MDS_PARAM_INPUT_FORMAT,
                               "no input format %d (auto, text or html)", (int)format);
    c->input_format = (int)format;
    return MDS_OK;
}

/* The bytes an input may still bring. */
static uint64_t room_left(const mds_cluster *c)
{
    return c->input_total < c->max_input ? c->max_input - c->input_total : 0;
}

static mds_status too_big(mds_cluster *c, const char *name)
{
    return mds__fail_param(c->ctx, MDS_ETOOBIG, MDS_PARAM_MAX_INPUT,
                           "%s: over the input limit: the cluster's inputs pass %llu bytes",
                           name, (unsigned long long)c->max_input);
}

static void source_free(mds__source *s)
{
    mds__free(s->path);
    mds__free(s->data);
    mds__decoded_free(&s->dec);
    mds__free(s->warning);
}

void mds_cluster_free(mds_cluster *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->ndocs; i++)
        mds__doc_free(&c->docs[i]);
    for (size_t i = 0; i < c->nsources; i++)
        source_free(&c->sources[i]);
    mds__free(c->docs);
    mds__free(c->sources);
    mds__free((char *)c->enc.name);
    mds__free(c->query);
    mds__free(c);
}

static int utf8_text(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t k = mds__utf8_len((const unsigned char *)s + i, n - i);
        if (!k || s[i] == 0)
            return 0;
        i += k;
    }
    return 1;
}

mds_status mds_cluster_set_query(mds_cluster *c, const char *text, size_t len)
{
    if (!c)
        return MDS_EINVAL;
    if (!text && len)
        return mds__fail(c->ctx, MDS_EINVAL, "no query text (NULL) for %zu bytes", len);
    char *q = NULL;
    if (len) {
        if (!utf8_text(text, len))
            return mds__fail(c->ctx, MDS_EUTF8, "the query is not UTF-8 text");
        if (!(q = mds__malloc(len + 1)))
            return mds__fail(c->ctx, MDS_ENOMEM, "out of memory for the query");
        memcpy(q, text, len);
        q[len] = 0;
    }
    mds__free(c->query);
    c->query = q;
    c->query_len = len;
    return MDS_OK;
}

const char *mds_cluster_query(const mds_cluster *c)
{
    return c && c->query ? c->query : "";
}

mds_status mds_cluster_set_encoding(mds_cluster *c, const char *name, int strict_utf8)
{
    if (!c)
        return MDS_EINVAL;
    if (name && !*name)
        name = NULL;
    if (name && !mds__encoding_known(name))
        return mds__fail_param(c->ctx, MDS_EINVAL, MDS_PARAM_ENCODING,
                               "'%s' is not an encoding iconv knows ('iconv -l' lists them)",
                               name);
    char *copy = NULL;
    if (name && !(copy = mds__strdup(name)))
        return mds__fail(c->ctx, MDS_ENOMEM, "out of memory");
    mds__free((char *)c->enc.name);
    c->enc.name = copy;
    c->enc.strict = strict_utf8 != 0;
    return MDS_OK;
}

size_t mds_cluster_warning_count(const mds_cluster *c)
{
    size_t n = 0;
    for (size_t i = 0; c && i < c->nsources; i++)
        n += c->sources[i].warning != NULL;
    return n;
}

const char *mds_cluster_warning(const mds_cluster *c, size_t k)
{
    for (size_t i = 0; c && i < c->nsources; i++)
        if (c->sources[i].warning && k-- == 0)
            return c->sources[i].warning;
    return NULL;
}

size_t mds_cluster_document_count(const mds_cluster *c) { return c ? c->ndocs : 0; }

mds_status mds_cluster_document(const mds_cluster *c, size_t i, mds_document *out)
{
    if (!c || !out || i >= c->ndocs)
        return MDS_EINVAL;
    const mds__doc *d = &c->docs[i];
    *out = (mds_document){.path = c->sources[d->source].path, .id = d->id, .title = d->headline,
                          .date = d->date, .text = d->text, .length = d->text_len};
    return MDS_OK;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s && s[1] ? s + 1 : path;
}

/* Hygiene's lexicon (text/hygiene.h), from the context's model: a word's frequency is the
 * document frequency of its stem's bucket in the model's corpus; a stopword is known. */
typedef struct lexicon_ctx {
    const mds__model *model;
    mds__featurizer *feat;
    mds__terms terms;
} lexicon_ctx;

static int model_look(void *p, const char *word, size_t n, uint32_t *freq, int *stop)
{
    lexicon_ctx *lx = p;
    const mds__model *m = lx->model;
    *freq = 0;
    *stop = 0;
    mds__terms_reset(&lx->terms);
    if (mds__features_extract_marked(lx->feat, word, n, &lx->terms))
        return -1;
    if (lx->terms.n != 1 || lx->terms.words != 1)
        return 0; /* a known word is one word */
    if (lx->terms.stop && lx->terms.stop[0]) {
        *stop = 1;
        return 0;
    }
    const char *t = lx->terms.buf + lx->terms.offs[0];
    uint64_t h = mds__hash_term(t, mds__term_len(&lx->terms, 0), m->seed);
    *freq = m->df[h & ((UINT64_C(1) << m->bucket_bits) - 1)];
    return 0;
}

static void oom(mds__ingest_error *err)
{
    err->offset = -1;
    snprintf(err->msg, sizeof err->msg, "out of memory");
}

/* Takes ownership of data (freed on failure too). `utf8`: the bytes are UTF-8 whatever
 * they look like (a JSON string), no encoding to detect. */
static mds_status add_source(mds_cluster *c, const char *name, unsigned char *data, size_t size,
                             int utf8)
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
    /* the library's input formats are ingest's, number for number */
    mds__ingest_opts opts = {.format = c->input_format};
    /* hygiene's lexicon, from the context's model (text/hygiene.h) */
    lexicon_ctx lx = {.model = ctx->model};
    mds__lexicon lex = {.look = model_look, .ctx = &lx};
    if (lx.model && lx.model->df) {
        st = mds__ctx_featurizer(ctx, lx.model->lang, &lx.feat);
        if (st == MDS_ENOMEM) {
            mds__free(data);
            mds__free(path);
            return mds__fail(ctx, st, "%s: out of memory", name);
        }
        if (!st)
            opts.lexicon = &lex; /* a model whose language has no stemmer: no joins */
    }
    /* encoding: read as UTF-8, the map made to index the original bytes (text/encoding.h);
     * the document's cuts stay in the coordinates of what ingest read (api/result.c) */
    mds__decoded dec = {0};
    char *warning = NULL;
    size_t ndocs0 = c->ndocs;
    mds__encoding_opts utf8_only = {.name = "UTF-8"};
    st = mds__encoding_decode(data, size, utf8 ? &utf8_only : &c->enc, &dec, &err);
    if (!st) {
        st = mds__ingest(dec.utf8 ? dec.utf8 : data, dec.utf8 ? dec.size : size,
                         (uint32_t)c->nsources, base_name(name), &opts, &c->docs, &c->ndocs,
                         &c->cap_docs, &err);
        if (st && dec.utf8 && err.offset >= 0)
            err.offset = (int64_t)mds__encmap_src(&dec.map, (uint64_t)err.offset);
    }
    mds__terms_free(&lx.terms);
    if (!st && dec.utf8 && c->ndocs > ndocs0 &&
        (st = mds__encoding_remap(&dec.map, c->docs + ndocs0, c->ndocs - ndocs0)))
        oom(&err);
    if (!st && dec.guessed) {
        mds__buf w = {0};
        if ((st = mds__buf_printf(&w, "%s: %s", name, dec.note))) {
            mds__buf_free(&w);
            oom(&err);
        }
        warning = w.data;
    }
    if (st) {
        for (size_t i = ndocs0; i < c->ndocs; i++)
            mds__doc_free(&c->docs[i]);
        c->ndocs = ndocs0;
        mds__decoded_free(&dec);
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
    c->sources[c->nsources].dec = dec;
    c->sources[c->nsources].warning = warning;
    c->nsources++;
    c->input_total += size;
    return MDS_OK;
}

static mds_status add_memory(mds_cluster *c, const char *name, const void *data, size_t size,
                             int utf8)
{
    if (!c)
        return MDS_EINVAL;
    if (!name)
        return mds__fail(c->ctx, MDS_EINVAL, "a document from memory needs a name (NULL given)");
    if (!data && size)
        return mds__fail(c->ctx, MDS_EINVAL, "%s: no data (NULL) for %zu bytes", name, size);
    if (size > room_left(c))
        return too_big(c, name);
    if (size == SIZE_MAX)
        return mds__fail(c->ctx, MDS_ENOMEM, "%s: out of memory", name);
    unsigned char *copy = mds__malloc(size + 1);
    if (!copy)
        return mds__fail(c->ctx, MDS_ENOMEM, "%s: out of memory", name);
    if (size)
        memcpy(copy, data, size);
    copy[size] = '\0';
    return add_source(c, name, copy, size, utf8);
}

mds_status mds_cluster_add_memory(mds_cluster *c, const char *name, const void *data, size_t size)
{
    return add_memory(c, name, data, size, 0);
}

/* Reads fd to its end (a regular file of `regular` bytes, else -1: a stream) under the
 * cluster's limit, then adds it. Each block is checked as it comes: data that ingest would
 * refuse as binary from its first bytes (a NUL, a UTF-16 byte order mark) fails there, and
 * so does a byte past the limit, which is read, never more. */
static mds_status read_source(mds_cluster *c, const char *name, int fd, long long regular)
{
    uint64_t room = room_left(c);
    if (regular >= 0 && (unsigned long long)regular > room)
        return too_big(c, name);
    mds__buf b = {0};
    mds__ingest_error ierr = {.offset = -1, .msg = ""};
    mds_status st = MDS_OK;
    int err = 0;
    if (regular > 0 && mds__buf_reserve(&b, (size_t)regular + 1)) /* + 1: the read at the end */
        st = mds__fail(c->ctx, MDS_ENOMEM, "%s: out of memory", name);
    for (size_t got = 1; !st;) {
        /* b.len <= room here; one byte past the limit says it is passed */
        size_t most = room - b.len < MDS__READ_BLOCK ? (size_t)(room - b.len) + 1 : MDS__READ_BLOCK;
        st = mds__read_block(fd, &b, most, &got, &err);
        if (st) {
            st = mds__fail(c->ctx, st, "%s: %s", name, strerror(err));
            break;
        }
        if (!got)
            break;
        if (b.len > room) {
            st = too_big(c, name);
            break;
        }
        /* a named encoding may hold NULs (UTF-32): its conversion judges */
        if (!c->enc.name &&
            (st = mds__ingest_check_block((const unsigned char *)b.data, b.len - got, b.len, &ierr)))
            st = mds__fail(c->ctx, st, "%s: byte %lld: %s", name, (long long)ierr.offset,
                           ierr.msg);
    }
    if (st) {
        mds__buf_free(&b);
        return st;
    }
    size_t size = 0;
    unsigned char *data = (unsigned char *)mds__buf_steal(&b, &size);
    if (!data)
        return mds__fail(c->ctx, MDS_ENOMEM, "%s: out of memory", name);
    return add_source(c, name, data, size, 0);
}

mds_status mds_cluster_add_fd(mds_cluster *c, const char *name, int fd)
{
    if (!c)
        return MDS_EINVAL;
    if (!name)
        return mds__fail(c->ctx, MDS_EINVAL, "a document from a descriptor needs a name (NULL given)");
    if (fd < 0)
        return mds__fail(c->ctx, MDS_EINVAL, "%s: no descriptor (%d)", name, fd);
    return read_source(c, name, fd, -1);
}

mds_status mds_cluster_add_file(mds_cluster *c, const char *path)
{
    if (!c)
        return MDS_EINVAL;
    if (!path)
        return mds__fail(c->ctx, MDS_EINVAL, "no file given (a NULL path)");
    int fd = -1, err = 0;
    long long regular = -1;
    mds_status st = mds__open_input(path, &fd, &regular, &err);
    if (st)
        return mds__fail(c->ctx, st, "%s: %s", path,
                         err == EISDIR ? "is a directory" : strerror(err));
    st = read_source(c, path, fd, regular);
    close(fd);
    return st;
}

/* Drops the documents and sources added since the counts were ndocs0, nsources0. */
static void roll_back(mds_cluster *c, size_t ndocs0, size_t nsources0)
{
    for (size_t i = ndocs0; i < c->ndocs; i++)
        mds__doc_free(&c->docs[i]);
    for (size_t i = nsources0; i < c->nsources; i++) {
        c->input_total -= c->sources[i].size;
        source_free(&c->sources[i]);
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
    const mds__json *cid = NULL, *docs = NULL, *query = NULL;
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
    query = json_string(root, "query", &bad);
    if (bad) {
        st = mds__fail(ctx, MDS_EFORMAT, "%s: byte %zu: \"query\" is not a string", cname,
                       mds__json_get(root, "query")->offset);
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
        if ((st = add_memory(c, name.data, text->str, text->len, 1)))
            break;
        for (size_t i = before; i < c->ndocs && date; i++) {
            if (c->docs[i].date)
                continue;
            if (!(c->docs[i].date = mds__strdup(date->str)))
                st = mds__fail(ctx, MDS_ENOMEM, "%s: out of memory", cname);
        }
    }
    mds__buf_free(&name);
    if (!st && query)
        st = mds_cluster_set_query(c, query->str, query->len);
    if (st)
        roll_back(c, ndocs0, nsources0);
done:
    mds__json_free(root);
    return st;
}
