/* SPDX-License-Identifier: MIT */
/* Tests for src/text/features.c: word breaking, folding, stopwords, stemming, bigrams. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/features.h"
#include "testutil.h"

static mds__strset en_stop;

/* Extracts the terms of text and joins them with '|' into out (for one readable assert). */
static mds_status terms_of(const char *lang, const mds__strset *stop, int bigrams,
                           const char *text, char *out, size_t out_size, size_t *words)
{
    mds__featurizer *f = NULL;
    mds__terms t = {0};
    mds_status st = mds__featurizer_new(lang, stop, bigrams, &f);
    if (st)
        return st;
    st = mds__features_extract(f, text, strlen(text), &t);
    out[0] = '\0';
    size_t len = 0;
    for (size_t k = 0; k < t.n && !st; k++) {
        const char *term = t.buf + t.offs[k];
        size_t n = strlen(term);
        if (len + n + 2 > out_size)
            break;
        if (k)
            out[len++] = '|';
        memcpy(out + len, term, n + 1);
        len += n;
    }
    if (words)
        *words = t.words;
    mds__terms_free(&t);
    mds__featurizer_free(f);
    return st;
}

static int setup(void) { return tu_load_list("models/en/stopwords.txt", &en_stop); }

static int teardown(void)
{
    mds__strset_free(&en_stop);
    return 0;
}

static void test_stopword_file(void)
{
    CU_ASSERT(en_stop.count >= 170 && en_stop.count <= 330);
    CU_ASSERT(mds__strset_has(&en_stop, "the", 3));
    CU_ASSERT(mds__strset_has(&en_stop, "don't", 5));
    CU_ASSERT(!mds__strset_has(&en_stop, "court", 5));
    /* Entries are folded: no upper case, no typographic apostrophe. */
    for (size_t i = 0; i < en_stop.count; i++) {
        for (const char *p = en_stop.items[i]; *p; p++)
            CU_ASSERT(!(*p >= 'A' && *p <= 'Z'));
        CU_ASSERT(strstr(en_stop.items[i], "\xE2\x80\x99") == NULL);
    }
}

/* A text, how it is featurized, and what comes out: the terms joined by '|' and the count of
 * words (stopwords count, punctuation does not). */
typedef struct terms_case {
    const char *lang;
    int stop; /* with the English stopword list */
    int bigrams;
    const char *text, *terms;
    size_t words;
} terms_case;

static const terms_case cases[] = {
    /* ---- English ---------------------------------------------------------------------- */
    {"english", 1, 0, "The court's ruling on John\xE2\x80\x99s case.", "court|rule|john|case", 6},
    {"english", 1, 0, "Running dogs were barking at the cats' owners.", "run|dog|bark|cat|owner",
     8},
    /* Hyphens break words; the hyphen itself is no term. */
    {"english", 1, 0, "A state-of-the-art e-mail system", "state|art|e|mail|system", 8},
    /* Numbers are kept whole and unstemmed. */
    {"english", 1, 0, "Growth was 3.5 percent in 2024, or 1,000,000 units.",
     "growth|3.5|percent|2024|1,000,000|unit", 9},
    /* Abbreviations with inner periods are not stemmed. */
    {"english", 1, 0, "The U.S. economy", "u.s|economi", 3},
    /* Tokens with neither letter nor digit vanish. */
    {"english", 1, 0, "-- ... !!! \xE2\x80\x94 ()", "", 0},
    {"english", 1, 0, "The cat, the dog -- and 42!", "cat|dog|42", 6},
    {"english", 1, 1, "", "", 0},

    /* ---- apostrophes: curly and straight give the same terms; contractions are stopwords */
    {"english", 1, 0,
     "It\xE2\x80\x99s the minister\xE2\x80\x99s plan; they don\xE2\x80\x99t like it.",
     "minist|plan|like", 8},
    {"english", 1, 0, "It's the minister's plan; they don't like it.", "minist|plan|like", 8},

    /* ---- NFKC and case folding -------------------------------------------------------- */
    /* The fi ligature and full-width letters fold to plain ASCII. */
    {"english", 1, 0, "\xEF\xAC\x81nest \xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3", "finest|abc", 2},
    {"english", 1, 0, "FINEST Finest finest", "finest|finest|finest", 3},
    /* Full case folding: German sharp s becomes "ss". */
    {"german", 0, 0, "Stra\xC3\x9F" "e STRASSE strasse", "strass|strass|strass", 3},
    /* Full-width digits fold to ASCII digits and are numbers. */
    {"english", 1, 0, "\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x94", "2024", 1},

    /* ---- stopwords -------------------------------------------------------------------- */
    {"english", 1, 0, "The and of to in is was", "", 7},
    /* Without a list, everything stays. */
    {"english", 0, 0, "The cat is here", "the|cat|is|here", 4},
    /* Stopwords match after folding. */
    {"english", 1, 0, "THE Cat IS", "cat", 3},

    /* ---- bigrams: adjacent after stopword removal; unigrams first, then bigrams in text
     * order */
    {"english", 1, 1, "Running dogs chase the cats",
     "run|dog|chase|cat|run dog|dog chase|chase cat", 5},
    {"english", 1, 1, "Dogs", "dog", 1},
    {"english", 1, 1, "the of", "", 2},

    /* ---- other languages -------------------------------------------------------------- */
    {"french", 0, 0, "Les chevaux mangeaient des pommes continuellement",
     "le|cheval|mang|de|pomm|continuel", 6},
    {"german", 0, 0, "Die Katzen laufen schneller als die Hunde",
     "die|katz|lauf|schnell|als|die|hund", 7},
    /* "Красивые книги" -> "красив", "книг" */
    {"russian", 0, 0,
     "\xD0\x9A\xD1\x80\xD0\xB0\xD1\x81\xD0\xB8\xD0\xB2\xD1\x8B\xD0\xB5 "
     "\xD0\xBA\xD0\xBD\xD0\xB8\xD0\xB3\xD0\xB8",
     "\xD0\xBA\xD1\x80\xD0\xB0\xD1\x81\xD0\xB8\xD0\xB2|\xD0\xBA\xD0\xBD\xD0\xB8\xD0\xB3", 2},
    {"spanish", 0, 0, "Los ni\xC3\xB1os corr\xC3\xAD" "an r\xC3\xA1pidamente",
     "los|ni\xC3\xB1|corr|rapid", 4},
    /* "none": folded words, no stemming; a code stems like its language. */
    {"none", 0, 0, "Running DOGS", "running|dogs", 2},
    {"fr", 0, 0, "chevaux", "cheval", 1},

    /* ---- CJK: ideographs break one by one, hiragana too; a katakana run stays one word.
     * UAX #29 has no dictionary, so this is what the segmentation gives. */
    /* 北京是首都。 */
    {"english", 1, 0,
     "\xE5\x8C\x97\xE4\xBA\xAC\xE6\x98\xAF\xE9\xA6\x96\xE9\x83\xBD\xE3\x80\x82",
     "\xE5\x8C\x97|\xE4\xBA\xAC|\xE6\x98\xAF|\xE9\xA6\x96|\xE9\x83\xBD", 5},
    /* 東京タワーは高い */
    {"english", 1, 0,
     "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x82\xBF\xE3\x83\xAF\xE3\x83\xBC\xE3\x81\xAF\xE9\xAB\x98"
     "\xE3\x81\x84",
     "\xE6\x9D\xB1|\xE4\xBA\xAC|\xE3\x82\xBF\xE3\x83\xAF\xE3\x83\xBC|\xE3\x81\xAF|"
     "\xE9\xAB\x98|\xE3\x81\x84",
     6},
};

static void test_cases(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const terms_case *c = &cases[i];
        char got[1024];
        size_t words = (size_t)-1;
        mds_status st = terms_of(c->lang, c->stop ? &en_stop : NULL, c->bigrams, c->text, got,
                                 sizeof got, &words);
        int ok = st == MDS_OK && strcmp(got, c->terms) == 0 && words == c->words;
        CU_ASSERT(ok);
        if (!ok)
            fprintf(stderr, "\ncase %zu (%s): \"%s\"\n  want %zu words [%s]\n  got  %zu words [%s]"
                    " (%s)\n", i, c->lang, c->text, c->words, c->terms, words, got,
                    mds_strerror(st));
    }
}

/* Names and codes a user may give, and the Snowball stemmer they pick (NULL: none). */
static void test_languages(void)
{
    static const struct {
        const char *given, *stemmer;
    } names[] = {
        {"english", "english"},  {"en", "english"},       {"EN", "english"},
        {"English", "english"},  {"eng", "english"},      {"en_US", "english"},
        {"pt-BR", "portuguese"}, {"porter", "porter"},    {"fr", "french"},
        {"de", "german"},        {"es", "spanish"},       {"ru", "russian"},
        {"no", "norwegian"},     {"sv", "swedish"},       {"fi", "finnish"},
        {"none", "none"},        {"NONE", "none"},        {"klingon", NULL},
        {"xx", NULL},            {"", NULL},              {NULL, NULL},
        {"-en", NULL},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *got = mds__stemmer_name(names[i].given);
        int ok = names[i].stemmer ? got && strcmp(got, names[i].stemmer) == 0 : got == NULL;
        CU_ASSERT(ok);
        if (!ok)
            fprintf(stderr, "\n\"%s\" gives %s\n", names[i].given ? names[i].given : "(null)",
                    got ? got : "(null)");
    }

    mds__featurizer *f = (mds__featurizer *)&f;
    CU_ASSERT_EQUAL(mds__featurizer_new("klingon", NULL, 0, &f), MDS_ELANG);
    CU_ASSERT_PTR_NULL(f);
    CU_ASSERT_EQUAL(mds__featurizer_new("fr", NULL, 0, &f), MDS_OK);
    mds__featurizer_free(f);
    mds__featurizer_free(NULL);
}

static void test_append_and_reuse(void)
{
    /* Terms are appended; reset keeps the memory; words accumulate across texts. */
    mds__featurizer *f;
    mds__terms t = {0};
    CU_ASSERT_EQUAL_FATAL(mds__featurizer_new("en", &en_stop, 1, &f), MDS_OK);
    CU_ASSERT_EQUAL(mds__features_extract(f, "red apples", 10, &t), MDS_OK);
    CU_ASSERT_EQUAL(mds__features_extract(f, "green pears", 11, &t), MDS_OK);
    /* No bigram across the two texts. */
    CU_ASSERT_EQUAL(t.n, 6);
    CU_ASSERT_EQUAL(t.words, 4);
    CU_ASSERT_STRING_EQUAL(t.buf + t.offs[2], "red appl");
    CU_ASSERT_STRING_EQUAL(t.buf + t.offs[5], "green pear");
    char *before = t.buf;
    mds__terms_reset(&t);
    CU_ASSERT_EQUAL(t.n, 0);
    CU_ASSERT_EQUAL(t.words, 0);
    CU_ASSERT_PTR_EQUAL(t.buf, before);
    /* Only the given length is read: the rest of the string is not a word. */
    CU_ASSERT_EQUAL(mds__features_extract(f, "apples and more", 6, &t), MDS_OK);
    CU_ASSERT_EQUAL(t.n, 1);
    CU_ASSERT_STRING_EQUAL(t.buf, "appl");
    /* Bytes that are not UTF-8 neither crash nor stop the other words. */
    mds__terms_reset(&t);
    CU_ASSERT_EQUAL(mds__features_extract(f, "caf\xC3 \xFF\xFE good", 12, &t), MDS_OK);
    int found = 0;
    for (size_t k = 0; k < t.n; k++)
        found |= strcmp(t.buf + t.offs[k], "good") == 0;
    CU_ASSERT(found);
    CU_ASSERT_EQUAL(t.words, 2); /* "caf" and "good"; the stray bytes are no word */
    /* A long text exercises buffer growth. */
    mds__terms_reset(&t);
    size_t n = 200000;
    char *big = malloc(n);
    CU_ASSERT_FATAL(big != NULL);
    for (size_t i = 0; i < n; i++)
        big[i] = "word "[i % 5];
    CU_ASSERT_EQUAL(mds__features_extract(f, big, n, &t), MDS_OK);
    CU_ASSERT_EQUAL(t.words, n / 5);
    CU_ASSERT_EQUAL(t.n, n / 5 * 2 - 1);
    free(big);
    mds__terms_free(&t);
    mds__terms_free(&t);
    mds__featurizer_free(f);
}

/* Marked extraction keeps stopwords (folded, unstemmed, the possessive off) with a flag, adds
 * no bigrams even where the featurizer would, and leaves plain extraction unflagged. */
static void test_marked_stopwords(void)
{
    mds__featurizer *f;
    mds__terms t = {0};
    CU_ASSERT_EQUAL_FATAL(mds__featurizer_new("en", &en_stop, 1, &f), MDS_OK);
    const char *text = "The Court's ruling of the days";
    CU_ASSERT_EQUAL(mds__features_extract_marked(f, text, strlen(text), &t), MDS_OK);
    static const char *const want[] = {"the", "court", "rule", "of", "the", "day"};
    static const uint8_t stop[] = {1, 0, 0, 1, 1, 0};
    CU_ASSERT_EQUAL_FATAL(t.n, 6);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t.stop);
    for (size_t k = 0; k < 6; k++) {
        CU_ASSERT_STRING_EQUAL(t.buf + t.offs[k], want[k]);
        CU_ASSERT_EQUAL(t.stop[k], stop[k]);
    }
    CU_ASSERT_EQUAL(t.words, 6);
    mds__terms_free(&t);
    /* plain: the three content stems and their two bigrams, no flags */
    CU_ASSERT_EQUAL(mds__features_extract(f, text, strlen(text), &t), MDS_OK);
    CU_ASSERT_EQUAL(t.n, 5);
    CU_ASSERT_PTR_NULL(t.stop);
    CU_ASSERT_STRING_EQUAL(t.buf + t.offs[3], "court rule");
    mds__terms_free(&t);
    mds__featurizer_free(f);
}

/* The content terms of a marked extraction are exactly what plain extraction gives, with
 * bigrams and without, on hard text: possessives of stopwords, numbers, abbreviations,
 * typographic apostrophes, non-ASCII, no words at all. */
static void test_content_equals_plain(void)
{
    static const char *const texts[] = {
        "The Court's ruling of the day, and its U.S. reception in 1999.",
        "It’s what they’d said: \"nothing of the sort\" -- 3.5% of it.",
        "Der Präsident sprach über die Lage.",
        "... --- !!!",
        "",
        "of the and to",
    };
    for (int bigrams = 0; bigrams <= 1; bigrams++) {
        mds__featurizer *f;
        CU_ASSERT_EQUAL_FATAL(mds__featurizer_new("en", &en_stop, bigrams, &f), MDS_OK);
        for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
            mds__terms plain = {0}, marked = {0}, content = {0};
            size_t n = strlen(texts[i]);
            CU_ASSERT_EQUAL(mds__features_extract(f, texts[i], n, &plain), MDS_OK);
            CU_ASSERT_EQUAL(mds__features_extract_marked(f, texts[i], n, &marked), MDS_OK);
            CU_ASSERT_EQUAL(mds__terms_content(f, &marked, &content), MDS_OK);
            CU_ASSERT_EQUAL(content.n, plain.n);
            CU_ASSERT_EQUAL(content.words, plain.words);
            CU_ASSERT_EQUAL(content.len, plain.len);
            if (content.len == plain.len && plain.len)
                CU_ASSERT(memcmp(content.buf, plain.buf, plain.len) == 0);
            mds__terms_free(&plain);
            mds__terms_free(&marked);
            mds__terms_free(&content);
        }
        mds__featurizer_free(f);
    }
}

/* Joins the terms of t with '|' (stopwords of a marked extraction in brackets). */
static void joined(const mds__terms *t, char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t k = 0; k < t->n; k++) {
        int stop = t->stop && t->stop[k];
        int w = snprintf(out + len, size - len, "%s%s%s%s", k ? "|" : "", stop ? "[" : "",
                         t->buf + t->offs[k], stop ? "]" : "");
        if (w < 0 || (size_t)w >= size - len)
            return;
        len += (size_t)w;
    }
}

/* A featurizer remembers what each ASCII word gave (a stopword, its stem): the second and
 * later sightings of a word, in any case, give what the first gave, in plain and marked
 * extraction alike, and still do after more distinct words than the memory holds. */
static void test_word_memory(void)
{
    static const char text[] = "The ruling, RULING and Ruling: the court's rulings of THE "
                                "Court's day, ruling's U.S. 3.5 It's it's";
    static const char plain_want[] = "rule|rule|rule|court|rule|court|day|rule|u.s|3.5";
    static const char marked_want[] = "[the]|rule|rule|[and]|rule|[the]|court|rule|[of]|[the]|"
                                      "court|day|rule|u.s|3.5|[it's]|[it's]";
    mds__featurizer *f;
    CU_ASSERT_EQUAL_FATAL(mds__featurizer_new("en", &en_stop, 0, &f), MDS_OK);
    char got[512], word[16];
    for (int round = 0; round < 3; round++) {
        mds__terms plain = {0}, marked = {0};
        CU_ASSERT_EQUAL(mds__features_extract(f, text, strlen(text), &plain), MDS_OK);
        CU_ASSERT_EQUAL(mds__features_extract_marked(f, text, strlen(text), &marked), MDS_OK);
        joined(&plain, got, sizeof got);
        CU_ASSERT_STRING_EQUAL(got, plain_want);
        joined(&marked, got, sizeof got);
        CU_ASSERT_STRING_EQUAL(got, marked_want);
        CU_ASSERT_EQUAL(plain.words, 17);
        mds__terms_free(&plain);
        mds__terms_free(&marked);
        /* more distinct words than the memory keeps (it starts over), each stemmed right */
        mds__terms t = {0};
        for (unsigned k = 0; k < 40000 && round < 2; k++) {
            unsigned v = k;
            size_t n = 0;
            do {
                word[n++] = (char)('a' + v % 26);
                v /= 26;
            } while (v);
            memcpy(word + n, "ings", 5);
            mds__terms_reset(&t);
            CU_ASSERT_EQUAL_FATAL(mds__features_extract(f, word, n + 4, &t), MDS_OK);
            if (t.n == 1 && n >= 3) /* "xyzings" -> "xyze" or "xyz": a stem of the word */
                CU_ASSERT(strncmp(t.buf, word, n) == 0 || strncmp(t.buf, word, n - 1) == 0);
        }
        mds__terms_free(&t);
    }
    mds__featurizer_free(f);
}

/* ---- fast paths against the general path ---------------------------------------------------- */

/* A deterministic generator (xorshift), so that a failure repeats. */
static uint64_t rng_state = 0x2545F4914F6CDD1Du;
static uint64_t rng(void) { return tu_rng(&rng_state); }

/* Pieces that stress word breaks: letters and digits next to every mid character, '_', the
 * curly quotes the fast path takes and characters it leaves to the general path. */
static const char *const pieces[] = {
    "a", "B", "z", "Q", "7", "0", "_", ":", ".", "'", ",", ";", " ", " ", " ", "-", "\"", "\n",
    "\r", "\t", "\r\n", "/", "$", "%", "(", ")", "\xE2\x80\x9C", "\xE2\x80\x9D", "The", "the",
    "of", "don't", "DON'T", "U.S.", "3.5", "1,000", "court's", "Court's", "running", "dogs",
    "e-mail", "a.b", "x_y", "__", "9:30", "it's", "ph.d", "...", "''", "``", "Inc.", "abc'",
    "'s", ".5", "5.", "a1", "1a", "\xE2\x80\x99", "\xE2\x80\x99", "don\xE2\x80\x99t",
    "\xE2\x80\x93", "\xE2\x80\x94", "\xC2\xA0", "1\xE2\x80\x99" "000", "court\xE2\x80\x99s",
};
static const char *const rare[] = {
    "\xE2\x80\x99", /* ’ */ "\xC3\xA9", /* é */ "\xE2\x80\x94", "\xE6\x97\xA5", /* 日 */
    "\xCC\x81", /* combining acute */ "\xE2\x80\x9C\xE2\x80", /* a cut quote */ "\xFF",
    "\xE2\x80\x9E", "\xE2\x80\x98", /* ‘ */ "\xE2\x80\x99\xCC\x81", /* ’ with a mark */
    "\xE2\x80", "\xC2",
};

static size_t random_text(char *buf, size_t cap, size_t pieces_max, int with_rare)
{
    size_t len = 0, np = (size_t)(rng() % (pieces_max + 1));
    for (size_t k = 0; k < np; k++) {
        const char *p;
        if (with_rare && rng() % 16 == 0)
            p = rare[rng() % (sizeof rare / sizeof *rare)];
        else
            p = pieces[rng() % (sizeof pieces / sizeof *pieces)];
        size_t n = strlen(p);
        if (len + n >= cap)
            break;
        memcpy(buf + len, p, n);
        len += n;
    }
    buf[len] = '\0';
    return len;
}

static int same_terms(const mds__terms *a, const mds__terms *b)
{
    if (a->n != b->n || a->len != b->len || a->words != b->words)
        return 0;
    if (a->len && memcmp(a->buf, b->buf, a->len) != 0)
        return 0;
    if (a->n && memcmp(a->offs, b->offs, a->n * sizeof *a->offs) != 0)
        return 0;
    if ((a->stop == NULL) != (b->stop == NULL))
        return a->n == 0;
    return !a->stop || memcmp(a->stop, b->stop, a->n) == 0;
}

/* The terms (plain, marked, and the content of marked) of many random texts, by a featurizer
 * on its fast paths (its word cache warm from the texts before) and by one on the general
 * path: the same bytes. */
static void compare_paths(const char *lang, const mds__strset *stop, int bigrams, int with_rare)
{
    mds__featurizer *fast = NULL, *slow = NULL;
    CU_ASSERT_FATAL(mds__featurizer_new(lang, stop, bigrams, &fast) == MDS_OK);
    CU_ASSERT_FATAL(mds__featurizer_new(lang, stop, bigrams, &slow) == MDS_OK);
    mds__featurizer_general(slow, 1);
    char text[2048];
    size_t bad = 0;
    for (int it = 0; it < 3000; it++) {
        size_t n = random_text(text, sizeof text, it % 10 == 0 ? 300 : 24, with_rare);
        mds__terms a = {0}, b = {0}, am = {0}, bm = {0}, ac = {0}, bc = {0};
        CU_ASSERT(mds__features_extract(fast, text, n, &a) == MDS_OK);
        CU_ASSERT(mds__features_extract(slow, text, n, &b) == MDS_OK);
        CU_ASSERT(mds__features_extract_marked(fast, text, n, &am) == MDS_OK);
        CU_ASSERT(mds__features_extract_marked(slow, text, n, &bm) == MDS_OK);
        CU_ASSERT(mds__terms_content(fast, &am, &ac) == MDS_OK);
        CU_ASSERT(mds__terms_content(slow, &bm, &bc) == MDS_OK);
        int ok = same_terms(&a, &b) && same_terms(&am, &bm) && same_terms(&ac, &bc) &&
                 same_terms(&ac, &a);
        if (!ok && bad++ < 3)
            fprintf(stderr, "\nfast and general paths differ on \"%s\"\n", text);
        CU_ASSERT(ok);
        mds__terms_free(&a);
        mds__terms_free(&b);
        mds__terms_free(&am);
        mds__terms_free(&bm);
        mds__terms_free(&ac);
        mds__terms_free(&bc);
    }
    mds__featurizer_free(fast);
    mds__featurizer_free(slow);
}

static void test_fast_equals_general(void)
{
    compare_paths("english", &en_stop, 0, 0);
    compare_paths("english", &en_stop, 1, 1);
    compare_paths("english", NULL, 1, 1);
    compare_paths("none", &en_stop, 0, 1);
    compare_paths("german", &en_stop, 1, 0);
}

/* Runs of letters, digits and '_' of 1 to 40 bytes (the fast path takes them sixteen bytes
 * at a time where it can, eight or one at a time near a text's end), every byte class at
 * every place of a block: capitals and the letters' neighbours ('@' '[' '`' '{'), digits and
 * theirs ('/' ':'), '_', then a mid character, a separator or a byte from 0x80 on, and texts
 * of every length so that runs end at and near the end of the text: the general path's
 * terms. */
static void test_fast_long_runs(void)
{
    static const char core[] = "abcxyzABCXYZ0189_eeeeeeeetttttsss";
    static const char *const after[] = {
        " ", "  ", ".", ",", "'", ":", ";", "@", "[", "`", "{", "/", "-", "\n",
        "\xE2\x80\x99", "\xE2\x80\x9C", "\xC2\xA0", "\xC3\xA9", "\xFF", "\xE2\x80",
    };
    mds__featurizer *fast = NULL, *slow = NULL;
    CU_ASSERT_FATAL(mds__featurizer_new("english", &en_stop, 1, &fast) == MDS_OK);
    CU_ASSERT_FATAL(mds__featurizer_new("english", &en_stop, 1, &slow) == MDS_OK);
    mds__featurizer_general(slow, 1);
    char text[1024];
    size_t bad = 0;
    for (int it = 0; it < 4000; it++) {
        size_t n = 0, want = (size_t)(rng() % 200);
        /* mostly ASCII; a byte from 0x80 on only in every fourth text */
        size_t nafter = it % 4 ? 14 : sizeof after / sizeof *after;
        while (n < want) {
            size_t run = 1 + (size_t)(rng() % 40);
            for (size_t k = 0; k < run && n + 1 < sizeof text; k++)
                text[n++] = core[rng() % (sizeof core - 1)];
            const char *a = after[rng() % nafter];
            size_t m = strlen(a);
            if (n + m + 1 >= sizeof text)
                break;
            memcpy(text + n, a, m);
            n += m;
        }
        if (n && rng() % 2)
            n--; /* end on the run, or inside a character */
        text[n] = '\0';
        mds__terms a = {0}, b = {0}, am = {0}, bm = {0};
        CU_ASSERT(mds__features_extract(fast, text, n, &a) == MDS_OK);
        CU_ASSERT(mds__features_extract(slow, text, n, &b) == MDS_OK);
        CU_ASSERT(mds__features_extract_marked(fast, text, n, &am) == MDS_OK);
        CU_ASSERT(mds__features_extract_marked(slow, text, n, &bm) == MDS_OK);
        int ok = same_terms(&a, &b) && same_terms(&am, &bm);
        if (!ok && bad++ < 3)
            fprintf(stderr, "\nlong runs: fast and general paths differ on \"%s\"\n", text);
        CU_ASSERT(ok);
        mds__terms_free(&a);
        mds__terms_free(&b);
        mds__terms_free(&am);
        mds__terms_free(&bm);
    }
    mds__featurizer_free(fast);
    mds__featurizer_free(slow);
}

/* Words at the bounds of the word cache (64 bytes, terms of 255), and more distinct words than
 * it holds, so that it starts over: the terms stay those of the general path. */
static void test_fast_cache_bounds(void)
{
    mds__featurizer *fast = NULL, *slow = NULL;
    CU_ASSERT_FATAL(mds__featurizer_new("english", &en_stop, 1, &fast) == MDS_OK);
    CU_ASSERT_FATAL(mds__featurizer_new("english", &en_stop, 1, &slow) == MDS_OK);
    mds__featurizer_general(slow, 1);
    static char text[16384];
    for (size_t len = 1; len < 300; len++) {
        for (size_t i = 0; i < len; i++)
            text[i] = (char)(i % 7 == 6 ? 'S' : 'a' + (int)(i % 26));
        memcpy(text + len, " x ", 4);
        /* twice: the second from the cache, if it keeps the word */
        for (int twice = 0; twice < 2; twice++) {
            mds__terms a = {0}, b = {0};
            CU_ASSERT(mds__features_extract(fast, text, len + 3, &a) == MDS_OK);
            CU_ASSERT(mds__features_extract(slow, text, len + 3, &b) == MDS_OK);
            CU_ASSERT(same_terms(&a, &b));
            mds__terms_free(&a);
            mds__terms_free(&b);
        }
    }
    /* 70000 distinct words and then the first again (the cache holds 65536) */
    mds__terms a = {0}, b = {0};
    for (int round = 0; round < 2; round++)
        for (unsigned w = 0; w < 70000; w += 500) {
            size_t len = 0;
            for (unsigned k = w; k < w + 500; k++) {
                /* each word twice, the second time Capitalized: the second found in the cache
                 * that the first filled, within one batch of lookups, across the cache's
                 * rehashes and its start over */
                for (int twice = 0; twice < 2; twice++) {
                    unsigned v = k;
                    text[len++] = twice ? 'Q' : 'q';
                    do {
                        text[len++] = (char)('a' + v % 26);
                        v /= 26;
                    } while (v);
                    text[len++] = ' ';
                }
            }
            CU_ASSERT(mds__features_extract(fast, text, len, &a) == MDS_OK);
            CU_ASSERT(mds__features_extract(slow, text, len, &b) == MDS_OK);
            CU_ASSERT(same_terms(&a, &b));
            mds__terms_reset(&a);
            mds__terms_reset(&b);
        }
    mds__terms_free(&a);
    mds__terms_free(&b);
    mds__featurizer_free(fast);
    mds__featurizer_free(slow);
}

/* Distinct words either side of what an entry of the word cache keeps in itself (a word and
 * its term of 16 bytes together; longer ones in its arena), each twice in a batch of lookups,
 * through the cache's rehashes: the terms stay those of the general path. */
static void test_fast_cache_inline(void)
{
    mds__featurizer *fast = NULL, *slow = NULL;
    CU_ASSERT_FATAL(mds__featurizer_new("english", &en_stop, 0, &fast) == MDS_OK);
    CU_ASSERT_FATAL(mds__featurizer_new("english", &en_stop, 0, &slow) == MDS_OK);
    mds__featurizer_general(slow, 1);
    static const char *const ends[] = {"", "s", "ing", "ed", "ation", "ness", "'s", "ly"};
    static char text[8192];
    mds__terms a = {0}, b = {0};
    for (unsigned w = 0; w < 6000; w += 200) {
        size_t len = 0;
        for (unsigned k = w; k < w + 200; k++)
            for (int twice = 0; twice < 2; twice++) {
                unsigned v = k;
                size_t root = 3 + k % 9; /* 3..11 letters, then an ending */
                for (size_t i = 0; i < root; i++, v = v / 3 + i)
                    text[len++] = (char)('a' + v % 26);
                const char *e = ends[k % 8];
                memcpy(text + len, e, strlen(e));
                len += strlen(e);
                text[len++] = twice ? ',' : ' ';
            }
        CU_ASSERT(mds__features_extract(fast, text, len, &a) == MDS_OK);
        CU_ASSERT(mds__features_extract(slow, text, len, &b) == MDS_OK);
        CU_ASSERT(same_terms(&a, &b));
        mds__terms_reset(&a);
        mds__terms_reset(&b);
    }
    mds__terms_free(&a);
    mds__terms_free(&b);
    mds__featurizer_free(fast);
    mds__featurizer_free(slow);
}

static CU_TestInfo tests[] = {
    {"fast path: words kept in the cache's entries or its arena", test_fast_cache_inline},
    {"fast paths equal the general path", test_fast_equals_general},
    {"fast path: long runs at every place of a block", test_fast_long_runs},
    {"fast path at the word cache's bounds", test_fast_cache_bounds},
    {"word memory", test_word_memory},
    {"stopword file", test_stopword_file},
    {"the table of texts and their terms", test_cases},
    {"language names", test_languages},
    {"marked stopwords", test_marked_stopwords},
    {"content of marked equals plain", test_content_equals_plain},
    {"appending and reuse", test_append_and_reuse},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("features", tests, setup, teardown); }
