/* SPDX-License-Identifier: MIT */
/* The option parser and printers of the program (src/cli/opt.c): getopt_long's rules on a
 * table, the value checks, --help within 80 columns, the manual's tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/opt.h"
#include "testutil.h"

enum { WORDS = 1, BYTES, OUTPUT, JOBS, QUIET, VERBOSE, FORCE, FORMAT, CLEAN, MODEL, MODEL_DIR,
       MIN_DF, MIN_WORDS, BLEND, EXTRA, HELP };

static const char *const formats[] = {"text", "json", "jsonl", NULL};
static const char *const modes[] = {"continuous", "threshold", NULL};

static const cli_opt table[] = {
    {"words", 0, "N", WORDS, 0, 0, "Length (one of)", "at most N words", "100", NULL},
    {"bytes", 0, "N", BYTES, 0, 0, "Length (one of)", "at most N bytes", NULL, NULL},
    {"output", 'o', "FILE", OUTPUT, 0, 0, "Output", "write to FILE, atomically", NULL, NULL},
    {"jobs", 'j', "N", JOBS, 0, 0, "Batch", "clusters at once", "the online CPUs", NULL},
    {"quiet", 'q', NULL, QUIET, 0, CLI_OPT_COMMON, "Other", "no warnings", NULL, NULL},
    {"verbose", 'v', NULL, VERBOSE, 0, CLI_OPT_COMMON, "Other", "more on stderr", NULL, NULL},
    {"force", 0, NULL, FORCE, 0, 0, "Batch", "redo every cluster", NULL, NULL},
    {"format", 0, "FMT", FORMAT, 0, 0, "Output", "text (a sentence a line), json or jsonl",
     "text", formats},
    {"clean", 0, NULL, CLEAN, 26, CLI_OPT_NEGATABLE, "Ranking",
     "drop bylines, headings, links and other boilerplate", "on", NULL},
    {"model", 0, "FILE", MODEL, 0, 0, "Model", "a model | made by model build", NULL, NULL},
    {"model-dir", 0, "DIR", MODEL_DIR, 0, 0, "Model", "where models are", NULL, NULL},
    {"min-df", 0, "N", MIN_DF, 0, 0, "Ranking", "a bigram counts when N documents have it",
     "3", NULL},
    {"min-words", 0, "N", MIN_WORDS, 0, 0, "Ranking", "shorter sentences are never chosen",
     "8", NULL},
    {"lexrank", 0, "MODE", BLEND, 0, 0, "Ranking", "LexRank edges weighted by cosine, or "
     "unweighted, and this help goes on long enough to need a second and a third line when it "
     "is wrapped at eighty columns", "continuous", modes},
    {NULL, 'x', "N", EXTRA, 0, 0, "Other", "a short option only", NULL, NULL},
    {"help", 'h', NULL, HELP, 0, CLI_OPT_COMMON, "Other", "this help", NULL, NULL},
};
#define NT (sizeof table / sizeof table[0])

/* One parse of argv (NULL-terminated, argv[0] the command) into a transcript: "W=50" for an
 * option with a value (by id letter), "Q" for a flag, "!C" negated, "<a>" an operand,
 * "ERR:message" at an error. */
static char out[2048];
static const char *run(const char **args)
{
    int argc = 0;
    while (args[argc])
        argc++;
    cli_parser p;
    cli_parser_init(&p, argc, (char **)args, table, NT);
    out[0] = '\0';
    int k;
    while ((k = cli_parse(&p)) != CLI_END) {
        size_t n = strlen(out);
        if (k == CLI_ERROR) {
            snprintf(out + n, sizeof out - n, "ERR:%s", p.err);
            break;
        }
        if (k == CLI_OPERAND)
            snprintf(out + n, sizeof out - n, "<%s>", p.value);
        else if (p.value)
            snprintf(out + n, sizeof out - n, "%s%d=%s;", p.negated ? "!" : "", p.opt->id,
                     p.value);
        else
            snprintf(out + n, sizeof out - n, "%s%d;", p.negated ? "!" : "", p.opt->id);
    }
    return out;
}
#define PARSE(want, ...)                                                        \
    do {                                                                        \
        const char *args_[] = {"cmd", __VA_ARGS__, NULL};                       \
        const char *got_ = run(args_);                                          \
        if (strcmp(got_, want) != 0)                                            \
            fprintf(stderr, "\n  parse: got %s, wanted %s\n", got_, want);      \
        CU_ASSERT_STRING_EQUAL(got_, want);                                     \
    } while (0)

static void test_short_options(void)
{
    PARSE("5;6;", "-qv");                     /* combined flags */
    PARSE("6;5;", "-v", "-q");
    PARSE("4=1;", "-j1");                     /* attached value */
    PARSE("4=1;", "-j", "1");
    PARSE("3=out;", "-oout");
    PARSE("3=out;", "-o", "out");
    PARSE("5;4=12;", "-qj12");                /* a flag, then a valued option with its value */
    PARSE("5;3=x.txt;6;", "-qo", "x.txt", "-v");
    PARSE("3=-;", "-o", "-");                 /* a value may look like an option */
    PARSE("3=--words;", "-o", "--words");
    PARSE("15=7;", "-x", "7");                /* short only */
    PARSE("ERR:unknown option '-z'", "-z");
    PARSE("5;ERR:unknown option '-z'", "-qz");
    PARSE("ERR:option '-j' needs a value (N)", "-j");
    PARSE("5;ERR:option '-j' needs a value (N)", "-qj");
    PARSE("ERR:unknown option '-\xc3\xa9'", "-\xc3\xa9"); /* a UTF-8 letter, named whole */
}

static void test_long_options(void)
{
    PARSE("1=50;", "--words", "50");
    PARSE("1=50;", "--words=50");
    PARSE("1=;", "--words=");                 /* an empty value is a value */
    PARSE("3=a=b;", "--output=a=b");          /* the first '=' splits */
    PARSE("14=-1;", "--lexrank", "-1");
    PARSE("ERR:option '--words' needs a value (N)", "--words");
    PARSE("ERR:option '--force' takes no value", "--force=yes");
    PARSE("ERR:unknown option '--frobnicate'", "--frobnicate");
    PARSE("ERR:unknown option '--frob'", "--frob=1");
    PARSE("ERR:unknown option '--wordsx'", "--wordsx", "5");
}

static void test_prefixes(void)
{
    PARSE("1=50;", "--wor", "50");
    PARSE("1=50;", "--w=50");
    PARSE("7;", "--fo" "rc");                 /* --forc: force, not format */
    PARSE("10=m.mds;", "--model", "m.mds");   /* exact beats being a prefix of model-dir */
    PARSE("11=d;", "--model-", "d");
    PARSE("ERR:option '--min' is ambiguous: --min-df, --min-words", "--min", "3");
    PARSE("ERR:option '--fo' is ambiguous: --force, --format", "--fo");
    PARSE("ERR:option '--m' is ambiguous: --model, --model-dir, --min-df, --min-words", "--m");
}

static void test_negatable(void)
{
    PARSE("9;", "--clean");
    PARSE("!9;", "--no-clean");
    PARSE("!9;", "--no-cl");                  /* a prefix of the negation */
    PARSE("!9;", "--no");
    PARSE("9;", "--cl");
    PARSE("ERR:option '--no-clean' takes no value", "--no-clean=1");
    PARSE("ERR:option '--clean' takes no value", "--clean=0");
    PARSE("ERR:unknown option '--no-force'", "--no-force"); /* not negatable */
}

static void test_operands(void)
{
    PARSE("<a>1=5;<b>", "a", "--words", "5", "b"); /* options after operands */
    PARSE("<->", "-");                              /* stdin */
    PARSE("5;<-q><--words><->", "-q", "--", "-q", "--words", "-");
    PARSE("<-->", "--", "--");                      /* a second "--" is an operand */
    PARSE("<a>", "--", "a");
    PARSE("3=--;", "--output", "--");               /* "--" as a value is a value */
}

static void test_values(void)
{
    const char *args[] = {"cmd", "--wor", "abc", "-j", "4096", "--format", "xml",
                          "--lexrank", "threshold", "--min-df", "2.5e0", NULL};
    cli_parser p;
    cli_parser_init(&p, 11, (char **)args, table, NT);
    long l = -7;
    double d = -7;
    int c = -7;
    CU_ASSERT_EQUAL_FATAL(cli_parse(&p), CLI_OPTION);
    CU_ASSERT_FALSE(cli_opt_long(&p, 1, 100, &l));
    CU_ASSERT_STRING_EQUAL(p.err, "--wor: 'abc' is not a whole number");
    CU_ASSERT_EQUAL(l, -7);
    CU_ASSERT_EQUAL_FATAL(cli_parse(&p), CLI_OPTION);
    CU_ASSERT_FALSE(cli_opt_long(&p, 1, 4095, &l));
    CU_ASSERT_STRING_EQUAL(p.err, "-j: 4096 is out of range [1, 4095]");
    CU_ASSERT_TRUE(cli_opt_long(&p, 1, 4096, &l));
    CU_ASSERT_EQUAL(l, 4096);
    CU_ASSERT_EQUAL_FATAL(cli_parse(&p), CLI_OPTION);
    CU_ASSERT_FALSE(cli_opt_choice(&p, &c));
    CU_ASSERT_STRING_EQUAL(p.err, "--format: 'xml' is not text, json or jsonl");
    CU_ASSERT_EQUAL_FATAL(cli_parse(&p), CLI_OPTION);
    CU_ASSERT_TRUE(cli_opt_choice(&p, &c));
    CU_ASSERT_EQUAL(c, 1);
    CU_ASSERT_EQUAL_FATAL(cli_parse(&p), CLI_OPTION);
    CU_ASSERT_FALSE(cli_opt_long(&p, 1, 10, &l)); /* not whole */
    CU_ASSERT_TRUE(cli_opt_double(&p, 0, 3, &d));
    CU_ASSERT_DOUBLE_EQUAL(d, 2.5, 0);
    CU_ASSERT_FALSE(cli_opt_double(&p, 0, 2, &d));
    CU_ASSERT_STRING_EQUAL(p.err, "--min-df: 2.5 is out of range [0, 2]");
    CU_ASSERT_EQUAL(cli_parse(&p), CLI_END);
    CU_ASSERT_EQUAL(cli_parse(&p), CLI_END); /* and stays there */
}

/* Runs a printer into a string. */
static char *print(int markdown, int common)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    if (markdown)
        cli_opt_markdown(f, table, NT, common);
    else
        cli_opt_help(f, table, NT);
    fclose(f);
    return buf;
}

static void test_help(void)
{
    char *h = print(0, 1);
    /* every line within 80 columns */
    size_t lines = 0;
    for (char *s = h; *s; lines++) {
        size_t n = strcspn(s, "\n");
        CU_ASSERT(n <= 80);
        s += n + (s[n] == '\n');
    }
    CU_ASSERT(lines > NT);
    /* sections in the order of their first row, each row under its own */
    const char *want_order[] = {"Length (one of):\n", "Output:\n", "Batch:\n", "Other:\n",
                                "Ranking:\n", "Model:\n"};
    const char *at = h;
    for (size_t i = 0; i < 6; i++) {
        const char *s = strstr(h, want_order[i]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        CU_ASSERT(s >= at);
        at = s;
    }
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "Output:\n"
                                     "  -o, --output FILE    write to FILE, atomically\n"
                                     "  --format FMT         text (a sentence a line), json or "
                                     "jsonl (default text)\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "  --words N            at most N words (default 100)\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "  --[no-]clean         drop bylines"));
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "  -x N                 a short option only\n"));
    /* choices the help does not name are listed; wrapped lines start under the help */
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "  --lexrank MODE       LexRank edges weighted by cosine, "
                                     "or unweighted, and this\n"
                                     "                       help goes on"));
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "eighty columns: continuous or\n"
                                     "                       threshold (default continuous)\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "clusters at once (default: the online CPUs)\n"));
    CU_ASSERT_PTR_NULL(strstr(h, "json or jsonl: text")); /* named in the help already */
    free(h);
}

static void test_wrap(void)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    cli_opt_wrap(f, "Prints the help of COMMAND: summarize (the default), batch, model, eval or "
                    "help, with the options as the tables of the manual.\n"
                    "  {\"id\": ..., \"kept as it is, however long the line may be, past the "
                    "eightieth column\"}\n"
                    "\n"
                    "Short.");
    fclose(f);
    CU_ASSERT_STRING_EQUAL(buf, "Prints the help of COMMAND: summarize (the default), batch, "
                                "model, eval or help,\n"
                                "with the options as the tables of the manual.\n"
                                "  {\"id\": ..., \"kept as it is, however long the line may "
                                "be, past the eightieth column\"}\n"
                                "\n"
                                "Short.\n");
    free(buf);
}

static void test_markdown(void)
{
    char *m = print(1, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(m, "Length (one of):\n\n| option | meaning | default |\n"
                                     "| --- | --- | --- |\n"
                                     "| `--words N` | at most N words | 100 |\n"
                                     "| `--bytes N` | at most N bytes |  |\n\nOutput:\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(m, "| `-o FILE`, `--output FILE` | write to FILE, atomically |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(m, "| `--format text\\|json\\|jsonl` | text (a sentence"));
    CU_ASSERT_PTR_NOT_NULL(strstr(m, "| `--clean`, `--no-clean` | drop bylines"));
    CU_ASSERT_PTR_NOT_NULL(strstr(m, "| `--model FILE` | a model \\| made by model build |  |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(m, "| `-x N` | a short option only |  |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(m, "| `-q`, `--quiet` | no warnings |  |"));
    CU_ASSERT_EQUAL(m[strlen(m) - 1], '\n');
    CU_ASSERT_NOT_EQUAL(m[strlen(m) - 2], '\n');
    free(m);
    /* without the common rows: -q, -v, -h gone, the Other section keeps -x */
    m = print(1, 0);
    CU_ASSERT_PTR_NULL(strstr(m, "--quiet"));
    CU_ASSERT_PTR_NULL(strstr(m, "--help"));
    CU_ASSERT_PTR_NOT_NULL(strstr(m, "Other:\n\n| option | meaning | default |\n"
                                     "| --- | --- | --- |\n| `-x N` |"));
    free(m);
}

static void test_optlist(void)
{
    cli_optlist l = {0};
    CU_ASSERT_EQUAL(cli_optlist_add(&l, table, NT, 0), 0);
    for (int i = 0; i < 10; i++) /* growth past the first capacity */
        CU_ASSERT_EQUAL(cli_optlist_add(&l, table, 3, CLI_OPT_COMMON), 0);
    CU_ASSERT_EQUAL(l.n, NT + 30);
    CU_ASSERT_EQUAL(l.v[0].flags, 0u);
    CU_ASSERT_EQUAL(l.v[NT].flags, (unsigned)CLI_OPT_COMMON);
    CU_ASSERT_EQUAL(l.v[8].flags, (unsigned)CLI_OPT_NEGATABLE);
    /* a default made at run time, written into its row as a command does (cmd_model.c) */
    CU_ASSERT_EQUAL_FATAL(l.v[3].id, JOBS);
    l.v[3].def = cli_optlist_printf(&l, "%d CPUs", 16);
    CU_ASSERT_STRING_EQUAL(l.v[3].def, "16 CPUs");
    CU_ASSERT_FALSE(l.oom);
    /* a list with rows twice parses as the first of them */
    const char *args[] = {"cmd", "--words=1", "--wo", "2", NULL};
    cli_parser p;
    cli_parser_init(&p, 4, (char **)args, l.v, l.n);
    CU_ASSERT_EQUAL(cli_parse(&p), CLI_OPTION);
    CU_ASSERT_PTR_EQUAL(p.opt, &l.v[0]);
    CU_ASSERT_EQUAL(cli_parse(&p), CLI_OPTION);
    CU_ASSERT_PTR_EQUAL(p.opt, &l.v[0]);
    CU_ASSERT_STRING_EQUAL(p.value, "2");
    cli_optlist_free(&l);
    CU_ASSERT_EQUAL(l.n, 0);
    cli_optlist_free(&l); /* twice */
}

static CU_TestInfo tests[] = {
    {"short options: groups, attached values", test_short_options},
    {"long options: =value, missing and stray values", test_long_options},
    {"unambiguous prefixes, ambiguity named", test_prefixes},
    {"--NAME and --no-NAME", test_negatable},
    {"operands, -, --", test_operands},
    {"values: numbers and choices", test_values},
    {"--help: sections, wrapping, 80 columns", test_help},
    {"paragraphs wrapped at 80 columns", test_wrap},
    {"the manual's tables", test_markdown},
    {"lists of rows", test_optlist},
    CU_TEST_INFO_NULL,
};

int main(void) { return tu_main("opt", tests, NULL, NULL); }
