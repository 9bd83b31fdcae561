/* SPDX-License-Identifier: MIT */
/* Ingest: the bytes of one input file into documents with normalized paragraph text and a
 * byte map back to the source. Plain UTF-8 text and SGML (DUC/TAC <DOC>, Reuters-21578
 * <REUTERS>) are told apart by content. */
#ifndef MDS_INGEST_H
#define MDS_INGEST_H

#include <stddef.h>

#include "text/doc.h"
#include "text/hygiene.h"

/* What a file is read as: by content (auto), or as one kind whatever it looks like; the
 * numbers of mds_input_format. */
enum { MDS__INPUT_AUTO = 0, MDS__INPUT_TEXT = 1, MDS__INPUT_HTML = 2 };

typedef struct mds__ingest_opts {
    int latin1_fallback; /* nonzero: invalid UTF-8 bytes are read as Latin-1 instead of failing */
    const mds__lexicon *lexicon; /* the words hyphenated line breaks may join into (NULL: none) */
    int format;          /* MDS__INPUT_*: text still tells SGML from plain text (issue 12) */
    int slow;            /* nonzero: every character through the general reader, none through
                            the fast paths for plain ASCII (tests compare the two) */
} mds__ingest_opts;

/* Where ingest failed: a byte offset into the input (or -1 when none applies) and a message
 * that does not repeat the file name (the caller adds it). */
typedef struct mds__ingest_error {
    int64_t offset;
    char msg[200];
} mds__ingest_error;
/* Sets *err (when err is not NULL): the offset (-1: none) and the message. */
void mds__ingest_set_error(mds__ingest_error *err, int64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* What ingest will say of a file from one more block of it, so that a reader can stop at
 * the first block of binary data: data[0, to) is all of the file read so far, [from, to)
 * the block just read. MDS_EBINARY, with err set as mds__ingest would set it, for a NUL
 * byte: the file would fail so whatever followed; else MDS_OK (the other rules need the
 * whole file). A file that starts with a UTF-16 byte order mark is MDS_OK, NULs and all:
 * text/encoding.h converts it to UTF-8 before ingest sees it. */
mds_status mds__ingest_check_block(const unsigned char *data, size_t from, size_t to,
                                   mds__ingest_error *err);

/* Parses `data` (the whole file) into documents appended to *docs (capacity *cap, count *n;
 * realloc'd). `source` is stored in each document; `base_id` names documents that have no
 * DOCNO (or Reuters NEWID): the k-th document element of an SGML file, k counted from 1, is
 * "base_id#k" past the first. Documents without paragraphs are skipped. The paragraph rules,
 * the normalization and the contract of doc->map are described at the top of ingest.c.
 * Returns MDS_EUTF8 (with the offset of the first bad byte), MDS_EBINARY (NUL bytes or
 * mostly control characters), MDS_EFORMAT (SGML that has no document in it), MDS_ENOMEM.
 * A file with no text at all adds no document and returns MDS_OK. On error nothing is
 * appended. */
mds_status mds__ingest(const unsigned char *data, size_t size, uint32_t source,
                       const char *base_id, const mds__ingest_opts *opts, mds__doc **docs,
                       size_t *n, size_t *cap, mds__ingest_error *err);

#endif
