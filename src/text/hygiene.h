/* SPDX-License-Identifier: MIT */
/* Text hygiene: what plain text carries besides its prose, found in the source bytes before
 * ingest reads them. Hyphenated line breaks ("compres-\nsion", a man page's "stan‐ dard"),
 * e-mail quoting ("> "), and Markdown syntax (headings, list markers, link targets, emphasis,
 * code) become cuts: source ranges that ingest leaves out of the text, so the text changes
 * while its map still points every text byte at the source byte it came from. Bullets,
 * numbering and Q/A prefixes at sentence starts are found in the normalized text
 * (mds__hygiene_prefix) and cleaning moves the sentence start past them. */
#ifndef MDS_HYGIENE_H
#define MDS_HYGIENE_H

#include <stddef.h>
#include <stdint.h>

#include "mds.h"

/* Which words exist, and how common they are: look(ctx, word, n, &freq, &stop) for n bytes of
 * UTF-8 (a word as the text has it) sets freq (0: not a known word; else in how many documents
 * of some corpus it is found) and stop (a function word, known but not counted); it returns 0,
 * or -1 when it ran out of memory. */
typedef struct mds__lexicon {
    int (*look)(void *ctx, const char *word, size_t n, uint32_t *freq, int *stop);
    void *ctx;
} mds__lexicon;

enum {
    MDS__CUT_MARKUP = 0, /* left out wherever ingest reads (it may blank a line) */
    MDS__CUT_JOIN = 1,   /* a line break joined: left out of the text only, and only where both
                            sides lie in one paragraph; the line statistics still see it */
};

typedef struct mds__cut {
    uint64_t a, b; /* source bytes [a, b) */
    uint32_t kind;
} mds__cut;

enum {
    MDS__LINE_START = 1,   /* the line starts a paragraph */
    MDS__LINE_HEADING = 2, /* the paragraph it starts is a heading */
    MDS__LINE_JOINED = 4,  /* it finishes a word the line above broke ("compres-" / "sion"):
                              it runs on even where lines are paragraphs */
};

typedef struct mds__linemark {
    uint64_t at; /* the offset where the line's bytes start (just past the break before it) */
    uint32_t flags;
} mds__linemark;

/* What the scan found: cuts sorted by start and disjoint, line marks sorted by offset. */
typedef struct mds__hygiene {
    mds__cut *cuts;
    size_t ncuts, capcuts;
    mds__linemark *marks;
    size_t nmarks, capmarks;
    int blocks; /* Markdown: a paragraph is a block of lines, wrapped or not */
} mds__hygiene;

enum {
    MDS__HYG_JOIN = 1,     /* hyphenated line breaks */
    MDS__HYG_QUOTE = 2,    /* "> " at line starts */
    MDS__HYG_MARKDOWN = 4, /* Markdown syntax */
};

/* Does plain text d[from, to) read as Markdown: a fenced code block, or two signs among ATX
 * headings ("# Title"), setext underlines, inline links "[text](url)", list items, emphasis
 * pairs? One sign alone is common in plain text. */
int mds__hygiene_is_markdown(const unsigned char *d, size_t from, size_t to);

/* Scans d[from, to) (UTF-8, or bytes read as Windows-1252: bytes of 0x80 and up are letters)
 * for what `what` (MDS__HYG_*) asks, appending to *h. Lines end at "\n", "\r\n", "\r", U+2028
 * and U+2029, as ingest reads them. A hyphen (ASCII, U+2010) at a line end between letters,
 * the next line starting lowercase, joins the word when `lex` knows the joined word
 * ("compres-\nsion") and finds it at least as common as the rarer piece (a stopword counting
 * as no piece), else keeps the hyphen and drops the break ("well-\nknown", "long-\nterm"); U+2010
 * followed by a space within a line joins the same way (a reflowed man page), and a soft hyphen
 * always joins. `lex` NULL knows no word. MDS_ENOMEM on failure (h then holds what was
 * found; free it). */
mds_status mds__hygiene_scan(const unsigned char *d, size_t from, size_t to, unsigned what,
                             const mds__lexicon *lex, mds__hygiene *h);

void mds__hygiene_free(mds__hygiene *h);

/* The bytes of a list bullet ("• ", "- ", "* ", "-- "), a Q/A prefix ("Q: ", "A: ", and
 * "Q. " / "A. " when `qa_dot`) and, with `numbers`, a number ("1. ", "12) ", "a) ", "(iv) ")
 * that open text[0, n), with the blanks after them; 0 when none, or when nothing but
 * punctuation would be left. */
size_t mds__hygiene_prefix(const char *text, size_t n, int qa_dot, int numbers);

#endif
