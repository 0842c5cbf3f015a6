"""The pod garbage collector: pods that nobody else will ever clean up.

Models ``pkg/controller/podgc`` of kube-controller-manager, which every 20 s force-deletes (grace
period 0, no kubelet involved):

* **orphaned pods** — bound to a node that no longer exists (checked twice, 40 s apart: the
  quarantine against a node that is only being re-created), after adding the condition
  ``DisruptionTarget`` ``DeletionByPodGC`` ``PodGC: node no longer exists``;
* **unscheduled terminating pods** — being deleted but never bound (no kubelet will finish them);
* **terminating pods on out-of-service nodes** — a node that is not Ready and carries the taint
  ``node.kubernetes.io/out-of-service`` (the documented recovery from a non-graceful node
  shutdown): its terminating pods go at once, so StatefulSets can re-create them elsewhere.

Deliberate difference: the threshold on finished pods (``--terminated-pod-gc-threshold`` 12500) is
not modelled.

>>> GC_PERIOD_MS, QUARANTINE_MS
(20000, 40000)
"""

from __future__ import annotations

from ..api.objects import copy_json, dig
from ..errors import APIError
from .runtime import Controller, Loop

COMPONENT = "pod-garbage-collector"
USER = "system:serviceaccount:kube-system:pod-garbage-collector"
GC_PERIOD_MS = 20_000
QUARANTINE_MS = 40_000
OUT_OF_SERVICE = "node.kubernetes.io/out-of-service"


class PodGCController(Controller):
    component = COMPONENT

    def __init__(self, server):
        super().__init__(server)
        self._suspects: dict[str, int] = {}        # pod uid -> first seen orphaned (ms)
        # after a pass that found nothing to look at: (the pods' last write revision, the node names);
        # while both stay the same, a pass would find nothing again
        self._quiet: tuple[int, frozenset] | None = None

    def start(self) -> "PodGCController":
        if not self.running:
            self._suspects.clear()
            self._quiet = None
        return super().start()

    def loops(self) -> list[Loop]:
        return [Loop("pod gc", GC_PERIOD_MS, self._pass, priority=6)]

    def _pass(self) -> None:
        if self.server.available:            # errors wait for the next period (wait.Until)
            self.collect()

    def collect(self) -> None:
        """One pass; returns nothing, deletes what qualifies."""
        nodes = {n["metadata"]["name"]: n for n in self.server.store.list("nodes", None, copy=False)}
        now = self.sim.now_ms
        written = self.server.store.last_write("pods")
        if self._quiet is not None and self._quiet[0] == written and nodes.keys() == self._quiet[1]:
            return                                   # the same pods, the same nodes: nothing again
        self._quiet = None
        pods = self.server.store.list("pods", None, copy=False)     # in (namespace, name) order
        seen = set()
        quiet = True                                 # no pod this pass had to look at twice
        for pod in pods:
            md = pod["metadata"]
            node_name = (pod.get("spec") or {}).get("nodeName")
            terminating = bool(md.get("deletionTimestamp"))
            if not node_name:
                if terminating:
                    quiet = False
                    self._force_delete(pod, None)
                continue
            if terminating:
                quiet = False
            node = nodes.get(node_name)
            if node is None:
                quiet = False
                uid = md.get("uid", "")
                seen.add(uid)
                first = self._suspects.setdefault(uid, now)
                if now - first >= QUARANTINE_MS:
                    self._force_delete(pod, "PodGC: node no longer exists")
                continue
            if terminating and _out_of_service(node):
                self._force_delete(pod, "PodGC: node is out of service")
        self._suspects = {uid: t for uid, t in self._suspects.items() if uid in seen}
        if quiet and not self._suspects:
            self._quiet = (written, frozenset(nodes))

    def _force_delete(self, pod: dict, why: str | None) -> None:
        md = pod["metadata"]
        if why is not None and dig(pod, "status", "phase") not in ("Succeeded", "Failed"):
            status = copy_json(pod.get("status") or {})
            conditions = [c for c in status.get("conditions") or [] if c.get("type") != "DisruptionTarget"]
            conditions.append({"type": "DisruptionTarget", "status": "True", "lastProbeTime": None,
                               "lastTransitionTime": self.sim.clock.rfc3339(), "reason": "DeletionByPodGC",
                               "message": why})
            status["conditions"] = conditions
            try:
                self.server.update_status({"apiVersion": "v1", "kind": "Pod", "metadata": {
                    "name": md["name"], "namespace": md["namespace"]}, "status": status}, user=USER)
            except APIError:
                pass
        self.server.finalize_pod(md["namespace"], md["name"], user=USER)
        self.sim.record(COMPONENT, "force-delete", f"pods/{md['namespace']}/{md['name']}", why or "never scheduled")


def _out_of_service(node: dict) -> bool:
    ready = next((c for c in dig(node, "status", "conditions", default=[]) or [] if c.get("type") == "Ready"), {})
    return ready.get("status") != "True" and any(
        t.get("key") == OUT_OF_SERVICE for t in dig(node, "spec", "taints", default=[]) or [])
