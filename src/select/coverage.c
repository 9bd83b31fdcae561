/* SPDX-License-Identifier: MIT */
/* Coverage plus diversity under a budget (Lin and Bilmes, "A Class of Submodular Functions
 * for Document Summarization", ACL 2011), by cost-scaled lazy greedy. */
#include "util/alloc.h"
#include "select/coverage.h"

#include <math.h>
#include <stdlib.h>

static double weight(float s) { return s > 0.0f ? (double)s : 0.0; }

/* The cost that scales a gain: the same at every position, so bounds stay comparable. */
static double scale_of(const mds__cand *c, mds_budget_unit unit, double r)
{
    double cost = (double)mds__cand_cost(c, unit, 0) + (unit == MDS_BUDGET_BYTES ? 1.0 : 0.0);
    return cost > 0.0 ? pow(cost, r) : 1.0;
}

/* Gain of adding j: coverage of every sentence (cov[i] = min(C_i, cap_i) so far), and the
 * diversity of j's part (psum: its rewards so far). */
static double gain_of(size_t n, const float *Sj, const double *cov, const double *cap,
                      const double *imp, double psum, double rj, double lambda)
{
    double g = 0.0;
    for (size_t i = 0; i < n; i++) {
        double c = cov[i] + weight(Sj[i]);
        g += ((c < cap[i] ? c : cap[i]) - cov[i]) * (imp ? imp[i] : 1.0);
    }
    return g + lambda * (sqrt(psum + rj) - sqrt(psum));
}

mds_status mds__select_coverage(size_t n, const float *S, const double *importance,
                                const double *reward, const uint32_t *part, size_t nparts, const mds__cand *cands,
                                const mds__coverage_opts *o, size_t *chosen, size_t *nchosen,
                                double *value)
{
    *nchosen = 0;
    if (value)
        *value = 0.0;
    if (n == 0)
        return MDS_OK;
    double *cap = mds__malloc(n * sizeof *cap);
    double *cov = mds__calloc(n, sizeof *cov);
    double *bound = mds__malloc(n * sizeof *bound);
    double *gain = mds__malloc(n * sizeof *gain);
    double *scale = mds__malloc(n * sizeof *scale);
    double *psum = mds__calloc(nparts ? nparts : 1, sizeof *psum);
    size_t *stamp = mds__calloc(n, sizeof *stamp);
    unsigned char *out = mds__calloc(n, 1); /* 1: chosen or ruled out for good */
    mds_status st = MDS_ENOMEM;
    if (!cap || !cov || !bound || !gain || !scale || !psum || !stamp || !out)
        goto done;

    for (size_t i = 0; i < n; i++) {
        double total = 0.0;
        for (size_t j = 0; j < n; j++)
            total += weight(S[i * n + j]);
        cap[i] = o->saturation * total / (double)n;
    }
    /* Step 0: every gain is the sentence's value alone, F({j}). */
    size_t single = n;
    double single_v = 0.0;
    for (size_t j = 0; j < n; j++) {
        if (!cands[j].eligible || mds__cand_cost(&cands[j], o->unit, 1) > o->budget) {
            out[j] = 1;
            continue;
        }
        gain[j] = gain_of(n, S + j * n, cov, cap, importance, 0.0, reward[j], o->diversity);
        scale[j] = scale_of(&cands[j], o->unit, o->cost_exponent);
        bound[j] = gain[j] / scale[j];
        if (single == n || gain[j] > single_v) {
            single = j;
            single_v = gain[j];
        }
    }

    size_t used = 0, k = 0, step = 0;
    double total = 0.0;
    for (;;) {
        size_t best = n;
        for (size_t j = 0; j < n; j++)
            if (!out[j] && (best == n || bound[j] > bound[best]))
                best = j;
        if (best == n)
            break;
        if (used + mds__cand_cost(&cands[best], o->unit, k == 0) > o->budget) {
            out[best] = 1; /* the budget only shrinks */
            continue;
        }
        if (stamp[best] != step) { /* a stale bound leads: recompute it, look again */
            gain[best] = gain_of(n, S + best * n, cov, cap, importance, psum[part[best]], reward[best],
                                 o->diversity);
            bound[best] = gain[best] / scale[best];
            stamp[best] = step;
            continue;
        }
        used += mds__cand_cost(&cands[best], o->unit, k == 0);
        chosen[k++] = best;
        out[best] = 1;
        total += gain[best];
        const float *Sb = S + best * n;
        for (size_t i = 0; i < n; i++) {
            double c = cov[i] + weight(Sb[i]);
            cov[i] = c < cap[i] ? c : cap[i];
            if (!out[i] && Sb[i] >= (float)o->duplicate_threshold)
                out[i] = 1; /* the same fact twice */
        }
        psum[part[best]] += reward[best];
        step++;
    }
    /* Cost-scaled greedy alone can be arbitrarily bad; with the best single sentence it is
     * within a constant factor of the optimum (Lin and Bilmes 2010). */
    if (single < n && single_v > total) {
        chosen[0] = single;
        k = 1;
        total = single_v;
    }
    *nchosen = k;
    if (value)
        *value = total;
    st = MDS_OK;
done:
    mds__free(cap);
    mds__free(cov);
    mds__free(bound);
    mds__free(gain);
    mds__free(scale);
    mds__free(psum);
    mds__free(stamp);
    mds__free(out);
    return st;
}

mds_status mds__coverage_rewards(size_t n, const float *S, const double *scores,
                                 mds_reward kind, double *reward)
{
    double mean = 0.0;
    for (size_t j = 0; j < n; j++) {
        double t = 0.0;
        for (size_t i = 0; i < n; i++)
            t += weight(S[j * n + i]);
        reward[j] = t / (double)n;
        mean += reward[j];
    }
    if (kind == MDS_REWARD_SIMILARITY || n == 0)
        return MDS_OK;
    mean /= (double)n;
    double smean = 0.0;
    for (size_t j = 0; j < n; j++)
        smean += scores[j];
    smean /= (double)n;
    for (size_t j = 0; j < n; j++)
        reward[j] = smean > 0.0 && scores[j] > 0.0 ? scores[j] / smean * mean : 0.0;
    return MDS_OK;
}

/* Each sentence to its most similar medoid (ties: the lower part). Returns whether any
 * label changed. */
static int assign(size_t n, const float *S, const size_t *medoid, size_t k, uint32_t *part)
{
    int moved = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t b = 0;
        for (size_t c = 1; c < k; c++)
            if (S[i * n + medoid[c]] > S[i * n + medoid[b]])
                b = (uint32_t)c;
        if (medoid[b] != i) /* a medoid is in its own part, whatever ties say */
            for (size_t c = 0; c < k; c++)
                if (medoid[c] == i)
                    b = (uint32_t)c;
        moved |= part[i] != b;
        part[i] = b;
    }
    return moved;
}

mds_status mds__partition_similar(size_t n, const float *S, size_t k, uint32_t *part)
{
    if (n == 0)
        return MDS_OK;
    if (k < 1)
        k = 1;
    if (k > n)
        k = n;
    size_t *medoid = mds__malloc(k * sizeof *medoid);
    float *near = mds__malloc(n * sizeof *near); /* similarity to the most similar seed */
    double *sum = mds__malloc(n * sizeof *sum);
    if (!medoid || !near || !sum) {
        mds__free(medoid);
        mds__free(near);
        mds__free(sum);
        return MDS_ENOMEM;
    }
    size_t first = 0;
    double best = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double t = 0.0;
        for (size_t j = 0; j < n; j++)
            t += S[i * n + j];
        if (t > best) {
            best = t;
            first = i;
        }
    }
    medoid[0] = first;
    for (size_t i = 0; i < n; i++)
        near[i] = S[i * n + first];
    near[first] = INFINITY;
    for (size_t c = 1; c < k; c++) {
        size_t far = n;
        for (size_t i = 0; i < n; i++)
            if (near[i] != INFINITY && (far == n || near[i] < near[far]))
                far = i;
        medoid[c] = far;
        for (size_t i = 0; i < n; i++)
            if (S[i * n + far] > near[i])
                near[i] = S[i * n + far];
        near[far] = INFINITY;
    }
    for (size_t i = 0; i < n; i++)
        part[i] = UINT32_MAX;
    assign(n, S, medoid, k, part);
    for (int round = 0; round < 20; round++) {
        /* sum[i]: similarity of i to the members of its part */
        for (size_t i = 0; i < n; i++) {
            double t = 0.0;
            for (size_t j = 0; j < n; j++)
                if (part[j] == part[i])
                    t += S[i * n + j];
            sum[i] = t;
        }
        for (size_t c = 0; c < k; c++)
            for (size_t i = 0; i < n; i++)
                if (part[i] == c && (sum[i] > sum[medoid[c]] ||
                                     (sum[i] == sum[medoid[c]] && i < medoid[c])))
                    medoid[c] = i;
        if (!assign(n, S, medoid, k, part))
            break;
    }
    mds__free(medoid);
    mds__free(near);
    mds__free(sum);
    return MDS_OK;
}

/* The table's entry: on the dense S the pipeline hands over, rewards and the parts of the
 * diversity term (the documents, or k-medoids parts), then the greedy. */
static mds_status select_coverage(const mds__selection *in, size_t *chosen, size_t *nchosen)
{
    const mds__params *prm = in->params;
    size_t n = in->n, nparts = 0;
    *nchosen = 0;
    double *reward = mds__malloc((n ? n : 1) * sizeof *reward);
    uint32_t *part = mds__malloc((n ? n : 1) * sizeof *part);
    mds_status st = MDS_ENOMEM;
    if (!reward || !part)
        goto done;
    if (prm->partition == MDS_PARTITION_DOCUMENT) {
        for (size_t i = 0; i < n; i++) {
            part[i] = in->doc_of[i];
            if (part[i] + (size_t)1 > nparts)
                nparts = part[i] + (size_t)1;
        }
    } else {
        nparts = (size_t)ceil(prm->clusters * (double)n);
        if ((st = mds__partition_similar(n, in->S, nparts, part)))
            goto done;
    }
    mds__coverage_opts co = {in->unit, in->budget, prm->saturation, prm->diversity,
                             prm->cost_exponent, in->duplicate_threshold};
    if (!(st = mds__coverage_rewards(n, in->S, in->scores, prm->reward, reward)))
        st = mds__select_coverage(n, in->S,
                                  prm->reward == MDS_REWARD_CENTRALITY ? in->scores : NULL,
                                  reward, part, nparts, in->cands, &co, chosen, nchosen, NULL);
done:
    mds__free(reward);
    mds__free(part);
    return st;
}

const mds__selector mds__selector_coverage = {
    .name = "coverage",
    .needs = MDS__NEEDS_MATRIX,
    /* the entry's reward and part, k-medoids' medoid, near and sum, the greedy's six arrays
     * of doubles (psum: no more parts than candidates), stamp and out */
    .cand_bytes = 8 * sizeof(double) + 2 * sizeof(size_t) + sizeof(float) + sizeof(uint32_t) + 1,
    .fallback = "mmr",
    .select = select_coverage,
};
