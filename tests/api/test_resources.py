"""One pod-resources rule (k8scourse.api.resources): every component that sums a pod's requests agrees."""

import pytest

from k8scourse import Cluster
from k8scourse.api.quantity import Quantity
from k8scourse.api.resources import amounts, non_zero_requests, pod_limits, pod_requests
from k8scourse.apiserver.quota import POD_EVALUATOR
from k8scourse.cli.describe.node import pod_requests_and_limits
from k8scourse.cloud.aks.autoscaler import requests as autoscaler_requests
from k8scourse.controllers.hpa_metrics import pod_request as hpa_pod_request
from k8scourse.kubelet.admission import admit
from k8scourse.scheduler.nodeinfo import pod_requests as scheduler_requests


def _c(name, cpu=None, memory=None, restart=None, limit_cpu=None):
    c = {"name": name, "image": "nginx", "resources": {}}
    if cpu or memory:
        c["resources"]["requests"] = {k: v for k, v in (("cpu", cpu), ("memory", memory)) if v}
    if limit_cpu:
        c["resources"]["limits"] = {"cpu": limit_cpu}
    if restart:
        c["restartPolicy"] = restart
    return c


PODS = {
    "plain": {"containers": [_c("a", "250m", "64Mi"), _c("b", "250m", "64Mi")]},
    "init-peak": {"containers": [_c("a", "250m", "64Mi")], "initContainers": [_c("i", "2", "1Gi")]},
    "sidecar": {"containers": [_c("a", "1500m", "1Gi")],
                "initContainers": [_c("mesh", "500m", "128Mi", restart="Always")]},
    "sidecar-then-init": {"containers": [_c("a", "100m", "64Mi")],
                          "initContainers": [_c("mesh", "500m", "128Mi", restart="Always"), _c("migrate", "1", "1Gi")]},
    "overhead": {"containers": [_c("a", "250m", "64Mi", limit_cpu="1")], "overhead": {"cpu": "50m", "memory": "10Mi"}},
    "no-requests": {"containers": [_c("a")]},
}
EXPECTED_CPU = {"plain": 500, "init-peak": 2000, "sidecar": 2000, "sidecar-then-init": 1500, "overhead": 300,
                "no-requests": 0}


@pytest.mark.parametrize("name", sorted(PODS))
def test_every_caller_agrees(name):
    pod = {"metadata": {"name": name, "namespace": "default"}, "spec": PODS[name]}
    want = amounts(pod_requests(pod))
    assert want.get("cpu", 0) == EXPECTED_CPU[name]
    sched = scheduler_requests(pod)
    assert (sched.cpu, sched.memory) == (want.get("cpu", 0), want.get("memory", 0))
    assert autoscaler_requests(pod) == (want.get("cpu", 0), want.get("memory", 0))
    reqs, limits = pod_requests_and_limits(pod)
    assert amounts(reqs) == want and amounts(limits) == amounts(pod_limits(pod))
    usage = POD_EVALUATOR.usage(pod, 0)
    assert usage.get("requests.cpu", Quantity.parse("0")).milli_value() == want.get("cpu", 0)
    if name in ("sidecar", "sidecar-then-init", "plain"):
        # the HPA's utilisation base: app containers and sidecars (not ordinary init containers)
        running = {"plain": 500, "sidecar": 2000, "sidecar-then-init": 600}[name]
        assert hpa_pod_request(pod, "cpu") == running
    # the kubelet admits exactly up to the effective request
    cpu = want.get("cpu", 0)
    if cpu:
        assert admit(pod, [], {"cpu": f"{cpu}m", "memory": "64Gi", "pods": "110"}) is None
        refused = admit(pod, [], {"cpu": f"{cpu - 1}m", "memory": "64Gi", "pods": "110"})
        assert refused is not None and refused[0] == "OutOfcpu"


def test_non_zero_requests_default_missing_values_per_container():
    pod = {"spec": {"containers": [_c("a"), _c("b", "1")],
                    "initContainers": [_c("mesh", restart="Always")]}}
    # three running containers: 100m + 1000m + 100m; memory 3 × 200 MiB
    assert non_zero_requests(pod) == (1200, 3 * 200 * 1024 * 1024)


def test_sidecar_pod_that_does_not_fit_stays_pending_instead_of_being_rejected_by_the_kubelet():
    c = Cluster(nodes=1, seed=0)      # Standard_DS2_v2: 1900m allocatable, kube-system takes some
    c.apply("""
apiVersion: v1
kind: Pod
metadata: {name: big}
spec:
  initContainers:
  - {name: mesh, image: busybox, restartPolicy: Always, command: [sleep, "3600"], resources: {requests: {cpu: 950m}}}
  containers:
  - {name: app, image: nginx, resources: {requests: {cpu: "1"}}}
""", echo=False)
    c.run(seconds=30)
    pod = c.get("pods", "big")
    assert pod["status"]["phase"] == "Pending" and not pod["spec"].get("nodeName")
    events = c.kubectl("get events --field-selector involvedObject.name=big", echo=False)
    assert "FailedScheduling" in events and "1 Insufficient cpu" in events
    assert "OutOfcpu" not in events
