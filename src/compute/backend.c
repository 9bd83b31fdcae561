/* SPDX-License-Identifier: MIT */
/* Backend dispatch: the list of built backends, the choice among them, and the rounding
 * that makes every backend see the same inputs at a reduced precision. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compute/backend.h"

/* In order of preference; the CPU is always last. */
static const mds__backend *const backends[] = {
#ifdef MDS_HAVE_CUDA
    &mds__backend_cuda,
#endif
    &mds__backend_cpu,
};

const mds__backend *const *mds__backend_list(size_t *n)
{
    *n = sizeof backends / sizeof backends[0];
    return backends;
}

size_t mds_backend_count(void) { return sizeof backends / sizeof backends[0]; }

const char *mds_backend_name(size_t i)
{
    return i < mds_backend_count() ? backends[i]->name : NULL;
}

static const mds__backend *override;

void mds__backend_override(const mds__backend *b) { override = b; }

mds_status mds__backend_pick(mds_backend_kind kind, int device, size_t n, size_t d,
                             const mds__backend **out, char *msg, size_t msg_size)
{
    *out = NULL;
    if (kind == MDS_BACKEND_CPU) {
        *out = &mds__backend_cpu;
        return MDS_OK;
    }
    if (override) {
        *out = override;
        return MDS_OK;
    }
    double flops = 2.0 * (double)n * (double)n * (double)d;
    switch (kind) {
    case MDS_BACKEND_CPU:
        break;
    case MDS_BACKEND_CUDA: {
#ifdef MDS_HAVE_CUDA
        char why[384] = "";
        if (mds__backend_cuda.probe(device, why, sizeof why) == MDS_OK) {
            *out = &mds__backend_cuda;
            return MDS_OK;
        }
        snprintf(msg, msg_size, "the CUDA backend cannot run: %s", why);
#else
        snprintf(msg, msg_size, "the CUDA backend is not built into this version of mds; "
                 "the CPU backend is");
#endif
        return MDS_EBACKEND;
    }
    case MDS_BACKEND_AUTO:
        for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++) {
            if (flops < backends[i]->min_flops)
                continue; /* too little work to pay for this device */
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

/* Rounds a finite normal float to `keep` mantissa bits, nearest even. A carry into the
 * exponent is the right answer (the next binade). */
static float round_mantissa(float x, int keep)
{
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    if ((u & 0x7f800000u) == 0x7f800000u)
        return x; /* infinity, NaN */
    int drop = 23 - keep;
    uint32_t lsb = (u >> drop) & 1u;
    u += (1u << (drop - 1)) - 1u + lsb;
    u &= ~((1u << drop) - 1u);
    memcpy(&x, &u, sizeof x);
    return x;
}

static float round_half(float x)
{
    float a = fabsf(x);
    if (!(a == a))
        return x;
    if (a >= 65520.0f) /* rounds past the largest half, 65504 */
        return x > 0 ? INFINITY : -INFINITY;
    if (a < 6.103515625e-05f) /* below 2^-14: subnormal halves, steps of 2^-24 */
        return nearbyintf(x * 16777216.0f) / 16777216.0f;
    return round_mantissa(x, 10);
}

void mds__round_precision(float *x, size_t n, mds_precision precision)
{
    switch (precision) {
    case MDS_PRECISION_FP32:
        return;
    case MDS_PRECISION_TF32:
        for (size_t i = 0; i < n; i++)
            x[i] = round_mantissa(x[i], 10);
        return;
    case MDS_PRECISION_FP16:
        for (size_t i = 0; i < n; i++)
            x[i] = round_half(x[i]);
        return;
    }
}

mds_status mds__session_row(void *s, size_t i, float *row)
{
    mds__session *x = s;
    return x->be->rows(x->sim, i, 1, row, x->msg, x->msg_size);
}
