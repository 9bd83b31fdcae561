/* SPDX-License-Identifier: MIT */
/* Tests for src/text/hygiene.c through ingest: hyphenated line breaks (with a lexicon written
 * here), quoting, Markdown, and the prefixes cut from sentence starts. Every case also checks
 * the map: each visible text character maps to the same character in the source. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/doc.h"
#include "text/hygiene.h"
#include "text/ingest.h"
#include "testutil.h"

/* ---- a lexicon: a few words with document frequencies, a few stopwords ----------------- */

static const struct {
    const char *w;
    uint32_t df;
} words[] = {
    {"compression", 1}, {"standard", 541}, {"engineers", 340}, {"stan", 4}, {"long", 900},
    {"term", 800}, {"longterm", 2}, {"well", 700}, {"known", 650}, {"information", 518},
    {"formation", 69}, {"report", 3000}, {"port", 400},
};
static const char *stops[] = {"in", "something", "some", "thing", "be", "because"};

static int test_look(void *ctx, const char *w, size_t n, uint32_t *freq, int *stop)
{
    (void)ctx;
    *freq = 0;
    *stop = 0;
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        if (strlen(words[k].w) == n && !strncmp(words[k].w, w, n))
            *freq = words[k].df;
    for (size_t k = 0; k < sizeof stops / sizeof *stops; k++)
        if (strlen(stops[k]) == n && !strncmp(stops[k], w, n))
            *stop = 1;
    return 0;
}

static mds__lexicon lexicon = {.look = test_look};

/* ---- running ingest ----------------------------------------------------------------------- */

typedef struct got {
    mds__doc *docs;
    size_t n, cap;
    mds_status st;
} got;

static got ingest(const char *src, const mds__lexicon *lex)
{
    got g = {0};
    mds__ingest_opts o = {.lexicon = lex};
    mds__ingest_error err;
    g.st = mds__ingest((const unsigned char *)src, strlen(src), 0, "t", &o, &g.docs, &g.n,
                       &g.cap, &err);
    return g;
}

static void got_free(got *g)
{
    for (size_t i = 0; i < g->n; i++)
        mds__doc_free(&g->docs[i]);
    free(g->docs);
}

/* Every visible character of the text sits at its map position in the source, byte for byte
 * (these inputs have no entities, `` or odd spaces), and the map never decreases. */
static void check_map(const char *src, const mds__doc *d)
{
    uint64_t last = 0;
    for (size_t i = 0; i < d->text_len; i++) {
        uint64_t s = mds__doc_source(d, i);
        CU_ASSERT(s >= last);
        last = s;
        unsigned char c = (unsigned char)d->text[i];
        if (c == ' ' || c == '\n' || (c & 0xC0) == 0x80)
            continue;
        size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        CU_ASSERT(s + len <= strlen(src));
        if (memcmp(src + s, d->text + i, len) != 0) {
            CU_FAIL("a text character maps to another source character");
            fprintf(stderr, "\n  text byte %zu ('%c') maps to source byte %llu ('%c')\n", i,
                    d->text[i], (unsigned long long)s, src[s]);
            return;
        }
    }
}

/* The text of the document's paragraphs, "|"-separated, headings marked "#". */
static void paras(const mds__doc *d, char *out, size_t cap)
{
    size_t w = 0;
    out[0] = '\0';
    for (size_t p = 0; p < d->npara; p++) {
        const mds__span *s = &d->paras[p].span;
        w += (size_t)snprintf(out + w, cap - w, "%s%s%.*s", p ? "|" : "",
                              d->paras[p].heading ? "#" : "", (int)(s->end - s->start),
                              d->text + s->start);
        if (w >= cap)
            return;
    }
}

typedef struct hcase {
    const char *in;
    const char *want; /* paragraphs, "|"-separated, "#" before a heading */
    int lex;          /* with the lexicon above */
} hcase;

static void run(const hcase *c, size_t k)
{
    got g = ingest(c->in, c->lex ? &lexicon : NULL);
    CU_ASSERT_EQUAL_FATAL(g.st, MDS_OK);
    char buf[2048] = "";
    if (g.n == 1)
        paras(&g.docs[0], buf, sizeof buf);
    if (g.n != 1 || strcmp(buf, c->want) != 0) {
        CU_FAIL("paragraphs differ");
        fprintf(stderr, "\n  case %zu: %s\n  want: %s\n  got:  %s\n", k, c->in, c->want, buf);
    }
    for (size_t i = 0; i < g.n; i++)
        check_map(c->in, &g.docs[i]);
    got_free(&g);
}

static void run_all(const hcase *cs, size_t n)
{
    for (size_t k = 0; k < n; k++)
        run(&cs[k], k);
}

/* ---- hyphenated line breaks --------------------------------------------------------------- */

static const hcase hyphen_cases[] = {
    /* the pieces are no words, the whole is: joined */
    {"The new method of data compres-\nsion is fast.", "The new method of data compression is fast.", 1},
    {"Ask the engi-\n  neers about the design today.", "Ask the engineers about the design today.", 1},
    /* a compound: the hyphen stays, the break goes */
    {"It is a well-\nknown result among us.", "It is a well-known result among us.", 1},
    /* "longterm" is known but rarer than either piece: a compound read as a word by chance */
    {"A long-\nterm plan was agreed by all.", "A long-term plan was agreed by all.", 1},
    /* a stopword is a word: "something"; a stopword piece counts as no piece: "information" */
    {"There was some-\nthing odd in the air.", "There was something odd in the air.", 1},
    {"We lack in-\nformation about the plan.", "We lack information about the plan.", 1},
    /* "report" is more common than "port": one word */
    {"The re-\nport came out on Monday.", "The report came out on Monday.", 1},
    /* no lexicon: no word is known, every hyphen stays */
    {"The new method of data compres-\nsion is fast.", "The new method of data compres-sion is fast.", 0},
    /* a man page reflowed: U+2010 and a space */
    {"It writes to the stan\xe2\x80\x90 dard output of the program.",
     "It writes to the standard output of the program.", 1},
    {"It is a well\xe2\x80\x90 known result of the program.",
     "It is a well\xe2\x80\x90known result of the program.", 1},
    /* U+2010 at a line end */
    {"It writes to the stan\xe2\x80\x90\ndard output of the program.",
     "It writes to the standard output of the program.", 1},
    /* a soft hyphen always breaks a word, lexicon or not */
    {"The new method of data compres\xc2\xad\nsion is fast.", "The new method of data compression is fast.", 0},
    /* capitals, digits, abbreviations: compounds */
    {"The U.S.-\nbacked plan for the years 1990-\n91 was Franco-\nGerman.",
     "The U.S.-backed plan for the years 1990-91 was Franco-German.", 1},
    /* "out-of-\nstate": the piece before is part of a compound */
    {"The out-of-\nstate visitors came by bus.", "The out-of-state visitors came by bus.", 1},
    /* dashes are no hyphens */
    {"He paused -\nthen he spoke again at length.", "He paused -|then he spoke again at length.", 1},
    {"He paused--\nthen he spoke again at length.", "He paused--|then he spoke again at length.", 1},
    /* an ASCII hyphen and a space within a line: "pre- and post-war" stays */
    {"The pre- and post-war years were long ones.", "The pre- and post-war years were long ones.", 1},
    /* a blank line ends the paragraph: nothing joins across it */
    {"The new method of data compres-\n\nsion is fast.", "The new method of data compres-|sion is fast.", 1},
    /* one paragraph a line (not hard-wrapped): the broken word still runs on */
    {"First line of the text stands alone here.\nThe new method of data compres-\nsion is fast.\n"
     "Another line stands alone too, as a paragraph.",
     "First line of the text stands alone here.|The new method of data compression is fast.|"
     "Another line stands alone too, as a paragraph.", 1},
    /* the text's own use decides first: the joined form elsewhere joins, without a lexicon */
    {"The data compres-\nsion ratio is high; compression is what we need.",
     "The data compression ratio is high; compression is what we need.", 0},
    {"The Data Compres-\nsion ratio is high; COMPRESSION is what we need.",
     "The Data Compression ratio is high; COMPRESSION is what we need.", 0},
    /* ... and the hyphenated form elsewhere keeps the hyphen, whatever the lexicon says */
    {"There was some-\nthing odd, and some-thing else.",
     "There was some-thing odd, and some-thing else.", 1},
    /* CR LF breaks */
    {"The new method of data compres-\r\nsion is fast.", "The new method of data compression is fast.", 1},
};

static void test_hyphens(void) { run_all(hyphen_cases, sizeof hyphen_cases / sizeof *hyphen_cases); }

/* SGML prose joins too; the next paragraph (indented) is never joined into. */
static void test_hyphens_sgml(void)
{
    const char *src = "<DOC>\n<DOCNO> X1 </DOCNO>\n<TEXT>\n"
                      "   The new method of data compres-\nsion is fast and it is a well-\n"
                      "known result among the experts.\n"
                      "   Another paragraph starts here and ends a line with anti-\n"
                      "   Indented, so a new paragraph begins.\n</TEXT>\n</DOC>\n";
    got g = ingest(src, &lexicon);
    CU_ASSERT_EQUAL_FATAL(g.st, MDS_OK);
    CU_ASSERT_EQUAL_FATAL(g.n, 1);
    char buf[1024];
    paras(&g.docs[0], buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "The new method of data compression is fast and it is a "
                                "well-known result among the experts.|Another paragraph starts "
                                "here and ends a line with anti-|Indented, so a new paragraph "
                                "begins.");
    check_map(src, &g.docs[0]);
    got_free(&g);
}

/* ---- quoting ------------------------------------------------------------------------------ */

static const hcase quote_cases[] = {
    {"On Monday, Ann wrote this:\n> The meeting is moved to Friday at noon.\n"
     "> Please tell the others about it.\nThanks, that works for me and for the team.",
     "On Monday, Ann wrote this:|The meeting is moved to Friday at noon.|Please tell the others "
     "about it.|Thanks, that works for me and for the team.", 0},
    /* a hard-wrapped quote is one paragraph, and starts one */
    {"The reply came in the afternoon, and it said what we had all feared it\n"
     "would say about the plan and the money that was set aside for it:\n"
     "> the committee has voted against the proposal and the budget is to be\n"
     "> returned to the treasury before the end of the fiscal year, as the\n"
     "> rules of the program demand of every committee in such a case.",
     "The reply came in the afternoon, and it said what we had all feared it would say about "
     "the plan and the money that was set aside for it:|the committee has voted against the "
     "proposal and the budget is to be returned to the treasury before the end of the fiscal "
     "year, as the rules of the program demand of every committee in such a case.", 0},
    {">> Nested quoting is cut as a whole.", "Nested quoting is cut as a whole.", 0},
    {"> > Spaced nesting too.", "Spaced nesting too.", 0},
    /* not at a line start: kept */
    {"Prices rose > 5 percent in May.", "Prices rose > 5 percent in May.", 0},
};

static void test_quotes(void) { run_all(quote_cases, sizeof quote_cases / sizeof *quote_cases); }

/* ---- Markdown ----------------------------------------------------------------------------- */

static const hcase md_cases[] = {
    /* headings are headings, however they end; the lines below them are paragraphs */
    {"# Why does it work?\nBecause the model is small.\n\n## Usage ##\nRun it on **any** text.",
     "#Why does it work?|Because the model is small.|#Usage|Run it on any text.", 0},
    /* setext headings; a paragraph is a block of lines, wrapped or not */
    {"Title Of The Page\n=================\n\nShort line one\nand its second line.\n\n"
     "Sub heading\n-----------\nText under it, with a [link](http://example.com/a_(b)).",
     "#Title Of The Page|Short line one and its second line.|#Sub heading|"
     "Text under it, with a link.", 0},
    /* links, images, emphasis, code spans, escapes */
    {"# Notes\n\nSee [the guide][g] and ![a logo](logo.png) for *more* on `mds`, __bold__ "
     "and ~~old~~ text; snake_case_names and 2 * 3 stay, and \\*stars\\* too.\n\n"
     "[g]: http://example.com/guide",
     "#Notes|See the guide and for more on mds, bold and old text; snake_case_names and 2 * 3 "
     "stay, and *stars* too.", 0},
    /* fenced and indented code are dropped; list items are paragraphs without markers */
    {"# Setup\n\nInstall it first:\n\n```sh\nmake install\necho \"Not prose.\"\n```\n\n"
     "    indented code line\n    another one\n\n- First item of the list.\n- Second item,\n"
     "  continued here.\n1. A numbered item.\n- [x] A task that is done.\n\n---\n\nThe end.",
     "#Setup|Install it first:|First item of the list.|Second item, continued here.|"
     "A numbered item.|A task that is done.|The end.", 0},
    /* tables: the delimiter row goes, each row is a paragraph */
    {"# Table\n\n| name | value |\n|------|:-----:|\n| a | 1 |\n| b | 2 |\n\n# End",
     "#Table|| name | value ||| a | 1 ||| b | 2 ||#End", 0},
    /* quoting inside Markdown */
    {"# Quote\n\n> A quoted **line** in Markdown.\n\nAfter it.",
     "#Quote|A quoted line in Markdown.|After it.", 0},
};

static void test_markdown(void) { run_all(md_cases, sizeof md_cases / sizeof *md_cases); }

/* Plain text is not read as Markdown for one sign: emphasis and "#" stay as written. */
static const hcase plain_cases[] = {
    {"The *real* cost was high.\nIt rose again in May of that year.",
     "The *real* cost was high.|It rose again in May of that year.", 0},
    {"# a comment line\nThe cost [in dollars] and the *note* stay in plain text.",
     "# a comment line|The cost [in dollars] and the *note* stay in plain text.", 0},
};

static void test_plain(void) { run_all(plain_cases, sizeof plain_cases / sizeof *plain_cases); }

static void test_is_markdown(void)
{
    static const struct {
        const char *s;
        int want;
    } t[] = {
        {"```\ncode\n```\n", 1},
        {"# One\ntext\n# Two\n", 1},
        {"# One\nSee [x](http://y).\n", 1},
        {"Title\n=====\n\n- a\n- b\n", 1},
        {"Some **bold** text and a [link](u).\n", 1},
        {"# only one heading\nand text.\n", 0},
        {"- a list\n- of things\n", 0},
        {"Plain prose, nothing else.\n", 0},
        {"", 0},
    };
    for (size_t k = 0; k < sizeof t / sizeof *t; k++) {
        int is = mds__hygiene_is_markdown((const unsigned char *)t[k].s, 0, strlen(t[k].s));
        if (is != t[k].want) {
            CU_FAIL("markdown detection");
            fprintf(stderr, "\n  %zu: %s -> %d\n", k, t[k].s, is);
        }
    }
}

/* ---- sentence-start prefixes -------------------------------------------------------------- */

static void test_prefix(void)
{
    static const struct {
        const char *s;
        int qa_dot;
        const char *rest; /* what is left (numbers on) */
    } t[] = {
        {"\xe2\x80\xa2 Bullet item here.", 0, "Bullet item here."},
        {"- Dash item.", 0, "Dash item."},
        {"* Star item.", 0, "Star item."},
        {"-- The wire's bullet.", 0, "The wire's bullet."},
        {"1. First.", 0, "First."},
        {"12) Twelfth.", 0, "Twelfth."},
        {"(3) Third.", 0, "Third."},
        {"a) Letter.", 0, "Letter."},
        {"(iv) Roman.", 0, "Roman."},
        {"iv. Roman with a period.", 0, "Roman with a period."},
        {"Q: What now?", 0, "What now?"},
        {"A: Nothing.", 0, "Nothing."},
        {"Q. What now?", 1, "What now?"},
        {"A. Nothing.", 1, "Nothing."},
        {"- 1. Both at once.", 0, "Both at once."},
        /* not prefixes */
        {"A. Smith said so.", 0, "A. Smith said so."},
        {"1996. A year.", 0, "1996. A year."},
        {"2.5 million people came.", 0, "2.5 million people came."},
        {"i.e. the same.", 0, "i.e. the same."},
        {"-5 degrees at night.", 0, "-5 degrees at night."},
        {"(AP) said.", 0, "(AP) said."},
        {"Quite: no.", 0, "Quite: no."},
        {"- ...", 0, "- ..."}, /* nothing to read would be left */
        {"", 0, ""},
    };
    for (size_t k = 0; k < sizeof t / sizeof *t; k++) {
        size_t n = strlen(t[k].s), cut = mds__hygiene_prefix(t[k].s, n, t[k].qa_dot, 1);
        if (strcmp(t[k].s + cut, t[k].rest) != 0) {
            CU_FAIL("prefix");
            fprintf(stderr, "\n  %zu: '%s' -> '%s'\n", k, t[k].s, t[k].s + cut);
        }
    }
    /* numbers off: bullets and Q/A still go, numbers stay */
    CU_ASSERT_EQUAL(mds__hygiene_prefix("1. First.", 9, 0, 0), 0);
    CU_ASSERT_EQUAL(mds__hygiene_prefix("a) Letter.", 10, 0, 0), 0);
    CU_ASSERT_EQUAL(mds__hygiene_prefix("- Dash.", 7, 0, 0), 2);
    CU_ASSERT_EQUAL(mds__hygiene_prefix("Q: Why?", 7, 0, 0), 3);
}

/* ---- the scan itself ---------------------------------------------------------------------- */

/* Cuts come out sorted and disjoint even where the rules overlap (a hyphen inside code). */
static void test_scan_sorted(void)
{
    const char *s = "# H\n\n```\nline compres-\nsion\n```\n\nText *a* [b](c) compres-\nsion.\n";
    mds__hygiene h = {0};
    CU_ASSERT_EQUAL(mds__hygiene_scan((const unsigned char *)s, 0, strlen(s),
                                      MDS__HYG_JOIN | MDS__HYG_QUOTE | MDS__HYG_MARKDOWN,
                                      &lexicon, &h),
                    MDS_OK);
    CU_ASSERT(h.ncuts > 0);
    for (size_t k = 1; k < h.ncuts; k++)
        CU_ASSERT(h.cuts[k - 1].b <= h.cuts[k].a);
    for (size_t k = 1; k < h.nmarks; k++)
        CU_ASSERT(h.marks[k - 1].at < h.marks[k].at);
    CU_ASSERT(h.blocks);
    mds__hygiene_free(&h);
    mds__hygiene_free(&h); /* twice: harmless */
    CU_ASSERT_EQUAL(mds__hygiene_scan(NULL, 0, 0, MDS__HYG_JOIN, NULL, &h), MDS_OK);
    CU_ASSERT_EQUAL(h.ncuts, 0);
    CU_ASSERT_EQUAL(mds__hygiene_scan((const unsigned char *)s, 3, 2, 0, NULL, &h), MDS_EINVAL);
}

/* What printing reads: the source less the cuts inside a span, trailing cuts trimmed. */
static void test_source_copy(void)
{
    const char *src = "Some **bold** and *a [link](http://x.y) end here.*\n\nNext.\n# H\n# I\n";
    got g = ingest(src, NULL);
    CU_ASSERT_EQUAL_FATAL(g.st, MDS_OK);
    const mds__doc *d = &g.docs[0];
    CU_ASSERT_FATAL(d->npara >= 2);
    uint64_t a, b;
    mds__doc_source_span(d, (const unsigned char *)src, strlen(src), d->paras[0].span.start,
                         d->paras[0].span.end, &a, &b);
    CU_ASSERT_EQUAL(a, 0);
    CU_ASSERT_EQUAL(b, strlen("Some **bold** and *a [link](http://x.y) end here."));
    char out[128];
    size_t n = mds__doc_source_copy(d, (const unsigned char *)src, a, b, out);
    out[n] = '\0';
    CU_ASSERT_STRING_EQUAL(out, "Some bold and a link end here.");
    got_free(&g);
}

static CU_TestInfo tests[] = {
    {"hyphenated line breaks", test_hyphens},
    {"hyphens in SGML prose", test_hyphens_sgml},
    {"quoting", test_quotes},
    {"Markdown", test_markdown},
    {"plain text is not Markdown", test_plain},
    {"Markdown detection", test_is_markdown},
    {"sentence-start prefixes", test_prefix},
    {"cuts sorted and disjoint", test_scan_sorted},
    {"source less cuts", test_source_copy},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("hygiene", tests, NULL, NULL); }
