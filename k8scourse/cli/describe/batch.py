"""``kubectl describe`` for Job and CronJob (kubectl's ``describeJob`` / ``describeCronJob``).

A Job shows its (API-server generated) selector, Parallelism, Completions, Completion Mode,
Suspend, Backoff Limit, start/completion times and ``Duration``, then ``Pods Statuses: 1 Active
(1 Ready) / 0 Succeeded / 0 Failed`` (without ``(n Ready)`` when ``status.ready`` is unset) and its
pod template. A CronJob shows its schedule and history limits, its job template (``<unset>``
for fields the template leaves unset), ``Last Schedule Time`` and ``Active Jobs``.

>>> cap_indexes("1,3-5,7", 50), cap_indexes("", 50), cap_indexes("1,2,3", 2)
('1,3-5,7', '<none>', '1,2,...')
"""

from __future__ import annotations

from ...api.duration import human_duration
from ...apiserver.tables.cells import selector_string
from .common import controlled_by
from .containers import describe_pod_template
from .events import describe_events, find_events
from .writer import DescribeWriter, parse_time, print_annotations, print_labels, rfc1123z


def cap_indexes(indexes: str, soft_limit: int) -> str:
    """``capIndexesListOrNone``: cut after the first comma at or past the soft limit."""
    if not indexes:
        return "<none>"
    ix = soft_limit
    while ix < len(indexes) and indexes[ix] != ",":
        ix += 1
    return indexes if ix >= len(indexes) else indexes[:ix + 1] + "..."


def _go_bool(value) -> str:
    return "true" if value else "false"


def describe_job(server, job: dict, now_ms: int, show_events: bool = True) -> str:
    md, spec, st = job.get("metadata") or {}, job.get("spec") or {}, job.get("status") or {}
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    w.write(0, "Namespace:\t%s\n", md.get("namespace", ""))
    w.write(0, "Selector:\t%s\n", selector_string(spec.get("selector")))
    print_labels(w, "Labels", md.get("labels"))
    print_annotations(w, "Annotations", md.get("annotations"))
    owner = controlled_by(job)
    if owner:
        w.write(0, "Controlled By:\t%s\n", owner)
    if spec.get("parallelism") is not None:
        w.write(0, "Parallelism:\t%d\n", int(spec["parallelism"]))
    if spec.get("completions") is not None:
        w.write(0, "Completions:\t%d\n", int(spec["completions"]))
    else:
        w.write(0, "Completions:\t<unset>\n")
    if spec.get("completionMode") is not None:
        w.write(0, "Completion Mode:\t%s\n", spec["completionMode"])
    if spec.get("suspend") is not None:
        w.write(0, "Suspend:\t%s\n", _go_bool(spec["suspend"]))
    if spec.get("backoffLimit") is not None:
        w.write(0, "Backoff Limit:\t%s\n", spec["backoffLimit"])
    if spec.get("ttlSecondsAfterFinished") is not None:
        w.write(0, "TTL Seconds After Finished:\t%s\n", spec["ttlSecondsAfterFinished"])
    start, done = st.get("startTime"), st.get("completionTime")
    if start:
        w.write(0, "Start Time:\t%s\n", rfc1123z(start))
    if done:
        w.write(0, "Completed At:\t%s\n", rfc1123z(done))
    if start and done:
        w.write(0, "Duration:\t%s\n", human_duration((parse_time(done) or 0) - (parse_time(start) or 0)))
    if spec.get("activeDeadlineSeconds") is not None:
        w.write(0, "Active Deadline Seconds:\t%ds\n", int(spec["activeDeadlineSeconds"]))
    active, succeeded, failed = (int(st.get(k) or 0) for k in ("active", "succeeded", "failed"))
    if st.get("ready") is None:
        w.write(0, "Pods Statuses:\t%d Active / %d Succeeded / %d Failed\n", active, succeeded, failed)
    else:
        w.write(0, "Pods Statuses:\t%d Active (%d Ready) / %d Succeeded / %d Failed\n",
                active, int(st["ready"]), succeeded, failed)
    if spec.get("completionMode") == "Indexed":
        w.write(0, "Completed Indexes:\t%s\n", cap_indexes(st.get("completedIndexes") or "", 50))
    describe_pod_template(w, spec.get("template"))
    if show_events:
        describe_events(w, find_events(server, job, "Job"), now_ms)
    return w.text()


def _set_or_unset(w, label: str, value, suffix: str = "") -> None:
    if value is not None:
        w.write(0, "%s:\t%d%s\n", label, int(value), suffix)
    else:
        w.write(0, "%s:\t<unset>\n", label)


def _job_template(w, template: dict) -> None:
    spec = (template or {}).get("spec") or {}
    if spec.get("selector") is not None:
        w.write(0, "Selector:\t%s\n", selector_string(spec["selector"]))
    else:
        w.write(0, "Selector:\t<unset>\n")
    _set_or_unset(w, "Parallelism", spec.get("parallelism"))
    _set_or_unset(w, "Completions", spec.get("completions"))
    if spec.get("activeDeadlineSeconds") is not None:
        w.write(0, "Active Deadline Seconds:\t%ds\n", int(spec["activeDeadlineSeconds"]))
    describe_pod_template(w, spec.get("template") or {})


def describe_cronjob(server, cj: dict, now_ms: int, show_events: bool = True) -> str:
    md, spec, st = cj.get("metadata") or {}, cj.get("spec") or {}, cj.get("status") or {}
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    w.write(0, "Namespace:\t%s\n", md.get("namespace", ""))
    print_labels(w, "Labels", md.get("labels"))
    print_annotations(w, "Annotations", md.get("annotations"))
    w.write(0, "Schedule:\t%s\n", spec.get("schedule", ""))
    w.write(0, "Concurrency Policy:\t%s\n", spec.get("concurrencyPolicy", ""))
    suspend = spec.get("suspend")
    w.write(0, "Suspend:\t%s\n", "<unset>" if suspend is None else ("True" if suspend else "False"))
    _set_or_unset(w, "Successful Job History Limit", spec.get("successfulJobsHistoryLimit"))
    _set_or_unset(w, "Failed Job History Limit", spec.get("failedJobsHistoryLimit"))
    _set_or_unset(w, "Starting Deadline Seconds", spec.get("startingDeadlineSeconds"), "s")
    _job_template(w, spec.get("jobTemplate") or {})
    if st.get("lastScheduleTime"):
        w.write(0, "Last Schedule Time:\t%s\n", rfc1123z(st["lastScheduleTime"]))
    else:
        w.write(0, "Last Schedule Time:\t<unset>\n")
    active = st.get("active") or []
    w.write(0, "Active Jobs:\t%s\n", ", ".join(j.get("name", "") for j in active) if active else "<none>")
    if show_events:
        describe_events(w, find_events(server, cj, "CronJob"), now_ms)
    return w.text()
