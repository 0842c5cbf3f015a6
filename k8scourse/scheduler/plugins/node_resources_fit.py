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

from ..framework import (ASSIGNED_POD_DELETE, ASSIGNED_POD_UPDATE, MAX_NODE_SCORE, NODE_ADD, NODE_ALLOCATABLE,
                         Plugin, Status)


def least_allocated(requested: int, allocatable: int) -> int:
    if allocatable == 0 or requested > allocatable:
        return 0
    return (allocatable - requested) * MAX_NODE_SCORE // allocatable


class NodeResourcesFit(Plugin):
    name = "NodeResourcesFit"
    events = (ASSIGNED_POD_DELETE, ASSIGNED_POD_UPDATE, NODE_ADD, NODE_ALLOCATABLE)

    def pre_filter(self, state, pod_info) -> Status:
        return Status.success()

    def filter(self, state, pod_info, node_info) -> Status:
        reasons = []
        if len(node_info.pods) + 1 > node_info.allowed_pods:
            reasons.append("Too many pods")
        q, a, r = pod_info.req, node_info.alloc, node_info.requested
        if not q.is_empty():
            if q.cpu > 0 and q.cpu > a.cpu - r.cpu:
                reasons.append("Insufficient cpu")
            if q.memory > 0 and q.memory > a.memory - r.memory:
                reasons.append("Insufficient memory")
            if q.ephemeral > 0 and q.ephemeral > a.ephemeral - r.ephemeral:
                reasons.append("Insufficient ephemeral-storage")
            for name in sorted(q.scalars):
                want = q.scalars[name]
                if want > 0 and want > a.scalars.get(name, 0) - r.scalars.get(name, 0):
                    reasons.append(f"Insufficient {name}")
        return Status.unschedulable(*reasons) if reasons else Status.success()

    def filter_all(self, state, pod_info, cache):
        x, q = cache.arrays(), pod_info.req
        mask = x.free_pods >= 1
        if q.is_empty():
            return mask
        if q.cpu > 0:
            mask &= x.free_cpu >= q.cpu
        if q.memory > 0:
            mask &= x.free_mem >= q.memory
        if q.ephemeral > 0:
            mask &= x.free_eph >= q.ephemeral
        if any(q.scalars.values()):
            for i in mask.nonzero()[0]:
                mask[i] = self.filter(state, pod_info, cache.node_list[i]).is_success
        return mask

    def score(self, state, pod_info, node_info) -> int:
        q, a, r = pod_info.req, node_info.alloc, node_info.requested
        return (least_allocated(r.nz_cpu + q.nz_cpu, a.cpu) + least_allocated(r.nz_memory + q.nz_memory, a.memory)) // 2

    def score_all(self, state, pod_info, cache, indices):
        x, q = cache.arrays(), pod_info.req
        total = None
        for req, alloc in ((x.nz_cpu[indices] + q.nz_cpu, x.alloc_cpu[indices]),
                           (x.nz_mem[indices] + q.nz_memory, x.alloc_mem[indices])):
            ok = (alloc > 0) & (req <= alloc)
            safe = alloc + (alloc == 0)
            part = ((alloc - req) * MAX_NODE_SCORE // safe) * ok
            total = part if total is None else total + part
        return total // 2
