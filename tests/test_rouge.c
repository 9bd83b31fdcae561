/* SPDX-License-Identifier: MIT */
/* ROUGE-1.5.5 reimplemented: the published vectors (../shared/rouge-vectors, scores printed by
 * the Perl script), and the pieces: sentences, truncation, tokens, LCS, skip-bigrams,
 * stopwords, the bootstrap and the pairing of file names. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eval/rouge.h"
#include "testutil.h"

/* The vectors: a copy in tests/data/rouge-vectors (from the project's shared folder, see its
 * README), or where $MDS_ROUGE_VECTORS says, or beside the repository in ../shared. */
static char VECTORS[2048];

static int find_vectors(void)
{
    const char *env = getenv("MDS_ROUGE_VECTORS");
    const char *cand[] = {env, MDS_SOURCE_DIR "/tests/data/rouge-vectors",
                          MDS_SOURCE_DIR "/../shared/rouge-vectors",
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

/* ROUGE-1.5.5's folder, $ROUGE_HOME; NULL when it is not set or holds no ROUGE data */
static const char *rouge_home(void)
{
    static char path[4096];
    const char *h = getenv("ROUGE_HOME");
    if (!h || !*h)
        return NULL;
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
    /* the vectors are in the repository: missing ones are a broken checkout, not a skip */
    if (!find_vectors())
        fprintf(stderr, "\n  no rouge-vectors/expected.tsv in " MDS_SOURCE_DIR
                        "/tests/data, $MDS_ROUGE_VECTORS or ../shared\n");
    CU_ASSERT_FATAL(VECTORS[0] != '\0');
    char path[4096];
    snprintf(path, sizeof path, "%s/expected.tsv", VECTORS);
    char *tsv = tu_read_file(path, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(tsv);
    const char *home = rouge_home();
    mds_rouge *b = make(0, 0, 0, 0, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    run_config('B', b, tsv);
    mds_rouge_free(b);
    /* -m looks words up in ROUGE's WordNet exceptions before stemming (6 of config A's 36
     * rows need them), and -s needs its stopword list: both live in ROUGE's folder */
    if (home) {
        mds_rouge *a = make(1, 0, 100, 0, home);
        CU_ASSERT_PTR_NOT_NULL_FATAL(a);
        run_config('A', a, tsv);
        mds_rouge_free(a);
    } else {
        fprintf(stderr, "\n  config A SKIPPED: its stemming (-m) needs ROUGE-1.5.5's WordNet "
                        "exceptions (data/WordNet-2.0-Exceptions), which are not in this "
                        "repository; set ROUGE_HOME to a ROUGE-1.5.5 folder to run it\n");
    }
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
    free(tsv);
}

/* ---- the pieces ---------------------------------------------------------------------------- */

static void collect_tok(void *arg, const char *tok, size_t len)
{
    char *out = arg;
    size_t n = strlen(out);
    snprintf(out + n, 256 - n, "%s%.*s", n ? "|" : "", (int)len, tok);
}

static void test_tokens(void)
{
    char out[256] = "";
    const char *s = "u.s. co-operation, $5,000 don\xe2\x80\x99t e-mail 2004's";
    CU_ASSERT_EQUAL(mds__rouge_tokens(s, strlen(s), collect_tok, out), 12);
    /* every byte but [a-z0-9] separates: hyphens, '$', commas, UTF-8 quotes */
    CU_ASSERT_STRING_EQUAL(out, "u|s|co|operation|5|000|don|t|e|mail|2004|s");
}

static void test_sentences(void)
{
    char text[] = "  First Sentence HERE.  \r\n\n\tSecond one\n";
    mds__rouge_span *sp;
    size_t n;
    CU_ASSERT_EQUAL_FATAL(mds__rouge_sentences(text, strlen(text), &sp, &n), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CU_ASSERT_EQUAL(sp[0].n, strlen("first sentence here."));
    CU_ASSERT_NSTRING_EQUAL(sp[0].s, "first sentence here.", sp[0].n);
    CU_ASSERT_NSTRING_EQUAL(sp[1].s, "second one", sp[1].n);
    free(sp);
    char see[] = "<html>\n<body bgcolor=\"white\">\n"
                 "<a name=\"1\">[1]</a> <a href=\"#1\" id=1>One Two</a>\n"
                 "<a name=\"2\">[2]</a> <a href=\"#2\" id=2>three a<b</a>\n</body>\n";
    CU_ASSERT_EQUAL_FATAL(mds__rouge_sentences(see, strlen(see), &sp, &n), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CU_ASSERT_NSTRING_EQUAL(sp[0].s, "one two", sp[0].n);
    CU_ASSERT_EQUAL(sp[1].n, strlen("three a")); /* SEE text stops at '<' */
    free(sp);
}

static void test_truncate(void)
{
    mds__rouge_span in[] = {{"a b c", 5}, {"d e f", 5}, {"g h", 3}}, out[3];
    /* words: whole sentences while under the limit, then the first words of the next */
    CU_ASSERT_EQUAL(mds__rouge_truncate(in, 3, 4, 0, 0, out), 2);
    CU_ASSERT_EQUAL(out[1].n, 1); /* "d" */
    CU_ASSERT_EQUAL(mds__rouge_truncate(in, 3, 6, 0, 0, out), 2);
    CU_ASSERT_EQUAL(out[1].n, 5);
    CU_ASSERT_EQUAL(mds__rouge_truncate(in, 3, 100, 0, 0, out), 3);
    /* bytes: sentence lengths add up without the joining spaces */
    CU_ASSERT_EQUAL(mds__rouge_truncate(in, 3, 0, 12, 0, out), 3);
    CU_ASSERT_EQUAL(out[2].n, 2); /* 5 + 5, then 2 of "g h" */
    CU_ASSERT_EQUAL(mds__rouge_truncate(in, 3, 0, 7, 0, out), 2);
    CU_ASSERT_EQUAL(out[1].n, 2);
    /* ROUGE-L's reader never adds up: each sentence is cut to the limit on its own */
    CU_ASSERT_EQUAL(mds__rouge_truncate(in, 3, 0, 7, 1, out), 3);
    CU_ASSERT_EQUAL(out[1].n, 5);
    CU_ASSERT_EQUAL(mds__rouge_truncate(in, 3, 0, 4, 1, out), 1);
    CU_ASSERT_EQUAL(out[0].n, 4);
}

static void test_lcs(void)
{
    uint32_t model[] = {1, 2, 3, 4, 5}, peer[] = {1, 3, 9, 5, 2};
    unsigned char hit[5] = {0};
    uint32_t scratch[6 * 6];
    CU_ASSERT_EQUAL(mds__rouge_lcs(model, 5, peer, 5, hit, scratch), 3);
    CU_ASSERT(hit[0] && !hit[1] && hit[2] && !hit[3] && hit[4]); /* 1 3 5 */
    uint32_t p2[] = {2, 2};
    memset(hit, 0, sizeof hit);
    CU_ASSERT_EQUAL(mds__rouge_lcs(model, 5, p2, 2, hit, scratch), 1);
    CU_ASSERT(hit[1]);
    CU_ASSERT_EQUAL(mds__rouge_lcs(model, 5, p2, 0, hit, scratch), 0);
}

static mds_rouge *plain(void)
{
    mds_rouge_options o;
    mds_rouge_options_default(&o);
    mds_rouge *r = NULL;
    CU_ASSERT_EQUAL(mds_rouge_new(ctx, &o, &r), MDS_OK);
    return r;
}

static void score1(mds_rouge *r, const char *peer, const char *ref, mds_rouge_score *s)
{
    size_t n = strlen(ref);
    CU_ASSERT_EQUAL_FATAL(mds_rouge_score_texts(r, peer, strlen(peer), &ref, &n, 1, s), MDS_OK);
}

static void test_counts(void)
{
    mds_rouge *r = plain();
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    mds_rouge_score s[MDS_ROUGE_NMETRICS];
    score1(r, "the cat sat\n", "the cat sat on the mat\n", s);
    /* ROUGE-1: 3 of 6 model words; ROUGE-2: 2 of 5 bigrams */
    CU_ASSERT_DOUBLE_EQUAL(s[MDS_ROUGE_1].recall, 0.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s[MDS_ROUGE_1].precision, 1.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s[MDS_ROUGE_1].f, 0.66667, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s[MDS_ROUGE_2].recall, 0.4, 1e-12);
    /* SU4: the model has 5 unigrams (its last word is never counted, as in ROUGE) and
     * 5+4+3+2+1 = 15 skip-bigrams (gaps up to 4 reach every pair of 6 words): 20; the peer
     * 2 unigrams + 3 pairs = 5, all found */
    CU_ASSERT_EQUAL(s[MDS_ROUGE_SU].model_count, 20);
    CU_ASSERT_EQUAL(s[MDS_ROUGE_SU].peer_count, 5);
    CU_ASSERT_EQUAL(s[MDS_ROUGE_SU].hits, 5);
    /* clipping: a repeated peer word counts as often as the model has it */
    score1(r, "the the the the\n", "the cat sat on the mat\n", s);
    CU_ASSERT_EQUAL(s[MDS_ROUGE_1].hits, 2);
    /* ROUGE-L: union LCS over the peer's sentences, per model sentence */
    score1(r, "a b\nc d\n", "a c b d\n", s);
    /* the model sentence's LCS with "a b" marks a, b; with "c d" marks c, d: the union is
     * all 4, though no single peer sentence has more than 2 in order */
    CU_ASSERT_EQUAL(s[MDS_ROUGE_L].hits, 4);
    CU_ASSERT_EQUAL(s[MDS_ROUGE_L].model_count, 4);
    /* SU with skip distance: 7 words, gaps up to 4: pair (w0, w6) is out of reach */
    score1(r, "a g\n", "a b c d e f g\n", s);
    CU_ASSERT_EQUAL(s[MDS_ROUGE_SU].hits, 1); /* the unigram a only (g is the peer's last) */
    mds_rouge_free(r);
}

/* Texts with lines but no token (an em dash alone): nothing to count, every score 0. A fresh
 * evaluator each time, so no earlier text has given its token arrays memory (issue 16,
 * defect 2: ROUGE-L's pointer into a model's or peer's tokens was NULL + 0). */
static void test_no_tokens(void)
{
#define DASH "\xe2\x80\x94\n"
#define WORDS "the cat sat\n"
    static const char *dash = DASH, *words = WORDS;
    static const struct {
        const char *peer, *ref;
        double peer_count, model_count;
    } cases[] = {{DASH, DASH, 0, 0}, {WORDS, DASH, 3, 0}, {DASH, WORDS, 0, 3}};
#undef DASH
#undef WORDS
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        mds_rouge *r = plain();
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        mds_rouge_score s[MDS_ROUGE_NMETRICS];
        score1(r, cases[i].peer, cases[i].ref, s);
        for (int m = 0; m < MDS_ROUGE_NMETRICS; m++) {
            CU_ASSERT_EQUAL(s[m].hits, 0);
            CU_ASSERT_EQUAL(s[m].recall, 0);
            CU_ASSERT_EQUAL(s[m].precision, 0);
            CU_ASSERT_EQUAL(s[m].f, 0);
        }
        CU_ASSERT_EQUAL(s[MDS_ROUGE_1].peer_count, cases[i].peer_count);
        CU_ASSERT_EQUAL(s[MDS_ROUGE_1].model_count, cases[i].model_count);
        CU_ASSERT_EQUAL(s[MDS_ROUGE_L].model_count, cases[i].model_count);
        mds_rouge_free(r);
    }
    /* the same from files, as `summarize eval` reads them: a reference is read into its own
     * cache entry */
    CU_ASSERT_EQUAL_FATAL(tu_temp_dir("rouge-dash"), 0);
    CU_ASSERT_EQUAL_FATAL(tu_put("peer", words, strlen(words)), 0);
    CU_ASSERT_EQUAL_FATAL(tu_put("ref", dash, strlen(dash)), 0);
    const char *peer = tu_at("peer"), *ref = tu_at("ref");
    mds_rouge *r = plain();
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    mds_rouge_score s[MDS_ROUGE_NMETRICS];
    const char *refs[] = {ref};
    CU_ASSERT_EQUAL(mds_rouge_score_files(r, peer, refs, 1, s), MDS_OK);
    CU_ASSERT_EQUAL(s[MDS_ROUGE_L].hits, 0);
    CU_ASSERT_EQUAL(s[MDS_ROUGE_L].f, 0);
    mds_rouge_free(r);
    CU_ASSERT_EQUAL(tu_temp_dir_remove(), 0);
}

static void test_stopwords_own_list(void)
{
    char path[] = "/tmp/mds-rouge-stop-XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(write(fd, "the\non\n", 7), 7);
    close(fd);
    mds_rouge_options o;
    mds_rouge_options_default(&o);
    o.remove_stopwords = 1;
    o.stopwords = path;
    mds_rouge *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_rouge_new(ctx, &o, &r), MDS_OK);
    mds_rouge_score s[MDS_ROUGE_NMETRICS];
    score1(r, "The cat sat\n", "the cat sat on the mat\n", s);
    /* model: cat sat mat; peer: cat sat; "sat mat" is now a bigram of the model */
    CU_ASSERT_EQUAL(s[MDS_ROUGE_1].model_count, 3);
    CU_ASSERT_EQUAL(s[MDS_ROUGE_1].peer_count, 2);
    CU_ASSERT_EQUAL(s[MDS_ROUGE_2].model_count, 2);
    CU_ASSERT_EQUAL(s[MDS_ROUGE_2].hits, 1);
    mds_rouge_free(r);
    unlink(path);
    /* asked for with no list anywhere: a clear error, not an empty list */
    o.stopwords = "/nonexistent/stopwords.txt";
    CU_ASSERT_EQUAL(mds_rouge_new(ctx, &o, &r), MDS_ENOENT);
    CU_ASSERT_PTR_NOT_NULL(strstr(mds_errmsg(ctx), "/nonexistent/stopwords.txt"));
    CU_ASSERT_PTR_NULL(r);
}

static void test_truncation_scores(void)
{
    mds_rouge_options o;
    mds_rouge_options_default(&o);
    o.words = 3;
    mds_rouge *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_rouge_new(ctx, &o, &r), MDS_OK);
    mds_rouge_score s[MDS_ROUGE_NMETRICS];
    /* both sides are cut to 3 words, counted before punctuation goes */
    score1(r, "x y, z w\n", "x y z w\n", s);
    CU_ASSERT_EQUAL(s[MDS_ROUGE_1].model_count, 3);
    CU_ASSERT_EQUAL(s[MDS_ROUGE_1].peer_count, 3);
    mds_rouge_free(r);
    mds_rouge_options_default(&o);
    o.bytes = 4;
    CU_ASSERT_EQUAL_FATAL(mds_rouge_new(ctx, &o, &r), MDS_OK);
    score1(r, "abc def\n", "abc de\n", s); /* "abc " and "abc " */
    CU_ASSERT_EQUAL(s[MDS_ROUGE_1].peer_count, 1);
    CU_ASSERT_DOUBLE_EQUAL(s[MDS_ROUGE_1].recall, 1.0, 1e-12);
    mds_rouge_free(r);
}

static void test_stemming(void)
{
    mds_rouge_options o;
    mds_rouge_options_default(&o);
    o.stem = 1;
    o.exceptions = "";
    mds_rouge *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_rouge_new(ctx, &o, &r), MDS_OK);
    CU_ASSERT_PTR_NOT_NULL(mds_rouge_warning(r)); /* no WordNet exceptions: said */
    mds_rouge_score s[MDS_ROUGE_NMETRICS];
    /* stems meet: connected/connecting, relational/relate; "cats" is 4 letters and stems,
     * "was" is 3 and does not */
    score1(r, "connected relational cats was\n", "connecting relate cat wa\n", s);
    CU_ASSERT_EQUAL(s[MDS_ROUGE_1].hits, 3);
    mds_rouge_free(r);
}

static void test_bootstrap(void)
{
    /* Perl: srand(0); rand() is 0.17082803610629 (drand48) */
    mds__rouge_rng g;
    mds__rouge_srand(&g, 0);
    CU_ASSERT_DOUBLE_EQUAL(mds__rouge_rand(&g), 0.17082803610629, 1e-13);
    mds_rouge_score s[4] = {{.recall = 0.1, .precision = 0.2, .f = 0.3},
                            {.recall = 0.2, .precision = 0.2, .f = 0.3},
                            {.recall = 0.3, .precision = 0.2, .f = 0.3},
                            {.recall = 0.4, .precision = 0.2, .f = 0.3}};
    mds_rouge_average av;
    CU_ASSERT_EQUAL_FATAL(mds_rouge_bootstrap(s, 4, 1000, 95, &av), MDS_OK);
    CU_ASSERT_DOUBLE_EQUAL(av.mean[1], 0.2, 1e-12);
    CU_ASSERT(fabs(av.mean[0] - 0.25) < 0.01);
    CU_ASSERT(av.lo[0] < av.mean[0] && av.mean[0] < av.hi[0]);
    CU_ASSERT(av.lo[0] >= 0.1 && av.hi[0] <= 0.4);
    CU_ASSERT_EQUAL_FATAL(mds_rouge_bootstrap(s, 4, 0, 95, &av), MDS_OK);
    CU_ASSERT_DOUBLE_EQUAL(av.mean[0], 0.25, 1e-12);
}

static void test_topics(void)
{
    char t[64];
    const char *cases[][2] = {
        {"D0601.M.250.A.B", "d0601"}, {"D0601.M.250.A.12", "d0601"}, {"D0601A", "d0601"},
        {"D0601A.mds.txt", "d0601"},  {"d30001.m.100.t.a", "d30001"},
        {"peers/d30001t.m.100", "d30001"}, {"D0801-A.M.100.A.1", "d0801-a"},
        {"dog.txt", "dog"}, {"d12.x", "d12"}, {"da.x", "da"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        CU_ASSERT_EQUAL_FATAL(mds_rouge_topic(cases[i][0], t, sizeof t), MDS_OK);
        CU_ASSERT_STRING_EQUAL(t, cases[i][1]);
    }
    CU_ASSERT_EQUAL(mds_rouge_topic("averyveryverylongname", t, 4), MDS_EINVAL);
}

static CU_TestInfo tests[] = {
    {"the ROUGE-1.5.5 vectors", test_vectors},
    {"tokens", test_tokens},
    {"sentences, plain and SEE", test_sentences},
    {"truncation by words and bytes", test_truncate},
    {"LCS and its backtrace", test_lcs},
    {"n-gram, skip-bigram and LCS counts", test_counts},
    {"texts without tokens score 0", test_no_tokens},
    {"stopwords from our own list", test_stopwords_own_list},
    {"truncation in scores", test_truncation_scores},
    {"stemming", test_stemming},
    {"bootstrap as ROUGE seeds it", test_bootstrap},
    {"clusters from file names", test_topics},
    CU_TEST_INFO_NULL,
};

static int setup(void) { return mds_ctx_new(&ctx) != MDS_OK; }

static int teardown(void)
{
    mds_ctx_free(ctx);
    return 0;
}

int main(void) { return tu_main("rouge", tests, setup, teardown); }
