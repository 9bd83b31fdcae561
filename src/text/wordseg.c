/* SPDX-License-Identifier: MIT */
/* ICU's word break iterator over UTF-8 text, without copying it (UText). ICU allocates with
 * libc, outside the hook of util/alloc.h, as libstemmer and libunistring do.
 * ICU is loaded on first use, with dlopen: linked, libicuuc (with libicudata and the C++
 * runtime) costs every process 2 ms of CPU at start-up, and only Chinese and Japanese text
 * needs it. A machine without it at run time gets what a build without it does: one word per
 * ideograph (UAX #29). */
#include "text/wordseg.h"

#ifdef MDS_HAVE_ICU
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "util/alloc.h"

/* The functions used, from libicuuc. ICU's headers rename each function after the library's
 * major version (ubrk_open is ubrk_open_72), so the members have names of their own. */
static struct {
    __typeof__(&ubrk_open) open;
    __typeof__(&ubrk_close) close;
    __typeof__(&ubrk_setUText) set_utext;
    __typeof__(&ubrk_next) next;
    __typeof__(&utext_openUTF8) utext_open;
    __typeof__(&utext_close) utext_close;
} icu;
static int icu_ok;
static once_flag icu_once = ONCE_FLAG_INIT;

/* ICU's symbol `name`, suffixed with the major version this was built against (its headers'
 * U_ICU_VERSION_MAJOR_NUM), else unsuffixed (an ICU built with --disable-renaming); memcpy,
 * since ISO C has no conversion from void * to a function pointer. */
static int icu_sym(void *lib, const char *name, void *fn, size_t size)
{
    char versioned[64];
    snprintf(versioned, sizeof versioned, "%s_%d", name, U_ICU_VERSION_MAJOR_NUM);
    void *p = dlsym(lib, versioned);
    if (!p)
        p = dlsym(lib, name);
    memcpy(fn, &p, size);
    return p != NULL;
}

static void icu_load(void)
{
    /* the SONAME of the version built against wherever the loader looks, then the file of
     * the build (MDS_ICU_UC_PATH), then any libicuuc (its symbols unsuffixed, or of the same
     * major version) */
    char name[64];
    snprintf(name, sizeof name, "libicuuc.so.%d", U_ICU_VERSION_MAJOR_NUM);
    void *lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
#ifdef MDS_ICU_UC_PATH
    if (!lib)
        lib = dlopen(MDS_ICU_UC_PATH, RTLD_NOW | RTLD_LOCAL);
#endif
    if (!lib)
        lib = dlopen("libicuuc.so", RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return;
    icu_ok = icu_sym(lib, "ubrk_open", &icu.open, sizeof icu.open) &&
             icu_sym(lib, "ubrk_close", &icu.close, sizeof icu.close) &&
             icu_sym(lib, "ubrk_setUText", &icu.set_utext, sizeof icu.set_utext) &&
             icu_sym(lib, "ubrk_next", &icu.next, sizeof icu.next) &&
             icu_sym(lib, "utext_openUTF8", &icu.utext_open, sizeof icu.utext_open) &&
             icu_sym(lib, "utext_close", &icu.utext_close, sizeof icu.utext_close);
    /* the library stays loaded for the life of the process, whatever it lacked */
}

int mds__wordseg_available(void)
{
    call_once(&icu_once, icu_load);
    return icu_ok;
}

struct mds__wordseg {
    UBreakIterator *bi;
    UText *ut;
};

mds_status mds__wordseg_new(const char *locale, mds__wordseg **out)
{
    *out = NULL;
    if (!mds__wordseg_available())
        return MDS_OK; /* no ICU at run time: as a build without it */
    mds__wordseg *w = mds__calloc(1, sizeof *w);
    if (!w)
        return MDS_ENOMEM;
    UErrorCode err = U_ZERO_ERROR;
    w->bi = icu.open(UBRK_WORD, locale, NULL, 0, &err);
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
        icu.utext_close(w->ut);
    icu.close(w->bi);
    mds__free(w);
}

mds_status mds__wordseg_breaks(mds__wordseg *w, const char *text, size_t n, char *brk)
{
    if (n == 0)
        return MDS_OK;
    if (n > INT32_MAX)
        return MDS_EINVAL; /* one sentence this long is not text */
    UErrorCode err = U_ZERO_ERROR;
    w->ut = icu.utext_open(w->ut, text, (int64_t)n, &err);
    if (U_SUCCESS(err))
        icu.set_utext(w->bi, w->ut, &err);
    if (U_FAILURE(err))
        return MDS_ENOMEM;
    memset(brk, 0, n);
    for (int32_t b = icu.next(w->bi); b != UBRK_DONE; b = icu.next(w->bi))
        if (b > 0 && (size_t)b < n)
            brk[b] = 1;
    return MDS_OK;
}

#else /* no ICU in this build */

int mds__wordseg_available(void) { return 0; }

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
