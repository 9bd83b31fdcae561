/* summarize: the command-line program. Dispatches subcommands. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "model") == 0)
        return cmd_model(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "eval") == 0)
        return cmd_eval(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "batch") == 0)
        return cli_usage_error("'%s %s' is not in this version (%s) yet; see docs/summarize.1.md",
                               cli_prog, argv[1], mds_version());
    return cmd_summarize(argc, argv);
}
