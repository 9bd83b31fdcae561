/* SPDX-License-Identifier: MIT */
/* Status messages, the version and mds_free: the small fixed parts of the API. */
#include <stdlib.h>

#include "util/alloc.h"
#include "mds.h"

const char *mds_strerror(mds_status status)
{
    switch (status) {
#define MDS__STATUS_MSG(name, code, msg) \
    case MDS_##name:                     \
        return msg;
        MDS_STATUS_MAP(MDS__STATUS_MSG)
#undef MDS__STATUS_MSG
    }
    return "unknown status";
}

const char *mds_version(void) { return MDS_VERSION_STRING; }

void mds_free(void *ptr) { mds__free(ptr); }
