"""The ReplicaSet / ReplicationController controller: counts, adoption, release, deletion order."""

from __future__ import annotations

import re

from k8scourse import Cluster
from k8scourse.controllers.replicaset import deletion_order

from workload_helpers import StandInKubelet, events, make_ready, pods

RS = """apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: frontend, labels: {tier: frontend}}
spec:
  replicas: %(replicas)d
  selector:
    matchExpressions: [{key: tier, operator: In, values: [frontend]}]
  template:
    metadata: {labels: {tier: frontend}}
    spec:
      containers: [{name: php-redis, image: "nginx:1.25"}]
"""

RC = """apiVersion: v1
kind: ReplicationController
metadata: {name: nginx}
spec:
  replicas: 3
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers: [{name: nginx, image: nginx, ports: [{containerPort: 80}]}]
"""

BARE_POD = """apiVersion: v1
kind: Pod
metadata: {name: %(name)s, labels: {tier: frontend}}
spec:
  containers: [{name: hello, image: "nginx:1.25"}]
"""


def owner_of(pod):
    refs = pod["metadata"].get("ownerReferences") or []
    return refs[0]["name"] if refs else None


def test_keeps_the_replica_count_and_names_pods(c, k):
    k("apply -f -", RS % {"replicas": 3})
    c.run(seconds=60)
    live = pods(c)
    assert len(live) == 3
    assert all(re.fullmatch(r"frontend-[bcdfghjklmnpqrstvwxz2456789]{5}", p["metadata"]["name"]) for p in live)
    ref = live[0]["metadata"]["ownerReferences"][0]
    assert (ref["kind"], ref["name"], ref["controller"], ref["blockOwnerDeletion"]) == ("ReplicaSet", "frontend",
                                                                                       True, True)
    assert sorted(events(c, "frontend", "SuccessfulCreate")) == sorted(f"Created pod: {p['metadata']['name']}"
                                                                       for p in live)
    rs = c.get("replicasets.apps", "frontend")
    assert rs["status"] == {"replicas": 3, "fullyLabeledReplicas": 3, "readyReplicas": 3, "availableReplicas": 3,
                            "observedGeneration": 1}
    assert k("get rs frontend").stdout.splitlines()[1].split()[:4] == ["frontend", "3", "3", "3"]
    # a deleted pod is replaced
    k(f"delete pod {live[0]['metadata']['name']} --wait=false")
    c.run(seconds=60)
    assert len(pods(c)) == 3 and live[0]["metadata"]["name"] not in {p["metadata"]["name"] for p in pods(c)}
    # scaling down deletes
    k("scale rs frontend --replicas=1")
    c.run(seconds=60)
    assert len(pods(c)) == 1
    assert len(events(c, "frontend", "SuccessfulDelete")) == 2


def test_adopts_matching_orphans_and_releases_relabelled_pods(c, k):
    k("apply -f -", BARE_POD % {"name": "pod1"})
    k("apply -f -", BARE_POD % {"name": "pod2"})
    k("apply -f -", RS % {"replicas": 3})
    c.run(seconds=30)
    live = pods(c)
    assert len(live) == 3
    assert {p["metadata"]["name"]: owner_of(p) for p in live if p["metadata"]["name"].startswith("pod")} == \
        {"pod1": "frontend", "pod2": "frontend"}                 # adopted: only one pod created
    assert len(events(c, "frontend", "SuccessfulCreate")) == 1
    # a pod whose labels stop matching is released and replaced
    k("label pod pod1 tier=debug --overwrite")
    c.run(seconds=30)
    assert owner_of(c.get("pods", "pod1")) is None
    assert sum(1 for p in pods(c) if owner_of(p) == "frontend") == 3
    # an orphan that would be a fourth is adopted, then the surplus deleted
    k("apply -f -", BARE_POD % {"name": "pod3"})
    c.run(seconds=60)
    assert sum(1 for p in pods(c) if owner_of(p) == "frontend") == 3


def test_replication_controller_with_equality_selector(c, k):
    k("apply -f -", RC)
    c.run(seconds=60)
    rc = c.get("replicationcontrollers", "nginx")
    assert rc["spec"]["selector"] == {"app": "nginx"}
    assert len(pods(c)) == 3 and {owner_of(p) for p in pods(c)} == {"nginx"}
    assert pods(c)[0]["metadata"]["ownerReferences"][0]["apiVersion"] == "v1"
    assert rc["status"]["readyReplicas"] == 3
    assert k("get rc nginx").stdout.splitlines()[1].split()[:4] == ["nginx", "3", "3", "3"]
    assert str(k("scale rc nginx --replicas=2")) == "replicationcontroller/nginx scaled\n"
    c.run(seconds=60)
    assert len(pods(c)) == 2


def test_quota_failure_is_reported():
    c = Cluster(nodes=1, seed=0)
    c.apply("""apiVersion: v1
kind: ResourceQuota
metadata: {name: pods}
spec: {hard: {pods: "2"}}
""", echo=False)
    c.apply(RS % {"replicas": 3}, echo=False)
    c.run(seconds=5)
    assert len(c.list("pods", "default")) == 2
    rs = c.get("replicasets.apps", "frontend")
    [cond] = rs["status"]["conditions"]
    assert (cond["type"], cond["status"], cond["reason"]) == ("ReplicaFailure", "True", "FailedCreate")
    assert "exceeded quota: pods" in cond["message"]
    failed = events(c, "frontend", "FailedCreate")
    assert failed and all(m.startswith("Error creating: pods ") and "exceeded quota: pods" in m for m in failed)
    c.kubectl("scale rs frontend --replicas=2", echo=False)
    c.run(seconds=60)
    assert "conditions" not in c.get("replicasets.apps", "frontend")["status"]


def test_min_ready_seconds_and_readiness_without_a_kubelet():
    c = Cluster(nodes=1, seed=0)
    for kubelet in c.kubelets.values():                  # only the test reports pod status here
        kubelet.stop()
    manifest = (RS % {"replicas": 2}).replace("  replicas: 2\n", "  replicas: 2\n  minReadySeconds: 10\n")
    c.apply(manifest, echo=False)
    c.run(seconds=1)
    for pod in c.list("pods", "default"):
        make_ready(c, pod)
    c.run(seconds=1)
    st = c.get("replicasets.apps", "frontend")["status"]
    assert (st["readyReplicas"], st.get("availableReplicas", 0)) == (2, 0)
    c.run(seconds=10)
    assert c.get("replicasets.apps", "frontend")["status"]["availableReplicas"] == 2


def test_deletion_order_prefers_unscheduled_pending_unready_young_pods():
    c = Cluster(nodes=0, seed=0)
    clock = c.sim.clock

    def pod(name, node="", phase="Pending", ready=False, created="2026-03-02T09:00:00Z", restarts=0):
        return {"metadata": {"name": name, "uid": name, "creationTimestamp": created},
                "spec": {"nodeName": node},
                "status": {"phase": phase, "conditions": [{"type": "Ready", "status": "True" if ready else "False",
                                                           "lastTransitionTime": created}],
                           "containerStatuses": [{"restartCount": restarts}]}}
    c.run(seconds=3600)
    candidates = [pod("ready-old", "n1", "Running", True, "2026-03-02T09:00:00Z"),
                  pod("unscheduled"),
                  pod("pending", "n1"),
                  pod("running-unready", "n1", "Running"),
                  pod("ready-young", "n1", "Running", True, "2026-03-02T09:59:00Z"),
                  pod("restarted", "n1", "Running", restarts=5)]
    order = [p["metadata"]["name"] for p in deletion_order(candidates, candidates, clock)]
    assert order == ["unscheduled", "pending", "restarted", "running-unready", "ready-young", "ready-old"]


def test_pods_of_a_replicaset_follow_it_without_the_real_kubelet():
    c = Cluster(nodes=2, seed=3)
    StandInKubelet(c)
    c.apply(RS % {"replicas": 4}, echo=False)
    c.run(seconds=30)
    assert c.get("replicasets.apps", "frontend")["status"]["readyReplicas"] == 4


# --------------------------------------------------------------------------- the pod index: cost follows change
def _replicaset_controller(c):
    return next(x for x in c.controller_manager.controllers if x.component == "replicaset-controller")


def test_a_pass_reads_the_pod_index_not_the_namespace(monkeypatch):
    """A ReplicaSet's passes never list the namespace's pods (the quadratic scan it replaces): what it
    owns and counts comes from the pod informer's index, kept event by event."""
    c = Cluster(nodes=3, seed=0, addons="none", metrics_server=False)
    for i in range(40):                         # bystanders in the namespace: they cost the RS nothing
        c.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": f"other-{i}", "labels": {"x": "y"}},
                      "spec": {"containers": [{"name": "c", "image": "nginx:1.25"}]}}, user="test", trusted=True)
    rsc = _replicaset_controller(c)
    listed = []
    store_list, sync = c.store.list, rsc._sync

    def counting_list(resource, namespace=None, copy=True):
        if resource == "pods" and in_sync:
            listed.append(namespace)
        return store_list(resource, namespace, copy)

    def counting_sync(owner):
        nonlocal in_sync
        in_sync = True
        try:
            return sync(owner)
        finally:
            in_sync = False
    in_sync = False
    monkeypatch.setattr(c.store, "list", counting_list)
    monkeypatch.setattr(rsc, "_sync", counting_sync)
    c.kubectl("apply -f -", stdin=RS % {"replicas": 60}, echo=False)
    c.run(seconds=400)
    rs = c.get("replicasets.apps", "frontend")
    mine = [p for p in c.list("pods") if owner_of(p) == "frontend"]
    ready = sum(1 for p in mine if any(cond["type"] == "Ready" and cond["status"] == "True"
                                       for cond in p["status"].get("conditions") or []))
    assert ready == 60
    assert rs["status"]["replicas"] == 60 and rs["status"]["readyReplicas"] == ready
    assert listed == []
    idx = rsc.pod_index
    uid = rs["metadata"]["uid"]
    assert (idx.count(uid), idx.ready_count(uid), idx.labeled_count(uid)) == (60, ready, 60)
    assert sorted(p["metadata"]["name"] for p in idx.owned(uid)) == sorted(
        p["metadata"]["name"] for p in c.list("pods") if owner_of(p) == "frontend")
    assert [p["metadata"]["name"] for p in idx.orphans("default")][:2] == ["other-0", "other-1"]


def test_creates_come_at_the_client_rate_in_slow_start_batches():
    """Upstream's pace: slow-start batches (1, 2, 4 …) of at most burstReplicas=500 per pass, each create
    waiting for the controller manager's client (20 QPS, burst 30): 600 pods take about 30 s."""
    c = Cluster(nodes=8, seed=0, addons="none", metrics_server=False)
    c.kubectl("apply -f -", stdin=RS % {"replicas": 600}, echo=False)
    created = []
    c.run(seconds=1)
    created.append(len(pods(c)))
    c.run(seconds=9)
    created.append(len(pods(c)))
    c.run(seconds=30)
    created.append(len(pods(c)))
    # the bucket's 30, then 20 a second (the slow-start batches go as fast as the tokens allow)
    assert created[0] in (49, 50, 51)
    assert 225 <= created[1] <= 232
    assert created[2] == 600
    creates = events(c, "frontend", "SuccessfulCreate")
    assert len(creates) == 600


def test_the_index_is_rebuilt_after_missed_events():
    """Events missed while the watch was broken (an outage) are not trusted: the next pass re-lists."""
    c = Cluster(nodes=2, seed=0, addons="none", metrics_server=False)
    c.kubectl("apply -f -", stdin=RS % {"replicas": 3}, echo=False)
    c.run(seconds=60)
    rsc = _replicaset_controller(c)
    uid = c.get("replicasets.apps", "frontend")["metadata"]["uid"]
    victim = rsc.pod_index.owned(uid)[0]
    rsc.pod_index.observe("DELETED", victim)            # as if its events had been lost
    assert rsc.pod_index.count(uid) == 2
    rsc.watch_broken = True
    rsc._described(c.get("replicasets.apps", "frontend"))
    rsc.watch_broken = False
    assert rsc.pod_index.count(uid) == 3


def test_pods_by_controller_counts_follow_events_and_descriptions():
    from k8scourse.controllers.util import PodsByController

    def pod(name, labels, uid="u1", ready=False, phase="Running"):
        return {"metadata": {"name": name, "namespace": "ns", "labels": labels,
                             "ownerReferences": [{"uid": uid, "controller": True}] if uid else []},
                "status": {"phase": phase, "conditions": [{"type": "Ready", "status": "True" if ready else "False"}]}}
    idx = PodsByController()
    idx.observe("ADDED", pod("a", {"app": "web", "v": "1"}, ready=True))
    idx.observe("ADDED", pod("b", {"app": "web"}))
    idx.observe("ADDED", pod("c", {"app": "web"}, uid=None))
    idx.describe("u1", {"app": "web"}, lambda labels: labels.get("app") == "web", {"app": "web", "v": "1"})
    assert (idx.count("u1"), idx.ready_count("u1"), idx.labeled_count("u1")) == (2, 1, 1)
    assert [p["metadata"]["name"] for p in idx.orphans("ns")] == ["c"]
    idx.observe("MODIFIED", pod("b", {"app": "web", "v": "1"}, ready=True))
    assert (idx.ready_count("u1"), idx.labeled_count("u1")) == (2, 2)
    idx.observe("MODIFIED", pod("a", {"app": "db"}, ready=True))          # relabelled: to be released
    assert [p["metadata"]["name"] for p in idx.mismatched("u1")] == ["a"]
    idx.describe("u1", {"app": "db"}, lambda labels: labels.get("app") == "db", {"app": "db"})   # a new selector
    assert [p["metadata"]["name"] for p in idx.mismatched("u1")] == ["b"] and idx.labeled_count("u1") == 1
    idx.observe("MODIFIED", pod("b", {"app": "web"}, phase="Succeeded"))    # finished: not active any more
    assert (idx.count("u1"), idx.mismatched("u1")) == (1, [])
    idx.observe("DELETED", pod("a", {"app": "db"}))
    assert (idx.count("u1"), idx.ready_count("u1"), idx.owned("u1")) == (0, 0, [])
