/* The options every summarizing command shares (one cluster, or a batch of them): length,
 * format, model, verbosity, and an option for every parameter the library's table gives a
 * flag; and their help, from the same table. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cli_options_init(cli_options *o)
{
    memset(o, 0, sizeof *o);
    o->format = MDS_FORMAT_TEXT;
    mds_status st = mds_params_new(&o->p);
    if (st) {
        cli_error("parameters: %s", mds_strerror(st));
        return cli_exit_code(st);
    }
    return EXIT_OK;
}

void cli_options_free(cli_options *o)
{
    mds_params_free(o->p);
    o->p = NULL;
}

/* One of `names` (NULL-terminated) picked by `v`; a usage error naming them otherwise. */
static int pick(const char *opt, const char *v, const char *const *names, int *out)
{
    for (int i = 0; names[i]; i++)
        if (!strcmp(v, names[i])) {
            *out = i;
            return 1;
        }
    char list[128] = "";
    for (int i = 0; names[i]; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                 i == 0 ? "" : names[i + 1] ? ", " : " or ", names[i]);
    cli_usage_error("%s: '%s' is not %s", opt, v, list);
    return 0;
}

/* A usage error for a value the library refused: its message starts with the parameter's
 * name, which the user knows as `opt`. Returns -1. */
static int refused(const char *opt, const mds_params *p, const mds_param_info *in)
{
    const char *m = mds_params_errmsg(p);
    size_t n = strlen(in->name);
    if (!strncmp(m, in->name, n) && !strncmp(m + n, ": ", 2))
        m += n + 2;
    cli_usage_error("%s: %s", opt, m);
    return -1;
}

/* The parameter whose flag `opt` is ("--damping"), or for a BOOL "--no-" and its flag
 * (*negated set); NULL when none. */
static const mds_param_info *param_of(const char *opt, int *negated)
{
    *negated = 0;
    if (strncmp(opt, "--", 2) != 0)
        return NULL;
    const char *name = opt + 2;
    for (size_t i = 0; i < mds_param_count(); i++) {
        const mds_param_info *in = mds_param_at(i);
        if (!in->flag)
            continue;
        if (!strcmp(in->flag, name))
            return in;
        if (in->type == MDS_TYPE_BOOL && !strncmp(name, "no-", 3) && !strcmp(in->flag, name + 3)) {
            *negated = 1;
            return in;
        }
    }
    return NULL;
}

int cli_common_option(cli_args *a, const char *opt, cli_options *o)
{
    static const char *const formats[] = {"text", "json", "jsonl", NULL};
    const char *v = NULL;
    int k, negated;
    const mds_param_info *in = param_of(opt, &negated);
    if (in && in->type == MDS_TYPE_BOOL) {
        if (!cli_no_value(a))
            return -1;
        return mds_params_set_int(o->p, in->id, !negated) ? refused(opt, o->p, in) : 1;
    }
    if (in) {
        if (!(v = cli_value(a)))
            return -1;
        return mds_params_set_string(o->p, in->id, v) ? refused(opt, o->p, in) : 1;
    }
    /* Options without a value first; then every other one takes exactly one. */
    if (!strcmp(opt, "-v") || !strcmp(opt, "--verbose") || !strcmp(opt, "-q") ||
        !strcmp(opt, "--quiet") || !strcmp(opt, "--cpu")) {
        if (!cli_no_value(a))
            return -1;
        if (opt[1] == 'v' || !strcmp(opt, "--verbose"))
            cli_verbosity = 2;
        else if (opt[1] == 'q' || !strcmp(opt, "--quiet"))
            cli_verbosity = 0;
        else
            mds_params_set_int(o->p, MDS_PARAM_BACKEND, MDS_BACKEND_CPU);
        return 1;
    }
    static const char *const valued[] = {"--words", "--bytes",  "--sentences", "--format",
                                         "-o",      "--output", "--model",     NULL};
    int known = 0;
    for (int i = 0; valued[i] && !known; i++)
        known = !strcmp(opt, valued[i]);
    if (!known)
        return 0;
    int length = !strcmp(opt, "--words") || !strcmp(opt, "--bytes") ||
                 !strcmp(opt, "--sentences");
    if (length) {
        const char *canon = opt[2] == 'w' ? "--words" : opt[2] == 'b' ? "--bytes" : "--sentences";
        if (o->lengthopt && strcmp(o->lengthopt, canon) != 0) {
            cli_usage_error("%s and %s cannot be used together", o->lengthopt, opt);
            return -1;
        }
        o->lengthopt = canon;
    }
    if (!(v = cli_value(a)))
        return -1;
    if (length) {
        if (mds_params_set_string(o->p, MDS_PARAM_BUDGET, v))
            return refused(opt, o->p, mds_param_info_of(MDS_PARAM_BUDGET));
        mds_params_set_int(o->p, MDS_PARAM_UNIT,
                           opt[2] == 'w'   ? MDS_BUDGET_WORDS
                           : opt[2] == 'b' ? MDS_BUDGET_BYTES
                                           : MDS_BUDGET_SENTENCES);
    } else if (!strcmp(opt, "--format")) {
        if (!pick(opt, v, formats, &k))
            return -1;
        o->format = (mds_format)k;
    } else if (!strcmp(opt, "-o") || !strcmp(opt, "--output")) {
        o->output = v;
    } else if (!strcmp(opt, "--model")) {
        o->model = v;
    }
    return 1;
}

void cli_library_error(const mds_ctx *ctx)
{
    const mds_param_info *in = mds_param_info_of(mds_errparam(ctx));
    if (in && in->flag)
        cli_error("%s (see --%s)", mds_errmsg(ctx), in->flag);
    else
        cli_error("%s", mds_errmsg(ctx));
}

/* One help entry: `left` from column 2, `text` from column 23, wrapped within 80 columns. */
static void help_entry(const char *left, const char *text)
{
    enum { COL = 23, WIDTH = 79 };
    int col = printf("  %s", left);
    if (col > COL - 2) {
        putchar('\n');
        col = 0;
    }
    printf("%*s", COL - col, "");
    col = COL;
    for (const char *w = text; *w;) {
        int len = (int)strcspn(w, " ");
        if (col > COL && col + 1 + len > WIDTH) {
            printf("\n%*s", COL, "");
            col = COL;
        } else if (col > COL) {
            putchar(' ');
            col++;
        }
        col += printf("%.*s", len, w);
        w += len;
        while (*w == ' ')
            w++;
    }
    putchar('\n');
}

void cli_help_length(void)
{
    char text[64];
    snprintf(text, sizeof text, "at most N words (default %s)",
             mds_param_info_of(MDS_PARAM_BUDGET)->def);
    printf("Length (one of):\n");
    help_entry("--words N", text);
    help_entry("--bytes N", "at most N bytes, sentences joined by one space");
    help_entry("--sentences N", "at most N sentences");
    printf("\n");
}

void cli_help_shared(void)
{
    printf("Model:\n");
    help_entry("--model FILE", "a model made by 'model build' (default: built-in English)");
    printf("\nParameters:\n");
    for (size_t i = 0; i < mds_param_count(); i++) {
        const mds_param_info *in = mds_param_at(i);
        if (!in->flag)
            continue;
        char left[64], text[512], choices[160] = "";
        if (in->type == MDS_TYPE_BOOL)
            snprintf(left, sizeof left, "--%s, --no-%s", in->flag, in->flag);
        else
            snprintf(left, sizeof left, "--%s %s", in->flag, in->metavar ? in->metavar : "X");
        for (size_t k = 0; in->names && in->names[k]; k++)
            snprintf(choices + strlen(choices), sizeof choices - strlen(choices), "%s%s",
                     k == 0 ? "" : in->names[k + 1] ? ", " : " or ", in->names[k]);
        const char *def = in->def;
        if (in->type == MDS_TYPE_BOOL && def)
            def = strcmp(def, "0") ? "on" : "off";
        snprintf(text, sizeof text, "%s%s%s%s%s%s%s", in->help, choices[0] || def ? " (" : "",
                 choices, choices[0] && def ? "; " : "", def ? "default " : "", def ? def : "",
                 choices[0] || def ? ")" : "");
        help_entry(left, text);
    }
    help_entry("--cpu", "same as --backend cpu");
    printf("\n");
    help_entry("-v, --verbose", "statistics and timings on stderr");
    help_entry("-q, --quiet", "no warnings");
    help_entry("-h, --help", "this help");
    help_entry("--version", "the version");
    printf("\n");
}
