"""Validation of submitted objects: strict decoding, conversion, and the API's validation rules.

Models three steps of kube-apiserver's request path (see :mod:`k8scourse.apiserver.server`):

* ``decode_errors(info, obj) -> str | None`` — strict decoding against the upstream OpenAPI
  schemas (unknown fields, wrong JSON types, bad quantities, bad base64), answered ``400``
  (:mod:`.schema`);
* ``convert_to_storage_version(info, obj) -> dict`` — older served versions into the stored one:
  ``autoscaling/v1`` HorizontalPodAutoscalers become ``autoscaling/v2`` (the CPU target becomes
  a Resource metric) and a Secret's ``stringData`` is merged into ``data`` as base64, as the v1
  conversion does;
* ``validate(info, obj, old) -> list[FieldError]`` — the semantic rules of
  ``pkg/apis/*/validation`` (:mod:`.meta`, :mod:`.pod`, :mod:`.workloads`, :mod:`.service`,
  :mod:`.config`) plus ``Required value`` for every field the schema marks required and no rule
  already reported, answered ``422 Invalid``. The schema part never loads the schemas itself:
  it runs once strict decoding has loaded them (submitted objects always are decoded first), so
  an engine that only writes its own objects (``import k8scourse`` + an empty cluster) stays
  free of jsonschema. ``old`` is the stored object on updates: the
  update rules (immutable names, selectors, pod specs, ...) then apply as well.

>>> from k8scourse.api.kinds import REGISTRY
>>> pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "Web", "namespace": "default"},
...        "spec": {"containers": [{"name": "web", "image": "nginx", "imagePullPolicy": "Always",
...                                 "terminationMessagePolicy": "File"}],
...                 "restartPolicy": "Always", "dnsPolicy": "ClusterFirst"}}
>>> [str(e)[:48] for e in validate(REGISTRY.by_name("pods"), pod, None)]
['metadata.name: Invalid value: "Web": a lowercase']
>>> hpa = {"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "h"},
...        "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
...                 "minReplicas": 1, "maxReplicas": 5, "targetCPUUtilizationPercentage": 50}}
>>> convert_to_storage_version(REGISTRY.by_name("hpa"), hpa)["spec"]["metrics"]
[{'type': 'Resource', 'resource': {'name': 'cpu', 'target': {'type': 'Utilization', 'averageUtilization': 50}}}]
"""

from __future__ import annotations

import base64
from typing import Callable

from ...api import event_groups
from ...errors import FieldError
from . import certificates, config, events, pod, service, workloads
from .meta import validate_object_meta, validate_object_meta_update
from .schema import decode_errors as _schema_decode_errors
from .schema import is_hpa_v1, required_errors

__all__ = ["decode_errors", "validate", "convert_to_storage_version"]


def decode_errors(info, obj: dict) -> str | None:
    """The strict decoder's complaint about a submitted object, or None (see :mod:`.schema`)."""
    return _schema_decode_errors(info, obj)


# --------------------------------------------------------------------------- conversion
def _hpa_v1_to_v2(obj: dict) -> dict:
    out = dict(obj)
    out["apiVersion"] = "autoscaling/v2"
    spec = dict(obj.get("spec") or {})
    target = spec.pop("targetCPUUtilizationPercentage", None)
    if target is not None:
        spec["metrics"] = [{"type": "Resource", "resource": {"name": "cpu", "target": {
            "type": "Utilization", "averageUtilization": target}}}]
    out["spec"] = spec
    return out


def _secret_string_data(obj: dict) -> dict:
    string_data = obj.get("stringData")
    if not isinstance(string_data, dict):
        obj.pop("stringData", None)
        return obj
    out = dict(obj)
    data = dict(obj.get("data") or {})
    for key, value in string_data.items():
        data[key] = base64.b64encode(str(value if value is not None else "").encode()).decode()
    out["data"] = data
    out.pop("stringData")
    return out


def _hpa_v2_to_v1(obj: dict) -> dict:
    """An ``autoscaling/v2`` HPA as ``autoscaling/v1`` serves it: the CPU utilization target and the
    current CPU utilization; other metrics are not expressible in v1 and are left out."""
    out = {k: v for k, v in obj.items() if k not in ("spec", "status")}
    out["apiVersion"] = "autoscaling/v1"
    spec = dict(obj.get("spec") or {})
    metrics = spec.pop("metrics", None) or []
    spec.pop("behavior", None)
    for metric in metrics:
        resource = metric.get("resource") or {}
        target = resource.get("target") or {}
        if metric.get("type") == "Resource" and resource.get("name") == "cpu" and target.get("type") == "Utilization":
            spec["targetCPUUtilizationPercentage"] = target.get("averageUtilization")
    out["spec"] = spec
    if "status" in obj:
        status = {k: v for k, v in (obj.get("status") or {}).items()
                  if k in ("observedGeneration", "lastScaleTime", "currentReplicas", "desiredReplicas")}
        status.setdefault("currentReplicas", 0)
        status.setdefault("desiredReplicas", 0)
        for metric in (obj.get("status") or {}).get("currentMetrics") or []:
            current = (metric.get("resource") or {}).get("current") or {}
            if metric.get("type") == "Resource" and (metric.get("resource") or {}).get("name") == "cpu" \
                    and "averageUtilization" in current:
                status["currentCPUUtilizationPercentage"] = current["averageUtilization"]
        out["status"] = status
    return out


def convert_to_version(info, obj: dict, api_version: str) -> dict:
    """A stored object as another served version of its kind shows it (``autoscaling/v1`` HPAs)."""
    if obj.get("apiVersion") == api_version:
        return obj
    if info.stored_as == "events":
        return event_groups.to_events_v1(obj)
    if api_version == info.api_version:
        return obj
    if info.kind == "HorizontalPodAutoscaler" and api_version == "autoscaling/v1":
        return _hpa_v2_to_v1(obj)
    return obj


def convert_to_storage_version(info, obj: dict) -> dict:
    """The object in its storage version (a new dict when anything changes)."""
    if info.stored_as == "events":
        return event_groups.to_core_v1(obj)
    if info.kind == "HorizontalPodAutoscaler" and (obj.get("apiVersion") == "autoscaling/v1"
                                                    or is_hpa_v1(obj)):
        return _hpa_v1_to_v2(obj)
    if info.kind == "Secret" and "stringData" in obj:
        return _secret_string_data(obj)
    return obj


# --------------------------------------------------------------------------- validation
_RULES: dict[str, Callable[[dict], list[FieldError]]] = {
    "Pod": pod.validate_pod,
    "PodTemplate": lambda obj: pod.validate_pod_template(obj.get("template"), "template"),
    "ReplicationController": workloads.validate_replication_controller,
    "ReplicaSet": workloads.validate_replica_set,
    "Deployment": workloads.validate_deployment,
    "DaemonSet": workloads.validate_daemon_set,
    "StatefulSet": workloads.validate_stateful_set,
    "Job": workloads.validate_job,
    "CronJob": workloads.validate_cron_job,
    "HorizontalPodAutoscaler": workloads.validate_hpa,
    "PodDisruptionBudget": workloads.validate_pdb,
    "Service": service.validate_service,
    "Ingress": service.validate_ingress,
    "IngressClass": service.validate_ingress_class,
    "NetworkPolicy": service.validate_network_policy,
    "ConfigMap": config.validate_config_map,
    "Secret": config.validate_secret,
    "ResourceQuota": config.validate_resource_quota,
    "LimitRange": config.validate_limit_range,
    "PersistentVolumeClaim": config.validate_pvc,
    "PersistentVolume": config.validate_pv,
    "Role": config.validate_role,
    "ClusterRole": config.validate_role,
    "RoleBinding": config.validate_binding,
    "ClusterRoleBinding": config.validate_binding,
    "Node": config.validate_node,
    "StorageClass": config.validate_storage_class,
    "PriorityClass": config.validate_priority_class,
    "CertificateSigningRequest": certificates.validate_csr,
}

_UPDATE_RULES: dict[str, Callable[[dict, dict], list[FieldError]]] = {
    "Pod": pod.validate_pod_update,
    "Deployment": workloads.validate_selector_update,
    "ReplicaSet": workloads.validate_selector_update,
    "DaemonSet": workloads.validate_selector_update,
    "StatefulSet": workloads.validate_stateful_set_update,
    "Job": workloads.validate_job_update,
    "Service": service.validate_service_update,
    "Secret": config.validate_secret_update,
    "ConfigMap": config.validate_config_map_update,
    "RoleBinding": config.validate_binding_update,
    "ClusterRoleBinding": config.validate_binding_update,
}
# kinds whose update rule replaces the create rule (it runs the create checks itself, with the
# tolerances the stored object grants)
_UPDATE_REPLACES = {"CertificateSigningRequest": certificates.validate_csr_update}


def validate(info, obj: dict, old: dict | None, trusted: bool = False) -> list[FieldError]:
    """Every validation error of ``obj`` (empty when valid), upstream's order first.

    ``trusted`` writes (the engine's own components) skip the schema's required-field check: what
    they build is well-formed by construction, and the check is the expensive part.
    """
    errors: list[FieldError] = []
    md = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    if info.kind == "Event" and not trusted:
        # the Event strategy's own checks (how strict depends on the group the request came
        # through) answer alone; the generic metadata checks run only once they pass. The engine's
        # recorders write valid Events by construction (tests/apiserver/test_event_groups.py checks
        # every Event a lecture scenario writes) and their writes are on every hot path.
        errors.extend(events.validate_event(obj, old, strict=info.group == event_groups.GROUP))
        if errors:
            return errors
    errors.extend(validate_object_meta(info, md))
    if old is not None:
        errors.extend(validate_object_meta_update(md, old.get("metadata")))
    rule = _RULES.get(info.kind)
    if old is not None and info.kind in _UPDATE_REPLACES:
        errors.extend(_UPDATE_REPLACES[info.kind](obj, old))
    elif rule is not None:
        errors.extend(rule(obj))
    if old is not None:
        update_rule = _UPDATE_RULES.get(info.kind)
        if update_rule is not None:
            errors.extend(update_rule(obj, old))
    if trusted:
        return errors
    reported = {e.field for e in errors}
    for err in required_errors(info, obj, load=False):
        if err.field not in reported:
            reported.add(err.field)
            errors.append(err)
    return errors
