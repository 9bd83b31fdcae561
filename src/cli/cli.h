/* The summarize program: shared pieces of its layers (arguments, I/O, subcommands). It uses
 * only the public header. */
#ifndef MDS_CLI_H
#define MDS_CLI_H

#include <stddef.h>

#include "mds.h"

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

/* Diagnostics on stderr, prefixed with the program name. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A usage error: the message, a hint to --help, and EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The exit code for a library status. */
int cli_exit_code(mds_status st);

/* Argument scanning: GNU style long options (--name=value or --name value), short flags,
 * "--" ends options, "-" is an operand. */
typedef struct cli_args {
    int argc;
    char **argv;
    int i;            /* next argv index */
    int only_operands;
    const char *opt;  /* current option, as written */
    const char *inline_value;
} cli_args;

/* Returns 1 with *opt set to the option ("--words", "-v") or 2 with *operand set, 0 at the
 * end. */
int cli_next(cli_args *a, const char **opt, const char **operand);
/* The value of the current option; NULL after printing a usage error. */
const char *cli_value(cli_args *a);
/* Strict number parsing of an option value; 0 after printing a usage error. */
int cli_parse_size(const char *opt, const char *s, size_t lo, size_t hi, size_t *out);
int cli_parse_int(const char *opt, const char *s, long lo, long hi, long *out);
int cli_parse_double(const char *opt, const char *s, double lo, double hi, double *out);
/* Fails with a usage error if the current option carried "=value". */
int cli_no_value(cli_args *a);

/* Reads all of standard input. */
mds_status cli_read_stdin(char **data, size_t *size);
/* Writes data to path atomically (a temporary name, then rename), or to stdout for NULL/"-". */
int cli_write_output(const char *path, const char *data, size_t size);

/* The options shared by the summarizing commands (one cluster, batch). */
typedef struct cli_options {
    mds_params *p;
    mds_format format;
    const char *model;     /* --model FILE, or NULL */
    const char *output;    /* -o: a file for one cluster, a directory for a batch */
    const char *lengthopt; /* the budget option given, to refuse two */
} cli_options;
/* The defaults; EXIT_OK, or an exit code after printing why. Free with cli_options_free. */
int cli_options_init(cli_options *o);
void cli_options_free(cli_options *o);
/* Applies `opt` (the current option of `a`) if it is a shared one: 1 when applied, 0 when it
 * is not a shared option, -1 after printing a usage error. */
int cli_common_option(cli_args *a, const char *opt, cli_options *o);
/* Help for the shared options: the length section, then model, ranking, compute and
 * verbosity. */
void cli_help_length(void);
void cli_help_shared(void);
/* The library's message for the context's last error, naming the option that could help. */
void cli_library_error(const mds_ctx *ctx);

/* Writes data to path under a temporary name beside it, synced, then renamed over path: the
 * file is whole or absent. On failure returns nonzero with errno set and nothing left. */
int cli_write_file_atomic(const char *path, const char *data, size_t size);

int cmd_summarize(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_model(int argc, char **argv);
int cmd_eval(int argc, char **argv);

#endif
