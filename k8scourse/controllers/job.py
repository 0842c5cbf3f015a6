"""The Job controller of kube-controller-manager: run pods to completion.

Models pkg/controller/job as of Kubernetes 1.32. A Job's pods carry the labels the Job strategy of
the API server generated (``batch.kubernetes.io/controller-uid``, ``batch.kubernetes.io/job-name``,
``controller-uid``, ``job-name``) and the ``batch.kubernetes.io/job-tracking`` finalizer. A
reconcile pass (``syncJob``):

1. claims the pods its selector matches and **counts finished pods exactly once**, as upstream:
   a terminal pod still carrying the finalizer goes into ``status.uncountedTerminatedPods`` (and,
   for Indexed Jobs, its index into ``completedIndexes``), the finalizer is removed, then it moves
   into ``succeeded``/``failed``. A pod deleted before it finished counts as failed (unless the Job
   itself is being suspended or is finishing);
2. sets ``startTime`` when the Job first runs unsuspended; decides failure: ``backoffLimit``
   exceeded (``restartPolicy: Never``: more failed pods than the limit; ``OnFailure``: the
   container restarts of its running pods reach the limit — the kubelet restarts in place) →
   ``BackoffLimitExceeded`` "Job has reached the specified backoff limit";
   ``activeDeadlineSeconds`` passed since ``startTime`` → ``DeadlineExceeded`` "Job was active
   longer than specified deadline" (a requeue is set for the deadline); or success: ``succeeded``
   reaches ``completions`` (without completions: one pod succeeded and none is running) →
   ``CompletionsReached`` "Reached expected number of succeeded pods";
3. like 1.32, first adds the interim condition (``FailureTarget`` or ``SuccessCriteriaMet``) and
   deletes the remaining pods, then — once none is left running or terminating — the terminal one
   (``Failed`` or ``Complete``, with ``completionTime`` for success) and the event
   (``Completed`` "Job completed", or the failure reason as a Warning);
4. otherwise keeps ``min(parallelism, completions - succeeded)`` pods active: creates the missing
   ones (``generateName: <job>-``; Indexed Jobs: the lowest missing indexes, ``<job>-<i>-``, the
   ``batch.kubernetes.io/job-completion-index`` annotation and label, hostname ``<job>-<i>`` and
   ``JOB_COMPLETION_INDEX``) after the re-creation back-off of 10 s, 20 s, 40 s … (≤ 6 min) counted
   from the last failure since the last success; deletes surplus ones; a suspended Job deletes
   its active pods (condition ``Suspended`` JobSuspended / JobResumed, events ``Suspended`` and
   ``Resumed``; resuming resets ``startTime``);
5. writes ``status``: ``active``, ``ready``, ``terminating``, ``succeeded``, ``failed``,
   ``uncountedTerminatedPods``, ``completedIndexes``, times and conditions.

Deliberate differences: no expectations cache; the API server here does not hold a pod back for
its finalizers, so a pod deleted by someone else is counted while it terminates rather than once
gone; ``podFailurePolicy``, ``successPolicy`` and ``backoffLimitPerIndex`` are not evaluated; the
re-creation back-off is derived from the pods that still exist.

>>> from k8scourse.apiserver import APIServer
>>> from k8scourse.sim import Simulation
>>> api = APIServer(Simulation()); ctl = JobController(api).start()
>>> job = api.create({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi"}, "spec": {
...     "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "pi", "image": "perl"}]}}}})
>>> api.sim.run(seconds=1)
>>> [p["metadata"]["labels"]["job-name"] for p in api.list("pods", "default")["items"]]
['pi']
"""

from __future__ import annotations


from .. import defaults
from ..api.labels import selector_from_label_selector
from ..api.objects import copy_json, dig
from ..errors import APIError
from . import job_util as ju
from . import util
from .runtime import Controller, Result, split_key
from .workqueue import ItemExponentialFailureRateLimiter


COMPONENT = "job-controller"
USER = "system:serviceaccount:kube-system:job-controller"
SUCCESS = ("CompletionsReached", "Reached expected number of succeeded pods")
BACKOFF = ("BackoffLimitExceeded", "Job has reached the specified backoff limit")
DEADLINE = ("DeadlineExceeded", "Job was active longer than specified deadline")


class JobController(Controller):
    resource, kind, component = "jobs", "Job", COMPONENT
    owns = ("pods",)

    def __init__(self, server):
        super().__init__(server)
        self._refused = 0                # pod creates and deletes the API server refused this pass

    def rate_limiter(self):
        return ItemExponentialFailureRateLimiter(defaults.JOB_API_RETRY_BASE_MS, defaults.JOB_API_RETRY_MAX_MS)

    # ------------------------------------------------------------------ reconcile
    def reconcile(self, key: str) -> Result | None:
        ns, name = split_key(key)
        stored = self.server.peek("jobs", name, ns)
        self._refused = 0
        if stored is None or ju.finished(stored):
            self._release_orphans(ns, name, stored)
        else:
            self._sync(copy_json(stored))
        return Result(requeue=True) if self._refused else None     # upstream returns manageJob's error

    def _release_orphans(self, ns: str, name: str, job: dict | None) -> None:
        """Pods of a Job that is gone or finished lose the tracking finalizer."""
        uid = dig(job, "metadata", "uid") if job is not None else None
        for pod in self.server.store.list("pods", ns, copy=False):
            ref = util.controller_of(pod) or {}
            if ref.get("kind") == "Job" and ref.get("name") == name and (uid is None or ref.get("uid") == uid) \
                    and ju.TRACKING_FINALIZER in dig(pod, "metadata", "finalizers", default=[]):
                self._drop_finalizer(pod)

    def _drop_finalizer(self, pod: dict) -> bool:
        md = pod["metadata"]
        rest = [f for f in md.get("finalizers") or [] if f != ju.TRACKING_FINALIZER]
        try:
            self.server.patch("pods", md["name"], md["namespace"],
                              {"metadata": {"finalizers": rest or None, "resourceVersion": md.get("resourceVersion")}},
                              "merge", user=USER)
        except APIError as exc:
            if exc.reason == "NotFound":
                return True
            self._refused += 1
            return False
        return True

    def _sync(self, job: dict) -> None:
        md, spec = job["metadata"], job.get("spec") or {}
        ns, now = md.get("namespace", ""), self.server.sim.clock.rfc3339()
        status = copy_json(job.get("status") or {})
        selector = selector_from_label_selector(spec.get("selector"))
        pods = util.claim(self.server, job, "pods", self.server.store.list("pods", ns, copy=False),
                          lambda p: selector.matches(dig(p, "metadata", "labels", default={})), USER)
        suspended = bool(spec.get("suspend"))
        finishing = ju.condition_true(job, "FailureTarget") or ju.condition_true(job, "SuccessCriteriaMet")
        self._count(job, status, pods, quiet=suspended or finishing)
        pods = self._owned(job, selector)
        active = [p for p in pods if util.pod_active(p)]
        terminating = [p for p in pods if util.being_deleted(p) and dig(p, "status", "phase") not in
                       ("Succeeded", "Failed")]
        indexed = spec.get("completionMode") == "Indexed"
        done_indexes = ju.parse_indexes(status.get("completedIndexes"))
        succeeded = len(done_indexes) if indexed else int(status.get("succeeded") or 0) + \
            len(dig(status, "uncountedTerminatedPods", "succeeded", default=[]) or [])
        failed = int(status.get("failed") or 0) + \
            len(dig(status, "uncountedTerminatedPods", "failed", default=[]) or [])
        requeue = None
        if suspended:
            if ju.set_condition(status, "Suspended", "True", "JobSuspended", "Job suspended", now):
                self.recorder.event(job, "Normal", "Suspended", "Job suspended", COMPONENT)
            self._delete(job, active)
            active = []
        else:
            if ju.condition_true(job, "Suspended"):
                ju.set_condition(status, "Suspended", "False", "JobResumed", "Job resumed", now)
                status["startTime"] = now
                self.recorder.event(job, "Normal", "Resumed", "Job resumed", COMPONENT)
            status.setdefault("startTime", now)
        completions = spec.get("completions")
        target = None
        if ju.condition_true(job, "FailureTarget"):
            target = "Failed"
        elif ju.condition_true(job, "SuccessCriteriaMet"):
            target = "Complete"
        elif not suspended:
            restart = dig(spec, "template", "spec", "restartPolicy", default="Never")
            limit = int(spec.get("backoffLimit", 6))
            restarts = ju.restarts_of_active(active) if restart == "OnFailure" else 0
            deadline = spec.get("activeDeadlineSeconds")
            due = None
            if deadline is not None and status.get("startTime"):
                due = self.server.sim.clock.sim_ms(status["startTime"]) + int(deadline) * 1000
            if (completions is not None and succeeded >= int(completions)) or \
                    (completions is None and succeeded > 0 and not active):
                target = "Complete"
                ju.set_condition(status, "SuccessCriteriaMet", "True", *SUCCESS, now)
            elif failed > limit or (restart == "OnFailure" and (restarts > 0 if limit == 0 else restarts >= limit)):
                target = "Failed"
                ju.set_condition(status, "FailureTarget", "True", *BACKOFF, now)
            elif due is not None and due <= self.server.sim.now_ms:
                target = "Failed"
                ju.set_condition(status, "FailureTarget", "True", *DEADLINE, now)
            elif due is not None:
                requeue = due - self.server.sim.now_ms
        if target is not None:
            self._delete(job, active)
            active = []
            if not terminating and not [p for p in pods if ju.TRACKING_FINALIZER in
                                        dig(p, "metadata", "finalizers", default=[])]:
                self._finish(job, status, target, now)
        elif not suspended:
            requeue = self._manage(job, status, pods, active, succeeded, done_indexes, requeue)
            active = [p for p in self._owned(job, selector) if util.pod_active(p)]
        status["active"] = len(active)
        if not active:
            status.pop("active")
        status["ready"] = sum(1 for p in active if util.pod_ready(p))
        status["terminating"] = len([p for p in self._owned(job, selector) if util.being_deleted(p)
                                     and dig(p, "status", "phase") not in ("Succeeded", "Failed")])
        self._write(job, status)
        if requeue is not None:
            self.enqueue(job, max(0, requeue))

    def _owned(self, job: dict, selector) -> list[dict]:
        uid = job["metadata"]["uid"]
        return [p for p in self.server.store.list("pods", job["metadata"].get("namespace", ""), copy=False)
                if (util.controller_of(p) or {}).get("uid") == uid
                and selector.matches(dig(p, "metadata", "labels", default={}))]

    # ------------------------------------------------------------------ counting finished pods
    def _count(self, job: dict, status: dict, pods: list[dict], quiet: bool) -> None:
        uncounted = status.setdefault("uncountedTerminatedPods", {})
        by_uid = {p["metadata"]["uid"]: p for p in pods}
        indexed = dig(job, "spec", "completionMode") == "Indexed"
        done = ju.parse_indexes(status.get("completedIndexes"))
        added = False
        for pod in pods:
            md = pod["metadata"]
            if ju.TRACKING_FINALIZER not in (md.get("finalizers") or []):
                continue
            if md["uid"] in (uncounted.get("succeeded") or []) + (uncounted.get("failed") or []):
                continue
            phase = dig(pod, "status", "phase")
            if phase == "Succeeded":
                index = ju.pod_index(pod)
                if indexed and index is not None:
                    done.add(index)
                uncounted.setdefault("succeeded", []).append(md["uid"])
            elif phase == "Failed" or (util.being_deleted(pod) and not quiet):
                uncounted.setdefault("failed", []).append(md["uid"])
            elif util.being_deleted(pod):
                self._drop_finalizer(pod)                 # removed by us: not a failure
                continue
            else:
                continue
            added = True
        if indexed:
            if done:
                status["completedIndexes"] = ju.format_indexes(done)
            status["succeeded"] = len(done)
        if added:
            job.update(self._write(job, status))
            status.clear()
            status.update(copy_json(job.get("status") or {}))
            uncounted = status["uncountedTerminatedPods"]
        for outcome in ("succeeded", "failed"):
            kept = []
            for uid in uncounted.get(outcome) or []:
                pod = by_uid.get(uid)
                if pod is None or self._drop_finalizer(pod):
                    if not (indexed and outcome == "succeeded"):
                        status[outcome] = int(status.get(outcome) or 0) + 1
                else:
                    kept.append(uid)
            if kept:
                uncounted[outcome] = kept
            else:
                uncounted.pop(outcome, None)
        for outcome in ("succeeded", "failed"):
            if not status.get(outcome):
                status.pop(outcome, None)

    # ------------------------------------------------------------------ pods
    def _manage(self, job: dict, status: dict, pods: list[dict], active: list[dict], succeeded: int,
                done_indexes: set[int], requeue: int | None) -> int | None:
        spec = job["spec"]
        parallelism = int(spec.get("parallelism", 1))
        completions = spec.get("completions")
        if completions is None:
            want = len(active) if succeeded > 0 else parallelism
        else:
            want = max(0, min(parallelism, int(completions) - succeeded))
        if len(active) > want:
            surplus = sorted(active, key=lambda p: (util.pod_ready(p), bool(dig(p, "spec", "nodeName")),
                                                    p["metadata"].get("creationTimestamp", "")))
            self._delete(job, surplus[:len(active) - want])
            return requeue
        missing = want - len(active)
        if dig(spec, "podReplacementPolicy") == "Failed":
            missing -= len([p for p in pods if util.being_deleted(p)
                            and dig(p, "status", "phase") not in ("Succeeded", "Failed")])
        if missing <= 0:
            return requeue
        failures, last = ju.failures_since_success(pods, self.server.sim.clock)
        if last is not None:
            wait = last + ju.backoff_ms(failures) - self.server.sim.now_ms
            if wait > 0:
                return wait if requeue is None else min(requeue, wait)
        indexes: list[int | None] = [None] * missing
        if spec.get("completionMode") == "Indexed":
            busy = {ju.pod_index(p) for p in active}
            free = [i for i in range(int(completions)) if i not in done_indexes and i not in busy]
            indexes = free[:missing]
        for index in indexes:
            try:
                pod = self.server.create(ju.pod_for(job, index), user=USER, trusted=True)
            except APIError as exc:
                self._refused += 1
                self.recorder.event(job, "Warning", "FailedCreate", f"Error creating: {exc.message}", COMPONENT)
                return requeue
            self.recorder.event(job, "Normal", "SuccessfulCreate", f"Created pod: {pod['metadata']['name']}",
                                COMPONENT)
        return requeue

    def _delete(self, job: dict, pods: list[dict]) -> None:
        for pod in pods:
            pmd = pod["metadata"]
            try:
                self.server.delete("pods", pmd["name"], pmd["namespace"], user=USER)
            except APIError as exc:
                if exc.reason != "NotFound":
                    self._refused += 1
                    self.recorder.event(job, "Warning", "FailedDelete", f"Error deleting: {exc.message}", COMPONENT)
                continue
            self.recorder.event(job, "Normal", "SuccessfulDelete", f"Deleted pod: {pmd['name']}", COMPONENT)

    # ------------------------------------------------------------------ status
    def _finish(self, job: dict, status: dict, target: str, now: str) -> None:
        if target == "Complete":
            ju.set_condition(status, "Complete", "True", *SUCCESS, now)
            status["completionTime"] = now
            self.recorder.event(job, "Normal", "Completed", "Job completed", COMPONENT)
            return
        interim = next(c for c in status.get("conditions") or [] if c.get("type") == "FailureTarget")
        ju.set_condition(status, "Failed", "True", interim["reason"], interim["message"], now)
        self.recorder.event(job, "Warning", interim["reason"], interim["message"], COMPONENT)

    def _write(self, job: dict, status: dict) -> dict:
        if status == (job.get("status") or {}):
            return job
        body = {"apiVersion": "batch/v1", "kind": "Job",
                "metadata": {"name": job["metadata"]["name"], "namespace": job["metadata"]["namespace"]},
                "status": status}
        return self.server.update_status(body, user=USER, resource="jobs")
