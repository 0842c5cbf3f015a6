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
being charged; writes are immediate (no rate limiting).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..api.objects import dig
from ..apiserver import quota as q
from ..apiserver.store import StoreError, WatchEvent
from ..errors import APIError
from .workqueue import WorkQueue

if TYPE_CHECKING:  # pragma: no cover
    from ..apiserver import APIServer

USER = "system:serviceaccount:kube-system:resourcequota-controller"
COMPONENT = "resourcequota-controller"
# Retry delay after the API server or etcd refused a status write.
RETRY_MS = 1000


class ResourceQuotaController:
    def __init__(self, server: "APIServer"):
        self.server = server
        self.queue = WorkQueue(server.sim, self.reconcile, COMPONENT)
        self._watches: list = []
        self.running = False

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> "ResourceQuotaController":
        if self.running:
            return self
        self.running = True
        for info in self.server.registry:
            if info.namespaced and info.kind not in ("Event", "Binding"):
                self._watches.append(self.server.watch(info, self._on_event))
        for quota in self.server.store.list("resourcequotas", None, copy=False):
            self.queue.add(quota["metadata"]["namespace"])
        return self

    def stop(self) -> None:
        self.running = False
        for watch in self._watches:
            watch.stop()
        self._watches.clear()

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
    def reconcile(self, namespace: str) -> None:
        if not self.running:
            return
        try:
            q.sync_namespace(self.server, namespace, USER)
        except (APIError, StoreError):
            self.queue.add(namespace, RETRY_MS)
            return
        # A pod stuck terminating stops being charged once its grace period has passed twice
        # over (QuotaV1Pod): look again at that moment.
        sim = self.server.sim
        if self.server.store.count("resourcequotas", namespace):
            ends = [q.charge_ends_ms(pod, sim.clock)
                    for pod in self.server.store.list("pods", namespace, copy=False)]
            future = [t for t in ends if t is not None and t > sim.now_ms]
            if future:
                self.queue.add(namespace, min(future) - sim.now_ms)
