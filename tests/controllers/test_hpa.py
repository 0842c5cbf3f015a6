"""The HorizontalPodAutoscaler: formula, tolerance, stabilization, policies, conditions, events."""

from __future__ import annotations

import pytest

from k8scourse import Cluster
from k8scourse.controllers.hpa import DEFAULT_BEHAVIOR, scale_down_limit, scale_up_limit
from k8scourse.controllers.hpa_metrics import MetricError, calculate

WEB = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
        resources: {requests: {cpu: 200m}}
"""


@pytest.fixture
def c():
    cluster = Cluster(nodes=3, seed=4)
    cluster.apply(WEB, echo=False)
    cluster.run(seconds=30)
    return cluster


def k(c, line):
    return c.kubectl(line, echo=False)


def hpa_line(c):
    return k(c, "get hpa web").stdout.splitlines()[1].split()


def conditions(c):
    return {x["type"]: x for x in c.get("horizontalpodautoscalers", "web")["status"]["conditions"]}


def test_autoscale_command_and_unknown_target_before_metrics(c):
    out = k(c, "autoscale deployment web --cpu-percent=50 --min=1 --max=10")
    assert out.stdout == "horizontalpodautoscaler.autoscaling/web autoscaled\n"
    hpa = c.get("horizontalpodautoscalers", "web")
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}
    assert hpa["spec"]["metrics"][0]["resource"]["target"] == {"type": "Utilization", "averageUtilization": 50}
    assert hpa_line(c)[:6] == ["web", "Deployment/web", "cpu:", "<unknown>/50%", "1", "10"]
    again = k(c, "autoscale deployment web --max=3")
    assert again.stderr == ('Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling "web" '
                            'already exists\n')
    # --max is a required flag: cobra refuses before the command runs, reported through klog
    assert k(c, "autoscale deployment web --min=2").stderr.endswith(
        ' run.go:72] "command failed" err="required flag(s) \\"max\\" not set"\n')
    assert k(c, "autoscale deployment web --max=0").stderr == \
        "error: --max=MAXPODS is required and must be at least 1, max: 0\n"


def test_scale_up_under_load_then_stabilized_scale_down(c):
    k(c, "autoscale deployment web --cpu-percent=50 --min=1 --max=10")
    f = c.faults
    f.load("app=web", cpu_millicores=180)         # 90 % of the 200m request
    c.run(seconds=30)
    assert hpa_line(c)[3] == "90%/50%"
    events = [e for e in c.list("events") if e["reason"] == "SuccessfulRescale"]
    assert events[0]["message"] == ("New size: 2; reason: cpu resource utilization (percentage of request) "
                                    "above target")
    c.run(seconds=240)
    assert c.get("deployments", "web")["spec"]["replicas"] == 10
    assert conditions(c)["ScalingLimited"]["reason"] == "TooManyReplicas"
    f.load("app=web", cpu_millicores=0)
    c.run(seconds=60)
    assert c.get("deployments", "web")["spec"]["replicas"] == 10
    assert conditions(c)["AbleToScale"]["reason"] == "ScaleDownStabilized"
    c.run(seconds=300)
    assert c.get("deployments", "web")["spec"]["replicas"] == 1
    last = [e for e in c.list("events") if e["reason"] == "SuccessfulRescale"][-1]
    assert last["message"] == "New size: 1; reason: All metrics below target"
    status = c.get("horizontalpodautoscalers", "web")["status"]
    assert status["currentReplicas"] == 1 and status["desiredReplicas"] == 1 and status["lastScaleTime"]
    assert conditions(c)["ScalingActive"]["reason"] == "ValidMetricFound"


def test_within_tolerance_nothing_changes(c):
    k(c, "autoscale deployment web --cpu-percent=50 --max=5")
    c.faults.load("app=web", cpu_millicores=105)   # 52 %: within 10 % of the target
    c.run(seconds=120)
    assert c.get("deployments", "web")["spec"]["replicas"] == 1


def test_metrics_server_down_means_scaling_inactive(c):
    k(c, "autoscale deployment web --cpu-percent=50 --max=5")
    c.faults.stop("metrics-server")
    c.run(seconds=20)
    cond = conditions(c)["ScalingActive"]
    assert (cond["status"], cond["reason"]) == ("False", "FailedGetResourceMetric")
    assert "the server is currently unable to handle the request (get pods.metrics.k8s.io)" in cond["message"]
    assert hpa_line(c)[3] == "<unknown>/50%"
    reasons = {e["reason"] for e in c.list("events")}
    assert {"FailedGetResourceMetric", "FailedComputeMetricsReplicas"} <= reasons


def test_missing_request_is_reported():
    c = Cluster(nodes=1, seed=0)
    k(c, "create deployment bare --image=nginx")
    c.run(seconds=30)
    k(c, "autoscale deployment bare --cpu-percent=50 --max=3")
    c.run(seconds=40)
    cond = {x["type"]: x for x in c.get("horizontalpodautoscalers", "bare")["status"]["conditions"]}
    assert "missing request for cpu in container nginx of Pod bare-" in cond["ScalingActive"]["message"]


def test_formula_and_policies():
    assert calculate({"a": 150}, {"a": 200}, 50, 1, set(), set(), True)[:2] == (2, 75)
    assert calculate({"a": 50, "b": 50}, {"a": 200, "b": 200}, 50, 2, set(), set(), True)[:2] == (1, 25)
    # a missing pod counts as at target when scaling down: 4 pods, 2 idle + 2 unknown → 3
    assert calculate({"a": 0, "b": 0}, {"a": 100, "b": 100, "c": 100, "d": 100}, 50, 4, set(), {"c", "d"},
                     True)[0] == 2
    with pytest.raises(MetricError):
        calculate({}, {}, 50, 1, set(), set(), True)
    up, down = DEFAULT_BEHAVIOR["scaleUp"], DEFAULT_BEHAVIOR["scaleDown"]
    assert scale_up_limit(1, [], [], up, 0) == 5          # 4 pods beats 100 %
    assert scale_up_limit(10, [], [], up, 0) == 20        # 100 % beats 4 pods
    assert scale_up_limit(10, [(0, 10)], [], up, 10_000) == 4    # period started at 0 pods: the controller keeps 10
    assert scale_down_limit(10, [], [], down, 0) == 0


def test_replicas_outside_the_range_are_corrected(c):
    k(c, "scale deployment web --replicas=6")
    k(c, "autoscale deployment web --cpu-percent=50 --min=1 --max=4")
    c.run(seconds=16)
    assert c.get("deployments", "web")["spec"]["replicas"] == 4
    msgs = [e["message"] for e in c.list("events") if e["reason"] == "SuccessfulRescale"]
    assert msgs == ["New size: 4; reason: Current number of replicas above Spec.MaxReplicas"]
