/* SPDX-License-Identifier: MIT */
/* cuBLAS, loaded on first use (see cublas_dl.h). */
#ifdef MDS_HAVE_CUDA
#include "compute/cublas_dl.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>

static mds__cublas api;
static mds_status load_status = MDS_EBACKEND;
static char load_msg[512];
static once_flag once = ONCE_FLAG_INIT;

/* A library name's symbol into a function pointer; memcpy, since ISO C has no conversion
 * from void * to a function pointer. */
static int sym(void *lib, const char *name, void *fn, size_t size)
{
    void *p = dlsym(lib, name);
    if (!p) {
        snprintf(load_msg, sizeof load_msg, "cuBLAS has no %s: %s", name, dlerror());
        return 0;
    }
    memcpy(fn, &p, size);
    return 1;
}

static void load(void)
{
    char name[64], path[1024];
    snprintf(name, sizeof name, "libcublas.so.%d", CUBLAS_VER_MAJOR);
    void *lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
#ifdef MDS_CUDA_LIBRARY_DIR
    if (!lib) { /* the toolkit this was built with, wherever the loader looks */
        snprintf(path, sizeof path, "%s/%s", MDS_CUDA_LIBRARY_DIR, name);
        lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    }
#else
    (void)path;
#endif
    if (!lib) {
        snprintf(load_msg, sizeof load_msg, "cannot load %s: %s", name, dlerror());
        return;
    }
    if (sym(lib, "cublasCreate_v2", &api.cublasCreate_v2, sizeof api.cublasCreate_v2) &&
        sym(lib, "cublasDestroy_v2", &api.cublasDestroy_v2, sizeof api.cublasDestroy_v2) &&
        sym(lib, "cublasSetStream_v2", &api.cublasSetStream_v2, sizeof api.cublasSetStream_v2) &&
        sym(lib, "cublasGemmEx", &api.cublasGemmEx, sizeof api.cublasGemmEx) &&
        sym(lib, "cublasGetStatusString", &api.cublasGetStatusString, sizeof api.cublasGetStatusString))
        load_status = MDS_OK;
    /* the library stays loaded for the life of the process */
}

const mds__cublas *mds__cublas_api(void) { return &api; }

mds_status mds__cublas_load(const mds__cublas **out, char *msg, size_t msg_size)
{
    call_once(&once, load);
    if (load_status != MDS_OK) {
        snprintf(msg, msg_size, "%s", load_msg);
        *out = NULL;
        return load_status;
    }
    *out = &api;
    return MDS_OK;
}
#else
typedef int mds__cublas_dl_unused; /* ISO C wants something in a translation unit */
#endif
