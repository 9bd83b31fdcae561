/* Planning the similarity graph to fit the memory budget. */
#include "compute/plan.h"

#include <stdio.h>

#include "compute/graph.h"

mds_status mds__plan_graph(size_t n, size_t d, mds_graph_kind kind, size_t neighbors,
                           size_t memory, mds__graph_opts *go, char *msg, size_t msg_size)
{
    go->neighbors = 0;
    go->tile_rows = 0;
    double mib = 1024.0 * 1024.0;
    double x_bytes = (double)n * (double)d * sizeof(float);
    double dense_bytes = (double)n * (double)n * sizeof(float);
    int dense = kind == MDS_GRAPH_DENSE ||
                (kind == MDS_GRAPH_AUTO && x_bytes + dense_bytes <= (double)memory);
    if (dense) {
        if (x_bytes + dense_bytes > (double)memory) {
            snprintf(msg, msg_size, "%zu sentences: the dense similarity matrix needs %.0f MiB "
                     "with the embeddings, over the memory budget of %.0f MiB; raise the budget "
                     "or use the sparse graph", n, (x_bytes + dense_bytes) / mib,
                     (double)memory / mib);
            return MDS_EINVAL;
        }
        return MDS_OK;
    }
    size_t k = mds__graph_neighbors(n, neighbors);
    double fixed = x_bytes + (double)mds__graph_bytes(n, k);
    double row_bytes = (double)n * sizeof(float);
    double rows = ((double)memory - fixed) / row_bytes;
    if (rows < 1.0) {
        snprintf(msg, msg_size, "%zu sentences: the embeddings and a %zu-neighbour graph need "
                 "%.0f MiB, with a one-row tile %.0f MiB, over the memory budget of %.0f MiB; "
                 "raise the budget or keep fewer neighbours", n, k, fixed / mib,
                 (fixed + row_bytes) / mib, (double)memory / mib);
        return MDS_EINVAL;
    }
    go->neighbors = k;
    go->tile_rows = rows > 2048.0 ? 2048 : (size_t)rows; /* BLAS gains nothing past this */
    return MDS_OK;
}
