/* SPDX-License-Identifier: MIT */
#include "util/alloc.h"
#include "util/strset.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

void mds__strset_init(mds__strset *s) { memset(s, 0, sizeof *s); }

void mds__strset_free(mds__strset *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->count; i++)
        mds__free(s->items[i]);
    mds__free(s->items);
    mds__free(s->lens);
    mds__free(s->slots);
    memset(s, 0, sizeof *s);
}

/* The hash of str[0, n), inline, as the words looked up are short and many: eight bytes at
 * a time, the tail by loads that overlap what came before (nothing outside [0, n) is read),
 * each folded in by a multiply and an xorshift. */
static inline uint64_t hash_of(const char *str, size_t n)
{
    const uint64_t k = 0xFF51AFD7ED558CCDu;
    uint64_t h = 0x9E3779B97F4A7C15u ^ (uint64_t)n, v;
    if (n >= 8) {
        size_t i = 0;
        for (; i + 8 < n; i += 8) {
            memcpy(&v, str + i, 8);
            h = (h ^ v) * k;
            h ^= h >> 32;
        }
        memcpy(&v, str + n - 8, 8); /* the last eight, overlapping */
    } else if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, str, 4);
        memcpy(&b, str + n - 4, 4);
        v = (uint64_t)a | (uint64_t)b << 32;
    } else if (n) {
        v = (uint64_t)(unsigned char)str[0] | (uint64_t)(unsigned char)str[n / 2] << 8 |
            (uint64_t)(unsigned char)str[n - 1] << 16;
    } else {
        v = 0;
    }
    h = (h ^ v) * k;
    h ^= h >> 32;
    h *= 0xC4CEB9FE1A85EC53u;
    return h ^ (h >> 29);
}

static size_t slot_of(const mds__strset *s, const char *str, size_t n)
{
    size_t mask = s->nslots - 1;
    size_t h = (size_t)hash_of(str, n) & mask;
    for (;;) {
        uint32_t v = s->slots[h];
        if (!v)
            return h;
        if (s->lens[v - 1] == n && memcmp(s->items[v - 1], str, n) == 0)
            return h;
        h = (h + 1) & mask;
    }
}

static mds_status rehash(mds__strset *s, size_t nslots)
{
    uint32_t *old = s->slots;
    s->slots = mds__calloc(nslots, sizeof *s->slots);
    if (!s->slots) {
        s->slots = old;
        return MDS_ENOMEM;
    }
    s->nslots = nslots;
    for (size_t i = 0; i < s->count; i++)
        s->slots[slot_of(s, s->items[i], s->lens[i])] = (uint32_t)(i + 1);
    mds__free(old);
    return MDS_OK;
}

int mds__strset_has(const mds__strset *s, const char *str, size_t n)
{
    if (!s || !s->nslots)
        return 0;
    return s->slots[slot_of(s, str, n)] != 0;
}

mds_status mds__strset_add(mds__strset *s, const char *str, size_t n)
{
    mds_status st;
    if ((s->count + 1) * 2 > s->nslots && (st = rehash(s, s->nslots ? s->nslots * 2 : 64)))
        return st;
    size_t h = slot_of(s, str, n);
    if (s->slots[h])
        return MDS_OK;
    size_t cap = s->cap_items;
    if ((st = mds__grow((void **)&s->items, &s->cap_items, s->count + 1, sizeof *s->items)))
        return st;
    if (s->cap_items != cap) {
        size_t *l = mds__realloc(s->lens, s->cap_items * sizeof *l);
        if (!l) {
            s->cap_items = cap; /* items grew, lens did not: stay at the old capacity */
            return MDS_ENOMEM;
        }
        s->lens = l;
    }
    char *copy = mds__malloc(n + 1);
    if (!copy)
        return MDS_ENOMEM;
    memcpy(copy, str, n);
    copy[n] = '\0';
    s->lens[s->count] = n;
    s->items[s->count++] = copy;
    s->slots[h] = (uint32_t)s->count;
    if (n > s->max_len)
        s->max_len = n;
    return MDS_OK;
}

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

mds_status mds__strset_add_lines(mds__strset *s, const char *text, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && text[j] != '\n')
            j++;
        size_t a = i, b = j;
        while (a < b && is_blank(text[a]))
            a++;
        while (b > a && is_blank(text[b - 1]))
            b--;
        if (b > a && text[a] != '#') {
            mds_status st = mds__strset_add(s, text + a, b - a);
            if (st)
                return st;
        }
        i = j + 1;
    }
    return MDS_OK;
}
