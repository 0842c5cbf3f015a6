"""``dryRun`` never persists (status and scale included); status writes are validated like the
main resource; a refused write changes nothing."""

from __future__ import annotations

import pytest

from k8scourse.apiserver import APIServer
from k8scourse.apiserver.server import Request
from k8scourse.cluster import Cluster
from k8scourse.errors import APIError
from k8scourse.sim import Simulation


def deployment():
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
            "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
                     "template": {"metadata": {"labels": {"app": "web"}},
                                  "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}


@pytest.fixture
def api():
    server = APIServer(Simulation(seed=1))
    server.create(deployment())
    return server


def test_status_patch_dry_run_returns_the_result_and_stores_nothing(api):
    revision = api.store.revision
    result = api.patch("deployments", "web", "default", {"status": {"replicas": 4}}, "merge",
                       subresource="status", dry_run=True)
    assert result["status"]["replicas"] == 4
    assert api.store.revision == revision and "replicas" not in api.get("deployments", "web").get("status", {})


def test_status_put_dry_run_through_the_rest_shape(api):
    body = api.get("deployments", "web")
    body["status"] = {"replicas": 3}
    revision = api.store.revision
    out = api.handle(Request("update", "deployments", "default", "web", "status", body, {"dryRun": ["All"]}))
    assert out["status"] == {"replicas": 3} and api.store.revision == revision


def test_server_side_apply_of_status_dry_run_stores_nothing(api):
    from k8scourse.apiserver.apply import server_side_apply
    revision = api.store.revision
    server_side_apply(api, api.info("deployments"), "default", "web",
                      {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
                       "status": {"replicas": 2}}, manager="me", subresource="status", dry_run=True)
    assert api.store.revision == revision


@pytest.mark.parametrize("status, message", [
    ({"replicas": -1}, "status.replicas: Invalid value: -1: must be greater than or equal to 0"),
    ({"replicas": 1, "availableReplicas": 2, "readyReplicas": 2},
     "status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas"),
    ({"replicas": 2, "availableReplicas": 2, "readyReplicas": 1},
     "status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas"),
])
def test_status_writes_are_validated(api, status, message):
    revision = api.store.revision
    with pytest.raises(APIError) as err:
        api.patch("deployments", "web", "default", {"status": status}, "merge", subresource="status")
    assert err.value.reason == "Invalid" and message in err.value.message
    assert api.store.revision == revision


def test_status_writes_are_decoded_strictly(api):
    with pytest.raises(APIError) as err:
        api.patch("deployments", "web", "default", {"status": {"replicas": "x"}}, "merge", subresource="status")
    assert err.value.code == 400
    assert err.value.message.endswith("json: cannot unmarshal string into Go struct field "
                                      "DeploymentStatus.status.replicas of type int32")


def test_status_quantities_are_canonicalised(api):
    api.create({"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "q"},
                "spec": {"hard": {"cpu": "2"}}})
    out = api.patch("resourcequotas", "q", "default", {"status": {"hard": {"cpu": "2000m"}, "used": {"cpu": "0.5"}}},
                    "merge", subresource="status")
    assert out["status"] == {"hard": {"cpu": "2"}, "used": {"cpu": "500m"}}


def test_replica_set_status_rules(api):
    from k8scourse.apiserver.validation.status import validate_status
    errs = validate_status("ReplicaSet", {"status": {"replicas": 1, "fullyLabeledReplicas": 2}})
    assert [str(e) for e in errs] == [
        "status.fullyLabeledReplicas: Invalid value: 2: cannot be greater than status.replicas"]
    assert validate_status("ConfigMap", {"status": {"replicas": -1}}) == []


def test_kubectl_scale_and_patch_server_dry_runs_change_nothing():
    c = Cluster(nodes=1, seed=2)
    c.kubectl("create deployment web --image=nginx", echo=False)
    c.settle()
    before = c.get("deployment", "web")
    assert c.kubectl("scale deploy web --replicas=5 --dry-run=server", echo=False).exit_code == 0
    out = c.kubectl(["patch", "deploy", "web", "--subresource=status", "--type=merge",
                     "-p", '{"status":{"replicas":9}}', "--dry-run=server"], echo=False)
    assert out.stdout == "deployment.apps/web patched\n"
    assert c.get("deployment", "web") == before
