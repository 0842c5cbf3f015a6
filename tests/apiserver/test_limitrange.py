"""LimitRanger admission through the API server: defaults filled, min/max/ratio refused.

Scenarios follow kubernetes.io's tasks "Configure Default CPU/Memory Requests and Limits for a
Namespace", "Configure Minimum and Maximum CPU/Memory Constraints" and the Limit Ranges concept page,
with the manifests from the kubernetes.io corpus (tests/data/corpus) (admin/resource/) and the outcomes the pages describe
(messages in their Kubernetes 1.32 form: no trailing period, quantities canonical).
"""

from __future__ import annotations

import pytest
import yaml

from k8scourse.apiserver import APIServer
from k8scourse.errors import APIError
from k8scourse.sim import Simulation
from reftables import CORPUS

EXAMPLES = CORPUS / "admin" / "resource"


def example(name: str) -> dict:
    path = EXAMPLES / name
    return yaml.safe_load(path.read_text())


@pytest.fixture
def api():
    server = APIServer(Simulation(seed=0))
    server.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "demo"}})
    return server


def pod(name, *containers, namespace="demo"):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": namespace},
            "spec": {"containers": list(containers)}}


def ctr(name="nginx", requests=None, limits=None):
    c = {"name": name, "image": "nginx"}
    res = {}
    if requests:
        res["requests"] = requests
    if limits:
        res["limits"] = limits
    if res:
        c["resources"] = res
    return c


def resources(obj, index=0):
    return obj["spec"]["containers"][index].get("resources", {})


def forbidden(api, obj, namespace="demo") -> str:
    with pytest.raises(APIError) as info:
        api.create(obj, namespace)
    assert info.value.reason == "Forbidden" and info.value.code == 403
    return str(info.value)


# --------------------------------------------------------------------------- defaults
def test_default_cpu_request_and_limit(api):
    api.create(example("cpu-defaults.yaml"), "demo")
    created = api.create(example("cpu-defaults-pod.yaml"), "demo")
    assert resources(created) == {"requests": {"cpu": "500m"}, "limits": {"cpu": "1"}}
    assert created["metadata"]["annotations"]["kubernetes.io/limit-ranger"] == (
        "LimitRanger plugin set: cpu request for container default-cpu-demo-ctr; "
        "cpu limit for container default-cpu-demo-ctr")


def test_only_request_given_gets_the_default_limit(api):
    api.create(example("cpu-defaults.yaml"), "demo")
    created = api.create(example("cpu-defaults-pod-3.yaml"), "demo")
    res = resources(created)
    assert res["limits"] == {"cpu": "1"}
    assert res["requests"] == {"cpu": "750m"}     # given as "0.75": the server returns the canonical form
    assert created["metadata"]["annotations"]["kubernetes.io/limit-ranger"] == \
        "LimitRanger plugin set: cpu limit for container default-cpu-demo-3-ctr"


def test_only_limit_given_request_matches_limit(api):
    api.create(example("memory-defaults.yaml"), "demo")
    created = api.create(example("memory-defaults-pod-2.yaml"), "demo")
    assert resources(created) == {"requests": {"memory": "1Gi"}, "limits": {"memory": "1Gi"}}
    assert "kubernetes.io/limit-ranger" not in created["metadata"].get("annotations", {})


def test_default_memory(api):
    api.create(example("memory-defaults.yaml"), "demo")
    created = api.create(example("memory-defaults-pod.yaml"), "demo")
    assert resources(created) == {"requests": {"memory": "256Mi"}, "limits": {"memory": "512Mi"}}
    created = api.create(example("memory-defaults-pod-3.yaml"), "demo")
    assert resources(created) == {"requests": {"memory": "128Mi"}, "limits": {"memory": "512Mi"}}


def test_defaults_reach_init_containers_too(api):
    api.create(example("memory-defaults.yaml"), "demo")
    body = pod("with-init", ctr("app"))
    body["spec"]["initContainers"] = [ctr("setup")]
    created = api.create(body)
    init = created["spec"]["initContainers"][0]["resources"]
    assert init == {"requests": {"memory": "256Mi"}, "limits": {"memory": "512Mi"}}
    assert created["metadata"]["annotations"]["kubernetes.io/limit-ranger"] == (
        "LimitRanger plugin set: memory request for container app; memory limit for container app; "
        "memory request for init container setup; memory limit for init container setup")


def test_max_alone_defaults_request_and_limit_to_max(api):
    """cpu-constraints: a range with only min/max still fills 800m/800m (LimitRange defaulting)."""
    api.create(example("cpu-constraints.yaml"), "demo")
    created = api.create(example("cpu-constraints-pod-4.yaml"), "demo")
    assert resources(created) == {"requests": {"cpu": "800m"}, "limits": {"cpu": "800m"}}


def test_no_limit_range_no_change(api):
    created = api.create(pod("plain", ctr()))
    assert "resources" not in created["spec"]["containers"][0] or \
        not created["spec"]["containers"][0]["resources"]
    assert "kubernetes.io/limit-ranger" not in created["metadata"].get("annotations", {})


def test_limit_range_in_another_namespace_does_not_apply(api):
    api.create(example("cpu-defaults.yaml"), "demo")
    created = api.create(pod("elsewhere", ctr(), namespace="default"))
    assert not created["spec"]["containers"][0].get("resources")


# --------------------------------------------------------------------------- min / max
def test_cpu_constraints(api):
    api.create(example("cpu-constraints.yaml"), "demo")
    ok = api.create(example("cpu-constraints-pod.yaml"), "demo")
    assert resources(ok) == {"requests": {"cpu": "500m"}, "limits": {"cpu": "800m"}}
    assert forbidden(api, example("cpu-constraints-pod-2.yaml")) == (
        'pods "constraints-cpu-demo-2" is forbidden: '
        "maximum cpu usage per Container is 800m, but limit is 1500m")
    assert forbidden(api, example("cpu-constraints-pod-3.yaml")) == (
        'pods "constraints-cpu-demo-3" is forbidden: '
        "minimum cpu usage per Container is 200m, but request is 100m")


def test_memory_constraints(api):
    api.create(example("memory-constraints.yaml"), "demo")
    api.create(example("memory-constraints-pod.yaml"), "demo")
    assert forbidden(api, example("memory-constraints-pod-2.yaml")) == (
        'pods "constraints-mem-demo-2" is forbidden: '
        "maximum memory usage per Container is 1Gi, but limit is 1536Mi")
    assert forbidden(api, example("memory-constraints-pod-3.yaml")) == (
        'pods "constraints-mem-demo-3" is forbidden: '
        "minimum memory usage per Container is 500Mi, but request is 100Mi")
    created = api.create(example("memory-constraints-pod-4.yaml"), "demo")
    assert resources(created) == {"requests": {"memory": "1Gi"}, "limits": {"memory": "1Gi"}}


def test_several_violations_are_listed_together(api):
    api.create({"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "bounds"},
                "spec": {"limits": [{"type": "Container", "min": {"cpu": "100m"},
                                     "max": {"memory": "1Gi", "cpu": "2"}}]}}, "demo")
    text = forbidden(api, pod("x", ctr(requests={"cpu": "50m", "memory": "1Gi"},
                                       limits={"cpu": "1", "memory": "2Gi"})))
    assert text == ('pods "x" is forbidden: [minimum cpu usage per Container is 100m, but request is 50m, '
                    "maximum memory usage per Container is 1Gi, but limit is 2Gi]")


def test_max_without_a_limit_must_specify(api):
    """A max with no default cannot be met by a container that states no limit."""
    api.create({"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "mem-max"},
                "spec": {"limits": [{"type": "Container", "max": {"memory": "1Gi"},
                                     "default": {"memory": "512Mi"}},
                                    {"type": "Pod", "max": {"cpu": "1"}}]}}, "demo")
    text = forbidden(api, pod("x", ctr(requests={"cpu": "100m"})))
    assert text == 'pods "x" is forbidden: maximum cpu usage per Pod is 1.  No limit is specified'


def test_min_without_a_request(api):
    api.create({"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "pod-min"},
                "spec": {"limits": [{"type": "Pod", "min": {"memory": "64Mi"}}]}}, "demo")
    text = forbidden(api, pod("x", ctr()))
    assert text == 'pods "x" is forbidden: minimum memory usage per Pod is 64Mi.  No request is specified'


def test_container_ratio(api):
    api.create({"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "ratio"},
                "spec": {"limits": [{"type": "Container", "maxLimitRequestRatio": {"memory": "2"}}]}},
               "demo")
    api.create(pod("fine", ctr(requests={"memory": "1Gi"}, limits={"memory": "2Gi"})))
    text = forbidden(api, pod("x", ctr(requests={"memory": "512Mi"}, limits={"memory": "2Gi"})))
    assert text == ('pods "x" is forbidden: memory max limit to request ratio per Container is 2, '
                    "but provided ratio is 4.000000")
    text = forbidden(api, pod("y", ctr(requests={"memory": "512Mi"})))
    assert text == ('pods "y" is forbidden: memory max limit to request ratio per Container is 2, '
                    "but no limit is specified or limit is 0")


# --------------------------------------------------------------------------- per pod
def test_pod_limits_are_summed(api):
    """Limit Ranges concept page: busybox1 passes the container range, the pod range refuses it."""
    api.create(example("limit-mem-cpu-container.yaml"), "demo")
    created = api.create(example("limit-range-pod-1.yaml"), "demo")
    cnt = {c["name"]: c["resources"] for c in created["spec"]["containers"]}
    assert cnt["busybox-cnt01"]["limits"] == {"memory": "200Mi", "cpu": "500m"}
    assert cnt["busybox-cnt02"]["limits"] == {"memory": "900Mi", "cpu": "700m"}
    assert cnt["busybox-cnt04"] == {"requests": {"cpu": "110m", "memory": "111Mi"},
                                    "limits": {"cpu": "700m", "memory": "900Mi"}}
    api.create(example("limit-mem-cpu-pod.yaml"), "demo")
    text = forbidden(api, example("limit-range-pod-2.yaml"))
    assert text == ('pods "busybox2" is forbidden: [maximum cpu usage per Pod is 2, but limit is 2400m, '
                    "maximum memory usage per Pod is 2Gi, but limit is 2200Mi]")


def test_pod_ratio(api):
    api.create(example("limit-memory-ratio-pod.yaml"), "demo")
    text = forbidden(api, example("limit-range-pod-3.yaml"))
    assert text == ('pods "busybox3" is forbidden: memory max limit to request ratio per Pod is 2, '
                    "but provided ratio is 3.000000")


# --------------------------------------------------------------------------- claims
def test_storage_limits_on_claims(api):
    api.create(example("storagelimits.yaml"), "demo")
    assert forbidden(api, example("pvc-limit-lower.yaml")) == (
        'persistentvolumeclaims "pvc-limit-lower" is forbidden: '
        "minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi")
    assert forbidden(api, example("pvc-limit-greater.yaml")) == (
        'persistentvolumeclaims "pvc-limit-greater" is forbidden: '
        "maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi")
    claim = example("pvc-limit-lower.yaml")
    claim["metadata"]["name"] = "just-right"
    claim["spec"]["resources"]["requests"]["storage"] = "1500Mi"
    api.create(claim, "demo")


# --------------------------------------------------------------------------- request shape
def test_refusal_changes_nothing_and_dry_run_is_checked(api):
    api.create(example("cpu-constraints.yaml"), "demo")
    before = api.store.revision
    with pytest.raises(APIError):
        api.create(example("cpu-constraints-pod-2.yaml"), "demo", dry_run=True)
    with pytest.raises(APIError):
        api.create(example("cpu-constraints-pod-2.yaml"), "demo")
    assert api.store.revision == before
    assert api.list("pods", "demo")["items"] == []


def test_existing_pods_are_not_rechecked(api):
    api.create(pod("early", ctr(requests={"cpu": "50m"})))
    api.create(example("cpu-constraints.yaml"), "demo")
    assert api.get("pods", "early", "demo")["spec"]["containers"][0]["resources"] == \
        {"requests": {"cpu": "50m"}}
    labelled = api.get("pods", "early", "demo")
    labelled["metadata"]["labels"] = {"app": "early"}
    api.update(labelled)            # pod updates are not LimitRanger's business
