"""``kubectl describe`` layouts beyond the recorded golden files (docs examples and unit rules)."""

from __future__ import annotations

import pytest

from k8scourse.api.kinds import REGISTRY
from k8scourse.cli.describe import describe
from k8scourse.cli.describe.events import event_age
from k8scourse.cli.describe.generic import camel_split, smart_label
from k8scourse.sim.clock import parse_rfc3339

NOW = parse_rfc3339("2026-11-26T17:27:55Z")
T0 = "2026-11-26T17:22:54Z"


@pytest.fixture
def api():
    from k8scourse.apiserver.server import APIServer
    from k8scourse.sim import Simulation
    return APIServer(Simulation(seed=0))


def put(api, obj: dict) -> dict:
    """Write ``obj`` into the store as given (no admission/defaulting)."""
    info = REGISTRY.for_kind(obj["apiVersion"], obj["kind"])
    md = obj["metadata"]
    md.setdefault("creationTimestamp", T0)
    key = (info.group_resource, md.get("namespace", "") if info.namespaced else "", md["name"])
    if api.store.exists(key):
        api.store.delete(key, actor="test")
    api.store.create(key, obj, actor="test")
    return obj


def run(api, resource, name, namespace=""):
    return describe(api, REGISTRY.by_name(resource), namespace, name, NOW)


def test_namespace_without_quota_or_limits(api):
    assert run(api, "ns", "default").replace(api.get("ns", "default", "")["metadata"].get("uid", "?"), "") == (
        "Name:         default\n"
        "Labels:       kubernetes.io/metadata.name=default\n"
        "Annotations:  <none>\n"
        "Status:       Active\n"
        "\n"
        "No resource quota.\n"
        "\n"
        "No LimitRange resource.\n")


def test_resourcequota_docs_example(api):
    hard = {"limits.cpu": "2", "limits.memory": "2Gi", "limits.nvidia.com/gpu": "4", "pods": "4",
            "requests.cpu": "1", "requests.memory": "1Gi", "requests.nvidia.com/gpu": "4"}
    put(api, {"apiVersion": "v1", "kind": "ResourceQuota",
              "metadata": {"name": "compute-resources", "namespace": "default"},
              "spec": {"hard": hard}, "status": {"hard": hard, "used": {k: "0" for k in hard}}})
    assert run(api, "quota", "compute-resources", "default") == (
        "Name:                    compute-resources\n"
        "Namespace:               default\n"
        "Resource                 Used  Hard\n"
        "--------                 ----  ----\n"
        "limits.cpu               0     2\n"
        "limits.memory            0     2Gi\n"
        "limits.nvidia.com/gpu    0     4\n"
        "pods                     0     4\n"
        "requests.cpu             0     1\n"
        "requests.memory          0     1Gi\n"
        "requests.nvidia.com/gpu  0     4\n")


def test_resourcequota_used_takes_hard_format(api):
    put(api, {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "q", "namespace": "default"},
              "status": {"hard": {"requests.memory": "1Gi"}, "used": {"requests.memory": "1048576"}}})
    assert "requests.memory  1Mi   1Gi\n" in run(api, "quota", "q", "default")


def test_limitrange_docs_example(api):
    put(api, {"apiVersion": "v1", "kind": "LimitRange",
              "metadata": {"name": "limit-mem-cpu-per-container", "namespace": "default"},
              "spec": {"limits": [{"type": "Container", "max": {"cpu": "800m", "memory": "1Gi"},
                                   "min": {"cpu": "100m", "memory": "99Mi"},
                                   "default": {"cpu": "700m", "memory": "900Mi"},
                                   "defaultRequest": {"cpu": "110m", "memory": "111Mi"}}]}})
    assert run(api, "limits", "limit-mem-cpu-per-container", "default") == (
        "Name:       limit-mem-cpu-per-container\n"
        "Namespace:  default\n"
        "Type        Resource  Min   Max   Default Request  Default Limit  Max Limit/Request Ratio\n"
        "----        --------  ---   ---   ---------------  -------------  -----------------------\n"
        "Container   cpu       100m  800m  110m             700m           -\n"
        "Container   memory    99Mi  1Gi   111Mi            900Mi          -\n")
    text = run(api, "ns", "default")
    assert text.endswith("Resource Limits\n"
                         " Type       Resource  Min   Max   Default Request  Default Limit  Max Limit/Request Ratio\n"
                         " ----       --------  ---   ---   ---------------  -------------  -----------------------\n"
                         " Container  cpu       100m  800m  110m             700m           -\n"
                         " Container  memory    99Mi  1Gi   111Mi            900Mi          -\n")


def test_configmap_and_secret(api):
    put(api, {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg", "namespace": "default"},
              "data": {"b": "two", "a": "one"}})
    assert run(api, "cm", "cfg", "default") == (
        "Name:         cfg\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\n"
        "Data\n====\na:\n----\none\n\nb:\n----\ntwo\n\n\nBinaryData\n====\n\nEvents:  <none>\n")
    put(api, {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s", "namespace": "default"},
              "type": "Opaque", "data": {"password": "czNjcjN0", "user": "YWRtaW4="}})
    assert run(api, "secrets", "s", "default") == (
        "Name:         s\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\n"
        "Type:  Opaque\n\nData\n====\npassword:  6 bytes\nuser:      5 bytes\n")


def test_pod_details(api):
    put(api, {"apiVersion": "v1", "kind": "Pod", "metadata": {
        "name": "web-abc", "namespace": "default", "deletionTimestamp": "2026-11-26T17:27:45Z",
        "deletionGracePeriodSeconds": 30,
        "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-5d", "uid": "u",
                             "controller": True}]},
        "spec": {"nodeName": "n1", "initContainers": [{"name": "init", "image": "busybox",
                                                       "command": ["sh", "-c", "true"]}],
                 "containers": [{"name": "web", "image": "nginx", "ports": [{"containerPort": 80},
                                                                           {"containerPort": 443}],
                                 "env": [{"name": "MODE", "value": "prod"},
                                         {"name": "POD", "valueFrom": {"fieldRef": {
                                             "apiVersion": "v1", "fieldPath": "metadata.name"}}}],
                                 "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080},
                                                   "timeoutSeconds": 1, "periodSeconds": 10,
                                                   "successThreshold": 1, "failureThreshold": 3},
                                 "readinessProbe": {"exec": {"command": ["cat", "/tmp/ok"]},
                                                    "initialDelaySeconds": 5, "timeoutSeconds": 1,
                                                    "periodSeconds": 5, "successThreshold": 1,
                                                    "failureThreshold": 3},
                                 "resources": {"requests": {"cpu": "250m", "memory": "64Mi"},
                                               "limits": {"cpu": "500m", "memory": "128Mi"}}}],
                 "volumes": [{"name": "data", "emptyDir": {}}]},
        "status": {"phase": "Running", "hostIP": "10.224.0.4", "podIP": "10.244.0.9",
                   "podIPs": [{"ip": "10.244.0.9"}]}})
    text = run(api, "pods", "web-abc", "default")
    for line in ["Status:                    Terminating (lasts 10s)\n",
                 "Termination Grace Period:  30s\n",
                 # "IPs:" has no tab, so the next lines align on their own
                 "IPs:\n  IP:           10.244.0.9\nControlled By:  ReplicaSet/web-5d\nInit Containers:\n",
                 "  init:\n    Image:      busybox\n",
                 "    Command:\n      sh\n      -c\n      true\n",
                 "    Ports:       80/TCP, 443/TCP\n    Host Ports:  0/TCP, 0/TCP\n",
                 "    Limits:\n      cpu:     500m\n      memory:  128Mi\n    Requests:\n      cpu:      250m\n",
                 "    Liveness:   http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 "
                 "#failure=3\n",
                 "    Readiness:  exec [cat /tmp/ok] delay=5s timeout=1s period=5s #success=1 #failure=3\n",
                 "      MODE:  prod\n      POD:   web-abc (v1:metadata.name)\n",
                 "    Type:        EmptyDir (a temporary directory that shares a pod's lifetime)\n"
                 "    Medium:      \n    SizeLimit:   <unset>\n",
                 "QoS Class:       Burstable\n",
                 "Tolerations:     <none>\nEvents:          <none>\n"]:
        assert line in text, line


def test_generic_describer(api):
    """A Lease has no describer in kubectl: every field, nested, through the generic one."""
    put(api, {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
              "metadata": {"name": "lock", "namespace": "default", "uid": "u1"},
              "spec": {"holderIdentity": "node-1", "leaseDurationSeconds": 40}})
    rv = api.get("leases", "lock", "default")["metadata"]["resourceVersion"]
    assert run(api, "leases", "lock", "default") == (
        "Name:         lock\n"
        "Namespace:    default\n"
        "Labels:       <none>\n"
        "Annotations:  <none>\n"
        "API Version:  coordination.k8s.io/v1\n"
        "Kind:         Lease\n"
        "Metadata:\n"
        "  Creation Timestamp:  2026-11-26T17:22:54Z\n"
        f"  Resource Version:    {rv}\n"
        "  UID:                 u1\n"
        "Spec:\n"
        "  Holder Identity:         node-1\n"
        "  Lease Duration Seconds:  40\n"
        "Events:                    <none>\n")


def test_smart_labels():
    assert camel_split("HTMLParser") == ["HTML", "Parser"]
    assert smart_label("podCIDRs") == "Pod CID Rs"          # kubectl's own quirk, kept
    assert smart_label("ownerReferences") == "Owner References"


def test_event_age_rules():
    ev = {"count": 1, "firstTimestamp": "2026-11-26T17:26:54Z", "lastTimestamp": "2026-11-26T17:26:54Z"}
    assert event_age(ev, NOW) == "61s"
    assert event_age({"eventTime": "2026-11-26T17:27:50.000000Z"}, NOW) == "5s"
    assert event_age({"eventTime": "2026-11-26T17:20:00.000000Z",
                      "series": {"count": 4, "lastObservedTime": "2026-11-26T17:27:00.000000Z"}}, NOW) == \
        "55s (x4 over 7m55s)"
    assert event_age({}, NOW) == "<unknown>"
