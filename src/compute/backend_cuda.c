/* SPDX-License-Identifier: MIT */
/* The CUDA backend: cuBLAS for the gram, kernels in kernels/ for the rest. Built only when
 * CMake finds the CUDA toolkit (MDS_HAVE_CUDA); the same binary runs without a GPU, where
 * probe says why this backend cannot run.
 *
 * A session keeps X on the device (rounded to the precision's input format there), and the
 * graph: the dense S = X X^T, or the sparse graph built tile by tile (GEMM, then a top-k
 * kernel per row) and stored as lists of incoming edges for the power iteration. Every CUDA
 * and cuBLAS call is checked; a failure returns MDS_EBACKEND (MDS_ENOMEM when the device
 * is out of memory) with the call and the driver's message, so the pipeline can redo the
 * work on the CPU. Nothing here prints, exits or aborts. */
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cublas_v2.h>
#include <cuda_runtime_api.h>

#include "util/alloc.h"
#include "compute/backend.h"
#include "compute/graph.h"
#include "compute/cublas_dl.h"
#include "util/clock.h"
#include "convert_precision.cuh"
#include "degrees.cuh"
#include "power_step.cuh"
#include "spread_rest.cuh"
#include "topk.cuh"
#include "transpose_graph.cuh"

/* rows(): at most this much device memory for a tile of S. */
#define ROWS_TILE_BYTES ((size_t)256 << 20)
/* Dense power iteration: rows of S per partial sum (more chunks, more parallelism; at most
 * 64 chunks, so the partial sums stay small). */
#define GATHER_CHUNK_MIN 1024
#define GATHER_CHUNKS_MAX 64

typedef struct dbuf {
    void *p;
    size_t bytes;
} dbuf;

enum { GRAPH_NONE, GRAPH_DENSE, GRAPH_SPARSE };

struct mds__sim {
    int device;
    size_t n, d;
    mds_precision precision;
    cudaStream_t stream; /* the thread's (see worker), or the session's own when `own` */
    cublasHandle_t blas;
    int own;
    dbuf X;      /* n x d: float (FP32, or rounded to TF32) or __half (FP16) */
    dbuf tile;   /* scratch rows of S for rows() */
    dbuf scalar; /* dangling mass, L1 change (double), edge count (unsigned long long), rest */
    int graph;
    float threshold;
    int unweighted;
    dbuf S;                     /* dense: n x n */
    dbuf deg;                   /* n doubles: full degrees, every edge of the row */
    dbuf kept;                  /* sparse: n doubles, the weights of the kept edges */
    double total_deg;           /* sparse: sum of deg, for spreading the rest */
    dbuf in_off, in_src, in_wt; /* sparse: incoming edges, see transpose_graph.cuh */
    size_t bytes_now, bytes_peak;
    mds__sim_stats stats;
};

static mds_status cuda_error(cudaError_t e, const char *call, char *msg, size_t msg_size)
{
    snprintf(msg, msg_size, "%s: %s", call, cudaGetErrorString(e));
    cudaGetLastError(); /* clear a non-sticky error so later calls are not blamed for it */
    return e == cudaErrorMemoryAllocation ? MDS_ENOMEM : MDS_EBACKEND;
}


static mds_status blas_error(cublasStatus_t e, const char *call, char *msg, size_t msg_size)
{
    snprintf(msg, msg_size, "%s: %s", call, mds__cublas_api()->cublasGetStatusString(e));
    return e == CUBLAS_STATUS_ALLOC_FAILED ? MDS_ENOMEM : MDS_EBACKEND;
}

/* Checked calls: on failure, st and msg say which call failed and why, then `goto fail`.
 * Every function using them has `mds_status st` and a `fail:` label. */
#define CU(fn, ...)                                              \
    do {                                                         \
        cudaError_t e_ = fn(__VA_ARGS__);                        \
        if (e_ != cudaSuccess) {                                 \
            st = cuda_error(e_, #fn, msg, msg_size);             \
            goto fail;                                           \
        }                                                        \
    } while (0)
#define CB(fn, ...)                                              \
    do {                                                         \
        cublasStatus_t e_ = mds__cublas_api()->fn(__VA_ARGS__);  \
        if (e_ != CUBLAS_STATUS_SUCCESS) {                       \
            st = blas_error(e_, #fn, msg, msg_size);             \
            goto fail;                                           \
        }                                                        \
    } while (0)
#define TRY(call)              \
    do {                       \
        if ((st = (call)))     \
            goto fail;         \
    } while (0)

/* Device memory, counted for the peak in stats. */
static mds_status buf_alloc(mds__sim *s, dbuf *b, size_t bytes, char *msg, size_t msg_size)
{
    mds_status st = MDS_OK;
    b->p = NULL;
    b->bytes = 0;
    if (bytes == 0)
        return MDS_OK;
    CU(cudaMalloc, &b->p, bytes);
    b->bytes = bytes;
    s->bytes_now += bytes;
    if (s->bytes_now > s->bytes_peak)
        s->bytes_peak = s->bytes_now;
    return MDS_OK;
fail:
    b->p = NULL;
    return st;
}

static void buf_free(mds__sim *s, dbuf *b)
{
    if (b->p) {
        cudaFree(b->p); /* an error here is the context's, and the next call reports it */
        s->bytes_now -= b->bytes;
    }
    b->p = NULL;
    b->bytes = 0;
}

static void graph_free(mds__sim *s)
{
    buf_free(s, &s->S);
    buf_free(s, &s->deg);
    buf_free(s, &s->kept);
    s->total_deg = 0.0;
    buf_free(s, &s->in_off);
    buf_free(s, &s->in_src);
    buf_free(s, &s->in_wt);
    s->graph = GRAPH_NONE;
}

/* Device memory free now, for sizing tiles. */
static mds_status free_memory(size_t *out, char *msg, size_t msg_size)
{
    mds_status st = MDS_OK;
    size_t total = 0;
    CU(cudaMemGetInfo, out, &total);
fail:
    return st;
}

static mds_status cuda_probe(int device, char *msg, size_t msg_size)
{
    int count = 0, major = 0, minor = 0, mode = 0;
    cudaError_t e = cudaGetDeviceCount(&count);
    if (e != cudaSuccess) { /* no driver, no device, driver too old: zero devices */
        snprintf(msg, msg_size, "no usable CUDA device: %s", cudaGetErrorString(e));
        cudaGetLastError();
        return MDS_EBACKEND;
    }
    if (count <= 0) {
        snprintf(msg, msg_size, "no usable CUDA device: none found");
        return MDS_EBACKEND;
    }
    if (device < 0 || device >= count) {
        snprintf(msg, msg_size, "no CUDA device %d: %d device%s found (0 to %d)", device, count,
                 count == 1 ? "" : "s", count - 1);
        return MDS_EBACKEND;
    }
    if ((e = cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, device)) ||
        (e = cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, device)) ||
        (e = cudaDeviceGetAttribute(&mode, cudaDevAttrComputeMode, device))) {
        snprintf(msg, msg_size, "no usable CUDA device: cudaDeviceGetAttribute: %s",
                 cudaGetErrorString(e));
        cudaGetLastError();
        return MDS_EBACKEND;
    }
    /* The kernels are built for compute capability 8.0 and 9.0 (PTX for newer ones). */
    if (major < 8) {
        snprintf(msg, msg_size,
                 "CUDA device %d has compute capability %d.%d; the CUDA backend needs 8.0 or "
                 "newer",
                 device, major, minor);
        return MDS_EBACKEND;
    }
    if (mode == cudaComputeModeProhibited) {
        snprintf(msg, msg_size, "CUDA device %d is in prohibited compute mode", device);
        return MDS_EBACKEND;
    }
    return MDS_OK;
}

/* A thread's stream and cuBLAS handle on one device, kept from session to session. Batch
 * mode runs many small clusters on each worker thread: each worker's clusters go down its own
 * stream, so the clusters of different workers overlap on the GPU, and none pays again for a
 * cuBLAS handle (its set-up and workspace) or for reading the device's properties. Freed when
 * the thread exits (the main thread's lives until the process ends). */
typedef struct worker {
    int device;
    cudaStream_t stream;
    cublasHandle_t blas;
    char name[128];
} worker;

static pthread_key_t worker_key;
static pthread_once_t worker_once = PTHREAD_ONCE_INIT;
static int worker_key_ok;

static void worker_free(void *p)
{
    worker *w = p;
    if (!w)
        return;
    cudaSetDevice(w->device);
    if (w->blas)
        mds__cublas_api()->cublasDestroy_v2(w->blas);
    if (w->stream)
        cudaStreamDestroy(w->stream);
    cudaGetLastError();
    mds__free(w);
}

static void worker_key_init(void) { worker_key_ok = pthread_key_create(&worker_key, worker_free) == 0; }

/* This thread's worker for `device` (the device is current); *own set when it could not be
 * kept for the thread, so that the session must free it. */
static mds_status worker_get(int device, worker **out, int *own, char *msg, size_t msg_size)
{
    mds_status st = MDS_OK;
    *out = NULL;
    *own = 0;
    pthread_once(&worker_once, worker_key_init);
    worker *w = worker_key_ok ? pthread_getspecific(worker_key) : NULL;
    if (w && w->device == device) {
        *out = w;
        return MDS_OK;
    }
    if (w) { /* another device this time: the old one goes */
        pthread_setspecific(worker_key, NULL);
        worker_free(w);
    }
    if (!(w = mds__calloc(1, sizeof *w))) {
        snprintf(msg, msg_size, "out of memory");
        return MDS_ENOMEM;
    }
    w->device = device;
    struct cudaDeviceProp prop;
    CU(cudaGetDeviceProperties, &prop, device);
    /* Names are short ("NVIDIA H100 80GB HBM3"); a longer one is cut. */
    snprintf(w->name, sizeof w->name, "%.*s", (int)sizeof w->name - 1, prop.name);
    CU(cudaStreamCreateWithFlags, &w->stream, cudaStreamNonBlocking);
    CB(cublasCreate_v2, &w->blas);
    CB(cublasSetStream_v2, w->blas, w->stream);
    if (!worker_key_ok || pthread_setspecific(worker_key, w) != 0)
        *own = 1;
    *out = w;
    return MDS_OK;
fail:
    worker_free(w);
    return st;
}

static void cuda_close(mds__sim *s)
{
    if (!s)
        return;
    cudaSetDevice(s->device);
    if (s->stream)
        cudaStreamSynchronize(s->stream);
    graph_free(s);
    buf_free(s, &s->X);
    buf_free(s, &s->tile);
    buf_free(s, &s->scalar);
    if (s->own && s->blas)
        mds__cublas_api()->cublasDestroy_v2(s->blas);
    if (s->own && s->stream)
        cudaStreamDestroy(s->stream);
    cudaGetLastError();
    mds__free(s);
}

static mds_status cuda_open(int device, const float *X, size_t n, size_t d,
                            mds_precision precision, mds__sim **out, char *msg, size_t msg_size)
{
    mds_status st = MDS_OK;
    dbuf staging = {NULL, 0};
    *out = NULL;
    if (precision != MDS_PRECISION_FP32 && precision != MDS_PRECISION_TF32 &&
        precision != MDS_PRECISION_FP16) {
        snprintf(msg, msg_size, "unknown precision %d", (int)precision);
        return MDS_EINVAL;
    }
    /* cuBLAS takes int sizes; the kernels index columns with 32 bits. */
    if (n >= INT_MAX || d >= INT_MAX || (d > 0 && n > SIZE_MAX / sizeof(float) / d)) {
        snprintf(msg, msg_size, "%zu x %zu embeddings: too large for the CUDA backend", n, d);
        return MDS_EBACKEND;
    }
    mds__sim *s = mds__calloc(1, sizeof *s);
    if (!s) {
        snprintf(msg, msg_size, "out of memory");
        return MDS_ENOMEM;
    }
    s->device = device;
    s->n = n;
    s->d = d;
    s->precision = precision;

    CU(cudaSetDevice, device);
    const mds__cublas *api = NULL; /* loaded once; mds__cublas_api() from then on */
    TRY(mds__cublas_load(&api, msg, msg_size));
    worker *w = NULL;
    TRY(worker_get(device, &w, &s->own, msg, msg_size));
    s->stream = w->stream;
    s->blas = w->blas;
    snprintf(s->stats.device, sizeof s->stats.device, "%s", w->name);
    if (s->own)
        mds__free(w); /* the session owns the stream and handle now; the shell goes */
    TRY(buf_alloc(s, &s->scalar, 4 * sizeof(double), msg, msg_size));

    const size_t count = n * d;
    if (count > 0) {
        if (precision == MDS_PRECISION_FP16) {
            TRY(buf_alloc(s, &staging, count * sizeof(float), msg, msg_size));
            CU(cudaMemcpyAsync, staging.p, X, count * sizeof(float), cudaMemcpyHostToDevice,
               s->stream);
            TRY(buf_alloc(s, &s->X, count * 2, msg, msg_size)); /* __half */
            CU(mds__cuda_to_half, staging.p, s->X.p, count, s->stream);
        } else {
            TRY(buf_alloc(s, &s->X, count * sizeof(float), msg, msg_size));
            CU(cudaMemcpyAsync, s->X.p, X, count * sizeof(float), cudaMemcpyHostToDevice,
               s->stream);
            if (precision == MDS_PRECISION_TF32)
                CU(mds__cuda_round_tf32, s->X.p, count, s->stream);
        }
        CU(cudaStreamSynchronize, s->stream);
        buf_free(s, &staging);
    }
    *out = s;
    return MDS_OK;
fail:
    buf_free(s, &staging);
    cuda_close(s);
    return st;
}

/* C (rows x n, row-major) = X[row0 .. row0 + rows) X^T, on the session's stream. cuBLAS is
 * column-major: row-major X (n x d) is X^T (d x n, ld d) to it, and the row-major result is
 * C^T = X Xr^T (n x rows, ld n), so op(A) = (X^T)^T and op(B) = Xr^T as stored. */
static mds_status gemm_rows(mds__sim *s, size_t row0, size_t rows, float *C, char *msg,
                            size_t msg_size)
{
    mds_status st = MDS_OK;
    if (rows == 0 || s->n == 0)
        return MDS_OK;
    if (s->d == 0) {
        CU(cudaMemsetAsync, C, 0, rows * s->n * sizeof(float), s->stream);
        return MDS_OK;
    }
    const float alpha = 1.0f, beta = 0.0f;
    const int half = s->precision == MDS_PRECISION_FP16;
    const cudaDataType in = half ? CUDA_R_16F : CUDA_R_32F;
    /* FP32: plain FP32 math (cuBLAS uses TF32 only when asked). TF32: X is already rounded
     * to TF32 (nearest even, as the CPU does), so the tensor cores see exact inputs. FP16:
     * half inputs, FP32 accumulation and output. */
    const cublasComputeType_t compute =
        s->precision == MDS_PRECISION_TF32 ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F;
    /* One call at a time writes at most INT_MAX elements of C: cuBLAS takes int sizes, and a
     * dense S past n = 46,341 or a 2,048-row tile past 2^20 columns would overflow them. */
    const size_t step = (size_t)INT_MAX / s->n;
    for (size_t r = 0; r < rows; r += step) {
        size_t m = rows - r < step ? rows - r : step;
        const char *B = (const char *)s->X.p + (row0 + r) * s->d * (half ? 2 : sizeof(float));
        CB(cublasGemmEx, s->blas, CUBLAS_OP_T, CUBLAS_OP_N, (int)s->n, (int)m, (int)s->d,
           &alpha, s->X.p, in, (int)s->d, B, in, (int)s->d, &beta, C + r * s->n, CUDA_R_32F,
           (int)s->n, compute, CUBLAS_GEMM_DEFAULT);
    }
    s->stats.gram_flops += 2.0 * (double)rows * (double)s->n * (double)s->d;
    return MDS_OK;
fail:
    return st;
}

/* The scratch tile holds at least `bytes`. */
static mds_status tile_reserve(mds__sim *s, size_t bytes, char *msg, size_t msg_size)
{
    if (s->tile.bytes >= bytes)
        return MDS_OK;
    buf_free(s, &s->tile);
    return buf_alloc(s, &s->tile, bytes, msg, msg_size);
}

static mds_status cuda_rows(mds__sim *s, size_t row0, size_t rows, float *S, char *msg,
                            size_t msg_size)
{
    mds_status st = MDS_OK;
    const size_t n = s->n;
    if (row0 > n || rows > n - row0) {
        snprintf(msg, msg_size, "rows [%zu, %zu) outside 0..%zu", row0, row0 + rows, n);
        return MDS_EINTERNAL;
    }
    if (n == 0 || rows == 0)
        return MDS_OK;
    CU(cudaSetDevice, s->device);
    if (s->graph == GRAPH_DENSE) { /* S is on the device already */
        CU(cudaMemcpyAsync, S, (const float *)s->S.p + row0 * n, rows * n * sizeof(float),
           cudaMemcpyDeviceToHost, s->stream);
        CU(cudaStreamSynchronize, s->stream);
        return MDS_OK;
    }
    size_t avail = 0;
    TRY(free_memory(&avail, msg, msg_size));
    size_t budget = avail / 2 + s->tile.bytes;
    if (budget > ROWS_TILE_BYTES)
        budget = ROWS_TILE_BYTES;
    size_t tr = budget / (n * sizeof(float));
    if (tr == 0)
        tr = 1;
    if (tr > rows)
        tr = rows;
    TRY(tile_reserve(s, tr * n * sizeof(float), msg, msg_size));
    for (size_t r = 0; r < rows; r += tr) {
        size_t m = rows - r < tr ? rows - r : tr;
        double t0 = mds__now();
        TRY(gemm_rows(s, row0 + r, m, s->tile.p, msg, msg_size));
        CU(cudaMemcpyAsync, S + r * n, s->tile.p, m * n * sizeof(float), cudaMemcpyDeviceToHost,
           s->stream);
        CU(cudaStreamSynchronize, s->stream);
        s->stats.seconds_gram += mds__now() - t0;
    }
    return MDS_OK;
fail:
    return st;
}

/* The dense graph: S whole on the device, degrees from it. */
static mds_status graph_dense(mds__sim *s, char *msg, size_t msg_size)
{
    mds_status st = MDS_OK;
    const size_t n = s->n;
    unsigned long long edges = 0;
    if (n > SIZE_MAX / sizeof(float) / n) {
        snprintf(msg, msg_size, "%zu sentences: the dense matrix is too large", n);
        return MDS_ENOMEM;
    }
    TRY(buf_alloc(s, &s->S, n * n * sizeof(float), msg, msg_size));
    TRY(buf_alloc(s, &s->deg, n * sizeof(double), msg, msg_size));
    double t0 = mds__now();
    TRY(gemm_rows(s, 0, n, s->S.p, msg, msg_size));
    CU(cudaStreamSynchronize, s->stream);
    double t1 = mds__now();
    unsigned long long *d_edges = (unsigned long long *)((double *)s->scalar.p + 2);
    CU(cudaMemsetAsync, d_edges, 0, sizeof *d_edges, s->stream);
    CU(mds__cuda_degrees_dense, s->S.p, n, s->threshold, s->unweighted, s->deg.p, d_edges,
       s->stream);
    CU(cudaMemcpyAsync, &edges, d_edges, sizeof edges, cudaMemcpyDeviceToHost, s->stream);
    CU(cudaStreamSynchronize, s->stream);
    s->stats.seconds_gram += t1 - t0;
    s->stats.seconds_graph += mds__now() - t1;
    s->stats.edges = (size_t)edges;
    s->graph = GRAPH_DENSE;
    return MDS_OK;
fail:
    return st;
}

/* The sparse graph: row tiles of S (as many rows as o->tile_rows and free device memory
 * allow), each cut to its k heaviest edges per row by the top-k kernel; then degrees, and the
 * out-lists turned into in-lists for the power iteration. */
static mds_status graph_sparse(mds__sim *s, size_t k, size_t tile_rows, char *msg,
                               size_t msg_size)
{
    mds_status st = MDS_OK;
    const size_t n = s->n;
    dbuf idx = {NULL, 0}, sim = {NULL, 0}, cnt = {NULL, 0}, tile = {NULL, 0},
         scratch = {NULL, 0};
    unsigned long long edges = 0;
    unsigned long long *d_edges = (unsigned long long *)((double *)s->scalar.p + 2);

    double *host_deg = NULL;
    TRY(buf_alloc(s, &s->deg, n * sizeof(double), msg, msg_size));
    TRY(buf_alloc(s, &s->kept, n * sizeof(double), msg, msg_size));
    TRY(buf_alloc(s, &s->in_off, (n + 1) * sizeof(int), msg, msg_size));
    if (k == 0) { /* one sentence: no edge */
        CU(cudaMemsetAsync, s->deg.p, 0, n * sizeof(double), s->stream);
        CU(cudaMemsetAsync, s->kept.p, 0, n * sizeof(double), s->stream);
        CU(cudaMemsetAsync, s->in_off.p, 0, (n + 1) * sizeof(int), s->stream);
        CU(cudaStreamSynchronize, s->stream);
        s->stats.edges = 0;
        s->graph = GRAPH_SPARSE;
        return MDS_OK;
    }
    const size_t entries = n * k;
    TRY(buf_alloc(s, &idx, entries * sizeof(int), msg, msg_size));
    TRY(buf_alloc(s, &sim, entries * sizeof(float), msg, msg_size));
    TRY(buf_alloc(s, &cnt, n * sizeof(int), msg, msg_size));

    /* The rows() scratch goes first, so the tile can have its memory. */
    buf_free(s, &s->tile);
    size_t avail = 0;
    TRY(free_memory(&avail, msg, msg_size));
    size_t tr = tile_rows == 0 || tile_rows > n ? n : tile_rows;
    size_t fit = avail / 2 / (n * sizeof(float));
    if (tr > fit)
        tr = fit;
    if (tr == 0) {
        snprintf(msg, msg_size, "not enough device memory for one row of S (%zu bytes free)",
                 avail);
        st = MDS_ENOMEM;
        goto fail;
    }
    TRY(buf_alloc(s, &tile, tr * n * sizeof(float), msg, msg_size));
    for (size_t row0 = 0; row0 < n; row0 += tr) {
        size_t m = n - row0 < tr ? n - row0 : tr;
        double t0 = mds__now();
        TRY(gemm_rows(s, row0, m, tile.p, msg, msg_size));
        CU(cudaStreamSynchronize, s->stream);
        double t1 = mds__now();
        CU(mds__cuda_topk, tile.p, m, n, row0, (int)k, s->threshold, (int *)idx.p + row0 * k,
           (float *)sim.p + row0 * k, (int *)cnt.p + row0, s->stream);
        /* the exact degrees, from the whole rows while they are here */
        CU(mds__cuda_degrees_rows, tile.p, m, n, row0, s->threshold, s->unweighted,
           (double *)s->deg.p + row0, NULL, s->stream);
        CU(cudaStreamSynchronize, s->stream);
        s->stats.seconds_gram += t1 - t0;
        s->stats.seconds_graph += mds__now() - t1;
    }
    buf_free(s, &tile);

    double t0 = mds__now();
    CU(cudaMemsetAsync, d_edges, 0, sizeof *d_edges, s->stream);
    CU(mds__cuda_degrees_sparse, sim.p, cnt.p, n, (int)k, s->unweighted, s->kept.p, d_edges,
       s->stream);
    /* the total degree, summed in index order on the host as the CPU does */
    if (!(host_deg = mds__malloc(n * sizeof *host_deg))) {
        snprintf(msg, msg_size, "out of memory");
        st = MDS_ENOMEM;
        goto fail;
    }
    CU(cudaMemcpyAsync, host_deg, s->deg.p, n * sizeof(double), cudaMemcpyDeviceToHost,
       s->stream);
    CU(cudaMemcpyAsync, &edges, d_edges, sizeof edges, cudaMemcpyDeviceToHost, s->stream);
    size_t scratch_bytes = 0;
    CU(mds__cuda_transpose_graph, idx.p, sim.p, n, (int)k, s->unweighted, NULL, &scratch_bytes,
       NULL, NULL, NULL, s->stream);
    TRY(buf_alloc(s, &scratch, scratch_bytes, msg, msg_size));
    TRY(buf_alloc(s, &s->in_src, entries * sizeof(int), msg, msg_size));
    TRY(buf_alloc(s, &s->in_wt, entries * sizeof(float), msg, msg_size));
    CU(mds__cuda_transpose_graph, idx.p, sim.p, n, (int)k, s->unweighted, scratch.p,
       &scratch_bytes, s->in_off.p, s->in_src.p, s->in_wt.p, s->stream);
    CU(cudaStreamSynchronize, s->stream);
    s->total_deg = 0.0;
    for (size_t i = 0; i < n; i++)
        s->total_deg += host_deg[i];
    s->stats.seconds_graph += mds__now() - t0;
    s->stats.edges = (size_t)edges;
    s->graph = GRAPH_SPARSE;
    st = MDS_OK;
fail:
    mds__free(host_deg);
    buf_free(s, &scratch);
    buf_free(s, &tile);
    buf_free(s, &cnt);
    buf_free(s, &sim);
    buf_free(s, &idx);
    return st;
}

static mds_status cuda_graph(mds__sim *s, const mds__graph_opts *o, char *msg, size_t msg_size)
{
    mds_status st = MDS_OK;
    const size_t n = s->n;
    /* The earlier graph goes first, whatever happens next: a refused request leaves no
     * graph (as on the CPU), never the old one for rank() and rows() to use unnoticed. */
    CU(cudaSetDevice, s->device);
    graph_free(s);
    s->stats.edges = 0;
    if (o->mode != MDS_LEXRANK_CONTINUOUS && o->mode != MDS_LEXRANK_THRESHOLD) {
        snprintf(msg, msg_size, "unknown LexRank mode %d", (int)o->mode);
        return MDS_EINVAL;
    }
    /* k heaviest edges out of each sentence (0: the dense graph) */
    size_t k = o->neighbors ? mds__graph_neighbors(n, o->neighbors) : 0;
    /* Limits of this backend, not errors in the request: MDS_EBACKEND, the status on which
     * the pipeline redoes the work on the CPU (src/compute/backend.h). */
    if (o->neighbors > 0 && k > MDS__TOPK_MAX) {
        snprintf(msg, msg_size, "%zu neighbors: the CUDA backend keeps at most %d per sentence",
                 o->neighbors, MDS__TOPK_MAX);
        return MDS_EBACKEND;
    }
    if (o->neighbors > 0 && k > 0 && n > (size_t)INT_MAX / k) {
        snprintf(msg, msg_size, "%zu sentences x %zu neighbors: too many edges for the CUDA "
                 "backend (at most %d)", n, k, INT_MAX);
        return MDS_EBACKEND;
    }
    s->threshold = o->threshold;
    s->unweighted = o->mode == MDS_LEXRANK_THRESHOLD;
    if (n == 0) {
        s->graph = o->neighbors == 0 ? GRAPH_DENSE : GRAPH_SPARSE;
        return MDS_OK;
    }
    if (o->neighbors == 0)
        TRY(graph_dense(s, msg, msg_size));
    else
        TRY(graph_sparse(s, k, o->tile_rows, msg, msg_size));
    return MDS_OK;
fail:
    graph_free(s);
    return st;
}

static mds_status cuda_rank(mds__sim *s, const mds__rank_opts *o, const double *teleport,
                            double *scores, int *iterations, char *msg, size_t msg_size)
{
    mds_status st = MDS_OK;
    const size_t n = s->n;
    dbuf p = {NULL, 0}, q = {NULL, 0}, w = {NULL, 0}, partial = {NULL, 0}, tele = {NULL, 0};
    if (iterations)
        *iterations = 0;
    if (s->graph == GRAPH_NONE) {
        snprintf(msg, msg_size, "rank: no graph (graph() comes first)");
        return MDS_EINTERNAL;
    }
    if (n == 0)
        return MDS_OK;
    CU(cudaSetDevice, s->device);
    double t0 = mds__now();
    const int dense = s->graph == GRAPH_DENSE;
    size_t chunk_rows = (n + GATHER_CHUNKS_MAX - 1) / GATHER_CHUNKS_MAX;
    if (chunk_rows < GATHER_CHUNK_MIN)
        chunk_rows = GATHER_CHUNK_MIN;
    const size_t chunks = dense ? (n + chunk_rows - 1) / chunk_rows : 1;
    TRY(buf_alloc(s, &p, n * sizeof(double), msg, msg_size));
    TRY(buf_alloc(s, &q, n * sizeof(double), msg, msg_size));
    TRY(buf_alloc(s, &w, n * sizeof(double), msg, msg_size));
    TRY(buf_alloc(s, &partial, chunks * n * sizeof(double), msg, msg_size));
    if (teleport) {
        TRY(buf_alloc(s, &tele, n * sizeof(double), msg, msg_size));
        CU(cudaMemcpyAsync, tele.p, teleport, n * sizeof(double), cudaMemcpyHostToDevice,
           s->stream);
        CU(cudaMemcpyAsync, p.p, tele.p, n * sizeof(double), cudaMemcpyDeviceToDevice,
           s->stream);
    } else {
        for (size_t i = 0; i < n; i++) /* scores stages the start, uniform */
            scores[i] = 1.0 / (double)n;
        CU(cudaMemcpyAsync, p.p, scores, n * sizeof(double), cudaMemcpyHostToDevice, s->stream);
    }
    double *d_dangling = (double *)s->scalar.p, *d_diff = d_dangling + 1, *d_rest = d_dangling + 3;
    int it = 0;
    for (; it < o->max_iterations; it++) {
        double diff = 0.0;
        CU(mds__cuda_rank_weights, p.p, s->deg.p, n, w.p, d_dangling, s->stream);
        if (dense)
            CU(mds__cuda_rank_gather_dense, s->S.p, n, s->threshold, s->unweighted, w.p,
               chunk_rows, partial.p, s->stream);
        else
            CU(mds__cuda_rank_gather_sparse, s->in_off.p, s->in_src.p, s->in_wt.p, n, w.p,
               partial.p, s->stream);
        if (!dense && s->total_deg > 0) { /* the edges not kept, spread by degree */
            CU(mds__cuda_rest_sum, w.p, s->deg.p, s->kept.p, n, d_rest, s->stream);
            CU(mds__cuda_rest_spread, partial.p, s->deg.p, n, d_rest, s->total_deg, s->stream);
        }
        CU(mds__cuda_rank_combine, partial.p, chunks, n, tele.p, o->damping, d_dangling, q.p,
           s->stream);
        CU(mds__cuda_rank_normalize, q.p, p.p, n, d_diff, s->stream);
        CU(cudaMemcpyAsync, &diff, d_diff, sizeof diff, cudaMemcpyDeviceToHost, s->stream);
        CU(cudaStreamSynchronize, s->stream);
        dbuf t = p; /* q is the new p */
        p = q;
        q = t;
        if (diff < o->tolerance) {
            it++;
            break;
        }
    }
    CU(cudaMemcpyAsync, scores, p.p, n * sizeof(double), cudaMemcpyDeviceToHost, s->stream);
    CU(cudaStreamSynchronize, s->stream);
    for (size_t i = 0; i < n; i++)
        scores[i] *= (double)n;
    if (iterations)
        *iterations = it;
    s->stats.seconds_rank += mds__now() - t0;
    st = MDS_OK;
fail:
    buf_free(s, &tele);
    buf_free(s, &partial);
    buf_free(s, &w);
    buf_free(s, &q);
    buf_free(s, &p);
    return st;
}

static void cuda_stats(const mds__sim *s, mds__sim_stats *out)
{
    *out = s->stats;
    out->device_bytes = s->bytes_peak;
}

const mds__backend mds__backend_cuda = {
    .name = "cuda",
    /* 2 n^2 d for n = 4,000 sentences at d = 1,024: about 3.3e10 flops, a third of a second
     * of OpenBLAS SGEMM on a few cores, about what a CUDA context, cuBLAS start-up and the
     * transfers cost (0.1 to 0.3 s). A conservative guess, not a measurement: bench/
     * measures the real crossover on real machines, and this constant should follow it. */
    .min_flops = 3.3e10,
    .probe = cuda_probe,
    .open = cuda_open,
    .rows = cuda_rows,
    .graph = cuda_graph,
    .rank = cuda_rank,
    .stats = cuda_stats,
    .close = cuda_close,
};
