"""In an exercise notebook every front end acts on the exercise's world, is recorded, and counts:
``%kubectl``, ``%%kubectl``, ``%az``, the terminal widget and the handle ``ex.start()`` returned —
whether ``%load_ext k8scourse`` ran before or after the exercise started — and the panel says so."""

from __future__ import annotations

import contextlib
import io

import pytest
from helpers import ipython_shell

from k8scourse.grading.handle import stop_recording

SERVICE = """apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
"""


@pytest.fixture
def shell():
    with ipython_shell() as ip:
        yield ip
    stop_recording()
    from k8scourse.widgets.magics import STATE
    STATE.__init__()


def run(ip, src: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = ip.run_cell(src)
    assert result.error_in_exec is None and result.error_before_exec is None, result
    return out.getvalue()


@pytest.mark.parametrize("load_first", [True, False])
def test_a_fix_typed_with_the_cell_magic_gets_full_marks(shell, load_first):
    start = 'from k8scourse.grading import exercise\nex = exercise("ex04-fix-service")\ncluster = ex.start()'
    if load_first:
        run(shell, "%load_ext k8scourse")
        run(shell, start)
    else:
        run(shell, start)
        run(shell, "%load_ext k8scourse")
    assert "service/web configured" in run(shell, "%%kubectl apply\n" + SERVICE)
    assert "web    " in run(shell, "%kubectl get endpoints web")
    run(shell, "cluster.run(seconds=10)")
    result = shell.user_ns["ex"].check()
    assert result.points == result.max_points == 10 and not result.flags, result.text()
    ops = [(e["target"], e["op"]) for e in shell.user_ns["ex"].log()]
    assert ops == [("cluster", "kubectl"), ("cluster", "kubectl"), ("cluster", "run")]


def test_the_panel_says_which_world_the_front_ends_act_on(shell):
    from k8scourse.widgets import ExercisePanel
    run(shell, "%load_ext k8scourse")
    run(shell, 'from k8scourse.grading import exercise\nex = exercise("ex04-fix-service")\ncluster = ex.start()')
    panel = ExercisePanel(shell.user_ns["ex"].check())
    line = ("%kubectl, %%kubectl, the terminal and the cluster ex.start() returned all act on the cluster of "
            "ex04-fix-service: that is what gets graded.")
    assert line in repr(panel).splitlines() and "k8s-exercise-target" in panel.header.value
    from k8scourse import Cluster
    from k8scourse.widgets import use_cluster
    use_cluster(Cluster(nodes=1, seed=0))                 # the student chose another cluster: no claim
    assert line not in repr(ExercisePanel(shell.user_ns["ex"].check()))


def test_the_terminal_widget_on_the_exercise_cluster_is_recorded(shell):
    from k8scourse.grading import exercise
    from k8scourse.widgets import Terminal
    ex = exercise("ex04-fix-service")
    cluster = ex.start()
    term = Terminal(cluster)
    term.run("kubectl patch svc web -p '{\"spec\":{\"selector\":{\"app\":\"web\"},\"ports\":[{\"port\":80,"
             "\"targetPort\":80}]}}'")
    term.run("kubectl get endpoints web")
    cluster.run(seconds=10)
    result = ex.check()
    assert result.points == 10, result.text()
    assert [e["op"] for e in ex.log()] == ["kubectl", "kubectl", "run"]


def test_magics_on_an_azure_exercise_go_to_its_subscription(shell):
    run(shell, "%load_ext k8scourse")
    run(shell, 'from k8scourse.grading import exercise\nex = exercise("ex02-aks-create-scale")\naz = ex.start()')
    assert "k8s-rg" in run(shell, "%az group create -n k8s-rg -l eastus")
    assert [e["op"] for e in shell.user_ns["ex"].log()] == ["az"]
    assert shell.user_ns["ex"].check().checks[0].passed


def test_the_exercise_cluster_keeps_the_manual_clock_after_load_ext(shell):
    """%load_ext makes the paced clock the session's default; an exercise's cluster must not pace, or the
    grader's replay (which moves time only as logged) would reach another state."""
    from k8scourse.pacing import set_default_mode
    try:
        run(shell, "%load_ext k8scourse")
        run(shell, 'from k8scourse.grading import exercise\nex = exercise("ex04-fix-service")\ncluster = ex.start()')
        before = shell.user_ns["cluster"].sim.now_ms
        run(shell, "%kubectl get pods")
        assert shell.user_ns["cluster"].sim.now_ms == before
        result = shell.user_ns["ex"].check()
        assert not result.flags, result.text()
    finally:
        set_default_mode(None)
