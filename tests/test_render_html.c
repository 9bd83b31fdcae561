/* SPDX-License-Identifier: MIT */
/* The HTML report (src/api/render_html.c): the escaping of every text it writes, and the
 * page's links and marks, from a run over text written to be hard to show. The browser's
 * reading of the page is tests/test_report_html.sh's. */
#include <stdlib.h>
#include <string.h>

#include "mds.h"
#include "api/render_html.h"
#include "testutil.h"

static mds_ctx *ctx;

static int setup(void) { return mds_ctx_new(&ctx) != MDS_OK; }
static int teardown(void)
{
    mds_ctx_free(ctx);
    return 0;
}

/* The escaped form of n bytes, as a new string. */
static char *escaped(const char *s, size_t n)
{
    mds__buf b = {0};
    CU_ASSERT_EQUAL_FATAL(mds__html_escape(&b, s, n), MDS_OK);
    char *out = b.data ? b.data : strdup("");
    return out;
}

#define CHECK_ESCAPE(in, want)                                                                \
    do {                                                                                      \
        char *got = escaped(in, sizeof in - 1);                                               \
        CU_ASSERT_STRING_EQUAL(got, want);                                                    \
        free(got);                                                                            \
    } while (0)

static void test_escape_markup(void)
{
    CHECK_ESCAPE("<script>alert('x')</script>",
                 "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    CHECK_ESCAPE("a \"b\" & c", "a &quot;b&quot; &amp; c");
    /* an entity in the input is text, not a reference: its & is escaped */
    CHECK_ESCAPE("&amp; &#60; &lt", "&amp;amp; &amp;#60; &amp;lt");
    CHECK_ESCAPE("", "");
    CHECK_ESCAPE("plain words stay", "plain words stay");
}

static void test_escape_controls(void)
{
    /* whitespace controls are a space; other C0, DEL and NUL go, as text output drops them */
    CHECK_ESCAPE("a\tb\nc\rd\fe", "a b c d e");
    CHECK_ESCAPE("\x1b[31mred\x1b[0m\x07\x7f", "[31mred[0m");
    CHECK_ESCAPE("x\0y", "xy");
    /* C1 controls (U+0080 to U+009F, U+009B a terminal's CSI) go; U+00A0 and U+00FF stay */
    CHECK_ESCAPE("a\xc2\x9b" "b\xc2\x80" "c\xc2\xa0" "d\xc3\xbf", "abc\xc2\xa0" "d\xc3\xbf");
}

static void test_escape_invalid_utf8(void)
{
    /* each byte that starts no valid sequence is one U+FFFD; valid neighbours stay */
    CHECK_ESCAPE("a\xff" "b", "a\xef\xbf\xbd" "b");
    CHECK_ESCAPE("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd");          /* overlong '/' */
    CHECK_ESCAPE("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); /* a surrogate */
    CHECK_ESCAPE("\xe2\x82", "\xef\xbf\xbd\xef\xbf\xbd");          /* cut short at the end */
    CHECK_ESCAPE("\xe2\x82<", "\xef\xbf\xbd\xef\xbf\xbd&lt;");     /* cut short by markup */
    CHECK_ESCAPE("\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    /* 2, 3 and 4 byte characters copied whole */
    CHECK_ESCAPE("\xc3\xa9\xe2\x80\x9c\xf0\x9f\x98\x80", "\xc3\xa9\xe2\x80\x9c\xf0\x9f\x98\x80");
}

/* Three paragraphs: one with markup, quotes and a control; a byline cleaning drops; a
 * sentence too short to choose. */
static const char INPUT[] =
    "By Jane Roe\n\n"
    "The council met on <b>Tuesday</b> & voted \"yes\" on the plan for the new park.\n"
    "Critics said the plan would cost forty million dollars over three years.\n\n"
    "It rained.\n\n"
    "The mayor promised a public hearing on the matter before the spring of next year.\n";

static mds_result *run(int report, const char *name)
{
    mds_cluster *c = NULL;
    mds_result *r = NULL;
    mds_params *p = NULL;
    CU_ASSERT_EQUAL_FATAL(mds_cluster_new(ctx, &c), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_cluster_add_memory(c, name, INPUT, sizeof INPUT - 1), MDS_OK);
    CU_ASSERT_EQUAL_FATAL(mds_params_new(&p), MDS_OK);
    TU_SET(p, UNIT, MDS_BUDGET_SENTENCES);
    TU_SET(p, BUDGET, 2);
    TU_SET(p, MIN_WORDS, 5);
    TU_SET(p, REPORT, report);
    CU_ASSERT_EQUAL(mds_summarize(ctx, c, p, &r), MDS_OK);
    mds_params_free(p);
    mds_cluster_free(c); /* the report outlives the cluster */
    return r;
}

static char *page(const mds_result *r)
{
    char *html = NULL;
    size_t size = 0;
    CU_ASSERT_EQUAL_FATAL(mds_result_render(r, MDS_FORMAT_HTML, &html, &size), MDS_OK);
    CU_ASSERT_EQUAL(strlen(html), size);
    return html;
}

/* Every href="#x" has an element id="x"; returns the links counted. */
static size_t links_resolve(const char *html)
{
    size_t n = 0;
    for (const char *h = html; (h = strstr(h, "href=\"")); h += 6) {
        h += 6;
        CU_ASSERT_EQUAL_FATAL(*h, '#'); /* no link leaves the page */
        const char *end = strchr(h, '"');
        CU_ASSERT_PTR_NOT_NULL_FATAL(end);
        char want[64];
        int k = snprintf(want, sizeof want, " id=\"%.*s\"", (int)(end - h - 1), h + 1);
        CU_ASSERT(k > 0 && (size_t)k < sizeof want);
        if (!strstr(html, want))
            CU_FAIL("a link to an id the page lacks");
        n++;
    }
    return n;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static void test_page(void)
{
    mds_result *r = run(1, "council <\"news\">.txt");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL_FATAL(mds_result_count(r), 2);
    char *html = page(r);
    CU_ASSERT(strncmp(html, "<!DOCTYPE html>\n", 16) == 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "</html>\n"));
    /* each summary sentence links to its element, which is highlighted and links back */
    for (size_t i = 0; i < mds_result_count(r); i++) {
        const mds_sentence *s = mds_result_sentence(r, i);
        char want[128];
        snprintf(want, sizeof want, "<a class=\"sentence\" href=\"#d%zu-s%zu\">", s->doc_index,
                 s->index);
        CU_ASSERT_PTR_NOT_NULL(strstr(html, want));
        snprintf(want, sizeof want, "<div class=\"s chosen\" id=\"d%zu-s%zu\"", s->doc_index,
                 s->index);
        CU_ASSERT_PTR_NOT_NULL(strstr(html, want));
        snprintf(want, sizeof want, "<a class=\"tag\" href=\"#sum%zu\">", i + 1);
        CU_ASSERT_PTR_NOT_NULL(strstr(html, want));
    }
    CU_ASSERT_EQUAL(count(html, "<div class=\"s chosen\""), 2);
    CU_ASSERT(links_resolve(html) >= 6);
    /* the input's markup and quotes are text, in the sentences and in the file name */
    CU_ASSERT_PTR_NULL(strstr(html, "<b>"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(html, "&lt;b&gt;Tuesday&lt;/b&gt; &amp; voted &quot;yes&quot;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "council &lt;&quot;news&quot;&gt;.txt"));
    /* the byline is there, faded, with its reason; the short sentence too, unchosen */
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<div class=\"p drop\" title=\"paragraph dropped: "
                                        "byline\">"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<span class=\"t\">By Jane Roe</span>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<span class=\"t\">It rained.</span>"));
    /* every sentence of the document is shown, once: 1 byline, 4 of prose */
    CU_ASSERT_EQUAL(count(html, "<div class=\"s"), 5);
    /* parameters and timings */
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<th>report</th><td>on</td>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<th>embedding</th><td class=\"num\">"));
    mds_free(html);
    mds_result_free(r);
}

static void test_page_without_report(void)
{
    mds_result *r = run(0, "plain.txt");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    char *html = page(r);
    /* the summary, parameters and timings; no documents, so nothing to link to */
    CU_ASSERT_EQUAL(count(html, "<li id=\"sum"), 2);
    CU_ASSERT_PTR_NULL(strstr(html, "href="));
    CU_ASSERT_PTR_NULL(strstr(html, "id=\"documents\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<th>report</th><td>off</td>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "the report parameter was off"));
    mds_free(html);
    /* the summary itself does not change with the report */
    mds_result *with = run(1, "plain.txt");
    char *a = NULL, *b = NULL;
    CU_ASSERT_EQUAL(mds_result_render(r, MDS_FORMAT_TEXT, &a, NULL), MDS_OK);
    CU_ASSERT_EQUAL(mds_result_render(with, MDS_FORMAT_TEXT, &b, NULL), MDS_OK);
    CU_ASSERT_STRING_EQUAL(a, b);
    mds_free(a);
    mds_free(b);
    mds_result_free(with);
    mds_result_free(r);
}

static CU_TestInfo tests[] = {
    {"escape: markup, quotes, ampersands", test_escape_markup},
    {"escape: control characters", test_escape_controls},
    {"escape: invalid UTF-8", test_escape_invalid_utf8},
    {"page: links, highlights, dropped text, escaping", test_page},
    {"page: a result without the report", test_page_without_report},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("render_html", tests, setup, teardown); }
