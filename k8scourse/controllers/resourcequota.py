"""The resource quota controller of kube-controller-manager.

Models pkg/controller/resourcequota: keeps every ResourceQuota's ``status`` true — ``hard`` mirrors
``spec.hard`` and ``used`` is what the objects in the namespace use. Admission charges creations as
they happen; this controller catches everything else: deletions ("replenishment"), pods reaching
``Succeeded``/``Failed`` or outliving their deletion grace period, services changing type, claims
growing, and quotas being created or edited.

Level-triggered: watch events only map an object to its namespace key; a de-duplicating work queue
runs ``reconcile(namespace)`` later in the same simulated instant, which recomputes the usage of every
quota in that namespace from the store (:func:`k8scourse.apiserver.quota.quota_usage`) and writes the
status only when it changed.

Deliberate differences: no periodic full resync (upstream: every 5 minutes) — the one time-dependent
case, a pod stuck terminating past its grace period, is requeued for exactly the moment it stops
being charged. A status write the API server refused is retried with the work queue's back-off.
"""

from __future__ import annotations

from ..api.objects import dig
from ..apiserver import quota as q
from ..apiserver.store import WatchEvent
from .runtime import Controller, Result

USER = "system:serviceaccount:kube-system:resourcequota-controller"
COMPONENT = "resourcequota-controller"


class ResourceQuotaController(Controller):
    resource, kind, component = "resourcequotas", "ResourceQuota", COMPONENT

    def handlers(self) -> list:
        """Every namespaced resource (a quota may count any of them), quotas first."""
        out = [("resourcequotas", self._on_event)]
        for info in self.server.registry:
            if info.namespaced and info.kind not in ("Event", "Binding", "ResourceQuota"):
                out.append((info, self._on_event))
        return out

    # ------------------------------------------------------------------ event handlers
    def _on_event(self, event: WatchEvent) -> None:
        """Map an event to its namespace key (only namespaces that have quotas)."""
        namespace = dig(event.object, "metadata", "namespace", default="")
        if not namespace or not self.running:
            return
        if event.resource != "resourcequotas" and self.server.store.count("resourcequotas", namespace) == 0:
            return
        self.queue.add(namespace)

    # ------------------------------------------------------------------ reconcile
    def reconcile(self, namespace: str) -> Result | None:
        q.sync_namespace(self.server, namespace, USER)
        # A pod stuck terminating stops being charged once its grace period has passed twice
        # over (QuotaV1Pod): look again at that moment.
        sim = self.server.sim
        if self.server.store.count("resourcequotas", namespace):
            ends = [q.charge_ends_ms(pod, sim.clock)
                    for pod in self.server.store.list("pods", namespace, copy=False)]
            future = [t for t in ends if t is not None and t > sim.now_ms]
            if future:
                return Result(requeue_after_ms=min(future) - sim.now_ms)
        return None
