/* SPDX-License-Identifier: MIT */
/* The HTML report (MDS_FORMAT_HTML): one page that needs nothing beyond itself (its style
 * inline, no script, no external resource), to read a summary against its documents. */
#ifndef MDS_RENDER_HTML_H
#define MDS_RENDER_HTML_H

#include <stddef.h>

#include "mds.h"
#include "util/buf.h"

/* Appends the page for result r to b: the summary, each sentence linked to its place in its
 * document (element id "dD-sI": document D, sentence I, as mds_sentence numbers them); the
 * documents of the run's report (api/report.h), every sentence with its score as a bar, the
 * chosen ones highlighted, the dropped ones faded with their reason; the parameters and
 * timings. Without a report, the summary (unlinked), parameters and timings. MDS_ENOMEM
 * from b. */
mds_status mds__render_html(const mds_result *r, mds__buf *b);

/* Appends n bytes of text made safe for HTML text and quoted attribute values: & < > " '
 * as character references; tab, newline, carriage return and form feed as a space; other
 * C0 controls, DEL and the C1 controls (U+0080 to U+009F) dropped, as text output drops them;
 * a byte that starts no valid UTF-8 sequence as U+FFFD. Valid UTF-8 is copied. */
mds_status mds__html_escape(mds__buf *b, const char *s, size_t n);

#endif
