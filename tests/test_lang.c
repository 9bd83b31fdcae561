/* SPDX-License-Identifier: MIT */
/* Languages: the table and its names, the sentence rules of each language on the cases the
 * issue reported (German ordinals and "bzw.", French spacing and guillemets, Spanish ¿¡) and
 * on Chinese and Japanese written without spaces, the UD-derived word lists, detection, the
 * dictionary word breaks, and whole runs through the public API. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "mds.h"
#include "text/features.h"
#include "text/lang.h"
#include "text/segment.h"
#include "util/alloc.h"
#include "testutil.h"

/* Splits `in` by the rules of language `code` and checks the sentences against out[]. */
static void check_split(const char *code, const char *in, const char *const *out)
{
    const mds__lang *l = mds__lang_find(code);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    mds__strset ab;
    mds__strset_init(&ab);
    CU_ASSERT_EQUAL_FATAL(mds__lang_abbrevs(l, &ab), MDS_OK);
    mds__seg_rules rules = {.abbrevs = &ab, .flags = l->seg};
    mds__span *sp = NULL;
    size_t n = 0, cap = 0, want = 0;
    CU_ASSERT_EQUAL_FATAL(mds__segment_rules(in, strlen(in), 0, &rules, &sp, &n, &cap), MDS_OK);
    while (out[want])
        want++;
    CU_ASSERT_EQUAL(n, want);
    for (size_t i = 0; i < n && i < want; i++) {
        size_t len = sp[i].end - sp[i].start;
        int same = len == strlen(out[i]) && memcmp(in + sp[i].start, out[i], len) == 0;
        if (!same)
            fprintf(stderr, "\n  %s: got \"%.*s\", want \"%s\"", code, (int)len,
                    in + sp[i].start, out[i]);
        CU_ASSERT(same);
    }
    if (n != want)
        fprintf(stderr, "\n  %s: %zu sentences, want %zu: %s", code, n, want, in);
    mds__free(sp);
    mds__strset_free(&ab);
}

#define SPLIT(code, in, ...)                                                                   \
    do {                                                                                       \
        static const char *const want_[] = {__VA_ARGS__, NULL};                               \
        check_split(code, in, want_);                                                          \
    } while (0)

static void test_german(void)
{
    /* the issue's cases: an ordinal before a month, "bzw." and "z. B." */
    SPLIT("de", "Viele Menschen feierten in der Nacht des 9. Oktober 1990 trat die DDR bei.",
          "Viele Menschen feierten in der Nacht des 9. Oktober 1990 trat die DDR bei.");
    SPLIT("de", "Am 31. August bzw. 21. November 2012 holte sie 7000 bzw. 7500 Euro ab.",
          "Am 31. August bzw. 21. November 2012 holte sie 7000 bzw. 7500 Euro ab.");
    SPLIT("de", "Das gilt z. B. für Äpfel. Birnen sind anders.", "Das gilt z. B. für Äpfel.",
          "Birnen sind anders.");
    SPLIT("de", "Er kam am 3. Mai. Die Feier begann sofort.", "Er kam am 3. Mai.",
          "Die Feier begann sofort.");
    /* an ordinal before a sentence opener, and a year, still end the sentence */
    SPLIT("de", "Sie wurde 1990 Dritte von 12. Die Siegerin kam aus Bern.",
          "Sie wurde 1990 Dritte von 12.", "Die Siegerin kam aus Bern.");
    SPLIT("de", "Das war im Jahr 2012. Danach zog sie nach Wien.", "Das war im Jahr 2012.",
          "Danach zog sie nach Wien.");
    SPLIT("de", "Er las Kant, Hegel usw. Die Nacht war lang.", "Er las Kant, Hegel usw.",
          "Die Nacht war lang.");
}

static void test_french(void)
{
    /* the issue's case: spaces before ? and », guillemets */
    SPLIT("fr",
          "Le roi a demandé hier soir au palais : « Est-ce une révolte ? » Le duc lui a "
          "répondu très calmement : « Non, Sire, c’est une révolution. »",
          "Le roi a demandé hier soir au palais : « Est-ce une révolte ? »",
          "Le duc lui a répondu très calmement : « Non, Sire, c’est une révolution. »");
    SPLIT("fr", "Il a crié « Vive le roi ! » et il est parti. M. Dupont est resté.",
          "Il a crié « Vive le roi ! » et il est parti.", "M. Dupont est resté.");
    SPLIT("fr", "Quoi ? Vraiment ! Oui.", "Quoi ?", "Vraiment !", "Oui.");
}

static void test_romance_and_others(void)
{
    SPLIT("es", "¿Qué pasó ayer en Madrid? ¡Nadie lo sabe! El Sr. García dijo que no.",
          "¿Qué pasó ayer en Madrid?", "¡Nadie lo sabe!", "El Sr. García dijo que no.");
    SPLIT("es", "Vive en la Avda. de la Paz, núm. 3. Tiene dos hijos.",
          "Vive en la Avda. de la Paz, núm. 3.", "Tiene dos hijos.");
    SPLIT("it", "Il dott. Rossi è arrivato. La sig.ra Bianchi no.", "Il dott. Rossi è arrivato.",
          "La sig.ra Bianchi no.");
    SPLIT("pt", "O Sr. Silva chegou. A Dra. Costa saiu.", "O Sr. Silva chegou.",
          "A Dra. Costa saiu.");
    SPLIT("nl", "Dhr. Jansen kwam bijv. te laat. Hij had pech.", "Dhr. Jansen kwam bijv. te laat.",
          "Hij had pech.");
    SPLIT("ru", "Он родился в 1950 г. в Москве. Потом переехал.", "Он родился в 1950 г. в Москве.",
          "Потом переехал.");
    SPLIT("pl", "Spotkanie odbyło się 3. maja, tzn. w piątek. Potem wrócił m.in. do domu.",
          "Spotkanie odbyło się 3. maja, tzn. w piątek.", "Potem wrócił m.in. do domu.");
    SPLIT("sv", "Han köpte bl.a. äpplen. Hon köpte päron.", "Han köpte bl.a. äpplen.",
          "Hon köpte päron.");
}

static void test_cjk_split(void)
{
    SPLIT("zh", "今天天气很好。我们去公园散步吧！你觉得怎么样？好的。",
          "今天天气很好。", "我们去公园散步吧！", "你觉得怎么样？", "好的。");
    SPLIT("ja", "今日は晴れです。公園に行きましょう！いいですか？「はい。」と彼は言った。",
          "今日は晴れです。", "公園に行きましょう！", "いいですか？", "「はい。」と彼は言った。");
}

static void test_names(void)
{
    CU_ASSERT_EQUAL(mds__lang_count(), 12);
    CU_ASSERT_STRING_EQUAL(mds__lang_find("de")->name, "german");
    CU_ASSERT_STRING_EQUAL(mds__lang_find("GERMAN")->name, "german");
    CU_ASSERT_STRING_EQUAL(mds__lang_find("deu")->name, "german");
    CU_ASSERT_STRING_EQUAL(mds__lang_find("ger")->name, "german");
    CU_ASSERT_STRING_EQUAL(mds__lang_find("pt-BR")->name, "portuguese");
    CU_ASSERT_STRING_EQUAL(mds__lang_find("zh_Hans")->name, "chinese");
    CU_ASSERT_STRING_EQUAL(mds__lang_find("jpn")->name, "japanese");
    CU_ASSERT_PTR_NULL(mds__lang_find("xx"));
    CU_ASSERT_PTR_NULL(mds__lang_find(""));
    CU_ASSERT_PTR_NULL(mds__lang_find("auto"));
    CU_ASSERT_PTR_NULL(mds__lang_find("a-very-long-name-that-is-no-language-at-all"));
    CU_ASSERT_PTR_NULL(mds__lang_get(12));
    char list[512];
    mds__lang_list(list, sizeof list);
    CU_ASSERT_PTR_NOT_NULL(strstr(list, "japanese (ja)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(list, "english (en), german (de)"));
    char tiny[8];
    mds__lang_list(tiny, sizeof tiny);
    CU_ASSERT_EQUAL(strlen(tiny), 7);
    /* the public view is the same table */
    const char *code = NULL;
    CU_ASSERT_EQUAL(mds_language_count(), 12);
    CU_ASSERT_STRING_EQUAL(mds_language_name(10, &code), "chinese");
    CU_ASSERT_STRING_EQUAL(code, "zh");
    CU_ASSERT_PTR_NULL(mds_language_name(12, &code));
    CU_ASSERT_PTR_NULL(code);
}

static void test_word_lists(void)
{
    static const struct {
        const char *code, *stop, *not_stop;
    } w[] = {
        {"en", "the", "house"},  {"de", "und", "haus"},   {"fr", "le", "maison"},
        {"es", "el", "casa"},    {"it", "il", "casa"},    {"pt", "que", "casa"},
        {"nl", "het", "huis"},   {"ru", "и", "дом"},      {"pl", "się", "dom"},
        {"sv", "och", "hus"},    {"zh", "的", "公园"},    {"ja", "の", "公園"},
    };
    for (size_t i = 0; i < sizeof w / sizeof *w; i++) {
        mds__strset s;
        mds__strset_init(&s);
        CU_ASSERT_EQUAL_FATAL(mds__lang_stopwords(mds__lang_find(w[i].code), &s), MDS_OK);
        CU_ASSERT(s.count >= 50);
        CU_ASSERT(mds__strset_has(&s, w[i].stop, strlen(w[i].stop)));
        CU_ASSERT(!mds__strset_has(&s, w[i].not_stop, strlen(w[i].not_stop)));
        mds__strset_free(&s);
    }
    mds__strset ab;
    mds__strset_init(&ab);
    CU_ASSERT_EQUAL_FATAL(mds__lang_abbrevs(mds__lang_find("de"), &ab), MDS_OK);
    CU_ASSERT(mds__strset_has(&ab, "=bzw", 4));
    CU_ASSERT(mds__strset_has(&ab, "^die", 4)); /* stopwords open sentences */
    mds__strset_free(&ab);
}

static const char *detect(const char *text)
{
    const mds__lang *l = (const mds__lang *)1;
    double share = -1;
    size_t len = strlen(text);
    CU_ASSERT_EQUAL(mds__lang_detect(&text, &len, 1, &l, &share), MDS_OK);
    CU_ASSERT(share >= 0 && share <= 1);
    return l ? l->code : "none";
}

static void test_detect(void)
{
    CU_ASSERT_STRING_EQUAL(detect("The minister said that the talks would go on in the spring."),
                           "en");
    CU_ASSERT_STRING_EQUAL(detect("Der Minister sagte, dass die Gespräche im Frühjahr weitergehen."),
                           "de");
    CU_ASSERT_STRING_EQUAL(detect("Le ministre a dit que les pourparlers reprendront au printemps."),
                           "fr");
    CU_ASSERT_STRING_EQUAL(detect("El ministro dijo que las conversaciones seguirán en la primavera."),
                           "es");
    CU_ASSERT_STRING_EQUAL(detect("Il ministro ha detto che i colloqui continueranno in primavera."),
                           "it");
    CU_ASSERT_STRING_EQUAL(detect("O ministro disse que as conversas vão continuar na primavera."),
                           "pt");
    CU_ASSERT_STRING_EQUAL(detect("De minister zei dat de gesprekken in het voorjaar doorgaan."),
                           "nl");
    CU_ASSERT_STRING_EQUAL(detect("Министр сказал, что переговоры продолжатся весной."), "ru");
    CU_ASSERT_STRING_EQUAL(detect("Minister powiedział, że rozmowy będą kontynuowane wiosną i "
                                  "że nie ma się czego bać."),
                           "pl");
    CU_ASSERT_STRING_EQUAL(detect("Ministern sa att samtalen ska fortsätta under våren och att "
                                  "det är bra."),
                           "sv");
    CU_ASSERT_STRING_EQUAL(detect("部长说，谈判将在春天继续进行。"), "zh");
    CU_ASSERT_STRING_EQUAL(detect("大臣は、交渉は春に続くと述べました。"), "ja");
    CU_ASSERT_STRING_EQUAL(detect("1234 -- 5678 !!"), "none");
    CU_ASSERT_STRING_EQUAL(detect(""), "none");
    /* bytes that are not UTF-8 are no letters and stop nothing */
    CU_ASSERT_STRING_EQUAL(detect("\xff\xfe die und der \xc3"), "de");
}

/* Chinese and Japanese words come from ICU's dictionary, not one per character. */
static void test_wordseg(void)
{
    mds__featurizer *f = NULL;
    CU_ASSERT_EQUAL_FATAL(mds__featurizer_new("chinese", NULL, 0, &f), MDS_OK);
    mds__terms t = {0};
    const char *s = "中国队战胜了日本队。";
    CU_ASSERT_EQUAL_FATAL(mds__features_extract(f, s, strlen(s), &t), MDS_OK);
    int found = 0;
    for (size_t k = 0; k < t.n; k++)
        if (strcmp(t.buf + t.offs[k], "日本") == 0 || strcmp(t.buf + t.offs[k], "日本队") == 0)
            found = 1;
#ifdef MDS_HAVE_ICU
    CU_ASSERT(found);
    CU_ASSERT(t.n >= 3 && t.n < 9); /* words, not characters (9 of them) */
#else
    CU_ASSERT(t.n == 9); /* no dictionary: one word per ideograph */
#endif
    mds__terms_free(&t);
    mds__featurizer_free(f);

    CU_ASSERT_EQUAL_FATAL(mds__featurizer_new("ja", NULL, 0, &f), MDS_OK);
    s = "東京で防災訓練が行われました。";
    CU_ASSERT_EQUAL_FATAL(mds__features_extract(f, s, strlen(s), &t), MDS_OK);
    found = 0;
    for (size_t k = 0; k < t.n; k++)
        if (strcmp(t.buf + t.offs[k], "東京") == 0)
            found = 1;
#ifdef MDS_HAVE_ICU
    CU_ASSERT(found);
#endif
    mds__terms_free(&t);
    mds__featurizer_free(f);
    /* Polish has no Snowball stemmer: words as they are */
    CU_ASSERT_EQUAL_FATAL(mds__featurizer_new("polish", NULL, 0, &f), MDS_OK);
    mds__featurizer_free(f);
}

/* Runs the summarizer on documents; returns the result (NULL on failure, with *st). */
static mds_result *run(const char *const *docs, size_t n, const char *lang, const char *words,
                       mds_status *st)
{
    mds_ctx *ctx = NULL;
    mds_cluster *c = NULL;
    mds_params *p = NULL;
    mds_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_ctx_new(&ctx), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "d%zu", i);
        CU_ASSERT_EQUAL_FATAL(mds_cluster_add_memory(c, name, docs[i], strlen(docs[i])), MDS_OK);
    }
    CU_ASSERT_EQUAL_FATAL(mds_params_new(&p), MDS_OK);
    if (lang)
        CU_ASSERT_EQUAL_FATAL(mds_params_set_string(p, MDS_PARAM_LANG, lang), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_params_set_string(p, MDS_PARAM_MIN_WORDS, "1"), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_params_set_string(p, MDS_PARAM_BUDGET, words), MDS_OK);
    *st = mds_summarize(ctx, c, p, &r);
    mds_params_free(p);
    mds_cluster_free(c);
    mds_ctx_free(ctx);
    return r;
}

static void test_runs(void)
{
    mds_status st;
    char lang[32];
    /* French: the document no longer vanishes, and auto finds the language */
    const char *fr[] = {"Le roi a demandé hier soir au palais : « Est-ce une révolte ? » Le duc "
                        "lui a répondu très calmement : « Non, Sire, c’est une révolution. »\n"};
    mds_result *r = run(fr, 1, NULL, "100", &st);
    CU_ASSERT_EQUAL_FATAL(st, MDS_OK);
    CU_ASSERT_EQUAL(mds_result_count(r), 2);
    CU_ASSERT_EQUAL(mds_params_get_string(mds_result_params(r), MDS_PARAM_LANG, lang, sizeof lang),
                    MDS_OK);
    CU_ASSERT_STRING_EQUAL(lang, "french");
    mds_stats s;
    mds_result_stats(r, &s);
    CU_ASSERT_EQUAL(s.lang_detected, 1);
    char *json = NULL;
    CU_ASSERT_EQUAL(mds_result_render(r, MDS_FORMAT_JSON, &json, NULL), MDS_OK);
    CU_ASSERT_PTR_NOT_NULL(json && strstr(json, "\"lang_detected\": true"));
    CU_ASSERT_PTR_NOT_NULL(json && strstr(json, "\"french\""));
    mds_free(json);
    mds_result_free(r);

    /* German, asked for by code: one sentence */
    const char *de[] = {"Am 31. August bzw. 21. November 2012 holte sie 7000 bzw. 7500 Euro ab.\n"};
    r = run(de, 1, "de", "100", &st);
    CU_ASSERT_EQUAL_FATAL(st, MDS_OK);
    CU_ASSERT_EQUAL(mds_result_count(r), 1);
    mds_result_stats(r, &s);
    CU_ASSERT_EQUAL(s.lang_detected, 0);
    mds_result_free(r);

    /* a Chinese cluster and a Japanese cluster summarize, within a character budget */
    const char *zh[] = {
        "北京时间昨天晚上，中国队在世界杯预选赛中以二比零战胜了日本队。这是中国队十年来第一次"
        "战胜日本队。球迷们在街头庆祝胜利。\n",
        "中国队昨晚战胜日本队，球迷非常高兴。教练表示球队还需要继续努力。下一场比赛将在下周举行。\n",
        "世界杯预选赛中，中国队以二比零击败日本队。两个进球都在下半场。\n"};
    r = run(zh, 3, NULL, "40", &st);
    CU_ASSERT_EQUAL_FATAL(st, MDS_OK);
    CU_ASSERT(mds_result_count(r) >= 1);
    size_t words = 0;
    for (size_t i = 0; i < mds_result_count(r); i++)
        words += mds_result_sentence(r, i)->words;
    CU_ASSERT(words > 0 && words <= 40); /* characters count as words */
    mds_params_get_string(mds_result_params(r), MDS_PARAM_LANG, lang, sizeof lang);
    CU_ASSERT_STRING_EQUAL(lang, "chinese");
    mds_result_free(r);

    const char *ja[] = {
        "東京で昨日、大規模な地震の防災訓練が行われました。訓練には市民およそ五千人が参加しました。"
        "参加者は避難経路を確認し、消火器の使い方を学びました。\n",
        "昨日の防災訓練では、多くの市民が避難の手順を確かめました。地震が起きたときに慌てないことが"
        "重要です。担当者は来年も訓練を続ける予定だと述べました。\n"};
    r = run(ja, 2, "auto", "60", &st);
    CU_ASSERT_EQUAL_FATAL(st, MDS_OK);
    CU_ASSERT(mds_result_count(r) >= 1);
    mds_params_get_string(mds_result_params(r), MDS_PARAM_LANG, lang, sizeof lang);
    CU_ASSERT_STRING_EQUAL(lang, "japanese");
    mds_result_free(r);

    /* an unknown language is refused, naming the known ones */
    r = run(de, 1, "xx", "100", &st);
    CU_ASSERT_EQUAL(st, MDS_ELANG);
    CU_ASSERT_PTR_NULL(r);
}

/* ---- detection: the fast path against the general one ---------------------------------------- */

static uint64_t lang_rng_state = 0x9E3779B97F4A7C15u;
static uint64_t lang_rng(void) { return tu_rng(&lang_rng_state); }

/* Stopwords of several languages, letters of other scripts, marks, bytes that are not UTF-8,
 * capitals, and words near the 64-byte bound of the lookup. */
static const char *const lang_pieces[] = {
    "the", "The", "THE", "and", "of", "der", "die", "und", "le", "les", "que", "el", "la",
    "de", "het", "een", "och", "att", "że", "się", "già", "über", "Über", "où", "ÉTÉ", " ",
    " ", " ", ", ", ". ", "\n", "-", "'", "’", "x", "court", "1999", "Straße", "e\xCC\x81",
    "\xCC\x81", "日本", "カナ", "Москва", "\xFF", "\xC3", "\xE2\x80", "İ", "ǅ", "Ω",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "ééééééééééééééééééééééééééééé", "ÀÀÀÀÀ", "don't", "n't", "\t",
    /* the longest stopword, and words just shorter and longer (the fast path looks up no
     * word longer than every stopword, and keeps up to 16 bytes in its entries) */
    "prawdopodobnie", "PRAWDOPODOBNIE", "prawdopodobni", "prawdopodobniej", "sixteenletterswx",
    "seventeenletterwx", "przez", "(", "\"", "0-9",
};

static size_t lang_text(char *buf, size_t cap, size_t npieces)
{
    size_t len = 0;
    for (size_t k = 0; k < npieces; k++) {
        const char *p = lang_pieces[lang_rng() % (sizeof lang_pieces / sizeof *lang_pieces)];
        size_t n = strlen(p);
        if (len + n >= cap)
            break;
        memcpy(buf + len, p, n);
        len += n;
    }
    buf[len] = '\0';
    return len;
}

static void test_detect_fast_equals_general(void)
{
    static char bufs[4][40000];
    size_t bad = 0;
    for (int it = 0; it < 400; it++) {
        const char *texts[4];
        size_t lens[4], n = 1 + (size_t)(lang_rng() % 4);
        for (size_t d = 0; d < n; d++) {
            size_t np = it % 50 == 0 ? 8000 : (size_t)(lang_rng() % 200);
            lens[d] = lang_text(bufs[d], sizeof bufs[d], np);
            texts[d] = bufs[d];
        }
        const mds__lang *a = NULL, *b = NULL;
        double sa = -1, sb = -2;
        CU_ASSERT(mds__lang_detect(texts, lens, n, &a, &sa) == MDS_OK);
        CU_ASSERT(mds__lang_detect_general(texts, lens, n, &b, &sb) == MDS_OK);
        int ok = a == b && memcmp(&sa, &sb, sizeof sa) == 0;
        if (!ok && bad++ < 3)
            fprintf(stderr, "\ndetection differs (%s %g, general %s %g) on \"%.200s\"\n",
                    a ? a->code : "none", sa, b ? b->code : "none", sb, texts[0]);
        CU_ASSERT(ok);
    }
}

/* Mostly ASCII texts, as news is: the fast path takes them sixteen bytes at a time, with
 * the words that cross a block's end, or meet a byte from 0x80 on, left to its byte path;
 * the stopwords at every offset, between letters' ASCII neighbours ('@' '[' '`' '{'),
 * digits and punctuation; the share must be the general path's to the bit. */
static void test_detect_ascii_blocks(void)
{
    static const char *const pieces[] = {
        "the", "The", "and", "of", "der", "und", "le", "que", "het", "och", "a", "I",
        "x", "court", "ruling", "sixteenletterswx", "fifteenletterwx", "prawdopodobnie",
        "prawdopodobniej", "Bundesverfassungsgericht", "@", "[", "`", "{", "Z", "z", "A",
        " ", " ", " ", " ", ", ", ". ", "\n", "1999", "0", "-", "'", "\"", "é", "’", "\xFF",
    };
    static char bufs[3][20000];
    size_t bad = 0;
    for (int it = 0; it < 600; it++) {
        const char *texts[3];
        size_t lens[3], n = 1 + (size_t)(lang_rng() % 3);
        /* the rarer the last pieces (the bytes from 0x80 on), the longer the ASCII runs */
        size_t np = sizeof pieces / sizeof *pieces, ascii = np - 3;
        unsigned rare = (unsigned)(lang_rng() % 4);
        for (size_t d = 0; d < n; d++) {
            size_t len = 0, want = (size_t)(lang_rng() % (it % 20 == 0 ? 4000 : 300));
            for (size_t k = 0; k < want; k++) {
                size_t r = (size_t)(lang_rng() % 64) < rare ? ascii + (size_t)(lang_rng() % 3)
                                                            : (size_t)(lang_rng() % ascii);
                size_t m = strlen(pieces[r]);
                if (len + m >= sizeof bufs[d])
                    break;
                memcpy(bufs[d] + len, pieces[r], m);
                len += m;
            }
            lens[d] = len;
            texts[d] = bufs[d];
        }
        const mds__lang *a = NULL, *b = NULL, *c = NULL;
        double sa = -1, sb = -2;
        CU_ASSERT(mds__lang_detect(texts, lens, n, &a, &sa) == MDS_OK);
        CU_ASSERT(mds__lang_detect(texts, lens, n, &c, NULL) == MDS_OK);
        CU_ASSERT(mds__lang_detect_general(texts, lens, n, &b, &sb) == MDS_OK);
        int ok = a == b && c == b && memcmp(&sa, &sb, sizeof sa) == 0;
        if (!ok && bad++ < 3)
            fprintf(stderr, "\nASCII detection differs (%s %g, alone %s, general %s %g) on "
                            "\"%.200s\"\n",
                    a ? a->code : "none", sa, c ? c->code : "none", b ? b->code : "none", sb,
                    texts[0]);
        CU_ASSERT(ok);
    }
}

/* The early end's bound on the words left must not fall short: German ahead after the first
 * text by exactly the English stopwords of the second (a tie, which English wins), or by one
 * more (German), the second text's words between runs of ASCII that are no letters, at every
 * alignment to sixteen bytes, with a letter from 0x80 on now and then. */
static void test_detect_exit_bound(void)
{
    static const char *const en[] = {"the", "and", "they", "The", "AND"};
    static const char *const de[] = {"und", "nicht", "sich"};
    static const char *const gap[] = {" ", ", ", "@", "[", "`", "{", "1", "\n", "--", " 42 "};
    static char t1[4096], t2[4096];
    for (int it = 0; it < 800; it++) {
        size_t words = 1 + (size_t)(lang_rng() % 200), ahead = (size_t)(lang_rng() % 2);
        size_t l1 = 0, l2 = (size_t)(lang_rng() % 17);
        memset(t2, ' ', l2); /* the alignment */
        for (size_t w = 0; w < words; w++) {
            const char *e = en[lang_rng() % 5], *g = gap[lang_rng() % 10];
            if (lang_rng() % 50 == 0)
                g = " é "; /* a word of its own, of no language here */
            memcpy(t2 + l2, e, strlen(e)), l2 += strlen(e);
            memcpy(t2 + l2, g, strlen(g)), l2 += strlen(g);
        }
        /* " é " adds a word to the second text's count; German leads by the English words */
        for (size_t w = 0; w < words + ahead; w++) {
            const char *g = de[lang_rng() % 3];
            memcpy(t1 + l1, g, strlen(g)), l1 += strlen(g);
            t1[l1++] = lang_rng() % 2 ? ' ' : ',';
        }
        const char *texts[2] = {t1, t2};
        size_t lens[2] = {l1, l2};
        const mds__lang *a = NULL, *g = NULL;
        double sg;
        CU_ASSERT(mds__lang_detect(texts, lens, 2, &a, NULL) == MDS_OK);
        CU_ASSERT(mds__lang_detect_general(texts, lens, 2, &g, &sg) == MDS_OK);
        CU_ASSERT_PTR_NOT_NULL_FATAL(a);
        CU_ASSERT(a == g);
        CU_ASSERT_STRING_EQUAL(a->code, ahead ? "de" : "en");
    }
}

/* The verdict alone (no share asked: counting may end early, once the words left cannot
 * change it) is the full count's, on clusters of up to 40 texts whose languages shift from
 * text to text, so that a late text can overturn an early lead: English against German,
 * French or Dutch stopwords in random proportions, near ties and exact ties (English wins
 * those, as the first language) among them, with words that are no stopword, accents and
 * bytes that are not UTF-8 between. */
static void test_detect_verdict_alone(void)
{
    static const char *const sides[4][6] = {
        {"the ", "of ", "and ", "The ", "was ", "it "},
        {"der ", "die ", "und ", "nicht ", "Über ", "sich "},
        {"les ", "que ", "une ", "où ", "été ", "dans "},
        {"het ", "een ", "niet ", "zijn ", "wij ", "ook "},
    };
    static const char *const other[] = {"court ", "ruling ", "1999, ", "x ", "Straße ",
                                        "\xFF ", "e\xCC\x81t\xC3\xA9 ", "\n\n", "-- ",
                                        "seventeenletterwx "};
    static char bufs[40][2048];
    size_t bad = 0, flips = 0;
    for (int it = 0; it < 1500; it++) {
        const char *texts[40];
        size_t lens[40], n = 1 + (size_t)(lang_rng() % 40);
        int rival = 1 + (int)(lang_rng() % 3);
        /* the cluster's English share falls (or rises) from text to text around a half */
        unsigned from = (unsigned)(lang_rng() % 101), to = (unsigned)(lang_rng() % 101);
        size_t en = 0, them = 0;
        for (size_t d = 0; d < n; d++) {
            unsigned pct = n > 1 ? from + (unsigned)(((long)to - (long)from) * (long)d /
                                                     (long)(n - 1))
                                 : from;
            size_t len = 0, words = (size_t)(lang_rng() % 120);
            for (size_t w = 0; w < words; w++) {
                const char *p;
                unsigned r = (unsigned)(lang_rng() % 100);
                if (r < 30)
                    p = other[lang_rng() % (sizeof other / sizeof *other)];
                else if ((r - 30) * 100 / 70 < pct)
                    p = sides[0][lang_rng() % 6], en++;
                else
                    p = sides[rival][lang_rng() % 6], them++;
                size_t k = strlen(p);
                if (len + k >= sizeof bufs[d])
                    break;
                memcpy(bufs[d] + len, p, k);
                len += k;
            }
            lens[d] = len;
            texts[d] = bufs[d];
        }
        /* every tenth: the last text evens the two sides out exactly, or leaves one ahead by
         * one word */
        if (it % 10 == 0 && n > 1) {
            size_t len = lens[n - 1], tie = (size_t)(lang_rng() % 3);
            while (en + (tie == 1) > them + (tie == 2) && len + 8 < sizeof bufs[0])
                memcpy(bufs[n - 1] + len, sides[rival][2], 4), len += 4, them++;
            while (them + (tie == 2) > en + (tie == 1) && len + 8 < sizeof bufs[0])
                memcpy(bufs[n - 1] + len, "and ", 4), len += 4, en++;
            lens[n - 1] = len;
        }
        const mds__lang *a = NULL, *b = NULL, *g = NULL;
        double sb = -1, sg = -1;
        CU_ASSERT(mds__lang_detect(texts, lens, n, &a, NULL) == MDS_OK);
        CU_ASSERT(mds__lang_detect(texts, lens, n, &b, &sb) == MDS_OK);
        CU_ASSERT(mds__lang_detect_general(texts, lens, n, &g, &sg) == MDS_OK);
        flips += (from > 50) != (to > 50);
        if ((a != b || b != g) && bad++ < 3)
            fprintf(stderr, "\nthe verdict alone differs: %s, with the share %s, general %s\n",
                    a ? a->code : "none", b ? b->code : "none", g ? g->code : "none");
        CU_ASSERT(a == b && b == g);
    }
    CU_ASSERT(flips > 100); /* leads that turn between the first texts and the last */
    /* German ahead after the first text by exactly the words left, all English: a tie at the
     * end, which English wins; and English ahead by as many, which German cannot undo */
    const char *tie[] = {"und, nicht. Sich", "the? AND they"};
    const char *lead[] = {"the and they", "und nicht sich"};
    size_t tie_lens[] = {16, 13}, lead_lens[] = {12, 14};
    const mds__lang *a = NULL, *b = NULL;
    CU_ASSERT(mds__lang_detect(tie, tie_lens, 2, &a, NULL) == MDS_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_STRING_EQUAL(a->code, "en");
    CU_ASSERT(mds__lang_detect(lead, lead_lens, 2, &b, NULL) == MDS_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_STRING_EQUAL(b->code, "en");
}

/* Script counts at a tie: as many Cyrillic letters as Latin ones, or one more, among random
 * ASCII (letters, their neighbours '@' '[' '`' '{', digits, punctuation): Russian exactly when
 * Cyrillic has more, so one letter miscounted shows. */
static void test_detect_script_tie(void)
{
    static char text[8192];
    for (int it = 0; it < 600; it++) {
        size_t len = 0, latin = 0, cyr = 0, want = (size_t)(lang_rng() % 300);
        while (latin < want || len == 0) {
            unsigned c = 0x20 + (unsigned)(lang_rng() % 95);
            if (lang_rng() % 4 == 0) {
                static const char near[] = "@[`{AZaz";
                c = (unsigned char)near[lang_rng() % 8];
            }
            text[len++] = (char)c;
            latin += (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
            if (lang_rng() % 9 == 0 && len + 2 < sizeof text / 2) { /* a Cyrillic letter */
                memcpy(text + len, "\xd0\xb4", 2);
                len += 2;
                cyr++;
            }
        }
        size_t more = it % 2; /* Cyrillic ties (0) or leads by one (1) */
        while (cyr < latin + more) {
            size_t at = (size_t)(lang_rng() % (len + 1));
            while (at < len && ((unsigned char)text[at] & 0xC0) == 0x80)
                at++; /* not inside a letter */
            memmove(text + at + 2, text + at, len - at);
            memcpy(text + at, "\xd0\xb4", 2);
            len += 2;
            cyr++;
        }
        while (cyr > latin + more) { /* drop Cyrillic letters from the end */
            size_t at = len;
            while (at >= 2 && memcmp(text + at - 2, "\xd0\xb4", 2) != 0)
                at--;
            memmove(text + at - 2, text + at, len - at);
            len -= 2;
            cyr--;
        }
        const char *texts[1] = {text};
        const mds__lang *l = NULL, *g = NULL;
        double sh, sg;
        CU_ASSERT(mds__lang_detect(texts, &len, 1, &l, &sh) == MDS_OK);
        CU_ASSERT(mds__lang_detect_general(texts, &len, 1, &g, &sg) == MDS_OK);
        int ru = l && strcmp(l->code, "ru") == 0;
        CU_ASSERT(ru == (int)more || latin + cyr == 0);
        CU_ASSERT(l == g);
    }
}

static CU_TestInfo tests[] = {
    {"detection: script counts at a tie", test_detect_script_tie},
    {"detection: fast path equals the general path", test_detect_fast_equals_general},
    {"detection: mostly ASCII texts, fast equals general", test_detect_ascii_blocks},
    {"detection: the early end's bound on the words left", test_detect_exit_bound},
    {"detection: the verdict alone, ending early, equals the full count's",
     test_detect_verdict_alone},
    {"German: ordinals, bzw., z. B.", test_german},
    {"French: spacing and guillemets", test_french},
    {"Spanish, Italian, Portuguese, Dutch, Russian, Polish, Swedish", test_romance_and_others},
    {"Chinese and Japanese terminators without spaces", test_cjk_split},
    {"names and codes", test_names},
    {"UD-derived word lists", test_word_lists},
    {"detection", test_detect},
    {"dictionary word breaks", test_wordseg},
    {"whole runs", test_runs},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("lang", tests, NULL, NULL); }
