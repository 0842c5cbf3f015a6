"""The API server's request path, through its public methods."""

from __future__ import annotations

import pytest

from k8scourse.apiserver import APIServer
from k8scourse.errors import APIError
from k8scourse.sim import Simulation


def pod(name="web", **spec):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
            "spec": {"containers": [{"name": "c", "image": "nginx:1.25"}], **spec}}


def deployment(name="web", replicas=2):
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}},
                                  "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}


@pytest.fixture
def api():
    return APIServer(Simulation(seed=1))


def test_system_namespaces_exist(api):
    names = [n["metadata"]["name"] for n in api.list("namespaces")["items"]]
    assert names == ["default", "kube-node-lease", "kube-public", "kube-system"]


def test_create_fills_identity_and_defaults(api):
    created = api.create(pod())
    md = created["metadata"]
    assert md["namespace"] == "default" and md["uid"] and md["creationTimestamp"] == "2026-03-02T09:00:00Z"
    assert int(md["resourceVersion"]) == api.store.revision
    assert created["status"] == {"phase": "Pending", "qosClass": "BestEffort"}
    assert created["spec"]["serviceAccountName"] == "default"
    assert {t["key"] for t in created["spec"]["tolerations"]} == {
        "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"}


def test_generate_name_gets_a_five_character_suffix(api):
    body = pod()
    body["metadata"] = {"generateName": "web-"}
    name = api.create(body)["metadata"]["name"]
    assert name.startswith("web-") and len(name) == 9
    assert all(ch in "bcdfghjklmnpqrstvwxz2456789" for ch in name[4:])


def test_name_or_generate_name_required(api):
    body = pod()
    body["metadata"] = {}
    with pytest.raises(APIError) as err:
        api.create(body)
    assert err.value.reason == "Invalid"
    assert "metadata.name: Required value: name or generateName is required" in err.value.message


def test_already_exists_changes_nothing(api):
    api.create(pod())
    revision = api.store.revision
    with pytest.raises(APIError) as err:
        api.create(pod())
    assert str(err.value) == 'pods "web" already exists' and err.value.code == 409
    assert api.store.revision == revision


def test_stale_update_is_a_conflict(api):
    first = api.create(deployment())
    fresh = api.get("deployments", "web")
    fresh["spec"]["replicas"] = 5
    api.update(fresh)
    first["spec"]["replicas"] = 7              # based on the old resourceVersion
    with pytest.raises(APIError) as err:
        api.update(first)
    assert err.value.reason == "Conflict"
    assert err.value.message == ('Operation cannot be fulfilled on deployments.apps "web": the object has '
                                 'been modified; please apply your changes to the latest version and try again')
    assert api.get("deployments", "web")["spec"]["replicas"] == 5


def test_generation_bumps_on_spec_changes_only(api):
    api.create(deployment())
    d = api.get("deployments", "web")
    assert d["metadata"]["generation"] == 1
    d["metadata"]["labels"] = {"x": "y"}
    d = api.update(d)
    assert d["metadata"]["generation"] == 1
    d["spec"]["replicas"] = 3
    assert api.update(d)["metadata"]["generation"] == 2


def test_status_is_a_separate_subresource(api):
    api.create(deployment())
    d = api.get("deployments", "web")
    d["status"] = {"replicas": 9}
    assert "replicas" not in (api.update(d).get("status") or {})
    d = api.get("deployments", "web")
    d["status"] = {"replicas": 2}
    d["spec"]["replicas"] = 10
    after = api.update_status(d)
    assert after["status"] == {"replicas": 2} and after["spec"]["replicas"] == 2


def test_readers_cannot_mutate_the_store(api):
    api.create(pod())
    got = api.get("pods", "web")
    got["spec"]["containers"][0]["image"] = "evil"
    listed = api.list("pods")["items"][0]
    listed["metadata"]["labels"] = {"x": "y"}
    again = api.get("pods", "web")
    assert again["spec"]["containers"][0]["image"] == "nginx:1.25"
    assert "labels" not in again["metadata"]


def test_dry_run_stores_nothing(api):
    revision = api.store.revision
    out = api.create(pod(), dry_run=True)
    assert out["metadata"]["name"] == "web"
    assert api.store.revision == revision and api.peek("pods", "web") is None


def test_patch_types(api):
    api.create(pod())
    merged = api.patch("pods", "web", "default", {"metadata": {"labels": {"a": "1"}}}, "merge")
    assert merged["metadata"]["labels"] == {"a": "1"}
    jsonp = api.patch("pods", "web", "default", [{"op": "add", "path": "/metadata/labels/b", "value": "2"}], "json")
    assert jsonp["metadata"]["labels"] == {"a": "1", "b": "2"}
    with pytest.raises(APIError) as err:
        api.patch("pods", "web", "default", "{not json", "merge")
    assert err.value.reason == "BadRequest"


def test_watch_sees_every_write_in_order(api):
    seen = []
    api.watch("pods", lambda ev: seen.append((ev.type, ev.object["metadata"]["name"], ev.revision)))
    api.create(pod("a"))
    api.create(pod("b"))
    api.delete("pods", "a")
    assert [(t, n) for t, n, _ in seen] == [("ADDED", "a"), ("ADDED", "b"), ("DELETED", "a")]
    revisions = [r for *_, r in seen]
    assert revisions == sorted(revisions)


def test_history_records_who_wrote_what(api):
    api.create(pod(), user="kubectl")
    api.delete("pods", "web", user="kubectl")
    tail = list(api.store.history())[-2:]
    assert [(h.verb, h.key, h.actor) for h in tail] == [
        ("create", ("pods", "default", "web"), "kubectl"), ("delete", ("pods", "default", "web"), "kubectl")]


def test_missing_namespace_and_immortal_namespaces(api):
    body = pod()
    body["metadata"]["namespace"] = "nope"
    with pytest.raises(APIError) as err:
        api.create(body)
    assert str(err.value) == 'namespaces "nope" not found'
    with pytest.raises(APIError) as err:
        api.delete("namespaces", "default", "")
    assert err.value.message == 'namespaces "default" is forbidden: this namespace may not be deleted'


def test_unserved_version_is_no_match(api):
    with pytest.raises(APIError) as err:
        api.create({"apiVersion": "batch/v1beta1", "kind": "CronJob", "metadata": {"name": "x"}})
    assert str(err.value) == 'no matches for kind "CronJob" in version "batch/v1beta1"'


def test_service_gets_cluster_ip_and_node_port(api):
    svc = api.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
                      "spec": {"type": "NodePort", "selector": {"app": "web"}, "ports": [{"port": 80}]}})
    assert svc["spec"]["clusterIP"].startswith("10.")
    assert 30000 <= svc["spec"]["ports"][0]["nodePort"] <= 32767
    taken = svc["spec"]["ports"][0]["nodePort"]
    with pytest.raises(APIError) as err:
        api.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web2"},
                    "spec": {"type": "NodePort", "ports": [{"port": 80, "nodePort": taken}]}})
    assert "provided port is already allocated" in err.value.message


# --------------------------------------------------------------------------- quantities
def test_quantities_come_back_in_canonical_form_and_reapplying_says_configured(kubectl):
    """Go's Quantity decode/encode: ``0.5`` → ``500m``, ``1024Mi`` → ``1Gi``, ``1.0`` → ``1``,
    ``1000`` → ``1k`` — in pods, templates and quotas alike. Client-side apply then always finds
    the live value different from the file, so a second apply says "configured"
    (kubernetes/kubernetes#116135)."""
    manifest = """apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec:
      containers: [{name: c, image: nginx, resources: {requests: {cpu: 0.5, memory: 1024Mi},
                                                       limits: {cpu: "1.0", memory: 2048Mi}}}]
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: q}
spec: {hard: {requests.cpu: "2.5", pods: "10", count/configmaps: 1000}}
"""
    assert kubectl("apply -f -", manifest).stdout == "deployment.apps/d created\nresourcequota/q created\n"
    got = kubectl("get deploy d -o jsonpath={.spec.template.spec.containers[0].resources}").stdout
    assert got == '{"limits":{"cpu":"1","memory":"2Gi"},"requests":{"cpu":"500m","memory":"1Gi"}}'
    assert kubectl("get quota q -o jsonpath={.spec.hard}").stdout == \
        '{"count/configmaps":"1k","pods":"10","requests.cpu":"2500m"}'
    assert kubectl("apply -f -", manifest).stdout == "deployment.apps/d configured\nresourcequota/q configured\n"


@pytest.mark.parametrize("patch_type, text, message", [
    # kube-apiserver reads a patch with Go's decoder (sigs.k8s.io/json): a strategic merge patch answers
    # its sentence bare, merge and JSON patches prefix "error decoding patch: " (patch.go)
    ("strategic", "{bad", "invalid character 'b' looking for beginning of object key string"),
    ("strategic", '{"data": {"a": 1}', "unexpected end of JSON input"),
    ("merge", "{bad", "error decoding patch: invalid character 'b' looking for beginning of object key string"),
    ("merge", '{"data": {}} x', "error decoding patch: invalid character 'x' after top-level value"),
    ("json", '[{"op": "add",]', "error decoding patch: invalid character ']' looking for beginning of object key string"),
])
def test_a_malformed_patch_is_refused_in_gos_words_and_changes_nothing(api, patch_type, text, message):
    api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app"}, "data": {"a": "b"}})
    before = api.store.revision
    with pytest.raises(APIError) as refused:
        api.patch("configmaps", "app", "default", text, patch_type)
    assert (refused.value.reason, refused.value.message) == ("BadRequest", message)
    assert api.store.revision == before
