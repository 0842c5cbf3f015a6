"""NodeResourcesFit (PreFilter, Filter, Score with LeastAllocated; weight 1).

Models ``plugins/noderesources/fit.go`` and ``least_allocated.go``:

* Filter, in upstream's order: ``Too many pods`` when the node already holds its allocatable
  ``pods``; a pod requesting nothing then fits; otherwise each requested resource must fit in
  allocatable minus what bound pods request: ``Insufficient cpu``, ``Insufficient memory``,
  ``Insufficient ephemeral-storage``, ``Insufficient <extended resource>`` (all that apply;
  extended resources in name order). Unschedulable, so preemption may help.
* Score (LeastAllocated, cpu and memory weight 1): per resource
  ``(allocatable − requested) × 100 // allocatable`` (0 when allocatable is 0 or the node would be
  over-full), where requested uses the *non-zero* requests (100m / 200Mi for containers that set
  none) of the bound pods plus this pod; the node score is the integer mean.

>>> from k8scourse.scheduler.nodeinfo import NodeInfo, PodInfo
>>> n = NodeInfo({"metadata": {"name": "n1"}, "status": {"allocatable": {"cpu": "1", "memory": "1Gi", "pods": "110"}}})
>>> big = PodInfo({"metadata": {"name": "p"}, "spec": {"containers": [{"resources": {"requests": {"cpu": "2", "memory": "2Gi"}}}]}})
>>> NodeResourcesFit(None).filter(None, big, n).reasons
('Insufficient cpu', 'Insufficient memory')
>>> NodeResourcesFit(None).score(None, PodInfo({"metadata": {"name": "q"}, "spec": {"containers": [{}]}}), n)
85
"""

from __future__ import annotations

from ..framework import (ASSIGNED_POD_DELETE, ASSIGNED_POD_UPDATE, MAX_NODE_SCORE, NODE_ADD, NODE_ALLOCATABLE, Plugin,
                        Status, batch_scalar, count_nonzero, rows_positions)
from ..nodeinfo import fit_bits, fit_bits_reasons, fit_reasons

# filter_all's codes: a bit per reason (nodeinfo.FIT_BITS)
_BY_BITS = [Status.unschedulable(*fit_bits_reasons(code)) for code in range(1, 16)]


def least_allocated(requested: int, allocatable: int) -> int:
    if allocatable == 0 or requested > allocatable:
        return 0
    return (allocatable - requested) * MAX_NODE_SCORE // allocatable


class NodeResourcesFit(Plugin):
    name = "NodeResourcesFit"
    events = (ASSIGNED_POD_DELETE, ASSIGNED_POD_UPDATE, NODE_ADD, NODE_ALLOCATABLE)
    pod_dependence = "resources"

    def pre_filter(self, state, pod_info) -> Status:
        return Status.success()

    def filter(self, state, pod_info, node_info) -> Status:
        r = node_info.requested
        reasons = fit_reasons(pod_info.req, node_info.alloc, r.cpu, r.memory, r.ephemeral, r.scalars,
                              len(node_info.pods), node_info.allowed_pods)
        return Status.unschedulable(*reasons) if reasons else Status.success()

    def filter_key(self, state, pod_info):
        q = pod_info.req
        return q.cpu, q.memory, q.ephemeral, tuple(sorted(q.scalars.items()))

    def filter_all(self, state, pod_info, cache, rows):
        q = pod_info.req
        if any(q.scalars.values()):         # extended resources: node by node
            return batch_scalar(self, state, pod_info, cache, rows_positions(cache, rows))
        x = cache.arrays()
        codes = fit_bits(q, x.free_pods[rows], x.free_cpu[rows], x.free_mem[rows], x.free_eph[rows])
        if not count_nonzero(codes):
            return None
        return codes, _BY_BITS

    def score(self, state, pod_info, node_info) -> int:
        q, a, r = pod_info.req, node_info.alloc, node_info.requested
        return (least_allocated(r.nz_cpu + q.nz_cpu, a.cpu) + least_allocated(r.nz_memory + q.nz_memory, a.memory)) // 2

    def score_key(self, state, pod_info):
        return pod_info.req.nz_cpu, pod_info.req.nz_memory

    def score_all(self, state, pod_info, cache, rows):
        x, q = cache.arrays(), pod_info.req
        total = None
        for req, alloc in ((x.nz_cpu[rows] + q.nz_cpu, x.alloc_cpu[rows]),
                           (x.nz_mem[rows] + q.nz_memory, x.alloc_mem[rows])):
            ok = (alloc > 0) & (req <= alloc)
            safe = alloc + (alloc == 0)
            part = ((alloc - req) * MAX_NODE_SCORE // safe) * ok
            total = part if total is None else total + part
        return total // 2
