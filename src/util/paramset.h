/* SPDX-License-Identifier: MIT */
/* The values of a parameter set as every stage reads them: the table of include/mds.h
 * (MDS_PARAM_MAP) made into a struct with one field per row. Only the type lives here, at the
 * bottom of the layers, so that any stage may read its own knobs; defaults, checks and the
 * public handle are in api/params.h. */
#ifndef MDS_PARAMSET_H
#define MDS_PARAMSET_H

#include <stddef.h>

#include "mds.h"

/* The C type of each parameter type: ENUM and SELECTOR are indices into their names. */
#define MDS__PARAM_CTYPE_INT int
#define MDS__PARAM_CTYPE_SIZE size_t
#define MDS__PARAM_CTYPE_BYTES size_t
#define MDS__PARAM_CTYPE_DOUBLE double
#define MDS__PARAM_CTYPE_BOOL int
#define MDS__PARAM_CTYPE_ENUM int
#define MDS__PARAM_CTYPE_SELECTOR int
#define MDS__PARAM_CTYPE_STRING const char *

/* One field per row of the table, named by its `name` column. */
typedef struct mds__params {
#define MDS__PARAM_FIELD(id, num, name, type, ...) MDS__PARAM_CTYPE_##type name;
    MDS_PARAM_MAP(MDS__PARAM_FIELD)
#undef MDS__PARAM_FIELD
} mds__params;

#endif
