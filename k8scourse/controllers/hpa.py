"""The horizontal pod autoscaler controller (``autoscaling/v2``).

Models ``pkg/controller/podautoscaler`` as the Kubernetes HPA documentation describes it. Every
HorizontalPodAutoscaler is reconciled every **15 s** (``--horizontal-pod-autoscaler-sync-period``;
the first time 15 s after it is created):

1. read the target's scale (a Deployment, ReplicaSet, StatefulSet or ReplicationController:
   ``spec.replicas`` and its selector) — ``AbleToScale`` ``SucceededGetScale`` or
   ``FailedGetScale``;
2. outside ``[minReplicas, maxReplicas]`` the target is brought inside at once; with 0 replicas
   scaling is disabled (``ScalingActive`` ``False`` ``ScalingDisabled``);
3. otherwise each metric proposes a replica count (:mod:`~k8scourse.controllers.hpa_metrics`:
   CPU or memory utilization of the requests, or an average value, from the Metrics API, tolerance
   0.1) and the largest wins — ``ScalingActive`` ``ValidMetricFound``, or ``False``
   ``FailedGetResourceMetric`` with the events ``FailedGetResourceMetric`` and
   ``FailedComputeMetricsReplicas`` (``status.currentMetrics`` then holds ``type: ""``, so
   ``kubectl get hpa`` shows ``cpu: <unknown>/50%``);
4. **stabilization**: the recommendation is the highest of the last 300 s when scaling down
   (``scaleDown.stabilizationWindowSeconds``; ``ScaleDownStabilized``) and the lowest of the
   scale-up window (0 s by default);
5. **rate policies** (``spec.behavior``, defaults: up by 100 % or 4 pods per 15 s, whichever is more;
   down by 100 % per 15 s) and min/max — ``ScalingLimited`` ``ScaleUpLimit``, ``ScaleDownLimit``,
   ``TooManyReplicas``, ``TooFewReplicas``, or ``False`` ``DesiredWithinRange``;
6. a different count is written to the target's ``spec.replicas`` with the event
   ``SuccessfulRescale`` ``New size: 4; reason: cpu resource utilization (percentage of request)
   above target`` (``All metrics below target`` going down) and ``status.lastScaleTime``.

Status: ``currentReplicas``, ``desiredReplicas``, ``currentMetrics``, ``lastScaleTime``,
``observedGeneration``, conditions ``AbleToScale``, ``ScalingActive``, ``ScalingLimited``.

The controller reads the Metrics API from the cluster's metrics-server, passed in at construction
(kube-controller-manager reaches it through the aggregated API); the cluster starts it.
Deliberate differences: only ``Resource`` metrics (``Pods``/``Object``/``External``/
``ContainerResource`` report ``FailedGetMetric``-style errors); a spec without ``behavior`` uses the
default policies (upstream's older path gives the same limits at the 15 s sync period).

>>> scale_up_limit(4, [], [], DEFAULT_BEHAVIOR["scaleUp"], 0), scale_down_limit(10, [], [], DEFAULT_BEHAVIOR["scaleDown"], 0)
(8, 0)
"""

from __future__ import annotations

import math

from ..api.labels import selector_from_label_selector
from ..api.objects import copy_json, dig
from ..errors import APIError
from .hpa_metrics import MetricError, MetricsClient, resource_replicas
from .runtime import Controller, Result, split_key
from .workqueue import FixedIntervalRateLimiter

COMPONENT = "horizontal-pod-autoscaler"
USER = "system:serviceaccount:kube-system:horizontal-pod-autoscaler"
SYNC_PERIOD_MS = 15_000
TARGETS = {"Deployment": "deployments", "ReplicaSet": "replicasets", "StatefulSet": "statefulsets",
           "ReplicationController": "replicationcontrollers"}
DEFAULT_BEHAVIOR = {
    "scaleUp": {"stabilizationWindowSeconds": 0, "selectPolicy": "Max",
                "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15},
                             {"type": "Percent", "value": 100, "periodSeconds": 15}]},
    "scaleDown": {"stabilizationWindowSeconds": 300, "selectPolicy": "Max",
                  "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}]},
}
_ORDER = ("AbleToScale", "ScalingActive", "ScalingLimited")


def _changed_within(events: list, period_s: int, now: int) -> int:
    return sum(change for t, change in events if t > now - period_s * 1000)


def scale_up_limit(current: int, ups: list, downs: list, rules: dict, now: int) -> int:
    """The most replicas the scale-up policies allow now (``calculateScaleUpLimitWithScalingRules``)."""
    policy = rules.get("selectPolicy") or "Max"
    if policy == "Disabled":
        return current
    proposals = []
    for rule in rules.get("policies") or []:
        start = current - _changed_within(ups, rule["periodSeconds"], now) + _changed_within(downs, rule["periodSeconds"], now)
        proposals.append(start + rule["value"] if rule["type"] == "Pods"
                         else int(math.ceil(start * (1 + rule["value"] / 100))))
    if not proposals:
        return current
    return max(proposals) if policy == "Max" else min(proposals)


def scale_down_limit(current: int, ups: list, downs: list, rules: dict, now: int) -> int:
    """The fewest replicas the scale-down policies allow now."""
    policy = rules.get("selectPolicy") or "Max"
    if policy == "Disabled":
        return current
    proposals = []
    for rule in rules.get("policies") or []:
        start = current + _changed_within(downs, rule["periodSeconds"], now) - _changed_within(ups, rule["periodSeconds"], now)
        proposals.append(start - rule["value"] if rule["type"] == "Pods" else int(start * (1 - rule["value"] / 100)))
    if not proposals:
        return current
    return min(proposals) if policy == "Max" else max(proposals)


def behavior_of(hpa: dict) -> dict:
    """``spec.behavior`` with the API's defaults filled in."""
    given = dig(hpa, "spec", "behavior", default={}) or {}
    out = {}
    for direction, default in DEFAULT_BEHAVIOR.items():
        rules = dict(default)
        rules.update({k: v for k, v in (given.get(direction) or {}).items() if v is not None})
        out[direction] = rules
    return out


def metric_name(spec: dict) -> str:
    source = spec.get("resource") or {}
    if (source.get("target") or {}).get("type", "Utilization") == "Utilization":
        return f"{source.get('name', '')} resource utilization (percentage of request)"
    return f"{source.get('name', '')} resource"


class HorizontalPodAutoscalerController(Controller):
    resource, kind, component = "horizontalpodautoscalers", "HorizontalPodAutoscaler", COMPONENT

    def __init__(self, server, metrics: MetricsClient, sync_period_ms: int = SYNC_PERIOD_MS):
        self.sync_period_ms = sync_period_ms
        super().__init__(server)
        self.metrics = metrics
        self.sync_delay_ms = sync_period_ms         # a new or changed HPA is first looked at a period later
        self._recommendations: dict[str, list[tuple[int, int]]] = {}
        self._ups: dict[str, list[tuple[int, int]]] = {}
        self._downs: dict[str, list[tuple[int, int]]] = {}
        self._failed_statuses: list[dict] = []

    def rate_limiter(self):
        """Every key comes back one sync period later, after success or failure alike."""
        return FixedIntervalRateLimiter(self.sync_period_ms)

    def on_primary(self, event) -> None:
        if not self.running:
            return
        if event.type == "DELETED":
            key = self.key_of(event.object)
            for memory in (self._recommendations, self._ups, self._downs):
                memory.pop(key, None)
            return
        self.enqueue(event.object)

    # ------------------------------------------------------------------ reconcile
    def reconcile(self, key: str) -> Result | None:
        ns, name = split_key(key)
        hpa = self.server.peek("horizontalpodautoscalers", name, ns)
        if hpa is None:
            return None
        self._sync(key, hpa)
        return Result(requeue=True)              # the fixed-interval limiter: one period later

    def _sync(self, key: str, hpa: dict) -> None:
        spec, ns = hpa.get("spec") or {}, hpa["metadata"].get("namespace", "")
        status = copy_json(hpa.get("status") or {})
        conditions: dict[str, dict] = {c["type"]: c for c in status.get("conditions") or []}
        ref = spec.get("scaleTargetRef") or {}
        resource = TARGETS.get(ref.get("kind", ""))
        target = self.server.peek(resource, ref.get("name", ""), ns) if resource else None
        if target is None:
            what = f'{resource or (ref.get("kind", "").lower() + "s")}/scale'
            group = (ref.get("apiVersion") or "").rpartition("/")[0]
            message = f'{what}{"." + group if group else ""} "{ref.get("name", "")}" not found'
            self.recorder.event(hpa, "Warning", "FailedGetScale", message, COMPONENT)
            self._condition(conditions, "AbleToScale", "False", "FailedGetScale",
                            f"the HPA controller was unable to get the target's current scale: {message}")
            self._write(hpa, status, conditions)
            return
        self._condition(conditions, "AbleToScale", "True", "SucceededGetScale",
                        "the HPA controller was able to get the target's current scale")
        current = int(dig(target, "spec", "replicas", default=1))
        low, high = int(spec.get("minReplicas", 1) or 1), int(spec.get("maxReplicas", 1))
        self._recommendations.setdefault(key, [(self.sim.now_ms, current)])
        desired, reason, metrics_status = current, "", status.get("currentMetrics")
        if current == 0 and low != 0:
            self._condition(conditions, "ScalingActive", "False", "ScalingDisabled",
                            "scaling is disabled since the replica count of the target is zero")
        elif current > high:
            desired, reason = high, "Current number of replicas above Spec.MaxReplicas"
        elif current < low:
            desired, reason = low, "Current number of replicas below Spec.MinReplicas"
        else:
            proposal = self._metrics(hpa, target, current, conditions)
            if proposal is None:
                status["currentReplicas"] = current
                status["currentMetrics"] = self._failed_statuses
                self._write(hpa, status, conditions)
                return
            wanted, name, metrics_status = proposal
            desired = self._normalize(key, hpa, current, wanted, low, high, conditions)
            reason = f"{name} above target" if desired > current else "All metrics below target"
        if desired != current:
            try:
                self.server.patch(resource, target["metadata"]["name"], ns, {"spec": {"replicas": desired}}, "merge",
                                  user=USER)
            except APIError as exc:
                self._condition(conditions, "AbleToScale", "False", "FailedUpdateScale",
                                f"the HPA controller was unable to update the target scale: {exc.message}")
                self.recorder.event(hpa, "Warning", "FailedRescale",
                                    f"New size: {desired}; reason: {reason}; error: {exc.message}", COMPONENT)
                self._write(hpa, status, conditions)
                return
            self._condition(conditions, "AbleToScale", "True", "SucceededRescale",
                            f"the HPA controller was able to update the target scale to {desired}")
            self.recorder.event(hpa, "Normal", "SuccessfulRescale", f"New size: {desired}; reason: {reason}",
                                COMPONENT)
            events = self._ups if desired > current else self._downs
            events.setdefault(key, []).append((self.sim.now_ms, abs(desired - current)))
            status["lastScaleTime"] = self.sim.clock.rfc3339()
            self.sim.record(COMPONENT, "rescale", f"{resource}/{ns}/{target['metadata']['name']}",
                            f"{current} -> {desired}: {reason}")
        status["currentReplicas"] = current
        status["desiredReplicas"] = desired
        if metrics_status is not None:
            status["currentMetrics"] = metrics_status
        self._write(hpa, status, conditions)

    # ------------------------------------------------------------------ metrics
    def _metrics(self, hpa: dict, target: dict, current: int, conditions: dict):
        """(replicas, reason metric, statuses) — or None after recording why no metric worked."""
        ns = hpa["metadata"].get("namespace", "")
        specs = dig(hpa, "spec", "metrics", default=[]) or []
        selector = selector_from_label_selector(dig(target, "spec", "selector"))
        pods = sorted((p for p in self.server.store.list("pods", ns, copy=False)
                       if selector.matches(dig(p, "metadata", "labels", default={}) or {})),
                      key=lambda p: p["metadata"]["name"])
        best, best_name, statuses, errors = None, "", [], []
        for spec in specs:
            try:
                if spec.get("type") != "Resource":
                    raise MetricError(f"the HPA controller does not support {spec.get('type')} metrics here")
                source = spec.get("resource") or {}
                replicas, metric_status = resource_replicas(self.metrics, pods, ns, source.get("name", ""),
                                                            source.get("target") or {}, current, self.sim.clock)
            except MetricError as exc:
                errors.append((spec, str(exc)))
                statuses.append({"type": ""})
                continue
            statuses.append(metric_status)
            if best is None or replicas > best:
                best, best_name = replicas, metric_name(spec)
        if errors and (best is None or best < current):
            spec, message = errors[0]
            kind = {"Resource": "ResourceMetric"}.get(spec.get("type", ""), f"{spec.get('type', '')}Metric")
            for failed, text in errors:
                self.recorder.event(hpa, "Warning", f"FailedGet{kind}", text, COMPONENT)
            self.recorder.event(hpa, "Warning", "FailedComputeMetricsReplicas",
                                f"invalid metrics ({len(errors)} invalid out of {len(specs)}), first error is: "
                                f"failed to get {dig(spec, 'resource', 'name', default='')} resource metric value: "
                                f"{message}", COMPONENT)
            self._condition(conditions, "ScalingActive", "False", f"FailedGet{kind}",
                            f"the HPA was unable to compute the replica count: {message}")
            self._failed_statuses = statuses
            return None
        self._condition(conditions, "ScalingActive", "True", "ValidMetricFound",
                        f"the HPA was able to successfully calculate a replica count from {best_name}")
        return best, best_name, statuses

    # ------------------------------------------------------------------ behaviour
    def _normalize(self, key: str, hpa: dict, current: int, wanted: int, low: int, high: int,
                   conditions: dict) -> int:
        now = self.sim.now_ms
        behavior = behavior_of(hpa)
        up_window = int(behavior["scaleUp"].get("stabilizationWindowSeconds") or 0) * 1000
        down_window = int(behavior["scaleDown"].get("stabilizationWindowSeconds") or 0) * 1000
        floor_, ceiling = wanted, wanted
        recs = self._recommendations.setdefault(key, [])
        for t, value in recs:
            if t > now - up_window:
                floor_ = min(floor_, value)
            if t > now - down_window:
                ceiling = max(ceiling, value)
        stable = min(max(current, floor_), ceiling)
        recs.append((now, wanted))
        keep = max(up_window, down_window)
        self._recommendations[key] = [r for r in recs if r[0] > now - keep] or [(now, wanted)]
        if stable != wanted and stable > wanted:
            self._condition(conditions, "AbleToScale", "True", "ScaleDownStabilized",
                            "recent recommendations were higher than current one, applying the highest recent "
                            "recommendation")
        elif stable != wanted:
            self._condition(conditions, "AbleToScale", "True", "ScaleUpStabilized",
                            "recent recommendations were lower than current one, applying the lowest recent "
                            "recommendation")
        else:
            self._condition(conditions, "AbleToScale", "True", "ReadyForNewScale",
                            "recommended size matches current size")
        ups, downs = self._ups.get(key, []), self._downs.get(key, [])
        longest = max([p["periodSeconds"] for d in behavior.values() for p in d.get("policies") or []] or [0])
        self._ups[key] = [e for e in ups if e[0] > now - longest * 1000]
        self._downs[key] = [e for e in downs if e[0] > now - longest * 1000]
        limited, reason, message = stable, "DesiredWithinRange", "the desired count is within the acceptable range"
        if stable > current:
            limit = max(current, scale_up_limit(current, ups, downs, behavior["scaleUp"], now))
            allowed = min(high, limit)
            if stable > allowed:
                limited = allowed
                reason, message = ("ScaleUpLimit", "the desired replica count is increasing faster than the maximum "
                                   "scale rate") if high > limit else \
                    ("TooManyReplicas", "the desired replica count is more than the maximum replica count")
        elif stable < current:
            limit = min(current, scale_down_limit(current, ups, downs, behavior["scaleDown"], now))
            allowed = max(low, limit)
            if stable < allowed:
                limited = allowed
                reason, message = ("ScaleDownLimit", "the desired replica count is decreasing faster than the "
                                   "maximum scale rate") if low < limit else \
                    ("TooFewReplicas", "the desired replica count is less than the minimum replica count")
        self._condition(conditions, "ScalingLimited", "False" if reason == "DesiredWithinRange" else "True",
                        reason, message)
        return limited

    # ------------------------------------------------------------------ status
    def _condition(self, conditions: dict, ctype: str, status: str, reason: str, message: str) -> None:
        old = conditions.get(ctype)
        since = old.get("lastTransitionTime") if old is not None and old.get("status") == status \
            else self.sim.clock.rfc3339()
        conditions[ctype] = {"type": ctype, "status": status, "lastTransitionTime": since, "reason": reason,
                             "message": message}

    def _write(self, hpa: dict, status: dict, conditions: dict) -> None:
        status["conditions"] = [conditions[t] for t in _ORDER if t in conditions]
        status["observedGeneration"] = hpa["metadata"].get("generation", 1)
        if status.get("desiredReplicas") is None:
            status["desiredReplicas"] = 0
        if status == (hpa.get("status") or {}):
            return
        md = hpa["metadata"]
        self.server.update_status({"apiVersion": hpa["apiVersion"], "kind": hpa["kind"],
                                   "metadata": {"name": md["name"], "namespace": md["namespace"]}, "status": status},
                                  user=USER, resource="horizontalpodautoscalers")


__all__ = ["HorizontalPodAutoscalerController", "behavior_of", "scale_down_limit", "scale_up_limit"]
