"""The kubelet's eviction manager: node-pressure eviction on ``memory.available``.

Upstream (``pkg/kubelet/eviction``) the manager runs a *synchronize* pass every 10 s:

1. observe ``memory.available = capacity − working set of the node`` (the node sample of
   :mod:`.cadvisor`, taken at the same instant just before);
2. compare it with the hard threshold ``memory.available<100Mi`` (AKS on Kubernetes ≥ 1.29; AKS
   before 1.29 used ``750Mi`` — the same rule :func:`k8scourse.node.aks_reserved` reserves for), see
   :data:`~k8scourse.defaults.EVICTION_HARD_MEMORY_AVAILABLE`;
3. report ``MemoryPressure=True`` (``KubeletHasInsufficientMemory``) while the threshold was met
   within the last *pressure transition period* (5 min), ``False``
   (``KubeletHasSufficientMemory``) afterwards;
4. when the threshold is met now, evict **one** pod and wait for the next pass. Pods are ranked
   like ``rankMemoryPressure``: first those whose memory usage exceeds their request (a pod
   without stats counts first), then by lower ``spec.priority``, then by larger usage above request.
   BestEffort pods have request 0, so any usage exceeds it: they go first in practice, then
   Burstable pods above their requests, Guaranteed pods last.

The evicted pod gets ``phase: Failed``, ``reason: Evicted`` and the message upstream writes, e.g.
``The node was low on resource: memory. Threshold quantity: 100Mi, available: 81920Ki. Container
x was using 1048576Ki, request is 0, has larger consumption of memory.`` (each sentence ends with
``". "``, so upstream's message ends with a space, kept here); ``kubelet.evict_pod`` kills its
containers, sets the ``DisruptionTarget`` condition and records the ``Warning Evicted`` event with
the same text.

**Quiet passes.** A pass that finds the signal not met and no pressure depends on the stored Node
(capacity, kubelet version) and the node's memory sample only; the ``last_met_ms`` it leaves can
only keep the pressure off. So until a Node write, a disturbance (``Simulation.disturbances``) or
another memory figure, a pass has nothing to do and returns at once (not in the reference mode,
``Simulation.shortcuts = False``).

Deliberate differences: the ``node.kubernetes.io/memory-pressure:NoSchedule`` taint is written here
when the condition changes (upstream the node lifecycle controller derives it from the condition);
the ``allocatableMemory.available`` signal, soft thresholds, minimum reclaim and DiskPressure /
PIDPressure are not modelled; ties in the ranking go to namespace/name order; system-critical pods
(priority ≥ 2000000000) are never evicted.

>>> from k8scourse.api.quantity import Quantity
>>> eviction_message(Quantity("100Mi"), 83886080,
...                  [("x", 1073741824, Quantity("0"))]).rstrip()
'The node was low on resource: memory. Threshold quantity: 100Mi, available: 80Mi. Container x was using 1Gi, request is 0, has larger consumption of memory.'
"""

from __future__ import annotations

from functools import cmp_to_key

from .. import defaults
from ..api.quantity import BINARY_SI, Quantity
from ..api.resources import pod_requests
from ..errors import APIError

TAINT_KEY = "node.kubernetes.io/memory-pressure"
# kubelet types.IsCriticalPodBasedOnPriority: system-critical priority and above.
SYSTEM_CRITICAL_PRIORITY = 2_000_000_000


def eviction_message(threshold: Quantity, available_bytes: int, containers) -> str:
    """Upstream's ``evictionMessage``; ``containers`` = [(name, usage bytes, request Quantity)]."""
    text = "The node was low on resource: memory. "
    text += f"Threshold quantity: {threshold}, available: {Quantity.from_int(available_bytes, BINARY_SI)}. "
    for name, usage, request in containers:
        used = Quantity.from_int(usage, BINARY_SI)
        if used > request:
            text += f"Container {name} was using {used}, request is {request}, has larger consumption of memory. "
    return text


def hard_threshold(kubelet_version: str) -> Quantity:
    """``memory.available`` hard threshold of an AKS node running ``kubelet_version``."""
    try:
        major, minor = (int(p) for p in kubelet_version.lstrip("v").split(".")[:2])
    except ValueError:
        major, minor = 1, 99
    legacy = (major, minor) < (1, 29)
    return Quantity.parse(defaults.EVICTION_HARD_MEMORY_AVAILABLE_AKS_LEGACY if legacy
                          else defaults.EVICTION_HARD_MEMORY_AVAILABLE)


def _request(container: dict) -> Quantity:
    value = ((container.get("resources") or {}).get("requests") or {}).get("memory")
    return Quantity.parse(str(value)) if value is not None else Quantity.parse("0")


class EvictionManager:
    """``kubelet.eviction``: one pass every 10 s; ``evictions`` lists what it did."""

    def __init__(self, kubelet):
        self.kubelet = kubelet
        self.sim = kubelet.sim
        self.interval_ms = defaults.EVICTION_MONITORING_INTERVAL_MS
        self.last_met_ms: int | None = None
        self.pressure = False
        self.available_bytes: int | None = None
        self.evictions: list[dict] = []
        self._event = None
        self.running = False
        # (node object, its capacity in bytes or None, the threshold): parsed again only when the
        # stored Node changes (every 5 minutes at most), not on every 10-s pass
        self._node_facts: tuple[object, int | None, Quantity | None] = (None, None, None)
        # (disturbances, nodes write revision, node memory) after a pass that found no pressure and
        # no signal met: while all three stay, a pass computes the same nothing (module doc)
        self._quiet: tuple[int, int, int] | None = None
        self.quiet_passes = 0               # passes that returned at once (tests check they happen)

    @property
    def threshold(self) -> Quantity:
        node = self.kubelet.node() or {}
        version = ((node.get("status") or {}).get("nodeInfo") or {}).get("kubeletVersion", "")
        return hard_threshold(version or defaults.KUBERNETES_VERSION)

    def start(self) -> "EvictionManager":
        self.running = True
        # priority 2: at the same instant, after cAdvisor's housekeeping sample (priority 0).
        self._event = self.sim.tick(self.interval_ms, self._tick, name=f"eviction {self.kubelet.node_name}",
                                    priority=2)
        return self

    def stop(self) -> None:
        self.running = False
        self._quiet = None
        if self._event is not None:
            self._event.cancel()

    def _tick(self) -> None:
        if not self.running:
            return
        self.synchronize()
        self._event = self.sim.tick(self.interval_ms, self._tick, name=f"eviction {self.kubelet.node_name}",
                                    priority=2)

    # ------------------------------------------------------------------ one pass
    def synchronize(self) -> dict | None:
        """Observe, update the condition, evict at most one pod; returns the eviction made."""
        cadvisor = self.kubelet.cadvisor
        sample = cadvisor.node_sample() if cadvisor is not None else None
        if sample is None:
            return None
        quiet = self._quiet
        if quiet is not None:
            if quiet[0] == self.sim.disturbances and quiet[2] == sample.memory_bytes \
                    and quiet[1] == self.kubelet.api.store.last_write("nodes"):
                self.quiet_passes += 1
                return None
            self._quiet = None
        now = self.sim.now_ms
        node = self.kubelet.node() or {}
        if self._node_facts[0] is not node:
            capacity = ((node.get("status") or {}).get("capacity") or {}).get("memory")
            self._node_facts = (node, None if capacity is None else Quantity.parse(str(capacity)).value(),
                                None if capacity is None else self.threshold)
        _node, capacity_bytes, threshold = self._node_facts
        if capacity_bytes is None or threshold is None:
            return None
        self.available_bytes = capacity_bytes - sample.memory_bytes
        met = self.available_bytes < threshold.value()
        if met:
            self.last_met_ms = now
        pressure = self.last_met_ms is not None and now - self.last_met_ms < defaults.EVICTION_PRESSURE_TRANSITION_MS
        if pressure != self.pressure:
            self._set_pressure(pressure)
        if not met:
            if not self.pressure and self.sim.shortcuts:
                self._quiet = (self.sim.disturbances, self.kubelet.api.store.last_write("nodes"), sample.memory_bytes)
            return None
        return self._evict_one(cadvisor, threshold)

    def _set_pressure(self, pressure: bool) -> None:
        self.sim.disturb()
        self.pressure = pressure
        if pressure:
            self.kubelet.set_node_condition("MemoryPressure", "True", "KubeletHasInsufficientMemory",
                                            "kubelet has insufficient memory available")
        else:
            self.kubelet.set_node_condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                                            "kubelet has sufficient memory available")
        self._taint(pressure)
        self.sim.record("kubelet", "memory-pressure", f"nodes/{self.kubelet.node_name}",
                        "True" if pressure else "False")

    def _taint(self, present: bool) -> None:
        api = self.kubelet.api
        try:
            node = api.get("nodes", self.kubelet.node_name, "")
        except APIError:        # API server down: the next change tries again
            return
        taints = list((node.get("spec") or {}).get("taints") or [])
        has = any(t.get("key") == TAINT_KEY and t.get("effect") == "NoSchedule" for t in taints)
        if present == has:
            return
        if present:
            taints.append({"key": TAINT_KEY, "effect": "NoSchedule"})
        else:
            taints = [t for t in taints if not (t.get("key") == TAINT_KEY and t.get("effect") == "NoSchedule")]
        node.setdefault("spec", {})["taints"] = taints
        if not taints:
            node["spec"].pop("taints")
        try:
            api.update(node, user="system:serviceaccount:kube-system:node-controller", trusted=True)
        except APIError:        # a conflicting write or the API server down: the next change tries again
            pass

    def rank(self, cadvisor) -> list[tuple[dict, object]]:
        """Pods on the node in eviction order, each with its stats (None without stats)."""
        stats = {s.uid: s for s in cadvisor.pod_stats()}
        candidates = []
        for pod in sorted(self.kubelet.pods(), key=lambda p: (p["metadata"].get("namespace", ""),
                                                               p["metadata"].get("name", ""))):
            if ((pod.get("spec") or {}).get("priority") or 0) >= SYSTEM_CRITICAL_PRIORITY:
                continue
            request = pod_requests(pod).get("memory") or Quantity.parse("0")
            candidates.append((pod, stats.get(pod["metadata"].get("uid", "")), request.value()))

        def exceeds(c) -> bool:
            return c[1] is None or c[1].sample.memory_bytes > c[2]

        def compare(a, b) -> int:
            if exceeds(a) != exceeds(b):
                return -1 if exceeds(a) else 1
            pa, pb = (a[0].get("spec") or {}).get("priority") or 0, (b[0].get("spec") or {}).get("priority") or 0
            if pa != pb:
                return -1 if pa < pb else 1
            if (a[1] is None) != (b[1] is None):
                return -1 if a[1] is None else 1
            if a[1] is None:
                return 0
            over_a, over_b = a[1].sample.memory_bytes - a[2], b[1].sample.memory_bytes - b[2]
            return (over_b > over_a) - (over_b < over_a)

        return [(c[0], c[1]) for c in sorted(candidates, key=cmp_to_key(compare))]

    def _evict_one(self, cadvisor, threshold: Quantity) -> dict | None:
        ranked = self.rank(cadvisor)
        if not ranked:
            return None
        self.sim.disturb()                  # containers die before any write says so
        pod, stats = ranked[0]
        usage = {name: s.memory_bytes for name, _cid, _start, s in (stats.containers if stats else [])}
        containers = [(c["name"], usage[c["name"]], _request(c))
                      for c in list((pod.get("spec") or {}).get("containers") or [])
                      + list((pod.get("spec") or {}).get("initContainers") or []) if c["name"] in usage]
        message = eviction_message(threshold, self.available_bytes, containers)
        md = pod["metadata"]
        self.sim.record("kubelet", "evict", f"pods/{md.get('namespace')}/{md.get('name')}", message.rstrip())
        self.kubelet.evict_pod(md.get("namespace", "default"), md.get("name", ""), message)
        record = {"time_ms": self.sim.now_ms, "namespace": md.get("namespace", "default"), "name": md.get("name", ""),
                  "available_bytes": self.available_bytes, "message": message}
        self.evictions.append(record)
        return record
