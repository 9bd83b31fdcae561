/* SPDX-License-Identifier: MIT */
/* Tests for src/text/html.c: recognizing pages, boilerplate set aside, entities, the map into
 * the ORIGINAL bytes (markup and entities included), JSON-LD and Open Graph metadata,
 * malformed markup, pages with no article, and a cluster of pages summarized through the
 * public API. Every page here is written for these tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mds.h"
#include "text/doc.h"
#include "text/html.h"
#include "text/ingest.h"
#include "testutil.h"

typedef struct got {
    mds__doc *docs;
    size_t n, cap;
    mds_status st;
} got;

static got read_page(const char *html)
{
    got g = {0};
    mds__ingest_error err;
    g.st = mds__ingest((const unsigned char *)html, strlen(html), 0, "page", NULL, &g.docs, &g.n,
                       &g.cap, &err);
    return g;
}

static void got_free(got *g)
{
    for (size_t i = 0; i < g->n; i++)
        mds__doc_free(&g->docs[i]);
    free(g->docs);
}

/* The map's contract on a page: offsets never decrease, stay inside the file, and each
 * paragraph's first character maps to a byte of the page holding that same character (or
 * the '&' of the entity that made it). */
static void check_map(const char *html, const mds__doc *d)
{
    size_t size = strlen(html);
    uint64_t prev = 0;
    for (size_t i = 0; i <= d->text_len; i++) {
        uint64_t s = mds__doc_source(d, i);
        CU_ASSERT(s >= prev);
        CU_ASSERT(s <= size);
        prev = s;
    }
    for (size_t k = 0; k < d->npara; k++) {
        size_t a = d->paras[k].span.start;
        uint64_t s = mds__doc_source(d, a);
        CU_ASSERT(s < size);
        if (s < size)
            CU_ASSERT(html[s] == d->text[a] || html[s] == '&');
    }
}

static const char *const news_page =
    "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Site | Story</title>\n"
    "<style>p { color: red; } .stylesheet-words {}</style>\n"
    "<script>var scriptwords = \"never in the text\";</script>\n"
    "</head><body>\n"
    "<div class=\"cookie-consent\">We use cookies. Accept cookiewords</div>\n"
    "<nav><a href=\"/\">Home</a> <a href=\"/navwords\">Navwords</a></nav>\n"
    "<article>\n<h1>The headline of the story</h1>\n"
    "<div class=\"social-share\"><a href=\"#\">Sharewords on Facebook</a></div>\n"
    "<p>The first paragraph of the story is long enough to be read as prose, with a comma, "
    "and with a second clause.</p>\n"
    "<h2>A subheading</h2>\n"
    "<p>The second paragraph says more about it, again with commas, clauses, and words "
    "enough to score.</p>\n"
    "<figure><img src=\"x.jpg\"><figcaption>Captionwords under the picture</figcaption>"
    "</figure>\n"
    "<p>The third paragraph ends the story, once more with a comma, and a full stop.</p>\n"
    "</article>\n"
    "<aside class=\"related\"><ul><li><a href=\"/r\">Relatedwords story</a></li></ul></aside>\n"
    "<div id=\"comments\"><p>Commentwords: a reader wrote a long comment about it, with "
    "commas, many of them, and more.</p></div>\n"
    "<footer><p>Footerwords, all rights reserved.</p></footer>\n"
    "</body></html>\n";

static void test_boilerplate_removed(void)
{
    got g = read_page(news_page);
    CU_ASSERT_EQUAL_FATAL(g.st, MDS_OK);
    CU_ASSERT_EQUAL_FATAL(g.n, 1);
    const mds__doc *d = &g.docs[0];
    CU_ASSERT(d->markup);
    CU_ASSERT_PTR_NOT_NULL(strstr(d->text, "The first paragraph of the story"));
    CU_ASSERT_PTR_NOT_NULL(strstr(d->text, "The second paragraph says more"));
    CU_ASSERT_PTR_NOT_NULL(strstr(d->text, "The third paragraph ends the story"));
    static const char *const junk[] = {"scriptwords", "stylesheet", "color: red", "cookiewords",
                                       "Navwords", "Sharewords", "Captionwords", "Relatedwords",
                                       "Commentwords", "Footerwords"};
    for (size_t k = 0; k < sizeof junk / sizeof *junk; k++)
        CU_ASSERT_PTR_NULL(strstr(d->text, junk[k]));
    /* block structure: the subheading and each <p> are paragraphs of their own; the <h1>
     * is the page's headline, not body text */
    CU_ASSERT_EQUAL(d->npara, 4);
    CU_ASSERT_PTR_NOT_NULL(strstr(d->text, "\nA subheading\n"));
    CU_ASSERT_PTR_NULL(strstr(d->text, "The headline of the story"));
    CU_ASSERT_STRING_EQUAL(d->headline, "Site | Story");
    check_map(news_page, d);
    got_free(&g);
}

static void test_entities_and_offsets(void)
{
    const char *html =
        "<html><body><div class=\"content\">"
        "<p>Caf&eacute; owners &amp; bakers said &ldquo;no&rdquo; &#8212; twice &#x263A;, "
        "then left\r\nthe hall,  with   commas, at dawn.</p>"
        "<p>A second paragraph&nbsp;with a non-breaking space, and commas, to score.</p>"
        "</div></body></html>";
    got g = read_page(html);
    CU_ASSERT_EQUAL_FATAL(g.st, MDS_OK);
    CU_ASSERT_EQUAL_FATAL(g.n, 1);
    const mds__doc *d = &g.docs[0];
    CU_ASSERT_STRING_EQUAL(d->text,
                           "Café owners & bakers said “no” — twice ☺, then left the hall, with "
                           "commas, at dawn.\nA second paragraph with a non-breaking space, "
                           "and commas, to score.");
    /* each decoded character maps to its entity's '&' in the page */
    const char *e = strstr(d->text, "é");
    CU_ASSERT_EQUAL(mds__doc_source(d, (size_t)(e - d->text)),
                    (uint64_t)(strstr(html, "&eacute;") - html));
    e = strstr(d->text, "—");
    CU_ASSERT_EQUAL(mds__doc_source(d, (size_t)(e - d->text)),
                    (uint64_t)(strstr(html, "&#8212;") - html));
    e = strstr(d->text, "& bakers");
    CU_ASSERT_EQUAL(mds__doc_source(d, (size_t)(e - d->text)),
                    (uint64_t)(strstr(html, "&amp;") - html));
    /* text after an entity maps to its own bytes again */
    e = strstr(d->text, "owners");
    CU_ASSERT_EQUAL(mds__doc_source(d, (size_t)(e - d->text)),
                    (uint64_t)(strstr(html, "owners") - html));
    e = strstr(d->text, "the hall");
    CU_ASSERT_EQUAL(mds__doc_source(d, (size_t)(e - d->text)),
                    (uint64_t)(strstr(html, "the hall") - html));
    /* a paragraph's source runs from its first character to just past its last */
    const mds__para *p = &d->paras[0];
    uint64_t a = mds__doc_source(d, p->span.start), b = mds__doc_source(d, p->span.end);
    CU_ASSERT_EQUAL(a, (uint64_t)(strstr(html, "Caf&eacute;") - html));
    CU_ASSERT_EQUAL(b, (uint64_t)(strstr(html, "</p><p>A second") - html));
    check_map(html, d);
    got_free(&g);
}

static void test_json_ld_and_open_graph(void)
{
    const char *html =
        "<html><head><title>Title element</title>"
        "<meta property=\"og:title\" content=\"Open Graph title\">"
        "<script type=\"application/ld+json\">{\"@context\": \"https://schema.org\", "
        "\"@graph\": [{\"@type\": \"WebPage\"}, {\"@type\": \"NewsArticle\", "
        "\"headline\": \"JSON-LD headline\", \"datePublished\": \"2025-11-02T08:00:00Z\"}]}"
        "</script></head><body><main><p>Body text of the page, long enough, with commas, "
        "to be the article.</p></main></body></html>";
    got g = read_page(html);
    CU_ASSERT_EQUAL_FATAL(g.st, MDS_OK);
    CU_ASSERT_EQUAL_FATAL(g.n, 1);
    CU_ASSERT_STRING_EQUAL(g.docs[0].headline, "JSON-LD headline");
    CU_ASSERT_STRING_EQUAL(g.docs[0].date, "2025-11-02T08:00:00Z");
    CU_ASSERT_PTR_NULL(strstr(g.docs[0].text, "@graph"));
    got_free(&g);

    /* no JSON-LD (and broken JSON-LD is ignored): Open Graph, then <title> */
    const char *og =
        "<html><head><title>Title element</title>"
        "<meta property=\"og:title\" content=\"Open Graph &amp; title\">"
        "<meta property=\"article:published_time\" content=\"2024-01-05\">"
        "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", broken</script>"
        "</head><body><p>Body text of the page, long enough, with commas, to be the "
        "article.</p></body></html>";
    g = read_page(og);
    CU_ASSERT_EQUAL_FATAL(g.n, 1);
    CU_ASSERT_STRING_EQUAL(g.docs[0].headline, "Open Graph & title");
    CU_ASSERT_STRING_EQUAL(g.docs[0].date, "2024-01-05");
    got_free(&g);
    const char *plain = "<html><head><title>\n  Only the\n title </title></head><body><p>Body "
                        "text of the page, long enough, with commas, to be read.</p></body>"
                        "</html>";
    g = read_page(plain);
    CU_ASSERT_EQUAL_FATAL(g.n, 1);
    CU_ASSERT_STRING_EQUAL(g.docs[0].headline, "Only the title");
    CU_ASSERT_PTR_NULL(g.docs[0].date);
    got_free(&g);
}

static void test_malformed(void)
{
    /* unclosed elements, stray end tags, unquoted attributes, an unterminated comment and
     * an entity without its semicolon: the parser recovers as browsers do */
    const char *html =
        "<html><body><div class=story><p>First paragraph &amp without semicolon, unclosed, "
        "and it runs on, with commas.<p>Second paragraph</span></td> also unclosed, "
        "and long, with commas, and more words.<div><b>bold <i>crossed</b> tags</i> in a "
        "block of text, long enough, with commas.</div><!-- never closed";
    got g = read_page(html);
    CU_ASSERT_EQUAL_FATAL(g.st, MDS_OK);
    CU_ASSERT_EQUAL_FATAL(g.n, 1);
    const mds__doc *d = &g.docs[0];
    CU_ASSERT_PTR_NOT_NULL(strstr(d->text, "First paragraph & without semicolon"));
    CU_ASSERT_PTR_NOT_NULL(strstr(d->text, "bold crossed tags"));
    CU_ASSERT_PTR_NULL(strstr(d->text, "<"));
    check_map(html, d);
    got_free(&g);

    /* markup soup: no crash, whatever comes out maps inside the file */
    const char *soup = "<html><<<>>><p <p>>&#;&#x;&;&#99999999;&#0;<table><td>cell<tr><p>x"
                       "</table></table><script>unterminated";
    g = read_page(soup);
    CU_ASSERT_EQUAL(g.st, MDS_OK);
    for (size_t i = 0; i < g.n; i++)
        check_map(soup, &g.docs[i]);
    got_free(&g);
}

/* The parser is quadratic in the nesting: a page nested past the bound is refused at once;
 * a script's comparisons ("a<b") are no tags and a long table is no nesting. */
static void test_nesting_bound(void)
{
    size_t n = 20000;
    char *deep = malloc(n * 5 + 200);
    CU_ASSERT_PTR_NOT_NULL_FATAL(deep);
    char *w = deep + sprintf(deep, "<html><body>");
    for (size_t k = 0; k < n; k++)
        w += sprintf(w, "<div>");
    sprintf(w, "<p>Deep text, with commas, long enough to be read as prose.</p>");
    got g = read_page(deep);
    CU_ASSERT_EQUAL(g.st, MDS_EFORMAT);
    CU_ASSERT_EQUAL(g.n, 0);
    got_free(&g);
    free(deep);

    char *wide = malloc(n * 20 + 400);
    CU_ASSERT_PTR_NOT_NULL_FATAL(wide);
    w = wide + sprintf(wide, "<html><body><script>");
    for (size_t k = 0; k < n; k++)
        w += sprintf(w, "if(a<b)c();");
    w += sprintf(w, "</script><table>");
    for (size_t k = 0; k < n; k++)
        w += sprintf(w, "<tr><td>%zu", k % 10);
    sprintf(w, "</table><p>Text after it all, with commas, long enough to be prose.</p>");
    g = read_page(wide);
    CU_ASSERT_EQUAL(g.st, MDS_OK);
    CU_ASSERT_EQUAL_FATAL(g.n, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(g.docs[0].text, "Text after it all"));
    got_free(&g);
    free(wide);
}

static void test_no_article(void)
{
    const char *html = "<!DOCTYPE html><html><head><title>Index</title><script>var a = "
                       "'long script text, with commas, that is no article';</script></head>"
                       "<body><nav><ul><li><a href=/a>Section A</a></li><li><a href=/b>"
                       "Section B</a></li></ul></nav><footer>Footer only</footer></body></html>";
    got g = read_page(html);
    CU_ASSERT_EQUAL(g.st, MDS_OK);
    CU_ASSERT_EQUAL(g.n, 0);
    got_free(&g);
    /* a list of links is no paragraph either */
    const char *links = "<html><body><div><p><a href=/1>One link with a long title, "
                        "commas, words</a> <a href=/2>and another link, with commas</a></p>"
                        "</div></body></html>";
    g = read_page(links);
    CU_ASSERT_EQUAL(g.st, MDS_OK);
    CU_ASSERT_EQUAL(g.n, 0);
    got_free(&g);
}

static void test_sniff(void)
{
    const char *yes[] = {"<!DOCTYPE html><p>x", "  \n<html>", "<!-- c --><HTML lang=en>",
                         "<head><title>t</title>", "<div>\n<meta charset=utf-8>",
                         "<?xml version=\"1.0\"?><html xmlns=\"x\">"};
    const char *no[] = {"Plain text about <html> tags.", "<DOC>\n<DOCNO> X </DOCNO>",
                        "<REUTERS NEWID=\"1\">", "<b>bold</b> and nothing else", "",
                        "<!-- unterminated"};
    for (size_t k = 0; k < sizeof yes / sizeof *yes; k++)
        CU_ASSERT(mds__html_sniff((const unsigned char *)yes[k], 0, strlen(yes[k])));
    for (size_t k = 0; k < sizeof no / sizeof *no; k++)
        CU_ASSERT(!mds__html_sniff((const unsigned char *)no[k], 0, strlen(no[k])));
    /* a forced format reads a page as text, markup and all */
    got g = {0};
    mds__ingest_error err;
    mds__ingest_opts o = {.format = MDS__INPUT_TEXT};
    const char *page = "<html><body><p>Some words, with commas, in a page.</p></body></html>";
    CU_ASSERT_EQUAL(mds__ingest((const unsigned char *)page, strlen(page), 0, "p", &o, &g.docs,
                                &g.n, &g.cap, &err), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(g.n, 1);
    CU_ASSERT(!g.docs[0].markup);
    CU_ASSERT_PTR_NOT_NULL(strstr(g.docs[0].text, "<p>"));
    got_free(&g);
    /* and text that does not look like a page as HTML */
    const char *frag = "<p>A fragment of markup, with commas, and a <b>bold</b> word.</p>";
    o.format = MDS__INPUT_HTML;
    g = (got){0};
    CU_ASSERT_EQUAL(mds__ingest((const unsigned char *)frag, strlen(frag), 0, "f", &o, &g.docs,
                                &g.n, &g.cap, &err), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(g.n, 1);
    CU_ASSERT_STRING_EQUAL(g.docs[0].text, "A fragment of markup, with commas, and a bold word.");
    got_free(&g);
}

/* The fixture cluster (tests/data/html-cluster: three pages on one story) through the
 * public API: summary sentences are clean text, and their offset and length index the page. */
static void test_cluster_summary(void)
{
    mds_ctx *ctx = NULL;
    mds_cluster *cl = NULL;
    mds_result *res = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_ctx_new(&ctx), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &cl), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_add_dir(cl, MDS_SOURCE_DIR "/tests/data/html-cluster"),
                          MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_document_count(cl), 3);
    mds_document doc;
    CU_ASSERT_EQUAL(mds_cluster_document(cl, 3, &doc), MDS_EINVAL);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_document(cl, 1, &doc), MDS_OK);
    CU_ASSERT_STRING_EQUAL(doc.id, "harbor-daily.html");
    CU_ASSERT_STRING_EQUAL(doc.title, "Eastport bridge reopens after three months of storm repairs");
    CU_ASSERT_STRING_EQUAL(doc.date, "2026-03-14T09:00:00Z");
    CU_ASSERT_PTR_NULL(strstr(doc.text, "cookies"));
    CU_ASSERT_PTR_NULL(strstr(doc.text, "Share on"));
    CU_ASSERT_PTR_NULL(strstr(doc.text, "Photo:"));
    CU_ASSERT_PTR_NULL(strstr(doc.text, "drove across it"));
    CU_ASSERT_PTR_NULL(strstr(doc.text, "Related"));
    CU_ASSERT_PTR_NULL(strstr(doc.text, "rights reserved"));

    mds_params *p = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_params_new(&p), MDS_OK);
    TU_SET(p, BUDGET, 120);
    CU_ASSERT_EQUAL_FATAL(mds_summarize(ctx, cl, p, &res), MDS_OK);
    CU_ASSERT(mds_result_count(res) >= 2);
    for (size_t i = 0; i < mds_result_count(res); i++) {
        const mds_sentence *s = mds_result_sentence(res, i);
        CU_ASSERT_PTR_NULL(strchr(s->text, '<'));
        CU_ASSERT_PTR_NULL(strchr(s->text, '&'));
        size_t size = 0;
        char *page = tu_read_file(s->doc_path, &size);
        CU_ASSERT_PTR_NOT_NULL_FATAL(page);
        CU_ASSERT(s->offset + s->length <= size);
        /* the page's bytes there start and end as the sentence does */
        size_t first = strcspn(s->text, " ");
        CU_ASSERT(!strncmp(page + s->offset, s->text, first));
        CU_ASSERT_EQUAL(page[s->offset + s->length - 1], s->text[strlen(s->text) - 1]);
        free(page);
    }
    /* the rendered summary is the sentences' texts, a line each, and nothing past them */
    char *out = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_result_render(res, MDS_FORMAT_TEXT, &out, NULL), MDS_OK);
    size_t want = 0;
    for (size_t i = 0; i < mds_result_count(res); i++)
        want += strlen(mds_result_sentence(res, i)->text) + 1;
    CU_ASSERT_EQUAL(strlen(out), want);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, mds_result_sentence(res, 0)->text));
    mds_free(out);
    CU_ASSERT_EQUAL_FATAL(mds_result_render(res, MDS_FORMAT_JSON, &out, NULL), MDS_OK);
    CU_ASSERT_PTR_NULL(strstr(out, "<p>"));
    mds_free(out);
    mds_result_free(res);
    mds_params_free(p);
    mds_cluster_free(cl);
    mds_ctx_free(ctx);
}

static CU_TestInfo tests[] = {
    {"boilerplate removed", test_boilerplate_removed},
    {"entities and offsets", test_entities_and_offsets},
    {"JSON-LD and Open Graph", test_json_ld_and_open_graph},
    {"malformed HTML", test_malformed},
    {"no article", test_no_article},
    {"nesting bound", test_nesting_bound},
    {"recognized by content", test_sniff},
    {"a cluster of pages", test_cluster_summary},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("html", tests, NULL, NULL); }
