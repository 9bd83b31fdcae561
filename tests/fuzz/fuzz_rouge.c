/* SPDX-License-Identifier: MIT */
/* Fuzz target: the ROUGE reader and scorer (mds_rouge_score_texts), as `summarize eval`
 * reads a peer summary and its references, plain text or ROUGE's SEE html.
 *
 * Input: three option bytes, then the peer and one or two references, separated by 0xFF
 * bytes. The options pick stemming (with a small WordNet exception list), stopword removal
 * (with a small list), a limit in words or bytes, the skip distance, skip unigrams, alpha,
 * best model and the metrics. Without a 0xFF the text is its own reference. Every text is
 * an exact-size heap copy. Properties: recall, precision and F are finite and within [0, 1];
 * a text scored against itself has recall equal to precision (ROUGE-L under a byte limit
 * aside); the bootstrap over the scores stays within [0, 1]. mds_rouge_topic reads the peer's first line as a file name. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mds.h"
#include "fuzzutil.h"

static mds_ctx *ctx;
static char stopwords[4096], exceptions[4096];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char stop[] = "the\na\nof\nand\nto\nin\nis\nwas\nit\n";
    static const char exc[] = "children child\nmice mouse\nwent go\ngeese goose\nbetter good\n";
    if (mds_ctx_new(&ctx))
        abort();
    snprintf(stopwords, sizeof stopwords, "%s", fz_temp_path("stopwords"));
    snprintf(exceptions, sizeof exceptions, "%s", fz_temp_path("exceptions"));
    if (fz_write_file(stopwords, stop, sizeof stop - 1) || mkdir(exceptions, 0700) ||
        fz_write_file(fz_temp_path("exceptions/words.exc"), exc, sizeof exc - 1))
        abort();
    return 0;
}

static void in_unit(double x)
{
    FZ_CHECK(isfinite(x) && x >= 0 && x <= 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t o[3] = {0};
    memcpy(o, data, size < 3 ? size : 3);
    data += size < 3 ? size : 3;
    size -= size < 3 ? size : 3;
    const uint8_t *part[3];
    size_t part_size[3];
    size_t nparts = fz_split(data, size, part, part_size, 3);

    static const int skips[8] = {4, -1, 0, 1, 2, 3, 9, 4};
    static const double alphas[4] = {0.5, 0, 1, 0.8};
    mds_rouge_options opt;
    mds_rouge_options_default(&opt);
    opt.stem = o[0] & 1;
    opt.exceptions = (o[0] & 2) ? exceptions : "";
    opt.remove_stopwords = (o[0] >> 2) & 1;
    opt.stopwords = stopwords;
    int limit = (o[0] >> 3) & 3;
    if (limit == 1)
        opt.words = 1 + o[1] % 128;
    else if (limit == 2)
        opt.bytes = 1 + 4 * (size_t)o[1];
    opt.skip_distance = skips[(o[0] >> 5) & 7];
    opt.skip_unigrams = o[2] & 1;
    opt.alpha = alphas[(o[2] >> 1) & 3];
    opt.best_model = (o[2] >> 3) & 1;
    opt.metrics = (o[2] >> 4) & 15;
    mds_rouge *r = NULL;
    if (mds_rouge_new(ctx, &opt, &r) != MDS_OK)
        abort();

    char *text[3];
    for (size_t i = 0; i < nparts; i++)
        text[i] = (char *)fz_copy(part[i], part_size[i]);
    const char *refs[2];
    size_t ref_sizes[2], nrefs = nparts > 1 ? nparts - 1 : 1;
    for (size_t i = 0; i < nrefs; i++) {
        refs[i] = text[nparts > 1 ? i + 1 : 0];
        ref_sizes[i] = part_size[nparts > 1 ? i + 1 : 0];
    }
    mds_rouge_score s[MDS_ROUGE_NMETRICS];
    mds_status st = mds_rouge_score_texts(r, text[0], part_size[0], refs, ref_sizes, nrefs, s);
    FZ_CHECK(st == MDS_OK || st == MDS_ENOMEM);
    if (st == MDS_OK) {
        for (int m = 0; m < MDS_ROUGE_NMETRICS; m++) {
            in_unit(s[m].recall);
            in_unit(s[m].precision);
            in_unit(s[m].f);
            FZ_CHECK(s[m].hits >= 0 && s[m].model_count >= 0 && s[m].peer_count >= 0);
            /* ROUGE-1.5.5 reads a model's text for ROUGE-L apart (readText_LCS), and under
             * a byte limit it cuts it differently: there, and only there, a text scored
             * against itself may have recall below its precision. */
            if (nparts == 1 && !(opt.bytes && m == MDS_ROUGE_L))
                FZ_CHECK(s[m].recall == s[m].precision);
        }
        mds_rouge_average avg;
        st = mds_rouge_bootstrap(s, MDS_ROUGE_NMETRICS, (o[1] & 1) ? 0 : 20, 0.95, &avg);
        FZ_CHECK(st == MDS_OK || st == MDS_ENOMEM);
        for (int k = 0; k < 3 && st == MDS_OK; k++) {
            in_unit(avg.mean[k]);
            FZ_CHECK(avg.lo[k] <= avg.hi[k] + 1e-12);
        }
    }

    /* The first line as a summary's file name. */
    char name[256], topic[16];
    const char *nl = memchr(text[0], '\n', part_size[0]);
    size_t n = nl ? (size_t)(nl - text[0]) : part_size[0];
    n = n < sizeof name - 1 ? n : sizeof name - 1;
    memcpy(name, text[0], n);
    name[n] = '\0';
    st = mds_rouge_topic(name, topic, sizeof topic);
    FZ_CHECK(st == MDS_OK || st == MDS_EINVAL);
    if (st == MDS_OK)
        FZ_CHECK(strlen(topic) < sizeof topic);

    for (size_t i = 0; i < nparts; i++)
        free(text[i]);
    mds_rouge_free(r);
    return 0;
}
