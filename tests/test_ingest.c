/* Tests for src/text/ingest.c: format detection, validation, paragraphs, normalization and the byte
 * map, which every test checks against an independent reference normalizer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/doc.h"
#include "text/ingest.h"
#include "testutil.h"

/* ---- a reference normalizer and the map check ------------------------------------------- */

typedef struct refbuf {
    char s[1 << 16];
    size_t n;
} refbuf;

static void ref_put(refbuf *r, uint32_t cp)
{
    if (r->n + 4 >= sizeof r->s)
        return;
    unsigned char *o = (unsigned char *)r->s + r->n;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        r->n += 1;
    } else if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        r->n += 2;
    } else if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        r->n += 3;
    } else {
        o[0] = (unsigned char)(0xF0 | (cp >> 18));
        o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[3] = (unsigned char)(0x80 | (cp & 0x3F));
        r->n += 4;
    }
}

static int ref_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
           cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000 || cp == 0x2028 || cp == 0x2029;
}

static int ref_invisible(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD || cp == 0x200B ||
           cp == 0x2060 || cp == 0xFEFF;
}

/* Decodes one character of s[0, n): UTF-8 where valid, else one Latin-1 byte. */
static size_t ref_char(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    size_t len = c < 0x80 ? 1 : c >= 0xC2 && c < 0xE0 ? 2 : c >= 0xE0 && c < 0xF0 ? 3
               : c >= 0xF0 && c < 0xF5 ? 4 : 0;
    if (len > n)
        len = 0;
    uint32_t v = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80) {
            len = 0;
            break;
        }
        v = (v << 6) | (s[k] & 0x3Fu);
    }
    if (len == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF)))
        len = 0;
    if (len == 4 && (v < 0x10000 || v > 0x10FFFF))
        len = 0;
    if (!len) {
        /* Windows-1252 where it differs from Latin-1, as far as the tests use it */
        *cp = c == 0x82 ? 0x201A : c == 0x93 ? 0x201C : c == 0x94 ? 0x201D : c;
        return 1;
    }
    *cp = v;
    return len;
}

/* What the paragraph text of source bytes s[0, n) should be: markup removed (sgml), Unicode
 * spaces and line breaks collapsed to one space, invisible characters dropped, `` and ''
 * turned into curly quotes, trimmed. */
static void ref_normalize(const unsigned char *s, size_t n, int sgml, refbuf *r)
{
    r->n = 0;
    int pending = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len;
        if (sgml && s[i] == '<' && i + 1 < n &&
            (((s[i + 1] | 32) >= 'a' && (s[i + 1] | 32) <= 'z') || s[i + 1] == '/')) {
            size_t j = i + 1;
            while (j < n && s[j] != '>' && s[j] != '<')
                j++;
            if (j < n && s[j] == '>') {
                i = j + 1;
                continue;
            }
        }
        len = ref_char(s + i, n - i, &cp);
        if (sgml && s[i] == '&') {
            const char *semi = memchr(s + i, ';', n - i < 40 ? n - i : 40);
            if (semi) {
                size_t el = (size_t)((const unsigned char *)semi - s) + 1 - i;
                char name[40];
                memcpy(name, s + i + 1, el - 2);
                name[el - 2] = '\0';
                if (name[0] == '#') {
                    cp = (uint32_t)strtoul(name + 1 + (name[1] == 'x'), NULL, name[1] == 'x' ? 16 : 10);
                    if (cp == '\t' || cp == '\n' || cp == '\r')
                        cp = ' ';
                } else if (!strcasecmp(name, "amp")) {
                    cp = '&';
                } else if (!strcasecmp(name, "lt")) {
                    cp = '<';
                } else if (!strcasecmp(name, "gt")) {
                    cp = '>';
                } else if (!strcasecmp(name, "quot")) {
                    cp = '"';
                } else if (!strcasecmp(name, "apos")) {
                    cp = '\'';
                } else if (!strcasecmp(name, "nbsp")) {
                    cp = 0xA0;
                } else {
                    cp = ' ';
                }
                len = el;
            }
        }
        i += len;
        if (ref_space(cp)) {
            pending = r->n > 0;
            continue;
        }
        if (ref_invisible(cp))
            continue;
        if (pending)
            ref_put(r, ' ');
        pending = 0;
        if ((cp == '`' || cp == '\'') && i < n && s[i] == cp) {
            cp = cp == '`' ? 0x201C : 0x201D;
            i++;
        }
        ref_put(r, cp);
    }
    r->s[r->n] = '\0';
}

static int ref_equals(const unsigned char *src, uint64_t from, uint64_t to, int sgml,
                      const char *text, size_t len)
{
    static refbuf r;
    if (to < from)
        return 0;
    ref_normalize(src + from, (size_t)(to - from), sgml, &r);
    return r.n == len && memcmp(r.s, text, len) == 0;
}

/* The map contract of ingest.c, on every paragraph and on every word-aligned head and tail of
 * every paragraph: source [map[a], map[b]) normalizes to text [a, b). */
static void check_map(const unsigned char *src, size_t size, const mds__doc *d, int sgml)
{
    CU_ASSERT_PTR_NOT_NULL_FATAL(d->text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d->map);
    CU_ASSERT_EQUAL(strlen(d->text), d->text_len);
    CU_ASSERT(d->map[d->text_len] <= size);
    for (size_t i = 0; i < d->text_len; i++) {
        CU_ASSERT(d->map[i] < size);
        CU_ASSERT(d->map[i] <= d->map[i + 1]);
    }
    for (size_t p = 0; p < d->npara; p++) {
        mds__span s = d->paras[p].span;
        const char *t = d->text;
        CU_ASSERT(s.start < s.end);
        CU_ASSERT(t[s.start] != ' ' && t[s.end - 1] != ' ');
        CU_ASSERT(memchr(t + s.start, '\n', s.end - s.start) == NULL);
        if (p + 1 < d->npara) {
            CU_ASSERT_EQUAL(d->paras[p + 1].span.start, s.end + 1);
            CU_ASSERT_EQUAL(t[s.end], '\n');
        } else {
            CU_ASSERT_EQUAL(s.end, d->text_len);
        }
        int ok = ref_equals(src, d->map[s.start], d->map[s.end], sgml, t + s.start, s.end - s.start);
        CU_ASSERT(ok);
        if (!ok)
            fprintf(stderr, "\nmap check failed on paragraph %zu: %.*s\n", p, (int)(s.end - s.start), t + s.start);
        for (uint32_t k = s.start + 1; ok && k + 1 < s.end; k++) {
            if (t[k] != ' ')
                continue;
            ok = ref_equals(src, d->map[s.start], d->map[k], sgml, t + s.start, k - s.start) &&
                 ref_equals(src, d->map[k + 1], d->map[s.end], sgml, t + k + 1, s.end - k - 1);
            CU_ASSERT(ok);
            if (!ok)
                fprintf(stderr, "\nmap check failed at byte %u of paragraph %zu\n", k, p);
        }
    }
}

/* ---- helpers ----------------------------------------------------------------------------- */

typedef struct result {
    mds__doc *docs;
    size_t n, cap;
    mds__ingest_error err;
    mds_status st;
} result;

static result ingest_ex(const char *data, size_t size, int latin1)
{
    result r = {0};
    mds__ingest_opts o = {.latin1_fallback = latin1};
    r.st = mds__ingest((const unsigned char *)data, size, 7, "base", &o, &r.docs, &r.n, &r.cap, &r.err);
    return r;
}

static result ingest_str(const char *s) { return ingest_ex(s, strlen(s), 0); }

static void result_free(result *r)
{
    for (size_t i = 0; i < r->n; i++)
        mds__doc_free(&r->docs[i]);
    free(r->docs);
    memset(r, 0, sizeof *r);
}

static int para_is(const mds__doc *d, size_t p, const char *want)
{
    if (p >= d->npara)
        return 0;
    mds__span s = d->paras[p].span;
    int ok = strlen(want) == s.end - s.start && memcmp(d->text + s.start, want, s.end - s.start) == 0;
    if (!ok)
        fprintf(stderr, "\nparagraph %zu is \"%.*s\"\n   expected \"%s\"\n", p, (int)(s.end - s.start), d->text + s.start, want);
    return ok;
}

static size_t offset_of(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);
    return p ? (size_t)(p - hay) : (size_t)-1;
}

/* ---- plain text -------------------------------------------------------------------------- */

static void test_plain_blank_lines(void)
{
    const char *s = "First paragraph line.\n\nSecond paragraph,  with   spaces.\n\n\n  Third one here.  \n";
    result r = ingest_str(s);
    CU_ASSERT_EQUAL_FATAL(r.st, MDS_OK);
    CU_ASSERT_EQUAL_FATAL(r.n, 1);
    mds__doc *d = &r.docs[0];
    CU_ASSERT_STRING_EQUAL(d->id, "base");
    CU_ASSERT_EQUAL(d->source, 7);
    CU_ASSERT_PTR_NULL(d->date);
    CU_ASSERT_PTR_NULL(d->headline);
    CU_ASSERT_EQUAL_FATAL(d->npara, 3);
    CU_ASSERT(para_is(d, 0, "First paragraph line."));
    CU_ASSERT(para_is(d, 1, "Second paragraph, with spaces."));
    CU_ASSERT(para_is(d, 2, "Third one here."));
    CU_ASSERT_STRING_EQUAL(d->text, "First paragraph line.\nSecond paragraph, with spaces.\nThird one here.");
    /* the "\n" separator maps just past its paragraph, not to the next one's start */
    CU_ASSERT_EQUAL(d->map[0], 0);
    CU_ASSERT_EQUAL(d->map[21], 21);
    CU_ASSERT_EQUAL(d->map[22], 23);
    /* a collapsed run maps to its first byte: "paragraph,  with" */
    CU_ASSERT_EQUAL(d->map[22 + 17], 23 + 17);
    CU_ASSERT_EQUAL(d->map[22 + 18], 23 + 19);
    CU_ASSERT_EQUAL(d->map[d->text_len], offset_of(s, "here.") + 5);
    check_map((const unsigned char *)s, strlen(s), d, 0);
    result_free(&r);
}

/* Web text: a paragraph is one long line, and a heading line sits directly above its text. */
static void test_web_lines(void)
{
    const char *s =
        "Putin Lands in Pyongyang\n"
        "Russian President Vladimir Putin landed in North Korea early on Wednesday, marking his first visit to the country in 24 years, state media reported, as the two countries deepen their ties.\n"
        "The visit follows an invitation extended by Kim Jong Un in September, when the North Korean leader travelled to the Vostochny Cosmodrome in the Russian Far East to meet Putin.\n"
        "Analysts say the two leaders are expected to sign a partnership agreement that could include security provisions, a development closely watched by Washington and Seoul.\n"
        "\n"
        "Related\n"
        "Short line one.\n";
    result r = ingest_str(s);
    CU_ASSERT_EQUAL_FATAL(r.st, MDS_OK);
    CU_ASSERT_EQUAL_FATAL(r.n, 1);
    mds__doc *d = &r.docs[0];
    CU_ASSERT_EQUAL_FATAL(d->npara, 6);
    CU_ASSERT(para_is(d, 0, "Putin Lands in Pyongyang"));
    CU_ASSERT(para_is(d, 3, "Analysts say the two leaders are expected to sign a partnership agreement that could include security provisions, a development closely watched by Washington and Seoul."));
    CU_ASSERT(para_is(d, 4, "Related"));
    CU_ASSERT(para_is(d, 5, "Short line one."));
    check_map((const unsigned char *)s, strlen(s), d, 0);
    result_free(&r);
}

/* Hard-wrapped text: lines joined with one space; a heading right above a wrapped paragraph
 * (a short line) stays apart. */
static void test_hard_wrapped(void)
{
    const char *s =
        "A Season of Floods\n"
        "The river rose three metres overnight and spilled into the low\n"
        "streets of the old town, where shopkeepers had stacked sandbags\n"
        "in front of their doors since the warnings of the previous week.\n"
        "\n"
        "Officials said the water would recede slowly over the weekend,  \n"
        "but they warned that more rain was forecast for the mountains\n"
        "upstream and that the dams were already close to capacity.\n";
    result r = ingest_str(s);
    CU_ASSERT_EQUAL_FATAL(r.st, MDS_OK);
    mds__doc *d = &r.docs[0];
    CU_ASSERT_EQUAL_FATAL(d->npara, 3);
    CU_ASSERT(para_is(d, 0, "A Season of Floods"));
    CU_ASSERT(para_is(d, 1, "The river rose three metres overnight and spilled into the low streets of the old town, where shopkeepers had stacked sandbags in front of their doors since the warnings of the previous week."));
    CU_ASSERT(para_is(d, 2, "Officials said the water would recede slowly over the weekend, but they warned that more rain was forecast for the mountains upstream and that the dams were already close to capacity."));
    /* the joining space maps to the line break, or to the first trailing space before it */
    size_t low = offset_of(d->text, "low streets") + 3;
    CU_ASSERT_EQUAL(d->text[low], ' ');
    CU_ASSERT_EQUAL(d->map[low], offset_of(s, "low\n") + 3);
    CU_ASSERT_EQUAL(d->map[low + 1], offset_of(s, "streets of"));
    size_t wk = offset_of(d->text, "weekend, but") + 8;
    CU_ASSERT_EQUAL(d->map[wk], offset_of(s, "weekend,  \n") + 8);
    check_map((const unsigned char *)s, strlen(s), d, 0);
    result_free(&r);
}

/* Paragraphs that start with an indented line and no blank line between them. */
static void test_indented(void)
{
    const char *s =
        "    The committee met on Tuesday to discuss the budget for next\n"
        "year, and its members agreed on most of the proposals put to them\n"
        "by the finance department.\n"
        "    A final vote is expected next month, after the public has had\n"
        "a chance to comment on the plans at three open meetings.\n"
        "\tThe chairman said he was confident the budget would pass without\n"
        "major changes.\n";
    result r = ingest_str(s);
    CU_ASSERT_EQUAL_FATAL(r.st, MDS_OK);
    mds__doc *d = &r.docs[0];
    CU_ASSERT_EQUAL_FATAL(d->npara, 3);
    CU_ASSERT(para_is(d, 0, "The committee met on Tuesday to discuss the budget for next year, and its members agreed on most of the proposals put to them by the finance department."));
    CU_ASSERT(para_is(d, 1, "A final vote is expected next month, after the public has had a chance to comment on the plans at three open meetings."));
    CU_ASSERT(para_is(d, 2, "The chairman said he was confident the budget would pass without major changes."));
    CU_ASSERT_EQUAL(d->map[0], 4);
    check_map((const unsigned char *)s, strlen(s), d, 0);
    result_free(&r);
}

static void test_crlf(void)
{
    const char *s =
        "The storm moved east during the night and reached the coast\r\n"
        "shortly before dawn, bringing winds of more than 100 km/h and\r\n"
        "heavy rain to the harbour towns.\r\n"
        "\r\n"
        "Ferries were cancelled.\rSchools stayed closed.\r\r"
        "Power was restored by noon.";
    result r = ingest_str(s);
    CU_ASSERT_EQUAL_FATAL(r.st, MDS_OK);
    mds__doc *d = &r.docs[0];
    CU_ASSERT_EQUAL_FATAL(d->npara, 4);
    CU_ASSERT(para_is(d, 0, "The storm moved east during the night and reached the coast shortly before dawn, bringing winds of more than 100 km/h and heavy rain to the harbour towns."));
    CU_ASSERT(para_is(d, 1, "Ferries were cancelled."));
    CU_ASSERT(para_is(d, 2, "Schools stayed closed."));
    CU_ASSERT(para_is(d, 3, "Power was restored by noon."));
    CU_ASSERT_EQUAL(d->map[offset_of(d->text, " shortly")], offset_of(s, "\r\nshortly"));
    CU_ASSERT_EQUAL(d->map[d->text_len], strlen(s));
    check_map((const unsigned char *)s, strlen(s), d, 0);
    result_free(&r);
}

static void test_bom(void)
{
    const char *s = "\xEF\xBB\xBFHello world.\n";
    result r = ingest_str(s);
    CU_ASSERT_EQUAL_FATAL(r.st, MDS_OK);
    CU_ASSERT_EQUAL_FATAL(r.n, 1);
    CU_ASSERT_STRING_EQUAL(r.docs[0].text, "Hello world.");
    CU_ASSERT_EQUAL(r.docs[0].map[0], 3);
    CU_ASSERT_EQUAL(r.docs[0].map[12], 15);
    check_map((const unsigned char *)s, strlen(s), &r.docs[0], 0);
    result_free(&r);

    r = ingest_str("\xEF\xBB\xBF \n");
    CU_ASSERT_EQUAL(r.st, MDS_OK);
    CU_ASSERT_EQUAL(r.n, 0);
    result_free(&r);

    r = ingest_ex("\xFF\xFEh\0i\0", 6, 0);
    CU_ASSERT_EQUAL(r.st, MDS_EBINARY);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err.msg, "UTF-16"));
    result_free(&r);
}

static void test_spaces(void)
{
    /* NBSP, a tab run, a zero-width space, a narrow NBSP, an ideographic space, a BOM inside */
    const char *s = "A\xC2\xA0" "B  \t C\xE2\x80\x8B" "D\xE2\x80\xAF" "E\xE3\x80\x80\xEF\xBB\xBF" "F";
    result r = ingest_str(s);
    CU_ASSERT_EQUAL_FATAL(r.st, MDS_OK);
    mds__doc *d = &r.docs[0];
    CU_ASSERT_STRING_EQUAL(d->text, "A B CD E F");
    uint64_t want[] = {0, 1, 3, 4, 8, 12, 13, 16, 17, 23, 24};
    for (size_t i = 0; i <= d->text_len && i < sizeof want / sizeof want[0]; i++)
        CU_ASSERT_EQUAL(d->map[i], want[i]);
    check_map((const unsigned char *)s, strlen(s), d, 0);
    result_free(&r);
}

static void test_typography(void)
{
    const char *s = "He said ``hello'' and `left' 'alone'.";
    result r = ingest_str(s);
    CU_ASSERT_EQUAL_FATAL(r.st, MDS_OK);
    mds__doc *d = &r.docs[0];
    CU_ASSERT_STRING_EQUAL(d->text, "He said \xE2\x80\x9Chello\xE2\x80\x9D and `left' 'alone'.");
    for (int k = 0; k < 3; k++) {
        CU_ASSERT_EQUAL(d->map[8 + k], 8);   /* “ comes from `` at 8 */
        CU_ASSERT_EQUAL(d->map[16 + k], 15); /* ” comes from '' at 15 */
    }
    CU_ASSERT_EQUAL(d->map[11], 10); /* h */
    CU_ASSERT_EQUAL(d->map[19], 17); /* the space after '' */
    check_map((const unsigned char *)s, strlen(s), d, 0);
    /* a span ending at ” reaches past both source quotes */
    CU_ASSERT_EQUAL(d->map[19], offset_of(s, "'' and") + 2);
    result_free(&r);
}

/* ---- SGML -------------------------------------------------------------------------------- */

static const char duc_two[] =
    "\n<DOC>\n"
    "<DOCNO> XIE19990101.0001 </DOCNO>\n"
    "<DOCTYPE> NEWS STORY </DOCTYPE>\n"
    "<DATE_TIME> 1999-01-01 10:00:00 </DATE_TIME>\n"
    "<BODY>\n"
    "<HEADLINE> Rivers &amp; Lakes Rise </HEADLINE>\n"
    "<TEXT>\n"
    "<P>\n"
    "\tHeavy rains caused the rivers to rise on Friday, officials said, and  \n"
    "more rain is expected over the weekend in the northern provinces &amp;\n"
    "the coast. \n"
    "</P>\n"
    "<P>\n"
    "\t``We are ready,'' the mayor said of the levees &lt;new&gt; &#38; old.\n"
    "</P>\n"
    "</TEXT>\n"
    "</BODY>\n"
    "</DOC>\n"
    "<DOC>\n"
    "<DOCNO>XIE19990102.0002</DOCNO>\n"
    "<DATE_TIME>1999-01-02</DATE_TIME>\n"
    "<HEADLINE>\n"
    "Second\n"
    "story\n"
    "</HEADLINE>\n"
    "<TEXT>\n"
    "<P>Short one.</P><P>Another &#x41;&#66;C here.&#3;</P>\n"
    "</TEXT>\n"
    "</DOC>\n";

static void test_duc_sgml(void)
{
    result r = ingest_str(duc_two);
    CU_ASSERT_EQUAL_FATAL(r.st, MDS_OK);
    CU_ASSERT_EQUAL_FATAL(r.n, 2);
    mds__doc *d = &r.docs[0];
    CU_ASSERT_STRING_EQUAL(d->id, "XIE19990101.0001");
    CU_ASSERT_STRING_EQUAL(d->date, "1999-01-01 10:00:00");
    CU_ASSERT_STRING_EQUAL(d->headline, "Rivers & Lakes Rise");
    CU_ASSERT_EQUAL_FATAL(d->npara, 2);
    CU_ASSERT(para_is(d, 0, "Heavy rains caused the rivers to rise on Friday, officials said, and more rain is expected over the weekend in the northern provinces & the coast."));
    CU_ASSERT(para_is(d, 1, "\xE2\x80\x9CWe are ready,\xE2\x80\x9D the mayor said of the levees <new> & old."));
    /* &amp; maps to its '&'; the paragraph ends right after "coast." */
    size_t amp = offset_of(d->text, "& the");
    CU_ASSERT_EQUAL(d->map[amp], offset_of(duc_two, "&amp;\nthe"));
    CU_ASSERT_EQUAL(d->map[d->paras[0].span.end], offset_of(duc_two, "coast. ") + 6);
    CU_ASSERT_EQUAL(d->map[d->text_len], offset_of(duc_two, "old.\n") + 4);
    check_map((const unsigned char *)duc_two, strlen(duc_two), d, 1);

    d = &r.docs[1];
    CU_ASSERT_STRING_EQUAL(d->id, "XIE19990102.0002");
    CU_ASSERT_STRING_EQUAL(d->date, "1999-01-02");
    CU_ASSERT_STRING_EQUAL(d->headline, "Second story");
    CU_ASSERT_EQUAL_FATAL(d->npara, 2);
    CU_ASSERT(para_is(d, 0, "Short one."));
    CU_ASSERT(para_is(d, 1, "Another ABC here."));
    CU_ASSERT_EQUAL(d->map[d->text_len], offset_of(duc_two, "here.&#3;") + 5);
    check_map((const unsigned char *)duc_two, strlen(duc_two), d, 1);
    result_free(&r);
}

/* DUC text without <P>: paragraphs start with an indented line; DUC typesetting entities. */
static void test_duc_no_p(void)
{
    const char *s =
        "<DOC>\n"
        "<DOCNO> APW19980812.9999 </DOCNO>\n"
        "<DATE_TIME> 08/12/1998 13:29:00 </DATE_TIME>\n"
        "<HEADER>\n"
        "w1230 &Cx1f; wstm-\n"
        "</HEADER>\n"
        "<BODY>\n"
        "<HEADLINE>\n"
        "Council approves new harbour plan\n"
        "</HEADLINE>\n"
        "<TEXT>\n"
        "\t   LISBON (AP) _ The city council on Wednesday approved a plan to\n"
        "rebuild the old harbour, ending a dispute that had lasted for more\n"
        "than a decade.\n"
        "\t   The plan includes a new ferry terminal, a park along the river\n"
        "and housing for about 2,000 people, the mayor said.\n"
        " &HT;    Work is to begin next spring &AMP; end in 2003.\n"
        "</TEXT>\n"
        "</BODY>\n"
        "<TRAILER>\n"
        "AP-NY-08-12-98 1329EDT &QL;\n"
        "</TRAILER>\n"
        "</DOC>\n";
    result r = ingest_str(s);
    CU_ASSERT_EQUAL_FATAL(r.st, MDS_OK);
    CU_ASSERT_EQUAL_FATAL(r.n, 1);
    mds__doc *d = &r.docs[0];
    CU_ASSERT_STRING_EQUAL(d->id, "APW19980812.9999");
    CU_ASSERT_STRING_EQUAL(d->headline, "Council approves new harbour plan");
    CU_ASSERT_EQUAL_FATAL(d->npara, 3);
    CU_ASSERT(para_is(d, 0, "LISBON (AP) _ The city council on Wednesday approved a plan to rebuild the old harbour, ending a dispute that had lasted for more than a decade."));
    CU_ASSERT(para_is(d, 1, "The plan includes a new ferry terminal, a park along the river and housing for about 2,000 people, the mayor said."));
    CU_ASSERT(para_is(d, 2, "Work is to begin next spring & end in 2003."));
    check_map((const unsigned char *)s, strlen(s), d, 1);
    result_free(&r);
}

/* Some DUC NYT documents carry the story in <BODY> between </HEADLINE> and <TEXT>, and only a
 * distribution note in <TEXT>: the story is taken with the note. */
static void test_duc_story_outside_text(void)
{
    const char *s =
        "<DOC>\n<DOCNO> NYT19990101.0001 </DOCNO>\n<BODY>\n<SLUG> BC-STORY </SLUG>\n"
        "<HEADLINE>\nA LONG STORY\n</HEADLINE>\n"
        " &HT;    The first paragraph of the story is here, and it runs on\n"
        "over a second line before it ends.\n"
        " &HT;    The second paragraph is shorter.\n"
        "<TEXT>\n &UR; NEWS SERVICE &QC; \n</TEXT>\n</BODY>\n</DOC>\n";
    result r = ingest_str(s);
    CU_ASSERT_EQUAL_FATAL(r.st, MDS_OK);
    CU_ASSERT_EQUAL_FATAL(r.n, 1);
    mds__doc *d = &r.docs[0];
    CU_ASSERT_STRING_EQUAL(d->headline, "A LONG STORY");
    CU_ASSERT_EQUAL_FATAL(d->npara, 3);
    CU_ASSERT(para_is(d, 0, "The first paragraph of the story is here, and it runs on over a second line before it ends."));
    CU_ASSERT(para_is(d, 1, "The second paragraph is shorter."));
    CU_ASSERT(para_is(d, 2, "NEWS SERVICE"));
    check_map((const unsigned char *)s, strlen(s), d, 1);
    result_free(&r);
}

static const char reuters[] =
    "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n"
    "<REUTERS TOPICS=\"YES\" OLDID=\"5544\" NEWID=\"42\">\n"
    "<DATE>26-FEB-1987 15:01:01.79</DATE>\n"
    "<TOPICS><D>coffee</D></TOPICS>\n"
    "<UNKNOWN> \n&#5;&#5;&#5;C T\n</UNKNOWN>\n"
    "<TEXT>&#2;\n"
    "<TITLE>CAF\xC9 PRICES &lt;UP></TITLE>\n"
    "<DATELINE>    PARIS, Feb 26 - </DATELINE><BODY>Coffee prices at the caf\xE9s of\n"
    "Paris rose sharply this week, traders said, citing a poor\n"
    "harvest in Brazil and higher transport costs across Europe.\n"
    "    Prices are expected to stay high, one trader said.\n"
    " Reuter\n"
    "&#3;</BODY></TEXT>\n"
    "</REUTERS>\n"
    "<REUTERS TOPICS=\"NO\" OLDID=\"5545\" NEWID=\"43\">\n"
    "<DATE>26-FEB-1987 15:02:00.00</DATE>\n"
    "<TEXT TYPE=\"BRIEF\">&#2;\n"
    "<TITLE>BRIEF ONLY</TITLE>\n"
    "&#3;</TEXT>\n"
    "</REUTERS>\n";

static void test_reuters(void)
{
    result r = ingest_ex(reuters, strlen(reuters), 1);
    CU_ASSERT_EQUAL_FATAL(r.st, MDS_OK);
    CU_ASSERT_EQUAL_FATAL(r.n, 1); /* the BRIEF has no BODY */
    mds__doc *d = &r.docs[0];
    CU_ASSERT_STRING_EQUAL(d->id, "42");
    CU_ASSERT_STRING_EQUAL(d->date, "26-FEB-1987 15:01:01.79");
    CU_ASSERT_STRING_EQUAL(d->headline, "CAF\xC3\x89 PRICES <UP>");
    CU_ASSERT_EQUAL_FATAL(d->npara, 3);
    CU_ASSERT(para_is(d, 0, "Coffee prices at the caf\xC3\xA9s of Paris rose sharply this week, traders said, citing a poor harvest in Brazil and higher transport costs across Europe."));
    CU_ASSERT(para_is(d, 1, "Prices are expected to stay high, one trader said."));
    CU_ASSERT(para_is(d, 2, "Reuter"));
    /* both bytes of é map to the one Latin-1 byte; 's' to the byte after it */
    size_t e = offset_of(d->text, "\xC3\xA9s of");
    size_t src_e = offset_of(reuters, "\xE9s of");
    CU_ASSERT_EQUAL(d->map[e], src_e);
    CU_ASSERT_EQUAL(d->map[e + 1], src_e);
    CU_ASSERT_EQUAL(d->map[e + 2], src_e + 1);
    CU_ASSERT_EQUAL(d->map[d->text_len], offset_of(reuters, "Reuter\n&#3;") + 6);
    check_map((const unsigned char *)reuters, strlen(reuters), d, 1);
    result_free(&r);

    r = ingest_ex(reuters, strlen(reuters), 0);
    CU_ASSERT_EQUAL(r.st, MDS_EUTF8);
    CU_ASSERT_EQUAL(r.err.offset, (int64_t)offset_of(reuters, "\xC9 PRICES"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err.msg, "0xc9"));
    CU_ASSERT_EQUAL(r.n, 0);
    CU_ASSERT_PTR_NULL(r.docs);
    result_free(&r);
}

/* Ids: DOCNO, else the file's base id, "#k" for the k-th element past the first. */
static void test_sgml_ids(void)
{
    const char *s = "<DOC>\n<TEXT>\nOne.\n</TEXT>\n</DOC>\n<DOC>\n<TEXT>\n</TEXT>\n</DOC>\n"
                    "<DOC>\n<TEXT>\nThree.\n</TEXT>\n</DOC>\n";
    result r = ingest_str(s);
    CU_ASSERT_EQUAL_FATAL(r.st, MDS_OK);
    CU_ASSERT_EQUAL_FATAL(r.n, 2); /* the empty second document is skipped */
    CU_ASSERT_STRING_EQUAL(r.docs[0].id, "base");
    CU_ASSERT_STRING_EQUAL(r.docs[1].id, "base#3");
    CU_ASSERT_STRING_EQUAL(r.docs[1].text, "Three.");
    result_free(&r);
}

static void test_sgml_errors(void)
{
    /* unterminated at the end */
    const char *s = "<DOC>\n<DOCNO>X</DOCNO>\n<TEXT>\nSome text.\n</TEXT>\n";
    result r = ingest_str(s);
    CU_ASSERT_EQUAL(r.st, MDS_EFORMAT);
    CU_ASSERT_EQUAL(r.err.offset, 0);
    CU_ASSERT_EQUAL(r.n, 0);
    result_free(&r);

    /* a second <DOC> opens before the first is closed: the first is unterminated, and the
     * complete document after it is not appended either */
    const char *t = "<DOC>\n<TEXT>\nFine.\n</TEXT>\n</DOC>\n"
                    "<DOC>\n<TEXT>\nBroken.\n</TEXT>\n"
                    "<DOC>\n<TEXT>\nAlso fine.\n</TEXT>\n</DOC>\n";
    r = ingest_str(t);
    CU_ASSERT_EQUAL(r.st, MDS_EFORMAT);
    CU_ASSERT_EQUAL(r.err.offset, (int64_t)offset_of(t, "<DOC>\n<TEXT>\nBroken"));
    CU_ASSERT_EQUAL(r.n, 0);
    CU_ASSERT_PTR_NULL(r.docs);
    result_free(&r);

    /* <DOCNO> is not <DOC>: plain text */
    r = ingest_str("<DOCNO> a </DOCNO> is not a document start.");
    CU_ASSERT_EQUAL(r.st, MDS_OK);
    CU_ASSERT_EQUAL(r.n, 1);
    result_free(&r);
}

/* ---- validation -------------------------------------------------------------------------- */

static void test_invalid_utf8(void)
{
    static const struct {
        const char *data;
        int64_t offset;
        const char *byte;
    } cases[] = {
        {"ab\xC0\xAF" "cd", 2, "0xc0"},            /* overlong '/' */
        {"abc\xE0\x80\xAF", 3, "0xe0"},            /* overlong, 3 bytes */
        {"abc\xE2\x82", 3, "0xe2"},                /* truncated at the end */
        {"x\xED\xA0\x80y", 1, "0xed"},             /* UTF-16 surrogate */
        {"\xF0\x9F\x98\x80 ok \xFF", 8, "0xff"},   /* valid emoji, then 0xff */
        {"caf\xE9 au lait", 3, "0xe9"},            /* Latin-1 */
        {"x\x80", 1, "0x80"},                      /* stray continuation byte */
        {"\xF4\x90\x80\x80", 0, "0xf4"},           /* beyond U+10FFFF */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        result r = ingest_str(cases[i].data);
        CU_ASSERT_EQUAL(r.st, MDS_EUTF8);
        CU_ASSERT_EQUAL(r.err.offset, cases[i].offset);
        CU_ASSERT_PTR_NOT_NULL(strstr(r.err.msg, cases[i].byte));
        CU_ASSERT_EQUAL(r.n, 0);
        result_free(&r);
    }
    /* with the fallback the same bytes are Latin-1, or Windows-1252 in 0x80-0x9F */
    const char *s = "caf\xE9 au lait, na\xEFve \xE2\x82";
    result r = ingest_ex(s, strlen(s), 1);
    CU_ASSERT_EQUAL_FATAL(r.st, MDS_OK);
    CU_ASSERT_STRING_EQUAL(r.docs[0].text, "caf\xC3\xA9 au lait, na\xC3\xAFve \xC3\xA2\xE2\x80\x9A");
    CU_ASSERT_EQUAL(r.docs[0].map[3], 3);
    CU_ASSERT_EQUAL(r.docs[0].map[4], 3);
    CU_ASSERT_EQUAL(r.docs[0].map[5], 4);
    check_map((const unsigned char *)s, strlen(s), &r.docs[0], 0);
    result_free(&r);
}

static void test_binary(void)
{
    result r = ingest_ex("abc\0def", 7, 0);
    CU_ASSERT_EQUAL(r.st, MDS_EBINARY);
    CU_ASSERT_EQUAL(r.err.offset, 3);
    CU_ASSERT_EQUAL(r.n, 0);
    result_free(&r);

    r = ingest_ex("abc\0def", 7, 1); /* the fallback does not make binary data text */
    CU_ASSERT_EQUAL(r.st, MDS_EBINARY);
    result_free(&r);

    r = ingest_str("\x01\x02\x03\x04 some text \x1b[0m\x05\x06");
    CU_ASSERT_EQUAL(r.st, MDS_EBINARY);
    CU_ASSERT_EQUAL(r.err.offset, 0);
    result_free(&r);

    /* a stray control character in a long text is dropped, not fatal */
    r = ingest_str("A bell\x07 rang in the quiet street, and then another one.");
    CU_ASSERT_EQUAL_FATAL(r.st, MDS_OK);
    CU_ASSERT_STRING_EQUAL(r.docs[0].text, "A bell rang in the quiet street, and then another one.");
    result_free(&r);
}

static void test_empty(void)
{
    result r = ingest_ex("", 0, 0);
    CU_ASSERT_EQUAL(r.st, MDS_OK);
    CU_ASSERT_EQUAL(r.n, 0);
    result_free(&r);

    r = ingest_ex(NULL, 0, 0);
    CU_ASSERT_EQUAL(r.st, MDS_OK);
    CU_ASSERT_EQUAL(r.n, 0);
    result_free(&r);

    r = ingest_str("  \n\t\n \r\n\xC2\xA0\xE2\x80\x8B\n\f\n");
    CU_ASSERT_EQUAL(r.st, MDS_OK);
    CU_ASSERT_EQUAL(r.n, 0);
    result_free(&r);
}

/* Documents are appended after those already there; on error nothing changes. */
static void test_append(void)
{
    result r = ingest_str("One.\n");
    CU_ASSERT_EQUAL_FATAL(r.n, 1);
    mds__ingest_opts o = {0};
    mds_status st = mds__ingest((const unsigned char *)duc_two, strlen(duc_two), 9, "f",
                                &o, &r.docs, &r.n, &r.cap, &r.err);
    CU_ASSERT_EQUAL_FATAL(st, MDS_OK);
    CU_ASSERT_EQUAL_FATAL(r.n, 3);
    CU_ASSERT_STRING_EQUAL(r.docs[0].text, "One.");
    CU_ASSERT_EQUAL(r.docs[1].source, 9);
    CU_ASSERT_STRING_EQUAL(r.docs[2].id, "XIE19990102.0002");
    st = mds__ingest((const unsigned char *)"a\xFF", 2, 9, "g", &o, &r.docs, &r.n, &r.cap, &r.err);
    CU_ASSERT_EQUAL(st, MDS_EUTF8);
    CU_ASSERT_EQUAL(r.n, 3);
    result_free(&r);

    mds__doc_free(NULL);
}

/* ---- the example cluster ----------------------------------------------------------------- */

static void test_examples(void)
{
    static const struct {
        const char *file;
        size_t npara; /* non-blank lines, counted by hand: every line is a paragraph */
    } ex[] = {
        {"examples/putin-north-korea/000_ea34812cd32b42ef.txt", 15},
        {"examples/putin-north-korea/001_b4a0a099eddaae10.txt", 25},
        {"examples/putin-north-korea/002_ccde3f834144294e.txt", 38},
        {"examples/putin-north-korea/003_e396d9771baa3c92.txt", 10},
        {"examples/putin-north-korea/004_4226b15e2f687443.txt", 16},
    };
    for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++) {
        size_t size;
        char *data = tu_read_file(ex[i].file, &size);
        CU_ASSERT_PTR_NOT_NULL_FATAL(data);
        result r = ingest_ex(data, size, 0);
        CU_ASSERT_EQUAL_FATAL(r.st, MDS_OK);
        CU_ASSERT_EQUAL_FATAL(r.n, 1);
        mds__doc *d = &r.docs[0];
        CU_ASSERT_EQUAL(d->npara, ex[i].npara);
        check_map((const unsigned char *)data, size, d, 0);
        if (i == 1) /* a leading space, en dash and curly quotes */
            CU_ASSERT(strncmp(d->text, "date 2024-06-18 (CTN News) \xE2\x80\x93 Russian President", 45) == 0);
        if (i == 3) { /* consecutive long lines, no blank lines */
            CU_ASSERT(strncmp(d->text + d->paras[1].span.start, "This visit is a significant international engagement", 52) == 0);
            CU_ASSERT(strncmp(d->text + d->paras[9].span.start, "Putin\xE2\x80\x99s visit reciprocates", 27) == 0);
        }
        if (i == 4) {
            CU_ASSERT(para_is(d, 0, "News"));
            CU_ASSERT(para_is(d, 2, "By Caroline Ameh"));
            CU_ASSERT(para_is(d, 15, "Your email address will not be published. Required fields are marked *"));
        }
        if (i == 2) /* U+00A0 after "See also" */
            CU_ASSERT(para_is(d, 8, "See also Nikki Haley says she will vote for Trump for president"));
        result_free(&r);
        free(data);
    }
}

static CU_TestInfo tests[] = {
    {"plain text, blank-line paragraphs", test_plain_blank_lines},
    {"web text, a paragraph a line", test_web_lines},
    {"hard-wrapped text joined", test_hard_wrapped},
    {"indented paragraphs", test_indented},
    {"CR LF and lone CR", test_crlf},
    {"byte order marks", test_bom},
    {"NBSP, odd and zero-width spaces", test_spaces},
    {"`` and '' typography", test_typography},
    {"DUC SGML with <P>", test_duc_sgml},
    {"DUC SGML without <P>", test_duc_no_p},
    {"DUC story outside <TEXT>", test_duc_story_outside_text},
    {"Reuters, Latin-1", test_reuters},
    {"SGML document ids", test_sgml_ids},
    {"SGML errors", test_sgml_errors},
    {"invalid UTF-8", test_invalid_utf8},
    {"binary data", test_binary},
    {"empty input", test_empty},
    {"appending", test_append},
    {"the example cluster", test_examples},
    CU_TEST_INFO_NULL,
};

int main(void)
{
    CU_initialize_registry();
    tu_add_suite("ingest", tests);
    return tu_run();
}
