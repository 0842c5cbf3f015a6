"""kubectl apply --server-side over a client-side-applied object (k8scourse.cli.kubectl.csa_upgrade):
the requests it sends and how the API server answers them."""

from __future__ import annotations

import json

import pytest

from k8scourse import Cluster
from k8scourse.cli.kubectl import csa_upgrade
from k8scourse.errors import APIError

CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n{}"
LAST = csa_upgrade.LAST_APPLIED


@pytest.fixture
def cluster():
    c = Cluster(nodes=1, seed=0)
    c.kubectl(["apply", "-f", "-"], stdin=CM.format("  a: \"1\"\n  b: \"1\"\n"), echo=False)
    return c


def cm(c):
    return c.engine.api.get("configmaps", "c", "default")


def managers(obj):
    return [(e["manager"], e["operation"]) for e in obj["metadata"]["managedFields"]]


def test_server_side_apply_takes_over_the_client_side_fields_and_drops_the_ones_left_out(cluster):
    r = cluster.kubectl(["apply", "--server-side", "-f", "-"], stdin=CM.format("  a: \"2\"\n"), echo=False)
    assert r.exit_code == 0 and r.stdout == "configmap/c serverside-applied\n"
    obj = cm(cluster)
    assert obj["data"] == {"a": "2"}          # b only the client-side manager owned: gone
    assert managers(obj) == [("kubectl", "Apply"), ("kubectl-last-applied", "Apply")]
    assert json.loads(obj["metadata"]["annotations"][LAST])["data"] == {"a": "2"}


def test_another_field_manager_migrates_too_but_keeps_no_annotation(cluster):
    r = cluster.kubectl(["apply", "--server-side", "--field-manager=alice", "--force-conflicts", "-f", "-"],
                        stdin=CM.format("  a: \"2\"\n"), echo=False)
    assert r.exit_code == 0
    obj = cm(cluster)
    assert managers(obj) == [("alice", "Apply")] and LAST not in (obj["metadata"].get("annotations") or {})


def test_a_server_dry_run_changes_nothing(cluster):
    before = cm(cluster)
    r = cluster.kubectl(["apply", "--server-side", "--dry-run=server", "-f", "-"], stdin=CM.format("  a: \"2\"\n"),
                        echo=False)
    assert r.stdout == "configmap/c serverside-applied (server dry run)\n"
    assert cm(cluster) == before


def test_the_patch_moves_the_managers_and_a_stale_resource_version_is_a_conflict(cluster):
    api = cluster.engine.api
    obj = cm(cluster)
    patch = csa_upgrade.upgrade_patch(obj, {"kubectl-client-side-apply"}, "kubectl")
    assert [op["path"] for op in patch] == ["/metadata/managedFields", "/metadata/resourceVersion"]
    assert [(e["manager"], e["operation"]) for e in patch[0]["value"]] == [("kubectl", "Apply")]
    api.patch("configmaps", "c", "default", {"metadata": {"labels": {"x": "y"}}}, "merge")   # a write in between
    with pytest.raises(APIError) as exc:
        api.patch("configmaps", "c", "default", json.dumps(patch), "json", user="kubectl", manager="kubectl")
    assert exc.value.code == 409
    # migrate reads the object again and retries: the managers sent replace the stored ones
    migrated, done = csa_upgrade.migrate(api, api.info("configmaps"), "default", "c", obj, manager="kubectl",
                                         dry_run=False)
    assert done and ("kubectl", "Apply") in managers(migrated)
    assert ("kubectl-client-side-apply", "Update") not in managers(migrated)
    assert migrated["metadata"]["labels"] == {"x": "y"}
    assert csa_upgrade.upgrade_patch(migrated, {"kubectl-client-side-apply"}, "kubectl") is None


def test_a_refused_patch_is_a_warning_and_the_apply_stands(cluster, monkeypatch):
    def refuse(*args, **kwargs):
        raise APIError("Conflict", 409, "the object has been modified; please apply your changes to the latest "
                       "version and try again")
    monkeypatch.setattr(csa_upgrade, "MAX_PATCH_RETRY", 3)
    monkeypatch.setattr(type(cluster.engine.api), "patch", refuse)
    r = cluster.kubectl(["apply", "--server-side", "-f", "-"], stdin=CM.format("  a: \"2\"\n"), echo=False)
    assert r.exit_code == 0 and r.stdout == "configmap/c serverside-applied\n"
    assert r.stderr.startswith("Warning: server rejected managed fields migration to Server-Side Apply.")
    assert r.stderr.endswith("Error: the object has been modified; please apply your changes to the latest "
                             "version and try again\n")
    obj = cm(cluster)
    assert ("kubectl-client-side-apply", "Update") in managers(obj) and obj["data"] == {"a": "2", "b": "1"}


def test_nothing_is_sent_without_a_client_side_manager():
    c = Cluster(nodes=1, seed=0)
    c.kubectl(["apply", "--server-side", "-f", "-"], stdin=CM.format("  a: \"1\"\n"), echo=False)
    rv = cm(c)["metadata"]["resourceVersion"]
    c.kubectl(["apply", "--server-side", "-f", "-"], stdin=CM.format("  a: \"1\"\n"), echo=False)
    assert cm(c)["metadata"]["resourceVersion"] == rv and managers(cm(c)) == [("kubectl", "Apply")]
