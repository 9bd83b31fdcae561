/* SPDX-License-Identifier: MIT */
/* Tests for src/text/clean.c: paragraph and sentence cleaning over hand-built documents and
 * over the noisy web scrapes of examples/putin-north-korea. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "text/clean.h"
#include "testutil.h"

static mds__strset phrases;

/* ---- building documents by hand ----------------------------------------------------------- */

/* A document whose paragraphs are the given strings, joined with "\n" as ingest does. map is
 * left NULL: cleaning never reads it. */
static void mkdoc(mds__doc *d, const char *const *paras, size_t n)
{
    memset(d, 0, sizeof *d);
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += strlen(paras[i]) + 1;
    d->text = malloc(len + 1);
    d->paras = calloc(n ? n : 1, sizeof *d->paras);
    CU_ASSERT_FATAL(d->text != NULL && d->paras != NULL);
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(paras[i]);
        memcpy(d->text + at, paras[i], l);
        d->paras[i].span = (mds__span){(uint32_t)at, (uint32_t)(at + l)};
        at += l;
        if (i + 1 < n)
            d->text[at++] = '\n';
    }
    d->text[at] = '\0';
    d->text_len = at;
    d->npara = n;
}

static void freedoc(mds__doc *d)
{
    free(d->text);
    free(d->paras);
}

/* One sentence per paragraph, in document order: enough to test sentence cleaning. */
static mds__sent *sents_of(const mds__doc *docs, size_t ndocs, size_t *n)
{
    size_t total = 0;
    for (size_t d = 0; d < ndocs; d++)
        total += docs[d].npara;
    mds__sent *s = calloc(total ? total : 1, sizeof *s);
    CU_ASSERT_FATAL(s != NULL);
    size_t k = 0;
    for (size_t d = 0; d < ndocs; d++)
        for (size_t p = 0; p < docs[d].npara; p++, k++) {
            s[k].doc = (uint32_t)d;
            s[k].para = (uint32_t)p;
            s[k].index = (uint32_t)p;
            s[k].span = docs[d].paras[p].span;
            s[k].words = mds__count_words(docs[d].text + s[k].span.start,
                                          s[k].span.end - s[k].span.start);
        }
    *n = total;
    return s;
}

/* Room for the marks of every paragraph of docs, all MDS__KEEP. */
static uint8_t *new_marks(const mds__doc *docs, size_t ndocs)
{
    size_t total = 0;
    for (size_t d = 0; d < ndocs; d++)
        total += docs[d].npara;
    uint8_t *m = calloc(total ? total : 1, 1);
    CU_ASSERT_FATAL(m != NULL);
    return m;
}

/* The drop reason of one paragraph standing alone in one document. */
static uint8_t para_drop(const char *text)
{
    mds__doc d;
    mkdoc(&d, &text, 1);
    uint8_t why = MDS__KEEP;
    CU_ASSERT_EQUAL(mds__clean_paragraphs(&d, 1, &phrases, &why), MDS_OK);
    freedoc(&d);
    return why;
}

/* Cleans one sentence alone; copies what is left of it into out. */
static uint8_t sent_clean(const char *text, char *out, size_t outsz)
{
    mds__doc d;
    mkdoc(&d, &text, 1);
    size_t n;
    mds__sent *s = sents_of(&d, 1, &n);
    CU_ASSERT_EQUAL(mds__clean_sentences(&d, s, n, &phrases), MDS_OK);
    size_t len = s[0].span.end - s[0].span.start;
    snprintf(out, outsz, "%.*s", (int)len, d.text + s[0].span.start);
    CU_ASSERT_EQUAL(s[0].words, mds__count_words(out, strlen(out)));
    uint8_t why = s[0].drop;
    free(s);
    freedoc(&d);
    return why;
}

#define EXPECT_PARA(text, why)                                                           \
    do {                                                                                 \
        uint8_t got_ = para_drop(text);                                                  \
        if (got_ != (why))                                                               \
            fprintf(stderr, "\n  paragraph %s: drop %d, expected %d\n", text, got_, why); \
        CU_ASSERT_EQUAL(got_, why);                                                      \
    } while (0)

#define EXPECT_SENT(text, why, rest)                                                     \
    do {                                                                                 \
        char out_[512];                                                                  \
        uint8_t got_ = sent_clean(text, out_, sizeof out_);                              \
        if (got_ != (why) || strcmp(out_, rest) != 0)                                    \
            fprintf(stderr, "\n  sentence %s: drop %d \"%s\", expected %d \"%s\"\n", text, \
                    got_, out_, why, rest);                                              \
        CU_ASSERT_EQUAL(got_, why);                                                      \
        CU_ASSERT_STRING_EQUAL(out_, rest);                                              \
    } while (0)

/* A sentence that must come out kept and whole. */
#define EXPECT_PROSE(text) EXPECT_SENT(text, MDS__KEEP, text)

/* ---- words ----------------------------------------------------------------------------------- */

static void test_count_words(void)
{
    CU_ASSERT_EQUAL(mds__count_words("", 0), 0);
    CU_ASSERT_EQUAL(mds__count_words("   ", 3), 0);
    CU_ASSERT_EQUAL(mds__count_words("one", 3), 1);
    CU_ASSERT_EQUAL(mds__count_words("  one two\tthree\nfour  ", 22), 4);
    const char *q = "“Quoted,” he said — twice.";
    CU_ASSERT_EQUAL(mds__count_words(q, strlen(q)), 5);
    /* only the first n bytes count */
    CU_ASSERT_EQUAL(mds__count_words("one two three", 7), 2);
}

/* ---- fast paths against the reference ------------------------------------------------------ */

/* mds__count_words as it was before its table: the reference. */
static int ref_is_cjk(uint32_t c)
{
    return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x2FFFF);
}

static uint32_t ref_count_words(const char *text, size_t n)
{
    uint32_t words = 0;
    int in_word = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)text[i];
        if (b >= 0xE3 && b <= 0xF0) {
            ucs4_t c;
            int k = u8_mbtouc(&c, (const uint8_t *)text + i, n - i);
            if (ref_is_cjk(c)) {
                words++;
                in_word = 0;
                i += (size_t)(k > 0 ? k : 1) - 1;
                continue;
            }
        }
        int sp = b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\v' || b == '\f';
        if (!sp && !in_word)
            words++;
        in_word = !sp;
    }
    return words;
}

/* Pieces the random texts are made of: every class the scan tells apart, letters that grow
 * when lowercased (U+023A, 2 bytes, lowers to U+2C65, 3), invalid and cut UTF-8. */
static const char *const pieces[] = {
    "a", "Z", "q", "7", " ", "  ", "\t", "\n", "\r\n", "\v", "\f", ".", "!", "?", "...", ",",
    ";", ":", "://", "@", "|", ">", "www.", "WwW.", "-", "--", "(", ")", "\"", "'", "_",
    "\xC3\xA9", "\xC3\x89", "\xCE\xA3", "\xCF\x83", "\xC8\xBA", "\xC4\xB0", "\xE1\xBA\x9E",
    "\xE2\x80\xA6", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x99", "\xC2\xBB", "\xC2\xAB",
    "\xC2\xB7", "\xE2\x80\xBA", "\xE2\x80\xA2", "\xC2\xA0", "\xE3\x80\x82", "\xEF\xBC\x81",
    "\xE4\xB8\xAD", "\xE6\x96\x87", "\xE3\x81\x82", "\xF0\xA0\x80\x80", "\xD9\x85", "\xD7\x90",
    "\xE0\xA4\x95", "\xF0\x9F\x98\x80", "\x80", "\xBF", "\xC3", "\xE4\xB8", "\xF0\x9F\x98",
    "\xFF", "\xE3", "\xF0", "\xED\xA0\x80", "\xC0\xAF", "\xE2\x80\xBC", "1st", "The ", "Putin",
    "read more", "advertisement", "\xC2\xA9", "copyright ", "Share this", "zebra Zulu",
    "0123456789", "@AZaz[`{~\x7F",
};

static unsigned long rng_state = 12345;
static size_t rnd(size_t n)
{
    rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
    return (size_t)((rng_state >> 33) % n);
}

static void check_scan(const char *s, size_t n)
{
    int agree = 0;
    CU_ASSERT_EQUAL_FATAL(mds__clean_check_scan(s, n, &phrases, &agree), MDS_OK);
    if (!agree)
        fprintf(stderr, "scan differs on \"%.*s\"\n", (int)(n < 200 ? n : 200), s);
    CU_ASSERT(agree);
    CU_ASSERT_EQUAL(mds__count_words(s, n), ref_count_words(s, n));
}

static void test_scan_matches_reference(void)
{
    const char *fixed[] = {
        "", " ", "a", ".", "\xE2\x80\xA6", "\xC3", "\xE4\xB8", "  \t\n ",
        "Putin Arrives in North Korea for Talks.",
        "PINE RIDGE, S.D. (AP) -- President Clinton turned. The rest!",
        "See www.example.com or mail a@b.c | Home > World \xC2\xBB Asia",
        ("\xC3\x89l\xC3\xA8ve \xCE\xA3\xCE\xBF\xCF\x86\xCE\xAF\xCE\xB1 \xE4\xB8\xAD\xE6\x96\x87"
         "\xE3\x80\x82 \xC8\xBA\xC8\xBA\xC8\xBA \xC4\xB0stanbul."),
        "read more", "Read   More:", "advertisement", "Advertisement.", "\xC2\xA9 2024",
        "12,345.67 -- 3/1/99 12:30!!! ??? ... ,,,",
    };
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        check_scan(fixed[i], strlen(fixed[i]));
    /* random texts of the pieces, and every prefix of some (a cut anywhere) */
    char buf[512];
    for (int t = 0; t < 20000; t++) {
        size_t len = 0, k = 1 + rnd(24);
        for (size_t p = 0; p < k; p++) {
            const char *pc = pieces[rnd(sizeof pieces / sizeof *pieces)];
            size_t l = strlen(pc);
            if (len + l > sizeof buf)
                break;
            memcpy(buf + len, pc, l);
            len += l;
        }
        if (t % 50 == 0)
            for (size_t cut = 0; cut < len; cut++)
                check_scan(buf, cut);
        check_scan(buf, len);
    }
}

/* Long texts: counts past 16 bits, eight-byte blocks and single bytes mixed, and one that
 * grows as it is keyed (U+023A lowers to 3 bytes from 2) from start to end. */
static void test_scan_long(void)
{
    size_t n = 300000;
    char *s = malloc(n + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    for (size_t i = 0; i < n; i++)
        s[i] = "AbCdE fG. hIj!"[i % 14];
    check_scan(s, n);
    for (size_t i = 0; i + 2 <= n; i += 2)
        memcpy(s + i, "\xC8\xBA", 2);
    check_scan(s, n);
    for (size_t i = 0; i < n; i++)
        s[i] = i % 100 == 0 ? (char)0xC8 : (char)('a' + i % 26);
    check_scan(s, n);
    memset(s, 'x', n);
    check_scan(s, n);
    free(s);
}

/* ---- paragraphs ------------------------------------------------------------------------------ */

static void test_headings(void)
{
    EXPECT_PARA("News", MDS__DROP_HEADING);
    EXPECT_PARA("Vladimir Putin’s Visit to Pyongyang", MDS__DROP_HEADING);
    EXPECT_PARA("Accusations of Arms Deals", MDS__DROP_HEADING);
    EXPECT_PARA("What the Summit Means for Seoul", MDS__DROP_HEADING);
    EXPECT_PARA("He listed three demands:", MDS__DROP_HEADING);
    /* Title Case although it ends in a period */
    EXPECT_PARA("Putin Arrives in North Korea for Talks with Kim Jong Un.", MDS__DROP_HEADING);
    EXPECT_PARA("Markets Rally as Central Bank Holds Rates Steady.", MDS__DROP_HEADING);
    /* a long headline: no punctuation anywhere */
    EXPECT_PARA("Russia’s Putin is set to make a rare visit to North Korea amid an intensifying "
                "alliance against the West",
                MDS__DROP_HEADING);

    /* prose, however capitalized */
    EXPECT_PARA("NATO and the EU met in Brussels on Monday.", MDS__KEEP);
    EXPECT_PARA("Kim Jong Un recently called the relationship with Russia “an unbreakable bond "
                "of comrades-in-arms.”",
                MDS__KEEP);
    EXPECT_PARA("President Vladimir Putin Met Kim Jong Un, officials in Seoul said.", MDS__KEEP);
    EXPECT_PARA("He wrote: “Long Live Korean-Russian Friendship!”", MDS__KEEP);
    EXPECT_PARA("U.S. officials said the talks would resume next week.", MDS__KEEP);
    EXPECT_PARA("Putin left.", MDS__KEEP); /* short, but a sentence: the segmenter's side decides */
    /* an unpunctuated tail after real sentences is left to sentence cleaning */
    EXPECT_PARA("Putin arrived on Tuesday. He was met by Kim at the airport and the two rode "
                "into the city together in an open car past cheering crowds of residents",
                MDS__KEEP);
}

static void test_bylines(void)
{
    EXPECT_PARA("By Caroline Ameh", MDS__DROP_BYLINE);
    EXPECT_PARA("By JOHN SMITH, Associated Press Writer", MDS__DROP_BYLINE);
    EXPECT_PARA("BY ANNA KOWALSKI", MDS__DROP_BYLINE);
    EXPECT_PARA("Written by Maria Lopez and Tom Chen", MDS__DROP_BYLINE);
    EXPECT_PARA("Reporting by Guy Faulconbridge; Editing by Mark Heinrich", MDS__DROP_BYLINE);
    EXPECT_PARA("By Jane Doe.", MDS__DROP_BYLINE);
    /* prose that opens with "By" */
    EXPECT_PARA("By Monday, the rebels had taken the city.", MDS__KEEP);
    EXPECT_PARA("By car, the trip from the airport takes four hours.", MDS__KEEP);
    EXPECT_PARA("By the end of the visit, both sides had signed the pact.", MDS__KEEP);
}

static void test_not_prose(void)
{
    EXPECT_PARA("https://example.com/news/2024/06/putin-visit", MDS__DROP_NOTPROSE);
    EXPECT_PARA("Contact: press@example.org", MDS__DROP_NOTPROSE);
    EXPECT_PARA("* * *", MDS__DROP_NOTPROSE);
    EXPECT_PARA("2024-06-18 12:30", MDS__DROP_NOTPROSE);
    EXPECT_PARA("PUTIN ARRIVES IN PYONGYANG FOR TALKS", MDS__DROP_NOTPROSE);
    EXPECT_PARA("NAME AGE CITY SCORE.", MDS__DROP_NOTPROSE);
    EXPECT_PARA("Home | World | Politics | Business", MDS__DROP_NOTPROSE);
    EXPECT_PARA("News » Asia » Korea", MDS__DROP_NOTPROSE);
    EXPECT_PARA("   ", MDS__DROP_NOTPROSE);
    /* an acronym or two is not shouting */
    EXPECT_PARA("The IAEA said NATO and the UN were informed.", MDS__KEEP);
    /* a link inside prose */
    EXPECT_PARA("The full text was posted at https://kremlin.ru on Tuesday evening.", MDS__KEEP);
}

static void test_phrases(void)
{
    EXPECT_PARA("Leave a Reply", MDS__DROP_PHRASE);
    EXPECT_PARA("Your email address will not be published. Required fields are marked *",
                MDS__DROP_PHRASE);
    EXPECT_PARA("See also  Nikki Haley says she will vote for Trump for president",
                MDS__DROP_PHRASE);
    EXPECT_PARA("READ MORE: Why Pyongyang matters to Moscow", MDS__DROP_PHRASE);
    EXPECT_PARA("Related: Putin lands in Pyongyang", MDS__DROP_PHRASE);
    EXPECT_PARA("Share this article", MDS__DROP_PHRASE);
    EXPECT_PARA("Follow us on Twitter for the latest updates.", MDS__DROP_PHRASE);
    EXPECT_PARA("Click here to read the full report.", MDS__DROP_PHRASE);
    EXPECT_PARA("Sign up for our daily newsletter.", MDS__DROP_PHRASE);
    EXPECT_PARA("Copyright 2024 Reuters. All rights reserved.", MDS__DROP_PHRASE);
    EXPECT_PARA("© 2024 The Daily Example", MDS__DROP_PHRASE);
    EXPECT_PARA("Advertisement", MDS__DROP_PHRASE);
    EXPECT_PARA("Subscribe!", MDS__DROP_PHRASE);
    EXPECT_PARA("(Reporting by Jane Doe in Seoul)", MDS__DROP_PHRASE);
    EXPECT_PARA("This information is sourced from a BBC report.", MDS__DROP_PHRASE);
    /* one-word phrases only match whole lines; phrases end at a word boundary */
    EXPECT_PARA("Advertisement spending rose sharply this year, the agency said.", MDS__KEEP);
    EXPECT_PARA("Copyright law was changed in 2019 after a long debate.", MDS__KEEP);
    EXPECT_PARA("Subscribers to the state broadcaster saw the parade live.", MDS__KEEP);
    EXPECT_PARA("Seeing all this, the envoys left early.", MDS__KEEP);
}

static void test_crumbs(void)
{
    const char *a[] = {
        "Top NewsRussia's Putin is set to make a rare visit to North Korea...",
        ("Russia’s Putin is set to make a rare visit to North Korea amid an intensifying "
         "alliance against the West."),
        "The Kremlin said the trip would last two days.",
    };
    const char *b[] = {
        "Latest: Kim hosts Putin at a state banquet in Pyongyang...",
        "The two leaders signed a defense pact on Wednesday.",
        "Kim hosts Putin at a state banquet in Pyongyang as the two sign a defense pact.",
        "He paused and said he was not sure what would happen next...",
    };
    mds__doc docs[2];
    mkdoc(&docs[0], a, 3);
    mkdoc(&docs[1], b, 4);
    uint8_t m[7] = {0}; /* docs[0]'s three paragraphs, then docs[1]'s four */
    CU_ASSERT_EQUAL(mds__clean_paragraphs(docs, 2, &phrases, m), MDS_OK);
    CU_ASSERT_EQUAL(m[0], MDS__DROP_HEADING);
    CU_ASSERT_EQUAL(m[1], MDS__KEEP);
    CU_ASSERT_EQUAL(m[2], MDS__KEEP);
    CU_ASSERT_EQUAL(m[3 + 0], MDS__DROP_HEADING);
    CU_ASSERT_EQUAL(m[3 + 1], MDS__KEEP);
    CU_ASSERT_EQUAL(m[3 + 2], MDS__KEEP);
    /* a trailing ellipsis alone is not a crumb (its sentence is a fragment, later) */
    CU_ASSERT_EQUAL(m[3 + 3], MDS__KEEP);
    freedoc(&docs[0]);
    freedoc(&docs[1]);
}

/* ---- crumbs against a straightforward reference ------------------------------------------ */

/* The crumb rule as first written, every "..." paragraph against every paragraph: the key (a
 * paragraph's lowercased letters and digits) of a crumb, from one of its first 41 bytes on
 * and at least half of it and 15 bytes long, starts the key of another paragraph of its
 * document. */
static int ref_is_crumb(char *const *keys, const size_t *docof, size_t n, size_t self)
{
    size_t clen = strlen(keys[self]), need = clen / 2 > 15 ? clen / 2 : 15;
    for (size_t k = 0; k < n; k++) {
        if (k == self || docof[k] != docof[self])
            continue;
        for (size_t i = 0; i <= 40 && i < clen && clen - i >= need; i++)
            if (strncmp(keys[self] + i, keys[k], clen - i) == 0)
                return 1;
    }
    return 0;
}

static uint32_t rng_next(uint64_t *x)
{
    *x = *x * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(*x >> 33);
}

/* Paragraphs of a few syllables of a small alphabet, so that keys share prefixes by chance;
 * and "..." paragraphs made of a run of junk, then the first words of another paragraph of
 * the same document or another one, sometimes with a letter changed. Every paragraph is
 * shaped as prose the other rules keep (lowercase, final punctuation, no camel case, no
 * byline or phrase), so the crumb rule alone decides, and every key is distinct, so
 * repetition marks nothing; except that a crumb may be repeated in its own document, where
 * both copies are crumbs of each other. The marks must be the reference's. */
static void test_crumbs_reference(void)
{
    enum { NDOC = 4, NFULL = 50, NCRUMB = 70, NPARA = NFULL + NCRUMB, N = NDOC * NPARA };
    static const char *syl[] = {"qa", "qab", "zo", "zoq", "xu", "xuz", "q", "z", "abq", "oz"};
    const size_t nsyl = sizeof syl / sizeof *syl;
    for (uint64_t seed = 1; seed <= 3; seed++) {
        uint64_t x = seed;
        char *text[N], *keys[N];
        size_t docof[N], nwords[N];
        int crumb[N];
        const char *words[N][64];
        size_t n = 0, ncrumb = 0, nfound = 0;
        while (n < N) {
            size_t d = n / NPARA, at = n % NPARA;
            char buf[1024] = "", key[1024] = "";
            size_t nw = 0;
            int is_crumb = at >= NFULL, dup = 0;
            if (!is_crumb) {
                nw = 3 + rng_next(&x) % 30;
                for (size_t w = 0; w < nw; w++)
                    words[n][w] = syl[rng_next(&x) % nsyl];
            } else if (rng_next(&x) % 10 == 0 && at > NFULL) {
                size_t from = n - 1 - rng_next(&x) % (at - NFULL); /* a crumb of this doc */
                nw = nwords[from];
                memcpy(words[n], words[from], nw * sizeof *words[n]);
                dup = 1;
            } else {
                size_t junk = rng_next(&x) % 24; /* up to about 50 bytes */
                for (size_t w = 0; w < junk; w++)
                    words[n][nw++] = syl[rng_next(&x) % nsyl];
                size_t td = rng_next(&x) % 4 ? d : rng_next(&x) % NDOC; /* mostly its own doc */
                size_t t = td * NPARA + rng_next(&x) % NFULL;
                if (t >= n) /* not made yet */
                    t = d * NPARA + rng_next(&x) % (at < NFULL ? at + 1 : NFULL);
                size_t take = 1 + rng_next(&x) % nwords[t];
                for (size_t w = 0; w < take; w++)
                    words[n][nw++] = words[t][w];
                if (rng_next(&x) % 5 == 0) /* a near miss: one syllable swapped */
                    words[n][rng_next(&x) % nw] = syl[rng_next(&x) % nsyl];
            }
            for (size_t w = 0; w < nw; w++) {
                strcat(buf, w ? " " : "");
                strcat(buf, words[n][w]);
                strcat(key, words[n][w]);
            }
            strcat(buf, is_crumb ? (rng_next(&x) % 3 ? "..." : "\xE2\x80\xA6") : ".");
            int clash = 0;
            for (size_t k = 0; k < n && !clash; k++)
                clash = strcmp(keys[k], key) == 0 &&
                        !(dup && crumb[k] && docof[k] == d && strlen(key) >= 15);
            if (clash || (dup && strlen(key) < 15))
                continue; /* draw this paragraph again */
            text[n] = strdup(buf);
            keys[n] = strdup(key);
            CU_ASSERT_FATAL(text[n] && keys[n]);
            docof[n] = d;
            nwords[n] = nw;
            crumb[n] = is_crumb;
            n++;
        }
        mds__doc docs[NDOC];
        for (size_t d = 0; d < NDOC; d++)
            mkdoc(&docs[d], (const char *const *)text + d * NPARA, NPARA);
        uint8_t m[N] = {0};
        CU_ASSERT_EQUAL(mds__clean_paragraphs(docs, NDOC, &phrases, m), MDS_OK);
        for (size_t k = 0; k < N; k++) {
            uint8_t want = crumb[k] && ref_is_crumb(keys, docof, N, k) ? MDS__DROP_HEADING
                                                                      : MDS__KEEP;
            ncrumb += crumb[k];
            nfound += want == MDS__DROP_HEADING;
            if (m[k] != want)
                fprintf(stderr, "\n  seed %u, paragraph %zu \"%s\": %d, reference %d\n",
                        (unsigned)seed, k, text[k], m[k], want);
            CU_ASSERT_EQUAL(m[k], want);
        }
        /* both outcomes, many times */
        CU_ASSERT(nfound >= ncrumb / 4);
        CU_ASSERT(ncrumb - nfound >= ncrumb / 4);
        for (size_t d = 0; d < NDOC; d++)
            freedoc(&docs[d]);
        for (size_t k = 0; k < N; k++) {
            free(text[k]);
            free(keys[k]);
        }
    }
}

static void test_repeated(void)
{
    const char *wire = "The agreement commits each side to provide immediate military assistance "
                       "to the other if it is attacked, according to the text published by "
                       "state media on Thursday.";
    const char *d0[] = {
        "Putin landed in Pyongyang shortly before three in the morning.",
        "Kim met him on the tarmac and the two drove to the guesthouse.",
        wire,
        "Stay safe out there.",
        "The visit drew sharp criticism from Washington and Seoul.",
        "Thanks for reading our coverage of the summit today.",
    };
    const char *d1[] = {
        "Russian President Vladimir Putin has arrived in North Korea.",
        "Analysts said the pact was the strongest link between the two since 1961.",
        "Stay safe out there.",
        "South Korea summoned the Russian ambassador on Friday.",
        "Thanks for reading our coverage of the summit today.",
    };
    const char *d2[] = {
        "Analysts said the pact was the strongest link between the two since 1961.",
        wire,
        "China said it had no comment on the treaty between the two neighbors.",
        "Japan called the pact a grave concern for regional security.",
        "Thanks for reading our coverage of the summit today.",
    };
    mds__doc docs[3];
    mkdoc(&docs[0], d0, 6);
    mkdoc(&docs[1], d1, 5);
    mkdoc(&docs[2], d2, 5);
    uint8_t m[16] = {0};
    const uint8_t *m0 = m, *m1 = m + 6, *m2 = m + 11; /* each document's marks */
    CU_ASSERT_EQUAL(mds__clean_paragraphs(docs, 3, &phrases, m), MDS_OK);
    /* a footer at the bottom of all three documents */
    CU_ASSERT_EQUAL(m0[5], MDS__DROP_REPEATED);
    CU_ASSERT_EQUAL(m1[4], MDS__DROP_REPEATED);
    CU_ASSERT_EQUAL(m2[4], MDS__DROP_REPEATED);
    /* a short line that is no full sentence of prose, in two documents */
    CU_ASSERT_EQUAL(m0[3], MDS__DROP_REPEATED);
    CU_ASSERT_EQUAL(m1[2], MDS__DROP_REPEATED);
    /* a short sentence of prose in two documents: a wire copy, kept once */
    CU_ASSERT_EQUAL(m1[1], MDS__KEEP);
    CU_ASSERT_EQUAL(m2[0], MDS__DROP_DUPLICATE);
    /* a long paragraph in two documents: kept once */
    CU_ASSERT_EQUAL(m0[2], MDS__KEEP);
    CU_ASSERT_EQUAL(m2[1], MDS__DROP_DUPLICATE);
    /* everything else stays */
    CU_ASSERT_EQUAL(m0[0], MDS__KEEP);
    CU_ASSERT_EQUAL(m0[4], MDS__KEEP);
    CU_ASSERT_EQUAL(m1[3], MDS__KEEP);
    CU_ASSERT_EQUAL(m2[3], MDS__KEEP);
    /* the documents are only read: a second run from fresh marks marks the same */
    uint8_t again[16] = {0};
    CU_ASSERT_EQUAL(mds__clean_paragraphs(docs, 3, &phrases, again), MDS_OK);
    CU_ASSERT_EQUAL(memcmp(m, again, sizeof m), 0);
    for (int i = 0; i < 3; i++)
        freedoc(&docs[i]);
}

static void test_upstream_drop_stands(void)
{
    const char *p[] = {"The visit drew sharp criticism from Washington and Seoul.", "News"};
    mds__doc d;
    mkdoc(&d, p, 2);
    uint8_t m[2] = {MDS__DROP_NOTPROSE, MDS__DROP_REPEATED};
    CU_ASSERT_EQUAL(mds__clean_paragraphs(&d, 1, &phrases, m), MDS_OK);
    CU_ASSERT_EQUAL(m[0], MDS__DROP_NOTPROSE);
    CU_ASSERT_EQUAL(m[1], MDS__DROP_REPEATED);
    freedoc(&d);
    /* no documents, no phrases */
    CU_ASSERT_EQUAL(mds__clean_paragraphs(NULL, 0, &phrases, NULL), MDS_OK);
    mds__doc e;
    const char *q[] = {"Leave a Reply"};
    mkdoc(&e, q, 1);
    uint8_t why = MDS__KEEP;
    CU_ASSERT_EQUAL(mds__clean_paragraphs(&e, 1, NULL, &why), MDS_OK);
    CU_ASSERT_EQUAL(why, MDS__DROP_HEADING);
    freedoc(&e);
}

/* ---- sentences ------------------------------------------------------------------------------- */

static void test_datelines(void)
{
    EXPECT_SENT("PINE RIDGE, S.D. (AP) -- President Clinton turned the attention of his "
                "poverty tour to the reservation.",
                MDS__KEEP,
                "President Clinton turned the attention of his poverty tour to the reservation.");
    EXPECT_SENT("WASHINGTON (AP) _ The Senate voted on Tuesday to approve the measure.",
                MDS__KEEP, "The Senate voted on Tuesday to approve the measure.");
    EXPECT_SENT("BEIJING, Jan. 3 (Xinhua) -- China's foreign trade grew by 12 percent last year.",
                MDS__KEEP, "China's foreign trade grew by 12 percent last year.");
    EXPECT_SENT("NEW YORK -- Stocks rallied sharply on Wall Street on Friday.", MDS__KEEP,
                "Stocks rallied sharply on Wall Street on Friday.");
    EXPECT_SENT("LONDON (Reuters) - British inflation rose to 3 percent in May.", MDS__KEEP,
                "British inflation rose to 3 percent in May.");
    EXPECT_SENT("SALVADOR, Feb 26 - Brazilian police arrested four suspects on Monday.",
                MDS__KEEP, "Brazilian police arrested four suspects on Monday.");
    EXPECT_SENT(" date 2024-06-18 (CTN News) – Russian President Vladimir Putin has commended "
                "North Korea for its support.",
                MDS__KEEP,
                "Russian President Vladimir Putin has commended North Korea for its support.");
    EXPECT_SENT("June 18, 2024 — The summit ended without a joint statement.", MDS__KEEP,
                "The summit ended without a joint statement.");
    EXPECT_SENT("(CNN) — Officials said the fire was under control by midnight.", MDS__KEEP,
                "Officials said the fire was under control by midnight.");
    EXPECT_SENT("(CNN)—Officials said the fire was under control by midnight.", MDS__KEEP,
                "Officials said the fire was under control by midnight.");
    EXPECT_SENT("Moscow, June 18 — Russian troops advanced near the border.", MDS__KEEP,
                "Russian troops advanced near the border.");
    EXPECT_SENT("WASHINGTON—The president signed the bill into law on Friday.", MDS__KEEP,
                "The president signed the bill into law on Friday.");
    EXPECT_SENT("PARIS (AFP) -- “We will not give in,” the minister said on Sunday.", MDS__KEEP,
                "“We will not give in,” the minister said on Sunday.");
    EXPECT_SENT("TOKYO, March 3rd -- Japanese exports fell for a third month.", MDS__KEEP,
                "Japanese exports fell for a third month.");
    EXPECT_SENT("SEOUL, South Korea (AP) — North Korea fired two missiles on Thursday.",
                MDS__KEEP, "North Korea fired two missiles on Thursday.");
}

static void test_dashes_kept(void)
{
    EXPECT_PROSE("The closely watched visit — a first in 24 years — is expected to cement the "
                 "partnership.");
    EXPECT_PROSE("Kim Jong Un — North Korea’s leader since 2011 — hosted the visit.");
    EXPECT_PROSE("In 2000 — at the start of his presidency — Putin visited Pyongyang.");
    EXPECT_PROSE("In June 2024 — Putin's first trip abroad that year — he flew to Pyongyang.");
    EXPECT_PROSE("Prices rose 5 percent - the biggest jump in a decade - officials said.");
    EXPECT_PROSE("Putin’s trip is a reflection of Kim’s visit -- one that included a factory.");
    EXPECT_PROSE("It was the first visit in more than two decades — and the latest sign of "
                 "deepening ties.");
    /* a dateline followed by lowercase text is left alone */
    EXPECT_PROSE("WASHINGTON (AP) -- officials said the plan would fail.");
}

static void test_trailing_tags_and_crumbs(void)
{
    EXPECT_SENT("The two leaders met for three hours on Wednesday. (ANI)", MDS__KEEP,
                "The two leaders met for three hours on Wednesday.");
    EXPECT_SENT("The ministry confirmed the shipment on Monday. (Reuters)", MDS__KEEP,
                "The ministry confirmed the shipment on Monday.");
    /* a parenthesis that belongs to the sentence */
    EXPECT_PROSE("The treaty was signed by both leaders (see below).");
    EXPECT_PROSE("The deal covers nuclear research (IAEA).");
    EXPECT_SENT("Home » World » Asia » Putin lands in Pyongyang for talks with Kim.", MDS__KEEP,
                "Putin lands in Pyongyang for talks with Kim.");
}

static void test_fragments(void)
{
    char out[512];
    EXPECT_SENT("While Russia continues to face a weaponry shortfall in its campaign in Ukraine,.",
                MDS__DROP_FRAGMENT,
                "While Russia continues to face a weaponry shortfall in its campaign in Ukraine,.");
    CU_ASSERT_EQUAL(sent_clean("The talks were held in the capital;.", out, sizeof out),
                    MDS__DROP_FRAGMENT);
    CU_ASSERT_EQUAL(sent_clean("He listed the following items:", out, sizeof out),
                    MDS__DROP_FRAGMENT);
    CU_ASSERT_EQUAL(sent_clean("PINE RIDGE, S.D.", out, sizeof out), MDS__DROP_FRAGMENT);
    CU_ASSERT_EQUAL(sent_clean("and then the delegation left for Hanoi on a special train.", out,
                               sizeof out),
                    MDS__DROP_FRAGMENT);
    CU_ASSERT_EQUAL(sent_clean("” said the spokesman in a statement on Monday.", out, sizeof out),
                    MDS__DROP_FRAGMENT);
    CU_ASSERT_EQUAL(sent_clean(", which began in 2022, continues.", out, sizeof out),
                    MDS__DROP_FRAGMENT);
    CU_ASSERT_EQUAL(sent_clean("Putin smiled.", out, sizeof out), MDS__DROP_FRAGMENT);
    CU_ASSERT_EQUAL(sent_clean("The Kremlin said the visit would include talks on security...",
                               out, sizeof out),
                    MDS__DROP_FRAGMENT);
    CU_ASSERT_EQUAL(sent_clean("The Kremlin said the visit would include talks on security…",
                               out, sizeof out),
                    MDS__DROP_FRAGMENT);
    CU_ASSERT_EQUAL(sent_clean("Officials said the visit would last two days and", out,
                               sizeof out),
                    MDS__DROP_FRAGMENT);
    CU_ASSERT_EQUAL(sent_clean("12 34 56 78.", out, sizeof out), MDS__DROP_FRAGMENT);
    CU_ASSERT_EQUAL(sent_clean("THE SENATE PASSED THE BILL.", out, sizeof out),
                    MDS__DROP_FRAGMENT);
    /* a dateline alone, once its story was split off */
    CU_ASSERT_EQUAL(sent_clean("WASHINGTON (AP) --", out, sizeof out), MDS__DROP_FRAGMENT);
}

static void test_prose_survives(void)
{
    EXPECT_PROSE("Kim Jong Un recently called the relationship with Russia “an unbreakable bond "
                 "of comrades-in-arms.”");
    EXPECT_PROSE("“We are not concerned about Mr Putin’s trip,” John Kirby told reporters on "
                 "Monday.");
    EXPECT_PROSE("NATO and the EU met in Brussels on Monday.");
    EXPECT_PROSE("U.S. officials said the talks would resume next week.");
    EXPECT_PROSE("In 2000, Putin visited Pyongyang for the first time.");
    EXPECT_PROSE("3 million artillery shells were shipped to Russia, South Korea said.");
    EXPECT_PROSE("Why would Moscow risk its ties with Seoul?");
    EXPECT_PROSE("“Our people give full support,” Kim said.");
    EXPECT_PROSE("iPhone sales in China fell 10 percent in the first quarter.");
    EXPECT_PROSE("The UN, the EU and NATO condemned the launch!");
    EXPECT_PROSE("By Monday, the rebels had taken the city.");
    EXPECT_PROSE("He called the visit a “historic moment” for both countries (and the region).");
    /* unbalanced quotes alone do not make a fragment */
    EXPECT_PROSE("“He called it a disaster, officials said.");
    EXPECT_PROSE("The 1961 treaty was replaced in 2000 and again in 2001.");
    EXPECT_PROSE("Mr. Kim stated last week that relations had “developed into an unbreakable "
                 "relationship of comrades-in-arms.”.");
    EXPECT_PROSE("Putin’s visit reciprocates Kim Jong Un’s trip to Russia last September.");
    EXPECT_PROSE("'It is a friendly visit,' Peskov said.");
    EXPECT_PROSE("Advertisement spending rose sharply this year, the agency said.");
}

static void test_sentence_phrases(void)
{
    char out[512];
    CU_ASSERT_EQUAL(sent_clean("See also Nikki Haley says she will vote for Trump.", out,
                               sizeof out),
                    MDS__DROP_PHRASE);
    CU_ASSERT_EQUAL(sent_clean("This information is sourced from a BBC report.", out, sizeof out),
                    MDS__DROP_PHRASE);
    CU_ASSERT_EQUAL(sent_clean("Read more: Putin's visit explained.", out, sizeof out),
                    MDS__DROP_PHRASE);
    CU_ASSERT_EQUAL(sent_clean("Editing by Mark Heinrich.", out, sizeof out), MDS__DROP_PHRASE);
    CU_ASSERT_EQUAL(sent_clean("All rights reserved.", out, sizeof out), MDS__DROP_PHRASE);
}

static void test_sentence_duplicates(void)
{
    const char *d0[] = {
        "“It is a friendly visit,” Peskov said.",
        "MOSCOW (AP) -- Putin arrived in Pyongyang on Tuesday.",
        "The talks were held in the capital;.",
        "Kim greeted him at the airport.",
    };
    const char *d1[] = {
        "\"It is a  friendly visit,\" Peskov said.",
        "Putin arrived in Pyongyang on Tuesday!",
        "The talks were held in the capital.",
        "Kim greeted him at the airport.",
        "The talks were held in the capital.",
    };
    mds__doc docs[2];
    mkdoc(&docs[0], d0, 4);
    mkdoc(&docs[1], d1, 5);
    size_t n;
    mds__sent *s = sents_of(docs, 2, &n);
    CU_ASSERT_FATAL(n == 9);
    /* dropped upstream: skipped, never un-dropped, never a first occurrence */
    s[3].drop = MDS__DROP_HEADING;
    mds__span before = s[3].span;
    CU_ASSERT_EQUAL(mds__clean_sentences(docs, s, n, &phrases), MDS_OK);
    CU_ASSERT_EQUAL(s[0].drop, MDS__KEEP);
    CU_ASSERT_EQUAL(s[1].drop, MDS__KEEP);
    CU_ASSERT_EQUAL(strncmp(docs[0].text + s[1].span.start, "Putin arrived", 13), 0);
    CU_ASSERT_EQUAL(s[1].words, 6);
    CU_ASSERT_EQUAL(s[2].drop, MDS__DROP_FRAGMENT);
    CU_ASSERT_EQUAL(s[3].drop, MDS__DROP_HEADING);
    CU_ASSERT_EQUAL(s[3].span.start, before.start);
    CU_ASSERT_EQUAL(s[3].span.end, before.end);
    CU_ASSERT_EQUAL(s[4].drop, MDS__DROP_DUPLICATE); /* quote style and spacing differ */
    CU_ASSERT_EQUAL(s[5].drop, MDS__DROP_DUPLICATE); /* after the dateline went */
    CU_ASSERT_EQUAL(s[6].drop, MDS__KEEP);           /* its earlier twin was a fragment */
    CU_ASSERT_EQUAL(s[7].drop, MDS__KEEP);           /* its earlier twin was dropped upstream */
    CU_ASSERT_EQUAL(s[8].drop, MDS__DROP_DUPLICATE); /* same document */
    free(s);
    freedoc(&docs[0]);
    freedoc(&docs[1]);
}

/* ---- the example cluster ------------------------------------------------------------------- */

#define EXAMPLE_DIR "examples/putin-north-korea/"
static const char *const example_files[] = {
    "000_ea34812cd32b42ef.txt", "001_b4a0a099eddaae10.txt", "002_ccde3f834144294e.txt",
    "003_e396d9771baa3c92.txt", "004_4226b15e2f687443.txt",
};
#define NEXAMPLE 5

/* Paragraphs are the file's non-blank lines. Like ingest, no-break spaces become plain
 * spaces; unlike it, runs of spaces stay ("See also  Nikki"), which cleaning must bear. */
static void load_example(mds__doc *d, const char *file)
{
    char path[256];
    snprintf(path, sizeof path, EXAMPLE_DIR "%s", file);
    size_t size;
    char *raw = tu_read_file(path, &size);
    CU_ASSERT_FATAL(raw != NULL);
    size_t w = 0;
    for (size_t r = 0; r < size; r++) {
        if ((unsigned char)raw[r] == 0xC2 && (unsigned char)raw[r + 1] == 0xA0) {
            raw[w++] = ' ';
            r++;
        } else {
            raw[w++] = raw[r];
        }
    }
    raw[w] = '\0';
    const char *lines[512];
    size_t n = 0;
    for (char *p = raw; *p;) {
        char *e = strchr(p, '\n');
        if (e)
            *e = '\0';
        size_t l = strlen(p);
        if (l > 0 && p[l - 1] == '\r')
            p[--l] = '\0';
        int blank = 1;
        for (size_t i = 0; i < l; i++)
            blank &= p[i] == ' ';
        if (!blank && n < 512)
            lines[n++] = p;
        if (!e)
            break;
        p = e + 1;
    }
    mkdoc(d, lines, n);
    free(raw);
}

/* The fate of a paragraph whose text is `line`: its paragraph's drop or, when the paragraph
 * was kept, its sentence's (sentence k is paragraph k: marks[k]). Returns -1 when no paragraph
 * has that text. */
static int fate(const mds__doc *docs, const uint8_t *marks, const mds__sent *s, size_t n,
                const char *line, mds__span *span, uint32_t *doc)
{
    for (size_t k = 0; k < n; k++) {
        const mds__doc *d = &docs[s[k].doc];
        mds__span p = d->paras[s[k].para].span;
        size_t len = p.end - p.start;
        if (len == strlen(line) && memcmp(d->text + p.start, line, len) == 0) {
            if (span)
                *span = s[k].span;
            if (doc)
                *doc = s[k].doc;
            return marks[k] ? marks[k] : s[k].drop;
        }
    }
    return -1;
}

static void test_example(void)
{
    mds__doc docs[NEXAMPLE];
    for (int i = 0; i < NEXAMPLE; i++)
        load_example(&docs[i], example_files[i]);
    uint8_t *marks = new_marks(docs, NEXAMPLE);
    CU_ASSERT_EQUAL(mds__clean_paragraphs(docs, NEXAMPLE, &phrases, marks), MDS_OK);
    size_t n;
    mds__sent *s = sents_of(docs, NEXAMPLE, &n);
    /* a dropped paragraph's sentences carry its mark, as the pipeline gives them */
    for (size_t k = 0; k < n; k++)
        s[k].drop = marks[k];
    CU_ASSERT_EQUAL(mds__clean_sentences(docs, s, n, &phrases), MDS_OK);

    static const char *const noise[] = {
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "See also  Nikki Haley says she will vote for Trump for president",
        "See also  Latest news about the war in Russia and Ukraine",
        "See also  Trump to follow RFK Jr. at Libertarian Party Convention",
        "Exclusive content",
        "Latest article",
        "More article",
        "By Caroline Ameh",
        "News",
        "Putin Arrives in North Korea for Talks with Kim Jong Un.",
        "Top NewsRussia's Putin is set to make a rare visit to North Korea...",
        ("Russia’s Putin is set to make a rare visit to North Korea amid an intensifying "
         "alliance against the West"),
        "Vladimir Putin’s Visit to Pyongyang",
        "Accusations of Arms Deals",
        "While Russia continues to face a weaponry shortfall in its campaign in Ukraine,.",
        "This information is sourced from a BBC report.",
    };
    for (size_t i = 0; i < sizeof noise / sizeof *noise; i++) {
        int why = fate(docs, marks, s, n, noise[i], NULL, NULL);
        if (why <= 0)
            fprintf(stderr, "\n  kept: %s (%d)\n", noise[i], why);
        CU_ASSERT(why > 0);
    }

    static const char *const prose[] = {
        "Reports suggest he will stay at the Kumsusan guesthouse, where Chinese President Xi "
        "Jinping stayed in 2019.",
        "Kim Jong Un recently called the relationship with Russia “an unbreakable bond of "
        "comrades-in-arms.” During their meeting last year, Putin saw potential for military "
        "cooperation, and Kim wished Russia success in Ukraine.",
        "Vladimir Putin is set to arrive in the city on Tuesday to meet with North Korean leader "
        "Kim Jong Un.",
        "The White House has expressed alarm over increasing connections between Russia and "
        "North Korea.",
        "When Putin visited North Korea in 2000, he met Kim’s predecessor and late father, Kim "
        "Jong Il.",
        "The closely watched visit is expected to further cement the growing partnership "
        "between the two powers, founded on their shared hostility to the West and driven by "
        "Putin’s need for support in his ongoing war on Ukraine.",
        "Upon arrival at Pyongyang’s airport, Putin was greeted by Kim Jong Un himself, "
        "accompanied by a military guard of honor.",
    };
    for (size_t i = 0; i < sizeof prose / sizeof *prose; i++) {
        int why = fate(docs, marks, s, n, prose[i], NULL, NULL);
        if (why != 0)
            fprintf(stderr, "\n  dropped: %s (%d)\n", prose[i], why);
        CU_ASSERT_EQUAL(why, 0);
    }

    /* the dateline of 001 goes, the story stays */
    mds__span sp = {0, 0};
    uint32_t doc = 0;
    const char *first = " date 2024-06-18 (CTN News) – Russian President Vladimir Putin has "
                        "commended North Korea for “firmly supporting” Moscow’s war in Ukraine "
                        "as he prepares for his first visit to Pyongyang in 24 years.";
    CU_ASSERT_EQUAL(fate(docs, marks, s, n, first, &sp, &doc), 0);
    CU_ASSERT_EQUAL(strncmp(docs[doc].text + sp.start, "Russian President", 17), 0);

    /* the source tag closing 003 goes */
    size_t last = 0;
    for (size_t k = 0; k < n; k++)
        if (s[k].doc == 3)
            last = k;
    CU_ASSERT_EQUAL(s[last].drop, MDS__KEEP);
    const char *tail = "in Russia’s far eastern region.";
    size_t tl = strlen(tail);
    CU_ASSERT(s[last].span.end - s[last].span.start > tl);
    CU_ASSERT_EQUAL(memcmp(docs[3].text + s[last].span.end - tl, tail, tl), 0);

    /* most of the text is story */
    size_t kept = 0;
    for (size_t k = 0; k < n; k++)
        kept += s[k].drop == MDS__KEEP;
    CU_ASSERT(kept >= 60);

    free(s);
    free(marks);
    for (int i = 0; i < NEXAMPLE; i++)
        freedoc(&docs[i]);
}

static CU_TestInfo tests[] = {
    {"count_words", test_count_words},
    {"one-pass scan as the reference", test_scan_matches_reference},
    {"one-pass scan over long texts", test_scan_long},
    {"headings", test_headings},
    {"bylines", test_bylines},
    {"not_prose", test_not_prose},
    {"phrases", test_phrases},
    {"crumbs", test_crumbs},
    {"crumbs as the reference finds them", test_crumbs_reference},
    {"repeated", test_repeated},
    {"upstream_drop_stands", test_upstream_drop_stands},
    {"datelines", test_datelines},
    {"dashes_kept", test_dashes_kept},
    {"trailing_tags_and_crumbs", test_trailing_tags_and_crumbs},
    {"fragments", test_fragments},
    {"prose_survives", test_prose_survives},
    {"sentence_phrases", test_sentence_phrases},
    {"sentence_duplicates", test_sentence_duplicates},
    {"example", test_example},
    CU_TEST_INFO_NULL,
};

/* The model's phrase list, as the pipeline's cleaning reads it. */
static int setup(void)
{
    mds__strset_init(&phrases);
    size_t size;
    char *list = tu_read_file(MDS_SOURCE_DIR "/models/en/phrases.txt", &size);
    int bad = !list || mds__strset_add_lines(&phrases, list, size) != MDS_OK || phrases.count == 0;
    if (bad)
        fprintf(stderr, "cannot load models/en/phrases.txt\n");
    free(list);
    return bad;
}

static int teardown(void)
{
    mds__strset_free(&phrases);
    return 0;
}

int main(void) { return tu_main("clean", tests, setup, teardown); }
