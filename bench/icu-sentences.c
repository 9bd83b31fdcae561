/* SPDX-License-Identifier: MIT */
/* ICU's sentence break iterator, the reference bench/sentences.py measures mds against.
 * Reads UTF-8 text on stdin and prints the byte offset of every boundary inside it, one a
 * line. argv[1] is the ICU locale ("de"); "@ss=standard" is added: the suppression list of
 * abbreviations that ICU ships (CLDR), the fairest setting of the iterator. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: icu-sentences LOCALE < text\n");
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
    char locale[64];
    snprintf(locale, sizeof locale, "%s@ss=standard", argv[1]);
    UErrorCode err = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, buf, (int64_t)len, &err);
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, locale, NULL, 0, &err);
    if (U_SUCCESS(err))
        ubrk_setUText(bi, ut, &err);
    if (U_FAILURE(err)) {
        fprintf(stderr, "icu-sentences: %s\n", u_errorName(err));
        return 1;
    }
    for (int32_t b = ubrk_next(bi); b != UBRK_DONE; b = ubrk_next(bi))
        if ((size_t)b < len)
            printf("%d\n", b);
    ubrk_close(bi);
    utext_close(ut);
    free(buf);
    return 0;
}
