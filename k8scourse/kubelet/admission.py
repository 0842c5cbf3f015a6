"""Pod admission on the node (the kubelet's ``PredicateAdmitHandler``).

Before running a pod the kubelet checks it against the node again, as the scheduler did: the
sum of the requests of the pods it already runs plus this pod's must fit the node's
*allocatable* (pods count first, then cpu, memory, ephemeral-storage). A pod that does not fit is
rejected, never started: phase ``Failed``, reason ``OutOf<resource>`` and the message of the
first shortfall, e.g. ``Pod was rejected: Node didn't have enough resource: cpu, requested: 4000,
used: 1200, capacity: 1900`` (cpu in millicores, memory and storage in bytes), with a Warning
event of that reason. This is what happens to a pod bound by hand (``spec.nodeName``) to a node
that is too small.

Deliberate difference: only the resource check is made (no node affinity, taint or host-port
re-check).

>>> admit({"spec": {"containers": [{"resources": {"requests": {"cpu": "4"}}}]}}, [],
...       {"cpu": "1900m", "memory": "4Gi", "pods": "110"})
('OutOfcpu', "Node didn't have enough resource: cpu, requested: 4000, used: 0, capacity: 1900")
"""

from __future__ import annotations

from ..api.quantity import parse_quantity
from ..api.resources import pod_requests


def _amount(resource: str, q) -> int:
    return q.milli_value() if resource == "cpu" else q.value()


def admit(pod: dict, admitted: list[dict], allocatable: dict) -> tuple[str, str] | None:
    """None if ``pod`` fits next to ``admitted``; else (reason, message)."""
    capacity_pods = int(parse_quantity(allocatable.get("pods", "110")).value())
    if len(admitted) + 1 > capacity_pods:
        return ("OutOfpods", f"Node didn't have enough resource: pods, requested: 1, used: {len(admitted)}, "
                             f"capacity: {capacity_pods}")
    want = pod_requests(pod)
    for resource in ("cpu", "memory", "ephemeral-storage"):
        if resource not in want or resource not in allocatable:
            continue
        requested = _amount(resource, want[resource])
        if requested == 0:
            continue
        used = 0
        for other in admitted:
            q = pod_requests(other).get(resource)
            if q is not None:
                used += _amount(resource, q)
        capacity = _amount(resource, parse_quantity(allocatable[resource]))
        if requested + used > capacity:
            return (f"OutOf{resource}", f"Node didn't have enough resource: {resource}, requested: {requested}, "
                                        f"used: {used}, capacity: {capacity}")
    return None
