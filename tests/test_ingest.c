/* SPDX-License-Identifier: MIT */
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
        if (sgml && n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
            size_t j = i + 4;
            while (j + 3 <= n && memcmp(s + j, "-->", 3) != 0)
                j++;
            if (j + 3 <= n) {
                i = j + 3;
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
    CU_ASSERT_PTR_NOT_NULL_FATAL(d->map.at);
    CU_ASSERT_EQUAL(strlen(d->text), d->text_len);
    CU_ASSERT(mds__doc_source(d, d->text_len) <= size);
    for (size_t i = 0; i < d->text_len; i++) {
        CU_ASSERT(mds__doc_source(d, i) < size);
        CU_ASSERT(mds__doc_source(d, i) <= mds__doc_source(d, i + 1));
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
        int ok = ref_equals(src, mds__doc_source(d, s.start), mds__doc_source(d, s.end), sgml, t + s.start, s.end - s.start);
        CU_ASSERT(ok);
        if (!ok)
            fprintf(stderr, "\nmap check failed on paragraph %zu: %.*s\n", p, (int)(s.end - s.start), t + s.start);
        for (uint32_t k = s.start + 1; ok && k + 1 < s.end; k++) {
            if (t[k] != ' ')
                continue;
            ok = ref_equals(src, mds__doc_source(d, s.start), mds__doc_source(d, k), sgml, t + s.start, k - s.start) &&
                 ref_equals(src, mds__doc_source(d, k + 1), mds__doc_source(d, s.end), sgml, t + k + 1, s.end - k - 1);
            CU_ASSERT(ok);
            if (!ok)
                fprintf(stderr, "\nmap check failed at byte %u of paragraph %zu\n", k, p);
        }
    }
}

/* ---- the cases --------------------------------------------------------------------------- */

/* A byte offset named by what stands there: where `at` first occurs (NULL: offset 0), plus
 * `plus` bytes. "The byte after 'low'" reads better, and survives edits, better than 216. */
typedef struct where {
    const char *at;
    size_t plus;
} where;
#define OFF(k) {NULL, k}

/* A paragraph of a document: its index and its whole text. */
typedef struct para {
    size_t index;
    const char *text;
} para;

typedef struct doc_want {
    const char *id;       /* NULL: the file's base id, "base" */
    const char *date;     /* NULL: none */
    const char *headline; /* NULL: none */
    size_t npara;
    const para *paras;    /* some or all of them, ended by {0, NULL} */
    const char *text;     /* the whole text, or NULL: not checked */
    const where (*map)[2]; /* points of the byte map, text offset -> source offset, ended by
                              MAP_END; the whole map is checked against the reference anyway */
} doc_want;
#define MAP_END {{NULL, (size_t)-1}, OFF(0)}

typedef struct ingest_case {
    const char *name;
    const char *input;
    size_t size;          /* 0: strlen(input) */
    const char *file;     /* else: the input is this file of the source tree */
    int latin1;           /* the Latin-1 fallback on */
    int sgml;             /* markup: for the reference normalizer of the map check */
    mds_status status;
    where err_at;         /* on error: the offset reported, in the input */
    const char *err_msg;  /* on error: a part of the message, or NULL */
    size_t ndocs;
    const doc_want *docs; /* ndocs of them */
} ingest_case;
#define BYTES(s) .input = s, .size = sizeof s - 1

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

static const ingest_case cases[] = {
    /* ---- plain text ------------------------------------------------------------------ */
    {.name = "plain text, blank-line paragraphs",
     .input = "First paragraph line.\n\nSecond paragraph,  with   spaces.\n\n\n  Third one here.  \n",
     .ndocs = 1,
     .docs = (const doc_want[]){{
         .npara = 3,
         .paras = (const para[]){{0, "First paragraph line."},
                                 {1, "Second paragraph, with spaces."},
                                 {2, "Third one here."},
                                 {0, NULL}},
         .text = "First paragraph line.\nSecond paragraph, with spaces.\nThird one here.",
         /* the "\n" separator maps just past its paragraph, not to the next one's start; a
          * collapsed run ("paragraph,  with") maps to its first byte */
         .map = (const where[][2]){{OFF(0), OFF(0)},
                                   {OFF(21), OFF(21)},
                                   {OFF(22), OFF(23)},
                                   {OFF(22 + 17), OFF(23 + 17)},
                                   {OFF(22 + 18), OFF(23 + 19)},
                                   {{"here.", 5}, {"here.", 5}},
                                   MAP_END},
     }}},
    /* Web text: a paragraph is one long line, and a heading line sits directly above it. */
    {.name = "web text, a paragraph a line",
     .input = "Putin Lands in Pyongyang\n"
              "Russian President Vladimir Putin landed in North Korea early on Wednesday, marking his first visit to the country in 24 years, state media reported, as the two countries deepen their ties.\n"
              "The visit follows an invitation extended by Kim Jong Un in September, when the North Korean leader travelled to the Vostochny Cosmodrome in the Russian Far East to meet Putin.\n"
              "Analysts say the two leaders are expected to sign a partnership agreement that could include security provisions, a development closely watched by Washington and Seoul.\n"
              "\n"
              "Related\n"
              "Short line one.\n",
     .ndocs = 1,
     .docs = (const doc_want[]){{
         .npara = 6,
         .paras = (const para[]){{0, "Putin Lands in Pyongyang"},
                                 {3, "Analysts say the two leaders are expected to sign a partnership agreement that could include security provisions, a development closely watched by Washington and Seoul."},
                                 {4, "Related"},
                                 {5, "Short line one."},
                                 {0, NULL}},
     }}},
    /* Hard-wrapped text: lines joined with one space; a heading right above a wrapped
     * paragraph (a short line) stays apart. */
    {.name = "hard-wrapped text joined",
     .input = "A Season of Floods\n"
              "The river rose three metres overnight and spilled into the low\n"
              "streets of the old town, where shopkeepers had stacked sandbags\n"
              "in front of their doors since the warnings of the previous week.\n"
              "\n"
              "Officials said the water would recede slowly over the weekend,  \n"
              "but they warned that more rain was forecast for the mountains\n"
              "upstream and that the dams were already close to capacity.\n",
     .ndocs = 1,
     .docs = (const doc_want[]){{
         .npara = 3,
         .paras = (const para[]){{0, "A Season of Floods"},
                                 {1, "The river rose three metres overnight and spilled into the low streets of the old town, where shopkeepers had stacked sandbags in front of their doors since the warnings of the previous week."},
                                 {2, "Officials said the water would recede slowly over the weekend, but they warned that more rain was forecast for the mountains upstream and that the dams were already close to capacity."},
                                 {0, NULL}},
         /* the joining space maps to the line break, or to the first trailing space before
          * it */
         .map = (const where[][2]){{{"low streets", 3}, {"low\n", 3}},
                                   {{"low streets", 4}, {"streets of", 0}},
                                   {{"weekend, but", 8}, {"weekend,  \n", 8}},
                                   MAP_END},
     }}},
    /* Paragraphs that start with an indented line and no blank line between them. */
    {.name = "indented paragraphs",
     .input = "    The committee met on Tuesday to discuss the budget for next\n"
              "year, and its members agreed on most of the proposals put to them\n"
              "by the finance department.\n"
              "    A final vote is expected next month, after the public has had\n"
              "a chance to comment on the plans at three open meetings.\n"
              "\tThe chairman said he was confident the budget would pass without\n"
              "major changes.\n",
     .ndocs = 1,
     .docs = (const doc_want[]){{
         .npara = 3,
         .paras = (const para[]){{0, "The committee met on Tuesday to discuss the budget for next year, and its members agreed on most of the proposals put to them by the finance department."},
                                 {1, "A final vote is expected next month, after the public has had a chance to comment on the plans at three open meetings."},
                                 {2, "The chairman said he was confident the budget would pass without major changes."},
                                 {0, NULL}},
         .map = (const where[][2]){{OFF(0), OFF(4)}, MAP_END},
     }}},
    {.name = "CR LF and lone CR",
     .input = "The storm moved east during the night and reached the coast\r\n"
              "shortly before dawn, bringing winds of more than 100 km/h and\r\n"
              "heavy rain to the harbour towns.\r\n"
              "\r\n"
              "Ferries were cancelled.\rSchools stayed closed.\r\r"
              "Power was restored by noon.",
     .ndocs = 1,
     .docs = (const doc_want[]){{
         .npara = 4,
         .paras = (const para[]){{0, "The storm moved east during the night and reached the coast shortly before dawn, bringing winds of more than 100 km/h and heavy rain to the harbour towns."},
                                 {1, "Ferries were cancelled."},
                                 {2, "Schools stayed closed."},
                                 {3, "Power was restored by noon."},
                                 {0, NULL}},
         /* the end of the text maps to the end of the input */
         .map = (const where[][2]){{{" shortly", 0}, {"\r\nshortly", 0}},
                                   {{"noon.", 5}, {"noon.", 5}},
                                   MAP_END},
     }}},
    {.name = "a byte order mark",
     .input = "\xEF\xBB\xBFHello world.\n",
     .ndocs = 1,
     .docs = (const doc_want[]){{
         .npara = 1,
         .paras = (const para[]){{0, "Hello world."}, {0, NULL}},
         .text = "Hello world.",
         .map = (const where[][2]){{OFF(0), OFF(3)}, {OFF(12), OFF(15)}, MAP_END},
     }}},
    {.name = "a byte order mark and a blank", .input = "\xEF\xBB\xBF \n", .ndocs = 0},
    {.name = "UTF-16", BYTES("\xFF\xFEh\0i\0"), .status = MDS_EBINARY, .err_at = OFF(0),
     .err_msg = "UTF-16"},
    /* NBSP, a tab run, a zero-width space, a narrow NBSP, an ideographic space, a BOM inside */
    {.name = "NBSP, odd and zero-width spaces",
     .input = "A\xC2\xA0" "B  \t C\xE2\x80\x8B" "D\xE2\x80\xAF" "E\xE3\x80\x80\xEF\xBB\xBF" "F",
     .ndocs = 1,
     .docs = (const doc_want[]){{
         .npara = 1,
         .text = "A B CD E F",
         .map = (const where[][2]){{OFF(0), OFF(0)}, {OFF(1), OFF(1)}, {OFF(2), OFF(3)},
                                   {OFF(3), OFF(4)}, {OFF(4), OFF(8)}, {OFF(5), OFF(12)},
                                   {OFF(6), OFF(13)}, {OFF(7), OFF(16)}, {OFF(8), OFF(17)},
                                   {OFF(9), OFF(23)}, {OFF(10), OFF(24)}, MAP_END},
     }}},
    {.name = "`` and '' typography",
     .input = "He said ``hello'' and `left' 'alone'.",
     .ndocs = 1,
     .docs = (const doc_want[]){{
         .npara = 1,
         .text = "He said \xE2\x80\x9Chello\xE2\x80\x9D and `left' 'alone'.",
         /* the three bytes of “ come from `` at 8, those of ” from '' at 15; a span ending
          * at ” reaches past both source quotes */
         .map = (const where[][2]){{OFF(8), OFF(8)}, {OFF(9), OFF(8)}, {OFF(10), OFF(8)},
                                   {OFF(16), OFF(15)}, {OFF(17), OFF(15)}, {OFF(18), OFF(15)},
                                   {OFF(11), OFF(10)},
                                   {OFF(19), OFF(17)},
                                   {OFF(19), {"'' and", 2}},
                                   MAP_END},
     }}},

    /* ---- SGML ------------------------------------------------------------------------ */
    {.name = "DUC SGML with <P>",
     .input = duc_two,
     .sgml = 1,
     .ndocs = 2,
     .docs = (const doc_want[]){
         {.id = "XIE19990101.0001",
          .date = "1999-01-01 10:00:00",
          .headline = "Rivers & Lakes Rise",
          .npara = 2,
          .paras = (const para[]){{0, "Heavy rains caused the rivers to rise on Friday, officials said, and more rain is expected over the weekend in the northern provinces & the coast."},
                                  {1, "\xE2\x80\x9CWe are ready,\xE2\x80\x9D the mayor said of the levees <new> & old."},
                                  {0, NULL}},
          /* &amp; maps to its '&'; the paragraph ends right after "coast." */
          .map = (const where[][2]){{{"& the", 0}, {"&amp;\nthe", 0}},
                                    {{"coast.", 6}, {"coast. ", 6}},
                                    {{"old.", 4}, {"old.\n", 4}},
                                    MAP_END}},
         {.id = "XIE19990102.0002",
          .date = "1999-01-02",
          .headline = "Second story",
          .npara = 2,
          .paras = (const para[]){{0, "Short one."}, {1, "Another ABC here."}, {0, NULL}},
          .map = (const where[][2]){{{"here.", 5}, {"here.&#3;", 5}}, MAP_END}},
     }},
    /* DUC text without <P>: paragraphs start with an indented line; DUC typesetting
     * entities. */
    {.name = "DUC SGML without <P>",
     .input = "<DOC>\n"
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
              "</DOC>\n",
     .sgml = 1,
     .ndocs = 1,
     .docs = (const doc_want[]){{
         .id = "APW19980812.9999",
         .date = "08/12/1998 13:29:00",
         .headline = "Council approves new harbour plan",
         .npara = 3,
         .paras = (const para[]){{0, "LISBON (AP) _ The city council on Wednesday approved a plan to rebuild the old harbour, ending a dispute that had lasted for more than a decade."},
                                 {1, "The plan includes a new ferry terminal, a park along the river and housing for about 2,000 people, the mayor said."},
                                 {2, "Work is to begin next spring & end in 2003."},
                                 {0, NULL}},
     }}},
    /* Some DUC NYT documents carry the story in <BODY> between </HEADLINE> and <TEXT>, and
     * only a distribution note in <TEXT>: the story is taken with the note. */
    {.name = "DUC story outside <TEXT>",
     .input = "<DOC>\n<DOCNO> NYT19990101.0001 </DOCNO>\n<BODY>\n<SLUG> BC-STORY </SLUG>\n"
              "<HEADLINE>\nA LONG STORY\n</HEADLINE>\n"
              " &HT;    The first paragraph of the story is here, and it runs on\n"
              "over a second line before it ends.\n"
              " &HT;    The second paragraph is shorter.\n"
              "<TEXT>\n &UR; NEWS SERVICE &QC; \n</TEXT>\n</BODY>\n</DOC>\n",
     .sgml = 1,
     .ndocs = 1,
     .docs = (const doc_want[]){{
         .id = "NYT19990101.0001",
         .headline = "A LONG STORY",
         .npara = 3,
         .paras = (const para[]){{0, "The first paragraph of the story is here, and it runs on over a second line before it ends."},
                                 {1, "The second paragraph is shorter."},
                                 {2, "NEWS SERVICE"},
                                 {0, NULL}},
     }}},
    /* The story is taken from past the last "</...>" before <TEXT>; a "</" never closed
     * before <TEXT> does not count (and stops the search: no later one closes either). */
    {.name = "DUC story outside <TEXT>, stray \"</\"",
     .input = "<DOC>\n<DOCNO> NYT19990101.0002 </DOCNO>\n<BODY>\n<SLUG> BC </SLUG>\n"
              "</a </b </c>\n"
              " &HT;    The first paragraph of the story is here, and it runs on\n"
              "over a second line before it ends </d\n"
              "<TEXT>\n NOTE \n</TEXT>\n</BODY>\n</DOC>\n",
     .sgml = 1,
     .ndocs = 1,
     .docs = (const doc_want[]){{
         .id = "NYT19990101.0002",
         .npara = 2,
         .paras = (const para[]){{0, "The first paragraph of the story is here, and it runs on over a second line before it ends </d"},
                                 {1, "NOTE"},
                                 {0, NULL}},
     }}},
    /* A comment ends at the first "-->"; "<!--" with none after it is text, however many. */
    {.name = "SGML comments, closed and not",
     .input = "<DOC>\n<TEXT>\nA <!-- one <!-- two --> B <!-- three <!-- four <!--\n</TEXT>\n</DOC>\n",
     .sgml = 1,
     .ndocs = 1,
     .docs = (const doc_want[]){{.npara = 1, .text = "A B <!-- three <!-- four <!--"}}},
    /* The BRIEF has no BODY: one document. Both bytes of é map to the one Latin-1 byte; 's'
     * to the byte after it. */
    {.name = "Reuters, Latin-1",
     .input = reuters,
     .latin1 = 1,
     .sgml = 1,
     .ndocs = 1,
     .docs = (const doc_want[]){{
         .id = "42",
         .date = "26-FEB-1987 15:01:01.79",
         .headline = "CAF\xC3\x89 PRICES <UP>",
         .npara = 3,
         .paras = (const para[]){{0, "Coffee prices at the caf\xC3\xA9s of Paris rose sharply this week, traders said, citing a poor harvest in Brazil and higher transport costs across Europe."},
                                 {1, "Prices are expected to stay high, one trader said."},
                                 {2, "Reuter"},
                                 {0, NULL}},
         .map = (const where[][2]){{{"\xC3\xA9s of", 0}, {"\xE9s of", 0}},
                                   {{"\xC3\xA9s of", 1}, {"\xE9s of", 0}},
                                   {{"\xC3\xA9s of", 2}, {"\xE9s of", 1}},
                                   {{"Reuter", 6}, {"Reuter\n&#3;", 6}},
                                   MAP_END},
     }}},
    {.name = "Reuters without the fallback", .input = reuters, .status = MDS_EUTF8,
     .err_at = {"\xC9 PRICES", 0}, .err_msg = "0xc9"},
    /* Ids: DOCNO, else the file's base id, "#k" for the k-th element past the first; the
     * empty second document is skipped. */
    {.name = "SGML document ids",
     .input = "<DOC>\n<TEXT>\nOne.\n</TEXT>\n</DOC>\n<DOC>\n<TEXT>\n</TEXT>\n</DOC>\n"
              "<DOC>\n<TEXT>\nThree.\n</TEXT>\n</DOC>\n",
     .sgml = 1,
     .ndocs = 2,
     .docs = (const doc_want[]){{.npara = 1, .text = "One."},
                                {.id = "base#3", .npara = 1, .text = "Three."}}},
    {.name = "SGML unterminated at the end",
     .input = "<DOC>\n<DOCNO>X</DOCNO>\n<TEXT>\nSome text.\n</TEXT>\n",
     .status = MDS_EFORMAT, .err_at = OFF(0)},
    /* A second <DOC> opens before the first is closed: the first is unterminated, and the
     * complete document after it is not appended either. */
    {.name = "SGML <DOC> inside <DOC>",
     .input = "<DOC>\n<TEXT>\nFine.\n</TEXT>\n</DOC>\n"
              "<DOC>\n<TEXT>\nBroken.\n</TEXT>\n"
              "<DOC>\n<TEXT>\nAlso fine.\n</TEXT>\n</DOC>\n",
     .status = MDS_EFORMAT, .err_at = {"<DOC>\n<TEXT>\nBroken", 0}},
    /* A prolog cut short before its '>' is plain text; the scan for '>' must stop at the
     * end of the input (it stepped one past it, and the next test read out of bounds). */
    {.name = "\"<?\" alone", .input = "<?", .ndocs = 1,
     .docs = (const doc_want[]){{.npara = 1, .text = "<?"}}},
    {.name = "\"<!DOCTYPE\" alone", .input = "<!DOCTYPE", .ndocs = 1,
     .docs = (const doc_want[]){{.npara = 1, .text = "<!DOCTYPE"}}},
    {.name = "<!DOCTYPE without '>'", .input = "  <!DOCTYPE lewis SYSTEM", .ndocs = 1,
     .docs = (const doc_want[]){{.npara = 1, .text = "<!DOCTYPE lewis SYSTEM"}}},
    {.name = "<?xml?> then <?", .input = "<?xml version=\"1.0\"?>\n<?", .ndocs = 1,
     .docs = (const doc_want[]){{.npara = 2, .text = "<?xml version=\"1.0\"?>\n<?"}}},
    {.name = "a prolog ending at '>', then nothing", .input = "<?x?>", .ndocs = 1,
     .docs = (const doc_want[]){{.npara = 1, .text = "<?x?>"}}},
    {.name = "four prologs, then <DOC cut short", .input = "<?a?><?b?><?c?><?d?><DOC", .ndocs = 1,
     .docs = (const doc_want[]){{.npara = 1, .text = "<?a?><?b?><?c?><?d?><DOC"}}},
    {.name = "<DOC cut short", .input = "<DOC", .ndocs = 1,
     .docs = (const doc_want[]){{.npara = 1, .text = "<DOC"}}},
    {.name = "<REUTERS cut short", .input = "<?x?> <REUTERS", .ndocs = 1,
     .docs = (const doc_want[]){{.npara = 1, .text = "<?x?> <REUTERS"}}},
    {.name = "<DOC> cut short after its tag", .input = "<DOC>", .status = MDS_EFORMAT,
     .err_at = OFF(0)},
    {.name = "<DOC> with an open tag at the end", .input = "<DOC>\n<TEXT>\nWords.\n</TEXT>\n</DOC",
     .status = MDS_EFORMAT, .err_at = OFF(0)},
    {.name = "<DOC><TEXT> cut short", .input = "<DOC>\n<TEXT", .status = MDS_EFORMAT,
     .err_at = OFF(0)},
    {.name = "<REUTERS NEWID= at the end of its tag",
     .input = "<REUTERS NEWID=><BODY>Text here.</BODY></REUTERS>", .sgml = 1, .ndocs = 1,
     .docs = (const doc_want[]){{.npara = 1, .text = "Text here."}}},
    {.name = "<REUTERS NEWID=\" unquoted to the end of its tag",
     .input = "<REUTERS NEWID=\"7><BODY>Text here.</BODY></REUTERS>", .sgml = 1, .ndocs = 1,
     .docs = (const doc_want[]){{.id = "7", .npara = 1, .text = "Text here."}}},
    {.name = "markup cut short at the end of the prose",
     .input = "<DOC><TEXT>Words &amp</TEXT></DOC>", .sgml = 1, .ndocs = 1,
     .docs = (const doc_want[]){{.npara = 1, .text = "Words &amp"}}},
    {.name = "<DOCNO> is not <DOC>: plain text",
     .input = "<DOCNO> a </DOCNO> is not a document start.",
     .ndocs = 1,
     .docs = (const doc_want[]){{.npara = 1,
                                 .text = "<DOCNO> a </DOCNO> is not a document start."}}},

    /* ---- validation ------------------------------------------------------------------ */
    {.name = "overlong '/'", .input = "ab\xC0\xAF" "cd", .status = MDS_EUTF8,
     .err_at = OFF(2), .err_msg = "0xc0"},
    {.name = "overlong, 3 bytes", .input = "abc\xE0\x80\xAF", .status = MDS_EUTF8,
     .err_at = OFF(3), .err_msg = "0xe0"},
    {.name = "truncated at the end", .input = "abc\xE2\x82", .status = MDS_EUTF8,
     .err_at = OFF(3), .err_msg = "0xe2"},
    {.name = "UTF-16 surrogate", .input = "x\xED\xA0\x80y", .status = MDS_EUTF8,
     .err_at = OFF(1), .err_msg = "0xed"},
    {.name = "valid emoji, then 0xff", .input = "\xF0\x9F\x98\x80 ok \xFF", .status = MDS_EUTF8,
     .err_at = OFF(8), .err_msg = "0xff"},
    {.name = "Latin-1", .input = "caf\xE9 au lait", .status = MDS_EUTF8, .err_at = OFF(3),
     .err_msg = "0xe9"},
    {.name = "stray continuation byte", .input = "x\x80", .status = MDS_EUTF8, .err_at = OFF(1),
     .err_msg = "0x80"},
    {.name = "beyond U+10FFFF", .input = "\xF4\x90\x80\x80", .status = MDS_EUTF8,
     .err_at = OFF(0), .err_msg = "0xf4"},
    /* with the fallback the same bytes are Latin-1, or Windows-1252 in 0x80-0x9F */
    {.name = "the Latin-1 fallback",
     .input = "caf\xE9 au lait, na\xEFve \xE2\x82",
     .latin1 = 1,
     .ndocs = 1,
     .docs = (const doc_want[]){{
         .npara = 1,
         .text = "caf\xC3\xA9 au lait, na\xC3\xAFve \xC3\xA2\xE2\x80\x9A",
         .map = (const where[][2]){{OFF(3), OFF(3)}, {OFF(4), OFF(3)}, {OFF(5), OFF(4)},
                                   MAP_END},
     }}},
    {.name = "a NUL byte", BYTES("abc\0def"), .status = MDS_EBINARY, .err_at = OFF(3)},
    /* the fallback does not make binary data text */
    {.name = "a NUL byte, the fallback on", BYTES("abc\0def"), .latin1 = 1,
     .status = MDS_EBINARY, .err_at = OFF(3)},
    {.name = "control characters", .input = "\x01\x02\x03\x04 some text \x1b[0m\x05\x06",
     .status = MDS_EBINARY, .err_at = OFF(0)},
    /* a stray control character in a long text is dropped, not fatal */
    {.name = "a stray bell",
     .input = "A bell\x07 rang in the quiet street, and then another one.",
     .ndocs = 1,
     .docs = (const doc_want[]){{
         .npara = 1, .text = "A bell rang in the quiet street, and then another one."}}},
    {.name = "empty input", .input = "", .ndocs = 0},
    {.name = "no input at all", .input = NULL, .ndocs = 0},
    {.name = "only spaces", .input = "  \n\t\n \r\n\xC2\xA0\xE2\x80\x8B\n\f\n", .ndocs = 0},

    /* ---- the example cluster: every line is a paragraph; non-blank lines counted by hand */
    {.name = "example 000", .file = "examples/putin-north-korea/000_ea34812cd32b42ef.txt",
     .ndocs = 1, .docs = (const doc_want[]){{.npara = 15}}},
    /* a leading space, en dash and curly quotes */
    {.name = "example 001", .file = "examples/putin-north-korea/001_b4a0a099eddaae10.txt",
     .ndocs = 1,
     .docs = (const doc_want[]){{
         .npara = 25,
         .paras = (const para[]){{0, "date 2024-06-18 (CTN News) – Russian President Vladimir Putin has commended North Korea for “firmly supporting” Moscow’s war in Ukraine as he prepares for his first visit to Pyongyang in 24 years."},
                                 {0, NULL}},
     }}},
    /* U+00A0 after "See also" */
    {.name = "example 002", .file = "examples/putin-north-korea/002_ccde3f834144294e.txt",
     .ndocs = 1,
     .docs = (const doc_want[]){{
         .npara = 38,
         .paras = (const para[]){{8, "See also Nikki Haley says she will vote for Trump for president"},
                                 {0, NULL}},
     }}},
    /* consecutive long lines, no blank lines */
    {.name = "example 003", .file = "examples/putin-north-korea/003_e396d9771baa3c92.txt",
     .ndocs = 1,
     .docs = (const doc_want[]){{
         .npara = 10,
         .paras = (const para[]){{1, "This visit is a significant international engagement for Putin since the onset of the Ukraine conflict in 2022, and represents a pivotal moment for Kim, who has refrained from hosting any foreign leaders since the COVID-19 pandemic began."},
                                 {9, "Putin’s visit reciprocates Kim Jong Un’s trip to Russia last September, where the North Korean leader visited a factory producing fighter jets and a rocket-launch facility in Russia’s far eastern region. (ANI)"},
                                 {0, NULL}},
     }}},
    {.name = "example 004", .file = "examples/putin-north-korea/004_4226b15e2f687443.txt",
     .ndocs = 1,
     .docs = (const doc_want[]){{
         .npara = 16,
         .paras = (const para[]){{0, "News"},
                                 {2, "By Caroline Ameh"},
                                 {15, "Your email address will not be published. Required fields are marked *"},
                                 {0, NULL}},
     }}},
};

/* ---- the loop ---------------------------------------------------------------------------- */

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

/* The offset `w` names in s; the name must be found. */
static size_t resolve(const char *s, where w)
{
    const char *p = w.at ? strstr(s, w.at) : s;
    CU_ASSERT_PTR_NOT_NULL(p);
    return p ? (size_t)(p - s) + w.plus : (size_t)-1;
}

static int same(const char *got, const char *want)
{
    return want ? got && strcmp(got, want) == 0 : got == NULL;
}

static void check_doc(const char *src, size_t size, int sgml, const mds__doc *d,
                      const doc_want *w)
{
    CU_ASSERT(same(d->id, w->id ? w->id : "base"));
    CU_ASSERT(same(d->date, w->date));
    CU_ASSERT(same(d->headline, w->headline));
    CU_ASSERT_EQUAL(d->source, 7);
    CU_ASSERT_EQUAL(d->npara, w->npara);
    for (const para *p = w->paras; p && p->text; p++)
        CU_ASSERT(para_is(d, p->index, p->text));
    if (w->text)
        CU_ASSERT(same(d->text, w->text));
    for (const where(*m)[2] = w->map; m && (*m)[0].plus != (size_t)-1; m++) {
        size_t t = resolve(d->text, (*m)[0]), s = resolve(src, (*m)[1]);
        CU_ASSERT(t <= d->text_len);
        if (t <= d->text_len)
            CU_ASSERT_EQUAL(mds__doc_source(d, t), s);
    }
    check_map((const unsigned char *)src, size, d, sgml);
}

static void run_case(const ingest_case *c)
{
    size_t size = c->size;
    char *file = NULL;
    const char *src = c->input;
    if (c->file) {
        CU_ASSERT_PTR_NOT_NULL_FATAL(file = tu_read_file(c->file, &size));
        src = file;
    } else if (src && !size) {
        size = strlen(src);
    }
    /* ingest reads an exact-size heap copy: no terminating NUL or other slack behind it for
     * a scan that runs past the end to hit unnoticed (AddressSanitizer sees every byte) */
    char *exact = src && size ? malloc(size) : NULL;
    if (exact)
        memcpy(exact, src, size);
    result r = ingest_ex(exact ? exact : src, size, c->latin1);
    free(exact);
    CU_ASSERT_EQUAL(r.st, c->status);
    if (c->status != MDS_OK) {
        CU_ASSERT_EQUAL(r.err.offset, (int64_t)resolve(src, c->err_at));
        if (c->err_msg)
            CU_ASSERT_PTR_NOT_NULL(strstr(r.err.msg, c->err_msg));
        CU_ASSERT_EQUAL(r.n, 0);
        CU_ASSERT_PTR_NULL(r.docs);
    } else if (r.st == MDS_OK) {
        CU_ASSERT_EQUAL(r.n, c->ndocs);
        for (size_t k = 0; k < c->ndocs && k < r.n; k++)
            check_doc(src, size, c->sgml, &r.docs[k], &c->docs[k]);
    }
    result_free(&r);
    free(file);
}

static void test_cases(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned before = CU_get_number_of_failures();
        run_case(&cases[i]);
        if (CU_get_number_of_failures() != before)
            fprintf(stderr, "\ncase \"%s\" failed\n", cases[i].name);
    }
}

/* Documents are appended after those already there; on error nothing changes. */
static void test_append(void)
{
    result r = ingest_ex("One.\n", 5, 0);
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

/* The map as runs: text copied character for character is one run in any script, every byte
 * of a character maps to its first, and runs start only where normalization changed lengths
 * (so a large input costs a few bytes of map, not 8 a byte). */
static void test_map_runs(void)
{
    /* Chinese, Greek and ASCII copied as they are: one run; the map of a byte inside a
     * character is the character's start */
    const char *cjk = "\xe5\x8c\x97\xe4\xba\xac \xce\xb1\xce\xb2 ok.\n";
    result r = ingest_ex(cjk, strlen(cjk), 0);
    CU_ASSERT_EQUAL_FATAL(r.n, 1);
    const mds__doc *d = &r.docs[0];
    CU_ASSERT_EQUAL(d->map.n, 1);
    CU_ASSERT_EQUAL(d->text_len, strlen(cjk) - 1);
    static const uint64_t want[] = {0, 0, 0, 3, 3, 3, 6, 7, 7, 9, 9, 11, 12, 13, 14};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        CU_ASSERT_EQUAL(mds__doc_source(d, i), want[i]);
    result_free(&r);

    /* hard-wrapped prose: a line break read as a space is one byte for one, so the runs are
     * broken only by the collapsed double space and the paragraph gap */
    const char *prose = "The quick brown fox jumps over the lazy dog and then it runs far\n"
                        "away from the farm, where the farmer waits for it to come back\n"
                        "home.  The dog sleeps on, as the sun sets over the quiet hills\n"
                        "and the long day comes to an end for all of the animals there.\n\n"
                        "A second paragraph follows after the blank line, short.\n";
    r = ingest_ex(prose, strlen(prose), 0);
    CU_ASSERT_EQUAL_FATAL(r.n, 1);
    d = &r.docs[0];
    CU_ASSERT_EQUAL(d->npara, 2);
    CU_ASSERT_EQUAL(d->map.n, 3); /* the start, "The dog" after the double space, "A second" */
    check_map((const unsigned char *)prose, strlen(prose), d, 0);
    const char *home = strstr(d->text, "The dog");
    CU_ASSERT_EQUAL(mds__doc_source(d, (size_t)(home - d->text)),
                    (uint64_t)(strstr(prose, "The dog") - prose));
    result_free(&r);

    /* `` and '' become three-byte quotes from two source bytes: each starts a run */
    const char *quotes = "He said ``yes'' and left.\n";
    r = ingest_ex(quotes, strlen(quotes), 0);
    CU_ASSERT_EQUAL_FATAL(r.n, 1);
    d = &r.docs[0];
    CU_ASSERT_STRING_EQUAL(d->text, "He said \xe2\x80\x9cyes\xe2\x80\x9d and left.");
    CU_ASSERT_EQUAL(mds__doc_source(d, 8), 8);   /* the opening quote's three bytes */
    CU_ASSERT_EQUAL(mds__doc_source(d, 10), 8);
    CU_ASSERT_EQUAL(mds__doc_source(d, 11), 10); /* "yes" */
    CU_ASSERT_EQUAL(mds__doc_source(d, 14), 13); /* the closing quote */
    CU_ASSERT_EQUAL(mds__doc_source(d, 17), 15); /* " and" */
    CU_ASSERT_EQUAL(mds__doc_source(d, d->text_len), strlen(quotes) - 1);
    result_free(&r);
}

/* The verdict on a first block: what mds__ingest would say of the whole file, when the block
 * already decides it. */
static void test_check_block(void)
{
    mds__ingest_error e;
    const unsigned char text[] = "plain text\n";
    CU_ASSERT_EQUAL(mds__ingest_check_block(text, 0, sizeof text - 1, &e), MDS_OK);
    const unsigned char nul[] = "abc\0def";
    CU_ASSERT_EQUAL(mds__ingest_check_block(nul, 0, 2, &e), MDS_OK); /* not in this block */
    CU_ASSERT_EQUAL(mds__ingest_check_block(nul, 2, 7, &e), MDS_EBINARY);
    CU_ASSERT_EQUAL(e.offset, 3);
    result r = ingest_ex((const char *)nul, 7, 0); /* the same words as the whole file's */
    CU_ASSERT_EQUAL(r.st, MDS_EBINARY);
    CU_ASSERT_EQUAL(r.err.offset, 3);
    CU_ASSERT_STRING_EQUAL(r.err.msg, e.msg);
    result_free(&r);
    /* a UTF-16 mark, split over two blocks or not, makes NULs text (text/encoding.c converts
     * it); before the mark is whole, a NUL is binary */
    const unsigned char bom[] = "\xff\xfeh\0i\0";
    CU_ASSERT_EQUAL(mds__ingest_check_block(bom, 0, 1, &e), MDS_OK);
    CU_ASSERT_EQUAL(mds__ingest_check_block(bom, 1, 6, &e), MDS_OK);
    CU_ASSERT_EQUAL(mds__ingest_check_block(bom, 0, 6, &e), MDS_OK);
    const unsigned char nobom[] = "h\0i\0";
    CU_ASSERT_EQUAL(mds__ingest_check_block(nobom, 0, 4, &e), MDS_EBINARY);
    /* a UTF-8 mark, and control characters: only the whole file tells */
    const unsigned char ctl[] = "\xef\xbb\xbf\x01\x02\x03";
    CU_ASSERT_EQUAL(mds__ingest_check_block(ctl, 0, 6, &e), MDS_OK);
    CU_ASSERT_EQUAL(mds__ingest_check_block(NULL, 0, 0, &e), MDS_EINVAL);
}

/* ---- the fast paths against the general reader -------------------------------------------- */

/* A lexicon for hyphenated line breaks: it knows "compression" and "well", nothing else. */
static int twin_look(void *ctx, const char *w, size_t n, uint32_t *freq, int *stop)
{
    (void)ctx;
    *stop = 0;
    *freq = (n == 11 && !memcmp(w, "compression", 11)) ? 5 : (n == 4 && !memcmp(w, "well", 4)) ? 9 : 0;
    return 0;
}

static int same_doc(const mds__doc *a, const mds__doc *b)
{
#define STR_SAME(x, y) ((!(x) && !(y)) || ((x) && (y) && !strcmp(x, y)))
    if (a->source != b->source || !STR_SAME(a->id, b->id) || !STR_SAME(a->date, b->date) ||
        !STR_SAME(a->headline, b->headline) || a->text_len != b->text_len ||
        memcmp(a->text, b->text, a->text_len) || a->npara != b->npara ||
        a->ncuts != b->ncuts || a->markup != b->markup || a->map.n != b->map.n ||
        a->map.end != b->map.end)
        return 0;
#undef STR_SAME
    for (size_t i = 0; i < a->npara; i++)
        if (a->paras[i].span.start != b->paras[i].span.start ||
            a->paras[i].span.end != b->paras[i].span.end || a->paras[i].heading != b->paras[i].heading)
            return 0;
    for (size_t i = 0; i < a->ncuts; i++)
        if (a->cuts[i].a != b->cuts[i].a || a->cuts[i].b != b->cuts[i].b)
            return 0;
    for (size_t i = 0; i < a->map.n; i++)
        if (a->map.at[i] != b->map.at[i] || a->map.src[i] != b->map.src[i])
            return 0;
    return 1;
}

/* Reads data both ways (fast paths on and off), with and without the Latin-1 fallback and a
 * lexicon: the same documents, the same verdict. Returns 1 when they agree. */
static int twin(const char *data, size_t size)
{
    static mds__lexicon lex = {.look = twin_look};
    int ok = 1;
    /* an exact-size copy: AddressSanitizer sees a fast path that reads past the end */
    char *exact = size ? malloc(size) : NULL;
    if (size && !exact)
        return 0;
    if (exact)
        memcpy(exact, data, size);
    for (int v = 0; v < 4 && ok; v++) {
        result r[2];
        for (int slow = 0; slow < 2; slow++) {
            r[slow] = (result){0};
            mds__ingest_opts o = {.latin1_fallback = v & 1, .lexicon = v & 2 ? &lex : NULL,
                                  .slow = slow};
            r[slow].st = mds__ingest((const unsigned char *)exact, size, 3, "twin", &o,
                                     &r[slow].docs, &r[slow].n, &r[slow].cap, &r[slow].err);
        }
        ok = r[0].st == r[1].st && r[0].n == r[1].n && r[0].err.offset == r[1].err.offset &&
             !strcmp(r[0].err.msg, r[1].err.msg);
        for (size_t k = 0; ok && k < r[0].n; k++)
            ok = same_doc(&r[0].docs[k], &r[1].docs[k]);
        if (!ok)
            fprintf(stderr, "\nfast and slow differ (latin1 %d, lexicon %d) on \"%.*s\"\n",
                    v & 1, (v >> 1) & 1, (int)(size < 300 ? size : 300), data);
        result_free(&r[0]);
        result_free(&r[1]);
    }
    free(exact);
    return ok;
}

/* Pieces that the fast paths must leave to the general reader, or read as it does. */
static const char *const twin_bits[] = {
    "<P>", "</P>", "<p>\n", "<b>", "</i>", "<!-- x -->", "<!--", "-->", "<", "&", "<TEXT>",
    "&amp;", "&AMP;", "&lt;", "&#8220;", "&#x201d;", "&#1;", "&#9;", "&#150;", "&HT;",
    "&nbsp;", "&bogus", "&;", "``", "''", "`", "'", "'<b>'", "`&#96;", "'&apos;", "\r\n",
    "\r", "\n", "\n\n", "\r\n\r\n", "  ", "\t", "\f", "\v", "\x01", "\x7f", " \r", "'\r",
    "`\n", "'\x01'", "\xc2\xa0", "\xe2\x80\x8b", "\xe2\x80\xa8", "\xe2\x80\xa9",
    "\xc3\xa9t\xc3\xa9", "\xe5\x8c\x97\xe4\xba\xac", "\xef\xbb\xbf", "\xc2\xad", "\xe2\x80\x90",
    "\xe2\x80\x99", "\xe2\x80\x9d", "\xff", "\x93", "\xc3", "Word", "word", "the", "Tiny.",
    "runs on and on", "compres-\n", "compres-\r\n", "sion ", "well-\n", "known", "- ",
    "# Heading\n", "> quoted ", "- item\n", "1. first\n", "*em*", "`code`", "[a](b) ",
    "    ", "        indented ", "end.", "end.\"", "?", "!)", "A", "z",
    "The quick brown fox jumps over the lazy dog again and again, far from home; ",
    "said.\xe2\x80\x9d\n", "\n   and so", "\xce\xb1\xce\xb2 ", "\xe3\x80\x80",
};

static unsigned long twin_rand(unsigned long *s)
{
    *s = *s * 6364136223846793005UL + 1442695040888963407UL;
    return (*s >> 33) & 0x7fffffffUL;
}

/* The fast paths read plain ASCII byte by byte, and everything else item by item as the
 * general reader does: on every input of the table, on every prefix of a DUC document (each
 * tag, entity, quote pair and CR LF split at the end), and on random mixtures of the pieces
 * above, inside SGML prose and as plain text, both readings give the same documents. */
static void test_fast_slow(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const ingest_case *c = &cases[i];
        size_t size = c->size;
        char *file = NULL;
        const char *src = c->input;
        if (c->file) {
            CU_ASSERT_PTR_NOT_NULL_FATAL(file = tu_read_file(c->file, &size));
            src = file;
        } else if (src && !size) {
            size = strlen(src);
        }
        if (!twin(src ? src : "", src ? size : 0))
            fprintf(stderr, "case \"%s\"\n", c->name);
        CU_ASSERT(twin(src ? src : "", src ? size : 0));
        free(file);
    }
    CU_ASSERT(twin("", 0));
    /* a sentence that ends in a non-ASCII closing quote: the indented line after it starts a
     * paragraph (the line ends a sentence), wherever the quote is read */
    const char *closer = "Line one goes here and\nruns on here and on.\xe2\x80\x9d\n"
                         "   and this one is indented.\nand back to the base\nand more of it.\n";
    CU_ASSERT(twin(closer, strlen(closer)));
    const char *closer2 = "Line one goes here and\nruns on here and on.\xe2\x80\x99\n"
                          "\tand this one is indented.\nand back to the base\nand more of it.\n";
    CU_ASSERT(twin(closer2, strlen(closer2)));
    const char *duc = "<DOC>\r\n<DOCNO> X1 </DOCNO>\r\n<TEXT>\r\n<P>\r\n\tHe said ``yes'' &amp; "
                      "left,\r\nit's `plain' ''really''.\r\n</P>\r\n<P>\r\n   A &HT; b &#8220;c"
                      "&#x201D; <!-- note --> d\xc2\xa0" "e\xe2\x80\x8b" "f caf\xc3\xa9 compres-\r\n"
                      "sion well-\nknown.\r\n</P>\r\n</TEXT>\r\n</DOC>\r\n";
    size_t n = strlen(duc);
    for (size_t k = 0; k <= n; k++)
        CU_ASSERT(twin(duc, k));
    /* long runs of plain text, which the fast paths read sixteen bytes at once: one odd piece
     * at every offset of a run, in SGML prose and in plain text, on a line of its own and
     * with lines around it */
    static const char *const odd[] = {
        " ", "  ", "'", "''", "`", "``", "' ", "'<", "'&", "`'", "'`", "<", "&", "<P>", "<b>",
        "&amp;", "&#39;", "&HT;", "\t", "\n", "\r\n", "\r", "\f", "\x7f", "\x01", "\xc3\xa9",
        "\xe2\x80\x8b", "\xc2\xa0", "\xe2\x80\xa8", "' '", " '", " `", "` ", " ' ", "'\n",
        " \n", "\xff", "\x93", "a'", "-\n", ".", "~", "!",
        /* a closer after a space: whether the line ends a sentence decides whether the
         * indented lowercase line after it starts a paragraph */
        ". )\n   and so on", "!  ''\n\tand so", "? \"\n   and so", "x )\n   and so",
    };
    const char *run = "Abcdefghij klmnopqrst uvwxyzABCD EFGHIJ KLMNOP QRSTU vwxyz. 0123456789";
    static char line[512];
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        for (size_t off = 0; off <= 48; off++) {
            for (int form = 0; form < 4; form++) {
                const char *head = form & 1 ? "<DOC>\n<DOCNO> L1 </DOCNO>\n<TEXT>\n" : "";
                const char *tail = form & 1 ? "\n</TEXT>\n</DOC>\n" : "\n";
                const char *around = form & 2 ? "a line before it that runs on and on,\n" : "";
                int len = snprintf(line, sizeof line, "%s%s%.*s%s%s\n%s%s", head, around,
                                   (int)off, run, odd[i], run + off, around, tail);
                if (!twin(line, (size_t)len)) {
                    fprintf(stderr, "odd piece %zu at %zu, form %d\n", i, off, form);
                    CU_FAIL("fast and slow differ on a long run");
                }
            }
        }
    }
    /* random mixtures */
    static char buf[8192];
    unsigned long seed = 14;
    size_t nbits = sizeof twin_bits / sizeof twin_bits[0];
    for (int round = 0; round < 1500; round++) {
        size_t len = 0;
        int sgml = round % 2;
        if (sgml)
            len += (size_t)snprintf(buf, sizeof buf, "<DOC>\n<DOCNO> R%d </DOCNO>\n<TEXT>\n", round);
        size_t pieces = 1 + twin_rand(&seed) % 60;
        for (size_t k = 0; k < pieces && len + 200 < sizeof buf; k++) {
            const char *b = twin_bits[twin_rand(&seed) % nbits];
            size_t bl = strlen(b);
            memcpy(buf + len, b, bl);
            len += bl;
        }
        if (sgml) {
            const char *tail = "\n</TEXT>\n</DOC>\n";
            memcpy(buf + len, tail, strlen(tail));
            len += strlen(tail);
        }
        if (!twin(buf, len)) {
            CU_FAIL("fast and slow differ");
            break;
        }
    }
}

/* Hyphenated line breaks are found thirty-two bytes at a time past bytes that hold no '-' and
 * nothing non-ASCII: a break at every offset from the start of the text is still joined, and a
 * hyphen that is no break is still left alone. */
static void test_hyphen_offsets(void)
{
    static mds__lexicon lex = {.look = twin_look};
    const char *run = "Abcdefghij klmnopqrst uvwxyzABCD EFGHIJ KLMNOP QRSTU vwxyz abcdefghij";
    static char buf[512];
    for (int form = 0; form < 2; form++) {
        for (size_t off = 0; off <= 70; off++) {
            int len = snprintf(buf, sizeof buf, "%.*s%s compres-\nsion and a well-known\nend.\n",
                               (int)off, run, form ? " caf\xc3\xa9" : "");
            mds__ingest_opts o = {.lexicon = &lex};
            mds__doc *docs = NULL;
            size_t n = 0, cap = 0;
            mds__ingest_error err;
            CU_ASSERT_EQUAL_FATAL(mds__ingest((const unsigned char *)buf, (size_t)len, 0, "h", &o,
                                              &docs, &n, &cap, &err), MDS_OK);
            CU_ASSERT_EQUAL_FATAL(n, 1);
            if (!strstr(docs[0].text, "compression and a well-known"))
                fprintf(stderr, "\noffset %zu: \"%s\"\n", off, docs[0].text);
            CU_ASSERT_PTR_NOT_NULL(strstr(docs[0].text, "compression and a well-known"));
            for (size_t k = 0; k < n; k++)
                mds__doc_free(&docs[k]);
            free(docs);
        }
    }
}

static CU_TestInfo tests[] = {
    {"hyphenated breaks at every offset", test_hyphen_offsets},
    {"the table of inputs", test_cases},
    {"the map: runs, not a number a byte", test_map_runs},
    {"a first block's verdict", test_check_block},
    {"appending", test_append},
    {"the fast paths read as the general reader does", test_fast_slow},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("ingest", tests, NULL, NULL); }
