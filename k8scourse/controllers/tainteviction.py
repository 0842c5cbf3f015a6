"""The taint eviction controller: pods leave nodes with ``NoExecute`` taints they do not tolerate.

Models ``pkg/controller/tainteviction`` (the "taint manager", its own controller since 1.29,
event source ``taint-eviction-controller``). For every pod bound to a node with ``NoExecute``
taints:

* a taint the pod does not tolerate → the pod is deleted at once;
* every taint tolerated, some tolerations with ``tolerationSeconds`` → deletion is scheduled the
  smallest of those seconds after the controller first saw the situation (every pod gets
  ``not-ready``/``unreachable`` tolerations of 300 s from the ``DefaultTolerationSeconds``
  admission plugin, hence "pods leave a dead node after 5 minutes");
* tolerated forever → nothing.

A deletion adds the pod condition ``DisruptionTarget`` (``DeletionByTaintManager``, ``Taint
manager: deleting due to NoExecute taint``), records ``TaintManagerEviction`` ``Marking for
deletion Pod <ns>/<name>`` and deletes the pod gracefully — on an unreachable node it then stays
``Terminating`` until its kubelet is back (or the node is gone), while its ReplicaSet already
replaces it. When the taints go away first, the scheduled deletion is cancelled
(``Cancelling deletion of Pod <ns>/<name>``).

Deliberate difference: the timers live in the controller (lost when the controller manager stops,
re-armed from scratch when it starts — as upstream, whose timers are in memory too).

>>> toleration_matches({"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
...            "tolerationSeconds": 300}, {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"})
True
>>> toleration_matches({"key": "a", "value": "x"}, {"key": "a", "value": "y", "effect": "NoExecute"})
False
"""

from __future__ import annotations

from ..api.objects import copy_json, dig
from ..api.scheduling import toleration_matches
from ..apiserver.store import StoreError
from ..errors import APIError
from .runtime import Controller

COMPONENT = "taint-eviction-controller"
USER = "system:serviceaccount:kube-system:node-controller"


def eviction_delay_ms(pod: dict, taints: list[dict]) -> int | None:
    """ms until ``pod`` must go because of the ``NoExecute`` ``taints`` (None: never, 0: now)."""
    tolerations = dig(pod, "spec", "tolerations", default=[]) or []
    smallest = None
    for taint in taints:
        used = [t for t in tolerations if toleration_matches(t, taint)]
        if not used:
            return 0
        for t in used:
            if t.get("tolerationSeconds") is not None:
                seconds = max(0, int(t["tolerationSeconds"]))
                smallest = seconds if smallest is None else min(smallest, seconds)
    return None if smallest is None else smallest * 1000


class TaintEvictionController(Controller):
    resource, kind, component = "nodes", "Node", COMPONENT

    def __init__(self, server):
        super().__init__(server)
        self._scheduled: dict[str, tuple[int, object, str]] = {}     # "ns/name" -> (due ms, event, node)

    def watches(self) -> dict:
        return {"pods": self._on_pod}

    def stop(self) -> None:
        super().stop()
        for entry in self._scheduled.values():
            entry[1].cancel()
        self._scheduled.clear()

    def _on_pod(self, event) -> None:
        if not self.running:
            return
        node = dig(event.object, "spec", "nodeName")
        if node:
            self.queue.add(node)

    # ------------------------------------------------------------------ reconcile
    def reconcile(self, node_name: str) -> None:
        self._sync(node_name)

    def _sync(self, node_name: str) -> None:
        node = self.server.peek("nodes", node_name)
        taints = [t for t in dig(node or {}, "spec", "taints", default=[]) or [] if t.get("effect") == "NoExecute"]
        if not taints and not any(entry[2] == node_name for entry in self._scheduled.values()):
            return                              # the common case: nothing to evict, nothing to cancel
        pods = sorted((p for p in self.server.store.list("pods", None, copy=False)
                       if dig(p, "spec", "nodeName") == node_name),
                      key=lambda p: (p["metadata"].get("namespace", ""), p["metadata"]["name"]))
        now = self.sim.now_ms
        present = set()
        for pod in pods:
            key = f"{pod['metadata'].get('namespace', '')}/{pod['metadata']['name']}"
            present.add(key)
            if dig(pod, "metadata", "deletionTimestamp") or dig(pod, "status", "phase") in ("Succeeded", "Failed"):
                self._cancel(key, None)
                continue
            delay = eviction_delay_ms(pod, taints) if taints else None
            if delay is None:
                self._cancel(key, pod)
                continue
            if key in self._scheduled and self._scheduled[key][0] <= now + delay:
                continue
            self._cancel(key, None)
            if delay == 0:
                self._evict(key, pod["metadata"].get("uid", ""))
                continue
            uid = pod["metadata"].get("uid", "")
            event = self.sim.schedule(delay, lambda k=key, u=uid: self._fire(k, u), name=f"taint eviction {key}")
            self._scheduled[key] = (now + delay, event, node_name)
        for key in [k for k, entry in self._scheduled.items() if entry[2] == node_name and k not in present]:
            self._cancel(key, None)

    def _cancel(self, key: str, pod: dict | None) -> None:
        entry = self._scheduled.pop(key, None)
        if entry is None:
            return
        entry[1].cancel()
        if pod is not None:
            self.recorder.event(pod, "Normal", "TaintManagerEviction", f"Cancelling deletion of Pod {key}", COMPONENT)

    def _fire(self, key: str, uid: str) -> None:
        self._scheduled.pop(key, None)
        if not self.running:
            return
        try:
            self._evict(key, uid)
        except (APIError, StoreError):
            ns, name = key.split("/", 1)
            pod = self.server.peek("pods", name, ns)
            if pod is not None:                 # the node's pass retries it, rate-limited
                self.queue.add_rate_limited(dig(pod, "spec", "nodeName") or "")

    def _evict(self, key: str, uid: str) -> None:
        ns, name = key.split("/", 1)
        pod = self.server.peek("pods", name, ns)
        if pod is None or pod["metadata"].get("uid") != uid or dig(pod, "metadata", "deletionTimestamp"):
            return
        self.recorder.event(pod, "Normal", "TaintManagerEviction", f"Marking for deletion Pod {key}", COMPONENT)
        status = copy_json(pod.get("status") or {})
        conditions = [c for c in status.get("conditions") or [] if c.get("type") != "DisruptionTarget"]
        conditions.append({"type": "DisruptionTarget", "status": "True", "lastProbeTime": None,
                           "lastTransitionTime": self.sim.clock.rfc3339(), "reason": "DeletionByTaintManager",
                           "message": "Taint manager: deleting due to NoExecute taint"})
        status["conditions"] = conditions
        try:
            self.server.update_status({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": ns},
                                       "status": status}, user=USER)
        except APIError:
            pass
        self.server.delete("pods", name, ns, user=USER)
        self.sim.record(COMPONENT, "evict", f"pods/{key}", "NoExecute taint")
