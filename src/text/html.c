/* SPDX-License-Identifier: MIT */
/* HTML in, article out.
 *
 * The page is parsed by gumbo (Debian libgumbo), which implements the HTML5 parsing algorithm
 * of browsers: any byte sequence gives a tree, and every text node keeps the bytes it came
 * from (original_text), so that each character of the article maps back to its bytes in the
 * page. Why gumbo and not libxml2's HTML parser: docs/design.md.
 *
 * The article:
 *  1. Junk is set aside with its subtree: scripts, styles, forms' controls, iframes, SVG;
 *     <nav>, <aside>, <footer>, <header>, <figure> and <figcaption> (captions, credits);
 *     <h1> (the page's headline: the document's headline comes from the metadata) and
 *     <time> (datelines);
 *     hidden elements (hidden, aria-hidden, display:none); ARIA roles of navigation,
 *     banners, dialogs and complementary content; and class or id names of boilerplate
 *     (share bars, comments, related lists, cookie banners, ads, newsletters, bylines ...)
 *     unless they also name the article's body.
 *  2. The container is chosen as readability does: each paragraph of 25 characters or more
 *     scores 1 + its commas + a point a hundred characters (at most 3) for its parent, half
 *     that for the grandparent and a third a level above; an ancestor starts from a score by
 *     its tag and class names (<article>, itemprop=articleBody and "content" names up,
 *     "comment", "sidebar" names down), and its sum is scaled by 1 - its link density. When
 *     the page has JSON-LD articleBody, the container whose text holds most of the
 *     articleBody's words, with the fewest other words, wins instead.
 *  3. The container's siblings that score well, or are paragraphs of prose, join it.
 *  4. Text is produced block by block (<p>, <br>, headings, list items, <blockquote>,
 *     table cells ... each a paragraph), whitespace collapsed, entities decoded; a block
 *     that is mostly link text is dropped (a list of links), and so is a short block from
 *     the page's boilerplate phrases ("Advertisement", "Share this article").
 *
 * The map follows ingest's contract (text/doc.h): a character maps to the first byte of its
 * source (an entity, a character of a text node), the space of collapsed whitespace to the
 * first whitespace byte, the "\n" between paragraphs to just past the paragraph before.
 * Offsets never decrease: text the tree moved before its source position (foster parenting)
 * maps to the last offset reached. */
#include "util/alloc.h"
#include "text/html.h"

#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/json.h"
#include "util/strset.h"

/* ---- the tree, mirrored ------------------------------------------------------------------- */

/* An element of the page, in document order: the subtree of element i is [i, end). */
typedef struct hnode {
    GumboNode *g;
    uint32_t parent; /* NONE for the root */
    uint32_t end;
    uint8_t junk;    /* set aside, with its subtree */
    uint8_t block;   /* starts a paragraph */
    uint8_t has_block; /* a block element below it */
    uint8_t scored;  /* score initialised */
    uint32_t chars;  /* visible bytes of text in the subtree (junk excluded) */
    uint32_t link;   /* of which inside <a> */
    uint32_t commas;
    uint32_t own;    /* visible bytes of its own text nodes */
    uint32_t own_commas;
    double score;
} hnode;

#define NONE UINT32_MAX

typedef struct page {
    const unsigned char *d;
    size_t size;
    GumboOutput *out;
    hnode *v;
    size_t n, cap;
    uint32_t *index; /* open addressing: element pointer to its index in v */
    size_t nindex;   /* a power of two, at least twice n */
    char *title, *date, *body; /* metadata (mds__malloc'd) */
    size_t body_len;
    mds__strset words; /* of JSON-LD articleBody, when it is long enough to guide */
    int guided;
} page;

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* The words of s[0, n), lowercased (ASCII), one at a time: *pos advances; 0 at the end. */
static size_t next_word(const char *s, size_t n, size_t *pos, char *w, size_t wcap)
{
    size_t i = *pos;
    while (i < n && !word_byte((unsigned char)s[i]))
        i++;
    size_t k = 0;
    while (i < n && word_byte((unsigned char)s[i])) {
        if (k < wcap)
            w[k++] = (char)lower((unsigned char)s[i]);
        i++;
    }
    *pos = i;
    return k;
}

/* The share of the words of s[0, n) that the articleBody has (1 for no words). */
static double body_share(const page *p, const char *s, size_t n)
{
    char w[64];
    size_t pos = 0, all = 0, in = 0, k;
    while ((k = next_word(s, n, &pos, w, sizeof w)) > 0) {
        all++;
        in += (size_t)mds__strset_has(&p->words, w, k);
    }
    return all ? (double)in / all : 1;
}

static int is_ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

static int ieq_prefix(const unsigned char *d, size_t pos, size_t end, const char *w)
{
    size_t n = strlen(w);
    if (pos > end || end - pos < n)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (lower(d[pos + k]) != (unsigned char)w[k])
            return 0;
    return 1;
}

int mds__html_sniff(const unsigned char *d, size_t pos, size_t size)
{
    for (int round = 0; round < 64; round++) {
        while (pos < size && is_ws(d[pos]))
            pos++;
        if (ieq_prefix(d, pos, size, "<!--")) {
            const unsigned char *e = NULL;
            for (size_t q = pos + 4; q + 3 <= size && !e; q++)
                if (d[q] == '-' && d[q + 1] == '-' && d[q + 2] == '>')
                    e = d + q + 3;
            if (!e)
                return 0;
            pos = (size_t)(e - d);
            continue;
        }
        if (ieq_prefix(d, pos, size, "<?xml")) {
            while (pos < size && d[pos] != '>')
                pos++;
            if (pos == size)
                return 0; /* no '>': not markup */
            pos++;
            continue;
        }
        break;
    }
    if (pos >= size || d[pos] != '<')
        return 0;
    /* a page's first tag, closed: "<!doctype html" cut short is text */
    if (ieq_prefix(d, pos, size, "<!doctype html") || ieq_prefix(d, pos, size, "<html") ||
        ieq_prefix(d, pos, size, "<head") || ieq_prefix(d, pos, size, "<body"))
        return memchr(d + pos, '>', size - pos) != NULL;
    if (ieq_prefix(d, pos, size, "<doc") || ieq_prefix(d, pos, size, "<reuters"))
        return 0;
    size_t end = size - pos > 4096 ? pos + 4096 : size;
    static const char *const marks[] = {"<html", "<head", "<body", "<meta", "<title"};
    for (size_t q = pos; q < end; q++) {
        if (d[q] != '<')
            continue;
        for (size_t k = 0; k < sizeof marks / sizeof *marks; k++)
            if (ieq_prefix(d, q, end, marks[k]))
                return 1;
    }
    return 0;
}

/* Tags that nest no content or close themselves implicitly: they do not deepen the tree. */
static int flat_tag(const unsigned char *d, size_t pos, size_t end)
{
    static const char *const flat[] = {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option",
        "optgroup", "tbody", "thead", "tfoot", "colgroup", "rb", "rt", "rp", "!", "?"};
    for (size_t k = 0; k < sizeof flat / sizeof *flat; k++) {
        size_t n = strlen(flat[k]);
        if (ieq_prefix(d, pos, end, flat[k]) &&
            (flat[k][0] == '!' || flat[k][0] == '?' || pos + n >= end ||
             !((d[pos + n] | 0x20) >= 'a' && (d[pos + n] | 0x20) <= 'z') ))
            return 1;
    }
    return 0;
}

/* What gumbo's tree construction will cost, estimated from the tags: each start tag scans the
 * stack of open elements, as deep as the tags still open. The parser is quadratic in the
 * nesting (300,000 nested <div>s take minutes, and deeper ones overflow its stack), so a page
 * past the bound is refused, not parsed. */
#define HTML_MAX_DEPTH 10000
#define HTML_MAX_COST 400000000.0

static int too_deep(const unsigned char *d, size_t start, size_t size, size_t *depth_seen)
{
    size_t depth = 0, most = 0;
    double cost = 0;
    for (size_t i = start; i + 1 < size; i++) {
        if (d[i] != '<')
            continue;
        int c = d[i + 1] | 0x20;
        if (d[i + 1] == '/') {
            if (depth && i + 2 < size && ((d[i + 2] | 0x20) >= 'a' && (d[i + 2] | 0x20) <= 'z'))
                depth--;
            continue;
        }
        if (c < 'a' || c > 'z' || flat_tag(d, i + 1, size))
            continue;
        /* raw text: a script's "a<b" is no tag */
        static const char *const raw[] = {"script", "style", "textarea", "xmp", "plaintext"};
        int skipped = 0;
        for (size_t k = 0; k < sizeof raw / sizeof *raw && !skipped; k++) {
            size_t n = strlen(raw[k]);
            if (!ieq_prefix(d, i + 1, size, raw[k]) || (i + 1 + n < size && d[i + 1 + n] != '>' &&
                                                        !is_ws(d[i + 1 + n])))
                continue;
            size_t j = i + 1 + n;
            while (j + 1 < size && !(d[j] == '<' && d[j + 1] == '/' && ieq_prefix(d, j + 2, size, raw[k])))
                j++;
            i = j;
            skipped = 1;
        }
        if (skipped)
            continue;
        /* <x ... /> closes itself */
        size_t e = i + 1;
        while (e < size && d[e] != '>' && d[e] != '<')
            e++;
        if (e < size && d[e] == '>' && d[e - 1] == '/')
            continue;
        depth++;
        if (depth > most)
            most = depth;
        cost += (double)depth;
    }
    *depth_seen = most;
    return most > HTML_MAX_DEPTH || cost > HTML_MAX_COST;
}

static const char *attr(const GumboNode *g, const char *name)
{
    const GumboAttribute *a = gumbo_get_attribute(&g->v.element.attributes, name);
    return a ? a->value : NULL;
}

static GumboTag tag_of(const GumboNode *g) { return g->v.element.tag; }

static int is_element(const GumboNode *g)
{
    return g->type == GUMBO_NODE_ELEMENT || g->type == GUMBO_NODE_TEMPLATE;
}

/* Case-insensitive substring. */
static int has_sub(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (; *s; s++) {
        size_t k = 0;
        while (k < n && s[k] && lower((unsigned char)s[k]) == w[k])
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

/* Whether a class or id list holds the token w (tokens split at anything not a letter or
 * digit): "ad" is a token of "ad-slot" but not of "header". */
static int has_token(const char *s, const char *w)
{
    size_t n = strlen(w);
    while (*s) {
        while (*s && !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
            s++;
        const char *t = s;
        while (*s && ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
            s++;
        if ((size_t)(s - t) == n) {
            size_t k = 0;
            while (k < n && lower((unsigned char)t[k]) == w[k])
                k++;
            if (k == n)
                return 1;
        }
    }
    return 0;
}

/* Names of boilerplate: substrings, and whole tokens (short words that are parts of others). */
static const char *const junk_sub[] = {
    "comment", "share", "social", "related", "cookie", "consent", "advert", "promo",
    "newsletter", "subscri", "sidebar", "footer", "breadcrumb", "caption", "sponsor",
    "outbrain", "taboola", "signup", "sign-up", "popup", "modal", "byline", "recommend",
    "trending", "most-popular", "mostpopular", "more-stories", "morestories", "disqus",
    "toolbar", "masthead", "navbar", "navigation", "skip-link", "sr-only", "visually-hidden",
    "visuallyhidden", "screen-reader", "paywall", "banner", "widget", "author-bio",
    "authorbio", "tags", "read-more", "readmore", "credit", "dateline",
    "timestamp", "pagination", "pager", "tooltip", "rating", "follow", "inline-video",
};
static const char *const junk_tok[] = {
    "ad", "ads", "adv", "nav", "menu", "meta", "share", "tools", "author", "date",
    "teaser", "aside", "related", "more", "login", "social", "video", "gallery",
};
static const char *const good_sub[] = {
    "article-body", "articlebody", "article__body", "article-content", "articlecontent",
    "story-body", "storybody", "entry-content", "post-content", "postcontent", "post-body",
    "main-content", "maincontent", "article-text", "story-content", "body-text", "bodytext",
};

static int is_good_name(const char *s)
{
    for (size_t k = 0; k < sizeof good_sub / sizeof *good_sub; k++)
        if (has_sub(s, good_sub[k]))
            return 1;
    return 0;
}

/* Comments are junk even in an "article-comments" box; other boilerplate words lose to words of
 * the body, as in readability ("article", "content", "main" ...). */
static int is_junk_name(const char *s)
{
    if (has_sub(s, "comment") || has_sub(s, "disqus"))
        return 1;
    static const char *const body[] = {"article", "body", "content", "main", "column",
                                       "story", "entry", "text"};
    for (size_t k = 0; k < sizeof body / sizeof *body; k++)
        if (has_sub(s, body[k]))
            return 0;
    for (size_t k = 0; k < sizeof junk_sub / sizeof *junk_sub; k++)
        if (has_sub(s, junk_sub[k]))
            return 1;
    for (size_t k = 0; k < sizeof junk_tok / sizeof *junk_tok; k++)
        if (has_token(s, junk_tok[k]))
            return 1;
    return 0;
}

/* Class and id, for the name rules. */
static void names_of(const GumboNode *g, char *buf, size_t size)
{
    const char *c = attr(g, "class"), *i = attr(g, "id");
    snprintf(buf, size, "%s %s", c ? c : "", i ? i : "");
}

/* Set aside by tag or attribute, whatever its size. */
static int junk_element(const GumboNode *g)
{
    switch (tag_of(g)) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS: case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO: case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT: case GUMBO_TAG_INPUT:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_MENU: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_LABEL: case GUMBO_TAG_OPTION: case GUMBO_TAG_MAP: case GUMBO_TAG_AREA:
    case GUMBO_TAG_IMG: case GUMBO_TAG_DEL: case GUMBO_TAG_S: case GUMBO_TAG_STRIKE: case GUMBO_TAG_H1: case GUMBO_TAG_TIME:
        return 1;
    default:
        break;
    }
    if (g->type == GUMBO_NODE_TEMPLATE)
        return 1;
    if (attr(g, "hidden"))
        return 1;
    const char *v = attr(g, "aria-hidden");
    if (v && !strcmp(v, "true"))
        return 1;
    if ((v = attr(g, "style")) && (has_sub(v, "display:none") || has_sub(v, "display: none") ||
                                   has_sub(v, "visibility:hidden") || has_sub(v, "visibility: hidden")))
        return 1;
    if ((v = attr(g, "role"))) {
        static const char *const roles[] = {"navigation", "banner", "complementary",
                                            "contentinfo", "dialog", "alertdialog", "menu",
                                            "menubar", "search", "toolbar", "tablist"};
        for (size_t k = 0; k < sizeof roles / sizeof *roles; k++)
            if (!strcmp(v, roles[k]))
                return 1;
    }
    return 0;
}

/* Named as boilerplate (class, id). */
static int junk_named(const GumboNode *g)
{
    GumboTag t = tag_of(g);
    const char *v;
    if (t == GUMBO_TAG_BODY || t == GUMBO_TAG_HTML || t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_MAIN)
        return 0;
    if ((v = attr(g, "itemprop")) && has_sub(v, "articlebody"))
        return 0;
    char names[512];
    names_of(g, names, sizeof names);
    return is_junk_name(names);
}

static int block_element(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_HR: case GUMBO_TAG_LI: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION: case GUMBO_TAG_TABLE: case GUMBO_TAG_TR: case GUMBO_TAG_TD:
    case GUMBO_TAG_TH: case GUMBO_TAG_UL: case GUMBO_TAG_BR: case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_CENTER:
    case GUMBO_TAG_BODY:
        return 1;
    default:
        return 0;
    }
}

/* Visible bytes and commas of a text. */
static void text_stats(const char *s, uint32_t *chars, uint32_t *commas)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (!is_ws(c))
            (*chars)++;
        if (c == ',')
            (*commas)++;
    }
}

/* The elements in document order (an explicit stack: pages nest deeply). */
static mds_status mirror(page *p)
{
    size_t scap = 64, sn = 0;
    GumboNode **stack = mds__malloc(scap * sizeof *stack);
    uint32_t *pstack = mds__malloc(scap * sizeof *pstack);
    mds_status st = MDS_OK;
    if (!stack || !pstack) {
        st = MDS_ENOMEM;
        goto done;
    }
    stack[sn] = p->out->root;
    pstack[sn++] = NONE;
    while (sn) {
        GumboNode *g = stack[--sn];
        uint32_t parent = pstack[sn];
        if (mds__grow((void **)&p->v, &p->cap, p->n + 1, sizeof *p->v)) {
            st = MDS_ENOMEM;
            goto done;
        }
        uint32_t i = (uint32_t)p->n++;
        hnode *h = &p->v[i];
        *h = (hnode){.g = g, .parent = parent, .end = i + 1};
        h->junk = (parent != NONE && p->v[parent].junk) || junk_element(g);
        h->block = block_element(tag_of(g));
        const GumboVector *ch = &g->v.element.children;
        for (unsigned k = ch->length; k-- > 0;) {
            GumboNode *c = ch->data[k];
            if (is_element(c)) {
                if (sn + 1 > scap) {
                    size_t nc = scap * 2;
                    GumboNode **s2 = mds__realloc(stack, nc * sizeof *stack);
                    if (s2)
                        stack = s2;
                    uint32_t *p2 = s2 ? mds__realloc(pstack, nc * sizeof *pstack) : NULL;
                    if (p2)
                        pstack = p2;
                    if (!s2 || !p2) {
                        st = MDS_ENOMEM;
                        goto done;
                    }
                    scap = nc;
                }
                stack[sn] = c;
                pstack[sn++] = i;
            } else if (c->type == GUMBO_NODE_TEXT) {
                text_stats(c->v.text.text, &h->own, &h->own_commas);
            }
        }
    }
    for (size_t i = p->n; i-- > 1;) {
        hnode *up = &p->v[p->v[i].parent];
        if (p->v[i].end > up->end)
            up->end = p->v[i].end;
    }
done:
    mds__free(stack);
    mds__free(pstack);
    return st;
}

static double link_density_of(const hnode *h) { return h->chars ? (double)h->link / h->chars : 0; }

static size_t ptr_hash(const void *g, size_t mask)
{
    uint64_t x = (uint64_t)(uintptr_t)g;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)x & mask;
}

static mds_status build_index(page *p)
{
    size_t m = 16;
    while (m < p->n * 2)
        m *= 2;
    p->index = mds__malloc(m * sizeof *p->index);
    if (!p->index)
        return MDS_ENOMEM;
    p->nindex = m;
    memset(p->index, 0xFF, m * sizeof *p->index);
    for (size_t i = 0; i < p->n; i++) {
        size_t k = ptr_hash(p->v[i].g, m - 1);
        while (p->index[k] != NONE)
            k = (k + 1) & (m - 1);
        p->index[k] = (uint32_t)i;
    }
    return MDS_OK;
}

/* Whether element g was set aside (an element the mirror does not know: yes). */
static int is_junk(const page *p, const GumboNode *g)
{
    for (size_t k = ptr_hash(g, p->nindex - 1);; k = (k + 1) & (p->nindex - 1)) {
        uint32_t i = p->index[k];
        if (i == NONE)
            return 1;
        if (p->v[i].g == g)
            return p->v[i].junk;
    }
}

/* The sums of each subtree without its junk, children before parents. */
static void sums(page *p)
{
    for (size_t i = 0; i < p->n; i++) {
        hnode *h = &p->v[i];
        h->chars = h->link = h->commas = 0;
        h->has_block = 0;
    }
    for (size_t i = p->n; i-- > 0;) {
        hnode *h = &p->v[i];
        if (!h->junk) {
            h->chars += h->own;
            h->commas += h->own_commas;
        }
        if (tag_of(h->g) == GUMBO_TAG_A && !h->junk)
            h->link = h->chars;
        if (h->parent == NONE || h->junk)
            continue;
        hnode *up = &p->v[h->parent];
        up->chars += h->chars;
        up->link += h->link;
        up->commas += h->commas;
        if (h->block && tag_of(h->g) != GUMBO_TAG_BR)
            up->has_block = 1;
    }
}

/* Elements named as boilerplate are set aside when they are small beside the page or mostly
 * links: a page whose whole body sits in a "main-menu-hidden" wrapper keeps it. */
static void junk_by_name(page *p)
{
    uint32_t total = p->v[0].chars;
    for (size_t i = 1; i < p->n; i++) {
        hnode *h = &p->v[i];
        if (p->v[h->parent].junk)
            h->junk = 1;
        if (h->junk || !junk_named(h->g))
            continue;
        if (h->chars * 4 < total || link_density_of(h) > 0.3)
            h->junk = 1;
    }
    sums(p);
}

/* ---- metadata: <title>, Open Graph, JSON-LD ------------------------------------------------ */

static mds_status set_str(char **dst, const char *s, size_t n)
{
    while (n && is_ws((unsigned char)*s))
        s++, n--;
    while (n && is_ws((unsigned char)s[n - 1]))
        n--;
    if (!n)
        return MDS_OK;
    char *c = mds__malloc(n + 1);
    if (!c)
        return MDS_ENOMEM;
    /* whitespace collapsed: a title is one line */
    size_t w = 0;
    for (size_t k = 0; k < n; k++) {
        unsigned char ch = (unsigned char)s[k];
        if (is_ws(ch)) {
            if (w && c[w - 1] != ' ')
                c[w++] = ' ';
        } else {
            c[w++] = (char)ch;
        }
    }
    c[w] = '\0';
    mds__free(*dst);
    *dst = c;
    return MDS_OK;
}

static int is_article_type(const mds__json *t)
{
    if (!t)
        return 0;
    if (t->type == MDS__JSON_ARRAY) {
        for (const mds__json *e = t->child; e; e = e->next)
            if (is_article_type(e))
                return 1;
        return 0;
    }
    return t->type == MDS__JSON_STRING && (has_sub(t->str, "article") || has_sub(t->str, "posting") ||
                                           has_sub(t->str, "report") || has_sub(t->str, "blog"));
}

/* The article object of a JSON-LD value: itself, an element of an array or of @graph. */
static const mds__json *ld_article(const mds__json *v, int depth)
{
    if (!v || depth > 4)
        return NULL;
    if (v->type == MDS__JSON_ARRAY) {
        for (const mds__json *e = v->child; e; e = e->next) {
            const mds__json *a = ld_article(e, depth + 1);
            if (a)
                return a;
        }
        return NULL;
    }
    if (v->type != MDS__JSON_OBJECT)
        return NULL;
    if (is_article_type(mds__json_get(v, "@type")))
        return v;
    return ld_article(mds__json_get(v, "@graph"), depth + 1);
}

static mds_status json_ld(page *p, const GumboNode *script)
{
    const GumboVector *ch = &script->v.element.children;
    if (ch->length != 1 || ((GumboNode *)ch->data[0])->type != GUMBO_NODE_TEXT)
        return MDS_OK;
    const char *s = ((GumboNode *)ch->data[0])->v.text.text;
    mds__json *root = NULL;
    size_t off;
    char msg[100];
    mds_status st = mds__json_parse(s, strlen(s), &root, &off, msg, sizeof msg);
    if (st == MDS_ENOMEM)
        return st;
    if (st)
        return MDS_OK; /* not JSON by the book: pages write broken JSON-LD; ignore it */
    const mds__json *a = ld_article(root, 0), *m;
    if (a && (m = mds__json_get(a, "headline")) && m->type == MDS__JSON_STRING && !p->title)
        st = set_str(&p->title, m->str, m->len);
    if (!st && a && (m = mds__json_get(a, "datePublished")) && m->type == MDS__JSON_STRING && !p->date)
        st = set_str(&p->date, m->str, m->len);
    if (!st && a && (m = mds__json_get(a, "articleBody")) && m->type == MDS__JSON_STRING &&
        m->len > p->body_len) {
        char *b = mds__malloc(m->len + 1);
        if (!b) {
            st = MDS_ENOMEM;
        } else {
            memcpy(b, m->str, m->len + 1);
            mds__free(p->body);
            p->body = b;
            p->body_len = m->len;
        }
    }
    mds__json_free(root);
    return st;
}

static mds_status metadata(page *p)
{
    mds_status st = MDS_OK;
    char *title_el = NULL, *og = NULL;
    for (size_t i = 0; i < p->n && !st; i++) {
        const GumboNode *g = p->v[i].g;
        GumboTag t = tag_of(g);
        if (t == GUMBO_TAG_SCRIPT) {
            const char *ty = attr(g, "type");
            if (ty && has_sub(ty, "ld+json"))
                st = json_ld(p, g);
        } else if (t == GUMBO_TAG_META) {
            const char *prop = attr(g, "property"), *c = attr(g, "content");
            if (!prop)
                prop = attr(g, "name");
            if (!prop || !c)
                continue;
            if (!strcmp(prop, "og:title") && !og)
                st = set_str(&og, c, strlen(c));
            else if ((!strcmp(prop, "article:published_time") || !strcmp(prop, "datePublished")) && !p->date)
                st = set_str(&p->date, c, strlen(c));
        } else if (t == GUMBO_TAG_TITLE && !title_el) {
            const GumboVector *ch = &g->v.element.children;
            if (ch->length && ((GumboNode *)ch->data[0])->type == GUMBO_NODE_TEXT) {
                const char *s = ((GumboNode *)ch->data[0])->v.text.text;
                st = set_str(&title_el, s, strlen(s));
            }
        }
    }
    if (!st && !p->title) {
        p->title = og ? og : title_el;
        if (og)
            og = NULL;
        else
            title_el = NULL;
    }
    mds__free(og);
    mds__free(title_el);
    return st;
}

/* ---- choosing the container ---------------------------------------------------------------- */

static double class_weight(const GumboNode *g)
{
    char names[512];
    names_of(g, names, sizeof names);
    double w = 0;
    static const char *const neg[] = {"comment", "sidebar", "footer", "related", "share",
                                      "social", "promo", "widget", "sponsor", "masthead",
                                      "menu", "nav", "popup", "advert", "hidden"};
    static const char *const pos[] = {"article", "body", "content", "entry", "main", "page",
                                      "post", "text", "blog", "story"};
    for (size_t k = 0; k < sizeof neg / sizeof *neg; k++)
        if (has_sub(names, neg[k])) {
            w -= 25;
            break;
        }
    for (size_t k = 0; k < sizeof pos / sizeof *pos; k++)
        if (has_sub(names, pos[k])) {
            w += 25;
            break;
        }
    if (is_good_name(names))
        w += 25;
    const char *ip = attr(g, "itemprop");
    if (ip && has_sub(ip, "articlebody"))
        w += 50;
    return w;
}

static void init_score(hnode *h)
{
    if (h->scored)
        return;
    h->scored = 1;
    double s = 0;
    switch (tag_of(h->g)) {
    case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: s = 5; break;
    case GUMBO_TAG_ARTICLE: s = 15; break;
    case GUMBO_TAG_MAIN: s = 8; break;
    case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE: s = 3; break;
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL:
    case GUMBO_TAG_DD: case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_FORM: s = -3; break;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_TH: s = -5; break;
    default: break;
    }
    h->score = s + class_weight(h->g);
}

static double link_density(const hnode *h) { return h->chars ? (double)h->link / h->chars : 0; }

/* A paragraph for the scores: its text length (0: not one). Text written straight into a
 * <div> between <br>s counts as readability counts it, as the div's own paragraph. */
static uint32_t paragraph_like(const hnode *h)
{
    GumboTag t = tag_of(h->g);
    if (t == GUMBO_TAG_P || t == GUMBO_TAG_PRE || t == GUMBO_TAG_TD || t == GUMBO_TAG_BLOCKQUOTE)
        return h->chars;
    if (!h->has_block)
        return h->own ? h->chars : 0;
    return h->own >= 25 ? h->own : 0;
}

/* Readability's scores; the best candidate's index (NONE when no paragraph scored). */
/* The text of element i for the word share: its own text nodes, and with `all` those of its
 * kept descendants too (in no particular order). */
static mds_status elem_text(const page *p, uint32_t i, int all, mds__buf *b)
{
    b->len = 0;
    uint32_t end = all ? p->v[i].end : i + 1;
    mds_status st = MDS_OK;
    for (uint32_t j = i; j < end && !st; j++) {
        if (p->v[j].junk)
            continue;
        const GumboVector *ch = &p->v[j].g->v.element.children;
        for (unsigned k = 0; k < ch->length && !st; k++) {
            const GumboNode *c = ch->data[k];
            if (c->type == GUMBO_NODE_TEXT)
                st = mds__buf_append(b, c->v.text.text, strlen(c->v.text.text));
            if (!st)
                st = mds__buf_putc(b, ' ');
        }
    }
    return st;
}

static mds_status best_by_score(page *p, uint32_t *out)
{
    mds__buf t = {0};
    mds_status st = MDS_OK;
    for (size_t i = 0; i < p->n && !st; i++) {
        hnode *h = &p->v[i];
        uint32_t len = h->junk ? 0 : paragraph_like(h);
        if (len < 25)
            continue;
        if (p->guided) { /* paragraphs the JSON-LD articleBody does not have score nothing */
            if ((st = elem_text(p, (uint32_t)i, !h->has_block, &t)))
                break;
            if (body_share(p, t.data, t.len) < 0.5)
                continue;
        }
        double s = 1 + (h->has_block ? h->own_commas : h->commas) + (len / 100 > 3 ? 3 : len / 100);
        uint32_t a = h->parent;
        for (int level = 0; a != NONE && level < 5; level++, a = p->v[a].parent) {
            hnode *up = &p->v[a];
            init_score(up);
            up->score += level == 0 ? s : level == 1 ? s / 2 : s / (level * 3);
        }
    }
    uint32_t best = NONE;
    double top = 0;
    for (size_t i = 0; i < p->n; i++) {
        hnode *h = &p->v[i];
        if (!h->scored || h->junk)
            continue;
        h->score *= 1 - link_density(h);
        if (best == NONE || h->score > top) {
            best = (uint32_t)i;
            top = h->score;
        }
    }
    mds__buf_free(&t);
    *out = best;
    return st;
}

static int is_ancestor(const page *p, uint32_t a, uint32_t i) { return i >= a && i < p->v[a].end; }

/* Readability's refinements of the best candidate: an article cut into several blocks (ads
 * between its parts) has other candidates nearly as good, and their common ancestor is the
 * article; a parent scoring more than the candidate is the article too; a lone child stands
 * for its parent. */
static uint32_t refine(page *p, uint32_t best)
{
    double top = p->v[best].score;
    uint32_t alt[5];
    size_t nalt = 0;
    for (size_t i = 0; i < p->n && nalt < 5; i++) {
        const hnode *h = &p->v[i];
        if (h->scored && !h->junk && i != best && h->score >= 0.75 * top && top > 0 &&
            !is_ancestor(p, (uint32_t)i, best) && !is_ancestor(p, best, (uint32_t)i))
            alt[nalt++] = (uint32_t)i;
    }
    if (nalt >= 3) {
        for (uint32_t a = p->v[best].parent; a != NONE && a != 0; a = p->v[a].parent) {
            size_t in = 0;
            for (size_t k = 0; k < nalt; k++)
                in += is_ancestor(p, a, alt[k]);
            if (in >= 3) {
                init_score(&p->v[a]);
                best = a;
                break;
            }
        }
    }
    double last = p->v[best].score, floor = last / 3;
    for (uint32_t a = p->v[best].parent; a != NONE && tag_of(p->v[a].g) != GUMBO_TAG_BODY;
         a = p->v[a].parent) {
        if (!p->v[a].scored)
            continue;
        if (p->v[a].score < floor)
            break;
        if (p->v[a].score > last) {
            best = a;
            break;
        }
        last = p->v[a].score;
    }
    /* a lone element child: its parent holds nothing else */
    for (uint32_t a = p->v[best].parent; a != NONE && tag_of(p->v[a].g) != GUMBO_TAG_BODY &&
                                         p->v[a].end == p->v[best].end && a + 1 == best;
         a = p->v[a].parent)
        best = a;
    return best;
}

/* ---- the text ----------------------------------------------------------------------------- */

typedef struct builder {
    const unsigned char *d;
    size_t start, size; /* the page is d[start, size) */
    mds__buf text;
    mds__docmap map;
    size_t capat, capsrc;
    mds__para *paras;
    size_t npara, cappara;
    uint64_t last;      /* the largest source offset mapped so far */
    uint64_t para_end;  /* source offset just past the last paragraph kept */
    /* the paragraph being built */
    size_t p_text, p_runs; /* text length and runs where it starts, for dropping it */
    uint64_t p_end;        /* just past its last source byte */
    int in_para, space;
    uint64_t space_src;
    uint32_t p_chars, p_link;
    int in_link;
} builder;

static mds_status put(builder *b, const char *s, size_t n, uint64_t src)
{
    mds__docmap *m = &b->map;
    if (src < b->last)
        src = b->last;
    /* never before the last byte written maps (a run maps byte k of it to src + k: two
     * characters of one entity must not go back) */
    if (m->n && b->text.len > m->at[m->n - 1] &&
        src < m->src[m->n - 1] + (b->text.len - 1 - m->at[m->n - 1]))
        src = m->src[m->n - 1] + (b->text.len - 1 - m->at[m->n - 1]);
    if (src >= b->size) /* text the parser made at the end (an unterminated construct) */
        src = b->size ? b->size - 1 : 0;
    if (!m->n || src != m->src[m->n - 1] + (b->text.len - m->at[m->n - 1])) {
        if (mds__grow((void **)&m->at, &b->capat, m->n + 1, sizeof *m->at) ||
            mds__grow((void **)&m->src, &b->capsrc, m->n + 1, sizeof *m->src))
            return MDS_ENOMEM;
        m->at[m->n] = (uint32_t)b->text.len;
        m->src[m->n++] = src;
    }
    b->last = src;
    return mds__buf_append(&b->text, s, n);
}

/* One decoded character of n bytes, from source bytes [src, src + srclen). */
static mds_status put_char(builder *b, const char *s, size_t n, uint64_t src, size_t srclen)
{
    /* the text stays UTF-8 whatever the walk beside the source met: a broken sequence is
     * U+FFFD */
    if (!n || mds__utf8_len((const unsigned char *)s, n) != n)
        s = "\xEF\xBF\xBD", n = 3;
    uint32_t cp = (unsigned char)s[0];
    if (n == 2)
        cp = ((cp & 0x1Fu) << 6) | ((unsigned char)s[1] & 0x3Fu);
    else if (n == 3)
        cp = ((cp & 0x0Fu) << 12) | (((unsigned char)s[1] & 0x3Fu) << 6) | ((unsigned char)s[2] & 0x3Fu);
    int ws = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == 0xA0 ||
             cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
             cp == 0x3000 || cp == 0x2028 || cp == 0x2029;
    if (ws) {
        if (b->in_para && !b->space) {
            b->space = 1;
            b->space_src = src;
        }
        return MDS_OK;
    }
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD || cp == 0x200B || cp == 0x2060 ||
        cp == 0xFEFF)
        return MDS_OK;
    mds_status st;
    if (!b->in_para) {
        b->in_para = 1;
        b->p_text = b->text.len;
        b->p_runs = b->map.n;
        b->p_chars = b->p_link = 0;
        b->p_end = 0;
        if (b->npara && (st = put(b, "\n", 1, b->para_end)))
            return st;
    } else if (b->space) {
        if ((st = put(b, " ", 1, b->space_src)))
            return st;
    }
    b->space = 0;
    b->p_chars += (uint32_t)n;
    if (b->in_link)
        b->p_link += (uint32_t)n;
    if ((st = put(b, s, n, src)))
        return st;
    /* where put mapped it (never before what came earlier), and its end in the page */
    uint64_t end = b->last + srclen;
    if (end > b->p_end)
        b->p_end = end < b->size ? end : b->size;
    return MDS_OK;
}

static int boiler_para(const char *s, size_t n)
{
    static const char *const phrases[] = {
        "advertisement", "share this", "sign up", "subscribe", "read more", "related:",
        "click here", "all rights reserved", "follow us", "newsletter", "image:", "photo:",
        "getty images", "share on", "email this", "continue reading", "recommended",
        "supported by", "©",
    };
    if (n > 120)
        return 0;
    char low[121];
    for (size_t k = 0; k < n; k++)
        low[k] = (char)lower((unsigned char)s[k]);
    low[n] = '\0';
    for (size_t k = 0; k < sizeof phrases / sizeof *phrases; k++)
        if (strstr(low, phrases[k]))
            return 1;
    return 0;
}

/* Ends the paragraph being built: kept, or dropped as a list of links or boilerplate. */
static mds_status end_para(builder *b)
{
    b->space = 0;
    if (!b->in_para)
        return MDS_OK;
    b->in_para = 0;
    size_t start = b->p_text + (b->npara ? 1 : 0), len = b->text.len - start;
    int drop = (b->p_chars && b->p_link * 3 > b->p_chars * 2) ||
               boiler_para(b->text.data + start, len);
    if (drop) {
        b->text.len = b->p_text;
        if (b->text.data)
            b->text.data[b->text.len] = '\0';
        b->map.n = b->p_runs;
        /* the last run may have begun before the paragraph: it stays valid for the text kept */
        b->last = b->para_end > 0 ? b->para_end : 0;
        return MDS_OK;
    }
    if (mds__grow((void **)&b->paras, &b->cappara, b->npara + 1, sizeof *b->paras))
        return MDS_ENOMEM;
    b->paras[b->npara++] = (mds__para){.span = {(uint32_t)start, (uint32_t)b->text.len}};
    b->para_end = b->p_end;
    return MDS_OK;
}

static size_t u8len(unsigned char c) { return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

/* Whether source bytes o[0, on) and decoded bytes t[0, tn) agree for a while: the same
 * bytes up to 12 of them, an entity or a carriage return in the source, or both ends. */
static int in_sync(const unsigned char *o, size_t on, const unsigned char *t, size_t tn)
{
    for (size_t k = 0; k < 12; k++) {
        if (k == on || k == tn)
            return k == on && k == tn;
        if (o[k] == '&' || o[k] == '\r')
            return 1;
        if (o[k] != t[k])
            return 0;
    }
    return 1;
}

/* A text node: gumbo's decoded text walked beside the source it came from, so that each
 * character maps to its bytes (an entity's characters to the entity). */
static mds_status put_text(builder *b, const GumboNode *g)
{
    const unsigned char *t = (const unsigned char *)g->v.text.text;
    size_t tn = strlen((const char *)t);
    const unsigned char *o = (const unsigned char *)g->v.text.original_text.data;
    size_t on = g->v.text.original_text.length;
    /* the node's bytes in the page, when the parser kept them there (offsets count from
     * the page's start, past a BOM) */
    uint64_t base = b->start + g->v.text.start_pos.offset;
    if (o && o >= b->d + b->start && o <= b->d + b->size && on <= (size_t)(b->d + b->size - o))
        base = (uint64_t)(o - b->d);
    else
        o = NULL, on = 0;
    size_t i = 0, j = 0;
    mds_status st = MDS_OK;
    while (j < tn && !st) {
        size_t n = u8len(t[j]);
        if (j + n > tn)
            n = tn - j;
        if (i < on && o[i] == '\r' && t[j] == '\n') {
            size_t l = i + 1 < on && o[i + 1] == '\n' ? 2 : 1;
            st = put_char(b, "\n", 1, base + i, l);
            i += l, j++;
            continue;
        }
        if (i < on && o[i] == '&') {
            if (t[j] == '&' && in_sync(o + i + 1, on - i - 1, t + j + 1, tn - j - 1)) {
                st = put_char(b, "&", 1, base + i, 1);
                i++, j++;
                continue;
            }
            size_t e = i + 1;
            if (e < on && o[e] == '#') {
                e++;
                if (e < on && (o[e] == 'x' || o[e] == 'X'))
                    e++;
            }
            while (e < on && ((o[e] >= '0' && o[e] <= '9') || (lower(o[e]) >= 'a' && lower(o[e]) <= 'z')))
                e++;
            if (e < on && o[e] == ';')
                e++;
            int done = 0;
            for (size_t end = e; end > i + 1 && !done; end--) {
                for (size_t k = 0; k < 8 && j + k < tn && !done;) {
                    k += u8len(t[j + k]);
                    if (j + k <= tn && in_sync(o + end, on - end, t + j + k, tn - j - k)) {
                        for (size_t q = j; q < j + k && !st;) {
                            size_t cn = u8len(t[q]);
                            st = put_char(b, (const char *)t + q, cn, base + i, end - i);
                            q += cn;
                        }
                        i = end, j += k, done = 1;
                    }
                }
            }
            if (done)
                continue;
        }
        if (i + n <= on && !memcmp(o + i, t + j, n)) {
            st = put_char(b, (const char *)t + j, n, base + i, n);
            i += n, j += n;
            continue;
        }
        /* out of step (a replacement character, a byte the parser changed): map it here */
        st = put_char(b, (const char *)t + j, n, base + (i < on ? i : on), 1);
        j += n;
        if (i < on)
            i++;
    }
    return st;
}

/* The text of element r's subtree, block by block. */
static mds_status put_subtree(builder *b, const page *p, uint32_t r)
{
    /* a walk over gumbo nodes with an explicit stack; a NULL entry closes an element */
    size_t cap = 64, n = 0;
    const GumboNode **stack = mds__malloc(cap * sizeof *stack);
    if (!stack)
        return MDS_ENOMEM;
    mds_status st = MDS_OK;
    stack[n++] = p->v[r].g;
    int link_depth = 0;
    (void)p;
    while (n && !st) {
        const GumboNode *g = stack[--n];
        if (!g) { /* the end of an element: its tag is under the marker */
            const GumboNode *e = stack[--n];
            if (tag_of(e) == GUMBO_TAG_A)
                b->in_link = --link_depth > 0;
            if (block_element(tag_of(e)))
                st = end_para(b);
            continue;
        }
        if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_WHITESPACE) {
            st = put_text(b, g);
            continue;
        }
        if (!is_element(g) || is_junk(p, g))
            continue;
        GumboTag t = tag_of(g);
        if (block_element(t) && (st = end_para(b)))
            break;
        if (t == GUMBO_TAG_A)
            b->in_link = ++link_depth > 0;
        const GumboVector *ch = &g->v.element.children;
        if (n + ch->length + 2 > cap) {
            size_t nc = (n + ch->length + 2) * 2;
            const GumboNode **s2 = mds__realloc(stack, nc * sizeof *stack);
            if (!s2) {
                st = MDS_ENOMEM;
                break;
            }
            stack = s2;
            cap = nc;
        }
        stack[n++] = g;
        stack[n++] = NULL;
        for (unsigned k = ch->length; k-- > 0;)
            stack[n++] = ch->data[k];
    }
    if (!st)
        st = end_para(b);
    b->in_link = 0;
    mds__free(stack);
    return st;
}

/* The nodes to output: the best candidate and those of its siblings that belong with it. */
static mds_status put_article(builder *b, page *p, uint32_t best)
{
    hnode *top = &p->v[best];
    if (top->parent == NONE)
        return put_subtree(b, p, best);
    double threshold = top->score * 0.6 > 10 ? top->score * 0.6 : 10;
    const hnode *par = &p->v[top->parent];
    mds_status st = MDS_OK;
    for (uint32_t i = top->parent + 1; i < par->end && !st; i = p->v[i].end) {
        hnode *s = &p->v[i];
        int take = i == best;
        if (!take && !s->junk) {
            double ld = link_density(s);
            if (s->scored && s->score >= threshold)
                take = 1;
            else if (tag_of(s->g) == GUMBO_TAG_P && s->chars > 80 && ld < 0.25)
                take = 1;
        }
        if (take)
            st = put_subtree(b, p, i);
    }
    return st;
}

static void page_free(page *p)
{
    if (p->out)
        gumbo_destroy_output(&kGumboDefaultOptions, p->out);
    mds__free(p->v);
    mds__free(p->index);
    mds__strset_free(&p->words);
    mds__free(p->title);
    mds__free(p->date);
    mds__free(p->body);
}

mds_status mds__html_ingest(const unsigned char *data, size_t start, size_t size,
                            uint32_t source, const char *base_id, mds__doc **docs, size_t *n,
                            size_t *cap, char *msg, size_t msg_size)
{
    page p = {.d = data, .size = size};
    mds__strset_init(&p.words);
    builder b = {.d = data, .start = start, .size = size};
    mds_status st = MDS_OK;
    char *id = NULL;
    /* gumbo's own allocations (libc malloc) escape util/alloc.h's count: see docs/design.md */
    size_t depth;
    if (too_deep(data, start, size, &depth)) {
        if (msg && msg_size)
            snprintf(msg, msg_size, "HTML nested too deep for the parser (%zu open elements; "
                     "at most %d)", depth, HTML_MAX_DEPTH);
        st = MDS_EFORMAT;
        goto done;
    }
    GumboOptions opt = kGumboDefaultOptions;
    opt.max_errors = 0; /* no error list: we read the tree, not the diagnostics */
    p.out = gumbo_parse_with_options(&opt, (const char *)data + start, size - start);
    if (!p.out || !p.out->root) {
        if (msg && msg_size)
            snprintf(msg, msg_size, "the HTML parser gave no document tree");
        st = MDS_EFORMAT;
        goto done;
    }
    if ((st = mirror(&p)) || (st = metadata(&p)))
        goto done;
    if (p.body && p.body_len >= 400) { /* JSON-LD articleBody: the words the article has */
        char w[64];
        size_t pos = 0, k;
        while (!st && (k = next_word(p.body, p.body_len, &pos, w, sizeof w)) > 0)
            st = mds__strset_add(&p.words, w, k);
        if (st)
            goto done;
        p.guided = 1;
    }
    sums(&p);
    junk_by_name(&p);
    if ((st = build_index(&p)))
        goto done;
    uint32_t best;
    if ((st = best_by_score(&p, &best)))
        goto done;
    if (best != NONE)
        best = refine(&p, best);
    if (best != NONE)
        st = put_article(&b, &p, best);
    if (st || !b.npara)
        goto done;
    if (mds__grow((void **)docs, cap, *n + 1, sizeof **docs) || !(id = mds__strdup(base_id))) {
        st = MDS_ENOMEM;
        goto done;
    }
    mds__doc *doc = &(*docs)[(*n)++];
    b.map.end = b.para_end;
    *doc = (mds__doc){.source = source, .id = id, .date = p.date, .headline = p.title,
                      .map = b.map, .paras = b.paras, .npara = b.npara, .markup = 1};
    doc->text = mds__buf_steal(&b.text, &doc->text_len);
    p.date = p.title = NULL;
    b.map = (mds__docmap){0};
    b.paras = NULL;
done:
    if (st == MDS_ENOMEM && msg && msg_size)
        snprintf(msg, msg_size, "out of memory");
    mds__buf_free(&b.text);
    mds__free(b.map.at);
    mds__free(b.map.src);
    mds__free(b.paras);
    page_free(&p);
    return st;
}
