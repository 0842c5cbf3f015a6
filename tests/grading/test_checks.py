"""The check library and spec loading, on small worlds built from inline specs."""

from __future__ import annotations

from pathlib import Path

import pytest

from k8scourse.grading.checks import CheckResult, run_check
from k8scourse.grading.grade import gate
from k8scourse.grading.replay import replay, run_grade_steps
from k8scourse.grading.spec import SpecError, parse_spec
from k8scourse.grading.view import View

T = {"en": "t", "ko": "t"}


def spec_of(checks, setup=(), grade=(), start=None):
    data = {"id": "unit", "title": T, "start": {**(start or {"cluster": {"nodes": 2, "seed": 0}}), "setup": list(setup)},
            "grade": list(grade), "checks": [{"title": T, "points": 1, **c} for c in checks]}
    return parse_spec(data, Path(__file__))


def grade(checks, setup=(), grade=(), log=(), start=None):
    spec = spec_of(checks, setup, grade, start)
    world = replay(spec, list(log))
    run_grade_steps(world)
    view = View(world)
    return {c.id: run_check(view, c) for c in spec.checks}


POD = """apiVersion: v1
kind: Pod
metadata: {name: hog, namespace: default}
spec:
  containers:
  - name: s
    image: polinux/stress
    command: [stress, --vm, "1", --vm-bytes, 300M, --vm-hang, "1"]
    resources: {requests: {memory: 64Mi, cpu: 100m}, limits: {memory: %s}}
"""


def test_object_fields_with_paths_and_operators():
    setup = [{"kubectl": "create deployment web --image=nginx:1.25 --replicas=2"}, {"run": 30}]
    r = grade([{"id": "a", "type": "object", "args": {"kind": "Deployment", "name": "web", "fields": {
        "spec.replicas": {"gte": 2}, "spec.template.spec.containers[name=nginx].image": {"matches": "^nginx:1\\.2"},
        "metadata.labels.app": "web", "spec.paused": {"exists": False}}}},
        {"id": "b", "type": "object", "args": {"kind": "Deployment", "name": "web", "fields": {"spec.replicas": 3}}},
        {"id": "c", "type": "object", "args": {"kind": "Service", "name": "web"}}], setup)
    assert r["a"].passed
    assert r["b"].key == "grading.object.field" and r["b"].params["actual"] == "2"
    assert r["c"].key == "grading.object.missing"


def test_oom_kill_usage_and_fit():
    r = grade([{"id": "oom", "type": "no_oom_or_eviction", "args": {}},
               {"id": "mem", "type": "usage_under", "args": {"scope": "pod", "name": "hog", "resource": "memory",
                                                             "max": "200Mi", "since": "start"}},
               {"id": "fit", "type": "requests_fit_nodes", "args": {}}],
              [{"apply": POD % "128Mi"}], [{"mark": "start"}, {"run": 60}])
    assert r["oom"].key == "grading.health.oom" and r["oom"].params["pods"] == "hog"
    assert r["fit"].passed
    ok = grade([{"id": "mem", "type": "usage_under", "args": {"scope": "pod", "name": "hog", "resource": "memory",
                                                               "max": "200Mi", "since": "start"}}],
               [{"apply": POD % "400Mi"}], [{"mark": "start"}, {"run": 60}])
    assert ok["mem"].key == "grading.usage.bad" and ok["mem"].params["peak"] == "300Mi"


def test_pending_pods_fail_the_fit_check():
    big = POD.replace("hog", "huge") % "128Mi"
    big = big.replace("cpu: 100m", "cpu: '64'")
    r = grade([{"id": "fit", "type": "requests_fit_nodes", "args": {}}], [{"apply": big}, {"run": 10}])
    assert r["fit"].key == "grading.fit.pending" and r["fit"].params["pods"] == "huge"


def test_quota_over_and_under():
    quota = """apiVersion: v1
kind: ResourceQuota
metadata: {name: q, namespace: default}
spec: {hard: {pods: "1"}}
"""
    r = grade([{"id": "in", "type": "quota_within", "args": {"namespace": "default"}},
               {"id": "min", "type": "quota_within", "args": {"namespace": "default", "min_used": {"pods": "1"}}},
               {"id": "none", "type": "quota_within", "args": {"namespace": "kube-system"}}],
              [{"apply": quota}, {"run": 5}])
    assert r["in"].passed
    assert r["min"].key == "grading.quota.under"
    assert r["none"].key == "grading.quota.missing"


def test_node_cost_counts_nodes_that_were_removed():
    from k8scourse.grading.checks.cloud import node_cost
    spec = spec_of([{"id": "c", "type": "cost_under", "args": {"budget_usd": 1}}])
    world = replay(spec, [{"target": "cluster", "op": "add_node", "args": [], "kwargs": {}},
                          {"target": "cluster", "op": "run", "args": [3600], "kwargs": {}}])
    cluster = world.targets["cluster"]
    view = View(world).cluster
    before = node_cost(view, world.start_ms)
    assert before == pytest.approx(3 * 0.146, rel=0.05)
    cluster.remove_node(sorted(n["metadata"]["name"] for n in cluster.list("nodes"))[-1])
    cluster.run(3600)
    assert node_cost(view, world.start_ms) == pytest.approx(before + 2 * 0.146, rel=0.05)


def test_service_availability_from_the_endpoints_history():
    setup = [{"kubectl": "create deployment web --image=nginx:1.25"},
             {"apply": "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
                       "spec: {selector: {app: web}, ports: [{port: 80}]}\n"}, {"run": 60}]
    r = grade([{"id": "up", "type": "service_available", "args": {"name": "web", "since": "fault"}}], setup,
              [{"fault": {"stop_node": "busiest", "selector": "app=web"}}, {"run": 120}])
    assert r["up"].key == "grading.available.bad" and r["up"].params["seconds"] > 0


def test_a_broken_check_scores_zero_with_the_reason_and_gates_apply():
    spec = spec_of([{"id": "a", "type": "object", "args": {}},
                    {"id": "b", "type": "no_oom_or_eviction", "args": {}, "requires": ["a"]}])
    world = replay(spec, [])
    results = [run_check(View(world), c) for c in spec.checks]
    assert results[0].key == "grading.check.error" and "KeyError" in results[0].params["detail"]
    assert results[1].passed
    gated = gate(results, spec)
    assert gated[1].points == 0 and gated[1].key == "grading.check.requires"
    assert isinstance(gated[1], CheckResult)


@pytest.mark.parametrize("bad, message", [
    ({"title": {"en": "only english"}}, "every language"),
    ({"checks": [{"id": "a", "type": "nope", "title": T}]}, "unknown check type"),
    ({"checks": [{"id": "a", "type": "object", "title": T}, {"id": "a", "type": "object", "title": T}]}, "duplicate"),
    ({"checks": [{"id": "a", "type": "object", "title": T, "requires": ["z"]}]}, "requires"),
    ({"start": {}}, "start needs"),
    ({"start": {"cluster": {}, "setup": [{"run": -1}]}}, "seconds"),
])
def test_bad_specs_are_refused_with_a_clear_message(bad, message):
    data = {"id": "x", "title": T, "start": {"cluster": {}}, "checks": []}
    data.update(bad)
    with pytest.raises(SpecError, match=message):
        parse_spec(data, Path("x.check.yaml"))


def test_every_exercise_spec_loads_and_has_a_notebook_without_outputs():
    import nbformat

    from k8scourse.grading import available, load_spec
    for ex_id in available():
        spec = load_spec(ex_id)
        nb = nbformat.read(str(spec.notebook_path), as_version=4)
        assert nb.metadata["k8scourse"]["exercise"] == ex_id
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
        assert spec.max_points > 0 and spec.hints
