/* SPDX-License-Identifier: MIT */
/* ICU's word break iterator over UTF-8 text, without copying it (UText). ICU allocates with
 * libc, outside the hook of util/alloc.h, as libstemmer and libunistring do. */
#include "text/wordseg.h"

#ifdef MDS_HAVE_ICU
#include <limits.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "util/alloc.h"

struct mds__wordseg {
    UBreakIterator *bi;
    UText *ut;
};

mds_status mds__wordseg_new(const char *locale, mds__wordseg **out)
{
    *out = NULL;
    mds__wordseg *w = mds__calloc(1, sizeof *w);
    if (!w)
        return MDS_ENOMEM;
    UErrorCode err = U_ZERO_ERROR;
    w->bi = ubrk_open(UBRK_WORD, locale, NULL, 0, &err);
    if (U_FAILURE(err)) {
        mds__free(w);
        return MDS_ENOMEM;
    }
    *out = w;
    return MDS_OK;
}

void mds__wordseg_free(mds__wordseg *w)
{
    if (!w)
        return;
    if (w->ut)
        utext_close(w->ut);
    ubrk_close(w->bi);
    mds__free(w);
}

mds_status mds__wordseg_breaks(mds__wordseg *w, const char *text, size_t n, char *brk)
{
    if (n == 0)
        return MDS_OK;
    if (n > INT32_MAX)
        return MDS_EINVAL; /* one sentence this long is not text */
    UErrorCode err = U_ZERO_ERROR;
    w->ut = utext_openUTF8(w->ut, text, (int64_t)n, &err);
    if (U_SUCCESS(err))
        ubrk_setUText(w->bi, w->ut, &err);
    if (U_FAILURE(err))
        return MDS_ENOMEM;
    memset(brk, 0, n);
    for (int32_t b = ubrk_next(w->bi); b != UBRK_DONE; b = ubrk_next(w->bi))
        if (b > 0 && (size_t)b < n)
            brk[b] = 1;
    return MDS_OK;
}

#else /* no ICU in this build */

mds_status mds__wordseg_new(const char *locale, mds__wordseg **out)
{
    (void)locale;
    *out = NULL;
    return MDS_OK;
}

void mds__wordseg_free(mds__wordseg *w) { (void)w; }

mds_status mds__wordseg_breaks(mds__wordseg *w, const char *text, size_t n, char *brk)
{
    (void)w;
    (void)text;
    (void)n;
    (void)brk;
    return MDS_EINVAL; /* never called: there is no breaker to call it with */
}

#endif
