"""The operation log and its replay: what is recorded, and that replaying it rebuilds the state."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from k8scourse.errors import ArgumentError

from k8scourse import oplog
from k8scourse.grading import exercise, grade_log, load_spec
from k8scourse.grading.handle import stop_recording
from k8scourse.grading.replay import digest, replay

WEB = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: "nginx:1.25"}]
"""


@pytest.fixture
def ex04():
    ex = exercise("ex04-fix-service")
    yield ex, ex.start()
    stop_recording()


def test_only_the_outermost_call_is_recorded(ex04):
    ex, c = ex04
    c.apply(WEB.replace("name: web}", "name: api}"), echo=False)       # apply -> kubectl -> api
    c.run(seconds=5)                                                     # run -> sim.run
    c.settle(max_seconds=5)
    ops = [(e["target"], e["op"]) for e in ex.log()]
    assert ops == [("cluster", "kubectl"), ("cluster", "run"), ("cluster", "settle")]
    assert ex.log()[0]["kwargs"]["stdin"].startswith("apiVersion")


def test_replay_reaches_the_kernels_state(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)                          # the notebook's folder
    ex = exercise("ex04-fix-service")
    c = ex.start()
    (tmp_path / "web.yaml").write_text(WEB.replace("name: web}", "name: api}"))
    c.kubectl("apply -f web.yaml", echo=False)
    (tmp_path / "web.yaml").unlink()                                    # the replay must not need it
    c.wait_until(lambda: len(c.list("pods")) >= 5, timeout_s=60)        # a predicate: logged as events
    c.run(seconds=7)
    log = ex.log()
    assert log[0]["files"] == {"web.yaml": WEB.replace("name: web}", "name: api}")}
    assert log[1]["op"] == "wait_until" and isinstance(log[1]["args"][0], int)
    assert log[2]["op"] == "run"
    world = replay(ex.spec, log)
    assert digest(world.targets, world.answers) == ex.state_digest()
    assert not world.skipped
    stop_recording()


def test_replay_is_the_same_in_another_process_with_another_hash_seed(ex04):
    ex, c = ex04
    c.apply(WEB.replace("name: web}", "name: api}"), echo=False)
    c.run(seconds=90)
    c.kubectl("scale deployment api --replicas=3", echo=False)
    c.run(seconds=30)
    code = ("import json,sys; from k8scourse.grading import load_spec; "
            "from k8scourse.grading.replay import replay, digest; "
            "w = replay(load_spec('ex04-fix-service'), json.load(sys.stdin)); print(digest(w.targets, w.answers))")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], input=json.dumps(ex.log()), capture_output=True, text=True,
                         env=env, check=True)
    assert out.stdout.strip() == ex.state_digest()


def test_aks_work_through_az_is_logged_replayed_and_graded():
    ex = exercise("ex02-aks-create-scale")
    az = ex.start()
    try:
        az("group create -n k8s-rg -l eastus", echo=False)
        az("aks create -g k8s-rg -n aks1 --node-count 1 --generate-ssh-keys", echo=False)
        az("aks get-credentials -g k8s-rg -n aks1", echo=False)
        az.kubectl("create deployment hello --image=nginx:1.25 --replicas=3", echo=False)
        az.run(seconds=60)
        targets = [(e["target"], e["op"]) for e in ex.log()]
        assert targets == [("azure", "az")] * 3 + [("azure", "kubectl"), ("azure", "run")]
        result = ex.check()
        assert {c.id for c in result.checks if c.passed} >= {"group", "cluster", "app"}
        assert not result.flags
    finally:
        stop_recording()


def test_a_forged_log_is_data_not_code(tmp_path):
    spec = load_spec("ex04-fix-service")
    outside = tmp_path / "pwned.txt"
    log = [
        {"seq": 0, "target": "cluster", "op": "__class__", "args": [], "kwargs": {}},
        {"seq": 1, "target": "os", "op": "system", "args": ["touch /tmp/x"], "kwargs": {}},
        {"seq": 2, "target": "cluster", "op": "kubectl", "args": ["get pods"], "kwargs": {},
         "files": {f"../../../../../../{outside}": "x", str(outside): "x"}},
        {"seq": 3, "target": "cluster", "op": "run", "args": [10 ** 9], "kwargs": {}},
    ]
    world = replay(spec, log)
    assert [s[0] for s in world.skipped] == [0, 1]
    assert world.over_budget
    assert not outside.exists()
    result = grade_log(spec, log)
    assert {k for k, _ in result.flags} == {"grading.flag.skipped", "grading.flag.budget"}
    assert result.points == 0


def test_arguments_that_are_not_data_are_dropped_and_flagged(ex04):
    ex, c = ex04
    with pytest.raises(ArgumentError):      # not a command line: refused with a k8scourse error
        c.kubectl(object(), echo=False)
    assert ex.log() == [] and oplog.current().dropped == 1
    assert ("grading.flag.dropped", {"n": 1}) in ex.check().flags


def test_exercise_answers_are_logged_data():
    ex = exercise("ex01-containers-vs-vms")
    ex.start()
    try:
        ex.answer(plan={"host": "Standard_D8s_v3", "mode": "container"})
        with pytest.raises(ValueError):
            ex.answer(plan=object())
        assert ex.log()[0]["op"] == "answer"
        assert ex.check().checks[0].passed
    finally:
        stop_recording()


def test_fault_calls_are_logged_but_withheld_from_the_replay():
    """``cluster.faults.<action>`` is logged; the replay leaves it out (faults and loads are the exercise's own
    steps) and says so, unless the spec has ``student_faults: true``."""
    import dataclasses
    ex = exercise("ex04-fix-service")
    c = ex.start()
    try:
        node = sorted(n["metadata"]["name"] for n in c.list("nodes"))[0]
        c.faults.stop_node(node)
        c.faults.load("app=web", cpu_millicores=100)
        c.run(seconds=60)
        assert [(e["target"], e["op"]) for e in ex.log()] == [
            ("cluster", "faults.stop_node"), ("cluster", "faults.load"), ("cluster", "run")]
        world = replay(ex.spec, ex.log())
        assert world.withheld == ["faults.load", "faults.stop_node"] and not world.skipped
        assert digest(world.targets, world.answers) != ex.state_digest()
        result = grade_log(ex.spec, ex.log(), kernel_digest=ex.state_digest())
        assert ("grading.flag.faults", {"ops": "faults.load, faults.stop_node"}) in result.flags
        allowed = replay(dataclasses.replace(ex.spec, student_faults=True), ex.log())
        assert not allowed.withheld and digest(allowed.targets, allowed.answers) == ex.state_digest()
    finally:
        stop_recording()


@pytest.mark.parametrize("kwargs", [{"cpu_millicores": -100}, {"memory_bytes": -1}, {"cpu_millicores": 10 ** 9},
                                    {"cpu_millicores": float("nan")}, {"cpu_millicores": True}])
def test_negative_or_absurd_loads_are_refused_with_a_clear_message(kwargs):
    from k8scourse import Cluster
    from k8scourse.errors import SimulationError
    c = Cluster(nodes=1, seed=0)
    with pytest.raises(SimulationError, match=r"load: (cpu_millicores|memory_bytes) must be a number from 0 to"):
        c.faults.load("app=web", **kwargs)
    assert c.faults.load("app=web", cpu_millicores=0) == 0        # the limits themselves are accepted
