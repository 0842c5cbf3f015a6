"""CPU and memory accounting as pandas DataFrames, derived from the store and cAdvisor's samples.

Nothing here keeps a counter: every number is computed when asked, from

* the API server's objects — node ``capacity``/``allocatable``, pod ``requests``/``limits``
  (effective pod values as the scheduler and ``kubectl describe node`` count them: sum of the app
  containers, at least each init container, plus overhead), QoS class, phase, node;
* the kubelets' cAdvisor samples (:mod:`k8scourse.kubelet.cadvisor`) — the *latest* 10-s sample
  for "usage now", the ring buffers for history.

Units: CPU in millicores (``cpu_*_m``), memory in bytes (``memory_*_bytes``), percentages of
allocatable as exact floats (``kubectl`` truncates them when printing). Usage here is the latest
cAdvisor sample; ``kubectl top`` shows metrics-server's view, which averages CPU over its window
and can be up to 25 s older.

Invariants a grader can rely on (both hold exactly, per sample):
``node cpu_usage_m == system_cpu_m + Σ pods' cpu_usage_m`` and the same for memory.

The functions take ``(api, kubelets)`` — the API server and the dict node name → kubelet — so a
``Cluster`` can expose them directly: ``cluster.accounting()`` = :func:`node_accounting`,
``cluster.accounting("pods")`` = :func:`pod_accounting`, ``cluster.accounting("namespaces")`` =
:func:`namespace_accounting`, ``cluster.usage(kind, name, since)`` = :func:`usage_history`.
:class:`Accounting` bundles the four.

>>> from k8scourse.apiserver import APIServer
>>> from k8scourse.sim import Simulation
>>> namespace_accounting(APIServer(Simulation()), {})[["namespace", "pods", "cpu_requests_m"]].values.tolist()
[['default', 0, 0], ['kube-node-lease', 0, 0], ['kube-public', 0, 0], ['kube-system', 0, 0]]
"""

from __future__ import annotations

from .. import defaults
from ..api.qos import qos_class
from ..api.quantity import Quantity
from ..api.resources import pod_limits, pod_requests

_TERMINAL = ("Succeeded", "Failed")
_ZERO = Quantity("0")

NODE_COLUMNS = [
    "node", "ready", "memory_pressure", "pods",
    "cpu_capacity_m", "cpu_allocatable_m", "cpu_requests_m", "cpu_limits_m", "cpu_usage_m",
    "system_cpu_m", "pods_cpu_m", "cpu_requests_pct", "cpu_limits_pct", "cpu_usage_pct",
    "memory_capacity_bytes", "memory_allocatable_bytes", "memory_requests_bytes", "memory_limits_bytes",
    "memory_usage_bytes", "system_memory_bytes", "pods_memory_bytes", "memory_available_bytes",
    "memory_requests_pct", "memory_limits_pct", "memory_usage_pct", "sample_time",
]
POD_COLUMNS = [
    "namespace", "name", "node", "phase", "qos", "priority", "restarts",
    "cpu_requests_m", "cpu_limits_m", "cpu_usage_m",
    "memory_requests_bytes", "memory_limits_bytes", "memory_usage_bytes", "sampled",
]
HISTORY_COLUMNS = ["kind", "namespace", "name", "container", "node", "time", "timestamp", "cpu_m",
                   "memory_bytes", "cpu_seconds", "cpu_periods", "cpu_throttled_periods",
                   "cpu_throttled_seconds"]


def _cpu_m(resources: dict, name: str = "cpu") -> int:
    return (resources.get(name) or _ZERO).milli_value()


def _bytes(resources: dict, name: str = "memory") -> int:
    return (resources.get(name) or _ZERO).value()


def _q(value, milli: bool) -> int:
    if value is None:
        return 0
    q = Quantity.parse(str(value))
    return q.milli_value() if milli else q.value()


def _cadvisor(kubelets: dict, node: str | None):
    kubelet = kubelets.get(node) if node else None
    return kubelet.cadvisor if kubelet is not None else None


def _active_pods(api) -> list[dict]:
    return [p for p in api.list("pods")["items"] if (p.get("status") or {}).get("phase") not in _TERMINAL]


def _pct(part: float, whole: float) -> float:
    return part * 100.0 / whole if whole else 0.0


def pod_rows(api, kubelets: dict, namespace: str | None = None, include_terminal: bool = False) -> list[dict]:
    """Per pod: requests, limits (effective pod values) and the latest usage sample."""
    latest: dict[str, tuple] = {}
    for node in sorted(kubelets):
        cadvisor = _cadvisor(kubelets, node)
        for stats in (cadvisor.pod_stats() if cadvisor is not None else []):
            latest[stats.uid] = stats.sample
    rows = []
    pods = api.list("pods", namespace)["items"]
    for pod in sorted(pods, key=lambda p: (p["metadata"]["namespace"], p["metadata"]["name"])):
        status, spec = pod.get("status") or {}, pod.get("spec") or {}
        if not include_terminal and status.get("phase") in _TERMINAL:
            continue
        req, lim = pod_requests(pod), pod_limits(pod)
        sample = latest.get(pod["metadata"].get("uid", ""))
        rows.append({
            "namespace": pod["metadata"]["namespace"], "name": pod["metadata"]["name"],
            "node": spec.get("nodeName"), "phase": status.get("phase"), "qos": qos_class(pod),
            "priority": spec.get("priority") or 0,
            "restarts": sum(c.get("restartCount", 0) for c in status.get("containerStatuses") or []),
            "cpu_requests_m": _cpu_m(req), "cpu_limits_m": _cpu_m(lim),
            "cpu_usage_m": sample.cpu_m if sample else 0.0,
            "memory_requests_bytes": _bytes(req), "memory_limits_bytes": _bytes(lim),
            "memory_usage_bytes": sample.memory_bytes if sample else 0, "sampled": sample is not None,
        })
    return rows


def node_rows(api, kubelets: dict) -> list[dict]:
    pods = _active_pods(api)
    rows = []
    for node in sorted(api.list("nodes")["items"], key=lambda n: n["metadata"]["name"]):
        name = node["metadata"]["name"]
        status = node.get("status") or {}
        cap, alloc = status.get("capacity") or {}, status.get("allocatable") or {}
        conds = {c.get("type"): c.get("status") for c in status.get("conditions") or []}
        mine = [p for p in pods if (p.get("spec") or {}).get("nodeName") == name]
        req = [pod_requests(p) for p in mine]
        lim = [pod_limits(p) for p in mine]
        cadvisor = _cadvisor(kubelets, name)
        sample = cadvisor.node_sample() if cadvisor is not None else None
        pod_cpu = sum(s.sample.cpu_m for s in cadvisor.pod_stats()) if sample else 0.0
        pod_mem = sum(s.sample.memory_bytes for s in cadvisor.pod_stats()) if sample else 0
        row = {
            "node": name, "ready": conds.get("Ready") == "True", "memory_pressure": conds.get("MemoryPressure") == "True",
            "pods": len(mine),
            "cpu_capacity_m": _q(cap.get("cpu"), True), "cpu_allocatable_m": _q(alloc.get("cpu"), True),
            "cpu_requests_m": sum(_cpu_m(r) for r in req), "cpu_limits_m": sum(_cpu_m(r) for r in lim),
            "cpu_usage_m": sample.cpu_m if sample else 0.0,
            "system_cpu_m": float(defaults.SYSTEM_CPU_M) if sample else 0.0, "pods_cpu_m": pod_cpu,
            "memory_capacity_bytes": _q(cap.get("memory"), False),
            "memory_allocatable_bytes": _q(alloc.get("memory"), False),
            "memory_requests_bytes": sum(_bytes(r) for r in req), "memory_limits_bytes": sum(_bytes(r) for r in lim),
            "memory_usage_bytes": sample.memory_bytes if sample else 0,
            "system_memory_bytes": defaults.SYSTEM_MEMORY_BYTES if sample else 0, "pods_memory_bytes": pod_mem,
            "sample_time": sample.time_ms / 1000 if sample else None,
        }
        row["memory_available_bytes"] = row["memory_capacity_bytes"] - row["memory_usage_bytes"]
        for res, unit in (("cpu", "m"), ("memory", "bytes")):
            for what in ("requests", "limits", "usage"):
                row[f"{res}_{what}_pct"] = _pct(row[f"{res}_{what}_{unit}"], row[f"{res}_allocatable_{unit}"])
        rows.append(row)
    return rows


def node_accounting(api, kubelets: dict):
    """One row per node: capacity, allocatable, requests, limits, usage (+ system part), percents."""
    import pandas as pd
    return pd.DataFrame(node_rows(api, kubelets), columns=NODE_COLUMNS)


def pod_accounting(api, kubelets: dict, namespace: str | None = None, include_terminal: bool = False):
    """One row per pod (non-terminal unless ``include_terminal``): node, QoS, requests, limits, usage."""
    import pandas as pd
    return pd.DataFrame(pod_rows(api, kubelets, namespace, include_terminal), columns=POD_COLUMNS)


def namespace_accounting(api, kubelets: dict):
    """Per namespace: number of (non-terminal) pods and the sums of their requests, limits and usage."""
    import pandas as pd
    frame = pod_accounting(api, kubelets)
    sums = ["cpu_requests_m", "cpu_limits_m", "cpu_usage_m",
            "memory_requests_bytes", "memory_limits_bytes", "memory_usage_bytes"]
    namespaces = sorted(n["metadata"]["name"] for n in api.list("namespaces")["items"])
    out = frame.groupby("namespace")[sums].sum() if len(frame) else pd.DataFrame(columns=sums)
    out = out.reindex(namespaces, fill_value=0)
    out.insert(0, "pods", frame.groupby("namespace").size().reindex(namespaces, fill_value=0)
               if len(frame) else 0)
    return out.reset_index().rename(columns={"index": "namespace"})


def _history_rows(kubelets: dict, kind: str, name: str | None, namespace: str | None):
    for node in sorted(kubelets):
        cadvisor = _cadvisor(kubelets, node)
        if cadvisor is None:
            continue
        if kind == "node":
            if name is None or name == node:
                yield from ((None, node, None, node, s) for s in cadvisor.series("node"))
            continue
        for uid, ns, pod_name, _active in cadvisor.pods():
            if (name is not None and name != pod_name) or (namespace is not None and namespace != ns):
                continue
            if kind == "pod":
                yield from ((ns, pod_name, None, node, s) for s in cadvisor.series("pod", uid))
            else:
                for container in cadvisor.containers(uid):
                    yield from ((ns, pod_name, container, node, s)
                                for s in cadvisor.series("container", (uid, container)))


def usage_history(api, kubelets: dict, kind: str = "node", name: str | None = None,
                  since: float | None = None, namespace: str | None = None):
    """Usage over time in long format: one row per sample of each matching node/pod/container.

    ``kind`` is ``node``, ``pod`` or ``container``; ``name`` a node or pod name (``None``: all;
    ``"ns/name"`` works too; for containers it names the pod, every container of it is listed);
    ``since`` simulated seconds since the cluster started.
    ``time`` is simulated seconds, ``timestamp`` the simulated wall time (UTC); ``cpu_m`` the rate
    over the 10 s before the sample, ``cpu_seconds`` the cumulative CPU time of the node / pod /
    container instance (it restarts with a container), ``memory_bytes`` the working set.
    """
    import pandas as pd
    if kind not in ("node", "pod", "container"):
        raise ValueError(f"kind must be 'node', 'pod' or 'container', not {kind!r}")
    if name and "/" in name and kind != "node":
        namespace, name = name.split("/", 1)
    since_ms = None if since is None else int(round(since * 1000))
    cols: dict[str, list] = {c: [] for c in HISTORY_COLUMNS if c != "timestamp"}
    for ns, obj, container, node, s in _history_rows(kubelets, kind, name, namespace):
        if since_ms is not None and s.time_ms < since_ms:
            continue
        for col, value in (("kind", kind), ("namespace", ns), ("name", obj), ("container", container),
                           ("node", node), ("time", s.time_ms / 1000), ("cpu_m", s.cpu_m),
                           ("memory_bytes", s.memory_bytes), ("cpu_seconds", s.cpu_ns / 1e9),
                           ("cpu_periods", s.periods), ("cpu_throttled_periods", s.throttled_periods),
                           ("cpu_throttled_seconds", s.throttled_ns / 1e9)):
            cols[col].append(value)
    frame = pd.DataFrame(cols)
    epoch_s = api.sim.clock.epoch_unix_ms / 1000
    frame.insert(6, "timestamp", pd.to_datetime(frame["time"].astype("float64") + epoch_s, unit="s", utc=True))
    return frame.sort_values(["time", "node", "namespace", "name", "container"], kind="stable",
                             na_position="first").reset_index(drop=True)


class Accounting:
    """The accounting API of one cluster (``Accounting(cluster.api, cluster.kubelets)``)."""

    def __init__(self, api, kubelets: dict):
        self.api, self.kubelets = api, kubelets

    def nodes(self):
        return node_accounting(self.api, self.kubelets)

    def pods(self, namespace: str | None = None, include_terminal: bool = False):
        return pod_accounting(self.api, self.kubelets, namespace, include_terminal)

    def namespaces(self):
        return namespace_accounting(self.api, self.kubelets)

    def history(self, kind: str = "node", name: str | None = None, since: float | None = None,
                namespace: str | None = None):
        return usage_history(self.api, self.kubelets, kind, name, since, namespace)
