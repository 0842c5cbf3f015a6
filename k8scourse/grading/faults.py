"""Faults the grader injects into a replayed cluster (``grade: - fault: {...}`` in a spec).

``{stop_node: busiest, selector: "app=web"}`` takes down the node running the most pods that match
the selector (ties: the first by name) — or a node named outright. It uses the cluster's fault
API when the node-lifecycle work provides one (``cluster.faults.stop_node(name)``: the node stops
answering, goes NotReady, its pods are evicted after the toleration time); until then the node's
VM is removed (``cluster.remove_node``: kubelet gone, pods deleted at once, Node object deleted),
which is the harsher of the two for availability. The moment is kept as the ``fault`` mark, and
the chosen node as a ``fault_node:<name>`` mark, so checks can look at what happened afterwards.

``{load: "app=web", cpu_millicores: 180}`` puts extra demand on every container of the matching
pods, now and for pods created later (``cluster.faults.load``): the load pattern of an autoscaling
exercise (a later ``load`` step with ``cpu_millicores: 0`` ends it).
"""

from __future__ import annotations

from ..api.labels import parse_selector


def _matches(selector: str, labels: dict) -> bool:
    if not selector:
        return True
    return parse_selector(selector).matches(labels or {})


def busiest_node(cluster, selector: str = "") -> str | None:
    counts: dict[str, int] = {}
    for pod in cluster.list("pods"):
        node = (pod.get("spec") or {}).get("nodeName")
        phase = (pod.get("status") or {}).get("phase")
        if node and phase not in ("Succeeded", "Failed") and _matches(selector, pod["metadata"].get("labels")):
            counts[node] = counts.get(node, 0) + 1
    if not counts:
        nodes = sorted(n["metadata"]["name"] for n in cluster.list("nodes"))
        return nodes[0] if nodes else None
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def inject(world, cluster, fault) -> None:
    if cluster is None or not isinstance(fault, dict):
        raise ValueError("a fault needs a cluster and a mapping")
    if "stop_node" in fault:
        name = fault["stop_node"]
        if name == "busiest":
            name = busiest_node(cluster, fault.get("selector", ""))
        if name is None:
            raise ValueError("no node to stop")
        world.marks["fault"] = cluster.sim.now_ms
        world.marks["fault_node:" + name] = cluster.sim.now_ms
        faults = getattr(cluster, "faults", None)
        if faults is not None and hasattr(faults, "stop_node"):
            faults.stop_node(name)
        else:
            cluster.remove_node(name)
        return
    if "load" in fault:
        faults = getattr(cluster, "faults", None)
        if faults is None or not hasattr(faults, "load"):
            raise ValueError("this cluster has no load generator (cluster.faults.load)")
        faults.load(fault["load"], cpu_millicores=fault.get("cpu_millicores"),
                    memory_bytes=fault.get("memory_bytes"), namespace=fault.get("namespace", "default"))
        return
    raise ValueError(f"unknown fault {sorted(fault)}")
