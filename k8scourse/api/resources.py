"""What a pod asks of its node: effective requests and limits (component-helpers' ``PodRequests``).

One rule, used by everything that sums a pod's resources — the scheduler's fit and scores, the
kubelet's admission, ResourceQuota, ``kubectl describe node``, the cluster autoscaler and the HPA:

* regular containers are summed (they all run at once);
* a *sidecar* — an init container with ``restartPolicy: Always`` — keeps running next to the app
  containers, so it is added to the sum as well;
* an ordinary init container runs alone, before the app containers, next to the sidecars started
  before it: the pod needs at least ``that init container + those sidecars``, so each resource is
  the maximum of the running sum and every such init-time peak;
* ``spec.overhead`` (the RuntimeClass's pod overhead) is added on top.

The scheduler also scores with *non-zero* requests: a container that states no cpu request counts
as 100m and one without a memory request as 200 MiB (``NonMissingContainerRequests``), with the same
sidecar/init rule (:func:`non_zero_requests`).

>>> pod = {"spec": {"containers": [{"resources": {"requests": {"cpu": "500m", "memory": "1Gi"}}}],
...        "initContainers": [
...            {"name": "mesh", "restartPolicy": "Always", "resources": {"requests": {"cpu": "250m"}}},
...            {"name": "migrate", "resources": {"requests": {"cpu": "2", "memory": "64Mi"}}}]}}
>>> {k: str(v) for k, v in pod_requests(pod).items()}
{'cpu': '2250m', 'memory': '1Gi'}
>>> amounts(pod_requests(pod))
{'cpu': 2250, 'memory': 1073741824}
>>> non_zero_requests({"spec": {"containers": [{}, {"resources": {"requests": {"cpu": "1"}}}]}})
(1100, 419430400)
>>> [c.get("name") for c in running_containers(pod)]
[None, 'mesh']
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

from .. import defaults
from .objects import dig
from .quantity import Quantity, QuantityError

ResourceList = dict  # resource name -> Quantity


@lru_cache(maxsize=16384)
def _parse(text: Any) -> Quantity | None:
    try:
        return Quantity.parse(text)
    except (QuantityError, ValueError, TypeError):
        return None


def parse_list(values: dict | None) -> ResourceList:
    """A ``{name: "quantity"}`` mapping as Quantities (values that do not parse are left out: the
    API server's validation refuses them before they are stored)."""
    out: ResourceList = {}
    for name, text in (values or {}).items():
        q = _parse(text)
        if q is not None:
            out[name] = q
    return out


def add_into(total: ResourceList, more: ResourceList) -> ResourceList:
    for name, value in more.items():
        total[name] = total[name] + value if name in total else value
    return total


def max_into(total: ResourceList, other: ResourceList) -> ResourceList:
    for name, value in other.items():
        if name not in total or value > total[name]:
            total[name] = value
    return total


def is_sidecar(container: dict) -> bool:
    """An init container that keeps running beside the app containers (KEP-753)."""
    return container.get("restartPolicy") == "Always"


def running_containers(pod: dict) -> list[dict]:
    """The containers that run for the pod's whole life: app containers, then sidecars."""
    spec = pod.get("spec") or {}
    return list(spec.get("containers") or []) + [c for c in spec.get("initContainers") or [] if is_sidecar(c)]


def _aggregate(pod: dict, of_container: Callable[[dict], ResourceList], overhead: bool) -> ResourceList:
    spec = pod.get("spec") or {}
    total: ResourceList = {}
    for container in spec.get("containers") or []:
        add_into(total, of_container(container))
    sidecars: ResourceList = {}
    init_peak: ResourceList = {}
    for container in spec.get("initContainers") or []:
        own = of_container(container)
        if is_sidecar(container):
            add_into(total, own)
            add_into(sidecars, own)
            max_into(init_peak, sidecars)
        else:
            max_into(init_peak, add_into(dict(own), sidecars))
    max_into(total, init_peak)
    if overhead and spec.get("overhead"):
        add_into(total, parse_list(spec["overhead"]))
    return total


def pod_requests(pod: dict, overhead: bool = True) -> ResourceList:
    """The pod's effective requests, resource name → Quantity."""
    return _aggregate(pod, lambda c: parse_list(dig(c, "resources", "requests")), overhead)


def pod_limits(pod: dict, overhead: bool = True) -> ResourceList:
    """The pod's effective limits (overhead is added only to resources that have a limit)."""
    total = _aggregate(pod, lambda c: parse_list(dig(c, "resources", "limits")), False)
    if overhead and total:
        extra = parse_list((pod.get("spec") or {}).get("overhead"))
        add_into(total, {k: v for k, v in extra.items() if k in total})
    return total


def amount(resource: str, q: Quantity) -> int:
    """A quantity in the unit components count ``resource`` in: millicores for cpu, else whole units."""
    return q.milli_value() if resource == "cpu" else q.value()


def amounts(resources: ResourceList) -> dict[str, int]:
    """:func:`amount` of every entry (``{"cpu": 2250, "memory": 1073741824}``)."""
    return {name: amount(name, q) for name, q in resources.items()}


def _non_zero(container: dict) -> ResourceList:
    requests = parse_list(dig(container, "resources", "requests"))
    requests.setdefault("cpu", Quantity.parse(f"{defaults.SCHEDULER_DEFAULT_MILLI_CPU_REQUEST}m"))
    requests.setdefault("memory", Quantity.parse(str(defaults.SCHEDULER_DEFAULT_MEMORY_REQUEST)))
    return {"cpu": requests["cpu"], "memory": requests["memory"]}


def non_zero_requests(pod: dict) -> tuple[int, int]:
    """(millicores, bytes) the scheduler scores with: a missing request counts as the default."""
    total = _aggregate(pod, _non_zero, True)
    return amount("cpu", total["cpu"]) if "cpu" in total else 0, \
        amount("memory", total["memory"]) if "memory" in total else 0
