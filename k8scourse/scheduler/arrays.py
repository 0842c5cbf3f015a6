"""Column arrays of the node cache, for filtering and scoring thousands of nodes at once.

This has no upstream counterpart: kube-scheduler runs its Filter and Score plugins on 16 goroutines;
the simulator instead lets plugins whose work is arithmetic or a lookup answer for every node with
numpy (see ``batch``). Every column is a copy of a NodeInfo field, updated whenever that NodeInfo
changes; :meth:`NodeArrays.check` compares them with the NodeInfos. Results never depend on whether
this path is used (tests run both paths and compare).

Besides the resource columns:

* ``domain(key)`` — for a topology key, each node's domain id (``-1`` without the label) and the
  label values by id, built on first use and dropped when any node's labels change;
* ``levels()`` — per pod priority, the summed requests and pod counts of each node's pods of that
  priority (what preemption's "remove every lower-priority pod" arithmetic needs), built on first use
  and then kept up to date pod by pod; ``nominated_levels(cache)`` the same for the pods nominated
  to each node (what the filters add to a node with nominated pods).

>>> from k8scourse.scheduler.nodeinfo import NodeInfo
>>> a = NodeArrays([NodeInfo({"metadata": {"name": "n1", "labels": {"zone": "a"}},
...                           "status": {"allocatable": {"cpu": "2"}}})])
>>> int(a.alloc_cpu[0]), a.domain("zone")[1], a.check([])
(2000, ['a'], ['arrays hold 1 nodes, cache 0'])
"""

from __future__ import annotations

import numpy as np

FILTER_EFFECTS = ("NoSchedule", "NoExecute")

_COLUMNS = ("alloc_cpu", "alloc_mem", "alloc_eph", "alloc_pods", "req_cpu", "req_mem", "req_eph",
            "n_pods", "nz_cpu", "nz_mem", "free_cpu", "free_mem", "free_eph", "free_pods", "version")
_FLAGS = ("unschedulable", "filter_tainted", "prefer_tainted", "has_scalars", "has_ports")


class Level:
    """The pods of one priority on every node: summed requests and count."""

    __slots__ = ("cpu", "mem", "eph", "count")

    def __init__(self, n: int):
        self.cpu, self.mem, self.eph, self.count = (np.zeros(n, dtype=np.int64) for _ in range(4))


class NodeArrays:
    def __init__(self, node_list: list):
        n = len(node_list)
        for col in _COLUMNS:
            setattr(self, col, np.zeros(n, dtype=np.int64))
        for flag in _FLAGS:
            setattr(self, flag, np.zeros(n, dtype=bool))
        self.size = n
        self.node_list = node_list
        self.names = np.array([ni.name for ni in node_list], dtype=object)
        self._domains: dict[str, tuple] = {}
        self._levels: dict[int, Level] | None = None
        self._nominated: dict[int, Level] | None = None
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

    def pod_usage(self, ni, p) -> None:
        """:meth:`set_usage` after pod ``p`` joined or left ``ni``: only the columns a pod's
        requests, count and ports can move are written."""
        i, r, a = ni.index, ni.requested, ni.alloc
        q = p.req
        self.req_cpu[i], self.req_mem[i] = r.cpu, r.memory
        self.nz_cpu[i], self.nz_mem[i] = r.nz_cpu, r.nz_memory
        self.free_cpu[i], self.free_mem[i] = a.cpu - r.cpu, a.memory - r.memory
        count = len(ni.pods)
        self.n_pods[i], self.free_pods[i] = count, ni.allowed_pods - count
        self.version[i] = ni.version
        if q.ephemeral:
            self.req_eph[i], self.free_eph[i] = r.ephemeral, a.ephemeral - r.ephemeral
        if q.scalars:
            self.has_scalars[i] = any(r.scalars.values())
        if p.ports:
            self.has_ports[i] = bool(ni.used_ports)

    def labels_changed(self) -> None:
        self._domains.clear()

    def set_usage(self, ni) -> None:
        i, r = ni.index, ni.requested
        self.req_cpu[i], self.req_mem[i], self.req_eph[i] = r.cpu, r.memory, r.ephemeral
        self.nz_cpu[i], self.nz_mem[i] = r.nz_cpu, r.nz_memory
        self.n_pods[i] = len(ni.pods)
        a = ni.alloc
        self.free_cpu[i], self.free_mem[i], self.free_eph[i] = a.cpu - r.cpu, a.memory - r.memory, a.ephemeral - r.ephemeral
        self.free_pods[i] = ni.allowed_pods - len(ni.pods)
        self.has_scalars[i] = any(r.scalars.values())
        self.has_ports[i] = bool(ni.used_ports)
        self.version[i] = ni.version

    # ------------------------------------------------------------------ topology domains
    def domain(self, key: str) -> tuple:
        """``(ids, values)``: each node's domain id for ``key`` (-1 when unlabelled) and the values by id."""
        found = self._domains.get(key)
        if found is None:
            index: dict[str, int] = {}
            ids = np.empty(self.size, dtype=np.int64)
            for i, ni in enumerate(self.node_list):
                value = ni.labels.get(key)
                ids[i] = -1 if value is None else index.setdefault(value, len(index))
            found = self._domains[key] = (ids, list(index))
        return found

    # ------------------------------------------------------------------ priority levels
    def levels(self) -> dict[int, Level]:
        if self._levels is None:
            self._levels = {}
            for ni in self.node_list:
                for p in ni.pods.values():
                    self.pod_changed(ni.index, p, +1)
        return self._levels

    def nominated_levels(self, cache) -> dict[int, Level]:
        if self._nominated is None:
            self._nominated = {}
            for name, entries in cache.nominated.items():
                ni = cache.nodes.get(name)
                if ni is not None:
                    for p in entries.values():
                        self.nomination_changed(ni.index, p, +1)
        return self._nominated

    def nomination_changed(self, index: int, p, sign: int) -> None:
        """A pod was nominated to (+1) or lost its nomination on (-1) the node at ``index``."""
        if self._nominated is not None:
            self._add(self._nominated, index, p, sign)

    def pod_changed(self, index: int, p, sign: int) -> None:
        """A pod joined (+1) or left (-1) the node at ``index``: keep the priority levels current."""
        if self._levels is not None:
            self._add(self._levels, index, p, sign)

    def _add(self, levels: dict, index: int, p, sign: int) -> None:
        level = levels.get(p.priority)
        if level is None:
            level = levels[p.priority] = Level(self.size)
        q = p.req
        level.cpu[index] += sign * q.cpu
        level.mem[index] += sign * q.memory
        level.eph[index] += sign * q.ephemeral
        level.count[index] += sign

    def positions(self, indices):
        """Node positions for ``indices`` (an index array or a slice)."""
        return np.arange(self.size)[indices] if isinstance(indices, slice) else indices

    def check(self, node_list: list) -> list[str]:
        if len(node_list) != self.size:
            return [f"arrays hold {self.size} nodes, cache {len(node_list)}"]
        fresh = NodeArrays(node_list)
        problems = [f"column {c} differs from the cache" for c in _COLUMNS + _FLAGS
                    if not np.array_equal(getattr(self, c), getattr(fresh, c))]
        if self._levels is not None:
            problems += self._compare("priority level", self._levels, fresh.levels())
        return problems

    def check_nominated(self, cache) -> list[str]:
        if self._nominated is None:
            return []
        return self._compare("nominated level", self._nominated, NodeArrays(self.node_list).nominated_levels(cache))

    def _compare(self, what: str, mine: dict, theirs: dict) -> list[str]:
        problems = []
        zeros = np.zeros(self.size, dtype=np.int64)
        for prio in sorted(set(mine) | set(theirs)):
            a, b = mine.get(prio), theirs.get(prio)
            for col in Level.__slots__:
                if not np.array_equal(getattr(a, col) if a else zeros, getattr(b, col) if b else zeros):
                    problems.append(f"{what} {prio} column {col} differs from the cache")
        return problems
