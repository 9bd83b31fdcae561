/* SPDX-License-Identifier: MIT */
/* cuBLAS, loaded on first use. libcublas and libcublasLt map over 600 MB; linking them would
 * cost every run of the program a third of a second at start-up, GPU or not. The CUDA backend
 * loads them with dlopen when a session opens, and only then. */
#ifndef MDS_CUBLAS_DL_H
#define MDS_CUBLAS_DL_H

#include <stddef.h>

#include <cublas_v2.h>

#include "mds.h"

typedef struct mds__cublas {
    /* named for the library's own symbols, which messages quote */
    __typeof__(&cublasCreate_v2) cublasCreate_v2;
    __typeof__(&cublasDestroy_v2) cublasDestroy_v2;
    __typeof__(&cublasSetStream_v2) cublasSetStream_v2;
    __typeof__(&cublasGemmEx) cublasGemmEx;
    __typeof__(&cublasGetStatusString) cublasGetStatusString;
} mds__cublas;

/* The loaded functions; the first call loads the library (thread-safe). On failure
 * MDS_EBACKEND with msg naming the library and dlerror's reason, every time. */
mds_status mds__cublas_load(const mds__cublas **out, char *msg, size_t msg_size);

/* The loaded functions, after a successful mds__cublas_load (in this thread or one that
 * happened before it); no lock, no write. */
const mds__cublas *mds__cublas_api(void);

#endif
