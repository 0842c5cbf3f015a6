"""API defaulting (k8scourse.apiserver.defaulting): upstream defaults, idempotent, through the server."""

from __future__ import annotations

import copy

import pytest

from k8scourse.api.kinds import REGISTRY
from k8scourse.apiserver import APIServer
from k8scourse.apiserver.defaulting import apply_defaults, image_pull_policy
from k8scourse.sim import Simulation


def defaulted(kind: str, obj: dict) -> dict:
    obj = copy.deepcopy(obj)
    apply_defaults(REGISTRY.by_name(kind), obj)
    return obj


POD_SPEC = {"containers": [{"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 80}],
                            "livenessProbe": {"httpGet": {"port": 80}},
                            "readinessProbe": {"tcpSocket": {"port": 80}, "periodSeconds": 5}}],
            "initContainers": [{"name": "init", "image": "busybox"}],
            "volumes": [{"name": "cache"}, {"name": "cfg", "configMap": {"name": "cfg"}}]}


def test_pod_spec_defaults():
    pod = defaulted("pods", {"spec": POD_SPEC})
    spec = pod["spec"]
    assert {k: spec[k] for k in ("restartPolicy", "dnsPolicy", "terminationGracePeriodSeconds",
                                 "schedulerName", "securityContext", "enableServiceLinks")} == {
        "restartPolicy": "Always", "dnsPolicy": "ClusterFirst", "terminationGracePeriodSeconds": 30,
        "schedulerName": "default-scheduler", "securityContext": {}, "enableServiceLinks": True}
    c = spec["containers"][0]
    assert c["terminationMessagePath"] == "/dev/termination-log"
    assert c["terminationMessagePolicy"] == "File"
    assert c["imagePullPolicy"] == "IfNotPresent"
    assert c["resources"] == {}
    assert c["ports"] == [{"containerPort": 80, "protocol": "TCP"}]
    assert c["livenessProbe"] == {"httpGet": {"port": 80, "path": "/", "scheme": "HTTP"},
                                  "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1,
                                  "failureThreshold": 3}
    assert c["readinessProbe"]["periodSeconds"] == 5          # given values stay
    init = spec["initContainers"][0]
    assert init["imagePullPolicy"] == "Always" and init["terminationMessagePolicy"] == "File"
    assert spec["volumes"] == [{"name": "cache", "emptyDir": {}},
                               {"name": "cfg", "configMap": {"name": "cfg", "defaultMode": 420}}]


@pytest.mark.parametrize("image, policy", [
    ("nginx", "Always"), ("nginx:latest", "Always"), ("nginx:1.27", "IfNotPresent"),
    ("registry.local:5000/team/app", "Always"), ("registry.local:5000/team/app:v2", "IfNotPresent"),
    ("nginx@sha256:0123abcd", "IfNotPresent"), ("nginx:latest@sha256:0123abcd", "Always"),
])
def test_image_pull_policy(image, policy):
    assert image_pull_policy(image) == policy


def test_pod_requests_default_to_limits_but_templates_do_not():
    resources = {"limits": {"cpu": "500m", "memory": "128Mi"}, "requests": {"cpu": "250m"}}
    pod = defaulted("pods", {"spec": {"containers": [{"name": "a", "image": "x", "resources": resources}]}})
    assert pod["spec"]["containers"][0]["resources"]["requests"] == {"cpu": "250m", "memory": "128Mi"}
    deploy = defaulted("deployments", {"spec": {"template": {"spec": {"containers": [
        {"name": "a", "image": "x", "resources": copy.deepcopy(resources)}]}}}})
    assert deploy["spec"]["template"]["spec"]["containers"][0]["resources"]["requests"] == {"cpu": "250m"}


def test_probe_zero_values_are_defaulted_like_go_ints():
    pod = defaulted("pods", {"spec": {"containers": [
        {"name": "a", "image": "x", "livenessProbe": {"exec": {"command": ["true"]}, "timeoutSeconds": 0}}]}})
    assert pod["spec"]["containers"][0]["livenessProbe"]["timeoutSeconds"] == 1


def test_workload_defaults():
    template = {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "a", "image": "x"}]}}
    d = defaulted("deployments", {"spec": {"template": copy.deepcopy(template)}})["spec"]
    assert (d["replicas"], d["revisionHistoryLimit"], d["progressDeadlineSeconds"]) == (1, 10, 600)
    assert d["strategy"] == {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}}
    assert d["template"]["spec"]["restartPolicy"] == "Always"
    recreate = defaulted("deployments", {"spec": {"strategy": {"type": "Recreate"}}})["spec"]
    assert recreate["strategy"] == {"type": "Recreate"}
    assert defaulted("replicasets", {"spec": {}})["spec"]["replicas"] == 1
    ds = defaulted("daemonsets", {"spec": {"template": copy.deepcopy(template)}})["spec"]
    assert ds["updateStrategy"] == {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}}
    assert ds["revisionHistoryLimit"] == 10
    sts = defaulted("statefulsets", {"spec": {"volumeClaimTemplates": [{"metadata": {"name": "d"}, "spec": {}}]}})["spec"]
    assert sts["podManagementPolicy"] == "OrderedReady"
    assert sts["updateStrategy"] == {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}
    assert sts["persistentVolumeClaimRetentionPolicy"] == {"whenDeleted": "Retain", "whenScaled": "Retain"}
    assert (sts["replicas"], sts["revisionHistoryLimit"]) == (1, 10)
    assert sts["volumeClaimTemplates"][0]["spec"]["volumeMode"] == "Filesystem"


def test_replication_controller_selector_and_labels_from_template():
    rc = defaulted("rc", {"metadata": {"name": "rc"}, "spec": {"template": {
        "metadata": {"labels": {"app": "nginx"}}, "spec": {"containers": [{"name": "a", "image": "x"}]}}}})
    assert rc["spec"]["selector"] == {"app": "nginx"} and rc["metadata"]["labels"] == {"app": "nginx"}
    assert rc["spec"]["replicas"] == 1


def test_job_and_cronjob_defaults():
    job = defaulted("jobs", {"metadata": {}, "spec": {"template": {"metadata": {"labels": {"a": "b"}},
                                                                   "spec": {"restartPolicy": "Never"}}}})
    spec = job["spec"]
    assert (spec["completions"], spec["parallelism"], spec["backoffLimit"]) == (1, 1, 6)
    assert (spec["completionMode"], spec["suspend"], spec["podReplacementPolicy"]) == \
        ("NonIndexed", False, "TerminatingOrFailed")
    assert spec["template"]["spec"]["restartPolicy"] == "Never"      # as given
    assert job["metadata"]["labels"] == {"a": "b"}
    only_completions = defaulted("jobs", {"spec": {"completions": 5}})["spec"]
    assert (only_completions["completions"], only_completions["parallelism"]) == (5, 1)
    per_index = defaulted("jobs", {"spec": {"completionMode": "Indexed", "completions": 3,
                                            "backoffLimitPerIndex": 1}})["spec"]
    assert per_index["backoffLimit"] == 2 ** 31 - 1
    cj = defaulted("cronjobs", {"spec": {"schedule": "* * * * *", "jobTemplate": {"spec": {"template": {
        "spec": {"containers": [{"name": "a", "image": "x"}]}}}}}})["spec"]
    assert (cj["concurrencyPolicy"], cj["suspend"], cj["successfulJobsHistoryLimit"],
            cj["failedJobsHistoryLimit"]) == ("Allow", False, 3, 1)
    assert "backoffLimit" not in cj["jobTemplate"]["spec"]          # Job defaults are for Jobs
    assert cj["jobTemplate"]["spec"]["template"]["spec"]["dnsPolicy"] == "ClusterFirst"


def test_service_defaults():
    svc = defaulted("services", {"spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}})["spec"]
    assert svc == {"selector": {"app": "web"}, "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}],
                   "type": "ClusterIP", "sessionAffinity": "None", "internalTrafficPolicy": "Cluster",
                   "ipFamilyPolicy": "SingleStack", "ipFamilies": ["IPv4"]}
    lb = defaulted("services", {"spec": {"type": "LoadBalancer", "ports": [{"port": 80, "targetPort": "http"}]}})["spec"]
    assert lb["externalTrafficPolicy"] == "Cluster" and lb["allocateLoadBalancerNodePorts"] is True
    assert lb["ports"][0]["targetPort"] == "http"
    ext = defaulted("services", {"spec": {"type": "ExternalName", "externalName": "example.com"}})["spec"]
    assert "ipFamilies" not in ext and "internalTrafficPolicy" not in ext
    headless = defaulted("services", {"spec": {"clusterIP": "None"}})["spec"]
    assert headless["ipFamilyPolicy"] == "RequireDualStack"
    affinity = defaulted("services", {"spec": {"sessionAffinity": "ClientIP"}})["spec"]
    assert affinity["sessionAffinityConfig"] == {"clientIP": {"timeoutSeconds": 10800}}


def test_other_kind_defaults():
    assert defaulted("secrets", {"data": {}})["type"] == "Opaque"
    assert defaulted("pvc", {"spec": {}})["spec"]["volumeMode"] == "Filesystem"
    pv = defaulted("pv", {"spec": {}})["spec"]
    assert pv["persistentVolumeReclaimPolicy"] == "Retain"
    hpa = defaulted("hpa", {"spec": {"maxReplicas": 3}})["spec"]
    assert hpa["minReplicas"] == 1
    assert hpa["metrics"][0]["resource"]["target"] == {"type": "Utilization", "averageUtilization": 80}
    netpol = defaulted("netpol", {"spec": {"podSelector": {}, "egress": [{"ports": [{"port": 53}]}]}})["spec"]
    assert netpol["policyTypes"] == ["Ingress", "Egress"]
    assert netpol["egress"][0]["ports"][0]["protocol"] == "TCP"
    assert defaulted("netpol", {"spec": {"podSelector": {}}})["spec"]["policyTypes"] == ["Ingress"]
    lr = defaulted("limits", {"spec": {"limits": [{"type": "Container", "max": {"cpu": "1"}, "min": {"memory": "64Mi"}}]}})
    assert lr["spec"]["limits"][0]["default"] == {"cpu": "1"}
    assert lr["spec"]["limits"][0]["defaultRequest"] == {"cpu": "1", "memory": "64Mi"}
    crb = defaulted("clusterrolebindings", {"subjects": [{"kind": "User", "name": "jane"},
                                                         {"kind": "ServiceAccount", "name": "x", "namespace": "y"}]})
    # a ServiceAccount's group is "", which the API omits (omitempty)
    assert [s.get("apiGroup") for s in crb["subjects"]] == ["rbac.authorization.k8s.io", None]


@pytest.mark.parametrize("kind, obj", [
    ("pods", {"spec": POD_SPEC}),
    ("deployments", {"spec": {"template": {"spec": POD_SPEC}}}),
    ("statefulsets", {"spec": {"template": {"spec": POD_SPEC}}}),
    ("daemonsets", {"spec": {"template": {"spec": POD_SPEC}}}),
    ("jobs", {"spec": {"template": {"spec": POD_SPEC}}}),
    ("cronjobs", {"spec": {"jobTemplate": {"spec": {"template": {"spec": POD_SPEC}}}}}),
    ("services", {"spec": {"type": "NodePort", "ports": [{"port": 80}]}}),
    ("rc", {"spec": {"template": {"metadata": {"labels": {"a": "b"}}, "spec": POD_SPEC}}}),
    ("limits", {"spec": {"limits": [{"type": "Container", "max": {"cpu": "1"}}]}}),
    ("hpa", {"spec": {"maxReplicas": 2}}),
    ("netpol", {"spec": {"podSelector": {}, "egress": [{}]}}),
])
def test_defaults_are_idempotent(kind, obj):
    once = defaulted(kind, obj)
    assert defaulted(kind, once) == once


def test_malformed_values_are_left_for_validation():
    odd = {"spec": {"containers": "nope", "restartPolicy": 3, "volumes": ["x"]}}
    assert defaulted("pods", odd)["spec"]["containers"] == "nope"
    assert defaulted("deployments", {"spec": "x"})["spec"] == "x"


def test_defaults_through_the_api_server():
    api = APIServer(Simulation(seed=0))
    deploy = api.create({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
                         "spec": {"selector": {"matchLabels": {"app": "web"}},
                                  "template": {"metadata": {"labels": {"app": "web"}},
                                               "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}})
    assert deploy["spec"]["replicas"] == 1
    assert deploy["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"] == "Always"
    svc = api.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
                      "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}})
    assert svc["spec"]["ports"][0]["targetPort"] == 80
    # A no-op update (same manifest again) changes nothing: defaults are stable.
    again = api.update(dict(deploy))
    assert again["metadata"]["resourceVersion"] == deploy["metadata"]["resourceVersion"]
