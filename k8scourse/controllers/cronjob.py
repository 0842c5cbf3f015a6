"""The CronJob controller of kube-controller-manager: Jobs on a schedule.

Models pkg/controller/cronjob (the v2 controller). Wall time is the simulated clock's (its epoch
plus simulated time), so a ``*/1 * * * *`` CronJob fires at the minute boundaries of that clock.
A reconcile pass (``syncCronJob``):

1. looks at the Jobs it controls: a finished Job leaves ``status.active`` (event
   ``SawCompletedJob`` "Saw completed job: hello-29541420, condition: Complete"), a succeeded one
   moves ``lastSuccessfulTime``; an active reference whose Job is gone is dropped (``MissingJob``);
2. unless suspended or being deleted, finds the most recent scheduled time since
   ``lastScheduleTime`` (or the creation) that has not run — with ``startingDeadlineSeconds``
   only times within that many seconds count, and a time found but older than the deadline is
   skipped (``MissSchedule``); more than 100 missed times warn ``TooManyMissedTimes``;
3. applies ``concurrencyPolicy``: **Allow** runs Jobs side by side, **Forbid** skips the time while
   one is active (``JobAlreadyActive``), **Replace** deletes the active ones first
   (``SuccessfulDelete`` "Deleted job …");
4. creates the Job ``<cronjob>-<scheduled time in minutes since the epoch>`` from
   ``jobTemplate`` (its labels and annotations, plus ``batch.kubernetes.io/cronjob-scheduled-timestamp``,
   a controller reference), event ``SuccessfulCreate`` "Created job …", records it in
   ``status.active`` and ``lastScheduleTime``;
5. deletes the oldest finished Jobs beyond ``successfulJobsHistoryLimit`` (3) and
   ``failedJobsHistoryLimit`` (1) and requeues itself for the next scheduled time (+100 ms, as
   upstream). Schedules (``TZ=`` prefixes, ``spec.timeZone``) are parsed by :mod:`.cron`.

Deliberate differences: an unknown ``spec.timeZone`` or unparseable schedule is reported as the
upstream events say but rechecked only when the CronJob changes; no periodic 10-second resync.

>>> from k8scourse.apiserver import APIServer
>>> from k8scourse.sim import Simulation
>>> api = APIServer(Simulation()); ctl = CronJobController(api).start()
>>> _ = api.create({"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "hello"}, "spec": {
...     "schedule": "*/1 * * * *", "jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "OnFailure",
...     "containers": [{"name": "hello", "image": "busybox"}]}}}}}})
>>> api.sim.run(seconds=125)
>>> [j["metadata"]["name"] for j in api.list("jobs", "default")["items"]]
['hello-29540701', 'hello-29540702']
"""

from __future__ import annotations


from ..api.objects import copy_json, dig
from ..errors import APIError
from ..sim.clock import format_rfc1123z, format_rfc3339, parse_rfc3339
from ..api import cron
from . import util
from .base import Controller


COMPONENT = "cronjob-controller"
USER = "system:serviceaccount:kube-system:cronjob-controller"
SCHEDULED_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp"
MAX_MISSED = 100


def _finished(job: dict) -> str | None:
    for cond in dig(job, "status", "conditions", default=[]) or []:
        if cond.get("type") in ("Complete", "Failed") and cond.get("status") == "True":
            return cond["type"]
    return None


def most_recent(schedule: cron.Schedule, earliest: int, now: int) -> tuple[int | None, int]:
    """(the latest activation in (earliest, now], how many there were — counted up to 101)."""
    t = schedule.next(earliest)
    latest, count = None, 0
    while t is not None and t <= now and count <= MAX_MISSED:
        latest, count = t, count + 1
        t = schedule.next(t)
    if t is None or t > now:
        return latest, count
    window = 60_000
    while True:                                      # too many: look back from now for the last one
        t = schedule.next(max(earliest, now - window))
        if t is not None and t <= now:
            while (after := schedule.next(t)) is not None and after <= now:
                t = after
            return t, count
        window *= 2


class CronJobController(Controller):
    resource, kind, component = "cronjobs", "CronJob", COMPONENT

    def watches(self) -> dict:
        return {"jobs": self._on_dependent}

    # ------------------------------------------------------------------ reconcile
    def _sync(self, cj: dict) -> None:
        md, spec = cj["metadata"], cj.get("spec") or {}
        ns = md.get("namespace", "")
        status = copy_json(cj.get("status") or {})
        jobs = [j for j in self.server.store.list(self.server.info("jobs").group_resource, ns, copy=False)
                if (util.controller_of(j) or {}).get("uid") == md.get("uid")]
        self._observe_jobs(cj, status, jobs)
        requeue = None
        if not util.being_deleted(cj) and not spec.get("suspend"):
            requeue = self._schedule(cj, status)
        self._cleanup(cj, jobs)
        if status != (cj.get("status") or {}):
            self.server.update_status({"apiVersion": "batch/v1", "kind": "CronJob",
                                       "metadata": {"name": md["name"], "namespace": ns}, "status": status},
                                      user=USER, resource="cronjobs")
        if requeue is not None:
            self._enqueue(cj, requeue)

    def _observe_jobs(self, cj: dict, status: dict, jobs: list[dict]) -> None:
        active = status.get("active") or []
        uids = {ref.get("uid") for ref in active}
        for job in jobs:
            jmd = job["metadata"]
            done = _finished(job)
            if jmd["uid"] not in uids and done is None and not util.being_deleted(job):
                active.append(self._reference(job))
            elif jmd["uid"] in uids and done is not None:
                active = [r for r in active if r.get("uid") != jmd["uid"]]
                self.recorder.event(cj, "Normal", "SawCompletedJob",
                                    f"Saw completed job: {jmd['name']}, condition: {done}", COMPONENT)
            completed = dig(job, "status", "completionTime")
            last = status.get("lastSuccessfulTime")
            if done == "Complete" and completed and (not last or parse_rfc3339(completed) > parse_rfc3339(last)):
                status["lastSuccessfulTime"] = completed
        present = {j["metadata"]["uid"] for j in jobs}
        for ref in list(active):
            if ref.get("uid") not in present:
                active.remove(ref)
                self.recorder.event(cj, "Normal", "MissingJob", f"Active job went missing: {ref.get('name', '')}",
                                    COMPONENT)
        if active:
            status["active"] = active
        else:
            status.pop("active", None)

    @staticmethod
    def _reference(job: dict) -> dict:
        jmd = job["metadata"]
        return {"apiVersion": "batch/v1", "kind": "Job", "name": jmd["name"], "namespace": jmd.get("namespace", ""),
                "resourceVersion": jmd.get("resourceVersion", ""), "uid": jmd["uid"]}

    def _schedule(self, cj: dict, status: dict) -> int | None:
        """Start the Job due now, if any; the delay until the next scheduled time (ms)."""
        md, spec = cj["metadata"], cj["spec"]
        try:
            schedule = cron.parse(spec.get("schedule", ""), spec.get("timeZone"))
        except cron.CronError as exc:
            if spec.get("timeZone") and "time zone" in str(exc):
                self.recorder.event(cj, "Warning", "UnknownTimeZone",
                                    f"invalid timeZone: {spec['timeZone']!r}: {exc}".replace("'", '"'), COMPONENT)
            else:
                self.recorder.event(cj, "Warning", "UnparseableSchedule",
                                    f'unparseable schedule: "{spec.get("schedule", "")}" : {exc}', COMPONENT)
            return None
        now = self.server.sim.clock.unix_ms()
        earliest = parse_rfc3339(status.get("lastScheduleTime") or md["creationTimestamp"])
        deadline = spec.get("startingDeadlineSeconds")
        if deadline is not None:
            earliest = max(earliest, now - int(deadline) * 1000)
        scheduled, missed = most_recent(schedule, earliest, now)
        if missed > MAX_MISSED:
            self.recorder.event(cj, "Warning", "TooManyMissedTimes",
                                f"too many missed start times: {missed}. Set or decrease "
                                f".spec.startingDeadlineSeconds or check clock skew", COMPONENT)

        def until_next() -> int | None:
            following = schedule.next(now)
            return None if following is None else following - now + 100
        if scheduled is None:
            return until_next()
        if deadline is not None and scheduled + int(deadline) * 1000 < now:
            self.recorder.event(cj, "Warning", "MissSchedule",
                                f"Missed scheduled time to start a job: {format_rfc1123z(scheduled)}", COMPONENT)
            return until_next()
        name = f"{md['name']}-{scheduled // 60_000}"
        active = status.get("active") or []
        if any(ref.get("name") == name for ref in active):
            return until_next()
        policy = spec.get("concurrencyPolicy", "Allow")
        if policy == "Forbid" and active:
            self.recorder.event(cj, "Normal", "JobAlreadyActive", "Not starting job because prior execution is "
                                "running and concurrency policy is Forbid", COMPONENT)
            return until_next()
        if policy == "Replace":
            for ref in list(active):
                self._delete_job(cj, ref.get("name", ""))
                active.remove(ref)
        job = self._job_from_template(cj, name, scheduled)
        try:
            created = self.server.create(job, user=USER, trusted=True)
        except APIError as exc:
            if exc.reason != "AlreadyExists":
                self.recorder.event(cj, "Warning", "FailedCreate", f"Error creating job: {exc.message}", COMPONENT)
                raise
            existing = self.server.peek("jobs", name, md.get("namespace", ""))
            if existing is None or (util.controller_of(existing) or {}).get("uid") != md.get("uid"):
                return until_next()
            created = existing
        else:
            self.recorder.event(cj, "Normal", "SuccessfulCreate", f"Created job {name}", COMPONENT)
        if _finished(created) is None:
            active.append(self._reference(created))
        status["active"] = active
        status["lastScheduleTime"] = format_rfc3339(scheduled)
        return until_next()

    def _job_from_template(self, cj: dict, name: str, scheduled: int) -> dict:
        md = cj["metadata"]
        template = dig(cj, "spec", "jobTemplate", default={})
        tmd = template.get("metadata") or {}
        annotations = copy_json(tmd.get("annotations") or {})
        annotations[SCHEDULED_ANNOTATION] = _in_zone(scheduled, dig(cj, "spec", "timeZone"))
        job_md = {"name": name, "namespace": md.get("namespace", ""), "annotations": annotations,
                  "ownerReferences": [util.controller_ref(cj)]}
        if tmd.get("labels"):
            job_md["labels"] = copy_json(tmd["labels"])
        return {"apiVersion": "batch/v1", "kind": "Job", "metadata": job_md,
                "spec": copy_json(template.get("spec") or {})}

    def _delete_job(self, cj: dict, name: str) -> None:
        try:
            self.server.delete("jobs", name, cj["metadata"].get("namespace", ""), propagation="Background", user=USER)
        except APIError as exc:
            if exc.reason != "NotFound":
                self.recorder.event(cj, "Warning", "FailedDelete", f"Deleted job: {exc.message}", COMPONENT)
            return
        self.recorder.event(cj, "Normal", "SuccessfulDelete", f"Deleted job {name}", COMPONENT)

    def _cleanup(self, cj: dict, jobs: list[dict]) -> None:
        """Delete the oldest finished Jobs beyond the history limits."""
        spec = cj.get("spec") or {}
        for outcome, field in (("Complete", "successfulJobsHistoryLimit"), ("Failed", "failedJobsHistoryLimit")):
            limit = spec.get(field)
            if limit is None:
                continue
            done = [j for j in jobs if _finished(j) == outcome and not util.being_deleted(j)]
            done.sort(key=lambda j: (dig(j, "status", "startTime") or j["metadata"].get("creationTimestamp", ""),
                                     j["metadata"]["name"]))
            for job in done[:max(0, len(done) - int(limit))]:
                self._delete_job(cj, job["metadata"]["name"])


def _in_zone(unix_ms: int, zone: str | None) -> str:
    """RFC 3339 of the scheduled time in the CronJob's zone (``2026-03-02T10:00:00+01:00``)."""
    if not zone or zone in ("UTC", "Etc/UTC"):
        return format_rfc3339(unix_ms)
    import datetime as _dt
    try:
        from zoneinfo import ZoneInfo
        local = _dt.datetime.fromtimestamp(unix_ms // 1000, tz=ZoneInfo(zone))
    except (KeyError, ValueError, OSError, OverflowError):  # unknown zone, time out of range: UTC
        return format_rfc3339(unix_ms)
    text = local.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text
