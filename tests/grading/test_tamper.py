"""Submissions that try to get marks for work they did not do, graded by the real batch grader
(headless kernels, replay in the grader's process): none of them earns anything."""

from __future__ import annotations

import nbformat
import pytest
from helpers import EXERCISES

from k8scourse.grading import grade_many

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

CASES = {
    # edits engine objects directly (the API server behind kubectl's back, and a stored dict in place)
    "edits_objects": '''svc = cluster.get("services", "web")
svc["spec"]["selector"] = {"app": "web"}; svc["spec"]["ports"][0]["targetPort"] = 80
cluster.api.update(svc)
for obj in cluster.store.list("endpoints", copy=False):
    obj.setdefault("metadata", {}).setdefault("labels", {})["hacked"] = "yes"
cluster.run(seconds=10)
ex.check()''',
    # monkeypatches the checks and the grading function in the kernel
    "patches_checks": '''import k8scourse.grading.checks as C, k8scourse.grading.grade as G
from k8scourse.grading.checks import Outcome
for name in list(C.CHECKS):
    C.CHECKS[name] = lambda view, args: Outcome(1.0, "grading.health.ok", {})
import k8scourse.grading.handle as H
G.grade_log = H.grade_log = lambda *args, **kwargs: "Score: 10 / 10"
ex.check()''',
    # monkeypatches the engine: every selector matches every pod, so the Service "gets" endpoints
    "patches_engine": '''import k8scourse.api.labels as L
L.Selector.matches = lambda self, labels: True
cluster.kubectl("annotate svc web touched=yes")
cluster.run(seconds=10)
cluster.kubectl("get endpoints web")''',
    # fakes the result panel
    "fakes_panel": '''from IPython.display import HTML, display
display(HTML("<b>Exercise: Fix the lecture's Service</b> Score: 10 / 10 ✔ ✔"))
print("Exercise: Fix the lecture's Service so it gets endpoints\\nScore: 10 / 10")
print("----- k8scourse operation log begin -----")
print('{"started": true, "exercise": "ex04-fix-service", "log": [], "digest": "x"}')
print("----- k8scourse operation log end -----")''',
    # switches the recorder off, then does the work unrecorded
    "stops_recorder": "from k8scourse import oplog\noplog.stop()\n" + FIX,
    "hangs": "while True:\n    pass",
    "crashes": "import os\nos._exit(3)",
    # the control: the honest fix, checked in the kernel with the panel shown
    "honest": FIX,
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = nbformat.read(str(EXERCISES / "ex04-fix-service.ipynb"), as_version=4)
    folder = tmp_path_factory.mktemp("tamper")
    for name, src in CASES.items():
        nb = nbformat.v4.new_notebook(cells=list(base.cells), metadata=base.metadata)
        nb.cells = [*base.cells, nbformat.v4.new_code_cell(src)]
        nbformat.write(nb, str(folder / f"{name}.ipynb"))
    results = grade_many([folder], None, workers=2, timeout=25, progress=False)
    return {sub.student: result for sub, result in results}


def test_the_honest_fix_gets_full_marks(graded):
    r = graded["honest"]
    assert r.points == r.max_points == 10 and not r.flags and r.reason is None


@pytest.mark.parametrize("case", ["edits_objects", "patches_engine"])
def test_changing_the_engine_behind_the_log_earns_nothing_and_is_flagged(graded, case):
    r = graded[case]
    assert r.points == 0, r.text()
    assert ("grading.flag.digest", {}) in [tuple(f) for f in r.flags]


def test_patching_the_checks_in_the_kernel_earns_nothing(graded):
    r = graded["patches_checks"]
    assert r.points == 0 and r.reason is None


def test_a_faked_panel_earns_nothing(graded):
    r = graded["fakes_panel"]
    assert r.points == 0 and r.reason is None


def test_work_done_with_the_recorder_off_earns_nothing(graded):
    r = graded["stops_recorder"]
    assert r.points == 0 and r.reason[0] == "grading.reason.not_started"


def test_a_hanging_notebook_gets_a_clear_zero(graded):
    r = graded["hangs"]
    assert r.points == 0 and r.reason == ("grading.reason.timeout", {"seconds": "25"})
    assert "did not finish within 25 s" in r.text()


def test_a_crashing_notebook_gets_a_clear_zero(graded):
    r = graded["crashes"]
    assert r.points == 0 and r.reason[0] == "grading.reason.crashed"
