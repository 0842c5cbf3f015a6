"""ResourceQuota admission and usage tracking through the API server and the quota controller.

Scenarios follow kubernetes.io's tasks "Configure Memory and CPU Quotas for a Namespace",
"Configure a Pod Quota for a Namespace" and "Configure Quotas for API Objects", and the Resource
Quotas concept page (priority-class scopes), with the manifests from the kubernetes.io corpus (tests/data/corpus).
"""

from __future__ import annotations

import pytest
import yaml

from k8scourse.apiserver import APIServer
from k8scourse.apiserver import quota as quota_mod
from k8scourse.controllers import ResourceQuotaController
from k8scourse.errors import APIError
from k8scourse.sim import Simulation
from reftables import CORPUS

EXAMPLES = CORPUS / "admin" / "resource"


def example(name: str) -> list[dict]:
    path = EXAMPLES / name
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def one(name: str) -> dict:
    return example(name)[0]


@pytest.fixture
def api():
    server = APIServer(Simulation(seed=0))
    server.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "demo"}})
    return server


@pytest.fixture
def controller(api):
    c = ResourceQuotaController(api).start()
    yield c
    c.stop()


def pod(name, requests=None, limits=None, namespace="demo", container="nginx", **spec):
    c = {"name": container, "image": "nginx"}
    if requests or limits:
        c["resources"] = {k: v for k, v in (("requests", requests), ("limits", limits)) if v}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": namespace},
            "spec": {"containers": [c], **spec}}


def quota(name, hard, namespace="demo", **spec):
    return {"apiVersion": "v1", "kind": "ResourceQuota",
            "metadata": {"name": name, "namespace": namespace}, "spec": {"hard": hard, **spec}}


def used(api, name, namespace="demo"):
    return api.get("resourcequotas", name, namespace).get("status", {}).get("used")


def forbidden(api, obj, namespace="demo") -> str:
    with pytest.raises(APIError) as info:
        api.create(obj, namespace)
    assert info.value.reason == "Forbidden" and info.value.code == 403
    return str(info.value)


# --------------------------------------------------------------------------- status
def test_new_quota_gets_its_status_in_the_same_instant(api):
    api.create(pod("before", requests={"cpu": "100m"}))
    api.create(one("quota-mem-cpu.yaml"), "demo")
    assert api.get("resourcequotas", "mem-cpu-demo", "demo")["status"] == {}    # Go's empty ResourceQuotaStatus
    api.sim.run(seconds=0)
    status = api.get("resourcequotas", "mem-cpu-demo", "demo")["status"]
    assert status == {
        "hard": {"limits.cpu": "2", "limits.memory": "2Gi", "requests.cpu": "1", "requests.memory": "1Gi"},
        "used": {"limits.cpu": "0", "limits.memory": "0", "requests.cpu": "100m", "requests.memory": "0"},
    }


def test_memory_and_cpu_quota(api):
    """Configure Memory and CPU Quotas: the second pod would need 1300Mi of a 1Gi quota."""
    api.create(one("quota-mem-cpu.yaml"), "demo")
    api.create(one("quota-mem-cpu-pod.yaml"), "demo")
    assert used(api, "mem-cpu-demo") == {"limits.cpu": "800m", "limits.memory": "800Mi",
                                         "requests.cpu": "400m", "requests.memory": "600Mi"}
    assert api.get("resourcequotas", "mem-cpu-demo", "demo")["status"]["hard"] == \
        {"limits.cpu": "2", "limits.memory": "2Gi", "requests.cpu": "1", "requests.memory": "1Gi"}
    assert forbidden(api, one("quota-mem-cpu-pod-2.yaml")) == (
        'pods "quota-mem-cpu-demo-2" is forbidden: exceeded quota: mem-cpu-demo, '
        "requested: requests.memory=700Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi")


def test_exceeded_lists_every_exceeded_resource_sorted(api):
    api.create(quota("small", {"pods": "1", "requests.cpu": "1", "limits.memory": "1Gi"}))
    api.create(pod("a", requests={"cpu": "600m"}, limits={"memory": "600Mi", "cpu": "1"}))
    text = forbidden(api, pod("b", requests={"cpu": "500m"}, limits={"memory": "500Mi", "cpu": "1"}))
    assert text == ('pods "b" is forbidden: exceeded quota: small, '
                    "requested: limits.memory=500Mi,pods=1,requests.cpu=500m, "
                    "used: limits.memory=600Mi,pods=1,requests.cpu=600m, "
                    "limited: limits.memory=1Gi,pods=1,requests.cpu=1")


def test_must_specify_names_resources_and_containers(api):
    api.create(one("quota-mem-cpu.yaml"), "demo")
    text = forbidden(api, pod("bare"))
    assert text == ('pods "bare" is forbidden: failed quota: mem-cpu-demo: must specify '
                    "limits.cpu for: nginx; limits.memory for: nginx; requests.cpu for: nginx; "
                    "requests.memory for: nginx")
    body = pod("half", requests={"cpu": "100m", "memory": "64Mi"}, limits={"cpu": "200m"})
    body["spec"]["containers"].append({"name": "sidecar", "image": "busybox", "resources": {
        "requests": {"cpu": "100m", "memory": "64Mi"}, "limits": {"cpu": "100m", "memory": "64Mi"}}})
    body["spec"]["initContainers"] = [{"name": "init", "image": "busybox"}]
    text = forbidden(api, body)
    assert text == ('pods "half" is forbidden: failed quota: mem-cpu-demo: must specify '
                    "limits.cpu for: init; limits.memory for: init,nginx; requests.cpu for: init; "
                    "requests.memory for: init")


def test_limit_range_defaults_satisfy_must_specify(api):
    api.create({"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "defaults"},
                "spec": {"limits": [{"type": "Container", "default": {"cpu": "500m", "memory": "256Mi"},
                                     "defaultRequest": {"cpu": "250m", "memory": "128Mi"}}]}}, "demo")
    api.create(one("quota-mem-cpu.yaml"), "demo")
    api.create(pod("defaulted"))
    assert used(api, "mem-cpu-demo") == {"limits.cpu": "500m", "limits.memory": "256Mi",
                                         "requests.cpu": "250m", "requests.memory": "128Mi"}


def test_pod_count_quota(api):
    """Configure a Pod Quota: two pods fit, the third is refused."""
    api.create(one("quota-pod.yaml"), "demo")
    api.create(pod("one"))
    api.create(pod("two"))
    assert forbidden(api, pod("three")) == (
        'pods "three" is forbidden: exceeded quota: pod-demo, '
        "requested: pods=1, used: pods=2, limited: pods=2")
    assert used(api, "pod-demo") == {"pods": "2"}


def test_dry_run_is_checked_but_not_counted(api):
    api.create(one("quota-pod.yaml"), "demo")
    api.sim.run(seconds=0)
    api.create(pod("dry"), dry_run=True)
    api.sim.run(seconds=1)
    assert used(api, "pod-demo") == {"pods": "0"}
    api.create(pod("one"))
    api.create(pod("two"))
    with pytest.raises(APIError, match="exceeded quota: pod-demo"):
        api.create(pod("three"), dry_run=True)


def test_usage_follows_deletion_and_terminal_phase(api, controller):
    api.create(one("quota-pod.yaml"), "demo")
    api.create(pod("one"))
    api.create(pod("two"))
    api.delete("pods", "one", "demo")
    api.sim.run(seconds=1)
    assert used(api, "pod-demo") == {"pods": "1"}
    api.create(pod("three"))            # room again
    finished = api.get("pods", "two", "demo")
    finished["status"]["phase"] = "Succeeded"
    api.update_status(finished)
    api.sim.run(seconds=1)
    assert used(api, "pod-demo") == {"pods": "1"}
    api.create(pod("four"))


def test_count_pods_includes_terminal_pods(api, controller):
    api.create(quota("counts", {"pods": "5", "count/pods": "5"}))
    api.create(pod("done"))
    finished = api.get("pods", "done", "demo")
    finished["status"]["phase"] = "Failed"
    api.update_status(finished)
    api.sim.run(seconds=1)
    assert used(api, "counts") == {"count/pods": "1", "pods": "0"}


def test_quota_edit_recomputes_status(api, controller):
    api.create(quota("q", {"pods": "2"}))
    api.create(pod("one"))
    q = api.get("resourcequotas", "q", "demo")
    q["spec"]["hard"]["configmaps"] = "3"
    api.update(q)
    api.sim.run(seconds=1)
    status = api.get("resourcequotas", "q", "demo")["status"]
    assert status["hard"] == {"configmaps": "3", "pods": "2"}
    assert status["used"] == {"configmaps": "0", "pods": "1"}


def test_status_is_written_by_the_api_server(api):
    api.create(quota("q", {"pods": "2"}))
    api.sim.run(seconds=0)
    api.create(pod("one"))
    last = [h for h in api.store.history() if h.key[0] == "resourcequotas"][-1]
    assert last.actor == "system:apiserver"
    assert last.object["status"]["used"] == {"pods": "1"}


# --------------------------------------------------------------------------- object counts
def test_object_quota_claims_and_node_ports(api):
    """Configure Quotas for API Objects: one claim allowed, no NodePort services."""
    api.create(one("quota-objects.yaml"), "demo")
    api.create(one("quota-objects-pvc.yaml"), "demo")
    assert forbidden(api, one("quota-objects-pvc-2.yaml")) == (
        'persistentvolumeclaims "pvc-quota-demo-2" is forbidden: exceeded quota: object-quota-demo, '
        "requested: persistentvolumeclaims=1, used: persistentvolumeclaims=1, "
        "limited: persistentvolumeclaims=1")
    node_port = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "np"},
                 "spec": {"type": "NodePort", "selector": {"app": "x"}, "ports": [{"port": 80}]}}
    assert forbidden(api, node_port) == (
        'services "np" is forbidden: exceeded quota: object-quota-demo, '
        "requested: services.nodeports=1, used: services.nodeports=0, limited: services.nodeports=0")
    cluster_ip = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "cip"},
                  "spec": {"selector": {"app": "x"}, "ports": [{"port": 80}]}}
    api.create(cluster_ip, "demo")
    assert used(api, "object-quota-demo") == {"persistentvolumeclaims": "1",
                                              "services.loadbalancers": "0", "services.nodeports": "0"}


def test_storage_requests_and_storage_class_quota(api):
    api.create(quota("storage", {"requests.storage": "5Gi",
                                 "manual.storageclass.storage.k8s.io/requests.storage": "4Gi"}))
    api.create(one("quota-objects-pvc.yaml"), "demo")
    assert forbidden(api, one("quota-objects-pvc-2.yaml")) == (
        'persistentvolumeclaims "pvc-quota-demo-2" is forbidden: exceeded quota: storage, '
        "requested: manual.storageclass.storage.k8s.io/requests.storage=4Gi,requests.storage=4Gi, "
        "used: manual.storageclass.storage.k8s.io/requests.storage=3Gi,requests.storage=3Gi, "
        "limited: manual.storageclass.storage.k8s.io/requests.storage=4Gi,requests.storage=5Gi")


def test_generic_object_counts(api, controller):
    api.create(quota("objects", {"configmaps": "1", "count/deployments.apps": "1", "count/secrets": "2"}))
    api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm1"}}, "demo")
    assert forbidden(api, {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm2"}}) == (
        'configmaps "cm2" is forbidden: exceeded quota: objects, '
        "requested: configmaps=1, used: configmaps=1, limited: configmaps=1")
    deploy = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
              "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {
                  "metadata": {"labels": {"app": "web"}},
                  "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}}
    api.create(deploy, "demo")
    deploy["metadata"]["name"] = "web2"
    assert "exceeded quota: objects, requested: count/deployments.apps=1" in forbidden(api, deploy)
    api.delete("configmaps", "cm1", "demo")
    api.sim.run(seconds=1)
    assert used(api, "objects") == {"configmaps": "0", "count/deployments.apps": "1", "count/secrets": "0"}


# --------------------------------------------------------------------------- scopes
def test_best_effort_scope(api):
    api.create(quota("best-effort", {"pods": "1"}, scopes=["BestEffort"]))
    api.create(pod("be-1"))
    api.create(pod("burstable", requests={"cpu": "100m"}))     # not in scope
    assert forbidden(api, pod("be-2")) == (
        'pods "be-2" is forbidden: exceeded quota: best-effort, '
        "requested: pods=1, used: pods=1, limited: pods=1")


def test_not_best_effort_scope_requires_no_resources_of_best_effort_pods(api):
    api.create(quota("compute", {"requests.cpu": "1"}, scopes=["NotBestEffort"]))
    api.create(pod("be"))                                     # BestEffort: out of scope
    api.create(pod("b", requests={"cpu": "500m"}))
    assert used(api, "compute") == {"requests.cpu": "500m"}


def test_terminating_scope(api):
    api.create(quota("jobs", {"pods": "1"}, scopes=["Terminating"]))
    api.create(pod("service-pod"))
    api.create(pod("batch-1", activeDeadlineSeconds=60))
    assert "exceeded quota: jobs" in forbidden(api, pod("batch-2", activeDeadlineSeconds=60))


def test_priority_class_scope(api):
    """Resource Quotas concept page: a high-priority pod counts against pods-high only."""
    api.create({"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
                "metadata": {"name": "high"}, "value": 1000000})
    for q in example("quota-objects-priority.yaml"):
        api.create(q, "demo")
    api.sim.run(seconds=0)
    resources = {"requests": {"cpu": "500m", "memory": "10Gi"}, "limits": {"cpu": "500m", "memory": "10Gi"}}
    api.create(pod("high-priority", requests=resources["requests"], limits=resources["limits"],
                   priorityClassName="high"))
    assert used(api, "pods-high") == {"cpu": "500m", "memory": "10Gi", "pods": "1"}
    assert used(api, "pods-medium") == {"cpu": "0", "memory": "0", "pods": "0"}
    assert used(api, "pods-low") == {"cpu": "0", "memory": "0", "pods": "0"}
    api.create(pod("no-class"))          # matches none of the scoped quotas: no must-specify


# --------------------------------------------------------------------------- evaluator details
def test_pod_usage_init_containers_and_sidecars():
    body = {"spec": {
        "initContainers": [
            {"name": "setup", "resources": {"requests": {"cpu": "2"}}},
            {"name": "proxy", "restartPolicy": "Always", "resources": {"requests": {"cpu": "100m"}}},
        ],
        "containers": [{"name": "a", "resources": {"requests": {"cpu": "500m"}}},
                       {"name": "b", "resources": {"requests": {"cpu": "250m"}}}]}}
    usage = quota_mod.POD_EVALUATOR.usage(body, 0)
    assert str(usage["requests.cpu"]) == "2"           # the big init container dominates
    body["spec"]["initContainers"][0]["resources"]["requests"]["cpu"] = "200m"
    usage = quota_mod.POD_EVALUATOR.usage(body, 0)
    assert str(usage["requests.cpu"]) == "850m"        # 500m + 250m + the 100m sidecar


def test_load_balancer_counts_node_ports():
    svc = {"spec": {"type": "LoadBalancer", "ports": [{"port": 80}, {"port": 443}]}}
    usage = quota_mod.SERVICE_EVALUATOR.usage(svc, 0)
    assert {k: str(v) for k, v in usage.items()} == {
        "count/services": "1", "services": "1", "services.nodeports": "2", "services.loadbalancers": "1"}
