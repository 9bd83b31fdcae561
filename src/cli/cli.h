/* SPDX-License-Identifier: MIT */
/* The summarize program: shared pieces of its layers (options, I/O, subcommands). It uses
 * the public header and, as zstd's programs use lib/common, the library's stateless util/
 * primitives (buffers and JSON strings, directory listings, the clock); nothing else inside. */
#ifndef MDS_CLI_H
#define MDS_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "mds.h"
#include "opt.h"

/* Exit codes, documented in docs/summarize.1.md. */
enum {
    EXIT_OK = 0,
    EXIT_USAGE = 1,
    EXIT_INPUT = 2,
    EXIT_BACKEND = 3,
    EXIT_INTERNAL = 4,
};

extern int cli_verbosity; /* 0 quiet, 1 normal, 2 verbose */
extern const char *cli_prog;
extern const char *cli_command_name; /* the subcommand running ("batch"), or NULL */

/* Diagnostics on stderr, prefixed with the program name. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "summarize: MESSAGE" whatever the verbosity: a batch's failed cluster */
void cli_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A usage error: the message, a hint to the command's --help, and EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The exit code for a library status. */
int cli_exit_code(mds_status st);

/* Writes data to stdout for NULL or "-", else to path as mds__write_file_atomic does (whole
 * or not at all; a FIFO or device written into); a message and the exit code on failure. */
int cli_write_output(const char *path, const char *data, size_t size);

/* Writes s as a JSON string literal to out (null for NULL), escaped by util/buf: MDS_ENOMEM,
 * or MDS_EIO when the write failed. */
mds_status cli_put_json_string(FILE *out, const char *s);

/* ---- commands ------------------------------------------------------------------------------
 * Option ids: those below OPT_COMMAND mean the same in every command that has them; a
 * command numbers its own from OPT_COMMAND. */
enum {
    OPT_HELP = 1,
    OPT_VERSION,
    OPT_QUIET,
    OPT_VERBOSE,
    OPT_PARAM, /* a library parameter: ref is its mds_param */
    OPT_LENGTH, /* --words, --bytes, --sentences: ref is the mds_budget_unit */
    OPT_FORMAT,
    OPT_MODEL,
    OPT_CPU,
    OPT_COMMAND = 100,
};

/* A subcommand: what its help says and how it runs. */
typedef struct cli_command {
    const char *name;     /* as typed after the program ("batch"); NULL for summarize */
    const char *synopsis; /* usage lines without the program name, '\n' between them */
    const char *about;    /* what it does: printed before the options */
    const char *epilogue; /* printed after the options: exit status, manual */
    int (*options)(cli_optlist *l); /* its table; 0, or -1 out of memory */
    int (*run)(int argc, char **argv);
} cli_command;

extern const cli_command cli_cmd_summarize, cli_cmd_batch, cli_cmd_model, cli_cmd_eval,
    cli_cmd_help, cli_cmd_extract;
/* A subcommand by name ("batch"; "summarize" is the program itself); NULL if none. */
const cli_command *cli_command_find(const char *name);

/* The rows every command has: -h, -V, -q, -v. */
int cli_general_options(cli_optlist *l);
/* Handles a general option: 1 after printing help or version (the command is done), 0 for
 * -q and -v (which set cli_verbosity), -1 when the option is not a general one. */
int cli_general(const cli_parser *p, const cli_command *c, const cli_optlist *l);
/* Builds the command's table into l; a message and -1 out of memory. */
int cli_command_options(const cli_command *c, cli_optlist *l);
/* A command's own option: 1 taken, 0 not its own (then a general one: -h, -V, -q, -v), -1 bad
 * (the message in p->err). */
typedef int (*cli_take_fn)(cli_parser *p, void *arg);
/* Parses a command's arguments in order: each operand into ops[(*nops)++] (room for argc),
 * each option through take, then the general ones. -1 when all were read and the command
 * goes on; else the exit status to return now: 0 after -h or -V, 1 after a usage error (said
 * on stderr), 4 out of memory. */
int cli_parse_args(const cli_command *c, int argc, char **argv, cli_take_fn take, void *arg,
                   const char **ops, size_t *nops);
void cli_help(const cli_command *c, const cli_optlist *l);
void cli_version(void);

/* ---- the options of the summarizing commands (one cluster, batch) ------------------------- */
typedef struct cli_options {
    mds_params *p;
    mds_format format;
    const char *model;     /* --model FILE, or NULL */
    const char *lengthopt; /* the budget option given, to refuse two */
} cli_options;

/* Defaults; -1 out of memory. */
int cli_options_init(cli_options *o);
void cli_options_free(cli_options *o);
/* The rows: length, --format, --model, a row per library parameter with a flag (BOOL ones
 * as --NAME and --no-NAME), --cpu; all CLI_OPT_COMMON. */
int cli_summary_options(cli_optlist *l);
/* Applies the parser's current option if it is one of those rows: 1 when applied, 0 when it
 * is not one, -1 with the reason in p->err. */
int cli_options_apply(cli_parser *p, cli_options *o);
/* After every option: the library's check of the parameters together (mds_params_check).
 * EXIT_OK, or a usage error that names the option the failure is about and EXIT_USAGE. */
int cli_options_check(const cli_options *o);
/* Advice, in the program's words, for a failure about a parameter (mds_errparam): the
 * options behind the library's words ("the budget is --memory, the graph --graph, its
 * neighbours --neighbors"); NULL when there is none. */
const char *cli_advice(mds_param param, char *buf, size_t size);
/* Why a summary came out empty (the library's answer when no sentence fits the budget, which
 * the program takes for a failure: exit 2): "no sentence fits in --bytes 1: ...". */
const char *cli_empty_summary(const cli_options *o, char *buf, size_t size);
/* The input options that the cluster, not the run, takes: --max-input, --encoding,
 * --strict-utf8. */
mds_status cli_cluster_setup(const cli_options *o, mds_cluster *cl);
/* Prints the context's message, with advice when it is about a parameter. */
void cli_lib_error(const mds_ctx *ctx);

#endif
