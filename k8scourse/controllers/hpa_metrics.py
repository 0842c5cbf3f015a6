"""The HPA's replica calculator: how many pods a resource metric asks for.

Models ``pkg/controller/podautoscaler/replica_calculator.go`` for ``Resource`` metrics (CPU and
memory) read from the Metrics API (metrics-server), as the Kubernetes HPA documentation describes
the algorithm:

``desiredReplicas = ceil(currentReplicas × currentMetricValue / desiredMetricValue)``

* *utilization* = Σ usage / Σ requests × 100 over the pods that have metrics (an integer percent);
  every container of every targeted pod needs a request for the resource, else
  ``missing request for cpu in container web of Pod web-…``;
* pods being deleted or ``Failed`` are ignored; ``Pending`` pods — and, for CPU, pods not yet Ready
  or whose metric may still contain their start-up burst (started less than 5 minutes ago and the
  sample is older than readiness + window; or never ready within 30 s of starting) — are set
  aside as *unready*; pods without a metric are *missing*;
* within the **tolerance** (|ratio − 1| ≤ 0.1) nothing changes; otherwise, with no pod set aside,
  ``ceil(ratio × ready pods)``;
* with pods set aside the ratio is computed again, conservatively: missing pods count as using
  100 % of the target when scaling down and 0 % when scaling up; unready pods count 0 % when
  scaling up. If that flips the direction or lands within tolerance, nothing changes.

``AverageValue`` targets use the mean usage per pod instead of a percentage of requests.

>>> calculate({"a": 900, "b": 900}, {"a": 1000, "b": 1000}, 50, 2, set(), set(), utilization=True)[:2]
(4, 90)
>>> calculate({"a": 520, "b": 480}, {"a": 1000, "b": 1000}, 50, 2, set(), set(), utilization=True)[:2]
(2, 50)
"""

from __future__ import annotations

import math
import re

from ..api.objects import dig
from ..api.quantity import Quantity
from ..api.resources import running_containers
from ..errors import APIError
from . import util

TOLERANCE = 0.1
CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000
INITIAL_READINESS_DELAY_MS = 30_000
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(h|ms|m|s)")
_UNIT_MS = {"h": 3_600_000, "m": 60_000, "s": 1000, "ms": 1}


class MetricError(Exception):
    """A metric could not be computed; ``str`` is the upstream error text."""


def duration_ms(text: str) -> int:
    """A Go duration (``20s``, ``1m0s``, ``450ms``) in milliseconds."""
    return int(sum(float(n) * _UNIT_MS[u] for n, u in _DURATION.findall(text or "")))


def pod_request(pod: dict, resource: str) -> int:
    """Σ requests of ``resource`` of the containers that run all along (app containers and sidecars:
    :func:`~k8scourse.api.resources.running_containers`) in milli-units; MetricError when one is missing."""
    total = 0
    for container in running_containers(pod):
        value = dig(container, "resources", "requests", resource)
        if value is None:
            raise MetricError(f"missing request for {resource} in container {container.get('name', '')} "
                              f"of Pod {pod['metadata']['name']}")
        total += Quantity.parse(value).milli_value()
    return total


def group_pods(pods: list[dict], metrics: dict, resource: str, clock) -> tuple[int, set, set, set]:
    """(ready count, unready, missing, ignored) — upstream's ``groupPods``."""
    ready, unready, missing, ignored = 0, set(), set(), set()
    now = clock.now_ms
    for pod in pods:
        name = pod["metadata"]["name"]
        if util.being_deleted(pod) or dig(pod, "status", "phase") == "Failed":
            ignored.add(name)
            continue
        if dig(pod, "status", "phase") == "Pending":
            unready.add(name)
            continue
        metric = metrics.get(name)
        if metric is None:
            missing.add(name)
            continue
        not_ready = False
        if resource == "cpu":
            cond = util.pod_condition(pod, "Ready")
            start = dig(pod, "status", "startTime")
            if cond is None or not start:
                not_ready = True
            else:
                start_ms = clock.sim_ms(start)
                since = clock.sim_ms(cond["lastTransitionTime"]) if cond.get("lastTransitionTime") else start_ms
                if start_ms + CPU_INITIALIZATION_PERIOD_MS > now:
                    not_ready = cond.get("status") == "False" or metric[1] < since + metric[2]
                else:
                    not_ready = cond.get("status") == "False" and start_ms + INITIAL_READINESS_DELAY_MS > since
        if not_ready:
            unready.add(name)
        else:
            ready += 1
    return ready, unready, missing, ignored


def _ratio(values: dict, requests: dict | None, target: float) -> tuple[float, int, int]:
    """(usage ratio, utilization % or average value, raw average) over the pods in ``values``."""
    total = sum(values.values())
    average = total // len(values) if values else 0
    if requests is None:
        return (total / len(values)) / target if values and target else 0.0, average, average
    req = sum(requests[name] for name in values)
    utilization = int(total * 100 // req) if req else 0
    return utilization / target if target else 0.0, utilization, average


def calculate(metrics: dict, requests: dict | None, target: float, current: int, unready: set, missing: set,
              utilization: bool, ready_count: int | None = None) -> tuple[int, int, int]:
    """(replicas, utilization % or average, raw average) — the core of the calculator.

    ``metrics``: pod → usage (milli) of the pods with a usable sample; ``requests``: pod → request
    (milli) for every targeted pod (utilization targets); ``target``: percent or milli-value.
    """
    if not metrics:
        raise MetricError("did not receive metrics for targeted pods (pods might be unready)")
    reqs = requests if utilization else None
    ratio, shown, raw = _ratio(metrics, reqs, target)
    count = len(metrics) if ready_count is None else ready_count
    scale_up_with_unready = bool(unready) and ratio > 1.0
    if not scale_up_with_unready and not missing:
        if abs(1.0 - ratio) <= TOLERANCE:
            return current, shown, raw
        return int(math.ceil(ratio * count)), shown, raw
    values = dict(metrics)
    for name in missing:
        if ratio < 1.0:
            if utilization:
                values[name] = requests[name] * min(target, 100) // 100
            else:
                values[name] = int(target)
        else:
            values[name] = 0
    if scale_up_with_unready:
        for name in unready:
            values[name] = 0
    new_ratio, _, _ = _ratio(values, reqs, target)
    if abs(1.0 - new_ratio) <= TOLERANCE or (ratio < 1.0 < new_ratio) or (ratio > 1.0 > new_ratio):
        return current, shown, raw
    replicas = int(math.ceil(new_ratio * len(values)))
    if (new_ratio < 1.0 and replicas > current) or (new_ratio > 1.0 and replicas < current):
        return current, shown, raw
    return replicas, shown, raw


def resource_replicas(metrics_server, pods: list[dict], namespace: str, resource: str, target: dict,
                      current: int, clock) -> tuple[int, dict]:
    """Replicas one ``Resource`` metric asks for, and its ``MetricStatus``; MetricError if unknown."""
    utilization = target.get("type", "Utilization") == "Utilization"
    what = f"{resource} utilization" if utilization else f"{resource} usage"
    try:
        items = metrics_server.list_pod_metrics(namespace)
    except APIError as exc:        # the Metrics API is an aggregated API: any failure reads the same
        message = getattr(exc, "message", str(exc))
        raise MetricError(f"failed to get {what}: unable to get metrics for resource {resource}: unable to "
                          f"fetch metrics from resource metrics API: {message} (get pods.metrics.k8s.io)") from None
    names = {p["metadata"]["name"] for p in pods}
    samples = {}
    for item in items:
        name = item["metadata"]["name"]
        if name not in names:
            continue
        usage = sum(Quantity.parse(c["usage"].get(resource, "0")).milli_value() for c in item.get("containers") or [])
        samples[name] = (usage, clock.sim_ms(item["timestamp"]), duration_ms(item.get("window", "")))
    if not samples:
        raise MetricError(f"failed to get {what}: unable to get metrics for resource {resource}: no metrics "
                          f"returned from resource metrics API")
    ready, unready, missing, ignored = group_pods(pods, samples, resource, clock)
    usable = {name: s[0] for name, s in samples.items() if name not in unready and name not in ignored}
    requests = None
    if utilization:
        try:
            requests = {p["metadata"]["name"]: pod_request(p, resource) for p in pods}
        except MetricError as exc:
            raise MetricError(f"failed to get {what}: {exc}") from None
        value = float(target.get("averageUtilization") or 0)
    else:
        value = float(Quantity.parse(target.get("averageValue", "0")).milli_value())
    try:
        replicas, shown, raw = calculate(usable, requests, value, current, unready, missing, utilization, ready)
    except MetricError as exc:
        raise MetricError(f"failed to get {what}: {exc}") from None
    current_status = {"averageValue": str(Quantity.from_milli(raw))}
    if utilization:
        current_status["averageUtilization"] = shown
    return replicas, {"type": "Resource", "resource": {"name": resource, "current": current_status}}
