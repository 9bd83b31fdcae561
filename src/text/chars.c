/* SPDX-License-Identifier: MIT */
/* ASCII fast paths for character classes and word breaks (see chars.h). */
#include "text/chars.h"

#include <uniwbrk.h>

const uint32_t mds__ascii_category[128] = {
    UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc,
    UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc,
    UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc,
    UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc,
    UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc,
    UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc,
    UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc,
    UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc, UC_CATEGORY_MASK_Cc,
    UC_CATEGORY_MASK_Zs, UC_CATEGORY_MASK_Po, UC_CATEGORY_MASK_Po, UC_CATEGORY_MASK_Po,
    UC_CATEGORY_MASK_Sc, UC_CATEGORY_MASK_Po, UC_CATEGORY_MASK_Po, UC_CATEGORY_MASK_Po,
    UC_CATEGORY_MASK_Ps, UC_CATEGORY_MASK_Pe, UC_CATEGORY_MASK_Po, UC_CATEGORY_MASK_Sm,
    UC_CATEGORY_MASK_Po, UC_CATEGORY_MASK_Pd, UC_CATEGORY_MASK_Po, UC_CATEGORY_MASK_Po,
    UC_CATEGORY_MASK_Nd, UC_CATEGORY_MASK_Nd, UC_CATEGORY_MASK_Nd, UC_CATEGORY_MASK_Nd,
    UC_CATEGORY_MASK_Nd, UC_CATEGORY_MASK_Nd, UC_CATEGORY_MASK_Nd, UC_CATEGORY_MASK_Nd,
    UC_CATEGORY_MASK_Nd, UC_CATEGORY_MASK_Nd, UC_CATEGORY_MASK_Po, UC_CATEGORY_MASK_Po,
    UC_CATEGORY_MASK_Sm, UC_CATEGORY_MASK_Sm, UC_CATEGORY_MASK_Sm, UC_CATEGORY_MASK_Po,
    UC_CATEGORY_MASK_Po, UC_CATEGORY_MASK_Lu, UC_CATEGORY_MASK_Lu, UC_CATEGORY_MASK_Lu,
    UC_CATEGORY_MASK_Lu, UC_CATEGORY_MASK_Lu, UC_CATEGORY_MASK_Lu, UC_CATEGORY_MASK_Lu,
    UC_CATEGORY_MASK_Lu, UC_CATEGORY_MASK_Lu, UC_CATEGORY_MASK_Lu, UC_CATEGORY_MASK_Lu,
    UC_CATEGORY_MASK_Lu, UC_CATEGORY_MASK_Lu, UC_CATEGORY_MASK_Lu, UC_CATEGORY_MASK_Lu,
    UC_CATEGORY_MASK_Lu, UC_CATEGORY_MASK_Lu, UC_CATEGORY_MASK_Lu, UC_CATEGORY_MASK_Lu,
    UC_CATEGORY_MASK_Lu, UC_CATEGORY_MASK_Lu, UC_CATEGORY_MASK_Lu, UC_CATEGORY_MASK_Lu,
    UC_CATEGORY_MASK_Lu, UC_CATEGORY_MASK_Lu, UC_CATEGORY_MASK_Lu, UC_CATEGORY_MASK_Ps,
    UC_CATEGORY_MASK_Po, UC_CATEGORY_MASK_Pe, UC_CATEGORY_MASK_Sk, UC_CATEGORY_MASK_Pc,
    UC_CATEGORY_MASK_Sk, UC_CATEGORY_MASK_Ll, UC_CATEGORY_MASK_Ll, UC_CATEGORY_MASK_Ll,
    UC_CATEGORY_MASK_Ll, UC_CATEGORY_MASK_Ll, UC_CATEGORY_MASK_Ll, UC_CATEGORY_MASK_Ll,
    UC_CATEGORY_MASK_Ll, UC_CATEGORY_MASK_Ll, UC_CATEGORY_MASK_Ll, UC_CATEGORY_MASK_Ll,
    UC_CATEGORY_MASK_Ll, UC_CATEGORY_MASK_Ll, UC_CATEGORY_MASK_Ll, UC_CATEGORY_MASK_Ll,
    UC_CATEGORY_MASK_Ll, UC_CATEGORY_MASK_Ll, UC_CATEGORY_MASK_Ll, UC_CATEGORY_MASK_Ll,
    UC_CATEGORY_MASK_Ll, UC_CATEGORY_MASK_Ll, UC_CATEGORY_MASK_Ll, UC_CATEGORY_MASK_Ll,
    UC_CATEGORY_MASK_Ll, UC_CATEGORY_MASK_Ll, UC_CATEGORY_MASK_Ll, UC_CATEGORY_MASK_Ps,
    UC_CATEGORY_MASK_Sm, UC_CATEGORY_MASK_Pe, UC_CATEGORY_MASK_Sm, UC_CATEGORY_MASK_Cc,
};

/* The word-break classes of UAX #29 that ASCII has. */
enum { W_OTHER, W_CR, W_LF, W_NEWLINE, W_ALETTER, W_NUMERIC, W_MIDLETTER, W_MIDNUMLET,
       W_SQUOTE, W_MIDNUM, W_EXTENDNUMLET, W_WSEGSPACE };

static int wb_class(uint8_t c)
{
    if ((unsigned)((c | 0x20) - 'a') < 26u)
        return W_ALETTER;
    if ((unsigned)(c - '0') < 10u)
        return W_NUMERIC;
    switch (c) {
    case '\r': return W_CR;
    case '\n': return W_LF;
    case '\v': case '\f': return W_NEWLINE;
    case ':': return W_MIDLETTER;
    case '.': return W_MIDNUMLET;
    case '\'': return W_SQUOTE;
    case ',': case ';': return W_MIDNUM;
    case '_': return W_EXTENDNUMLET;
    case ' ': return W_WSEGSPACE;
    default: return W_OTHER;
    }
}

static int mid_letter(int k) { return k == W_MIDLETTER || k == W_MIDNUMLET || k == W_SQUOTE; }
static int mid_num(int k) { return k == W_MIDNUM || k == W_MIDNUMLET || k == W_SQUOTE; }

/* The rules of UAX #29 (WB3 to WB999) as they apply to ASCII, where no character is Extend,
 * Format, ZWJ, Katakana, Hebrew, a regional indicator or a pictograph. */
static void ascii_wordbreaks(const uint8_t *s, size_t n, char *brk)
{
    int p2 = -1, p1 = -1, c0 = n ? wb_class(s[0]) : -1, n1 = n > 1 ? wb_class(s[1]) : -1;
    for (size_t i = 0; i < n; i++) {
        p2 = p1;
        p1 = i ? c0 : -1;
        if (i) {
            c0 = n1;
            n1 = i + 1 < n ? wb_class(s[i + 1]) : -1;
        }
        if (i == 0) {
            brk[0] = 0;
            continue;
        }
        int b;
        if (p1 == W_CR && c0 == W_LF)
            b = 0;                                               /* WB3 */
        else if (p1 == W_CR || p1 == W_LF || p1 == W_NEWLINE ||
                 c0 == W_CR || c0 == W_LF || c0 == W_NEWLINE)
            b = 1;                                               /* WB3a, WB3b */
        else if (p1 == W_WSEGSPACE && c0 == W_WSEGSPACE)
            b = 0;                                               /* WB3d */
        else if (p1 == W_ALETTER && c0 == W_ALETTER)
            b = 0;                                               /* WB5 */
        else if (p1 == W_ALETTER && mid_letter(c0) && n1 == W_ALETTER)
            b = 0;                                               /* WB6 */
        else if (p2 == W_ALETTER && mid_letter(p1) && c0 == W_ALETTER)
            b = 0;                                               /* WB7 */
        else if ((p1 == W_NUMERIC || p1 == W_ALETTER) && (c0 == W_NUMERIC || c0 == W_ALETTER))
            b = 0;                                               /* WB8, WB9, WB10 */
        else if (p2 == W_NUMERIC && mid_num(p1) && c0 == W_NUMERIC)
            b = 0;                                               /* WB11 */
        else if (p1 == W_NUMERIC && mid_num(c0) && n1 == W_NUMERIC)
            b = 0;                                               /* WB12 */
        else if ((p1 == W_ALETTER || p1 == W_NUMERIC || p1 == W_EXTENDNUMLET) &&
                 c0 == W_EXTENDNUMLET)
            b = 0;                                               /* WB13a */
        else if (p1 == W_EXTENDNUMLET && (c0 == W_ALETTER || c0 == W_NUMERIC))
            b = 0;                                               /* WB13b */
        else
            b = 1;                                               /* WB999 */
        brk[i] = (char)b;
    }
}

void mds__wordbreaks(const uint8_t *s, size_t n, char *brk)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] >= 0x80) {
            u8_wordbreaks(s, n, brk);
            return;
        }
    ascii_wordbreaks(s, n, brk);
}
