/* summarize: the command-line program. Dispatches subcommands. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "model") == 0)
        return cmd_model(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "batch") == 0)
        return cmd_batch(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "eval") == 0)
        return cmd_eval(argc - 1, argv + 1);
    return cmd_summarize(argc, argv);
}
