/* SPDX-License-Identifier: MIT */
/* Writes small valid models, one per df encoding and a few shapes and languages, with the
 * library's own writer (mds__model_serialize): the seed corpus of fuzz_model, made at run
 * time so that no binary is kept in the tree.  Usage: fuzz_model_seeds DIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embed/model.h"
#include "fuzzutil.h"

typedef struct shape {
    const char *name, *lang;
    unsigned bits, dim;
    int bigrams;
    uint64_t ndocs;   /* 0: no df table */
    uint32_t df_base; /* counts df_base + (b * 2654435761) % df_span, at most ndocs */
    uint32_t df_span;
    const char *const *stop, *const *abbr, *const *phr;
} shape;

static const char *const en_stop[] = {"the", "of", "and", "don't", "a", NULL};
static const char *const en_abbr[] = {"dr", "mr", "u.s", "e.g", "jan", NULL};
static const char *const en_phr[] = {"all rights reserved", "click here", NULL};
static const char *const de_stop[] = {"der", "die", "und", "\xC3\xBC" "ber", NULL};
static const char *const none[] = {NULL};

static const shape shapes[] = {
    {"no-table", "english", 8, 16, 0, 0, 0, 0, en_stop, en_abbr, en_phr},
    {"varint", "english", 8, 64, 1, 100, 0, 101, en_stop, en_abbr, en_phr},
    {"u16", "none", 9, 32, 0, 60000, 1000, 59000, none, none, none},
    {"u32", "english", 8, 256, 1, 4000000000u, 300000000u, 3000000000u, en_stop, none, en_phr},
    {"german", "de", 10, 128, 0, 50, 0, 51, de_stop, none, none},
};

static void add(mds__strset *s, const char *const *w)
{
    for (; *w; w++)
        if (mds__strset_add(s, *w, strlen(*w)) != MDS_OK)
            abort();
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        const shape *s = &shapes[i];
        mds__model m;
        memset(&m, 0, sizeof m);
        mds__strset_init(&m.stopwords);
        mds__strset_init(&m.abbrevs);
        mds__strset_init(&m.phrases);
        m.version = MDS__MODEL_VERSION;
        snprintf(m.lang, sizeof m.lang, "%s", s->lang);
        m.seed = 0x9e3779b97f4a7c15ULL * (i + 1);
        m.bucket_bits = s->bits;
        m.dim = s->dim;
        m.bigrams = (uint32_t)s->bigrams;
        m.idf_blend = 0.25f * (float)(i % 5);
        m.ndocs = s->ndocs;
        if (s->ndocs) {
            size_t n = (size_t)1 << s->bits;
            if (!(m.df = malloc(n * sizeof *m.df)))
                abort();
            for (size_t b = 0; b < n; b++)
                m.df[b] = s->df_base + (uint32_t)((b * 2654435761u) % s->df_span);
        }
        add(&m.stopwords, s->stop);
        add(&m.abbrevs, s->abbr);
        add(&m.phrases, s->phr);
        char *img = NULL;
        size_t size = 0;
        char path[4096];
        snprintf(path, sizeof path, "%s/model-%s", argv[1], s->name);
        if (mds__model_serialize(&m, &img, &size) != MDS_OK ||
            fz_write_file(path, img, size) != 0) {
            fprintf(stderr, "%s: cannot write the model\n", path);
            return 1;
        }
        free(img);
        mds__model_free(&m);
    }
    return 0;
}
