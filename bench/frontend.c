/* SPDX-License-Identifier: MIT */
/* mds-frontend: the front end alone (cleaning, segmenting, featurizing, embedding), as
 * mds_summarize runs it, on one cluster made of every document of the folders given (so that
 * "mds-frontend CORPUS/D*" is a whole corpus as one big cluster), at -j N threads. Prints the
 * input size, the counts, the reading time (the API's, one thread) and the front end's best
 * wall time and its CPU time over --repeat runs, as MB/s and MB/s per core of CPU time.
 * For bench/frontend.sh; built by CMake beside summarize, not installed.
 *   mds-frontend [-j N] [--repeat K] DIR... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "api/context.h"
#include "api/frontend.h"
#include "embed/hashvec.h"
#include "mds.h"
#include "text/clean.h"
#include "util/alloc.h"
#include "util/clock.h"
#include "util/parallel.h"

static double cpu_seconds(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + (double)u.ru_stime.tv_sec +
           u.ru_stime.tv_usec / 1e6;
}

/* One front end of c at t threads; the candidates in *ncand. */
static mds_status front(mds_ctx *ctx, const mds_cluster *c, unsigned t, size_t *nsents,
                        size_t *ncand)
{
    const mds__model *m = ctx->model;
    size_t npara = 0, nkept = 0, n = 0, cap = 0;
    mds__sent *sents = NULL;
    mds__terms *terms = NULL;
    size_t *kept = NULL;
    uint32_t *doc_of = NULL;
    float *X = NULL;
    mds__featurizer *feat = NULL;
    for (size_t d = 0; d < c->ndocs; d++)
        npara += c->docs[d].npara;
    uint8_t *drop = mds__calloc(npara ? npara : 1, 1);
    mds__seg_rules seg = {&m->abbrevs, 0};
    mds_status st = drop ? MDS_OK : MDS_ENOMEM;
    if (!st)
        st = mds__clean_paragraphs_threads(c->docs, c->ndocs, &m->phrases, t, drop);
    if (!st)
        st = mds__frontend_segment(c->docs, c->ndocs, drop, &seg, t, &sents, &n, &cap);
    if (!st)
        st = mds__clean_sentences_threads(c->docs, sents, n, &m->phrases, t);
    if (!st)
        st = mds__ctx_featurizer(ctx, m->lang, &feat);
    if (!st && (!(terms = mds__calloc(n ? n : 1, sizeof *terms)) ||
                !(kept = mds__malloc((n ? n : 1) * sizeof *kept))))
        st = MDS_ENOMEM;
    if (!st)
        st = mds__frontend_featurize(feat, c->docs, sents, n, t, terms, NULL, kept, &nkept);
    if (!st && (!(doc_of = mds__malloc((nkept ? nkept : 1) * sizeof *doc_of)) ||
                !(X = mds__malloc((nkept ? nkept : 1) * m->dim * sizeof *X))))
        st = MDS_ENOMEM;
    for (size_t k = 0; k < nkept && !st; k++)
        doc_of[k] = sents[kept[k]].doc;
    if (!st)
        st = mds__hashvec_embed_threads(m, terms, nkept, doc_of, c->ndocs, m->idf_blend, t, X);
    for (size_t i = 0; terms && i < n; i++)
        mds__terms_free(&terms[i]);
    mds__free(terms);
    mds__free(kept);
    mds__free(doc_of);
    mds__free(X);
    mds__free(sents);
    mds__free(drop);
    *nsents = n;
    *ncand = nkept;
    return st;
}

int main(int argc, char **argv)
{
    int threads = 1, repeat = 3, first = 1;
    for (; first < argc && argv[first][0] == '-'; first += 2) {
        if (first + 1 >= argc)
            break;
        if (!strcmp(argv[first], "-j"))
            threads = atoi(argv[first + 1]);
        else if (!strcmp(argv[first], "--repeat"))
            repeat = atoi(argv[first + 1]);
        else
            break;
    }
    if (first >= argc || repeat < 1) {
        fprintf(stderr, "usage: mds-frontend [-j N] [--repeat K] DIR...\n");
        return 2;
    }
    mds_ctx *ctx = NULL;
    mds_cluster *c = NULL;
    if (mds_ctx_new(&ctx) || mds_cluster_new(ctx, &c)) {
        fprintf(stderr, "mds-frontend: no context\n");
        return 1;
    }
    double t0 = mds__now();
    for (int i = first; i < argc; i++)
        if (mds_cluster_add_dir(c, argv[i])) {
            fprintf(stderr, "mds-frontend: %s: %s\n", argv[i], mds_errmsg(ctx));
            return 1;
        }
    double read = mds__now() - t0, best = 0, best_cpu = 0;
    unsigned t = mds__threads(threads);
    size_t nsents = 0, ncand = 0;
    for (int k = 0; k < repeat; k++) {
        double w = mds__now(), u = cpu_seconds();
        if (front(ctx, c, t, &nsents, &ncand)) {
            fprintf(stderr, "mds-frontend: the front end failed\n");
            return 1;
        }
        w = mds__now() - w;
        u = cpu_seconds() - u;
        if (k == 0 || w < best)
            best = w, best_cpu = u;
    }
    double mb = (double)c->input_total / 1e6;
    printf("%.2f MB, %zu documents, %zu sentences, %zu candidates; read %.3f s (%.1f MB/s)\n",
           mb, c->ndocs, nsents, ncand, read, mb / read);
    printf("front end at -j %u: %.3f s wall, %.3f s CPU: %.1f MB/s, %.1f MB/s per core of CPU\n",
           t, best, best_cpu, mb / best, mb / best_cpu);
    mds_cluster_free(c);
    mds_ctx_free(ctx);
    return 0;
}
