"""Every manifest of the kubernetes.io examples corpus through the API server.

The corpus is ``tests/data/corpus/k8s-website-examples`` (CC BY 4.0, see its ``NOTICE.md``) (its ``MANIFEST.tsv`` lists the files). Each
file is applied to a *fresh* API server, document by document, the way a student runs
``kubectl create -f <file>`` on a new cluster:

* a ``kind: List`` document is split into its items (kubectl does that on the client side);
* when a document names a namespace that does not exist yet, the namespace is created first — as
  a student would (``kubectl create namespace ...``) before applying the manifest;
* a file PyYAML cannot parse is rejected as a whole (kubectl: ``error converting YAML to JSON``);
* every other document is either stored, or refused with the real API server's error, in which
  case nothing at all is written.

The expectations below list every refused document explicitly, so a change in validation shows
up as the file that changed, with the message it now gets. Why each is refused:

* Not parseable YAML: three files with tabs or bad escapes.
* Kinds this 1.32 API server does not serve (CRDs, removed versions, a config file): NotFound.
* Schema-invalid documents: a Pod without ``apiVersion``, a Job without a name, a Secret whose
  annotations are a list, a LimitRange item without ``type``, a Deployment with affinity fields at
  the wrong level, a node affinity given as a list, Secret placeholders that are not base64, a
  Job name still holding a ``$ITEM`` template variable.
* Fields of Kubernetes releases newer than 1.32 (``restartPolicyRules``, ``cgroupOptions``,
  ``emptyDir.mode``, the ``Gt`` toleration operator, the ``VolumeAttributesClass`` quota scope) or
  removed from it (``spec.ipFamily``).
* Admission in a fresh cluster: a Pod naming a PriorityClass that does not exist.
"""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from k8scourse.apiserver import APIServer
from k8scourse.errors import APIError
from k8scourse.sim import Simulation
from reftables import CORPUS


# Totals over the whole corpus.
ACCEPTED_OBJECTS = 336
PARSE_ERROR_FILES = 3
REJECTED_BY_REASON = {"BadRequest": 9, "Invalid": 7, "NotFound": 11, "Forbidden": 1}

PARSE_ERRORS = {
    "controllers/job-pod-failure-policy-ignore.yaml",
    "pods/inject/envars-file-container.yaml",
    "pods/inject/pod-multiple-secret-env-variable.yaml",
}

_NO_MATCH = 'no matches for kind "{}" in version "{}"'
# file -> [(reason, message)], one entry per refused document, in document order. A message
# ending in "..." is a prefix.
REJECTED = {
    # --- not served by a 1.32 API server
    "application/job/cronjob.yaml": [("NotFound", _NO_MATCH.format("CronJob", "batch/v1beta1"))],
    "service/networking/example-ingress.yaml": [
        ("NotFound", _NO_MATCH.format("Ingress", "networking.k8s.io/v1beta1"))],
    "application/volume-snaphot.yaml": [
        ("NotFound", _NO_MATCH.format("VolumeSnapshot", "snapshot.storage.k8s.io/v1"))],
    "application/volume-snapshot-class.yaml": [
        ("NotFound", _NO_MATCH.format("VolumeSnapshotClass", "snapshot.storage.k8s.io/v1"))],
    "service/networking/gateway.yaml": [
        ("NotFound", _NO_MATCH.format("Gateway", "gateway.networking.k8s.io/v1"))],
    "service/networking/gatewayclass.yaml": [
        ("NotFound", _NO_MATCH.format("GatewayClass", "gateway.networking.k8s.io/v1"))],
    "service/networking/grpcroute.yaml": [
        ("NotFound", _NO_MATCH.format("GRPCRoute", "gateway.networking.k8s.io/v1"))],
    "service/networking/grpcroute-matching.yaml": [
        ("NotFound", _NO_MATCH.format("GRPCRoute", "gateway.networking.k8s.io/v1"))],
    "service/networking/httproute.yaml": [
        ("NotFound", _NO_MATCH.format("HTTPRoute", "gateway.networking.k8s.io/v1"))],
    "policy/admission-config-file.yaml": [
        ("NotFound", _NO_MATCH.format("AdmissionConfiguration", "apiserver.k8s.io/v1alpha1"))],
    # A Pod without apiVersion.
    "pods/inject/pod-single-secret-env-variable.yaml": [("NotFound", 'no matches for kind "Pod"...')],
    # --- strict decoding (400)
    "secret/serviceaccount/mysecretname.yaml": [(
        "BadRequest", 'Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal '
        'array into Go struct field ObjectMeta.metadata.annotations of type map[string]string')],
    "secret/tls-auth-secret.yaml": [(
        "BadRequest", 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 7')],
    "pods/pod-with-node-affinity.yaml": [(
        "BadRequest", 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal array into '
        'Go struct field NodeAffinity.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution '
        'of type v1.NodeSelector')],
    "deployments/deployment-with-capacity-reservation.yaml": [(
        "BadRequest", 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: '
        'unknown field "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].labelSelector", '
        'unknown field "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].topologyKey"')],
    "pods/emptydir-volume-mode.yaml": [(
        "BadRequest", 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: '
        'unknown field "spec.volumes[0].emptyDir.mode"')],
    "pods/restart-policy/restart-all-containers.yaml": [(
        "BadRequest", 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: '
        'unknown field "spec.initContainers[1].restartPolicyRules"')],
    "pods/security/security-context-7.yaml": [(
        "BadRequest", 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: '
        'unknown field "spec.containers[0].securityContext.cgroupOptions"')],
    "service/networking/dual-stack-ipv6-svc.yaml": [(
        "BadRequest", 'Service in version "v1" cannot be handled as a Service: strict decoding error: '
        'unknown field "spec.ipFamily"')],
    "service/networking/dual-stack-ipv6-lb-svc.yaml": [(
        "BadRequest", 'Service in version "v1" cannot be handled as a Service: strict decoding error: '
        'unknown field "spec.ipFamily"')],
    # --- validation (422)
    "controllers/job-success-policy-example.yaml": [(
        "Invalid", 'Job.batch "" is invalid: metadata.name: Required value: name or generateName is required')],
    "application/job/job-tmpl.yaml": [(
        "Invalid", 'Job.batch "process-item-$ITEM" is invalid: metadata.name: Invalid value: '
        '"process-item-$ITEM": a lowercase RFC 1123 subdomain must consist of...')],
    "concepts/policy/limit-range/problematic-limit-range.yaml": [(
        "Invalid", 'LimitRange "cpu-resource-constraint" is invalid: [spec.limits[0].type: Invalid value: "": '
        'name part must be non-empty, ...')],
    "pods/pod-with-numeric-toleration.yaml": [(
        "Invalid", 'Pod "nginx-numeric-toleration" is invalid: spec.tolerations[0].operator: Unsupported '
        'value: "Gt": supported values: "Equal", "Exists"')],
    "policy/quota-vac.yaml": [
        ("Invalid", f'ResourceQuota "pvcs-{tier}" is invalid: spec.scopeSelector.matchExpressions[0].scopeName: '
                    'Unsupported value: "VolumeAttributesClass": supported values: "BestEffort", '
                    '"CrossNamespacePodAffinity", "NotBestEffort", "NotTerminating", "PriorityClass", "Terminating"')
        for tier in ("gold", "silver", "copper")],
    # --- admission (403)
    "policy/high-priority-pod.yaml": [(
        "Forbidden", 'pods "high-priority" is forbidden: no PriorityClass with name high was found')],
}


def corpus_files() -> list[str]:
    lines = (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [row.split("\t")[0] for row in lines if row.split("\t")[1] != "(non-yaml)"]


def documents(text: str) -> list:
    docs = []
    for doc in yaml.safe_load_all(text):
        if doc is None:
            continue
        if isinstance(doc, dict) and doc.get("kind") == "List" and isinstance(doc.get("items"), list):
            docs.extend(doc["items"])           # kubectl splits a List client-side
        else:
            docs.append(doc)
    return docs


def apply_file(rel: str):
    """(stored objects, refused [(reason, message)]) for one file on a fresh API server."""
    api = APIServer(Simulation(seed=0))
    stored, refused = [], []
    for doc in documents((CORPUS / rel).read_text(encoding="utf-8")):
        ns = (doc.get("metadata") or {}).get("namespace") if isinstance(doc, dict) else None
        if isinstance(ns, str) and ns and api.peek("namespaces", ns) is None:
            api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
        before = api.store.revision
        try:
            obj = api.create(doc)
        except APIError as exc:
            assert api.store.revision == before, f"{rel}: a refused document changed the store"
            refused.append((exc.reason, exc.message))
            continue
        info = api.registry.for_kind(obj["apiVersion"], obj["kind"])
        assert api.get(info, obj["metadata"]["name"], obj["metadata"].get("namespace", "")) == obj
        stored.append(obj)
    return stored, refused


@pytest.fixture(scope="module")
def results():
    out = {}
    for rel in corpus_files():
        try:
            out[rel] = apply_file(rel)
        except yaml.YAMLError:
            out[rel] = None
    return out


def _matches(message: str, expected: str) -> bool:
    return message.startswith(expected[:-3]) if expected.endswith("...") else message == expected


def test_unparseable_files(results):
    assert {rel for rel, r in results.items() if r is None} == PARSE_ERRORS
    assert len(PARSE_ERRORS) == PARSE_ERROR_FILES


def test_every_refusal_is_the_expected_one(results):
    actual = {rel: r[1] for rel, r in results.items() if r is not None and r[1]}
    assert sorted(actual) == sorted(REJECTED), "files with refused documents changed"
    for rel, expected in REJECTED.items():
        got = actual[rel]
        assert len(got) == len(expected), (rel, got)
        for (reason, message), (want_reason, want_message) in zip(got, expected):
            assert reason == want_reason and _matches(message, want_message), (rel, reason, message)


def test_counts(results):
    accepted = sum(len(r[0]) for r in results.values() if r is not None)
    reasons = Counter(reason for r in results.values() if r is not None for reason, _ in r[1])
    assert accepted == ACCEPTED_OBJECTS
    assert dict(reasons) == REJECTED_BY_REASON


def test_accepted_objects_are_defaulted(results):
    """A few spot checks that what was stored carries the API's defaults."""
    stored = {rel: r[0] for rel, r in results.items() if r is not None}
    deploy = stored["controllers/nginx-deployment.yaml"][0]
    assert deploy["spec"]["strategy"]["rollingUpdate"] == {"maxUnavailable": "25%", "maxSurge": "25%"}
    assert deploy["spec"]["template"]["spec"]["containers"][0]["terminationMessagePolicy"] == "File"
    hpa = stored["controllers/hpa-rs.yaml"][0]
    assert hpa["apiVersion"] == "autoscaling/v2" and hpa["spec"]["metrics"][0]["type"] == "Resource"
    for objs in stored.values():
        for obj in objs:
            if obj["kind"] == "Pod":
                assert obj["spec"]["restartPolicy"] in ("Always", "OnFailure", "Never")
                assert all(c.get("imagePullPolicy") for c in obj["spec"]["containers"])
