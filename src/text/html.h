/* SPDX-License-Identifier: MIT */
/* HTML in, article out: a web page parsed (gumbo, the HTML5 parsing algorithm browsers use)
 * and reduced to its article, as one document of normalized paragraphs whose map indexes the
 * ORIGINAL bytes of the page (markup, entities and all), as ingest's map does for text. */
#ifndef MDS_HTML_H
#define MDS_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "text/doc.h"

/* Whether data[start, size) reads as an HTML page: after whitespace and comments it starts
 * with <!DOCTYPE html, <html, <head or <body, or with a tag and names <html, <head, <body,
 * <meta or <title within its first 4 KiB. SGML (<DOC>, <REUTERS>) is never HTML. */
int mds__html_sniff(const unsigned char *data, size_t start, size_t size);

/* The article of the page data[0, size) (start: past a BOM) as one document appended to
 * *docs (capacity *cap, count *n), named base_id, with `source` stored in it: headline from
 * JSON-LD headline, og:title or <title>; date from JSON-LD datePublished or
 * article:published_time; doc->markup set. The rules are at the top of html.c. A page with
 * no article text adds no document and returns MDS_OK. MDS_ENOMEM, or MDS_EFORMAT when the
 * parser gives no tree, with a message in msg (msg_size bytes; may be NULL). Ingest calls it
 * (text/ingest.c), not the other way round. */
mds_status mds__html_ingest(const unsigned char *data, size_t start, size_t size,
                            uint32_t source, const char *base_id, mds__doc **docs, size_t *n,
                            size_t *cap, char *msg, size_t msg_size);

#endif
