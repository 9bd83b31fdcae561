/* The similarity stage's plan under a memory budget: the dense graph while the n x n matrix
 * fits beside the embeddings (or when asked), else the sparse one, computed by tiles of as many
 * rows of S as fit beside the embeddings and the graph. */
#ifndef MDS_PLAN_H
#define MDS_PLAN_H

#include <stddef.h>

#include "compute/backend.h"
#include "mds.h"

/* Plans the graph of n sentences of dimension d: sets go->neighbors (0: dense, else the kept
 * edges of each sentence, mds__graph_neighbors) and go->tile_rows; the rest of *go is left as
 * it is. `kind` AUTO chooses, DENSE and SPARSE are obeyed; `neighbors` is the number asked;
 * `memory` the bytes the stage may hold. MDS_EINVAL when the plan does not fit, msg saying by
 * how much. */
mds_status mds__plan_graph(size_t n, size_t d, mds_graph_kind kind, size_t neighbors,
                           size_t memory, mds__graph_opts *go, char *msg, size_t msg_size);

#endif
