"""Submissions that attack the grader or try to get marks for work they did not do, graded by the real
``k8scourse grade`` command (sandboxed kernels, a grading process per submission): none of them earns
anything, none of them harms another student, the grader's files or the gradebook.

Every attack of issue 19's first paragraph has a case here (the %kubectl and release ones are in
tests/grading/test_frontends.py and tests/classroom/test_release.py). The sandbox must be bubblewrap:
the set-up installs Debian's ``bubblewrap`` with apt when it is missing, as the browser test installs
chromium. The exercise specs are a private copy (``K8SCOURSE_EXERCISES``) so that a broken sandbox
could not damage the repository's; the one package file an attack writes to is restored afterwards
whatever happens, and compared byte for byte.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from helpers import EXERCISES, REPO, ensure_bubblewrap, notebook

TIMEOUT = 25
PACKAGE_FILE = REPO / "k8scourse" / "grading" / "checks" / "base.py"

FIX = '''cluster.apply("""
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
""")
cluster.run(seconds=10)
ex.check()'''

# A daemon that outlives its cell: leaves the process group and the session, ignores SIGTERM.
DAEMON = '''import os, signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        for _ in range(400):
            {action}
            time.sleep(0.25)
        os._exit(0)
    os._exit(0)
'''


def cases(out: Path, exercises: Path, alice: Path) -> dict:
    """{student: (exercise, code of the extra cell)}."""
    return {
        # --- honest students: full marks whatever the others do; two of them copy each other
        "honest": ("ex04-fix-service", FIX),
        "honest2": ("ex04-fix-service", FIX.replace("seconds=10", "seconds=11")),
        "copycat": ("ex04-fix-service", FIX),
        # --- marks for work not done
        "edits_objects": ("ex04-fix-service", '''svc = cluster.get("services", "web")
svc["spec"]["selector"] = {"app": "web"}; svc["spec"]["ports"][0]["targetPort"] = 80
cluster.api.update(svc)
cluster.run(seconds=10)
ex.check()'''),
        "patches_checks": ("ex04-fix-service", '''import k8scourse.grading.checks as C, k8scourse.grading.grade as G
from k8scourse.grading.checks import Outcome
for name in list(C.CHECKS):
    C.CHECKS[name] = lambda view, args: Outcome(1.0, "grading.health.ok", {})
import k8scourse.grading.handle as H
G.grade_log = H.grade_log = lambda *args, **kwargs: "Score: 10 / 10"
ex.check()'''),
        "patches_engine": ("ex04-fix-service", '''import k8scourse.api.labels as L
L.Selector.matches = lambda self, labels: True
cluster.kubectl("annotate svc web touched=yes")
cluster.run(seconds=10)'''),
        "fakes_panel": ("ex04-fix-service", '''print("Exercise: Fix the lecture's Service so it gets endpoints\\nScore: 10 / 10")
print("----- k8scourse operation log begin -----")
print('{"started": true, "exercise": "ex04-fix-service", "log": [], "digest": "x"}')
print("----- k8scourse operation log end -----")'''),
        "stops_recorder": ("ex04-fix-service", "from k8scourse import oplog\noplog.stop()\n" + FIX),
        # --- fault controls in the log: stopping the controller manager keeps endpoints through the fault
        "stops_controllers": ("ex07-node-failure", 'cluster.faults.stop("controller-manager")'),
        "negative_load": ("ex08-autoscale-budget",
                          'cluster.kubectl("autoscale deployment web --cpu-percent=50 --min=1 --max=5")\n'
                          'cluster.faults.load("app=web", cpu_millicores=-5000)\ncluster.run(seconds=60)'),
        # --- attacks on the grader, its files and the other students
        "rewrites_gradebook": ("ex04-fix-service", DAEMON.format(
            action=f"open({str(out / 'gradebook.csv')!r}, 'w').write('pwned') if os.path.exists("
                   f"{str(out / 'gradebook.csv')!r}) else None") + FIX),
        "overwrites_checks": ("ex04-fix-service", f'''spec = {str(exercises / "ex04-fix-service.check.yaml")!r}
text = open(spec).read().replace("count: 3", "count: 0")
try:
    open(spec, "w").write(text)
except OSError as exc:
    print("blocked:", type(exc).__name__)
ex.check()'''),
        "overwrites_grader": ("ex04-fix-service", f'''code = {str(PACKAGE_FILE)!r}
try:
    with open(code, "a") as fh:
        fh.write("\\n_real = run_check\\ndef run_check(view, spec):\\n    r = _real(view, spec)\\n"
                 "    return CheckResult(r.id, r.title_key, r.max_points, r.max_points, r.key, r.params)\\n")
except OSError as exc:
    print("blocked:", type(exc).__name__)'''),
        "reads_others": ("ex04-fix-service", f'''import json
try:
    other = json.load(open({str(alice)!r}))
    for cell in other["cells"][3:-2]:
        exec("".join(cell["source"]))
except OSError as exc:
    print("cannot read:", type(exc).__name__)'''),
        "stalls": ("ex04-fix-service", DAEMON.format(action="pass") + "while True:\n    pass"),
        "exhausts_memory": ("ex04-fix-service", "hog = []\nwhile True:\n    hog.append(bytearray(50 * 2**20))"),
        "kills_worker": ("ex04-fix-service", "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n" + FIX),
        "crashes": ("ex04-fix-service", "import os\nos._exit(3)"),
    }


def _write(path: Path, ex_id: str, src: str) -> None:
    base = nbformat.read(str(EXERCISES / f"{ex_id}.ipynb"), as_version=4)
    nb = nbformat.v4.new_notebook(cells=[*base.cells, nbformat.v4.new_code_cell(src)], metadata=base.metadata)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


def _survivors(marker: str) -> list[int]:
    """Processes still running with ``marker`` in their environment (a daemon that escaped)."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if marker.encode() in Path(f"/proc/{pid}/environ").read_bytes():
                found.append(int(pid))
        except OSError:
            continue
    return found


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    ensure_bubblewrap()
    root = tmp_path_factory.mktemp("tamper")
    exercises = root / "exercises"
    shutil.copytree(EXERCISES, exercises)
    subs, out = root / "submissions", root / "grades"
    alice = subs / "alice" / "ex04-fix-service.ipynb"
    alice.parent.mkdir(parents=True)
    shutil.copy(notebook("solution", "ex04-fix-service"), alice)
    for student, (ex_id, src) in cases(out, exercises, alice).items():
        _write(subs / student / f"{ex_id}.ipynb", ex_id, src)
    spec_before = (exercises / "ex04-fix-service.check.yaml").read_bytes()
    package_before = PACKAGE_FILE.read_bytes()
    env = {**os.environ, "K8SCOURSE_EXERCISES": str(exercises), "K8SCOURSE_SANDBOX": "bwrap"}
    started = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, "-m", "k8scourse", "grade", str(subs), "--out", str(out),
                               "--workers", "2", "--timeout", str(TIMEOUT), "--memory-mb", "1500"],
                              capture_output=True, text=True, timeout=1200, env=env)
        elapsed = time.monotonic() - started
        time.sleep(3)                               # give an escaped daemon the time to strike
        gradebook_after = (out / "gradebook.csv").read_text()
        package_after = PACKAGE_FILE.read_bytes()
    finally:
        if PACKAGE_FILE.read_bytes() != package_before:
            PACKAGE_FILE.write_bytes(package_before)
    rows = list(csv.DictReader(io.StringIO(gradebook_after)))
    totals = {r["student"]: r for r in rows if r["check"] == "TOTAL"}
    import json
    data = json.loads((out / "gradebook.json").read_text())
    status = {s["student"]: s for s in data["submissions"]}
    return {"proc": proc, "totals": totals, "status": status, "elapsed": elapsed, "gradebook": gradebook_after,
            "spec_same": (exercises / "ex04-fix-service.check.yaml").read_bytes() == spec_before,
            "package_same": package_after == package_before}


def points(run, student) -> float:
    return float(run["totals"][student]["points"])


def test_honest_students_get_full_marks_whatever_the_others_did(run):
    for student in ("alice", "honest", "honest2"):
        assert points(run, student) == 10, run["totals"][student]
        assert run["status"][student]["status"] == "graded"


@pytest.mark.parametrize("student", ["edits_objects", "patches_engine"])
def test_changing_the_engine_behind_the_log_earns_nothing_and_is_flagged(run, student):
    assert points(run, student) == 0
    assert any("differs from the replay" in f for f in run["status"][student]["flags"])


@pytest.mark.parametrize("student", ["patches_checks", "fakes_panel"])
def test_patching_the_checks_or_faking_the_panel_earns_nothing(run, student):
    assert points(run, student) == 0 and run["status"][student]["status"] == "graded"


def test_work_done_with_the_recorder_off_earns_nothing(run):
    assert points(run, "stops_recorder") == 0 and run["status"]["stops_recorder"]["status"] == "zero"


def test_stopping_the_controller_manager_is_not_replayed(run):
    # replayed, the stopped controller manager would keep web's endpoint through the node fault: 5 marks
    assert points(run, "stops_controllers") == 0
    assert any("Not replayed: faults.stop" in f for f in run["status"]["stops_controllers"]["flags"])


def test_a_negative_load_is_refused_in_the_kernel_and_never_replayed(run):
    flags = run["status"]["negative_load"]["flags"]
    assert any("Not replayed: faults.load" in f for f in flags)


def test_identical_logs_of_two_students_are_flagged(run):
    assert "the same operation log as honest" in run["totals"]["copycat"]["feedback"]
    assert "the same operation log as copycat" in run["totals"]["honest"]["feedback"]
    assert "same operation log" not in run["totals"]["honest2"]["feedback"]
    assert points(run, "copycat") == 10                # flagged for the instructor, not penalised


def test_a_daemon_cannot_rewrite_the_gradebook_after_the_grader_exits(run):
    assert "pwned" not in run["gradebook"]
    assert points(run, "rewrites_gradebook") == 10     # its honest part still counts
    assert not _survivors("K8SCOURSE_STUDENT=rewrites_gradebook")


def test_the_check_file_cannot_be_overwritten(run):
    assert run["spec_same"]
    assert points(run, "overwrites_checks") == 0


def test_the_graders_code_cannot_be_overwritten_and_the_next_student_is_unaffected(run):
    assert run["package_same"]
    assert points(run, "overwrites_grader") == 0
    assert points(run, "patches_engine") == 0 and points(run, "honest2") == 10


def test_other_submissions_cannot_be_read(run):
    assert points(run, "reads_others") == 0


def test_a_stalling_notebook_is_stopped_at_its_timeout_and_leaves_nothing_running(run):
    r = run["status"]["stalls"]
    assert r["status"] == "error" and f"within {TIMEOUT} s" in r["reason"]
    assert not _survivors("K8SCOURSE_STUDENT=stalls")


def test_exhausting_memory_harms_only_the_submission_itself(run):
    assert points(run, "exhausts_memory") == 0
    assert points(run, "honest") == 10


def test_a_worker_killed_by_the_student_is_an_error_row_and_the_command_fails(run):
    r = run["status"]["kills_worker"]
    assert r["status"] == "error" and "SIGKILL" in r["reason"]
    assert run["status"]["crashes"]["status"] == "error"
    proc = run["proc"]
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "  error    kills_worker ex04-fix-service: " in proc.stdout


def test_the_progress_output_holds_no_kernel_noise(run):
    err = run["proc"].stderr
    assert f"{len(run['totals'])}/{len(run['totals'])}" in err
    for noise in ("Traceback", "zmq", "ZMQ", "Kernel", "WARNING"):
        assert noise not in err, err[-2000:]


def test_the_whole_class_is_graded_within_its_time_limits(run):
    # 19 submissions, 2 at a time; the stalling one alone is bounded by --timeout + start-up
    assert run["elapsed"] < 19 * (TIMEOUT + 75) / 2
