/* SPDX-License-Identifier: MIT */
#include "eval/porter.h"

#include <stdint.h>
#include <string.h>

/* The Perl release's classes: a consonant is [^aeiou], a vowel [aeiouy]; a consonant run
 * C = [^aeiou][^aeiouy]*, a vowel run V = [aeiouy][aeiou]*. A leading y is made 'Y' first,
 * so that it is always a consonant. Only whether these match matters, so POSIX EREs that
 * accept the same strings do. */
#define C_ "[^aeiou][^aeiouy]*"
#define V_ "[aeiouy][aeiou]*"

mds_status mds__porter_init(mds__porter *p)
{
    memset(p, 0, sizeof *p);
    struct {
        regex_t *re;
        const char *src;
    } t[] = {
        {&p->mgr0, "^(" C_ ")?" V_ C_},                    /* m > 0 */
        {&p->meq1, "^(" C_ ")?" V_ C_ "(" V_ ")?$"},       /* m = 1 */
        {&p->mgr1, "^(" C_ ")?" V_ C_ V_ C_},              /* m > 1 */
        {&p->vowel, "^(" C_ ")?[aeiouy]"},                 /* a vowel in the stem */
        {&p->cvc, "^" C_ "[aeiouy][^aeiouwxy]$"},          /* *o: consonant-vowel-consonant */
    };
    /* regcomp and regexec allocate with libc, outside the library's hook (util/alloc.h). */
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        int rc = regcomp(t[i].re, t[i].src, REG_EXTENDED | REG_NOSUB);
        if (rc != 0) {
            for (size_t j = 0; j < i; j++)
                regfree(t[j].re);
            return rc == REG_ESPACE ? MDS_ENOMEM : MDS_EINTERNAL;
        }
    }
    p->ready = 1;
    return MDS_OK;
}

void mds__porter_free(mds__porter *p)
{
    if (!p || !p->ready)
        return;
    regfree(&p->mgr0);
    regfree(&p->meq1);
    regfree(&p->mgr1);
    regfree(&p->vowel);
    regfree(&p->cvc);
    p->ready = 0;
}

/* Does the first k bytes of w match re? A match that could not run (regexec out of memory)
 * sets *err. */
static int test(int *err, const regex_t *re, char *w, size_t k)
{
    char c = w[k];
    w[k] = '\0';
    int rc = regexec(re, w, 0, NULL, 0);
    w[k] = c;
    if (rc != 0 && rc != REG_NOMATCH)
        *err = 1;
    return rc == 0;
}

static int ends(const char *w, size_t len, const char *suf)
{
    size_t n = strlen(suf);
    return len >= n && memcmp(w + len - n, suf, n) == 0;
}

/* The longest suffix of w found in a list of {suffix, replacement} pairs (the leftmost
 * match of an alternation anchored at the end); NULL if none. */
static const char *const *longest(const char *w, size_t len, const char *const (*list)[2],
                                  size_t n)
{
    const char *const *best = NULL;
    for (size_t i = 0; i < n; i++)
        if (ends(w, len, list[i][0]) && (!best || strlen(list[i][0]) > strlen(best[0])))
            best = list[i];
    return best;
}

static const char *const step2[][2] = {
    {"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"},   {"anci", "ance"},
    {"izer", "ize"},    {"bli", "ble"},     {"alli", "al"},     {"entli", "ent"},
    {"eli", "e"},       {"ousli", "ous"},   {"ization", "ize"}, {"ation", "ate"},
    {"ator", "ate"},    {"alism", "al"},    {"iveness", "ive"}, {"fulness", "ful"},
    {"ousness", "ous"}, {"aliti", "al"},    {"iviti", "ive"},   {"biliti", "ble"},
    {"logi", "log"},
};
static const char *const step3[][2] = {
    {"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"},
    {"ical", "ic"},  {"ful", ""},   {"ness", ""},
};
static const char *const step4[][2] = {
    {"al", ""},  {"ance", ""}, {"ence", ""},  {"er", ""},  {"ic", ""},  {"able", ""},
    {"ible", ""}, {"ant", ""}, {"ement", ""}, {"ou", ""},  {"ism", ""}, {"ate", ""},
    {"iti", ""}, {"ous", ""},  {"ive", ""},   {"ize", ""},
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

size_t mds__porter_stem(const mds__porter *p, const char *word, size_t n, char *w)
{
    memcpy(w, word, n);
    w[n] = '\0';
    if (n < 3)
        return n;
    size_t len = n, k;
    int y = w[0] == 'y', err = 0;
    if (y)
        w[0] = 'Y';
    const char *const *e;

    /* step 1a */
    if (ends(w, len, "sses") || ends(w, len, "ies"))
        len -= 2;
    else if (len >= 2 && w[len - 1] == 's' && w[len - 2] != 's')
        len -= 1;
    /* step 1b */
    if (ends(w, len, "eed")) {
        if (test(&err, &p->mgr0, w, len - 3))
            len -= 1;
    } else if ((k = ends(w, len, "ed") ? 2 : ends(w, len, "ing") ? 3 : 0) != 0 &&
               test(&err, &p->vowel, w, len - k)) {
        len -= k;
        if (ends(w, len, "at") || ends(w, len, "bl") || ends(w, len, "iz")) {
            w[len++] = 'e';
        } else if (len >= 2 && w[len - 1] == w[len - 2] && !strchr("aeiouylsz", w[len - 1])) {
            len -= 1;
        } else if (test(&err, &p->cvc, w, len)) {
            w[len++] = 'e';
        }
    }
    /* step 1c */
    if (ends(w, len, "y") && test(&err, &p->vowel, w, len - 1))
        w[len - 1] = 'i';
    /* steps 2 and 3: the longest suffix, replaced when the stem has m > 0 */
    for (int step = 2; step <= 3; step++) {
        e = step == 2 ? longest(w, len, step2, COUNT(step2)) : longest(w, len, step3, COUNT(step3));
        if (e && test(&err, &p->mgr0, w, len - strlen(e[0]))) {
            len -= strlen(e[0]);
            memcpy(w + len, e[1], strlen(e[1]));
            len += strlen(e[1]);
        }
    }
    /* step 4, as ROUGE changed it: one suffix of the list, then "ment", then "ent" or
     * "(s|t)ion", each on what the one before left */
    if ((e = longest(w, len, step4, COUNT(step4))) && test(&err, &p->mgr1, w, len - strlen(e[0])))
        len -= strlen(e[0]);
    if (ends(w, len, "ment") && test(&err, &p->mgr1, w, len - 4))
        len -= 4;
    if (ends(w, len, "ent")) {
        if (test(&err, &p->mgr1, w, len - 3))
            len -= 3;
    } else if ((ends(w, len, "sion") || ends(w, len, "tion")) && test(&err, &p->mgr1, w, len - 3)) {
        len -= 3;
    }
    /* step 5 */
    if (ends(w, len, "e") &&
        (test(&err, &p->mgr1, w, len - 1) || (test(&err, &p->meq1, w, len - 1) && !test(&err, &p->cvc, w, len - 1))))
        len -= 1;
    if (ends(w, len, "ll") && test(&err, &p->mgr1, w, len))
        len -= 1;
    if (y)
        w[0] = 'y';
    w[len] = '\0';
    return err ? SIZE_MAX : len;
}
