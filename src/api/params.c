/* SPDX-License-Identifier: MIT */
/* The parameter table at run time: what each row says (mds_param_info), values parsed from
 * text and written back as text, bounds checks, the defaults, and the public handle's setters
 * and getters. Everything here is generated from MDS_PARAM_MAP: a new row needs no code. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <threads.h>

#include "util/alloc.h"
#include "api/params.h"
#include "select/selector.h"
#include "text/encoding.h"

typedef struct row {
    mds_param_info info; /* ENUM and SELECTOR: names, lo and hi are filled in at first use */
    size_t offset;       /* of the field in mds__params */
    const char *names;   /* ENUM: the names as the table writes them, "a|b|c" */
} row;

#define MDS__PARAM_ROW(ID, num, nm, TYPE, flag, metavar, def, lo, hi, open, names, help)   \
    {{MDS_PARAM_##ID, #nm, MDS_TYPE_##TYPE, flag, metavar, def, lo, hi, open, NULL, help}, \
     offsetof(mds__params, nm), names},
static row rows[] = {MDS_PARAM_MAP(MDS__PARAM_ROW)};
#undef MDS__PARAM_ROW
#define NROWS (sizeof rows / sizeof rows[0])

/* The ENUM rows' names, split at '|' into NULL-terminated lists, once. */
static char name_text[1024];
static const char *name_list[128];

static once_flag once = ONCE_FLAG_INIT;
static mds_status table_status; /* MDS_EINTERNAL: the table itself is wrong */
static mds__params defaults;

static mds_status parse(const row *r, const char *s, mds__param_value *out, char *msg,
                        size_t msg_size);
static void put(mds__params *v, const row *r, mds__param_value x);

/* The names of an ENUM or SELECTOR row: filled in, with its bounds 0 and count - 1. */
static int fill_names(row *r, size_t *text_used, size_t *list_used)
{
    if (r->info.type == MDS_TYPE_SELECTOR) {
        r->info.names = mds__selector_names;
    } else {
        size_t len = r->names ? strlen(r->names) : 0;
        if (!len || *text_used + len + 1 > sizeof name_text)
            return 0;
        char *t = name_text + *text_used;
        memcpy(t, r->names, len + 1);
        *text_used += len + 1;
        r->info.names = &name_list[*list_used];
        for (char *p = t;; p++) {
            if (*list_used + 2 > sizeof name_list / sizeof name_list[0])
                return 0;
            name_list[(*list_used)++] = p;
            if (!(p = strchr(p, '|')))
                break;
            *p = '\0';
        }
        name_list[(*list_used)++] = NULL;
    }
    size_t n = 0;
    while (r->info.names[n])
        n++;
    if (n == 0)
        return 0;
    r->info.lo = 0;
    r->info.hi = (double)(n - 1);
    return 1;
}

static void build(void)
{
    size_t text_used = 0, list_used = 0;
    for (size_t i = 0; i < NROWS; i++)
        if ((rows[i].info.type == MDS_TYPE_ENUM || rows[i].info.type == MDS_TYPE_SELECTOR) &&
            !fill_names(&rows[i], &text_used, &list_used))
            table_status = MDS_EINTERNAL;
    /* The defaults: the table's text, parsed as mds_params_set_string parses. */
    for (size_t i = 0; i < NROWS && !table_status; i++) {
        mds__param_value x = {0};
        char msg[160];
        if (rows[i].info.def && parse(&rows[i], rows[i].info.def, &x, msg, sizeof msg))
            table_status = MDS_EINTERNAL;
        put(&defaults, &rows[i], x);
    }
}

/* Every entry point calls this first; build must not, nor call a public function that does
 * (call_once does not nest: a call on the same flag from inside build waits for itself). */
static mds_status table(void)
{
    call_once(&once, build);
    return table_status;
}

static const row *row_of(mds_param id)
{
    table();
    for (size_t i = 0; i < NROWS; i++)
        if (rows[i].info.id == id)
            return &rows[i];
    return NULL;
}

/* ---- values ---------------------------------------------------------------------------------- */

static void put(mds__params *v, const row *r, mds__param_value x)
{
    char *f = (char *)v + r->offset;
    switch (r->info.type) {
    case MDS_TYPE_INT:
    case MDS_TYPE_BOOL:
    case MDS_TYPE_ENUM:
    case MDS_TYPE_SELECTOR:
        *(int *)(void *)f = x.i;
        break;
    case MDS_TYPE_SIZE:
    case MDS_TYPE_BYTES:
        *(size_t *)(void *)f = x.z;
        break;
    case MDS_TYPE_DOUBLE:
        *(double *)(void *)f = x.d;
        break;
    case MDS_TYPE_STRING:
        *(const char **)(void *)f = x.s;
        break;
    }
}

static mds__param_value get(const mds__params *v, const row *r)
{
    const char *f = (const char *)v + r->offset;
    mds__param_value x = {0};
    switch (r->info.type) {
    case MDS_TYPE_INT:
    case MDS_TYPE_BOOL:
    case MDS_TYPE_ENUM:
    case MDS_TYPE_SELECTOR:
        x.i = *(const int *)(const void *)f;
        break;
    case MDS_TYPE_SIZE:
    case MDS_TYPE_BYTES:
        x.z = *(const size_t *)(const void *)f;
        break;
    case MDS_TYPE_DOUBLE:
        x.d = *(const double *)(const void *)f;
        break;
    case MDS_TYPE_STRING:
        x.s = *(const char *const *)(const void *)f;
        break;
    }
    return x;
}

/* A number value as a double (every type but STRING). */
static double number(const row *r, mds__param_value x)
{
    switch (r->info.type) {
    case MDS_TYPE_SIZE:
    case MDS_TYPE_BYTES:
        return (double)x.z;
    case MDS_TYPE_DOUBLE:
        return x.d;
    default:
        return (double)x.i;
    }
}

/* A checked number as the value of r's type. */
static mds__param_value from_number(const row *r, double d)
{
    mds__param_value x = {0};
    switch (r->info.type) {
    case MDS_TYPE_SIZE:
    case MDS_TYPE_BYTES:
        x.z = (size_t)d;
        break;
    case MDS_TYPE_DOUBLE:
        x.d = d;
        break;
    default:
        x.i = (int)d;
    }
    return x;
}

/* The shortest text that reads back as the same double. */
static void format_double(double d, char *buf, size_t size)
{
    char t[40];
    snprintf(t, sizeof t, "%.15g", d);
    if (strtod(t, NULL) != d)
        snprintf(t, sizeof t, "%.17g", d);
    snprintf(buf, size, "%s", t);
}

/* Bytes with the largest binary suffix that divides them ("4G", "1536M"), as sizes are
 * written in the table. */
static void format_bytes(size_t b, char *buf, size_t size)
{
    static const char suffix[] = "TGMK";
    for (int k = 0; k < 4; k++) {
        size_t unit = (size_t)1 << (10 * (4 - k));
        if (b && b % unit == 0) {
            snprintf(buf, size, "%zu%c", b / unit, suffix[k]);
            return;
        }
    }
    snprintf(buf, size, "%zu", b);
}

/* A number of r's type as text: a bound, or a value in a message. */
static void format_number(const row *r, double d, char *buf, size_t size)
{
    if (r->info.type == MDS_TYPE_DOUBLE)
        format_double(d, buf, size);
    else if (r->info.type == MDS_TYPE_BYTES && d >= 0 && d <= (double)SIZE_MAX)
        format_bytes((size_t)d, buf, size);
    else
        snprintf(buf, size, "%.0f", d);
}

/* A value as text, as the table writes defaults; the length it needs, as snprintf. */
static int format_value(const row *r, mds__param_value x, char *buf, size_t size)
{
    char t[64];
    switch (r->info.type) {
    case MDS_TYPE_INT:
    case MDS_TYPE_BOOL:
        return snprintf(buf, size, "%d", x.i);
    case MDS_TYPE_SIZE:
        return snprintf(buf, size, "%zu", x.z);
    case MDS_TYPE_BYTES:
        format_bytes(x.z, t, sizeof t);
        return snprintf(buf, size, "%s", t);
    case MDS_TYPE_DOUBLE:
        format_double(x.d, t, sizeof t);
        return snprintf(buf, size, "%s", t);
    case MDS_TYPE_ENUM:
    case MDS_TYPE_SELECTOR:
        return snprintf(buf, size, "%s", r->info.names[x.i]);
    case MDS_TYPE_STRING:
        return snprintf(buf, size, "%s", x.s ? x.s : "");
    }
    return -1;
}

/* ---- checks ---------------------------------------------------------------------------------- */

static int in_bounds(const mds_param_info *in, double d)
{
    return d >= in->lo && d <= in->hi && !((in->open & MDS_OPEN_LO) && d == in->lo) &&
           !((in->open & MDS_OPEN_HI) && d == in->hi);
}

/* Is d a value of r (finite, whole unless DOUBLE, within the bounds)? If not, msg says why,
 * with `text` standing for the value. */
static mds_status check_number(const row *r, double d, const char *text, char *msg,
                               size_t msg_size)
{
    const mds_param_info *in = &r->info;
    if (!isfinite(d)) {
        snprintf(msg, msg_size, "%s is not a finite number", text);
        return MDS_EINVAL;
    }
    if (in->type != MDS_TYPE_DOUBLE && d != floor(d)) {
        snprintf(msg, msg_size, "%s is not a whole number", text);
        return MDS_EINVAL;
    }
    if (!in_bounds(in, d)) {
        char lo[40], hi[40];
        format_number(r, in->lo, lo, sizeof lo);
        format_number(r, in->hi, hi, sizeof hi);
        snprintf(msg, msg_size, "%s is out of range %c%s, %s%c", text,
                 in->open & MDS_OPEN_LO ? '(' : '[', lo, hi, in->open & MDS_OPEN_HI ? ')' : ']');
        return MDS_EINVAL;
    }
    return MDS_OK;
}

/* "a, b or c" for the names of an ENUM or SELECTOR. */
static void name_choices(const row *r, char *buf, size_t size)
{
    const char *const *n = r->info.names;
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; n[i] && len < size; i++) {
        int w = snprintf(buf + len, size - len, "%s%s", i == 0 ? "" : n[i + 1] ? ", " : " or ",
                         n[i]);
        if (w < 0)
            break;
        len += (size_t)w;
    }
}

/* A size: a number of bytes, with an optional binary suffix K, M, G or T, itself with an
 * optional "iB" or "B". A fraction of a byte rounds down. */
static int parse_bytes(const char *s, double *out)
{
    char *end;
    errno = 0;
    double d = strtod(s, &end);
    if (end == s || errno || !isfinite(d) || d < 0 || s[0] == '-')
        return 0;
    double unit = 1;
    if (*end) {
        switch (*end) {
        case 'k':
        case 'K':
            unit = 1024.0;
            break;
        case 'M':
            unit = 1024.0 * 1024.0;
            break;
        case 'G':
            unit = 1024.0 * 1024.0 * 1024.0;
            break;
        case 'T':
            unit = 1024.0 * 1024.0 * 1024.0 * 1024.0;
            break;
        default:
            return 0;
        }
        end++;
        if (end[0] == 'i' && end[1] == 'B')
            end += 2;
        else if (*end == 'B')
            end++;
    }
    if (*end)
        return 0;
    *out = floor(d * unit);
    return 1;
}

static int parse_bool(const char *s, int *out)
{
    static const char *const yes[] = {"1", "true", "yes", "on"}, *const no[] = {"0", "false",
                                                                                "no", "off"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (!strcasecmp(s, yes[i]) || !strcasecmp(s, no[i])) {
            *out = !strcasecmp(s, yes[i]);
            return 1;
        }
    }
    return 0;
}

static int name_index(const row *r, const char *name)
{
    for (int i = 0; r->info.names && name && r->info.names[i]; i++)
        if (!strcmp(r->info.names[i], name))
            return i;
    return -1;
}

/* Text as a value of r, checked against its bounds; on failure msg says why (without the
 * parameter's name). A STRING's value is the text itself, not copied. */
static mds_status parse(const row *r, const char *s, mds__param_value *out, char *msg,
                        size_t msg_size)
{
    char *end;
    double d = 0;
    switch (r->info.type) {
    case MDS_TYPE_INT:
    case MDS_TYPE_SIZE: {
        errno = 0;
        long long ll = strtoll(s, &end, 10);
        if (!*s || *end || errno) {
            snprintf(msg, msg_size, "'%s' is not a whole number", s);
            return MDS_EINVAL;
        }
        d = (double)ll;
        break;
    }
    case MDS_TYPE_BYTES:
        if (!parse_bytes(s, &d)) {
            snprintf(msg, msg_size, "'%s' is not a size (a number of bytes, or with K, M, G or "
                     "T)", s);
            return MDS_EINVAL;
        }
        break;
    case MDS_TYPE_DOUBLE:
        errno = 0;
        d = strtod(s, &end);
        if (!*s || *end || errno || !isfinite(d)) {
            snprintf(msg, msg_size, "'%s' is not a number", s);
            return MDS_EINVAL;
        }
        break;
    case MDS_TYPE_BOOL: {
        int b;
        if (!parse_bool(s, &b)) {
            snprintf(msg, msg_size, "'%s' is not true or false", s);
            return MDS_EINVAL;
        }
        d = b;
        break;
    }
    case MDS_TYPE_ENUM:
    case MDS_TYPE_SELECTOR: {
        int k = name_index(r, s);
        if (k < 0) {
            char list[160];
            name_choices(r, list, sizeof list);
            snprintf(msg, msg_size, "'%s' is not %s", s, list);
            return MDS_EINVAL;
        }
        d = k;
        break;
    }
    case MDS_TYPE_STRING:
        /* an encoding is checked when given, so a program can refuse it as bad usage */
        if (r->info.id == MDS_PARAM_ENCODING && *s && !mds__encoding_known(s)) {
            snprintf(msg, msg_size, "'%s' is not an encoding iconv knows ('iconv -l' lists "
                     "them)", s);
            return MDS_EINVAL;
        }
        out->s = s;
        return MDS_OK;
    }
    mds_status st = check_number(r, d, s, msg, msg_size);
    if (!st)
        *out = from_number(r, d);
    return st;
}

/* ---- the table ------------------------------------------------------------------------------- */

size_t mds_param_count(void) { return NROWS; }

const mds_param_info *mds_param_at(size_t i)
{
    table();
    return i < NROWS ? &rows[i].info : NULL;
}

const mds_param_info *mds_param_info_of(mds_param id)
{
    const row *r = row_of(id);
    return r ? &r->info : NULL;
}

const mds_param_info *mds_param_find(const char *name)
{
    if (!name)
        return NULL;
    table();
    for (size_t i = 0; i < NROWS; i++)
        if (!strcmp(rows[i].info.name, name) ||
            (rows[i].info.flag && !strcmp(rows[i].info.flag, name)))
            return &rows[i].info;
    return NULL;
}

mds_status mds_param_bounds(mds_param id, double *lo, double *hi, unsigned *open)
{
    const row *r = row_of(id);
    if (!r || r->info.type == MDS_TYPE_STRING)
        return MDS_EINVAL;
    if (lo)
        *lo = r->info.lo;
    if (hi)
        *hi = r->info.hi;
    if (open)
        *open = r->info.open;
    return MDS_OK;
}

int mds__param_index(mds_param id, const char *name)
{
    const row *r = row_of(id);
    return r ? name_index(r, name) : -1;
}

/* ---- the internal struct --------------------------------------------------------------------- */

mds_status mds__params_default(mds__params *v)
{
    mds_status st = table();
    *v = defaults;
    return st;
}

mds__param_value mds__params_get(const mds__params *v, mds_param id)
{
    const row *r = row_of(id);
    mds__param_value x = {0};
    return r ? get(v, r) : x;
}

mds_status mds__params_check(const mds__params *v, char *msg, size_t msg_size,
                             mds_param *param)
{
    char why[200], text[64];
    *param = (mds_param)0;
    table();
    for (size_t i = 0; i < NROWS; i++) {
        const row *r = &rows[i];
        if (r->info.type == MDS_TYPE_STRING)
            continue;
        mds__param_value x = get(v, r);
        double d = number(r, x);
        format_number(r, d, text, sizeof text);
        if (check_number(r, d, text, why, sizeof why)) {
            snprintf(msg, msg_size, "%s: %s", r->info.name, why);
            *param = r->info.id;
            return MDS_EINVAL;
        }
    }
    if (v->max_words != 0 && v->max_words < v->min_words) {
        snprintf(msg, msg_size, "max_words: %d is below min_words (%d); 0 is no limit",
                 v->max_words, v->min_words);
        *param = MDS_PARAM_MAX_WORDS;
        return MDS_EINVAL;
    }
    return MDS_OK;
}

void mds__params_clear(mds_params *p)
{
    for (size_t i = 0; i < NROWS; i++) {
        if (rows[i].info.type != MDS_TYPE_STRING)
            continue;
        mds__param_value x = get(&p->v, &rows[i]);
        mds__free((void *)x.s); /* owned: see struct mds_params */
        x.s = NULL;
        put(&p->v, &rows[i], x);
    }
}

mds_status mds__params_init(mds_params *p, const mds__params *v)
{
    mds_status st = table();
    p->v = *v;
    p->err[0] = '\0';
    p->errparam = (mds_param)0;
    for (size_t i = 0; i < NROWS; i++)
        if (rows[i].info.type == MDS_TYPE_STRING)
            put(&p->v, &rows[i], (mds__param_value){.s = NULL});
    for (size_t i = 0; i < NROWS; i++) {
        if (rows[i].info.type != MDS_TYPE_STRING)
            continue;
        mds__param_value x = get(v, &rows[i]);
        if (x.s && !(x.s = mds__strdup(x.s)))
            st = MDS_ENOMEM;
        put(&p->v, &rows[i], x);
    }
    return st;
}

/* ---- the handle ------------------------------------------------------------------------------ */

/* Records a failed set: its message and the parameter it is about (0 for none). */
static mds_status fail(mds_params *p, mds_status st, mds_param param, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static mds_status fail(mds_params *p, mds_status st, mds_param param, const char *fmt, ...)
{
    p->errparam = param;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err, sizeof p->err, fmt, ap);
    va_end(ap);
    return st;
}

mds_status mds_params_new(mds_params **out)
{
    if (!out)
        return MDS_EINVAL;
    *out = NULL;
    mds_params *p = mds__calloc(1, sizeof *p);
    if (!p)
        return MDS_ENOMEM;
    mds_status st = mds__params_init(p, &defaults);
    if (st) {
        mds_params_free(p);
        return st;
    }
    *out = p;
    return MDS_OK;
}

void mds_params_free(mds_params *p)
{
    if (!p)
        return;
    mds__params_clear(p);
    mds__free(p);
}

mds_status mds_params_dup(const mds_params *p, mds_params **out)
{
    if (!out)
        return MDS_EINVAL;
    *out = NULL;
    if (!p)
        return MDS_EINVAL;
    mds_params *q = mds__calloc(1, sizeof *q);
    if (!q)
        return MDS_ENOMEM;
    mds_status st = mds__params_init(q, &p->v);
    if (st) {
        mds_params_free(q);
        return st;
    }
    *out = q;
    return MDS_OK;
}

void mds_params_reset(mds_params *p)
{
    if (!p)
        return;
    mds__params_clear(p);
    /* Only a STRING default could fail to copy (out of memory): it is then unset. */
    (void)mds__params_init(p, &defaults);
}

/* Stores a checked value; a STRING is copied, the old copy freed. */
static mds_status store(mds_params *p, const row *r, mds__param_value x)
{
    if (r->info.type == MDS_TYPE_STRING) {
        char *copy = NULL;
        if (x.s && !(copy = mds__strdup(x.s)))
            return fail(p, MDS_ENOMEM, r->info.id, "%s: out of memory", r->info.name);
        mds__free((void *)get(&p->v, r).s);
        x.s = copy;
    }
    put(&p->v, r, x);
    return MDS_OK;
}

/* The row for a setter, or a message. */
static const row *settable(mds_params *p, mds_param id)
{
    const row *r = row_of(id);
    if (!r)
        fail(p, MDS_EINVAL, (mds_param)0, "%d is not a parameter", (int)id);
    return r;
}

static mds_status set_number(mds_params *p, const row *r, double d, const char *text)
{
    char why[200];
    if (r->info.type == MDS_TYPE_STRING)
        return fail(p, MDS_EINVAL, r->info.id, "%s: a string, not a number", r->info.name);
    if (check_number(r, d, text, why, sizeof why))
        return fail(p, MDS_EINVAL, r->info.id, "%s: %s", r->info.name, why);
    return store(p, r, from_number(r, d));
}

mds_status mds_params_set_int(mds_params *p, mds_param id, long long value)
{
    if (!p)
        return MDS_EINVAL;
    const row *r = settable(p, id);
    if (!r)
        return MDS_EINVAL;
    char text[32];
    snprintf(text, sizeof text, "%lld", value);
    return set_number(p, r, (double)value, text);
}

mds_status mds_params_set_double(mds_params *p, mds_param id, double value)
{
    if (!p)
        return MDS_EINVAL;
    const row *r = settable(p, id);
    if (!r)
        return MDS_EINVAL;
    char text[40];
    format_double(value, text, sizeof text);
    return set_number(p, r, value, text);
}

mds_status mds_params_set_string(mds_params *p, mds_param id, const char *value)
{
    if (!p)
        return MDS_EINVAL;
    const row *r = settable(p, id);
    if (!r)
        return MDS_EINVAL;
    if (!value && r->info.type != MDS_TYPE_STRING)
        return fail(p, MDS_EINVAL, r->info.id, "%s: no value", r->info.name);
    mds__param_value x = {.s = NULL};
    char why[200];
    if (value && parse(r, value, &x, why, sizeof why))
        return fail(p, MDS_EINVAL, r->info.id, "%s: %s", r->info.name, why);
    return store(p, r, x);
}

mds_status mds_params_set(mds_params *p, const char *name, const char *value)
{
    if (!p)
        return MDS_EINVAL;
    if (!name)
        return fail(p, MDS_EINVAL, (mds_param)0, "no parameter name (NULL given)");
    const mds_param_info *in = mds_param_find(name);
    if (!in)
        return fail(p, MDS_EINVAL, (mds_param)0, "'%s' is not a parameter", name);
    return mds_params_set_string(p, in->id, value);
}

mds_status mds_params_get_int(const mds_params *p, mds_param id, long long *value)
{
    const row *r = p ? row_of(id) : NULL;
    if (!r || !value || r->info.type == MDS_TYPE_DOUBLE || r->info.type == MDS_TYPE_STRING)
        return MDS_EINVAL;
    mds__param_value x = get(&p->v, r);
    *value = r->info.type == MDS_TYPE_SIZE || r->info.type == MDS_TYPE_BYTES ? (long long)x.z
                                                                            : x.i;
    return MDS_OK;
}

mds_status mds_params_get_double(const mds_params *p, mds_param id, double *value)
{
    const row *r = p ? row_of(id) : NULL;
    if (!r || !value || r->info.type == MDS_TYPE_STRING)
        return MDS_EINVAL;
    *value = number(r, get(&p->v, r));
    return MDS_OK;
}

mds_status mds_params_get_string(const mds_params *p, mds_param id, char *buf, size_t size)
{
    const row *r = p ? row_of(id) : NULL;
    if (!r || !buf || size == 0)
        return MDS_EINVAL;
    int n = format_value(r, get(&p->v, r), buf, size);
    if (n < 0 || (size_t)n >= size) {
        buf[0] = '\0';
        return MDS_EINVAL;
    }
    return MDS_OK;
}

mds_status mds_params_check(const mds_params *p)
{
    if (!p)
        return MDS_EINVAL;
    mds_param param;
    char msg[sizeof p->err];
    mds_status st = mds__params_check(&p->v, msg, sizeof msg, &param);
    if (st) { /* the failure is the handle's, not its value: it may be written through const */
        mds_params *w = (mds_params *)p;
        snprintf(w->err, sizeof w->err, "%s", msg);
        w->errparam = param;
    }
    return st;
}

const char *mds_params_errmsg(const mds_params *p) { return p ? p->err : "no parameters"; }

mds_param mds_params_errparam(const mds_params *p) { return p ? p->errparam : (mds_param)0; }
