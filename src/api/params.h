/* SPDX-License-Identifier: MIT */
/* Parameters inside the library: the table of include/mds.h (MDS_PARAM_MAP) made into a
 * struct with one field per row, its defaults and its checks. The pipeline reads the struct;
 * the public handle (mds_params) wraps one. */
#ifndef MDS_PARAMS_H
#define MDS_PARAMS_H

#include <stddef.h>

#include "mds.h"
#include "util/paramset.h"

/* The public handle. Its STRING fields (lang) point to heap copies it owns, or are NULL.
 * Defined here so that api/ code can hold one by value (a result keeps the parameters it
 * ran with). */
struct mds_params {
    mds__params v;
    char err[256];       /* the last failed set or check */
    mds_param errparam;  /* the parameter it is about, or 0 */
};

/* One parameter's value, by its type's member: i for INT, BOOL, ENUM, SELECTOR; z for SIZE,
 * BYTES; d for DOUBLE; s for STRING. */
typedef union mds__param_value {
    int i;
    size_t z;
    double d;
    const char *s;
} mds__param_value;

/* The defaults, parsed from the table's text once. STRING defaults point to the table's
 * text: not owned. MDS_EINTERNAL if the table has a default that does not parse. */
mds_status mds__params_default(mds__params *v);
/* Checks every value against its bounds and the values against each other; on failure
 * msg names the parameter and *param is its id. */
mds_status mds__params_check(const mds__params *v, char *msg, size_t msg_size,
                             mds_param *param);
/* A parameter's value; the id must be in the table. */
mds__param_value mds__params_get(const mds__params *v, mds_param id);
/* The index of `name` among an ENUM's or SELECTOR's names; -1 if it is not one. */
int mds__param_index(mds_param id, const char *name);

/* An embedded handle (one not made by mds_params_new): a copy of v with its own strings,
 * and the release of those strings. */
mds_status mds__params_init(mds_params *p, const mds__params *v);
void mds__params_clear(mds_params *p);

#endif
