/* SPDX-License-Identifier: MIT */
/* OpenBLAS, loaded on first use. Linked, it costs every process 3.7 ms of CPU at start-up
 * (with libgfortran and libquadmath, which it pulls in) and starts its worker threads, whether
 * BLAS runs or not; and on news clusters the CPU backend's gram is usually the inverted index
 * (spgram.c), so BLAS often never runs. The CPU backend loads it with dlopen when it first
 * needs the dense gram, as the CUDA backend loads cuBLAS (cublas_dl.h). */
#ifndef MDS_BLAS_DL_H
#define MDS_BLAS_DL_H

#include <stddef.h>

#include <cblas.h>

#include "mds.h"

typedef struct mds__blas {
    /* named for the library's own symbols, which messages quote */
    __typeof__(&cblas_ssyrk) cblas_ssyrk;
    __typeof__(&cblas_sgemm) cblas_sgemm;
} mds__blas;

/* The loaded functions; the first call loads the library (thread-safe): its SONAME
 * (libopenblas.so.0) wherever the dynamic loader looks, else the file the build linked
 * against (MDS_OPENBLAS_PATH). Right after loading, the thread count last given to
 * mds__blas_set_threads applies and OpenBLAS's idle workers are stopped. On failure
 * MDS_EBACKEND with msg naming the library and dlerror's reason, every time. */
mds_status mds__blas_load(const mds__blas **out, char *msg, size_t msg_size);

/* The threads BLAS may use (n >= 1): applied now if the library is loaded, else when it
 * loads. Thread-safe. */
void mds__blas_set_threads(int n);

/* Whether the library is loaded (by mds__blas_load): a test's question. */
int mds__blas_loaded(void);

#endif
