"""The scheduler's cache of nodes and bound pods (kube-scheduler ``internal/cache`` + snapshot).

Kept up to date from watch events only: a node added, changed or deleted; a pod bound to a node,
changed, terminating (it still holds its resources until it is gone, as upstream), finished
(``Succeeded``/``Failed``: upstream's pod informer filters those out, so they free their
resources) or deleted. Each node's requested totals are sums over the PodInfos it holds — a pod
is added and removed as a whole — so they always equal a recount from the store
(:meth:`SchedulerCache.verify` does that recount).

Node order is the order nodes were added; the round-robin filter scan walks that order.

For large clusters the cache also keeps numpy column arrays (allocatable, requested, pod count,
flags) indexed like ``node_list`` and the pod index (``podindex``: bound pods per node by what they
match); both are built on first use (``arrays()``, ``pod_index()``) and then updated row by row, so
numpy is never imported for the small clusters of a notebook. ``changes`` logs the index of every
node whose pods or object changed (``index << 1 | PODS_CHANGED`` or ``NODE_CHANGED``), and
``layout`` counts node additions and removals: the numpy path refreshes what it keeps per pod shape
from them (``batch``).

Deliberate differences: no "assumed pods" — binding is synchronous in the simulator, so the bind's
own watch event updates the cache before the next cycle; and the cache is read live instead of
through a per-cycle snapshot, which is equivalent because a cycle runs without interruption.

>>> c = SchedulerCache()
>>> _ = c.set_node({"metadata": {"name": "n1"}, "status": {"allocatable": {"cpu": "2", "pods": "110"}}})
>>> _ = c.set_pod({"metadata": {"name": "a", "namespace": "default"},
...            "spec": {"nodeName": "n1", "containers": [{"resources": {"requests": {"cpu": "500m"}}}]}})
>>> c.nodes["n1"].requested.cpu, len(c.nodes["n1"].pods)
(500, 1)
>>> _ = c.remove_pod("default/a"); c.nodes["n1"].requested.cpu
0
"""

from __future__ import annotations

from .nodeinfo import NodeInfo, PodInfo

FILTER_EFFECTS = ("NoSchedule", "NoExecute")
# ``changes`` entries: node index << 1 | what changed
NODE_CHANGED, PODS_CHANGED = 0, 1


class SchedulerCache:
    def __init__(self):
        self.nodes: dict[str, NodeInfo] = {}
        self.node_list: list[NodeInfo] = []
        self.pods: dict[str, PodInfo] = {}              # bound, non-terminal pods by ns/name
        self.nominated: dict[str, dict[str, PodInfo]] = {}
        self.nominated_node: dict[str, str] = {}
        self.image_nodes: dict[str, set[str]] = {}
        self.affinity_pods = 0
        self.anti_affinity_pods = 0
        self.generation = 0                             # bumped on every change (for explain)
        self.layout = 0                                 # bumped when nodes are added or removed
        self.labels_generation = 0                      # bumped when any node's labels change
        self.images_generation = 0                      # bumped when the image index changes
        self.changes: list[int] = []                    # indices of nodes whose pods or object changed
        self.changes_base = 0                           # how many entries were trimmed off ``changes``
        self.memo: dict = {}                            # per-label-generation results (node affinity masks)
        self.owners_generation = 0                      # bumped when a Service, RC, RS or StatefulSet changes
        self._arrays = None
        self._index = None
        self._seq = 0

    # ------------------------------------------------------------------ nodes
    def set_node(self, node: dict) -> list[str]:
        """Add or update a node; returns what changed (labels, taints, allocatable, ...)."""
        name = node["metadata"]["name"]
        self.generation += 1
        ni = self.nodes.get(name)
        if ni is None:
            ni = NodeInfo(node)
            ni.index = len(self.node_list)
            self.nodes[name] = ni
            self.node_list.append(ni)
            self._layout_changed()
            self._arrays = None             # rebuilt on next use
            if self._index is not None:
                self._index.node_added()
            for p in self.pods.values():
                if p.node_name == name:
                    self._join(ni, p)
            self._index_images(ni, +1)
            return ["NodeAdd"]
        old = (ni.labels, ni.taints, ni.unschedulable, _alloc_tuple(ni), ni.images, _conditions(ni.node))
        old_images = ni.images
        ni.set_node(node)
        if old_images != ni.images:
            ni.images, new_images = old_images, ni.images
            self._index_images(ni, -1)
            ni.images = new_images
            self._index_images(ni, +1)
        self._log(ni, NODE_CHANGED)
        changes = []
        if old[0] != ni.labels:
            changes.append("NodeLabelChange")
            self.labels_generation += 1
            self.memo.clear()
            if self._arrays is not None:
                self._arrays.labels_changed()
        if old[1] != ni.taints:
            changes.append("NodeTaintChange")
        if old[2] != ni.unschedulable:
            changes.append("NodeSpecUnschedulableChange")
        if old[3] != _alloc_tuple(ni):
            changes.append("NodeAllocatableChange")
        if old[4] != ni.images:
            changes.append("NodeImagesChange")
        if old[5] != _conditions(ni.node):
            changes.append("NodeConditionChange")
        if self._arrays is not None:
            self._arrays.set_row(ni)
        return changes

    def remove_node(self, name: str) -> None:
        ni = self.nodes.pop(name, None)
        if ni is None:
            return
        self.generation += 1
        self._index_images(ni, -1)
        index = ni.index
        self.node_list.remove(ni)
        for i, n in enumerate(self.node_list):
            n.index = i
        self._layout_changed()
        if self._index is not None:
            self._index.node_removed(index)
        self._arrays = None

    def _layout_changed(self) -> None:
        self.layout += 1
        self.labels_generation += 1
        self.memo.clear()
        self.changes.clear()
        self.changes_base = 0

    def _log(self, ni: NodeInfo, kind: int) -> None:
        changes = self.changes
        changes.append(ni.index << 1 | kind)
        if len(changes) > 65536:        # readers further behind than this rebuild from scratch
            del changes[:32768]
            self.changes_base += 32768

    def _index_images(self, ni: NodeInfo, sign: int) -> None:
        if ni.images:
            self.images_generation += 1         # ImageLocality's scores depend on every node's images
        for image in ni.images:
            holders = self.image_nodes.setdefault(image, set())
            if sign > 0:
                holders.add(ni.name)
            else:
                holders.discard(ni.name)
                if not holders:
                    del self.image_nodes[image]

    # ------------------------------------------------------------------ pods
    def set_pod(self, pod: dict, pending: PodInfo | None = None, key: str = "") -> PodInfo:
        """Add or update a bound pod (replacing the previous PodInfo as a whole).

        ``pending``: the PodInfo the scheduler held while the pod was pending; when ``pod`` is that
        pod as bound (only ``spec.nodeName`` differs), its derived facts are reused. ``key``: the
        pod's ``namespace/name`` when the caller has it.
        """
        key = key or f"{pod['metadata'].get('namespace') or 'default'}/{pod['metadata']['name']}"
        previous = self.remove_pod(key)
        self._seq += 1
        if pending is not None:
            p = pending.rebound(pod, self._seq)
        elif previous is not None and previous.node_name == ((pod.get("spec") or {}).get("nodeName") or ""):
            p = previous.updated(pod, self._seq)        # e.g. a status write: same facts
        else:
            p = PodInfo(pod, self._seq)
        self.pods[key] = p
        self.affinity_pods += p.has_affinity
        self.anti_affinity_pods += p.has_required_anti
        self.generation += 1
        ni = self.nodes.get(p.node_name)
        if ni is not None:
            self._join(ni, p)
        return p

    def remove_pod(self, key: str) -> PodInfo | None:
        p = self.pods.pop(key, None)
        if p is None:
            return None
        self.generation += 1
        self.affinity_pods -= p.has_affinity
        self.anti_affinity_pods -= p.has_required_anti
        ni = self.nodes.get(p.node_name)
        if ni is not None and ni.remove_pod(key) is not None:
            self._log(ni, PODS_CHANGED)
            if self._arrays is not None:
                self._arrays.pod_usage(ni, p)
                self._arrays.pod_changed(ni.index, p, -1)
            if self._index is not None:
                self._index.pod_left(ni.index, p)
        return p

    def _join(self, ni: NodeInfo, p: PodInfo) -> None:
        ni.add_pod(p)
        self._log(ni, PODS_CHANGED)
        if self._arrays is not None:
            self._arrays.pod_usage(ni, p)
            self._arrays.pod_changed(ni.index, p, +1)
        if self._index is not None:
            self._index.pod_joined(ni.index, p)

    # ------------------------------------------------------------------ nominations
    def nominate(self, p: PodInfo, node_name: str) -> None:
        self.clear_nomination(p.key)
        if node_name:
            self.nominated.setdefault(node_name, {})[p.key] = p
            self.nominated_node[p.key] = node_name
            self._nomination_changed(node_name, p, +1)

    def clear_nomination(self, key: str) -> None:
        node = self.nominated_node.pop(key, None)
        if node is not None:
            entries = self.nominated.get(node, {})
            p = entries.pop(key, None)
            if not entries:
                self.nominated.pop(node, None)
            if p is not None:
                self._nomination_changed(node, p, -1)

    def _nomination_changed(self, node_name: str, p: PodInfo, sign: int) -> None:
        ni = self.nodes.get(node_name)
        if ni is not None and self._arrays is not None:
            self._arrays.nomination_changed(ni.index, p, sign)

    def nominated_requests(self, pod_info: PodInfo):
        """For every node (numpy arrays over ``node_list``): the cpu, memory, ephemeral storage and
        number of the pods nominated there that ``pod_info`` must leave room for (``nominated_for``
        summed), or None when there are none anywhere."""
        if not self.nominated:
            return None
        prio = pod_info.priority
        out = None
        for level_prio, level in self.arrays().nominated_levels(self).items():
            if level_prio >= prio:
                if out is None:
                    out = [level.cpu.copy(), level.mem.copy(), level.eph.copy(), level.count.copy()]
                else:
                    out[0] += level.cpu
                    out[1] += level.mem
                    out[2] += level.eph
                    out[3] += level.count
        if out is None:
            return None
        own_node = self.nominated_node.get(pod_info.key)
        if own_node is not None and own_node in self.nodes:
            own = self.nominated[own_node][pod_info.key]
            if own.priority >= prio:
                i = self.nodes[own_node].index
                out[0][i] -= own.req.cpu
                out[1][i] -= own.req.memory
                out[2][i] -= own.req.ephemeral
                out[3][i] -= 1
        return out

    def nominated_for(self, node_name: str, pod: PodInfo) -> list[PodInfo]:
        """Pods nominated to ``node_name`` that ``pod`` must leave room for (priority ≥ its own)."""
        entries = self.nominated.get(node_name)
        if not entries:
            return []
        return [p for k, p in entries.items() if k != pod.key and p.priority >= pod.priority]

    # ------------------------------------------------------------------ checks
    def arrays(self):
        if self._arrays is None:
            from .arrays import NodeArrays
            self._arrays = NodeArrays(self.node_list)
        return self._arrays

    def pod_index(self):
        if self._index is None:
            from .podindex import PodIndex
            self._index = PodIndex(self.node_list)
        return self._index

    def verify(self, bound_pods: list[dict]) -> list[str]:
        """Compare every node's totals with a recount from ``bound_pods`` (store objects)."""
        problems = []
        expected: dict[str, NodeInfo] = {n: NodeInfo(ni.node) for n, ni in self.nodes.items()}
        for pod in bound_pods:
            node = (pod.get("spec") or {}).get("nodeName")
            if node in expected and (pod.get("status") or {}).get("phase") not in ("Succeeded", "Failed"):
                expected[node].add_pod(PodInfo(pod))
        for name, ni in self.nodes.items():
            if ni.totals() != expected[name].totals():
                problems.append(f"{name}: cache {ni.totals()} != store {expected[name].totals()}")
            if ni.totals() != ni.recount():
                problems.append(f"{name}: totals drifted from its own pods")
        if self._arrays is not None:
            problems.extend(self._arrays.check(self.node_list))
            problems.extend(self._arrays.check_nominated(self))
        if self._index is not None:
            problems.extend(self._index.check(self.node_list))
        return problems


def _alloc_tuple(ni: NodeInfo) -> tuple:
    a = ni.alloc
    return (a.cpu, a.memory, a.ephemeral, tuple(sorted(a.scalars.items())), ni.allowed_pods)


def _conditions(node: dict | None) -> tuple:
    conds = ((node or {}).get("status") or {}).get("conditions") or []
    return tuple((c.get("type"), c.get("status")) for c in conds)
