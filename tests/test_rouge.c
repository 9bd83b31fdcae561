/* ROUGE-1.5.5 reimplemented: the published vectors (../shared/rouge-vectors, scores printed by
 * the Perl script), and the pieces: sentences, truncation, tokens, LCS, skip-bigrams,
 * stopwords, the bootstrap and the pairing of file names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rouge.h"
#include "testutil.h"

/* The vectors live beside the repository in ../shared (../../shared from a git worktree
 * under wt/), or where $MDS_ROUGE_VECTORS says. */
static char VECTORS[2048];

static int find_vectors(void)
{
    const char *env = getenv("MDS_ROUGE_VECTORS");
    const char *cand[] = {env, MDS_SOURCE_DIR "/../shared/rouge-vectors",
                          MDS_SOURCE_DIR "/../../shared/rouge-vectors"};
    char path[4096];
    for (size_t i = 0; i < sizeof cand / sizeof cand[0]; i++) {
        if (!cand[i] || !*cand[i])
            continue;
        snprintf(path, sizeof path, "%s/expected.tsv", cand[i]);
        if (access(path, R_OK) == 0) {
            snprintf(VECTORS, sizeof VECTORS, "%s", cand[i]);
            return 1;
        }
    }
    return 0;
}

static mds_ctx *ctx;

/* ROUGE-1.5.5's folder: $ROUGE_HOME, else where this machine keeps it; NULL if neither */
static const char *rouge_home(void)
{
    static char path[4096];
    const char *h = getenv("ROUGE_HOME");
    if (!h || !*h)
        h = "/work/data/ROUGE/RELEASE-1.5.5";
    snprintf(path, sizeof path, "%s/data/smart_common_words.txt", h);
    if (access(path, R_OK) != 0)
        return NULL;
    snprintf(path, sizeof path, "%s", h);
    return path;
}

static mds_rouge *make(int stem, int stop, size_t words, size_t bytes, const char *home)
{
    mds_rouge_options o;
    mds_rouge_options_default(&o);
    o.stem = stem;
    o.remove_stopwords = stop;
    o.words = words;
    o.bytes = bytes;
    char sw[4096], ex[4096];
    if (home) {
        snprintf(sw, sizeof sw, "%s/data/smart_common_words.txt", home);
        snprintf(ex, sizeof ex, "%s/data/WordNet-2.0-Exceptions", home);
        o.stopwords = sw;
        o.exceptions = ex;
    } else {
        o.exceptions = "";
    }
    mds_rouge *r = NULL;
    mds_status st = mds_rouge_new(ctx, &o, &r);
    if (st)
        fprintf(stderr, "mds_rouge_new: %s\n", mds_errmsg(ctx));
    return r;
}

static const char *metric_names[] = {"ROUGE-1", "ROUGE-2", "ROUGE-L", "ROUGE-SU4"};

/* Every row of expected.tsv for one config; returns rows matched, counts rows in *total */
static void run_config(char config, mds_rouge *r, const char *tsv)
{
    int match[MDS_ROUGE_NMETRICS] = {0}, total[MDS_ROUGE_NMETRICS] = {0};
    char line[512];
    const char *p = tsv;
    while (*p) {
        size_t n = strcspn(p, "\n");
        snprintf(line, sizeof line, "%.*s", (int)n, p);
        p += n + (p[n] == '\n');
        char cfg[8], topic[64], peer[64], metric[32], R[16], P[16], F[16];
        if (sscanf(line, "%7s %63s %63s %31s %15s %15s %15s", cfg, topic, peer, metric, R, P, F) !=
                7 ||
            cfg[0] != config || cfg[1])
            continue;
        int m = 0;
        while (m < MDS_ROUGE_NMETRICS && strcmp(metric_names[m], metric) != 0)
            m++;
        CU_ASSERT_FATAL(m < MDS_ROUGE_NMETRICS);
        char pp[4096 + 256], ra[4096 + 256], rb[4096 + 256];
        snprintf(pp, sizeof pp, "%s/peers/%s.%s", VECTORS, topic, peer);
        snprintf(ra, sizeof ra, "%s/models/%s.M.A", VECTORS, topic);
        snprintf(rb, sizeof rb, "%s/models/%s.M.B", VECTORS, topic);
        const char *refs[] = {ra, rb};
        mds_rouge_score s[MDS_ROUGE_NMETRICS];
        CU_ASSERT_EQUAL_FATAL(mds_rouge_score_files(r, pp, refs, 2, s), MDS_OK);
        char got[64], want[64];
        snprintf(got, sizeof got, "%.5f %.5f %.5f", s[m].recall, s[m].precision, s[m].f);
        snprintf(want, sizeof want, "%s %s %s", R, P, F);
        total[m]++;
        if (strcmp(got, want) == 0)
            match[m]++;
        else
            fprintf(stderr, "\n  config %c %s %s %s: got %s, ROUGE-1.5.5 %s", config, topic, peer,
                    metric, got, want);
    }
    fprintf(stderr, "\n  config %c:", config);
    for (int m = 0; m < MDS_ROUGE_NMETRICS; m++) {
        fprintf(stderr, " %s %d/%d", metric_names[m], match[m], total[m]);
        CU_ASSERT_EQUAL(match[m], total[m]);
        CU_ASSERT(total[m] > 0);
    }
}

static void test_vectors(void)
{
    /* CI runs beside ../shared: missing vectors are a broken checkout, not a skip */
    if (!find_vectors())
        fprintf(stderr, "\n  no rouge-vectors/expected.tsv in " MDS_SOURCE_DIR
                        "/../shared or $MDS_ROUGE_VECTORS\n");
    CU_ASSERT_FATAL(VECTORS[0] != '\0');
    char path[4096];
    snprintf(path, sizeof path, "%s/expected.tsv", VECTORS);
    char *tsv = tu_read_file(path, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(tsv);
    const char *home = rouge_home();
    mds_rouge *a = make(1, 0, 100, 0, home), *b = make(0, 0, 0, 0, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    run_config('A', a, tsv);
    run_config('B', b, tsv);
    if (home) {
        mds_rouge *c = make(1, 1, 0, 665, home);
        CU_ASSERT_PTR_NOT_NULL_FATAL(c);
        run_config('C', c, tsv);
        mds_rouge_free(c);
    } else {
        fprintf(stderr, "\n  config C SKIPPED: it needs ROUGE-1.5.5's stopword list "
                        "(data/smart_common_words.txt), which is not in this repository; set "
                        "ROUGE_HOME to a ROUGE-1.5.5 folder to run it\n");
    }
    mds_rouge_free(a);
    mds_rouge_free(b);
    free(tsv);
}

static CU_TestInfo tests[] = {
    {"the ROUGE-1.5.5 vectors", test_vectors},
    CU_TEST_INFO_NULL,
};

int main(void)
{
    if (mds_ctx_new(&ctx) != MDS_OK)
        return 1;
    CU_initialize_registry();
    tu_add_suite("rouge", tests);
    int rc = tu_run();
    mds_ctx_free(ctx);
    return rc;
}
