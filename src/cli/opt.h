/* SPDX-License-Identifier: MIT */
/* Command-line options declared as tables: a row per option, read by one parser with
 * getopt_long's rules, and printed from the same rows as --help and as the manual's tables.
 *
 * The rules: short flags combine (-qv), a short option's value may be attached (-j1, -oout)
 * or the next argument (-o out); a long option's value is --opt=value or --opt value; a
 * long option may be shortened to any unambiguous prefix (--wor for --words); a row marked
 * CLI_OPT_NEGATABLE is also --no-NAME; "--" ends the options and "-" is an operand;
 * options and operands mix in any order. This module never prints an error: a failed step
 * leaves its message in the parser (cli_parser.err) for the command to report. */
#ifndef MDS_CLI_OPT_H
#define MDS_CLI_OPT_H

#include <stddef.h>
#include <stdio.h>

/* cli_opt.flags */
#define CLI_OPT_NEGATABLE 1u /* --NAME and --no-NAME; takes no value */
#define CLI_OPT_COMMON 2u    /* shared by several commands: the manual shows it once */

typedef struct cli_opt {
    const char *name;           /* long name without "--"; NULL: a short option only */
    char letter;                /* short name; 0: none */
    const char *metavar;        /* placeholder of its value ("N"); NULL: takes no value */
    int id;                     /* what it does: the command's case for it */
    int ref;                    /* what that case acts on (a parameter id), or 0 */
    unsigned flags;             /* CLI_OPT_* */
    const char *section;        /* the heading it is listed under; NULL: none */
    const char *help;           /* one line; the printer wraps it to 80 columns */
    const char *def;            /* the default as shown; NULL: none shown */
    const char *const *choices; /* the values it takes, NULL-terminated; NULL: any */
} cli_opt;

/* A command's table, put together at run time from static rows and generated ones (the
 * library's parameters); it owns the strings made for it. */
typedef struct cli_optlist {
    cli_opt *v;
    size_t n, cap;
    char **strs;
    size_t nstrs;
    int oom; /* an allocation failed: the list is incomplete */
} cli_optlist;

/* Appends rows, each with `flags` added; 0, or -1 out of memory. */
int cli_optlist_add(cli_optlist *l, const cli_opt *rows, size_t n, unsigned flags);
/* A string the list keeps until it is freed; NULL out of memory. */
const char *cli_optlist_printf(cli_optlist *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void cli_optlist_free(cli_optlist *l);

/* What cli_parse() found. */
enum { CLI_ERROR = -1, CLI_END = 0, CLI_OPTION = 1, CLI_OPERAND = 2 };

typedef struct cli_parser {
    int argc;
    char **argv; /* argv[0] names the command and is not parsed */
    const cli_opt *opts;
    size_t nopts;
    int i;              /* next argument */
    const char *shorts; /* the rest of a group of short options ("-qv" after -q: "v") */
    int operands_only;  /* after "--" */
    /* The last item: */
    const cli_opt *opt; /* CLI_OPTION: its row */
    const char *value;  /* CLI_OPTION: its value (NULL for a flag); CLI_OPERAND: the operand */
    int negated;        /* CLI_OPTION: given as --no-NAME */
    char written[64];   /* CLI_OPTION: the option as written, without its value ("--wor") */
    char err[512];      /* CLI_ERROR, or a failed cli_opt_* below: what was wrong */
} cli_parser;

void cli_parser_init(cli_parser *p, int argc, char **argv, const cli_opt *opts, size_t n);
/* The next option or operand: CLI_OPTION, CLI_OPERAND, CLI_END, or CLI_ERROR with p->err
 * (an unknown or ambiguous option, a missing value, a value given to a flag). */
int cli_parse(cli_parser *p);

/* The current option's value as a number within [lo, hi]; 0 with p->err naming the option
 * as written when it is not one or out of range. */
int cli_opt_long(cli_parser *p, long lo, long hi, long *out);
int cli_opt_double(cli_parser *p, double lo, double hi, double *out);
/* The current option's value as one of its row's choices (the index); 0 with p->err. */
int cli_opt_choice(cli_parser *p, int *out);
/* Sets p->err to "OPTION: " and the message; returns 0. */
int cli_opt_fail(cli_parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Help: the rows grouped under their sections (in order of each section's first row), an
 * option column and its help, wrapped to 80 columns, with the choices (unless the help
 * names them all) and the default. */
void cli_opt_help(FILE *f, const cli_opt *opts, size_t n);
/* Text wrapped at 80 columns, a paragraph a line; lines that start with a space are kept as
 * they are. */
void cli_opt_wrap(FILE *f, const char *text);
/* The same rows as Markdown tables (option | meaning | default), a table per section, for
 * the manual; with common 0 the CLI_OPT_COMMON rows are left out. */
void cli_opt_markdown(FILE *f, const cli_opt *opts, size_t n, int common);

#endif
