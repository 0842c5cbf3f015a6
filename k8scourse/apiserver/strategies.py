"""Per-kind create and update strategies of the API server (upstream's ``rest.RESTCreateStrategy``).

What the API server itself fills in or protects for some kinds, before admission and validation:

* Pod: ``status.phase: Pending`` and the QoS class (``PrepareForCreate``);
* Namespace: the ``kubernetes`` finalizer, phase Active, the ``kubernetes.io/metadata.name`` label;
* Service: a cluster IP and node ports from the allocators; updates keep them;
* PersistentVolume/Claim: phase Pending;
* the kinds that count ``metadata.generation`` (bumped on every spec change).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..api.objects import copy_json
from ..api.qos import qos_class

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


def _keep_namespace(old: dict, new: dict) -> None:
    new["spec"] = copy_json(old.get("spec") or {})
    new.setdefault("metadata", {}).setdefault("labels", {})["kubernetes.io/metadata.name"] = \
        old["metadata"]["name"]


def _keep_service(old: dict, new: dict) -> None:
    """ClusterIP and allocated node ports survive updates that do not mention them."""
    spec, old_spec = new.setdefault("spec", {}), old.get("spec", {})
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
}
KEEP_ON_UPDATE: dict[str, Callable[[dict, dict], None]] = {
    "Namespace": _keep_namespace,
    "Service": _keep_service,
}
