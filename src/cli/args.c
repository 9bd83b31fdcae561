/* Argument scanning and strict parsing of option values. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_next(cli_args *a, const char **opt, const char **operand)
{
    a->inline_value = NULL;
    while (a->i < a->argc) {
        char *s = a->argv[a->i++];
        if (a->only_operands || s[0] != '-' || s[1] == '\0') {
            *operand = s;
            return 2;
        }
        if (strcmp(s, "--") == 0) {
            a->only_operands = 1;
            continue;
        }
        char *eq = s[1] == '-' ? strchr(s, '=') : NULL;
        if (eq) {
            /* "--words=100": split in a copy-free way by remembering the value. */
            static char name[64];
            size_t n = (size_t)(eq - s);
            if (n >= sizeof name)
                n = sizeof name - 1;
            memcpy(name, s, n);
            name[n] = '\0';
            a->opt = name;
            a->inline_value = eq + 1;
        } else {
            a->opt = s;
        }
        *opt = a->opt;
        return 1;
    }
    return 0;
}

const char *cli_value(cli_args *a)
{
    if (a->inline_value)
        return a->inline_value;
    if (a->i >= a->argc) {
        cli_usage_error("option %s needs a value", a->opt);
        return NULL;
    }
    return a->argv[a->i++];
}

int cli_no_value(cli_args *a)
{
    if (a->inline_value) {
        cli_usage_error("option %s takes no value", a->opt);
        return 0;
    }
    return 1;
}

int cli_parse_int(const char *opt, const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno) {
        cli_usage_error("%s: '%s' is not a whole number", opt, s);
        return 0;
    }
    if (v < lo || v > hi) {
        cli_usage_error("%s: %ld is out of range [%ld, %ld]", opt, v, lo, hi);
        return 0;
    }
    *out = v;
    return 1;
}

int cli_parse_size(const char *opt, const char *s, size_t lo, size_t hi, size_t *out)
{
    long v;
    if (!cli_parse_int(opt, s, (long)lo, (long)hi, &v))
        return 0;
    *out = (size_t)v;
    return 1;
}

int cli_parse_double(const char *opt, const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!*s || *end || errno || !isfinite(v)) {
        cli_usage_error("%s: '%s' is not a number", opt, s);
        return 0;
    }
    if (v < lo || v > hi) {
        cli_usage_error("%s: %g is out of range [%g, %g]", opt, v, lo, hi);
        return 0;
    }
    *out = v;
    return 1;
}
