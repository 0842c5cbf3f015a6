"""Objects as a 1.32 API server stores and returns them: canonical quantities everywhere a quantity
is stored, ``creationTimestamp: null`` in embedded templates, the pod fields admission fills in."""

from __future__ import annotations

import json

import pytest
import yaml
from reftables import cases

from k8scourse.cluster import Cluster

# Upstream's canonical forms (quantity_test.go TestQuantityString: an input that prints as the
# canonical text); 1e3 stays 1e3 — DecimalExponent keeps its format, it does not become 1k.
ALTERNATES = [(row["alternate_input_that_canonicalizes_to_same"], row["canonical"])
              for row in cases("quantity", "TestQuantityString")
              if row["alternate_input_that_canonicalizes_to_same"] is not None]
BRIEF = [("1024Mi", "1Gi"), ("0.5", "500m"), ("1000m", "1"), ("1.5Gi", "1536Mi"), ("100M", "100M"),
         ("1e3", "1e3")]


@pytest.fixture(scope="module")
def cluster():
    return Cluster(nodes=1, seed=4)


def kubectl(cluster, command, stdin=None):
    out = cluster.kubectl(command, stdin=stdin, echo=False)
    assert out.exit_code == 0, out
    return out.stdout


def test_the_table_has_alternates():
    assert len(ALTERNATES) >= 10


@pytest.mark.parametrize("index, given, canonical", [(i, g, c) for i, (g, c) in enumerate(BRIEF + ALTERNATES)])
def test_limit_range_quantities_are_stored_canonical(cluster, index, given, canonical):
    name = f"lr-{index}"
    kubectl(cluster, "apply -f -", json.dumps({
        "apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": name},
        "spec": {"limits": [{"type": "PersistentVolumeClaim", "max": {"storage": given}}]}}))
    shown = kubectl(cluster, f"get limitrange {name} -o jsonpath={{.spec.limits[0].max.storage}}")
    assert shown == canonical


def test_quantities_are_canonical_in_every_kind_that_stores_them():
    c = Cluster(nodes=1, seed=5)
    kubectl(c, "apply -f -", """apiVersion: v1
kind: ResourceQuota
metadata: {name: q}
spec:
  hard: {requests.cpu: "2000m", requests.memory: 1024Mi, limits.memory: 1.5Gi, pods: "1e1", requests.storage: 1e12}
---
apiVersion: v1
kind: LimitRange
metadata: {name: lr}
spec:
  limits:
  - type: Container
    default: {cpu: "0.5", memory: 512Mi}
    defaultRequest: {cpu: 0.25, memory: "268435456"}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1024Mi}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: web, image: nginx, resources: {limits: {cpu: 1000m, memory: 0.5Gi}}}
""")
    c.run(10)
    quota = c.get("resourcequota", "q")
    assert quota["spec"]["hard"] == {"limits.memory": "1536Mi", "pods": "10", "requests.cpu": "2",
                                     "requests.memory": "1Gi", "requests.storage": "1e12"}
    assert quota["status"]["hard"] == quota["spec"]["hard"]
    assert c.get("limitrange", "lr")["spec"]["limits"][0]["defaultRequest"] == {"cpu": "250m", "memory": "268435456"}
    assert c.get("pvc", "data")["spec"]["resources"] == {"requests": {"storage": "1Gi"}}
    template = c.get("deployment", "web")["spec"]["template"]["spec"]["containers"][0]["resources"]
    assert template == {"limits": {"cpu": "1", "memory": "512Mi"}}
    pod = c.list("pods", "default", "app=web")[0]["spec"]["containers"][0]["resources"]
    assert pod == {"limits": {"cpu": "1", "memory": "512Mi"}, "requests": {"cpu": "1", "memory": "512Mi"}}
    used = c.get("resourcequota", "q")["status"]["used"]
    assert used["requests.cpu"] == "1" and used["limits.memory"] == "512Mi"
    capacity = c.list("nodes")[0]["status"]["capacity"]
    from k8scourse.api.quantity import parse_quantity
    assert all(str(parse_quantity(v).canonical()) == v for v in capacity.values())


# ----------------------------------------------------------------------------- templates
WORKLOADS = """apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ds}
spec:
  selector: {matchLabels: {app: ds}}
  template:
    metadata: {labels: {app: ds}}
    spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 0
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: nginx}]}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  template:
    spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: tick}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec: {restartPolicy: OnFailure, containers: [{name: c, image: busybox}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx}]}
"""


def test_templates_carry_a_null_creation_timestamp_as_1_32_prints_them():
    c = Cluster(nodes=1, seed=6)
    kubectl(c, "apply -f -", WORKLOADS)
    c.run(5)
    for kind, name, path in [("daemonset", "ds", ["spec", "template"]), ("statefulset", "db", ["spec", "template"]),
                             ("job", "once", ["spec", "template"]), ("deployment", "web", ["spec", "template"]),
                             ("cronjob", "tick", ["spec", "jobTemplate"]),
                             ("cronjob", "tick", ["spec", "jobTemplate", "spec", "template"])]:
        obj = yaml.safe_load(kubectl(c, f"get {kind} {name} -o yaml"))
        for key in path:
            obj = obj[key]
        assert "creationTimestamp" in obj["metadata"] and obj["metadata"]["creationTimestamp"] is None, (kind, path)
    rs = c.list("replicasets", "default")[0]
    assert rs["spec"]["template"]["metadata"]["creationTimestamp"] is None
    assert "      creationTimestamp: null\n" in kubectl(c, "get deploy web -o yaml")
    # pods made from the templates get a real timestamp; names keep their hashes
    for pod in c.list("pods", "default"):
        assert pod["metadata"]["creationTimestamp"].startswith("20")
    claim = c.get("statefulset", "db")["spec"]["volumeClaimTemplates"][0]
    assert claim["apiVersion"] == "v1" and claim["kind"] == "PersistentVolumeClaim"
    assert claim["metadata"] == {"creationTimestamp": None, "name": "data"}
    assert claim["status"] == {"phase": "Pending"}


def test_template_hash_ignores_the_null_timestamp():
    from k8scourse.api.hashing import object_hash
    template = {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "c"}]}}
    stamped = {"metadata": {"creationTimestamp": None, "labels": {"app": "web"}},
               "spec": {"containers": [{"name": "c"}]}}
    assert object_hash(template) == object_hash(stamped)
    assert object_hash({"spec": {"template": stamped}}) == object_hash({"spec": {"template": template}})


# ----------------------------------------------------------------------------- pod defaults
def test_a_pod_is_completed_as_1_32_does():
    c = Cluster(nodes=1, seed=7)
    kubectl(c, "run p --image=nginx")
    spec = yaml.safe_load(kubectl(c, "get pod p -o yaml"))["spec"]
    assert {k: spec[k] for k in ("dnsPolicy", "enableServiceLinks", "preemptionPolicy", "priority", "restartPolicy",
                                 "schedulerName", "securityContext", "serviceAccount", "serviceAccountName",
                                 "terminationGracePeriodSeconds")} == {
        "dnsPolicy": "ClusterFirst", "enableServiceLinks": True, "preemptionPolicy": "PreemptLowerPriority",
        "priority": 0, "restartPolicy": "Always", "schedulerName": "default-scheduler", "securityContext": {},
        "serviceAccount": "default", "serviceAccountName": "default", "terminationGracePeriodSeconds": 30}
    assert spec["tolerations"] == [
        {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300},
        {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists",
         "tolerationSeconds": 300}]


def test_the_global_default_priority_class_applies_to_pods_without_one():
    c = Cluster(nodes=1, seed=8)
    kubectl(c, "apply -f -", """apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: normal}
value: 1000
globalDefault: true
preemptionPolicy: Never
""")
    kubectl(c, "run p --image=nginx")
    spec = c.get("pod", "p")["spec"]
    assert (spec["priorityClassName"], spec["priority"], spec["preemptionPolicy"]) == ("normal", 1000, "Never")
