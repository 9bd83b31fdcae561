/* SPDX-License-Identifier: MIT */
/* Fuzz target: the model reader (docs/model-format.md, mds__model_parse), as
 * mds_ctx_load_model and `summarize --model` read a model file.
 *
 * The input is a model file. It is parsed as it is, which mostly stops at the checksum, then
 * again with its checksum made right (fz_model_fix_checksum), so the value checks and the
 * decoders behind them are reached. A model that loads must write back (mds__model_serialize)
 * to a file that loads to the same model; and a model of a modest shape is then loaded into
 * a context from a file and used on a small fixed cluster, so its language, word lists and
 * shape reach the featurizer, the segmenter and the cleaner. (Larger shapes are left out:
 * a dimension of 2^24 is valid and makes a summary allocate gigabytes, a resource limit and
 * no memory error.) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mds.h"
#include "embed/model.h"
#include "fuzzutil.h"

static mds_ctx *ctx;
static mds_cluster *cluster;
static mds_params *params;

static const char text[] =
    "Dr. Smith of the U.S. Geological Survey said on Monday that the quake struck at 3.5 km "
    "depth near the coast. All rights reserved.\n\n"
    "The agency said the quake's epicenter was 40 kilometers east of the city, and that "
    "aftershocks were likely in the coming days.\n\n"
    "Residents don't expect more damage, officials said, but schools will stay closed on "
    "Tuesday while engineers inspect the buildings.\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    if (mds_ctx_new(&ctx) || mds_cluster_new(ctx, &cluster) ||
        mds_cluster_add_memory(cluster, "quake.txt", text, sizeof text - 1) ||
        mds_params_new(&params) ||
        mds_params_set_int(params, MDS_PARAM_BACKEND, MDS_BACKEND_CPU) ||
        mds_params_set_int(params, MDS_PARAM_MIN_WORDS, 1) ||
        mds_set_blas_threads(1))
        abort();
    return 0;
}

static int same_set(const mds__strset *a, const mds__strset *b)
{
    if (a->count != b->count)
        return 0;
    for (size_t i = 0; i < a->count; i++)
        if (a->lens[i] != b->lens[i] || memcmp(a->items[i], b->items[i], a->lens[i]) != 0)
            return 0;
    return 1;
}

static void round_trip(const mds__model *m)
{
    char *img = NULL;
    size_t n = 0;
    mds_status st = mds__model_serialize(m, &img, &n);
    FZ_CHECK(st == MDS_OK || st == MDS_ENOMEM);
    if (st)
        return;
    mds__model b;
    char msg[200];
    FZ_CHECK(mds__model_parse(img, n, &b, msg, sizeof msg) == MDS_OK);
    FZ_CHECK(strcmp(m->lang, b.lang) == 0 && m->seed == b.seed &&
             m->bucket_bits == b.bucket_bits && m->dim == b.dim && m->bigrams == b.bigrams &&
             m->ndocs == b.ndocs && memcmp(&m->idf_blend, &b.idf_blend, sizeof b.idf_blend) == 0);
    FZ_CHECK((m->df == NULL) == (b.df == NULL));
    if (m->df)
        FZ_CHECK(memcmp(m->df, b.df, ((size_t)1 << m->bucket_bits) * sizeof *m->df) == 0);
    FZ_CHECK(same_set(&m->stopwords, &b.stopwords) && same_set(&m->abbrevs, &b.abbrevs) &&
             same_set(&m->phrases, &b.phrases));
    mds__model_free(&b);
    free(img);
}

static void use(const uint8_t *img, size_t n)
{
    const char *path = fz_temp_path("model");
    if (fz_write_file(path, img, n) != 0)
        abort();
    mds_status st = mds_ctx_load_model(ctx, path);
    FZ_CHECK(st == MDS_OK || st == MDS_ENOMEM);
    if (st)
        return;
    mds_result *r = NULL;
    st = mds_summarize(ctx, cluster, params, &r);
    /* The text has sentences in every language's eyes, but a stopword list may leave them
     * without terms, or a phrase list drop them all. */
    FZ_CHECK(st == MDS_OK || st == MDS_EEMPTY || st == MDS_ENOMEM);
    if (st == MDS_OK)
        FZ_CHECK(mds_result_count(r) > 0);
    mds_result_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mds__model m;
    char msg[200];
    uint8_t *copy = fz_copy(data, size);
    mds_status st = mds__model_parse(copy, size, &m, msg, sizeof msg);
    FZ_CHECK(st == MDS_OK || st == MDS_EMODEL || st == MDS_ENOMEM);
    FZ_CHECK(memchr(msg, '\0', sizeof msg) != NULL);
    if (st == MDS_OK)
        mds__model_free(&m);

    fz_model_fix_checksum(copy, size);
    st = mds__model_parse(copy, size, &m, msg, sizeof msg);
    FZ_CHECK(st == MDS_OK || st == MDS_EMODEL || st == MDS_ENOMEM);
    if (st == MDS_OK) {
        round_trip(&m);
        if (m.bucket_bits <= 20 && m.dim <= 4096)
            use(copy, size);
        mds__model_free(&m);
    }
    free(copy);
    return 0;
}
