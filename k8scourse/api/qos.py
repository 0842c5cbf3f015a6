"""Pod QoS class (pkg/apis/core/v1/helper/qos): Guaranteed, Burstable or BestEffort.

* Guaranteed: every container has cpu and memory limits, and requests equal to them (a request
  left out defaults to the limit).
* BestEffort: no container has any cpu or memory request or limit.
* Burstable: everything in between.

>>> qos_class({"spec": {"containers": [{"name": "a"}]}})
'BestEffort'
>>> qos_class({"spec": {"containers": [{"name": "a", "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}]}})
'Guaranteed'
>>> qos_class({"spec": {"containers": [{"name": "a", "resources": {"requests": {"memory": "50Mi"}}}]}})
'Burstable'
"""

from __future__ import annotations

from .quantity import Quantity

_COMPUTE = ("cpu", "memory")


def _q(value: object) -> Quantity | None:
    try:
        return Quantity.parse(str(value))
    except ValueError:
        return None


def qos_class(pod: dict) -> str:
    spec = pod.get("spec") or {}
    containers = list(spec.get("initContainers") or []) + list(spec.get("containers") or [])
    any_set = False
    guaranteed = True
    for c in containers:
        res = c.get("resources") or {}
        requests = {k: v for k, v in (res.get("requests") or {}).items() if k in _COMPUTE}
        limits = {k: v for k, v in (res.get("limits") or {}).items() if k in _COMPUTE}
        if requests or limits:
            any_set = True
        for r in _COMPUTE:
            if r not in limits:
                guaranteed = False
            elif r in requests and _q(requests[r]) != _q(limits[r]):
                guaranteed = False
    if not any_set:
        return "BestEffort"
    return "Guaranteed" if guaranteed else "Burstable"
