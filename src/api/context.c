/* SPDX-License-Identifier: MIT */
/* Contexts: the model in use, the cached featurizer, the last error message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "api/context.h"
#include "text/lang.h"

static void set_error(mds_ctx *ctx, mds_param param, const char *fmt, va_list ap)
{
    if (ctx) {
        vsnprintf(ctx->err, sizeof ctx->err, fmt, ap);
        ctx->errparam = param;
    }
}

mds_status mds__fail(mds_ctx *ctx, mds_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error(ctx, (mds_param)0, fmt, ap);
    va_end(ap);
    return st;
}

mds_status mds__fail_param(mds_ctx *ctx, mds_status st, mds_param param, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error(ctx, param, fmt, ap);
    va_end(ap);
    return st;
}

mds_status mds_ctx_new(mds_ctx **out)
{
    if (!out)
        return MDS_EINVAL;
    *out = NULL;
    mds_ctx *ctx = mds__calloc(1, sizeof *ctx);
    if (!ctx)
        return MDS_ENOMEM;
    char msg[256] = "";
    mds_status st = mds__model_default(&ctx->model, msg, sizeof msg);
    if (st == MDS_ENOMEM) {
        /* Not a context without a model: out of memory now, maybe not on the next try. */
        mds__free(ctx);
        return st;
    }
    if (st) {
        /* No usable default: the context still works once a model file is loaded. */
        ctx->model = NULL;
        snprintf(ctx->err, sizeof ctx->err, "default model: %s", msg);
    }
    *out = ctx;
    return MDS_OK;
}

mds_status mds_ctx_new_sharing(const mds_ctx *parent, mds_ctx **out)
{
    if (!out)
        return MDS_EINVAL;
    *out = NULL;
    if (!parent)
        return MDS_EINVAL;
    mds_ctx *ctx = mds__calloc(1, sizeof *ctx);
    if (!ctx)
        return MDS_ENOMEM;
    /* Borrowed: `own` stays empty, so freeing this context leaves the model alone. The
     * model is only read after loading (idf, word lists), so any number of contexts may
     * read it at once. */
    ctx->model = parent->model;
    if (!ctx->model)
        snprintf(ctx->err, sizeof ctx->err, "%s", parent->err);
    *out = ctx;
    return MDS_OK;
}

void mds_ctx_free(mds_ctx *ctx)
{
    if (!ctx)
        return;
    mds__featurizer_free(ctx->feat);
    mds__strset_free(&ctx->lang_stop);
    if (ctx->has_own)
        mds__model_free(&ctx->own);
    mds__free(ctx);
}

mds_status mds_ctx_load_model(mds_ctx *ctx, const char *path)
{
    if (!ctx)
        return MDS_EINVAL;
    if (!path)
        return mds__fail(ctx, MDS_EINVAL, "no model file given (a NULL path)");
    mds__model m;
    char msg[512] = "";
    memset(&m, 0, sizeof m);
    /* The reader's message does not name the file: it is named here, once. */
    mds_status st = mds__model_load(path, &m, msg, sizeof msg);
    if (st)
        return mds__fail(ctx, st, "%s: %s", path, msg[0] ? msg : mds_strerror(st));
    if (ctx->has_own)
        mds__model_free(&ctx->own);
    ctx->own = m;
    ctx->has_own = 1;
    ctx->model = &ctx->own;
    /* The stopwords belong to the model: drop the cached featurizer. */
    mds__featurizer_free(ctx->feat);
    ctx->feat = NULL;
    ctx->feat_lang[0] = '\0';
    return MDS_OK;
}

const char *mds_errmsg(const mds_ctx *ctx) { return ctx ? ctx->err : "no context"; }

mds_param mds_errparam(const mds_ctx *ctx) { return ctx ? ctx->errparam : (mds_param)0; }

mds_status mds__ctx_featurizer(mds_ctx *ctx, const char *lang, mds__featurizer **out)
{
    if (ctx->feat && strcmp(ctx->feat_lang, lang) == 0) {
        *out = ctx->feat;
        return MDS_OK;
    }
    mds__featurizer_free(ctx->feat);
    ctx->feat = NULL;
    ctx->feat_lang[0] = '\0';
    /* The model's stopwords are for the model's language only; another language known to
     * text/lang.h brings its own (lang). */
    const mds__strset *stop =
        strcmp(lang, ctx->model->lang) == 0 ? &ctx->model->stopwords : NULL;
    mds_status st = MDS_OK;
    mds__strset_free(&ctx->lang_stop);
    const mds__lang *l = stop ? NULL : mds__lang_find(lang);
    if (l) {
        if ((st = mds__lang_stopwords(l, &ctx->lang_stop)))
            return mds__fail(ctx, st, "language \"%s\": %s", lang, mds_strerror(st));
        stop = &ctx->lang_stop;
    }
    st = mds__featurizer_new(lang, stop, (int)ctx->model->bigrams, &ctx->feat);
    if (st == MDS_ELANG)
        return mds__fail_param(ctx, st, MDS_PARAM_LANG,
                               "language \"%s\": not known to the Snowball stemmer", lang);
    if (st)
        return mds__fail(ctx, st, "language \"%s\": %s", lang, mds_strerror(st));
    snprintf(ctx->feat_lang, sizeof ctx->feat_lang, "%s", lang);
    *out = ctx->feat;
    return MDS_OK;
}

size_t mds_language_count(void) { return mds__lang_count(); }

const char *mds_language_name(size_t i, const char **code)
{
    const mds__lang *l = mds__lang_get(i);
    if (code)
        *code = l ? l->code : NULL;
    return l ? l->name : NULL;
}
