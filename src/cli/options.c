/* SPDX-License-Identifier: MIT */
/* The options every summarizing command shares (one cluster, or a batch of them): the
 * length, --format and --model, which are the program's; a row per parameter of the
 * library's table, made from that table, so a new parameter needs no edit here; and the
 * advice the program adds when a failure is about a parameter. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char *const formats[] = {"text", "json", "jsonl", "html", NULL};

/* The length options: ref is the mds_budget_unit, and the unit's name is its long name. */
static const cli_opt length_rows[] = {
    {"words", 0, "N", OPT_LENGTH, MDS_BUDGET_WORDS, 0, "Length (one of)",
     "at most N words, as ROUGE counts them", NULL, NULL},
    {"bytes", 0, "N", OPT_LENGTH, MDS_BUDGET_BYTES, 0, "Length (one of)",
     "at most N bytes, as text output prints them", NULL, NULL},
    {"sentences", 0, "N", OPT_LENGTH, MDS_BUDGET_SENTENCES, 0, "Length (one of)",
     "at most N sentences", NULL, NULL},
};

static const cli_opt front_rows[] = {
    {"format", 0, "FMT", OPT_FORMAT, 0, 0, "Output",
     "text (one sentence a line), json (an object), jsonl (the object on one line) or html "
     "(a page: the summary linked into its documents)", "text",
     formats},
    {"model", 0, "FILE", OPT_MODEL, 0, 0, "Model and language",
     "a model made by 'summarize model build'", "the built-in English model", NULL},
};

static const cli_opt back_rows[] = {
    {"cpu", 0, NULL, OPT_CPU, 0, 0, "Compute", "same as --backend cpu", NULL, NULL},
};

/* Where the parameters are listed in help: each section from its first parameter on, in
 * the order of the library's table; a parameter added anywhere lands in its neighbours'. */
static const struct {
    const char *title;
    mds_param first;
} param_sections[] = {
    {"Output", MDS_PARAM_UNIT},
    {"Model and language", MDS_PARAM_LANG},
    {"Ranking and selection", MDS_PARAM_LEXRANK},
    {"Compute", MDS_PARAM_BACKEND},
    {"Input", MDS_PARAM_MAX_INPUT},
    {"Query", MDS_PARAM_QUERY_TELEPORT},
};

int cli_options_init(cli_options *o)
{
    memset(o, 0, sizeof *o);
    o->format = MDS_FORMAT_TEXT;
    return mds_params_new(&o->p) == MDS_OK ? 0 : -1;
}

void cli_options_free(cli_options *o)
{
    mds_params_free(o->p);
    o->p = NULL;
}

int cli_summary_options(cli_optlist *l)
{
    mds_params *d = NULL;
    if (mds_params_new(&d) != MDS_OK)
        return -1;
    size_t first = l->n;
    cli_optlist_add(l, length_rows, sizeof length_rows / sizeof *length_rows, CLI_OPT_COMMON);
    /* the default length is the budget in the default unit */
    const mds_param_info *unit = mds_param_info_of(MDS_PARAM_UNIT);
    const mds_param_info *budget = mds_param_info_of(MDS_PARAM_BUDGET);
    for (size_t i = first; i < l->n && unit && unit->def && budget; i++)
        if (!strcmp(l->v[i].name, unit->def))
            l->v[i].def = budget->def;
    cli_optlist_add(l, front_rows, sizeof front_rows / sizeof *front_rows, CLI_OPT_COMMON);

    const char *section = param_sections[0].title;
    for (size_t i = 0; i < mds_param_count(); i++) {
        const mds_param_info *in = mds_param_at(i);
        for (size_t s = 0; s < sizeof param_sections / sizeof *param_sections; s++)
            if (in->id == param_sections[s].first)
                section = param_sections[s].title;
        if (!in->flag)
            continue; /* set through another option, as --words sets unit and budget */
        cli_opt r = {
            .name = in->flag,
            .metavar = in->metavar ? in->metavar : "VALUE",
            .id = OPT_PARAM,
            .ref = (int)in->id,
            .section = section,
            .help = in->help,
            .def = in->def,
        };
        if (in->type == MDS_TYPE_ENUM || in->type == MDS_TYPE_SELECTOR)
            r.choices = in->names;
        if (in->type == MDS_TYPE_BOOL) {
            long long on = 0;
            mds_params_get_int(d, in->id, &on);
            r.metavar = NULL;
            r.flags = CLI_OPT_NEGATABLE;
            r.def = on ? "on" : "off";
        }
        cli_optlist_add(l, &r, 1, CLI_OPT_COMMON);
    }
    cli_optlist_add(l, back_rows, sizeof back_rows / sizeof *back_rows, CLI_OPT_COMMON);
    mds_params_free(d);
    return l->oom ? -1 : 0;
}

static const char *flag_of(mds_param id)
{
    const mds_param_info *in = mds_param_info_of(id);
    return in && in->flag ? in->flag : NULL;
}

/* The library's message for a failure about parameter id without the parameter's name in
 * front ("max_words: 3 is below ..." gives "3 is below ..."), for the program to put its
 * option there instead; the whole message when it does not start with the name. */
static const char *reason(const char *msg, mds_param id)
{
    const mds_param_info *in = mds_param_info_of(id);
    size_t n = in ? strlen(in->name) : 0;
    if (n && !strncmp(msg, in->name, n) && msg[n] == ':' && msg[n + 1] == ' ')
        return msg + n + 2;
    return msg;
}

/* The library's reason a parameter was refused, after the option as written instead of the
 * parameter's name: "--words: 0 is out of range [1, 100000000]". */
static int refused(cli_parser *p, cli_options *o, mds_param id)
{
    cli_opt_fail(p, "%s", reason(mds_params_errmsg(o->p), id));
    return -1;
}

/* Sets a parameter from text; -1 with the reason in p->err. */
static int set(cli_parser *p, cli_options *o, mds_param id, const char *text)
{
    return mds_params_set_string(o->p, id, text) == MDS_OK ? 1 : refused(p, o, id);
}

int cli_options_apply(cli_parser *p, cli_options *o)
{
    const cli_opt *r = p->opt;
    int k;
    switch (r->id) {
    case OPT_PARAM:
        if (!r->metavar) /* a BOOL: --NAME or --no-NAME */
            return mds_params_set_int(o->p, (mds_param)r->ref, !p->negated) == MDS_OK
                       ? 1
                       : refused(p, o, (mds_param)r->ref);
        return set(p, o, (mds_param)r->ref, p->value);
    case OPT_LENGTH:
        if (o->lengthopt && strcmp(o->lengthopt, r->name) != 0) {
            snprintf(p->err, sizeof p->err, "--%s and %s cannot be used together",
                     o->lengthopt, p->written);
            return -1;
        }
        o->lengthopt = r->name;
        if (set(p, o, MDS_PARAM_BUDGET, p->value) < 0)
            return -1;
        return mds_params_set_int(o->p, MDS_PARAM_UNIT, r->ref) == MDS_OK
                   ? 1
                   : refused(p, o, MDS_PARAM_UNIT);
    case OPT_FORMAT:
        if (!cli_opt_choice(p, &k))
            return -1;
        o->format = (mds_format)k;
        /* the page shows the documents, which the run keeps only when asked */
        return mds_params_set_int(o->p, MDS_PARAM_REPORT, k == MDS_FORMAT_HTML) == MDS_OK
                   ? 1
                   : refused(p, o, MDS_PARAM_REPORT);
    case OPT_MODEL:
        o->model = p->value;
        return 1;
    case OPT_CPU:
        return set(p, o, MDS_PARAM_BACKEND, "cpu");
    }
    return 0;
}

int cli_options_check(const cli_options *o)
{
    if (mds_params_check(o->p) == MDS_OK)
        return EXIT_OK;
    /* what no single option could refuse (--max-words below --min-words): named by the
     * option of the parameter it is about, as a refused option is */
    const char *msg = mds_params_errmsg(o->p);
    mds_param id = mds_params_errparam(o->p);
    const char *flag = flag_of(id);
    if (!flag && (id == MDS_PARAM_BUDGET || id == MDS_PARAM_UNIT))
        flag = o->lengthopt; /* set through --words, --bytes or --sentences */
    if (!flag || msg == reason(msg, id))
        return cli_usage_error("%s", msg);
    return cli_usage_error("--%s: %s", flag, reason(msg, id));
}

const char *cli_advice(mds_param param, char *buf, size_t size)
{
    const char *flag = param ? flag_of(param) : NULL;
    if (!flag)
        return NULL;
    /* the library's words ("raise the budget or use the sparse graph", "... keep fewer
     * neighbours") with the options that say them */
    if (param == MDS_PARAM_MEMORY && flag_of(MDS_PARAM_GRAPH) && flag_of(MDS_PARAM_NEIGHBORS))
        snprintf(buf, size, "the budget is --%s, the graph --%s, its neighbours --%s", flag,
                 flag_of(MDS_PARAM_GRAPH), flag_of(MDS_PARAM_NEIGHBORS));
    else if (param == MDS_PARAM_MAX_INPUT)
        snprintf(buf, size, "raise the limit with --%s SIZE", flag);
    else if (param == MDS_PARAM_LANG)
        snprintf(buf, size, "--%s takes auto or a language by name or ISO 639-1 code, such "
                            "as german or fr ('summarize --help' lists them)", flag);
    else
        snprintf(buf, size, "the option is --%s", flag);
    return buf;
}

const char *cli_empty_summary(const cli_options *o, char *buf, size_t size)
{
    char unit[32], budget[32];
    if (mds_params_get_string(o->p, MDS_PARAM_UNIT, unit, sizeof unit) != MDS_OK ||
        mds_params_get_string(o->p, MDS_PARAM_BUDGET, budget, sizeof budget) != MDS_OK)
        snprintf(buf, size, "no sentence fits the length budget: the summary would be empty");
    else
        snprintf(buf, size, "no sentence fits in --%s %s: the summary would be empty; give "
                            "a larger budget", unit, budget);
    return buf;
}

mds_status cli_cluster_setup(const cli_options *o, mds_cluster *cl)
{
    long long most = 0, strict = 0, format = 0;
    char enc[256];
    mds_status st;
    if ((st = mds_params_get_int(o->p, MDS_PARAM_MAX_INPUT, &most)) ||
        (st = mds_cluster_set_max_input(cl, (uint64_t)most)) ||
        (st = mds_params_get_int(o->p, MDS_PARAM_INPUT_FORMAT, &format)) ||
        (st = mds_cluster_set_input_format(cl, (mds_input_format)format)) ||
        (st = mds_params_get_int(o->p, MDS_PARAM_STRICT_UTF8, &strict)) ||
        (st = mds_params_get_string(o->p, MDS_PARAM_ENCODING, enc, sizeof enc)))
        return st;
    return mds_cluster_set_encoding(cl, enc[0] ? enc : NULL, (int)strict);
}

void cli_lib_error(const mds_ctx *ctx)
{
    char advice[256];
    if (cli_advice(mds_errparam(ctx), advice, sizeof advice))
        cli_error("%s; %s", mds_errmsg(ctx), advice);
    else
        cli_error("%s", mds_errmsg(ctx));
}
