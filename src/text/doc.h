/* The internal picture of a cluster: source files, documents, paragraphs, sentences.
 *
 * A document's `text` is its normalized text: hard-wrapped lines joined with one space,
 * paragraphs separated by "\n", SGML markup and entities gone, ASCII typography (``, '')
 * turned into the characters it stands for, non-breaking and odd spaces made plain spaces.
 * `map[i]` is the byte offset in the source file of the byte (or start of the source span)
 * that produced text byte i; map[text_len] is the source offset just past the last
 * paragraph. A span [a, b) of text therefore comes from source bytes [map[a], map[b]) once
 * trailing spaces are trimmed from the span. */
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
} mds__para;

typedef struct mds__doc {
    uint32_t source; /* index in the cluster's sources */
    char *id;        /* DOCNO, or the file's base name (with a #k suffix past the first) */
    char *date;      /* DATE_TIME / DATE, or NULL */
    char *headline;  /* HEADLINE / TITLE, or NULL; not summary material */
    char *text;      /* normalized text, NUL-terminated */
    size_t text_len;
    uint64_t *map;   /* text_len + 1 source offsets */
    mds__para *paras;
    size_t npara;
} mds__doc;

void mds__doc_free(mds__doc *d);

typedef struct mds__sent {
    uint32_t doc;      /* document index in the cluster */
    uint32_t para;     /* paragraph index in the document */
    uint32_t index;    /* sentence index within the document (kept or not) */
    mds__span span;    /* in doc->text, trimmed */
    uint32_t words;    /* whitespace-separated words of the span */
    uint8_t drop;      /* MDS__KEEP or a drop reason */
} mds__sent;

#endif
