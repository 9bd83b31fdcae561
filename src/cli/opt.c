/* SPDX-License-Identifier: MIT */
/* Option tables: the parser (getopt_long's rules, see opt.h), the value checks, and the two
 * printers, --help and the manual's Markdown. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "opt.h"

/* ---- the list -------------------------------------------------------------------------- */

int cli_optlist_add(cli_optlist *l, const cli_opt *rows, size_t n, unsigned flags)
{
    if (l->n + n > l->cap) {
        size_t cap = l->cap ? l->cap : 32;
        while (cap < l->n + n)
            cap *= 2;
        cli_opt *v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            l->oom = 1;
            return -1;
        }
        l->v = v;
        l->cap = cap;
    }
    for (size_t i = 0; i < n; i++) {
        l->v[l->n] = rows[i];
        l->v[l->n++].flags |= flags;
    }
    return 0;
}

const char *cli_optlist_printf(cli_optlist *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char **strs = len < 0 ? NULL : realloc(l->strs, (l->nstrs + 1) * sizeof *strs);
    if (!strs) {
        l->oom = 1;
        return NULL;
    }
    l->strs = strs;
    char *s = malloc((size_t)len + 1);
    if (!s) {
        l->oom = 1;
        return NULL;
    }
    va_start(ap, fmt);
    vsnprintf(s, (size_t)len + 1, fmt, ap);
    va_end(ap);
    l->strs[l->nstrs++] = s;
    return s;
}

void cli_optlist_free(cli_optlist *l)
{
    for (size_t i = 0; i < l->nstrs; i++)
        free(l->strs[i]);
    free(l->strs);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* ---- the parser ------------------------------------------------------------------------ */

void cli_parser_init(cli_parser *p, int argc, char **argv, const cli_opt *opts, size_t n)
{
    memset(p, 0, sizeof *p);
    p->argc = argc;
    p->argv = argv;
    p->opts = opts;
    p->nopts = n;
    p->i = 1;
}

static int fail(cli_parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(cli_parser *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err, sizeof p->err, fmt, ap);
    va_end(ap);
    p->shorts = NULL;
    return CLI_ERROR;
}

/* The value of a valued option: attached (`attached` not NULL) or the next argument. */
static int take_value(cli_parser *p, const char *attached)
{
    if (attached)
        p->value = attached;
    else if (p->i < p->argc)
        p->value = p->argv[p->i++];
    else
        return fail(p, "option '%s' needs a value (%s)", p->written, p->opt->metavar);
    return CLI_OPTION;
}

static int short_option(cli_parser *p)
{
    unsigned char c = (unsigned char)*p->shorts;
    if (c >= 0x80) /* not an ASCII letter: name it whole, not by its first byte */
        snprintf(p->written, sizeof p->written, "-%s", p->shorts);
    else
        snprintf(p->written, sizeof p->written, "-%c", c);
    p->shorts++;
    for (size_t k = 0; k < p->nopts; k++)
        if (p->opts[k].letter && (unsigned char)p->opts[k].letter == c) {
            p->opt = &p->opts[k];
            if (!p->opt->metavar)
                return CLI_OPTION;
            const char *rest = *p->shorts ? p->shorts : NULL;
            p->shorts = NULL;
            return take_value(p, rest);
        }
    return fail(p, "unknown option '%s'", p->written);
}

/* Does `name` (with "no-" before it when neg) start with body[0, len)? exact: is it all? */
static int name_match(const char *name, int neg, const char *body, size_t len, int exact)
{
    size_t pre = neg ? 3 : 0, nl = strlen(name);
    if (exact ? len != pre + nl : len > pre + nl)
        return 0;
    size_t a = len < pre ? len : pre;
    if (memcmp(body, "no-", a) != 0)
        return 0;
    return len <= pre || memcmp(body + pre, name, len - pre) == 0;
}

static int long_option(cli_parser *p, const char *body)
{
    const char *eq = strchr(body, '=');
    size_t len = eq ? (size_t)(eq - body) : strlen(body);
    snprintf(p->written, sizeof p->written, "--%.*s", (int)len, body);
    /* An exact name first; else the rows it is a prefix of, one name counted once. */
    const cli_opt *hit = NULL;
    int hit_neg = 0;
    for (int exact = 1; exact >= 0 && !hit; exact--) {
        size_t found = 0;
        char list[400] = "";
        for (size_t k = 0; k < p->nopts; k++) {
            const cli_opt *o = &p->opts[k];
            for (int neg = 0; o->name && neg <= !!(o->flags & CLI_OPT_NEGATABLE); neg++) {
                if (!name_match(o->name, neg, body, len, exact))
                    continue;
                int dup = 0;
                for (size_t j = 0; j < k && !dup; j++)
                    dup = p->opts[j].name && !strcmp(p->opts[j].name, o->name);
                if (dup)
                    continue;
                if (found++ == 0) {
                    hit = o;
                    hit_neg = neg;
                }
                size_t used = strlen(list);
                snprintf(list + used, sizeof list - used, "%s--%s%s", used ? ", " : "",
                         neg ? "no-" : "", o->name);
            }
        }
        if (found > 1)
            return fail(p, "option '%s' is ambiguous: %s", p->written, list);
    }
    if (!hit)
        return fail(p, "unknown option '%s'", p->written);
    p->opt = hit;
    p->negated = hit_neg;
    if (!hit->metavar) {
        if (eq)
            return fail(p, "option '%s' takes no value", p->written);
        return CLI_OPTION;
    }
    return take_value(p, eq ? eq + 1 : NULL);
}

int cli_parse(cli_parser *p)
{
    p->opt = NULL;
    p->value = NULL;
    p->negated = 0;
    p->written[0] = '\0';
    if (p->shorts && *p->shorts)
        return short_option(p);
    p->shorts = NULL;
    while (p->i < p->argc) {
        const char *s = p->argv[p->i++];
        if (p->operands_only || s[0] != '-' || s[1] == '\0') {
            p->value = s;
            return CLI_OPERAND;
        }
        if (s[1] != '-') {
            p->shorts = s + 1;
            return short_option(p);
        }
        if (s[2] != '\0')
            return long_option(p, s + 2);
        p->operands_only = 1; /* "--" */
    }
    return CLI_END;
}

/* ---- values ----------------------------------------------------------------------------- */

int cli_opt_fail(cli_parser *p, const char *fmt, ...)
{
    int n = snprintf(p->err, sizeof p->err, "%s: ", p->written);
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < sizeof p->err)
        vsnprintf(p->err + n, sizeof p->err - (size_t)n, fmt, ap);
    va_end(ap);
    return 0;
}

int cli_opt_long(cli_parser *p, long lo, long hi, long *out)
{
    const char *s = p->value;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno)
        return cli_opt_fail(p, "'%s' is not a whole number", s);
    if (v < lo || v > hi)
        return cli_opt_fail(p, "%ld is out of range [%ld, %ld]", v, lo, hi);
    *out = v;
    return 1;
}

int cli_opt_double(cli_parser *p, double lo, double hi, double *out)
{
    const char *s = p->value;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!*s || *end || errno || !isfinite(v))
        return cli_opt_fail(p, "'%s' is not a number", s);
    if (v < lo || v > hi)
        return cli_opt_fail(p, "%g is out of range [%g, %g]", v, lo, hi);
    *out = v;
    return 1;
}

/* "a, b or c" into buf. */
static void or_list(const char *const *names, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t i = 0; names[i]; i++) {
        size_t used = strlen(buf);
        snprintf(buf + used, size - used, "%s%s", i == 0 ? "" : names[i + 1] ? ", " : " or ",
                 names[i]);
    }
}

int cli_opt_choice(cli_parser *p, int *out)
{
    const char *const *c = p->opt->choices;
    for (int i = 0; c && c[i]; i++)
        if (!strcmp(p->value, c[i])) {
            *out = i;
            return 1;
        }
    char list[256] = "";
    if (c)
        or_list(c, list, sizeof list);
    return cli_opt_fail(p, "'%s' is not %s", p->value, list);
}

/* ---- help ------------------------------------------------------------------------------- */

enum { WIDTH = 80, HELP_COL = 23 };

static int same_section(const cli_opt *a, const cli_opt *b)
{
    return a->section == b->section ||
           (a->section && b->section && !strcmp(a->section, b->section));
}

static int word_char(char c)
{
    return c == '-' || c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Is `word` in `text` as a whole word? */
static int mentions(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *s = text; (s = strstr(s, word)) != NULL; s++)
        if ((s == text || !word_char(s[-1])) && !word_char(s[n]))
            return 1;
    return 0;
}

/* "-o, --output FILE", "-m, --[no-]stem", "--force". */
static void help_label(const cli_opt *o, char *buf, size_t size)
{
    int n = 0;
    if (o->letter && o->name)
        n = snprintf(buf, size, "-%c, ", o->letter);
    else if (o->letter)
        n = snprintf(buf, size, "-%c", o->letter);
    if (o->name)
        n += snprintf(buf + n, size - (size_t)n, "--%s%s",
                      o->flags & CLI_OPT_NEGATABLE ? "[no-]" : "", o->name);
    if (o->metavar)
        snprintf(buf + n, size - (size_t)n, " %s", o->metavar);
}

/* Writes text[0, n) from column `col` on, words wrapped at WIDTH onto lines indented
 * `indent`, and a newline. */
static void wrap(FILE *f, int col, int indent, const char *text, size_t n)
{
    int fresh = 1; /* nothing written after the indent yet */
    for (const char *s = text, *e = text + n; s < e;) {
        while (s < e && *s == ' ')
            s++;
        size_t w = 0;
        while (s + w < e && s[w] != ' ')
            w++;
        if (!w)
            break;
        if (!fresh && col + 1 + (int)w > WIDTH) {
            fprintf(f, "\n%*s", indent, "");
            col = indent;
            fresh = 1;
        }
        if (!fresh) {
            fputc(' ', f);
            col++;
        }
        fwrite(s, 1, w, f);
        col += (int)w;
        fresh = 0;
        s += w;
    }
    fputc('\n', f);
}

static void help_row(FILE *f, const cli_opt *o)
{
    char label[128], text[1024], list[256];
    help_label(o, label, sizeof label);
    int n = snprintf(text, sizeof text, "%s", o->help ? o->help : "");
    if (o->choices) {
        int all = 1;
        for (size_t i = 0; o->choices[i] && all; i++)
            all = mentions(text, o->choices[i]);
        if (!all) {
            or_list(o->choices, list, sizeof list);
            n += snprintf(text + n, sizeof text - (size_t)n, ": %s", list);
        }
    }
    if (o->def && n >= 0 && (size_t)n < sizeof text)
        snprintf(text + n, sizeof text - (size_t)n, " (default%s %s)",
                 strchr(o->def, ' ') ? ":" : "", o->def); /* "(default: the model's)" */
    int col = fprintf(f, "  %s", label);
    if (col < HELP_COL - 1) {
        fprintf(f, "%*s", HELP_COL - col, "");
        col = HELP_COL;
    } else {
        fputs("  ", f);
        col += 2;
    }
    wrap(f, col, HELP_COL, text, strlen(text));
}

void cli_opt_wrap(FILE *f, const char *text)
{
    for (const char *s = text; *s;) {
        size_t n = strcspn(s, "\n");
        if (s[0] == ' ' || n == 0)
            fprintf(f, "%.*s\n", (int)n, s);
        else
            wrap(f, 0, 0, s, n);
        s += n + (s[n] == '\n');
    }
}

void cli_opt_help(FILE *f, const cli_opt *opts, size_t n)
{
    int first = 1;
    for (size_t i = 0; i < n; i++) {
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = same_section(&opts[j], &opts[i]);
        if (seen)
            continue;
        if (!first)
            fputc('\n', f);
        first = 0;
        if (opts[i].section)
            fprintf(f, "%s:\n", opts[i].section);
        for (size_t j = i; j < n; j++)
            if (same_section(&opts[j], &opts[i]))
                help_row(f, &opts[j]);
    }
}

/* ---- the manual ------------------------------------------------------------------------- */

/* Text for a table cell: "|" escaped. */
static void md_cell(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|')
            fputc('\\', f);
        fputc(*s, f);
    }
}

/* "`-o FILE`, `--output FILE`", "`--clean`, `--no-clean`", "`--graph auto\|dense\|sparse`". */
static void md_value(FILE *f, const cli_opt *o)
{
    if (!o->metavar)
        return;
    fputc(' ', f);
    if (!o->choices) {
        md_cell(f, o->metavar);
        return;
    }
    for (size_t i = 0; o->choices[i]; i++) {
        if (i)
            fputs("\\|", f);
        md_cell(f, o->choices[i]);
    }
}

static void md_row(FILE *f, const cli_opt *o)
{
    fputs("| ", f);
    if (o->letter) {
        fprintf(f, "`-%c", o->letter);
        md_value(f, o);
        fputc('`', f);
    }
    if (o->name) {
        fprintf(f, "%s`--%s", o->letter ? ", " : "", o->name);
        md_value(f, o);
        fputc('`', f);
        if (o->flags & CLI_OPT_NEGATABLE)
            fprintf(f, ", `--no-%s`", o->name);
    }
    fputs(" | ", f);
    md_cell(f, o->help);
    fputs(" | ", f);
    md_cell(f, o->def);
    fputs(" |\n", f);
}

void cli_opt_markdown(FILE *f, const cli_opt *opts, size_t n, int common)
{
    int first = 1;
#define SHOWN(o) (common || !((o)->flags & CLI_OPT_COMMON))
    for (size_t i = 0; i < n; i++) {
        if (!SHOWN(&opts[i]))
            continue;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = SHOWN(&opts[j]) && same_section(&opts[j], &opts[i]);
        if (seen)
            continue;
        if (!first)
            fputc('\n', f);
        first = 0;
        if (opts[i].section)
            fprintf(f, "%s:\n\n", opts[i].section);
        fputs("| option | meaning | default |\n| --- | --- | --- |\n", f);
        for (size_t j = i; j < n; j++)
            if (SHOWN(&opts[j]) && same_section(&opts[j], &opts[i]))
                md_row(f, &opts[j]);
    }
#undef SHOWN
}
