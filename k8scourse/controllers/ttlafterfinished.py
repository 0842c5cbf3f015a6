"""The TTL-after-finished controller of kube-controller-manager: finished Jobs clean themselves up.

Models pkg/controller/ttlafterfinished. A Job with ``spec.ttlSecondsAfterFinished`` that has
finished (condition ``Complete`` or ``Failed``) is deleted — with background propagation, so the
garbage collector takes its pods — ``ttlSecondsAfterFinished`` seconds after it finished
(``completionTime``, else the finishing condition's ``lastTransitionTime``); until then the key
is requeued for that moment on the simulated clock.

Deliberate difference: the Job is not re-read "fresh" from the API server before the delete (the
store is never stale here); the delete carries no uid/resourceVersion precondition.

>>> from k8scourse.apiserver import APIServer
>>> from k8scourse.sim import Simulation
>>> api = APIServer(Simulation()); ctl = TTLAfterFinishedController(api).start()
>>> job = api.create({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "once"}, "spec": {
...     "ttlSecondsAfterFinished": 30, "template": {"spec": {"restartPolicy": "Never",
...     "containers": [{"name": "c", "image": "busybox"}]}}}})
>>> job["status"] = {"completionTime": api.sim.clock.rfc3339(), "conditions": [
...     {"type": "Complete", "status": "True"}]}
>>> _ = api.update_status(job)
>>> api.sim.run(seconds=29); api.peek("jobs", "once", "default") is None
False
>>> api.sim.run(seconds=2); api.peek("jobs", "once", "default") is None
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..api.objects import dig
from ..apiserver.store import StoreError
from ..errors import APIError
from .workqueue import WorkQueue

if TYPE_CHECKING:  # pragma: no cover
    from ..apiserver import APIServer

COMPONENT = "ttl-after-finished-controller"
USER = "system:serviceaccount:kube-system:ttl-after-finished-controller"
RETRY_MS = 1000


def finished_at(job: dict, clock) -> int | None:
    """Simulated ms at which the Job finished, or None while it runs."""
    for cond in dig(job, "status", "conditions", default=[]) or []:
        if cond.get("type") in ("Complete", "Failed") and cond.get("status") == "True":
            stamp = dig(job, "status", "completionTime") or cond.get("lastTransitionTime")
            return clock.sim_ms(stamp) if stamp else clock.now_ms
    return None


class TTLAfterFinishedController:
    def __init__(self, server: "APIServer"):
        self.server = server
        self.queue = WorkQueue(server.sim, self.reconcile, COMPONENT)
        self._watches: list = []
        self.running = False

    def start(self) -> "TTLAfterFinishedController":
        if self.running:
            return self
        self.running = True
        self._watches = [self.server.watch("jobs", self._on_job)]
        for job in self.server.store.list(self.server.info("jobs").group_resource, None, copy=False):
            self._on_job_object(job)
        return self

    def stop(self) -> None:
        self.running = False
        for watch in self._watches:
            watch.stop()
        self._watches.clear()

    def _on_job(self, event) -> None:
        if self.running and event.type != "DELETED":
            self._on_job_object(event.object)

    def _on_job_object(self, job: dict) -> None:
        if dig(job, "spec", "ttlSecondsAfterFinished") is not None and not dig(job, "metadata", "deletionTimestamp") \
                and finished_at(job, self.server.sim.clock) is not None:
            self.queue.add(f"{job['metadata'].get('namespace', '')}/{job['metadata']['name']}")

    def reconcile(self, key: str) -> None:
        if not self.running:
            return
        ns, _, name = key.partition("/")
        job = self.server.peek("jobs", name, ns)
        if job is None or dig(job, "metadata", "deletionTimestamp"):
            return
        ttl = dig(job, "spec", "ttlSecondsAfterFinished")
        done = finished_at(job, self.server.sim.clock)
        if ttl is None or done is None:
            return
        due = done + int(ttl) * 1000
        if due > self.server.sim.now_ms:
            self.queue.add(key, due - self.server.sim.now_ms)
            return
        try:
            self.server.delete("jobs", name, ns, propagation="Background", user=USER)
        except (APIError, StoreError) as exc:
            if not (isinstance(exc, APIError) and exc.reason == "NotFound"):
                self.queue.add(key, RETRY_MS)
