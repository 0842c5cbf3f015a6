"""The namespace controller: deleting a namespace deletes its content, then the namespace itself."""

from __future__ import annotations

import pytest

from k8scourse import defaults
from k8scourse.apiserver import APIServer, Request
from k8scourse.controllers import start_core_controllers
from k8scourse.errors import APIError
from k8scourse.sim import Simulation


@pytest.fixture
def api():
    server = APIServer(Simulation(seed=0))
    controllers = start_core_controllers(server)
    yield server
    for c in controllers:
        c.stop()


def namespace(name):
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}


def pod(name, namespace):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": namespace},
            "spec": {"containers": [{"name": "app", "image": "nginx"}]}}


def configmap(name, namespace):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": namespace},
            "data": {"k": "v"}}


def exists(api, resource, name, ns=""):
    return api.peek(resource, name, ns) is not None


def fill(api, ns):
    api.create(namespace(ns))
    api.create(pod("web", ns))
    api.create(configmap("settings", ns))
    api.create({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": ns},
                "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {
                    "metadata": {"labels": {"app": "web"}},
                    "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}})
    api.create({"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "q", "namespace": ns},
                "spec": {"hard": {"pods": "10"}}})


def test_delete_marks_terminating_and_refuses_new_content(api):
    fill(api, "team-a")
    marked = api.delete("namespaces", "team-a")
    assert marked["status"]["phase"] == "Terminating"
    assert marked["metadata"]["deletionTimestamp"]
    with pytest.raises(APIError) as info:
        api.create(configmap("late", "team-a"))
    assert info.value.reason == "Forbidden"
    assert str(info.value) == ('configmaps "late" is forbidden: unable to create new content in '
                               "namespace team-a because it is being terminated")


def test_content_and_namespace_go_away(api):
    fill(api, "team-a")
    fill(api, "team-b")
    api.delete("namespaces", "team-a")
    api.sim.run(seconds=defaults.NAMESPACE_SYNC_DELAY_MS / 1000 + 0.001)
    for resource, name in (("pods", "web"), ("configmaps", "settings"), ("deployments", "web"),
                           ("resourcequotas", "q")):
        assert not exists(api, resource, name, "team-a"), resource
        assert exists(api, resource, name, "team-b"), resource
    assert exists(api, "namespaces", "team-a")       # still finishing its pass
    api.sim.run(seconds=10)
    assert not exists(api, "namespaces", "team-a")
    assert exists(api, "namespaces", "team-b")
    with pytest.raises(APIError, match='namespaces "team-a" not found'):
        api.get("namespaces", "team-a")
    with pytest.raises(APIError, match='namespaces "team-a" not found'):
        api.create(configmap("new", "team-a"))
    deleters = {h.actor for h in api.store.history() if h.verb == "delete" and h.key[1] == "team-a"}
    assert deleters == {"system:serviceaccount:kube-system:namespace-controller"}


def test_deletion_takes_a_few_seconds(api):
    api.create(namespace("empty"))
    api.delete("namespaces", "empty")
    gone_at = None
    for _ in range(200):
        api.sim.run(seconds=0.1)
        if not exists(api, "namespaces", "empty"):
            gone_at = api.sim.now_ms
            break
    expected = defaults.NAMESPACE_SYNC_DELAY_MS + defaults.NAMESPACE_SWEEP_MS
    assert gone_at is not None and expected <= gone_at <= expected + 100


def test_conditions_while_terminating(api):
    fill(api, "team-a")
    api.delete("namespaces", "team-a")
    api.sim.run(seconds=2)
    ns = api.get("namespaces", "team-a")
    conditions = {c["type"]: c for c in ns["status"]["conditions"]}
    assert list(conditions) == ["NamespaceDeletionDiscoveryFailure", "NamespaceDeletionGroupVersionParsingFailure",
                                "NamespaceDeletionContentFailure", "NamespaceContentRemaining",
                                "NamespaceFinalizersRemaining"]
    assert conditions["NamespaceContentRemaining"]["status"] == "False"
    assert conditions["NamespaceContentRemaining"]["reason"] == "ContentRemoved"
    assert conditions["NamespaceDeletionContentFailure"]["message"] == \
        "All content successfully deleted, may be waiting on finalization"
    assert ns["status"]["phase"] == "Terminating"
    assert ns["spec"]["finalizers"] == ["kubernetes"]


def test_pods_shutting_down_keep_the_namespace(api):
    """With a kubelet, bound pods terminate gracefully; the namespace waits for them."""
    api.graceful_pod_deletion = True
    api.create(namespace("team-a"))
    bound = pod("web", "team-a")
    bound["spec"]["nodeName"] = "node-1"
    bound["spec"]["terminationGracePeriodSeconds"] = 30
    api.create(bound)
    api.delete("namespaces", "team-a")
    api.sim.run(seconds=10)
    assert exists(api, "pods", "web", "team-a")          # the (absent) kubelet has not finished it
    ns = api.get("namespaces", "team-a")
    remaining = next(c for c in ns["status"]["conditions"] if c["type"] == "NamespaceContentRemaining")
    assert remaining["status"] == "True" and remaining["reason"] == "SomeResourcesRemain"
    assert remaining["message"] == "Some resources are remaining: pods. has 1 resource instances"
    api.finalize_pod("team-a", "web")                    # what the kubelet does when it is done
    api.sim.run(seconds=30)
    assert not exists(api, "namespaces", "team-a")


def test_objects_held_by_finalizers_are_reported(api):
    api.create(namespace("team-a"))
    held = configmap("held", "team-a")
    held["metadata"]["finalizers"] = ["example.com/keep"]
    api.create(held)
    api.delete("namespaces", "team-a")
    api.sim.run(seconds=10)
    ns = api.get("namespaces", "team-a")
    conditions = {c["type"]: c for c in ns["status"]["conditions"]}
    assert conditions["NamespaceFinalizersRemaining"]["message"] == \
        "Some content in the namespace has finalizers remaining: example.com/keep in 1 resource instances"
    obj = api.get("configmaps", "held", "team-a")
    obj["metadata"]["finalizers"] = []
    api.update(obj)                                       # the finalizer's owner lets go
    api.sim.run(seconds=30)
    assert not exists(api, "namespaces", "team-a")


def test_system_namespaces_cannot_be_deleted(api):
    with pytest.raises(APIError, match="this namespace may not be deleted"):
        api.delete("namespaces", "kube-system")


def test_finalize_subresource_through_handle():
    api = APIServer(Simulation(seed=0))                   # no controller: finalize by hand
    api.create(namespace("manual"))
    api.delete("namespaces", "manual")
    body = api.get("namespaces", "manual")
    body["spec"]["finalizers"] = []
    api.handle(Request("update", "namespaces", name="manual", subresource="finalize", body=body))
    assert not exists(api, "namespaces", "manual")


def test_quota_usage_recomputed_after_deletions(api):
    api.create(namespace("team-a"))
    api.create({"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "q", "namespace": "team-a"},
                "spec": {"hard": {"pods": "2", "configmaps": "5"}}})
    api.create(pod("a", "team-a"))
    api.create(configmap("c", "team-a"))
    api.sim.run(seconds=0)
    # kube-root-ca.crt, which every namespace gets, counts as a ConfigMap (as in a real cluster)
    assert api.get("resourcequotas", "q", "team-a")["status"]["used"] == {"configmaps": "2", "pods": "1"}
    api.delete("pods", "a", "team-a")
    api.delete("configmaps", "c", "team-a")
    api.sim.run(seconds=0)
    assert api.get("resourcequotas", "q", "team-a")["status"]["used"] == {"configmaps": "1", "pods": "0"}


def test_deterministic_history(api):
    def scenario():
        server = APIServer(Simulation(seed=3))
        start_core_controllers(server)
        fill(server, "x")
        server.delete("namespaces", "x")
        server.sim.run(seconds=20)
        return [(h.revision, h.time_ms, h.verb, h.key, h.actor) for h in server.store.history()]
    first = scenario()
    assert first == scenario()                 # a second, independent run
    assert len(first) > 20                          # the runs did something to compare
