/* SPDX-License-Identifier: MIT */
/* summarize: the command-line program. Dispatches subcommands. */
#include "cli.h"

int main(int argc, char **argv)
{
    const cli_command *c = argc > 1 ? cli_command_find(argv[1]) : NULL;
    if (c && c->name) {
        cli_command_name = c->name;
        return c->run(argc - 1, argv + 1);
    }
    return cli_cmd_summarize.run(argc, argv);
}
