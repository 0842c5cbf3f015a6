"""NodeResourcesBalancedAllocation (PreScore, Score; weight 1): prefer nodes whose cpu and memory
would be used in equal proportion.

Models ``plugins/noderesources/balanced_allocation.go`` as of v1.33: for cpu and memory the
fraction ``(requested + pod request) / allocatable`` (floats, capped at 1; *actual* requests, not
the 100m/200Mi non-zero substitutes), ``std = |f_cpu − f_mem| / 2``, score ``int((1 − std) × 100)``.
A pod requesting neither cpu nor memory (BestEffort) is not scored (PreScore returns Skip).
A resource with allocatable 0 is left out (one fraction left means std 0).

>>> from k8scourse.scheduler.nodeinfo import NodeInfo, PodInfo
>>> n = NodeInfo({"metadata": {"name": "n1"}, "status": {"allocatable": {"cpu": "2", "memory": "4Gi"}}})
>>> pod = PodInfo({"metadata": {"name": "p"}, "spec": {"containers": [{"resources": {"requests": {"cpu": "1", "memory": "1Gi"}}}]}})
>>> BalancedAllocation(None).score(None, pod, n)
87
"""

from __future__ import annotations

from ..framework import MAX_NODE_SCORE, Plugin, Status


def _fraction(requested: int, allocatable: int) -> float:
    f = requested / allocatable
    return 1.0 if f > 1 else f


class BalancedAllocation(Plugin):
    name = "NodeResourcesBalancedAllocation"

    def pre_score(self, state, pod_info, nodes) -> Status:
        q = pod_info.req
        return Status.skip() if q.cpu == 0 and q.memory == 0 else Status.success()

    def score(self, state, pod_info, node_info) -> int:
        q, a, r = pod_info.req, node_info.alloc, node_info.requested
        fractions = [_fraction(req, alloc) for req, alloc in ((r.cpu + q.cpu, a.cpu), (r.memory + q.memory, a.memory))
                     if alloc > 0]
        std = abs((fractions[0] - fractions[1]) / 2) if len(fractions) == 2 else 0.0
        return int((1 - std) * MAX_NODE_SCORE)

    def score_key(self, state, pod_info):
        return pod_info.req.cpu, pod_info.req.memory

    def score_all(self, state, pod_info, cache, rows):
        import numpy as np
        x, q = cache.arrays(), pod_info.req
        ac, am = x.alloc_cpu[rows], x.alloc_mem[rows]
        if not (ac > 0).all() or not (am > 0).all():
            return np.array([self.score(state, pod_info, cache.node_list[i])
                             for i in x.positions(rows).tolist()], dtype=np.int64)
        fc = np.minimum((x.req_cpu[rows] + q.cpu) / ac, 1.0)
        fm = np.minimum((x.req_mem[rows] + q.memory) / am, 1.0)
        std = np.abs((fc - fm) / 2)
        return ((1 - std) * MAX_NODE_SCORE).astype(np.int64)
