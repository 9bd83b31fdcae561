/* Compute backends behind one table of function pointers, ggml style. The CPU backend
 * (OpenBLAS) is always built and always last. Optional members may be NULL. */
#ifndef MDS_BACKEND_H
#define MDS_BACKEND_H

#include <stddef.h>

#include "mds.h"

typedef struct mds__backend {
    const char *name;
    /* Can this backend run here now? On failure msg says why. */
    mds_status (*probe)(int device, char *msg, size_t msg_size);
    /* S[r - row0][j] = <X_r, X_j> for rows r in [row0, row0 + rows) and all j < n;
     * X is n x d row-major, S is rows x n row-major. */
    mds_status (*gram)(const float *X, size_t n, size_t d, size_t row0, size_t rows, float *S,
                       char *msg, size_t msg_size);
} mds__backend;

extern const mds__backend mds__backend_cpu;

/* The backend for a request: AUTO picks the first that probes well (today the CPU). */
mds_status mds__backend_pick(mds_backend_kind kind, int device, const mds__backend **out,
                             char *msg, size_t msg_size);

#endif
