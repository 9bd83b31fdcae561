/* The selectors by name. Interim: the selector table (one static const table per selector)
 * replaces this file; until then it names them, in the table's order, for the parameter
 * table's SELECTOR type. */
#ifndef MDS_SELECTOR_H
#define MDS_SELECTOR_H

/* The selector names, NULL-terminated; a SELECTOR parameter is an index into it. */
extern const char *const mds__selector_names[];

/* Interim: the indices the pipeline compares against until the selector table dispatches. */
enum {
    MDS__SELECTOR_MMR = 0,
    MDS__SELECTOR_COVERAGE = 1,
    MDS__SELECTOR_CONCEPTS = 2,
};

#endif
