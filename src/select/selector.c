/* The selectors by name. Interim: the selector table replaces this list. */
#include <stddef.h>

#include "select/selector.h"

const char *const mds__selector_names[] = {"mmr", "coverage", "concepts", NULL};
