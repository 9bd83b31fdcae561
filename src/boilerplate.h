/* Cleaning: marks what is not prose of the story (bylines, datelines, "See also" links,
 * comment forms, navigation crumbs, headings, fragments, lines repeated across documents),
 * and strips dateline prefixes ("PINE RIDGE, S.D. (AP) --", "date 2024-06-18 (CTN News) –")
 * from sentences. General mechanisms plus the model's phrase list. */
#ifndef MDS_BOILERPLATE_H
#define MDS_BOILERPLATE_H

#include <stddef.h>

#include "doc.h"
#include "strset.h"

/* Sets para.drop for every paragraph of every document. `phrases` holds lowercase phrases;
 * a paragraph that equals one or starts with one is dropped. */
mds_status mds__clean_paragraphs(mds__doc *docs, size_t ndocs, const mds__strset *phrases);

/* Cleans the sentences of the cluster, in place: strips dateline and crumb prefixes by moving
 * span.start (and recounting words), and sets drop for fragments, phrase matches and exact
 * repeats of an earlier sentence. `docs` gives the text the spans point into. */
mds_status mds__clean_sentences(const mds__doc *docs, mds__sent *sents, size_t nsents,
                                const mds__strset *phrases);

/* Whitespace-separated words in text[0, n). */
uint32_t mds__count_words(const char *text, size_t n);

#endif
