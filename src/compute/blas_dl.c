/* SPDX-License-Identifier: MIT */
/* OpenBLAS, loaded on first use (see blas_dl.h). */
#include "compute/blas_dl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>

static mds__blas api;
static mds_status load_status = MDS_EBACKEND;
static char load_msg[768];
static once_flag once = ONCE_FLAG_INIT;

/* OpenBLAS's own thread switches: optional (a serial or OpenMP build of OpenBLAS, or another
 * BLAS under its name, may lack them). `lock` orders them, `threads` and `loaded` between
 * mds__blas_set_threads and the load. */
static void (*set_num_threads)(int);
static int (*thread_shutdown)(void);
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int threads; /* asked by mds__blas_set_threads; 0: never asked */
static int loaded;

/* A library's symbol into a function pointer; memcpy, since ISO C has no conversion from
 * void * to a function pointer. `need`: a missing one fails the load (load_msg says which). */
static int sym(void *lib, const char *name, void *fn, size_t size, int need)
{
    void *p = dlsym(lib, name);
    if (!p && need) {
        snprintf(load_msg, sizeof load_msg, "OpenBLAS has no %s: %s", name, dlerror());
        return 0;
    }
    memcpy(fn, &p, size);
    return 1;
}

/* The thread count asked, then the workers stopped. OpenBLAS's pthread build starts its
 * workers when it loads, and each spins on sched_yield for 2^28 cycles (a tenth of a second)
 * before it sleeps: CPU time taken from a summary of a few milliseconds, and from the other
 * workers of a batch. openblas_set_num_threads starts them again; OpenBLAS also starts them,
 * lazily, at its next call on more than one thread, so stopping them costs nothing that is
 * used. Under `lock`. */
static void apply_threads(void)
{
    if (threads > 0 && set_num_threads)
        set_num_threads(threads);
    if (thread_shutdown)
        thread_shutdown();
}

static void load(void)
{
    /* the SONAME wherever the loader looks (an installed package, LD_LIBRARY_PATH), then the
     * file this was built against (a build tree on a machine with OpenBLAS elsewhere) */
    static const char *const names[] = {
        "libopenblas.so.0",
#ifdef MDS_OPENBLAS_PATH
        MDS_OPENBLAS_PATH,
#endif
    };
    void *lib = NULL;
    size_t at = (size_t)snprintf(load_msg, sizeof load_msg, "cannot load OpenBLAS:");
    for (size_t i = 0; !lib && i < sizeof names / sizeof *names; i++) {
        lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (!lib && at < sizeof load_msg)
            at += (size_t)snprintf(load_msg + at, sizeof load_msg - at, "%s %s", i ? ";" : "",
                                   dlerror());
    }
    if (!lib)
        return;
    if (!sym(lib, "cblas_ssyrk", &api.cblas_ssyrk, sizeof api.cblas_ssyrk, 1) ||
        !sym(lib, "cblas_sgemm", &api.cblas_sgemm, sizeof api.cblas_sgemm, 1))
        return; /* the library stays loaded for the life of the process, as when it works */
    sym(lib, "openblas_set_num_threads", &set_num_threads, sizeof set_num_threads, 0);
    sym(lib, "blas_thread_shutdown_", &thread_shutdown, sizeof thread_shutdown, 0);
    pthread_mutex_lock(&lock);
    apply_threads();
    loaded = 1;
    pthread_mutex_unlock(&lock);
    load_status = MDS_OK;
}

mds_status mds__blas_load(const mds__blas **out, char *msg, size_t msg_size)
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

void mds__blas_set_threads(int n)
{
    pthread_mutex_lock(&lock);
    threads = n;
    if (loaded) {
        if (set_num_threads)
            set_num_threads(n);
        /* which starts the stopped workers again, to spin: one thread needs none */
        if (n == 1 && thread_shutdown)
            thread_shutdown();
    }
    pthread_mutex_unlock(&lock);
}

int mds__blas_loaded(void)
{
    pthread_mutex_lock(&lock);
    int r = loaded;
    pthread_mutex_unlock(&lock);
    return r;
}
