"""Optimistic concurrency: a write carrying a stale ``metadata.resourceVersion`` is a Conflict on
every path (update, patch, status, dry run) and changes nothing."""

from __future__ import annotations

import pytest

from k8scourse.apiserver import APIServer
from k8scourse.cluster import Cluster
from k8scourse.errors import APIError
from k8scourse.sim import Simulation

CONFLICT = ('Operation cannot be fulfilled on deployments.apps "web": the object has been modified; '
            'please apply your changes to the latest version and try again')


def deployment():
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
            "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
                     "template": {"metadata": {"labels": {"app": "web"}},
                                  "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}


@pytest.fixture
def api():
    server = APIServer(Simulation(seed=1))
    created = server.create(deployment())
    fresh = server.get("deployments", "web")
    fresh["metadata"]["labels"] = {"v": "2"}
    server.update(fresh)                        # created's resourceVersion is now stale
    server.stale_rv = created["metadata"]["resourceVersion"]
    return server


def conflict(call) -> APIError:
    with pytest.raises(APIError) as err:
        call()
    assert err.value.reason == "Conflict" and err.value.code == 409
    assert err.value.message == CONFLICT
    return err.value


@pytest.mark.parametrize("dry_run", [False, True])
def test_patch_with_a_stale_resource_version_is_a_conflict(api, dry_run):
    before = api.get("deployments", "web")
    conflict(lambda: api.patch("deployments", "web", "default",
                               {"metadata": {"resourceVersion": api.stale_rv}, "spec": {"replicas": 3}},
                               "merge", dry_run=dry_run))
    assert api.get("deployments", "web") == before


def test_patch_with_the_current_resource_version_applies(api):
    current = api.get("deployments", "web")["metadata"]["resourceVersion"]
    patched = api.patch("deployments", "web", "default",
                        {"metadata": {"resourceVersion": current}, "spec": {"replicas": 3}}, "merge")
    assert patched["spec"]["replicas"] == 3


def test_patch_without_a_resource_version_is_unconditional(api):
    assert api.patch("deployments", "web", "default", {"spec": {"replicas": 4}}, "strategic")["spec"]["replicas"] == 4


@pytest.mark.parametrize("dry_run", [False, True])
def test_update_with_a_stale_resource_version_is_a_conflict(api, dry_run):
    before = api.get("deployments", "web")
    body = api.get("deployments", "web")
    body["metadata"]["resourceVersion"] = api.stale_rv
    body["spec"]["replicas"] = 9
    conflict(lambda: api.update(body, dry_run=dry_run))
    assert api.get("deployments", "web") == before


def test_status_write_with_a_stale_resource_version_is_a_conflict(api):
    before = api.get("deployments", "web")
    conflict(lambda: api.patch("deployments", "web", "default",
                               {"metadata": {"resourceVersion": api.stale_rv}, "status": {"replicas": 5}},
                               "merge", subresource="status"))
    assert api.get("deployments", "web") == before


def test_kubectl_patch_with_a_stale_resource_version_exits_1_and_changes_nothing():
    c = Cluster(nodes=1, seed=3)
    c.kubectl("create deployment web --image=nginx", echo=False)
    before = c.get("deployment", "web")
    out = c.kubectl(['patch', 'deploy', 'web', '-p', '{"metadata":{"resourceVersion":"2"},"spec":{"replicas":3}}'],
                    echo=False)
    assert out.exit_code == 1
    assert out.stderr == f"Error from server (Conflict): {CONFLICT}\n"
    assert c.get("deployment", "web")["metadata"]["resourceVersion"] == before["metadata"]["resourceVersion"]
