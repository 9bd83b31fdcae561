/* SPDX-License-Identifier: MIT */
/* Cleaning: marks what is not prose of the story (bylines, datelines, "See also" links,
 * comment forms, navigation crumbs, headings, fragments, lines repeated across documents),
 * and strips dateline prefixes ("PINE RIDGE, S.D. (AP) --", "date 2024-06-18 (CTN News) –")
 * from sentences. General mechanisms plus the model's phrase list. */
#ifndef MDS_CLEAN_H
#define MDS_CLEAN_H

#include <stddef.h>
#include <stdint.h>

#include "text/doc.h"
#include "util/strset.h"

/* Marks every paragraph of every document in `drop`, one mark per paragraph in document order
 * (docs[0]'s paragraphs, then docs[1]'s...): MDS__KEEP or a drop reason; a reason already set
 * stays. The documents are only read, so the marks of each run live with the run. In
 * order: the phrase list (PHRASE), bylines (BYLINE), URLs, lines without letters or without
 * lowercase, navigation bars (NOTPROSE), truncated crumbs that repeat another paragraph's
 * start, lines without final punctuation, Title Case lines (HEADING); then, across the
 * cluster, a short line found in several documents (REPEATED: all copies) and any other
 * repeated paragraph (DUPLICATE: all but the first). A short line shaped like prose is
 * REPEATED only when it sits at the top or bottom of three or more documents; otherwise it is
 * a wire copy, kept once.
 * `phrases` holds lowercase phrases (NULL: none), compared with the ASCII-lowercased text,
 * whitespace collapsed: a paragraph that equals one, or starts with one followed by a
 * non-letter, is dropped; a one-word phrase ending in a letter ("advertisement") must be the
 * whole line, punctuation aside. The text may be UTF-8 of any script; doc->map is not read. */
mds_status mds__clean_paragraphs(const mds__doc *docs, size_t ndocs, const mds__strset *phrases,
                                 uint8_t *drop);

/* Cleans the sentences of the cluster, in place: strips dateline and breadcrumb prefixes by
 * moving span.start, and a closing source tag ("... region. (ANI)") by moving span.end, then
 * recounts words; sets drop for phrase matches, fragments (under 3 words; no final
 * punctuation; "..." or ",." endings; no lowercase; starting lowercase or with closing
 * punctuation) and repeats of an earlier kept sentence (same letters and digits, case
 * folded). Sentences already dropped are skipped and stay dropped. `docs` gives the text the
 * spans point into. */
mds_status mds__clean_sentences(const mds__doc *docs, mds__sent *sents, size_t nsents,
                                const mds__strset *phrases);

/* The same two on up to `threads` threads (util/parallel.h): a document, or a block of
 * sentences, a task; the marks and spans are the same at any number. */
mds_status mds__clean_paragraphs_threads(const mds__doc *docs, size_t ndocs,
                                         const mds__strset *phrases, unsigned threads,
                                         uint8_t *drop);
mds_status mds__clean_sentences_threads(const mds__doc *docs, mds__sent *sents, size_t nsents,
                                        const mds__strset *phrases, unsigned threads);

/* Whitespace-separated words in text[0, n). */
uint32_t mds__count_words(const char *text, size_t n);

/* For tests: *agree = 1 when the one-pass scan of text[0, n) gives the words, letter counts,
 * punctuation and key that the plain per-character functions it replaces give, its "no URL
 * or separator here" holds, and the phrase prefilter lets through every text that `phrases`
 * (NULL: none) matches. */
mds_status mds__clean_check_scan(const char *text, size_t n, const mds__strset *phrases,
                                 int *agree);

#endif
