/* SPDX-License-Identifier: MIT */
/* Training a model: document frequencies over hashed buckets from a background corpus. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unistr.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "api/context.h"
#include "util/dirlist.h"
#include "util/fileio.h"
#include "embed/hashvec.h"
#include "text/encoding.h"
#include "text/ingest.h"

void mds_model_options_default(mds_model_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->lang = "english";
    o->bucket_bits = 18;
    o->dimensions = 1024;
    o->seed = 0x6d64732d31ULL; /* "mds-1" */
    o->bigrams = 0;
    o->idf_blend = 0.3;
    o->latin1_fallback = 0;
}

typedef struct builder {
    mds_ctx *ctx;
    const mds_model_options *opt;
    mds__featurizer *feat;
    mds__model *m;
    uint32_t *seen; /* per bucket: the last document (1-based) that counted it */
    mds__terms terms;
} builder;

static mds_status read_all(mds_ctx *ctx, const char *path, unsigned char **data, size_t *size)
{
    int err = 0;
    mds_status st = mds__read_file(path, data, size, &err);
    if (st)
        return mds__fail(ctx, st, "%s: %s", path,
                         err == EISDIR ? "is a directory" : strerror(err));
    return MDS_OK;
}

static mds_status count_file(builder *b, const char *path)
{
    unsigned char *data = NULL;
    size_t size = 0;
    mds_status st = read_all(b->ctx, path, &data, &size);
    if (st)
        return st;
    mds__doc *docs = NULL;
    size_t n = 0, cap = 0;
    mds__ingest_error err = {.offset = -1, .msg = ""};
    mds__ingest_opts io = {0};
    /* the reading summarize does (text/encoding.h): UTF-8, marked UTF-16 and declared
     * charsets always; --latin1 lets undeclared bytes that are not UTF-8 be Windows-1252 */
    mds__encoding_opts eo = {.strict = !b->opt->latin1_fallback};
    mds__decoded dec = {0};
    const char *base = strrchr(path, '/');
    st = mds__encoding_decode(data, size, &eo, &dec, &err);
    if (!st)
        st = mds__ingest(dec.utf8 ? dec.utf8 : data, dec.utf8 ? dec.size : size, 0,
                         base ? base + 1 : path, &io, &docs, &n, &cap, &err);
    if (st && dec.utf8 && err.offset >= 0)
        err.offset = (int64_t)mds__encmap_src(&dec.map, (uint64_t)err.offset);
    mds__decoded_free(&dec);
    mds__free(data);
    if (st) {
        if (err.offset >= 0)
            return mds__fail(b->ctx, st, "%s: byte %lld: %s", path, (long long)err.offset,
                             err.msg[0] ? err.msg : mds_strerror(st));
        return mds__fail(b->ctx, st, "%s: %s", path, err.msg[0] ? err.msg : mds_strerror(st));
    }
    uint64_t mask = ((uint64_t)1 << b->m->bucket_bits) - 1;
    for (size_t d = 0; d < n && !st; d++) {
        if (docs[d].npara == 0)
            continue;
        uint32_t stamp = (uint32_t)(b->m->ndocs + 1);
        mds__terms_reset(&b->terms);
        for (size_t k = 0; k < docs[d].npara && !st; k++) {
            const mds__span *sp = &docs[d].paras[k].span;
            st = mds__features_extract(b->feat, docs[d].text + sp->start, sp->end - sp->start,
                                       &b->terms);
        }
        for (size_t t = 0; t < b->terms.n && !st; t++) {
            const char *term = b->terms.buf + b->terms.offs[t];
            uint64_t bucket = mds__hash_term(term, strlen(term), b->m->seed) & mask;
            if (b->seen[bucket] != stamp) {
                b->seen[bucket] = stamp;
                b->m->df[bucket]++;
            }
        }
        b->m->ndocs++;
    }
    for (size_t d = 0; d < n; d++)
        mds__doc_free(&docs[d]);
    mds__free(docs);
    if (st)
        return mds__fail(b->ctx, st, "%s: %s", path, mds_strerror(st));
    return MDS_OK;
}

/* Files of a directory tree, in name order, hidden entries skipped. */
static mds_status count_path(builder *b, const char *path, int depth)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return mds__fail(b->ctx, errno == ENOENT ? MDS_ENOENT : MDS_EIO, "%s: %s", path,
                         strerror(errno));
    if (!S_ISDIR(sb.st_mode)) {
        /* A file named on the command line is read whatever it is (a pipe, say); inside a
         * directory only regular files are documents. */
        if (depth > 0 && !S_ISREG(sb.st_mode))
            return MDS_OK;
        return count_file(b, path);
    }
    if (depth > 32)
        return mds__fail(b->ctx, MDS_EINVAL, "%s: directories nested too deep", path);
    char **names = NULL;
    size_t n = 0;
    int err = 0;
    mds_status st = mds__dirlist(path, MDS__LIST_ANY, &names, &n, &err);
    if (st == MDS_ENOMEM)
        return mds__fail(b->ctx, st, "%s: out of memory", path);
    if (st)
        return mds__fail(b->ctx, MDS_EIO, "%s: %s", path, strerror(err));
    mds__buf full = {0};
    for (size_t i = 0; i < n && !st; i++) {
        full.len = 0;
        st = mds__buf_printf(&full, "%s/%s", path, names[i]);
        if (!st)
            st = count_path(b, full.data, depth + 1);
    }
    mds__buf_free(&full);
    mds__free(names);
    if (st == MDS_ENOMEM)
        return mds__fail(b->ctx, st, "%s: out of memory", path);
    return st;
}

static mds_status load_list(mds_ctx *ctx, const char *path, mds__strset *set)
{
    if (!path)
        return MDS_OK;
    unsigned char *data = NULL;
    size_t size = 0;
    mds_status st = read_all(ctx, path, &data, &size);
    if (st)
        return st;
    /* The model stores entries as NUL-terminated UTF-8: check before writing a model that
     * could not be read back. */
    const uint8_t *bad = u8_check(data, size);
    if (bad || memchr(data, '\0', size)) {
        size_t at = bad ? (size_t)(bad - data) : (size_t)((unsigned char *)memchr(data, 0, size) - data);
        mds__free(data);
        return mds__fail(ctx, MDS_EFORMAT, "%s: byte %zu: %s", path, at,
                         bad ? "invalid UTF-8" : "NUL byte in a word list");
    }
    st = mds__strset_add_lines(set, (const char *)data, size);
    mds__free(data);
    return st ? mds__fail(ctx, st, "%s: %s", path, mds_strerror(st)) : MDS_OK;
}

mds_status mds_model_build(mds_ctx *ctx, const char *const *inputs, size_t n_inputs,
                           const mds_model_options *options, const char *out_path)
{
    if (!ctx)
        return MDS_EINVAL;
    if (n_inputs && !inputs)
        return mds__fail(ctx, MDS_EINVAL, "no corpus list (NULL) for %zu inputs", n_inputs);
    for (size_t i = 0; i < n_inputs; i++)
        if (!inputs[i])
            return mds__fail(ctx, MDS_EINVAL, "corpus input %zu is NULL", i);
    if (!out_path)
        return mds__fail(ctx, MDS_EINVAL, "no model file to write (a NULL path)");
    mds_model_options def;
    if (!options) {
        mds_model_options_default(&def);
        options = &def;
    }
    const char *lang = mds__stemmer_name(options->lang ? options->lang : "english");
    if (!lang)
        return mds__fail(ctx, MDS_ELANG, "language \"%s\" is not known to the Snowball stemmer",
                         options->lang);
    char why[160];
    if (!mds__model_check_shape(options->bucket_bits, options->dimensions, why, sizeof why))
        return mds__fail(ctx, MDS_EINVAL, "%s", why);
    if (!(options->idf_blend >= 0 && options->idf_blend <= 1))
        return mds__fail(ctx, MDS_EINVAL, "idf blend %g out of range [0, 1]", options->idf_blend);
    if (n_inputs == 0)
        return mds__fail(ctx, MDS_EEMPTY, "no corpus given");

    mds__model m;
    memset(&m, 0, sizeof m);
    builder b = {.ctx = ctx, .opt = options, .m = &m};
    mds_status st = MDS_OK;
    m.version = MDS__MODEL_VERSION;
    snprintf(m.lang, sizeof m.lang, "%s", lang);
    m.seed = options->seed;
    m.bucket_bits = options->bucket_bits;
    m.dim = options->dimensions;
    m.bigrams = options->bigrams ? 1 : 0;
    m.idf_blend = (float)options->idf_blend;
    size_t nb = (size_t)1 << m.bucket_bits;
    m.df = mds__calloc(nb, sizeof *m.df);
    b.seen = mds__calloc(nb, sizeof *b.seen);
    if (!m.df || !b.seen) {
        st = mds__fail(ctx, MDS_ENOMEM, "out of memory");
        goto done;
    }
    if ((st = load_list(ctx, options->stopwords, &m.stopwords)) ||
        (st = load_list(ctx, options->abbreviations, &m.abbrevs)) ||
        (st = load_list(ctx, options->phrases, &m.phrases)))
        goto done;
    if ((st = mds__featurizer_new(lang, &m.stopwords, m.bigrams, &b.feat))) {
        mds__fail(ctx, st, "language \"%s\": %s", lang, mds_strerror(st));
        goto done;
    }
    for (size_t i = 0; i < n_inputs && !st; i++)
        st = count_path(&b, inputs[i], 0);
    if (st)
        goto done;
    if (m.ndocs == 0) {
        st = mds__fail(ctx, MDS_EEMPTY, "the corpus has no document with text");
        goto done;
    }
    char *img = NULL;
    size_t size = 0;
    if ((st = mds__model_serialize(&m, &img, &size))) {
        mds__fail(ctx, st, "serializing the model: %s", mds_strerror(st));
        goto done;
    }
    int err = 0;
    if ((st = mds__write_file_atomic(out_path, img, size, &err)))
        mds__fail(ctx, st, "%s: %s", out_path, strerror(err));
    mds__free(img);
done:
    mds__terms_free(&b.terms);
    mds__featurizer_free(b.feat);
    mds__free(b.seen);
    mds__model_free(&m);
    return st;
}
