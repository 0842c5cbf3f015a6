"""Garbage collection along ownerReferences: background, foreground and orphan propagation."""

from __future__ import annotations

from k8scourse import Cluster

from workload_helpers import StandInKubelet, deployment, pods


def started(seed=0):
    c = Cluster(nodes=2, seed=seed)
    StandInKubelet(c)
    c.apply(deployment("web"), echo=False)
    c.run(seconds=60)
    assert len(pods(c)) == 3 and len(c.list("replicasets", "default")) == 1
    return c


def test_background_deletes_replicasets_and_pods():
    c = started()
    assert str(c.kubectl("delete deploy web", echo=False)) == 'deployment.apps "web" deleted\n'
    c.run(seconds=120)
    assert c.list("replicasets", "default") == [] and c.list("pods", "default") == []
    deleters = {h.actor for h in c.store.history() if h.verb == "delete" and h.key[0] == "replicasets.apps"}
    assert deleters == {"system:serviceaccount:kube-system:generic-garbage-collector"}


def test_foreground_keeps_the_owner_until_dependents_are_gone():
    c = started()
    c.api.delete("deployments", "web", "default", propagation="Foreground")
    d = c.get("deployments.apps", "web")
    assert d["metadata"]["finalizers"] == ["foregroundDeletion"] and d["metadata"]["deletionTimestamp"]
    c.run(seconds=120)
    assert c.api.peek("deployments", "web", "default") is None
    assert c.list("replicasets", "default") == [] and c.list("pods", "default") == []
    order = [h.key[0] for h in c.store.history() if h.verb == "delete" and h.key[0] in (
        "pods", "replicasets.apps", "deployments.apps")]
    assert order[-1] == "deployments.apps" and order[-2] == "replicasets.apps"     # the owner goes last
    assert set(order[:-2]) == {"pods"}


def test_kubectl_foreground_cascade_waits():
    c = started(seed=1)
    result = c.kubectl("delete deploy web --cascade=foreground", echo=False)
    assert result.exit_code == 0
    assert c.api.peek("deployments", "web", "default") is None and c.list("pods", "default") == []


def test_orphan_leaves_replicasets_and_pods():
    c = started()
    assert str(c.kubectl("delete deploy web --cascade=orphan", echo=False)) == 'deployment.apps "web" deleted\n'
    c.run(seconds=60)
    assert c.api.peek("deployments", "web", "default") is None
    [rs] = c.list("replicasets", "default")
    assert "ownerReferences" not in rs["metadata"]
    assert len(pods(c)) == 3 and all(p["metadata"]["ownerReferences"][0]["name"] == rs["metadata"]["name"]
                                     for p in pods(c))
    # a new deployment with the same template adopts the orphaned ReplicaSet instead of a new one
    c.apply(deployment("web"), echo=False)
    c.run(seconds=30)
    [again] = c.list("replicasets", "default")
    assert again["metadata"]["name"] == rs["metadata"]["name"]
    assert again["metadata"]["ownerReferences"][0]["kind"] == "Deployment"
    assert len(pods(c)) == 3


def test_dependents_of_a_recreated_owner_are_collected():
    """An owner reference names a uid: an owner deleted and re-created is another owner."""
    c = Cluster(nodes=0, seed=0)
    owner = c.api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "owner"}})
    for name, uid in (("stale", "not-the-owner"), ("current", owner["metadata"]["uid"])):
        c.api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "ownerReferences": [
            {"apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": uid}]}})
    c.run(seconds=1)
    assert c.api.peek("configmaps", "stale", "default") is None
    assert c.api.peek("configmaps", "current", "default") is not None
    # a dependent with a second, live owner only loses the dangling reference
    other = c.api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "other"}})
    c.api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "shared", "ownerReferences": [
        {"apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": owner["metadata"]["uid"]},
        {"apiVersion": "v1", "kind": "ConfigMap", "name": "other", "uid": other["metadata"]["uid"]}]}})
    c.api.delete("configmaps", "owner", "default")
    c.run(seconds=1)
    assert c.api.peek("configmaps", "current", "default") is None
    shared = c.api.get("configmaps", "shared", "default")
    assert [r["name"] for r in shared["metadata"]["ownerReferences"]] == ["other"]
