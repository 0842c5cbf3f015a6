"""What the scheduler knows about one pod and one node (``framework.PodInfo`` / ``NodeInfo``).

* :func:`pod_requests` — a pod's effective request, by the one rule of :mod:`k8scourse.api.resources`
  (containers and sidecars summed, init containers by their peak, plus ``spec.overhead``). CPU in
  millicores, memory and ephemeral storage in bytes, other (extended) resources as whole units.
* the *non-zero* request used for scoring: a container without a cpu request counts as 100m, one
  without a memory request as 200 MiB (``DefaultMilliCPURequest`` / ``DefaultMemoryRequest``).
* :class:`NodeInfo` — a node plus the pods bound to it; ``requested``/``non_zero`` totals are
  sums over exactly the pods it holds (added and removed as whole PodInfos, integer arithmetic),
  so they always equal a recount from the store (``recount()`` checks that).

>>> pod = {"spec": {"containers": [{"resources": {"requests": {"cpu": "250m"}}}, {}],
...        "initContainers": [{"resources": {"requests": {"cpu": "1", "memory": "1Gi"}}}]}}
>>> r = pod_requests(pod)
>>> r.cpu, r.memory, r.nz_cpu, r.nz_memory
(1000, 1073741824, 1000, 1073741824)
"""

from __future__ import annotations

from functools import lru_cache
from operator import is_

from ..api import resources
from ..api.quantity import Quantity
from ..api.resources import amounts

CPU, MEMORY, EPHEMERAL, PODS = "cpu", "memory", "ephemeral-storage", "pods"


@lru_cache(maxsize=8192)
def _milli(text) -> int:
    return Quantity.parse(text).milli_value()


@lru_cache(maxsize=8192)
def _value(text) -> int:
    return Quantity.parse(text).value()


def amount(resource: str, text) -> int:
    """A quantity in the scheduler's unit for ``resource`` (millicores for cpu, else whole units)."""
    try:
        return _milli(text) if resource == CPU else _value(text)
    except (ValueError, TypeError):
        return 0


class Requests:
    """A pod's (or node's) resource amounts."""

    __slots__ = ("cpu", "memory", "ephemeral", "scalars", "nz_cpu", "nz_memory")

    def __init__(self, cpu=0, memory=0, ephemeral=0, scalars=None, nz_cpu=0, nz_memory=0):
        self.cpu, self.memory, self.ephemeral = cpu, memory, ephemeral
        self.scalars: dict[str, int] = scalars or {}
        self.nz_cpu, self.nz_memory = nz_cpu, nz_memory

    def is_empty(self) -> bool:
        return not (self.cpu or self.memory or self.ephemeral or any(self.scalars.values()))


def pod_requests(pod: dict) -> Requests:
    """The pod's effective and non-zero requests (:mod:`k8scourse.api.resources`), as integers."""
    total = amounts(resources.pod_requests(pod))
    nz_cpu, nz_mem = resources.non_zero_requests(pod)
    scalars = {r: v for r, v in total.items() if r not in (CPU, MEMORY, EPHEMERAL, PODS)}
    return Requests(total.get(CPU, 0), total.get(MEMORY, 0), total.get(EPHEMERAL, 0), scalars, nz_cpu, nz_mem)


def host_ports(pod: dict) -> list[tuple[str, str, int]]:
    """``(hostIP, protocol, hostPort)`` of every container port that asks for a host port."""
    out = []
    for c in (pod.get("spec") or {}).get("containers") or []:
        for p in c.get("ports") or []:
            if p.get("hostPort"):
                out.append((p.get("hostIP") or "0.0.0.0", p.get("protocol") or "TCP", int(p["hostPort"])))
    return out


# The reasons ``fit_reasons`` can give without extended resources, one bit each (numpy paths encode
# a node's verdict as the sum of its bits: 1 pods, 2 cpu, 4 memory, 8 ephemeral-storage).
FIT_BITS = ("Too many pods", "Insufficient cpu", "Insufficient memory", "Insufficient ephemeral-storage")


def fit_bits_reasons(code: int) -> list[str]:
    """>>> fit_bits_reasons(6)
    ['Insufficient cpu', 'Insufficient memory']
    """
    return [r for b, r in enumerate(FIT_BITS) if code >> b & 1]


def fit_bits(q: Requests, free_pods, free_cpu, free_mem, free_eph):
    """``fit_reasons`` for many nodes at once (numpy arrays of what is free; no extended resources)."""
    code = (free_pods < 1).astype("int16")
    if not q.is_empty():
        if q.cpu > 0:
            code |= (free_cpu < q.cpu).astype("int16") << 1
        if q.memory > 0:
            code |= (free_mem < q.memory).astype("int16") << 2
        if q.ephemeral > 0:
            code |= (free_eph < q.ephemeral).astype("int16") << 3
    return code


def fit_reasons(q: Requests, alloc: Requests, cpu: int, memory: int, ephemeral: int, scalars: dict,
                n_pods: int, allowed_pods: int) -> list[str]:
    """Why a pod requesting ``q`` does not fit a node whose pods request ``cpu``/``memory``/... ([] = fits).

    ``NodeResourcesFit``'s rule (``fit.go``), in its order: ``Too many pods`` when the node already
    holds ``allowed_pods``; a pod requesting nothing then fits; else each requested resource must fit
    in allocatable minus what the bound pods request (extended resources in name order). Kept here so
    that the plugin and preemption's what-if arithmetic share one rule.

    >>> fit_reasons(Requests(cpu=500), Requests(cpu=1000), 600, 0, 0, {}, 3, 3)
    ['Too many pods', 'Insufficient cpu']
    """
    reasons = []
    if n_pods + 1 > allowed_pods:
        reasons.append("Too many pods")
    if not q.is_empty():
        if q.cpu > 0 and q.cpu > alloc.cpu - cpu:
            reasons.append("Insufficient cpu")
        if q.memory > 0 and q.memory > alloc.memory - memory:
            reasons.append("Insufficient memory")
        if q.ephemeral > 0 and q.ephemeral > alloc.ephemeral - ephemeral:
            reasons.append("Insufficient ephemeral-storage")
        for name in sorted(q.scalars):
            want = q.scalars[name]
            if want > 0 and want > alloc.scalars.get(name, 0) - scalars.get(name, 0):
                reasons.append(f"Insufficient {name}")
    return reasons


class PodInfo:
    """A pod as the scheduler sees it: the (shared, read-only) object plus derived facts."""

    __slots__ = ("pod", "key", "uid", "namespace", "name", "labels", "priority", "req", "ports",
                 "node_name", "terminating", "affinity", "has_required_anti", "has_affinity", "seq", "terms")

    def __init__(self, pod: dict, seq: int = 0):
        md = pod.get("metadata") or {}
        spec = pod.get("spec") or {}
        self.pod = pod
        self.namespace = md.get("namespace") or "default"
        self.name = md.get("name", "")
        self.key = f"{self.namespace}/{self.name}"
        self.uid = md.get("uid", "")
        self.labels: dict = md.get("labels") or {}
        self.priority = spec.get("priority") or 0
        self.req = pod_requests(pod)
        self.ports = host_ports(pod)
        self.node_name = spec.get("nodeName") or ""
        self.terminating = bool(md.get("deletionTimestamp"))
        self.affinity = spec.get("affinity") or {}
        pa, paa = self.affinity.get("podAffinity") or {}, self.affinity.get("podAntiAffinity") or {}
        self.has_required_anti = bool(paa.get("requiredDuringSchedulingIgnoredDuringExecution"))
        self.has_affinity = bool(pa or paa)
        self.seq = seq
        self.terms = None               # parsed (anti-)affinity terms, filled by the pod index

    def rebound(self, pod: dict, seq: int = 0) -> "PodInfo":
        """The PodInfo of a newer version of this pod that differs only in ``spec.nodeName``.

        The binding subresource writes a version that shares every untouched part of the stored pod
        (labels, containers, affinity are the same objects); then the derived facts are reused
        instead of parsing the pod again. Anything else gets a fresh PodInfo.
        """
        old_md, old_spec = self.pod.get("metadata") or {}, self.pod.get("spec") or {}
        md, spec = pod.get("metadata") or {}, pod.get("spec") or {}
        same = (md.get("labels") is old_md.get("labels") and md.get("uid", "") == self.uid
                and md.get("deletionTimestamp") == old_md.get("deletionTimestamp")
                and md.get("name") == self.name and md.get("namespace") == old_md.get("namespace")
                and len(spec) - ("nodeName" in spec) == len(old_spec) - ("nodeName" in old_spec))
        if same and not ("nodeName" not in old_spec and next(reversed(spec), None) == "nodeName"
                         and all(map(is_, spec.values(), old_spec.values()))
                         and list(spec)[:-1] == list(old_spec)):
            # (the binding's copy keeps the order and appends nodeName: checked in C above; else key by key)
            for k, v in spec.items():
                if k != "nodeName" and old_spec.get(k) is not v:
                    same = False
                    break
        if not same:
            return PodInfo(pod, seq)
        p = PodInfo.__new__(PodInfo)
        p.pod, p.key, p.uid, p.namespace, p.name, p.labels = pod, self.key, self.uid, self.namespace, self.name, \
            self.labels
        p.priority, p.req, p.ports, p.node_name, p.terminating = self.priority, self.req, self.ports, \
            spec.get("nodeName") or "", self.terminating
        p.affinity, p.has_required_anti, p.has_affinity, p.seq, p.terms = self.affinity, self.has_required_anti, \
            self.has_affinity, seq, self.terms
        return p

    def updated(self, pod: dict, seq: int = 0) -> "PodInfo":
        """The PodInfo of a newer version of this pod (a status write, say): the derived facts are
        reused when its uid, labels, deletion mark and spec are equal to this one's (they are all the
        facts read from); anything else gets a fresh PodInfo.

        >>> a = PodInfo({"metadata": {"name": "p", "uid": "u"}, "spec": {"containers": [{}]}})
        >>> b = a.updated({"metadata": {"name": "p", "uid": "u"}, "spec": {"containers": [{}]}, "status": {}})
        >>> b.req is a.req, a.updated({"metadata": {"name": "p", "uid": "u"}, "spec": {}}).req is a.req
        (True, False)
        """
        md, spec = pod.get("metadata") or {}, pod.get("spec") or {}
        old_md = self.pod.get("metadata") or {}
        labels = md.get("labels") or {}
        if (md.get("uid", "") != self.uid or md.get("name", "") != self.name
                or (md.get("namespace") or "default") != self.namespace
                or md.get("deletionTimestamp") != old_md.get("deletionTimestamp") or labels != self.labels
                or spec != (self.pod.get("spec") or {})):
            return PodInfo(pod, seq)
        p = PodInfo.__new__(PodInfo)
        p.pod, p.key, p.uid, p.namespace, p.name, p.labels = pod, self.key, self.uid, self.namespace, self.name, labels
        p.priority, p.req, p.ports, p.node_name, p.terminating = self.priority, self.req, self.ports, \
            spec.get("nodeName") or "", self.terminating
        p.affinity, p.has_required_anti, p.has_affinity, p.seq, p.terms = spec.get("affinity") or {}, \
            self.has_required_anti, self.has_affinity, seq, self.terms
        return p


class NodeInfo:
    """A node and the pods bound to it, with their summed requests."""

    __slots__ = ("name", "node", "labels", "taints", "unschedulable", "alloc", "requested", "pods",
                 "used_ports", "images", "affinity_pods", "anti_affinity_pods", "index", "allowed_pods", "version")

    def __init__(self, node: dict | None, name: str = ""):
        self.name = name
        self.version = 0                # bumped whenever a pod joins or leaves
        self.pods: dict[str, PodInfo] = {}
        self.requested = Requests()
        self.used_ports: dict[tuple[str, str, int], int] = {}
        self.affinity_pods = 0
        self.anti_affinity_pods = 0
        self.index = -1
        self.set_node(node)

    def set_node(self, node: dict | None) -> None:
        self.node = node
        node = node or {}
        md, spec, status = node.get("metadata") or {}, node.get("spec") or {}, node.get("status") or {}
        self.name = md.get("name", self.name)
        self.labels: dict = md.get("labels") or {}
        self.taints: list = spec.get("taints") or []
        self.unschedulable = bool(spec.get("unschedulable"))
        alloc = status.get("allocatable") or {}
        scalars = {r: amount(r, v) for r, v in alloc.items() if r not in (CPU, MEMORY, EPHEMERAL, PODS)}
        self.alloc = Requests(amount(CPU, alloc.get(CPU, 0)), amount(MEMORY, alloc.get(MEMORY, 0)),
                              amount(EPHEMERAL, alloc.get(EPHEMERAL, 0)), scalars)
        self.allowed_pods = amount(PODS, alloc.get(PODS, 0))
        self.images: dict[str, int] = {}
        for image in status.get("images") or []:
            for n in image.get("names") or []:
                self.images[n] = int(image.get("sizeBytes") or 0)

    def add_pod(self, p: PodInfo) -> None:
        self.pods[p.key] = p
        self._account(p, +1)

    def remove_pod(self, key: str) -> PodInfo | None:
        p = self.pods.pop(key, None)
        if p is not None:
            self._account(p, -1)
        return p

    def _account(self, p: PodInfo, sign: int) -> None:
        self.version += 1
        r, q = self.requested, p.req
        r.cpu += sign * q.cpu
        r.memory += sign * q.memory
        r.ephemeral += sign * q.ephemeral
        r.nz_cpu += sign * q.nz_cpu
        r.nz_memory += sign * q.nz_memory
        for k, v in q.scalars.items():
            r.scalars[k] = r.scalars.get(k, 0) + sign * v
        for port in p.ports:
            n = self.used_ports.get(port, 0) + sign
            if n:
                self.used_ports[port] = n
            else:
                self.used_ports.pop(port, None)
        self.affinity_pods += sign * p.has_affinity
        self.anti_affinity_pods += sign * p.has_required_anti

    def clone(self) -> "NodeInfo":
        """A copy whose pod set can be changed (preemption's what-if)."""
        c = NodeInfo.__new__(NodeInfo)
        for slot in NodeInfo.__slots__:
            setattr(c, slot, getattr(self, slot))
        c.pods = dict(self.pods)
        r = self.requested
        c.requested = Requests(r.cpu, r.memory, r.ephemeral, dict(r.scalars), r.nz_cpu, r.nz_memory)
        c.used_ports = dict(self.used_ports)
        return c

    def recount(self) -> tuple:
        """Totals recomputed from scratch (for checks: must equal the kept ones)."""
        fresh = NodeInfo(self.node, self.name)
        for p in self.pods.values():
            fresh.add_pod(p)
        return _totals(fresh)

    def totals(self) -> tuple:
        return _totals(self)


def _totals(n: NodeInfo) -> tuple:
    r = n.requested
    return (r.cpu, r.memory, r.ephemeral, r.nz_cpu, r.nz_memory,
            tuple(sorted((k, v) for k, v in r.scalars.items() if v)), len(n.pods))
