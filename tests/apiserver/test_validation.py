"""Validation (k8scourse.apiserver.validation): strict decoding, semantic rules, update rules.

Every case goes through :class:`APIServer` the way ``kubectl create`` does and checks the exact
message the real API server gives (``400 BadRequest`` for decoding, ``422 Invalid`` for
validation) and that nothing was stored.
"""

from __future__ import annotations

import copy

import pytest

from k8scourse.api.kinds import REGISTRY
from k8scourse.apiserver import APIServer
from k8scourse.apiserver import validation
from k8scourse.errors import APIError
from k8scourse.sim import Simulation


@pytest.fixture
def api():
    return APIServer(Simulation(seed=0))


def pod(**spec_overrides) -> dict:
    container = {"name": "web", "image": "nginx:1.27"}
    spec = {"containers": [container]}
    spec.update(spec_overrides)
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": spec}


def deployment(selector=None, labels=None, **spec) -> dict:
    body = {"replicas": 2,
            "selector": {"matchLabels": {"app": "web"}} if selector is None else selector,
            "template": {"metadata": {"labels": {"app": "web"} if labels is None else labels},
                         "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}
    body.update(spec)
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": body}


def refused(api: APIServer, body: dict) -> APIError:
    before = api.store.revision
    with pytest.raises(APIError) as info:
        api.create(body)
    assert api.store.revision == before, "a refused request must change nothing"
    return info.value


def invalid(api: APIServer, body: dict) -> str:
    err = refused(api, body)
    assert (err.reason, err.code) == ("Invalid", 422), err.message
    return err.message


def bad_request(api: APIServer, body: dict) -> str:
    err = refused(api, body)
    assert (err.reason, err.code) == ("BadRequest", 400), err.message
    return err.message


# --------------------------------------------------------------------------- strict decoding
def test_unknown_fields_are_listed_in_document_order(api):
    body = pod()
    body["spec"]["containers"][0]["ports"] = [{"contanerPort": 80}]
    body["spec"]["nodeSelectr"] = {"disk": "ssd"}
    assert bad_request(api, body) == (
        'Pod in version "v1" cannot be handled as a Pod: strict decoding error: '
        'unknown field "spec.containers[0].ports[0].contanerPort", unknown field "spec.nodeSelectr"')


def test_wrong_json_type_uses_gos_message(api):
    body = pod()
    body["spec"]["containers"][0]["ports"] = [{"containerPort": "80"}]
    assert bad_request(api, body) == (
        'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct '
        'field ContainerPort.spec.containers.ports.containerPort of type int32')


@pytest.mark.parametrize("mutate, message", [
    (lambda b: b["spec"]["containers"][0].update(env=[{"name": "PORT", "value": 8080}]),
     "json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value of type string"),
    (lambda b: b["metadata"].update(labels={"version": 1.5}),
     "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string"),
    (lambda b: b["spec"].update(containers={"name": "web"}),
     "json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container"),
    (lambda b: b["spec"]["containers"][0].update(ports=[{"containerPort": 1.5}]),
     "json: cannot unmarshal number 1.5 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32"),
    (lambda b: b["spec"]["containers"][0].update(ports=[{"containerPort": 3000000000}]),
     "json: cannot unmarshal number 3000000000 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32"),
    (lambda b: b["spec"]["containers"][0].update(resources={"limits": {"cpu": "abc"}}),
     "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    (lambda b: b["spec"]["containers"][0].update(resources={"requests": {"memory": "32MMi"}}),
     "unable to parse quantity's suffix"),
    (lambda b: b["spec"].update(restartPolicy=["Never"]),
     "json: cannot unmarshal array into Go struct field PodSpec.spec.restartPolicy of type string"),
])
def test_type_errors(api, mutate, message):
    body = pod()
    mutate(body)
    assert bad_request(api, body) == f'Pod in version "v1" cannot be handled as a Pod: {message}'


def test_type_error_wins_over_unknown_fields(api):
    body = pod(unknownThing=1)
    body["spec"]["containers"][0]["ports"] = [{"containerPort": "80"}]
    assert "cannot unmarshal string" in bad_request(api, body)


def test_annotations_as_a_list_is_a_decode_error(api):
    secret = {"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/service-account-token",
              "metadata": {"name": "s", "annotations": [{"kubernetes.io/service-account.name": "sa"}]}}
    assert bad_request(api, secret) == (
        'Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal array into Go '
        'struct field ObjectMeta.metadata.annotations of type map[string]string')


def test_secret_data_must_be_base64(api):
    secret = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"},
              "data": {"ok": "YWJj", "bad": "REPLACE_WITH_BASE64"}}
    assert bad_request(api, secret).endswith("illegal base64 data at input byte 7")


def test_hpa_v1_is_decoded_with_its_own_schema_and_converted(api):
    hpa = api.create({"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler",
                      "metadata": {"name": "web"},
                      "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
                               "minReplicas": 1, "maxReplicas": 10, "targetCPUUtilizationPercentage": 50}})
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["metrics"] == [{"type": "Resource", "resource": {
        "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 50}}}]


def test_secret_string_data_is_stored_as_data(api):
    secret = api.create({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"},
                         "stringData": {"user": "admin"}, "data": {"pw": "c2VjcmV0"}})
    assert secret["data"] == {"pw": "c2VjcmV0", "user": "YWRtaW4="} and "stringData" not in secret
    assert secret["type"] == "Opaque"


def test_kinds_without_a_schema_are_not_schema_checked():
    from k8scourse.api.kinds import KindInfo
    custom = KindInfo("example.com", "v1", "Widget", "widgets", True)
    assert validation.decode_errors(custom, {"apiVersion": "example.com/v1", "kind": "Widget",
                                             "anything": {"goes": True}}) is None


# --------------------------------------------------------------------------- metadata
@pytest.mark.parametrize("kind, body, message", [
    ("Pod", pod(), None),
    ("Pod", dict(pod(), metadata={"name": "Web_1"}),
     'metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of lower case '
     "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
     "'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
    ("Service", {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "1st"},
                 "spec": {"ports": [{"port": 80}]}},
     'metadata.name: Invalid value: "1st": a DNS-1035 label must consist of lower case alphanumeric '
     "characters or '-', start with an alphabetic character, and end with an alphanumeric character "
     "(e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"),
    ("Namespace", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team.a"}},
     'metadata.name: Invalid value: "team.a": must not contain dots'),
])
def test_name_rules_per_kind(api, kind, body, message):
    if message is None:
        api.create(body)
    else:
        assert invalid(api, body).endswith(message)


def test_label_and_annotation_keys(api):
    body = pod()
    body["metadata"]["labels"] = {"app": "web", "bad key": "v", "tier": "-x"}
    body["metadata"]["annotations"] = {"ok.example.com/x": "1", "a/b/c": "2"}
    message = invalid(api, body)
    assert 'metadata.labels: Invalid value: "bad key": name part must consist of' in message
    assert 'metadata.labels: Invalid value: "-x": a valid label must be an empty string' in message
    assert 'metadata.annotations: Invalid value: "a/b/c": a qualified name must consist of' in message


def test_generate_name_is_validated_and_used(api):
    created = api.create(dict(pod(), metadata={"generateName": "web-"}))
    assert created["metadata"]["name"].startswith("web-")
    assert "metadata.generateName" in invalid(api, dict(pod(), metadata={"generateName": "Web-"}))


# --------------------------------------------------------------------------- pods
@pytest.mark.parametrize("spec, expected", [
    ({"containers": []}, ["spec.containers: Required value"]),
    ({"containers": [{"name": "web"}]}, ["spec.containers[0].image: Required value"]),
    ({"containers": [{"name": "web", "image": "a"}, {"name": "web", "image": "b"}]},
     ['spec.containers[1].name: Duplicate value: "web"']),
    ({"containers": [{"name": "Web", "image": "a"}]},
     ['spec.containers[0].name: Invalid value: "Web": a lowercase RFC 1123 label must consist of']),
    ({"containers": [{"name": "web", "image": "a", "ports": [{"containerPort": 0}]}]},
     ["spec.containers[0].ports[0].containerPort: Required value"]),
    ({"containers": [{"name": "web", "image": "a", "ports": [{"containerPort": 70000}]}]},
     ["spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"]),
    ({"containers": [{"name": "web", "image": "a", "ports": [{"containerPort": 80, "name": "http"},
                                                             {"containerPort": 81, "name": "http"}]}]},
     ['spec.containers[0].ports[1].name: Duplicate value: "http"']),
    ({"containers": [{"name": "web", "image": "a", "ports": [{"containerPort": 80, "protocol": "HTTP"}]}]},
     ['spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"']),
    ({"hostNetwork": True, "containers": [{"name": "web", "image": "a", "ports": [{"containerPort": 80, "hostPort": 8080}]}]},
     ["spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true"]),
    ({"containers": [{"name": "a", "image": "a", "ports": [{"containerPort": 80, "hostPort": 80}]},
                     {"name": "b", "image": "b", "ports": [{"containerPort": 80, "hostPort": 80}]}]},
     ['spec.containers[1].ports[0].hostPort: Duplicate value: "/TCP/80"']),
    ({"restartPolicy": "Sometimes"},
     ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"']),
    ({"dnsPolicy": "Google"},
     ['spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirst", '
      '"ClusterFirstWithHostNet", "Default", "None"']),
    ({"containers": [{"name": "web", "image": "a", "imagePullPolicy": "Sometimes"}]},
     ['spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: '
      '"Always", "IfNotPresent", "Never"']),
    ({"containers": [{"name": "web", "image": "a", "resources": {"requests": {"cpu": "600m"},
                                                                 "limits": {"cpu": "500m"}}}]},
     ['spec.containers[0].resources.requests: Invalid value: "600m": must be less than or equal to cpu limit of 500m']),
    ({"containers": [{"name": "web", "image": "a", "resources": {"requests": {"cpu": "-1"}}}]},
     ['spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0']),
    ({"containers": [{"name": "web", "image": "a", "resources": {"limits": {"gpu": "1"}}}]},
     ['spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers']),
    ({"volumes": [{"name": "data", "emptyDir": {}}, {"name": "data", "emptyDir": {}}]},
     ['spec.volumes[1].name: Duplicate value: "data"']),
    ({"volumes": [{"name": "data", "emptyDir": {}, "hostPath": {"path": "/x"}}]},
     ["spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type"]),
    ({"volumes": [{"name": "cfg", "configMap": {}}]}, ["spec.volumes[0].configMap.name: Required value"]),
    ({"containers": [{"name": "web", "image": "a", "volumeMounts": [{"name": "data", "mountPath": "/d"}]}]},
     ['spec.containers[0].volumeMounts[0].name: Not found: "data"']),
    ({"containers": [{"name": "web", "image": "a", "env": [{"name": "A=B", "value": "1"}]}]},
     ['spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must '
      "consist only of printable ASCII characters other than '='"]),
    ({"containers": [{"name": "web", "image": "a", "livenessProbe": {"periodSeconds": 5}}]},
     ["spec.containers[0].livenessProbe: Required value: must specify a handler type"]),
    ({"containers": [{"name": "web", "image": "a", "livenessProbe": {"exec": {"command": ["true"]},
                                                                     "successThreshold": 2}}]},
     ["spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"]),
    ({"containers": [{"name": "web", "image": "a", "readinessProbe": {
        "httpGet": {"port": 8080}, "tcpSocket": {"port": 8080}}}]},
     ["spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type"]),
    ({"containers": [{"name": "web", "image": "a", "readinessProbe": {"httpGet": {"port": "http_port"}}}]},
     ['spec.containers[0].readinessProbe.httpGet.port: Invalid value: "http_port": must contain only '
      'alpha-numeric characters (a-z, 0-9), and hyphens (-)']),
    ({"activeDeadlineSeconds": 0},
     ["spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"]),
])
def test_pod_rules(api, spec, expected):
    body = pod(**spec)
    message = invalid(api, body)
    for text in expected:
        assert text in message, message


def test_several_errors_are_bracketed(api):
    body = pod(containers=[{"name": "Web"}])
    message = invalid(api, body)
    assert message.startswith('Pod "web" is invalid: [spec.containers[0].name: Invalid value: "Web"')
    assert message.endswith("spec.containers[0].image: Required value]")


def test_init_containers_share_the_name_space(api):
    body = pod(initContainers=[{"name": "web", "image": "busybox"}])
    assert 'spec.initContainers[0].name: Duplicate value: "web"' in invalid(api, body)


def test_schema_required_fields_are_reported(api):
    body = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
            "metadata": {"name": "b"}, "subjects": [{"kind": "User", "name": "jane"}]}
    message = invalid(api, body)
    assert "roleRef.name: Required value" in message


def test_pod_update_is_mostly_forbidden(api):
    api.create(pod())
    current = api.get("pods", "web")
    changed = copy.deepcopy(current)
    changed["spec"]["containers"][0]["image"] = "nginx:1.28"
    assert api.update(changed)["spec"]["containers"][0]["image"] == "nginx:1.28"
    current = api.get("pods", "web")
    changed = copy.deepcopy(current)
    changed["spec"]["containers"][0]["ports"] = [{"containerPort": 8080}]
    with pytest.raises(APIError) as info:
        api.update(changed)
    assert info.value.message.startswith(
        'Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than '
        '`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,'
        '`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds`')
    assert api.get("pods", "web")["spec"]["containers"][0].get("ports") is None


def test_metadata_identity_is_immutable():
    info = REGISTRY.by_name("pods")
    old = {"metadata": {"name": "web", "namespace": "default", "uid": "1"}}
    new = {"metadata": {"name": "web", "namespace": "default", "uid": "2"}}
    from k8scourse.apiserver.validation.meta import validate_object_meta_update
    assert [str(e) for e in validate_object_meta_update(new["metadata"], old["metadata"])] == [
        'metadata.uid: Invalid value: "2": field is immutable']
    assert info.kind == "Pod"


# --------------------------------------------------------------------------- workloads
def test_selector_must_match_template_labels(api):
    message = invalid(api, deployment(labels={"app": "x"}))
    assert message == ('Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: '
                       'map[string]string{"app":"x"}: `selector` does not match template `labels`')


def test_apps_v1_requires_a_selector(api):
    body = deployment()
    del body["spec"]["selector"]
    assert invalid(api, body) == (
        'Deployment.apps "web" is invalid: [spec.selector: Required value, '
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: '
        '`selector` does not match template `labels`]')


@pytest.mark.parametrize("spec, text", [
    ({"replicas": -1}, "spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
    ({"selector": {}}, "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
                       "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"),
    ({"strategy": {"type": "Rolling"}}, 'spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"Rolling"'),
    ({"strategy": {"type": "Recreate", "rollingUpdate": {"maxSurge": 1}}},
     "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"),
    ({"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 0, "maxUnavailable": 0}}},
     "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, "
     'StrVal:""}: may not be 0 when `maxSurge` is 0'),
    ({"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "150%"}}},
     'spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: '
     "must not be greater than 100%"),
    ({"progressDeadlineSeconds": 10, "minReadySeconds": 20},
     "spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds"),
])
def test_deployment_rules(api, spec, text):
    assert text in invalid(api, deployment(**spec))


def test_controller_templates_must_restart_always(api):
    body = deployment()
    body["spec"]["template"]["spec"]["restartPolicy"] = "OnFailure"
    assert invalid(api, body).endswith(
        'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"')


def test_selector_is_immutable(api):
    api.create(deployment())
    current = api.get("deployments", "web")
    changed = copy.deepcopy(current)
    changed["spec"]["selector"] = {"matchLabels": {"app": "web", "v": "2"}}
    changed["spec"]["template"]["metadata"]["labels"]["v"] = "2"
    with pytest.raises(APIError) as info:
        api.update(changed)
    assert info.value.message == (
        'Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{'
        'MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: '
        'field is immutable')


def test_job_template_restart_policy(api):
    job = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi"},
           "spec": {"template": {"spec": {"containers": [{"name": "pi", "image": "perl"}]}}}}
    assert invalid(api, job) == (
        'Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": '
        'supported values: "OnFailure", "Never"')
    job["spec"]["template"]["spec"]["restartPolicy"] = "Never"
    assert api.create(job)["spec"]["backoffLimit"] == 6


def test_replication_controller_and_daemonset(api):
    rc = {"apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "rc"},
          "spec": {"selector": {"app": "a"}, "template": {"metadata": {"labels": {"app": "b"}},
                                                          "spec": {"containers": [{"name": "c", "image": "x"}]}}}}
    assert invalid(api, rc).endswith('spec.template.metadata.labels: Invalid value: map[string]string{"app":"b"}: '
                                     '`selector` does not match template `labels`')
    ds = {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "ds"},
          "spec": {"selector": {"matchLabels": {"app": "a"}},
                   "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 0}},
                   "template": {"metadata": {"labels": {"app": "a"}},
                                "spec": {"containers": [{"name": "c", "image": "x"}]}}}}
    assert "spec.updateStrategy.rollingUpdate.maxUnavailable" in invalid(api, ds)


def test_cronjob_rules(api):
    cj = {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c" * 53},
          "spec": {"schedule": "every minute", "jobTemplate": {"spec": {"template": {"spec": {
              "restartPolicy": "OnFailure", "containers": [{"name": "c", "image": "x"}]}}}}}}
    message = invalid(api, cj)
    assert "must be no more than 52 characters" in message
    assert 'spec.schedule: Invalid value: "every minute": expected exactly 5 fields, found 2: [every minute]' in message


def test_statefulset_update_is_limited(api):
    sts = {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"},
           "spec": {"serviceName": "db", "selector": {"matchLabels": {"app": "db"}},
                    "template": {"metadata": {"labels": {"app": "db"}},
                                 "spec": {"containers": [{"name": "db", "image": "postgres",
                                                          "volumeMounts": [{"name": "data", "mountPath": "/d"}]}]}},
                    "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {
                        "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]}}
    created = api.create(sts)          # mounts may name a volumeClaimTemplate
    changed = copy.deepcopy(created)
    changed["spec"]["replicas"] = 3
    assert api.update(changed)["spec"]["replicas"] == 3
    changed = copy.deepcopy(api.get("statefulsets", "db"))
    changed["spec"]["serviceName"] = "other"
    with pytest.raises(APIError) as info:
        api.update(changed)
    assert "spec: Forbidden: updates to statefulset spec for fields other than 'replicas'" in info.value.message


# --------------------------------------------------------------------------- services
@pytest.mark.parametrize("spec, text", [
    ({"selector": {"app": "web"}}, "spec.ports: Required value"),
    ({"ports": [{"port": 80}, {"port": 443}]}, "spec.ports[0].name: Required value, spec.ports[1].name: Required value"),
    ({"ports": [{"port": 0, "name": "a"}]}, "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"),
    ({"ports": [{"port": 80, "name": "a"}, {"port": 81, "name": "a"}]}, 'spec.ports[1].name: Duplicate value: "a"'),
    ({"type": "Internal", "ports": [{"port": 80}]},
     'spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'),
    ({"ports": [{"port": 80, "targetPort": 70000}]},
     "spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive"),
    ({"ports": [{"port": 80, "nodePort": 30080}]},
     "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"),
    ({"type": "ExternalName"}, "spec.externalName: Required value"),
])
def test_service_rules(api, spec, text):
    body = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}, "spec": spec}
    assert text in invalid(api, body)


def test_headless_and_external_services_need_no_ports(api):
    db = api.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "db"},
                     "spec": {"clusterIP": "None", "selector": {"app": "db"}}})
    ext = api.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "ext"},
                      "spec": {"type": "ExternalName", "externalName": "db.example.com"}})
    assert db["spec"]["clusterIP"] == "None" and "ports" not in db["spec"]
    assert ext["spec"]["externalName"] == "db.example.com" and "ports" not in ext["spec"]
    assert "clusterIP" not in ext["spec"]            # ExternalName services get no cluster IP
    assert [s["metadata"]["name"] for s in api.list("services", "default")["items"]] == ["db", "ext"]


# --------------------------------------------------------------------------- config, quota, limits
def test_config_map_and_secret_keys(api):
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"},
          "data": {"good.key": "1", "bad key": "2"}}
    assert invalid(api, cm).endswith(
        "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric "
        "characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for "
        "validation is '[-._a-zA-Z0-9]+')")
    tls = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "tls"}, "type": "kubernetes.io/tls",
           "data": {"tls.crt": "YQ=="}}
    assert invalid(api, tls).endswith("data[tls.key]: Required value")


def test_resource_quota_and_limit_range(api):
    quota = {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "q"},
             "spec": {"hard": {"pods": "1.5", "cpu": "-1", "widgets": "3"}}}
    message = invalid(api, quota)
    assert 'spec.hard[pods]: Invalid value: "1500m": must be an integer' in message
    assert 'spec.hard[cpu]: Invalid value: "-1": must be greater than or equal to 0' in message
    assert 'spec.hard[widgets]: Invalid value: "widgets": must be a standard resource for quota' in message
    lr = {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "lr"},
          "spec": {"limits": [{"type": "Container", "max": {"cpu": "500m"}, "min": {"cpu": "1"}}]}}
    assert 'spec.limits[0].min[cpu]: Invalid value: "1": min value 1 is greater than max value 500m' in invalid(api, lr)


def test_pvc_needs_access_modes_and_size(api):
    pvc = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data"}, "spec": {}}
    message = invalid(api, pvc)
    assert "spec.accessModes: Required value: at least 1 access mode is required" in message
    assert "spec.resources[storage]: Required value" in message


def test_validate_is_pure_and_lists_nothing_for_a_good_object():
    info = REGISTRY.by_name("pods")
    body = pod()
    from k8scourse.apiserver.defaulting import apply_defaults
    body["metadata"]["namespace"] = "default"
    apply_defaults(info, body)
    before = copy.deepcopy(body)
    assert validation.validate(info, body, None) == []
    assert body == before
