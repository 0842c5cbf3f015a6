"""The disruption controller: the status of every PodDisruptionBudget.

Models ``pkg/controller/disruption``. For each ``policy/v1`` PodDisruptionBudget it finds the pods
of its namespace that the selector matches (in ``policy/v1`` an empty selector matches every pod)
and writes ``status``:

* ``expectedPods`` — with an integer ``minAvailable``: the number of matching pods; with
  ``maxUnavailable`` or a percentage: the sum of ``spec.replicas`` of the pods' controllers (a
  Deployment through its ReplicaSets, a ReplicaSet, a ReplicationController, a StatefulSet);
* ``desiredHealthy`` — ``minAvailable`` (a percentage of ``expectedPods`` rounded up), or
  ``expectedPods − maxUnavailable`` (a percentage rounded up), at least 0;
* ``currentHealthy`` — matching pods that are Ready, not being deleted and not in
  ``disruptedPods`` (pods the eviction API just spent a disruption on; an entry expires after
  two minutes or when the pod starts terminating);
* ``disruptionsAllowed`` = max(0, currentHealthy − desiredHealthy) (0 when nothing is expected);
* ``observedGeneration`` and the condition ``DisruptionAllowed`` — ``True``/``SufficientPods``,
  ``False``/``InsufficientPods``, or ``False``/``SyncFailed`` with the error when the expected
  count cannot be found (a matching pod without a controller: ``found no controllers for pod "x"``,
  event ``CalculateExpectedPodCountFailed``). No matching pod at all: event ``NoPods``
  ``No matching pods found``.

The eviction API (:mod:`k8scourse.apiserver.eviction`) reads this status; that is how
``kubectl drain`` learns that a budget forbids an eviction.

Deliberate differences: controllers other than the four above (custom resources with a ``scale``
subresource) are not looked up; the status is written at the instant pods change (upstream: when the
informers deliver the change, milliseconds later).

>>> desired_healthy({"minAvailable": "50%"}, 3), desired_healthy({"maxUnavailable": 1}, 3)
(2, 2)
"""

from __future__ import annotations

import math

from ..api.labels import selector_from_label_selector
from ..api.objects import copy_json, dig
from . import util
from .runtime import Controller

COMPONENT = "controllermanager"
USER = "system:serviceaccount:kube-system:disruption-controller"
DELETION_TIMEOUT_MS = 2 * 60_000          # a disrupted pod that is not deleted by then counts again
_OWNER_RESOURCES = {"ReplicaSet": "replicasets", "ReplicationController": "replicationcontrollers",
                    "StatefulSet": "statefulsets", "Deployment": "deployments"}


def scaled_value(value, total: int, round_up: bool) -> int:
    """``intstr.GetScaledValueFromIntOrPercent``: ``"50%"`` of ``total``, or the integer itself."""
    if isinstance(value, str) and value.endswith("%"):
        amount = int(value[:-1]) * total / 100
        return math.ceil(amount) if round_up else math.floor(amount)
    return int(value)


def desired_healthy(spec: dict, expected: int) -> int:
    if spec.get("maxUnavailable") is not None:
        return max(0, expected - scaled_value(spec["maxUnavailable"], expected, True))
    return max(0, scaled_value(spec.get("minAvailable", 0), expected, True))


class DisruptionController(Controller):
    resource, kind, component = "poddisruptionbudgets", "PodDisruptionBudget", "disruption-controller"

    def watches(self) -> dict:
        return {"pods": self._on_pod}

    # ------------------------------------------------------------------ handlers
    def _on_pod(self, event) -> None:
        if not self.running:
            return
        pod = event.object
        labels = dig(pod, "metadata", "labels", default={}) or {}
        for pdb in self.primaries(dig(pod, "metadata", "namespace", default="")):
            try:
                if selector_from_label_selector(dig(pdb, "spec", "selector")).matches(labels):
                    self.enqueue(pdb)
            except ValueError:
                continue

    # ------------------------------------------------------------------ reconcile
    def _sync(self, pdb: dict) -> None:
        spec, md = pdb.get("spec") or {}, pdb["metadata"]
        selector = selector_from_label_selector(spec.get("selector"))
        pods = sorted((p for p in self.server.store.list("pods", md.get("namespace", ""), copy=False)
                       if selector.matches(dig(p, "metadata", "labels", default={}) or {})),
                      key=lambda p: p["metadata"]["name"])
        if not pods:
            self.recorder.event(pdb, "Normal", "NoPods", "No matching pods found", COMPONENT)
        try:
            expected, desired = self._expected(spec, pods)
        except LookupError as exc:
            self.recorder.event(pdb, "Warning", "CalculateExpectedPodCountFailed",
                                f"Failed to calculate the number of expected pods: {exc.args[0]}", COMPONENT)
            self._write(pdb, None, str(exc.args[0]))
            return
        now = self.server.sim.now_ms
        clock = self.server.sim.clock
        disrupted, next_check = {}, None
        by_name = {p["metadata"]["name"]: p for p in pods}
        for pod_name, stamp in sorted((dig(pdb, "status", "disruptedPods", default={}) or {}).items()):
            pod = by_name.get(pod_name)
            if pod is None or util.being_deleted(pod):
                continue
            expires = clock.sim_ms(stamp) + DELETION_TIMEOUT_MS
            if expires <= now:
                continue
            disrupted[pod_name] = stamp
            next_check = expires if next_check is None else min(next_check, expires)
        healthy = sum(1 for p in pods if util.pod_ready(p) and not util.being_deleted(p)
                      and p["metadata"]["name"] not in disrupted)
        allowed = max(0, healthy - desired) if expected > 0 else 0
        self._write(pdb, {"currentHealthy": healthy, "desiredHealthy": desired, "disruptionsAllowed": allowed,
                          "expectedPods": expected, "disruptedPods": disrupted}, "")
        if next_check is not None:
            self.enqueue(pdb, next_check - now)

    def _expected(self, spec: dict, pods: list[dict]) -> tuple[int, int]:
        min_available = spec.get("minAvailable")
        if spec.get("maxUnavailable") is None and isinstance(min_available, int):
            return len(pods), max(0, min_available)
        if spec.get("maxUnavailable") is None and min_available is None:
            return len(pods), 0
        expected = 0
        seen: set[str] = set()
        for pod in pods:
            if dig(pod, "status", "phase") in ("Succeeded", "Failed"):
                continue
            owner = self._scale_owner(pod)
            if owner is None:
                raise LookupError(f'found no controllers for pod "{pod["metadata"]["name"]}"')
            uid = owner["metadata"].get("uid", "")
            if uid not in seen:
                seen.add(uid)
                expected += int(dig(owner, "spec", "replicas", default=1))
        return expected, desired_healthy(spec, expected)

    def _scale_owner(self, pod: dict) -> dict | None:
        """The object whose ``spec.replicas`` counts the pod (a Deployment for its ReplicaSets' pods)."""
        ns = pod["metadata"].get("namespace", "")
        ref = util.controller_of(pod)
        if ref is None or ref.get("kind") not in _OWNER_RESOURCES:
            return None
        owner = self.server.peek(_OWNER_RESOURCES[ref["kind"]], ref.get("name", ""), ns)
        if owner is None or owner["metadata"].get("uid") != ref.get("uid"):
            return None
        if owner.get("kind") == "ReplicaSet":
            parent = util.controller_of(owner)
            if parent is not None and parent.get("kind") == "Deployment":
                deployment = self.server.peek("deployments", parent.get("name", ""), ns)
                if deployment is not None and deployment["metadata"].get("uid") == parent.get("uid"):
                    return deployment
        return owner

    def _write(self, pdb: dict, numbers: dict | None, error: str) -> None:
        status = copy_json(pdb.get("status") or {})
        generation = pdb["metadata"].get("generation", 1)
        if numbers is None:
            status.update(disruptionsAllowed=0, currentHealthy=0, desiredHealthy=0, expectedPods=0)
            cond = ("False", "SyncFailed", error)
        else:
            status.update({k: v for k, v in numbers.items() if k != "disruptedPods"})
            if numbers["disruptedPods"]:
                status["disruptedPods"] = numbers["disruptedPods"]
            else:
                status.pop("disruptedPods", None)
            cond = ("True", "SufficientPods", "") if numbers["disruptionsAllowed"] > 0 else \
                ("False", "InsufficientPods", "")
        status["observedGeneration"] = generation
        current = util.get_condition(status, "DisruptionAllowed")
        if current is None or (current.get("status"), current.get("reason"), current.get("message", "")) != cond \
                or current.get("observedGeneration") != generation:
            since = current.get("lastTransitionTime") if current is not None and current.get("status") == cond[0] \
                else self.server.sim.clock.rfc3339()
            util.remove_condition(status, "DisruptionAllowed")
            status.setdefault("conditions", []).append({
                "type": "DisruptionAllowed", "status": cond[0], "observedGeneration": generation,
                "lastTransitionTime": since, "reason": cond[1], "message": cond[2]})
        if status == (pdb.get("status") or {}):
            return
        md = pdb["metadata"]
        body = {"apiVersion": pdb["apiVersion"], "kind": pdb["kind"],
                "metadata": {"name": md["name"], "namespace": md["namespace"]}, "status": status}
        self.server.update_status(body, user=USER, resource="poddisruptionbudgets")
