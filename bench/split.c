/* SPDX-License-Identifier: MIT */
/* mds-split: the sentence splitter alone, for bench/sentences.py. Reads UTF-8 text on stdin,
 * one paragraph a line, and prints "START END" (byte offsets into the input) for each
 * sentence, as the summarizer would cut them for language LANG. An abbreviations FILE
 * (models/en/abbreviations.txt) replaces the language's compiled-in list, as a model's does.
 * Built by CMake beside summarize; not installed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/lang.h"
#include "text/segment.h"
#include "util/alloc.h"

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: mds-split LANG [ABBREVIATIONS] < text\n");
        return 2;
    }
    const mds__lang *l = mds__lang_find(argv[1]);
    if (!l) {
        fprintf(stderr, "mds-split: unknown language %s\n", argv[1]);
        return 2;
    }
    size_t cap = 1 << 20, len = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + len, 1, cap - len, stdin)) > 0) {
        len += got;
        if (len == cap && !(buf = realloc(buf, cap *= 2)))
            break;
    }
    if (!buf)
        return 1;
    mds__strset ab;
    mds__strset_init(&ab);
    if (argc == 3) {
        FILE *f = fopen(argv[2], "rb");
        char line[65536];
        size_t n = f ? fread(line, 1, sizeof line, f) : 0;
        if (!f || mds__strset_add_lines(&ab, line, n)) {
            fprintf(stderr, "mds-split: cannot read %s\n", argv[2]);
            return 1;
        }
        fclose(f);
    } else if (mds__lang_abbrevs(l, &ab)) {
        return 1;
    }
    mds__seg_rules rules = {.abbrevs = &ab, .flags = l->seg};
    mds__span *spans = NULL;
    size_t cap_spans = 0;
    for (size_t a = 0; a < len;) {
        const char *nl = memchr(buf + a, '\n', len - a);
        size_t b = nl ? (size_t)(nl - buf) : len, n = 0;
        if (mds__segment_rules(buf + a, b - a, (uint32_t)a, &rules, &spans, &n, &cap_spans))
            return 1;
        for (size_t i = 0; i < n; i++)
            printf("%u %u\n", spans[i].start, spans[i].end);
        a = b + 1;
    }
    mds__free(spans);
    mds__strset_free(&ab);
    free(buf);
    return 0;
}
