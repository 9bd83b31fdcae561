/* SPDX-License-Identifier: MIT */
/* Encodings: what a file's bytes are written in, and their conversion to the UTF-8 that
 * ingest reads, with a map back to the original bytes.
 *
 * What decides, first match wins:
 *  1. a name the caller gives (--encoding): that encoding, whatever the bytes say;
 *  2. a byte order mark: UTF-8 (read in place, ingest skips the mark), UTF-16LE, UTF-16BE;
 *  3. a charset declared in the first 1024 bytes of markup (mds__encoding_sniff): an XML
 *     declaration or an HTML <meta charset> / <meta http-equiv content="...; charset=">.
 *     As browsers do (WHATWG Encoding), "iso-8859-1", "latin1", "us-ascii" and the like
 *     mean Windows-1252, and a declared UTF-16 means UTF-8 (bytes that show an ASCII
 *     declaration are not UTF-16). A declared UTF-8 is step 4; an unknown name is ignored;
 *  4. valid UTF-8 (ASCII included): read in place, no copy;
 *  5. anything else: Windows-1252, with a warning for the user, unless `strict`, which
 *     refuses it as ingest does (MDS_EUTF8 at the first bad byte).
 * Bytes that are not valid in the encoding so chosen (a lone surrogate or an odd length in
 * UTF-16, a sequence iconv refuses) are MDS_EFORMAT at their offset: the file said what it
 * is and is not that. UTF-16 and Windows-1252 are decoded here; every other name goes
 * through glibc's iconv.
 *
 * The map: a converted character stands for a span of original bytes. Runs of characters of
 * the same converted and original lengths are one entry each, so ASCII in UTF-16 is one run
 * and so is a line of Latin-1 letters between two accents. mds__encoding_remap rewrites a
 * document's map (text -> converted bytes) into text -> original bytes: offsets in results
 * always index the file as it was given. A document map then has a breakpoint wherever a
 * character's length changed in conversion (every non-ASCII letter of Latin-1, every
 * character of UTF-16): 12 bytes a character at worst, for these inputs only. */
#ifndef MDS_ENCODING_H
#define MDS_ENCODING_H

#include <stddef.h>
#include <stdint.h>

#include "text/doc.h"
#include "text/ingest.h"

typedef struct mds__encmap {
    uint64_t *u8;  /* converted offsets where runs start, increasing; u8[0] is 0 */
    uint64_t *src; /* original offset of each run's first character */
    uint8_t *u8len, *srclen; /* bytes a character of the run has, converted and original */
    size_t n, cap;
    uint64_t u8_end, src_end; /* the sizes: converted and original */
} mds__encmap;

typedef struct mds__encoding_opts {
    const char *name; /* the encoding to read, by any name iconv knows; NULL: detect */
    int strict;       /* nonzero: no Windows-1252 guess for input that is not UTF-8 */
} mds__encoding_opts;

typedef struct mds__decoded {
    unsigned char *utf8; /* the text in UTF-8 (NUL-terminated), or NULL: the input is UTF-8
                            and is read in place */
    size_t size;
    mds__encmap map;  /* utf8's offsets to the input's; empty when utf8 is NULL */
    char name[64];    /* the encoding read ("UTF-8", "UTF-16LE", "WINDOWS-1252", ...) */
    int guessed;      /* 1: not UTF-8 and declaring nothing, read as Windows-1252 */
    char note[160];   /* why, for the warning a guess deserves ("" otherwise) */
} mds__decoded;

/* Decides the encoding of data[0, size) as described above and converts it. On error
 * nothing is left to free and err says where (an offset in data) and why. MDS_EUTF8 (strict,
 * not UTF-8), MDS_EFORMAT (invalid in its encoding), MDS_EINVAL (a name iconv does not know),
 * MDS_ENOMEM. */
mds_status mds__encoding_decode(const unsigned char *data, size_t size,
                                const mds__encoding_opts *opts, mds__decoded *out,
                                mds__ingest_error *err);
void mds__decoded_free(mds__decoded *d);

/* A charset declared in the first 1024 bytes of data that starts as markup (after a BOM and
 * whitespace, a '<'): the XML declaration's encoding="...", else the first <meta> with
 * charset=... or http-equiv="Content-Type" content="...charset=...". Copies the label as
 * written (trimmed, at most cap - 1 bytes) into name; *at (may be NULL) gets the offset of
 * the label. 1 when found, else 0. Shared with the HTML reader, which gets converted text and
 * must not convert again. */
int mds__encoding_sniff(const unsigned char *data, size_t size, char *name, size_t cap,
                        size_t *at);

/* Windows-1252: the character of byte c (0x80-0x9F as Windows-1252 has them, C1 controls
 * where it has none; the rest as Latin-1). */
uint32_t mds__cp1252_char(uint32_t c);

/* 1 when `name` is an encoding this module can read (iconv's names, any case), else 0. */
int mds__encoding_known(const char *name);

/* The original offset of converted offset u (a character's start, or the end). */
uint64_t mds__encmap_src(const mds__encmap *m, uint64_t u);
/* The converted offset of original offset s (a character's start, or the end). */
uint64_t mds__encmap_u8(const mds__encmap *m, uint64_t s);

/* Rewrites the maps of docs[0, n), made over converted text, to index the original bytes.
 * MDS_ENOMEM leaves every map as it was. */
mds_status mds__encoding_remap(const mds__encmap *m, mds__doc *docs, size_t n);

#endif
