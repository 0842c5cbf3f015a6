"""``Cluster.connect``: the course's handle on a real cluster — here the simulator's own served
endpoint stands in for one (the real kubectl, the official client, wall-clock time)."""

from __future__ import annotations

import pytest

from k8scourse import Cluster
from k8scourse.errors import APIError, SimulationError
from k8scourse.grading.grade import grade_cluster
from k8scourse.grading.spec import load_spec

MANIFEST = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: nginx, image: "nginx:1.7.9", ports: [{containerPort: 8090}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: webapp}
  ports: [{port: 80, targetPort: 8090}]
"""


@pytest.fixture
def remote(tmp_path):
    from realkubectl import kubectl_binary
    cluster = Cluster(nodes=3, seed=4, clock="manual")
    served = cluster.serve(kubeconfig=tmp_path / "config")        # live clock: time passes by itself
    cluster.clock.set_mode("live", speed=20)
    yield Cluster.connect(kubeconfig=tmp_path / "config", kubectl=kubectl_binary()), cluster
    served.stop()
    cluster.clock.close()


def test_the_same_surface_on_a_real_cluster(remote):
    handle, simulated = remote
    assert handle.name == "k8scourse" and handle.kubernetes_version == "1.32.4" and handle.reachable()
    result = handle.apply(MANIFEST, echo=False)
    assert (result.stdout, result.exit_code) == ("deployment.apps/web created\nservice/web created\n", 0)
    assert handle.wait_until(lambda: (handle.get("deployments", "web").get("status") or {}).get("readyReplicas") == 3,
                             timeout_s=60)
    pods = handle.pods("default")
    assert sorted(pods["phase"]) == ["Running"] * 3
    assert set(pods["name"]) == {p["metadata"]["name"] for p in simulated.list("pods", "default")}
    assert len(handle.nodes()) == 3 and handle.nodes()["ready"].all()
    assert [p["metadata"]["name"] for p in handle.list("pods", "default", "app=web")] == sorted(pods["name"])
    with pytest.raises(APIError) as err:
        handle.get("pods", "nope")
    assert err.value.code == 404 and err.value.reason == "NotFound"
    out = handle.kubectl("get deploy web -o jsonpath={.spec.replicas}", echo=False)
    assert out.stdout == "3"
    for simulator_only in (lambda: handle.explain("web"), lambda: handle.faults, handle.history):
        with pytest.raises(SimulationError, match="simulator-only"):
            simulator_only()


def test_grading_checks_read_a_real_cluster(remote):
    handle, _simulated = remote
    spec = load_spec("ex04-fix-service")
    handle.apply(MANIFEST, echo=False)
    assert handle.wait_until(lambda: (handle.get("deployments", "web").get("status") or {}).get("readyReplicas") == 3,
                             timeout_s=60)
    before = grade_cluster(spec, handle)
    assert [c.points for c in before.checks] == [0.0, 0.0]
    handle.kubectl(["patch", "service", "web", "-p", '{"spec":{"selector":{"app":"web"}}}'], echo=False)
    assert handle.wait_until(lambda: len(((handle.get("endpoints", "web").get("subsets") or [{}])[0]
                                          .get("addresses") or [])) == 3, timeout_s=60)
    after = grade_cluster(spec, handle)
    assert after.checks[0].points == after.checks[0].max_points           # endpoints: read through the client
    assert after.checks[1].points == 0.0 and "simulator-only" in after.checks[1].params["detail"]
