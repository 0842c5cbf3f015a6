"""Per-kind create and update strategies of the API server (upstream's ``rest.RESTCreateStrategy``).

What the API server itself fills in or protects for some kinds, before admission and validation:

* Pod: ``status.phase: Pending`` and the QoS class (``PrepareForCreate``);
* Namespace: the ``kubernetes`` finalizer, phase Active, the ``kubernetes.io/metadata.name`` label;
* Service: a cluster IP and node ports from the allocators; updates keep them;
* PersistentVolume/Claim: phase Pending;
* Job: unless ``spec.manualSelector``, the generated selector
  (``batch.kubernetes.io/controller-uid: <uid>``) and the template labels
  ``batch.kubernetes.io/controller-uid``, ``batch.kubernetes.io/job-name``, ``controller-uid``,
  ``job-name`` (``generateSelector``); a Job whose labels were defaulted from its template gets
  them too (upstream: the labels default again from the template when read back);
* CertificateSigningRequest: the requester into the spec, status reset; updates keep the spec
  (:mod:`.certificates`);
* the kinds that count ``metadata.generation`` (bumped on every spec change).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..api.names import is_valid_label_value
from ..api.objects import copy_json
from ..api.qos import qos_class
from .certificates import keep_csr, prepare_csr

if TYPE_CHECKING:  # pragma: no cover
    from .server import APIServer

# Kinds whose strategy keeps metadata.generation (bumped on every spec change).
GENERATION_KINDS = frozenset({
    "Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job", "CronJob",
    "HorizontalPodAutoscaler", "PodDisruptionBudget", "Ingress", "NetworkPolicy",
    "ReplicationController", "CustomResourceDefinition", "ValidatingAdmissionPolicy",
})


def _prepare_pod(server: "APIServer", pod: dict) -> None:
    pod["status"] = {"phase": "Pending", "qosClass": qos_class(pod)}


def _prepare_namespace(server: "APIServer", ns: dict) -> None:
    md = ns["metadata"]
    md.setdefault("labels", {})["kubernetes.io/metadata.name"] = md["name"]
    ns["spec"] = {"finalizers": ["kubernetes"]}
    ns["status"] = {"phase": "Active"}


def _prepare_service(server: "APIServer", svc: dict) -> None:
    server.allocator.allocate(svc)


def _prepare_pv_like(server: "APIServer", obj: dict) -> None:
    obj["status"] = {"phase": "Pending"}


JOB_UID_LABELS = ("batch.kubernetes.io/controller-uid", "controller-uid")
JOB_NAME_LABELS = ("batch.kubernetes.io/job-name", "job-name")


def _prepare_job(server: "APIServer", job: dict) -> None:
    job.pop("status", None)
    spec = job.get("spec")
    if not isinstance(spec, dict) or spec.get("manualSelector") is True:
        return
    md = job["metadata"]
    template = spec.setdefault("template", {})
    if not isinstance(template, dict):
        return
    tmd = template.setdefault("metadata", {})
    if not isinstance(tmd, dict):
        return
    before = dict(tmd.get("labels") or {})
    labels = tmd["labels"] = dict(before)
    for key in JOB_UID_LABELS:
        labels.setdefault(key, md["uid"])
    if not is_valid_label_value(md["name"]):       # (no errors) a name that is no label value gets none
        for key in JOB_NAME_LABELS:
            labels.setdefault(key, md["name"])
    if spec.get("selector") is None:
        spec["selector"] = {"matchLabels": {JOB_UID_LABELS[0]: md["uid"]}}
    if not md.get("labels") or md.get("labels") == before:
        md["labels"] = dict(labels)


def _keep_namespace(old: dict, new: dict) -> None:
    new["spec"] = copy_json(old.get("spec") or {})
    new.setdefault("metadata", {}).setdefault("labels", {})["kubernetes.io/metadata.name"] = \
        old["metadata"]["name"]


_NODE_PORT_TYPES = ("NodePort", "LoadBalancer")


def _drop_type_dependent_fields(old_spec: dict, spec: dict) -> None:
    """Leaving NodePort/LoadBalancer drops what only those types have, when the update left it as
    it was (upstream's dropTypeDependentFields): ``kubectl patch svc web -p
    '{"spec":{"type":"ClusterIP"}}'`` works on a NodePort Service."""
    old_type, new_type = old_spec.get("type", "ClusterIP"), spec.get("type", "ClusterIP")
    if old_type in _NODE_PORT_TYPES and new_type not in _NODE_PORT_TYPES:
        ports = [p for p in spec.get("ports") or [] if isinstance(p, dict)]
        old_ports = [p for p in old_spec.get("ports") or [] if isinstance(p, dict)]
        if [p.get("nodePort") for p in ports] == [p.get("nodePort") for p in old_ports][:len(ports)]:
            for port in ports:
                port.pop("nodePort", None)
        for key in ("externalTrafficPolicy", "healthCheckNodePort"):
            if key in spec and spec.get(key) == old_spec.get(key):
                del spec[key]
    if old_type == "LoadBalancer" and new_type != "LoadBalancer":
        for key in ("allocateLoadBalancerNodePorts", "loadBalancerClass"):
            if key in spec and spec.get(key) == old_spec.get(key):
                del spec[key]


def _keep_service(old: dict, new: dict) -> None:
    """ClusterIP and allocated node ports survive updates that do not mention them; fields of the
    type being left go (:func:`_drop_type_dependent_fields`)."""
    spec, old_spec = new.setdefault("spec", {}), old.get("spec", {})
    if isinstance(spec, dict) and isinstance(old_spec, dict):
        _drop_type_dependent_fields(old_spec, spec)
    for key in ("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"):
        if key in old_spec and not spec.get(key):
            spec[key] = copy_json(old_spec[key])
    old_ports = {(p.get("port"), p.get("protocol", "TCP")): p for p in old_spec.get("ports", [])}
    for port in spec.get("ports", []):
        prev = old_ports.get((port.get("port"), port.get("protocol", "TCP")))
        if prev and prev.get("nodePort") and not port.get("nodePort") \
                and spec.get("type") in ("NodePort", "LoadBalancer"):
            port["nodePort"] = prev["nodePort"]


PREPARE_FOR_CREATE: dict[str, Callable[["APIServer", dict], None]] = {
    "Pod": _prepare_pod,
    "Namespace": _prepare_namespace,
    "Service": _prepare_service,
    "PersistentVolume": _prepare_pv_like,
    "PersistentVolumeClaim": _prepare_pv_like,
    "Job": _prepare_job,
    "CertificateSigningRequest": prepare_csr,
}
KEEP_ON_UPDATE: dict[str, Callable[[dict, dict], None]] = {
    "Namespace": _keep_namespace,
    "Service": _keep_service,
    "CertificateSigningRequest": keep_csr,
}
