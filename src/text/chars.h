/* SPDX-License-Identifier: MIT */
/* Character classes and word breaks with an ASCII fast path: libunistring answers for every
 * code point, but through a table walk per call; news text is mostly ASCII, where the answer
 * is a comparison. Each function answers exactly what the libunistring call it replaces
 * answers, for every code point (tests/test_chars.c checks all of ASCII against it). */
#ifndef MDS_CHARS_H
#define MDS_CHARS_H

#include <stddef.h>
#include <stdint.h>
#include <unicase.h>
#include <unictype.h>

/* The general category of each ASCII character, as the one-bit mask libunistring's union
 * categories (UC_CATEGORY_L ...) test against. */
extern const uint32_t mds__ascii_category[128];

static inline int mds__is_alpha(ucs4_t c)
{
    return c < 0x80 ? (c | 0x20) - 'a' < 26u : uc_is_alpha(c);
}
static inline int mds__is_digit(ucs4_t c) { return c < 0x80 ? c - '0' < 10u : uc_is_digit(c); }
static inline int mds__is_alnum(ucs4_t c)
{
    return c < 0x80 ? (c | 0x20) - 'a' < 26u || c - '0' < 10u : uc_is_alnum(c);
}
static inline int mds__is_upper(ucs4_t c) { return c < 0x80 ? c - 'A' < 26u : uc_is_upper(c); }
static inline int mds__is_lower(ucs4_t c) { return c < 0x80 ? c - 'a' < 26u : uc_is_lower(c); }
static inline ucs4_t mds__tolower(ucs4_t c)
{
    return c < 0x80 ? (c - 'A' < 26u ? c + 0x20 : c) : uc_tolower(c);
}
/* uc_is_property_white_space */
static inline int mds__is_white_space(ucs4_t c)
{
    return c < 0x80 ? c == ' ' || c - '\t' < 5u : uc_is_property_white_space(c);
}
/* uc_is_general_category(c, cat) */
static inline int mds__is_category(ucs4_t c, uc_general_category_t cat)
{
    return c < 0x80 ? (mds__ascii_category[c] & cat.bitmask) != 0
                    : uc_is_general_category(c, cat);
}

/* u8_wordbreaks(s, n, brk): brk[i] = 1 where a word starts at s[i] (UAX #29); text that is
 * all ASCII is broken here, the rest by libunistring. */
void mds__wordbreaks(const uint8_t *s, size_t n, char *brk);

#endif
