"""The CronJob controller and its schedule parser, on the simulated wall clock.

The cluster's clock starts at 2026-03-02T09:00:00Z (a Monday), so ``*/1 * * * *`` fires at
09:01:00, 09:02:00, … — whole minutes of simulated wall time, and job names carry the scheduled
minute since the Unix epoch.
"""

from __future__ import annotations

import pytest

from k8scourse import Cluster
from k8scourse.api import cron
from k8scourse.sim.clock import format_rfc3339, parse_rfc3339

from reftables import CORPUS
from workload_helpers import events

START = parse_rfc3339("2026-03-02T09:00:00Z")
MINUTE = START // 60_000


def cronjob(name="hello", schedule="*/1 * * * *", command="date; echo Hello", extra_spec=""):
    return f"""apiVersion: batch/v1
kind: CronJob
metadata: {{name: {name}}}
spec:
  schedule: "{schedule}"
{extra_spec}  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{{name: hello, image: busybox, command: ["/bin/sh", "-c", "{command}"]}}]
"""


def job_names(c):
    return sorted(j["metadata"]["name"] for j in c.list("jobs", "default"))


@pytest.mark.parametrize("schedule,after,expected", [
    ("* * * * *", "2026-03-02T09:00:00Z", "2026-03-02T09:01:00Z"),
    ("*/15 * * * *", "2026-03-02T09:14:59Z", "2026-03-02T09:15:00Z"),
    ("0 9-17/4 * * *", "2026-03-02T09:00:00Z", "2026-03-02T13:00:00Z"),
    ("30 2 1,15 * *", "2026-03-02T09:00:00Z", "2026-03-15T02:30:00Z"),
    ("0 0 * * SUN", "2026-03-02T09:00:00Z", "2026-03-08T00:00:00Z"),
    ("0 0 1 JAN *", "2026-03-02T09:00:00Z", "2027-01-01T00:00:00Z"),
    ("0 0 13 * 5", "2026-03-02T09:00:00Z", "2026-03-06T00:00:00Z"),      # day-of-month OR day-of-week
    ("5/20 * * * ?", "2026-03-02T09:00:00Z", "2026-03-02T09:05:00Z"),
    ("@hourly", "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z"),
    ("@daily", "2026-03-02T09:00:00Z", "2026-03-03T00:00:00Z"),
    ("@weekly", "2026-03-02T09:00:00Z", "2026-03-08T00:00:00Z"),
    ("@monthly", "2026-03-02T09:00:00Z", "2026-04-01T00:00:00Z"),
    ("@every 90s", "2026-03-02T09:00:00Z", "2026-03-02T09:01:30Z"),
    ("TZ=Europe/Berlin 0 9 * * *", "2026-03-02T09:00:00Z", "2026-03-03T08:00:00Z"),
])
def test_schedule_next(schedule, after, expected):
    assert format_rfc3339(cron.parse(schedule).next(parse_rfc3339(after))) == expected


@pytest.mark.parametrize("bad", ["* * * *", "61 * * * *", "* * * * MOON", "@fortnightly", "*/0 * * * *"])
def test_bad_schedules(bad):
    with pytest.raises(cron.CronError):
        cron.parse(bad)


@pytest.mark.parametrize("zone", ["America", "../etc", "Foo/Bar", "x" * 300, "Europe/Berlin "])
def test_unknown_time_zones_are_refused_with_gos_words(zone):
    """A folder of the zone database, a path, an unknown or over-long name: all "unknown time zone"."""
    with pytest.raises(cron.CronError) as info:
        cron.parse("* * * * *", zone)
    assert str(info.value) == f"provided bad location {zone}: unknown time zone {zone}"


def test_corpus_hello_cronjob_fires_every_minute(c, k):
    text = (CORPUS / "application" / "job" / "cronjob.yaml").read_text()
    refused = k("apply -f -", text)                   # the corpus file predates batch/v1
    assert refused.exit_code == 1 and 'no matches for kind "CronJob" in version "batch/v1beta1"' in refused.stderr
    assert refused.stdout == ""
    text = text.replace("batch/v1beta1", "batch/v1")
    assert str(k("apply -f -", text)) == "cronjob.batch/hello created\n"
    c.run(seconds=59)
    assert job_names(c) == []
    assert k("get cronjob").stdout == (
        "NAME    SCHEDULE    TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\n"
        "hello   * * * * *   <none>     False     0        <none>          59s\n")
    c.run(seconds=1)
    assert job_names(c) == []                        # the controller looks 100 ms after the minute
    c.run(seconds=0.1)
    assert job_names(c) == [f"hello-{MINUTE + 1}"]
    assert c.sim.now_ms == 60_100
    job = c.get("jobs", f"hello-{MINUTE + 1}")
    assert job["metadata"]["annotations"]["batch.kubernetes.io/cronjob-scheduled-timestamp"] == "2026-03-02T09:01:00Z"
    assert job["metadata"]["ownerReferences"][0]["kind"] == "CronJob"
    cj = c.get("cronjobs", "hello")
    assert cj["status"]["lastScheduleTime"] == "2026-03-02T09:01:00Z"
    assert [r["name"] for r in cj["status"]["active"]] == [f"hello-{MINUTE + 1}"]
    c.run(seconds=30)
    assert "active" not in c.get("cronjobs", "hello")["status"]
    assert "Hello" in k(f"logs job/hello-{MINUTE + 1}").stdout
    c.run(seconds=240)                               # 09:05:30: five runs, history limit 3 keeps three
    assert job_names(c) == [f"hello-{MINUTE + i}" for i in (3, 4, 5)]
    created = events(c, "hello", "SuccessfulCreate")
    assert created == [f"Created job hello-{MINUTE + i}" for i in range(1, 6)]
    assert events(c, "hello", "SuccessfulDelete") == [f"Deleted job hello-{MINUTE + i}" for i in (1, 2)]
    assert f"Saw completed job: hello-{MINUTE + 1}, condition: Complete" in events(c, "hello", "SawCompletedJob")
    assert c.get("cronjobs", "hello")["status"]["lastSuccessfulTime"].startswith("2026-03-02T09:05:")
    assert k("get cronjob hello").stdout.splitlines()[1].split()[9] == "30s"


def test_forbid_skips_and_replace_replaces(c, k):
    k("apply -f -", cronjob("forbid", command="sleep 150", extra_spec="  concurrencyPolicy: Forbid\n"))
    k("apply -f -", cronjob("replace", command="sleep 150", extra_spec="  concurrencyPolicy: Replace\n"))
    c.run(seconds=185)                               # 09:03:05
    forbid = [n for n in job_names(c) if n.startswith("forbid-")]
    assert forbid == [f"forbid-{MINUTE + 1}"]
    assert events(c, "forbid", "JobAlreadyActive")
    replace = [j for j in c.list("jobs", "default") if j["metadata"]["name"].startswith("replace-")
               and not j["metadata"].get("deletionTimestamp")]
    assert [j["metadata"]["name"] for j in replace] == [f"replace-{MINUTE + 3}"]
    assert events(c, "replace", "SuccessfulDelete") == [f"Deleted job replace-{MINUTE + 1}",
                                                        f"Deleted job replace-{MINUTE + 2}"]


def test_suspend_and_starting_deadline(c, k):
    k("apply -f -", cronjob("paused", extra_spec="  suspend: true\n"))
    c.run(seconds=130)
    assert job_names(c) == []
    assert k("get cj paused").stdout.splitlines()[1].split()[7] == "True"
    # resuming after missed minutes runs only the most recent one (once), if within the deadline
    k("apply -f -", cronjob("paused", extra_spec="  suspend: false\n  startingDeadlineSeconds: 200\n"))
    c.run(seconds=1)
    assert job_names(c) == [f"paused-{MINUTE + 2}"]


def test_create_cronjob_and_job_from_cronjob(c, k):
    assert str(k("create cronjob tick --image=busybox --schedule='*/5 * * * *' -- echo tick")) == \
        "cronjob.batch/tick created\n"
    cj = c.get("cronjobs", "tick")
    assert cj["spec"]["schedule"] == "*/5 * * * *"
    assert cj["spec"]["jobTemplate"]["spec"]["template"]["spec"]["restartPolicy"] == "OnFailure"
    assert str(k("create job manual --from=cronjob/tick")) == "job.batch/manual created\n"
    job = c.get("jobs", "manual")
    assert job["metadata"]["annotations"] == {"cronjob.kubernetes.io/instantiate": "manual"}
    c.run(seconds=30)
    assert k("logs job/manual").stdout == "tick\n"
    # --schedule is a required flag: cobra's klog line (recorded: tests/data/kubectl-recorded/audit/)
    assert k("create cronjob x --image=busybox").stderr.endswith(
        'run.go:72] "command failed" err="required flag(s) \\"schedule\\" not set"\n')


def test_cronjob_runs_are_deterministic():
    def run():
        cl = Cluster(nodes=1, seed=9)
        cl.apply(cronjob(), echo=False)
        cl.run(seconds=400)
        return [(h["time"], h["verb"], h["resource"], h["name"]) for h in cl.history()]
    first = run()
    assert first == run()                 # a second, independent run
    assert len(first) > 100                         # the runs did something to compare
