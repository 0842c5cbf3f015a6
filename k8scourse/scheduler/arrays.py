"""Column arrays of the node cache, for filtering and scoring thousands of nodes at once.

This has no upstream counterpart: kube-scheduler runs its Filter and Score plugins on 16 goroutines;
the simulator instead lets the few plugins whose work is plain arithmetic (NodeResourcesFit,
BalancedAllocation, NodeUnschedulable, TaintToleration's "no taints here" case) answer for every
node with numpy. Every column is a copy of a NodeInfo field, updated whenever that NodeInfo
changes; :meth:`NodeArrays.check` compares them with the NodeInfos. Results never depend on
whether this path is used (tests run both paths and compare).

>>> from k8scourse.scheduler.nodeinfo import NodeInfo
>>> a = NodeArrays([NodeInfo({"metadata": {"name": "n1"}, "status": {"allocatable": {"cpu": "2"}}})])
>>> int(a.alloc_cpu[0]), a.check([])
(2000, ['arrays hold 1 nodes, cache 0'])
"""

from __future__ import annotations

import numpy as np

FILTER_EFFECTS = ("NoSchedule", "NoExecute")

_COLUMNS = ("alloc_cpu", "alloc_mem", "alloc_eph", "alloc_pods", "req_cpu", "req_mem", "req_eph",
            "n_pods", "nz_cpu", "nz_mem", "free_cpu", "free_mem", "free_eph", "free_pods")
_FLAGS = ("unschedulable", "filter_tainted", "prefer_tainted")


class NodeArrays:
    def __init__(self, node_list: list):
        n = len(node_list)
        for col in _COLUMNS:
            setattr(self, col, np.zeros(n, dtype=np.int64))
        for flag in _FLAGS:
            setattr(self, flag, np.zeros(n, dtype=bool))
        self.size = n
        self.names = np.array([ni.name for ni in node_list], dtype=object)
        for ni in node_list:
            self.set_row(ni)

    def set_row(self, ni) -> None:
        i, a = ni.index, ni.alloc
        self.alloc_cpu[i], self.alloc_mem[i], self.alloc_eph[i] = a.cpu, a.memory, a.ephemeral
        self.alloc_pods[i] = ni.allowed_pods
        self.unschedulable[i] = ni.unschedulable
        self.filter_tainted[i] = any(t.get("effect") in FILTER_EFFECTS for t in ni.taints)
        self.prefer_tainted[i] = any(t.get("effect") == "PreferNoSchedule" for t in ni.taints)
        self.set_usage(ni)

    def set_usage(self, ni) -> None:
        i, r = ni.index, ni.requested
        self.req_cpu[i], self.req_mem[i], self.req_eph[i] = r.cpu, r.memory, r.ephemeral
        self.nz_cpu[i], self.nz_mem[i] = r.nz_cpu, r.nz_memory
        self.n_pods[i] = len(ni.pods)
        a = ni.alloc
        self.free_cpu[i], self.free_mem[i], self.free_eph[i] = a.cpu - r.cpu, a.memory - r.memory, a.ephemeral - r.ephemeral
        self.free_pods[i] = ni.allowed_pods - len(ni.pods)

    def positions(self, indices):
        """Node positions for ``indices`` (an index array or a slice)."""
        return np.arange(self.size)[indices] if isinstance(indices, slice) else indices

    def check(self, node_list: list) -> list[str]:
        if len(node_list) != self.size:
            return [f"arrays hold {self.size} nodes, cache {len(node_list)}"]
        fresh = NodeArrays(node_list)
        return [f"column {c} differs from the cache" for c in _COLUMNS + _FLAGS
                if not np.array_equal(getattr(self, c), getattr(fresh, c))]
