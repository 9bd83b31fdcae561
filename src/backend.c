/* Backend dispatch: the list of built backends and the choice among them. */
#include <stdio.h>

#include "backend.h"

/* In order of preference; the CPU is always last. The CUDA backend joins this list. */
static const mds__backend *const backends[] = {
    &mds__backend_cpu,
};

mds_status mds__backend_pick(mds_backend_kind kind, int device, const mds__backend **out,
                             char *msg, size_t msg_size)
{
    switch (kind) {
    case MDS_BACKEND_CPU:
        *out = &mds__backend_cpu;
        return MDS_OK;
    case MDS_BACKEND_CUDA:
        snprintf(msg, msg_size,
                 "the CUDA backend is not built into this version of mds; use --backend cpu");
        return MDS_EBACKEND;
    case MDS_BACKEND_AUTO:
        for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++) {
            if (backends[i]->probe(device, msg, msg_size) == MDS_OK) {
                *out = backends[i];
                return MDS_OK;
            }
        }
        snprintf(msg, msg_size, "no compute backend can run here");
        return MDS_EBACKEND;
    }
    snprintf(msg, msg_size, "unknown backend %d", (int)kind);
    return MDS_EINVAL;
}
