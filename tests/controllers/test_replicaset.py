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
