/* SPDX-License-Identifier: MIT */
/* summarize help [--manual] [COMMAND]: a command's help, or its options as the manual's
 * tables; and what every command shares: the commands' list, -h, -V, -q, -v. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_command *const commands[] = {
    &cli_cmd_summarize, &cli_cmd_batch, &cli_cmd_model, &cli_cmd_eval, &cli_cmd_extract,
    &cli_cmd_help,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

const cli_command *cli_command_find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(name, commands[i]->name ? commands[i]->name : "summarize"))
            return commands[i];
    return NULL;
}

static const cli_opt general_rows[] = {
    {"help", 'h', NULL, OPT_HELP, 0, 0, "Other", "this help", NULL, NULL},
    {"version", 'V', NULL, OPT_VERSION, 0, 0, "Other",
     "the version and the compute backends built in", NULL, NULL},
    {"quiet", 'q', NULL, OPT_QUIET, 0, 0, "Other", "no warnings, no progress bar", NULL, NULL},
    {"verbose", 'v', NULL, OPT_VERBOSE, 0, 0, "Other", "statistics and timings on stderr",
     NULL, NULL},
};

int cli_general_options(cli_optlist *l)
{
    return cli_optlist_add(l, general_rows, sizeof general_rows / sizeof *general_rows,
                           CLI_OPT_COMMON);
}

int cli_general(const cli_parser *p, const cli_command *c, const cli_optlist *l)
{
    switch (p->opt->id) {
    case OPT_HELP:
        cli_help(c, l);
        return 1;
    case OPT_VERSION:
        cli_version();
        return 1;
    case OPT_QUIET:
        cli_verbosity = 0;
        return 0;
    case OPT_VERBOSE:
        cli_verbosity = 2;
        return 0;
    }
    return -1;
}

int cli_command_options(const cli_command *c, cli_optlist *l)
{
    if (c->options(l) != 0 || l->oom) {
        cli_error("out of memory");
        return -1;
    }
    return 0;
}

int cli_parse_args(const cli_command *c, int argc, char **argv, cli_take_fn take, void *arg,
                   const char **ops, size_t *nops)
{
    cli_optlist l = {0};
    int rc = -1, k;
    if (cli_command_options(c, &l)) {
        cli_optlist_free(&l);
        return EXIT_INTERNAL;
    }
    cli_parser a;
    cli_parser_init(&a, argc, argv, l.v, l.n);
    while (rc < 0 && (k = cli_parse(&a)) != CLI_END) {
        if (k == CLI_OPERAND) {
            ops[(*nops)++] = a.value;
            continue;
        }
        int r = k == CLI_ERROR ? -1 : take(&a, arg);
        if (r == 0 && (r = cli_general(&a, c, &l)) > 0)
            rc = EXIT_OK; /* help or version printed */
        else if (r < 0)
            rc = cli_usage_error("%s", a.err);
    }
    cli_optlist_free(&l);
    return rc;
}

void cli_help(const cli_command *c, const cli_optlist *l)
{
    const char *s = c->synopsis;
    for (int first = 1; *s; first = 0) {
        size_t n = strcspn(s, "\n");
        printf("%s %s %.*s\n", first ? "Usage:" : "      ", cli_prog, (int)n, s);
        s += n + (s[n] == '\n');
    }
    putchar('\n');
    cli_opt_wrap(stdout, c->about);
    putchar('\n');
    cli_opt_help(stdout, l->v, l->n);
    if (c->epilogue) {
        putchar('\n');
        cli_opt_wrap(stdout, c->epilogue);
    }
}

void cli_version(void)
{
    printf("%s (mds) %s\nbackends:", cli_prog, mds_version());
    for (size_t i = 0; i < mds_backend_count(); i++)
        printf(" %s", mds_backend_name(i));
    putchar('\n');
}

/* ---- the help command --------------------------------------------------------------------- */

enum { OPT_MANUAL = OPT_COMMAND };

static const cli_opt help_rows[] = {
    {"manual", 0, NULL, OPT_MANUAL, 0, 0, "Help",
     "the command's options as Markdown tables, as docs/summarize.1.md has them", NULL, NULL},
};

static int help_options(cli_optlist *l)
{
    cli_optlist_add(l, help_rows, sizeof help_rows / sizeof *help_rows, 0);
    return cli_general_options(l);
}

static int run_help(int argc, char **argv)
{
    cli_optlist l = {0}, cl = {0};
    const char *ops[3] = {NULL, NULL, NULL};
    int nops = 0, manual = 0, rc = EXIT_OK, k;
    if (cli_command_options(&cli_cmd_help, &l))
        return EXIT_INTERNAL;
    cli_parser p;
    cli_parser_init(&p, argc, argv, l.v, l.n);
    while ((k = cli_parse(&p)) != CLI_END) {
        if (k == CLI_ERROR) {
            rc = cli_usage_error("%s", p.err);
            goto done;
        }
        if (k == CLI_OPERAND) {
            if (nops == 2) {
                rc = cli_usage_error("help: one command at a time");
                goto done;
            }
            ops[nops++] = p.value;
            continue;
        }
        if (p.opt->id == OPT_MANUAL) {
            manual = 1;
            continue;
        }
        if (cli_general(&p, &cli_cmd_help, &l) > 0)
            goto done;
    }
    /* "help model build" is "help model" */
    if (nops == 2 && (strcmp(ops[0], "model") != 0 || strcmp(ops[1], "build") != 0)) {
        rc = cli_usage_error("help: one command at a time");
        goto done;
    }
    const cli_command *c = cli_command_find(nops ? ops[0] : "summarize");
    if (!c) {
        char list[128] = "";
        for (size_t i = 0; i < NCOMMANDS; i++) {
            size_t used = strlen(list);
            snprintf(list + used, sizeof list - used, "%s%s",
                     i == 0 ? "" : i + 1 < NCOMMANDS ? ", " : " or ",
                     commands[i]->name ? commands[i]->name : "summarize");
        }
        rc = cli_usage_error("help: no command '%s': %s", ops[0], list);
        goto done;
    }
    if (cli_command_options(c, &cl)) {
        rc = EXIT_INTERNAL;
        goto done;
    }
    if (manual) /* the shared options once, in the program's own tables */
        cli_opt_markdown(stdout, cl.v, cl.n, c == &cli_cmd_summarize);
    else
        cli_help(c, &cl);
done:
    cli_optlist_free(&cl);
    cli_optlist_free(&l);
    return rc;
}

const cli_command cli_cmd_help = {
    .name = "help",
    .synopsis = "help [--manual] [COMMAND]",
    .about = "Prints the help of COMMAND: summarize (the default), batch, model, eval or help. "
             "With --manual, its options as the Markdown tables of the manual, "
             "docs/summarize.1.md (scripts/manual-options.sh writes them there).",
    .epilogue = "Exit status: 0 success, 1 bad usage.",
    .options = help_options,
    .run = run_help,
};
