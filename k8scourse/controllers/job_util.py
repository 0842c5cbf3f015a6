"""The arithmetic of Jobs: completion indexes, pod re-creation back-off, conditions, pod templates.

Models the helpers of pkg/controller/job (``indexed_job_utils.go``, ``backoff_utils.go``, the
condition helpers of ``job_controller.go``) as pure functions:

>>> format_indexes({0, 1, 2, 4, 7, 8}), sorted(parse_indexes("0-2,4,7-8"))
('0-2,4,7-8', [0, 1, 2, 4, 7, 8])
>>> [backoff_ms(n) for n in range(6)], backoff_ms(20)
([0, 10000, 20000, 40000, 80000, 160000], 360000)
"""

from __future__ import annotations

from ..api.objects import copy_json, dig
from . import util

TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking"
INDEX = "batch.kubernetes.io/job-completion-index"
BACKOFF_MS, MAX_BACKOFF_MS = 10_000, 360_000


def format_indexes(indexes) -> str:
    """``0-2,4``: sorted, consecutive runs joined by a dash (``status.completedIndexes``)."""
    out, run = [], []
    for i in sorted(indexes):
        if run and i == run[-1] + 1:
            run.append(i)
            continue
        if run:
            out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [i]
    if run:
        out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
    return ",".join(out)


def parse_indexes(text: str | None) -> set[int]:
    found: set[int] = set()
    for part in filter(None, (text or "").split(",")):
        first, _, last = part.partition("-")
        found.update(range(int(first), int(last or first) + 1))
    return found


def pod_index(pod: dict) -> int | None:
    value = dig(pod, "metadata", "annotations", INDEX) or dig(pod, "metadata", "labels", INDEX)
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def backoff_ms(failures: int) -> int:
    """Delay before the next pod after ``failures`` failures in a row: 10 s doubling, ≤ 6 min."""
    if failures <= 0:
        return 0
    return min(BACKOFF_MS * 2 ** min(failures - 1, 30), MAX_BACKOFF_MS)


def finish_ms(pod: dict, clock) -> int | None:
    """When a terminal pod finished: the latest ``finishedAt`` of its containers."""
    times = [dig(s, "state", "terminated", "finishedAt") for s in dig(pod, "status", "containerStatuses",
                                                                      default=[]) or []]
    times = [clock.sim_ms(t) for t in times if t]
    if times:
        return max(times)
    ready = util.pod_condition(pod, "Ready")
    return clock.sim_ms(ready["lastTransitionTime"]) if ready and ready.get("lastTransitionTime") else None


def failures_since_success(pods: list[dict], clock) -> tuple[int, int | None]:
    """(failed pods that finished after the last successful one, when the last of them failed)."""
    last_success = max([t for p in pods if dig(p, "status", "phase") == "Succeeded"
                        and (t := finish_ms(p, clock)) is not None] or [-(2 ** 62)])
    failed = [t for p in pods if dig(p, "status", "phase") == "Failed"
              and (t := finish_ms(p, clock)) is not None and t > last_success]
    return len(failed), (max(failed) if failed else None)


def restarts_of_active(pods: list[dict]) -> int:
    """Container restarts of the running and pending pods (``pastBackoffLimitOnFailure``)."""
    total = 0
    for pod in pods:
        if dig(pod, "status", "phase") in ("Running", "Pending"):
            for field in ("initContainerStatuses", "containerStatuses"):
                total += sum(int(s.get("restartCount") or 0) for s in dig(pod, "status", field, default=[]) or [])
    return total


def condition_true(job: dict, ctype: str) -> bool:
    return any(c.get("type") == ctype and c.get("status") == "True"
               for c in dig(job, "status", "conditions", default=[]) or [])


def finished(job: dict) -> bool:
    return condition_true(job, "Complete") or condition_true(job, "Failed")


def set_condition(status: dict, ctype: str, cstatus: str, reason: str, message: str, now: str) -> bool:
    """Add or flip a Job condition (``lastProbeTime`` and ``lastTransitionTime`` now); True if changed."""
    conditions = status.setdefault("conditions", [])
    for cond in conditions:
        if cond.get("type") == ctype:
            if (cond.get("status"), cond.get("reason"), cond.get("message")) == (cstatus, reason, message):
                return False
            cond.update(status=cstatus, reason=reason, message=message, lastProbeTime=now, lastTransitionTime=now)
            return True
    conditions.append({"type": ctype, "status": cstatus, "lastProbeTime": now, "lastTransitionTime": now,
                       "reason": reason, "message": message})
    return True


def pod_for(job: dict, index: int | None) -> dict:
    """A new pod of ``job`` (``generateName: <job>-``, or ``<job>-<index>-`` for Indexed Jobs)."""
    md = job["metadata"]
    template = dig(job, "spec", "template", default={})
    tmd = template.get("metadata") or {}
    pod_md = {"generateName": f"{md['name']}-" if index is None else f"{md['name']}-{index}-",
              "namespace": md.get("namespace", ""), "labels": copy_json(tmd.get("labels") or {}),
              "ownerReferences": [util.controller_ref(job)], "finalizers": [TRACKING_FINALIZER]}
    if tmd.get("annotations"):
        pod_md["annotations"] = copy_json(tmd["annotations"])
    spec = copy_json(template.get("spec") or {})
    if index is not None:
        pod_md.setdefault("annotations", {})[INDEX] = str(index)
        pod_md["labels"][INDEX] = str(index)
        spec.setdefault("hostname", f"{md['name']}-{index}")
        env = {"name": "JOB_COMPLETION_INDEX", "valueFrom": {"fieldRef": {
            "apiVersion": "v1", "fieldPath": f"metadata.annotations['{INDEX}']"}}}
        for field in ("initContainers", "containers"):
            for c in spec.get(field) or []:
                if not any(e.get("name") == "JOB_COMPLETION_INDEX" for e in c.get("env") or []):
                    c.setdefault("env", []).append(copy_json(env))
    return {"apiVersion": "v1", "kind": "Pod", "metadata": pod_md, "spec": spec}
