/* SPDX-License-Identifier: MIT */
/* The internal picture of a cluster: source files, documents, paragraphs, sentences.
 *
 * A document's `text` is its normalized text: hard-wrapped lines joined with one space,
 * paragraphs separated by "\n", SGML markup and entities gone, ASCII typography (``, '')
 * turned into the characters it stands for, non-breaking and odd spaces made plain spaces.
 * map(i) (mds__doc_source) is the byte offset in the source file of the byte (or start of the
 * source span) that produced text byte i; map(text_len) is the source offset just past the
 * last paragraph. A span [a, b) of text therefore comes from source bytes [map(a), map(b))
 * once trailing spaces are trimmed from the span.
 *
 * The map is kept as breakpoints, not an offset per byte (which cost 8 bytes a text byte):
 * within a run that starts at text offset at[k] and source offset src[k], the character that
 * starts at text offset s came from source offset src[k] + (s - at[k]), and every byte of a
 * character maps where its first byte does. Text copied character for character from the
 * source (any script: a character of n source bytes is n text bytes) is one run; a new one
 * starts where normalization changed lengths (collapsed whitespace, markup, entities, ``). */
#ifndef MDS_DOC_H
#define MDS_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "mds.h"

typedef struct mds__span {
    uint32_t start, end; /* [start, end) byte offsets */
} mds__span;

/* Why a paragraph or sentence was dropped (0: kept): marks of one run, never of the cluster. */
enum {
    MDS__KEEP = 0,
    MDS__DROP_PHRASE,    /* matches the model's boilerplate phrase list */
    MDS__DROP_HEADING,   /* short line, no final punctuation: a title, a crumb, a label */
    MDS__DROP_BYLINE,    /* "By Caroline Ameh" */
    MDS__DROP_REPEATED,  /* the same line in several documents (navigation, footers) */
    MDS__DROP_FRAGMENT,  /* broken: ends in ",.", no letters, unbalanced, too short */
    MDS__DROP_DUPLICATE, /* same text as an earlier sentence of the cluster */
    MDS__DROP_NOTPROSE,  /* URLs, tables, lists of names, shouting */
};

typedef struct mds__para {
    mds__span span; /* in doc->text; why a run drops it is the run's (clean.h) */
    uint8_t heading; /* a heading by markup (Markdown "#"): never summary material */
} mds__para;

/* Source bytes [a, b) that reading left out of the text although they lie inside a paragraph
 * (text/hygiene.h: Markdown syntax, quoting, a joined line break). */
typedef struct mds__srcspan {
    uint64_t a, b;
} mds__srcspan;

typedef struct mds__docmap {
    uint32_t *at;   /* text offsets where runs start, increasing; at[0] is 0 */
    uint64_t *src;  /* the source offset of each run's first byte */
    size_t n;       /* runs */
    uint64_t end;   /* map(text_len) */
} mds__docmap;

typedef struct mds__doc {
    uint32_t source; /* index in the cluster's sources */
    char *id;        /* DOCNO, or the file's base name (with a #k suffix past the first) */
    char *date;      /* DATE_TIME / DATE, or NULL */
    char *headline;  /* HEADLINE / TITLE, or NULL; not summary material */
    char *text;      /* normalized text, NUL-terminated */
    size_t text_len;
    mds__docmap map; /* text offsets to source offsets */
    mds__para *paras;
    size_t npara;
    mds__srcspan *cuts; /* sorted, disjoint; what the text left out (NULL: nothing) */
    size_t ncuts;
    int markup;      /* the source is HTML (text/html.c): a sentence's text is taken from
                        `text`, its offset and length still index the source */
} mds__doc;

void mds__doc_free(mds__doc *d);

/* map(i) for 0 <= i <= text_len: the source offset text byte i came from (a binary search
 * over the runs). */
uint64_t mds__doc_source(const mds__doc *d, size_t i);

typedef struct mds__sent {
    uint32_t doc;      /* document index in the cluster */
    uint32_t para;     /* paragraph index in the document */
    uint32_t index;    /* sentence index within the document (kept or not) */
    mds__span span;    /* in doc->text, trimmed */
    uint32_t words;    /* whitespace-separated words of the span */
    uint8_t drop;      /* MDS__KEEP or a drop reason */
} mds__sent;

/* The source bytes of text span [s, e) of d: [*a, *b) = [map(s), map(e)), less the blanks
 * and cuts at its end, read in `src` (the source file, `size` bytes). */
void mds__doc_source_span(const mds__doc *d, const unsigned char *src, size_t size, size_t s,
                          size_t e, uint64_t *a, uint64_t *b);

/* Moves *end back past the blanks and the cuts of d that end the bytes [x, *end) of `src`, the
 * buffer d was read from (the cuts' coordinates). */
void mds__doc_trim_end(const mds__doc *d, const unsigned char *src, uint64_t x, uint64_t *end);
/* Copies source bytes [a, b) of `src` less the cuts of d that lie wholly inside them into out
 * (room for b - a bytes); returns the bytes written. */
size_t mds__doc_source_copy(const mds__doc *d, const unsigned char *src, uint64_t a, uint64_t b,
                            char *out);

#endif
