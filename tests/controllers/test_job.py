"""The Job and TTL-after-finished controllers through kubectl and the real kubelet.

Pods run real programs (perl pi, busybox ``sh -c 'exit 1'``), so the timing assertions are about
what the job controller decides: when it creates pods, how it counts them, when it gives up.
"""

from __future__ import annotations

from k8scourse import Cluster

from reftables import CORPUS
from workload_helpers import events, pods

PI_JOB = (CORPUS / "controllers" / "job.yaml").read_text()


def job(name="work", command="echo done", restart="Never", extra_spec=""):
    return f"""apiVersion: batch/v1
kind: Job
metadata: {{name: {name}}}
spec:
{extra_spec}  template:
    spec:
      restartPolicy: {restart}
      containers: [{{name: c, image: busybox, command: ["sh", "-c", "{command}"]}}]
"""


def creation_times(c, name):
    """Simulated seconds at which the job's pods were created, oldest first."""
    clock = c.sim.clock
    return sorted(clock.sim_ms(p["metadata"]["creationTimestamp"]) // 1000 for p in c.list("pods", "default")
                  if p["metadata"]["labels"].get("job-name") == name)


def test_pi_job_completes_and_logs_print_digits(c, k):
    assert str(k("apply -f -", PI_JOB)) == "job.batch/pi created\n"
    c.run(seconds=1)
    j = c.get("jobs", "pi")
    uid = j["metadata"]["uid"]
    assert j["spec"]["selector"] == {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}
    [pod] = pods(c)
    assert pod["metadata"]["name"].startswith("pi-")
    labels = pod["metadata"]["labels"]
    assert labels == {"batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": "pi",
                      "controller-uid": uid, "job-name": "pi"}
    assert pod["metadata"]["finalizers"] == ["batch.kubernetes.io/job-tracking"]
    assert k("get jobs").stdout == ("NAME   STATUS    COMPLETIONS   DURATION   AGE\n"
                                    "pi     Running   0/1           1s         1s\n")
    c.run(seconds=119)
    out = k("get jobs").stdout.splitlines()
    assert out[1].split()[:3] == ["pi", "Complete", "1/1"]
    j = c.get("jobs", "pi")
    st = j["status"]
    assert st["succeeded"] == 1 and st["ready"] == 0 and st["terminating"] == 0
    assert st["uncountedTerminatedPods"] == {} and "active" not in st and "failed" not in st
    assert [(x["type"], x["reason"]) for x in st["conditions"]] == [
        ("SuccessCriteriaMet", "CompletionsReached"), ("Complete", "CompletionsReached")]
    duration = c.sim.clock.sim_ms(st["completionTime"]) - c.sim.clock.sim_ms(st["startTime"])
    assert out[1].split()[3] == f"{duration // 1000}s"
    assert "finalizers" not in c.get("pods", pod["metadata"]["name"])["metadata"]
    logs = k("logs job/pi")
    assert logs.exit_code == 0 and logs.stdout.startswith("3.14159265358979323846") and len(logs.stdout) > 1000
    assert events(c, "pi", "Completed") == ["Job completed"]
    assert events(c, "pi", "SuccessfulCreate") == [f"Created pod: {pod['metadata']['name']}"]
    assert "Completed" in k("get pods").stdout


def test_backoff_10s_20s_40s_then_backoff_limit_exceeded(c, k):
    k("apply -f -", job("fail", "exit 1", extra_spec="  backoffLimit: 3\n"))
    c.run(seconds=400)
    times = creation_times(c, "fail")
    assert len(times) == 4                        # backoffLimit 3: the fourth failure fails the job
    clock = c.sim.clock
    failed_at = sorted(clock.sim_ms(p["status"]["containerStatuses"][0]["state"]["terminated"]["finishedAt"])
                       // 1000 for p in pods(c))
    # each new pod comes 10 s, 20 s, 40 s after the previous one failed
    assert [t - f for f, t in zip(failed_at, times[1:])] == [10, 20, 40]
    st = c.get("jobs", "fail")["status"]
    assert st["failed"] == 4 and "succeeded" not in st
    assert [(x["type"], x["reason"]) for x in st["conditions"]] == [
        ("FailureTarget", "BackoffLimitExceeded"), ("Failed", "BackoffLimitExceeded")]
    assert "completionTime" not in st
    assert events(c, "fail", "BackoffLimitExceeded") == ["Job has reached the specified backoff limit"]
    assert k("get jobs").stdout.splitlines()[1].split()[:3] == ["fail", "Failed", "0/1"]
    assert sorted(p["status"]["phase"] for p in pods(c)) == ["Failed"] * 4     # Never: failed pods stay


def test_on_failure_restarts_in_place_and_counts_restarts(c, k):
    k("apply -f -", job("flaky", "exit 1", restart="OnFailure", extra_spec="  backoffLimit: 2\n"))
    c.run(seconds=300)
    assert len(events(c, "flaky", "SuccessfulCreate")) == 1   # one pod, restarted by the kubelet
    st = c.get("jobs", "flaky")["status"]
    assert [x["type"] for x in st["conditions"]] == ["FailureTarget", "Failed"]
    assert st["conditions"][-1]["reason"] == "BackoffLimitExceeded"
    assert pods(c) == [] or all(p["metadata"].get("deletionTimestamp") for p in pods(c))


def test_active_deadline_seconds(c, k):
    k("apply -f -", job("slow", "sleep 600", extra_spec="  activeDeadlineSeconds: 30\n"))
    c.run(seconds=29)
    assert c.get("jobs", "slow")["status"].get("active") == 1
    c.run(seconds=40)
    st = c.get("jobs", "slow")["status"]
    assert [(x["type"], x["reason"]) for x in st["conditions"]] == [
        ("FailureTarget", "DeadlineExceeded"), ("Failed", "DeadlineExceeded")]
    assert c.sim.clock.sim_ms(st["conditions"][0]["lastTransitionTime"]) == 30_000
    assert events(c, "slow", "DeadlineExceeded") == ["Job was active longer than specified deadline"]
    assert k("get jobs slow").stdout.splitlines()[1].split()[1] == "Failed"


def test_completions_and_parallelism(c, k):
    k("apply -f -", job("batch", "echo ok", extra_spec="  completions: 5\n  parallelism: 2\n"))
    c.run(seconds=2)
    assert c.get("jobs", "batch")["status"]["active"] == 2
    c.run(seconds=120)
    st = c.get("jobs", "batch")["status"]
    assert st["succeeded"] == 5 and len(creation_times(c, "batch")) == 5
    assert k("get jobs").stdout.splitlines()[1].split()[:3] == ["batch", "Complete", "5/5"]


def test_indexed_job(c, k):
    k("apply -f -", job("idx", "echo $JOB_COMPLETION_INDEX",
                        extra_spec="  completions: 3\n  parallelism: 3\n  completionMode: Indexed\n"))
    c.run(seconds=60)
    st = c.get("jobs", "idx")["status"]
    assert st["completedIndexes"] == "0-2" and st["succeeded"] == 3
    by_index = {p["metadata"]["annotations"]["batch.kubernetes.io/job-completion-index"]: p for p in pods(c)}
    assert sorted(by_index) == ["0", "1", "2"]
    for i, p in by_index.items():
        assert p["metadata"]["name"].startswith(f"idx-{i}-")
        assert p["metadata"]["labels"]["batch.kubernetes.io/job-completion-index"] == i
        assert p["spec"]["hostname"] == f"idx-{i}"
        assert k(f"logs {p['metadata']['name']}").stdout == f"{i}\n"


def test_suspend_and_resume(c, k):
    k("apply -f -", job("later", "echo ok", extra_spec="  suspend: true\n"))
    c.run(seconds=10)
    assert pods(c) == []
    assert k("get jobs").stdout.splitlines()[1].split()[:2] == ["later", "Suspended"]
    assert "startTime" not in c.get("jobs", "later")["status"]
    assert str(k("apply -f -", job("later", "echo ok", extra_spec="  suspend: false\n"))) == \
        "job.batch/later configured\n"
    c.run(seconds=60)
    st = c.get("jobs", "later")["status"]
    assert st["succeeded"] == 1
    assert {x["type"]: x["reason"] for x in st["conditions"]}["Suspended"] == "JobResumed"
    assert events(c, "later", "Suspended") == ["Job suspended"] and events(c, "later", "Resumed") == ["Job resumed"]


def test_ttl_after_finished_deletes_job_and_pods(c, k):
    k("apply -f -", job("short", "echo ok", extra_spec="  ttlSecondsAfterFinished: 20\n"))
    c.run(seconds=10)
    done = c.sim.clock.sim_ms(c.get("jobs", "short")["status"]["completionTime"])
    assert c.wait_until(lambda: c.api.peek("jobs", "short", "default") is None, 120)
    assert c.sim.now_ms == done + 20_000
    c.run(seconds=30)
    assert pods(c) == []


def test_deleting_a_job_removes_its_pods(c, k):
    k("apply -f -", job("long", "sleep 600"))
    c.run(seconds=10)
    assert len(pods(c)) == 1
    assert k("delete job long").exit_code == 0
    c.run(seconds=60)
    assert c.list("pods", "default") == []


def test_create_job_generators(c, k):
    assert str(k("create job once --image=busybox -- echo hi")) == "job.batch/once created\n"
    out = k("create job x --image=busybox --dry-run=client -o yaml -- date").stdout
    assert "restartPolicy: Never" in out and "- date" in out
    assert k("create job bad").stderr == "error: either --image or --from must be specified\n"
    c.run(seconds=30)
    assert k("logs job/once").stdout == "hi\n"


def test_job_runs_are_deterministic():
    def run():
        cl = Cluster(nodes=2, seed=3)
        cl.apply(job("fail", "exit 1", extra_spec="  backoffLimit: 2\n"), echo=False)
        cl.apply(PI_JOB, echo=False)
        cl.run(seconds=300)
        return [(h["time"], h["verb"], h["resource"], h["name"]) for h in cl.history()]
    first = run()
    assert first == run()                 # a second, independent run
    assert len(first) > 100                         # the runs did something to compare
