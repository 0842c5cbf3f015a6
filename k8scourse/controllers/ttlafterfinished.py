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

from ..api.objects import dig
from ..errors import APIError
from .runtime import Controller, Result, split_key

COMPONENT = "ttl-after-finished-controller"
USER = "system:serviceaccount:kube-system:ttl-after-finished-controller"


def finished_at(job: dict, clock) -> int | None:
    """Simulated ms at which the Job finished, or None while it runs."""
    for cond in dig(job, "status", "conditions", default=[]) or []:
        if cond.get("type") in ("Complete", "Failed") and cond.get("status") == "True":
            stamp = dig(job, "status", "completionTime") or cond.get("lastTransitionTime")
            return clock.sim_ms(stamp) if stamp else clock.now_ms
    return None


class TTLAfterFinishedController(Controller):
    resource, kind, component = "jobs", "Job", COMPONENT

    def on_primary(self, event) -> None:
        """Only finished Jobs with a TTL concern this controller."""
        job = event.object
        if self.running and event.type != "DELETED" and dig(job, "spec", "ttlSecondsAfterFinished") is not None \
                and not dig(job, "metadata", "deletionTimestamp") \
                and finished_at(job, self.server.sim.clock) is not None:
            self.enqueue(job)

    def reconcile(self, key: str) -> Result | None:
        ns, name = split_key(key)
        job = self.server.peek("jobs", name, ns)
        if job is None or dig(job, "metadata", "deletionTimestamp"):
            return None
        ttl = dig(job, "spec", "ttlSecondsAfterFinished")
        done = finished_at(job, self.server.sim.clock)
        if ttl is None or done is None:
            return None
        due = done + int(ttl) * 1000
        if due > self.server.sim.now_ms:
            return Result(requeue_after_ms=due - self.server.sim.now_ms)
        try:
            self.server.delete("jobs", name, ns, propagation="Background", user=USER)
        except APIError as exc:
            if exc.reason != "NotFound":
                raise
        return None
