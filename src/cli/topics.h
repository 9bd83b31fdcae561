/* SPDX-License-Identifier: MIT */
/* Topic files for `summarize batch --topics FILE`: the question of each cluster, by id.
 *
 * Two forms, told apart by content:
 *   - DUC/TAC topic SGML: <topic> elements, each with its id in <num>...</num> (DUC) or an
 *     id="..." attribute (TAC), a <title> and a <narr> or <narrative>; several a file, in
 *     any whitespace. The query is the title, a newline, then the narrative, each with its
 *     whitespace collapsed (the library weighs a query's first line as a title).
 *   - TSV: a line `CLUSTER<TAB>QUERY` per cluster; empty lines and lines starting with '#'
 *     are skipped.
 * A cluster directory matches a topic by id, case-insensitively, with or without the
 * trailing letter of a DUC topic (D0601A, d0601a and D0601 are one). */
#ifndef MDS_CLI_TOPICS_H
#define MDS_CLI_TOPICS_H

#include <stddef.h>

typedef struct cli_topic {
    char *id;
    char *query; /* NUL-terminated */
    size_t len;
    size_t line; /* where it starts in the file, from 1 */
    int used;    /* a cluster has matched it */
} cli_topic;

typedef struct cli_topics {
    cli_topic *v;
    size_t n;
} cli_topics;

/* Parses a topic file's text. 0 on success; -1 out of memory; 1 malformed, with the line and
 * the reason in err ("line 4: <topic> without an id"). A topic without a title and a
 * narrative, an id given twice, and a file with no topic are malformed. */
int cli_topics_parse(const char *text, size_t len, cli_topics *out, char *err, size_t size);
void cli_topics_free(cli_topics *t);
/* Reads and parses the topic file at path: 0, -1 out of memory, or 1 with the reason in err
 * (the file's error, or the line and what is wrong there). */
int cli_topics_read(const char *path, cli_topics *out, char *err, size_t size);
/* The topic of cluster `name`, or NULL: an id equal to it (case aside) first, then one equal
 * once the trailing letter of either is dropped. */
cli_topic *cli_topics_find(const cli_topics *t, const char *name);

#endif
